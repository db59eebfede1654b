"""The search bar and the filter panel. Each change navigates to the new address."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T
from vamarket.pages.job_board.state import ALL, POSTED_CHOICES
from vamarket.pages.job_board.state import JobBoardState as S


def search_bar() -> rx.Component:
    """Text search with its button; Enter submits too."""
    return rx.form(
        rx.flex(
            rx.input(rx.input.slot(rx.icon("search", size=16)), value=S.f_text, on_change=S.set_text,
                     placeholder=T["board.search_placeholder"], aria_label=T["board.search_placeholder"],
                     id="search-input", name="q", size="3", max_length=200, flex="1", min_width="0"),
            rx.button(T["board.search"], type="submit", size="3", id="search-submit"),
            spacing="2", width="100%"),
        on_submit=S.submit_search, width="100%", id="search-form",
    )


def _label(key: str) -> rx.Component:
    return rx.text(T[key], as_="label", size="2", weight="medium")


def _select(key: str, value, on_change, items: list[tuple[str, rx.Var | str]], select_id: str,
            any_key: str = "board.any") -> rx.Component:
    return rx.vstack(
        _label(key),
        rx.select.root(
            rx.select.trigger(width="100%", id=select_id, aria_label=T[key]),
            rx.select.content(
                rx.select.item(T[any_key], value=ALL),
                *[rx.select.item(label, value=v) for v, label in items]),
            value=value, on_change=on_change, size="2"),
        spacing="1", width="100%")


def _category_select() -> rx.Component:
    return rx.vstack(
        _label("board.category"),
        rx.select.root(
            rx.select.trigger(width="100%", id="filter-category", aria_label=T["board.category"]),
            rx.select.content(
                rx.select.item(T["board.any"], value=ALL),
                rx.foreach(S.category_options,
                           lambda slug: rx.select.item(T["category." + slug], value=slug))),
            value=S.f_category, on_change=S.set_category, size="2"),
        spacing="1", width="100%")


def _skills() -> rx.Component:
    def chip(option) -> rx.Component:
        selected = S.f_skills.contains(option["slug"])
        return rx.badge(
            rx.cond(selected, rx.icon("check", size=12), rx.fragment()),
            T["skill." + option["slug"]],
            id="filter-skill-" + option["slug"], role="checkbox",
            aria_checked=rx.cond(selected, "true", "false"), tab_index=0,
            on_click=S.toggle_skill(option["slug"]),
            variant=rx.cond(selected, "solid", "surface"),
            color_scheme=rx.cond(selected, "teal", "gray"), cursor="pointer", user_select="none")
    return rx.vstack(
        _label("board.skills"),
        rx.flex(rx.foreach(S.visible_skills, chip), wrap="wrap", spacing="1", max_height="180px",
                overflow_y="auto", id="filter-skills", padding_y="2px"),
        spacing="1", width="100%")


def _budget() -> rx.Component:
    no_currency = S.f_currency == ALL
    return rx.vstack(
        _label("board.budget"),
        rx.flex(
            rx.input(value=S.f_min, on_change=S.set_min, placeholder=T["board.min"],
                     aria_label=T["board.min"], id="filter-budget-min", input_mode="decimal",
                     disabled=no_currency, size="2", flex="1", min_width="0", max_length=32),
            rx.input(value=S.f_max, on_change=S.set_max, placeholder=T["board.max"],
                     aria_label=T["board.max"], id="filter-budget-max", input_mode="decimal",
                     disabled=no_currency, size="2", flex="1", min_width="0", max_length=32),
            rx.icon_button(rx.icon("check", size=14), on_click=S.submit_search, size="2",
                           variant="soft", id="filter-budget-apply", disabled=no_currency,
                           aria_label=T["board.apply"]),
            spacing="2", width="100%"),
        rx.cond(no_currency, rx.text(T["board.budget_hint"], size="1", color_scheme="gray")),
        spacing="1", width="100%")


def _switch(key: str, checked, on_change, switch_id: str) -> rx.Component:
    return rx.text(
        rx.flex(rx.switch(checked=checked, on_change=on_change, id=switch_id), T[key],
                spacing="2", align="center"),
        as_="label", size="2")


def filter_panel() -> rx.Component:
    """Every filter; on a phone it folds away behind a button."""
    return rx.vstack(
        _category_select(),
        _skills(),
        _select("board.budget_type", S.f_type, S.set_budget_type,
                [("fixed", T["board.type.fixed"]), ("hourly", T["board.type.hourly"])],
                "filter-budget-type"),
        _select("board.currency", S.f_currency, S.set_currency, [("USD", "USD"), ("IDR", "IDR")],
                "filter-currency"),
        _budget(),
        _select("board.posted", S.f_posted, S.set_posted,
                [(d, T["board.posted_" + d]) for d in POSTED_CHOICES], "filter-posted",
                any_key="board.posted_any"),
        _switch("board.has_pilot", S.f_pilot, S.set_pilot, "filter-pilot"),
        _switch("board.fewest_quotes", S.f_fewest, S.set_fewest, "filter-fewest"),
        rx.cond(S.has_filters, rx.button(rx.icon("x", size=14), T["board.clear"], variant="ghost",
                                         size="2", on_click=S.clear_filters, id="filter-clear")),
        spacing="4", width="100%", id="filters",
    )
