"""`python -m vamarket.stripe_local --port 12111 --webhook-url URL --webhook-secret whsec_...`."""

from __future__ import annotations

import argparse
import os

from vamarket.stripe_local.app import serve


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and serve."""
    parser = argparse.ArgumentParser(prog="python -m vamarket.stripe_local",
                                     description="A local Stripe-compatible server for vamarket.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=12111)
    parser.add_argument("--webhook-url", default=os.environ.get("STRIPE_LOCAL_WEBHOOK_URL"))
    parser.add_argument("--webhook-secret", default=os.environ.get("STRIPE_WEBHOOK_SECRET", "whsec_local"))
    parser.add_argument("--public-url", default=None,
                        help="base URL browsers use to reach this server (default: the request's host)")
    args = parser.parse_args(argv)
    serve(host=args.host, port=args.port, webhook_url=args.webhook_url, webhook_secret=args.webhook_secret,
          public_url=args.public_url)


if __name__ == "__main__":
    main()
