"""Form helpers: ids derived from JSON paths, a labelled field with its error line, a French Select."""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable
from typing import Any, ClassVar

from textual import events
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from wizard.model.findings import Finding, Fix
from wizard.ui.texts import tr
from wizard.widgets.findings import ApplyFix, apply_label, fix_text
from wizard.widgets.optionlist import PagedSelect

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


class FSelect(PagedSelect):
    """A Select whose prompt is in the language in force (Textual's own says "Select")."""

    def __init__(self, options: Iterable[tuple[Any, Any]], **kwargs: Any) -> None:
        kwargs.setdefault("prompt", tr("select.prompt"))
        super().__init__(options, **kwargs)


class FieldError(Static):
    """The findings for one field, under it; empty (and hidden) when there is none.

    When a finding suggests a correction (its ``fix``), the line ends with "Appliquer : « … »" and
    the error line takes the focus: Enter or a click posts :class:`ApplyFix` (the step applies it).
    `paths` match exactly, or with what is below them (``mailboxes[1]`` holds ``mailboxes[1].domain``);
    `exact`: only exactly.
    """

    DEFAULT_CSS = """
    FieldError { height: auto; display: none; padding: 0 1; }
    FieldError.-error { display: block; color: $text-error; }
    FieldError.-warning { display: block; color: $text-warning; }
    FieldError:focus { text-style: reverse; }
    """
    BINDINGS: ClassVar = [Binding("enter", "apply_fix", fix_text("apply.binding"), show=False)]

    def __init__(self, paths: tuple[str, ...], *, exact: bool = False, id: str | None = None) -> None:
        super().__init__(classes="field-error", id=id)
        self.paths = paths
        self.exact = exact
        self.fix: Fix | None = None
        """The correction offered under the field, if any."""
        self.can_focus = False
        self._shown: tuple[str, ...] = ()

    def matches(self, path: str) -> bool:
        """True when a finding at `path` belongs under this field."""
        if self.exact:
            return path in self.paths
        return any(path == p or path.startswith(p + ".") or path.startswith(p + "[") for p in self.paths)

    def show(self, findings: list[Finding]) -> None:
        """Show the findings that belong to this field."""
        mine = [f for f in findings if self.matches(f.path)]
        fix = next((f.fix for f in mine if f.fix is not None), None)
        shown = tuple(f"{'✗' if f.severity == 'error' else '!'} {f.message}" for f in mine)
        if shown == self._shown and fix == self.fix:
            return  # nothing changed: skip a repaint on every keystroke
        self._shown = shown
        self.fix = fix
        text = Content("\n".join(shown))
        if fix is not None:
            text = Content.assemble(text, "\n→ ", (apply_label(fix), "bold underline"), f" ({fix_text('apply.key')})")
        self.can_focus = fix is not None
        self.update(text)
        self.set_class(any(f.severity == "error" for f in mine), "-error")
        self.set_class(bool(mine) and all(f.severity == "warning" for f in mine), "-warning")

    def action_apply_fix(self) -> None:
        """Apply the correction offered (posted to the step, which owns the draft's edits)."""
        if self.fix is not None:
            self.post_message(ApplyFix(self.fix))

    def on_click(self, event: events.Click) -> None:
        if self.fix is not None:
            event.stop()
            self.action_apply_fix()


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
