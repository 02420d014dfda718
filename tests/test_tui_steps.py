"""Next is refused on each step's blocking errors and allowed once they are fixed; checks as typed."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button

from tests.tui_helpers import SIZE, click, next_step, pick, q, tick, type_into, workers_done
from wizard.app import BalOrgApp

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CASE2 = EXAMPLES / "cas2-cabinet-medical.json"


async def _at(pilot, step: str) -> BalOrgApp:  # type: ignore[no-untyped-def]
    app: BalOrgApp = pilot.app
    await pilot.pause()
    app.open_file(CASE2)
    await pilot.pause()
    app.goto(step)
    await pilot.pause()
    assert step == app.screen.STEP
    return app


async def _refused(pilot, step: str) -> None:  # type: ignore[no-untyped-def]
    assert q(pilot, "#next").disabled
    await next_step(pilot)
    assert step == pilot.app.screen.STEP
    assert "erreur" in str(q(pilot, "#nav-status").render())


async def _allowed(pilot, step: str, following: str) -> None:  # type: ignore[no-untyped-def]
    assert not q(pilot, "#next").disabled
    await next_step(pilot)
    assert following == pilot.app.screen.STEP


async def test_eligibility_no_rpps_refused_then_allowed() -> None:
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        await _at(pilot, "eligibility")
        await click(pilot, "#has_rpps_professional-no")
        assert "aucun professionnel avec un RPPS" in str(q(pilot, "#outcome").render())
        await _refused(pilot, "eligibility")
        await click(pilot, "#has_rpps_professional-yes")
        await _allowed(pilot, "eligibility", "structure")


async def test_eligibility_no_need_refused_and_finess_route_allowed() -> None:
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        app = await _at(pilot, "eligibility")
        await click(pilot, "#needs_shared_mailbox-no")
        await _refused(pilot, "eligibility")
        await click(pilot, "#needs_shared_mailbox-yes")
        await click(pilot, "#has_finess-yes")
        assert "FINESS" in str(q(pilot, "#advice").render())
        # The FINESS route can be exported: the FINESS itself is asked on the Structure step.
        await _allowed(pilot, "eligibility", "structure")
        assert any(f.code == "eligibility.finess.missing" for f in app.step_findings("structure"))
        await _refused(pilot, "structure")
        await type_into(pilot, "#f-structure-finess", "010003820")
        await _allowed(pilot, "structure", "roles")


async def test_structure_identifier_checked_as_typed() -> None:
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        app = await _at(pilot, "structure")
        await type_into(pilot, "#f-structure-identifier-value", "4048330", keys=True)
        error = q(pilot, "#f-structure-identifier-value").parent.query_one(".field-error")
        assert "SIREN invalide" in str(error.render())
        await _refused(pilot, "structure")
        await pilot.press(*"48")
        await pilot.pause()
        assert not [f for f in app.step_findings("structure") if f.severity == "error"]
        assert "SIREN invalide" not in str(error.render())
        await _allowed(pilot, "structure", "roles")


async def test_structure_name_and_postal_code() -> None:
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        app = await _at(pilot, "structure")
        await type_into(pilot, "#f-structure-name", "")
        await _refused(pilot, "structure")
        await type_into(pilot, "#f-structure-name", "Cabinet des Lilas")
        await type_into(pilot, "#f-structure-address-postal_code", "99999")
        assert [f.code for f in app.blocking_findings("structure")] == ["structure.address.postal_code.unknown"]
        await _refused(pilot, "structure")
        await type_into(pilot, "#f-structure-address-postal_code", "44000")
        assert "Loire-Atlantique" in str(q(pilot, "#derived").render())
        await _allowed(pilot, "structure", "roles")


async def test_roles_principal_removed_refused_then_made_principal() -> None:
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        app = await _at(pilot, "roles")
        tree = q(pilot, "#co-holders")
        tree.focus()
        tree.move_cursor(tree.root.children[0])  # David Fontaine, principal
        await click(pilot, "#holder-remove")
        await click(pilot, "#choice-remove")  # the principal: asked first
        assert [c.person for c in app.draft.mailboxes[0].co_holders] == ["p2"]
        await _refused(pilot, "roles")
        tree.move_cursor(tree.root.children[0])
        await click(pilot, "#holder-principal")
        assert app.draft.mailboxes[0].co_holders[0].principal
        await _allowed(pilot, "roles", "name")


async def test_person_dialog_refuses_a_bad_rpps() -> None:
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        app = await _at(pilot, "roles")
        await click(pilot, "#people-add")
        await type_into(pilot, "#f-c-last_name", "Martin")
        await type_into(pilot, "#f-c-first_name", "Claire")
        await type_into(pilot, "#f-c-rpps", "10101201234", keys=True)  # ANS FHIR example: fails Luhn
        await click(pilot, "#dialog-ok")
        assert type(app.screen).__name__ == "PersonDialog"
        assert "RPPS invalide" in str(q(pilot, "#f-c-rpps").parent.query_one(".field-error").render())
        await type_into(pilot, "#f-c-rpps", "10005173140")
        await click(pilot, "#dialog-ok")
        assert type(app.screen).__name__ == "PersonDialog"  # profession still missing
        await pilot.press("escape")
        await pilot.pause()
        assert len(app.draft.people) == 2  # cancelled: nothing added


async def test_name_transliteration_offered_not_forced() -> None:
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        app = await _at(pilot, "name")
        await type_into(pilot, "#f-mailboxes-0-local_part", "Cabinet-Lilas.93260", keys=True)
        assert app.draft.mailboxes[0].local_part == "Cabinet-Lilas.93260"  # kept as typed
        await _refused(pilot, "name")
        offer = q(pilot, "#f-mailboxes-0-local_part").parent.query_one(".field-error")
        assert offer.display and offer.focusable
        assert "Appliquer : « cabinet-lilas.93260 »" in str(offer.render())
        offer.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.draft.mailboxes[0].local_part == "cabinet-lilas.93260"
        assert "cabinet-lilas.93260@medecin.mssante.fr" in str(q(pilot, "#preview-0").render())
        await _allowed(pilot, "name", "usage")


async def test_name_bad_domain_refused() -> None:
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        await _at(pilot, "name")
        await type_into(pilot, "#f-mailboxes-0-domain", "gmail.com")
        await _refused(pilot, "name")
        await type_into(pilot, "#f-mailboxes-0-domain", "medecin.mssante.fr")
        await _allowed(pilot, "name", "usage")


async def test_name_suggestion_fills_the_local_part() -> None:
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        app = await _at(pilot, "name")
        await type_into(pilot, "#f-mailboxes-0-local_part", "")
        await _refused(pilot, "name")
        await click(pilot, "#suggest-0-0")
        assert app.draft.mailboxes[0].local_part == "cabinet-des-lilas.93260"
        await _allowed(pilot, "name", "usage")


async def test_usage_exchanged_and_articulation_required() -> None:
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        await _at(pilot, "usage")
        await pick(pilot, "#f-usage-exchanged", [])
        await _refused(pilot, "usage")
        await pick(pilot, "#f-usage-exchanged", ["autre"])
        await _refused(pilot, "usage")  # "autre" needs its description
        await type_into(pilot, "#f-usage-exchanged_other", "Dossiers de dépistage")
        await type_into(pilot, "#f-usage-articulation", "")
        await _refused(pilot, "usage")
        await type_into(pilot, "#f-usage-articulation", "Le secrétariat trie la BAL.")
        await _allowed(pilot, "usage", "review")


async def test_review_export_refused_while_errors_remain(tmp_path: Path) -> None:
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        app = await _at(pilot, "review")
        target = tmp_path / "demande.json"
        await type_into(pilot, "#export-path", str(target))
        await tick(pilot, "#f-acknowledgements-delegate_confidentiality", False)
        assert q(pilot, "#export", ).disabled
        assert "Export impossible" in str(q(pilot, "#export-result").render())
        await pilot.press("enter")  # Enter in the path field tries the export too
        assert not target.exists()
        await tick(pilot, "#f-acknowledgements-delegate_confidentiality", True)
        button: Button = q(pilot, "#export")
        assert not button.disabled
        await click(pilot, "#export")
        await click(pilot, "#choice-export")  # the confirmation names the file
        assert target.exists()
        assert f"Demande exportée dans : {target}" in str(q(pilot, "#export-result").render())
        assert app.last_export == target


async def test_review_finding_jumps_to_its_field() -> None:
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        app = await _at(pilot, "structure")
        await type_into(pilot, "#f-structure-address-city", "")
        app.goto("review")
        await pilot.pause()
        listing = q(pilot, "#step-findings")
        listing.focus()
        index = next(i for i, f in enumerate(listing.findings) if f.path == "structure.address.city")
        listing.highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert app.screen.STEP == "structure"
        assert app.focused is not None and app.focused.id == "f-structure-address-city"


async def test_step_bar_states_and_jumps() -> None:
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # blank request
        await pilot.pause()
        app: BalOrgApp = pilot.app
        states = app.step_states()
        assert states["inform"] == "complete" and states["structure"] == "not_started"
        await click(pilot, "#tab-structure")  # not reached yet: refused
        assert app.screen.STEP == "inform"
        await next_step(pilot)
        assert app.step_states()["eligibility"] == "incomplete"
        await click(pilot, "#has_rpps_professional-no")
        assert app.step_states()["eligibility"] == "errors"
        await click(pilot, "#tab-inform")
        assert app.screen.STEP == "inform"
        await click(pilot, "#tab-eligibility")
        assert app.screen.STEP == "eligibility"


class _Known:
    """A directory that knows one address and one close to it."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def lookup(self, address: str) -> tuple[str | None, list[tuple[str, str]]]:
        self.asked.append(address)
        if address == "cabinet-des-lilas.93260@medecin.mssante.fr":
            return "Cabinet des Lilas (déjà ouvert)", []
        return None, [("cabinet-des-lilas.93260@medecin.mssante.fr", "Cabinet des Lilas")]

    def without(self, request_id: str) -> _Known:
        return self  # the draft's own exports: none here


async def test_name_known_addresses_checked_in_a_worker() -> None:
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        app = await _at(pilot, "name")
        known = _Known()
        app.known = known
        await type_into(pilot, "#f-mailboxes-0-local_part", "cabinet-des-lilas.93260")
        await type_into(pilot, "#f-mailboxes-0-local_part", "cabinet-des-lilas.93261", keys=False)
        await type_into(pilot, "#f-mailboxes-0-local_part", "cabinet-des-lilas.93260", keys=False)
        await workers_done(app)
        await pilot.pause()
        assert known.asked  # asked off the keystroke path
        error = q(pilot, "#f-mailboxes-0-local_part").parent.query_one(".field-error")
        assert "existe déjà" in str(error.render())
        await _refused(pilot, "name")
        await type_into(pilot, "#f-mailboxes-0-local_part", "cabinet-des-lilas.les-lilas")
        await workers_done(app)
        await pilot.pause()
        assert "existe déjà" not in str(error.render())
        assert "Adresse proche" in str(error.render())  # a warning: Next allowed
        await _allowed(pilot, "name", "usage")
