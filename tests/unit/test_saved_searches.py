"""Saved searches: owner-only changes, bounds, and one notification per matching new job."""

from __future__ import annotations

import json
import random
import string
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from vamarket.errors import InvalidInput, NotSignedIn, PermissionDenied
from vamarket.models import Category, Job, Notification, SavedSearch
from vamarket.services.saved_searches import (
    MAX_SAVED_SEARCHES,
    QUERY_STRING_MAX,
    delete_saved_search,
    list_saved_searches,
    notify_matching_saved_searches,
    query_of,
    save_search,
)
from vamarket.services.search import JobQuery


def marker() -> str:
    return "zs" + "".join(random.choices(string.ascii_lowercase, k=10))


def publish_job(db, client, *, title: str, category: str = "social_media", **fields) -> Job:
    category_id = db.exec(select(Category.id).where(Category.slug == category)).one()
    job = Job(client_id=client.id, title=title, description=fields.pop("description", "Daily posts"),
              category_id=category_id, budget_type="fixed", currency=fields.pop("currency", "USD"),
              budget_min_minor=40_000, budget_max_minor=40_000, status="open",
              published_at=datetime.now(UTC), **fields)
    db.add(job)
    db.flush()
    return job


def notifications(db, user) -> list[Notification]:
    return list(db.exec(select(Notification).where(Notification.user_id == user.id)).all())


def test_save_list_and_reopen(db, make_user):
    va = make_user(is_va=True)
    query = JobQuery(text="instagram posts", category="social_media", currency="USD", page=4)
    saved = save_search(db, actor=va, query=query)
    assert query_of(saved) == query.changed(page=1)
    assert save_search(db, actor=va, query=query).id == saved.id  # same search, same row
    assert [s.id for s in list_saved_searches(db, actor=va)] == [saved.id]
    with pytest.raises(NotSignedIn):
        save_search(db, actor=None, query=query)


def test_saved_searches_are_bounded(db, make_user):
    va = make_user(is_va=True)
    for i in range(MAX_SAVED_SEARCHES):
        save_search(db, actor=va, query=JobQuery(text=f"word{i}"))
    with pytest.raises(InvalidInput):
        save_search(db, actor=va, query=JobQuery(text="one more"))
    assert len(list_saved_searches(db, actor=va)) == MAX_SAVED_SEARCHES
    long = save_search(db, actor=make_user(), query=JobQuery(text="ü" * 200))
    assert len(long.query_string) <= QUERY_STRING_MAX and query_of(long).text.startswith("ü")


def test_only_the_owner_deletes(db, make_user):
    owner, other = make_user(is_va=True), make_user(is_va=True)
    saved = save_search(db, actor=owner, query=JobQuery(text="canva"))
    with pytest.raises(PermissionDenied):
        delete_saved_search(db, actor=other, saved_search_id=saved.id)
    assert db.get(SavedSearch, saved.id) is not None
    delete_saved_search(db, actor=owner, saved_search_id=saved.id)
    assert list_saved_searches(db, actor=owner) == []


def test_new_job_notifies_matching_searches_once(db, make_user):
    word = marker()
    client = make_user(is_client=True, is_va=True)
    fan, picky, stranger, idle = (make_user(is_va=True) for _ in range(4))
    save_search(db, actor=fan, query=JobQuery(text=word))
    save_search(db, actor=fan, query=JobQuery(text=word, category="social_media"))
    save_search(db, actor=picky, query=JobQuery(text=word, currency="IDR"))
    save_search(db, actor=stranger, query=JobQuery(text=marker()))
    save_search(db, actor=client, query=JobQuery(text=word))  # the job's own client
    idle.status = "suspended"
    db.add(idle)
    save_search(db, actor=idle, query=JobQuery(text=word))

    job = publish_job(db, client, title=f"Instagram {word} manager")
    assert notify_matching_saved_searches(db, job) == 1
    told = notifications(db, fan)
    assert len(told) == 1 and told[0].kind == "saved_search_match"
    assert told[0].link == f"/jobs/{job.id}"
    assert json.loads(told[0].payload)["job_id"] == job.id
    assert json.loads(told[0].payload)["title"] == job.title
    for user in (picky, stranger, client, idle):
        assert notifications(db, user) == []
    assert notify_matching_saved_searches(db, job) == 0  # published again: nobody told twice
    assert len(notifications(db, fan)) == 1


def test_draft_or_hidden_jobs_notify_nobody(db, make_user):
    word = marker()
    client, va = make_user(is_client=True), make_user(is_va=True)
    save_search(db, actor=va, query=JobQuery(text=word))
    hidden = publish_job(db, client, title=f"Hidden {word}", hidden=True)
    assert notify_matching_saved_searches(db, hidden) == 0
    idr = publish_job(db, client, title=f"Rupiah {word}", currency="IDR",
                      description="Kelola akun Instagram")
    assert notify_matching_saved_searches(db, idr) == 1
