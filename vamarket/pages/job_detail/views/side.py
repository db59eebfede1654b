"""The side column: the client's history, and the owner's actions on their job."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T
from vamarket.pages.job_detail.state import JobDetailState as S


def _stat(label_key: str, value, stat_id: str) -> rx.Component:
    return rx.hstack(rx.text(T[label_key], size="2", color_scheme="gray"), rx.spacer(),
                     rx.text(value, size="2", weight="bold", id=stat_id), width="100%")


def client_card() -> rx.Component:
    """Jobs posted, hires, hire rate and rating of the client."""
    return rx.card(rx.vstack(
        rx.heading(T["jobview.client_title"], size="4"),
        rx.cond(S.j_client_name != "", rx.link(S.j_client_name, href="/u/" + S.j_client_id.to_string(),
                                               id="job-client-link", size="2")),
        _stat("jobview.jobs_posted", S.h_posted.to_string(), "client-jobs-posted"),
        _stat("jobview.hires", S.h_hires.to_string(), "client-hires"),
        _stat("jobview.hire_rate", S.h_hire_rate.to_string() + "%", "client-hire-rate"),
        rx.cond(S.h_rating != "",
                _stat("jobview.rating", "★ " + S.h_rating + " (" + S.h_rating_count.to_string() + ")",
                      "client-rating"),
                _stat("jobview.rating", T["jobview.no_rating"], "client-rating")),
        spacing="2", width="100%"), width="100%", id="client-history")


def _close_button() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(rx.button(rx.icon("circle-x", size=16), T["jobview.close"],
                                          color_scheme="red", variant="soft", id="job-close",
                                          width="100%")),
        rx.alert_dialog.content(
            rx.alert_dialog.title(T["jobview.close_confirm_title"]),
            rx.alert_dialog.description(T["jobview.close_confirm_body"]),
            rx.flex(
                rx.alert_dialog.cancel(rx.button(T["common.cancel"], variant="soft", color_scheme="gray",
                                                 id="job-close-cancel")),
                rx.alert_dialog.action(rx.button(T["jobview.close_confirm"], color_scheme="red",
                                                 on_click=S.transition("close"),
                                                 id="job-close-confirm")),
                spacing="3", justify="end", margin_top="4", wrap="wrap"),
            max_width="440px"),
    )


def owner_card() -> rx.Component:
    """Edit, publish, pause, resume, close, and the way to the quotes."""
    editable = (S.j_status == "draft") | (S.j_status == "open") | (S.j_status == "paused")
    return rx.card(rx.vstack(
        rx.heading(T["jobview.owner_title"], size="4"),
        rx.link(rx.button(rx.icon("inbox", size=16), T["jobview.see_quotes"], " (",
                          S.quote_count.to_string(), ")", width="100%"),
                href="/jobs/" + S.j_id.to_string() + "/quotes", id="job-quotes-link", width="100%"),
        rx.cond(editable, rx.link(rx.button(rx.icon("pencil", size=16), T["jobview.edit"],
                                            variant="soft", width="100%"),
                                  href="/jobs/" + S.j_id.to_string() + "/edit", id="job-edit",
                                  width="100%")),
        rx.cond(S.j_status == "draft", rx.button(rx.icon("send", size=16), T["jobview.publish"],
                                                 on_click=S.transition("publish"), id="job-publish",
                                                 color_scheme="green", width="100%")),
        rx.cond(S.j_status == "open", rx.button(rx.icon("pause", size=16), T["jobview.pause"],
                                                on_click=S.transition("pause"), id="job-pause",
                                                variant="soft", color_scheme="amber", width="100%")),
        rx.cond(S.j_status == "paused", rx.button(rx.icon("play", size=16), T["jobview.resume"],
                                                  on_click=S.transition("resume"), id="job-resume",
                                                  color_scheme="green", width="100%")),
        rx.cond(editable, _close_button()),
        spacing="3", width="100%"), width="100%", id="owner-actions")
