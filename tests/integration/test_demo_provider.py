"""The demo sign-in provider as `make run` starts it: its own process, demo people one click away."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from signin_flow import Flow, with_query
from starlette.testclient import TestClient

from vamarket.auth.routes import build_auth_app
from vamarket.db import make_engine
from vamarket.demo.oidc import start_demo_provider
from vamarket.demo.people import DEMO_PEOPLE
from vamarket.migrations import upgrade_to_head
from vamarket.settings import load_settings


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def demo_url() -> Iterator[str]:
    port = _free_port()
    process = start_demo_provider(port)
    try:
        yield f"http://localhost:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def flow(tmp_path: Path, demo_url: str) -> Iterator[Flow]:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    upgrade_to_head(url)
    engine = make_engine(url)
    settings = load_settings({"DATABASE_URL": url, "PUBLIC_URL": "http://testserver",
                              "SESSION_SECRET": "d" * 40, "DEMO_OIDC_URL": demo_url},
                             env_file=Path("/nonexistent"))
    with TestClient(build_auth_app(settings, engine), base_url="http://testserver",
                    follow_redirects=False) as client, httpx.Client(timeout=10) as web:
        yield Flow(client, engine, demo_url, web)
    engine.dispose()


def test_demo_people_sign_in_with_one_click(flow: Flow):
    authorize_url = flow.start("demo")
    form = flow.web.get(authorize_url).text
    assert all(f'value="{person.subject}"' in form for person in DEMO_PEOPLE)
    dewi = next(p for p in DEMO_PEOPLE if p.subject == "va-dewi")
    user = flow.user_for(flow.token_of(flow.finish(flow.approve_at_mock(authorize_url, dewi.subject))))
    assert user.display_name == dewi.name and user.email == dewi.email and user.email_verified


def test_a_typed_in_subject_is_a_new_person_without_a_verified_email(flow: Flow):
    response = flow.demo_sign_in("someone-new")
    user = flow.user_for(flow.token_of(response))
    assert response.headers["location"] == "/onboarding" and user.email is None


def test_the_demo_provider_requires_a_nonce(flow: Flow):
    without_nonce = with_query(flow.start("demo"), nonce=None)
    answer = flow.web.get(without_nonce)
    assert 'name="sub"' not in answer.text
    assert "error=invalid_request" in answer.headers.get("location", "") or answer.status_code == 400
