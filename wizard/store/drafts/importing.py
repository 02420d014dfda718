"""Reading a request file as a draft: ``balorg drafts import``, ``balorg open`` and the wizard.

A file is accepted as a draft when its types and keys are right (what the
models enforce); rule errors do not stop the import, since a draft may be
unfinished: they are returned as findings to show. Derived fields of an
exported file (identifiers, outcome, addresses, export date) are dropped: the
draft recomputes them on its next export.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from wizard.model.findings import Finding, error

if TYPE_CHECKING:
    from wizard.model.request import Request

_DERIVED = {
    (): ("exported_at", "generator"),
    ("structure",): ("idnat_struct", "department", "region"),
    ("eligibility",): ("outcome", "advice"),
}


def _drop_derived(data: dict[str, Any]) -> None:
    for where, keys in _DERIVED.items():
        target: Any = data
        for key in where:
            target = target.get(key) if isinstance(target, dict) else None
        if isinstance(target, dict):
            for key in keys:
                target.pop(key, None)
    for mailbox in data.get("mailboxes") or []:
        if isinstance(mailbox, dict):
            mailbox.pop("address", None)
            mailbox.pop("annuaire", None)


def request_from_bytes(raw: bytes, *, known: Any = None) -> tuple[Request | None, list[Finding]]:
    """``(request, findings)`` for a file's bytes; ``(None, findings)`` when it cannot be a draft.

    Args:
        raw: the file's bytes.
        known: what this machine knows of existing addresses (see :func:`wizard.store.directory.load_known`).

    Never raises.
    """
    from wizard.model.rules import check
    from wizard.model.structural import check_structure
    from wizard.model.validate import parse_json

    value, problem = parse_json(raw)
    if problem is not None:
        return None, [problem]
    try:
        _drop_derived(value)
        structural = check_structure(value)
    except RecursionError:
        return None, [error("file.too_deep", "$")]
    if structural:
        return None, structural
    from pydantic import ValidationError

    from wizard.model.request import Request

    try:
        request = Request.from_data(value)
    except ValidationError as exc:  # the structural check should have said it; never a traceback
        return None, [error("file.unreadable", "$", reason=str(exc).splitlines()[0])]
    return request, check(request.to_data(), derived=False, known=known)


def request_from_file(path: str | Path, *, known: Any = None) -> tuple[Request | None, list[Finding]]:
    """Like :func:`request_from_bytes`, reading `path`; an unreadable file is a finding."""
    from wizard.model.validate import read_request_file

    raw, problem = read_request_file(path)
    if raw is None:
        return None, [problem] if problem else []
    return request_from_bytes(raw, known=known)
