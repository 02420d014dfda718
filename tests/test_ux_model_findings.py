"""The model's findings and wording (issue 12, points 1, 12 and 13): which mailbox a finding is about,
the presets' eligibility answers, and the words fixed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.factories import draft as draft_data
from wizard.model.rules import check

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _case4_without_co_holders() -> dict[str, Any]:
    data = json.loads((EXAMPLES / "cas4-ministere-interieur.json").read_text(encoding="utf-8"))
    for mailbox in data["mailboxes"][1:]:
        mailbox["co_holders"] = []
        for delegate in mailbox["delegates"]:
            delegate["delegated_by"] = []
    return data


def test_each_finding_of_one_mailbox_says_which_and_is_inside_it() -> None:
    found = check(_case4_without_co_holders(), derived=False)
    empty = [f for f in found if f.code == "co_holders.empty"]
    assert [(f.path, f.message.split(" : ")[0]) for f in empty] == [
        ("mailboxes[1].co_holders", "BAL n°2"), ("mailboxes[2].co_holders", "BAL n°3"),
        ("mailboxes[3].co_holders", "BAL n°4")]
    assert empty[0].message == "BAL n°2 : désignez au moins un cotitulaire, le cotitulaire principal."
    for finding in found:
        if finding.path.startswith("mailboxes"):
            number = int(finding.path.split("[")[1].split("]")[0]) + 1
            assert finding.message.startswith(f"BAL n°{number} : "), finding
        assert finding.path != "mailboxes"  # never the bare list for one mailbox's finding
    # BAL n°1 keeps its own warning, numbered as its own
    [single] = [f for f in found if f.code == "co_holders.single"]
    assert single.path == "mailboxes[0].co_holders" and single.message.startswith("BAL n°1 : un seul cotitulaire")


def test_one_mailbox_findings_are_not_numbered_and_names_stay_capitalised() -> None:
    data = draft_data(2)
    data["mailboxes"][0]["co_holders"] = []
    [finding] = [f for f in check(data) if f.code == "co_holders.empty"]
    assert finding.message == "Désignez au moins un cotitulaire, le cotitulaire principal."
    data = _case4_without_co_holders()
    data["people"][0]["credentials"] = []
    [named] = [f for f in check(data, derived=False) if f.code == "co_holder.credential.required"]
    first = data["people"][0]["first_name"]
    assert named.message.startswith(f"BAL n°1 : {first} ")  # a name keeps its capital


def test_known_address_findings_say_which_mailbox() -> None:
    from wizard.model.rules import known_findings

    data = _case4_without_co_holders()
    address = f"{data['mailboxes'][2]['local_part']}@{data['mailboxes'][2]['domain']}"

    class Known:
        def without(self, request_id: str) -> Known:
            return self

        def lookup(self, wanted: str) -> tuple[str | None, list[tuple[str, str]]]:
            return ("SGAMI Ouest", []) if wanted == address else (None, [])

    check(data)
    [finding] = known_findings(data, Known())  # type: ignore[arg-type]
    assert finding.path == "mailboxes[2].local_part" and finding.message.startswith("BAL n°3 : l'adresse")


# -- wording ----------------------------------------------------------------------------------------

def test_a_suggestion_follows_a_full_sentence() -> None:
    data = draft_data(2)
    data["mailboxes"][0]["local_part"] = "Cabinet-Lilas.93260"
    [finding] = [f for f in check(data) if f.path == "mailboxes[0].local_part" and f.severity == "error"]
    sentence, _, suggestion = finding.message.partition(" Suggestion : ")
    assert sentence.endswith(".") and suggestion == "cabinet-lilas.93260"


def test_the_appointer_missing_names_the_person_and_rights_say_tick_one() -> None:
    data = draft_data(2)
    holder = next(c for c in data["mailboxes"][0]["co_holders"] if not c["principal"])
    holder["appointed_by"] = None
    person = next(p for p in data["people"] if p["id"] == holder["person"])
    [finding] = [f for f in check(data) if f.code == "co_holder.appointed_by.missing"]
    assert f"{person['first_name']} {person['last_name']}" in finding.message and "celui-ci" not in finding.message
    data = draft_data(2)
    data["mailboxes"][0]["delegates"][0]["rights"] = []
    [rights] = [f for f in check(data) if f.code == "delegate.rights.empty"]
    assert "cochez au moins un droit" in rights.message


def test_validate_names_what_it_expects() -> None:
    found = check({"structure": 3, "people": {}})
    messages = {f.path: f.message for f in found}
    assert messages["structure"] == "Type incorrect : il faut un objet (les informations de la structure)."
    assert messages["people"] == "Type incorrect : il faut une liste (les professionnels)."
    assert not any("{" in m for m in messages.values())


def test_the_partners_letter_puts_the_article_before_the_practice() -> None:
    from wizard.documents.content import announcement, with_article

    data = draft_data(2)
    name = data["structure"]["name"]
    text = " ".join(str(block) for block in announcement(data).blocks)
    assert f"Le {name} ouvre" in text
    assert with_article("La Maison de santé du Parc") == "La Maison de santé du Parc"
    assert with_article("Maison de santé du Parc") == "la Maison de santé du Parc"
    assert with_article("Association Soins") == "l'Association Soins"
    assert with_article("Hélène Martin") == "Hélène Martin"  # a proper name: as it is


def test_the_last_step_has_one_name() -> None:
    from wizard.documents.catalogue import TEXT
    from wizard.model.i18n import t
    from wizard.ui.texts import tr

    assert tr("step.review") == tr("title.review") == "Export"
    assert t(TEXT, "step.review") == "export"
    assert "relecture" not in tr("cmd.export.help").casefold().replace("relire", "")


# -- the presets answer the eligibility step as their case does -------------------------------------

@pytest.mark.parametrize("preset", ["cas1_cabinet_infirmier", "cas2_cabinet_medical", "cas3_reseau_association",
                                    "cas4_ministere_interieur"])
async def test_a_preset_pre_answers_eligibility(preset: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from textual.widgets import RadioButton

    from wizard.model import data

    # This checkout's data/ (an editable install maps wizard.data to the checkout it was made from).
    shipped = data.read_json(str(EXAMPLES.parent / "data"), "presets.json")["presets"]
    monkeypatch.setattr(data, "presets", lambda: shipped)

    from tests.tui_helpers import SIZE, click, q
    from wizard.app import BalOrgApp

    async with BalOrgApp().run_test(size=SIZE) as pilot:
        app = pilot.app
        await pilot.pause()
        app.new_request(preset)
        await pilot.pause()
        app.goto("eligibility")
        await pilot.pause()
        assert app.screen.STEP == "eligibility"
        assert not any(f.code == "eligibility.unanswered" for f in app.step_findings("eligibility"))
        assert not app.blocking_findings("eligibility")
        for key, yes in (("needs_shared_mailbox", True), ("has_finess", False), ("has_rpps_professional", True)):
            button = q(pilot, f"#{key}-{'yes' if yes else 'no'}")
            assert isinstance(button, RadioButton) and button.value
        assert "Éligible" in str(q(pilot, "#outcome").render())
        await click(pilot, "#has_finess-yes")  # the answers can be changed
        assert app.draft.eligibility.has_finess is True
