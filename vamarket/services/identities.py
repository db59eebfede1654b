"""Sign-in identities: resolve a provider's (issuer, subject) to a vamarket account.

Rules: an identity is found by (issuer, subject) only. A new identity joins an existing account
by email only when the provider says the email is verified and the account's email is verified
too; otherwise a new account is created. Only a verified email is stored on an account, so an
unverified claim can never take an address away from its owner. Services never commit.
"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from vamarket.errors import PermissionDenied
from vamarket.models import Identity, User
from vamarket.models.base import utcnow
from vamarket.services import audit
from vamarket.settings import get_settings


class AccountUnavailable(PermissionDenied):
    """The account behind this identity is suspended or deleted; sign-in is refused."""

    key = "auth.error_account_suspended"

    def __init__(self, status: str) -> None:
        super().__init__("auth.error_account_deleted" if status == "deleted"
                         else "auth.error_account_suspended")
        self.status = status


def normalize_email(email: str | None) -> str | None:
    """Lower-cased, trimmed email, or None when empty or not an address."""
    value = (email or "").strip().lower()
    return value if "@" in value and len(value) <= 320 else None


def _user_by_email(session: Session, email: str) -> User | None:
    return session.exec(select(User).where(func.lower(User.email) == email)).first()


def _check_active(user: User) -> None:
    if user.status != "active":
        raise AccountUnavailable(user.status)


def _new_user(session: Session, *, email: str | None, email_verified: bool, name: str) -> User:
    keep_email = email if email_verified and email and _user_by_email(session, email) is None else None
    user = User(
        email=keep_email,
        email_verified=keep_email is not None,
        display_name=(name or "").strip()[:120],
        onboarded=False,
        locale=get_settings().default_locale,
        currency=get_settings().default_currency,
    )
    session.add(user)
    session.flush()
    return user


def sign_in(session: Session, *, provider: str, issuer: str, subject: str, email: str | None,
            email_verified: bool, name: str) -> User:
    """The account for this identity: found, linked by verified email, or newly created.

    Raises `AccountUnavailable` for suspended or deleted accounts. Records the sign-in in the
    audit log and refreshes the identity's `last_used_at`; the caller commits.
    """
    if not issuer or not subject:
        raise ValueError("issuer and subject are required")
    email = normalize_email(email)
    email_verified = bool(email_verified and email)
    identity = session.exec(select(Identity).where(
        Identity.issuer == issuer, Identity.subject == subject)).first()

    if identity is not None:
        outcome = "existing"
        user = session.get(User, identity.user_id)
        assert user is not None  # the foreign key guarantees it
        _check_active(user)
        if email_verified and not user.email and _user_by_email(session, email) is None:
            user.email, user.email_verified = email, True
            session.add(user)
    else:
        user = _user_by_email(session, email) if email_verified and email else None
        if user is not None and user.email_verified:
            outcome = "linked"
            _check_active(user)
        else:
            outcome = "created"
            user = _new_user(session, email=email, email_verified=email_verified, name=name)
        identity = Identity(user_id=user.id, provider=provider[:64], issuer=issuer[:400],
                            subject=subject[:255])

    identity.email = email
    identity.email_verified = email_verified
    identity.last_used_at = utcnow()
    session.add(identity)
    session.flush()
    audit.record(session, actor_id=user.id, action="auth.sign_in", object_type="user",
                 object_id=user.id, provider=provider, issuer=issuer, outcome=outcome)
    return user
