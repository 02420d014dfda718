"""The practice's documents from the Review step: preview the three, then write them to a folder.

The same documents as ``balorg documents`` (:mod:`wizard.documents`): the
request summary (previewed as Markdown), the patient notice and the partners'
announcement (plain text). Everything the user typed reaches the screen as
data: the summary's Markdown is escaped by the documents package and laid out
by Rich without links; the plain texts are shown as
:class:`~textual.content.Content`, never parsed as markup.
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static, TabbedContent, TabPane

from wizard.fileio import os_reason
from wizard.model.i18n import t
from wizard.screens.modal import Modal
from wizard.ui.localise import Localised
from wizard.widgets.footer import WizardFooter

if TYPE_CHECKING:

    from wizard.app import BalOrgApp

_TEXT = {
    "title": ("Documents pour la structure", "Documents for the structure"),
    "tab.summary": ("Récapitulatif", "Summary"),
    "tab.notice": ("Information des patients", "Patient notice"),
    "tab.announcement": ("Annonce aux partenaires", "Announcement"),
    "folder": ("Dossier où les écrire (modifiable)", "Folder to write them in (editable)"),
    "folder.default": ("documents-{stem}", "documents-{stem}"),
    "write": ("Écrire les documents", "Write the documents"),
    "close": ("Fermer", "Close"),
    "hint": (
        "Écrit le récapitulatif (Markdown et HTML), l'information des patients et l'annonce aux "
        "partenaires, dans des fichiers lisibles par vous seul.",
        "Writes the summary (Markdown and HTML), the patient notice and the announcement, in files "
        "only you can read.",
    ),
    "done": ("{count} documents écrits dans {folder} :", "{count} documents written in {folder}:"),
    "failed": (
        "Impossible d'écrire dans « {folder} » : {reason}. Rien n'est perdu : choisissez un autre dossier.",
        "Cannot write into \"{folder}\": {reason}. Nothing is lost: choose another folder.",
    ),
    "unreadable": ("Document impossible à préparer : {reason}", "Cannot prepare the document: {reason}"),
    # Why a folder cannot be written, in words rather than the system's English.
    "os.access": ("accès refusé (droits insuffisants sur ce dossier)", "permission denied on this folder"),
    "os.readonly": ("le support est en lecture seule", "the disk is read-only"),
    "os.full": ("le disque est plein", "the disk is full"),
    "os.notdir": ("un élément du chemin est un fichier, pas un dossier", "part of the path is a file, not a folder"),
    "os.exists": ("un fichier porte déjà ce nom, ce n'est pas un dossier", "a file has that name: it is not a folder"),
    "os.missing": ("chemin introuvable", "path not found"),
    "os.long": ("nom trop long", "name too long"),
    "os.other": ("erreur du système ({reason})", "system error ({reason})"),
}

_REASONS = {
    errno.EACCES: "os.access", errno.EPERM: "os.access", errno.EROFS: "os.readonly", errno.ENOSPC: "os.full",
    errno.EDQUOT: "os.full", errno.ENOTDIR: "os.notdir", errno.EEXIST: "os.exists", errno.EISDIR: "os.exists",
    errno.ENOENT: "os.missing", errno.ENAMETOOLONG: "os.long",
}


def reason_of(exc: OSError) -> str:
    """Why `exc` happened, in the language in force."""
    key = _REASONS.get(exc.errno or 0)
    if key is not None:
        return t(_TEXT, key)
    return t(_TEXT, "os.other", reason=os_reason(exc))


class MarkdownText(Widget):
    """Markdown laid out once per width by Rich, shown as :class:`Content` (one widget, no markup).

    Textual's Markdown widget makes a widget of every block, list item and table
    cell: a four-mailbox summary took over a second to open. Rich lays the same
    Markdown out as text; it is cached per width, since layout asks several times.
    Links are not made clickable (``hyperlinks=False``): the documents have none,
    and user text is escaped by the documents package before it becomes Markdown.
    """

    DEFAULT_CSS = "MarkdownText { height: auto; }"

    def __init__(self, markdown: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        from rich.markdown import Markdown as RichMarkdown

        self.markdown = markdown
        """The Markdown source shown."""
        self._parsed = RichMarkdown(markdown, hyperlinks=False)
        self._laid_out: dict[int, Content] = {}

    def laid_out(self, width: int) -> Content:
        """The Markdown laid out in `width` cells."""
        cached = self._laid_out.get(width)
        if cached is None:
            from rich.text import Text

            console = self.app.console
            lines = console.render_lines(self._parsed, console.options.update_width(max(width, 1)), pad=False)
            text = Text("\n").join(
                Text.assemble(*((seg.text, seg.style or "") for seg in line if not seg.control)) for line in lines)
            text.rstrip_end(width)
            cached = self._laid_out[width] = Content.from_rich_text(text, console)
        return cached

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.laid_out(width).plain.split("\n"))

    def render(self) -> Content:
        return self.laid_out(self.content_region.width or self.size.width)


class DocumentsScreen(Localised, Modal[None]):
    """Preview the summary, the patient notice and the announcement; write them all to a folder."""

    BINDINGS: ClassVar = [Binding("escape", "close", "Close")]

    @classmethod
    def binding_descriptions(cls) -> dict[str, str]:
        return {"close": t(_TEXT, "close")}

    @property
    def wizard(self) -> BalOrgApp:
        """The App, typed."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        from wizard.documents import DOCUMENTS

        with Vertical(id="documents-dialog") as box:
            box.border_title = t(_TEXT, "title")
            with TabbedContent(id="documents-tabs"):
                for kind in DOCUMENTS:
                    with TabPane(Content(t(_TEXT, f"tab.{kind.name}")), id=f"doc-{kind.name}"):
                        with VerticalScroll(id=f"preview-{kind.name}", classes="preview"):
                            yield self._preview(kind.name)
            yield Label(t(_TEXT, "folder"), classes="field-label")
            with Horizontal(id="documents-row"):
                yield Input(self.default_folder(), id="documents-folder", compact=True, select_on_focus=False)
                yield Button(t(_TEXT, "write"), id="documents-write", variant="success", compact=True)
                yield Button(t(_TEXT, "close"), id="documents-close", compact=True)
            yield Static(t(_TEXT, "hint"), id="documents-result")
        yield WizardFooter()

    def _preview(self, kind: str) -> Widget:
        """The document as it will be written: Markdown for the summary, plain text for the others."""
        from wizard.documents import DocumentError, render

        app = self.wizard
        fmt = "md" if kind == "summary" else "txt"
        try:
            text = render(app.draft, kind, fmt, None, known=app.known, findings=app.findings)
        except DocumentError as exc:
            return Static(Content(t(_TEXT, "unreadable", reason=str(exc))), classes="error-text")
        if fmt == "md":
            return MarkdownText(text, id=f"text-{kind}")
        return Static(Content(text), id=f"text-{kind}", classes="plain")

    def default_folder(self) -> str:
        """Where the documents go by default: a folder named after the structure, in the folder
        the export goes to (the last export's, else the user's documents folder; never the current one)."""
        from wizard.documents import file_stem

        assert self.wizard.draft is not None
        name = t(_TEXT, "folder.default", stem=file_stem(self.wizard.draft.to_data()))
        return str(self.wizard.export_folder() / name)

    def on_mount(self) -> None:
        # Keys in a burst may close the dialog before it is mounted: its tabs are then gone already.
        for tabs in self.query("#documents-tabs Tabs").results():
            tabs.focus()
            break

    def show(self, kind: str) -> None:
        """Bring the preview of `kind` (``summary``, ``notice``, ``announcement``) to the front."""
        self.query_one("#documents-tabs", TabbedContent).active = f"doc-{kind}"

    @property
    def shown(self) -> str:
        """The kind of document in the preview."""
        return self.query_one("#documents-tabs", TabbedContent).active.removeprefix("doc-")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.write()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "documents-write":
            self.write()
        else:
            self.dismiss(None)

    def write(self) -> list[Path]:
        """Write every document into the folder given; say where, or why not (nothing is lost)."""
        from wizard.documents import DocumentError, write_documents

        if not self.active:
            return []  # a key queued behind the one that closed the dialog
        result = self.query_one("#documents-result", Static)
        raw = self.query_one("#documents-folder", Input).value.strip() or self.default_folder()
        folder = Path(raw).expanduser()
        folder = folder if folder.is_absolute() else self.wizard.export_folder() / folder
        try:
            paths = write_documents(self.wizard.draft, folder, known=self.wizard.known)
        except DocumentError as exc:
            message = t(_TEXT, "unreadable", reason=str(exc))
        except OSError as exc:
            message = t(_TEXT, "failed", folder=str(folder), reason=reason_of(exc))
        else:
            lines = [t(_TEXT, "done", count=len(paths), folder=str(folder))]
            lines += [f"  {path.name}" for path in paths]
            result.update(Content("\n".join(lines)))
            result.set_classes("-done")
            self.notify(lines[0], markup=False)
            return paths
        result.update(Content(message))
        result.set_classes("-failed")
        self.app.bell()
        return []

    def action_close(self) -> None:
        """Back to the Review step."""
        self.dismiss(None)
