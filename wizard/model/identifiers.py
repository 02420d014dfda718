"""French health and company identifiers: RPPS, SIRET, SIREN, RPPS-rang, FINESS.

SIREN and SIRET (with La Poste's exception) are checked by python-stdnum; the
Luhn check of RPPS and FINESS uses stdnum's Luhn too.
"""

from __future__ import annotations

import re

from stdnum import luhn
from stdnum.exceptions import ValidationError
from stdnum.fr import siren as _siren
from stdnum.fr import siret as _siret

from wizard.model import data

_DIGITS11 = re.compile(r"[0-9]{11}")
_RPPS_RANG = re.compile(r"[0-9]{13,14}")
_FINESS = re.compile(r"(?:[0-9]{2}|2[AB])[0-9]{7}")
_POSTAL = re.compile(r"[0-9]{5}")


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
