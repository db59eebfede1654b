"""/admin/jobs: search jobs, hide or unhide them."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T
from vamarket.pages.admin_jobs.state import AdminJobsState as S
from vamarket.pages.admin_nav import admin_list_page


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
    return admin_list_page(S, title_key="admin.jobs_title", route="/admin/jobs",
                           search_key="admin.search_jobs", row=_job_row)


PAGES = [dict(component=admin_jobs, route="/admin/jobs", on_load=S.load, title="vamarket")]
