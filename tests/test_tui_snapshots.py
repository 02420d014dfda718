"""Snapshots of every screen at 80×24, dark and light, French and English.

Deterministic: the example files carry fixed ids and dates, animations are
off, and the cursors do not blink. Plain ``def`` tests: ``snap_compare`` runs
its own event loop. Regenerate with ``pytest tests/test_tui_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from wizard.app import BalOrgApp
from wizard.model.i18n import set_language

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CASE2 = EXAMPLES / "cas2-cabinet-medical.json"
CASE4 = EXAMPLES / "cas4-ministere-interieur.json"

pytestmark = pytest.mark.usefixtures("fixed_documents")  # the proposed export path may show


def _app(file: Path | None = None) -> BalOrgApp:
    app = BalOrgApp(file=str(file) if file else None)
    app.animation_level = "none"
    return app


async def _steady(pilot: Any) -> None:
    """Let the screen settle, then stop every cursor blinking."""
    await pilot.pause()
    await pilot.pause()
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
    await pilot.pause()


async def _dialog(pilot: Any) -> None:
    """Wait (a loaded machine: up to 10 s) until a dialog is in front of the wizard's screen."""
    for _ in range(200):
        await pilot.pause(0.05)
        if getattr(pilot.app.screen, "is_modal", False) and pilot.app.screen.is_mounted:
            return
    raise AssertionError("no dialog opened")


def _at(step: str, then: Callable[[Any], Awaitable[None]] | None = None) -> Callable[[Any], Awaitable[None]]:
    async def run_before(pilot: Any) -> None:
        await pilot.pause()
        await pilot.pause()
        pilot.app.goto(step)
        for _ in range(200):  # the step on show, mounted (a loaded machine takes longer)
            await pilot.pause()
            panel = getattr(pilot.app.screen, "panel", None)
            if panel is not None and panel.ready and panel.is_attached and step == panel.STEP:
                break
        if then is not None:
            await then(pilot)
        await _steady(pilot)

    return run_before


def test_home(snap_compare: Any) -> None:
    assert snap_compare(_app(), run_before=_steady)


def test_home_refused_file(snap_compare: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")

    async def run_before(pilot: Any) -> None:
        await pilot.pause()
        pilot.app.open_file(bad)
        await pilot.pause()
        pilot.app.screen.query_one("#open-findings").focus()
        await _steady(pilot)

    assert snap_compare(_app(), run_before=run_before)


@pytest.mark.parametrize("step", ["inform", "eligibility", "structure", "roles", "name", "usage", "review"])
def test_step_case2(snap_compare: Any, step: str) -> None:
    assert snap_compare(_app(CASE2), run_before=_at(step))


def test_roles_case4_second_mailbox(snap_compare: Any) -> None:
    async def second(pilot: Any) -> None:
        table = pilot.app.screen.panel.query_one("#f-mailboxes")
        table.focus()
        await pilot.press("down")
        await pilot.pause()

    assert snap_compare(_app(CASE4), run_before=_at("roles", second))


def test_eligibility_not_eligible(snap_compare: Any) -> None:
    async def no_rpps(pilot: Any) -> None:
        await pilot.click("#has_rpps_professional-no")

    assert snap_compare(_app(CASE2), run_before=_at("eligibility", no_rpps))


def test_person_dialog(snap_compare: Any) -> None:
    async def edit(pilot: Any) -> None:
        await pilot.click("#people-edit")
        await _dialog(pilot)

    assert snap_compare(_app(CASE2), run_before=_at("roles", edit))


def test_delegate_dialog(snap_compare: Any) -> None:
    async def edit(pilot: Any) -> None:
        pilot.app.screen.query_one("#delegate-edit").press()
        await _dialog(pilot)

    assert snap_compare(_app(CASE2), run_before=_at("roles", edit))


def test_help_f1(snap_compare: Any) -> None:
    async def help_(pilot: Any) -> None:
        await pilot.press("f1")
        await _dialog(pilot)

    assert snap_compare(_app(CASE2), run_before=_at("roles", help_))


def test_confirm_quit(snap_compare: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Quitting asks only when a save failed: the drafts folder is unusable here (a file).
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("BALORG_DATA_DIR", str(blocker))
    # The rescue file's name holds a random id and the time: show a fixed one (the real rescue is
    # tested in test_tui_drafts.py).
    monkeypatch.setattr("wizard.store.drafts.autosave.rescue",
                        lambda draft, data: Path("/tmp/balorg-rescue-1000/brouillon-0123456789ab-20261126T120000.json"))

    async def edit_and_quit(pilot: Any) -> None:
        from wizard.screens.dialogs import ChoiceScreen

        pilot.app.clear_notifications()
        await pilot.click("#has_rpps_professional-no")
        await pilot.press("ctrl+q")
        for _ in range(100):  # the failed save is found by the saver's thread: on a busy machine, later
            if isinstance(pilot.app.screen, ChoiceScreen):
                break
            await pilot.pause(0.05)
        assert isinstance(pilot.app.screen, ChoiceScreen)
        await pilot.pause()

    assert snap_compare(_app(CASE2), run_before=_at("eligibility", edit_and_quit))


def test_structure_light_theme(snap_compare: Any) -> None:
    app = _app(CASE2)
    app.theme = "textual-light"
    assert snap_compare(app, run_before=_at("structure"))


def test_review_light_theme(snap_compare: Any) -> None:
    app = _app(CASE2)
    app.theme = "textual-light"
    assert snap_compare(app, run_before=_at("review"))


def test_home_english(snap_compare: Any) -> None:
    set_language("en")
    assert snap_compare(_app(), run_before=_steady)


def test_structure_english(snap_compare: Any) -> None:
    set_language("en")
    assert snap_compare(_app(CASE2), run_before=_at("structure"))
