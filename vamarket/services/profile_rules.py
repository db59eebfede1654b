"""Field rules for profiles and agencies: each returns the clean value or raises InvalidInput.

Handlers can be called with any arguments, so every rule checks the type as well as the value.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import urlparse
from zoneinfo import available_timezones

from babel import Locale

from vamarket.errors import InvalidInput
from vamarket.settings import SUPPORTED_CURRENCIES

MAX_RATE_MINOR = 1_000_000_000  # far above any real hourly rate in USD cents or rupiah
MAX_HOURS = 80
MAX_PHOTO_BYTES = 2 * 1024 * 1024
_SLUG = re.compile(r"^[a-z0-9_]{1,64}$")
_AGENCY_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,58}[a-z0-9])$")
_IMAGE_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
)


def text(value: object, field: str, limit: int, *, multiline: bool = False) -> str:
    """Stripped text of at most `limit` characters without control characters."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput("error.text_invalid", field=field)
    cleaned = "".join(
        ch for ch in value
        if (multiline and ch == "\n") or unicodedata.category(ch)[0] != "C"
    ).strip()
    if len(cleaned) > limit:
        raise InvalidInput("error.text_too_long", field=field, limit=limit)
    return cleaned


def required_text(value: object, field: str, limit: int) -> str:
    """Like `text`, but empty is refused."""
    cleaned = text(value, field, limit)
    if not cleaned:
        raise InvalidInput("error.field_required", field=field)
    return cleaned


def whole_number(value: object, field: str, low: int, high: int, key: str) -> int:
    """An int (not a bool or float) between low and high inclusive."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(key, field=field, low=low, high=high)
    return value


def rate(value: object) -> int:
    """An hourly rate in integer minor units, not negative."""
    return whole_number(value, "hourly_rate", 0, MAX_RATE_MINOR, "error.rate_invalid")


def hours(value: object) -> int:
    """Available hours per week, 0 to 80."""
    return whole_number(value, "hours_per_week", 0, MAX_HOURS, "error.hours_invalid")


def currency(value: object) -> str:
    """USD or IDR."""
    if value not in SUPPORTED_CURRENCIES:
        raise InvalidInput("error.currency_invalid", field="rate_currency")
    return str(value)


@lru_cache(maxsize=1)
def _timezones() -> frozenset[str]:
    return frozenset(available_timezones())


def timezone(value: object) -> str:
    """An IANA time zone name known to zoneinfo."""
    if not isinstance(value, str) or value not in _timezones():
        raise InvalidInput("error.timezone_invalid", field="timezone")
    return value


@lru_cache(maxsize=1)
def language_codes() -> frozenset[str]:
    """ISO 639 language codes Babel knows (two or three letters)."""
    return frozenset(c for c in Locale("en").languages if re.fullmatch(r"[a-z]{2,3}", c))


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """ISO 3166 alpha-2 country codes Babel knows."""
    codes = {c for c in Locale("en").territories if re.fullmatch(r"[A-Z]{2}", c)}
    return frozenset(codes - {"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"})


def _items(value: object, field: str, sep: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = value.replace("\r", "").split(sep)
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise InvalidInput("error.list_invalid", field=field)
    out: list[str] = []
    for item in (v.strip() for v in value):
        if item and item not in out:
            out.append(item)
    return out


def split(value: str, sep: str) -> list[str]:
    """A stored separated string as a list of non-empty items."""
    return [v.strip() for v in (value or "").split(sep) if v.strip()]


def languages(value: object) -> list[str]:
    """Up to 10 ISO 639 language codes, lowercased."""
    codes = [c.lower() for c in _items(value, "languages", ",")]
    if len(codes) > 10 or any(c not in language_codes() for c in codes):
        raise InvalidInput("error.languages_invalid", field="languages")
    return codes


def links(value: object) -> list[str]:
    """Up to 10 http(s) URLs of at most 300 characters each."""
    urls = _items(value, "portfolio_links", "\n")
    if len(urls) > 10:
        raise InvalidInput("error.too_many", field="portfolio_links", limit=10)
    for url in urls:
        parsed = urlparse(url)
        if (len(url) > 300 or parsed.scheme not in ("http", "https") or not parsed.netloc
                or any(ch.isspace() for ch in url)):
            raise InvalidInput("error.url_invalid", field="portfolio_links", url=url[:60])
    return urls


def tags(value: object) -> list[str]:
    """Up to 10 free tags of at most 30 characters (no commas)."""
    items = [text(t, "free_tags", 30) for t in _items(value, "free_tags", ",")]
    items = [t for t in items if t]
    if len(items) > 10:
        raise InvalidInput("error.too_many", field="free_tags", limit=10)
    if any("," in t for t in items):
        raise InvalidInput("error.list_invalid", field="free_tags")
    return items


def slugs(value: object, field: str, limit: int) -> list[str]:
    """A bounded list of reference slugs (checked against the table by the caller)."""
    items = _items(value, field, ",")
    if len(items) > limit:
        raise InvalidInput("error.too_many", field=field, limit=limit)
    if any(not _SLUG.match(s) for s in items):
        raise InvalidInput("error.unknown_skill", field=field)
    return items


def country(value: object) -> str:
    """An ISO 3166 alpha-2 code (upper-cased) or empty."""
    if value is None or value == "":
        return ""
    if not isinstance(value, str) or value.strip().upper() not in country_codes():
        raise InvalidInput("error.country_invalid", field="country")
    return value.strip().upper()


def agency_slug(value: object) -> str:
    """3 to 60 characters: lowercase letters, digits and inner hyphens."""
    if not isinstance(value, str) or not _AGENCY_SLUG.match(value.strip().lower()):
        raise InvalidInput("error.slug_invalid", field="slug")
    return value.strip().lower()


def image_extension(data: object) -> str:
    """The file extension of a PNG, JPEG, GIF or WebP image within the size limit."""
    if not isinstance(data, bytes | bytearray) or not data:
        raise InvalidInput("error.photo_type", field="photo")
    if len(data) > MAX_PHOTO_BYTES:
        raise InvalidInput("error.photo_too_big", field="photo", limit_mb=MAX_PHOTO_BYTES // 2**20)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    for magic, ext in _IMAGE_MAGIC:
        if data.startswith(magic):
            return ext
    raise InvalidInput("error.photo_type", field="photo")
