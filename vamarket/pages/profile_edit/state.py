"""Profile editing: the VA and client sections of the signed-in user's own profile."""

from __future__ import annotations

import reflex as rx

from vamarket.db import session_scope
from vamarket.errors import InvalidInput, ServiceError
from vamarket.i18n.format import format_money, minor_digits, parse_money
from vamarket.pages.guard import error_text, gate
from vamarket.services import profiles
from vamarket.services.profile_rules import MAX_PHOTO_BYTES
from vamarket.state.base import AppState

PHOTO_UPLOAD_ID = "photo-upload"


def _money_text(amount_minor: int, currency: str) -> str:
    """A stored rate as the plain number a person would type ("12.50", "150000")."""
    if amount_minor == 0:
        return ""
    digits = minor_digits(currency)
    whole, part = divmod(amount_minor, 10**digits) if digits else (amount_minor, 0)
    return f"{whole}.{part:0{digits}d}" if digits else str(whole)


class ProfileEditState(AppState):
    """The form's starting values; the form itself is submitted as a whole."""

    loaded: bool = False
    saving: bool = False
    uploading: bool = False
    error: str = ""
    saved: bool = False
    photo_error: str = ""
    # VA section
    va_headline: str = ""
    va_bio: str = ""
    va_rate: str = ""
    va_currency: str = "USD"
    va_hours: str = ""
    va_timezone: str = "UTC"
    va_languages: str = ""
    va_links: str = ""
    va_tags: str = ""
    va_photo: str = ""
    va_skills: list[str] = []
    va_categories: list[str] = []
    skill_options: list[dict[str, str]] = []
    category_options: list[str] = []
    # client section
    cl_name: str = ""
    cl_company: str = ""
    cl_country: str = ""

    @rx.event
    def load(self):
        """Signed-in, onboarded users only; read their own profile into the form."""
        self.loaded, self.saving, self.error, self.saved, self.photo_error = False, False, "", False, ""
        with session_scope() as session:
            user = self._actor(session)
            self._apply_user(user)
            redirect = gate(self, user)
            if redirect is not None:
                return redirect
            if user.is_va:
                self._read_va(session, user)
            if user.is_client:
                client = profiles.own_client_profile(session, actor=user)
                self.cl_name, self.cl_company, self.cl_country = (
                    client.name, client.company, client.country)
        self.loaded = True
        return None

    def _read_va(self, session, user) -> None:
        va = profiles.own_va_profile(session, actor=user)
        self.va_headline, self.va_bio = va.headline, va.bio
        self.va_currency = va.rate_currency
        self.va_rate = _money_text(va.hourly_rate_minor, va.rate_currency)
        self.va_hours = str(va.hours_per_week) if va.hours_per_week else ""
        self.va_timezone, self.va_languages = va.timezone, va.languages.replace(",", ", ")
        self.va_links, self.va_tags = va.portfolio_links, va.free_tags.replace(",", ", ")
        self.va_photo = va.photo_path
        self.va_skills, self.va_categories = profiles.own_skill_slugs(session, actor=user)
        self.skill_options = [{"slug": o.slug, "category": o.category}
                              for o in profiles.list_skills(session)]
        self.category_options = profiles.list_categories(session)

    @rx.event
    def toggle_skill(self, slug: str):
        """Add or remove a skill of the shared list (checked again on save)."""
        if not isinstance(slug, str):
            return
        if slug in self.va_skills:
            self.va_skills = [s for s in self.va_skills if s != slug]
        elif len(self.va_skills) < 30:
            self.va_skills = [*self.va_skills, slug]
        self.saved = False

    @rx.event
    def toggle_category(self, slug: str):
        """Add or remove a category (checked again on save)."""
        if not isinstance(slug, str):
            return
        if slug in self.va_categories:
            self.va_categories = [c for c in self.va_categories if c != slug]
        elif len(self.va_categories) < 10:
            self.va_categories = [*self.va_categories, slug]
        self.saved = False

    @rx.var
    def rate_preview(self) -> str:
        """The saved rate formatted for the reader's language ("$12.50", "Rp 150.000")."""
        try:
            amount = parse_money(self.va_rate, self.va_currency, "en")
        except InvalidInput:
            return ""
        return format_money(amount, self.va_currency, self.locale)

    @rx.event
    def save(self, form: dict):
        """Save the sections of the roles the user has, in one transaction."""
        self.saving, self.error, self.saved = True, "", False
        yield
        try:
            with session_scope() as session:
                user = self._require_actor(session)
                if user.is_va:
                    self._save_va(session, user, form)
                if user.is_client:
                    profiles.update_client_profile(
                        session, actor=user, name=form.get("cl_name", ""),
                        company=form.get("cl_company", ""), country=form.get("cl_country", ""))
                    client = profiles.own_client_profile(session, actor=user)
                    self.cl_name, self.cl_company, self.cl_country = (
                        client.name, client.company, client.country)
        except ServiceError as err:
            self.error = error_text(self.locale, err)
        else:
            self.saved = True
        self.saving = False

    def _save_va(self, session, user, form: dict) -> None:
        # The rate input is type="number": browsers send it with a dot in every language.
        currency = str(form.get("va_currency", self.va_currency))
        rate_text = str(form.get("va_rate", "")).strip()
        rate = parse_money(rate_text, currency, "en", field="hourly_rate") if rate_text else 0
        hours_text = str(form.get("va_hours", "")).strip()
        if hours_text and not (hours_text.isdigit() and len(hours_text) < 4):
            raise InvalidInput("error.hours_invalid", field="hours_per_week", low=0, high=80)
        profiles.update_va_profile(
            session, actor=user, headline=form.get("va_headline", ""), bio=form.get("va_bio", ""),
            hourly_rate_minor=rate, rate_currency=currency, hours_per_week=int(hours_text or 0),
            timezone=str(form.get("va_timezone", "")).strip(),
            languages=form.get("va_languages", ""), skills=self.va_skills,
            categories=self.va_categories, portfolio_links=form.get("va_links", ""),
            free_tags=form.get("va_tags", ""))
        self._read_va(session, user)

    @rx.event
    async def upload_photo(self, files: list[rx.UploadFile]):
        """Keep the first uploaded image as the photo (type and size checked by the service)."""
        self.photo_error, self.uploading = "", True
        yield
        try:
            if not files:
                raise InvalidInput("error.photo_type", field="photo")
            data = await files[0].read(MAX_PHOTO_BYTES + 1)
            with session_scope() as session:
                user = self._require_actor(session)
                self.va_photo = profiles.store_photo(session, actor=user, data=data)
        except ServiceError as err:
            self.photo_error = error_text(self.locale, err)
        self.uploading = False
        yield rx.clear_selected_files(PHOTO_UPLOAD_ID)

    @rx.event
    def remove_photo(self):
        """Drop the photo."""
        try:
            with session_scope() as session:
                profiles.remove_photo(session, actor=self._require_actor(session))
            self.va_photo = ""
        except ServiceError as err:
            self.photo_error = error_text(self.locale, err)
