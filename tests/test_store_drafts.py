"""The drafts store through its API, on real files: create, save, list, trash, export marker, conflicts."""

from __future__ import annotations

import json
import os
import stat

import pytest

from tests.store_helpers import journal_lines, open_store, request, store_root
from wizard.store.drafts import Draft
from wizard.store.drafts.errors import ConflictError, DraftNotFound, ReadOnlyDraft


def _mode(path) -> int:  # type: ignore[no-untyped-def]
    return stat.S_IMODE(os.stat(path).st_mode)


def test_create_save_load_round_trip_with_private_files() -> None:
    store = open_store()
    draft = store.create(request(2))
    draft.request.structure.name = "Maison de santé « Les Tilleuls »"
    draft.step = "roles"
    store.save(draft)
    again = open_store().load(draft.id)
    assert again.request == draft.request
    assert (again.step, again.revision) == ("roles", 2)
    root = store_root()
    assert _mode(root) == 0o700 and _mode(root / "items") == 0o700
    for path in [root / "items" / f"{draft.id}.json", root / "index.journal", root / "lock"]:
        assert _mode(path) == 0o600, path


def test_blank_draft_and_title() -> None:
    store = open_store()
    draft = store.create()
    assert draft.title == "Brouillon sans nom"
    assert store.list()[0].structure == ""
    assert store.list()[0].errors > 0


def test_save_rewrites_only_its_draft_and_appends_one_index_line() -> None:
    store = open_store()
    drafts = [store.create(request(case)) for case in (1, 2, 3)]
    root = store_root()
    before = {d.id: os.stat(root / "items" / f"{d.id}.json") for d in drafts}
    lines = len(journal_lines(root))
    drafts[1].request.structure.name = "Changé"
    store.save(drafts[1])
    after = {d.id: os.stat(root / "items" / f"{d.id}.json") for d in drafts}
    assert after[drafts[0].id].st_ino == before[drafts[0].id].st_ino
    assert after[drafts[2].id].st_mtime_ns == before[drafts[2].id].st_mtime_ns
    assert after[drafts[1].id].st_ino != before[drafts[1].id].st_ino  # replaced atomically (rename)
    new = journal_lines(root)[lines:]
    assert len(new) == 1 and list(new[0]["drafts"]) == [drafts[1].id]
    assert new[0]["drafts"][drafts[1].id]["structure"] == "Changé"


def test_list_summary_sort_and_filter() -> None:
    store = open_store()
    a = store.create(request(1))  # Nantes, cabinet infirmier
    b = store.create(request(3))
    c = store.create(request(2, name="Cabinet Élise"))
    c.request.structure.address.city = "Saint-Étienne"
    store.save(c)
    listed = store.list()
    assert listed[0].id == c.id  # most recent first
    assert {s.id for s in listed} == {a.id, b.id, c.id}
    summary = next(s for s in listed if s.id == a.id)
    assert (summary.structure, summary.city, summary.errors) == ("Cabinet infirmier du Port", "Nantes", 0)
    assert [s.id for s in store.list(filter="etienne elise")] == [c.id]  # any case, no accents, all words
    assert [s.id for s in store.list(filter=a.id[:6])] == [a.id]
    assert store.list(filter="introuvable") == []
    names = [s.title for s in store.list(sort="structure")]
    assert names[:2] == ["Cabinet Élise", "Cabinet infirmier du Port"]  # accents do not push É after i
    assert len(store.list(limit=2)) == 2 and store.count() == 3
    data = listed[0].to_dict()
    assert {"id", "structure", "updated_at", "errors", "city", "step", "exported_path"} <= set(data)


def test_errors_count_follows_the_rules() -> None:
    store = open_store()
    draft = store.create(request(2))
    assert store.list()[0].errors == 0
    draft.request.people[0].rpps = "10101201234"  # fails Luhn
    store.save(draft)
    assert store.list()[0].errors >= 1


def test_duplicate_rename_and_resolve_prefix() -> None:
    store = open_store()
    draft = store.create(request(2))
    copy = store.duplicate(draft.id)
    assert copy.id != draft.id and copy.origin == draft.id
    assert copy.request.request_id != draft.request.request_id
    assert copy.request.structure == draft.request.structure
    assert copy.title.endswith("(copie)")
    store.rename(draft.id, "  Dossier Lilas  ")
    assert open_store().load(draft.id).name == "Dossier Lilas"
    assert store.resolve(draft.id[:5]) == draft.id
    with pytest.raises(DraftNotFound) as missing:
        store.resolve("zzzzzz")
    assert "Aucun brouillon" in missing.value.message


def test_delete_goes_to_the_trash_and_comes_back() -> None:
    store = open_store()
    keep, gone = store.create(request(1)), store.create(request(2))
    store.delete(gone.id)
    assert [s.id for s in store.list()] == [keep.id]
    assert [s.id for s in store.list(trashed=True)] == [gone.id]
    store.restore(gone.id)
    assert {s.id for s in store.list()} == {keep.id, gone.id}
    store.delete(gone.id)
    assert store.empty_trash() == 1
    assert not (store_root() / "items" / f"{gone.id}.json").exists()
    with pytest.raises(DraftNotFound):
        store.load(gone.id)


def test_exported_draft_is_read_only_and_reopens_as_new(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = open_store()
    draft = store.create(request(2))
    store.mark_exported(draft, tmp_path / "demande.json", at="2026-11-26T10:00:00Z")
    summary = store.list()[0]
    assert summary.exported_path == str((tmp_path / "demande.json").resolve())
    assert summary.exported_at == "2026-11-26T10:00:00Z" and summary.read_only
    loaded = open_store().load(draft.id)
    assert loaded.read_only
    loaded.request.structure.name = "Modifié après export"
    with pytest.raises(ReadOnlyDraft) as refused:
        store.save(loaded)
    assert "exporté" in refused.value.message
    reopened = store.reopen(draft.id)
    assert not reopened.read_only and reopened.origin == draft.id
    reopened.request.structure.name = "Nouvelle version"
    store.save(reopened)
    assert open_store().load(draft.id).request.structure.name != "Nouvelle version"


def test_stale_save_from_another_process_is_a_conflict_with_choices() -> None:
    mine_store, their_store = open_store(), open_store()  # two processes on one store
    mine = mine_store.create(request(2))
    theirs = their_store.load(mine.id)
    theirs.request.structure.name = "Leur version"
    their_store.save(theirs)
    mine.request.structure.name = "Ma version"
    with pytest.raises(ConflictError) as conflict:
        mine_store.save(mine)
    error = conflict.value
    assert "modifié par un autre processus" in error.message
    assert [key for key, _ in error.choices] == ["keep_mine", "take_theirs", "save_as_new"]
    assert error.theirs.structure == "Leur version"
    assert open_store().load(mine.id).request.structure.name == "Leur version"  # nothing overwritten
    copy = mine_store.save_as_new(mine)
    assert open_store().load(copy.id).request.structure.name == "Ma version"
    mine_store.save(mine, force=True)  # "keep mine"
    assert open_store().load(mine.id).request.structure.name == "Ma version"


def test_draft_deleted_elsewhere_is_reported_not_recreated() -> None:
    store, other = open_store(), open_store()
    draft = store.create(request(2))
    other.purge(draft.id)
    with pytest.raises(ConflictError) as conflict:
        store.save(draft)
    assert conflict.value.theirs is None
    assert [key for key, _ in conflict.value.choices] == ["save_as_new"]


def test_other_process_changes_show_in_the_list() -> None:
    store, other = open_store(), open_store()
    assert store.list() == []
    draft = other.create(request(1))
    assert [s.id for s in store.list()] == [draft.id]
    draft.request.structure.name = "Renommé ailleurs"
    other.save(draft)
    assert store.list()[0].structure == "Renommé ailleurs"


def test_journal_is_compacted_into_the_snapshot() -> None:
    store = open_store()
    draft = store.create(request(2))
    root = store_root()
    for n in range(400):  # ~230 bytes a line: past the 64 KB threshold
        draft.request.structure.name = f"Version {n}"
        store.save(draft)
    assert (root / "index.json").exists()
    assert len(journal_lines(root)) < 300
    snapshot = json.loads((root / "index.json").read_text(encoding="utf-8"))
    assert draft.id in snapshot["drafts"]  # TinyDB's own layout
    assert open_store().list()[0].structure == "Version 399"


def test_torn_journal_line_is_ignored_and_cut_before_the_next_save() -> None:
    store = open_store()
    draft = store.create(request(2))
    with open(store_root() / "index.journal", "ab") as journal:
        journal.write(b'{"drafts":{"abc')  # a process killed mid-append
    other = open_store()
    assert other.problems == [] and [s.id for s in other.list()] == [draft.id]
    draft.request.structure.name = "Après la coupure"
    store.save(draft)
    assert [line["drafts"] for line in journal_lines(store_root())][-1][draft.id]["structure"] == "Après la coupure"
    assert open_store().list()[0].structure == "Après la coupure"


def test_draft_file_without_index_entry_is_found_again() -> None:
    store = open_store()
    draft = store.create(request(2))
    for name in ("index.journal", "index.json", "index.cache"):
        (store_root() / name).unlink(missing_ok=True)
    assert [s.id for s in open_store().list()] == [draft.id]


def test_stale_index_entry_is_repaired_on_load() -> None:
    store = open_store()
    draft = store.create(request(2))
    record_path = store_root() / "items" / f"{draft.id}.json"
    record = json.loads(record_path.read_text(encoding="utf-8"))
    record["revision"] = 5  # as if killed between writing the file and the index
    record["request"]["structure"]["name"] = "Écrit, pas indexé"
    record_path.write_text(json.dumps(record), encoding="utf-8")
    other = open_store()
    loaded = other.load(draft.id)
    assert loaded.revision == 5
    assert other.list()[0].structure == "Écrit, pas indexé"


def test_draft_dataclass_title_uses_structure_name() -> None:
    draft = Draft("abc", request(2))
    assert draft.title == "Cabinet des Lilas"
    draft.name = "Mon nom"
    assert draft.title == "Mon nom"


def test_limited_list_is_the_start_of_the_full_list_for_every_sort() -> None:
    store = open_store()
    for n in range(30):
        draft = store.create(request(1 + n % 4, name=f"Structure {n % 7} {n}"))
        draft.request.structure.address.city = ["Nantes", "Lyon", "Brest"][n % 3]
        draft.step = ["home", "roles", "review"][n % 3]
        store.save(draft)
    from wizard.store.drafts import SORTS

    for sort in SORTS:
        for descending in (None, True, False):
            full = [s.id for s in store.list(sort=sort, descending=descending)]
            assert [s.id for s in store.list(sort=sort, descending=descending, limit=5)] == full[:5], sort


def test_is_empty_counts_drafts_in_the_trash_too() -> None:
    store = open_store()
    assert store.is_empty()
    draft = store.create(request(1))
    assert not store.is_empty()
    store.delete(draft.id)  # to the trash: it can still come back, so the store is not empty
    assert store.count() == 0 and not open_store().is_empty()
