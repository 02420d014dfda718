"""Keystroke to frame in the Rôles step's professional dialog, with and without the public lists loaded.

Issue 13's target: the dialog's keystroke-to-frame unchanged within 10 % once the RPPS
directory and the MSSanté address list are imported (each key typed into the RPPS field
looks the number up and, for a listed RPPS, says who the directory lists and offers the
identity). The same 110 keys (an RPPS of the list typed digit by digit, then erased, five
times) are timed from the key event to the first frame written after it, in a data folder
without lists and in one with both lists imported, interleaved in the same run.

The lists are generated (bench/gen_rpps.py, bench/gen_extraction.py): ``--rpps-lines``
(default 2,500,000, the issue's size; a smaller figure for a quick run) and
``--address-lines`` (default 535,928, the real list's size). Run:
``.venv/bin/python bench/bench_tui_facts.py [--rpps-lines N] [--address-lines N]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.bench_tui_steps import Painted, _settle, p95, show  # noqa: E402
from wizard.app import BalOrgApp  # noqa: E402

CASE2 = REPO / "examples" / "cas2-cabinet-medical.json"


def prepare(folder: Path, rpps_lines: int, address_lines: int) -> str:
    """Both lists generated and imported into `folder`; returns an RPPS the directory lists."""
    from bench.gen_extraction import generate as addresses
    from bench.gen_rpps import generate as rpps
    from wizard.store.directory import import_any

    source = folder / "src"
    source.mkdir()
    rpps_file = source / "PS_LibreAcces_Personne_activite_202612010930.txt"
    rpps(rpps_file, rpps_lines, seed=13)
    import_any(rpps_file, folder=folder)
    number = listed_rpps(rpps_file, folder)
    rpps_file.unlink()
    address_file = source / "Extraction_Correspondance_MSSante_202611300800.txt"
    addresses(address_file, address_lines, seed=13)
    import_any(address_file, folder=folder)
    address_file.unlink()
    return number


def listed_rpps(source: Path, folder: Path) -> str:
    """An RPPS of the generated file, from its middle, that the imported directory holds."""
    from wizard.store.directory import load_rpps

    index = load_rpps(folder)
    assert index is not None
    with open(source, "rb") as handle:
        handle.seek(source.stat().st_size // 2)
        handle.readline()
        for line in handle:
            fields = line.split(b"|")
            if len(fields) > 2 and fields[0] == b"8" and index.who(fields[1].decode()) is not None:
                return fields[1].decode()
    raise RuntimeError("no listed RPPS found")


async def dialog_keys(folder: Path, number: str) -> list[float]:
    os.environ["BALORG_DATA_DIR"] = str(folder)
    app = BalOrgApp(file=str(CASE2), tune_gc=True)
    app.animation_level = "none"
    painted = Painted(app)
    times = []
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        for _ in range(200):  # the lists load in the background after the first frame
            if app.known is not None or not (folder / "rpps.bin").exists():
                break
            await asyncio.sleep(0.02)
        app.goto("roles")
        await _settle(pilot)
        app.screen.panel.query_one("#people-add").press()
        await _settle(pilot)
        field = app.screen.query_one("#f-c-rpps")
        field.cursor_blink = False  # type: ignore[attr-defined]
        field.focus()
        await _settle(pilot)
        for _ in range(5):
            for key in [*number, *["backspace"] * len(number)]:
                times.append(await painted.key_to_frame(app, key))
                await _settle(pilot)
        says = app.screen.query("#directory-says")
        if (folder / "rpps.bin").exists():
            assert says, "the dialog did not look the RPPS up"
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rpps-lines", type=int, default=2_500_000)
    parser.add_argument("--address-lines", type=int, default=535_928)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as bare, tempfile.TemporaryDirectory() as full:
        print(f"generating and importing {args.rpps_lines:,} RPPS lines and {args.address_lines:,} addresses...")
        number = prepare(Path(full), args.rpps_lines, args.address_lines)
        without: list[float] = []
        loaded: list[float] = []
        for _ in range(2):  # interleaved: the machine's drift touches both alike
            without += asyncio.run(dialog_keys(Path(bare), number))
            loaded += asyncio.run(dialog_keys(Path(full), number))
    print("keystroke to frame, Rôles' professional dialog, RPPS field (headless, 80x24, case 2):")
    show("without the lists", without)
    show("with both lists loaded", loaded)
    ratio = p95(loaded) / p95(without)
    median = statistics.median(loaded) / statistics.median(without)
    print(f"  p95 ratio with/without: {ratio:.2f}x, p50 ratio {median:.2f}x (target: within 10 %: "
          f"{'ok' if ratio <= 1.10 else 'MISSED'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
