"""The wizard with the drafts store and the known addresses: autosave, Home's list, conflicts, exports.

Real stores in the test's private data folder (conftest), the app driven with Pilot.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from textual import events, on
from textual.app import App, ComposeResult
from textual.message import Message

from bench.gen_extraction import generate, line
from tests.store_helpers import open_store, request
from tests.tui_helpers import SIZE, click, focus, q, type_into, workers_done
from wizard.app import BalOrgApp
from wizard.screens.dialogs import ChoiceScreen, RenameScreen
from wizard.store.drafts import DraftStore
from wizard.widgets.drafts import DraftsPanel

REPO = Path(__file__).resolve().parent.parent
CASE2 = REPO / "examples" / "cas2-cabinet-medical.json"


async def _settle(pilot: Any) -> None:
    """Let timers, thread workers and the messages they post run."""
    for _ in range(3):
        await pilot.pause(0.05)
        await workers_done(pilot.app)
    await pilot.pause()


async def _wait_for(pilot: Any, condition: Any, seconds: float = 5.0) -> None:
    """Pause until `condition()` holds (autosave runs on its own thread, at most a second behind)."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    assert condition()


async def _new_request_named(pilot: Any, name: str) -> None:
    """From Home: a blank request, its structure's name typed at the Structure step."""
    await pilot.press("enter")
    await pilot.pause()
    pilot.app.goto("structure")
    await pilot.pause()
    await type_into(pilot, "#f-structure-name", name)


def _titles(pilot: Any) -> list[str]:
    table = q(pilot, "#drafts-table")
    return [table.get_row_at(i)[0].plain for i in range(table.row_count)]


def _messages(app: App[Any]) -> list[str]:
    return [str(n.message) for n in app._notifications]


# -- autosave ----------------------------------------------------------------------------------------

_CHILD = textwrap.dedent('''
    import asyncio, sys, time
    from wizard.app import BalOrgApp

    async def main():
        app = BalOrgApp()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("enter")          # a blank request
            await pilot.pause()
            app.goto("structure")
            await pilot.pause()
            field = app.screen.query_one("#f-structure-name")
            field.focus()
            await pilot.pause()
            await pilot.press(*"Cabinet Tapé Avant Kill")
            await pilot.pause()
            if sys.argv[1] == "wait":
                time.sleep(1.5)                 # autosave is at most a second behind
                await pilot.pause()
            print("ready", flush=True)
            for _ in range(1200):               # until a signal ends the app (SIGKILL ends it all)
                if not app.is_running:
                    break
                await asyncio.sleep(0.05)
        print("exited", flush=True)

    asyncio.run(main())
''')


@pytest.mark.parametrize(("how", "signum"), [("wait", signal.SIGKILL), ("now", signal.SIGTERM), ("now", signal.SIGHUP)])
async def test_typed_text_survives_an_abrupt_end(how: str, signum: int) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen([sys.executable, "-c", _CHILD, how], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=env, cwd=REPO)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready", child.stderr.read() if child.stderr else ""
        child.send_signal(signum)
        child.wait(timeout=20)
        if signum != signal.SIGKILL:  # caught: the app flushed, then ended as on quit
            assert child.stdout.read().strip() == "exited"
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        await _settle(pilot)
        assert _titles(pilot) == ["Cabinet Tapé Avant Kill"]
        await click(pilot, "#drafts-resume")
        await pilot.pause()
        app: BalOrgApp = pilot.app
        assert app.draft is not None and app.draft.structure.name == "Cabinet Tapé Avant Kill"
        app.goto("structure")
        await pilot.pause()
        assert q(pilot, "#f-structure-name").value == "Cabinet Tapé Avant Kill"


async def test_quit_saves_without_asking_and_ctrl_s_says_saved() -> None:
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        app: BalOrgApp = pilot.app
        await _new_request_named(pilot, "Maison de santé du Lac")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Brouillon enregistré." in _messages(app)
        await type_into(pilot, "#f-structure-name", "Maison de santé du Lac Bleu")
        await pilot.press("ctrl+q")  # at once: the last change is flushed, no question
        await pilot.pause()
        assert not app.is_running
    [summary] = open_store().list()
    assert summary.structure == "Maison de santé du Lac Bleu"
    assert summary.step == "structure"


async def test_unusable_store_still_starts_and_names_the_rescue_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("BALORG_DATA_DIR", str(blocker))
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        await _settle(pilot)
        app: BalOrgApp = pilot.app
        assert any("inaccessible" in m for m in _messages(app))
        assert "Aucun brouillon" in str(q(pilot, "#drafts-none").render())
        await pilot.press("enter")
        await pilot.pause()
        app.goto("structure")
        await pilot.pause()
        await type_into(pilot, "#f-structure-name", "Cabinet sans disque")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen) and app.screen.id == "quit-failed"
        text = str(q(pilot, "#choice-message").render())
        assert "copie de secours" in text
        rescue = Path(text.split("écrite dans ")[1].split(" (")[0])
        assert json.loads(rescue.read_text(encoding="utf-8"))["structure"]["name"] == "Cabinet sans disque"
        rescue.unlink()
        await click(pilot, "#choice-quit")
        assert not app.is_running


# -- Home's list ---------------------------------------------------------------------------------------

def _three() -> list[str]:
    store = open_store()
    ids = []
    for name, city in (("Cabinet des Lilas", "Les Lilas"), ("Maison de santé Bellevue", "Brest"),
                       ("Centre [b]Alpha[/b]", "Annecy")):
        req = request(2, name=name)
        req.structure.address.city = city
        ids.append(store.create(req, step="structure").id)
    return ids


async def test_home_lists_filters_and_sorts_drafts() -> None:
    _three()
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        await _settle(pilot)
        assert sorted(_titles(pilot)) == ["Cabinet des Lilas", "Centre [b]Alpha[/b]", "Maison de santé Bellevue"]
        assert "3 brouillon(s)" in str(q(pilot, "#drafts-count").render())
        table = q(pilot, "#drafts-table")
        row = table.get_row_at(0)
        assert [cell.plain for cell in row[1:4]] in (["Les Lilas", "Structure", "0"], ["Brest", "Structure", "0"],
                                                     ["Annecy", "Structure", "0"])
        # Markup in a structure's name shows as typed.
        shown = "\n".join(table.render_line(y).text for y in range(table.size.height))
        assert "Centre [b]Alpha[/b]" in shown
        await type_into(pilot, "#drafts-filter", "brest", keys=True)
        await _settle(pilot)
        assert _titles(pilot) == ["Maison de santé Bellevue"]
        await type_into(pilot, "#drafts-filter", "sante bell", keys=True)  # any case, any accents
        await _settle(pilot)
        assert _titles(pilot) == ["Maison de santé Bellevue"]
        await type_into(pilot, "#drafts-filter", "", keys=True)
        await _settle(pilot)
        await focus(pilot, "#drafts-table")
        await pilot.press("o")  # next sort: structure
        await pilot.pause()
        assert _titles(pilot) == ["Cabinet des Lilas", "Centre [b]Alpha[/b]", "Maison de santé Bellevue"]
        await pilot.press("o")  # city
        await pilot.pause()
        assert _titles(pilot) == ["Centre [b]Alpha[/b]", "Maison de santé Bellevue", "Cabinet des Lilas"]
        assert "tri : ville" in str(q(pilot, "#drafts-count").render())
        await pilot.click("#drafts-table", offset=(3, 0))  # the "Structure" title
        await pilot.pause()
        assert _titles(pilot)[0] == "Cabinet des Lilas"
        await pilot.click("#drafts-table", offset=(3, 0))  # again: reversed
        await pilot.pause()
        assert _titles(pilot)[0] == "Maison de santé Bellevue"


async def test_rename_duplicate_delete_and_undo() -> None:
    store = open_store()
    draft = store.create(request(2, name="Cabinet des Lilas"), step="name")
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        await _settle(pilot)
        await focus(pilot, "#drafts-table")
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(pilot.app.screen, RenameScreen)
        await type_into(pilot, "#rename-input", "Lilas — dossier de Mme Martin")
        await pilot.press("enter")
        await pilot.pause()
        assert _titles(pilot) == ["Lilas — dossier de Mme Martin"]
        assert open_store().load(draft.id).name == "Lilas — dossier de Mme Martin"

        await click(pilot, "#drafts-duplicate")
        assert sorted(_titles(pilot)) == ["Lilas — dossier de Mme Martin", "Lilas — dossier de Mme Martin (copie)"]
        assert open_store().count() == 2

        await focus(pilot, "#drafts-table")
        await pilot.press("home")
        deleted = q(pilot, "#drafts-table").get_row_at(0)[0].plain
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ChoiceScreen) and pilot.app.screen.id == "delete-confirm"
        await pilot.press("enter")  # "Annuler" has the focus: nothing deleted
        await pilot.pause()
        assert open_store().count() == 2
        await focus(pilot, "#drafts-table")
        await pilot.press("delete")
        await pilot.pause()
        await click(pilot, "#choice-delete")
        assert _titles(pilot) == [t for t in ["Lilas — dossier de Mme Martin", "Lilas — dossier de Mme Martin (copie)"]
                                  if t != deleted]
        assert open_store().count() == 1 and open_store().count(trashed=True) == 1
        await click(pilot, "#drafts-undo")
        assert len(_titles(pilot)) == 2 and open_store().count(trashed=True) == 0

        # The trash: delete again, then restore from the trash view.
        await focus(pilot, "#drafts-table")
        await pilot.press("delete")
        await pilot.pause()
        await click(pilot, "#choice-delete")
        await click(pilot, "#drafts-trash")
        assert len(_titles(pilot)) == 1
        assert "dans la corbeille" in str(q(pilot, "#drafts-count").render())
        await click(pilot, "#drafts-delete")  # "Restaurer" in the trash
        assert _titles(pilot) == []
        await click(pilot, "#drafts-trash")
        assert len(_titles(pilot)) == 2


async def test_resume_goes_to_the_step_reached() -> None:
    draft = open_store().create(request(2, name="Cabinet des Lilas"), step="roles")
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        await _settle(pilot)
        await focus(pilot, "#drafts-table")
        await pilot.press("enter")
        await pilot.pause()
        app: BalOrgApp = pilot.app
        assert app.screen.STEP == "roles"
        assert app.stored is not None and app.stored.id == draft.id


async def test_open_by_draft_id_as_balorg_open_does() -> None:
    draft = open_store().create(request(4, name="Préfecture"), step="usage")
    app = BalOrgApp(draft_id=draft.id)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        assert app.screen.STEP == "usage"
        assert app.draft is not None and app.draft.structure.name == "Préfecture"


# -- exports -------------------------------------------------------------------------------------------

async def test_export_marks_the_draft_read_only_then_reopen_as_new(tmp_path: Path) -> None:
    target = tmp_path / "demande.json"
    app = BalOrgApp(file=str(CASE2))
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        assert app.screen.STEP == "review"
        await type_into(pilot, "#export-path", str(target))
        await click(pilot, "#export")
        await click(pilot, "#choice-export")  # the confirmation names the file
        await _settle(pilot)
        assert target.exists()
        assert app.stored is not None and app.stored.read_only
        draft_id = app.stored.id
        stored = open_store().load(draft_id)
        assert stored.exported is not None and stored.exported.path == str(target)
        # Editing an exported draft is refused, with the reason.
        app.goto("structure")
        await pilot.pause()
        await type_into(pilot, "#f-structure-name", "Autre nom")
        assert app.draft is not None and app.draft.structure.name == "Cabinet des Lilas"
        assert any("exportée" in m for m in _messages(app))
        app.goto("home")
        await _settle(pilot)
        table = q(pilot, "#drafts-table")
        assert table.get_row_at(0)[2].plain == "✓ exportée"
        assert str(target) in str(q(pilot, "#drafts-detail").render())
        await focus(pilot, "#drafts-table")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen) and app.screen.id == "exported-choice"
        await click(pilot, "#choice-view")
        assert app.stored.id == draft_id and app.stored.read_only
        app.goto("home")
        await _settle(pilot)
        await focus(pilot, "#drafts-table")
        await pilot.press("enter")
        await pilot.pause()
        await click(pilot, "#choice-reopen")
        assert app.stored.id != draft_id and not app.stored.read_only
        app.goto("structure")
        await pilot.pause()
        await type_into(pilot, "#f-structure-name", "Cabinet des Lilas bis")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert open_store().load(app.stored.id).request.structure.name == "Cabinet des Lilas bis"
    assert open_store().load(draft_id).request.structure.name == "Cabinet des Lilas"


# -- two processes ----------------------------------------------------------------------------------------

MINE = "Cabinet des Lilas (ma version)"


@pytest.mark.parametrize("choice", ["keep_mine", "take_theirs", "save_as_new"])
async def test_conflict_with_another_process(choice: str) -> None:
    draft = open_store().create(request(2, name="Cabinet des Lilas"), step="structure")
    app = BalOrgApp(draft_id=draft.id)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        assert app.screen.STEP == "structure"
        other = open_store()  # a second process's view of the same folder
        theirs = other.load(draft.id)
        theirs.request.structure.name = "Version de l'autre poste"
        other.save(theirs)
        # One edit (a paste at the end of the name): the dialog cannot come between two keys of it.
        await focus(pilot, "#f-structure-name")
        await pilot.press("end")
        app.post_message(events.Paste(" (ma version)"))
        await _wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        await pilot.pause()
        assert app.screen.id == "conflict"
        assert "autre processus" in str(q(pilot, "#choice-message").render())
        await click(pilot, f"#choice-{choice}")
        await pilot.pause()
        assert app.screen.STEP == "structure"
        store = open_store()
        if choice == "keep_mine":
            assert store.load(draft.id).request.structure.name == MINE
            assert app.stored is not None and app.stored.id == draft.id
        elif choice == "take_theirs":
            assert app.draft is not None and app.draft.structure.name == "Version de l'autre poste"
            assert q(pilot, "#f-structure-name").value == "Version de l'autre poste"
        else:
            assert app.stored is not None and app.stored.id != draft.id
            assert store.load(app.stored.id).request.structure.name == MINE
            assert store.load(draft.id).request.structure.name == "Version de l'autre poste"
        # Autosave goes on after the choice.
        await type_into(pilot, "#f-structure-name", "Après le conflit")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert open_store().load(app.stored.id).request.structure.name == "Après le conflit"


# -- known addresses --------------------------------------------------------------------------------------

async def test_name_step_shows_known_addresses(tmp_path: Path) -> None:
    from wizard.store.directory import import_file

    extraction = tmp_path / "Extraction_Correspondance_MSSante.txt"
    generate(extraction, 300, seed=3, extra=[
        line("ORG", "cabinet-des-lilas.93260@medecin.mssante.fr", "Cabinet médical des Lilas", "93260", "Les Lilas"),
    ])
    import_file(extraction)
    app = BalOrgApp(file=str(CASE2))
    async with app.run_test(size=SIZE) as pilot:
        await _wait_for(pilot, lambda: app.known is not None)  # loaded in a thread, after the first screen
        app.goto("name")
        await _settle(pilot)
        error = q(pilot, "#f-mailboxes-0-local_part").parent.query_one(".field-error")
        assert "existe déjà" in str(error.render())
        await type_into(pilot, "#f-mailboxes-0-local_part", "cabinet-des-lila.93260")
        await _settle(pilot)
        assert "existe déjà" not in str(error.render())
        assert "Adresse proche" in str(error.render())


async def test_home_lists_the_draft_as_just_typed() -> None:
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        app: BalOrgApp = pilot.app
        await _new_request_named(pilot, "Cabinet d'à côté")
        await type_into(pilot, "#f-structure-name", "Cabinet d'en face")
        app.goto("home")  # at once: the last change is saved before the list is read
        await _settle(pilot)
        assert _titles(pilot) == ["Cabinet d'en face"]
        assert q(pilot, "#drafts-table").get_row_at(0)[2].plain == "Structure"


async def test_an_export_of_this_session_becomes_a_known_address(tmp_path: Path) -> None:
    app = BalOrgApp(file=str(CASE2))
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        await type_into(pilot, "#export-path", str(tmp_path / "demande.json"))
        await click(pilot, "#export")
        await click(pilot, "#choice-export")  # the confirmation names the file
        await _settle(pilot)
        assert app.known is not None  # the exported request, read back from the store
        # Its own draft does not count against itself...
        app.goto("name")
        await _settle(pilot)
        error = q(pilot, "#f-mailboxes-0-local_part").parent.query_one(".field-error")
        assert "existe déjà" not in str(error.render())
        # ...but a copy of it (a new request) is told the address exists.
        app.goto("home")
        await _settle(pilot)
        await click(pilot, "#drafts-duplicate")
        table = await focus(pilot, "#drafts-table")
        table.move_cursor(row=_titles(pilot).index("Cabinet des Lilas (copie)"))
        await pilot.press("enter")
        await pilot.pause()
        assert app.stored is not None and not app.stored.read_only
        app.goto("name")
        await _settle(pilot)
        error = q(pilot, "#f-mailboxes-0-local_part").parent.query_one(".field-error")
        assert "existe déjà" in str(error.render())


async def test_home_says_there_is_no_draft_yet_in_one_line_then_lists_them() -> None:
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Aucun brouillon pour l'instant" in str(q(pilot, "#drafts-none").render())
        assert not pilot.app.screen.query("#drafts-table")  # no empty table, no buttons for nothing
        app: BalOrgApp = pilot.app
        await _new_request_named(pilot, "Cabinet des Lilas")
        app.goto("home")
        await pilot.pause()
        assert _titles(pilot) == ["Cabinet des Lilas"]
        assert not pilot.app.screen.query("#drafts-none")


async def test_the_balorg_process_turns_the_collector_back_on_after_start_up() -> None:
    """`balorg` starts with the garbage collector off; a moment after Home, it is on again, start-up frozen."""
    import gc

    from wizard.app import START_UP_OVER

    gc.disable()
    try:
        async with BalOrgApp(tune_gc=True).run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert not gc.isenabled()
            await pilot.pause(START_UP_OVER + 0.5)
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.enable()


async def test_home_lists_a_store_it_cannot_read_now_instead_of_failing() -> None:
    """A damaged index: Home still opens, with the list (empty) and the store's message."""
    from wizard.paths import data_dir

    async with BalOrgApp().run_test(size=SIZE) as pilot:
        await _new_request_named(pilot, "Cabinet des Lilas")
        app: BalOrgApp = pilot.app
        app.flush_now()
        journal = data_dir() / "drafts" / "index.journal"
        with journal.open("a", encoding="utf-8") as out:
            out.write("{not json\n")
        app.goto("home")
        await _settle(pilot)
        assert app.is_running and app.screen.query("#drafts-table")


# -- the panel on its own: messages out, the screen decides --------------------------------------------

class _PanelApp(App[None]):
    """A bare app with the drafts panel only: no BalOrgApp, no dialogs; it records what the panel posts."""

    def __init__(self, store: DraftStore) -> None:
        super().__init__()
        self.store_given = store
        self.posted: list[Message] = []

    def compose(self) -> ComposeResult:
        yield DraftsPanel(self.store_given, id="drafts-panel")

    @on(DraftsPanel.ResumeRequested)
    @on(DraftsPanel.ExportedResumeRequested)
    @on(DraftsPanel.RenameRequested)
    @on(DraftsPanel.DeleteRequested)
    def _record(self, message: Message) -> None:
        self.posted.append(message)


async def test_the_panel_posts_what_the_user_asks_and_changes_only_its_store(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "drafts")
    lilas = store.create(request(2, name="Cabinet des Lilas"), step="structure")
    exported = store.create(request(4, name="Préfecture"), step="review")
    store.mark_exported(store.load(exported.id), tmp_path / "demande.json")
    app = _PanelApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        panel = app.query_one(DraftsPanel)
        assert panel.store is store
        await focus(pilot, "#drafts-table")
        table = q(pilot, "#drafts-table")

        def highlight(draft_id: str) -> None:
            table.move_cursor(row=[r.id for r in panel.rows].index(draft_id))

        highlight(lilas.id)
        await pilot.press("enter")
        await pilot.pause()
        highlight(exported.id)
        await pilot.press("enter")
        await pilot.pause()
        highlight(lilas.id)
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("delete")
        await pilot.pause()
        resume, view, rename, delete = app.posted
        assert isinstance(resume, DraftsPanel.ResumeRequested) and resume.draft_id == lilas.id
        assert isinstance(view, DraftsPanel.ExportedResumeRequested) and view.draft_id == exported.id
        assert str(tmp_path / "demande.json") in view.detail
        assert isinstance(rename, DraftsPanel.RenameRequested)
        assert (rename.draft_id, rename.current_name) == (lilas.id, "Cabinet des Lilas")
        assert isinstance(delete, DraftsPanel.DeleteRequested)
        assert (delete.draft_id, delete.title) == (lilas.id, "Cabinet des Lilas")
        assert all(m.control is panel for m in app.posted)
        # Asking changed nothing and opened nothing: deciding is the screen's.
        assert len(app.screen_stack) == 1
        assert store.count() == 2 and store.load(lilas.id).name == ""

        # The screen's answers, through the panel's public methods.
        assert panel.rename_draft(lilas.id, "Lilas — Mme Martin")
        assert store.load(lilas.id).name == "Lilas — Mme Martin"
        assert "Lilas — Mme Martin" in _titles(pilot)
        assert panel.delete_draft(lilas.id, "Lilas — Mme Martin")
        assert store.count(trashed=True) == 1 and "Lilas — Mme Martin" not in _titles(pilot)
        await pilot.pause()
        assert any("corbeille" in m for m in _messages(app))
        # Undo, duplicate and the trash need nobody: the panel does them with its store.
        await focus(pilot, "#drafts-table")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert store.count(trashed=True) == 0 and store.count() == 2
        highlight(lilas.id)
        await pilot.press("d")
        await pilot.pause()
        assert store.count() == 3
        assert len(app.posted) == 4


async def test_home_acts_on_what_the_panel_posts() -> None:
    lilas = open_store().create(request(2, name="Cabinet des Lilas"), step="roles")
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        await _settle(pilot)
        app: BalOrgApp = pilot.app
        panel = app.screen.query_one(DraftsPanel)
        assert panel.store is app.store
        panel.post_message(DraftsPanel.RenameRequested(panel, lilas.id, "Ancien nom"))
        await pilot.pause()
        assert isinstance(app.screen, RenameScreen)
        assert q(pilot, "#rename-input").value == "Ancien nom"
        await type_into(pilot, "#rename-input", "Nouveau nom")
        await pilot.press("enter")
        await pilot.pause()
        assert open_store().load(lilas.id).name == "Nouveau nom" and _titles(pilot) == ["Nouveau nom"]
        panel.post_message(DraftsPanel.DeleteRequested(panel, lilas.id, "Nouveau nom"))
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen) and app.screen.id == "delete-confirm"
        await click(pilot, "#choice-delete")
        assert open_store().count(trashed=True) == 1 and panel.deleted == [lilas.id]
        panel.undo()
        await pilot.pause()
        panel.post_message(DraftsPanel.ResumeRequested(panel, lilas.id))
        await pilot.pause()
        assert app.screen.STEP == "roles"
        assert app.stored is not None and app.stored.id == lilas.id
