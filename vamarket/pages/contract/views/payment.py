"""The contract's payment status and the client's pay button with its confirmation."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T
from vamarket.pages.contract.plan_state import PlanState as P
from vamarket.pages.contract.state import ContractState as S


def _figure(label_key: str, value, figure_id: str) -> rx.Component:
    return rx.vstack(rx.text(T[label_key], size="1", color_scheme="gray"),
                     rx.text(value, size="4", weight="bold", id=figure_id), spacing="0",
                     min_width="120px")


def _line(label_key: str, value, line_id: str = "") -> rx.Component:
    props = {"id": line_id} if line_id else {}
    return rx.flex(rx.text(T[label_key], color_scheme="gray", size="2", min_width="200px"),
                   rx.text(value, size="2", weight="medium", **props), spacing="3", wrap="wrap")


def pay_dialog() -> rx.Component:
    """The client's pay button: a confirmation with amount, fee and what happens next."""
    m = S.money
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(rx.button(rx.icon("credit-card", size=16), T["money.pay"], " ",
                                          m["due_amount"], size="3", id="contract-pay",
                                          loading=S.busy)),
        rx.alert_dialog.content(
            rx.alert_dialog.title(T["money.pay_title"]),
            rx.vstack(
                _line("money.paying_for", m["due_label"]),
                rx.cond(m["due_amount"] != "", rx.vstack(
                    _line("money.you_pay", m["due_amount"], "contract-pay-amount"),
                    _line("money.fee", m["due_fee"], "contract-pay-fee"),
                    _line("money.va_gets", m["due_va"]), spacing="2")),
                rx.callout(rx.cond(m["due_amount"] != "", T["money.next_steps"],
                                   T["money.next_steps_card"]), icon="shield-check",
                           width="100%"),
                spacing="3", margin_y="12px", width="100%"),
            rx.flex(
                rx.alert_dialog.cancel(rx.button(T["common.cancel"], variant="soft",
                                                 color_scheme="gray")),
                rx.alert_dialog.action(rx.button(T["money.to_checkout"], on_click=S.pay,
                                                 id="contract-pay-confirm")),
                spacing="3", justify="end", wrap="wrap"),
            max_width="480px"))


def _payment_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row["date"]),
        rx.table.cell(T["money.purpose." + row["purpose"]]),
        rx.table.cell(row["amount"]),
        rx.table.cell(rx.badge(T["money.status." + row["status"]])))


def _status_notes() -> rx.Component:
    m = S.money
    return rx.vstack(
        rx.cond(m["waiting"] != "", rx.callout(
            rx.flex(rx.spinner(size="2"), rx.text(T["money.waiting"]), rx.spacer(),
                    rx.button(T["money.refresh"], size="1", variant="soft",
                              on_click=S.refresh_money, id="contract-payment-refresh"),
                    spacing="2", align="center", width="100%", wrap="wrap"),
            icon="hourglass", width="100%", id="contract-payment-waiting")),
        rx.cond(m["confirmed"] != "", rx.callout(T["money.confirmed"], icon="circle-check",
                                                 color_scheme="green", width="100%",
                                                 id="contract-payment-confirmed")),
        rx.cond((m["declined"] != "") & (S.terms["role"] == "client"), rx.callout(
            T["money.error.declined"], icon="credit-card", color_scheme="red", width="100%",
            id="contract-payment-declined")),
        rx.cond(m["frozen"] != "", rx.callout(T["money.frozen"], icon="snowflake",
                                              color_scheme="orange", width="100%",
                                              id="contract-frozen")),
        rx.cond((S.terms["role"] == "va") & ~S.payouts_ok, rx.callout(
            rx.flex(rx.text(T["money.setup_payouts_note"]),
                    rx.link(T["money.setup_payouts"], href="/get-paid", id="contract-setup-payouts",
                            weight="bold"), spacing="2", wrap="wrap"),
            icon="landmark", color_scheme="amber", width="100%")),
        spacing="2", width="100%")


def payment_card() -> rx.Component:
    """Held / released / refunded, the notes that apply, the pay button and the payments."""
    m = S.money
    return rx.card(rx.vstack(
        rx.heading(T["money.payments_title"], size="4"),
        rx.vstack(
            _status_notes(),
            rx.flex(_figure("money.held", m["held"], "contract-held"),
                    _figure("money.released", m["released"], "contract-released"),
                    _figure("money.refunded", m["refunded"], "contract-refunded"),
                    spacing="5", wrap="wrap", width="100%"),
            rx.cond((m["due"] != "") & (S.terms["role"] == "client") & (m["waiting"] == ""),
                    rx.flex(rx.text(T["money.due_now"], ": ", m["due_label"], " ", m["due_amount"],
                                    size="2", weight="medium"),
                            rx.spacer(),
                            # the next milestone is funded from its own card below
                            rx.cond(m["due_kind"] != "milestone", pay_dialog(),
                                    rx.text(T["money.fund_below"], size="2", color_scheme="gray")),
                            spacing="3", align="center", wrap="wrap", width="100%")),
            rx.cond(S.payments.length() > 0, rx.box(rx.table.root(
                rx.table.header(rx.table.row(
                    rx.table.column_header_cell(T["money.date"]),
                    rx.table.column_header_cell(T["money.purpose"]),
                    rx.table.column_header_cell(T["contract.amount"]),
                    rx.table.column_header_cell(T["contract.status"]))),
                rx.table.body(rx.foreach(S.payments, _payment_row)),
                width="100%", size="1"), width="100%", overflow_x="auto")),
            spacing="3", width="100%"),
        spacing="3", width="100%"), width="100%", id="contract-money")


def _choice(trigger_key: str, trigger_id: str, title_key: str, body_key: str, outcome: str,
            color: str) -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(rx.button(T[trigger_key], color_scheme=color, id=trigger_id,
                                          variant="solid" if outcome == "continue" else "soft")),
        rx.alert_dialog.content(
            rx.alert_dialog.title(T[title_key]),
            rx.vstack(
                rx.text(T[body_key], size="2"),
                *([rx.text(T["contract.down_payment"], ": ", S.room["down_payment"],
                           weight="medium")] if outcome == "continue" else []),
                spacing="2", margin_y="12px"),
            rx.flex(rx.alert_dialog.cancel(rx.button(T["common.cancel"], variant="soft",
                                                     color_scheme="gray")),
                    rx.alert_dialog.action(rx.button(T[title_key], color_scheme=color,
                                                     on_click=P.choose_pilot(outcome),
                                                     id=trigger_id + "-confirm")),
                    spacing="3", justify="end", wrap="wrap"),
            max_width="460px"))


def pilot_choice() -> rx.Component:
    """After an approved pilot, the client continues into the full contract or ends here."""
    return rx.cond(S.room["pilot_choice"] != "", rx.card(rx.vstack(
        rx.heading(T["room.pilot_heading"], size="4"),
        rx.text(T["room.pilot_body"], size="2"),
        rx.flex(_choice("room.pilot_continue", "pilot-continue", "room.pilot_continue_title",
                        "room.pilot_continue_body", "continue", "green"),
                _choice("room.pilot_end", "pilot-end", "room.pilot_end_title",
                        "room.pilot_end_body", "end", "gray"),
                spacing="3", wrap="wrap"),
        spacing="3", width="100%"), width="100%", id="pilot-choice"))
