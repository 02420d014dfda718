"""Known addresses ranked as a person would (issue 10): each kind of closeness in the first three.

The list is the benchmark's: 600,000 generated rows (bench/gen_extraction.py,
seed 1) plus the planted originals of :data:`bench.gen_extraction.CONFUSIONS`
and their look-alikes (the same name at other operators, numbered namesakes),
which the old ranking, one fuzzy ratio for all, put before the original. It is
generated and imported once for the module (about 15 s); nothing is downloaded.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from rapidfuzz.distance import OSA

from bench.gen_extraction import CONFUSION_KINDS, CONFUSIONS, LILAS, RESEAU, VASSEUR, Confusion, generate, planted_rows
from tests.conftest import REPO
from wizard.store.directory import DirectoryError, import_file, keys, load_index
from wizard.store.directory.index import DirectoryIndex
from wizard.store.directory.known import Extra, Known

ROWS = 600_000

REASON = {
    "slip": "typo",
    "separators": "separators",
    "postal_code": "number",
    "no_postal_code": "number",
    "order": "order",
    "short_word": "short_word",
    "domain": "domain",
    "two_slips": "typo",
}
"""The reason each kind of closeness is reported with (``balorg directory check`` shows it)."""


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> DirectoryIndex:
    """The 600,000-row list with the planted originals, imported once."""
    folder = tmp_path_factory.mktemp("ranking")
    path = folder / "Extraction_Correspondance_MSSante.txt"
    generate(path, ROWS, seed=1, extra=planted_rows())
    import_file(path, folder=folder / "data")
    path.unlink()  # 120 MB: not kept for the rest of the run
    index = load_index(folder / "data")
    assert index is not None and len(index) > 590_000
    return index


@pytest.mark.parametrize("confusion", CONFUSIONS, ids=lambda c: f"{c.kind}:{c.query.split('@')[0]}")
def test_each_kind_of_closeness_finds_its_original_in_the_first_three(big: DirectoryIndex, confusion: Confusion) -> None:
    result = big.search(confusion.query)
    assert result.exact is None
    shown = [m.entry.address for m in result.close]
    assert confusion.original in shown[:3], (confusion, shown)
    found = result.close[shown.index(confusion.original)]
    assert REASON[confusion.kind] in found.reasons
    scores = [m.score for m in result.close]
    assert scores == sorted(scores, reverse=True)  # the score follows the ranking


def test_every_kind_of_closeness_is_planted() -> None:
    assert {c.kind for c in CONFUSIONS} == set(CONFUSION_KINDS)
    assert len(CONFUSION_KINDS) == 8


def test_same_domain_first_when_equally_close(big: DirectoryIndex) -> None:
    """A dropped postal code and another domain are one step each: the same domain wins the tie."""
    result = big.search("cabinet-des-lilas@medecin.mssante.fr")
    first, *others = result.close[:4]
    assert (first.entry.address, first.reasons) == (LILAS, ("number",))
    assert {m.entry.address for m in others} == {f"cabinet-des-lilas@{d}.mssante.fr" for d in ("pharmacien", "pro", "sage-femme")}
    assert all(m.reasons == ("domain",) and m.score < first.score for m in others)


def test_same_name_elsewhere_before_numbered_namesakes(big: DirectoryIndex) -> None:
    """``ghislaine.vasseur2`` is another person numbered by the operator: a slip away, not a step."""
    close = big.search("ghislaine.vasseur@medecin.mssante.fr").close
    assert close[0].entry.address == VASSEUR
    assert [m.entry.address for m in close[1:4]] == [f"ghislaine.vasseur{n}@medecin.mssante.fr" for n in (2, 3, 4)]
    assert all(m.reasons == ("number",) for m in close[1:4])


def test_fewer_differences_first(big: DirectoryIndex) -> None:
    close = big.search("reseau-cancerologie.villeurbane@pro.mssante.fr").close
    assert close[0].entry.address == RESEAU and close[0].score == 84  # one slip
    two = big.search("reseua-cancerologie.villeurbane@pro.mssante.fr").close
    assert two[0].entry.address == RESEAU and two[0].score < close[0].score
    order = big.search("lilas-cabinet.93260@medecin.mssante.fr").close  # another order and a dropped "des"
    assert order[0].entry.address == LILAS and order[0].reasons == ("order", "short_word")
    assert big.search("cabinet-lilas.93260@medecin.mssante.fr").close[0].score > order[0].score


def test_the_exact_match_is_reported_apart(big: DirectoryIndex) -> None:
    result = big.search(LILAS)
    assert result.exact is not None and result.exact.address == LILAS
    assert LILAS not in [m.entry.address for m in result.close]
    assert result.close and all(m.score < 100 for m in result.close)


def test_two_slips_far_apart_in_generated_names(big: DirectoryIndex) -> None:
    """One slip in the first quarter and one in the last, in names of 12 letters or more: always found."""
    rng = random.Random(8)
    names = [big.entry(row).address for row in rng.sample(range(len(big)), 4000)]
    names = [a for a in names if len(keys.squash(a.split("@")[0].encode())) >= 14][:200]
    assert len(names) == 200
    tried = 0
    for address in names:
        local, domain = address.split("@")
        quarter = len(local) // 4
        slipped = _slip(_slip(local, rng, len(local) - quarter, len(local)), rng, 0, quarter)
        squashed, original = keys.squash(slipped.encode()), keys.squash(local.encode())
        if slipped.strip(".-") != slipped or len(squashed) < 12 or OSA.distance(squashed, original) > 2:
            continue  # (a slip on a separator may leave fewer letters, or a swap across it count as two)
        assert address in [m.entry.address for m in big.close(f"{slipped}@{domain}", limit=400)], (address, slipped)
        tried += 1
    assert tried > 150


def _slip(text: str, rng: random.Random, low: int, high: int) -> str:
    """`text` with one slip at a position in [low, high): a letter dropped, doubled, replaced, or two swapped."""
    i = min(rng.randrange(low, max(low + 1, high)), len(text) - 2)
    edit = rng.choice(("drop", "double", "replace", "swap"))
    if edit == "drop":
        return text[:i] + text[i + 1 :]
    if edit == "double":
        return text[:i] + text[i] + text[i:]
    if edit == "replace":
        return text[:i] + ("x" if text[i] != "x" else "y") + text[i + 1 :]
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


# -- what the Name step shows -----------------------------------------------------------------------


def test_lookup_gives_the_three_nearest_with_the_original(big: DirectoryIndex) -> None:
    known = Known(big)
    for confusion in CONFUSIONS:
        exact, close = known.lookup(confusion.query)
        assert exact is None
        assert len(close) <= 3
        assert confusion.original in [address for address, _ in close], confusion


def test_the_name_steps_warning_names_the_original(big: DirectoryIndex) -> None:
    from tests.factories import example
    from wizard.model.rules import check

    for local_part, original, structure in (
        ("cabinet-des-lilas", LILAS, "Cabinet médical des Lilas"),  # the postal code dropped
        ("ghislaine.vasseur", VASSEUR, ""),  # the same name at another operator
    ):
        data = example(2)
        assert data["mailboxes"][0]["domain"] == "medecin.mssante.fr"
        data["mailboxes"][0]["local_part"] = local_part
        warnings = [f for f in check(data, known=Known(big)) if f.code == "mailbox.address.close"]
        assert len(warnings) == 1
        assert original in warnings[0].message
        if structure:
            assert f"{original} ({structure})" in warnings[0].message


def test_an_exported_request_is_ranked_among_the_list(big: DirectoryIndex) -> None:
    """Extra addresses follow the same ranking: a separators-only twin comes before a dropped postal code."""
    known = Known(big, [Extra("cabinetdeslilas@medecin.mssante.fr", "Demande exportée", "r1")])
    close = known.search("cabinet-des-lilas@medecin.mssante.fr").close
    assert [m.entry.address for m in close[:2]] == ["cabinetdeslilas@medecin.mssante.fr", LILAS]
    assert close[0].entry.source == "export" and close[0].reasons == ("separators",)
    assert known.without("r1").search("cabinet-des-lilas@medecin.mssante.fr").close[0].entry.address == LILAS


# -- the packed format --------------------------------------------------------------------------------


def test_a_list_of_the_previous_format_asks_for_a_new_import(tmp_path: Path) -> None:
    from wizard.store.directory import format as directory_format

    now, before = directory_format.FORMAT, directory_format.FORMAT - 1
    path = tmp_path / "directory.bin"
    packed = directory_format.pack({"summary": {}}, {"addresses": b"a@b.mssante.fr\n"})
    path.write_bytes(packed.replace(b'"format": %d' % now, b'"format": %d' % before))
    with pytest.raises(DirectoryError) as caught:
        load_index(tmp_path)
    assert caught.value.code == "directory.damaged"  # "... illisible (liste au format 1, cette version lit le format 2) ..."
    assert f"format {before}, cette version lit le format {now}" in caught.value.params["reason"]


# -- balorg directory check, as a user runs it --------------------------------------------------------


def _balorg(*args: str) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("balorg")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "wizard"]
    return subprocess.run([*command, *args], capture_output=True, text=True, cwd=REPO, env=os.environ.copy(), timeout=120, check=False)


def test_directory_check_ranks_each_kind_in_its_first_three(tmp_path: Path) -> None:
    path = tmp_path / "extraction.txt"
    generate(path, 3000, seed=4, extra=planted_rows())
    data = tmp_path / "data"
    assert _balorg("--data-dir", str(data), "directory", "import", str(path)).returncode == 0
    for confusion in CONFUSIONS:
        done = _balorg("--data-dir", str(data), "directory", "check", "--json", confusion.query)
        assert done.returncode == 0, done.stderr  # free: not an existing address
        result = json.loads(done.stdout)
        assert result["exact"] is None
        first = [m["address"] for m in result["close"][:3]]
        assert confusion.original in first, (confusion, first)
    done = _balorg("--data-dir", str(data), "directory", "check", "cabinet-des-lilas@medecin.mssante.fr")
    lines = done.stdout.splitlines()
    assert lines[1] == "Adresses proches :"
    assert LILAS in lines[2] and "[autre code postal ou numéro]" in lines[2]
    assert "[autre domaine]" in lines[3]
