"""Home: what the tool is, a new request (blank or from one of the sheet's cases), open a file, the saved drafts."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from wizard.model import data
from wizard.model.findings import STEPS
from wizard.model.i18n import t
from wizard.screens.localise import localise_bindings
from wizard.screens.shown import ShownOnce
from wizard.screens.texts import tr
from wizard.widgets.drafts import DraftsPanel
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
    "open": ("Ouvrir une demande exportée ou un brouillon (JSON)", "Open an exported request or a draft (JSON)"),
    "open.placeholder": ("Chemin du fichier JSON", "Path of the JSON file"),
    "open.button": ("Ouvrir", "Open"),
    "open.refused": ("Ce fichier ne peut pas être ouvert :", "This file cannot be opened:"),
    "drafts": ("Brouillons", "Drafts"),
    "open.key": ("Ouvrir", "Open"),
}


class HomeScreen(ShownOnce):
    """The first screen: start, resume or open a request."""

    CSS_PATH = "home.tcss"
    AUTO_FOCUS = ""  # focused in on_mount, without scrolling: the page starts at its top
    BINDINGS: ClassVar = [Binding("ctrl+o", "focus_open", "Open")]

    def __init__(self) -> None:
        super().__init__()
        localise_bindings(self, {"focus_open": t(_TEXT, "open.key")})

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
            yield OptionList(*options, id="new-request")
            yield Static(t(_TEXT, "open"), classes="section-title")
            with Horizontal(id="open-row"):
                yield Input(placeholder=t(_TEXT, "open.placeholder"), id="open-path")
                yield Button(t(_TEXT, "open.button"), id="open-button", compact=True)
            yield Static(t(_TEXT, "open.refused"), id="open-refused")
            # The findings list is mounted when a file is refused: start-up does not pay for it.
            yield Vertical(id="open-findings-box")
            # The saved drafts (the drafts store): the 200 most recent, filter, sort, actions.
            with Vertical(id="drafts"):
                yield Static(t(_TEXT, "drafts"), classes="section-title")
                yield DraftsPanel(id="drafts-panel")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = tr("step.home")
        # Focus scrolling is asked before the layout is known and would scroll the (now long) page.
        self.set_focus(self.query_one("#new-request"), scroll_visible=False)
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


SCREEN = HomeScreen
