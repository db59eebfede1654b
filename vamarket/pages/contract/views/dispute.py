"""Contract room section: disputes (open one after a confirmation, statements and files from
both sides, the outcome) and, below, cancelling with a refund when both sides agree."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T
from vamarket.files_route import files_prefix
from vamarket.pages.contract.dispute_state import UPLOAD_ID
from vamarket.pages.contract.dispute_state import DisputeState as S
from vamarket.pages.contract.views import cancellation
from vamarket.pages.job_form.attachments_view import ACCEPT
from vamarket.services.attachments import MAX_FILE_BYTES
from vamarket.services.dispute_files import MAX_FILES_PER_STATEMENT

ON_LOAD: list = [S.load_disputes, *cancellation.ON_LOAD]


def _statement(row) -> rx.Component:
    return rx.vstack(
        rx.flex(rx.badge(T["disputes.side_" + row["side"]], color_scheme=rx.cond(
            row["side"] == "client", "blue", "green")),
                rx.text(row["when"], size="1", color_scheme="gray"), spacing="2", align="center"),
        rx.text(row["body"], size="2", white_space="pre-wrap", word_break="break-word"),
        spacing="1", width="100%", padding="8px", border_radius="var(--radius-2)",
        background=rx.cond(row["mine"] != "", "var(--accent-2)", "var(--gray-2)"),
        class_name="dispute-statement")


def _file(row) -> rx.Component:
    return rx.hstack(
        rx.icon("paperclip", size=14, flex_shrink="0"),
        rx.link(row["name"], href=files_prefix() + row["id"], is_external=True, size="2",
                overflow_wrap="anywhere", class_name="dispute-file"),
        rx.text(row["size"], size="1", color_scheme="gray"), spacing="2", align="center")


def _outcome(d) -> rx.Component:
    return rx.callout(
        rx.vstack(rx.text(T["disputes.resolved"], weight="bold"),
                  rx.text(T["disputes.released_to_va"], ": ", d["released"], size="2"),
                  rx.text(T["disputes.refunded_to_client"], ": ", d["refunded"], size="2"),
                  spacing="1"),
        icon="scale", color_scheme="green", width="100%", class_name="dispute-outcome")


def _dispute_card(d) -> rx.Component:
    return rx.card(rx.vstack(
        rx.flex(rx.icon("shield-alert", size=18), rx.text(d["target"], weight="bold"),
                rx.badge(rx.cond(d["open"] != "", T["disputes.status_open"],
                                 T["disputes.status_resolved"]),
                         color_scheme=rx.cond(d["open"] != "", "orange", "green")),
                rx.spacer(), rx.text(d["amount"], weight="medium"),
                spacing="2", align="center", wrap="wrap", width="100%"),
        rx.text(T["disputes.opened_by_" + d["side"]], " · ", d["when"], size="1",
                color_scheme="gray"),
        rx.text(d["reason"], size="2", white_space="pre-wrap", word_break="break-word"),
        rx.foreach(S.statement_rows, lambda s: rx.cond(s["dispute_id"] == d["id"], _statement(s))),
        rx.foreach(S.evidence_rows, lambda f: rx.cond(f["dispute_id"] == d["id"], _file(f))),
        rx.cond(d["open"] != "",
                rx.cond(S.active_dispute == d["id"], rx.fragment(),
                        rx.button(T["disputes.write_here"], size="1", variant="soft",
                                  on_click=S.choose_dispute(d["id"]))),
                _outcome(d)),
        spacing="2", width="100%"), width="100%", class_name="dispute-card", id="dispute-" + d["id"])


def _composer() -> rx.Component:
    return rx.card(rx.vstack(
        rx.text(T["disputes.add_statement"], weight="medium"),
        rx.text_area(value=S.statement_draft, on_change=S.set_statement_draft, rows="3",
                     placeholder=T["disputes.statement_placeholder"], width="100%",
                     max_length=5000, id="dispute-statement-input"),
        rx.flex(rx.foreach(rx.selected_files(UPLOAD_ID), lambda name: rx.badge(
            rx.icon("paperclip", size=12), name, variant="soft", color_scheme="gray")),
            spacing="1", wrap="wrap"),
        rx.flex(
            rx.upload(rx.button(rx.icon("paperclip", size=14), T["disputes.attach"], type="button",
                                variant="soft", size="2", id="dispute-attach"),
                      id=UPLOAD_ID, accept=ACCEPT, max_files=MAX_FILES_PER_STATEMENT,
                      max_size=MAX_FILE_BYTES, multiple=True, no_drag=True,
                      on_drop_rejected=S.files_rejected, border="none", padding="0"),
            rx.spacer(),
            rx.button(T["disputes.send_statement"], loading=S.dispute_busy,
                      on_click=[S.add_statement(rx.upload_files(upload_id=UPLOAD_ID)),
                                rx.clear_selected_files(UPLOAD_ID)],
                      id="dispute-statement-send"),
            width="100%", align="center", spacing="2", wrap="wrap"),
        spacing="2", width="100%"), width="100%")


def _confirm_dialog() -> rx.Component:
    return rx.alert_dialog.root(rx.alert_dialog.content(
        rx.alert_dialog.title(T["disputes.confirm_title"]),
        rx.alert_dialog.description(T["disputes.confirm_body"], " ", S.confirm_title),
        rx.text_area(value=S.reason_draft, on_change=S.set_reason_draft, rows="3",
                     placeholder=T["disputes.reason_placeholder"], width="100%",
                     margin_top="12px", id="dispute-reason"),
        rx.cond(S.dispute_error != "", rx.text(S.dispute_error, color_scheme="red", size="2")),
        rx.flex(rx.button(T["disputes.keep_working"], variant="soft", color_scheme="gray",
                          on_click=S.close_confirm, id="dispute-confirm-cancel"),
                rx.button(T["disputes.open_confirm"], color_scheme="red", loading=S.dispute_busy,
                          on_click=S.confirm_dispute, id="dispute-confirm"),
                spacing="3", justify="end", margin_top="16px", wrap="wrap"),
        max_width="480px"), open=S.confirm_open)


def _open_buttons() -> rx.Component:
    return rx.cond(S.disputable.length() > 0, rx.vstack(
        rx.text(T["disputes.open_hint"], size="2", color_scheme="gray"),
        rx.flex(rx.foreach(S.disputable, lambda d: rx.button(
            rx.icon("flag", size=14), T["disputes.open_on"], " ", d["title"], size="1",
            variant="outline", color_scheme="red", on_click=S.ask_to_dispute(d["kind"], d["ref"]),
            class_name="dispute-open", max_width="100%", white_space="normal", height="auto",
            padding_y="4px")), spacing="2", wrap="wrap"),
        spacing="2", width="100%"))


def section() -> rx.Component:
    """Disputes of this contract and cancellation requests."""
    return rx.vstack(
        rx.cond((S.dispute_rows.length() > 0) | (S.disputable.length() > 0)
                | (S.dispute_error != "") | (S.dispute_notice != ""),
                rx.heading(T["disputes.title"], size="4")),  # no heading over nothing
        rx.cond(S.dispute_error != "", rx.callout(S.dispute_error, icon="triangle-alert",
                                                  color_scheme="red", width="100%",
                                                  id="dispute-error")),
        rx.cond(S.dispute_notice != "", rx.callout(S.dispute_notice, icon="check",
                                                   color_scheme="green", width="100%",
                                                   id="dispute-notice")),
        rx.foreach(S.dispute_rows, _dispute_card),
        rx.cond(S.active_dispute != "", _composer()),
        _open_buttons(),
        _confirm_dialog(),
        cancellation.section(),
        spacing="3", width="100%", id="dispute-section")
