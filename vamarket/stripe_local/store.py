"""The server's state: every Stripe object by id, the event log and the balance, behind one lock.

Objects are plain dicts shaped as Stripe returns them. Keys starting with `_` are private to the
server (a saved card's test number, which connected account a balance transaction belongs to)
and are never sent. Every operation runs under `Store.lock`.
"""

from __future__ import annotations

import copy
import secrets
import string
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from vamarket.stripe_local.errors import StripeError, no_such

API_VERSION = "2026-10-28.endive"  # stripe-python 16.1's pinned version
_ALPHABET = string.ascii_letters + string.digits

# Stripe's processing fee per currency: (per mille of the amount, fixed part in minor units).
# IDR is a two-decimal currency in Stripe's API (amounts in sen): Rp 2,000 fixed = 200000.
FEES = {"usd": (29, 30), "idr": (29, 200_000)}
DISPUTE_FEES = {"usd": 1500, "idr": 15_000_000}
MINIMUM_CHARGE = {"usd": 50, "idr": 750_000}

KIND_BY_PREFIX = {
    "cus_": "customer", "cs_": "checkout.session", "pi_": "payment_intent", "ch_": "charge",
    "re_": "refund", "acct_": "account", "tr_": "transfer", "trr_": "transfer_reversal",
    "txn_": "balance_transaction", "evt_": "event", "seti_": "setup_intent",
    "pm_": "payment_method", "dp_": "dispute", "py_": "charge",
}


def fee_for(amount: int, currency: str) -> int:
    """Stripe's fee on a charge of `amount` (2.9% + a fixed part)."""
    per_mille, fixed = FEES.get(currency, (29, 30))
    return (amount * per_mille + 500) // 1000 + fixed


def public(obj: Any) -> Any:
    """A deep copy without the server's private `_` keys."""
    if isinstance(obj, dict):
        return {k: public(v) for k, v in obj.items() if not k.startswith("_")}
    if isinstance(obj, list):
        return [public(v) for v in obj]
    return copy.deepcopy(obj)


class Store:
    """All objects, events and idempotency records of one local Stripe."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.listeners: list[Callable[[dict[str, Any]], None]] = []
        self.reset()

    def reset(self) -> None:
        """Forget everything."""
        with self.lock:
            self.objects: dict[str, dict[str, Any]] = {}
            self.events: list[str] = []
            self.private: dict[str, dict[str, Any]] = {}  # checkout tokens, account links
            self.request: dict[str, Any] = {"id": None, "idempotency_key": None}

    # ids and time -------------------------------------------------------------------------
    @staticmethod
    def new_id(prefix: str, length: int = 24) -> str:
        """A fresh Stripe-like id such as `pi_3Qx...`."""
        return prefix + "".join(secrets.choice(_ALPHABET) for _ in range(length))

    @staticmethod
    def now() -> int:
        """Seconds since the epoch, as Stripe's `created`."""
        return int(time.time())

    def base(self, prefix: str, kind: str, **fields: Any) -> dict[str, Any]:
        """A new object with `id`, `object`, `created`, `livemode`, stored and returned."""
        obj = {"id": self.new_id(prefix), "object": kind, "created": self.now(), "livemode": False}
        obj.update(fields)
        self.objects[obj["id"]] = obj
        return obj

    # lookups ------------------------------------------------------------------------------
    def get(self, kind: str, object_id: str | None, param: str = "id") -> dict[str, Any]:
        """The object `object_id` of type `kind`, or Stripe's 404."""
        obj = self.objects.get(object_id or "")
        if obj is None or obj["object"] != kind:
            raise no_such(kind, object_id or "", param)
        return obj

    def find(self, object_id: str) -> dict[str, Any] | None:
        """Any object by id (for `expand`)."""
        return self.objects.get(object_id)

    def all(self, kind: str, **filters: Any) -> list[dict[str, Any]]:
        """Objects of `kind` matching the given field values, newest first."""
        found = [o for o in self.objects.values() if o["object"] == kind
                 and all(o.get(k) == v for k, v in filters.items() if v is not None)]
        found.reverse()
        return found

    # balance -------------------------------------------------------------------------------
    def balance_txn(self, *, amount: int, currency: str, type: str, source: str, fee: int = 0,
                    description: str | None = None, category: str | None = None,
                    account: str | None = None) -> dict[str, Any]:
        """Record money moving in (positive) or out (negative) of a balance."""
        now = self.now()
        return self.base(
            "txn_", "balance_transaction", amount=amount, currency=currency, fee=fee,
            net=amount - fee, type=type, source=source, status="available", available_on=now,
            description=description, reporting_category=category or type, exchange_rate=None,
            fee_details=[{"amount": fee, "currency": currency, "type": "stripe_fee",
                          "description": "Stripe processing fees", "application": None}]
            if fee else [], _account=account)

    def balance(self, account: str | None = None) -> dict[str, int]:
        """Available balance per currency of the platform (or of a connected account)."""
        totals: dict[str, int] = {}
        for obj in self.objects.values():
            if obj["object"] == "balance_transaction" and obj.get("_account") == account:
                totals[obj["currency"]] = totals.get(obj["currency"], 0) + obj["net"]
        return totals

    # events --------------------------------------------------------------------------------
    def emit(self, type: str, obj: dict[str, Any], *, previous: dict[str, Any] | None = None,
             account: str | None = None) -> dict[str, Any]:
        """Record an event about `obj` (a snapshot) and hand it to the webhook listeners."""
        data: dict[str, Any] = {"object": public(obj)}
        if previous:
            data["previous_attributes"] = copy.deepcopy(previous)
        event = self.base("evt_", "event", type=type, api_version=API_VERSION, data=data,
                          pending_webhooks=len(self.listeners), request=dict(self.request))
        if account:
            event["account"] = account
        self.events.append(event["id"])
        for listener in self.listeners:
            listener(public(event))
        return event

    def counts(self) -> dict[str, int]:
        """How many objects of each kind exist."""
        result: dict[str, int] = {}
        for obj in self.objects.values():
            result[obj["object"]] = result.get(obj["object"], 0) + 1
        return result


def page(items: Iterable[dict[str, Any]], params: dict[str, Any], url: str) -> dict[str, Any]:
    """A Stripe list object honouring `limit`, `starting_after` and `ending_before`."""
    rows = list(items)
    after, before = params.get("starting_after"), params.get("ending_before")
    ids = [r["id"] for r in rows]
    if after:
        if after not in ids:
            raise no_such("object", after, "starting_after")
        rows = rows[ids.index(after) + 1:]
    elif before:
        if before not in ids:
            raise no_such("object", before, "ending_before")
        rows = rows[:ids.index(before)]
    try:
        limit = int(params.get("limit") or 10)
    except ValueError:
        raise StripeError(400, "Invalid integer: limit", param="limit") from None
    if not 1 <= limit <= 100:
        raise StripeError(400, "This value must be between 1 and 100.", param="limit")
    if before:
        chosen = rows[-limit:]
        has_more = len(rows) > limit
    else:
        chosen = rows[:limit]
        has_more = len(rows) > limit
    return {"object": "list", "data": [public(r) for r in chosen], "has_more": has_more, "url": url}


class Ctx:
    """What an operation needs besides its params: the store, the public base URL, the account."""

    def __init__(self, store: Store, base_url: str, account: str | None = None) -> None:
        self.store = store
        self.base_url = base_url.rstrip("/")
        self.account = account
