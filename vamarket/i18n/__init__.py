"""Translation layer: gettext catalogs (one .po per area and language) read with Babel.

Keys are stable ids such as ``nav.find_work``; each language's catalog maps them to text.
Pages get the whole catalog of the user's language as a dict (see `state.base.AppState.t`),
so switching language is instant and needs no rebuild.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po

from vamarket.settings import SUPPORTED_LOCALES

CATALOG_DIR = Path(__file__).parent / "catalogs"


@lru_cache(maxsize=len(SUPPORTED_LOCALES))
def catalog(locale: str) -> dict[str, str]:
    """Every message of `locale` as {key: text}; unknown locales fall back to English."""
    if locale not in SUPPORTED_LOCALES:
        locale = "en"
    messages: dict[str, str] = {}
    for po_file in sorted((CATALOG_DIR / locale).glob("*.po")):
        with po_file.open("rb") as fh:
            for message in read_po(fh, locale=locale):
                if message.id and message.string:
                    messages[str(message.id)] = str(message.string)
    return messages


def translate(locale: str, key: str, **params: object) -> str:
    """The text for `key` in `locale`, with `{name}` placeholders filled; the key if missing."""
    text = catalog(locale).get(key) or catalog("en").get(key) or key
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text
