"""Small dialogs shared by the App: confirm quitting with unsaved work, save the draft to a file."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from wizard.screens.localise import localise_bindings
from wizard.screens.texts import tr

if TYPE_CHECKING:
    from wizard.app import BalOrgApp


class ConfirmQuit(ModalScreen[str]):
    """Unsaved changes: quit anyway, save first, or stay."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar = [Binding("escape", "cancel", "Cancel")]

    def __init__(self) -> None:
        super().__init__()
        localise_bindings(self, {"cancel": tr("cancel")})

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = tr("quit.title")
            yield Static(tr("quit.unsaved"))
            with Horizontal(classes="buttons"):
                yield Button(tr("quit.confirm"), id="quit-confirm", variant="error", compact=True)
                yield Button(tr("quit.save"), id="quit-save", compact=True)
                yield Button(tr("cancel"), id="quit-cancel", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#quit-cancel").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss({"quit-confirm": "quit", "quit-save": "save"}.get(event.button.id or "", "cancel"))

    def action_cancel(self) -> None:
        """Stay in the wizard."""
        self.dismiss("cancel")


class SaveScreen(ModalScreen[None]):
    """Save the draft as a JSON file (reopened from Home with "open a file")."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path
        localise_bindings(self, {"cancel": tr("cancel")})

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = tr("save.title")
            yield Label(tr("save.path"))
            yield Input(self.path, id="save-path")
            yield Static("", id="save-error", classes="error-text")
            with Horizontal(classes="buttons"):
                yield Button(tr("nav.save"), id="save-ok", variant="primary", compact=True)
                yield Button(tr("cancel"), id="save-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#save-path").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save-ok":
            self._save()
        else:
            self.dismiss(None)

    def _save(self) -> None:
        app: BalOrgApp = self.app  # type: ignore[assignment]
        path = self.query_one("#save-path", Input).value.strip()
        try:
            written = app.save_to(path)
        except OSError as exc:
            self.query_one("#save-error", Static).update(
                Content(tr("save.failed", reason=exc.strerror or str(exc))))
            return
        app.notify(tr("save.done", path=str(written)), markup=False)
        self.dismiss(None)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
