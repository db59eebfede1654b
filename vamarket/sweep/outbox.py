"""Sweep job: outbox."""

from __future__ import annotations

from datetime import datetime


def run(now: datetime) -> dict[str, int]:
    """Do what is due at `now`; counts of what was done, by name."""
    return {}
