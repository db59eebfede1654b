"""/messages/[thread_id]: a conversation between a client and a VA."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T, page_frame
from vamarket.pages.messages.state import ThreadState as S


def _bubble(item) -> rx.Component:
    mine = item["mine"] != ""
    return rx.flex(
        rx.box(rx.text(item["body"], white_space="pre-wrap", size="2"),
               rx.text(item["at"], size="1", color_scheme="gray"),
               background=rx.cond(mine, "var(--accent-3)", "var(--gray-3)"),
               padding="8px 12px", border_radius="12px", max_width="80%",
               class_name="message-bubble"),
        justify=rx.cond(mine, "end", "start"), width="100%")


def thread_page() -> rx.Component:
    """The conversation and a box to reply."""
    return page_frame(rx.vstack(
        rx.heading(T["messages.with"], " ", S.other_name, size="6", id="thread-title"),
        rx.cond(S.job_link != "", rx.link(S.job_title, href=S.job_link)),
        rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red",
                                          id="thread-error", width="100%")),
        rx.cond(S.loaded, rx.vstack(
            rx.cond(S.items.length() > 0,
                    rx.vstack(rx.foreach(S.items, _bubble), spacing="2", width="100%",
                              id="thread-messages"),
                    rx.text(T["messages.empty"], color_scheme="gray", id="thread-empty")),
            rx.text_area(value=S.draft, on_change=S.set_draft, placeholder=T["messages.placeholder"],
                         id="message-input", width="100%", rows="3"),
            rx.flex(rx.button(T["messages.send"], on_click=S.send, loading=S.sending,
                              id="message-send"), justify="end", width="100%"),
            spacing="3", width="100%")),
        spacing="4", width="100%"), width="760px")


PAGES = [dict(component=thread_page, route="/messages/[thread_id]", on_load=S.load,
              title="vamarket")]
