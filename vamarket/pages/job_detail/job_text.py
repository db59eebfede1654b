"""Plain helpers of the job page: the job id in the address, dates as text, and the edits
made to a job after publishing, as raw rows (kept in state) and as formatted lines (shown)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from vamarket.i18n.format import format_day

MONEY_FIELDS = ("budget_min_minor", "budget_max_minor", "pilot_budget_minor")
PLAIN_FIELDS = ("title", "hours_per_week", "duration_weeks", "down_payment_percent",
                "budget_type", "currency", "deadline")
LONG_TEXT_FIELDS = ("description", "pilot_scope", "category_id")


def job_id_from_path(path: str) -> int | None:
    """The job id in "/jobs/<id>" (or None when the address names no job)."""
    parts = [p for p in str(path or "").split("/") if p]
    if len(parts) < 2 or parts[0] != "jobs":
        return None
    tail = parts[1]
    return int(tail) if tail.isdigit() and len(tail) < 12 else None


def iso_text(value: object) -> str:
    """A date or datetime as ISO text; anything else as text (None as empty)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value or "")


def day_text(iso: str, locale: str) -> str:
    """ISO date (or datetime) text as a date in `locale`; text that is no date stays as is."""
    if not iso:
        return ""
    try:
        return format_day(datetime.fromisoformat(iso), locale)
    except ValueError:
        try:
            return format_day(date.fromisoformat(iso[:10]), locale)
        except ValueError:
            return iso


def _change_pair(pair: object) -> tuple[object, object]:
    if isinstance(pair, list | tuple):
        old, new = (list(pair) + ["", ""])[:2]
        return old, new
    return "", ""


def change_rows(entries: list[dict], published_at: datetime | None) -> list[dict[str, str]]:
    """Edits made after publishing, as flat rows {at, field, old, new} (raw values as text).

    Long texts (description, pilot scope) only say that they changed.
    """
    rows: list[dict[str, str]] = []
    for entry in entries:
        at = entry.get("at")
        if published_at is not None and isinstance(at, datetime) and at < published_at:
            continue
        for name, pair in sorted((entry.get("changes") or {}).items()):
            old, new = _change_pair(pair)
            long_text = name in LONG_TEXT_FIELDS
            rows.append({"at": iso_text(at), "field": str(name),
                         "old": "" if long_text or old is None else str(old),
                         "new": "" if long_text or new is None else str(new)})
    return rows


def _shown_values(name: str, old: str, new: str, locale: str,
                  money: Callable[[int], str]) -> tuple[str, str]:
    """A change's old and new values as the reader sees them (empty for fields not shown)."""
    if name in MONEY_FIELDS:
        return (money(int(old)) if old.isdigit() else old,
                money(int(new)) if new.isdigit() else new)
    if name == "deadline":
        return day_text(old, locale), day_text(new, locale)
    if name in PLAIN_FIELDS:
        return old, new
    return "", ""


def _change_line(row: dict[str, str], budget_type: str, locale: str,
                 money: Callable[[int], str]) -> dict[str, str] | None:
    """One change as {field, old, new}, or None when the change is not worth showing."""
    name = row["field"]
    if name == "budget_max_minor" and budget_type == "fixed":
        return None  # a fixed job's "highest" budget is the same as its budget
    old, new = _shown_values(name, row["old"], row["new"], locale, money)
    if name == "budget_min_minor" and budget_type == "hourly":
        name = "rate_min"
    if old or new:
        old, new = old or "—", new or "—"
    return {"field": name, "old": old, "new": new}


def format_changes(rows: list[dict[str, str]], *, budget_type: str, locale: str,
                   money: Callable[[int], str]) -> list[dict[str, str]]:
    """Each change row as {when, field, old, new}, formatted for `locale` (`money` formats
    an amount in the job's currency); `when` is set only on an edit's first line."""
    out, last_at = [], None
    for row in rows:
        line = _change_line(row, budget_type, locale, money)
        if line is None:
            continue
        when = day_text(row["at"], locale) if row["at"] != last_at else ""
        last_at = row["at"]
        out.append({"when": when, **line})
    return out
