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
    """A private data folder per test (never the user's), French by default, and no network."""
    data = tmp_path_factory.mktemp("balorg-data")
    monkeypatch.setenv("BALORG_DATA_DIR", str(data))
    monkeypatch.setenv("BALORG_CONFIG_DIR", str(tmp_path_factory.mktemp("balorg-config")))  # the preferences
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
