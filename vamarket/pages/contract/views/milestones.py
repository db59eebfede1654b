"""The contract's milestones as cards, each with the actions its client or VA may take now."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T
from vamarket.pages.contract.state import ContractState as S


def _cancel() -> rx.Component:
    return rx.button(T["common.cancel"], variant="soft", color_scheme="gray", type="button")


def _fund(step) -> rx.Component:
    pos = step["position"]
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(rx.button(T["money.fund"], size="2", id="milestone-fund-" + pos,
                                          loading=S.busy)),
        rx.alert_dialog.content(
            rx.alert_dialog.title(T["money.fund_title"], " ", step["title"]),
            rx.vstack(
                rx.text(T["money.you_pay"], ": ", step["amount"], weight="medium"),
                rx.text(T["money.fee"], ": ", step["fee"], size="2"),
                rx.text(T["money.va_gets"], ": ", step["va_gets"], size="2"),
                rx.callout(T["money.next_steps"], icon="shield-check", width="100%"),
                spacing="2", margin_y="12px"),
            rx.flex(rx.alert_dialog.cancel(_cancel()),
                    rx.alert_dialog.action(rx.button(T["money.to_checkout"],
                                                     on_click=S.fund_milestone(pos),
                                                     id="milestone-fund-confirm-" + pos)),
                    spacing="3", justify="end", wrap="wrap"),
            max_width="460px"))


def _submit(step) -> rx.Component:
    # no rx.form here: a form's submit handler is hoisted out of the foreach that gives `pos`
    pos = step["position"]
    return rx.vstack(
        rx.text_area(placeholder=T["money.note_placeholder"], max_length=2000, width="100%",
                     on_blur=lambda text: S.set_draft("note-" + pos, text),
                     id="milestone-note-" + pos),
        rx.button(T["money.submit"], on_click=S.submit_milestone(pos), id="milestone-submit-" + pos,
                  loading=S.busy),
        spacing="2", width="100%", align="end")


def _approve(step) -> rx.Component:
    pos = step["position"]
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(rx.button(T["money.approve"], color_scheme="green",
                                          id="milestone-approve-" + pos)),
        rx.alert_dialog.content(
            rx.alert_dialog.title(T["money.approve_title"], " ", step["title"]),
            rx.vstack(
                rx.text(T["money.va_gets"], ": ", step["va_gets"], weight="bold",
                        id="milestone-approve-amount-" + pos),
                rx.text(T["contract.amount"], ": ", step["amount"], " · ", T["money.fee"], ": ",
                        step["fee"], size="2", color_scheme="gray"),
                rx.text(T["money.approve_body"], size="2"),
                spacing="2", margin_y="12px"),
            rx.flex(rx.alert_dialog.cancel(_cancel()),
                    rx.alert_dialog.action(rx.button(T["money.approve_confirm"], color_scheme="green",
                                                     on_click=S.approve_milestone(pos),
                                                     id="milestone-approve-confirm-" + pos)),
                    spacing="3", justify="end", wrap="wrap"),
            max_width="460px"))


def _revise(step) -> rx.Component:
    pos = step["position"]
    return rx.dialog.root(
        rx.dialog.trigger(rx.button(T["money.revise"], variant="soft", id="milestone-revise-" + pos)),
        rx.dialog.content(
            rx.dialog.title(T["money.revise_title"]),
            rx.vstack(
                rx.text_area(placeholder=T["money.revise_reason"], max_length=2000, width="100%",
                             on_blur=lambda text: S.set_draft("reason-" + pos, text),
                             id="milestone-reason-" + pos),
                rx.flex(rx.dialog.close(_cancel()),
                        rx.dialog.close(rx.button(T["money.revise_send"],
                                                  on_click=S.request_revision(pos),
                                                  id="milestone-revise-confirm-" + pos)),
                        spacing="3", justify="end"),
                spacing="3"),
            max_width="460px"))


def _actions(step) -> rx.Component:
    role, status = S.terms["role"], step["status"]
    client, va = role == "client", role == "va"
    return rx.vstack(
        rx.cond(client & (status == "planned") & (S.terms["status"] == "active")
                & (S.money["available"] != ""), _fund(step)),
        rx.cond(va & ((status == "funded") | (status == "revision_requested")), _submit(step)),
        rx.cond(client & (status == "submitted"),
                rx.flex(_approve(step), _revise(step), spacing="2", wrap="wrap")),
        rx.cond(va & (status == "approved") & ~S.payouts_ok,
                rx.text(T["money.held_for_payouts"], size="2", color_scheme="amber")),
        rx.cond(client & (status == "approved"),
                rx.text(T["money.release_pending"], size="2", color_scheme="gray")),
        spacing="2", width="100%", align="end")


def _card(step) -> rx.Component:
    return rx.card(rx.flex(
        rx.vstack(
            rx.flex(rx.text(step["title"], weight="medium"),
                    rx.cond(step["pilot"] != "", rx.badge(T["contract.pilot"])),
                    rx.badge(T["milestone_status." + step["status"]],
                             id="milestone-status-" + step["position"]),
                    spacing="2", wrap="wrap", align="center"),
            rx.text(step["amount"], rx.cond(step["due"] != "", " · " , ""),
                    rx.cond(step["due"] != "", T["contract.due"], ""), " ", step["due"],
                    size="2", color_scheme="gray"),
            spacing="1", min_width="200px"),
        rx.spacer(),
        rx.box(_actions(step), min_width="min(100%, 280px)"),
        spacing="3", wrap="wrap", width="100%"), width="100%",
        id="milestone-" + step["position"])


def milestone_list() -> rx.Component:
    """Every milestone with its status and the actions that apply."""
    return rx.cond(S.steps.length() > 0, rx.vstack(
        rx.heading(T["money.milestones"], size="4"),
        rx.foreach(S.steps, _card),
        spacing="2", width="100%"))
