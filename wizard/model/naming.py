"""The mailbox's name: syntax of the local part and domain, suggestions, distinctiveness.

The sheet asks for an explicit name that avoids confusion between structures
with close names, and recommends a distinctive element such as the
geographic area. An address can never be changed after creation.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from wizard.model import data
from wizard.model.identifiers import departement_of

LOCAL_PART = re.compile(r"[a-z0-9]+(?:[._-][a-z0-9]+)*")
"""Lowercase ASCII letters and digits, single `.`, `-` or `_` between them."""
LOCAL_MIN, LOCAL_MAX, ADDRESS_MAX = 3, 64, 254
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_SEPARATORS = re.compile(r"[._-]")
_DOUBLED = re.compile(r"([._-])[._-]+")
_POSTAL = re.compile(r"[0-9]{5}")
_NOT_ALLOWED = re.compile(r"[^-a-z0-9._]+")


_DIGITS_COMMA = re.compile(r"(?<=\d),(?=\d)")


@lru_cache(maxsize=4096)
def transliterate(text: str) -> str:
    """A local part built from free text: accents dropped, lowercase, separators kept single.

    ``"Réseau-Cancérologie.Villeurbane"`` gives ``"reseau-cancerologie.villeurbane"``.
    Transliteration is python-slugify's; plain ASCII text, the common case, takes
    a shortcut that gives the same result without importing it (`validate`
    start-up time), as a property test checks.
    """
    if text.isascii() and "&" not in text:  # "&" may start an HTML entity, which slugify decodes
        slug = _NOT_ALLOWED.sub("-", _DIGITS_COMMA.sub("", text.lower()))  # slugify drops "," in "1,5"
    else:
        from slugify import slugify

        slug = slugify(text, regex_pattern=r"[^-a-z0-9._]+", lowercase=True)
    slug = _DOUBLED.sub(r"\1", slug).strip("._-")
    return slug[:LOCAL_MAX].rstrip("._-")


def local_part_problem(local_part: str) -> str | None:
    """What is wrong with a local part's syntax, as a message key suffix, or None."""
    if len(local_part) < LOCAL_MIN:
        return "too_short"
    if len(local_part) > LOCAL_MAX:
        return "too_long"
    if LOCAL_PART.fullmatch(local_part):
        return None
    if not local_part.isascii() or local_part != local_part.lower() or re.search(r"[^a-z0-9._-]", local_part):
        return "characters"
    if _DOUBLED.search(local_part):
        return "doubled"
    return "edges"


def is_mssante_domain(domain: str) -> bool:
    """A host name strictly under ``mssante.fr`` (not ``mssante.fr`` itself, not ``xmssante.fr``)."""
    if not domain or len(domain) > 253 or not domain.isascii():
        return False
    labels = domain.split(".")
    if len(labels) < 3 or labels[-2:] != ["mssante", "fr"]:
        return False
    return all(_LABEL.fullmatch(label) for label in labels)


def tokens(local_part: str) -> list[str]:
    """The words of a local part, split on its separators."""
    return [t for t in _SEPARATORS.split(local_part) if t]


def place_names(structure: dict[str, Any]) -> tuple[str, ...]:
    """Slugs of the structure's commune and département names, longest first."""
    address = structure.get("address") or {}
    return _place_names(address.get("city") or "", address.get("postal_code") or "")


@lru_cache(maxsize=1024)
def _place_names(city: str, postal_code: str) -> tuple[str, ...]:
    names = []
    if city:
        names.append(transliterate(city))
    dep = departement_of(postal_code)
    if dep:
        names.append(transliterate(data.departements()[dep]["name"]))
    return tuple(sorted({n.replace(".", "-") for n in names if n}, key=len, reverse=True))


def has_geographic_element(local_part: str, structure: dict[str, Any]) -> bool:
    """True when the local part names a place: a postal code, the département, or the commune.

    The commune may be written with or without separators; a one-letter slip
    (``villeurbane`` for Villeurbanne) still counts as the commune.
    """
    words = tokens(local_part)
    address = structure.get("address") or {}
    postal = address.get("postal_code") or ""
    dep = departement_of(postal)
    for word in words:
        if _POSTAL.fullmatch(word) and departement_of(word):
            return True
        if dep and word == dep.lower():
            return True
    flat = "".join(words)
    joined = "-".join(words)
    for name in place_names(structure):
        if not name:
            continue
        if name in joined or name.replace("-", "") in flat:
            return True
        if len(name) >= 5 and _close_to_any_run(name.replace("-", ""), words):
            return True
    return False


def _close_to_any_run(name: str, words: list[str]) -> bool:
    """True when some run of consecutive words, glued, is within one edit of `name`."""
    from rapidfuzz.distance import Levenshtein  # imported late: only needed for near-misses

    for start in range(len(words)):
        glued = ""
        for word in words[start:]:
            glued += word
            if len(glued) > len(name) + 1:
                break
            if Levenshtein.distance(glued, name, score_cutoff=1) <= 1:
                return True
    return False


def is_generic(local_part: str) -> bool:
    """True when, numbers and link words aside, only generic words remain (``cabinet-medical.44000``).

    Place names are not discounted: the sheet's own example ``cabinet-des-lilas.93260``
    (a practice in Les Lilas) must not be called generic.
    """
    generic, stop = data.generic_words(), data.stopwords()
    remaining = [w for w in tokens(local_part) if w not in stop and not w.isdigit()]
    return all(w in generic for w in remaining)


PURPOSE_MAX = 30
"""The longest purpose (a mailbox's service, slugged) put in a suggestion."""


def purpose_of(mailbox: dict[str, Any], structure: dict[str, Any]) -> str:
    """A mailbox's service or purpose as words for its name (``"Conseil médical"`` → ``conseil-medical``).

    Its ``service`` first, else its ``description``; the words of the structure's name are
    left out (a description often repeats it: "SGAMI Ouest : conseil médical"), and it is cut
    at a word to :data:`PURPOSE_MAX` characters. Empty when the mailbox says neither.
    """
    own = set(tokens(transliterate((structure.get("name") or "").replace(".", " "))))
    for key in ("service", "description"):
        words = [w for w in tokens(transliterate((mailbox.get(key) or "").replace(".", " "))) if w not in own]
        out = ""
        for word in words:
            if len(out) + len(word) + (1 if out else 0) > PURPOSE_MAX:
                break
            out = f"{out}-{word}" if out else word
        if out:
            return out
    return ""


def suggestions(structure: dict[str, Any], taken: set[str] = frozenset(),  # type: ignore[assignment]
                purpose: str = "") -> list[str]:
    """Local parts built from the structure's name and place, valid and not already `taken`.

    For "Cabinet des Lilas" at 93260 Les Lilas: ``cabinet-des-lilas.93260``,
    ``cabinet-des-lilas.les-lilas``... With a mailbox's `purpose` (:func:`purpose_of`), the
    suggestions that name it come first (``sgami-ouest.conseil-medical.rennes``,
    ``secretariat.cabinet-des-lilas``, ``cabinet-des-lilas-secretariat``): two mailboxes with
    different services never get the same list.
    """
    name = transliterate((structure.get("name") or "").replace(".", " "))
    address = structure.get("address") or {}
    postal = address.get("postal_code") or ""
    city = transliterate((address.get("city") or "").replace(".", " "))
    places = [p for p in (city, postal if _POSTAL.fullmatch(postal) else "") if p]
    out: list[str] = []
    if name and purpose:
        out.extend(f"{name}.{purpose}.{place}" for place in places[:1])
        out.append(f"{purpose}.{name}")
        out.append(f"{name}-{purpose}")
        out.extend(f"{name}.{purpose}.{place}" for place in places[1:])
    elif purpose:
        out.extend(f"{purpose}.{place}" for place in places)
        out.append(purpose)
    if name:
        for place in (postal if _POSTAL.fullmatch(postal) else "", city):
            if place:
                out.append(f"{name[: LOCAL_MAX - len(place) - 1].rstrip('._-')}.{place}")
        out.append(name)
    seen: set[str] = set()
    result = []
    for candidate in out:
        if candidate not in seen and candidate not in taken and local_part_problem(candidate) is None:
            seen.add(candidate)
            result.append(candidate)
    return result
