"""Issue 13 in the wizard: the public lists' facts on Rôles, Structure and Nom, driven as a user does.

Both lists are imported for real (tests/facts_lists.py's small files, through the store) into the
test's own data folder; the wizard loads them in the background after its first frame, as it does
at a practice. What the lists say is offered, never forced: the draft changes only on a key.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Select, Static

from tests.facts_lists import ADELI, FONTAINE, MOREAU, SITE_SIRET, write_addresses, write_rpps
from tests.tui_helpers import SIZE, click, focus, q, type_into, workers_done
from wizard.app import BalOrgApp
from wizard.screens.people import PersonDialog

CASE2 = Path(__file__).resolve().parent.parent / "examples" / "cas2-cabinet-medical.json"
UNLISTED = "10000678895"  # a well-formed RPPS the list does not hold


@pytest.fixture
def lists(tmp_path: Path) -> None:
    """Both public lists imported into the test's data folder (BALORG_DATA_DIR, set by conftest)."""
    from wizard.store.directory import import_any

    assert import_any(write_rpps(tmp_path))[0] == "rpps"
    assert import_any(write_addresses(tmp_path))[0] == "addresses"


def _text(widget: Any) -> str:
    return str(widget.render())


async def _loaded(pilot: Any) -> BalOrgApp:
    """Wait until the lists are loaded and the draft looked up in them."""
    app: BalOrgApp = pilot.app
    for _ in range(200):
        facts = getattr(app.known, "facts", None)
        if facts is not None and app.state.lookup_wanted() is None:
            return app
        await pilot.pause(0.05)
    raise AssertionError("the public lists were not loaded")


async def _at(pilot: Any, step: str) -> BalOrgApp:
    app: BalOrgApp = pilot.app
    for _ in range(50):
        await pilot.pause()
        if getattr(app.screen, "ready", False) and app.screen.panel.ready:
            break
    app.goto(step)
    await workers_done(app)
    for _ in range(50):
        await pilot.pause()
        if app.screen.panel.ready and app.screen.panel.is_attached and step == app.screen.panel.STEP:
            break
    assert step == app.screen.panel.STEP
    return app


async def _settle(pilot: Any) -> None:
    for _ in range(4):
        await pilot.pause(0.05)
        await workers_done(pilot.app)
    await pilot.pause()


async def _open_new_person(pilot: Any) -> PersonDialog:
    await click(pilot, "#people-add")
    for _ in range(20):
        await pilot.pause()
        if isinstance(pilot.app.screen, PersonDialog):
            break
    dialog = pilot.app.screen
    assert isinstance(dialog, PersonDialog)
    return dialog


def _case(tmp_path: Path, change: Any) -> Path:
    data = json.loads(CASE2.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


async def test_the_lists_load_after_the_first_frame(lists: None) -> None:
    app = BalOrgApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.known is None  # Home is drawn first: the lists come a moment later
        assert app.screen.id == "home" or type(app.screen).__name__.startswith("Home"), app.screen
        await _loaded(pilot)
        assert app.known.facts.rpps_date == "2026-12-01" and app.known.facts.addresses_date == "2026-11-30"


async def test_the_rpps_typed_is_said_and_f4_takes_the_identity(lists: None) -> None:
    app = BalOrgApp(file=str(CASE2))
    async with app.run_test(size=SIZE) as pilot:
        await _at(pilot, "roles")
        await _loaded(pilot)
        before = app.draft.model_copy(deep=True)
        dialog = await _open_new_person(pilot)
        await type_into(pilot, "#f-c-rpps", MOREAU)
        await pilot.pause()
        says = _text(dialog.query_one("#directory-says", Static))
        for part in ("liste du 01/12/2026", "Madame MOREAU Anne-Sophie", "Infirmier (60)", "CHU DE NANTES (44093 NANTES, salarié)",
                     "BAL personnelles MSSanté : anne-sophie.moreau@ch-nantes.mssante.fr"):
            assert part in says, says
        take = dialog.query_one("#take-identity")
        assert take.display
        # Offered, not forced: nothing is written until asked.
        assert dialog.query_one("#f-c-last_name", Input).value == ""
        await pilot.press("f4")
        await pilot.pause()
        assert dialog.query_one("#f-c-last_name", Input).value == "MOREAU"
        assert dialog.query_one("#f-c-first_name", Input).value == "Anne-Sophie"
        assert dialog.query_one("#f-c-profession_code", Select).value == "60"
        assert not take.display and "Identité conforme à l'annuaire." in _text(dialog.query_one("#directory-says", Static))
        assert app.draft == before  # the dialog writes nothing until confirmed
        await click(pilot, "#dialog-ok")
        await _settle(pilot)
        added = app.draft.people[-1]
        assert (added.rpps, added.last_name, added.first_name, added.profession_code) == (MOREAU, "MOREAU", "Anne-Sophie", "60")
        assert not [f for f in app.findings if f.path.startswith(f"people[{len(app.draft.people) - 1}]") and "directory" in f.code]
        # Her personal mailbox shows beside her in the professionals' table; Dr Fontaine's two as one and "+1".
        table = q(pilot, "#f-people")
        rows = [[str(cell) for cell in table.get_row_at(n)] for n in range(table.row_count)]
        assert rows[-1][-1] == "anne-sophie.moreau@ch-nantes.mssante.fr"
        fontaine = next(row for row in rows if row[1] == FONTAINE)
        assert fontaine[-1] == "d.fontaine@pro.mssante.fr (+1)"


async def test_a_name_that_differs_is_warned_of_and_fixed_in_one_key(lists: None) -> None:
    app = BalOrgApp(file=str(CASE2))
    async with app.run_test(size=SIZE) as pilot:
        await _at(pilot, "roles")
        await _loaded(pilot)
        assert not [f for f in app.findings if "directory" in f.code]  # case 2 is as the directory says
        table = await focus(pilot, "#f-people")
        table.move_cursor(row=0)
        await click(pilot, "#people-edit")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PersonDialog)
        field = dialog.query_one("#f-c-last_name", Input)
        field.value = "Fontenay"
        await pilot.pause()
        error = field.parent.query_one(".field-error")
        assert "« FONTAINE »" in _text(error) and "liste du 01/12/2026" in _text(error)
        assert dialog.query_one("#take-identity").display
        await click(pilot, "#dialog-ok")  # a warning does not stop the user
        await _settle(pilot)
        assert app.draft.people[0].last_name == "Fontenay"
        [found] = [f for f in app.findings if f.code == "person.directory.last_name"]
        assert found.path == "people[0].last_name" and found.fix is not None
        listing = await focus(pilot, "#step-findings")
        listing.highlighted = listing.rows.index(found.fix)
        await pilot.press("enter")
        await _settle(pilot)
        assert app.draft.people[0].last_name == "FONTAINE"
        assert not [f for f in app.findings if f.code == "person.directory.last_name"]


async def test_an_unlisted_rpps_and_an_adeli_number_are_warned_of(lists: None) -> None:
    app = BalOrgApp(file=str(CASE2))
    async with app.run_test(size=SIZE) as pilot:
        await _at(pilot, "roles")
        await _loaded(pilot)
        dialog = await _open_new_person(pilot)
        await type_into(pilot, "#f-c-rpps", UNLISTED)
        await pilot.pause()
        error = dialog.query_one("#f-c-rpps", Input).parent.query_one(".field-error")
        assert "absent de l'annuaire RPPS importé (liste du 01/12/2026)" in _text(error)
        assert not dialog.query_one("#directory-says").display and not dialog.query_one("#take-identity").display
        dialog.query_one("#f-c-rpps", Input).value = ADELI
        await pilot.pause()
        assert "un cotitulaire doit avoir un RPPS" in _text(error)
        says = _text(dialog.query_one("#directory-says", Static))
        assert "Madame LE-GOFF Marie" in says and "n° ADELI seulement" in says
        assert not dialog.query_one("#take-identity").display  # an ADELI identity is not offered for a co-holder


async def test_a_siret_that_is_a_site_offers_its_name_and_address(lists: None, tmp_path: Path) -> None:
    def at_the_site(data: dict[str, Any]) -> None:
        data["structure"]["identifier"] = {"type": "SIRET", "value": SITE_SIRET}
        data["structure"].pop("idnat_struct", None)

    app = BalOrgApp(file=str(_case(tmp_path, at_the_site)))
    async with app.run_test(size=SIZE) as pilot:
        await _at(pilot, "structure")
        await _loaded(pilot)
        await _settle(pilot)
        before = app.draft.structure.model_copy(deep=True)
        error = q(pilot, "#f-structure-name").parent.query_one(".field-error")
        assert "Reprendre le nom et l'adresse du site : « CABINET MEDICAL DES LILAS », 3 RUE DE PARIS, 93260 LES LILAS" in _text(error)
        error.scroll_visible(animate=False)
        await pilot.pause()
        assert await pilot.click(error)
        await _settle(pilot)
        structure = app.draft.structure
        assert structure.name == "CABINET MEDICAL DES LILAS"
        assert (structure.address.lines, structure.address.postal_code, structure.address.city) == (["3 RUE DE PARIS"], "93260", "LES LILAS")
        assert q(pilot, "#f-structure-name").value == "CABINET MEDICAL DES LILAS"
        assert q(pilot, "#f-structure-address-lines-0").value == "3 RUE DE PARIS"
        assert not [f for f in app.findings if f.code == "structure.directory.site"]
        await pilot.press("ctrl+z")  # one key took it, one key gives it back
        await _settle(pilot)
        assert app.draft.structure == before


async def test_nom_offers_the_known_domains_and_warns_of_an_unknown_one(lists: None) -> None:
    app = BalOrgApp(file=str(CASE2))
    async with app.run_test(size=SIZE) as pilot:
        await _at(pilot, "name")
        await _loaded(pilot)
        await _settle(pilot)
        assert q(pilot, "#domains-0").display
        assert "Domaines connus (liste MSSanté du 30/11/2026)" in _text(q(pilot, "#domains-label-0"))
        labels = [_text(q(pilot, f"#domain-0-{k}")) for k in range(3)]
        assert labels == ["medecin.mssante.fr · 2 ORG, 1 PER", "ch-nantes.mssante.fr · 1 ORG, 1 PER", "pro.mssante.fr · 0 ORG, 1 PER"]
        await click(pilot, "#domain-0-1")
        await _settle(pilot)
        assert app.draft.mailboxes[0].domain == "ch-nantes.mssante.fr"
        assert q(pilot, "#f-mailboxes-0-domain").value == "ch-nantes.mssante.fr"
        await type_into(pilot, "#f-mailboxes-0-domain", "medcin.mssante.fr")
        await _settle(pilot)
        error = q(pilot, "#f-mailboxes-0-domain").parent.query_one(".field-error")
        assert "aucune bal connue sous ce domaine" in _text(error).casefold()
        # Typing the start of a known domain completes it (→ accepts the suggestion).
        field = await focus(pilot, "#f-mailboxes-0-domain")
        field.value = ""
        await pilot.press(*"pro.m")
        for _ in range(10):
            await pilot.pause(0.02)
        await pilot.press("right")
        await _settle(pilot)
        assert app.draft.mailboxes[0].domain == "pro.mssante.fr"


async def test_without_the_lists_nothing_is_offered_nor_invented() -> None:
    app = BalOrgApp(file=str(CASE2))
    async with app.run_test(size=SIZE) as pilot:
        await _at(pilot, "name")
        await _settle(pilot)
        assert not q(pilot, "#domains-0").display
        assert q(pilot, "#f-mailboxes-0-domain").suggester is None
        await _at(pilot, "roles")
        dialog = await _open_new_person(pilot)
        assert not dialog.query("#directory-says") and not dialog.query("#take-identity")
        await type_into(pilot, "#f-c-rpps", UNLISTED)
        await pilot.press("f4")  # nothing to take
        await pilot.pause()
        assert dialog.query_one("#f-c-last_name", Input).value == ""
        assert "annuaire" not in _text(dialog.query_one("#f-c-rpps", Input).parent.query_one(".field-error")).casefold()
