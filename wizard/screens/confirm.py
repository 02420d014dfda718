"""Asking before a removal that takes more than itself away (a co-holder, a mailbox and its roles).

:class:`ConfirmRemoval` says what follows and offers Retirer / Annuler; Annuler is focused
first and is Escape's answer: a key pressed twice by mistake removes nothing.
"""

from __future__ import annotations

from wizard.screens.dialogs import ChoiceScreen
from wizard.ui.texts import tr


class ConfirmRemoval(ChoiceScreen):
    """Retirer / Annuler, Annuler by default; dismissed with ``"remove"`` or ``"cancel"``."""

    def __init__(self, title: str, message: str) -> None:
        super().__init__(title, message, [("remove", tr("remove")), ("cancel", tr("cancel"))],
                         cancel="cancel", focus="cancel", danger=("remove",), classes="confirm-removal")
