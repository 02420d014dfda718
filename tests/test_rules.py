"""Every rule of the sheet and of format v1, each with a valid and an invalid value."""

from __future__ import annotations

import pytest

from tests.factories import codes, draft, errors, example, findings, warnings
from wizard.model.i18n import set_language


@pytest.mark.parametrize("case", [1, 2, 3, 4])
def test_examples_have_no_error(case: int) -> None:
    assert errors(example(case)) == set()
    assert errors(draft(case)) == set()


def test_empty_draft_is_accepted_with_findings_not_exceptions() -> None:
    found = errors({})
    assert ("structure.name.missing", "structure.name") in found
    assert ("people.empty", "people") in found
    assert ("mailboxes.empty", "mailboxes") in found
    assert ("eligibility.unanswered", "eligibility.has_finess") in found


# Structure ------------------------------------------------------------------------------------


def test_structure_name_length() -> None:
    data = draft()
    data["structure"]["name"] = "A"
    assert ("text.length", "structure.name") in errors(data)
    data["structure"]["name"] = "A" * 201
    assert ("text.length", "structure.name") in errors(data)
    data["structure"]["name"] = "AB"
    assert not {c for c in errors(data) if c[1] == "structure.name"}


def test_kind_other_required_with_autre() -> None:
    data = draft()
    data["structure"]["kind"] = "autre"
    assert ("structure.kind_other.missing", "structure.kind_other") in errors(data)
    data["structure"]["kind_other"] = "Centre de santé sexuelle"
    assert not {c for c in errors(data) if c[1] == "structure.kind_other"}
    data["structure"]["kind"] = "sdis"
    assert ("structure.kind_other.unexpected", "structure.kind_other") in errors(data)


def test_unknown_kind_is_an_error() -> None:
    data = draft()
    data["structure"]["kind"] = "hopital"
    assert ("schema.enum", "structure.kind") in errors(data)


@pytest.mark.parametrize(
    ("type_", "value", "ok"),
    [
        ("SIRET", "73282932000074", True),
        ("SIRET", "35600000010000", True),
        ("SIRET", "73282932000075", False),
        ("SIREN", "404833048", True),
        ("SIREN", "404833049", False),
        ("RPPS_RANG", "1000517314001", True),
        ("RPPS_RANG", "1010120123401", False),
    ],
)
def test_structure_identifier(type_: str, value: str, ok: bool) -> None:
    data = draft()
    data["structure"]["identifier"] = {"type": type_, "value": value}
    found = {c for c in errors(data) if c[1] == "structure.identifier.value"}
    assert (not found) == ok
    if not ok:
        assert found == {(f"structure.identifier.invalid.{type_}", "structure.identifier.value")}


def test_identifier_typed_with_spaces_is_read_as_its_digits() -> None:
    data = draft()
    data["structure"]["identifier"] = {"type": "SIRET", "value": "732 829 320 00074"}
    assert not [f for f in findings(data) if f.path.startswith("structure.identifier")]
    data["structure"]["identifier"]["value"] = "732 829 320 00075"  # its digits are read, and checked
    assert ("structure.identifier.invalid.SIRET", "structure.identifier.value") in errors(data)


def test_missing_identifier_is_an_error_saying_what_it_is_for_and_where_to_find_it() -> None:
    data = draft()
    data["structure"]["identifier"] = None
    assert [f for f in findings(data) if f.severity == "error"] == [
        f for f in findings(data) if f.code == "structure.identifier.missing"]
    [finding] = [f for f in findings(data) if f.code == "structure.identifier.missing"]
    assert finding.path == "structure.identifier"
    assert "Annuaire Santé" in finding.message and "SIRENE" in finding.message and "RPPS-rang" in finding.message
    data["structure"]["identifier"] = {"type": "SIRET", "value": "   "}
    assert ("structure.identifier.missing", "structure.identifier") in errors(data)
    # A structure on the FINESS route is identified by its FINESS.
    data["structure"]["identifier"] = None
    data["structure"]["finess"] = "010003820"
    data["eligibility"]["has_finess"] = True
    assert ("structure.identifier.missing", "structure.identifier") not in errors(data)


def test_finess() -> None:
    data = draft()
    data["structure"]["finess"] = "010003821"
    assert ("structure.finess.invalid", "structure.finess") in errors(data)
    data["structure"]["finess"] = "010003820"
    found = errors(data)
    assert ("structure.finess.invalid", "structure.finess") not in found
    # A FINESS while the answer says "no FINESS" is inconsistent.
    assert ("eligibility.has_finess.inconsistent", "eligibility.has_finess") in found
    data["eligibility"]["has_finess"] = True
    assert not errors(data)
    assert ("eligibility.outcome.finess_route", "eligibility.has_finess") in warnings(data)


@pytest.mark.parametrize(
    ("postal", "code"),
    [
        ("", "structure.address.postal_code.missing"),
        ("9326", "structure.address.postal_code.invalid"),
        ("9326O", "structure.address.postal_code.invalid"),
        ("00100", "structure.address.postal_code.unknown"),
        ("93260", None),
        ("20200", None),
    ],
)
def test_postal_code(postal: str, code: str | None) -> None:
    data = draft()
    data["structure"]["address"]["postal_code"] = postal
    found = {c for c in errors(data) if c[1] == "structure.address.postal_code"}
    assert found == ({(code, "structure.address.postal_code")} if code else set())


def test_address_lines_and_city_required() -> None:
    data = draft()
    data["structure"]["address"]["lines"] = ["   "]
    data["structure"]["address"]["city"] = ""
    found = errors(data)
    assert ("structure.address.lines.missing", "structure.address.lines") in found
    assert ("structure.address.city.missing", "structure.address.city") in found


# Eligibility ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "code"),
    [
        ((True, False, False), "eligibility.outcome.no_rpps"),
        ((False, False, True), "eligibility.outcome.no_need"),
    ],
)
def test_outcomes_that_cannot_be_exported(answers: tuple[bool, bool, bool], code: str) -> None:
    data = draft()
    needs, finess, rpps = answers
    data["eligibility"] = {"needs_shared_mailbox": needs, "has_finess": finess, "has_rpps_professional": rpps}
    assert code in {c for c, _ in errors(data)}


def test_unanswered_question_names_it() -> None:
    data = draft()
    data["eligibility"]["has_rpps_professional"] = None
    [finding] = [f for f in findings(data) if f.path == "eligibility.has_rpps_professional"]
    assert "RPPS" in finding.message


def test_single_professional_giving_staff_access_gets_advice() -> None:
    data = draft(2)
    data["people"] = data["people"][:1]
    data["mailboxes"][0]["co_holders"] = data["mailboxes"][0]["co_holders"][:1]
    data["mailboxes"][0]["delegates"][0]["delegated_by"] = ["p1"]
    assert ("eligibility.consider_personal_mailbox_delegation", "people") in warnings(data)
    assert not errors(data)


def test_case4_several_mailboxes_gets_no_per_advice() -> None:
    assert not {c for c in warnings(draft(4)) if c[0] == "eligibility.consider_personal_mailbox_delegation"}


# People -----------------------------------------------------------------------------------------


def test_rpps_rules() -> None:
    data = draft()
    data["people"][0]["rpps"] = "10101201234"  # ANS example, fails Luhn
    assert ("person.rpps.invalid", "people[0].rpps") in errors(data)
    data["people"][0]["rpps"] = data["people"][1]["rpps"]
    assert ("person.rpps.duplicate", "people[0].rpps") in errors(data)
    data["people"][0]["rpps"] = ""
    assert ("person.rpps.missing", "people[0].rpps") in errors(data)


def test_person_ids_unique() -> None:
    data = draft()
    data["people"][1]["id"] = "p1"
    assert ("person.id.duplicate", "people[1].id") in errors(data)


def test_profession_codes() -> None:
    data = draft()
    data["people"][0]["profession_code"] = "99"
    assert ("person.profession.unknown", "people[0].profession_code") in errors(data)
    data["people"][0]["profession_code"] = "93"  # Psychologue: deprecated
    assert ("person.profession.deprecated", "people[0].profession_code") in warnings(data)
    data["people"][0]["profession_code"] = None
    assert ("person.profession.missing", "people[0].profession_code") in errors(data)


def test_contact_details_of_people() -> None:
    data = draft()
    data["people"][0]["email"] = "pas-un-mail"
    data["people"][0]["phone"] = "12"
    found = errors(data)
    assert ("email.invalid", "people[0].email") in found
    assert ("phone.invalid", "people[0].phone") in found
    data["people"][0]["email"] = "dr@example.org"
    data["people"][0]["phone"] = "+33 6 12 34 56 78"
    assert not errors(data)


def test_names_length() -> None:
    data = draft()
    data["people"][0]["last_name"] = "x" * 101
    data["people"][0]["first_name"] = "  "
    found = errors(data)
    assert ("text.length", "people[0].last_name") in found
    assert ("person.first_name.missing", "people[0].first_name") in found


# Roles ------------------------------------------------------------------------------------------


def test_exactly_one_principal() -> None:
    data = draft(1)
    holders = data["mailboxes"][0]["co_holders"]
    holders[0]["principal"] = False
    assert ("co_holders.no_principal", "mailboxes[0].co_holders") in errors(data)
    holders[0]["principal"] = True
    holders[1]["principal"] = True
    holders[1]["appointed_by"] = None
    assert ("co_holders.several_principals", "mailboxes[0].co_holders[1].principal") in errors(data)


def test_principal_is_appointed_by_nobody() -> None:
    data = draft(1)
    data["mailboxes"][0]["co_holders"][0]["appointed_by"] = "p2"
    assert ("co_holder.principal.appointed", "mailboxes[0].co_holders[0].appointed_by") in errors(data)


def test_case1_chain_a_names_b_b_names_c() -> None:
    holders = draft(1)["mailboxes"][0]["co_holders"]
    assert [(h["person"], h["appointed_by"]) for h in holders] == [("p1", None), ("p2", "p1"), ("p3", "p2")]


def test_appointment_cycle_is_an_error() -> None:
    data = draft(1)
    holders = data["mailboxes"][0]["co_holders"]
    holders[1]["appointed_by"] = "p3"  # p2 <- p3 <- p2: never reaches the principal
    found = errors(data)
    assert ("co_holder.appointed_by.cycle", "mailboxes[0].co_holders[1].appointed_by") in found
    assert ("co_holder.appointed_by.cycle", "mailboxes[0].co_holders[2].appointed_by") in found


def test_appointed_by_must_be_a_co_holder_of_the_same_mailbox() -> None:
    data = draft(1)
    holders = data["mailboxes"][0]["co_holders"]
    holders[2]["appointed_by"] = "p9"
    assert ("co_holder.appointed_by.not_co_holder", "mailboxes[0].co_holders[2].appointed_by") in errors(data)
    holders[2]["appointed_by"] = None
    assert ("co_holder.appointed_by.missing", "mailboxes[0].co_holders[2].appointed_by") in errors(data)
    holders[2]["appointed_by"] = "p3"
    assert ("co_holder.appointed_by.self", "mailboxes[0].co_holders[2].appointed_by") in errors(data)


def test_person_co_holder_at_most_once() -> None:
    data = draft(1)
    data["mailboxes"][0]["co_holders"].append({"person": "p2", "principal": False, "appointed_by": "p1"})
    assert ("co_holder.duplicate", "mailboxes[0].co_holders[3].person") in errors(data)


def test_co_holder_must_be_a_known_person() -> None:
    data = draft(1)
    data["mailboxes"][0]["co_holders"][2]["person"] = "p42"
    assert ("co_holder.person.unknown", "mailboxes[0].co_holders[2].person") in errors(data)


def _many_people(data: dict, count: int) -> None:
    from stdnum import luhn

    data["people"] = []
    for i in range(count):
        base = f"1{i:09d}"
        data["people"].append({
            "id": f"p{i + 1}", "rpps": base + luhn.calc_check_digit(base), "last_name": f"Nom{i}",
            "first_name": "Prénom", "profession_code": "60", "credentials": ["e-cps"],
        })
    data["mailboxes"][0]["co_holders"] = [{"person": "p1", "principal": True, "appointed_by": None}] + [
        {"person": f"p{i + 1}", "principal": False, "appointed_by": "p1"} for i in range(1, count)
    ]


def test_twenty_co_holders_at_most() -> None:
    data = draft(1)
    _many_people(data, 20)
    assert not errors(data)
    _many_people(data, 21)
    assert ("co_holders.too_many", "mailboxes[0].co_holders") in errors(data)


def test_co_holder_needs_rpps_and_credential() -> None:
    data = draft(1)
    data["people"][1]["credentials"] = []
    data["people"][2]["rpps"] = "10101201234"
    found = errors(data)
    assert ("co_holder.credential.required", "mailboxes[0].co_holders[1].person") in found
    assert ("co_holder.rpps.required", "mailboxes[0].co_holders[2].person") in found


def test_single_co_holder_warning() -> None:
    assert ("co_holders.single", "mailboxes[0].co_holders") in warnings(draft(4))
    assert not {c for c in warnings(draft(2)) if c[0] == "co_holders.single"}


def test_no_co_holder() -> None:
    data = draft()
    data["mailboxes"][0]["co_holders"] = []
    assert ("co_holders.empty", "mailboxes[0].co_holders") in errors(data)


# Delegates --------------------------------------------------------------------------------------


def test_delegate_rights() -> None:
    data = draft(2)
    delegate = data["mailboxes"][0]["delegates"][0]
    delegate["rights"] = []
    assert ("delegate.rights.empty", "mailboxes[0].delegates[0].rights") in errors(data)
    delegate["rights"] = ["write"]
    assert ("schema.enum", "mailboxes[0].delegates[0].rights[0]") in errors(data)
    delegate["rights"] = ["read", "read"]
    assert ("list.duplicate", "mailboxes[0].delegates[0].rights") in errors(data)
    delegate["rights"] = ["send"]
    assert not errors(data)


def test_delegated_by_only_co_holders_of_that_mailbox() -> None:
    data = draft(2)
    delegate = data["mailboxes"][0]["delegates"][0]
    delegate["delegated_by"] = []
    assert ("delegate.delegated_by.empty", "mailboxes[0].delegates[0].delegated_by") in errors(data)
    delegate["delegated_by"] = ["p1", "p7"]
    assert ("delegate.delegated_by.not_co_holder", "mailboxes[0].delegates[0].delegated_by[1]") in errors(data)


def test_delegate_fields_required_and_checked() -> None:
    data = draft(2)
    delegate = data["mailboxes"][0]["delegates"][0]
    delegate.update(function="", last_name="", email="x@", rpps="12345678900")
    found = errors(data)
    assert ("delegate.function.missing", "mailboxes[0].delegates[0].function") in found
    assert ("delegate.last_name.missing", "mailboxes[0].delegates[0].last_name") in found
    assert ("email.invalid", "mailboxes[0].delegates[0].email") in found
    assert ("person.rpps.invalid", "mailboxes[0].delegates[0].rpps") in found


@pytest.mark.parametrize("how", ["rpps", "name"])
def test_co_holder_is_not_also_a_delegate(how: str) -> None:
    data = draft(2)
    delegate = data["mailboxes"][0]["delegates"][0]
    doctor = data["people"][1]
    if how == "rpps":
        delegate["rpps"] = doctor["rpps"]
    else:
        delegate["last_name"] = doctor["last_name"].upper()
        delegate["first_name"] = f"  {doctor['first_name']} "
    assert ("delegate.is_co_holder", "mailboxes[0].delegates[0]") in errors(data)


# Naming -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("local", "code"),
    [
        ("ab", "mailbox.local_part.too_short"),
        ("a" * 65, "mailbox.local_part.too_long"),
        ("Cabinet-des-lilas.93260", "mailbox.local_part.characters"),
        ("cabinet des lilas", "mailbox.local_part.characters"),
        ("réseau-cancérologie.villeurbane", "mailbox.local_part.characters"),
        ("cabinet--lilas.93260", "mailbox.local_part.doubled"),
        ("cabinet.-lilas.93260", "mailbox.local_part.doubled"),
        ("-cabinet-lilas.93260", "mailbox.local_part.edges"),
        ("cabinet-lilas.93260.", "mailbox.local_part.edges"),
        ("", "mailbox.local_part.missing"),
    ],
)
def test_local_part_syntax(local: str, code: str) -> None:
    data = draft(2)
    data["mailboxes"][0]["local_part"] = local
    assert (code, "mailboxes[0].local_part") in errors(data)


def test_accented_local_part_gets_a_transliterated_suggestion() -> None:
    data = draft(3)
    data["mailboxes"][0]["local_part"] = "Réseau-Cancérologie.Villeurbane"
    [finding] = [f for f in findings(data) if f.path == "mailboxes[0].local_part" and f.severity == "error"]
    assert "reseau-cancerologie.villeurbane" in finding.message


@pytest.mark.parametrize("local", ["abc", "a" * 64, "a.b-c_d", "cabinet-des-lilas.93260"])
def test_local_part_valid(local: str) -> None:
    data = draft(2)
    data["mailboxes"][0]["local_part"] = local
    assert not {c for c in errors(data) if c[1] == "mailboxes[0].local_part"}


@pytest.mark.parametrize(
    ("domain", "ok"),
    [
        ("medecin.mssante.fr", True),
        ("ch-larochelle.mssante.fr", True),
        ("a.b.mssante.fr", True),
        ("mssante.fr", False),
        ("xmssante.fr", False),
        ("mssante.fr.example.com", False),
        ("medecin.mssante.fr.", False),
        ("-medecin.mssante.fr", False),
        ("medecin..mssante.fr", False),
        ("Medecin.mssante.fr", False),
        ("médecin.mssante.fr", False),
        ("medecin.mssante.com", False),
    ],
)
def test_domain(domain: str, ok: bool) -> None:
    data = draft(2)
    data["mailboxes"][0]["domain"] = domain
    found = {c for c in errors(data) if c[1] == "mailboxes[0].domain"}
    assert (not found) == ok


def test_address_too_long_and_unique() -> None:
    data = draft(4)
    data["mailboxes"][1]["local_part"] = data["mailboxes"][0]["local_part"]
    assert ("mailbox.address.duplicate", "mailboxes[1].address") in errors(data)
    data = draft(2)
    data["mailboxes"][0]["domain"] = ".".join(["a" * 60] * 3) + ".mssante.fr"
    data["mailboxes"][0]["local_part"] = "a" * 64
    assert ("mailbox.address.too_long", "mailboxes[0].address") in errors(data)


def test_geographic_element_warning() -> None:
    data = draft(2)
    for local in ("cabinet-des-lilas.93260", "cabinet-des-lilas.les-lilas", "cabinet-lilas.93", "lilas.seine-saint-denis"):
        data["mailboxes"][0]["local_part"] = local
        assert ("mailbox.local_part.no_place", "mailboxes[0].local_part") not in warnings(data), local
    data["mailboxes"][0]["local_part"] = "cabinet-fontaine-roux"
    assert ("mailbox.local_part.no_place", "mailboxes[0].local_part") in warnings(data)


def test_sheet_example_with_a_typo_in_the_commune_still_counts_as_a_place() -> None:
    data = draft(3)
    data["mailboxes"][0]["local_part"] = "reseau-cancerologie.villeurbane"
    assert not warnings(data) - {("co_holders.single", "mailboxes[0].co_holders")}


def test_generic_name_warning() -> None:
    data = draft(2)
    data["mailboxes"][0]["local_part"] = "cabinet-medical.93260"
    assert ("mailbox.local_part.generic", "mailboxes[0].local_part") in warnings(data)
    data["mailboxes"][0]["local_part"] = "secretariat"
    assert ("mailbox.local_part.generic", "mailboxes[0].local_part") in warnings(data)
    data["mailboxes"][0]["local_part"] = "cabinet-des-lilas.93260"
    assert ("mailbox.local_part.generic", "mailboxes[0].local_part") not in warnings(data)


# Usage, acknowledgements, contacts --------------------------------------------------------------


def test_usage() -> None:
    data = draft()
    data["usage"]["exchanged"] = []
    data["usage"]["articulation"] = ""
    found = errors(data)
    assert ("usage.exchanged.empty", "usage.exchanged") in found
    assert ("usage.articulation.missing", "usage.articulation") in found
    data["usage"]["exchanged"] = ["autre"]
    assert ("usage.exchanged_other.missing", "usage.exchanged_other") in errors(data)


def test_unchecked_checklist_items_are_warnings() -> None:
    data = draft()
    data["usage"]["checklist"] = {"prerequisites_checked": False, "patients_informed": False, "partners_informed": True}
    found = warnings(data)
    assert ("usage.checklist.prerequisites_checked", "usage.checklist.prerequisites_checked") in found
    assert ("usage.checklist.patients_informed", "usage.checklist.patients_informed") in found
    assert not errors(data)


def test_acknowledgements() -> None:
    data = draft(2)
    data["acknowledgements"] = {"co_holder_responsibility": False, "delegate_confidentiality": False}
    found = errors(data)
    assert ("ack.co_holder_responsibility", "acknowledgements.co_holder_responsibility") in found
    assert ("ack.delegate_confidentiality", "acknowledgements.delegate_confidentiality") in found
    data = draft(1)  # no delegates: confidentiality not needed
    data["acknowledgements"]["delegate_confidentiality"] = False
    assert not errors(data)


def test_contact_and_advisor() -> None:
    data = draft(1)
    data["contact"] = {"name": "", "email": "x"}
    data["advisor"] = {"name": "", "organisation": "", "email": "y"}
    found = errors(data)
    for code, path in [
        ("contact.name.missing", "contact.name"),
        ("email.invalid", "contact.email"),
        ("advisor.name.missing", "advisor.name"),
        ("advisor.organisation.missing", "advisor.organisation"),
        ("email.invalid", "advisor.email"),
    ]:
        assert (code, path) in found


# Text, types, keys --------------------------------------------------------------------------------


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x7f", "\u2028", "\u200b"])
def test_control_characters_are_errors(char: str) -> None:
    data = draft()
    data["structure"]["name"] = f"Cabinet{char}des Lilas"
    assert ("text.control_characters", "structure.name") in errors(data)


def test_line_breaks_allowed_only_in_long_text() -> None:
    data = draft()
    data["usage"]["articulation"] = "Ligne 1\nLigne 2"
    data["mailboxes"][0]["description"] = "Une\nDeux"
    assert not errors(data)
    data["structure"]["name"] = "Cabinet\ndes Lilas"
    assert ("text.control_characters", "structure.name") in errors(data)


def test_unknown_keys_are_errors() -> None:
    data = draft()
    data["extra"] = 1
    data["mailboxes"][0]["co_holders"][0]["role"] = "chef"
    found = errors(data)
    assert ("schema.unknown_key", "extra") in found
    assert ("schema.unknown_key", "mailboxes[0].co_holders[0].role") in found


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("version",), 2),
        (("version",), "1"),
        (("format",), "autre-chose"),
        (("people",), {}),
        (("people", 0, "rpps"), 10005173140),
        (("mailboxes", 0, "liste_rouge"), "false"),
        (("mailboxes", 0, "liste_rouge"), 0),
        (("eligibility", "has_finess"), "non"),
        (("structure", "address"), None),
        (("acknowledgements", "co_holder_responsibility"), 1),
    ],
)
def test_wrong_types_are_errors(path: tuple, value: object) -> None:
    data = draft()
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    found = findings(data)
    text = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
    assert any(f.severity == "error" and f.path == text and f.code.startswith("schema.") for f in found), found


def test_missing_required_key() -> None:
    data = draft()
    del data["people"][0]["id"]
    assert ("schema.required", "people[0].id") in errors(data)


def test_dates_and_ids() -> None:
    data = draft()
    data["created_at"] = "2026-11-02 09:00"
    data["request_id"] = "not-a-uuid"
    found = errors(data)
    assert ("date.invalid", "created_at") in found
    assert ("request_id.invalid", "request_id") in found


def test_derived_fields_must_match_on_import() -> None:
    data = example(2)
    data["eligibility"]["outcome"] = "finess_route"
    data["structure"]["region"] = "Bretagne"
    data["mailboxes"][0]["address"] = "autre@medecin.mssante.fr"
    data["mailboxes"][0]["annuaire"]["value"] = "autre@medecin.mssante.fr"
    found = errors(data)
    # The finding names the first place inside a derived value that differs.
    for path in ("eligibility.outcome", "structure.region", "mailboxes[0].address", "mailboxes[0].annuaire.value"):
        assert ("derived.mismatch", path) in found


def test_messages_in_english() -> None:
    set_language("en")
    data = draft()
    data["people"][0]["rpps"] = "10101201234"
    [finding] = [f for f in findings(data) if f.path == "people[0].rpps"]
    assert finding.message.startswith("Invalid RPPS number")


def test_every_code_has_french_and_english() -> None:
    from wizard.model.messages import LABELS, MESSAGES

    for catalogue in (MESSAGES, LABELS):
        for key, (fr, en) in catalogue.items():
            assert fr.strip() and en.strip(), key


def test_finding_paths_map_to_steps() -> None:
    from wizard.model.findings import step_of

    assert step_of("structure.address.city") == "structure"
    assert step_of("eligibility.has_finess") == "eligibility"
    assert step_of("people[2].rpps") == "roles"
    assert step_of("mailboxes[0].co_holders[1].appointed_by") == "roles"
    assert step_of("mailboxes[0].delegates[0].rights") == "roles"
    assert step_of("mailboxes[3].local_part") == "name"
    assert step_of("mailboxes[0].description") == "usage"
    assert step_of("usage.checklist.patients_informed") == "usage"
    assert step_of("acknowledgements.co_holder_responsibility") == "review"
    assert codes({})  # an empty draft has findings to place
