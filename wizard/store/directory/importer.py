"""Importing the public list of MSSanté addresses ("Extraction_Correspondance_MSSante").

The file is read by :mod:`wizard.store.directory.read`; the index is built
once here, so that loading it is only a few large reads (see
:mod:`wizard.store.directory.format` and :mod:`wizard.store.directory.index`
for what each section is for).

Memory: the import never holds one Python object per address for the whole
list (2,000,000 addresses as bytes objects in a dict, the sort keys, the
squashed forms and the index lists as lists of objects, the sections, then
the file's bytes twice over: 850 MB, where the list itself is 150 MB). The
rows are read into buckets of compact blobs and columns
(:class:`~wizard.store.directory.read.Rows`); the index is built bucket
after bucket (:class:`_Builder`), each freed once done, the addresses going
straight into the file's one buffer (:class:`~wizard.store.directory.format.Packer`);
the sections that are sorted another way are dealt into small stores and
sorted store by store. What is held is about the list itself plus one
bucket's work (a bucket is about 1 % of the rows).

The RPPS of the lines (issue 13) travel with their rows and are dealt, with
their final rows, into a hundred stores by their last two digits (the RPPS's
check digit and the one before: uniform), put end to end at the end: no sort,
a lookup scans one store (about 1 % of them). The domains are counted while
reading, by BAL type (one regular expression per chunk), the duplicates taken
off when they are dropped.

Two processors: the file is read in two halves at once (:func:`~wizard.store.directory.read.read_extraction`),
then the buckets after the middle row are built in a forked process while this one builds the first
ones (:func:`build_sections`, :func:`_build_part`); the part comes back numbered from where this
builder ends (told to the child once known, :meth:`_Builder.place`), each store already sorted, and is
only appended (:meth:`_Builder.absorb`): the file is the
same, byte for byte, as one builder of every bucket would write. With one processor,
the same two builders run one after the other here. The garbage collector is off meanwhile
(:func:`_no_collections`).
"""

from __future__ import annotations

import gc
import os
import re
import sys
import time
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import partial
from itertools import accumulate, chain, compress, islice
from operator import add, eq, itemgetter, ne
from pathlib import Path
from typing import Any

from wizard.store.directory import keys
from wizard.store.directory.format import NATIONAL_WIDTH, RPPS_STORES, Packer, u32
from wizard.store.directory.read import (
    NO_LETTER,
    Bucket,
    Progress,
    Rows,
    national_rpps,
    nationals,
    read_extraction,
    run_aside,
)


@dataclass
class ImportSummary:
    """What an import read and kept.

    Attributes:
        source: the file read (absolute path).
        rows: data lines read (header and blank lines excepted).
        kept: distinct addresses kept.
        skipped: malformed lines (wrong number of columns, no valid address).
        duplicates: lines whose address was already kept.
        by_kind: kept addresses by BAL type (``PER``, ``ORG``, ``APP``, ``CAB``...).
        header: False when the first line was not the expected header (it is then read as data).
        local_parts: distinct squashed local parts in the index.
        domains: distinct domains of the kept addresses.
        with_rpps: kept addresses whose line carries an RPPS (the personal mailboxes of a professional).
        seconds: time taken.
        processes: 2 when part of the work was done in a second, forked process (two processors), else 1.
    """

    source: str
    rows: int = 0
    kept: int = 0
    skipped: int = 0
    duplicates: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    header: bool = True
    local_parts: int = 0
    domains: int = 0
    with_rpps: int = 0
    seconds: float = 0.0
    processes: int = 1

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data (also stored in the file's header)."""
        return asdict(self)


def _blob(items: list[bytes] | tuple[bytes, ...]) -> tuple[bytes, array]:
    """Newline-terminated strings and their start offsets (one more offset: the end; none at all: an empty blob)."""
    if not items:
        return b"", u32([0])
    return b"\n".join(items) + b"\n", u32(accumulate(map(_PLUS_ONE, map(len, items)), initial=0))


_PLUS_ONE = (1).__add__
_NOT_KEPT = bytes(c for c in range(256) if c not in keys._ALNUM and c not in b"@\n")
_AT_TO_SOH = bytes.maketrans(b"@", b"\x01")
_NOT_SQUASHED = bytes(c for c in range(256) if c not in keys._ALNUM and c != 0x0A)
_PIECE = 1 << 16
_DEAL_FROM = 1 << 14
"""Squashed forms gathered before they are dealt (:meth:`_Builder._deal_forms`)."""
"""Rows split at once where a step makes two objects per row (bounds that step's memory)."""


def _picker(order: list[int]) -> Callable[[Any], tuple[Any, ...]]:
    """What gives ``tuple(items[i] for i in order)`` at C speed (`itemgetter` gives a bare item for one index)."""
    if len(order) > 1:
        return itemgetter(*order)
    return lambda items: tuple(items[i] for i in order)


def _take(items: Any, order: list[int]) -> tuple[Any, ...]:
    """``tuple(items[i] for i in order)``, at C speed."""
    return _picker(order)(items)


def _plus(numbers: Any, constant: int, largest: int) -> array:
    """``u32(n + constant for n in numbers)``, the additions made at once: the numbers read as one large integer,
    32 bits each, plus the constant repeated in every 32 bits (a few C passes, not a Python call a number).

    `largest` is at least the largest of the numbers (the caller knows it: a count, a last offset): when
    ``largest + constant`` does not fit in 32 bits, :class:`OverflowError` (the index's own limit, its rows,
    groups and offsets being 32-bit columns), as one addition a number would say; under it, no sum carries
    into its neighbour.
    """
    if largest + constant > _U32_MAX:
        raise OverflowError(f"{largest} + {constant} does not fit in the index's 32-bit columns")
    numbers = numbers if isinstance(numbers, array) and numbers.itemsize == 4 else u32(numbers)
    if not numbers or not constant:
        return u32(numbers)
    lanes = int.from_bytes(memoryview(numbers).cast("B"), sys.byteorder) + int.from_bytes(constant.to_bytes(4, sys.byteorder) * len(numbers), sys.byteorder)
    shifted = u32()
    shifted.frombytes(lanes.to_bytes(4 * len(numbers), sys.byteorder))
    return shifted


_U32_MAX = 0xFFFF_FFFF


def _runs(slots: Any, size: int) -> list[tuple[int, list[int]]]:
    """The positions of each slot in `slots` (numbers under `size`), in order, for the slots present, in order.

    What a stable sort of the positions by slot gives, cut into runs, for twice less: a few hundred
    slots at most, and one append a position, not a sort's comparisons.
    """
    runs: list[list[int]] = [[] for _ in range(size)]
    appends = [run.append for run in runs]
    for position, slot in enumerate(slots):
        appends[slot](position)
    return [(slot, run) for slot, run in enumerate(runs) if run]


def _extend_offsets(offsets: array, items: Any) -> None:
    """Append the offsets that follow `items` (newline-terminated strings) to `offsets` (which ends where they start)."""
    offsets.extend(islice(accumulate(map(_PLUS_ONE, map(len, items)), initial=offsets[-1]), 1, None))


def _store() -> tuple[bytearray, array]:
    return bytearray(), u32()


class _Builder:
    """The index, built one bucket of :class:`~wizard.store.directory.read.Rows` at a time (buckets in key order).

    Rows are sorted by (squashed local part, squashed domain) and every
    bucket holds the rows whose sort key starts with the same two characters:
    the buckets' sorted rows, one after another, are the whole list sorted. Each
    bucket adds its rows to the sections (the addresses straight into the
    file's buffer), and deals its squashed forms into small stores for the
    sections sorted another way (reversed forms, by last character; middles,
    by length), sorted at the end store by store.
    """

    def __init__(self, rows: Rows, packer: Packer, *, part: bool = False) -> None:
        self.rows = rows
        self.uncounted: list[tuple[int, bytes]] | None = [] if part else None
        """For a part built aside (:func:`_build_part`): the duplicates' ``(kind, domain)`` to take off the counts
        when merged (:meth:`absorb`), not taken off here (a forked child's counts are its own copy)."""
        self.packer = packer
        self.body = packer.begin("addresses")
        self.address_offsets = u32([0])
        self.kinds = bytearray()
        self.names = u32()
        self.postals = u32()
        self.squashed = bytearray()
        self.group_starts = u32()
        self.groups = 0
        self.duplicates = 0
        self.pairs: list[bytes] = []
        self.reversed: dict[int, tuple[bytearray, array]] = {}
        self.middles: dict[int, tuple[bytearray, array]] = {}
        self.personal = rows.kind_codes.get(b"PER", -1)
        self.drop = _drop_words()
        self.forms: list[bytes] = []
        """Squashed forms of the last buckets, not dealt yet (from group :attr:`forms_from` on)."""
        self.forms_from = 0
        self.structures: list[bytes] = []
        """Local parts of those buckets' structures (no bags yet)."""
        self.rpps: dict[int, tuple[bytearray, array]] = {}
        """The national identifiers (:func:`~wizard.store.directory.read.national_rpps`, end to end) and the rows of
        the lines that carry one, dealt by the identifier's last two digits (:data:`~wizard.store.directory.format.RPPS_STORES`)."""
        self.rpps_ids: list[bytes] = []
        self.rpps_rows: list[int] = []
        """Those of the last buckets, not dealt yet (dealt :data:`_DEAL_FROM` at a time: each deal has a cost of its own)."""

    def add(self, key: int, bucket: Bucket) -> None:
        """The rows of one bucket (every earlier bucket's keys sort before its)."""
        blob = bytes(bucket.addresses)
        bucket.addresses = bytearray()
        sort_keys = blob.translate(_AT_TO_SOH, _NOT_KEPT).split(b"\n")
        sort_keys.pop()
        addresses = blob.split(b"\n")
        addresses.pop()
        del blob
        order = sorted(range(len(addresses)), key=sort_keys.__getitem__)
        pick = _picker(order)
        ordered_keys, ordered = pick(sort_keys), pick(addresses)
        del sort_keys, addresses
        # A duplicate has its first copy's key: both are in one run of equal keys, in file order.
        equal = list(compress(range(1, len(order)), map(eq, islice(ordered_keys, 1, None), ordered_keys)))
        if equal:
            dropped = _repeated(ordered, equal)
            if dropped:
                self._uncount((ordered[row], bucket.kinds[order[row]]) for row in dropped)
                keep = bytearray(b"\x01") * len(order)
                for row in dropped:
                    keep[row] = 0
                order = list(compress(order, keep))
                pick = _picker(order)
                ordered_keys, ordered = tuple(compress(ordered_keys, keep)), tuple(compress(ordered, keep))
                self.duplicates += len(dropped)
        first_row = len(self.kinds)
        self.body += b"\n".join(ordered)
        self.body += b"\n"
        _extend_offsets(self.address_offsets, ordered)
        kinds = bytes(pick(bucket.kinds))
        self.kinds += kinds
        raw = bytes(bucket.persons).split(b"\n")
        bucket.persons = bytearray()
        raw.pop()
        persons: tuple[bytes, ...] = pick(raw)
        del raw
        ids = nationals(persons) if any(persons) else []
        if ids:
            if len(ids) != len(persons) - persons.count(b""):  # (some not an RPPS: an ADELI number, garbage)
                persons = tuple(map(national_rpps, persons))
            self.rpps_ids += ids
            self.rpps_rows += compress(range(first_row, first_row + len(persons)), persons)
            if len(self.rpps_ids) >= _DEAL_FROM:
                self._deal_rpps()
        del ids
        del persons
        # Names and postal codes moved together, as one 64-bit value a row: one random-access pass, not two.
        pairs = u32([0]) * (2 * len(bucket))
        pairs[0::2], pairs[1::2] = bucket.postals, bucket.names
        both = array("Q")
        both.frombytes(memoryview(pairs).cast("B"))
        del pairs, bucket
        pairs = u32()
        pairs.frombytes(memoryview(array("Q", pick(both))).cast("B"))
        del both, pick, order
        self.postals.extend(pairs[0::2])
        self.names.extend(pairs[1::2])
        del pairs
        # The squashed local parts, in order: a group starts wherever the form changes.
        forms: list[bytes] = []
        for start in range(0, len(ordered_keys), _PIECE):
            forms += b"\n".join(ordered_keys[start : start + _PIECE]).replace(b"\x01", b"\n").split(b"\n")[0::2]
        del ordered_keys
        starts = list(compress(range(len(forms)), map(ne, forms, chain((None,), forms))))
        self.group_starts += _plus(starts, first_row, len(forms))
        unique = _take(forms, starts)
        del forms, starts
        self.squashed += b"\n".join(unique)
        self.squashed += b"\n"
        if not self.forms:
            self.forms_from = self.groups
        self.groups += len(unique)
        self.forms.extend(unique)
        del unique
        # Bags of words are built from the structures' addresses only (not PER): word order, postal codes
        # and link words are how structure names get confused; people's addresses still take part in
        # every other test. It also spares the import most of that work (PER is 85 % of the list).
        structures = list(compress(ordered, map(self.personal.__ne__, kinds)))
        del ordered, kinds
        if structures:
            local_parts = b"\n".join(structures).replace(b"@", b"\n").split(b"\n")[0::2]  # one "@" per address (checked on reading)
            self.structures.extend(set(local_parts))
        if len(self.forms) >= _DEAL_FROM or key >> 8 == NO_LETTER:  # ("" alone: the only form without a last character)
            self._deal_forms(empty=key >> 8 == NO_LETTER)

    def _deal_rpps(self) -> None:
        """Deal the national identifiers not dealt yet and their rows into the stores of their last two digits (rows in order in each)."""
        ids, rows = self.rpps_ids, self.rpps_rows
        self.rpps_ids, self.rpps_rows = [], []
        if not ids:
            return
        joined = b"".join(ids)
        slots = bytes(map(add, joined[NATIONAL_WIDTH - 2 :: NATIONAL_WIDTH].translate(_TENS), joined[NATIONAL_WIDTH - 1 :: NATIONAL_WIDTH].translate(_UNITS)))
        del joined
        for slot, run in _runs(slots, RPPS_STORES):
            blob, store = self.rpps.get(slot) or self.rpps.setdefault(slot, _store())
            blob += b"".join(_take(ids, run))
            store.extend(_take(rows, run))

    def _uncount(self, dropped: Any) -> None:
        """Take the duplicates dropped (``(address, kind code)``) off the counts by domain (made while reading)."""
        taken = [(kind, address[address.rfind(b"@") + 1 :]) for address, kind in dropped]
        if self.uncounted is not None:
            self.uncounted += taken
        else:
            self._take_off(taken)

    def _take_off(self, taken: list[tuple[int, bytes]]) -> None:
        domains = self.rows.domains
        for kind, domain in taken:
            counts = domains.get(kind)
            if counts is not None and counts.get(domain, 0) > 0:
                counts[domain] -= 1

    def settle(self, sort: bool = True) -> None:
        """Deal what is not dealt yet, and (when `sort`) sort each store of reversed forms and of middles (see :meth:`absorb`)."""
        self._deal_forms()
        self._deal_rpps()
        for stores in (self.reversed, self.middles) if sort else ():
            for slot, (blob, groups) in stores.items():
                forms = bytes(blob).split(b"\n")
                forms.pop()
                order = sorted(range(len(forms)), key=forms.__getitem__)
                blob[:] = b"\n".join(_take(forms, order)) if forms else b""
                if forms:
                    blob += b"\n"
                stores[slot] = blob, u32(map(groups.__getitem__, order))

    def part(self, sort: bool, start: tuple[int, int, int]) -> dict[str, Any]:
        """What :meth:`absorb` needs of this builder (a part built aside), its rows, groups and addresses numbered
        from `start`: the rows, groups and end of the addresses of the builder it is appended to (:meth:`place`)."""
        self.settle(sort)
        self._shift(*start)
        names = ("body", "address_offsets", "kinds", "names", "postals", "squashed", "group_starts", "groups",
                 "duplicates", "pairs", "reversed", "middles", "rpps", "uncounted")
        return {name: getattr(self, name) for name in names}

    def place(self) -> tuple[int, int, int]:
        """Where a part appended to this builder starts: rows, groups, end of the addresses (see :meth:`part`)."""
        return len(self.kinds), self.groups, self.address_offsets[-1]

    def _shift(self, rows: int, groups: int, end: int) -> None:
        """Number this builder's rows, groups and addresses from `rows`, `groups` and `end` (the first address
        offset, 0, left out: the other builder's end is it). Done in the part's process, so that appending
        it (:meth:`absorb`) is only copies."""
        self.address_offsets = _plus(self.address_offsets[1:], end, self.address_offsets[-1])
        self.group_starts = _plus(self.group_starts, rows, len(self.kinds))
        self.pairs = [pair[:-4] + (int.from_bytes(pair[-4:], "big") + groups).to_bytes(4, "big") for pair in self.pairs]
        for stores, shift, largest in ((self.reversed, groups, self.groups), (self.middles, groups, self.groups), (self.rpps, rows, len(self.kinds))):
            for slot, (blob, numbers) in stores.items():
                stores[slot] = blob, _plus(numbers, shift, largest)

    def absorb(self, part: dict[str, Any]) -> None:
        """Append a part built aside (:func:`_build_part`: the buckets after this builder's, numbered from :meth:`place`).

        The result is the one a single builder of all the buckets gives: every store gets the part's
        entries after this builder's, as they would have been dealt. When the part was built in another
        process, both builders' stores were sorted (:meth:`settle`, each in its own process), so that each
        store's final sort (stable: the same order as one sort of them all) only merges two sorted runs, a
        linear pass; built here, they are not (that would only sort them twice).
        """
        self.settle(sort=False)
        take = part.pop  # (each piece freed once appended: the part is not held twice over)
        self.body += take("body")
        self.address_offsets += take("address_offsets")
        self.kinds += take("kinds")
        self.names += take("names")
        self.postals += take("postals")
        self.squashed += take("squashed")
        self.group_starts += take("group_starts")
        self.groups += take("groups")
        self.duplicates += take("duplicates")
        self.pairs += take("pairs")
        for mine, name in ((self.reversed, "reversed"), (self.middles, "middles"), (self.rpps, "rpps")):
            theirs = take(name)
            while theirs:
                slot, (blob, numbers) = theirs.popitem()
                my_blob, my_numbers = mine.get(slot) or mine.setdefault(slot, _store())
                my_blob += blob
                my_numbers += numbers
                del blob, numbers
        self._take_off(take("uncounted"))

    def _deal_forms(self, empty: bool = False) -> None:
        """The bags and the stores of the squashed forms of the buckets added since the last call.

        Done for several buckets at once (the forms of consecutive buckets are consecutive groups,
        sorted): the many small buckets are cheap to sort, but each step here has a cost of its own.
        """
        forms, structures = tuple(self.forms), self.structures
        self.forms, self.structures = [], []
        if structures:
            self._bags(structures, forms, self.forms_from)
        if forms:
            self._deal(forms, self.forms_from, empty)

    def _bags(self, local_parts: list[bytes], unique: tuple[bytes, ...], first_group: int) -> None:
        """``bag \\x01 group`` (4 bytes, big-endian: sorted as numbers) for each bag of words that differs from its squashed form.

        A bag equal to its own squashed form (``jean.martin``: ``jeanmartin``) is not stored: the
        search also looks the query's bag up among the squashed forms. Numbers and link words are
        removed from all local parts at once (one regular expression over one blob), not one by one.
        """
        joined = b"\n".join(local_parts)
        squashed = joined.translate(None, _NOT_SQUASHED).split(b"\n")
        spaced = self.drop.sub(b"", joined.translate(_SPACES_KEEP_NL)).split(b"\n")
        del joined
        group_of = partial(bisect_left, unique)
        found = set()
        for words, form in zip(spaced, squashed, strict=True):
            bag = b"".join(sorted(words.split()))
            if bag and bag != form:
                found.add(bag + b"\x01" + (first_group + group_of(form)).to_bytes(4, "big"))
        self.pairs.extend(found)

    def _deal(self, unique: tuple[bytes, ...], first_group: int, empty: bool) -> None:
        """Deal the bucket's squashed forms (groups from `first_group` on) into the stores of reversed forms and of middles."""
        reversed_forms = (b"\n".join(unique)[::-1]).split(b"\n")
        reversed_forms.reverse()
        lasts = bytes(len(unique)) if empty else bytes(map(itemgetter(0), reversed_forms))  # (only "" has no last character)
        self._deal_into(self.reversed, reversed_forms, lasts, first_group, lambda forms, n: forms)
        lengths = list(map(len, unique))
        self._deal_into(self.middles, unique, lengths, first_group, _middles)

    @staticmethod
    def _deal_into(stores: dict[int, tuple[bytearray, array]], forms: Any, slots: Any, first_group: int,
                   transform: Callable[[Any, int], Any]) -> None:
        for slot, run in _runs(slots, max(slots) + 1):
            values = transform(_take(forms, run), slot)
            if values is None:
                continue
            blob, groups = stores.get(slot) or stores.setdefault(slot, _store())
            blob += b"\n".join(values)
            blob += b"\n"
            groups += _plus(run, first_group, len(forms))

    def finish(self) -> dict[str, Any]:
        """Add the other sections to the packer, each freed once added; what the summary needs."""
        packer, rows = self.packer, self.rows
        self._deal_forms()
        packer.end()
        self.body = bytearray()
        self.group_starts.append(len(self.kinds))
        by_kind = {code: count for code in range(len(rows.kind_codes)) if (count := self.kinds.count(code))}  # (a few C scans, not a Counter of every row)
        kept = len(self.kinds)
        for name in ("address_offsets", "kinds", "names", "postals"):
            packer.add(name, getattr(self, name))
            setattr(self, name, None)
        name_list = sorted(rows.name_codes, key=rows.name_codes.__getitem__)
        rows.name_codes = {}
        name_blob, name_offsets = _blob([_clean_name(n) for n in name_list])
        packer.add("name_blob", name_blob)
        packer.add("name_offsets", name_offsets)
        del name_list, name_blob, name_offsets
        packer.add("squashed", self.squashed)
        packer.add("group_starts", self.group_starts)
        self.squashed = self.group_starts = None  # type: ignore[assignment]
        self._finish_bags()
        self._finish_reversed()
        self._finish_middles()
        domains = self._finish_domains()
        with_rpps = self._finish_rpps()
        kind_names = sorted(rows.kind_codes, key=rows.kind_codes.__getitem__)
        names = [k.decode("ascii") or "?" for k in kind_names]
        return {
            "kinds": names,
            "local_parts": self.groups,
            "domains": domains,
            "with_rpps": with_rpps,
            "kept": kept,
            "duplicates": self.duplicates,
            "by_kind": {names[code]: n for code, n in sorted(by_kind.items(), key=lambda item: (-item[1], item[0]))},
        }

    def _finish_bags(self) -> None:
        pairs = self.pairs
        self.pairs = []
        pairs.sort()
        groups = u32()
        groups.frombytes(b"".join(map(itemgetter(slice(-4, None)), pairs)))
        if sys.byteorder == "little":
            groups.byteswap()
        counts = Counter(map(itemgetter(slice(None, -5)), pairs))
        del pairs
        bag_list = list(counts)  # sorted: the pairs were
        bag_starts = u32(accumulate(counts.values(), initial=0))
        blob, offsets = _blob(bag_list)
        for name, value in (("bags", blob), ("bag_offsets", offsets), ("bag_starts", bag_starts), ("bag_groups", groups)):
            self.packer.add(name, value)

    def _finish_reversed(self) -> None:
        """The reversed forms, sorted (store by store: each holds those of one first character), and their groups."""
        body = self.packer.begin("reversed")
        offsets, groups = u32([0]), u32()
        for slot in sorted(self.reversed):
            blob, slot_groups = self.reversed.pop(slot)
            forms = bytes(blob).split(b"\n")
            del blob
            forms.pop()
            order = sorted(range(len(forms)), key=forms.__getitem__)
            ordered = _take(forms, order)
            body += b"\n".join(ordered)
            body += b"\n"
            _extend_offsets(offsets, ordered)
            groups.extend(map(slot_groups.__getitem__, order))
        self.packer.end()
        self.packer.add("reversed_offsets", offsets)
        self.packer.add("reversed_groups", groups)

    def _finish_middles(self) -> None:
        """The groups of the forms long enough for the middle lookup, by length then middle key, and where each length starts."""
        groups, counts = u32(), [0] * (keys.MIDDLE_LONGEST + 1)
        for length in sorted(self.middles):
            blob, length_groups = self.middles.pop(length)
            ends = bytes(blob).split(b"\n")
            del blob
            ends.pop()
            groups.extend(map(length_groups.__getitem__, sorted(range(len(ends)), key=ends.__getitem__)))
            counts[length] = len(ends)
        self.packer.add("middle_groups", groups)
        self.packer.add("middle_lengths", u32(accumulate(counts, initial=0)))


    def _finish_rpps(self) -> int:
        """The stores of national identifiers and their rows, end to end, and where each store starts."""
        self._deal_rpps()
        stores = self.rpps
        self.rpps = {}
        body = self.packer.begin("rpps_ids")
        rows, starts = u32(), u32([0])
        for slot in range(RPPS_STORES):
            blob, store = stores.pop(slot) if slot in stores else _store()
            body += blob
            rows.extend(store)
            starts.append(len(rows))
            del blob, store
        self.packer.end()
        self.packer.add("rpps_rows", rows)
        self.packer.add("rpps_starts", starts)
        return len(rows)

    def _finish_domains(self) -> int:
        """The domains, most used first (then by name), their counts (ORG, PER, other) and their order by name."""
        codes = self.rows.kind_codes
        by_kind = self.rows.domains
        self.rows.domains = {}
        total: Counter[bytes] = Counter()
        for kind_counts in by_kind.values():
            total.update(kind_counts)
        total = +total  # (a domain whose lines were all duplicates of another kind's: none left)
        org, per = by_kind.get(codes.get(b"ORG", -1), Counter()), by_kind.get(codes.get(b"PER", -1), Counter())
        used = sorted(total.items(), key=lambda item: (-item[1], item[0]))
        names = [domain for domain, _ in used]
        blob, offsets = _blob(names)
        counts = u32()
        for domain, count in used:
            counts.extend((org[domain], per[domain], count - org[domain] - per[domain]))
        sections: tuple[tuple[str, bytes | array], ...] = (("domain_names", blob), ("domain_offsets", offsets), ("domain_counts", counts),
                            ("domain_order", u32(sorted(range(len(names)), key=names.__getitem__))))
        for name, value in sections:
            self.packer.add(name, value)
        return len(names)


_TENS = bytes((c - 0x30) * 10 if 0x30 <= c <= 0x39 else 0 for c in range(256))
_UNITS = bytes(c - 0x30 if 0x30 <= c <= 0x39 else 0 for c in range(256))
"""Tens and units of a store's number (:data:`~wizard.store.directory.format.RPPS_STORES`), from two ASCII digits."""


def _middles(forms: tuple[bytes, ...], length: int) -> Any:
    """The middle keys' ends of `forms` (all `length` long), or None when that length is not indexed by its middle.

    Names two slips shorter than the shortest query looked up by its middle can still be found by it.
    Only their order is stored (by length, then end: the search rebuilds the end from the squashed
    form) and, for each length, where its run starts.
    """
    if not keys.MIDDLE_FROM - 2 <= length <= keys.MIDDLE_LONGEST:
        return None
    return map(itemgetter(slice(keys.middle_start(length), None)), forms)


def _repeated(ordered: tuple[bytes, ...], equal: list[int]) -> list[int]:
    """Rows of `ordered` whose address is an earlier row's: `equal` are the rows whose key is the previous row's."""
    dropped: list[int] = []
    index = 0
    while index < len(equal):
        end = index
        while end + 1 < len(equal) and equal[end + 1] == equal[end] + 1:
            end += 1
        seen: set[bytes] = set()
        for row in range(equal[index] - 1, equal[end] + 1):  # one run of equal keys, in file order
            if ordered[row] in seen:
                dropped.append(row)
            else:
                seen.add(ordered[row])
        index = end + 1
    return dropped


_FORK_FROM = 50_000
"""Rows from which the buckets after the middle row (:func:`_build_part`) are built in a forked process, when there
are two processors (:func:`~wizard.store.directory.read.run_aside`); under it, or with one, they are built here."""


def _build_part(rows: Rows, keys_aside: list[int], parent: int, start: Callable[[], tuple[int, int, int]]) -> dict[str, Any]:
    """The buckets `keys_aside` built as by :func:`build_sections`, numbered from where the other builder ends
    (`start`: told once it has built its buckets, :meth:`_Builder.place`): :meth:`_Builder.part`.

    In a forked child (not `parent`, the process that asked), the other buckets are dropped first (the
    parent builds them: one copy less held), and the stores are sorted before they are sent (:meth:`_Builder.absorb`).
    Always used, even for a small list built in one process, so that one way of building is tested everywhere.
    """
    for key in set(rows.buckets) - set(keys_aside):  # (none left when built here: the parent's are built by then)
        del rows.buckets[key]
    if not set(keys_aside) <= set(rows.buckets):  # the forked child failed, and the parent had freed its copies
        raise _PartLost
    builder = _Builder(rows, Packer(), part=True)
    for key in keys_aside:
        builder.add(key, rows.buckets.pop(key))
    return builder.part(os.getpid() != parent, start())


class _PartLost(Exception):
    """The part built aside is lost: its forked child failed after the parent had dropped its buckets."""


def build_sections(rows: Rows, progress: Progress | None = None, *, fork: bool = True) -> tuple[Packer, dict[str, Any]]:
    """The index's sections (see :class:`wizard.store.directory.index.DirectoryIndex`) from the rows, in a :class:`Packer`.

    Per-address work is done on joined blobs with C-level bytes operations
    (translate, split, sort) rather than in Python loops: it is what keeps the
    import within a small multiple of a plain read of the file. The rows are
    consumed (each bucket freed once added), so that the import holds about
    the list's own size plus one bucket's work.

    The buckets after the middle row are built aside (:func:`_build_part`), in a
    forked process when `fork` and there are two processors; this process then drops
    its references to them at once (the child's copies are the ones used: the
    memory is not held twice). Should that child fail, :class:`_PartLost` is raised
    (:func:`import_extraction` then imports again in one process).
    """
    total, done = len(rows), 0
    packer = Packer()
    builder = _Builder(rows, packer)
    order = sorted(rows.buckets)  # (many small buckets: cheaper to sort than a few large ones)
    half = bisect_left(list(accumulate(len(rows.buckets[key]) for key in order)), total // 2) + 1
    lower, upper = order[:half], order[half:]
    aside = run_aside(_build_part, rows, upper, os.getpid(), fork=fork and total >= _FORK_FROM, listens=True) if upper else None
    try:
        if aside is not None and aside.forked:
            for key in upper:
                del rows.buckets[key]
        for key in lower:
            bucket = rows.buckets.pop(key)
            done += len(bucket)
            builder.add(key, bucket)
            del bucket
            if progress is not None:
                progress("index", done, total + 1)
        if aside is not None:
            aside.tell(builder.place())  # (where the part's numbers start: the part numbers itself)
            builder.settle(sort=aside.forked)  # (while the part is built aside)
    except BaseException:
        if aside is not None:
            aside.close()  # (no child left running, no thread left receiving: the next import may fork)
        raise
    if aside is not None:
        builder.absorb(aside())
        for key in upper:
            rows.buckets.pop(key, None)
    extra = builder.finish()
    extra["forked"] = aside is not None and aside.forked
    if progress is not None:
        progress("index", total + 1, total + 1)
    return packer, extra


_SPACES_KEEP_NL = bytes(c if c in keys._ALNUM or c == 0x0A else 0x20 for c in range(256))


def _drop_words() -> re.Pattern[bytes]:
    """Numbers and link words as whole words (the same ones :func:`wizard.store.directory.keys.bag` leaves out)."""
    words: list[bytes] = sorted(keys.stopwords(), key=len, reverse=True)
    stop = b"|".join(words)
    return re.compile(rb"(?<![a-z0-9])(?:[0-9]+|" + stop + rb")(?![a-z0-9])")


def _clean_name(raw: bytes) -> bytes:
    text = raw.decode("utf-8", "replace").replace("\r", " ").replace("\n", " ")
    return " ".join(text.split()).encode("utf-8")


def import_extraction(source: str | os.PathLike[str], progress: Progress | None = None, *, name: str | None = None) -> tuple[bytes | bytearray, ImportSummary]:
    """Read `source` and build the packed directory file's content.

    Args:
        source: the extraction file.
        progress: called now and then with ``(phase, done, total)``.
        name: what the summary calls the source (default: its resolved path).

    Returns:
        ``(content, summary)``: the bytes to write (empty when no address was kept; a
        ``bytearray``, built in place) (see :func:`wizard.store.directory.import_file`,
        which writes them atomically) and what was read.

    Raises:
        OSError: `source` cannot be read.

    The garbage collector is off meanwhile (:func:`_no_collections`).
    """
    with _no_collections():
        return _import(source, progress, name)


@contextmanager
def _no_collections() -> Iterator[None]:
    """The cyclic garbage collector off, then as it was: the import makes no cycles, but millions of short-lived
    tuples (a row each, while reading) start hundreds of collections, each walking whatever is alive (about 5 %
    of the import's time, measured at 535,928 rows); the forked children inherit it."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _import(source: str | os.PathLike[str], progress: Progress | None, name: str | None) -> tuple[bytes | bytearray, ImportSummary]:
    started = time.perf_counter()
    path = Path(source).resolve()
    summary = ImportSummary(source=name or str(path))  # name: the ZIP and its member, for a list inflated aside
    stat = path.stat()
    if stat.st_size >= _LARGE:
        _fewer_holes()
    rows, summary.header = read_extraction(path, progress)
    summary.rows, summary.skipped = rows.read, rows.skipped
    if not len(rows):
        return b"", summary
    try:
        packer, extra = build_sections(rows, progress)
    except _PartLost:  # (a forked child failed: everything again, here)
        del rows
        rows, summary.header = read_extraction(path, progress, fork=False)
        packer, extra = build_sections(rows, progress, fork=False)
    summary.processes = 2 if rows.forked or extra["forked"] else 1
    del rows
    summary.kept, summary.duplicates, summary.by_kind = extra["kept"], extra["duplicates"], extra["by_kind"]
    summary.local_parts, summary.domains, summary.with_rpps = extra["local_parts"], extra["domains"], extra["with_rpps"]
    summary.seconds = round(time.perf_counter() - started, 3)
    meta = {
        "summary": summary.to_dict(),
        "kinds": extra["kinds"],
        "source_size": stat.st_size,
        "source_mtime": int(stat.st_mtime),
        "imported_at": _now(),
    }
    if progress is not None:
        progress("write", 0, 1)
    return packer.finish(meta), summary


_M_MMAP_THRESHOLD = -3
_MMAP_FROM = 128 * 1024
_LARGE = 256 << 20
"""Files from this size on (bytes) are imported with :func:`_fewer_holes`: about a million rows (2,000,000 rows are
about 400 MB). The list at its real size (535,928 lines, about 120 MB) is imported without: the holes cost it
tens of megabytes, well under the memory target, and the fresh pages would cost it 7 % of its time."""


def _fewer_holes() -> None:
    """With glibc, take every buffer of 128 KB or more straight from the system (and give it back when freed).

    The import grows thousands of buffers (its buckets' columns, the index's
    sections) and frees large temporary ones all along; glibc then raises its
    threshold for that (up to 32 MB), so that these buffers grow and move in
    its heap, whose holes are never given back: a quarter of the import's peak
    at 2,000,000 addresses (297 MB instead of 222), for about 7 % of its time
    (the system's, giving fresh pages: measured at 600,000 rows).
    The setting is the process's for the rest of its life (the forked reader
    inherits it; glibc cannot go back to its moving threshold): it is only
    made for a large file (:data:`_LARGE`), in `balorg directory import`,
    which ends with the import. Elsewhere (no glibc) nothing is done.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
        mallopt(_M_MMAP_THRESHOLD, _MMAP_FROM)
    except (OSError, AttributeError):  # pragma: no cover - a libc without mallopt (musl has one that does nothing)
        pass


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
