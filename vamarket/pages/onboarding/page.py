"""Onboarding page: choose to hire (client), to work (VA) or both."""

from __future__ import annotations

import reflex as rx

from vamarket import routes
from vamarket.components.layout import T, page_frame
from vamarket.pages.onboarding.state import OnboardingState


def _role_card(role_id: str, icon: str, title_key: str, body_key: str, checked, on_click) -> rx.Component:
    """A large tickable card; the whole card toggles the role."""
    return rx.box(
        rx.hstack(
            rx.checkbox(checked=checked, size="3", pointer_events="none", tab_index=-1,
                        aria_hidden="true"),
            rx.icon(icon, size=28, color="var(--accent-9)"),
            rx.vstack(rx.heading(T[title_key], size="4"),
                      rx.text(T[body_key], size="2", color_scheme="gray"), spacing="1"),
            spacing="3", align="center"),
        id=role_id, role="checkbox", aria_checked=rx.cond(checked, "true", "false"),
        tab_index=0, on_click=on_click, cursor="pointer", padding="4", width="100%",
        border_radius="var(--radius-4)",
        border=rx.cond(checked, "2px solid var(--accent-9)", "2px solid var(--gray-a5)"),
        background=rx.cond(checked, "var(--accent-a3)", "var(--color-panel-solid)"),
    )


def onboarding() -> rx.Component:
    """The role picker."""
    s = OnboardingState
    return page_frame(
        rx.vstack(
            rx.heading(T["onboarding.title"], size="7", id="onboarding-title"),
            rx.text(T["onboarding.subtitle"], color_scheme="gray"),
            _role_card("role-client", "briefcase", "onboarding.client_title",
                       "onboarding.client_body", s.want_client, s.toggle_client),
            _role_card("role-va", "laptop", "onboarding.va_title", "onboarding.va_body",
                       s.want_va, s.toggle_va),
            rx.text(T["onboarding.both_hint"], size="2", color_scheme="gray"),
            rx.cond(s.error != "", rx.callout(s.error, icon="triangle-alert", color_scheme="red",
                                             id="roles-error", width="100%")),
            rx.button(T["onboarding.continue"], id="roles-continue", size="3",
                      loading=s.saving, disabled=~(s.want_client | s.want_va),
                      on_click=s.submit, width=["100%", "auto"]),
            spacing="4", width="100%",
        ),
        width="640px",
    )


PAGES = [dict(component=onboarding, route=routes.ONBOARDING, on_load=OnboardingState.load,
              title="vamarket")]
