"""Idempotency-Key: the first result of a key is kept and replayed; other params under it are refused."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from typing import Any

from vamarket.stripe_local.errors import StripeError


@dataclass
class Record:
    """What one key was first used for, and its stored answer once there is one."""

    method: str
    path: str
    fingerprint: str
    status: int | None = None
    body: dict[str, Any] | None = None
    done: threading.Event = field(default_factory=threading.Event)


def fingerprint(pairs: list[tuple[str, str]]) -> str:
    """A digest of the request's parameters, independent of their order."""
    return hashlib.sha256(repr(sorted(pairs)).encode()).hexdigest()


class Keys:
    """The idempotency records of a server, scoped by API key and account."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._records: dict[tuple[str, str], Record] = {}

    def reset(self) -> None:
        """Forget every key."""
        with self._lock:
            self._records.clear()

    def begin(self, scope: str, key: str, method: str, path: str, print_: str) -> Record | None:
        """Claim `key`: None when new (the caller runs the request), else the stored record.

        Raises Stripe's idempotency_error for a key reused with other params, and a 409 while the
        first request with the key is still running.
        """
        with self._lock:
            record = self._records.get((scope, key))
            if record is None:
                self._records[(scope, key)] = Record(method, path, print_)
                return None
        if (record.method, record.path, record.fingerprint) != (method, path, print_):
            raise StripeError(
                400, "Keys for idempotent requests can only be used with the same parameters they were "
                f"first used with. Try using a key other than '{key}' if you meant to execute a different "
                "request.", type="idempotency_error")
        if not record.done.is_set():
            raise StripeError(409, "There is currently another in-progress request using this "
                              "Idempotent Key (that probably means you submitted twice, and the other "
                              "request is still going through). Please try again later.",
                              type="invalid_request_error", code="idempotency_key_in_use")
        return record

    def finish(self, scope: str, key: str, status: int, body: dict[str, Any], keep: bool) -> None:
        """Store the answer to replay (or release the key when the result is not kept)."""
        with self._lock:
            record = self._records.get((scope, key))
            if record is None:
                return
            if keep:
                record.status, record.body = status, body
                record.done.set()
            else:
                del self._records[(scope, key)]

    def count(self) -> int:
        """How many keys have a stored answer."""
        with self._lock:
            return sum(1 for r in self._records.values() if r.done.is_set())
