"""The member list and the add-member form (owner only)."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T
from vamarket.pages.agency.state import AgencyState as S


def _member_row(m: dict) -> rx.Component:
    return rx.flex(
        rx.vstack(
            rx.link(m["name"], href="/u/" + m["user_id"], weight="medium"),
            rx.cond(m["headline"] != "", rx.text(m["headline"], size="1", color_scheme="gray")),
            spacing="0", min_width="0"),
        rx.spacer(),
        rx.cond(m["owner"] != "",
                rx.badge(T["agency.owner"]),
                rx.button(T["agency.remove"], size="1", variant="soft", color_scheme="red",
                          id="agency-remove-" + m["user_id"],
                          on_click=S.remove_member(m["user_id"]))),
        align="center", spacing="3", width="100%", padding_y="2",
        border_bottom="1px solid var(--gray-a4)",
    )


def members_card() -> rx.Component:
    """Members with remove buttons, and a form to add a VA by user id or email."""
    return rx.card(rx.vstack(
        rx.heading(T["agency.members"], size="5"),
        rx.cond(S.members.length() > 0,
                rx.vstack(rx.foreach(S.members, _member_row), spacing="0", width="100%",
                          id="agency-members"),
                rx.text(T["agency.no_members"], color_scheme="gray")),
        rx.form(
            rx.vstack(
                rx.text(T["agency.add_member"], as_="label", size="2", weight="medium"),
                rx.flex(
                    rx.input(name="member", id="agency-member-input", max_length=320,
                             placeholder=T["agency.member_placeholder"], size="3", flex="1",
                             min_width="200px"),
                    rx.button(T["agency.add"], type="submit", id="agency-member-add", size="3",
                              loading=S.adding),
                    spacing="2", wrap="wrap", width="100%"),
                rx.text(T["agency.add_member_hint"], size="1", color_scheme="gray"),
                rx.cond(S.member_error != "", rx.text(S.member_error, color_scheme="red", size="2",
                                                      id="agency-member-error")),
                spacing="2", width="100%"),
            on_submit=S.add_member, reset_on_submit=True, width="100%"),
        spacing="4", width="100%"), width="100%")
