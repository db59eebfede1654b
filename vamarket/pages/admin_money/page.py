"""/admin/money: the reconcile line (ledger against Stripe) and a button to run it again."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T, page_frame
from vamarket.pages.admin_money.state import AdminMoneyState as S


def _report() -> rx.Component:
    return rx.vstack(
        rx.flex(rx.badge(rx.cond(S.ok, T["money.reconcile_ok"], T["money.reconcile_off"]),
                         color_scheme=rx.cond(S.ok, "green", "red"), size="3",
                         id="admin-reconcile-status"),
                rx.text(T["money.checked_at"], " ", S.checked_at, size="2", color_scheme="gray"),
                spacing="3", align="center", wrap="wrap"),
        rx.code_block(S.line, language="log", width="100%", id="admin-reconcile-line",
                      wrap_long_lines=True),
        rx.cond(S.mismatches.length() > 0, rx.vstack(
            rx.text(T["money.mismatches"], weight="medium"),
            rx.foreach(S.mismatches, lambda m: rx.text(m, size="2", font_family="monospace")),
            spacing="1", width="100%", id="admin-reconcile-mismatches")),
        rx.button(rx.icon("refresh-cw", size=16), T["money.reconcile_run"], on_click=S.run,
                  loading=S.busy, id="admin-reconcile-run"),
        spacing="3", width="100%")


def admin_money() -> rx.Component:
    """Admins only; the state refuses everyone else on the server."""
    return page_frame(rx.vstack(
        rx.heading(T["money.admin_title"], size="7", id="admin-money-title"),
        rx.text(T["money.admin_intro"], size="2", color_scheme="gray"),
        rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red",
                                          id="admin-money-error", width="100%")),
        rx.cond(S.loaded, rx.card(_report(), width="100%"),
            rx.cond(S.error == "", rx.center(rx.spinner(size="3"), width="100%", padding="24px"))),
        spacing="4", width="100%"), width="900px")


PAGES = [dict(component=admin_money, route="/admin/money", on_load=S.load, title="vamarket")]
