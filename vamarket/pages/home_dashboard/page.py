"""/dashboard: the signed-in user's home. A client sees spend per month, what waits for them
and their running contracts; a VA sees earnings per month (held and released), what waits for
them, running contracts and open quotes. Someone with both roles sees both parts."""

from __future__ import annotations

import reflex as rx

from vamarket import routes
from vamarket.components.layout import T, page_frame
from vamarket.pages.home_dashboard.state import HomeDashboardState as S
from vamarket.pages.home_dashboard.views.lists import (
    action_list,
    contract_list,
    figures,
    quote_list,
)
from vamarket.pages.home_dashboard.views.money_chart import money_chart


def _two_columns(*children: rx.Component) -> rx.Component:
    return rx.grid(*children, columns=rx.breakpoints(initial="1", md="2"), spacing="4",
                   width="100%", align_items="start")


def _client_part() -> rx.Component:
    f = S.figures
    return rx.vstack(
        rx.heading(T["home.as_client"], size="5"),
        figures(("home.running_contracts", f["client_running"], "client-running-count"),
                ("home.needs_you", f["client_actions"], "client-actions-count"),
                ("home.spent_12", f["spent"], "client-spent")),
        _two_columns(money_chart("client", "home.spend_title", "home.paid", "home.refunded",
                                 "home.no_spend"),
                     rx.vstack(action_list("client"),
                               contract_list("client", "home.no_contracts_client",
                                             "landing.post_job", "/jobs/new"),
                               spacing="4", width="100%")),
        spacing="4", width="100%", id="home-client")


def _va_part() -> rx.Component:
    f = S.figures
    return rx.vstack(
        rx.heading(T["home.as_va"], size="5"),
        figures(("home.running_contracts", f["va_running"], "va-running-count"),
                ("home.open_quotes", f["open_quotes"], "va-open-quotes-count"),
                ("home.released_12", f["released"], "va-released"),
                ("home.held_now", f["held"], "va-held")),
        _two_columns(money_chart("va", "home.earnings_title", "home.held", "home.released",
                                 "home.no_earnings"),
                     rx.vstack(action_list("va"),
                               contract_list("va", "home.no_contracts_va", "landing.find_work",
                                             "/jobs"),
                               quote_list(), spacing="4", width="100%")),
        spacing="4", width="100%", id="home-va")


def home_dashboard() -> rx.Component:
    """Both roles' parts (each only for users who have that role)."""
    return page_frame(rx.vstack(
        rx.heading(T["home.title"], size="7", id="home-title"),
        rx.cond(S.loaded, rx.vstack(
            rx.cond(S.is_client, _client_part()),
            rx.cond(S.is_client & S.is_va, rx.separator(size="4")),
            rx.cond(S.is_va, _va_part()),
            rx.cond(~S.is_client & ~S.is_va, rx.callout(T["home.no_role"], icon="info")),
            spacing="6", width="100%"),
            rx.center(rx.spinner(size="3"), width="100%", padding="24px")),
        spacing="4", width="100%"), width="1100px")


PAGES = [dict(component=home_dashboard, route=routes.DASHBOARD, on_load=S.load,
              title="vamarket")]
