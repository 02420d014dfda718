"""The Roles step's dialogs: a professional, a co-holder, a delegate (add or edit), a list of professionals.

Each dialog checks its candidate with the model's rules, applied to a copy of
the draft holding the candidate, and shows the findings for the candidate's
own path: the same messages as everywhere else, and no second copy of a rule.
:class:`PeopleListDialog` shows what :func:`wizard.model.people_list.read_people`
reads of pasted lines (or a CSV file) and checks the same way, line by line,
before the valid ones are added in one change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    Select,
    SelectionList,
    Static,
    TextArea,
)

from wizard.model import data
from wizard.model.facts import Listed, fact_findings, french_date, nice_first_name, same_name
from wizard.model.findings import Finding, label
from wizard.model.i18n import t
from wizard.model.identifiers import compact, is_rpps
from wizard.model.people_list import PeopleList, read_people
from wizard.model.request import CoHolder, Delegate, Professional, Request
from wizard.model.rules import check
from wizard.screens.modal import Modal
from wizard.ui.localise import Localised
from wizard.ui.texts import tr
from wizard.widgets.fields import FieldError, FSelect, field_id, labelled
from wizard.widgets.toggles import Tick, TickList

_TEXT = {
    "person.title": ("Professionnel", "Professional"),
    "last_name": ("Nom", "Last name"),
    "first_name": ("Prénom", "First name"),
    "rpps": ("Numéro RPPS (11 chiffres, vérifié pendant la saisie)", "RPPS number (11 digits, checked as you type)"),
    "profession": ("Profession (nomenclature TRE_G15)", "Profession (TRE_G15)"),
    "credentials": ("Moyens d'identification", "Credentials"),
    "email": ("E-mail de contact (facultatif)", "Contact e-mail (optional)"),
    "phone": ("Téléphone (facultatif)", "Phone (optional)"),
    "holder.title": ("Cotitulaire de la BAL", "Co-holder of the mailbox"),
    "holder.person": ("Professionnel", "Professional"),
    "holder.appointed_by": ("Nommé par le cotitulaire", "Appointed by the co-holder"),
    "holder.principal": (
        "Premier cotitulaire : il sera le cotitulaire principal (responsable opérationnel).",
        "First co-holder: they will be the principal (operational lead).",
    ),
    "holder.none": (
        "Tous les professionnels sont déjà cotitulaires : ajoutez d'abord un professionnel.",
        "Every professional is already a co-holder: add a professional first.",
    ),
    "delegate.title": ("Délégataire de la BAL", "Delegate of the mailbox"),
    "function": ("Fonction (ex. : secrétaire médical)", "Function (e.g. medical secretary)"),
    "delegate.rpps": ("Numéro RPPS (facultatif)", "RPPS number (optional)"),
    "rights": ("Droits", "Rights"),
    "delegated_by": ("Cotitulaires qui délèguent", "Co-holders who delegate"),
    "fix": ("Corrigez les erreurs signalées avant de valider.", "Fix the errors shown before confirming."),
    "listed": ("Annuaire RPPS (liste du {date}) : {who}, {profession}.", "RPPS directory (list of {date}): {who}, {profession}."),
    "listed.adeli": ("Annuaire (liste du {date}) : {who}, {profession}, n° ADELI seulement.",
                     "Directory (list of {date}): {who}, {profession}, ADELI number only."),
    "listed.sites": ("Exerce : {sites}.", "Works at: {sites}."),
    "listed.mailboxes": ("BAL personnelles MSSanté : {addresses}.", "Personal MSSanté mailboxes: {addresses}."),
    "listed.no_mailbox": ("Aucune BAL personnelle MSSanté connue (liste du {date}).",
                          "No personal MSSanté mailbox known (list of {date})."),
    "listed.same": ("Identité conforme à l'annuaire.", "Identity as in the directory."),
    "take": ("Reprendre l'identité de l'annuaire (F4)", "Use the directory's identity (F4)"),
    "take.binding": ("Reprendre l'identité", "Use the identity"),
}
_FUNCTIONS = ("secrétaire médical", "secrétaire médicale", "assistant médical", "gestionnaire", "coordinateur")


def person_name(person: Professional) -> str:
    """``First Last`` (or the local id while unnamed)."""
    return f"{person.first_name} {person.last_name}".strip() or person.id


def profession_label(code: str | None) -> str:
    """The TRE_G15 label of `code`, or ``""``."""
    profession = data.professions().get(code or "")
    return profession["label"] if profession else ""


class FormDialog(Localised, Modal[Any]):
    """Common frame: a title, a scrolling form, OK/Cancel, Escape cancels, findings under each field."""

    BINDINGS: ClassVar = [Binding("escape", "cancel", "Cancel")]
    TITLE_KEY = ""

    def __init__(self, draft: Request) -> None:
        super().__init__()
        self.draft = draft

    @classmethod
    def binding_descriptions(cls) -> dict[str, str]:
        return {"cancel": tr("cancel")}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = t(_TEXT, self.TITLE_KEY)
            with VerticalScroll(classes="dialog-form"):
                yield from self.compose_fields()
            yield Static("", classes="dialog-status")
            with Horizontal(classes="buttons"):
                yield Button(tr("ok"), id="dialog-ok", variant="primary", compact=True)
                yield Button(tr("cancel"), id="dialog-cancel", compact=True)

    def compose_fields(self) -> ComposeResult:
        """The dialog's fields."""
        yield from ()

    def candidate(self) -> tuple[Request, str]:
        """A copy of the draft holding what the dialog says, and the candidate's JSON path."""
        raise NotImplementedError

    def result(self) -> Any:
        """What the dialog returns when confirmed."""
        raise NotImplementedError

    def findings(self) -> tuple[list[Finding], str]:
        request, path = self.candidate()
        data = request.to_data()
        return [f for f in self.check(data) if f.path == path or f.path.startswith((path + ".", path + "["))], path

    def check(self, data: dict[str, Any]) -> list[Finding]:
        """The findings on the candidate's request (`data`): the rules', without derived fields."""
        return check(data, derived=False)

    def on_mount(self) -> None:
        self.recheck(show_all=False)

    def recheck(self, *, show_all: bool = True) -> list[Finding]:
        """Show the candidate's findings under its fields; returns its errors."""
        if not self.active:
            return []  # closed (a key queued behind the one that closed it): its fields are gone
        findings, path = self.findings()
        # Findings use the candidate's real path; the fields are named by a neutral one.
        local = [Finding(f.severity, f.code, "c" + f.path[len(path):], f.message) for f in findings]
        touched = [f for f in local if show_all or not f.code.endswith(".missing")]
        for widget in self.query(FieldError):
            widget.show(touched)
        errors = [f for f in findings if f.severity == "error"]
        if not errors:
            self.query_one(".dialog-status", Static).update("")  # "fix the errors" is stale once they are fixed
        return errors

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.recheck()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self.recheck()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.recheck()

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        self.recheck()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "dialog-ok":
            self.action_confirm()
        elif event.button.id == "dialog-cancel":
            self.abandon(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_confirm()

    def action_confirm(self) -> None:
        """Return the result, unless an error remains (shown, focus on the first field at fault)."""
        if not self.active:
            return
        errors = self.recheck()
        if errors:
            self.query_one(".dialog-status", Static).update(t(_TEXT, "fix"))
            return
        self.dismiss(self.result())

    def action_cancel(self) -> None:
        """Close without changing anything (asking first when a field was changed)."""
        self.abandon(None)

    def value(self, path: str) -> str:
        return self.query_one(f"#{field_id(path)}", Input).value


class PersonDialog(FormDialog):
    """Add or edit a professional (someone who is or may be a co-holder).

    With the RPPS directory imported (`facts`), the RPPS typed is looked up as it is typed: the
    line under it says who the directory lists (and their personal MSSanté mailboxes), and F4
    (or its button) writes the directory's last name, first name and profession into the form;
    nothing is written unless asked. A name or profession that differs is a warning under its field.
    """

    TITLE_KEY = "person.title"
    AUTO_FOCUS = "#f-c-last_name"
    BINDINGS: ClassVar = [*FormDialog.BINDINGS, Binding("f4", "take_identity", "Use the identity", show=False)]

    def __init__(self, draft: Request, person: Professional, facts: Any = None) -> None:
        super().__init__(draft)
        self.person = person
        self.facts = facts if facts is not None and getattr(facts, "rpps_date", None) else None
        """The imported lists (:class:`wizard.model.facts.Directories`) when the RPPS directory is one of them."""
        self.listed: Listed | None = None
        """Who the directory lists under the RPPS typed (None: no list, not an RPPS, or not listed)."""

    @classmethod
    def binding_descriptions(cls) -> dict[str, str]:
        return {**super().binding_descriptions(), "take_identity": t(_TEXT, "take.binding")}

    def compose_fields(self) -> ComposeResult:
        p = self.person
        with Horizontal(classes="row"):
            yield labelled(t(_TEXT, "last_name"), Input(p.last_name, max_length=100), "c.last_name")
            yield labelled(t(_TEXT, "first_name"), Input(p.first_name, max_length=100), "c.first_name")
        yield labelled(t(_TEXT, "rpps"), Input(p.rpps, restrict=r"[0-9]*", max_length=11), "c.rpps")
        if self.facts is not None:
            yield Static("", id="directory-says", classes="note directory-says")
            take = Button(t(_TEXT, "take"), id="take-identity", compact=True)
            take.display = False
            yield take
        options = [(f"{x['label']} ({x['code']})", x["code"]) for x in data.active_professions()]
        yield labelled(t(_TEXT, "profession"),
                       FSelect(options, value=p.profession_code or Select.NULL), "c.profession_code")
        yield Label(t(_TEXT, "credentials"), classes="field-label")
        with Horizontal(classes="row", id=field_id("c.credentials")):
            yield Tick(label("credential.cps"), "cps" in p.credentials, id="cred-cps", compact=True)
            yield Tick(label("credential.e-cps"), "e-cps" in p.credentials, id="cred-e-cps", compact=True)
        yield FieldError(("c.credentials",))
        with Horizontal(classes="row"):
            yield labelled(t(_TEXT, "email"), Input(p.email or ""), "c.email")
            yield labelled(t(_TEXT, "phone"), Input(p.phone or ""), "c.phone")

    def result(self) -> Professional:
        select = self.query_one(f"#{field_id('c.profession_code')}", Select)
        credentials = [c for c in ("cps", "e-cps") if self.query_one(f"#cred-{c}", Checkbox).value]
        return Professional(
            id=self.person.id,
            rpps=self.value("c.rpps").strip(),
            last_name=self.value("c.last_name"),
            first_name=self.value("c.first_name"),
            profession_code=None if select.is_blank() else select.value,  # type: ignore[arg-type]
            credentials=credentials,  # type: ignore[arg-type]
            email=self.value("c.email").strip() or None,
            phone=self.value("c.phone").strip() or None,
        )

    def candidate(self) -> tuple[Request, str]:
        request = self.draft.model_copy(deep=True)
        person = self.result()
        ids = [p.id for p in request.people]
        if person.id in ids:
            index = ids.index(person.id)
            request.people[index] = person
        else:
            index = len(request.people)
            request.people.append(person)
        return request, f"people[{index}]"

    def check(self, data: dict[str, Any]) -> list[Finding]:
        """The rules' findings on the candidate, and what the public lists say of them (as warnings)."""
        found = super().check(data)
        return found + fact_findings(data, self.facts) if self.facts is not None else found

    def recheck(self, *, show_all: bool = True) -> list[Finding]:
        errors = super().recheck(show_all=show_all)
        if self.active and self.facts is not None:
            self.show_listed()
        return errors

    def show_listed(self) -> None:
        """Say who the directory lists under the RPPS typed, and offer their identity when it differs."""
        number = compact(self.value("c.rpps"))
        facts = self.facts
        if facts is None:
            return
        listed = None
        if is_rpps(number):
            listed = facts.who(number)
        elif len(number) == 9:
            listed = facts.adeli(number)
        self.listed = listed if listed is not None and listed.kind != "ADELI" else None
        says = self.query_one("#directory-says", Static)
        take = self.query_one("#take-identity", Button)
        if listed is None:
            says.update("")
            says.display = take.display = False
            return
        profession = f"{listed.profession_label} ({listed.profession_code})" if listed.profession_code else "?"
        key = "listed.adeli" if listed.kind == "ADELI" else "listed"
        lines = [t(_TEXT, key, date=french_date(facts.rpps_date), who=listed.name(), profession=profession)]
        if listed.sites:
            lines.append(t(_TEXT, "listed.sites", sites=" ; ".join(
                f"{site.name or '?'} ({' '.join(p for p in (site.postal_code, site.city) if p)}"
                f"{', ' + site.mode.lower() if site.mode else ''})" for site in listed.sites[:3])))
        if listed.mailboxes:
            lines.append(t(_TEXT, "listed.mailboxes", addresses=", ".join(listed.mailboxes)))
        elif getattr(facts, "addresses_date", None):
            lines.append(t(_TEXT, "listed.no_mailbox", date=french_date(facts.addresses_date)))
        differs = self.listed is not None and not self._same_identity(self.listed)
        if self.listed is not None and not differs:
            lines.append(t(_TEXT, "listed.same"))
        says.update(Content("\n".join(lines)))  # the list's text is data: never markup
        says.display = True
        take.display = differs

    def _same_identity(self, listed: Listed) -> bool:
        select = self.query_one(f"#{field_id('c.profession_code')}", Select)
        code = "" if select.is_blank() else str(select.value)
        return (same_name(self.value("c.last_name"), listed.last_name) and same_name(self.value("c.first_name"), listed.first_name)
                and (not listed.profession_code or code == listed.profession_code))

    def action_take_identity(self) -> None:
        """Write the directory's last name, first name and profession into the form (one key, never forced)."""
        listed = self.listed
        if not self.active or listed is None:
            return
        for path, value in (("c.last_name", listed.last_name), ("c.first_name", nice_first_name(listed.first_name))):
            if value:
                self.query_one(f"#{field_id(path)}", Input).value = value
        select = self.query_one(f"#{field_id('c.profession_code')}", Select)
        if listed.profession_code in {x["code"] for x in data.active_professions()}:
            select.value = listed.profession_code
        self.recheck()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "take-identity":
            event.stop()
            self.action_take_identity()
            return
        super().on_button_pressed(event)


class CoHolderDialog(FormDialog):
    """Add a co-holder to a mailbox: who, and which co-holder appointed them."""

    TITLE_KEY = "holder.title"

    def __init__(self, draft: Request, mailbox: int) -> None:
        super().__init__(draft)
        self.mailbox = mailbox
        holders = draft.mailboxes[mailbox].co_holders
        self.members = [c.person for c in holders]
        self.people = {p.id: p for p in draft.people}

    def compose_fields(self) -> ComposeResult:
        free = [p for p in self.draft.people if p.id not in self.members]
        if not free:
            yield Static(t(_TEXT, "holder.none"), classes="note")
        yield labelled(t(_TEXT, "holder.person"),
                       FSelect([(person_name(p), p.id) for p in free], value=free[0].id if free else Select.NULL),
                       "c.person")
        if self.members:
            principal = next((c.person for c in self.draft.mailboxes[self.mailbox].co_holders if c.principal),
                             self.members[0])
            yield labelled(t(_TEXT, "holder.appointed_by"),
                           FSelect([(person_name(self.people[m]) if m in self.people else m, m) for m in self.members],
                                   value=principal, allow_blank=False), "c.appointed_by")
        else:
            yield Static(t(_TEXT, "holder.principal"), classes="note")

    def result(self) -> CoHolder | None:
        select = self.query_one(f"#{field_id('c.person')}", Select)
        if select.is_blank():
            return None
        if not self.members:
            return CoHolder(person=select.value, principal=True)  # type: ignore[arg-type]
        by = self.query_one(f"#{field_id('c.appointed_by')}", Select).value
        return CoHolder(person=select.value, appointed_by=by)  # type: ignore[arg-type]

    def candidate(self) -> tuple[Request, str]:
        request = self.draft.model_copy(deep=True)
        holders = request.mailboxes[self.mailbox].co_holders
        holder = self.result()
        if holder is not None:
            holders.append(holder)
        return request, f"mailboxes[{self.mailbox}].co_holders[{len(holders) - 1}]"

    def action_confirm(self) -> None:
        if not self.active:
            return
        if self.result() is None:
            self.dismiss(None)
            return
        super().action_confirm()


class DelegateDialog(FormDialog):
    """Add or edit a delegate of a mailbox: who, their function, rights, and the co-holders who delegate."""

    TITLE_KEY = "delegate.title"
    AUTO_FOCUS = "#f-c-last_name"
    DEFAULTS: ClassVar = {
        "rights": (" (par défaut : consulter et envoyer)", " (by default: read and send)"),
        "delegated_by": (" (par défaut : tous les cotitulaires)", " (by default: every co-holder)"),
    }
    """Said after a new delegate's pre-filled fields."""

    def __init__(self, draft: Request, mailbox: int, index: int | None, functions: list[str]) -> None:
        super().__init__(draft)
        self.mailbox = mailbox
        self.index = index
        box = draft.mailboxes[mailbox]
        self.delegate = box.delegates[index] if index is not None else Delegate(
            rights=["read", "send"], delegated_by=[c.person for c in box.co_holders])
        self.functions = list(dict.fromkeys([*functions, *_FUNCTIONS]))
        self.people = {p.id: p for p in draft.people}

    def compose_fields(self) -> ComposeResult:
        d = self.delegate
        with Horizontal(classes="row"):
            yield labelled(t(_TEXT, "last_name"), Input(d.last_name, max_length=100), "c.last_name")
            yield labelled(t(_TEXT, "first_name"), Input(d.first_name, max_length=100), "c.first_name")
        yield labelled(t(_TEXT, "function"),
                       Input(d.function, max_length=100, suggester=SuggestFromList(self.functions, case_sensitive=False)),
                       "c.function")
        with Horizontal(classes="row"):
            yield labelled(t(_TEXT, "email"), Input(d.email or ""), "c.email")
            yield labelled(t(_TEXT, "delegate.rpps"), Input(d.rpps or "", restrict=r"[0-9]*", max_length=11), "c.rpps")
        # A new delegate comes with rights and delegators filled in: said so, not taken for the user's choice.
        new = self.index is None
        yield Label(t(_TEXT, "rights") + (t(self.DEFAULTS, "rights") if new else ""), classes="field-label")
        with Horizontal(classes="row", id=field_id("c.rights")):
            yield Tick(label("right.read"), "read" in d.rights, id="right-read", compact=True)
            yield Tick(label("right.send"), "send" in d.rights, id="right-send", compact=True)
        yield FieldError(("c.rights",))
        holders = [c.person for c in self.draft.mailboxes[self.mailbox].co_holders]
        yield labelled(t(_TEXT, "delegated_by") + (t(self.DEFAULTS, "delegated_by") if new else ""), TickList(
            *[(person_name(self.people[h]) if h in self.people else h, h, h in d.delegated_by) for h in holders]),
            "c.delegated_by")
        yield FieldError(("c",), exact=True)

    def result(self) -> Delegate:
        rights = [r for r in ("read", "send") if self.query_one(f"#right-{r}", Checkbox).value]
        chosen = self.query_one(f"#{field_id('c.delegated_by')}", SelectionList).selected
        order = [c.person for c in self.draft.mailboxes[self.mailbox].co_holders]
        return Delegate(
            last_name=self.value("c.last_name"),
            first_name=self.value("c.first_name"),
            function=self.value("c.function"),
            email=self.value("c.email").strip() or None,
            rpps=self.value("c.rpps").strip() or None,
            rights=rights,  # type: ignore[arg-type]
            delegated_by=[p for p in order if p in chosen],
        )

    def candidate(self) -> tuple[Request, str]:
        request = self.draft.model_copy(deep=True)
        delegates = request.mailboxes[self.mailbox].delegates
        if self.index is None:
            delegates.append(self.result())
            index = len(delegates) - 1
        else:
            delegates[self.index] = self.result()
            index = self.index
        return request, f"mailboxes[{self.mailbox}].delegates[{index}]"


_LIST = {
    "title": ("Coller une liste de professionnels", "Paste a list of professionals"),
    "help": (
        "Une ligne par professionnel : RPPS;NOM;Prénom;profession (ou tabulations, virgules ; en-tête reconnu), "
        "la profession par son code (70) ou son libellé.",
        "One line per professional: RPPS;LAST NAME;First name;profession (or tabs, commas; header recognised), "
        "the profession by its code (70) or its label.",
    ),
    "placeholder": ("Collez ici les lignes (Ctrl+V)", "Paste the lines here (Ctrl+V)"),
    "path": ("… ou le chemin d'un fichier CSV", "… or the path of a CSV file"),
    "read": ("Lire le fichier", "Read the file"),
    "add": ("Ajouter les {count} professionnels", "Add the {count} professionals"),
    "add.one": ("Ajouter 1 professionnel", "Add 1 professional"),
    "add.none": ("Aucun professionnel à ajouter", "No professional to add"),
    "summary": (
        "{lines} ligne(s) : {valid} à ajouter, {invalid} en erreur, non ajoutée(s) (corrigez le texte).",
        "{lines} line(s): {valid} to add, {invalid} in error, not added (fix the text).",
    ),
    "summary.ok": ("{lines} ligne(s) : toutes à ajouter.", "{lines} line(s): all to add."),
    "summary.none": ("Aucune ligne pour l'instant.", "No line yet."),
    "header": ("   n°{n} : en-tête, ignorée", "   #{n}: header, skipped"),
    "line": ("n°{n}", "#{n}"),
    "ok": ("✓ ", "✓ "),
    "bad": ("✗ ", "✗ "),
    "error": ("erreur : ", "error: "),
    "warning": ("à vérifier : ", "check: "),
    "unreadable": ("(ligne illisible)", "(unreadable line)"),
    "file.missing": ("Fichier introuvable : {path}", "File not found: {path}"),
    "file.special": ("« {path} » n'est pas un fichier ordinaire.", "'{path}' is not a regular file."),
    "file.large": ("« {path} » est trop volumineux pour une liste (plus de 1 Mo).", "'{path}' is too large for a list (over 1 MB)."),
    "file.refused": ("Lecture de « {path} » impossible : {reason}", "Cannot read '{path}': {reason}"),
    "file.read": ("{path} lu : {lines} ligne(s).", "{path} read: {lines} line(s)."),
}
_LIST_FILE_LIMIT = 1024 * 1024


class PeopleListDialog(Localised, Modal[list[Professional] | None]):
    """Paste (or read from a CSV file) a list of professionals; each line is checked and shown before any is added.

    Dismissed with the valid professionals (added by the caller in one change), or None. Lines in
    error are shown with their findings and never added: the user corrects them in the text, where
    the preview follows, or leaves them out.
    """

    BINDINGS: ClassVar = [Binding("escape", "cancel", "Cancel")]
    AUTO_FOCUS = "#people-list-text"

    def __init__(self, draft: Request) -> None:
        super().__init__()
        self.draft = draft
        self.listing: PeopleList = PeopleList([])
        """What the text says now (lines, findings)."""

    @classmethod
    def binding_descriptions(cls) -> dict[str, str]:
        return {"cancel": tr("cancel")}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = t(_LIST, "title")
            yield Static(t(_LIST, "help"), classes="note")
            yield TextArea(id="people-list-text", soft_wrap=False, show_line_numbers=True, compact=True,
                           placeholder=Content(t(_LIST, "placeholder")))
            with Horizontal(classes="row"):
                yield Input(placeholder=t(_LIST, "path"), id="people-list-path", compact=True)
                yield Button(t(_LIST, "read"), id="people-list-read", compact=True)
            yield Static("", id="people-list-summary")
            with VerticalScroll(id="people-list-preview-box"):
                yield Static("", id="people-list-preview")
            yield Static("", classes="dialog-status", id="people-list-status")
            with Horizontal(classes="buttons"):
                yield Button(t(_LIST, "add.none"), id="people-list-add", variant="primary", compact=True, disabled=True)
                yield Button(tr("cancel"), id="people-list-cancel", compact=True)

    def on_mount(self) -> None:
        self.say(Content(""))
        self.show_preview()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if self.active:
            self.show_preview()

    def show_preview(self) -> None:
        """Read the text again and show each line with its findings, the count, the add button's label."""
        self.listing = read_people(self.query_one("#people-list-text", TextArea).text, self.draft)
        lines, valid = self.listing.lines, len(self.listing.valid)
        parts: list[Content] = []
        if self.listing.header is not None:
            parts.append(Content(t(_LIST, "header", n=self.listing.header)).stylize("dim"))
        for line in lines:
            person = line.person
            mark = (t(_LIST, "ok"), "$text-success") if line.ok else (t(_LIST, "bad"), "$text-error")
            head: list[str | Content | tuple[str, str]] = [mark, (t(_LIST, "line", n=line.number), "bold"), "  "]
            if person is None:
                head += [t(_LIST, "unreadable"), "  ", Content(line.text.strip()[:60])]
            else:
                name = f"{person.first_name} {person.last_name}".strip()
                head += [Content(name), "  ", Content(person.rpps or "—"), "  ",
                         Content(profession_label(person.profession_code) or "—")]
            parts.append(Content.assemble(*head))
            for finding in line.findings:
                key = "error" if finding.severity == "error" else "warning"
                style = "$text-error" if key == "error" else "$text-warning"
                parts.append(Content.assemble("   ", (t(_LIST, key), style), Content(finding.message)))
        self.query_one("#people-list-preview", Static).update(Content("\n").join(parts))
        if not lines:
            summary = t(_LIST, "summary.none")
        elif valid == len(lines):
            summary = t(_LIST, "summary.ok", lines=len(lines))
        else:
            summary = t(_LIST, "summary", lines=len(lines), valid=valid, invalid=len(lines) - valid)
        self.query_one("#people-list-summary", Static).update(summary)
        add = self.query_one("#people-list-add", Button)
        add.label = (t(_LIST, "add", count=valid) if valid > 1 else t(_LIST, "add.one") if valid == 1
                     else t(_LIST, "add.none"))
        add.disabled = valid == 0

    def read_file(self) -> None:
        """Put the CSV file's text in the text area (its lines are then read as pasted ones)."""
        from wizard.fileio import SpecialFile, TooLarge, read_regular

        raw = self.query_one("#people-list-path", Input).value.strip()
        if not raw:
            return
        from pathlib import Path

        path = str(Path(raw).expanduser())
        try:
            content = read_regular(path, limit=_LIST_FILE_LIMIT)
        except FileNotFoundError:
            self.say(Content(t(_LIST, "file.missing", path=raw)))
            return
        except (SpecialFile, IsADirectoryError):
            self.say(Content(t(_LIST, "file.special", path=raw)))
            return
        except TooLarge:
            self.say(Content(t(_LIST, "file.large", path=raw)))
            return
        except OSError as exc:
            self.say(Content(t(_LIST, "file.refused", path=raw, reason=exc.strerror or type(exc).__name__)))
            return
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("cp1252", errors="replace")  # a CSV saved by a French spreadsheet
        text = text.replace("\x00", "")
        self.query_one("#people-list-text", TextArea).load_text(text)
        self.say(Content(t(_LIST, "file.read", path=raw, lines=len(text.splitlines()))))
        self.show_preview()  # load_text posts its Changed later: the preview is right at once

    def say(self, text: Content) -> None:
        """Show what happened to the file (the line is hidden while empty)."""
        status = self.query_one("#people-list-status", Static)
        status.update(text)
        status.display = bool(text.plain)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.active:
            self.read_file()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if not self.active:
            return
        if event.button.id == "people-list-read":
            self.read_file()
        elif event.button.id == "people-list-add":
            self.action_confirm()
        elif event.button.id == "people-list-cancel":
            self.abandon(None)

    def action_confirm(self) -> None:
        """Add the valid professionals of the text as it is now (read again: keys may come in a burst)."""
        if not self.active:
            return
        self.show_preview()
        if self.listing.valid:
            self.dismiss(self.listing.valid)

    def action_cancel(self) -> None:
        """Close without adding anything (asking first when something was pasted or typed)."""
        self.abandon(None)


def open_dialog(screen: Any, dialog: Modal[Any], done: Callable[[Any], object]) -> None:
    """Push `dialog`; `done` gets its result when confirmed (not when cancelled)."""

    def finish(result: Any) -> None:
        if result is not None:
            done(result)

    screen.app.push_screen(dialog, finish)
