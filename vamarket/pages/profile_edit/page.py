"""Edit your own profile: the VA section and the client section, shown per role."""

from __future__ import annotations

import reflex as rx

from vamarket import routes
from vamarket.components.layout import T, page_frame
from vamarket.pages.profile_edit.state import ProfileEditState as S
from vamarket.pages.profile_edit.views.client_section import client_section
from vamarket.pages.profile_edit.views.va_section import va_section


def _status() -> rx.Component:
    return rx.fragment(
        rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red",
                                          id="profile-error", width="100%")),
        rx.cond(S.saved, rx.callout(T["common.saved"], icon="check", color_scheme="green",
                                    id="profile-saved", width="100%")),
    )


def _form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.cond(S.is_va, va_section()),
            rx.cond(S.is_client, client_section()),
            _status(),
            rx.flex(
                rx.button(T["common.save"], type="submit", id="profile-save", size="3",
                          loading=S.saving, width=["100%", "auto"]),
                rx.cond(S.is_va, rx.link(T["profile.view_public"], id="profile-view-public",
                                         href="/u/" + S.user_id.to_string())),
                spacing="4", align="center", wrap="wrap", width="100%",
            ),
            spacing="4", width="100%",
        ),
        on_submit=S.save, width="100%", id="profile-form",
    )


def profile_edit() -> rx.Component:
    """The profile form, shown once the saved values are loaded."""
    return page_frame(
        rx.vstack(
            rx.heading(T["profile.title"], size="7", id="profile-title"),
            rx.text(T["profile.subtitle"], color_scheme="gray"),
            rx.cond(S.loaded, _form(), rx.center(rx.spinner(size="3"), width="100%", padding="6")),
            spacing="4", width="100%",
        ),
        width="820px",
    )


PAGES = [dict(component=profile_edit, route=routes.PROFILE_EDIT, on_load=S.load,
              title="vamarket")]
