"""A contract's terms, its payment status and the money actions of its client and its VA.

Every handler is a public API: it re-reads the signed-in user from the session cookie, checks
that they are a party to the contract, and leaves the rest (who may fund, submit, approve) to
the payment services, which check it again.
"""

from __future__ import annotations

import asyncio

import reflex as rx
from sqlmodel import Session, select

from vamarket.db import session_scope
from vamarket.errors import NotFound
from vamarket.files_route import files_prefix
from vamarket.i18n.format import format_day, format_money
from vamarket.models import Contract, Job, Milestone, User
from vamarket.pages.contract.money import money_summary, payouts_ready
from vamarket.pages.guard import enter, route_id
from vamarket.pages.money_access import is_money_error, money_error_text, return_base
from vamarket.payments import funding, release
from vamarket.services import (
    attachments,
    contracts,
    fees,
    milestones,
    next_actions,
    pilot,
    submission_files,
    timeline,
)
from vamarket.state.base import AppState

POLL_SECONDS = 2
POLL_TRIES = 15  # about 30 seconds


class ContractState(AppState):
    """Terms, milestones and money of one contract the signed-in user is party to."""

    loaded: bool = False
    error: str = ""
    notice: str = ""
    money_error: str = ""
    contract_ref: int = 0
    terms: dict[str, str] = {}
    steps: list[dict[str, str]] = []
    step_files: list[dict[str, str]] = []
    todo: list[str] = []
    room: dict[str, str] = {}
    money: dict[str, str] = {}
    payments: list[dict[str, str]] = []
    payouts_ok: bool = True
    polling: bool = False
    busy: bool = False
    _drafts: dict[str, str] = {}

    @rx.event
    def load(self):
        """Parties only; after Checkout (?paid=1) wait for the webhook's confirmation."""
        self.loaded, self.error, self.notice, self.money_error = False, "", "", ""
        with session_scope() as session:
            user, redirect = enter(self, session)
            if redirect is not None:
                return redirect
            try:
                self.contract_ref = route_id(self, "contract_id")
                self._fill(session, user)
            except Exception as err:
                if not is_money_error(err):
                    raise
                self.error = money_error_text(self.locale, err)
                return None
        self.loaded = True
        if str(self.router.page.params.get("cancelled", "") or "") == "1":
            self.notice = self._text("money.cancelled")
        return ContractState.poll_payment if self.money.get("waiting") else None

    def _paid_return(self) -> bool:
        return str(self.router.page.params.get("paid", "") or "") == "1"

    def _contract(self, session: Session, user: User) -> Contract:
        return contracts.contract_for_party(session, actor=user, contract_id=int(self.contract_ref))

    def _fill(self, session: Session, user: User) -> None:
        contract = self._contract(session, user)
        self._fill_terms(session, user, contract)
        self._fill_money(session, user, contract)

    def _fill_terms(self, session: Session, user: User, contract: Contract) -> None:
        job = session.get(Job, contract.job_id)
        other = session.get(User, contract.va_id if user.id == contract.client_id else contract.client_id)
        money = lambda minor: format_money(minor, contract.currency, self.locale)  # noqa: E731
        split = fees.preview(contract.total_minor or contract.rate_minor, contract.currency,
                             contract.fee_percent)
        self.terms = {
            "id": str(contract.id), "job_title": job.title if job else "", "job_id": str(contract.job_id),
            "kind": contract.kind, "status": contract.status, "currency": contract.currency,
            "other": other.display_name if other else "",
            "other_id": str(other.id) if other else "",
            "role": "client" if user.id == contract.client_id else "va",
            "total": money(contract.total_minor) if contract.total_minor else "",
            "rate": money(contract.rate_minor) if contract.rate_minor else "",
            "cap": str(contract.weekly_hour_cap or ""),
            "down_payment": f"{contract.down_payment_percent}% = "
            f"{money(contracts.down_payment_due(contract))}" if contract.down_payment_percent else "",
            "pilot": money(contract.pilot_price_minor) if contract.pilot_price_minor else "",
            "fee": f"{contract.fee_percent}% ({money(split.fee_minor)})",
            "va_receives": money(split.va_receives_minor),
            "created": format_day(contract.created_at, self.locale),
        }
        steps = contracts.contract_milestones(session, contract.id)
        words = timeline.latest_words(session, contract.id)
        funding_open = self._funding_open(session, contract)
        self.steps = [self._step(contract, m, words.get(m.id or 0, {}), funding_open) for m in steps]
        self._fill_room(session, user, contract, steps)

    @staticmethod
    def _funding_open(session: Session, contract: Contract) -> bool:
        """May planned milestones be funded one by one now (a pilot-first contract: only after
        continuing and paying the down payment)?"""
        due = pilot.due_after_pilot(session, contract)
        return contract.status == "active" and (due is None or due[0] == "milestone")

    def _step(self, contract: Contract, m: Milestone, words: dict[str, str],
              funding_open: bool) -> dict[str, str]:
        split = fees.preview(m.amount_minor, contract.currency, contract.fee_percent)
        money = lambda minor: format_money(minor, contract.currency, self.locale)  # noqa: E731
        active = contract.status == "active" and milestones.plan_open(contract)
        return {"title": m.title, "amount": money(m.amount_minor), "status": m.status,
                "position": str(m.position), "pilot": "1" if m.is_pilot else "",
                "due": format_day(m.due_date, self.locale),
                "fee": f"{contract.fee_percent}% ({money(split.fee_minor)})",
                "va_gets": money(split.va_receives_minor),
                "note": words.get("note", ""), "reason": words.get("reason", ""),
                "fundable": "1" if funding_open and m.status == "planned" else "",
                "cancellable": "1" if active and not m.is_pilot
                and m.status in ("planned", "proposed") else ""}

    def _fill_room(self, session: Session, user: User, contract: Contract,
                   steps: list[Milestone]) -> None:
        """What the reader must do next, the submission files, and the plan's switches."""
        self.todo = [self._text(f"room.next.{action.key}", title=action.title)
                     for action in next_actions.next_actions(session, actor=user, contract=contract)]
        is_va = user.id == contract.va_id
        positions = {m.id: str(m.position) for m in steps}
        pending = {f.id for m in steps if m.status in submission_files.OPEN_FOR_FILES
                   for f in submission_files.pending(session, m)}
        self.step_files = [
            {"position": positions[f.ref_id], "id": str(f.id), "name": f.filename,
             "url": f"{files_prefix()}{f.id}", "size": attachments.size_text(f.size_bytes, self.locale),
             "pending": "1" if f.id in pending else ""}
            for f in submission_files.files_of(session, list(positions))
            if is_va or f.id not in pending]
        due = pilot.due_after_pilot(session, contract)
        self.room = {
            "can_add": "1" if user.id == contract.client_id and contract.status == "active"
            and milestones.plan_open(contract) else "",
            "pilot_choice": "1" if user.id == contract.client_id
            and pilot.awaiting_choice(session, contract) else "",
            "down_payment": format_money(pilot.down_payment_after_pilot(session, contract),
                                         contract.currency, self.locale),
            "deposit_due": "1" if due is not None and due[0] == "deposit" else "",
        }

    def _fill_money(self, session: Session, user: User, contract: Contract) -> None:
        self.money_error = ""
        self.money, self.payments = money_summary(session, user=user, contract=contract,
                                                  locale=self.locale, paid_return=self._paid_return())
        is_va = user.id == contract.va_id
        self.payouts_ok = True
        if is_va:
            fallback = bool(self.money.get("va_can_be_paid", "1"))
            self.payouts_ok = payouts_ready(session, user=user, fallback=fallback)

    def _act(self, action, success_key: str = ""):
        """Run `action(session, user, contract)`; errors become text; the page is refreshed."""
        self.error, self.notice, self.money_error, self.busy = "", "", "", True
        result = None
        try:
            with session_scope() as session:
                user = self._require_actor(session)
                result = action(session, user, self._contract(session, user))
            with session_scope() as session:
                user = self._require_actor(session)
                self._fill(session, user)
        except (TypeError, ValueError):  # a crafted event with a non-numeric argument
            self.error = self._text("error.not_found")
            result = None
        except Exception as err:
            if not is_money_error(err):
                raise
            self.error = money_error_text(self.locale, err)
            result = None
        else:
            self.notice = self._text(success_key) if success_key else ""
        self.busy = False
        return result

    @staticmethod
    def _milestone(session: Session, contract: Contract, position) -> Milestone:
        found = session.exec(select(Milestone).where(Milestone.contract_id == contract.id,
                                                     Milestone.position == int(position))).first()
        if found is None:
            raise NotFound()
        return found

    @rx.event
    def pay(self):
        """The client pays what is due now: off to Stripe Checkout (the webhook confirms it)."""
        url = self._act(lambda s, u, c: funding.start_funding(s, actor=u,
                                             contract_id=c.id, return_base=return_base()))
        return rx.redirect(str(url)) if url else None

    @rx.event
    def fund_milestone(self, position: int):
        """The client funds one milestone of an active contract through Checkout."""
        def start(session: Session, user: User, contract: Contract) -> str:
            return funding.start_milestone_funding(
                session, actor=user, milestone_id=self._milestone(session, contract, position).id,
                return_base=return_base())
        url = self._act(start)
        return rx.redirect(str(url)) if url else None

    @rx.event
    def set_draft(self, key: str, text: str):
        """Keep what is typed in a milestone's note or revision reason (kept on the server)."""
        key = str(key)[:32]
        if key.startswith(("note-", "reason-")):
            self._drafts = {**self._drafts, key: str(text or "")[:2000]}

    def _typed(self, form, field: str, position) -> str:
        # a click passes its pointer details as `form`; only a form's own field counts
        if isinstance(form, dict) and field in form:
            return str(form.get(field, "") or "")
        return self._drafts.get(f"{field}-{position}", "")

    @rx.event
    def submit_milestone(self, position: int, form: dict | None = None):
        """The VA hands in a milestone's work with an optional note."""
        note = self._typed(form, "note", position)
        self._act(lambda s, u, c: release.submit_milestone(s, actor=u,
                                       milestone_id=self._milestone(s, c, position).id,
                                       note=note[:2000]), "money.submitted")

    @rx.event
    def approve_milestone(self, position: int):
        """The client approves a milestone: its money is released to the VA."""
        done = self._act(lambda s, u, c: release.approve_milestone(s, actor=u,
                                              milestone_id=self._milestone(s, c, position).id),
                         "money.approved")
        if done is not None and getattr(done, "status", "") == "approved":
            self.notice = self._text("money.approved_held")

    @rx.event
    def request_revision(self, position: int, form: dict | None = None):
        """The client asks for changes, with a reason."""
        reason = self._typed(form, "reason", position)
        self._act(lambda s, u, c: release.request_revision(s, actor=u,
                                       milestone_id=self._milestone(s, c, position).id,
                                       reason=reason[:2000]), "money.revision_sent")

    @rx.event
    def refresh_money(self):
        """Read the payment status again (after Checkout, until the webhook has arrived)."""
        self._act(lambda s, u, c: None)
        if not self.money.get("waiting"):
            self.polling = False

    @rx.event(background=True)
    async def poll_payment(self):
        """Re-read the payment status every 2 s for about 30 s while it is being confirmed."""
        async with self:
            if self.polling:
                return
            self.polling = True
        for _ in range(POLL_TRIES):
            await asyncio.sleep(POLL_SECONDS)
            async with self:
                if not self.polling:
                    return
                self._act(lambda s, u, c: None)
                if not self.money.get("waiting"):
                    self.polling = False
                    return
        async with self:
            self.polling = False
