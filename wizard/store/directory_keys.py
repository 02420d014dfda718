"""Normalised keys of MSSanté addresses: what makes two names "close".

Two local parts are close when one of these keys is equal, or when their
squashed forms are within a few edits:

- the **squashed** form: letters and digits only (``cabinet-des-lilas.93260``
  and ``cabinetdeslilas.93260`` both give ``cabinetdeslilas93260``); equal
  local parts at another operator's domain share it too;
- the **bag** of words: words sorted, numbers (postal codes) and short link
  words (du, de, des...) left out, so word order, another postal code and a
  dropped link word all give the same bag (``cabinet-infirmier-du-port`` and
  ``port.cabinet-infirmier.44000`` give ``cabinetinfirmierport``).

Keys are ASCII bytes: the import works on the raw bytes of a large file, and
the query side encodes its text the same way, so both sides share one
implementation.
"""

from __future__ import annotations

import unicodedata
from functools import cache

_ALNUM = frozenset(b"0123456789abcdefghijklmnopqrstuvwxyz")
_DELETE = bytes(c for c in range(256) if c not in _ALNUM)
_SPACES = bytes(c if c in _ALNUM else 0x20 for c in range(256))


@cache
def stopwords() -> frozenset[bytes]:
    """The short link words left out of a bag (the shipped list of French stopwords)."""
    from wizard.model import data

    return frozenset(word.encode("ascii") for word in data.stopwords())


def ascii_bytes(text: str) -> bytes:
    """`text` lowercased as ASCII bytes, accents dropped (``"Réseau"`` gives ``b"reseau"``)."""
    text = text.strip().lower()
    if text.isascii():
        return text.encode("ascii")
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore")


def squash(local: bytes) -> bytes:
    """Letters and digits only: separators and other signs removed."""
    return local.translate(None, _DELETE)


def words(local: bytes) -> list[bytes]:
    """The runs of letters and digits of `local`, in order."""
    return local.translate(_SPACES).split()


def bag(local: bytes, stop: frozenset[bytes] | None = None) -> bytes:
    """The sorted words of `local` without numbers and link words, glued (``b""`` when none is left)."""
    stop = stopwords() if stop is None else stop
    kept = [w for w in local.translate(_SPACES).split() if w not in stop and not w.isdigit()]
    kept.sort()
    return b"".join(kept)


def max_edits(length: int) -> int:
    """Edits allowed between two squashed local parts of about `length` characters.

    Short names get none (``msp`` and ``mss`` are different names), names of
    4 to 7 characters one (a slip of the finger), longer ones two (a missing
    letter and a doubled one, or a two-letter link word such as ``du``).
    """
    if length < 4:
        return 0
    return 1 if length < 8 else 2


def split_address(address: str) -> tuple[bytes, bytes]:
    """``(local part, domain)`` of `address` as normalised ASCII bytes; domain ``b""`` when absent."""
    raw = ascii_bytes(address)
    local, at, domain = raw.rpartition(b"@")
    if not at:
        return raw, b""
    return local, domain
