"""Reading the "Extraction_Correspondance_MSSante" file: the import's first half.

The file (reference/domain.md §8) is UTF-8, ``|``-separated, 31 columns and a
header; about 600,000 lines. It is read as bytes, splitting on ``|`` without
any quoting rule: a stray quote in a name is kept as a character instead of
swallowing the following lines as a quoting CSV reader would, and only the
few kept columns are ever decoded. A line is skipped (and counted) when it
does not have 31 columns (a trailing ``|`` is tolerated) or when its address
is not a plain ASCII e-mail address.

What is kept is held compactly, never as one Python object per address: the
rows are dealt into *buckets* by the first two characters of the index's sort
key (:func:`bucket_of`; see :mod:`wizard.store.directory.importer`), each bucket
a blob of addresses and three columns of codes, in file order. The index is
then built one bucket at a time (the largest holds about 1 % of the rows), so
the import's memory is about that of the list itself plus one bucket's work.
Duplicate addresses always fall in the same bucket: they are dropped there
(the first one kept), not while reading.

A large file is read in two halves at once: the second in a forked process
(:func:`run_aside`), the first here, then merged.
"""

from __future__ import annotations

import os
import pickle
import re
import signal
import threading
from collections import Counter
from collections.abc import Callable
from itertools import compress
from pathlib import Path
from typing import Any

from wizard.store.directory.format import u32

COLUMNS = 31
ADDRESS, KIND, NAME, POSTAL = 1, 0, 18, 28
"""Positions of the kept columns: address, BAL type, structure's corporate name, postal code."""
ID_KIND, IDENTIFIER, NATIONAL = 2, 3, 4
"""Positions of the person's identifier: "Type Identifiant PP", "Identifiant PP", "Identification nationale PP"."""

_ADDRESS = rb"[\x21-\x3f\x41-\x7e]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+"
_VALID = re.compile(_ADDRESS)
"""Printable ASCII, one ``@``, a dotted domain: enough to tell an address from a broken line."""
_VALID_LINES = re.compile(rb"(?:" + _ADDRESS.replace(b"+", b"++") + rb"\n)*+")
"""Valid addresses (:data:`_VALID`'s, every repeat made possessive: no ``+`` is a character of it), each followed by
a line break, from a position: where it stops, the first line that is not one. Possessive (Python 3.11): the same
lines match (no character class holds the character that ends it), but without a backtracking mark kept for every
line and every part (six times faster over a whole chunk)."""
_STRIP = b" \t\r\n\"'"
_MAX_KINDS = 16
_CHUNK = 1 << 21
_SPLIT_FROM = 16 << 20
"""Files larger than this (bytes) are read in two halves at once."""
_ALNUM = b"0123456789abcdefghijklmnopqrstuvwxyz"
_IS_ALNUM = bytes(1 if c in _ALNUM else 0 for c in range(256))
_NOT_KEPT = bytes(c for c in range(256) if c not in _ALNUM and c != 0x40)
_AT_TO_SOH = bytes.maketrans(b"@", b"\x01")
NO_LETTER = 1
"""The first byte of the buckets whose local parts have no letter or digit (their sort key starts with ``\\x01``: first)."""

Progress = Callable[[str, int, int], None]
"""``progress(phase, done, total)``: phase ``"read"`` (bytes of the file), then ``"index"`` and ``"write"``."""


class Aside:
    """``function(*args)`` computed aside (:func:`run_aside`): called, it waits for the result; :attr:`forked` says
    whether a child computes it; :meth:`tell` passes the function a value once it has started (when it `listens`);
    :meth:`close` gives it up (a caller that fails before asking for the result).
    """

    def __init__(self, function: Callable[..., Any], args: tuple[Any, ...], listens: bool) -> None:
        self._function = function
        self._args = (*args, self._heard_here) if listens else args
        self._listens = listens
        self._told: list[Any] = []
        self.forked = False
        self._pid = 0
        self._mouth = -1
        self._receiver: threading.Thread | None = None
        self._received: Any = _FAILED

    def _heard_here(self) -> Any:
        if not self._told:
            raise RuntimeError("run_aside: the result was asked for before anything was told")
        return self._told[0]

    def tell(self, value: Any) -> None:
        """Pass `value` to the function (once): in the child, through a pipe it waits on."""
        if not self._listens or self._told:
            raise RuntimeError("run_aside: tell is for a function that listens, once")
        self._told.append(value)
        if self._mouth >= 0:
            mouth, self._mouth = self._mouth, -1
            try:
                with os.fdopen(mouth, "wb") as pipe:
                    pickle.dump(value, pipe, protocol=pickle.HIGHEST_PROTOCOL)
            except OSError:  # (the child is gone: its failure is seen with its result)
                pass

    def __call__(self) -> Any:
        if not self.forked:
            return self._function(*self._args)
        if self._listens and not self._told:
            self.close()
            raise RuntimeError("run_aside: the result was asked for before anything was told")
        if not self._pid:
            raise RuntimeError("run_aside: the result is asked for once")
        status = self._reap()
        value, self._received = self._received, None
        if os.waitstatus_to_exitcode(status) != 0 or value is _FAILED:
            return self._function(*self._args)
        return value

    def close(self) -> None:
        """Give the work up: the child, if any, is stopped and waited for, and the receiving thread ends with it."""
        if self.forked and self._pid:
            try:
                os.kill(self._pid, signal.SIGKILL)
            except ProcessLookupError:  # (already gone)
                pass
            self._reap()
        self._received = None
        self.forked = False  # (asked for after all, the result is computed here)

    def _reap(self) -> int:
        """Close what this process still holds of the child's pipes, wait for it and for the thread that receives."""
        if self._mouth >= 0:
            os.close(self._mouth)
            self._mouth = -1
        if self._receiver is not None:
            self._receiver.join()
            self._receiver = None
        _, status = os.waitpid(self._pid, 0)
        self._pid = 0
        return status

    def _start(self) -> None:
        """Fork the child; this process keeps the result's read end (read by a thread) and the end it tells through."""
        read_end, write_end = os.pipe()
        _widen(write_end)
        ear, mouth = os.pipe() if self._listens else (-1, -1)
        pid = os.fork()
        if pid == 0:  # the child: compute, send, and leave without running the parent's clean-up
            code = 1
            try:
                os.close(read_end)
                args = self._args
                if self._listens:
                    os.close(mouth)
                    args = (*self._args[:-1], _Heard(ear))
                with os.fdopen(write_end, "wb") as pipe:
                    _send(self._function(*args), pipe)
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        if self._listens:
            os.close(ear)
        self.forked, self._pid, self._mouth = True, pid, mouth
        self._receiver = threading.Thread(target=self._receive, args=(read_end,), name="balorg-aside", daemon=True)
        self._receiver.start()

    def _receive(self, read_end: int) -> None:
        with os.fdopen(read_end, "rb") as pipe:
            try:
                self._received = _receive(pipe)
            except Exception:  # (the child failed: a broken or truncated stream)
                self._received = _FAILED


def run_aside(function: Callable[..., Any], *args: Any, fork: bool = True, listens: bool = False) -> Aside:
    """Start ``function(*args)`` in a forked process; the returned :class:`Aside`, called, waits for its result.

    The child sees `args` without copying them (fork), and sends its result back pickled, received as
    it comes by a thread of this process (:func:`_send`, :func:`_receive`), so that the child never waits
    for this one to be ready, and the result is never held twice: a dict is sent item by item, each freed
    in the child once sent. When `listens`, the function is called with one more argument, a callable
    that returns the value this process gives :meth:`Aside.tell` (waiting for it, in the child): what
    this process learns meanwhile (where the child's numbers start, say); it must be told before the
    result is asked for. A caller that fails in between calls :meth:`Aside.close`.

    Where fork is missing (Windows) or unsafe (other threads are running), with one processor (a second
    process would only add the cost of sending results back), when ``BALORG_NO_FORK`` is set or `fork` is
    False, or if the child fails, the work is simply done here, when the result is asked for (with `args` as
    they are then, and what was told: a caller that frees, once forked, what only the child needs must check,
    in `function`, that it is all there).
    """
    aside = Aside(function, args, listens)
    if fork and can_fork():
        aside._start()
    return aside


def _widen(pipe: int) -> None:
    """Give `pipe` a buffer of 1 MB where the system allows it (Linux; 64 KB otherwise): the child's result,
    tens of megabytes, crosses it in far fewer turns of the two processes."""
    try:
        import fcntl

        fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, _PIPE_SIZE)
    except (ImportError, AttributeError, OSError):  # (not Linux, or a lower limit: the default buffer)
        pass


_PIPE_SIZE = 1 << 20
"""Linux's default limit for an unprivileged process (/proc/sys/fs/pipe-max-size)."""


class _Heard:
    """In the child: the value the parent told (:meth:`Aside.tell`), waited for the first time it is asked."""

    def __init__(self, ear: int) -> None:
        self._ear = ear
        self._value: list[Any] = []

    def __call__(self) -> Any:
        if not self._value:
            with os.fdopen(self._ear, "rb") as pipe:
                self._value.append(pickle.load(pipe))
        return self._value[0]


_FAILED = object()


def _send(value: Any, pipe: Any) -> None:
    """Pickle `value` to `pipe`: a flag (a dict or not), then the value, or a dict's items one by one (each
    taken out, so freed once sent: the child and the parent do not both hold the whole of it) and None."""
    pieces = isinstance(value, dict)
    pickle.dump(pieces, pipe, protocol=pickle.HIGHEST_PROTOCOL)
    if not pieces:
        pickle.dump(value, pipe, protocol=pickle.HIGHEST_PROTOCOL)
        return
    while value:
        pickle.dump(value.popitem(), pipe, protocol=pickle.HIGHEST_PROTOCOL)
    pickle.dump(None, pipe, protocol=pickle.HIGHEST_PROTOCOL)


def _receive(pipe: Any) -> Any:
    """What :func:`_send` sent."""
    if not pickle.load(pipe):
        return pickle.load(pipe)
    value = {}
    while (item := pickle.load(pipe)) is not None:
        value[item[0]] = item[1]
    return value


def can_fork() -> bool:
    """True when :func:`run_aside` would really start a second process."""
    return hasattr(os, "fork") and threading.active_count() == 1 and not os.environ.get("BALORG_NO_FORK") and _second_processor()


def _second_processor() -> bool:
    """True when this process may run on two processors or more (its affinity, where the system says it).

    Not "when one is idle": the last minute's load average lags (a test run that ended seconds
    ago still counts), and a second process gains even on a busy machine, since the processors
    are shared by process (two of ours get more of them than one), for the cost of sending its
    result back (a few percent of the work).
    """
    try:
        processors = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # (not on this system)
        processors = os.cpu_count() or 1
    return processors > 1


def bucket_of(address: bytes) -> int:
    """The bucket of `address`: the first two bytes of its sort key (squashed local part, ``\\x01``, squashed domain)
    as a number, ``first * 256 + second`` (``first * 256`` for a key of one byte; one bucket for every local part
    without a letter or digit). Buckets in numeric order are in key order, and a squashed local part is in one bucket."""
    key = address.translate(_AT_TO_SOH, _NOT_KEPT)
    if key[0] == NO_LETTER:  # one squashed form (""), so one bucket: a group never spans two
        return NO_LETTER << 8
    return key[0] << 8 | (key[1] if len(key) > 1 else 0)


class Bucket:
    """The rows of one bucket, in file order: ``addresses`` and ``persons`` (the lines' raw "Identification nationale
    PP", checked when the index is built: :func:`national_rpps`), each followed by a line break, and three columns of codes."""

    __slots__ = ("addresses", "kinds", "names", "persons", "postals")

    def __init__(self) -> None:
        self.addresses = bytearray()
        self.kinds = bytearray()
        self.names = u32()
        self.postals = u32()
        self.persons = bytearray()

    def __len__(self) -> int:
        return len(self.kinds)

    def __getstate__(self) -> tuple[Any, ...]:
        return self.addresses, self.kinds, self.names, self.postals, self.persons

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self.addresses, self.kinds, self.names, self.postals, self.persons = state

    def append_rows(self, rows: list[tuple[bytes, int, int, int, bytes]]) -> tuple[bytes, bytes, int]:
        """Append the ``(address, kind, name, postal, "8" + RPPS)`` rows whose address is valid: their addresses (a blob,
        each followed by a line break), their kinds (to count the domains) and how many rows were not (left out).

        The addresses are checked all at once (one regular expression over the blob: a C loop), not one by one.
        """
        addresses, kinds, names, postals, persons = zip(*rows, strict=True)
        blob = b"\n".join(addresses) + b"\n"
        invalid = 0
        if _valid_until(blob) != len(blob):
            keep = _valid_lines(blob, len(addresses))
            invalid = keep.count(0)
            if invalid == len(addresses):
                return b"", b"", invalid
            addresses, kinds, names, postals, persons = (tuple(compress(column, keep)) for column in (addresses, kinds, names, postals, persons))
            blob = b"\n".join(addresses) + b"\n"
        codes = bytes(kinds)
        self.addresses += blob
        self.kinds += codes
        self.names.extend(names)
        self.postals.extend(postals)
        self.persons += b"\n".join(persons)
        self.persons += b"\n"
        return blob, codes, invalid

    def extend(self, other: Bucket, kind_map: bytes, name_map: list[int]) -> None:
        """Append the rows of `other` (a later part of the file), its codes renumbered."""
        self.addresses += other.addresses
        other.addresses = bytearray()
        self.kinds += other.kinds.translate(kind_map)
        self.names.extend(map(name_map.__getitem__, other.names))
        self.postals.extend(other.postals)
        self.persons += other.persons
        other.persons = bytearray()


def _valid_until(blob: bytes, position: int = 0) -> int:
    """Where the valid lines of `blob` from `position` on stop (:data:`_VALID_LINES`: its end, when they all are)."""
    found = _VALID_LINES.match(blob, position)
    return position if found is None else found.end()  # (it always matches, if only nothing)


def _valid_lines(blob: bytes, count: int) -> bytearray:
    """One byte a line of `blob` (`count` lines, each followed by a line break): 1 where it is a valid address, else 0."""
    keep = bytearray(b"\x01") * count
    line = position = 0
    stop = _valid_until(blob)
    while stop != len(blob):
        line += blob.count(b"\n", position, stop)
        keep[line] = 0
        position = blob.index(b"\n", stop) + 1
        line += 1
        stop = _valid_until(blob, position)
    return keep


class Rows:
    """The kept columns of the valid lines, by bucket (:class:`Bucket`), and the counts."""

    def __init__(self) -> None:
        self.buckets: dict[int, Bucket] = {}
        self.kind_codes: dict[bytes, int] = {}
        self.name_codes: dict[bytes, int] = {b"": 0}
        self.domains: dict[int, Counter[bytes]] = {}
        """Lines by BAL type's code, then by domain (duplicates included: the index's build takes them off)."""
        self.read = self.skipped = 0
        self.duplicates = 0
        """Set by the index's build, which drops them (see the module's docstring)."""
        self.forked = False
        """True when part of the file was read by a forked process (:func:`read_extraction`)."""

    def __len__(self) -> int:
        """Valid lines (duplicates included)."""
        return sum(map(len, self.buckets.values()))

    def name_code(self, raw: bytes) -> int:
        """The code of a structure name (cleaned names are numbered in order of appearance)."""
        return self.name_codes.setdefault(raw.strip(_STRIP), len(self.name_codes))

    def kind_code(self, raw: bytes) -> int:
        """The code of a BAL type; odd values and any beyond the 16th become ``?``."""
        kind = raw.strip(_STRIP).upper()
        if not kind.isalpha() or len(kind) > 10 or (kind not in self.kind_codes and len(self.kind_codes) >= _MAX_KINDS):
            kind = b"?"
        return self.kind_codes.setdefault(kind, len(self.kind_codes))

    def append(self, key: int, rows: list[tuple[bytes, int, int, int, bytes]]) -> tuple[bytes, bytes, int]:
        """:meth:`Bucket.append_rows` to the bucket `key`, created only when one of `rows` is valid."""
        bucket = self.buckets.get(key) or Bucket()
        appended = bucket.append_rows(rows)
        if bucket:
            self.buckets[key] = bucket
        return appended

    def bucket(self, key: int) -> Bucket:
        found = self.buckets.get(key)
        if found is None:
            found = self.buckets[key] = Bucket()
        return found

    def merge(self, other: Rows) -> None:
        """Append `other` (the rows of a later part of the file), renumbering its codes; `other` is emptied."""
        self.read += other.read
        self.skipped += other.skipped
        kind_map = bytearray(range(256))
        for kind in sorted(other.kind_codes, key=other.kind_codes.__getitem__):  # (in order: as if read here)
            kind_map[other.kind_codes[kind]] = self.kind_code(kind)
        names = sorted(other.name_codes, key=other.name_codes.__getitem__)
        name_map = [self.name_codes.setdefault(name, len(self.name_codes)) for name in names]
        for key in sorted(other.buckets):
            self.bucket(key).extend(other.buckets.pop(key), bytes(kind_map), name_map)
        for code, counts in other.domains.items():
            self.domains.setdefault(kind_map[code], Counter()).update(counts)
        other.domains = {}


def _postal_code(raw: bytes) -> int:
    """The postal code plus one (0: none), so that ``06000`` survives as a number."""
    postal = raw.strip(_STRIP)
    return int(postal) + 1 if len(postal) == 5 and postal.isdigit() else 0


def national_rpps(raw: bytes) -> bytes:
    """The line's RPPS as its "Identification nationale PP" (``8`` followed by the RPPS's 11 digits), or ``b""``.

    `raw` is that column, or (when it is empty) "Type Identifiant PP" followed by "Identifiant PP":
    the same thing. An ADELI number (``0`` followed by it) or anything else is no RPPS.
    """
    raw = raw.strip(_STRIP)
    return raw if len(raw) == NATIONAL_WIDTH and raw.isdigit() and raw[0] == 0x38 else b""


NATIONAL_WIDTH = 12
"""Bytes of a national identifier: ``8`` then the RPPS's 11 digits (reference/domain.md §8b)."""
_DOMAINS = re.compile(rb"@([^\n]*)").findall


def nationals(raw: list[bytes] | tuple[bytes, ...]) -> list[bytes]:
    """The national identifiers of the RPPS in `raw` (:func:`national_rpps`; the empty ones left out), at C speed
    when they are all well formed (the list as published)."""
    given = list(filter(None, raw))
    joined = b"".join(given)
    if len(joined) == NATIONAL_WIDTH * len(given) and joined.isdigit() and joined[::NATIONAL_WIDTH].count(b"8") == len(given):
        return given
    return list(filter(None, map(national_rpps, raw)))


def read_part(source: Path, start: int, end: int, progress: Progress | None = None, total: int = 0) -> Rows:
    """The rows of the lines starting in bytes ``[start, end)`` of `source` (`start` begins a line).

    This loop is the import's hot path, kept to a few C-level calls per line:
    raw BAL types, names and postal codes repeat, so they are looked up in small
    caches and each distinct raw value is cleaned once; a row is one tuple in
    its bucket's list until the end of the chunk, when the lists are packed
    into their buckets, column by column (the domains counted).
    (Splitting a whole chunk's lines at once, then working on columns, was tried
    and measured twice slower: a line's fields, freed at once, stay in the processor's cache.)
    """
    rows = Rows()
    pending: dict[int, list[tuple[bytes, int, int, int, bytes]]] = {}
    is_alnum = _IS_ALNUM
    raw_kinds: dict[bytes, int] = {}
    raw_names: dict[bytes, int] = {}
    raw_postals: dict[bytes, int] = {}
    valid = _VALID.fullmatch
    read = skipped = 0
    with open(source, "rb") as handle:
        handle.seek(start)
        position, carry = start, b""
        while True:
            chunk = handle.read(min(_CHUNK, end - position)) if position < end else b""
            position += len(chunk)
            if chunk:
                batch = chunk.split(b"\n")  # (not carry + chunk: one large buffer less per chunk)
                del chunk
                batch[0] = carry + batch[0]
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
                try:
                    common = is_alnum[address[0]] and is_alnum[address[1]]
                except IndexError:  # (no address, or one character)
                    skipped += 1
                    continue
                if common:  # (most addresses: their key starts with these two; checked by their bucket, all at once)
                    key = address[0] << 8 | address[1]
                elif valid(address) is None:
                    skipped += 1
                    continue
                else:
                    key = bucket_of(address)
                raw = parts[KIND]
                kind = raw_kinds.get(raw)
                if kind is None:
                    kind = raw_kinds[raw] = rows.kind_code(raw)
                raw = parts[NAME]
                name = raw_names.get(raw)
                if name is None:
                    name = raw_names[raw] = rows.name_code(raw)
                raw = parts[POSTAL]
                postal = raw_postals.get(raw)
                if postal is None:
                    postal = raw_postals[raw] = _postal_code(raw)
                waiting = pending.get(key)
                if waiting is None:
                    waiting = pending[key] = []
                # "8" + RPPS: the national identifier, else the identifier's type and the identifier
                waiting.append((address, kind, name, postal, parts[NATIONAL] or parts[ID_KIND] + parts[IDENTIFIER]))
            del batch
            seen = [rows.append(key, waiting) for key, waiting in pending.items()]
            pending.clear()
            if seen:
                blobs, codes, invalid = zip(*seen, strict=True)
                skipped += sum(invalid)
                _count_domains(rows.domains, blobs, codes)
            del seen
            if progress is not None:
                progress("read", position, total)
    rows.read, rows.skipped = read, skipped
    return rows


def _count_domains(counts: dict[int, Counter[bytes]], addresses: tuple[bytes, ...], kinds: tuple[bytes, ...]) -> None:
    """Add the domains of `addresses` (blobs, an address a line) to `counts`, by BAL type (`kinds`: their codes).

    The domains are counted all at once; the rarer types apart (a selector made by one translate), the
    commonest type (PER: 85 % of the list) gets what is left: one pass over the domains, not one per type.
    """
    domains = _DOMAINS(b"".join(addresses))  # (one "@" per valid address)
    codes = b"".join(kinds)
    if not codes:  # (no valid address in this chunk)
        return
    present = set(codes)
    common = max(present, key=codes.count)
    left = Counter(domains)
    for code in present - {common}:
        selector = bytearray(256)  # (a translation table: this code to 1, any other to 0)
        selector[code] = 1
        found = Counter(compress(domains, codes.translate(selector)))
        counts.setdefault(code, Counter()).update(found)
        left.subtract(found)
    counts.setdefault(common, Counter()).update(+left)



def read_extraction(source: Path, progress: Progress | None = None, *, fork: bool = True) -> tuple[Rows, bool]:
    """Read every line of `source`: ``(rows, header)``, header False when the first line was data.

    A file larger than 16 MB is read in two halves at once on two processors (the
    second half in a forked process); progress then follows the first half.
    """
    with open(source, "rb") as handle:
        total = os.fstat(handle.fileno()).st_size
        first = handle.readline()
        fields = first.removeprefix(b"\xef\xbb\xbf").split(b"|")
        header = len(fields) > ADDRESS and fields[ADDRESS].strip().lower() == b"adresse bal"
        body = handle.tell() if header else 0
        middle = total
        if total - body > _SPLIT_FROM and fork and can_fork():
            handle.seek(body + (total - body) // 2)
            handle.readline()
            middle = handle.tell()
    second = run_aside(read_part, source, middle, total) if middle < total else None
    try:
        rows = read_part(source, body, middle, progress, middle)
    except BaseException:
        if second is not None:
            second.close()
        raise
    if second is not None:
        rows.merge(second())
        rows.forked = second.forked
    if progress is not None:
        progress("read", total, total)
    return rows, header
