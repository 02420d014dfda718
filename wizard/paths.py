"""Where balorg keeps its files.

Data (drafts, directory): `--data-dir`, else `BALORG_DATA_DIR`, else the user's data folder.
Preferences: `--config-dir`, else `BALORG_CONFIG_DIR`, else the user's config folder.
Exports are proposed in the user's documents folder (:func:`documents_dir`), never the current one.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "BALORG_DATA_DIR"
CONFIG_ENV_VAR = "BALORG_CONFIG_DIR"
_override: Path | None = None
_config_override: Path | None = None


def set_data_dir(path: str | Path | None) -> None:
    """Use `path` for this process (the `--data-dir` option); None restores the default."""
    global _override
    _override = Path(path).expanduser() if path else None


def data_dir() -> Path:
    """The data folder in force (not created here: the store creates it 0700)."""
    if _override is not None:
        return _override
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("balorg", appauthor=False))


def set_config_dir(path: str | Path | None) -> None:
    """Use `path` for the preferences in this process (the `--config-dir` option); None restores the default."""
    global _config_override
    _config_override = Path(path).expanduser() if path else None


def config_dir() -> Path:
    """The folder of the preferences in force (not created here: the preferences create it 0700)."""
    if _config_override is not None:
        return _config_override
    env = os.environ.get(CONFIG_ENV_VAR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("balorg", appauthor=False))


def documents_dir() -> Path:
    """The user's documents folder (platformdirs: on Linux ``XDG_DOCUMENTS_DIR``, then
    ``user-dirs.dirs``, then ``~/Documents``); the home folder when it does not exist."""
    from platformdirs import user_documents_dir

    try:
        documents = Path(user_documents_dir())
        if documents.is_absolute() and documents.is_dir():
            return documents
        return Path.home()
    except (OSError, RuntimeError):  # no home folder to resolve ``~`` against: the data folder, never ``.``
        return data_dir()
