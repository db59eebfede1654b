"""Alembic environment: vamarket's tables and the configured database (or one passed in)."""

from sqlmodel import SQLModel

import vamarket.models  # noqa: F401  (registers every table)
from alembic import context
from vamarket.db import make_engine
from vamarket.migrations import include_object
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
        if conn.dialect.name == "sqlite":
            _run_sqlite(conn)
        else:
            _run(conn)
    engine.dispose()


def _run_sqlite(conn) -> None:
    """SQLite changes a table by copying it, which the foreign keys of other tables would refuse:
    they are switched off for the migration (outside any transaction, the only place SQLite
    allows it) and every reference is checked afterwards."""
    raw = conn.connection.driver_connection
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        _run(conn)
        broken = raw.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"migration left broken references: {broken[:5]}")
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite", compare_type=True,
                      include_object=include_object)
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
