"""Writing one field of a request by its JSON path, as typed: the one rule for every form's field.

The wizard's field widgets each know the path they were built from
(``mailboxes[1].description``); whatever the step, a change is written here.
Blank text in a field that may be absent becomes absent (None), as the rules
read it; an e-mail address or a phone number is kept without the spaces
around it (they are never part of one); a number people type in groups (an RPPS,
a FINESS, a postal code: ``93 260``) is kept as its digits.
"""

from __future__ import annotations

import re
import types
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

from wizard.model.identifiers import COMPACTED, compact

_TOKEN = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")
_STRIPPED = frozenset({"email", "phone"})


def parse(path: str) -> list[str | int]:
    """``mailboxes[1].description`` → ``["mailboxes", 1, "description"]``.

    Raises:
        ValueError: `path` is not a JSON path of this shape.
    """
    parts: list[str | int] = []
    position = 0
    for match in _TOKEN.finditer(path):
        gap = path[position:match.start()]
        if gap not in ("", "."):
            raise ValueError(f"not a field path: {path!r}")
        name, index = match.groups()
        parts.append(name if name is not None else int(index))
        position = match.end()
    if not parts or position != len(path) or not isinstance(parts[-1], str):
        raise ValueError(f"not a field path: {path!r}")
    return parts


def _optional(model: BaseModel, name: str) -> bool:
    annotation = type(model).model_fields[name].annotation
    origin = get_origin(annotation)
    return (origin is Union or origin is types.UnionType) and type(None) in get_args(annotation)


def set_field(request: BaseModel, path: str, value: Any) -> bool:
    """Set the field at `path` of `request` to `value`, as typed; False when there is nothing there.

    Nothing is there when a part on the way is absent (the advisor's name while no advisor
    is named) or out of range (a mailbox removed meanwhile).
    """
    *way, name = parse(path)
    target: Any = request
    for part in way:
        try:
            target = target[part] if isinstance(part, int) else getattr(target, part)
        except (IndexError, AttributeError):
            return False
        if target is None:
            return False
    if not isinstance(target, BaseModel) or not isinstance(name, str) or name not in type(target).model_fields:
        return False
    if isinstance(value, str):
        if name in COMPACTED:
            value = compact(value)  # an RPPS, a FINESS, a postal code typed in groups: its digits
        if name in _STRIPPED:
            value = value.strip()
        if not value.strip() and _optional(target, name):
            value = None
    setattr(target, name, value)
    return True
