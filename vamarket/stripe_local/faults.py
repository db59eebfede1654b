"""Faults a test can ask for: API errors and stalls, and misbehaving webhook deliveries."""

from __future__ import annotations

import random
import threading
from dataclasses import asdict, dataclass, field, fields
from typing import Any

API_FAULTS = ("5xx", "5xx_after", "timeout")


@dataclass
class Faults:
    """Fault settings. Rates are probabilities in [0, 1]; `next_*` counts fail the next n requests.

    - `rate_5xx` / `next_5xx`: answer 500 before doing anything (a retry runs the request).
    - `rate_5xx_after` / `next_5xx_after`: do the request, keep its idempotent result, answer 500
      (a retry with the same key gets the stored result, `Idempotent-Replayed: true`).
    - `rate_timeout` / `next_timeout`: do the request, keep its result, then stall for
      `timeout_seconds` before answering, past the client's timeout.
    - `paths`: only requests whose path starts with one of these prefixes (all /v1 when empty).
    - webhooks: `webhook_duplicate_rate` sends an event twice; `webhook_delay_rate` holds an event
      back `webhook_delay_seconds`; `webhook_shuffle_window` spreads sends randomly over that many
      seconds, so they arrive out of order; `webhook_fail_rate` drops a delivery attempt before it
      is sent (counted as a failure and retried).
    """

    rate_5xx: float = 0.0
    rate_5xx_after: float = 0.0
    rate_timeout: float = 0.0
    next_5xx: int = 0
    next_5xx_after: int = 0
    next_timeout: int = 0
    timeout_seconds: float = 30.0
    paths: list[str] = field(default_factory=list)
    webhook_duplicate_rate: float = 0.0
    webhook_delay_rate: float = 0.0
    webhook_delay_seconds: float = 0.0
    webhook_shuffle_window: float = 0.0
    webhook_fail_rate: float = 0.0
    seed: int | None = None
    injected: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._rng = random.Random(self.seed)

    def update(self, values: dict[str, Any]) -> None:
        """Change settings by name (unknown names raise ValueError)."""
        known = {f.name: f for f in fields(self)}
        with self._lock:
            for name, value in values.items():
                if name not in known or name == "injected":
                    raise ValueError(f"unknown fault setting: {name}")
                current = getattr(self, name)
                if isinstance(current, list) or name == "paths":
                    setattr(self, name, list(value))
                elif name == "seed":
                    self.seed = None if value is None else int(value)
                    self._rng = random.Random(self.seed)
                else:
                    setattr(self, name, type(current)(value))

    def clear(self) -> None:
        """Back to no faults."""
        defaults = Faults()
        with self._lock:
            for f in fields(self):
                setattr(self, f.name, getattr(defaults, f.name))
            self._rng = random.Random()

    def settings(self) -> dict[str, Any]:
        """The current settings as JSON."""
        with self._lock:
            return asdict(self)

    def api_fault(self, path: str) -> str | None:
        """The fault to inject into this API request, if any."""
        with self._lock:
            if self.paths and not any(path.startswith(p) for p in self.paths):
                return None
            chosen = None
            for kind in API_FAULTS:
                attr = "next_" + kind
                if getattr(self, attr) > 0:
                    setattr(self, attr, getattr(self, attr) - 1)
                    chosen = kind
                    break
            if chosen is None:
                for kind in API_FAULTS:
                    rate = getattr(self, "rate_" + kind)
                    if rate and self._rng.random() < rate:
                        chosen = kind
                        break
            if chosen:
                self.injected[chosen] = self.injected.get(chosen, 0) + 1
            return chosen

    def chance(self, rate_name: str) -> bool:
        """Roll the dice for a webhook fault."""
        with self._lock:
            rate = getattr(self, rate_name)
            hit = bool(rate) and self._rng.random() < rate
            if hit:
                self.injected[rate_name] = self.injected.get(rate_name, 0) + 1
            return hit

    def uniform(self, upper: float) -> float:
        """A random delay in [0, upper)."""
        with self._lock:
            return self._rng.uniform(0, upper) if upper > 0 else 0.0
