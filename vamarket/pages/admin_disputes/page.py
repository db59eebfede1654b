"""/admin/disputes: open disputes, both sides, and the split (confirmed before money moves)."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T, page_frame
from vamarket.files_route import files_prefix
from vamarket.pages.admin_disputes.state import AdminDisputesState as S
from vamarket.pages.admin_nav import admin_nav, pager


def _row(d) -> rx.Component:
    return rx.card(rx.flex(
        rx.vstack(
            rx.text(d["job"], " · ", d["target"], weight="bold", overflow_wrap="anywhere"),
            rx.text(T["disputes.opened_by_" + d["side"]], " · ", d["when"], size="1",
                    color_scheme="gray"),
            rx.text(d["reason"], size="2", white_space="pre-wrap", word_break="break-word"),
            spacing="1", min_width="0", flex="1"),
        rx.vstack(rx.text(d["amount"], weight="bold"),
                  rx.button(T["admin.review"], size="2", on_click=S.review(d["id"]),
                            class_name="admin-review"),
                  align="end", spacing="2"),
        spacing="3", wrap="wrap", width="100%"), width="100%", class_name="admin-dispute")


def _statement(s) -> rx.Component:
    return rx.vstack(
        rx.badge(T["disputes.side_" + s["side"]],
                 color_scheme=rx.cond(s["side"] == "client", "blue", "green")),
        rx.text(s["body"], size="2", white_space="pre-wrap", word_break="break-word"),
        rx.text(s["when"], size="1", color_scheme="gray"),
        spacing="1", width="100%", padding="8px", background="var(--gray-2)",
        border_radius="var(--radius-2)", class_name="admin-statement")


def _figure(key: str, value) -> rx.Component:
    return rx.flex(rx.text(T[key], size="2", color_scheme="gray", min_width="170px"),
                   rx.text(value, size="2", weight="medium"), spacing="2", wrap="wrap")


def _split_form() -> rx.Component:
    sel = S.selected
    return rx.vstack(
        rx.text(T["admin.split_title"], weight="bold"),
        rx.text(T["admin.split_hint"], " ", sel["amount"], size="2", color_scheme="gray"),
        rx.input(value=S.released_text, on_change=S.set_released, inputmode="decimal",
                 placeholder=T["admin.released_placeholder"], width="100%", max_width="260px",
                 id="admin-released"),
        rx.cond(S.split.get("error", "") != "", rx.text(S.split["error"], color_scheme="red",
                                                        size="2")),
        rx.cond(S.split.get("released", "") != "", rx.vstack(
            _figure("disputes.released_to_va", S.split["released"]),
            _figure("admin.platform_fee", S.split["fee"]),
            _figure("admin.va_gets", S.split["va_gets"]),
            _figure("disputes.refunded_to_client", S.split["refunded"]),
            spacing="1", id="admin-split-figures")),
        rx.button(rx.icon("scale", size=14), T["admin.resolve"], on_click=S.ask_resolve,
                  disabled=S.split.get("released", "") == "", id="admin-resolve"),
        spacing="2", width="100%")


def _detail() -> rx.Component:
    sel = S.selected
    return rx.card(rx.vstack(
        rx.flex(rx.heading(sel["job"], " · ", sel["target"], size="4"), rx.spacer(),
                rx.button(T["admin.back"], size="1", variant="soft", on_click=S.close_review),
                wrap="wrap", width="100%", spacing="2"),
        rx.link(T["admin.open_contract"], href="/contracts/" + sel["contract"], size="2"),
        rx.text(T["disputes.opened_by_" + sel["side"]], ": ", sel["reason"], size="2",
                white_space="pre-wrap", word_break="break-word"),
        rx.cond(S.said.length() > 0, rx.foreach(S.said, _statement),
                rx.text(T["admin.no_statements"], size="2", color_scheme="gray")),
        rx.foreach(S.evidence, lambda f: rx.hstack(
            rx.icon("paperclip", size=14),
            rx.link(f["name"], href=files_prefix() + f["id"], is_external=True, size="2"),
            rx.text(f["size"], size="1", color_scheme="gray"), align="center")),
        rx.divider(),
        _split_form(),
        spacing="3", width="100%"), width="100%", id="admin-dispute-detail")


def _confirm() -> rx.Component:
    return rx.alert_dialog.root(rx.alert_dialog.content(
        rx.alert_dialog.title(T["admin.confirm_split_title"]),
        rx.vstack(
            _figure("disputes.released_to_va", S.split.get("released", "")),
            _figure("admin.va_gets", S.split.get("va_gets", "")),
            _figure("disputes.refunded_to_client", S.split.get("refunded", "")),
            rx.text(T["admin.confirm_split_body"], size="2", color_scheme="gray"),
            spacing="2"),
        rx.flex(rx.button(T["admin.cancel"], variant="soft", color_scheme="gray",
                          on_click=S.close_confirm),
                rx.button(T["admin.confirm"], color_scheme="red", loading=S.busy,
                          on_click=S.resolve, id="admin-split-confirm"),
                spacing="3", justify="end", margin_top="16px"),
        max_width="460px"), open=S.confirm_open)


def admin_disputes() -> rx.Component:
    """Admins only; the state refuses everyone else on the server."""
    return page_frame(rx.vstack(
        rx.heading(T["admin.disputes_title"], size="7"),
        admin_nav("/admin/disputes"),
        rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red",
                                          width="100%", id="admin-error")),
        rx.cond(S.notice != "", rx.callout(S.notice, icon="check", color_scheme="green",
                                           width="100%", id="admin-notice")),
        rx.cond(S.loaded, rx.cond(
            S.selected.get("id", "") != "", _detail(),
            rx.vstack(rx.cond(S.rows.length() > 0, rx.foreach(S.rows, _row),
                              rx.text(T["admin.no_disputes"], color_scheme="gray")),
                      pager(S), spacing="3", width="100%"))),
        _confirm(),
        spacing="4", width="100%"), width="900px")


PAGES = [dict(component=admin_disputes, route="/admin/disputes", on_load=S.load,
              title="vamarket")]
