"""The command palette (Ctrl+P): the App's commands, filtered as you type, in the user's language.

Textual's own palette gathers its hits in workers and shows them a moment
later; keys that arrive together (a paste, a slow SSH link: two Enters in one
read) reach it between those steps and it fails (a second dismiss of a screen
already gone, a page-down in a list not laid out yet, a worker querying a list
already removed). The wizard has a short, fixed list of commands, so this
palette filters it at once, on the keystroke, and once a command is chosen or
the palette closed, whatever arrives next is ignored. Its strings are the
wizard's, so nothing in it is English in the French interface.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.fuzzy import Matcher
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from wizard.model.i18n import t
from wizard.screens.modal import Modal
from wizard.ui.texts import tr

_TEXT = {
    "home": ("Aller à l'accueil", "Go to Home"),
    "home.help": ("L'accueil : vos brouillons, une nouvelle demande, ouvrir un fichier",
                  "Home: your drafts, a new request, open a file"),
}


def palette_text(key: str) -> str:
    """One of the palette's own texts, in the language in force."""
    return t(_TEXT, key)

PAGE = 5
"""How far Page Up / Page Down move in the list."""


@dataclass(frozen=True)
class Command:
    """One command: its title, a line of help, what it does."""

    title: str
    help: str
    run: Callable[[], Any]


def _fold(text: str) -> str:
    """Lower case without accents: "etape" finds "étape", "accueil" finds "Accueil"."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


class CommandsScreen(Modal[None]):
    """A filterable list of commands; Enter runs the highlighted one, Escape closes."""

    DEFAULT_CSS = """
    CommandsScreen { align-horizontal: center; align-vertical: top; background: $background 60%; }
    CommandsScreen > Vertical { width: 90%; max-width: 100; height: auto; margin-top: 2;
                                border: round $accent; background: $surface; padding: 0 1; }
    CommandsScreen Input { margin: 0; }
    CommandsScreen OptionList { height: auto; max-height: 14; border: none; padding: 0; }
    """
    BINDINGS: ClassVar = [
        Binding("escape", "close", show=False),
        Binding("down", "move(1)", show=False, priority=True),
        Binding("up", "move(-1)", show=False, priority=True),
        Binding("pagedown", f"move({PAGE})", show=False, priority=True),
        Binding("pageup", f"move(-{PAGE})", show=False, priority=True),
    ]

    def __init__(self, commands: Iterable[Command], *, placeholder: str) -> None:
        super().__init__()
        self.commands = list(commands)
        self.placeholder = placeholder
        self.shown: list[Command] = []
        self.closing = False
        """True once a command was chosen or the palette closed: later keys are ignored."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Input(placeholder=self.placeholder, id="palette-input", select_on_focus=False)
            yield OptionList(id="palette-list")

    def on_mount(self) -> None:
        self.show_matches("")

    def show_matches(self, query: str) -> None:
        """Fill the list with the commands matching `query` (all when empty), in their order.

        Those whose title holds `query` come first, then those that match it loosely (its letters in
        order); each in the order given: "étape" lists the steps in the sheet's order.
        """
        folded = _fold(query.strip())
        if folded:
            matcher = Matcher(folded)
            titles = [_fold(c.title) for c in self.commands]
            self.shown = [c for c, title in zip(self.commands, titles, strict=True) if folded in title]
            self.shown += [c for c, title in zip(self.commands, titles, strict=True)
                           if folded not in title and matcher.match(title) > 0]
        else:
            self.shown = list(self.commands)
        found = self.query("#palette-list")
        if not found:
            return  # taken down (another screen shown at once): nothing to fill
        options = found.first(OptionList)
        options.clear_options()
        if not self.shown:
            options.add_option(Option(Content(tr("palette.no_matches")), disabled=True))
            return
        options.add_options(
            Option(Content.assemble(Content(c.title), "\n", Content.styled(c.help, "dim"))) for c in self.shown
        )
        options.highlighted = 0

    @on(Input.Changed, "#palette-input")
    def filter(self, event: Input.Changed) -> None:
        event.stop()
        if not self.closing and self.is_current:
            self.show_matches(event.value)

    @on(Input.Submitted, "#palette-input")
    def submit(self, event: Input.Submitted) -> None:
        event.stop()
        found = self.query("#palette-list")
        highlighted = found.first(OptionList).highlighted if found else None
        self.choose(highlighted if highlighted is not None else 0)

    @on(OptionList.OptionSelected, "#palette-list")
    def selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose(event.option_index)

    def choose(self, index: int) -> None:
        """Run the command at `index` of those shown, once the palette is closed."""
        if self.closing or not self.is_current or not 0 <= index < len(self.shown):
            return
        command = self.shown[index]
        self.action_close()
        self.app.call_later(command.run)

    def action_move(self, delta: int) -> None:
        """Move the highlight (arrows, pages), the typing staying in the search field."""
        found = self.query("#palette-list")
        if self.closing or not self.shown or not found:
            return
        options = found.first(OptionList)
        current = options.highlighted if options.highlighted is not None else 0
        options.highlighted = max(0, min(len(self.shown) - 1, current + delta))

    def action_close(self) -> None:
        """Close the palette (once: a second Escape or Enter in the same read does nothing)."""
        if self.closing:
            return
        self.closing = True
        if self in self.app.screen_stack and self.is_current:
            self.dismiss(None)
