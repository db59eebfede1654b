"""The contract's milestones as cards, each with the actions its client or VA may take now."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T
from vamarket.pages.contract.plan_state import FILES_UPLOAD_ID
from vamarket.pages.contract.plan_state import PlanState as P
from vamarket.pages.contract.state import ContractState as S
from vamarket.services.attachments import ALLOWED_EXTENSIONS, MAX_FILE_BYTES


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
        rx.flex(rx.button(rx.icon("paperclip", size=14), T["room.attach_files"], variant="soft",
                          on_click=P.open_files(pos), id="milestone-files-" + pos, type="button"),
                rx.button(T["money.submit"], on_click=S.submit_milestone(pos),
                          id="milestone-submit-" + pos, loading=S.busy),
                spacing="2", wrap="wrap", justify="end"),
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
                             # on_change: a blur may not reach the server before the dialog closes
                             on_change=lambda text: S.set_draft("reason-" + pos, text),
                             id="milestone-reason-" + pos),
                rx.flex(rx.dialog.close(_cancel()),
                        rx.dialog.close(rx.button(T["money.revise_send"],
                                                  on_click=S.request_revision(pos),
                                                  id="milestone-revise-confirm-" + pos)),
                        spacing="3", justify="end"),
                spacing="3"),
            max_width="460px"))


def _confirm(trigger: rx.Component, title_key: str, body_key: str, confirm: rx.Component) -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(trigger),
        rx.alert_dialog.content(
            rx.alert_dialog.title(T[title_key]),
            rx.alert_dialog.description(T[body_key], size="2"),
            rx.flex(rx.alert_dialog.cancel(_cancel()), rx.alert_dialog.action(confirm),
                    spacing="3", justify="end", wrap="wrap", margin_top="16px"),
            max_width="460px"))


def _cancel_step(step) -> rx.Component:
    pos = step["position"]
    proposed = step["status"] == "proposed"
    return _confirm(
        rx.button(rx.cond(proposed, T["room.withdraw"], T["room.cancel_milestone"]), variant="soft",
                  color_scheme="red", id="milestone-cancel-" + pos),
        "room.cancel_title", "room.cancel_body",
        rx.button(T["room.cancel_confirm"], color_scheme="red", on_click=P.cancel_milestone(pos),
                  id="milestone-cancel-confirm-" + pos))


def _answer(step) -> rx.Component:
    pos = step["position"]
    return rx.flex(
        rx.button(T["room.accept"], color_scheme="green", on_click=P.accept_milestone(pos),
                  id="milestone-accept-" + pos, loading=S.busy),
        rx.button(T["room.decline"], variant="soft", color_scheme="red",
                  on_click=P.decline_milestone(pos), id="milestone-decline-" + pos),
        spacing="2", wrap="wrap")


def _actions(step) -> rx.Component:
    role, status = S.terms["role"], step["status"]
    client, va = role == "client", role == "va"
    return rx.vstack(
        rx.cond(client & (step["fundable"] != ""), _fund(step)),
        rx.cond(va & ((status == "funded") | (status == "revision_requested")), _submit(step)),
        rx.cond(client & (status == "submitted"),
                rx.flex(_approve(step), _revise(step), spacing="2", wrap="wrap")),
        rx.cond(va & (status == "proposed"), _answer(step)),
        rx.cond(client & (step["cancellable"] != ""), _cancel_step(step)),
        rx.cond(va & (status == "approved") & ~S.payouts_ok,
                rx.text(T["money.held_for_payouts"], size="2", color_scheme="amber")),
        rx.cond(client & (status == "approved"),
                rx.text(T["money.release_pending"], size="2", color_scheme="gray")),
        rx.cond(client & (status == "proposed"),
                rx.text(T["room.waiting_for_va"], size="2", color_scheme="gray")),
        spacing="2", width="100%", align="end")


def _file(row, pos) -> rx.Component:
    return rx.cond(row["position"] == pos, rx.flex(
        rx.icon("paperclip", size=14),
        rx.link(row["name"], href=row["url"], is_external=True, size="2"),
        rx.text(row["size"], size="1", color_scheme="gray"),
        rx.cond(row["pending"] != "", rx.badge(T["room.not_handed_in"], size="1", color_scheme="amber")),
        rx.cond(row["pending"] != "", rx.icon_button(
            rx.icon("x", size=12), size="1", variant="ghost", color_scheme="red",
            on_click=P.remove_submission_file(row["id"]), aria_label=T["room.remove_file"])),
        spacing="2", align="center", wrap="wrap"))


def _words(step) -> rx.Component:
    pos = step["position"]
    return rx.vstack(
        rx.cond(step["note"] != "", rx.text(rx.text.strong(T["room.note"], ": "), step["note"],
                                            size="2", white_space="pre-wrap",
                                            id="milestone-note-text-" + pos)),
        rx.cond(step["reason"] != "", rx.text(rx.text.strong(T["room.reason"], ": "), step["reason"],
                                              size="2", white_space="pre-wrap", color_scheme="amber",
                                              id="milestone-reason-text-" + pos)),
        rx.foreach(S.step_files, lambda row: _file(row, pos)),
        spacing="1", width="100%")


def _card(step) -> rx.Component:
    return rx.card(rx.vstack(rx.flex(
        rx.vstack(
            rx.flex(rx.text(step["title"], weight="medium"),
                    rx.cond(step["pilot"] != "", rx.badge(T["contract.pilot"])),
                    rx.badge(T["milestone_status." + step["status"]],
                             id="milestone-status-" + step["position"]),
                    spacing="2", wrap="wrap", align="center"),
            rx.text(step["amount"], rx.cond(step["due"] != "", " · ", ""),
                    rx.cond(step["due"] != "", T["contract.due"], ""), " ", step["due"],
                    size="2", color_scheme="gray"),
            spacing="1", min_width="200px"),
        rx.spacer(),
        rx.box(_actions(step), width=rx.breakpoints(initial="100%", sm="auto"),
               min_width="min(100%, 280px)"),
        spacing="3", wrap="wrap", width="100%"), _words(step), spacing="2", width="100%"),
        width="100%", id="milestone-" + step["position"])


def _add_dialog() -> rx.Component:
    field = lambda key, control: rx.vstack(rx.text(T[key], size="2", weight="medium"),  # noqa: E731
                                           control, spacing="1", width="100%")
    return rx.dialog.root(
        rx.dialog.trigger(rx.button(rx.icon("plus", size=14), T["room.add_milestone"], variant="soft",
                                    id="milestone-add")),
        rx.dialog.content(
            rx.dialog.title(T["room.add_milestone"]),
            rx.dialog.description(T["room.add_body"], size="2"),
            rx.form(rx.vstack(
                field("room.milestone_title", rx.input(name="title", max_length=200, required=True,
                                                      width="100%", id="milestone-add-title")),
                field("room.milestone_amount", rx.input(name="amount", input_mode="decimal",
                                                       placeholder=S.terms["currency"],
                                                       required=True, width="100%",
                                                       id="milestone-add-amount")),
                field("room.milestone_due", rx.input(name="due_date", type="date", width="100%",
                                                    id="milestone-add-due")),
                rx.flex(rx.dialog.close(_cancel()),
                        rx.button(T["room.propose"], type="submit", id="milestone-add-confirm",
                                  loading=S.busy),
                        spacing="3", justify="end", wrap="wrap", width="100%"),
                spacing="3", margin_top="12px"), on_submit=P.propose_milestone, reset_on_submit=False),
            max_width="460px"),
        open=P.adding, on_open_change=P.set_adding)


def _files_dialog() -> rx.Component:
    pos = P.files_pos
    return rx.dialog.root(rx.dialog.content(
        rx.dialog.title(T["room.attach_files"]),
        rx.dialog.description(T["room.files_body"], size="2"),
        rx.vstack(
            rx.foreach(S.step_files, lambda row: _file(row, pos)),
            rx.upload(
                rx.vstack(rx.icon("upload", size=20), rx.text(T["room.drop_files"], size="2"),
                          align="center", spacing="1"),
                id=FILES_UPLOAD_ID, multiple=True, max_size=MAX_FILE_BYTES,
                accept={"application/octet-stream": [f".{e}" for e in ALLOWED_EXTENSIONS]},
                on_drop=P.add_submission_files(rx.upload_files(upload_id=FILES_UPLOAD_ID)),
                on_drop_rejected=P.files_rejected, disabled=P.uploading,
                border=f"1px dashed {rx.color('gray', 7)}", padding="20px", width="100%",
                border_radius="8px", cursor="pointer"),
            rx.cond(P.uploading, rx.spinner(size="2")),
            rx.cond(P.files_error != "", rx.callout(P.files_error, icon="triangle-alert",
                                                    color_scheme="red", width="100%")),
            rx.flex(rx.dialog.close(rx.button(T["room.close"], variant="soft")), justify="end",
                    width="100%"),
            spacing="3", margin_top="12px", width="100%"),
        max_width="520px"), open=P.files_pos != "", on_open_change=P.files_dialog)


def milestone_list() -> rx.Component:
    """Every milestone with its status, note, reason and files, and the actions that apply."""
    return rx.vstack(
        rx.cond(S.steps.length() > 0, rx.vstack(
            rx.flex(rx.heading(T["money.milestones"], size="4"), rx.spacer(),
                    rx.cond(S.room["can_add"] != "", _add_dialog()),
                    align="center", width="100%", wrap="wrap", spacing="2"),
            rx.foreach(S.steps, _card),
            spacing="2", width="100%")),
        _files_dialog(),
        spacing="2", width="100%")
