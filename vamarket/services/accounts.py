"""Accounts: roles, preferences, admin check, deletion."""

from __future__ import annotations

from sqlmodel import Session

from vamarket.errors import InvalidInput
from vamarket.models import User
from vamarket.settings import SUPPORTED_CURRENCIES, SUPPORTED_LOCALES, get_settings


def is_admin(user: User) -> bool:
    """True when the user's verified email is listed in ADMIN_EMAILS."""
    return bool(user.email and user.email_verified
                and user.email.lower() in get_settings().admin_emails)


def set_preferences(session: Session, *, actor: User, locale: str | None = None,
                    currency: str | None = None) -> User:
    """Change the actor's own language and/or display currency."""
    if locale is not None:
        if locale not in SUPPORTED_LOCALES:
            raise InvalidInput("error.locale_invalid", field="locale")
        actor.locale = locale
    if currency is not None:
        if currency not in SUPPORTED_CURRENCIES:
            raise InvalidInput("error.currency_invalid", field="currency")
        actor.currency = currency
    session.add(actor)
    return actor
