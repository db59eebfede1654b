"""/my/jobs and /my/quotes: what the user has going on and what needs them."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T, page_frame
from vamarket.pages.dashboard.state import DashboardState as S


def _contract_badge(row) -> rx.Component:
    return rx.cond(row["contract"] != "", rx.link(
        rx.badge(T["contract_status." + row["contract_status"]], color_scheme="amber",
                 id="contract-status-" + row["contract"]),
        href="/contracts/" + row["contract"]))


def _job_row(row) -> rx.Component:
    return rx.card(rx.flex(
        rx.vstack(rx.link(rx.text(row["title"], weight="medium"), href="/jobs/" + row["id"]),
                  rx.text(T["dash.updated"], " ", row["updated"], size="1", color_scheme="gray"),
                  spacing="1"),
        rx.spacer(),
        rx.flex(
            rx.badge(T["job_status." + row["status"]], id="job-status-" + row["id"]),
            rx.link(rx.text(T["dash.quotes"], ": ", row["quotes"]), href="/jobs/" + row["id"] + "/quotes",
                    id="job-quotes-" + row["id"]),
            rx.cond(row["new"] != "", rx.badge(row["new"], " ", T["dash.new"], color_scheme="green")),
            _contract_badge(row),
            spacing="2", align="center", wrap="wrap"),
        wrap="wrap", spacing="3", align="center", width="100%"), width="100%")


def _quote_row(row) -> rx.Component:
    return rx.card(rx.flex(
        rx.vstack(rx.link(rx.text(row["title"], weight="medium"), href="/jobs/" + row["job"]),
                  rx.text(row["price"], rx.cond(row["hourly"] != "", T["dash.per_hour"], ""),
                          size="2", color_scheme="gray"),
                  spacing="1"),
        rx.spacer(),
        rx.flex(
            rx.badge(T["quote_status." + row["status"]], id="my-quote-status-" + row["id"]),
            rx.cond(row["viewed"] != "", rx.badge(T["dash.viewed"], color_scheme="gray")),
            rx.cond(row["agency"] != "", rx.badge(T["dash.by_agency"], color_scheme="iris")),
            _contract_badge(row),
            spacing="2", align="center", wrap="wrap"),
        wrap="wrap", spacing="3", align="center", width="100%"), width="100%")


def _spinner() -> rx.Component:
    return rx.center(rx.spinner(size="3"), width="100%", padding="24px")


def _money_links(*links: tuple[str, str, str, str]) -> rx.Component:
    """A small row of links to the money pages (icon, catalog key, route, id)."""
    return rx.flex(*[rx.link(rx.flex(rx.icon(icon, size=14), T[key], spacing="1", align="center"),
                             href=href, id=link_id, size="2")
                     for icon, key, href, link_id in links], spacing="4", wrap="wrap")


def my_jobs() -> rx.Component:
    """The client's jobs."""
    return page_frame(rx.vstack(
        _money_links(("receipt", "money.billing_title", "/billing", "dash-billing-link")),
        rx.flex(rx.heading(T["dash.my_jobs"], size="7", id="my-jobs-title"), rx.spacer(),
                rx.link(rx.button(T["landing.post_job"], id="post-job-button"), href="/jobs/new"),
                width="100%", align="center", wrap="wrap", spacing="2"),
        rx.cond(S.loaded, rx.cond(
            S.job_rows.length() > 0,
            rx.vstack(rx.foreach(S.job_rows, _job_row), spacing="3", width="100%"),
            rx.callout(T["dash.no_jobs"], icon="briefcase", id="my-jobs-empty")), _spinner()),
        spacing="4", width="100%"))


def my_quotes() -> rx.Component:
    """The VA's quotes."""
    return page_frame(rx.vstack(
        _money_links(("wallet", "money.earnings_title", "/earnings", "dash-earnings-link"),
                     ("landmark", "money.get_paid_title", "/get-paid", "dash-get-paid-link")),
        rx.flex(rx.heading(T["dash.my_quotes"], size="7", id="my-quotes-title"), rx.spacer(),
                rx.link(rx.button(T["landing.find_work"], id="find-work-button"), href="/jobs"),
                width="100%", align="center", wrap="wrap", spacing="2"),
        rx.cond(S.loaded, rx.cond(
            S.quote_rows.length() > 0,
            rx.vstack(rx.foreach(S.quote_rows, _quote_row), spacing="3", width="100%"),
            rx.callout(T["dash.no_quotes"], icon="send", id="my-quotes-empty")), _spinner()),
        spacing="4", width="100%"))


PAGES = [
    dict(component=my_jobs, route="/my/jobs", on_load=S.load, title="vamarket"),
    dict(component=my_quotes, route="/my/quotes", on_load=S.load, title="vamarket"),
]
