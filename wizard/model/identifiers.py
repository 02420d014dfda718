"""French health and company identifiers: RPPS, SIRET, SIREN, RPPS-rang, FINESS.

SIREN and SIRET (with La Poste's exception) are checked by python-stdnum; the
Luhn check of RPPS and FINESS uses stdnum's Luhn too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from stdnum import luhn
from stdnum.exceptions import ValidationError
from stdnum.fr import siren as _siren
from stdnum.fr import siret as _siret
from stdnum.util import clean

from wizard.model import data

_DIGITS11 = re.compile(r"[0-9]{11}")
_RPPS_RANG = re.compile(r"[0-9]{13,14}")
_FINESS = re.compile(r"(?:[0-9]{2}|2[AB])[0-9]{7}")
_POSTAL = re.compile(r"[0-9]{5}")
_NUMBER = re.compile(r"(?:2[AB])?[0-9]+")


def is_rpps(value: str) -> bool:
    """An RPPS number: 11 digits passing Luhn (real numbers do; the ANS FHIR examples do not)."""
    return bool(_DIGITS11.fullmatch(value)) and luhn.is_valid(value)


def is_siren(value: str) -> bool:
    """A SIREN: 9 digits, Luhn (python-stdnum)."""
    return value.isascii() and value.isdigit() and _siren.is_valid(value)


def is_siret(value: str) -> bool:
    """A SIRET: 14 digits, Luhn, or La Poste's digit-sum rule (python-stdnum)."""
    if not (value.isascii() and value.isdigit() and len(value) == 14):
        return False
    try:
        _siret.validate(value)
    except ValidationError:
        return False
    return True


def is_rpps_rang(value: str) -> bool:
    """An RPPS-rang: a valid RPPS followed by a 2- or 3-digit rank (13 to 14 digits)."""
    return bool(_RPPS_RANG.fullmatch(value)) and is_rpps(value[:11])


def is_finess(value: str) -> bool:
    """A FINESS number: 9 characters, the first two a département (2A/2B for Corsica).

    Numeric ones must pass Luhn (observed on real numbers); no rule is known for 2A/2B.
    """
    if not _FINESS.fullmatch(value):
        return False
    return luhn.is_valid(value) if value.isdigit() else True


IDENTIFIER_CHECKS = {"SIRET": is_siret, "SIREN": is_siren, "RPPS_RANG": is_rpps_rang}
"""Check for each structure identifier type."""

IDNAT_PREFIX = {"FINESS": "1", "SIREN": "2", "SIRET": "3", "RPPS_RANG": "4"}
"""idNat_Struct prefixes (FR Core Organization profile)."""


def normalise_identifier(value: str) -> str:
    """Drop the spaces, dots and dashes people type inside numbers (``732 829 320 00074``)."""
    return re.sub(r"[\s.\-]", "", value)


_SEPARATORS = " .-\t\u00a0\u202f"
"""What people type or paste between a number's groups: spaces (no-break ones from a web page or a
word processor too), dots and dashes."""

COMPACTED = frozenset({"rpps", "finess", "postal_code"})
"""The fields (by name) whose text is a number people type in groups; the structure identifier's
``value`` is one too (:func:`compact_at`)."""


def compact(value: str) -> str:
    """`value` as its digits (``732 829 320 00074`` → ``73282932000074``, ``93 260`` → ``93260``).

    Only the separators are dropped (with python-stdnum's `clean`, as its SIRET and SIREN
    ``compact`` do, dashes and no-break spaces included), and only when what is left is
    digits (``2A`` first for a Corsican FINESS: ``2A 000 000 1``): a text that is no number
    is left as typed, for the rules to say what is wrong with it.
    """
    if not value:
        return value
    try:
        digits = clean(value, _SEPARATORS).strip()
    except ValidationError:
        return value
    return digits if _NUMBER.fullmatch(digits) else value


def compacted_paths(request: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``(path, the object holding it, its key)`` of each number-like field of a request's JSON data."""
    structure = request.get("structure")
    if type(structure) is dict:
        yield "structure.finess", structure, "finess"
        ident = structure.get("identifier")
        if type(ident) is dict:
            yield "structure.identifier.value", ident, "value"
        address = structure.get("address")
        if type(address) is dict:
            yield "structure.address.postal_code", address, "postal_code"
    for index, person in enumerate(request.get("people") or []):
        if type(person) is dict:
            yield f"people[{index}].rpps", person, "rpps"
    for index, mailbox in enumerate(request.get("mailboxes") or []):
        if type(mailbox) is not dict:
            continue
        for j, delegate in enumerate(mailbox.get("delegates") or []):
            if type(delegate) is dict:
                yield f"mailboxes[{index}].delegates[{j}].rpps", delegate, "rpps"


def compact_request(request: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Write every number-like field of `request` (JSON data) as its digits, in place.

    Returns:
        ``(path, as it was, as it is now)`` for each field changed.
    """
    changed = []
    for path, holder, key in compacted_paths(request):
        value = holder.get(key)
        if type(value) is str:
            digits = compact(value)
            if digits != value:
                holder[key] = digits
                changed.append((path, value, digits))
    return changed


def departement_of(postal_code: str) -> str | None:
    """The département code of a French postal code, or None if it matches none.

    Corsica: 200xx/201xx are Corse-du-Sud (2A), 202xx/206xx Haute-Corse (2B).
    Overseas: the first three digits (971 to 976).
    """
    if not _POSTAL.fullmatch(postal_code):
        return None
    if postal_code.startswith("20"):
        code = "2A" if postal_code[2] in "01" else "2B" if postal_code[2] in "23456" else None
    elif postal_code.startswith("97"):
        code = postal_code[:3]
    else:
        code = postal_code[:2]
    return code if code in data.departements() else None


def region_of(departement: str) -> str | None:
    """The region code of a département code."""
    dep = data.departements().get(departement)
    return dep["region"] if dep else None
