"""Step 5, Name: per mailbox, the local part checked as typed, suggestions, the domain, the address previewed.

The known-addresses check (the directory) is the App's: it runs in a thread,
off the keystroke path, and its findings join the draft's one list (this
step's fields, the step bar, Review and export all show them); a late answer
for an older spelling is dropped.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Static

from wizard.model import naming
from wizard.model.facts import french_date, french_number
from wizard.model.i18n import t
from wizard.model.request import Request
from wizard.screens.base import StepPanel
from wizard.widgets.fields import field_id, labelled, show_text

_TEXT = {
    "mailbox": ("BAL n°{n}", "Mailbox #{n}"),
    "local_part": ("Nom de la BAL (partie avant @)", "Mailbox name (before @)"),
    "suggestions": ("Suggestions :", "Suggestions:"),
    "domain": ("Domaine de l'opérateur (imposé par l'opérateur)", "Operator's domain (set by the operator)"),
    "domain.placeholder": ("ex. : medecin.mssante.fr", "e.g. medecin.mssante.fr"),
    "operator": ("Opérateur (facultatif)", "Operator (optional)"),
    "preview": ("Adresse : {address}", "Address: {address}"),
    "preview.none": ("Adresse : à compléter", "Address: to complete"),
    "domains.known": ("Domaines connus (liste MSSanté du {date}) :", "Known domains (MSSanté list of {date}):"),
    "domain.use": ("{domain} · {org} ORG, {per} PER", "{domain} · {org} ORG, {per} PER"),
    "domain.all": ("Utiliser ce domaine pour toutes les BAL", "Use this domain for every mailbox"),
    "domain.all.done": ("Domaine « {domain} » utilisé pour les {count} BAL.", "Domain \"{domain}\" used for the {count} mailboxes."),
    "reminder": (
        "Attention : une adresse ne peut jamais être modifiée après sa création.",
        "Note: an address can never be changed after creation.",
    ),
}


class NamePanel(StepPanel):
    """Choose an explicit name for each mailbox."""

    STEP = "name"
    DEPENDS = ("structure", "mailboxes")

    _domains_for: str | None = None
    """The address list's date whose domains are offered ("": none offered yet)."""

    def compose_form(self) -> ComposeResult:
        draft = self.wizard.draft
        assert draft is not None
        self._domains_for = ""  # new fields: offered again
        structure = draft.to_data()["structure"]
        yield Static(t(_TEXT, "reminder"), classes="reminder")
        offered: set[str] = set()  # a suggestion is offered to one mailbox only
        several = len(draft.mailboxes) > 1
        for i, box in enumerate(draft.mailboxes):
            base = f"mailboxes[{i}]"
            yield Static(t(_TEXT, "mailbox", n=i + 1), classes="section-title")
            yield labelled(t(_TEXT, "local_part"), Input(box.local_part, max_length=80),
                           f"{base}.local_part", extra=(f"{base}.address",))
            taken = {m.local_part for j, m in enumerate(draft.mailboxes) if j != i} | offered
            # Several mailboxes: each one's service or purpose leads its suggestions (two mailboxes get
            # two lists); one mailbox: the structure's name and place, as the sheet's example.
            purpose = naming.purpose_of(box.model_dump(), structure) if several else ""
            options = naming.suggestions(structure, taken, purpose)[:3]
            offered.update(options)
            if options:
                with Vertical(classes="suggestions"):
                    yield Static(t(_TEXT, "suggestions"), classes="field-label")
                    for k, option in enumerate(options):
                        button = Button(Content(option), id=f"suggest-{i}-{k}", compact=True)
                        button.suggestion = option  # type: ignore[attr-defined]
                        yield button
            # Stacked, not side by side: at 80 columns a half-width field cuts the domain and its example.
            yield labelled(t(_TEXT, "domain"),
                           Input(box.domain, placeholder=t(_TEXT, "domain.placeholder"), max_length=200),
                           f"{base}.domain")
            # The imported address list's most used domains, one click each (shown once a list is loaded).
            with Vertical(id=f"domains-{i}", classes="known-domains") as known:
                known.display = False
                yield Static("", id=f"domains-label-{i}", classes="field-label")
                for k in range(DOMAINS_OFFERED):
                    yield Button("", id=f"domain-{i}-{k}", classes="known-domain", compact=True)
            yield labelled(t(_TEXT, "operator"), Input(box.operator or "", max_length=200), f"{base}.operator")
            if several:
                yield Button(t(_TEXT, "domain.all"), id=f"domain-all-{i}", classes="domain-all", compact=True)
            yield Static("", id=f"preview-{i}", classes="derived")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        button_id = event.button.id or ""
        if button_id.startswith("domain-all-"):
            event.stop()
            self.same_domain_for_all(int(button_id.removeprefix("domain-all-")))
            return
        if button_id.startswith("domain-") and hasattr(event.button, "domain"):
            event.stop()
            index = int(button_id.split("-")[1])
            self.query_one(f"#{field_id(f'mailboxes[{index}].domain')}", Input).value = event.button.domain
            return
        if button_id.startswith("suggest-"):
            event.stop()
            index = int(button_id.split("-")[1])
            value = getattr(event.button, "suggestion", "")
            if value:
                self.query_one(f"#{field_id(f'mailboxes[{index}].local_part')}", Input).value = value
            return
        super().on_button_pressed(event)

    def same_domain_for_all(self, index: int) -> bool:
        """Give every mailbox the domain and operator of mailbox `index`, in one change of the draft."""
        draft = self.wizard.draft
        if draft is None or not 0 <= index < len(draft.mailboxes):
            return False
        domain, operator = draft.mailboxes[index].domain, draft.mailboxes[index].operator

        def change(request: Request) -> None:
            for box in request.mailboxes:
                box.domain, box.operator = domain, operator

        if not self.wizard.update_draft(change):
            return False
        for i in range(len(draft.mailboxes)):  # shown as written (their Changed find the draft already so)
            for path, value in ((f"mailboxes[{i}].domain", domain), (f"mailboxes[{i}].operator", operator or "")):
                field = self.query_one(f"#{field_id(path)}", Input)
                if field.value != value:
                    field.value = value
        self.notify(t(_TEXT, "domain.all.done", domain=domain, count=len(draft.mailboxes)), markup=False)
        return True

    def focus_path(self, path: str) -> bool:
        """A finding about an address (``mailboxes[2].address``) goes to its name, the part one types."""
        if path.endswith("].address"):
            path = path.removesuffix(".address") + ".local_part"
        return super().focus_path(path)

    def refresh_form(self) -> None:
        draft = self.wizard.draft
        if draft is None:
            return
        self._offer_domains(len(draft.mailboxes))
        for i, box in enumerate(draft.mailboxes):
            if len(draft.mailboxes) > 1:
                self.query_one(f"#domain-all-{i}", Button).display = bool(box.domain) and any(
                    (m.domain, m.operator) != (box.domain, box.operator) for m in draft.mailboxes)
            address = f"{box.local_part}@{box.domain}" if box.local_part and box.domain else ""
            show_text(self.query_one(f"#preview-{i}", Static),
                      Content(t(_TEXT, "preview", address=address) if address else t(_TEXT, "preview.none")))

    def _offer_domains(self, count: int) -> None:
        """The imported address list's domains, most used first, with their ORG and PER counts; typing one
        completes it (→ accepts). Nothing is offered, nor invented, when no address list is imported."""
        facts = self.facts
        date = getattr(facts, "addresses_date", None) if facts is not None else None
        if date == self._domains_for:
            return
        self._domains_for = date
        domains = facts.domains(DOMAINS_SUGGESTED) if date else []
        for i in range(count):
            box = self.query_one(f"#domains-{i}", Vertical)
            box.display = bool(domains)
            field = self.query_one(f"#{field_id(f'mailboxes[{i}].domain')}", Input)
            field.suggester = SuggestFromList([d for d, _, _ in domains], case_sensitive=False) if domains else None
            if not domains:
                continue
            self.query_one(f"#domains-label-{i}", Static).update(t(_TEXT, "domains.known", date=french_date(date)))
            for k in range(DOMAINS_OFFERED):
                button = self.query_one(f"#domain-{i}-{k}", Button)
                button.display = k < len(domains)
                if k < len(domains):
                    domain, org, per = domains[k]
                    button.domain = domain  # type: ignore[attr-defined]
                    button.label = Content(t(_TEXT, "domain.use", domain=domain, org=french_number(org), per=french_number(per)))


DOMAINS_OFFERED = 3
"""Domains offered as buttons under each mailbox's domain field."""
DOMAINS_SUGGESTED = 500
"""Domains the domain field completes as it is typed (the most used)."""

PANEL = NamePanel
