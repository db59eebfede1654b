"""Small real providers for the sign-in tests, each served by uvicorn on a local port.

`ControlledOIDC` is an OpenID provider whose ID-token claims (and signing key) the test chooses,
to check that bad tokens are refused. `FakeGitHub` answers like GitHub's OAuth2 endpoints and
its `/user` and `/user/emails` API. Both check PKCE S256 and the client secret like the real ones.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlencode

import uvicorn
from joserfc import jwt
from joserfc.jwk import RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

CLIENT_ID = "vamarket-test"
CLIENT_SECRET = "vamarket-test-secret"


@contextmanager
def serve(app: Starlette) -> Iterator[str]:
    """Serve `app` on a free localhost port in a thread; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(5)
        sock.close()


def _pkce_ok(verifier: str | None, challenge: str | None) -> bool:
    if not verifier or not challenge:
        return False
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == challenge


def _client_ok(request: Request, form) -> bool:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("basic "):
        client_id, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
    else:
        client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
    return client_id == CLIENT_ID and secret == CLIENT_SECRET


def _issue_code(codes: dict, request: Request, **extra: object) -> Response:
    """Authorize at once (no login form) and send the browser back with a code."""
    q = request.query_params
    if q.get("code_challenge_method") != "S256" or not q.get("code_challenge"):
        return JSONResponse({"error": "invalid_request"}, status_code=400)
    code = secrets.token_urlsafe(16)
    codes[code] = {"challenge": q["code_challenge"], "redirect_uri": q["redirect_uri"],
                   "nonce": q.get("nonce"), **extra}
    return RedirectResponse(f"{q['redirect_uri']}?{urlencode({'code': code, 'state': q['state']})}")


async def _redeem(codes: dict, request: Request) -> tuple[dict | None, Response | None]:
    form = await request.form()
    entry = codes.pop(form.get("code", ""), None)
    if entry is None or not _client_ok(request, form) or form.get("redirect_uri") != entry["redirect_uri"]:
        return None, JSONResponse({"error": "invalid_grant"}, status_code=400)
    if not _pkce_ok(form.get("code_verifier"), entry["challenge"]):
        return None, JSONResponse({"error": "invalid_grant", "error_description": "PKCE"}, 400)
    return entry, None


class ControlledOIDC:
    """An OpenID provider signing ID tokens with claims the test sets in `claims` / `overrides`."""

    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "good", "use": "sig"})
        self.signing_key = self.key
        self.base_url = ""
        self.subject = "controlled-user"
        self.claims: dict[str, object] = {}
        self.overrides: dict[str, object] = {}
        self.codes: dict[str, dict] = {}
        self.app = Starlette(routes=[
            Route("/.well-known/openid-configuration", self.discovery),
            Route("/jwks", self.jwks),
            Route("/authorize", self.authorize),
            Route("/token", self.token, methods=["POST"]),
        ])

    def reset(self, subject: str, **claims: object) -> None:
        """Next sign-ins are `subject` with `claims`; no overrides, the good key."""
        self.subject, self.claims, self.overrides = subject, claims, {}
        self.signing_key = self.key

    async def discovery(self, request: Request) -> Response:
        base = self.base_url
        return JSONResponse({
            "issuer": base, "authorization_endpoint": f"{base}/authorize",
            "token_endpoint": f"{base}/token", "jwks_uri": f"{base}/jwks",
            "response_types_supported": ["code"], "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
        })

    async def jwks(self, request: Request) -> Response:
        return JSONResponse({"keys": [self.key.as_dict(private=False)]})

    async def authorize(self, request: Request) -> Response:
        return _issue_code(self.codes, request, client_id=request.query_params.get("client_id"))

    async def token(self, request: Request) -> Response:
        entry, failure = await _redeem(self.codes, request)
        if failure:
            return failure
        now = int(time.time())
        claims = {"iss": self.base_url, "sub": self.subject, "aud": entry["client_id"], "iat": now,
                  "exp": now + 300, "nonce": entry["nonce"], **self.claims, **self.overrides}
        claims = {k: v for k, v in claims.items() if v is not None}
        header = {"alg": "RS256", "kid": self.signing_key.kid}
        id_token = jwt.encode(header, claims, self.signing_key)
        return JSONResponse({"access_token": secrets.token_urlsafe(16), "token_type": "Bearer",
                             "expires_in": 300, "id_token": id_token})


class FakeGitHub:
    """GitHub's OAuth2 web flow and the two API calls sign-in makes."""

    def __init__(self) -> None:
        self.user: dict[str, object] = {}
        self.emails: list[dict[str, object]] = []
        self.codes: dict[str, dict] = {}
        self.tokens: set[str] = set()
        self.app = Starlette(routes=[
            Route("/login/oauth/authorize", self.authorize),
            Route("/login/oauth/access_token", self.access_token, methods=["POST"]),
            Route("/api/user", self.api_user),
            Route("/api/user/emails", self.api_emails),
        ])

    async def authorize(self, request: Request) -> Response:
        return _issue_code(self.codes, request)

    async def access_token(self, request: Request) -> Response:
        entry, failure = await _redeem(self.codes, request)
        if failure:
            return failure
        token = secrets.token_urlsafe(16)
        self.tokens.add(token)
        return JSONResponse({"access_token": token, "token_type": "bearer",
                             "scope": "read:user,user:email"})

    def _authorized(self, request: Request) -> bool:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        return scheme.lower() in ("bearer", "token") and token in self.tokens

    async def api_user(self, request: Request) -> Response:
        if not self._authorized(request):
            return JSONResponse({"message": "Bad credentials"}, status_code=401)
        return JSONResponse(self.user)

    async def api_emails(self, request: Request) -> Response:
        if not self._authorized(request):
            return JSONResponse({"message": "Bad credentials"}, status_code=401)
        return JSONResponse(self.emails)
