"""The wizard uses Textual's public API only: no private name of Textual's, read, written, called or overridden.

Textual's private names (``_refresh_layout``, ``_on_screen_resume``, ``_compositor``...) change from
one release to the next without notice; a class of the wizard that reads one, or defines a method or
attribute of the same name (overriding it, often by accident: a ``_on_show`` method is called on every
Show), breaks on an upgrade. The scan reads Textual's installed source for every private name it
defines, then every module of the wizard that touches Textual for any use of one.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import textual

WIZARD = Path(__file__).resolve().parent.parent / "wizard"
UI_PARTS = ("app.py", "screens", "widgets", "ui")
"""Where the wizard's Textual code lives (the model and the store never import textual: import-linter)."""


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


@cache
def textual_private_names() -> frozenset[str]:
    """Every private name Textual's source defines: methods, functions, class and instance attributes."""
    names: set[str] = set()
    for path in Path(textual.__file__).parent.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and _private(node.name):
                names.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) and _private(node.attr):
                names.add(node.attr)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names.update(t.id for t in targets if isinstance(t, ast.Name) and _private(t.id))
    return frozenset(names)


def _ui_modules() -> list[Path]:
    paths: list[Path] = []
    for part in UI_PARTS:
        target = WIZARD / part
        paths.extend(sorted(target.rglob("*.py")) if target.is_dir() else [target])
    return paths


def uses_of_private_names(source: str, textual_names: frozenset[str]) -> list[tuple[int, str]]:
    """(line, name) for each private name of Textual's used in `source` (as an attribute or defined in a class)."""
    found: list[tuple[int, str]] = []
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in textual_names:
            found.append((node.lineno, node.attr))
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name in textual_names:
                    found.append((item.lineno, item.name))
                elif isinstance(item, (ast.Assign, ast.AnnAssign)):
                    targets = item.targets if isinstance(item, ast.Assign) else [item.target]
                    found.extend((item.lineno, t.id) for t in targets
                                 if isinstance(t, ast.Name) and t.id in textual_names)
    return found


def test_the_scan_finds_what_it_looks_for() -> None:
    """The scan is not vacuous: the uses of Textual's internals the wizard had are found."""
    names = textual_private_names()
    assert {"_refresh_layout", "_compositor", "_on_screen_resume", "_get_screen", "_bindings"} <= names
    sample = '''
class S(Screen):
    _layout_required = False
    def _on_screen_resume(self, event): ...
    def _on_show(self): ...
def f(app, screen):
    app._load_screen_css(screen)
    screen._compositor.render_update(full=True)
'''
    used = {name for _, name in uses_of_private_names(sample, names)}
    assert used == {"_layout_required", "_on_screen_resume", "_on_show", "_load_screen_css", "_compositor"}


def test_no_private_name_of_textual_in_the_wizard() -> None:
    names = textual_private_names()
    found = [f"{path.relative_to(WIZARD.parent)}:{line}: {name}"
             for path in _ui_modules()
             for line, name in uses_of_private_names(path.read_text(encoding="utf-8"), names)]
    assert not found, "Textual's private names used:\n" + "\n".join(found)
