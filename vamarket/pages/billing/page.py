"""/billing: the client's payments, refunds and receipts, per contract."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T, page_frame
from vamarket.pages.billing.state import BillingState as S


def _row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row["date"]),
        rx.table.cell(T["money.purpose." + row["purpose"]]),
        rx.table.cell(row["amount"], rx.cond(row["refunded"] != "", rx.text(
            T["money.refunded"], ": ", row["refunded"], size="1", color_scheme="orange"))),
        rx.table.cell(rx.badge(T["money.status." + row["status"]])),
        rx.table.cell(rx.cond(row["receipt"] != "", rx.link(T["money.receipt"], href=row["receipt"],
                                                            is_external=True), "—")))


def _group(group) -> rx.Component:
    return rx.card(rx.vstack(
        rx.link(rx.heading(rx.cond(group.title != "", group.title,
                                   T["money.contract"] + " #" + group.contract), size="4"),
                href="/contracts/" + group.contract,
                id="billing-contract-" + group.contract),
        rx.box(rx.table.root(
            rx.table.header(rx.table.row(
                rx.table.column_header_cell(T["money.date"]),
                rx.table.column_header_cell(T["money.purpose"]),
                rx.table.column_header_cell(T["contract.amount"]),
                rx.table.column_header_cell(T["contract.status"]),
                rx.table.column_header_cell(T["money.receipt"]))),
            rx.table.body(rx.foreach(group.rows, _row)),
            width="100%", size="1"), width="100%", overflow_x="auto"),
        spacing="3", width="100%"), width="100%")


def billing() -> rx.Component:
    """Per contract: what the client paid, what came back, receipts."""
    return page_frame(rx.vstack(
        rx.heading(T["money.billing_title"], size="7", id="billing-title"),
        rx.text(T["money.billing_intro"], size="2", color_scheme="gray"),
        rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red",
                                          id="billing-error", width="100%")),
        rx.cond(S.loaded, rx.cond(
            S.groups.length() > 0,
            rx.vstack(rx.foreach(S.groups, _group), spacing="3", width="100%", id="billing-list"),
            rx.callout(T["money.billing_empty"], icon="receipt", width="100%", id="billing-empty")),
            rx.cond(S.error == "", rx.center(rx.spinner(size="3"), width="100%", padding="24px"))),
        spacing="4", width="100%"), width="900px")


PAGES = [dict(component=billing, route="/billing", on_load=S.load, title="vamarket")]
