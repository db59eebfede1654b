"""Contract room section: the hours of an hourly contract. The VA logs time (date, minutes or
h:mm, what was done) and submits weeks; the client approves a week (charged on the saved card)
or disputes it; both see every week's state, totals against the weekly cap and amounts. Only
logged time is billed: no screenshots, no activity tracking. Nothing shows on other contracts."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T
from vamarket.pages.contract.hourly_state import HourlyState as H
from vamarket.pages.contract.state import ContractState as S

ON_LOAD: list = [H.load_hourly]


def _status_badge(week) -> rx.Component:
    color = rx.match(week["status"], ("open", "gray"), ("submitted", "amber"),
                     ("approved", "blue"), ("charged", "teal"), ("released", "green"),
                     ("disputed", "red"), "gray")
    return rx.badge(T["timesheet_status." + week["status"]], color_scheme=color, size="2",
                    id="week-status-" + week["iso"])


def _cancel() -> rx.Component:
    return rx.button(T["common.cancel"], variant="soft", color_scheme="gray", type="button")


def _log_form() -> rx.Component:
    field = lambda label, control: rx.vstack(  # noqa: E731
        rx.text(T[label], size="2", weight="medium"), control, spacing="1", width="100%")
    return rx.form(rx.vstack(
        rx.flex(
            rx.box(field("hourly.date", rx.input(
                type="date", name="work_date", default_value=H.today, max=H.today,
                key=H.today, id="hourly-date", width="100%")), flex="1 1 180px"),
            rx.box(field("hourly.duration", rx.input(
                name="duration", placeholder=T["hourly.duration_hint"], id="hourly-duration",
                width="100%", input_mode="numeric")), flex="1 1 180px"),
            spacing="3", wrap="wrap", width="100%"),
        field("hourly.description", rx.text_area(
            name="description", placeholder=T["hourly.description_hint"], max_length=1000,
            rows="2", id="hourly-description", width="100%")),
        rx.flex(rx.text(T["hourly.no_tracking"], size="1", color_scheme="gray", flex="1"),
                rx.button(rx.icon("clock", size=16), T["hourly.log"], type="submit",
                          loading=H.hourly_busy, id="hourly-log"),
                spacing="3", align="center", wrap="wrap", width="100%"),
        spacing="3", width="100%"), on_submit=H.log_time, reset_on_submit=True, width="100%")


def _entry(entry) -> rx.Component:
    return rx.flex(
        rx.text(entry["date"], size="2", color_scheme="gray", min_width="96px"),
        rx.text(entry["minutes"], size="2", weight="medium", min_width="44px"),
        rx.text(entry["description"], size="2", flex="1 1 200px", white_space="pre-wrap",
                word_break="break-word"),
        rx.cond(entry["can_delete"] != "", rx.icon_button(
            rx.icon("trash-2", size=14), variant="ghost", color_scheme="red", size="1",
            on_click=H.delete_entry(entry["id"]), aria_label=T["hourly.delete"],
            title=T["hourly.delete"], id="entry-delete-" + entry["id"])),
        spacing="3", align="start", wrap="wrap", width="100%", padding_y="6px",
        border_top="1px solid var(--gray-a4)", id="entry-" + entry["id"])


def _approve(week) -> rx.Component:
    iso = week["iso"]
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(rx.button(T["hourly.approve"], color_scheme="green",
                                          id="week-approve-" + iso)),
        rx.alert_dialog.content(
            rx.alert_dialog.title(T["hourly.approve_title"], " ", week["label"]),
            rx.vstack(
                rx.text(week["billable"], " h × ", week["rate"], " ", T["hourly.per_hour"],
                        size="2", color_scheme="gray"),
                rx.text(T["hourly.you_pay"], ": ", week["amount"], weight="bold", size="4",
                        id="week-approve-amount-" + iso),
                rx.cond(week["over_cap"] != "", rx.text(
                    T["hourly.capped"], " (", week["cap"], " h)", size="2", color_scheme="amber")),
                rx.text(T["hourly.approve_body"], size="2"),
                spacing="2", margin_y="12px"),
            rx.flex(rx.alert_dialog.cancel(_cancel()),
                    rx.alert_dialog.action(rx.button(
                        T["hourly.approve_confirm"], color_scheme="green",
                        on_click=H.approve_week(week["id"]), id="week-approve-confirm-" + iso)),
                    spacing="3", justify="end", wrap="wrap"),
            max_width="460px"))


def _dispute(week) -> rx.Component:
    iso = week["iso"]
    return rx.dialog.root(
        rx.dialog.trigger(rx.button(T["hourly.dispute"], variant="soft", color_scheme="red",
                                    id="week-dispute-" + iso)),
        rx.dialog.content(
            rx.dialog.title(T["hourly.dispute_title"], " ", week["label"]),
            rx.vstack(
                rx.text(T["hourly.dispute_body"], size="2"),
                rx.text_area(placeholder=T["hourly.dispute_reason"], max_length=2000,
                             width="100%", on_blur=lambda text: H.set_reason(week["id"], text),
                             id="week-dispute-reason-" + iso),
                rx.flex(rx.dialog.close(_cancel()),
                        rx.dialog.close(rx.button(T["hourly.dispute_send"], color_scheme="red",
                                                  on_click=H.dispute_week(week["id"]),
                                                  id="week-dispute-confirm-" + iso)),
                        spacing="3", justify="end", wrap="wrap"),
                spacing="3"),
            max_width="460px"))


def _actions(week) -> rx.Component:
    return rx.flex(
        rx.cond(week["can_submit"] != "", rx.button(
            T["hourly.submit"], on_click=H.submit_week(week["iso"]), loading=H.hourly_busy,
            id="week-submit-" + week["iso"])),
        rx.cond(week["can_approve"] != "", _approve(week)),
        rx.cond(week["can_retry"] != "", rx.button(
            T["hourly.retry"], on_click=H.retry_charge(week["id"]), loading=H.hourly_busy,
            id="week-retry-" + week["iso"])),
        rx.cond(week["can_dispute"] != "", _dispute(week)),
        spacing="2", wrap="wrap", justify="end", width="100%")


def _week(week) -> rx.Component:
    return rx.card(rx.vstack(
        rx.flex(
            rx.vstack(rx.text(week["label"], weight="medium"),
                      rx.cond(week["current"] != "", rx.text(T["hourly.this_week"], size="1",
                                                             color_scheme="blue")),
                      spacing="0"),
            rx.spacer(),
            _status_badge(week),
            spacing="2", align="start", width="100%"),
        rx.flex(
            rx.text(T["hourly.logged_total"], ": ", rx.el.b(week["logged"]), " / ", week["cap"],
                    " h", size="2", id="week-logged-" + week["iso"]),
            rx.text(T["hourly.amount"], ": ", rx.el.b(week["amount"]), size="2",
                    id="week-amount-" + week["iso"]),
            spacing="4", wrap="wrap"),
        rx.cond(week["over_cap"] != "", rx.text(T["hourly.over_cap"], " (", week["billable"],
                                                " h)", size="2", color_scheme="amber")),
        rx.cond(week["deadline"] != "", rx.text(week["deadline"], size="2",
                                                color_scheme="gray")),
        rx.vstack(rx.foreach(H.entries, lambda e: rx.cond(e["week"] == week["iso"], _entry(e))),
                  spacing="0", width="100%"),
        _actions(week),
        spacing="2", width="100%"), width="100%", id="hourly-week-" + week["iso"])


def section() -> rx.Component:
    """Hours of an hourly contract: the time form for its VA, the weeks for both."""
    return rx.cond(H.hourly_on, rx.vstack(
        rx.flex(rx.heading(T["hourly.title"], size="5"), rx.spacer(),
                rx.text(S.terms["rate"], " ", T["hourly.per_hour"], " · ", T["hourly.cap_of"],
                        " ", S.terms["cap"], " h", size="2", color_scheme="gray"),
                spacing="2", align="baseline", wrap="wrap", width="100%"),
        rx.cond(H.hourly_error != "", rx.callout(H.hourly_error, icon="triangle-alert",
                                                 color_scheme="red", id="hourly-error",
                                                 width="100%")),
        rx.cond(H.hourly_notice != "", rx.callout(H.hourly_notice, icon="check",
                                                  color_scheme="green", id="hourly-notice",
                                                  width="100%")),
        rx.cond((S.terms["role"] == "va") & (S.terms["status"] == "active"),
                rx.card(_log_form(), width="100%")),
        rx.cond(H.weeks.length() == 0, rx.text(T["hourly.no_weeks"], size="2",
                                               color_scheme="gray")),
        rx.foreach(H.weeks, _week),
        spacing="3", width="100%", id="hourly-section"))
