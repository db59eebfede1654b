"""VA agencies: an owner (a VA) with member VAs; the owner may quote for a member.

A VA belongs to at most one agency (the owner is a member of their own). Only the owner edits
the agency and its members; a member may leave.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, func, select

from vamarket.errors import InvalidInput, InvalidTransition, NotFound, PermissionDenied
from vamarket.models import Agency, AgencyMember, User, VAProfile
from vamarket.services import audit
from vamarket.services import profile_rules as rules


@dataclass(frozen=True)
class MemberView:
    """A member as others see them: id, name, headline; never the email."""

    user_id: int
    display_name: str
    headline: str
    is_owner: bool


@dataclass
class AgencyView:
    """An agency with its members, safe to show to anyone."""

    agency_id: int
    name: str
    slug: str
    description: str
    owner_id: int
    members: list[MemberView] = field(default_factory=list)


def agency_of(session: Session, user_id: int) -> Agency | None:
    """The agency `user_id` belongs to, or None."""
    return session.exec(select(Agency).join(AgencyMember, AgencyMember.agency_id == Agency.id)
                        .where(AgencyMember.user_id == user_id)).first()


def _owned(session: Session, actor: User, agency_id: object) -> Agency:
    if isinstance(agency_id, bool) or not isinstance(agency_id, int):
        raise NotFound()
    agency = session.get(Agency, agency_id)
    if agency is None:
        raise NotFound()
    if agency.owner_id != actor.id:
        raise PermissionDenied()
    return agency


def _require_free_slug(session: Session, slug: str, agency_id: int | None = None) -> None:
    taken = session.exec(select(Agency).where(func.lower(Agency.slug) == slug)).first()
    if taken is not None and taken.id != agency_id:
        raise InvalidInput("error.slug_taken", field="slug")


def create_agency(session: Session, *, actor: User, name: str, slug: str,
                  description: str = "") -> Agency:
    """Create an agency owned by the actor, who must be a VA in no agency yet."""
    if not actor.is_va:
        raise PermissionDenied("error.not_a_va")
    if agency_of(session, actor.id) is not None:
        raise InvalidTransition("error.already_in_agency")
    clean_name = rules.required_text(name, "name", 120)
    clean_slug = rules.agency_slug(slug)
    clean_description = rules.text(description, "description", 4000, multiline=True)
    _require_free_slug(session, clean_slug)
    agency = Agency(owner_id=actor.id, name=clean_name, slug=clean_slug,
                    description=clean_description)
    session.add(agency)
    session.flush()
    session.add(AgencyMember(agency_id=agency.id, user_id=actor.id))
    session.flush()
    audit.record(session, actor_id=actor.id, action="agency_created", object_type="agency",
                 object_id=agency.id)
    return agency


def update_agency(session: Session, *, actor: User, agency_id: int, name: str, slug: str,
                  description: str = "") -> Agency:
    """Change an agency's name, address and description (owner only)."""
    agency = _owned(session, actor, agency_id)
    clean_name = rules.required_text(name, "name", 120)
    clean_slug = rules.agency_slug(slug)
    clean_description = rules.text(description, "description", 4000, multiline=True)
    _require_free_slug(session, clean_slug, agency.id)
    agency.name, agency.slug, agency.description = clean_name, clean_slug, clean_description
    session.add(agency)
    session.flush()
    audit.record(session, actor_id=actor.id, action="agency_updated", object_type="agency",
                 object_id=agency.id)
    return agency


def _find_va(session: Session, who: object) -> User:
    """A VA named by user id (int or digits) or by email; NotFound otherwise."""
    user: User | None = None
    if isinstance(who, int) and not isinstance(who, bool):
        user = session.get(User, who)
    elif isinstance(who, str) and who.strip().isdigit() and len(who.strip()) < 12:
        user = session.get(User, int(who.strip()))
    elif isinstance(who, str) and "@" in who and len(who) <= 320:
        user = session.exec(select(User).where(func.lower(User.email) == who.strip().lower())).first()
    if user is None or user.status != "active" or not user.is_va:
        raise NotFound("error.member_not_found")
    return user


def add_member(session: Session, *, actor: User, agency_id: int, who: int | str) -> User:
    """Add a VA (by user id or email) to the actor's agency; the VA must be in no agency."""
    agency = _owned(session, actor, agency_id)
    member = _find_va(session, who)
    current = agency_of(session, member.id)
    if current is not None:
        if current.id == agency.id:
            return member  # already a member: adding twice changes nothing
        raise InvalidTransition("error.member_in_other_agency")
    session.add(AgencyMember(agency_id=agency.id, user_id=member.id))
    session.flush()
    audit.record(session, actor_id=actor.id, action="agency_member_added", object_type="agency",
                 object_id=agency.id, member_id=member.id)
    return member


def remove_member(session: Session, *, actor: User, agency_id: int, user_id: int) -> None:
    """Remove a member from the actor's agency (not the owner)."""
    agency = _owned(session, actor, agency_id)
    if user_id == agency.owner_id:
        raise InvalidTransition("error.owner_cannot_leave")
    row = session.get(AgencyMember, (agency.id, user_id)) if isinstance(user_id, int) else None
    if row is None:
        raise NotFound()
    session.delete(row)
    session.flush()
    audit.record(session, actor_id=actor.id, action="agency_member_removed", object_type="agency",
                 object_id=agency.id, member_id=user_id)


def leave_agency(session: Session, *, actor: User) -> None:
    """The actor leaves their agency; an owner cannot leave their own."""
    agency = agency_of(session, actor.id)
    if agency is None:
        raise NotFound("error.not_in_agency")
    if agency.owner_id == actor.id:
        raise InvalidTransition("error.owner_cannot_leave")
    row = session.get(AgencyMember, (agency.id, actor.id))
    session.delete(row)
    session.flush()
    audit.record(session, actor_id=actor.id, action="agency_left", object_type="agency",
                 object_id=agency.id)


def can_quote_for(session: Session, actor: User | None, va_id: int) -> bool:
    """True when `actor` may send a quote on behalf of VA `va_id`: themselves or their agency owner."""
    if actor is None or actor.status != "active" or not actor.is_va:
        return False
    if actor.id == va_id:
        return True
    agency = agency_of(session, va_id)
    return agency is not None and agency.owner_id == actor.id


def _view(session: Session, agency: Agency) -> AgencyView:
    rows = session.exec(
        select(User.id, User.display_name, VAProfile.headline)
        .join(AgencyMember, AgencyMember.user_id == User.id)
        .join(VAProfile, VAProfile.user_id == User.id, isouter=True)
        .where(AgencyMember.agency_id == agency.id, User.status == "active")
        .order_by(AgencyMember.joined_at, User.id)).all()
    members = [MemberView(uid, name, headline or "", uid == agency.owner_id)
               for uid, name, headline in rows]
    return AgencyView(agency.id or 0, agency.name, agency.slug, agency.description,
                      agency.owner_id, members)


def public_agency(session: Session, *, slug: str) -> AgencyView:
    """An agency by its address, as anyone may see it; NotFound when missing or orphaned."""
    if not isinstance(slug, str) or len(slug) > 80:
        raise NotFound()
    agency = session.exec(select(Agency).where(Agency.slug == slug.lower())).first()
    owner = session.get(User, agency.owner_id) if agency else None
    if agency is None or owner is None or owner.status != "active":
        raise NotFound()
    return _view(session, agency)


def my_agency(session: Session, *, actor: User) -> AgencyView | None:
    """The agency the actor belongs to (owned or joined), or None."""
    agency = agency_of(session, actor.id)
    return _view(session, agency) if agency else None
