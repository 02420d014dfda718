"""The committed examples are what the code produces, and `balorg validate` accepts them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLES
from wizard.model.examples import EXAMPLES as BUILDERS
from wizard.model.examples import write_examples


def test_examples_are_regenerated_identically(tmp_path: Path) -> None:
    written = write_examples(tmp_path)
    assert sorted(p.name for p in written) == sorted(p.name for p in EXAMPLES.glob("*.json"))
    for path in written:
        assert path.read_bytes() == (EXAMPLES / path.name).read_bytes(), (
            f"{path.name} drifted: run `make examples` and review"
        )


def test_the_four_cases_of_the_sheet() -> None:
    case1 = BUILDERS["cas1-cabinet-infirmier.json"]()
    assert [(c.person, c.appointed_by) for c in case1.mailboxes[0].co_holders] == [
        ("p1", None), ("p2", "p1"), ("p3", "p2")]
    case2 = BUILDERS["cas2-cabinet-medical.json"]()
    assert case2.mailboxes[0].delegates[0].delegated_by == ["p1", "p2"]
    case4 = BUILDERS["cas4-ministere-interieur.json"]()
    assert len(case4.mailboxes) == 4
    assert {m.co_holders[0].person for m in case4.mailboxes} == {"p1"}
    functions = [tuple(d.function for d in m.delegates) for m in case4.mailboxes]
    assert len(set(functions)) == 4  # different delegates on each mailbox


def test_balorg_validate_accepts_every_example() -> None:
    files = sorted(str(p) for p in EXAMPLES.glob("*.json"))
    out = subprocess.run([sys.executable, "-m", "wizard", "validate", *files], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
