"""Drafts stored by an older balorg (format 0, committed fixture) are migrated when loaded."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.conftest import REPO
from tests.store_helpers import open_store, store_root
from wizard.store.drafts.migrations import CURRENT, UnknownFormat, format_of, migrate

FIXTURE = REPO / "tests" / "fixtures" / "store" / "v0"
DRAFT_ID = "0a1b2c3d4e5f"


def _install_fixture() -> bytes:
    items = store_root() / "items"
    items.mkdir(parents=True, mode=0o700)
    store_root().chmod(0o700)
    shutil.copy(FIXTURE / f"{DRAFT_ID}.json", items)
    return (FIXTURE / f"{DRAFT_ID}.json").read_bytes()


def test_v0_draft_is_listed_and_loaded_migrated() -> None:
    original = _install_fixture()
    store = open_store()
    assert store.problems == []
    [summary] = store.list()
    assert (summary.id, summary.name, summary.structure, summary.city) == (
        DRAFT_ID, "Cabinet des Lilas (reprise)", "Cabinet des Lilas", "Les Lilas")
    assert summary.step == "roles"  # index 4 of the old wizard's steps
    assert summary.updated_at == "2026-11-21T10:00:00Z"
    draft = store.load(DRAFT_ID)
    assert draft.revision == 7
    assert draft.request.people[0].rpps == "10005173140"  # "professionals" became "people"
    address = draft.request.structure.address
    assert (address.lines, address.postal_code, address.city) == (["12 rue des Lilas", "Bâtiment B"], "93260", "Les Lilas")
    assert draft.request.request_id == "4b6f3f1e-8d2a-4c11-9a57-2f0c1d3e5a71"
    # Loading does not touch the file; the first save writes the current format and keeps the original.
    path = store_root() / "items" / f"{DRAFT_ID}.json"
    assert path.read_bytes() == original
    draft.request.contact.phone = "0102030405"
    store.save(draft)
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["store_format"] == CURRENT and record["revision"] == 8
    assert (store_root() / "migrated" / f"{DRAFT_ID}.v0.json").read_bytes() == original
    assert open_store().load(DRAFT_ID).request.contact.phone == "0102030405"


def test_format_versions() -> None:
    assert format_of({}) == 0
    assert format_of({"store_format": 1}) == 1
    with pytest.raises(UnknownFormat):
        migrate({"store_format": CURRENT + 1, "request": {}}, "x")
    with pytest.raises(UnknownFormat):
        format_of({"store_format": "1"})


def test_draft_from_a_newer_balorg_is_left_untouched_and_reported() -> None:
    items = store_root() / "items"
    items.mkdir(parents=True, mode=0o700)
    store_root().chmod(0o700)
    raw = json.dumps({"store_format": CURRENT + 1, "id": "ffffffffffff", "revision": 1, "request": {}}).encode()
    (items / "ffffffffffff.json").write_bytes(raw)
    store = open_store()
    assert store.list() == []
    [problem] = store.problems
    assert problem.code == "store.draft_unreadable" and "n'a pas été modifié" in problem.message
    assert (items / "ffffffffffff.json").read_bytes() == raw
