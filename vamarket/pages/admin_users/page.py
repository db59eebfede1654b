"""/admin/users: search users, suspend or unsuspend them."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T
from vamarket.pages.admin_nav import admin_list_page
from vamarket.pages.admin_users.state import AdminUsersState as S
from vamarket.state.base import AppState


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
    return admin_list_page(S, title_key="admin.users_title", route="/admin/users",
                           search_key="admin.search_users", row=_user_row)


PAGES = [dict(component=admin_users, route="/admin/users", on_load=S.load, title="vamarket")]
