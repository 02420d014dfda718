"""Fields derived from what the user entered; written on export, checked on import.

All functions read plain JSON data (the form :meth:`Request.to_data` gives).
"""

from __future__ import annotations

from typing import Any

from wizard.model import data
from wizard.model.identifiers import (
    IDENTIFIER_CHECKS,
    IDNAT_PREFIX,
    departement_of,
    is_finess,
    is_rpps,
    region_of,
)

METADATA_URL = "https://interop.esante.gouv.fr/ig/fhir/annuaire/StructureDefinition/as-ext-mailbox-mss-metadata"
EMAIL_TYPE_URL = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-contact-point-email-type"
TYPE_MESSAGERIE = "https://mos.esante.gouv.fr/NOS/TRE_R256-TypeMessagerie/FHIR/TRE-R256-TypeMessagerie"
TYPE_BAL = "https://mos.esante.gouv.fr/NOS/TRE_R257-TypeBAL/FHIR/TRE-R257-TypeBAL"
PROFILE = "https://interop.esante.gouv.fr/ig/fhir/annuaire/StructureDefinition/as-mailbox-mss"

EXPORTABLE = ("eligible", "finess_route")
"""Outcomes that allow the export."""


def idnat_struct(structure: dict[str, Any]) -> str | None:
    """idNat_Struct: ``1``+FINESS, else ``3``+SIRET, ``2``+SIREN, ``4``+RPPS-rang; None when none is valid."""
    finess = structure.get("finess")
    if finess and is_finess(finess):
        return IDNAT_PREFIX["FINESS"] + finess
    ident = structure.get("identifier")
    if ident and IDENTIFIER_CHECKS[ident["type"]](ident.get("value") or ""):
        return IDNAT_PREFIX[ident["type"]] + ident["value"]
    return None


def department(structure: dict[str, Any]) -> str | None:
    """The département code from the postal code (``"93"``, ``"2A"``, ``"974"``)."""
    return departement_of(((structure.get("address") or {}).get("postal_code")) or "")


def region(structure: dict[str, Any]) -> str | None:
    """The region's name from the postal code (``"Île-de-France"``)."""
    dep = department(structure)
    code = region_of(dep) if dep else None
    return data.regions()[code] if code else None


def outcome(eligibility: dict[str, Any]) -> str | None:
    """The sheet's eligibility outcome, or None while a question is unanswered.

    ``no_rpps`` if no professional has an RPPS; else ``no_need`` if no shared
    mailbox is needed; else ``finess_route`` if the structure has a FINESS;
    else ``eligible``.
    """
    has_rpps = eligibility.get("has_rpps_professional")
    needs = eligibility.get("needs_shared_mailbox")
    finess = eligibility.get("has_finess")
    if has_rpps is False:
        return "no_rpps"
    if has_rpps is None:
        return None
    if needs is False:
        return "no_need"
    if needs is None or finess is None:
        return None
    return "finess_route" if finess else "eligible"


def single_professional_delegating(request: dict[str, Any]) -> bool:
    """One RPPS professional whose only need is giving staff access: a personal BAL with delegation may do.

    True when the request names a single professional with an RPPS, who alone
    holds the request's only mailbox, and that mailbox has delegates (with
    several mailboxes, as in the sheet's case 4, one personal BAL cannot do).
    """
    with_rpps = [p for p in request.get("people", []) if is_rpps(p.get("rpps") or "")]
    mailboxes = request.get("mailboxes", [])
    if len(with_rpps) != 1 or len(mailboxes) != 1:
        return False
    only = with_rpps[0]["id"]
    return all(
        [c.get("person") for c in m.get("co_holders", [])] == [only] and m.get("delegates")
        for m in mailboxes
    )


def advice(request: dict[str, Any]) -> list[str]:
    """Advice codes for the request (shown with the outcome, written on export)."""
    result = outcome(request.get("eligibility") or {})
    codes: list[str] = []
    if result == "no_rpps":
        codes.append("rpps_required")
    elif result == "no_need":
        codes.append("no_shared_mailbox_needed")
    elif result == "finess_route":
        codes.append("use_finess_route")
    if result in EXPORTABLE and single_professional_delegating(request):
        codes.append("consider_personal_mailbox_delegation")
    return codes


def address(mailbox: dict[str, Any]) -> str | None:
    """``local_part@domain``, once both are set."""
    local, domain = mailbox.get("local_part") or "", mailbox.get("domain") or ""
    return f"{local}@{domain}" if local and domain else None


def _clean(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def responsible(request: dict[str, Any], mailbox: dict[str, Any]) -> str | None:
    """Who answers for the mailbox, and how to reach them: the ``responsible`` of the Annuaire's metadata.

    The ANS extension defines it as the contact details of the operationally
    responsible person(s): the principal co-holder's name and profession, then
    their own e-mail and phone where the request gives them, else the
    request's contact (``Claire Martin (Médecin) – via Paul Simon –
    paul.simon@example.org – 02 40 00 00 01``; the contact's name is left out
    when it is the principal's). Written in French, like the directory.
    """
    principal = next((c for c in mailbox.get("co_holders", []) if c.get("principal")), None)
    if principal is None:
        return None
    person = next((p for p in request.get("people", []) if p.get("id") == principal.get("person")), None)
    if person is None:
        return None
    name = f"{_clean(person.get('first_name'))} {_clean(person.get('last_name'))}".strip()
    profession = data.professions().get(person.get("profession_code") or "")
    parts = [f"{name} ({profession['label']})" if profession else name]
    own = [_clean(person.get("email")), _clean(person.get("phone"))]
    if any(own):
        parts.extend(v for v in own if v)
    else:
        contact = request.get("contact") or {}
        contact_name = _clean(contact.get("name"))
        if contact_name and contact_name.casefold() != name.casefold():
            parts.append(f"via {contact_name}")
        parts.extend(v for v in (_clean(contact.get("email")), _clean(contact.get("phone"))) if v)
    return " – ".join(p for p in parts if p)


def annuaire(request: dict[str, Any], mailbox: dict[str, Any]) -> dict[str, Any]:
    """The Annuaire Santé ContactPoint (profile ``as-mailbox-mss``) the operator can publish.

    Texts are trimmed, and a text that is blank once trimmed is left out (a
    FHIR string must hold something other than spaces).
    """
    meta: list[dict[str, Any]] = [
        {"url": "type", "valueCodeableConcept": {"coding": [{"system": TYPE_BAL, "code": "ORG"}]}},
    ]
    description = _clean(mailbox.get("description"))
    if description:
        meta.append({"url": "description", "valueString": description})
    who = responsible(request, mailbox)
    if who:
        meta.append({"url": "responsible", "valueString": who})
    service = _clean(mailbox.get("service"))
    if service:
        meta.append({"url": "service", "valueString": service})
    meta.append({"url": "listeRouge", "valueBoolean": bool(mailbox.get("liste_rouge"))})
    return {
        "system": "email",
        "value": address(mailbox),
        "extension": [
            {"url": EMAIL_TYPE_URL, "valueCoding": {"system": TYPE_MESSAGERIE, "code": "MSSANTE"}},
            {"url": METADATA_URL, "extension": meta},
        ],
    }


def derived_fields(request: dict[str, Any]) -> dict[str, Any]:
    """Every derived value, keyed by JSON path (``structure.region``, ``mailboxes[0].annuaire``...)."""
    structure = request.get("structure") or {}
    values: dict[str, Any] = {
        "structure.idnat_struct": idnat_struct(structure),
        "structure.department": department(structure),
        "structure.region": region(structure),
        "eligibility.outcome": outcome(request.get("eligibility") or {}),
        "eligibility.advice": advice(request),
    }
    for index, mailbox in enumerate(request.get("mailboxes", [])):
        values[f"mailboxes[{index}].address"] = address(mailbox)
        values[f"mailboxes[{index}].annuaire"] = annuaire(request, mailbox)
    return values
