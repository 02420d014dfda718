"""Key descriptions follow the language in force, through public API (wizard/ui/localise.py).

If Textual stopped merging a subclass's ``BINDINGS`` over its base's key by key, or read
``BINDINGS`` elsewhere than from the class, these tests fail: the workaround's one module then
needs another way.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

from wizard.model.i18n import set_language, t
from wizard.ui.localise import Localised

_TEXT = {"go": ("Aller", "Go"), "stay": ("Rester", "Stay")}


class Keys(Localised, Screen[None]):
    BINDINGS: ClassVar = [
        Binding("ctrl+g", "go", "Go"),
        Binding("ctrl+t", "stay", "Stay", show=False),
        Binding("ctrl+u", "untranslated", "Untranslated"),
    ]

    @classmethod
    def binding_descriptions(cls) -> dict[str, str]:
        return {"go": t(_TEXT, "go"), "stay": t(_TEXT, "stay")}

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static("keys")
        yield Footer()

    def action_go(self) -> None:
        self.app.exit("went")


class KeysApp(App[str]):
    def on_mount(self) -> None:
        self.push_screen(Keys())


def _shown(app: App[str]) -> dict[str, tuple[str, bool]]:
    return {key: (b.binding.description, b.binding.show) for key, b in app.screen.active_bindings.items()
            if key.startswith("ctrl+") and key[-1] in "gtu"}


async def test_descriptions_in_each_language_and_the_key_still_acts() -> None:
    for lang, go, stay in (("fr", "Aller", "Rester"), ("en", "Go", "Stay"), ("fr", "Aller", "Rester")):
        set_language(lang)
        app = KeysApp()
        async with app.run_test() as pilot:
            await pilot.pause()
            assert isinstance(app.screen, Keys)
            # translated, show= kept, what is not in the catalogue as written
            assert _shown(app) == {"ctrl+g": (go, True), "ctrl+t": (stay, False), "ctrl+u": ("Untranslated", True)}
            await pilot.press("ctrl+g")
        assert app.return_value == "went", lang


def test_one_twin_per_class_and_language() -> None:
    set_language("fr")
    first, second = Keys(), Keys()
    assert type(first) is type(second) and isinstance(first, Keys)
    assert type(first).__name__ == "Keys"  # CSS type selectors still match
    set_language("en")
    assert type(Keys()) is not type(first)
    set_language("fr")
