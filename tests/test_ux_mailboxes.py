"""Several mailboxes (issue 12, point 1): each mailbox's findings under it, all mailboxes at once with
their state, Enter on a finding jumps to its field on every step, Nom's suggestions per mailbox and one
domain for all; removals that take more than themselves away ask first (point 2)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.tui_helpers import SIZE, click, focus, q, workers_done
from wizard.app import BalOrgApp
from wizard.model.request import Professional, Request

CASE4 = Path(__file__).resolve().parent.parent / "examples" / "cas4-ministere-interieur.json"
EMPTY = "désignez au moins un cotitulaire"
SINGLE = "BAL n°1 : un seul cotitulaire"


def _app() -> BalOrgApp:
    app = BalOrgApp(file=str(CASE4))
    app.animation_level = "none"
    return app


def _lonely(request: Request) -> None:
    """BALs 2-4 without co-holders (BAL 1 keeps its principal, with a warning: a single co-holder)."""
    for box in request.mailboxes[1:]:
        box.co_holders = []


async def _settled(pilot: Any) -> None:
    """Wait until the step on show is mounted (a step asked for while the wizard's screen is still
    being mounted would be composed by nobody: shown as soon as it is ready)."""
    app = pilot.app
    for _ in range(50):
        await pilot.pause()
        screen = app.screen
        panel = getattr(screen, "panel", None)
        if getattr(screen, "ready", False) and panel is not None and panel.ready and panel.is_attached:
            return
    raise AssertionError("the wizard's step never showed")


async def _at(pilot: Any, step: str, change: Any = _lonely) -> BalOrgApp:
    app: BalOrgApp = pilot.app
    await _settled(pilot)
    app.update_draft(change)
    app.goto(step)
    await workers_done(app)
    await _settled(pilot)
    shown = app.screen.STEP
    assert shown == step
    return app


def _errors(pilot: Any) -> str:
    return str(q(pilot, "#mailbox-errors").render())


async def test_each_mailbox_shows_only_its_own_findings() -> None:
    async with _app().run_test(size=SIZE) as pilot:
        app = await _at(pilot, "roles")
        table = await focus(pilot, "#f-mailboxes")
        shown = _errors(pilot)
        assert SINGLE in shown and EMPTY not in shown  # BAL 1 has a principal: none of BALs 2-4's lines
        for n in (2, 3, 4):
            await pilot.press("down")  # the row under the cursor is the mailbox shown, keys first
            await pilot.pause()
            assert table.cursor_row == n - 1 and app.screen.panel.mailbox == n - 1
            shown = _errors(pilot)
            assert shown.count(EMPTY) == 1, shown  # its own, once
            assert f"BAL n°{n} : {EMPTY}" in shown  # and it says which mailbox it is about
            assert SINGLE not in shown  # BAL 1's warning stays under BAL 1
            mine = [f.message for f in app.step_findings("roles") if f.path.startswith(f"mailboxes[{n - 1}]")]
            others = [f.message for f in app.step_findings("roles") if f.path.startswith("mailboxes[")
                      and not f.path.startswith(f"mailboxes[{n - 1}]")]
            assert all(m in shown for m in mine)
            assert shown.count("✗") + shown.count("!") == len(mine), (shown, others)


async def test_all_mailboxes_visible_with_their_state() -> None:
    async with _app().run_test(size=SIZE) as pilot:
        await _at(pilot, "roles")
        table = q(pilot, "#f-mailboxes")
        assert table.row_count == 4
        # Every row in view at 80x24 without scrolling the table (header + 4 rows).
        assert table.scrollable_content_region.height >= 5
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(4)]
        assert rows[0][:3] == ["n°1", "1/20", "oui"] and rows[0][3].startswith("!")
        for row in rows[1:]:
            assert row[1] == "0/20" and row[2] == "non" and row[3].startswith("✗")
        assert rows[1][4] == "sgami-ouest.service-medical.rennes@interieur.mssante.fr"
        assert not pilot.app.screen.panel.query("#mailbox-select")  # no "BAL n°1 ▼" select any more


async def test_unnamed_mailbox_row_says_so() -> None:
    async with _app().run_test(size=SIZE) as pilot:
        await _at(pilot, "roles")
        await click(pilot, "#mailbox-add")
        table = q(pilot, "#f-mailboxes")
        assert table.row_count == 5 and str(table.get_row_at(4)[4]) == "à nommer"
        assert pilot.app.screen.panel.mailbox == 4 and table.cursor_row == 4


async def test_enter_on_a_finding_jumps_on_roles() -> None:
    def two_people(request: Request) -> None:
        _lonely(request)
        request.people.append(Professional(id="p9", rpps="123", last_name="Durand", first_name="Marie",
                                           profession_code="10", credentials=["cps"]))

    async with _app().run_test(size=SIZE) as pilot:
        app = await _at(pilot, "roles", two_people)
        listing = await focus(pilot, "#step-findings")
        assert listing.highlighted == 0  # the first finding is highlighted: Enter acts at once
        index = next(i for i, row in enumerate(listing.rows) if getattr(row, "path", "") == "mailboxes[2].co_holders")
        listing.highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.panel.mailbox == 2
        assert app.focused is q(pilot, "#co-holders")
        assert q(pilot, "#f-mailboxes").cursor_row == 2
        assert EMPTY in _errors(pilot)
        listing = await focus(pilot, "#step-findings")
        listing.highlighted = next(i for i, row in enumerate(listing.rows) if getattr(row, "path", "") == "people[1].rpps")
        await pilot.press("enter")
        await pilot.pause()
        people = q(pilot, "#f-people")
        assert app.focused is people and people.cursor_row == 1


async def test_enter_on_the_review_list_jumps_at_once() -> None:
    async with _app().run_test(size=SIZE) as pilot:
        app = await _at(pilot, "review")
        listing = q(pilot, "#step-findings")
        assert app.focused is listing and listing.highlighted == 0
        first = listing.findings[0]
        assert first.path.startswith("mailboxes[1]")
        await pilot.press("enter")  # no Down first
        await pilot.pause()
        await pilot.pause()
        assert app.screen.STEP == "roles"
        assert app.screen.panel.mailbox == 1 and app.focused is q(pilot, "#co-holders")


def _suggested(pilot: Any, index: int) -> list[str]:
    panel = pilot.app.screen.panel
    return [button.suggestion for button in panel.query(".suggestions Button") if
            (button.id or "").startswith(f"suggest-{index}-")]


async def test_name_suggestions_differ_per_mailbox() -> None:
    def services(request: Request) -> None:
        request.mailboxes[0].service = "Secrétariat"
        request.mailboxes[1].service = None
        request.mailboxes[1].description = "Prévention"
        request.mailboxes[2].service = request.mailboxes[3].service = None
        request.mailboxes[2].description = request.mailboxes[3].description = None

    async with _app().run_test(size=SIZE) as pilot:
        await _at(pilot, "name", services)
        lists = [_suggested(pilot, i) for i in range(4)]
        assert lists[0][0] == "sgami-ouest.secretariat.rennes" and "secretariat.sgami-ouest" in lists[0]
        assert lists[1][0] == "sgami-ouest.prevention.rennes" and "sgami-ouest-prevention" in lists[1]
        # Neither service nor purpose: the structure's own suggestions, each offered to one mailbox only.
        assert lists[2] == ["sgami-ouest.35000", "sgami-ouest.rennes", "sgami-ouest"]
        assert not set(lists[3]) & set(lists[2])
        assert all(a != b for i, a in enumerate(lists) for b in lists[i + 1:])
        await click(pilot, "#suggest-1-0")
        assert pilot.app.draft.mailboxes[1].local_part == "sgami-ouest.prevention.rennes"


async def test_name_fields_not_cut_at_80_columns() -> None:
    def long_name(request: Request) -> None:
        request.structure.name = "Secrétariat général pour l'administration du ministère"
        request.mailboxes[0].domain = ""

    async with _app().run_test(size=SIZE) as pilot:
        await _at(pilot, "name", long_name)
        domain = q(pilot, "#f-mailboxes-0-domain")
        placeholder = domain.placeholder
        assert domain.content_size.width >= len(placeholder)  # the example shows whole
        for button in pilot.app.screen.panel.query(".suggestions Button"):
            label = button.suggestion
            # Wrapped when longer than the line, never cut with an ellipsis.
            assert button.content_size.width * button.content_size.height >= len(label), (label, button.size)


async def test_one_domain_for_every_mailbox_in_one_change() -> None:
    def scattered(request: Request) -> None:
        for n, box in enumerate(request.mailboxes):
            box.domain = f"old{n}.mssante.fr"
        request.mailboxes[2].domain = "interieur.mssante.fr"
        request.mailboxes[2].operator = "Opérateur X"

    async with _app().run_test(size=SIZE) as pilot:
        app = await _at(pilot, "name", scattered)
        changed: list[bool] = []
        real = app.state.apply

        def apply(change: Any, **kwargs: Any) -> bool:
            changed.append(real(change, **kwargs))
            return changed[-1]

        app.state.apply = apply  # type: ignore[method-assign]
        await click(pilot, "#domain-all-2")
        await pilot.pause()
        assert [(b.domain, b.operator) for b in app.draft.mailboxes] == [("interieur.mssante.fr", "Opérateur X")] * 4
        assert q(pilot, "#f-mailboxes-0-domain").value == "interieur.mssante.fr"
        assert q(pilot, "#f-mailboxes-3-operator").value == "Opérateur X"
        # One change of the draft: the fields shown afterwards only echo what is already there.
        assert changed.count(True) == 1, changed
        assert not q(pilot, "#domain-all-0").display  # nothing left to spread


def _notices(app: BalOrgApp) -> list[str]:
    said: list[str] = []
    real = app.notify

    def notify(message: str, *args: Any, **kwargs: Any) -> None:
        said.append(str(message))
        real(message, *args, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    return said


async def test_removing_the_principal_asks_and_says_what_follows() -> None:
    async with _app().run_test(size=SIZE) as pilot:
        app = await _at(pilot, "roles", lambda r: None)
        before = app.draft.model_dump()
        said = _notices(app)
        await focus(pilot, "#f-people")
        await click(pilot, "#people-remove")
        dialog = app.screen
        message = str(dialog.query_one("#choice-message").render())
        assert message.startswith("Retirer Quentin Renard ?")
        assert ("• BAL n°1 : cotitulaire principal, la BAL n'aura plus de principal ; "
                "a délégué à 2 délégataire(s).") in message
        assert "• BAL n°4 : cotitulaire principal" in message
        assert app.focused is dialog.query_one("#choice-cancel")  # Annuler by default
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.STEP == "roles" and app.draft.model_dump() == before
        await click(pilot, "#people-remove")
        await pilot.press("enter")  # Enter on the default: Annuler
        await pilot.pause()
        assert app.draft.model_dump() == before
        await click(pilot, "#people-remove")
        await click(pilot, "#choice-remove")
        assert app.draft.people == []
        assert all(not box.co_holders for box in app.draft.mailboxes)
        assert any(s.startswith("Retiré : Quentin Renard.") and "plus de principal" in s for s in said), said


async def test_a_removal_touching_nothing_else_is_one_key() -> None:
    def extra(request: Request) -> None:
        request.people.append(Professional(id="p9", rpps="10000000009", last_name="Durand", first_name="Marie",
                                           profession_code="10", credentials=["cps"]))

    async with _app().run_test(size=SIZE) as pilot:
        app = await _at(pilot, "roles", extra)
        table = await focus(pilot, "#f-people")
        table.move_cursor(row=1)
        await click(pilot, "#people-remove")
        assert app.screen.STEP == "roles"  # no dialog
        assert [p.id for p in app.draft.people] == ["p1"]
        await click(pilot, "#mailbox-add")  # an empty mailbox goes at once
        assert len(app.draft.mailboxes) == 5
        await click(pilot, "#mailbox-remove")
        assert len(app.draft.mailboxes) == 4 and app.screen.STEP == "roles"


async def test_removing_a_mailbox_with_co_holders_asks() -> None:
    async with _app().run_test(size=SIZE) as pilot:
        app = await _at(pilot, "roles", lambda r: None)
        table = await focus(pilot, "#f-mailboxes")
        await pilot.press("down")
        await pilot.pause()
        await click(pilot, "#mailbox-remove")
        message = str(app.screen.query_one("#choice-message").render())
        assert message.startswith("Retirer la BAL n°2 sgami-ouest.service-medical.rennes@interieur.mssante.fr ?")
        assert "1 cotitulaire(s) et 2 délégataire(s)" in message
        await pilot.press("escape")
        await pilot.pause()
        assert len(app.draft.mailboxes) == 4
        await click(pilot, "#mailbox-remove")
        await click(pilot, "#choice-remove")
        assert [b.local_part for b in app.draft.mailboxes] == [
            "sgami-ouest.conseil-medical.rennes", "sgami-ouest.administration.rennes",
            "sgami-ouest.bureau-detention.rennes"]
        assert table.row_count == 3


async def test_removing_a_co_holder_who_appointed_others_asks() -> None:
    def chain(request: Request) -> None:
        from wizard.model.request import CoHolder

        for pid, last in (("p2", "Durand"), ("p3", "Martin")):
            request.people.append(Professional(id=pid, rpps="10000000009", last_name=last, first_name="Marie",
                                               profession_code="10", credentials=["cps"]))
        box = request.mailboxes[0]
        box.co_holders.append(CoHolder(person="p2", principal=False, appointed_by="p1"))
        box.co_holders.append(CoHolder(person="p3", principal=False, appointed_by="p2"))

    async with _app().run_test(size=SIZE) as pilot:
        app = await _at(pilot, "roles", chain)
        tree = await focus(pilot, "#co-holders")
        durand = next(node for node in _all(tree.root) if node.data == "p2")
        tree.move_cursor(durand)
        await click(pilot, "#holder-remove")
        message = str(app.screen.query_one("#choice-message").render())
        assert "Retirer Marie Durand des cotitulaires de la BAL n°1 ?" in message
        assert "• BAL n°1 : a désigné 1 cotitulaire(s), rattaché(s) désormais à Quentin Renard." in message
        await click(pilot, "#choice-remove")
        holders = {c.person: c.appointed_by for c in app.draft.mailboxes[0].co_holders}
        assert holders == {"p1": None, "p3": "p1"}
        martin = next(node for node in _all(tree.root) if node.data == "p3")
        tree.move_cursor(martin)
        await click(pilot, "#holder-remove")  # appointed nobody: one key
        assert [c.person for c in app.draft.mailboxes[0].co_holders] == ["p1"]


def _all(node: Any) -> list[Any]:
    return [n for child in node.children for n in (child, *_all(child))]


async def test_enter_on_an_address_finding_on_name() -> None:
    def twice(request: Request) -> None:
        request.mailboxes[3].local_part = request.mailboxes[2].local_part

    async with _app().run_test(size=SIZE) as pilot:
        app = await _at(pilot, "name", twice)
        listing = await focus(pilot, "#step-findings")
        listing.highlighted = next(i for i, row in enumerate(listing.rows) if getattr(row, "path", "") == "mailboxes[3].address")
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is q(pilot, "#f-mailboxes-3-local_part")


async def test_enter_on_a_mailbox_row_goes_to_its_co_holders() -> None:
    async with _app().run_test(size=SIZE) as pilot:
        app = await _at(pilot, "roles")
        await focus(pilot, "#f-mailboxes")
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.screen.panel.mailbox == 2 and app.focused is q(pilot, "#co-holders")
        assert "BAL n°3 sgami-ouest.administration.rennes@interieur.mssante.fr" in str(q(pilot, "#mailbox-shown").render())
