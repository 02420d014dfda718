"""Reading a request file without ever raising: the `balorg validate` path.

Import-light on purpose (no pydantic models, no textual): see
:mod:`wizard.model.structural`.
"""

from __future__ import annotations

import json
import os
import re
from typing import TYPE_CHECKING, Any

from wizard.model.findings import Finding, error, has_errors
from wizard.model.rules import Reading, check

if TYPE_CHECKING:
    from wizard.model.rules import KnownAddresses


class FileReport:
    """The outcome of validating one file.

    Attributes:
        file: the path as given.
        findings: every finding, in rule order.
        readable: False when the file could not be read as a JSON object (exit code 2).
        reading: ``"export"`` (an exported request, complete) or ``"draft"`` (a work in progress).
    """

    __slots__ = ("file", "findings", "readable", "reading")

    def __init__(
        self, file: str, findings: list[Finding] | None = None, readable: bool = True, reading: Reading = "export"
    ) -> None:
        self.file = file
        self.findings = findings if findings is not None else []
        self.readable = readable
        self.reading = reading

    @property
    def has_errors(self) -> bool:
        """True when a finding is an error."""
        return has_errors(self.findings)

    def to_dict(self) -> dict[str, Any]:
        """``{"file": ..., "reading": ..., "findings": [...]}`` for ``--json``."""
        return {"file": self.file, "reading": self.reading, "findings": [f.to_dict() for f in self.findings]}


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return result


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} n'est pas du JSON standard")


def parse_json(raw: bytes) -> tuple[Any, Finding | None]:
    """Parse request bytes: ``(value, None)`` or ``(None, finding)``; never raises."""
    if not raw.strip():
        return None, error("file.empty", "$")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, error("file.not_utf8", "$")
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except RecursionError:
        return None, error("file.too_deep", "$")
    except _DuplicateKey as exc:
        return None, error("file.duplicate_key", "$", key=str(exc)[:60])
    except json.JSONDecodeError as exc:
        return None, error("file.not_json", "$", line=exc.lineno, column=exc.colno)
    except ValueError:  # NaN, Infinity
        return None, error("file.not_json_constant", "$")
    if not isinstance(value, dict):
        return None, error("file.not_object", "$")
    if _SURROGATE_ESCAPE.search(text):
        where = _lone_surrogate(value)
        if where is not None:
            return None, error("file.invalid_character", where[0], char=f"U+{ord(where[1]):04X}")
    return value, None


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abcdefABCDEF]")
"""A JSON escape of a UTF-16 surrogate: the only way a lone one gets into a parsed file."""


def _lone_surrogate(value: Any) -> tuple[str, str] | None:
    """``(path, character)`` of the first lone surrogate in `value`'s keys or texts, or None.

    A lone surrogate is half of a character: no file can be written with it, no terminal
    shows it. Every command treats it the same way: the file cannot be read as text.
    """
    from wizard.model.structural import path_text

    stack: list[tuple[Any, tuple[str | int, ...]]] = [(value, ())]
    while stack:
        node, path = stack.pop()
        if type(node) is str:
            bad = next((c for c in node if "\ud800" <= c <= "\udfff"), None)
            if bad is not None:
                return path_text(path), bad
        elif type(node) is dict:
            for key, sub in node.items():
                bad = next((c for c in key if "\ud800" <= c <= "\udfff"), None)
                if bad is not None:
                    return path_text((*path, "?")), bad
                stack.append((sub, (*path, key)))
        elif type(node) is list:
            stack.extend((sub, (*path, index)) for index, sub in enumerate(node))
    return None


def validate_bytes(
    raw: bytes, name: str = "<stdin>", *, reading: Reading = "export", known: KnownAddresses | None = None
) -> FileReport:
    """Validate request bytes.

    Args:
        raw: the file's bytes.
        name: the file's name, for the report.
        reading: ``"export"``: the file must be a complete request as the
            wizard exports it; ``"draft"``: a work in progress.
        known: what this machine knows of existing addresses (an existing one is an error).
    """
    value, problem = parse_json(raw)
    if problem is not None:
        return FileReport(name, [problem], readable=False, reading=reading)
    try:
        return FileReport(name, check(value, reading=reading, known=known), reading=reading)
    except RecursionError:
        return FileReport(name, [error("file.too_deep", "$")], readable=False, reading=reading)


def read_request_file(path: str | os.PathLike[str]) -> tuple[bytes | None, Finding | None]:
    """The bytes of a request file, or ``(None, finding)`` saying in French why it cannot be read.

    Only a regular file of a sane size is read: a pipe, a device, a folder or
    a loop of links is refused at once (never waited on, never read without end).
    """
    from wizard.fileio import os_reason, read_regular

    try:
        return read_regular(path), None
    except (OSError, MemoryError) as exc:
        return None, error("file.unreadable", "$", reason=os_reason(exc))


def validate_file(
    path: str | os.PathLike[str], *, reading: Reading = "export", known: KnownAddresses | None = None
) -> FileReport:
    """Validate the request file at `path`; unreadable files give a report, not an exception."""
    name = os.fspath(path)
    raw, problem = read_request_file(name)
    if raw is None:
        return FileReport(name, [problem] if problem else [], readable=False, reading=reading)
    return validate_bytes(raw, name, reading=reading, known=known)
