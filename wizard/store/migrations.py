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
- ``exported_file`` had no date: the save time stands for it.

A test loads the committed fixture ``tests/fixtures/store/v0/`` through the store.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from wizard.model.findings import STEPS

CURRENT = 1
"""The format this version of balorg writes."""

_POSTAL_CITY = re.compile(r"^\s*(\d{5})\s+(.+?)\s*$")


class UnknownFormat(ValueError):
    """The record comes from a newer balorg, or is not a draft record at all."""


def format_of(record: dict[str, Any]) -> int:
    """The record's format (0 when it has no ``store_format`` key)."""
    version = record.get("store_format", 0)
    if type(version) is not int or version < 0:
        raise UnknownFormat(f"store_format {version!r}")
    return version


def migrate(record: dict[str, Any], draft_id: str) -> dict[str, Any]:
    """Bring `record` to the current format (returns it unchanged when already current).

    Raises:
        UnknownFormat: a format newer than this balorg knows, or not a draft record.
    """
    version = format_of(record)
    if version > CURRENT:
        raise UnknownFormat(f"store_format {version} is newer than {CURRENT}: update balorg")
    while version < CURRENT:
        record = _MIGRATIONS[version](record, draft_id)
        version = record["store_format"]
    return record


def _rfc3339(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _v0_to_v1(record: dict[str, Any], draft_id: str) -> dict[str, Any]:
    request = dict(record.get("request") or {})
    if not isinstance(record.get("request", {}), dict):
        raise UnknownFormat("format 0 record without a request")
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
    saved = record.get("saved")
    updated = _rfc3339(saved) if isinstance(saved, (int, float)) else request.get("created_at", "")
    step = record.get("step", 0)
    exported_file = record.get("exported_file")
    return {
        "store_format": 1,
        "id": draft_id,
        "revision": int(record.get("rev", 0) or 0),
        "name": str(record.get("title") or ""),
        "step": STEPS[step] if isinstance(step, int) and 0 <= step < len(STEPS) else "home",
        "created_at": request.get("created_at") or updated,
        "updated_at": updated,
        "trashed_at": None,
        "exported": {"path": exported_file, "at": updated} if isinstance(exported_file, str) else None,
        "origin": None,
        "request": request,
    }


_MIGRATIONS = {0: _v0_to_v1}
