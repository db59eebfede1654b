"""The one Stripe adapter: every call to Stripe (or to the local Stripe-compatible server) goes
through here, and nothing else in vamarket imports `stripe`.

- API version pinned (`API_VERSION`), bounded retries on network errors and 5xx (stripe-python
  resends with the same idempotency key), a timeout on every call.
- Every write carries an idempotency key built from our ids by the caller
  (`deposit:<contract>`, `release:<milestone>`, ...), so a retry never pays twice.
- Amounts go in and out as vamarket minor units; Stripe counts IDR in hundredths, so the
  adapter converts (`to_stripe_amount` / `from_stripe_amount`).
- Errors come out typed: `PaymentDeclined` (the card said no), `PaymentUnavailable` (network or
  Stripe down after retries), `PaymentRejected` (Stripe refused the request).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import stripe

API_VERSION = "2026-10-28.endive"
TIMEOUT_SECONDS = 15
_STRIPE_HUNDREDTHS = {"IDR"}  # currencies Stripe counts in hundredths though we count whole units


class PaymentError(Exception):
    """Base for payment failures; `code` is Stripe's code when there is one."""

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.code = code


class PaymentDeclined(PaymentError):
    """The card or the bank declined."""


class PaymentUnavailable(PaymentError):
    """Stripe could not be reached or failed, even after retries."""


class PaymentRejected(PaymentError):
    """Stripe refused the request (bad parameters, idempotency conflict, not allowed...)."""


def to_stripe_amount(amount_minor: int, currency: str) -> int:
    """vamarket minor units → Stripe's amount for `currency`."""
    return amount_minor * 100 if currency.upper() in _STRIPE_HUNDREDTHS else amount_minor


def from_stripe_amount(amount: int, currency: str) -> int:
    """Stripe's amount for `currency` → vamarket minor units."""
    return amount // 100 if currency.upper() in _STRIPE_HUNDREDTHS else amount


@dataclass(frozen=True)
class CheckoutSession:
    """What the app keeps of a Checkout Session."""

    id: str
    url: str
    payment_intent: str


@contextmanager
def _translated() -> Iterator[None]:
    """Turn stripe-python's errors into vamarket's payment errors."""
    try:
        yield
    except stripe.StripeError as error:
        raise _translate(error) from error


def _translate(error: stripe.StripeError) -> PaymentError:
    code = getattr(error, "code", None) or ""
    message = getattr(error, "user_message", None) or str(error)
    if isinstance(error, stripe.CardError):
        return PaymentDeclined(message, code)
    if isinstance(error, stripe.APIConnectionError | stripe.RateLimitError):
        return PaymentUnavailable(message, code)
    if isinstance(error, stripe.APIError) or (getattr(error, "http_status", 0) or 0) >= 500:
        return PaymentUnavailable(message, code)
    return PaymentRejected(message, code)


class StripeGateway:
    """Stripe calls used by vamarket, against real Stripe or the local server (`api_base`)."""

    def __init__(self, api_key: str, *, api_base: str = "", max_retries: int = 2) -> None:
        base = api_base.rstrip("/") if api_base else None
        addresses: Any = {"api": base, "connect": base, "files": base} if base else None
        self._client = stripe.StripeClient(
            api_key, stripe_version=API_VERSION, base_addresses=addresses,
            max_network_retries=max_retries,
            http_client=stripe.HTTPXClient(timeout=TIMEOUT_SECONDS, allow_sync_methods=True))


    # -- customers and checkout --

    def create_customer(self, *, key: str, email: str, user_id: int) -> str:
        """A Customer for a client (to save a card on); returns its id."""
        with _translated():
            customer = self._client.v1.customers.create(
                params={"email": email, "metadata": {"user_id": str(user_id)}},
                options={"idempotency_key": key})
        return customer.id

    def checkout_payment(self, *, key: str, amount_minor: int, currency: str, name: str,
                         customer: str | None, transfer_group: str, metadata: dict[str, str],
                         success_url: str, cancel_url: str, save_card: bool = False) -> CheckoutSession:
        """A hosted Checkout page for one payment held on the platform (separate charges and
        transfers: the money stays with vamarket until released by a Transfer)."""
        intent_data: stripe.params.checkout.SessionCreateParamsPaymentIntentData = {
            "transfer_group": transfer_group, "metadata": metadata}
        if save_card:
            intent_data["setup_future_usage"] = "off_session"
        params: stripe.params.checkout.SessionCreateParams = {
            "mode": "payment",
            "line_items": [{"quantity": 1, "price_data": {
                "currency": currency.lower(), "unit_amount": to_stripe_amount(amount_minor, currency),
                "product_data": {"name": name[:250]}}}],
            "payment_intent_data": intent_data, "metadata": metadata,
            "success_url": success_url, "cancel_url": cancel_url,
        }
        if customer:
            params["customer"] = customer
        with _translated():
            session = self._client.v1.checkout.sessions.create(
                params=params, options={"idempotency_key": key})
        return CheckoutSession(session.id, session.url or "", _id_of(session.payment_intent))

    def checkout_setup(self, *, key: str, customer: str, currency: str, metadata: dict[str, str],
                       success_url: str, cancel_url: str) -> CheckoutSession:
        """A hosted Checkout page that saves a card for later weekly charges."""
        with _translated():
            session = self._client.v1.checkout.sessions.create(params={
                "mode": "setup", "customer": customer, "currency": currency.lower(),
                "metadata": metadata, "success_url": success_url, "cancel_url": cancel_url},
                options={"idempotency_key": key})
        return CheckoutSession(session.id, session.url or "", "")

    def expire_checkout(self, *, session_id: str) -> None:
        """Close an unpaid Checkout Session."""
        with _translated():
            self._client.v1.checkout.sessions.expire(session_id)

    def charge_saved_card(self, *, key: str, amount_minor: int, currency: str, customer: str,
                          payment_method: str, transfer_group: str,
                          metadata: dict[str, str]) -> str:
        """Charge a saved card off-session (hourly weeks); returns the PaymentIntent id."""
        with _translated():
            intent = self._client.v1.payment_intents.create(params={
                "amount": to_stripe_amount(amount_minor, currency), "currency": currency.lower(),
                "customer": customer, "payment_method": payment_method, "off_session": True,
                "confirm": True, "transfer_group": transfer_group, "metadata": metadata},
                options={"idempotency_key": key})
        return intent.id

    def refund(self, *, key: str, payment_intent: str, amount_minor: int, currency: str) -> str:
        """Refund part or all of a payment; returns the Refund id."""
        with _translated():
            refund = self._client.v1.refunds.create(params={
                "payment_intent": payment_intent,
                "amount": to_stripe_amount(amount_minor, currency)},
                options={"idempotency_key": key})
        return refund.id

    # -- payouts to VAs (Connect Express) --

    def create_express_account(self, *, key: str, email: str, user_id: int) -> str:
        """A connected Express account for a VA; returns its id."""
        with _translated():
            account = self._client.v1.accounts.create(params={
                "type": "express", "email": email, "metadata": {"user_id": str(user_id)},
                "capabilities": {"transfers": {"requested": True}}},
                options={"idempotency_key": key})
        return account.id

    def onboarding_link(self, *, account: str, refresh_url: str, return_url: str) -> str:
        """Where the VA finishes payout onboarding."""
        with _translated():
            link = self._client.v1.account_links.create(params={
                "account": account, "type": "account_onboarding",
                "refresh_url": refresh_url, "return_url": return_url})
        return link.url

    def transfer(self, *, key: str, amount_minor: int, currency: str, destination: str,
                 transfer_group: str, source_transaction: str | None = None,
                 metadata: dict[str, str] | None = None) -> str:
        """Release money to a VA's account; returns the Transfer id."""
        params: stripe.params.TransferCreateParams = {
            "amount": to_stripe_amount(amount_minor, currency), "currency": currency.lower(),
            "destination": destination, "transfer_group": transfer_group,
            "metadata": metadata or {}}
        if source_transaction:
            params["source_transaction"] = source_transaction
        with _translated():
            return self._client.v1.transfers.create(
                params=params, options={"idempotency_key": key}).id

    def reverse_transfer(self, *, key: str, transfer: str, amount_minor: int, currency: str) -> str:
        """Take a released amount back from a VA's account; returns the reversal id."""
        with _translated():
            reversal = self._client.v1.transfers.reversals.create(
                transfer, params={"amount": to_stripe_amount(amount_minor, currency)},
                options={"idempotency_key": key})
        return reversal.id

    # -- reading --

    def _read(self, path: str, **params: Any) -> dict[str, Any]:
        """A GET answered as plain JSON. The webhook's reads need a few fields of the answer;
        building stripe-python's objects for them cost as much again as the request itself.
        Same client, API version, retries and timeout as every other call."""
        with _translated():
            found = self._client.raw_request("get", path, **params).data
        return found if isinstance(found, dict) else {}

    def charge_of_intent(self, payment_intent: str) -> ChargeInfo | None:
        """The succeeded charge of a PaymentIntent with Stripe's fee on it; None when unpaid."""
        intent = self._read(f"/v1/payment_intents/{quote(payment_intent, safe='')}",
                            expand=["latest_charge.balance_transaction"])
        charge = intent.get("latest_charge")
        if not isinstance(charge, dict):
            return None
        txn = charge.get("balance_transaction")
        currency = str(charge["currency"]).upper()
        fee = int(txn.get("fee") or 0) if isinstance(txn, dict) else 0
        return ChargeInfo(str(charge["id"]), from_stripe_amount(int(charge["amount"]), currency),
                          from_stripe_amount(fee, currency), currency, str(intent["id"]))

    def charge_of_event(self, charge: dict[str, Any]) -> ChargeInfo | None:
        """`charge_of_intent` for the charge a verified `charge.succeeded` event carries: its id,
        amount and currency come from the event, the fee from its balance transaction (one small
        read instead of the PaymentIntent with the charge expanded). None when the event's
        charge has no balance transaction yet; the caller then asks `charge_of_intent`."""
        txn_id = charge.get("balance_transaction")
        if not isinstance(txn_id, str) or not txn_id:
            return None
        txn = self._read(f"/v1/balance_transactions/{quote(txn_id, safe='')}")
        currency = str(charge["currency"]).upper()
        return ChargeInfo(str(charge["id"]), from_stripe_amount(int(charge["amount"]), currency),
                          from_stripe_amount(int(txn.get("fee") or 0), currency), currency,
                          str(charge.get("payment_intent") or ""))

    def saved_card(self, setup_intent: str) -> tuple[str, str]:
        """(customer, payment method) saved by a completed setup-mode Checkout."""
        with _translated():
            intent = self._client.v1.setup_intents.retrieve(setup_intent)
        return _id_of(intent.customer), _id_of(intent.payment_method)


    def balance_transactions(self, *, limit: int = 100) -> list[dict[str, Any]]:
        """Every balance transaction (all pages), as plain dicts."""
        found: list[dict[str, Any]] = []
        params: stripe.params.BalanceTransactionListParams = {"limit": limit}
        while True:
            with _translated():
                page = self._client.v1.balance_transactions.list(params=params)
            found.extend(item.to_dict() for item in page.data)
            if not page.has_more or not page.data:
                return found
            params["starting_after"] = page.data[-1].id


@dataclass(frozen=True)
class ChargeInfo:
    """A succeeded charge: its id, amount and Stripe's fee in vamarket minor units."""

    id: str
    amount_minor: int
    fee_minor: int
    currency: str
    payment_intent: str


def _id_of(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else getattr(value, "id", "")


def verify_webhook(payload: bytes, signature: str, secret: str) -> dict[str, Any]:
    """The event in `payload` if `signature` is valid for `secret` (5-minute tolerance);
    raises `PaymentRejected` for a missing, forged or stale signature.

    The header is checked by stripe-python on the raw bytes; the body is then read as plain JSON
    (building stripe-python's event object only to turn it back into a dict cost about a
    millisecond per delivery)."""
    try:
        stripe.WebhookSignature.verify_header(payload, signature, secret, tolerance=300)
        event = json.loads(payload)
    except (ValueError, stripe.SignatureVerificationError) as error:
        raise PaymentRejected(str(error), "signature") from error
    if not isinstance(event, dict):
        raise PaymentRejected("the body is not an event", "signature")
    return event
