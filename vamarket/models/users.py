"""People and how they sign in: users, identities, sessions, profiles, agencies."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from vamarket.models.base import utcnow


class User(SQLModel, table=True):
    """An account. Roles are flags: one person may be both client and VA."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("locale IN ('en', 'id')", name="ck_users_locale"),
        CheckConstraint("currency IN ('USD', 'IDR')", name="ck_users_currency"),
        CheckConstraint("status IN ('active', 'suspended', 'deleted')", name="ck_users_status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    email: str | None = Field(default=None, max_length=320, index=True, unique=True)
    email_verified: bool = False
    display_name: str = Field(default="", max_length=120)
    is_client: bool = False
    is_va: bool = False
    onboarded: bool = False
    locale: str = Field(default="en", max_length=5)
    currency: str = Field(default="USD", max_length=3)
    status: str = Field(default="active", max_length=16)
    created_at: datetime = Field(default_factory=utcnow)
    deleted_at: datetime | None = None


class Identity(SQLModel, table=True):
    """A sign-in identity, keyed by (issuer, subject) and never by email."""

    __tablename__ = "identities"
    __table_args__ = (UniqueConstraint("issuer", "subject", name="uq_identities_issuer_subject"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    provider: str = Field(max_length=64)
    issuer: str = Field(max_length=400)
    subject: str = Field(max_length=255)
    email: str | None = Field(default=None, max_length=320)
    email_verified: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    last_used_at: datetime = Field(default_factory=utcnow)


class AuthSession(SQLModel, table=True):
    """A server-side sign-in session; only the SHA-256 of its token is stored."""

    __tablename__ = "sessions"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    revoked_at: datetime | None = None
    user_agent: str = Field(default="", max_length=300)


class ClientProfile(SQLModel, table=True):
    """What a client shows of themselves."""

    __tablename__ = "client_profiles"

    user_id: int = Field(foreign_key="users.id", primary_key=True, ondelete="CASCADE")
    name: str = Field(default="", max_length=120)
    company: str = Field(default="", max_length=160)
    country: str = Field(default="", max_length=2)
    updated_at: datetime = Field(default_factory=utcnow)


class VAProfile(SQLModel, table=True):
    """A virtual assistant's public profile."""

    __tablename__ = "va_profiles"
    __table_args__ = (
        CheckConstraint("hourly_rate_minor >= 0", name="ck_va_rate_nonneg"),
        CheckConstraint("rate_currency IN ('USD', 'IDR')", name="ck_va_rate_currency"),
        CheckConstraint("hours_per_week BETWEEN 0 AND 80", name="ck_va_hours"),
    )

    user_id: int = Field(foreign_key="users.id", primary_key=True, ondelete="CASCADE")
    headline: str = Field(default="", max_length=120)
    bio: str = Field(default="", max_length=4000)
    photo_path: str = Field(default="", max_length=255)
    hourly_rate_minor: int = 0
    rate_currency: str = Field(default="USD", max_length=3)
    languages: str = Field(default="", max_length=200)  # comma-separated language codes
    timezone: str = Field(default="UTC", max_length=64)
    hours_per_week: int = 0
    portfolio_links: str = Field(default="", max_length=2000)  # newline-separated URLs
    free_tags: str = Field(default="", max_length=500)  # comma-separated
    updated_at: datetime = Field(default_factory=utcnow)


class Category(SQLModel, table=True):
    """A kind of VA work (admin support, social media, bookkeeping...)."""

    __tablename__ = "categories"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=64, unique=True)


class Skill(SQLModel, table=True):
    """One entry of the shared skill list."""

    __tablename__ = "skills"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=64, unique=True)
    category_id: int | None = Field(default=None, foreign_key="categories.id")


class VASkill(SQLModel, table=True):
    """A VA's skill from the shared list."""

    __tablename__ = "va_skills"

    user_id: int = Field(foreign_key="users.id", primary_key=True, ondelete="CASCADE")
    skill_id: int = Field(foreign_key="skills.id", primary_key=True)


class VACategory(SQLModel, table=True):
    """A category a VA works in."""

    __tablename__ = "va_categories"

    user_id: int = Field(foreign_key="users.id", primary_key=True, ondelete="CASCADE")
    category_id: int = Field(foreign_key="categories.id", primary_key=True)


class Agency(SQLModel, table=True):
    """A VA agency: an owner with member VAs, who can quote for a member."""

    __tablename__ = "agencies"

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="users.id", index=True)
    name: str = Field(max_length=120)
    slug: str = Field(max_length=80, unique=True)
    description: str = Field(default="", max_length=4000)
    created_at: datetime = Field(default_factory=utcnow)


class AgencyMember(SQLModel, table=True):
    """A VA belonging to an agency; a VA belongs to at most one agency."""

    __tablename__ = "agency_members"
    __table_args__ = (UniqueConstraint("user_id", name="uq_agency_members_user"),)

    agency_id: int = Field(foreign_key="agencies.id", primary_key=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="users.id", primary_key=True, ondelete="CASCADE")
    joined_at: datetime = Field(default_factory=utcnow)
