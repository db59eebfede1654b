"""Cancelling a funded milestone (or the whole contract) with a refund, when both agree."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T
from vamarket.pages.contract.cancellation_state import WHOLE_CONTRACT
from vamarket.pages.contract.cancellation_state import CancellationState as S

ON_LOAD: list = [S.load_cancellations]


def _request(r) -> rx.Component:
    pending = r["status"] == "pending"
    return rx.card(rx.vstack(
        rx.flex(rx.text(r["target"], weight="bold"),
                rx.badge(T["disputes.cancel_status_" + r["status"]]), rx.spacer(),
                rx.text(r["when"], size="1", color_scheme="gray"),
                spacing="2", align="center", wrap="wrap", width="100%"),
        rx.text(rx.cond(r["mine"] != "", T["disputes.cancel_you_asked"],
                        T["disputes.cancel_they_asked"]), size="2", color_scheme="gray"),
        rx.text(r["reason"], size="2", white_space="pre-wrap", word_break="break-word"),
        rx.cond(pending, rx.cond(
            r["mine"] != "",
            rx.button(T["disputes.cancel_withdraw"], size="1", variant="soft",
                      on_click=S.withdraw_cancel(r["id"])),
            rx.flex(rx.button(T["disputes.cancel_accept"], size="2", color_scheme="green",
                              on_click=S.answer_cancel(r["id"], True),
                              class_name="cancel-accept"),
                    rx.button(T["disputes.cancel_decline"], size="2", variant="soft",
                              color_scheme="gray", on_click=S.answer_cancel(r["id"], False)),
                    spacing="2", wrap="wrap"))),
        spacing="2", width="100%"), width="100%", class_name="cancel-request")


def _form() -> rx.Component:
    return rx.vstack(
        rx.select.root(
            rx.select.trigger(width="100%", id="cancel-target"),
            rx.select.content(
                rx.select.item(T["disputes.whole_contract"], value=WHOLE_CONTRACT),
                rx.foreach(S.cancel_choices, lambda c: rx.select.item(c["label"],
                                                                      value=c["value"]))),
            value=S.cancel_target, on_change=S.set_cancel_target),
        rx.text_area(value=S.cancel_reason, on_change=S.set_cancel_reason, rows="2",
                     placeholder=T["disputes.reason_placeholder"], width="100%",
                     id="cancel-reason"),
        rx.button(T["disputes.cancel_ask"], variant="outline", on_click=S.ask_cancel,
                  id="cancel-ask"),
        spacing="2", width="100%")


def _confirm() -> rx.Component:
    return rx.alert_dialog.root(rx.alert_dialog.content(
        rx.alert_dialog.title(T["disputes.cancel_confirm_title"]),
        rx.alert_dialog.description(T["disputes.cancel_confirm_body"]),
        rx.flex(rx.button(T["disputes.keep_working"], variant="soft", color_scheme="gray",
                          on_click=S.close_cancel),
                rx.button(T["disputes.cancel_send"], on_click=S.send_cancel_request,
                          id="cancel-send"),
                spacing="3", justify="end", margin_top="16px", wrap="wrap"),
        max_width="460px"), open=S.cancel_confirm)


def section() -> rx.Component:
    """Requests to cancel with a refund, and a form to make one while money is held."""
    return rx.vstack(
        rx.heading(T["disputes.cancel_title"], size="4"),
        rx.cond(S.cancel_error != "", rx.callout(S.cancel_error, icon="triangle-alert",
                                                 color_scheme="red", width="100%")),
        rx.cond(S.cancel_notice != "", rx.callout(S.cancel_notice, icon="check",
                                                  color_scheme="green", width="100%")),
        rx.foreach(S.request_rows, _request),
        rx.cond(S.can_request, _form(),
                rx.text(T["disputes.cancel_nothing"], size="2", color_scheme="gray")),
        _confirm(),
        spacing="3", width="100%", id="cancel-section")
