"""`balorg` subcommands, one module each.

Each module defines ``register(subparsers)``, which adds its parser and sets
``func``. Modules are imported at start-up, so they import nothing heavy at
module level (no textual, no pydantic models): that is done inside ``func``.
"""

COMMANDS = ("validate", "schema", "documents", "drafts", "export", "open", "directory")
"""Modules of `wizard.commands`, in the order `balorg --help` lists them."""
