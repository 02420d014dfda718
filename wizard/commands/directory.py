"""`balorg directory import FILE | status [--json] | check [--json] ADDRESS | who [--json] RPPS`: the public lists.

Two lists of the Annuaire Santé can be imported (reference/domain.md §8, §8b): the
existing MSSanté addresses and the RPPS directory of professionals, each recognised
by its header, as a text file or inside the ZIP as downloaded.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from wizard.model.i18n import get_language, t

_TEXT = {
    "help": ("listes publiques de l'Annuaire Santé (adresses MSSanté, annuaire RPPS) : importer, état, vérifier une adresse, un RPPS",
             "public lists of the Annuaire Santé (MSSanté addresses, RPPS directory): import, status, check an address, an RPPS"),
    "actions": ("actions", "actions"),
    "import.help": ("importer la liste des adresses MSSanté (« Extraction_Correspondance_MSSante ») ou l'annuaire RPPS "
                    "(« PS_LibreAcces_Personne_activite »), en texte ou dans le ZIP téléchargé (remplace la liste précédente du même type)",
                    "import the MSSanté address list (\"Extraction_Correspondance_MSSante\") or the RPPS directory "
                    "(\"PS_LibreAcces_Personne_activite\"), as text or in the downloaded ZIP (replaces the previous list of its kind)"),
    "import.file": ("fichier de l'Annuaire Santé (UTF-8, séparé par |) ou son ZIP", "Annuaire Santé file (UTF-8, |-separated) or its ZIP"),
    "status.help": ("ce qui est importé : pour chaque liste, fichier, date, lignes, adresses ou personnes, lignes ignorées",
                    "what is imported: for each list, file, date, lines, addresses or persons, skipped lines"),
    "who.help": ("ce que l'annuaire RPPS importé dit d'un RPPS : identité, profession, lieux d'exercice, adresses MSSanté",
                 "what the imported RPPS directory says of an RPPS: identity, profession, places of work, MSSanté addresses"),
    "who.rpps": ("numéro RPPS (11 chiffres)", "RPPS number (11 digits)"),
    "who.none": ("Aucun annuaire RPPS importé. Importez « PS_LibreAcces_Personne_activite » (ou son ZIP) avec "
                 "« balorg directory import FICHIER ».",
                 "No RPPS directory imported. Import \"PS_LibreAcces_Personne_activite\" (or its ZIP) with 'balorg directory import FILE'."),
    "who.invalid": ("« {rpps} » n'est pas un numéro RPPS (11 chiffres dont la clé de contrôle est vérifiée).",
                    "\"{rpps}\" is not an RPPS number (11 digits with a valid check digit)."),
    "who.absent": ("RPPS {rpps} absent de l'annuaire RPPS importé (liste du {date}).", "RPPS {rpps} is not in the imported RPPS directory (list of {date})."),
    "who.person": ("{name}\n  RPPS : {rpps}\n  profession : {profession} ({code})", "{name}\n  RPPS: {rpps}\n  profession: {profession} ({code})"),
    "who.sites": ("  lieux d'exercice ({count}) :", "  places of work ({count}):"),
    "who.no_site": ("  aucun lieu d'exercice dans la liste", "  no place of work in the list"),
    "who.site": ("    - {name}{ids}\n      {address}{mode}", "    - {name}{ids}\n      {address}{mode}"),
    "who.mailboxes": ("  adresses MSSanté personnelles : {addresses}", "  personal MSSanté addresses: {addresses}"),
    "who.no_mailbox": ("  aucune adresse MSSanté personnelle dans la liste des adresses", "  no personal MSSanté address in the address list"),
    "who.no_addresses": ("  (liste des adresses MSSanté non importée : adresses personnelles inconnues)",
                         "  (MSSanté address list not imported: personal addresses unknown)"),
    "who.source": ("  source : annuaire RPPS, liste du {date}", "  source: RPPS directory, list of {date}"),
    "rpps.summary": ("Annuaire RPPS importé depuis {file}\n"
                     "  lignes lues : {rows}\n  personnes : {persons} (RPPS {rpps}, ADELI {adeli})\n  activités : {activities}\n"
                     "  lignes ignorées (mal formées) : {skipped}\n  liste du {date}\n  en {seconds} s",
                     "RPPS directory imported from {file}\n"
                     "  rows read: {rows}\n  persons: {persons} (RPPS {rpps}, ADELI {adeli})\n  activities: {activities}\n"
                     "  lines skipped (malformed): {skipped}\n  list of {date}\n  in {seconds} s"),
    "status.rpps": ("Annuaire RPPS importé le {at} depuis {file} (liste du {date})\n  {persons} personnes, {activities} activités\n"
                    "  {rows} lignes lues, {skipped} ignorées\n  fichier : {path} ({size})",
                    "RPPS directory imported on {at} from {file} (list of {date})\n  {persons} persons, {activities} activities\n"
                    "  {rows} rows read, {skipped} skipped\n  file: {path} ({size})"),
    "status.rpps.none": ("Aucun annuaire RPPS importé.", "No RPPS directory imported."),
    "status.addresses.none": ("Aucune liste d'adresses MSSanté importée.", "No MSSanté address list imported."),
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
    "status": ("Annuaire importé le {at} depuis {file} (liste du {date})\n  {kept} adresses ({kinds}), {local_parts} parties locales distinctes\n"
               "  {rows} lignes lues, {skipped} ignorées\n  fichier : {path} ({size})",
               "Directory imported on {at} from {file} (list of {date})\n  {kept} addresses ({kinds}), {local_parts} distinct local parts\n"
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
    "directory.empty": ("aucune ligne valide dans {file} ({rows} lignes lues). La liste précédente est conservée.",
                        "no valid line in {file} ({rows} rows read). The previous list is kept."),
    "directory.unwritable": ("impossible d'écrire {file} : {reason}. La liste précédente est conservée.",
                             "cannot write {file}: {reason}. The previous list is kept."),
    "directory.empty_file": ("{file} est vide. La liste précédente est conservée.", "{file} is empty. The previous list is kept."),
    "directory.unknown_kind": (
        "{file} n'est pas une liste que balorg importe : son en-tête n'est ni celui de la liste des adresses MSSanté "
        "(« Extraction_Correspondance_MSSante_….txt », ou son ZIP) ni celui de l'annuaire RPPS "
        "(« PS_LibreAcces_Personne_activite_….txt », ou le ZIP « PS_LibreAcces_….zip »). La liste précédente est conservée.",
        "{file} is not a list balorg imports: its header is neither the MSSanté address list's "
        "(\"Extraction_Correspondance_MSSante_….txt\", or its ZIP) nor the RPPS directory's "
        "(\"PS_LibreAcces_Personne_activite_….txt\", or the ZIP \"PS_LibreAcces_….zip\"). The previous list is kept."),
    "directory.zip_unknown": (
        "le ZIP {file} ne contient ni « Extraction_Correspondance_MSSante_….txt » ni « PS_LibreAcces_Personne_activite_….txt » "
        "(il contient : {members}). La liste précédente est conservée.",
        "the ZIP {file} holds neither \"Extraction_Correspondance_MSSante_….txt\" nor \"PS_LibreAcces_Personne_activite_….txt\" "
        "(it holds: {members}). The previous list is kept."),
    "directory.zip_damaged": ("le ZIP {file} est endommagé ou incomplet ({reason}) : téléchargez-le de nouveau. La liste précédente est conservée.",
                              "the ZIP {file} is damaged or incomplete ({reason}): download it again. The previous list is kept."),
    "directory.cut": ("{file} s'arrête au milieu d'une ligne : le fichier est incomplet (téléchargement interrompu ?). "
                      "La liste précédente est conservée.",
                      "{file} ends in the middle of a line: the file is incomplete (download cut short?). The previous list is kept."),
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
    who = actions.add_parser("who", help=t(_TEXT, "who.help"), description=t(_TEXT, "who.help"))
    who.add_argument("--json", action="store_true", help=t(_TEXT, "json"))
    who.add_argument("rpps", metavar="RPPS", help=t(_TEXT, "who.rpps"))
    who.set_defaults(func=run_who)


def _number(value: int) -> str:
    text = f"{value:,}"
    return text.replace(",", "\u202f") if get_language() == "fr" else text


def _size(value: int) -> str:
    unit = "Mo" if get_language() == "fr" else "MB"
    return f"{value / 1e6:.1f} {unit}".replace(".", "," if get_language() == "fr" else ".")


def _fail(exc: Any, code: int = 1) -> int:  # a DirectoryError
    sys.stderr.write(t(_TEXT, "error", message=t(_TEXT, exc.code, **exc.params)) + "\n")
    return code


def _decimal(value: float) -> str:
    return f"{value:.1f}".replace(".", "," if get_language() == "fr" else ".")


def run_import(args: argparse.Namespace) -> int:
    """Exit 0 once imported; 2 when the file cannot be read, is of neither kind, cut, or holds no valid line.

    Whatever went wrong, the previous list of that kind stays in use.
    """
    from wizard.store.directory import DirectoryError, import_any, list_date

    with _progress_display() as progress:
        try:
            kind, summary = import_any(args.file, progress=progress)
        except DirectoryError as exc:
            return _fail(exc, 2)
    if kind == "rpps":
        info = summary.to_dict()
        sys.stdout.write(t(_TEXT, "rpps.summary", file=info["source"], rows=_number(info["rows"]), persons=_number(info["persons"]),
                           rpps=_number(info["rpps"]), adeli=_number(info["adeli"]), activities=_number(info["activities"]),
                           skipped=_number(info["skipped"]), date=_day(info.get("list_date") or list_date(info["source"])),
                           seconds=_decimal(info["seconds"])) + "\n")
        return 0
    if not summary.header:
        sys.stderr.write(t(_TEXT, "no_header") + "\n")
    kinds = ", ".join(f"{kind} {_number(n)}" for kind, n in summary.by_kind.items())
    sys.stdout.write(t(_TEXT, "summary", file=summary.source, rows=_number(summary.rows), kept=_number(summary.kept),
                       skipped=_number(summary.skipped), duplicates=_number(summary.duplicates), kinds=kinds,
                       seconds=_decimal(summary.seconds)) + "\n")
    return 0


def _day(date: str | None) -> str:
    from wizard.model.facts import french_date

    return french_date(date)


class _progress_display:
    """A progress bar on stderr (rich's) on a terminal; a line per tenth otherwise (logs, pipes).

    The bar is redrawn from the import's own calls, at most ten times a second (:data:`_REDRAW`), not by
    rich's refresh thread: with a second thread alive, the import would not fork its second process
    (forking a process with threads is unsafe), and would take half as long again on two processors.
    """

    def __init__(self) -> None:
        self._tty = sys.stderr.isatty()
        self._bar: Any = None
        self._tasks: dict[str, Any] = {}
        self._last: dict[str, int] = {}
        self._drawn = 0.0

    def __enter__(self) -> _progress_display:
        if self._tty:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

            from wizard.visible import raw

            self._bar = Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), TimeElapsedColumn(),
                                 console=Console(file=raw(sys.stderr)), transient=True, auto_refresh=False)
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
            now = time.monotonic()
            if now - self._drawn >= _REDRAW or done >= total:
                self._drawn = now
                self._bar.refresh()
            return
        percent = 100 * done // max(total, 1) // 10 * 10
        if percent > self._last.get(phase, -1):
            self._last[phase] = percent
            sys.stderr.write(t(_TEXT, "progress.plain", phase=t(_TEXT, f"phase.{phase}"), percent=percent) + "\n")
            sys.stderr.flush()


_REDRAW = 0.1
"""Seconds between two redraws of the progress bar, at least."""


def run_status(args: argparse.Namespace) -> int:
    """Exit 0 (also when nothing is imported: that is a state, not an error); 1 when a list is damaged.

    Each list is said in turn, the MSSanté addresses then the RPPS directory; a damaged one
    is said as such and the other is still shown.
    """
    from wizard.store.directory import DirectoryError, list_date, rpps_status, status

    answers: dict[str, Any] = {}
    failed: list[DirectoryError] = []
    for kind, read in (("addresses", status), ("rpps", rpps_status)):
        try:
            answers[kind] = read()
        except DirectoryError as exc:
            failed.append(exc)
            answers[kind] = {"error": t(_TEXT, exc.code, **exc.params)}
    for info in answers.values():
        if info and "summary" in info:
            info["list_date"] = info["summary"].get("list_date") or list_date(str(info["summary"].get("source") or ""))
    if args.json:
        loaded = any(info and "summary" in info for info in answers.values())
        shown: dict[str, Any] = {"loaded": loaded}
        addresses = answers["addresses"]
        if addresses:
            shown.update(addresses)  # the address list's keys at the top, as before the RPPS directory
        shown["lists"] = {kind: info for kind, info in answers.items()}
        json.dump(shown, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 1 if failed else 0
    for failure in failed:
        _fail(failure)
    addresses, rpps = answers["addresses"], answers["rpps"]
    if addresses is None and rpps is None:
        sys.stdout.write(t(_TEXT, "status.none") + "\n")
        return 1 if failed else 0
    if addresses is None:
        sys.stdout.write(t(_TEXT, "status.addresses.none") + "\n")
    elif "summary" in addresses:
        summary = addresses["summary"]
        kinds = ", ".join(f"{kind} {_number(n)}" for kind, n in summary["by_kind"].items())
        sys.stdout.write(t(_TEXT, "status", at=_local_time(addresses["imported_at"]), file=summary["source"], kept=_number(summary["kept"]),
                           kinds=kinds, local_parts=_number(summary["local_parts"]), rows=_number(summary["rows"]),
                           skipped=_number(summary["skipped"]), path=addresses["path"], size=_size(addresses["size"]),
                           date=_day(addresses["list_date"])) + "\n")
    if rpps is None:
        sys.stdout.write(t(_TEXT, "status.rpps.none") + "\n")
    elif "summary" in rpps:
        summary = rpps["summary"]
        sys.stdout.write(t(_TEXT, "status.rpps", at=_local_time(summary["imported_at"]), file=summary["source"],
                           date=_day(rpps["list_date"]), persons=_number(summary["persons"]), activities=_number(summary["activities"]),
                           rows=_number(summary["rows"]), skipped=_number(summary["skipped"]), path=rpps["path"],
                           size=_size(rpps["size"])) + "\n")
    return 1 if failed else 0


def run_who(args: argparse.Namespace) -> int:
    """Exit 0 when the RPPS is in the imported directory, 1 when it is not, 2 when no directory is imported
    (or it is damaged, or what was given is not an RPPS)."""
    from wizard.model.identifiers import compact, is_rpps
    from wizard.store.directory import DirectoryError, load_known, load_rpps

    try:
        if load_rpps() is None:
            sys.stderr.write(t(_TEXT, "who.none") + "\n")
            return 2
    except DirectoryError as exc:
        return _fail(exc, 2)
    rpps = compact(args.rpps.strip())
    if not is_rpps(rpps):
        sys.stderr.write(t(_TEXT, "error", message=t(_TEXT, "who.invalid", rpps=args.rpps)) + "\n")
        return 2
    known = load_known(exports=False)
    assert known is not None  # the RPPS directory was there a moment ago
    person = known.who(rpps)
    date = known.rpps_date
    if args.json:
        found = None if person is None else {**_listed_dict(person), "addresses_list": known.addresses_date is not None}
        json.dump({"rpps": rpps, "found": person is not None, "list_date": date, "person": found}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0 if person is not None else 1
    out = sys.stdout
    if person is None:
        out.write(t(_TEXT, "who.absent", rpps=rpps, date=_day(date)) + "\n")
        return 1
    out.write(t(_TEXT, "who.person", name=person.name(), rpps=rpps, profession=person.profession_label,
                code=person.profession_code) + "\n")
    if person.sites:
        out.write(t(_TEXT, "who.sites", count=len(person.sites)) + "\n")
        for site in person.sites:
            ids = ", ".join(f"{label} {value}" for label, value in (("SIRET", site.siret), ("FINESS", site.finess)) if value)
            out.write(t(_TEXT, "who.site", name=site.name or "—", ids=f" ({ids})" if ids else "", address=site.address() or "—",
                        mode=f" — {site.mode}" if site.mode else "") + "\n")
    else:
        out.write(t(_TEXT, "who.no_site") + "\n")
    if known.addresses_date is None:
        out.write(t(_TEXT, "who.no_addresses") + "\n")
    elif person.mailboxes:
        out.write(t(_TEXT, "who.mailboxes", addresses=", ".join(a for a in person.mailboxes)) + "\n")
    else:
        out.write(t(_TEXT, "who.no_mailbox") + "\n")
    out.write(t(_TEXT, "who.source", date=_day(date)) + "\n")
    return 0


def _listed_dict(person: Any) -> dict[str, Any]:
    from dataclasses import asdict

    data = asdict(person)
    data["name"] = person.name()
    for site, value in zip(data["sites"], person.sites, strict=True):
        site["address"] = value.address()
    return data


def _printable(text: str) -> str:
    return text


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
