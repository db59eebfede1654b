"""/agencies/<address>: an agency's public page."""

from __future__ import annotations

import reflex as rx

from vamarket import routes
from vamarket.components.layout import T, page_frame
from vamarket.pages.public_agency.state import PublicAgencyState as S


def _member(m: dict) -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.link(m["name"], href="/u/" + m["user_id"], weight="medium"),
                  rx.cond(m["owner"] != "", rx.badge(T["agency.owner"])), align="center"),
        rx.cond(m["headline"] != "", rx.text(m["headline"], size="2", color_scheme="gray")),
        spacing="1"), width="100%")


def _agency() -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.icon("users", size=28, color="var(--accent-9)"),
                  rx.heading(S.ag_name, size="7", id="public-agency-name"), align="center"),
        rx.cond(S.ag_description != "", rx.text(S.ag_description, white_space="pre-wrap")),
        rx.heading(T["agency.members"], size="5"),
        rx.grid(rx.foreach(S.ag_members, _member), columns=rx.breakpoints(initial="1", sm="2"),
                spacing="3", width="100%"),
        spacing="4", width="100%")


def public_agency() -> rx.Component:
    """The agency, a not-found message, or a spinner."""
    return page_frame(rx.cond(
        S.loaded,
        rx.cond(S.found, _agency(), rx.callout(T["agency.not_found"], icon="circle-x",
                                                id="public-agency-not-found")),
        rx.center(rx.spinner(size="3"), padding="6")))


PAGES = [dict(component=public_agency, route=routes.PUBLIC_AGENCY, on_load=S.load, title="vamarket")]
