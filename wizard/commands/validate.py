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
    "directory": ("Annuaire des adresses ignoré : {message}", "Directory of addresses ignored: {message}"),
    "directory.damaged": ("la liste importée {file} est illisible ({reason}) : importez-la de nouveau",
                          "the imported list {file} cannot be read ({reason}): import it again"),
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

    known = _known()
    reports = [validate_file(name) if known is None else _with_known(name, known) for name in args.files]
    if args.json:
        json.dump([r.to_dict() for r in reports], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for report in reports:
            _print_report(report)
    if any(not r.readable for r in reports):
        return 2
    return 1 if any(r.has_errors for r in reports) else 0


def _known():  # type: ignore[no-untyped-def]
    """The known addresses when a directory list was imported, else None (one `stat`, nothing loaded)."""
    from wizard.store.directory import has_list

    if not has_list():
        return None
    from wizard.store.directory import DirectoryError, load_index
    from wizard.store.directory_known import Known, exported_requests

    try:
        index = load_index()
    except DirectoryError as exc:
        sys.stderr.write(t(_TEXT, "directory", message=t(_TEXT, exc.code, **exc.params)) + "\n")
        return None
    from wizard.store.directory import directory_path

    return Known(index, exported_requests(directory_path().parent))


def _with_known(name: str, known):  # type: ignore[no-untyped-def]
    """`validate_file`, plus the known-address rules: an existing address is an error, a close one a warning.

    The file's own request id is left out of the known addresses: a request
    exported from this store is not "already existing" when it is validated.
    """
    from wizard.model.rules import check
    from wizard.model.validate import FileReport, parse_json, validate_file

    report = validate_file(name)
    if not report.readable:
        return report
    try:
        with open(name, "rb") as handle:
            value, problem = parse_json(handle.read())
    except OSError:
        return report
    if problem is not None:
        return report
    try:
        return FileReport(name, check(value, known=known.without(str(value.get("request_id") or ""))))
    except RecursionError:
        return report


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
