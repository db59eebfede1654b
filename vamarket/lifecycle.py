"""State machines as explicit transition tables: (from, event) -> (to, who may act)."""

from __future__ import annotations

from dataclasses import dataclass

from vamarket.errors import InvalidTransition, PermissionDenied

CLIENT = "client"
VA = "va"
AGENCY_OWNER = "agency_owner"
ADMIN = "admin"
SYSTEM = "system"
SWEEPER = "sweeper"


@dataclass(frozen=True)
class Lifecycle:
    """One state machine. `require` returns the next state or raises a typed error."""

    name: str
    table: dict[tuple[str, str], tuple[str, frozenset[str]]]

    def require(self, state: str, event: str, role: str) -> str:
        """The state after `event` from `state` when `role` acts; refuses what the table lacks."""
        rule = self.table.get((state, event))
        if rule is None:
            raise InvalidTransition(f"transition.{self.name}", state=state, event=event)
        target, roles = rule
        if role not in roles:
            raise PermissionDenied()
        return target

    def allowed(self, state: str, role: str) -> list[str]:
        """Events `role` may fire from `state` (for showing the right buttons)."""
        return [ev for (st, ev), (_, roles) in self.table.items() if st == state and role in roles]


def _table(rows: list[tuple[str, str, str, set[str]]]) -> dict:
    return {(src, ev): (dst, frozenset(who)) for src, ev, dst, who in rows}


JOB = Lifecycle("job", _table([
    ("draft", "publish", "open", {CLIENT}),
    ("draft", "close", "closed", {CLIENT, ADMIN}),
    ("open", "pause", "paused", {CLIENT}),
    ("paused", "resume", "open", {CLIENT}),
    ("open", "close", "closed", {CLIENT, ADMIN}),
    ("paused", "close", "closed", {CLIENT, ADMIN}),
    ("open", "hire", "hired", {CLIENT}),
]))

QUOTE = Lifecycle("quote", _table([
    ("submitted", "edit", "submitted", {VA, AGENCY_OWNER}),
    ("submitted", "withdraw", "withdrawn", {VA, AGENCY_OWNER}),
    ("submitted", "decline", "declined", {CLIENT}),
    ("submitted", "shortlist", "shortlisted", {CLIENT}),
    ("shortlisted", "edit", "shortlisted", {VA, AGENCY_OWNER}),
    ("shortlisted", "withdraw", "withdrawn", {VA, AGENCY_OWNER}),
    ("shortlisted", "decline", "declined", {CLIENT}),
    ("submitted", "hire", "hired", {CLIENT}),
    ("shortlisted", "hire", "hired", {CLIENT}),
]))

CONTRACT = Lifecycle("contract", _table([
    ("pending_funding", "fund", "active", {SYSTEM}),
    ("pending_funding", "cancel", "cancelled", {CLIENT, VA, ADMIN}),
    ("active", "complete", "completed", {CLIENT, SYSTEM}),
    ("active", "cancel", "cancelled", {ADMIN, SYSTEM}),
    ("active", "dispute", "disputed", {CLIENT, VA, SYSTEM}),
    ("disputed", "resolve", "resolved", {ADMIN, SYSTEM}),
]))

MILESTONE = Lifecycle("milestone", _table([
    ("proposed", "accept", "planned", {VA}),
    ("proposed", "decline", "cancelled", {VA}),
    ("proposed", "cancel", "cancelled", {CLIENT, SYSTEM}),
    ("planned", "fund", "funded", {SYSTEM}),
    ("planned", "cancel", "cancelled", {CLIENT, SYSTEM}),
    ("funded", "submit", "submitted", {VA}),
    ("submitted", "revise", "revision_requested", {CLIENT}),
    ("revision_requested", "submit", "submitted", {VA}),
    ("submitted", "approve", "approved", {CLIENT, SWEEPER}),
    ("approved", "release", "released", {SYSTEM}),
    ("funded", "refund", "refunded", {SYSTEM, ADMIN}),
    ("funded", "dispute", "disputed", {CLIENT, VA, SYSTEM}),
    ("submitted", "dispute", "disputed", {CLIENT, VA, SYSTEM}),
    ("revision_requested", "dispute", "disputed", {CLIENT, VA, SYSTEM}),
    ("approved", "dispute", "disputed", {CLIENT, VA, SYSTEM}),
    ("disputed", "release", "released", {ADMIN, SYSTEM}),
    ("disputed", "refund", "refunded", {ADMIN, SYSTEM}),
    ("submitted", "refund", "refunded", {ADMIN, SYSTEM}),
    ("revision_requested", "refund", "refunded", {ADMIN, SYSTEM}),
    ("approved", "refund", "refunded", {ADMIN, SYSTEM}),
    ("released", "refund", "refunded", {ADMIN, SYSTEM}),
]))

TIMESHEET = Lifecycle("timesheet", _table([
    ("open", "submit", "submitted", {VA, SWEEPER}),
    ("submitted", "approve", "approved", {CLIENT, SWEEPER}),
    ("submitted", "dispute", "disputed", {CLIENT, VA}),
    ("approved", "dispute", "disputed", {CLIENT, VA}),
    ("charged", "dispute", "disputed", {CLIENT, VA}),
    ("approved", "charge", "charged", {SYSTEM}),
    ("charged", "release", "released", {SYSTEM}),
    ("disputed", "release", "released", {ADMIN, SYSTEM}),
]))

PAYMENT = Lifecycle("payment", _table([
    ("created", "open_checkout", "checkout_open", {SYSTEM}),
    ("created", "pay", "paid", {SYSTEM}),
    ("checkout_open", "pay", "paid", {SYSTEM}),
    ("checkout_open", "fail", "failed", {SYSTEM}),
    ("created", "fail", "failed", {SYSTEM}),
    ("checkout_open", "expire", "expired", {SYSTEM}),
    ("failed", "pay", "paid", {SYSTEM}),
    ("failed", "expire", "expired", {SYSTEM}),
    ("paid", "refund_part", "partially_refunded", {SYSTEM}),
    ("paid", "refund", "refunded", {SYSTEM}),
    ("partially_refunded", "refund_part", "partially_refunded", {SYSTEM}),
    ("partially_refunded", "refund", "refunded", {SYSTEM}),
]))
