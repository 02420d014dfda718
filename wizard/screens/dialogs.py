"""Small dialogs shared by the App and Home: a choice among a few answers, naming a draft.

:class:`ChoiceScreen` asks one question with a few answers (a conflict with
another process, deleting a draft, opening an exported one, quitting after a
failed save); :class:`RenameScreen` asks for a draft's name. Messages may hold
user text (structure names, paths): they are shown as plain text, never markup.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Static
from textual.widgets.button import ButtonVariant

from wizard.model.i18n import t
from wizard.screens.modal import Modal
from wizard.ui.localise import Localised
from wizard.ui.texts import tr

_TEXT = {
    "rename.title": ("Renommer le brouillon", "Rename the draft"),
    "rename.label": (
        "Nom du brouillon (laisser vide pour afficher le nom de la structure)",
        "Name of the draft (leave empty to show the structure's name)",
    ),
    "rename.ok": ("Renommer", "Rename"),
}


class ChoiceScreen(Localised, Modal[str | None]):
    """A question and a few answers; dismissed with the key of the answer chosen.

    Args:
        title: the dialog's title.
        message: the question (plain text: user text in it is shown as typed).
        choices: ``(key, label)`` pairs, in the order shown; the first is focused
            unless `focus` names another.
        cancel: the key Escape answers with; None: Escape does nothing (the user must choose).
        focus: the key of the answer focused first.
        danger: keys whose buttons are shown in red.
    """

    BINDINGS: ClassVar = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        message: str,
        choices: list[tuple[str, str]],
        *,
        cancel: str | None = "cancel",
        focus: str | None = None,
        danger: tuple[str, ...] = (),
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.title_text = title
        self.message = message
        self.choices = choices
        self.cancel = cancel
        self.first = focus or choices[0][0]
        self.danger = danger

    @classmethod
    def binding_descriptions(cls) -> dict[str, str]:
        return {"cancel": tr("cancel")}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = self.title_text
            yield Static(Content(self.message), id="choice-message")
            # Long answers (a conflict's) are stacked: three of them do not fit side by side at 80 columns.
            wide = sum(len(label) + 6 for _, label in self.choices) > 62
            with (Vertical(classes="buttons stacked") if wide else Horizontal(classes="buttons")):
                for key, label in self.choices:
                    variant: ButtonVariant = "error" if key in self.danger else "primary" if key == self.first else "default"
                    yield Button(Content(label), id=f"choice-{key}", variant=variant, compact=True)

    def on_mount(self) -> None:
        self.query_one(f"#choice-{self.first}").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "").removeprefix("choice-"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape shows only when the dialog may be closed without choosing."""
        return self.cancel is not None if action == "cancel" else True

    def action_cancel(self) -> None:
        """Close with the cancel answer."""
        if self.cancel is not None:
            self.dismiss(self.cancel)


class RenameScreen(Localised, Modal[str | None]):
    """Ask for a draft's name; dismissed with the name, or None when cancelled."""

    BINDINGS: ClassVar = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, name: str) -> None:
        super().__init__()
        self.current = name

    @classmethod
    def binding_descriptions(cls) -> dict[str, str]:
        return {"cancel": tr("cancel")}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = t(_TEXT, "rename.title")
            yield Label(t(_TEXT, "rename.label"))
            yield Input(self.current, id="rename-input", select_on_focus=False)
            with Horizontal(classes="buttons"):
                yield Button(t(_TEXT, "rename.ok"), id="rename-ok", variant="primary", compact=True)
                yield Button(tr("cancel"), id="rename-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#rename-input").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if not self.active:
            return
        if event.button.id == "rename-ok":
            self.dismiss(self.query_one("#rename-input", Input).value)
        else:
            self.abandon(None)

    def action_cancel(self) -> None:
        """Close without renaming (asking first when the name was changed)."""
        self.abandon(None)
