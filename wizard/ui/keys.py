"""Every key a screen answers, named and described in the language in force (the F1 help's "Touches").

Built from the screen's active bindings (Textual's public ``Screen.active_bindings``): the list
says what the keys do now, on this step and in the field that has the focus, never what a
hand-written list once said. Keys of the wizard come first, those of the focused field after.
"""

from __future__ import annotations

from typing import Any

from wizard.model.i18n import get_language, t

_TEXT = {
    "title": ("Touches", "Keys"),
    "field": ("Dans l'étape et le champ qui a le focus :", "In the step and the field that has the focus:"),
    "unavailable": (" (pas ici pour l'instant)", " (not here for now)"),
    "steps": (
        "Barre des étapes : ▶ étape en cours, ✓ complète, ◐ incomplète, ✗ erreurs, ○ non commencée, "
        "· pas encore atteinte. Cases : [x] cochée, [ ] non cochée ; (•) choisi, ( ) non choisi.",
        "Step bar: ▶ current step, ✓ complete, ◐ incomplete, ✗ errors, ○ not started, · not reached "
        "yet. Boxes: [x] ticked, [ ] not ticked; (•) chosen, ( ) not chosen.",
    ),
}

_NAMES = {
    "ctrl": ("Ctrl", "Ctrl"), "shift": ("Maj", "Shift"), "alt": ("Alt", "Alt"), "super": ("Cmd", "Cmd"),
    "escape": ("Échap", "Esc"), "enter": ("Entrée", "Enter"), "space": ("Espace", "Space"),
    "tab": ("Tab", "Tab"), "backspace": ("Retour arrière", "Backspace"), "delete": ("Suppr", "Delete"),
    "up": ("↑", "↑"), "down": ("↓", "↓"), "left": ("←", "←"), "right": ("→", "→"),
    "home": ("Début", "Home"), "end": ("Fin", "End"), "pageup": ("Page préc.", "Page Up"),
    "pagedown": ("Page suiv.", "Page Down"), "insert": ("Inser", "Insert"),
}


def key_name(key: str) -> str:
    """A key as the keyboard names it: ``ctrl+s`` → ``Ctrl+S``, ``escape`` → ``Échap``."""
    french = get_language() == "fr"
    parts = []
    for part in key.split("+"):
        names = _NAMES.get(part)
        if names is not None:
            parts.append(names[0] if french else names[1])
        else:
            parts.append(part.upper() if len(part) == 1 or (part.startswith("f") and part[1:].isdigit()) else part)
    return "+".join(parts)


def key_lines(screen: Any) -> list[str]:
    """One line per action `screen` answers now: its keys and what it does (the wizard's, then the field's)."""
    own: dict[tuple[int, str], tuple[list[str], str, bool]] = {}
    fields: dict[tuple[int, str], tuple[list[str], str, bool]] = {}
    focused = screen.focused
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description:
            continue
        where = fields if focused is not None and active.node is not screen and active.node is not screen.app else own
        keys = where.setdefault((id(active.node), binding.action), ([], binding.description, active.enabled))[0]
        name = key_name(key)
        if name not in keys:
            keys.append(name)
    lines = [_line(*entry) for entry in own.values()]
    if fields:
        lines += ["", t(_TEXT, "field")] + [_line(*entry) for entry in fields.values()]
    return lines


def _line(keys: list[str], description: str, enabled: bool) -> str:
    colon = " : " if get_language() == "fr" else ": "
    return f"{', '.join(keys)}{colon}{description}" + ("" if enabled else t(_TEXT, "unavailable"))


def keys_help(screen: Any) -> str:
    """The "Touches" section of the F1 help for `screen`: a heading, the keys, the step bar's glyphs."""
    return "\n".join([t(_TEXT, "title"), *key_lines(screen), "", t(_TEXT, "steps")])
