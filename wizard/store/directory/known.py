"""Known addresses: the imported list plus the requests already exported from this store.

:class:`Known` implements :class:`wizard.model.rules.KnownAddresses` (``lookup``)
for :func:`wizard.model.rules.check`, and a richer :meth:`Known.search` for
``balorg directory check``. It is read-only once built, so one instance can be
loaded in a background thread and then used from any worker.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wizard.store.directory import keys
from wizard.store.directory.index import LOOKUP_LIMIT, DirectoryIndex, Entry, SearchResult, match


@dataclass(frozen=True)
class Extra:
    """A known address that is not in the imported list (a request exported from this store).

    Attributes:
        address: ``local_part@domain``.
        structure: the structure's name.
        request_id: the request it belongs to (a request is never "close" to itself).
    """

    address: str
    structure: str = ""
    request_id: str = ""


class Known:
    """The known addresses: the imported list (if any) and extra addresses (exported requests)."""

    def __init__(self, index: DirectoryIndex | None = None, extras: Iterable[Extra | tuple[str, str]] = (), *, exclude: str = "") -> None:
        """Build from a loaded index and extra addresses.

        Args:
            index: the imported list, or None.
            extras: :class:`Extra` items, or plain ``(address, structure)`` pairs.
            exclude: a request id whose own addresses are ignored (the request being checked).
        """
        self.index = index
        self.extras: tuple[Extra, ...] = tuple(e if isinstance(e, Extra) else Extra(e[0], e[1]) for e in extras)
        self.exclude = exclude

    def without(self, request_id: str) -> Known:
        """The same known addresses, ignoring those of request `request_id` (cheap: shares the index)."""
        return Known(self.index, self.extras, exclude=request_id or "")

    def with_extras(self, extras: Iterable[Extra | tuple[str, str]]) -> Known:
        """The same list with other extra addresses (e.g. after an export; cheap: shares the index)."""
        return Known(self.index, extras, exclude=self.exclude)

    def __len__(self) -> int:
        return (len(self.index) if self.index is not None else 0) + len(self.extras)

    def search(self, address: str, limit: int = 10) -> SearchResult:
        """The exact match and the close addresses, nearest first, from both sources.

        Extra addresses are compared by brute force (there are few) with the
        index's own definition of close and its ranking, and merged by that
        rank: an exported request is ranked among the list's addresses, not after them.
        """
        result = self.index.search(address, limit) if self.index is not None else SearchResult(address.strip().lower())
        extras = [e for e in self.extras if not (self.exclude and e.request_id == self.exclude)]
        if not extras or limit <= 0:
            return result
        local, domain = keys.split_address(address)
        wanted = local + b"@" + domain
        close = list(result.close)
        known: dict[bytes, tuple[int, tuple[str, ...]]] = {}
        for extra in extras:
            other_local, other_domain = keys.split_address(extra.address)
            entry = Entry(extra.address.strip().lower(), extra.structure, "", "", "export")
            if domain and other_local + b"@" + other_domain == wanted:
                if result.exact is None:
                    result.exact = entry
                continue
            if local and keys.is_close(local, other_local):
                close.append(match(entry, local, domain, other_local, other_domain, known))
        close.sort(key=lambda m: m.rank)
        result.close = close[:limit]
        return result

    def lookup(self, address: str) -> tuple[str | None, list[tuple[str, str]]]:
        """The :class:`wizard.model.rules.KnownAddresses` protocol: exact structure or None, close pairs.

        Only the :data:`~wizard.store.directory.index.LOOKUP_LIMIT` nearest: the Name step's warning names no more.
        """
        result = self.search(address, limit=LOOKUP_LIMIT)
        return (result.exact.structure if result.exact else None), [(m.entry.address, m.entry.structure) for m in result.close]


def exported_requests(folder: Path | None = None, *, store: Any = None) -> list[Extra]:
    """The addresses of the requests exported from the drafts store.

    Read through :class:`wizard.store.drafts.DraftStore`: its list says which
    drafts were exported and where; the exported file is read as plain JSON
    (no models to build), and the draft itself only when that file is gone.
    Never raises: a store that cannot be read gives no extra address.

    Args:
        folder: the data folder, whose ``drafts`` store is opened (and closed) here.
        store: an open :class:`~wizard.store.drafts.DraftStore` to use instead
            (the wizard's own: no second instance, no second lock).
    """
    if store is not None:
        return _exported(store)
    if folder is None or not (folder / "drafts").is_dir():
        return []
    try:
        from wizard.store.drafts import DraftStore

        opened = DraftStore(folder / "drafts")
    except Exception:
        return []
    try:
        return _exported(opened)
    finally:
        opened.close()


def _exported(store: Any) -> list[Extra]:
    out: list[Extra] = []
    try:
        for summary in store.list():
            if not summary.exported_path:
                continue
            data = _read_json(summary.exported_path)
            if data is None:
                try:
                    data = store.load(summary.id).request.to_data()
                except Exception:
                    continue
            out.extend(request_addresses(data))
    except Exception:
        pass
    return out


def request_addresses(data: dict[str, Any]) -> list[Extra]:
    """The addresses a request (JSON data) asks for, with its structure name and id."""
    structure = (data.get("structure") or {}).get("name") or ""
    request_id = data.get("request_id") or ""
    out = []
    for mailbox in data.get("mailboxes") or []:
        if isinstance(mailbox, dict) and mailbox.get("local_part") and mailbox.get("domain"):
            out.append(Extra(f"{mailbox['local_part']}@{mailbox['domain']}", structure, request_id))
    return out


def _read_json(path: str) -> dict[str, Any] | None:
    """An exported file as JSON data, or None (gone, replaced by a pipe or a device, damaged)."""
    from wizard.fileio import read_regular

    try:
        data = json.loads(read_regular(path))
    except (OSError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None
