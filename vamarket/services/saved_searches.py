"""Saved job searches and the notification sent when a newly published job matches one."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, urlencode

from sqlmodel import Session, col, func, select

from vamarket.errors import InvalidInput, NotFound, NotSignedIn, PermissionDenied
from vamarket.models import Job, Notification, SavedSearch, User
from vamarket.services.search import JobQuery, job_matches

MAX_SAVED_SEARCHES = 20
QUERY_STRING_MAX = 1000
MATCH_KIND = "saved_search_match"


def encode_query(query: JobQuery) -> str:
    """The URL query string of `query` (page reset), shortened to fit the stored column."""
    query = query.changed(page=1)
    encoded = urlencode(query.to_params())
    while len(encoded) > QUERY_STRING_MAX and query.text:
        query = query.changed(text=query.text[: len(query.text) * 3 // 4])
        encoded = urlencode(query.to_params())
    return encoded[:QUERY_STRING_MAX]


def query_of(saved: SavedSearch) -> JobQuery:
    """The search a saved search stands for (unknown or damaged parts fall back to defaults)."""
    return JobQuery.from_params(dict(parse_qsl(saved.query_string, keep_blank_values=False)))


def _require_actor(actor: User | None) -> User:
    if actor is None or actor.id is None:
        raise NotSignedIn()
    return actor


def save_search(session: Session, *, actor: User | None, query: JobQuery) -> SavedSearch:
    """Save `query` for the actor; saving the same search twice returns the first one.

    A user keeps at most `MAX_SAVED_SEARCHES`; one more is refused with InvalidInput.
    """
    actor = _require_actor(actor)
    encoded = encode_query(query)
    existing = session.exec(select(SavedSearch).where(
        SavedSearch.user_id == actor.id, SavedSearch.query_string == encoded)).first()
    if existing is not None:
        return existing
    count = session.exec(select(func.count()).select_from(SavedSearch).where(
        SavedSearch.user_id == actor.id)).one()
    if count >= MAX_SAVED_SEARCHES:
        raise InvalidInput("error.saved_search_limit", field="saved_search", limit=MAX_SAVED_SEARCHES)
    saved = SavedSearch(user_id=actor.id, query_string=encoded)
    session.add(saved)
    session.flush()
    return saved


def list_saved_searches(session: Session, *, actor: User | None) -> list[SavedSearch]:
    """The actor's saved searches, newest first (use `query_of` to open one)."""
    actor = _require_actor(actor)
    return list(session.exec(select(SavedSearch).where(SavedSearch.user_id == actor.id)
                             .order_by(col(SavedSearch.id).desc())).all())


def delete_saved_search(session: Session, *, actor: User | None, saved_search_id: int) -> None:
    """Delete one of the actor's saved searches; anyone else's is refused and left alone."""
    actor = _require_actor(actor)
    saved = session.get(SavedSearch, saved_search_id)
    if saved is None:
        raise NotFound()
    if saved.user_id != actor.id:
        raise PermissionDenied()
    session.delete(saved)
    session.flush()


def notify_matching_saved_searches(session: Session, job: Job) -> int:
    """Tell the owners of saved searches that match the just-published `job`; how many were told.

    The job's own client is skipped, as are inactive users. A user is told about a job once,
    even when several of their searches match or the job is published again.
    """
    session.flush()  # the search reads the job (and its index entry) from the database
    if job.id is None:
        return 0
    rows = session.exec(
        select(SavedSearch, User).join(User, col(User.id) == SavedSearch.user_id)
        .where(SavedSearch.user_id != job.client_id, User.status == "active")
        .order_by(col(SavedSearch.id))).all()
    link = f"/jobs/{job.id}"
    already = set(session.exec(select(Notification.user_id).where(
        Notification.kind == MATCH_KIND, Notification.link == link)).all())
    told = 0
    for saved, owner in rows:
        if owner.id in already or not job_matches(session, query_of(saved), job.id):
            continue
        session.add(Notification(
            user_id=owner.id, kind=MATCH_KIND, link=link,
            payload=json.dumps({"job_id": job.id, "title": job.title[:200],
                                "saved_search_id": saved.id})))
        saved.last_notified_job_id = max(saved.last_notified_job_id, job.id)
        session.add(saved)
        already.add(owner.id)
        told += 1
    if told:
        session.flush()
    return told
