"""Step 6, Usage: what is exchanged, how the BAL fits with personal BALs, the checklist, directory details."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Checkbox, Input, Label, SelectionList, Static, TextArea

from wizard.model.findings import label
from wizard.model.i18n import t
from wizard.model.request import EXCHANGED, Mailbox
from wizard.screens.base import StepScreen
from wizard.widgets.fields import FieldError, field_id, labelled, show_text

CHECKLIST = ("prerequisites_checked", "patients_informed", "partners_informed")
"""The sheet's "organise the use" items."""

_TEXT = {
    "exchanged": ("Qu'est-ce qui est échangé via cette BAL ?", "What goes through this mailbox?"),
    "exchanged_other": ("Précisez les autres échanges", "Describe the other exchanges"),
    "articulation": (
        "Articulation avec les BAL personnelles MSSanté des professionnels",
        "How the mailbox fits with the professionals' personal MSSanté mailboxes",
    ),
    "checklist": ("Mettre en place l'organisation", "Set up the organisation"),
    "check.prerequisites_checked": (
        "Chaque professionnel a les prérequis d'accès définis par l'opérateur",
        "Each professional has the operator's access prerequisites",
    ),
    "check.patients_informed": ("Les patients sont informés de l'usage d'une BAL partagée", "Patients are told a shared mailbox is used"),
    "check.partners_informed": ("L'ouverture est annoncée aux partenaires externes", "External partners are told the mailbox is open"),
    "directory": ("Annuaire Santé : BAL n°{n} {address}", "Annuaire Santé: mailbox #{n} {address}"),
    "description": ("Description publiée dans l'annuaire", "Description published in the directory"),
    "service": ("Service (facultatif)", "Service (optional)"),
    "liste_rouge": ("Liste rouge : ne pas publier dans l'annuaire", "Liste rouge: do not publish in the directory"),
}


def _heading(index: int, box: Mailbox) -> str:
    address = f"{box.local_part}@{box.domain}" if box.local_part and box.domain else ""
    return t(_TEXT, "directory", n=index + 1, address=address).strip()


class Directory(Vertical):
    """What the directory will show of each mailbox: description, service, liste rouge.

    Follows the draft in place: the headings when an address changes (Name), every field
    when mailboxes are added or removed (Roles).
    """

    def __init__(self, mailboxes: list[Mailbox]) -> None:
        super().__init__(id="directory")
        self.mailboxes = [box.model_copy() for box in mailboxes]
        self._pending = False

    def compose(self) -> ComposeResult:
        self._pending = False
        for i, box in enumerate(self.mailboxes):
            base = f"mailboxes[{i}]"
            yield Static(_heading(i, box), id=f"directory-{i}", classes="section-title", markup=False)
            yield labelled(t(_TEXT, "description"), Input(box.description or "", max_length=500),
                           f"{base}.description")
            yield labelled(t(_TEXT, "service"), Input(box.service or "", max_length=200), f"{base}.service")
            yield Checkbox(t(_TEXT, "liste_rouge"), box.liste_rouge, id=field_id(f"{base}.liste_rouge"))

    def _on_show(self) -> list[tuple[str, str, bool]]:
        """The fields as they are on show (or about to be, while a rebuild is pending)."""
        if self._pending:
            return [_fields(box) for box in self.mailboxes]
        return [(self.query_one(f"#{field_id(f'mailboxes[{i}].description')}", Input).value,
                 self.query_one(f"#{field_id(f'mailboxes[{i}].service')}", Input).value,
                 self.query_one(f"#{field_id(f'mailboxes[{i}].liste_rouge')}", Checkbox).value)
                for i in range(len(self.mailboxes))]

    def show(self, mailboxes: list[Mailbox]) -> None:
        """Show `mailboxes`: rebuilt when their fields differ from those on show, else the headings updated."""
        # What is typed here goes to the draft as typed: the fields differ from the draft only
        # when Roles added or removed a mailbox, and then the part is built again.
        if [_fields(box) for box in mailboxes] != self._on_show():
            self.mailboxes = [box.model_copy() for box in mailboxes]
            self._pending = True
            self.refresh(recompose=True)
            return
        for i, box in enumerate(mailboxes):
            show_text(self.query_one(f"#directory-{i}", Static), _heading(i, box))


def _fields(box: Mailbox) -> tuple[str, str, bool]:
    return (box.description or "", box.service or "", box.liste_rouge)


class UsageScreen(StepScreen):
    """How the mailbox will be used, and what the directory will show."""

    STEP = "usage"
    DEPENDS = ("usage",)
    """The mailboxes' part (edited at Roles and Name too) follows the draft in place: :class:`Directory`."""
    CSS_PATH = "usage.tcss"

    def compose_form(self) -> ComposeResult:
        draft = self.wizard.draft
        assert draft is not None
        usage = draft.usage
        yield Label(t(_TEXT, "exchanged"), classes="field-label")
        yield SelectionList[str](*[(label(f"exchanged.{e}"), e, e in usage.exchanged) for e in EXCHANGED],
                                 id=field_id("usage.exchanged"))
        yield FieldError(("usage.exchanged",), exact=True)
        other = labelled(t(_TEXT, "exchanged_other"), Input(usage.exchanged_other or "", max_length=500),
                         "usage.exchanged_other", id="exchanged-other")
        other.display = "autre" in usage.exchanged
        yield other
        yield Label(t(_TEXT, "articulation"), classes="field-label")
        yield TextArea(usage.articulation, id=field_id("usage.articulation"), soft_wrap=True, show_line_numbers=False)
        yield FieldError(("usage.articulation",))
        yield Static(t(_TEXT, "checklist"), classes="section-title")
        for key in CHECKLIST:
            path = f"usage.checklist.{key}"
            yield Checkbox(t(_TEXT, f"check.{key}"), getattr(usage.checklist, key), id=field_id(path))
            yield FieldError((path,))
        yield Directory(draft.mailboxes)

    def refresh_form(self) -> None:
        self.query_one(Directory).show(self.wizard.draft.mailboxes)  # type: ignore[union-attr]

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        chosen = set(event.selection_list.selected)
        ordered = [e for e in EXCHANGED if e in chosen]

        def change(request: Any) -> None:
            request.usage.exchanged = ordered
            if "autre" not in ordered:
                request.usage.exchanged_other = None

        self.wizard.update_draft(change)
        self.query_one("#exchanged-other").display = "autre" in ordered

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        text = event.text_area.text
        self.wizard.update_draft(lambda r: setattr(r.usage, "articulation", text))

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        widget_id, value = event.checkbox.id or "", event.value
        for key in CHECKLIST:
            if widget_id == field_id(f"usage.checklist.{key}"):
                self.wizard.update_draft(lambda r: setattr(r.usage.checklist, key, value))
                return
        for i in range(len(self.wizard.draft.mailboxes)):  # type: ignore[union-attr]
            if widget_id == field_id(f"mailboxes[{i}].liste_rouge"):
                self.wizard.update_draft(lambda r: setattr(r.mailboxes[i], "liste_rouge", value))
                return

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        widget_id, value = event.input.id or "", event.value
        if widget_id == field_id("usage.exchanged_other"):
            self.wizard.update_draft(lambda r: setattr(r.usage, "exchanged_other", value or None))
            return
        for i in range(len(self.wizard.draft.mailboxes)):  # type: ignore[union-attr]
            for key in ("description", "service"):
                if widget_id == field_id(f"mailboxes[{i}].{key}"):
                    self.wizard.update_draft(lambda r: setattr(r.mailboxes[i], key, value or None))
                    return


SCREEN = UsageScreen
