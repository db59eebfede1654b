"""Create or edit the agency's name, address and description."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T
from vamarket.pages.agency.state import AgencyState as S


def _label(key: str) -> rx.Component:
    return rx.text(T[key], as_="label", size="2", weight="medium")


def agency_form() -> rx.Component:
    """One form for both creating and editing."""
    return rx.card(rx.form(rx.vstack(
        rx.heading(rx.cond(S.has_agency, T["agency.edit_title"], T["agency.create_title"]), size="5"),
        _label("agency.name"),
        rx.input(name="a_name", id="agency-name", default_value=S.a_name, max_length=120,
                 size="3", width="100%"),
        _label("agency.address"),
        rx.input(name="a_address", id="agency-slug", default_value=S.a_address, max_length=60,
                 size="3", width="100%", placeholder="bandung-virtual-team"),
        rx.text(T["agency.address_hint"], size="1", color_scheme="gray"),
        _label("agency.description"),
        rx.text_area(name="a_description", id="agency-description", default_value=S.a_description,
                     max_length=4000, rows="5", size="3", width="100%"),
        rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red",
                                          id="agency-error", width="100%")),
        rx.button(rx.cond(S.has_agency, T["common.save"], T["agency.create"]), type="submit",
                  id="agency-save", size="3", loading=S.saving, width=["100%", "auto"]),
        spacing="2", width="100%"), on_submit=S.save, width="100%"), width="100%")
