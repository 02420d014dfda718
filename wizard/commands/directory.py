"""`balorg directory import FILE | status [--json] | check [--json] ADDRESS`: the known MSSanté addresses."""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from wizard.model.i18n import get_language, t

_TEXT = {
    "help": ("annuaire des adresses MSSanté existantes : importer, état, vérifier une adresse",
             "directory of existing MSSanté addresses: import, status, check an address"),
    "actions": ("actions", "actions"),
    "import.help": ("importer le fichier « Extraction_Correspondance_MSSante » de l'Annuaire Santé (remplace la liste précédente)",
                    "import the Annuaire Santé \"Extraction_Correspondance_MSSante\" file (replaces the previous list)"),
    "import.file": ("fichier d'extraction (UTF-8, séparé par |)", "extraction file (UTF-8, |-separated)"),
    "status.help": ("ce qui est importé : fichier source, date, nombre d'adresses", "what is imported: source file, date, number of addresses"),
    "check.help": ("chercher une adresse : l'adresse exacte si elle existe, puis les plus proches",
                   "look an address up: the exact one if it exists, then the closest ones"),
    "check.address": ("adresse (partie_locale@domaine, ou la partie locale seule)", "address (local_part@domain, or the local part alone)"),
    "check.limit": ("nombre d'adresses proches affichées (10 par défaut)", "number of close addresses shown (10 by default)"),
    "json": ("sortie JSON", "JSON output"),
    "phase.read": ("Lecture", "Reading"),
    "phase.index": ("Indexation", "Indexing"),
    "phase.write": ("Écriture", "Writing"),
    "progress.plain": ("{phase} : {percent} %", "{phase}: {percent}%"),
    "summary": ("Annuaire importé depuis {file}\n"
                "  lignes lues : {rows}\n  adresses retenues : {kept}\n  lignes ignorées (mal formées) : {skipped}\n"
                "  doublons : {duplicates}\n  par type de BAL : {kinds}\n  en {seconds} s",
                "Directory imported from {file}\n"
                "  rows read: {rows}\n  addresses kept: {kept}\n  lines skipped (malformed): {skipped}\n"
                "  duplicates: {duplicates}\n  by BAL type: {kinds}\n  in {seconds} s"),
    "no_header": ("Attention : la première ligne n'est pas l'en-tête attendu ; elle a été lue comme une donnée.",
                  "Warning: the first line is not the expected header; it was read as data."),
    "status.none": ("Aucun annuaire importé. Importez-le avec « balorg directory import FICHIER ».",
                    "No directory imported. Import one with 'balorg directory import FILE'."),
    "status": ("Annuaire importé le {at} depuis {file}\n  {kept} adresses ({kinds}), {local_parts} parties locales distinctes\n"
               "  {rows} lignes lues, {skipped} ignorées\n  fichier : {path} ({size})",
               "Directory imported on {at} from {file}\n  {kept} addresses ({kinds}), {local_parts} distinct local parts\n"
               "  {rows} rows read, {skipped} skipped\n  file: {path} ({size})"),
    "check.none": ("Aucun annuaire importé et aucune demande exportée : rien à comparer. "
                   "Importez l'annuaire avec « balorg directory import FICHIER ».",
                   "No directory imported and no exported request: nothing to compare with. "
                   "Import the directory with 'balorg directory import FILE'."),
    "check.exists": ("{address} : existe déjà{who}.", "{address}: already exists{who}."),
    "check.free": ("{address} : absente des adresses connues.", "{address}: not among the known addresses."),
    "check.local": ("{address} : partie locale seule, comparée à tous les domaines.", "{address}: local part alone, compared with every domain."),
    "check.close": ("Adresses proches :", "Close addresses:"),
    "check.none_close": ("Aucune adresse proche.", "No close address."),
    "check.line": ("  {score:>3}  {address}{who}  [{reasons}]", "  {score:>3}  {address}{who}  [{reasons}]"),
    "error": ("balorg directory : {message}", "balorg directory: {message}"),
    "directory.unreadable": ("impossible de lire {file} : {reason}", "cannot read {file}: {reason}"),
    "directory.empty": ("aucune adresse valide dans {file} ({rows} lignes lues) : ce n'est pas une extraction MSSanté ? "
                        "La liste précédente est conservée.",
                        "no valid address in {file} ({rows} rows read): not an MSSanté extraction? The previous list is kept."),
    "directory.unwritable": ("impossible d'écrire {file} : {reason}. La liste précédente est conservée.",
                             "cannot write {file}: {reason}. The previous list is kept."),
    "directory.damaged": ("la liste importée {file} est illisible ({reason}) : importez-la de nouveau.",
                          "the imported list {file} cannot be read ({reason}): import it again."),
    "reason.same": ("même partie locale", "same local part"),
    "source.export": ("demande exportée", "exported request"),
}


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `directory` subcommand and its actions."""
    # prog given explicitly: argparse would build it from the parent's usage line, prefix included.
    parser = subparsers.add_parser("directory", prog="balorg directory", help=t(_TEXT, "help"), description=t(_TEXT, "help"))
    parser.set_defaults(func=run_status, json=False)  # `balorg directory` alone: what is imported
    actions = parser.add_subparsers(title=t(_TEXT, "actions"), dest="action", metavar="ACTION", parser_class=type(parser), prog="balorg directory")
    importer = actions.add_parser("import", help=t(_TEXT, "import.help"), description=t(_TEXT, "import.help"))
    importer.add_argument("file", metavar="FILE", help=t(_TEXT, "import.file"))
    importer.set_defaults(func=run_import)
    status = actions.add_parser("status", help=t(_TEXT, "status.help"), description=t(_TEXT, "status.help"))
    status.add_argument("--json", action="store_true", help=t(_TEXT, "json"))
    status.set_defaults(func=run_status)
    check = actions.add_parser("check", help=t(_TEXT, "check.help"), description=t(_TEXT, "check.help"))
    check.add_argument("--json", action="store_true", help=t(_TEXT, "json"))
    check.add_argument("--limit", type=int, default=10, metavar="N", help=t(_TEXT, "check.limit"))
    check.add_argument("address", metavar="ADDRESS", help=t(_TEXT, "check.address"))
    check.set_defaults(func=run_check)


def _number(value: int) -> str:
    text = f"{value:,}"
    return text.replace(",", "\u202f") if get_language() == "fr" else text


def _size(value: int) -> str:
    unit = "Mo" if get_language() == "fr" else "MB"
    return f"{value / 1e6:.1f} {unit}".replace(".", "," if get_language() == "fr" else ".")


def _fail(exc: Any) -> int:  # a DirectoryError
    sys.stderr.write(t(_TEXT, "error", message=t(_TEXT, exc.code, **exc.params)) + "\n")
    return 1


def run_import(args: argparse.Namespace) -> int:
    """Exit 0 once imported; 1 when the file cannot be read or holds no valid address."""
    from wizard.store.directory import DirectoryError, import_file

    with _progress_display() as progress:
        try:
            summary = import_file(args.file, progress=progress)
        except DirectoryError as exc:
            return _fail(exc)
    if not summary.header:
        sys.stderr.write(t(_TEXT, "no_header") + "\n")
    kinds = ", ".join(f"{kind} {_number(n)}" for kind, n in summary.by_kind.items())
    sys.stdout.write(t(_TEXT, "summary", file=summary.source, rows=_number(summary.rows), kept=_number(summary.kept),
                       skipped=_number(summary.skipped), duplicates=_number(summary.duplicates), kinds=kinds,
                       seconds=f"{summary.seconds:.1f}".replace(".", "," if get_language() == "fr" else ".")) + "\n")
    return 0


class _progress_display:
    """A progress bar on stderr (rich's) on a terminal; a line per tenth otherwise (logs, pipes)."""

    def __init__(self) -> None:
        self._tty = sys.stderr.isatty()
        self._bar: Any = None
        self._tasks: dict[str, Any] = {}
        self._last: dict[str, int] = {}

    def __enter__(self) -> _progress_display:
        if self._tty:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

            from wizard.visible import raw

            self._bar = Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), TimeElapsedColumn(),
                                 console=Console(file=raw(sys.stderr)), transient=True)
            self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()

    def __call__(self, phase: str, done: int, total: int) -> None:
        if self._bar is not None:
            task = self._tasks.get(phase)
            if task is None:
                task = self._tasks[phase] = self._bar.add_task(t(_TEXT, f"phase.{phase}"), total=max(total, 1))
            self._bar.update(task, completed=done, total=max(total, 1))
            return
        percent = 100 * done // max(total, 1) // 10 * 10
        if percent > self._last.get(phase, -1):
            self._last[phase] = percent
            sys.stderr.write(t(_TEXT, "progress.plain", phase=t(_TEXT, f"phase.{phase}"), percent=percent) + "\n")
            sys.stderr.flush()


def run_status(args: argparse.Namespace) -> int:
    """Exit 0 (also when nothing is imported: that is a state, not an error); 1 when the file is damaged."""
    from wizard.store.directory import DirectoryError, status

    try:
        info = status()
    except DirectoryError as exc:
        if args.json:
            json.dump({"loaded": False, "error": t(_TEXT, exc.code, **exc.params)}, sys.stdout, ensure_ascii=False)
            sys.stdout.write("\n")
        return _fail(exc)
    if args.json:
        json.dump({"loaded": info is not None, **(info or {})}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if info is None:
        sys.stdout.write(t(_TEXT, "status.none") + "\n")
        return 0
    summary = info["summary"]
    kinds = ", ".join(f"{kind} {_number(n)}" for kind, n in summary["by_kind"].items())
    sys.stdout.write(t(_TEXT, "status", at=_local_time(info["imported_at"]), file=summary["source"], kept=_number(summary["kept"]),
                       kinds=kinds, local_parts=_number(summary["local_parts"]), rows=_number(summary["rows"]),
                       skipped=_number(summary["skipped"]), path=info["path"], size=_size(info["size"])) + "\n")
    return 0


def _local_time(rfc3339: str) -> str:
    """An RFC 3339 UTC stamp in the user's local time (``2026-11-26 16:12``)."""
    import calendar

    try:
        stamp = calendar.timegm(time.strptime(rfc3339, "%Y-%m-%dT%H:%M:%SZ"))
    except (ValueError, OverflowError):
        return rfc3339
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(stamp))


def run_check(args: argparse.Namespace) -> int:
    """Exit 0 when the address is free, 1 when it already exists, 2 when nothing is known.

    A damaged list is "nothing known" too (2, with its message): 1 would tell a script the address exists.
    """
    from wizard.store.directory import DirectoryError, directory_path, load_index
    from wizard.store.directory.index import REASONS
    from wizard.store.directory.known import Known, exported_requests

    try:
        index = load_index()  # not load_known(): a damaged list is reported here, not ignored
    except DirectoryError as exc:
        _fail(exc)
        return 2
    extras = exported_requests(directory_path().parent)
    known = Known(index, extras) if index is not None or extras else None
    if known is None:
        sys.stderr.write(t(_TEXT, "check.none") + "\n")
        return 2
    result = known.search(args.address, limit=max(0, args.limit))
    if args.json:
        json.dump(result.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 1 if result.exact else 0
    out = sys.stdout
    if "@" not in result.query:
        out.write(t(_TEXT, "check.local", address=result.query) + "\n")
    elif result.exact is not None:
        out.write(t(_TEXT, "check.exists", address=result.query, who=_who(result.exact, prefix=" : " if get_language() == "fr" else ": ")) + "\n")
    else:
        out.write(t(_TEXT, "check.free", address=result.query) + "\n")
    if not result.close:
        out.write(t(_TEXT, "check.none_close") + "\n")
    else:
        out.write(t(_TEXT, "check.close") + "\n")
        for match in result.close:
            why = ", ".join(t(REASONS, r) for r in match.reasons) or t(_TEXT, "reason.same")
            out.write(t(_TEXT, "check.line", score=match.score, address=match.entry.address, who=_who(match.entry, prefix=" — "), reasons=why) + "\n")
    return 1 if result.exact else 0


def _who(entry: Any, prefix: str) -> str:
    """`` — Structure (ORG, 93260)``: what the list says about a known address."""
    details = [d for d in (entry.kind, entry.postal_code) if d]
    if entry.source == "export":
        details.insert(0, t(_TEXT, "source.export"))
    text = entry.structure + (f" ({', '.join(details)})" if details else "")
    return f"{prefix}{text}" if text.strip() else ""
