"""Skill and category pickers: tickable badges from the shared list."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T
from vamarket.pages.profile_edit.state import ProfileEditState as S


def _chip(slug, label, selected, on_click, prefix: str) -> rx.Component:
    return rx.badge(
        rx.cond(selected, rx.icon("check", size=12), rx.fragment()),
        label,
        id=prefix + slug,
        role="checkbox",
        aria_checked=rx.cond(selected, "true", "false"),
        tab_index=0,
        on_click=on_click,
        variant=rx.cond(selected, "solid", "surface"),
        color_scheme=rx.cond(selected, "teal", "gray"),
        size="2",
        cursor="pointer",
        user_select="none",
    )


def category_picker() -> rx.Component:
    """Categories the VA works in."""
    return rx.flex(
        rx.foreach(S.category_options, lambda slug: _chip(
            slug, T["category." + slug], S.va_categories.contains(slug),
            S.toggle_category(slug), "cat-")),
        wrap="wrap", spacing="2", id="va-categories",
    )


def skill_picker() -> rx.Component:
    """Skills of the shared list, shown in category order."""
    return rx.flex(
        rx.foreach(S.skill_options, lambda opt: _chip(
            opt["slug"], T["skill." + opt["slug"]], S.va_skills.contains(opt["slug"]),
            S.toggle_skill(opt["slug"]), "skill-")),
        wrap="wrap", spacing="2", id="va-skills",
    )
