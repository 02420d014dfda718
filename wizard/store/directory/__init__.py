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
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wizard.store.directory.importer import Progress
    from wizard.store.directory.index import DirectoryIndex
    from wizard.store.directory.known import Extra, Known
    from wizard.store.directory.rpps import RppsIndex

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


RPPS_FILE_NAME = "rpps.bin"
KINDS = ("addresses", "rpps")
"""The two public lists (reference/domain.md §8 and §8b): the MSSanté addresses and the RPPS directory."""

_BOM = b"\xef\xbb\xbf"
_ZIP_MAGIC = b"PK\x03\x04"
_MEMBERS = {
    "rpps": re.compile(r"(^|/)PS_LibreAcces_Personne_activite[^/]*\.(txt|csv)$", re.IGNORECASE),
    "addresses": re.compile(r"(^|/)Extraction_Correspondance_MSSante[^/]*\.(txt|csv)$", re.IGNORECASE),
}
"""The member of each downloaded ZIP that is the list (``PS_LibreAcces_*.zip`` holds several files)."""
ADDRESS_COLUMNS = 31


def list_path(kind: str, folder: str | os.PathLike[str] | None = None) -> Path:
    """Where the imported list of `kind` (``"addresses"`` or ``"rpps"``) is kept."""
    place = directory_path(folder)
    return place if kind == "addresses" else place.parent / RPPS_FILE_NAME


def kind_of(first_line: bytes) -> str | None:
    """Which list a file is, from its first line: ``"rpps"``, ``"addresses"``, or None (neither)."""
    from wizard.store.directory.rpps import is_rpps_header

    if is_rpps_header(first_line):
        return "rpps"
    fields = first_line.removeprefix(_BOM).rstrip(b"\r\n").split(b"|")
    if len(fields) > 1 and fields[0].strip().lower() == b"type de bal" and fields[1].strip().lower() == b"adresse bal":
        return "addresses"
    if len(fields) in (ADDRESS_COLUMNS, ADDRESS_COLUMNS + 1) and b"@" in fields[1]:
        return "addresses"  # an extraction without its header line (read as data since issue 5)
    return None


def import_file(source: str | os.PathLike[str], *, folder: str | os.PathLike[str] | None = None, progress: Progress | None = None) -> Any:
    """Import either list (see :func:`import_any`); only what was read."""
    return import_any(source, folder=folder, progress=progress)[1]


def import_any(source: str | os.PathLike[str], *, folder: str | os.PathLike[str] | None = None,
               progress: Progress | None = None) -> tuple[str, Any]:
    """Import a public list, recognised by its header, replacing the previous list of its kind atomically.

    `source` is the Annuaire Santé's ``Extraction_Correspondance_MSSante`` file or its
    ``PS_LibreAcces_Personne_activite`` file, or either inside the ZIP as downloaded.
    Until the new list is written whole, the previous one stays in use.

    Returns:
        ``(kind, summary)``: ``"addresses"`` with an
        :class:`~wizard.store.directory.importer.ImportSummary`, or ``"rpps"`` with an
        :class:`~wizard.store.directory.rpps.RppsSummary`.

    Raises:
        DirectoryError: ``directory.unreadable``, ``directory.empty_file``,
            ``directory.unknown_kind`` (neither list), ``directory.zip_damaged``,
            ``directory.zip_unknown`` (a ZIP holding neither list), ``directory.cut``
            (the file ends in the middle of a line), ``directory.empty`` (no valid
            line), ``directory.unwritable``.
    """
    from wizard.fileio import SpecialFile, os_reason

    name = os.fspath(source)
    try:
        info = os.stat(source)  # a pipe would be waited on, a device read without end: files only
        if not stat.S_ISREG(info.st_mode):
            raise SpecialFile(source, info.st_mode)
        with open(source, "rb") as handle:
            first = handle.readline(1 << 16)
    except (OSError, RuntimeError) as exc:  # RuntimeError: a loop of links, in pathlib
        raise DirectoryError("directory.unreadable", file=name, reason=os_reason(exc)) from exc
    if not first.strip(b" \t\r\n"):
        raise DirectoryError("directory.empty_file", file=name)
    if first.startswith(_ZIP_MAGIC):
        return _import_zip(Path(source), folder, progress)
    kind = kind_of(first)
    if kind is None:
        raise DirectoryError("directory.unknown_kind", file=name)
    if kind == "rpps":
        try:
            with open(source, "rb") as handle:
                return kind, _import_rpps(handle, name, info.st_size, folder, progress)
        except OSError as exc:
            raise DirectoryError("directory.unreadable", file=name, reason=os_reason(exc)) from exc
    if _cut_in_the_middle(Path(source), info.st_size):
        raise DirectoryError("directory.cut", file=name)
    return kind, _import_addresses(Path(source), name, folder, progress)


def _cut_in_the_middle(path: Path, size: int) -> bool:
    """True when an address list ends inside a line: no newline at its end and a last line short of columns."""
    with open(path, "rb") as handle:
        handle.seek(max(0, size - (1 << 16)))
        tail = handle.read()
    if not tail or tail.endswith(b"\n"):
        return False
    last = tail.rsplit(b"\n", 1)[-1]
    return len(last.rstrip(b"\r").split(b"|")) not in (ADDRESS_COLUMNS, ADDRESS_COLUMNS + 1)


def _import_addresses(path: Path, name: str, folder: str | os.PathLike[str] | None, progress: Progress | None, *, inflated: bool = False) -> Any:
    from wizard.fileio import atomic_write, ensure_private_dir, os_reason
    from wizard.store.directory.importer import import_extraction

    try:
        content, summary = import_extraction(path, progress, name=name if inflated else None)
    except (OSError, MemoryError, RuntimeError) as exc:
        raise DirectoryError("directory.unreadable", file=name, reason=os_reason(exc)) from exc
    if not summary.kept:
        raise DirectoryError("directory.empty", file=name, rows=summary.rows)
    target = list_path("addresses", folder)
    try:
        ensure_private_dir(target.parent)
        atomic_write(target, content)
    except OSError as exc:
        raise DirectoryError("directory.unwritable", file=str(target), reason=os_reason(exc)) from exc
    if progress is not None:
        progress("write", 1, 1)
    return summary


def _import_rpps(stream: Any, name: str, total: int, folder: str | os.PathLike[str] | None, progress: Progress | None) -> Any:
    from wizard.fileio import ensure_private_dir, os_reason
    from wizard.store.directory.rpps import RppsError, import_rpps

    target = list_path("rpps", folder)
    try:
        ensure_private_dir(target.parent)
    except OSError as exc:
        raise DirectoryError("directory.unwritable", file=str(target), reason=os_reason(exc)) from exc
    try:
        return import_rpps(stream, target, source=name, progress=progress, total=total)
    except RppsError as exc:
        code = {"rpps.cut": "directory.cut", "rpps.empty": "directory.empty", "rpps.header": "directory.unknown_kind"}.get(exc.code)
        if code is None:
            raise DirectoryError(exc.code, file=name, **exc.params) from exc
        raise DirectoryError(code, file=name, rows=exc.params.get("rows", 0)) from exc


def _import_zip(path: Path, folder: str | os.PathLike[str] | None, progress: Progress | None) -> tuple[str, Any]:
    """A list inside the ZIP as downloaded: the RPPS file is read from the archive as it is inflated; the
    address list (read in two halves at once) is inflated into a private temporary file first."""
    import shutil
    import tempfile
    import zipfile
    import zlib

    from wizard.fileio import ensure_private_dir, os_reason

    name = os.fspath(path)
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            found = next(((kind, m) for kind, pattern in _MEMBERS.items() for m in members if pattern.search(m.filename)), None)
            if found is None:
                raise DirectoryError("directory.zip_unknown", file=name, members=", ".join(m.filename for m in members[:5]) or "∅")
            kind, member = found
            where = f"{name} ({member.filename})"
            with archive.open(member) as stream:
                first = stream.readline(1 << 16)
            if kind_of(first) != kind:
                raise DirectoryError("directory.unknown_kind", file=where)
            if kind == "rpps":
                with archive.open(member) as stream:
                    return kind, _import_rpps(stream, where, member.file_size, folder, progress)
            target = list_path(kind, folder)
            ensure_private_dir(target.parent)
            handle, temporary = tempfile.mkstemp(prefix=".import-", suffix=".txt", dir=target.parent)  # 0600
            try:
                with os.fdopen(handle, "wb") as out, archive.open(member) as stream:
                    shutil.copyfileobj(stream, out, 1 << 20)
                if _cut_in_the_middle(Path(temporary), os.path.getsize(temporary)):
                    raise DirectoryError("directory.cut", file=where)
                return kind, _import_addresses(Path(temporary), where, folder, progress, inflated=True)
            finally:
                os.unlink(temporary)
    except DirectoryError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error, NotImplementedError, ValueError) as exc:
        raise DirectoryError("directory.zip_damaged", file=name, reason=str(exc) or type(exc).__name__) from exc
    except OSError as exc:
        raise DirectoryError("directory.unreadable", file=name, reason=os_reason(exc)) from exc


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


def rpps_status(folder: str | os.PathLike[str] | None = None) -> dict[str, Any] | None:
    """What the imported RPPS directory is (file, date, counts), or None when none was imported.

    Raises:
        DirectoryError: ``directory.damaged`` when the file cannot be read as a list.
    """
    path = list_path("rpps", folder)
    index = load_rpps(folder)
    if index is None:
        return None
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DirectoryError("directory.damaged", file=str(path), reason=str(exc)) from exc
    return {"path": str(path), "size": size, "summary": dict(index.summary)}


def load_rpps(folder: str | os.PathLike[str] | None = None) -> RppsIndex | None:
    """The imported RPPS directory (mapped, not read: fast), or None when there is none.

    Raises:
        DirectoryError: ``directory.damaged`` when the file cannot be read as a list.
    """
    path = list_path("rpps", folder)
    if not os.path.lexists(path):
        return None
    from wizard.store.directory.rpps import RppsError, RppsIndex

    try:
        return RppsIndex.load(path)
    except (OSError, RppsError, ValueError) as exc:
        raise DirectoryError("directory.damaged", file=str(path), reason=_reason(exc)) from exc


def _reason(exc: BaseException) -> str:
    from wizard.fileio import os_reason

    if isinstance(exc, OSError):
        return os_reason(exc)
    message = getattr(exc, "message", None)
    return str(message() if callable(message) else exc)


def list_date(source: str) -> str | None:
    """The date of a public list from its file's name (``…_202612010930.txt`` → ``2026-12-01``)."""
    from wizard.store.directory.rpps import source_date

    return source_date(source)


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
    rpps_there = os.path.lexists(list_path("rpps", folder))
    if not has_list(folder) and not rpps_there and not (directory_path(folder).parent / "drafts").is_dir() and not extra:
        return None  # nothing imported, nothing exported: not even the modules below are loaded
    from wizard.store.directory.known import Known, exported_requests

    try:
        index = load_index(folder)
    except DirectoryError as exc:
        if damaged is not None:
            damaged(exc)
        index = None
    rpps = None
    if rpps_there:
        try:
            rpps = load_rpps(folder)
        except DirectoryError as exc:
            if damaged is not None:
                damaged(exc)
    extras: list[Extra | tuple[str, str]] = list(extra or [])
    if exports:
        extras.extend(exported_requests(directory_path(folder).parent, store=store))
    if index is None and rpps is None and not extras:
        return None
    return Known(index, extras, rpps=rpps)
