"""The wheel: built, installed in a fresh venv, `balorg validate` run from outside the repo.

Offline: the wheel is built without build isolation, and the fresh venv gets
its dependencies by a path entry to the development venv's site-packages
(whose editable install of balorg is not activated there), so nothing is
downloaded and the `wizard` package imported is the wheel's own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet", "-w", str(out), str(REPO)],
        check=True, capture_output=True, timeout=300, cwd=out,
    )
    [built] = list(out.glob("balorg-*.whl"))
    return built


def test_wheel_ships_data_schema_and_styles(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "wizard/data/professions.json",
        "wizard/data/territories.json",
        "wizard/data/grades.json",
        "wizard/data/presets.json",
        "wizard/data/generic_names.json",
        "wizard/model/request.input.schema.json",
        "wizard/cli.py",
    ):
        assert required in names, required
    assert not [n for n in names if n.startswith("tests/")]
    # pyproject.toml lists packages by hand (wizard.data is mapped from data/): none may be forgotten.
    for init in (REPO / "wizard").rglob("__init__.py"):
        if "__pycache__" not in init.parts:
            assert str(init.relative_to(REPO)) in names, f"{init.parent} missing from pyproject's packages"


def test_installed_wheel_validates_examples_from_outside_the_repo(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    purelib = Path(subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True).stdout.strip())
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(purelib)  # a wheel is a zip laid out for site-packages
    dev_site = sysconfig.get_paths()["purelib"]
    (purelib / "zz-dev-deps.pth").write_text(dev_site + "\n", encoding="utf-8")
    script = venv / "bin" / "balorg"
    script.write_text(f"#!{venv}/bin/python\nfrom wizard.cli import main\nraise SystemExit(main())\n")
    script.chmod(0o755)

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    for example in EXAMPLES.glob("*.json"):
        (outside / example.name).write_bytes(example.read_bytes())
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    where = subprocess.run([str(venv / "bin" / "python"), "-c", "import wizard; print(wizard.__file__)"],
                           capture_output=True, text=True, cwd=outside, env=env, check=True).stdout
    assert where.startswith(str(purelib)), where
    out = subprocess.run([str(script), "validate", "--json", *sorted(p.name for p in outside.glob("*.json"))],
                         capture_output=True, text=True, cwd=outside, env=env, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert len(json.loads(out.stdout)) == 4
