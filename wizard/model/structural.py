"""Type and key checks of request JSON, driven by the JSON Schema generated from the models.

`balorg validate` must start fast, and importing pydantic's model machinery
alone costs more than its whole budget, so the structural check walks the
*input* schema that :mod:`wizard.model.schema` generates from the pydantic
models (shipped as ``request.input.schema.json``, kept in step by a drift
test, and cross-checked against pydantic by a property test). Only what the
models enforce is checked here: types, enums, constants, required and unknown
keys. Everything else is a rule in :mod:`wizard.model.rules`.

Two readings, two schemas: a **draft** is read with the input schema (keys it
omits are filled with the models' defaults); an **exported request** is read
with the committed export schema (package ``wizard.schema``), where every key
is required and the derived fields are never null: a file that the operators'
schema rejects is never a valid exported request.

The schema is compiled once into closures: validation runs per keystroke in
the wizard and thousands of times a second in `validate`. Paths are kept as
tuples and turned into text only when a finding is made.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from functools import cache, partial
from typing import Any

from wizard.model.data import read_json
from wizard.model.findings import Finding, error
from wizard.model.i18n import get_language, t

INPUT_SCHEMA = "request.input.schema.json"
EXPORT_SCHEMA = "bal-org-request.v1.schema.json"

Path = tuple[str | int, ...]
Check = Callable[[Any, Path, list[Finding]], None]

_PY_TYPES: dict[str, Callable[[Any], bool]] = {
    "object": lambda v: type(v) is dict,
    "array": lambda v: type(v) is list,
    "string": lambda v: type(v) is str,
    "boolean": lambda v: type(v) is bool,
    "integer": lambda v: type(v) is int,
    "null": lambda v: v is None,
}
_TYPE_NAMES = {
    "object": ("un objet", "an object"),
    "array": ("une liste", "a list"),
    "string": ("un texte", "a text"),
    "boolean": ("true ou false", "true or false"),
    "integer": ("un nombre entier", "an integer"),
    "null": ("null", "null"),
}
_OR = {"or": (" ou ", " or ")}
_WHAT: dict[Any, tuple[str, str]] = {
    # What an object or a list of the format holds, by its key (an item of a list: by the list's key and 0).
    (): ("une demande BAL ORG", "a BAL ORG request"),
    "generator": ("le programme qui a écrit le fichier", "the program that wrote the file"),
    "structure": ("les informations de la structure", "the structure's details"),
    "identifier": ("l'identifiant de la structure : type et valeur", "the structure's identifier: type and value"),
    "address": ("l'adresse postale", "the postal address"),
    "lines": ("les lignes de l'adresse", "the address lines"),
    "eligibility": ("les réponses d'éligibilité", "the eligibility answers"),
    "advice": ("les conseils", "the advice"),
    "people": ("les professionnels", "the professionals"),
    ("people", 0): ("un professionnel", "a professional"),
    "credentials": ("les moyens d'authentification : cps, e-cps", "the credentials: cps, e-cps"),
    "mailboxes": ("les BAL", "the mailboxes"),
    ("mailboxes", 0): ("une BAL", "a mailbox"),
    "co_holders": ("les cotitulaires", "the co-holders"),
    ("co_holders", 0): ("un cotitulaire", "a co-holder"),
    "delegates": ("les délégataires", "the delegates"),
    ("delegates", 0): ("un délégataire", "a delegate"),
    "rights": ("les droits : read, send", "the rights: read, send"),
    "delegated_by": ("les cotitulaires qui délèguent", "the co-holders who delegate"),
    "annuaire": ("la fiche de l'annuaire", "the directory entry"),
    "usage": ("l'organisation de l'usage", "the use plan"),
    "exchanged": ("ce qui est échangé", "what is exchanged"),
    "checklist": ("la liste de vérification", "the checklist"),
    "acknowledgements": ("les engagements", "the acknowledgements"),
    "contact": ("le contact", "the contact"),
    "advisor": ("le conseiller", "the advisor"),
}


def path_text(path: Path) -> str:
    """``("mailboxes", 0, "local_part")`` → ``"mailboxes[0].local_part"``; the root is ``"$"``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out or "$"


@cache
def input_schema() -> dict[str, Any]:
    """The shipped input schema (generated from :class:`wizard.model.request.Request`)."""
    return read_json(os.path.dirname(__file__), INPUT_SCHEMA)


def _schema_folder() -> str:
    import wizard.schema

    return os.path.dirname(wizard.schema.__file__)


def export_schema_text() -> str:
    """The committed export schema, as shipped (what `balorg schema` prints)."""
    with open(os.path.join(_schema_folder(), EXPORT_SCHEMA), encoding="utf-8") as handle:
        return handle.read()


@cache
def export_schema() -> dict[str, Any]:
    """The committed export schema (format v1), parsed."""
    return read_json(_schema_folder(), EXPORT_SCHEMA)


def _nothing(value: Any, path: Path, out: list[Finding]) -> None:
    """A check that finds nothing (a recursive definition's placeholder while it is compiled)."""


@cache
def _root_check(exported: bool) -> Check:
    schema = export_schema() if exported else input_schema()
    return _Compiler(schema["$defs"]).compile(schema)


def check_structure(value: Any, *, exported: bool = False) -> list[Finding]:
    """Findings for every type, enum, constant, missing or unknown key in `value`.

    Args:
        value: the parsed file, or a draft's data.
        exported: read `value` as an exported request (the committed export
            schema: every key required, derived fields never null) rather
            than as a draft. A draft's missing keys are filled in place with
            the models' defaults, so that the rules can read every key; an
            exported request has them all, or says which is missing.

    Returns:
        The findings; an empty list means the models will accept `value`.
    """
    out: list[Finding] = []
    _root_check(exported)(value, (), out)
    return out


def _type_name(kind: str, path: Path = ("",)) -> str:
    """What is expected, in words: ``un objet (les informations de la structure)``."""
    english = get_language() == "en"
    fr, en = _TYPE_NAMES.get(kind, (kind, kind))
    name = en if english else fr
    if kind in ("object", "array"):
        what = what_at(path)
        if what:
            name = f"{name} ({what})"
    return name


def expected_name(value: Any, path: Path) -> str | None:
    """An object or a list expected at `path`, in words (``un objet (la fiche de l'annuaire)``); None for others."""
    kind = "object" if type(value) is dict else "array" if type(value) is list else None
    return _type_name(kind, path) if kind is not None else None


def what_at(path: Path) -> str:
    """What the format holds at `path`, in words (``les professionnels``), or "" when it has no name."""
    if not path:
        key: Any = ()
    elif isinstance(path[-1], int):
        key = (path[-2], 0) if len(path) > 1 else ""
    else:
        key = path[-1]
    fr, en = _WHAT.get(key, ("", ""))
    return en if get_language() == "en" else fr


class _Compiler:
    """Turns the schema's nodes into checking closures (each `$defs` entry compiled once)."""

    def __init__(self, defs: dict[str, Any]) -> None:
        self.defs = defs
        self.compiled: dict[str, Check] = {}

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        ref = schema.get("$ref")
        return self.defs[ref.rsplit("/", 1)[1]] if ref else schema

    def compile(self, schema: dict[str, Any]) -> Check:
        ref = schema.get("$ref")
        if ref:
            name = ref.rsplit("/", 1)[1]
            if name not in self.compiled:
                # Placeholder first: a recursive definition then finds itself.
                self.compiled[name] = _nothing
                body = self.compile(self.defs[name])
                self.compiled[name] = body
            compiled = self.compiled

            def by_name(v: Any, p: Path, o: list[Finding], _n: str = name) -> None:
                compiled[_n](v, p, o)

            return by_name
        if "anyOf" in schema:
            return self._any_of(schema["anyOf"])
        if "const" in schema:
            return self._const(schema["const"])
        if "enum" in schema:
            return self._enum(schema["enum"])
        kind = schema.get("type")
        if kind == "object":
            return self._object(schema)
        if kind == "array":
            return self._array(schema)
        if kind in _PY_TYPES:
            return self._scalar(kind)
        return lambda v, p, o: None

    def _scalar(self, kind: str) -> Check:
        is_type = _PY_TYPES[kind]

        def check(value: Any, path: Path, out: list[Finding]) -> None:
            if not is_type(value):
                out.append(error("schema.type", path_text(path), expected=_type_name(kind, path)))

        return check

    def _const(self, const: Any) -> Check:
        def check(value: Any, path: Path, out: list[Finding]) -> None:
            if value != const or type(value) is not type(const):
                out.append(error("schema.const", path_text(path), expected=json.dumps(const)))

        return check

    def _enum(self, allowed: list[str]) -> Check:
        members = frozenset(allowed)

        def check(value: Any, path: Path, out: list[Finding]) -> None:
            if type(value) is not str or value not in members:
                out.append(error("schema.enum", path_text(path), value=_short(value), allowed=", ".join(allowed)))

        return check

    def _any_of(self, branches: list[dict[str, Any]]) -> Check:
        # pydantic's unions here are `X | None`: the branch is chosen by the value's JSON type.
        options: list[tuple[Callable[[Any], bool], Check]] = []
        names = []
        for branch in branches:
            target = self.resolve(branch)
            kind = target.get("type") or ("string" if "enum" in target else None)
            if kind is None:
                continue
            options.append((_PY_TYPES[kind], self.compile(branch)))
            names.append(kind)

        def check(value: Any, path: Path, out: list[Finding]) -> None:
            for matches, sub in options:
                if matches(value):
                    sub(value, path, out)
                    return
            expected = t(_OR, "or").join(_type_name(n, path) for n in names)
            out.append(error("schema.type", path_text(path), expected=expected))

        return check

    def _array(self, schema: dict[str, Any]) -> Check:
        items = self.compile(schema["items"]) if "items" in schema else None

        def check(value: Any, path: Path, out: list[Finding]) -> None:
            if type(value) is not list:
                out.append(error("schema.type", path_text(path), expected=_type_name("array", path)))
                return
            if items is not None:
                for index, item in enumerate(value):
                    items(item, (*path, index), out)

        return check

    def _object(self, schema: dict[str, Any]) -> Check:
        props = schema.get("properties", {})
        checks = {key: self.compile(sub) for key, sub in props.items()}
        required = tuple(schema.get("required", ()))
        closed = schema.get("additionalProperties") is False
        fillers: dict[str, Callable[[], Any]] = {}
        for key, sub in props.items():
            if key in required:
                continue
            if "default" in sub:
                fillers[key] = partial(copy.deepcopy, sub["default"])
            else:
                fillers[key] = self._empty(sub)

        def check(value: Any, path: Path, out: list[Finding]) -> None:
            if type(value) is not dict:
                out.append(error("schema.type", path_text(path), expected=_type_name("object", path)))
                return
            for key in required:
                if key not in value:
                    out.append(error("schema.required", path_text((*path, key))))
            if closed:
                for key in value:
                    if key not in checks:
                        out.append(error("schema.unknown_key", path_text((*path, str(key))), key=_short(key)))
            for key, sub in checks.items():
                if key in value:
                    sub(value[key], (*path, key), out)
                elif key in fillers:
                    filler = fillers[key]()
                    value[key] = filler
                    if type(filler) is dict:
                        sub(filler, (*path, key), out)

        return check

    def _empty(self, schema: dict[str, Any]) -> Callable[[], Any]:
        """What a default factory gives: ``{}`` (then filled), ``[]`` or ``""``."""
        kind = self.resolve(schema).get("type", "")
        return {"object": dict, "array": list, "string": str}.get(kind, lambda: None)


def _short(value: Any, limit: int = 40) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)[: limit + 1]
    return text if len(text) <= limit else text[: limit - 1] + "…"
