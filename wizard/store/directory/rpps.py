"""The public RPPS directory (reference/domain.md §8b): import of ``PS_LibreAcces_Personne_activite`` and its packed index.

The Annuaire Santé's file is ``|``-separated UTF-8, one header line, 52 columns
and a trailing ``|``, **one line per activity** (a professional with three
practices is on three lines, normally one after another). About 2.5 million
lines, 0.6 to 0.8 GB.

Import (:func:`import_rpps`) reads the file once, sequentially, in large chunks
(it may be a ZIP member: not seekable), and writes the index as it goes:

- each *run* of consecutive lines of one person becomes one record, written
  straight into the index file in the order read: the person's kept columns,
  then each activity's (``\\x1f`` between columns, ``\\x1e`` before each
  activity); only the columns :class:`Person` and :class:`Activity` name are
  kept (no phone, no e-mail: the least personal data needed);
- in memory only a key (one integer) and a start offset per run; at the end the
  keys are sorted with the run's number in their low bits (a person whose lines
  are not consecutive has several runs, found together and read in file order).

The index file (0600, replaced atomically once whole), all integers little-endian::

    header (128 bytes): magic, version, sizes and offsets, CRC of the summary, CRC of the header
    records            the runs, in the order read
    table              u64 per run, sorted: key << bits | run number (bits: enough for the runs)
    starts             u64 per run + 1: where each run's record starts (the last: where the records end)
    summary            JSON (:class:`RppsSummary`)

The key (:func:`_key`) is under 2**37: the RPPS number itself; 10**11 + an
ADELI number of 9 digits; for an ADELI number with letters (2A, 2B), 10**11 +
10**9 + its CRC-32 (rare; a lookup checks the record's identifier, so that two
numbers of one CRC are never mistaken for each other).

Loading (:meth:`RppsIndex.load`) maps the file and checks its header: no
Python object per person; a lookup is a binary search over the mapped keys
(a few microseconds) and the decoding of one record.
"""

from __future__ import annotations

import json
import mmap
import os
import re
import stat
import struct
import sys
import tempfile
import time
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from itertools import islice
from operator import itemgetter, or_, xor
from pathlib import Path
from typing import Any, BinaryIO

from wizard.fileio import fsync_dir
from wizard.model.i18n import t
from wizard.store.directory import DirectoryError

__all__ = ["Activity", "Person", "RppsError", "RppsIndex", "RppsSummary", "import_rpps", "is_rpps_header", "list_date"]

COLUMNS = 52
_BOM = b"\xef\xbb\xbf"
_FIRST_COLUMNS = ("type d'identifiant pp", "identifiant pp", "identification nationale pp")
_CHUNK = 4 << 20
_FLUSH = 8 << 20
_PROGRESS_EVERY = 8 << 20

MAGIC = b"BALRPPS\x00"
VERSION = 1
_HEADER = struct.Struct("<8sIIQQQQQQQQII")
"""magic, version, byte order mark, file size, runs, bits, records, table, starts, summary offset,
summary length, summary CRC, header CRC (of all that comes before it)."""
HEADER_SIZE = 128
_BYTE_ORDER = 0x01020304
_ADELI_BASE = 10**11
"""Keys from here on are ADELI numbers (below: RPPS numbers)."""
_LETTERED_BASE = 10**11 + 10**9
_MAX_BITS = 64 - 37
_SEP = b"\x1f"
_ACT = b"\x1e"

# Columns kept (0-based, in the file's order; reference/domain.md §8b).
_PERSON = (0, 1, 4, 6, 7, 8, 9, 10)
"""Type d'identifiant PP, Identifiant PP, Libellé civilité d'exercice, Libellé civilité, Nom d'exercice,
Prénom d'exercice, Code profession, Libellé profession."""
_ACTIVITY = (24, 25, 19, 21, 26, 27, 28, 29, 31, 32, 33, 34, 35, 37, 17, 18)
"""Raison sociale site, Enseigne commerciale site, Numéro SIRET site, Numéro FINESS site, Complément
destinataire, Complément point géographique, Numéro Voie, Indice répétition voie, Libellé type de voie,
Libellé Voie, Mention distribution, Bureau cedex, Code postal, Libellé commune, Code mode exercice,
Libellé mode exercice."""
_EMPTY_ACTIVITY = _SEP * (len(_ACTIVITY) - 1)
_person_columns = itemgetter(*_PERSON)
_activity_columns = itemgetter(*_ACTIVITY)
_NOT_IN_FIELDS = bytes.maketrans(b"\x1e\x1f", b"  ")

Progress = Callable[[str, int, int], object]


# -- what the file says -------------------------------------------------------------------------


def is_rpps_header(first_line: bytes) -> bool:
    """True when `first_line` is the header of ``PS_LibreAcces_Personne_activite`` (BOM, ``\\r\\n``, trailing ``|`` or not)."""
    fields = first_line.removeprefix(_BOM).rstrip(b"\r\n").split(b"|", len(_FIRST_COLUMNS))
    if len(fields) <= len(_FIRST_COLUMNS):
        return False
    names = tuple(f.decode("utf-8", "replace").strip().lower().replace("\u2019", "'") for f in fields[: len(_FIRST_COLUMNS)])
    return names == _FIRST_COLUMNS


def _header_columns(first_line: bytes) -> int:
    fields = first_line.removeprefix(_BOM).rstrip(b"\r\n").split(b"|")
    if fields and not fields[-1].strip():
        fields.pop()
    return len(fields)


_STAMP = re.compile(r"(?<![0-9])([0-9]{8}|[0-9]{12})(?![0-9])")


def list_date(name: str) -> str | None:
    """The ISO date of a list from its file name's stamp (``…_202612010930.txt`` → ``"2026-12-01"``), or None."""
    for found in reversed(_STAMP.findall(name)):
        stamp = str(found)
        try:
            day = date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:8]))
        except ValueError:
            continue
        if len(stamp) == 12 and (int(stamp[8:10]) > 23 or int(stamp[10:12]) > 59):
            continue
        if not 1990 <= day.year <= 2999:
            continue
        return day.isoformat()
    return None


_MESSAGES = {
    "rpps.cut": ("Le fichier de l'annuaire RPPS s'arrête au milieu d'une ligne : il est incomplet (téléchargement interrompu ?).",
                 "The RPPS directory file ends in the middle of a line: it is incomplete (interrupted download?)."),
    "rpps.empty": ("Aucune ligne valide dans le fichier de l'annuaire RPPS ({rows} lignes lues).",
                   "No valid line in the RPPS directory file ({rows} lines read)."),
    "rpps.header": ("La première ligne n'est pas l'en-tête de « PS_LibreAcces_Personne_activite » ({columns} colonnes).",
                    "The first line is not the header of \"PS_LibreAcces_Personne_activite\" ({columns} columns)."),
    "rpps.damaged": ("{reason}", "{reason}"),
}
_REASONS = {
    "truncated": ("fichier tronqué ({size} octets au lieu de {expected})", "truncated file ({size} bytes instead of {expected})"),
    "foreign": ("ce n'est pas un annuaire RPPS importé par balorg", "it is not an RPPS directory imported by balorg"),
    "version": ("format de version {version}, inconnu de cette version de balorg", "format version {version}, unknown to this version of balorg"),
    "header": ("en-tête endommagé", "damaged header"),
    "summary": ("résumé endommagé", "damaged summary"),
    "record": ("fiche endommagée", "damaged record"),
    "special": ("ce n'est pas un fichier ordinaire", "it is not a regular file"),
}


class RppsError(DirectoryError):
    """An RPPS import or load that failed: ``rpps.cut``, ``rpps.empty`` (``rows``), ``rpps.header``, ``rpps.damaged`` (``reason``)."""

    def message(self) -> str:
        """The French (or English, by the language in force) sentence."""
        params = {"rows": 0, "columns": "?", "reason": "?", **self.params}
        return t(_MESSAGES, self.code, **params) if self.code in _MESSAGES else self.code


def _damaged(reason: str, **params: object) -> RppsError:
    return RppsError("rpps.damaged", reason=t(_REASONS, reason, **params), why=reason)


# -- what is kept -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Activity:
    """One line of the file: a place where the person works and how (the columns kept)."""

    site_name: str = ""
    sign: str = ""
    siret: str = ""
    finess: str = ""
    lines: tuple[str, ...] = ()
    postal_code: str = ""
    commune: str = ""
    mode_code: str = ""
    mode_label: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data."""
        data = asdict(self)
        data["lines"] = list(self.lines)
        return data


@dataclass(frozen=True)
class Person:
    """A professional as the directory lists them, with their activities in the file's order."""

    identifier: str
    id_type: str
    """``"RPPS"`` or ``"ADELI"``."""
    civility_of_exercise_label: str = ""
    civility_label: str = ""
    last_name: str = ""
    first_name: str = ""
    profession_code: str = ""
    profession_label: str = ""
    activities: tuple[Activity, ...] = ()

    @property
    def national_id(self) -> str:
        """``8`` + RPPS, or ``0`` + ADELI (the file's ``Identification nationale PP``)."""
        return ("8" if self.id_type == "RPPS" else "0") + self.identifier

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data."""
        data = asdict(self)
        data["activities"] = [a.to_dict() for a in self.activities]
        return data


@dataclass
class RppsSummary:
    """What an import read and kept.

    Attributes:
        source: the file read (as given).
        list_date: the list's date, from the file's name (None when it has none).
        rows: lines read (the header and blank lines excepted).
        persons: distinct persons kept (RPPS plus ADELI).
        rpps: persons with an RPPS number.
        adeli: persons with only an ADELI number.
        activities: activity lines kept (every valid line: the file has one per activity;
            the line of a person listed with no place of work counts too).
        skipped: malformed lines (wrong number of columns, bad identifier).
        seconds: time taken.
        imported_at: when (ISO, UTC).
    """

    source: str
    list_date: str | None = None
    rows: int = 0
    persons: int = 0
    rpps: int = 0
    adeli: int = 0
    activities: int = 0
    skipped: int = 0
    seconds: float = 0.0
    imported_at: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data (also stored in the index file)."""
        return asdict(self)


# -- import -------------------------------------------------------------------------------------

_DOUBLED = bytes.maketrans(b"0123456789", bytes((0, 2, 4, 6, 8, 1, 3, 5, 7, 9)))
_PLAIN = bytes.maketrans(b"0123456789", bytes(range(10)))


def _luhn11(digits: bytes) -> bool:
    """The Luhn check of 11 ASCII digits (the same answer as :func:`wizard.model.identifiers.is_rpps`, 10 times faster)."""
    return (sum(digits[0::2].translate(_PLAIN)) + sum(digits[1::2].translate(_DOUBLED))) % 10 == 0


def _key(kind: bytes, ident: bytes) -> int:
    """The key of a person (under 2**37), or -1 when the identifier is not one (RPPS: 11 digits, Luhn; ADELI: 9 letters or digits)."""
    if kind == b"8":
        if len(ident) == 11 and ident.isdigit() and _luhn11(ident):
            return int(ident)
        return -1
    if kind == b"0" and len(ident) == 9:
        if ident.isdigit():
            return _ADELI_BASE + int(ident)
        if ident.isalnum():
            return _lettered_key(ident)
    return -1


def _lettered_key(ident: bytes) -> int:
    """The key of an ADELI number with letters: not unique (a lookup checks the identifier)."""
    return _LETTERED_BASE + zlib.crc32(ident.upper())


class _Builder:
    """The index being written: records straight into the file, a key and a start per run in memory."""

    def __init__(self, out: _Writer) -> None:
        self.out = out
        self.buffer = bytearray()
        self.flushed = HEADER_SIZE
        self.keys = array("Q")
        self.starts = array("Q")
        self.rows = 0
        self.kept = 0
        self.skipped = 0
        self.last_kind = b""
        self.last_ident = b""
        self.lettered: set[bytes] = set()
        """The ADELI numbers with letters (their keys may be shared: counted here)."""

    def lines(self, lines: list[bytes]) -> None:
        """Add complete lines (without their ``\\n`` nor ``\\r``; blank ones are no rows).

        The loop's hot path is kept short (about 3 µs a line): the counts are
        taken from the list, the RPPS check is inlined, the base offset is local.
        """
        blank = lines.count(b"")
        if blank:
            lines = [line for line in lines if line]
        buffer, keys, starts = self.buffer, self.keys, self.starts
        person_columns, activity_columns = _person_columns, _activity_columns
        empty, sep, act = _EMPTY_ACTIVITY, _SEP, _ACT
        plain, doubled = _PLAIN, _DOUBLED
        base = self.flushed
        last_kind, last_ident = self.last_kind, self.last_ident
        skipped = 0
        for line in lines:
            fields = line.split(b"|")
            if len(fields) != 53 or fields[52]:  # 52 columns and the trailing |
                if len(fields) != 52:  # 52 columns without it will do
                    skipped += 1
                    continue
            kind = fields[0]
            ident = fields[1]
            if ident != last_ident or kind != last_kind:
                if kind == b"8" and len(ident) == 11 and ident.isdigit():  # _key, inlined for the common case
                    key = int(ident) if (sum(ident[0::2].translate(plain)) + sum(ident[1::2].translate(doubled))) % 10 == 0 else -1
                else:
                    key = _key(kind, ident)
                    if key >= _LETTERED_BASE:
                        self.lettered.add(ident.upper())
                if key < 0:
                    skipped += 1
                    continue
                keys.append(key)
                starts.append(base + len(buffer))
                buffer += sep.join(person_columns(fields))
                last_kind, last_ident = kind, ident
            activity = sep.join(activity_columns(fields))
            if activity != empty:
                buffer += act
                buffer += activity
        self.last_kind, self.last_ident = last_kind, last_ident
        self.rows += len(lines)
        self.kept += len(lines) - skipped
        self.skipped += skipped
        if len(buffer) >= _FLUSH:
            self.flush()

    def flush(self) -> None:
        self.out.write(self.buffer)
        self.flushed += len(self.buffer)
        self.buffer.clear()

    def finish(self, summary: RppsSummary, started: float) -> bytes:
        """Write the tables and the summary after the records; return the header to write at the start."""
        self.flush()
        out = self.out
        records_end = self.flushed
        keys, starts = self.keys, self.starts
        runs = len(keys)
        starts.append(records_end)
        bits = max(runs.bit_length(), 1)
        if bits > _MAX_BITS:
            raise RppsError("rpps.empty", rows=self.rows)  # over 100 million people: not this file
        pairs = list(map(or_, map(bits.__rlshift__, keys), range(runs)))
        self.keys = keys = array("Q")
        pairs.sort()
        table = array("Q", pairs)
        adeli_at, lettered_at = bisect_left(pairs, _ADELI_BASE << bits), bisect_left(pairs, _LETTERED_BASE << bits)
        summary.rpps = _distinct(pairs, 0, adeli_at, bits)
        summary.adeli = _distinct(pairs, adeli_at, lettered_at, bits) + len(self.lettered)
        summary.persons = summary.rpps + summary.adeli
        del pairs
        summary.seconds = round(time.monotonic() - started, 2)
        position = records_end

        def section(data: bytes) -> int:
            nonlocal position
            pad = -position % 8
            out.write(b"\0" * pad)
            position += pad
            at = position
            out.write(data)
            position += len(data)
            return at

        table_at = section(_little(table).tobytes())
        starts_at = section(_little(starts).tobytes())
        meta = json.dumps(summary.to_dict(), ensure_ascii=False, sort_keys=True).encode()
        meta_at = section(meta)
        head = _HEADER.pack(MAGIC, VERSION, _BYTE_ORDER, position, runs, bits, HEADER_SIZE, table_at, starts_at, meta_at,
                            len(meta), zlib.crc32(meta), 0)
        head = head[:-4] + struct.pack("<I", zlib.crc32(head[:-4]))
        return head.ljust(HEADER_SIZE, b"\0")


def _distinct(pairs: list[int], start: int, end: int, bits: int) -> int:
    """How many keys in ``pairs[start:end]`` (sorted ``key << bits | run``): runs less those whose key is the one before's."""
    if end <= start:
        return 0
    same = (1 << bits).__gt__
    return end - start - sum(map(same, map(xor, islice(pairs, start, end - 1), islice(pairs, start + 1, end))))


def _little(values: array) -> array:
    if sys.byteorder == "little":
        return values
    swapped = array(values.typecode, values)
    swapped.byteswap()
    return swapped


def import_rpps(stream: BinaryIO, target: Path, *, source: str, progress: Progress | None = None, total: int = 0) -> RppsSummary:
    """Import the RPPS directory from `stream` into the index file `target`, replacing it atomically once whole.

    Args:
        stream: the file's bytes, read sequentially in large chunks (a ZIP member will do).
        target: the index file (its folder must exist; written 0600 through a private temporary file there).
        source: the file's name, as the summary says it (its date is read from it).
        progress: called with ``("read", bytes_done, total)`` every few MB, then ``("write", 1, 1)``.
        total: the stream's size in bytes, when known (for `progress`).

    Raises:
        RppsError: ``rpps.header`` (the first line is not the header), ``rpps.cut`` (the file ends
            in the middle of a line), ``rpps.empty`` (no valid line; ``rows``).
        DirectoryError: ``directory.unwritable`` (``file``, ``reason``) when the index cannot be written.
        OSError: and whatever else the stream raises when it cannot be read (the index is then left as it was).
    """
    from wizard.fileio import POSIX_MODES, check_regular_target, os_reason

    started = time.monotonic()
    target = Path(target)
    try:
        check_regular_target(target)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise DirectoryError("directory.unwritable", file=str(target), reason=os_reason(exc)) from exc
    try:
        try:
            with os.fdopen(handle, "wb") as out:
                writer = _Writer(out)
                if POSIX_MODES:
                    writer.private()
                writer.write(b"\0" * HEADER_SIZE)
                builder = _Builder(writer)
                summary = RppsSummary(source=source, list_date=source_date(source))
                size = _read(stream, builder, progress, total)
                if not builder.kept:
                    raise RppsError("rpps.empty", rows=builder.rows)
                if progress is not None:
                    progress("read", size, size)  # not before: an error is the one thing then said
                summary.rows, summary.activities, summary.skipped = builder.rows, builder.kept, builder.skipped
                summary.imported_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
                head = builder.finish(summary, started)
                writer.rewind(head)
            os.replace(temporary, target)
        except _WriteFailed as exc:
            raise DirectoryError("directory.unwritable", file=str(target), reason=os_reason(exc.error)) from exc.error
        except OSError as exc:
            if exc.filename in (temporary, str(target)):  # os.replace
                raise DirectoryError("directory.unwritable", file=str(target), reason=os_reason(exc)) from exc
            raise
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    fsync_dir(target.parent)
    if progress is not None:
        progress("write", 1, 1)
    return summary


class _WriteFailed(Exception):
    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


class _Writer:
    """The temporary file, whose write errors are told apart from the stream's read errors."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out

    def write(self, data: bytes | bytearray) -> None:
        try:
            self.out.write(data)
        except OSError as exc:
            raise _WriteFailed(exc) from exc

    def private(self) -> None:
        """Readable by the user alone (mkstemp's 0600, whatever the umask: said again)."""
        from wizard.fileio import PRIVATE_FILE

        try:
            os.fchmod(self.out.fileno(), PRIVATE_FILE)
        except OSError as exc:
            raise _WriteFailed(exc) from exc

    def rewind(self, head: bytes) -> None:
        """Write the header at the start, and the whole file to the disk."""
        try:
            self.out.flush()
            self.out.seek(0)
            self.out.write(head)
            self.out.flush()
            os.fsync(self.out.fileno())
        except OSError as exc:
            raise _WriteFailed(exc) from exc


def source_date(source: str) -> str | None:
    """The list's date from the last part of `source` that has one (``/x/PS_LibreAcces_…_202612010930.txt (member)``)."""
    for part in reversed(re.split(r"[\\/() ]+", source)):
        if part and (found := list_date(part)) is not None:
            return found
    return None


_LONGEST = 1 << 20
"""A line longer than this (the file's are about 300 bytes) is malformed: skipped, never gathered."""


def _read(stream: BinaryIO, builder: _Builder, progress: Progress | None, total: int) -> int:
    """Read `stream` to its end into `builder`, checking the header and the last line; return the bytes read (or `total`).

    Each chunk is split into lines as it is (no copy of the whole chunk): its
    first piece ends the line the previous chunk left unfinished, its last is
    left for the next.
    """
    pending = b""
    header = False
    overlong = False
    done = told = 0
    while True:
        chunk = stream.read(_CHUNK)
        if not chunk:
            break
        done += len(chunk)
        if progress is not None and done - told >= _PROGRESS_EVERY:
            told = done
            progress("read", done, max(total, done))
        if overlong:
            end = chunk.find(b"\n")
            if end < 0:
                continue
            overlong = False
            builder.rows += 1
            builder.skipped += 1
            chunk = chunk[end + 1:]
        if b"\r" in chunk:
            chunk = chunk.replace(b"\r\n", b"\n")
        if b"\x1e" in chunk or b"\x1f" in chunk:
            chunk = chunk.translate(_NOT_IN_FIELDS)
        lines = chunk.split(b"\n")
        del chunk
        if len(lines) == 1:  # no line ends in this chunk
            pending += lines[0]
            if len(pending) > _LONGEST:
                if not header:
                    raise RppsError("rpps.header", columns="?")
                overlong, pending = True, b""
            continue
        if pending:
            lines[0] = (pending + lines[0]).removesuffix(b"\r")  # a \r\n across two chunks
        pending = lines.pop()
        if not header:
            _check_header(lines[0])
            header = True
            lines[0] = b""
        builder.lines(lines)
        del lines
        if len(pending) > _LONGEST:
            overlong, pending = True, b""
    if overlong:
        raise RppsError("rpps.cut", rows=builder.rows)
    if not header:
        if not pending.strip(b" \t\r\n"):
            raise RppsError("rpps.header", columns=0)
        _check_header(pending)
        pending = b""
    last = pending.rstrip(b"\r")
    if last.strip(b" \t"):
        if len(last.split(b"|")) < COLUMNS:
            raise RppsError("rpps.cut", rows=builder.rows)
        builder.lines([last])
    return max(total, done)


def _check_header(first: bytes) -> None:
    if not is_rpps_header(first) or _header_columns(first) != COLUMNS:
        raise RppsError("rpps.header", columns=_header_columns(first))


# -- the index ----------------------------------------------------------------------------------


class RppsIndex:
    """The imported directory, mapped: lookups by RPPS, ADELI or national identifier."""

    def __init__(self, data: mmap.mmap | bytes, summary: dict[str, Any], runs: int, bits: int, table_at: int, starts_at: int) -> None:
        self._data = data
        self._summary = summary
        view = memoryview(data)
        self._view = view
        self._table = view[table_at:table_at + 8 * runs].cast("Q")
        self._bits = bits
        self._starts = view[starts_at:starts_at + 8 * (runs + 1)].cast("Q")
        self._runs = runs

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> RppsIndex:
        """Map the index file at `path` and check its header.

        Raises:
            RppsError: ``rpps.damaged`` when it is truncated, damaged, not an index or not a regular file.
            OSError: when it cannot be opened.
        """
        flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
        fd = os.open(path, flags)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise _damaged("special")
            if info.st_size < HEADER_SIZE:
                raise _damaged("truncated", size=info.st_size, expected=HEADER_SIZE)
            data = mmap.mmap(fd, 0, access=mmap.ACCESS_READ)
        finally:
            os.close(fd)
        return cls._from(data)

    @classmethod
    def _from(cls, data: mmap.mmap | bytes) -> RppsIndex:
        size = len(data)
        head = bytes(data[:_HEADER.size])
        (magic, version, order_mark, file_size, runs, bits, records_at, table_at, starts_at, meta_at, meta_len, meta_crc,
         head_crc) = _HEADER.unpack(head)
        if magic != MAGIC:
            raise _damaged("foreign")
        if version != VERSION:
            raise _damaged("version", version=version)
        if zlib.crc32(head[:-4]) != head_crc or order_mark != _BYTE_ORDER or sys.byteorder != "little":
            raise _damaged("header")
        if size != file_size:
            raise _damaged("truncated", size=size, expected=file_size)
        ends = (records_at == HEADER_SIZE and records_at <= table_at and table_at + 8 * runs <= starts_at
                and starts_at + 8 * (runs + 1) <= meta_at and meta_at + meta_len == file_size
                and table_at % 8 == 0 and starts_at % 8 == 0 and 1 <= bits <= _MAX_BITS and runs < 1 << bits)
        if not ends:
            raise _damaged("header")
        meta = bytes(data[meta_at:meta_at + meta_len])
        if zlib.crc32(meta) != meta_crc:
            raise _damaged("summary")
        try:
            summary = json.loads(meta)
        except ValueError:
            raise _damaged("summary") from None
        if not _sound(summary):
            raise _damaged("summary")
        index = cls(data, summary, runs, bits, table_at, starts_at)
        if runs and (index._starts[0] != records_at or index._starts[runs] > table_at):
            raise _damaged("header")
        return index

    @property
    def summary(self) -> dict[str, Any]:
        """The import's :meth:`RppsSummary.to_dict` (source, list_date, counts, imported_at)."""
        return self._summary

    def __len__(self) -> int:
        return int(self._summary.get("persons", 0))

    def who(self, rpps: str) -> Person | None:
        """The person of RPPS number `rpps` (11 digits), or None."""
        number = rpps.strip().replace(" ", "")
        if len(number) != 11 or not (number.isascii() and number.isdigit()):
            return None
        return self._find(int(number), number)

    def adeli(self, number: str) -> Person | None:
        """The person of ADELI number `number` (9 characters), or None."""
        value = number.strip().replace(" ", "").upper()
        if len(value) != 9 or not (value.isascii() and value.isalnum()):
            return None
        return self._find(_ADELI_BASE + int(value) if value.isdigit() else _lettered_key(value.encode()), value)

    def by_national_id(self, nid: str) -> Person | None:
        """The person of national identifier `nid` (``8`` + RPPS, ``0`` + ADELI), or None."""
        value = nid.strip()
        if value[:1] == "8":
            return self.who(value[1:])
        if value[:1] == "0":
            return self.adeli(value[1:])
        return None

    def _find(self, key: int, identifier: str) -> Person | None:
        table, bits = self._table, self._bits
        where = bisect_left(table, key << bits)
        end = (key + 1) << bits
        runs = self._runs
        found: list[int] = []
        mask = (1 << bits) - 1
        while where < runs and table[where] < end:
            found.append(table[where] & mask)  # in file order: the table is sorted by key, then run
            where += 1
        if not found:
            return None
        starts, data = self._starts, self._data
        wanted = identifier.upper().encode()
        try:
            records = [record for record in (bytes(data[starts[run]:starts[run + 1]]) for run in found)
                       if record.split(_SEP, 2)[1].upper() == wanted]
            return _person(records) if records else None
        except (IndexError, ValueError, TypeError):
            raise _damaged("record") from None

    def close(self) -> None:
        """Release the mapping (the index cannot be used after)."""
        for view in (self._table, self._starts, self._view):
            view.release()
        if isinstance(self._data, mmap.mmap):
            self._data.close()


_COUNTS = ("rows", "persons", "rpps", "adeli", "activities", "skipped")


def _sound(summary: object) -> bool:
    """True when `summary` is what :meth:`RppsSummary.to_dict` writes (what status and the CLI read from it)."""
    if not isinstance(summary, dict):
        return False
    counts = [summary.get(name) for name in _COUNTS]
    return (all(type(n) is int and n >= 0 for n in counts) and isinstance(summary.get("source"), str)
            and isinstance(summary.get("imported_at"), str) and isinstance(summary.get("list_date"), (str, type(None)))
            and type(summary.get("seconds")) in (int, float))


def _text(value: bytes) -> str:
    return value.decode("utf-8", "replace")


def _person(records: list[bytes]) -> Person:
    parts = records[0].split(_ACT)
    kind, ident, civility_of_exercise, civility, last, first, code, label = _text(parts[0]).split("\x1f")
    activities = [_activity(part) for part in parts[1:]]
    for record in records[1:]:
        activities.extend(_activity(part) for part in record.split(_ACT)[1:])
    return Person(identifier=ident, id_type="RPPS" if kind == "8" else "ADELI", civility_of_exercise_label=civility_of_exercise,
                  civility_label=civility, last_name=last, first_name=first, profession_code=code, profession_label=label,
                  activities=tuple(activities))


def _activity(record: bytes) -> Activity:
    (name, sign, siret, finess, recipient, place, number, repeat, way_type, way, mention, cedex, postal, commune, mode_code,
     mode_label) = _text(record).split("\x1f")
    street = " ".join(part for part in (number, repeat, way_type.upper(), way) if part)  # "Rue" → "RUE", as addresses are written (NF Z10-011)
    lines = tuple(part for part in (recipient, place, street, mention) if part)
    if not commune or not postal:
        office_postal, _, town = cedex.strip().partition(" ")
        if not (office_postal.isdigit() and len(office_postal) == 5):
            office_postal, town = "", cedex.strip()
        commune = commune or town.strip()
        postal = postal or office_postal
    return Activity(site_name=name, sign=sign, siret=siret, finess=finess, lines=lines, postal_code=postal, commune=commune,
                    mode_code=mode_code, mode_label=mode_label)
