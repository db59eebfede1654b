"""State of the sign-in page: the configured providers (name and label only, never secrets)."""

from __future__ import annotations

from urllib.parse import urlencode

import reflex as rx

from vamarket.auth.providers import auth_base_url
from vamarket.auth.routes import safe_next
from vamarket.settings import DEMO_PROVIDER, get_settings
from vamarket.state.base import AppState


def login_href(provider: str, next_path: str) -> str:
    """Where a provider button points: the /auth route that starts sign-in, keeping `next`."""
    settings = get_settings()
    base = auth_base_url(settings)
    prefix = base if base != settings.public_url else ""
    query = f"?{urlencode({'next': next_path})}" if next_path != "/" else ""
    return f"{prefix}/auth/login/{provider}{query}"


class SignInState(AppState):
    """The provider buttons of /signin."""

    providers: list[dict[str, str]] = []
    loaded: bool = False

    @rx.var
    def has_demo(self) -> bool:
        """True when the demo provider is offered."""
        return any(p["name"] == DEMO_PROVIDER for p in self.providers)

    @rx.event
    def load(self):
        """List the configured providers; a signed-in, onboarded visitor goes on to `next`."""
        next_path = safe_next(self.router.url.query_parameters.get("next"))
        if next_path.startswith("/signin"):
            next_path = "/"
        self.providers = [
            {"name": p.name, "label": p.label, "href": login_href(p.name, next_path)}
            for p in get_settings().providers
        ]
        self.loaded = True
        if self.signed_in and self.onboarded:
            return rx.redirect(next_path)
        return None
