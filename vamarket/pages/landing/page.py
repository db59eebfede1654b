"""The landing page: what vamarket is, for clients and for VAs, and why it can be trusted."""

from __future__ import annotations

import reflex as rx

from vamarket import routes
from vamarket.components.layout import T, page_frame
from vamarket.state.base import AppState


def _feature(icon: str, title_key: str, body_key: str) -> rx.Component:
    return rx.card(rx.vstack(
        rx.icon(icon, size=28, color="var(--accent-9)"),
        rx.heading(T[title_key], size="4"),
        rx.text(T[body_key], size="2", color_scheme="gray"),
        spacing="2"))


def _side(title_key: str, body_key: str, button_key: str, href: str, button_id: str) -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(T[title_key], size="5"),
        rx.text(T[body_key], size="3"),
        rx.link(rx.button(T[button_key], size="3", id=button_id), href=href),
        spacing="3", align="start"), width="100%")


def landing() -> rx.Component:
    """Home page."""
    return page_frame(
        rx.vstack(
            rx.heading(T["landing.title"], size="8", id="landing-title"),
            rx.text(T["landing.subtitle"], size="4", color_scheme="gray"),
            rx.grid(
                _side("landing.client_title", "landing.client_body", "landing.post_job",
                      routes.SIGN_IN, "cta-post-job"),
                _side("landing.va_title", "landing.va_body", "landing.find_work",
                      routes.SIGN_IN, "cta-find-work"),
                columns=rx.breakpoints(initial="1", sm="2"), spacing="4", width="100%"),
            rx.heading(T["landing.trust_title"], size="6", margin_top="16px"),
            rx.grid(
                _feature("shield-check", "landing.held_title", "landing.held_body"),
                _feature("flask-conical", "landing.pilot_title", "landing.pilot_body"),
                _feature("star", "landing.reviews_title", "landing.reviews_body"),
                _feature("receipt", "landing.fees_title", "landing.fees_body"),
                columns=rx.breakpoints(initial="1", sm="2", md="4"), spacing="4", width="100%"),
            spacing="4", width="100%",
        ),
        width="1100px",
    )


PAGES = [dict(component=landing, route=routes.HOME, on_load=AppState.load_user, title="vamarket")]
