"""The Authlib OAuth registry built from settings, and the URLs the sign-in flow needs.

OpenID Connect providers are configured from their discovery document (PKCE S256, nonce,
scope "openid email profile"). GitHub is plain OAuth2; its endpoints can be moved with
GITHUB_BASE_URL and GITHUB_API_URL (used by the tests' local GitHub-like server).
AUTH_CALLBACK_BASE, when set, is where the browser reaches the /auth routes (the backend port
in dev mode); otherwise it is the public URL.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from authlib.integrations.base_client import OAuthError
from authlib.integrations.starlette_client import OAuth, StarletteOAuth2App
from starlette.requests import Request

from vamarket.settings import OAuthProvider, Settings

OIDC_SCOPE = "openid email profile"
GITHUB_SCOPE = "read:user user:email"
GITHUB_BASE_URL = "https://github.com"
GITHUB_API_URL = "https://api.github.com"


def _env(environ: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if environ is None else environ


def github_urls(environ: Mapping[str, str] | None = None) -> tuple[str, str]:
    """(web base, API base) of GitHub, overridable by GITHUB_BASE_URL / GITHUB_API_URL."""
    env = _env(environ)
    base = (env.get("GITHUB_BASE_URL", "").strip() or GITHUB_BASE_URL).rstrip("/")
    api = (env.get("GITHUB_API_URL", "").strip() or GITHUB_API_URL).rstrip("/")
    return base, api


def auth_base_url(settings: Settings, environ: Mapping[str, str] | None = None) -> str:
    """Where the browser reaches the /auth routes: AUTH_CALLBACK_BASE if set, else the public URL."""
    base = _env(environ).get("AUTH_CALLBACK_BASE", "").strip()
    return (base or settings.public_url).rstrip("/")


def callback_url(settings: Settings, provider: str, environ: Mapping[str, str] | None = None) -> str:
    """The redirect_uri registered with the provider for `provider`."""
    return f"{auth_base_url(settings, environ)}/auth/callback/{provider}"


def build_oauth(settings: Settings, environ: Mapping[str, str] | None = None) -> OAuth:
    """An Authlib registry with one client per configured provider (metadata loads lazily)."""
    oauth = OAuth()
    for provider in settings.providers:
        register_provider(oauth, provider, environ)
    return oauth


def register_provider(oauth: OAuth, provider: OAuthProvider,
                      environ: Mapping[str, str] | None = None) -> None:
    """Register one provider on `oauth` according to its kind."""
    if provider.kind == "github":
        base, api = github_urls(environ)
        oauth.register(
            name=provider.name,
            client_id=provider.client_id,
            client_secret=provider.client_secret,
            authorize_url=f"{base}/login/oauth/authorize",
            access_token_url=f"{base}/login/oauth/access_token",
            api_base_url=f"{api}/",
            client_kwargs={"scope": GITHUB_SCOPE, "code_challenge_method": "S256",
                           "timeout": 10},
        )
        return
    oauth.register(
        name=provider.name,
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        server_metadata_url=provider.discovery_url,
        client_kwargs={"scope": OIDC_SCOPE, "code_challenge_method": "S256", "timeout": 10},
    )


def issuer_for(provider: OAuthProvider, environ: Mapping[str, str] | None = None) -> str:
    """The issuer recorded for plain-OAuth2 identities (GitHub has no ID token)."""
    if provider.kind == "github":
        return github_urls(environ)[0]
    return provider.discovery_url.removesuffix("/.well-known/openid-configuration")


@dataclass(frozen=True)
class ProviderIdentity:
    """Who the provider says signed in (already verified by Authlib)."""

    provider: str
    issuer: str
    subject: str
    email: str | None
    email_verified: bool
    name: str


def _is_true(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


async def fetch_identity(client: StarletteOAuth2App, provider: OAuthProvider, request: Request,
                         environ: Mapping[str, str] | None = None) -> ProviderIdentity:
    """Finish the code exchange for `request` and return the verified identity.

    Raises Authlib, joserfc or httpx errors (or ValueError) when anything does not check out.
    """
    if provider.kind == "github":
        return await _github_identity(client, provider, request, environ)
    metadata = await client.load_server_metadata()
    issuer = metadata.get("issuer")
    if not issuer:
        raise ValueError("the discovery document has no issuer")
    token = await client.authorize_access_token(request, claims_options={
        "iss": {"essential": True, "values": [issuer]},
        "aud": {"essential": True, "values": [client.client_id]},
    })
    claims = token.get("userinfo")
    if not claims:
        raise OAuthError(error="missing_id_token", description="no ID token in the token response")
    email, verified, name = claims.get("email"), claims.get("email_verified"), claims.get("name")
    if not email and metadata.get("userinfo_endpoint"):
        info = await client.userinfo(token=token)
        if info.get("sub") == claims["sub"]:
            email, verified, name = info.get("email"), info.get("email_verified"), name or info.get("name")
    return ProviderIdentity(provider.name, str(claims["iss"]), str(claims["sub"]),
                            str(email) if email else None, _is_true(verified), str(name or ""))


async def _github_identity(client: StarletteOAuth2App, provider: OAuthProvider, request: Request,
                           environ: Mapping[str, str] | None) -> ProviderIdentity:
    token = await client.authorize_access_token(request)
    user_resp = await client.get("user", token=token)
    user_resp.raise_for_status()
    user = user_resp.json()
    if not isinstance(user, dict) or not user.get("id"):
        raise ValueError("GitHub /user has no id")
    emails_resp = await client.get("user/emails", token=token)
    emails_resp.raise_for_status()
    listed = emails_resp.json()
    emails = [e for e in listed if isinstance(e, dict)] if isinstance(listed, list) else []
    primary = next((e for e in emails if e.get("primary")), None)
    verified = bool(primary and primary.get("verified") is True)
    email = primary.get("email") if primary else user.get("email")
    return ProviderIdentity(provider.name, issuer_for(provider, environ), str(user["id"]),
                            str(email) if email else None, verified,
                            str(user.get("name") or user.get("login") or ""))
