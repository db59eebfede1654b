"""The background sweep: time-driven work (auto-approvals, expiries, reminders, emails).

Each job is a module here with `run(now) -> dict[str, int]` (what it did, by name). `run_once`
runs them all; one job failing is logged and does not stop the others. The jobs claim their rows
with SELECT … FOR UPDATE SKIP LOCKED and handle one row per transaction, so several workers (the
app's schedule in each process, `python -m vamarket.cli sweep` from cron) can run at once.

The app runs `run_once` every `SWEEP_INTERVAL_SECONDS` (0 turns the schedule off) in a worker
thread, from a lifespan task registered in vamarket/vamarket.py.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
from datetime import datetime

from vamarket.models.base import utcnow

JOBS = ("milestones", "checkouts", "hourly", "outbox")

log = logging.getLogger(__name__)


def run_once(now: datetime | None = None) -> dict[str, int]:
    """Run every job once at `now` (default: the current time); counts as `<job>.<name>`, and
    `<job>.job_failed` = 1 for a job that raised."""
    now = now or utcnow()
    counts: dict[str, int] = {}
    for job in JOBS:
        try:
            done = importlib.import_module(f"{__name__}.{job}").run(now)
        except Exception:
            log.exception("sweep job %s failed; the other jobs carry on", job)
            counts[f"{job}.job_failed"] = 1
            continue
        for name, count in (done or {}).items():
            counts[f"{job}.{name}"] = int(count)
    return counts


def format_line(counts: dict[str, int]) -> str:
    """One line for logs and the command line: `sweep hourly.submitted=1 …`."""
    return " ".join(["sweep", *(f"{name}={count}" for name, count in counts.items())])


async def run_on_schedule() -> None:
    """Run the sweep every SWEEP_INTERVAL_SECONDS in a worker thread for as long as the app
    lives; a failing run is logged and the next one comes as planned."""
    from vamarket.settings import get_settings

    interval = get_settings().sweep_interval_seconds
    if interval <= 0:
        log.info("sweep schedule off (SWEEP_INTERVAL_SECONDS=0)")
        return
    while True:
        await asyncio.sleep(interval)
        try:
            counts = await asyncio.to_thread(run_once)
        except Exception:  # never let the schedule end the app
            log.exception("sweep run failed")
            continue
        if any(counts.values()):
            log.info(format_line(counts))
