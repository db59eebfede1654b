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
