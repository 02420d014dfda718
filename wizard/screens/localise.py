"""Textual's own strings in the language in force: key descriptions.

Binding descriptions are class attributes, evaluated when a module is first
imported; the language may change afterwards (tests, ``--lang``), so screens
translate their own copy of the bindings when they are built.
"""

from __future__ import annotations

import dataclasses

from textual.dom import DOMNode


def localise_bindings(node: DOMNode, descriptions: dict[str, str]) -> None:
    """Replace the description of `node`'s bindings whose action is a key of `descriptions`."""
    # Each node holds its own copy of the merged bindings (DOMNode.__init__), so this
    # changes this node only.
    for key, bindings in node._bindings.key_to_bindings.items():
        node._bindings.key_to_bindings[key] = [
            dataclasses.replace(b, description=descriptions[b.action]) if b.action in descriptions else b
            for b in bindings
        ]
