"""Job search on both databases: the full-text index, filters, sorts, pages and URL parameters."""

from __future__ import annotations

import random
import string
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import select

from vamarket.models import Category, Job, JobSkill, Quote, Skill
from vamarket.services.search import (
    MAX_PAGE_SIZE,
    SORTS,
    JobQuery,
    job_matches,
    raw_search_sql,
    search_jobs,
)

NOW = datetime.now(UTC)


def marker() -> str:
    """A word no other job contains, so each test sees only its own jobs."""
    return "zq" + "".join(random.choices(string.ascii_lowercase, k=10))


@pytest.fixture
def add_job(db, make_user):
    """Factory: add_job(title=..., skills=("xero",), category="bookkeeping", ...) -> Job."""
    client = make_user(is_client=True)

    def _add(*, skills: tuple[str, ...] = (), category: str | None = "admin_support",
             days_ago: float = 1, **fields) -> Job:
        fields.setdefault("title", "Virtual assistant for a small team")
        fields.setdefault("description", "Help with daily admin work and email.")
        fields.setdefault("budget_type", "fixed")
        fields.setdefault("currency", "USD")
        fields.setdefault("budget_min_minor", 50_000)
        fields.setdefault("budget_max_minor", fields["budget_min_minor"])
        fields.setdefault("status", "open")
        if fields["status"] != "draft":
            fields.setdefault("published_at", NOW - timedelta(days=days_ago))
        if category:
            fields["category_id"] = db.exec(select(Category.id).where(Category.slug == category)).one()
        job = Job(client_id=client.id, **fields)
        db.add(job)
        db.flush()
        for slug in skills:
            skill_id = db.exec(select(Skill.id).where(Skill.slug == slug)).one()
            db.add(JobSkill(job_id=job.id, skill_id=skill_id))
        db.flush()
        return job

    _add.client = client
    return _add


def ids(page) -> list[int]:
    return [item.id for item in page.items]


def test_finds_a_job_by_description_word_title_and_skill(db, add_job):
    word = marker()
    job = add_job(title=f"Bookkeeper {word}", description=f"Monthly {word} invoices and pembukuan",
                  skills=("quickbooks", "expense_tracking"), category="bookkeeping")
    assert ids(search_jobs(db, JobQuery(text=word))) == [job.id]
    assert job.id in ids(search_jobs(db, JobQuery(text=f"pembukuan {word}")))
    assert job.id in ids(search_jobs(db, JobQuery(text=f"{word} quickbooks")))
    assert job.id in ids(search_jobs(db, JobQuery(text=f"{word} expense tracking")))
    assert job.id in ids(search_jobs(db, JobQuery(text=f"QuickBooks {word[:6]}")))  # prefix
    assert ids(search_jobs(db, JobQuery(text=f"{word} shopify"))) == []
    hit = search_jobs(db, JobQuery(text=word)).items[0]
    assert (hit.title, hit.category, hit.currency, hit.quote_count) == (job.title, "bookkeeping",
                                                                        "USD", 0)
    assert word in hit.snippet


def test_index_follows_edits_and_skill_changes(db, add_job):
    word, other = marker(), marker()
    job = add_job(description=f"about {word}", skills=("xero",))
    job.description = f"now about {other}"
    db.add(job)
    db.flush()
    assert ids(search_jobs(db, JobQuery(text=word))) == []
    assert ids(search_jobs(db, JobQuery(text=other))) == [job.id]
    link = db.exec(select(JobSkill).where(JobSkill.job_id == job.id)).one()
    db.delete(link)
    db.flush()
    assert ids(search_jobs(db, JobQuery(text=f"{other} xero"))) == []


def test_filters_combine(db, add_job):
    word = marker()
    base = dict(description=f"work {word}", category="bookkeeping", currency="USD",
                budget_min_minor=80_000, pilot_scope="One day trial", pilot_budget_minor=5_000,
                days_ago=2, skills=("xero",))
    match = add_job(**base)
    variants = [dict(category="design"), dict(currency="IDR", budget_min_minor=8_000_000),
                dict(budget_min_minor=900_000), dict(budget_min_minor=10_000),
                dict(pilot_scope="", pilot_budget_minor=0), dict(days_ago=20), dict(skills=("payroll",)),
                dict(budget_type="hourly", budget_min_minor=2_000, budget_max_minor=90_000,
                     hours_per_week=10)]
    others = [add_job(**{**base, **change}) for change in variants]
    query = JobQuery(text=word, category="bookkeeping", currency="USD", budget_min=50_000,
                     budget_max=100_000, has_pilot=True, posted_within_days=7, skills=("xero", "invoicing"),
                     budget_type="fixed")
    assert ids(search_jobs(db, query)) == [match.id]
    assert ids(search_jobs(db, query.changed(text=""))) == [match.id]
    everything = ids(search_jobs(db, JobQuery(text=word, page_size=50)))
    assert sorted(everything) == sorted([match.id] + [o.id for o in others])
    hourly = search_jobs(db, JobQuery(text=word, budget_type="hourly", budget_min=85_000))
    assert ids(hourly) == [others[-1].id]


def test_hidden_draft_and_closed_jobs_never_show(db, add_job):
    word = marker()
    visible = add_job(description=f"open {word}")
    for fields in (dict(status="draft"), dict(status="closed"), dict(status="paused"),
                   dict(status="hired"), dict(hidden=True)):
        job = add_job(description=f"not open {word}", **fields)
        assert not job_matches(db, JobQuery(), job.id)
    for query in (JobQuery(text=word), JobQuery(text=word, sort="newest"), JobQuery(text="open")):
        assert ids(search_jobs(db, query.changed(page_size=50))) == [visible.id]


def test_sort_orders(db, add_job):
    word = marker()
    cheap = add_job(description=f"plain {word}", budget_min_minor=10_000, days_ago=5)
    dear = add_job(description=f"plain {word}", budget_min_minor=900_000, days_ago=3)
    titled = add_job(title=f"{word} specialist", description=f"{word} {word} daily",
                     budget_min_minor=300_000, days_ago=9)
    order = {sort: ids(search_jobs(db, JobQuery(text=word, sort=sort))) for sort in SORTS}
    assert order["newest"] == [dear.id, cheap.id, titled.id]
    assert order["budget_high"] == [dear.id, titled.id, cheap.id]
    assert order["budget_low"] == [cheap.id, titled.id, dear.id]
    assert order["relevance"][0] == titled.id


def test_pagination_totals(db, add_job):
    word = marker()
    made = [add_job(description=f"page {word}", days_ago=i) for i in range(7)]
    pages = [search_jobs(db, JobQuery(text=word, sort="newest", page=n, page_size=3)) for n in (1, 2, 3, 4)]
    assert [p.total for p in pages] == [7, 7, 7, 7]
    assert [p.pages for p in pages] == [3, 3, 3, 3]
    assert [len(p.items) for p in pages] == [3, 3, 1, 0]
    assert sum((ids(p) for p in pages), []) == [job.id for job in made]


def test_quote_counts_and_fewest_quotes(db, add_job, make_user):
    word = marker()
    busy, quiet = add_job(description=f"busy {word}"), add_job(description=f"quiet {word}")
    for i in range(7):
        va = make_user(is_va=True)
        status = "withdrawn" if i >= 5 else "submitted"
        db.add(Quote(job_id=busy.id, va_id=va.id, sent_by_id=va.id, cover_letter="Hello",
                     price_minor=50_000, currency="USD", status=status))
    db.flush()
    counts = {hit.id: hit.quote_count for hit in search_jobs(db, JobQuery(text=word)).items}
    assert counts == {busy.id: 5, quiet.id: 0}
    assert ids(search_jobs(db, JobQuery(text=word, fewest_quotes=True))) == [quiet.id]


@pytest.mark.parametrize("text", ['"', "*", "AND(", "'; drop table jobs; --", "NEAR(a b)", "a OR",
                                  "-", ":*", "\\", "\x00x", "title:foo", "^", "ü", "(((", "& | !"])
def test_hostile_text_never_errors(db, add_job, text):
    add_job(description=f"anything {marker()}")
    page = search_jobs(db, JobQuery(text=text, sort="relevance"))
    assert page.total >= 0
    assert db.exec(select(Job.id)).first() is not None  # still there


def test_raw_statements_are_the_service_statements(db, add_job):
    word = marker()
    add_job(description=f"raw {word}")
    dialect = db.get_bind().dialect.name
    (page_sql, params), (count_sql, _) = raw_search_sql(dialect, JobQuery(text=word))
    assert "LIKE" not in page_sql.upper() and "LIKE" not in count_sql.upper()
    assert ("MATCH" in page_sql) if dialect == "sqlite" else ("@@" in page_sql)
    assert db.connection().exec_driver_sql(count_sql, params).scalar_one() == 1


queries = st.builds(
    JobQuery, text=st.text(max_size=300), category=st.sampled_from(["", "design", "Bad Slug!"]),
    skills=st.lists(st.sampled_from(["xero", "canva", "x y", ""]), max_size=12).map(tuple),
    budget_type=st.sampled_from(["", "fixed", "hourly", "other"]),
    budget_min=st.none() | st.integers(-5, 10**15), budget_max=st.none() | st.integers(0, 10**15),
    currency=st.sampled_from(["", "USD", "IDR", "EUR"]),
    posted_within_days=st.none() | st.integers(-3, 1000), has_pilot=st.booleans(),
    fewest_quotes=st.booleans(), sort=st.sampled_from([*SORTS, "bogus"]),
    page=st.integers(-5, 10_000), page_size=st.integers(-5, 500))


@given(queries)
@settings(max_examples=200, deadline=None)
def test_url_params_round_trip(query):
    assert JobQuery.from_params(query.to_params()) == query
    assert query.page_size <= MAX_PAGE_SIZE and len(query.text) <= 200
    assert all(isinstance(v, str) for v in query.to_params().values())


@given(st.dictionaries(st.sampled_from(["q", "category", "skills", "type", "min", "max", "currency",
                                        "posted", "pilot", "fewest", "sort", "page", "size", "x"]),
                       st.text(max_size=50)))
@settings(max_examples=200, deadline=None)
def test_any_url_params_give_a_valid_query(params):
    query = JobQuery.from_params(params)
    assert JobQuery.from_params(query.to_params()) == query
