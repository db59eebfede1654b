"""Accounts: roles, preferences, admin check, deletion."""

from __future__ import annotations

from sqlmodel import Session, select

from vamarket.auth.sessions import end_all_sessions
from vamarket.errors import InvalidInput
from vamarket.models import (
    Agency,
    AgencyMember,
    ClientProfile,
    Identity,
    Notification,
    SavedSearch,
    User,
    VACategory,
    VAProfile,
    VASkill,
)
from vamarket.models.base import utcnow
from vamarket.services import audit
from vamarket.services.profiles import delete_photo_file
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


def delete_account(session: Session, *, actor: User) -> None:
    """Anonymize the actor's account and sign them out everywhere.

    Personal data goes (email, name, profile texts, photo, skills, sign-in identities, saved
    searches, notifications, agency membership); the user row stays so that contracts,
    payments, ledger entries, reviews and messages that reference it remain intact.
    Calling it again on a deleted account changes nothing.
    """
    if actor.status == "deleted":
        return
    user_id = actor.id
    va = session.get(VAProfile, user_id)
    if va is not None:
        delete_photo_file(va.photo_path)
        session.delete(va)
    client = session.get(ClientProfile, user_id)
    if client is not None:
        session.delete(client)
    for model in (VASkill, VACategory, Identity, SavedSearch, Notification):
        for row in session.exec(select(model).where(model.user_id == user_id)).all():
            session.delete(row)
    _leave_agencies(session, user_id)
    end_all_sessions(session, user_id=user_id)
    actor.email = None
    actor.email_verified = False
    actor.display_name = ""
    actor.status = "deleted"
    actor.deleted_at = utcnow()
    session.add(actor)
    session.flush()
    audit.record(session, actor_id=user_id, action="account_deleted", object_type="user",
                 object_id=user_id)


def _leave_agencies(session: Session, user_id: int) -> None:
    """Drop the user's membership; an owner's agency loses its members (its row stays for quotes)."""
    for row in session.exec(select(AgencyMember).where(AgencyMember.user_id == user_id)).all():
        session.delete(row)
    owned = session.exec(select(Agency.id).where(Agency.owner_id == user_id)).all()
    for agency_id in owned:
        for row in session.exec(select(AgencyMember).where(AgencyMember.agency_id == agency_id)).all():
            session.delete(row)
