"""The page frame: header (navigation, language switch, signed-in user), content, footer."""

from __future__ import annotations

import reflex as rx

from vamarket import routes
from vamarket.auth.providers import auth_base_url
from vamarket.settings import get_settings
from vamarket.state.base import AppState

T = AppState.t


def language_switch() -> rx.Component:
    """EN / ID buttons; the choice is kept in a cookie and on the account."""
    def button(code: str, label: str) -> rx.Component:
        return rx.button(
            label,
            size="1",
            variant=rx.cond(AppState.locale == code, "solid", "soft"),
            on_click=AppState.set_language(code),
            id=f"lang-{code}",
            aria_label=label,
        )
    return rx.hstack(button("en", "EN"), button("id", "ID"), spacing="1")


def user_menu() -> rx.Component:
    """Sign-in link, or the signed-in user's menu with sign-out (a POST form)."""
    return rx.cond(
        AppState.signed_in,
        rx.menu.root(
            rx.menu.trigger(rx.button(rx.icon("user", size=16), AppState.user_name,
                                      variant="soft", id="user-menu")),
            rx.menu.content(
                rx.menu.item(T["nav.profile"], on_click=rx.redirect(routes.PROFILE_EDIT)),
                rx.menu.item(T["nav.agency"], on_click=rx.redirect(routes.AGENCY)),
                rx.menu.item(T["nav.account"], on_click=rx.redirect(routes.ACCOUNT)),
                rx.cond(AppState.is_admin, rx.fragment(
                    rx.menu.separator(),
                    *[rx.menu.item(T[key], on_click=rx.redirect(href), id=f"nav-{key[6:]}")
                      for key, href in (("admin.nav_users", "/admin/users"),
                                        ("admin.nav_jobs", "/admin/jobs"),
                                        ("admin.nav_disputes", "/admin/disputes"),
                                        ("admin.nav_money", "/admin/money"))])),
                rx.menu.separator(),
                rx.menu.item(T["nav.sign_out"], id="sign-out", color_scheme="red",
                             on_click=rx.call_script(
                                 "document.getElementById('sign-out-form').submit()")),
            ),
        ),
        rx.link(rx.button(T["nav.sign_in"], id="sign-in-link"), href=routes.SIGN_IN),
    )


NOTIFICATIONS = "/notifications"
MESSAGES = "/messages"


def _count_badge(count, badge_id: str, color: str) -> rx.Component:
    """A small number over an icon; kept in the page (hidden) at zero."""
    return rx.box(
        rx.cond(count > 99, "99+", count.to_string()),
        id=badge_id, position="absolute", top="-4px", right="-6px", min_width="18px",
        height="18px", padding_x="4px", border_radius="9px", background=f"var(--{color}-9)",
        color="white", font_size="11px", font_weight="bold", line_height="18px",
        text_align="center", display=rx.cond(count > 0, "block", "none"),
    )


def _icon_link(icon: str, count, link_id: str, label_key: str, color: str,
               href: str = NOTIFICATIONS) -> rx.Component:
    return rx.link(
        rx.box(rx.icon(icon, size=20), _count_badge(count, f"{link_id}-count", color),
               position="relative", display="flex", padding="4px"),
        href=href, id=link_id, aria_label=T[label_key], title=T[label_key],
        color_scheme="gray", high_contrast=True,
    )


def notification_links() -> rx.Component:
    """For signed-in users: messages and the bell, each with its unread count (kept fresh
    while the page is open)."""
    return rx.cond(AppState.signed_in, rx.hstack(
        _icon_link("mail", AppState.unread_messages, "nav-messages",
                   "notifications.messages_label", "blue", href=MESSAGES),
        _icon_link("bell", AppState.unread_notifications, "nav-bell",
                   "notifications.bell_label", "red"),
        on_mount=AppState.watch_unread,
        spacing="2", align="center"))


def _nav_link(key: str, href: str, link_id: str) -> rx.Component:
    return rx.link(T[key], href=href, id=link_id, size="2", weight="medium",
                   color_scheme="gray", high_contrast=True)


def nav_links() -> rx.Component:
    """Where each role goes most: find work, post a job, their jobs and quotes."""
    return rx.flex(
        rx.cond(AppState.signed_in, _nav_link("nav.dashboard", routes.DASHBOARD, "nav-dashboard")),
        _nav_link("nav.find_work", "/jobs", "nav-find-work"),
        rx.cond(AppState.is_client, _nav_link("nav.post_job", "/jobs/new", "nav-post-job")),
        rx.cond(AppState.is_client, _nav_link("nav.my_jobs", "/my/jobs", "nav-my-jobs")),
        rx.cond(AppState.is_va, _nav_link("nav.my_quotes", "/my/quotes", "nav-my-quotes")),
        spacing="4", wrap="wrap", align="center")


def sign_out_form() -> rx.Component:
    """A plain POST form to /auth/logout, submitted from the user menu (outside the menu so
    closing the menu does not remove it before it is sent)."""
    base = auth_base_url(get_settings())
    action = routes.AUTH_LOGOUT if base == get_settings().public_url else base + routes.AUTH_LOGOUT
    return rx.el.form(action=action, method="post", id="sign-out-form", display="none")


def header() -> rx.Component:
    """Top bar; wraps onto two lines on a phone."""
    return rx.box(
        sign_out_form(),
        rx.flex(
            rx.link(rx.hstack(rx.icon("handshake", size=22), rx.heading("vamarket", size="5"),
                              align="center", spacing="2"),
                    href=routes.HOME, underline="none", color_scheme="gray", high_contrast=True),
            nav_links(),
            rx.spacer(),
            rx.hstack(notification_links(), language_switch(), user_menu(), spacing="3",
                      align="center"),
            align="center", wrap="wrap", spacing="3",
        ),
        padding="10px 16px", border_bottom="1px solid var(--gray-a5)",
        background="var(--color-panel-solid)", position="sticky", top="0", z_index="10",
    )


def footer() -> rx.Component:
    """Bottom bar with the trust promise."""
    return rx.box(
        rx.text(T["footer.tagline"], size="2", color_scheme="gray"),
        padding="16px", border_top="1px solid var(--gray-a5)", margin_top="32px",
    )


def flash_message() -> rx.Component:
    """A one-line message set by the last action (errors and confirmations)."""
    return rx.cond(AppState.flash != "", rx.callout(AppState.flash, icon="info", id="flash",
                                                   margin_bottom="12px"))


def page_frame(*children: rx.Component, width: str = "960px") -> rx.Component:
    """Header + centred content + footer."""
    return rx.box(
        header(),
        rx.box(flash_message(), *children, max_width=width, margin_x="auto",
               padding_x=["12px", "16px", "24px"], padding_y="24px", width="100%",
               flex="1"),
        footer(),
        min_height="100vh", display="flex", flex_direction="column",
    )
