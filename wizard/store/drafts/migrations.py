"""Versions of the stored draft record, and how an older one is brought up to date.

Every draft file carries ``store_format``. Loading a record of an older
format migrates it in memory, one version at a time; the first save writes
it in the current format, after copying the original to ``migrated/``.

Format 1 (current), one file ``items/<id>.json`` per draft::

    {"store_format": 1, "id": "3f9a1c2b7d10", "revision": 4, "name": "",
     "step": "structure", "created_at": "...Z", "updated_at": "...Z",
     "trashed_at": null, "exported": null | {"path": "...", "at": "...Z"},
     "origin": null | "<id of the draft it was copied from>",
     "request": {<request v1 data, as Request.to_data()>}}

Format 0 (the prototype's layout, before ``store_format`` existed; a record
without that key is format 0)::

    {"title": "Cabinet X", "step": 3, "rev": 2, "saved": 1764000000.5,
     "exported_file": null | "/path/file.json",
     "request": {... "professionals": [...],
                 "structure": {..., "address": "12 rue X\\n75001 Paris"}}}

- ``title`` became ``name``; ``step`` was the index in the wizard's steps;
  ``saved`` was a Unix time; ``rev`` became ``revision``;
- the request called people ``professionals`` and kept the address as one
  text whose last line was ``<postal code> <city>``; it had no ``format`` or
  ``version`` keys;
- ``exported_file`` had no date: the save time stands for it;
- no other key: a record without ``store_format`` holding any other key is
  not format 0 (a current record whose ``store_format`` key lost a bit, say).

A test loads the committed fixture ``tests/fixtures/store/v0/`` through the store.

What :func:`migrate` returns is a well-formed current record (:func:`check_current`):
a record whose own keys have the wrong type or an impossible value raises
:class:`UnknownFormat` (the store then sets the file aside, as a truncated or
bit-flipped one), so that nothing downstream meets a string where a number
belongs. So does a key this format does not have (``"exportfd"``: a flipped
bit, which would make an exported draft editable again); a later balorg that
adds keys writes a new ``store_format``, which this one leaves untouched.
"""

from __future__ import annotations

import json
import math
import re
from datetime import UTC, datetime
from typing import Any

from wizard.model.findings import STEPS
from wizard.store.drafts.errors import message

CURRENT = 1
"""The format this version of balorg writes."""

_POSTAL_CITY = re.compile(r"^\s*(\d{5})\s+(.+?)\s*$")
STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
"""How the store writes a time (UTC, to the second): ``2026-11-26T17:05:00Z``."""
_STEPS = frozenset(STEPS)
_KEYS = frozenset(
    ("store_format", "id", "revision", "name", "step", "created_at", "updated_at", "trashed_at", "exported", "origin", "request")
)
_EXPORTED_KEYS = frozenset(("path", "at"))


class UnknownFormat(ValueError):
    """The record comes from a newer balorg, or is not a draft record at all (the message says why)."""


def is_stamp(value: object, *, empty: bool = False) -> bool:
    """True for a time as the store writes it (a real date), or for "" when `empty`."""
    if type(value) is not str:
        return False
    if value == "":
        return empty
    if STAMP.fullmatch(value) is None:
        return False
    try:
        datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return False
    return True


def describe(value: object) -> str:
    """What a JSON value is, in words (for the reasons of :class:`UnknownFormat`)."""
    if value is None:
        return message("kind.null")
    kind = {str: "str", bool: "bool", int: "int", float: "float", list: "list", dict: "dict"}.get(type(value))
    if kind in ("str", "int", "float"):
        text = json.dumps(value, ensure_ascii=False)
        return message("kind.value", value=text if len(text) <= 40 else text[:39] + "…")
    return message(f"kind.{kind}") if kind else type(value).__name__


def _wrong(key: str, value: object, want: str, **params: Any) -> UnknownFormat:
    return UnknownFormat(message("reason.wrong_key", key=key, got=describe(value), want=message(want, **params)))


def _count(value: object) -> bool:
    return type(value) is int and value >= 0


def format_of(record: dict[str, Any]) -> int:
    """The record's format (0 when it has no ``store_format`` key)."""
    version = record.get("store_format", 0)
    if not _count(version):
        raise _wrong("store_format", version, "want.format")
    return version


def check_current(record: dict[str, Any]) -> dict[str, Any]:
    """`record` itself when its own keys are those of the current format, well typed; else raise.

    ``revision`` and ``request`` are required; the other keys may be missing
    (their defaults: ``""``, ``"home"``, null), never of another type, and no
    other key may be there.

    Raises:
        UnknownFormat: which key is wrong, and what it should be.
    """
    for key in ("revision", "request"):
        if key not in record:
            raise UnknownFormat(message("reason.missing_key", key=key))
    unknown = record.keys() - _KEYS
    if unknown:
        raise UnknownFormat(message("reason.unknown_key", key=sorted(map(str, unknown))[0][:40]))
    if not _count(record["revision"]):
        raise _wrong("revision", record["revision"], "want.count")
    if type(record["request"]) is not dict:
        raise _wrong("request", record["request"], "want.object")
    for key in ("id", "name"):
        if key in record and type(record[key]) is not str:
            raise _wrong(key, record[key], "want.text")
    if "step" in record and (type(record["step"]) is not str or record["step"] not in _STEPS):
        raise _wrong("step", record["step"], "want.step", steps=", ".join(STEPS))
    for key in ("created_at", "updated_at"):
        if key in record and not is_stamp(record[key], empty=True):
            raise _wrong(key, record[key], "want.stamp")
    trashed = record.get("trashed_at")
    if trashed is not None and not is_stamp(trashed):
        raise _wrong("trashed_at", trashed, "want.stamp_or_null")
    origin = record.get("origin")
    if origin is not None and type(origin) is not str:
        raise _wrong("origin", origin, "want.text_or_null")
    exported = record.get("exported")
    if exported is not None:
        if type(exported) is not dict:
            raise _wrong("exported", exported, "want.exported")
        if exported.keys() != _EXPORTED_KEYS:
            missing = sorted(_EXPORTED_KEYS - exported.keys())
            if missing:
                raise UnknownFormat(message("reason.missing_key", key=f"exported.{missing[0]}"))
            raise UnknownFormat(message("reason.unknown_key", key="exported." + sorted(exported.keys() - _EXPORTED_KEYS)[0][:40]))
        path, at = exported["path"], exported["at"]
        if type(path) is not str or not path:
            raise _wrong("exported.path", path, "want.text")
        if not is_stamp(at, empty=True):
            raise _wrong("exported.at", at, "want.stamp")
    return record


def migrate(record: dict[str, Any], draft_id: str) -> dict[str, Any]:
    """Bring `record` to the current format (returns it unchanged when already current) and check it.

    Raises:
        UnknownFormat: a format newer than this balorg knows, or not a well-formed draft record.
    """
    version = format_of(record)
    if version > CURRENT:
        raise UnknownFormat(message("reason.too_new", found=version, current=CURRENT))
    while version < CURRENT:
        record = _MIGRATIONS[version](record, draft_id)
        version = record["store_format"]
    return check_current(record)


def _rfc3339(seconds: object) -> str | None:
    """The Unix time `seconds` as the store writes times, or None when it is no plausible time."""
    if type(seconds) not in (int, float) or not math.isfinite(seconds):  # type: ignore[arg-type]
        return None
    try:
        return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")  # type: ignore[arg-type]
    except (OverflowError, OSError, ValueError):  # years before 1 or after 9999
        return None


_V0_KEYS = frozenset(("title", "step", "rev", "saved", "exported_file", "request"))


def _v0_to_v1(record: dict[str, Any], draft_id: str) -> dict[str, Any]:
    unknown = record.keys() - _V0_KEYS  # e.g. a current record whose "store_format" lost a bit
    if unknown:
        raise UnknownFormat(message("reason.unknown_key", key=sorted(map(str, unknown))[0][:40]))
    if type(record.get("request", {})) is not dict:
        raise _wrong("request", record["request"], "want.object")
    request = dict(record.get("request") or {})
    for key in ("title", "exported_file"):
        if record.get(key) is not None and type(record[key]) is not str:
            raise _wrong(key, record[key], "want.text_or_null")
    rev = record.get("rev")
    if type(rev) is float and rev.is_integer() and rev >= 0:
        rev = int(rev)
    if rev is not None and not _count(rev):
        raise _wrong("rev", rev, "want.count")
    saved = record.get("saved")  # no plausible time (1e20, NaN, text...): the request's creation date stands for it
    request.setdefault("format", "bal-org-request")
    request.setdefault("version", 1)
    if "professionals" in request:
        request["people"] = request.pop("professionals")
    structure = request.get("structure")
    if isinstance(structure, dict) and isinstance(structure.get("address"), str):
        structure = dict(structure)
        lines = [line.strip() for line in structure["address"].splitlines() if line.strip()]
        address: dict[str, Any] = {"lines": lines, "postal_code": "", "city": ""}
        match = _POSTAL_CITY.match(lines[-1]) if lines else None
        if match:
            address.update(lines=lines[:-1], postal_code=match.group(1), city=match.group(2))
        structure["address"] = address
        request["structure"] = structure
    created = request.get("created_at")
    created = created if is_stamp(created) else ""
    updated = _rfc3339(saved) or created
    step = record.get("step", 0)
    exported_file = record.get("exported_file")
    return {
        "store_format": 1,
        "id": draft_id,
        "revision": rev or 0,
        "name": record.get("title") or "",
        "step": STEPS[step] if type(step) is int and 0 <= step < len(STEPS) else "home",
        "created_at": created or updated,
        "updated_at": updated,
        "trashed_at": None,
        "exported": {"path": exported_file, "at": updated} if exported_file else None,
        "origin": None,
        "request": request,
    }


_MIGRATIONS = {0: _v0_to_v1}
