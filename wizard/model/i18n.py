"""The language of every string a user reads: French by default, English on request.

The language is process-wide (one user, one terminal); `--lang en` sets it once
at start-up through :func:`set_language`.
"""

from __future__ import annotations

LANGUAGES = ("fr", "en")
_language = "fr"


def set_language(lang: str) -> None:
    """Choose the language of messages.

    Args:
        lang: ``"fr"`` or ``"en"``.

    Raises:
        ValueError: for any other language.
    """
    global _language
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language: {lang!r}")
    _language = lang


def get_language() -> str:
    """The language in force."""
    return _language


def t(catalogue: dict[str, tuple[str, str]], key: str, /, **params: object) -> str:
    """Translate `key` from `catalogue` (``key -> (fr, en)``) and fill its ``{params}``."""
    fr, en = catalogue[key]
    text = en if _language == "en" else fr
    return text.format(**params) if params else text
