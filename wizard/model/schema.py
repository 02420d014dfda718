"""JSON Schemas generated from the pydantic models.

Two schemas, one source:

* the **export schema** (``schema/bal-org-request.v1.schema.json``, committed,
  shipped as package ``wizard.schema``, printed by `balorg schema` and walked by
  `balorg validate`): the operators' contract. Every key is required, and the
  fields the export always derives (``exported_at``, ``generator``,
  ``idnat_struct``, ``department``, ``region``, ``outcome``, ``advice``, each
  mailbox's ``address`` and ``annuaire``) are never null there: the models
  allow null for them only because a draft has not derived them yet;
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

_ANNUAIRE = {
    "type": "object",
    "description": (
        "ContactPoint FHIR de profil as-mailbox-mss (Annuaire Santé) : system email, value l'adresse, "
        "extension du type de messagerie MSSANTE et extension as-ext-mailbox-mss-metadata "
        "(type ORG, description, responsible, service, listeRouge)."
    ),
    "properties": {
        "system": {"const": "email"},
        "value": {"type": "string"},
        "extension": {
            "type": "array",
            "minItems": 2,
            "items": {"type": "object", "properties": {"url": {"type": "string"}}, "required": ["url"]},
        },
    },
    "required": ["system", "value", "extension"],
}

EXPORTED: dict[str, dict[str, dict[str, Any]]] = {
    "Request": {
        "exported_at": {"type": "string", "format": "date-time"},
        "generator": {"$ref": "#/$defs/Generator"},
    },
    "Structure": {
        "idnat_struct": {"type": "string", "pattern": "^[1-4][0-9AB]{9,14}$"},
        "department": {"type": "string"},
        "region": {"type": "string"},
    },
    "Eligibility": {
        "outcome": {"enum": ["eligible", "finess_route"], "type": "string"},
        "advice": {"type": "array", "items": {"type": "string"}},
    },
    "Mailbox": {
        "address": {"type": "string", "maxLength": 254},
        "annuaire": _ANNUAIRE,
    },
}
"""The derived fields as an export always writes them (never null), by model and key.

A structure's identifier is required too (an ORG mailbox is attached to its
structure's idNat_Struct in the Annuaire): ``idnat_struct`` is never null in a
file an operator receives.
"""


def export_schema() -> dict[str, Any]:
    """The JSON Schema of an exported request file, format v1."""
    schema = Request.model_json_schema(mode="serialization")
    for model, overrides in EXPORTED.items():
        properties = schema["properties"] if model == "Request" else schema["$defs"][model]["properties"]
        for key, exported in overrides.items():
            title = {k: v for k, v in properties[key].items() if k in ("title", "description")}
            properties[key] = {**exported, **title}
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


def export_schema_path() -> Path:
    """Where the committed export schema lives in the source tree (shipped as package ``wizard.schema``)."""
    return Path(__file__).resolve().parents[2] / "schema" / EXPORT_SCHEMA_FILE


EXPORT_SCHEMA_FILE = "bal-org-request.v1.schema.json"


if __name__ == "__main__":  # regenerate both schemas (`make schema`): python -m wizard.model.schema
    input_schema_path().write_text(dumps(input_schema()), encoding="utf-8", newline="\n")
    export_schema_path().write_text(dumps(export_schema()), encoding="utf-8", newline="\n")
