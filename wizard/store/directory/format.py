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

Everything read back is checked before it is used (:func:`read_meta`,
:func:`unpack`): only a regular file is opened, the header must have the
shape written here (every field, of its type), every section of
:data:`SECTIONS` must be described, of its kind, inside the file, and the
sections' lengths must fit together. Anything else is a :class:`FormatError`
whose message says, in the user's language, what is wrong: the list is then
reported as damaged, to be imported again.
"""

from __future__ import annotations

import json
import math
import os
import stat
import struct
import sys
from array import array
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO

from wizard.model.i18n import t

MAGIC = b"BALDIR\x00\x01"
FORMAT = 3
"""Bumped whenever the sections change (2: ``middle_groups`` and ``middle_lengths`` added, for two slips far apart;
3: the RPPS of the personal mailboxes and the use of each domain, ``summary.domains`` and ``summary.with_rpps``): a file
of another format is refused as needing a new import, never half read."""
_ALIGN = 8
_U32 = "I"
_LEAD = len(MAGIC) + 4
NATIONAL_WIDTH = 12
"""Bytes of each identifier of ``rpps_ids``: ``8`` then an RPPS's 11 digits (its "Identification nationale PP")."""
RPPS_STORES = 100
"""Stores of ``rpps_ids``: one for each value of the identifiers' last two digits (``rpps_starts``: where each starts)."""
_HEADER_LIMIT = 1 << 20
"""A header is a few hundred bytes (the source's path is its longest field)."""
_INT_LIMIT = 1 << 63

SECTIONS: dict[str, str] = {
    "addresses": "bytes",
    "address_offsets": "u32",
    "kinds": "bytes",
    "names": "u32",
    "postals": "u32",
    "name_blob": "bytes",
    "name_offsets": "u32",
    "squashed": "bytes",
    "group_starts": "u32",
    "bags": "bytes",
    "bag_offsets": "u32",
    "bag_starts": "u32",
    "bag_groups": "u32",
    "reversed": "bytes",
    "reversed_offsets": "u32",
    "reversed_groups": "u32",
    "middle_groups": "u32",
    "middle_lengths": "u32",
    "rpps_ids": "bytes",
    "rpps_rows": "u32",
    "rpps_starts": "u32",
    "domain_names": "bytes",
    "domain_offsets": "u32",
    "domain_counts": "u32",
    "domain_order": "u32",
}
"""The sections of a list of this :data:`FORMAT` and their kinds (what each holds: :mod:`wizard.store.directory.index`)."""

SUMMARY_FIELDS: dict[str, str] = {
    "source": "text",
    "rows": "count",
    "kept": "count",
    "skipped": "count",
    "duplicates": "count",
    "by_kind": "object",
    "header": "flag",
    "local_parts": "count",
    "domains": "count",
    "with_rpps": "count",
    "seconds": "number",
}
"""The header's ``summary`` (:class:`wizard.store.directory.importer.ImportSummary`), field by field."""

SUMMARY_LATER_FIELDS: dict[str, str] = {
    "processes": "count",
}
"""Fields of the summary that lists imported by an earlier balorg of this format lack: checked when present."""

_META_FIELDS: dict[str, str] = {
    "sections": "object",
    "summary": "object",
    "kinds": "list",
    "source_size": "count",
    "source_mtime": "int",
    "imported_at": "text",
}

_TEXT = {
    "magic": ("ce n'est pas une liste d'adresses de balorg", "not a balorg list of addresses"),
    "truncated": ("fichier tronqué", "truncated file"),
    "truncated_section": ("fichier tronqué : la section « {name} » dépasse la fin du fichier",
                          "truncated file: section '{name}' runs past the end of the file"),
    "header_long": ("en-tête trop long ({length} octets)", "header too long ({length} bytes)"),
    "header_utf8": ("en-tête qui n'est pas de l'UTF-8 valide", "header that is not valid UTF-8"),
    "header_json": ("en-tête qui n'est pas du JSON valide", "header that is not valid JSON"),
    "header_object": ("l'en-tête n'est pas un objet JSON", "the header is not a JSON object"),
    "format": ("liste au format {found}, cette version lit le format {expected}",
               "list in format {found}, this version reads format {expected}"),
    "byteorder": ("liste écrite sur une machine d'un autre ordre des octets ({found})",
                  "list written on a machine of another byte order ({found})"),
    "missing": ("« {field} » manquant dans l'en-tête", "'{field}' missing from the header"),
    "count": ("« {field} » n'est pas un nombre entier positif ou nul", "'{field}' is not a non-negative integer"),
    "int": ("« {field} » n'est pas un nombre entier", "'{field}' is not an integer"),
    "number": ("« {field} » n'est pas un nombre positif ou nul", "'{field}' is not a non-negative number"),
    "text": ("« {field} » n'est pas un texte", "'{field}' is not a text"),
    "object": ("« {field} » n'est pas un objet", "'{field}' is not an object"),
    "list": ("« {field} » n'est pas une liste", "'{field}' is not a list"),
    "flag": ("« {field} » n'est pas vrai ou faux", "'{field}' is not true or false"),
    "kept": ("« summary.kept » ({kept}) ne correspond pas aux sections ({rows} adresses)",
             "'summary.kept' ({kept}) does not match the sections ({rows} addresses)"),
    "entry": ("section « {name} » mal décrite dans l'en-tête", "section '{name}' badly described in the header"),
    "section_missing": ("section « {name} » absente", "section '{name}' missing"),
    "odd": ("section « {name} » de {length} octets : pas un nombre entier de valeurs de 4 octets",
            "section '{name}' of {length} bytes: not a whole number of 4-byte values"),
    "not_ascii_addresses": ("adresses qui ne sont pas de l'ASCII", "addresses that are not ASCII"),
    "not_ascii_squashed": ("formes réduites des noms qui ne sont pas de l'ASCII", "squashed forms of the names that are not ASCII"),
    "out_of_step": ("sections incohérentes : « {name} » ne correspond pas aux autres",
                    "inconsistent sections: '{name}' does not match the others"),
}


class FormatError(ValueError):
    """The file is not a directory written by this version of balorg (the message says why, in the user's language)."""


def reason(key: str, **params: Any) -> str:
    """A :class:`FormatError` message of this module's catalogue (also used by :mod:`wizard.store.directory.index`)."""
    return t(_TEXT, key, **params)


def u32(values: Any = ()) -> array:
    """An array of unsigned 32-bit integers (the integer columns)."""
    out = array(_U32, values)
    if out.itemsize != 4:  # pragma: no cover - every platform we ship on has a 4-byte unsigned int
        out = array("L", values)
    return out


# -- writing ------------------------------------------------------------------------------------------


class Packer:
    """The file built in one buffer, section after section, the header put in front at the end.

    The import writes its largest section straight into :attr:`body`
    (:meth:`begin` ... :meth:`end`) and hands the others over one at a time
    (:meth:`add`), so that the file's content is never held twice.
    """

    def __init__(self) -> None:
        self.body = bytearray()
        self._table: dict[str, list[Any]] = {}
        self._open: tuple[str, str, int] | None = None

    def begin(self, name: str, kind: str = "bytes") -> bytearray:
        """Start section `name`: what is appended to the returned buffer until :meth:`end` is its content."""
        self._open = (name, kind, len(self.body))
        return self.body

    def end(self) -> None:
        """Close the section started by :meth:`begin` (padded to 8 bytes)."""
        assert self._open is not None
        name, kind, offset = self._open
        length = len(self.body) - offset
        if kind == "u32" and length % 4:  # pragma: no cover - a writer's bug
            raise ValueError(f"section {name}: {length} bytes")
        self._table[name] = [offset, length, kind]
        self.body += b"\x00" * (-length % _ALIGN)
        self._open = None

    def add(self, name: str, value: bytes | bytearray | array) -> None:
        """Append a whole section: bytes, or an array of u32."""
        self.begin(name, "u32" if isinstance(value, array) else "bytes")
        self.body += value
        self.end()

    def finish(self, meta: Mapping[str, Any]) -> bytearray:
        """The file's content: the header (`meta`, the format and the table of sections) put in front of the sections."""
        # ensure_ascii: a source path that is not UTF-8 (lone surrogates) goes in as escapes, read back as it was
        header = json.dumps({**meta, "format": FORMAT, "byteorder": sys.byteorder, "sections": self._table}).encode("ascii")
        lead = MAGIC + struct.pack("<I", len(header)) + header
        lead += b"\x00" * (-len(lead) % _ALIGN)
        self.body[0:0] = lead  # (a large buffer grows in place: no second copy of the content)
        return self.body


def pack(meta: Mapping[str, Any], sections: Mapping[str, bytes | array]) -> bytes:
    """The file's bytes: `meta` plus the `sections` (bytes, or arrays of u32)."""
    packer = Packer()
    for name, value in sections.items():
        packer.add(name, value)
    return bytes(packer.finish(meta))


# -- reading ------------------------------------------------------------------------------------------


def _open_regular(path: Path) -> tuple[BinaryIO, int]:
    """``(handle, size)`` of the regular file at `path`: a pipe is not waited on, a device or a folder not read."""
    from wizard.fileio import SpecialFile

    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SpecialFile(path, info.st_mode)
        return os.fdopen(fd, "rb"), info.st_size
    except BaseException:
        os.close(fd)
        raise


def _failure(exc: BaseException) -> FormatError:
    """A system error while reading, as a :class:`FormatError` in the user's language."""
    from wizard.fileio import os_reason

    return FormatError(os_reason(exc))


def _check(value: Any, kind: str, field: str) -> None:
    if kind == "count":
        ok = type(value) is int and 0 <= value < _INT_LIMIT
    elif kind == "int":
        ok = type(value) is int and -_INT_LIMIT < value < _INT_LIMIT
    elif kind == "number":
        ok = type(value) in (int, float) and math.isfinite(value) and value >= 0
    elif kind == "text":
        ok = isinstance(value, str)
    elif kind == "object":
        ok = isinstance(value, dict)
    elif kind == "list":
        ok = isinstance(value, list)
    else:  # "flag"
        ok = isinstance(value, bool)
    if not ok:
        raise FormatError(reason(kind, field=field))


def _fields(data: Mapping[str, Any], fields: Mapping[str, str], prefix: str = "", *, optional: bool = False) -> None:
    for name, kind in fields.items():
        if name not in data:
            if optional:
                continue
            raise FormatError(reason("missing", field=prefix + name))
        _check(data[name], kind, prefix + name)


def check_meta(meta: Any) -> None:
    """Raise :class:`FormatError` unless `meta` is a header of this format, every field of its type.

    The format is checked first: a list of another version is said to be one,
    whatever else it holds.
    """
    if not isinstance(meta, dict):
        raise FormatError(reason("header_object"))
    if "format" not in meta:
        raise FormatError(reason("missing", field="format"))
    found = meta["format"]
    _check(found, "int", "format")
    if found != FORMAT:  # another balorg's file: said so, so that the user imports again
        raise FormatError(reason("format", found=found, expected=FORMAT))
    if "byteorder" not in meta:
        raise FormatError(reason("missing", field="byteorder"))
    _check(meta["byteorder"], "text", "byteorder")
    if meta["byteorder"] != sys.byteorder:
        raise FormatError(reason("byteorder", found=meta["byteorder"][:20]))
    _fields(meta, _META_FIELDS)
    summary = meta["summary"]
    _fields(summary, SUMMARY_FIELDS, "summary.")
    _fields(summary, SUMMARY_LATER_FIELDS, "summary.", optional=True)
    for kind, count in summary["by_kind"].items():
        _check(count, "count", f"summary.by_kind.{kind}")
    for index, kind in enumerate(meta["kinds"]):
        _check(kind, "text", f"kinds[{index}]")


def check_table(meta: Mapping[str, Any], available: int) -> dict[str, tuple[int, int]]:
    """``{name: (offset, length)}`` of :data:`SECTIONS`, once each is checked: described, of its kind,
    inside the `available` bytes after the header, its length fitting the others'.

    Raises:
        FormatError: the first problem found.
    """
    table = meta["sections"]
    found: dict[str, tuple[int, int]] = {}
    for name, kind in SECTIONS.items():
        if name not in table:
            raise FormatError(reason("section_missing", name=name))
        entry = table[name]
        if not (isinstance(entry, list) and len(entry) == 3):
            raise FormatError(reason("entry", name=name))
        offset, length, written = entry
        if not (type(offset) is int and type(length) is int and offset >= 0 and length >= 0 and written == kind):
            raise FormatError(reason("entry", name=name))
        if kind == "u32" and length % 4:
            raise FormatError(reason("odd", name=name, length=length))
        if offset + length > available:
            raise FormatError(reason("truncated_section", name=name))
        found[name] = (offset, length)
    _check_lengths({name: length // 4 if SECTIONS[name] == "u32" else length for name, (_, length) in found.items()})
    rows = found["kinds"][1]
    if meta["summary"]["kept"] != rows:
        raise FormatError(reason("kept", kept=meta["summary"]["kept"], rows=rows))
    return found


def _check_lengths(size: Mapping[str, int]) -> None:
    """Sections that go together have lengths that go together (values, for the sections of integers)."""
    rows, groups = size["kinds"], size["group_starts"] - 1
    together = (
        ("names", size["names"] == rows),
        ("postals", size["postals"] == rows),
        ("address_offsets", size["address_offsets"] == rows + 1),
        ("name_offsets", size["name_offsets"] >= 1),
        ("group_starts", groups >= 0 and size["group_starts"] <= rows + 1),
        ("reversed_offsets", size["reversed_offsets"] == groups + 1),
        ("reversed_groups", size["reversed_groups"] == groups),
        ("reversed", size["reversed"] == size["squashed"]),
        ("bag_offsets", size["bag_offsets"] >= 1),
        ("bag_starts", size["bag_starts"] == size["bag_offsets"]),
        ("middle_lengths", size["middle_lengths"] >= 1),
        ("middle_groups", size["middle_groups"] <= groups),
        ("rpps_rows", size["rpps_rows"] <= rows),
        ("rpps_ids", size["rpps_ids"] == NATIONAL_WIDTH * size["rpps_rows"]),
        ("rpps_starts", size["rpps_starts"] == RPPS_STORES + 1),
        ("domain_offsets", size["domain_offsets"] >= 1),
        ("domain_counts", size["domain_counts"] == 3 * (size["domain_offsets"] - 1)),
        ("domain_order", size["domain_order"] == size["domain_offsets"] - 1),
    )
    for name, ok in together:
        if not ok:
            raise FormatError(reason("out_of_step", name=name))


def _read_header(handle: BinaryIO, size: int) -> tuple[dict[str, Any], int]:
    """``(meta, start)``: the checked header, and where the first section starts."""
    lead = handle.read(_LEAD)
    if len(lead) < _LEAD:
        raise FormatError(reason("truncated" if MAGIC.startswith(lead[: len(MAGIC)]) else "magic"))
    if not lead.startswith(MAGIC):
        raise FormatError(reason("magic"))
    (length,) = struct.unpack("<I", lead[len(MAGIC):])
    if _LEAD + length > size:
        raise FormatError(reason("truncated"))
    if length > _HEADER_LIMIT:
        raise FormatError(reason("header_long", length=length))
    raw = handle.read(length)
    if len(raw) != length:
        raise FormatError(reason("truncated"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FormatError(reason("header_utf8")) from exc
    try:
        meta = json.loads(text)
    except (ValueError, RecursionError) as exc:  # (ValueError: also an integer of thousands of digits)
        raise FormatError(reason("header_json")) from exc
    check_meta(meta)
    start = _LEAD + length
    return meta, start + (-start % _ALIGN)


def read_meta(path: Path) -> dict[str, Any]:
    """Only the JSON header (fast: used by ``status``), once it and the table of sections are checked against the file.

    Raises:
        FormatError: the file cannot be read (a system error, or it is not a regular file),
            or it is not a sound directory file of this version; the message says why.
    """
    try:
        handle, size = _open_regular(path)
        with handle:
            meta, start = _read_header(handle, size)
    except FormatError:
        raise
    except (OSError, MemoryError) as exc:
        raise _failure(exc) from exc
    check_table(meta, size - start)
    return meta


def unpack(path: Path) -> tuple[dict[str, Any], dict[str, bytes | array]]:
    """The checked header and every section of :data:`SECTIONS`, read section by section (no second copy of the file).

    Raises:
        FormatError: as :func:`read_meta`, or the file was cut short while being read.
    """
    try:
        handle, size = _open_regular(path)
        with handle:
            meta, start = _read_header(handle, size)
            table = check_table(meta, size - start)
            sections: dict[str, bytes | array] = {}
            for name, (offset, length) in table.items():
                handle.seek(start + offset)
                if SECTIONS[name] == "u32":
                    values = u32()
                    try:
                        values.fromfile(handle, length // values.itemsize)
                    except EOFError as exc:
                        raise FormatError(reason("truncated_section", name=name)) from exc
                    sections[name] = values
                else:
                    raw = handle.read(length)
                    if len(raw) != length:
                        raise FormatError(reason("truncated_section", name=name))
                    sections[name] = raw
    except FormatError:
        raise
    except (OSError, MemoryError) as exc:
        raise _failure(exc) from exc
    return meta, sections
