"""An OptionList whose page keys work before it is first laid out.

Textual's ``OptionList`` maps its options to lines when it is laid out; a page
key that arrives before that (the list shown a moment ago, keys in a burst: a
paste, a slow SSH link) finds no line and raises ``KeyError`` in
``OptionList.action_page_up`` (textual 8.2). Until the list has a size, a page
is the whole list: Page Up goes to the first option, Page Down to the last.
The random-key test (``tests/test_hostile.py``) found it, twice.
"""

from __future__ import annotations

from textual.widgets import OptionList


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
