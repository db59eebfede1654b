"""Compare the quotes on one of the client's jobs; shortlist, decline, message, hire."""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from vamarket.db import session_scope
from vamarket.errors import ServiceError
from vamarket.i18n.format import format_money
from vamarket.models import Job, Quote, User
from vamarket.pages.guard import enter, error_text, route_id
from vamarket.services import contracts, fees, jobs, quotes, reputation, threads
from vamarket.settings import get_settings
from vamarket.state.base import AppState

SORTS = ("price", "duration", "rating", "jobs_done", "newest")


class JobQuotesState(AppState):
    """The client's view of the quotes on a job. Rows hold only what the client may see."""

    loaded: bool = False
    error: str = ""
    notice: str = ""
    job_title: str = ""
    job_status: str = ""
    job_ref: int = 0
    rows: list[dict[str, str]] = []
    sort: str = "price"
    busy: bool = False

    @rx.event
    def load(self):
        """The job's owner only."""
        self.loaded, self.error, self.notice = False, "", ""
        with session_scope() as session:
            user, redirect = enter(self, session)
            if redirect is not None:
                return redirect
            try:
                self.job_ref = route_id(self, "job_id")
                self._refresh(session, user)
            except ServiceError as err:
                self.error = error_text(self.locale, err)
                return None
        self.loaded = True
        return None

    def _refresh(self, session: Session, user: User) -> None:
        found = quotes.quotes_for_job(session, actor=user, job_id=self.job_ref)
        job = session.get(Job, self.job_ref)
        self.job_title, self.job_status = job.title, job.status
        stats = reputation.for_users(session, [q.va_id for q in found])
        names = {u.id: u.display_name for u in (session.get(User, q.va_id) for q in found) if u}
        rows = [self._row(session, q, names.get(q.va_id, ""), stats[q.va_id]) for q in found]
        self.rows = self._sorted(rows)

    def _row(self, session: Session, quote: Quote, name: str, stats) -> dict[str, str]:
        plan = quotes.quote_plan(session, quote.id)
        split = fees.preview(quote.price_minor, quote.currency, get_settings().platform_fee_percent)
        return {
            "id": str(quote.id), "va_id": str(quote.va_id), "name": name,
            "status": quote.status, "cover": quote.cover_letter,
            "price": format_money(quote.price_minor, quote.currency, self.locale),
            "price_sort": str(quote.price_minor).zfill(15),
            "va_receives": format_money(split.va_receives_minor, quote.currency, self.locale),
            "duration": str(quote.duration_weeks or ""), "cap": str(quote.weekly_hour_cap or ""),
            "milestones": str(len(plan)),
            "plan": " · ".join(f"{m.title}: {format_money(m.amount_minor, quote.currency, self.locale)}"
                               for m in plan),
            "pilot": format_money(quote.pilot_price_minor, quote.currency, self.locale)
            if quote.pilot_price_minor else "",
            "pilot_scope": quote.pilot_scope,
            "rating": f"{stats.rating_average:.1f} ({stats.rating_count})"
            if stats.rating_average is not None else "",
            "rating_sort": str(int((stats.rating_average or 0) * 10)).zfill(3),
            "on_time": f"{stats.on_time_percent}%" if stats.on_time_percent is not None else "",
            "repeat": f"{stats.repeat_client_percent}%"
            if stats.repeat_client_percent is not None else "",
            "jobs_done": str(stats.jobs_done), "live": "1" if quote.status in jobs.LIVE_QUOTE_STATUSES
            and quote.status != "hired" else "",
        }

    def _sorted(self, rows: list[dict[str, str]]) -> list[dict[str, str]]:
        key = {"price": lambda r: r["price_sort"], "duration": lambda r: r["duration"].zfill(4),
               "rating": lambda r: r["rating_sort"], "jobs_done": lambda r: r["jobs_done"].zfill(6),
               "newest": lambda r: r["id"].zfill(12)}[self.sort]
        return sorted(rows, key=key, reverse=self.sort in ("rating", "jobs_done", "newest"))

    @rx.event
    def set_sort(self, sort: str):
        """Re-order the quotes (unknown sorts are ignored)."""
        if sort in SORTS:
            self.sort = sort
            self.rows = self._sorted(self.rows)

    def _act(self, action, success_key: str):
        self.error, self.notice, self.busy = "", "", True
        try:
            with session_scope() as session:
                user = self._require_actor(session)
                result = action(session, user)
                self._refresh(session, user)
        except ServiceError as err:
            self.error = error_text(self.locale, err)
            self.busy = False
            return None
        except (TypeError, ValueError):  # a crafted event with a non-numeric id
            self.error = self._text("error.not_found")
            self.busy = False
            return None
        self.busy = False
        self.notice = self._text(success_key) if success_key else ""
        return result

    @rx.event
    def shortlist(self, quote_id: int):
        """Shortlist a quote (the service checks the job is the actor's)."""
        self._act(lambda s, u: quotes.shortlist_quote(s, actor=u, quote_id=int(quote_id)),
                  "quotes.shortlisted")

    @rx.event
    def decline(self, quote_id: int, form: dict | None = None):
        """Decline a quote with the optional reason typed in the dialog's form."""
        reason = form.get("reason", "") if isinstance(form, dict) else ""
        self._act(lambda s, u: quotes.decline_quote(s, actor=u, quote_id=int(quote_id),
                                                    reason=str(reason or "")), "quotes.declined")

    @rx.event
    def message(self, va_id: int):
        """Open (or make) the thread with this bidder."""
        thread = self._act(lambda s, u: threads.open_thread(s, actor=u, job_id=self.job_ref,
                                                            va_id=int(va_id)), "")
        if thread is not None:
            return rx.redirect(f"/messages/{thread.id}")
        return None

    @rx.event
    def hire(self, quote_id: int, with_pilot: bool = False):
        """Hire this quote's VA; the contract then waits for funding."""
        contract = self._act(lambda s, u: contracts.hire(s, actor=u, quote_id=int(quote_id),
                                                         start_with_pilot=bool(with_pilot)), "")
        if contract is not None:
            return rx.redirect(f"/contracts/{contract.id}")
        return None
