"""The money pages' handlers are public APIs: a crafted event from someone who is not a party
to the contract (or not an admin, on /admin/money) is refused and changes nothing; the pages'
pure helpers turn service results into text per locale.

The handlers run as on the server: the acting user comes only from the session cookie of the
(simulated) websocket handshake, and the data is committed in a database of its own.
"""

from __future__ import annotations

import uuid
from datetime import datetime

import pytest
import sqlalchemy as sa
from sqlmodel import select

import vamarket.vamarket  # noqa: F401  (registers every page state)
from tests.conftest import app_database
from tests.unit.page_states import fire, state_as
from tests.unit.work_factories import fixed_job, fixed_quote
from vamarket.db import session_scope
from vamarket.models import Contract, Milestone, Payment, User
from vamarket.pages.admin_money.state import AdminMoneyState
from vamarket.pages.billing.state import BillingState, billing_groups
from vamarket.pages.contract.state import ContractState
from vamarket.pages.earnings.state import EarningsState, earnings_view
from vamarket.pages.get_paid.state import GetPaidState
from vamarket.pages.money_access import money_error_text
from vamarket.payments.gateway import PaymentDeclined, PaymentUnavailable
from vamarket.payments.reports import BillingRow, CurrencyTotals, EarningRow, Earnings
from vamarket.services import contracts, jobs, quotes

REFUSED = "You are not allowed to do that."
ADMIN_EMAIL = "money-admin@example.com"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def app_db(request, tmp_path_factory):
    """A database of its own, migrated, that the handlers' own sessions commit to."""
    with app_database(request.param, tmp_path_factory, ADMIN_EMAILS=ADMIN_EMAIL) as url:
        yield url


def _user(email: str = "", **roles) -> User:
    with session_scope() as session:
        email = email or f"{uuid.uuid4().hex[:10]}@example.com"
        user = session.exec(select(User).where(User.email == email)).first()
        if user is None:
            user = User(email=email, email_verified=True, display_name=email[:6], onboarded=True,
                        **roles)
            session.add(user)
            session.flush()
        return user


@pytest.fixture
def world(app_db):
    """A client's contract with a VA (first milestone funded, second submitted) and outsiders."""
    client, va = _user(is_client=True), _user(is_va=True)
    other_client, other_va = _user(is_client=True, is_va=True), _user(is_va=True)
    with session_scope() as session:
        job = jobs.create_job(session, actor=session.get(User, client.id), data=fixed_job(),
                              publish=True)
        quote = quotes.send_quote(session, actor=session.get(User, va.id), job_id=job.id,
                                  data=fixed_quote())
        contract = contracts.hire(session, actor=session.get(User, client.id), quote_id=quote.id)
        steps = contracts.contract_milestones(session, contract.id)
        steps[0].status = "funded"
        if len(steps) > 1:
            steps[1].status = "submitted"
        session.add_all(steps)
    return {"client": client, "va": va, "other_client": other_client, "other_va": other_va,
            "contract": contract.id}




def _snapshot(contract_id: int) -> tuple:
    with session_scope() as session:
        contract = session.get(Contract, contract_id)
        steps = tuple(m.status for m in session.exec(
            select(Milestone).where(Milestone.contract_id == contract_id)
            .order_by(Milestone.position)).all())
        payments = session.exec(select(sa.func.count()).select_from(Payment)
                                .where(Payment.contract_id == contract_id)).one()
        return contract.status, steps, payments


CONTRACT_EVENTS = [
    ("pay", ()), ("fund_milestone", (2,)), ("submit_milestone", (1, {"note": "done"})),
    ("approve_milestone", (2,)), ("request_revision", (2, {"reason": "redo"})),
    ("refresh_money", ()),
]


@pytest.mark.parametrize("outsider", ["other_client", "other_va"])
@pytest.mark.parametrize("event,args", CONTRACT_EVENTS)
def test_contract_handlers_refuse_non_parties(world, outsider, event, args):
    before = _snapshot(world["contract"])
    state = state_as(ContractState, world[outsider])
    state.contract_ref = world["contract"]  # as if the outsider had crafted the page's state
    result = fire(state, getattr(ContractState, event), *args)
    assert state.error == REFUSED
    assert result is None  # no redirect to a checkout
    assert state.money == {} and state.payments == []
    assert _snapshot(world["contract"]) == before


def test_contract_page_refuses_outsider_on_load(world):
    cid = str(world["contract"])
    state = state_as(ContractState, world["other_client"], f"/contracts/{cid}", {"contract_id": cid})
    fire(state, ContractState.load)
    assert state.error == REFUSED and not state.loaded
    assert state.terms == {} and state.money == {}


def test_contract_handlers_refuse_signed_out_visitor(world):
    before = _snapshot(world["contract"])
    state = state_as(ContractState, None)
    state.contract_ref = world["contract"]
    fire(state, ContractState.approve_milestone, 2)
    assert state.error == "Please sign in first."
    assert _snapshot(world["contract"]) == before


def test_contract_handlers_refuse_garbage_positions(world):
    state = state_as(ContractState, world["client"])
    state.contract_ref = world["contract"]
    fire(state, ContractState.approve_milestone, "1; DROP TABLE milestones")
    assert state.error == "That could not be found."
    fire(state, ContractState.approve_milestone, 99)
    assert state.error == "That could not be found."


def test_va_cannot_approve_own_milestone(world):
    """The party check lets the VA in; approving is the client's, so nothing changes."""
    before = _snapshot(world["contract"])
    state = state_as(ContractState, world["va"])
    state.contract_ref = world["contract"]
    fire(state, ContractState.approve_milestone, 2)
    assert state.error != ""
    assert _snapshot(world["contract"]) == before


def test_parties_see_their_contract(world):
    cid = str(world["contract"])
    for who, role in (("client", "client"), ("va", "va")):
        state = state_as(ContractState, world[who], f"/contracts/{cid}", {"contract_id": cid})
        fire(state, ContractState.load)
        assert state.error == "" and state.loaded
        assert state.terms["role"] == role
        assert [s["position"] for s in state.steps][:1] == ["1"]
        assert "held" in state.money


@pytest.mark.parametrize("who", [None, "other_client", "va"])
def test_admin_money_refuses_non_admins_on_load_and_run(world, who):
    user = world[who] if who else None
    state = state_as(AdminMoneyState, user, "/admin/money")
    fire(state, AdminMoneyState.load)
    assert not state.loaded and state.line == "" and state.mismatches == []
    if who:
        assert state.error == REFUSED
    state.line = "stale"  # even a state holding a line is cleared, and nothing is run
    fire(state, AdminMoneyState.run)
    assert state.error == REFUSED
    assert state.line == "" and state.mismatches == []


def test_admin_money_lets_an_admin_in(world):
    state = state_as(AdminMoneyState, _user(ADMIN_EMAIL), "/admin/money")
    fire(state, AdminMoneyState.load)
    # no payment service runs for this module: the admin is let in and told so in plain words
    # (the reconcile figures themselves: tests/payments/test_reports.py)
    assert "cannot be reached" in state.error and state.line == ""
    fire(state, AdminMoneyState.run)
    assert "cannot be reached" in state.error and state.line == "" and not state.busy


@pytest.mark.parametrize("cls,who", [(BillingState, "va"), (EarningsState, "client"),
                                     (GetPaidState, "client")])
def test_role_pages_refuse_the_other_role(world, cls, who):
    state = state_as(cls, world[who], "/x")
    fire(state, cls.load)
    assert state.error != "" and not state.loaded


def test_get_paid_start_refuses_a_client(world):
    state = state_as(GetPaidState, world["client"], "/get-paid")
    assert fire(state, GetPaidState.start) is None
    assert state.error == "This page is for virtual assistants."


def test_billing_groups_per_contract_and_locale():
    day = datetime(2025, 3, 4, 10, 0)
    rows = [BillingRow(1, 3, "deposit", 30000, 0, "USD", "paid", day, job_title="Inbox",
                       receipt_url="/billing/receipts/1"),
            BillingRow(2, 7, "milestone", 150000, 150000, "IDR", "refunded", day, job_title="Books"),
            BillingRow(3, 3, "milestone", 70000, 0, "USD", "checkout_open", day, job_title="Inbox")]
    groups = billing_groups(rows, "id")
    assert [g.contract for g in groups] == ["7", "3"]
    assert [g.title for g in groups] == ["Books", "Inbox"]
    assert groups[0].rows[0]["amount"] == "Rp 150.000"
    assert groups[0].rows[0]["refunded"] == "Rp 150.000"
    assert [r["amount"] for r in groups[1].rows] == ["US$300,00", "US$700,00"]
    assert [r["refunded"] for r in groups[1].rows] == ["", ""]
    assert groups[1].rows[0]["receipt"] == "/billing/receipts/1" and groups[1].rows[0]["date"]
    assert billing_groups([], "en") == []


def test_earnings_view_totals_per_currency():
    earnings = Earnings(
        totals=[CurrencyTotals("USD", held_minor=70000, released_minor=27000, paid_out_minor=0)],
        rows=[EarningRow(3, "Inbox", "Setup", 30000, 27000, "USD", "released", None)])
    totals, rows = earnings_view(earnings, "en")
    assert totals == [{"currency": "USD", "held": "$700.00", "released": "$270.00",
                       "paid_out": "$0.00"}]
    assert rows == [{"contract": "3", "job": "Inbox", "title": "Setup", "amount": "$300.00",
                     "net": "$270.00", "status": "released", "date": ""}]


def test_payment_errors_read_as_plain_advice():
    assert money_error_text("en", PaymentDeclined("card_declined")) == \
        "Your card was declined; try another card."
    assert money_error_text("id", PaymentDeclined("x")) == "Kartu Anda ditolak; coba kartu lain."
    assert "try again" in money_error_text("en", PaymentUnavailable("down"))


def test_receipts_only_for_the_client_who_paid(world):
    from vamarket.pages.receipt.state import ReceiptState

    with session_scope() as session:
        payment = Payment(contract_id=world["contract"], purpose="deposit", amount_minor=30_000,
                          currency="USD", status="paid", idempotency_key=f"deposit:{world['contract']}:t")
        session.add(payment)
        session.flush()
        path = f"/billing/receipts/{payment.id}"
        params = {"payment_id": str(payment.id)}
    mine = state_as(ReceiptState, world["client"], path, params)
    fire(mine, ReceiptState.load)
    assert mine.error == "" and mine.receipt["amount"] == "$300.00"
    for who in ("va", "other_client"):
        theirs = state_as(ReceiptState, world[who], path, params)
        fire(theirs, ReceiptState.load)
        assert theirs.receipt == {} and theirs.error != ""
    crafted = state_as(ReceiptState, world["client"], "/billing/receipts/x", {"payment_id": "x"})
    fire(crafted, ReceiptState.load)
    assert crafted.receipt == {} and crafted.error != ""
