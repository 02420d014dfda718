"""Walk each of the sheet's four cases through the wizard, Home to export, as a user would.

Every value is typed, chosen, ticked or clicked in the screens; the exported
file must equal the committed example (ids and dates aside) and validate.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Select

from tests.tui_helpers import SIZE, choose, click, focus, next_step, pick, q, tick, type_into
from wizard.app import BalOrgApp
from wizard.model.data import professions
from wizard.model.examples import EXAMPLES
from wizard.model.request import Request
from wizard.model.validate import validate_file

EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples"
CASES = list(EXAMPLES)  # cas1..cas4, in the order of the presets on Home
_VOLATILE = ("request_id", "created_at", "exported_at")
_IDENTIFIER_LABELS = {"SIRET": "SIRET", "SIREN": "SIREN", "RPPS_RANG": "RPPS"}


def _name(person: Any) -> str:
    return f"{person.first_name} {person.last_name}"


async def walk(pilot: Any, example: Request, preset: int, export_to: Path) -> None:
    """Enter `example` through the screens, starting from preset number `preset` on Home."""
    app: BalOrgApp = pilot.app
    await pilot.pause()
    # Home: the sheet's case as a preset.
    await pilot.press(*["down"] * preset, "enter")
    await pilot.pause()
    assert app.screen.STEP == "inform"
    await next_step(pilot)
    # Eligibility: the three questions.
    for key in ("needs_shared_mailbox", "has_finess", "has_rpps_professional"):
        answer = getattr(example.eligibility, key)
        await click(pilot, f"#{key}-{'yes' if answer else 'no'}")
    await next_step(pilot)
    assert app.screen.STEP == "structure"
    # Structure.
    s = example.structure
    await type_into(pilot, "#f-structure-name", s.name)
    assert q(pilot, "#f-structure-kind").value == s.kind  # from the preset
    assert s.identifier is not None
    await choose(pilot, "#f-structure-identifier-type", _IDENTIFIER_LABELS[s.identifier.type])
    await type_into(pilot, "#f-structure-identifier-value", s.identifier.value)
    for n, line in enumerate(s.address.lines):
        await type_into(pilot, f"#f-structure-address-lines-{n}", line)
    await type_into(pilot, "#f-structure-address-postal_code", s.address.postal_code)
    await type_into(pilot, "#f-structure-address-city", s.address.city)
    await next_step(pilot)
    assert app.screen.STEP == "roles"
    # Roles: the professionals, then per mailbox its co-holders and delegates.
    for person in example.people:
        await click(pilot, "#people-add")
        await type_into(pilot, "#f-c-last_name", person.last_name)
        await type_into(pilot, "#f-c-first_name", person.first_name)
        await type_into(pilot, "#f-c-rpps", person.rpps)
        await choose(pilot, "#f-c-profession_code", professions()[person.profession_code]["label"])
        await tick(pilot, "#cred-cps", "cps" in person.credentials)
        await tick(pilot, "#cred-e-cps", "e-cps" in person.credentials)
        await click(pilot, "#dialog-ok")
    names = {p.id: _name(p) for p in example.people}
    while len(app.draft.mailboxes) < len(example.mailboxes):
        await click(pilot, "#mailbox-add")
    for index, box in enumerate(example.mailboxes):
        table = await focus(pilot, "#f-mailboxes")
        table.move_cursor(row=index)  # the row under the cursor is the mailbox shown
        await pilot.pause()
        for holder in box.co_holders:
            await click(pilot, "#holder-add")
            await choose(pilot, "#f-c-person", names[holder.person])
            if not holder.principal:
                await choose(pilot, "#f-c-appointed_by", names[holder.appointed_by])
            await click(pilot, "#dialog-ok")
        for delegate in box.delegates:
            await click(pilot, "#delegate-add")
            await type_into(pilot, "#f-c-last_name", delegate.last_name)
            await type_into(pilot, "#f-c-first_name", delegate.first_name)
            await type_into(pilot, "#f-c-function", delegate.function)
            await type_into(pilot, "#f-c-email", delegate.email or "")
            await tick(pilot, "#right-read", "read" in delegate.rights)
            await tick(pilot, "#right-send", "send" in delegate.rights)
            await pick(pilot, "#f-c-delegated_by", list(delegate.delegated_by))
            await click(pilot, "#dialog-ok")
    await next_step(pilot)
    assert app.screen.STEP == "name", ([f.message for f in app.step_findings("roles")], app.draft.mailboxes)
    # Name: the local part, the operator's domain.
    for index, box in enumerate(example.mailboxes):
        base = f"#f-mailboxes-{index}-"
        await type_into(pilot, base + "local_part", box.local_part)
        await type_into(pilot, base + "domain", box.domain)
        await type_into(pilot, base + "operator", box.operator or "")
        assert box.address in str(q(pilot, f"#preview-{index}").render()) if box.address else True
    await next_step(pilot)
    assert app.screen.STEP == "usage", [f.message for f in app.step_findings("name")]
    # Usage.
    u = example.usage
    await pick(pilot, "#f-usage-exchanged", list(u.exchanged))
    await type_into(pilot, "#f-usage-articulation", u.articulation)
    for key, value in u.checklist.model_dump().items():
        await tick(pilot, f"#f-usage-checklist-{key}", value)
    for index, box in enumerate(example.mailboxes):
        base = f"#f-mailboxes-{index}-"
        await type_into(pilot, base + "description", box.description or "")
        await type_into(pilot, base + "service", box.service or "")
        await tick(pilot, base + "liste_rouge", box.liste_rouge)
    await next_step(pilot)
    assert app.screen.STEP == "review", [f.message for f in app.step_findings("usage")]
    # Review: acknowledgements, contact, advisor, export.
    ack = example.acknowledgements
    await tick(pilot, "#f-acknowledgements-co_holder_responsibility", ack.co_holder_responsibility)
    await tick(pilot, "#f-acknowledgements-delegate_confidentiality", ack.delegate_confidentiality)
    c = example.contact
    await type_into(pilot, "#f-contact-name", c.name)
    await type_into(pilot, "#f-contact-email", c.email)
    await type_into(pilot, "#f-contact-phone", c.phone or "")
    if example.advisor is not None:
        await tick(pilot, "#f-advisor", True)
        await type_into(pilot, "#f-advisor-name", example.advisor.name)
        await type_into(pilot, "#f-advisor-organisation", example.advisor.organisation)
        await type_into(pilot, "#f-advisor-email", example.advisor.email or "")
    assert not [f for f in app.findings if f.severity == "error"], [f.message for f in app.findings]
    await type_into(pilot, "#export-path", str(export_to))
    await click(pilot, "#export")
    await click(pilot, "#choice-export")  # the confirmation names the file


def _body(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in _VOLATILE}


@pytest.mark.parametrize("name", CASES)
async def test_walk_each_case_to_the_committed_example(name: str, tmp_path: Path) -> None:
    example = EXAMPLES[name]()
    target = tmp_path / "export" / name
    target.parent.mkdir()
    app = BalOrgApp()
    async with app.run_test(size=SIZE) as pilot:
        await walk(pilot, example, CASES.index(name) + 1, target)
        result = str(q(pilot, "#export-result").render())
        assert str(target) in result
        assert not app.dirty
    exported = json.loads(target.read_text(encoding="utf-8"))
    committed = json.loads((EXAMPLES_DIR / name).read_text(encoding="utf-8"))
    assert _body(exported) == _body(committed)
    assert not validate_file(target).has_errors
    assert target.stat().st_mode & 0o777 == 0o600


async def test_blank_request_has_one_mailbox_and_no_kind(tmp_path: Path) -> None:
    app = BalOrgApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # "Demande vierge", first on Home
        await pilot.pause()
        assert app.screen.STEP == "inform"
        assert app.draft is not None and len(app.draft.mailboxes) == 1
        assert app.draft.structure.kind is None
        app.goto("structure")
        await pilot.pause()
        assert q(pilot, "#f-structure-kind").value is Select.NULL
