"""Findings: what every check returns, in the TUI, `balorg validate`, import and export alike."""

from __future__ import annotations

import re
from typing import Any, Literal, NamedTuple

from wizard.model.i18n import t
from wizard.model.messages import LABELS, MESSAGES

Severity = Literal["error", "warning"]


class Fix(NamedTuple):
    """A correction a finding suggests: the value to write in the field at `path` (one action).

    Attributes:
        path: the field the finding is about.
        value: its corrected value.
        also: more ``(path, value)`` pairs written by the same action (a site's name and its
            address: one change, undone at once).
        label: what the action is called when the value alone would not say it (else
            "Appliquer : « value »").
    """

    path: str
    value: str
    also: tuple[tuple[str, Any], ...] = ()
    label: str = ""

    def changes(self) -> list[tuple[str, Any]]:
        """Every ``(path, value)`` this correction writes, its own first."""
        return [(self.path, self.value), *self.also]


class Finding(NamedTuple):
    """One result of a check.

    Attributes:
        severity: ``"error"`` blocks the export; ``"warning"`` informs.
        code: stable identifier of the rule, e.g. ``"person.rpps.invalid"``.
        path: JSON path into the request, e.g. ``"mailboxes[0].co_holders[1].appointed_by"``.
        message: human message in the language in force.
        fix: the correction the message suggests, as data, when there is one (not part of
            :meth:`to_dict`: the JSON output keeps its four keys).
    """

    severity: Severity
    code: str
    path: str
    message: str
    fix: Fix | None = None

    def to_dict(self) -> dict[str, Any]:
        """The finding as JSON data (spec: ``{severity, code, path, message}``)."""
        return {"severity": self.severity, "code": self.code, "path": self.path, "message": self.message}


def _message(code: str, params: dict[str, object]) -> str:
    hint = params.pop("hint", "")
    text = t(MESSAGES, code, **params)
    if not hint:
        return text
    if not text.endswith((".", "?", "!")):
        text += "."  # the suggestion is a sentence of its own: the one before ends
    return text + t(MESSAGES, "hint.suggestion", hint=hint)


def _fix(path: str, params: dict[str, object]) -> Fix | None:
    hint = params.get("hint")
    return Fix(path, hint) if isinstance(hint, str) and hint else None


def error(code: str, path: str, **params: object) -> Finding:
    """An error finding whose message comes from the catalogue entry `code`.

    A non-empty ``hint`` parameter is appended as a suggestion; it is the corrected value of
    the field at `path`, and the finding carries it as its :attr:`Finding.fix`.
    """
    fix = _fix(path, params)
    return Finding("error", code, path, _message(code, params), fix)


def warning(code: str, path: str, **params: object) -> Finding:
    """A warning finding whose message comes from the catalogue entry `code` (a ``hint``: as :func:`error`)."""
    fix = _fix(path, params)
    return Finding("warning", code, path, _message(code, params), fix)


def label(key: str) -> str:
    """The label of an enumerated value or advice code (``"kind.sdis"``) in the language in force."""
    return t(LABELS, key)


def has_errors(findings: list[Finding]) -> bool:
    """True when any finding blocks the export."""
    return any(f.severity == "error" for f in findings)


def join(path: str, key: str | int) -> str:
    """Extend a JSON path with a key or an index."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


STEPS = ("home", "inform", "eligibility", "structure", "roles", "name", "usage", "review")
"""The wizard's steps, in the sheet's order (index = step number)."""

_NAME_KEYS = {"local_part", "domain", "address", "operator"}
_USAGE_KEYS = {"description", "service", "liste_rouge", "annuaire"}
_MAILBOX = re.compile(r"mailboxes\[\d+\]\.?([a-z_]*)")


def step_of(path: str) -> str:
    """The wizard step where the field at `path` is edited (for "jump to the field")."""
    head = re.split(r"[.\[]", path, maxsplit=1)[0]
    if head == "structure":
        return "structure"
    if head == "eligibility":
        return "eligibility"
    if head == "people":
        return "roles"
    if head == "mailboxes":
        match = _MAILBOX.match(path)
        key = match.group(1) if match else ""
        if key in _NAME_KEYS:
            return "name"
        if key in _USAGE_KEYS:
            return "usage"
        return "roles"
    if head == "usage":
        return "usage"
    return "review"
