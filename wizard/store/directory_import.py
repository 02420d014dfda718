"""Importing the public list of MSSanté addresses ("Extraction_Correspondance_MSSante").

The file is read by :mod:`wizard.store.directory_read`; the index is built
once here, so that loading it is only a few large reads (see
:mod:`wizard.store.directory_format` and :mod:`wizard.store.directory_index`
for what each section is for).
"""

from __future__ import annotations

import re
import time
from array import array
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from itertools import accumulate, compress
from bisect import bisect_left
from functools import partial
from operator import itemgetter, ne
from pathlib import Path
from typing import Any

from wizard.store import directory_keys as keys
from wizard.store.directory_format import pack, u32
from wizard.store.directory_read import Progress, Rows, check_sizes, read_extraction


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
        seconds: time taken.
    """

    source: str
    rows: int = 0
    kept: int = 0
    skipped: int = 0
    duplicates: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    header: bool = True
    local_parts: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data (also stored in the file's header)."""
        return asdict(self)


def _blob(items: list[bytes] | tuple[bytes, ...]) -> tuple[bytes, array]:
    """Newline-terminated strings and their start offsets (one more offset: the end)."""
    return b"\n".join(items) + b"\n", u32(accumulate(map((1).__add__, map(len, items)), initial=0))


_NOT_KEPT = bytes(c for c in range(256) if c not in keys._ALNUM and c not in b"@\n")
_AT_TO_SOH = bytes.maketrans(b"@", b"\x01")
_NOT_SQUASHED = bytes(c for c in range(256) if c not in keys._ALNUM and c != 0x0A)


def build_sections(rows: Rows, progress: Progress | None = None) -> tuple[dict[str, bytes | array], dict[str, Any]]:
    """The index's sections from the kept rows (see :class:`wizard.store.directory_index.DirectoryIndex`).

    Per-address work is done on joined blobs with C-level bytes operations
    (translate, split, sort) rather than in Python loops: it is what keeps the
    import within a small multiple of a plain read of the file.
    """
    step = (lambda n: progress("index", n, 4)) if progress else (lambda n: None)
    addresses = list(rows.seen)
    rows.seen = {}
    blob = b"\n".join(addresses)
    local_parts = blob.replace(b"@", b"\n").split(b"\n")[0::2]  # one "@" per address (checked on reading)
    squashed = b"\n".join(local_parts).translate(None, _NOT_SQUASHED).split(b"\n")
    # Bags of words are built from the structures' addresses only (not PER): word order, postal codes
    # and link words are how structure names get confused; people's addresses still take part in
    # every other test. It also spares the import most of that work (PER is 85 % of the list).
    personal = rows.kind_codes.get(b"PER", -1)
    structures = list(compress(local_parts, map(personal.__ne__, rows.kinds)))
    del local_parts
    # Sort by (squashed local part, squashed domain): a squashed group is one contiguous run, in the
    # order of the sorted unique squashed forms, and inside it one domain's addresses are contiguous.
    sort_keys = blob.translate(_AT_TO_SOH, _NOT_KEPT).split(b"\n")
    del blob
    order = sorted(range(len(addresses)), key=sort_keys.__getitem__)
    del sort_keys
    step(1)
    pick = itemgetter(*order) if len(order) > 1 else (lambda seq: tuple(seq[i] for i in order))
    ordered = pick(addresses)
    del addresses
    address_blob, address_offsets = _blob(ordered)
    del ordered
    kinds = bytes(pick(rows.kinds))
    names = u32(pick(rows.names))
    postals = u32(pick(rows.postals))
    step(2)
    # `order` sorts by squashed form first: a group starts wherever the form changes.
    ordered_squashed = pick(squashed)
    del squashed, order, pick
    starts = u32(compress(range(len(ordered_squashed)), map(ne, ordered_squashed, (None, *ordered_squashed[:-1]))))
    unique = [ordered_squashed[i] for i in starts]
    starts.append(len(ordered_squashed))
    del ordered_squashed
    name_list = sorted(rows.name_codes, key=rows.name_codes.__getitem__)
    name_blob, name_offsets = _blob([_clean_name(n) for n in name_list])
    step(3)
    search = _search_sections(structures, unique)
    del structures
    step(4)
    sections: dict[str, bytes | array] = {
        "addresses": address_blob,
        "address_offsets": address_offsets,
        "kinds": kinds,
        "names": names,
        "postals": postals,
        "name_blob": name_blob,
        "name_offsets": name_offsets,
        "squashed": b"\n".join(unique) + b"\n",
        "group_starts": starts,
        **search,
    }
    kind_names = sorted(rows.kind_codes, key=rows.kind_codes.__getitem__)
    return sections, {"kinds": [k.decode("ascii") or "?" for k in kind_names], "local_parts": len(unique)}


def _search_sections(local_parts: list[bytes], unique: list[bytes]) -> dict[str, Any]:
    """The sections the close-address search prunes with: bags of words (of `local_parts`), reversed forms and middles.

    Group numbers are positions in `unique`, the sorted distinct squashed forms.
    (Building these in a forked process while the rows are sorted was tried:
    a quarter faster, but the two processes together held 470 MB instead of 290.)
    """
    sections: dict[str, Any] = _bags(set(local_parts), partial(bisect_left, unique))
    reversed_parts = (b"\n".join(unique)[::-1]).split(b"\n")
    reversed_parts.reverse()
    reversed_order = sorted(range(len(unique)), key=reversed_parts.__getitem__)
    sections["reversed"], sections["reversed_offsets"] = _blob([reversed_parts[j] for j in reversed_order])
    sections["reversed_groups"] = u32(reversed_order)
    del reversed_parts, reversed_order
    # Names two slips shorter than the shortest query looked up by its middle can still be found by it.
    # Only their order is stored (by length, then end: the search rebuilds the end from the squashed
    # form) and, for each length, where its run starts.
    lengths = list(map(len, unique))
    long_enough = [keys.MIDDLE_FROM - 2 <= n <= keys.MIDDLE_LONGEST for n in lengths]
    middle_groups = list(compress(range(len(unique)), long_enough))
    middles = keys.middle_keys(compress(unique, long_enough))
    order = sorted(range(len(middles)), key=middles.__getitem__)
    del middles
    sections["middle_groups"] = u32(itemgetter(*order)(middle_groups) if len(order) > 1 else middle_groups)  # (one index: no tuple)
    runs = Counter(compress(lengths, long_enough))
    sections["middle_lengths"] = u32(accumulate((runs.get(n, 0) for n in range(keys.MIDDLE_LONGEST + 1)), initial=0))
    return sections


def _bags(local_parts: set[bytes], group_of: Callable[[bytes], int]) -> dict[str, bytes | array]:
    """Bags of words that differ from their squashed form, and the squashed groups holding each.

    A bag equal to its own squashed form (``jean.martin``: ``jeanmartin``) is not stored: the
    search also looks the query's bag up among the squashed forms. As in
    :func:`build_sections`, numbers and link words are removed from all local
    parts at once (one regular expression over one blob), not one by one.
    """
    joined = b"\n".join(local_parts)
    squashed = joined.translate(None, _NOT_SQUASHED).split(b"\n")
    spaced = _drop_words().sub(b"", joined.translate(_SPACES_KEEP_NL)).split(b"\n")
    pairs = sorted({b"%s\x01%s" % (bag, sq) for bag, sq in zip([b"".join(sorted(w.split())) for w in spaced], squashed) if bag and bag != sq})
    del joined, squashed, spaced
    joined = b"\n".join(pairs)
    del pairs
    halves = joined.replace(b"\x01", b"\n").split(b"\n") if joined else []
    groups = u32(map(group_of, halves[1::2]))
    counts = Counter(halves[0::2])
    del halves
    bag_list = list(counts)  # sorted: the pairs were
    bag_starts = u32(accumulate(counts.values(), initial=0))
    blob, offsets = _blob(bag_list)
    return {"bags": blob, "bag_offsets": offsets, "bag_starts": bag_starts, "bag_groups": groups}



_SPACES_KEEP_NL = bytes(c if c in keys._ALNUM or c == 0x0A else 0x20 for c in range(256))


def _drop_words() -> re.Pattern[bytes]:
    """Numbers and link words as whole words (the same ones :func:`directory_keys.bag` leaves out)."""
    stop = b"|".join(sorted(keys.stopwords(), key=len, reverse=True))
    return re.compile(rb"(?<![a-z0-9])(?:[0-9]+|" + stop + rb")(?![a-z0-9])")


def _clean_name(raw: bytes) -> bytes:
    text = raw.decode("utf-8", "replace").replace("\r", " ").replace("\n", " ")
    return " ".join(text.split()).encode("utf-8")


def import_extraction(source: str | Path, progress: Progress | None = None) -> tuple[bytes, ImportSummary]:
    """Read `source` and build the packed directory file's content.

    Args:
        source: the extraction file.
        progress: called now and then with ``(phase, done, total)``.

    Returns:
        ``(content, summary)``: the bytes to write (empty when no address was kept) (see :func:`wizard.store.directory.import_file`,
        which writes them atomically) and what was read.

    Raises:
        OSError: `source` cannot be read.
    """
    started = time.perf_counter()
    path = Path(source).resolve()
    summary = ImportSummary(source=str(path))
    stat = path.stat()
    rows, summary.header = read_extraction(path, progress)
    check_sizes(rows)
    summary.rows, summary.skipped, summary.duplicates = rows.read, rows.skipped, rows.duplicates
    summary.kept, summary.by_kind = len(rows.seen), rows.by_kind()
    if not summary.kept:
        return b"", summary
    sections, extra = build_sections(rows, progress)
    del rows
    summary.local_parts = extra["local_parts"]
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
    return pack(meta, sections), summary


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
