"""Money-flow fixtures: a committed database per backend, the app's webhook endpoint served
over HTTP, and a local Stripe delivering signed webhooks to it; helpers to make contracts."""

from __future__ import annotations

import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
import sqlalchemy as sa
import uvicorn

import vamarket.payments.records  # noqa: F401  (registers the payment tables)
from tests.conftest import app_database, reset_caches
from tests.unit.work_factories import fixed_job, fixed_quote, hourly_job, hourly_quote
from vamarket.db import session_scope
from vamarket.models import Contract, User
from vamarket.payments.webhook_route import build_webhook_app
from vamarket.services import contracts, jobs, quotes
from vamarket.stripe_local import RunningServer, start_in_thread

SECRET = "whsec_payments_test"
ADMIN = "admin-payments@example.com"


def _serve(app) -> tuple[str, uvicorn.Server, threading.Thread]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    return f"http://127.0.0.1:{sock.getsockname()[1]}", server, thread


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def money_db(request, tmp_path_factory) -> Iterator[str]:
    """A migrated database of its own (services and webhooks commit to it), once per backend."""
    with app_database(request.param, tmp_path_factory, ADMIN_EMAILS=ADMIN,
                      STRIPE_WEBHOOK_SECRET=SECRET, STRIPE_SECRET_KEY=None) as url:
        yield url


@pytest.fixture(scope="module")
def stripe_server(money_db) -> Iterator[RunningServer]:
    """A local Stripe whose webhooks go to the app's /stripe/webhook served over HTTP."""
    base, web, thread = _serve(build_webhook_app())
    server = start_in_thread(webhook_url=f"{base}/stripe/webhook", webhook_secret=SECRET,
                             retry_base_seconds=0.05)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STRIPE_API_BASE", server.base_url)
        reset_caches()
        yield server
    server.stop()
    web.should_exit = True
    thread.join(timeout=5)
    reset_caches()


@pytest.fixture
def stripe(stripe_server: RunningServer) -> Iterator[RunningServer]:
    """The local Stripe with no faults; deliveries drained after the test."""
    stripe_server.local.faults.clear()
    yield stripe_server
    stripe_server.local.faults.clear()
    stripe_server.local.webhooks.drain(10)


def make_user(**fields) -> User:
    """A committed user."""
    with session_scope() as session:
        email = fields.pop("email", f"{uuid.uuid4().hex[:10]}@example.com")
        user = User(email=email, email_verified=True, display_name=email[:6], onboarded=True,
                    **fields)
        session.add(user)
        session.flush()
        return user


def admin_user() -> User:
    """The admin (ADMIN_EMAILS), made once per database."""
    with session_scope() as session:
        found = session.exec(sa.select(User).where(User.email == ADMIN)).scalars().first()
        if found is not None:
            return found
    return make_user(email=ADMIN)


@dataclass
class Deal:
    """A contract with its client and VA."""

    contract_id: int
    client: User
    va: User


def make_contract(kind: str = "fixed", currency: str = "USD") -> Deal:
    """A committed contract pending funding (one transaction): fixed ($900 in 30,000 +
    60,000), pilot_first (pilot 4,000 then the same plan) or hourly (IDR)."""
    with session_scope() as session:
        client, va = (User(email=f"{uuid.uuid4().hex[:10]}@example.com", email_verified=True,
                           display_name="user", onboarded=True, **role)
                      for role in ({"is_client": True}, {"is_va": True}))
        session.add_all([client, va])
        session.flush()
        hourly = kind == "hourly"
        job = jobs.create_job(session, actor=client, publish=True,
                              data=hourly_job() if hourly else fixed_job())
        quote = quotes.send_quote(session, actor=va, job_id=job.id,
                                  data=hourly_quote() if hourly else fixed_quote())
        contract = contracts.hire(session, actor=client, quote_id=quote.id,
                                  start_with_pilot=kind == "pilot_first")
        return Deal(contract.id, client, va)


def checkout_id(url: str) -> str:
    """The Checkout Session id in a hosted checkout URL."""
    return url.rstrip("/").rsplit("/", 1)[-1]


HTTP = httpx.Client(timeout=30)


def pay(server: RunningServer, url: str, card: str = "4242424242424242") -> httpx.Response:
    """Pay a checkout the way the hosted page would, then wait for the webhooks."""
    response = HTTP.post(f"{server.base_url}/_test/checkout/{checkout_id(url)}/pay",
                          json={"card": card})
    server.local.webhooks.drain(20)
    return response


def contract_status(contract_id: int) -> str:
    """The contract's status as committed."""
    with session_scope() as session:
        return session.get(Contract, contract_id).status
