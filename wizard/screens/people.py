"""The Roles step's dialogs: a professional, a co-holder, a delegate (add or edit).

Each dialog checks its candidate with the model's rules, applied to a copy of
the draft holding the candidate, and shows the findings for the candidate's
own path: the same messages as everywhere else, and no second copy of a rule.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    Select,
    SelectionList,
    Static,
)

from wizard.model import data
from wizard.model.findings import Finding, label
from wizard.model.i18n import t
from wizard.model.request import CoHolder, Delegate, Professional, Request
from wizard.model.rules import check
from wizard.screens.modal import Modal
from wizard.ui.localise import Localised
from wizard.ui.texts import tr
from wizard.widgets.fields import FieldError, FSelect, field_id, labelled

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
        mine = [f for f in check(request.to_data(), derived=False)
                if f.path == path or f.path.startswith((path + ".", path + "["))]
        return mine, path

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
            self.dismiss(None)

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
        """Close without changing anything."""
        self.dismiss(None)

    def value(self, path: str) -> str:
        return self.query_one(f"#{field_id(path)}", Input).value


class PersonDialog(FormDialog):
    """Add or edit a professional (someone who is or may be a co-holder)."""

    TITLE_KEY = "person.title"
    AUTO_FOCUS = "#f-c-last_name"

    def __init__(self, draft: Request, person: Professional) -> None:
        super().__init__(draft)
        self.person = person

    def compose_fields(self) -> ComposeResult:
        p = self.person
        with Horizontal(classes="row"):
            yield labelled(t(_TEXT, "last_name"), Input(p.last_name, max_length=100), "c.last_name")
            yield labelled(t(_TEXT, "first_name"), Input(p.first_name, max_length=100), "c.first_name")
        yield labelled(t(_TEXT, "rpps"), Input(p.rpps, restrict=r"[0-9]*", max_length=11), "c.rpps")
        options = [(f"{x['label']} ({x['code']})", x["code"]) for x in data.active_professions()]
        yield labelled(t(_TEXT, "profession"),
                       FSelect(options, value=p.profession_code or Select.NULL), "c.profession_code")
        yield Label(t(_TEXT, "credentials"), classes="field-label")
        with Horizontal(classes="row", id=field_id("c.credentials")):
            yield Checkbox(label("credential.cps"), "cps" in p.credentials, id="cred-cps", compact=True)
            yield Checkbox(label("credential.e-cps"), "e-cps" in p.credentials, id="cred-e-cps", compact=True)
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
        yield Label(t(_TEXT, "rights"), classes="field-label")
        with Horizontal(classes="row", id=field_id("c.rights")):
            yield Checkbox(label("right.read"), "read" in d.rights, id="right-read", compact=True)
            yield Checkbox(label("right.send"), "send" in d.rights, id="right-send", compact=True)
        yield FieldError(("c.rights",))
        holders = [c.person for c in self.draft.mailboxes[self.mailbox].co_holders]
        yield labelled(t(_TEXT, "delegated_by"), SelectionList[str](
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


def open_dialog(screen: Any, dialog: FormDialog, done: Callable[[Any], object]) -> None:
    """Push `dialog`; `done` gets its result when confirmed (not when cancelled)."""

    def finish(result: Any) -> None:
        if result is not None:
            done(result)

    screen.app.push_screen(dialog, finish)
