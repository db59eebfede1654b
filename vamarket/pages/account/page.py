"""/account: language, display currency and account deletion (with a confirmation)."""

from __future__ import annotations

import reflex as rx

from vamarket import routes
from vamarket.components.layout import T, page_frame
from vamarket.pages.account.state import AccountState as S
from vamarket.services.email import GROUPS


def _choice(label, selected, on_click, button_id: str) -> rx.Component:
    return rx.button(label, variant=rx.cond(selected, "solid", "outline"), on_click=on_click,
                     id=button_id, size="3", aria_pressed=rx.cond(selected, "true", "false"))


def _preferences() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(T["account.preferences"], size="5"),
        rx.text(T["account.language"], size="2", weight="medium"),
        rx.flex(_choice("English", S.locale == "en", S.set_language("en"), "account-lang-en"),
                _choice("Bahasa Indonesia", S.locale == "id", S.set_language("id"), "account-lang-id"),
                spacing="2", wrap="wrap"),
        rx.text(T["account.currency"], size="2", weight="medium"),
        rx.flex(_choice("USD", S.currency == "USD", S.set_currency("USD"), "account-currency-usd"),
                _choice("IDR", S.currency == "IDR", S.set_currency("IDR"), "account-currency-idr"),
                spacing="2", wrap="wrap"),
        rx.text(T["account.currency_hint"], size="1", color_scheme="gray"),
        spacing="3", width="100%"), width="100%")


def _email_switch(group: str) -> rx.Component:
    return rx.flex(
        rx.vstack(rx.text(T[f"account.email_{group}"], size="2", weight="medium"),
                  rx.text(T[f"account.email_{group}_hint"], size="1", color_scheme="gray"),
                  spacing="0", flex="1", min_width="0"),
        rx.switch(checked=S.email_groups[group], on_change=lambda on: S.set_email(group, on),
                  id=f"account-email-{group}", flex_shrink="0"),
        align="center", spacing="3", width="100%")


def _emails() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(T["account.emails"], size="5"),
        rx.text(T["account.emails_hint"], size="2", color_scheme="gray"),
        rx.cond(~S.email_sent, rx.callout(T["account.emails_off"], icon="info", size="1",
                                          color_scheme="gray", width="100%", id="account-emails-off")),
        *[_email_switch(group) for group in GROUPS],
        spacing="3", width="100%"), width="100%", id="account-emails")


def _danger_zone() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(T["account.delete_title"], size="5", color_scheme="red"),
        rx.text(T["account.delete_body"], size="2"),
        rx.alert_dialog.root(
            rx.alert_dialog.trigger(rx.button(T["account.delete"], color_scheme="red",
                                              variant="soft", id="account-delete")),
            rx.alert_dialog.content(
                rx.alert_dialog.title(T["account.delete_confirm_title"]),
                rx.alert_dialog.description(T["account.delete_confirm_body"]),
                rx.flex(
                    rx.alert_dialog.cancel(rx.button(T["common.cancel"], variant="soft",
                                                     color_scheme="gray", id="account-delete-cancel")),
                    rx.alert_dialog.action(rx.button(T["account.delete_confirm"], color_scheme="red",
                                                     on_click=S.delete_account, loading=S.deleting,
                                                     id="account-delete-confirm")),
                    spacing="3", justify="end", margin_top="4", wrap="wrap"),
                max_width="440px"),
        ),
        spacing="3", width="100%", align="start"), width="100%")


def account() -> rx.Component:
    """Account settings for the signed-in user."""
    return page_frame(rx.vstack(
        rx.heading(T["account.title"], size="7", id="account-title"),
        rx.cond(S.message != "", rx.callout(S.message, icon="check", color_scheme="green",
                                            id="account-message", width="100%")),
        rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red",
                                          id="account-error", width="100%")),
        rx.cond(S.loaded, rx.vstack(_preferences(), _emails(), _danger_zone(), spacing="4", width="100%"),
                rx.center(rx.spinner(size="3"), width="100%", padding="6")),
        spacing="4", width="100%"), width="640px")


PAGES = [dict(component=account, route=routes.ACCOUNT, on_load=S.load, title="vamarket")]
