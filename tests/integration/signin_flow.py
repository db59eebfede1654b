"""Drives the /auth routes like a browser: our app through Starlette's TestClient, the providers
over real HTTP. Used by test_signin.py."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import httpx
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from starlette.testclient import TestClient

from vamarket.auth.sessions import SESSION_COOKIE, user_for_token
from vamarket.models import AuthSession, Identity, User


def unique(prefix: str) -> str:
    """A subject or mailbox name no other test uses (the databases outlive one test)."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def with_query(url: str, **changes: str | None) -> str:
    """`url` with some query parameters replaced (None removes one)."""
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query.update(changes)
    query = {k: v for k, v in query.items() if v is not None}
    return urlunsplit(parts._replace(query=urlencode(query)))


def query_param(url: str, name: str) -> str:
    """One query parameter of `url`."""
    return parse_qs(urlsplit(url).query)[name][0]


def cookie(response: httpx.Response, name: str) -> dict[str, str] | None:
    """The Set-Cookie of `name` as {"value": ..., attribute: value}, lower-case attribute names."""
    for header in response.headers.get_list("set-cookie"):
        jar = SimpleCookie()
        jar.load(header)
        if name in jar:
            morsel = jar[name]
            found = {"value": morsel.value}
            found.update({k.lower(): str(v) for k, v in morsel.items() if v})
            return found
    return None


@dataclass
class Flow:
    """One browser: `client` talks to our auth app, `web` to the providers."""

    client: TestClient
    engine: Engine
    mock_url: str
    web: httpx.Client

    def start(self, provider: str, next_path: str | None = None) -> str:
        """GET /auth/login/<provider>; returns the provider's authorize URL."""
        params = {"next": next_path} if next_path is not None else None
        response = self.client.get(f"/auth/login/{provider}", params=params)
        assert response.status_code == 302, response.text
        return response.headers["location"]

    def approve_at_mock(self, authorize_url: str, subject: str) -> str:
        """Open the mock's consent form, submit `sub`; returns the callback URL it redirects to."""
        form = self.web.get(authorize_url)
        assert form.status_code == 200 and 'name="sub"' in form.text
        answer = self.web.post(authorize_url, data={"sub": subject})
        assert answer.status_code == 302, answer.text
        return answer.headers["location"]

    def approve_at(self, authorize_url: str) -> str:
        """Follow a provider that authorizes at once; returns the callback URL."""
        answer = self.web.get(authorize_url)
        assert answer.status_code in (302, 307), answer.text
        return answer.headers["location"]

    def finish(self, callback_url: str) -> httpx.Response:
        """Deliver the provider's redirect to our callback."""
        parts = urlsplit(callback_url)
        assert parts.path.startswith("/auth/callback/")
        return self.client.get(f"{parts.path}?{parts.query}")

    def set_mock_user(self, subject: str, **claims: object) -> None:
        """Give `subject` these claims at the mock provider."""
        assert self.web.put(f"{self.mock_url}/users/{subject}", json=claims).status_code == 204

    def demo_sign_in(self, subject: str, next_path: str | None = None) -> httpx.Response:
        """A whole sign-in at the mock provider; returns our callback's response."""
        return self.finish(self.approve_at_mock(self.start("demo", next_path), subject))

    # -- database views --

    def session_count(self) -> int:
        """How many sessions exist."""
        with Session(self.engine) as db:
            return db.exec(select(func.count()).select_from(AuthSession)).one()

    def user_for(self, token: str) -> User | None:
        """The user a session token resolves to now."""
        with Session(self.engine) as db:
            return user_for_token(db, token)

    def identity(self, issuer: str, subject: str) -> Identity | None:
        """The identity stored for (issuer, subject)."""
        with Session(self.engine) as db:
            return db.exec(select(Identity).where(Identity.issuer == issuer,
                                                  Identity.subject == subject)).first()

    def add_user(self, **fields: object) -> User:
        """Commit a user (the auth app reads through its own connections)."""
        fields.setdefault("display_name", "Existing")
        fields.setdefault("onboarded", True)
        with Session(self.engine, expire_on_commit=False) as db:
            user = User(**fields)
            db.add(user)
            db.commit()
            return user

    def mark_onboarded(self, user_id: int) -> None:
        """Finish onboarding for a user, as the onboarding page would."""
        with Session(self.engine) as db:
            user = db.get(User, user_id)
            user.onboarded = True
            db.add(user)
            db.commit()

    def token_of(self, response: httpx.Response) -> str:
        """The session token our callback set."""
        found = cookie(response, SESSION_COOKIE)
        assert found, f"no session cookie: {response.status_code} {response.text[:200]}"
        return found["value"]
