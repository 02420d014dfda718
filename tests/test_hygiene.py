"""Layer boundaries: the model and the store never import textual; `validate` stays light."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import EXAMPLES, REPO

IMPORT_ALL = """
import importlib, json, pkgutil, sys
import wizard.model, wizard.store
names = []
for package in (wizard.model, wizard.store):
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(info.name)
        names.append(info.name)
print(json.dumps({"modules": names, "textual": sorted(m for m in sys.modules if m.split(".")[0] == "textual")}))
"""


def _python(code: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=REPO, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_model_and_store_never_import_textual() -> None:
    result = _python(IMPORT_ALL)
    assert "wizard.model.rules" in result["modules"]
    assert result["textual"] == []


def test_no_textual_import_statement_in_model_or_store() -> None:
    for layer in ("model", "store"):
        for path in (REPO / "wizard" / layer).rglob("*.py"):
            for line in path.read_text(encoding="utf-8").splitlines():
                stripped = line.strip()
                assert not stripped.startswith(("import textual", "from textual")), f"{path}: {line}"


VALIDATE = """
import contextlib, io, json, sys
from wizard.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(["validate", sys.argv[1]])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def test_validate_path_imports_neither_textual_nor_pydantic_models() -> None:
    result = _python(VALIDATE, str(EXAMPLES / "cas2-cabinet-medical.json"))
    assert result["code"] == 0
    modules = set(result["modules"])
    assert not {m for m in modules if m.split(".")[0] == "textual"}
    # The models' machinery is what makes start-up slow; the validate path walks the generated schema.
    assert "pydantic.main" not in modules
    assert "wizard.model.request" not in modules


def test_other_subcommands_do_not_import_textual() -> None:
    code = """
import contextlib, io, json, sys
from wizard.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    main(["schema"])
print(json.dumps({"modules": sorted(sys.modules)}))
"""
    modules = _python(code)["modules"]
    assert not [m for m in modules if m.split(".")[0] == "textual"]
