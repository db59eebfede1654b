"""Profiles: roles, the VA and client profiles, the public view, and their refusals."""

from __future__ import annotations

import pytest
from sqlmodel import select

from vamarket.errors import InvalidInput, NotFound, PermissionDenied
from vamarket.models import ClientProfile, User, VAProfile, VASkill
from vamarket.services import profiles

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _va_fields(**overrides) -> dict:
    fields = dict(headline="Bookkeeping in Xero", bio="Five years of small-business books.",
                  hourly_rate_minor=1250, rate_currency="USD", hours_per_week=20,
                  timezone="Asia/Jakarta", languages="en, id", skills=["xero", "invoicing"],
                  categories=["bookkeeping"], portfolio_links="https://example.com/work",
                  free_tags="Jurnal.id, Accurate")
    fields.update(overrides)
    return fields


def test_reference_lists_come_from_the_migration(db):
    categories = profiles.list_categories(db)
    skills = profiles.list_skills(db)
    assert "admin_support" in categories and "bookkeeping" in categories
    assert len(skills) >= 40
    assert all(s.category in categories for s in skills)


def test_choose_roles_needs_at_least_one(db, make_user):
    user = make_user(onboarded=False)
    with pytest.raises(InvalidInput):
        profiles.choose_roles(db, actor=user, client=False, va=False)
    with pytest.raises(InvalidInput):
        profiles.choose_roles(db, actor=user, client="yes", va=1)  # type: ignore[arg-type]
    assert not user.onboarded
    profiles.choose_roles(db, actor=user, client=True, va=True)
    assert user.onboarded and user.is_client and user.is_va
    assert db.get(VAProfile, user.id) is not None and db.get(ClientProfile, user.id) is not None


def test_choose_roles_twice_is_harmless(db, make_user):
    user = make_user(onboarded=False)
    profiles.choose_roles(db, actor=user, client=False, va=True)
    profiles.choose_roles(db, actor=user, client=False, va=True)
    assert db.exec(select(VAProfile).where(VAProfile.user_id == user.id)).all()


def test_va_profile_saved_and_normalized(db, make_user):
    user = make_user(is_va=True)
    profile = profiles.update_va_profile(db, actor=user, **_va_fields())
    assert profile.hourly_rate_minor == 1250 and profile.languages == "en,id"
    assert profile.free_tags == "Jurnal.id,Accurate"
    skills, categories = profiles.own_skill_slugs(db, actor=user)
    assert skills == ["invoicing", "xero"] and categories == ["bookkeeping"]
    profiles.update_va_profile(db, actor=user, **_va_fields(skills=["payroll"]))
    assert profiles.own_skill_slugs(db, actor=user)[0] == ["payroll"]


@pytest.mark.parametrize("overrides", [
    dict(headline="x" * 121),
    dict(bio="x" * 4001),
    dict(hourly_rate_minor=-1),
    dict(hourly_rate_minor=12.5),
    dict(hourly_rate_minor=True),
    dict(hourly_rate_minor="1250"),
    dict(rate_currency="EUR"),
    dict(hours_per_week=81),
    dict(hours_per_week=-1),
    dict(timezone="Mars/Olympus"),
    dict(languages="en, klingon"),
    dict(portfolio_links="javascript:alert(1)"),
    dict(portfolio_links="ftp://example.com/x"),
    dict(portfolio_links="\n".join(f"https://e.com/{i}" for i in range(11))),
    dict(skills=["not_a_skill"]),
    dict(skills=["xero"] * 1 + [f"s{i}" for i in range(40)]),
    dict(categories=["xero"]),
    dict(free_tags=",".join(f"t{i}" for i in range(11))),
    dict(free_tags="x" * 31),
    dict(headline={"$gt": ""}),
])
def test_va_profile_bounds(db, make_user, overrides):
    user = make_user(is_va=True)
    profiles.update_va_profile(db, actor=user, **_va_fields())
    with pytest.raises(InvalidInput):
        profiles.update_va_profile(db, actor=user, **_va_fields(**overrides))
    db.refresh(db.get(VAProfile, user.id))
    assert db.get(VAProfile, user.id).headline == "Bookkeeping in Xero"


def test_rate_bounds_accept_zero_and_idr(db, make_user):
    user = make_user(is_va=True)
    profile = profiles.update_va_profile(db, actor=user, **_va_fields(
        hourly_rate_minor=0, rate_currency="IDR", hours_per_week=80))
    assert (profile.hourly_rate_minor, profile.rate_currency, profile.hours_per_week) == (0, "IDR", 80)


def test_only_vas_edit_a_va_profile_and_only_clients_a_client_profile(db, make_user):
    client = make_user(is_client=True)
    va = make_user(is_va=True)
    with pytest.raises(PermissionDenied):
        profiles.update_va_profile(db, actor=client, **_va_fields())
    with pytest.raises(PermissionDenied):
        profiles.update_client_profile(db, actor=va, name="X", company="", country="")
    assert db.get(VAProfile, client.id) is None


def test_client_profile_country_code(db, make_user):
    user = make_user(is_client=True)
    profile = profiles.update_client_profile(db, actor=user, name="Sari", company="Toko", country="id")
    assert profile.country == "ID"
    for bad in ("XX", "IDN", "Indonesia", 5):
        with pytest.raises(InvalidInput):
            profiles.update_client_profile(db, actor=user, name="Sari", company="", country=bad)


def test_public_profile_never_shows_email(db, make_user):
    user = make_user(is_va=True, email="private@example.com")
    profiles.update_va_profile(db, actor=user, **_va_fields())
    view = profiles.public_profile(db, user_id=user.id)
    assert view.headline == "Bookkeeping in Xero" and view.skills == ["invoicing", "xero"]
    assert "private@example.com" not in repr(view)
    assert not hasattr(view, "email")


def test_public_profile_hides_deleted_and_unknown(db, make_user):
    gone = make_user(is_va=True, status="deleted")
    for user_id in (gone.id, 10**9, "1", True):
        with pytest.raises(NotFound):
            profiles.public_profile(db, user_id=user_id)


def test_photo_kept_under_generated_name(db, make_user, tmp_path, monkeypatch):
    from vamarket.services import profiles as module

    monkeypatch.setattr(module, "get_settings", lambda: type("S", (), {"upload_dir": tmp_path})())
    user = make_user(is_va=True)
    path = profiles.store_photo(db, actor=user, data=PNG)
    assert path.startswith(f"photos/va{user.id}-") and path.endswith(".png")
    assert (tmp_path / path).read_bytes() == PNG
    second = profiles.store_photo(db, actor=user, data=PNG)
    assert not (tmp_path / path).exists() and (tmp_path / second).exists()
    for bad in (b"<svg onload=alert(1)>", b"GIF89a" + b"\x00" * (3 * 1024 * 1024), b""):
        with pytest.raises(InvalidInput):
            profiles.store_photo(db, actor=user, data=bad)
    profiles.remove_photo(db, actor=user)
    assert not (tmp_path / second).exists()


def test_a_crafted_call_cannot_touch_someone_elses_profile(db, make_user):
    """Services only ever act on the actor: there is no argument naming another user."""
    me = make_user(is_va=True)
    other = make_user(is_va=True)
    profiles.update_va_profile(db, actor=other, **_va_fields(headline="Theirs"))
    with pytest.raises(TypeError):
        profiles.update_va_profile(db, actor=me, user_id=other.id, **_va_fields())  # type: ignore[call-arg]
    assert db.get(VAProfile, other.id).headline == "Theirs"
    assert not db.exec(select(VASkill).where(VASkill.user_id == me.id)).all()
    assert db.get(User, other.id).is_va
