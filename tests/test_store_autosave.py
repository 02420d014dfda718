"""Autosave: debounced in a background thread, flushed on quit and on SIGTERM/SIGHUP, conflicts paused."""

from __future__ import annotations

import queue
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import REPO
from tests.store_helpers import open_store, request
from wizard.store.drafts import Draft, DraftStore
from wizard.store.drafts.autosave import AutoSaver, SaveConflict, Saved, SaveFailed
from wizard.store.drafts.importing import request_from_file


def _saver(store: DraftStore, **kwargs: float) -> tuple[AutoSaver, queue.Queue]:
    events: queue.Queue = queue.Queue()
    return AutoSaver(store, events.put, **kwargs), events


def _next(events: queue.Queue, kind: type) -> object:
    event = events.get(timeout=20)
    assert isinstance(event, kind), event
    return event


def test_a_change_is_saved_in_the_background() -> None:
    store = open_store()
    draft = store.create(request(2))
    saver, events = _saver(store, quiet=0.05, max_delay=0.2)
    draft.request.structure.name = "Tapé puis oublié"
    saver.schedule(draft)
    saved = _next(events, Saved)
    assert saved.draft_id == draft.id and saved.revision == 2 == draft.revision
    assert open_store().load(draft.id).request.structure.name == "Tapé puis oublié"
    assert not saver.pending
    saver.close()


def test_a_burst_of_changes_is_saved_once_or_twice_not_each_time() -> None:
    store = open_store()
    draft = store.create(request(2))
    saver, events = _saver(store, quiet=0.5, max_delay=5)
    for n in range(50):
        draft.request.structure.name = f"frappe {n}"
        saver.schedule(draft)
    _next(events, Saved)
    saver.close()
    assert draft.revision <= 3  # 50 changes, not 50 writes
    assert open_store().load(draft.id).request.structure.name == "frappe 49"


def test_typing_without_pause_is_still_saved_before_it_stops() -> None:
    store = open_store()
    draft = store.create(request(2))
    saver, events = _saver(store, quiet=0.3, max_delay=0.5)
    saved_while_typing = False
    for n in range(200):
        draft.request.structure.name = f"frappe {n}"
        saver.schedule(draft)
        time.sleep(0.02)  # faster than `quiet`: a pure debounce would never save
        if not events.empty():
            saved_while_typing = True
            break
    saver.close()
    assert saved_while_typing


def test_flush_saves_at_once_and_the_snapshot_is_what_was_scheduled() -> None:
    store = open_store()
    draft = store.create(request(2))
    saver, _ = _saver(store, quiet=60, max_delay=60)
    draft.request.structure.name = "Au moment de quitter"
    saver.schedule(draft)
    draft.request.structure.name = "Modifié après, pas encore signalé"
    assert isinstance(saver.flush(), Saved)
    assert open_store().load(draft.id).request.structure.name == "Au moment de quitter"
    saver.close()


def test_conflict_pauses_autosave_until_the_user_chooses() -> None:
    store = open_store()
    draft = store.create(request(2))
    other = open_store()
    theirs = other.load(draft.id)
    theirs.request.structure.name = "Leur version"
    other.save(theirs)
    saver, events = _saver(store, quiet=0.01, max_delay=0.05)
    draft.request.structure.name = "Ma version"
    saver.schedule(draft)
    conflict = _next(events, SaveConflict)
    assert "autre processus" in conflict.error.message
    draft.request.structure.name = "Ma version, suite"
    saver.schedule(draft)
    time.sleep(0.2)
    assert events.empty() and saver.pending  # paused: nothing overwritten behind the user's back
    assert open_store().load(draft.id).request.structure.name == "Leur version"
    kept = saver.resolve("keep_mine", draft)
    assert kept is draft and open_store().load(draft.id).request.structure.name == "Ma version, suite"
    draft.request.structure.name = "Après le choix"
    saver.schedule(draft)
    _next(events, Saved)  # autosave resumed
    saver.close()


def test_conflict_choices_take_theirs_and_save_as_new() -> None:
    store = open_store()
    draft = store.create(request(2))
    other = open_store()
    for choice in ("take_theirs", "save_as_new"):
        theirs = other.load(draft.id)
        theirs.request.structure.name = f"Leur version {choice}"
        other.save(theirs)
        saver, events = _saver(store, quiet=0.01, max_delay=0.05)
        draft.request.structure.name = f"Ma version {choice}"
        saver.schedule(draft)
        _next(events, SaveConflict)
        result = saver.resolve(choice, draft)
        saver.close()
        if choice == "take_theirs":
            assert result.request.structure.name == "Leur version take_theirs" and result.id == draft.id
            draft = result
        else:
            assert result.id != draft.id and result.origin == draft.id
            assert open_store().load(result.id).request.structure.name == "Ma version save_as_new"
            assert open_store().load(draft.id).request.structure.name == "Leur version save_as_new"


def test_a_refused_save_keeps_the_change_and_flush_writes_a_rescue_copy(tmp_path) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "file"
    blocker.write_text("x")
    store = DraftStore(blocker / "drafts")  # unavailable
    draft = Draft("0123456789ab", request(2, name="Tapé sans disque"))
    saver, events = _saver(store, quiet=0.01, max_delay=0.05)
    saver.schedule(draft)
    failed = _next(events, SaveFailed)
    assert "inaccessible" in failed.error.message
    assert saver.pending
    outcome = saver.close()
    assert isinstance(outcome, SaveFailed) and "copie de secours" in outcome.error.message
    path = outcome.error.params["path"]
    rescued, _findings = request_from_file(path)
    assert rescued is not None and rescued.structure.name == "Tapé sans disque"
    assert oct(path.stat().st_mode & 0o777) == oct(0o600)


CHILD = """
import sys, time
from wizard.store.drafts.autosave import AutoSaver, install_signal_handlers
from wizard.store.drafts import DraftStore
store = DraftStore()
draft = store.load(sys.argv[1])
saver = AutoSaver(store, quiet=3600, max_delay=3600)  # only a flush can save
install_signal_handlers(saver)
draft.request.structure.name = "Tapé avant le signal"
saver.schedule(draft)
print("ready", flush=True)
time.sleep(60)
print("not killed", flush=True)
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_sigterm_and_sighup_flush_before_the_process_ends(signum: int) -> None:
    store = open_store()
    draft = store.create(request(2))
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, draft.id], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    child.send_signal(signum)
    _, errors = child.communicate(timeout=30)
    assert child.returncode == -signum, errors  # ended by the signal, as without the handler
    assert open_store().load(draft.id).request.structure.name == "Tapé avant le signal"


ASYNC_CHILD = """
import asyncio, sys
from wizard.store.drafts.autosave import AutoSaver, install_signal_handlers
from wizard.store.drafts import DraftStore

async def main():
    store = DraftStore()
    draft = store.load(sys.argv[1])
    saver = AutoSaver(store, quiet=3600, max_delay=3600)
    done = asyncio.Event()
    install_signal_handlers(saver, on_signal=lambda signum: done.set(), loop=asyncio.get_running_loop())
    draft.request.structure.name = "Tapé dans une app asyncio"
    saver.schedule(draft)
    print("ready", flush=True)
    await asyncio.wait_for(done.wait(), 60)
    print("clean exit", flush=True)

asyncio.run(main())
"""


def test_signal_handlers_inside_an_asyncio_loop_flush_then_let_the_app_exit() -> None:
    store = open_store()
    draft = store.create(request(2))
    child = subprocess.Popen(
        [sys.executable, "-c", ASYNC_CHILD, draft.id], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    child.send_signal(signal.SIGTERM)
    out, errors = child.communicate(timeout=30)
    assert child.returncode == 0 and out.strip() == "clean exit", errors
    assert open_store().load(draft.id).request.structure.name == "Tapé dans une app asyncio"


def test_read_only_draft_is_not_autosaved() -> None:
    store = open_store()
    draft = store.create(request(2))
    store.mark_exported(draft, "/tmp/x.json")
    saver, _events = _saver(store, quiet=0.01, max_delay=0.05)
    draft.request.structure.name = "Changé"
    saver.schedule(draft)
    assert not saver.pending
    saver.close()
    assert open_store().load(draft.id).request.structure.name == "Cabinet des Lilas"
