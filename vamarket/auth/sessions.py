"""Server-side sign-in sessions: a random 256-bit token in an HttpOnly cookie, stored hashed."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlmodel import Session, select

from vamarket.models import AuthSession, User
from vamarket.models.base import utcnow
from vamarket.settings import get_settings

SESSION_COOKIE = "vm_session"


def hash_token(token: str) -> str:
    """The SHA-256 hex digest under which a session token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, *, user: User, user_agent: str = "") -> str:
    """Create a new session for `user` and return its token (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    session.add(AuthSession(
        token_hash=hash_token(token),
        user_id=user.id,
        expires_at=utcnow() + timedelta(days=get_settings().session_days),
        user_agent=user_agent[:300],
    ))
    session.flush()
    return token


def user_for_token(session: Session, token: str) -> User | None:
    """The active user of a live (unexpired, unrevoked) session token, or None."""
    if not token or len(token) > 100:
        return None
    row = session.exec(select(AuthSession).where(AuthSession.token_hash == hash_token(token))).first()
    if row is None or row.revoked_at is not None or row.expires_at <= utcnow():
        return None
    user = session.get(User, row.user_id)
    if user is None or user.status != "active":
        return None
    return user


def end_session(session: Session, token: str) -> bool:
    """Revoke the session of `token`; True if one was live."""
    if not token:
        return False
    row = session.exec(select(AuthSession).where(AuthSession.token_hash == hash_token(token))).first()
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = utcnow()
    session.add(row)
    return True


def end_all_sessions(session: Session, *, user_id: int) -> None:
    """Revoke every live session of a user (account deletion, suspension)."""
    rows = session.exec(select(AuthSession).where(
        AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))).all()  # type: ignore[union-attr]
    for row in rows:
        row.revoked_at = utcnow()
        session.add(row)
