"""Shared fixtures: every test gets its own data folder, French messages, and no network."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from wizard.model.i18n import set_language

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """A private data folder, config folder and documents folder per test (never the user's),
    French by default, and no network."""
    data = tmp_path_factory.mktemp("balorg-data")
    monkeypatch.setenv("BALORG_DATA_DIR", str(data))
    monkeypatch.setenv("BALORG_CONFIG_DIR", str(tmp_path_factory.mktemp("balorg-config")))  # the preferences
    # Where exports and documents are proposed (platformdirs reads it first): never the user's own.
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(tmp_path_factory.mktemp("documents")))
    from wizard import paths

    paths.set_data_dir(None)
    paths.set_config_dir(None)
    set_language("fr")

    def _no_network(*args: object, **kwargs: object) -> None:
        raise RuntimeError("tests must not reach the network")

    monkeypatch.setattr(socket, "create_connection", _no_network)
    yield
    set_language("fr")
    paths.set_data_dir(None)
    paths.set_config_dir(None)


@pytest.fixture
def fixed_documents(monkeypatch: pytest.MonkeyPatch) -> Path:
    """A documents folder at a path that is the same on every run: for snapshots, where the proposed
    export or documents path may show (nothing may be written there by a snapshot test)."""
    folder = Path("/tmp/balorg-snapshots/Documents")
    folder.mkdir(parents=True, exist_ok=True)
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(folder))
    return folder
