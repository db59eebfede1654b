"""Changing a contract's plan: the client proposes, the VA accepts or declines, the client
withdraws or cancels an unfunded milestone; submission files; completion; what each side must
do next. Each rule with who may act, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from tests.unit.work_factories import fixed_job, fixed_quote, hourly_job, hourly_quote
from vamarket.errors import InvalidInput, InvalidTransition, NotFound, PermissionDenied
from vamarket.models import AuditLog, Contract, Milestone, Notification
from vamarket.payments import release
from vamarket.services import contracts, jobs, milestones, quotes, submission_files
from vamarket.services.next_actions import next_actions
from vamarket.settings import get_settings

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


@pytest.fixture
def deal(db, make_user):
    """An active fixed contract ($900: 300 funded, 600 planned) and an outsider."""
    client, va, outsider = (make_user(is_client=True), make_user(is_va=True),
                            make_user(is_client=True, is_va=True))
    job = jobs.create_job(db, actor=client, data=fixed_job(), publish=True)
    quote = quotes.send_quote(db, actor=va, job_id=job.id, data=fixed_quote())
    contract = contracts.hire(db, actor=client, quote_id=quote.id)
    first, _second = contracts.contract_milestones(db, contract.id)
    contract.status, first.status = "active", "funded"
    db.add_all([contract, first])
    db.flush()
    return {"client": client, "va": va, "outsider": outsider, "contract": contract}


def _steps(db, contract_id: int) -> list[tuple[int, str]]:
    return [(m.position, m.status) for m in contracts.contract_milestones(db, contract_id)]


def _kinds(db, user_id: int) -> list[str]:
    return list(db.exec(select(Notification.kind).where(Notification.user_id == user_id)
                        .order_by(Notification.id)).all())


def _actions(db, contract_id: int) -> list[str]:
    return list(db.exec(select(AuditLog.action).where(AuditLog.contract_id == contract_id)
                        .order_by(AuditLog.id)).all())


def test_proposed_milestone_joins_the_plan_when_the_va_accepts(db, deal):
    c, client, va = deal["contract"], deal["client"], deal["va"]
    added = milestones.propose(db, actor=client, contract_id=c.id, title="  Monthly   report ",
                               amount_minor=15_000, due_date=date.today() + timedelta(days=10))
    assert (added.position, added.status, added.title) == (3, "proposed", "Monthly report")
    assert db.get(Contract, c.id).total_minor == 90_000  # not part of the plan yet
    assert _kinds(db, va.id)[-1] == "milestone_proposed"
    with pytest.raises(PermissionDenied):
        milestones.accept(db, actor=client, milestone_id=added.id)
    with pytest.raises(PermissionDenied):
        milestones.accept(db, actor=deal["outsider"], milestone_id=added.id)
    assert next_actions(db, actor=va, contract=c)[-1].key == "answer_proposal"
    milestones.accept(db, actor=va, milestone_id=added.id)
    assert _steps(db, c.id) == [(1, "funded"), (2, "planned"), (3, "planned")]
    assert db.get(Contract, c.id).total_minor == 105_000
    assert _kinds(db, client.id)[-1] == "milestone_accepted"
    with pytest.raises(InvalidTransition):
        milestones.accept(db, actor=va, milestone_id=added.id)  # answered once
    assert _actions(db, c.id)[-2:] == ["milestone.proposed", "milestone.accepted"]


def test_va_declines_and_client_withdraws_proposals(db, deal):
    c, client, va = deal["contract"], deal["client"], deal["va"]
    one = milestones.propose(db, actor=client, contract_id=c.id, title="Extra A", amount_minor=5_000)
    two = milestones.propose(db, actor=client, contract_id=c.id, title="Extra B", amount_minor=6_000)
    with pytest.raises(PermissionDenied):
        milestones.decline(db, actor=client, milestone_id=one.id)
    milestones.decline(db, actor=va, milestone_id=one.id)
    with pytest.raises(PermissionDenied):
        milestones.cancel(db, actor=va, milestone_id=two.id)
    milestones.cancel(db, actor=client, milestone_id=two.id)
    assert [s for s in _steps(db, c.id) if s[0] > 2] == [(3, "cancelled"), (4, "cancelled")]
    assert db.get(Contract, c.id).total_minor == 90_000
    assert _kinds(db, client.id)[-1] == "milestone_declined"
    assert _kinds(db, va.id)[-1] == "milestone_cancelled"


def test_only_the_client_proposes_on_an_active_fixed_contract_with_valid_terms(db, deal, make_user):
    c, client, va = deal["contract"], deal["client"], deal["va"]
    for actor in (va, deal["outsider"]):
        with pytest.raises(PermissionDenied):
            milestones.propose(db, actor=actor, contract_id=c.id, title="X", amount_minor=100)
    bad = [dict(title="", amount_minor=100), dict(title="x" * 201, amount_minor=100),
           dict(title="Ok", amount_minor=0), dict(title="Ok", amount_minor=-5),
           dict(title="Ok", amount_minor="100"), dict(title="Ok", amount_minor=True),
           dict(title="Ok", amount_minor=100, due_date=date.today() - timedelta(days=1))]
    for fields in bad:
        with pytest.raises(InvalidInput):
            milestones.propose(db, actor=client, contract_id=c.id, **fields)
    with pytest.raises(NotFound):
        milestones.propose(db, actor=client, contract_id="1", title="Ok", amount_minor=100)
    c.status = "pending_funding"
    db.add(c)
    with pytest.raises(InvalidTransition):
        milestones.propose(db, actor=client, contract_id=c.id, title="Ok", amount_minor=100)
    job = jobs.create_job(db, actor=client, data=hourly_job(), publish=True)
    quote = quotes.send_quote(db, actor=va, job_id=job.id, data=hourly_quote())
    hourly = contracts.hire(db, actor=client, quote_id=quote.id)
    hourly.status = "active"
    db.add(hourly)
    with pytest.raises(InvalidTransition):
        milestones.propose(db, actor=client, contract_id=hourly.id, title="Ok", amount_minor=100)
    assert db.exec(select(Milestone).where(Milestone.status == "proposed",
                                           Milestone.contract_id.in_([c.id, hourly.id]))).all() == []


def test_client_cancels_an_unfunded_milestone_but_not_a_funded_one(db, deal):
    c, client, va = deal["contract"], deal["client"], deal["va"]
    first, second = contracts.contract_milestones(db, c.id)
    with pytest.raises(PermissionDenied):
        milestones.cancel(db, actor=va, milestone_id=second.id)
    with pytest.raises(InvalidTransition):
        milestones.cancel(db, actor=client, milestone_id=first.id)  # funded: only a refund
    milestones.cancel(db, actor=client, milestone_id=second.id)
    assert _steps(db, c.id) == [(1, "funded"), (2, "cancelled")]
    assert db.get(Contract, c.id).total_minor == 30_000
    assert _actions(db, c.id)[-1] == "milestone.cancelled"


def test_contract_completes_when_all_work_is_approved(db, deal):
    c, client, va = deal["contract"], deal["client"], deal["va"]
    first, second = contracts.contract_milestones(db, c.id)
    milestones.cancel(db, actor=client, milestone_id=second.id)
    release.submit_milestone(db, actor=va, milestone_id=first.id, note="All done")
    assert db.get(Contract, c.id).status == "active"
    release.approve_milestone(db, actor=client, milestone_id=first.id)  # held: no payout account
    assert db.get(Milestone, first.id).status == "approved"
    done = db.get(Contract, c.id)
    assert done.status == "completed" and done.ended_at is not None
    assert "contract_completed" in _kinds(db, client.id) and "contract_completed" in _kinds(db, va.id)
    assert [a.key for a in next_actions(db, actor=client, contract=done)] == ["review_other"]
    assert "review_other" in [a.key for a in next_actions(db, actor=va, contract=done)]
    with pytest.raises(InvalidTransition):
        milestones.propose(db, actor=client, contract_id=c.id, title="More", amount_minor=100)


def test_submission_files_are_handed_in_with_the_next_submission(db, deal, tmp_path, monkeypatch):
    monkeypatch.setenv("FILES_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        c, client, va = deal["contract"], deal["client"], deal["va"]
        first, second = contracts.contract_milestones(db, c.id)
        with pytest.raises(PermissionDenied):
            submission_files.add_file(db, actor=client, milestone_id=first.id,
                                      filename="x.pdf", data=PDF)
        with pytest.raises(InvalidTransition):  # not funded yet
            submission_files.add_file(db, actor=va, milestone_id=second.id,
                                      filename="x.pdf", data=PDF)
        with pytest.raises(InvalidInput):
            submission_files.add_file(db, actor=va, milestone_id=first.id,
                                      filename="report.pdf", data=b"MZ not a pdf")
        kept = submission_files.add_file(db, actor=va, milestone_id=first.id,
                                         filename="../report.pdf", data=PDF)
        wrong = submission_files.add_file(db, actor=va, milestone_id=first.id,
                                          filename="draft.txt", data=b"old draft")
        submission_files.remove_file(db, actor=va, attachment_id=wrong.id)
        assert kept.filename == "report.pdf" and (tmp_path / kept.stored_path).is_file()
        assert [f.id for f in submission_files.pending(db, first)] == [kept.id]
        release.submit_milestone(db, actor=va, milestone_id=first.id, note="See the report")
        entry = db.exec(select(AuditLog).where(AuditLog.action == "milestone.submitted",
                                               AuditLog.contract_id == c.id)).one()
        assert '"files": ["report.pdf"]' in entry.detail and "See the report" in entry.detail
        assert submission_files.pending(db, db.get(Milestone, first.id)) == []
        with pytest.raises(InvalidTransition):  # handed in: it stays
            submission_files.remove_file(db, actor=va, attachment_id=kept.id)
        release.request_revision(db, actor=client, milestone_id=first.id, reason="Add charts")
        with pytest.raises(InvalidTransition):
            submission_files.remove_file(db, actor=va, attachment_id=kept.id)
        assert [f.filename for f in submission_files.files_of(db, [first.id])] == ["report.pdf"]
    finally:
        get_settings.cache_clear()


def test_next_actions_follow_the_work(db, deal):
    c, client, va = deal["contract"], deal["client"], deal["va"]
    first, second = contracts.contract_milestones(db, c.id)
    keys = lambda user: [(a.key, a.position) for a in next_actions(db, actor=user, contract=c)]  # noqa: E731
    assert keys(va) == [("submit_work", 1)]
    assert keys(client) == []  # milestone 1 in work: nothing to fund yet
    assert keys(deal["outsider"]) == []
    release.submit_milestone(db, actor=va, milestone_id=first.id)
    assert keys(client) == [("review_submission", 1)]
    release.request_revision(db, actor=client, milestone_id=first.id, reason="More detail")
    assert keys(va) == [("resubmit_work", 1)]
    release.submit_milestone(db, actor=va, milestone_id=first.id)
    release.approve_milestone(db, actor=client, milestone_id=first.id)
    assert keys(client) == [("fund_milestone", 2)]
    assert keys(va) == [("set_up_payouts", None)]
    c.status = "pending_funding"
    assert keys(client) == [("pay_down_payment", None)]
