"""Your agency: create it, edit it, manage its members, or leave the one you joined."""

from __future__ import annotations

import reflex as rx

from vamarket.db import session_scope
from vamarket.errors import NotFound, ServiceError
from vamarket.pages.guard import error_text, gate
from vamarket.services import agencies
from vamarket.state.base import AppState


class AgencyState(AppState):
    """The actor's agency as shown to them (members by name, never by email)."""

    loaded: bool = False
    has_agency: bool = False
    is_owner: bool = False
    a_name: str = ""
    a_address: str = ""
    a_description: str = ""
    members: list[dict[str, str]] = []
    error: str = ""
    member_error: str = ""
    message: str = ""
    saving: bool = False
    adding: bool = False

    def _show(self, view: agencies.AgencyView | None) -> None:
        self.has_agency = view is not None
        self.is_owner = bool(view and view.owner_id == self.user_id)
        self.a_name = view.name if view else ""
        self.a_address = view.slug if view else ""
        self.a_description = view.description if view else ""
        self.members = [{"user_id": str(m.user_id), "name": m.display_name,
                         "headline": m.headline, "owner": "1" if m.is_owner else ""}
                        for m in view.members] if view else []

    @rx.event
    def load(self):
        """Signed-in, onboarded users only."""
        self.loaded, self.error, self.member_error, self.message = False, "", "", ""
        with session_scope() as session:
            user = self._actor(session)
            self._apply_user(user)
            redirect = gate(self, user)
            if redirect is not None:
                return redirect
            self._show(agencies.my_agency(session, actor=user))
        self.loaded = True
        return None

    @rx.event
    def save(self, form: dict):
        """Create the agency, or update the one the actor owns."""
        self.saving, self.error, self.message = True, "", ""
        yield
        try:
            with session_scope() as session:
                user = self._require_actor(session)
                mine = agencies.agency_of(session, user.id)
                fields = dict(name=form.get("a_name", ""), slug=form.get("a_address", ""),
                              description=form.get("a_description", ""))
                if mine is None:
                    agencies.create_agency(session, actor=user, **fields)
                else:
                    agencies.update_agency(session, actor=user, agency_id=mine.id, **fields)
                self._show(agencies.my_agency(session, actor=user))
            self.message = self._text("common.saved")
        except ServiceError as err:
            self.error = error_text(self.locale, err)
        self.saving = False

    @rx.event
    def add_member(self, form: dict):
        """Add a VA by user id or email to the actor's own agency."""
        self.adding, self.member_error, self.message = True, "", ""
        yield
        try:
            with session_scope() as session:
                user = self._require_actor(session)
                mine = agencies.agency_of(session, user.id)
                if mine is None:
                    raise NotFound("error.not_in_agency")
                agencies.add_member(session, actor=user, agency_id=mine.id,
                                    who=str(form.get("member", "")).strip())
                self._show(agencies.my_agency(session, actor=user))
            self.message = self._text("agency.member_added")
        except ServiceError as err:
            self.member_error = error_text(self.locale, err)
        self.adding = False

    @rx.event
    def remove_member(self, member_id: str):
        """Remove a member from the actor's own agency."""
        self.member_error, self.message = "", ""
        if not isinstance(member_id, str) or not member_id.isdigit() or len(member_id) > 11:
            return
        try:
            with session_scope() as session:
                user = self._require_actor(session)
                mine = agencies.agency_of(session, user.id)
                if mine is None:
                    raise NotFound("error.not_in_agency")
                agencies.remove_member(session, actor=user, agency_id=mine.id,
                                       user_id=int(member_id))
                self._show(agencies.my_agency(session, actor=user))
            self.message = self._text("agency.member_removed")
        except ServiceError as err:
            self.member_error = error_text(self.locale, err)

    @rx.event
    def leave(self):
        """Leave the agency the actor joined."""
        self.error, self.message = "", ""
        try:
            with session_scope() as session:
                user = self._require_actor(session)
                agencies.leave_agency(session, actor=user)
                self._show(None)
            self.message = self._text("agency.left")
        except ServiceError as err:
            self.error = error_text(self.locale, err)
