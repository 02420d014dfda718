"""Home: what the tool is, a new request (blank or from one of the sheet's cases), open a file, the saved drafts.

The drafts panel (:class:`~wizard.widgets.drafts.DraftsPanel`) is given the App's
drafts store and posts what the user asks of a draft; Home acts on it: it asks
in a dialog when there is something to confirm or choose, calls the App to
resume or reopen a draft, and hands a rename or a confirmed delete back to the
panel, which changes the store and lists the drafts again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from wizard.model import data
from wizard.model.findings import STEPS
from wizard.model.i18n import t
from wizard.screens.shown import ShownOnce
from wizard.ui.localise import Localised
from wizard.ui.texts import tr
from wizard.widgets.drafts import DraftsPanel
from wizard.widgets.footer import WizardFooter
from wizard.widgets.optionlist import PagedOptionList
from wizard.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from wizard.app import BalOrgApp

_TEXT = {
    "tagline": (
        "Préparer la demande d'ouverture d'une boîte aux lettres organisationnelle MSSanté "
        "pour une structure sans FINESS, en suivant la fiche de l'ANS.",
        "Prepare the request to open an MSSanté organisational mailbox for a structure without "
        "FINESS, following the ANS sheet.",
    ),
    "new": ("Nouvelle demande", "New request"),
    "blank": ("Demande vierge", "Blank request"),
    "resume": ("Reprendre la demande en cours", "Resume the current request"),
    "open": ("Ouvrir une demande exportée ou un brouillon (JSON) — Ctrl+O", "Open an exported request or a draft (JSON) — Ctrl+O"),
    "open.placeholder": ("Chemin du fichier JSON", "Path of the JSON file"),
    "open.button": ("Ouvrir", "Open"),
    "open.refused": ("Ce fichier ne peut pas être ouvert :", "This file cannot be opened:"),
    "drafts": ("Brouillons", "Drafts"),
    "open.key": ("Ouvrir", "Open"),
}
_RESUME = {
    "title": ("Demande exportée", "Exported request"),
    "reopen": ("Rouvrir comme nouveau brouillon", "Reopen as a new draft"),
    "view": ("Consulter (lecture seule)", "View (read-only)"),
}
_DELETE = {
    "title": ("Supprimer le brouillon ?", "Delete the draft?"),
    "question": (
        "« {title} » ira dans la corbeille ; vous pourrez l'en sortir (« Annuler la suppression » ou Corbeille).",
        "'{title}' goes to the trash; you can take it back ('Undo the delete' or Trash).",
    ),
    "delete": ("Supprimer", "Delete"),
}

_EMPTY = {
    "title": ("Vider la corbeille ?", "Empty the trash?"),
    "question": (
        "{count} brouillon(s) de la corbeille seront supprimés définitivement : ils ne pourront plus être restaurés.",
        "{count} draft(s) in the trash will be deleted for good: they cannot be restored.",
    ),
    "empty": ("Supprimer définitivement ({count})", "Delete for good ({count})"),
}


class HomeScreen(Localised, ShownOnce):
    """The first screen: start, resume or open a request."""

    AUTO_FOCUS = ""  # focused in on_mount, without scrolling: the page starts at its top
    # Ctrl+O is said on the section's title: at 80 columns the Footer keeps its room for the
    # drafts list's keys (duplicate, rename, delete, undo) beside Quitter and Commandes.
    BINDINGS: ClassVar = [Binding("ctrl+o", "focus_open", "Open", show=False)]

    @classmethod
    def binding_descriptions(cls) -> dict[str, str]:
        return {"focus_open": t(_TEXT, "open.key")}

    @property
    def wizard(self) -> BalOrgApp:
        """The App, typed."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="home"):
            yield Static(t(_TEXT, "tagline"), id="home-tagline")
            if self.wizard.draft is not None:
                yield Button(t(_TEXT, "resume"), id="resume", variant="success", compact=True)
            yield Static(t(_TEXT, "new"), classes="section-title")
            options = [Option(t(_TEXT, "blank"), id="blank")]
            options += [Option(data.preset_text(p, "title"), id=p["id"]) for p in data.presets()]
            yield PagedOptionList(*options, id="new-request")
            yield Static(t(_TEXT, "open"), classes="section-title")
            with Horizontal(id="open-row"):
                yield Input(placeholder=t(_TEXT, "open.placeholder"), id="open-path", select_on_focus=False)
                yield Button(t(_TEXT, "open.button"), id="open-button", compact=True)
            yield Static(t(_TEXT, "open.refused"), id="open-refused")
            # The findings list is mounted when a file is refused: start-up does not pay for it.
            yield Vertical(id="open-findings-box")
            # The saved drafts (the drafts store): the 200 most recent, filter, sort, actions.
            with Vertical(id="drafts"):
                yield Static(t(_TEXT, "drafts"), classes="section-title")
                yield DraftsPanel(self.wizard.store, id="drafts-panel")
        yield WizardFooter()

    def on_mount(self) -> None:
        self.sub_title = tr("step.home")
        # Focus scrolling is asked before the layout is known and would scroll the (now long) page.
        found = self.query("#new-request")
        if not found:
            return  # Home taken down as it mounted (keys in a burst went elsewhere meanwhile)
        self.set_focus(found.first(), scroll_visible=False)
        self.show_open_findings()

    def show_open_findings(self) -> None:
        """Show why the last file could not be opened (nothing when it opened)."""
        findings = self.wizard.open_findings
        self.query_one("#open-refused").display = bool(findings)
        box = self.query_one("#open-findings-box")
        box.display = bool(findings)
        if not findings:
            return
        from wizard.widgets.findings import FindingsList

        found = box.query(FindingsList)
        if found:
            found.first().show(findings)
        else:
            listing = FindingsList(id="open-findings")
            box.mount(listing)
            listing.show(findings)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id != "new-request":
            return
        event.stop()
        option_id = event.option.id
        self.wizard.new_request(None if option_id == "blank" else option_id)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "open-path":
            event.stop()
            self._open()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "open-button":
            self._open()
        elif event.button.id == "resume":
            self.wizard.goto(STEPS[max(self.wizard.reached, 1)])

    def _open(self) -> None:
        path = self.query_one("#open-path", Input).value.strip()
        if path:
            self.wizard.open_file(path)

    def action_focus_open(self) -> None:
        """Put the cursor in the file path."""
        self.query_one("#open-path").focus()

    # -- what the drafts panel asks ---------------------------------------------------------------

    def on_drafts_panel_resume_requested(self, message: DraftsPanel.ResumeRequested) -> None:
        message.stop()
        self.wizard.resume_draft(message.draft_id)

    def on_drafts_panel_exported_resume_requested(self, message: DraftsPanel.ExportedResumeRequested) -> None:
        """An exported draft is read-only: view it as it is, or reopen it as a new draft."""
        message.stop()
        from wizard.screens.dialogs import ChoiceScreen

        draft_id = message.draft_id

        def answer(choice: str | None) -> None:
            if choice == "view":
                self.wizard.resume_draft(draft_id)
            elif choice == "reopen":
                self.wizard.reopen_draft(draft_id)

        self.app.push_screen(ChoiceScreen(
            t(_RESUME, "title"), message.detail,
            [("reopen", t(_RESUME, "reopen")), ("view", t(_RESUME, "view")), ("cancel", tr("cancel"))],
            id="exported-choice"), answer)

    def on_drafts_panel_rename_requested(self, message: DraftsPanel.RenameRequested) -> None:
        message.stop()
        from wizard.screens.dialogs import RenameScreen

        panel, draft_id = message.panel, message.draft_id

        def answer(name: str | None) -> None:
            if name is not None:
                panel.rename_draft(draft_id, name)

        self.app.push_screen(RenameScreen(message.current_name), answer)

    def on_drafts_panel_delete_requested(self, message: DraftsPanel.DeleteRequested) -> None:
        """Delete (to the trash) once confirmed."""
        message.stop()
        from wizard.screens.dialogs import ChoiceScreen

        panel, draft_id, title = message.panel, message.draft_id, message.title

        def answer(choice: str | None) -> None:
            if choice == "delete":
                panel.delete_draft(draft_id, title)

        self.app.push_screen(ChoiceScreen(
            t(_DELETE, "title"), t(_DELETE, "question", title=title),
            [("delete", t(_DELETE, "delete")), ("cancel", tr("cancel"))],
            focus="cancel", danger=("delete",), id="delete-confirm"), answer)

    def on_drafts_panel_empty_trash_requested(self, message: DraftsPanel.EmptyTrashRequested) -> None:
        """Empty the trash once confirmed: the dialog says how many drafts go for good."""
        message.stop()
        from wizard.screens.dialogs import ChoiceScreen

        panel = message.panel

        def answer(choice: str | None) -> None:
            if choice == "empty":
                panel.empty_trash()

        self.app.push_screen(ChoiceScreen(
            t(_EMPTY, "title"), t(_EMPTY, "question", count=message.count),
            [("empty", t(_EMPTY, "empty", count=message.count)), ("cancel", tr("cancel"))],
            focus="cancel", danger=("empty",), id="empty-trash-confirm"), answer)


SCREEN = HomeScreen
