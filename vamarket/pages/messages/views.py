"""A conversation on screen: message bubbles with their files, and the reply box with files.

Used by /messages/[thread_id] and by the contract room's Messages tab; the caller passes its
own state's vars and handlers.
"""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from vamarket.components.layout import T
from vamarket.services.attachments import MAX_FILE_BYTES
from vamarket.services.threads import FILES_PER_MESSAGE

ACCEPT = {
    "application/pdf": [".pdf"], "image/png": [".png"], "image/jpeg": [".jpg", ".jpeg"],
    "image/gif": [".gif"], "image/webp": [".webp"], "text/plain": [".txt"],
    "text/csv": [".csv"],
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": [".docx"],
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": [".xlsx"],
}


@dataclass(frozen=True)
class Conversation:
    """What a page hands to these views: its vars and handlers."""

    rows: rx.Var
    draft: rx.Var
    sending: rx.Var
    error: rx.Var
    set_draft: object
    send: object  # a handler taking the uploaded files
    rejected: object  # a handler for files the browser refused
    upload_id: str
    list_id: str


def _file(row) -> rx.Component:
    return rx.link(
        rx.hstack(rx.icon("paperclip", size=14, flex_shrink="0"),
                  rx.text(row.name, size="2", overflow_wrap="anywhere"),
                  rx.text(row.size, size="1", color_scheme="gray", white_space="nowrap"),
                  spacing="1", align="center"),
        href=row.url, is_external=True, id="message-file-" + row.id, underline="hover")


def _bubble(row) -> rx.Component:
    return rx.flex(
        rx.box(
            rx.cond(row.mine, rx.fragment(),
                    rx.text(row.sender, size="1", weight="bold", color_scheme="gray")),
            rx.cond(row.html != "", rx.html(row.html, class_name="message-text", font_size="14px",
                                            overflow_wrap="anywhere", white_space="normal",
                                            style={"& a": {"color": "var(--accent-11)",
                                                           "text_decoration": "underline"}})),
            rx.cond(row.files.length() > 0,
                    rx.vstack(rx.foreach(row.files, _file), spacing="1", padding_top="4px")),
            rx.text(row.at, size="1", color_scheme="gray", text_align=rx.cond(row.mine, "right", "left")),
            background=rx.cond(row.mine, "var(--accent-3)", "var(--gray-3)"),
            padding="8px 12px", border_radius="12px", max_width=["92%", "80%"],
            class_name="message-bubble", id="message-" + row.id,
            data_mine=rx.cond(row.mine, "true", "false")),
        justify=rx.cond(row.mine, "end", "start"), width="100%")


def message_list(c: Conversation) -> rx.Component:
    """The messages, oldest first, or a line saying there are none yet."""
    return rx.cond(
        c.rows.length() > 0,
        rx.vstack(rx.foreach(c.rows, _bubble), spacing="2", width="100%", id=c.list_id),
        rx.text(T["messages.empty"], color_scheme="gray", size="2", id=c.list_id + "-empty"))


def _chosen_files(c: Conversation) -> rx.Component:
    return rx.foreach(rx.selected_files(c.upload_id), lambda name: rx.badge(
        rx.icon("paperclip", size=12), name, variant="soft", color_scheme="gray",
        max_width="100%", overflow="hidden"))


def composer(c: Conversation) -> rx.Component:
    """The reply box: text, files to attach (checked again on the server) and Send."""
    return rx.vstack(
        rx.text_area(value=c.draft, on_change=c.set_draft, placeholder=T["messages.placeholder"],
                     id="message-input", width="100%", rows="3", max_length=5000),
        rx.flex(_chosen_files(c), spacing="1", wrap="wrap", width="100%"),
        rx.flex(
            rx.upload(
                rx.button(rx.icon("paperclip", size=14), T["messages.attach"], variant="soft",
                          size="2", type="button", id="message-attach"),
                id=c.upload_id, accept=ACCEPT, max_files=FILES_PER_MESSAGE, max_size=MAX_FILE_BYTES,
                multiple=True, no_drag=True, on_drop_rejected=c.rejected,
                border="none", padding="0"),
            rx.spacer(),
            rx.button(rx.icon("send", size=14), T["messages.send"], loading=c.sending,
                      on_click=[c.send(rx.upload_files(upload_id=c.upload_id)),
                                rx.clear_selected_files(c.upload_id)],
                      id="message-send"),
            width="100%", align="center", spacing="2"),
        rx.cond(c.error != "", rx.text(c.error, color_scheme="red", size="2", id="message-error")),
        rx.text(T["messages.files_hint"], size="1", color_scheme="gray"),
        spacing="2", width="100%")


def conversation(c: Conversation) -> rx.Component:
    """Messages above, the reply box below."""
    return rx.vstack(message_list(c), rx.divider(), composer(c), spacing="3", width="100%")
