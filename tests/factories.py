"""Building requests for tests: the sheet's examples as JSON data, to be broken one field at a time."""

from __future__ import annotations

import copy
import json
from typing import Any

from tests.conftest import EXAMPLES
from wizard.model.findings import Finding
from wizard.model.rules import check

CASES = {
    1: "cas1-cabinet-infirmier.json",
    2: "cas2-cabinet-medical.json",
    3: "cas3-reseau.json",
    4: "cas4-ministere-interieur.json",
}
_CACHE: dict[int, dict[str, Any]] = {}


def example(case: int = 2) -> dict[str, Any]:
    """A fresh copy of the committed example request `case` (a complete, valid export)."""
    if case not in _CACHE:
        _CACHE[case] = json.loads((EXAMPLES / CASES[case]).read_text(encoding="utf-8"))
    return copy.deepcopy(_CACHE[case])


def draft(case: int = 2) -> dict[str, Any]:
    """The example without its derived fields, as the wizard's draft would be."""
    data = example(case)
    for key in ("exported_at", "generator"):
        data.pop(key)
    for key in ("idnat_struct", "department", "region"):
        data["structure"].pop(key)
    for key in ("outcome", "advice"):
        data["eligibility"].pop(key)
    for mailbox in data["mailboxes"]:
        mailbox.pop("address")
        mailbox.pop("annuaire")
    return data


def findings(data: dict[str, Any]) -> list[Finding]:
    """Every finding for `data` (a copy is checked: `check` fills defaults in place)."""
    return check(copy.deepcopy(data))


def codes(data: dict[str, Any], severity: str | None = None) -> set[tuple[str, str]]:
    """``{(code, path)}`` of the findings, optionally of one severity."""
    return {(f.code, f.path) for f in findings(data) if severity is None or f.severity == severity}


def errors(data: dict[str, Any]) -> set[tuple[str, str]]:
    """``{(code, path)}`` of the errors."""
    return codes(data, "error")


def warnings(data: dict[str, Any]) -> set[tuple[str, str]]:
    """``{(code, path)}`` of the warnings."""
    return codes(data, "warning")
