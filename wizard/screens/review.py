"""Step 7, Review and export: the request summarised, every finding with its step, acknowledgements, export."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Checkbox, Input, Static

from wizard.fileio import os_reason
from wizard.model import derive
from wizard.model.findings import Finding, has_errors, label, step_of
from wizard.model.i18n import t
from wizard.model.request import Advisor, Request
from wizard.screens.base import StepPanel
from wizard.screens.people import person_name, profession_label
from wizard.widgets.fields import bind, field_id, labelled
from wizard.widgets.findings import FindingsList
from wizard.widgets.toggles import Tick

_TEXT = {
    "summary": ("La demande", "The request"),
    "s.structure": ("Structure : {name} ({kind})", "Structure: {name} ({kind})"),
    "s.identifier": ("Identifiant : {value}", "Identifier: {value}"),
    "s.address": ("Adresse : {address}", "Address: {address}"),
    "s.outcome": ("Éligibilité : {outcome}", "Eligibility: {outcome}"),
    "s.people": ("Professionnels : {people}", "Professionals: {people}"),
    "s.mailbox": ("BAL n°{n} : {address} ; principal : {principal} ; {holders} cotitulaire(s), {delegates} délégataire(s)",
                  "Mailbox #{n}: {address}; principal: {principal}; {holders} co-holder(s), {delegates} delegate(s)"),
    "s.exchanged": ("Échanges : {items}", "Exchanges: {items}"),
    "s.none": ("—", "—"),
    "ack": ("Engagements", "Acknowledgements"),
    "ack.co_holder_responsibility": (
        "Les cotitulaires sont responsables des informations échangées et des accès qu'ils ouvrent par délégation.",
        "Co-holders are responsible for the information exchanged and the accesses they open by delegation.",
    ),
    "ack.delegate_confidentiality": (
        "Les délégataires n'accèdent aux données des patients que sous la responsabilité d'un professionnel, "
        "dans le cadre de leurs missions et du secret professionnel.",
        "Delegates access patient data only under a professional's responsibility, within their duties and "
        "professional secrecy.",
    ),
    "contact": ("Contact pour l'opérateur", "Contact for the operator"),
    "contact.name": ("Nom", "Name"),
    "contact.email": ("E-mail", "E-mail"),
    "contact.phone": ("Téléphone (facultatif)", "Phone (optional)"),
    "advisor": ("Accompagné par un conseiller (GRADeS…)", "Guided by an advisor (GRADeS…)"),
    "advisor.name": ("Nom du conseiller", "Advisor's name"),
    "advisor.organisation": ("Organisme", "Organisation"),
    "advisor.email": ("E-mail du conseiller (facultatif)", "Advisor's e-mail (optional)"),
    "export": ("Exporter la demande", "Export the request"),
    "export.path": ("Fichier à écrire (modifiable)", "File to write (editable)"),
    "export.button": ("Exporter", "Export"),
    "export.blocked": ("Export impossible : {count} erreur(s) à corriger (voir la liste).",
                       "Cannot export: {count} error(s) to fix (see the list)."),
    "export.done": ("Demande exportée dans : {path}", "Request exported to: {path}"),
    "export.done.web": ("Demande exportée sur la machine qui sert balorg, dans : {path}. Le navigateur en télécharge une copie.",
                        "Request exported on the machine serving balorg, to: {path}. The browser downloads a copy."),
    "export.failed": ("Écriture impossible : {reason}", "Cannot write: {reason}"),
    "export.ready": ("Prêt à exporter.", "Ready to export."),
    "confirm.title": ("Exporter la demande ?", "Export the request?"),
    "confirm.message": (
        "La demande sera écrite dans :\n{path}\n\nLe brouillon deviendra en lecture seule : pour le changer "
        "ensuite, rouvrez-le comme nouveau brouillon depuis l'accueil.",
        "The request will be written to:\n{path}\n\nThe draft will become read-only: to change it afterwards, "
        "reopen it as a new draft from Home.",
    ),
    "confirm.replace": ("Ce fichier existe déjà : il sera remplacé.", "This file exists already: it will be replaced."),
    "confirm.export": ("Exporter", "Export"),
    "confirm.cancel": ("Annuler", "Cancel"),
    "documents": ("Documents pour la structure", "Documents for the structure"),
    "documents.note": (
        "Le récapitulatif de la demande, l'information des patients et l'annonce aux partenaires : "
        "à relire, puis à écrire dans un dossier (F3).",
        "The request summary, the patient notice and the partners' announcement: preview them, then "
        "write them to a folder (F3).",
    ),
    "documents.button": ("Voir et écrire les documents…", "Preview and write the documents…"),
    "documents.key": ("Documents", "Documents"),
}


class ReviewPanel(StepPanel):
    """Everything at a glance, and the export."""

    STEP = "review"
    DEPENDS = ("structure", "acknowledgements", "contact", "advisor")
    FIRST_FOCUS = "#step-findings"
    FINDINGS_FIRST = True

    def compose_form(self) -> ComposeResult:
        draft = self.wizard.draft
        assert draft is not None
        yield Static(t(_TEXT, "summary"), classes="section-title")
        yield Static("", id="summary")
        yield Static(t(_TEXT, "ack"), classes="section-title")
        ack = draft.acknowledgements
        for key in ("co_holder_responsibility", "delegate_confidentiality"):
            yield bind(Tick(t(_TEXT, f"ack.{key}"), getattr(ack, key)), f"acknowledgements.{key}")
        yield Static(t(_TEXT, "contact"), classes="section-title")
        yield labelled(t(_TEXT, "contact.name"), Input(draft.contact.name, max_length=200), "contact.name")
        with Horizontal(classes="row"):
            yield labelled(t(_TEXT, "contact.email"), Input(draft.contact.email), "contact.email")
            yield labelled(t(_TEXT, "contact.phone"), Input(draft.contact.phone or ""), "contact.phone")
        yield Tick(t(_TEXT, "advisor"), draft.advisor is not None, id=field_id("advisor"))
        advisor = draft.advisor or Advisor()
        with Horizontal(classes="row", id="advisor-fields"):
            yield labelled(t(_TEXT, "advisor.name"), Input(advisor.name, max_length=200), "advisor.name")
            yield labelled(t(_TEXT, "advisor.organisation"), Input(advisor.organisation, max_length=200),
                           "advisor.organisation")
        advisor_email = labelled(t(_TEXT, "advisor.email"), Input(advisor.email or ""), "advisor.email",
                                 id="advisor-email")
        yield advisor_email
        yield Static(t(_TEXT, "export"), classes="section-title")
        yield labelled(t(_TEXT, "export.path"), Input(self._default_path(), id="export-path"), "export.path",
                       bound=False)
        with Horizontal(classes="buttons-row"):
            yield Button(t(_TEXT, "export.button"), id="export", variant="success", compact=True)
        yield Static("", id="export-result")
        yield Static(t(_TEXT, "documents"), classes="section-title")
        yield Static(t(_TEXT, "documents.note"), classes="note")
        with Horizontal(classes="buttons-row"):
            yield Button(t(_TEXT, "documents.button"), id="documents", compact=True)

    def _default_path(self) -> str:
        """The file proposed: the draft's file name in :meth:`BalOrgApp.export_folder` (never the current folder)."""
        from wizard.model.export import default_file_name

        return str(self.wizard.export_folder() / default_file_name(self.wizard.draft))  # type: ignore[arg-type]

    def listed_findings(self) -> list[Finding]:
        return self.wizard.findings

    def refresh_form(self) -> None:
        draft = self.wizard.draft
        assert draft is not None
        self.query_one("#summary", Static).update(Content(_summary(draft)))
        with_advisor = draft.advisor is not None
        self.query_one("#advisor-fields").display = with_advisor
        self.query_one("#advisor-email").display = with_advisor
        errors = [f for f in self.wizard.findings if f.severity == "error"]
        self.query_one("#export", Button).disabled = bool(errors)
        result = self.query_one("#export-result", Static)
        if errors:
            result.update(t(_TEXT, "export.blocked", count=len(errors)))
            result.set_classes("-blocked")
        elif self.wizard.last_export is None:
            result.update(t(_TEXT, "export.ready"))
            result.set_classes("")

    def on_findings_list_jump(self, event: FindingsList.Jump) -> None:
        event.stop()
        step = step_of(event.finding.path)
        if step == self.STEP or step == "home":
            self.focus_path(event.finding.path)
        else:
            self.wizard.goto(step, focus=event.finding.path)

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        if event.checkbox.id != field_id("advisor"):
            return  # a bound field: written by StepPanel
        event.prevent_default()
        value = event.value
        self.wizard.update_draft(lambda r: setattr(r, "advisor", Advisor(
            name=self._field_value("advisor.name"), organisation=self._field_value("advisor.organisation"),
            email=self._field_value("advisor.email").strip() or None) if value else None))

    def _field_value(self, path: str) -> str:
        return self.query_one(f"#{field_id(path)}", Input).value

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "export-path":
            event.stop()
            self.export()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export":
            event.stop()
            self.export()
            return
        if event.button.id == "documents":
            event.stop()
            self.action_documents()
            return
        super().on_button_pressed(event)

    def action_documents(self) -> None:
        """Preview the practice's documents (summary, patient notice, announcement) and write them."""
        from wizard.screens.documents import DocumentsScreen

        self.app.push_screen(DocumentsScreen())

    def export(self) -> None:
        """Ask to confirm the export to the path given (naming the file, saying the draft becomes
        read-only); refused while errors remain, and when the checks made as it is written would refuse it."""
        from wizard.model.export import ExportBlocked, exported_data
        from wizard.screens.dialogs import ChoiceScreen

        if self.app.screen is not self.screen:
            return  # the confirmation is open already (Enter twice in a burst)
        draft = self.wizard.draft
        assert draft is not None
        if has_errors(self.wizard.findings):
            self.app.bell()
            return
        target = self._export_target()
        try:
            exported_data(draft, known=self.wizard.known)  # what the writing would refuse, said before asking
        except ExportBlocked as blocked:
            self._blocked(blocked.findings)
            return
        message = t(_TEXT, "confirm.message", path=str(target))
        if target.exists():
            message += "\n" + t(_TEXT, "confirm.replace")
        self.app.push_screen(
            ChoiceScreen(t(_TEXT, "confirm.title"), message,
                         [("export", t(_TEXT, "confirm.export")), ("cancel", t(_TEXT, "confirm.cancel"))],
                         cancel="cancel", focus="cancel", id="export-confirm"),
            partial(self._confirmed, target),
        )

    def _confirmed(self, target: Path, choice: str | None) -> None:
        if choice == "export":
            self.write_export(target)

    def _export_target(self) -> Path:
        """The file named in the path field; a name alone or a relative path is in the folder proposed."""
        raw = self.query_one("#export-path", Input).value.strip() or self._default_path()
        target = Path(raw).expanduser()
        return (target if target.is_absolute() else self.wizard.export_folder() / target).resolve()

    def _blocked(self, findings: list[Finding]) -> None:
        result = self.query_one("#export-result", Static)
        errors = [f for f in findings if f.severity == "error"]
        result.update(Content(t(_TEXT, "export.blocked", count=len(errors)) + "\n" +
                              "\n".join(f.message for f in errors[:5])))
        result.set_classes("-blocked")

    def write_export(self, target: Path) -> Path | None:
        """Write the exported request to `target` (confirmed); the draft is then marked exported (read-only)."""
        from wizard.model.export import ExportBlocked, export_to

        result = self.query_one("#export-result", Static)
        draft = self.wizard.draft
        if draft is None or has_errors(self.wizard.findings):
            self.app.bell()
            return None
        try:
            # Checked again as it is written, against what this machine knows: an existing
            # address is never exported, even before the lookup in the background answered.
            written = export_to(draft, target, known=self.wizard.known)
        except ExportBlocked as blocked:
            self._blocked(blocked.findings)
            return None
        except OSError as exc:
            result.update(Content(t(_TEXT, "export.failed", reason=os_reason(exc))))
            result.set_classes("-blocked")
            return None
        self.wizard.last_export = written
        self.wizard.dirty = False  # everything entered is in the exported file, which reopens
        message = t(_TEXT, "export.done", path=str(written))
        if self.app.is_web:  # balorg serve: the file is on the server's machine; the page gets a copy too
            self.app.deliver_text(written, save_filename=written.name, encoding="utf-8", mime_type="application/json")
            message = t(_TEXT, "export.done.web", path=str(written))
        result.update(Content(message))
        result.set_classes("-done")
        self.notify(message, markup=False)
        return written


def _summary(draft: Request) -> str:
    data = draft.to_data()
    s = draft.structure
    none = t(_TEXT, "s.none")
    kind = label(f"kind.{s.kind}") if s.kind else none
    lines = [t(_TEXT, "s.structure", name=s.name or none, kind=s.kind_other if s.kind == "autre" and s.kind_other else kind)]
    if s.identifier and s.identifier.value:
        lines.append(t(_TEXT, "s.identifier", value=f"{s.identifier.type} {s.identifier.value}"))
    place = ", ".join(x for x in [*s.address.lines, f"{s.address.postal_code} {s.address.city}".strip()] if x)
    region = derive.region(data["structure"])
    lines.append(t(_TEXT, "s.address", address=(place or none) + (f" ({region})" if region else "")))
    outcome = derive.outcome(data["eligibility"])
    lines.append(t(_TEXT, "s.outcome", outcome=label(f"outcome.{outcome}") if outcome else none))
    people = "; ".join(f"{person_name(p)} ({profession_label(p.profession_code) or none})" for p in draft.people)
    lines.append(t(_TEXT, "s.people", people=people or none))
    names = {p.id: person_name(p) for p in draft.people}
    for i, box in enumerate(draft.mailboxes):
        principal = next((names.get(c.person, c.person) for c in box.co_holders if c.principal), none)
        lines.append(t(_TEXT, "s.mailbox", n=i + 1, address=derive.address(data["mailboxes"][i]) or none,
                       principal=principal, holders=len(box.co_holders), delegates=len(box.delegates)))
    items = ", ".join(label(f"exchanged.{e}") for e in draft.usage.exchanged)
    lines.append(t(_TEXT, "s.exchanged", items=items or none))
    return "\n".join(lines)


PANEL = ReviewPanel
