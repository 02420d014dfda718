"""The `balorg` command: the wizard by default, and subcommands for scripts and operators.

Subcommands other than the wizard never import textual, and `validate` does
not even import pydantic's models: both are checked by tests.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from wizard import __version__
from wizard.model.i18n import LANGUAGES, set_language, t

_TEXT = {
    "description": (
        "balorg : préparer l'ouverture d'une boîte aux lettres organisationnelle MSSanté (BAL ORG) "
        "pour une structure sans FINESS, en suivant la fiche de l'ANS. Sans commande : l'assistant.",
        "balorg: prepare the opening of an MSSanté organisational mailbox (BAL ORG) for a structure "
        "without FINESS, following the ANS sheet. With no command: the wizard.",
    ),
    "usage": ("utilisation : ", "usage: "),
    "positionals": ("arguments", "arguments"),
    "options": ("options", "options"),
    "commands": ("commandes", "commands"),
    "help": ("afficher cette aide et quitter", "show this help and exit"),
    "version": ("afficher la version et quitter", "show the version and exit"),
    "data_dir": (
        "dossier des brouillons et de l'annuaire (sinon BALORG_DATA_DIR, sinon le dossier de données de l'utilisateur)",
        "folder of drafts and directory (else BALORG_DATA_DIR, else the user's data folder)",
    ),
    "config_dir": (
        "dossier des préférences de l'assistant (sinon BALORG_CONFIG_DIR, sinon le dossier de configuration "
        "de l'utilisateur)",
        "folder of the wizard's preferences (else BALORG_CONFIG_DIR, else the user's config folder)",
    ),
    "lang": ("langue des messages (fr par défaut, ou celle choisie dans l'assistant)",
                  "language of messages (fr by default, or the one chosen in the wizard)"),
    "error": ("{prog} : erreur : {message}\nVoir « {prog} --help ».", "{prog}: error: {message}\nSee '{prog} --help'."),
}


# argparse's own messages go through gettext's `_`; these are the ones a user can meet.
_ARGPARSE = {
    "usage: ": ("utilisation : ", "usage: "),
    "positional arguments": ("arguments", "positional arguments"),
    "options": ("options", "options"),
    "show this help message and exit": ("afficher cette aide et quitter", "show this help message and exit"),
    "argument %(argument_name)s: %(message)s": ("argument %(argument_name)s : %(message)s", "argument %(argument_name)s: %(message)s"),
    "unrecognized arguments: %s": ("arguments non reconnus : %s", "unrecognized arguments: %s"),
    "the following arguments are required: %s": ("arguments obligatoires manquants : %s", "the following arguments are required: %s"),
    "one of the arguments %s is required": ("l'un des arguments %s est obligatoire", "one of the arguments %s is required"),
    "not allowed with argument %s": ("incompatible avec l'argument %s", "not allowed with argument %s"),
    "expected one argument": ("une valeur attendue", "expected one argument"),
    "expected at most one argument": ("une valeur au plus", "expected at most one argument"),
    "expected at least one argument": ("une valeur au moins", "expected at least one argument"),
    "ambiguous option: %(option)s could match %(matches)s": ("option ambiguë : %(option)s peut désigner %(matches)s", "ambiguous option: %(option)s could match %(matches)s"),
    "invalid %(type)s value: %(value)r": ("valeur %(type)s invalide : %(value)r", "invalid %(type)s value: %(value)r"),
    "invalid choice: %(value)r (choose from %(choices)s)": ("choix invalide : %(value)r (possibles : %(choices)s)", "invalid choice: %(value)r (choose from %(choices)s)"),
    "ignored explicit argument %r": ("argument explicite ignoré : %r", "ignored explicit argument %r"),
}


def _argparse_gettext(message: str) -> str:
    entry = _ARGPARSE.get(message)
    return t(_ARGPARSE, message) if entry else message


argparse._ = _argparse_gettext  # type: ignore[attr-defined]


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        # argparse passes prefix="" when it builds a subcommand's prog: keep that one.
        super().add_usage(usage, actions, groups, prefix=t(_TEXT, "usage") if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with our French titles and error message."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = t(_TEXT, "positionals")
        self._optionals.title = t(_TEXT, "options")
        self.add_argument("-h", "--help", action="help", help=t(_TEXT, "help"))

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, t(_TEXT, "error", prog=self.prog, message=message) + "\n")


def _early_language(argv: Sequence[str]) -> None:
    """Set the language before building the parser, so that its help is translated too."""
    for index, arg in enumerate(argv):
        value = None
        if arg == "--lang" and index + 1 < len(argv):
            value = argv[index + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value in LANGUAGES:
            set_language(value)


def build_parser() -> argparse.ArgumentParser:
    """The `balorg` argument parser with every subcommand registered."""
    parser = _Parser(prog="balorg", description=t(_TEXT, "description"))
    parser.add_argument("--version", action="version", version=f"balorg {__version__}", help=t(_TEXT, "version"))
    # No default: the wizard then takes the language chosen in it (its preferences); --lang wins for its run.
    parser.add_argument("--lang", choices=LANGUAGES, default=None, help=t(_TEXT, "lang"))
    parser.add_argument("--data-dir", metavar="DIR", default=None, help=t(_TEXT, "data_dir"))
    parser.add_argument("--config-dir", metavar="DIR", default=None, help=t(_TEXT, "config_dir"))
    subparsers = parser.add_subparsers(title=t(_TEXT, "commands"), dest="command", metavar="COMMANDE", parser_class=_Parser)
    from wizard.commands import COMMANDS

    for name in (*COMMANDS, "serve"):  # serve: the wizard in a browser (issue 15), last in the list
        importlib.import_module(f"wizard.commands.{name}").register(subparsers)
    return parser


def start_wizard(args: argparse.Namespace) -> int:
    """Run the wizard (``balorg``, ``balorg open``), the garbage collector off until start-up is over.

    A hundred collections during start-up find next to nothing, for a tenth of
    the time to Home: :meth:`wizard.app.BalOrgApp.start_up_over` turns it back on.
    """
    import gc

    from wizard.visible import release

    release()  # Textual writes to the terminal itself, and renders user text as data
    gc.disable()
    from wizard.app import run_wizard  # the imports, the bulk of start-up, come after

    return run_wizard(args)


def main(argv: Sequence[str] | None = None) -> int:
    """Run `balorg` with `argv` (default: the process's arguments); return the exit code."""
    from wizard.visible import protect, release

    argv = list(sys.argv[1:] if argv is None else argv)
    _early_language(argv)
    protect()  # text from files (and from the arguments) is printed as data, never executed
    try:
        args = build_parser().parse_args(argv)
        set_language(args.lang or "fr")
        if args.data_dir:
            from wizard.paths import set_data_dir

            set_data_dir(args.data_dir)
        if args.config_dir:
            from wizard.paths import set_config_dir

            set_config_dir(args.config_dir)
        if args.command is None:
            return start_wizard(args)
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    finally:
        release()


if __name__ == "__main__":
    raise SystemExit(main())
