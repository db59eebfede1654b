"""Find work: the job board at /jobs (search, filters, sort, pages — all in the address) and the
VA's saved searches at /saved-searches."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T, page_frame
from vamarket.pages.job_board.state import BOARD, SAVED
from vamarket.pages.job_board.state import JobBoardState as S
from vamarket.pages.job_board.views.filters import filter_panel, search_bar
from vamarket.pages.job_board.views.results import results
from vamarket.pages.job_board.views.saved import save_button, saved_list


def _messages() -> rx.Component:
    return rx.fragment(
        rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red",
                                          id="board-error", width="100%")),
        rx.cond(S.notice != "", rx.callout(S.notice, icon="check", color_scheme="green",
                                           id="board-notice", width="100%")),
    )


def _side() -> rx.Component:
    return rx.vstack(
        rx.button(rx.icon("sliders-horizontal", size=16), T["board.filters"], variant="soft",
                  on_click=S.toggle_filters, id="filters-toggle", width="100%",
                  display=rx.breakpoints(initial="flex", md="none")),
        rx.vstack(
            rx.card(filter_panel(), width="100%"),
            rx.cond(S.can_save, rx.card(rx.vstack(save_button(), saved_list(), spacing="3",
                                                  width="100%"), width="100%")),
            display=rx.breakpoints(initial=rx.cond(S.show_filters, "flex", "none"), md="flex"),
            spacing="3", width="100%"),
        spacing="3", width="100%",
    )


def job_board() -> rx.Component:
    """Search bar on top; filters beside (or above, on a phone) the results."""
    return page_frame(
        rx.vstack(
            rx.heading(T["board.title"], size="7", id="board-title"),
            search_bar(),
            _messages(),
            rx.grid(
                _side(),
                results(),
                columns=rx.breakpoints(initial="1", md="280px minmax(0, 1fr)"),
                spacing="5", width="100%", align_items="start"),
            spacing="4", width="100%",
        ),
        width="1180px",
    )


def saved_searches_page() -> rx.Component:
    """The signed-in VA's saved searches."""
    return page_frame(
        rx.vstack(
            rx.heading(T["board.saved_title"], size="7", id="saved-title"),
            _messages(),
            rx.cond(S.loaded, rx.card(saved_list(heading=False), width="100%"),
                    rx.center(rx.spinner(size="3"), padding="6")),
            rx.link(T["board.back_to_board"], href=BOARD, id="saved-back"),
            spacing="4", width="100%"),
        width="720px",
    )


PAGES = [
    dict(component=job_board, route=BOARD, on_load=S.load, title="vamarket"),
    dict(component=saved_searches_page, route=SAVED, on_load=S.load_saved, title="vamarket"),
]
