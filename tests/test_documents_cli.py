"""`balorg documents` as a practice or an advisor runs it: in a subprocess, on real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, REPO

BALORG = [sys.executable, "-m", "wizard"]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*BALORG, *args], capture_output=True, text=True, cwd=cwd or REPO, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO)})


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.json")))
def test_each_example_gives_four_private_files(example: str, tmp_path: Path) -> None:
    out = run("documents", str(EXAMPLES / example), "-o", str(tmp_path / "docs"))
    assert out.returncode == 0, out.stderr
    written = [Path(line) for line in out.stdout.splitlines()]
    assert [p.suffix for p in written] == [".md", ".html", ".txt", ".txt"]
    assert {p.name.rsplit("-", 2)[-2] + "-" + p.name.rsplit("-", 2)[-1] for p in written[2:]} == {
        "information-patients.txt", "annonce-partenaires.txt"}
    data = json.loads((EXAMPLES / example).read_text(encoding="utf-8"))
    for path in written:
        assert path.parent == tmp_path / "docs"
        assert path.stat().st_mode & 0o777 == 0o600
        text = path.read_text(encoding="utf-8")
        for mailbox in data["mailboxes"]:
            if not (mailbox["liste_rouge"] and "information-patients" in path.name):
                assert mailbox["address"] in text
    assert (tmp_path / "docs").stat().st_mode & 0o777 == 0o700
    assert sorted(p.name for p in (tmp_path / "docs").iterdir()) == sorted(p.name for p in written)
    if example.startswith("cas4"):
        assert "avertissement(s) encore ouverts" in out.stderr  # partners not informed yet
    else:
        assert out.stderr == ""


def test_default_output_is_the_current_folder(tmp_path: Path) -> None:
    out = run("documents", str(EXAMPLES / "cas2-cabinet-medical.json"), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "cabinet-des-lilas-annonce-partenaires.txt",
        "cabinet-des-lilas-information-patients.txt",
        "cabinet-des-lilas-recapitulatif.html",
        "cabinet-des-lilas-recapitulatif.md",
    ]


def test_english_documents_with_lang_en(tmp_path: Path) -> None:
    out = run("--lang", "en", "documents", str(EXAMPLES / "cas1-cabinet-infirmier.json"), "-o", str(tmp_path))
    assert out.returncode == 0, out.stderr
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "cabinet-infirmier-du-port-partners-announcement.txt",
        "cabinet-infirmier-du-port-patient-notice.txt",
        "cabinet-infirmier-du-port-summary.html",
        "cabinet-infirmier-du-port-summary.md",
    ]
    summary = (tmp_path / "cabinet-infirmier-du-port-summary.md").read_text(encoding="utf-8")
    assert "# BAL ORG request summary" in summary and "Cotitulaires" not in summary
    assert '<html lang="en">' in (tmp_path / "cabinet-infirmier-du-port-summary.html").read_text(encoding="utf-8")
    assert "Who can read it?" in (tmp_path / "cabinet-infirmier-du-port-patient-notice.txt").read_text(encoding="utf-8")


def test_a_draft_file_with_errors_is_still_written_and_its_findings_listed(tmp_path: Path) -> None:
    draft = tmp_path / "brouillon.json"
    draft.write_text(json.dumps({"structure": {"name": "Cabinet <b>Test</b>"}}), encoding="utf-8")
    out = run("documents", str(draft), "-o", str(tmp_path / "docs"))
    assert out.returncode == 0, out.stderr
    assert "erreur(s)" in out.stderr and "Points encore ouverts" in out.stderr
    html_file = tmp_path / "docs" / "cabinet-b-test-b-recapitulatif.html"
    html_text = html_file.read_text(encoding="utf-8")
    assert "Cabinet &lt;b&gt;Test&lt;/b&gt;" in html_text and "<b>" not in html_text
    assert "Nom de la structure" not in html_text  # the name is there, so no finding about it
    assert "Ajoutez au moins une BAL ORG." in html_text


@pytest.mark.parametrize(("content", "message"), [
    (b"", "Le fichier est vide."),
    (b"{", "n'est pas du JSON valide"),
    (b"\xff\xfe", "n'est pas encodé en UTF-8"),
    (b"[1, 2]", "doit contenir un objet JSON"),
    (b'{"structure": 3}', "structure : Type incorrect : il faut un objet (les informations de la structure)."),
    (b'{"nouvelle_cle": true}', "Clé inconnue « nouvelle_cle »"),
])
def test_bad_files_exit_2_with_a_french_message(tmp_path: Path, content: bytes, message: str) -> None:
    bad = tmp_path / "demande.json"
    bad.write_bytes(content)
    out = run("documents", str(bad), "-o", str(tmp_path / "docs"))
    assert out.returncode == 2
    assert message in out.stderr and "demande.json" in out.stderr
    assert "Traceback" not in out.stderr and out.stdout == ""
    assert not (tmp_path / "docs").exists()


def test_unknown_source_and_folder_as_source_exit_2(tmp_path: Path) -> None:
    out = run("documents", "4f1c2b7e-0000-0000-0000-000000000000", cwd=tmp_path)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "4f1c2b7e-0000-0000-0000-000000000000" in out.stderr
    assert list(tmp_path.iterdir()) == []
    folder = run("documents", str(tmp_path))
    assert folder.returncode == 2 and "Fichier illisible" in folder.stderr and "Traceback" not in folder.stderr


def test_unwritable_output_exits_1(tmp_path: Path) -> None:
    blocker = tmp_path / "pas-un-dossier"
    blocker.write_text("x", encoding="utf-8")
    out = run("documents", str(EXAMPLES / "cas1-cabinet-infirmier.json"), "-o", str(blocker))
    assert out.returncode == 1
    assert "Impossible d'écrire dans" in out.stderr and "Traceback" not in out.stderr
    assert blocker.read_text(encoding="utf-8") == "x"


def test_help_is_french_and_lists_the_command() -> None:
    out = run("--help")
    assert "documents" in out.stdout
    sub = run("documents", "--help")
    assert sub.returncode == 0 and "DRAFT_ID|FILE" in sub.stdout and "dossier où écrire" in sub.stdout


def test_documents_path_never_imports_textual(tmp_path: Path) -> None:
    code = (
        "import sys, contextlib, io\nfrom wizard.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main(['documents', {str(EXAMPLES / 'cas3-reseau.json')!r}, '-o', {str(tmp_path)!r}])\n"
        "print(code, sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert out.stdout.strip() == "0 []"


def _store_draft(request, name: str = "") -> str:  # type: ignore[no-untyped-def]
    from wizard.store.drafts import DraftStore

    store = DraftStore()  # in the test's private BALORG_DATA_DIR, which the subprocess inherits
    try:
        return store.create(request, name=name).id
    finally:
        store.close()


def test_a_draft_by_id_or_prefix(tmp_path: Path) -> None:
    from wizard.model.examples import case2_cabinet_medical

    draft_id = _store_draft(case2_cabinet_medical())
    out = run("documents", draft_id, "-o", str(tmp_path / "full"))
    assert out.returncode == 0, out.stderr
    summary = (tmp_path / "full" / "cabinet-des-lilas-recapitulatif.md").read_text(encoding="utf-8")
    assert "`cabinet-des-lilas.93260@medecin.mssante.fr`" in summary and "Fanny Petit" in summary
    assert "Fichier exporté" not in summary  # a draft, not an exported file
    short = run("documents", draft_id[:6], "-o", str(tmp_path / "short"))
    assert short.returncode == 0, short.stderr
    assert (tmp_path / "short" / "cabinet-des-lilas-recapitulatif.md").read_text(encoding="utf-8") == summary


def test_an_incomplete_draft_gives_documents_and_its_open_findings(tmp_path: Path) -> None:
    from wizard.model.request import Request, Structure

    draft_id = _store_draft(Request(structure=Structure(name="Cabinet [bold]Test[/bold]")))
    out = run("documents", draft_id, "-o", str(tmp_path))
    assert out.returncode == 0, out.stderr
    assert "erreur(s)" in out.stderr
    notice = (tmp_path / "cabinet-bold-test-bold-information-patients.txt").read_text(encoding="utf-8")
    assert "Cabinet [bold]Test[/bold]" in notice and "@" not in notice


def test_an_unknown_draft_with_a_store_present_exits_2(tmp_path: Path) -> None:
    from wizard.model.examples import case1_cabinet_infirmier

    _store_draft(case1_cabinet_infirmier())
    out = run("documents", "ffffffffffff", "-o", str(tmp_path / "docs"))
    assert out.returncode == 2
    assert "« ffffffffffff » : ni un fichier de demande, ni un brouillon connu." in out.stderr
    assert "Traceback" not in out.stderr and not (tmp_path / "docs").exists()
