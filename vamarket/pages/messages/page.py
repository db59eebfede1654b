"""/messages: the signed-in user's conversations; /messages/[thread_id]: one of them."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T, page_frame
from vamarket.pages.messages.state import INBOX, THREAD_UPLOAD_ID, InboxState, ThreadState
from vamarket.pages.messages.views import Conversation, conversation

S = ThreadState


def _inbox_row(row) -> rx.Component:
    unread = row["unread"] != ""
    return rx.link(
        rx.flex(
            rx.avatar(fallback=row["other"][:1], size="3", radius="full", flex_shrink="0"),
            rx.vstack(
                rx.flex(rx.text(row["other"], weight="bold", size="2"), rx.spacer(),
                        rx.text(row["at"], size="1", color_scheme="gray", white_space="nowrap"),
                        width="100%", spacing="2"),
                rx.text(row["job"], size="1", color_scheme="gray"),
                rx.text(row["last"], size="2", white_space="nowrap", overflow="hidden",
                        text_overflow="ellipsis", width="100%",
                        weight=rx.cond(unread, "bold", "regular")),
                spacing="1", flex="1", min_width="0"),
            rx.cond(unread, rx.badge(row["unread"], color_scheme="blue", variant="solid",
                                     radius="full", flex_shrink="0")),
            spacing="3", align="center", width="100%", padding="12px 14px",
            border_radius="var(--radius-3)",
            border=rx.cond(unread, "1px solid var(--accent-a6)", "1px solid var(--gray-a4)"),
            background=rx.cond(unread, "var(--accent-a2)", "var(--color-panel-solid)")),
        href=row["link"], underline="none", color="var(--gray-12)", width="100%",
        id="conversation-" + row["id"])


def inbox_page() -> rx.Component:
    """Every conversation, newest first, with its unread count."""
    i = InboxState
    return page_frame(rx.vstack(
        rx.heading(T["messages.title"], size="7", id="inbox-title"),
        rx.cond(i.inbox_loaded,
                rx.cond(i.conversations.length() > 0,
                        rx.vstack(rx.foreach(i.conversations, _inbox_row), spacing="2",
                                  width="100%", id="inbox-list"),
                        rx.callout(T["messages.inbox_empty"], icon="mail", width="100%",
                                   id="inbox-empty")),
                rx.center(rx.spinner(size="3"), width="100%", padding="24px")),
        spacing="4", width="100%"), width="760px")


def thread_page() -> rx.Component:
    """The conversation and a box to reply."""
    c = Conversation(rows=S.items, draft=S.draft, sending=S.sending, error=S.error,
                     set_draft=S.set_draft, send=S.send, rejected=S.files_rejected,
                     upload_id=THREAD_UPLOAD_ID, list_id="thread-messages")
    return page_frame(rx.vstack(
        rx.link(rx.hstack(rx.icon("arrow-left", size=14), T["messages.all"], align="center",
                          spacing="1"), href=INBOX, size="2", id="thread-back"),
        rx.heading(T["messages.with"], " ", S.other_name, size="6", id="thread-title"),
        rx.flex(rx.cond(S.job_link != "", rx.link(S.job_title, href=S.job_link, size="2")),
                rx.cond(S.contract_link != "", rx.link(T["messages.open_contract"],
                                                       href=S.contract_link, size="2",
                                                       id="thread-contract")),
                spacing="3", wrap="wrap"),
        rx.cond(S.loaded, rx.card(conversation(c), width="100%"),
                rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red",
                                                  id="thread-error", width="100%"),
                        rx.center(rx.spinner(size="3"), width="100%", padding="24px"))),
        spacing="3", width="100%"), width="760px")


PAGES = [
    dict(component=inbox_page, route=INBOX, on_load=InboxState.load_inbox, title="vamarket"),
    dict(component=thread_page, route="/messages/[thread_id]", on_load=S.load, title="vamarket"),
]
