"""An OptionList whose page keys work before it is first laid out.

Textual's ``OptionList`` maps its options to lines when it is laid out; a page
key that arrives before that (the list shown a moment ago, keys in a burst: a
paste, a slow SSH link) finds no line and raises ``KeyError`` in
``OptionList.action_page_up`` (textual 8.2). Until the list has a size, a page
is the whole list: Page Up goes to the first option, Page Down to the last.
The random-key test (``tests/test_hostile.py``) found it, twice.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding
from textual.widgets import OptionList, Select


class PagedOptionList(OptionList):
    """OptionList, with Page Up / Page Down safe before the first layout."""

    def action_page_up(self) -> None:
        if self.scrollable_content_region.height:
            super().action_page_up()
        else:
            self.action_first()

    def action_page_down(self) -> None:
        if self.scrollable_content_region.height:
            super().action_page_down()
        else:
            self.action_last()


class PagedSelect(Select[Any]):
    """Select, whose open list takes Page Up / Page Down safely before its first layout.

    The list a Select opens is one of Textual's OptionLists (its overlay): a page key in the
    same burst as the key that opened it finds no lines yet and raises ``KeyError`` (textual
    8.2; found by the random-key test). While the open list has no size, these priority
    bindings of the Select (its ancestor) take the key first and go to the first or the last
    option; once it is laid out (or while the Select is closed) they step aside
    (``check_action``) and the keys do what Textual's do.
    """

    BINDINGS: ClassVar = [
        Binding("pageup", "first_option", show=False, priority=True),
        Binding("pagedown", "last_option", show=False, priority=True),
    ]

    def _open_list(self) -> OptionList | None:
        """The open list, while it has no size yet; None otherwise."""
        if not self.expanded:
            return None
        found = self.query(OptionList)
        options = found.first() if found else None
        return options if options is not None and not options.scrollable_content_region.height else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("first_option", "last_option"):
            return self._open_list() is not None
        return super().check_action(action, parameters)

    def action_first_option(self) -> None:
        options = self._open_list()
        if options is not None:
            options.action_first()

    def action_last_option(self) -> None:
        options = self._open_list()
        if options is not None:
            options.action_last()
