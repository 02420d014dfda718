"""Crash tests: writers killed with SIGKILL at random moments never lose an acknowledged save.

Each child is a real process (forked from the test, so that it need not
import balorg again: 200 start-ups would cost a minute) that opens the store
itself and saves in a loop, writing an acknowledgement line on a pipe after
each ``save`` returns. The test kills it at a random moment, then opens the
store afresh and checks that every acknowledged save is there, that no file
was damaged, and that the index agrees with the drafts.
"""

from __future__ import annotations

import os
import random
import select
import signal
import time
from collections.abc import Callable

from tests.store_helpers import open_store, request, store_root
from wizard.store.drafts import DraftStore
from wizard.store.drafts.errors import ConflictError

KILLS = 200


def _spawn(child: Callable[[int], None]) -> tuple[int, int]:
    """Fork a child running ``child(write_fd)``; returns ``(pid, read_fd)``."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        try:
            os.close(read_fd)
            child(write_fd)
        finally:
            os._exit(0)
    os.close(write_fd)
    return pid, read_fd


def _read_all(fd: int) -> str:
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks).decode()


def _wait_first_line(fd: int, timeout: float = 20.0) -> bytes:
    """Block until the child has acknowledged something (so that kills hit a writing process)."""
    ready, _, _ = select.select([fd], [], [], timeout)
    assert ready, "the writer never acknowledged a save"
    return os.read(fd, 65536)


def _saver(root: str, draft_id: str, tag: str) -> Callable[[int], None]:
    def child(ack: int) -> None:
        store = DraftStore(root)
        draft = store.load(draft_id)
        n = int(draft.request.structure.name.rsplit(" ", 1)[1])
        while True:
            n += 1
            draft.request.structure.name = f"{tag} {n}"
            draft.request.usage.articulation = f"sauvegarde {n} " * (n % 7)  # records of varying size
            store.save(draft)
            os.write(ack, f"{tag} {n}\n".encode())

    return child


def _counter(root: str, draft_id: str, tag: str) -> Callable[[int], None]:
    """Increment a shared counter draft; a stale save must be refused, never overwrite."""

    def child(ack: int) -> None:
        store = DraftStore(root)
        mine = store.load(tag)
        m = int(mine.request.structure.name.rsplit(" ", 1)[1])
        while True:
            shared = store.load(draft_id)
            n = int(shared.request.structure.name.rsplit(" ", 1)[1]) + 1
            shared.request.structure.name = f"compteur {n}"
            try:
                store.save(shared)
            except ConflictError:
                continue
            os.write(ack, f"shared {n}\n".encode())
            m += 1
            mine.request.structure.name = f"{tag} {m}"
            store.save(mine)
            os.write(ack, f"{tag} {m}\n".encode())

    return child


def _last(acks: str, tag: str) -> int:
    values = [int(line.split()[1]) for line in acks.splitlines() if line.startswith(tag + " ") and line.count(" ") == 1]
    return max(values, default=-1)


def _value(store: DraftStore, draft_id: str) -> int:
    return int(store.load(draft_id).request.structure.name.rsplit(" ", 1)[1])


def _check_store(ids: list[str]) -> DraftStore:
    store = open_store()
    assert store.problems == [], [p.message for p in store.problems]
    assert sorted(s.id for s in store.list()) == sorted(ids)
    for draft_id in ids:
        store.load(draft_id)  # every file parses; load also repairs an index line one save behind
    summaries = {s.id: s for s in store.list()}
    for draft_id in ids:
        assert summaries[draft_id].revision == store.load(draft_id).revision
    return store


def _create(draft_id_name: str) -> str:
    store = open_store()
    draft = store.create(request(2, name=f"{draft_id_name} 0"))
    return draft.id


def test_sigkill_during_saves_never_loses_an_acknowledged_save() -> None:
    rng = random.Random(4)
    draft_id = _create("seul")
    root = str(store_root())
    last = 0
    for _ in range(KILLS):
        pid, fd = _spawn(_saver(root, draft_id, "seul"))
        first = _wait_first_line(fd)
        time.sleep(rng.uniform(0, 0.015))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        acks = first.decode() + _read_all(fd)
        acknowledged = _last(acks, "seul")
        assert acknowledged > last
        stored = _value(_check_store([draft_id]), draft_id)
        # Every acknowledged save is there; at most the one in flight went further.
        assert acknowledged <= stored <= acknowledged + 1
        last = stored


def test_two_concurrent_writers_killed_lose_nothing_and_never_overwrite_each_other() -> None:
    rng = random.Random(7)
    store = open_store()
    shared = store.create(request(2, name="compteur 0")).id
    for tag in ("a", "b"):  # each writer's own draft has its tag as id, for the child to find it
        draft = store.create(request(1, name=f"{tag} 0"))
        os.rename(store_root() / "items" / f"{draft.id}.json", store_root() / "items" / f"{tag}.json")
    store.close()
    _check_store([shared, "a", "b"])  # the renamed files are picked up as drafts a and b
    root = str(store_root())
    granted: set[int] = set()
    last = {"a": 0, "b": 0}
    for _ in range(KILLS):
        children = [(tag, *_spawn(_counter(root, shared, tag))) for tag in ("a", "b")]
        firsts = {tag: _wait_first_line(fd) for tag, _, fd in children}
        time.sleep(rng.uniform(0, 0.02))
        for _tag, pid, _ in sorted(children, key=lambda _c: rng.random()):
            os.kill(pid, signal.SIGKILL)
            time.sleep(rng.uniform(0, 0.003))
        acks = {}
        for tag, pid, fd in children:
            os.waitpid(pid, 0)
            acks[tag] = firsts[tag].decode() + _read_all(fd)
        check = _check_store([shared, "a", "b"])
        counters = [int(line.split()[1]) for text in acks.values() for line in text.splitlines() if line.startswith("shared ")]
        # No lost update: two writers never both succeeded in saving the same next value.
        assert len(counters) == len(set(counters)) and not granted & set(counters)
        granted |= set(counters)
        stored = _value(check, shared)
        assert max(counters, default=stored) <= stored <= max(granted) + 2
        for tag in ("a", "b"):
            acknowledged = _last(acks[tag], tag)
            value = _value(check, tag)
            assert acknowledged <= value <= max(acknowledged, last[tag]) + 1
            last[tag] = value
