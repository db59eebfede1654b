"""Contract messages: the contract takes over the pre-hire thread, only its two people read or
post, files travel with messages, unread counts and "new message" notices, safe links."""

from __future__ import annotations

import dataclasses

import pytest
from sqlmodel import select

from tests.unit.work_factories import fixed_job, fixed_quote
from vamarket.errors import InvalidInput, NotFound, PermissionDenied
from vamarket.models import AuditLog, Notification, Thread
from vamarket.pages.messages.conversation import message_html
from vamarket.services import attachments, contracts, file_access, jobs, quotes, threads
from vamarket.settings import get_settings

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def files_dir(tmp_path, monkeypatch):
    """Message files go to a folder of this test."""
    settings = dataclasses.replace(get_settings(), files_dir=tmp_path)
    monkeypatch.setattr(attachments, "get_settings", lambda: settings)
    return tmp_path


@pytest.fixture
def deal(db, make_user):
    """A client's job with one VA's quote (not hired yet), and an outsider."""
    client, va, outsider = make_user(is_client=True), make_user(is_va=True), make_user(is_va=True)
    job = jobs.create_job(db, actor=client, data=fixed_job(), publish=True)
    quote = quotes.send_quote(db, actor=va, job_id=job.id, data=fixed_quote())
    return client, va, outsider, job, quote


def test_hiring_keeps_the_pre_hire_conversation(db, deal):
    client, va, _, job, quote = deal
    before = threads.open_thread(db, actor=client, job_id=job.id, va_id=va.id)
    threads.post_message(db, actor=va, thread_id=before.id, body="I can start on Monday.")
    contract = contracts.hire(db, actor=client, quote_id=quote.id)
    for party in (client, va):
        thread = threads.contract_thread(db, actor=party, contract_id=contract.id)
        assert (thread.id, thread.contract_id) == (before.id, contract.id)
    bodies = [m.body for m in threads.messages(db, actor=client, thread_id=before.id)]
    assert bodies == ["I can start on Monday."]
    assert threads.thread_link(before) == f"/contracts/{contract.id}"


def test_without_a_pre_hire_conversation_the_contract_gets_its_own_thread(db, deal):
    client, va, _, job, quote = deal
    contract = contracts.hire(db, actor=client, quote_id=quote.id)
    assert contracts.hire(db, actor=client, quote_id=quote.id).id == contract.id  # resent event
    found = db.exec(select(Thread).where(Thread.job_id == job.id)).all()
    assert [(t.contract_id, t.client_id, t.va_id) for t in found] == [(contract.id, client.id, va.id)]
    assert threads.contract_thread(db, actor=va, contract_id=contract.id).id == found[0].id


def test_only_the_two_parties_read_or_post(db, deal, make_user):
    client, va, outsider, _, quote = deal
    contract = contracts.hire(db, actor=client, quote_id=quote.id)
    thread = threads.contract_thread(db, actor=client, contract_id=contract.id)
    threads.post_message(db, actor=client, thread_id=thread.id, body="Welcome aboard")
    for call in (lambda: threads.contract_thread(db, actor=outsider, contract_id=contract.id),
                 lambda: threads.messages(db, actor=outsider, thread_id=thread.id),
                 lambda: threads.post_message(db, actor=outsider, thread_id=thread.id, body="hi"),
                 lambda: threads.latest_message_id(db, actor=outsider, thread_id=thread.id)):
        with pytest.raises(PermissionDenied):
            call()
    with pytest.raises(NotFound):
        threads.contract_thread(db, actor=client, contract_id=10**9)
    with pytest.raises(NotFound):
        threads.post_message(db, actor=client, thread_id="1", body="crafted id")
    assert threads.inbox(db, actor=outsider) == []
    assert threads.unread_messages(db, actor=outsider) == 0


def test_files_travel_with_a_message_and_only_the_parties_may_download(db, deal, files_dir):
    client, va, outsider, _, quote = deal
    contract = contracts.hire(db, actor=client, quote_id=quote.id)
    thread = threads.contract_thread(db, actor=va, contract_id=contract.id)
    message = threads.post_message(db, actor=va, thread_id=thread.id, body="",
                                   files=[("draft.png", PNG), ("notes.txt", b"first week done\n")])
    [(message_id, files)] = threads.files_of(db, [message]).items()
    assert message_id == message.id
    assert [(f.filename, f.kind, f.owner_id) for f in files] == [
        ("draft.png", "message", va.id), ("notes.txt", "message", va.id)]
    assert (files_dir / files[0].stored_path).read_bytes() == PNG
    assert all(file_access.may_read(db, party, files[0]) for party in (client, va))
    assert not file_access.may_read(db, outsider, files[0])
    audit = db.exec(select(AuditLog).where(AuditLog.action == "message.posted")).all()
    assert [(a.contract_id, a.object_id) for a in audit] == [(contract.id, message.id)]


def test_files_are_checked(db, deal, files_dir):
    client, va, _, job, _ = deal
    thread = threads.open_thread(db, actor=client, job_id=job.id, va_id=va.id)
    with pytest.raises(InvalidInput) as wrong:
        threads.post_message(db, actor=client, thread_id=thread.id, body="see",
                             files=[("report.pdf", b"not really a pdf")])
    assert wrong.value.key == "error.file_type"
    with pytest.raises(InvalidInput) as many:
        threads.post_message(db, actor=client, thread_id=thread.id, body="see",
                             files=[(f"f{n}.png", PNG) for n in range(threads.FILES_PER_MESSAGE + 1)])
    assert many.value.key == "error.too_many_files"
    with pytest.raises(InvalidInput):
        threads.post_message(db, actor=client, thread_id=thread.id, body="   ", files=[])


def test_unread_counts_and_one_notice_until_read(db, deal):
    client, va, _, _, quote = deal
    contract = contracts.hire(db, actor=client, quote_id=quote.id)
    thread = threads.contract_thread(db, actor=client, contract_id=contract.id)
    for text in ("Here is the brief", "And the login details are in the vault"):
        threads.post_message(db, actor=client, thread_id=thread.id, body=text)
    assert threads.unread_messages(db, actor=va) == 2
    newest, unread = threads.latest_activity(db, actor=va)
    assert unread == 2 and newest == threads.latest_message_id(db, actor=va, thread_id=thread.id)
    assert threads.unread_messages(db, actor=client) == 0
    [row] = threads.inbox(db, actor=va)
    assert (row.unread, row.last_body, row.link) == (2, "And the login details are in the vault",
                                                     f"/contracts/{contract.id}")
    notices = db.exec(select(Notification).where(Notification.user_id == va.id,
                                                 Notification.kind == "message")).all()
    assert len(notices) == 1 and notices[0].read_at is None
    threads.messages(db, actor=va, thread_id=thread.id)
    assert threads.unread_messages(db, actor=va) == 0
    assert threads.inbox(db, actor=va)[0].unread == 0
    db.refresh(notices[0])
    assert notices[0].read_at is not None
    assert threads.latest_message_id(db, actor=va, thread_id=thread.id) > 0


def test_message_text_links_are_clickable_and_nothing_else_runs():
    html = message_html('See https://example.com/a?b=1&c=2. <script>alert(1)</script>\n'
                        'javascript:alert(1) <a href="javascript:x">x</a>')
    assert ('<a href="https://example.com/a?b=1&amp;c=2" target="_blank" '
            'rel="nofollow noopener noreferrer">https://example.com/a?b=1&amp;c=2</a>.') in html
    assert "<script" not in html and "&lt;script&gt;" in html
    assert '<a href="javascript' not in html and '&lt;a href="javascript:x"&gt;' in html
    assert "<br>" in html
