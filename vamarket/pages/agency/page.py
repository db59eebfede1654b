"""/agency: create your agency and manage its members, or see the one you belong to."""

from __future__ import annotations

import reflex as rx

from vamarket import routes
from vamarket.components.layout import T, page_frame
from vamarket.pages.agency.state import AgencyState as S
from vamarket.pages.agency.views.agency_form import agency_form
from vamarket.pages.agency.views.members import members_card


def _not_a_va() -> rx.Component:
    return rx.callout(rx.text(T["agency.only_vas"], " ",
                              rx.link(T["agency.become_va"], href=routes.ONBOARDING)),
                      icon="info", id="agency-only-vas")


def _member_view() -> rx.Component:
    """A member (not the owner) sees their agency and can leave it."""
    return rx.card(rx.vstack(
        rx.text(T["agency.you_are_member"], color_scheme="gray"),
        rx.link(rx.heading(S.a_name, size="5"), href="/agencies/" + S.a_address,
                id="agency-public-link"),
        rx.cond(S.error != "", rx.text(S.error, color_scheme="red", size="2")),
        rx.button(T["agency.leave"], color_scheme="red", variant="soft", id="agency-leave",
                  on_click=S.leave),
        spacing="3"), width="100%")


def _owner_view() -> rx.Component:
    return rx.vstack(
        rx.cond(S.has_agency,
                rx.link(T["agency.view_public"], href="/agencies/" + S.a_address,
                        id="agency-public-link"),
                rx.text(T["agency.empty"], color_scheme="gray", id="agency-empty")),
        agency_form(),
        rx.cond(S.has_agency, members_card()),
        spacing="4", width="100%")


def agency() -> rx.Component:
    """The agency page for the signed-in user."""
    body = rx.cond(~S.is_va, _not_a_va(),
                   rx.cond(S.has_agency & ~S.is_owner, _member_view(), _owner_view()))
    return page_frame(
        rx.vstack(
            rx.heading(T["agency.title"], size="7", id="agency-title"),
            rx.cond(S.message != "", rx.callout(S.message, icon="check", color_scheme="green",
                                                id="agency-message", width="100%")),
            rx.cond(S.loaded, body, rx.center(rx.spinner(size="3"), width="100%", padding="6")),
            spacing="4", width="100%"),
        width="760px")


PAGES = [dict(component=agency, route=routes.AGENCY, on_load=S.load, title="vamarket")]
