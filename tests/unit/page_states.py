"""Page states as the server holds them, for calling real event handlers in tests."""

from __future__ import annotations

import inspect

from reflex.istate.data import RouterData
from reflex.state import State

from tests.conftest import run_async
from vamarket.auth.sessions import start_session
from vamarket.db import session_scope
from vamarket.models import User


def state_as(cls, user: User | None, path: str = "/", params: dict | None = None):
    """The page state `cls` as the server holds it for a browser signed in as `user`."""
    cookie = ""
    if user is not None:
        with session_scope() as session:
            cookie = f"vm_session={start_session(session, user=session.get(User, user.id))}"
    root = State(_reflex_internal_init=True)
    root.router = RouterData.from_router_data(
        {"headers": {"cookie": cookie}, "pathname": path, "query": params or {}})
    return root.get_substate(cls.get_full_name().split(".")[1:])


def fire(state, handler, *args):
    """Run an event handler the way Reflex does, draining generator handlers and running
    async ones to their end."""
    result = handler.fn(state, *args)
    if inspect.isgenerator(result):
        for _ in result:
            pass
    elif inspect.isasyncgen(result) or inspect.isawaitable(result):
        return run_async(_finish(result))
    return result


async def _finish(result):
    if inspect.isasyncgen(result):
        async for _ in result:
            pass
        return None
    return await result
