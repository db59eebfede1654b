"""Job search benchmark: `make bench-search` (SQLite) or with DATABASE_URL=postgresql+psycopg://...

Seeds a scratch database (a temporary SQLite file, or a PostgreSQL database created next to the
one DATABASE_URL names and dropped afterwards) with 100,000 jobs and 500,000 quotes, runs mixed
board searches through `search_jobs` and the same statements on a bare DBAPI cursor, and prints:
    search db=<sqlite|postgresql> p50_ms=<x> p95_ms=<x> raw_p95_ms=<x> ratio=<p95/raw_p95>
"""

from __future__ import annotations

import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import sqlalchemy as sa
from sqlmodel import Session

from bench.search_corpus import job_text, query_params
from vamarket.db import make_engine
from vamarket.migrations import upgrade_to_head
from vamarket.services.search import JobQuery, raw_search_sql, search_jobs

JOBS = int(os.environ.get("BENCH_JOBS", "100000"))
QUOTES = int(os.environ.get("BENCH_QUOTES", "500000"))
SEARCHES = int(os.environ.get("BENCH_SEARCHES", "240"))
CLIENTS, VAS = 2_000, 6_000
NOW = datetime.now(UTC)
STATUSES = ["open"] * 80 + ["draft"] * 6 + ["paused"] * 4 + ["closed"] * 5 + ["hired"] * 5
QUOTE_STATUSES = ["submitted"] * 70 + ["shortlisted"] * 8 + ["withdrawn"] * 10 + ["declined"] * 10 \
    + ["hired"] * 2
COVERS = ["I have five years of experience with this kind of work and can start this week.",
          "Saya berpengalaman sebagai asisten virtual dan siap bekerja sesuai jam kerja Anda.",
          "I am detail oriented, fast and available during your business hours."]


def log(message: str) -> None:
    """Progress on stderr when BENCH_VERBOSE is set (stdout carries only the result line)."""
    if os.environ.get("BENCH_VERBOSE"):
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def ts(moment: datetime | None) -> str | None:
    """A UTC datetime as stored by SQLAlchemy on SQLite (PostgreSQL accepts it as UTC too)."""
    return None if moment is None else moment.replace(tzinfo=None).isoformat(" ", "microseconds")


def generate(taxonomy: dict[str, list[tuple[int, int]]]) -> dict[str, list[tuple]]:
    """Users, jobs, job skills and quotes as row tuples (deterministic)."""
    rng = random.Random(42)
    created = ts(NOW - timedelta(days=400))
    users = [(i, f"u{i}@bench.example", True, f"user {i}", i <= CLIENTS, i > CLIENTS, True, "en",
              "USD", "active", created) for i in range(1, CLIENTS + VAS + 1)]
    categories = list(taxonomy)
    jobs, job_skills, open_ids = [], [], []
    for job_id in range(1, JOBS + 1):
        category = rng.choice(categories)
        title, body = job_text(rng)
        status = rng.choice(STATUSES)
        fixed = rng.random() < 0.6
        currency = "IDR" if rng.random() < 0.3 else "USD"
        scale = 150 if currency == "IDR" else 1
        if fixed:
            low = high = rng.choice([3_000, 8_000, 25_000, 60_000, 150_000, 400_000]) * scale
        else:
            low = rng.choice([400, 600, 900, 1_500, 2_500]) * scale
            high = low * rng.choice([1, 2, 3])
        pilot = rng.random() < 0.2
        posted = NOW - timedelta(minutes=rng.randint(0, 90 * 24 * 60))
        jobs.append((job_id, rng.randint(1, CLIENTS), title, body, taxonomy[category][0][0],
                     "fixed" if fixed else "hourly", currency, low, high,
                     0 if fixed else rng.choice([10, 20, 40]), rng.randint(1, 26), 25,
                     "Pilot task first" if pilot else "", (low // 10 or 1) if pilot else 0, status,
                     rng.random() < 0.01, ts(posted), None if status == "draft" else ts(posted),
                     ts(posted)))
        skills = [skill for _cat, skill in taxonomy[category][1:]]
        for skill in rng.sample(skills, min(len(skills), rng.randint(1, 4))):
            job_skills.append((job_id, skill))
        if status != "draft":
            open_ids.append(job_id)
    counts = {job_id: 0 for job_id in open_ids}
    for _ in range(QUOTES):
        counts[open_ids[min(int(rng.expovariate(1 / 0.25) * len(open_ids)) % len(open_ids),
                            len(open_ids) - 1)]] += 1
    quotes, quote_id, live = [], 0, dict.fromkeys(range(1, JOBS + 1), 0)
    for job_id, count in counts.items():
        job = jobs[job_id - 1]
        for va in rng.sample(range(CLIENTS + 1, CLIENTS + VAS + 1), min(count, VAS)):
            quote_id += 1
            status = rng.choice(QUOTE_STATUSES)
            live[job_id] += status in ("submitted", "shortlisted", "hired")
            quotes.append((quote_id, job_id, va, va, rng.choice(COVERS), max(job[7], 1), job[6],
                           job[9], job[10], "", 0, 0, status, "", job[18], job[18]))
    jobs = [(*job, live[job[0]]) for job in jobs]
    return {"users": users, "jobs": jobs, "job_skills": job_skills, "quotes": quotes}


COLUMNS = {
    "users": "id, email, email_verified, display_name, is_client, is_va, onboarded, locale, "
             "currency, status, created_at",
    "jobs": "id, client_id, title, description, category_id, budget_type, currency, "
            "budget_min_minor, budget_max_minor, hours_per_week, duration_weeks, "
            "down_payment_percent, pilot_scope, pilot_budget_minor, status, hidden, created_at, "
            "published_at, updated_at, live_quotes",
    "job_skills": "job_id, skill_id",
    "quotes": "id, job_id, va_id, sent_by_id, cover_letter, price_minor, currency, "
              "weekly_hour_cap, duration_weeks, pilot_scope, pilot_price_minor, pilot_days, "
              "status, decline_reason, created_at, updated_at",
}


def taxonomy_of(engine: sa.Engine) -> dict[str, list[tuple[int, int]]]:
    """category slug -> [(category id, 0), (category id, skill id), ...] from the reference data."""
    with engine.connect() as conn:
        out = {slug: [(cid, 0)] for cid, slug in conn.execute(sa.text("SELECT id, slug FROM categories"))}
        by_id = {rows[0][0]: rows for rows in out.values()}
        for sid, cid in conn.execute(sa.text("SELECT id, category_id FROM skills")):
            by_id[cid].append((cid, sid))
    return out


def load_sqlite(url: str, data: dict[str, list[tuple]]) -> None:
    """Bulk insert. Job skills and quotes go in before their jobs (with their live quote counts),
    so the jobs' FTS insert trigger indexes the skills and the quote triggers have nothing to do."""
    conn = sqlite3.connect(sa.make_url(url).database)
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    for table in ("users", "job_skills", "quotes", "jobs"):
        cols = COLUMNS[table]
        marks = ", ".join("?" * len(cols.split(",")))
        conn.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", data[table])  # noqa: S608
        log(f"sqlite {table}: {len(data[table])}")
    conn.execute("INSERT INTO jobs_fts(jobs_fts) VALUES ('optimize')")
    conn.commit()
    conn.execute("ANALYZE")
    conn.commit()
    conn.close()


def pg_dsn(url: str) -> str:
    """A libpq DSN from a SQLAlchemy URL."""
    return sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def load_postgres(url: str, data: dict[str, list[tuple]]) -> None:
    """COPY the rows, then fill search vectors in one pass with the migration's own function."""
    with psycopg.connect(pg_dsn(url)) as conn:
        conn.execute("SET TIME ZONE 'UTC'")
        conn.execute("ALTER TABLE jobs DISABLE TRIGGER jobs_search_vector")
        conn.execute("ALTER TABLE job_skills DISABLE TRIGGER job_skills_search_vector")
        conn.execute("ALTER TABLE quotes DISABLE TRIGGER quotes_live_count")  # counts come with jobs
        for table in ("users", "jobs", "job_skills", "quotes"):
            with conn.cursor().copy(f"COPY {table} ({COLUMNS[table]}) FROM STDIN") as copy:
                for row in data[table]:
                    copy.write_row(row)
            log(f"postgresql {table}: {len(data[table])}")
        conn.execute("UPDATE jobs SET search_vector = job_search_document(id, title, description)")
        conn.execute("ALTER TABLE jobs ENABLE TRIGGER jobs_search_vector")
        conn.execute("ALTER TABLE job_skills ENABLE TRIGGER job_skills_search_vector")
        conn.execute("ALTER TABLE quotes ENABLE TRIGGER quotes_live_count")
        for table in ("users", "jobs", "quotes"):
            conn.execute(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))")  # noqa: S608
    with psycopg.connect(pg_dsn(url), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def percentile(values: list[float], fraction: float) -> float:
    """The value at `fraction` of the sorted list (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def _timed(action) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def measure(url: str, dialect: str, raw_conn, queries: list[JobQuery]) -> tuple[list, list]:
    """Milliseconds per search through the service and as bare statements on `raw_conn`.

    After a warm-up pass, each search runs three times each way, alternating, and counts with
    its median, so that a stray pause of the machine does not decide a percentile.
    """
    engine = make_engine(url)
    statements = [raw_search_sql(dialect, q, now=NOW) for q in queries]

    def bare(query: JobQuery, page: tuple, count: tuple) -> None:
        cursor = raw_conn.cursor()
        rows = cursor.execute(*page).fetchall()
        if len(rows) == query.page_size or not rows:  # the service counts in the same cases
            cursor.execute(*count).fetchone()
        cursor.close()

    service, raw = [], []
    with Session(engine) as session:
        for query, (page, count) in zip(queries, statements, strict=True):
            search_jobs(session, query)
            bare(query, page, count)
        for query, (page, count) in zip(queries, statements, strict=True):
            pairs = [(_timed(lambda q=query: search_jobs(session, q)),
                      _timed(lambda q=query, p=page, c=count: bare(q, p, c))) for _ in range(3)]
            service.append(statistics.median(s for s, _ in pairs))
            raw.append(statistics.median(r for _, r in pairs))
        session.rollback()
    engine.dispose()
    return service, raw


def run(url: str, dialect: str, raw_connect) -> str:
    """Migrate, seed and measure the database at `url`; the result line."""
    upgrade_to_head(url)
    engine = make_engine(url)
    taxonomy = taxonomy_of(engine)
    engine.dispose()
    started = time.perf_counter()
    data = generate(taxonomy)
    log(f"generated in {time.perf_counter() - started:.1f}s")
    (load_sqlite if dialect == "sqlite" else load_postgres)(url, data)
    log(f"seeded in {time.perf_counter() - started:.1f}s")
    rng = random.Random(7)
    skill_slugs = _skill_slugs(url)
    queries = [JobQuery.from_params(query_params(rng, list(taxonomy), skill_slugs)) for _ in range(SEARCHES)]
    with raw_connect() as raw_conn:
        service, raw = measure(url, dialect, raw_conn, queries)
    for ms, query in sorted(zip(service, queries, strict=True), key=lambda x: -x[0])[:8]:
        log(f"slow {ms:.1f} ms {query.to_params()}")
    p95, raw_p95 = percentile(service, 0.95), percentile(raw, 0.95)
    return (f"search db={dialect} p50_ms={percentile(service, 0.5):.2f} p95_ms={p95:.2f} "
            f"raw_p95_ms={raw_p95:.2f} ratio={p95 / raw_p95:.2f}")


def _skill_slugs(url: str) -> list[str]:
    engine = make_engine(url)
    with engine.connect() as conn:
        slugs = [row[0] for row in conn.execute(sa.text("SELECT slug FROM skills"))]
    engine.dispose()
    return slugs


def main() -> None:
    """Benchmark the database DATABASE_URL points at (SQLite unless it is PostgreSQL)."""
    target = os.environ.get("DATABASE_URL", "")
    if not target.startswith("postgresql"):
        with tempfile.TemporaryDirectory() as tmp:
            path = str(Path(tmp) / "bench.db")
            print(run(f"sqlite:///{path}", "sqlite", lambda: sqlite3.connect(path)))
        return
    name = f"vm_bench_{uuid.uuid4().hex[:10]}"
    scratch = sa.make_url(target).set(database=name).render_as_string(hide_password=False)
    admin = sa.create_engine(target, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        print(run(scratch, "postgresql", lambda: psycopg.connect(pg_dsn(scratch), autocommit=True)))
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                 "WHERE datname = :n AND pid <> pg_backend_pid()"), {"n": name})
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


if __name__ == "__main__":
    main()
