"""The job page at /jobs/<id>: the job, the client's history, owner actions and the quote form."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T, page_frame
from vamarket.pages.job_detail.state import JobDetailState as S
from vamarket.pages.job_detail.views.job_view import job_view
from vamarket.pages.job_detail.views.quote_form import quote_section
from vamarket.pages.job_detail.views.side import client_card, owner_card

ROUTE = "/jobs/[job_id]"


def _owner_messages() -> rx.Component:
    return rx.cond(S.is_owner, rx.fragment(
        rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red",
                                          id="job-error", width="100%")),
        rx.cond(S.notice != "", rx.callout(S.notice, icon="check", color_scheme="green",
                                           id="job-notice", width="100%")),
    ))


def _found() -> rx.Component:
    return rx.vstack(
        _owner_messages(),
        rx.grid(
            rx.vstack(job_view(), quote_section(), spacing="5", width="100%", min_width="0"),
            rx.vstack(rx.cond(S.is_owner, owner_card()), client_card(), spacing="4",
                      width="100%"),
            columns=rx.breakpoints(initial="1", md="minmax(0, 1fr) 300px"),
            spacing="5", width="100%", align_items="start",
        ),
        spacing="4", width="100%",
    )


def job_detail() -> rx.Component:
    """The job, a not-found message, or a spinner while loading."""
    return page_frame(
        rx.cond(
            S.loaded,
            rx.cond(S.found, _found(), rx.callout(T["jobview.not_found"], icon="search-x",
                                                  id="job-not-found")),
            rx.center(rx.spinner(size="3"), padding="6", id="job-loading"),
        ),
        width="1100px",
    )


PAGES = [dict(component=job_detail, route=ROUTE, on_load=S.load, title="vamarket")]
