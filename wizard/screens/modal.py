"""The base of every dialog: dismissed once, whatever arrives after.

Two keys in one read (Enter Enter, Escape Escape, from a paste or a slow SSH
link) reach a dialog before it is gone: Textual would pop a second screen, the
one underneath, or find none left and stop the App. A dialog here closes once;
what asks it to close again, or asks it while another screen is on top, is
ignored.

What was typed in a dialog is not lost to one key: :meth:`Modal.abandon` (the
form dialogs' Escape and "Annuler") closes at once a dialog whose fields hold
what they opened with, and otherwise asks "Abandonner la saisie ?" first, the
default answer keeping the text. The fields are read generically (every input,
text area, checkbox, select and selection list in the dialog), so each dialog
gets it from this base without a word of its own.
"""

from __future__ import annotations

import asyncio
from typing import Generic, TypeVar

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Checkbox, Input, RadioButton, RadioSet, Select, SelectionList, Switch, TextArea

from wizard.model.i18n import t

ResultType = TypeVar("ResultType")

_TEXT = {
    "title": ("Abandonner la saisie ?", "Discard what was typed?"),
    "question": (
        "Ce que vous avez saisi ou changé dans cette fenêtre sera perdu.",
        "What you typed or changed in this window will be lost.",
    ),
    "keep": ("Continuer la saisie", "Keep editing"),
    "drop": ("Abandonner", "Discard"),
}
_FIELDS = (Input, TextArea, Checkbox, RadioButton, Switch, Select, SelectionList, RadioSet)


def field_value(widget: Widget) -> object:
    """What a form field holds, comparable with ``==`` (None for a widget that is no field)."""
    if isinstance(widget, Input):
        return widget.value
    if isinstance(widget, TextArea):
        return widget.text
    if isinstance(widget, (Checkbox, RadioButton, Switch)):
        return widget.value
    if isinstance(widget, Select):
        return None if widget.is_blank() else widget.value
    if isinstance(widget, SelectionList):
        return tuple(widget.selected)
    if isinstance(widget, RadioSet):
        return widget.pressed_index
    return None


class Modal(ModalScreen[ResultType], Generic[ResultType]):
    """A modal screen that is dismissed at most once, and only while it is the screen on show."""

    closed = False
    """True once dismissed (or about to be)."""
    opened_with: tuple[object, ...] | None = None
    """What the dialog's fields held when it opened (None until mounted)."""

    @property
    def active(self) -> bool:
        """True while the dialog is open and on show: its handlers act only then.

        Keys and the messages they cause may still be queued for a dialog being closed;
        they find its widgets already taken away.
        """
        return not self.closed and self.app.screen is self

    def dismiss(self, result: ResultType | None = None) -> AwaitComplete:
        if self.closed or self.app.screen is not self:
            return AwaitComplete(asyncio.sleep(0))  # already gone, or not on top: nothing to pop
        self.closed = True
        return super().dismiss(result)

    def on_mount(self) -> None:
        # Textual calls each class's on_mount, this base's after the dialog's own: the fields are set by then.
        self.opened_with = self.field_values()

    def field_values(self) -> tuple[object, ...]:
        """What the dialog's fields hold now, in the order they are shown."""
        return tuple((type(w).__name__, w.id, field_value(w)) for w in self.query("*") if isinstance(w, _FIELDS))

    @property
    def edited(self) -> bool:
        """True when a field holds something else than when the dialog opened."""
        return self.opened_with is not None and self.field_values() != self.opened_with

    def abandon(self, result: ResultType | None = None) -> None:
        """Close with `result` (a cancel); when a field was changed, ask first ("Continuer la saisie" is the default).

        A second Escape in the same burst answers the question with its default: the text stays.
        The question has no id: a third Escape may ask again while the answered one is still being
        taken away (keys in a burst), and two screens may not share an id.
        """
        if not self.active:
            return
        if not self.edited:
            self.dismiss(result)
            return
        from wizard.screens.dialogs import ChoiceScreen  # dialogs builds on this module

        def answer(choice: str | None) -> None:
            if choice == "drop":
                self.dismiss(result)

        self.app.push_screen(ChoiceScreen(
            t(_TEXT, "title"), t(_TEXT, "question"), [("keep", t(_TEXT, "keep")), ("drop", t(_TEXT, "drop"))],
            cancel="keep", focus="keep", danger=("drop",), classes="abandon-confirm"), answer)
