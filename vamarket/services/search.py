"""Job search for the "Find work" board: a URL-safe query, the full-text index, filters and sorts.

`JobQuery` holds everything the board shows (text, filters, sort, page) and round-trips through
URL parameters. `search_jobs` runs it on the index built by migration 0003: FTS5 MATCH ranked by
bm25 on SQLite, `search_vector @@ tsquery` ranked by ts_rank on PostgreSQL. Only open, visible
jobs are ever returned. `raw_search_sql` gives the same statements for the DBAPI driver.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlmodel import Session
from sqlmodel.sql.sqltypes import UTCDateTime

from vamarket.services.search_sql import COUNT_LIMIT, SearchSQL, build_search_sql

SORTS = ("relevance", "newest", "budget_high", "budget_low")
BUDGET_TYPES = ("fixed", "hourly")
CURRENCIES = ("USD", "IDR")
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 50
MAX_PAGE = 500
MAX_TEXT = 200
MAX_SKILLS = 10
MAX_DAYS = 365
MAX_AMOUNT = 10**13
SNIPPET_CHARS = 200

_SLUG = re.compile(r"[a-z0-9_]{1,64}")
_WORD = re.compile(r"[^\W_]+")
_MARKUP = re.compile(r"[*_#>`~\[\]()|]+")
_TRUE = {"1", "true", "yes", "on"}


def _bounded_int(value: object, low: int, high: int) -> int | None:
    """`value` as an int within [low, high], or None when it is not a number."""
    if isinstance(value, bool):
        return None
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except (TypeError, ValueError):
        return None
    return max(low, min(high, number))


def _clean_text(value: object) -> str:
    text = "".join(ch for ch in str(value or "") if ch.isprintable() or ch.isspace())
    return " ".join(text.split())[:MAX_TEXT].strip()


def _slug(value: object) -> str:
    text = str(value or "").strip().lower()
    return text if _SLUG.fullmatch(text) else ""


def _choice(value: object, allowed: tuple[str, ...], default: str = "") -> str:
    return value if isinstance(value, str) and value in allowed else default


@dataclass(frozen=True)
class JobQuery:
    """One job board search. Any field value is accepted and normalized to a valid one.

    Amounts are in minor units of `currency`; `budget_min`/`budget_max` keep jobs whose budget
    range overlaps [budget_min, budget_max]. `skills` matches jobs with any of those skills.
    `fewest_quotes` keeps jobs with fewer than `FEWEST_QUOTES_BELOW` live quotes.
    Sort "relevance" without text orders by newest.
    """

    text: str = ""
    category: str = ""
    skills: tuple[str, ...] = ()
    budget_type: str = ""
    budget_min: int | None = None
    budget_max: int | None = None
    currency: str = ""
    posted_within_days: int | None = None
    has_pilot: bool = False
    fewest_quotes: bool = False
    sort: str = "relevance"
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE

    def __post_init__(self) -> None:
        put = object.__setattr__
        put(self, "text", _clean_text(self.text))
        put(self, "category", _slug(self.category))
        raw_skills = (self.skills.split(",") if isinstance(self.skills, str) else self.skills) or ()
        skills = dict.fromkeys(s for s in map(_slug, raw_skills) if s)
        put(self, "skills", tuple(skills)[:MAX_SKILLS])
        put(self, "budget_type", _choice(self.budget_type, BUDGET_TYPES))
        put(self, "currency", _choice(self.currency, CURRENCIES))
        for name in ("budget_min", "budget_max"):
            value = getattr(self, name)
            put(self, name, None if value is None else _bounded_int(value, 0, MAX_AMOUNT))
        days = self.posted_within_days
        put(self, "posted_within_days", None if days is None else _bounded_int(days, 1, MAX_DAYS))
        put(self, "has_pilot", self.has_pilot is True)
        put(self, "fewest_quotes", self.fewest_quotes is True)
        put(self, "sort", _choice(self.sort, SORTS, "relevance"))
        put(self, "page", _bounded_int(self.page, 1, MAX_PAGE) or 1)
        put(self, "page_size", _bounded_int(self.page_size, 1, MAX_PAGE_SIZE) or DEFAULT_PAGE_SIZE)

    @property
    def words(self) -> tuple[str, ...]:
        """The search words (letters and digits only), at most eight, lowercased."""
        return tuple(_WORD.findall(self.text.lower()))[:8]

    def changed(self, **fields: Any) -> JobQuery:
        """A copy with `fields` changed; back to page 1 unless `page` is one of them."""
        fields.setdefault("page", 1)
        return replace(self, **fields)

    def to_params(self) -> dict[str, str]:
        """URL query parameters for this search (defaults left out)."""
        values = {
            "q": self.text, "category": self.category, "skills": ",".join(self.skills),
            "type": self.budget_type, "currency": self.currency,
            "min": "" if self.budget_min is None else str(self.budget_min),
            "max": "" if self.budget_max is None else str(self.budget_max),
            "posted": "" if self.posted_within_days is None else str(self.posted_within_days),
            "pilot": "1" if self.has_pilot else "", "fewest": "1" if self.fewest_quotes else "",
            "sort": "" if self.sort == "relevance" else self.sort,
            "page": "" if self.page == 1 else str(self.page),
            "size": "" if self.page_size == DEFAULT_PAGE_SIZE else str(self.page_size),
        }
        return {key: value for key, value in values.items() if value}

    @classmethod
    def from_params(cls, params: Mapping[str, object]) -> JobQuery:
        """The search described by URL parameters; missing or bad values become defaults."""
        def get(key: str) -> str:
            value = params.get(key, "")
            if isinstance(value, list | tuple):
                value = value[0] if value else ""
            return str(value)[:1000]

        def number(key: str, low: int, high: int) -> int | None:
            return _bounded_int(get(key), low, high) if get(key) else None

        return cls(
            text=get("q"), category=get("category"), skills=tuple(get("skills").split(",")),
            budget_type=get("type"), currency=get("currency").upper(),
            budget_min=number("min", 0, MAX_AMOUNT), budget_max=number("max", 0, MAX_AMOUNT),
            posted_within_days=number("posted", 1, MAX_DAYS),
            has_pilot=get("pilot").lower() in _TRUE, fewest_quotes=get("fewest").lower() in _TRUE,
            sort=get("sort"), page=number("page", 1, MAX_PAGE) or 1,
            page_size=number("size", 1, MAX_PAGE_SIZE) or DEFAULT_PAGE_SIZE)


@dataclass(frozen=True)
class JobHit:
    """One job on a result page."""

    id: int
    title: str
    snippet: str
    category: str
    budget_type: str
    budget_min_minor: int
    budget_max_minor: int
    currency: str
    has_pilot: bool
    quote_count: int
    published_at: datetime | None


@dataclass(frozen=True)
class SearchPage:
    """A page of results with the number of matching jobs and of pages.

    `total` is counted up to `COUNT_LIMIT`; `capped` is True when more jobs match than that
    (show "1,000+"). Pages past the count still work when asked for by number.
    """

    items: tuple[JobHit, ...]
    total: int
    page: int
    page_size: int
    capped: bool = False
    pages: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "pages", -(-self.total // self.page_size) if self.total else 0)


def snippet(description: str, words: tuple[str, ...], size: int = SNIPPET_CHARS) -> str:
    """Plain text (Markdown marks removed) around the first search word in `description`."""
    text = " ".join(_MARKUP.sub(" ", description or "").split())
    if len(text) <= size:
        return text
    lowered = text.lower()
    hits = [i for i in (lowered.find(w) for w in words) if i >= 0]
    start = max(0, min(hits) - size // 4) if hits else 0
    if start:
        start = lowered.find(" ", start) + 1 or start
    end = start + size
    return ("…" if start else "") + text[start:end].rstrip() + ("…" if end < len(text) else "")


def raw_search_sql(dialect: str, query: JobQuery, *,
                   now: datetime | None = None) -> list[tuple[str, dict[str, object]]]:
    """The page and count statements of `query` as (sql, params) for the DBAPI driver.

    These are exactly the statements `search_jobs` runs; the benchmark executes them on a bare
    DBAPI cursor to measure the service's overhead.
    """
    built = build_search_sql(dialect, query, now=now or datetime.now(UTC))
    statements = (built.page_sql, built.count_sql)
    if dialect != "sqlite":  # sqlite3 takes :name parameters as they are
        statements = tuple(str(sa.text(s).compile(dialect=postgresql.psycopg.dialect()))
                           for s in statements)
    return [(statement, dict(built.params)) for statement in statements]


_PAGE_TYPES = {"published_at": UTCDateTime(), "has_pilot": sa.Boolean()}


def _run(session: Session, built: SearchSQL, query: JobQuery) -> SearchPage:
    rows = session.execute(sa.text(built.page_sql).columns(**_PAGE_TYPES), built.params).all()
    seen = len(rows) + (query.page - 1) * query.page_size if rows else 0
    total, capped = seen, False
    if len(rows) == query.page_size or not rows:
        counted = session.execute(sa.text(built.count_sql), built.params).scalar_one()
        capped = counted > COUNT_LIMIT
        total = max(seen, min(counted, COUNT_LIMIT))
    words = query.words
    items = tuple(JobHit(
        id=row.id, title=row.title, snippet=snippet(row.description, words),
        category=row.category or "", budget_type=row.budget_type,
        budget_min_minor=row.budget_min_minor, budget_max_minor=row.budget_max_minor,
        currency=row.currency, has_pilot=bool(row.has_pilot), quote_count=row.quote_count,
        published_at=row.published_at) for row in rows)
    return SearchPage(items=items, total=total, page=query.page, page_size=query.page_size,
                      capped=capped)


def search_jobs(session: Session, query: JobQuery, *, now: datetime | None = None) -> SearchPage:
    """One page of open, visible jobs matching `query`, in its sort order, with the total."""
    dialect = session.get_bind().dialect.name
    built = build_search_sql(dialect, query, now=now or datetime.now(UTC))
    return _run(session, built, query)


def job_matches(session: Session, query: JobQuery, job_id: int, *,
                now: datetime | None = None) -> bool:
    """Whether the open, visible job `job_id` is among the results of `query`."""
    dialect = session.get_bind().dialect.name
    built = build_search_sql(dialect, query, now=now or datetime.now(UTC), job_id=job_id)
    return session.execute(sa.text(built.count_sql), built.params).scalar_one() > 0

