"""Step 1, Inform: what a BAL ORG is, what changes, who can help in the region, BAL ORG or personal BAL."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Select, Static

from wizard.model import data, derive
from wizard.model.i18n import t
from wizard.screens.base import StepPanel
from wizard.widgets.fields import FSelect, labelled

_TEXT = {
    "what": (
        "Une boîte aux lettres électronique sécurisée, partagée entre utilisateurs MSSanté, accessible "
        "à un groupe de personnes, sous la responsabilité de la structure (personne morale).",
        "A secure e-mail box shared between MSSanté users, open to a group of people, under the "
        "responsibility of the structure (legal person).",
    ),
    "changes.title": ("Qu'est-ce qui change ?", "What changes?"),
    "changes": (
        "La BAL ORG n'exige plus de FINESS : cabinets médicaux et paramédicaux, réseaux, associations… "
        "peuvent l'ouvrir avec le numéro RPPS de leurs professionnels, et la déléguer à d'autres.",
        "A BAL ORG no longer needs a FINESS: medical and paramedical practices, networks, associations… "
        "can open one with their professionals' RPPS numbers, and delegate it to others.",
    ),
    "help.title": ("Qui peut vous accompagner ?", "Who can help?"),
    "help": (
        "Consultez le Panorama des offres de votre région. Le GRADeS de votre région ou l'Assurance "
        "Maladie peuvent vous accompagner.",
        "See the Panorama of offers for your region. Your region's GRADeS or the Assurance Maladie "
        "can help you.",
    ),
    "region": ("Votre région", "Your region"),
    "grades": ("GRADeS : {name}", "GRADeS: {name}"),
    "grades.email": ("Contact : {email}", "Contact: {email}"),
    "grades.no_email": (
        "Contact : voir le Panorama des offres, ou l'Assurance Maladie.",
        "Contact: see the Panorama of offers, or the Assurance Maladie.",
    ),
    "choice.title": ("BAL ORG ou BAL personnelle avec délégation ?", "BAL ORG or personal mailbox with delegation?"),
    "choice": (
        "L'accès partagé peut aussi passer par la délégation d'une BAL personnelle (PER). Plusieurs "
        "professionnels qui partagent une activité : plutôt la BAL ORG. Un professionnel seul qui veut "
        "donner accès à son secrétariat : la délégation de sa BAL personnelle peut suffire.",
        "Shared access can also go through delegating a personal mailbox (PER). Several professionals "
        "sharing an activity: rather a BAL ORG. A single professional giving staff access: delegating "
        "their personal mailbox may do.",
    ),
}


class InformPanel(StepPanel):
    """What a BAL ORG is, and who can help."""

    STEP = "inform"
    DEPENDS = ()
    FIRST_FOCUS = "#region"
    """The step's one field; asked right after what a BAL ORG is, so that it shows on a 24-line
    terminal with the focus (and its GRADeS under it once chosen)."""
    _region: str | None = None

    def compose_form(self) -> ComposeResult:
        yield Static(t(_TEXT, "what"), classes="note")
        yield Static(t(_TEXT, "help.title"), classes="section-title")
        yield Static(t(_TEXT, "help"), classes="note")
        regions = sorted(data.regions().items(), key=lambda item: item[1])
        code = self._region = self._draft_region()
        yield labelled(t(_TEXT, "region"), FSelect([(name, c) for c, name in regions], id="region",
                                                   value=code if code else Select.NULL), "inform.region", bound=False)
        yield Static("", id="grades", classes="derived")
        yield Static(t(_TEXT, "changes.title"), classes="section-title")
        yield Static(t(_TEXT, "changes"), classes="note")
        yield Static(t(_TEXT, "choice.title"), classes="section-title")
        yield Static(t(_TEXT, "choice"), classes="note")

    def _draft_region(self) -> str | None:
        draft = self.wizard.draft
        if draft is None:
            return None
        dep = derive.department(draft.to_data()["structure"])
        return data.departements()[dep]["region"] if dep else None

    def on_mount(self) -> None:
        super().on_mount()
        found = self.query("#region")  # empty when the screen was taken down as it mounted (a draft replaced)
        if found:
            self._show_grades(found.first(Select).value)

    def refresh_form(self) -> None:
        # The region offered is the structure's, and follows it when its postal code moves it
        # to another region (the user may still choose another one meanwhile).
        code = self._draft_region()
        if code != self._region:
            self._region = code
            self.query_one("#region", Select).value = code if code else Select.NULL

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._show_grades(event.value)

    def _show_grades(self, code: object) -> None:
        grades = data.grades().get(code) if isinstance(code, str) else None
        if grades is None:
            self.query_one("#grades", Static).update("")
            return
        contact = (t(_TEXT, "grades.email", email=grades["email"]) if grades.get("email")
                   else t(_TEXT, "grades.no_email"))
        self.query_one("#grades", Static).update(Content(t(_TEXT, "grades", name=grades["name"]) + "\n" + contact))


PANEL = InformPanel
