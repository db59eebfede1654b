"""Contract room section: review. Nothing while the contract runs; once it has ended, the form
to rate the other side (1–5 stars and a text), the reader's own review, and the other side's
review when it is visible (or a note that it is waiting)."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T
from vamarket.pages.contract.review_state import STARS
from vamarket.pages.contract.review_state import ReviewState as R

ON_LOAD: list = [R.load_review]


def _star(n: int) -> rx.Component:
    on = R.rv_rating >= n
    return rx.icon_button(
        rx.icon("star", size=22, fill=rx.cond(on, "currentColor", "none")),
        variant="ghost", size="3", type="button", color_scheme=rx.cond(on, "amber", "gray"),
        on_click=R.pick_rating(n), id=f"review-star-{n}", aria_label=f"{n}/{STARS}")


def _form() -> rx.Component:
    return rx.form(rx.vstack(
        rx.text(R.rv_prompt, weight="medium"),
        rx.flex(*[_star(n) for n in range(1, STARS + 1)],
                rx.cond(R.rv_rating > 0, rx.text(R.rv_rating.to_string(), "/5", size="2",
                                                 color_scheme="gray", id="review-rating-text")),
                spacing="2", align="center", wrap="wrap", role="group",
                aria_label=T["review.rating_label"]),
        rx.text_area(name="body", placeholder=T["review.text_placeholder"], max_length=2000,
                     rows="4", width="100%", id="review-body"),
        rx.cond(R.rv_window_note != "", rx.text(R.rv_window_note, size="2", color_scheme="gray")),
        rx.button(rx.icon("send", size=16), T["review.submit"], type="submit", loading=R.rv_busy,
                  id="review-submit"),
        spacing="3", width="100%"), on_submit=R.submit_review, reset_on_submit=False, width="100%")


def _shown(title, row, day, box_id: str) -> rx.Component:
    return rx.box(rx.vstack(
        rx.flex(rx.text(title, weight="medium", size="2"),
                rx.text(row["stars"], color="var(--amber-9)", size="3", aria_label=row["rating"] + "/5"),
                rx.text(day, size="1", color_scheme="gray"),
                spacing="2", align="center", wrap="wrap"),
        rx.text(row["body"], size="2", white_space="pre-wrap"),
        spacing="1"), id=box_id, width="100%", padding="12px", border_radius="var(--radius-3)",
        background="var(--gray-a2)")


def section() -> rx.Component:
    """The review card, shown only once the contract has ended."""
    return rx.cond(R.rv_shown, rx.card(rx.vstack(
        rx.flex(rx.icon("star", size=18, color="var(--amber-9)"),
                rx.heading(T["review.title"], size="4"), spacing="2", align="center"),
        rx.cond(R.rv_error != "", rx.callout(R.rv_error, icon="triangle-alert", color_scheme="red",
                                             id="review-error", width="100%")),
        rx.cond(R.rv_notice != "", rx.callout(R.rv_notice, icon="check", color_scheme="green",
                                              id="review-notice", width="100%")),
        rx.cond(R.rv_waiting_text != "", rx.callout(R.rv_waiting_text, icon="hourglass",
                                                    id="review-waiting", width="100%")),
        rx.cond(R.rv_can_review, _form()),
        rx.cond(R.rv_mine.contains("rating"), _shown(T["review.yours"], R.rv_mine, R.rv_dates["mine"],
                                                       "review-mine")),
        rx.cond(R.rv_hidden_text != "", rx.text(R.rv_hidden_text, size="2", color_scheme="gray",
                                                id="review-hidden-note")),
        rx.cond(R.rv_theirs.contains("rating"),
                _shown(R.rv_theirs_title, R.rv_theirs, R.rv_dates["theirs"],
                       "review-theirs")),
        rx.cond(R.rv_closed & ~R.rv_mine.contains("rating"),
                rx.text(T["review.window_closed"], size="2", color_scheme="gray",
                        id="review-closed")),
        spacing="3", width="100%"), width="100%", id="review-card"))
