"""Sign-in end to end against real local providers, on SQLite and PostgreSQL.

oidc-provider-mock (nonce required) plays the demo provider; a controllable OpenID provider signs
bad ID tokens on purpose; a GitHub-like server answers the OAuth2 flow and /user(/emails).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from oauth_servers import CLIENT_ID, CLIENT_SECRET, ControlledOIDC, FakeGitHub, serve
from oidc_provider_mock import run_server_in_thread
from signin_flow import Flow, cookie, query_param, unique, with_query
from sqlmodel import Session, select
from starlette.testclient import TestClient

from vamarket.auth.routes import HANDSHAKE_COOKIE, build_auth_app
from vamarket.auth.sessions import SESSION_COOKIE, hash_token
from vamarket.models import AuthSession
from vamarket.settings import load_settings


@pytest.fixture(scope="module", autouse=True)
def _local_http() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")  # the providers run on plain http locally
        yield


@pytest.fixture(scope="module")
def mock_idp() -> Iterator[str]:
    with run_server_in_thread(require_nonce=True) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def expired_idp() -> Iterator[str]:
    with run_server_in_thread(require_nonce=True, access_token_max_age=timedelta(minutes=-10)) as s:
        yield f"http://localhost:{s.server_port}"


@pytest.fixture(scope="module")
def controlled() -> Iterator[ControlledOIDC]:
    provider = ControlledOIDC()
    with serve(provider.app) as base:
        provider.base_url = base
        yield provider


@pytest.fixture(scope="module")
def github() -> Iterator[FakeGitHub]:
    provider = FakeGitHub()
    with serve(provider.app) as base:
        provider.base_url = base
        yield provider


def _oidc(name: str, base: str) -> dict[str, str]:
    return {"name": name, "discovery_url": f"{base}/.well-known/openid-configuration",
            "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}


def _flow(engine, db_url, mock_idp, expired_idp, controlled, github,
          public_url: str = "http://testserver") -> Iterator[Flow]:
    settings = load_settings({
        "DATABASE_URL": db_url, "PUBLIC_URL": public_url, "SESSION_SECRET": "t" * 40,
        "DEMO_OIDC_URL": mock_idp,
        "OIDC_PROVIDERS": json.dumps([_oidc("controlled", controlled.base_url),
                                      _oidc("expiring", expired_idp)]),
        "GITHUB_CLIENT_ID": CLIENT_ID, "GITHUB_CLIENT_SECRET": CLIENT_SECRET,
    }, env_file=Path("/nonexistent"))
    environ = {"GITHUB_BASE_URL": github.base_url, "GITHUB_API_URL": f"{github.base_url}/api"}
    app = build_auth_app(settings, engine, environ)
    with TestClient(app, base_url=public_url, follow_redirects=False) as client, \
            httpx.Client(follow_redirects=False, timeout=10) as web:
        yield Flow(client, engine, mock_idp, web)


@pytest.fixture
def flow(engine, db_url, mock_idp, expired_idp, controlled, github) -> Iterator[Flow]:
    """A fresh browser against an auth app on this test's database."""
    yield from _flow(engine, db_url, mock_idp, expired_idp, controlled, github)


def _refused(flow: Flow, response: httpx.Response, sessions_before: int, words: str) -> None:
    assert response.status_code == 400
    assert "Sign-in failed" in response.text and words in response.text
    assert cookie(response, SESSION_COOKIE) is None
    assert flow.session_count() == sessions_before


def test_demo_sign_in_starts_a_hashed_server_side_session(flow: Flow, mock_idp: str):
    subject = unique("newcomer")
    flow.set_mock_user(subject, email=f"{subject}@example.com", email_verified=True, name="New Comer")
    authorize_url = flow.start("demo")
    assert "code_challenge_method=S256" in authorize_url and "nonce=" in authorize_url
    response = flow.finish(flow.approve_at_mock(authorize_url, subject))

    assert response.status_code == 303 and response.headers["location"] == "/onboarding"
    sent = cookie(response, SESSION_COOKIE)
    assert sent["httponly"] and sent["samesite"].lower() == "lax" and sent["path"] == "/"
    assert int(sent["max-age"]) == 14 * 86400 and not sent.get("secure")
    token = sent["value"]
    with Session(flow.engine) as db:
        assert db.exec(select(AuthSession).where(AuthSession.token_hash == hash_token(token))).one()
        assert db.exec(select(AuthSession).where(AuthSession.token_hash == token)).first() is None
    user = flow.user_for(token)
    assert user.display_name == "New Comer" and user.email == f"{subject}@example.com"
    assert not user.onboarded
    assert flow.identity(mock_idp, subject).user_id == user.id


def test_handshake_cookie_is_short_lived_and_scoped_to_auth(flow: Flow):
    response = flow.client.get("/auth/login/demo")
    handshake = cookie(response, HANDSHAKE_COOKIE)
    assert handshake["path"] == "/auth" and handshake["httponly"]
    assert int(handshake["max-age"]) <= 600 and handshake["samesite"].lower() == "lax"


def test_tampered_state_is_refused_without_a_session(flow: Flow):
    before = flow.session_count()
    callback = flow.approve_at_mock(flow.start("demo"), unique("mallory"))
    _refused(flow, flow.finish(with_query(callback, state="forged-state")), before, "expired")


def test_id_token_with_another_nonce_is_refused(flow: Flow):
    before = flow.session_count()
    authorize_url = with_query(flow.start("demo"), nonce="nonce-chosen-by-attacker")
    callback = flow.approve_at_mock(authorize_url, unique("replayer"))
    _refused(flow, flow.finish(callback), before, "could not be verified")


@pytest.mark.parametrize("overrides", [
    {"aud": "another-client"},
    {"aud": ["another-client"], "azp": CLIENT_ID},
    {"iss": "https://impostor.example"},
    {"exp": 1_000_000_000},
    {"nonce": None},
], ids=["audience", "audience-with-azp", "issuer", "expired", "no-nonce"])
def test_bad_id_token_claims_are_refused(flow: Flow, controlled: ControlledOIDC, overrides):
    controlled.reset(unique("claims"), email="x@example.com", email_verified=True)
    controlled.overrides = overrides
    before = flow.session_count()
    _refused(flow, flow.finish(flow.approve_at(flow.start("controlled"))), before, "could not be verified")


def test_id_token_signed_by_an_unknown_key_is_refused(flow: Flow, controlled: ControlledOIDC):
    from joserfc.jwk import RSAKey

    controlled.reset(unique("forged"))
    controlled.signing_key = RSAKey.generate_key(2048, parameters={"kid": "good"})
    before = flow.session_count()
    _refused(flow, flow.finish(flow.approve_at(flow.start("controlled"))), before, "could not be verified")


def test_controlled_provider_accepts_a_good_token(flow: Flow, controlled: ControlledOIDC):
    subject = unique("good")
    controlled.reset(subject, name="Good Token")
    response = flow.finish(flow.approve_at(flow.start("controlled")))
    assert response.status_code == 303
    assert flow.user_for(flow.token_of(response)).display_name == "Good Token"


def test_expired_id_token_from_the_provider_is_refused(flow: Flow):
    before = flow.session_count()
    callback = flow.approve_at_mock(flow.start("expiring"), unique("late"))
    _refused(flow, flow.finish(callback), before, "could not be verified")


def test_replayed_code_is_refused(flow: Flow):
    callback = flow.approve_at_mock(flow.start("demo"), unique("once"))
    assert flow.finish(callback).status_code == 303
    before = flow.session_count()
    _refused(flow, flow.finish(callback), before, "expired")  # same URL again
    fresh_state = query_param(flow.start("demo"), "state")  # a new handshake, then the used code
    _refused(flow, flow.finish(with_query(callback, state=fresh_state)), before, "could not be verified")


@pytest.mark.parametrize(("asked", "landed"), [
    ("/profile", "/profile"),
    ("/jobs?page=2", "/jobs?page=2"),
    ("//evil.example", "/dashboard"),
    ("/\\evil.example", "/dashboard"),
    ("https://evil.example/", "/dashboard"),
    ("/\t/evil.example", "/dashboard"),
])
def test_next_is_kept_only_when_it_is_a_local_path(flow: Flow, asked: str, landed: str):
    subject = unique("returning")
    first = flow.demo_sign_in(subject)
    flow.mark_onboarded(flow.user_for(flow.token_of(first)).id)
    response = flow.demo_sign_in(subject, next_path=asked)
    assert response.status_code == 303 and response.headers["location"] == landed


def test_sign_out_revokes_the_session_on_the_server(flow: Flow):
    token = flow.token_of(flow.demo_sign_in(unique("leaver")))
    assert flow.user_for(token) is not None
    response = flow.client.post("/auth/logout")
    assert response.status_code == 303 and response.headers["location"] == "/"
    cleared = cookie(response, SESSION_COOKIE)
    assert cleared["value"] == "" and cleared.get("max-age") == "0"
    assert flow.user_for(token) is None  # the old cookie value is dead even if a browser kept it
    flow.client.cookies.set(SESSION_COOKIE, token)
    assert flow.client.post("/auth/logout").status_code == 303
    assert flow.user_for(token) is None


def test_verified_email_joins_the_existing_account(flow: Flow, mock_idp: str):
    email = f"{unique('owner')}@example.com"
    owner = flow.add_user(email=email, email_verified=True, display_name="Owner")
    subject = unique("owner-sub")
    flow.set_mock_user(subject, email=email.upper(), email_verified=True, name="Owner Again")
    response = flow.demo_sign_in(subject)
    assert response.headers["location"] == "/dashboard"  # an onboarded account goes home
    assert flow.user_for(flow.token_of(response)).id == owner.id
    assert flow.identity(mock_idp, subject).user_id == owner.id


def test_unverified_email_never_joins_an_existing_account(flow: Flow):
    email = f"{unique('victim')}@example.com"
    victim = flow.add_user(email=email, email_verified=True)
    response = flow.demo_sign_in(email)  # a typed-in subject: the mock claims email=subject, unverified
    newcomer = flow.user_for(flow.token_of(response))
    assert newcomer.id != victim.id and newcomer.email is None and not newcomer.onboarded
    assert response.headers["location"] == "/onboarding"


def test_suspended_account_is_refused(flow: Flow):
    email = f"{unique('banned')}@example.com"
    flow.add_user(email=email, email_verified=True, status="suspended")
    subject = unique("banned-sub")
    flow.set_mock_user(subject, email=email, email_verified=True)
    before = flow.session_count()
    response = flow.demo_sign_in(subject)
    assert response.status_code == 403 and "suspended" in response.text
    assert cookie(response, SESSION_COOKIE) is None and flow.session_count() == before


def test_github_verified_primary_email_joins_the_account(flow: Flow, github: FakeGitHub):
    email = f"{unique('octo')}@example.com"
    owner = flow.add_user(email=email, email_verified=True)
    github_id = int(unique("1").split("-")[1], 16) % 10**9
    github.user = {"id": github_id, "login": "octo", "name": None, "email": None}
    github.emails = [{"email": "old@example.com", "primary": False, "verified": True},
                     {"email": email, "primary": True, "verified": True}]
    response = flow.finish(flow.approve_at(flow.start("github")))
    assert flow.user_for(flow.token_of(response)).id == owner.id
    assert flow.identity(github.base_url, str(github_id)).user_id == owner.id


def test_github_unverified_primary_email_makes_a_new_account(flow: Flow, github: FakeGitHub):
    email = f"{unique('octo2')}@example.com"
    owner = flow.add_user(email=email, email_verified=True)
    github.user = {"id": int(unique("2").split("-")[1], 16) % 10**9, "login": "squatter"}
    github.emails = [{"email": email, "primary": True, "verified": False}]
    newcomer = flow.user_for(flow.token_of(flow.finish(flow.approve_at(flow.start("github")))))
    assert newcomer.id != owner.id and newcomer.display_name == "squatter" and newcomer.email is None


def test_cancelling_at_the_provider_shows_a_message(flow: Flow):
    authorize_url = flow.start("demo")
    answer = flow.web.post(authorize_url, data={"action": "deny"})
    before = flow.session_count()
    _refused(flow, flow.finish(answer.headers["location"]), before, "cancelled")


def test_unknown_provider_is_a_404_page_in_the_visitors_language(flow: Flow):
    flow.client.cookies.set("vm_locale", "id")
    response = flow.client.get("/auth/login/myspace")
    assert response.status_code == 404 and 'lang="id"' in response.text
    assert "Pilihan masuk ini tidak tersedia." in response.text
    assert flow.client.get("/auth/callback/myspace?code=x&state=y").status_code == 404


def test_cookies_are_secure_when_served_over_https(engine, db_url, mock_idp, expired_idp,
                                                   controlled, github):
    for flow in _flow(engine, db_url, mock_idp, expired_idp, controlled, github,
                      public_url="https://testserver"):
        authorize_url = flow.start("demo")
        assert "redirect_uri=https%3A%2F%2Ftestserver%2Fauth%2Fcallback%2Fdemo" in authorize_url
        response = flow.finish(flow.approve_at_mock(authorize_url, unique("secure")))
        assert cookie(response, SESSION_COOKIE).get("secure")
