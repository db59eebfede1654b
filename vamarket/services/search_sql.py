"""The SQL of a job search, per database. Statements use named `:params` (see `build_search_sql`).

User input never reaches the SQL text: words are reduced to letters and digits and passed as
parameters; the statement shape depends only on which filters are set.
"""
# Statements are assembled from the fixed fragments below only; every value is a bound parameter.
# ruff: noqa: S608

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from vamarket.services.search import JobQuery

FEWEST_QUOTES_BELOW = 5
# Totals are counted up to this many jobs ("1,000+"): beyond it an exact count of a broad search
# costs more than the page itself and changes nothing a reader can use.
COUNT_LIMIT = 1000
# bm25 column weights for (title, skills, description); PostgreSQL uses weights A, B, C.
BM25_WEIGHTS = "10.0, 4.0, 1.0"

# `jobs.live_quotes` (migration 0003) counts a job's submitted, shortlisted and hired quotes.
VISIBLE = "j.status = 'open' AND NOT j.hidden"


@dataclass(frozen=True)
class SearchSQL:
    """The statements for one search: a result page and the total count, sharing `params`."""

    page_sql: str
    count_sql: str
    params: dict[str, object]


def fts5_match(words: tuple[str, ...]) -> str:
    """An FTS5 query: every word quoted, all required, the last one also as a prefix."""
    quoted = [f'"{word}"' for word in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def _text_clause(dialect: str, words: tuple[str, ...], params: dict) -> tuple[str, str, str]:
    """(FROM clause, WHERE term, rank expression ordered best-first) for the search words."""
    if dialect == "sqlite":
        params["fts"] = fts5_match(words)
        # The narrow board index answers the filters for each hit without reading job rows.
        return ("jobs_fts JOIN jobs j INDEXED BY ix_jobs_board_id ON j.id = jobs_fts.rowid",
                "jobs_fts MATCH :fts",
                f"bm25(jobs_fts, {BM25_WEIGHTS})")
    params["prefix"] = words[-1] + ":*"
    tsquery = "to_tsquery('simple', :prefix)"
    if len(words) > 1:
        params["words"] = " ".join(words[:-1])
        tsquery = f"(websearch_to_tsquery('simple', :words) && {tsquery})"
    return "jobs j", f"j.search_vector @@ {tsquery}", f"-ts_rank(j.search_vector, {tsquery})"


def _filters(dialect: str, query: JobQuery, now: datetime, params: dict) -> list[str]:
    where = [VISIBLE]
    if query.category:
        params["category"] = query.category
        where.append("j.category_id = (SELECT c0.id FROM categories c0 WHERE c0.slug = :category)")
    if query.skills:
        names = []
        for i, slug in enumerate(query.skills):
            params[f"skill{i}"] = slug
            names.append(f":skill{i}")
        wanted = f"SELECT s.id FROM skills s WHERE s.slug IN ({', '.join(names)})"
        if dialect == "sqlite":
            where.append(f"j.id IN (SELECT js.job_id FROM job_skills js WHERE js.skill_id IN ({wanted}))")
        else:  # skill ids resolved once, then one index probe per candidate job
            where.append("EXISTS (SELECT 1 FROM job_skills js WHERE js.job_id = j.id "
                         f"AND js.skill_id = ANY (ARRAY({wanted})))")
    if query.budget_type:
        params["budget_type"] = query.budget_type
        where.append("j.budget_type = :budget_type")
    if query.currency:
        params["currency"] = query.currency
        where.append("j.currency = :currency")
    if query.budget_min is not None:
        params["budget_min"] = query.budget_min
        where.append("j.budget_max_minor >= :budget_min")
    if query.budget_max is not None:
        params["budget_max"] = query.budget_max
        where.append("j.budget_min_minor <= :budget_max")
    if query.posted_within_days is not None:
        cutoff = now.astimezone(UTC) - timedelta(days=query.posted_within_days)
        # SQLite keeps UTC datetimes as ISO text without offset; PostgreSQL as timestamptz.
        params["posted_after"] = (cutoff.replace(tzinfo=None).isoformat(" ", "microseconds")
                                  if dialect == "sqlite" else cutoff)
        where.append("j.published_at >= :posted_after")
    if query.has_pilot:
        where.append("j.pilot_budget_minor > 0")
    if query.fewest_quotes:
        params["fewest_below"] = FEWEST_QUOTES_BELOW
        where.append("j.live_quotes < :fewest_below")
    return where


def _order(query: JobQuery, ranked: bool, rank: str) -> str:
    if ranked and query.sort == "relevance":
        return f"{rank}, j.id DESC"
    return {
        "budget_high": "j.budget_max_minor DESC, j.id DESC",
        "budget_low": "j.budget_min_minor, j.id DESC",
    }.get(query.sort, "j.published_at DESC, j.id DESC")


def build_search_sql(dialect: str, query: JobQuery, *, now: datetime,
                     job_id: int | None = None) -> SearchSQL:
    """The page and count statements for `query` on `dialect` ("sqlite" or "postgresql").

    `job_id` restricts the search to that one job (used to test whether a job matches).
    """
    params: dict[str, object] = {}
    words = query.words
    source, rank = "jobs j", "0"
    where = _filters(dialect, query, now, params)
    if words:
        source, text_term, rank = _text_clause(dialect, words, params)
        where.insert(0, text_term)
    if job_id is not None:
        params["job_id"] = job_id
        where.append("j.id = :job_id")
    condition = " AND ".join(where)
    counted = source
    if dialect == "sqlite" and not words:
        # Count over the narrow board index; the planner would otherwise read the job rows.
        counted = "jobs j INDEXED BY ix_jobs_board_id"
    params["count_limit"] = COUNT_LIMIT + 1
    params["limit"] = query.page_size
    params["offset"] = (query.page - 1) * query.page_size
    ranked = bool(words) and query.sort == "relevance"
    if not ranked:
        rank = "0"
    page_sql = (
        f"WITH hits AS (SELECT j.id AS id, {rank} AS rank FROM {source} WHERE {condition} "
        f"ORDER BY {_order(query, ranked, rank)} LIMIT :limit OFFSET :offset) "
        "SELECT j.id, j.title, j.description, c.slug AS category, j.budget_type, "
        "j.budget_min_minor, j.budget_max_minor, j.currency, "
        "j.pilot_budget_minor > 0 AS has_pilot, j.live_quotes AS quote_count, j.published_at "
        "FROM hits h JOIN jobs j ON j.id = h.id LEFT JOIN categories c ON c.id = j.category_id "
        f"ORDER BY {_order(query, ranked, 'h.rank')}")
    count_sql = (f"SELECT count(*) FROM (SELECT 1 FROM {counted} WHERE {condition} "
                 "LIMIT :count_limit) matched")
    return SearchSQL(page_sql=page_sql, count_sql=count_sql, params=params)
