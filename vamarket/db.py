"""Database engine and sessions. Services take a `Session`; callers own the transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from vamarket.settings import get_settings

POOL_RECYCLE_SECONDS = 1800


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets foreign keys on, WAL and a busy timeout."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record) -> None:
            # SQLAlchemy's recipe for pysqlite: let SQLAlchemy emit BEGIN itself, so a
            # SAVEPOINT opened first stays inside the transaction instead of becoming it.
            dbapi_conn.isolation_level = None
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn) -> None:
            # IMMEDIATE takes the write lock up front (waiting up to the busy timeout), so a
            # read-then-write transaction never fails on a stale snapshot under WAL.
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    # No pre-ping (it costs a round trip on every checkout): connections are replaced after
    # POOL_RECYCLE_SECONDS instead, and a connection found dead (server restarted) makes the pool
    # drop every connection older than it, so only the statement that found it fails.
    return create_engine(url, pool_recycle=POOL_RECYCLE_SECONDS, pool_size=10, max_overflow=10)


@lru_cache(maxsize=1)
def get_engine() -> Engine:
    """The process-wide engine for the configured database."""
    return make_engine(get_settings().database_url)


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
