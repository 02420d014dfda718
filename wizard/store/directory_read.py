"""Reading the "Extraction_Correspondance_MSSante" file: the import's first half.

The file (reference/domain.md §8) is UTF-8, ``|``-separated, 31 columns and a
header; about 600,000 lines. It is read as bytes, splitting on ``|`` without
any quoting rule: a stray quote in a name is kept as a character instead of
swallowing the following lines as a quoting CSV reader would, and only the
few kept columns are ever decoded. A line is skipped (and counted) when it
does not have 31 columns (a trailing ``|`` is tolerated) or when its address
is not a plain ASCII e-mail address.

A large file is read in two halves at once: the second in a forked process
(:func:`run_aside`), the first here, then merged.
"""

from __future__ import annotations

import os
import pickle
import re
import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from wizard.store.directory_format import u32

COLUMNS = 31
ADDRESS, KIND, NAME, POSTAL = 1, 0, 18, 28
"""Positions of the kept columns: address, BAL type, structure's corporate name, postal code."""

_VALID = re.compile(rb"[\x21-\x3f\x41-\x7e]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+")
"""Printable ASCII, one ``@``, a dotted domain: enough to tell an address from a broken line."""
_STRIP = b" \t\r\n\"'"
_MAX_KINDS = 16
_CHUNK = 1 << 21
_SPLIT_FROM = 16 << 20
"""Files larger than this (bytes) are read in two halves at once."""

Progress = Callable[[str, int, int], None]
"""``progress(phase, done, total)``: phase ``"read"`` (bytes of the file), then ``"index"`` and ``"write"``."""


def run_aside(function: Callable[..., Any], *args: Any) -> Callable[[], Any]:
    """Start ``function(*args)`` in a forked process; the returned callable waits for its result.

    The child sees `args` without copying them (fork), and sends its result
    back pickled. Where fork is missing (Windows) or unsafe (other threads are
    running), when no processor is idle (a second process would only add the
    cost of sending results back), when ``BALORG_NO_FORK`` is set, or if the
    child fails, the work is simply done here, when the result is asked for.
    """
    if not can_fork():
        return lambda: function(*args)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, and leave without running the parent's clean-up
        code = 1
        try:
            os.close(read_end)
            with os.fdopen(write_end, "wb") as pipe:
                pickle.dump(function(*args), pipe, protocol=pickle.HIGHEST_PROTOCOL)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)

    def result() -> Any:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0 or not data:
            return function(*args)
        return pickle.loads(data)

    return result


def can_fork() -> bool:
    """True when :func:`run_aside` would really start a second process."""
    return hasattr(os, "fork") and threading.active_count() == 1 and not os.environ.get("BALORG_NO_FORK") and _idle_processor()


def _idle_processor() -> bool:
    """True when the last minute's load leaves at least one processor free."""
    try:
        return os.getloadavg()[0] <= (os.cpu_count() or 1) - 1
    except (AttributeError, OSError):  # no load average on this system: assume a free one
        return (os.cpu_count() or 1) > 1


class Rows:
    """The kept columns of the kept lines, in file order, as compact columns, and the counts."""

    def __init__(self) -> None:
        self.seen: dict[bytes, None] = {}
        """The distinct addresses, in order (a dict: membership and order at once)."""
        self.kinds = bytearray()
        self.kind_codes: dict[bytes, int] = {}
        self.names = u32()
        self.name_codes: dict[bytes, int] = {b"": 0}
        self.postals = u32()
        self.read = self.skipped = self.duplicates = 0

    def name_code(self, raw: bytes) -> int:
        """The code of a structure name (cleaned names are numbered in order of appearance)."""
        return self.name_codes.setdefault(raw.strip(_STRIP), len(self.name_codes))

    def kind_code(self, raw: bytes) -> int:
        """The code of a BAL type; odd values and any beyond the 16th become ``?``."""
        kind = raw.strip(_STRIP).upper()
        if not kind.isalpha() or len(kind) > 10 or (kind not in self.kind_codes and len(self.kind_codes) >= _MAX_KINDS):
            kind = b"?"
        return self.kind_codes.setdefault(kind, len(self.kind_codes))

    def by_kind(self) -> dict[str, int]:
        """Kept addresses by BAL type, most frequent first."""
        names = {code: kind.decode("ascii") or "?" for kind, code in self.kind_codes.items()}
        return {names[code]: n for code, n in Counter(self.kinds).most_common()}

    def merge(self, other: Rows) -> None:
        """Append `other` (the rows of a later part of the file), renumbering its codes."""
        self.read += other.read
        self.skipped += other.skipped
        self.duplicates += other.duplicates
        kind_map = [self.kind_code(kind) for kind in sorted(other.kind_codes, key=other.kind_codes.__getitem__)]
        names = sorted(other.name_codes, key=other.name_codes.__getitem__)
        name_map = [self.name_codes.setdefault(name, len(self.name_codes)) for name in names]
        addresses = list(other.seen)
        keep = None
        if not self.seen.keys().isdisjoint(addresses):  # an address in both halves: keep the first
            keep = [address not in self.seen for address in addresses]
            self.duplicates += keep.count(False)
            addresses = [a for a, k in zip(addresses, keep) if k]
        self.seen.update(dict.fromkeys(addresses))
        other_kinds, other_names, other_postals = other.kinds, other.names, other.postals
        if keep is not None:
            other_kinds = bytes(k for k, ok in zip(other_kinds, keep) if ok)
            other_names = [n for n, ok in zip(other_names, keep) if ok]
            other_postals = [p for p, ok in zip(other_postals, keep) if ok]
        self.kinds.extend(map(kind_map.__getitem__, other_kinds))
        self.names.extend(map(name_map.__getitem__, other_names))
        self.postals.extend(other_postals)


def _postal_code(raw: bytes) -> int:
    """The postal code plus one (0: none), so that ``06000`` survives as a number."""
    postal = raw.strip(_STRIP)
    return int(postal) + 1 if len(postal) == 5 and postal.isdigit() else 0


def read_part(source: Path, start: int, end: int, progress: Progress | None = None, total: int = 0) -> Rows:
    """The rows of the lines starting in bytes ``[start, end)`` of `source` (`start` begins a line).

    This loop is the import's hot path, kept to a few C-level calls per line:
    raw BAL types, names and postal codes repeat, so they are looked up in small
    caches and each distinct raw value is cleaned once. (Batching the lines into
    blobs was tried and measured slower.)
    """
    rows = Rows()
    seen = rows.seen
    add_kind, add_name, add_postal = rows.kinds.append, rows.names.append, rows.postals.append
    raw_kinds: dict[bytes, int] = {}
    raw_names: dict[bytes, int] = {}
    raw_postals: dict[bytes, int] = {}
    valid = _VALID.fullmatch
    read = skipped = duplicates = 0
    with open(source, "rb") as handle:
        handle.seek(start)
        position, carry = start, b""
        while True:
            chunk = handle.read(min(_CHUNK, end - position)) if position < end else b""
            position += len(chunk)
            if chunk:
                batch = (carry + chunk).split(b"\n")
                carry = batch.pop()
            elif carry:  # the last line, without a final line break
                batch, carry = [carry], b""
            else:
                break
            read += len(batch)
            for line in batch:
                parts = line.split(b"|")
                if len(parts) != COLUMNS and not (len(parts) == COLUMNS + 1 and not parts[COLUMNS].strip()):
                    if len(parts) == 1 and not line.strip():
                        read -= 1  # a blank line is not a row
                    else:
                        skipped += 1
                    continue
                address = parts[ADDRESS].strip(_STRIP).lower()
                if valid(address) is None:
                    skipped += 1
                    continue
                if address in seen:
                    duplicates += 1
                    continue
                seen[address] = None
                raw = parts[KIND]
                code = raw_kinds.get(raw)
                if code is None:
                    code = raw_kinds[raw] = rows.kind_code(raw)
                add_kind(code)
                raw = parts[NAME]
                code = raw_names.get(raw)
                if code is None:
                    code = raw_names[raw] = rows.name_code(raw)
                add_name(code)
                raw = parts[POSTAL]
                code = raw_postals.get(raw)
                if code is None:
                    code = raw_postals[raw] = _postal_code(raw)
                add_postal(code)
            if progress is not None:
                progress("read", position, total)
    rows.read, rows.skipped, rows.duplicates = read, skipped, duplicates
    return rows


def read_extraction(source: Path, progress: Progress | None = None) -> tuple[Rows, bool]:
    """Read every line of `source`: ``(rows, header)``, header False when the first line was data.

    A file larger than 16 MB is read in two halves at once when a processor is
    free (the second half in a forked process); progress then follows the first half.
    """
    with open(source, "rb") as handle:
        total = os.fstat(handle.fileno()).st_size
        first = handle.readline()
        fields = first.removeprefix(b"\xef\xbb\xbf").split(b"|")
        header = len(fields) > ADDRESS and fields[ADDRESS].strip().lower() == b"adresse bal"
        body = handle.tell() if header else 0
        middle = total
        if total - body > _SPLIT_FROM and can_fork():
            handle.seek(body + (total - body) // 2)
            handle.readline()
            middle = handle.tell()
    second = run_aside(read_part, source, middle, total) if middle < total else None
    rows = read_part(source, body, middle, progress, middle)
    if second is not None:
        rows.merge(second())
    if progress is not None:
        progress("read", total, total)
    return rows, header


def check_sizes(rows: Rows) -> None:
    """The columns are as long as the list of addresses (a broken merge would misalign them)."""
    count = len(rows.seen)
    if not len(rows.kinds) == len(rows.names) == len(rows.postals) == count:  # pragma: no cover
        raise RuntimeError("directory import: columns out of step")

