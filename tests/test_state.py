"""The draft's state without the wizard (wizard/model/state.py), then what one keystroke costs in the wizard."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest

from tests.tui_helpers import SIZE, workers_done
from wizard.model.findings import Finding, warning
from wizard.model.request import Mailbox, Request
from wizard.model.state import DraftState

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CASE2 = EXAMPLES / "cas2-cabinet-medical.json"


def _case2() -> Request:
    return Request.from_data(json.loads(CASE2.read_text(encoding="utf-8")))


class _Known:
    """What the rules ask of the known addresses (``without``), nothing known."""

    def without(self, request_id: str) -> _Known:
        return self


def test_one_change_serialises_once_and_checks_once() -> None:
    state = DraftState()
    state.set_draft(_case2())
    assert (state.serialisations, state.checks) == (1, 1)
    assert state.apply(lambda r: setattr(r.structure, "name", "Cabinet des Roses"))
    assert (state.serialisations, state.checks) == (2, 2)
    assert state.snapshot is not None and state.snapshot["structure"]["name"] == "Cabinet des Roses"
    # a widget echoing the value it was built with: serialised to compare, nothing rechecked
    assert not state.apply(lambda r: setattr(r.structure, "name", "Cabinet des Roses"))
    assert (state.serialisations, state.checks) == (3, 2)


def test_findings_steps_and_what_is_reachable() -> None:
    state = DraftState()
    assert state.reachable_steps() == {"home"}
    state.set_draft(Request(mailboxes=[Mailbox()]))
    state.reached = 2  # eligibility
    states = state.step_states()
    assert states["inform"] == "complete" and states["eligibility"] == "incomplete"
    assert states["structure"] == "not_started"
    assert state.reachable_steps() == {"home", "inform", "eligibility"}
    assert state.set_reached("structure") and not state.set_reached("inform")
    assert state.blocking("structure") and all(f.severity == "error" for f in state.blocking("structure"))
    assert state.counts().errors == sum(f.severity == "error" for f in state.findings)
    state.set_draft(_case2())
    assert not any(f.severity == "error" for f in state.findings)
    state.reached = 7
    assert state.step_states()["review"] == "complete"


def test_the_known_addresses_join_only_for_the_addresses_as_they_are() -> None:
    state = DraftState()
    state.set_draft(_case2())
    assert state.lookup_wanted() is None  # nothing known: nothing to look up
    state.set_known(_Known())  # type: ignore[arg-type]
    wanted = state.lookup_wanted()
    assert wanted is not None
    key, snapshot, _known = wanted
    assert snapshot is state.snapshot
    found: list[Finding] = [warning("mailbox.address.close", "mailboxes[0].local_part", near="x@y.mssante.fr")]
    # typed on before the answer: the answer is for an older spelling, dropped
    state.apply(lambda r: setattr(r.mailboxes[0], "local_part", "autre-nom"))
    assert not state.known_answered(key, found)
    assert found[0] not in state.findings
    key = state.lookup_key()
    assert key is not None and state.known_answered(key, found)
    assert found[0] in state.findings and found[0] in state.step_findings("name")
    assert state.lookup_wanted() is None  # answered for the addresses as they are
    assert state.rule_counts() == (state.counts().errors, state.counts().warnings - 1)
    # another change elsewhere keeps the answer (same addresses)
    state.apply(lambda r: setattr(r.structure, "name", "Autre"))
    assert found[0] in state.findings
    # a new draft drops it
    state.set_draft(_case2())
    assert found[0] not in state.findings and state.known_findings == []


def test_fingerprint_follows_the_parts_a_panel_is_built_from() -> None:
    state = DraftState()
    state.set_draft(_case2())
    before = state.fingerprint(("structure",))
    state.apply(lambda r: setattr(r.usage, "articulation", "Autrement"))
    assert state.fingerprint(("structure",)) == before
    state.apply(lambda r: setattr(r.structure, "name", "Autre"))
    assert state.fingerprint(("structure",)) != before
    generation = state.generation
    state.set_draft(_case2())
    assert state.generation == generation + 1


async def test_one_keystroke_serialises_the_draft_once_and_runs_the_rules_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """On the Name step, one key typed: one serialisation (the state's snapshot, given to autosave and
    to the store's counts) and one run of the rules on the UI thread."""
    from textual.widgets import Input

    from wizard.app import BalOrgApp
    from wizard.model import rules

    counted: dict[str, int] = {"to_data": 0, "check": 0}
    ui = threading.get_ident()
    to_data, check = Request.to_data, rules.check

    def counting_to_data(self: Request, *args: Any, **kwargs: Any) -> Any:
        if threading.get_ident() == ui:
            counted["to_data"] += 1
        return to_data(self, *args, **kwargs)

    def counting_check(*args: Any, **kwargs: Any) -> Any:
        if threading.get_ident() == ui:
            counted["check"] += 1
        return check(*args, **kwargs)

    app = BalOrgApp(file=str(CASE2))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.goto("name")
        await pilot.pause()
        await workers_done(app)
        field = app.screen.panel.query_one("#f-mailboxes-0-local_part", Input)
        field.focus()
        await pilot.press("end")
        await pilot.pause(1.3)  # autosave of anything pending so far
        monkeypatch.setattr(Request, "to_data", counting_to_data)
        monkeypatch.setattr(rules, "check", counting_check)
        for key in ("x", "y", "backspace"):
            counted.update(to_data=0, check=0)
            await pilot.press(key)
            await pilot.pause()
            await pilot.pause(1.3)  # saved meanwhile: its cost counts too
            assert counted == {"to_data": 1, "check": 1}, (key, counted)


def test_a_field_is_written_by_its_path_as_typed() -> None:
    from wizard.model.fields import parse, set_field

    assert parse("mailboxes[1].description") == ["mailboxes", 1, "description"]
    for bad in ("", "mailboxes[1]", "a..b", "a[x].b", "a b"):
        with pytest.raises(ValueError):
            parse(bad)
    request = _case2()
    request.mailboxes.append(Mailbox())
    assert set_field(request, "mailboxes[1].description", "Accueil")
    assert request.mailboxes[1].description == "Accueil"
    assert set_field(request, "mailboxes[1].description", "  ")  # blank, optional: absent
    assert request.mailboxes[1].description is None
    assert set_field(request, "structure.name", "")  # blank, required: kept empty (the rules say it is missing)
    assert request.structure.name == ""
    assert set_field(request, "contact.email", "  a@b.fr ")  # an address never has spaces around it
    assert request.contact.email == "a@b.fr"
    assert set_field(request, "usage.checklist.patients_informed", True)
    assert request.usage.checklist.patients_informed is True
    request.advisor = None
    assert not set_field(request, "advisor.name", "X")  # no advisor named: nothing there
    assert not set_field(request, "mailboxes[9].description", "X")  # a mailbox removed meanwhile
    assert not set_field(request, "structure.nothing", "X")
    assert not set_field(request, "export.path", "X")
