"""A scrolling area that is a Tab stop only when it has something to scroll, and shows when it has the focus.

Textual's ``VerticalScroll`` takes the focus whatever it holds: Tab stops on
a help panel that fits, or on a step that shows whole, and nothing on screen
says where the focus went. Here it takes it only when there is more to read
than shows (the arrows and Page keys then scroll it), and it is tinted while
it has it.
"""

from __future__ import annotations

from textual.containers import VerticalScroll


class ScrollArea(VerticalScroll):
    """A VerticalScroll focusable only while its content is taller than it."""

    DEFAULT_CSS = """
    ScrollArea:focus { background-tint: $foreground 6%; }
    """

    def allow_focus(self) -> bool:
        return self.can_focus and self.max_scroll_y > 0
