"""The demo data loads once and repeating it changes nothing."""

from sqlmodel import func, select

from vamarket.demo.people import DEMO_PEOPLE
from vamarket.demo.seed import seed_demo
from vamarket.models import Agency, Job, User


def test_seed_is_idempotent(db):
    assert seed_demo(db) is True
    counts = (db.exec(select(func.count()).select_from(User)).one(),
              db.exec(select(func.count()).select_from(Job)).one())
    assert seed_demo(db) is False
    assert (db.exec(select(func.count()).select_from(User)).one(),
            db.exec(select(func.count()).select_from(Job)).one()) == counts
    emails = set(db.exec(select(User.email)).all())
    assert {p.email for p in DEMO_PEOPLE} <= emails
    jobs = db.exec(select(Job)).all()
    assert len({j.category_id for j in jobs}) >= 3
    assert {j.budget_type for j in jobs} == {"fixed", "hourly"}
    assert db.exec(select(Agency)).one().slug == "bandung-virtual-team"
