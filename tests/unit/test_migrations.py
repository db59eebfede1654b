"""The checked-in migrations build the whole schema on both databases."""

import sqlalchemy as sa
from sqlmodel import SQLModel

import vamarket.models  # noqa: F401


def test_upgrade_creates_every_table(engine):
    names = set(sa.inspect(engine).get_table_names())
    assert set(SQLModel.metadata.tables) <= names
    assert "alembic_version" in names


def test_database_refuses_what_must_never_happen(db, make_user):
    """Constraints live in the database, not only in code."""
    from vamarket.models import Identity

    user = make_user()
    db.add(Identity(user_id=user.id, provider="demo", issuer="https://i", subject="s1"))
    db.flush()
    nested = db.begin_nested()
    db.add(Identity(user_id=user.id, provider="demo", issuer="https://i", subject="s1"))
    try:
        db.flush()
        raise AssertionError("duplicate (issuer, subject) was accepted")
    except sa.exc.IntegrityError:
        nested.rollback()
    nested = db.begin_nested()
    try:
        db.execute(sa.text("UPDATE users SET currency = 'EUR' WHERE id = :i"), {"i": user.id})
        db.flush()
        raise AssertionError("currency EUR was accepted")
    except sa.exc.IntegrityError:
        nested.rollback()


def test_migrations_match_the_models(engine):
    """Every column, index and type the models declare is what the migrations built."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    import vamarket.payments.hourly_records  # noqa: F401  (tables declared next to their code)
    import vamarket.payments.records  # noqa: F401
    from vamarket.migrations import include_object

    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={
            "compare_type": True, "include_object": include_object})
        diff = compare_metadata(ctx, SQLModel.metadata)
    assert diff == []
