"""Checkboxes, radio buttons and selection lists whose state reads without colour.

Textual 8 draws a ``Checkbox`` as ``▐X▌`` whether it is ticked or not, a
``RadioButton`` as ``▐●▌``, and the items of a ``SelectionList`` the same way:
only the colour tells on from off, which a monochrome terminal, a colour-blind
user or a screen reader's review of the screen never sees. These subclasses
draw ``[x]``/``[ ]`` and ``(•)``/``( )`` instead, through Textual's public API
only (the ``BUTTON_*`` class variables, ``render``, ``get_content_height``,
``render_line``), and a checkbox's label wraps under itself, with a hanging
indent, rather than being cut with "…" on a narrow terminal.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.segment import Segment
from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.widgets import Checkbox, RadioButton, SelectionList
from textual.widgets.option_list import OptionDoesNotExist

TICKED = "[x]"
UNTICKED = "[ ]"
CHOSEN = "(•)"
NOT_CHOSEN = "( )"


class _Glyphs:
    """What a two-state button draws: its glyph on and off, and a label that wraps under itself."""

    ON: ClassVar[str] = TICKED
    OFF: ClassVar[str] = UNTICKED
    value: bool

    def glyph(self) -> str:
        """The glyph of the state in force."""
        return self.ON if self.value else self.OFF

    def label_lines(self, width: int) -> list[Content]:
        """The label wrapped to `width` cells of the widget's content (the glyph and a space before it)."""
        label: Content = self.label  # type: ignore[attr-defined]
        room = max(1, width - len(self.ON) - 1)
        return label.wrap(room) if label.plain else [Content("")]

    def render(self) -> Content:
        widget: Any = self
        mark = Content.styled(self.glyph(), widget.get_visual_style("toggle--mark"))
        label_style = widget.get_visual_style("toggle--label")
        width = widget.content_size.width or (len(self.ON) + 1 + widget.label.cell_length)
        indent = " " * (len(self.ON) + 1)
        lines = [line.stylize_before(label_style) for line in self.label_lines(width)]
        first = Content.assemble(mark, " ", lines[0])
        return Content("\n").join([first, *(Content.assemble(indent, line) for line in lines[1:])])

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.label_lines(width))


_CSS = """
{name} {{ text-wrap: wrap; text-overflow: fold; height: auto; }}
{name} > .toggle--mark {{ color: $text; }}
{name}.-on > .toggle--mark {{ color: $text-success; text-style: bold; }}
{name}:ansi > .toggle--mark {{ color: $ansi-foreground; }}
"""


class Tick(_Glyphs, Checkbox):
    """A Checkbox drawn ``[x] label`` when ticked, ``[ ] label`` when not; its label wraps."""

    ON = TICKED
    OFF = UNTICKED
    BUTTON_LEFT = "["
    BUTTON_INNER = "x"
    BUTTON_RIGHT = "]"
    COMPONENT_CLASSES: ClassVar[set[str]] = {"toggle--mark"}
    DEFAULT_CSS = _CSS.format(name="Tick")


class Radio(_Glyphs, RadioButton):
    """A RadioButton drawn ``(•) label`` when chosen, ``( ) label`` when not."""

    ON = CHOSEN
    OFF = NOT_CHOSEN
    BUTTON_LEFT = "("
    BUTTON_INNER = "•"
    BUTTON_RIGHT = ")"
    COMPONENT_CLASSES: ClassVar[set[str]] = {"toggle--mark"}
    DEFAULT_CSS = _CSS.format(name="Radio")


class TickList(SelectionList[Any]):
    """A SelectionList whose items show ``[x]`` when selected, ``[ ]`` when not (Textual draws ``▐X▌`` for both)."""

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        _, scroll_y = self.scroll_offset
        try:
            selection = self.get_option_at_index(scroll_y + y)
        except OptionDoesNotExist:
            return line  # below the last item: no button drawn
        segments = list(line)
        if len(segments) < 3:
            return line
        mark = TICKED if selection.value in self.selected else UNTICKED
        style = segments[1].style  # the button's inner cell: its colour and the option it stands for
        rest = line.crop(3, line.cell_length)
        return Strip.join([Strip([Segment(mark, style)]), rest])

