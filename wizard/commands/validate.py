"""`balorg validate [--json] FILE...`: check request files as an operator would."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Literal

from wizard.model.i18n import t

_TEXT = {
    "help": ("vérifier des fichiers de demande BAL ORG", "check BAL ORG request files"),
    "json": ("sortie JSON : [{\"file\", \"reading\", \"findings\"}]", "JSON output: [{\"file\", \"reading\", \"findings\"}]"),
    "draft": ("lire les fichiers comme des brouillons (travail en cours : ce qui manque est signalé, comme dans "
              "l'assistant) plutôt que comme des demandes exportées, complètes",
              "read the files as drafts (work in progress: what is missing is reported, as in the wizard) rather "
              "than as exported, complete requests"),
    "files": ("fichiers de demande (.json)", "request files (.json)"),
    "reading.export": ("Lecture : demande exportée (complète, telle qu'un opérateur la reçoit ; --draft pour un brouillon)",
                       "Reading: exported request (complete, as an operator receives it; --draft for a draft)"),
    "reading.draft": ("Lecture : brouillon (travail en cours, --draft)", "Reading: draft (work in progress, --draft)"),
    "ok": ("{file} : valide", "{file}: valid"),
    "summary": ("{file} : {errors} erreur(s), {warnings} avertissement(s)", "{file}: {errors} error(s), {warnings} warning(s)"),
    "error": ("erreur", "error"),
    "warning": ("avertissement", "warning"),
    "directory": ("Annuaire des adresses ignoré : {message}", "Directory of addresses ignored: {message}"),
    "directory.damaged": ("la liste importée {file} est illisible ({reason}) : importez-la de nouveau",
                          "the imported list {file} cannot be read ({reason}): import it again"),
}


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `validate` subcommand."""
    parser = subparsers.add_parser("validate", help=t(_TEXT, "help"), description=t(_TEXT, "help"))
    parser.add_argument("--json", action="store_true", help=t(_TEXT, "json"))
    parser.add_argument("--draft", action="store_true", help=t(_TEXT, "draft"))
    parser.add_argument("files", nargs="+", metavar="FILE", help=t(_TEXT, "files"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Exit 0 when no file has an error, 1 when one has, 2 when one cannot be read as a JSON object."""
    from wizard.model.validate import validate_file
    from wizard.store.directory import load_known

    reading: Literal["draft", "export"] = "draft" if args.draft else "export"
    known = load_known(damaged=_say_damaged)
    reports = [validate_file(name, reading=reading, known=known) for name in args.files]
    if args.json:
        json.dump([r.to_dict() for r in reports], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(t(_TEXT, f"reading.{reading}") + "\n")
        for report in reports:
            _print_report(report)
    if any(not r.readable for r in reports):
        return 2
    return 1 if any(r.has_errors for r in reports) else 0


def _say_damaged(exc) -> None:  # type: ignore[no-untyped-def]
    """The imported list cannot be read: said on stderr, and the files are checked without it."""
    sys.stderr.write(t(_TEXT, "directory", message=t(_TEXT, exc.code, **exc.params)) + "\n")


def _print_report(report) -> None:  # type: ignore[no-untyped-def]
    errors = sum(f.severity == "error" for f in report.findings)
    warnings = len(report.findings) - errors
    out = sys.stdout
    if not report.findings:
        out.write(t(_TEXT, "ok", file=report.file) + "\n")
        return
    out.write(t(_TEXT, "summary", file=report.file, errors=errors, warnings=warnings) + "\n")
    for finding in report.findings:
        out.write(f"  {t(_TEXT, finding.severity)} {finding.path} [{finding.code}] {finding.message}\n")
