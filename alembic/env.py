"""Alembic environment: vamarket's tables and the configured database (or one passed in)."""

from sqlmodel import SQLModel

import vamarket.models  # noqa: F401  (registers every table)
from alembic import context
from vamarket.db import make_engine
from vamarket.settings import get_settings

target_metadata = SQLModel.metadata


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
                      render_as_batch=connection.dialect.name == "sqlite", compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
