"""Shared fixtures: a migrated database per backend (SQLite and PostgreSQL) and users.

`db` runs each test inside a transaction that is rolled back, on a database migrated to head
once per run. Tests using `db` run twice: on SQLite and on the PostgreSQL server named by
TEST_POSTGRES_URL (default: the local server at 127.0.0.1:5432).
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from vamarket.db import make_engine
from vamarket.migrations import upgrade_to_head
from vamarket.models import User

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PG_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def _pg_url(admin_url: str, name: str) -> str:
    return admin_url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory) -> str:
    """A fresh SQLite database file migrated to head."""
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    upgrade_to_head(url)
    return url


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database migrated to head, dropped after the run."""
    name = f"vm_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = _pg_url(PG_ADMIN_URL, name)
    upgrade_to_head(url)
    yield url
    with admin.connect() as conn:
        conn.execute(sa.text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"), {"n": name})
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request) -> str:
    """The URL of a migrated database, once per backend."""
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "postgres_url")


@pytest.fixture
def engine(db_url):
    """An engine on the migrated database of this test's backend."""
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def db(engine) -> Iterator[Session]:
    """A session whose work is rolled back after the test (services never commit)."""
    connection = engine.connect()
    transaction = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint",
                      expire_on_commit=False)
    yield session
    session.close()
    if transaction.is_active:
        transaction.rollback()
    connection.close()


@pytest.fixture
def make_user(db):
    """Factory for users: make_user(email=..., is_va=True, ...)."""
    def _make(**fields) -> User:
        fields.setdefault("email", f"{uuid.uuid4().hex[:8]}@example.com")
        fields.setdefault("email_verified", True)
        fields.setdefault("display_name", fields["email"].split("@")[0])
        fields.setdefault("onboarded", True)
        user = User(**fields)
        db.add(user)
        db.flush()
        return user
    return _make


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium under Playwright (never a downloaded browser), one for the whole run:
    Playwright's sync API allows only one running instance per thread."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def run_async(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """Run a coroutine to its end on a fresh event loop in a thread of its own (the browser
    tests' Playwright keeps a loop running on the main thread, where asyncio.run refuses)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def reset_caches() -> None:
    """Forget the process-wide settings, engine and Stripe adapter (after changing the env)."""
    from vamarket import db as db_module
    from vamarket import settings as settings_module
    from vamarket.payments import runtime

    settings_module.get_settings.cache_clear()
    db_module.get_engine.cache_clear()
    runtime.get_gateway.cache_clear()


@contextmanager
def app_database(kind: str, tmp_path_factory, **env: str | None) -> Iterator[str]:
    """A migrated database of its own ("sqlite" or "postgresql") that the app's own sessions
    commit to: DATABASE_URL (and `env`; None removes a variable) point at it inside the block.
    A PostgreSQL one is dropped afterwards."""
    from vamarket import db as db_module

    admin, name = None, ""
    if kind == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('appdb') / 'app.db'}"
    else:
        name = f"vm_app_{uuid.uuid4().hex[:10]}"
        admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        url = _pg_url(PG_ADMIN_URL, name)
    upgrade_to_head(url)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("DATABASE_URL", url)
            for key, value in env.items():
                if value is None:
                    patch.delenv(key, raising=False)
                else:
                    patch.setenv(key, value)
            reset_caches()
            yield url
            db_module.get_engine().dispose()
    finally:
        reset_caches()
        if admin is not None:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
