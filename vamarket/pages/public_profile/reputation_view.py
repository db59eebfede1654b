"""The reputation part of a public profile: figures computed from records and the visible
reviews, five to a page. Anyone may look; hidden reviews never reach the browser."""

from __future__ import annotations

from datetime import datetime

import reflex as rx

from vamarket.components.layout import T
from vamarket.db import session_scope
from vamarket.errors import NotFound
from vamarket.i18n.format import format_day
from vamarket.pages.guard import route_id
from vamarket.pages.public_profile.state import PublicProfileState
from vamarket.services import reputation, reviews
from vamarket.services.reviews import PAGE_SIZE


def _rating_text(average: float | None, count: int) -> str:
    return f"★ {average:.1f} ({count})" if average is not None and count else ""


def _percent_text(value: int | None, counts: tuple[int, int]) -> str:
    return f"{value}% ({counts[0]}/{counts[1]})" if value is not None else ""


class ProfileReputationState(PublicProfileState):
    """Rating, track record and one page of visible reviews of the profile's person."""

    rp_va: dict[str, str] = {}
    rp_client: dict[str, str] = {}
    rp_reviews: list[dict[str, str]] = []
    rp_page: int = 1
    rp_pages: int = 1
    rp_total: int = 0
    _rp_user: int = 0

    @rx.event
    def load_reputation(self):
        """Figures and the first page of reviews of the person in the address."""
        try:
            self._rp_user = route_id(self, "profile_id")
        except NotFound:
            self._rp_user = 0
        self.rp_page = 1
        self._read()

    @rx.event
    def show_page(self, page: int):
        """Another page of reviews (out-of-range pages show the nearest one)."""
        try:
            wanted = int(page)
        except (TypeError, ValueError):
            return
        self.rp_page = min(max(wanted, 1), max(self.rp_pages, 1))
        self._read()

    def _read(self) -> None:
        self.rp_va, self.rp_client, self.rp_reviews, self.rp_total = {}, {}, [], 0
        if not self._rp_user:
            return
        uid = self._rp_user
        with session_scope() as session:
            va = reputation.for_users(session, [uid])[uid]
            client = reputation.for_clients(session, [uid])[uid]
            rows, total = reviews.visible_reviews_of(session, subject_id=uid, page=self.rp_page)
        self.rp_va = {"rating": _rating_text(va.rating_average, va.rating_count),
                      "jobs": str(va.jobs_done),
                      "on_time": _percent_text(va.on_time_percent, va.on_time_counts),
                      "repeat": _percent_text(va.repeat_client_percent, va.repeat_client_counts)}
        self.rp_client = {"rating": _rating_text(client.rating_average, client.rating_count),
                          "jobs": str(client.jobs_done)}
        self.rp_total, self.rp_pages = total, max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
        self.rp_reviews = [{
            "id": str(r.id), "author": r.author_name, "author_id": str(r.author_id),
            "stars": "★" * r.rating + "☆" * (5 - r.rating), "rating": str(r.rating),
            "body": r.body, "at": r.created_at.isoformat(), "job": r.job_title,
            "role": r.subject_role} for r in rows]

    @rx.var
    def rp_rows(self) -> list[dict[str, str]]:
        """The page of reviews with their days in the reader's language."""
        return [{**row, "date": format_day(datetime.fromisoformat(row["at"]), self.locale)}
                for row in self.rp_reviews]


S = ProfileReputationState


def _figure(label_key: str, value, empty_key: str, figure_id: str) -> rx.Component:
    return rx.vstack(
        rx.text(T[label_key], size="1", color_scheme="gray"),
        rx.text(rx.cond(value != "", value, T[empty_key]), size="3", weight="bold", id=figure_id),
        spacing="0", min_width="130px")


def figures() -> rx.Component:
    """The figures: as a VA (rating, jobs, on time, repeat clients) and/or as a client."""
    return rx.vstack(
        rx.cond(S.p_is_va, rx.flex(
            _figure("rep.rating", S.rp_va["rating"], "rep.no_reviews", "rep-rating"),
            _figure("rep.jobs_done", S.rp_va["jobs"], "rep.none", "rep-jobs-done"),
            _figure("rep.on_time", S.rp_va["on_time"], "rep.none", "rep-on-time"),
            _figure("rep.repeat_clients", S.rp_va["repeat"], "rep.none", "rep-repeat"),
            spacing="5", wrap="wrap", width="100%")),
        rx.cond(S.p_is_client, rx.flex(
            _figure("rep.client_rating", S.rp_client["rating"], "rep.no_reviews",
                    "rep-client-rating"),
            _figure("rep.hires_completed", S.rp_client["jobs"], "rep.none", "rep-client-jobs"),
            spacing="5", wrap="wrap", width="100%")),
        spacing="3", width="100%", id="profile-reputation")


def _review(row) -> rx.Component:
    return rx.card(rx.vstack(
        rx.flex(rx.text(row["stars"], color="var(--amber-9)", size="3",
                        aria_label=row["rating"] + "/5"),
                rx.text(row["job"], weight="medium", size="2"),
                rx.badge(rx.cond(row["role"] == "va", T["rep.as_va"], T["rep.as_client"]),
                         color_scheme="gray", variant="soft"),
                spacing="2", align="center", wrap="wrap"),
        rx.text(row["body"], size="2", white_space="pre-wrap"),
        rx.text(rx.link(row["author"], href="/u/" + row["author_id"]), " · ", row["date"],
                size="1", color_scheme="gray"),
        spacing="2", width="100%"), width="100%", id="profile-review-" + row["id"])


def review_list() -> rx.Component:
    """The visible reviews with previous / next page buttons, or "No reviews yet"."""
    return rx.vstack(
        rx.heading(T["rep.reviews_title"], " (", S.rp_total.to_string(), ")", size="4"),
        rx.cond(S.rp_total > 0, rx.vstack(
            rx.foreach(S.rp_rows, _review),
            rx.cond(S.rp_pages > 1, rx.flex(
                rx.button(T["rep.previous"], variant="soft", disabled=S.rp_page <= 1,
                          on_click=S.show_page(S.rp_page - 1), id="reviews-prev"),
                rx.text(S.rp_page.to_string(), " / ", S.rp_pages.to_string(), size="2"),
                rx.button(T["rep.next"], variant="soft", disabled=S.rp_page >= S.rp_pages,
                          on_click=S.show_page(S.rp_page + 1), id="reviews-next"),
                spacing="3", align="center")),
            spacing="3", width="100%"),
            rx.text(T["rep.no_reviews"], color_scheme="gray", size="2", id="reviews-empty")),
        spacing="3", width="100%", id="profile-reviews")
