"""`balorg open FILE`: import a request file as a new draft, then open the wizard on it."""

from __future__ import annotations

import argparse

from wizard.model.i18n import t

_TEXT = {
    "help": ("importer un fichier de demande comme nouveau brouillon et l'ouvrir dans l'assistant",
             "import a request file as a new draft and open it in the wizard"),
    "file": ("fichier de demande (.json)", "request file (.json)"),
}


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `open` subcommand."""
    parser = subparsers.add_parser("open", help=t(_TEXT, "help"), description=t(_TEXT, "help"))
    parser.add_argument("file", metavar="FILE", help=t(_TEXT, "file"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Import (as ``balorg drafts import`` does), then run the wizard with ``args.draft_id`` set.

    A file that cannot become a draft is refused with its findings and the
    wizard does not start (exit 2 or 1).
    """
    import sys

    from wizard.commands.drafts import import_file

    draft, code = import_file(args.file)
    if draft is None:
        return code
    sys.stdout.write(draft.id + "\n")
    sys.stdout.flush()
    args.draft_id = draft.id
    from wizard.cli import start_wizard

    return start_wizard(args)
