"""Signed webhook delivery in background threads, retried with backoff, with optional faults."""

from __future__ import annotations

import collections
import hashlib
import heapq
import hmac
import itertools
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx

from vamarket.stripe_local.faults import Faults


def sign(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    """The `Stripe-Signature` header for `payload`: `t=<ts>,v1=<hmac-sha256(secret, "t.payload")>`."""
    ts = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{ts}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={ts},v1={mac}"


@dataclass
class Endpoint:
    """Where events go and the secret that signs them."""

    url: str
    secret: str


@dataclass
class Job:
    """One delivery of one event to one endpoint."""

    event_id: str
    event_type: str
    payload: bytes
    endpoint: Endpoint
    attempt: int = 1
    copy: int = 0


class Deliverer:
    """Queues events and POSTs them to every endpoint; failed sends are retried with backoff."""

    def __init__(self, faults: Faults, *, max_attempts: int = 6, retry_base_seconds: float = 0.5,
                 retry_max_seconds: float = 30.0, send_timeout: float = 10.0, workers: int = 4) -> None:
        self.faults = faults
        self.endpoints: list[Endpoint] = []
        self.max_attempts = max_attempts
        self.retry_base_seconds = retry_base_seconds
        self.retry_max_seconds = retry_max_seconds
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, Job]] = []
        self._seq = itertools.count()
        self._inflight = 0
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="stripe-local-webhook")
        self._client = httpx.Client(timeout=send_timeout)
        self.log: collections.deque[dict[str, Any]] = collections.deque(maxlen=20_000)
        self.stats = {"delivered": 0, "failed_attempts": 0, "gave_up": 0}
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="stripe-local-webhooks", daemon=True)
        self._thread.start()

    def configure(self, endpoints: list[Endpoint], **settings: Any) -> None:
        """Replace the endpoints; optionally change max_attempts / retry_base_seconds / retry_max_seconds."""
        with self._cond:
            self.endpoints = list(endpoints)
            for name in ("max_attempts", "retry_base_seconds", "retry_max_seconds"):
                if settings.get(name) is not None:
                    setattr(self, name, type(getattr(self, name))(settings[name]))

    def reset(self) -> None:
        """Drop queued deliveries and the log (endpoints stay)."""
        with self._cond:
            self._heap.clear()
            self.log.clear()
            self.stats = {"delivered": 0, "failed_attempts": 0, "gave_up": 0}

    def enqueue(self, event: dict[str, Any]) -> None:
        """Schedule an event for every endpoint (called by the store, under its lock)."""
        payload = json.dumps(event, indent=2).encode()
        with self._cond:
            for endpoint in self.endpoints:
                copies = 2 if self.faults.chance("webhook_duplicate_rate") else 1
                for n in range(copies):
                    job = Job(event["id"], event["type"], payload, endpoint, copy=n)
                    self._push(self._first_delay(), job)
            self._cond.notify_all()

    def _first_delay(self) -> float:
        delay = self.faults.uniform(self.faults.webhook_shuffle_window)
        if self.faults.chance("webhook_delay_rate"):
            delay += self.faults.webhook_delay_seconds
        return delay

    def _push(self, delay: float, job: Job) -> None:
        heapq.heappush(self._heap, (time.monotonic() + delay, next(self._seq), job))

    def pending(self) -> int:
        """Deliveries queued or being sent."""
        with self._cond:
            return len(self._heap) + self._inflight

    def drain(self, timeout: float = 10.0) -> bool:
        """Wait until nothing is queued or in flight; False on timeout."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._heap or self._inflight:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(min(left, 0.05))
        return True

    def stop(self) -> None:
        """Stop the delivery thread and its workers."""
        with self._cond:
            self._stopped = True
            self._cond.notify_all()
        self._thread.join(timeout=2)
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._client.close()

    def _run(self) -> None:
        while True:
            with self._cond:
                if self._stopped:
                    return
                if not self._heap:
                    self._cond.wait(0.5)
                    continue
                due = self._heap[0][0] - time.monotonic()
                if due > 0:
                    self._cond.wait(min(due, 0.5))
                    continue
                _, _, job = heapq.heappop(self._heap)
                self._inflight += 1
            self._pool.submit(self._send, job)

    def _send(self, job: Job) -> None:
        status, error = None, None
        try:
            if self.faults.chance("webhook_fail_rate"):
                raise ConnectionError("delivery dropped (injected fault)")
            headers = {"Content-Type": "application/json; charset=utf-8",
                       "Stripe-Signature": sign(job.payload, job.endpoint.secret),
                       "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)"}
            status = self._client.post(job.endpoint.url, content=job.payload, headers=headers).status_code
        except Exception as exc:  # noqa: BLE001 - any failure to deliver is retried
            error = f"{type(exc).__name__}: {exc}"
        ok = status is not None and 200 <= status < 300
        with self._cond:
            self._inflight -= 1
            self.log.append({"event": job.event_id, "type": job.event_type, "url": job.endpoint.url,
                             "attempt": job.attempt, "copy": job.copy, "status": status, "error": error,
                             "ok": ok, "at": time.time()})
            if ok:
                self.stats["delivered"] += 1
            else:
                self.stats["failed_attempts"] += 1
                if job.attempt < self.max_attempts and not self._stopped:
                    delay = min(self.retry_base_seconds * 2 ** (job.attempt - 1), self.retry_max_seconds)
                    job.attempt += 1
                    self._push(delay, job)
                else:
                    self.stats["gave_up"] += 1
            self._cond.notify_all()
