"""Step 4, Roles: the professionals, and per mailbox its co-holders (who appointed whom) and delegates."""

from __future__ import annotations

import re
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, DataTable, Static, Tree

from wizard.model import data
from wizard.model.findings import label
from wizard.model.i18n import t
from wizard.model.identifiers import compact, is_rpps
from wizard.model.request import CoHolder, Delegate, Mailbox, Professional, Request
from wizard.model.rules import MAX_CO_HOLDERS
from wizard.screens.base import StepPanel
from wizard.screens.confirm import ConfirmRemoval
from wizard.screens.people import (
    CoHolderDialog,
    DelegateDialog,
    PeopleListDialog,
    PersonDialog,
    open_dialog,
    person_name,
    profession_label,
)
from wizard.ui.texts import tr
from wizard.widgets.fields import FieldError, field_id, show_text

_TEXT = {
    "people": ("Professionnels de la structure", "The structure's professionals"),
    "people.add": ("Ajouter", "Add"),
    "people.paste": ("Coller une liste", "Paste a list"),
    "col.name": ("Nom", "Name"),
    "col.rpps": ("RPPS", "RPPS"),
    "col.profession": ("Profession", "Profession"),
    "col.credentials": ("Cartes", "Cards"),
    "col.personal": ("BAL personnelles (annuaire)", "Personal mailboxes (directory)"),
    "personal.more": ("{first} (+{more})", "{first} (+{more})"),
    "personal.none": ("aucune", "none"),
    "col.function": ("Fonction", "Function"),
    "col.rights": ("Droits", "Rights"),
    "col.by": ("Délégué par", "Delegated by"),
    "mailboxes": ("BAL ORG demandées", "Requested BAL ORG"),
    "mailbox.add": ("Ajouter une BAL", "Add a mailbox"),
    "mailbox.remove": ("Retirer cette BAL", "Remove this mailbox"),
    "col.box": ("BAL", "Mailbox"),
    "col.address": ("Adresse", "Address"),
    "col.holders": ("Cotitulaires", "Co-holders"),
    "col.principal": ("Principal", "Principal"),
    "col.state": ("État", "State"),
    "box.n": ("n°{n}", "#{n}"),
    "box.unnamed": ("à nommer", "to name"),
    "box.principal.yes": ("oui", "yes"),
    "box.principal.no": ("non", "no"),
    "box.ok": ("✓ complète", "✓ complete"),
    "box.errors": ("✗ {count} err.", "✗ {count} err."),
    "box.warnings": ("! {count} avert.", "! {count} warn."),
    "box.shown": ("BAL n°{n} {address}", "Mailbox #{n} {address}"),
    "holders": ("Cotitulaires : {count}/{limit}", "Co-holders: {count}/{limit}"),
    "holder.add": ("Ajouter", "Add"),
    "holder.principal": ("Rendre principal", "Make principal"),
    "holder.remove": ("Retirer", "Remove"),
    "holder.is_principal": ("{name} : principal", "{name}: principal"),
    "holder.root": ("BAL", "Mailbox"),
    "delegates": ("Délégataires", "Delegates"),
    "delegate.add": ("Ajouter", "Add"),
    "none": ("(aucun)", "(none)"),
    "roles.preset": ("Cas de la fiche : {roles}", "The sheet's case: {roles}"),
    "confirm.title": ("Retirer ?", "Remove?"),
    "confirm.person": ("Retirer {name} ?", "Remove {name}?"),
    "confirm.holder": ("Retirer {name} des cotitulaires de la BAL n°{n} ?",
                       "Remove {name} from the co-holders of mailbox #{n}?"),
    "confirm.mailbox": ("Retirer la BAL n°{n} {address} ?", "Remove mailbox #{n} {address}?"),
    "follows.box": ("BAL n°{n} : {parts}", "Mailbox #{n}: {parts}"),
    "follows.principal": ("cotitulaire principal, la BAL n'aura plus de principal",
                          "principal co-holder, the mailbox will have no principal"),
    "follows.holder": ("cotitulaire", "co-holder"),
    "follows.appointed": ("a désigné {count} cotitulaire(s), rattaché(s) désormais à {by}",
                          "appointed {count} co-holder(s), now attached to {by}"),
    "follows.appointed.none": ("a désigné {count} cotitulaire(s), qui n'auront plus de désignant",
                               "appointed {count} co-holder(s), who will have no appointer"),
    "follows.delegated": ("a délégué à {count} délégataire(s)", "delegated to {count} delegate(s)"),
    "follows.mailbox": ("Ses {holders} cotitulaire(s) et {delegates} délégataire(s) ne seront plus rattachés "
                        "à aucune BAL (les professionnels restent dans la liste).",
                        "Its {holders} co-holder(s) and {delegates} delegate(s) go with it (the professionals "
                        "stay in the list)."),
    "removed": ("Retiré : {what}.", "Removed: {what}."),
    "removed.follows": ("Retiré : {what}. Conséquences : {follows}.", "Removed: {what}. What followed: {follows}."),
}


def _cell(text: str) -> Text:
    """A table cell holding user text literally (DataTable parses plain strings as markup)."""
    return Text(text)


class RolesPanel(StepPanel):
    """Who holds each BAL, who appointed whom, and who is delegated."""

    STEP = "roles"
    DEPENDS = ()
    FIRST_FOCUS = "#people-add"

    def __init__(self) -> None:
        super().__init__()
        self.mailbox = 0
        """Index of the mailbox on screen (a view choice, not part of the request)."""
        self._shown: dict[str, list[Any]] = {}

    @property
    def draft(self) -> Request:
        return self.wizard.draft  # type: ignore[return-value]

    def compose_form(self) -> ComposeResult:
        preset = self.wizard.preset
        if preset is not None:
            yield Static(t(_TEXT, "roles.preset", roles=data.preset_text(preset, "roles")), classes="note")
        yield Static(t(_TEXT, "people"), classes="section-title")
        table: DataTable[Any] = DataTable(id=field_id("people"), cursor_type="row", zebra_stripes=True)
        yield table
        with Horizontal(classes="buttons-row"):
            yield Button(t(_TEXT, "people.add"), id="people-add", compact=True)
            yield Button(tr("edit"), id="people-edit", compact=True)
            yield Button(tr("remove"), id="people-remove", compact=True)
            yield Button(t(_TEXT, "people.paste"), id="people-paste", compact=True)
        yield Static(t(_TEXT, "mailboxes"), classes="section-title")
        # Every mailbox at once, with its state; the row under the cursor is the one shown below.
        yield DataTable(id=field_id("mailboxes"), cursor_type="row", zebra_stripes=True)
        yield FieldError(("mailboxes",), exact=True, id="mailboxes-error")
        with Horizontal(classes="buttons-row"):
            yield Button(t(_TEXT, "mailbox.add"), id="mailbox-add", compact=True)
            yield Button(t(_TEXT, "mailbox.remove"), id="mailbox-remove", compact=True)
        yield Static("", id="mailbox-shown", classes="section-title")
        yield Static("", id="holders-count", classes="derived")
        yield Tree(t(_TEXT, "holder.root"), id="co-holders")
        yield FieldError(("mailboxes[0]",), id="mailbox-errors")
        with Horizontal(classes="buttons-row"):
            yield Button(t(_TEXT, "holder.add"), id="holder-add", compact=True)
            yield Button(t(_TEXT, "holder.principal"), id="holder-principal", compact=True)
            yield Button(t(_TEXT, "holder.remove"), id="holder-remove", compact=True)
        yield Static(t(_TEXT, "delegates"), classes="section-title")
        yield DataTable(id="delegates", cursor_type="row", zebra_stripes=True)
        with Horizontal(classes="buttons-row"):
            yield Button(t(_TEXT, "delegate.add"), id="delegate-add", compact=True)
            yield Button(tr("edit"), id="delegate-edit", compact=True)
            yield Button(tr("remove"), id="delegate-remove", compact=True)

    def on_mount(self) -> None:
        people = self.query_one(f"#{field_id('people')}", DataTable)
        people.add_columns(t(_TEXT, "col.name"), t(_TEXT, "col.rpps"), t(_TEXT, "col.profession"),
                           t(_TEXT, "col.credentials"))
        boxes = self.query_one(f"#{field_id('mailboxes')}", DataTable)
        # The state first: an address is long, and the table is narrower than it at 80 columns.
        boxes.add_columns(t(_TEXT, "col.box"), t(_TEXT, "col.holders"), t(_TEXT, "col.principal"),
                          t(_TEXT, "col.state"), t(_TEXT, "col.address"))
        delegates = self.query_one("#delegates", DataTable)
        delegates.add_columns(t(_TEXT, "col.name"), t(_TEXT, "col.function"), t(_TEXT, "col.rights"),
                              t(_TEXT, "col.by"))
        self.query_one("#co-holders", Tree).show_root = False
        super().on_mount()

    # Showing the draft
    def refresh_form(self) -> None:
        draft = self.draft
        self.mailbox = min(self.mailbox, max(len(draft.mailboxes) - 1, 0))
        names = {p.id: person_name(p) for p in draft.people}
        # Tables and tree are filled again only when what they show changed: a refill lays the
        # screen out again, and this runs on every edit and every time the step shows.
        rows: list[tuple[str, ...]] = [(p.id, person_name(p), p.rpps, profession_label(p.profession_code),
                                        ", ".join(label(f"credential.{c}") for c in p.credentials)) for p in draft.people]
        personal = self._personal_mailboxes(draft)
        if personal is not None:
            rows = [(*row, mine) for row, mine in zip(rows, personal, strict=True)]
        if rows != self._shown.get("people"):
            self._shown["people"] = rows
            people = self.query_one(f"#{field_id('people')}", DataTable)
            if personal is not None and "personal" not in people.columns:
                people.add_column(t(_TEXT, "col.personal"), key="personal")
            row = people.cursor_row
            people.clear()
            for key, *cells in rows:
                people.add_row(*(_cell(cell) for cell in cells), key=key)
            if rows:
                people.move_cursor(row=min(row, len(rows) - 1))
        self._show_mailboxes(draft)
        self.query_one("#mailbox-remove", Button).disabled = len(draft.mailboxes) <= 1
        box = draft.mailboxes[self.mailbox] if draft.mailboxes else Mailbox()
        show_text(self.query_one("#mailbox-shown", Static),
                  Content(t(_TEXT, "box.shown", n=self.mailbox + 1, address=_address(box)).strip()
                          if draft.mailboxes else ""))
        show_text(self.query_one("#holders-count", Static),
                  t(_TEXT, "holders", count=len(box.co_holders), limit=MAX_CO_HOLDERS))
        tree = [(c.person, c.principal, c.appointed_by, names.get(c.person)) for c in box.co_holders]
        if tree != self._shown.get("tree"):
            self._shown["tree"] = tree
            self._show_tree(box, names)
        delegate_rows = [(f"{d.first_name} {d.last_name}".strip(), d.function, ", ".join(label(f"right.{r}") for r in d.rights),
                 ", ".join(names.get(p, p) for p in d.delegated_by)) for d in box.delegates]
        if delegate_rows != self._shown.get("delegates"):
            self._shown["delegates"] = delegate_rows
            delegates = self.query_one("#delegates", DataTable)
            row = delegates.cursor_row
            delegates.clear()
            for delegate_cells in delegate_rows:
                delegates.add_row(*(_cell(cell) for cell in delegate_cells))
            if delegate_rows:
                delegates.move_cursor(row=min(row, len(delegate_rows) - 1))
        no_box = not draft.mailboxes
        for button in ("holder-add", "holder-principal", "holder-remove", "delegate-add", "delegate-edit",
                       "delegate-remove"):
            self.query_one(f"#{button}", Button).disabled = no_box
        # The findings of the mailbox on screen show under its tree: its own, never another's
        # (a bare "mailboxes" path is the list's own: no mailbox at all, shown under the list).
        errors = self.query_one("#mailbox-errors", FieldError)
        errors.paths = (f"mailboxes[{self.mailbox}]",)
        errors.show(self.wizard.step_findings(self.STEP))

    def _personal_mailboxes(self, draft: Request) -> list[str] | None:
        """Each professional's personal MSSanté mailboxes as the address list gives them (the sheet asks how
        the BAL ORG fits with them), or None when no address list is imported (no column then)."""
        facts = self.facts
        if facts is None or not getattr(facts, "addresses_date", None):
            return None
        out = []
        for person in draft.people:
            number = compact(person.rpps)
            found = tuple(facts.mailboxes_of(number)) if is_rpps(number) else ()
            if not found:
                out.append(t(_TEXT, "personal.none") if is_rpps(number) else "")
            elif len(found) == 1:
                out.append(found[0])
            else:
                out.append(t(_TEXT, "personal.more", first=found[0], more=len(found) - 1))
        return out

    def _show_mailboxes(self, draft: Request) -> None:
        """One row per mailbox: its number, its address (or "à nommer") and its state."""
        findings = self.wizard.step_findings(self.STEP)
        rows = []
        for i, box in enumerate(draft.mailboxes):
            mine = [f for f in findings if f.path.startswith((f"mailboxes[{i}].", f"mailboxes[{i}]["))
                    or f.path == f"mailboxes[{i}]"]
            errors = sum(f.severity == "error" for f in mine)
            warnings = len(mine) - errors
            state = " ".join(part for part in (
                t(_TEXT, "box.errors", count=errors) if errors else "",
                t(_TEXT, "box.warnings", count=warnings) if warnings else "") if part) or t(_TEXT, "box.ok")
            principal = any(c.principal for c in box.co_holders)
            rows.append((t(_TEXT, "box.n", n=i + 1), f"{len(box.co_holders)}/{MAX_CO_HOLDERS}",
                         t(_TEXT, "box.principal." + ("yes" if principal else "no")), state,
                         _address(box) or t(_TEXT, "box.unnamed")))
        table = self.query_one(f"#{field_id('mailboxes')}", DataTable)
        if rows != self._shown.get("mailboxes"):
            self._shown["mailboxes"] = rows
            with table.prevent(DataTable.RowHighlighted):
                table.clear()
                for cells in rows:
                    table.add_row(*(_cell(cell) for cell in cells))
        if rows and table.cursor_row != self.mailbox:
            with table.prevent(DataTable.RowHighlighted):
                table.move_cursor(row=self.mailbox)

    def show_mailbox(self, index: int) -> None:
        """Show mailbox `index` below the list (its co-holders, its delegates, its findings)."""
        if 0 <= index < len(self.draft.mailboxes) and index != self.mailbox:
            self.mailbox = index
            self.refresh_form()

    def focus_path(self, path: str) -> bool:
        """A finding's field on this step: a professional's row, a mailbox's co-holders or delegates."""
        match = _PATH.match(path)
        if match is None:
            return super().focus_path(path)
        head, index, rest = match.group(1), int(match.group(2)), match.group(3) or ""
        if head == "people":
            table = self.query_one(f"#{field_id('people')}", DataTable)
            if index < table.row_count:
                table.move_cursor(row=index)
            table.focus()
            table.scroll_visible()
            return True
        self.show_mailbox(index)
        if rest.startswith(".delegates"):
            widget: Any = self.query_one("#delegates", DataTable)
            row = _INDEX.match(rest[len(".delegates"):])
            if row is not None and int(row.group(1)) < widget.row_count:
                widget.move_cursor(row=int(row.group(1)))
        elif rest.startswith(".co_holders") or not rest:
            widget = self.query_one("#co-holders", Tree)
            row = _INDEX.match(rest[len(".co_holders"):])
            box = self.draft.mailboxes[self.mailbox] if self.draft.mailboxes else None
            if row is not None and box is not None and int(row.group(1)) < len(box.co_holders):
                wanted = box.co_holders[int(row.group(1))].person
                node = next((n for n in _nodes(widget.root) if n.data == wanted), None)
                if node is not None:
                    widget.move_cursor(node)
        else:
            widget = self.query_one(f"#{field_id('mailboxes')}", DataTable)
        widget.focus()
        widget.scroll_visible()
        return True

    def _show_tree(self, box: Mailbox, names: dict[str, str]) -> None:
        tree = self.query_one("#co-holders", Tree)
        tree.clear()
        children: dict[str | None, list[CoHolder]] = {}
        for holder in box.co_holders:
            key = None if holder.principal else holder.appointed_by
            children.setdefault(key, []).append(holder)
        placed: set[str] = set()

        def add(node: Any, holder: CoHolder) -> None:
            if holder.person in placed:
                return
            placed.add(holder.person)
            name = names.get(holder.person, holder.person)
            text = t(_TEXT, "holder.is_principal", name=name) if holder.principal else name
            child = node.add(Text(("★ " if holder.principal else "") + text), data=holder.person, expand=True)
            for sub in children.get(holder.person, []):
                add(child, sub)
            if not child.children:
                child.allow_expand = False

        for holder in children.get(None, []):
            add(tree.root, holder)
        for holder in box.co_holders:  # appointed by someone outside the chain: still shown, flat
            add(tree.root, holder)
        tree.root.expand_all()
        if not box.co_holders:
            tree.root.add_leaf(Text(t(_TEXT, "none")))
        elif tree.root.children:
            tree.move_cursor(tree.root.children[0])  # the buttons under the tree act on the first co-holder

    # Choosing a mailbox: the row under the cursor is shown below; Enter goes to its co-holders.
    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == field_id("mailboxes"):
            event.stop()
            self.show_mailbox(event.cursor_row)

    # Editing through dialogs
    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.data_table.id == field_id("mailboxes"):
            self.show_mailbox(event.cursor_row)
            self.query_one("#co-holders", Tree).focus()
        elif event.data_table.id == field_id("people"):
            self._edit_person()
        elif event.data_table.id == "delegates":
            self._edit_delegate()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {
            "people-add": self._add_person, "people-edit": self._edit_person,
            "people-remove": self._remove_person, "people-paste": self._paste_people,
            "mailbox-add": self._add_mailbox,
            "mailbox-remove": self._remove_mailbox, "holder-add": self._add_holder,
            "holder-principal": self._make_principal, "holder-remove": self._remove_holder,
            "delegate-add": self._add_delegate, "delegate-edit": self._edit_delegate,
            "delegate-remove": self._remove_delegate,
        }
        action = actions.get(event.button.id or "")
        if action is None:
            super().on_button_pressed(event)
            return
        event.stop()
        action()

    def _selected_person(self) -> Professional | None:
        table = self.query_one(f"#{field_id('people')}", DataTable)
        if not self.draft.people or table.cursor_row < 0:
            return None
        return self.draft.people[min(table.cursor_row, len(self.draft.people) - 1)]

    def _add_person(self) -> None:
        person = Professional(id=self.draft.next_person_id())
        open_dialog(self, PersonDialog(self.draft, person, self.facts),
                    lambda p: self.wizard.update_draft(lambda r: r.people.append(p)))

    def _paste_people(self) -> None:
        """A list of professionals, pasted or read from a file: the valid ones added in one change (one undo)."""
        open_dialog(self, PeopleListDialog(self.draft),
                    lambda people: self.wizard.update_draft(lambda r: r.people.extend(people)))

    def _edit_person(self) -> None:
        person = self._selected_person()
        if person is None:
            return

        def replace(new: Professional) -> None:
            def change(request: Request) -> None:
                request.people = [new if p.id == new.id else p for p in request.people]
            self.wizard.update_draft(change)

        open_dialog(self, PersonDialog(self.draft, person, self.facts), replace)

    def _remove_person(self) -> None:
        person = self._selected_person()
        if person is None:
            return
        pid, name = person.id, person_name(person)

        def change(request: Request) -> None:
            request.people = [p for p in request.people if p.id != pid]
            for box in request.mailboxes:
                _drop_holder(box, pid)
                for delegate in box.delegates:
                    delegate.delegated_by = [p for p in delegate.delegated_by if p != pid]

        follows = [t(_TEXT, "follows.box", n=i + 1, parts=" ; ".join(parts))
                   for i, box in enumerate(self.draft.mailboxes) if (parts := self._follows(box, pid))]
        self._confirm(t(_TEXT, "confirm.person", name=name), follows, name, change)

    def _follows(self, box: Mailbox, person: str) -> list[str]:
        """What removing `person` from `box` takes with it (empty: nothing there)."""
        names = {p.id: person_name(p) for p in self.draft.people}
        holder = next((c for c in box.co_holders if c.person == person), None)
        out = []
        if holder is not None:
            out.append(t(_TEXT, "follows.principal" if holder.principal else "follows.holder"))
            appointed = [c for c in box.co_holders if c.appointed_by == person and c.person != person]
            if appointed:
                by = holder.appointed_by
                out.append(t(_TEXT, "follows.appointed", count=len(appointed), by=names.get(by, by))
                           if by else t(_TEXT, "follows.appointed.none", count=len(appointed)))
        delegated = [d for d in box.delegates if person in d.delegated_by]
        if delegated:
            out.append(t(_TEXT, "follows.delegated", count=len(delegated)))
        return out

    def _confirm(self, question: str, follows: list[str], what: str, change: Any, *,
                 asks: bool | None = None) -> None:
        """Apply `change` at once when it takes nothing else away; else ask first, saying what follows.

        Once done, a notice says what was removed and what followed.
        """

        def apply() -> None:
            if self.wizard.update_draft(change):
                self.notify(t(_TEXT, "removed.follows", what=what, follows=" ; ".join(follows)) if follows
                            else t(_TEXT, "removed", what=what), markup=False)

        if not (follows if asks is None else asks):
            self.wizard.update_draft(change)
            return
        message = question + "\n" + "\n".join(f"• {line}." for line in follows)
        self.app.push_screen(ConfirmRemoval(t(_TEXT, "confirm.title"), message),
                             lambda answer: apply() if answer == "remove" else None)

    def _add_mailbox(self) -> None:
        self.wizard.update_draft(lambda r: r.mailboxes.append(Mailbox()))
        self.show_mailbox(len(self.draft.mailboxes) - 1)

    def _remove_mailbox(self) -> None:
        index = self.mailbox
        if len(self.draft.mailboxes) <= 1:
            return
        box = self.draft.mailboxes[index]
        what = t(_TEXT, "box.shown", n=index + 1, address=_address(box)).strip()
        follows = [t(_TEXT, "follows.mailbox", holders=len(box.co_holders), delegates=len(box.delegates))]
        self._confirm(t(_TEXT, "confirm.mailbox", n=index + 1, address=_address(box)).replace("  ", " "),
                      follows, what, lambda r: r.mailboxes.pop(index),
                      asks=bool(box.co_holders or box.delegates))

    def _add_holder(self) -> None:
        index = self.mailbox
        open_dialog(self, CoHolderDialog(self.draft, index),
                    lambda h: self.wizard.update_draft(lambda r: r.mailboxes[index].co_holders.append(h)))

    def _selected_holder(self) -> str | None:
        node = self.query_one("#co-holders", Tree).cursor_node
        return node.data if node is not None and isinstance(node.data, str) else None

    def _make_principal(self) -> None:
        person, index = self._selected_holder(), self.mailbox
        if person is None:
            return

        def change(request: Request) -> None:
            holders = request.mailboxes[index].co_holders
            for holder in holders:
                if holder.person == person:
                    holder.principal, holder.appointed_by = True, None
                elif holder.principal:
                    holder.principal, holder.appointed_by = False, person

        self.wizard.update_draft(change)

    def _remove_holder(self) -> None:
        person, index = self._selected_holder(), self.mailbox
        if person is None:
            return
        box = self.draft.mailboxes[index]
        names = {p.id: person_name(p) for p in self.draft.people}
        name = names.get(person, person)
        parts = self._follows(box, person)
        holder = next(c for c in box.co_holders if c.person == person)
        # Asked only when more than this co-holder goes: the principal, or one who appointed or delegated.
        asks = holder.principal or len(parts) > 1
        follows = [t(_TEXT, "follows.box", n=index + 1, parts=" ; ".join(parts if holder.principal else parts[1:]))]
        self._confirm(t(_TEXT, "confirm.holder", name=name, n=index + 1), follows, name,
                      lambda r: _drop_holder(r.mailboxes[index], person), asks=asks)

    def _functions(self) -> list[str]:
        preset = self.wizard.preset
        return list(preset["delegate_functions"]) if preset else []

    def _add_delegate(self) -> None:
        index = self.mailbox
        open_dialog(self, DelegateDialog(self.draft, index, None, self._functions()),
                    lambda d: self.wizard.update_draft(lambda r: r.mailboxes[index].delegates.append(d)))

    def _selected_delegate(self) -> int | None:
        box = self.draft.mailboxes[self.mailbox] if self.draft.mailboxes else None
        table = self.query_one("#delegates", DataTable)
        if box is None or not box.delegates or table.cursor_row < 0:
            return None
        return min(table.cursor_row, len(box.delegates) - 1)

    def _edit_delegate(self) -> None:
        index, row = self.mailbox, self._selected_delegate()
        if row is None:
            return

        def replace(new: Delegate) -> None:
            def change(request: Request) -> None:
                request.mailboxes[index].delegates[row] = new
            self.wizard.update_draft(change)

        open_dialog(self, DelegateDialog(self.draft, index, row, self._functions()), replace)

    def _remove_delegate(self) -> None:
        index, row = self.mailbox, self._selected_delegate()
        if row is not None:
            self.wizard.update_draft(lambda r: r.mailboxes[index].delegates.pop(row))


_PATH = re.compile(r"(people|mailboxes)\[(\d+)\](.*)")
_INDEX = re.compile(r"\[(\d+)\]")


def _nodes(node: Any) -> list[Any]:
    """`node`'s descendants, depth first."""
    out = []
    for child in node.children:
        out.append(child)
        out.extend(_nodes(child))
    return out


def _address(box: Mailbox) -> str:
    return f"{box.local_part}@{box.domain}" if box.local_part and box.domain else ""


def _drop_holder(box: Mailbox, person: str) -> None:
    """Remove `person` from the mailbox's co-holders; whom they appointed is re-attached to their appointer."""
    gone = next((c for c in box.co_holders if c.person == person), None)
    if gone is None:
        return
    box.co_holders = [c for c in box.co_holders if c.person != person]
    for holder in box.co_holders:
        if holder.appointed_by == person:
            holder.appointed_by = gone.appointed_by
    for delegate in box.delegates:
        delegate.delegated_by = [p for p in delegate.delegated_by if p != person]


PANEL = RolesPanel
