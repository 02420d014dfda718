"""Step 2, Eligibility: the sheet's three questions, the outcome and its advice shown at once."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Label, RadioSet, Static

from wizard.model import derive
from wizard.model.findings import label
from wizard.model.i18n import t
from wizard.screens.base import StepPanel
from wizard.ui.texts import tr
from wizard.widgets.fields import FieldError, field_id, show_text
from wizard.widgets.toggles import Radio

QUESTIONS = ("needs_shared_mailbox", "has_finess", "has_rpps_professional")
"""The sheet's questions, in its order."""

_TEXT = {
    "outcome": ("Résultat : {outcome}", "Outcome: {outcome}"),
    "outcome.pending": ("Répondez aux trois questions pour connaître le résultat.", "Answer the three questions to see the outcome."),
    "blocked": (
        "Cette demande ne peut pas être exportée : la suite de l'assistant reste fermée.",
        "This request cannot be exported: the rest of the wizard stays closed.",
    ),
}


class EligibilityPanel(StepPanel):
    """Are we eligible? Next is refused unless the outcome can be exported."""

    STEP = "eligibility"
    DEPENDS = ("eligibility",)

    def compose_form(self) -> ComposeResult:
        answers = self.wizard.draft.eligibility if self.wizard.draft else None
        for key in QUESTIONS:
            value = getattr(answers, key, None)
            path = f"eligibility.{key}"
            yield Label(label(f"question.{key}"), classes="field-label question")
            with RadioSet(id=field_id(path), classes="yes-no"):
                yield Radio(tr("yes"), value=value is True, id=f"{key}-yes")
                yield Radio(tr("no"), value=value is False, id=f"{key}-no")
            yield FieldError((path,), exact=True)
        yield Static("", id="outcome", classes="derived")
        yield Static("", id="advice", classes="note")

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        button_id = event.pressed.id or ""
        key, _, answer = button_id.rpartition("-")
        if key not in QUESTIONS:
            return
        value = answer == "yes"

        def change(request) -> None:  # type: ignore[no-untyped-def]
            setattr(request.eligibility, key, value)

        self.wizard.update_draft(change)

    def refresh_form(self) -> None:
        draft = self.wizard.draft
        if draft is None:
            return
        request = draft.to_data()
        result = derive.outcome(request["eligibility"])
        outcome = self.query_one("#outcome", Static)
        if result is None:
            show_text(outcome, t(_TEXT, "outcome.pending"))
        else:
            show_text(outcome, t(_TEXT, "outcome", outcome=label(f"outcome.{result}")))
        outcome.set_class(result is not None and result not in derive.EXPORTABLE, "-refused")
        lines = [label(f"advice.{code}") for code in derive.advice(request)]
        if result is not None and result not in derive.EXPORTABLE:
            lines.append(t(_TEXT, "blocked"))
        show_text(self.query_one("#advice", Static), Content("\n".join(lines)))


PANEL = EligibilityPanel
