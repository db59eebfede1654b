"""VA payouts: a Stripe Connect Express account per VA, onboarding, and whether transfers to it
are active (only `account.updated` says so)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from vamarket.errors import PermissionDenied
from vamarket.models import StripeAccount, User
from vamarket.models.base import utcnow
from vamarket.payments import common
from vamarket.payments.runtime import get_gateway
from vamarket.services import audit


@dataclass(frozen=True)
class PayoutStatus:
    """What the VA's "Get paid" page shows."""

    has_account: bool
    transfers_active: bool


def start_onboarding(session: Session, *, actor: User, return_base: str) -> str:
    """The onboarding link of the VA's Express account, creating the account once
    (`account:<user>`)."""
    if not actor.is_va:
        raise PermissionDenied()
    row = session.get(StripeAccount, actor.id)
    gateway = get_gateway()
    if row is None:
        with common.gateway_errors():
            account = gateway.create_express_account(key=f"account:{actor.id}", email=actor.email,
                                                     user_id=actor.id)
        row = StripeAccount(user_id=actor.id, stripe_account_id=account)
        session.add(row)
        session.flush()
        audit.record(session, actor_id=actor.id, action="payout.account_created",
                     object_type="user", object_id=actor.id)
    base = return_base.rstrip("/")
    with common.gateway_errors():
        return gateway.onboarding_link(account=row.stripe_account_id,
                                       refresh_url=f"{base}/get-paid?refresh=1",
                                       return_url=f"{base}/get-paid?done=1")


def payout_status(session: Session, *, actor: User) -> PayoutStatus:
    """Whether the actor has a payout account and may receive transfers."""
    row = session.get(StripeAccount, actor.id)
    return PayoutStatus(row is not None, bool(row and row.transfers_active))


def transfers_active(account: dict[str, Any]) -> bool:
    """True when a Stripe account object says transfers are active."""
    return (account.get("capabilities") or {}).get("transfers") == "active"


def record_account(session: Session, account: dict[str, Any]) -> None:
    """`account.updated`: keep transfers_active; when it turns on, release what was held."""
    row = session.exec(select(StripeAccount).where(
        StripeAccount.stripe_account_id == str(account.get("id") or ""))
        .with_for_update()).first()
    if row is None:
        return
    active = transfers_active(account)
    turned_on = active and not row.transfers_active
    row.transfers_active, row.updated_at = active, utcnow()
    session.add(row)
    session.flush()
    if turned_on:
        from vamarket.payments.release import release_pending
        release_pending(session, va_id=row.user_id)
