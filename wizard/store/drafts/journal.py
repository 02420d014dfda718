"""A TinyDB storage that never rewrites the whole database: a snapshot plus an append-only journal.

TinyDB's stock ``JSONStorage`` rewrites its one file in place on every
change: a crash mid-write destroys it, and with 10,000 drafts one save
rewrites megabytes. This storage keeps TinyDB's API and data model (tables of
documents) but writes differently:

- ``index.json`` is a *snapshot* in TinyDB's own JSON layout
  (``{table: {doc_id: document}}``; stock TinyDB can read it), replaced only
  atomically (:func:`wizard.fileio.atomic_write`: temporary file, fsync,
  rename).
- ``index.journal`` holds one JSON line per write, with only the documents
  that changed (``{table: {doc_id: document or null}}``; ``null`` deletes).
  A write appends one line and fsyncs it: a few hundred bytes, whatever the
  size of the database. Replaying a line twice gives the same state, so a
  crash between writing a new snapshot and emptying the journal is harmless.
- When the journal grows past a quarter of the snapshot, both are compacted
  into a new snapshot and an empty journal (both replaced atomically).

A crash mid-append leaves a torn last line (no newline): it is ignored on
reading and cut off before the next append. Any other unreadable line means
the files were damaged: :class:`IndexDamaged` is raised and the caller (the
draft store) moves the files aside and rebuilds the index from the drafts.
So is a snapshot or journal that is no regular file (a folder, a pipe, a
device, a loop of links) or is larger than :data:`INDEX_LIMIT`: only regular
files are read, a pipe is never waited on, a device never read without end.

Each document read from the files goes through the caller's ``validate``
check: one that fails (a key renamed by a flipped bit, a null, a wrong type)
is left out of the state and listed in :meth:`JournalStorage.invalid`, for the
caller to make again from its source (the draft's own file). The marshal
cache holds only checked documents, under a checksum.

Several processes may share the files: callers hold :class:`FileLock`
(shared to read, exclusive to write; portalocker, on Linux, macOS and
Windows alike) and call :meth:`JournalStorage.refresh`
once they hold it, which catches up with what other processes appended (two
``stat`` calls when nothing changed).
"""

from __future__ import annotations

import errno
import io
import json
import marshal
import os
import random
import stat
import sys
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tinydb.storages import Storage
from tinydb.table import Table

from wizard.fileio import PRIVATE_FILE, SpecialFile, TooLarge, atomic_write, read_regular
from wizard.store.drafts.errors import reason

Tables = dict[str, dict[str, dict[str, Any]]]
Validate = Callable[[str, str, Any], bool]
"""``validate(table, doc_id, document)``: True when the document may be used as it is."""

_MIN_COMPACT = 64 * 1024
"""Never compact a journal smaller than this: replaying it costs less than rewriting."""
INDEX_LIMIT = 256 * 1024 * 1024
"""The most a snapshot, a journal or the cache may weigh (10,000 drafts make a 2 MB snapshot)."""
_CACHE_FORMAT = 2
_NO_INHERIT = getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOINHERIT", 0)
"""Files not passed on to child processes (O_CLOEXEC on POSIX, O_NOINHERIT on Windows)."""
_BINARY = getattr(os, "O_BINARY", 0)
"""Windows: bytes as they are (no newline translation, no stop at Ctrl+Z); 0 elsewhere."""
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | _NO_INHERIT | _BINARY


def _not_a_file(exc: OSError) -> bool:
    """True when an index file is there but is no file we can read: damage, not a passing failure."""
    return isinstance(exc, (SpecialFile, TooLarge)) or exc.errno in (errno.ELOOP, errno.EISDIR, errno.ENXIO)


def _read_from(path: Path, offset: int, limit: int) -> bytes:
    """The bytes of the regular file `path` from `offset` on (a pipe is refused, never waited on).

    Raises:
        SpecialFile: `path` is no regular file.  TooLarge: more than `limit` bytes from `offset`.
        OSError: it cannot be opened.
    """
    fd = os.open(path, _READ_FLAGS)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SpecialFile(path, info.st_mode)
        size = info.st_size - offset
        if size > limit:
            raise TooLarge(path, limit)
        if size <= 0:
            return b""
        if hasattr(os, "pread"):
            return os.pread(fd, size, offset)
        os.lseek(fd, offset, os.SEEK_SET)  # Windows has no pread; the descriptor is ours alone
        chunks: list[bytes] = []
        while size > 0 and (chunk := os.read(fd, size)):
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


class IndexDamaged(Exception):
    """The snapshot or the journal cannot be read; `path` is the damaged file."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class LockTimeout(Exception):
    """Another process held the store's lock for too long."""


def _identity(path: Path) -> tuple[int, ...] | None:
    """What tells a replaced file from the one we read (an inode number alone may be reused)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError:
        return (-1, -1, -1)  # a loop of links...: reading it says what is wrong
    return (st.st_ino, st.st_dev, st.st_ctime_ns if path.suffix == ".json" else 0)


class JournalStorage(Storage):
    """TinyDB storage: an atomic snapshot plus an fsynced journal of changed documents.

    Args:
        folder: where ``index.json`` and ``index.journal`` live (must exist).
        writable: False for a store opened read-only: :meth:`write` raises ``OSError(EROFS)``.
        validate: checks each document read from the files (default: it is an object);
            those it refuses are left out and listed by :meth:`invalid`.
    """

    SNAPSHOT = "index.json"
    JOURNAL = "index.journal"
    CACHE = "index.cache"

    def __init__(self, folder: Path, *, writable: bool = True, validate: Validate | None = None) -> None:
        self.folder = Path(folder)
        self.snapshot_path = self.folder / self.SNAPSHOT
        self.journal_path = self.folder / self.JOURNAL
        self.cache_path = self.folder / self.CACHE
        self.writable = writable
        self._state: Tables = {}
        self._snapshot_id: tuple[int, ...] | None = None
        self._snapshot_size = 0
        self._journal_id: tuple[int, ...] | None = None
        self._offset = 0
        """Bytes of the journal already applied (always at a line boundary)."""
        self._loaded = False
        self._validate = validate
        self._invalid: dict[str, set[str]] = {}
        self._invalid_in: set[Path] = set()
        self._adopted: tuple[Any, Any] | None = None
        """The files' identities when a state was adopted instead of read (see :meth:`adopt`)."""

    # -- reading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Catch up with the files: reload after a compaction, replay lines appended since.

        Call it while holding the lock. Raises:
            IndexDamaged: when a file cannot be read as written by this storage.
        """
        snapshot_id = _identity(self.snapshot_path)
        journal_id = _identity(self.journal_path)
        if self._adopted is not None:
            if self._adopted == (snapshot_id, journal_id):
                return  # the files that could not be read have not changed: nothing new to read
            self._adopted = None
        if not self._loaded or snapshot_id != self._snapshot_id or journal_id != self._journal_id:
            self._reload(snapshot_id, journal_id)
        elif journal_id is not None:
            self._replay()

    def _reload(self, snapshot_id: tuple[int, ...] | None, journal_id: tuple[int, ...] | None) -> None:
        state: Tables = {}
        size = 0
        self._invalid, self._invalid_in = {}, set()
        cached = self._read_cache() if snapshot_id is not None else None
        if cached is not None:
            state, size = cached
        elif snapshot_id is not None:
            try:
                raw = read_regular(self.snapshot_path, limit=INDEX_LIMIT)
            except FileNotFoundError:
                raw = b""
            except OSError as exc:
                if _not_a_file(exc):
                    raise IndexDamaged(self.snapshot_path, reason(exc)) from None
                raise
            size = len(raw)
            if raw:
                try:
                    state = json.loads(raw)
                except (UnicodeDecodeError, ValueError, RecursionError, MemoryError) as exc:
                    raise IndexDamaged(self.snapshot_path, str(exc) or reason(exc)) from None
                if not isinstance(state, dict) or not all(isinstance(t, dict) for t in state.values()):
                    raise IndexDamaged(self.snapshot_path, "not a TinyDB document tree")
                self._check(state, self.snapshot_path)
                if self.writable:
                    self._write_cache(state)
        self._state = state
        self._snapshot_size = size
        self._snapshot_id = snapshot_id
        self._journal_id = journal_id
        self._offset = 0
        self._loaded = True
        if journal_id is not None:
            self._replay()

    # The snapshot is JSON (readable, TinyDB's own layout), but parsing 10,000 documents takes
    # longer than the whole start-up budget allows; a marshal copy loads in a fraction of it.
    # It is only a cache: keyed to the snapshot's identity and this Python, ignored when stale.
    # It holds only checked documents (what _check kept), under a CRC-32 of its payload: a cache
    # flipped on disk is ignored, never half-used (checking 10,000 documents again would cost as
    # much as the marshal load itself; the checksum costs half a millisecond).

    def _cache_key(self) -> tuple[int, ...] | None:
        try:
            st = os.stat(self.snapshot_path)
        except OSError:
            return None
        return (_CACHE_FORMAT, marshal.version, *sys.version_info[:2], st.st_ino, st.st_size, st.st_mtime_ns)

    def _read_cache(self) -> tuple[Tables, int] | None:
        key = self._cache_key()
        if key is None:
            return None
        try:
            stored_key, crc, payload = marshal.loads(read_regular(self.cache_path, limit=INDEX_LIMIT))
            if tuple(stored_key) != key or zlib.crc32(payload) != crc:
                return None
            state = marshal.loads(payload)
        except (OSError, ValueError, EOFError, TypeError, MemoryError):
            return None  # missing, stale, damaged, not a file: only a cache
        if not isinstance(state, dict) or not all(isinstance(t, dict) for t in state.values()):
            return None
        return state, key[-2]

    def _write_cache(self, state: Tables) -> None:
        key = self._cache_key()
        if key is None:
            return
        try:
            payload = marshal.dumps(state)
            atomic_write(self.cache_path, marshal.dumps((key, zlib.crc32(payload), payload)))
        except (OSError, ValueError):
            pass  # only a cache

    def _accepts(self, table: str, doc_id: str, doc: Any) -> bool:
        return self._validate(table, doc_id, doc) if self._validate is not None else isinstance(doc, dict)

    def _check(self, state: Tables, source: Path) -> None:
        """Leave out of `state` the documents `validate` refuses, noting them in :meth:`invalid`."""
        for table, docs in state.items():
            bad = [doc_id for doc_id, doc in docs.items() if not self._accepts(table, doc_id, doc)]
            if bad and self._validate is None:
                raise IndexDamaged(source, "not a TinyDB document tree")
            for doc_id in bad:
                del docs[doc_id]
                self._note_invalid(table, doc_id, source)

    def _note_invalid(self, table: str, doc_id: str, source: Path) -> None:
        self._invalid.setdefault(table, set()).add(doc_id)
        self._invalid_in.add(source)

    def invalid(self) -> dict[str, set[str]]:
        """The documents left out since the files were last read, by table (each made again by the caller)."""
        return {table: set(ids) for table, ids in self._invalid.items() if ids}

    @property
    def invalid_in(self) -> list[Path]:
        """The files the documents of :meth:`invalid` were read from."""
        return sorted(self._invalid_in)

    def remember(self, table: str, doc_id: str, doc: dict[str, Any] | None) -> None:
        """Set (None: drop) a document in memory only, in place of an invalid one (a read-only store)."""
        if doc is None:
            self._state.get(table, {}).pop(doc_id, None)
        else:
            self._state.setdefault(table, {})[doc_id] = doc
        self._invalid.get(table, set()).discard(doc_id)

    def _replay(self) -> None:
        try:
            tail = _read_from(self.journal_path, self._offset, INDEX_LIMIT)
        except FileNotFoundError:
            return
        except OSError as exc:
            if _not_a_file(exc):
                raise IndexDamaged(self.journal_path, reason(exc)) from None
            raise
        end = tail.rfind(b"\n") + 1  # a torn last line (crash mid-append) is left for later
        if not end:
            return
        for line in tail[:end].splitlines():
            if not line.strip():
                continue
            try:
                change = json.loads(line)
            except (UnicodeDecodeError, ValueError, RecursionError, MemoryError) as exc:
                raise IndexDamaged(self.journal_path, str(exc) or reason(exc)) from None
            if not isinstance(change, dict):
                raise IndexDamaged(self.journal_path, "not a change record")
            self._apply(change)
        self._offset += end

    def _apply(self, change: dict[str, Any]) -> None:
        for table, docs in change.items():
            if not isinstance(docs, dict):
                raise IndexDamaged(self.journal_path, "not a change record")
            invalid = self._invalid.get(table)
            for doc_id, doc in docs.items():
                if doc is None:
                    self._state.get(table, {}).pop(doc_id, None)
                elif self._accepts(table, doc_id, doc):
                    self._state.setdefault(table, {})[doc_id] = doc
                elif self._validate is None:
                    raise IndexDamaged(self.journal_path, "not a document")
                else:  # what the line says cannot be used, and what came before it is no longer true
                    self._state.get(table, {}).pop(doc_id, None)
                    self._note_invalid(table, doc_id, self.journal_path)
                    continue
                if invalid:
                    invalid.discard(doc_id)

    def read(self) -> Tables | None:
        """The tables as of the last :meth:`refresh` (copies: TinyDB updates documents in place)."""
        if not self._state:
            return None
        return {table: {k: dict(v) for k, v in docs.items()} for table, docs in self._state.items()}

    def documents(self, table: str) -> dict[str, dict[str, Any]]:
        """The documents of `table` without copying them, for read-only scans (do not modify)."""
        return self._state.get(table, {})

    # -- writing -------------------------------------------------------------------------------

    def write(self, data: Tables) -> None:
        """Append the documents that differ from the current state, then compact if the journal is long.

        Raises:
            OSError: the journal cannot be written; the in-memory state is unchanged.
        """
        change: dict[str, dict[str, Any]] = {}
        for table in set(self._state) | set(data):
            old = self._state.get(table, {})
            new = data.get(table, {})
            diff: dict[str, Any] = {k: v for k, v in new.items() if old.get(k) != v}
            for gone in old.keys() - new.keys():
                diff[gone] = None
            if diff:
                change[table] = diff
        if not change:
            return
        line = self._append(change)
        # The state keeps its own copies, parsed back from the line: TinyDB's documents stay TinyDB's.
        self._apply(json.loads(line))
        if self._offset > max(_MIN_COMPACT, self._snapshot_size // 4):
            self.compact()

    def write_changes(self, table: str, docs: dict[str, dict[str, Any] | None]) -> None:
        """Append only `docs` of `table` (``None`` deletes): what :class:`JournalTable` writes.

        Raises:
            OSError: the journal cannot be written; the in-memory state is unchanged.
        """
        old = self._state.get(table, {})
        invalid = self._invalid.get(table, ())  # left out of the state: what the files say must be replaced
        change = {k: v for k, v in docs.items() if old.get(k) != v or k in invalid}
        if not change:
            return
        line = self._append({table: change})
        self._apply(json.loads(line))
        if self._offset > max(_MIN_COMPACT, self._snapshot_size // 4):
            self.compact()

    def _append(self, change: dict[str, Any]) -> bytes:
        if not self.writable:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self.journal_path))
        line = json.dumps(change, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
        # O_NONBLOCK: a pipe put in the journal's place is refused (ENXIO), never waited on.
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NONBLOCK", 0) | _NO_INHERIT | _BINARY
        fd = os.open(self.journal_path, flags, PRIVATE_FILE)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise SpecialFile(self.journal_path, info.st_mode)
            size = info.st_size
            if size != self._offset:
                # A torn line from a process killed mid-append: cut it off so the next line parses.
                os.ftruncate(fd, self._offset)
            written = os.write(fd, line)
            if written != len(line):
                os.ftruncate(fd, self._offset)
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self.journal_path))
            os.fsync(fd)
        finally:
            os.close(fd)
        if self._journal_id is None:
            self._journal_id = _identity(self.journal_path)
        self._offset += len(line)
        return line

    def compact(self) -> None:
        """Write the whole state as a new snapshot and start an empty journal (both atomic)."""
        raw = json.dumps(self._state, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        atomic_write(self.snapshot_path, raw)
        self._write_cache(self._state)
        atomic_write(self.journal_path, b"")
        self._snapshot_size = len(raw)
        self._snapshot_id = _identity(self.snapshot_path)
        self._journal_id = _identity(self.journal_path)
        self._offset = 0

    def adopt(self, data: Tables) -> None:
        """Use `data` as the state without writing it (a read-only store whose index is damaged).

        The damaged files are not read again until one of them is replaced.
        """
        self._state = {table: {k: dict(v) for k, v in docs.items()} for table, docs in data.items()}
        self._snapshot_id = _identity(self.snapshot_path)
        self._journal_id = _identity(self.journal_path)
        self._adopted = (self._snapshot_id, self._journal_id)
        self._invalid, self._invalid_in = {}, set()
        try:
            self._offset = os.stat(self.journal_path).st_size
        except OSError:
            self._offset = 0
        self._loaded = True

    def replace_all(self, data: Tables) -> None:
        """Replace the whole state (index rebuilt from the drafts) and compact it."""
        self._state = {table: {k: dict(v) for k, v in docs.items()} for table, docs in data.items()}
        self._loaded = True
        self._adopted = None
        self._invalid, self._invalid_in = {}, set()
        self.compact()


class _Touched(dict):
    """A table as TinyDB's updaters see it: documents are copied when touched, and touches recorded.

    TinyDB updates documents in place; copying on access keeps the storage's
    state intact until the journal line is written, and the record of touched
    ids lets the storage write those alone.
    """

    def __init__(self, docs: dict[str, dict[str, Any]]) -> None:
        super().__init__(docs)
        self.touched: set[str] = set()

    def __getitem__(self, key: str) -> dict[str, Any]:
        value = dict(super().__getitem__(key))
        super().__setitem__(key, value)
        self.touched.add(key)
        return value

    def __setitem__(self, key: str, value: dict[str, Any]) -> None:
        super().__setitem__(key, value)
        self.touched.add(key)

    def __delitem__(self, key: str) -> None:
        super().__delitem__(key)
        self.touched.add(key)

    def pop(self, key: str, *default: Any) -> Any:
        self.touched.add(key)
        return super().pop(key, *default)

    def clear(self) -> None:
        self.touched.update(self.keys())
        super().clear()


class JournalTable(Table):
    """A TinyDB table whose writes cost the same with 10 documents or 10,000.

    Stock TinyDB rebuilds the whole table twice per write (to convert ids) and
    hands the whole database to the storage. Here ids are strings already (the
    drafts' ids), and only the documents an operation touched reach
    :meth:`JournalStorage.write_changes`. Reads and queries are TinyDB's own.
    """

    document_id_class = str  # type: ignore[assignment]  # TinyDB's stubs say int; ids here are draft ids

    def _update_table(self, updater: Any) -> None:
        storage = self._storage
        if not isinstance(storage, JournalStorage):
            super()._update_table(updater)
            return
        table = _Touched(storage.documents(self.name))
        updater(table)
        storage.write_changes(self.name, {k: dict.get(table, k) for k in table.touched})
        self.clear_cache()


class FileLock:
    """A lock file, shared or exclusive, re-entrant within the process, through portalocker.

    portalocker (a small, long-kept cross-platform library) is ``flock(2)`` on
    Linux and macOS, exactly what this class called before, and ``LockFileEx``
    on Windows (through pywin32, its ``win32`` extra). Either way the lock
    belongs to the open file and the system drops it when the process ends, even
    killed (SIGKILL, Task Manager): a crash never leaves the store locked.
    Where Windows has no pywin32 (portalocker installed without its extra), a
    shared hold is taken exclusively: readers then wait for one another, a few
    milliseconds each, and nothing else changes.

    The lock belongs to the open file, so threads of one process share it: a
    threading lock serialises them first, and nested holds only count.

    Args:
        path: the lock file (created 0600 when the folder is writable).
        writable: False when the folder is read-only: the lock file is opened
            read-only if it exists (locking needs no write access), else locking
            is skipped (nobody can write there anyway).
        timeout: seconds to wait for another process before :class:`LockTimeout`.
    """

    def __init__(self, path: Path, *, writable: bool = True, timeout: float = 10.0) -> None:
        self.path = Path(path)
        self.timeout = timeout
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._exclusive = False
        self._shared_ok = True
        """False once the platform refused a shared lock (Windows without pywin32): exclusive instead."""
        flags = (os.O_RDWR | os.O_CREAT) if writable else os.O_RDONLY
        self._file: io.FileIO | None = None
        try:
            # O_NONBLOCK: a pipe in the lock's place is opened without waiting for a writer, then refused.
            fd = os.open(self.path, flags | _NO_INHERIT | getattr(os, "O_NONBLOCK", 0), PRIVATE_FILE)
        except OSError:
            if writable:
                raise
            return
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            os.close(fd)
            if writable:
                raise SpecialFile(self.path, info.st_mode)
            return
        self._file = io.FileIO(fd, "r+" if writable else "r", closefd=True)
        self._locker = locker = _portalocker()
        flags = locker.LockFlags
        self._flags = {True: flags.EXCLUSIVE | flags.NON_BLOCKING, False: flags.SHARED | flags.NON_BLOCKING}

    @property
    def depth(self) -> int:
        """How many nested :meth:`hold` blocks this process is in (0: the lock is not held)."""
        return self._depth

    @property
    def exclusive(self) -> bool:
        """True while this process holds the lock exclusively."""
        return self._depth > 0 and self._exclusive

    @contextmanager
    def hold(self, exclusive: bool) -> Iterator[None]:
        """Hold the lock (exclusive to write) for the duration of the block."""
        with self._thread_lock:
            if self._depth and (self._exclusive or not exclusive):
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            if self._depth:
                raise RuntimeError("cannot upgrade a shared store lock to exclusive")
            self._acquire(exclusive)
            self._exclusive = exclusive
            self._depth = 1
            try:
                yield
            finally:
                self._depth = 0
                self._exclusive = False
                self._release()

    def _acquire(self, exclusive: bool) -> None:
        if self._file is None:
            return
        locker = self._locker
        flags = self._flags[exclusive or not self._shared_ok]
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                locker.lock(self._file, flags)
                return
            except locker.AlreadyLocked:
                if time.monotonic() > deadline:
                    raise LockTimeout(str(self.path)) from None
                # Short, jittered polls: a lock is held for a few milliseconds, and a process
                # that polls slowly would starve behind one that saves in a loop.
                time.sleep(random.uniform(0.0002, 0.001))
            except ImportError:
                if exclusive or not self._shared_ok:
                    raise
                self._shared_ok = False  # Windows without pywin32: no shared lock, an exclusive one
                flags = self._flags[True]
            except locker.LockException as exc:
                raise _os_error(exc, self.path) from None

    def _release(self) -> None:
        if self._file is None:
            return
        try:
            self._locker.unlock(self._file)
        except self._locker.LockException as exc:
            raise _os_error(exc, self.path) from None

    def close(self) -> None:
        """Release the lock file."""
        if self._file is not None:
            self._file.close()
            self._file = None


def _portalocker() -> Any:
    """The portalocker module, imported on the first lock (it costs ~20 ms: never for `validate`)."""
    import portalocker

    return portalocker


def _os_error(exc: BaseException, path: Path) -> OSError:
    """A locking failure other than "held elsewhere" as the OSError the system gave (ENOLCK if none)."""
    cause = exc.__cause__
    if isinstance(cause, OSError):
        return cause
    return OSError(errno.ENOLCK, os.strerror(errno.ENOLCK), str(path))
