"""What Home and the wizard's screen share when they are shown again: no restyle Textual would do twice.

Textual restyles every widget of a screen each time it is shown (after a
dialog, or coming back from Home); nothing changed their styles unless the
theme changed meanwhile. :class:`ShownOnce` says so through the public
``ScreenResume.refresh_styles``: its public handler runs before Screen's own
(Textual calls a message's handlers from the subclass up), which reads it.
``tests/test_private_api.py`` checks that it still does.
"""

from __future__ import annotations

from textual import events
from textual.screen import Screen


class ShownOnce(Screen[None]):
    """A screen restyled on show only when the theme changed since it was last styled."""

    styled_theme: str | None = None

    def on_mount(self) -> None:
        self.styled_theme = self.app.theme  # every widget was just styled, under this theme

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        theme = self.app.theme
        if self.styled_theme == theme:
            event.refresh_styles = False
        self.styled_theme = theme
