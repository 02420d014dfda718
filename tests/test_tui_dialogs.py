"""Dialogs keep their own frame whatever was opened before: each sheet's rules are scoped to their type.

Before, ``.dialog`` was defined in two sheets (70 and 76 columns wide), each read when its first
dialog opened: whichever was read last set the width of both.
"""

from __future__ import annotations

from pathlib import Path

from tests.tui_helpers import workers_done
from wizard.app import BalOrgApp
from wizard.model.request import Professional
from wizard.screens.dialogs import ChoiceScreen, RenameScreen
from wizard.screens.people import PersonDialog

CASE2 = Path(__file__).resolve().parent.parent / "examples" / "cas2-cabinet-medical.json"
WIDTHS = {"choice": 70, "rename": 70, "person": 76}


def _dialog(app: BalOrgApp, kind: str):  # type: ignore[no-untyped-def]
    if kind == "choice":
        return ChoiceScreen("Titre", "Message", [("ok", "OK"), ("cancel", "Annuler")])
    if kind == "rename":
        return RenameScreen("Nom")
    assert app.draft is not None
    return PersonDialog(app.draft, Professional(id="p-test", last_name="Durand", rpps="10000000009"))


async def _widths(order: tuple[str, ...]) -> dict[str, int]:
    app = BalOrgApp(file=str(CASE2))
    seen: dict[str, int] = {}
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await workers_done(app)
        for kind in order:
            app.push_screen(_dialog(app, kind))
            await pilot.pause()
            seen[kind] = app.screen.query_one(".dialog").outer_size.width
            app.pop_screen()
            await pilot.pause()
    return seen


async def test_each_dialog_keeps_its_width_in_any_order() -> None:
    assert await _widths(("choice", "person", "rename", "choice")) == WIDTHS
    assert await _widths(("person", "choice", "person", "rename")) == WIDTHS
