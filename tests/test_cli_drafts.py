"""`balorg drafts`, `balorg drafts import`, `balorg export` and `balorg open`, run as a user would (subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, REPO
from tests.factories import draft as draft_data


def balorg(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wizard", *args], capture_output=True, text=True, cwd=cwd)


def _import(path: Path | str) -> str:
    run = balorg("drafts", "import", str(path))
    assert run.returncode == 0, run.stdout + run.stderr
    return run.stdout.strip().splitlines()[-1]


def test_no_drafts_yet() -> None:
    run = balorg("drafts")
    assert run.returncode == 0 and "Aucun brouillon" in run.stdout
    assert json.loads(balorg("drafts", "--json").stdout) == []


def test_import_prints_the_id_last_and_the_list_shows_it() -> None:
    draft_id = _import(EXAMPLES / "cas1-cabinet-infirmier.json")
    listed = json.loads(balorg("drafts", "--json").stdout)
    assert [d["id"] for d in listed] == [draft_id]
    entry = listed[0]
    assert entry["structure"] == "Cabinet infirmier du Port" and entry["errors"] == 0
    assert entry["updated_at"].endswith("Z") and entry["city"] == "Nantes"
    table = balorg("drafts").stdout
    assert draft_id in table and "Cabinet infirmier du Port" in table and "Nantes" in table


def test_list_filter_and_sort_options() -> None:
    first = _import(EXAMPLES / "cas1-cabinet-infirmier.json")
    second = _import(EXAMPLES / "cas3-reseau.json")
    assert [d["id"] for d in json.loads(balorg("drafts", "--json", "--filter", "nantes").stdout)] == [first]
    ids = [d["id"] for d in json.loads(balorg("drafts", "--json", "--sort", "structure").stdout)]
    assert set(ids) == {first, second}


@pytest.mark.parametrize(
    ("content", "code", "words"),
    [
        (b"{ pas du json", 2, "JSON valide"),
        (b"", 2, "vide"),
        (b'{"structure": 3}', 1, "il faut un objet (les informations de la structure)"),
        (b'{"version": 2}', 1, "version"),
    ],
    ids=["not-json", "empty", "wrong-type", "wrong-version"],
)
def test_bad_file_gets_findings_never_a_traceback(tmp_path: Path, content: bytes, code: int, words: str) -> None:
    path = tmp_path / "mauvais.json"
    path.write_bytes(content)
    run = balorg("drafts", "import", str(path))
    assert run.returncode == code
    assert "ne peut pas devenir un brouillon" in run.stdout and words in run.stdout
    assert "Traceback" not in run.stderr
    assert json.loads(balorg("drafts", "--json").stdout) == []


def test_missing_file_in_english(tmp_path: Path) -> None:
    run = balorg("--lang", "en", "drafts", "import", str(tmp_path / "absent.json"))
    assert run.returncode == 2 and "cannot become a draft" in run.stdout and "not found" in run.stdout


def test_export_refused_while_errors_remain(tmp_path: Path) -> None:
    data = draft_data(2)
    data["people"][0]["rpps"] = "10101201234"  # fails Luhn
    source = tmp_path / "brouillon.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    imported = balorg("drafts", "import", str(source))
    assert imported.returncode == 0 and "0 erreur(s)" not in imported.stdout  # a draft may be unfinished
    draft_id = imported.stdout.strip().splitlines()[-1]
    out = tmp_path / "demande.json"
    run = balorg("export", draft_id, "-o", str(out))
    assert run.returncode == 1 and "Export refusé" in run.stdout and "person.rpps" in run.stdout
    assert not out.exists()
    assert json.loads(balorg("drafts", "--json").stdout)[0]["exported_path"] is None


def test_export_writes_a_valid_file_and_marks_the_draft(tmp_path: Path) -> None:
    draft_id = _import(EXAMPLES / "cas2-cabinet-medical.json")
    out = tmp_path / "demande.json"
    run = balorg("export", draft_id[:6], "-o", str(out))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "lecture seule" in run.stdout
    assert oct(os.stat(out).st_mode & 0o777) == oct(0o600)
    assert balorg("validate", str(out)).returncode == 0
    [entry] = json.loads(balorg("drafts", "--json").stdout)
    assert entry["exported_path"] == str(out.resolve()) and entry["exported_at"]
    assert "exporté le" in balorg("drafts").stdout


def test_export_default_file_name_in_the_current_folder(tmp_path: Path) -> None:
    draft_id = _import(EXAMPLES / "cas3-reseau.json")
    run = balorg("export", draft_id, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    [written] = list(tmp_path.glob("bal-org-*.json"))
    assert str(written.name) in run.stdout


def test_export_unknown_draft() -> None:
    run = balorg("export", "abcdef")
    assert run.returncode == 1 and "Aucun brouillon « abcdef »" in run.stderr and "Traceback" not in run.stderr


NO_TEXTUAL = """
import contextlib, io, json, sys
from wizard.cli import main
codes = []
with contextlib.redirect_stdout(io.StringIO()):
    codes.append(main(["drafts", "import", sys.argv[1]]))
    codes.append(main(["drafts", "--json"]))
    codes.append(main(["drafts"]))
    codes.append(main(["export", "abcdef"]))
    codes.append(main(["open", sys.argv[2]]))
print(json.dumps({"codes": codes, "textual": sorted(m for m in sys.modules if m.split(".")[0] == "textual")}))
"""


def test_drafts_export_and_a_refused_open_never_import_textual(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[]")
    run = subprocess.run(
        [sys.executable, "-c", NO_TEXTUAL, str(EXAMPLES / "cas1-cabinet-infirmier.json"), str(bad)],
        capture_output=True, text=True, cwd=REPO,
    )
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result == {"codes": [0, 0, 0, 1, 2], "textual": []}


def test_open_imports_then_hands_the_draft_id_to_the_wizard(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import wizard.app
    from wizard.cli import main
    from wizard.store.drafts import DraftStore

    seen = {}
    monkeypatch.setattr(wizard.app, "run_wizard", lambda args: seen.setdefault("draft_id", args.draft_id) and 0)
    assert main(["open", str(EXAMPLES / "cas4-ministere-interieur.json")]) == 0
    draft_id = capsys.readouterr().out.strip().splitlines()[-1]
    assert seen["draft_id"] == draft_id
    assert DraftStore().load(draft_id).request.structure.name
