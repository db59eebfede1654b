"""Shared column helpers for the SQLModel tables."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Timezone-aware now in UTC (SQLModel stores and returns aware UTC datetimes)."""
    return datetime.now(UTC)
