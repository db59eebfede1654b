"""Hourly weeks in the contract room: typed durations, deleting entries, the weeks as both
parties see them (totals, cap, amounts), a week closing at Monday 00:00 in the VA's timezone,
silence approving after the review window, disputing within it, retrying a failed charge."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from tests.unit.work_factories import fixed_job, fixed_quote, hourly_job, hourly_quote
from vamarket.errors import InvalidInput, InvalidTransition, NotFound, PermissionDenied
from vamarket.models import AuditLog, Contract, Dispute, Notification, TimeEntry, Timesheet, User, VAProfile
from vamarket.payments import hourly
from vamarket.services import contracts, jobs, quotes, timesheets
from vamarket.settings import get_settings
from vamarket.sweep import hourly as sweep_hourly

WEEK = "2026-W47"  # Monday 16 – Sunday 22 November 2026
MONDAY = date(2026, 11, 16)
AFTER = date(2026, 11, 30)  # "today" for logging into that week


@dataclass
class Room:
    contract: Contract
    client: User
    va: User


def _room(db, make_user, *, kind: str = "hourly", zone: str = "Asia/Jakarta") -> Room:
    client = make_user(is_client=True)
    va = make_user(is_va=True)
    db.add(VAProfile(user_id=va.id, timezone=zone))
    hourly = kind == "hourly"
    job = jobs.create_job(db, actor=client, publish=True,
                          data=hourly_job() if hourly else fixed_job())
    quote = quotes.send_quote(db, actor=va, job_id=job.id,
                              data=hourly_quote() if hourly else fixed_quote())
    contract = contracts.hire(db, actor=client, quote_id=quote.id)
    contract.status = "active"  # the client's card is saved (payments are tested elsewhere)
    db.add(contract)
    db.flush()
    return Room(contract, client, va)


@pytest.fixture
def room(db, make_user) -> Room:
    """An active hourly contract (Rp 75,000 an hour, 10 hours a week) with a VA in Jakarta."""
    return _room(db, make_user)


def _log(db, room: Room, day: date, minutes: int, today: date = AFTER) -> TimeEntry:
    return timesheets.log_time(db, actor=room.va, contract_id=room.contract.id, work_date=day,
                               minutes=minutes, description="Inbox and calendar", today=today)


def _week(db, room: Room, week: str = WEEK) -> Timesheet:
    return db.exec(select(Timesheet).where(Timesheet.contract_id == room.contract.id,
                                           Timesheet.iso_week == week)).one()


def _kinds(db, user: User) -> list[str]:
    return list(db.exec(select(Notification.kind).where(Notification.user_id == user.id)).all())


def _submitted(db, room: Room, minutes: list[int]) -> Timesheet:
    for offset, amount in enumerate(minutes):
        _log(db, room, MONDAY + timedelta(days=offset), amount)
    return timesheets.submit_week(db, actor=room.va, contract_id=room.contract.id, iso_week=WEEK)


@pytest.mark.parametrize(("typed", "minutes"), [
    ("90", 90), ("1:30", 90), (" 2:05 ", 125), ("0:45", 45), ("24:00", 1440), ("1440", 1440)])
def test_durations_are_typed_as_minutes_or_hours_and_minutes(typed, minutes):
    assert timesheets.parse_minutes(typed) == minutes


@pytest.mark.parametrize("typed", ["", "0", "0:00", "1441", "24:01", "1:60", "1.5", "-5", "abc",
                                   "1:5", "٣٠", None, "99999"])
def test_durations_that_are_not_time_are_refused(typed):
    with pytest.raises(InvalidInput) as refused:
        timesheets.parse_minutes(typed)
    assert refused.value.key == "error.time_minutes"


def test_va_deletes_an_entry_of_an_open_week_only(db, room, make_user):
    keep = _log(db, room, MONDAY, 60)
    drop = _log(db, room, MONDAY + timedelta(days=1), 30)
    for who in (room.client, make_user(is_va=True)):
        with pytest.raises(PermissionDenied):
            timesheets.delete_entry(db, actor=who, entry_id=drop.id)
    timesheets.delete_entry(db, actor=room.va, entry_id=drop.id)
    assert db.get(TimeEntry, drop.id) is None
    assert db.exec(select(AuditLog.action).where(
        AuditLog.contract_id == room.contract.id, AuditLog.action == "time.deleted")).all()
    with pytest.raises(NotFound):
        timesheets.delete_entry(db, actor=room.va, entry_id=drop.id)
    timesheets.submit_week(db, actor=room.va, contract_id=room.contract.id, iso_week=WEEK)
    with pytest.raises(InvalidTransition):
        timesheets.delete_entry(db, actor=room.va, entry_id=keep.id)
    assert db.get(TimeEntry, keep.id) is not None


def test_an_empty_week_cannot_be_submitted(db, room):
    entry = _log(db, room, MONDAY, 60)
    timesheets.delete_entry(db, actor=room.va, entry_id=entry.id)
    with pytest.raises(InvalidInput):
        timesheets.submit_week(db, actor=room.va, contract_id=room.contract.id, iso_week=WEEK)
    assert _week(db, room).status == "open"


def test_both_parties_see_the_weeks_with_totals_cap_and_amounts(db, room, make_user):
    _log(db, room, MONDAY, 400)
    _log(db, room, MONDAY + timedelta(days=1), 260)  # 660 minutes: one hour over the cap
    _log(db, room, MONDAY - timedelta(days=7), 90)
    for who in (room.va, room.client):
        views = timesheets.contract_weeks(db, actor=who, contract_id=room.contract.id)
        current, older = views[0], views[1:]
        # the VA's current week comes first, even before any time is logged into it
        assert current.timesheet.iso_week == timesheets.iso_week(timesheets.local_today(db, room.va))
        assert (current.timesheet.id, current.logged_minutes) == (None, 0)
        assert [v.timesheet.iso_week for v in older] == [WEEK, "2026-W46"]
        capped = older[0]
        assert [e.minutes for e in capped.entries] == [400, 260]
        assert (capped.logged_minutes, capped.billable_minutes) == (660, 600)
        assert capped.amount_minor == 750_000  # 10 h × Rp 75,000, never above the cap
        assert (older[1].billable_minutes, older[1].amount_minor) == (90, 112_500)
    with pytest.raises(PermissionDenied):
        timesheets.contract_weeks(db, actor=make_user(is_va=True), contract_id=room.contract.id)
    with pytest.raises(NotFound):
        timesheets.contract_weeks(db, actor=room.va, contract_id=10**9)


def test_a_fixed_contract_has_no_weeks(db, make_user):
    fixed = _room(db, make_user, kind="fixed")
    assert timesheets.contract_weeks(db, actor=fixed.client, contract_id=fixed.contract.id) == []


def test_the_submitted_week_is_capped_and_shows_its_review_deadline(db, room):
    week = _submitted(db, room, [330, 330])
    assert (week.status, week.approved_minutes) == ("submitted", 600)
    [view] = [v for v in timesheets.contract_weeks(db, actor=room.client,
                                                   contract_id=room.contract.id)
              if v.timesheet.id == week.id]
    assert view.amount_minor == 750_000
    assert view.review_ends == week.submitted_at + timedelta(days=5)


def _close(db, week_id: int, now: datetime) -> bool:
    claimed = sweep_hourly.claim(db, week_id)
    assert claimed is not None
    return sweep_hourly.close_week(db, *claimed, now)


def test_monday_midnight_in_the_vas_timezone_closes_the_week(db, make_user):
    jakarta = _room(db, make_user, zone="Asia/Jakarta")          # UTC+7
    los_angeles = _room(db, make_user, zone="America/Los_Angeles")  # UTC-8 in November
    for room in (jakarta, los_angeles):
        _log(db, room, MONDAY + timedelta(days=6), 45)
    sunday_evening_utc = datetime(2026, 11, 22, 16, 59, tzinfo=UTC)
    monday_in_jakarta = datetime(2026, 11, 22, 17, 0, tzinfo=UTC)
    monday_in_los_angeles = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)

    assert not _close(db, _week(db, jakarta).id, sunday_evening_utc)
    assert _close(db, _week(db, jakarta).id, monday_in_jakarta)
    assert not _close(db, _week(db, los_angeles).id, monday_in_jakarta)
    assert _close(db, _week(db, los_angeles).id, monday_in_los_angeles)
    for room, at in ((jakarta, monday_in_jakarta), (los_angeles, monday_in_los_angeles)):
        week = _week(db, room)
        assert (week.status, week.approved_minutes, week.submitted_at) == ("submitted", 45, at)
        assert "timesheet_submitted" in _kinds(db, room.client)
        assert "timesheet_closed" in _kinds(db, room.va)
    # closing again changes nothing
    assert not _close(db, _week(db, jakarta).id, monday_in_los_angeles + timedelta(days=3))


def test_an_ended_week_without_time_stays_open(db, room):
    entry = _log(db, room, MONDAY, 30)
    timesheets.delete_entry(db, actor=room.va, entry_id=entry.id)
    assert not _close(db, _week(db, room).id, datetime(2026, 12, 1, tzinfo=UTC))
    assert _week(db, room).status == "open"


def _approve_silently(db, week_id: int, now: datetime) -> bool:
    claimed = sweep_hourly.claim(db, week_id)
    assert claimed is not None
    return sweep_hourly.approve_week(db, *claimed, now)


def test_silence_approves_after_the_review_window(db, room):
    week = _submitted(db, room, [400, 400])
    submitted = week.submitted_at
    assert not _approve_silently(db, week.id, submitted + timedelta(days=5) - timedelta(seconds=1))
    assert _week(db, room).status == "submitted"
    at = submitted + timedelta(days=5)
    assert _approve_silently(db, week.id, at)
    week = _week(db, room)
    # no card is saved in this test: the week stays approved, unpaid, and the client is told
    assert (week.status, week.approved_minutes, week.approved_at) == ("approved", 600, at)
    assert "timesheet_approved" in _kinds(db, room.va)
    assert {"timesheet_auto_approved", "hourly_card_missing"} <= set(_kinds(db, room.client))
    assert db.exec(select(AuditLog).where(AuditLog.object_id == week.id,
                                          AuditLog.action == "timesheet.approved",
                                          AuditLog.actor_id.is_(None))).first()
    assert not _approve_silently(db, week.id, at + timedelta(days=30))


def test_the_review_window_is_a_setting(db, room, monkeypatch):
    settings = dataclasses.replace(get_settings(), hourly_review_days=2)  # HOURLY_REVIEW_DAYS=2
    monkeypatch.setattr(hourly, "get_settings", lambda: settings)
    week = _submitted(db, room, [60])
    assert _approve_silently(db, week.id, week.submitted_at + timedelta(days=2))


def test_client_disputes_within_the_window_and_silence_then_leaves_it_alone(db, room):
    week = _submitted(db, room, [120])
    with pytest.raises(PermissionDenied):
        timesheets.dispute_week(db, actor=room.va, timesheet_id=week.id, reason="Not me")
    dispute = timesheets.dispute_week(db, actor=room.client, timesheet_id=week.id,
                                      reason="Two hours for one email is too much.")
    assert isinstance(dispute, Dispute)
    assert (dispute.timesheet_id, _week(db, room).status) == (week.id, "disputed")
    assert "dispute_opened" in _kinds(db, room.va)
    assert not _approve_silently(db, week.id, week.submitted_at + timedelta(days=30))
    assert _week(db, room).status == "disputed"


def test_no_dispute_after_the_review_window(db, room):
    week = _submitted(db, room, [120])
    week.submitted_at = week.submitted_at - timedelta(days=5, seconds=1)
    db.add(week)
    db.flush()
    with pytest.raises(InvalidTransition) as refused:
        timesheets.dispute_week(db, actor=room.client, timesheet_id=week.id, reason="Late")
    assert refused.value.key == "error.review_window_over"
    assert _week(db, room).status == "submitted"


def test_retrying_a_failed_charge_is_the_clients_and_only_for_an_approved_week(db, room):
    week = _submitted(db, room, [60])
    with pytest.raises(InvalidTransition):
        timesheets.retry_charge(db, actor=room.client, timesheet_id=week.id)
    assert timesheets.approve_week(db, actor=room.client, timesheet_id=week.id).status == \
        "approved"  # no saved card here
    with pytest.raises(PermissionDenied):
        timesheets.retry_charge(db, actor=room.va, timesheet_id=week.id)
    assert timesheets.retry_charge(db, actor=room.client, timesheet_id=week.id).status == \
        "approved"
