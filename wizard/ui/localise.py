"""Key descriptions in the language in force, through Textual's public API only.

A Textual class's ``BINDINGS`` are read once, when the class is created, so a
description written there is in the language of the moment the module was
imported. The CLI sets the language before it imports the wizard, but a
process may change it afterwards (the tests do, ``--lang`` through the
palette might). :class:`Localised` gives each class a twin per language:
creating an instance of a localised class creates an instance of a subclass
whose ``BINDINGS`` carry the descriptions of the language in force, made once
per class and language. It is plain Python (a subclass with its own
``BINDINGS``, which Textual merges key by key over the base's), no private
name of Textual's; ``tests/test_localise.py`` fails if Textual stops merging
bindings that way.
"""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

from textual.binding import ActiveBinding, Binding

from wizard.model.i18n import get_language

_MADE: dict[tuple[type, str], type] = {}


class Localised:
    """Mixin for a Textual class whose key descriptions follow the language (first in the bases)."""

    LOCALISED_FROM: ClassVar[type | None] = None
    """On a per-language twin: the class it was made from."""

    @classmethod
    def binding_descriptions(cls) -> dict[str, str]:
        """Each bound action's description, in the language in force (a subclass extends its base's)."""
        return {}

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """On a screen: its active bindings (what its Footer shows), Textual's own descriptions included
        (an open Select's "Dismiss menu", an Input's keys), in the language in force."""
        return localised_bindings(super().active_bindings)  # type: ignore[misc]

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        base = cls.LOCALISED_FROM or cls
        language = get_language()
        twin = _MADE.get((base, language))
        if twin is None:
            twin = _twin(base)
            _MADE[(base, language)] = twin
        return super().__new__(twin)


def _twin(base: type) -> type:
    """A subclass of `base` whose bindings carry the descriptions of the language in force."""
    descriptions: dict[str, str] = base.binding_descriptions()  # type: ignore[attr-defined]
    by_key: dict[str, Binding] = {}  # a subclass's binding of a key replaces its base's, as in Textual
    for cls in reversed(base.__mro__):
        for binding in cls.__dict__.get("BINDINGS", ()):
            if isinstance(binding, Binding):
                by_key[binding.key] = binding
    bindings = [dataclasses.replace(b, description=descriptions[b.action])
                for b in by_key.values() if b.action in descriptions]
    namespace = {
        "BINDINGS": bindings,
        "LOCALISED_FROM": base,
        "__module__": base.__module__,
        "__qualname__": base.__qualname__,
        "__doc__": base.__doc__,
    }
    return type(base.__name__, (base,), namespace)


# Textual's own key descriptions (its widgets' BINDINGS, in English), in French. Keyed by Textual's
# English text: a description Textual adds or rewords shows in English until it is added here,
# and tests/test_ux_french.py, which reads Textual's bindings, fails until it is.
TEXTUAL_KEYS: dict[str, str] = {
    "Bottom": "Fin",
    "Copy": "Copier",
    "Copy selected text": "Copier le texte sélectionné",
    "Cursor Down": "Descendre",
    "Cursor Up": "Monter",
    "Cursor down": "Descendre",
    "Cursor down select": "Sélectionner vers le bas",
    "Cursor left": "Curseur à gauche",
    "Cursor left select": "Sélectionner à gauche",
    "Cursor left word select": "Sélectionner le mot à gauche",
    "Cursor line end": "Fin de ligne",
    "Cursor line end select": "Sélectionner jusqu'à la fin de ligne",
    "Cursor line start": "Début de ligne",
    "Cursor line start select": "Sélectionner jusqu'au début de ligne",
    "Cursor page down": "Page suivante",
    "Cursor page up": "Page précédente",
    "Cursor right": "Curseur à droite",
    "Cursor right select": "Sélectionner à droite",
    "Cursor right word select": "Sélectionner le mot à droite",
    "Cursor to next ancestor": "Élément parent suivant",
    "Cursor to next sibling": "Élément suivant du même niveau",
    "Cursor to parent": "Élément parent",
    "Cursor to previous sibling": "Élément précédent du même niveau",
    "Cursor up": "Monter",
    "Cursor up select": "Sélectionner vers le haut",
    "Cursor word left": "Mot précédent",
    "Cursor word right": "Mot suivant",
    "Cut": "Couper",
    "Cut selected text": "Couper le texte sélectionné",
    "Delete all to the left": "Effacer tout à gauche",
    "Delete all to the right": "Effacer tout à droite",
    "Delete character left": "Effacer le caractère à gauche",
    "Delete character right": "Effacer le caractère à droite",
    "Delete left to start of word": "Effacer jusqu'au début du mot",
    "Delete line": "Effacer la ligne",
    "Delete right to start of word": "Effacer jusqu'au mot suivant",
    "Delete to line end": "Effacer jusqu'à la fin de ligne",
    "Delete to line start": "Effacer jusqu'au début de ligne",
    "Dismiss menu": "Fermer la liste",
    "Down": "Descendre",
    "End": "Fin",
    "Expand or collapse all": "Tout déplier ou replier",
    "First": "Premier",
    "Focus Next": "Champ suivant",
    "Focus Previous": "Champ précédent",
    "Go to end": "Aller à la fin",
    "Go to start": "Aller au début",
    "Home": "Début",
    "Last": "Dernier",
    "Move cursor left": "Curseur à gauche",
    "Move cursor left a word": "Mot précédent",
    "Move cursor left a word and select": "Sélectionner le mot précédent",
    "Move cursor left and select": "Sélectionner à gauche",
    "Move cursor right a word": "Mot suivant",
    "Move cursor right a word and select": "Sélectionner le mot suivant",
    "Move cursor right and select": "Sélectionner à droite",
    "Move cursor right or accept the completion suggestion": "Curseur à droite, ou accepter la suggestion",
    "Next option": "Choix suivant",
    "Page Down": "Page suivante",
    "Page Left": "Page à gauche",
    "Page Right": "Page à droite",
    "Page Up": "Page précédente",
    "Page down": "Page suivante",
    "Page up": "Page précédente",
    "Paste": "Coller",
    "Paste text from the clipboard": "Coller le presse-papiers",
    "Press button": "Activer le bouton",
    "Previous option": "Choix précédent",
    "Quit": "Quitter",
    "Redo": "Rétablir",
    "Scroll Down": "Défiler vers le bas",
    "Scroll End": "Défiler jusqu'à la fin",
    "Scroll Home": "Défiler jusqu'au début",
    "Scroll Left": "Défiler à gauche",
    "Scroll Right": "Défiler à droite",
    "Scroll Up": "Défiler vers le haut",
    "Select": "Choisir",
    "Select all": "Tout sélectionner",
    "Select line": "Sélectionner la ligne",
    "Select line end": "Sélectionner jusqu'à la fin",
    "Select line start": "Sélectionner jusqu'au début",
    "Show menu": "Ouvrir la liste",
    "Submit": "Valider",
    "Toggle": "Cocher ou décocher",
    "Toggle option": "Cocher ou décocher",
    "Top": "Début",
    "Undo": "Annuler",
    "Up": "Monter",
}
"""Textual's English key descriptions → French."""


def localised_description(description: str) -> str:
    """`description` (one of Textual's own, in English) in the language in force."""
    if get_language() != "fr":
        return description
    return TEXTUAL_KEYS.get(description, description)


def localised_bindings(active: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    """`active` (a screen's active bindings) with Textual's English descriptions in the language in force."""
    if get_language() != "fr":
        return active
    out: dict[str, ActiveBinding] = {}
    for key, item in active.items():
        french = TEXTUAL_KEYS.get(item.binding.description)
        out[key] = item if french is None else ActiveBinding(
            item.node, dataclasses.replace(item.binding, description=french), item.enabled, item.tooltip)
    return out
