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

from textual.binding import Binding

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
