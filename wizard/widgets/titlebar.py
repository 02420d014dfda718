"""The title line at the top of every screen: the App's title and the screen's sub-title.

Textual's ``Header`` looks its title widget up again each time a title
changes; when keys arrive faster than screens are built (a step left before
it finished mounting), that lookup finds the widget already taken away and
the App stops with an error. This line is one widget that updates itself, so
there is nothing to look up.
"""

from __future__ import annotations

from textual.widgets import Static


class TitleBar(Static):
    """``BAL ORG — <the step's title>``, centred, on one line."""

    DEFAULT_CSS = """
    TitleBar { dock: top; width: 100%; height: 1; background: $panel; color: $foreground;
               content-align: center middle; }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "title", self.show_title)
        self.watch(self.app, "sub_title", self.show_title)
        self.watch(self.screen, "title", self.show_title)
        self.watch(self.screen, "sub_title", self.show_title)

    def show_title(self) -> None:
        """Show the titles as they are now."""
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        self.update(app.format_title(title, sub_title))
