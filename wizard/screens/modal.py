"""The base of every dialog: dismissed once, whatever arrives after.

Two keys in one read (Enter Enter, Escape Escape, from a paste or a slow SSH
link) reach a dialog before it is gone: Textual would pop a second screen, the
one underneath, or find none left and stop the App. A dialog here closes once;
what asks it to close again, or asks it while another screen is on top, is
ignored.
"""

from __future__ import annotations

import asyncio
from typing import Generic, TypeVar

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen

ResultType = TypeVar("ResultType")


class Modal(ModalScreen[ResultType], Generic[ResultType]):
    """A modal screen that is dismissed at most once, and only while it is the screen on show."""

    closed = False
    """True once dismissed (or about to be)."""

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
