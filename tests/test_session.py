"""The drafts session without a screen (wizard/session.py): saving with the state's snapshot and
counts, conflicts, resume, read-only exported drafts, opening a file the store's importer's way."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from wizard.model.request import Request
from wizard.model.rules import check
from wizard.model.state import DraftState
from wizard.session import DraftsSession, Resumed
from wizard.store.drafts import DraftStore
from wizard.store.drafts.autosave import SaveConflict

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CASE2 = EXAMPLES / "cas2-cabinet-medical.json"


def _session() -> tuple[DraftsSession, DraftState, list[Any]]:
    events: list[Any] = []
    state = DraftState()
    return DraftsSession(state, notify=events.append), state, events


def _open(session: DraftsSession, state: DraftState, path: Path = CASE2) -> Request:
    request, findings = session.open_file(path)
    assert request is not None, findings
    state.set_draft(request)
    state.reached = 7
    return request


def test_a_new_request_is_stored_at_its_first_edit_with_the_states_counts() -> None:
    session, state, _ = _session()
    state.set_draft(Request.from_data({"mailboxes": [{}]}))
    assert session.changed("new") is None and session.stored is None  # no empty draft left behind
    state.apply(lambda r: setattr(r.structure, "name", "Cabinet des Roses"))
    session.changed("edit")
    assert session.stored is not None
    state.apply(lambda r: setattr(r.structure.address, "city", "Nantes"))
    session.changed("edit")
    session.saver.flush()
    [listed] = session.store.list()
    errors = sum(f.severity == "error" for f in check(state.draft.to_data(), derived=False))  # type: ignore[union-attr]
    assert (listed.structure, listed.city, listed.errors) == ("Cabinet des Roses", "Nantes", errors)
    assert session.store.load(listed.id).request.structure.address.city == "Nantes"
    session.close()


def test_an_opened_file_loses_its_derived_fields_and_a_broken_one_is_refused(tmp_path: Path) -> None:
    session, state, _ = _session()
    request = _open(session, state)
    assert request.structure.idnat_struct is None and request.mailboxes[0].address is None
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({"format": "bal-org-request", "version": 1, "surprise": 1}), encoding="utf-8")
    refused, findings = session.open_file(broken)
    assert refused is None and any(f.code.startswith("schema.") for f in findings)
    session.close()


def test_a_conflict_is_settled_as_the_user_chooses() -> None:
    session, state, events = _session()
    _open(session, state)
    session.changed("open")
    stored = session.stored
    assert stored is not None
    other = DraftStore()
    theirs = other.load(stored.id)
    theirs.request.structure.name = "Changé ailleurs"
    other.save(theirs)
    state.apply(lambda r: setattr(r.structure, "name", "Changé ici"))
    session.changed("edit")
    session.saver.flush()
    conflict = next(e for e in events if isinstance(e, SaveConflict))
    said, ask = session.saver_event(conflict)
    assert ask and said is None
    resumed, said = session.settle("take_theirs")
    assert isinstance(resumed, Resumed) and resumed.draft.request.structure.name == "Changé ailleurs"
    assert "autre version" in said.text
    session.close()
    other.close()


def test_an_exported_draft_is_read_only_when_resumed() -> None:
    session, state, _ = _session()
    _open(session, state)
    session.changed("open")
    said = session.exported("/tmp/demande.json")
    assert said is not None and "marquée exportée" in said.text
    stored = session.stored
    assert stored is not None
    resumed, said = session.resume(stored.id)
    assert resumed is not None and said is not None and "consultation seule" in said.text
    state.set_draft(resumed.draft.request)
    refusal = session.read_only_refusal()
    assert refusal is not None and refusal.severity == "warning"
    reopened, _ = session.reopen(stored.id)
    assert reopened is not None and reopened.draft.id != stored.id and not reopened.draft.read_only
    state.set_draft(reopened.draft.request)
    assert session.read_only_refusal() is None
    session.close()


def test_a_failure_is_said_once_until_a_save_succeeds() -> None:
    session, _, _ = _session()
    first = session._failure("Disque plein")
    assert first is not None and first.severity == "error"
    assert session._failure("Disque plein") is None
