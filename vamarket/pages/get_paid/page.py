"""/get-paid: the VA sets up payouts (a Stripe Express account) to receive released money."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T, page_frame
from vamarket.pages.get_paid.state import GetPaidState as S


def _status() -> rx.Component:
    return rx.cond(
        S.active,
        rx.callout(T["money.payouts_active"], icon="circle-check", color_scheme="green",
                   width="100%", id="get-paid-active"),
        rx.vstack(
            rx.cond(S.has_account,
                    rx.cond(S.returned,
                            rx.callout(rx.flex(
                                rx.cond(S.polling, rx.spinner(size="2")),
                                rx.text(T["money.payouts_checking"]), spacing="2",
                                align="center"), icon="hourglass", width="100%",
                                id="get-paid-checking"),
                            rx.callout(T["money.payouts_unfinished"], icon="info", color_scheme="amber",
                                       width="100%", id="get-paid-unfinished")),
                    rx.text(T["money.payouts_intro"], size="3")),
            rx.text(T["money.payouts_held"], size="2", color_scheme="gray"),
            rx.flex(
                rx.button(rx.icon("landmark", size=16),
                          rx.cond(S.has_account, T["money.payouts_continue"], T["money.payouts_start"]),
                          size="3", on_click=S.start, loading=S.busy, id="get-paid-start"),
                rx.cond(S.has_account, rx.button(T["money.refresh"], size="3", variant="soft",
                                                 on_click=S.refresh, id="get-paid-refresh")),
                spacing="3", wrap="wrap"),
            spacing="3", width="100%"))


def get_paid() -> rx.Component:
    """Payout status and the button that starts (or continues) onboarding."""
    return page_frame(rx.vstack(
        rx.heading(T["money.get_paid_title"], size="7", id="get-paid-title"),
        rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red",
                                          id="get-paid-error", width="100%")),
        rx.cond(S.loaded, rx.card(_status(), width="100%"),
            rx.cond(S.error == "", rx.center(rx.spinner(size="3"), width="100%", padding="24px"))),
        rx.flex(rx.link(T["money.earnings_title"], href="/earnings", id="get-paid-earnings"),
                spacing="3"),
        spacing="4", width="100%"), width="720px")


# /payouts: the address earlier notifications and onboarding links used
PAGES = [dict(component=get_paid, route=route, on_load=S.load, title="vamarket")
         for route in ("/get-paid", "/payouts")]
