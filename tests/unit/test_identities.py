"""Rules for turning a provider identity into an account (identities.sign_in), on both databases."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from sqlmodel import select

from vamarket.models import AuditLog, Identity, User
from vamarket.models.base import utcnow
from vamarket.services.identities import AccountUnavailable, sign_in

ISSUER = "https://id.example"


def _sub() -> str:
    return uuid.uuid4().hex


def _sign_in(db, subject: str, *, email=None, verified=False, issuer=ISSUER, name="Someone"):
    return sign_in(db, provider="demo", issuer=issuer, subject=subject, email=email,
                   email_verified=verified, name=name)


def _audit(db, user: User) -> list[dict]:
    rows = db.exec(select(AuditLog).where(AuditLog.actor_id == user.id,
                                          AuditLog.action == "auth.sign_in")).all()
    return [json.loads(r.detail) for r in rows]


def test_first_sign_in_creates_a_new_account_awaiting_onboarding(db):
    user = _sign_in(db, _sub(), email="Fresh@Example.com", verified=True, name="  Fresh Face ")
    assert user.id and not user.onboarded and user.status == "active"
    assert user.email == "fresh@example.com" and user.email_verified
    assert user.display_name == "Fresh Face" and user.locale == "en"
    assert [a["outcome"] for a in _audit(db, user)] == ["created"]


def test_unverified_email_is_not_stored_on_the_account(db):
    subject = _sub()
    user = _sign_in(db, subject, email="maybe@example.com", verified=False)
    assert user.email is None and not user.email_verified
    identity = db.exec(select(Identity).where(Identity.subject == subject)).one()
    assert identity.email == "maybe@example.com" and not identity.email_verified


def test_same_issuer_and_subject_is_the_same_account(db):
    subject = _sub()
    first = _sign_in(db, subject)
    identity = db.exec(select(Identity).where(Identity.subject == subject)).one()
    identity.last_used_at = utcnow() - timedelta(days=3)
    db.add(identity)
    db.flush()
    again = _sign_in(db, subject)
    assert again.id == first.id
    db.refresh(identity)
    assert utcnow() - identity.last_used_at < timedelta(minutes=1)
    assert [a["outcome"] for a in _audit(db, first)] == ["created", "existing"]


def test_same_subject_at_another_issuer_is_another_account(db):
    subject = _sub()
    assert _sign_in(db, subject).id != _sign_in(db, subject, issuer="https://other.example").id


def test_verified_email_joins_a_verified_account(db, make_user):
    owner = make_user(email=f"{_sub()[:8]}@example.com")
    user = _sign_in(db, _sub(), email=owner.email.upper(), verified=True)
    assert user.id == owner.id
    assert [a["outcome"] for a in _audit(db, owner)] == ["linked"]
    assert len(db.exec(select(Identity).where(Identity.user_id == owner.id)).all()) == 1


def test_unverified_email_never_joins_an_account(db, make_user):
    owner = make_user(email=f"{_sub()[:8]}@example.com")
    user = _sign_in(db, _sub(), email=owner.email, verified=False)
    assert user.id != owner.id and user.email is None


def test_verified_email_does_not_join_an_account_whose_email_is_unverified(db, make_user):
    owner = make_user(email=f"{_sub()[:8]}@example.com", email_verified=False)
    user = _sign_in(db, _sub(), email=owner.email, verified=True)
    assert user.id != owner.id and user.email is None
    db.refresh(owner)
    assert owner.email and not owner.email_verified


def test_returning_identity_keeps_its_account_when_the_provider_email_changes(db, make_user):
    subject = _sub()
    mine = _sign_in(db, subject)
    other = make_user(email=f"{_sub()[:8]}@example.com")
    again = _sign_in(db, subject, email=other.email, verified=True)
    assert again.id == mine.id and again.email is None  # the address belongs to someone else


def test_returning_identity_fills_a_missing_verified_email(db):
    subject = _sub()
    _sign_in(db, subject)
    user = _sign_in(db, subject, email=f"{subject[:8]}@example.com", verified=True)
    assert user.email == f"{subject[:8]}@example.com" and user.email_verified


@pytest.mark.parametrize("status", ["suspended", "deleted"])
def test_suspended_or_deleted_accounts_are_refused(db, make_user, status):
    subject = _sub()
    user = _sign_in(db, subject)
    user.status = status
    db.add(user)
    db.flush()
    with pytest.raises(AccountUnavailable) as refused:
        _sign_in(db, subject)
    assert refused.value.status == status and refused.value.key == f"auth.error_account_{status}"
    blocked = make_user(email=f"{_sub()[:8]}@example.com", status=status)
    with pytest.raises(AccountUnavailable):
        _sign_in(db, _sub(), email=blocked.email, verified=True)


def test_issuer_and_subject_are_required(db):
    with pytest.raises(ValueError):
        _sign_in(db, "")


def test_sign_in_leaves_the_commit_to_the_caller(db):
    subject = _sub()
    _sign_in(db, subject)
    db.rollback()
    assert db.exec(select(Identity).where(Identity.subject == subject)).first() is None
