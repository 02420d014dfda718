"""`balorg validate [--json] FILE...`: check request files as an operator would."""

from __future__ import annotations

import argparse
import json
import sys

from wizard.model.i18n import t

_TEXT = {
    "help": ("vérifier des fichiers de demande BAL ORG", "check BAL ORG request files"),
    "json": ("sortie JSON : [{\"file\", \"findings\"}]", "JSON output: [{\"file\", \"findings\"}]"),
    "files": ("fichiers de demande (.json)", "request files (.json)"),
    "ok": ("{file} : valide", "{file}: valid"),
    "summary": ("{file} : {errors} erreur(s), {warnings} avertissement(s)", "{file}: {errors} error(s), {warnings} warning(s)"),
    "error": ("erreur", "error"),
    "warning": ("avertissement", "warning"),
}


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `validate` subcommand."""
    parser = subparsers.add_parser("validate", help=t(_TEXT, "help"), description=t(_TEXT, "help"))
    parser.add_argument("--json", action="store_true", help=t(_TEXT, "json"))
    parser.add_argument("files", nargs="+", metavar="FILE", help=t(_TEXT, "files"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Exit 0 when no file has an error, 1 when one has, 2 when one cannot be read as a JSON object."""
    from wizard.model.validate import validate_file

    reports = [validate_file(name) for name in args.files]
    if args.json:
        json.dump([r.to_dict() for r in reports], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for report in reports:
            _print_report(report)
    if any(not r.readable for r in reports):
        return 2
    return 1 if any(r.has_errors for r in reports) else 0


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
