"""Calm feedback (issue 12, point 7): the read-only notice once, no stale "fix the errors", nothing cut at 80×24."""

from __future__ import annotations

import html
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from tests.tui_helpers import SIZE, choose, click, q, tick, type_into, workers_done
from wizard.app import BalOrgApp
from wizard.screens.dialogs import RenameScreen

CASE2 = Path(__file__).resolve().parent.parent / "examples" / "cas2-cabinet-medical.json"
_TEXT = re.compile(r'<text class="[^"]*" x="([0-9.]+)" y="[0-9.]+" textLength="[0-9.]+" '
                   r'clip-path="url\(#[^)]*-line-([0-9]+)\)">([^<]*)</text>')
CELL = 12.2
"""Width of a cell in Textual's SVG screenshots."""


def screen_rows(app: Any) -> list[str]:
    """The screen as a person reads it: one string per row (from Textual's SVG screenshot)."""
    cells: dict[int, dict[int, str]] = defaultdict(dict)
    for x, line, text in _TEXT.findall(app.export_screenshot()):
        column = round(float(x) / CELL)
        for offset, char in enumerate(html.unescape(text).replace("\xa0", " ")):
            cells[int(line)][column + offset] = char
    return ["".join(row.get(i, " ") for i in range(max(row, default=-1) + 1)).rstrip("\n")
            for _, row in sorted(cells.items())]


def _shown(app: Any, text: str) -> bool:
    return any(text in row for row in screen_rows(app))


def _record(app: BalOrgApp) -> list[str]:
    """Every toast's text from now on (the App keeps only those still on show)."""
    said: list[str] = []
    notify = app.notify

    def recording(message: str, *args: Any, **kwargs: Any) -> None:
        said.append(str(message))
        notify(message, *args, **kwargs)

    app.notify = recording  # type: ignore[method-assign]
    return said


async def go(pilot, app: BalOrgApp, step: str) -> None:  # type: ignore[no-untyped-def]
    """Go to `step` and wait until its panel is built and on show."""
    for _ in range(100):
        await pilot.pause()
        panel = getattr(app.screen, "panel", None)
        if panel is not None and step == panel.STEP and panel.ready:
            await pilot.pause()
            return
        if app.draft is not None and (panel is None or step != panel.STEP):
            app.goto(step)  # once the file is open
    raise AssertionError(f"{step} never showed")


async def _exported(pilot, app: BalOrgApp, target: Path) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await workers_done(app)
    await type_into(pilot, "#export-path", str(target))
    await click(pilot, "#export")
    await click(pilot, "#choice-export")
    await workers_done(app)
    assert app.stored is not None and app.stored.read_only


async def test_the_read_only_notice_shows_once_and_short(tmp_path: Path) -> None:
    app = BalOrgApp(file=str(CASE2))
    async with app.run_test(size=SIZE) as pilot:
        await _exported(pilot, app, tmp_path / "demande.json")
        messages = _record(app)
        await go(pilot, app, "structure")
        await type_into(pilot, "#f-structure-name", "", keys=True)
        await pilot.press(*"Autre nom")  # nine keys, each refused
        await pilot.pause()
        assert app.draft is not None and app.draft.structure.name == "Cabinet des Lilas"
        said = [m for m in messages if "consultation seule" in m]
        assert len(said) == 1, said
        assert len(said[0]) <= 100  # two lines of a toast, not seven
        # Opened again (from Home, read-only), it is said once more: once per opening.
        draft_id = app.stored.id  # type: ignore[union-attr]
        app.goto("home")
        await pilot.pause()
        assert app.resume_draft(draft_id)
        await pilot.pause()
        await go(pilot, app, "structure")
        messages.clear()
        await type_into(pilot, "#f-structure-name", "X", keys=True)
        await pilot.press(*"YZ")
        await pilot.pause()
        assert len([m for m in messages if "consultation seule" in m]) == 1


async def test_fix_the_errors_goes_once_they_are_fixed() -> None:
    app = BalOrgApp(file=str(CASE2))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await workers_done(app)
        await go(pilot, app, "roles")
        await click(pilot, "#people-add")
        await type_into(pilot, "#f-c-last_name", "Martin")
        await type_into(pilot, "#f-c-first_name", "Claire")
        await type_into(pilot, "#f-c-rpps", "10101201234", keys=True)  # fails Luhn
        await click(pilot, "#dialog-ok")
        status = app.screen.query_one(".dialog-status")
        assert "Corrigez les erreurs signalées" in str(status.render())
        await type_into(pilot, "#f-c-rpps", "10005173140")
        await choose(pilot, "#f-c-profession_code", "Infirmier")
        await tick(pilot, "#cred-cps", True)
        assert type(app.screen).__name__ == "PersonDialog"
        assert "Corrigez" not in str(status.render())


async def test_the_nav_status_fits_its_line_at_80x24() -> None:
    app = BalOrgApp(file=str(CASE2))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await workers_done(app)
        await go(pilot, app, "structure")
        await type_into(pilot, "#f-structure-name", "")
        await type_into(pilot, "#f-structure-address-city", "")
        await pilot.pause()
        status = str(q(pilot, "#nav-status").render())
        assert "2 erreur(s)" in status
        assert _shown(app, status.strip())


async def test_the_rename_label_wraps_in_its_dialog() -> None:
    app = BalOrgApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(RenameScreen("Cabinet"))
        await pilot.pause()
        rows = "\n".join(screen_rows(app))
        assert "Nom du brouillon (laisser vide pour afficher le nom de la" in rows
        assert re.search(r"│ structure\) ", rows) or "structure)" in rows


async def test_the_identifier_row_fits_at_80x24() -> None:
    app = BalOrgApp(file=str(CASE2))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await workers_done(app)
        await go(pilot, app, "structure")
        q(pilot, "#f-structure-identifier-value").scroll_visible(animate=False)
        await pilot.pause()
        assert any("Identifiant" in row and "Numéro, vérifié en direct" in row for row in screen_rows(app))
        assert q(pilot, "#f-structure-identifier-type").size.height == 3  # the type on one line


async def test_the_export_confirmation_is_read_whole_at_80x24(tmp_path: Path) -> None:
    app = BalOrgApp(file=str(CASE2))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await workers_done(app)
        await pilot.pause()
        assert app.screen.STEP == "review"
        await type_into(pilot, "#export-path", str(tmp_path / "demande.json"))
        await click(pilot, "#export")
        rows = screen_rows(app)
        assert any("Le brouillon deviendra en lecture seule" in row for row in rows)
        box = app.screen.query_one("#choice-message").region  # a long path folds within the dialog
        inside = "".join(row[box.x:box.right].strip() for row in rows[box.y:box.bottom])
        assert str(tmp_path / "demande.json") in inside
        assert any("Exporter" in row and "Annuler" in row for row in rows)
        dialog = app.screen.query_one(".dialog").region
        assert not any("…" in row[dialog.x:dialog.right] for row in rows[dialog.y:dialog.bottom])


async def test_nothing_cut_on_structure_at_80x24() -> None:
    app = BalOrgApp(file=str(CASE2))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await workers_done(app)
        await go(pilot, app, "structure")
        await choose(pilot, "#f-structure-kind", "SDIS")  # the longest kind
        await choose(pilot, "#f-structure-identifier-type", "RPPS")
        panel = app.screen.panel  # type: ignore[attr-defined]
        box = panel.content_region
        for y in range(0, int(panel.max_scroll_y) + 10, 8):
            panel.scroll_to(y=y, animate=False)
            await pilot.pause()
            rows = screen_rows(app)[box.y:box.bottom]
            cut = [row[box.x:box.right] for row in rows if "…" in row[box.x:box.right]]
            assert not cut, cut
