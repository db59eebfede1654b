"""Routes of the hosted test pages: checkout (with its authentication step) and onboarding."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from vamarket.stripe_local import checkout, connect, pages
from vamarket.stripe_local.errors import StripeError

if TYPE_CHECKING:
    from vamarket.stripe_local.app import LocalStripe


def _show(local: LocalStripe, session_id: str, result: checkout.Attempt, values: dict[str, str]) -> Response:
    with local.store.lock:
        session = local.store.get("checkout.session", session_id)
        if result.redirect:
            return RedirectResponse(result.redirect, status_code=303)
        if result.auth_token:
            return HTMLResponse(pages.auth_page(session, result.auth_token))
        if session["status"] != "open":
            return HTMLResponse(pages.closed_page(session))
        return HTMLResponse(pages.checkout_page(session, error=result.error, values=values))


async def checkout_get(request: Request, local: LocalStripe) -> Response:
    """GET /c/pay/{id}: the checkout page (or a note that the session is closed)."""
    session_id = request.path_params["id"]
    with local.store.lock:
        try:
            session = local.store.get("checkout.session", session_id)
        except StripeError:
            return HTMLResponse(pages.message_page("Not found", "This checkout link is not valid."), 404)
        checkout.expire_if_due(local.store, session)
        if session["status"] != "open":
            return HTMLResponse(pages.closed_page(session))
        values = {"email": session.get("customer_email") or ""}
        return HTMLResponse(pages.checkout_page(session, values=values))


async def checkout_post(request: Request, local: LocalStripe) -> Response:
    """POST /c/pay/{id}: the person pressed Pay."""
    session_id = request.path_params["id"]
    form = await request.form()
    fields = ("email", "cardNumber", "cardExpiry", "cardCvc", "billingName")
    values = {k: str(form.get(k) or "") for k in fields}
    with local.store.lock:
        try:
            result = checkout.attempt(local.store, session_id, number=values["cardNumber"],
                                      expiry=values["cardExpiry"], cvc=values["cardCvc"],
                                      name=values["billingName"] or None, email=values["email"] or None)
        except StripeError:
            return HTMLResponse(pages.message_page("Not found", "This checkout link is not valid."), 404)
        if result.error:
            values["cardNumber"] = ""
        return _show(local, session_id, result, values)


async def authenticate_post(request: Request, local: LocalStripe) -> Response:
    """POST /c/pay/{id}/authenticate: the 3-D Secure step was approved or failed."""
    form = await request.form()
    with local.store.lock:
        try:
            session_id, result = checkout.authenticate(local.store, str(form.get("token") or ""),
                                                       form.get("outcome") == "approve")
        except StripeError:
            return RedirectResponse(f"/c/pay/{request.path_params['id']}", status_code=303)
        return _show(local, session_id, result, {})


def _link(local: LocalStripe, token: str) -> dict | None:
    link = local.store.private.get(f"link:{token}")
    if link is None:
        return None
    if link["used"] or link["expires_at"] < local.store.now():
        return {**link, "stale": True}
    return link


async def onboarding_get(request: Request, local: LocalStripe) -> Response:
    """GET /connect/onboarding/{token}: the onboarding form (a used or old link goes to refresh_url)."""
    token = request.path_params["token"]
    with local.store.lock:
        link = _link(local, token)
        if link is None:
            return HTMLResponse(pages.message_page("Not found", "This onboarding link is not valid."), 404)
        if link.get("stale"):
            return RedirectResponse(link["refresh_url"], status_code=303)
        return HTMLResponse(pages.onboarding_page(local.store.get("account", link["account"]), token))


async def onboarding_post(request: Request, local: LocalStripe) -> Response:
    """POST /connect/onboarding/{token}: finish onboarding (or leave for later) and go back."""
    token = request.path_params["token"]
    form = await request.form()
    with local.store.lock:
        link = _link(local, token)
        if link is None:
            return HTMLResponse(pages.message_page("Not found", "This onboarding link is not valid."), 404)
        if link.get("stale"):
            return RedirectResponse(link["refresh_url"], status_code=303)
        local.store.private[f"link:{token}"]["used"] = True
        if form.get("leave"):
            return RedirectResponse(link["return_url"], status_code=303)
        account = local.store.get("account", link["account"])
        if form.get("email"):
            account["email"] = str(form.get("email"))
        name = str(form.get("legal_name") or "") or None
        connect.complete_onboarding(local.store, link["account"], name=name)
        return RedirectResponse(link["return_url"], status_code=303)
