"""HTML of the hosted test pages: checkout, the authentication step, and Connect onboarding."""

from __future__ import annotations

from html import escape
from typing import Any

_STYLE = """
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;
color:#1a1f36;background:#f6f9fc}.wrap{max-width:920px;margin:0 auto;padding:32px 20px;display:flex;
flex-wrap:wrap;gap:40px}.col{flex:1 1 320px;min-width:0}.badge{display:inline-block;background:#ffde92;
color:#8a5800;border-radius:4px;padding:1px 6px;font-size:12px;font-weight:600;margin-left:8px}
h1{font-size:18px;margin:0 0 16px}.total{font-size:34px;font-weight:600;margin:4px 0 20px}
.item{display:flex;justify-content:space-between;gap:12px;padding:8px 0;border-bottom:1px solid #e3e8ee}
label{display:block;font-size:13px;color:#4f566b;margin:14px 0 4px}input{width:100%;padding:10px 12px;
font-size:16px;border:1px solid #cfd7df;border-radius:6px;background:#fff}
.row{display:flex;gap:8px;margin-top:8px}.row input{flex:1}
button{width:100%;margin-top:20px;padding:12px;font-size:16px;font-weight:600;
color:#fff;background:#0570de;border:0;border-radius:6px;cursor:pointer}button.secondary{background:#fff;
color:#c0123c;border:1px solid #c0123c}.error{background:#fdecee;color:#a41c3a;border-radius:6px;
padding:10px 12px;margin-top:16px}.hint{margin-top:24px;font-size:13px;color:#697386;background:#fff;
border:1px dashed #cfd7df;border-radius:6px;padding:10px 12px}.hint code{color:#1a1f36}
a{color:#0570de}.card{background:#fff;border-radius:8px;padding:24px;box-shadow:0 2px 8px rgba(0,0,0,.08)}
"""


def money(amount: int | None, currency: str | None) -> str:
    """An amount in Stripe's minor units as a person reads it (no floats)."""
    if amount is None or not currency:
        return ""
    major, minor = divmod(abs(amount), 100)
    sign = "-" if amount < 0 else ""
    if currency == "idr":
        return f"{sign}Rp {major:,}".replace(",", ".") + (f",{minor:02d}" if minor else "")
    symbol = "$" if currency == "usd" else currency.upper() + " "
    return f"{sign}{symbol}{major:,}.{minor:02d}"


def _doc(title: str, body: str) -> str:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width,initial-scale=1"><title>{escape(title)}</title>'
            f"<style>{_STYLE}</style></head><body>{body}</body></html>")


def checkout_page(session: dict[str, Any], *, error: str | None = None,
                  values: dict[str, str] | None = None) -> str:
    """The hosted checkout page for an open session."""
    values = values or {}
    setup = session["mode"] == "setup"
    items = "".join(
        f'<div class="item"><span>{escape(i["description"])} × {i["quantity"]}</span>'
        f'<span>{money(i["amount_total"], i["currency"])}</span></div>' for i in session["_line_items"])
    heading = ("Save a card for future payments" if setup else
               f'<div>Pay vamarket</div><div class="total" id="total">'
               f'{money(session["amount_total"], session["currency"])}</div>')
    back = (f'<p><a id="cancel-link" href="{escape(session["cancel_url"])}">← Back</a></p>'
            if session.get("cancel_url") else "")
    err = f'<div class="error" id="error-message" role="alert">{escape(error)}</div>' if error else ""

    def field(name: str, label: str, placeholder: str, extra: str = "") -> str:
        return (f'<label for="{name}">{label}</label><input id="{name}" name="{name}" '
                f'placeholder="{placeholder}" value="{escape(values.get(name, ""))}" {extra}>')

    form = (
        f'<form method="post" action="/c/pay/{session["id"]}" id="payment-form">'
        + field("email", "Email", "you@example.com", 'type="email" autocomplete="email"')
        + '<label for="cardNumber">Card information</label>'
        + f'<input id="cardNumber" name="cardNumber" inputmode="numeric" autocomplete="cc-number" '
          f'placeholder="1234 1234 1234 1234" value="{escape(values.get("cardNumber", ""))}" required>'
        + '<div class="row">'
        + f'<input id="cardExpiry" name="cardExpiry" placeholder="MM / YY" aria-label="Expiry" '
          f'value="{escape(values.get("cardExpiry", ""))}" required>'
        + f'<input id="cardCvc" name="cardCvc" placeholder="CVC" aria-label="CVC" inputmode="numeric" '
          f'value="{escape(values.get("cardCvc", ""))}" required></div>'
        + field("billingName", "Name on card", "Full name", 'autocomplete="cc-name"')
        + f'<button type="submit" id="submit" data-testid="hosted-payment-submit-button">'
          f'{"Save card" if setup else "Pay " + money(session["amount_total"], session["currency"])}</button>'
        + err + "</form>")
    hint = ('<div class="hint">Test cards: <code>4242 4242 4242 4242</code> succeeds, '
            '<code>4000 0000 0000 0002</code> is declined, <code>4000 0025 0000 3155</code> asks for '
            'authentication. Any future expiry date and any CVC.</div>')
    body = (f'<div class="wrap"><div class="col">{back}<h1>vamarket<span class="badge">TEST MODE</span></h1>'
            f"{heading}{items}</div><div class=\"col\"><div class=\"card\">{form}</div>{hint}</div></div>")
    return _doc("Checkout — vamarket (test)", body)


def auth_page(session: dict[str, Any], token: str) -> str:
    """The 3-D Secure test step: complete or fail the authentication."""
    amount = money(session["amount_total"], session["currency"]) if session["mode"] == "payment" else ""
    body = (
        '<div class="wrap"><div class="col card"><h1>3D Secure 2 Test Page'
        '<span class="badge">TEST MODE</span></h1>'
        f'<p>Your bank asks you to confirm this {"payment of " + amount if amount else "card"}.</p>'
        f'<form method="post" action="/c/pay/{session["id"]}/authenticate">'
        f'<input type="hidden" name="token" value="{escape(token)}">'
        '<button type="submit" name="outcome" value="approve" id="test-source-authorize-3ds">'
        "Complete authentication</button>"
        '<button type="submit" name="outcome" value="fail" id="test-source-fail-3ds" class="secondary">'
        "Fail authentication</button></form></div></div>")
    return _doc("Authenticate — vamarket (test)", body)


def closed_page(session: dict[str, Any]) -> str:
    """A session that is complete or expired."""
    done = session["status"] == "complete"
    target = session["success_url"].replace("{CHECKOUT_SESSION_ID}", session["id"]) if done \
        else session.get("cancel_url")
    link = f'<p><a id="return-link" href="{escape(target)}">Return to vamarket</a></p>' if target else ""
    text = "This payment is complete." if done else "This checkout session has expired."
    return _doc("Checkout — vamarket (test)",
                f'<div class="wrap"><div class="col card"><h1 id="closed-message">{text}</h1>'
                f"{link}</div></div>")


def onboarding_page(account: dict[str, Any], token: str) -> str:
    """Connect Express onboarding (test): submitting it activates payouts and transfers."""
    email = escape(account.get("email") or "")
    body = (
        '<div class="wrap"><div class="col card"><h1>Get paid with vamarket<span class="badge">TEST MODE'
        f'</span></h1><p>Stripe Express test onboarding for <code>{escape(account["id"])}</code>.</p>'
        f'<form method="post" action="/connect/onboarding/{escape(token)}">'
        f'<label for="email">Email</label><input id="email" name="email" value="{email}">'
        '<label for="legal_name">Legal name</label><input id="legal_name" name="legal_name" '
        'value="Test Account Holder" required>'
        '<label for="dob">Date of birth</label><input id="dob" name="dob" value="01/01/1901">'
        '<label for="bank_account">Bank account (test)</label><input id="bank_account" name="bank_account" '
        'value="000123456789">'
        '<button type="submit" id="complete-onboarding">Agree and submit</button>'
        '<button type="submit" id="leave-onboarding" name="leave" value="1" class="secondary" formnovalidate>'
        "Finish later</button></form></div></div>")
    return _doc("Onboarding — vamarket (test)", body)


def message_page(title: str, text: str, status_id: str = "message") -> str:
    """A plain page with one message."""
    return _doc(title, f'<div class="wrap"><div class="col card"><h1 id="{status_id}">{escape(text)}</h1>'
                       "</div></div>")
