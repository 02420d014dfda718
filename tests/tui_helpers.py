"""Helpers for the wizard's Pilot tests: drive widgets the way a person does (focus, keys, clicks)."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, SelectionList, TextArea
from textual.worker import WorkerCancelled

SIZE = (80, 24)
"""The smallest terminal the wizard supports."""


async def workers_done(app: Any) -> None:
    """Wait until the app's workers are done: finished, failed, or cancelled by a newer one.

    The App builds the steps around the one on show in an exclusive worker: a
    newer step shown cancels the older build, which is not a failure.
    """
    for _ in range(10):
        try:
            await app.workers.wait_for_complete()
            return
        except WorkerCancelled:
            continue


def q(pilot: Pilot[Any], selector: str) -> Any:
    """The widget matching `selector` on the screen in front (modals included).

    On the wizard's screen, the step on show is looked in first (the steps built ahead are
    hidden panels of the same screen, with fields of the same kinds), then the frame around it.
    """
    screen = pilot.app.screen
    panel = getattr(screen, "panel", None)
    if panel is not None:
        found = panel.query(selector)
        if found:
            return found.first()
    return screen.query_one(selector)


async def focus(pilot: Pilot[Any], selector: str) -> Widget:
    """Focus a widget as Tab would, and bring it into view."""
    widget = q(pilot, selector)
    widget.scroll_visible(animate=False)
    widget.focus()
    await pilot.pause()
    return widget


async def click(pilot: Pilot[Any], selector: str) -> None:
    """Scroll `selector` into view and click it."""
    widget = q(pilot, selector)
    await pilot.pause()
    for _ in range(3):
        if _under_pointer(pilot, widget):
            break
        widget.screen.scroll_to_widget(widget, animate=False, center=True)
        await pilot.pause()
    middle = (widget.region.width // 2, widget.region.height // 2)
    assert await pilot.click(widget, offset=middle), f"could not click {selector}: {widget.region}"
    await pilot.pause()


def _under_pointer(pilot: Pilot[Any], widget: Widget) -> bool:
    """True when a click at the widget's centre reaches it (nothing to scroll)."""
    try:
        hit, _ = pilot.app.screen.get_widget_at(*widget.region.center)
    except Exception:  # off screen
        return False
    return hit is widget or widget in hit.ancestors


async def type_into(pilot: Pilot[Any], selector: str, text: str, *, keys: bool = False) -> None:
    """Clear an Input or TextArea, then type `text` key by key (`keys`) or paste it, as a user does.

    Pasting keeps the long walks fast; the checks as typed are tested key by key elsewhere.
    """
    widget = await focus(pilot, selector)
    if isinstance(widget, Input):
        await pilot.press("home", "ctrl+k")
    elif isinstance(widget, TextArea):
        widget.select_all()
        await pilot.press("delete")
    if text and keys:
        await pilot.press(*text)
    elif text:
        pilot.app.post_message(events.Paste(text))
    await pilot.pause()


async def choose(pilot: Pilot[Any], selector: str, label: str) -> None:
    """Open a Select, type the start of an option's label to find it, and take it with Enter."""
    select = await focus(pilot, selector)
    assert isinstance(select, Select)
    await pilot.press("enter")
    await pilot.press(*label)
    await pilot.press("enter")
    await pilot.pause()


async def tick(pilot: Pilot[Any], selector: str, value: bool) -> None:
    """Set a Checkbox with the space bar, when it is not already as wanted."""
    box = await focus(pilot, selector)
    assert isinstance(box, Checkbox)
    if box.value != value:
        await pilot.press("space")
    await pilot.pause()
    assert box.value == value


async def pick(pilot: Pilot[Any], selector: str, wanted: list[Any]) -> None:
    """Make the selection of a SelectionList equal `wanted`: move to each option, space toggles it."""
    listing = await focus(pilot, selector)
    assert isinstance(listing, SelectionList)
    await pilot.press("home")
    for index in range(listing.option_count):
        value = listing.get_option_at_index(index).value
        if (value in listing.selected) != (value in wanted):
            await pilot.press("space")
        if index < listing.option_count - 1:
            await pilot.press("down")
    await pilot.pause()
    assert sorted(listing.selected) == sorted(wanted)


async def next_step(pilot: Pilot[Any]) -> None:
    """Ctrl+N, the Next key."""
    await pilot.press("ctrl+n")
    await pilot.pause()
