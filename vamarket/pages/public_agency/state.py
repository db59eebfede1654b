"""An agency's public page, by its address."""

from __future__ import annotations

import reflex as rx

from vamarket.db import session_scope
from vamarket.errors import NotFound
from vamarket.services import agencies
from vamarket.state.base import AppState


class PublicAgencyState(AppState):
    """Name, description and members (names and headlines only)."""

    loaded: bool = False
    found: bool = False
    ag_name: str = ""
    ag_description: str = ""
    ag_members: list[dict[str, str]] = []

    @rx.event
    def load(self):
        """Read the agency named by the last part of the address; anyone may look."""
        self.loaded, self.found = False, False
        address = str(self.router.url.path).rstrip("/").rsplit("/", 1)[-1]
        with session_scope() as session:
            self._apply_user(self._actor(session))
            try:
                view = agencies.public_agency(session, slug=address)
            except NotFound:
                view = None
        if view is not None:
            self.found = True
            self.ag_name, self.ag_description = view.name, view.description
            self.ag_members = [{"user_id": str(m.user_id), "name": m.display_name,
                                "headline": m.headline, "owner": "1" if m.is_owner else ""}
                               for m in view.members]
        self.loaded = True
