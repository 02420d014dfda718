"""Preferences that stay (issue 12, point 9): theme, side help, language and the last export folder,
kept in the user's config folder, read at start-up; a damaged file is ignored with a French notice."""

from __future__ import annotations

import argparse
import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.tui_helpers import SIZE, click, q, type_into, workers_done
from wizard import paths
from wizard.app import BalOrgApp, make_app
from wizard.model.i18n import get_language, set_language
from wizard.screens.home import HomeScreen
from wizard.screens.palette import CommandsScreen
from wizard.store import prefs
from wizard.ui.texts import tr

CASE2 = Path(__file__).resolve().parent.parent / "examples" / "cas2-cabinet-medical.json"


def _args(**values: Any) -> argparse.Namespace:
    """What `balorg` passes to the wizard: no --lang unless given."""
    return argparse.Namespace(**{"lang": None, "file": None, "draft_id": None, **values})


def _messages(app: BalOrgApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def _until(pilot, ready: Callable[[], bool]) -> None:  # type: ignore[no-untyped-def]
    for _ in range(100):
        if ready():
            return
        await pilot.pause()
    raise AssertionError("never ready")


async def _palette(pilot, command: str) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+P, type `command`, Enter (each step once the screen has answered)."""
    await pilot.press("ctrl+p")
    await _until(pilot, lambda: isinstance(pilot.app.screen, CommandsScreen))
    await _choose(pilot, command)


async def _choose(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    palette = pilot.app.screen
    await pilot.press(*text)
    await _until(pilot, lambda: palette.query_one("#palette-input").value == text)
    await pilot.pause()
    await pilot.press("enter")
    await _until(pilot, lambda: pilot.app.screen is not palette)


async def test_two_runs_the_second_starts_with_what_the_first_chose(tmp_path: Path) -> None:
    folder = tmp_path / "envois"
    folder.mkdir()
    first = make_app(_args(file=str(CASE2)))
    default_theme = first.theme
    async with first.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await workers_done(first)
        assert first.screen.STEP == "review"
        # Theme, through the palette, as a user chooses it.
        await _palette(pilot, "Changer de thème")
        await _until(pilot, lambda: isinstance(pilot.app.screen, CommandsScreen))
        await _choose(pilot, "nord")
        assert first.theme == "nord" != default_theme
        # The side help hidden (F2).
        assert q(pilot, "#help-panel").display
        await pilot.press("f2")
        await pilot.pause()
        assert not q(pilot, "#help-panel").display
        # The language, for the next runs.
        await _palette(pilot, "Langue : passer en anglais")
        assert get_language() == "fr"  # this run stays in French
        assert any("au prochain lancement" in m for m in _messages(first))
        # An export somewhere.
        await type_into(pilot, "#export-path", str(folder / "demande.json"))
        await click(pilot, "#export")
        await click(pilot, "#choice-export")
        await workers_done(first)
        assert (folder / "demande.json").exists()
    saved = json.loads((paths.config_dir() / "preferences.json").read_text(encoding="utf-8"))
    assert saved == {"format": 1, "theme": "nord", "help_panel": False, "language": "en", "export_dir": str(folder)}

    second = make_app(_args(file=str(CASE2)))
    assert get_language() == "en"
    async with second.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await workers_done(second)
        assert second.theme == "nord"
        assert not q(pilot, "#help-panel").display
        english = tr("nav.back")
        set_language("fr")
        french = tr("nav.back")
        set_language("en")
        assert str(q(pilot, "#back").label) == english != french  # the screens are in English
        assert Path(q(pilot, "#export-path").value).parent == folder
        await pilot.press("f2")  # shown again, and kept so
        await pilot.pause()
        assert q(pilot, "#help-panel").display
    assert prefs.load().prefs.help_panel is True

    # --lang wins over the preference, for its run.
    set_language("fr")
    third = make_app(_args(lang="fr"))
    assert get_language() == "fr"
    async with third.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert third.theme == "nord"
    assert prefs.load().prefs.language == "en"  # and the preference stays


@pytest.mark.parametrize("content", [b"{pas du json", b"[1, 2]", b"\xff\xfe\x00garbage", b'"texte"'])
async def test_a_damaged_file_is_ignored_with_a_french_notice(content: bytes) -> None:
    path = paths.config_dir() / "preferences.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    app = make_app(_args())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        notices = [m for m in _messages(app) if "Préférences ignorées" in m]
        assert len(notices) == 1 and str(path) in notices[0]
        assert isinstance(app.screen, HomeScreen)  # started as usual
        # Choosing something writes a good file over the damaged one.
        app.theme = "nord"
        await pilot.pause()
    assert prefs.load().prefs.theme == "nord" and prefs.load().problem is None


async def test_an_unreadable_file_is_ignored_too() -> None:
    path = paths.config_dir() / "preferences.json"
    path.mkdir(parents=True)  # a folder where the file should be
    app = make_app(_args())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any("Préférences ignorées" in m and str(path) in m for m in _messages(app))


def test_wrong_values_are_dropped_one_by_one() -> None:
    path = paths.config_dir() / "preferences.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"theme": 3, "help_panel": "non", "language": "de", "export_dir": "/tmp/x"}),
                    encoding="utf-8")
    loaded = prefs.load()
    assert loaded.problem is None
    assert loaded.prefs == prefs.Prefs(export_dir="/tmp/x")


async def test_an_unknown_theme_is_ignored() -> None:
    assert prefs.save(prefs.Prefs(theme="pas-un-theme")) is None
    app = make_app(_args())
    default = BalOrgApp().theme
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == default


@pytest.mark.skipif(os.name != "posix", reason="modes are POSIX")
@pytest.mark.parametrize("umask", [0o000, 0o022, 0o077])
def test_private_file_in_a_private_folder_whatever_the_umask(tmp_path: Path, umask: int) -> None:
    folder = tmp_path / "config" / "balorg"
    old = os.umask(umask)
    try:
        assert prefs.save(prefs.Prefs(theme="nord"), folder) is None
    finally:
        os.umask(old)
    assert stat.S_IMODE((folder / "preferences.json").stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert prefs.load(folder).prefs.theme == "nord"


def test_an_unwritable_folder_says_why_in_french(tmp_path: Path) -> None:
    blocker = tmp_path / "fichier"
    blocker.write_text("", encoding="utf-8")
    said = prefs.save(prefs.Prefs(theme="nord"), blocker / "balorg")
    assert said is not None and said.startswith("Préférence non enregistrée") and str(blocker) in said


def test_config_dir_option_and_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BALORG_CONFIG_DIR", str(tmp_path / "env"))
    assert paths.config_dir() == tmp_path / "env"
    from wizard.cli import main

    assert main(["--config-dir", str(tmp_path / "option"), "schema"]) == 0
    assert paths.config_dir() == tmp_path / "option"  # the option wins over the variable
    monkeypatch.delenv("BALORG_CONFIG_DIR")
    paths.set_config_dir(None)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert paths.config_dir() == tmp_path / "xdg" / "balorg"  # platformdirs' user config folder


def test_the_preferences_module_never_imports_textual() -> None:
    code = "import sys, wizard.store.prefs as p; p.load(); assert 'textual' not in sys.modules, 'textual'"
    subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ, "PYTHONPATH": str(Path.cwd())})


async def test_a_burst_of_f2_writes_once(monkeypatch: pytest.MonkeyPatch) -> None:
    writes: list[prefs.Prefs] = []
    save = prefs.save

    def counting(chosen: prefs.Prefs, folder: Path | None = None) -> str | None:
        writes.append(chosen)
        return save(chosen, folder)

    monkeypatch.setattr(prefs, "save", counting)
    app = make_app(_args(file=str(CASE2)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await workers_done(app)
        for _ in range(5):  # five F2 in one read: handled back to back
            app.screen.action_toggle_help_panel()  # type: ignore[attr-defined]
        await pilot.pause()
        assert not q(pilot, "#help-panel").display
    assert len(writes) == 1 and writes[0].help_panel is False
    assert prefs.load().prefs.help_panel is False
