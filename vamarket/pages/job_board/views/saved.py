"""The VA's saved searches: save the current one, open or delete the others."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T
from vamarket.pages.job_board.state import JobBoardState as S


def save_button() -> rx.Component:
    """"Save this search" for signed-in VAs."""
    return rx.cond(S.can_save, rx.button(rx.icon("bookmark-plus", size=16), T["board.save_search"],
                                         variant="soft", on_click=S.save_search, id="save-search",
                                         width="100%"))


def _row(row) -> rx.Component:
    return rx.hstack(
        rx.link(row["label"], href=row["href"], size="2", id="saved-open-" + row["id"],
                flex="1", overflow_wrap="anywhere"),
        rx.icon_button(rx.icon("trash-2", size=14), variant="ghost", color_scheme="red", size="1",
                       on_click=S.delete_saved(row["id"]), id="saved-delete-" + row["id"],
                       aria_label=T["board.saved_delete"]),
        width="100%", align="center", spacing="2")


def saved_list(*, heading: bool = True) -> rx.Component:
    """The list (or a hint when empty)."""
    return rx.vstack(
        rx.heading(T["board.saved_title"], size="3") if heading else rx.fragment(),
        rx.cond(S.saved_view.length() > 0,
                rx.vstack(rx.foreach(S.saved_view, _row), spacing="2", width="100%"),
                rx.text(T["board.saved_empty"], size="2", color_scheme="gray")),
        rx.text(T["board.saved_hint"], size="1", color_scheme="gray"),
        spacing="2", width="100%", id="saved-searches")
