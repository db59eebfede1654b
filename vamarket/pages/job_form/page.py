"""/jobs/new and /jobs/[job_id]/edit: the client's job form."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T, page_frame
from vamarket.pages.job_form.attachments_view import attachments_section
from vamarket.pages.job_form.state import JobFormState as S


def _label(key: str, control: rx.Component, hint_key: str = "") -> rx.Component:
    hint = [rx.text(T[hint_key], size="1", color_scheme="gray")] if hint_key else []
    return rx.vstack(rx.text(T[key], size="2", weight="medium"), control, *hint,
                     spacing="1", width="100%")


def _text(name: str, **props) -> rx.Component:
    return rx.input(value=getattr(S, name), on_change=lambda v: S.set_field(name, v),
                    id=f"job-{name.replace('_', '-')}", width="100%", **props)


def _budget() -> rx.Component:
    fixed = S.budget_type == "fixed"
    return rx.vstack(
        _label("jobform.budget_type", rx.radio_group.root(
            rx.flex(rx.radio_group.item(value="fixed", id="job-type-fixed"),
                    rx.text(T["jobform.fixed"]),
                    rx.radio_group.item(value="hourly", id="job-type-hourly"),
                    rx.text(T["jobform.hourly"]), spacing="2", align="center"),
            value=S.budget_type, on_change=lambda v: S.set_field("budget_type", v))),
        _label("jobform.currency", rx.select(["USD", "IDR"], value=S.currency,
                                             on_change=lambda v: S.set_field("currency", v),
                                             id="job-currency")),
        rx.cond(fixed,
                rx.vstack(
                    _label("jobform.total", _text("amount", input_mode="decimal")),
                    _label("jobform.down_payment", _text("down_payment", input_mode="numeric"),
                           "jobform.down_payment_hint"),
                    width="100%"),
                rx.grid(
                    _label("jobform.rate_min", _text("amount", input_mode="decimal")),
                    _label("jobform.rate_max", _text("rate_max", input_mode="decimal")),
                    _label("jobform.hours", _text("hours_per_week", input_mode="numeric")),
                    columns=rx.breakpoints(initial="1", sm="3"), spacing="3", width="100%")),
        spacing="3", width="100%")


def _skills() -> rx.Component:
    return rx.flex(rx.foreach(
        S.skill_options,
        lambda opt: rx.cond(
            (S.category == opt["category"]) | S.skills.contains(opt["slug"]),
            rx.badge(T["skill." + opt["slug"]], id="job-skill-" + opt["slug"],
                     variant=rx.cond(S.skills.contains(opt["slug"]), "solid", "outline"),
                     on_click=S.toggle_skill(opt["slug"]), cursor="pointer", size="2"))),
        wrap="wrap", spacing="2")


def _pilot() -> rx.Component:
    return rx.vstack(
        rx.flex(rx.switch(checked=S.pilot, on_change=S.set_pilot, id="job-pilot"),
                rx.text(T["jobform.pilot"]), spacing="2", align="center"),
        rx.text(T["jobform.pilot_hint"], size="1", color_scheme="gray"),
        rx.cond(S.pilot, rx.vstack(
            _label("jobform.pilot_scope", rx.text_area(
                value=S.pilot_scope, on_change=lambda v: S.set_field("pilot_scope", v),
                id="job-pilot-scope", width="100%")),
            _label("jobform.pilot_budget", _text("pilot_budget", input_mode="decimal")),
            width="100%")),
        spacing="2", width="100%")


def _form() -> rx.Component:
    return rx.card(rx.vstack(
        _label("jobform.title", _text("title", max_length=120)),
        _label("jobform.description", rx.text_area(
            value=S.description, on_change=lambda v: S.set_field("description", v),
            id="job-description", rows="8", width="100%"), "jobform.description_hint"),
        _label("jobform.category", rx.select.root(
            rx.select.trigger(placeholder=T["jobform.choose_category"], id="job-category"),
            rx.select.content(rx.foreach(S.category_options, lambda c: rx.select.item(
                T["category." + c], value=c))),
            value=S.category, on_change=lambda v: S.set_field("category", v))),
        _label("jobform.skills", _skills(), "jobform.skills_hint"),
        rx.divider(), _budget(), rx.divider(),
        rx.grid(
            _label("jobform.duration", _text("duration_weeks", input_mode="numeric")),
            _label("jobform.deadline", _text("deadline", type="date")),
            columns=rx.breakpoints(initial="1", sm="2"), spacing="3", width="100%"),
        rx.divider(), _pilot(),
        rx.divider(), attachments_section(),
        rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red",
                                          id="job-error", width="100%")),
        rx.flex(
            rx.button(T["jobform.save_draft"], variant="soft", on_click=S.save(False),
                      loading=S.saving, id="job-save-draft"),
            rx.button(T["jobform.publish"], on_click=S.save(True), loading=S.saving,
                      id="job-publish-now"),
            spacing="3", justify="end", wrap="wrap", width="100%"),
        spacing="4", width="100%"), width="100%")


def job_form() -> rx.Component:
    """The job form page."""
    return page_frame(rx.vstack(
        rx.heading(rx.cond(S.editing > 0, T["jobform.edit_title"], T["jobform.new_title"]),
                   size="7", id="job-form-title"),
        rx.cond(S.loaded, _form(),
                rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red",
                                                  id="job-error", width="100%"),
                        rx.center(rx.spinner(size="3"), width="100%", padding="24px"))),
        spacing="4", width="100%"), width="760px")


PAGES = [
    dict(component=job_form, route="/jobs/new", on_load=S.load, title="vamarket"),
    dict(component=job_form, route="/jobs/[job_id]/edit", on_load=S.load, title="vamarket"),
]
