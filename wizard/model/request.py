"""Pydantic models of the BAL ORG request, format v1 (spec/request-v1.md).

The same models hold a draft and an exported request: a draft may be
incomplete, so almost every field has an empty default, and what is missing is
reported by the rules (:mod:`wizard.model.rules`) as findings, never raised.
Types and unknown keys, on the other hand, are enforced here (``extra="forbid"``).

Derived fields (`idnat_struct`, `department`, `region`, `outcome`, `advice`,
`address`, `annuaire`, `generator`, `exported_at`) are optional on input and
written on export (:mod:`wizard.model.export`).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Any, Final, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from wizard.model.identifiers import compact

Kind = Literal[
    "cabinet_infirmier",
    "cabinet_medical",
    "cabinet_paramedical",
    "reseau",
    "association",
    "sdis",
    "administration",
    "autre",
]
IdentifierType = Literal["SIRET", "SIREN", "RPPS_RANG"]
Outcome = Literal["eligible", "finess_route", "no_need", "no_rpps"]
Credential = Literal["cps", "e-cps"]
Right = Literal["read", "send"]
Exchanged = Literal[
    "comptes_rendus",
    "resultats_biologie",
    "imagerie",
    "courriers",
    "ordonnances",
    "coordination",
    "administratif",
    "autre",
]

def _digits(value: str | None) -> str | None:
    return compact(value) if value else value


Number = AfterValidator(_digits)
"""A number people type in groups (``732 829 320 00074``, ``93 260``): read as its digits,
whether typed in the wizard, resumed from a draft or imported from a file."""

KINDS: tuple[str, ...] = Kind.__args__  # type: ignore[attr-defined]
EXCHANGED: tuple[str, ...] = Exchanged.__args__  # type: ignore[attr-defined]
FORMAT: Final = "bal-org-request"
VERSION: Final = 1


class _Model(BaseModel):
    """Common configuration: unknown keys are errors; strict types (no "1" for 1)."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        # The exported file always carries every key: say so in the operators' schema.
        json_schema_serialization_defaults_required=True,
    )


class Generator(_Model):
    """The program that wrote the file."""

    name: str
    version: str


class Identifier(_Model):
    """The structure's identifier when it has no FINESS."""

    type: IdentifierType
    value: Annotated[str, Number] = ""


class PostalAddress(_Model):
    """Postal address of the structure."""

    lines: list[str] = Field(default_factory=list)
    postal_code: Annotated[str, Number] = Field("", json_schema_extra={"pattern": "^[0-9]{5}$"})
    city: str = ""


class Structure(_Model):
    """The structure (legal person) under whose responsibility the BAL is opened."""

    name: str = ""
    kind: Kind | None = None
    kind_other: str | None = None
    finess: Annotated[str | None, Number] = None
    identifier: Identifier | None = None
    idnat_struct: str | None = None
    address: PostalAddress = Field(default_factory=PostalAddress)
    department: str | None = None
    region: str | None = None


class Eligibility(_Model):
    """The sheet's three questions; `outcome` and `advice` are derived."""

    needs_shared_mailbox: bool | None = None
    has_finess: bool | None = None
    has_rpps_professional: bool | None = None
    outcome: Outcome | None = None
    advice: list[str] | None = None


class Professional(_Model):
    """Someone who is or may be a co-holder: a health professional with an RPPS."""

    id: str
    rpps: Annotated[str, Number] = Field("", json_schema_extra={"pattern": "^[0-9]{11}$"})
    last_name: str = ""
    first_name: str = ""
    profession_code: str | None = None
    credentials: list[Credential] = Field(default_factory=list, json_schema_extra={"uniqueItems": True})
    email: str | None = None
    phone: str | None = None


class CoHolder(_Model):
    """A co-holder of one mailbox: exactly one is principal; the others were appointed by a co-holder."""

    person: str
    principal: bool = False
    appointed_by: str | None = None


class Delegate(_Model):
    """Someone given access to a mailbox by its co-holders, under their responsibility."""

    last_name: str = ""
    first_name: str = ""
    function: str = ""
    email: str | None = None
    rpps: Annotated[str | None, Number] = None
    rights: list[Right] = Field(default_factory=list, json_schema_extra={"minItems": 1, "uniqueItems": True})
    delegated_by: list[str] = Field(default_factory=list, json_schema_extra={"minItems": 1})


class Mailbox(_Model):
    """One BAL ORG."""

    type: Literal["ORG"] = "ORG"
    local_part: str = Field(
        "",
        json_schema_extra={"pattern": "^[a-z0-9]+([._-][a-z0-9]+)*$", "minLength": 3, "maxLength": 64},
    )
    domain: str = Field("", json_schema_extra={"pattern": "^([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+mssante\\.fr$"})
    address: str | None = None
    operator: str | None = None
    description: str | None = None
    service: str | None = None
    liste_rouge: bool = False
    co_holders: list[CoHolder] = Field(default_factory=list, json_schema_extra={"minItems": 1, "maxItems": 20})
    delegates: list[Delegate] = Field(default_factory=list)
    annuaire: dict[str, Any] | None = None


class Checklist(_Model):
    """The sheet's "organise the use" step."""

    prerequisites_checked: bool = False
    patients_informed: bool = False
    partners_informed: bool = False


class UsagePlan(_Model):
    """What goes through the BAL, and how it fits with the personal BALs."""

    exchanged: list[Exchanged] = Field(default_factory=list)
    exchanged_other: str | None = None
    articulation: str = ""
    checklist: Checklist = Field(default_factory=Checklist)


class Acknowledgements(_Model):
    """What the structure acknowledges before sending the request."""

    co_holder_responsibility: bool = False
    delegate_confidentiality: bool = False


class Contact(_Model):
    """Who the operator calls back."""

    name: str = ""
    email: str = ""
    phone: str | None = None


class Advisor(_Model):
    """The GRADeS advisor who guided the structure."""

    name: str = ""
    organisation: str = ""
    email: str | None = None


def _new_id() -> str:
    return str(uuid.uuid4())


def _now() -> str:
    return now_rfc3339()


def now_rfc3339() -> str:
    """The current time as RFC 3339 in UTC, to the second (``2026-11-26T15:04:05Z``)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Request(_Model):
    """A BAL ORG request: a draft while being prepared, then the exported file."""

    format: Literal["bal-org-request"] = FORMAT
    version: Literal[1] = VERSION
    request_id: str = Field(default_factory=_new_id, json_schema_extra={"format": "uuid"})
    created_at: str = Field(default_factory=_now, json_schema_extra={"format": "date-time"})
    exported_at: str | None = None
    generator: Generator | None = None
    structure: Structure = Field(default_factory=Structure)
    eligibility: Eligibility = Field(default_factory=Eligibility)
    people: list[Professional] = Field(default_factory=list)
    mailboxes: list[Mailbox] = Field(default_factory=list, json_schema_extra={"minItems": 1})
    usage: UsagePlan = Field(default_factory=UsagePlan)
    acknowledgements: Acknowledgements = Field(default_factory=Acknowledgements)
    contact: Contact = Field(default_factory=Contact)
    advisor: Advisor | None = None

    def to_data(self) -> dict[str, Any]:
        """The request as plain JSON data, the form the rules read."""
        return self.model_dump(mode="json")

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Request:
        """Build from JSON data already checked by :func:`wizard.model.structural.check_structure`."""
        return cls.model_validate(data, strict=False)

    def next_person_id(self) -> str:
        """A fresh local id for a new professional (`p1`, `p2`...)."""
        taken = {p.id for p in self.people}
        n = len(self.people) + 1
        while f"p{n}" in taken:
            n += 1
        return f"p{n}"
