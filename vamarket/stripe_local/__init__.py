"""A local Stripe-compatible server: the test double and the embedded default when no Stripe key is set.

It speaks the part of Stripe's v1 REST API vamarket uses (customers, Checkout Sessions with a
hosted test checkout page, PaymentIntents, refunds, Connect Express accounts with a test onboarding
page, transfers and reversals, balance transactions, events), honours Idempotency-Key, delivers
signed webhooks with retries, and takes fault injection under /_test/. Amounts are Stripe's minor
units: cents for USD and, as in Stripe's API, hundredths (sen) for IDR.

    python -m vamarket.stripe_local --port 12111 --webhook-url http://localhost:3000/stripe/webhook \\
        --webhook-secret whsec_...

In tests: `server = start_in_thread(webhook_url=..., webhook_secret=...)`, then `server.base_url`,
`server.local` (its store, faults, webhooks) and `server.stop()`.
"""

from vamarket.stripe_local.app import LocalStripe, RunningServer, start_in_thread

__all__ = ["LocalStripe", "RunningServer", "start_in_thread"]
