"""The list of findings: every problem of a step (or of the whole request), Enter jumps to its field."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from wizard.model.findings import Finding, step_of
from wizard.ui.texts import tr
from wizard.widgets.optionlist import PagedOptionList


class FindingsList(PagedOptionList):
    """Findings, errors first; selecting one posts :class:`FindingsList.Jump`."""

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
        self.border_title = tr("findings.title")

    def show(self, findings: list[Finding]) -> None:
        """Replace the list; messages quote user text, so they are shown as plain content."""
        ordered = sorted(findings, key=lambda f: f.severity != "error")
        if ordered == self.findings and self.option_count:
            return
        self.findings = ordered
        self.clear_options()
        if not ordered:
            self.add_option(Option(Content(tr("findings.none")), disabled=True))
        for finding in ordered:
            mark = "✗" if finding.severity == "error" else "!"
            prefix = f"[{tr('step.' + step_of(finding.path))}] " if self.with_step else ""
            self.add_option(Option(Content(f"{mark} {prefix}{finding.message}")))
        self.set_class(not any(f.severity == "error" for f in ordered), "-clean")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.findings):
            self.post_message(self.Jump(self.findings[event.option_index]))
