"""What the store keeps about a draft: the record's pieces the UI edits, and the summary Home lists.

Kept apart from :mod:`wizard.store.drafts` (the files and the locking) so that
the list's code (summaries, sorting, filtering) reads in one place.
"""

from __future__ import annotations

import heapq
import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from wizard.model.findings import STEPS
from wizard.store.drafts.errors import message
from wizard.store.drafts.migrations import STAMP, is_stamp

if TYPE_CHECKING:
    from wizard.model.request import Request

SORTS = ("updated", "created", "structure", "city", "step", "errors")
"""Keys :meth:`wizard.store.drafts.DraftStore.list` sorts by."""


@dataclass
class Exported:
    """Where and when a draft was exported."""

    path: str
    at: str


@dataclass
class Draft:
    """A draft as the UI edits it: the request plus what the store keeps about it.

    Attributes:
        id: the draft's id (12 hex characters).
        request: the request being prepared (pydantic; the UI edits it in place).
        name: the name the user gave, or "" (then :attr:`title` is the structure's name).
        step: furthest step of the wizard reached (one of ``findings.STEPS``).
        revision: the revision this copy is based on; the store bumps it on each save.
        created_at: RFC 3339, UTC.
        updated_at: RFC 3339, UTC, of the last save.
        exported: set once exported: the draft is then read-only.
        trashed_at: set while in the trash.
        origin: id of the draft this one was copied from (duplicate, reopen, conflict).
    """

    id: str
    request: Request
    name: str = ""
    step: str = "home"
    revision: int = 0
    created_at: str = ""
    updated_at: str = ""
    exported: Exported | None = None
    trashed_at: str | None = None
    origin: str | None = None

    @property
    def read_only(self) -> bool:
        """True once exported: the request is kept as it was sent."""
        return self.exported is not None

    @property
    def title(self) -> str:
        """What to call the draft: its name, else the structure's name, else "Brouillon sans nom"."""
        return self.name or self.request.structure.name or message("draft.untitled")


@dataclass(slots=True)
class DraftSummary:
    """One line of the drafts list, read from the index without opening the draft.

    ``exported_path``/``exported_at`` are set when exported; ``trashed_at`` while in the trash.
    """

    id: str
    name: str = ""
    structure: str = ""
    city: str = ""
    kind: str | None = None
    step: str = "home"
    errors: int = 0
    warnings: int = 0
    created_at: str = ""
    updated_at: str = ""
    revision: int = 0
    exported_path: str | None = None
    exported_at: str | None = None
    trashed_at: str | None = None
    origin: str | None = None
    people: str = ""
    """The professionals' and delegates' names (``Prénom NOM``, separated by ``" · "``), for the filter."""
    addresses: str = ""
    """The mailboxes' addresses (separated by spaces), for the filter."""

    @property
    def title(self) -> str:
        """The name, else the structure's name, else "Brouillon sans nom"."""
        return self.name or self.structure or message("draft.untitled")

    @property
    def copy(self) -> bool:
        """True for a copy of another draft (duplicated, reopened after export, or saved aside in a conflict)."""
        return self.origin is not None

    @property
    def read_only(self) -> bool:
        """True once exported."""
        return self.exported_path is not None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data (``balorg drafts --json``)."""
        return {name: getattr(self, name) for name in _FIELDS}


_FIELDS = tuple(f.name for f in fields(DraftSummary))


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _fold(text: str) -> str:
    """Lower case without accents, for filtering as you type."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


def _text(value: object) -> str:
    return value if type(value) is str else ""


def entry_of(record: dict[str, Any], *, known: Any = None, counts: tuple[int, int] | None = None) -> dict[str, Any]:
    """The index document of a (current-format, checked) draft record: what the list shows.

    Whatever the request holds (it is only checked when the draft is opened), the
    document is one :func:`valid_entry` accepts: texts where texts belong.

    Args:
        record: the draft's record (:func:`wizard.store.drafts.migrations.migrate` checked its own keys).
        known: what this machine knows of existing addresses, when loaded: counted as the
            wizard's Review, `balorg export` and `balorg validate` count them.
        counts: the errors and warnings the rules found in this very request (the wizard's
            snapshot, checked as it was made): only the known addresses are looked up here.
    """
    from wizard.model.rules import check, known_findings

    if counts is not None:
        data = record["request"]  # the wizard's snapshot: complete, never edited after
        extra = known_findings(data, known) if known is not None else []
        errors = counts[0] + sum(f.severity == "error" for f in extra)
        total = counts[0] + counts[1] + len(extra)
    else:
        data = json.loads(json.dumps(record["request"]))  # check() fills defaults in place
        findings = check(data, derived=False, known=known)
        errors = sum(f.severity == "error" for f in findings)
        total = len(findings)
    structure = data.get("structure") if isinstance(data, dict) else None
    structure = structure if isinstance(structure, dict) else {}
    address = structure.get("address")
    address = address if isinstance(address, dict) else {}
    kind = structure.get("kind")
    exported = record.get("exported") or {}
    entry = {
        "name": record.get("name", ""),
        "structure": _text(structure.get("name")),
        "city": _text(address.get("city")),
        "kind": kind if type(kind) is str else None,
        "step": record.get("step", "home"),
        "errors": errors,
        "warnings": total - errors,
        "created_at": record.get("created_at", ""),
        "updated_at": record.get("updated_at", ""),
        "revision": record.get("revision", 0),
        "exported_path": exported.get("path"),
        "exported_at": exported.get("at"),
        "trashed_at": record.get("trashed_at"),
        "origin": record.get("origin"),
        "people": _people(data),
        "addresses": _addresses(data),
    }
    # Sparse documents: the index of 10,000 drafts is read at every start, so empty values stay out.
    return {k: v for k, v in entry.items() if (v is not None and v != "") or k in _ALWAYS}


def _people(data: object) -> str:
    """The names of the request's professionals and delegates, whatever shape the request has."""
    if not isinstance(data, dict):
        return ""
    persons: list[object] = list(data.get("people") or []) if isinstance(data.get("people"), list) else []
    boxes = data.get("mailboxes")
    for box in boxes if isinstance(boxes, list) else []:
        delegates = box.get("delegates") if isinstance(box, dict) else None
        persons += delegates if isinstance(delegates, list) else []
    names = (" ".join(n for n in (_text(p.get("first_name")), _text(p.get("last_name"))) if n)
             for p in persons if isinstance(p, dict))
    return " · ".join(dict.fromkeys(n for n in names if n))


def _addresses(data: object) -> str:
    """The mailboxes' addresses (``local_part@domain`` when not derived yet), whatever shape the request has."""
    boxes = data.get("mailboxes") if isinstance(data, dict) else None
    found = []
    for box in boxes if isinstance(boxes, list) else []:
        if not isinstance(box, dict):
            continue
        address = _text(box.get("address"))
        local, domain = _text(box.get("local_part")), _text(box.get("domain"))
        found.append(address or (f"{local}@{domain}" if local and domain else local))
    return " ".join(a for a in found if a)


_ALWAYS = frozenset({"structure", "updated_at", "revision", "errors"})
_SUMMARY_KEYS = frozenset(f.name for f in fields(DraftSummary)) - {"id"}
_ENTRY_TYPES: dict[str, type] = {
    "name": str, "structure": str, "city": str, "kind": str, "step": str, "errors": int, "warnings": int,
    "created_at": str, "updated_at": str, "revision": int, "exported_path": str, "exported_at": str,
    "trashed_at": str, "origin": str, "people": str, "addresses": str,
}
_REQUIRED = _ALWAYS | {"step", "warnings"}
"""Keys every document :func:`entry_of` makes has (``step`` and ``warnings`` are never empty)."""
_STEP_NAMES = frozenset(STEPS)
_STAMP = STAMP.fullmatch


def valid_id(draft_id: object) -> bool:
    """True for what names a draft file, ``items/<id>.json`` (not hidden, no folder in it: nothing elsewhere)."""
    return (
        type(draft_id) is str
        and 0 < len(draft_id) <= 250
        and draft_id[0] != "."
        and not any(c in draft_id for c in '/\\:\x00')  # no folder, no drive (Windows reads "\\" and ":")
    )


def valid_entry(draft_id: str, entry: object) -> bool:
    """True when `entry` is an index document as :func:`entry_of` writes them, for a draft file name.

    Every key known, of its type (no null: empty values are left out), the keys
    every document has present, a step of the wizard, dates as the store writes
    them, counts not negative. A document that fails is never shown: the store
    makes it again from the draft's file. Called on each document of an index
    read from its JSON (10,000 in 20-30 ms; the marshal cache is checksummed instead).
    """
    if type(entry) is not dict or not valid_id(draft_id):
        return False
    types = _ENTRY_TYPES
    for key, value in entry.items():
        if type(value) is not types.get(key):
            return False
    if not _REQUIRED.issubset(entry) or entry["step"] not in _STEP_NAMES:
        return False
    if entry["revision"] < 0 or entry["errors"] < 0 or entry["warnings"] < 0:
        return False
    for key in ("updated_at", "created_at", "exported_at", "trashed_at"):
        value = entry.get(key)
        if value and _STAMP(value) is None:
            return False
    return "trashed_at" not in entry or is_stamp(entry["trashed_at"])


def summary_of(draft_id: str, entry: dict[str, Any]) -> DraftSummary:
    """The summary of an index document (keys unknown to this version are ignored)."""
    try:
        return DraftSummary(draft_id, **entry)
    except TypeError:
        return DraftSummary(draft_id, **{k: v for k, v in entry.items() if k in _SUMMARY_KEYS})


_DESCENDING = {"updated": True, "created": True, "errors": True}


def _step_index(step: str) -> int:
    from wizard.model.findings import STEPS

    return STEPS.index(step) if step in STEPS else 0


Entry = tuple[str, dict[str, Any]]
_KEYS: dict[str, Callable[[Entry], Any]] = {
    "updated": lambda e: (e[1]["updated_at"], e[1]["revision"], e[0]),
    "created": lambda e: (e[1].get("created_at", ""), e[0]),
    "structure": lambda e: (_fold(e[1].get("name") or e[1]["structure"]), e[0]),
    "city": lambda e: (_fold(e[1].get("city", "")), _fold(e[1]["structure"]), e[0]),
    "step": lambda e: (_step_index(e[1].get("step", "home")), e[1]["updated_at"]),
    "errors": lambda e: (e[1]["errors"], e[1].get("warnings", 0), e[1]["updated_at"]),
}


def sort_entries(
    entries: list[Entry], sort: str = "updated", descending: bool | None = None, limit: int | None = None
) -> list[Entry]:
    """Sort ``(id, index document)`` pairs for the list (unknown `sort` keys fall back to "updated").

    With `limit`, only the first `limit` are returned, found without sorting them all.
    """
    sort = sort if sort in _KEYS else "updated"
    reverse = _DESCENDING.get(sort, False) if descending is None else descending
    key = _KEYS[sort]
    if limit is not None and limit < len(entries) // 4:
        pick = heapq.nlargest if reverse else heapq.nsmallest
        return pick(limit, entries, key=key)
    ordered = sorted(entries, key=key, reverse=reverse)
    return ordered if limit is None else ordered[:limit]
