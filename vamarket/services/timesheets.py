"""Hourly contracts: the VA logs time into weekly timesheets (one per ISO week, opened on
demand), submits the week, and the client approves it, which charges the saved card
(payments/hourly.py), or disputes it. Rules (lifecycle.TIMESHEET):

- only the contract's VA logs time, on an active hourly contract, 1–1440 minutes per entry and
  per day, a description of 1–1000 characters, never in a week after the VA's current one
  (in the VA's timezone), and only into a week that is still open; an entry of an open week
  may be deleted by the VA;
- the VA submits an open week; the client approves or disputes a submitted one within the
  review window (`HOURLY_REVIEW_DAYS`);
- the weekly cap holds: a week's approved minutes never exceed `weekly_hour_cap` × 60;
- the sweeper (sweep/hourly.py) submits a week with time in it once Monday 00:00 has passed in
  the VA's timezone, and approves a week left unanswered for the review window.
"""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import Session, col, func, select

from vamarket import lifecycle
from vamarket.errors import InvalidInput, InvalidTransition, NotFound, PermissionDenied
from vamarket.models import Contract, TimeEntry, Timesheet, User, VAProfile
from vamarket.models.base import utcnow
from vamarket.payments import common, hourly
from vamarket.payments.hourly_records import TimesheetMoney
from vamarket.services import audit, notifications

MAX_MINUTES = 1440
MAX_DESCRIPTION = 1000
_WEEK = re.compile(r"^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$")
_MINUTES = re.compile(r"^(\d{1,4})$|^(\d{1,2}):([0-5]\d)$", re.ASCII)


def iso_week(day: date) -> str:
    """The ISO week of `day` as stored on timesheets, e.g. `2026-W49`."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_monday(week: str) -> date:
    """The Monday that starts the ISO week `week` (`2026-W49` → 2026-11-30)."""
    return date.fromisocalendar(int(week[:4]), int(week[6:]), 1)


def user_zone(session: Session, user: User) -> ZoneInfo:
    """The timezone on the user's VA profile (UTC when there is none or it is unknown)."""
    profile = session.get(VAProfile, user.id)
    try:
        return ZoneInfo((profile.timezone if profile else "") or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_today(session: Session, user: User) -> date:
    """Today's date in the user's timezone (UTC when it is unknown)."""
    return datetime.now(user_zone(session, user)).date()


def week_closes_at(week: str, zone: ZoneInfo) -> datetime:
    """Monday 00:00 after the week, in `zone`: when the week closes for a VA living there."""
    return datetime.combine(week_monday(week) + timedelta(days=7), time(0), tzinfo=zone)


def review_ends_at(timesheet: Timesheet) -> datetime | None:
    """When silence approves a submitted week (submitted + HOURLY_REVIEW_DAYS)."""
    if timesheet.submitted_at is None:
        return None
    return timesheet.submitted_at + timedelta(days=hourly.review_days())


def parse_minutes(text: object) -> int:
    """A typed duration: whole minutes (`"90"`) or hours and minutes (`"1:30"`)."""
    match = _MINUTES.match(str(text or "").strip())
    if match is None:
        raise InvalidInput("error.time_minutes", field="minutes")
    plain, hours, minutes = match.groups()
    total = int(plain) if plain is not None else int(hours) * 60 + int(minutes)
    if not 1 <= total <= MAX_MINUTES:
        raise InvalidInput("error.time_minutes", field="minutes")
    return total


def _hourly_contract(session: Session, contract_id: int) -> Contract:
    contract = common.lock_contract(session, contract_id)
    if contract.kind != "hourly":
        raise InvalidTransition("error.contract_not_hourly")
    return contract


def logged_minutes(session: Session, timesheet_id: int) -> int:
    """Minutes logged into a week."""
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
    text = (description or "").strip() if isinstance(description, str) else ""
    if not 1 <= len(text) <= MAX_DESCRIPTION:
        raise InvalidInput("error.time_description", field="description")
    if not isinstance(work_date, date) or isinstance(work_date, datetime):
        raise InvalidInput("error.date_invalid", field="work_date")
    week = iso_week(work_date)
    if week > iso_week(today or local_today(session, actor)):
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


def delete_entry(session: Session, *, actor: User, entry_id: int) -> None:
    """The VA removes one of their entries while its week is still open."""
    entry = session.get(TimeEntry, entry_id)
    if entry is None:
        raise NotFound()
    contract = common.lock_contract(session, entry.contract_id)
    if contract.va_id != actor.id:
        raise PermissionDenied()
    week = common.lock(session, Timesheet, entry.timesheet_id) if entry.timesheet_id else None
    if week is None or week.status != "open":  # type: ignore[attr-defined]
        raise InvalidTransition("error.timesheet_not_open")
    audit.record(session, actor_id=actor.id, action="time.deleted", object_type="timesheet",
                 object_id=entry.timesheet_id, contract_id=contract.id, entry=entry.id,
                 work_date=entry.work_date.isoformat(), minutes=entry.minutes)
    session.delete(entry)
    session.flush()


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


@dataclass(frozen=True)
class WeekView:
    """One week of an hourly contract as its client and VA see it."""

    timesheet: Timesheet  # id None: the VA's current week before any time is logged
    entries: list[TimeEntry]
    logged_minutes: int
    billable_minutes: int  # never above the weekly cap
    amount_minor: int  # what was charged, or what approving would charge
    review_ends: datetime | None  # a submitted week: when silence approves it
    releases_at: datetime | None  # a charged week: when the money goes to the VA


def contract_weeks(session: Session, *, actor: User, contract_id: int,
                   limit: int = 12) -> list[WeekView]:
    """The latest weeks of an hourly contract with their entries, newest first, for its client
    or VA; while the contract is active the VA's current week is always there."""
    contract = session.get(Contract, contract_id)
    if contract is None:
        raise NotFound()
    if actor.id not in (contract.client_id, contract.va_id):
        raise PermissionDenied()
    if contract.kind != "hourly":
        return []
    weeks = list(session.exec(select(Timesheet).where(Timesheet.contract_id == contract.id)
                              .order_by(col(Timesheet.iso_week).desc()).limit(limit)).all())
    va = session.get(User, contract.va_id)
    current = iso_week(local_today(session, va)) if va else ""
    if contract.status == "active" and current and current not in {w.iso_week for w in weeks}:
        weeks.insert(0, Timesheet(contract_id=contract.id, iso_week=current))
    ids = [w.id for w in weeks if w.id is not None]
    entries: dict[int, list[TimeEntry]] = {}
    for entry in session.exec(select(TimeEntry).where(col(TimeEntry.timesheet_id).in_(ids))
                              .order_by(col(TimeEntry.work_date), col(TimeEntry.id))).all():
        entries.setdefault(entry.timesheet_id or 0, []).append(entry)
    money = {m.timesheet_id: m for m in session.exec(
        select(TimesheetMoney).where(col(TimesheetMoney.timesheet_id).in_(ids))).all()}
    return [_week_view(contract, w, entries.get(w.id or 0, []), money.get(w.id or 0))
            for w in weeks]


def _week_view(contract: Contract, week: Timesheet, entries: list[TimeEntry],
               money: TimesheetMoney | None) -> WeekView:
    logged = sum(e.minutes for e in entries)
    billable = (hourly.billable_minutes(contract, logged) if week.status == "open"
                else week.approved_minutes)
    charged = week.status in ("charged", "released") and money is not None
    amount = money.amount_minor if charged and money else hourly.hourly_amount(
        hourly.billable_minutes(contract, billable), contract.rate_minor)
    releases = (week.approved_at + timedelta(days=hourly.review_days())
                if week.status == "charged" and week.approved_at else None)
    return WeekView(week, entries, logged, billable, amount,
                    review_ends_at(week) if week.status == "submitted" else None, releases)


def submit_locked_week(session: Session, contract: Contract, timesheet: Timesheet, *,
                       actor_id: int | None, role: str, at: datetime) -> None:
    """Submit an open week (contract and week locked by the caller) at `at`: its approved
    minutes are what was logged, capped. The sweeper's submission also tells the VA."""
    timesheet.status = lifecycle.TIMESHEET.require(timesheet.status, "submit", role)
    logged = logged_minutes(session, timesheet.id)
    timesheet.approved_minutes = hourly.billable_minutes(contract, logged)
    timesheet.submitted_at = at
    session.add(timesheet)
    audit.record(session, actor_id=actor_id, action="timesheet.submitted",
                 object_type="timesheet", object_id=timesheet.id, contract_id=contract.id,
                 logged=logged, billable=timesheet.approved_minutes, by=role)
    link = f"/contracts/{contract.id}"
    notifications.notify(session, user_id=contract.client_id, kind="timesheet_submitted",
                         link=link, title=timesheet.iso_week)
    if role == lifecycle.SWEEPER:
        notifications.notify(session, user_id=contract.va_id, kind="timesheet_closed",
                             link=link, title=timesheet.iso_week)
    session.flush()


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
    if timesheet.status == "open" and logged_minutes(session, timesheet.id) == 0:
        raise InvalidInput("error.week_empty", field="iso_week")
    submit_locked_week(session, contract, timesheet, actor_id=actor.id, role=lifecycle.VA,
                       at=utcnow())
    return timesheet


def approve_locked_week(session: Session, contract: Contract, timesheet: Timesheet, *,
                        actor_id: int | None, role: str, at: datetime) -> None:
    """Approve a submitted week (contract and week locked by the caller) at `at`, then charge
    it; a declined (or missing) card leaves it approved and unpaid and the client is told."""
    timesheet.status = lifecycle.TIMESHEET.require(timesheet.status, "approve", role)
    timesheet.approved_minutes = hourly.billable_minutes(
        contract, logged_minutes(session, timesheet.id))
    timesheet.approved_at = at
    session.add(timesheet)
    audit.record(session, actor_id=actor_id, action="timesheet.approved",
                 object_type="timesheet", object_id=timesheet.id, contract_id=contract.id,
                 minutes=timesheet.approved_minutes, by=role)
    link = f"/contracts/{contract.id}"
    notifications.notify(session, user_id=contract.va_id, kind="timesheet_approved",
                         link=link, title=timesheet.iso_week)
    if role == lifecycle.SWEEPER:
        notifications.notify(session, user_id=contract.client_id,
                             kind="timesheet_auto_approved", link=link, title=timesheet.iso_week)
    session.flush()
    with suppress(hourly.HourlyChargeFailed):
        hourly.charge_week(session, timesheet_id=timesheet.id)


def approve_week(session: Session, *, actor: User, timesheet_id: int) -> Timesheet:
    """The client approves a submitted week, which is then charged on the saved card. A
    declined (or missing) card leaves the week approved and unpaid and the client is told;
    approving again changes nothing."""
    contract, timesheet = hourly.lock_timesheet(session, timesheet_id)
    if contract.client_id != actor.id:
        raise PermissionDenied()
    if timesheet.status in ("approved", "charged", "released"):
        return timesheet
    approve_locked_week(session, contract, timesheet, actor_id=actor.id, role=lifecycle.CLIENT,
                        at=utcnow())
    return timesheet


def retry_charge(session: Session, *, actor: User, timesheet_id: int) -> Timesheet:
    """The client tries the saved card again for an approved week that is still unpaid."""
    contract, timesheet = hourly.lock_timesheet(session, timesheet_id)
    if contract.client_id != actor.id:
        raise PermissionDenied()
    if timesheet.status != "approved":
        raise InvalidTransition("transition.timesheet")
    with suppress(hourly.HourlyChargeFailed):
        hourly.charge_week(session, timesheet_id=timesheet.id)
    return timesheet


def dispute_week(session: Session, *, actor: User, timesheet_id: int, reason: str):
    """The client disputes a week, with a reason, before the window closes: a submitted week
    before silence approves it, an approved or charged one before it is released. The dispute
    itself (the week turns `disputed`, the VA is told) is services/disputes.py's."""
    from vamarket.services import disputes  # imported late: disputes may grow to need this module

    contract, timesheet = hourly.lock_timesheet(session, timesheet_id)
    if contract.client_id != actor.id:
        raise PermissionDenied()
    if timesheet.status == "submitted":
        ends = review_ends_at(timesheet)
    elif timesheet.status in ("approved", "charged") and timesheet.approved_at is not None:
        ends = timesheet.approved_at + timedelta(days=hourly.review_days())
    else:
        raise InvalidTransition("transition.timesheet")
    if ends is not None and utcnow() > ends:
        raise InvalidTransition("error.review_window_over")
    return disputes.open_dispute(session, actor=actor, contract_id=contract.id,
                                 timesheet_id=timesheet.id, reason=reason)
