"""/signin: a card with one button per configured sign-in provider."""

from __future__ import annotations

import reflex as rx

from vamarket import routes
from vamarket.components.layout import T, page_frame
from vamarket.pages.signin.state import SignInState
from vamarket.settings import DEMO_PROVIDER
from vamarket.state.base import AppState


def _provider_button(provider: rx.Var) -> rx.Component:
    is_demo = provider["name"] == DEMO_PROVIDER
    return rx.el.a(
        rx.button(
            rx.cond(is_demo, rx.icon("flask_conical", size=18), rx.icon("log_in", size=18)),
            rx.cond(
                is_demo,
                rx.text.span(T["auth.demo_button"]),
                rx.text.span(T["auth.continue_with"], " ", provider["label"]),
            ),
            size="3", width="100%", variant=rx.cond(is_demo, "solid", "surface"),
            id="signin-" + provider["name"].to(str),
        ),
        href=provider["href"].to(str),
        reload_document=True,  # a full page load: /auth is served by the backend, not a page
        style={"width": "100%", "text_decoration": "none"},
    )


def signin() -> rx.Component:
    """Sign-in page."""
    return page_frame(
        rx.center(
            rx.card(
                rx.vstack(
                    rx.heading(T["auth.signin_title"], size="6", id="signin-title"),
                    rx.text(T["auth.signin_subtitle"], size="2", color_scheme="gray"),
                    rx.vstack(rx.foreach(SignInState.providers, _provider_button),
                              spacing="3", width="100%", id="signin-providers"),
                    rx.cond(
                        SignInState.loaded & (SignInState.providers.length() == 0),
                        rx.callout(T["auth.no_providers"], icon="triangle_alert",
                                   color_scheme="amber", id="signin-none"),
                    ),
                    rx.cond(SignInState.has_demo,
                            rx.text(T["auth.demo_hint"], size="2", color_scheme="gray")),
                    rx.separator(size="4"),
                    rx.text(T["auth.new_account_note"], size="2", color_scheme="gray"),
                    spacing="4", width="100%",
                ),
                size="3", width="100%", max_width="440px",
            ),
            width="100%",
        ),
    )


PAGES = [dict(component=signin, route=routes.SIGN_IN,
              on_load=[AppState.load_user, SignInState.load], title="Sign in - vamarket")]
