"""`balorg schema`: print the JSON Schema of the exported request (format v1)."""

from __future__ import annotations

import argparse
import sys

from wizard.model.i18n import t

_TEXT = {"help": ("afficher le schéma JSON du fichier exporté (format v1)", "print the JSON Schema of the exported file (format v1)")}


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `schema` subcommand."""
    parser = subparsers.add_parser("schema", help=t(_TEXT, "help"), description=t(_TEXT, "help"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the export schema: the committed file, shipped in the wheel (no models to build)."""
    from wizard.model.structural import export_schema_text

    sys.stdout.write(export_schema_text())
    return 0
