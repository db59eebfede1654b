"""The contract room's review part: once the contract has ended, each side rates the other.

Handlers re-read the signed-in user from the session cookie; the reviews service checks that
they are a party, that the contract has ended, the window and the rating. Only the reader's own
review and, once visible, the other side's review reach the browser.
"""

from __future__ import annotations

from datetime import datetime

import reflex as rx
from sqlmodel import Session

from vamarket.db import session_scope
from vamarket.errors import NotFound, ServiceError
from vamarket.i18n.format import format_day
from vamarket.models import Review, User
from vamarket.pages.contract.state import ContractState
from vamarket.pages.guard import error_text, route_id
from vamarket.pages.money_access import is_money_error
from vamarket.services import reviews

STARS = 5


def stars_text(rating: int) -> str:
    """"★★★★☆" for 4."""
    return "★" * rating + "☆" * (STARS - rating)


class ReviewState(ContractState):
    """Whether the reader may review, their own review and the other side's once visible."""

    rv_shown: bool = False
    rv_can_review: bool = False
    rv_closed: bool = False
    rv_waiting: bool = False
    rv_hidden: bool = False
    rv_other: str = ""
    rv_mine: dict[str, str] = {}
    rv_theirs: dict[str, str] = {}
    rv_rating: int = 0
    rv_error: str = ""
    rv_notice: str = ""
    rv_busy: bool = False
    _rv_contract: int = 0
    _rv_reveal: str = ""  # ISO time the reviews show regardless

    def _review_row(self, review: Review) -> dict[str, str]:
        return {"rating": str(review.rating), "stars": stars_text(review.rating),
                "body": review.body, "at": review.created_at.isoformat()}

    def _fill_reviews(self, session: Session, user: User) -> None:
        seen = reviews.for_contract(session, actor=user, contract_id=self._rv_contract)
        self.rv_shown, self.rv_other = seen.ended, seen.other_name
        self.rv_can_review, self.rv_closed = seen.can_review, seen.window_closed
        self.rv_mine = self._review_row(seen.mine) if seen.mine else {}
        self.rv_theirs = self._review_row(seen.theirs) if seen.theirs else {}
        self._rv_reveal = seen.reveal_at.isoformat() if seen.reveal_at else ""
        self.rv_waiting = seen.theirs_waiting
        self.rv_hidden = seen.mine is not None and seen.theirs is None and not seen.window_closed

    # -- texts in the reader's language (re-made when the language changes) --

    def _reveal_day(self) -> str:
        return format_day(datetime.fromisoformat(self._rv_reveal), self.locale) \
            if self._rv_reveal else ""

    @rx.var
    def rv_prompt(self) -> str:
        """The question above the stars, with the other side's name."""
        return self._text("review.prompt", name=self.rv_other)

    @rx.var
    def rv_theirs_title(self) -> str:
        """The heading of the other side's review."""
        return self._text("review.theirs_title", name=self.rv_other)

    @rx.var
    def rv_window_note(self) -> str:
        """Until when reviews stay hidden (and may be left)."""
        day = self._reveal_day()
        return self._text("review.window_note", date=day) if day else ""

    @rx.var
    def rv_waiting_text(self) -> str:
        """The other side reviewed; it shows when the reader reviews or on the reveal day."""
        day = self._reveal_day()
        return self._text("review.waiting", name=self.rv_other, date=day) \
            if self.rv_waiting and day else ""

    @rx.var
    def rv_hidden_text(self) -> str:
        """The reader's review is not shown to the other side yet."""
        day = self._reveal_day()
        return self._text("review.hidden_until", name=self.rv_other, date=day) \
            if self.rv_hidden and day else ""

    @rx.var
    def rv_dates(self) -> dict[str, str]:
        """The days the two reviews were left."""
        found = {}
        for key, row in (("mine", self.rv_mine), ("theirs", self.rv_theirs)):
            if row.get("at"):
                found[key] = format_day(datetime.fromisoformat(row["at"]), self.locale)
        return found

    @rx.event
    def load_review(self):
        """Read the reviews of the contract in the address (parties only; others see nothing)."""
        self.rv_shown, self.rv_error, self.rv_notice, self.rv_rating = False, "", "", 0
        with session_scope() as session:
            user = self._actor(session)
            if user is None:
                return
            try:
                self._rv_contract = route_id(self, "contract_id")
                self._fill_reviews(session, user)
            except ServiceError:
                self.rv_shown = False

    def _refresh_room(self, session: Session, user: User) -> None:
        """The room's "what to do next" changes once the reader has reviewed."""
        if int(self.contract_ref or 0) != self._rv_contract:
            return
        try:
            self._fill(session, user)
        except Exception as err:
            if not is_money_error(err):
                raise

    @rx.event
    def pick_rating(self, rating: int):
        """Choose 1–5 stars (anything else is ignored)."""
        try:
            value = int(rating)
        except (TypeError, ValueError):
            return
        if 1 <= value <= STARS:
            self.rv_rating = value

    @rx.event
    def submit_review(self, form: dict | None = None):
        """Post the reader's review with the chosen stars and the text typed in the form."""
        self.rv_error, self.rv_notice, self.rv_busy = "", "", True
        body = form.get("body", "") if isinstance(form, dict) else ""
        try:
            with session_scope() as session:
                user = self._require_actor(session)
                if not self._rv_contract:
                    raise NotFound()
                reviews.leave_review(session, actor=user, contract_id=int(self._rv_contract),
                                     rating=int(self.rv_rating), body=str(body or ""))
            with session_scope() as session:
                user = self._require_actor(session)
                self._fill_reviews(session, user)
                self._refresh_room(session, user)
        except ServiceError as err:
            self.rv_error = error_text(self.locale, err)
        except (TypeError, ValueError):
            self.rv_error = self._text("error.not_found")
        else:
            self.rv_notice = self._text("review.posted")
        self.rv_busy = False
