"""The "Find work" board: the search lives in the address, so a link reproduces the page.

`load` (on every change of the address) reads the URL query into a `JobQuery`, runs the search
service and shows one page of results. Changing a filter never searches directly: it builds the
next `JobQuery` and navigates to its URL, which loads again. Budget amounts are typed in the
reader's number format and kept in the URL as minor units of the chosen currency.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from urllib.parse import parse_qsl, urlencode

import reflex as rx

from vamarket.db import session_scope
from vamarket.errors import InvalidInput, ServiceError
from vamarket.i18n import catalog
from vamarket.i18n.format import format_day, format_money, parse_money
from vamarket.pages.guard import gate
from vamarket.pages.job_detail.forms import amount_text
from vamarket.services import profiles, saved_searches
from vamarket.services.search import (
    BUDGET_TYPES,
    CURRENCIES,
    MAX_PAGE,
    SORTS,
    JobQuery,
    SearchPage,
    search_jobs,
)
from vamarket.state.base import AppState

BOARD = "/jobs"
SAVED = "/saved-searches"
POSTED_CHOICES = ("1", "3", "7", "30")
ALL = "all"  # the "any" item of a select (Radix selects cannot hold an empty value)


def board_url(query: JobQuery) -> str:
    """The address of the board showing `query`."""
    params = query.to_params()
    return f"{BOARD}?{urlencode(params)}" if params else BOARD


def query_from_url(params: Mapping[str, object]) -> JobQuery:
    """The board's search from the URL query parameters (anything unknown becomes a default)."""
    return JobQuery.from_params(params)


def _choice(value: object, allowed: tuple[str, ...]) -> str:
    return value if isinstance(value, str) and value in allowed else ""


def result_rows(page: SearchPage) -> list[dict[str, str]]:
    """A result page as plain rows for the browser (public job data only)."""
    return [{
        "id": str(hit.id), "title": hit.title, "snippet": hit.snippet, "category": hit.category,
        "budget_type": hit.budget_type, "min": str(hit.budget_min_minor),
        "max": str(hit.budget_max_minor), "currency": hit.currency,
        "pilot": "1" if hit.has_pilot else "", "quotes": str(hit.quote_count),
        "published": hit.published_at.isoformat() if hit.published_at else "",
    } for hit in page.items]


def budget_label(budget_type: str, low: int, high: int, currency: str, locale: str) -> str:
    """A job's budget for a card: "$1,000.00", or "$10.00 – $15.00" for an hourly range."""
    first = format_money(low, currency, locale)
    if budget_type == "fixed" or high <= low:
        return first
    return f"{first} – {format_money(high, currency, locale)}"


def describe(query: JobQuery, locale: str) -> str:
    """A short human label for a saved search ("“inbox” · Customer service · USD")."""
    texts = catalog(locale)
    parts: list[str] = []
    if query.text:
        parts.append(f"“{query.text}”")
    if query.category:
        parts.append(texts.get(f"category.{query.category}", query.category))
    parts += [texts.get(f"skill.{s}", s) for s in query.skills]
    if query.budget_type:
        parts.append(texts.get(f"board.type.{query.budget_type}", query.budget_type))
    if query.currency:
        parts.append(query.currency)
        if query.budget_min is not None:
            parts.append("≥ " + format_money(query.budget_min, query.currency, locale))
        if query.budget_max is not None:
            parts.append("≤ " + format_money(query.budget_max, query.currency, locale))
    if query.posted_within_days:
        parts.append(texts.get("board.posted_days", "{days}").format(days=query.posted_within_days))
    if query.has_pilot:
        parts.append(texts.get("board.has_pilot", "pilot"))
    if query.fewest_quotes:
        parts.append(texts.get("board.fewest_quotes", "fewest"))
    return " · ".join(parts) or texts.get("board.all_jobs", "All jobs")


class JobBoardState(AppState):
    """Filters as shown, one page of results, and the VA's saved searches."""

    loading: bool = True
    loaded: bool = False
    error: str = ""
    notice: str = ""
    show_filters: bool = False
    # the search, as in the address
    f_text: str = ""
    f_category: str = ALL
    f_skills: list[str] = []
    f_type: str = ALL
    f_currency: str = ALL
    f_min: str = ""
    f_max: str = ""
    f_posted: str = ALL
    f_pilot: bool = False
    f_fewest: bool = False
    f_sort: str = "relevance"
    # the results
    page: int = 1
    pages: int = 0
    total: int = 0
    results: list[dict[str, str]] = []
    # choices
    category_options: list[str] = []
    skill_options: list[dict[str, str]] = []
    # saved searches (signed-in VAs)
    can_save: bool = False
    saved: list[dict[str, str]] = []

    def _query(self) -> JobQuery:
        return query_from_url(dict(self.router.url.query_parameters))

    def _go(self, query: JobQuery):
        self.loading, self.error, self.notice = True, "", ""
        return rx.redirect(board_url(query))

    # -- loading --

    @rx.event
    def load(self):
        """Run the search in the address and show its page of results."""
        self.loading, self.error = True, ""
        yield
        query = self._query()
        self._show_query(query)
        try:
            with session_scope() as session:
                user = self._actor(session)
                self._apply_user(user)
                if user is not None and not user.onboarded:
                    yield rx.redirect("/onboarding")
                    return
                if not self.category_options:
                    self.category_options = profiles.list_categories(session)
                    self.skill_options = [{"slug": o.slug, "category": o.category}
                                          for o in profiles.list_skills(session)]
                page = search_jobs(session, query)
                self.can_save = bool(user is not None and user.is_va)
                self._read_saved(session, user)
        except ServiceError as err:
            self.error = self._error_text(err)
        else:
            self.results, self.total = result_rows(page), page.total
            self.page, self.pages = page.page, page.pages
        self.loading, self.loaded = False, True

    def _show_query(self, query: JobQuery) -> None:
        self.f_text = query.text
        self.f_category = query.category or ALL
        self.f_skills = list(query.skills)
        self.f_type = query.budget_type or ALL
        self.f_currency = query.currency or ALL
        shown_in = query.currency or "USD"
        self.f_min = "" if query.budget_min is None else amount_text(query.budget_min, shown_in,
                                                                      self.locale) or "0"
        self.f_max = "" if query.budget_max is None else amount_text(query.budget_max, shown_in,
                                                                      self.locale) or "0"
        self.f_posted = str(query.posted_within_days) if query.posted_within_days else ALL
        self.f_pilot, self.f_fewest, self.f_sort = query.has_pilot, query.fewest_quotes, query.sort

    def _read_saved(self, session, user) -> None:
        if user is None or not user.is_va:
            self.saved = []
            return
        self.saved = [{"id": str(s.id), "query": s.query_string}
                      for s in saved_searches.list_saved_searches(session, actor=user)]

    # -- what the page shows, in the reader's language --

    @rx.var
    def cards(self) -> list[dict[str, str]]:
        """The result rows with budget and date formatted."""
        out = []
        for row in self.results:
            low = int(row["min"]) if row["min"].isdigit() else 0
            high = int(row["max"]) if row["max"].isdigit() else 0
            published = row["published"]
            try:
                day = format_day(datetime.fromisoformat(published), self.locale) if published else ""
            except ValueError:
                day = ""
            out.append({**row, "budget": budget_label(row["budget_type"], low, high,
                                                      row["currency"], self.locale),
                        "posted": day})
        return out

    @rx.var
    def saved_view(self) -> list[dict[str, str]]:
        """Saved searches with a readable label and the board address they open."""
        out = []
        for row in self.saved:
            query = JobQuery.from_params(dict(parse_qsl(row["query"])))
            out.append({"id": row["id"], "label": describe(query, self.locale),
                        "href": board_url(query)})
        return out

    @rx.var
    def visible_skills(self) -> list[dict[str, str]]:
        """Skills to pick from: those of the chosen category, else all."""
        if self.f_category == ALL:
            return self.skill_options
        return [o for o in self.skill_options if o["category"] == self.f_category]

    @rx.var
    def has_filters(self) -> bool:
        """Whether anything narrows the search (to offer "Clear filters")."""
        return bool(self.f_text or self.f_category != ALL or self.f_skills or self.f_type != ALL
                    or self.f_currency != ALL or self.f_min or self.f_max or self.f_posted != ALL
                    or self.f_pilot or self.f_fewest)

    # -- typing (no search until submitted) --

    @rx.event
    def set_text(self, value: str):
        """The search box."""
        self.f_text = value[:200] if isinstance(value, str) else ""

    @rx.event
    def set_min(self, value: str):
        """Lowest budget as typed."""
        self.f_min = value[:32] if isinstance(value, str) else ""

    @rx.event
    def set_max(self, value: str):
        """Highest budget as typed."""
        self.f_max = value[:32] if isinstance(value, str) else ""

    @rx.event
    def toggle_filters(self):
        """Show or hide the filter panel (phones)."""
        self.show_filters = not self.show_filters

    # -- changing the search: navigate to the new address --

    def _amount(self, text: str, currency: str, field: str) -> int | None:
        if not text.strip() or not currency:
            return None
        return parse_money(text, currency, self.locale, field=field)

    @rx.event
    def submit_search(self, _form: dict | None = None):
        """Search with the typed text and budget range."""
        query = self._query()
        currency = query.currency
        try:
            low = self._amount(self.f_min, currency, "budget_min")
            high = self._amount(self.f_max, currency, "budget_max")
        except InvalidInput as err:
            self.error = self._error_text(err)
            return None
        return self._go(query.changed(text=self.f_text, budget_min=low, budget_max=high))

    @rx.event
    def set_category(self, value: str):
        """Category filter; skills not in the new category are dropped."""
        slug = "" if value == ALL or not isinstance(value, str) else value
        query = self._query()
        keep = {o["slug"] for o in self.skill_options if not slug or o["category"] == slug}
        return self._go(query.changed(category=slug,
                                      skills=tuple(s for s in query.skills if s in keep)))

    @rx.event
    def toggle_skill(self, slug: str):
        """Add or remove a skill filter."""
        if not isinstance(slug, str):
            return None
        query = self._query()
        skills = tuple(s for s in query.skills if s != slug)
        if slug not in query.skills:
            skills = (*skills, slug)
        return self._go(query.changed(skills=skills))

    @rx.event
    def set_budget_type(self, value: str):
        """Fixed price or hourly."""
        return self._go(self._query().changed(budget_type=_choice(value, BUDGET_TYPES)))

    @rx.event
    def set_currency(self, value: str):
        """Currency; the budget range is dropped since it was in the old currency."""
        return self._go(self._query().changed(currency=_choice(value, CURRENCIES),
                                              budget_min=None, budget_max=None))

    @rx.event
    def set_posted(self, value: str):
        """Posted within the last N days."""
        days = int(value) if value in POSTED_CHOICES else None
        return self._go(self._query().changed(posted_within_days=days))

    @rx.event
    def set_pilot(self, value: bool):
        """Only jobs with a pilot project."""
        return self._go(self._query().changed(has_pilot=value is True))

    @rx.event
    def set_fewest(self, value: bool):
        """Only jobs with few quotes so far."""
        return self._go(self._query().changed(fewest_quotes=value is True))

    @rx.event
    def set_sort(self, value: str):
        """Relevance, newest, budget high or low."""
        return self._go(self._query().changed(sort=_choice(value, SORTS) or "relevance"))

    @rx.event
    def go_page(self, page: int):
        """Another page of the same search."""
        if isinstance(page, bool) or not isinstance(page, int) or not 1 <= page <= MAX_PAGE:
            return None
        return self._go(self._query().changed(page=page))

    @rx.event
    def clear_filters(self):
        """Back to every open job."""
        return self._go(JobQuery())

    # -- saved searches --

    @rx.event
    def save_search(self):
        """Save the search in the address (signed-in VAs)."""
        self.error, self.notice = "", ""
        try:
            with session_scope() as session:
                user = self._require_actor(session)
                saved_searches.save_search(session, actor=user, query=self._query())
                self._read_saved(session, user)
        except ServiceError as err:
            self.error = self._error_text(err)
            return
        self.notice = self._text("board.saved_notice")

    @rx.event
    def delete_saved(self, saved_id: str):
        """Delete one of the user's saved searches (the service refuses anyone else's)."""
        if not isinstance(saved_id, str) or not saved_id.isdigit() or len(saved_id) > 12:
            return
        self.error, self.notice = "", ""
        try:
            with session_scope() as session:
                user = self._require_actor(session)
                saved_searches.delete_saved_search(session, actor=user, saved_search_id=int(saved_id))
                self._read_saved(session, user)
        except ServiceError as err:
            self.error = self._error_text(err)

    @rx.event
    def load_saved(self):
        """The saved-searches page: signed-in users only."""
        self.loading, self.error, self.notice = True, "", ""
        with session_scope() as session:
            user = self._actor(session)
            self._apply_user(user)
            redirect = gate(self, user)
            if redirect is not None:
                return redirect
            self.can_save = user.is_va
            self._read_saved(session, user)
        self.loading, self.loaded = False, True
        return None
