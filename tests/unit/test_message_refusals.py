"""The message and email-preference handlers are public APIs: an outsider crafting events for
someone else's contract or thread is refused with a readable message and nothing is written;
the two parties' own events work through the same handlers."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from sqlmodel import select

import vamarket.vamarket  # noqa: F401  (registers every page state)
from tests.conftest import app_database
from tests.unit.page_states import fire, state_as
from tests.unit.work_factories import fixed_job, fixed_quote
from vamarket.db import session_scope
from vamarket.models import Attachment, Message, User
from vamarket.models.mail import EmailOptOut
from vamarket.pages.account.state import AccountState
from vamarket.pages.contract.messages_state import ContractMessagesState
from vamarket.pages.messages.state import InboxState, ThreadState
from vamarket.services import contracts, jobs, quotes, threads

REFUSED = "You are not allowed to do that."
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


class Upload:
    """A file as the upload endpoint hands it to a handler."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name, self._data = name, data

    async def read(self, size: int = -1) -> bytes:
        return self._data if size < 0 else self._data[:size]


def fire_async(state, handler, *args) -> None:
    """Run an async (generator) handler to its end, as Reflex does."""
    fire(state, handler, *args)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def app_db(request, tmp_path_factory):
    files = tmp_path_factory.mktemp("files")
    with app_database(request.param, tmp_path_factory, FILES_DIR=str(files)) as url:
        yield url


def _user(**roles) -> User:
    with session_scope() as session:
        email = f"{uuid.uuid4().hex[:10]}@example.com"
        user = User(email=email, email_verified=True, display_name=email[:6], onboarded=True, **roles)
        session.add(user)
        session.flush()
        return user


@pytest.fixture
def room(app_db):
    """A hired contract whose client wrote one message, and an outsider."""
    client, va, outsider = _user(is_client=True), _user(is_va=True), _user(is_va=True)
    with session_scope() as session:
        job = jobs.create_job(session, actor=session.get(User, client.id), data=fixed_job(), publish=True)
        quote = quotes.send_quote(session, actor=session.get(User, va.id), job_id=job.id,
                                  data=fixed_quote())
        contract = contracts.hire(session, actor=session.get(User, client.id), quote_id=quote.id)
        thread = threads.contract_thread(session, actor=session.get(User, client.id),
                                         contract_id=contract.id)
        threads.post_message(session, actor=session.get(User, client.id), thread_id=thread.id,
                             body="private: the shared drive password is in the vault")
    return {"client": client, "va": va, "outsider": outsider, "contract": contract.id,
            "thread": thread.id}


def _counts(room) -> tuple[int, int]:
    with session_scope() as session:
        messages = session.exec(select(sa.func.count()).select_from(Message)
                                .where(Message.thread_id == room["thread"])).one()
        files = session.exec(select(sa.func.count()).select_from(Attachment)
                             .where(Attachment.kind == "message")).one()
        return messages, files


def _room_state(room, user):
    cid = str(room["contract"])
    return state_as(ContractMessagesState, user, f"/contracts/{cid}", {"contract_id": cid})


def test_contract_messages_refuse_an_outsider(room):
    before = _counts(room)
    state = _room_state(room, room["outsider"])
    fire(state, ContractMessagesState.load_messages)
    assert state.msg_rows == [] and not state.msg_loaded
    state._msg_thread = room["thread"]  # as if the outsider had learnt the thread's id
    fire(state, ContractMessagesState.set_msg_draft, "hello from outside")
    fire_async(state, ContractMessagesState.send_message, [Upload("x.png", PNG)])
    assert state.msg_error == REFUSED
    assert state._msg_check() is False  # the live check stops instead of reading
    assert state.msg_rows == []
    assert _counts(room) == before


def test_thread_page_refuses_an_outsider(room):
    before = _counts(room)
    tid = str(room["thread"])
    state = state_as(ThreadState, room["outsider"], f"/messages/{tid}", {"thread_id": tid})
    fire(state, ThreadState.load)
    assert state.error == REFUSED and state.items == []
    state.thread_ref, state.draft = room["thread"], "hello from outside"
    state.error = ""
    fire_async(state, ThreadState.send, [])
    assert state.error == REFUSED
    assert state._check() is False and state.items == []
    assert _counts(room) == before


def test_crafted_arguments_get_a_message_not_a_crash(room):
    before = _counts(room)
    state = _room_state(room, room["va"])
    fire(state, ContractMessagesState.load_messages)
    fire_async(state, ContractMessagesState.send_message, ["not a file", 42])
    assert state.msg_error == "Please check the form."
    state.msg_error = ""
    fire_async(state, ContractMessagesState.send_message, [Upload("run.exe", b"MZ\x90\x00")])
    assert state.msg_error == ("File: This file type is not allowed, or its content does not "
                               "match its name.")
    signed_out = _room_state(room, None)
    signed_out._msg_thread = room["thread"]
    fire(signed_out, ContractMessagesState.set_msg_draft, "anyone there?")
    fire_async(signed_out, ContractMessagesState.send_message, [])
    assert signed_out.msg_error != "" and signed_out.msg_rows == []
    assert _counts(room) == before


def test_inbox_shows_only_the_readers_own_conversations(room):
    outsider = state_as(InboxState, room["outsider"], "/messages")
    fire(outsider, InboxState.load_inbox)
    assert outsider.conversations == []
    va = state_as(InboxState, room["va"], "/messages")
    fire(va, InboxState.load_inbox)
    assert [(c["link"], c["unread"]) for c in va.conversations] == [(f"/contracts/{room['contract']}", "1")]


def test_the_parties_talk_through_the_same_handlers(room):
    va = _room_state(room, room["va"])
    fire(va, ContractMessagesState.load_messages)
    assert [r.html for r in va.msg_rows] == ["private: the shared drive password is in the vault"]
    assert va.unread_messages == 0  # seen, so read
    fire(va, ContractMessagesState.set_msg_draft, "Got it, details at https://example.com/plan")
    fire_async(va, ContractMessagesState.send_message, [Upload("plan.png", PNG)])
    assert va.msg_error == ""
    last = va.msg_rows[-1]
    assert last.mine and '<a href="https://example.com/plan"' in last.html
    assert [f.name for f in last.files] == ["plan.png"] and last.files[0].url.endswith(f"/{last.files[0].id}")
    client = _room_state(room, room["client"])
    fire(client, ContractMessagesState.load_messages)
    assert client.msg_rows[-1].files[0].name == "plan.png" and not client.msg_rows[-1].mine


def test_email_choices_refuse_crafted_values_and_save_real_ones(room):
    state = state_as(AccountState, room["va"], "/account")
    fire(state, AccountState.load)
    assert state.email_groups == {"jobs": True, "contract": True, "money": True, "messages": True}
    for group, enabled in (("everything", False), ("money", "no"), (["money"], False)):
        fire(state, AccountState.set_email, group, enabled)
        assert state.error == "Unknown kind of email."
    signed_out = state_as(AccountState, None, "/account")
    fire(signed_out, AccountState.set_email, "money", False)
    assert signed_out.error != ""
    with session_scope() as session:
        assert session.exec(select(EmailOptOut)).all() == []
    state.error = ""
    fire(state, AccountState.set_email, "messages", False)
    assert state.error == "" and state.email_groups["messages"] is False
    with session_scope() as session:
        rows = session.exec(select(EmailOptOut)).all()
        assert [(r.user_id, r.kind) for r in rows] == [(room["va"].id, "messages")]


def test_the_live_check_stops_once_the_room_is_left_or_the_tab_is_closed(room, monkeypatch):
    from reflex.istate.data import RouterData

    class Sockets:
        """The app's connected tabs: token -> socket id."""

        token_to_sid: dict[str, str] = {"tab-1": "sid-1"}

    monkeypatch.setattr(vamarket.vamarket.app, "_event_namespace", Sockets())
    state = _room_state(room, room["va"])
    here = f"/contracts/{room['contract']}"
    state._get_root_state().router = RouterData.from_router_data({  # what the browser reports
        "headers": {"origin": "http://localhost:3000"}, "pathname": "/contracts/[contract_id]",
        "asPath": here, "token": "tab-1"})
    assert state._page_open(here)
    assert not state._page_open("/contracts/999999")  # the visitor went elsewhere
    Sockets.token_to_sid = {}
    assert not state._page_open(here)  # the tab was closed
