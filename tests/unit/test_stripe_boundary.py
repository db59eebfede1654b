"""Only the adapter talks to Stripe: no other application module imports `stripe`."""

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "vamarket"
ALLOWED = {PACKAGE / "payments" / "gateway.py"}
IMPORT = re.compile(r"^\s*(import stripe\b|from stripe\b)", re.MULTILINE)


def test_only_the_gateway_imports_stripe():
    offenders = [str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py")
                 if path not in ALLOWED and "stripe_local" not in path.parts
                 and IMPORT.search(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_the_gateway_pins_the_api_version():
    from vamarket.payments import gateway

    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}\.\w+", gateway.API_VERSION)
    assert "stripe_version=API_VERSION" in (PACKAGE / "payments" / "gateway.py").read_text()
