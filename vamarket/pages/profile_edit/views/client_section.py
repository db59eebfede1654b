"""The client part of the profile form."""

from __future__ import annotations

import reflex as rx

from vamarket.pages.profile_edit.state import ProfileEditState as S
from vamarket.pages.profile_edit.views.fields import field, section, text_input


def client_section() -> rx.Component:
    """Name, company and country (two-letter code)."""
    return section(
        "profile.client_section",
        rx.grid(
            field("profile.client_name", text_input("cl_name", S.cl_name, max_length=120)),
            field("profile.company", text_input("cl_company", S.cl_company, max_length=160)),
            columns=rx.breakpoints(initial="1", sm="2"), spacing="3", width="100%",
        ),
        field("profile.country", text_input("cl_country", S.cl_country, max_length=2,
                                            placeholder="ID", text_transform="uppercase",
                                            max_width="120px"), "profile.country_hint"),
        section_id="client-section",
    )
