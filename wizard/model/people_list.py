"""A practice's professionals given as a list: pasted lines or a CSV file, read and checked before they are added.

One line a professional, ``RPPS;NOM;Prénom;profession`` (optionally ``;e-mail;téléphone``),
the fields separated by semicolons, tabs or commas (the first of them found on
the line; fields may be quoted as in CSV). A first line naming the columns
(``RPPS;Nom;Prénom;Profession``, or the RPPS directory's ``Identifiant PP``,
``Nom d'exercice``...) is recognised, skipped, and gives the columns' order. The
RPPS may be typed with spaces, dots or dashes (``10 000 000 009``); the
profession by its TRE_G15 code (``70``) or its label, read loosely (``kiné``,
``infirmière``, ``Masseur kinesitherapeute``) against wizard's professions data.

Each professional read is checked by the model's rules (:func:`wizard.model.rules.check`)
on a copy of the draft holding them all, as the professional dialog checks one:
the same messages, no second copy of a rule; an RPPS already in the draft, or
twice in the list, is reported by the rules' own duplicate check. Plain Python,
no Textual: the dialog only shows what :func:`read_people` says.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from wizard.model import data
from wizard.model.findings import Finding
from wizard.model.i18n import t
from wizard.model.identifiers import normalise_identifier
from wizard.model.request import Professional, Request
from wizard.model.rules import check

_TEXT = {
    "fields": (
        "Ligne illisible : au moins le RPPS, le nom et le prénom, séparés par « ; », une tabulation ou une virgule.",
        "Unreadable line: at least the RPPS, last and first names, separated by ';', a tab or a comma.",
    ),
    "profession.unknown": (
        "Profession « {value} » non reconnue : donnez son code ou son libellé TRE_G15 (ex. : 70 ou "
        "Masseur-Kinésithérapeute).",
        "Profession \"{value}\" not recognised: give its TRE_G15 code or label (e.g. 70 or Masseur-Kinésithérapeute).",
    ),
    "profession.read_as": (
        "Profession « {value} » lue comme « {label} » ({code}) : vérifiez.",
        "Profession \"{value}\" read as \"{label}\" ({code}): please check.",
    ),
    "extra": (
        "{count} champ(s) en trop en fin de ligne, ignoré(s).",
        "{count} extra field(s) at the end of the line, ignored.",
    ),
}

COLUMNS = ("rpps", "last_name", "first_name", "profession", "email", "phone")
"""The columns of a line without a header line, in order (the last two are optional)."""

_HEADER_NAMES = {
    "rpps": ("rpps", "n rpps", "no rpps", "numero rpps", "identifiant rpps", "id rpps", "identifiant pp",
             "identification nationale pp"),
    "last_name": ("nom", "nom de famille", "nom d exercice", "nom d usage", "last name"),
    "first_name": ("prenom", "prenom d exercice", "prenom d usage", "first name"),
    "profession": ("profession", "code profession", "libelle profession", "metier", "profession code"),
    "email": ("email", "e mail", "mail", "courriel", "adresse e mail", "adresse electronique"),
    "phone": ("telephone", "tel", "phone", "numero de telephone", "portable"),
}
_FUZZY_CUTOFF = 80.0
"""rapidfuzz's WRatio (0-100) a label must reach to be taken for a profession."""


@dataclass
class ListLine:
    """One line of the list as read: its number in the text, the professional it gives, what was found.

    Attributes:
        number: the line's number in the text (1 for the first line, blank lines counted).
        text: the line as given.
        person: the professional read (None when the line cannot be read at all).
        findings: what the reading and the rules say of this professional (paths are the person's own
            fields: ``rpps``, ``last_name``, ..., ``""`` for the line).
    """

    number: int
    text: str
    person: Professional | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the professional can be added: read, and no error."""
        return self.person is not None and not any(f.severity == "error" for f in self.findings)


@dataclass
class PeopleList:
    """What a pasted list (or file) says: its lines, whether a header line was skipped."""

    lines: list[ListLine]
    header: int | None = None
    """The number of the header line skipped, if any."""

    @property
    def valid(self) -> list[Professional]:
        """The professionals that can be added, in the list's order."""
        return [line.person for line in self.lines if line.ok and line.person is not None]

    @property
    def invalid(self) -> list[ListLine]:
        """The lines in error (not added)."""
        return [line for line in self.lines if not line.ok]


def fold(text: str) -> str:
    """Lower case, no accents, punctuation as spaces: how header names and profession labels are compared."""
    text = "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def split_line(line: str) -> list[str]:
    """The fields of one line: separated by the first of ``;``, tab, ``,`` found in it (CSV quoting understood)."""
    separator = next((s for s in (";", "\t", ",") if s in line), None)
    if separator is None:
        return [line.strip()]
    try:
        fields = next(csv.reader([line], delimiter=separator, skipinitialspace=True))
    except csv.Error:
        fields = line.split(separator)
    return [" ".join(f.split()) for f in fields]


def header_columns(fields: list[str]) -> list[str | None] | None:
    """The column each field of a header line names, or None when `fields` is no header line.

    A header line names at least two known columns (or just "RPPS" first), and its first field is not an RPPS.
    """
    names: list[str | None] = []
    for value in fields:
        folded = fold(value)
        names.append(next((column for column, known in _HEADER_NAMES.items() if folded in known), None))
    known = [n for n in names if n is not None]
    if normalise_identifier(fields[0]).isdigit():
        return None
    if len(set(known)) >= 2 or (names and names[0] == "rpps"):
        return names
    return None


@cache
def _labels() -> dict[str, str]:
    """Folded label of each active profession, by code."""
    return {p["code"]: fold(p["label"]) for p in data.active_professions()}


_SHORT = {"kine": "70", "infirmiere": "60", "sage femme": "50", "medecin generaliste": "10", "generaliste": "10",
          "dentiste": "40", "chirurgien dentiste": "40"}
"""Words in daily use that name a profession without its label's letters."""


def profession_of(value: str) -> tuple[str | None, bool]:
    """The TRE_G15 code `value` names, and whether it was a loose match (to be checked by the user).

    A code (``"70"``), a label in any case and accents (``"masseur-kinésithérapeute"``), or a near
    label found with rapidfuzz (``"kinésithérapeute"``, ``"infirmière"``); ``(None, False)`` when none.
    """
    value = value.strip()
    if not value:
        return None, False
    professions = data.professions()
    code = value.removeprefix("0") if value.isdigit() and len(value) == 3 else value
    if code in professions:
        return code, False
    folded = fold(value)
    labels = _labels()
    for code, label in labels.items():
        if folded == label:
            return code, False
    if folded in _SHORT and _SHORT[folded] in professions:
        return _SHORT[folded], True
    from rapidfuzz import fuzz, process  # only for a label not written as in the nomenclature

    best = process.extractOne(folded, labels, scorer=fuzz.WRatio, score_cutoff=_FUZZY_CUTOFF)
    return (best[2], True) if best is not None else (None, False)


def read_people(text: str, draft: Request) -> PeopleList:
    """Read and check the professionals of `text` (pasted lines or a CSV file's content) for `draft`.

    `draft` is not changed: the professionals get the next free ids after its own, and are checked
    on a copy holding them all (so an RPPS already in the draft, or twice in the list, is an error).
    """
    lines: list[ListLine] = []
    columns: list[str | None] = list(COLUMNS)
    header: int | None = None
    candidate = draft.model_copy(deep=True)
    by_index: dict[int, ListLine] = {}  # the lines read, by their professional's index in the candidate
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        fields = split_line(raw)
        if header is None and not lines:
            named = header_columns(fields)
            if named is not None:
                header, columns = number, named
                continue
        values = {c: v for c, v in zip(columns, fields, strict=False) if c is not None and v}
        found: list[Finding] = []
        if len(fields) < 3 or not (values.get("last_name") or values.get("first_name")):
            lines.append(ListLine(number, raw, None, [Finding("error", "people_list.fields", "", t(_TEXT, "fields"))]))
            continue
        if len(fields) > len(columns):
            found.append(Finding("warning", "people_list.extra", "", t(_TEXT, "extra", count=len(fields) - len(columns))))
        code, loose = profession_of(values.get("profession", ""))
        if values.get("profession") and code is None:
            found.append(Finding("error", "people_list.profession.unknown", "profession_code",
                                 t(_TEXT, "profession.unknown", value=values["profession"])))
        elif loose and code is not None:
            found.append(Finding("warning", "people_list.profession.read_as", "profession_code",
                                 t(_TEXT, "profession.read_as", value=values["profession"],
                                   label=data.professions()[code]["label"], code=code)))
        person = Professional(
            id=candidate.next_person_id(),
            rpps=normalise_identifier(values.get("rpps", "")),
            last_name=values.get("last_name", ""),
            first_name=values.get("first_name", ""),
            profession_code=code,
            email=values.get("email") or None,
            phone=values.get("phone") or None,
        )
        line = ListLine(number, raw, person, found)
        by_index[len(candidate.people)] = line
        candidate.people.append(person)
        lines.append(line)
    for finding in check(candidate.to_data(), derived=False):
        index, path = _person_path(finding.path)
        owner = by_index.get(index) if index is not None else None
        if owner is None:
            continue
        if finding.code == "person.profession.missing" and any(
                f.code == "people_list.profession.unknown" for f in owner.findings):
            continue  # already said, with what was written
        owner.findings.append(Finding(finding.severity, finding.code, path, finding.message))
    for line in lines:
        line.findings.sort(key=lambda f: f.severity != "error")
    return PeopleList(lines, header)


_PERSON_PATH = re.compile(r"people\[(\d+)\](?:\.(.*))?")


def _person_path(path: str) -> tuple[int | None, str]:
    """``people[3].rpps`` → ``(3, "rpps")``; a path elsewhere → ``(None, path)``."""
    match = _PERSON_PATH.fullmatch(path)
    if match is None:
        return None, path
    return int(match.group(1)), match.group(2) or ""
