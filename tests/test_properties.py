"""Property tests: validation never raises, the structural check agrees with pydantic, export round-trips."""

from __future__ import annotations

import copy
import json
import string

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from tests.factories import draft
from wizard.model.export import export_bytes
from wizard.model.findings import has_errors
from wizard.model.naming import transliterate
from wizard.model.request import Request
from wizard.model.structural import check_structure
from wizard.model.validate import validate_bytes

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=30,
)
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(json_values)
def test_validate_never_raises_on_arbitrary_json(value: object) -> None:
    report = validate_bytes(json.dumps(value).encode())
    assert report.readable == isinstance(value, dict)
    if isinstance(value, dict) and value:
        assert report.findings  # an arbitrary object is never a complete request


@SETTINGS
@given(st.binary(max_size=200))
def test_validate_never_raises_on_arbitrary_bytes(raw: bytes) -> None:
    validate_bytes(raw)


def _paths(value: object, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(value, dict):
        for key, sub in value.items():
            out.extend(_paths(sub, (*prefix, key)))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            out.extend(_paths(sub, (*prefix, index)))
    return out


@st.composite
def mutated_drafts(draw: st.DrawFn) -> dict:
    """A valid draft with one node replaced by arbitrary JSON, or one key added or removed."""
    data = draft(draw(st.sampled_from([1, 2, 3, 4])))
    path = draw(st.sampled_from(_paths(data)[1:]))
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    action = draw(st.sampled_from(["replace", "add", "remove"]))
    if action == "replace":
        parent[path[-1]] = draw(json_values)
    elif action == "add" and isinstance(parent, dict):
        parent[draw(st.text(max_size=8))] = draw(json_values)
    elif action == "remove" and isinstance(parent, dict):
        del parent[path[-1]]
    return data


@SETTINGS
@given(mutated_drafts())
def test_structural_check_agrees_with_pydantic(data: dict) -> None:
    text = json.dumps(data)
    try:
        Request.model_validate_json(text)
        accepted = True
    except ValidationError:
        accepted = False
    structural = check_structure(copy.deepcopy(data))
    assert (not structural) == accepted, structural


names = st.text(alphabet=string.ascii_letters + "éèàçÉ' -", min_size=2, max_size=40).filter(lambda s: len(s.strip()) >= 2)


@SETTINGS
@given(case=st.sampled_from([1, 2, 3, 4]), name=names, last=names, desc=st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp")), max_size=200))
def test_export_then_validate_round_trips(case: int, name: str, last: str, desc: str) -> None:
    data = draft(case)
    data["structure"]["name"] = name.strip()
    data["people"][0]["last_name"] = last.strip()[:100]
    data["mailboxes"][0]["description"] = desc
    request = Request.from_data(data)
    raw = export_bytes(request)
    report = validate_bytes(raw)
    assert not has_errors(report.findings), report.findings
    again = json.loads(raw)
    assert again["structure"]["name"] == name.strip()


@SETTINGS
@given(st.text(alphabet=string.printable, max_size=40))
@example("0,0")  # slugify drops a comma between digits (found by this test)
@example("a&amp;b")  # and decodes HTML entities
def test_ascii_shortcut_of_transliteration_matches_slugify(text: str) -> None:
    import re

    from slugify import slugify

    expected = re.sub(r"([._-])[._-]+", r"\1", slugify(text, regex_pattern=r"[^-a-z0-9._]+", lowercase=True))
    expected = expected.strip("._-")[:64].rstrip("._-")
    assert transliterate(text) == expected
