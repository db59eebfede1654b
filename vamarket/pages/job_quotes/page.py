"""/jobs/[job_id]/quotes: the client compares quotes side by side and hires one."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T, page_frame
from vamarket.pages.job_quotes.state import JobQuotesState as S


def _fact(label_key: str, value, **props) -> rx.Component:
    return rx.vstack(rx.text(T[label_key], size="1", color_scheme="gray"),
                     rx.text(value, size="3", weight="medium", **props),
                     spacing="0")


def _decline_dialog(row) -> rx.Component:
    return rx.dialog.root(
        rx.dialog.trigger(rx.button(T["quotes.decline"], variant="soft", color_scheme="gray",
                                    id="decline-" + row["id"])),
        rx.dialog.content(
            rx.dialog.title(T["quotes.decline_title"]),
            rx.form(rx.vstack(
                rx.text_area(name="reason", placeholder=T["quotes.decline_reason"],
                             max_length=500, width="100%", id="decline-reason-" + row["id"]),
                rx.flex(rx.dialog.close(rx.button(T["common.cancel"], variant="soft",
                                                  color_scheme="gray", type="button")),
                        rx.dialog.close(rx.button(T["quotes.decline"], type="submit",
                                                  color_scheme="red",
                                                  id="decline-confirm-" + row["id"])),
                        spacing="3", justify="end"),
                spacing="3"),
                on_submit=lambda form: S.decline(row["id"], form)),
            max_width="440px"))


def _hire_dialog(row) -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(rx.button(T["quotes.hire"], id="hire-" + row["id"])),
        rx.alert_dialog.content(
            rx.alert_dialog.title(T["quotes.hire_title"]),
            rx.alert_dialog.description(T["quotes.hire_body"]),
            rx.vstack(
                rx.text(T["quotes.va"], ": ", row["name"], weight="medium"),
                rx.text(T["quotes.price"], ": ", row["price"]),
                rx.cond(row["plan"] != "", rx.text(row["plan"], size="2")),
                rx.cond(row["pilot"] != "", rx.text(T["quotes.pilot"], ": ", row["pilot"], " — ",
                                                    row["pilot_scope"], size="2")),
                spacing="1", margin_y="12px"),
            rx.flex(
                rx.alert_dialog.cancel(rx.button(T["common.cancel"], variant="soft",
                                                 color_scheme="gray")),
                rx.cond(row["pilot"] != "", rx.alert_dialog.action(rx.button(
                    T["quotes.hire_pilot"], variant="soft", on_click=S.hire(row["id"], True),
                    id="hire-pilot-confirm-" + row["id"]))),
                rx.alert_dialog.action(rx.button(T["quotes.hire_confirm"],
                                                 on_click=S.hire(row["id"], False),
                                                 id="hire-confirm-" + row["id"])),
                spacing="3", justify="end", wrap="wrap"),
            max_width="480px"))


def _quote_card(row) -> rx.Component:
    return rx.card(rx.vstack(
        rx.flex(
            rx.link(rx.heading(row["name"], size="4"), href="/u/" + row["va_id"]),
            rx.badge(T["quote_status." + row["status"]], id="quote-status-" + row["id"]),
            justify="between", align="center", width="100%", wrap="wrap", spacing="2"),
        rx.grid(
            _fact("quotes.price", row["price"], id="quote-price-" + row["id"]),
            _fact("quotes.duration_weeks", rx.cond(row["duration"] != "", row["duration"], "—")),
            _fact("quotes.rating", rx.cond(row["rating"] != "", "★ " + row["rating"],
                                           T["rep.no_reviews"]), id="quote-rating-" + row["id"]),
            _fact("quotes.jobs_done", row["jobs_done"], id="quote-jobs-done-" + row["id"]),
            _fact("rep.on_time", rx.cond(row["on_time"] != "", row["on_time"], "—"),
                  id="quote-on-time-" + row["id"]),
            _fact("rep.repeat_clients", rx.cond(row["repeat"] != "", row["repeat"], "—"),
                  id="quote-repeat-" + row["id"]),
            columns=rx.breakpoints(initial="2", md="3"), spacing="3", width="100%"),
        rx.cond(row["plan"] != "", rx.text(T["quotes.plan"], ": ", row["plan"], size="2")),
        rx.cond(row["pilot"] != "", rx.text(T["quotes.pilot"], ": ", row["pilot"], " — ",
                                            row["pilot_scope"], size="2")),
        rx.text(row["cover"], size="2", white_space="pre-wrap", color_scheme="gray"),
        rx.cond(row["live"] != "", rx.flex(
            rx.button(T["quotes.message"], variant="outline", on_click=S.message(row["va_id"]),
                      id="message-" + row["id"]),
            rx.cond(row["status"] == "submitted",
                    rx.button(T["quotes.shortlist"], variant="soft", on_click=S.shortlist(row["id"]),
                              id="shortlist-" + row["id"])),
            _decline_dialog(row),
            rx.cond(S.job_status == "open", _hire_dialog(row)),
            spacing="2", wrap="wrap")),
        spacing="3", width="100%"), width="100%", id="quote-card-" + row["id"])


def job_quotes() -> rx.Component:
    """Quotes on the client's job."""
    return page_frame(rx.vstack(
        rx.link(T["quotes.back_to_job"], href="/jobs/" + S.job_ref.to_string()),
        rx.heading(T["quotes.title"], ": ", S.job_title, size="6", id="quotes-title"),
        rx.cond(S.notice != "", rx.callout(S.notice, icon="check", color_scheme="green",
                                           id="quotes-notice", width="100%")),
        rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red",
                                          id="quotes-error", width="100%")),
        rx.cond(S.loaded, rx.vstack(
            rx.flex(rx.text(T["quotes.sort_by"], size="2"),
                    rx.select.root(
                        rx.select.trigger(id="quotes-sort"),
                        rx.select.content(*[rx.select.item(T["quotes.sort_" + key], value=key)
                                            for key in ("price", "duration", "rating", "jobs_done",
                                                        "newest")]),
                        value=S.sort, on_change=S.set_sort),
                    spacing="2", align="center"),
            rx.cond(S.rows.length() > 0,
                    rx.grid(rx.foreach(S.rows, _quote_card),
                            columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%"),
                    rx.callout(T["quotes.empty"], icon="inbox", id="quotes-empty")),
            spacing="4", width="100%"),
            rx.cond(S.error == "", rx.center(rx.spinner(size="3"), width="100%", padding="24px"))),
        spacing="4", width="100%"), width="1100px")


PAGES = [dict(component=job_quotes, route="/jobs/[job_id]/quotes", on_load=S.load, title="vamarket")]
