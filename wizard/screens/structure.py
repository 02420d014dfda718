"""Step 3, Structure: name, kind, FINESS, identifier checked as typed, address, derived département and region."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Input, Select, Static

from wizard.model import data, derive
from wizard.model.findings import label
from wizard.model.i18n import t
from wizard.model.request import KINDS, Identifier
from wizard.screens.base import StepPanel
from wizard.widgets.fields import FSelect, field_id, labelled, show_text

ADDRESS_LINES = 3
"""Address lines offered (the sheet's cases use one or two)."""

_TEXT = {
    "name": ("Nom de la structure", "Name of the structure"),
    "kind": ("Type de structure", "Kind of structure"),
    "kind_other": ("Précisez le type", "Say which kind"),
    "finess": ("Numéro FINESS (la structure en a un : Éligibilité)", "FINESS number (the structure has one: Eligibility)"),
    "identifier.type": ("Identifiant", "Identifier"),
    "identifier.value": ("Numéro, vérifié en direct", "Number, checked as typed"),
    "line": ("Adresse, ligne {n}", "Address, line {n}"),
    "postal_code": ("Code postal", "Postal code"),
    "city": ("Commune", "City"),
    "derived": ("Département : {dep} ({dep_name}) ; région : {region}", "Département: {dep} ({dep_name}); region: {region}"),
    "derived.none": ("Département et région : déduits du code postal.", "Département and region: from the postal code."),
    "type.SIRET": ("SIRET", "SIRET"),
    "type.SIREN": ("SIREN", "SIREN"),
    "type.RPPS_RANG": ("RPPS-rang", "RPPS-rang"),
    "about.SIRET": (
        "SIRET : 14 chiffres, le SIREN de la structure suivi du numéro de l'établissement (avis de situation Insee).",
        "SIRET: 14 digits, the structure's SIREN followed by the establishment's number (Insee notice).",
    ),
    "about.SIREN": (
        "SIREN : 9 chiffres, le numéro de l'entreprise ou de l'association (avis de situation Insee).",
        "SIREN: 9 digits, the number of the company or association (Insee notice).",
    ),
    "about.RPPS_RANG": (
        "RPPS-rang : le RPPS d'un professionnel de la structure (11 chiffres) suivi du rang de son activité "
        "(2 ou 3 chiffres), indiqué dans l'Annuaire Santé.",
        "RPPS-rang: the RPPS of one of the structure's professionals (11 digits) followed by the rank of their "
        "activity (2 or 3 digits), shown in the Annuaire Santé.",
    ),
}
_IDENTIFIER_TYPES = ("SIRET", "SIREN", "RPPS_RANG")


class StructurePanel(StepPanel):
    """The structure under whose responsibility the BAL is opened."""

    STEP = "structure"
    DEPENDS = ("structure",)

    def compose_form(self) -> ComposeResult:
        s = self.wizard.draft.structure  # type: ignore[union-attr]
        yield labelled(t(_TEXT, "name"), Input(s.name, max_length=200), "structure.name")
        yield labelled(t(_TEXT, "kind"), FSelect([(label(f"kind.{k}"), k) for k in KINDS],
                                                 value=s.kind or Select.NULL), "structure.kind")
        other = labelled(t(_TEXT, "kind_other"), Input(s.kind_other or ""), "structure.kind_other", id="kind-other")
        other.display = s.kind == "autre"
        yield other
        ident = s.identifier
        with Horizontal(classes="row"):
            yield labelled(t(_TEXT, "identifier.type"),
                           FSelect([(t(_TEXT, f"type.{k}"), k) for k in _IDENTIFIER_TYPES],
                                   value=ident.type if ident else "SIRET", allow_blank=False),
                           "structure.identifier.type", exact=True)
            yield labelled(t(_TEXT, "identifier.value"), Input(ident.value if ident else ""),
                           "structure.identifier.value", extra=("structure.identifier",), exact=True)
        # What the number is, said before it is typed (and wrong): it follows the type chosen.
        yield Static(t(_TEXT, f"about.{ident.type if ident else 'SIRET'}"), id="identifier-about", classes="note")
        # Asked only when Eligibility says the structure has one (or one is there already, to be cleared).
        finess = labelled(t(_TEXT, "finess"), Input(s.finess or "", max_length=12), "structure.finess",
                          id="finess-field")
        finess.display = self._finess_wanted()
        yield finess
        lines = list(s.address.lines) + [""] * ADDRESS_LINES
        for n in range(ADDRESS_LINES):
            path = f"structure.address.lines[{n}]"
            yield labelled(t(_TEXT, "line", n=n + 1), Input(lines[n], max_length=200, id=field_id(path)),
                           path, extra=("structure.address.lines",) if n == 0 else (), exact=True)
        with Horizontal(classes="row"):
            yield labelled(t(_TEXT, "postal_code"), Input(s.address.postal_code, restrict=r"[0-9 .\-]*", max_length=8),
                           "structure.address.postal_code")
            yield labelled(t(_TEXT, "city"), Input(s.address.city, max_length=100), "structure.address.city")
        yield Static("", id="derived", classes="derived")

    def on_input_changed(self, event: Input.Changed) -> None:
        # The identifier and the address lines are written whole; the other fields are bound (StepPanel).
        widget_id = event.input.id or ""
        value = event.value
        if widget_id == field_id("structure.identifier.value"):
            event.prevent_default()
            kind = self.query_one(f"#{field_id('structure.identifier.type')}", Select).value
            self.wizard.update_draft(lambda r: setattr(
                r.structure, "identifier", Identifier(type=kind, value=value) if value else None),  # type: ignore[arg-type]  # the Select offers the three types only
                key="structure.identifier.value")
        elif widget_id.startswith(field_id("structure.address.lines")):
            event.prevent_default()
            lines = self._address_lines()
            self.wizard.update_draft(lambda r: setattr(r.structure.address, "lines", lines), key=widget_id)

    def _address_lines(self) -> list[str]:
        lines = [self.query_one(f"#{field_id(f'structure.address.lines[{n}]')}", Input).value
                 for n in range(ADDRESS_LINES)]
        while lines and not lines[-1].strip():
            lines.pop()
        return lines

    def on_select_changed(self, event: Select.Changed) -> None:
        event.prevent_default()  # the kind clears what goes with it; the identifier's type keeps its value
        widget_id = event.select.id or ""
        value = None if event.select.is_blank() else event.value

        def change(request) -> None:  # type: ignore[no-untyped-def]
            s = request.structure
            if widget_id == field_id("structure.kind"):
                s.kind = value
                if value != "autre":
                    s.kind_other = None
            elif widget_id == field_id("structure.identifier.type") and s.identifier is not None:
                s.identifier = Identifier(type=value, value=s.identifier.value)  # type: ignore[arg-type]  # one of the Select's three

        self.wizard.update_draft(change)
        if widget_id == field_id("structure.kind"):
            self.query_one("#kind-other").display = value == "autre"
        elif widget_id == field_id("structure.identifier.type") and value in _IDENTIFIER_TYPES:
            show_text(self.query_one("#identifier-about", Static), t(_TEXT, f"about.{value}"))

    def _finess_wanted(self) -> bool:
        """The FINESS field shows when Eligibility says there is one, or when one was entered (to fix or clear)."""
        draft = self.wizard.draft
        return draft is not None and (draft.eligibility.has_finess is True or bool(draft.structure.finess))

    def refresh_form(self) -> None:
        structure = self.wizard.draft.to_data()["structure"]  # type: ignore[union-attr]
        dep, region = derive.department(structure), derive.region(structure)
        text = (t(_TEXT, "derived", dep=dep, dep_name=data.departements()[dep]["name"], region=region)
                if dep else t(_TEXT, "derived.none"))
        show_text(self.query_one("#derived", Static), Content(text))
        finess = self.query_one("#finess-field")
        wanted = self._finess_wanted()
        if finess.display != wanted and not (finess.has_focus_within and not wanted):
            finess.display = wanted  # Eligibility answered since (the panel is kept while the structure is unchanged)


PANEL = StructurePanel
