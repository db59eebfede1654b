"""The contract room's timeline: the audit entries of the contract, newest first, 50 at a
time, as text in the reader's language. Readable by the contract's client, its VA and admins
(the service checks); the text is made here because it depends on the reader's language."""

from __future__ import annotations

import reflex as rx

from vamarket.db import session_scope
from vamarket.errors import ServiceError
from vamarket.i18n import catalog
from vamarket.i18n.format import format_moment, format_money
from vamarket.models import Contract
from vamarket.pages.contract.state import ContractState
from vamarket.pages.guard import route_id
from vamarket.services import timeline

ICONS = {"contract": "file-signature", "payment": "credit-card", "milestone": "flag",
         "message": "message-circle", "attachment": "paperclip", "timesheet": "clock",
         "dispute": "scale", "review": "star"}


class TimelineState(ContractState):
    """The timeline tab: entries and whether older ones exist."""

    timeline: list[dict[str, str]] = []
    timeline_more: bool = False
    timeline_error: str = ""
    _oldest: int = 0

    @rx.event
    def load_timeline(self):
        """The newest entries of the contract in the address."""
        self.timeline, self.timeline_more, self._oldest = [], False, 0
        self._read(before=None)

    @rx.event
    def tab_changed(self, tab: str):
        """Reading the timeline tab again shows what happened since the page was opened."""
        if str(tab) == "timeline":
            self.load_timeline()

    @rx.event
    def more_timeline(self):
        """The next 50 older entries."""
        if self.timeline_more and self._oldest:
            self._read(before=self._oldest)

    def _read(self, before: int | None) -> None:
        self.timeline_error = ""
        try:
            with session_scope() as session:
                user = self._require_actor(session)
                contract_id = route_id(self, "contract_id")
                page = timeline.entries(session, actor=user, contract_id=contract_id,
                                        before=before)
                contract = session.get(Contract, contract_id)
                rows = [self._row(entry, contract) for entry in page.entries]
        except ServiceError as err:
            self.timeline_error = self._error_text(err)
            return
        self.timeline = [*self.timeline, *rows]
        self.timeline_more = page.more
        if page.entries:
            self._oldest = page.entries[-1].id

    def _row(self, entry: timeline.TimelineEntry, contract: Contract) -> dict[str, str]:
        detail = entry.detail
        known = catalog(self.locale)
        key = "room.tl." + entry.action.replace(".", "_")
        who = entry.actor_name or self._text(f"room.side.{entry.side}")
        params = {"who": who, "title": entry.milestone_title or str(detail.get("title", "") or ""),
                  "amount": self._amount(detail, contract),
                  "purpose": self._text(f"money.purpose.{detail.get('purpose', '')}")
                  if f"money.purpose.{detail.get('purpose', '')}" in known else "",
                  "filename": str(detail.get("filename", "") or "")}
        text = self._text(key, **params) if key in known else self._text(
            "room.tl.other", who=who, action=entry.action.replace("_", " ").replace(".", ": "))
        return {"id": str(entry.id), "text": text, "side": entry.side,
                "when": format_moment(entry.when, self.locale), "detail": self._words(detail),
                "icon": ICONS.get(entry.action.split(".")[0], "circle")}

    def _amount(self, detail: dict, contract: Contract) -> str:
        value = detail.get("net", detail.get("amount"))
        if isinstance(value, bool) or not isinstance(value, int):
            return ""
        currency = str(detail.get("currency") or contract.currency)
        return format_money(value, currency if currency in ("USD", "IDR") else contract.currency,
                            self.locale)

    def _words(self, detail: dict) -> str:
        parts = [str(detail.get(k) or "").strip() for k in ("note", "reason", "excerpt")]
        files = detail.get("files")
        if isinstance(files, list) and files:
            parts.append(self._text("room.files_list", names=", ".join(str(f) for f in files[:20])))
        return " · ".join(p for p in parts if p)[:600]
