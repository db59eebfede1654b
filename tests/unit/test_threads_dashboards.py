"""Pre-hire messages between a client and a bidder, and the two dashboards."""

import pytest

from tests.unit.work_factories import fixed_job, fixed_quote
from vamarket.errors import InvalidInput, PermissionDenied
from vamarket.services import contracts, dashboards, jobs, quotes, threads


@pytest.fixture
def setup(db, make_user):
    client = make_user(is_client=True)
    va = make_user(is_va=True)
    job = jobs.create_job(db, actor=client, data=fixed_job(), publish=True)
    quote = quotes.send_quote(db, actor=va, job_id=job.id, data=fixed_quote())
    return client, va, job, quote


def test_client_and_bidder_talk_before_hire(db, setup):
    client, va, job, _ = setup
    thread = threads.open_thread(db, actor=client, job_id=job.id, va_id=va.id)
    assert threads.open_thread(db, actor=va, job_id=job.id, va_id=va.id).id == thread.id
    threads.post_message(db, actor=client, thread_id=thread.id, body="Can you start Monday?")
    assert threads.unread_messages(db, actor=va) == 1
    bodies = [m.body for m in threads.messages(db, actor=va, thread_id=thread.id)]
    assert bodies == ["Can you start Monday?"]
    assert threads.unread_messages(db, actor=va) == 0


def test_outsiders_cannot_open_or_read_threads(db, setup, make_user):
    client, va, job, _ = setup
    stranger = make_user(is_va=True)
    with pytest.raises(PermissionDenied):
        threads.open_thread(db, actor=stranger, job_id=job.id, va_id=va.id)
    with pytest.raises(PermissionDenied):  # a VA who did not quote
        threads.open_thread(db, actor=client, job_id=job.id, va_id=stranger.id)
    thread = threads.open_thread(db, actor=client, job_id=job.id, va_id=va.id)
    with pytest.raises(PermissionDenied):
        threads.post_message(db, actor=stranger, thread_id=thread.id, body="hello")
    with pytest.raises(PermissionDenied):
        threads.messages(db, actor=stranger, thread_id=thread.id)
    with pytest.raises(InvalidInput):
        threads.post_message(db, actor=client, thread_id=thread.id, body="   ")


def test_dashboards_show_new_quotes_and_waiting_contract(db, setup):
    client, va, job, quote = setup
    [row] = dashboards.client_jobs(db, actor=client)
    assert (row.title, row.status, row.quotes, row.new_quotes) == (job.title, "open", 1, 1)
    [mine] = dashboards.va_quotes(db, actor=va)
    assert (mine.status, mine.viewed) == ("submitted", False)
    quotes.quotes_for_job(db, actor=client, job_id=job.id)
    assert dashboards.client_jobs(db, actor=client)[0].new_quotes == 0
    assert dashboards.va_quotes(db, actor=va)[0].viewed is True
    contract = contracts.hire(db, actor=client, quote_id=quote.id)
    row = dashboards.client_jobs(db, actor=client)[0]
    mine = dashboards.va_quotes(db, actor=va)[0]
    assert (row.status, row.contract_id, row.contract_status) == ("hired", contract.id, "pending_funding")
    assert (mine.status, mine.contract_id, mine.contract_status) == ("hired", contract.id, "pending_funding")
