"""Home's list of saved drafts: filter as you type, sort, resume, duplicate, rename, delete and undo.

The list shows the 200 most relevant drafts (:data:`LIMIT`) and how many there
are in all: it reads the store's index only (``DraftStore.list`` and
``count``), never the drafts themselves, so it stays fast with 10,000 drafts.
Filtering runs in a thread worker after a short pause in typing; an answer
older than the latest filter is dropped. User text (names, cities, paths) is
shown as plain text, never as markup.

The panel knows nothing of the App or of screens: whoever composes it hands it
the drafts store (anything with :class:`DraftsSource`'s methods). What it can do
with that store alone (list, filter, sort, duplicate, restore, undo) it does; a
decision that needs the App or a dialog is posted as a message
(:class:`DraftsPanel.ResumeRequested`, :class:`DraftsPanel.ExportedResumeRequested`,
:class:`DraftsPanel.RenameRequested`, :class:`DraftsPanel.DeleteRequested`,
:class:`DraftsPanel.EmptyTrashRequested`), and the screen acts on it, then calls
:meth:`DraftsPanel.rename_draft`, :meth:`DraftsPanel.delete_draft`,
:meth:`DraftsPanel.empty_trash` or :meth:`DraftsPanel.reload`.

The structure column takes the width the others leave (it is laid out again when
the panel's width changes); a copy of a draft says so at the end of its title,
" (copie)", kept in sight when the title is clipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions
from rich.segment import Segment
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Button, DataTable, Input, Static

from wizard.model.i18n import t
from wizard.ui.localise import Localised
from wizard.ui.texts import tr

if TYPE_CHECKING:
    from wizard.store.drafts.records import DraftSummary


class DraftsSource(Protocol):
    """What the panel needs of the drafts store (:class:`wizard.store.drafts.DraftStore` is one)."""

    def is_empty(self) -> bool: ...

    def list(self, *, sort: str = ..., descending: bool | None = ..., filter: str = ..., trashed: bool = ...,
             limit: int | None = ...) -> list[DraftSummary]: ...

    def count(self, *, trashed: bool = ...) -> int: ...

    def duplicate(self, draft_id: str) -> object: ...

    def rename(self, draft_id: str, name: str) -> object: ...

    def delete(self, draft_id: str) -> object: ...

    def restore(self, draft_id: str) -> object: ...

    def empty_trash(self) -> int: ...

LIMIT = 200
"""How many drafts the list shows at most (the most recent first, or the first in the order chosen)."""

_TEXT = {
    "filter": ("Filtrer (structure, ville, nom, professionnel, adresse…)",
               "Filter (structure, city, name, professional, address…)"),
    "col.structure": ("Structure", "Structure"),
    "col.city": ("Ville", "City"),
    "col.step": ("Étape", "Step"),
    "col.errors": ("Err.", "Err."),
    "col.updated": ("Modifié", "Changed"),
    "count": ("{count} brouillon(s)", "{count} draft(s)"),
    "count.shown": ("{shown} affiché(s) sur {count}", "{shown} shown of {count}"),
    "count.trash": ("{count} brouillon(s) dans la corbeille", "{count} draft(s) in the trash"),
    "sorted": ("tri : {key} (touche o, ou clic sur un titre)", "sorted by {key} (key o, or click a title)"),
    "sort.updated": ("dernière modification", "last change"),
    "sort.created": ("création", "creation"),
    "sort.structure": ("structure", "structure"),
    "sort.city": ("ville", "city"),
    "sort.step": ("étape", "step"),
    "sort.errors": ("erreurs", "errors"),
    "none": ("Aucun brouillon pour l'instant : ils s'enregistrent automatiquement dès la première saisie.",
             "No drafts yet: they are saved automatically from the first thing typed."),
    "none.filter": ("Aucun brouillon ne correspond au filtre.", "No draft matches the filter."),
    "none.trash": ("La corbeille est vide.", "The trash is empty."),
    "exported": ("exportée", "exported"),
    "detail.exported": ("Exportée le {at} dans {path} (lecture seule).", "Exported on {at} to {path} (read-only)."),
    "detail.trashed": ("Dans la corbeille depuis le {at}.", "In the trash since {at}."),
    "b.resume": ("Reprendre", "Resume"),
    "b.duplicate": ("Dupliquer", "Duplicate"),
    "b.rename": ("Renommer", "Rename"),
    "b.delete": ("Supprimer", "Delete"),
    "b.restore": ("Restaurer", "Restore"),
    "b.trash": ("Corbeille", "Trash"),
    "b.back": ("Brouillons", "Drafts"),
    "b.undo": ("Annuler la suppression", "Undo the delete"),
    "b.empty": ("Vider la corbeille", "Empty the trash"),
    "copy": (" (copie)", " (copy)"),
    "emptied": ("{count} brouillon(s) supprimé(s) définitivement.", "{count} draft(s) deleted for good."),
    "k.sort": ("Trier", "Sort"),
    "k.undo": ("Annuler", "Undo"),
}

_COLUMNS = (("structure", 22), ("city", 12), ("step", 11), ("errors", 4), ("updated", 14))
"""Each column and its width; the structure's is the least it gets (it takes what the others leave)."""
_SORT_OF_COLUMN = {"structure": "structure", "city": "city", "step": "step", "errors": "errors", "updated": "updated"}
_SORTS = ("updated", "structure", "city", "step", "errors", "created")


class DraftsTable(Localised, DataTable[Any]):
    """The table of drafts; its keys act on the highlighted draft (the Footer shows them)."""

    # At 80 columns the Footer holds these beside Quitter and Commandes: sorting is said in the
    # line under the table ("touche o"), and Ctrl+Z shows only while a deletion can be undone.
    BINDINGS: ClassVar = [
        Binding("o", "sort", "Sort", show=False),
        Binding("d", "duplicate", "Duplicate"),
        Binding("r", "rename", "Rename"),
        Binding("delete", "delete", "Delete"),
        Binding("ctrl+z", "undo", "Undo"),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)

    @classmethod
    def binding_descriptions(cls) -> dict[str, str]:
        return {"sort": t(_TEXT, "k.sort"), "duplicate": t(_TEXT, "b.duplicate"), "rename": t(_TEXT, "b.rename"),
                "delete": t(_TEXT, "b.delete"), "undo": t(_TEXT, "k.undo")}

    def action_sort(self) -> None:
        """Next sort order."""
        self.panel.cycle_sort()

    def action_duplicate(self) -> None:
        """Duplicate the highlighted draft."""
        self.panel.duplicate()

    def action_rename(self) -> None:
        """Rename the highlighted draft."""
        self.panel.rename()

    def action_delete(self) -> None:
        """Delete (to the trash) or, in the trash, restore the highlighted draft."""
        self.panel.delete_or_restore()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo":
            return bool(self.panel.deleted) and not self.panel.trash  # nothing to undo: not in the Footer
        return True

    def action_undo(self) -> None:
        """Take the last deleted draft back."""
        self.panel.undo()

    @property
    def panel(self) -> DraftsPanel:
        """The panel holding this table."""
        return self.query_ancestor(DraftsPanel)


class DraftsPanel(Vertical):
    """The drafts: a filter, the table, what the highlighted one is, actions, undo."""

    DEFAULT_CSS = """
    DraftsPanel { height: auto; }
    DraftsPanel #drafts-count { color: $text-muted; }
    DraftsPanel DraftsTable { height: auto; max-height: 12; }
    DraftsPanel #drafts-detail { color: $text-muted; }
    DraftsPanel #drafts-actions { height: auto; }
    DraftsPanel #drafts-actions Button { margin-right: 1; width: auto; min-width: 0; }
    DraftsPanel .-hidden { display: none; }
    """

    @dataclass
    class ResumeRequested(Message):
        """The user asked to resume (edit) the draft `draft_id`, which is not exported."""

        panel: DraftsPanel
        draft_id: str

        @property
        def control(self) -> DraftsPanel:
            """The panel that posted it."""
            return self.panel

    @dataclass
    class ExportedResumeRequested(Message):
        """The user asked to resume the exported (read-only) draft `draft_id`: view it, or reopen it as a new one?

        `detail` says when and where it was exported, in the language in force.
        """

        panel: DraftsPanel
        draft_id: str
        detail: str

        @property
        def control(self) -> DraftsPanel:
            """The panel that posted it."""
            return self.panel

    @dataclass
    class RenameRequested(Message):
        """The user asked to rename the draft `draft_id`; answer with :meth:`DraftsPanel.rename_draft`."""

        panel: DraftsPanel
        draft_id: str
        current_name: str

        @property
        def control(self) -> DraftsPanel:
            """The panel that posted it."""
            return self.panel

    @dataclass
    class DeleteRequested(Message):
        """The user asked to delete the draft `draft_id` (to the trash); once confirmed, :meth:`DraftsPanel.delete_draft`."""

        panel: DraftsPanel
        draft_id: str
        title: str

        @property
        def control(self) -> DraftsPanel:
            """The panel that posted it."""
            return self.panel

    @dataclass
    class EmptyTrashRequested(Message):
        """The user asked to empty the trash (`count` drafts in it); once confirmed, :meth:`DraftsPanel.empty_trash`."""

        panel: DraftsPanel
        count: int

        @property
        def control(self) -> DraftsPanel:
            """The panel that posted it."""
            return self.panel

    def __init__(self, store: DraftsSource, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.store = store
        """The drafts store the panel lists and changes (given by the screen that composes it)."""
        self.sort = "updated"
        self.descending: bool | None = None
        self.trash = False
        self.rows: list[DraftSummary] = []
        self.total = 0
        self.deleted: list[str] = []
        """Ids deleted in this visit of Home, the last one first to come back with Undo."""
        self._asked = 0
        self._filter_timer: Timer | None = None
        self.empty = False
        """The store held no draft at all when Home was built: the panel is one line."""
        self.title_width = _COLUMNS[0][1]
        """The structure column's width, in cells (what the other columns leave of the table's)."""

    def compose(self) -> ComposeResult:
        self.empty = self.store.is_empty()
        if self.empty:
            # Nothing to list, filter, resume or restore: one line says where drafts will be.
            yield Static(t(_TEXT, "none"), id="drafts-none")
            return
        yield Input(placeholder=t(_TEXT, "filter"), id="drafts-filter")
        table = DraftsTable(id="drafts-table")
        self._add_columns(table)
        yield table
        yield Static("", id="drafts-count")
        yield Static("", id="drafts-detail")
        with Horizontal(id="drafts-actions"):
            yield Button(t(_TEXT, "b.resume"), id="drafts-resume", variant="success", compact=True)
            yield Button(t(_TEXT, "b.duplicate"), id="drafts-duplicate", compact=True)
            yield Button(t(_TEXT, "b.rename"), id="drafts-rename", compact=True)
            yield Button(t(_TEXT, "b.delete"), id="drafts-delete", variant="error", compact=True)
            yield Button(t(_TEXT, "b.trash"), id="drafts-trash", compact=True)
            yield Button(t(_TEXT, "b.empty"), id="drafts-empty", variant="error", compact=True, classes="-hidden")
            yield Button(t(_TEXT, "b.undo"), id="drafts-undo", variant="warning", compact=True, classes="-hidden")

    def on_mount(self) -> None:
        if not self.empty:
            self.reload()

    # -- reading -------------------------------------------------------------------------------

    @property
    def filter_text(self) -> str:
        """What is typed in the filter."""
        return self.query_one("#drafts-filter", Input).value

    def reload(self) -> None:
        """Read the list again now (after an action, or on show)."""
        self._asked += 1
        rows, total = self._read(self.filter_text)
        self._show(rows, total, self._asked)

    def _read(self, text: str) -> tuple[list[DraftSummary], int]:
        from wizard.store.drafts.errors import StoreError

        try:
            rows = self.store.list(sort=self.sort, descending=self.descending, filter=text, trashed=self.trash,
                                   limit=LIMIT)
            return rows, self.store.count(trashed=self.trash)
        except StoreError:
            return [], 0  # the store's problem was said at start

    @on(Input.Changed, "#drafts-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._asked += 1
        if self._filter_timer is not None:
            self._filter_timer.stop()
        # A short pause in typing before reading: one query for a burst of keys, not one per key.
        self._filter_timer = self.set_timer(0.12, self._filter_now)

    @on(Input.Submitted, "#drafts-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(DraftsTable).focus()

    def _filter_now(self) -> None:
        asked, text = self._asked, self.filter_text
        self.run_worker(lambda: self._read_in_thread(text, asked), thread=True, group="drafts-filter",
                        exclusive=True, exit_on_error=False)

    def _read_in_thread(self, text: str, asked: int) -> None:
        rows, total = self._read(text)
        self.app.call_from_thread(self._show, rows, total, asked)

    def _show(self, rows: list[DraftSummary], total: int, asked: int) -> None:
        if asked != self._asked:
            return  # a newer filter or action was asked for since: its answer will show
        self.rows, self.total = rows, total
        table = self.query_one(DraftsTable)
        keep = self.current
        table.clear()
        for row in rows:
            table.add_row(*_cells(row), key=row.id)
        if keep is not None and keep.id in {r.id for r in rows}:
            table.move_cursor(row=next(i for i, r in enumerate(rows) if r.id == keep.id))
        self._show_count()
        self._show_detail()
        self._show_actions()
        self.call_after_refresh(self._fit_columns)  # a scroll bar may come or go with the rows

    # -- the columns' widths --------------------------------------------------------------------

    def _add_columns(self, table: DraftsTable) -> None:
        for key, width in _COLUMNS:
            table.add_column(t(_TEXT, f"col.{key}"), width=self.title_width if key == "structure" else width, key=key)

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._fit_columns)

    def _fit_columns(self) -> None:
        """Give the structure column what the table's width leaves once the other columns have theirs."""
        found = self.query(DraftsTable)
        if not found:
            return  # the one-line panel of an empty store, or taken down meanwhile
        table = found.first()
        padding = 2 * table.cell_padding * len(_COLUMNS)
        width = max(_COLUMNS[0][1], table.scrollable_content_region.width - padding - sum(w for _, w in _COLUMNS[1:]))
        if width == self.title_width:
            return
        self.title_width = width
        # Columns are fixed when added (Textual has no public way to resize one): laid out again, rows with them.
        keep = table.cursor_row
        table.clear(columns=True)
        self._add_columns(table)
        for row in self.rows:
            table.add_row(*_cells(row), key=row.id)
        if self.rows:
            table.move_cursor(row=min(max(keep, 0), len(self.rows) - 1))

    def _show_count(self) -> None:
        if self.trash:
            text = t(_TEXT, "count.trash", count=self.total)
        elif len(self.rows) < self.total:
            text = t(_TEXT, "count.shown", shown=len(self.rows), count=self.total)
        else:
            text = t(_TEXT, "count", count=self.total)
        text += " · " + t(_TEXT, "sorted", key=t(_TEXT, f"sort.{self.sort}"))
        self.query_one("#drafts-count", Static).update(text)

    @property
    def current(self) -> DraftSummary | None:
        """The highlighted draft."""
        table = self.query_one(DraftsTable)
        if not self.rows or table.row_count == 0:
            return None
        index = min(max(table.cursor_row, 0), len(self.rows) - 1)
        return self.rows[index]

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.query_one("#drafts-detail", Static)
        row = self.current
        if row is None:
            key = "none.trash" if self.trash else "none.filter" if self.filter_text.strip() else "none"
            detail.update(t(_TEXT, key))
        elif self.trash and row.trashed_at:
            detail.update(Content(f"{row.title} — " + t(_TEXT, "detail.trashed", at=_when(row.trashed_at, full=True))))
        elif row.read_only:
            detail.update(Content(f"{row.title} — " + _exported_detail(row)))
        else:
            detail.update(Content(f"{row.title} — {row.id}"))

    def _show_actions(self) -> None:
        empty = self.current is None
        for name in ("resume", "duplicate", "rename"):
            button = self.query_one(f"#drafts-{name}", Button)
            button.display = not self.trash
            button.disabled = empty
        delete = self.query_one("#drafts-delete", Button)
        delete.label = t(_TEXT, "b.restore" if self.trash else "b.delete")
        delete.variant = "primary" if self.trash else "error"
        delete.disabled = empty
        self.query_one("#drafts-trash", Button).label = t(_TEXT, "b.back" if self.trash else "b.trash")
        self.query_one("#drafts-undo").set_class(not self.deleted or self.trash, "-hidden")
        self.query_one("#drafts-empty").set_class(not self.trash or empty, "-hidden")
        self.screen.refresh_bindings()  # Ctrl+Z in the Footer only while there is a deletion to undo

    # -- sorting ---------------------------------------------------------------------------------

    def sort_by(self, key: str) -> None:
        """Sort by `key`; asking again for the same key reverses the order."""
        if key == self.sort:
            default = key in ("updated", "created", "errors")
            self.descending = not (default if self.descending is None else self.descending)
        else:
            self.sort, self.descending = key, None
        self.reload()

    def cycle_sort(self) -> None:
        """The next sort key (the ``o`` key)."""
        self.sort_by(_SORTS[(_SORTS.index(self.sort) + 1) % len(_SORTS)])

    @on(DataTable.HeaderSelected)
    def _header(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        self.sort_by(_SORT_OF_COLUMN[str(event.column_key.value)])

    # -- actions ---------------------------------------------------------------------------------

    @on(DataTable.RowSelected)
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.trash:
            self.delete_or_restore()
        else:
            self.resume()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {"drafts-resume": self.resume, "drafts-duplicate": self.duplicate, "drafts-rename": self.rename,
                   "drafts-delete": self.delete_or_restore, "drafts-trash": self.toggle_trash,
                   "drafts-undo": self.undo, "drafts-empty": self.ask_empty_trash}
        action = actions.get(event.button.id or "")
        if action is not None:
            event.stop()
            action()

    def _act(self, change: Any) -> Any:
        from wizard.store.drafts.errors import StoreError

        try:
            return change()
        except StoreError as exc:
            self.app.notify(exc.message, severity="error", markup=False)
            return None

    def resume(self) -> None:
        """Ask to edit the highlighted draft; an exported one is asked about (read-only, or as a new draft)."""
        row = self.current
        if row is None:
            return
        if row.read_only:
            self.post_message(self.ExportedResumeRequested(self, row.id, _exported_detail(row)))
        else:
            self.post_message(self.ResumeRequested(self, row.id))

    def duplicate(self) -> None:
        """A copy of the highlighted draft, shown first in the list."""
        row = self.current
        if row is not None and self._act(lambda: self.store.duplicate(row.id)) is not None:
            self.reload()

    def rename(self) -> None:
        """Ask for a new name for the highlighted draft (the screen asks, then calls :meth:`rename_draft`)."""
        row = self.current
        if row is not None:
            self.post_message(self.RenameRequested(self, row.id, row.name or row.structure))

    def rename_draft(self, draft_id: str, name: str) -> bool:
        """Give the draft `draft_id` the name `name` and show the list again; False if the store refused."""
        if self._act(lambda: self.store.rename(draft_id, name)) is None:
            return False
        self.reload()
        return True

    def delete_or_restore(self) -> None:
        """Ask to delete the highlighted draft (to the trash), or restore it in the trash view."""
        row = self.current
        if row is None:
            return
        if self.trash:
            if self._act(lambda: self.store.restore(row.id)) is not None:
                self.reload()
            return
        self.post_message(self.DeleteRequested(self, row.id, row.title))

    def delete_draft(self, draft_id: str, title: str) -> bool:
        """Move the draft `draft_id` to the trash (Undo takes it back), show the list again, say so."""
        if self._act(lambda: self.store.delete(draft_id)) is None:
            return False
        self.deleted.insert(0, draft_id)
        self.reload()
        self.app.notify(t(_DELETE, "done", title=title), markup=False)
        return True

    def undo(self) -> None:
        """Take the last draft deleted here out of the trash."""
        if not self.deleted:
            return
        draft_id = self.deleted.pop(0)
        if self._act(lambda: self.store.restore(draft_id)) is not None:
            self.reload()

    def ask_empty_trash(self) -> None:
        """Ask to empty the trash (the screen confirms, saying how many, then calls :meth:`empty_trash`)."""
        if self.trash and self.rows:
            self.post_message(self.EmptyTrashRequested(self, self.total))

    def empty_trash(self) -> int | None:
        """Delete the drafts in the trash for good, show the list again, say how many; None if the store refused."""
        count = self._act(self.store.empty_trash)
        if count is None:
            return None
        gone = {r.id for r in self.rows}
        self.deleted = [d for d in self.deleted if d not in gone]  # nothing left to undo for them
        self.reload()
        self.app.notify(t(_TEXT, "emptied", count=count), markup=False)
        return int(count)

    def toggle_trash(self) -> None:
        """Show the trash (to restore a draft) or the drafts again."""
        self.trash = not self.trash
        self.reload()


_DELETE = {
    "done": ("« {title} » est dans la corbeille (Ctrl+Z pour annuler).", "'{title}' is in the trash (Ctrl+Z to undo)."),
}


def _exported_detail(row: DraftSummary) -> str:
    """When and where an exported draft was exported (it is read-only)."""
    return t(_TEXT, "detail.exported", at=_when(row.exported_at or "", full=True), path=row.exported_path or "")


class _Title(Text):
    """A draft's title with a mark (" (copie)") that stays in sight when the title is clipped to its column.

    Its plain text is the whole title and mark; only the rendering clips, the title's end first.
    """

    def __init__(self, title: str, mark: str = "") -> None:
        super().__init__(title + mark, no_wrap=True, overflow="ellipsis", end="")
        self.head = title
        self.mark = mark

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterable[Segment]:
        width = options.max_width
        if not self.mark or cell_len(self.plain) <= width:
            yield from super().__rich_console__(console, options)
            return
        head = Text(self.head, no_wrap=True, overflow="ellipsis", end="")
        head.truncate(max(width - cell_len(self.mark), 1), overflow="ellipsis")
        shown = Text.assemble(head, (self.mark, "italic"), no_wrap=True, overflow="ellipsis", end="")
        yield from shown.__rich_console__(console, options)


def _cells(row: DraftSummary) -> tuple[Text, ...]:
    """A list line; every cell is a Text, so user text is never read as markup."""
    title = " ".join(row.title.split())  # a name typed with a newline stays on its line
    cell = _Title(title)
    if row.copy:
        mark = t(_TEXT, "copy")
        # A duplicate's name already ends with the mark (Dupliquer names it so): kept in sight the same way.
        cell = _Title(title.removesuffix(mark), mark)
    step = (Text("✓ " + t(_TEXT, "exported"), style="bold") if row.read_only
            else Text(tr(f"step.{row.step}") if row.step else ""))
    errors = Text(str(row.errors), style="bold red" if row.errors else "", justify="right")
    return (cell, Text(row.city, no_wrap=True, overflow="ellipsis"),
            step, errors, Text(_when(row.updated_at)))


def _when(stamp: str, *, full: bool = False) -> str:
    """A stored UTC time in local time: ``26/11 17:05`` (``26/11/2026 17:05`` with `full`)."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return stamp
    return moment.strftime("%d/%m/%Y %H:%M" if full else "%d/%m/%y %H:%M")
