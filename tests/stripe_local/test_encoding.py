"""Stripe's request encoding and webhook signature format, checked against stripe-python itself."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import stripe
from stripe._encode import _api_encode

from vamarket.stripe_local.forms import decode, parse_body
from vamarket.stripe_local.pages import money
from vamarket.stripe_local.webhooks import sign


def test_decode_reads_what_stripe_python_encodes():
    params = {"mode": "payment", "metadata": {"contract": "3", "0": "zero"},
              "line_items": [{"quantity": 2, "price_data": {"currency": "usd", "unit_amount": 1250,
                                                            "product_data": {"name": "Pilot"}}}],
              "payment_intent_data": {"transfer_group": "contract_3"}, "expand": ["payment_intent"],
              "off_session": True}
    body = urlencode(list(_api_encode(params)))
    decoded = decode(parse_body(body))
    assert decoded["metadata"] == {"contract": "3", "0": "zero"}
    assert decoded["line_items"][0]["price_data"]["product_data"]["name"] == "Pilot"
    assert decoded["line_items"][0]["quantity"] == "2"
    assert decoded["expand"] == ["payment_intent"] and decoded["off_session"] == "true"


def test_decode_reads_empty_brackets_as_appends():
    assert decode(parse_body("expand[]=a&expand[]=b.c")) == {"expand": ["a", "b.c"]}


def test_signature_is_what_stripe_python_verifies():
    payload = json.dumps({"id": "evt_1", "object": "event", "type": "x", "data": {"object": {}}}).encode()
    header = sign(payload, "whsec_abc")
    assert stripe.WebhookSignature.verify_header(payload.decode(), header, "whsec_abc", tolerance=300)
    timestamp = int(header.split(",")[0][2:])
    expected = stripe.WebhookSignature.generate_signature_header(payload.decode(), "whsec_abc", timestamp)
    assert header == expected


def test_money_on_the_pages():
    assert money(5000, "usd") == "$50.00"
    assert money(150_000_000, "idr") == "Rp 1.500.000"
    assert money(12_345, "eur") == "EUR 123.45"
