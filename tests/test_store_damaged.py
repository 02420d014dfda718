"""A store that cannot be used as is: damaged files, read-only or unreadable folder, full disk.

In each case: a clear French message, balorg still starts, a damaged file is
moved aside byte for byte and never overwritten, and the user can go on.
Tests that need the kernel to refuse a write run in a subprocess without the
privileges that let root ignore file permissions (``setpriv``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.store_helpers import open_store, request, store_root
from wizard.store.drafts.errors import ConflictError, StoreError


def _asides() -> dict[str, bytes]:
    folder = store_root() / "aside"
    return {p.name: p.read_bytes() for p in folder.iterdir()} if folder.exists() else {}


def _two_drafts() -> list[str]:
    store = open_store()
    ids = [store.create(request(case)).id for case in (1, 2)]
    store.close()
    return ids


def test_damaged_index_is_moved_aside_and_rebuilt_from_the_drafts() -> None:
    ids = _two_drafts()
    store = open_store()
    for _ in range(400):  # make a snapshot exist
        draft = store.load(ids[0])
        store.save(draft)
    garbage = b'{"drafts": {"oops'
    (store_root() / "index.json").write_bytes(garbage)
    (store_root() / "index.cache").unlink(missing_ok=True)
    reopened = open_store()
    [problem] = reopened.problems
    assert problem.code == "store.index_damaged"
    assert "illisible" in problem.message and "reconstruit" in problem.message
    assert garbage in _asides().values()
    assert sorted(s.id for s in reopened.list()) == sorted(ids)
    reopened.save(reopened.load(ids[1]))
    assert garbage in _asides().values()  # kept aside, never overwritten
    assert open_store().problems == []


def test_garbage_line_inside_the_journal_is_damage_not_a_torn_line() -> None:
    ids = _two_drafts()
    journal = store_root() / "index.journal"
    lines = journal.read_bytes().splitlines(keepends=True)
    journal.write_bytes(lines[0] + b"\x00\x00garbage\n" + b"".join(lines[1:]))
    store = open_store()
    assert [p.code for p in store.problems] == ["store.index_damaged"]
    assert sorted(s.id for s in store.list()) == sorted(ids)


def test_damaged_cache_is_ignored() -> None:
    ids = _two_drafts()
    store = open_store()
    for _ in range(400):
        store.save(store.load(ids[0]))
    (store_root() / "index.cache").write_bytes(b"not marshal")
    again = open_store()
    assert again.problems == [] and sorted(s.id for s in again.list()) == sorted(ids)


@pytest.mark.parametrize(
    "content",
    [b"\xff\xfe not json", b"[1, 2]", json.dumps({"store_format": 1, "id": "x", "revision": 1, "request": {"structure": {"kind": 42}}}).encode()],
    ids=["not-json", "not-a-record", "invalid-request"],
)
def test_damaged_draft_is_moved_aside_and_the_others_go_on(content: bytes) -> None:
    ids = _two_drafts()
    editing = open_store().load(ids[0])  # the UI holds this copy while the file gets damaged
    (store_root() / "items" / f"{ids[0]}.json").write_bytes(content)
    store = open_store()
    with pytest.raises(StoreError) as failure:
        store.load(ids[0])
    assert "illisible" in failure.value.message and "mis de côté" in failure.value.message
    assert list(_asides().values()) == [content]
    assert [s.id for s in store.list()] == [ids[1]]
    assert open_store().problems == []
    # What the user typed is not lost: their copy can be saved as a new draft.
    with pytest.raises(ConflictError) as conflict:
        store.save(editing)
    assert [key for key, _ in conflict.value.choices] == ["save_as_new"]
    copy = store.save_as_new(editing)
    assert open_store().load(copy.id).request.structure == editing.request.structure
    assert list(_asides().values()) == [content]


def test_loose_permissions_are_tightened_and_said() -> None:
    _two_drafts()
    os.chmod(store_root(), 0o755)
    store = open_store()
    assert [p.code for p in store.problems] == ["store.permissions_fixed"]
    assert os.stat(store_root()).st_mode & 0o777 == 0o700


def test_data_folder_that_is_a_file_leaves_balorg_usable() -> None:
    blocker = Path(os.environ["BALORG_DATA_DIR"]) / "not-a-folder"
    blocker.write_text("x")
    from wizard.store.drafts import DraftStore

    store = DraftStore(blocker / "drafts")
    assert not store.available and store.list() == []
    assert "inaccessible" in store.problems[0].message
    with pytest.raises(StoreError):
        store.create(request(2))
    run = subprocess.run(
        [sys.executable, "-m", "wizard", "--data-dir", str(blocker), "drafts"], capture_output=True, text=True, cwd=REPO
    )
    assert run.returncode == 1
    assert "inaccessible" in run.stderr and "Traceback" not in run.stderr


# -- the kernel refuses ----------------------------------------------------------------------------

UNPRIVILEGED = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner"] if os.geteuid() == 0 else []
needs_refusal = pytest.mark.skipif(
    os.geteuid() == 0 and shutil.which("setpriv") is None, reason="root ignores permissions and setpriv is missing"
)

PROBE = """
import json, sys
from wizard.store.drafts import DraftStore
from wizard.store.drafts.errors import StoreError
store = DraftStore()
out = {"available": store.available, "writable": store.writable, "problems": [p.message for p in store.problems],
       "ids": sorted(s.id for s in store.list())}
try:
    draft = store.load(out["ids"][0]) if out["ids"] else None
    out["loaded"] = draft is not None
    if draft is not None:
        store.save(draft)
    else:
        store.create()
    out["saved"] = True
except StoreError as exc:
    out["saved"] = False
    out["error"] = exc.message
print(json.dumps(out))
"""


def _unprivileged(argv: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*UNPRIVILEGED, *argv], capture_output=True, text=True, cwd=REPO)


@needs_refusal
def test_read_only_store_lists_and_loads_but_refuses_to_save_clearly() -> None:
    ids = _two_drafts()
    before = {p.name: p.read_bytes() for p in (store_root() / "items").iterdir()}
    for folder in (store_root() / "items", store_root()):
        os.chmod(folder, 0o500)
    try:
        run = _unprivileged([sys.executable, "-c", PROBE])
        assert run.returncode == 0, run.stderr
        out = json.loads(run.stdout)
        assert out["available"] and not out["writable"] and out["loaded"]
        assert out["ids"] == sorted(ids)
        assert "lecture seule" in out["problems"][0]
        assert out["saved"] is False and "lecture seule" in out["error"]
        listing = _unprivileged([sys.executable, "-m", "wizard", "drafts", "--json"])
        assert listing.returncode == 0 and sorted(d["id"] for d in json.loads(listing.stdout)) == sorted(ids)
        assert "lecture seule" in listing.stderr
        refused = _unprivileged([sys.executable, "-m", "wizard", "drafts", "import", str(REPO / "examples" / "cas3-reseau.json")])
        assert refused.returncode == 1 and "lecture seule" in refused.stderr and "Traceback" not in refused.stderr
    finally:
        for folder in (store_root(), store_root() / "items"):
            os.chmod(folder, 0o700)
    assert {p.name: p.read_bytes() for p in (store_root() / "items").iterdir()} == before


@needs_refusal
def test_read_only_store_with_a_damaged_index_still_lists_its_drafts() -> None:
    ids = _two_drafts()
    journal = store_root() / "index.journal"
    damaged = b"\x00garbage\n" + journal.read_bytes()
    journal.write_bytes(damaged)
    for folder in (store_root() / "items", store_root()):
        os.chmod(folder, 0o500)
    try:
        listing = _unprivileged([sys.executable, "-m", "wizard", "drafts", "--json"])
    finally:
        for folder in (store_root(), store_root() / "items"):
            os.chmod(folder, 0o700)
    assert listing.returncode == 0, listing.stderr
    assert sorted(d["id"] for d in json.loads(listing.stdout)) == sorted(ids)
    assert "illisible" in listing.stderr and "Traceback" not in listing.stderr
    assert journal.read_bytes() == damaged  # nothing written in a read-only store


@needs_refusal
def test_unreadable_store_folder_is_unavailable_not_a_crash() -> None:
    _two_drafts()
    os.chmod(store_root(), 0o000)
    try:
        run = _unprivileged([sys.executable, "-c", PROBE])
        assert run.returncode == 0, run.stderr
        out = json.loads(run.stdout)
        assert not out["available"] and out["ids"] == [] and out["saved"] is False
        assert "inaccessible" in out["problems"][0] and "permission refusée" in out["problems"][0]
    finally:
        os.chmod(store_root(), 0o700)


FULL_DISK = """
import json, resource, sys
from wizard.store.drafts import DraftStore
from wizard.store.drafts.errors import StoreError
store = DraftStore()
draft = store.load(sys.argv[1])
draft.request.usage.articulation = "x" * 20000
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))  # no file may grow past 4 KB: as a full disk
try:
    store.save(draft)
    print(json.dumps({"saved": True}))
except StoreError as exc:
    print(json.dumps({"saved": False, "code": exc.code, "error": exc.message}))
"""


def test_full_disk_refuses_the_save_and_keeps_the_previous_version() -> None:
    [first, _] = _two_drafts()
    path = store_root() / "items" / f"{first}.json"
    before = path.read_bytes()
    run = subprocess.run([sys.executable, "-c", FULL_DISK, first], capture_output=True, text=True, cwd=REPO)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["saved"] is False and out["code"] == "store.write_failed"
    assert "Impossible d'enregistrer" in out["error"] and "gardées en mémoire" in out["error"]
    assert path.read_bytes() == before
    store = open_store()
    assert store.problems == [] and store.load(first).request.usage.articulation != "x" * 20000
    assert not [p for p in (store_root() / "items").iterdir() if p.name.startswith(".")]  # no temporary left
