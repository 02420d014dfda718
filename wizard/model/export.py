"""Export: the complete, checked request file an operator acts on.

What is written is what `balorg validate` reads as an exported request: every
text trimmed (a text blank once trimmed is absent: null where the format
allows it), every derived field filled, and the whole checked with the export
reading and with what this machine knows of existing addresses.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wizard import __version__
from wizard.fileio import atomic_write
from wizard.model import derive
from wizard.model.findings import Finding, has_errors
from wizard.model.request import Request, now_rfc3339
from wizard.model.rules import check
from wizard.model.structural import input_schema

if TYPE_CHECKING:
    from wizard.model.rules import KnownAddresses


class ExportBlocked(Exception):
    """The request still has errors; nothing was written."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        errors = [f for f in findings if f.severity == "error"]
        super().__init__(f"{len(errors)} error(s) block the export")


def exported_data(
    request: Request, *, exported_at: str | None = None, known: KnownAddresses | None = None
) -> dict[str, Any]:
    """The request as it will be written: texts trimmed, derived fields filled, generator and date set.

    Args:
        request: the draft's request.
        exported_at: the export date (default: now).
        known: what this machine knows of existing addresses (see
            :func:`wizard.model.rules.check`): an existing address blocks the export.

    Raises:
        ExportBlocked: while any error remains.
    """
    schema = input_schema()
    data = _trimmed(request.to_data(), schema, schema["$defs"])
    # First as the wizard reads a draft, so that what blocks is said as the wizard says it
    # ("identifier: required", not "structure.idnat_struct: text expected")...
    findings = check(data, derived=False, known=known)
    if has_errors(findings):
        raise ExportBlocked(findings)
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
    # ...then as `balorg validate` reads the file written: what the operator receives is valid.
    findings = check(data, reading="export")
    if has_errors(findings):
        raise ExportBlocked(findings)
    return data


def _trimmed(value: Any, schema: dict[str, Any], defs: dict[str, Any]) -> Any:
    """`value` with every text trimmed; a blank text becomes null where the schema allows null.

    Blank lines of a list of texts (the address lines) are dropped.
    """
    ref = schema.get("$ref")
    if ref:
        schema = defs[ref.rsplit("/", 1)[1]]
    nullable = False
    if "anyOf" in schema:
        branches = schema["anyOf"]
        nullable = any(b.get("type") == "null" for b in branches)
        kinds = {"string": str, "object": dict, "array": list}
        chosen = next((b for b in branches if _kind(b, defs) in kinds and type(value) is kinds[_kind(b, defs)]), None)
        if chosen is None:
            return value
        return _trimmed(value, chosen, defs) if type(value) is not str else (value.strip() or (None if nullable else ""))
    if type(value) is str:
        return value.strip()
    if type(value) is dict:
        properties = schema.get("properties", {})
        return {k: _trimmed(v, properties[k], defs) if k in properties else v for k, v in value.items()}
    if type(value) is list:
        items = schema.get("items", {})
        out = [_trimmed(v, items, defs) for v in value]
        return [v for v in out if v != ""] if _kind(items, defs) == "string" else out
    return value


def _kind(schema: dict[str, Any], defs: dict[str, Any]) -> str:
    ref = schema.get("$ref")
    if ref:
        schema = defs[ref.rsplit("/", 1)[1]]
    return str(schema.get("type") or ("string" if "enum" in schema else ""))


def export_bytes(
    request: Request, *, exported_at: str | None = None, known: KnownAddresses | None = None
) -> bytes:
    """The exported file's bytes: UTF-8 JSON, keys in the format's order, 2-space indent."""
    text = json.dumps(exported_data(request, exported_at=exported_at, known=known), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def export_to(
    request: Request, path: Path, *, exported_at: str | None = None, known: KnownAddresses | None = None
) -> Path:
    """Write the exported request to `path` atomically, readable by the user alone.

    Args:
        known: what this machine knows of existing addresses: pass it from
            every door (the wizard, `balorg export`), so that an existing
            address is never written.

    Raises:
        ExportBlocked: while any error remains (nothing is written).
        OSError: when the file cannot be written (the previous file is kept).
    """
    atomic_write(Path(path), export_bytes(request, exported_at=exported_at, known=known))
    return Path(path)


def default_file_name(request: Request) -> str:
    """A sensible file name: ``bal-org-<structure>-<date>.json``."""
    from wizard.model.naming import transliterate

    slug = transliterate(request.structure.name.replace(".", " ")) or "demande"
    return f"bal-org-{slug[:40].rstrip('-._')}-{request.created_at[:10]}.json"
