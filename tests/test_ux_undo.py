"""Undo and redo of the draft's edits (issue 12, point 2): the state alone, then the wizard's Ctrl+Z / Ctrl+Y."""

from __future__ import annotations

import json
from pathlib import Path

from wizard.model.fields import set_field
from wizard.model.request import Mailbox, Request
from wizard.model.state import UNDO_LIMIT, DraftState, differences

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _case(name: str) -> Request:
    return Request.from_data(json.loads((EXAMPLES / name).read_text(encoding="utf-8")))


def test_sixty_edits_then_fifty_undos_back_to_each_snapshot_then_redo() -> None:
    state = DraftState()
    state.set_draft(Request(mailboxes=[Mailbox()]))
    snapshots = [state.snapshot]
    for n in range(60):
        assert state.apply(lambda r, n=n: setattr(r.structure, "name", f"Cabinet {n}"))
        snapshots.append(state.snapshot)
    assert UNDO_LIMIT >= 100
    for back in range(1, 51):
        changed = state.undo()
        assert changed == ["structure.name"]
        assert state.snapshot == snapshots[-1 - back]
        assert state.draft is not None and state.draft.to_data() == snapshots[-1 - back]
    assert state.draft.structure.name == "Cabinet 9"
    for forward in range(1, 4):
        assert state.redo() == ["structure.name"]
        assert state.draft.to_data() == snapshots[-51 + forward]
    # a new edit forgets what was undone
    assert state.apply(lambda r: setattr(r.structure, "name", "Autre"))
    assert state.redo() is None
    assert state.undo() == ["structure.name"] and state.draft.structure.name == "Cabinet 12"


def test_the_findings_follow_the_restored_draft_and_the_draft_stays_the_same_object() -> None:
    state = DraftState()
    state.set_draft(_case("cas2-cabinet-medical.json"))
    draft = state.draft
    assert not state.blocking("structure")
    generation = state.generation
    assert state.apply(lambda r: setattr(r.structure, "name", ""))
    assert [f.code for f in state.blocking("structure")] == ["structure.name.missing"]
    assert state.undo() == ["structure.name"]
    assert state.draft is draft  # the drafts session knows its stored draft by this object
    assert not state.blocking("structure")
    assert state.generation > generation  # the steps are built again from it


def test_typing_in_one_field_is_one_step_whatever_the_pace() -> None:
    state = DraftState()
    state.set_draft(Request(mailboxes=[Mailbox()]))
    for end in range(1, len("Cabinet Kiné") + 1):
        state.apply(lambda r, end=end: set_field(r, "structure.name", "Cabinet Kiné"[:end]), key="structure.name")
    for end in range(1, 6):
        state.apply(lambda r, end=end: set_field(r, "structure.address.city", "Nantes"[:end]), key="structure.address.city")
    assert state.draft is not None and state.draft.structure.address.city == "Nante"
    assert state.undo() == ["structure.address.city"]
    assert state.draft.structure.address.city == "" and state.draft.structure.name == "Cabinet Kiné"
    assert state.undo() == ["structure.name"]
    assert state.draft.structure.name == ""
    assert state.undo() is None  # nothing more: no crash, the draft as it was
    assert state.redo() == ["structure.name"] and state.draft.structure.name == "Cabinet Kiné"
    # after an undo, typing again in the same field is a step of its own
    state.apply(lambda r: set_field(r, "structure.name", "Cabinet Kiné 2"), key="structure.name")
    assert state.undo() == ["structure.name"] and state.draft.structure.name == "Cabinet Kiné"
    # typed and erased: nothing of it to undo, the step before is undone
    state.apply(lambda r: set_field(r, "structure.address.city", "N"), key="structure.address.city")
    state.apply(lambda r: set_field(r, "structure.address.city", ""), key="structure.address.city")
    assert state.undo() == ["structure.name"] and state.draft.structure.name == ""


def test_edits_without_a_key_are_steps_of_their_own() -> None:
    state = DraftState()
    state.set_draft(Request(mailboxes=[Mailbox()]))
    state.apply(lambda r: setattr(r.acknowledgements, "co_holder_responsibility", True))
    state.apply(lambda r: setattr(r.acknowledgements, "co_holder_responsibility", False))
    assert state.undo() == ["acknowledgements.co_holder_responsibility"]
    assert state.draft is not None and state.draft.acknowledgements.co_holder_responsibility


def test_a_new_draft_forgets_the_old_ones_edits() -> None:
    state = DraftState()
    state.set_draft(Request(mailboxes=[Mailbox()]))
    state.apply(lambda r: setattr(r.structure, "name", "Cabinet"))
    state.set_draft(_case("cas2-cabinet-medical.json"))
    assert state.undo() is None and state.redo() is None
    assert state.draft is not None and state.draft.structure.name != ""


def test_removing_a_professional_comes_back_with_their_co_holder_roles() -> None:
    state = DraftState()
    state.set_draft(_case("cas2-cabinet-medical.json"))
    before = state.snapshot
    assert before is not None
    person = before["people"][0]["id"]

    def remove(r: Request) -> None:
        r.people = [p for p in r.people if p.id != person]
        for mailbox in r.mailboxes:
            mailbox.co_holders = [c for c in mailbox.co_holders if c.person != person]

    assert state.apply(remove)
    changed = state.undo()
    assert changed is not None and changed[0].startswith("people[0]")
    assert any(path.startswith("mailboxes[0].co_holders") for path in changed)
    assert state.snapshot == before and state.draft is not None and state.draft.to_data() == before


def test_differences_in_document_order() -> None:
    old = {"a": {"b": 1, "c": [1, 2]}, "d": "x"}
    new = {"a": {"b": 1, "c": [1, 3, 4]}, "d": "y"}
    assert list(differences(old, new)) == ["a.c[1]", "a.c", "d"]


# -- the wizard: Ctrl+Z / Ctrl+Y -------------------------------------------------------------------

CASE2 = EXAMPLES / "cas2-cabinet-medical.json"


async def _at(pilot, step: str):  # type: ignore[no-untyped-def]
    from tests.tui_helpers import workers_done

    app = pilot.app
    await pilot.pause()
    app.open_file(CASE2)
    await pilot.pause()
    app.goto(step)
    await pilot.pause()
    await workers_done(app)
    assert step == app.screen.STEP
    return app


async def test_ctrl_z_brings_a_removed_professional_back_with_their_roles() -> None:
    from tests.tui_helpers import SIZE, click, q, workers_done
    from wizard.app import BalOrgApp

    async with BalOrgApp().run_test(size=SIZE) as pilot:
        app = await _at(pilot, "roles")
        before = app.draft.to_data()
        wizard = app.screen
        table = q(pilot, "#f-people")
        table.focus()
        table.move_cursor(row=0)  # David Fontaine, the principal co-holder
        await pilot.pause()
        await click(pilot, "#people-remove")
        assert app.screen is not wizard  # removing the principal co-holder asks first: "Retirer"
        await click(pilot, "#choice-remove")
        await pilot.pause()
        assert app.screen is wizard
        assert [p.id for p in app.draft.people] == ["p2"]
        assert all(c.person != "p1" for c in app.draft.mailboxes[0].co_holders)
        await pilot.press("ctrl+z")
        await pilot.pause()
        await workers_done(app)
        await pilot.pause()
        assert app.draft.to_data() == before
        assert app.screen.STEP == "roles"
        # the step shows the draft restored: the professional is listed again, the principal too
        table = q(pilot, "#f-people")
        assert table.row_count == 2
        assert app.screen.focused is table
        assert not any(f.code == "co_holders.no_principal" for f in app.step_findings("roles"))
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert [p.id for p in app.draft.people] == ["p2"]
        assert q(pilot, "#f-people").row_count == 1


async def _typing_undone(keys_burst: bool) -> None:
    from textual.widgets import Input

    from tests.tui_helpers import SIZE, focus, q, workers_done
    from wizard.app import BalOrgApp

    async with BalOrgApp().run_test(size=SIZE) as pilot:
        app = await _at(pilot, "structure")
        await focus(pilot, "#f-structure-address-city")
        await pilot.press("end")
        city = app.draft.structure.address.city
        text = " Est"
        if keys_burst:
            await pilot.press(*text, "ctrl+z")  # no pause: the keys arrive together
        else:
            for key in text:
                await pilot.press(key)
                await pilot.pause()
            assert app.draft.structure.address.city == city + text
            await pilot.press("ctrl+z")
        await pilot.pause()
        await workers_done(app)
        await pilot.pause()
        assert app.draft.structure.address.city == city  # the whole typing, not one character
        field = q(pilot, "#f-structure-address-city")
        assert isinstance(field, Input) and field.value == city
        assert app.screen.focused is field
        await pilot.press("ctrl+y")
        await pilot.pause()
        await workers_done(app)
        await pilot.pause()
        assert app.draft.structure.address.city == city + text
        assert q(pilot, "#f-structure-address-city").value == city + text
        await pilot.press("ctrl+y")  # nothing more to redo: a word, nothing else
        await pilot.pause()
        assert app.draft.structure.address.city == city + text


async def test_typing_then_ctrl_z_and_ctrl_y() -> None:
    await _typing_undone(keys_burst=False)


async def test_typing_in_a_burst_then_ctrl_z_and_ctrl_y() -> None:
    await _typing_undone(keys_burst=True)


async def test_typing_in_an_empty_field_then_ctrl_z_empties_it() -> None:
    from tests.tui_helpers import SIZE, q, type_into
    from wizard.app import BalOrgApp

    async with BalOrgApp().run_test(size=SIZE) as pilot:
        app = pilot.app
        await pilot.pause()
        app.new_request()
        await pilot.pause()
        app.goto("structure")
        await pilot.pause()
        await type_into(pilot, "#f-structure-name", "Cabinet de kinésithérapie", keys=True)
        assert app.draft.structure.name == "Cabinet de kinésithérapie"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.draft.structure.name == ""
        assert q(pilot, "#f-structure-name").value == ""
        assert any(f.code == "structure.name.missing" for f in app.step_findings("structure"))
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert q(pilot, "#f-structure-name").value == "Cabinet de kinésithérapie"


async def test_ctrl_z_on_another_step_goes_to_the_field_and_nothing_to_undo_says_so() -> None:
    from tests.tui_helpers import SIZE, type_into
    from wizard.app import BalOrgApp

    async with BalOrgApp().run_test(size=SIZE) as pilot:
        app = await _at(pilot, "structure")
        await pilot.press("ctrl+z")  # nothing done yet
        await pilot.pause()
        assert app.screen.STEP == "structure"
        assert any("Rien à annuler" in n.message for n in app._notifications)
        await type_into(pilot, "#f-structure-name", "Cabinet des Roses")
        app.goto("roles")
        await pilot.pause()
        await pilot.press("ctrl+z")
        await pilot.pause()
        await pilot.pause()
        assert app.screen.STEP == "structure"
        assert app.draft.structure.name == "Cabinet des Lilas"
        assert app.screen.focused is not None and app.screen.focused.id == "f-structure-name"


async def test_an_exported_draft_undoes_nothing_and_says_it_is_read_only(tmp_path: Path) -> None:
    from tests.tui_helpers import SIZE, type_into, workers_done
    from wizard.app import BalOrgApp
    from wizard.model.export import export_to

    async with BalOrgApp().run_test(size=SIZE) as pilot:
        app = await _at(pilot, "structure")
        await type_into(pilot, "#f-structure-name", "Cabinet des Roses")
        target = tmp_path / "demande.json"
        export_to(app.draft, target)
        app.after_export(target)
        await pilot.pause()
        await workers_done(app)
        assert app.stored is not None and app.stored.read_only
        seen = len(app._notifications)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.draft.structure.name == "Cabinet des Roses"
        assert any("exportée" in str(n.message) for n in list(app._notifications)[seen:])
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert app.draft.structure.name == "Cabinet des Roses"


async def test_the_footer_shows_annuler_and_is_not_cut_at_80_columns() -> None:
    from tests.tui_helpers import SIZE
    from wizard.app import BalOrgApp

    async with BalOrgApp().run_test(size=SIZE) as pilot:
        app = await _at(pilot, "structure")
        for step in ("structure", "review"):
            app.goto(step)
            await pilot.pause()
            await pilot.pause()
            keys = list(app.screen.query("FooterKey"))
            shown = " ".join(str(key.render()) for key in keys)
            assert "Annuler" in shown and "Quitter" in shown, shown
            assert all(key.region.right <= SIZE[0] for key in keys), [(str(k.render()), k.region) for k in keys]


async def test_removing_a_co_holder_a_delegate_and_a_mailbox_are_undone() -> None:
    from tests.tui_helpers import SIZE, click, q, workers_done
    from wizard.app import BalOrgApp

    async def confirmed() -> None:
        if app.screen is not wizard:  # asked first: "Retirer" (Enter would keep it: Annuler is the default)
            await click(pilot, "#choice-remove")
            await pilot.pause()
        assert app.screen is wizard

    async def undone(before: dict) -> None:  # type: ignore[type-arg]
        await pilot.press("ctrl+z")
        await pilot.pause()
        await workers_done(app)
        await pilot.pause()
        assert app.draft.to_data() == before
        assert app.screen.STEP == "roles"

    async with BalOrgApp().run_test(size=SIZE) as pilot:
        app = await _at(pilot, "roles")
        wizard = app.screen
        before = app.draft.to_data()
        tree = q(pilot, "#co-holders")
        tree.focus()
        tree.move_cursor(tree.root.children[0])  # the principal
        await click(pilot, "#holder-remove")
        await confirmed()
        assert len(app.draft.mailboxes[0].co_holders) == 1
        await undone(before)
        assert app.draft.mailboxes[0].co_holders[0].principal

        delegates = q(pilot, "#delegates")
        delegates.focus()
        delegates.move_cursor(row=0)
        await click(pilot, "#delegate-remove")
        await confirmed()
        assert not app.draft.mailboxes[0].delegates
        await undone(before)
        assert q(pilot, "#delegates").row_count == 1

        await click(pilot, "#mailbox-add")
        assert len(app.draft.mailboxes) == 2
        await click(pilot, "#mailbox-remove")
        await confirmed()
        assert len(app.draft.mailboxes) == 1
        await pilot.press("ctrl+z")  # the removal undone: two mailboxes again
        await pilot.pause()
        await workers_done(app)
        assert len(app.draft.mailboxes) == 2
        await undone(before)  # then the addition
