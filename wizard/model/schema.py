"""JSON Schemas generated from the pydantic models.

Two schemas, one source:

* the **export schema** (``schema/bal-org-request.v1.schema.json``, committed,
  printed by `balorg schema`): the operators' contract, every key required;
* the **input schema** (``wizard/model/request.input.schema.json``, shipped):
  what the models accept on input, drafts included, walked by
  :mod:`wizard.model.structural` so that `balorg validate` need not import
  pydantic's model machinery.

Tests fail when either committed file drifts from what the models generate.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from wizard.model.request import Request

SCHEMA_ID = "urn:balorg:schema:bal-org-request:v1"


def export_schema() -> dict[str, Any]:
    """The JSON Schema of an exported request file, format v1."""
    schema = Request.model_json_schema(mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "title": "Demande d'ouverture de BAL ORG MSSanté (format v1)",
        "description": (
            "Requête exportée par balorg pour un opérateur MSSanté : structure sans FINESS, "
            "cotitulaires, délégataires, adresse, usage. Voir spec/request-v1.md."
        ),
    }


def input_schema() -> dict[str, Any]:
    """The JSON Schema of what the models accept on input (drafts: most keys optional)."""
    return Request.model_json_schema(mode="validation")


def dumps(schema: dict[str, Any]) -> str:
    """The canonical text of a schema file (stable key order, trailing newline)."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def input_schema_path() -> Path:
    """Where the shipped input schema lives in the source tree."""
    return Path(__file__).with_name("request.input.schema.json")


if __name__ == "__main__":  # regenerate the shipped input schema: python -m wizard.model.schema
    input_schema_path().write_text(dumps(input_schema()), encoding="utf-8")
