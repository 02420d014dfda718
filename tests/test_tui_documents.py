"""The practice's documents from the Review step, driven as a user: preview, switch, write, refuse.

Snapshots of the preview at 80×24 are at the end (plain ``def``: ``snap_compare``
runs its own event loop); regenerate them with
``pytest tests/test_tui_documents.py --snapshot-update``.
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest

from tests.tui_helpers import SIZE, click, focus, q, type_into
from wizard.app import BalOrgApp
from wizard.model import derive
from wizard.model.i18n import set_language
from wizard.model.request import Request
from wizard.screens.documents import DocumentsScreen

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CASE1 = EXAMPLES / "cas1-cabinet-infirmier.json"
CASE2 = EXAMPLES / "cas2-cabinet-medical.json"
CASE4 = EXAMPLES / "cas4-ministere-interieur.json"
FIXED_DAY = "2026-01-15"
INJECTED = "<script>[bold]x[/bold] [@click=app.quit]y"


def screen_text(pilot: Any) -> str:
    """What the terminal shows of the screen in front, as plain text."""
    from tests.screen_text import screen_text as text_of

    return text_of(pilot.app)


async def settle(pilot: Any) -> None:
    for _ in range(3):
        await pilot.pause()


async def scroll_to(pilot: Any, selector: str, wanted: str) -> str:
    """Scroll the preview down, a page at a time as a reader does, until `wanted` shows; the screen's text."""
    preview = q(pilot, selector)
    for _ in range(20):
        text = screen_text(pilot)
        if wanted in text:
            return text
        preview.scroll_page_down(animate=False)
        await settle(pilot)
    raise AssertionError(f"{wanted!r} never shows in {selector}")


async def open_documents(pilot: Any, *, key: bool = True) -> DocumentsScreen:
    """From the Review step: F3, or a click on the button."""
    await settle(pilot)
    assert pilot.app.screen.STEP == "review"
    if key:
        await pilot.press("f3")
    else:
        await click(pilot, "#documents")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DocumentsScreen)
    return screen


async def test_open_a_file_then_preview_the_three_documents_by_keyboard() -> None:
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        # Opened as a user does, from Home: a complete request lands on Review.
        await type_into(pilot, "#open-path", str(CASE2))
        await pilot.press("enter")
        screen = await open_documents(pilot)
        assert screen.shown == "summary"
        text = screen_text(pilot)
        assert "Récapitulatif de la demande de BAL ORG" in text
        assert "3 rue de Paris, 93260 Les Lilas" in text
        assert "SIREN 404833048" in text
        # The tabs have the focus: the arrow keys move between the documents.
        await pilot.press("right")
        await settle(pilot)
        assert screen.shown == "notice"
        text = screen_text(pilot)
        assert "Information des patients — Cabinet des Lilas" in text
        assert "cabinet-des-lilas.93260@medecin.mssante.fr" in text
        assert "David Fontaine" in text and "Élise Roux" in text
        await pilot.press("right")
        await settle(pilot)
        assert screen.shown == "announcement"
        text = screen_text(pilot)
        assert "cabinet-des-lilas.93260@medecin.mssante.fr" in text
        assert "David Fontaine et Élise Roux" in text
        await pilot.press("left", "left")
        await settle(pilot)
        assert screen.shown == "summary"
        # Escape goes back to the Review step, nothing changed.
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen.STEP == "review"
        assert not pilot.app.dirty


async def test_preview_with_the_mouse_and_facts_of_another_case() -> None:
    async with BalOrgApp(file=str(CASE4)).run_test(size=SIZE) as pilot:
        screen = await open_documents(pilot, key=False)
        assert "SGAMI Ouest" in screen_text(pilot)
        await click(pilot, "#documents-tabs #--content-tab-doc-announcement")
        assert screen.shown == "announcement"
        text = screen_text(pilot)
        assert "SGAMI Ouest" in text
        assert "Cabinet des Lilas" not in text  # nothing of another request
        await click(pilot, "#documents-tabs #--content-tab-doc-notice")
        assert screen.shown == "notice"
        assert "sgami-ouest.conseil-medical.rennes@interieur.mssante.fr" in screen_text(pilot)
        await click(pilot, "#documents-tabs #--content-tab-doc-summary")
        assert screen.shown == "summary"
        # Every mailbox of the case is in the summary (scrolled to, as a reader would).
        addresses = [derive.address(box) for box in pilot.app.draft.to_data()["mailboxes"]]
        assert len(addresses) == 4
        for address in addresses:
            assert address
            await scroll_to(pilot, "#preview-summary", address)
        await click(pilot, "#documents-close")
        assert pilot.app.screen.STEP == "review"


async def test_write_the_documents_to_a_folder(tmp_path: Path) -> None:
    target = tmp_path / "pour-le-cabinet"
    async with BalOrgApp(file=str(CASE2)).run_test(size=SIZE) as pilot:
        await open_documents(pilot)
        await type_into(pilot, "#documents-folder", str(target))
        await click(pilot, "#documents-write")
        names = sorted(p.name for p in target.iterdir())
        assert names == [
            "cabinet-des-lilas-annonce-partenaires.txt",
            "cabinet-des-lilas-information-patients.txt",
            "cabinet-des-lilas-recapitulatif.html",
            "cabinet-des-lilas-recapitulatif.md",
        ]
        for path in target.iterdir():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        assert stat.S_IMODE(target.stat().st_mode) == 0o700
        result = str(q(pilot, "#documents-result").render())
        assert f"4 documents écrits dans {target}" in result
        assert "cabinet-des-lilas-recapitulatif.html" in result
        assert "3 rue de Paris" in (target / "cabinet-des-lilas-recapitulatif.md").read_text(encoding="utf-8")
        # Enter in the folder field writes too (again, over the same files).
        await focus(pilot, "#documents-folder")
        await pilot.press("enter")
        await settle(pilot)
        assert "4 documents écrits" in str(q(pilot, "#documents-result").render())


async def test_the_default_folder_is_named_after_the_structure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In the user's documents folder (as the export), never in the current folder."""
    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(documents))
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    async with BalOrgApp(file=str(CASE1)).run_test(size=SIZE) as pilot:
        await open_documents(pilot)
        folder = Path(q(pilot, "#documents-folder").value)
        assert folder.parent == documents and folder.name.startswith("documents-")
        await click(pilot, "#documents-write")
        written = sorted(p.name for p in folder.iterdir())
        assert len(written) == 4 and all(name.startswith(folder.name.removeprefix("documents-")) for name in written)
        # A relative folder typed goes there too.
        await type_into(pilot, "#documents-folder", "autres")
        await click(pilot, "#documents-write")
        assert len(list((documents / "autres").iterdir())) == 4
    assert not any(cwd.iterdir())


async def test_a_blank_draft_has_its_documents_too(tmp_path: Path) -> None:
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # a blank request, from Home
        await settle(pilot)
        pilot.app.goto("review")
        screen = await open_documents(pilot)
        assert "Structure sans nom" in screen_text(pilot)
        screen.show("announcement")
        await settle(pilot)
        assert "Structure sans nom" in screen_text(pilot)
        await type_into(pilot, "#documents-folder", str(tmp_path))
        await click(pilot, "#documents-write")
        assert sorted(p.name for p in tmp_path.iterdir()) == [
            "bal-org-annonce-partenaires.txt", "bal-org-information-patients.txt",
            "bal-org-recapitulatif.html", "bal-org-recapitulatif.md",
        ]


@pytest.mark.parametrize(("inside", "reason"), [
    ("", "ce n'est pas un dossier"),  # the folder named is a file
    ("sous-dossier", "un élément du chemin est un fichier"),  # a file on the way to it
])
async def test_an_unwritable_folder_is_refused_in_french_and_nothing_is_lost(
        tmp_path: Path, inside: str, reason: str) -> None:
    (tmp_path / "un-fichier").write_text("x")
    bad = tmp_path / "un-fichier" / inside if inside else tmp_path / "un-fichier"
    async with BalOrgApp(file=str(CASE2)).run_test(size=SIZE) as pilot:
        screen = await open_documents(pilot)
        before = pilot.app.draft.to_data()
        await type_into(pilot, "#documents-folder", str(bad))
        await click(pilot, "#documents-write")
        result = str(q(pilot, "#documents-result").render())
        assert f"Impossible d'écrire dans « {bad} »" in result
        assert reason in result and "Rien n'est perdu" in result
        assert "Errno" not in result and "Traceback" not in result
        # Still in the dialog, with the path as typed, and the draft as it was.
        assert pilot.app.screen is screen
        assert q(pilot, "#documents-folder").value == str(bad)
        assert pilot.app.draft.to_data() == before
        assert (tmp_path / "un-fichier").read_text() == "x"
        # Another folder, and it works.
        await type_into(pilot, "#documents-folder", str(tmp_path / "ailleurs"))
        await click(pilot, "#documents-write")
        assert len(list((tmp_path / "ailleurs").iterdir())) == 4


async def test_a_read_only_folder_is_refused(tmp_path: Path) -> None:
    import os

    if os.geteuid() == 0:
        pytest.skip("root writes into a read-only folder: the file-in-the-path cases cover the refusal")
    locked = tmp_path / "verrouille"
    locked.mkdir(mode=0o500)
    async with BalOrgApp(file=str(CASE2)).run_test(size=SIZE) as pilot:
        await open_documents(pilot)
        await type_into(pilot, "#documents-folder", str(locked))
        await click(pilot, "#documents-write")
        assert "accès refusé" in str(q(pilot, "#documents-result").render())
        assert list(locked.iterdir()) == []


async def test_user_text_shows_literally_and_does_nothing(tmp_path: Path) -> None:
    async with BalOrgApp(file=str(CASE2)).run_test(size=SIZE) as pilot:
        app: BalOrgApp = pilot.app
        await settle(pilot)
        app.goto("structure")
        await settle(pilot)
        await type_into(pilot, "#f-structure-name", INJECTED)
        assert app.draft.structure.name == INJECTED

        def rename(request: Request) -> None:
            request.people[1].last_name = "[@click=app.quit]Roux"

        app.update_draft(rename)
        app.goto("review")
        screen = await open_documents(pilot)
        assert "<script>[bold]x[/bold] [@click=app.quit]y" in screen_text(pilot)
        for kind in ("notice", "announcement"):
            screen.show(kind)
            await settle(pilot)
            assert INJECTED in screen_text(pilot)
            text = await scroll_to(pilot, f"#preview-{kind}", "[@click=app.quit]Roux")
            # A click on the would-be link does nothing: the text is data.
            rows = text.splitlines()
            line = next(i for i, row in enumerate(rows) if "[@click=app.quit]Roux" in row)
            await pilot.click(offset=(rows[line].index("[@click=app.quit]Roux") + 2, line))
            await settle(pilot)
            assert app.is_running and app.screen is screen
        # And the files say it literally (HTML escaped).
        await type_into(pilot, "#documents-folder", str(tmp_path))
        await click(pilot, "#documents-write")
        html = next(tmp_path.glob("*.html")).read_text(encoding="utf-8")
        assert "&lt;script&gt;[bold]x[/bold]" in html and "<script>" not in html


async def test_english(tmp_path: Path) -> None:
    set_language("en")
    async with BalOrgApp(file=str(CASE2)).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "f3 Documents" in screen_text(pilot)  # the key, in the Review step's footer
        screen = await open_documents(pilot)
        text = screen_text(pilot)
        assert "Documents for the structure" in text
        assert "BAL ORG request summary" in text and "Récapitulatif" not in text
        await click(pilot, "#documents-tabs #--content-tab-doc-notice")
        assert screen.shown == "notice"
        assert "Patient notice — Cabinet des Lilas" in screen_text(pilot)
        await type_into(pilot, "#documents-folder", str(tmp_path / "docs"))
        await click(pilot, "#documents-write")
        assert "4 documents written in" in str(q(pilot, "#documents-result").render())
        assert (tmp_path / "docs" / "cabinet-des-lilas-summary.md").exists()
        (tmp_path / "file").write_text("x")
        await type_into(pilot, "#documents-folder", str(tmp_path / "file"))
        await click(pilot, "#documents-write")
        assert "Cannot write into" in str(q(pilot, "#documents-result").render())


# --- Snapshots at 80×24 -------------------------------------------------------------


def _snap_app(file: Path) -> BalOrgApp:
    app = BalOrgApp(file=str(file))
    app.animation_level = "none"
    return app


def _preview(kind: str | None = None) -> Any:
    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        pilot.app.goto("review")
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        if kind is not None:
            pilot.app.screen.show(kind)
        for widget in pilot.app.screen.query("Input"):
            widget.cursor_blink = False
        await settle(pilot)

    return run_before


@pytest.fixture
def fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """The summary's date is the day it is made: fix it for the snapshots."""
    monkeypatch.setattr("wizard.documents.today", lambda: FIXED_DAY)


@pytest.mark.usefixtures("fixed_documents")  # the folder proposed shows
def test_snapshot_summary(snap_compare: Any, fixed_day: None) -> None:
    assert snap_compare(_snap_app(CASE2), run_before=_preview())


@pytest.mark.usefixtures("fixed_documents")  # the folder proposed shows
def test_snapshot_notice(snap_compare: Any, fixed_day: None) -> None:
    assert snap_compare(_snap_app(CASE2), run_before=_preview("notice"))


@pytest.mark.usefixtures("fixed_documents")  # the folder proposed shows
def test_snapshot_announcement_english_light(snap_compare: Any, fixed_day: None) -> None:
    set_language("en")
    app = _snap_app(CASE4)
    app.theme = "textual-light"
    assert snap_compare(app, run_before=_preview("announcement"))
