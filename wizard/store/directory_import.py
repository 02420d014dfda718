"""Importing the public list of MSSanté addresses ("Extraction_Correspondance_MSSante").

The file (reference/domain.md §8) is UTF-8, ``|``-separated, 31 columns and a
header; about 600,000 lines. It is read as bytes, line by line, splitting on
``|`` without any quoting rule: a stray quote in a name is kept as a
character instead of swallowing the following lines as a quoting CSV reader
would, and only the few kept columns are ever decoded. A line is skipped
(and counted) when it does not have 31 columns (a trailing ``|`` is
tolerated) or when its address is not a plain ASCII e-mail address.

The index is built once here, so that loading it is only a few large reads
(see :mod:`wizard.store.directory_format` and
:mod:`wizard.store.directory_index` for what each section is for).
"""

from __future__ import annotations

import os
import re
import time
from array import array
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from itertools import accumulate
from operator import itemgetter
from pathlib import Path
from typing import Any

from wizard.store import directory_keys as keys
from wizard.store.directory_format import pack, u32

COLUMNS = 31
ADDRESS, KIND, NAME, POSTAL = 1, 0, 18, 28
"""Positions of the kept columns: address, BAL type, structure's corporate name, postal code."""

_VALID = re.compile(rb"[\x21-\x3f\x41-\x7e]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+")
"""Printable ASCII, one ``@``, a dotted domain: enough to tell an address from a broken line."""
_STRIP = b" \t\r\n\"'"
_MAX_KINDS = 16
_BATCH = 1 << 21

Progress = Callable[[str, int, int], None]
"""``progress(phase, done, total)``: phase ``"read"`` (bytes of the file), then ``"index"`` and ``"write"``."""


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


class _Rows:
    """The kept columns of the kept lines, in file order, as compact columns."""

    def __init__(self) -> None:
        self.seen: dict[bytes, None] = {}
        self.kinds = bytearray()
        self.kind_codes: dict[bytes, int] = {}
        self.names = u32()
        self.name_codes: dict[bytes, int] = {b"": 0}
        self.postals = u32()

    def name_code(self, raw: bytes) -> int:
        """The code of a structure name (cleaned names are numbered in order of appearance)."""
        return self.name_codes.setdefault(raw.strip(_STRIP), len(self.name_codes))

    def kind_code(self, raw: bytes) -> int:
        """The code of a BAL type; odd values and any beyond the 16th become ``?``."""
        kind = raw.strip(_STRIP).upper()
        if not kind.isalpha() or len(kind) > 10 or (kind not in self.kind_codes and len(self.kind_codes) >= _MAX_KINDS):
            kind = b"?"
        return self.kind_codes.setdefault(kind, len(self.kind_codes))


def _postal_code(raw: bytes) -> int:
    """The postal code plus one (0: none), so that ``06000`` survives as a number."""
    postal = raw.strip(_STRIP)
    return int(postal) + 1 if len(postal) == 5 and postal.isdigit() else 0


def read_extraction(source: Path, summary: ImportSummary, progress: Progress | None = None) -> _Rows:
    """Read the kept columns of every well-formed line of `source` into `summary` and columns.

    This loop is the import's hot path, kept to a few C-level calls per line:
    raw BAL types, names and postal codes repeat, so they are looked up in small
    caches and each distinct raw value is cleaned once. (Batching the lines into
    blobs was tried and measured slower.)
    """
    rows = _Rows()
    seen, kinds, names, postals = rows.seen, rows.kinds, rows.names, rows.postals
    raw_kinds: dict[bytes, int] = {}
    raw_names: dict[bytes, int] = {}
    raw_postals: dict[bytes, int] = {}
    valid = _VALID.fullmatch
    read = skipped = duplicates = 0
    with open(source, "rb") as handle:
        total = os.fstat(handle.fileno()).st_size
        first = handle.readline()
        fields = first.removeprefix(b"\xef\xbb\xbf").split(b"|")
        pending = [] if len(fields) > ADDRESS and fields[ADDRESS].strip().lower() == b"adresse bal" else [first]
        summary.header = not pending
        while True:
            batch = pending or handle.readlines(_BATCH)
            pending = []
            if not batch:
                break
            read += len(batch)
            for line in batch:
                parts = line.split(b"|")
                if len(parts) != COLUMNS and not (len(parts) == COLUMNS + 1 and not parts[COLUMNS].strip()):
                    if len(parts) == 1 and not line.strip():
                        read -= 1  # a blank line is not a row
                    else:
                        skipped += 1
                    continue
                address = parts[ADDRESS].strip(_STRIP).lower()
                if valid(address) is None:
                    skipped += 1
                    continue
                if address in seen:
                    duplicates += 1
                    continue
                seen[address] = None
                raw = parts[KIND]
                code = raw_kinds.get(raw)
                if code is None:
                    code = raw_kinds[raw] = rows.kind_code(raw)
                kinds.append(code)
                raw = parts[NAME]
                code = raw_names.get(raw)
                if code is None:
                    code = raw_names[raw] = rows.name_code(raw)
                names.append(code)
                raw = parts[POSTAL]
                code = raw_postals.get(raw)
                if code is None:
                    code = raw_postals[raw] = _postal_code(raw)
                postals.append(code)
            if progress is not None:
                progress("read", handle.tell(), total)
    summary.rows, summary.skipped, summary.duplicates, summary.kept = read, skipped, duplicates, len(seen)
    kind_names = {code: kind.decode("ascii") or "?" for kind, code in rows.kind_codes.items()}
    summary.by_kind = {kind_names[code]: n for code, n in Counter(kinds).most_common()}
    return rows


def _blob(items: list[bytes] | tuple[bytes, ...]) -> tuple[bytes, array]:
    """Newline-terminated strings and their start offsets (one more offset: the end)."""
    return b"\n".join(items) + b"\n", u32(accumulate(map((1).__add__, map(len, items)), initial=0))


_NOT_KEPT = bytes(c for c in range(256) if c not in keys._ALNUM and c not in b"@\n")
_AT_TO_SOH = bytes.maketrans(b"@", b"\x01")
_NOT_SQUASHED = bytes(c for c in range(256) if c not in keys._ALNUM and c != 0x0A)


def build_sections(rows: _Rows, progress: Progress | None = None) -> tuple[dict[str, bytes | array], dict[str, Any]]:
    """The index's sections from the kept rows (see :class:`wizard.store.directory_index.DirectoryIndex`).

    Per-address work is done on one joined blob with C-level bytes operations
    (translate, split, sort) rather than in a Python loop: it is what keeps the
    import within a small multiple of a plain read of the file.
    """
    step = (lambda n: progress("index", n, 5)) if progress else (lambda n: None)
    addresses = list(rows.seen)
    rows.seen = {}
    blob = b"\n".join(addresses)
    local_parts = blob.replace(b"@", b"\n").split(b"\n")[0::2]  # one "@" per address (checked on reading)
    squashed = b"\n".join(local_parts).translate(None, _NOT_SQUASHED).split(b"\n")
    # Sort by (squashed local part, squashed domain): a squashed group is one contiguous run, in the
    # order of the sorted unique squashed forms, and inside it one domain's addresses are contiguous.
    sort_keys = blob.translate(_AT_TO_SOH, _NOT_KEPT).split(b"\n")
    del blob
    order = sorted(range(len(addresses)), key=sort_keys.__getitem__)
    del sort_keys
    step(1)
    pick = itemgetter(*order) if len(order) > 1 else (lambda seq: tuple(seq[i] for i in order))
    ordered = pick(addresses)
    address_blob, address_offsets = _blob(ordered)
    kinds = bytes(pick(rows.kinds))
    names = u32(pick(rows.names))
    postals = u32(pick(rows.postals))
    step(2)
    # `order` sorts by squashed form first: counting in that order lists the unique forms sorted.
    counts = Counter(pick(squashed))
    unique = list(counts)
    starts = u32(accumulate(counts.values(), initial=0))
    group_of = dict(zip(unique, range(len(unique))))
    del counts, squashed, order, pick
    bags = _bags(set(local_parts), group_of)
    del group_of, local_parts
    step(3)
    reversed_parts = (b"\n".join(unique)[::-1]).split(b"\n")
    reversed_parts.reverse()
    reversed_order = sorted(range(len(unique)), key=reversed_parts.__getitem__)
    reversed_blob, reversed_offsets = _blob([reversed_parts[j] for j in reversed_order])
    del reversed_parts
    step(4)
    name_list = sorted(rows.name_codes, key=rows.name_codes.__getitem__)
    name_blob, name_offsets = _blob([_clean_name(n) for n in name_list])
    step(5)
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
        "reversed": reversed_blob,
        "reversed_offsets": reversed_offsets,
        "reversed_groups": u32(reversed_order),
        **bags,
    }
    kind_names = sorted(rows.kind_codes, key=rows.kind_codes.__getitem__)
    return sections, {"kinds": [k.decode("ascii") or "?" for k in kind_names], "local_parts": len(unique)}


def _bags(local_parts: set[bytes], group_of: dict[bytes, int]) -> dict[str, bytes | array]:
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
    groups = u32(map(group_of.__getitem__, halves[1::2]))
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
        ``(content, summary)``: the bytes to write (see :func:`wizard.store.directory.import_file`,
        which writes them atomically) and what was read.

    Raises:
        OSError: `source` cannot be read.
    """
    started = time.perf_counter()
    path = Path(source).resolve()
    summary = ImportSummary(source=str(path))
    stat = path.stat()
    rows = read_extraction(path, summary, progress)
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
