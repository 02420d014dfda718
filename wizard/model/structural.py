"""Type and key checks of request JSON, driven by the JSON Schema generated from the models.

`balorg validate` must start fast, and importing pydantic's model machinery
alone costs more than the whole budget, so the structural check walks the
*input* schema that :mod:`wizard.model.schema` generates from the pydantic
models (shipped as ``request.input.schema.json``, kept in step by a drift
test, and cross-checked against pydantic by a property test). Only what the
models enforce is checked here: types, enums, constants, required and unknown
keys. Everything else is a rule in :mod:`wizard.model.rules`.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from importlib.resources import files
from typing import Any

from wizard.model.findings import Finding, error, join

INPUT_SCHEMA = "request.input.schema.json"

_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "boolean": (bool,),
    "null": (type(None),),
}
_TYPE_NAMES = {
    "object": "objet",
    "array": "liste",
    "string": "texte",
    "boolean": "booléen",
    "integer": "entier",
    "null": "null",
}


@cache
def input_schema() -> dict[str, Any]:
    """The shipped input schema (generated from :class:`wizard.model.request.Request`)."""
    return json.loads(files("wizard.model").joinpath(INPUT_SCHEMA).read_text(encoding="utf-8"))


def check_structure(value: Any) -> list[Finding]:
    """Findings for every type, enum, constant, missing or unknown key in `value`.

    An empty list means the models will accept `value`. Keys a draft may omit
    are filled in place with the models' defaults, so that the rules can read
    every key.
    """
    schema = input_schema()
    out: list[Finding] = []
    _walk(value, schema, schema["$defs"], "", out)
    return out


def _is_type(value: Any, name: str) -> bool:
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, _TYPES[name]) and not (name != "boolean" and isinstance(value, bool))


def _walk(value: Any, schema: dict[str, Any], defs: dict[str, Any], path: str, out: list[Finding]) -> None:
    ref = schema.get("$ref")
    if ref is not None:
        schema = defs[ref.rsplit("/", 1)[1]]
    any_of = schema.get("anyOf")
    if any_of is not None:
        branch = _pick_branch(value, any_of, defs)
        if branch is None:
            expected = " ou ".join(_describe(b, defs) for b in any_of)
            out.append(error("schema.type", path or "$", expected=expected))
            return
        _walk(value, branch, defs, path, out)
        return
    if "const" in schema:
        if value != schema["const"] or type(value) is not type(schema["const"]):
            out.append(error("schema.const", path or "$", expected=json.dumps(schema["const"])))
        return
    if "enum" in schema:
        if not isinstance(value, str) or value not in schema["enum"]:
            out.append(error("schema.enum", path or "$", value=_short(value), allowed=", ".join(schema["enum"])))
        return
    kind = schema.get("type")
    if kind is not None and not _is_type(value, kind):
        out.append(error("schema.type", path or "$", expected=_TYPE_NAMES.get(kind, kind)))
        return
    if kind == "object":
        props: dict[str, Any] = schema.get("properties", {})
        for key in schema.get("required", ()):
            if key not in value:
                out.append(error("schema.required", join(path, key)))
        if schema.get("additionalProperties") is False:
            for key in value:
                if key not in props:
                    out.append(error("schema.unknown_key", join(path, str(key)), key=_short(key)))
        for key, sub in props.items():
            if key in value:
                _walk(value[key], sub, defs, join(path, key), out)
            elif "default" in sub:
                value[key] = copy.deepcopy(sub["default"])
            else:
                filler = _empty(sub, defs)
                if filler is not None:
                    value[key] = filler
                    _walk(filler, sub, defs, join(path, key), out)
    elif kind == "array":
        items = schema.get("items")
        if items is not None:
            for index, item in enumerate(value):
                _walk(item, items, defs, join(path, index), out)


def _empty(schema: dict[str, Any], defs: dict[str, Any]) -> Any:
    """The empty value of a type: what a default factory gives (``{}`` then filled, ``[]``, ``""``)."""
    if "$ref" in schema:
        schema = defs[schema["$ref"].rsplit("/", 1)[1]]
    return {"object": dict, "array": list, "string": str}.get(schema.get("type", ""), lambda: None)()


def _pick_branch(value: Any, branches: list[dict[str, Any]], defs: dict[str, Any]) -> dict[str, Any] | None:
    """The anyOf branch `value` belongs to, judged by its JSON type (pydantic's unions here are `X | None`)."""
    for branch in branches:
        target = defs[branch["$ref"].rsplit("/", 1)[1]] if "$ref" in branch else branch
        kind = target.get("type")
        if kind is None and "enum" in target:
            kind = "string"
        if kind is None and "const" in target:
            return branch if value == target["const"] else None
        if kind is not None and _is_type(value, kind):
            return branch
    return None


def _describe(schema: dict[str, Any], defs: dict[str, Any]) -> str:
    if "$ref" in schema:
        schema = defs[schema["$ref"].rsplit("/", 1)[1]]
    kind = schema.get("type", "texte" if "enum" in schema else "?")
    return _TYPE_NAMES.get(kind, kind)


def _short(value: Any, limit: int = 40) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)[:limit + 1]
    return text if len(text) <= limit else text[: limit - 1] + "…"
