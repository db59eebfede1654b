"""The sweep runner: every job runs even when one fails (the failure is logged), the command
prints one line of counts, and the app's schedule survives a failing run and can be turned off."""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
import uuid
from datetime import date, timedelta

import pytest

from tests.conftest import app_database, run_async
from tests.unit.work_factories import hourly_job, hourly_quote
from vamarket import sweep
from vamarket.db import session_scope
from vamarket.models import User
from vamarket.services import contracts, jobs, quotes, timesheets
from vamarket.settings import PROJECT_ROOT, SettingsError, load_settings


def _job(result=None, error: Exception | None = None, calls: list | None = None):
    def run(now):
        if calls is not None:
            calls.append(now)
        if error is not None:
            raise error
        return result
    return run


def test_a_failing_job_is_logged_and_the_others_still_run(monkeypatch, caplog):
    calls: list = []
    monkeypatch.setattr("vamarket.sweep.milestones.run", _job({"approved": 2}, calls=calls))
    monkeypatch.setattr("vamarket.sweep.checkouts.run", _job(error=RuntimeError("Stripe is down")))
    monkeypatch.setattr("vamarket.sweep.hourly.run", _job({"submitted": 1, "approved": 0}, calls=calls))
    monkeypatch.setattr("vamarket.sweep.outbox.run", _job({"sent": 3}, calls=calls))
    with caplog.at_level(logging.ERROR, logger="vamarket.sweep"):
        counts = sweep.run_once()
    assert counts == {"milestones.approved": 2, "checkouts.job_failed": 1, "hourly.submitted": 1,
                      "hourly.approved": 0, "outbox.sent": 3}
    assert len(calls) == 3 and len(set(calls)) == 1  # one `now` for every job
    [record] = [r for r in caplog.records if "checkouts" in r.getMessage()]
    assert "Stripe is down" in str(record.exc_info[1])
    assert sweep.format_line(counts) == ("sweep milestones.approved=2 checkouts.job_failed=1 "
                                         "hourly.submitted=1 hourly.approved=0 outbox.sent=3")


@pytest.fixture
def committed_db(tmp_path_factory):
    """A migrated SQLite database of its own (the command runs in another process)."""
    with app_database("sqlite", tmp_path_factory) as url:
        yield url


def _ended_week_with_time() -> None:
    """An active hourly contract whose VA logged an hour last week (the VA is on UTC)."""
    with session_scope() as session:
        client, va = (User(email=f"{uuid.uuid4().hex[:10]}@example.com", email_verified=True,
                           onboarded=True, **role) for role in ({"is_client": True}, {"is_va": True}))
        session.add_all([client, va])
        session.flush()
        job = jobs.create_job(session, actor=client, data=hourly_job(), publish=True)
        quote = quotes.send_quote(session, actor=va, job_id=job.id, data=hourly_quote())
        contract = contracts.hire(session, actor=client, quote_id=quote.id)
        contract.status = "active"
        session.add(contract)
        session.flush()
        today = date.today()
        timesheets.log_time(session, actor=va, contract_id=contract.id,
                            work_date=today - timedelta(days=today.weekday() + 7), minutes=60,
                            description="Weekly report", today=today)


def test_the_command_prints_one_line_of_counts(committed_db):
    _ended_week_with_time()
    env = {**os.environ, "DATABASE_URL": committed_db, "SWEEP_INTERVAL_SECONDS": "0"}
    env.pop("STRIPE_SECRET_KEY", None)
    done = subprocess.run([sys.executable, "-m", "vamarket.cli", "sweep"], cwd=PROJECT_ROOT,
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1, done.stdout + done.stderr
    words = lines[0].split()
    assert words[0] == "sweep"
    counts = dict(word.split("=") for word in words[1:])
    assert counts["hourly.submitted"] == "1"
    assert (counts["hourly.approved"], counts["hourly.released"]) == ("0", "0")
    assert all(value.isdigit() for value in counts.values())
    assert done.returncode == (1 if any(k.endswith(".job_failed") for k in counts) else 0)
    again = subprocess.run([sys.executable, "-m", "vamarket.cli", "sweep"], cwd=PROJECT_ROOT,
                           env=env, capture_output=True, text=True, timeout=120, check=False)
    assert "hourly.submitted=0" in again.stdout


def test_the_interval_is_a_setting():
    assert load_settings({}, env_file=PROJECT_ROOT / "missing.env").sweep_interval_seconds == 60
    assert load_settings({"SWEEP_INTERVAL_SECONDS": "0"},
                         env_file=PROJECT_ROOT / "missing.env").sweep_interval_seconds == 0
    for bad in ("-1", "soon", "100000"):
        with pytest.raises(SettingsError, match="SWEEP_INTERVAL_SECONDS"):
            load_settings({"SWEEP_INTERVAL_SECONDS": bad}, env_file=PROJECT_ROOT / "missing.env")


def _schedule_for(seconds: float, monkeypatch, interval: str, run_once) -> None:
    from tests.conftest import reset_caches

    monkeypatch.setenv("SWEEP_INTERVAL_SECONDS", interval)
    reset_caches()
    monkeypatch.setattr(sweep, "run_once", run_once)

    async def main() -> None:
        task = asyncio.create_task(sweep.run_on_schedule())
        await asyncio.sleep(seconds)
        assert interval == "0" or not task.done(), "the schedule ended"
        task.cancel()

    try:
        run_async(main())
    finally:
        reset_caches()


def test_the_schedule_survives_a_failing_run(monkeypatch, caplog):
    runs: list[int] = []

    def flaky(now=None):
        runs.append(1)
        if len(runs) == 1:
            raise RuntimeError("database restarting")
        return {"hourly.submitted": 1}

    with caplog.at_level(logging.INFO, logger="vamarket.sweep"):
        _schedule_for(2.6, monkeypatch, "1", flaky)
    assert len(runs) >= 2
    assert any("database restarting" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)
    assert any("sweep hourly.submitted=1" in r.getMessage() for r in caplog.records)


def test_a_zero_interval_turns_the_schedule_off(monkeypatch):
    runs: list[int] = []
    _schedule_for(1.2, monkeypatch, "0", lambda now=None: runs.append(1) or {})
    assert runs == []
