"""Issue 12, point 2 (dialogs): what was typed in a dialog is not lost to Escape without asking.

Every form dialog (professional, co-holder, delegate, rename, the list of
professionals): Escape or "Annuler" on a changed dialog asks "Abandonner la
saisie ?", whose default ("Continuer la saisie") keeps the text; an untouched
dialog closes at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.tui_helpers import choose, click, workers_done
from wizard.app import BalOrgApp
from wizard.model.request import Professional
from wizard.screens.dialogs import ChoiceScreen, RenameScreen
from wizard.screens.modal import Modal
from wizard.screens.people import CoHolderDialog, DelegateDialog, PersonDialog

CASE2 = Path(__file__).resolve().parent.parent / "examples" / "cas2-cabinet-medical.json"
KINDS = ("person", "edit-person", "holder", "delegate", "rename", "paste")


def _dialog(app: BalOrgApp, kind: str) -> Modal[Any]:
    draft = app.draft
    assert draft is not None
    if kind == "person":
        return PersonDialog(draft, Professional(id=draft.next_person_id()))
    if kind == "edit-person":
        return PersonDialog(draft, draft.people[0])
    if kind == "holder":
        draft.people.append(Professional(id="p-extra", last_name="Libre", first_name="Léa"))
        draft.people.append(Professional(id="p-other", last_name="Autre", first_name="Marc"))
        return CoHolderDialog(draft, 0)
    if kind == "delegate":
        return DelegateDialog(draft, 0, None, [])
    if kind == "rename":
        return RenameScreen("Cabinet des Lilas")
    from wizard.screens.people import PeopleListDialog

    return PeopleListDialog(draft)


async def _change(pilot: Any, dialog: Modal[Any], kind: str) -> None:
    """Change one field as a user would."""
    if kind == "holder":
        await choose(pilot, "#f-c-person", "Marc")
    elif kind == "paste":
        dialog.query_one("#people-list-text").focus()
        await pilot.press(*"10000000009;Martin;Anne;10")
    else:
        first = "#rename-input" if kind == "rename" else "#f-c-last_name"
        dialog.query_one(first).focus()
        await pilot.press("end", *"xy")
    await pilot.pause()


async def _open(pilot: Any, kind: str) -> Modal[Any]:
    app = pilot.app
    await pilot.pause()
    await workers_done(app)
    dialog = _dialog(app, kind)
    app.push_screen(dialog)
    await pilot.pause()
    assert app.screen is dialog
    return dialog


@pytest.mark.parametrize("kind", KINDS)
async def test_an_untouched_dialog_closes_at_once(kind: str) -> None:
    async with BalOrgApp(file=str(CASE2)).run_test(size=(80, 24)) as pilot:
        dialog = await _open(pilot, kind)
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is not dialog and not isinstance(pilot.app.screen, ChoiceScreen)


@pytest.mark.parametrize("kind", KINDS)
async def test_escape_on_a_changed_dialog_asks_and_keeps_the_text_by_default(kind: str) -> None:
    async with BalOrgApp(file=str(CASE2)).run_test(size=(80, 24)) as pilot:
        dialog = await _open(pilot, kind)
        await _change(pilot, dialog, kind)
        typed = dialog.field_values()
        assert dialog.edited
        await pilot.press("escape")
        await pilot.pause()
        ask = pilot.app.screen
        assert isinstance(ask, ChoiceScreen) and ask.has_class("abandon-confirm")
        assert ask.title_text == "Abandonner la saisie ?"
        assert ask.focused is not None and ask.focused.id == "choice-keep"
        await pilot.press("enter")  # the default: "Continuer la saisie"
        await pilot.pause()
        assert pilot.app.screen is dialog and dialog.field_values() == typed
        await pilot.press("escape", "escape")  # a burst: the question, then its Escape, which keeps the text
        await pilot.pause()
        assert pilot.app.screen is dialog and dialog.field_values() == typed
        await pilot.press("escape")
        await pilot.pause()
        await click(pilot, "#choice-drop")
        await pilot.pause()
        assert pilot.app.screen is not dialog and not isinstance(pilot.app.screen, ChoiceScreen)


@pytest.mark.parametrize("kind", ["person", "rename", "paste"])
async def test_the_cancel_button_asks_too(kind: str) -> None:
    async with BalOrgApp(file=str(CASE2)).run_test(size=(80, 24)) as pilot:
        dialog = await _open(pilot, kind)
        await _change(pilot, dialog, kind)
        cancel = {"rename": "#rename-cancel", "paste": "#people-list-cancel"}.get(kind, "#dialog-cancel")
        dialog.query_one(cancel).press()
        await pilot.pause()
        assert isinstance(pilot.app.screen, ChoiceScreen) and pilot.app.screen.has_class("abandon-confirm")
        await pilot.press("escape")  # Escape on the question keeps the text too
        await pilot.pause()
        assert pilot.app.screen is dialog and dialog.edited


async def test_a_change_undone_by_hand_closes_at_once() -> None:
    async with BalOrgApp(file=str(CASE2)).run_test(size=(80, 24)) as pilot:
        dialog = await _open(pilot, "rename")
        await _change(pilot, dialog, "rename")
        await pilot.press("backspace", "backspace")  # back to what it opened with
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is not dialog and not isinstance(pilot.app.screen, ChoiceScreen)
