"""The VA's payout set-up: a connected Stripe account and its onboarding."""

from __future__ import annotations

import asyncio

import reflex as rx

from vamarket.db import session_scope
from vamarket.errors import PermissionDenied
from vamarket.pages.guard import enter
from vamarket.pages.money_access import is_money_error, money_error_text, return_base
from vamarket.payments import payouts
from vamarket.state.base import AppState

POLL_SECONDS = 2
POLL_TRIES = 15


class GetPaidState(AppState):
    """Where the signed-in VA's payouts stand: none, onboarding, or active."""

    loaded: bool = False
    error: str = ""
    has_account: bool = False
    active: bool = False
    returned: bool = False
    polling: bool = False
    busy: bool = False

    @rx.event
    def load(self):
        """VAs only; after returning from onboarding, wait a little for Stripe's confirmation."""
        self.loaded, self.error = False, ""
        params = self.router.page.params
        self.returned = str(params.get("done", "") or params.get("return", "") or "") == "1"
        with session_scope() as session:
            user, redirect = enter(self, session)
            if redirect is not None:
                return redirect
            try:
                self._read(session, user)
            except Exception as err:
                if not is_money_error(err):
                    raise
                self.error = money_error_text(self.locale, err)
                return None
        self.loaded = True
        if self.returned and self.has_account and not self.active:
            return GetPaidState.poll_status
        return None

    def _read(self, session, user) -> None:
        if not user.is_va:
            raise PermissionDenied("money.va_only")
        status = payouts.payout_status(session, actor=user)
        self.has_account, self.active = status.has_account, status.transfers_active

    @rx.event
    def start(self):
        """Create the payout account (once) and go to Stripe's onboarding page."""
        self.error, self.busy = "", True
        try:
            with session_scope() as session:
                user = self._require_actor(session)
                if not user.is_va:
                    raise PermissionDenied("money.va_only")
                url = payouts.start_onboarding(session, actor=user,
                           return_base=return_base())
        except Exception as err:
            if not is_money_error(err):
                raise
            self.error, self.busy = money_error_text(self.locale, err), False
            return None
        self.busy = False
        return rx.redirect(str(url))

    @rx.event
    def refresh(self):
        """Read the payout status again."""
        self.error = ""
        try:
            with session_scope() as session:
                self._read(session, self._require_actor(session))
        except Exception as err:
            if not is_money_error(err):
                raise
            self.error = money_error_text(self.locale, err)

    @rx.event(background=True)
    async def poll_status(self):
        """Re-read every 2 s for about 30 s until transfers are active."""
        async with self:
            if self.polling:
                return
            self.polling = True
        for _ in range(POLL_TRIES):
            await asyncio.sleep(POLL_SECONDS)
            async with self:
                self.refresh()
                if self.active or self.error:
                    break
        async with self:
            self.polling = False
