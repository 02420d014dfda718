"""Files, safely: never half-written, readable by the user alone, only regular files read, reasons in French.

Requests and drafts hold personal data (names, RPPS numbers): on POSIX every
file we write is created 0600 and every folder we create 0700, whatever the
umask (on Windows, where a mode only sets the read-only attribute, what protects
them is the ACL of the user's profile folder they live in: see
:data:`POSIX_MODES`), and a file is replaced atomically (temporary file in the same folder, fsync,
rename, fsync of the folder), so a crash leaves either the old file or the
new one, never a mix.

What we read or replace must be a regular file: a device, a pipe or a folder
given where a file is expected is refused with a message (never replaced by a
file of personal data, never read without end, never waited on), and what is
read is read up to a limit.

:func:`os_reason` says why a system call failed in the user's language: the
messages of these modules never quote the system's English.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from wizard.model.i18n import t

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
POSIX_MODES = os.name == "posix" and hasattr(os, "fchmod")
"""True where modes say who may read a file (Linux, macOS). On Windows ``chmod`` only sets or
clears the read-only attribute: modes are not applied there, and a folder's mode is not read as
its openness (a Windows folder always shows 0o777)."""
READ_LIMIT = 64 * 1024 * 1024
"""What a request or draft file may weigh (the largest request the rules allow is a few MB)."""


class SpecialFile(OSError):
    """A path that exists but is not a regular file (folder, pipe, device, socket)."""

    def __init__(self, path: str | os.PathLike[str], mode: int) -> None:
        self.kind = _kind(mode)
        super().__init__(errno.EINVAL, f"not a regular file ({self.kind})", os.fspath(path))


class TooLarge(OSError):
    """A file larger than what may be read."""

    def __init__(self, path: str | os.PathLike[str], limit: int) -> None:
        self.limit = limit
        super().__init__(errno.EFBIG, f"larger than {limit} bytes", os.fspath(path))


class DanglingLink(OSError):
    """A symbolic link to something that does not exist, where a folder is wanted."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__(errno.ENOENT, "dangling symbolic link", os.fspath(path))


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "other"


def ensure_private_dir(path: Path) -> Path:
    """Create `path` and its missing parents, each 0700 whatever the umask; return `path`.

    Folders that already exist are left as they are (see :func:`private_folder_problem`).

    Raises:
        DanglingLink: a component is a symbolic link to nothing.
        OSError: a component is a file, or cannot be created (its reason in :func:`os_reason`).
    """
    path = Path(path)
    if path.is_dir():
        return path
    missing: list[Path] = []
    current = path
    while not current.is_dir():
        if os.path.lexists(current) and not current.exists():
            raise DanglingLink(current)
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=PRIVATE_DIR)
        except FileExistsError:
            if folder.is_dir():
                continue  # made by someone else meanwhile
            if folder != path:  # a file on the way to the folder wanted
                raise NotADirectoryError(errno.ENOTDIR, "not a directory", str(folder)) from None
            raise
        if POSIX_MODES:
            os.chmod(folder, PRIVATE_DIR)  # mkdir's mode is masked by the umask: say it again
    return path


def open_to_others(path: Path) -> bool:
    """True when a folder we rely on is readable, writable or listable by other users (POSIX)."""
    try:
        return bool(os.stat(path).st_mode & 0o077) and POSIX_MODES
    except OSError:
        return False


def read_regular(path: str | os.PathLike[str], *, limit: int = READ_LIMIT) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them.

    A pipe is opened without waiting for a writer, then refused, like a
    device, a folder or a socket; a file over `limit` is refused without
    being read whole.

    Raises:
        SpecialFile: `path` is not a regular file.
        TooLarge: it holds more than `limit` bytes.
        OSError: it cannot be opened (missing, no permission, a loop of links...).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SpecialFile(path, info.st_mode)
        if info.st_size > limit:
            raise TooLarge(path, limit)
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        if left <= 0:
            raise TooLarge(path, limit)  # it grew while being read
        return b"".join(chunks)
    finally:
        os.close(fd)


def check_regular_target(path: Path) -> None:
    """Refuse to replace anything but a regular file (or nothing) at `path`.

    Raises:
        SpecialFile: `path` is a device, a pipe, a folder or a socket (or a link to one).
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return
    except OSError:
        return  # the write itself will say what is wrong
    if not stat.S_ISREG(info.st_mode):
        raise SpecialFile(path, info.st_mode)


def atomic_write(path: Path, content: bytes | bytearray, *, mode: int = PRIVATE_FILE) -> None:
    """Replace `path` with `content` atomically, with permissions `mode`.

    Raises:
        SpecialFile: `path` exists and is not a regular file (a device, a pipe, a folder):
            it is left as it is; balorg writes only regular files.
        OSError: when the folder cannot be written (read-only, full disk...);
            the previous file, if any, is left untouched.
    """
    path = Path(path)
    check_regular_target(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        if POSIX_MODES:
            os.fchmod(fd, mode)  # mkstemp made it 0600; another mode is said here
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    fsync_dir(folder)


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX; a no-op elsewhere and on any error)."""
    if not POSIX_MODES:
        return  # Windows opens no folder as a file; NTFS journals the rename itself
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


_KINDS = {
    "folder": ("c'est un dossier, pas un fichier", "it is a folder, not a file"),
    "pipe": ("c'est un tube (pipe) : les tubes ne sont pas pris en charge, donnez un fichier",
             "it is a pipe: pipes are not supported, give a file"),
    "device": ("c'est un périphérique, pas un fichier ordinaire : balorg ne lit et n'écrit que des fichiers",
               "it is a device, not a regular file: balorg only reads and writes files"),
    "socket": ("c'est une socket, pas un fichier", "it is a socket, not a file"),
    "other": ("ce n'est pas un fichier ordinaire", "it is not a regular file"),
}

_REASONS: dict[int, tuple[str, str]] = {
    errno.EACCES: ("permission refusée", "permission denied"),
    errno.EPERM: ("opération non permise", "operation not permitted"),
    errno.EROFS: ("système de fichiers en lecture seule", "read-only file system"),
    errno.ENOSPC: ("disque plein", "disk full"),
    errno.EDQUOT: ("quota disque dépassé", "disk quota exceeded"),
    errno.EFBIG: ("fichier trop grand", "file too large"),
    errno.ENOTDIR: ("un élément du chemin n'est pas un dossier", "a part of the path is not a folder"),
    errno.EISDIR: ("c'est un dossier, pas un fichier", "it is a folder, not a file"),
    errno.EEXIST: ("un fichier de ce nom existe déjà à la place du dossier", "a file of that name is already there instead of a folder"),
    errno.ENOENT: ("introuvable", "not found"),
    errno.EIO: ("erreur d'entrée-sortie du disque", "disk input/output error"),
    errno.ESPIPE: ("c'est un tube (pipe) : les tubes ne sont pas pris en charge, donnez un fichier",
                   "it is a pipe: pipes are not supported, give a file"),
    errno.ELOOP: ("trop de liens symboliques (une boucle de liens ?)", "too many symbolic links (a loop of links?)"),
    errno.ENAMETOOLONG: ("nom de fichier trop long", "file name too long"),
    errno.ENXIO: ("périphérique ou adresse absent", "no such device or address"),
    errno.EBUSY: ("ressource occupée", "resource busy"),
    errno.ETXTBSY: ("fichier occupé", "file busy"),
    errno.EMFILE: ("trop de fichiers ouverts", "too many open files"),
    errno.ENFILE: ("trop de fichiers ouverts sur le système", "too many open files on the system"),
    errno.ENOMEM: ("mémoire insuffisante", "not enough memory"),
    errno.EAGAIN: ("ressource momentanément indisponible", "resource temporarily unavailable"),
    errno.EINVAL: ("opération invalide sur ce fichier", "invalid operation on this file"),
    errno.EXDEV: ("le fichier est sur un autre disque", "the file is on another disk"),
}


def os_reason(exc: BaseException) -> str:
    """Why a file operation failed, in the language in force (never the system's English)."""
    if isinstance(exc, SpecialFile):
        return t(_KINDS, exc.kind)
    if isinstance(exc, TooLarge):
        megabytes = max(1, exc.limit // (1024 * 1024))
        return t({"r": ("fichier trop grand (plus de {n} Mo)", "file too large (over {n} MB)")}, "r", n=megabytes)
    if isinstance(exc, DanglingLink):
        return t({"r": ("lien symbolique vers un dossier qui n'existe pas ({path})",
                        "symbolic link to a folder that does not exist ({path})")}, "r", path=exc.filename)
    if isinstance(exc, MemoryError):
        return t({"r": _REASONS[errno.ENOMEM]}, "r")
    if isinstance(exc, UnicodeError):
        return t({"r": ("texte qui n'est pas de l'UTF-8 valide", "text that is not valid UTF-8")}, "r")
    if isinstance(exc, OSError) and exc.errno in _REASONS:
        return t({"r": _REASONS[exc.errno]}, "r")
    if isinstance(exc, OSError) and exc.errno is not None:
        name = errno.errorcode.get(exc.errno, str(exc.errno))
        return t({"r": ("erreur du système ({name})", "system error ({name})")}, "r", name=name)
    return type(exc).__name__
