"""The contract's timeline: what the services wrote to the audit log, newest first, with the
detail a reader needs; for the client, the VA and admins only; 50 entries a page."""

from __future__ import annotations

import pytest

from tests.unit.work_factories import fixed_job, fixed_quote
from vamarket.errors import NotFound, PermissionDenied
from vamarket.payments import release
from vamarket.services import audit, contracts, jobs, milestones, quotes, timeline
from vamarket.settings import get_settings


@pytest.fixture
def deal(db, make_user):
    """A hired fixed contract whose first milestone is funded, and an outsider."""
    client = make_user(is_client=True, display_name="Clara")
    va, outsider = make_user(is_va=True, display_name="Vina"), make_user(is_client=True)
    job = jobs.create_job(db, actor=client, data=fixed_job(), publish=True)
    quote = quotes.send_quote(db, actor=va, job_id=job.id, data=fixed_quote())
    contract = contracts.hire(db, actor=client, quote_id=quote.id)
    first = contracts.contract_milestones(db, contract.id)[0]
    contract.status, first.status = "active", "funded"
    db.add_all([contract, first])
    audit.record(db, actor_id=None, action="payment.captured", object_type="payment",
                 contract_id=contract.id, purpose="deposit", amount=30_000, currency="USD")
    audit.record(db, actor_id=client.id, action="payment.checkout", object_type="payment",
                 contract_id=contract.id)
    db.flush()
    return {"client": client, "va": va, "outsider": outsider, "contract": contract,
            "first": first}


def test_entries_tell_who_did_what_with_the_detail(db, deal):
    c, client, va, first = deal["contract"], deal["client"], deal["va"], deal["first"]
    release.submit_milestone(db, actor=va, milestone_id=first.id, note="Inbox is at zero")
    release.request_revision(db, actor=client, milestone_id=first.id, reason="Tag the tickets")
    milestones.propose(db, actor=client, contract_id=c.id, title="Extra week", amount_minor=20_000)
    page = timeline.entries(db, actor=va, contract_id=c.id)
    got = [(e.action, e.side, e.actor_name) for e in page.entries]
    assert got == [("milestone.proposed", "client", "Clara"),
                   ("milestone.revision_requested", "client", "Clara"),
                   ("milestone.submitted", "va", "Vina"),
                   ("payment.captured", "system", ""),
                   ("contract.hired", "client", "Clara")]  # the checkout step is not shown
    proposed, revision, submitted, captured, _ = page.entries
    assert submitted.milestone_title == first.title
    assert submitted.detail == {"note": "Inbox is at zero", "files": []}
    assert revision.detail == {"reason": "Tag the tickets"}
    assert captured.detail == {"amount": 30_000, "currency": "USD", "purpose": "deposit"}
    assert proposed.detail["amount"] == 20_000 and proposed.milestone_title == "Extra week"
    assert not page.more
    assert timeline.latest_words(db, c.id)[first.id] == {"note": "Inbox is at zero",
                                                         "reason": "Tag the tickets"}


def test_only_the_parties_and_admins_may_read_it(db, deal, make_user, monkeypatch):
    c = deal["contract"]
    with pytest.raises(PermissionDenied):
        timeline.entries(db, actor=deal["outsider"], contract_id=c.id)
    with pytest.raises(NotFound):
        timeline.entries(db, actor=deal["client"], contract_id=10**9)
    with pytest.raises(NotFound):
        timeline.entries(db, actor=deal["client"], contract_id=str(c.id))
    admin = make_user(email="timeline-admin@example.com")
    unverified = make_user(email="unverified-admin@example.com", email_verified=False)
    monkeypatch.setenv("ADMIN_EMAILS", "timeline-admin@example.com,unverified-admin@example.com")
    get_settings.cache_clear()
    try:
        assert len(timeline.entries(db, actor=admin, contract_id=c.id).entries) == 2
        with pytest.raises(PermissionDenied):  # the admin list needs a verified email
            timeline.entries(db, actor=unverified, contract_id=c.id)
    finally:
        get_settings.cache_clear()


def test_fifty_a_page_then_older_ones(db, deal):
    c, va = deal["contract"], deal["va"]
    for n in range(58):
        audit.record(db, actor_id=va.id, action="message.sent", object_type="thread",
                     contract_id=c.id, excerpt=f"message {n}")
    db.flush()
    first = timeline.entries(db, actor=va, contract_id=c.id)
    assert len(first.entries) == 50 and first.more
    assert first.entries[0].detail["excerpt"] == "message 57"
    rest = timeline.entries(db, actor=va, contract_id=c.id, before=first.entries[-1].id)
    assert [e.action for e in rest.entries][-2:] == ["payment.captured", "contract.hired"]
    assert len(rest.entries) == 10 and not rest.more
    assert {e.id for e in first.entries}.isdisjoint({e.id for e in rest.entries})
    assert len(timeline.entries(db, actor=va, contract_id=c.id, limit=500).entries) == 50
