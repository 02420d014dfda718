"""`balorg validate`, `schema`, `--version`, `--help` as an operator runs them: in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, REPO
from tests.factories import draft, example

BALORG = [sys.executable, "-m", "wizard"]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*BALORG, *args], capture_output=True, text=True, cwd=cwd or REPO, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO)})


def write(tmp_path: Path, name: str, content: bytes | str | dict) -> str:
    path = tmp_path / name
    if isinstance(content, dict):
        content = json.dumps(content, ensure_ascii=False)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return str(path)


def test_valid_files_exit_0() -> None:
    out = run("validate", *sorted(str(p) for p in EXAMPLES.glob("*.json")))
    assert out.returncode == 0
    assert "cas1-cabinet-infirmier.json : valide" in out.stdout
    assert "avertissement" in out.stdout  # case 4 has warnings, which do not fail
    assert out.stderr == ""


def test_errors_exit_1_with_french_findings_naming_file_and_path(tmp_path: Path) -> None:
    data = example(2)
    data["people"][0]["rpps"] = "10101201234"
    bad = write(tmp_path, "bad.json", data)
    good = str(EXAMPLES / "cas1-cabinet-infirmier.json")
    out = run("validate", good, bad)
    assert out.returncode == 1
    assert f"{bad} : 2 erreur(s), 0 avertissement(s)" in out.stdout
    assert "people[0].rpps [person.rpps.invalid] Numéro RPPS invalide « 10101201234 »" in out.stdout
    assert "Traceback" not in out.stdout + out.stderr


def test_json_output(tmp_path: Path) -> None:
    data = draft(2)
    data["mailboxes"][0]["local_part"] = "Cabinet"
    bad = write(tmp_path, "bad.json", data)
    out = run("validate", "--draft", "--json", bad, str(EXAMPLES / "cas2-cabinet-medical.json"))
    assert out.returncode == 1
    reports = json.loads(out.stdout)
    assert [r["reading"] for r in reports] == ["draft", "draft"]
    assert [r["file"] for r in reports] == [bad, str(EXAMPLES / "cas2-cabinet-medical.json")]
    assert reports[1]["findings"] == []
    finding = next(f for f in reports[0]["findings"] if f["path"] == "mailboxes[0].local_part")
    assert set(finding) == {"severity", "code", "path", "message"}
    assert finding["severity"] == "error"
    assert "cabinet" in finding["message"]  # the suggestion


def test_english(tmp_path: Path) -> None:
    data = example(2)
    data["people"][0]["rpps"] = "10101201234"
    out = run("--lang", "en", "validate", write(tmp_path, "bad.json", data))
    assert out.returncode == 1
    assert "Invalid RPPS number" in out.stdout
    assert "error people[0].rpps" in out.stdout


HOSTILE = {
    "empty.json": b"",
    "blank.json": b"  \n ",
    "binary.json": bytes(range(256)) * 4,
    "latin1.json": '{"structure": {"name": "Cabinet é"}}'.encode("latin-1"),
    "truncated.json": b'{"structure": {"name": ',
    "array.json": b"[1, 2, 3]",
    "string.json": b'"bonjour"',
    "null.json": b"null",
    "nan.json": b'{"version": NaN}',
    "duplicate.json": b'{"version": 1, "version": 2}',
    "deep.json": b"[" * 100_000 + b"]" * 100_000,
    "deep-object.json": b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_unreadable_files_exit_2_without_traceback(tmp_path: Path, name: str) -> None:
    out = run("validate", write(tmp_path, name, HOSTILE[name]))
    assert out.returncode == 2, out.stdout + out.stderr
    assert "Traceback" not in out.stdout + out.stderr
    assert name in out.stdout
    assert "erreur $" in out.stdout


def test_missing_file_and_folder_exit_2(tmp_path: Path) -> None:
    out = run("validate", str(tmp_path / "absent.json"), str(tmp_path))
    assert out.returncode == 2
    assert out.stdout.count("Fichier illisible") == 2
    assert "Traceback" not in out.stderr


def test_exit_2_wins_over_1(tmp_path: Path) -> None:
    bad = example(1)
    bad["version"] = 2
    out = run("validate", write(tmp_path, "bad.json", bad), write(tmp_path, "empty.json", b""))
    assert out.returncode == 2


def test_wrong_types_exit_1(tmp_path: Path) -> None:
    data = example(1)
    data["people"] = {"p1": "x"}
    data["mailboxes"][0]["liste_rouge"] = "non"
    out = run("validate", write(tmp_path, "types.json", data))
    assert out.returncode == 1
    assert "people [schema.type] Type incorrect : il faut une liste (les professionnels)." in out.stdout
    assert "mailboxes[0].liste_rouge [schema.type]" in out.stdout


def test_thirty_megabyte_file(tmp_path: Path) -> None:
    data = example(2)
    person = data["people"][1]
    # About 30 MB of people: the file is huge but valid JSON; validate must answer, not crash.
    data["people"] = [dict(person, id=f"p{i}", last_name="N" * 100) for i in range(110_000)]
    path = write(tmp_path, "huge.json", data)
    assert os.path.getsize(path) > 25_000_000
    out = run("validate", "--json", path)
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    reports = json.loads(out.stdout)
    assert any(f["code"] == "person.rpps.duplicate" for f in reports[0]["findings"])


def test_usage_errors_are_french_and_exit_2() -> None:
    out = run("validate")
    assert out.returncode == 2
    assert "arguments obligatoires manquants : FILE" in out.stderr
    assert "Traceback" not in out.stderr
    out = run("--lang", "xx", "validate", "f.json")
    assert "choix invalide : 'xx'" in out.stderr
    out = run("validate", "--nope", "f.json")
    assert "arguments non reconnus : --nope" in out.stderr
    out = run("--lang", "en", "validate")
    assert "the following arguments are required: FILE" in out.stderr


def test_version_and_help() -> None:
    from wizard import __version__

    out = run("--version")
    assert out.returncode == 0 and out.stdout.strip() == f"balorg {__version__}"
    out = run("--help")
    assert out.returncode == 0
    assert "utilisation : balorg" in out.stdout
    assert "validate" in out.stdout and "schema" in out.stdout
    out = run("--lang", "en", "--help")
    assert "usage: balorg" in out.stdout
    out = run("validate", "--help")
    assert out.stdout.startswith("utilisation : balorg validate")
    assert "utilisation : utilisation" not in out.stdout


def test_an_exported_request_is_read_whole_and_a_draft_with_draft(tmp_path: Path) -> None:
    """By default a file must be a complete request as exported; --draft reads a work in progress."""
    unfinished = write(tmp_path, "brouillon.json", draft(2))
    out = run("validate", unfinished)
    assert out.returncode == 1
    assert out.stdout.splitlines()[0].startswith("Lecture : demande exportée")
    for path in ("exported_at", "generator", "structure.idnat_struct", "eligibility.outcome",
                 "mailboxes[0].address", "mailboxes[0].annuaire"):
        assert f"erreur {path} [schema.required] Champ obligatoire absent." in out.stdout
    out = run("validate", "--draft", unfinished)
    assert out.returncode == 0, out.stdout
    assert out.stdout.splitlines()[0] == "Lecture : brouillon (travail en cours, --draft)"
    assert f"{unfinished} : valide" in out.stdout
    out = run("--lang", "en", "validate", unfinished)
    assert out.stdout.splitlines()[0].startswith("Reading: exported request")


def test_a_null_directory_entry_and_blank_text_are_not_valid(tmp_path: Path) -> None:
    data = example(2)
    data["mailboxes"][0]["annuaire"] = None
    out = run("validate", write(tmp_path, "null.json", data))
    assert out.returncode == 1
    assert "mailboxes[0].annuaire [schema.type] Type incorrect : il faut un objet (la fiche de l'annuaire)." in out.stdout
    data = example(2)
    data["mailboxes"][0]["description"] = "   "
    out = run("validate", write(tmp_path, "blank.json", data))
    assert out.returncode == 1
    assert "mailboxes[0].description [text.untrimmed]" in out.stdout
    data = example(2)
    data["structure"]["identifier"] = None
    data["structure"]["idnat_struct"] = None
    out = run("validate", "--draft", write(tmp_path, "sans-siret.json", data))
    assert out.returncode == 1
    assert "structure.identifier [structure.identifier.missing]" in out.stdout
