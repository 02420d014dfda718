"""Documents for the practice: the request summary, the patient notice, the partners' announcement.

The sheet's last step, "set up the organisation around the BAL", asks the
structure to inform its patients and to tell its partners; this package
writes the words for it, and a summary to leave behind. Pure: no textual.

Public API (used by `balorg documents` and by the wizard's Review step)::

    from wizard.documents import DOCUMENTS, render, write_documents

    for kind in DOCUMENTS:                      # summary, notice, announcement
        print(kind.name, kind.title(), kind.formats)
    text = render(request, "summary", "md")     # or "html", "txt"; lang="en" for English
    paths = write_documents(request, folder)    # summary .md + .html, notice .txt, announcement .txt

`request` is a :class:`wizard.model.request.Request` (a draft or a complete
request) or its JSON data. A draft is rendered as it stands: what is missing
shows as "—" and in the summary's open findings.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from wizard.documents import content
from wizard.documents.blocks import Document, to_html, to_markdown, to_text
from wizard.documents.catalogue import TEXT
from wizard.model.findings import Finding
from wizard.model.i18n import get_language, set_language, t

FORMATS = ("md", "html", "txt")
"""Every format any document can be rendered in."""

_RENDER = {"md": to_markdown, "html": to_html, "txt": to_text}


@dataclass(frozen=True, slots=True)
class DocumentKind:
    """One kind of document.

    Attributes:
        name: stable identifier (``"summary"``, ``"notice"``, ``"announcement"``).
        formats: the formats `balorg documents` writes for it, the preferred first.
    """

    name: str
    formats: tuple[str, ...]

    def title(self) -> str:
        """The document's title in the language in force."""
        return t(TEXT, f"{self.name}.title")

    def file_part(self) -> str:
        """The word that ends its file names (``recapitulatif``, ``summary``)."""
        return t(TEXT, f"{self.name}.file")


DOCUMENTS: tuple[DocumentKind, ...] = (
    DocumentKind("summary", ("md", "html")),
    DocumentKind("notice", ("txt",)),
    DocumentKind("announcement", ("txt",)),
)
"""The documents, in the order they are offered."""
KINDS: tuple[str, ...] = tuple(kind.name for kind in DOCUMENTS)
"""Their names."""


class DocumentError(ValueError):
    """The data cannot be read as a request (wrong types, unknown keys): nothing is rendered.

    Attributes:
        findings: what is wrong, as findings (French or English messages).
    """

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        super().__init__("; ".join(f"{f.path}: {f.message}" for f in findings[:3]))


@contextmanager
def language(lang: str | None) -> Iterator[None]:
    """Use `lang` for the duration of the block (None: keep the language in force)."""
    previous = get_language()
    if lang is not None:
        set_language(lang)
    try:
        yield
    finally:
        set_language(previous)


def prepare(request: Any, *, known: Any = None, findings: bool = True) -> tuple[dict[str, Any], list[Finding]]:
    """The request's JSON data, every key present, and its open findings.

    Args:
        request: a :class:`~wizard.model.request.Request`, or its JSON data (not modified).
        known: the known addresses (:class:`wizard.model.rules.KnownAddresses`), if loaded.
        findings: run the rules (only the summary shows their findings; off, the list is empty).

    Raises:
        DocumentError: when the data's types or keys are wrong (the structural findings).
    """
    from wizard.model.rules import check
    from wizard.model.structural import check_structure

    data = request.to_data() if hasattr(request, "to_data") else copy.deepcopy(request)
    if not isinstance(data, dict):
        from wizard.model.findings import error

        raise DocumentError([error("file.not_object", "$")])
    structural = check_structure(data)
    if structural:
        raise DocumentError(structural)
    return data, check(data, known=known) if findings else []


def today() -> str:
    """Today's date in UTC (``2026-11-26``), the date a summary is made on."""
    return datetime.now(UTC).strftime("%Y-%m-%d")


def build(request: Any, kind: str, *, lang: str | None = None, generated_on: str | None = None,
          known: Any = None, findings: list[Finding] | None = None) -> Document:
    """The document tree of `kind` for `request` (see :func:`render`)."""
    if kind not in KINDS:
        raise ValueError(f"unknown document kind: {kind!r}")
    with language(lang):
        data, found = prepare(request, known=known, findings=kind == "summary" and findings is None)
        return _build(data, found if findings is None else findings, kind, generated_on or today())


def _build(data: dict[str, Any], findings: list[Finding], kind: str, generated_on: str) -> Document:
    if kind == "summary":
        return content.summary(data, findings, generated_on=generated_on)
    if kind == "notice":
        return content.notice(data)
    return content.announcement(data)


def render(request: Any, kind: str, fmt: str = "md", lang: str | None = None, *,
           generated_on: str | None = None, known: Any = None, findings: list[Finding] | None = None) -> str:
    """One document as text.

    Args:
        request: a :class:`~wizard.model.request.Request` (draft or complete) or its JSON data.
        kind: ``"summary"``, ``"notice"`` or ``"announcement"``.
        fmt: ``"md"`` (Markdown), ``"html"`` (a self-contained page, A4 print) or ``"txt"``.
        lang: ``"fr"`` or ``"en"``; None keeps the language in force.
        generated_on: the date printed in the summary's footer (default: today, UTC).
            The output is otherwise a function of the request alone.
        known: the known addresses, to list an existing or close address in the open findings.
        findings: the open findings when the caller already has them (the wizard does):
            the rules are then not run again. Their messages should be in `lang`.

    Raises:
        ValueError: unknown kind or format.
        DocumentError: the data cannot be read as a request.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format: {fmt!r}")
    with language(lang):
        return _RENDER[fmt](build(request, kind, generated_on=generated_on, known=known, findings=findings))


def file_stem(data: dict[str, Any]) -> str:
    """The start of the file names: the structure's name as a slug (``cabinet-des-lilas``)."""
    from wizard.model.naming import transliterate

    name = (data.get("structure") or {}).get("name") or ""
    return transliterate(name.replace(".", " "))[:40].rstrip("-._") or "bal-org"


def write_documents(request: Any, folder: Path, *, lang: str | None = None, generated_on: str | None = None,
                    known: Any = None) -> list[Path]:
    """Write every document in its formats into `folder` (created 0700), each file 0600, atomically.

    Returns:
        The paths written, in :data:`DOCUMENTS` order.

    Raises:
        DocumentError: the data cannot be read as a request (nothing is written).
        OSError: the folder or a file cannot be written.
    """
    from wizard.fileio import atomic_write, ensure_private_dir

    with language(lang):
        data, findings = prepare(request, known=known)
        date = generated_on or today()
        rendered = []
        for kind in DOCUMENTS:
            doc = _build(data, findings, kind.name, date)
            for fmt in kind.formats:
                rendered.append((f"{file_stem(data)}-{kind.file_part()}.{fmt}", _RENDER[fmt](doc)))
    folder = ensure_private_dir(Path(folder))
    paths = []
    for name, text in rendered:
        atomic_write(folder / name, text.encode("utf-8"))
        paths.append(folder / name)
    return paths
