"""The dashboard's lists: figures, what waits for the user, running contracts, open quotes."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T
from vamarket.pages.home_dashboard.state import HomeDashboardState as S


def figure(label_key: str, value, figure_id: str) -> rx.Component:
    """One headline number in a small card."""
    return rx.card(rx.vstack(
        rx.text(T[label_key], size="1", color_scheme="gray"),
        rx.text(value, size="5", weight="bold", id=figure_id),
        spacing="1"), width="100%")


def figures(*items: tuple[str, object, str]) -> rx.Component:
    """Headline numbers: two across on a phone, four on a wide screen."""
    return rx.grid(*[figure(*item) for item in items],
                   columns=rx.breakpoints(initial="2", md="4"), spacing="3", width="100%")


def _action(row) -> rx.Component:
    return rx.link(rx.flex(
        rx.icon("circle-arrow-right", size=18, color="var(--accent-9)", flex_shrink="0"),
        rx.vstack(rx.text(row["text"], weight="medium", size="2"),
                  rx.text(row["title"], rx.cond(row["detail"] != "", " · " + row["detail"], ""),
                          size="1", color_scheme="gray"),
                  spacing="0", min_width="0"),
        spacing="2", align="center"), href=row["link"], underline="none", color_scheme="gray",
        high_contrast=True, width="100%")


def action_list(side: str) -> rx.Component:
    """What waits for the user in `side`'s role, or that nothing does."""
    return rx.card(rx.vstack(
        rx.heading(T["home.needs_you"], size="4"),
        rx.cond(S.actions[side].length() > 0,
                rx.vstack(rx.foreach(S.actions[side], _action), spacing="3", width="100%",
                          id=f"{side}-actions"),
                rx.text(T["home.nothing_waiting"], color_scheme="gray", size="2",
                        id=f"{side}-actions-empty")),
        spacing="3", width="100%"), width="100%")


def _contract(row) -> rx.Component:
    return rx.flex(
        rx.vstack(rx.link(rx.text(row["title"], weight="medium", size="2"),
                          href="/contracts/" + row["id"]),
                  rx.text(T["home.with"], " ", row["other"], size="1", color_scheme="gray"),
                  spacing="0", min_width="0"),
        rx.spacer(),
        rx.badge(T["contract_status." + row["status"]], color_scheme="amber"),
        spacing="2", align="center", width="100%", wrap="wrap")


def contract_list(side: str, empty_key: str, cta_key: str, cta_href: str) -> rx.Component:
    """The running contracts of `side`'s role, or an empty state with the next step."""
    return rx.card(rx.vstack(
        rx.heading(T["home.running_contracts"], size="4"),
        rx.cond(S.contracts[side].length() > 0,
                rx.vstack(rx.foreach(S.contracts[side], _contract), spacing="3", width="100%",
                          id=f"{side}-contracts"),
                rx.vstack(rx.text(T[empty_key], color_scheme="gray", size="2",
                                  id=f"{side}-contracts-empty"),
                          rx.link(T[cta_key], href=cta_href, size="2"), spacing="1")),
        spacing="3", width="100%"), width="100%")


def _quote(row) -> rx.Component:
    return rx.flex(
        rx.vstack(rx.link(rx.text(row["title"], weight="medium", size="2"), href="/jobs/" + row["job"]),
                  rx.text(row["price"], rx.cond(row["hourly"] != "", T["dash.per_hour"], ""),
                          size="1", color_scheme="gray"), spacing="0", min_width="0"),
        rx.spacer(),
        rx.flex(rx.badge(T["quote_status." + row["status"]], id="home-quote-status-" + row["id"]),
                rx.cond(row["viewed"] != "", rx.badge(T["dash.viewed"], color_scheme="gray")),
                spacing="1"),
        spacing="2", align="center", width="100%", wrap="wrap")


def quote_list() -> rx.Component:
    """The VA's open quotes and their states."""
    return rx.card(rx.vstack(
        rx.flex(rx.heading(T["home.open_quotes"], size="4"), rx.spacer(),
                rx.link(T["home.all_quotes"], href="/my/quotes", size="2"), width="100%",
                align="center"),
        rx.cond(S.open_quotes.length() > 0,
                rx.vstack(rx.foreach(S.open_quotes, _quote), spacing="3", width="100%",
                          id="va-quotes"),
                rx.vstack(rx.text(T["home.no_open_quotes"], color_scheme="gray", size="2",
                                  id="va-quotes-empty"),
                          rx.link(T["landing.find_work"], href="/jobs", size="2"), spacing="1")),
        spacing="3", width="100%"), width="100%")
