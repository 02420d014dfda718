"""Issue 12, points 3 (end), 4 and 8: state readable without colour, focus and keys, fields kept on Tab.

The screen is read as plain text (``tests/screen_text.py``, from Textual's public SVG export):
what a monochrome terminal or a screen reader's review of the screen gets, no colour.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.screen_text import region_text, screen_lines, screen_text
from tests.tui_helpers import SIZE, click, focus, q
from wizard.app import BalOrgApp
from wizard.model.findings import STEPS
from wizard.screens.base import HelpScreen
from wizard.screens.palette import CommandsScreen
from wizard.screens.people import DelegateDialog
from wizard.widgets.scroll import ScrollArea

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CASE1 = EXAMPLES / "cas1-cabinet-infirmier.json"


async def settle(pilot: Any, times: int = 4) -> None:
    for _ in range(times):
        await pilot.pause()


async def show(pilot: Any, step: str) -> None:
    pilot.app.goto(step)
    await settle(pilot)
    shown = pilot.app.screen.STEP
    assert shown == step


async def new_request(pilot: Any) -> None:
    """Home → "Demande vierge" (the first choice of Home's list), as a new user does."""
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert pilot.app.screen.STEP == "inform"


def line_with(pilot: Any, text: str) -> str:
    found = [line for line in screen_lines(pilot.app) if text in line]
    assert found, f"{text!r} not on screen:\n{screen_text(pilot.app)}"
    return found[0]


# -- point 4: state readable without colour ------------------------------------------------------------

async def test_checkboxes_show_their_state_as_text_and_their_label_wraps_whole() -> None:
    async with BalOrgApp(file=str(CASE1)).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await show(pilot, "usage")
        box = await focus(pilot, "#f-usage-checklist-patients_informed")
        if box.value:
            await pilot.press("space")
            await settle(pilot, 2)
        assert "[ ] Les patients sont informés" in line_with(pilot, "Les patients sont informés")
        await pilot.press("space")
        await settle(pilot, 2)
        assert box.value
        assert "[x] Les patients sont informés" in line_with(pilot, "Les patients sont informés")
        # The longest item of the checklist, whole at 80×24: on two lines, never cut with "…".
        longest = await focus(pilot, "#f-usage-checklist-prerequisites_checked")
        await settle(pilot, 2)
        shown = region_text(pilot.app, longest)
        assert "…" not in shown and longest.region.height > 3  # more than one line inside its border
        words = " ".join(line.strip(" ▊▎▏▔▁") for line in shown.splitlines()).split()
        assert "Chaque professionnel a les prérequis d'accès définis par l'opérateur" in " ".join(words)


async def test_radio_buttons_selection_lists_and_step_bar_read_without_colour() -> None:
    async with BalOrgApp(file=str(CASE1)).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await show(pilot, "eligibility")
        # Case 1: a shared mailbox is needed (Oui), no FINESS (Non).
        assert "(•) Oui" in line_with(pilot, "Oui") and "( ) Non" in line_with(pilot, "Oui")
        radios = [line for line in screen_lines(pilot.app) if "Oui" in line and "Non" in line]
        assert any("( ) Oui" in line and "(•) Non" in line for line in radios)
        # The step bar: the step on show marked ▶, every step's state a glyph.
        bar = screen_lines(pilot.app)[1]
        assert "▶2 Éligibilité ✓" in bar and " 1 Infos ✓" in bar and "▶" not in bar.replace("▶2", "")
        await show(pilot, "usage")
        assert "[x] Comptes rendus" in line_with(pilot, "Comptes rendus")
        assert "[ ] Imagerie" in line_with(pilot, "Imagerie")
        await focus(pilot, "#f-usage-exchanged")
        await pilot.press("home", "down", "down", "space")  # Imagerie
        await settle(pilot, 2)
        assert "[x] Imagerie" in line_with(pilot, "Imagerie")
        assert "imagerie" in pilot.app.draft.usage.exchanged


async def test_step_bar_says_which_steps_are_not_reached() -> None:
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        await new_request(pilot)
        bar = screen_lines(pilot.app)[1]
        assert bar.startswith("▶1 Infos")
        for name in ("Éligibilité", "Structure", "Rôles", "Nom", "Usage", "Export"):
            assert f"{name} ·" in bar, bar


async def test_a_new_delegate_says_which_values_are_defaults() -> None:
    async with BalOrgApp(file=str(CASE1)).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await show(pilot, "roles")
        await click(pilot, "#delegate-add")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DelegateDialog)
        text = screen_text(pilot.app)
        assert "Droits (par défaut : consulter et envoyer)" in text
        assert "[x] Consulter" in text and "[x] Envoyer" in text
        await pilot.press("escape")
        await settle(pilot)


# -- point 8: focus and keys ------------------------------------------------------------------------------

async def test_each_step_opens_on_its_first_field_on_show() -> None:
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        await new_request(pilot)
        assert pilot.app.focused.id == "region"  # Infos: the region, on show with the focus
        assert pilot.app.screen.region.contains_region(pilot.app.focused.region)
    async with BalOrgApp(file=str(CASE1)).run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = {"eligibility": "f-eligibility-needs_shared_mailbox", "structure": "f-structure-name",
                 "usage": "f-usage-exchanged", "name": "f-mailboxes-0-local_part"}
        for step, wanted in first.items():
            await show(pilot, step)
            focused = pilot.app.focused
            assert focused is not None and focused.id == wanted, (step, focused)
            assert pilot.app.screen.region.contains_region(focused.region), step


async def test_every_tab_stop_shows_something() -> None:
    async with BalOrgApp(file=str(CASE1)).run_test(size=SIZE) as pilot:
        await settle(pilot)
        for step in STEPS[1:]:
            await show(pilot, step)
            seen: list[Any] = []
            while pilot.app.focused not in seen and len(seen) < 40:
                widget = pilot.app.focused
                assert widget is not None, step
                seen.append(widget)
                assert widget.display and widget.visible, (step, widget)
                assert pilot.app.screen.region.contains_region(widget.region), (step, widget)
                assert widget.region.area > 0, (step, widget)
                if isinstance(widget, ScrollArea):
                    assert widget.max_scroll_y > 0, (step, widget)  # a scroll area stops Tab only to scroll
                await pilot.press("tab")
                await pilot.pause()
            assert "help-panel" not in [w.id for w in seen], step  # the side help fits: no Tab stop


async def test_f1_lists_every_key_in_french_from_the_bindings() -> None:
    async with BalOrgApp(file=str(CASE1)).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await show(pilot, "structure")
        await pilot.press("f1")
        await settle(pilot, 2)
        assert isinstance(pilot.app.screen, HelpScreen)
        keys = str(q(pilot, "#help-keys").render())
        for line in ("F2 : Panneau d'aide", "Ctrl+S : Enregistrer", "Ctrl+N : Suivant", "Ctrl+B : Précédent",
                     "Ctrl+Q : Quitter", "Tab : Champ suivant", "Ctrl+V : Coller le presse-papiers"):
            assert line in keys, keys
        # Built from the bindings: every key the step's screen answers is listed.
        assert "▶ étape en cours" in keys and "[x] cochée" in keys


async def test_palette_offers_the_steps_that_can_be_opened_in_order_and_finds_home() -> None:
    async with BalOrgApp().run_test(size=SIZE) as pilot:
        await new_request(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot, 2)
        assert isinstance(pilot.app.screen, CommandsScreen)
        titles = [c.title for c in pilot.app.screen.shown]
        assert "Aller à l'étape : S'informer sur la BAL ORG" in titles
        assert not [t for t in titles if "éligibles" in t or "structure" in t.lower()]  # not reached yet
        await pilot.press(*"accueil")
        await settle(pilot, 2)
        assert pilot.app.screen.shown[0].title == "Aller à l'accueil"
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.current_mode == "home" and not isinstance(pilot.app.screen, CommandsScreen)
    async with BalOrgApp(file=str(CASE1)).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot, 2)
        await pilot.press(*"etape")
        await settle(pilot, 2)
        shown = [c.title for c in pilot.app.screen.shown if c.title.startswith("Aller à l'étape")]
        from wizard.ui.texts import tr

        assert shown == [f"Aller à l'étape : {tr('title.' + step)}" for step in STEPS[1:]]


# -- point 3: Tab into a field keeps its text --------------------------------------------------------------

async def test_tab_into_a_filled_field_keeps_its_text() -> None:
    async with BalOrgApp(file=str(CASE1)).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await show(pilot, "structure")
        city = q(pilot, "#f-structure-address-city").value
        assert city
        await focus(pilot, "#f-structure-address-postal_code")
        await pilot.press("tab")
        await pilot.pause()
        assert pilot.app.focused.id == "f-structure-address-city"
        await pilot.press("x")
        await settle(pilot, 2)
        assert q(pilot, "#f-structure-address-city").value == city + "x"
        assert pilot.app.draft.structure.address.city == city + "x"
