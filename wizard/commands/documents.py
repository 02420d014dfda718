"""`balorg documents DRAFT_ID|FILE [-o DIR]`: the summary, the patient notice and the partners' announcement."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from wizard.model.i18n import t

_TEXT = {
    "help": (
        "écrire les documents de la structure : récapitulatif (Markdown et HTML), information des patients, annonce aux partenaires",
        "write the structure's documents: summary (Markdown and HTML), patient notice, partners' announcement",
    ),
    "source": ("identifiant d'un brouillon, ou fichier de demande (.json)", "a draft's id, or a request file (.json)"),
    "output": ("dossier où écrire les documents (par défaut : le dossier courant)", "folder to write the documents in (default: the current folder)"),
    "written": ("{path}", "{path}"),
    "open": (
        "{errors} erreur(s) et {warnings} avertissement(s) encore ouverts : voir « Points encore ouverts » dans le récapitulatif.",
        "{errors} error(s) and {warnings} warning(s) still open: see \"Findings still open\" in the summary.",
    ),
    "unreadable": ("{source} : la demande ne peut pas être lue :", "{source}: the request cannot be read:"),
    "finding": ("  {path} : {message}", "  {path}: {message}"),
    "not_found": (
        "« {source} » : ni un fichier de demande, ni un brouillon connu.",
        "\"{source}\": neither a request file nor a known draft.",
    ),
    "cannot_write": ("Impossible d'écrire dans « {folder} » : {reason}", "Cannot write into \"{folder}\": {reason}"),
}


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `documents` subcommand."""
    parser = subparsers.add_parser("documents", help=t(_TEXT, "help"), description=t(_TEXT, "help"))
    parser.add_argument("source", metavar="DRAFT_ID|FILE", help=t(_TEXT, "source"))
    parser.add_argument("-o", "--output", metavar="DIR", default=".", help=t(_TEXT, "output"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Exit 0 when the documents are written, 1 when they cannot be written, 2 when the request cannot be read."""
    from wizard.documents import DocumentError, prepare, write_documents
    from wizard.store.directory import load_known

    request, problems = _load(args.source)
    if request is None:
        _print_problems(args.source, problems)
        return 2
    known = load_known()  # the summary lists an existing or close address, as the wizard does
    try:
        _, findings = prepare(request, known=known)
        paths = write_documents(request, Path(args.output), known=known)
    except DocumentError as exc:
        _print_problems(args.source, exc.findings)
        return 2
    except OSError as exc:
        from wizard.fileio import os_reason

        sys.stderr.write(t(_TEXT, "cannot_write", folder=args.output, reason=os_reason(exc)) + "\n")
        return 1
    for path in paths:
        sys.stdout.write(t(_TEXT, "written", path=path) + "\n")
    if findings:
        errors = sum(f.severity == "error" for f in findings)
        sys.stderr.write(t(_TEXT, "open", errors=errors, warnings=len(findings) - errors) + "\n")
    return 0


def _load(source: str) -> tuple[Any, list[Any]]:
    """The request's JSON data from a file or a draft, or ``(None, findings)``; never raises."""
    from wizard.model.validate import parse_json, read_request_file

    path = Path(source)
    if os.path.lexists(path):
        raw, problem = read_request_file(path)
        if raw is None:
            return None, [problem] if problem else []
        value, problem = parse_json(raw)
        return (None, [problem]) if problem is not None else (value, [])
    return _load_draft(source)


def _load_draft(draft_id: str) -> tuple[Any, list[Any]]:
    """A draft from the store, by id or id prefix (as `balorg drafts` lists them)."""
    from wizard.model.findings import Finding
    from wizard.paths import data_dir

    def problem(code: str, message: str) -> tuple[None, list[Finding]]:
        return None, [Finding("error", code, "$", message)]

    root = data_dir() / "drafts"
    if not root.is_dir():  # no drafts at all: do not create the store's folders just to say so
        return problem("draft.not_found", t(_TEXT, "not_found", source=draft_id))
    from wizard.store.drafts import DraftStore
    from wizard.store.drafts.errors import DraftNotFound, StoreError

    store = DraftStore(root)
    for found in store.problems:  # a draft set aside while opening, say: what happened, once
        sys.stderr.write(found.message + "\n")
    try:
        if not store.available:
            return problem("store.unavailable", " ".join(p.message for p in store.problems))
        draft = store.load(store.resolve(draft_id))
    except DraftNotFound as exc:
        if exc.code == "draft.not_found":
            return problem(exc.code, t(_TEXT, "not_found", source=draft_id))
        return problem(exc.code, exc.message)
    except StoreError as exc:
        return problem(exc.code, exc.message)
    finally:
        store.close()
    return draft.request, []


def _print_problems(source: str, problems: list[Any]) -> None:
    out = sys.stderr
    if len(problems) == 1 and problems[0].code.startswith(("draft.", "store.")):
        out.write(problems[0].message + "\n")
        return
    out.write(t(_TEXT, "unreadable", source=source) + "\n")
    for finding in problems:
        out.write(t(_TEXT, "finding", path=finding.path, message=finding.message) + "\n")
