"""Identifiers as people type them (issue 12, point 3): spaces, dots and dashes are read as the digits,
in the model, so that the wizard, `validate`, `drafts import` and `open` agree."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO
from tests.factories import draft as draft_data
from wizard.model.fields import set_field
from wizard.model.identifiers import compact
from wizard.model.request import Request
from wizard.model.rules import check

SIRET = "73282932000074"


def _spaced() -> dict[str, Any]:
    data = draft_data(2)
    data["structure"]["identifier"] = {"type": "SIRET", "value": "732 829 320 00074"}
    data["structure"]["address"]["postal_code"] = "93 260"
    data["people"][0]["rpps"] = "10 000 456 789"
    data["mailboxes"][0]["delegates"][0]["rpps"] = None
    return data


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("732 829 320 00074", SIRET),
        ("732.829.320.00074", SIRET),
        ("732-829-320-00074", SIRET),
        ("732\u00a0829\u202f320 00074", SIRET),  # no-break spaces, pasted from a web page
        ("10 000 000 009", "10000000009"),
        ("93 260", "93260"),
        ("404 833 048", "404833048"),
        ("2A 000 000 1", "2A0000001"),
        ("", ""),
        ("Cabinet 12", "Cabinet 12"),  # no number: left as typed, for the rules to say what is wrong
        ("12 ab", "12 ab"),
    ],
)
def test_compact(typed: str, read: str) -> None:
    assert compact(typed) == read


def test_the_models_read_the_digits_from_a_file_a_draft_or_a_field() -> None:
    request = Request.from_data(_spaced())
    assert request.structure.identifier is not None and request.structure.identifier.value == SIRET
    assert request.structure.address.postal_code == "93260"
    assert request.people[0].rpps == "10000456789"
    assert set_field(request, "structure.finess", "01 000 382 0") and request.structure.finess == "010003820"
    assert set_field(request, "people[0].rpps", "10 000 456 789") and request.people[0].rpps == "10000456789"
    assert set_field(request, "structure.address.postal_code", "44 000")
    assert request.structure.address.postal_code == "44000"
    assert set_field(request, "mailboxes[0].delegates[0].rpps", "10-000-456-789")
    assert request.mailboxes[0].delegates[0].rpps == "10000456789"
    assert set_field(request, "structure.name", "Cabinet 93 260")  # not a number field: as typed
    assert request.structure.name == "Cabinet 93 260"


def test_the_rules_read_a_draft_with_separators_as_its_digits_and_say_nothing_of_them() -> None:
    spaced = _spaced()
    plain = json.loads(json.dumps(spaced).replace("732 829 320 00074", SIRET).replace("93 260", "93260")
                       .replace("10 000 456 789", "10000456789"))
    found = check(spaced)
    assert found == check(plain)
    assert not [f for f in found if f.severity == "error"]
    assert spaced["structure"]["identifier"]["value"] == SIRET  # read in place, as the models read it


def test_an_exported_file_with_separators_names_the_field_and_the_digits_expected() -> None:
    data = json.loads((REPO / "examples" / "cas2-cabinet-medical.json").read_text(encoding="utf-8"))
    data["structure"]["address"]["postal_code"] = "93 260"
    found = check(data, reading="export")
    assert [(f.code, f.path) for f in found] == [("number.separators", "structure.address.postal_code")]
    message = found[0].message
    assert message.startswith("Code postal « 93 260 »") and "93260 attendu" in message and "chiffres" in message


def _balorg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wizard", *args], capture_output=True, text=True, cwd=REPO, timeout=120)


def test_validate_drafts_import_and_open_agree_with_the_wizard(tmp_path: Path) -> None:
    path = tmp_path / "brouillon.json"
    path.write_text(json.dumps(_spaced(), ensure_ascii=False), encoding="utf-8")
    plain = tmp_path / "chiffres.json"
    plain.write_text(json.dumps(_spaced(), ensure_ascii=False).replace("732 829 320 00074", SIRET)
                     .replace("93 260", "93260").replace("10 000 456 789", "10000456789"), encoding="utf-8")
    spaced_report = json.loads(_balorg("validate", "--draft", "--json", str(path)).stdout)
    plain_report = json.loads(_balorg("validate", "--draft", "--json", str(plain)).stdout)
    assert spaced_report[0]["findings"] == plain_report[0]["findings"]
    assert not [f for f in spaced_report[0]["findings"] if f["severity"] == "error"]
    run = _balorg("drafts", "import", str(path))
    assert run.returncode == 0, run.stdout + run.stderr
    draft_id = run.stdout.strip().splitlines()[-1]
    from wizard.store.drafts import DraftStore

    stored = DraftStore().load(draft_id).request
    assert stored.structure.identifier is not None and stored.structure.identifier.value == SIRET
    assert stored.structure.address.postal_code == "93260" and stored.people[0].rpps == "10000456789"
    # the wizard opening the file reads the same
    from wizard.store.drafts.importing import request_from_file

    request, findings = request_from_file(path)
    assert request is not None and request.structure.identifier.value == SIRET  # type: ignore[union-attr]
    assert not [f for f in findings if f.severity == "error"]


async def test_the_wizard_takes_a_spaced_siret_as_its_digits_and_keeps_what_was_typed() -> None:
    from textual.widgets import Input

    from tests.tui_helpers import SIZE, choose, q, type_into
    from wizard.app import BalOrgApp

    async with BalOrgApp().run_test(size=SIZE) as pilot:
        app = pilot.app
        await pilot.pause()
        app.open_file(REPO / "examples" / "cas2-cabinet-medical.json")
        await pilot.pause()
        app.goto("structure")
        await pilot.pause()
        await choose(pilot, "#f-structure-identifier-type", "SIRET")
        assert app.draft.structure.identifier.type == "SIRET"
        await type_into(pilot, "#f-structure-identifier-value", "732 829 320 00074", keys=True)
        await type_into(pilot, "#f-structure-address-postal_code", "93 260", keys=True)
        await pilot.pause()
        assert app.draft.structure.identifier.value == SIRET
        assert app.draft.structure.address.postal_code == "93260"
        field = q(pilot, "#f-structure-identifier-value")
        assert isinstance(field, Input) and field.value == "732 829 320 00074"  # never rewritten under the cursor
        assert q(pilot, "#f-structure-address-postal_code").value == "93 260"
        assert not app.blocking_findings("structure")
        shown = " ".join(str(w.render()) for w in app.screen.panel.query(".field-error"))
        assert "SIRET" not in shown and "Code postal" not in shown
        assert app.state.snapshot["structure"]["identifier"]["value"] == SIRET
