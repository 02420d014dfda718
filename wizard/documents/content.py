"""What each document says, built as a tree of blocks from a request's JSON data.

Builders read plain JSON data whose keys are all present (what
:func:`wizard.model.structural.check_structure` leaves), in the language in
force, and never fail on a partial draft: what is missing shows as "—" and in
the open findings.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from wizard import __version__
from wizard.documents.blocks import (
    Block,
    Checks,
    Code,
    Document,
    Fields,
    Heading,
    Inline,
    Items,
    Line,
    Lines,
    Paragraph,
    Quote,
    Rule,
    Strong,
    Table,
)
from wizard.documents.catalogue import TEXT
from wizard.model import data as refdata
from wizard.model import derive
from wizard.model.findings import Finding, label, step_of
from wizard.model.i18n import get_language, t

Data = dict[str, Any]


def _(key: str, **params: object) -> str:
    return t(TEXT, key, **params)


def _label(key: str, fallback: str) -> str:
    """A core label, or `fallback` for a value the catalogue does not know (a bad draft)."""
    try:
        return label(key)
    except KeyError:
        return fallback


def join_words(words: Iterable[str]) -> str:
    """``A, B et C`` (``A, B and C`` in English)."""
    items = [w for w in words if w]
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + _("and") + items[-1]


def colon() -> str:
    """``" : "`` in French (a space before the colon), ``": "`` in English."""
    return " : " if get_language() == "fr" else ": "


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def structure_name(data: Data) -> str:
    """The structure's name, or a placeholder for a draft that has none yet."""
    return (data["structure"].get("name") or "").strip() or _("unnamed")


class People:
    """The request's professionals by local id, with how to name them."""

    def __init__(self, data: Data) -> None:
        self.by_id = {p.get("id"): p for p in data["people"]}

    def name(self, pid: str | None) -> str:
        """First and last name of `pid`, or the raw id when the draft names nobody by it."""
        person = self.by_id.get(pid)
        if person is None:
            return pid or _("none")
        return f"{person.get('first_name') or ''} {person.get('last_name') or ''}".strip() or str(pid)

    def profession(self, pid: str | None) -> str:
        """The TRE_G15 label of `pid`'s profession (French: the nomenclature has no English)."""
        code = (self.by_id.get(pid) or {}).get("profession_code") or ""
        known = refdata.professions().get(code)
        return known["label"] if known else (code or _("none"))

    def name_and_profession(self, pid: str | None) -> str:
        """``Anne Leroy (Infirmier)``."""
        return f"{self.name(pid)} ({self.profession(pid)})"


def _delegate_name(delegate: Data) -> str:
    return f"{delegate.get('first_name') or ''} {delegate.get('last_name') or ''}".strip() or _("none")


def co_holder_ids(data: Data) -> list[str]:
    """Every co-holder of every mailbox, once, in order of appearance."""
    seen: dict[str, None] = {}
    for mailbox in data["mailboxes"]:
        for holder in mailbox["co_holders"]:
            seen.setdefault(holder["person"], None)
    return list(seen)


def exchanged_words(data: Data) -> list[str]:
    """What goes through the BAL, as words for a sentence (the user's own words for "other")."""
    usage = data["usage"]
    words = []
    for code in usage["exchanged"]:
        if code == "autre" and (usage.get("exchanged_other") or "").strip():
            words.append(usage["exchanged_other"].strip())
        else:
            words.append(_lower_first(_label(f"exchanged.{code}", code)))
    return words


# --- Summary ----------------------------------------------------------------------


def _yes_no(value: bool | None) -> str:
    return _("unanswered") if value is None else _("yes") if value else _("no")


def _structure(data: Data) -> list[Block]:
    structure = data["structure"]
    kind = structure.get("kind")
    kind_text = _label(f"kind.{kind}", kind) if kind else _("none")
    if kind == "autre" and structure.get("kind_other"):
        kind_text = f"{kind_text}{colon()}{structure['kind_other']}"
    ident = structure.get("identifier")
    ident_line: Line = (f"{ident['type']} ", Code(ident.get("value") or "")) if ident else (_("s.no_identifier"),)
    address = structure["address"]
    town = f"{address.get('postal_code') or ''} {address.get('city') or ''}".strip()
    where = ", ".join([*(line for line in address["lines"] if line.strip()), *([town] if town else [])])
    dep, region = derive.department(structure), derive.region(structure)
    rows: list[tuple[str, Line]] = [
        (_("s.name"), (Strong(structure_name(data)),)),
        (_("s.kind"), (kind_text,)),
        (_("s.identifier"), ident_line),
    ]
    if structure.get("finess"):
        rows.append((_("s.finess"), (Code(structure["finess"]),)))
    idnat = derive.idnat_struct(structure)
    if idnat:
        rows.append((_("s.idnat"), (Code(idnat),)))
    rows.append((_("s.address"), (where or _("none"),)))
    rows.append((_("s.territory"), (", ".join(x for x in (dep, region) if x) or _("none"),)))
    return [Heading(2, (_("s.structure"),)), Fields(tuple(rows))]


def _eligibility(data: Data) -> list[Block]:
    eligibility = data["eligibility"]
    result = derive.outcome(eligibility)
    rows: list[tuple[str, Line]] = [(_("s.outcome"), (Strong(_label(f"outcome.{result}", result)) if result else _("s.outcome_pending"),))]
    for key in ("needs_shared_mailbox", "has_finess", "has_rpps_professional"):
        rows.append((label(f"question.{key}"), (_yes_no(eligibility.get(key)),)))
    blocks: list[Block] = [Heading(2, (_("s.eligibility"),)), Fields(tuple(rows))]
    advice = [_label(f"advice.{code}", code) for code in derive.advice(data)]
    if advice:
        blocks.append(Items(tuple((_("s.advice") + colon(), a) for a in advice)))
    return blocks


def _story(mailbox: Data, people: People) -> list[Block]:
    """Who appointed whom and who delegated to whom, in the sheet's words."""
    holders = mailbox["co_holders"]
    appointed: dict[str | None, list[str]] = {}
    for holder in holders:
        if not holder.get("principal"):
            appointed.setdefault(holder.get("appointed_by"), []).append(people.name(holder["person"]))
    sentences: list[str] = []
    for holder in holders:
        pid = holder["person"]
        named = appointed.pop(pid, [])
        title = _("story.title_many" if len(named) > 1 else "story.title_one")
        if holder.get("principal"):
            key = "story.opens_and_names" if named else "story.opens"
            sentences.append(_(key, who=people.name(pid), whom=join_words(named), title=title))
        elif named:
            sentences.append(_("story.names", who=people.name(pid), whom=join_words(named), title=title))
    groups: dict[tuple[str, ...], list[str]] = {}
    for delegate in mailbox["delegates"]:
        function = (delegate.get("function") or "").strip()
        who = _delegate_name(delegate) + (f" ({function})" if function else "")
        groups.setdefault(tuple(delegate["delegated_by"]), []).append(who)
    for by, whom in groups.items():
        key = "story.delegate_many" if len(by) > 1 else "story.delegate_one"
        if by:
            sentences.append(_(key, who=join_words(people.name(p) for p in by), whom=join_words(whom)))
    return [Paragraph((" ".join(sentences),))] if sentences else []


def _mailbox(index: int, mailbox: Data, people: People) -> list[Block]:
    address = derive.address(mailbox)
    head: Line = (_("s.mailbox", n=index + 1), colon(), Code(address) if address else _("s.no_address"))
    rows: list[tuple[str, Line]] = [(_("s.bal_address"), (Code(address),) if address else (_("s.no_address"),))]
    for key in ("operator", "description", "service"):
        if (mailbox.get(key) or "").strip():
            rows.append((_(f"s.{key}"), (mailbox[key],)))
    rows.append((_("s.directory"), (_("s.liste_rouge") if mailbox.get("liste_rouge") else _("s.published"),)))
    blocks: list[Block] = [Heading(3, head), Fields(tuple(rows)), *_story(mailbox, people)]
    holders = mailbox["co_holders"]
    blocks.append(Paragraph((Strong(_("s.co_holders")),)))
    if holders:
        rows_h = []
        for holder in holders:
            pid = holder["person"]
            person = people.by_id.get(pid) or {}
            cards = ", ".join(_label(f"credential.{c}", c) for c in person.get("credentials", [])) or _("none")
            role: Line = (Strong(_("role.principal")),) if holder.get("principal") else (_("role.co_holder"),)
            by = holder.get("appointed_by")
            rows_h.append((
                (people.name(pid),),
                (Code(person["rpps"]),) if person.get("rpps") else (_("none"),),
                (people.profession(pid),),
                (cards,),
                role,
                (people.name(by) if by else _("none"),),
            ))
        headers = tuple(_(f"col.{c}") for c in ("name", "rpps", "profession", "cards", "role", "appointed_by"))
        blocks.append(Table(headers, tuple(rows_h)))
    else:
        blocks.append(Paragraph((_("s.no_co_holder"),)))
    blocks.append(Paragraph((Strong(_("s.delegates")),)))
    if mailbox["delegates"]:
        rows_d = tuple(
            (
                (_delegate_name(d),),
                (d.get("function") or _("none"),),
                (", ".join(_label(f"right.{r}", r) for r in d["rights"]) or _("none"),),
                (join_words(people.name(p) for p in d["delegated_by"]) or _("none"),),
                (d.get("email") or _("none"),),
            )
            for d in mailbox["delegates"]
        )
        headers = tuple(_(f"col.{c}") for c in ("name", "function", "rights", "delegated_by", "email"))
        blocks.append(Table(headers, rows_d))
    else:
        blocks.append(Paragraph((_("s.no_delegate"),)))
    return blocks


def _others(data: Data, people: People) -> list[Block]:
    holders = set(co_holder_ids(data))
    others = [p for p in data["people"] if p.get("id") not in holders]
    if not others:
        return []
    rows = tuple(
        ((people.name(p.get("id")),), (Code(p["rpps"]),) if p.get("rpps") else (_("none"),), (people.profession(p.get("id")),))
        for p in others
    )
    headers = (_("col.name"), _("col.rpps"), _("col.profession"))
    return [Heading(3, (_("s.other_people"),)), Table(headers, rows)]


def _usage(data: Data) -> list[Block]:
    usage = data["usage"]
    exchanged = ", ".join(_label(f"exchanged.{c}", c) for c in usage["exchanged"]) or _("none")
    rows: list[tuple[str, Line]] = [(_("s.exchanged"), (exchanged,))]
    if (usage.get("exchanged_other") or "").strip():
        rows.append((_("s.exchanged_other"), (usage["exchanged_other"],)))
    blocks: list[Block] = [Heading(2, (_("s.usage"),)), Fields(tuple(rows))]
    blocks.append(Paragraph((Strong(_("s.articulation")),)))
    blocks.append(Quote(usage.get("articulation") or _("none")))
    checklist = usage["checklist"]
    keys = ("prerequisites_checked", "patients_informed", "partners_informed")
    blocks.append(Heading(2, (_("s.checklist"),)))
    blocks.append(Checks(tuple((bool(checklist.get(k)), (_(f"check.{k}"),)) for k in keys)))
    acks = data["acknowledgements"]
    items = [(bool(acks.get("co_holder_responsibility")), (_("ack.co_holder_responsibility"),))]
    if acks.get("delegate_confidentiality") or any(m["delegates"] for m in data["mailboxes"]):
        items.append((bool(acks.get("delegate_confidentiality")), (_("ack.delegate_confidentiality"),)))
    blocks += [Heading(2, (_("s.acknowledgements"),)), Checks(tuple(items))]
    return blocks


def _contacts(data: Data) -> list[Block]:
    contact = data["contact"]
    parts = [contact.get("name"), contact.get("email"), contact.get("phone")]
    rows: list[tuple[str, Line]] = [(_("s.contact"), (", ".join(p for p in parts if p) or _("none"),))]
    advisor = data.get("advisor")
    if advisor:
        who = advisor.get("name") or ""
        if advisor.get("organisation"):
            who = f"{who} ({advisor['organisation']})" if who else advisor["organisation"]
        rows.append((_("s.advisor"), (", ".join(p for p in (who, advisor.get("email")) if p) or _("none"),)))
    return [Heading(2, (_("s.contacts"),)), Fields(tuple(rows))]


def _findings(findings: list[Finding]) -> list[Block]:
    blocks: list[Block] = [Heading(2, (_("s.findings"),))]
    if not findings:
        return [*blocks, Paragraph((_("s.no_findings"),))]
    errors = sum(f.severity == "error" for f in findings)
    blocks.append(Paragraph((_("s.findings_count", errors=errors, warnings=len(findings) - errors),)))
    items: list[Line] = []
    for finding in findings:
        where = _("s.where", step=_(f"step.{step_of(finding.path)}"), path="")
        items.append((Strong(_(f"severity.{finding.severity}")), colon(), finding.message, f" ({where}", Code(finding.path), ")"))
    blocks.append(Items(tuple(items)))
    return blocks


def summary(data: Data, findings: list[Finding], *, generated_on: str) -> Document:
    """The request summary, for the practice's records and the advisor."""
    people = People(data)
    blocks: list[Block] = [Heading(1, (_("summary.title"),)), Paragraph((Strong(structure_name(data)),))]
    blocks += _structure(data) + _eligibility(data)
    blocks.append(Heading(2, (_("s.mailboxes"),)))
    for index, mailbox in enumerate(data["mailboxes"]):
        blocks += _mailbox(index, mailbox, people)
    if not data["mailboxes"]:
        blocks.append(Paragraph((_("s.no_mailbox"),)))
    blocks += _others(data, people) + _usage(data) + _contacts(data) + _findings(findings)
    footer = _("s.footer", version=__version__, date=generated_on, request_id=data.get("request_id") or _("none"),
               created=(data.get("created_at") or "")[:10] or _("none"))
    if data.get("exported_at"):
        footer += _("s.exported", exported=data["exported_at"][:10])
    blocks += [Rule(), Paragraph((footer,))]
    return Document(f"{_('summary.title')} — {structure_name(data)}", get_language(), tuple(blocks))


# --- Patient notice ---------------------------------------------------------------


def _public_addresses(data: Data) -> tuple[Line, ...]:
    """The addresses a notice on the waiting-room wall may show: not those on the liste rouge."""
    shown = [derive.address(m) for m in data["mailboxes"] if not m.get("liste_rouge")]
    return tuple((Code(a),) for a in shown if a)


def notice(data: Data) -> Document:
    """The patient notice: a shared secure mailbox, who can read it, what it is for."""
    people = People(data)
    name = structure_name(data)
    holders = [people.name_and_profession(pid) for pid in co_holder_ids(data)]
    functions: dict[str, None] = {}
    for mailbox in data["mailboxes"]:
        for delegate in mailbox["delegates"]:
            functions.setdefault((delegate.get("function") or "").strip() or _delegate_name(delegate), None)
    many = len(data["mailboxes"]) > 1
    suffix = "_many" if many else ""
    co_key = "n.co_holder" if len(holders) == 1 else "n.co_holders"
    who: list[Line] = [(_(co_key, names=join_words(holders) or _("none")),)]
    delegates_key = "n.delegates_one" if len(holders) == 1 else "n.delegates"
    who.append((_(delegates_key, functions=join_words(functions)),) if functions else (_("n.no_delegates"),))
    what = exchanged_words(data)
    used_for = _("n.used_for" + suffix, what=join_words(what)) if what else _("n.used_for_unknown" + suffix)
    blocks: list[Block] = [
        Heading(1, (f"{_('notice.title')} — {name}",)),
        Paragraph((_("n.lead" + suffix),)),
        *([Items(addresses)] if (addresses := _public_addresses(data)) else []),
        Heading(2, (_("n.who" + suffix),)),
        Items(tuple(who)),
        Heading(2, (_("n.what" + suffix),)),
        Paragraph((used_for,)),
        Paragraph((_("n.secure" + suffix),)),
        Paragraph((_("n.questions"),)),
    ]
    return Document(f"{_('notice.title')} — {name}", get_language(), tuple(blocks))


# --- Partners' announcement -------------------------------------------------------

_MASCULINE = frozenset({
    "cabinet", "centre", "réseau", "ministère", "service", "groupement", "pôle", "laboratoire",
    "comité", "conseil", "département", "syndicat", "collectif", "dispositif", "sdis", "samu",
    "smur", "gcs", "secrétariat", "point", "cmp", "cmpp", "ssiad"
})
_FEMININE = frozenset({
    "maison", "clinique", "communauté", "pharmacie", "société", "mutuelle", "direction",
    "fédération", "plateforme", "structure", "préfecture", "mairie", "ville", "caisse", "scm",
    "selarl", "cpts", "permanence", "cellule", "délégation", "coordination"
})
_ELIDED = frozenset({
    "association", "agence", "hôpital", "institut", "établissement", "inspection", "union",
    "espace", "unité", "équipe", "office", "ehpad", "antenne", "observatoire", "organisation",
    "ordre", "entente", "assistance"
})
_ARTICLES = ("le ", "la ", "les ", "l'", "l’", "the ")


def with_article(name: str) -> str:
    """The structure's name as a sentence's subject: ``le Cabinet des Lilas``, ``la Maison de santé…``,
    ``l'Association…``; kept as it is when it has an article already, when the language is not
    French, or when its first word is none we know the gender of (a proper name)."""
    if get_language() != "fr" or not name or name.casefold().startswith(_ARTICLES):
        return name
    first = name.split(maxsplit=1)[0].casefold().strip(",.;:")
    if first in _ELIDED:
        return "l'" + name
    if first in _MASCULINE:
        return "le " + name
    if first in _FEMININE:
        return "la " + name
    return name


def _capital(text: str) -> str:
    """`text` beginning with a capital (a sentence beginning with an article)."""
    return text[:1].upper() + text[1:]



def announcement(data: Data) -> Document:
    """The message to external partners: the new address(es), what to send, where to find them."""
    people = People(data)
    name = structure_name(data)
    mailboxes = data["mailboxes"]
    many = len(mailboxes) > 1
    blocks: list[Block] = [
        Paragraph((_("a.subject_many" if many else "a.subject", structure=name),)),
        Paragraph((_("a.greeting"),)),
        Paragraph((_capital(_("a.lead_many", structure=with_article(name), count=len(mailboxes)) if many
                            else _("a.lead_one", structure=with_article(name))),)),
    ]
    for mailbox in mailboxes or [{"co_holders": [], "liste_rouge": False}]:
        address = derive.address(mailbox)
        line: list[Inline] = [Code(address) if address else _("a.missing_address")]
        detail = (mailbox.get("service") or "").strip() or (mailbox.get("description") or "").strip()
        if many and detail:
            line.append(f" — {detail}")
        holders = [people.name(h["person"]) for h in mailbox["co_holders"]]
        directory_key = "a.directory_one" if len(holders) == 1 else "a.directory"
        directory = _("a.liste_rouge") if mailbox.get("liste_rouge") else _(directory_key, names=join_words(holders) or _("none"))
        blocks.append(Lines((tuple(line), (directory,))))
    what = exchanged_words(data)
    send = _("a.send_many" if many else "a.send", what=join_words(what)) if what else _("a.send_unknown")
    blocks.append(Paragraph((send,)))
    blocks.append(Paragraph((_("a.closing"),)))
    address = data["structure"]["address"]
    town = f"{address.get('postal_code') or ''} {address.get('city') or ''}".strip()
    signature = [data["contact"].get("name") or "", name, ", ".join([*address["lines"], town] if town else address["lines"])]
    blocks.append(Lines(tuple((s,) for s in signature if s.strip())))
    return Document(f"{_('announcement.title')} — {name}", get_language(), tuple(blocks))
