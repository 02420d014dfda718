"""The list of findings: every problem of a step (or of the whole request), Enter jumps to its field.

A finding whose message suggests a correction (:attr:`wizard.model.findings.Finding.fix`) is
followed by an "Appliquer : « … »" entry: Enter (or a click) on it posts :class:`ApplyFix`,
which the step applies as one change of the draft.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from wizard.model.findings import Finding, Fix, step_of
from wizard.model.i18n import t
from wizard.ui.texts import tr
from wizard.widgets.optionlist import PagedOptionList

_TEXT = {
    "apply": ("Appliquer : « {value} »", "Apply: \"{value}\""),
    "apply.key": ("Entrée", "Enter"),
    "apply.binding": ("Appliquer la correction", "Apply the fix"),
}


def fix_text(key: str) -> str:
    """This module's string `key` (``apply.key``, ``apply.binding``) in the language in force."""
    return t(_TEXT, key)


def apply_label(fix: Fix) -> str:
    """The label of the action that applies `fix`."""
    return fix.label or t(_TEXT, "apply", value=fix.value)


@dataclass
class ApplyFix(Message):
    """The user chose to apply the correction a finding suggests (one change of the draft)."""

    fix: Fix


class FindingsList(PagedOptionList):
    """Findings, errors first; selecting one posts :class:`FindingsList.Jump`, its fix :class:`ApplyFix`.

    The first finding is highlighted as soon as the list shows one: Enter acts on it at once.
    """

    DEFAULT_CSS = """
    FindingsList { height: auto; max-height: 12; border: round $error 50%; }
    FindingsList.-clean { border: round $success 50%; }
    """

    @dataclass
    class Jump(Message):
        """The user chose a finding: go to its field."""

        finding: Finding

    def __init__(self, *, with_step: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.with_step = with_step
        self.findings: list[Finding] = []
        self.rows: list[Finding | Fix] = []
        """What each option of the list stands for: a finding (jump to it) or its fix (apply it)."""
        self.border_title = tr("findings.title")

    def show(self, findings: list[Finding]) -> None:
        """Replace the list; messages quote user text, so they are shown as plain content."""
        ordered = sorted(findings, key=lambda f: f.severity != "error")
        if ordered == self.findings and self.option_count:
            return
        kept = self.highlighted
        self.findings = ordered
        self.rows = []
        self.clear_options()
        if not ordered:
            self.add_option(Option(Content(tr("findings.none")), disabled=True))
        options = []
        for finding in ordered:
            mark = "✗" if finding.severity == "error" else "!"
            prefix = f"[{tr('step.' + step_of(finding.path))}] " if self.with_step else ""
            options.append(Option(Content(f"{mark} {prefix}{finding.message}")))
            self.rows.append(finding)
            if finding.fix is not None:
                options.append(Option(Content.assemble("   → ", (apply_label(finding.fix), "bold"))))
                self.rows.append(finding.fix)
        self.add_options(options)
        if self.rows:
            self.highlighted = min(kept, len(self.rows) - 1) if kept is not None else 0
        self.set_class(not any(f.severity == "error" for f in ordered), "-clean")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.rows):
            row = self.rows[event.option_index]
            self.post_message(ApplyFix(row) if isinstance(row, Fix) else self.Jump(row))
