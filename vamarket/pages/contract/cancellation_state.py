"""The contract room's cancellation requests: ask to cancel a funded milestone (or the whole
contract) with a refund, and accept, decline or withdraw such a request.

Every handler re-reads the signed-in user; payments/cancellation.py checks that they are a party
of this contract, that the milestone belongs to it and who may answer.
"""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from vamarket.db import session_scope
from vamarket.errors import ServiceError
from vamarket.i18n.format import format_moment, format_money
from vamarket.models import Milestone, User
from vamarket.pages.contract.state import ContractState
from vamarket.pages.guard import error_text, whole_id
from vamarket.pages.money_access import is_money_error, money_error_text
from vamarket.payments import cancellation, refunds
from vamarket.services import contracts, disputes

WHOLE_CONTRACT = "all"


class CancellationState(ContractState):
    """Pending and answered cancellation requests of one contract."""

    request_rows: list[dict[str, str]] = []
    cancel_choices: list[dict[str, str]] = []
    can_request: bool = False
    cancel_target: str = WHOLE_CONTRACT
    cancel_reason: str = ""
    cancel_confirm: bool = False
    cancel_error: str = ""
    cancel_notice: str = ""

    @rx.event
    def load_cancellations(self):
        """Fill the section (parties only)."""
        self.cancel_error = self.cancel_notice = ""
        self._refresh_requests()

    def _refresh_requests(self) -> None:
        try:
            with session_scope() as session:
                user = self._require_actor(session)
                self._fill_requests(session, user)
        except (ServiceError, TypeError, ValueError):
            self.request_rows, self.cancel_choices, self.can_request = [], [], False

    def _fill_requests(self, session: Session, user: User) -> None:
        contract = contracts.contract_for_party(session, actor=user,
                                                contract_id=int(self.contract_ref))
        rows = cancellation.requests_for(session, actor=user, contract_id=contract.id)
        self.request_rows = [{
            "id": str(r.id), "reason": r.reason, "status": r.status,
            "target": self._title(session, r.milestone_id),
            "mine": "1" if r.requested_by_id == user.id else "",
            "when": format_moment(r.created_at, self.locale)} for r in rows]
        money = lambda minor: format_money(minor, contract.currency, self.locale)  # noqa: E731
        self.can_request = contract.status == "active"
        self.cancel_choices = [
            {"value": str(m.id), "label": f"{m.title} ({money(m.amount_minor)})"}
            for m in contracts.contract_milestones(session, contract.id)
            if m.status in refunds.UNRELEASED]

    def _title(self, session: Session, milestone_id: int | None) -> str:
        milestone = session.get(Milestone, milestone_id) if milestone_id else None
        return milestone.title if milestone else self._text("disputes.whole_contract")

    def _do(self, action, success_key: str) -> bool:
        self.cancel_error, self.cancel_notice = "", ""
        ok = False
        try:
            with session_scope() as session:
                action(session, self._require_actor(session))
            ok = True
            self.cancel_notice = self._text(success_key)
        except (TypeError, ValueError):
            self.cancel_error = self._text("error.not_found")
        except ServiceError as err:
            self.cancel_error = error_text(self.locale, err)
        except Exception as err:
            if not is_money_error(err):
                raise
            self.cancel_error = money_error_text(self.locale, err)
        self._refresh_requests()
        if ok:
            self._act(lambda s, u, c: None)  # milestones and contract status above
        return ok

    @rx.event
    def set_cancel_target(self, value: str):
        """Choose the milestone (or the whole contract) to cancel."""
        self.cancel_target = str(value or WHOLE_CONTRACT)[:16]

    @rx.event
    def set_cancel_reason(self, text: str):
        """Keep the reason being typed."""
        self.cancel_reason = str(text or "")[:disputes.MAX_REASON]

    @rx.event
    def ask_cancel(self):
        """Show the confirmation before the request is sent."""
        self.cancel_confirm = True

    @rx.event
    def close_cancel(self):
        """Close the confirmation."""
        self.cancel_confirm = False

    @rx.event
    def send_cancel_request(self):
        """Ask the other party to cancel with a refund."""
        target, reason = self.cancel_target, self.cancel_reason

        def act(session: Session, user: User) -> None:
            milestone = None if target == WHOLE_CONTRACT else whole_id(target)
            cancellation.request_cancellation(session, actor=user, reason=reason,
                                              contract_id=int(self.contract_ref),
                                              milestone_id=milestone)

        if self._do(act, "disputes.cancel_requested"):
            self.cancel_confirm, self.cancel_reason = False, ""

    @rx.event
    def answer_cancel(self, request_id: str, accept: bool):
        """Accept (the money is refunded to the client) or decline a request."""
        self._do(lambda s, u: cancellation.answer_cancellation(
            s, actor=u, request_id=whole_id(request_id), accept=accept is True),
            "disputes.cancel_accepted" if accept is True else "disputes.cancel_declined")

    @rx.event
    def withdraw_cancel(self, request_id: str):
        """Take one's own pending request back."""
        self._do(lambda s, u: cancellation.withdraw_cancellation(
            s, actor=u, request_id=whole_id(request_id)), "disputes.cancel_withdrawn")
