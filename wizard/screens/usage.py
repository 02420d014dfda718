"""Step 6, Usage: what is exchanged, how the BAL fits with personal BALs, the checklist, directory details."""

from __future__ import annotations

import re
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Input, Label, SelectionList, Static, TextArea

from wizard.model.findings import label
from wizard.model.i18n import t
from wizard.model.request import EXCHANGED, Mailbox
from wizard.screens.base import StepPanel
from wizard.widgets.fields import FieldError, bind, field_id, labelled, show_text
from wizard.widgets.toggles import Tick, TickList

CHECKLIST = ("prerequisites_checked", "patients_informed", "partners_informed")
"""The sheet's "organise the use" items."""
DOCUMENT_OF = {"patients_informed": "notice", "partners_informed": "announcement"}
"""The document that does what a checklist item asks (see the Documents dialog, F3 on Export)."""

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
    "doc.notice": ("Voir l'information des patients…", "See the patient notice…"),
    "doc.announcement": ("Voir l'annonce aux partenaires…", "See the partners' announcement…"),
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
        self._rebuild_pending = False
        self._own_edits: set[tuple[int, str]] = set()

    def compose(self) -> ComposeResult:
        self._rebuild_pending = False
        for i, box in enumerate(self.mailboxes):
            base = f"mailboxes[{i}]"
            yield Static(_heading(i, box), id=f"directory-{i}", classes="section-title", markup=False)
            yield labelled(t(_TEXT, "description"), Input(box.description or "", max_length=500),
                           f"{base}.description")
            yield labelled(t(_TEXT, "service"), Input(box.service or "", max_length=200), f"{base}.service")
            yield bind(Tick(t(_TEXT, "liste_rouge"), box.liste_rouge), f"{base}.liste_rouge")

    def own_edit(self, index: int, key: str) -> None:
        """A field of this part is about to change the draft: not a reason to rebuild it."""
        self._own_edits.add((index, key))

    def show(self, mailboxes: list[Mailbox]) -> None:
        """Show `mailboxes`: rebuilt when they changed elsewhere (Roles added or removed one), else the headings updated.

        What is typed here goes to the draft as typed, and is told apart (:meth:`own_edit`): a
        burst of keys (a paste over SSH) puts several characters in a field before the draft has
        heard of the first, so the fields on show are never compared with the draft, only the
        draft with what it was when last shown; a rebuild would take the focus away mid-typing.
        """
        own, self._own_edits = self._own_edits, set()
        if self._rebuild_pending:
            self.mailboxes = [box.model_copy() for box in mailboxes]
            return  # composed from self.mailboxes in a moment
        changed = len(mailboxes) != len(self.mailboxes) or any(
            (i, key) not in own
            for i, (before, now) in enumerate(zip(self.mailboxes, mailboxes, strict=True))
            for key, old, new in zip(("description", "service", "liste_rouge"), _fields(before), _fields(now), strict=True)
            if old != new
        )
        self.mailboxes = [box.model_copy() for box in mailboxes]
        if changed:
            self._rebuild_pending = True
            self.refresh(recompose=True)
            return
        for i, box in enumerate(mailboxes):
            show_text(self.query_one(f"#directory-{i}", Static), _heading(i, box))


def _fields(box: Mailbox) -> tuple[str, str, bool]:
    return (box.description or "", box.service or "", box.liste_rouge)


class UsagePanel(StepPanel):
    """How the mailbox will be used, and what the directory will show."""

    STEP = "usage"
    DEPENDS = ("usage",)
    """The mailboxes' part (edited at Roles and Name too) follows the draft in place: :class:`Directory`."""
    FIRST_FOCUS = "SelectionList, Input, TextArea, Checkbox"
    """The first question is a list of what is exchanged."""

    def compose_form(self) -> ComposeResult:
        draft = self.wizard.draft
        assert draft is not None
        usage = draft.usage
        yield Label(t(_TEXT, "exchanged"), classes="field-label")
        yield TickList(*[(label(f"exchanged.{e}"), e, e in usage.exchanged) for e in EXCHANGED],
                                 id=field_id("usage.exchanged"))
        yield FieldError(("usage.exchanged",), exact=True)
        other = labelled(t(_TEXT, "exchanged_other"), Input(usage.exchanged_other or "", max_length=500),
                         "usage.exchanged_other", id="exchanged-other")
        other.display = "autre" in usage.exchanged
        yield other
        yield Label(t(_TEXT, "articulation"), classes="field-label")
        yield bind(TextArea(usage.articulation, soft_wrap=True, show_line_numbers=False), "usage.articulation")
        yield FieldError(("usage.articulation",))
        yield Static(t(_TEXT, "checklist"), classes="section-title")
        for key in CHECKLIST:
            path = f"usage.checklist.{key}"
            yield bind(Tick(t(_TEXT, f"check.{key}"), getattr(usage.checklist, key)), path)
            document = DOCUMENT_OF.get(key)
            if document is not None:  # the document that informs them, right where it is asked
                yield Button(t(_TEXT, f"doc.{document}"), id=f"doc-{document}", classes="document-button",
                             compact=True)
            yield FieldError((path,))
        yield Directory(draft.mailboxes)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        document = (event.button.id or "").removeprefix("doc-")
        if document in DOCUMENT_OF.values():
            event.stop()
            self.show_document(document)

    def show_document(self, kind: str) -> None:
        """The Documents dialog, on `kind` (``notice``, ``announcement``): read, then written to a folder."""
        from wizard.screens.documents import DocumentsScreen

        screen = DocumentsScreen()
        self.app.push_screen(screen)
        screen.call_after_refresh(screen.show, kind)

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

    _DIRECTORY_FIELD = re.compile(r"mailboxes\[(\d+)\]\.(description|service|liste_rouge)")

    def write_field(self, path: str, value: object, *, typed: bool = False) -> bool:
        found = self._DIRECTORY_FIELD.fullmatch(path)
        if found:
            self.query_one(Directory).own_edit(int(found.group(1)), found.group(2))
        return super().write_field(path, value, typed=typed)


PANEL = UsagePanel
