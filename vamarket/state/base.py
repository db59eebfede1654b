"""The root page state: who is signed in (from the HttpOnly session cookie) and the language.

The browser never sends a user id that state trusts: `_actor()` re-reads the session cookie
carried by the websocket handshake and looks the session up in the database on every call.
"""

from __future__ import annotations

import asyncio
import secrets
import sys
from http.cookies import SimpleCookie

import reflex as rx
from sqlalchemy.orm import object_session
from sqlmodel import Session

from vamarket.auth.sessions import SESSION_COOKIE, user_for_token
from vamarket.db import session_scope
from vamarket.errors import NotSignedIn, ServiceError
from vamarket.i18n import catalog, translate
from vamarket.models import User
from vamarket.services import accounts, notifications, threads
from vamarket.settings import SUPPORTED_LOCALES, get_settings

LOCALE_COOKIE = "vm_locale"
UNREAD_POLL_SECONDS = 3
UNREAD_WATCH_TICKS = 4 * 3600 // UNREAD_POLL_SECONDS  # a forgotten tab stops after four hours


class AppState(rx.State):
    """Signed-in user summary and language, shared by every page."""

    locale_cookie: str = rx.Cookie("", name=LOCALE_COOKIE, max_age=365 * 24 * 3600)
    signed_in: bool = False
    user_id: int = 0
    user_name: str = ""
    is_client: bool = False
    is_va: bool = False
    is_admin: bool = False
    onboarded: bool = False
    flash: str = ""
    unread_notifications: int = 0
    unread_messages: int = 0
    _unread_watch: str = ""

    @rx.var
    def locale(self) -> str:
        """The active language: the cookie's if valid, else the default."""
        if self.locale_cookie in SUPPORTED_LOCALES:
            return self.locale_cookie
        return get_settings().default_locale

    @rx.var
    def t(self) -> dict[str, str]:
        """The whole catalog of the active language, for `AppState.t["key"]` in components."""
        return catalog(self.locale)

    # -- server-side helpers (not event handlers: the leading underscore keeps them private) --

    def _session_token(self) -> str:
        raw = self.router.headers.cookie or ""
        jar = SimpleCookie()
        try:
            jar.load(raw)
        except Exception:  # a malformed Cookie header means no session
            return ""
        morsel = jar.get(SESSION_COOKIE)
        return morsel.value if morsel else ""

    def _actor(self, session: Session) -> User | None:
        """The signed-in user for this connection, resolved on the server, or None."""
        token = self._session_token()
        return user_for_token(session, token) if token else None

    def _require_actor(self, session: Session) -> User:
        actor = self._actor(session)
        if actor is None:
            raise NotSignedIn()
        return actor

    def _text(self, key: str, **params: object) -> str:
        return translate(self.locale, key, **params)

    def _error_text(self, error: ServiceError) -> str:
        return translate(self.locale, error.key, **error.params)

    def _apply_user(self, user: User | None) -> None:
        self.signed_in = user is not None
        self.user_id = user.id or 0 if user else 0
        self.user_name = (user.display_name or user.email or "") if user else ""
        self.is_client = bool(user and user.is_client)
        self.is_va = bool(user and user.is_va)
        self.onboarded = bool(user and user.onboarded)
        self.is_admin = bool(user and accounts.is_admin(user))
        if user and user.locale in SUPPORTED_LOCALES and user.locale != self.locale_cookie:
            self.locale_cookie = user.locale
        self._refresh_unread(user)

    def _refresh_unread(self, user: User | None) -> None:
        """The header's unread notification and message counts (the user's own only)."""
        if user is None:
            self.unread_notifications = self.unread_messages = 0
            return
        session = object_session(user)
        if session is not None:
            self._count_unread(session, user)
            return
        with session_scope() as fresh:
            self._count_unread(fresh, user)

    def _count_unread(self, session: Session, user: User) -> None:
        self.unread_notifications = notifications.unread_count(session, actor=user)
        self.unread_messages = threads.unread_messages(session, actor=user)

    def _page_open(self, path: str) -> bool:
        """True while this browser tab is still connected and still shows `path` (a watch
        started by a page stops once the visitor has left it or closed the tab)."""
        if str(self.router.url.path) != path:
            return False
        app_module = sys.modules.get("vamarket.vamarket")  # the running app, if there is one
        namespace = getattr(getattr(app_module, "app", None), "event_namespace", None)
        return namespace is None or self.router.session.client_token in namespace.token_to_sid

    # -- events --

    @rx.event(background=True)
    async def watch_unread(self):
        """While a page is open, keep the header's unread counts fresh (every few seconds);
        started by the header when it appears, stopped when the page is left."""
        token = secrets.token_hex(8)
        async with self:
            self._unread_watch = token
            path = str(self.router.url.path)
        for _ in range(UNREAD_WATCH_TICKS):
            await asyncio.sleep(UNREAD_POLL_SECONDS)
            async with self:
                if self._unread_watch != token or not self._page_open(path):
                    return
                with session_scope() as session:
                    user = self._actor(session)
                    if user is None:
                        return
                    self._count_unread(session, user)

    @rx.event
    def load_user(self):
        """On every page load: refresh who is signed in; send new users to onboarding."""
        with session_scope() as session:
            user = self._actor(session)
            self._apply_user(user)
        on_onboarding = str(self.router.url.path).startswith("/onboarding")
        if user is not None and not user.onboarded and not on_onboarding:
            return rx.redirect("/onboarding")
        return None

    @rx.event
    def set_language(self, locale: str):
        """Switch language; saved on the account when signed in. Unknown codes are ignored."""
        if locale not in SUPPORTED_LOCALES:
            return None
        changed = locale != self.locale
        self.locale_cookie = locale
        with session_scope() as session:
            user = self._actor(session)
            if user is not None:
                accounts.set_preferences(session, actor=user, locale=locale)
        # amounts, dates and labels a page read on load are formatted already: read them again
        return rx.call_script("window.location.reload()") if changed else None
