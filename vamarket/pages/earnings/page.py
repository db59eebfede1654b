"""/earnings: what the VA has held, released and paid out, and each milestone's money."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T, page_frame
from vamarket.pages.earnings.state import EarningsState as S


def _figure(label_key: str, value, figure_id: str, color: str) -> rx.Component:
    return rx.card(rx.vstack(
        rx.text(T[label_key], size="2", color_scheme="gray"),
        rx.text(value, size="5", weight="bold", id=figure_id, color_scheme=color),
        spacing="1"), flex="1 1 180px")


def _row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.link(row["job"], href="/contracts/" + row["contract"])),
        rx.table.cell(row["title"]),
        rx.table.cell(row["amount"]),
        rx.table.cell(row["net"]),
        rx.table.cell(rx.badge(T["milestone_status." + row["status"]])),
        rx.table.cell(row["date"]))


def _content() -> rx.Component:
    return rx.cond(
        (S.totals.length() > 0) | (S.rows.length() > 0),
        rx.vstack(
            rx.flex(_figure("money.held", S.held_text, "earnings-held", "amber"),
                    _figure("money.released", S.released_text, "earnings-released", "green"),
                    _figure("money.paid_out", S.paid_out_text, "earnings-paid-out", "gray"),
                    spacing="3", wrap="wrap", width="100%"),
            rx.text(T["money.earnings_note"], size="2", color_scheme="gray"),
            rx.cond(S.rows.length() > 0, rx.box(rx.table.root(
                rx.table.header(rx.table.row(
                    rx.table.column_header_cell(T["money.contract"]),
                    rx.table.column_header_cell(T["contract.milestone"]),
                    rx.table.column_header_cell(T["contract.amount"]),
                    rx.table.column_header_cell(T["money.you_receive"]),
                    rx.table.column_header_cell(T["contract.status"]),
                    rx.table.column_header_cell(T["money.date"]))),
                rx.table.body(rx.foreach(S.rows, _row)),
                width="100%", size="1"), width="100%", overflow_x="auto", id="earnings-rows")),
            spacing="4", width="100%"),
        rx.callout(T["money.earnings_empty"], icon="wallet", width="100%", id="earnings-empty"))


def earnings() -> rx.Component:
    """Totals per currency and one row per milestone."""
    return page_frame(rx.vstack(
        rx.flex(rx.heading(T["money.earnings_title"], size="7", id="earnings-title"), rx.spacer(),
                rx.link(rx.button(T["money.get_paid_title"], variant="soft"), href="/get-paid",
                        id="earnings-get-paid"),
                width="100%", align="center", wrap="wrap", spacing="2"),
        rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red",
                                          id="earnings-error", width="100%")),
        rx.cond(S.loaded, _content(),
            rx.cond(S.error == "", rx.center(rx.spinner(size="3"), width="100%", padding="24px"))),
        spacing="4", width="100%"), width="960px")


PAGES = [dict(component=earnings, route="/earnings", on_load=S.load, title="vamarket")]
