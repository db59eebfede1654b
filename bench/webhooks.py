"""Webhook throughput: signed Stripe events posted to the running /stripe/webhook endpoint.

`make bench-webhooks` makes a scratch database (SQLite by default; on the PostgreSQL server when
DATABASE_URL points there), starts the local Stripe-compatible server and the app's webhook
endpoint as their own processes (granian with WORKERS workers, as Reflex's production backend;
BENCH_SERVER=uvicorn to compare), creates contracts and pays their down payments on the local
server so that real events exist (checkout.session.completed, payment_intent.succeeded,
charge.succeeded, ...), reads the events back through the Stripe API, then posts every event
once or twice (shuffled, signed) from several senders and prints

    webhooks db=<sqlite|postgresql> events_per_s=<x> duplicates_ignored=<n> ledger_balanced=<true|false>
"""

from __future__ import annotations

import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import sqlalchemy as sa

CONTRACTS = int(os.environ.get("BENCH_CONTRACTS", "300"))
SENDERS = int(os.environ.get("BENCH_SENDERS", "16"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
SERVER = os.environ.get("BENCH_SERVER", "granian")
SECRET = "whsec_bench"  # noqa: S105 - the local benchmark's signing secret


def _scratch_database() -> tuple[str, str, callable]:
    base = os.environ.get("DATABASE_URL", "")
    if base.startswith("postgresql"):
        name = f"vm_bench_hooks_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(base.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))

        def drop() -> None:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()

        return "postgresql", base.rsplit("/", 1)[0] + "/" + name, drop
    folder = Path(tempfile.mkdtemp(prefix="vm-bench-hooks-"))
    return "sqlite", f"sqlite:///{folder / 'bench.db'}", lambda: None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(args: list[str], env: dict[str, str], ready_url: str) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, *args], env=env)  # noqa: S603
    for _ in range(300):
        try:
            httpx.get(ready_url, timeout=1)
            return process
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"{args[:3]} did not start")


def _server_command(port: int) -> list[str]:
    """The endpoint's server: granian, which Reflex's production backend runs (uvicorn with
    BENCH_SERVER=uvicorn, to compare)."""
    target = "vamarket.payments.webhook_route:build_webhook_app"
    if SERVER == "uvicorn":
        return ["-m", "uvicorn", "--factory", target, "--port", str(port),
                "--workers", str(WORKERS), "--log-level", "warning"]
    return ["-m", "granian", "--interface", "asgi", "--factory", target, "--port", str(port),
            "--workers", str(WORKERS), "--log-level", "warning", "--no-ws"]


def _events(stripe_base: str) -> list[dict]:
    """Every event on the local server, read through the Stripe API."""
    found, params = [], {"limit": 100}
    with httpx.Client(timeout=30, auth=("sk_test_bench", "")) as http:
        while True:
            page = http.get(f"{stripe_base}/v1/events", params=params).json()
            found.extend(page["data"])
            if not page.get("has_more") or not page["data"]:
                return found
            params["starting_after"] = page["data"][-1]["id"]


def _make_paid_contracts(stripe_base: str, count: int) -> None:
    from bench.webhook_fixtures import hire_fixed_contract
    from vamarket.db import session_scope
    from vamarket.models import User
    from vamarket.payments import funding

    with httpx.Client(timeout=30) as http:
        for _ in range(count):
            contract_id, client_id = hire_fixed_contract()
            with session_scope() as session:
                url = funding.start_funding(session, actor=session.get(User, client_id),
                                            contract_id=contract_id, return_base="http://bench")
            http.post(f"{stripe_base}/_test/checkout/{url.rstrip('/').rsplit('/', 1)[-1]}/pay",
                      json={})


def _post_all(endpoint: str, deliveries: list[bytes]) -> tuple[float, int]:
    from vamarket.stripe_local.webhooks import sign

    def send(chunk: list[bytes]) -> int:
        duplicates = 0
        with httpx.Client(timeout=60) as http:
            for payload in chunk:
                response = http.post(endpoint, content=payload,
                                     headers={"Stripe-Signature": sign(payload, SECRET),
                                              "Content-Type": "application/json"})
                if response.status_code != 200:
                    raise RuntimeError(f"endpoint answered {response.status_code}: {response.text}")
                duplicates += bool(response.json().get("duplicate"))
        return duplicates

    chunks = [deliveries[i::SENDERS] for i in range(SENDERS)]
    started = time.perf_counter()
    with ThreadPoolExecutor(SENDERS) as pool:
        duplicates = sum(pool.map(send, chunks))
    return time.perf_counter() - started, duplicates


def main() -> int:
    """Run the benchmark and print one line."""
    dialect, url, drop = _scratch_database()
    stripe_port, app_port = _free_port(), _free_port()
    stripe_base = f"http://127.0.0.1:{stripe_port}"
    os.environ.update({"DATABASE_URL": url, "STRIPE_WEBHOOK_SECRET": SECRET,
                       "STRIPE_API_BASE": stripe_base})
    os.environ.pop("STRIPE_SECRET_KEY", None)
    from vamarket.migrations import upgrade_to_head

    upgrade_to_head(url)
    env = dict(os.environ)
    stripe_server = _start(["-m", "vamarket.stripe_local", "--port", str(stripe_port)], env,
                           f"{stripe_base}/_test/state")
    endpoint = _start(_server_command(app_port), env, f"http://127.0.0.1:{app_port}/")
    from vamarket.db import get_engine, session_scope
    from vamarket.services import ledger

    try:
        _make_paid_contracts(stripe_base, CONTRACTS)
        events = _events(stripe_base)
        rng = random.Random(7)
        deliveries = [json.dumps(event).encode() for event in events
                      for _ in range(rng.choice((1, 1, 2)))]
        rng.shuffle(deliveries)
        seconds, duplicates = _post_all(f"http://127.0.0.1:{app_port}/stripe/webhook", deliveries)
        with session_scope() as session:
            balanced = ledger.trial_balance_ok(session) and ledger.escrow_never_negative(session)
        print(f"webhooks db={dialect} events_per_s={len(deliveries) / seconds:.0f} "
              f"duplicates_ignored={duplicates} ledger_balanced={str(balanced).lower()}")
        print(f"  ({len(events)} events, {len(deliveries)} deliveries, {SENDERS} senders, "
              f"{WORKERS} endpoint workers, {seconds:.1f} s)", file=sys.stderr)
        return 0 if balanced else 1
    finally:
        for process in (endpoint, stripe_server):
            process.terminate()
            process.wait(timeout=20)
        get_engine().dispose()
        drop()


if __name__ == "__main__":
    raise SystemExit(main())
