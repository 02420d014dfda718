"""Every rule of the sheet and of request format v1, as findings.

:func:`check` is the one entry point, used by the TUI (per step), `balorg
validate`, import and export alike: no screen keeps a second copy of a rule.
Rules read plain JSON data; :func:`check` first runs the structural check and
stops there when the types are wrong, since the rules rely on them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Literal, Protocol

from wizard.model import data, derive, naming
from wizard.model.findings import Finding, error, label, warning
from wizard.model.i18n import t
from wizard.model.identifiers import IDENTIFIER_CHECKS, compact_request, is_finess, is_rpps
from wizard.model.messages import MESSAGES
from wizard.model.structural import check_structure, expected_name, path_text

MAX_CO_HOLDERS = 20
"""The sheet's limit of co-holders per BAL."""

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE = re.compile(r"(?:\+33|0033|0)[1-9][0-9]{8}")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_RFC3339_UTC = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?Z")
_POSTAL = re.compile(r"[0-9]{5}")
_MAILBOX_PATH = re.compile(r"mailboxes\[(\d+)\]")
_MULTILINE = {"usage.articulation", "usage.exchanged_other"}
_MULTILINE_END = (".description",)

Rule = Callable[[dict[str, Any]], Iterator[Finding]]


if TYPE_CHECKING:  # a runtime Protocol class costs 5 ms of `validate` start-up

    class KnownAddresses(Protocol):
        """The known MSSanté addresses (the public list, and requests already exported)."""

        def without(self, request_id: str) -> KnownAddresses:
            """The same, without the addresses of the request `request_id` (its own exports)."""
            ...

        def lookup(self, address: str) -> tuple[str | None, list[tuple[str, str]]]:
            """``(structure of the exact match or None, [(close address, its structure), ...])``.

            The exact match's structure is ``""`` when known but unnamed. Close
            matches come nearest first, the exact match excluded.
            """
            ...


Reading = Literal["draft", "export"]


def check(
    request: Any,
    *,
    reading: Reading = "draft",
    derived: bool = True,
    known: KnownAddresses | None = None,
) -> list[Finding]:
    """All findings for `request` (JSON data: the parsed file or :meth:`Request.to_data`).

    Args:
        request: the request, complete or a partial draft. A draft's omitted
            keys are filled in place with the models' defaults.
        reading: ``"draft"``, a work in progress (what is missing is a finding,
            as in the wizard), or ``"export"``, a file as the wizard exports it
            and an operator receives it: every key of the committed schema is
            there, every derived field is there and equals what the rules
            derive, and no text has spaces around it (the export trims).
        derived: in a draft, also check the derived fields that are present
            (on for files; the wizard's drafts carry none). Always on for an
            exported request.
        known: what this machine knows of existing addresses (the imported
            list and the requests exported here), when there is anything: an
            existing address is an error, a close one a warning. The request's
            own exported addresses are left out.
    """
    if not isinstance(request, dict):
        return [error("file.not_object", "$")]
    exported = reading == "export"
    findings = check_structure(request, exported=exported)
    if findings:
        return findings
    findings.extend(_numbers(request, exported))
    findings.extend(_text_characters(request, exported))
    for rule in RULES:
        findings.extend(rule(request))
    if derived or exported:
        findings.extend(_derived(request, strict=exported))
    findings = _which_mailbox(findings, len(request["mailboxes"]))
    if known is not None:
        findings.extend(known_findings(request, known))
    return findings


def known_findings(request: dict[str, Any], known: KnownAddresses) -> list[Finding]:
    """The known-address findings alone, for data already checked (the wizard runs them off its UI thread).

    With them, what the imported public lists say of the request's people, structure and
    domains (:func:`wizard.model.facts.fact_findings`), when `known` carries them.
    """
    found = list(_known_addresses(request, known.without(str(request.get("request_id") or ""))))
    facts = getattr(known, "facts", None)  # None: nothing imported but exported requests (or a test's stand-in)
    if facts is not None:
        from wizard.model.facts import fact_findings

        found.extend(fact_findings(request, facts))
    return _which_mailbox(found, len(request["mailboxes"]))


def _known_addresses(request: dict[str, Any], known: KnownAddresses) -> Iterator[Finding]:
    for index, mailbox in enumerate(request["mailboxes"]):
        yield from _known_address(mailbox, index, known)


def _known_address(mailbox: dict[str, Any], index: int, known: KnownAddresses) -> Iterator[Finding]:
    address = derive.address(mailbox)
    if not address or naming.local_part_problem(mailbox["local_part"]) is not None:
        return
    exact, close = known.lookup(address)
    path = f"mailboxes[{index}].local_part"
    if exact is not None:
        yield error("mailbox.address.exists", path, value=address + (f" ({exact})" if exact else ""))
    if close:
        near = ", ".join(f"{addr} ({name})" if name else addr for addr, name in close[:3])
        yield warning("mailbox.address.close", path, near=near)


def _numbers(request: dict[str, Any], exported: bool) -> list[Finding]:
    """Numbers typed in groups (``732 829 320 00074``, ``93 260``) are read as their digits, in place.

    A draft holds what people type: the wizard, a draft file and ``validate --draft`` read
    the same digits and say nothing of the spaces. An exported file holds the digits only
    (the export writes them so): one with separators gets an error naming the field and
    the digits expected (once; the other rules read the digits).
    """
    changed = compact_request(request)
    if not exported:
        return []
    findings = []
    for path, value, digits in changed:
        if path == "structure.identifier.value":
            field = label(f"identifier.{request['structure']['identifier']['type']}")
        elif path.endswith(".rpps"):
            field = "RPPS"
        else:
            field = label("number." + path.rsplit(".", 1)[1])
        findings.append(error("number.separators", path, field=field, value=value, digits=digits))
    return findings


def _text_characters(request: dict[str, Any], exported: bool) -> Iterator[Finding]:
    """No control characters in text (line breaks and tabs only in the long free-text fields).

    In an exported request, no text has spaces around it either: the export
    trims every text, so a file with them was not written as exported.
    """
    if _clean_texts(request, exported):
        return  # the usual case, found without building a path for every value
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(request, ())]
    while stack:
        value, path = stack.pop()
        if type(value) is str:
            if exported and value != value.strip():
                yield error("text.untrimmed", path_text(path))
            if value.isprintable():
                continue
            text = path_text(path)
            multiline = text in _MULTILINE or text.endswith(_MULTILINE_END)
            for char in value:
                if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Cs") and not (multiline and char in "\n\t"):
                    yield error("text.control_characters", text, char=f"U+{ord(char):04X}")
                    break
        elif type(value) is dict:
            for key, sub in value.items():
                if key != "annuaire" and type(sub) is not bool and sub is not None:  # annuaire: derived, compared whole
                    stack.append((sub, (*path, key)))
        elif type(value) is list:
            for index, sub in enumerate(value):
                stack.append((sub, (*path, index)))


def _clean_texts(request: dict[str, Any], exported: bool) -> bool:
    """True when no text needs a finding of :func:`_text_characters` (checked without paths)."""
    texts: list[str] = []
    containers: list[Any] = [request]
    while containers:
        node = containers.pop()
        if type(node) is dict:
            values = [v for k, v in node.items() if k != "annuaire"]
        else:
            values = node
        for value in values:
            kind = type(value)
            if kind is str:
                texts.append(value)
            elif kind is dict or kind is list:
                containers.append(value)
    joined = "".join(texts)
    if not joined.isprintable():
        return False
    return not exported or all(t == t.strip() for t in texts)


def _blank(value: str | None) -> bool:
    """No text: absent, empty, or only spaces (text empty once trimmed counts as missing everywhere)."""
    return value is None or not value.strip()


def _text(value: str | None, path: str, code: str, low: int, high: int) -> Iterator[Finding]:
    """A required text between `low` and `high` characters (spaces around do not count)."""
    text = (value or "").strip()
    if not text:
        yield error(f"{code}.missing", path)
    elif not low <= len(text) <= high:
        yield error("text.length", path, low=low, high=high, length=len(text))


def _optional_email(value: str | None, path: str) -> Iterator[Finding]:
    if not _blank(value) and not _EMAIL.fullmatch(value.strip()):  # type: ignore[union-attr]
        yield error("email.invalid", path, value=value)


def _optional_phone(value: str | None, path: str) -> Iterator[Finding]:
    if not _blank(value) and not _PHONE.fullmatch(re.sub(r"[\s.\-()]", "", value)):  # type: ignore[arg-type]
        yield error("phone.invalid", path, value=value)


def _top(request: dict[str, Any]) -> Iterator[Finding]:
    if not request["request_id"]:
        yield error("request_id.missing", "request_id")
    elif not _UUID.fullmatch(request["request_id"]):
        yield error("request_id.invalid", "request_id")
    for key in ("created_at", "exported_at"):
        value = request.get(key)
        if value == "" and key == "created_at":
            yield error("date.missing", key)
        elif value is not None and not _RFC3339_UTC.fullmatch(value):
            yield error("date.invalid", key, value=value)


def _structure(request: dict[str, Any]) -> Iterator[Finding]:
    s = request["structure"]
    yield from _text(s["name"], "structure.name", "structure.name", 2, 200)
    kind = s.get("kind")
    if kind is None:
        yield error("structure.kind.missing", "structure.kind")
    elif kind == "autre":
        yield from _text(s.get("kind_other"), "structure.kind_other", "structure.kind_other", 2, 200)
    elif not _blank(s.get("kind_other")):
        yield error("structure.kind_other.unexpected", "structure.kind_other")
    finess = s.get("finess")
    if not _blank(finess):
        if not is_finess(finess):  # typed in groups, it was read as its digits already (_numbers)
            yield error("structure.finess.invalid", "structure.finess", value=finess)
    ident = s.get("identifier")
    if ident is None or _blank(ident.get("value")):
        if _blank(finess):  # an ORG mailbox is attached to its structure's idNat_Struct: required to export
            yield error("structure.identifier.missing", "structure.identifier")
    else:
        value = ident["value"]
        if not IDENTIFIER_CHECKS[ident["type"]](value):
            yield error(f"structure.identifier.invalid.{ident['type']}", "structure.identifier.value", value=value)
    address = s["address"]
    lines = [line for line in address["lines"] if line.strip()]
    if not lines:
        yield error("structure.address.lines.missing", "structure.address.lines")
    for index, line in enumerate(address["lines"]):
        if len(line) > 200:
            yield error("text.length", f"structure.address.lines[{index}]", low=0, high=200, length=len(line))
    postal = address["postal_code"].strip()
    if not postal:
        yield error("structure.address.postal_code.missing", "structure.address.postal_code")
    elif not _POSTAL.fullmatch(postal):
        yield error("structure.address.postal_code.invalid", "structure.address.postal_code", value=postal)
    elif derive.department(s) is None:
        yield error("structure.address.postal_code.unknown", "structure.address.postal_code", value=postal)
    yield from _text(address["city"], "structure.address.city", "structure.address.city", 1, 100)


def _eligibility(request: dict[str, Any]) -> Iterator[Finding]:
    e = request["eligibility"]
    for key in ("needs_shared_mailbox", "has_finess", "has_rpps_professional"):
        if e.get(key) is None:
            yield error("eligibility.unanswered", f"eligibility.{key}", question=label(f"question.{key}"))
    finess = not _blank(request["structure"].get("finess"))
    if e.get("has_finess") is False and finess:
        yield error("eligibility.has_finess.inconsistent", "eligibility.has_finess")
    if e.get("has_finess") is True and not finess:
        yield error("eligibility.finess.missing", "structure.finess")
    result = derive.outcome(e)
    if result == "no_rpps":
        yield error("eligibility.outcome.no_rpps", "eligibility.has_rpps_professional")
    elif result == "no_need":
        yield error("eligibility.outcome.no_need", "eligibility.needs_shared_mailbox")
    elif result == "finess_route":
        yield warning("eligibility.outcome.finess_route", "eligibility.has_finess")
    if result in derive.EXPORTABLE and derive.single_professional_delegating(request):
        yield warning("eligibility.consider_personal_mailbox_delegation", "people")


def _people(request: dict[str, Any]) -> Iterator[Finding]:
    people = request["people"]
    if not people:
        yield error("people.empty", "people")
    ids = Counter(p["id"] for p in people)
    rpps_seen = Counter(p["rpps"] for p in people if p["rpps"])
    professions = data.professions()
    for index, person in enumerate(people):
        base = f"people[{index}]"
        if not person["id"].strip():
            yield error("person.id.missing", f"{base}.id")
        elif ids[person["id"]] > 1:
            yield error("person.id.duplicate", f"{base}.id", value=person["id"])
        rpps = person["rpps"]
        if not rpps:
            yield error("person.rpps.missing", f"{base}.rpps")
        elif not is_rpps(rpps):
            yield error("person.rpps.invalid", f"{base}.rpps", value=rpps)
        elif rpps_seen[rpps] > 1:
            yield error("person.rpps.duplicate", f"{base}.rpps", value=rpps)
        yield from _text(person["last_name"], f"{base}.last_name", "person.last_name", 1, 100)
        yield from _text(person["first_name"], f"{base}.first_name", "person.first_name", 1, 100)
        code = person.get("profession_code")
        if not code:
            yield error("person.profession.missing", f"{base}.profession_code")
        elif code not in professions:
            yield error("person.profession.unknown", f"{base}.profession_code", value=code)
        elif professions[code]["deprecated"]:
            yield warning("person.profession.deprecated", f"{base}.profession_code",
                          value=code, label=professions[code]["label"])
        if len(set(person["credentials"])) != len(person["credentials"]):
            yield error("list.duplicate", f"{base}.credentials")
        yield from _optional_email(person.get("email"), f"{base}.email")
        yield from _optional_phone(person.get("phone"), f"{base}.phone")


def _mailboxes(request: dict[str, Any]) -> Iterator[Finding]:
    mailboxes = request["mailboxes"]
    if not mailboxes:
        yield error("mailboxes.empty", "mailboxes")
    people = {p["id"]: p for p in request["people"]}
    addresses = Counter(derive.address(m) for m in mailboxes)
    for index, mailbox in enumerate(mailboxes):
        yield from _mailbox(request, mailbox, index, addresses, people)


def _mailbox(request: dict[str, Any], mailbox: dict[str, Any], index: int, addresses: Counter,
             people: dict[str, dict[str, Any]]) -> Iterator[Finding]:
    base = f"mailboxes[{index}]"
    yield from _name(request, mailbox, base, addresses)
    yield from _co_holders(mailbox, base, people)
    yield from _delegates(mailbox, base, people)
    description = (mailbox.get("description") or "").strip()
    if len(description) > 500:
        yield error("text.length", f"{base}.description", low=0, high=500, length=len(description))
    for key in ("operator", "service"):
        value = (mailbox.get(key) or "").strip()
        if len(value) > 200:
            yield error("text.length", f"{base}.{key}", low=0, high=200, length=len(value))


def _which_mailbox(findings: list[Finding], count: int) -> list[Finding]:
    """Each finding about one mailbox says which when there are several (``BAL n°2 : désignez le
    cotitulaire principal…``); its path is inside that mailbox (``mailboxes[1]…``)."""
    if count < 2:
        return findings
    out = []
    for finding in findings:
        found = _MAILBOX_PATH.match(finding.path)
        if found is not None:
            finding = finding._replace(message=t(MESSAGES, "mailbox.which", number=int(found.group(1)) + 1,
                                                 message=_lowered(finding)))
        out.append(finding)
    return out


def _lowered(finding: Finding) -> str:
    """The message with its first letter lowered when it begins a sentence of ours (not a name, an acronym)."""
    text = finding.message
    template = t(MESSAGES, finding.code) if finding.code in MESSAGES else ""
    if template.startswith(("{", "«")) or len(text) < 2 or not text[0].isupper():
        return text
    return text[0].lower() + text[1:] if text[1].islower() or text[1] in "'’" else text


def _name(request: dict[str, Any], mailbox: dict[str, Any], base: str, addresses: Counter) -> Iterator[Finding]:
    local = mailbox["local_part"]
    if not local:
        yield error("mailbox.local_part.missing", f"{base}.local_part")
    else:
        problem = naming.local_part_problem(local)
        if problem is not None:
            hint = naming.transliterate(local)
            yield error(f"mailbox.local_part.{problem}", f"{base}.local_part", value=local,
                        hint=hint if hint != local and naming.local_part_problem(hint) is None else "",
                        low=naming.LOCAL_MIN, high=naming.LOCAL_MAX)
        else:
            structure = request["structure"]
            if not naming.has_geographic_element(local, structure):
                yield warning("mailbox.local_part.no_place", f"{base}.local_part")
            if naming.is_generic(local):
                yield warning("mailbox.local_part.generic", f"{base}.local_part", value=local)
    domain = mailbox["domain"]
    if not domain:
        yield error("mailbox.domain.missing", f"{base}.domain")
    elif not naming.is_mssante_domain(domain):
        lowered = domain.strip().lower()
        yield error("mailbox.domain.invalid", f"{base}.domain", value=domain,
                    hint=lowered if lowered != domain and naming.is_mssante_domain(lowered) else "")
    address = derive.address(mailbox)
    if address:
        if len(address) > naming.ADDRESS_MAX:
            yield error("mailbox.address.too_long", f"{base}.address", high=naming.ADDRESS_MAX)
        if addresses[address] > 1:
            yield error("mailbox.address.duplicate", f"{base}.address", value=address)


def _co_holders(mailbox: dict[str, Any], base: str, people: dict[str, dict[str, Any]]) -> Iterator[Finding]:
    holders = mailbox["co_holders"]
    path = f"{base}.co_holders"
    if not holders:
        yield error("co_holders.empty", path)
        return
    if len(holders) > MAX_CO_HOLDERS:
        yield error("co_holders.too_many", path, count=len(holders), limit=MAX_CO_HOLDERS)
    principals = [i for i, c in enumerate(holders) if c["principal"]]
    if not principals:
        yield error("co_holders.no_principal", path)
    elif len(principals) > 1:
        for i in principals[1:]:
            yield error("co_holders.several_principals", f"{path}[{i}].principal")
    members = Counter(c["person"] for c in holders)
    first_index: dict[str, int] = {}
    for i, holder in enumerate(holders):
        first_index.setdefault(holder["person"], i)
    appointer = {c["person"]: c.get("appointed_by") for c in holders}
    for i, holder in enumerate(holders):
        hpath = f"{path}[{i}]"
        person = people.get(holder["person"])
        if person is None:
            yield error("co_holder.person.unknown", f"{hpath}.person", value=holder["person"])
        else:
            if not is_rpps(person["rpps"]):
                yield error("co_holder.rpps.required", f"{hpath}.person", name=_name_of(person))
            if not person["credentials"]:
                yield error("co_holder.credential.required", f"{hpath}.person", name=_name_of(person))
        if first_index[holder["person"]] != i:
            yield error("co_holder.duplicate", f"{hpath}.person", value=holder["person"])
        by = holder.get("appointed_by")
        if holder["principal"]:
            if by is not None:
                yield error("co_holder.principal.appointed", f"{hpath}.appointed_by")
        elif by is None:
            yield error("co_holder.appointed_by.missing", f"{hpath}.appointed_by",
                        name=_name_of(person) if person is not None else holder["person"])
        elif by not in members:
            yield error("co_holder.appointed_by.not_co_holder", f"{hpath}.appointed_by", value=by)
        elif by == holder["person"]:
            yield error("co_holder.appointed_by.self", f"{hpath}.appointed_by")
        elif len(principals) == 1 and not _reaches_principal(holder["person"], appointer):
            yield error("co_holder.appointed_by.cycle", f"{hpath}.appointed_by")
    if len(holders) == 1:
        yield warning("co_holders.single", path)


def _reaches_principal(start: str, appointer: dict[str, str | None]) -> bool:
    """Following `appointed_by` from `start` ends at someone appointed by nobody (the principal)."""
    seen = {start}
    current = appointer.get(start)
    while current is not None:
        if current in seen or current not in appointer:
            return False
        seen.add(current)
        current = appointer[current]
    return True


def _name_of(person: dict[str, Any]) -> str:
    return f"{person.get('first_name', '')} {person.get('last_name', '')}".strip() or person.get("id", "?")


def _same_person(delegate: dict[str, Any], person: dict[str, Any]) -> bool:
    if not _blank(delegate.get("rpps")) and delegate["rpps"].strip() == person.get("rpps"):
        return True
    return (
        bool(delegate["last_name"].strip())
        and delegate["last_name"].strip().casefold() == (person.get("last_name") or "").strip().casefold()
        and delegate["first_name"].strip().casefold() == (person.get("first_name") or "").strip().casefold()
    )


def _delegates(mailbox: dict[str, Any], base: str, people: dict[str, dict[str, Any]]) -> Iterator[Finding]:
    holders = {c["person"] for c in mailbox["co_holders"]}
    for i, delegate in enumerate(mailbox["delegates"]):
        dpath = f"{base}.delegates[{i}]"
        yield from _text(delegate["last_name"], f"{dpath}.last_name", "delegate.last_name", 1, 100)
        yield from _text(delegate["first_name"], f"{dpath}.first_name", "delegate.first_name", 1, 100)
        yield from _text(delegate["function"], f"{dpath}.function", "delegate.function", 1, 100)
        yield from _optional_email(delegate.get("email"), f"{dpath}.email")
        rpps = delegate.get("rpps")
        if not _blank(rpps) and not is_rpps(rpps):
            yield error("person.rpps.invalid", f"{dpath}.rpps", value=rpps)
        if not delegate["rights"]:
            yield error("delegate.rights.empty", f"{dpath}.rights")
        elif len(set(delegate["rights"])) != len(delegate["rights"]):
            yield error("list.duplicate", f"{dpath}.rights")
        if not delegate["delegated_by"]:
            yield error("delegate.delegated_by.empty", f"{dpath}.delegated_by")
        for j, by in enumerate(delegate["delegated_by"]):
            if by not in holders:
                yield error("delegate.delegated_by.not_co_holder", f"{dpath}.delegated_by[{j}]", value=by)
        for holder in holders:
            person = people.get(holder)
            if person is not None and _same_person(delegate, person):
                yield error("delegate.is_co_holder", dpath, name=_name_of(person))
                break


def _usage(request: dict[str, Any]) -> Iterator[Finding]:
    usage = request["usage"]
    if not usage["exchanged"]:
        yield error("usage.exchanged.empty", "usage.exchanged")
    elif len(set(usage["exchanged"])) != len(usage["exchanged"]):
        yield error("list.duplicate", "usage.exchanged")
    if "autre" in usage["exchanged"]:
        yield from _text(usage.get("exchanged_other"), "usage.exchanged_other", "usage.exchanged_other", 2, 500)
    yield from _text(usage["articulation"], "usage.articulation", "usage.articulation", 2, 2000)
    for key, done in usage["checklist"].items():
        if not done:
            yield warning(f"usage.checklist.{key}", f"usage.checklist.{key}")


def _acknowledgements(request: dict[str, Any]) -> Iterator[Finding]:
    ack = request["acknowledgements"]
    if not ack["co_holder_responsibility"]:
        yield error("ack.co_holder_responsibility", "acknowledgements.co_holder_responsibility")
    if any(m["delegates"] for m in request["mailboxes"]) and not ack["delegate_confidentiality"]:
        yield error("ack.delegate_confidentiality", "acknowledgements.delegate_confidentiality")


def _contacts(request: dict[str, Any]) -> Iterator[Finding]:
    contact = request["contact"]
    yield from _text(contact["name"], "contact.name", "contact.name", 1, 200)
    if not contact["email"].strip():
        yield error("contact.email.missing", "contact.email")
    else:
        yield from _optional_email(contact["email"], "contact.email")
    yield from _optional_phone(contact.get("phone"), "contact.phone")
    advisor = request.get("advisor")
    if advisor is not None:
        yield from _text(advisor["name"], "advisor.name", "advisor.name", 1, 200)
        yield from _text(advisor["organisation"], "advisor.organisation", "advisor.organisation", 1, 200)
        yield from _optional_email(advisor.get("email"), "advisor.email")


def _derived(request: dict[str, Any], *, strict: bool) -> Iterator[Finding]:
    """Derived fields must equal what the rules derive from the rest of the request.

    In a draft, only those present and not null are compared (a draft has not
    derived them yet); in an exported request (`strict`) every one is, and the
    finding names the first place inside it that differs.
    """
    for path, expected in derive.derived_fields(request).items():
        present, value = _get(request, path)
        if not present or (value is None and not strict):
            continue
        where = _first_difference(value, expected, path)
        if where is not None:
            parts = tuple(int(p[1:-1]) if p.startswith("[") else p for p in re.findall(r"[a-z_]+|\[\d+\]", where[0]))
            named = expected_name(where[1], parts)  # an object or a list: named, not printed as JSON
            yield error("derived.mismatch", where[0], expected=named or _short(where[1]))


def _first_difference(value: Any, expected: Any, path: str) -> tuple[str, Any] | None:
    """``(path, expected value there)`` of the first place where `value` differs from `expected`, or None."""
    if type(value) is dict and type(expected) is dict:
        for key in (*expected, *(k for k in value if k not in expected)):
            if key not in value or key not in expected:
                return f"{path}.{key}", expected.get(key)
            found = _first_difference(value[key], expected[key], f"{path}.{key}")
            if found is not None:
                return found
        return None
    if type(value) is list and type(expected) is list:
        for index, (item, wanted) in enumerate(zip(value, expected, strict=False)):
            found = _first_difference(item, wanted, f"{path}[{index}]")
            if found is not None:
                return found
        if len(value) != len(expected):
            return path, expected
        return None
    if value == expected and type(value) is type(expected):
        return None
    return path, expected


def _get(request: dict[str, Any], path: str) -> tuple[bool, Any]:
    node: Any = request
    for part in re.findall(r"[a-z_]+|\[\d+\]", path):
        if part.startswith("["):
            node = node[int(part[1:-1])]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return False, None
    return True, node


def _short(value: Any) -> str:
    """The expected value as the message shows it: JSON, cut short when long."""
    if value is None:
        return "null"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 120 else text[:119] + "…"


RULES: tuple[Rule, ...] = (
    _top, _structure, _eligibility, _people, _mailboxes, _usage, _acknowledgements, _contacts,
)
"""Every rule, in the order of the sheet's steps."""
