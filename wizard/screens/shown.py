"""What Home and the step screens share when they are shown: no work Textual would do twice.

Textual restyles every widget of a screen each time it is shown, and lays a
screen out twice the first time (the first layout sends the screen a Resize
to the size it was just laid out at). Both are most of the cost of showing a
screen built a moment before, or shown already.
"""

from __future__ import annotations

from textual import events
from textual.geometry import Size
from textual.screen import Screen


class ShownOnce(Screen[None]):
    """A screen restyled on show only when the theme changed since it was styled, laid out once per size."""

    _styled_theme: str | None = None

    def _on_mount(self, _event: events.Mount) -> None:
        # Textual calls each class's handler in turn: Screen's own runs after this one.
        self._styled_theme = self.app.theme  # every widget was just styled, under this theme

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        theme = self.app.theme
        if self._styled_theme == theme:
            event.refresh_styles = False
        self._styled_theme = theme
        super()._on_screen_resume(event)
        # Called here, so that subclasses can act after it: not a second time by Textual,
        # which calls each class's handler in turn unless told not to.
        event.prevent_default()

    def _screen_resized(self, size: Size) -> None:
        if size != self._size:  # a real resize; the same size is the echo of the layout just done
            super()._screen_resized(size)
