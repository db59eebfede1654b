"""Contract room section: the timeline of everything that happened on the contract."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T
from vamarket.pages.contract.timeline_state import TimelineState as S

ON_LOAD: list = [S.load_timeline]

SIDE_COLORS = {"client": "blue", "va": "green", "admin": "orange", "system": "gray"}


def _entry(row) -> rx.Component:
    return rx.flex(
        rx.box(rx.icon(row["icon"], size=16), padding="6px", border_radius="999px",
               background_color=rx.color("gray", 3), flex_shrink="0"),
        rx.vstack(
            rx.text(row["text"], size="2", weight="medium"),
            rx.cond(row["detail"] != "", rx.text(row["detail"], size="2", color_scheme="gray",
                                                 white_space="pre-wrap", word_break="break-word")),
            rx.text(row["when"], size="1", color_scheme="gray"),
            spacing="1", min_width="0", flex="1"),
        spacing="3", align="start", width="100%", padding_y="8px",
        border_bottom=f"1px solid {rx.color('gray', 4)}", class_name="timeline-entry")


def section() -> rx.Component:
    """The newest 50 entries, and older ones on request."""
    return rx.vstack(
        rx.cond(S.timeline_error != "", rx.callout(S.timeline_error, icon="triangle-alert",
                                                   color_scheme="red", width="100%")),
        rx.cond(S.timeline.length() > 0,
                rx.vstack(rx.foreach(S.timeline, _entry), spacing="0", width="100%",
                          id="contract-timeline"),
                rx.text(T["room.timeline_empty"], size="2", color_scheme="gray")),
        rx.cond(S.timeline_more, rx.button(T["room.show_more"], variant="soft",
                                           on_click=S.more_timeline, id="timeline-more")),
        spacing="3", width="100%")
