"""What the imported MSSanté list says of a professional (their personal mailboxes) and of a domain (how many mailboxes use it).

Every test imports a real file written in the test's folder, as the Annuaire Santé publishes it
(bench.gen_extraction's header and lines), and reads the packed list back with
:meth:`~wizard.store.directory.index.DirectoryIndex.load`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.gen_extraction import HEADER, generate, line
from wizard.store.directory.format import FormatError
from wizard.store.directory.importer import ImportSummary, import_extraction
from wizard.store.directory.index import DirectoryIndex, DomainUse

FONTAINE = "10000456789"
MOREAU = "10000678903"
ADELI = "931234567"


def person(address: str, rpps: str, *, kind: str = "PER", id_kind: str = "8", national: bool = True) -> str:
    """A line whose person columns carry `rpps` ("Type Identifiant PP", "Identifiant PP", and, unless not
    `national`, "Identification nationale PP": the type followed by the identifier)."""
    fields = line(kind, address, "", "93260", "Les Lilas", person=("david", "fontaine")).split("|")
    fields[2], fields[3], fields[4] = id_kind, rpps, id_kind + rpps if national else ""
    return "|".join(fields)


def imported(tmp_path: Path, lines: list[str], name: str = "Extraction_Correspondance_MSSante.txt") -> tuple[DirectoryIndex, ImportSummary]:
    source = tmp_path / name
    source.write_text(HEADER + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    content, summary = import_extraction(source)
    target = tmp_path / "directory.bin"
    target.write_bytes(content)
    return DirectoryIndex.load(target), summary


LINES = [
    person("david.fontaine@medecin.mssante.fr", FONTAINE),
    person("D.Fontaine@Pro.MSSante.fr", FONTAINE),  # (read lowercase)
    person("anne-sophie.moreau@ch-nantes.mssante.fr", MOREAU),
    person("cabinet-fontaine@medecin.mssante.fr", FONTAINE, kind="ORG"),  # an ORG line carrying his RPPS: not his
    person("marie.le-goff@infirmier.mssante.fr", ADELI, id_kind="0"),  # ADELI: no RPPS
    line("ORG", "cabinet-des-lilas.93260@medecin.mssante.fr", "Cabinet médical des Lilas", "93260", "Les Lilas"),
    line("ORG", "secretariat@ch-nantes.mssante.fr", "CHU de Nantes", "44093", "Nantes"),
    line("APP", "logiciel@ch-nantes.mssante.fr", "CHU de Nantes", "44093", "Nantes"),
    line("CAB", "cab@CH-Nantes.mssante.fr", "CHU de Nantes", "44093", "Nantes"),
]


def test_a_professionals_personal_mailboxes_sorted(tmp_path: Path) -> None:
    index, _ = imported(tmp_path, LINES)
    assert index.addresses_of(FONTAINE) == ["d.fontaine@pro.mssante.fr", "david.fontaine@medecin.mssante.fr"]
    assert index.addresses_of("8" + FONTAINE) == index.addresses_of(f"  {FONTAINE} ")  # the national identifier too
    assert index.addresses_of(MOREAU) == ["anne-sophie.moreau@ch-nantes.mssante.fr"]


def test_no_address_for_an_unknown_rpps_an_adeli_or_garbage(tmp_path: Path) -> None:
    index, _ = imported(tmp_path, LINES)
    for query in ("10000000000", ADELI, "0" + ADELI, "", "abc", "1000045678", "100004567890", "١٠٠٠٠٤٥٦٧٨٩"):
        assert index.addresses_of(query) == [], query


def test_an_org_line_carrying_an_rpps_is_not_a_personal_mailbox(tmp_path: Path) -> None:
    index, _ = imported(tmp_path, [person("cabinet-fontaine@medecin.mssante.fr", FONTAINE, kind="ORG")])
    assert index.addresses_of(FONTAINE) == []


def test_the_rpps_is_read_from_its_type_and_identifier_without_the_national_column(tmp_path: Path) -> None:
    index, summary = imported(tmp_path, [person("david.fontaine@medecin.mssante.fr", FONTAINE, national=False),
                                         person("x.fontaine@medecin.mssante.fr", FONTAINE[:-1], national=False)])
    assert index.addresses_of(FONTAINE) == ["david.fontaine@medecin.mssante.fr"]
    assert summary.with_rpps == 1


def test_a_duplicate_address_keeps_its_first_lines_rpps(tmp_path: Path) -> None:
    index, summary = imported(tmp_path, [person("david.fontaine@medecin.mssante.fr", FONTAINE),
                                         person("David.Fontaine@medecin.mssante.fr", MOREAU)])
    assert summary.duplicates == 1 and summary.with_rpps == 1
    assert index.addresses_of(FONTAINE) == ["david.fontaine@medecin.mssante.fr"] and index.addresses_of(MOREAU) == []


def test_domain_use_counts_each_kind_case_insensitively(tmp_path: Path) -> None:
    index, _ = imported(tmp_path, LINES)
    nantes = index.domain_use("ch-nantes.mssante.fr")
    assert nantes == DomainUse("ch-nantes.mssante.fr", org=1, per=1, other=2)
    assert nantes.total == 4
    assert nantes.to_dict() == {"domain": "ch-nantes.mssante.fr", "org": 1, "per": 1, "other": 2, "total": 4}
    assert index.domain_use("  CH-Nantes.MSSANTE.fr ") == nantes
    assert index.domain_use("medecin.mssante.fr") == DomainUse("medecin.mssante.fr", org=2, per=1, other=0)
    assert index.domain_use("pro.mssante.fr") == DomainUse("pro.mssante.fr", org=0, per=1, other=0)


def test_no_domain_use_for_a_domain_nobody_uses(tmp_path: Path) -> None:
    index, _ = imported(tmp_path, LINES)
    for domain in ("inconnu.mssante.fr", "mssante.fr", "nantes.mssante.fr", "", "ch-nantes.mssante.fr.", "é.fr"):
        assert index.domain_use(domain) is None, domain


def test_domain_use_does_not_count_a_duplicate_twice(tmp_path: Path) -> None:
    index, _ = imported(tmp_path, [*LINES, line("ORG", "SECRETARIAT@ch-nantes.mssante.fr", "CHU de Nantes", "44093", "Nantes")])
    assert index.domain_use("ch-nantes.mssante.fr") == DomainUse("ch-nantes.mssante.fr", org=1, per=1, other=2)


def test_domains_most_used_first_then_by_name_and_limited(tmp_path: Path) -> None:
    index, _ = imported(tmp_path, LINES)
    every = index.domains()
    assert [(use.domain, use.total) for use in every] == [
        ("ch-nantes.mssante.fr", 4), ("medecin.mssante.fr", 3), ("infirmier.mssante.fr", 1), ("pro.mssante.fr", 1),
    ]
    assert index.domains(2) == every[:2]
    assert index.domains(0) == [] and index.domains(-1) == []
    assert index.domains(100) == every
    assert all(index.domain_use(use.domain) == use for use in every)


def test_the_summary_counts_domains_and_lines_with_an_rpps(tmp_path: Path) -> None:
    index, summary = imported(tmp_path, LINES)
    assert summary.domains == 4
    assert summary.with_rpps == 4  # Fontaine's two, Moreau's, and the ORG line's (a line carrying one, whatever its type)
    assert index.meta["summary"]["domains"] == 4 and index.meta["summary"]["with_rpps"] == 4


def test_a_list_without_personal_mailboxes(tmp_path: Path) -> None:
    index, summary = imported(tmp_path, [line("ORG", "cabinet-des-lilas.93260@medecin.mssante.fr", "Cabinet médical des Lilas", "93260", "Les Lilas"),
                                         line("ORG", "secretariat@ch-nantes.mssante.fr", "CHU de Nantes", "44093", "Nantes")])
    assert summary.with_rpps == 0 and summary.domains == 2
    assert index.addresses_of(FONTAINE) == []
    assert [use.domain for use in index.domains()] == ["ch-nantes.mssante.fr", "medecin.mssante.fr"]
    assert index.domain_use("medecin.mssante.fr") == DomainUse("medecin.mssante.fr", org=1)


def test_a_list_of_personal_mailboxes_only(tmp_path: Path) -> None:
    """No structure at all: no bag of words, and every section still fits together."""
    index, summary = imported(tmp_path, [person("david.fontaine@medecin.mssante.fr", FONTAINE)])
    assert summary.with_rpps == 1 and summary.by_kind == {"PER": 1}
    assert index.addresses_of(FONTAINE) == ["david.fontaine@medecin.mssante.fr"]
    assert index.domains() == [DomainUse("medecin.mssante.fr", per=1)]
    assert index.exact("david.fontaine@medecin.mssante.fr") is not None


def test_a_generated_list_answers_for_each_of_its_people(tmp_path: Path) -> None:
    """A larger list (several buckets, both halves of the file): every PER line is found back by its RPPS."""
    source = tmp_path / "Extraction_Correspondance_MSSante.txt"
    generate(source, 3000, seed=7)
    content, summary = import_extraction(source)
    target = tmp_path / "directory.bin"
    target.write_bytes(content)
    index = DirectoryIndex.load(target)
    wanted: dict[str, set[str]] = {}
    domains: dict[str, list[int]] = {}
    seen: set[str] = set()
    for text in source.read_text(encoding="utf-8").splitlines()[1:]:
        fields = text.split("|")
        if len(fields) != 31 or "@" not in fields[1] or " " in fields[1] or fields[1].count("@") != 1 or fields[1] in seen:
            continue
        seen.add(fields[1])
        if fields[0] == "PER" and fields[4]:
            wanted.setdefault(fields[3], set()).add(fields[1])
        counts = domains.setdefault(fields[1].rpartition("@")[2], [0, 0, 0])
        counts[0 if fields[0] == "ORG" else 1 if fields[0] == "PER" else 2] += 1
    assert summary.with_rpps == sum(map(len, wanted.values()))
    for rpps, addresses in wanted.items():
        assert index.addresses_of(rpps) == sorted(addresses)
    assert summary.domains == len(domains)
    assert {use.domain: [use.org, use.per, use.other] for use in index.domains()} == domains
    totals = [use.total for use in index.domains()]
    assert totals == sorted(totals, reverse=True)


def test_a_list_of_the_previous_format_is_refused(tmp_path: Path) -> None:
    """A list written by the previous balorg (format 2: no RPPS, no domains) must be imported again."""
    from wizard.store.directory import DirectoryError, load_index
    from wizard.store.directory import format as directory_format

    imported(tmp_path, LINES)
    target = tmp_path / "directory.bin"
    content = target.read_bytes()
    now = directory_format.FORMAT
    assert now == 3
    old = content.replace(b'"format": %d' % now, b'"format": %d' % (now - 1))
    assert old != content
    target.write_bytes(old)
    with pytest.raises(FormatError, match=r"format 2, (cette version lit le format 3|this version reads format 3)"):
        DirectoryIndex.load(target)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "directory.bin").write_bytes(old)
    with pytest.raises(DirectoryError) as caught:
        load_index(tmp_path / "data")
    assert caught.value.code == "directory.damaged"


def test_a_list_missing_a_new_section_is_damaged(tmp_path: Path) -> None:
    import json
    import struct

    imported(tmp_path, LINES)
    target = tmp_path / "directory.bin"
    content = target.read_bytes()
    (length,) = struct.unpack("<I", content[8:12])
    header = json.loads(content[12 : 12 + length])
    del header["sections"]["rpps_ids"]
    raw = json.dumps(header).encode("ascii")
    lead = content[:8] + struct.pack("<I", len(raw)) + raw
    start = 12 + length
    target.write_bytes(lead + b"\x00" * (-len(lead) % 8) + content[start + (-start % 8) :])
    with pytest.raises(FormatError, match="rpps_ids"):
        DirectoryIndex.load(target)


def test_people_in_every_store_and_several_in_one(tmp_path: Path) -> None:
    """The identifiers are kept in a hundred stores by their last two digits: people of every store are found,
    and each one's own mailboxes only, however many share that store."""
    lines, wanted = [], {}
    for number in range(300):
        rpps = f"1{number:08d}{number % 100:02d}"
        wanted[rpps] = sorted(f"p{number}.{copy}@medecin.mssante.fr" for copy in range(1 + number % 3))
        lines += [person(address, rpps) for address in wanted[rpps]]
    index, summary = imported(tmp_path, lines)
    assert summary.with_rpps == sum(map(len, wanted.values()))
    for rpps, addresses in wanted.items():
        assert index.addresses_of(rpps) == addresses
    assert index.addresses_of("10000000100") == []  # (its store is full of others)


@pytest.mark.parametrize("spoil", ["rpps_rows", "rpps_starts", "rpps_ids", "domain_order", "domain_offsets", "domain_counts"])
def test_garbage_in_the_new_sections_never_makes_a_question_fail(tmp_path: Path, spoil: str) -> None:
    """Values only a pass over every row could check (rows, starts, offsets out of range) give wrong answers, never a failure."""
    from wizard.store.directory.format import unpack

    imported(tmp_path, LINES)
    meta, sections = unpack(tmp_path / "directory.bin")
    section = sections[spoil]
    if isinstance(section, bytes):
        sections[spoil] = bytes(reversed(section))
    else:
        for at in range(len(section)):
            section[at] = (section[at] * 7919 + 1_000_003) % (1 << 32)
        if spoil == "domain_offsets":  # (its ends are checked when loaded)
            section[0], section[-1] = 0, len(sections["domain_names"])
    index = DirectoryIndex(meta, sections)
    for rpps in (FONTAINE, MOREAU, ADELI, "10000000099"):
        assert isinstance(index.addresses_of(rpps), list)
    for domain in ("ch-nantes.mssante.fr", "medecin.mssante.fr", "inconnu.fr", "é"):
        use = index.domain_use(domain)
        assert use is None or isinstance(use, DomainUse)
    assert len(index.domains()) == 4 and len(index.domains(2)) == 2
