"""The sheet's order of things (issue 12, point 12): FINESS asked only when there is one, the
identifier said before it is wrong, the patient notice and the partners' announcement at hand."""

from __future__ import annotations

from pathlib import Path

from tests.test_ux_feedback import go
from tests.tui_helpers import SIZE, choose, click, focus, q, type_into, workers_done
from wizard.app import BalOrgApp
from wizard.screens.documents import DocumentsScreen

CASE2 = Path(__file__).resolve().parent.parent / "examples" / "cas2-cabinet-medical.json"


async def _open(pilot, app: BalOrgApp) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await workers_done(app)


async def test_finess_asked_only_when_eligibility_says_there_is_one() -> None:
    app = BalOrgApp(file=str(CASE2))  # "has a FINESS?": no
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, app)
        await go(pilot, app, "structure")
        assert not q(pilot, "#finess-field").display
        assert q(pilot, "#f-structure-finess") not in app.screen.focus_chain  # no Tab stop that shows nothing
        await go(pilot, app, "eligibility")
        await click(pilot, "#has_finess-yes")
        assert app.draft is not None and app.draft.eligibility.has_finess is True
        await go(pilot, app, "structure")
        assert q(pilot, "#finess-field").display
        await type_into(pilot, "#f-structure-finess", "930000000")
        await go(pilot, app, "eligibility")
        await click(pilot, "#has_finess-no")
        await go(pilot, app, "structure")
        # A FINESS entered while the answer is now "no": still shown, to be cleared.
        assert q(pilot, "#finess-field").display
        await type_into(pilot, "#f-structure-finess", "")
        await go(pilot, app, "eligibility")
        await go(pilot, app, "structure")
        assert not q(pilot, "#finess-field").display


async def test_the_identifier_says_what_it_is_before_it_is_typed() -> None:
    app = BalOrgApp(file=str(CASE2))
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, app)
        await go(pilot, app, "structure")
        about = q(pilot, "#identifier-about")
        assert about.display and "SIREN : 9 chiffres" in str(about.render())  # the case's type, from the start
        await choose(pilot, "#f-structure-identifier-type", "RPPS")
        assert app.draft is not None and app.draft.structure.identifier.type == "RPPS_RANG"  # type: ignore[union-attr]
        text = str(q(pilot, "#identifier-about").render())
        assert "RPPS-rang : le RPPS d'un professionnel de la structure (11 chiffres) suivi du rang" in text
        # Said before anything is wrong: no finding yet on a number not typed.
        await focus(pilot, "#f-structure-identifier-value")
        assert "RPPS-rang" in str(q(pilot, "#identifier-about").render())


async def test_usage_offers_each_document_where_it_is_asked() -> None:
    app = BalOrgApp(file=str(CASE2))
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, app)
        await go(pilot, app, "usage")
        panel = app.screen.panel  # type: ignore[attr-defined]
        order = [w.id for w in panel.query("Checkbox, Button") if w.id]
        patients = order.index("f-usage-checklist-patients_informed")
        partners = order.index("f-usage-checklist-partners_informed")
        assert order[patients + 1] == "doc-notice"  # right after the item that asks for it
        assert order[partners + 1] == "doc-announcement"
        for button, kind in (("#doc-notice", "notice"), ("#doc-announcement", "announcement")):
            await click(pilot, button)
            for _ in range(5):
                await pilot.pause()
            screen = app.screen
            assert isinstance(screen, DocumentsScreen)
            assert screen.shown == kind
            assert "Cabinet des Lilas" in str(screen.query_one(f"#text-{kind}").render())
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen.STEP == "usage"
