"""The VA side of the job page: the quote form with its milestone plan and fee preview, the
VA's live quote (edit, withdraw), or why no quote can be sent."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T
from vamarket.pages.job_detail.state import JobDetailState as S

_FIXED = S.j_budget_type == "fixed"


def _label(key: str, *extra) -> rx.Component:
    return rx.text(T[key], *extra, as_="label", size="2", weight="medium")


def _field(key: str, control: rx.Component, hint=None) -> rx.Component:
    return rx.vstack(_label(key), control,
                     rx.text(hint, size="1", color_scheme="gray") if hint is not None else rx.fragment(),
                     spacing="1", width="100%")


def _money_input(value, on_change, input_id: str, **props) -> rx.Component:
    return rx.input(rx.input.slot(rx.text(S.j_currency, size="1", color_scheme="gray")),
                    value=value, on_change=on_change, id=input_id, input_mode="decimal",
                    size="3", width="100%", max_length=32, **props)


def _number_input(value, on_change, input_id: str) -> rx.Component:
    return rx.input(value=value, on_change=on_change, id=input_id, input_mode="numeric",
                    size="3", width="100%", max_length=4)


def _member_chooser() -> rx.Component:
    return rx.cond(S.members.length() > 1, _field("jobview.quote_for", rx.select.root(
        rx.select.trigger(width="100%", id="quote-for"),
        rx.select.content(rx.foreach(S.members, lambda m: rx.select.item(m["name"], value=m["id"]))),
        value=S.quote_for, on_change=S.choose_member, size="3"), T["jobview.quote_for_hint"]))


def _milestone_row(row, i) -> rx.Component:
    index = i.to_string()
    return rx.grid(
        rx.input(value=row["title"], on_change=lambda v: S.set_milestone(i, "title", v),
                 id="milestone-title-" + index, placeholder=T["jobview.milestone_title"],
                 aria_label=T["jobview.milestone_title"], max_length=200, size="2", width="100%"),
        rx.input(value=row["amount"], on_change=lambda v: S.set_milestone(i, "amount", v),
                 id="milestone-amount-" + index, placeholder=T["jobview.milestone_amount"],
                 aria_label=T["jobview.milestone_amount"], input_mode="decimal", max_length=32,
                 size="2", width="100%"),
        rx.input(value=row["due"], on_change=lambda v: S.set_milestone(i, "due", v),
                 id="milestone-due-" + index, type="date", aria_label=T["jobview.milestone_due"],
                 size="2", width="100%"),
        rx.icon_button(rx.icon("trash-2", size=16), on_click=S.remove_milestone(i),
                       id="milestone-remove-" + index, variant="ghost", color_scheme="red",
                       aria_label=T["jobview.milestone_remove"], disabled=S.milestones.length() < 2),
        columns=rx.breakpoints(initial="1fr 1fr auto", sm="2fr 1fr 150px auto"),
        grid_template_areas=rx.breakpoints(initial="'t t t' 'a d r'", sm="'t a d r'"),
        spacing="2", width="100%", align="center",
        id="milestone-row-" + index,
        style={"& > :nth-child(1)": {"grid_area": "t"}, "& > :nth-child(2)": {"grid_area": "a"},
               "& > :nth-child(3)": {"grid_area": "d"}, "& > :nth-child(4)": {"grid_area": "r"}},
    )


def _plan() -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.heading(T["jobview.plan_title"], size="3"), rx.spacer(),
                  rx.button(rx.icon("plus", size=14), T["jobview.milestone_add"], size="1",
                            variant="soft", on_click=S.add_milestone, id="milestone-add",
                            disabled=S.milestones.length() >= 20),
                  width="100%", align="center"),
        rx.text(T["jobview.plan_hint"], size="1", color_scheme="gray"),
        rx.foreach(S.milestones, _milestone_row),
        rx.hstack(
            rx.icon(rx.cond(S.plan_matches, "circle-check", "circle-alert"), size=16,
                    color=rx.cond(S.plan_matches, "var(--green-10)", "var(--amber-10)")),
            rx.text(T["jobview.plan_sum"], " ", rx.text.strong(S.plan_sum_text),
                    rx.cond(S.price_text != "", rx.fragment(" / ", S.price_text)), size="2",
                    id="milestone-sum"),
            align="center", spacing="2", wrap="wrap"),
        rx.cond(S.first_minimum_text != "", rx.hstack(
            rx.icon(rx.cond(S.first_covers_down, "circle-check", "circle-alert"), size=16,
                    color=rx.cond(S.first_covers_down, "var(--green-10)", "var(--amber-10)")),
            rx.text(T["jobview.first_minimum"], " ", rx.text.strong(S.first_minimum_text),
                    " (", S.j_down.to_string(), "% ", T["jobview.down_payment_short"], ")",
                    size="2", id="milestone-first-minimum"),
            align="center", spacing="2", wrap="wrap")),
        spacing="2", width="100%", padding="12px", border="1px solid var(--gray-a5)",
        border_radius="var(--radius-3)", id="milestone-plan",
    )


def _pilot_offer() -> rx.Component:
    return rx.vstack(
        rx.heading(T["jobview.pilot_offer"], size="3"),
        rx.text(T["jobview.pilot_offer_hint"], size="1", color_scheme="gray"),
        rx.text_area(value=S.q_pilot_scope, on_change=S.set_pilot_scope, id="pilot-scope",
                     placeholder=T["jobview.pilot_scope"], aria_label=T["jobview.pilot_scope"],
                     max_length=2000, rows="2", width="100%"),
        rx.grid(
            _field("jobview.pilot_price", _money_input(S.q_pilot_price, S.set_pilot_price,
                                                       "pilot-price")),
            _field("jobview.pilot_days", _number_input(S.q_pilot_days, S.set_pilot_days,
                                                       "pilot-days")),
            columns=rx.breakpoints(initial="1", sm="2"), spacing="3", width="100%"),
        spacing="2", width="100%",
    )


def _fee_line(key: str, value, line_id: str, strong: bool = False) -> rx.Component:
    return rx.hstack(rx.text(T[key], size="2"), rx.spacer(),
                     rx.text(rx.cond(value != "", value, "—"), size=rx.cond(strong, "3", "2"),
                             weight=rx.cond(strong, "bold", "regular"), id=line_id),
                     width="100%", align="baseline")


def fee_preview() -> rx.Component:
    """Client pays / platform fee / you receive, for the typed price, before sending."""
    return rx.card(rx.vstack(
        rx.hstack(rx.icon("receipt", size=16), rx.heading(T["jobview.fee_title"], size="3"),
                  rx.cond(~_FIXED, rx.text(T["board.per_hour"], size="2", color_scheme="gray")),
                  align="center", spacing="2"),
        _fee_line("jobview.fee_client_pays", S.fee_client_pays, "fee-client-pays"),
        _fee_line("jobview.fee_platform", S.fee_platform, "fee-platform"),
        rx.text(T["jobview.fee_percent"], " ", S.fee_percent.to_string(), "%", size="1",
                color_scheme="gray"),
        rx.separator(size="4"),
        _fee_line("jobview.fee_you_receive", S.fee_you_receive, "fee-you-receive", strong=True),
        rx.text(T["jobview.fee_held"], size="1", color_scheme="gray"),
        spacing="2", width="100%"), width="100%", id="fee-preview", variant="surface")


def _messages() -> rx.Component:
    return rx.fragment(
        rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red",
                                          id="quote-error", width="100%")),
        rx.cond(S.notice != "", rx.callout(S.notice, icon="check", color_scheme="green",
                                           id="quote-notice", width="100%")),
    )


def quote_form() -> rx.Component:
    """Cover letter, price, duration, hour cap or milestone plan, pilot offer, fee preview."""
    return rx.card(rx.vstack(
        rx.heading(rx.cond(S.editing, T["jobview.edit_quote"], T["jobview.send_quote_title"]),
                   size="5"),
        _member_chooser(),
        _field("jobview.cover", rx.text_area(
            value=S.q_cover, on_change=S.set_cover, id="quote-cover", rows="6", width="100%",
            max_length=5000, placeholder=T["jobview.cover_placeholder"], size="3"),
            T["jobview.cover_hint"]),
        rx.grid(
            _field(rx.cond(_FIXED, "jobview.price_total", "jobview.price_rate").to(str),
                   _money_input(S.q_price, S.set_price, "quote-price")),
            _field("jobview.duration_weeks", _number_input(S.q_duration, S.set_duration,
                                                           "quote-duration")),
            rx.cond(~_FIXED, _field("jobview.hour_cap", _number_input(S.q_hour_cap, S.set_hour_cap,
                                                                      "quote-hour-cap"))),
            columns=rx.breakpoints(initial="1", sm="3"), spacing="3", width="100%"),
        rx.cond(_FIXED, _plan()),
        _pilot_offer(),
        fee_preview(),
        _messages(),
        rx.flex(
            rx.button(rx.icon("send", size=16),
                      rx.cond(S.editing, T["jobview.save_quote"], T["jobview.send_quote"]),
                      on_click=S.submit_quote, loading=S.busy, size="3", id="quote-send",
                      width=["100%", "auto"]),
            rx.cond(S.editing, rx.button(T["common.cancel"], variant="soft", color_scheme="gray",
                                         size="3", on_click=S.cancel_edit, id="quote-edit-cancel",
                                         width=["100%", "auto"])),
            spacing="3", wrap="wrap", width="100%"),
        spacing="4", width="100%"), width="100%", id="quote-form")


def _withdraw_button() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(rx.button(rx.icon("undo-2", size=16), T["jobview.withdraw"],
                                          variant="soft", color_scheme="red", id="quote-withdraw")),
        rx.alert_dialog.content(
            rx.alert_dialog.title(T["jobview.withdraw_confirm_title"]),
            rx.alert_dialog.description(T["jobview.withdraw_confirm_body"]),
            rx.flex(
                rx.alert_dialog.cancel(rx.button(T["common.cancel"], variant="soft", color_scheme="gray",
                                                 id="quote-withdraw-cancel")),
                rx.alert_dialog.action(rx.button(T["jobview.withdraw"], color_scheme="red",
                                                 on_click=S.withdraw, id="quote-withdraw-confirm")),
                spacing="3", justify="end", margin_top="4", wrap="wrap"),
            max_width="440px"),
    )


def _plan_line(step) -> rx.Component:
    return rx.hstack(rx.text(step["title"], size="2", flex="1", overflow_wrap="anywhere"),
                     rx.text(step["due"], size="1", color_scheme="gray"),
                     rx.text(step["amount"], size="2", weight="medium"),
                     width="100%", spacing="3", align="baseline")


def my_quote() -> rx.Component:
    """The VA's live quote with its status, Edit and Withdraw."""
    editable = (S.quote_status == "submitted") & (S.j_status == "open")
    return rx.card(rx.vstack(
        rx.hstack(rx.heading(T["jobview.your_quote"], size="5"),
                  rx.badge(T["jobview.quote_status." + S.quote_status], id="quote-status", size="2",
                           color_scheme=rx.match(S.quote_status, ("hired", "green"),
                                                 ("shortlisted", "blue"), "gray")),
                  align="center", spacing="3", wrap="wrap"),
        rx.text(S.mq_cover, size="2", white_space="pre-wrap", overflow_wrap="anywhere",
                id="my-quote-cover"),
        rx.flex(
            rx.text(rx.cond(_FIXED, T["jobview.price_total"], T["jobview.price_rate"]), ": ",
                    rx.text.strong(S.my_price_text), size="2", id="my-quote-price"),
            rx.cond(S.mq_duration > 0, rx.text(T["jobview.duration_weeks"], ": ",
                                               S.mq_duration.to_string(), size="2")),
            rx.cond(S.mq_hour_cap > 0, rx.text(T["jobview.hour_cap"], ": ",
                                               S.mq_hour_cap.to_string(), size="2")),
            spacing="4", wrap="wrap"),
        rx.cond(S.my_plan_view.length() > 0, rx.vstack(
            rx.text(T["jobview.plan_title"], size="2", weight="bold"),
            rx.foreach(S.my_plan_view, _plan_line), spacing="1", width="100%")),
        rx.cond(S.mq_pilot_price > 0, rx.text(
            T["jobview.pilot_offer_short"], ": ", S.mq_pilot_scope, " — ", S.my_pilot_price_text, ", ",
            S.mq_pilot_days.to_string(), " ", T["jobview.days"], size="2", id="my-quote-pilot")),
        _messages(),
        rx.cond(editable, rx.flex(
            rx.button(rx.icon("pencil", size=16), T["jobview.edit_quote"], on_click=S.start_edit,
                      id="quote-edit"),
            _withdraw_button(), spacing="3", wrap="wrap")),
        rx.cond(S.quote_status == "shortlisted", _withdraw_button()),
        spacing="3", width="100%"), width="100%", id="my-quote")


def quote_section() -> rx.Component:
    """What a visitor sees under the job: the form, their quote, or why they cannot quote."""
    return rx.box(rx.cond(
        S.is_owner, rx.fragment(),
        rx.cond(
            ~S.signed_in,
            rx.callout.root(rx.callout.icon(rx.icon("log-in")), rx.callout.text(
                rx.link(T["jobview.sign_in_to_quote"], href=S.signin_href, id="quote-sign-in")),
                width="100%"),
            rx.cond(
                ~S.can_quote,
                rx.callout(T["jobview.vas_only"], icon="info", color_scheme="gray", width="100%",
                           id="quote-vas-only"),
                rx.vstack(
                    _member_chooser_outside(),
                    rx.cond(
                        S.has_quote & ~S.editing, my_quote(),
                        rx.cond(
                            S.j_status != "open",
                            rx.callout(T["jobview.not_taking_quotes"], icon="ban", color_scheme="gray",
                                       width="100%", id="quote-closed"),
                            rx.vstack(
                                rx.cond(S.quote_status == "withdrawn",
                                        rx.text(T["jobview.quote_status.withdrawn"], size="2",
                                                color_scheme="gray", id="quote-status")),
                                quote_form(), spacing="2", width="100%"),
                        ),
                    ),
                    spacing="3", width="100%"),
            ),
        ),
    ), width="100%", id="quote-section")


def _member_chooser_outside() -> rx.Component:
    """The member chooser above the quote card when a member already has a quote."""
    return rx.cond(S.has_quote & ~S.editing, _member_chooser())
