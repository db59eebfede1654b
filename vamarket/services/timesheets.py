"""Hourly contracts: the VA logs time into weekly timesheets (one per ISO week, opened on
demand), submits the week, and the client approves it, which charges the saved card
(payments/hourly.py). Rules (lifecycle.TIMESHEET):

- only the contract's VA logs time, on an active hourly contract, 1–1440 minutes per entry and
  per day, a description of 1–1000 characters, never in a week after the VA's current one
  (in the VA's timezone), and only into a week that is still open;
- the VA submits an open week; the client approves a submitted one;
- the weekly cap holds: a week's approved minutes never exceed `weekly_hour_cap` × 60.

Not here yet: disputing a week, auto-submit at the week's end and auto-approve after the review
window (the sweep).
"""

from __future__ import annotations

import re
from contextlib import suppress
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import Session, col, func, select

from vamarket import lifecycle
from vamarket.errors import InvalidInput, InvalidTransition, NotFound, PermissionDenied
from vamarket.models import Contract, TimeEntry, Timesheet, User
from vamarket.models.base import utcnow
from vamarket.payments import common, hourly
from vamarket.services import audit, notifications

MAX_MINUTES = 1440
MAX_DESCRIPTION = 1000
_WEEK = re.compile(r"^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$")


def iso_week(day: date) -> str:
    """The ISO week of `day` as stored on timesheets, e.g. `2026-W49`."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def local_today(user: User) -> date:
    """Today's date in the user's timezone (UTC when it is unknown)."""
    try:
        zone = ZoneInfo(user.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return datetime.now(zone).date()


def _hourly_contract(session: Session, contract_id: int) -> Contract:
    contract = common.lock_contract(session, contract_id)
    if contract.kind != "hourly":
        raise InvalidTransition("error.contract_not_hourly")
    return contract


def _logged_minutes(session: Session, timesheet_id: int) -> int:
    return int(session.exec(select(func.coalesce(func.sum(TimeEntry.minutes), 0)).where(
        TimeEntry.timesheet_id == timesheet_id)).one())


def _week_of(session: Session, contract_id: int, week: str) -> Timesheet | None:
    return session.exec(select(Timesheet).where(
        Timesheet.contract_id == contract_id, Timesheet.iso_week == week)).first()


def log_time(session: Session, *, actor: User, contract_id: int, work_date: date, minutes: int,
             description: str, today: date | None = None) -> TimeEntry:
    """The VA logs `minutes` worked on `work_date`; the entry joins its week's open timesheet
    (created on demand). `today` defaults to the VA's local date."""
    contract = _hourly_contract(session, contract_id)
    if contract.va_id != actor.id:
        raise PermissionDenied()
    if contract.status != "active":
        raise InvalidTransition("error.contract_not_active")
    if isinstance(minutes, bool) or not isinstance(minutes, int) or \
            not 1 <= minutes <= MAX_MINUTES:
        raise InvalidInput("error.time_minutes", field="minutes")
    text = (description or "").strip()
    if not 1 <= len(text) <= MAX_DESCRIPTION:
        raise InvalidInput("error.time_description", field="description")
    if not isinstance(work_date, date) or isinstance(work_date, datetime):
        raise InvalidInput("error.date_invalid", field="work_date")
    week = iso_week(work_date)
    if week > iso_week(today or local_today(actor)):
        raise InvalidInput("error.time_future_week", field="work_date")
    timesheet = _week_of(session, contract.id, week)
    if timesheet is None:
        timesheet = Timesheet(contract_id=contract.id, iso_week=week)
        session.add(timesheet)
        session.flush()
    elif timesheet.status != "open":
        raise InvalidTransition("error.timesheet_not_open")
    that_day = int(session.exec(select(func.coalesce(func.sum(TimeEntry.minutes), 0)).where(
        TimeEntry.contract_id == contract.id, TimeEntry.work_date == work_date)).one())
    if that_day + minutes > MAX_MINUTES:
        raise InvalidInput("error.time_day_full", field="minutes")
    entry = TimeEntry(contract_id=contract.id, timesheet_id=timesheet.id, work_date=work_date,
                      minutes=minutes, description=text)
    session.add(entry)
    session.flush()
    audit.record(session, actor_id=actor.id, action="time.logged", object_type="timesheet",
                 object_id=timesheet.id, contract_id=contract.id, entry=entry.id,
                 work_date=work_date.isoformat(), minutes=minutes)
    return entry


def week_entries(session: Session, *, actor: User, timesheet_id: int) -> list[TimeEntry]:
    """A week's entries, for the contract's client or VA."""
    timesheet = session.get(Timesheet, timesheet_id)
    if timesheet is None:
        raise NotFound()
    contract = session.get(Contract, timesheet.contract_id)
    if contract is None or actor.id not in (contract.client_id, contract.va_id):
        raise NotFound()
    return list(session.exec(select(TimeEntry).where(TimeEntry.timesheet_id == timesheet_id)
                             .order_by(col(TimeEntry.work_date), col(TimeEntry.id))).all())


def submit_week(session: Session, *, actor: User, contract_id: int, iso_week: str) -> Timesheet:
    """The VA hands in an open week for approval; its approved minutes are what was logged,
    capped at the weekly limit."""
    contract = _hourly_contract(session, contract_id)
    if contract.va_id != actor.id:
        raise PermissionDenied()
    if not isinstance(iso_week, str) or not _WEEK.match(iso_week):
        raise InvalidInput("error.iso_week", field="iso_week")
    found = _week_of(session, contract.id, iso_week)
    if found is None:
        raise NotFound()
    timesheet: Timesheet = common.lock(session, Timesheet, found.id)  # type: ignore[assignment]
    timesheet.status = lifecycle.TIMESHEET.require(timesheet.status, "submit", lifecycle.VA)
    logged = _logged_minutes(session, timesheet.id)
    timesheet.approved_minutes = hourly.billable_minutes(contract, logged)
    timesheet.submitted_at = utcnow()
    session.add(timesheet)
    audit.record(session, actor_id=actor.id, action="timesheet.submitted",
                 object_type="timesheet", object_id=timesheet.id, contract_id=contract.id,
                 logged=logged, billable=timesheet.approved_minutes)
    notifications.notify(session, user_id=contract.client_id, kind="timesheet_submitted",
                         link=f"/contracts/{contract.id}", title=iso_week)
    session.flush()
    return timesheet


def approve_week(session: Session, *, actor: User, timesheet_id: int) -> Timesheet:
    """The client approves a submitted week, which is then charged on the saved card. A
    declined (or missing) card leaves the week approved and unpaid and the client is told;
    approving again changes nothing."""
    contract, timesheet = hourly.lock_timesheet(session, timesheet_id)
    if contract.client_id != actor.id:
        raise PermissionDenied()
    if timesheet.status in ("approved", "charged", "released"):
        return timesheet
    timesheet.status = lifecycle.TIMESHEET.require(timesheet.status, "approve",
                                                   lifecycle.CLIENT)
    timesheet.approved_minutes = hourly.billable_minutes(
        contract, _logged_minutes(session, timesheet.id))
    timesheet.approved_at = utcnow()
    session.add(timesheet)
    audit.record(session, actor_id=actor.id, action="timesheet.approved",
                 object_type="timesheet", object_id=timesheet.id, contract_id=contract.id,
                 minutes=timesheet.approved_minutes)
    notifications.notify(session, user_id=contract.va_id, kind="timesheet_approved",
                         link=f"/contracts/{contract.id}", title=timesheet.iso_week)
    session.flush()
    # a decline is recorded and the client notified; the week stays approved
    with suppress(hourly.HourlyChargeFailed):
        hourly.charge_week(session, timesheet_id=timesheet.id)
    return timesheet
