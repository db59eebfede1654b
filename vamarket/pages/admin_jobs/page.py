"""/admin/jobs: search jobs, hide or unhide them."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T, page_frame
from vamarket.pages.admin_jobs.state import AdminJobsState as S
from vamarket.pages.admin_nav import admin_nav, pager, reason_dialog
from vamarket.pages.admin_users.page import search_form


def _job_row(row) -> rx.Component:
    hidden = row["hidden"] != ""
    return rx.card(rx.flex(
        rx.vstack(
            rx.link(row["title"], href="/jobs/" + row["id"], weight="bold",
                    overflow_wrap="anywhere"),
            rx.flex(rx.badge(T["admin.job_status_" + row["status"]]),
                    rx.cond(hidden, rx.badge(T["admin.hidden"], color_scheme="red")),
                    rx.text(row["created"], size="1", color_scheme="gray"),
                    spacing="2", wrap="wrap", align="center"),
            spacing="1", min_width="0", flex="1"),
        rx.cond(hidden,
                rx.button(T["admin.unhide"], size="2", variant="soft",
                          on_click=S.ask_hide(row["id"], False)),
                rx.button(T["admin.hide"], size="2", color_scheme="red", variant="soft",
                          on_click=S.ask_hide(row["id"], True), class_name="admin-hide")),
        spacing="3", align="center", wrap="wrap", width="100%"),
        width="100%", class_name="admin-job", id="admin-job-" + row["id"])


def admin_jobs() -> rx.Component:
    """Admins only; the state refuses everyone else on the server."""
    return page_frame(rx.vstack(
        rx.heading(T["admin.jobs_title"], size="7"),
        admin_nav("/admin/jobs"),
        rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red",
                                          width="100%", id="admin-error")),
        rx.cond(S.notice != "", rx.callout(S.notice, icon="check", color_scheme="green",
                                           width="100%", id="admin-notice")),
        rx.cond(S.loaded, rx.vstack(
            search_form(S, "admin.search_jobs"),
            rx.cond(S.rows.length() > 0, rx.foreach(S.rows, _job_row),
                    rx.text(T["admin.none"], color_scheme="gray")),
            pager(S),
            spacing="3", width="100%")),
        reason_dialog(S, "admin.reason_title"),
        spacing="4", width="100%"), width="900px")


PAGES = [dict(component=admin_jobs, route="/admin/jobs", on_load=S.load, title="vamarket")]
