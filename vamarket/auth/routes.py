"""The /auth routes: start sign-in, handle the provider's callback, sign out.

`GET /auth/login/{provider}` redirects to the provider (PKCE S256, state, and a nonce for
OpenID Connect). `GET /auth/callback/{provider}` lets Authlib check state, the code exchange and
the ID token (issuer, audience, expiry, nonce, signature), resolves the account and starts a
server-side session. `POST /auth/logout` revokes it. Any failure is a plain HTML page in the
visitor's language, and no session is created.
"""

from __future__ import annotations

import html
import logging
import os
import secrets
from collections.abc import Mapping
from pathlib import Path

import httpx
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client import MismatchingStateError, OAuthError
from joserfc.errors import JoseError
from sqlalchemy.engine import Engine
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route

from vamarket import routes
from vamarket.auth import providers
from vamarket.auth.providers import ProviderIdentity, fetch_identity
from vamarket.auth.sessions import SESSION_COOKIE, end_session, start_session, user_for_token
from vamarket.db import session_scope
from vamarket.i18n import translate
from vamarket.services import audit, identities
from vamarket.settings import PROJECT_ROOT, SUPPORTED_LOCALES, Settings, get_settings

log = logging.getLogger(__name__)

HANDSHAKE_COOKIE = "vm_auth_flow"
HANDSHAKE_MAX_AGE = 600
SECRET_FILE = PROJECT_ROOT / ".session_secret"
_NEXT_KEY = "vm_next"


def handshake_secret(settings: Settings, path: Path = SECRET_FILE) -> str:
    """The key signing the handshake cookie: SESSION_SECRET, else a random one kept in `path`."""
    if settings.session_secret:
        return settings.session_secret
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        value = path.read_text(encoding="utf-8").strip()
        if len(value) >= 32:
            return value
        path.unlink()
        return handshake_secret(settings, path)
    value = secrets.token_urlsafe(48)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(value + "\n")
    return value


def safe_next(value: str | None) -> str:
    """`value` if it is a same-site path (one leading "/", no "//", "/\\" or control chars), else "/"."""
    if not value or len(value) > 500 or not value.startswith("/"):
        return "/"
    if value.startswith(("//", "/\\")) or "\\" in value:
        return "/"
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value):
        return "/"
    return value


def build_auth_app(settings: Settings | None = None, engine: Engine | None = None,
                   environ: Mapping[str, str] | None = None) -> Starlette:
    """The Starlette app with the /auth routes (settings and engine default to the process-wide ones)."""
    settings = settings or get_settings()
    oauth = providers.build_oauth(settings, environ)
    auth_base = providers.auth_base_url(settings, environ)
    split_origin = auth_base != settings.public_url

    def page_url(path: str) -> str:
        return f"{settings.public_url}{path}" if split_origin else path

    def error(request: Request, key: str, status: int = 400) -> Response:
        return error_page(request, settings, key, status=status,
                          signin_url=page_url("/signin"), home_url=page_url("/"))

    async def login(request: Request) -> Response:
        name = request.path_params["provider"]
        client = oauth.create_client(name) if settings.provider(name) else None
        if client is None:
            return error(request, "auth.error_unknown_provider", 404)
        request.session[_NEXT_KEY] = safe_next(request.query_params.get("next"))
        try:
            return await client.authorize_redirect(
                request, providers.callback_url(settings, name, environ))
        except (httpx.HTTPError, AuthlibBaseError, JoseError, RuntimeError, ValueError) as exc:
            log.warning("sign-in start failed for %s: %r", name, exc)
            return error(request, "auth.error_unreachable", 502)

    async def callback(request: Request) -> Response:
        name = request.path_params["provider"]
        provider = settings.provider(name)
        client = oauth.create_client(name) if provider else None
        if provider is None or client is None:
            return error(request, "auth.error_unknown_provider", 404)
        next_path = safe_next(request.session.get(_NEXT_KEY))
        try:
            found = await fetch_identity(client, provider, request, environ)
        except (AuthlibBaseError, JoseError, httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
            request.session.clear()
            log.warning("sign-in callback refused for %s: %r", name, exc)
            return error(request, _error_key(exc))
        request.session.clear()
        try:
            token, onboarded = _open_session(found, request, engine)
        except identities.AccountUnavailable as exc:
            return error(request, exc.key, 403)
        home = next_path if next_path != "/" else routes.DASHBOARD  # signed-in people start there
        target = home if onboarded else "/onboarding"
        response = RedirectResponse(page_url(target), status_code=303)
        response.set_cookie(SESSION_COOKIE, token, max_age=settings.session_days * 86400, path="/",
                            httponly=True, samesite="lax", secure=settings.secure_cookies)
        return response

    async def logout(request: Request) -> Response:
        token = request.cookies.get(SESSION_COOKIE, "")
        if token:
            with session_scope(engine) as db:
                user = user_for_token(db, token)
                if end_session(db, token) and user is not None:
                    audit.record(db, actor_id=user.id, action="auth.sign_out", object_type="user",
                                 object_id=user.id)
        response = RedirectResponse(page_url("/"), status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax",
                               secure=settings.secure_cookies)
        return response

    async def not_found(request: Request) -> Response:
        return error(request, "auth.error_not_found", 404)

    inner = Starlette(
        routes=[
            Route("/login/{provider}", login, methods=["GET"]),
            Route("/callback/{provider}", callback, methods=["GET"]),
            Route("/logout", logout, methods=["POST"]),
            Route("/{rest:path}", not_found),
        ],
        middleware=[Middleware(
            SessionMiddleware, secret_key=handshake_secret(settings), session_cookie=HANDSHAKE_COOKIE,
            max_age=HANDSHAKE_MAX_AGE, path="/auth", same_site="lax",
            https_only=settings.secure_cookies)],
    )
    return Starlette(routes=[Mount("/auth", app=inner)])


def _open_session(found: ProviderIdentity, request: Request,
                  engine: Engine | None) -> tuple[str, bool]:
    """Resolve the account and start a session; the previous session of this browser ends."""
    with session_scope(engine) as db:
        user = identities.sign_in(db, provider=found.provider, issuer=found.issuer,
                                  subject=found.subject, email=found.email,
                                  email_verified=found.email_verified, name=found.name)
        old = request.cookies.get(SESSION_COOKIE, "")
        if old:
            end_session(db, old)
        token = start_session(db, user=user, user_agent=request.headers.get("user-agent", ""))
        return token, user.onboarded


def _error_key(exc: Exception) -> str:
    """The message shown for a refused callback."""
    if isinstance(exc, MismatchingStateError):
        return "auth.error_state"
    if isinstance(exc, OAuthError) and exc.error == "access_denied":
        return "auth.error_cancelled"
    if isinstance(exc, httpx.HTTPError) and not isinstance(exc, httpx.HTTPStatusError):
        return "auth.error_unreachable"
    return "auth.error_invalid"


_PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} - vamarket</title>
<style>body{{font-family:system-ui,sans-serif;background:#f6f8f8;color:#1c2024;margin:0}}
main{{max-width:32rem;margin:12vh auto;padding:2rem;background:#fff;border-radius:12px;
box-shadow:0 1px 4px rgba(0,0,0,.12)}}h1{{font-size:1.4rem;margin-top:0}}
a{{display:inline-block;margin:1rem 1rem 0 0;color:#0d7d74;font-weight:600}}</style></head>
<body><main id="auth-error"><h1>{title}</h1><p id="auth-error-message">{message}</p>
<a href="{signin_url}" id="auth-error-retry">{retry}</a><a href="{home_url}">{home}</a></main>
</body></html>"""


def error_page(request: Request, settings: Settings, key: str, *, status: int,
               signin_url: str, home_url: str) -> HTMLResponse:
    """A small HTML page explaining a refused sign-in, in the language of the vm_locale cookie."""
    locale = request.cookies.get("vm_locale", "")
    if locale not in SUPPORTED_LOCALES:
        locale = settings.default_locale

    def text(k: str) -> str:
        return html.escape(translate(locale, k))

    body = _PAGE.format(lang=locale, title=text("auth.error_title"), message=text(key),
                        retry=text("auth.error_try_again"), home=text("auth.error_home"),
                        signin_url=html.escape(signin_url), home_url=html.escape(home_url))
    return HTMLResponse(body, status_code=status, headers={"Cache-Control": "no-store"})
