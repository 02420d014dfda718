"""A tiny document tree and its three renderings: Markdown, self-contained HTML, plain text.

The documents are built once as a tree of blocks (:mod:`wizard.documents.content`)
and rendered by the functions here, so that the Markdown, the HTML page and the
text say exactly the same thing, and escaping lives in one place: every string
in the tree is data (user-typed or from our catalogue) and is escaped by the
renderer, never trusted as markup.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files


@dataclass(frozen=True, slots=True)
class Code:
    """A literal value shown as code: an address, an RPPS number, an identifier."""

    text: str


@dataclass(frozen=True, slots=True)
class Strong:
    """Emphasised text (a role, a structure's name)."""

    text: str


Inline = str | Code | Strong
"""One piece of a line: plain text, code or emphasis."""
Line = tuple[Inline, ...]
"""A line of text made of pieces."""


@dataclass(frozen=True, slots=True)
class Heading:
    """A title of level 1 (the document), 2 (a section) or 3 (a sub-section)."""

    level: int
    text: Line


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph."""

    text: Line


@dataclass(frozen=True, slots=True)
class Lines:
    """Short lines kept together, one under the other (a signature)."""

    lines: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class Quote:
    """Free text typed by the user over several lines (kept line by line)."""

    text: str


@dataclass(frozen=True, slots=True)
class Items:
    """A bulleted list."""

    items: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class Checks:
    """A checklist: each item done or not."""

    items: tuple[tuple[bool, Line], ...]


@dataclass(frozen=True, slots=True)
class Fields:
    """Labelled values (``Nom : Cabinet des Lilas``)."""

    rows: tuple[tuple[str, Line], ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A table with a header row."""

    headers: tuple[str, ...]
    rows: tuple[tuple[Line, ...], ...]


@dataclass(frozen=True, slots=True)
class Rule:
    """A separator before the footer."""


Block = Heading | Paragraph | Lines | Quote | Items | Checks | Fields | Table | Rule
"""Any block of a document."""


@dataclass(frozen=True, slots=True)
class Document:
    """A whole document: its title (for the HTML ``<title>``), language and blocks."""

    title: str
    lang: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)


# --- Cleaning -------------------------------------------------------------------

_SPACES = re.compile(r" {2,}")


def clean(text: str) -> str:
    """`text` on one line, without control or format characters (bidi overrides included).

    Drafts may hold such characters (the rules report them); a document must
    never carry a terminal escape or a right-to-left override to its reader.
    Line breaks and tabs become spaces and runs of spaces one space; the ends
    are kept, since a piece of a line may end with the space that separates it
    from the next.
    """
    if text.isprintable():  # the common case, fast: no control, format or separator character
        return _SPACES.sub(" ", text)
    kept = "".join(
        " " if unicodedata.category(c) in ("Zl", "Zp") or c in "\t\n\r\v\f"
        else "" if unicodedata.category(c) in ("Cc", "Cf")
        else c
        for c in text
    )
    return _SPACES.sub(" ", kept)


def clean_lines(text: str) -> list[str]:
    """The non-empty lines of a multi-line text, each cleaned."""
    lines = (clean(line).strip() for line in re.split(r"\r\n|[\n\r\v\f\u2028\u2029]", text))
    return [line for line in lines if line]


def _colon(doc: Document) -> str:
    """French typography puts a space before a colon; English does not."""
    return " : " if doc.lang == "fr" else ": "


# --- Markdown ---------------------------------------------------------------------

# Characters that open inline markup (emphasis, code, links, raw HTML, entities,
# tables, strikethrough). Backslash-escaping ASCII punctuation is always valid
# CommonMark, so over-escaping is harmless; under-escaping is not.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>&|~])")
# What turns a line into a block (heading, list, quote, thematic break, table...).
_MD_BLOCK_START = re.compile(r"^(\s*)([#+=>-]|\d+(?=[.)]))")


def md_escape(text: str) -> str:
    """`text` (one line) escaped so that Markdown shows it literally."""
    escaped = _MD_INLINE.sub(r"\\\1", clean(text))
    return _MD_BLOCK_START.sub(_escape_block_start, escaped)


def _escape_block_start(match: re.Match[str]) -> str:
    space, marker = match.group(1), match.group(2)
    return space + (marker + "\\" if marker.isdigit() else "\\" + marker)


def md_code(text: str) -> str:
    """`text` as a Markdown code span, whatever backticks it holds (CommonMark rule)."""
    text = clean(text).strip()
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _md_inline(line: Line) -> str:
    out = []
    for piece in line:
        if isinstance(piece, Code):
            out.append(md_code(piece.text))
        elif isinstance(piece, Strong):
            out.append(f"**{md_escape(piece.text.strip())}**" if clean(piece.text).strip() else "")
        else:
            out.append(md_escape(piece))
    return "".join(out)


def _md_cell(line: Line) -> str:
    return _md_inline(line) or " "


def to_markdown(doc: Document) -> str:
    """The document as CommonMark (with GFM tables and task lists)."""
    parts: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Heading):
            parts.append("#" * block.level + " " + _md_inline(block.text))
        elif isinstance(block, Paragraph):
            parts.append(_md_inline(block.text))
        elif isinstance(block, Lines):
            # A backslash at the end of a line is CommonMark's hard line break.
            parts.append("\\\n".join(_md_inline(line) for line in block.lines))
        elif isinstance(block, Quote):
            parts.append("\n>\n".join("> " + md_escape(line) for line in clean_lines(block.text)) or "> —")
        elif isinstance(block, Items):
            parts.append("\n".join("- " + _md_inline(item) for item in block.items))
        elif isinstance(block, Checks):
            parts.append("\n".join(f"- [{'x' if done else ' '}] " + _md_inline(item) for done, item in block.items))
        elif isinstance(block, Fields):
            parts.append("\n".join(f"- **{md_escape(name)}**{_colon(doc)}" + _md_inline(value) for name, value in block.rows))
        elif isinstance(block, Table):
            head = "| " + " | ".join(md_escape(h) for h in block.headers) + " |"
            sep = "|" + "|".join("---" for _ in block.headers) + "|"
            rows = ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in block.rows]
            parts.append("\n".join([head, sep, *rows]))
        elif isinstance(block, Rule):
            parts.append("---")
    return "\n\n".join(parts) + "\n"


# --- HTML -------------------------------------------------------------------------


def _h(text: str) -> str:
    return html.escape(clean(text), quote=True)


def _html_inline(line: Line) -> str:
    out = []
    for piece in line:
        if isinstance(piece, Code):
            out.append(f"<code>{_h(piece.text)}</code>")
        elif isinstance(piece, Strong):
            out.append(f"<strong>{_h(piece.text)}</strong>")
        else:
            out.append(_h(piece))
    return "".join(out)


@cache
def stylesheet() -> str:
    """The print-friendly style sheet embedded in every HTML page (A4, no external resource)."""
    return files("wizard.documents").joinpath("print.css").read_text(encoding="utf-8")


# No script, no fetch of any kind: even if escaping ever failed, the page could run nothing.
_CSP = "default-src 'none'; style-src 'unsafe-inline'"


def to_html(doc: Document) -> str:
    """The document as one self-contained HTML page that prints well on A4."""
    body: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Heading):
            level = min(max(block.level, 1), 3)
            body.append(f"<h{level}>{_html_inline(block.text)}</h{level}>")
        elif isinstance(block, Paragraph):
            body.append(f"<p>{_html_inline(block.text)}</p>")
        elif isinstance(block, Lines):
            body.append("<p>" + "<br>\n".join(_html_inline(line) for line in block.lines) + "</p>")
        elif isinstance(block, Quote):
            body.append("<blockquote>" + "<br>\n".join(_h(line) for line in clean_lines(block.text)) + "</blockquote>")
        elif isinstance(block, Items):
            body.append("<ul>\n" + "\n".join(f"<li>{_html_inline(i)}</li>" for i in block.items) + "\n</ul>")
        elif isinstance(block, Checks):
            rows = (
                f'<li class="{"done" if done else "todo"}"><span class="box">{"☑" if done else "☐"}</span> '
                f"{_html_inline(item)}</li>"
                for done, item in block.items
            )
            body.append('<ul class="checks">\n' + "\n".join(rows) + "\n</ul>")
        elif isinstance(block, Fields):
            rows = (f"<tr><th scope=\"row\">{_h(name)}</th><td>{_html_inline(value)}</td></tr>" for name, value in block.rows)
            body.append('<table class="fields">\n' + "\n".join(rows) + "\n</table>")
        elif isinstance(block, Table):
            head = "".join(f'<th scope="col">{_h(h)}</th>' for h in block.headers)
            rows = ("<tr>" + "".join(f"<td>{_html_inline(c)}</td>" for c in row) + "</tr>" for row in block.rows)
            body.append(f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>")
        elif isinstance(block, Rule):
            body.append("<hr>")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{_h(doc.lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_h(doc.title)}</title>\n<style>\n{stylesheet()}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


# --- Plain text -------------------------------------------------------------------


def _text_inline(line: Line) -> str:
    return "".join(clean(p.text) if isinstance(p, (Code, Strong)) else clean(p) for p in line)


def to_text(doc: Document) -> str:
    """The document as plain text, to print, display or paste into a message."""
    parts: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Heading):
            title = _text_inline(block.text)
            parts.append(title + "\n" + ("=" if block.level == 1 else "-") * len(title) if block.level < 3 else title)
        elif isinstance(block, Paragraph):
            parts.append(_text_inline(block.text))
        elif isinstance(block, Lines):
            parts.append("\n".join(_text_inline(line) for line in block.lines))
        elif isinstance(block, Quote):
            parts.append("\n".join("    " + line for line in clean_lines(block.text)))
        elif isinstance(block, Items):
            parts.append("\n".join("- " + _text_inline(i) for i in block.items))
        elif isinstance(block, Checks):
            parts.append("\n".join(f"[{'x' if done else ' '}] " + _text_inline(i) for done, i in block.items))
        elif isinstance(block, Fields):
            parts.append("\n".join(f"{clean(name)}{_colon(doc)}" + _text_inline(v) for name, v in block.rows))
        elif isinstance(block, Table):
            rows = [" | ".join(clean(h) for h in block.headers)]
            rows += [" | ".join(_text_inline(c) for c in row) for row in block.rows]
            parts.append("\n".join(rows))
        elif isinstance(block, Rule):
            parts.append("--")
    return "\n\n".join(parts) + "\n"
