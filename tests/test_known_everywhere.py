"""An address that already exists is refused at every door, and a close one warned of at each.

The doors: `balorg validate`, `balorg drafts import` (and the store's counts that
`balorg drafts` lists), `balorg export`, `balorg documents`, and the wizard's steps, step
bar, Review and export. Each is driven as a user drives it: subprocesses for the command
line, Pilot for the wizard, a real imported list in the test's own data folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench.gen_extraction import generate, line
from tests.conftest import EXAMPLES, REPO
from tests.tui_helpers import SIZE, click, q, type_into, workers_done
from wizard.app import BalOrgApp

CASE2 = EXAMPLES / "cas2-cabinet-medical.json"
LILAS = "cabinet-des-lilas.93260@medecin.mssante.fr"  # case 2's address
CLOSE = "cabinet-des-lilas.93260@infirmier.mssante.fr"


def balorg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wizard", *args], capture_output=True, text=True, cwd=REPO,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120)


def _import_list(tmp_path: Path, address: str) -> None:
    extraction = tmp_path / "Extraction_Correspondance_MSSante.txt"
    generate(extraction, 400, seed=5, extra=[line("ORG", address, "Cabinet médical des Lilas", "93260", "Les Lilas")])
    done = balorg("directory", "import", str(extraction))
    assert done.returncode == 0, done.stderr


@pytest.fixture
def listed(tmp_path: Path) -> Path:
    """A list holding case 2's own address."""
    _import_list(tmp_path, LILAS)
    return tmp_path


def test_every_command_refuses_an_existing_address(listed: Path) -> None:
    done = balorg("validate", str(CASE2))
    assert done.returncode == 1
    assert "mailboxes[0].local_part [mailbox.address.exists]" in done.stdout
    assert "Cabinet médical des Lilas" in done.stdout
    # drafts import says it as it stores the draft, and the store counts it.
    done = balorg("drafts", "import", str(CASE2))
    assert done.returncode == 0, done.stderr
    assert "mailbox.address.exists" in done.stdout
    draft_id = done.stdout.strip().splitlines()[-1]
    [listing] = json.loads(balorg("drafts", "--json").stdout)
    assert listing["id"] == draft_id and listing["errors"] == 1
    # balorg export refuses it and writes nothing.
    target = listed / "demande.json"
    done = balorg("export", draft_id, "-o", str(target))
    assert done.returncode == 1
    assert "mailbox.address.exists" in done.stdout
    assert not target.exists()
    # The documents' summary lists it among what remains open.
    done = balorg("documents", draft_id, "-o", str(listed / "docs"))
    assert done.returncode == 0, done.stderr
    summary = next((listed / "docs").glob("*.md")).read_text(encoding="utf-8")
    assert LILAS in summary and "existe déjà" in summary


def test_every_command_warns_of_a_close_address(tmp_path: Path) -> None:
    _import_list(tmp_path, CLOSE)
    done = balorg("validate", str(CASE2))
    assert done.returncode == 0
    assert "[mailbox.address.close]" in done.stdout and CLOSE in done.stdout
    draft_id = balorg("drafts", "import", str(CASE2)).stdout.strip().splitlines()[-1]
    [listing] = json.loads(balorg("drafts", "--json").stdout)
    assert listing["errors"] == 0 and listing["warnings"] >= 1
    target = tmp_path / "demande.json"
    assert balorg("export", draft_id, "-o", str(target)).returncode == 0
    assert json.loads(target.read_text(encoding="utf-8"))["mailboxes"][0]["address"] == LILAS
    # Exported here, the request's own address is not "known" to itself.
    assert balorg("validate", str(target)).returncode == 0


async def _settle(pilot: Any) -> None:
    for _ in range(4):
        await pilot.pause(0.05)
        await workers_done(pilot.app)
    await pilot.pause()


async def _known_loaded(pilot: Any) -> None:
    app = pilot.app
    for _ in range(100):
        if app.known is not None and app.known_findings:
            return
        await pilot.pause(0.05)
    raise AssertionError("the known addresses were not looked up")


async def test_the_wizard_shows_an_existing_address_everywhere_and_refuses_to_export_it(listed: Path) -> None:
    app = BalOrgApp(file=str(CASE2))
    async with app.run_test(size=SIZE) as pilot:
        await _known_loaded(pilot)
        await _settle(pilot)
        # One list: the step bar, Next, Review and export all read it.
        states = app.step_states()
        assert states["name"] == "errors" and states["review"] != "complete"
        app.goto("name")
        await _settle(pilot)
        assert "Nom ✗" in str(q(pilot, "#tab-name").render())
        assert "Export ✓" not in str(q(pilot, "#tab-review").render())
        assert "existe déjà" in str(q(pilot, "#f-mailboxes-0-local_part").parent.query_one(".field-error").render())
        assert app.screen.check_action("next", ()) is None  # Next greyed
        app.goto("review")
        await _settle(pilot)
        listed_codes = [f.code for f in q(pilot, "#step-findings").findings]
        assert "mailbox.address.exists" in listed_codes
        assert q(pilot, "#export").disabled
        target = listed / "demande.json"
        await type_into(pilot, "#export-path", str(target))
        await pilot.press("enter")
        await _settle(pilot)
        assert not target.exists()
        # Even when the list shown lacks the finding (a lookup not answered yet), the export
        # checks again against the known addresses as it writes.
        app.state.findings = [f for f in app.state.findings if f.code != "mailbox.address.exists"]
        assert app.screen.panel.export() is None
        assert "existe déjà" in str(q(pilot, "#export-result").render())
        assert not target.exists()


async def test_a_new_spelling_drops_the_old_answer_at_once(listed: Path) -> None:
    app = BalOrgApp(file=str(CASE2))
    async with app.run_test(size=SIZE) as pilot:
        await _known_loaded(pilot)
        app.goto("name")
        await _settle(pilot)
        await type_into(pilot, "#f-mailboxes-0-local_part", "cabinet-des-lilas-bis.93260")
        # At once, before the lookup of the new spelling answers: the old answer is gone.
        assert not [f for f in app.findings if f.code == "mailbox.address.exists"]
        await _settle(pilot)
        assert not [f for f in app.findings if f.code == "mailbox.address.exists"]
        assert app.step_states()["name"] == "complete"
        assert "Nom ✓" in str(q(pilot, "#tab-name").render())
        target = listed / "demande.json"
        app.goto("review")
        await _settle(pilot)
        await type_into(pilot, "#export-path", str(target))
        await click(pilot, "#export")
        await click(pilot, "#choice-export")  # the confirmation names the file
        await _settle(pilot)
        assert json.loads(target.read_text(encoding="utf-8"))["mailboxes"][0]["local_part"] == "cabinet-des-lilas-bis.93260"
