"""Export: refused while errors remain, derived fields written, deterministic, atomic, private."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.factories import draft
from wizard.model.examples import EXAMPLES
from wizard.model.export import ExportBlocked, default_file_name, export_bytes, export_to, exported_data
from wizard.model.request import Request


def test_export_refused_while_errors_remain(tmp_path: Path) -> None:
    data = draft(2)
    data["people"][0]["rpps"] = "10101201234"
    request = Request.from_data(data)
    target = tmp_path / "out.json"
    with pytest.raises(ExportBlocked) as blocked:
        export_to(request, target)
    assert any(f.code == "person.rpps.invalid" for f in blocked.value.findings)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind


def test_export_writes_derived_fields() -> None:
    data = exported_data(Request.from_data(draft(2)))
    assert data["structure"]["idnat_struct"] == "2404833048"
    assert data["structure"]["department"] == "93"
    assert data["structure"]["region"] == "Île-de-France"
    assert data["eligibility"]["outcome"] == "eligible"
    assert data["eligibility"]["advice"] == []
    mailbox = data["mailboxes"][0]
    assert mailbox["address"] == "cabinet-des-lilas.93260@medecin.mssante.fr"
    assert data["generator"]["name"] == "balorg"
    assert data["exported_at"].endswith("Z")


def test_annuaire_fragment_is_the_directory_contact_point() -> None:
    mailbox = exported_data(Request.from_data(draft(2)))["mailboxes"][0]
    annuaire = mailbox["annuaire"]
    assert annuaire["system"] == "email"
    assert annuaire["value"] == mailbox["address"]
    email_type, metadata = annuaire["extension"]
    assert email_type["url"].endswith("fr-core-contact-point-email-type")
    assert email_type["valueCoding"]["code"] == "MSSANTE"
    assert metadata["url"].endswith("as-ext-mailbox-mss-metadata")
    sub = {e["url"]: e for e in metadata["extension"]}
    assert sub["type"]["valueCodeableConcept"]["coding"][0]["code"] == "ORG"
    assert sub["description"]["valueString"] == "Cabinet médical de groupe des Lilas"
    # The ANS extension's "responsible" holds the coordinates of the person in charge: the
    # principal's name and profession, and how to reach them (here through the request's contact).
    assert sub["responsible"]["valueString"] == "David Fontaine (Médecin) – secretariat@example.org"
    assert sub["service"]["valueString"] == "Secrétariat"
    assert sub["listeRouge"]["valueBoolean"] is False


def test_liste_rouge_carried_to_the_directory_fragment() -> None:
    data = exported_data(EXAMPLES["cas4-ministere-interieur.json"]())
    flags = [
        next(e for e in m["annuaire"]["extension"][1]["extension"] if e["url"] == "listeRouge")["valueBoolean"]
        for m in data["mailboxes"]
    ]
    assert flags == [False, False, False, True]


def test_same_draft_gives_identical_bytes_but_for_exported_at() -> None:
    request = Request.from_data(draft(4))
    first = export_bytes(request, exported_at="2026-01-01T00:00:00Z")
    second = export_bytes(Request.from_data(draft(4)), exported_at="2026-01-01T00:00:00Z")
    assert first == second
    third = json.loads(export_bytes(request))
    third["exported_at"] = "2026-01-01T00:00:00Z"
    assert json.dumps(third, ensure_ascii=False, indent=2) + "\n" == first.decode()


def test_export_is_utf8_and_keeps_french_text() -> None:
    raw = export_bytes(Request.from_data(draft(3)))
    assert "Réseau Cancérologie Villeurbanne".encode() in raw
    assert raw.endswith(b"\n")


def test_export_file_is_private_and_replaces_atomically(tmp_path: Path) -> None:
    target = tmp_path / "demande.json"
    target.write_text("ancien contenu", encoding="utf-8")
    export_to(Request.from_data(draft(1)), target)
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "bal-org-request"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demande.json"]


UNPRIVILEGED = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner"] if os.geteuid() == 0 else []


@pytest.mark.skipif(os.geteuid() == 0 and shutil.which("setpriv") is None, reason="root ignores permissions and setpriv is missing")
def test_export_to_read_only_folder_keeps_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "demande.json"
    target.write_text("ancien", encoding="utf-8")
    tmp_path.chmod(0o500)
    code = (
        "import sys; from tests.factories import draft; from wizard.model.request import Request; "
        "from wizard.model.export import export_to\n"
        "try:\n    export_to(Request.from_data(draft(1)), sys.argv[1])\n"
        "except OSError:\n    print('refused')\n"
    )
    try:
        out = subprocess.run([*UNPRIVILEGED, sys.executable, "-c", code, str(target)],
                             capture_output=True, text=True, cwd=REPO, timeout=60)
    finally:
        tmp_path.chmod(0o700)
    assert out.stdout.strip() == "refused", out.stderr
    assert target.read_text(encoding="utf-8") == "ancien"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demande.json"]


def test_full_disk_keeps_previous_file_and_leaves_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    target = tmp_path / "demande.json"
    target.write_text("ancien", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError):
        export_to(Request.from_data(draft(1)), target)
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "ancien"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demande.json"]


def test_default_file_name() -> None:
    request = Request.from_data(draft(3))
    assert default_file_name(request) == "bal-org-reseau-cancerologie-villeurbanne-2026-11-02.json"


def _responsible(data: dict) -> str:
    metadata = data["mailboxes"][0]["annuaire"]["extension"][1]["extension"]
    return next(e["valueString"] for e in metadata if e["url"] == "responsible")


def test_responsible_is_the_principal_and_a_way_to_reach_them() -> None:
    data = draft(2)
    # The principal's own coordinates come first when the request gives them...
    data["people"][0].update(email="david.fontaine@example.org", phone="06 12 34 56 78")
    assert _responsible(exported_data(Request.from_data(data))) == (
        "David Fontaine (Médecin) – david.fontaine@example.org – 06 12 34 56 78")
    # ...else the request's contact, named when it is someone else.
    data["people"][0].update(email=None, phone=None)
    data["contact"] = {"name": "Julie Martin", "email": "secretariat@example.org", "phone": "01 48 00 00 00"}
    assert _responsible(exported_data(Request.from_data(data))) == (
        "David Fontaine (Médecin) – via Julie Martin – secretariat@example.org – 01 48 00 00 00")


def test_export_without_a_structure_identifier_is_refused(tmp_path: Path) -> None:
    data = draft(2)
    data["structure"]["identifier"] = None
    with pytest.raises(ExportBlocked) as blocked:
        export_to(Request.from_data(data), tmp_path / "out.json")
    assert [f.code for f in blocked.value.findings if f.severity == "error"] == ["structure.identifier.missing"]
    assert not (tmp_path / "out.json").exists()


def test_blank_text_is_missing_and_exported_text_is_trimmed() -> None:
    data = draft(2)
    mailbox = data["mailboxes"][0]
    mailbox.update(description="   ", service="  Secrétariat  ", operator=" ")
    data["structure"]["name"] = "  Cabinet des Lilas  "
    data["structure"]["address"]["lines"] = ["  ", " 3 rue des Lilas "]
    data["people"][0]["email"] = "   "  # blank: absent, not an invalid e-mail
    exported = exported_data(Request.from_data(data))
    box = exported["mailboxes"][0]
    assert box["description"] is None and box["operator"] is None and box["service"] == "Secrétariat"
    assert exported["structure"]["name"] == "Cabinet des Lilas"
    assert exported["structure"]["address"]["lines"] == ["3 rue des Lilas"]
    assert exported["people"][0]["email"] is None
    urls = [e["url"] for e in box["annuaire"]["extension"][1]["extension"]]
    assert "description" not in urls  # a FHIR string holds more than spaces
    service = next(e for e in box["annuaire"]["extension"][1]["extension"] if e["url"] == "service")
    assert service["valueString"] == "Secrétariat"
    # Required text made of spaces only is missing, in the draft as on export.
    data["structure"]["name"] = "   "
    with pytest.raises(ExportBlocked) as blocked:
        exported_data(Request.from_data(data))
    assert ("structure.name.missing", "structure.name") in {(f.code, f.path) for f in blocked.value.findings}


def test_exported_files_pass_the_committed_schema_and_the_export_reading(tmp_path: Path) -> None:
    import jsonschema

    from wizard.model.rules import check

    schema = json.loads((REPO / "schema" / "bal-org-request.v1.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    for build in EXAMPLES.values():
        data = json.loads(export_bytes(build()))
        assert not list(validator.iter_errors(data))
        assert not [f for f in check(data, reading="export") if f.severity == "error"]
