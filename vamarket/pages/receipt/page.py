"""/billing/receipts/[payment_id]: a printable receipt for one payment."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T, page_frame
from vamarket.pages.receipt.state import ReceiptState as S


def _line(label_key: str, value, line_id: str) -> rx.Component:
    return rx.cond(value != "", rx.flex(
        rx.text(T[label_key], color_scheme="gray", size="2", min_width="160px"),
        rx.text(value, size="2", weight="medium", id=line_id), spacing="3", wrap="wrap"))


def _receipt() -> rx.Component:
    r = S.receipt
    return rx.card(rx.vstack(
        rx.flex(rx.heading("vamarket", size="5"), rx.spacer(),
                rx.text(T["receipt.number"], " ", r["number"], size="2", id="receipt-number"),
                width="100%", align="center", wrap="wrap", spacing="2"),
        rx.divider(),
        _line("receipt.date", r["date"], "receipt-date"),
        _line("receipt.billed_to", r["client"], "receipt-client"),
        _line("receipt.email", r["email"], "receipt-email"),
        _line("receipt.va", r["va"], "receipt-va"),
        _line("receipt.job", r["job"], "receipt-job"),
        rx.flex(rx.text(T["receipt.for"], color_scheme="gray", size="2", min_width="160px"),
                rx.text(T["money.purpose." + r["purpose"]], rx.cond(r["item"] != "", " — " + r["item"], ""),
                        size="2", weight="medium", id="receipt-for"), spacing="3", wrap="wrap"),
        rx.divider(),
        _line("receipt.amount", r["amount"], "receipt-amount"),
        _line("receipt.refunded", r["refunded"], "receipt-refunded"),
        rx.cond(r["refunded"] != "", _line("receipt.net", r["net"], "receipt-net")),
        _line("receipt.charge", r["charge"], "receipt-charge"),
        rx.text(T["receipt.held_note"], size="1", color_scheme="gray"),
        spacing="3", width="100%"), width="100%")


def receipt_page() -> rx.Component:
    """The receipt, with print and back links."""
    return page_frame(rx.vstack(
        rx.flex(rx.link(T["receipt.back"], href="/billing", id="receipt-back"), rx.spacer(),
                rx.button(T["receipt.print"], variant="soft", id="receipt-print",
                          on_click=rx.call_script("window.print()")),
                width="100%", align="center"),
        rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red",
                                          id="receipt-error", width="100%")),
        rx.cond(S.loaded, _receipt(),
                rx.cond(S.error == "", rx.center(rx.spinner(size="3"), width="100%",
                                                 padding="24px"))),
        spacing="4", width="100%"), width="640px")


PAGES = [dict(component=receipt_page, route="/billing/receipts/[payment_id]", on_load=S.load,
              title="vamarket")]
