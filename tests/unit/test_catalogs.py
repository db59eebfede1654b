"""The catalogs: every key in both languages, and every key the source uses exists."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from vamarket.i18n import CATALOG_DIR
from vamarket.settings import PROJECT_ROOT, SUPPORTED_LOCALES

SOURCE = PROJECT_ROOT / "vamarket"
# T["key"], AppState.t["key"], State.t["key"], _text("key"), translate(locale, "key")
# (keys always contain a dot, which keeps docstrings such as `t["key"]` out)
# (a literal followed by `+` is the prefix of a key built at run time, not a key)
_KEY = r"""["']([a-z0-9_]+(?:\.[a-z0-9_]+)+)["'](?!\s*\+)"""
_USE = re.compile(rf"""(?:\bT|\.t)\[\s*{_KEY}\s*\]|\b_text\(\s*{_KEY}""")
# typed errors raised with a catalog key: InvalidInput("error.x", ...) and friends
_ERROR = re.compile(r"""\b(?:InvalidInput|PermissionDenied|NotFound|InvalidTransition|"""
                    rf"""ServiceError|NotSignedIn)\(\s*{_KEY}""")


def _read(path: Path, locale: str) -> dict[str, str]:
    with path.open("rb") as fh:
        return {str(m.id): str(m.string or "") for m in read_po(fh, locale=locale) if m.id}


def _areas() -> list[str]:
    return sorted({p.name for loc in SUPPORTED_LOCALES for p in (CATALOG_DIR / loc).glob("*.po")})


@pytest.mark.parametrize("area", _areas())
def test_every_area_is_complete_in_every_language(area):
    keys = {}
    for locale in SUPPORTED_LOCALES:
        path = CATALOG_DIR / locale / area
        assert path.is_file(), f"{locale}/{area} is missing"
        messages = _read(path, locale)
        empty = sorted(k for k, v in messages.items() if not v.strip())
        assert not empty, f"{locale}/{area}: empty texts for {empty}"
        keys[locale] = set(messages)
    first, *others = SUPPORTED_LOCALES
    for other in others:
        assert keys[first] == keys[other], (
            f"{area}: only in {first}: {sorted(keys[first] - keys[other])}; "
            f"only in {other}: {sorted(keys[other] - keys[first])}")


def _all_keys(locale: str) -> set[str]:
    keys: set[str] = set()
    for path in (CATALOG_DIR / locale).glob("*.po"):
        keys |= set(_read(path, locale))
    return keys


def _used_keys(pattern: re.Pattern) -> dict[str, str]:
    used: dict[str, str] = {}
    for path in SOURCE.rglob("*.py"):
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            key = next(g for g in match.groups() if g)
            used.setdefault(key, str(path.relative_to(PROJECT_ROOT)))
    return used


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_every_key_used_in_the_source_exists(locale):
    known = _all_keys(locale)
    used = _used_keys(_USE) | _used_keys(_ERROR)
    assert len(used) > 20, "the key pattern found almost nothing: is it still right?"
    missing = {k: where for k, where in used.items() if k not in known}
    assert not missing, f"keys used but missing in {locale}: {missing}"


def _reference_slugs() -> tuple[list[str], list[str]]:
    path = next((PROJECT_ROOT / "alembic" / "versions").glob("0002_*.py"))
    spec = importlib.util.spec_from_file_location("ref_0002", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    categories = list(module.CATEGORIES)
    skills = [s for names in module.CATEGORIES.values() for s in names]
    return categories, skills


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_every_category_and_skill_has_a_name(locale):
    known = _all_keys(locale)
    categories, skills = _reference_slugs()
    assert len(skills) >= 40
    missing = [f"category.{c}" for c in categories if f"category.{c}" not in known]
    missing += [f"skill.{s}" for s in skills if f"skill.{s}" not in known]
    assert not missing, missing
