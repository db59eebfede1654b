"""Alembic environment: vamarket's tables and the configured database (or one passed in)."""

from sqlmodel import SQLModel

import vamarket.models  # noqa: F401  (registers every table)
from alembic import context
from vamarket.db import make_engine
from vamarket.settings import get_settings

target_metadata = SQLModel.metadata

# Database-only search objects (migration 0003) that the models deliberately do not declare.
SEARCH_OBJECTS = frozenset({
    "search_vector", "live_quotes", "ix_jobs_search_vector", "ix_jobs_board_id",
    "ix_jobs_board_published", "ix_jobs_board_budget_high", "ix_jobs_board_budget_low", "ix_job_skills_skill",
})


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Keep autogenerate and `alembic check` away from the search index objects."""
    if reflected and compare_to is None and name:
        return not (name in SEARCH_OBJECTS or name.startswith("jobs_fts"))
    return True


def run_migrations() -> None:
    """Run migrations on the connection given by the caller, or on the configured database."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.config.get_main_option("sqlalchemy.url") or get_settings().database_url
    engine = make_engine(url)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite", compare_type=True,
                      include_object=include_object)
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
