"""/contracts/[contract_id]: the contract's terms, its payment status and milestones."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T, page_frame
from vamarket.pages.contract.plan_state import PlanState
from vamarket.pages.contract.state import ContractState as S
from vamarket.pages.contract.timeline_state import TimelineState
from vamarket.pages.contract.views import dispute, hourly, messages, review, timeline
from vamarket.pages.contract.views.milestones import milestone_list
from vamarket.pages.contract.views.payment import payment_card, pilot_choice


def _term(key: str, value) -> rx.Component:
    return rx.cond(value != "", rx.flex(rx.text(T[key], color_scheme="gray", size="2", min_width="180px"),
                                        rx.text(value, size="2", weight="medium"), spacing="3", wrap="wrap"))


def _terms_card() -> rx.Component:
    t = S.terms
    return rx.card(rx.vstack(
        rx.flex(rx.text(T["contract.with"], color_scheme="gray", size="2", min_width="180px"),
                rx.link(t["other"], href="/u/" + t["other_id"], id="contract-other-profile",
                        size="2", weight="medium"), spacing="3", wrap="wrap"),
        _term("contract.total", t["total"]),
        _term("contract.rate", t["rate"]),
        _term("contract.cap", t["cap"]),
        _term("contract.down_payment", t["down_payment"]),
        _term("contract.pilot_price", t["pilot"]),
        _term("contract.fee", t["fee"]),
        _term("contract.va_receives", t["va_receives"]),
        _term("contract.started", t["created"]),
        spacing="2"), width="100%")


def _next_steps() -> rx.Component:
    return rx.cond((S.todo.length() > 0) & (S.terms["status"] != "pending_funding"), rx.callout(
        rx.vstack(rx.text(T["room.next_heading"], weight="bold"),
                  rx.foreach(S.todo, lambda line: rx.text("• ", line, size="2")),
                  spacing="1"),
        icon="list-checks", color_scheme="blue", width="100%", id="contract-next"))


def contract_page() -> rx.Component:
    """Terms, payment status and milestones with their actions."""
    t = S.terms
    return page_frame(rx.vstack(
        rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red",
                                          id="contract-error", width="100%")),
        rx.cond(S.notice != "", rx.callout(S.notice, icon="check", color_scheme="green",
                                           id="contract-notice", width="100%")),
        rx.cond(S.loaded, rx.vstack(
            rx.heading(t["job_title"], size="7", id="contract-title"),
            rx.flex(rx.badge(T["contract_status." + t["status"]], size="3", color_scheme="amber",
                             id="contract-status"),
                    rx.badge(T["contract_kind." + t["kind"]], size="3"), spacing="2", wrap="wrap"),
            rx.cond(t["status"] == "pending_funding", rx.callout(
                rx.cond(t["role"] == "client", T["contract.fund_next_client"],
                        T["contract.fund_next_va"]), icon="hourglass", width="100%")),
            _next_steps(),
            pilot_choice(),
            review.section(),
            rx.tabs.root(
                rx.tabs.list(
                    rx.tabs.trigger(T["room.tab_work"], value="work", id="tab-work"),
                    rx.tabs.trigger(T["room.tab_messages"], value="messages", id="tab-messages"),
                    rx.tabs.trigger(T["room.tab_timeline"], value="timeline", id="tab-timeline"),
                    rx.tabs.trigger(T["room.tab_terms"], value="terms", id="tab-terms"),
                ),
                rx.tabs.content(rx.vstack(
                    payment_card(),
                    milestone_list(),
                    hourly.section(),
                    dispute.section(),
                    rx.text(T["contract.held_note"], size="2", color_scheme="gray"),
                    spacing="4", width="100%", padding_top="16px"), value="work"),
                rx.tabs.content(rx.box(messages.section(), padding_top="16px"), value="messages"),
                rx.tabs.content(rx.box(timeline.section(), padding_top="16px"), value="timeline"),
                rx.tabs.content(rx.box(_terms_card(), padding_top="16px"), value="terms"),
                default_value="work", width="100%", on_change=TimelineState.tab_changed),
            spacing="4", width="100%"),
            rx.cond(S.error == "", rx.center(rx.spinner(size="3"), width="100%", padding="24px"))),
        spacing="4", width="100%"), width="860px")


PAGES = [dict(component=contract_page, route="/contracts/[contract_id]",
              on_load=[S.load, PlanState.reset_dialogs, *timeline.ON_LOAD, *hourly.ON_LOAD, *dispute.ON_LOAD,
                       *messages.ON_LOAD, *review.ON_LOAD],
              title="vamarket")]
