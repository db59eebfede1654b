"""Apply the checked-in Alembic migrations (never `create_all` in production code)."""

from __future__ import annotations

from alembic.config import Config

from alembic import command
from vamarket.settings import PROJECT_ROOT


def alembic_config(database_url: str | None = None) -> Config:
    """Alembic's config for this project, optionally aimed at another database."""
    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    if database_url:
        cfg.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return cfg


def upgrade_to_head(database_url: str | None = None) -> None:
    """Bring the database up to the newest migration."""
    command.upgrade(alembic_config(database_url), "head")
