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

Several processes may share the files: callers hold :class:`FileLock`
(shared to read, exclusive to write) and call :meth:`JournalStorage.refresh`
once they hold it, which catches up with what other processes appended (two
``stat`` calls when nothing changed).
"""

from __future__ import annotations

import errno
import fcntl
import json
import marshal
import os
import random
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tinydb.storages import Storage
from tinydb.table import Table

from wizard.fileio import PRIVATE_FILE, atomic_write

Tables = dict[str, dict[str, dict[str, Any]]]

_MIN_COMPACT = 64 * 1024
"""Never compact a journal smaller than this: replaying it costs less than rewriting."""


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
    return (st.st_ino, st.st_dev, st.st_ctime_ns if path.suffix == ".json" else 0)


class JournalStorage(Storage):
    """TinyDB storage: an atomic snapshot plus an fsynced journal of changed documents.

    Args:
        folder: where ``index.json`` and ``index.journal`` live (must exist).
        writable: False for a store opened read-only: :meth:`write` raises ``OSError(EROFS)``.
    """

    SNAPSHOT = "index.json"
    JOURNAL = "index.journal"
    CACHE = "index.cache"

    def __init__(self, folder: Path, *, writable: bool = True) -> None:
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

    # -- reading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Catch up with the files: reload after a compaction, replay lines appended since.

        Call it while holding the lock. Raises:
            IndexDamaged: when a file cannot be read as written by this storage.
        """
        snapshot_id = _identity(self.snapshot_path)
        journal_id = _identity(self.journal_path)
        if not self._loaded or snapshot_id != self._snapshot_id or journal_id != self._journal_id:
            self._reload(snapshot_id, journal_id)
        elif journal_id is not None:
            self._replay()

    def _reload(self, snapshot_id: tuple[int, ...] | None, journal_id: tuple[int, ...] | None) -> None:
        state: Tables = {}
        size = 0
        cached = self._read_cache() if snapshot_id is not None else None
        if cached is not None:
            state, size = cached
        elif snapshot_id is not None:
            try:
                raw = self.snapshot_path.read_bytes()
            except FileNotFoundError:
                raw = b""
            size = len(raw)
            if raw:
                try:
                    state = json.loads(raw)
                except (UnicodeDecodeError, ValueError, RecursionError) as exc:
                    raise IndexDamaged(self.snapshot_path, str(exc)) from None
                if not isinstance(state, dict) or not all(
                    isinstance(t, dict) and all(isinstance(d, dict) for d in t.values()) for t in state.values()
                ):
                    raise IndexDamaged(self.snapshot_path, "not a TinyDB document tree")
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

    def _cache_key(self) -> tuple[int, ...] | None:
        try:
            st = os.stat(self.snapshot_path)
        except OSError:
            return None
        return (marshal.version, *sys.version_info[:2], st.st_ino, st.st_size, st.st_mtime_ns)

    def _read_cache(self) -> tuple[Tables, int] | None:
        key = self._cache_key()
        try:
            stored_key, state = marshal.loads(self.cache_path.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            return None
        if key is None or tuple(stored_key) != key or not isinstance(state, dict):
            return None
        return state, key[-2]

    def _write_cache(self, state: Tables) -> None:
        key = self._cache_key()
        if key is None:
            return
        try:
            atomic_write(self.cache_path, marshal.dumps((key, state)))
        except (OSError, ValueError):
            pass  # only a cache

    def _replay(self) -> None:
        try:
            with open(self.journal_path, "rb") as handle:
                handle.seek(self._offset)
                tail = handle.read()
        except FileNotFoundError:
            return
        end = tail.rfind(b"\n") + 1  # a torn last line (crash mid-append) is left for later
        if not end:
            return
        for line in tail[:end].splitlines():
            if not line.strip():
                continue
            try:
                change = json.loads(line)
            except (UnicodeDecodeError, ValueError, RecursionError) as exc:
                raise IndexDamaged(self.journal_path, str(exc)) from None
            if not isinstance(change, dict):
                raise IndexDamaged(self.journal_path, "not a change record")
            self._apply(change)
        self._offset += end

    def _apply(self, change: dict[str, Any]) -> None:
        for table, docs in change.items():
            if not isinstance(docs, dict):
                raise IndexDamaged(self.journal_path, "not a change record")
            target = self._state.setdefault(table, {})
            for doc_id, doc in docs.items():
                if doc is None:
                    target.pop(doc_id, None)
                elif isinstance(doc, dict):
                    target[doc_id] = doc
                else:
                    raise IndexDamaged(self.journal_path, "not a document")

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
        change = {k: v for k, v in docs.items() if old.get(k) != v}
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
        fd = os.open(self.journal_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE)
        try:
            size = os.fstat(fd).st_size
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
        """Use `data` as the state without writing it (a read-only store whose index is damaged)."""
        self._state = {table: {k: dict(v) for k, v in docs.items()} for table, docs in data.items()}
        self._snapshot_id = _identity(self.snapshot_path)
        self._journal_id = _identity(self.journal_path)
        try:
            self._offset = os.stat(self.journal_path).st_size
        except OSError:
            self._offset = 0
        self._loaded = True

    def replace_all(self, data: Tables) -> None:
        """Replace the whole state (index rebuilt from the drafts) and compact it."""
        self._state = {table: {k: dict(v) for k, v in docs.items()} for table, docs in data.items()}
        self._loaded = True
        self.compact()


class _Touched(dict):  # type: ignore[type-arg]
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

    document_id_class = str

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
    """An ``fcntl.flock`` on a lock file, shared or exclusive, re-entrant within the process.

    flock locks belong to the open file, so threads of one process share them:
    a threading lock serialises them first. A process killed while holding the
    lock releases it (the kernel closes its files), so a crash never leaves
    the store locked.

    Args:
        path: the lock file (created 0600 when the folder is writable).
        writable: False when the folder is read-only: the lock file is opened
            read-only if it exists (flock needs no write access), else locking
            is skipped (nobody can write there anyway).
        timeout: seconds to wait for another process before :class:`LockTimeout`.
    """

    def __init__(self, path: Path, *, writable: bool = True, timeout: float = 10.0) -> None:
        self.path = Path(path)
        self.timeout = timeout
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._mode = 0
        try:
            flags = (os.O_RDWR | os.O_CREAT) if writable else os.O_RDONLY
            self._fd: int | None = os.open(self.path, flags | os.O_CLOEXEC, PRIVATE_FILE)
        except OSError:
            if writable:
                raise
            self._fd = None

    @contextmanager
    def hold(self, exclusive: bool) -> Iterator[None]:
        """Hold the lock (exclusive to write) for the duration of the block."""
        with self._thread_lock:
            if self._depth and (self._mode == fcntl.LOCK_EX or not exclusive):
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            if self._depth:
                raise RuntimeError("cannot upgrade a shared store lock to exclusive")
            mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
            self._acquire(mode)
            self._mode = mode
            self._depth = 1
            try:
                yield
            finally:
                self._depth = 0
                self._mode = 0
                if self._fd is not None:
                    fcntl.flock(self._fd, fcntl.LOCK_UN)

    def _acquire(self, mode: int) -> None:
        if self._fd is None:
            return
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                fcntl.flock(self._fd, mode | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise LockTimeout(str(self.path)) from None
                # Short, jittered polls: a lock is held for a few milliseconds, and a process
                # that polls slowly would starve behind one that saves in a loop.
                time.sleep(random.uniform(0.0002, 0.001))

    def close(self) -> None:
        """Release the lock file."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
