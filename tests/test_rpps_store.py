"""The RPPS directory's store (wizard/store/directory/rpps.py): real files in tmp_path, imported and looked up."""

from __future__ import annotations

import io
import json
import os
import random
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.gen_rpps import generate, luhn_digit
from tests.facts_lists import (
    ADELI,
    FONTAINE,
    INFIRMIER,
    MEDECIN,
    MOREAU,
    PETIT,
    ROUX,
    RPPS_FILE,
    RPPS_HEADER,
    SITE_SIRET,
    rpps_line,
    rpps_lines,
    write_rpps,
    zipped,
)
from wizard.model.identifiers import is_rpps
from wizard.store.directory import DirectoryError, list_path, load_rpps, rpps_status
from wizard.store.directory import rpps as module
from wizard.store.directory.rpps import (
    Activity,
    Person,
    RppsError,
    RppsIndex,
    RppsSummary,
    import_rpps,
    is_rpps_header,
    list_date,
)


def _import(source: Path, target: Path, **kwargs: object) -> RppsSummary:
    with open(source, "rb") as stream:
        return import_rpps(stream, target, source=str(source), total=source.stat().st_size, **kwargs)  # type: ignore[arg-type]


def _write(folder: Path, lines: list[str], name: str = RPPS_FILE, *, newline: str = "\n") -> Path:
    path = folder / name
    path.write_bytes((RPPS_HEADER + newline + "".join(line + newline for line in lines)).encode("utf-8"))
    return path


@pytest.fixture
def index(tmp_path: Path) -> RppsIndex:
    _import(write_rpps(tmp_path), tmp_path / "rpps.bin")
    return RppsIndex.load(tmp_path / "rpps.bin")


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# -- what the file says -------------------------------------------------------------------------


@pytest.mark.parametrize("first", [
    RPPS_HEADER.encode(), RPPS_HEADER.encode() + b"\n", b"\xef\xbb\xbf" + RPPS_HEADER.encode() + b"\r\n",
    RPPS_HEADER.rstrip("|").encode() + b"\n", RPPS_HEADER.upper().encode(),
])
def test_the_header_is_recognised(first: bytes) -> None:
    assert is_rpps_header(first)


@pytest.mark.parametrize("first", [
    b"", b"\n", b"Type d'identifiant PP|Identifiant PP|Autre|\n", b"Type d'identifiant PP|Identifiant PP\n",
    b"Type de BAL|Adresse BAL|Type Identifiant PP|\n", b"8|10000456789|810000456789|DR|Docteur|\n", b"\xff\xfe\x00|\x00",
])
def test_other_first_lines_are_not_the_header(first: bytes) -> None:
    assert not is_rpps_header(first)


@pytest.mark.parametrize(("name", "expected"), [
    ("PS_LibreAcces_Personne_activite_202612010930.txt", "2026-12-01"),
    ("Extraction_Correspondance_MSSante_202611300800.txt", "2026-11-30"),
    ("PS_LibreAcces_Personne_activite_20261201.txt", "2026-12-01"),
    ("PS_LibreAcces_202602281200.zip", "2026-02-28"),
    ("PS_LibreAcces_Personne_activite.txt", None),
    ("PS_LibreAcces_Personne_activite_202613010930.txt", None),  # month 13
    ("PS_LibreAcces_Personne_activite_202612012530.txt", None),  # 25:30
    ("PS_LibreAcces_Personne_activite_2026120109.txt", None),  # 10 digits: no stamp
    ("liste_20260230.txt", None),  # 30 February
    ("", None),
])
def test_the_list_date_is_read_from_the_name(name: str, expected: str | None) -> None:
    assert list_date(name) == expected


def test_the_error_messages_are_french_sentences() -> None:
    assert "au milieu d'une ligne" in RppsError("rpps.cut").message()
    assert "12 lignes lues" in RppsError("rpps.empty", rows=12).message()
    assert "PS_LibreAcces_Personne_activite" in RppsError("rpps.header", columns=3).message()
    assert RppsError("rpps.damaged", reason="fichier tronqué").message() == "fichier tronqué"
    error = RppsError("rpps.empty", rows=3)
    assert isinstance(error, DirectoryError) and error.code == "rpps.empty" and error.params == {"rows": 3}


def test_the_fast_luhn_check_agrees_with_is_rpps() -> None:
    rng = random.Random(4)
    numbers = [f"{rng.randrange(10**11):011d}" for _ in range(3000)]
    numbers += [(base := f"{rng.randrange(10**10):010d}") + luhn_digit(base) for _ in range(3000)]
    for number in numbers:
        assert module._luhn11(number.encode()) == is_rpps(number), number
        assert (module._key(b"8", number.encode()) >= 0) == is_rpps(number)


# -- import -------------------------------------------------------------------------------------


def test_the_lists_file_imports_with_its_counts(tmp_path: Path) -> None:
    summary = _import(write_rpps(tmp_path), tmp_path / "rpps.bin")
    assert (summary.rows, summary.persons, summary.rpps, summary.adeli, summary.activities, summary.skipped) == (7, 5, 4, 1, 6, 1)
    assert summary.list_date == "2026-12-01" and summary.source.endswith(RPPS_FILE)
    assert summary.imported_at.endswith("Z") and summary.imported_at[:2] == "20" and summary.seconds >= 0
    data = summary.to_dict()
    assert set(data) == {"source", "list_date", "rows", "persons", "rpps", "adeli", "activities", "skipped", "seconds", "imported_at"}
    index = RppsIndex.load(tmp_path / "rpps.bin")
    assert index.summary == data and len(index) == 5


def test_who_gives_the_person_as_listed(index: RppsIndex) -> None:
    person = index.who(FONTAINE)
    assert person is not None
    assert (person.identifier, person.id_type, person.civility_of_exercise_label, person.civility_label) == (FONTAINE, "RPPS", "Docteur", "Monsieur")
    assert (person.last_name, person.first_name, person.profession_code, person.profession_label) == ("FONTAINE", "DAVID", "10", "Médecin")
    assert person.activities == (Activity(site_name="CABINET MEDICAL DES LILAS", siret=SITE_SIRET, lines=("3 RUE DE PARIS",),
                                          postal_code="93260", commune="LES LILAS", mode_code="L", mode_label="Libéral"),)
    data = person.to_dict()
    assert data["activities"][0]["lines"] == ["3 RUE DE PARIS"] and data["last_name"] == "FONTAINE"
    nurse = index.who(MOREAU)
    assert nurse is not None and nurse.civility_of_exercise_label == "" and nurse.civility_label == "Madame"
    assert nurse.activities[0].finess == "440000289" and nurse.activities[0].commune == "NANTES"
    assert nurse.activities[0].lines == ("5 ALLÉE DE L'ILE GLORIETTE",)


def test_lines_of_one_person_apart_give_all_their_activities_in_order(index: RppsIndex) -> None:
    person = index.who(ROUX)
    assert person is not None and person.first_name == "ÉLISE"
    assert [(a.site_name, a.mode_label) for a in person.activities] == [("CABINET MEDICAL DES LILAS", "Libéral"), ("HOPITAL DES LILAS", "Salarié")]


def test_consecutive_and_scattered_lines_of_one_person(tmp_path: Path) -> None:
    def site(name: str) -> str:
        return rpps_line("8", FONTAINE, "FONTAINE", "DAVID", MEDECIN, site=name, postal="93260", commune="LES LILAS")

    other = rpps_line("8", MOREAU, "MOREAU", "ANNE", INFIRMIER, site="CHU", postal="44000", commune="NANTES")
    path = _write(tmp_path, [site("A"), site("B"), other, site("C"), "8|1|x|", site("D"), other])
    summary = _import(path, tmp_path / "rpps.bin")
    assert (summary.rows, summary.persons, summary.activities, summary.skipped) == (7, 2, 6, 1)
    index = RppsIndex.load(tmp_path / "rpps.bin")
    fontaine = index.who(FONTAINE)
    assert fontaine is not None and [a.site_name for a in fontaine.activities] == ["A", "B", "C", "D"]
    moreau = index.who(MOREAU)
    assert moreau is not None and [a.site_name for a in moreau.activities] == ["CHU", "CHU"]


def test_a_person_with_no_activity_is_still_a_person(index: RppsIndex) -> None:
    person = index.who(PETIT)
    assert person is not None and person.activities == () and person.profession_label == "Masseur-Kinésithérapeute"


def test_adeli_and_national_identifiers(index: RppsIndex) -> None:
    nurse = index.adeli(ADELI)
    assert nurse is not None and (nurse.id_type, nurse.identifier, nurse.last_name) == ("ADELI", ADELI, "LE-GOFF")
    assert index.adeli(" 93 123 4567 ") == nurse
    assert index.by_national_id("0" + ADELI) == nurse
    assert index.by_national_id("8" + FONTAINE) == index.who(FONTAINE)
    assert index.who(ADELI) is None and index.adeli(FONTAINE) is None
    for absent in ("10000678895", "", "1234", "1000045678X", "100004567890"):
        assert index.who(absent) is None
    for absent in ("", "0", "3" + FONTAINE, "8", "0123"):
        assert index.by_national_id(absent) is None
    assert index.adeli("931234568") is None and index.adeli("93123456é") is None


@pytest.mark.parametrize("collide", [False, True])
def test_adeli_numbers_with_letters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, collide: bool) -> None:
    if collide:  # two numbers of one key: each still finds only its own person
        monkeypatch.setattr(module, "_lettered_key", lambda ident: module._LETTERED_BASE + 7)
    lines = [rpps_line("0", "2A1234567", "CORSE", "ANNE", INFIRMIER, site="A"), rpps_line("0", "2B7654321", "BASTIA", "LUC", INFIRMIER),
             rpps_line("0", "2A1234567", "CORSE", "ANNE", INFIRMIER, site="B"), rpps_line("0", "931234567", "LE-GOFF", "MARIE", INFIRMIER)]
    summary = _import(_write(tmp_path, lines), tmp_path / "rpps.bin")
    assert (summary.persons, summary.adeli, summary.rpps, summary.skipped) == (3, 3, 0, 0)
    index = RppsIndex.load(tmp_path / "rpps.bin")
    anne = index.adeli("2a1234567")
    assert anne is not None and anne.identifier == "2A1234567" and [a.site_name for a in anne.activities] == ["A", "B"]
    luc = index.adeli("2B7654321")
    assert luc is not None and luc.last_name == "BASTIA" and luc.activities == ()
    assert index.adeli("2C1234567") is None and index.by_national_id("02B7654321") == luc
    assert index.adeli("931234567") is not None


def test_malformed_lines_are_skipped_and_counted(tmp_path: Path) -> None:
    good = rpps_line("8", FONTAINE, "FONTAINE", "DAVID", MEDECIN, site="A")
    fields = good.split("|")
    bad = [
        "|".join(fields[:30]) + "|",  # short of columns
        good + "extra|",  # a column too many
        good + "x",  # something after the last |
        rpps_line("8", "10000456788", "X", "Y", MEDECIN),  # Luhn fails
        rpps_line("8", "1000045678", "X", "Y", MEDECIN),  # 10 digits
        rpps_line("0", "93123456", "X", "Y", INFIRMIER),  # ADELI of 8
        rpps_line("0", "93-234567", "X", "Y", INFIRMIER),  # not letters and digits
        rpps_line("3", "931234567", "X", "Y", INFIRMIER),  # an unknown kind
        "",  # a blank line: not a row
        "   ",
    ]
    summary = _import(_write(tmp_path, [bad[0], good, *bad[1:]]), tmp_path / "rpps.bin")
    assert (summary.rows, summary.skipped, summary.persons, summary.activities) == (10, 9, 1, 1)
    assert RppsIndex.load(tmp_path / "rpps.bin").who(FONTAINE) is not None


@pytest.mark.parametrize("chunk", [1, 7, 300, 1 << 22])
def test_52_columns_without_the_trailing_bar_and_crlf_lines_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    monkeypatch.setattr(module, "_CHUNK", chunk)  # a \r\n cut between two reads, everywhere
    lines = [line.removesuffix("|") if n % 2 else line for n, line in enumerate(rpps_lines())]
    summary = _import(_write(tmp_path, lines, newline="\r\n"), tmp_path / "rpps.bin")
    assert (summary.rows, summary.persons, summary.activities, summary.skipped) == (7, 5, 6, 1)
    person = RppsIndex.load(tmp_path / "rpps.bin").who(MOREAU)
    assert person is not None and person.activities[0].mode_label == "Salarié"


def test_a_bom_and_a_last_line_without_newline(tmp_path: Path) -> None:
    path = tmp_path / RPPS_FILE
    path.write_bytes(b"\xef\xbb\xbf" + (RPPS_HEADER + "\n" + "\n".join(rpps_lines())).encode())
    summary = _import(path, tmp_path / "rpps.bin")
    assert (summary.rows, summary.persons) == (7, 5)
    assert RppsIndex.load(tmp_path / "rpps.bin").who(PETIT) is not None


def test_the_commune_of_the_cedex_office_when_there_is_none(tmp_path: Path) -> None:
    line = rpps_line("8", FONTAINE, "FONTAINE", "DAVID", MEDECIN, site="CHU", cedex="44093 NANTES CEDEX 1")
    _import(_write(tmp_path, [line]), tmp_path / "rpps.bin")
    person = RppsIndex.load(tmp_path / "rpps.bin").who(FONTAINE)
    assert person is not None
    assert (person.activities[0].postal_code, person.activities[0].commune) == ("44093", "NANTES CEDEX 1")


def test_address_lines_are_built_from_their_parts(tmp_path: Path) -> None:
    fields = rpps_line("8", FONTAINE, "FONTAINE", "DAVID", MEDECIN, site="CABINET", postal="93260", commune="LES LILAS").split("|")
    fields[25], fields[26], fields[27], fields[28], fields[29] = "ENSEIGNE", "ESCALIER B", "RESIDENCE DU PARC", "12", "B"
    fields[30], fields[31], fields[32], fields[33] = "AV", "Avenue", "DES LILAS", "BP 7"
    fields[40], fields[43] = "0102030405", "secret@example.org"
    _import(_write(tmp_path, ["|".join(fields)]), tmp_path / "rpps.bin")
    activity = RppsIndex.load(tmp_path / "rpps.bin").who(FONTAINE).activities[0]  # type: ignore[union-attr]
    assert activity.sign == "ENSEIGNE" and activity.lines == ("ESCALIER B", "RESIDENCE DU PARC", "12 B AVENUE DES LILAS", "BP 7")
    content = (tmp_path / "rpps.bin").read_bytes()
    assert b"0102030405" not in content and b"secret@example.org" not in content  # no phone, no e-mail kept


def test_separator_bytes_in_a_field_do_not_shift_the_columns(tmp_path: Path) -> None:
    line = rpps_line("8", FONTAINE, "FONT\x1eAINE", "DA\x1fVID", MEDECIN, site="A\x1eB")
    _import(_write(tmp_path, [line]), tmp_path / "rpps.bin")
    person = RppsIndex.load(tmp_path / "rpps.bin").who(FONTAINE)
    assert person is not None and (person.last_name, person.first_name) == ("FONT AINE", "DA VID")
    assert [a.site_name for a in person.activities] == ["A B"]


def test_progress_is_told_while_reading_then_the_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / RPPS_FILE
    counts = generate(path, 3000, seed=2)
    monkeypatch.setattr(module, "_CHUNK", 997)  # lines cut across chunks everywhere
    monkeypatch.setattr(module, "_PROGRESS_EVERY", 50_000)
    calls: list[tuple[str, int, int]] = []
    summary = _import(path, tmp_path / "rpps.bin", progress=lambda *a: calls.append(a))
    size = path.stat().st_size
    reads = [c for c in calls if c[0] == "read"]
    assert len(reads) > 5 and [c[1] for c in reads] == sorted(c[1] for c in reads) and reads[-1] == ("read", size, size)
    assert calls[-1] == ("write", 1, 1)
    assert (summary.rows, summary.persons, summary.skipped, summary.activities) == (counts.rows, counts.persons, counts.skipped, counts.activities)


def test_an_overlong_line_is_skipped_without_being_gathered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(module, "_CHUNK", 64)
    monkeypatch.setattr(module, "_LONGEST", 2500)  # the header is 1,900 bytes
    good = rpps_line("8", FONTAINE, "FONTAINE", "DAVID", MEDECIN, site="A")
    summary = _import(_write(tmp_path, [good, "8|" + "x" * 20_000, rpps_line("8", MOREAU, "MOREAU", "ANNE", INFIRMIER)]), tmp_path / "rpps.bin")
    assert (summary.rows, summary.skipped, summary.persons) == (3, 1, 2)


# -- refused files: the previous index stays ----------------------------------------------------


@pytest.fixture
def previous(tmp_path: Path) -> bytes:
    """An index already in place (from the lists' file), whose bytes must stay."""
    _import(write_rpps(tmp_path), tmp_path / "rpps.bin")
    return (tmp_path / "rpps.bin").read_bytes()


def _refused(tmp_path: Path, path: Path, code: str, previous: bytes) -> RppsError:
    with pytest.raises(RppsError) as caught:
        _import(path, tmp_path / "rpps.bin")
    assert caught.value.code == code
    assert (tmp_path / "rpps.bin").read_bytes() == previous
    assert _leftovers(tmp_path) == []
    return caught.value


def test_a_cut_file_is_refused(tmp_path: Path, previous: bytes) -> None:
    text = write_rpps(tmp_path, name="full.txt").read_bytes()
    bad = tmp_path / "cut.txt"
    bad.write_bytes(text[: len(text) - 40])
    _refused(tmp_path, bad, "rpps.cut", previous)


def test_a_header_only_file_is_empty(tmp_path: Path, previous: bytes) -> None:
    error = _refused(tmp_path, write_rpps(tmp_path / "..", [], name="header-only.txt"), "rpps.empty", previous)
    assert error.params == {"rows": 0}
    only = tmp_path / "header-alone.txt"
    only.write_bytes(RPPS_HEADER.encode())  # not even its newline
    _refused(tmp_path, only, "rpps.empty", previous)


def test_a_refused_small_file_tells_no_progress(tmp_path: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    with pytest.raises(RppsError):
        _import(write_rpps(tmp_path, []), tmp_path / "rpps.bin", progress=lambda *a: calls.append(a))
    assert calls == []  # the error is the one thing said (the CLI's progress would print before it)


def test_a_file_of_malformed_lines_is_empty_with_its_rows(tmp_path: Path, previous: bytes) -> None:
    error = _refused(tmp_path, _write(tmp_path, ["8|1|x|", rpps_line("8", "10000456788", "X", "Y", MEDECIN)], name="bad.txt"),
                     "rpps.empty", previous)
    assert error.params == {"rows": 2}
    assert "2 lignes lues" in error.message()


@pytest.mark.parametrize("content", [b"nom;prenom\nDurand;Marie\n", b"Type d'identifiant PP|Identifiant PP|Autre|\n8|1|x|\n", b"", b"\n\n"])
def test_another_file_is_refused_by_its_header(tmp_path: Path, previous: bytes, content: bytes) -> None:
    path = tmp_path / "other.txt"
    path.write_bytes(content)
    _refused(tmp_path, path, "rpps.header", previous)


def test_a_header_with_other_columns_is_refused(tmp_path: Path, previous: bytes) -> None:
    path = tmp_path / "other.txt"
    path.write_bytes((RPPS_HEADER + "Une de plus|\n" + rpps_lines()[0] + "\n").encode())
    _refused(tmp_path, path, "rpps.header", previous)


class _Failing(io.RawIOBase):
    """A stream that fails after a few reads (a disk error, a ZIP whose data is damaged)."""

    def __init__(self, content: bytes, after: int) -> None:
        self.content = io.BytesIO(content)
        self.after = after

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        self.after -= 1
        if self.after < 0:
            raise OSError(5, "Input/output error")
        return self.content.read(size)


def test_a_stream_that_fails_leaves_the_previous_index(tmp_path: Path, previous: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(module, "_CHUNK", 500)
    with pytest.raises(OSError):
        import_rpps(_Failing(write_rpps(tmp_path, name="x.txt").read_bytes(), 3), tmp_path / "rpps.bin", source="x.txt")  # type: ignore[arg-type]
    assert (tmp_path / "rpps.bin").read_bytes() == previous and _leftovers(tmp_path) == []


def test_an_index_that_cannot_be_written_is_said_so(tmp_path: Path) -> None:
    with pytest.raises(DirectoryError) as caught:
        _import(write_rpps(tmp_path), tmp_path / "missing" / "rpps.bin")
    assert caught.value.code == "directory.unwritable" and not isinstance(caught.value, RppsError)
    (tmp_path / "folder").mkdir()
    with pytest.raises(DirectoryError) as caught:
        _import(write_rpps(tmp_path), tmp_path / "folder")  # a folder where the index goes: left as it is
    assert caught.value.code == "directory.unwritable" and (tmp_path / "folder").is_dir()


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_the_index_is_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        _import(write_rpps(tmp_path), tmp_path / "rpps.bin")
        _import(write_rpps(tmp_path), tmp_path / "rpps.bin")  # replacing it too
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "rpps.bin").stat().st_mode) == 0o600
    assert _leftovers(tmp_path) == []


def test_a_new_import_replaces_the_previous_index(tmp_path: Path) -> None:
    _import(write_rpps(tmp_path), tmp_path / "rpps.bin")
    fewer = [line for line in rpps_lines() if MOREAU not in line]
    summary = _import(write_rpps(tmp_path, fewer, "PS_LibreAcces_Personne_activite_202612020930.txt"), tmp_path / "rpps.bin")
    index = RppsIndex.load(tmp_path / "rpps.bin")
    assert summary.list_date == "2026-12-02" and index.who(MOREAU) is None and index.who(FONTAINE) is not None
    assert _leftovers(tmp_path) == []


def test_import_from_a_zip_member_stream(tmp_path: Path) -> None:
    archive = zipped(write_rpps(tmp_path), tmp_path / "PS_LibreAcces_202612010930.zip", others=("PS_LibreAcces_Dipl_AutExerc_202612010930.txt",))
    with zipfile.ZipFile(archive) as opened, opened.open(RPPS_FILE) as stream:
        summary = import_rpps(stream, tmp_path / "rpps.bin", source=f"{archive} ({RPPS_FILE})", total=opened.getinfo(RPPS_FILE).file_size)
    assert (summary.rows, summary.persons, summary.activities, summary.skipped) == (7, 5, 6, 1)
    assert summary.list_date == "2026-12-01"
    assert RppsIndex.load(tmp_path / "rpps.bin").who(FONTAINE) is not None


class _Pipe(io.RawIOBase):
    """A stream that cannot seek and gives few bytes a read (a pipe, a slow ZIP member)."""

    def __init__(self, content: bytes) -> None:
        self.content = io.BytesIO(content)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def seek(self, *args: object) -> int:
        raise io.UnsupportedOperation("seek")

    def tell(self) -> int:
        raise io.UnsupportedOperation("tell")

    def read(self, size: int = -1) -> bytes:
        return self.content.read(min(size, 37) if size > 0 else 37)


def test_a_stream_that_cannot_seek_and_gives_little_at_a_time(tmp_path: Path) -> None:
    summary = import_rpps(_Pipe(write_rpps(tmp_path).read_bytes()), tmp_path / "rpps.bin", source=RPPS_FILE)  # type: ignore[arg-type]
    assert (summary.rows, summary.persons, summary.activities, summary.skipped) == (7, 5, 6, 1)


# -- the index file -----------------------------------------------------------------------------


def _damaged(path: Path) -> RppsError:
    with pytest.raises(RppsError) as caught:
        RppsIndex.load(path)
    assert caught.value.code == "rpps.damaged" and caught.value.message()
    return caught.value


def _variants(content: bytes) -> Iterator[tuple[str, bytes]]:
    yield "empty", b""
    yield "magic_only", module.MAGIC
    yield "cut_in_the_header", content[:60]
    yield "cut_by_ten_bytes", content[:-10]
    yield "one_byte_more", content + b"\0"
    yield "foreign", b"PK\x03\x04" + content[4:]
    yield "text", RPPS_HEADER.encode() * 3
    yield "version", content[:8] + (99).to_bytes(4, "little") + content[12:]
    flipped = bytearray(content)
    flipped[20] ^= 0xFF  # in the header's sizes: its CRC fails
    yield "header_byte", bytes(flipped)
    flipped = bytearray(content)
    flipped[-5] ^= 0xFF  # in the summary
    yield "summary_byte", bytes(flipped)


@pytest.mark.parametrize("case", [name for name, _ in _variants(b"x" * 200)])
def test_a_damaged_index_is_refused_when_loaded(tmp_path: Path, previous: bytes, case: str) -> None:
    content = dict(_variants(previous))[case]
    path = tmp_path / "damaged.bin"
    path.write_bytes(content)
    error = _damaged(path)
    if case in ("cut_by_ten_bytes", "one_byte_more"):
        assert "tronqué" in error.message()


def _with_summary(previous: bytes, data: object) -> bytes:
    """The index `previous` with another summary, its header and CRCs rewritten to match."""
    meta = json.dumps(data).encode()
    fields = list(module._HEADER.unpack(previous[:module._HEADER.size]))
    meta_at = fields[9]
    fields[3], fields[10], fields[11], fields[12] = meta_at + len(meta), len(meta), zlib.crc32(meta), 0
    head = module._HEADER.pack(*fields)
    head = head[:-4] + struct.pack("<I", zlib.crc32(head[:-4]))
    return head.ljust(module.HEADER_SIZE, b"\0") + previous[module.HEADER_SIZE:meta_at] + meta


@pytest.mark.parametrize("change", [{"rows": "7"}, {"persons": -1}, {"source": 3}, {"imported_at": None}, {"seconds": "1"},
                                    {"list_date": 20261201}, {"rows": True}, {"persons": None}])
def test_a_summary_of_the_wrong_shape_is_damaged(tmp_path: Path, previous: bytes, change: dict[str, object]) -> None:
    path = tmp_path / "shaped.bin"
    path.write_bytes(_with_summary(previous, {**RppsIndex.load(tmp_path / "rpps.bin").summary, **change}))
    _damaged(path)
    path.write_bytes(_with_summary(previous, [1, 2]))
    _damaged(path)


def test_a_rewritten_summary_of_the_right_shape_loads(tmp_path: Path, previous: bytes) -> None:
    path = tmp_path / "shaped.bin"  # the way the test above rewrites it is sound
    path.write_bytes(_with_summary(previous, {**RppsIndex.load(tmp_path / "rpps.bin").summary, "persons": 6}))
    index = RppsIndex.load(path)
    assert len(index) == 6 and index.who(FONTAINE) is not None


def test_a_folder_or_a_pipe_in_the_index_place_is_damaged_not_waited_on(tmp_path: Path) -> None:
    (tmp_path / "folder.bin").mkdir()
    with pytest.raises((RppsError, OSError)):
        RppsIndex.load(tmp_path / "folder.bin")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.bin")
        _damaged(tmp_path / "pipe.bin")


def test_the_store_loads_the_index_and_says_its_status(tmp_path: Path, previous: bytes) -> None:
    assert list_path("rpps", tmp_path) == tmp_path / "rpps.bin"
    loaded = load_rpps(tmp_path)
    assert loaded is not None and loaded.who(FONTAINE) is not None
    info = rpps_status(tmp_path)
    assert info is not None and info["summary"]["persons"] == 5 and info["size"] == len(previous)
    (tmp_path / "rpps.bin").write_bytes(previous[:100])
    with pytest.raises(DirectoryError) as caught:
        load_rpps(tmp_path)
    assert caught.value.code == "directory.damaged" and "tronqué" in caught.value.params["reason"]


def test_an_index_stays_usable_after_its_file_is_replaced(tmp_path: Path, previous: bytes) -> None:
    index = RppsIndex.load(tmp_path / "rpps.bin")
    _import(write_rpps(tmp_path, [line for line in rpps_lines() if FONTAINE not in line], name="newer.txt"), tmp_path / "rpps.bin")
    assert index.who(FONTAINE) is not None  # the mapping is of the old file
    assert RppsIndex.load(tmp_path / "rpps.bin").who(FONTAINE) is None
    index.close()


# -- the generator ------------------------------------------------------------------------------


def test_the_generator_is_deterministic_and_its_counts_are_what_the_import_finds(tmp_path: Path) -> None:
    one, two, other = tmp_path / "one.txt", tmp_path / "two.txt", tmp_path / "other.txt"
    counts = generate(one, 5000, seed=7)
    assert generate(two, 5000, seed=7) == counts
    assert one.read_bytes() == two.read_bytes()
    generate(other, 5000, seed=8)
    assert other.read_bytes() != one.read_bytes()
    assert counts.skipped > 0 and counts.adeli > 0 and counts.scattered > 0 and counts.activities > counts.persons
    lines = one.read_text(encoding="utf-8").splitlines()
    assert lines[0] == RPPS_HEADER and counts.rows == len(lines) - 1
    assert any(line.split("|")[17:52] == [""] * 35 for line in lines[1:])  # persons with no activity
    summary = _import(one, tmp_path / "rpps.bin")
    assert (summary.rows, summary.persons, summary.rpps, summary.adeli, summary.activities, summary.skipped) == (
        counts.rows, counts.persons, counts.rpps, counts.adeli, counts.activities, counts.skipped)
    index = RppsIndex.load(tmp_path / "rpps.bin")
    for number in counts.sample:
        person = index.who(number)
        assert isinstance(person, Person) and person.identifier == number
