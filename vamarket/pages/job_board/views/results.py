"""Result cards, the count and sort line, pagination, and the empty state."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T
from vamarket.pages.job_board.state import JobBoardState as S


def sort_select() -> rx.Component:
    """Relevance, newest, highest or lowest budget."""
    return rx.select.root(
        rx.select.trigger(id="sort-select", aria_label=T["board.sort"], min_width="150px"),
        rx.select.content(*[rx.select.item(T["board.sort_" + s], value=s)
                            for s in ("relevance", "newest", "budget_high", "budget_low")]),
        value=S.f_sort, on_change=S.set_sort, size="2")


def _card(row) -> rx.Component:
    return rx.card(rx.vstack(
        rx.flex(
            rx.link(row["title"], href="/jobs/" + row["id"], size="4", weight="bold",
                    id="result-link-" + row["id"], overflow_wrap="anywhere"),
            rx.spacer(),
            rx.text(row["budget"],
                    rx.cond(row["budget_type"] == "hourly", " " + T["board.per_hour"], ""),
                    size="3", weight="bold", white_space="nowrap"),
            spacing="2", width="100%", wrap="wrap", align="baseline"),
        rx.text(row["snippet"], size="2", color_scheme="gray", overflow_wrap="anywhere"),
        rx.flex(
            rx.cond(row["category"] != "", rx.badge(T["category." + row["category"]],
                                                   color_scheme="teal", variant="soft")),
            rx.badge(T["board.type." + row["budget_type"]], variant="outline"),
            rx.cond(row["pilot"] != "", rx.badge(rx.icon("flask-conical", size=12),
                                                 T["board.pilot_badge"], color_scheme="amber")),
            rx.spacer(),
            rx.text(row["quotes"], " ", T["board.quotes"], " · ", T["board.posted_on"], " ",
                    row["posted"], size="1", color_scheme="gray", id="result-meta-" + row["id"]),
            spacing="2", wrap="wrap", align="center", width="100%"),
        spacing="2", width="100%"), width="100%", id="result-" + row["id"])


def _empty() -> rx.Component:
    return rx.center(rx.vstack(
        rx.icon("search-x", size=32, color="var(--gray-9)"),
        rx.heading(T["board.empty_title"], size="4"),
        rx.text(T["board.empty_body"], size="2", color_scheme="gray", text_align="center"),
        rx.cond(S.has_filters, rx.button(T["board.clear"], variant="soft", on_click=S.clear_filters,
                                         id="empty-clear")),
        align="center", spacing="2"), padding="40px 8px", width="100%", id="results-empty")


def _pager() -> rx.Component:
    return rx.cond(S.pages > 1, rx.flex(
        rx.button(rx.icon("chevron-left", size=16), T["board.previous"], variant="soft",
                  on_click=S.go_page(S.page - 1), disabled=S.page <= 1, id="prev-page"),
        rx.text(T["board.page"], " ", S.page.to_string(), " / ", S.pages.to_string(), size="2",
                id="page-info"),
        rx.button(T["board.next"], rx.icon("chevron-right", size=16), variant="soft",
                  on_click=S.go_page(S.page + 1), disabled=S.page >= S.pages, id="next-page"),
        spacing="3", align="center", justify="center", width="100%", wrap="wrap"))


def results() -> rx.Component:
    """Count and sort, then the cards (dimmed while a new search loads)."""
    return rx.vstack(
        rx.flex(
            rx.text(rx.cond(S.loaded, rx.fragment(S.total.to_string(), " ", T["board.jobs_found"]), ""),
                    size="2", color_scheme="gray", id="results-count"),
            rx.cond(S.loading, rx.hstack(rx.spinner(size="1"), rx.text(T["common.loading"], size="1"),
                                         id="results-loading", align="center", spacing="1")),
            rx.spacer(),
            rx.hstack(rx.text(T["board.sort"], size="2", color_scheme="gray"), sort_select(),
                      align="center", spacing="2"),
            spacing="3", align="center", wrap="wrap", width="100%"),
        rx.cond(
            S.loaded,
            rx.cond(S.results.length() > 0,
                    rx.vstack(rx.foreach(S.cards, _card), _pager(), spacing="3", width="100%",
                              opacity=rx.cond(S.loading, "0.55", "1"), id="results"),
                    rx.cond(S.loading, rx.fragment(), _empty())),
            rx.center(rx.spinner(size="3"), padding="40px", width="100%"),
        ),
        spacing="3", width="100%",
    )
