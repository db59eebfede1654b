"""The background sweep: time-driven work (auto-approvals, expiries, reminders, emails)."""
