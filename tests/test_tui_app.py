"""The wizard across steps: opening files, saving, quitting, the palette, French and English, markup, 80×24."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from rich.text import Text

from tests.tui_helpers import SIZE, click, next_step, q, type_into, workers_done
from wizard.app import BalOrgApp
from wizard.model.findings import STEPS
from wizard.model.i18n import set_language
from wizard.screens.base import StepPanel

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CASE4 = EXAMPLES / "cas4-ministere-interieur.json"


async def test_open_a_bad_file_shows_findings_and_stays_home(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "bal-org-request", "version": 1, "surprise": true', encoding="utf-8")
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        await type_into(pilot, "#open-path", str(bad))
        await pilot.press("enter")
        await pilot.pause()
        app: BalOrgApp = pilot.app
        assert type(app.screen).__name__ == "HomeScreen"
        assert app.draft is None
        assert q(pilot, "#open-findings").display
        assert "JSON valide" in q(pilot, "#open-findings").findings[0].message


async def test_open_a_file_with_unknown_keys_is_refused(tmp_path: Path) -> None:
    data = json.loads(CASE4.read_text(encoding="utf-8"))
    data["surprise"] = True
    odd = tmp_path / "odd.json"
    odd.write_text(json.dumps(data), encoding="utf-8")
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        await type_into(pilot, "#open-path", str(odd))
        await click(pilot, "#open-button")
        assert pilot.app.draft is None
        assert any(f.code == "schema.unknown_key" for f in q(pilot, "#open-findings").findings)


async def test_open_missing_file() -> None:
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        await type_into(pilot, "#open-path", "/nonexistent/demande.json")
        await pilot.press("enter")
        await pilot.pause()
        assert "Fichier illisible" in q(pilot, "#open-findings").findings[0].message


async def test_run_with_a_file_opens_it_at_review() -> None:
    app = BalOrgApp(file=str(CASE4))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert app.screen.STEP == "review"
        assert len(app.draft.mailboxes) == 4
        assert app.reachable_steps() == set(STEPS)
        assert not app.dirty


async def test_save_draft_then_resume_from_home() -> None:
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # blank request
        await next_step(pilot)
        await click(pilot, "#needs_shared_mailbox-yes")
        app: BalOrgApp = pilot.app
        assert app.dirty
        await pilot.press("ctrl+s")  # saved to the drafts store now (it autosaves anyway)
        await pilot.pause()
        assert not app.dirty
        assert "Brouillon enregistré." in [str(n.message) for n in app._notifications]
        draft_id = app.stored.id
    items = next(Path(os.environ["BALORG_DATA_DIR"]).glob("drafts/items/*.json"))
    assert items.stat().st_mode & 0o777 == 0o600
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        await pilot.pause()
        await click(pilot, "#drafts-resume")
        app = pilot.app
        assert app.stored.id == draft_id
        assert app.draft.eligibility.needs_shared_mailbox is True
        assert app.screen.STEP == "eligibility"  # the furthest step reached


async def test_quit_saves_instead_of_asking() -> None:
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await next_step(pilot)
        await click(pilot, "#needs_shared_mailbox-yes")
        await pilot.press("ctrl+q")  # no "unsaved work" question: the draft is saved
        await pilot.pause()
        assert not pilot.app.is_running
    assert pilot.app.return_code == 0
    from wizard.store.drafts import DraftStore

    [summary] = DraftStore().list()
    assert DraftStore().load(summary.id).request.eligibility.needs_shared_mailbox is True


async def test_quit_at_once_without_changes() -> None:
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not pilot.app.is_running


async def test_ctrl_c_says_how_to_quit_in_french() -> None:
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+c")
        await pilot.pause()
        messages = [n.message for n in pilot.app._notifications]
        assert any("pour quitter balorg" in m for m in messages)


async def test_palette_is_french_and_goes_to_a_step() -> None:
    app = BalOrgApp(file=str(CASE4))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = pilot.app.screen
        assert "Chercher une commande" in str(palette.query_one("#palette-input").placeholder)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Aller à l'étape : La structure" in titles
        assert {"Nouvelle demande", "Enregistrer le brouillon", "Exporter la demande", "Quitter"} <= set(titles)
        assert not {"Theme", "Quit", "Keys", "Screenshot"} & set(titles)
        await pilot.press(*"Aller à l'étape : La structure")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert app.screen.STEP == "structure"


async def test_palette_says_no_match_in_the_user_language() -> None:
    for lang, expected in (("fr", "Aucune commande ne correspond"), ("en", "No matches found")):
        set_language(lang)
        app = BalOrgApp(file=str(CASE4))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*"zzqxw")
            await pilot.pause()
            shown = [str(option.prompt) for option in pilot.app.screen.query_one("#palette-list").options]
            assert shown == [expected], lang


async def test_presets_in_french_then_english() -> None:
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        await pilot.pause()
        prompts = [str(o.prompt) for o in q(pilot, "#new-request").options]
        assert "Cas n°1 : cabinet infirmier" in prompts
    set_language("en")
    app = BalOrgApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        prompts = [str(o.prompt) for o in q(pilot, "#new-request").options]
        assert prompts[1:] == ["Case 1: nursing practice", "Case 2: medical practice",
                               "Case 3: network or association", "Case 4: Ministry of the Interior"]
        q(pilot, "#new-request").highlighted = 2  # case 2
        await pilot.press("enter")
        await pilot.pause()
        app.goto("roles")
        await pilot.pause()
        notes = " ".join(str(n.render()) for n in app.screen.panel.query(".note"))
        assert "Doctor A opens the BAL ORG" in notes


async def test_select_prompt_and_keys_in_french_then_english() -> None:
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        pilot.app.goto("structure")
        await pilot.pause()
        assert q(pilot, "#f-structure-kind").prompt == "Choisir…"
        descriptions = {b.binding.description for b in pilot.app.screen.active_bindings.values()}
        assert {"Suivant", "Précédent", "Aide", "Quitter"} <= descriptions
    set_language("en")
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "New request" in str(pilot.app.screen.query_one(".section-title").render())
        await pilot.press("enter")
        await pilot.pause()
        pilot.app.goto("structure")
        await pilot.pause()
        assert q(pilot, "#f-structure-kind").prompt == "Select…"
        descriptions = {b.binding.description for b in pilot.app.screen.active_bindings.values()}
        assert {"Next", "Back", "Help", "Quit"} <= descriptions
        assert "Name of the structure" in str(pilot.app.screen.panel.query(".field-label").first().render())


MARKUP = ("[bold]x[/bold]", "[@click=app.quit]x")


@pytest.mark.parametrize("text", MARKUP)
async def test_user_text_is_never_markup(text: str) -> None:
    app = BalOrgApp(file=str(CASE4))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        app.goto("structure")
        await pilot.pause()
        await type_into(pilot, "#f-structure-name", text)
        app.goto("roles")
        await pilot.pause()
        await click(pilot, "#people-edit")
        await type_into(pilot, "#f-c-first_name", text)
        await click(pilot, "#dialog-ok")
        table = q(pilot, "#f-people")
        cell = table.get_cell_at((0, 0))
        assert isinstance(cell, Text) and text in cell.plain
        tree_label = q(pilot, "#co-holders").root.children[0].label
        assert text in tree_label.plain
        await click(pilot, "#f-people")  # a click on the name does nothing but select the row
        await pilot.press("escape")
        app.goto("review")
        await pilot.pause()
        summary = q(pilot, "#summary")
        assert text in str(summary.render())
        await click(pilot, "#summary")
        await pilot.pause()
        assert app.is_running and app.screen.STEP == "review"
        app.goto("name")
        await pilot.pause()
        await type_into(pilot, "#f-mailboxes-0-local_part", text)
        assert text in str(q(pilot, "#f-mailboxes-0-local_part").parent.query_one(".field-error").render())
        assert app.is_running


@pytest.mark.parametrize("step", STEPS[1:])
async def test_every_step_fits_80_columns(step: str) -> None:
    """No field or button of a step hides under the help panel at 80×24."""
    app = BalOrgApp(file=str(CASE4))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        app.goto(step)
        await pilot.pause()
        form = pilot.app.screen.panel
        right = form.region.right
        for widget in form.query("Button, Input, Select, Checkbox, RadioSet, DataTable, Tree, SelectionList"):
            if widget.display and widget.region.width:
                assert widget.region.right <= right, (widget, widget.region, right)


async def test_step_panel_reused_until_what_it_shows_changes() -> None:
    app = BalOrgApp(file=str(EXAMPLES / "cas2-cabinet-medical.json"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        app.goto("name")
        await pilot.pause()
        screen, first = app.screen, app.screen.panel
        app.goto("structure")
        await pilot.pause()
        app.goto("name")
        await pilot.pause()
        assert app.screen is screen and app.screen.panel is first  # nothing changed: the built step shows again
        app.goto("structure")
        await pilot.pause()
        await type_into(pilot, "#f-structure-name", "Cabinet des Roses")
        app.goto("name")
        await pilot.pause()
        assert app.screen is screen  # one screen for every step
        assert app.screen.panel is not first  # the suggestions come from the structure's name: rebuilt
        assert not first.is_attached  # the old one is taken away
        assert "cabinet-des-roses.93260" in str(q(pilot, "#suggest-0-0").label)


async def test_theme_change_restyles_a_reused_step() -> None:
    app = BalOrgApp(file=str(EXAMPLES / "cas2-cabinet-medical.json"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        app.goto("structure")
        await pilot.pause()
        dark = q(pilot, "#step-bar").styles.background
        app.goto("name")
        await pilot.pause()
        app.theme = "textual-light"
        await pilot.pause()
        app.goto("structure")
        await pilot.pause()
        assert q(pilot, "#step-bar").styles.background != dark


async def test_steps_reached_are_built_ahead_and_show_from_their_top() -> None:
    """While a step shows, every other step reached is built, hidden, in the wizard's screen.

    Going to one is then only a switch of panels, and it shows from its top,
    title first, its first field focused (not scrolled to the middle).
    """
    app = BalOrgApp(file=str(CASE4))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.goto("structure")
        await pilot.pause()
        await workers_done(app)
        await pilot.pause()
        screen = app.screen
        built = {panel.STEP: panel for panel in screen.query(StepPanel)}
        assert set(built) == set(STEPS[1:])
        for step, panel in built.items():
            assert panel.is_mounted and panel.display == (step == "structure"), step
        for step in ("roles", "review", "inform", "usage", "eligibility", "name"):
            app.goto(step)
            await pilot.pause()
            assert app.screen is screen and screen.panel is built[step], step
            assert pilot.app.screen.panel.scroll_y == 0, step
            title = q(pilot, ".step-title")
            assert title.region.height and title.region.y < SIZE[1], step
            assert app.screen.focused is not None, step


async def test_step_changes_leave_no_footer_keys_behind() -> None:
    """Textual's Footer left its keys reachable at each rebuild (data_bind watchers): WizardFooter prunes them."""
    import gc

    from textual.widget import Widget

    app = BalOrgApp(file=str(CASE4))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await workers_done(app)

        def widgets() -> int:
            gc.collect()
            return sum(1 for o in gc.get_objects() if isinstance(o, Widget))

        for step in ("inform", "structure", "review", "name"):  # every panel built, the Footer rebuilt
            app.goto(step)
            await pilot.pause()
            await workers_done(app)
        before = widgets()
        for step in ("inform", "structure", "review", "name") * 5:
            app.goto(step)
            await pilot.pause()
        await workers_done(app)
        await pilot.pause()
        assert widgets() - before < 10  # twenty step changes; Textual's Footer alone left ~20 keys each


@pytest.mark.parametrize("pauses", [1, 2])
async def test_a_step_asked_for_while_the_wizard_mounts_is_shown(pauses: int) -> None:
    """A jump asked for between the wizard screen's compose and its mount (keys in a burst at
    start-up) shows that step, mounted and on screen, not the one the screen was composed with."""
    from tests.tui_helpers import workers_done

    app = BalOrgApp(file=str(EXAMPLES / "cas2-cabinet-medical.json"))
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(pauses):
            await pilot.pause()
        app.goto("roles")
        for _ in range(3):
            await pilot.pause()
            await workers_done(app)
        screen = app.screen
        panel = screen.panel
        assert panel.STEP == "roles" and panel.is_attached and panel.ready
        assert screen.query_one("#steps").current == panel.id
        assert panel.display and panel.region.height > 0


async def test_a_step_built_ahead_while_the_screen_is_taken_down_is_left_alone() -> None:
    """Quitting removes the wizard screen's children while the worker that builds the steps
    ahead may still run: building one more step then does nothing (it failed the worker and
    the app with "No nodes match '#steps'" on a loaded machine)."""
    app = BalOrgApp(file=str(EXAMPLES / "cas2-cabinet-medical.json"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await workers_done(app)
        screen = app.screen
        await screen.query_one("#steps").remove()  # as Textual does when the screen goes
        late = StepPanel()
        assert screen.add_ahead(late) is None
        screen.show_panel(late)  # nothing to show it in: left alone
        assert late.parent is None
        assert app.is_running
