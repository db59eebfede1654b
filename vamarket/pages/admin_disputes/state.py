"""/admin/disputes: open disputes, both sides' statements and files, and the split an admin
decides (confirmed before any money moves). Admin rights are checked by the services on every
call; a non-admin gets a refusal and no rows."""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from vamarket.db import session_scope
from vamarket.errors import InvalidInput, ServiceError
from vamarket.i18n.format import format_moment, format_money, parse_money
from vamarket.models import Contract, Dispute, Job, Milestone, Timesheet, User
from vamarket.pages.admin_paging import AdminPagedState
from vamarket.pages.guard import error_text, whole_id
from vamarket.pages.money_access import is_money_error, money_error_text
from vamarket.payments import dispute_split
from vamarket.services import admin, attachments, dispute_files, disputes
from vamarket.services.fees import percent_of
from vamarket.state.base import AppState


class AdminDisputesState(AdminPagedState, AppState):
    """The open disputes and the one being decided."""

    selected: dict[str, str] = {}
    said: list[dict[str, str]] = []
    evidence: list[dict[str, str]] = []
    released_text: str = ""
    split: dict[str, str] = {}
    confirm_open: bool = False
    busy: bool = False
    _released: int = -1

    def _fill(self, session: Session, user: User | None) -> None:
        found = admin.open_disputes(session, actor=user, page=self.page)  # checks the admin
        self.page, self.has_more = found.page, found.has_more
        self.rows = [self._row(session, d) for d in found.rows]

    def _row(self, session: Session, d: Dispute) -> dict[str, str]:
        contract = session.get(Contract, d.contract_id)
        job = session.get(Job, contract.job_id) if contract else None
        milestone = session.get(Milestone, d.milestone_id) if d.milestone_id else None
        week = session.get(Timesheet, d.timesheet_id) if d.timesheet_id else None
        amount = dispute_split.disputed_amount(session, contract, d) if contract else 0
        return {"id": str(d.id), "contract": str(d.contract_id), "job": job.title if job else "",
                "target": milestone.title if milestone else (week.iso_week if week else ""),
                "amount": format_money(amount, contract.currency, self.locale) if contract else "",
                "amount_minor": str(amount), "currency": contract.currency if contract else "USD",
                "fee_percent": str(contract.fee_percent if contract else 0),
                "side": "client" if contract and d.opened_by_id == contract.client_id else "va",
                "reason": d.reason, "when": format_moment(d.created_at, self.locale)}

    def _forget(self) -> None:
        self.selected = {}

    @rx.event
    def review(self, dispute_id: str):
        """Read one dispute: both sides' statements and files (the service checks the admin)."""
        self.error, self.notice, self.released_text, self.split = "", "", "", {}
        self._released = -1
        try:
            with session_scope() as session:
                user = admin.require_admin(self._actor(session))
                dispute = disputes.dispute_for_viewer(session, actor=user,
                                                      dispute_id=whole_id(dispute_id))
                self._read(session, dispute)
        except ServiceError as err:
            self.selected, self.said, self.evidence = {}, [], []
            self.error = error_text(self.locale, err)

    def _read(self, session: Session, dispute: Dispute) -> None:
        contract = session.get(Contract, dispute.contract_id)
        self.selected = self._row(session, dispute)
        said = disputes.statements(session, dispute.id or 0)
        sides = {contract.client_id: "client", contract.va_id: "va"}
        self.said = [{"side": sides.get(s.author_id, "admin"), "body": s.body,
                      "when": format_moment(s.created_at, self.locale)} for s in said]
        self.evidence = [{"id": str(f.id), "name": f.filename,
                          "size": attachments.size_text(f.size_bytes, self.locale)}
                         for f in dispute_files.files_of(session, [s.id or 0 for s in said])]

    @rx.event
    def close_review(self):
        """Back to the list."""
        self.selected, self.said, self.evidence, self.split = {}, [], [], {}

    @rx.event
    def set_released(self, text: str):
        """The amount released to the VA as typed; the rest goes back to the client."""
        self.released_text = str(text or "")[:30]
        self.split, self._released = {}, -1
        if not self.selected:
            return
        total, cur = int(self.selected["amount_minor"]), self.selected["currency"]
        try:
            released = parse_money(self.released_text, cur, self.locale, field="released")
            if not 0 <= released <= total:
                raise InvalidInput("error.dispute_split_total", field="released")
        except ServiceError as err:
            self.split = {"error": error_text(self.locale, err)}
            return
        fee = percent_of(released, int(self.selected["fee_percent"]))
        money = lambda minor: format_money(minor, cur, self.locale)  # noqa: E731
        self._released = released
        self.split = {"released": money(released), "fee": money(fee),
                      "va_gets": money(released - fee), "refunded": money(total - released),
                      "error": ""}

    @rx.event
    def ask_resolve(self):
        """Show the amounts once more before any money moves."""
        if self._released < 0:
            self.error = self._text("error.dispute_split_total")
            return
        self.confirm_open = True

    @rx.event
    def close_confirm(self):
        """Back without deciding."""
        self.confirm_open = False

    @rx.event
    def resolve(self):
        """Carry out the split: Transfer to the VA, refund to the client, both told."""
        self.error, self.notice, self.busy = "", "", True
        try:
            total = int(self.selected.get("amount_minor", "0"))
            with session_scope() as session:
                dispute_split.resolve(session, actor=self._require_actor(session),
                                      dispute_id=whole_id(self.selected.get("id", "")),
                                      released_minor=self._released,
                                      refunded_minor=total - self._released)
            self.notice = self._text("admin.dispute_resolved")
            self.selected, self.said, self.evidence, self.split = {}, [], [], {}
        except Exception as err:
            if not is_money_error(err):
                raise
            self.error = money_error_text(self.locale, err)
        self.busy, self.confirm_open = False, False
        self._reload()
