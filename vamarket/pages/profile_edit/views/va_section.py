"""The VA part of the profile form."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T
from vamarket.pages.profile_edit.state import ProfileEditState as S
from vamarket.pages.profile_edit.views.fields import field, section, text_input
from vamarket.pages.profile_edit.views.photo import photo_picker
from vamarket.pages.profile_edit.views.skills import category_picker, skill_picker


def _rate_row() -> rx.Component:
    return rx.grid(
        field("profile.rate", rx.input(
            name="va_rate", id="va-rate", default_value=S.va_rate, type="number", min=0,
            step=rx.cond(S.va_currency == "IDR", "1", "0.01"), size="3", width="100%",
            input_mode="decimal"), "profile.rate_hint"),
        field("profile.currency", rx.select(
            ["USD", "IDR"], name="va_currency", default_value=S.va_currency, size="3",
            id="va-currency", width="100%")),
        field("profile.hours", rx.input(
            name="va_hours", id="va-hours", default_value=S.va_hours, type="number", min=0,
            max=80, step="1", size="3", width="100%"), "profile.hours_hint"),
        columns=rx.breakpoints(initial="1", sm="3"), spacing="3", width="100%",
    )


def va_section() -> rx.Component:
    """Headline, bio, photo, rate, availability, skills, languages, links and tags."""
    return section(
        "profile.va_section",
        photo_picker(),
        field("profile.headline", text_input("va_headline", S.va_headline, max_length=120,
                                             placeholder=T["profile.headline_placeholder"])),
        field("profile.bio", rx.text_area(
            name="va_bio", id="va-bio", default_value=S.va_bio, max_length=4000, rows="6",
            width="100%", size="3")),
        _rate_row(),
        rx.cond(S.rate_preview != "", rx.text(T["profile.rate_shown"], ": ", S.rate_preview,
                                              size="2", color_scheme="gray", id="va-rate-preview")),
        rx.grid(
            field("profile.timezone", text_input("va_timezone", S.va_timezone, max_length=64,
                                                 placeholder="Asia/Jakarta"), "profile.timezone_hint"),
            field("profile.languages", text_input("va_languages", S.va_languages, max_length=120,
                                                  placeholder="en, id"), "profile.languages_hint"),
            columns=rx.breakpoints(initial="1", sm="2"), spacing="3", width="100%",
        ),
        field("profile.categories", category_picker()),
        field("profile.skills", skill_picker(), "profile.skills_hint"),
        field("profile.tags", text_input("va_tags", S.va_tags, max_length=400,
                                         placeholder=T["profile.tags_placeholder"]),
              "profile.tags_hint"),
        field("profile.links", rx.text_area(
            name="va_links", id="va-links", default_value=S.va_links, max_length=3200, rows="3",
            width="100%", size="3", placeholder="https://"), "profile.links_hint"),
        section_id="va-section",
    )
