"""The operator contract: a file that `balorg validate` calls valid is one the committed schema accepts.

Each example is mutated in every way the issue names (each key deleted, each
leaf turned into another JSON type, an unknown key at every object level, null
everywhere, empty / whitespace-only / 10,000-character strings, unknown enum
values), then judged twice: by jsonschema (formats checked) against the
committed schema, a validator this project did not write, and by balorg's
export reading. Whenever the schema rejects a file, balorg must refuse it too,
and name a path inside the mutated part. The mutations the schema accepts and
balorg refuses are rules beyond the schema: each kind is named below.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import REPO
from tests.factories import CASES, example
from wizard.model.rules import check
from wizard.model.structural import path_text

SCHEMA = json.loads((REPO / "schema" / "bal-org-request.v1.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)

Path_ = tuple[str | int, ...]
Mutation = tuple[str, Path_, dict[str, Any]]

BEYOND_SCHEMA = {
    # What the schema cannot say and the rules do: the derived fields must equal what the rest
    # of the request derives (the annuaire fragment, the address, the outcome, the region...).
    "derived.mismatch",
    # Text is required, not only typed: empty, blank or too long where the sheet asks for text.
    "structure.name.missing", "structure.address.city.missing", "structure.address.lines.missing",
    "person.last_name.missing", "person.first_name.missing", "person.id.missing", "person.profession.missing",
    "delegate.last_name.missing", "delegate.first_name.missing", "delegate.function.missing",
    "usage.articulation.missing", "contact.name.missing", "contact.email.missing",
    "advisor.name.missing", "advisor.organisation.missing", "text.length", "text.untrimmed",
    # Values checked beyond their type: identifiers, e-mail and phone formats, known codes.
    "structure.identifier.missing", "structure.identifier.invalid.SIRET", "structure.identifier.invalid.SIREN",
    "structure.address.postal_code.unknown", "person.profession.unknown", "email.invalid", "phone.invalid",
    "person.rpps.invalid", "request_id.invalid",
    # References between parts of the request: co-holders, appointments and delegations.
    "co_holder.person.unknown", "co_holder.appointed_by.not_co_holder", "co_holder.appointed_by.missing",
    "co_holder.rpps.required", "co_holder.credential.required", "co_holders.no_principal",
    "co_holder.principal.appointed", "co_holder.appointed_by.self", "co_holder.appointed_by.cycle",
    "delegate.delegated_by.not_co_holder", "delegate.is_co_holder", "co_holder.duplicate",
    "mailbox.address.duplicate",
    # The sheet's own rules: eligibility and the acknowledgements that go with it.
    "eligibility.has_finess.inconsistent", "eligibility.finess.missing", "eligibility.outcome.no_need",
    "eligibility.outcome.no_rpps", "ack.co_holder_responsibility", "ack.delegate_confidentiality",
    "structure.kind_other.missing", "usage.exchanged_other.missing", "structure.finess.invalid",
    "structure.kind.missing", "structure.kind_other.unexpected", "eligibility.unanswered",
    "usage.exchanged.empty", "list.duplicate",
}


def _walk(value: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    yield path, value
    if type(value) is dict:
        for key, sub in value.items():
            yield from _walk(sub, (*path, key))
    elif type(value) is list:
        for index, sub in enumerate(value):
            yield from _walk(sub, (*path, index))


def _set(data: dict[str, Any], path: Path_, value: Any) -> dict[str, Any]:
    out = copy.deepcopy(data)
    node: Any = out
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return out


def _delete(data: dict[str, Any], path: Path_) -> dict[str, Any]:
    out = copy.deepcopy(data)
    node: Any = out
    for part in path[:-1]:
        node = node[part]
    del node[path[-1]]
    return out


_OTHER_TYPES: list[Any] = ["texte", 7, 1.5, True, None, [], {}]


def mutations(data: dict[str, Any]) -> Iterator[Mutation]:
    """Every mutation the issue names, each with its kind and the path of the mutated part."""
    for path, value in _walk(data):
        if not path:
            continue
        if type(path[-1]) is str:
            yield "delete", path, _delete(data, path)
        if type(value) is not dict and type(value) is not list:
            for other in _OTHER_TYPES:
                if type(other) is not type(value):
                    yield "type", path, _set(data, path, other)
        if value is not None:
            yield "null", path, _set(data, path, None)
        if type(value) is str:
            for kind, text in (("empty", ""), ("blank", "   "), ("long", "x" * 10_000), ("enum", "valeur-inconnue")):
                yield kind, path, _set(data, path, text)
    for path, value in _walk(data):
        if type(value) is dict:
            grown = copy.deepcopy(data)
            node: Any = grown
            for part in path:
                node = node[part]
            node["cle_inconnue"] = 1
            yield "unknown_key", (*path, "cle_inconnue"), grown


def _inside(finding_path: str, mutated: str) -> bool:
    return finding_path == mutated or finding_path.startswith((mutated + ".", mutated + "["))


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_file_the_schema_rejects_is_refused_at_the_mutated_part(case: int) -> None:
    original = example(case)
    assert not list(VALIDATOR.iter_errors(original))
    assert not [f for f in check(copy.deepcopy(original), reading="export") if f.severity == "error"]
    rejected = beyond = 0
    beyond_codes: set[str] = set()
    for kind, path, mutated in mutations(original):
        schema_rejects = any(True for _ in VALIDATOR.iter_errors(mutated))
        found = check(copy.deepcopy(mutated), reading="export")
        errors = [f for f in found if f.severity == "error"]
        where = path_text(path)
        if schema_rejects:
            rejected += 1
            assert errors, f"{kind} at {where}: the schema rejects it, validate calls it valid"
            assert any(_inside(f.path, where) for f in errors), (
                f"{kind} at {where}: refused, but no finding names the mutated part: {[f.path for f in errors]}")
        elif errors:
            beyond += 1
            beyond_codes.update(f.code for f in errors)
    assert rejected > 300  # the battery is real: hundreds of files the schema rejects
    assert beyond > 50
    assert beyond_codes <= BEYOND_SCHEMA, f"refused for reasons not named here: {beyond_codes - BEYOND_SCHEMA}"


def test_the_issue_s_reproductions() -> None:
    """Keys the schema requires, deleted one at a time, then 24 at once, and a null directory entry."""
    for path in (("format",), ("version",), ("mailboxes", 0, "type"), ("mailboxes", 0, "delegates"),
                 ("advisor",), ("structure", "idnat_struct"), ("eligibility", "outcome"),
                 ("mailboxes", 0, "annuaire"), ("mailboxes", 0, "address")):
        found = check(_delete(example(2), path), reading="export")
        assert ("schema.required", path_text(path)) in {(f.code, f.path) for f in found}, path
    data = example(2)
    deleted = [("format",), ("version",), ("exported_at",), ("generator",), ("advisor",), ("contact",),
               ("acknowledgements",), ("usage",), ("structure", "idnat_struct"), ("structure", "department"),
               ("structure", "region"), ("structure", "identifier"), ("structure", "finess"),
               ("structure", "kind_other"), ("eligibility", "outcome"), ("eligibility", "advice"),
               ("mailboxes", 0, "type"), ("mailboxes", 0, "address"), ("mailboxes", 0, "annuaire"),
               ("mailboxes", 0, "delegates"), ("mailboxes", 0, "operator"), ("mailboxes", 0, "service"),
               ("mailboxes", 0, "description"), ("mailboxes", 0, "liste_rouge")]
    assert len(deleted) == 24
    for path in deleted:
        data = _delete(data, path)
    found = check(data, reading="export")
    assert {f.path for f in found if f.code == "schema.required"} == {path_text(p) for p in deleted}
    nulled = _set(example(2), ("mailboxes", 0, "annuaire"), None)
    assert list(VALIDATOR.iter_errors(nulled))  # the committed schema refuses it now
    assert ("schema.type", "mailboxes[0].annuaire") in {(f.code, f.path) for f in check(nulled, reading="export")}
    # Read as a draft, the same file is a work in progress: what is missing is filled, not refused.
    assert not [f for f in check(copy.deepcopy(data)) if f.code.startswith("schema.")]


_JSON_LEAVES = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=30))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=st.sampled_from(sorted(CASES)), pick=st.integers(min_value=0), value=_JSON_LEAVES)
def test_any_leaf_replaced_by_any_value(case: int, pick: int, value: Any) -> None:
    """Random values at random places (any text, surrogates included): the schema rejects ⇒ balorg refuses."""
    original = example(case)
    leaves = [path for path, v in _walk(original) if path and type(v) not in (dict, list)]
    path = leaves[pick % len(leaves)]
    mutated = _set(original, path, value)
    if any(True for _ in VALIDATOR.iter_errors(mutated)):
        errors = [f for f in check(copy.deepcopy(mutated), reading="export") if f.severity == "error"]
        assert any(_inside(f.path, path_text(path)) for f in errors), (path, value, errors)


def test_balorg_validate_exits_1_on_every_file_the_schema_rejects(tmp_path: Path) -> None:
    """The same battery through the command an operator runs (one process, every rejected file of case 2)."""
    files = []
    for index, (kind, path, mutated) in enumerate(mutations(example(2))):
        if any(True for _ in VALIDATOR.iter_errors(mutated)):
            target = tmp_path / f"{index:04d}-{kind}.json"
            target.write_text(json.dumps(mutated, ensure_ascii=False), encoding="utf-8")
            files.append((str(target), path_text(path)))
    out = subprocess.run([sys.executable, "-m", "wizard", "validate", "--json", *(f for f, _ in files)],
                         capture_output=True, text=True, timeout=300,
                         env={**os.environ, "PYTHONPATH": str(REPO)})
    assert out.returncode == 1, out.stderr
    reports = {r["file"]: r for r in json.loads(out.stdout)}
    for name, where in files:
        report = reports[name]
        assert report["reading"] == "export"
        errors = [f for f in report["findings"] if f["severity"] == "error"]
        assert any(_inside(f["path"], where) for f in errors), (name, where, errors)
