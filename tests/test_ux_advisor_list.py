"""Issue 12, point 10: the advisor's list of drafts.

The filter finds a draft by a professional's name or a mailbox address (any case,
any accents); the structure column fills the width of the terminal; a copy says
so in its row, even when its title is clipped; the trash can be emptied, after a
dialog that says how many drafts go for good (Home and ``balorg drafts empty-trash``).
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.store_helpers import open_store, request, store_root
from tests.tui_helpers import click, focus, q, type_into, workers_done
from wizard.app import BalOrgApp
from wizard.screens.dialogs import ChoiceScreen

REPO = Path(__file__).resolve().parent.parent


async def _settle(pilot: Any) -> None:
    for _ in range(3):
        await pilot.pause(0.05)
        await workers_done(pilot.app)
    await pilot.pause()


def _rows(pilot: Any) -> list[str]:
    table = q(pilot, "#drafts-table")
    return [table.get_row_at(i)[0].plain for i in range(table.row_count)]


def _screen_lines(pilot: Any) -> list[str]:
    """The rendered screen, line by line (what a user reads)."""
    from tests.screen_text import screen_lines

    return screen_lines(pilot.app)


# -- the filter ----------------------------------------------------------------------------------


def test_the_filter_matches_professionals_delegates_and_addresses() -> None:
    store = open_store()
    lilas = store.create(request(2))  # David Fontaine, Élise Roux; delegate Petit; cabinet-des-lilas.93260@…
    other = store.create(request(1))
    assert [s.id for s in store.list(filter="elise")] == [lilas.id]  # accents and case folded
    assert [s.id for s in store.list(filter="ROUX élise")] == [lilas.id]
    assert [s.id for s in store.list(filter="petit")] == [lilas.id]
    assert [s.id for s in store.list(filter="cabinet-des-lilas.93260")] == [lilas.id]
    assert [s.id for s in store.list(filter="medecin.mssante.fr")] == [lilas.id]
    assert other.id not in {s.id for s in store.list(filter="fontaine")}
    summary = store.list(filter="fontaine")[0]
    assert "David Fontaine" in summary.people and "cabinet-des-lilas.93260@medecin.mssante.fr" in summary.addresses


def test_the_filter_follows_a_save() -> None:
    store = open_store()
    draft = store.create(request(2))
    assert store.list(filter="Zoé") == []
    draft.request.people[0].first_name = "Zoé"
    store.save(draft)
    assert [s.id for s in open_store().list(filter="zoe")] == [draft.id]


def test_an_index_entry_of_any_request_shape_holds_texts_only() -> None:
    from wizard.store.drafts.records import entry_of, valid_entry

    record = {"request": {"people": [{"first_name": 3}, "x", {"last_name": "Roux"}],
                          "mailboxes": [{"local_part": "a"}, {"delegates": 5}, 7]}}
    entry = entry_of(record)
    assert entry["people"] == "Roux" and entry["addresses"] == "a"
    assert valid_entry("abc", {**entry, "step": "home", "updated_at": "", "created_at": ""})


async def test_home_filters_by_a_professional_typed_without_accent() -> None:
    store = open_store()
    store.create(request(2))
    store.create(request(1))
    async with BalOrgApp().run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        assert len(_rows(pilot)) == 2
        await type_into(pilot, "#drafts-filter", "elise roux")
        await _settle(pilot)
        assert _rows(pilot) == ["Cabinet des Lilas"]


# -- the structure column ------------------------------------------------------------------------


@pytest.mark.parametrize("width", [80, 120])
async def test_the_structure_column_fills_the_width(width: int) -> None:
    long = "Maison de santé pluriprofessionnelle du quartier des Dervallières à Nantes"
    open_store().create(request(2, name=long))
    async with BalOrgApp().run_test(size=(width, 30)) as pilot:
        await _settle(pilot)
        table = q(pilot, "#drafts-table")
        used = sum(c.get_render_width(table) for c in table.columns.values())
        assert used == table.scrollable_content_region.width  # no column of blank at the right, no scroll bar
        line = next(line for line in _screen_lines(pilot) if "Maison de santé" in line)
        shown = line.split("Maison de santé")[1].split("…")[0]
        # The others keep their widths: every cell left over goes to the structure.
        assert len("Maison de santé" + shown) + 1 == table.columns["structure"].width


# -- copies ----------------------------------------------------------------------------------------


async def test_a_copy_is_marked_even_when_its_title_is_clipped() -> None:
    store = open_store()
    long = "Maison de santé pluriprofessionnelle du quartier des Dervallières à Nantes"
    source = store.create(request(2, name=long))
    store.duplicate(source.id)
    unnamed = store.create(request(2, name=""))
    store.duplicate(unnamed.id)
    async with BalOrgApp().run_test(size=(80, 50)) as pilot:
        await _settle(pilot)
        lines = [line for line in _screen_lines(pilot) if "Maison de santé" in line or "Brouillon sans" in line]
        assert len(lines) == 4 + 1, lines  # the rows, and the highlighted one's detail
        assert sum("… (copie)" in line for line in lines) == 2, lines  # clipped, the mark kept
        assert sorted(_rows(pilot)) == sorted(
            [long, f"{long} (copie)", "Brouillon sans nom", "Brouillon sans nom (copie)"])


# -- emptying the trash ----------------------------------------------------------------------------


async def test_home_empties_the_trash_after_saying_how_many() -> None:
    store = open_store()
    keep = store.create(request(2, name="Gardé"))
    gone = [store.create(request(1, name=f"Jeté {i}")) for i in range(3)]
    for draft in gone:
        store.delete(draft.id)
    async with BalOrgApp().run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        assert not q(pilot, "#drafts-empty").display or q(pilot, "#drafts-empty").has_class("-hidden")
        await click(pilot, "#drafts-trash")
        await _settle(pilot)
        await click(pilot, "#drafts-empty")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ChoiceScreen) and dialog.id == "empty-trash-confirm"
        assert "3 brouillon(s)" in str(dialog.query_one("#choice-message").render())
        assert "définitivement" in str(dialog.query_one("#choice-message").render())
        await pilot.press("enter")  # "Annuler" has the focus: nothing is deleted
        await pilot.pause()
        assert open_store().count(trashed=True) == 3
        await focus(pilot, "#drafts-table")
        await click(pilot, "#drafts-empty")
        await pilot.pause()
        await click(pilot, "#choice-empty")
        await _settle(pilot)
        assert open_store().count(trashed=True) == 0
        assert [s.id for s in open_store().list()] == [keep.id]
        assert all(not (store_root() / "items" / f"{d.id}.json").exists() for d in gone)
        assert _rows(pilot) == []
        assert q(pilot, "#drafts-empty").has_class("-hidden")


def test_emptying_keeps_the_store_private() -> None:
    store = open_store()
    draft = store.create(request(2))
    store.delete(draft.id)
    assert store.empty_trash() == 1
    if os.name == "posix":
        for path in [store_root(), *store_root().rglob("*")]:
            mode = stat.S_IMODE(path.stat().st_mode)
            assert mode & 0o077 == 0, (path, oct(mode))


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "wizard", "drafts", *args], capture_output=True, text=True,
                          env=env, cwd=REPO, input=stdin, timeout=60)


def test_cli_empty_trash() -> None:
    store = open_store()
    keep = store.create(request(2))
    for case in (1, 3):
        store.delete(store.create(request(case)).id)
    refused = _cli("empty-trash")  # no terminal to ask on: --yes is needed
    assert refused.returncode == 1 and "--yes" in refused.stderr and "2 brouillon(s)" in refused.stderr
    assert open_store().count(trashed=True) == 2
    done = _cli("empty-trash", "--yes")
    assert done.returncode == 0, done.stderr
    assert "2 brouillon(s) supprimé(s) définitivement." in done.stdout
    assert open_store().count(trashed=True) == 0 and [s.id for s in open_store().list()] == [keep.id]
    again = _cli("empty-trash", "--yes")
    assert again.returncode == 0 and "La corbeille est vide." in again.stdout


def test_cli_filter_by_professional_or_address() -> None:
    store = open_store()
    lilas = store.create(request(2))
    store.create(request(1))
    for words in ("élise roux", "ROUX", "cabinet-des-lilas.93260@medecin.mssante.fr"):
        listed = _cli("--filter", words, "--json")
        assert listed.returncode == 0, listed.stderr
        assert [d["id"] for d in json.loads(listed.stdout)] == [lilas.id], words


@pytest.mark.skipif(os.name != "posix", reason="a terminal (pty) to answer on")
@pytest.mark.parametrize(("answer", "left"), [("n\n", 1), ("\n", 1), ("o\n", 0)])
def test_cli_empty_trash_asks_on_a_terminal(answer: str, left: int) -> None:
    import pty

    store = open_store()
    store.delete(store.create(request(2)).id)
    leader, follower = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    try:
        child = subprocess.Popen([sys.executable, "-m", "wizard", "drafts", "empty-trash"], stdin=follower,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO)
        os.write(leader, answer.encode())
        out, err = child.communicate(timeout=60)
    finally:
        os.close(leader)
        os.close(follower)
    assert child.returncode == 0, err
    assert "1 brouillon(s) de la corbeille seront supprimés définitivement. Continuer ? [o/N]" in out
    assert open_store().count(trashed=True) == left
    assert ("supprimé(s) définitivement" in out) == (left == 0)


# -- the Footer ----------------------------------------------------------------------------------


async def test_home_footer_keys_fit_at_80_columns_on_the_drafts_list() -> None:
    """With the list focused, every key of the Footer is whole (Quitter and Commandes included);
    Ctrl+Z shows only once a draft was deleted, and then still fits."""
    from tests.screen_text import screen_lines

    store = open_store()
    store.create(request(2))
    store.create(request(1))
    async with BalOrgApp().run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        await focus(pilot, "#drafts-table")
        await pilot.pause()
        footer = screen_lines(pilot.app)[-1]
        for key in ("d Dupliquer", "r Renommer", "del Supprimer", "^q Quitter", "^p Commandes"):
            assert key in footer, footer
        assert "Annuler" not in footer  # nothing deleted yet: nothing to undo
        assert "Ctrl+O" in "\n".join(screen_lines(pilot.app))  # the key the Footer leaves out, said on screen
        await pilot.press("delete")
        await _settle(pilot)
        assert isinstance(pilot.app.screen, ChoiceScreen)  # asked first
        await click(pilot, "#choice-delete")
        await _settle(pilot)
        assert len(_rows(pilot)) == 1
        footer = screen_lines(pilot.app)[-1]
        assert "^z Annuler" in footer and "^q Quitter" in footer and "^p Commandes" in footer, footer
        await pilot.press("ctrl+z")
        await _settle(pilot)
        assert len(_rows(pilot)) == 2
