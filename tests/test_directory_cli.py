"""`balorg directory ...` and `balorg validate` with a directory, as a user runs them (subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.gen_extraction import generate, line
from tests.conftest import EXAMPLES, REPO

LILAS = "cabinet-des-lilas.93260@medecin.mssante.fr"
CASE2 = EXAMPLES / "cas2-cabinet-medical.json"


def balorg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wizard", *args], capture_output=True, text=True, cwd=REPO, env=os.environ.copy(), timeout=120)


@pytest.fixture
def extraction(tmp_path: Path) -> Path:
    path = tmp_path / "extraction.txt"
    generate(path, 1500, seed=2, extra=[line("ORG", LILAS, "Cabinet médical des Lilas", "93260", "Les Lilas")])
    return path


def test_import_prints_plain_progress_and_a_summary(extraction: Path) -> None:
    done = balorg("directory", "import", str(extraction))
    assert done.returncode == 0, done.stderr
    assert "Lecture : 100 %" in done.stderr  # not a terminal: plain lines, no bar
    assert "\x1b[" not in done.stderr
    out = done.stdout
    assert "Annuaire importé depuis" in out and str(extraction) in out
    for label in ("lignes lues", "adresses retenues", "lignes ignorées (mal formées)", "par type de BAL", "PER", "ORG"):
        assert label in out


def test_import_errors_are_one_french_line(tmp_path: Path) -> None:
    done = balorg("directory", "import", str(tmp_path / "absent.txt"))
    assert done.returncode == 2
    assert done.stderr.startswith("balorg directory : impossible de lire")
    assert "Traceback" not in done.stderr
    junk = tmp_path / "junk.csv"
    junk.write_text("a,b\n1,2\n", encoding="utf-8")
    done = balorg("directory", "import", str(junk))
    assert done.returncode == 2
    assert "n'est pas une liste que balorg importe" in done.stderr and "La liste précédente est conservée" in done.stderr
    # It names the files it takes.
    assert "Extraction_Correspondance_MSSante" in done.stderr and "PS_LibreAcces_Personne_activite" in done.stderr


def test_status_before_and_after_import(extraction: Path) -> None:
    done = balorg("directory", "status")
    assert done.returncode == 0
    assert "Aucun annuaire importé" in done.stdout
    assert json.loads(balorg("directory", "status", "--json").stdout) == {"loaded": False, "lists": {"addresses": None, "rpps": None}}
    balorg("directory", "import", str(extraction))
    done = balorg("directory", "status")
    assert done.returncode == 0
    assert "Annuaire importé le" in done.stdout and str(extraction) in done.stdout
    info = json.loads(balorg("directory", "status", "--json").stdout)
    assert info["loaded"] is True
    assert info["summary"]["source"] == str(extraction)
    assert info["summary"]["kept"] > 1400
    assert info["path"].endswith("directory.bin")


def test_check_exact_and_close(extraction: Path) -> None:
    assert balorg("directory", "check", LILAS).returncode == 2  # nothing imported yet
    balorg("directory", "import", str(extraction))

    done = balorg("directory", "check", LILAS)
    assert done.returncode == 1
    assert done.stdout.startswith(f"{LILAS} : existe déjà : Cabinet médical des Lilas (ORG, 93260).")

    done = balorg("directory", "check", "cabinetdeslilas.93260@medecin.mssante.fr")
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[0] == "cabinetdeslilas.93260@medecin.mssante.fr : absente des adresses connues."
    assert lines[1] == "Adresses proches :"
    assert LILAS in lines[2] and "Cabinet médical des Lilas" in lines[2] and "[séparateurs]" in lines[2]

    result = json.loads(balorg("directory", "check", "--json", "cabinet-des-lilas.75019@infirmier.mssante.fr").stdout)
    assert result["exact"] is None
    first = result["close"][0]
    assert first["address"] == LILAS
    assert first["structure"] == "Cabinet médical des Lilas"
    assert set(first["reasons"]) == {"domain", "number"}
    assert 0 < first["score"] < 100


def test_check_in_english(extraction: Path) -> None:
    balorg("directory", "import", str(extraction))
    done = balorg("--lang", "en", "directory", "check", "cabinet-des-lilas.93260@infirmier.mssante.fr")
    assert "not among the known addresses" in done.stdout
    assert "Close addresses:" in done.stdout and "[other domain]" in done.stdout


def test_validate_uses_the_directory_once_imported(extraction: Path) -> None:
    assert balorg("validate", str(CASE2)).returncode == 0
    balorg("directory", "import", str(extraction))
    done = balorg("validate", str(CASE2))
    assert done.returncode == 1
    assert "[mailbox.address.exists]" in done.stdout and "Cabinet médical des Lilas" in done.stdout

    near = Path(os.environ["BALORG_DATA_DIR"]) / "near.json"
    data = json.loads(CASE2.read_text(encoding="utf-8"))
    data["mailboxes"][0]["local_part"] = "cabinet-lilas.93260"
    data.pop("annuaire", None)  # derived from the address: dropped rather than recomputed here
    near.write_text(json.dumps(data), encoding="utf-8")
    report = json.loads(balorg("validate", "--json", str(near)).stdout)[0]
    close = [f for f in report["findings"] if f["code"] == "mailbox.address.close"]
    assert close and close[0]["severity"] == "warning"
    assert LILAS in close[0]["message"]


def test_validate_without_a_list_loads_nothing_heavy() -> None:
    code = """
import contextlib, io, json, sys
from wizard.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(["validate", sys.argv[1]])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""
    out = subprocess.run([sys.executable, "-c", code, str(CASE2)], capture_output=True, text=True, cwd=REPO, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["code"] == 0
    modules = set(result["modules"])
    assert not {m for m in modules if m.split(".")[0] in ("rapidfuzz", "textual", "tinydb")}
    assert "wizard.store.directory.index" not in modules


def test_directory_commands_never_import_textual(extraction: Path) -> None:
    code = """
import contextlib, io, json, sys
from wizard.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    main(["directory", "import", sys.argv[1]])
    main(["directory", "check", "cabinet-des-lilas.93260@medecin.mssante.fr"])
print(json.dumps(sorted(sys.modules)))
"""
    out = subprocess.run([sys.executable, "-c", code, str(extraction)], capture_output=True, text=True, cwd=REPO, check=True)
    modules = json.loads(out.stdout.strip().splitlines()[-1])
    assert not [m for m in modules if m.split(".")[0] == "textual"]


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_import_draws_a_progress_bar_on_a_terminal(extraction: Path) -> None:
    import pty

    leader, follower = pty.openpty()
    try:
        done = subprocess.run([sys.executable, "-m", "wizard", "directory", "import", str(extraction)], stdout=subprocess.PIPE,
                              stderr=follower, cwd=REPO, env={**os.environ, "COLUMNS": "100"}, timeout=120)
        os.close(follower)
        follower = -1
        drawn = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            drawn += chunk
    finally:
        if follower >= 0:
            os.close(follower)
        os.close(leader)
    assert done.returncode == 0
    text = drawn.decode("utf-8", "replace")
    assert "Lecture" in text and "100%" in text and "\u2501" in text  # rich's bar, not the plain lines
    assert "Lecture : " not in text
    assert b"Annuaire import" in done.stdout


def test_a_damaged_list_is_named_by_status_and_check(extraction: Path) -> None:
    balorg("directory", "import", str(extraction))
    path = Path(os.environ["BALORG_DATA_DIR"]) / "directory.bin"
    path.write_bytes(path.read_bytes()[:1000])
    for args, status in ((("status",), 1), (("check", LILAS), 2)):  # check: 1 would say the address exists
        done = balorg("directory", *args)
        assert done.returncode == status
        assert "illisible" in done.stderr and "importez-la de nouveau" in done.stderr
        assert "Traceback" not in done.stderr
    done = balorg("validate", str(CASE2))  # validate goes on without the list, and says so
    assert done.returncode == 0
    assert done.stderr.startswith("Annuaire des adresses ignoré")


def test_directory_alone_shows_the_status_and_help_is_clean() -> None:
    done = balorg("directory")
    assert done.returncode == 0 and "Aucun annuaire importé" in done.stdout
    usage = balorg("directory", "check", "--help").stdout.splitlines()[0]
    assert usage.startswith("utilisation : balorg directory check ")
    assert usage.count("utilisation") == 1
