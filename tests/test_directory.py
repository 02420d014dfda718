"""The directory of known addresses, through the store's API on real (small, generated) files."""

from __future__ import annotations

import os
import random
import stat
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.gen_extraction import HEADER, generate, line
from wizard.store import directory
from wizard.store.directory import DirectoryError, directory_path, has_list, import_file, load_index, load_known, status
from wizard.store.directory.known import Extra, Known

LILAS = "cabinet-des-lilas.93260@medecin.mssante.fr"
ROWS = [
    line("ORG", LILAS, "Cabinet médical des Lilas", "93260", "Les Lilas"),
    line("ORG", "reseau-cancerologie.villeurbanne@pro.mssante.fr", "Réseau de cancérologie", "69100", "Villeurbanne"),
    line("ORG", "cabinet-infirmier-du-port.44000@infirmier.mssante.fr", "Cabinet infirmier du Port", "44000", "Nantes"),
    line("ORG", "centre-de-sante-bellevue.29200@pro.mssante.fr", "Centre de santé Bellevue", "29200", "Brest"),
]


@pytest.fixture
def extraction(tmp_path: Path) -> Path:
    """2,000 generated lines (some malformed) plus the rows the tests look for."""
    path = tmp_path / "Extraction_Correspondance_MSSante.txt"
    generate(path, 2000, seed=7, extra=ROWS)
    return path


@pytest.fixture
def index(extraction: Path):  # type: ignore[no-untyped-def]
    import_file(extraction)
    loaded = load_index()
    assert loaded is not None
    return loaded


def _close(index, address: str, limit: int = 50) -> dict[str, tuple[str, ...]]:  # type: ignore[no-untyped-def]
    return {m.entry.address: m.reasons for m in index.close(address, limit)}


# -- import ------------------------------------------------------------------------------------


def test_import_counts_rows_kept_skipped_and_types(tmp_path: Path) -> None:
    good = [
        line("PER", "claire.martin@medecin.mssante.fr", "", "75011", "Paris"),
        line("ORG", "Cabinet-Des-Lilas.93260@Medecin.MSSante.fr", "  Cabinet des Lilas ", "93260", "Les Lilas"),
        line("ORG", "msp-brest@pro.mssante.fr", "MSP de Brest", "29200", "Brest") + "|",  # trailing separator: fine
        line("CAB", "cabinet.dupont@medecin.mssante.fr", "", "06000", "Nice"),
        line("ORG", '"accueil@ch-nantes.mssante.fr"', '"Centre hospitalier', "44000", "Nantes"),  # stray quotes
    ]
    fields = good[0].split("|")
    bad = [
        "|".join(fields[:12]),  # truncated
        "|".join(fields[:5] + ["en trop"] + fields[5:]),  # one column too many
        "|".join(fields[:1] + [""] + fields[2:]),  # no address
        "|".join(fields[:1] + ["claire martin@medecin.mssante.fr"] + fields[2:]),  # not an address
        "|".join(fields[:1] + ["claire.martin.medecin.mssante.fr"] + fields[2:]),
        "|".join(fields[:1] + ["clàire@medecin.mssante.fr"] + fields[2:]),  # not ASCII
        "|" * 30,
    ]
    duplicate = line("PER", "CLAIRE.MARTIN@medecin.mssante.fr", "", "75011", "Paris")
    path = tmp_path / "extraction.txt"
    path.write_bytes(("\ufeff" + HEADER + "\n" + "\n".join(good + bad + [duplicate, "", "   "]) + "\n").encode("utf-8") + b"ORG|broken\xff\xfe|x\n")

    summary = import_file(path)

    assert summary.header is True
    assert summary.rows == len(good) + len(bad) + 1 + 1  # blank lines are not rows; the invalid UTF-8 line is
    assert summary.kept == 5
    assert summary.skipped == len(bad) + 1
    assert summary.duplicates == 1
    assert summary.by_kind == {"ORG": 3, "PER": 1, "CAB": 1}
    loaded = load_index()
    assert loaded is not None and len(loaded) == 5
    lilas = loaded.exact("cabinet-des-lilas.93260@medecin.mssante.fr")
    assert lilas is not None
    assert (lilas.structure, lilas.kind, lilas.postal_code) == ("Cabinet des Lilas", "ORG", "93260")
    assert loaded.exact("accueil@ch-nantes.mssante.fr").structure == "Centre hospitalier"
    assert loaded.exact("cabinet.dupont@medecin.mssante.fr").postal_code == "06000"


def test_a_file_without_header_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "sans-entete.txt"
    path.write_text("\n".join(ROWS) + "\n", encoding="utf-8")
    summary = import_file(path)
    assert summary.header is False
    assert (summary.rows, summary.kept) == (len(ROWS), len(ROWS))


def test_generated_file_imports_with_its_malformed_share(extraction: Path) -> None:
    summary = import_file(extraction)
    assert summary.rows >= 2000
    assert 0 < summary.skipped < 60  # 0.5 % malformed, some spanning two lines
    assert summary.kept == summary.rows - summary.skipped - summary.duplicates
    assert set(summary.by_kind) <= {"PER", "ORG", "APP", "CAB"}
    assert summary.by_kind["PER"] > summary.by_kind["ORG"] > 0
    assert sum(summary.by_kind.values()) == summary.kept


def test_progress_is_reported_to_the_end(extraction: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    import_file(extraction, progress=lambda phase, done, total: calls.append((phase, done, total)))
    reads = [c for c in calls if c[0] == "read"]
    assert reads[-1][1] == reads[-1][2] == extraction.stat().st_size
    assert [c[0] for c in calls][-1] == "write"
    assert any(c[0] == "index" for c in calls)


def test_import_writes_a_private_file_in_a_private_folder(extraction: Path) -> None:
    import_file(extraction)
    path = directory_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_reimport_replaces_the_list_and_leaves_no_temporary_file(tmp_path: Path, extraction: Path) -> None:
    import_file(extraction)
    assert load_index().exact(LILAS) is not None
    other = tmp_path / "other.txt"
    generate(other, 50, seed=3, malformed=0, extra=[line("ORG", "msp-quimper@pro.mssante.fr", "MSP de Quimper", "29000", "Quimper")])
    summary = import_file(other)
    loaded = load_index()
    assert len(loaded) == summary.kept
    assert loaded.exact(LILAS) is None
    assert loaded.exact("msp-quimper@pro.mssante.fr") is not None
    assert status()["summary"]["source"] == str(other.resolve())
    assert sorted(os.listdir(directory_path().parent)) == ["directory.bin"]


def test_a_file_without_any_address_keeps_the_previous_list(tmp_path: Path, extraction: Path) -> None:
    import_file(extraction)
    before = directory_path().read_bytes()
    junk = tmp_path / "notes.csv"
    junk.write_text("nom,prénom\nMartin,Claire\n", encoding="utf-8")
    with pytest.raises(DirectoryError) as caught:
        import_file(junk)
    assert caught.value.code == "directory.unknown_kind"  # neither list's header
    assert directory_path().read_bytes() == before
    header_only = tmp_path / "Extraction_Correspondance_MSSante_202612010930.txt"
    header_only.write_text(extraction.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    with pytest.raises(DirectoryError) as caught:
        import_file(header_only)
    assert caught.value.code == "directory.empty"  # the right header, no valid line under it
    assert directory_path().read_bytes() == before


def test_an_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DirectoryError) as caught:
        import_file(tmp_path / "absent.txt")
    assert caught.value.code == "directory.unreadable"
    assert not has_list()


def test_status_reads_the_header(extraction: Path) -> None:
    assert status() is None
    summary = import_file(extraction)
    info = status()
    assert info["summary"]["kept"] == summary.kept
    assert info["summary"]["by_kind"] == summary.by_kind
    assert info["imported_at"].endswith("Z")
    assert info["size"] == directory_path().stat().st_size
    assert info["source_size"] == extraction.stat().st_size


def test_a_damaged_list_is_reported_not_raised_in_the_wizard(extraction: Path) -> None:
    import_file(extraction)
    path = directory_path()
    path.write_bytes(path.read_bytes()[:5000])  # truncated
    with pytest.raises(DirectoryError) as caught:
        load_index()
    assert caught.value.code == "directory.damaged"
    assert load_known() is None  # the wizard starts without it
    path.write_bytes(b"not a directory")
    with pytest.raises(DirectoryError):
        status()


# -- exact and close addresses ---------------------------------------------------------------------


def test_exact_match_ignores_case_and_spaces(index) -> None:  # type: ignore[no-untyped-def]
    entry = index.exact("  Cabinet-des-Lilas.93260@MEDECIN.mssante.fr ")
    assert entry is not None and entry.structure == "Cabinet médical des Lilas"
    assert index.exact("cabinet-des-lilas.93260@infirmier.mssante.fr") is None
    assert index.exact("cabinet-des-lilas.93260") is None  # no domain, no exact match
    assert LILAS not in _close(index, LILAS)  # the exact match is not "close"


def test_close_typo_missing_letter(index) -> None:  # type: ignore[no-untyped-def]
    close = _close(index, "reseau-cancerologie.villeurbane@pro.mssante.fr")
    assert close["reseau-cancerologie.villeurbanne@pro.mssante.fr"] == ("typo",)
    # a slip at the very start is found too (through the names' endings)
    assert "reseau-cancerologie.villeurbanne@pro.mssante.fr" in _close(index, "rseau-cancerologie.villeurbanne@pro.mssante.fr")


def test_close_separators(index) -> None:  # type: ignore[no-untyped-def]
    assert _close(index, "cabinetdeslilas.93260@medecin.mssante.fr")[LILAS] == ("separators",)
    assert _close(index, "cabinet_des_lilas-93260@medecin.mssante.fr")[LILAS] == ("separators",)


def test_close_same_words_other_postal_code(index) -> None:  # type: ignore[no-untyped-def]
    assert _close(index, "cabinet-des-lilas.75019@medecin.mssante.fr")[LILAS] == ("number",)
    assert "number" in _close(index, "cabinet-des-lilas@medecin.mssante.fr")[LILAS]


def test_close_same_words_other_order(index) -> None:  # type: ignore[no-untyped-def]
    assert _close(index, "lilas-cabinet-des.93260@medecin.mssante.fr")[LILAS] == ("order",)
    assert "order" in _close(index, "bellevue.centre-de-sante.29200@pro.mssante.fr")["centre-de-sante-bellevue.29200@pro.mssante.fr"]


def test_close_dropped_short_word(index) -> None:  # type: ignore[no-untyped-def]
    close = _close(index, "cabinet-infirmier-port.44000@infirmier.mssante.fr")
    assert close["cabinet-infirmier-du-port.44000@infirmier.mssante.fr"] == ("short_word",)
    assert "cabinet-infirmier-du-port.44000@infirmier.mssante.fr" in _close(index, "cabinet-infirmier-port@infirmier.mssante.fr")
    # "des": three letters, too many for the spelling test alone; the bag of words catches it
    assert _close(index, "cabinet-lilas.93260@medecin.mssante.fr")[LILAS] == ("short_word",)


def test_close_same_local_part_other_operator(index) -> None:  # type: ignore[no-untyped-def]
    close = _close(index, "cabinet-des-lilas.93260@infirmier.mssante.fr")
    assert close[LILAS] == ("domain",)
    assert index.search("cabinet-des-lilas.93260@infirmier.mssante.fr").exact is None


def test_bare_local_part_is_compared_with_every_domain(index) -> None:  # type: ignore[no-untyped-def]
    result = index.search("cabinet-des-lilas.93260")
    assert result.exact is None
    assert result.close[0].entry.address == LILAS
    assert result.close[0].score == 99


def test_unrelated_names_are_not_close(index) -> None:  # type: ignore[no-untyped-def]
    close = _close(index, "maison-medicale-garde-quimperle@pro.mssante.fr")
    assert LILAS not in close
    assert not [a for a in close if a.startswith(("cabinet-infirmier-du-port", "reseau-cancerologie"))]
    assert _close(index, "msp@pro.mssante.fr") == {}  # three letters: only the exact name would match


def test_scores_rank_the_nearest_first(index) -> None:  # type: ignore[no-untyped-def]
    result = index.search("cabinetdeslilas.93260@medecin.mssante.fr")
    scores = [m.score for m in result.close]
    assert scores == sorted(scores, reverse=True)
    assert result.close[0].entry.address == LILAS
    assert all(0 <= s <= 99 for s in scores)
    assert result.close[0].entry.structure == "Cabinet médical des Lilas"


def test_one_slip_anywhere_is_found_among_generated_names(index, extraction: Path) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(5)
    addresses = [index.entry(row).address for row in range(len(index))]
    names = [a for a in addresses if len(a.split("@")[0].replace(".", "").replace("-", "")) >= 8]
    for address in rng.sample(names, 150):
        local, domain = address.split("@")
        position = rng.randrange(len(local))
        edit = rng.choice(("drop", "double", "swap_letter"))
        if edit == "drop":
            slipped = local[:position] + local[position + 1 :]
        elif edit == "double":
            slipped = local[:position] + local[position] + local[position:]
        else:
            slipped = local[:position] + ("x" if local[position] != "x" else "y") + local[position + 1 :]
        if slipped == local or slipped.strip(".-_") != slipped:
            continue
        assert address in _close(index, f"{slipped}@{domain}", limit=400), (address, slipped)


def test_index_agrees_with_brute_force(index) -> None:  # type: ignore[no-untyped-def]
    """Every close address the index returns passes the plain definition of "close"."""
    from wizard.store.directory import keys

    rng = random.Random(11)
    rows = rng.sample(range(len(index)), 60)
    for row in rows:
        address = index.entry(row).address
        local = address.split("@")[0]
        query = local[:-1] + "@medecin.mssante.fr"
        for match in index.close(query, limit=400):
            other = match.entry.address.split("@")[0].encode()
            assert keys.is_close(keys.ascii_bytes(query.split("@")[0]), other), (query, match.entry.address)


# -- known addresses: the list plus exported requests --------------------------------------------------


def test_lookup_protocol_for_the_rules(index) -> None:  # type: ignore[no-untyped-def]
    known = Known(index)
    exact, close = known.lookup(LILAS)
    assert exact == "Cabinet médical des Lilas"
    exact, close = known.lookup("cabinetdeslilas.93260@medecin.mssante.fr")
    assert exact is None
    assert close[0] == (LILAS, "Cabinet médical des Lilas")
    assert len(close) <= 5


def test_rules_use_the_known_addresses(index) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import example
    from wizard.model.rules import check

    data = example(2)
    assert data["mailboxes"][0]["local_part"] + "@" + data["mailboxes"][0]["domain"] == LILAS
    codes = {f.code: f for f in check(data, known=Known(index))}
    assert codes["mailbox.address.exists"].severity == "error"
    data = example(2)
    data["mailboxes"][0]["local_part"] = "cabinetdeslilas.93260"
    findings = [f for f in check(data, known=Known(index)) if f.code.startswith("mailbox.address")]
    assert [(f.code, f.severity) for f in findings] == [("mailbox.address.close", "warning")]
    assert LILAS in findings[0].message and "Cabinet médical des Lilas" in findings[0].message


def test_extra_addresses_count_as_known_and_a_request_is_not_close_to_itself() -> None:
    extras = [Extra("msp-bellevue.29200@pro.mssante.fr", "MSP Bellevue", "r1"), ("centre-imagerie.brest@pro.mssante.fr", "Imagerie")]
    known = Known(None, extras)
    assert known.lookup("msp-bellevue.29200@pro.mssante.fr") == ("MSP Bellevue", [])
    exact, close = known.lookup("msp.bellevue.29200@pro.mssante.fr")
    assert exact is None and close == [("msp-bellevue.29200@pro.mssante.fr", "MSP Bellevue")]
    assert known.lookup("centre-imagerie.brst@pro.mssante.fr")[1] == [("centre-imagerie.brest@pro.mssante.fr", "Imagerie")]
    assert known.without("r1").lookup("msp-bellevue.29200@pro.mssante.fr") == (None, [])
    result = known.search("msp-bellevue.29200@pro.mssante.fr")
    assert result.exact.source == "export"


def test_extra_addresses_merge_with_the_list(index) -> None:  # type: ignore[no-untyped-def]
    known = load_known(extra=[("cabinetdeslilas.93260@medecin.mssante.fr", "Demande exportée")])
    result = known.search("cabinet-des-lilas.93260@medecin.mssante.fr")
    assert result.exact.structure == "Cabinet médical des Lilas"
    assert result.close[0].entry.address == "cabinetdeslilas.93260@medecin.mssante.fr"
    assert result.close[0].entry.source == "export"


def test_exported_requests_of_the_drafts_store_are_known(tmp_path: Path) -> None:
    from tests.factories import example
    from wizard.model.request import Request
    from wizard.paths import data_dir
    from wizard.store.drafts import DraftStore

    data = example(1)
    data["mailboxes"][0]["local_part"] = "cabinet-infirmier-des-roses.44000"
    store = DraftStore()
    draft = store.create(Request.from_data(data))
    exported = tmp_path / "export.json"
    exported.write_text(__import__("json").dumps(data), encoding="utf-8")
    store.mark_exported(draft, exported)
    store.close()
    address = "cabinet-infirmier-des-roses.44000@" + data["mailboxes"][0]["domain"]

    assert not has_list()
    known = load_known()
    assert known is not None
    assert known.lookup(address)[0] == data["structure"]["name"]
    assert known.without(data["request_id"]).lookup(address)[0] is None
    exported.unlink()  # the exported file is gone: the draft itself is read
    assert load_known().lookup(address)[0] == data["structure"]["name"]
    assert load_known(exports=False) is None
    assert (data_dir() / "drafts").is_dir()


def test_nothing_known_without_list_or_exports() -> None:
    assert load_known() is None
    assert not (Path(os.environ["BALORG_DATA_DIR"]) / "drafts").exists()  # looking did not create the store
    assert directory.FILE_NAME == "directory.bin"


def test_two_halves_and_forks_give_the_same_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Large files are read in two halves, the second in a forked process: same result as one pass."""
    from wizard.store.directory import importer as directory_importer
    from wizard.store.directory import read as directory_read
    from wizard.store.directory.importer import import_extraction

    path = tmp_path / "extraction.txt"
    generate(path, 3000, seed=9, extra=ROWS)
    lines = path.read_text(encoding="utf-8").splitlines()
    # addresses of the first half again at the end (duplicates across halves), one new BAL type and name
    extra = lines[1:6] + [line("XYZ", "nouveau-type@pro.mssante.fr", "Structure de la seconde moitié", "35000", "Rennes")]
    path.write_text("\n".join(lines + extra) + "\n", encoding="utf-8")

    monkeypatch.setenv("BALORG_NO_FORK", "1")
    plain, plain_summary = import_extraction(path)
    monkeypatch.setattr(directory_read, "_SPLIT_FROM", 0)
    monkeypatch.setattr(directory_importer, "_FORK_FROM", 0)  # (the index's second half built aside too, not only read)
    halves, halves_summary = import_extraction(path)  # no fork: one pass anyway
    forks = []
    real_fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or real_fork())
    monkeypatch.delenv("BALORG_NO_FORK")
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    busy, _ = import_extraction(path)
    assert forks == []  # one processor: a second process would only slow things down
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(os, "getloadavg", lambda: (99.0, 99.0, 99.0))  # (a busy machine: forked all the same)
    forked, forked_summary = import_extraction(path)

    assert len(forks) == 2  # the second half of the file, then the index's second half
    assert plain_summary.duplicates == 5
    assert (plain_summary.processes, halves_summary.processes, forked_summary.processes) == (1, 1, 2)
    for summary in (halves_summary, forked_summary):
        assert {**summary.to_dict(), "seconds": 0, "processes": 1} == {**plain_summary.to_dict(), "seconds": 0}
    expected = _sections(tmp_path, plain)
    assert _sections(tmp_path, halves) == expected
    assert _sections(tmp_path, forked) == expected
    assert _sections(tmp_path, busy) == expected


def test_known_addresses_from_an_open_store_and_after_an_export(index) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import example
    from wizard.model.request import Request
    from wizard.store.directory.known import exported_requests
    from wizard.store.drafts import DraftStore

    store = DraftStore()
    try:
        known = load_known(store=store)
        assert known.extras == ()
        data = example(3)
        draft = store.create(Request.from_data(data))
        store.mark_exported(draft, directory_path().parent / "nowhere.json")  # file gone: the draft is read
        address = f"{data['mailboxes'][0]['local_part']}@{data['mailboxes'][0]['domain']}"
        assert known.lookup(address)[0] is None
        refreshed = known.with_extras(exported_requests(store=store))
        assert refreshed.index is known.index
        assert refreshed.lookup(address)[0] == data["structure"]["name"]
        assert store.available  # the wizard's store is still open and usable
    finally:
        store.close()


def test_status_notices_a_list_cut_short(extraction: Path) -> None:
    import_file(extraction)
    path = directory_path()
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(DirectoryError) as caught:
        status()
    assert caught.value.code == "directory.damaged"


def test_work_set_aside_is_redone_here_when_the_child_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    from wizard.store.directory import read as directory_read

    monkeypatch.setattr(directory_read, "_second_processor", lambda: True)
    parent = os.getpid()

    def only_here(value: int) -> tuple[int, int]:
        if os.getpid() != parent:
            raise RuntimeError("the forked child fails")
        return value, os.getpid()

    def anywhere(value: int) -> tuple[int, int]:
        return value, os.getpid()

    assert directory_read.run_aside(only_here, 3)() == (3, parent)
    value, pid = directory_read.run_aside(anywhere, 4)()
    assert value == 4 and (pid != parent or not hasattr(os, "fork"))


@pytest.mark.parametrize("forked", [True, False])
def test_work_set_aside_hears_what_it_is_told_after_it_started(monkeypatch: pytest.MonkeyPatch, forked: bool) -> None:
    """`listens`: the function gets what this process learns once it has started (where its numbers start), in the
    forked child as here; a child that fails after hearing it is redone here with the same value."""
    from wizard.store.directory import read as directory_read

    monkeypatch.setattr(directory_read, "_second_processor", lambda: forked)
    parent = os.getpid()

    def shifted(values: list[int], start: Any) -> tuple[list[int], bool]:
        return [value + start() for value in values], os.getpid() != parent  # (asked again and again: the same value)

    def fails_there(values: list[int], start: Any) -> tuple[list[int], bool]:
        told = start()
        if os.getpid() != parent:
            raise RuntimeError("the forked child fails after hearing")
        return [value + told for value in values], False

    aside = directory_read.run_aside(shifted, [1, 2, 3], listens=True)
    assert aside.forked == (forked and hasattr(os, "fork"))
    aside.tell(100)  # (the child is already running: it waits for this)
    assert aside() == ([101, 102, 103], aside.forked)
    again = directory_read.run_aside(fails_there, [5], listens=True)
    again.tell(10)
    assert again() == ([15], False)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 2**31), max_size=50), st.integers(0, 2**31 - 1))
def test_numbers_shifted_at_once_are_those_shifted_one_by_one(numbers: list[int], constant: int) -> None:
    """`_plus` adds a constant to 32-bit numbers in one large-integer addition: the same as one addition a number."""
    from wizard.store.directory.format import u32
    from wizard.store.directory.importer import _plus

    want = [number + constant for number in numbers]
    largest = max(numbers, default=0)
    assert list(_plus(numbers, constant, largest)) == want
    assert list(_plus(u32(numbers), constant, largest)) == want
    if numbers:
        with pytest.raises(OverflowError):  # (a sum past 32 bits is said, as one addition a number would, not carried)
            _plus(numbers, 2**32 - largest, largest)


@pytest.mark.skipif(not Path("/proc/sys/fs/pipe-max-size").exists(), reason="Linux's pipe sizes")
def test_the_pipe_the_result_crosses_is_widened_where_the_system_allows() -> None:
    """The child's result (tens of megabytes) crosses a 1 MB pipe, not a 64 KB one, when the limit allows."""
    import fcntl

    from wizard.store.directory import read as directory_read

    read_end, write_end = os.pipe()
    try:
        directory_read._widen(write_end)
        allowed = int(Path("/proc/sys/fs/pipe-max-size").read_text())
        assert fcntl.fcntl(write_end, fcntl.F_GETPIPE_SZ) == min(directory_read._PIPE_SIZE, max(allowed, 1 << 16)) or allowed < 1 << 20
    finally:
        os.close(read_end)
        os.close(write_end)


def test_work_set_aside_is_told_once_and_before_its_result(monkeypatch: pytest.MonkeyPatch) -> None:
    """Asked for its result before it was told anything, a listening child is stopped (no process, no thread left:
    the next import may fork), and the mistake said; told twice, the same."""
    import threading

    from wizard.store.directory import read as directory_read

    monkeypatch.setattr(directory_read, "_second_processor", lambda: True)

    def waits(start: Any) -> int:
        return start()

    for forked in (True, False):
        aside = directory_read.run_aside(waits, listens=True, fork=forked)
        with pytest.raises(RuntimeError, match="before anything was told"):
            aside()
        assert threading.active_count() == 1 and directory_read.can_fork() == hasattr(os, "fork")
        told = directory_read.run_aside(waits, listens=True, fork=forked)
        told.tell(7)
        with pytest.raises(RuntimeError, match="once"):
            told.tell(8)
        assert told() == 7
        if told.forked:  # (asked again, a forked child's result is not waited for twice)
            with pytest.raises(RuntimeError, match="once"):
                told()
    with pytest.raises(RuntimeError, match="once"):
        directory_read.run_aside(waits, 1).tell(2)  # (a function that does not listen)


def test_an_import_that_fails_halfway_leaves_no_child_nor_thread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The index's build fails while its second half is built aside: the child is stopped, the thread gone, and the
    next import forks again, with the same result as one process gives."""
    import threading

    from wizard.store.directory import importer as directory_importer
    from wizard.store.directory import read as directory_read

    path = tmp_path / "extraction.txt"
    generate(path, 3000, seed=4, extra=ROWS)
    monkeypatch.setattr(directory_read, "_second_processor", lambda: True)
    monkeypatch.setattr(directory_read, "_SPLIT_FROM", 0)
    monkeypatch.setattr(directory_importer, "_FORK_FROM", 0)
    monkeypatch.delenv("BALORG_NO_FORK", raising=False)

    def breaks(phase: str, done: int, total: int) -> None:
        if phase == "index":
            raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        directory_importer.import_extraction(path, breaks)
    assert threading.active_count() == 1 and directory_read.can_fork() == hasattr(os, "fork")
    again, summary = directory_importer.import_extraction(path)
    assert summary.processes == (2 if hasattr(os, "fork") else 1)
    monkeypatch.setenv("BALORG_NO_FORK", "1")
    alone, _ = directory_importer.import_extraction(path)
    assert _sections(tmp_path, again) == _sections(tmp_path, alone)


def _sections(tmp_path: Path, content: bytes | bytearray) -> dict[str, Any]:
    from wizard.store.directory.format import unpack

    target = tmp_path / "sections.bin"
    target.write_bytes(content)
    return unpack(target)[1]


def test_the_progress_bar_leaves_the_import_free_to_fork(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal, `directory import` draws rich's bar from the import's own calls, not from a thread of rich's:
    with a second thread alive, the import would stay in one process."""
    import io
    import sys
    import threading

    from wizard.commands import directory as directory_commands
    from wizard.store.directory import importer as directory_importer
    from wizard.store.directory import read as directory_read

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    path = tmp_path / "extraction.txt"
    generate(path, 3000, seed=5, extra=ROWS)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(directory_read, "_second_processor", lambda: True)
    monkeypatch.setattr(directory_read, "_SPLIT_FROM", 0)
    monkeypatch.setattr(directory_importer, "_FORK_FROM", 0)
    monkeypatch.delenv("BALORG_NO_FORK", raising=False)
    with directory_commands._progress_display() as progress:
        assert threading.active_count() == 1
        _, summary = directory.import_any(path, folder=tmp_path / "data", progress=progress)
    assert summary.processes == (2 if hasattr(os, "fork") else 1)
    assert "\x1b[" in terminal.getvalue() and "100%" in terminal.getvalue()  # the bar, drawn to its end
