"""Facts from the public directories, checked against what a request says (issue 13).

The user may import two public lists (reference/domain.md §8 and §8b): the
Annuaire Santé's RPPS directory (who a professional is, where they work) and
the list of existing MSSanté addresses (which domains exist, a professional's
personal mailboxes). The store reads them (:mod:`wizard.store.directory`);
this module only says what the request's fields are worth against them, as
warnings: the lists may lag a few days behind, and the user decides. Nothing
from a list reaches the request unless the user applies a finding's
suggestion (:attr:`wizard.model.findings.Finding.fix`) or takes the identity
the wizard offers.

The shapes the rules read (:class:`Listed`, :class:`Site`) are defined here;
the store builds them from its files, so the model never imports the store.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from wizard.model.findings import Finding, Fix, warning
from wizard.model.i18n import t
from wizard.model.identifiers import compact, is_rpps

_TEXT = {
    "structure.directory.site.apply": ("Reprendre le nom et l'adresse du site : « {site} », {address}",
                                       "Use the site's name and address: \"{site}\", {address}"),
    "apply.profession": ("Reprendre la profession de l'annuaire : {listed} ({code})", "Use the directory's profession: {listed} ({code})"),
    "apply.identity": ("Reprendre l'identité de l'annuaire : {who}", "Use the directory's identity: {who}"),
}


@dataclass(frozen=True)
class Site:
    """One place where a professional works, as the RPPS directory lists it."""

    name: str
    siret: str = ""
    finess: str = ""
    lines: tuple[str, ...] = ()
    postal_code: str = ""
    city: str = ""
    mode: str = ""
    """How they work there: "Libéral", "Salarié", "Bénévole" (the list's label)."""

    def address(self) -> str:
        """The address on one line: ``12 RUE DES LILAS, 44000 NANTES``."""
        town = " ".join(part for part in (self.postal_code, self.city) if part)
        return ", ".join(part for part in (*self.lines, town) if part)


@dataclass(frozen=True)
class Listed:
    """A professional as the RPPS directory lists them (and their personal MSSanté addresses)."""

    identifier: str
    kind: str = "RPPS"
    """``"RPPS"`` or ``"ADELI"``."""
    civility: str = ""
    """The civility of exercise (``Docteur``, ``Professeur``) or else the civility (``Madame``)."""
    last_name: str = ""
    first_name: str = ""
    profession_code: str = ""
    profession_label: str = ""
    sites: tuple[Site, ...] = ()
    mailboxes: tuple[str, ...] = field(default=())
    """Their personal MSSanté addresses (the address list's PER lines carrying this RPPS)."""

    def name(self) -> str:
        """``Dr Marie-Claire DURAND``-like: how the directory names them, civility first."""
        return " ".join(part for part in (self.civility, self.last_name.upper(), nice_first_name(self.first_name)) if part)


if TYPE_CHECKING:

    class Directories(Protocol):
        """What the imported lists say (implemented by :class:`wizard.store.directory.known.Known`)."""

        @property
        def rpps_date(self) -> str | None:
            """The RPPS directory's date (``2026-12-01``), None when none is imported."""
            ...

        @property
        def addresses_date(self) -> str | None:
            """The MSSanté address list's date, None when none is imported."""
            ...

        def who(self, rpps: str) -> Listed | None:
            """The professional of RPPS `rpps` (11 digits), with their personal MSSanté addresses."""
            ...

        def mailboxes_of(self, rpps: str) -> tuple[str, ...]:
            """The personal MSSanté addresses of the professional of RPPS `rpps` (the address list's PER lines)."""
            ...

        def adeli(self, number: str) -> Listed | None:
            """The professional listed under ADELI number `number` only."""
            ...

        def domain_use(self, domain: str) -> tuple[int, int] | None:
            """``(ORG mailboxes, PER mailboxes)`` known under `domain`, None when no known mailbox uses it."""
            ...

        def domains(self, limit: int = 20) -> list[tuple[str, int, int]]:
            """The domains of the known mailboxes, most used first: ``(domain, ORG, PER)``."""
            ...


def nice_first_name(text: str) -> str:
    """``MARIE-CLAIRE`` → ``Marie-Claire`` (the list writes first names in capitals)."""
    return "-".join(" ".join(word.capitalize() for word in part.split(" ")) for part in text.split("-"))


def same_name(typed: str, listed: str) -> bool:
    """True when `typed` is `listed` but for case, accents, hyphens and spaces (``Le Goff`` = ``LE-GOFF``)."""
    return _plain(typed) == _plain(listed)


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c for c in letters if c.isalnum())


def french_number(count: int) -> str:
    """``56000`` → ``56 000`` in French (``56,000`` in English)."""
    from wizard.model.i18n import get_language

    text = f"{count:,}"
    return text.replace(",", "\u202f") if get_language() == "fr" else text


def french_date(date: str | None) -> str:
    """``2026-12-01`` → ``01/12/2026`` in French (the ISO date as is in English); ``?`` when unknown."""
    if not date:
        return "?"
    from wizard.model.i18n import get_language

    parts = date[:10].split("-")
    if get_language() == "fr" and len(parts) == 3:
        return "/".join(reversed(parts))
    return date[:10]


def fact_findings(request: dict[str, Any], facts: Directories) -> list[Finding]:
    """Every finding the imported lists give on `request` (already checked for its structure)."""
    return [*_people(request, facts), *_site(request, facts), *_domains(request, facts)]


def _people(request: dict[str, Any], facts: Directories) -> Iterator[Finding]:
    date = facts.rpps_date
    if date is None:
        return
    when = french_date(date)
    for index, person in enumerate(request.get("people") or []):
        if not isinstance(person, dict):
            continue
        rpps = compact(str(person.get("rpps") or ""))
        path = f"people[{index}]"
        if not rpps:
            continue
        if not is_rpps(rpps):
            listed = facts.adeli(rpps)
            if listed is not None:
                yield warning("person.directory.adeli", f"{path}.rpps", value=rpps, who=listed.name(), date=when)
            continue
        listed = facts.who(rpps)
        if listed is None:
            yield warning("person.directory.unknown", f"{path}.rpps", rpps=rpps, date=when)
            continue
        yield from _identity(person, listed, path, when)


def _identity(person: dict[str, Any], listed: Listed, path: str, when: str) -> Iterator[Finding]:
    last, first = str(person.get("last_name") or ""), str(person.get("first_name") or "")
    if last.strip() and listed.last_name and not same_name(last, listed.last_name):
        yield _finding("person.directory.last_name", f"{path}.last_name", listed.last_name, listed=listed.last_name, date=when)
    if first.strip() and listed.first_name and not same_name(first, listed.first_name):
        nice = nice_first_name(listed.first_name)
        yield _finding("person.directory.first_name", f"{path}.first_name", nice, listed=nice, date=when)
    code = str(person.get("profession_code") or "")
    if code and listed.profession_code and code != listed.profession_code:
        yield _finding("person.directory.profession", f"{path}.profession_code", listed.profession_code,
                       listed=listed.profession_label or listed.profession_code, number=listed.profession_code, date=when,
                       label=t(_TEXT, "apply.profession", listed=listed.profession_label or listed.profession_code,
                               code=listed.profession_code))


def _finding(name: str, path: str, value: str, *, label: str = "", **params: object) -> Finding:
    base = warning(name, path, **params)
    return base._replace(fix=Fix(path, value, label=label))


def identity_fix(index: int, listed: Listed) -> Fix:
    """One action writing the directory's last name, first name and profession into ``people[index]``."""
    path = f"people[{index}]"
    values: list[tuple[str, Any]] = [(f"{path}.first_name", nice_first_name(listed.first_name))]
    if listed.profession_code:
        values.append((f"{path}.profession_code", listed.profession_code))
    return Fix(f"{path}.last_name", listed.last_name, also=tuple(values),
               label=t(_TEXT, "apply.identity", who=listed.name()))


def _site(request: dict[str, Any], facts: Directories) -> Iterator[Finding]:
    date = facts.rpps_date
    structure = request.get("structure")
    if date is None or not isinstance(structure, dict):
        return
    identifier = structure.get("identifier")
    if not isinstance(identifier, dict) or identifier.get("type") != "SIRET":
        return
    siret = compact(str(identifier.get("value") or ""))
    if len(siret) != 14:
        return
    for person in request.get("people") or []:
        rpps = compact(str(person.get("rpps") or "")) if isinstance(person, dict) else ""
        listed = facts.who(rpps) if is_rpps(rpps) else None
        site = next((s for s in listed.sites if s.siret == siret), None) if listed is not None else None
        if listed is None or site is None:
            continue
        if not _differs(structure, site):
            return
        yield site_finding(site, listed, french_date(date))
        return


def _differs(structure: dict[str, Any], site: Site) -> bool:
    address = structure.get("address") if isinstance(structure.get("address"), dict) else {}
    assert isinstance(address, dict)
    if site.name and not same_name(str(structure.get("name") or ""), site.name):
        return True
    if site.postal_code and str(address.get("postal_code") or "") != site.postal_code:
        return True
    if site.city and not same_name(str(address.get("city") or ""), site.city):
        return True
    typed = " ".join(str(line) for line in address.get("lines") or [])
    return bool(site.lines) and not same_name(typed, " ".join(site.lines))


def site_finding(site: Site, listed: Listed, when: str) -> Finding:
    """The warning that the structure's SIRET is `listed`'s site `site`, offering its name and address."""
    base = warning("structure.directory.site", "structure.name", site=site.name, address=site.address(), who=listed.name(), date=when)
    values: list[tuple[str, Any]] = [("structure.address.lines", list(site.lines))]
    if site.postal_code:
        values.append(("structure.address.postal_code", site.postal_code))
    if site.city:
        values.append(("structure.address.city", site.city))
    fix = Fix("structure.name", site.name, also=tuple(values),
              label=t(_TEXT, "structure.directory.site.apply", site=site.name, address=site.address()))
    return base._replace(fix=fix)


def _domains(request: dict[str, Any], facts: Directories) -> Iterator[Finding]:
    date = facts.addresses_date
    if date is None:
        return
    for index, mailbox in enumerate(request.get("mailboxes") or []):
        domain = str(mailbox.get("domain") or "").strip().lower() if isinstance(mailbox, dict) else ""
        if domain and facts.domain_use(domain) is None:
            yield warning("mailbox.domain.unknown", f"mailboxes[{index}].domain", domain=domain, date=french_date(date))
