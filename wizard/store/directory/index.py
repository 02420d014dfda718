"""The loaded directory: exact lookups and the search for close addresses.

Sections (written by :mod:`wizard.store.directory.importer`):

- ``addresses`` (+ ``address_offsets``), ``kinds``, ``names``, ``postals``: one
  row per address, sorted by squashed local part, then squashed domain;
  ``name_blob`` (+ ``name_offsets``) holds the distinct structure names.
- ``squashed``: the distinct squashed local parts, sorted; ``group_starts[g]``
  is the first row of group ``g``. Loaded as a list of ``str``: it is what the
  fuzzy search hands to rapidfuzz.
- ``reversed`` (+ offsets) and ``reversed_groups``: the same forms reversed
  and sorted, to find those ending like the query.
- ``middle_groups``: the groups of the forms of 10 characters or more, sorted by length,
  then by their end from :func:`~wizard.store.directory.keys.middle_start`, to find those
  holding the query's middle; ``middle_lengths[n]`` is where the forms of ``n`` characters start.
- ``bags`` (+ offsets), ``bag_starts``, ``bag_groups``: for each bag of words
  that differs from its own squashed form, the groups holding it.
- ``rpps_ids``, ``rpps_rows`` and ``rpps_starts``: the "Identification nationale PP" (``8`` and
  the RPPS's 11 digits, 12 bytes each, end to end) of every row whose line carries an RPPS, and
  those rows, in a hundred stores by the identifiers' last two digits (``rpps_starts``: where
  each store starts): a professional's mailboxes (:meth:`DirectoryIndex.addresses_of`, the
  ``PER`` ones) are found by scanning one store, about 1 % of them.
- ``domain_names`` (+ ``domain_offsets``), ``domain_counts``, ``domain_order``: every domain,
  most used first (then by name), its ORG, PER and other mailboxes (three counts a domain), and
  the domains' order by name for a binary search (:meth:`DirectoryIndex.domain_use`); built at
  import, so :meth:`DirectoryIndex.domains` reads them as they are.

How a query is pruned (a plain rapidfuzz scan of every local part is several
times too slow): equal keys are found by binary search; for slips, a name
within *k* slips of the query keeps, untouched, its first part, its last part
or (for two slips) its middle: of half the query's length for one slip, a
quarter for two. Only the names sharing that prefix (a slice of ``squashed``),
that suffix (a slice of ``reversed``) or that middle (slices of ``middle_groups``)
are scored by rapidfuzz, in C. The middle is only looked up for queries of
:data:`~wizard.store.directory.keys.MIDDLE_FROM` characters or more: in
shorter names, two slips far apart (one in the first quarter, one in the last)
are not caught.

How the close addresses are ranked, as a person would: by the cost of their
differences (:func:`wizard.store.directory.keys.difference`, plus a step for
another domain), then the same domain first, then the most alike spelling
(rapidfuzz's ratio), then the address. :attr:`Match.score` says the same on a
0-99 scale.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from wizard.store.directory import keys
from wizard.store.directory.format import NATIONAL_WIDTH, FormatError, reason, unpack

GROUPS_SCORED = 60
"""At most this many squashed groups are looked at closely per query (nearest first)."""
PER_GROUP = 12
"""At most this many addresses are taken from one group (a generic name such as
``secretariat`` is used by hundreds of structures)."""
LOOKUP_LIMIT = 3
"""Close addresses :meth:`DirectoryIndex.lookup` returns: what the Name step's warning names."""
DOMAIN = keys.STEP
"""Cost of another domain (a step, as another postal code: equal costs then put the same domain first)."""


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
        score: similarity from 0 to 99 (100 is reserved for the exact match);
            it follows the ranking (:func:`rank`): a higher score is never ranked after a lower one.
        reasons: why it is close: ``domain`` (another domain), ``separators``,
            ``order`` (same words, another order), ``number`` (another, an added
            or a dropped postal code or number), ``short_word`` (a link word
            added or dropped), ``typo`` (a few slips apart).
        rank: the sort key (:func:`rank`), so that matches from several
            sources (the list, exported requests) are merged in one order.
    """

    entry: Entry
    score: int
    reasons: tuple[str, ...] = ()
    rank: tuple[Any, ...] = field(default=(), compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data."""
        return {**self.entry.to_dict(), "score": self.score, "reasons": list(self.reasons)}


@dataclass(frozen=True)
class DomainUse:
    """How many mailboxes of the list are under one domain.

    Attributes:
        domain: the domain, lowercase.
        org: organisational mailboxes (BAL type ``ORG``).
        per: personal mailboxes (``PER``).
        other: mailboxes of any other BAL type (``APP``, ``CAB``...).
    """

    domain: str
    org: int = 0
    per: int = 0
    other: int = 0

    @property
    def total(self) -> int:
        """Every mailbox under the domain."""
        return self.org + self.per + self.other

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data."""
        return {"domain": self.domain, "org": self.org, "per": self.per, "other": self.other, "total": self.total}


@dataclass
class SearchResult:
    """The answer to one query: the exact match (if any) and the close ones, nearest first."""

    query: str
    exact: Entry | None = None
    close: list[Match] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data (``balorg directory check --json``)."""
        return {"address": self.query, "exact": self.exact.to_dict() if self.exact else None, "close": [m.to_dict() for m in self.close]}


def rank(cost: int, other_domain: bool, query_local: str, local: str, address: str) -> tuple[int, bool, float, str]:
    """The sort key of a close address: fewer and smaller differences first.

    `cost` is the local parts' :func:`~wizard.store.directory.keys.difference`
    plus :data:`DOMAIN` for another domain; at equal cost the same domain
    comes first (a namesake at the same operator is the likelier confusion),
    then the spelling most like the query's (rapidfuzz's ratio: ``.93160`` is
    nearer ``.93100`` than ``.75019`` is), then the address, so that the order
    never depends on the index's layout.
    """
    return cost, other_domain, -fuzz.ratio(query_local, local), address


def score(cost: int, other_domain: bool) -> int:
    """The 0-99 score shown for a close address: 99 less 5 a cost unit, 2 more for another domain.

    The domain's 2 points are less than a cost unit's 5, so the scores fall
    in the ranking's order (ties allowed): separators alone 94, another postal
    code 89, the same local part at another domain 87, one slip 84, two
    slips 69; never under 20 (it was found close: far-fetched, not unrelated).
    """
    return max(20, min(99, 99 - 5 * cost - (2 if other_domain else 0)))


def compare(query_local: bytes, query_domain: bytes, local: bytes, domain: bytes, known: dict[bytes, tuple[int, tuple[str, ...]]] | None = None) -> tuple[int, bool, tuple[str, ...]]:
    """``(cost, other domain, reasons)`` of `local@domain` against the query.

    `known` caches :func:`~wizard.store.directory.keys.difference` by local part
    (the same local part comes back at several domains). A bare local part
    (no `query_domain`) is compared with every domain at no cost.
    """
    found = known.get(local) if known is not None else None
    if found is None:
        found = keys.difference(query_local, local)
        if known is not None:
            known[local] = found
    cost, why = found
    other = bool(query_domain) and domain != query_domain
    if other:
        return cost + DOMAIN, True, ("domain", *why)
    return cost, False, why


def match(entry: Entry, query_local: bytes, query_domain: bytes, local: bytes, domain: bytes, known: dict[bytes, tuple[int, tuple[str, ...]]] | None = None) -> Match:
    """`entry` (whose address is `local@domain`, normalised) as a :class:`Match` for the query."""
    cost, other, why = compare(query_local, query_domain, local, domain, known)
    key = rank(cost, other, query_local.decode("ascii", "replace"), local.decode("ascii", "replace"), entry.address)
    return Match(entry, score(cost, other), why, key)


class DirectoryIndex:
    """The imported list, loaded: read-only, so it can be shared with worker threads."""

    def __init__(self, meta: dict[str, Any], sections: dict[str, Any]) -> None:
        """The list from its header and sections (as :func:`~wizard.store.directory.format.unpack` returns them).

        What ties the sections together is checked here, with a few C-level
        operations (no pass over the rows in Python: loading stays a few large
        reads): the offsets end where their blobs end, the addresses and the
        squashed forms are ASCII, there is one group start per squashed form.
        Values that only a pass over every row could check (a group number out
        of range, offsets out of order) are guarded where they are used: a
        search in such a list finds garbage, never fails.

        Raises:
            wizard.store.directory.format.FormatError: the sections do not fit together.
        """
        _check_sections(sections)
        self.meta = meta
        """The file's header: ``summary``, ``imported_at``, ``kinds``..."""
        self._addresses: bytes = sections["addresses"]
        self._address_offsets: array = sections["address_offsets"]
        self._kinds: bytes = sections["kinds"]
        self._names: array = sections["names"]
        self._postals: array = sections["postals"]
        self._name_blob: bytes = sections["name_blob"]
        self._name_offsets: array = sections["name_offsets"]
        self._squashed: list[str] = sections["squashed"].decode("ascii").split("\n")  # (checked: ASCII, ends with a line break)
        self._squashed.pop()
        self._starts: array = sections["group_starts"]
        self._reversed: bytes = sections["reversed"]
        self._reversed_offsets: array = sections["reversed_offsets"]
        self._reversed_groups: array = sections["reversed_groups"]
        self._middle_groups: array = sections["middle_groups"]
        self._middle_lengths: array = sections["middle_lengths"]
        self._bags: bytes = sections["bags"]
        self._bag_offsets: array = sections["bag_offsets"]
        self._bag_starts: array = sections["bag_starts"]
        self._bag_groups: array = sections["bag_groups"]
        self._kind_names: list[str] = list(meta.get("kinds", []))
        self._rpps_ids: bytes = sections["rpps_ids"]
        self._rpps_rows: array = sections["rpps_rows"]
        self._rpps_starts: array = sections["rpps_starts"]
        self._domain_names: bytes = sections["domain_names"]
        self._domain_offsets: array = sections["domain_offsets"]
        self._domain_counts: array = sections["domain_counts"]
        self._domain_order: array = sections["domain_order"]

    @classmethod
    def load(cls, path: Path) -> DirectoryIndex:
        """Load the file written by an import.

        Raises:
            wizard.store.directory.format.FormatError: it cannot be read (the message says why), or it
                is not a sound directory file of this version.
        """
        meta, sections = unpack(path)
        try:
            return cls(meta, sections)
        except FormatError:
            raise
        except (LookupError, TypeError, ValueError) as exc:  # pragma: no cover - a check above missed a case: still "damaged"
            raise FormatError(reason("out_of_step", name=type(exc).__name__)) from exc

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
        offsets = self._name_offsets
        return Entry(
            address=self._address(row).decode("ascii"),
            structure=self._name_blob[offsets[name] : offsets[name + 1] - 1].decode("utf-8", "replace") if name + 1 < len(offsets) else "",
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
        start, end = self._rows_range(group)
        target = keys.squash(domain)

        def key(row: int) -> bytes:
            address = self._address(row)
            return keys.squash(address[address.rfind(b"@") + 1 :])

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

    # -- people and domains -----------------------------------------------------------------

    def addresses_of(self, rpps: str) -> list[str]:
        """The personal (``PER``) mailboxes whose line carries RPPS `rpps` (11 digits, or ``8`` and the 11 digits), sorted."""
        wanted = rpps.strip()
        if len(wanted) == 12 and wanted[0] == "8":
            wanted = wanted[1:]
        if not (len(wanted) == 11 and wanted.isascii() and wanted.isdigit()):
            return []
        national = b"8" + wanted.encode("ascii")
        ids, rows, starts, count = self._rpps_ids, self._rpps_rows, self._rpps_starts, len(self._kinds)
        slot = int(wanted[-2:])
        end = min(starts[slot + 1], len(rows)) * NATIONAL_WIDTH  # (kept inside the sections, even in a damaged list)
        at = min(starts[slot], len(rows)) * NATIONAL_WIDTH
        personal = self._kind_names.index("PER") if "PER" in self._kind_names else -1
        found = []
        while (at := ids.find(national, at, end)) >= 0:
            if at % NATIONAL_WIDTH:  # (straddling two identifiers)
                at += 1
                continue
            row = rows[at // NATIONAL_WIDTH]
            if row < count and self._kinds[row] == personal:  # (a row out of range: a damaged list, nothing found)
                found.append(self._address(row).decode("ascii"))
            at += NATIONAL_WIDTH
        return sorted(found)

    def _domain(self, index: int) -> DomainUse:
        offsets, counts = self._domain_offsets, self._domain_counts
        name = self._domain_names[offsets[index] : offsets[index + 1] - 1].decode("ascii", "replace")
        org, per, other = counts[3 * index : 3 * index + 3]
        return DomainUse(name, org, per, other)

    def domain_use(self, domain: str) -> DomainUse | None:
        """How many mailboxes are under `domain` (case and surrounding spaces ignored), or None when none is."""
        wanted = domain.strip().lower().encode("ascii", "replace")
        names, offsets, order = self._domain_names, self._domain_offsets, self._domain_order
        count = len(order)

        def key(at: int) -> bytes:
            index = order[at]
            return names[offsets[index] : offsets[index + 1] - 1] if index < count else b""

        at = bisect_left(range(count), wanted, key=key)
        if at < count and key(at) == wanted and wanted:
            return self._domain(order[at])
        return None

    def domains(self, limit: int | None = None) -> list[DomainUse]:
        """Every domain of the list, most used first (by number of mailboxes, then by name): at most `limit` of them."""
        count = len(self._domain_order)
        return [self._domain(index) for index in range(count if limit is None else max(0, min(limit, count)))]

    # -- close addresses -------------------------------------------------------------------

    def _prefix_range(self, prefix: str) -> tuple[int, int]:
        return bisect_left(self._squashed, prefix), bisect_left(self._squashed, prefix + "{")

    @staticmethod
    def _starting_with(blob: bytes, offsets: array, groups: array, start: bytes) -> array:
        """Groups whose entry in a sorted blob (``reversed``) starts with `start`."""
        count = len(offsets) - 1

        def key(index: int) -> bytes:
            return blob[offsets[index] : offsets[index + 1] - 1]

        low = bisect_left(range(count), start, key=key)
        high = bisect_left(range(count), start + b"{", low, count, key=key)
        return groups[low:high]

    def _middle_starting_with(self, length: int, start: str) -> array:
        """Groups of `length` characters whose end from :func:`~wizard.store.directory.keys.middle_start` starts with `start`."""
        if length >= len(self._middle_lengths) - 1:
            return self._middle_groups[:0]
        groups, names, begin = self._middle_groups, self._squashed, keys.middle_start(length)
        first, end = self._middle_lengths[length], min(self._middle_lengths[length + 1], len(groups))

        def key(index: int) -> str:
            return names[groups[index]][begin:]

        try:
            low = bisect_left(range(end), start, first, end, key=key)
            high = bisect_left(range(end), start + "{", low, end, key=key)
        except IndexError:  # a damaged list: a group number out of range
            return groups[:0]
        return groups[low:high]

    def _bag_groups_of(self, bag: bytes) -> list[int]:
        blob, offsets = self._bags, self._bag_offsets
        count = len(offsets) - 1

        def key(index: int) -> bytes:
            return blob[offsets[index] : offsets[index + 1] - 1]

        index = bisect_left(range(count), bag, key=key)
        if index < count and key(index) == bag:
            count = len(self._squashed)
            return [g for g in self._bag_groups[self._bag_starts[index] : self._bag_starts[index + 1]] if g < count]
        return []

    @staticmethod
    def _middle_pieces(squashed: str, edits: int) -> list[tuple[int, str]]:
        """``(length, start)``: a name within two slips far apart has that length and its middle key that start.

        One slip touching the query's first quarter (of ``cut`` characters)
        and one touching its last leave ``squashed[cut + 1 : n - cut - 1]``
        untouched (a swap at the quarter's edge touches one more character),
        shifted by ``shift`` (-1, 0 or 1) in the name by the first slip; the
        second makes the name's length ``n + shift`` ± 1. For each such
        length, the name's middle key starts (:func:`~wizard.store.directory.keys.middle_start`)
        inside that untouched middle: so it begins with the query's characters
        from ``middle_start(length) - shift`` to the middle's end.
        """
        size = len(squashed)
        if edits < 2 or size < keys.MIDDLE_FROM:
            return []
        cut = size // (2 * edits)
        end = size - cut - 1
        pieces = set()
        for shift in (-1, 0, 1):
            for length in (size + shift - 1, size + shift, size + shift + 1):
                begin = keys.middle_start(length) - shift
                if begin < end:
                    pieces.add((length, squashed[begin:end]))
        return sorted(pieces)

    def candidate_groups(self, local: bytes) -> dict[int, int]:
        """Groups close to the local part `local`, with a first cost to rank them (before their rows are compared)."""
        squashed = keys.squash(local)
        text = squashed.decode("ascii")
        found: dict[int, int] = {}
        same = self._group(text)
        if same is not None:
            found[same] = 0
        bag = keys.bag(local)
        if bag:
            for group in [self._group(bag.decode("ascii")), *self._bag_groups_of(bag)]:
                if group is not None and group not in found:
                    found[group] = keys.STEP
        edits = keys.max_edits(len(text))
        if not edits:
            return found
        # One slip leaves the first half or the last half untouched: the two halves leave one character
        # between them, so that a swap of two neighbours across the middle spoils only one half.
        cut = len(text) // (2 * edits)
        tail = cut if edits > 1 else (len(text) - 1) // 2
        low, high = self._prefix_range(text[:cut])
        self._score(text, self._squashed[low:high], range(low, high), edits, found)
        groups = self._starting_with(self._reversed, self._reversed_offsets, self._reversed_groups, squashed[len(squashed) - tail :][::-1])
        for length, piece in self._middle_pieces(text, edits):
            groups.extend(self._middle_starting_with(length, piece))
        if groups:
            try:
                names = itemgetter(*groups)(self._squashed) if len(groups) > 1 else (self._squashed[groups[0]],)
            except IndexError:  # a damaged list: group numbers out of range are left out
                count = len(self._squashed)
                groups = array(groups.typecode, [g for g in groups if g < count])
                names = tuple(self._squashed[g] for g in groups)
            self._score(text, names, groups, edits, found)
        return found

    @staticmethod
    def _score(text: str, names: Any, groups: Any, edits: int, found: dict[int, int]) -> None:
        """Add the `names` (squashed forms of `groups`) within `edits` slips of `text`, with their cost.

        rapidfuzz's Levenshtein distance with a cut-off is several times faster
        than its OSA distance over a long slice, and never more than twice the
        OSA distance (a swap is two Levenshtein edits): it sifts the slice, OSA
        decides on the few names left.
        """
        for name, sifted, index in process.extract(text, names, scorer=Levenshtein.distance, score_cutoff=2 * edits, limit=None):
            distance = sifted if sifted < 2 else keys.slips(text, name, edits)  # (a swap only lowers 2 or more)
            if distance <= edits:
                found.setdefault(groups[index], keys.SLIP * distance)

    def close(self, address: str, limit: int = 10) -> list[Match]:
        """Known addresses close to `address` (itself excluded), nearest first (see :func:`rank`).

        `address` may also be a bare local part: then every domain is "another domain" but none
        is penalised.
        """
        local, domain = keys.split_address(address)
        if not local or limit <= 0:
            return []
        wanted = local + b"@" + domain if domain else b""
        groups = self.candidate_groups(local)
        best = sorted(groups, key=lambda g: (groups[g], g))[:GROUPS_SCORED]
        query_local = local.decode("ascii")
        known: dict[bytes, tuple[int, tuple[str, ...]]] = {}
        ranked: list[tuple[tuple[Any, ...], int, tuple[str, ...]]] = []
        for group in best:
            for row in self._rows_of(group, domain):
                raw = self._address(row)
                if raw == wanted:
                    continue
                at = raw.rfind(b"@")  # (-1 only in a damaged list)
                cost, other, why = compare(local, domain, raw[:at], raw[at + 1 :], known)
                text = raw.decode("ascii")
                ranked.append((rank(cost, other, query_local, text[:at], text), row, why))
        ranked.sort(key=itemgetter(0))
        return [Match(self.entry(row), score(key[0], key[1]), why, key) for key, row, why in ranked[:limit]]

    def _rows_of(self, group: int, domain: bytes) -> list[int]:
        """Up to :data:`PER_GROUP` rows of `group`, those at `domain` first."""
        start, end = self._rows_range(group)
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

    def _rows_range(self, group: int) -> tuple[int, int]:
        """The rows ``[start, end)`` of `group` (kept inside the list, even a damaged one)."""
        rows = len(self._kinds)
        return min(self._starts[group], rows), min(self._starts[group + 1], rows)

    def search(self, address: str, limit: int = 10) -> SearchResult:
        """The exact match and the close addresses of `address`."""
        return SearchResult(address.strip().lower(), self.exact(address), self.close(address, limit))

    def lookup(self, address: str) -> tuple[str | None, list[tuple[str, str]]]:
        """The :class:`wizard.model.rules.KnownAddresses` protocol: the :data:`LOOKUP_LIMIT` nearest."""
        result = self.search(address, limit=LOOKUP_LIMIT)
        return (result.exact.structure if result.exact else None), [(m.entry.address, m.entry.structure) for m in result.close]


def _check_sections(sections: dict[str, Any]) -> None:
    """Raise :class:`~wizard.store.directory.format.FormatError` unless the sections fit together
    (their lengths were checked against one another by :func:`~wizard.store.directory.format.check_table`)."""

    def ends(name: str, offsets: str) -> None:
        values = sections[offsets]
        if values[0] != 0 or values[-1] != len(sections[name]):
            raise FormatError(reason("out_of_step", name=offsets))

    ends("addresses", "address_offsets")
    ends("name_blob", "name_offsets")
    ends("reversed", "reversed_offsets")
    ends("bags", "bag_offsets")
    ends("domain_names", "domain_offsets")
    if not sections["addresses"].isascii():
        raise FormatError(reason("not_ascii_addresses"))
    squashed = sections["squashed"]
    if not squashed.isascii():
        raise FormatError(reason("not_ascii_squashed"))
    starts = sections["group_starts"]
    if squashed[-1:] not in (b"", b"\n") or squashed.count(b"\n") + 1 != len(starts) or starts[0] != 0 or starts[-1] != len(sections["kinds"]):
        raise FormatError(reason("out_of_step", name="group_starts"))
    bags = sections["bag_starts"]
    if bags[0] != 0 or bags[-1] != len(sections["bag_groups"]):
        raise FormatError(reason("out_of_step", name="bag_starts"))
    lengths = sections["middle_lengths"]
    if lengths[0] != 0 or lengths[-1] != len(sections["middle_groups"]):
        raise FormatError(reason("out_of_step", name="middle_lengths"))
