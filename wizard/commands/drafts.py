"""`balorg drafts [--json]` lists the drafts; `balorg drafts import FILE` stores a request file as a new draft;
`balorg drafts empty-trash` deletes the drafts in the trash for good (after asking, or with ``--yes``)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from wizard.model.i18n import t

_TEXT = {
    "help": ("lister les brouillons, ou importer une demande comme brouillon", "list the drafts, or import a request as a draft"),
    "json": (
        "sortie JSON : une liste d'objets {id, structure, city, step, errors, updated_at, ...}",
        "JSON output: a list of objects {id, structure, city, step, errors, updated_at, ...}",
    ),
    "sort": ("ordre : updated (défaut), created, structure, city, step, errors", "order: updated (default), created, structure, city, step, errors"),
    "filter": ("ne garder que les brouillons contenant ces mots (structure, ville, nom, professionnels, adresses)",
               "keep only the drafts holding these words (structure, city, name, professionals, addresses)"),
    "trash": ("lister la corbeille", "list the trash"),
    "actions": ("actions", "actions"),
    "import.help": ("importer un fichier de demande comme nouveau brouillon (son identifiant sur la dernière ligne)",
                    "import a request file as a new draft (its id on the last line)"),
    "import.file": ("fichier de demande (.json)", "request file (.json)"),
    "empty": ("Aucun brouillon. « balorg » en commence un ; « balorg drafts import FICHIER » en importe un.",
              "No drafts. 'balorg' starts one; 'balorg drafts import FILE' imports one."),
    "empty.trash": ("La corbeille est vide.", "The trash is empty."),
    "header": ("{id:<12}  {title:<32}  {city:<16}  {step:<12}  {errors:>7}  {updated}",
               "{id:<12}  {title:<32}  {city:<16}  {step:<12}  {errors:>7}  {updated}"),
    "col.id": ("ID", "ID"), "col.title": ("STRUCTURE", "STRUCTURE"), "col.city": ("VILLE", "CITY"),
    "col.step": ("ÉTAPE", "STEP"), "col.errors": ("ERREURS", "ERRORS"), "col.updated": ("MODIFIÉ (UTC)", "CHANGED (UTC)"),
    "exported": ("    exporté le {at} : {path}", "    exported on {at}: {path}"),
    "refused": ("{file} : ce fichier ne peut pas devenir un brouillon :", "{file}: this file cannot become a draft:"),
    "imported": ("{file} importé comme brouillon « {title} » ({errors} erreur(s), {warnings} avertissement(s) à reprendre).",
                 "{file} imported as draft '{title}' ({errors} error(s), {warnings} warning(s) to work on)."),
    "empty_trash.help": ("vider la corbeille : supprimer définitivement les brouillons qu'elle contient",
                         "empty the trash: delete the drafts in it for good"),
    "empty_trash.yes": ("ne pas demander de confirmation", "do not ask for confirmation"),
    "empty_trash.ask": ("{count} brouillon(s) de la corbeille seront supprimés définitivement. Continuer ? [o/N] ",
                        "{count} draft(s) in the trash will be deleted for good. Go on? [y/N] "),
    "empty_trash.need_yes": ("{count} brouillon(s) dans la corbeille : relancez avec --yes pour les supprimer définitivement.",
                             "{count} draft(s) in the trash: run again with --yes to delete them for good."),
    "empty_trash.kept": ("Rien n'a été supprimé.", "Nothing was deleted."),
    "empty_trash.done": ("{count} brouillon(s) supprimé(s) définitivement.", "{count} draft(s) deleted for good."),
    "error": ("erreur", "error"),
    "warning": ("avertissement", "warning"),
}
STEP_LABELS = {
    "home": ("accueil", "home"), "inform": ("s'informer", "inform"), "eligibility": ("éligibilité", "eligibility"),
    "structure": ("structure", "structure"), "roles": ("rôles", "roles"), "name": ("nom", "name"),
    "usage": ("usage", "usage"), "review": ("export", "export"),
}


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `drafts` subcommand and its `import` action."""
    parser = subparsers.add_parser("drafts", help=t(_TEXT, "help"), description=t(_TEXT, "help"))
    parser.add_argument("--json", action="store_true", help=t(_TEXT, "json"))
    parser.add_argument("--sort", default="updated", metavar="CLÉ", help=t(_TEXT, "sort"))
    parser.add_argument("--filter", default="", metavar="TEXTE", help=t(_TEXT, "filter"))
    parser.add_argument("--trash", action="store_true", help=t(_TEXT, "trash"))
    parser.set_defaults(func=run_list)
    actions = parser.add_subparsers(
        title=t(_TEXT, "actions"), dest="action", metavar="ACTION", parser_class=type(parser), prog=parser.prog
    )
    importer = actions.add_parser("import", help=t(_TEXT, "import.help"), description=t(_TEXT, "import.help"))
    importer.add_argument("file", metavar="FILE", help=t(_TEXT, "import.file"))
    importer.set_defaults(func=run_import)
    emptier = actions.add_parser("empty-trash", help=t(_TEXT, "empty_trash.help"), description=t(_TEXT, "empty_trash.help"))
    emptier.add_argument("--yes", action="store_true", help=t(_TEXT, "empty_trash.yes"))
    emptier.set_defaults(func=run_empty_trash)


def open_store(*, known: bool = False):  # type: ignore[no-untyped-def]
    """The drafts store, its opening problems printed on stderr (French by default).

    Args:
        known: also load what this machine knows of existing addresses into the store
            (:attr:`DraftStore.known`), for commands that save a draft: its error count then
            says what the wizard and `validate` say.
    """
    from wizard.store.drafts import DraftStore

    store = DraftStore()
    for problem in store.problems:
        sys.stderr.write(problem.message + "\n")
    if known and store.available:
        from wizard.store.directory import load_known

        store.known = load_known(store=store)
    return store


def run_list(args: argparse.Namespace) -> int:
    """Exit 0, or 1 when the store cannot be read."""
    from wizard.store.drafts.errors import StoreError

    store = open_store()
    try:
        if not store.available:
            return 1
        summaries = store.list(sort=args.sort, filter=args.filter, trashed=args.trash)
    except StoreError as exc:
        sys.stderr.write(exc.message + "\n")
        return 1
    finally:
        store.close()
    if args.json:
        # One object a line: readable, and json's C encoder (indent= would use the slow Python one).
        lines = ",\n  ".join(json.dumps(s.to_dict(), ensure_ascii=False) for s in summaries)
        sys.stdout.write(f"[\n  {lines}\n]\n" if summaries else "[]\n")
        return 0
    out = sys.stdout
    if not summaries:
        out.write(t(_TEXT, "empty.trash" if args.trash else "empty") + "\n")
        return 0
    out.write(t(_TEXT, "header", id=t(_TEXT, "col.id"), title=t(_TEXT, "col.title"), city=t(_TEXT, "col.city"),
                step=t(_TEXT, "col.step"), errors=t(_TEXT, "col.errors"), updated=t(_TEXT, "col.updated")) + "\n")
    for s in summaries:
        step = t(STEP_LABELS, s.step) if s.step in STEP_LABELS else s.step
        out.write(t(_TEXT, "header", id=s.id, title=_clip(s.title, 32), city=_clip(s.city, 16), step=step,
                    errors=s.errors, updated=s.updated_at.replace("T", " ").rstrip("Z")) + "\n")
        if s.exported_path:
            out.write(t(_TEXT, "exported", at=(s.exported_at or "").replace("T", " ").rstrip("Z"), path=s.exported_path) + "\n")
    return 0


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())  # a name typed with a newline must not break the table
    return text if len(text) <= width else text[: width - 1] + "…"


def print_findings(findings: list[Any], out: Any = None) -> None:
    """One line per finding, as `balorg validate` prints them."""
    out = out or sys.stdout
    for finding in findings:
        out.write(f"  {t(_TEXT, finding.severity)} {finding.path} [{finding.code}] {finding.message}\n")


def import_file(path: str) -> tuple[Any, int]:
    """Import `path` as a new draft, printing what happened; ``(draft or None, exit code)``."""
    from wizard.store.drafts.errors import StoreError
    from wizard.store.drafts.importing import request_from_file

    store = open_store(known=True)
    request, findings = request_from_file(path, known=store.known)
    if request is None:
        store.close()
        sys.stdout.write(t(_TEXT, "refused", file=path) + "\n")
        print_findings(findings)
        unreadable = any(f.code.startswith("file.") for f in findings)
        return None, 2 if unreadable else 1
    try:
        draft = store.create(request, step="review" if request.structure.name else "home")
    except StoreError as exc:
        sys.stderr.write(exc.message + "\n")
        return None, 1
    finally:
        store.close()
    errors = sum(f.severity == "error" for f in findings)
    sys.stdout.write(t(_TEXT, "imported", file=path, title=draft.title, errors=errors, warnings=len(findings) - errors) + "\n")
    print_findings(findings)
    return draft, 0


def run_import(args: argparse.Namespace) -> int:
    """Exit 0 with the new draft's id on the last line; 2 unreadable file, 1 refused file or store."""
    draft, code = import_file(args.file)
    if draft is not None:
        sys.stdout.write(draft.id + "\n")
    return code


_YES = frozenset({"o", "oui", "y", "yes"})


def run_empty_trash(args: argparse.Namespace) -> int:
    """Exit 0 once emptied (or nothing to empty, or the user said no); 1 store refused, or no --yes without a terminal."""
    from wizard.store.drafts.errors import StoreError

    store = open_store()
    try:
        if not store.available:
            return 1
        count = store.count(trashed=True)
        if count == 0:
            sys.stdout.write(t(_TEXT, "empty.trash") + "\n")
            return 0
        if not args.yes:
            if not sys.stdin.isatty():
                sys.stderr.write(t(_TEXT, "empty_trash.need_yes", count=count) + "\n")
                return 1
            sys.stdout.write(t(_TEXT, "empty_trash.ask", count=count))
            sys.stdout.flush()
            if sys.stdin.readline().strip().casefold() not in _YES:
                sys.stdout.write(t(_TEXT, "empty_trash.kept") + "\n")
                return 0
        done = store.empty_trash()
    except StoreError as exc:
        sys.stderr.write(exc.message + "\n")
        return 1
    finally:
        store.close()
    sys.stdout.write(t(_TEXT, "empty_trash.done", count=done) + "\n")
    return 0
