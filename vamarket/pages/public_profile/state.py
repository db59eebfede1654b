"""A person's public profile, by user id in the address (never their email)."""

from __future__ import annotations

import reflex as rx

from vamarket.db import session_scope
from vamarket.errors import NotFound
from vamarket.i18n.format import format_money
from vamarket.services import profiles
from vamarket.state.base import AppState


def _id_from_path(path: str) -> int | None:
    tail = path.rstrip("/").rsplit("/", 1)[-1]
    return int(tail) if tail.isdigit() and len(tail) < 12 else None


class PublicProfileState(AppState):
    """The public fields of one user."""

    found: bool = False
    loaded: bool = False
    p_id: int = 0
    p_name: str = ""
    p_is_va: bool = False
    p_is_client: bool = False
    p_headline: str = ""
    p_bio: str = ""
    p_photo: str = ""
    p_rate_minor: int = 0
    p_rate_currency: str = "USD"
    p_languages: list[str] = []
    p_timezone: str = ""
    p_hours: int = 0
    p_links: list[str] = []
    p_tags: list[str] = []
    p_skills: list[str] = []
    p_categories: list[str] = []
    p_company: str = ""
    p_country: str = ""
    p_agency_name: str = ""
    p_agency_slug: str = ""

    @rx.event
    def load(self):
        """Read the profile named by the address; anyone may look."""
        self.loaded, self.found = False, False
        user_id = _id_from_path(str(self.router.url.path))
        with session_scope() as session:
            self._apply_user(self._actor(session))
            try:
                view = profiles.public_profile(session, user_id=user_id) if user_id else None
            except NotFound:
                view = None
        if view is not None:
            self.found = True
            self.p_id, self.p_name = view.user_id, view.display_name
            self.p_is_va, self.p_is_client = view.is_va, view.is_client
            self.p_headline, self.p_bio, self.p_photo = view.headline, view.bio, view.photo_path
            self.p_rate_minor, self.p_rate_currency = view.hourly_rate_minor, view.rate_currency
            self.p_languages, self.p_timezone = view.languages, view.timezone
            self.p_hours, self.p_links = view.hours_per_week, view.portfolio_links
            self.p_tags = view.free_tags
            self.p_skills, self.p_categories = view.skills, view.categories
            self.p_company, self.p_country = view.company, view.country
            self.p_agency_name, self.p_agency_slug = view.agency_name, view.agency_slug
        self.loaded = True

    @rx.var
    def rate_text(self) -> str:
        """The hourly rate in the reader's language, or empty when not set."""
        if self.p_rate_minor <= 0:
            return ""
        return format_money(self.p_rate_minor, self.p_rate_currency, self.locale)
