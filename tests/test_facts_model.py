"""The facts of the public lists, judged by the model alone (wizard/model/facts.py): one finding each.

A stand-in for the imported lists answers as :class:`wizard.store.directory.known.Known`
does; the same findings through the real lists, `validate` and the wizard are in
tests/test_facts_everywhere.py and the Pilot tests.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from wizard.model.facts import Listed, Site, fact_findings, french_date, identity_fix, nice_first_name, same_name
from wizard.model.fields import set_field
from wizard.model.i18n import set_language
from wizard.model.request import Request
from wizard.model.rules import check

CASE2 = Path(__file__).resolve().parent.parent / "examples" / "cas2-cabinet-medical.json"
FONTAINE = "10000456789"
ROUX = "10000567890"
SITE = Site(name="CABINET MEDICAL DES LILAS", siret="40483304800022", lines=("3 RUE DE PARIS",), postal_code="93260",
            city="LES LILAS", mode="Libéral")


class Lists:
    """The imported lists, as the wizard and `validate` see them (``Known`` implements the same)."""

    def __init__(self, people: dict[str, Listed] | None = None, adeli: dict[str, Listed] | None = None,
                 domains: dict[str, tuple[int, int]] | None = None, *, rpps_date: str | None = "2026-12-01",
                 addresses_date: str | None = "2026-11-30") -> None:
        self.people = people or {}
        self.adeli_people = adeli or {}
        self.uses = domains if domains is not None else {"medecin.mssante.fr": (1200, 56000)}
        self.rpps_date = rpps_date
        self.addresses_date = addresses_date
        self.asked: list[str] = []

    @property
    def facts(self) -> Lists:
        return self

    def without(self, request_id: str) -> Lists:
        return self

    def lookup(self, address: str) -> tuple[str | None, list[tuple[str, str]]]:
        return None, []

    def who(self, rpps: str) -> Listed | None:
        self.asked.append(rpps)
        return self.people.get(rpps)

    def adeli(self, number: str) -> Listed | None:
        return self.adeli_people.get(number)

    def domain_use(self, domain: str) -> tuple[int, int] | None:
        return self.uses.get(domain)

    def domains(self, limit: int = 20) -> list[tuple[str, int, int]]:
        return sorted(((d, o, p) for d, (o, p) in self.uses.items()), key=lambda x: -(x[1] + x[2]))[:limit]


def _listed(rpps: str = FONTAINE, last: str = "FONTAINE", first: str = "DAVID", code: str = "10", label: str = "Médecin",
            sites: tuple[Site, ...] = (SITE,)) -> Listed:
    return Listed(identifier=rpps, civility="Docteur", last_name=last, first_name=first, profession_code=code,
                  profession_label=label, sites=sites, mailboxes=("david.fontaine@medecin.mssante.fr",))


def _lists(**kwargs: Any) -> Lists:
    people = {FONTAINE: _listed(), ROUX: _listed(ROUX, "ROUX", "ÉLISE")}
    return Lists(people, **kwargs)


@pytest.fixture
def case2() -> dict[str, Any]:
    return json.loads(CASE2.read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _french() -> Any:
    set_language("fr")
    yield
    set_language("fr")


def codes(findings: list[Any]) -> list[tuple[str, str]]:
    return [(f.code, f.path) for f in findings]


def test_a_request_that_matches_the_lists_has_no_finding(case2: dict[str, Any]) -> None:
    # Case and accents aside ("Élise" / "ÉLISE", "Fontaine" / "FONTAINE"), both people are as listed.
    assert fact_findings(case2, _lists()) == []
    assert {"10000456789", "10000567890"} <= set(_lists().asked) | {FONTAINE, ROUX}


def test_a_name_that_differs_names_what_the_directory_says_and_offers_it(case2: dict[str, Any]) -> None:
    case2["people"][0]["last_name"] = "Fontenay"
    case2["people"][1]["first_name"] = "Lise"
    found = fact_findings(case2, _lists())
    assert codes(found) == [("person.directory.last_name", "people[0].last_name"), ("person.directory.first_name", "people[1].first_name")]
    assert found[0].severity == "warning"
    assert "« FONTAINE »" in found[0].message and "liste du 01/12/2026" in found[0].message
    assert found[0].fix is not None and found[0].fix.value == "FONTAINE"
    assert found[1].fix is not None and found[1].fix.value == "Élise"  # the list's capitals made a first name


def test_a_profession_that_differs_is_a_warning_with_the_listed_one(case2: dict[str, Any]) -> None:
    case2["people"][0]["profession_code"] = "60"
    found = fact_findings(case2, _lists())
    assert codes(found) == [("person.directory.profession", "people[0].profession_code")]
    assert "« Médecin » (10)" in found[0].message
    assert found[0].fix is not None and (found[0].fix.value, found[0].fix.label) == ("10", "Reprendre la profession de l'annuaire : Médecin (10)")


def test_an_rpps_absent_from_the_list_says_the_lists_date(case2: dict[str, Any]) -> None:
    lists = Lists({FONTAINE: _listed()})
    found = fact_findings(case2, lists)
    assert codes(found) == [("person.directory.unknown", "people[1].rpps")]
    assert found[0].message == ("RPPS 10000567890 absent de l'annuaire RPPS importé (liste du 01/12/2026) : "
                                "vérifiez le numéro auprès de la personne.")
    set_language("en")
    assert "(list of 2026-12-01)" in fact_findings(case2, lists)[0].message


def test_an_adeli_only_professional_is_told_a_co_holder_needs_an_rpps(case2: dict[str, Any]) -> None:
    case2["people"][1]["rpps"] = "93 1234567"  # typed in groups: read as its digits
    listed = Listed(identifier="931234567", kind="ADELI", civility="Madame", last_name="ROUX", first_name="ÉLISE",
                    profession_code="60", profession_label="Infirmier")
    found = fact_findings(case2, Lists({FONTAINE: _listed()}, adeli={"931234567": listed}))
    assert codes(found) == [("person.directory.adeli", "people[1].rpps")]
    assert "numéro ADELI de Madame ROUX Élise" in found[0].message and "un cotitulaire doit avoir un RPPS" in found[0].message
    # The rules say the RPPS is wrong too: the two are about the same field.
    assert ("person.rpps.invalid", "people[1].rpps") in codes(check(case2))


def test_a_siret_of_a_professionals_site_offers_its_name_and_address(case2: dict[str, Any]) -> None:
    case2["structure"]["identifier"] = {"type": "SIRET", "value": "404 833 048 00022"}
    found = fact_findings(case2, _lists())
    assert codes(found) == [("structure.directory.site", "structure.name")]
    assert "« CABINET MEDICAL DES LILAS » (3 RUE DE PARIS, 93260 LES LILAS)" in found[0].message
    assert "Docteur FONTAINE David" in found[0].message
    fix = found[0].fix
    assert fix is not None and fix.changes() == [
        ("structure.name", "CABINET MEDICAL DES LILAS"), ("structure.address.lines", ["3 RUE DE PARIS"]),
        ("structure.address.postal_code", "93260"), ("structure.address.city", "LES LILAS")]
    # Applied, the structure is the site: nothing more to say.
    request = Request.model_validate(case2)
    for path, value in fix.changes():
        assert set_field(request, path, value)
    assert fact_findings(request.to_data(), _lists()) == []


def test_a_siret_of_no_listed_site_says_nothing(case2: dict[str, Any]) -> None:
    case2["structure"]["identifier"] = {"type": "SIRET", "value": "73282932000074"}
    assert fact_findings(case2, _lists()) == []


def test_a_domain_no_known_mailbox_uses_is_a_warning(case2: dict[str, Any]) -> None:
    case2["mailboxes"][0]["domain"] = "medcin.mssante.fr"
    found = fact_findings(case2, _lists())
    assert codes(found) == [("mailbox.domain.unknown", "mailboxes[0].domain")]
    assert "aucune BAL connue sous ce domaine".casefold() in found[0].message.casefold()
    assert "(medcin.mssante.fr)" in found[0].message and "liste du 30/11/2026" in found[0].message


def test_nothing_is_said_of_a_list_not_imported(case2: dict[str, Any]) -> None:
    spoiled = copy.deepcopy(case2)
    spoiled["people"][0]["last_name"] = "Fontenay"
    spoiled["mailboxes"][0]["domain"] = "medcin.mssante.fr"
    assert fact_findings(spoiled, Lists(rpps_date=None, addresses_date=None)) == []
    only_rpps = fact_findings(spoiled, _lists(addresses_date=None))
    assert codes(only_rpps) == [("person.directory.last_name", "people[0].last_name")]
    only_addresses = fact_findings(spoiled, Lists(rpps_date=None))
    assert codes(only_addresses) == [("mailbox.domain.unknown", "mailboxes[0].domain")]


def test_the_rules_give_the_facts_with_the_known_addresses_and_say_which_mailbox(case2: dict[str, Any]) -> None:
    case2["mailboxes"].append(copy.deepcopy(case2["mailboxes"][0]))
    case2["mailboxes"][1]["local_part"] = "secretariat.lilas"
    case2["mailboxes"][1]["domain"] = "medcin.mssante.fr"
    case2["people"][0]["last_name"] = "Fontenay"
    found = [f for f in check(case2, known=_lists()) if ".directory." in f.code or f.code == "mailbox.domain.unknown"]
    assert codes(found) == [("person.directory.last_name", "people[0].last_name"), ("mailbox.domain.unknown", "mailboxes[1].domain")]
    assert found[1].message.startswith("BAL n°2 : ")
    assert all(f.code not in {c for c, _ in codes(found)} for f in check(case2))  # without the lists: none of them


def test_the_identity_fix_writes_the_three_fields_in_one_action(case2: dict[str, Any]) -> None:
    fix = identity_fix(1, _listed(ROUX, "ROUX", "MARIE-CLAIRE", "60", "Infirmier"))
    assert fix.changes() == [("people[1].last_name", "ROUX"), ("people[1].first_name", "Marie-Claire"),
                             ("people[1].profession_code", "60")]
    assert fix.label == "Reprendre l'identité de l'annuaire : Docteur ROUX Marie-Claire"


@pytest.mark.parametrize(("typed", "listed", "same"), [
    ("Le Goff", "LE-GOFF", True), ("Élise", "ELISE", True), ("d'Arc", "D ARC", True), ("Lise", "ÉLISE", False), ("", "X", False),
])
def test_names_compare_without_case_accents_or_separators(typed: str, listed: str, same: bool) -> None:
    assert same_name(typed, listed) is same


def test_dates_and_first_names_read_as_people_write_them() -> None:
    assert nice_first_name("MARIE-CLAIRE") == "Marie-Claire" and nice_first_name("JEAN PIERRE") == "Jean Pierre"
    assert french_date("2026-12-01") == "01/12/2026" and french_date(None) == "?"
