"""Normalised keys of MSSanté addresses: what makes two names "close", and how close.

Two local parts are close when one of these keys is equal, or when their
squashed forms are a few slips apart:

- the **squashed** form: letters and digits only (``cabinet-des-lilas.93260``
  and ``cabinetdeslilas.93260`` both give ``cabinetdeslilas93260``); equal
  local parts at another operator's domain share it too;
- the **bag** of words: words sorted, numbers (postal codes) and short link
  words (du, de, des...) left out, so word order, another or no postal code
  and a dropped link word all give the same bag (``cabinet-infirmier-du-port``
  and ``port.cabinet-infirmier.44000`` give ``cabinetinfirmierport``);
- **slips**: an edit distance between squashed forms (rapidfuzz's OSA: a
  letter missing, added, replaced, or two neighbours swapped, each one slip),
  up to :func:`max_edits`.

How close, as a person would rank them (:func:`difference`): each kind of
difference has a cost, and the costs add up. A postal code dropped or
changed, another word order, a short word dropped and another domain each
cost :data:`STEP`; separators alone cost less (:data:`SEPARATORS`: it is the
same name written another way); a slip costs more (:data:`SLIP`: another
spelling may well be another name), and a short number glued to a word
(``jean.martin2``, how an operator numbers a namesake) counts as a slip, not
as a postal code. Equal costs are then ranked same domain first (see
:mod:`wizard.store.directory.index`).

Keys are ASCII bytes: the import works on the raw bytes of a large file, and
the query side encodes its text the same way, so both sides share one
implementation.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache

from rapidfuzz.distance import OSA

_ALNUM = frozenset(b"0123456789abcdefghijklmnopqrstuvwxyz")
_DELETE = bytes(c for c in range(256) if c not in _ALNUM)
_SPACES = bytes(c if c in _ALNUM else 0x20 for c in range(256))
_DIGITS = b"0123456789"

SEPARATORS = 1
"""Cost of local parts that differ only by their separators (``cabinetdeslilas`` / ``cabinet-des-lilas``)."""
STEP = 2
"""Cost of one "same words" difference (another or no postal code, word order, a short word), or of another domain."""
SLIP = 3
"""Cost of each slip (a letter missing, added, replaced, two swapped; a number glued to a word)."""

MIDDLE_FROM = 12
"""Queries of at least this many letters and digits are also looked up by their middle (two slips
far apart: one near the start, one near the end); names 2 shorter are indexed for it."""
MIDDLE_LONGEST = 126
"""Names longer than this are not indexed by their middle (a local part has at most 64 characters)."""


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
    """Slips allowed between two squashed local parts, the query's being `length` characters.

    Short names get none (``msp`` and ``mss`` are different names), names of
    4 to 7 characters one (a slip of the finger), longer ones two (a missing
    letter and a doubled one, or a two-letter link word such as ``du``).
    """
    if length < 4:
        return 0
    return 1 if length < 8 else 2


def slips(squashed: bytes | str, other: bytes | str, limit: int | None = None) -> int:
    """Slips between two squashed forms (OSA distance: a swap of neighbours is one slip); more than `limit` when over it."""
    return OSA.distance(squashed, other, score_cutoff=limit)


def middle_start(length: int) -> int:
    """Where the middle key of a name of `length` characters starts: a little past its first quarter.

    Two slips, one in the first quarter of the query and one in its last,
    leave the query's middle untouched: a known name within those two slips
    then holds that middle, shifted by at most one place, and its end from
    here on starts with part of it (see
    :meth:`wizard.store.directory.index.DirectoryIndex.candidate_groups`).
    """
    return length // 4 + 2


def middle_keys(forms: Iterable[bytes]) -> list[bytes]:
    """The import's sort key of each of `forms` for the middle lookup: length (one byte), then the end from :func:`middle_start`.

    Sorted by it, the names of one length are contiguous, each run sorted by
    its names' ends: the search bisects one run (one comprehension here, no calls).
    """
    lengths = _LENGTHS
    return [lengths[len(f)] + f[len(f) // 4 + 2 :] for f in forms]


_LENGTHS = [bytes((n,)) for n in range(MIDDLE_LONGEST + 1)]


def _numbers_apart(local: bytes) -> tuple[list[bytes], list[bytes]]:
    """``(numbers, words)`` of `local`: numbers are the words of digits and a postal code glued
    to the end of a word (``lilas93260``); shorter numbers glued to a word stay in it
    (``vasseur2``: an operator's numbering of a namesake, not a postal code)."""
    numbers, rest = [], []
    for word in words(local):
        if word.isdigit():
            numbers.append(word)
        elif len(word) > 5 and word[-5:].isdigit() and not word[-6:-5].isdigit():
            numbers.append(word[-5:])
            rest.append(word[:-5])
        else:
            rest.append(word)
    numbers.sort()
    return numbers, rest


def difference(query: bytes, local: bytes) -> tuple[int, tuple[str, ...]]:
    """How far local part `local` is from `query`: ``(cost, reasons)``, cost 0 when equal.

    Reasons are those of :class:`wizard.store.directory.index.Match`
    (``separators``, ``number``, ``order``, ``short_word``, ``typo``); the
    costs (module docstring) add up: ``lilas-cabinet.93100`` against
    ``cabinet-des-lilas.93260`` is another postal code, another order and a
    dropped ``des``: three steps. Numbers (postal codes) are compared apart
    from the letters, so another postal code is one step, not five slips.
    """
    if query == local:
        return 0, ()
    if squash(query) == squash(local):
        return SEPARATORS, ("separators",)
    query_numbers, query_words = _numbers_apart(query)
    local_numbers, local_words = _numbers_apart(local)
    cost, why = 0, []
    if query_numbers != local_numbers:
        cost += STEP
        why.append("number")
    query_rest, local_rest = b"".join(query_words), b"".join(local_words)
    if query_rest == local_rest:
        return cost, tuple(why)
    stop = stopwords()
    query_kept = [w for w in query_words if w not in stop]
    local_kept = [w for w in local_words if w not in stop]
    if query_kept and sorted(query_kept) == sorted(local_kept):  # the same bag: the same words
        short = sorted(w for w in query_words if w in stop) != sorted(w for w in local_words if w in stop)
        if query_kept != local_kept or not short:  # (the same words in the same order: the link words moved)
            cost += STEP
            why.append("order")
        if short:
            cost += STEP
            why.append("short_word")
        return cost, tuple(why)
    cost += SLIP * max(1, slips(query_rest, local_rest))
    glued = query_rest.translate(None, _DIGITS) == local_rest.translate(None, _DIGITS)
    if not glued:
        why.append("typo")
    elif "number" not in why:
        why.append("number")
    return cost, tuple(why)


def is_close(query: bytes, local: bytes) -> bool:
    """The plain definition of "close" for two local parts (the index finds the same, faster)."""
    if query == local:
        return True
    squashed, other = squash(query), squash(local)
    if squashed == other:
        return True
    query_bag = bag(query)
    if query_bag and query_bag == bag(local):
        return True
    edits = max_edits(len(squashed))
    if not edits or abs(len(squashed) - len(other)) > edits:
        return False
    return slips(squashed, other, edits) <= edits


def split_address(address: str) -> tuple[bytes, bytes]:
    """``(local part, domain)`` of `address` as normalised ASCII bytes; domain ``b""`` when absent."""
    raw = ascii_bytes(address)
    local, at, domain = raw.rpartition(b"@")
    if not at:
        return raw, b""
    return local, domain
