"""A message that suggests a fix offers it as one action (issue 12, point 3): the model gives the fix
as data (``Finding.fix``: path and value), the error line under the field and the findings list offer
"Appliquer : « … »", one key or click, one change of the draft."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.tui_helpers import SIZE, focus, q, type_into, workers_done
from wizard.app import BalOrgApp
from wizard.model.findings import Fix
from wizard.model.rules import check

CASE2 = Path(__file__).resolve().parent.parent / "examples" / "cas2-cabinet-medical.json"


def _counting(app: BalOrgApp) -> list[bool]:
    """Each change offered to the draft's owner, True when it changed the draft."""
    changed: list[bool] = []
    real = app.state.apply

    def apply(change: Any, **kwargs: Any) -> bool:
        changed.append(real(change, **kwargs))
        return changed[-1]

    app.state.apply = apply  # type: ignore[method-assign]
    return changed


def test_the_model_gives_the_fix_as_data() -> None:
    data = json.loads(CASE2.read_text(encoding="utf-8"))
    data["mailboxes"][0]["local_part"] = "Cabinet-Lilas.93260"
    data["mailboxes"][0]["domain"] = "Medecin.MSSante.fr"
    found = {f.path: f for f in check(data)}
    assert found["mailboxes[0].local_part"].fix == Fix("mailboxes[0].local_part", "cabinet-lilas.93260")
    assert found["mailboxes[0].domain"].fix == Fix("mailboxes[0].domain", "medecin.mssante.fr")
    # The JSON form of a finding keeps the spec's four keys.
    assert set(found["mailboxes[0].domain"].to_dict()) == {"severity", "code", "path", "message"}
    assert all(f.fix is None for f in check(data) if "Suggestion" not in f.message)


def test_validate_json_is_unchanged(tmp_path: Path) -> None:
    data = json.loads(CASE2.read_text(encoding="utf-8"))
    data["mailboxes"][0]["domain"] = "Medecin.MSSante.fr"
    target = tmp_path / "request.json"
    target.write_text(json.dumps(data), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "wizard", "validate", "--json", str(target)],
                          capture_output=True, text=True, timeout=120)
    findings = json.loads(done.stdout)[0]["findings"]
    assert findings and all(set(f) == {"severity", "code", "path", "message"} for f in findings)


async def _name_step(pilot: Any) -> BalOrgApp:
    app: BalOrgApp = pilot.app
    for _ in range(50):
        await pilot.pause()
        if getattr(app.screen, "ready", False) and app.screen.panel.ready:
            break
    app.goto("name")
    await workers_done(app)
    for _ in range(50):
        await pilot.pause()
        if app.screen.panel.ready and app.screen.panel.is_attached:
            break
    assert app.screen.STEP == "name"
    return app


async def test_fix_under_the_field_is_one_key() -> None:
    app = BalOrgApp(file=str(CASE2))
    async with app.run_test(size=SIZE) as pilot:
        await _name_step(pilot)
        await type_into(pilot, "#f-mailboxes-0-local_part", "Cabinet-Lilas.93260")
        error = q(pilot, "#f-mailboxes-0-local_part").parent.query_one(".field-error")
        assert "Appliquer : « cabinet-lilas.93260 »" in str(error.render())
        changed = _counting(app)
        await focus(pilot, "#f-mailboxes-0-local_part")
        await pilot.press("tab")  # the error line offering a fix is the next Tab stop
        assert app.focused is error
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert app.draft.mailboxes[0].local_part == "cabinet-lilas.93260"
        assert q(pilot, "#f-mailboxes-0-local_part").value == "cabinet-lilas.93260"
        assert changed.count(True) == 1, changed  # one change: one undo
        assert not error.display and app.focused is q(pilot, "#f-mailboxes-0-local_part")


async def test_fix_by_a_click_under_the_field() -> None:
    app = BalOrgApp(file=str(CASE2))
    async with app.run_test(size=SIZE) as pilot:
        await _name_step(pilot)
        await type_into(pilot, "#f-mailboxes-0-domain", "Medecin.MSSante.fr")
        error = q(pilot, "#f-mailboxes-0-domain").parent.query_one(".field-error")
        error.scroll_visible(animate=False)
        await pilot.pause()
        assert await pilot.click(error)
        await pilot.pause()
        assert app.draft.mailboxes[0].domain == "medecin.mssante.fr"


async def test_fix_from_the_findings_lists() -> None:
    app = BalOrgApp(file=str(CASE2))
    async with app.run_test(size=SIZE) as pilot:
        await _name_step(pilot)
        await type_into(pilot, "#f-mailboxes-0-domain", "Medecin.MSSante.fr")
        listing = await focus(pilot, "#step-findings")
        assert Fix("mailboxes[0].domain", "medecin.mssante.fr") in listing.rows
        listing.highlighted = listing.rows.index(Fix("mailboxes[0].domain", "medecin.mssante.fr"))
        changed = _counting(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.draft.mailboxes[0].domain == "medecin.mssante.fr"
        assert q(pilot, "#f-mailboxes-0-domain").value == "medecin.mssante.fr"
        assert changed.count(True) == 1
        # From the review's list too, for a field of another step.
        await type_into(pilot, "#f-mailboxes-0-local_part", "Cabinet-Lilas.93260")
        app.goto("review")
        await workers_done(app)
        for _ in range(20):
            await pilot.pause()
        listing = q(pilot, "#step-findings")
        fix = Fix("mailboxes[0].local_part", "cabinet-lilas.93260")
        row = listing.rows.index(fix)
        assert "Appliquer : « cabinet-lilas.93260 »" in str(listing.get_option_at_index(row).prompt)
        listing.focus()
        listing.highlighted = row
        await pilot.press("enter")
        await pilot.pause()
        assert app.draft.mailboxes[0].local_part == "cabinet-lilas.93260"
        assert app.screen.STEP == "review"
        app.goto("name")
        for _ in range(20):
            await pilot.pause()
        assert q(pilot, "#f-mailboxes-0-local_part").value == "cabinet-lilas.93260"
