"""A `directory.bin` that is not what an import writes: reported as damaged, in French, never a traceback.

Every shape of damage (a header that is valid JSON of the wrong shape, wrong
types anywhere, a bad section table, sections that do not fit together, a
truncated file, a pipe, a folder or a device in the list's place) is given to
the three commands that read the list, as a user runs them (subprocesses in
the test's own data folder, each with a time limit so that a hang fails and a
memory cap so that reading /dev/zero cannot take the machine down):

- ``balorg directory status`` exits 1: the list cannot be read, import it again;
- ``balorg directory check`` exits with :data:`CHECK_DAMAGED` and the same message;
- ``balorg validate`` goes on without the list (exit 0 for a valid request) and says so on stderr;

and the wizard's own loading (:func:`wizard.store.directory.load_known`) treats
the list as absent, so the wizard starts.
"""

from __future__ import annotations

import json
import os
import resource
import struct
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bench.gen_extraction import generate, line
from tests.conftest import EXAMPLES, REPO

LILAS = "cabinet-des-lilas.93260@medecin.mssante.fr"
CASE2 = EXAMPLES / "cas2-cabinet-medical.json"
PYTHON = REPO / ".venv" / "bin" / "python"
TIMEOUT = 20
MEMORY = 1 << 30
CHECK_DAMAGED = 2
"""`balorg directory check`'s exit status for a damaged list: "nothing to compare with", as when nothing is
imported (1 would say the address exists)."""
MAGIC = b"BALDIR\x00\x01"


def _python() -> str:
    return str(PYTHON) if PYTHON.exists() else sys.executable


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run_all(*commands: tuple[str, ...]) -> list[subprocess.CompletedProcess[str]]:
    """Run `balorg` once per command, at the same time, in the test's data folder; each killed after TIMEOUT s."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    started = [(command, subprocess.Popen([_python(), "-m", "wizard", *command], cwd=REPO, env=env, text=True,
                                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                          preexec_fn=_cap_memory)) for command in commands]
    done = []
    for command, process in started:
        try:
            out, err = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise AssertionError(f"balorg {' '.join(command)} still running after {TIMEOUT} s") from None
        done.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return done


# -- a valid list, and ways to spoil it ---------------------------------------------------------------


@pytest.fixture(scope="module")
def valid(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The bytes of a list as an import writes it."""
    from wizard.store.directory import directory_path, import_file

    folder = tmp_path_factory.mktemp("valid-list")
    extraction = folder / "extraction.txt"
    generate(extraction, 400, seed=4, extra=[line("ORG", LILAS, "Cabinet médical des Lilas", "93260", "Les Lilas")])
    import_file(extraction, folder=folder)
    return directory_path(folder).read_bytes()


def split(content: bytes) -> tuple[dict[str, Any], bytes]:
    """``(header, body)`` of a list: the JSON header and the bytes of the sections."""
    assert content.startswith(MAGIC)
    (length,) = struct.unpack("<I", content[8:12])
    start = 12 + length
    return json.loads(content[12:start]), content[start + (-start % 8):]


def join(header: dict[str, Any] | bytes, body: bytes) -> bytes:
    """A list with `header` (JSON data, or raw bytes) before `body`."""
    raw = header if isinstance(header, bytes) else json.dumps(header).encode("utf-8")
    lead = MAGIC + struct.pack("<I", len(raw)) + raw
    return lead + b"\x00" * (-len(lead) % 8) + body


def header_change(change: Callable[[dict[str, Any]], object]) -> Callable[[bytes], bytes]:
    def spoil(content: bytes) -> bytes:
        header, body = split(content)
        change(header)
        return join(header, body)

    return spoil


def raw_header(raw: bytes) -> Callable[[bytes], bytes]:
    return lambda content: join(raw, split(content)[1])


def section_bytes(name: str, change: Callable[[bytearray], object]) -> Callable[[bytes], bytes]:
    """Change the bytes of one section in place (the header untouched)."""
    def spoil(content: bytes) -> bytes:
        header, body = split(content)
        offset, length, _ = header["sections"][name]
        data = bytearray(body[offset:offset + length])
        change(data)
        assert len(data) == length
        return join(header, body[:offset] + bytes(data) + body[offset + length:])

    return spoil


def cut(size: int) -> Callable[[bytes], bytes]:
    return lambda content: content[:size]


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """Set ``header[a][b]...`` (path ``"a.b"``) to `value`."""
    *parents, last = path.split(".")

    def change(header: dict[str, Any]) -> None:
        for key in parents:
            header = header[key]
        header[last] = value

    return change


def _drop(path: str) -> Callable[[dict[str, Any]], None]:
    *parents, last = path.split(".")

    def change(header: dict[str, Any]) -> None:
        for key in parents:
            header = header[key]
        del header[last]

    return change


def _entry(name: str, index: int, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(header: dict[str, Any]) -> None:
        header["sections"][name][index] = value

    return change


def _shorter(name: str, by: int) -> Callable[[dict[str, Any]], None]:
    def change(header: dict[str, Any]) -> None:
        header["sections"][name][1] -= by

    return change


def _huge_int(content: bytes) -> bytes:
    """``source_size`` of 5,000 digits (Python refuses to read an integer that long)."""
    header, body = split(content)
    header["source_size"] = 0
    raw = json.dumps(header).encode("utf-8").replace(b'"source_size": 0', b'"source_size": 1' + b"0" * 5000)
    return join(raw, body)


# Each shape: how to spoil a valid list, and what the French reason must say.
SHAPES: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    # the header: valid JSON of the wrong shape
    "sections_empty_list": (header_change(_set("sections", [])), "« sections » n'est pas un objet"),
    "sections_missing": (header_change(_drop("sections")), "« sections » manquant"),
    "sections_null": (header_change(_set("sections", None)), "« sections » n'est pas un objet"),
    "summary_missing": (header_change(_drop("summary")), "« summary » manquant"),
    "summary_text": (header_change(_set("summary", "résumé")), "« summary » n'est pas un objet"),
    "summary_kept_text": (header_change(_set("summary.kept", "beaucoup")), "« summary.kept » n'est pas un nombre entier"),
    "summary_kept_negative": (header_change(_set("summary.kept", -3)), "« summary.kept » n'est pas un nombre entier"),
    "summary_kept_true": (header_change(_set("summary.kept", True)), "« summary.kept » n'est pas un nombre entier"),
    "summary_kept_not_the_rows": (header_change(_set("summary.kept", 7)), "« summary.kept »"),
    "summary_rows_float": (header_change(_set("summary.rows", 1.5)), "« summary.rows » n'est pas un nombre entier"),
    "summary_source_number": (header_change(_set("summary.source", 3)), "« summary.source » n'est pas un texte"),
    "summary_by_kind_list": (header_change(_set("summary.by_kind", ["PER"])), "« summary.by_kind » n'est pas un objet"),
    "summary_by_kind_text": (header_change(_set("summary.by_kind", {"PER": "x"})), "« summary.by_kind.PER » n'est pas un nombre entier"),
    "summary_header_text": (header_change(_set("summary.header", "oui")), "« summary.header » n'est pas vrai ou faux"),
    "summary_seconds_text": (header_change(_set("summary.seconds", "1 s")), "« summary.seconds » n'est pas un nombre"),
    "summary_local_parts_missing": (header_change(_drop("summary.local_parts")), "« summary.local_parts » manquant"),
    "imported_at_number": (header_change(_set("imported_at", 12)), "« imported_at » n'est pas un texte"),
    "imported_at_missing": (header_change(_drop("imported_at")), "« imported_at » manquant"),
    "kinds_text": (header_change(_set("kinds", "PER")), "« kinds » n'est pas une liste"),
    "kinds_numbers": (header_change(_set("kinds", [1, 2])), "« kinds[0] » n'est pas un texte"),
    "source_size_text": (header_change(_set("source_size", "12 Mo")), "« source_size » n'est pas un nombre entier"),
    "source_mtime_null": (header_change(_set("source_mtime", None)), "« source_mtime » n'est pas un nombre entier"),
    "format_text": (header_change(_set("format", "2")), "« format » n'est pas un nombre entier"),
    "format_missing": (header_change(_drop("format")), "« format » manquant"),
    "byteorder_number": (header_change(_set("byteorder", 5)), "« byteorder » n'est pas un texte"),
    "byteorder_other": (header_change(_set("byteorder", "big" if sys.byteorder == "little" else "little")), "liste écrite sur une machine d'un autre ordre des octets"),
    "header_array": (raw_header(b"[1, 2, 3]"), "l'en-tête n'est pas un objet JSON"),
    "header_null": (raw_header(b"null"), "l'en-tête n'est pas un objet JSON"),
    "header_not_json": (raw_header(b'{"format": 2, "sections": '), "en-tête qui n'est pas du JSON valide"),
    "header_not_utf8": (raw_header(b'{"format": 2, "imported_at": "\xff\xfe"}'), "en-tête qui n'est pas de l'UTF-8 valide"),
    "header_deeply_nested": (raw_header(b"[" * 200_000 + b"]" * 200_000), "en-tête qui n'est pas du JSON valide"),
    "header_huge_integer": (_huge_int, "en-tête qui n'est pas du JSON valide"),
    "header_length_past_the_end": (lambda content: content[:8] + struct.pack("<I", 0xFFFFFF00) + content[12:], "fichier tronqué"),
    # the table of sections
    "entry_text": (header_change(_entry("addresses", 0, "0")), "section « addresses » mal décrite"),
    "entry_too_short": (header_change(_set("sections.addresses", [0, 10])), "section « addresses » mal décrite"),
    "entry_object": (header_change(_set("sections.addresses", {"offset": 0})), "section « addresses » mal décrite"),
    "entry_negative_length": (header_change(_entry("addresses", 1, -5)), "section « addresses » mal décrite"),
    "entry_float_offset": (header_change(_entry("addresses", 0, 0.5)), "section « addresses » mal décrite"),
    "entry_bool_offset": (header_change(_entry("addresses", 0, True)), "section « addresses » mal décrite"),
    "entry_unknown_kind": (header_change(_entry("addresses", 2, "float")), "section « addresses » mal décrite"),
    "entry_other_kind": (header_change(_entry("names", 2, "bytes")), "section « names » mal décrite"),
    "section_missing": (header_change(_drop("sections.group_starts")), "section « group_starts » absente"),
    "integer_section_of_odd_length": (header_change(_shorter("names", 2)), "section « names »"),
    "section_past_the_end": (header_change(_entry("addresses", 0, 10 ** 9)), "fichier tronqué"),
    "section_length_huge": (header_change(_entry("reversed", 1, 10 ** 30)), "fichier tronqué"),
    "sections_out_of_step": (header_change(_shorter("names", 4)), "sections incohérentes"),
    "more_offsets_than_rows": (header_change(_shorter("kinds", 1)), "sections incohérentes"),
    # the file itself
    "empty": (cut(0), "fichier tronqué"),
    "magic_only": (cut(5), "fichier tronqué"),
    "cut_in_the_header": (cut(40), "fichier tronqué"),
    "cut_in_the_sections": (lambda content: content[: len(content) // 2], "fichier tronqué"),
    "cut_by_ten_bytes": (lambda content: content[:-10], "fichier tronqué"),
    "not_a_list": (lambda content: b"not a directory, just some text\n" * 4, "ce n'est pas une liste d'adresses de balorg"),
}
"""Damage seen from the header alone: `status` reports it too."""

CONTENT_SHAPES: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "addresses_not_ascii": (section_bytes("addresses", lambda data: data.__setitem__(3, 0xFF)), "adresses"),
    "squashed_not_ascii": (section_bytes("squashed", lambda data: data.__setitem__(0, 0xE9)), "formes réduites"),
    "offsets_not_the_addresses": (section_bytes("address_offsets", lambda data: data.__setitem__(slice(-4, None), b"\xff\xff\xff\x7f")), "sections incohérentes"),
    "groups_not_the_rows": (section_bytes("group_starts", lambda data: data.__setitem__(slice(-4, None), b"\x01\x00\x00\x00")), "sections incohérentes"),
    "middle_lengths_not_the_groups": (section_bytes("middle_lengths", lambda data: data.__setitem__(slice(-4, None), b"\xff\x00\x00\x00")), "sections incohérentes"),
}
"""Damage inside the sections (the header is sound): `status` shows the list, loading it reports the damage."""

GARBAGE: dict[str, Callable[[bytes], bytes]] = {
    "group_numbers_out_of_range": section_bytes("reversed_groups", lambda data: data.__setitem__(slice(None), b"\xff" * len(data))),
    "middle_groups_out_of_range": section_bytes("middle_groups", lambda data: data.__setitem__(slice(None), b"\xfe" * len(data))),
    "bag_groups_out_of_range": section_bytes("bag_groups", lambda data: data.__setitem__(slice(None), b"\xfd" * len(data))),
    "group_starts_past_the_rows": section_bytes("group_starts", lambda data: data.__setitem__(slice(4, -4), b"\xff" * (len(data) - 8))),
    "names_out_of_range": section_bytes("names", lambda data: data.__setitem__(slice(None), b"\xff" * len(data))),
    "addresses_without_at": section_bytes("addresses", lambda data: data.__setitem__(slice(None), data.replace(b"@", b"_"))),
    "offsets_backwards": section_bytes("address_offsets", lambda data: data.__setitem__(slice(4, -4), bytes(reversed(data[4:-4])))),
}
"""Values that no cheap check at load time sees (every length is right): searching must still not fail."""


def _place(data: Path, content: bytes) -> Path:
    path = data / "directory.bin"
    path.write_bytes(content)
    return path


def _data() -> Path:
    return Path(os.environ["BALORG_DATA_DIR"])


def _assert_damaged(fragment: str, *, status: bool = True) -> None:
    """The three commands, and the wizard's loading, on the list now in the data folder."""
    commands: list[tuple[str, ...]] = [("directory", "check", LILAS), ("validate", str(CASE2))]
    if status:
        commands += [("directory", "status"), ("directory", "status", "--json")]
    results = run_all(*commands)
    for done in results:
        assert "Traceback" not in done.stderr + done.stdout, done.stderr
    check, validate = results[:2]
    assert check.returncode == CHECK_DAMAGED, check.stderr
    assert check.stderr.startswith("balorg directory : la liste importée "), check.stderr
    assert f"illisible ({fragment}" in check.stderr and ") : importez-la de nouveau." in check.stderr, check.stderr
    assert check.stdout == ""
    assert validate.returncode == 0, validate.stderr  # case 2 is valid: checked without the list
    assert validate.stderr.startswith("Annuaire des adresses ignoré : la liste importée "), validate.stderr
    assert f"illisible ({fragment}" in validate.stderr and "importez-la de nouveau" in validate.stderr
    assert "valide" in validate.stdout
    if status:
        shown, as_json = results[2:]
        assert shown.returncode == 1, shown.stdout + shown.stderr
        assert shown.stderr.startswith("balorg directory : la liste importée "), shown.stderr
        assert f"illisible ({fragment}" in shown.stderr and ") : importez-la de nouveau." in shown.stderr
        assert as_json.returncode == 1
        answer = json.loads(as_json.stdout)
        assert answer["loaded"] is False and fragment in answer["error"]
    _assert_wizard_goes_on(fragment, status=status)


def _assert_wizard_goes_on(fragment: str, *, status: bool) -> None:
    from wizard.store import directory
    from wizard.store.directory import DirectoryError, load_index, load_known

    told: list[DirectoryError] = []
    assert load_known(exports=False, damaged=told.append) is None  # the wizard starts without the list
    assert [e.code for e in told] == ["directory.damaged"] and fragment in told[0].params["reason"]
    with pytest.raises(DirectoryError) as caught:
        load_index()
    assert caught.value.code == "directory.damaged"
    if status:
        with pytest.raises(DirectoryError):
            directory.status()


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_list_of_the_wrong_shape_is_damaged_for_every_command(valid: bytes, shape: str) -> None:
    spoil, fragment = SHAPES[shape]
    _place(_data(), spoil(valid))
    _assert_damaged(fragment)


@pytest.mark.parametrize("shape", sorted(CONTENT_SHAPES))
def test_sections_that_do_not_fit_together_are_damaged_when_loaded(valid: bytes, shape: str) -> None:
    spoil, fragment = CONTENT_SHAPES[shape]
    _place(_data(), spoil(valid))
    shown = run_all(("directory", "status"))[0]
    assert shown.returncode == 0 and "Traceback" not in shown.stderr  # the header alone is sound
    _assert_damaged(fragment, status=False)


@pytest.mark.parametrize("shape", sorted(GARBAGE))
def test_garbage_values_never_make_a_search_fail(valid: bytes, shape: str) -> None:
    _place(_data(), GARBAGE[shape](valid))
    queries = (LILAS, "cabinet-des-lilas.93260@infirmier.mssante.fr", "cabinet-lilas-des.93260@medecin.mssante.fr",
               "cabinett-des-lilass.93260@medecin.mssante.fr", "jean.martin@medecin.mssante.fr", "cabinet-des-lilas")
    results = run_all(*[("directory", "check", query) for query in queries], ("validate", str(CASE2)))
    for done in results:
        assert "Traceback" not in done.stderr + done.stdout, done.stderr
        assert done.returncode in (0, 1), done.stderr
    from wizard.store.directory import load_index

    index = load_index()
    for query in queries:
        index.search(query)
        index.lookup(query)


@pytest.mark.parametrize("kind", ["pipe", "folder", "device"])
def test_a_pipe_a_folder_or_a_device_in_the_lists_place_is_damaged(tmp_path: Path, kind: str) -> None:
    path = _data() / "directory.bin"
    if kind == "pipe":
        os.mkfifo(path)
        fragment = "c'est un tube (pipe)"
    elif kind == "folder":
        path.mkdir()
        (path / "inside").write_text("x", encoding="utf-8")
        fragment = "c'est un dossier, pas un fichier"
    else:
        path.symlink_to("/dev/zero")
        fragment = "c'est un périphérique"
    _assert_damaged(fragment)


def test_a_link_to_nothing_is_no_list(tmp_path: Path) -> None:
    """A list whose place holds a dangling link: damaged too (it is not "never imported")."""
    (_data() / "directory.bin").symlink_to(tmp_path / "gone.bin")
    _assert_damaged("introuvable")


def test_a_list_as_written_is_sound(valid: bytes) -> None:
    """The spoilers above start from a list that every command reads."""
    _place(_data(), valid)
    status, check, validate = run_all(("directory", "status"), ("directory", "check", LILAS), ("validate", str(CASE2)))
    assert status.returncode == 0 and "Annuaire importé le" in status.stdout, status.stderr
    assert check.returncode == 1 and "existe déjà" in check.stdout, check.stderr
    assert validate.returncode == 1 and "existe déjà" in validate.stdout, validate.stdout
    assert split(join(*split(valid))) == split(valid)


def test_the_header_checks_know_every_field_of_the_summary() -> None:
    from dataclasses import fields

    from wizard.store.directory.format import SUMMARY_FIELDS, SUMMARY_LATER_FIELDS
    from wizard.store.directory.importer import ImportSummary

    assert set(SUMMARY_FIELDS) | set(SUMMARY_LATER_FIELDS) == {f.name for f in fields(ImportSummary)}
    assert not set(SUMMARY_FIELDS) & set(SUMMARY_LATER_FIELDS)


def test_a_list_imported_before_the_summary_said_its_processes_still_loads(valid: bytes) -> None:
    """A list of this format imported by an earlier balorg has no ``summary.processes``: it is used as it is (not
    "damaged": nobody has to import again); a header that has one of the wrong type is damaged."""
    header, body = split(valid)
    assert header["summary"]["processes"] in (1, 2)
    del header["summary"]["processes"]
    _place(_data(), join(header, body))
    status, check = run_all(("directory", "status", "--json"), ("directory", "check", LILAS))
    assert status.returncode == 0 and json.loads(status.stdout)["loaded"] is True, status.stdout + status.stderr
    assert check.returncode == 1 and "existe déjà" in check.stdout, check.stdout + check.stderr
    header["summary"]["processes"] = "deux"
    _place(_data(), join(header, body))
    _assert_damaged("« summary.processes » n'est pas un nombre entier", status=True)


def test_a_source_whose_name_is_not_utf8_is_imported_and_shown(tmp_path: Path) -> None:
    """The source's path goes into the header as JSON escapes: a name in another encoding is no failure."""
    name = os.fsdecode(os.fsencode(str(tmp_path)) + b"/extraction-\xe9t\xe9.txt")
    generate(name, 50, seed=3)
    imported, = run_all(("directory", "import", name))
    assert imported.returncode == 0 and "Traceback" not in imported.stderr, imported.stderr
    status, check = run_all(("directory", "status"), ("directory", "check", "jean.martin@medecin.mssante.fr"))
    assert status.returncode == 0 and "Traceback" not in status.stderr, status.stderr
    assert "extraction-" in status.stdout
    assert check.returncode in (0, 1) and "Traceback" not in check.stderr, check.stderr


async def test_the_wizard_starts_with_a_damaged_list(valid: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    """The wizard loads the known addresses in a worker: a damaged list is nothing known, not a failed worker."""
    from tests.tui_helpers import SIZE
    from wizard.app import BalOrgApp
    from wizard.store import directory

    _place(_data(), SHAPES["sections_empty_list"][0](valid))
    answers: list[object] = []
    real = directory.load_known

    def recording(*args: Any, **kwargs: Any) -> Any:
        try:
            answer = real(*args, **kwargs)
        except BaseException as exc:
            answers.append(exc)
            raise
        answers.append(answer)
        return answer

    monkeypatch.setattr(directory, "load_known", recording)
    app = BalOrgApp(file=str(CASE2))
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(400):  # the known addresses load a moment after the first frame (up to 20 s on a loaded machine)
            if answers:
                break
            await pilot.pause(0.05)
        assert answers == [None]
        assert app.is_running and app.known is None


# -- odd addresses, into the import ---------------------------------------------------------------------

ODD = [
    ("ORG", "_@cabinet.fr", "Sans lettre"), ("ORG", "--@cabinet.fr", "Sans lettre bis"), ("PER", ".@a-b.fr", ""),
    ("ORG", "_@-.-", "Ni lettre ni domaine"), ("ORG", "x@-.-", "Une lettre, pas de domaine"),
    ("ORG", "a@b.fr", "A"), ("ORG", "a.@c.fr", "A point"), ("CAB", "-a@b.fr", "Tiret a"), ("ORG", "ab@z.fr", "AB"),
    ("ORG", "a_b@z.fr", "A souligné B"), ("ORG", "a-b.93260@z.fr", "AB 93260"), ("APP", "9@z.fr", "Neuf"),
    ("ORG", "'quoted'@z.fr", "Guillemets"), ("ORG", "zz-top.des.lilas@z.fr", "ZZ des Lilas"),
    ("ORG", "lilas.des.zz-top@z.fr", "Lilas des ZZ"), ("ORG", "centre-de-sante-municipal-des-lilas-93260@z.fr", "Centre"),
]


INVALID = ["ab cd@z.fr", "abc@sans-point", "ab@@z.fr", "ab@z..fr", "qq@z.fr.", "xy@Z.fr\u00e9", "zz\u00e9t\u00e9@z.fr", "", "a", "ab",
           "qqqq-seule@", "qqqq@", "q\tq@z.fr"]
"""Addresses that are not: most with a letter or digit first and second (checked with their bucket, all at once),
some alone in their bucket (``qqqq``), some too short to have one."""


def _odd_extraction(path: Path) -> None:
    """A generated extraction, odd addresses in both halves, each twice (the second time with another name), and invalid ones."""
    generate(path, 3000, seed=11)
    lines = path.read_text(encoding="utf-8").splitlines()
    odd = [line(kind, address, name, "93260", "Les Lilas") for kind, address, name in ODD]
    again = [line(kind, address.upper(), "Autre nom", "75011", "Paris") for kind, address, _ in ODD]
    invalid = [line("ORG", address, f"Invalide {n}", "93260", "Les Lilas") for n, address in enumerate(INVALID)]
    middle = len(lines) // 2
    lines = (lines[:10] + odd[:8] + invalid + lines[10:middle] + again[:4] + odd[8:] + lines[middle:] + again[4:] + odd[:3]
             + invalid[::-1])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _model(path: Path) -> dict[str, Any]:
    """What the index must hold, computed the plain way: one Python object per address, one sort."""
    from wizard.store.directory import keys
    from wizard.store.directory.read import _STRIP, _VALID, COLUMNS

    first: dict[bytes, tuple[bytes, bytes]] = {}  # address: (kind, name), first occurrence
    skipped = 0
    for raw in path.read_bytes().split(b"\n")[1:]:
        parts = raw.split(b"|")
        if not (len(parts) == COLUMNS or (len(parts) == COLUMNS + 1 and not parts[COLUMNS].strip())):
            skipped += bool(raw.strip())
            continue
        address = parts[1].strip(_STRIP).lower()
        if _VALID.fullmatch(address):
            first.setdefault(address, (parts[0].strip(_STRIP).upper(), parts[18].strip(_STRIP)))
        else:
            skipped += 1

    def sort_key(address: bytes) -> bytes:
        local, _, domain = address.partition(b"@")
        return keys.squash(local) + b"\x01" + keys.squash(domain)

    ordered = sorted(first, key=sort_key)  # (stable: equal keys in file order)
    forms = [keys.squash(a.partition(b"@")[0]) for a in ordered]
    unique = sorted(set(forms))
    reversed_order = sorted(range(len(unique)), key=lambda g: unique[g][::-1])
    middle = sorted((g for g, f in enumerate(unique) if keys.MIDDLE_FROM - 2 <= len(f) <= keys.MIDDLE_LONGEST),
                    key=lambda g: keys.middle_keys([unique[g]])[0])
    bags: dict[bytes, set[int]] = {}
    for address in ordered:
        local = address.partition(b"@")[0]
        bag, form = keys.bag(local), keys.squash(local)
        if first[address][0] != b"PER" and bag and bag != form:
            bags.setdefault(bag, set()).add(unique.index(form))
    return {"addresses": ordered, "names": [first[a][1] for a in ordered], "kinds": [first[a][0] for a in ordered],
            "squashed": unique, "group_starts": [forms.index(f) for f in unique] + [len(forms)],
            "reversed": [unique[g][::-1] for g in reversed_order], "reversed_groups": reversed_order,
            "middle_groups": middle, "bags": {b: sorted(g) for b, g in bags.items()}, "skipped": skipped}


def _lines(blob: bytes) -> list[bytes]:
    return blob.split(b"\n")[:-1]


@pytest.mark.parametrize("fork", [False, True])
def test_odd_addresses_are_indexed_as_one_plain_sort_would(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fork: bool) -> None:
    """The import works bucket by bucket (no object per address): the result is what one plain sort gives."""
    from wizard.store.directory import read as directory_read
    from wizard.store.directory.format import unpack
    from wizard.store.directory.importer import import_extraction
    from wizard.store.directory.index import DirectoryIndex

    path = tmp_path / "extraction.txt"
    _odd_extraction(path)
    monkeypatch.setattr(directory_read, "_SPLIT_FROM", 0)
    if fork:
        from wizard.store.directory import importer as directory_importer

        monkeypatch.setattr(directory_read, "_second_processor", lambda: True)
        monkeypatch.setattr(directory_importer, "_FORK_FROM", 0)  # (the index's second half built aside too)
        monkeypatch.delenv("BALORG_NO_FORK", raising=False)
    else:
        monkeypatch.setenv("BALORG_NO_FORK", "1")
    content, summary = import_extraction(path)
    assert summary.processes == (2 if fork and hasattr(os, "fork") else 1)
    target = tmp_path / "directory.bin"
    target.write_bytes(content)
    meta, sections = unpack(target)
    want = _model(path)
    assert _lines(sections["addresses"]) == want["addresses"]
    assert summary.kept == len(want["addresses"]) and summary.duplicates == len(ODD) + 3
    assert summary.skipped == want["skipped"] >= 2 * len(INVALID)
    assert not any(b"invalide" in name.lower() for name in want["names"])
    names, offsets = sections["name_blob"], sections["name_offsets"]
    assert [names[offsets[c]:offsets[c + 1] - 1] for c in sections["names"]] == want["names"]  # each first occurrence's
    assert [meta["kinds"][c].encode() for c in sections["kinds"]] == want["kinds"]
    assert _lines(sections["squashed"]) == want["squashed"] and list(sections["group_starts"]) == want["group_starts"]
    assert _lines(sections["reversed"]) == want["reversed"] and list(sections["reversed_groups"]) == want["reversed_groups"]
    assert list(sections["middle_groups"]) == want["middle_groups"]
    bags, bag_offsets, starts, groups = sections["bags"], sections["bag_offsets"], sections["bag_starts"], sections["bag_groups"]
    found = {bags[bag_offsets[i]:bag_offsets[i + 1] - 1]: list(groups[starts[i]:starts[i + 1]]) for i in range(len(bag_offsets) - 1)}
    assert found == want["bags"]
    index = DirectoryIndex(meta, sections)
    for _, address, name in ODD:
        address = address.strip("'")  # (quotes around an address are dropped on reading)
        entry = index.exact(address)
        assert entry is not None and entry.structure == name, address  # the first copy's name, not "Autre nom"
        index.search(address)


_ADDRESSISH = st.text(alphabet="ab9.-_@\"' Z\u00e9\t", max_size=12).map(lambda text: text.encode())
"""Short strings of the characters that make an address or break one (the line break apart: it ends a line)."""


_LOCAL = st.one_of(st.text(alphabet="ab9.-_'\"", min_size=1, max_size=6).map(lambda text: text.encode()), _ADDRESSISH)
_LABELS = st.lists(st.one_of(st.text(alphabet="ab9-", min_size=1, max_size=4), st.text(alphabet="ab9-_Z\u00e9 ", max_size=4)),
                   min_size=1, max_size=3).map(lambda labels: ".".join(labels).encode())
"""Local parts and domains: as often right (the characters they take) as wrong (empty, or a character they do not take)."""


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_ADDRESSISH, st.builds(lambda local, domain: local + b"@" + domain, _LOCAL, _LABELS)), max_size=8))
@example([b"a@_.a", b"a@b.c_", b"\x7f@b.c", b"a@b.", b"a@.b", b"a.b@c.d", b"a@b@c.d", b"'a'@b.c", b"a b@c.d", b"a@b.c", b"@b.c", b"a@B.c"])
def test_addresses_checked_all_at_once_are_those_checked_one_by_one(addresses: list[bytes]) -> None:
    """A bucket's addresses are checked with one possessive expression over their blob: exactly the lines `_VALID` takes."""
    from wizard.store.directory.read import _VALID, _valid_lines

    blob = b"".join(address + b"\n" for address in addresses)
    assert list(_valid_lines(blob, len(addresses))) == [int(_VALID.fullmatch(address) is not None) for address in addresses]
