"""Helpers shared by the signed-in pages: who may see a page and where others are sent.

Kept as a plain module (not a package), so the page registry does not treat it as a page.
"""

from __future__ import annotations

from urllib.parse import quote

import reflex as rx

from vamarket import routes
from vamarket.errors import InvalidInput, ServiceError
from vamarket.i18n import catalog, translate
from vamarket.models import User


def signin_url(path: str) -> str:
    """The sign-in page with a `next` that brings the visitor back to `path`."""
    if not path.startswith("/") or path.startswith("//"):
        path = routes.HOME
    return f"{routes.SIGN_IN}?next={quote(path, safe='/')}"


def gate(state, user: User | None, *, need_onboarded: bool = True):
    """The redirect a private page's on_load must return, or None when `user` may stay.

    Signed-out visitors go to sign-in; signed-in users who have not chosen a role yet go to
    onboarding. `state` is the page's AppState subclass (its router gives the current path).
    """
    if user is None:
        return rx.redirect(signin_url(str(state.router.url.path) or routes.HOME))
    if need_onboarded and not user.onboarded:
        return rx.redirect(routes.ONBOARDING)
    return None


def error_text(locale: str, error: ServiceError) -> str:
    """A typed error in `locale`, prefixed with the field's label when it names a known field."""
    text = translate(locale, error.key, **error.params)
    field = getattr(error, "field", "") if isinstance(error, InvalidInput) else ""
    label = catalog(locale).get(f"field.{field}") if field else None
    return f"{label}: {text}" if label else text


def whole_id(raw: object) -> int:
    """A row id sent by a browser (an event argument or a route part): a positive whole
    number in the database's range, or NotFound, so a crafted value never reaches a service."""
    from vamarket.errors import NotFound
    from vamarket.services.disputes import is_id

    text = str(raw if raw is not None else "").strip()
    if not text.isdigit() or len(text) > 12 or not is_id(int(text)):
        raise NotFound()
    return int(text)


def route_id(state, name: str) -> int:
    """The numeric route argument `name` of the current page (e.g. /jobs/[job_id])."""
    return whole_id(state.router.page.params.get(name, "") or "")


def enter(state, session, *, need_onboarded: bool = True):
    """Start a private page's load: (user, redirect). Refreshes the header's user summary and
    returns the redirect for visitors who may not stay (see `gate`)."""
    user = state._actor(session)
    state._apply_user(user)
    return user, gate(state, user, need_onboarded=need_onboarded)
