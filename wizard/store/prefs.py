"""The user's preferences that stay from one run to the next (never imports textual).

Theme, side help shown or hidden, language, the last export folder: a small
JSON file, ``preferences.json``, in the config folder (:func:`wizard.paths.config_dir`),
written atomically, 0600 in a 0700 folder whatever the umask, like the store's
files. Read once at start-up (a few hundred bytes, no other import than the
standard library's and :mod:`wizard.fileio`); a damaged or unreadable file is
ignored, with a French notice naming it: it never blocks start-up. The App
applies what is read and writes back what the user changes.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from wizard.model.i18n import LANGUAGES, t

FILE_NAME = "preferences.json"
FORMAT = 1
"""Written as ``"format"``: a later version may read older files and move them on."""
READ_LIMIT = 64 * 1024
"""A preferences file is a few hundred bytes: anything larger is not ours."""

_TEXT = {
    "damaged": (
        "Préférences ignorées : le fichier {path} est illisible ({reason}). Les réglages par défaut s'appliquent ; "
        "il sera remplacé au prochain réglage changé.",
        "Preferences ignored: the file {path} cannot be read ({reason}). The defaults apply; it will be replaced "
        "at the next setting changed.",
    ),
    "not_json": ("ce n'est pas du JSON valide", "it is not valid JSON"),
    "not_object": ("ce n'est pas un objet JSON", "it is not a JSON object"),
    "unwritable": (
        "Préférence non enregistrée : {path} ne peut pas être écrit ({reason}).",
        "Preference not saved: {path} cannot be written ({reason}).",
    ),
}


@dataclass(frozen=True)
class Prefs:
    """What the user chose, each None while never chosen (the default applies)."""

    theme: str | None = None
    """The Textual theme's name."""
    help_panel: bool | None = None
    """Whether the side help shows (F2)."""
    language: str | None = None
    """``fr`` or ``en``; the CLI's ``--lang`` wins for its run."""
    export_dir: str | None = None
    """The folder of the last export: the next export is proposed there."""

    def changed(self, **values: Any) -> Prefs:
        """A copy with `values` set."""
        return replace(self, **values)


@dataclass(frozen=True)
class Loaded:
    """What :func:`load` found: the preferences, and what to tell the user (None: nothing)."""

    prefs: Prefs
    problem: str | None = None


def prefs_path(folder: Path | None = None) -> Path:
    """The preferences file in `folder` (default: the config folder in force)."""
    if folder is None:
        from wizard.paths import config_dir

        folder = config_dir()
    return Path(folder) / FILE_NAME


def load(folder: Path | None = None) -> Loaded:
    """The preferences in `folder` (default: the config folder); never raises.

    A missing file is the defaults, silently; a file that cannot be read or is not ours
    is the defaults, with a notice naming it. Values of the wrong type are dropped one
    by one (a hand-edited file keeps what is right in it).
    """
    from wizard.fileio import os_reason, read_regular

    path = prefs_path(folder)
    try:
        raw = read_regular(path, limit=READ_LIMIT)
    except FileNotFoundError:
        return Loaded(Prefs())
    except (OSError, MemoryError) as exc:
        return Loaded(Prefs(), t(_TEXT, "damaged", path=str(path), reason=os_reason(exc)))
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeError as exc:
        return Loaded(Prefs(), t(_TEXT, "damaged", path=str(path), reason=os_reason(exc)))
    except (ValueError, RecursionError):
        return Loaded(Prefs(), t(_TEXT, "damaged", path=str(path), reason=t(_TEXT, "not_json")))
    if not isinstance(data, dict):
        return Loaded(Prefs(), t(_TEXT, "damaged", path=str(path), reason=t(_TEXT, "not_object")))
    return Loaded(_from_data(data))


def _from_data(data: dict[str, Any]) -> Prefs:
    theme = data.get("theme")
    help_panel = data.get("help_panel")
    language = data.get("language")
    export_dir = data.get("export_dir")
    return Prefs(
        theme=theme if isinstance(theme, str) and 0 < len(theme) <= 100 else None,
        help_panel=help_panel if isinstance(help_panel, bool) else None,
        language=language if language in LANGUAGES else None,
        export_dir=export_dir if isinstance(export_dir, str) and export_dir and "\0" not in export_dir else None,
    )


def save(prefs: Prefs, folder: Path | None = None) -> str | None:
    """Write `prefs` (atomically, 0600, its folder created 0700); what to tell the user when it failed."""
    from wizard.fileio import atomic_write, ensure_private_dir, os_reason

    path = prefs_path(folder)
    data = {"format": FORMAT, **{key: value for key, value in asdict(prefs).items() if value is not None}}
    try:
        ensure_private_dir(path.parent)
        atomic_write(path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    except OSError as exc:
        return t(_TEXT, "unwritable", path=str(path), reason=os_reason(exc))
    return None
