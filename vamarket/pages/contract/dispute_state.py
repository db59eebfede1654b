"""The contract room's disputes: open one on a milestone or a week (after a confirmation), read
both sides' statements and files, add one's own, see the outcome.

Every handler re-reads the signed-in user from the session cookie; the services check that they
are a party of this contract and that the milestone or week belongs to it.
"""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session, col, select

from vamarket.db import session_scope
from vamarket.errors import ServiceError
from vamarket.i18n.format import format_moment, format_money
from vamarket.models import Contract, Dispute, Milestone, Timesheet, User
from vamarket.pages.contract.state import ContractState
from vamarket.pages.guard import error_text, whole_id
from vamarket.pages.money_access import is_money_error, money_error_text
from vamarket.payments import dispute_split
from vamarket.services import attachments, contracts, dispute_files, disputes

UPLOAD_ID = "dispute-files"
MAX_DRAFT = 5000


class DisputeState(ContractState):
    """Disputes of one contract, as its client or VA sees them."""

    dispute_rows: list[dict[str, str]] = []
    statement_rows: list[dict[str, str]] = []
    evidence_rows: list[dict[str, str]] = []
    disputable: list[dict[str, str]] = []
    confirm_open: bool = False
    confirm_kind: str = ""
    confirm_ref: str = ""
    confirm_title: str = ""
    reason_draft: str = ""
    statement_draft: str = ""
    active_dispute: str = ""
    dispute_error: str = ""
    dispute_notice: str = ""
    dispute_busy: bool = False

    # -- reading --

    @rx.event
    def load_disputes(self):
        """Fill the section (parties only; anyone else sees nothing)."""
        self.dispute_error = self.dispute_notice = ""
        self._refresh()

    def _refresh(self) -> None:
        try:
            with session_scope() as session:
                user = self._require_actor(session)
                contract = contracts.contract_for_party(session, actor=user,
                                                        contract_id=int(self.contract_ref))
                self._fill_disputes(session, user, contract)
        except (ServiceError, TypeError, ValueError):
            self.dispute_rows, self.statement_rows, self.evidence_rows = [], [], []
            self.disputable = []

    def _fill_disputes(self, session: Session, user: User, contract: Contract) -> None:
        money = lambda minor: format_money(minor, contract.currency, self.locale)  # noqa: E731
        rows = disputes.contract_disputes(session, actor=user, contract_id=contract.id)
        self.dispute_rows = [self._dispute_row(session, contract, d, money) for d in rows]
        said = [s for d in rows for s in disputes.statements(session, d.id or 0)]
        names = {contract.client_id: "client", contract.va_id: "va"}
        self.statement_rows = [{
            "id": str(s.id), "dispute_id": str(s.dispute_id), "body": s.body,
            "side": names.get(s.author_id, "admin"), "mine": "1" if s.author_id == user.id else "",
            "when": format_moment(s.created_at, self.locale)} for s in said]
        by_statement = {s.id: s.dispute_id for s in said}
        self.evidence_rows = [{
            "id": str(f.id), "dispute_id": str(by_statement.get(f.ref_id, 0)), "name": f.filename,
            "size": attachments.size_text(f.size_bytes, self.locale)}
            for f in dispute_files.files_of(session, list(by_statement))]
        open_ids = [r["id"] for r in self.dispute_rows if r["open"]]
        if self.active_dispute not in open_ids:
            self.active_dispute = open_ids[0] if open_ids else ""
        self.disputable = self._disputable(session, contract, money)

    def _dispute_row(self, session: Session, contract: Contract, d: Dispute, money) -> dict[str, str]:
        target = session.get(Milestone, d.milestone_id) if d.milestone_id else None
        week = session.get(Timesheet, d.timesheet_id) if d.timesheet_id else None
        side = "client" if d.opened_by_id == contract.client_id else "va"
        return {"id": str(d.id), "target": target.title if target else (week.iso_week if week else ""),
                "reason": d.reason, "side": side, "open": "1" if d.status == "open" else "",
                "amount": money(dispute_split.disputed_amount(session, contract, d)),
                "released": money(d.released_minor), "refunded": money(d.refunded_minor),
                "when": format_moment(d.created_at, self.locale)}

    def _disputable(self, session: Session, contract: Contract, money) -> list[dict[str, str]]:
        items = [{"kind": "milestone", "ref": str(m.id), "title": m.title,
                  "amount": money(m.amount_minor)}
                 for m in contracts.contract_milestones(session, contract.id)
                 if m.status in disputes.MILESTONE_DISPUTABLE]
        weeks = session.exec(select(Timesheet).where(
            Timesheet.contract_id == contract.id,
            col(Timesheet.status).in_(disputes.TIMESHEET_DISPUTABLE))
            .order_by(col(Timesheet.iso_week))).all()
        return items + [{"kind": "week", "ref": str(w.id), "title": w.iso_week, "amount": ""}
                        for w in weeks]

    # -- acting --

    def _run(self, action, success_key: str) -> bool:
        """Run `action(session, user)`; errors become text in the section; then refresh."""
        self.dispute_error, self.dispute_notice, self.dispute_busy = "", "", True
        ok = False
        try:
            with session_scope() as session:
                action(session, self._require_actor(session))
            ok = True
            self.dispute_notice = self._text(success_key)
        except (TypeError, ValueError):
            self.dispute_error = self._text("error.not_found")
        except ServiceError as err:
            self.dispute_error = error_text(self.locale, err)
        except Exception as err:
            if not is_money_error(err):
                raise
            self.dispute_error = money_error_text(self.locale, err)
        self.dispute_busy = False
        self._refresh()
        return ok

    @rx.event
    def ask_to_dispute(self, kind: str, ref: str):
        """Show the confirmation for disputing one milestone or week (nothing changes yet)."""
        kind = str(kind)
        match = [d for d in self.disputable if d["kind"] == kind and d["ref"] == str(ref)]
        if not match:
            self.dispute_error = self._text("error.not_found")
            return
        self.confirm_kind, self.confirm_ref = kind, match[0]["ref"]
        self.confirm_title, self.reason_draft, self.confirm_open = match[0]["title"], "", True

    @rx.event
    def set_reason_draft(self, text: str):
        """Keep the reason being typed."""
        self.reason_draft = str(text or "")[:disputes.MAX_REASON]

    @rx.event
    def close_confirm(self):
        """Close the confirmation without disputing."""
        self.confirm_open = False

    @rx.event
    def confirm_dispute(self):
        """Open the dispute: the money of that milestone or week freezes."""
        kind, ref, reason = self.confirm_kind, self.confirm_ref, self.reason_draft

        def act(session: Session, user: User) -> None:
            target = whole_id(ref)
            disputes.open_dispute(
                session, actor=user, contract_id=int(self.contract_ref), reason=reason,
                milestone_id=target if kind == "milestone" else None,
                timesheet_id=target if kind == "week" else None)

        if self._run(act, "disputes.opened_notice"):
            self.confirm_open, self.reason_draft = False, ""
            self._act(lambda s, u, c: None)  # the milestones above show "disputed"

    @rx.event
    def choose_dispute(self, dispute_id: str):
        """Write the next statement to this dispute."""
        if any(r["id"] == str(dispute_id) and r["open"] for r in self.dispute_rows):
            self.active_dispute = str(dispute_id)

    @rx.event
    def set_statement_draft(self, text: str):
        """Keep the statement being typed."""
        self.statement_draft = str(text or "")[:MAX_DRAFT]

    @rx.event
    async def add_statement(self, files: list[rx.UploadFile]):
        """Add the typed statement and the chosen files to the chosen dispute."""
        uploads = []
        for upload in (files or [])[:dispute_files.MAX_FILES_PER_STATEMENT + 1]:
            uploads.append((upload.name or "", await upload.read(attachments.MAX_FILE_BYTES + 1)))
        body, target = self.statement_draft, self.active_dispute
        if self._run(lambda s, u: disputes.add_statement(s, actor=u, dispute_id=whole_id(target),
                                                         body=body, files=uploads),
                     "disputes.statement_added"):
            self.statement_draft = ""

    @rx.event
    def files_rejected(self, rejected: list[dict]):
        """The browser refused files before sending them (type or size)."""
        self.dispute_error = self._text("error.files_rejected")
