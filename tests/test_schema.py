"""The JSON Schemas: committed files equal what the models generate; exports validate against them."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest

from tests.conftest import EXAMPLES, REPO
from tests.factories import example
from wizard.model.schema import dumps, export_schema, input_schema, input_schema_path

EXPORT_SCHEMA_FILE = REPO / "schema" / "bal-org-request.v1.schema.json"


def test_committed_export_schema_matches_the_models() -> None:
    assert EXPORT_SCHEMA_FILE.read_text(encoding="utf-8") == dumps(export_schema()), (
        "schema drift: run `make schema` and review the change (operators rely on this file)"
    )


def test_shipped_input_schema_matches_the_models() -> None:
    assert input_schema_path().read_text(encoding="utf-8") == dumps(input_schema()), (
        "input schema drift: run `.venv/bin/python -m wizard.model.schema`"
    )


def test_balorg_schema_prints_the_committed_schema() -> None:
    out = subprocess.run([sys.executable, "-m", "wizard", "schema"], capture_output=True, check=True)
    assert out.stdout.decode("utf-8") == EXPORT_SCHEMA_FILE.read_text(encoding="utf-8")


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(export_schema())


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.json")))
def test_examples_validate_against_the_schema(name: str) -> None:
    data = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(export_schema()).validate(data)


def test_schema_requires_every_key_and_forbids_unknown_ones() -> None:
    validator = jsonschema.Draft202012Validator(export_schema())
    data = example(2)
    del data["mailboxes"][0]["annuaire"]
    assert not validator.is_valid(data)
    data = example(2)
    data["surprise"] = True
    assert not validator.is_valid(data)
    data = example(2)
    data["mailboxes"] = []
    assert not validator.is_valid(data)
