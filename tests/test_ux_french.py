"""Issue 12, point 6: the French interface says nothing in English, Textual's own strings included.

The English to look for is read from Textual's installed source, not written by hand: every key
description of the Textual classes on screen (their ``BINDINGS``, down their bases), Textual's
system commands, and the user-facing literals of its App, command palette and Select
(notifications and their titles, placeholders, prompts, "No matches found"). The test walks
the French UI as a user does (Home, every step, every dialog, the palette and its themes, an
open Select, the F1 help, a screenshot) and reads each screen's text (``tests/screen_text.py``)
and its Footer's keys; it lists every English string it found, where.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path
from typing import Any

import textual
from textual import events
from textual.app import App
from textual.binding import Binding
from textual.widget import Widget

from tests.screen_text import screen_text
from tests.store_helpers import open_store, request
from tests.tui_helpers import SIZE, click, focus
from wizard.app import BalOrgApp
from wizard.model.findings import STEPS
from wizard.screens.dialogs import ChoiceScreen, RenameScreen

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CASE1 = EXAMPLES / "cas1-cabinet-infirmier.json"
TEXTUAL = Path(textual.__file__).parent

LITERAL_SOURCES = ("app.py", "command.py", "widgets/_select.py", "widgets/_footer.py", "widgets/_input.py",
                   "widgets/_text_area.py", "widgets/_data_table.py", "widgets/_tree.py", "widgets/_option_list.py")
"""Textual's modules whose user-facing literals are looked for (those of the widgets the wizard uses)."""


@cache
def textual_literals() -> frozenset[str]:
    """Textual's user-facing English literals: notify() texts and titles, SystemCommand titles and helps,
    placeholder / prompt defaults, the palette's "No matches found"."""
    found: set[str] = set()
    for name in LITERAL_SOURCES:
        tree = ast.parse((TEXTUAL / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if func in ("notify", "SystemCommand", "Text"):
                    texts = node.args[:2] if func != "notify" else node.args[:1]
                    texts += [k.value for k in node.keywords if k.arg == "title"]
                    found.update(_strings(texts))
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                args = node.args.args + node.args.kwonlyargs
                defaults = [None] * (len(node.args.args) - len(node.args.defaults)) + node.args.defaults
                defaults += node.args.kw_defaults
                for arg, default in zip(args, defaults, strict=True):
                    if arg.arg in ("placeholder", "prompt") and default is not None:
                        found.update(_strings([default]))
    return frozenset(s for s in found if re.search(r"[A-Za-z]{3}", s))


def _strings(nodes: list[Any]) -> list[str]:
    out = []
    for node in nodes:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            out.append(node.value)
        elif isinstance(node, ast.JoinedStr):  # an f-string: its literal parts, e.g. "Press ", " to quit the app"
            out.extend(v.value.strip(" []/b") for v in node.values if isinstance(v, ast.Constant))
    return [s.strip() for s in out if s.strip()]


def binding_descriptions(classes: set[type]) -> set[str]:
    """The key descriptions Textual's own classes among `classes` (and their bases) define."""
    found: set[str] = set()
    for cls in classes:
        for base in cls.__mro__:
            if not base.__module__.startswith("textual."):
                continue
            for binding in base.__dict__.get("BINDINGS", ()):
                if isinstance(binding, tuple):
                    binding = Binding(*binding)
                if isinstance(binding, Binding) and binding.description:
                    found.add(binding.description)
    return found


def english_in(text: str, phrases: set[str]) -> list[str]:
    """The `phrases` found in `text`: a one-word phrase as a whole word, case kept ("Select", not "Sélection")."""
    hits = []
    for phrase in sorted(phrases):
        if " " in phrase or "…" in phrase:
            if phrase in text:
                hits.append(phrase)
        elif re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text):
            hits.append(phrase)
    return hits


class Reader:
    """Reads each screen of the French UI: its text and its Footer; collects the English found."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.classes: set[type] = set()
        self.texts: list[tuple[str, str]] = []
        self.system: set[str] = set()
        self.places = 0

    def read(self, where: str) -> None:
        screen = self.app.screen
        self.classes.update(type(w) for w in [screen, self.app, *screen.query(Widget)])
        # The Footer by its keys' descriptions (its last line may be cut at 80 columns: "Quitter" →
        # "Quit", a matter of width, not of language), the rest of the screen as it shows.
        footer = " | ".join(str(getattr(key, "description", "")) for shown in self.app.screen_stack
                            for key in shown.query("FooterKey"))
        lines = screen_text(self.app).splitlines()
        self.texts.append((where, "\n".join(lines[:-1]) + "\n" + footer))
        self.places += 1
        for command in App.get_system_commands(self.app, screen):  # Textual's own, in English
            self.system.update((command.title, command.help))

    def read_help(self, where: str) -> None:
        """The F1 help on show: its screen, and the whole of its list of keys (it scrolls at 80×24)."""
        self.read(where)
        for keys in self.app.screen.query("#help-keys"):
            self.texts.append((where, str(keys.render())))

    def saw(self, where: str, text: str) -> bool:
        """True when `text` was on the screen read as `where` (the walk did reach what it meant to)."""
        return any(text in shown for place, shown in self.texts if place == where)

    def english(self) -> list[str]:
        phrases = binding_descriptions(self.classes) | set(textual_literals())
        phrases |= self.system
        return [f"{where}: {hit!r}" for where, text in self.texts for hit in english_in(text, phrases)]


async def settle(pilot: Any, times: int = 4) -> None:
    for _ in range(times):
        await pilot.pause()


async def show(pilot: Any, step: str) -> None:
    pilot.app.goto(step)
    await settle(pilot)


async def escape(pilot: Any) -> None:
    await pilot.press("escape")
    await settle(pilot, 2)


def test_the_list_of_english_is_read_from_textual() -> None:
    """The words looked for come from Textual's source: the test cannot pass by finding nothing to look for."""
    literals = textual_literals()
    for known in ("Search for commands…", "No matches found", "Failed to save screenshot", "Screenshot", "Select"):
        assert known in literals, known
    from textual.widgets import Input, Select, TextArea

    descriptions = binding_descriptions({Input, Select, TextArea})
    assert {"Paste text from the clipboard", "Show menu", "Undo"} <= descriptions
    assert english_in("esc Dismiss menu", {"Dismiss menu"}) and not english_in("Sélection", {"Select"})


async def test_no_english_anywhere_in_the_french_ui() -> None:
    draft = open_store().create(request(2, name="Cabinet des Lilas"), step="name")
    app = BalOrgApp()
    async with app.run_test(size=SIZE, notifications=True) as pilot:  # toasts shown, as in a terminal
        reader = Reader(app)
        await settle(pilot)
        reader.read("Accueil")
        # Home's dialogs: rename, delete.
        await focus(pilot, "#drafts-table")
        await pilot.press("r")
        await settle(pilot, 2)
        assert isinstance(app.screen, RenameScreen)
        reader.read("Renommer")
        await escape(pilot)
        await focus(pilot, "#drafts-table")
        await pilot.press("delete")
        await settle(pilot, 2)
        assert isinstance(app.screen, ChoiceScreen)
        reader.read("Supprimer ?")
        await escape(pilot)
        # The palette, the themes, a command that matches nothing, a screenshot.
        await pilot.press("ctrl+p")
        await settle(pilot, 2)
        reader.read("Palette")
        await pilot.press(*"zzzz")
        await settle(pilot, 2)
        reader.read("Palette sans résultat")
        await escape(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"theme", "enter")
        await settle(pilot, 2)
        reader.read("Thèmes")
        await escape(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"capture", "enter")
        await settle(pilot, 2)
        await pilot.pause(0.3)
        await settle(pilot, 2)
        reader.read("Capture d'écran")
        # Ctrl+C, which does not quit: says how.
        await pilot.press("ctrl+c")
        await settle(pilot, 2)
        reader.read("Ctrl+C")
        app.clear_notifications()

    # Every step of a complete request, with its dialogs, F1 and the keys of the field in focus.
    app = BalOrgApp(file=str(CASE1))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        reader2 = Reader(app)
        await settle(pilot)
        for step in STEPS[1:]:
            await show(pilot, step)
            reader2.read(step)
            await pilot.press("f1")
            await settle(pilot, 2)
            reader2.read_help(f"{step}, F1")
            await escape(pilot)
        # An open Select: its list and the Footer's key to close it.
        await show(pilot, "inform")
        await focus(pilot, "#region")
        await pilot.press("enter")
        await settle(pilot, 2)
        reader2.read("Infos, liste ouverte")
        await escape(pilot)
        # A TextArea's and a table's keys, in F1.
        for step, field in (("usage", "#f-usage-articulation"), ("roles", "#f-people"), ("roles", "#co-holders")):
            await show(pilot, step)
            await focus(pilot, field)
            await pilot.press("f1")
            await settle(pilot, 2)
            reader2.read_help(f"{step}, F1 dans {field}")
            await escape(pilot)
        # The dialogs of Roles.
        await show(pilot, "roles")
        for button, name in (("#people-add", "Professionnel"), ("#holder-add", "Cotitulaire"),
                             ("#delegate-add", "Délégataire")):
            await click(pilot, button)
            await settle(pilot, 2)
            reader2.read(name)
            await escape(pilot)
            if isinstance(app.screen, ChoiceScreen):  # "what was typed is lost?": asked, then read too
                reader2.read(f"{name}, fermer ?")
                await escape(pilot)
        # The documents (F3 on Review).
        await show(pilot, "review")
        await pilot.press("f3")
        await settle(pilot, 3)
        reader2.read("Documents")
        await escape(pilot)

    # A conflict with another process.
    app = BalOrgApp(draft_id=draft.id)
    async with app.run_test(size=SIZE) as pilot:
        reader3 = Reader(app)
        await settle(pilot)
        other = open_store()
        theirs = other.load(draft.id)
        theirs.request.structure.name = "Version de l'autre poste"
        other.save(theirs)
        await show(pilot, "structure")
        await focus(pilot, "#f-structure-name")
        await pilot.press("end")
        app.post_message(events.Paste(" (ma version)"))
        for _ in range(50):
            if isinstance(app.screen, ChoiceScreen):
                break
            await pilot.pause(0.05)
        assert isinstance(app.screen, ChoiceScreen) and app.screen.id == "conflict"
        reader3.read("Conflit")

    found = reader.english() + reader2.english() + reader3.english()
    assert reader.places + reader2.places + reader3.places >= 30
    assert not found, "English in the French UI:\n" + "\n".join(found)
    # The walk reached what it meant to, in French.
    assert reader.saw("Capture d'écran", "enregistrée")
    assert reader.saw("Palette sans résultat", "Aucune commande ne correspond")
    assert reader2.saw("Infos, liste ouverte", "Fermer la liste")  # Textual's "esc Dismiss menu"
    assert reader2.saw("usage, F1 dans #f-usage-articulation", "Rétablir")  # the TextArea's Ctrl+Y
    assert reader2.saw("Délégataire", "(par défaut")
