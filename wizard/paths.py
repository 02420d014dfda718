"""Where balorg keeps its files: `--data-dir`, else `BALORG_DATA_DIR`, else the user's data folder."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "BALORG_DATA_DIR"
_override: Path | None = None


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
