"""The /v1 API: routing table, auth, idempotency, expand and injected faults around each call."""

from __future__ import annotations

import asyncio
import base64
import logging
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from vamarket.stripe_local import balance, checkout, connect, forms, payments, refunds
from vamarket.stripe_local.errors import StripeError
from vamarket.stripe_local.idempotency import fingerprint
from vamarket.stripe_local.store import API_VERSION, Ctx, Store, public

if TYPE_CHECKING:
    from vamarket.stripe_local.app import LocalStripe

log = logging.getLogger(__name__)
Handler = Callable[..., dict[str, Any]]
_ID = r"(?P<id>[A-Za-z0-9_]+)"
_TABLE: list[tuple[str, str, Handler]] = [
    ("POST", "/v1/customers", payments.create_customer),
    ("GET", f"/v1/customers/{_ID}", payments.retrieve_customer),
    ("POST", f"/v1/customers/{_ID}", payments.update_customer),
    ("GET", f"/v1/customers/{_ID}/payment_methods", payments.list_customer_payment_methods),
    ("GET", f"/v1/payment_methods/{_ID}", payments.retrieve_payment_method),
    ("POST", "/v1/checkout/sessions", checkout.create_session),
    ("GET", "/v1/checkout/sessions", checkout.list_sessions),
    ("GET", f"/v1/checkout/sessions/{_ID}", checkout.retrieve_session),
    ("GET", f"/v1/checkout/sessions/{_ID}/line_items", checkout.list_line_items),
    ("POST", f"/v1/checkout/sessions/{_ID}/expire", checkout.expire_session),
    ("GET", f"/v1/setup_intents/{_ID}", checkout.retrieve_setup_intent),
    ("POST", "/v1/payment_intents", payments.create_payment_intent),
    ("GET", "/v1/payment_intents", payments.list_payment_intents),
    ("GET", f"/v1/payment_intents/{_ID}", payments.retrieve_payment_intent),
    ("POST", f"/v1/payment_intents/{_ID}/confirm", payments.confirm_payment_intent),
    ("POST", f"/v1/payment_intents/{_ID}/cancel", payments.cancel_payment_intent),
    ("GET", "/v1/charges", payments.list_charges),
    ("GET", f"/v1/charges/{_ID}", payments.retrieve_charge),
    ("POST", "/v1/refunds", refunds.create_refund),
    ("GET", "/v1/refunds", refunds.list_refunds),
    ("GET", f"/v1/refunds/{_ID}", refunds.retrieve_refund),
    ("GET", f"/v1/disputes/{_ID}", refunds.retrieve_dispute),
    ("POST", "/v1/accounts", connect.create_account),
    ("GET", "/v1/accounts", connect.list_accounts),
    ("GET", f"/v1/accounts/{_ID}", connect.retrieve_account),
    ("POST", f"/v1/accounts/{_ID}", connect.update_account),
    ("POST", "/v1/account_links", connect.create_account_link),
    ("POST", "/v1/transfers", connect.create_transfer),
    ("GET", "/v1/transfers", connect.list_transfers),
    ("GET", f"/v1/transfers/{_ID}", connect.retrieve_transfer),
    ("POST", f"/v1/transfers/{_ID}/reversals", connect.create_reversal),
    ("GET", f"/v1/transfers/{_ID}/reversals", connect.list_reversals),
    ("GET", "/v1/balance", balance.retrieve_balance),
    ("GET", "/v1/balance_transactions", balance.list_balance_transactions),
    ("GET", f"/v1/balance_transactions/{_ID}", balance.retrieve_balance_transaction),
    ("GET", "/v1/events", balance.list_events),
    ("GET", f"/v1/events/{_ID}", balance.retrieve_event),
]
ROUTES = [(method, re.compile(f"^{pattern}$"), handler) for method, pattern, handler in _TABLE]


def _respond(status: int, body: dict[str, Any], request_id: str, replayed: bool = False) -> JSONResponse:
    headers = {"Request-Id": request_id, "Stripe-Version": API_VERSION}
    if replayed:
        headers["Idempotent-Replayed"] = "true"
    return JSONResponse(body, status_code=status, headers=headers)


def _auth_error(request: Request) -> StripeError | None:
    header = request.headers.get("authorization", "")
    scheme, _, key = header.partition(" ")
    if scheme.lower() == "basic":  # `curl -u sk_test_...:` as in Stripe's docs
        try:
            key = base64.b64decode(key).decode().partition(":")[0]
        except (ValueError, UnicodeDecodeError):
            key = ""
        scheme = "bearer"
    if scheme.lower() != "bearer" or not key:
        return StripeError(401, "You did not provide an API key. You need to provide your API key in the "
                           "Authorization header, using Bearer auth (e.g. 'Authorization: Bearer "
                           "YOUR_SECRET_KEY').")
    if not key.startswith(("sk_test_", "rk_test_")):
        return StripeError(401, f"Invalid API Key provided: {key[:8]}****. This local server accepts "
                           "test keys only (sk_test_...).", code="api_key_invalid")
    return None


def expand(store: Store, obj: Any, paths: list[str]) -> Any:
    """Replace ids named by dotted `expand` paths with the objects they name."""
    for path in paths:
        obj = _expand_one(store, obj, path.split("."))
    return obj


def _expand_one(store: Store, obj: Any, parts: list[str]) -> Any:
    if not parts or obj is None:
        return obj
    if isinstance(obj, list):
        return [_expand_one(store, item, parts) for item in obj]
    if not isinstance(obj, dict):
        return obj
    head, rest = parts[0], parts[1:]
    value = obj.get(head)
    if isinstance(value, str) and store.find(value) is not None:
        value = public(store.find(value))
    elif head == "line_items" and obj.get("object") == "checkout.session":
        found = store.find(obj["id"])
        value = {"object": "list", "data": public(found["_line_items"]) if found else [], "has_more": False}
    obj[head] = _expand_one(store, value, rest)
    return obj


async def handle(request: Request, local: LocalStripe) -> JSONResponse:
    """Serve one /v1 request the way Stripe would (plus any injected fault)."""
    request_id = local.store.new_id("req_", 14)
    error = _auth_error(request)
    if error:
        return _respond(error.status, error.body(), request_id)
    method, path = request.method, request.url.path
    raw = await request.body() if method == "POST" else request.url.query.encode()
    pairs = forms.parse_body(raw)
    for route_method, pattern, route_handler in ROUTES:
        match = pattern.match(path)
        if match and route_method == method:
            handler = route_handler
            break
    else:
        error = StripeError(404, f"Unrecognized request URL ({method}: {path}).")
        return _respond(404, error.body(), request_id)
    fault = local.faults.api_fault(path)
    if fault == "5xx":
        return _respond(500, _fault_body(), request_id)
    account = request.headers.get("stripe-account")
    key = request.headers.get("idempotency-key") if method == "POST" else None
    scope = f"{request.headers.get('authorization')}|{account}"
    try:
        if key and (record := local.keys.begin(scope, key, method, path, fingerprint(pairs))):
            return _respond(record.status or 200, record.body or {}, request_id, replayed=True)
    except StripeError as exc:
        return _respond(exc.status, exc.body(), request_id)
    ctx = Ctx(local.store, local.public_url or str(request.base_url), account)
    status, body, keep = _run(local.store, ctx, handler, pairs, match.groupdict(), request_id, key)
    if key:
        local.keys.finish(scope, key, status, body, keep)
    if fault == "timeout":
        await asyncio.sleep(local.faults.timeout_seconds)
    if fault == "5xx_after":
        return _respond(500, _fault_body(), request_id)
    return _respond(status, body, request_id)


def _run(store: Store, ctx: Ctx, handler: Handler, pairs: list[tuple[str, str]], path_args: dict[str, str],
         request_id: str, key: str | None) -> tuple[int, dict[str, Any], bool]:
    with store.lock:
        store.request = {"id": request_id, "idempotency_key": key}
        try:
            params = forms.decode(pairs)
            body = handler(ctx, params, **path_args)
            wanted = params.get("expand") or []
            if isinstance(wanted, list) and wanted:
                body = expand(store, body, [str(w) for w in wanted])
            return 200, body, True
        except StripeError as exc:
            return exc.status, exc.body(), exc.saved
        except Exception as exc:  # a bug here answers like Stripe's 500, and the key is released
            log.exception("local stripe: %s failed", handler.__name__)
            return 500, {"error": {"type": "api_error", "message": f"Internal error: {exc}"}}, False
        finally:
            store.request = {"id": None, "idempotency_key": None}


def _fault_body() -> dict[str, Any]:
    return {"error": {"type": "api_error", "message": "An unknown error occurred (injected fault)."}}
