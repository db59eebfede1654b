"""/notifications: the signed-in user's newest notifications, unread ones highlighted."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T, page_frame
from vamarket.pages.notifications.state import ROUTE
from vamarket.pages.notifications.state import NotificationsState as S


def _row(row) -> rx.Component:
    unread = row["unread"] != ""
    return rx.link(
        rx.flex(
            rx.box(width="8px", height="8px", border_radius="50%", flex_shrink="0",
                   margin_top="7px",
                   background=rx.cond(unread, "var(--accent-9)", "transparent")),
            rx.vstack(
                rx.text(row["text_" + S.locale], size="2", weight=rx.cond(unread, "bold", "regular")),
                rx.text(row["when_" + S.locale], size="1", color_scheme="gray"),
                spacing="1", flex="1", min_width="0"),
            rx.cond(unread, rx.badge(T["notifications.unread"], color_scheme="blue",
                                     flex_shrink="0")),
            spacing="3", align="start", width="100%", padding="12px 14px",
            border_radius="var(--radius-3)",
            border=rx.cond(unread, "1px solid var(--accent-a6)", "1px solid var(--gray-a4)"),
            background=rx.cond(unread, "var(--accent-a3)", "var(--color-panel-solid)"),
        ),
        href=row["link"], underline="none", color="var(--gray-12)",
        width="100%", id="notification-" + row["id"],
        data_unread=rx.cond(unread, "true", "false"),
        on_click=[rx.prevent_default, S.open(row["id"])],
    )


def notifications_page() -> rx.Component:
    """The list, newest first, with "mark all read"."""
    return page_frame(rx.vstack(
        rx.flex(
            rx.heading(T["notifications.title"], size="7", id="notifications-title"),
            rx.spacer(),
            rx.button(T["notifications.mark_all"], variant="soft", id="notifications-mark-all",
                      on_click=S.mark_all, disabled=S.unread_notifications == 0),
            width="100%", align="center", wrap="wrap", spacing="2"),
        rx.cond(S.notice != "", rx.callout(S.notice, icon="check", color_scheme="green",
                                           id="notifications-notice", width="100%")),
        rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red",
                                          id="notifications-error", width="100%")),
        rx.cond(
            S.loaded,
            rx.cond(S.rows.length() > 0,
                    rx.vstack(rx.foreach(S.rows, _row), spacing="2", width="100%",
                              id="notifications-list"),
                    rx.callout(T["notifications.empty"], icon="bell", id="notifications-empty",
                               width="100%")),
            rx.center(rx.spinner(size="3"), width="100%", padding="24px")),
        spacing="4", width="100%"), width="720px")


PAGES = [dict(component=notifications_page, route=ROUTE, on_load=S.load, title="vamarket")]
