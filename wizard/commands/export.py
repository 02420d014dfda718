"""`balorg export DRAFT_ID [-o FILE]`: export a draft without the wizard, with the wizard's rules."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from wizard.model.i18n import t

_TEXT = {
    "help": ("exporter un brouillon en fichier de demande vérifié (refusé tant qu'il reste des erreurs)",
             "export a draft as a checked request file (refused while errors remain)"),
    "draft": ("identifiant du brouillon (ou son début), voir « balorg drafts »", "the draft's id (or its start), see 'balorg drafts'"),
    "output": ("fichier à écrire (par défaut : bal-org-<structure>-<date>.json dans le dossier courant)",
               "file to write (default: bal-org-<structure>-<date>.json in the current folder)"),
    "blocked": ("Export refusé : {count} erreur(s) à corriger dans le brouillon {id} :",
                "Export refused: {count} error(s) to fix in draft {id}:"),
    "trashed": ("Le brouillon {id} est dans la corbeille : restaurez-le avant de l'exporter.",
                "Draft {id} is in the trash: restore it before exporting it."),
    "failed": ("Écriture impossible de {path} : {reason}", "Cannot write {path}: {reason}"),
    "done": ("Demande exportée dans {path} ; le brouillon {id} est désormais en lecture seule.",
             "Request exported to {path}; draft {id} is now read-only."),
    "not_marked": ("Attention : le fichier est écrit, mais le brouillon n'a pas pu être marqué exporté : {reason}",
                   "Warning: the file is written, but the draft could not be marked exported: {reason}"),
}


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `export` subcommand."""
    parser = subparsers.add_parser("export", help=t(_TEXT, "help"), description=t(_TEXT, "help"))
    parser.add_argument("draft_id", metavar="DRAFT_ID", help=t(_TEXT, "draft"))
    parser.add_argument("-o", "--output", metavar="FILE", default=None, help=t(_TEXT, "output"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Exit 0 when exported; 1 when refused (errors, unknown draft, unwritable file)."""
    from wizard.commands.drafts import open_store, print_findings
    from wizard.model.export import ExportBlocked, default_file_name, export_to
    from wizard.model.findings import has_errors
    from wizard.store.drafts.errors import StoreError, reason

    store = open_store(known=True)
    try:
        try:
            draft = store.load(store.resolve(args.draft_id))
        except StoreError as exc:
            sys.stderr.write(exc.message + "\n")
            return 1
        if draft.trashed_at:
            sys.stderr.write(t(_TEXT, "trashed", id=draft.id) + "\n")
            return 1
        path = Path(args.output) if args.output else Path(default_file_name(draft.request))
        try:
            # What this machine knows of existing addresses, as the wizard and `validate` check it.
            export_to(draft.request, path, known=store.known)
        except ExportBlocked as exc:
            errors = [f for f in exc.findings if f.severity == "error"]
            sys.stdout.write(t(_TEXT, "blocked", count=len(errors), id=draft.id) + "\n")
            print_findings(errors if has_errors(errors) else exc.findings)
            return 1
        except OSError as exc:
            sys.stderr.write(t(_TEXT, "failed", path=path, reason=reason(exc)) + "\n")
            return 1
        try:
            store.mark_exported(draft, path)
        except StoreError as exc:
            sys.stderr.write(t(_TEXT, "not_marked", reason=exc.message) + "\n")
        sys.stdout.write(t(_TEXT, "done", path=path, id=draft.id) + "\n")
        return 0
    finally:
        store.close()
