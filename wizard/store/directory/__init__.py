"""The directory of known MSSanté addresses: import, status, loading. The one public entry point.

The imported list lives in ``data_dir() / "directory.bin"`` (0600, folder
0700), a packed file (see :mod:`wizard.store.directory.format`) replaced
atomically by each import. Requests exported from the drafts store count as
known addresses too (:func:`load_known`).

This module imports nothing heavy at import time: `balorg validate` asks
:func:`has_list` on every run, and only loads the list (and rapidfuzz) when
there is one.

For the wizard::

    known = load_known(store=drafts)      # in a worker thread: ~0.1 s for 600,000 addresses
    if known is not None:
        known = known.without(request_id) # per draft: its own exported addresses are not "known"
    findings = rules.check(data, known=known)   # ~1-3 ms a call: in a worker, stale answers dropped
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wizard.store.directory.importer import ImportSummary, Progress
    from wizard.store.directory.index import DirectoryIndex
    from wizard.store.directory.known import Extra, Known

FILE_NAME = "directory.bin"


class DirectoryError(Exception):
    """An import or a load that failed; ``code`` and ``params`` name the French/English message."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def directory_path(folder: str | os.PathLike[str] | None = None) -> Path:
    """Where the imported list is (in `folder`, default the data folder)."""
    if folder is None:
        from wizard.paths import data_dir

        folder = data_dir()
    return Path(folder) / FILE_NAME


def has_list(folder: str | os.PathLike[str] | None = None) -> bool:
    """True when something is in the list's place (one ``lstat``: cheap enough for every `validate`).

    Not only a regular file: a pipe, a folder, a device or a dangling link there is a
    damaged list (reported by :func:`status` and :func:`load_index`), not "nothing imported".
    """
    return os.path.lexists(directory_path(folder))


def import_file(source: str | os.PathLike[str], *, folder: str | os.PathLike[str] | None = None, progress: Progress | None = None) -> ImportSummary:
    """Import an "Extraction_Correspondance_MSSante" file, replacing the previous list atomically.

    Args:
        source: the extraction file.
        folder: the data folder (default: :func:`wizard.paths.data_dir`).
        progress: called now and then with ``(phase, done, total)``.

    Returns:
        What was read, kept and skipped.

    Raises:
        DirectoryError: ``directory.unreadable`` (the file cannot be read),
            ``directory.empty`` (no valid address in it: the previous list is
            kept), ``directory.unwritable`` (the data folder cannot be written).
    """
    from wizard.fileio import SpecialFile, atomic_write, ensure_private_dir, os_reason
    from wizard.store.directory.importer import import_extraction

    try:
        info = os.stat(source)  # a pipe would be waited on, a device read without end: files only
        if not stat.S_ISREG(info.st_mode):
            raise SpecialFile(source, info.st_mode)
        content, summary = import_extraction(source, progress)
    except (OSError, MemoryError, RuntimeError) as exc:  # RuntimeError: a loop of links, in pathlib
        raise DirectoryError("directory.unreadable", file=os.fspath(source), reason=os_reason(exc)) from exc
    if not summary.kept:
        raise DirectoryError("directory.empty", file=os.fspath(source), rows=summary.rows)
    target = directory_path(folder)
    try:
        ensure_private_dir(target.parent)
        atomic_write(target, content)
    except OSError as exc:
        raise DirectoryError("directory.unwritable", file=str(target), reason=os_reason(exc)) from exc
    if progress is not None:
        progress("write", 1, 1)
    return summary


def status(folder: str | os.PathLike[str] | None = None) -> dict[str, Any] | None:
    """What is loaded (from the file's header only: fast), or None when no list was imported.

    Returns:
        ``{"path", "size", "imported_at", "summary": {...}, "source_size", ...}``.

    Raises:
        DirectoryError: ``directory.damaged`` when the file is not a list this version can read.
    """
    from wizard.store.directory.format import FormatError, read_meta

    path = directory_path(folder)
    if not os.path.lexists(path):
        return None
    try:
        meta = read_meta(path)
        size = path.stat().st_size
    except (OSError, FormatError) as exc:
        raise DirectoryError("directory.damaged", file=str(path), reason=str(exc)) from exc
    meta.pop("sections", None)
    return {"path": str(path), "size": size, **meta}


def load_index(folder: str | os.PathLike[str] | None = None) -> DirectoryIndex | None:
    """The imported list, loaded, or None when there is none.

    Raises:
        DirectoryError: ``directory.damaged`` when the file cannot be read as a list.
    """
    path = directory_path(folder)
    if not os.path.lexists(path):
        return None
    from wizard.store.directory.format import FormatError
    from wizard.store.directory.index import DirectoryIndex

    try:
        return DirectoryIndex.load(path)
    except (OSError, FormatError, UnicodeDecodeError, KeyError, ValueError) as exc:
        raise DirectoryError("directory.damaged", file=str(path), reason=str(exc)) from exc


def load_known(
    folder: str | os.PathLike[str] | None = None,
    *,
    exports: bool = True,
    store: Any = None,
    extra: list[Extra] | list[tuple[str, str]] | None = None,
    damaged: Callable[[DirectoryError], object] | None = None,
) -> Known | None:
    """The known addresses for :func:`wizard.model.rules.check`, or None when nothing is known.

    Safe to call in a worker thread; the object returned is read-only and can
    be shared. A damaged list is treated as absent (the wizard must still start);
    ``balorg directory status`` reports it.

    Args:
        folder: the data folder (default: :func:`wizard.paths.data_dir`).
        exports: also count the requests exported from the drafts store.
        store: the open :class:`~wizard.store.drafts.DraftStore` to read them from
            (default: the data folder's, opened and closed here).
        extra: more ``(address, structure)`` pairs or :class:`Extra` items.
        damaged: called with the error when the imported list cannot be read
            (`balorg validate` says so on stderr; the wizard says nothing here).

    This is what every door checks a request against (`balorg validate`,
    `balorg export`, the wizard's steps, Review and export, the drafts' error
    counts), through :func:`wizard.model.rules.check`'s ``known``.
    """
    if not has_list(folder) and not (directory_path(folder).parent / "drafts").is_dir() and not extra:
        return None  # nothing imported, nothing exported: not even the modules below are loaded
    from wizard.store.directory.known import Known, exported_requests

    try:
        index = load_index(folder)
    except DirectoryError as exc:
        if damaged is not None:
            damaged(exc)
        index = None
    extras: list[Extra | tuple[str, str]] = list(extra or [])
    if exports:
        extras.extend(exported_requests(directory_path(folder).parent, store=store))
    if index is None and not extras:
        return None
    return Known(index, extras)
