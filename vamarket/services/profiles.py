"""Profiles: choosing roles, editing the VA and client profiles, the public view of a person.

Every function names its actor; only the actor's own profile can be changed. Field rules live
in `profile_rules` so they can be read (and tested) in one place.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from sqlmodel import Session, select

from vamarket.errors import InvalidInput, NotFound, PermissionDenied
from vamarket.models import (
    Agency,
    AgencyMember,
    Category,
    ClientProfile,
    Skill,
    User,
    VACategory,
    VAProfile,
    VASkill,
)
from vamarket.models.base import utcnow
from vamarket.services import audit
from vamarket.services import profile_rules as rules
from vamarket.settings import get_settings

PHOTO_DIR = "photos"


@dataclass(frozen=True)
class SkillOption:
    """One entry of the shared skill list."""

    slug: str
    category: str


@dataclass
class PublicProfile:
    """What anyone may see of a person: never the email or other private data."""

    user_id: int
    display_name: str
    is_va: bool
    is_client: bool
    headline: str = ""
    bio: str = ""
    photo_path: str = ""
    hourly_rate_minor: int = 0
    rate_currency: str = "USD"
    languages: list[str] = field(default_factory=list)
    timezone: str = ""
    hours_per_week: int = 0
    portfolio_links: list[str] = field(default_factory=list)
    free_tags: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    company: str = ""
    country: str = ""
    agency_name: str = ""
    agency_slug: str = ""


def list_categories(session: Session) -> list[str]:
    """Every category slug of the shared list, sorted."""
    return sorted(session.exec(select(Category.slug)).all())


def list_skills(session: Session) -> list[SkillOption]:
    """Every skill of the shared list with its category slug, grouped by category."""
    rows = session.exec(select(Skill.slug, Category.slug).join(
        Category, Skill.category_id == Category.id, isouter=True)).all()  # type: ignore[arg-type]
    return sorted((SkillOption(s, c or "") for s, c in rows), key=lambda o: (o.category, o.slug))


def choose_roles(session: Session, *, actor: User, client: bool, va: bool) -> User:
    """Set the actor's roles (at least one) and mark onboarding done; creates empty profiles."""
    if not isinstance(client, bool) or not isinstance(va, bool):
        raise InvalidInput("error.roles_required", field="roles")
    if not (client or va):
        raise InvalidInput("error.roles_required", field="roles")
    actor.is_client, actor.is_va, actor.onboarded = client, va, True
    session.add(actor)
    if client and session.get(ClientProfile, actor.id) is None:
        session.add(ClientProfile(user_id=actor.id, name=actor.display_name[:120]))
    if va and session.get(VAProfile, actor.id) is None:
        session.add(VAProfile(user_id=actor.id, rate_currency=actor.currency))
    session.flush()
    audit.record(session, actor_id=actor.id, action="roles_chosen", object_type="user",
                 object_id=actor.id, client=client, va=va)
    return actor


def own_va_profile(session: Session, *, actor: User) -> VAProfile:
    """The actor's VA profile (created empty on first use); refused if they are not a VA."""
    if not actor.is_va:
        raise PermissionDenied("error.not_a_va")
    profile = session.get(VAProfile, actor.id)
    if profile is None:
        profile = VAProfile(user_id=actor.id, rate_currency=actor.currency)
        session.add(profile)
        session.flush()
    return profile


def own_client_profile(session: Session, *, actor: User) -> ClientProfile:
    """The actor's client profile (created empty on first use); refused if not a client."""
    if not actor.is_client:
        raise PermissionDenied("error.not_a_client")
    profile = session.get(ClientProfile, actor.id)
    if profile is None:
        profile = ClientProfile(user_id=actor.id)
        session.add(profile)
        session.flush()
    return profile


def own_skill_slugs(session: Session, *, actor: User) -> tuple[list[str], list[str]]:
    """The actor's chosen (skill slugs, category slugs)."""
    skills = session.exec(select(Skill.slug).join(VASkill, VASkill.skill_id == Skill.id)
                          .where(VASkill.user_id == actor.id)).all()
    cats = session.exec(select(Category.slug).join(VACategory, VACategory.category_id == Category.id)
                        .where(VACategory.user_id == actor.id)).all()
    return sorted(skills), sorted(cats)


def update_va_profile(  # noqa: PLR0913 - one argument per form field
    session: Session, *, actor: User, headline: str, bio: str, hourly_rate_minor: int,
    rate_currency: str, hours_per_week: int, timezone: str, languages: list[str] | str = "",
    skills: list[str] | None = None, categories: list[str] | None = None,
    portfolio_links: list[str] | str = "", free_tags: list[str] | str = "",
) -> VAProfile:
    """Validate and save every field of the actor's own VA profile."""
    profile = own_va_profile(session, actor=actor)
    values = dict(
        headline=rules.text(headline, "headline", 120),
        bio=rules.text(bio, "bio", 4000, multiline=True),
        hourly_rate_minor=rules.rate(hourly_rate_minor),
        rate_currency=rules.currency(rate_currency),
        hours_per_week=rules.hours(hours_per_week),
        timezone=rules.timezone(timezone),
        languages=",".join(rules.languages(languages)),
        portfolio_links="\n".join(rules.links(portfolio_links)),
        free_tags=",".join(rules.tags(free_tags)),
    )
    skill_ids = _ids_for(session, Skill, rules.slugs(skills, "skills", 30))
    category_ids = _ids_for(session, Category, rules.slugs(categories, "categories", 10))
    for name, value in values.items():
        setattr(profile, name, value)
    profile.updated_at = utcnow()
    session.add(profile)
    _replace_links(session, VASkill, "skill_id", actor.id, skill_ids)
    _replace_links(session, VACategory, "category_id", actor.id, category_ids)
    session.flush()
    audit.record(session, actor_id=actor.id, action="va_profile_updated", object_type="user",
                 object_id=actor.id)
    return profile


def update_client_profile(session: Session, *, actor: User, name: str, company: str,
                          country: str) -> ClientProfile:
    """Validate and save the actor's own client profile (country: ISO 3166 alpha-2 or empty)."""
    profile = own_client_profile(session, actor=actor)
    profile.name = rules.text(name, "name", 120)
    profile.company = rules.text(company, "company", 160)
    profile.country = rules.country(country)
    profile.updated_at = utcnow()
    session.add(profile)
    session.flush()
    return profile


def store_photo(session: Session, *, actor: User, data: bytes) -> str:
    """Check an uploaded image and keep it as the actor's photo under a generated name.

    Returns the path relative to the upload directory (for `rx.get_upload_url`).
    """
    profile = own_va_profile(session, actor=actor)
    ext = rules.image_extension(data)
    folder = get_settings().upload_dir / PHOTO_DIR
    folder.mkdir(parents=True, exist_ok=True)
    name = f"va{actor.id}-{secrets.token_hex(12)}.{ext}"
    (folder / name).write_bytes(data)
    delete_photo_file(profile.photo_path)
    profile.photo_path = f"{PHOTO_DIR}/{name}"
    session.add(profile)
    session.flush()
    return profile.photo_path


def remove_photo(session: Session, *, actor: User) -> None:
    """Drop the actor's photo (file and reference)."""
    profile = own_va_profile(session, actor=actor)
    delete_photo_file(profile.photo_path)
    profile.photo_path = ""
    session.add(profile)


def public_profile(session: Session, *, user_id: int) -> PublicProfile:
    """What anyone may see of an active user; NotFound for unknown or deleted accounts."""
    if not isinstance(user_id, int) or isinstance(user_id, bool):
        raise NotFound()
    user = session.get(User, user_id)
    if user is None or user.status != "active" or not user.onboarded:
        raise NotFound()
    view = PublicProfile(user_id=user_id, display_name=user.display_name, is_va=user.is_va,
                         is_client=user.is_client)
    va = session.get(VAProfile, user_id) if user.is_va else None
    if va is not None:
        view.headline, view.bio, view.photo_path = va.headline, va.bio, va.photo_path
        view.hourly_rate_minor, view.rate_currency = va.hourly_rate_minor, va.rate_currency
        view.timezone, view.hours_per_week = va.timezone, va.hours_per_week
        view.languages = rules.split(va.languages, ",")
        view.portfolio_links = rules.split(va.portfolio_links, "\n")
        view.free_tags = rules.split(va.free_tags, ",")
        view.skills, view.categories = own_skill_slugs(session, actor=user)
    client = session.get(ClientProfile, user_id) if user.is_client else None
    if client is not None:
        view.company, view.country = client.company, client.country
    agency = session.exec(select(Agency).join(AgencyMember, AgencyMember.agency_id == Agency.id)
                          .where(AgencyMember.user_id == user_id)).first()
    if agency is not None:
        view.agency_name, view.agency_slug = agency.name, agency.slug
    return view


def _ids_for(session: Session, model: type[Skill] | type[Category], slugs: list[str]) -> list[int]:
    if not slugs:
        return []
    rows = session.exec(select(model).where(model.slug.in_(slugs))).all()  # type: ignore[attr-defined]
    if len(rows) != len(slugs):
        raise InvalidInput("error.unknown_skill", field=model.__tablename__)
    return [row.id for row in rows if row.id is not None]


def _replace_links(session: Session, model, column: str, user_id: int, ids: list[int]) -> None:
    current = {getattr(row, column): row for row in
               session.exec(select(model).where(model.user_id == user_id)).all()}
    for key, row in current.items():
        if key not in ids:
            session.delete(row)
    for key in ids:
        if key not in current:
            session.add(model(user_id=user_id, **{column: key}))


def delete_photo_file(photo_path: str) -> None:
    """Delete a stored photo file named by a profile's `photo_path` (only inside the photo folder)."""
    if not photo_path.startswith(f"{PHOTO_DIR}/"):
        return
    path = get_settings().upload_dir / photo_path
    if path.parent.name == PHOTO_DIR and path.is_file():
        path.unlink()
