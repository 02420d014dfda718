"""Reference data shipped in the wheel (`data/` at the repo root, package `wizard.data`).

Every read goes through :func:`load`, cached: the files are small and read-only.
Files are found next to the `wizard.data` package's ``__file__`` rather than
through importlib.resources, whose import (pathlib and friends) costs a tenth
of `balorg validate`'s start-up budget; the package is never zipped.
"""

from __future__ import annotations

import json
import os
from functools import cache
from typing import Any


@cache
def load(name: str) -> Any:
    """Return the parsed JSON file `name` from the shipped data folder.

    Args:
        name: file name inside `data/`, e.g. ``"professions.json"``.
    """
    return read_json(_DATA_DIR, name)


def read_json(folder: str, name: str) -> Any:
    """Parse the UTF-8 JSON file `name` in `folder`."""
    with open(os.path.join(folder, name), encoding="utf-8") as handle:
        return json.load(handle)


def _data_dir() -> str:
    import wizard.data

    return os.path.dirname(wizard.data.__file__)


_DATA_DIR = _data_dir()


@cache
def professions() -> dict[str, dict[str, Any]]:
    """TRE_G15 professions by code: ``{"10": {"code", "label", "deprecated"}}``."""
    return {p["code"]: p for p in load("professions.json")["professions"]}


def active_professions() -> list[dict[str, Any]]:
    """The professions offered for new entries (deprecated codes left out)."""
    return [p for p in professions().values() if not p["deprecated"]]


def departements() -> dict[str, dict[str, str]]:
    """Départements by code (``"01"``, ``"2A"``, ``"974"``): name and region code."""
    return load("territories.json")["departements"]


def regions() -> dict[str, str]:
    """Region names by INSEE region code."""
    return load("territories.json")["regions"]


def grades() -> dict[str, dict[str, Any]]:
    """The GRADeS of each region (by region code): name, and e-mail only where the sheet gives one."""
    return load("grades.json")["grades"]


def presets() -> list[dict[str, Any]]:
    """The sheet's four use cases, as presets for a new request."""
    return load("presets.json")["presets"]


def preset_text(preset: dict[str, Any], key: str) -> str:
    """A preset's `key` (``title``, ``summary``, ``roles``) in the user's language (French otherwise)."""
    from wizard.model.i18n import get_language

    if get_language() == "en":
        return str(preset.get("en", {}).get(key) or preset[key])
    return str(preset[key])


@cache
def generic_words() -> frozenset[str]:
    """Words that do not tell one structure from another."""
    return frozenset(load("generic_names.json")["words"])


@cache
def stopwords() -> frozenset[str]:
    """Short French link words (de, des, du...) ignored when judging a name."""
    return frozenset(load("generic_names.json")["stopwords"])
