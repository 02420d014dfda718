"""Text from files printed as data: what could drive the terminal is shown, never executed.

A received request, a draft or the public directory may hold escape
sequences (``ESC]0;title BEL``, ``ESC[31m``), carriage returns that overwrite a
line, bidirectional overrides that reorder it, or lone surrogates that cannot
even be encoded. Every command but the wizard writes through
:class:`VisibleStream`, which turns each such character into its ``\\uXXXX``
escape: readable, valid inside JSON strings, inert for the terminal. Only line
feeds and tabs pass. The wizard (Textual) renders user text as data on its own.
"""

from __future__ import annotations

import io
import re
import sys
from typing import Any, TextIO

_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 controls but tab and line feed, DEL, C1 controls (CSI...)
    "\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff"  # zero-width, line separators, bidi overrides
    "\ud800-\udfff]"  # lone surrogates
)


def visible(text: str) -> str:
    """`text` with every character that could drive the terminal written as ``\\uXXXX``."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class VisibleStream(io.TextIOBase):
    """A text stream that writes through :func:`visible` to the stream it wraps."""

    def __init__(self, raw: TextIO) -> None:
        super().__init__()
        self.raw = raw

    def write(self, text: str) -> int:
        self.raw.write(visible(text))
        return len(text)

    def flush(self) -> None:
        self.raw.flush()

    def isatty(self) -> bool:
        return self.raw.isatty()

    def fileno(self) -> int:
        return self.raw.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.raw, "encoding", "utf-8")

    def writable(self) -> bool:
        return True


def raw(stream: Any) -> Any:
    """The stream under a :class:`VisibleStream` (rich's progress bar writes its own escapes)."""
    return stream.raw if isinstance(stream, VisibleStream) else stream


def protect() -> None:
    """Make ``sys.stdout`` and ``sys.stderr`` visible-only (every command but the wizard)."""
    if not isinstance(sys.stdout, VisibleStream):
        sys.stdout = VisibleStream(sys.stdout)
    if not isinstance(sys.stderr, VisibleStream):
        sys.stderr = VisibleStream(sys.stderr)


def release() -> None:
    """Give the wizard (and a test's capture) the streams as they were."""
    sys.stdout = raw(sys.stdout)
    sys.stderr = raw(sys.stderr)
