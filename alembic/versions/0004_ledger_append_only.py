"""ledger is append-only: the database refuses UPDATE and DELETE on ledger rows

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05 09:00:00

SQLite: BEFORE UPDATE / BEFORE DELETE triggers on ledger_transactions and ledger_entries that
RAISE(ABORT, ...). PostgreSQL: one plpgsql trigger function raising restrict_violation (SQLSTATE
23001, an IntegrityError to the driver), attached BEFORE UPDATE OR DELETE per row and BEFORE
TRUNCATE per statement. Corrections are reversing transactions (services/ledger.reverse).
"""
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TABLES = ("ledger_transactions", "ledger_entries")

SQLITE_UP = tuple(
    f"""CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} BEGIN
        SELECT RAISE(ABORT, '{table} is append-only: post a reversing transaction');
    END"""
    for table in TABLES for verb in ("UPDATE", "DELETE"))

SQLITE_DOWN = tuple(f"DROP TRIGGER IF EXISTS {table}_no_{verb}"
                    for table in TABLES for verb in ("update", "delete"))

PG_UP = (
    """CREATE FUNCTION ledger_append_only_trg() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '% is append-only: post a reversing transaction', TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation';
    END $$""",
    *(f"""CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only_trg()""" for table in TABLES),
    *(f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only_trg()""" for table in TABLES),
)

PG_DOWN = (
    *(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}" for table in TABLES),
    *(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}" for table in TABLES),
    "DROP FUNCTION IF EXISTS ledger_append_only_trg()",
)


def upgrade() -> None:
    for statement in SQLITE_UP if op.get_bind().dialect.name == "sqlite" else PG_UP:
        op.execute(statement)


def downgrade() -> None:
    for statement in SQLITE_DOWN if op.get_bind().dialect.name == "sqlite" else PG_DOWN:
        op.execute(statement)
