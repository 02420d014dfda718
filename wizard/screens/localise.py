"""Textual's own strings in the language in force: key descriptions, the command palette.

Binding descriptions are class attributes, evaluated when a module is first
imported; the language may change afterwards (tests, ``--lang``), so screens
translate their own copy of the bindings when they are built.
"""

from __future__ import annotations

import dataclasses

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.dom import DOMNode
from textual.widgets.option_list import Option

from wizard.screens.texts import tr


def localise_bindings(node: DOMNode, descriptions: dict[str, str]) -> None:
    """Replace the description of `node`'s bindings whose action is a key of `descriptions`."""
    # Each node holds its own copy of the merged bindings (DOMNode.__init__), so this
    # changes this node only.
    for key, bindings in node._bindings.key_to_bindings.items():
        node._bindings.key_to_bindings[key] = [
            dataclasses.replace(b, description=descriptions[b.action]) if b.action in descriptions else b
            for b in bindings
        ]


class Palette(CommandPalette):
    """Textual's command palette, saying "no matches" in the user's language."""

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # CommandPalette._start_no_matches_countdown, with the text translated (Textual's is English).
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(tr("palette.no_matches"), style="not bold")), disabled=True,
                           id=self._NO_MATCHES)
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
