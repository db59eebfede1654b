"""Which Stripe the app talks to: real Stripe when STRIPE_SECRET_KEY is set, otherwise the
local Stripe-compatible server that `make run` starts (STRIPE_API_BASE, STRIPE_WEBHOOK_SECRET)."""

from __future__ import annotations

from functools import lru_cache

from vamarket.payments.gateway import StripeGateway
from vamarket.settings import get_settings

LOCAL_API_KEY = "sk_test_vamarket_local"
LOCAL_WEBHOOK_SECRET = "whsec_vamarket_local"  # noqa: S105 - the local test server's, not a real secret
LOCAL_PORT = 12111


def local_api_base() -> str:
    """Where the local Stripe-compatible server listens when none is configured."""
    return f"http://127.0.0.1:{LOCAL_PORT}"


@lru_cache(maxsize=1)
def get_gateway() -> StripeGateway:
    """The process-wide Stripe adapter."""
    settings = get_settings()
    if settings.stripe_secret_key:
        return StripeGateway(settings.stripe_secret_key, api_base=settings.stripe_api_base)
    return StripeGateway(LOCAL_API_KEY, api_base=settings.stripe_api_base or local_api_base())


def webhook_secret() -> str:
    """The secret webhooks are signed with."""
    return get_settings().stripe_webhook_secret or LOCAL_WEBHOOK_SECRET


def uses_local_server() -> bool:
    """True when payments go to the local Stripe-compatible server (no Stripe key set)."""
    return not get_settings().stripe_secret_key
