"""Helpers shared by the drafts store tests: real stores in the test's private data folder."""

from __future__ import annotations

import json
from pathlib import Path

from tests.factories import draft as draft_data
from wizard.model.request import Request
from wizard.paths import data_dir
from wizard.store.drafts import DraftStore


def store_root() -> Path:
    """The store's folder in the test's private data folder."""
    return data_dir() / "drafts"


def open_store() -> DraftStore:
    """A store on the test's data folder (a new object each call, as a new process would have)."""
    return DraftStore(store_root())


def request(case: int = 2, name: str | None = None) -> Request:
    """One of the sheet's examples as a draft request."""
    req = Request.from_data(draft_data(case))
    if name is not None:
        req.structure.name = name
    return req


def journal_lines(root: Path) -> list[dict]:
    """The index journal's complete lines, parsed."""
    raw = (root / "index.journal").read_bytes() if (root / "index.journal").exists() else b""
    return [json.loads(line) for line in raw.splitlines() if line.strip()]
