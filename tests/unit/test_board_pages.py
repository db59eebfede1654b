"""The job board and job page logic that runs without a browser: the address ⇄ search round
trip, safe Markdown, the quote form's parsing per language, and the "changed since" rows."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.unit.work_factories import fixed_job
from vamarket.errors import InvalidInput
from vamarket.pages.job_board.state import board_url, budget_label, describe, query_from_url
from vamarket.pages.job_detail.forms import amount_text, parse_milestones, parse_quote, try_money
from vamarket.pages.job_detail.job_text import change_rows, job_id_from_path
from vamarket.pages.job_detail.markdown import safe_html
from vamarket.services import jobs, quotes
from vamarket.services.search import JobQuery, search_jobs

# -- the address --


def _reparse(url: str) -> JobQuery:
    parts = urlsplit(url)
    assert parts.path == "/jobs"
    return query_from_url(dict(parse_qsl(parts.query)))


def test_every_filter_survives_the_address_round_trip():
    query = JobQuery(text="inbox & calendar ünïcode", category="admin_support",
                     skills=("email_management", "calendar_management"), budget_type="hourly",
                     budget_min=1_000, budget_max=2_500, currency="USD", posted_within_days=7,
                     has_pilot=True, fewest_quotes=True, sort="budget_high", page=3)
    assert _reparse(board_url(query)) == query


def test_the_plain_board_has_a_bare_address():
    assert board_url(JobQuery()) == "/jobs"
    assert _reparse("/jobs") == JobQuery()


@pytest.mark.parametrize("junk", [
    {"type": "<script>", "currency": "eur", "sort": "drop table", "page": "-4", "min": "abc"},
    {"skills": "../../etc,UPPER CASE,ok_slug", "pilot": "maybe", "posted": "99999"},
    {"q": "x" * 5000, "size": "100000", "category": "a b"},
])
def test_hostile_params_become_a_valid_query_that_round_trips(junk):
    query = query_from_url(junk)
    assert query.sort in ("relevance", "newest", "budget_high", "budget_low")
    assert query.budget_type in ("", "fixed", "hourly") and query.currency in ("", "USD", "IDR")
    assert _reparse(board_url(query)) == query


def test_saved_search_label_and_card_budget_follow_the_language():
    query = JobQuery(text="inbox", category="customer_service", currency="IDR",
                     budget_min=1_500_000, has_pilot=True)
    assert describe(query, "en") == "“inbox” · Customer service · IDR · ≥ Rp 1,500,000 · Has a pilot project"
    assert "Rp 1.500.000" in describe(query, "id")
    assert describe(JobQuery(), "en") == "All jobs"
    assert budget_label("hourly", 800, 1_500, "USD", "en") == "$8.00 – $15.00"
    assert budget_label("fixed", 450_000, 450_000, "IDR", "id") == "Rp 450.000"


# -- Markdown --

_ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code",
                 "pre", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "a"}


class _ActiveContent(HTMLParser):
    """Collects anything in parsed HTML that could run code or load something."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in _ALLOWED_TAGS:
            self.found.append(f"tag {tag}")
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "src", "srcdoc"):
                self.found.append(f"attribute {name}")
            if name == "href" and not (value or "").startswith(("http://", "https://", "mailto:")):
                self.found.append(f"href {value}")


@pytest.mark.parametrize("source", [
    "<script>alert(1)</script>",
    "hello <script src=//evil.example/x.js></script>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](jav&#x61;script:alert(1))",
    "[click][ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "<img src=x onerror=alert(1)>",
    '<p onclick="alert(1)">x</p>',
    "![x](javascript:alert(1))",
    '<iframe src="https://evil.example"></iframe>',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<svg onload=alert(1)>',
    '<style>body{display:none}</style>',
])
def test_markdown_never_yields_active_content(source):
    html = safe_html(source)
    checker = _ActiveContent()
    checker.feed(html)
    assert not checker.found, (source, html, checker.found)
    lowered = html.lower()
    assert "<script" not in lowered and "<iframe" not in lowered and "<img" not in lowered


def test_markdown_keeps_formatting_and_safe_links():
    html = safe_html("# Tasks\n\n- **inbox** zero\n- [calendar](https://example.com/a?b=1)\n\n`code`")
    assert "<h1>Tasks</h1>" in html and "<strong>inbox</strong>" in html and "<code>code</code>" in html
    assert 'href="https://example.com/a?b=1"' in html and 'rel="nofollow noopener noreferrer"' in html
    assert safe_html("   ") == ""
    assert safe_html("![shop logo](https://tracker.example/p.gif)") == "<p>shop logo</p>\n"


# -- the quote form --


def test_milestones_parse_per_language_into_minor_units():
    rows = [{"title": "Set up", "amount": "1.250,50", "due": "2031-02-03"},
            {"title": "", "amount": "", "due": ""},  # an empty row is skipped
            {"title": "Rest", "amount": "3.749,50", "due": ""}]
    plan = parse_milestones(rows, "USD", "id")
    assert [(m.title, m.amount_minor, m.due_date) for m in plan] == [
        ("Set up", 125_050, date(2031, 2, 3)), ("Rest", 374_950, None)]
    assert parse_milestones([{"title": "A", "amount": "1,250.50", "due": ""}], "USD", "en")[0] \
        .amount_minor == 125_050
    assert parse_milestones([{"title": "A", "amount": "150.000", "due": ""}], "IDR", "id")[0] \
        .amount_minor == 150_000


@pytest.mark.parametrize(("row", "key"), [
    ({"title": "A", "amount": "", "due": ""}, "error.quote_milestone_amount"),
    ({"title": "A", "amount": "12,3,4x", "due": ""}, "error.amount_invalid"),
    ({"title": "A", "amount": "1.005", "due": ""}, "error.amount_too_precise"),
    ({"title": "A", "amount": "10", "due": "31/02/2031"}, "jobview.error_due_invalid"),
])
def test_bad_milestone_rows_name_the_row(row, key):
    with pytest.raises(InvalidInput) as err:
        parse_milestones([row], "USD", "en")
    assert err.value.key == key and err.value.field == "milestone_0"


def test_whole_form_fixed_and_hourly():
    values = {"cover": "I have done this for years.", "price": "Rp 4.000.000", "duration": "3",
              "hour_cap": "99", "pilot_scope": "Three posts", "pilot_price": "300.000",
              "pilot_days": "3"}
    rows = [{"title": "First", "amount": "1.000.000", "due": ""},
            {"title": "Rest", "amount": "3.000.000", "due": ""}]
    fixed = parse_quote(values, rows, budget_type="fixed", currency="IDR", locale="id")
    assert (fixed.price_minor, fixed.weekly_hour_cap, fixed.pilot_price_minor, fixed.pilot_days) \
        == (4_000_000, 0, 300_000, 3)
    assert [m.amount_minor for m in fixed.milestones] == [1_000_000, 3_000_000]
    with pytest.raises(InvalidInput) as err:  # hourly needs a weekly cap of 1-80
        parse_quote(values, rows, budget_type="hourly", currency="IDR", locale="id")
    assert err.value.key == "error.quote_hour_cap"
    hourly = parse_quote({**values, "hour_cap": "10", "price": "75.000"}, rows,
                         budget_type="hourly", currency="IDR", locale="id")
    assert (hourly.price_minor, hourly.weekly_hour_cap, hourly.milestones) == (75_000, 10, [])
    with pytest.raises(InvalidInput) as err:
        parse_quote({**values, "duration": "2 weeks"}, rows, budget_type="fixed", currency="IDR",
                    locale="id")
    assert err.value.field == "duration_weeks"


@pytest.mark.parametrize(("amount", "currency", "locale", "text"), [
    (125_050, "USD", "en", "1,250.50"), (125_050, "USD", "id", "1.250,50"),
    (150_000, "IDR", "id", "150.000"), (0, "USD", "en", ""),
])
def test_amounts_shown_for_editing_parse_back(amount, currency, locale, text):
    assert amount_text(amount, currency, locale) == text
    assert try_money(text, currency, locale) == (amount or None)


# -- the job page --


def test_job_id_comes_only_from_a_job_address():
    assert job_id_from_path("/jobs/42") == 42
    assert job_id_from_path("/jobs/42/") == 42
    assert job_id_from_path("/jobs/abc") is None
    assert job_id_from_path("/u/42") is None
    assert job_id_from_path("/jobs/" + "9" * 20) is None


def test_change_rows_skip_draft_edits_and_hide_long_texts():
    published = datetime(2030, 1, 2)
    entries = [
        {"at": datetime(2030, 1, 1), "changes": {"title": ["a", "b"]}},
        {"at": datetime(2030, 1, 3), "changes": {"budget_min_minor": [100_000, 120_000],
                                                 "description": ["old text", "new text"]}},
    ]
    rows = change_rows(entries, published)
    assert rows == [
        {"at": "2030-01-03T00:00:00", "field": "budget_min_minor", "old": "100000", "new": "120000"},
        {"at": "2030-01-03T00:00:00", "field": "description", "old": "", "new": ""},
    ]


def test_the_form_feeds_the_services_and_the_board_finds_the_job(db, make_user):
    client, va = make_user(is_client=True), make_user(is_va=True)
    job = jobs.create_job(db, actor=client, data=fixed_job(
        description="Answer **customer** emails about batik orders."), publish=True)
    found = search_jobs(db, _reparse(board_url(JobQuery(text="batik", currency="USD"))))
    assert [hit.id for hit in found.items] == [job.id]
    due = (date.today() + timedelta(days=10)).isoformat()
    data = parse_quote({"cover": "I answered support email for three shops.", "price": "900",
                        "duration": "3"},
                       [{"title": "First week", "amount": "300", "due": due},
                        {"title": "Weeks two and three", "amount": "600", "due": ""}],
                       budget_type="fixed", currency="USD", locale="en")
    quote = quotes.send_quote(db, actor=va, job_id=job.id, data=data)
    assert [m.amount_minor for m in quotes.quote_plan(db, quote.id)] == [30_000, 60_000]
    jobs.update_job(db, actor=client, job_id=job.id, data=fixed_job(
        description="Answer **customer** emails about batik orders.", budget_min_minor=120_000))
    rows = change_rows(jobs.job_changes(db, job.id), job.published_at)
    assert {(r["field"], r["old"], r["new"]) for r in rows} >= {
        ("budget_min_minor", "100000", "120000")}
