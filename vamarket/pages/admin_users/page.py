"""/admin/users: search users, suspend or unsuspend them."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T, page_frame
from vamarket.pages.admin_nav import admin_nav, pager, reason_dialog
from vamarket.pages.admin_users.state import AdminUsersState as S
from vamarket.state.base import AppState


def search_form(state, placeholder_key: str) -> rx.Component:
    """The search box of an admin list."""
    return rx.form(rx.flex(
        rx.input(value=state.search, on_change=state.set_search, placeholder=T[placeholder_key],
                 flex="1", min_width="180px", id="admin-search"),
        rx.button(rx.icon("search", size=14), T["admin.search"], type="submit"),
        spacing="2", width="100%"), on_submit=state.run_search, width="100%")


def _user_row(row) -> rx.Component:
    suspended = row["status"] == "suspended"
    return rx.card(rx.flex(
        rx.vstack(
            rx.text(row["name"], weight="bold"),
            rx.text(row["email"], size="2", color_scheme="gray", word_break="break-all"),
            rx.flex(rx.badge(T["admin.status_" + row["status"]],
                             color_scheme=rx.cond(suspended, "red", "green")),
                    rx.cond(row["client"] != "", rx.badge(T["admin.role_client"])),
                    rx.cond(row["va"] != "", rx.badge(T["admin.role_va"])),
                    rx.text(T["admin.joined"], " ", row["joined"], size="1", color_scheme="gray"),
                    spacing="2", wrap="wrap", align="center"),
            spacing="1", min_width="0", flex="1"),
        rx.cond((row["status"] == "deleted") | (row["id"] == AppState.user_id.to_string()),
                rx.fragment(), rx.cond(
            suspended,
            rx.button(T["admin.unsuspend"], size="2", variant="soft",
                      on_click=S.ask_suspend(row["id"], False)),
            rx.button(T["admin.suspend"], size="2", color_scheme="red", variant="soft",
                      on_click=S.ask_suspend(row["id"], True), class_name="admin-suspend"))),
        spacing="3", align="center", wrap="wrap", width="100%"),
        width="100%", class_name="admin-user", id="admin-user-" + row["id"])


def admin_users() -> rx.Component:
    """Admins only; the state refuses everyone else on the server."""
    return page_frame(rx.vstack(
        rx.heading(T["admin.users_title"], size="7"),
        admin_nav("/admin/users"),
        rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red",
                                          width="100%", id="admin-error")),
        rx.cond(S.notice != "", rx.callout(S.notice, icon="check", color_scheme="green",
                                           width="100%", id="admin-notice")),
        rx.cond(S.loaded, rx.vstack(
            search_form(S, "admin.search_users"),
            rx.cond(S.rows.length() > 0, rx.foreach(S.rows, _user_row),
                    rx.text(T["admin.none"], color_scheme="gray")),
            pager(S),
            spacing="3", width="100%")),
        reason_dialog(S, "admin.reason_title"),
        spacing="4", width="100%"), width="900px")


PAGES = [dict(component=admin_users, route="/admin/users", on_load=S.load, title="vamarket")]
