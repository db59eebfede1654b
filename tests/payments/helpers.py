"""Steps shared by the money-flow tests: fund, onboard, submit, approve as committed actions."""

from __future__ import annotations

from sqlmodel import select

from tests.payments.conftest import HTTP, Deal, pay
from vamarket.db import session_scope
from vamarket.models import Milestone, StripeAccount, User
from vamarket.payments import funding, payouts, release
from vamarket.stripe_local import RunningServer

BASE = "http://app.test"


def fund(stripe: RunningServer, deal: Deal) -> None:
    """Pay what the contract asks for next, through Checkout and the webhook."""
    with session_scope() as session:
        url = funding.start_funding(session, actor=session.get(User, deal.client.id),
                                    contract_id=deal.contract_id, return_base=BASE)
    pay(stripe, url)


def onboard(stripe: RunningServer, deal: Deal) -> str:
    """The VA makes a payout account and finishes onboarding; returns the account id."""
    with session_scope() as session:
        payouts.start_onboarding(session, actor=session.get(User, deal.va.id), return_base=BASE)
        account = session.get(StripeAccount, deal.va.id).stripe_account_id
    HTTP.post(f"{stripe.base_url}/_test/accounts/{account}/onboard")
    stripe.local.webhooks.drain(20)
    return account


def milestone_ids(deal: Deal) -> list[int]:
    """The contract's milestone ids in order."""
    with session_scope() as session:
        return list(session.exec(select(Milestone.id).where(
            Milestone.contract_id == deal.contract_id).order_by(Milestone.position)).all())


def status(milestone_id: int) -> str:
    """A milestone's committed status."""
    with session_scope() as session:
        return session.get(Milestone, milestone_id).status


def submit(deal: Deal, milestone_id: int) -> None:
    """The VA submits the milestone."""
    with session_scope() as session:
        release.submit_milestone(session, actor=session.get(User, deal.va.id),
                                 milestone_id=milestone_id, note="done")


def approve(deal: Deal, milestone_id: int) -> str:
    """The client approves; returns the milestone's status after."""
    with session_scope() as session:
        return release.approve_milestone(session, actor=session.get(User, deal.client.id),
                                         milestone_id=milestone_id).status
