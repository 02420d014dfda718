"""The loaded directory: exact lookups and the search for close addresses.

Sections (written by :mod:`wizard.store.directory_import`):

- ``addresses`` (+ ``address_offsets``), ``kinds``, ``names``, ``postals``: one
  row per address, sorted by squashed local part, then squashed domain;
  ``name_blob`` (+ ``name_offsets``) holds the distinct structure names.
- ``squashed``: the distinct squashed local parts, sorted; ``group_starts[g]``
  is the first row of group ``g``. Loaded as a list of ``str``: it is what the
  fuzzy search hands to rapidfuzz.
- ``reversed`` (+ offsets) and ``reversed_groups``: the same forms reversed
  and sorted, to find those ending like the query.
- ``bags`` (+ offsets), ``bag_starts``, ``bag_groups``: for each bag of words
  that differs from its own squashed form, the groups holding it.

How a query is pruned (a plain rapidfuzz scan of every local part is several
times too slow): equal keys are found by binary search; for slips of the
finger, a name within *k* edits of the query keeps, untouched, either its
first or its last part (of half the query's length for one edit, a quarter
for two), so only the names sharing that prefix (a slice of ``squashed``) or
that suffix (a slice of ``reversed``) are scored by rapidfuzz, in C. Two
slips, one in the first quarter and one in the last, are not caught.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process, utils
from rapidfuzz.distance import Levenshtein

from wizard.store import directory_keys as keys
from wizard.store.directory_format import unpack

GROUPS_SCORED = 60
"""At most this many squashed groups are looked at closely per query (best first)."""
PER_GROUP = 12
"""At most this many addresses are taken from one group (a generic name such as
``secretariat`` is used by hundreds of structures)."""


REASONS = {
    "domain": ("autre domaine", "other domain"),
    "separators": ("séparateurs", "separators"),
    "order": ("ordre des mots", "word order"),
    "number": ("autre code postal ou numéro", "other postal code or number"),
    "short_word": ("petit mot ajouté ou retiré", "short word added or dropped"),
    "typo": ("lettres proches", "close spelling"),
}
"""Labels of :attr:`Match.reasons`, ``code: (fr, en)`` (for :func:`wizard.model.i18n.t`)."""


@dataclass(frozen=True)
class Entry:
    """One known address.

    Attributes:
        address: the address, lowercase.
        structure: the structure's name ("" when the list gives none).
        kind: the BAL type (``ORG``, ``PER``, ``APP``, ``CAB``; ``""`` for an exported request).
        postal_code: the structure's postal code, or "".
        source: ``"directory"`` (the imported list) or ``"export"`` (a request exported here).
    """

    address: str
    structure: str = ""
    kind: str = ""
    postal_code: str = ""
    source: str = "directory"

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data."""
        return {"address": self.address, "structure": self.structure, "kind": self.kind, "postal_code": self.postal_code, "source": self.source}


@dataclass(frozen=True)
class Match:
    """A known address close to the query.

    Attributes:
        entry: the known address.
        score: similarity from 0 to 99 (100 is reserved for the exact match).
        reasons: why it is close: ``domain`` (same local part, another domain),
            ``separators``, ``order`` (same words, another order), ``number``
            (another postal code or number), ``short_word`` (a link word added or
            dropped), ``typo`` (a few letters apart).
    """

    entry: Entry
    score: int
    reasons: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data."""
        return {**self.entry.to_dict(), "score": self.score, "reasons": list(self.reasons)}


@dataclass
class SearchResult:
    """The answer to one query: the exact match (if any) and the close ones, nearest first."""

    query: str
    exact: Entry | None = None
    close: list[Match] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data (``balorg directory check --json``)."""
        return {"address": self.query, "exact": self.exact.to_dict() if self.exact else None, "close": [m.to_dict() for m in self.close]}


def score(query_local: str, query_domain: str, local: str, domain: str) -> int:
    """Similarity of two addresses, 0 to 99, for ranking close ones.

    The best of rapidfuzz's ratio on the raw local parts and its token-sort
    ratio (words compared whatever their order); five points off for another domain.
    """
    value = max(fuzz.ratio(query_local, local), fuzz.token_sort_ratio(query_local, local, processor=utils.default_process))
    if query_domain and domain != query_domain:
        value -= 5
    return max(0, min(99, round(value)))


def reasons(query_local: bytes, query_domain: bytes, local: bytes, domain: bytes) -> tuple[str, ...]:
    """Why `local@domain` is close to the query (see :class:`Match`)."""
    out = []
    if query_domain and domain != query_domain:
        out.append("domain")
    if local == query_local:
        return tuple(out)
    if keys.squash(local) == keys.squash(query_local):
        return (*out, "separators")
    if keys.bag(local) != keys.bag(query_local):
        return (*out, "typo")
    stop = keys.stopwords()
    words, query_words = keys.words(local), keys.words(query_local)
    how = []
    if [w for w in words if w.isdigit()] != [w for w in query_words if w.isdigit()]:
        how.append("number")
    if [w for w in words if w not in stop and not w.isdigit()] != [w for w in query_words if w not in stop and not w.isdigit()]:
        how.append("order")
    if sorted(w for w in words if w in stop) != sorted(w for w in query_words if w in stop):
        how.append("short_word")
    return (*out, *(how or ["order"]))  # same bag, same words: only their grouping differs


class DirectoryIndex:
    """The imported list, loaded: read-only, so it can be shared with worker threads."""

    def __init__(self, meta: dict[str, Any], sections: dict[str, Any]) -> None:
        self.meta = meta
        """The file's header: ``summary``, ``imported_at``, ``kinds``..."""
        self._addresses: bytes = sections["addresses"]
        self._address_offsets: array = sections["address_offsets"]
        self._kinds: bytes = sections["kinds"]
        self._names: array = sections["names"]
        self._postals: array = sections["postals"]
        self._name_blob: bytes = sections["name_blob"]
        self._name_offsets: array = sections["name_offsets"]
        self._squashed: list[str] = sections["squashed"].decode("ascii").split("\n")
        self._squashed.pop()
        self._starts: array = sections["group_starts"]
        self._reversed: bytes = sections["reversed"]
        self._reversed_offsets: array = sections["reversed_offsets"]
        self._reversed_groups: array = sections["reversed_groups"]
        self._bags: bytes = sections["bags"]
        self._bag_offsets: array = sections["bag_offsets"]
        self._bag_starts: array = sections["bag_starts"]
        self._bag_groups: array = sections["bag_groups"]
        self._kind_names: list[str] = list(meta.get("kinds", []))

    @classmethod
    def load(cls, path: Path) -> DirectoryIndex:
        """Load the file written by an import.

        Raises:
            OSError: the file cannot be read.
            wizard.store.directory_format.FormatError: it is not a directory file of this version.
        """
        meta, sections = unpack(path)
        return cls(meta, sections)

    def __len__(self) -> int:
        return len(self._kinds)

    # -- rows -------------------------------------------------------------------------------

    def _address(self, row: int) -> bytes:
        return self._addresses[self._address_offsets[row] : self._address_offsets[row + 1] - 1]

    def entry(self, row: int) -> Entry:
        """The known address on `row`."""
        name = self._names[row]
        postal = self._postals[row]
        kind = self._kinds[row]
        return Entry(
            address=self._address(row).decode("ascii"),
            structure=self._name_blob[self._name_offsets[name] : self._name_offsets[name + 1] - 1].decode("utf-8", "replace"),
            kind=self._kind_names[kind] if kind < len(self._kind_names) else "?",
            postal_code=f"{postal - 1:05d}" if postal else "",
        )

    def _group(self, squashed: str) -> int | None:
        index = bisect_left(self._squashed, squashed)
        if index < len(self._squashed) and self._squashed[index] == squashed:
            return index
        return None

    def _domain_range(self, group: int, domain: bytes) -> tuple[int, int]:
        """Rows of `group` whose squashed domain is that of `domain` (rows are sorted by it)."""
        start, end = self._starts[group], self._starts[group + 1]
        target = keys.squash(domain)

        def key(row: int) -> bytes:
            address = self._address(row)
            return keys.squash(address[address.rindex(b"@") + 1 :])

        return bisect_left(range(end), target, start, end, key=key), bisect_right(range(end), target, start, end, key=key)

    def exact(self, address: str) -> Entry | None:
        """The entry of `address` (case and surrounding spaces ignored), or None."""
        local, domain = keys.split_address(address)
        group = self._group(keys.squash(local).decode("ascii"))
        if group is None or not domain:
            return None
        wanted = local + b"@" + domain
        low, high = self._domain_range(group, domain)
        for row in range(low, high):
            if self._address(row) == wanted:
                return self.entry(row)
        return None

    # -- close addresses -------------------------------------------------------------------

    def _prefix_range(self, prefix: str) -> tuple[int, int]:
        return bisect_left(self._squashed, prefix), bisect_left(self._squashed, prefix + "{")

    def _suffix_groups(self, suffix: bytes) -> list[int]:
        """Groups whose squashed form ends with `suffix` (looked up reversed)."""
        target = suffix[::-1]
        blob, offsets = self._reversed, self._reversed_offsets
        count = len(offsets) - 1

        def key(index: int) -> bytes:
            return blob[offsets[index] : offsets[index + 1] - 1]

        low = bisect_left(range(count), target, key=key)
        high = bisect_left(range(count), target + b"{", low, count, key=key)
        return list(self._reversed_groups[low:high])

    def _bag_groups_of(self, bag: bytes) -> list[int]:
        blob, offsets = self._bags, self._bag_offsets
        count = len(offsets) - 1

        def key(index: int) -> bytes:
            return blob[offsets[index] : offsets[index + 1] - 1]

        index = bisect_left(range(count), bag, key=key)
        if index < count and key(index) == bag:
            return list(self._bag_groups[self._bag_starts[index] : self._bag_starts[index + 1]])
        return []

    def candidate_groups(self, local: bytes) -> dict[int, float]:
        """Groups close to the local part `local`, with a first similarity (0-100) to rank them."""
        squashed = keys.squash(local)
        text = squashed.decode("ascii")
        found: dict[int, float] = {}
        same = self._group(text)
        if same is not None:
            found[same] = 100.0
        bag = keys.bag(local)
        if bag:
            for group in [self._group(bag.decode("ascii")), *self._bag_groups_of(bag)]:
                if group is not None and group not in found:
                    found[group] = 90.0
        edits = keys.max_edits(len(text))
        if edits:
            cut = len(text) // (2 * edits)  # half the name for one edit, a quarter for two
            low, high = self._prefix_range(text[:cut])
            for _, distance, index in process.extract(text, self._squashed[low:high], scorer=Levenshtein.distance, score_cutoff=edits, limit=None):
                found.setdefault(low + index, 100.0 - 10 * distance)
            groups = self._suffix_groups(squashed[len(squashed) - cut :])
            if groups:
                names = itemgetter(*groups)(self._squashed) if len(groups) > 1 else (self._squashed[groups[0]],)
                for _, distance, index in process.extract(text, names, scorer=Levenshtein.distance, score_cutoff=edits, limit=None):
                    found.setdefault(groups[index], 100.0 - 10 * distance)
        return found

    def close(self, address: str, limit: int = 10) -> list[Match]:
        """Known addresses close to `address` (itself excluded), nearest first.

        `address` may also be a bare local part: then every domain is "another domain" but none
        is penalised.
        """
        local, domain = keys.split_address(address)
        if not local:
            return []
        wanted = local + b"@" + domain if domain else b""
        groups = self.candidate_groups(local)
        best = sorted(groups, key=lambda g: (-groups[g], g))[:GROUPS_SCORED]
        query_local, query_domain = local.decode("ascii"), domain.decode("ascii")
        matches: list[tuple[int, str, int]] = []
        for group in best:
            for row in self._rows_of(group, domain):
                raw = self._address(row)
                if raw == wanted:
                    continue
                text = raw.decode("ascii")
                cand_local, _, cand_domain = text.rpartition("@")
                matches.append((score(query_local, query_domain, cand_local, cand_domain), text, row))
        matches.sort(key=lambda m: (-m[0], m[1]))
        out = []
        for value, text, row in matches[:limit]:
            cand_local, _, cand_domain = text.rpartition("@")
            why = reasons(local, domain, cand_local.encode("ascii"), cand_domain.encode("ascii"))
            out.append(Match(self.entry(row), value, why))
        return out

    def _rows_of(self, group: int, domain: bytes) -> list[int]:
        """Up to :data:`PER_GROUP` rows of `group`, those at `domain` first."""
        start, end = self._starts[group], self._starts[group + 1]
        if end - start <= PER_GROUP:
            return list(range(start, end))
        rows: list[int] = []
        if domain:
            low, high = self._domain_range(group, domain)
            rows.extend(range(low, min(high, low + PER_GROUP)))
        row = start
        while len(rows) < PER_GROUP and row < end:
            if not rows or row not in rows:
                rows.append(row)
            row += 1
        return rows

    def search(self, address: str, limit: int = 10) -> SearchResult:
        """The exact match and the close addresses of `address`."""
        return SearchResult(address.strip().lower(), self.exact(address), self.close(address, limit))

    def lookup(self, address: str) -> tuple[str | None, list[tuple[str, str]]]:
        """The :class:`wizard.model.rules.KnownAddresses` protocol."""
        result = self.search(address, limit=5)
        return (result.exact.structure if result.exact else None), [(m.entry.address, m.entry.structure) for m in result.close]
