"""The practice's documents for the sheet's four cases: facts present, nothing leaked, text kept as text.

Markdown is checked the way a reader sees it: rendered by markdown-it-py (raw
HTML allowed, as most viewers do) and read back as text. HTML is read with the
standard library's parser.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from itertools import permutations
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tests.conftest import EXAMPLES
from wizard.documents import DOCUMENTS, FORMATS, KINDS, DocumentError, build, render, write_documents
from wizard.model import data as refdata
from wizard.model.examples import EXAMPLES as BUILDERS
from wizard.model.findings import label
from wizard.model.i18n import get_language

DATE = "2026-11-26"
NAMES = sorted(BUILDERS)


def load(name: str) -> dict:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


class _Page(HTMLParser):
    """Text, tags and attributes of an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.style = ""
        self.title = ""
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)
        self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        where = self._in[-1] if self._in else ""
        if where == "style":
            self.style += data
        elif where == "title":
            self.title += data
        else:
            self.text.append(data)


def page(html_text: str) -> _Page:
    parser = _Page()
    parser.feed(html_text)
    parser.close()
    return parser


def markdown_to_html(md: str) -> str:
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(md)


def seen_text(text: str, fmt: str) -> str:
    """What a reader sees, with white space runs made single."""
    if fmt == "html":
        shown = " ".join(page(text).text)
    elif fmt == "md":
        shown = " ".join(page(markdown_to_html(text)).text)
    else:
        shown = text
    return re.sub(r"\s+", " ", shown)


def person_name(person: dict) -> str:
    return f"{person['first_name']} {person['last_name']}"


def facts(data: dict, kind: str) -> list[str]:
    """What document `kind` must say about the request `data`."""
    shown = [m for m in data["mailboxes"] if kind != "notice" or not m["liste_rouge"]]
    out = [data["structure"]["name"]] + [m["address"] for m in shown]
    people = {p["id"]: p for p in data["people"]}
    holders = [people[h["person"]] for m in data["mailboxes"] for h in m["co_holders"]]
    delegates = [d for m in data["mailboxes"] for d in m["delegates"]]
    out += [person_name(p) for p in holders]
    if kind == "summary":
        out += [p["rpps"] for p in holders]
        out += [person_name(d) for d in delegates] + [d["function"] for d in delegates]
        out += [label(f"right.{r}") for d in delegates for r in d["rights"]]
        out += [label(f"exchanged.{e}") for e in data["usage"]["exchanged"]]
        out += [data["structure"]["identifier"]["value"], data["structure"]["address"]["city"]]
        out += [data["contact"]["name"]]
    if kind == "notice":
        out += [d["function"] for d in delegates]
        out += [refdata.professions()[p["profession_code"]]["label"] for p in holders]
    if kind in ("notice", "announcement"):
        out += [label(f"exchanged.{e}").lower() for e in data["usage"]["exchanged"]]
    return out


def private_facts(data: dict) -> set[str]:
    """Values that belong to one request only."""
    values = {data["structure"]["name"], data["request_id"], data["contact"]["name"]}
    values |= {m["address"] for m in data["mailboxes"]}
    values |= {p["rpps"] for p in data["people"]} | {person_name(p) for p in data["people"]}
    values |= {person_name(d) for m in data["mailboxes"] for d in m["delegates"]}
    return values


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", NAMES)
def test_each_document_states_the_facts_of_its_request(name: str, kind: str, fmt: str) -> None:
    data = load(name)
    shown = seen_text(render(data, kind, fmt, generated_on=DATE), fmt)
    for fact in facts(data, kind):
        assert fact in shown, f"{name} {kind}.{fmt}: {fact!r} missing"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("name", "other"), list(permutations(NAMES, 2)))
def test_nothing_of_one_request_leaks_into_another(name: str, other: str, kind: str) -> None:
    render(load(other), kind, "md", generated_on=DATE)  # rendered just before: no state may carry over
    foreign = private_facts(load(other)) - private_facts(load(name))
    for fmt in FORMATS:
        text = render(load(name), kind, fmt, generated_on=DATE)
        leaked = sorted(f for f in foreign if f in text)
        assert not leaked, f"{kind}.{fmt} of {name} shows {leaked} from {other}"


def test_summary_marks_the_principal_and_tells_who_appointed_whom() -> None:
    md = render(load("cas1-cabinet-infirmier.json"), "summary", "md", generated_on=DATE)
    assert ("Anne Leroy ouvre la BAL ORG et nomme Bruno Garnier cotitulaire. "
            "Bruno Garnier nomme Chloé Morel cotitulaire.") in md
    rows = {line.split(" | ")[0].strip("| "): line for line in md.splitlines() if line.startswith("| ")}
    assert "**cotitulaire principal, responsable opérationnel" in rows["Anne Leroy"]
    assert "principal" not in rows["Bruno Garnier"] and rows["Bruno Garnier"].rstrip(" |").endswith("Anne Leroy")
    assert rows["Chloé Morel"].rstrip(" |").endswith("Bruno Garnier")


def test_summary_gives_delegates_their_rights_and_who_delegated() -> None:
    md = render(load("cas2-cabinet-medical.json"), "summary", "md", generated_on=DATE)
    assert "| Fanny Petit | secrétaire médicale | Consulter, Envoyer | David Fontaine et Élise Roux |" in md
    assert "David Fontaine et Élise Roux délèguent la BAL à Fanny Petit (secrétaire médicale)." in md
    case4 = render(load("cas4-ministere-interieur.json"), "summary", "md", generated_on=DATE)
    assert "| Maud Mercier | gestionnaire | Consulter | Quentin Renard |" in case4


def test_summary_lists_open_findings_and_the_checklist() -> None:
    data = load("cas4-ministere-interieur.json")
    md = render(data, "summary", "md", generated_on=DATE)
    assert "- [ ] Ouverture de la BAL communiquée aux partenaires externes" in md
    assert "- [x] Patients informés de l'usage d'une BAL partagée par les professionnels de la structure" in md
    assert "Pensez à annoncer l'ouverture de la BAL aux partenaires externes." in md
    assert "`usage.checklist.partners_informed`" in md
    complete = render(load("cas2-cabinet-medical.json"), "summary", "md", generated_on=DATE)
    assert "Aucun point ouvert : la demande est complète." in complete


def test_announcement_says_where_to_find_each_address_unless_liste_rouge() -> None:
    text = render(load("cas4-ministere-interieur.json"), "announcement", "txt")
    assert text.count("Vous la trouverez dans l'Annuaire Santé sous le nom de son cotitulaire : Quentin Renard.") == 3
    assert text.count("n'est pas publiée dans l'Annuaire Santé (liste rouge)") == 1
    hidden = text.index("sgami-ouest.bureau-detention.rennes@interieur.mssante.fr")
    assert text.index("liste rouge") > hidden
    one = render(load("cas1-cabinet-infirmier.json"), "announcement", "txt")
    assert "sous le nom de ses cotitulaires : Anne Leroy, Bruno Garnier et Chloé Morel." in one
    assert "liste rouge" not in one


def test_notice_says_who_reads_under_whose_responsibility() -> None:
    text = render(load("cas3-reseau.json"), "notice", "txt")
    assert "Gilles Marchand (Médecin) et Hélène Blanc (Médecin)" in text
    assert "sous leur responsabilité" in text and "secret professionnel" in text
    assert "(secrétaire médical)" in text
    assert "Inès Nicolas" not in text  # delegates are named by their function for patients
    case4 = render(load("cas4-ministere-interieur.json"), "notice", "txt")
    assert "sgami-ouest.administration.rennes@interieur.mssante.fr" in case4
    assert "bureau-detention" not in case4  # on the liste rouge: not for the waiting-room wall
    assert "sous sa responsabilité, les personnes à qui il en a délégué l'accès (chef du conseil médical," in case4
    alone = render(load("cas1-cabinet-infirmier.json"), "notice", "txt")
    assert "aucun accès n'est délégué" in alone and "secret professionnel" not in alone


HOSTILE = "<script>alert(1)</script>"


def hostile_request() -> dict:
    data = load("cas2-cabinet-medical.json")
    data["structure"]["name"] = HOSTILE
    data["people"][0]["first_name"] = "[bold]Zoé[/bold]"
    data["people"][1]["last_name"] = "*Roux* _x_ `y`"
    data["mailboxes"][0]["description"] = '<img src="http://evil.example/x.png" onerror="alert(2)">'
    data["mailboxes"][0]["delegates"][0]["function"] = "# secrétaire | [lien](http://evil.example) &amp;"
    data["usage"]["articulation"] = "# Titre\n- puce\n1. liste\n<b>gras</b>\n    code"
    data["contact"]["name"] = "Ève \x1b[31mRouge\u202e"
    return data


@pytest.mark.parametrize("kind", KINDS)
def test_html_shows_user_text_literally(kind: str) -> None:
    html_text = render(hostile_request(), kind, "html", generated_on=DATE)
    assert "<script" not in html_text.lower() and "<img" not in html_text.lower() and "<b>" not in html_text
    parsed = page(html_text)
    shown = " ".join(parsed.text)
    assert HOSTILE in shown and HOSTILE in parsed.title
    assert "[bold]Zoé[/bold]" in shown
    assert not {"script", "img", "a", "b"} & set(parsed.tags)
    assert "\x1b" not in html_text and "\u202e" not in html_text


@pytest.mark.parametrize("kind", KINDS)
def test_markdown_shows_user_text_literally(kind: str) -> None:
    md = render(hostile_request(), kind, "md", generated_on=DATE)
    parsed = page(markdown_to_html(md))
    shown = re.sub(r"\s+", " ", " ".join(parsed.text))
    assert HOSTILE in shown and "[bold]Zoé[/bold]" in shown
    assert not {"script", "img", "a", "b", "em", "pre"} & set(parsed.tags)
    assert parsed.tags.count("h1") <= 1
    if kind == "summary":
        assert "*Roux* _x_ `y`" in shown
        assert "# secrétaire | [lien](http://evil.example) &amp;" in shown
        assert "# Titre" in shown and "- puce" in shown and "1. liste" in shown and "<b>gras</b>" in shown
        assert "Titre" not in [t.strip() for t in parsed.text]  # not made a heading of its own
    assert "\x1b" not in md and "\u202e" not in md


def test_text_keeps_user_text_but_no_control_characters() -> None:
    text = render(hostile_request(), "announcement", "txt")
    assert HOSTILE in text and "[bold]Zoé[/bold]" in text
    # The escape character is gone, so what is left of the sequence is inert text.
    assert "Ève [31mRouge" in text and "\x1b" not in text and "\u202e" not in text


EXTERNAL_TAGS = {"script", "link", "img", "iframe", "object", "embed", "audio", "video", "source", "picture", "base", "frame"}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", NAMES)
def test_html_is_self_contained_and_made_for_a4(name: str, kind: str) -> None:
    html_text = render(load(name), kind, "html", generated_on=DATE)
    parsed = page(html_text)
    assert not EXTERNAL_TAGS & set(parsed.tags)
    assert not [a for a, _ in parsed.attrs if a in {"src", "href", "srcset", "action", "background", "style"}]
    assert not re.search(r"https?:|url\(|@import|//[a-z]", parsed.style, re.I)
    assert not re.search(r"https?://", html_text)
    assert re.search(r"@page\s*\{[^}]*size:\s*A4", parsed.style)
    assert html_text.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in html_text
    assert "default-src 'none'" in html_text  # nothing may be fetched or run, whatever the text
    assert '<html lang="fr">' in html_text


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", NAMES)
def test_output_is_deterministic_and_the_same_from_the_model_or_the_file(name: str, kind: str) -> None:
    data = load(name)
    model = BUILDERS[name]()
    for fmt in FORMATS:
        first = render(data, kind, fmt, generated_on=DATE)
        assert render(load(name), kind, fmt, generated_on=DATE) == first
        from_model = render(model, kind, fmt, generated_on=DATE)
        if kind == "summary":
            # The file says when it was exported; the draft does not know yet.
            first = re.sub(r" Fichier exporté le [0-9-]+\.", "", first)
        assert from_model == first
    other_day = render(data, kind, "md", generated_on="2027-01-01")
    if kind == "summary":
        assert other_day.replace("2027-01-01", DATE) == render(data, kind, "md", generated_on=DATE)
    else:
        assert other_day == render(data, kind, "md", generated_on=DATE)


def test_render_does_not_modify_its_input() -> None:
    data = load("cas1-cabinet-infirmier.json")
    del data["advisor"]  # a key the structural check would fill in
    before = json.dumps(data, sort_keys=True)
    render(data, "summary", "html")
    assert json.dumps(data, sort_keys=True) == before


def test_english_on_request_and_the_language_in_force_is_restored() -> None:
    data = load("cas2-cabinet-medical.json")
    md = render(data, "summary", "md", lang="en", generated_on=DATE)
    assert "# BAL ORG request summary" in md and "Co-holders" in md and "Read, Send" in md
    assert "Cotitulaires" not in md and "Consulter" not in md
    assert "David Fontaine opens the BAL ORG and appoints Élise Roux co-holder." in md
    assert '<html lang="en">' in render(data, "summary", "html", lang="en")
    assert "Who can read it?" in render(data, "notice", "txt", lang="en")
    assert "Subject:" in render(data, "announcement", "txt", lang="en")
    assert get_language() == "fr"
    assert [k.title() for k in DOCUMENTS] == [
        "Récapitulatif de la demande de BAL ORG", "Information des patients", "Annonce aux partenaires"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", KINDS)
def test_partial_drafts_render_without_failing(kind: str, fmt: str) -> None:
    broken = load("cas2-cabinet-medical.json")
    broken["mailboxes"][0]["co_holders"].append({"person": "p9", "principal": False, "appointed_by": "p8"})
    broken["mailboxes"][0]["delegates"][0]["rights"] = []
    broken["people"][0]["profession_code"] = "99"
    broken["structure"]["identifier"] = None
    for request in ({}, {"structure": {"name": "Cabinet"}}, broken):
        text = render(request, kind, fmt, generated_on=DATE)
        assert text.strip()
    summary = render(broken, "summary", "md", generated_on=DATE)
    assert "p9" in summary and "Erreur" in summary


@pytest.mark.parametrize("bad", [5, [], {"structure": 3}, {"mailboxes": [{"co_holders": "x"}]}, {"surprise": 1}])
def test_data_that_is_not_a_request_raises_a_document_error_with_findings(bad: object) -> None:
    with pytest.raises(DocumentError) as caught:
        render(bad, "summary", "md")
    assert caught.value.findings and all(f.severity == "error" for f in caught.value.findings)


def test_unknown_kind_or_format_is_refused() -> None:
    data = load("cas1-cabinet-infirmier.json")
    with pytest.raises(ValueError):
        render(data, "poster", "md")
    with pytest.raises(ValueError):
        render(data, "summary", "pdf")
    assert build(data, "notice").title == "Information des patients — Cabinet infirmier du Port"


def test_write_documents_writes_private_files(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    paths = write_documents(load("cas3-reseau.json"), folder, generated_on=DATE)
    assert [p.name for p in paths] == [
        "reseau-cancerologie-villeurbanne-recapitulatif.md",
        "reseau-cancerologie-villeurbanne-recapitulatif.html",
        "reseau-cancerologie-villeurbanne-information-patients.txt",
        "reseau-cancerologie-villeurbanne-annonce-partenaires.txt",
    ]
    assert folder.stat().st_mode & 0o777 == 0o700
    for path in paths:
        assert path.stat().st_mode & 0o777 == 0o600
    assert paths[0].read_text(encoding="utf-8") == render(load("cas3-reseau.json"), "summary", "md", generated_on=DATE)
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in paths)  # no temporary file left


def test_findings_given_by_the_caller_are_shown_as_they_are() -> None:
    from wizard.model.findings import warning

    data = load("cas2-cabinet-medical.json")
    given = [warning("co_holders.single", "mailboxes[0].co_holders")]
    md = render(data, "summary", "md", generated_on=DATE, findings=given)
    assert "personne pour assurer la continuité" in md and "0 erreur(s) à corriger avant l'export, 1 avertissement(s)." in md
    assert "Aucun point ouvert" in render(data, "summary", "md", generated_on=DATE, findings=[])


TRICKY = st.text(
    alphabet=st.sampled_from(list("abcXYZ é0123456789") + list("\\`*_{}[]()<>#+-.!|~&;:=\"'/@%$^?")),
    min_size=1, max_size=30,
).filter(lambda s: s.strip())


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@settings(max_examples=300, deadline=None)
@given(name=TRICKY, function=TRICKY)
def test_any_text_shows_literally_in_markdown_and_html(name: str, function: str) -> None:
    data = load("cas2-cabinet-medical.json")
    data["structure"]["name"] = name
    data["mailboxes"][0]["delegates"][0]["function"] = function
    for fmt in ("md", "html"):
        shown = _plain(seen_text(render(data, "announcement", fmt), fmt))
        assert f"Objet : {_plain(name)} : nouvelle adresse" in shown, fmt
        summary = render(data, "summary", fmt, generated_on=DATE)
        assert f"Fanny Petit ({_plain(function)})" in _plain(seen_text(summary, fmt)), fmt
        tags = page(markdown_to_html(summary) if fmt == "md" else summary).tags
        assert not {"em", "a", "img", "pre", "del", "s", "script"} & set(tags), fmt


@settings(max_examples=300, deadline=None)
@given(text=TRICKY)
def test_code_spans_hold_any_text(text: str) -> None:
    from wizard.documents.blocks import Code, Document, Paragraph, to_markdown

    rendered = markdown_to_html(to_markdown(Document("t", "fr", (Paragraph(("x ", Code(text))),))))
    assert re.fullmatch(r"<p>x <code>.*</code></p>\n", rendered, re.S)
    inner = page(rendered)
    assert inner.tags == ["p", "code"]
    assert "".join(inner.text).strip("\n").removeprefix("x ") == _plain(text)
