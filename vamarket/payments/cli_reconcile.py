"""`python -m vamarket.payments.cli_reconcile`: compare the ledger with Stripe's balance
transactions, print one line and exit non-zero when anything is off."""

from __future__ import annotations

import sys

from vamarket.db import session_scope
from vamarket.payments.reports import reconcile_now
from vamarket.services.reconcile import format_line


def main() -> int:
    """Print `reconcile transactions=… balanced=… clearing=… mismatches=…`; 0 when all is well."""
    with session_scope() as session:
        report = reconcile_now(session)
    print(format_line(report))
    for mismatch in report.mismatches[:50]:
        print(f"  {mismatch}", file=sys.stderr)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
