"""Writing files safely: never half-written, readable by the user alone.

Requests and drafts hold personal data (names, RPPS numbers): every file we
write is created 0600, and replaced atomically (temporary file in the same
folder, fsync, rename, fsync of the folder), so a crash leaves either the old
file or the new one, never a mix.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) if needed; a folder we create is 0700."""
    if not path.is_dir():
        path.mkdir(parents=True, mode=PRIVATE_DIR, exist_ok=True)
    return path


def atomic_write(path: Path, content: bytes, *, mode: int = PRIVATE_FILE) -> None:
    """Replace `path` with `content` atomically, with permissions `mode`.

    Raises:
        OSError: when the folder cannot be written (read-only, full disk...);
            the previous file, if any, is left untouched.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        os.fchmod(fd, mode)
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
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
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
