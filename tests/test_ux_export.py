"""Where the exported file goes (issue 12, point 5): the documents folder or the last one, never the
current folder, and a confirmation that names the file and says the draft becomes read-only."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui_helpers import SIZE, click, focus, q, type_into, workers_done
from wizard.app import BalOrgApp
from wizard.model.export import default_file_name
from wizard.screens.dialogs import ChoiceScreen

CASE2 = Path(__file__).resolve().parent.parent / "examples" / "cas2-cabinet-medical.json"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder of its own, with its XDG folders, and a current folder elsewhere."""
    home = tmp_path / "home"
    (home / ".config").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    return home


async def _at_review(pilot) -> BalOrgApp:  # type: ignore[no-untyped-def]
    app: BalOrgApp = pilot.app
    await pilot.pause()
    await workers_done(app)
    await pilot.pause()
    assert app.screen.STEP == "review"
    return app


def _name(app: BalOrgApp) -> str:
    assert app.draft is not None
    return default_file_name(app.draft)


def _message(pilot) -> str:  # type: ignore[no-untyped-def]
    screen = pilot.app.screen
    assert isinstance(screen, ChoiceScreen) and screen.id == "export-confirm"
    return str(screen.query_one("#choice-message").render())


async def test_proposed_in_the_documents_folder_of_user_dirs_then_confirmed(home: Path) -> None:
    # On Linux, platformdirs reads the documents folder from ~/.config/user-dirs.dirs (xdg-user-dirs).
    documents = home / "Mes documents"
    documents.mkdir()
    (home / ".config" / "user-dirs.dirs").write_text('XDG_DOCUMENTS_DIR="$HOME/Mes documents"\n', encoding="utf-8")
    app = BalOrgApp(file=str(CASE2))
    async with app.run_test(size=SIZE) as pilot:
        await _at_review(pilot)
        proposed = Path(q(pilot, "#export-path").value)
        assert proposed == documents / _name(app)
        await focus(pilot, "#export-path")
        await pilot.press("enter")
        message = _message(pilot)
        assert str(proposed) in message.replace("\n", "")
        assert "Le brouillon deviendra en lecture seule : " in message
        # Annuler is the default: Enter right away writes nothing.
        assert pilot.app.screen.focused.id == "choice-cancel"
        await pilot.press("enter")
        await pilot.pause()
        assert not proposed.exists() and not isinstance(app.screen, ChoiceScreen)
        await click(pilot, "#export")
        await pilot.press("escape")  # Escape cancels too
        await pilot.pause()
        assert not proposed.exists()
        assert app.stored is None or not app.stored.read_only
        await click(pilot, "#export")
        await click(pilot, "#choice-export")
        await workers_done(app)
        assert proposed.exists()
        assert list(Path.cwd().iterdir()) == []  # nothing in the current folder
        assert app.stored is not None and app.stored.read_only
        # The draft is read-only now: an edit is refused.
        await type_into(pilot, "#f-contact-name", "Quelqu'un d'autre")
        assert app.draft is not None and app.draft.contact.name != "Quelqu'un d'autre"


async def test_the_documents_folder_of_the_environment(home: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    documents = tmp_path / "docs"
    documents.mkdir()
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(documents))
    async with BalOrgApp(file=str(CASE2)).run_test(size=SIZE) as pilot:
        app = await _at_review(pilot)
        assert Path(q(pilot, "#export-path").value) == documents / _name(app)


async def test_home_when_there_is_no_documents_folder(home: Path) -> None:
    async with BalOrgApp(file=str(CASE2)).run_test(size=SIZE) as pilot:
        app = await _at_review(pilot)
        assert Path(q(pilot, "#export-path").value) == home / _name(app)  # ~/Documents does not exist


async def test_a_name_alone_goes_to_the_folder_proposed_not_the_current_one(home: Path) -> None:
    app = BalOrgApp(file=str(CASE2))
    async with app.run_test(size=SIZE) as pilot:
        await _at_review(pilot)
        await type_into(pilot, "#export-path", "ma-demande.json")
        await pilot.press("enter")
        assert str(home / "ma-demande.json") in _message(pilot).replace("\n", "")
        await click(pilot, "#choice-export")
        await workers_done(app)
        assert (home / "ma-demande.json").exists()
        assert not (Path.cwd() / "ma-demande.json").exists()


async def test_replacing_a_file_is_said(home: Path) -> None:
    async with BalOrgApp(file=str(CASE2)).run_test(size=SIZE) as pilot:
        app = await _at_review(pilot)
        (home / _name(app)).write_text("{}", encoding="utf-8")
        await click(pilot, "#export")
        assert "existe déjà : il sera remplacé" in _message(pilot)


async def test_the_last_export_folder_is_proposed_next(home: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "envois"
    elsewhere.mkdir()
    app = BalOrgApp(file=str(CASE2))
    async with app.run_test(size=SIZE) as pilot:
        await _at_review(pilot)
        await type_into(pilot, "#export-path", str(elsewhere / "premier.json"))
        await click(pilot, "#export")
        await click(pilot, "#choice-export")
        await workers_done(app)
        assert (elsewhere / "premier.json").exists()
    async with BalOrgApp(file=str(CASE2)).run_test(size=SIZE) as pilot:
        app = await _at_review(pilot)
        assert Path(q(pilot, "#export-path").value) == elsewhere / _name(app)
    for child in elsewhere.iterdir():
        child.unlink()
    elsewhere.rmdir()
    async with BalOrgApp(file=str(CASE2)).run_test(size=SIZE) as pilot:
        app = await _at_review(pilot)
        assert Path(q(pilot, "#export-path").value) == home / _name(app)  # gone: back to the documents (home)


async def test_in_a_browser_the_export_says_where_and_the_page_downloads_a_copy(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # As `balorg serve` runs it: Textual's web driver makes App.is_web true.
    monkeypatch.setattr(BalOrgApp, "is_web", property(lambda self: True))
    app = BalOrgApp(file=str(CASE2))
    delivered: list[tuple[Path, dict[str, object]]] = []

    def deliver_text(path_or_file: object, **options: object) -> str:
        delivered.append((Path(str(path_or_file)), options))
        return "delivery-key"

    monkeypatch.setattr(app, "deliver_text", deliver_text)
    async with app.run_test(size=SIZE) as pilot:
        await _at_review(pilot)
        proposed = Path(q(pilot, "#export-path").value)
        await click(pilot, "#export")
        await click(pilot, "#choice-export")
        await workers_done(app)
        await pilot.pause()
        assert proposed.exists()
        [(path, options)] = delivered
        assert path == proposed and options["save_filename"] == proposed.name and options["mime_type"] == "application/json"
        said = str(q(pilot, "#export-result").render())
        assert "sur la machine qui sert balorg" in said and "télécharge une copie" in said


async def test_in_a_terminal_nothing_is_delivered(home: Path) -> None:
    app = BalOrgApp(file=str(CASE2))
    async with app.run_test(size=SIZE) as pilot:
        await _at_review(pilot)
        await click(pilot, "#export")
        await click(pilot, "#choice-export")
        await workers_done(app)
        await pilot.pause()
        said = str(q(pilot, "#export-result").render())
        assert said.startswith("Demande exportée dans : ") and "navigateur" not in said
