"""The on-disk format of the imported directory: one packed, columnar file.

Why not TinyDB or JSON: half a million addresses must load in well under half
a second when the wizard starts. A packed file loads with a few large reads
and no per-address parsing: each column is a blob of newline-separated ASCII
strings, or an array of 32-bit unsigned integers, read straight into an
:class:`array.array`.

Layout::

    MAGIC (8 bytes) | header length (4 bytes, little-endian) | header (UTF-8 JSON)
    | padding to 8 bytes | section | padding | section | ...

The JSON header carries the metadata shown by ``balorg directory status``
and a table ``sections: {name: [offset, length, kind]}``, offsets counted
from the first section; ``kind`` is ``"bytes"`` or ``"u32"``.
"""

from __future__ import annotations

import json
import os
import struct
import sys
from array import array
from collections.abc import Mapping
from pathlib import Path
from typing import Any

MAGIC = b"BALDIR\x00\x01"
FORMAT = 2
"""Bumped whenever the sections change (2: ``middle_groups`` and ``middle_lengths`` added, for two slips far apart): a file
of another format is refused as needing a new import, never half read."""
_ALIGN = 8
_U32 = "I"


class FormatError(ValueError):
    """The file is not a directory written by this version of balorg."""


def u32(values: Any = ()) -> array:
    """An array of unsigned 32-bit integers (the integer columns)."""
    out = array(_U32, values)
    if out.itemsize != 4:  # pragma: no cover - every platform we ship on has a 4-byte unsigned int
        out = array("L", values)
    return out


def pack(meta: Mapping[str, Any], sections: Mapping[str, bytes | array]) -> bytes:
    """The file's bytes: `meta` plus the `sections` (bytes, or arrays of u32)."""
    table: dict[str, list[Any]] = {}
    parts: list[bytes] = []
    offset = 0
    for name, value in sections.items():
        kind = "u32" if isinstance(value, array) else "bytes"
        raw = value.tobytes() if isinstance(value, array) else bytes(value)
        table[name] = [offset, len(raw), kind]
        parts.append(raw)
        pad = -len(raw) % _ALIGN
        if pad:
            parts.append(b"\x00" * pad)
        offset += len(raw) + pad
    header = json.dumps({**meta, "format": FORMAT, "byteorder": sys.byteorder, "sections": table}, ensure_ascii=False).encode("utf-8")
    lead = MAGIC + struct.pack("<I", len(header)) + header
    lead += b"\x00" * (-len(lead) % _ALIGN)
    return lead + b"".join(parts)


def _read_header(handle: Any) -> tuple[dict[str, Any], int]:
    lead = handle.read(len(MAGIC) + 4)
    if len(lead) < len(MAGIC) + 4 or not lead.startswith(MAGIC):
        raise FormatError("magic")
    (length,) = struct.unpack("<I", lead[len(MAGIC):])
    raw = handle.read(length)
    if len(raw) != length:
        raise FormatError("truncated header")
    try:
        meta = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FormatError("header") from exc
    if not isinstance(meta, dict):
        raise FormatError("header")
    if meta.get("format") != FORMAT:  # another balorg's file: said so, so that the user imports again
        raise FormatError(f"format {meta.get('format')}, expected {FORMAT}")
    if meta.get("byteorder") != sys.byteorder:
        raise FormatError("byte order")
    start = len(MAGIC) + 4 + length
    return meta, start + (-start % _ALIGN)


def read_meta(path: Path) -> dict[str, Any]:
    """Only the JSON header (fast: used by ``status``), once the file's size is checked against it.

    Raises:
        OSError: the file cannot be read.
        FormatError: it is not a directory file of this version.
    """
    with open(path, "rb") as handle:
        meta, start = _read_header(handle)
        size = os.fstat(handle.fileno()).st_size
    end = max((offset + length for offset, length, _ in meta["sections"].values()), default=0)
    if size < start + end:
        raise FormatError("truncated")
    return meta


def unpack(path: Path) -> tuple[dict[str, Any], dict[str, bytes | array]]:
    """The header and every section, read section by section (no second copy of the file).

    Raises:
        OSError: the file cannot be read.
        FormatError: it is not a directory file of this version, or it is truncated.
    """
    with open(path, "rb") as handle:
        meta, start = _read_header(handle)
        sections: dict[str, bytes | array] = {}
        for name, (offset, length, kind) in meta["sections"].items():
            handle.seek(start + offset)
            if kind == "u32":
                values = u32()
                try:
                    values.fromfile(handle, length // values.itemsize)
                except EOFError as exc:
                    raise FormatError(f"truncated section {name}") from exc
                sections[name] = values
            else:
                raw = handle.read(length)
                if len(raw) != length:
                    raise FormatError(f"truncated section {name}")
                sections[name] = raw
    return meta, sections
