"""Form helpers: ids derived from JSON paths, a labelled field with its error line, a French Select."""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable
from typing import Any

from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from wizard.model.findings import Finding
from wizard.ui.texts import tr

_NON_ID = re.compile(r"[^A-Za-z0-9_-]+")


def field_id(path: str) -> str:
    """The widget id of the field edited at JSON `path` (``structure.name`` → ``f-structure-name``).

    Jumping from a finding to its field relies on this one mapping.
    """
    return "f-" + _NON_ID.sub("-", path).strip("-")


def plain(text: str) -> Content:
    """User text as content that is never parsed as markup."""
    return Content(text)


def show_text(widget: Static, text: str | Content) -> None:
    """Show `text` in `widget`, unless it shows it already.

    An update lays the screen out again, unless the text takes as many lines as the one it
    replaces (a preview typed into, a count): then the widget keeps its size and is only
    repainted.
    """
    shown = widget.content
    if type(shown) is type(text) and shown == text:
        return
    width = widget.content_size.width
    same_size = widget.is_mounted and width > 0 and len(Content(str(shown)).wrap(width)) == len(
        Content(str(text)).wrap(width))
    widget.update(text, layout=not same_size)


class FSelect(Select):
    """A Select whose prompt is in the language in force (Textual's own says "Select")."""

    def __init__(self, options: Iterable[tuple[Any, Any]], **kwargs: Any) -> None:
        kwargs.setdefault("prompt", tr("select.prompt"))
        super().__init__(options, **kwargs)


class FieldError(Static):
    """The findings for one field, under it; empty (and hidden) when there is none."""

    DEFAULT_CSS = """
    FieldError { height: auto; display: none; padding: 0 1; }
    FieldError.-error { display: block; color: $text-error; }
    FieldError.-warning { display: block; color: $text-warning; }
    """

    def __init__(self, paths: tuple[str, ...], *, exact: bool = False, id: str | None = None) -> None:
        super().__init__(classes="field-error", id=id)
        self.paths = paths
        self.exact = exact
        self._shown: tuple[str, ...] = ()

    def matches(self, path: str) -> bool:
        """True when a finding at `path` belongs under this field."""
        if self.exact:
            return path in self.paths
        return any(path == p or path.startswith(p + ".") or path.startswith(p + "[") for p in self.paths)

    def show(self, findings: list[Finding]) -> None:
        """Show the findings that belong to this field."""
        mine = [f for f in findings if self.matches(f.path)]
        shown = tuple(f"{'✗' if f.severity == 'error' else '!'} {f.message}" for f in mine)
        if shown == self._shown:
            return  # nothing changed: skip a repaint on every keystroke
        self._shown = shown
        self.update(Content("\n".join(shown)))
        self.set_class(any(f.severity == "error" for f in mine), "-error")
        self.set_class(bool(mine) and all(f.severity == "warning" for f in mine), "-warning")


def labelled(label: str, widget: Widget, path: str, *, extra: tuple[str, ...] = (), exact: bool = False,
             id: str | None = None, bound: bool = True) -> Vertical:
    """A field: its label, the input widget (bound to `path`: :func:`bind`) and the error line under it.

    `bound`: False for a field that is not part of the request (the export's file name).
    An Input keeps its text when Tab brings the focus to it: a key typed then adds to the
    text rather than replacing all of it (Textual selects it all on focus by default).
    """
    if isinstance(widget, Input):
        widget.select_on_focus = False
    if bound:
        bind(widget, path)
    elif widget.id is None:
        widget.id = field_id(path)
    return Vertical(
        Label(label, classes="field-label"),
        widget,
        FieldError((path, *extra), exact=exact),
        classes="field",
        id=id,
    )


_PATHS: weakref.WeakKeyDictionary[Widget, str] = weakref.WeakKeyDictionary()


def bind(widget: Widget, path: str) -> Widget:
    """Make `widget` the field edited at JSON `path`: its id comes from it, and a step writes its
    changes there (:meth:`wizard.screens.base.StepPanel.write_field`), whatever the step."""
    if widget.id is None:
        widget.id = field_id(path)
    _PATHS[widget] = path
    return widget


def path_of(widget: Widget) -> str | None:
    """The JSON path `widget` edits, when it is a bound field."""
    return _PATHS.get(widget)
