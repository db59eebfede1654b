"""The job itself: title, status, facts, description (sanitized HTML), skills, pilot, changes."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T
from vamarket.files_route import files_prefix
from vamarket.pages.job_detail.state import JobDetailState as S

_STATUS_COLORS = {"open": "green", "paused": "amber", "draft": "gray", "closed": "red",
                  "hired": "blue"}


def status_badge() -> rx.Component:
    """The job's status in the reader's language."""
    return rx.badge(T["jobview.status." + S.j_status], id="job-status", size="2",
                    color_scheme=rx.match(S.j_status, *_STATUS_COLORS.items(), "gray"))


def _fact(icon: str, label_key: str, value, fact_id: str) -> rx.Component:
    return rx.hstack(
        rx.icon(icon, size=16, color="var(--gray-10)", flex_shrink="0"),
        rx.text(T[label_key], size="2", color_scheme="gray"),
        rx.text(value, size="2", weight="medium", id=fact_id),
        align="center", spacing="2", wrap="wrap",
    )


def _facts() -> rx.Component:
    return rx.grid(
        _fact("wallet", "jobview.budget",
              rx.cond(S.j_budget_type == "fixed", S.budget_text + " · " + T["board.type.fixed"],
                      S.budget_text + " " + T["board.per_hour"]), "job-budget"),
        rx.cond(S.j_budget_type == "hourly", _fact("clock", "jobview.hours_per_week",
                                                   S.j_hours.to_string(), "job-hours")),
        rx.cond(S.j_down > 0, _fact("percent", "jobview.down_payment",
                                    S.j_down.to_string() + "%", "job-down-payment")),
        rx.cond(S.j_duration > 0, _fact("calendar-range", "jobview.duration",
                                        S.j_duration.to_string() + " " + T["jobview.weeks"],
                                        "job-duration")),
        rx.cond(S.deadline_text != "", _fact("calendar-clock", "jobview.deadline",
                                             S.deadline_text, "job-deadline")),
        rx.cond(S.j_category != "", _fact("folder", "jobview.category",
                                          T["category." + S.j_category], "job-category")),
        _fact("message-square-quote", "jobview.quotes", S.quote_count.to_string(), "job-quote-count"),
        rx.cond(S.published_text != "", _fact("calendar", "jobview.posted", S.published_text,
                                              "job-posted")),
        columns=rx.breakpoints(initial="1", sm="2"), spacing="3", width="100%",
    )


def _description() -> rx.Component:
    return rx.box(
        rx.html(S.description_html),
        id="job-description", class_name="job-markdown", width="100%",
        style={"overflow_wrap": "anywhere", "line_height": "1.6",
               "& p": {"margin": "0 0 0.75em 0"}, "& ul, & ol": {"padding_left": "1.4em"},
               "& pre": {"background": "var(--gray-a3)", "padding": "8px",
                         "border_radius": "var(--radius-2)", "overflow_x": "auto"},
               "& h1, & h2, & h3": {"font_size": "1.15em", "margin": "0.8em 0 0.4em"}},
    )


def _skills() -> rx.Component:
    return rx.cond(S.j_skills.length() > 0, rx.vstack(
        rx.heading(T["jobview.skills"], size="3"),
        rx.flex(rx.foreach(S.j_skills, lambda slug: rx.badge(T["skill." + slug], size="2",
                                                             variant="soft", color_scheme="gray")),
                wrap="wrap", spacing="2", id="job-skills"),
        spacing="2", width="100%"))


def _pilot() -> rx.Component:
    return rx.cond(S.j_pilot_budget > 0, rx.callout.root(
        rx.callout.icon(rx.icon("flask-conical")),
        rx.vstack(
            rx.text(T["jobview.pilot_title"], weight="bold", size="2"),
            rx.text(S.j_pilot_scope, size="2", white_space="pre-wrap", id="job-pilot-scope"),
            rx.text(T["jobview.pilot_budget"], ": ", rx.text.strong(S.pilot_budget_text),
                    size="2", id="job-pilot-budget"),
            spacing="1"),
        color_scheme="teal", width="100%", id="job-pilot"))


def _file_link(row) -> rx.Component:
    return rx.hstack(
        rx.icon("paperclip", size=16, color="var(--gray-10)", flex_shrink="0"),
        rx.link(row["name"], href=files_prefix() + row["id"], is_external=True,
                custom_attrs={"download": row["name"]}, id="job-attachment-" + row["id"],
                size="2", overflow_wrap="anywhere", min_width="0"),
        rx.text(row["size"], size="1", color_scheme="gray", white_space="nowrap"),
        align="center", spacing="2", width="100%")


def _files() -> rx.Component:
    return rx.cond(S.file_rows.length() > 0, rx.vstack(
        rx.heading(T["attach.title"], size="3"),
        rx.vstack(rx.foreach(S.file_rows, _file_link), spacing="2", width="100%"),
        spacing="2", width="100%", id="job-attachments"))


def _change_line(row) -> rx.Component:
    return rx.vstack(
        rx.cond(row["when"] != "", rx.text(row["when"], size="1", weight="bold", margin_top="4px")),
        rx.text(
            rx.text.span(T["jobview.field." + row["field"]], weight="medium"), ": ",
            rx.cond(row["new"] != "", rx.text.span(row["old"], " → ", row["new"]),
                    rx.text.span(T["jobview.changed"])),
            size="2", overflow_wrap="anywhere"),
        spacing="0", width="100%")


def changes_box() -> rx.Component:
    """What the client changed after publishing, for bidders (and the owner)."""
    return rx.cond(S.change_lines.length() > 0, rx.callout.root(
        rx.callout.icon(rx.icon("history")),
        rx.vstack(
            rx.text(T["jobview.changed_title"], weight="bold", size="2"),
            rx.foreach(S.change_lines, _change_line),
            spacing="1", width="100%"),
        color_scheme="amber", width="100%", id="job-changes"))


def job_view() -> rx.Component:
    """The job's main column."""
    return rx.vstack(
        rx.link(rx.hstack(rx.icon("arrow-left", size=14), rx.text(T["jobview.back"], size="2"),
                          align="center", spacing="1"), href="/jobs", id="job-back"),
        rx.flex(
            rx.heading(S.j_title, size="7", id="job-title", overflow_wrap="anywhere"),
            status_badge(),
            spacing="3", align="center", wrap="wrap", width="100%"),
        changes_box(),
        rx.card(_facts(), width="100%"),
        _pilot(),
        rx.heading(T["jobview.description"], size="4"),
        _description(),
        _files(),
        _skills(),
        spacing="4", width="100%", align="start",
    )
