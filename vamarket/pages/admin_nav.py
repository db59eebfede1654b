"""What the admin pages share: the links between them, paging, the reason dialog and the
searchable list page.

Kept as a plain module (not a package), so the page registry does not treat it as a page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx

from vamarket.components.layout import T, page_frame

ADMIN_PAGES = (("admin.nav_users", "/admin/users", "users"),
               ("admin.nav_jobs", "/admin/jobs", "briefcase"),
               ("admin.nav_disputes", "/admin/disputes", "scale"),
               ("admin.nav_money", "/admin/money", "landmark"))


def admin_nav(current: str) -> rx.Component:
    """Links to every admin page; the current one is highlighted."""
    return rx.flex(*[
        rx.link(rx.button(rx.icon(icon, size=14), T[key], size="2",
                          variant="solid" if href == current else "soft"),
                href=href, id="admin-nav-" + href.rsplit("/", 1)[-1])
        for key, href, icon in ADMIN_PAGES], spacing="2", wrap="wrap", id="admin-nav")


def pager(state) -> rx.Component:
    """Previous / next buttons for a state with `page`, `has_more`, `prev_page`, `next_page`."""
    return rx.flex(
        rx.button(rx.icon("chevron-left", size=14), T["admin.prev"], size="1", variant="soft",
                  disabled=state.page <= 1, on_click=state.prev_page, id="admin-prev"),
        rx.text(T["admin.page"], " ", state.page.to_string(), size="2"),
        rx.button(T["admin.next"], rx.icon("chevron-right", size=14), size="1", variant="soft",
                  disabled=~state.has_more, on_click=state.next_page, id="admin-next"),
        spacing="3", align="center")


def reason_dialog(state, title_key: str) -> rx.Component:
    """A confirmation asking for the reason of an admin action (`state.confirm_*`)."""
    return rx.alert_dialog.root(rx.alert_dialog.content(
        rx.alert_dialog.title(T[title_key]),
        rx.alert_dialog.description(state.confirm_text),
        rx.text_area(value=state.reason, on_change=state.set_reason, rows="3", width="100%",
                     placeholder=T["admin.reason_placeholder"], margin_top="12px",
                     id="admin-reason"),
        rx.cond(state.error != "", rx.text(state.error, color_scheme="red", size="2")),
        rx.flex(rx.button(T["admin.cancel"], variant="soft", color_scheme="gray",
                          on_click=state.close_confirm),
                rx.button(T["admin.confirm"], color_scheme="red", on_click=state.confirm,
                          id="admin-confirm"),
                spacing="3", justify="end", margin_top="16px"),
        max_width="460px"), open=state.confirm_open)


def search_form(state, placeholder_key: str) -> rx.Component:
    """The search box of an admin list."""
    return rx.form(rx.flex(
        rx.input(value=state.search, on_change=state.set_search, placeholder=T[placeholder_key],
                 flex="1", min_width="180px", id="admin-search"),
        rx.button(rx.icon("search", size=14), T["admin.search"], type="submit"),
        spacing="2", width="100%"), on_submit=state.run_search, width="100%")


def admin_list_page(state, *, title_key: str, route: str, search_key: str,
                    row: Callable[[Any], rx.Component]) -> rx.Component:
    """A searchable, paged admin list (an `AdminListState`) whose rows are drawn by `row`."""
    return page_frame(rx.vstack(
        rx.heading(T[title_key], size="7"),
        admin_nav(route),
        rx.cond(state.error != "", rx.callout(state.error, icon="triangle-alert",
                                              color_scheme="red", width="100%", id="admin-error")),
        rx.cond(state.notice != "", rx.callout(state.notice, icon="check", color_scheme="green",
                                               width="100%", id="admin-notice")),
        rx.cond(state.loaded, rx.vstack(
            search_form(state, search_key),
            rx.cond(state.rows.length() > 0, rx.foreach(state.rows, row),
                    rx.text(T["admin.none"], color_scheme="gray")),
            pager(state),
            spacing="3", width="100%")),
        reason_dialog(state, "admin.reason_title"),
        spacing="4", width="100%"), width="900px")
