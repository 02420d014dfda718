"""Issue 12, point 11: a practice's professionals entered as a list (pasted lines or a CSV file).

The model reads the lines (separators, header line, RPPS with spaces, profession by
code or label) and checks each professional with the rules; the Roles step's
"Coller une liste" dialog shows each line with its findings and adds the valid
ones in one change (one undo).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual import events

from tests.tui_helpers import click, q, workers_done
from wizard.app import BalOrgApp
from wizard.model.people_list import profession_of, read_people, split_line
from wizard.model.request import Request
from wizard.screens.people import PeopleListDialog

CASE2 = Path(__file__).resolve().parent.parent / "examples" / "cas2-cabinet-medical.json"
# Valid RPPS numbers (Luhn): 10000000009, 10000000017, 10000000025; case 2 holds 10000456789 and 10000567890.


def _draft() -> Request:
    return Request.from_data(json.loads(CASE2.read_text(encoding="utf-8")))


def _codes(line: Any) -> set[str]:
    return {f.code for f in line.findings}


# -- the model -------------------------------------------------------------------------------------


@pytest.mark.parametrize("separator", [";", "\t", ","])
def test_each_separator(separator: str) -> None:
    text = separator.join(["10000000009", "MARTIN", "Anne", "70"]) + "\n"
    read = read_people(text, _draft())
    assert [(p.rpps, p.last_name, p.first_name, p.profession_code) for p in read.valid] == [
        ("10000000009", "MARTIN", "Anne", "70")]


def test_quoted_fields_and_spaces() -> None:
    assert split_line('"10000000009" ; "MARTIN, épouse ROUX" ; Anne ; 70') == [
        "10000000009", "MARTIN, épouse ROUX", "Anne", "70"]


def test_a_header_line_is_skipped_and_gives_the_order() -> None:
    text = "Nom;Prénom;N° RPPS;Profession\nMARTIN;Anne;10000000009;Infirmier\n"
    read = read_people(text, _draft())
    assert read.header == 1
    assert [(p.last_name, p.rpps, p.profession_code) for p in read.valid] == [("MARTIN", "10000000009", "60")]


def test_the_rpps_directory_export_header() -> None:
    text = "Identifiant PP;Nom d'exercice;Prénom d'exercice;Libellé profession\n10000000009;ROUX;Léa;Masseur-Kinésithérapeute\n"
    assert [p.profession_code for p in read_people(text, _draft()).valid] == ["70"]


def test_rpps_with_spaces_dots_or_dashes_is_taken_as_digits() -> None:
    read = read_people("10 000 000 009;A;B;70\n100.000.000.17;C;D;70\n10-000-000-025;E;F;70\n", _draft())
    assert [p.rpps for p in read.valid] == ["10000000009", "10000000017", "10000000025"]


@pytest.mark.parametrize(("written", "code", "loose"), [
    ("70", "70", False), ("070", "70", False), ("masseur-kinésithérapeute", "70", False),
    ("MASSEUR KINESITHERAPEUTE", "70", False), ("Kinésithérapeute", "70", True), ("kiné", "70", True),
    ("infirmière", "60", True), ("Sage femme", "50", False), ("plombier", None, False), ("", None, False),
])
def test_profession_by_code_label_or_near_label(written: str, code: str | None, loose: bool) -> None:
    assert profession_of(written) == (code, loose)


def test_bad_lines_are_reported_with_the_rules_messages() -> None:
    text = "\n".join([
        "10000000009;MARTIN;Anne;70",      # 1 fine
        "12345;DURAND;Paul;70",             # 2 RPPS invalid (the rules' message)
        "juste du texte",                   # 3 unreadable
        "10000000017;LEROY;Julie;plombier",  # 4 profession unknown
        "",                                 # 5 blank: skipped
        "10000000025;;;10",                 # 6 no name
        "10000000025;PETIT;Marc;kiné",      # 7 read as, to check: a warning, still added
    ])
    read = read_people(text, _draft())
    by_number = {line.number: line for line in read.lines}
    assert sorted(by_number) == [1, 2, 3, 4, 6, 7]
    assert by_number[1].ok and by_number[1].findings == []
    assert not by_number[2].ok and "person.rpps.invalid" in _codes(by_number[2])
    assert any("RPPS invalide" in f.message for f in by_number[2].findings)
    assert by_number[3].person is None and _codes(by_number[3]) == {"people_list.fields"}
    assert _codes(by_number[4]) == {"people_list.profession.unknown"}  # said once, with what was written
    assert "plombier" in by_number[4].findings[0].message
    assert not by_number[6].ok
    assert by_number[7].ok and _codes(by_number[7]) == {"people_list.profession.read_as"}
    assert [p.last_name for p in read.valid] == ["MARTIN", "PETIT"]


def test_duplicates_of_an_existing_rpps_or_within_the_list() -> None:
    draft = _draft()
    text = "10000456789;FONTAINE;David;10\n10000000009;MARTIN;Anne;70\n10000000009;MARTIN;Anne;70\n"
    read = read_people(text, draft)
    assert [_codes(line) for line in read.lines] == [{"person.rpps.duplicate"}] * 3
    assert read.valid == []
    assert len(draft.people) == 2  # the draft itself is not changed


def test_new_professionals_get_fresh_ids() -> None:
    draft = _draft()
    read = read_people("10000000009;MARTIN;Anne;70\n10000000017;ROUX;Léa;70\n", draft)
    ids = [p.id for p in read.valid]
    assert len(set(ids)) == 2 and not set(ids) & {p.id for p in draft.people}


def test_markup_in_a_line_is_data() -> None:
    read = read_people("10000000009;[b]MARTIN[/b];Anne;70\n", _draft())
    assert read.valid[0].last_name == "[b]MARTIN[/b]"


# -- the dialog ------------------------------------------------------------------------------------


async def _at_roles(pilot: Any) -> BalOrgApp:
    app: BalOrgApp = pilot.app
    await pilot.pause()
    app.open_file(str(CASE2))
    await pilot.pause()
    await workers_done(app)
    app.goto("roles")
    await pilot.pause()
    assert app.screen.STEP == "roles"
    return app


def _screen_text(pilot: Any) -> str:
    from tests.screen_text import screen_text

    return screen_text(pilot.app)


async def test_paste_three_lines_one_bad_and_add_two_in_one_change() -> None:
    async with BalOrgApp().run_test(size=(80, 24)) as pilot:
        app = await _at_roles(pilot)
        before = [p.rpps for p in app.draft.people]
        await click(pilot, "#people-paste")
        dialog = app.screen
        assert isinstance(dialog, PeopleListDialog)
        assert app.focused is dialog.query_one("#people-list-text")
        # A bracketed paste, as a terminal sends it (one event for the whole text).
        app.post_message(events.Paste("10 000 000 009;MARTIN;Anne;kiné\n12345;[b]DURAND[/b];Paul;70\n"
                                      "10000000017;LEROY;Julie;Infirmier\n"))
        await pilot.pause()
        shown = _screen_text(pilot)
        assert "3 ligne(s) : 2 à ajouter, 1 en erreur" in shown
        assert "✗ n°2  Paul [b]DURAND[/b]  12345" in shown  # typed text shown as typed, never markup
        assert "RPPS invalide" in shown
        assert "lue comme « Masseur-Kinésithérapeute »" in shown
        assert str(q(pilot, "#people-list-add").label) == "Ajouter les 2 professionnels"
        await click(pilot, "#people-list-add")
        await pilot.pause()
        assert app.screen is not dialog
        added = app.draft.people[len(before):]
        assert [(p.rpps, p.last_name, p.profession_code) for p in added] == [
            ("10000000009", "MARTIN", "70"), ("10000000017", "LEROY", "60")]
        assert q(pilot, "#f-people").row_count == len(before) + 2


async def test_one_undo_takes_the_whole_list_back() -> None:
    async with BalOrgApp().run_test(size=(80, 24)) as pilot:
        app = await _at_roles(pilot)
        before = [p.id for p in app.draft.people]
        changes: list[Any] = []
        original = app.update_draft

        def counted(change: Any, *args: Any, **kwargs: Any) -> Any:
            changes.append(change)
            return original(change, *args, **kwargs)

        app.update_draft = counted  # type: ignore[method-assign]
        await click(pilot, "#people-paste")
        app.post_message(events.Paste("10000000009;MARTIN;Anne;70\n10000000017;LEROY;Julie;60\n"))
        await pilot.pause()
        await click(pilot, "#people-list-add")
        await pilot.pause()
        assert len(changes) == 1 and len(app.draft.people) == len(before) + 2
        await pilot.press("ctrl+z")  # one undo takes both back
        await pilot.pause()
        assert [p.id for p in app.draft.people] == before
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert len(app.draft.people) == len(before) + 2


async def test_nothing_valid_nothing_to_add() -> None:
    async with BalOrgApp().run_test(size=(80, 24)) as pilot:
        app = await _at_roles(pilot)
        count = len(app.draft.people)
        await click(pilot, "#people-paste")
        app.post_message(events.Paste("10000456789;FONTAINE;David;10\n"))  # already in the draft
        await pilot.pause()
        assert q(pilot, "#people-list-add").disabled
        assert "saisi pour deux personnes" in _screen_text(pilot)
        assert len(app.draft.people) == count


async def test_a_csv_file_instead(tmp_path: Path) -> None:
    path = tmp_path / "équipe.csv"
    path.write_bytes("RPPS;Nom;Prénom;Profession\r\n10000000009;MARTIN;Anne;Masseur-Kinésithérapeute\r\n"
                     .encode("cp1252"))  # saved by a French spreadsheet
    async with BalOrgApp().run_test(size=(80, 24)) as pilot:
        app = await _at_roles(pilot)
        count = len(app.draft.people)
        await click(pilot, "#people-paste")
        dialog = app.screen
        dialog.query_one("#people-list-path").focus()
        app.post_message(events.Paste(str(tmp_path / "absent.csv")))
        await pilot.press("enter")
        await pilot.pause()
        assert "Fichier introuvable" in _screen_text(pilot)
        dialog.query_one("#people-list-path").value = str(path)
        await click(pilot, "#people-list-read")
        await pilot.pause()
        assert "1 ligne(s) : toutes à ajouter." in _screen_text(pilot)
        assert str(q(pilot, "#people-list-add").label) == "Ajouter 1 professionnel"
        await click(pilot, "#people-list-add")
        await pilot.pause()
        assert [p.last_name for p in app.draft.people[count:]] == ["MARTIN"]
