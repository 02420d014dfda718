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
from typing import TYPE_CHECKING, Any

from wizard.model.facts import Listed, Site
from wizard.store.directory import keys
from wizard.store.directory.index import LOOKUP_LIMIT, DirectoryIndex, Entry, SearchResult, match

if TYPE_CHECKING:
    from wizard.store.directory.rpps import Person, RppsIndex


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

    def __init__(self, index: DirectoryIndex | None = None, extras: Iterable[Extra | tuple[str, str]] = (), *, exclude: str = "",
                 rpps: RppsIndex | None = None) -> None:
        """Build from a loaded index and extra addresses.

        Args:
            index: the imported list of MSSanté addresses, or None.
            extras: :class:`Extra` items, or plain ``(address, structure)`` pairs.
            exclude: a request id whose own addresses are ignored (the request being checked).
            rpps: the imported RPPS directory, or None.
        """
        self.index = index
        self.extras: tuple[Extra, ...] = tuple(e if isinstance(e, Extra) else Extra(e[0], e[1]) for e in extras)
        self.exclude = exclude
        self.rpps = rpps

    def without(self, request_id: str) -> Known:
        """The same known addresses, ignoring those of request `request_id` (cheap: shares the index)."""
        return Known(self.index, self.extras, exclude=request_id or "", rpps=self.rpps)

    def with_extras(self, extras: Iterable[Extra | tuple[str, str]]) -> Known:
        """The same list with other extra addresses (e.g. after an export; cheap: shares the index)."""
        return Known(self.index, extras, exclude=self.exclude, rpps=self.rpps)

    # -- the facts of the public lists (wizard.model.facts.Directories) -----------------------------

    @property
    def facts(self) -> Known | None:
        """This object, as :class:`wizard.model.facts.Directories`, when a public list is imported."""
        return self if self.index is not None or self.rpps is not None else None

    @property
    def rpps_date(self) -> str | None:
        """The RPPS directory's date (from its file's name, else the day it was imported); None without one."""
        if self.rpps is None:
            return None
        return _dated(self.rpps.summary)

    @property
    def addresses_date(self) -> str | None:
        """The MSSanté address list's date; None when none is imported."""
        if self.index is None:
            return None
        return _dated({**self.index.meta.get("summary", {}), "imported_at": self.index.meta.get("imported_at")})

    def who(self, rpps: str) -> Listed | None:
        """The professional of RPPS `rpps` as the directory lists them, with their personal MSSanté addresses."""
        if self.rpps is None:
            return None
        person = self.rpps.who(rpps)
        if person is None:
            return None
        return listed(person, self.mailboxes_of(rpps))

    def mailboxes_of(self, rpps: str) -> tuple[str, ...]:
        """The personal MSSanté addresses (PER lines) of the professional of RPPS `rpps`, from the address list."""
        return tuple(self.index.addresses_of(rpps)) if self.index is not None else ()

    def adeli(self, number: str) -> Listed | None:
        """The professional listed under ADELI number `number` (they have no RPPS in the list)."""
        person = self.rpps.adeli(number) if self.rpps is not None else None
        return listed(person) if person is not None else None

    def domain_use(self, domain: str) -> tuple[int, int] | None:
        """``(ORG, PER)`` mailboxes known under `domain` (the list's, and this machine's exports as ORG)."""
        wanted = domain.strip().lower()
        use = self.index.domain_use(wanted) if self.index is not None else None
        exported = sum(1 for e in self.extras if e.address.rpartition("@")[2].lower() == wanted
                       and not (self.exclude and e.request_id == self.exclude))
        if use is None and not exported:
            return None
        return ((use.org if use else 0) + exported, use.per if use else 0)

    def domains(self, limit: int = 20) -> list[tuple[str, int, int]]:
        """The domains of the listed mailboxes, most used first: ``(domain, ORG, PER)``."""
        if self.index is None:
            return []
        return [(use.domain, use.org, use.per) for use in self.index.domains(limit)]

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


def _dated(summary: dict[str, Any]) -> str:
    from wizard.store.directory import list_date

    found = summary.get("list_date") or list_date(str(summary.get("source") or ""))
    return str(found or str(summary.get("imported_at") or "")[:10] or "?")


def listed(person: Person, mailboxes: tuple[str, ...] = ()) -> Listed:
    """The model's view (:class:`wizard.model.facts.Listed`) of a person of the RPPS directory."""
    sites = tuple(
        Site(name=a.site_name or a.sign, siret=a.siret, finess=a.finess, lines=tuple(a.lines), postal_code=a.postal_code,
             city=a.commune, mode=a.mode_label)
        for a in person.activities
    )
    return Listed(identifier=person.identifier, kind=person.id_type, civility=person.civility_of_exercise_label or person.civility_label,
                  last_name=person.last_name, first_name=person.first_name, profession_code=person.profession_code,
                  profession_label=person.profession_label, sites=sites, mailboxes=mailboxes)
