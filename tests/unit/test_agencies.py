"""Agencies: ownership, membership rules, quoting rights and the public view."""

from __future__ import annotations

import pytest
from sqlmodel import select

from vamarket.errors import InvalidInput, InvalidTransition, NotFound, PermissionDenied
from vamarket.models import Agency, AgencyMember
from vamarket.services import agencies


@pytest.fixture
def owner(make_user):
    return make_user(is_va=True, display_name="Andi")


@pytest.fixture
def agency(db, owner):
    return agencies.create_agency(db, actor=owner, name="Bandung Team", slug="bandung-team",
                                  description="We do admin.")


def _members(db, agency_id: int) -> set[int]:
    return set(db.exec(select(AgencyMember.user_id).where(AgencyMember.agency_id == agency_id)).all())


def test_owner_is_a_member_and_must_be_a_va(db, make_user, agency, owner):
    assert _members(db, agency.id) == {owner.id}
    client = make_user(is_client=True)
    with pytest.raises(PermissionDenied):
        agencies.create_agency(db, actor=client, name="C", slug="client-co")
    with pytest.raises(InvalidTransition):
        agencies.create_agency(db, actor=owner, name="Second", slug="second-one")


def test_slug_rules(db, make_user, agency):
    other = make_user(is_va=True)
    with pytest.raises(InvalidInput):
        agencies.create_agency(db, actor=other, name="X", slug="bandung-team")
    with pytest.raises(InvalidInput):
        agencies.create_agency(db, actor=other, name="X", slug="BANDUNG-TEAM")
    for bad in ("ab", "-bad", "has space", "a/b", "x" * 61, None):
        with pytest.raises(InvalidInput):
            agencies.create_agency(db, actor=other, name="X", slug=bad)
    with pytest.raises(InvalidInput):
        agencies.create_agency(db, actor=other, name="", slug="fine-slug")


def test_only_the_owner_edits(db, make_user, agency, owner):
    intruder = make_user(is_va=True)
    with pytest.raises(PermissionDenied):
        agencies.update_agency(db, actor=intruder, agency_id=agency.id, name="Mine", slug="mine")
    db.refresh(agency)
    assert agency.name == "Bandung Team"
    agencies.update_agency(db, actor=owner, agency_id=agency.id, name="Renamed", slug="bandung-team")
    assert agency.name == "Renamed"


def test_add_member_by_id_or_email(db, make_user, agency, owner):
    by_id = make_user(is_va=True)
    by_email = make_user(is_va=True, email="Rina@Example.com")
    agencies.add_member(db, actor=owner, agency_id=agency.id, who=str(by_id.id))
    agencies.add_member(db, actor=owner, agency_id=agency.id, who="rina@example.com")
    agencies.add_member(db, actor=owner, agency_id=agency.id, who=by_id.id)  # twice: no change
    assert _members(db, agency.id) == {owner.id, by_id.id, by_email.id}


def test_add_member_refusals(db, make_user, agency, owner):
    client = make_user(is_client=True)
    with pytest.raises(NotFound):
        agencies.add_member(db, actor=owner, agency_id=agency.id, who=client.id)
    with pytest.raises(NotFound):
        agencies.add_member(db, actor=owner, agency_id=agency.id, who="nobody@example.com")
    rival_owner = make_user(is_va=True)
    rival = agencies.create_agency(db, actor=rival_owner, name="Rival", slug="rival")
    va = make_user(is_va=True)
    agencies.add_member(db, actor=rival_owner, agency_id=rival.id, who=va.id)
    with pytest.raises(InvalidTransition):
        agencies.add_member(db, actor=owner, agency_id=agency.id, who=va.id)
    # a crafted call naming the rival's agency is refused and changes nothing
    newcomer = make_user(is_va=True)
    with pytest.raises(PermissionDenied):
        agencies.add_member(db, actor=owner, agency_id=rival.id, who=newcomer.id)
    with pytest.raises(PermissionDenied):
        agencies.remove_member(db, actor=owner, agency_id=rival.id, user_id=va.id)
    with pytest.raises(NotFound):
        agencies.remove_member(db, actor=owner, agency_id=agency.id, user_id=va.id)
    with pytest.raises(NotFound):
        agencies.update_agency(db, actor=owner, agency_id="1", name="x", slug="xyz")
    assert _members(db, rival.id) == {rival_owner.id, va.id}


def test_remove_and_leave(db, make_user, agency, owner):
    a, b = make_user(is_va=True), make_user(is_va=True)
    for va in (a, b):
        agencies.add_member(db, actor=owner, agency_id=agency.id, who=va.id)
    agencies.remove_member(db, actor=owner, agency_id=agency.id, user_id=a.id)
    agencies.leave_agency(db, actor=b)
    assert _members(db, agency.id) == {owner.id}
    with pytest.raises(InvalidTransition):
        agencies.leave_agency(db, actor=owner)
    with pytest.raises(InvalidTransition):
        agencies.remove_member(db, actor=owner, agency_id=agency.id, user_id=owner.id)
    with pytest.raises(NotFound):
        agencies.leave_agency(db, actor=a)


def test_can_quote_for(db, make_user, agency, owner):
    member, outsider = make_user(is_va=True), make_user(is_va=True)
    agencies.add_member(db, actor=owner, agency_id=agency.id, who=member.id)
    assert agencies.can_quote_for(db, member, member.id)
    assert agencies.can_quote_for(db, owner, member.id)
    assert not agencies.can_quote_for(db, member, owner.id)
    assert not agencies.can_quote_for(db, outsider, member.id)
    assert not agencies.can_quote_for(db, None, member.id)
    client = make_user(is_client=True)
    assert not agencies.can_quote_for(db, client, client.id)


def test_public_agency_shows_names_not_emails(db, make_user, agency, owner):
    member = make_user(is_va=True, email="secret@example.com", display_name="Rina")
    agencies.add_member(db, actor=owner, agency_id=agency.id, who=member.id)
    view = agencies.public_agency(db, slug="bandung-team")
    assert {m.display_name for m in view.members} == {"Andi", "Rina"}
    assert "secret@example.com" not in repr(view)
    with pytest.raises(NotFound):
        agencies.public_agency(db, slug="nope")
    owner.status = "deleted"
    with pytest.raises(NotFound):
        agencies.public_agency(db, slug="bandung-team")
    assert db.get(Agency, agency.id) is not None
