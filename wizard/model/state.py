"""The draft's state, headless: the one owner of what the wizard shows about the request being prepared.

:class:`DraftState` holds the draft, the snapshot of it (its data, serialised
once per change), every finding (the rules' and the known addresses'), the
furthest step reached, each step's state and what may be jumped to. The one
write path is :meth:`DraftState.apply`: it runs the change, serialises the
draft once, runs the rules once on that snapshot, and the same snapshot then
feeds whatever compares it (the step panels' fingerprints, the known-address
lookup's key) and autosave, with the error and warning counts the drafts
store shows (the store does not run the rules again).

The known-address lookup runs elsewhere (a thread: it may take tens of
milliseconds with a large directory): :meth:`DraftState.lookup_wanted` says what
to look up, :meth:`DraftState.known_answered` takes the answer, kept only if the
addresses are still those it was asked about. No textual here: the wizard's
App owns one of these and shows it; ``tests/test_state.py`` drives it alone.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wizard.model.findings import STEPS, Finding, step_of

if TYPE_CHECKING:
    from wizard.model.request import Request
    from wizard.model.rules import KnownAddresses

_MISSING_CODES = ("eligibility.unanswered", "co_holders.no_principal")

UNDO_LIMIT = 100
"""How many edits of the session can be undone (the oldest are forgotten past it)."""


def is_missing(finding: Finding) -> bool:
    """A finding that says something is not entered yet (rather than entered wrong)."""
    return finding.code.endswith((".missing", ".empty")) or finding.code in _MISSING_CODES


@dataclass(frozen=True)
class Counts:
    """The errors and warnings of a snapshot: what the drafts list shows."""

    errors: int
    warnings: int


class DraftState:
    """The draft being prepared and everything derived from it, recomputed once per change."""

    def __init__(self) -> None:
        self.draft: Request | None = None
        """The request being prepared (None on Home before any choice)."""
        self.snapshot: dict[str, Any] | None = None
        """The draft's data as of the last change (never edited: a new one is made by each change)."""
        self.generation = 0
        """Bumped when a new draft is set (new request, opened file): what was built from the old one is stale."""
        self.reached = 0
        """Index in STEPS of the furthest step reached: every step up to it can be jumped to."""
        self.preset: dict[str, Any] | None = None
        """The sheet's use case the draft started from, for hints (delegate functions...)."""
        self.known: KnownAddresses | None = None
        """What this machine knows of existing addresses, for this draft (None: nothing known)."""
        self.known_version = 0
        """Bumped each time :attr:`known` is replaced: the lookups made before are out of date."""
        self.known_findings: list[Finding] = []
        """The known-address findings for the draft's addresses as they are now."""
        self._known_key: tuple[Any, ...] | None = None
        self._rules: list[Finding] = []
        """The rules' findings on :attr:`snapshot` (the known addresses' join them in :attr:`findings`)."""
        self.findings: list[Finding] = []
        """Every finding: the rules' on the snapshot, then the known addresses' once they answer for it."""
        self._by_step: dict[str, list[Finding]] = {}
        self.serialisations = 0
        """How many times the draft was serialised (a keystroke costs one)."""
        self.checks = 0
        """How many times the rules ran (a keystroke costs one)."""
        self._undo: list[dict[str, Any]] = []
        """The snapshots before each undoable edit, oldest first (at most :data:`UNDO_LIMIT`)."""
        self._redo: list[dict[str, Any]] = []
        """The snapshots undone, the last undone last: redone in turn until a new edit."""
        self._last_key: object = None
        """The coalescing key of the last edit (None: the next edit is a step of its own)."""

    # -- writing ---------------------------------------------------------------------------------

    def set_draft(self, request: Request | None, *, preset: dict[str, Any] | None = None) -> None:
        """Make `request` the draft (a new request, an opened file, a resumed draft)."""
        self.draft = request
        self.preset = preset
        self.generation += 1
        self._undo.clear()
        self._redo.clear()
        self._last_key = None
        self._refresh()

    def apply(self, change: Callable[[Request], object], *, key: object = None) -> bool:
        """Apply `change` to the draft: the one way it is edited.

        Every change that changes the draft can be undone (:meth:`undo`): the snapshot it
        replaced is kept. Consecutive changes with the same `key` (the characters typed in
        one field) are one step to undo, whatever their pace.

        Args:
            change: edits the draft in place; returning False says it changed nothing
                (a field that is not there): the draft is then not even serialised.
            key: what the change edits, for coalescing (the field's path while typing);
                None: a step of its own.

        Returns:
            True when the draft actually changed (a widget echoing the value it was built
            with changes nothing: no finding recomputed, nothing to save).
        """
        if self.draft is None:
            return False
        before = self.snapshot
        if change(self.draft) is False:
            return False
        after = self._serialise()
        if after == before:
            return False
        if before is not None and (key is None or key != self._last_key or not self._undo):
            self._undo.append(before)
            del self._undo[:-UNDO_LIMIT]
        self._redo.clear()
        self._last_key = key
        self.snapshot = after
        self._recheck()
        return True

    # -- undo and redo ---------------------------------------------------------------------------

    def undo(self) -> list[str] | None:
        """Bring the draft back to what it was before the last edit (a field's typing: all of it).

        Returns:
            The paths that differ between the draft as it was and as it is now (the first
            is where the focus goes), or None when there is nothing to undo.
        """
        return self._travel(self._undo, self._redo)

    def redo(self) -> list[str] | None:
        """Make again the last edit undone; the paths that differ, or None when there is nothing to redo."""
        return self._travel(self._redo, self._undo)

    def _travel(self, source: list[dict[str, Any]], target: list[dict[str, Any]]) -> list[str] | None:
        current = self.snapshot
        if self.draft is None or current is None:
            return None
        while source and source[-1] == current:
            source.pop()  # typed and erased again: nothing of it to undo
        if not source:
            return None
        wanted = source.pop()
        target.append(current)
        del target[:-UNDO_LIMIT]
        self._restore(wanted)
        return list(differences(current, wanted)) or [""]

    def _restore(self, data: dict[str, Any]) -> None:
        """Make `data` (a snapshot) the draft, read back as a stored draft is; what showed the old one is stale."""
        from wizard.model.request import Request

        restored = Request.from_data(copy.deepcopy(data))  # a snapshot is never edited: the draft gets its own
        draft = self.draft
        assert draft is not None
        for name in type(draft).model_fields:
            # The same Request, its fields replaced: whoever holds the draft (the drafts session
            # knows its stored draft by it) still holds it.
            setattr(draft, name, getattr(restored, name))
        self.generation += 1  # the steps are built again from the draft, as when a draft is opened
        self._last_key = None
        self.snapshot = data
        self._recheck()

    def set_known(self, known: KnownAddresses | None) -> None:
        """Replace what is known of existing addresses (for this draft: its own exports left out)."""
        self.known = known
        self.known_version += 1
        self._recheck()

    def set_reached(self, step: str) -> bool:
        """Note that `step` was shown; True when the furthest step reached moved on."""
        index = STEPS.index(step)
        if index <= self.reached:
            return False
        self.reached = index
        return True

    # -- the known addresses ---------------------------------------------------------------------

    def lookup_key(self) -> tuple[Any, ...] | None:
        """What the known-address findings depend on, or None when there is nothing to look up."""
        data = self.snapshot
        if data is None or self.known is None:
            return None
        addresses = tuple((m.get("local_part"), m.get("domain")) for m in data.get("mailboxes") or [])
        if getattr(self.known, "facts", None) is None:
            return (self.known_version, data.get("request_id"), addresses)
        # The imported lists also judge the people and the structure (wizard/model/facts.py).
        people = tuple((p.get("rpps"), p.get("last_name"), p.get("first_name"), p.get("profession_code"))
                       for p in data.get("people") or [])
        structure = data.get("structure") or {}
        site = (repr(structure.get("identifier")), structure.get("name"), repr(structure.get("address")))
        return (self.known_version, data.get("request_id"), addresses, people, site)

    def lookup_wanted(self) -> tuple[tuple[Any, ...], dict[str, Any], KnownAddresses] | None:
        """(key, snapshot, known) to look up when the answer on hand is not for the addresses as they are now."""
        key = self.lookup_key()
        if key is None or key == self._known_key or self.snapshot is None or self.known is None:
            return None
        return key, self.snapshot, self.known

    def known_answered(self, key: tuple[Any, ...], found: list[Finding]) -> bool:
        """A lookup's answer; True when kept (the addresses are still those it was asked about)."""
        if self.lookup_key() != key:
            return False  # typed on meanwhile: a newer lookup is on its way
        self._known_key, self.known_findings = key, found
        self._recheck(rules=False)
        return True

    # -- reading ---------------------------------------------------------------------------------

    def step_findings(self, step: str) -> list[Finding]:
        """The findings edited at `step`."""
        return self._by_step.get(step, [])

    def blocking(self, step: str) -> list[Finding]:
        """The errors that keep `step` from moving on."""
        return [f for f in self.step_findings(step) if f.severity == "error"]

    def counts(self) -> Counts:
        """The errors and warnings of the draft as it is now (the known addresses' once answered)."""
        errors = sum(f.severity == "error" for f in self.findings)
        return Counts(errors, len(self.findings) - errors)

    def rule_counts(self) -> tuple[int, int]:
        """(errors, warnings) the rules found in :attr:`snapshot`: handed to the store with it, which
        looks the known addresses up itself (in the saver's thread) and does not run the rules again."""
        rules = self._rules
        errors = sum(f.severity == "error" for f in rules)
        return errors, len(rules) - errors

    def first_blocked(self) -> int:
        """Index in STEPS of the first step with an error (the last step when none has)."""
        for index, step in enumerate(STEPS[1:], start=1):
            if self.blocking(step):
                return index
        return len(STEPS) - 1

    def step_states(self) -> dict[str, str]:
        """Each step's state: ``not_started``, ``incomplete``, ``errors`` or ``complete``."""
        states = {}
        for index, step in enumerate(STEPS[1:], start=1):
            # The last step is the export: it is complete only when nothing anywhere blocks it.
            mine = self.findings if step == STEPS[-1] else self.step_findings(step)
            errors = [f for f in mine if f.severity == "error"]
            if index > self.reached:
                states[step] = "not_started"
            elif not errors:
                states[step] = "complete"
            elif all(is_missing(f) for f in errors):
                states[step] = "incomplete"
            else:
                states[step] = "errors"
        return states

    def reachable_steps(self) -> set[str]:
        """Steps the user may jump to: every step up to the furthest reached."""
        return set(STEPS[: self.reached + 1]) if self.draft is not None else {"home"}

    def fingerprint(self, keys: tuple[str, ...]) -> tuple[Any, ...]:
        """The generation and the snapshot's parts at `keys`: what a step panel was built from."""
        data = self.snapshot or {}
        return (self.generation, *(data.get(key) for key in keys))

    # -- inside ----------------------------------------------------------------------------------

    def _serialise(self) -> dict[str, Any] | None:
        if self.draft is None:
            return None
        self.serialisations += 1
        return self.draft.to_data()

    def _refresh(self) -> None:
        self.snapshot = self._serialise()
        self._known_key, self.known_findings = None, []
        self._recheck()

    def _recheck(self, *, rules: bool = True) -> None:
        """The findings: the rules' on the snapshot, the known addresses' when they answer for it."""
        if rules:
            from wizard.model.rules import check  # imported when first needed: start-up stays light

            if self.snapshot is None:
                self._rules = []
            else:
                self.checks += 1
                self._rules = check(self.snapshot, derived=False)
        findings = list(self._rules)
        key = self.lookup_key()
        if key is not None and key == self._known_key:
            findings.extend(self.known_findings)
        self.findings = findings
        by_step: dict[str, list[Finding]] = {step: [] for step in STEPS}
        for finding in findings:
            by_step[step_of(finding.path)].append(finding)
        self._by_step = by_step


def differences(old: Any, new: Any, path: str = "") -> Iterator[str]:
    """The paths where `old` and `new` (JSON data) differ, in document order (a list that grew or
    shrank: its path, after those of the items that differ)."""
    if type(old) is dict and type(new) is dict:
        for key in (*old, *(k for k in new if k not in old)):
            sub = f"{path}.{key}" if path else key
            if key not in old or key not in new:
                yield sub
            elif old[key] != new[key]:
                yield from differences(old[key], new[key], sub)
    elif type(old) is list and type(new) is list:
        for index, (a, b) in enumerate(zip(old, new, strict=False)):
            if a != b:
                yield from differences(a, b, f"{path}[{index}]")
        if len(old) != len(new):
            yield path
    elif old != new or type(old) is not type(new):
        yield path
