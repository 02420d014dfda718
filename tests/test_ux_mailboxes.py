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
EMPTY = "Désignez au moins un cotitulaire"
SINGLE = "Un seul cotitulaire"


def _app() -> BalOrgApp:
    app = BalOrgApp(file=str(CASE4))
    app.animation_level = "none"
    return app


def _lonely(request: Request) -> None:
    """BALs 2-4 without co-holders (BAL 1 keeps its principal, with a warning: a single co-holder)."""
    for box in request.mailboxes[1:]:
        box.co_holders = []


async def _at(pilot: Any, step: str, change: Any = _lonely) -> BalOrgApp:
    app: BalOrgApp = pilot.app
    await pilot.pause()
    app.update_draft(change)
    app.goto(step)
    await pilot.pause()
    await workers_done(app)
    await pilot.pause()
    assert app.screen.STEP == step
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

        def apply(change: Any) -> bool:
            changed.append(real(change))
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
