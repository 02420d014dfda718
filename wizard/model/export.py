"""Export: the complete, checked request file an operator acts on."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from wizard import __version__
from wizard.fileio import atomic_write
from wizard.model import derive
from wizard.model.findings import Finding, has_errors
from wizard.model.request import Request, now_rfc3339
from wizard.model.rules import check


class ExportBlocked(Exception):
    """The request still has errors; nothing was written."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        errors = [f for f in findings if f.severity == "error"]
        super().__init__(f"{len(errors)} error(s) block the export")


def exported_data(request: Request, *, exported_at: str | None = None) -> dict[str, Any]:
    """The request as it will be written: derived fields filled, generator and date set.

    Raises:
        ExportBlocked: while any error remains.
    """
    data = request.to_data()
    structure = data["structure"]
    structure["idnat_struct"] = derive.idnat_struct(structure)
    structure["department"] = derive.department(structure)
    structure["region"] = derive.region(structure)
    data["eligibility"]["outcome"] = derive.outcome(data["eligibility"])
    data["eligibility"]["advice"] = derive.advice(data)
    for mailbox in data["mailboxes"]:
        mailbox["address"] = derive.address(mailbox)
        mailbox["annuaire"] = derive.annuaire(data, mailbox)
    data["generator"] = {"name": "balorg", "version": __version__}
    data["exported_at"] = exported_at or now_rfc3339()
    findings = check(data)
    if has_errors(findings):
        raise ExportBlocked(findings)
    return data


def export_bytes(request: Request, *, exported_at: str | None = None) -> bytes:
    """The exported file's bytes: UTF-8 JSON, keys in the format's order, 2-space indent."""
    text = json.dumps(exported_data(request, exported_at=exported_at), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def export_to(request: Request, path: Path, *, exported_at: str | None = None) -> Path:
    """Write the exported request to `path` atomically, readable by the user alone.

    Raises:
        ExportBlocked: while any error remains (nothing is written).
        OSError: when the file cannot be written (the previous file is kept).
    """
    atomic_write(Path(path), export_bytes(request, exported_at=exported_at))
    return Path(path)


def default_file_name(request: Request) -> str:
    """A sensible file name: ``bal-org-<structure>-<date>.json``."""
    from wizard.model.naming import transliterate

    slug = transliterate(request.structure.name.replace(".", " ")) or "demande"
    return f"bal-org-{slug[:40].rstrip('-._')}-{request.created_at[:10]}.json"
