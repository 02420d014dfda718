"""Issue 13 from the user's side: both public lists imported (as text and from their ZIPs), then the
same findings from `validate`, `export`'s rules, the drafts list and the documents; `directory status`
and `directory who`; damaged and refused files. Everything through `balorg` as a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES, REPO
from tests.facts_lists import (
    ADDRESS_FILE,
    ADELI,
    FONTAINE,
    MOREAU,
    PETIT,
    RPPS_FILE,
    SITE_SIRET,
    address_lines,
    rpps_lines,
    write_addresses,
    write_rpps,
    zipped,
)

CASE2 = EXAMPLES / "cas2-cabinet-medical.json"
FACT_CODES = {"person.directory.unknown", "person.directory.last_name", "person.directory.first_name",
              "person.directory.profession", "person.directory.adeli", "structure.directory.site", "mailbox.domain.unknown"}


def balorg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wizard", *args], capture_output=True, text=True, cwd=REPO, env=os.environ.copy(), timeout=120)


def data_dir() -> Path:
    return Path(os.environ["BALORG_DATA_DIR"])


@pytest.fixture
def lists(tmp_path: Path) -> tuple[Path, Path]:
    """Both lists imported, each from the ZIP as downloaded."""
    rpps = zipped(write_rpps(tmp_path), tmp_path / "PS_LibreAcces_202612010930.zip",
                  others=("PS_LibreAcces_Dipl_AutExerc_202612010930.txt", "PS_LibreAcces_SavoirFaire_202612010930.txt"))
    addresses = zipped(write_addresses(tmp_path), tmp_path / "Extraction_Correspondance_MSSante_202611300800.zip")
    for archive in (rpps, addresses):
        done = balorg("directory", "import", str(archive))
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
    return rpps, addresses


def spoiled(tmp_path: Path) -> Path:
    """Case 2 with one of each fact wrong."""
    data = json.loads(CASE2.read_text(encoding="utf-8"))
    data["people"][0]["last_name"] = "Fontenay"  # FONTAINE in the directory
    data["people"][0]["profession_code"] = "60"  # a médecin in the directory
    data["people"][1]["rpps"] = "10000678895"  # well formed, listed nowhere
    data["structure"]["identifier"] = {"type": "SIRET", "value": SITE_SIRET}  # Dr Fontaine's site, another name
    data["mailboxes"][0]["domain"] = "medcin.mssante.fr"
    _derive(data)  # an exported request as the operator gets it: its derived fields agree
    path = tmp_path / "spoiled.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _derive(data: dict[str, Any]) -> None:
    from wizard.model.derive import derived_fields

    for path, value in derived_fields(data).items():
        *parents, last = path.replace("[", ".").replace("]", "").split(".")
        place: Any = data
        for part in parents:
            place = place[int(part)] if part.isdigit() else place[part]
        place[last] = value


def fact_findings(findings: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return sorted((f["code"], f["path"]) for f in findings if f["code"] in FACT_CODES)


EXPECTED = sorted([
    ("person.directory.last_name", "people[0].last_name"), ("person.directory.profession", "people[0].profession_code"),
    ("person.directory.unknown", "people[1].rpps"), ("structure.directory.site", "structure.name"),
    ("mailbox.domain.unknown", "mailboxes[0].domain"),
])


def test_both_lists_import_from_their_zips_and_status_says_each(lists: tuple[Path, Path]) -> None:
    for name in ("directory.bin", "rpps.bin"):
        path = data_dir() / name
        assert path.stat().st_mode & 0o777 == 0o600
    done = balorg("directory", "status")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Annuaire importé le" in out and "(liste du 30/11/2026)" in out and ADDRESS_FILE in out
    assert "Annuaire RPPS importé le" in out and "(liste du 01/12/2026)" in out and RPPS_FILE in out
    assert "5 personnes, 6 activités" in out and "7 lignes lues, 1 ignorées" in out
    info = json.loads(balorg("directory", "status", "--json").stdout)
    rpps = info["lists"]["rpps"]
    assert info["loaded"] is True and rpps["list_date"] == "2026-12-01" and info["lists"]["addresses"]["list_date"] == "2026-11-30"
    assert (rpps["summary"]["rows"], rpps["summary"]["persons"], rpps["summary"]["skipped"]) == (7, 5, 1)
    assert info["lists"]["addresses"]["summary"]["kept"] == len(address_lines())
    assert rpps["path"].endswith("rpps.bin") and RPPS_FILE in rpps["summary"]["source"]


def test_the_text_files_import_too_and_a_new_list_replaces_the_old(tmp_path: Path) -> None:
    first = write_rpps(tmp_path)
    assert balorg("directory", "import", str(first)).returncode == 0
    assert balorg("directory", "who", MOREAU).returncode == 0
    newer = write_rpps(tmp_path, [line for line in rpps_lines() if MOREAU not in line], "PS_LibreAcces_Personne_activite_202612020930.txt")
    done = balorg("directory", "import", str(newer))
    assert done.returncode == 0 and "Annuaire RPPS importé depuis" in done.stdout and "liste du 02/12/2026" in done.stdout
    assert balorg("directory", "who", MOREAU).returncode == 1
    assert sorted(p.name for p in data_dir().iterdir() if p.name.endswith(".bin") or p.name.startswith(".")) == ["rpps.bin"]


def test_who_says_what_the_lists_say(lists: tuple[Path, Path]) -> None:
    done = balorg("directory", "who", FONTAINE)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith("Docteur FONTAINE David\n")
    for part in ("RPPS : 10000456789", "profession : Médecin (10)", "lieux d'exercice (1)", "CABINET MEDICAL DES LILAS (SIRET 40483304800022)",
                 "3 RUE DE PARIS, 93260 LES LILAS — Libéral", "adresses MSSanté personnelles : d.fontaine@pro.mssante.fr, david.fontaine@medecin.mssante.fr",
                 "source : annuaire RPPS, liste du 01/12/2026"):
        assert part in out, out
    nurse = balorg("directory", "who", "100 006 789 03")  # typed in groups
    assert nurse.returncode == 0 and "CHU DE NANTES (FINESS 440000289)" in nurse.stdout and "Salarié" in nurse.stdout
    assert "anne-sophie.moreau@ch-nantes.mssante.fr" in nurse.stdout
    alone = balorg("directory", "who", PETIT)
    assert alone.returncode == 0 and "aucun lieu d'exercice" in alone.stdout and "aucune adresse MSSanté personnelle" in alone.stdout
    answer = json.loads(balorg("directory", "who", "--json", FONTAINE).stdout)
    assert answer["found"] is True and answer["list_date"] == "2026-12-01"
    person = answer["person"]
    assert (person["last_name"], person["first_name"], person["profession_code"], person["civility"]) == ("FONTAINE", "DAVID", "10", "Docteur")
    assert person["sites"][0]["siret"] == SITE_SIRET and person["sites"][0]["postal_code"] == "93260"
    assert person["mailboxes"] == ["d.fontaine@pro.mssante.fr", "david.fontaine@medecin.mssante.fr"]
    absent = balorg("directory", "who", "10000678895")
    assert absent.returncode == 1 and "absent de l'annuaire RPPS importé (liste du 01/12/2026)" in absent.stdout
    assert json.loads(balorg("directory", "who", "--json", "10000678895").stdout)["found"] is False
    wrong = balorg("directory", "who", "12345")
    assert wrong.returncode == 2 and "n'est pas un numéro RPPS" in wrong.stderr


def test_who_without_a_directory_exits_2_and_says_how_to_get_one() -> None:
    done = balorg("directory", "who", FONTAINE)
    assert done.returncode == 2 and "Aucun annuaire RPPS importé" in done.stderr and "PS_LibreAcces_Personne_activite" in done.stderr


def test_validate_gives_each_fact_and_the_same_as_the_model(lists: tuple[Path, Path], tmp_path: Path) -> None:
    path = spoiled(tmp_path)
    done = balorg("validate", "--json", str(path))
    answer = json.loads(done.stdout)[0]
    assert fact_findings(answer["findings"]) == EXPECTED
    assert all(f["severity"] == "warning" for f in answer["findings"] if f["code"] in FACT_CODES)
    text = balorg("validate", str(path)).stdout
    assert "aucune BAL connue sous ce domaine".casefold() in text.casefold() and "« FONTAINE »" in text
    # In-process, the rules with the lists loaded the same way give the same.
    from wizard.model.rules import check
    from wizard.store.directory import load_known

    known = load_known()
    mine = [f.to_dict() for f in check(json.loads(path.read_text(encoding="utf-8")), reading="export", known=known)]
    assert fact_findings(mine) == EXPECTED
    assert [f for f in mine if f["code"] in FACT_CODES] == [f for f in answer["findings"] if f["code"] in FACT_CODES]


def test_an_adeli_only_professional_is_told_through_validate(lists: tuple[Path, Path], tmp_path: Path) -> None:
    data = json.loads(CASE2.read_text(encoding="utf-8"))
    data["people"][1]["rpps"] = ADELI
    path = tmp_path / "adeli.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    findings = json.loads(balorg("validate", "--json", str(path)).stdout)[0]["findings"]
    adeli = [f for f in findings if f["code"] == "person.directory.adeli"]
    assert len(adeli) == 1 and adeli[0]["path"] == "people[1].rpps"
    assert "numéro ADELI de Madame LE-GOFF Marie" in adeli[0]["message"] and "un cotitulaire doit avoir un RPPS" in adeli[0]["message"]


def test_without_the_lists_none_of_it_is_said(tmp_path: Path) -> None:
    findings = json.loads(balorg("validate", "--json", str(spoiled(tmp_path))).stdout)[0]["findings"]
    assert fact_findings(findings) == []


def test_the_drafts_list_counts_the_facts_and_the_documents_list_them(lists: tuple[Path, Path], tmp_path: Path) -> None:
    imported = balorg("drafts", "import", str(spoiled(tmp_path)))
    assert imported.returncode == 0, imported.stderr
    entry = json.loads(balorg("drafts", "--json").stdout)[0]
    warnings = entry["warnings"]
    assert warnings >= len(EXPECTED)
    out = tmp_path / "docs"
    done = balorg("documents", entry["id"], "-o", str(out))
    assert done.returncode == 0, done.stderr
    summary = next(p for p in out.iterdir() if p.name.endswith("-recapitulatif.md"))
    text = summary.read_text(encoding="utf-8")
    assert "aucune BAL connue sous ce domaine".casefold() in text.casefold()
    assert "RPPS 10000678895 absent de l'annuaire RPPS importé" in text


def test_without_the_lists_the_drafts_list_counts_fewer(tmp_path: Path) -> None:
    imported = balorg("drafts", "import", str(spoiled(tmp_path)))
    assert imported.returncode == 0, imported.stderr
    entry = json.loads(balorg("drafts", "--json").stdout)[0]
    write_rpps(tmp_path)
    assert balorg("directory", "import", str(tmp_path / RPPS_FILE)).returncode == 0
    balorg("drafts", "import", str(spoiled(tmp_path)))
    entries = json.loads(balorg("drafts", "--json").stdout)
    assert max(e["warnings"] for e in entries) > entry["warnings"]


# -- bad input: a French message, exit 2, the previous list kept ------------------------------------

def _kept(before: dict[str, bytes]) -> None:
    for name, content in before.items():
        assert (data_dir() / name).read_bytes() == content, name
    assert not [p for p in data_dir().iterdir() if p.name.startswith(".")], "a temporary file was left"


@pytest.mark.parametrize("case", ["rpps_cut", "addresses_cut", "zip_truncated", "zip_neither", "unknown_header", "empty", "blank_lines",
                                  "zip_member_cut", "header_only"])
def test_bad_files_are_refused_in_french_and_the_lists_stay(lists: tuple[Path, Path], tmp_path: Path, case: str) -> None:
    before = {name: (data_dir() / name).read_bytes() for name in ("directory.bin", "rpps.bin")}
    rpps_zip, addresses_zip = lists
    bad = tmp_path / "bad"
    bad.mkdir()
    if case == "rpps_cut":
        text = write_rpps(tmp_path).read_bytes()
        path = bad / RPPS_FILE
        path.write_bytes(text[: len(text) - 40])
        expected = "s'arrête au milieu d'une ligne"
    elif case == "addresses_cut":
        text = write_addresses(tmp_path).read_bytes()
        path = bad / ADDRESS_FILE
        path.write_bytes(text[: len(text) - 30])
        expected = "s'arrête au milieu d'une ligne"
    elif case == "zip_truncated":
        path = bad / rpps_zip.name
        path.write_bytes(rpps_zip.read_bytes()[:300])
        expected = "est endommagé ou incomplet"
    elif case == "zip_member_cut":
        path = bad / addresses_zip.name
        content = bytearray(addresses_zip.read_bytes())
        content[80:90] = b"\x00" * 10  # inside the deflated data: its check fails
        path.write_bytes(bytes(content))
        expected = "est endommagé ou incomplet"
    elif case == "zip_neither":
        path = bad / "archive.zip"
        with zipfile.ZipFile(path, "w") as out:
            out.writestr("notes.txt", "rien\n")
        expected = "ne contient ni « Extraction_Correspondance_MSSante_….txt » ni « PS_LibreAcces_Personne_activite_….txt »"
    elif case == "unknown_header":
        path = bad / "liste.csv"
        path.write_text("nom;prénom;rpps\nDurand;Marie;10000456789\n", encoding="utf-8")
        expected = "n'est pas une liste que balorg importe"
    elif case == "empty":
        path = bad / RPPS_FILE
        path.write_bytes(b"")
        expected = "est vide"
    elif case == "blank_lines":
        path = bad / RPPS_FILE
        path.write_bytes(b"\n\n\n")
        expected = "est vide"
    else:
        path = write_rpps(bad, [])
        expected = "aucune ligne valide"
    done = balorg("directory", "import", str(path))
    assert done.returncode == 2, (done.stdout, done.stderr)
    # After the progress lines, if any (one a tenth when stderr is not a terminal), the message.
    message = next(line for line in done.stderr.splitlines() if not line.startswith("Lecture :"))
    assert message.startswith("balorg directory : "), done.stderr
    assert expected in done.stderr and "La liste précédente est conservée" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    _kept(before)
    assert balorg("directory", "who", FONTAINE).returncode == 0  # still in use


def test_the_export_carries_only_what_the_user_wrote(lists: tuple[Path, Path], tmp_path: Path) -> None:
    """Warnings do not block the export, and nothing of the lists goes into it unless the user took it."""
    imported = balorg("drafts", "import", str(spoiled(tmp_path)))
    assert imported.returncode == 0, imported.stderr
    draft_id = imported.stdout.strip().splitlines()[-1]
    target = tmp_path / "demande.json"
    done = balorg("export", draft_id, "-o", str(target))
    assert done.returncode == 0, done.stdout + done.stderr
    text = target.read_text(encoding="utf-8")
    exported = json.loads(text)
    assert exported["people"][0]["last_name"] == "Fontenay" and exported["people"][0]["profession_code"] == "60"
    assert exported["mailboxes"][0]["domain"] == "medcin.mssante.fr"
    for listed in ("FONTAINE", "CABINET MEDICAL DES LILAS", "3 RUE DE PARIS", "d.fontaine@pro.mssante.fr", "Docteur", "Libéral"):
        assert listed not in text, listed
    assert balorg("validate", str(target)).returncode == 0  # the operator's check agrees: warnings only
