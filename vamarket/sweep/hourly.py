"""Sweep job: hourly weeks.

- Monday 00:00 in the VA's timezone closes a week: an open week with time in it is submitted.
- A submitted week the client leaves unanswered for `HOURLY_REVIEW_DAYS` is approved (silence
  approves) and charged on the saved card.
- A charged week is released to the VA once the same window has passed since its approval.

Each week is handled in a transaction of its own, after claiming its contract and the week with
SELECT … FOR UPDATE SKIP LOCKED (on PostgreSQL; SQLite lets one writer in at a time) and reading
its state again under the lock: several workers can sweep at once, a row another worker holds is
left for the next run, and running the sweep twice changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, col, select

from vamarket import lifecycle
from vamarket.db import session_scope
from vamarket.models import Contract, Timesheet, User
from vamarket.payments import hourly
from vamarket.services import timesheets

BATCH = 20
# the first timezone to reach Monday (UTC+14) closes a week 14 hours before UTC does
EARLIEST_ZONE_AHEAD = timedelta(hours=14)

log = logging.getLogger(__name__)

Action = Callable[[Session, Contract, Timesheet, datetime], bool]


def run(now: datetime) -> dict[str, int]:
    """Close ended weeks, approve unanswered ones, release those past the window; how many of
    each were done."""
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    window = timedelta(days=hourly.review_days())
    return {
        "submitted": _sweep([Timesheet.status == "open", col(Timesheet.iso_week) < timesheets.iso_week(
            (now + EARLIEST_ZONE_AHEAD).date())], close_week, now),
        "approved": _sweep([Timesheet.status == "submitted",
                            col(Timesheet.submitted_at) <= now - window], approve_week, now),
        "released": _sweep([Timesheet.status == "charged",
                            col(Timesheet.approved_at) <= now - window], release_week, now),
    }


def close_week(session: Session, contract: Contract, timesheet: Timesheet, now: datetime) -> bool:
    """Submit an open week with time in it once Monday 00:00 after it has passed for the VA."""
    if timesheet.status != "open" or timesheets.logged_minutes(session, timesheet.id) == 0:
        return False
    va = session.get(User, contract.va_id)
    if va is None:
        return False
    if now < timesheets.week_closes_at(timesheet.iso_week, timesheets.user_zone(session, va)):
        return False
    timesheets.submit_locked_week(session, contract, timesheet, actor_id=None,
                                  role=lifecycle.SWEEPER, at=now)
    return True


def approve_week(session: Session, contract: Contract, timesheet: Timesheet,
                 now: datetime) -> bool:
    """Approve (and charge) a submitted week whose review window has ended unanswered."""
    ends = timesheets.review_ends_at(timesheet)
    if timesheet.status != "submitted" or ends is None or now < ends:
        return False
    timesheets.approve_locked_week(session, contract, timesheet, actor_id=None,
                                   role=lifecycle.SWEEPER, at=now)
    return True


def release_week(session: Session, contract: Contract, timesheet: Timesheet,
                 now: datetime) -> bool:
    """Release a charged week once the review window after its approval has passed (when the
    VA can be paid; otherwise it waits for a later run)."""
    window = timedelta(days=hourly.review_days())
    if timesheet.status != "charged" or timesheet.approved_at is None \
            or now < timesheet.approved_at + window:
        return False
    return hourly.release_week(session, contract=contract, timesheet=timesheet)


def _sweep(where: list, action: Action, now: datetime) -> int:
    """Run `action` on every week matching `where`, in batches, one transaction per week."""
    done, after = 0, 0
    while True:
        with session_scope() as session:
            ids = list(session.exec(select(Timesheet.id).where(*where, col(Timesheet.id) > after)
                                    .order_by(col(Timesheet.id)).limit(BATCH)).all())
        if not ids:
            return done
        for timesheet_id in ids:
            done += _one(action, timesheet_id, now)
        after = ids[-1]


def _one(action: Action, timesheet_id: int, now: datetime) -> int:
    """One week in its own transaction; a failure is logged and leaves the week as it was."""
    try:
        with session_scope() as session:
            claimed = claim(session, timesheet_id)
            return int(claimed is not None and action(session, *claimed, now))
    except Exception:
        log.exception("hourly sweep: week %s failed; it is tried again on the next run",
                      timesheet_id)
        return 0


def claim(session: Session, timesheet_id: int) -> tuple[Contract, Timesheet] | None:
    """The week's contract, then the week, locked for this transaction; None when another
    worker holds either (SKIP LOCKED) or the week is gone. Contract first, as the services do."""
    contract_id = session.exec(select(Timesheet.contract_id)
                               .where(Timesheet.id == timesheet_id)).first()
    if contract_id is None:
        return None
    contract = _skip_locked(session, Contract, contract_id)
    timesheet = _skip_locked(session, Timesheet, timesheet_id) if contract else None
    if contract is None or timesheet is None:
        return None
    return contract, timesheet


def _skip_locked(session: Session, model, key: int):
    return session.exec(select(model).where(model.id == key)
                        .with_for_update(skip_locked=True)
                        .execution_options(populate_existing=True)).first()
