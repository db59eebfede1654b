"""Accounts: preferences and deletion (personal data goes, money records stay)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from vamarket.auth.sessions import start_session, user_for_token
from vamarket.errors import InvalidInput
from vamarket.models import (
    AgencyMember,
    AuthSession,
    ClientProfile,
    Contract,
    Identity,
    Job,
    Payment,
    Quote,
    Review,
    User,
    VAProfile,
    VASkill,
)
from vamarket.models.base import utcnow
from vamarket.services import accounts, agencies, profiles


def test_set_preferences(db, make_user):
    user = make_user()
    accounts.set_preferences(db, actor=user, locale="id", currency="IDR")
    assert (user.locale, user.currency) == ("id", "IDR")
    for bad in (dict(locale="fr"), dict(currency="EUR"), dict(currency=["USD"])):
        with pytest.raises(InvalidInput):
            accounts.set_preferences(db, actor=user, **bad)
    assert (user.locale, user.currency) == ("id", "IDR")


def _contract(db, client: User, va: User) -> tuple[Contract, Payment]:
    """A job, the VA's hired quote, the contract and a paid down payment."""
    job = Job(client_id=client.id, title="Inbox", description="Keep the inbox at zero.",
              budget_type="fixed", currency="USD", budget_min_minor=10_000,
              budget_max_minor=10_000, status="hired")
    db.add(job)
    db.flush()
    quote = Quote(job_id=job.id, va_id=va.id, sent_by_id=va.id, cover_letter="Hello",
                  price_minor=10_000, currency="USD", status="hired")
    db.add(quote)
    db.flush()
    contract = Contract(job_id=job.id, quote_id=quote.id, client_id=client.id, va_id=va.id,
                        kind="fixed", currency="USD", total_minor=10_000, status="active")
    db.add(contract)
    db.flush()
    payment = Payment(contract_id=contract.id, purpose="deposit", amount_minor=2_500,
                      currency="USD", status="paid", idempotency_key=f"deposit:{contract.id}")
    db.add(payment)
    db.flush()
    return contract, payment


def test_delete_account_anonymizes_but_keeps_money_rows(db, make_user):
    client = make_user(is_client=True, email="client@example.com")
    va = make_user(is_va=True, email="va@example.com", display_name="Dewi")
    profiles.update_va_profile(db, actor=va, headline="Inbox", bio="Me", hourly_rate_minor=100,
                               rate_currency="USD", hours_per_week=10, timezone="UTC",
                               skills=["xero"])
    db.add(ClientProfile(user_id=va.id, name="Dewi L"))
    db.add(Identity(user_id=va.id, provider="demo", issuer="https://i", subject="dewi"))
    agency = agencies.create_agency(db, actor=va, name="Dewi Team", slug="dewi-team")
    member = make_user(is_va=True)
    agencies.add_member(db, actor=va, agency_id=agency.id, who=member.id)
    contract, payment = _contract(db, client, va)
    review = Review(contract_id=contract.id, author_id=client.id, subject_id=va.id, rating=5,
                    body="Great")
    db.add(review)
    token = start_session(db, user=va)
    db.flush()

    accounts.delete_account(db, actor=va)
    db.flush()

    gone = db.get(User, va.id)
    assert gone.status == "deleted" and gone.deleted_at is not None
    assert gone.email is None and gone.display_name == "" and not gone.email_verified
    assert db.get(VAProfile, va.id) is None and db.get(ClientProfile, va.id) is None
    assert not db.exec(select(VASkill).where(VASkill.user_id == va.id)).all()
    assert not db.exec(select(Identity).where(Identity.user_id == va.id)).all()
    assert not db.exec(select(AgencyMember).where(AgencyMember.agency_id == agency.id)).all()
    assert user_for_token(db, token) is None
    assert all(s.revoked_at for s in db.exec(select(AuthSession).where(AuthSession.user_id == va.id)))
    # money and reputation records stay
    assert db.get(Contract, contract.id).va_id == va.id
    assert db.get(Payment, payment.id).amount_minor == 2_500
    assert db.get(Review, review.id).subject_id == va.id
    # a second call (a re-sent event) changes nothing
    accounts.delete_account(db, actor=gone)
    assert gone.status == "deleted"


def test_deleted_email_can_register_again(db, make_user):
    user = make_user(email="again@example.com")
    accounts.delete_account(db, actor=user)
    db.flush()
    fresh = make_user(email="again@example.com")
    assert fresh.id != user.id


def test_delete_leaves_other_users_alone(db, make_user):
    me, other = make_user(), make_user(email="other@example.com")
    start_session(db, user=other)
    accounts.delete_account(db, actor=me)
    db.flush()
    assert db.get(User, other.id).email == "other@example.com"
    assert db.exec(select(AuthSession).where(AuthSession.user_id == other.id,
                                             AuthSession.revoked_at.is_(None))).first()
    assert utcnow() - timedelta(minutes=1) < db.get(User, me.id).deleted_at
