"""job search: a full-text index over jobs and the indexes the job board filters need

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 09:00:00

SQLite: an FTS5 table `jobs_fts` (rowid = job id; columns title, skills, description) kept in
sync by triggers on `jobs` and `job_skills`.
PostgreSQL: a `jobs.search_vector` tsvector (title A, skills B, description C, 'simple'
config so English and Indonesian text both match) kept by triggers, with a GIN index.
Skill slugs are indexed with underscores as spaces ("email_management" -> "email management").
Both: `jobs.live_quotes`, the number of live quotes, kept by triggers on `quotes`, and narrow
partial covering indexes over open, visible jobs for the board's filters and sorts.
`search_vector` and `live_quotes` are not part of the SQLModel model (ORM writes never touch
them); alembic/env.py keeps autogenerate off these objects. A future SQLite batch migration that
recreates `jobs`, `job_skills` or `quotes` must recreate these triggers.
"""
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

LIVE = "('submitted', 'shortlisted', 'hired')"
VISIBLE = "status = 'open' AND NOT hidden"
# Narrow covering indexes over the open, visible jobs only: the board filters (category,
# currency, budget type and range, pilot, live quote count) and sorts read them without
# touching the wide job rows. Led by id (full-text hits, counts), publication and budget.
BOARD_COLUMNS = ("category_id, currency, budget_type, budget_min_minor, budget_max_minor, "
                 "pilot_budget_minor, live_quotes")
INDEXES = (
    ("ix_jobs_board_id", "id, published_at"),
    ("ix_jobs_board_published", "published_at, id"),
    ("ix_jobs_board_budget_high", "budget_max_minor, id, published_at"),
    ("ix_jobs_board_budget_low", "budget_min_minor, id, published_at"),
)

SQLITE_SKILLS = ("(SELECT group_concat(replace(s.slug, '_', ' '), ' ') FROM job_skills js "
                 "JOIN skills s ON s.id = js.skill_id WHERE js.job_id = {job})")

SQLITE_UP = (
    "ALTER TABLE jobs ADD COLUMN live_quotes INTEGER NOT NULL DEFAULT 0",
    "CREATE VIRTUAL TABLE jobs_fts USING fts5(title, skills, description, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
    f"""CREATE TRIGGER jobs_fts_ai AFTER INSERT ON jobs BEGIN
        INSERT INTO jobs_fts(rowid, title, skills, description)
        VALUES (new.id, new.title, coalesce({SQLITE_SKILLS.format(job='new.id')}, ''),
                new.description);
    END""",
    """CREATE TRIGGER jobs_fts_au AFTER UPDATE OF title, description ON jobs BEGIN
        UPDATE jobs_fts SET title = new.title, description = new.description
        WHERE rowid = new.id;
    END""",
    """CREATE TRIGGER jobs_fts_ad AFTER DELETE ON jobs BEGIN
        DELETE FROM jobs_fts WHERE rowid = old.id;
    END""",
    f"""CREATE TRIGGER job_skills_fts_ai AFTER INSERT ON job_skills BEGIN
        UPDATE jobs_fts SET skills = coalesce({SQLITE_SKILLS.format(job='new.job_id')}, '')
        WHERE rowid = new.job_id;
    END""",
    f"""CREATE TRIGGER job_skills_fts_ad AFTER DELETE ON job_skills BEGIN
        UPDATE jobs_fts SET skills = coalesce({SQLITE_SKILLS.format(job='old.job_id')}, '')
        WHERE rowid = old.job_id;
    END""",
    f"""CREATE TRIGGER quotes_live_ai AFTER INSERT ON quotes WHEN new.status IN {LIVE} BEGIN
        UPDATE jobs SET live_quotes = live_quotes + 1 WHERE id = new.job_id;
    END""",
    f"""CREATE TRIGGER quotes_live_ad AFTER DELETE ON quotes WHEN old.status IN {LIVE} BEGIN
        UPDATE jobs SET live_quotes = live_quotes - 1 WHERE id = old.job_id;
    END""",
    f"""CREATE TRIGGER quotes_live_au AFTER UPDATE OF status, job_id ON quotes BEGIN
        UPDATE jobs SET live_quotes = live_quotes - 1 WHERE id = old.job_id AND old.status IN {LIVE};
        UPDATE jobs SET live_quotes = live_quotes + 1 WHERE id = new.job_id AND new.status IN {LIVE};
    END""",
    # jobs that existed before this migration
    f"""INSERT INTO jobs_fts(rowid, title, skills, description)
        SELECT j.id, j.title, coalesce({SQLITE_SKILLS.format(job='j.id')}, ''), j.description
        FROM jobs j""",
)

SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS quotes_live_au",
    "DROP TRIGGER IF EXISTS quotes_live_ad",
    "DROP TRIGGER IF EXISTS quotes_live_ai",
    "DROP TRIGGER IF EXISTS job_skills_fts_ad",
    "DROP TRIGGER IF EXISTS job_skills_fts_ai",
    "DROP TRIGGER IF EXISTS jobs_fts_ad",
    "DROP TRIGGER IF EXISTS jobs_fts_au",
    "DROP TRIGGER IF EXISTS jobs_fts_ai",
    "DROP TABLE IF EXISTS jobs_fts",
    "ALTER TABLE jobs DROP COLUMN live_quotes",
)

PG_UP = (
    "ALTER TABLE jobs ADD COLUMN search_vector tsvector NOT NULL DEFAULT ''::tsvector",
    # The one definition of a job's document; triggers and bulk loads both call it.
    """CREATE FUNCTION job_search_document(p_job_id integer, p_title text, p_description text)
    RETURNS tsvector LANGUAGE sql STABLE AS $$
        SELECT setweight(to_tsvector('simple', coalesce(p_title, '')), 'A')
            || setweight(to_tsvector('simple', coalesce(
                   (SELECT string_agg(replace(s.slug, '_', ' '), ' ')
                    FROM job_skills js JOIN skills s ON s.id = js.skill_id
                    WHERE js.job_id = p_job_id), '')), 'B')
            || setweight(to_tsvector('simple', coalesce(p_description, '')), 'C')
    $$""",
    """CREATE FUNCTION jobs_search_vector_trg() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_vector := job_search_document(NEW.id, NEW.title, NEW.description);
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER jobs_search_vector BEFORE INSERT OR UPDATE OF title, description ON jobs
    FOR EACH ROW EXECUTE FUNCTION jobs_search_vector_trg()""",
    """CREATE FUNCTION job_skills_search_vector_trg() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        affected integer := CASE WHEN TG_OP = 'DELETE' THEN OLD.job_id ELSE NEW.job_id END;
    BEGIN
        UPDATE jobs SET search_vector = job_search_document(id, title, description)
        WHERE id = affected;
        IF TG_OP = 'UPDATE' AND OLD.job_id <> NEW.job_id THEN
            UPDATE jobs SET search_vector = job_search_document(id, title, description)
            WHERE id = OLD.job_id;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER job_skills_search_vector AFTER INSERT OR UPDATE OR DELETE ON job_skills
    FOR EACH ROW EXECUTE FUNCTION job_skills_search_vector_trg()""",
    "UPDATE jobs SET search_vector = job_search_document(id, title, description)",
    # Only open, visible jobs are ever searched: a partial index is smaller and the planner
    # prefers it to a scan of the (wide) job rows for common words.
    f"CREATE INDEX ix_jobs_search_vector ON jobs USING gin (search_vector) WHERE {VISIBLE}",
    "ALTER TABLE jobs ADD COLUMN live_quotes integer NOT NULL DEFAULT 0",
    f"""CREATE FUNCTION quotes_live_count_trg() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status IN {LIVE} THEN
            UPDATE jobs SET live_quotes = live_quotes - 1 WHERE id = OLD.job_id;
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.status IN {LIVE} THEN
            UPDATE jobs SET live_quotes = live_quotes + 1 WHERE id = NEW.job_id;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER quotes_live_count AFTER INSERT OR DELETE OR UPDATE OF status, job_id
    ON quotes FOR EACH ROW EXECUTE FUNCTION quotes_live_count_trg()""",
)

PG_DOWN = (
    "DROP TRIGGER IF EXISTS quotes_live_count ON quotes",
    "DROP FUNCTION IF EXISTS quotes_live_count_trg()",
    "ALTER TABLE jobs DROP COLUMN IF EXISTS live_quotes",
    "DROP TRIGGER IF EXISTS job_skills_search_vector ON job_skills",
    "DROP TRIGGER IF EXISTS jobs_search_vector ON jobs",
    "DROP FUNCTION IF EXISTS job_skills_search_vector_trg()",
    "DROP FUNCTION IF EXISTS jobs_search_vector_trg()",
    "DROP FUNCTION IF EXISTS job_search_document(integer, text, text)",
    "DROP INDEX IF EXISTS ix_jobs_search_vector",
    "ALTER TABLE jobs DROP COLUMN IF EXISTS search_vector",
)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_UP if dialect == "sqlite" else PG_UP:
        op.execute(statement)
    op.execute(f"UPDATE jobs SET live_quotes = (SELECT count(*) FROM quotes q "
               f"WHERE q.job_id = jobs.id AND q.status IN {LIVE})")
    for name, columns in INDEXES:
        op.execute(f"CREATE INDEX {name} ON jobs ({columns}, {BOARD_COLUMNS}) WHERE {VISIBLE}")
    op.execute("CREATE INDEX ix_job_skills_skill ON job_skills (skill_id, job_id)")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.execute("DROP INDEX IF EXISTS ix_job_skills_skill")
    for name, _columns in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
    for statement in SQLITE_DOWN if dialect == "sqlite" else PG_DOWN:
        op.execute(statement)
