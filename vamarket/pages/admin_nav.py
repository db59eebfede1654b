"""What the admin pages share: the links between them and the refusal text for non-admins.

Kept as a plain module (not a package), so the page registry does not treat it as a page.
"""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T

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
