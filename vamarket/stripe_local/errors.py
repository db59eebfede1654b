"""Stripe's error shape: `{"error": {"type", "code", "message", "param"}}` with its HTTP status."""

from __future__ import annotations

from typing import Any


class StripeError(Exception):
    """An API error answered the way Stripe answers it.

    `saved` says whether an idempotent request that ended in this error keeps the result (Stripe
    keeps results of requests that started executing, such as card declines, and forgets
    requests that failed validation).
    """

    def __init__(self, status: int, message: str, *, type: str = "invalid_request_error",
                 code: str | None = None, param: str | None = None, saved: bool = False,
                 **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type
        self.code = code
        self.param = param
        self.saved = saved
        self.extra = extra

    def body(self) -> dict[str, Any]:
        """The JSON body Stripe sends for this error."""
        err: dict[str, Any] = {"type": self.type, "message": self.message}
        if self.code:
            err["code"] = self.code
            err["doc_url"] = f"https://stripe.com/docs/error-codes/{self.code.replace('_', '-')}"
        if self.param:
            err["param"] = self.param
        err.update(self.extra)
        return {"error": err}


def missing(param: str) -> StripeError:
    """A required parameter was not sent."""
    return StripeError(400, f"Missing required param: {param}.", code="parameter_missing", param=param)


def invalid(param: str, message: str, code: str = "parameter_invalid_empty") -> StripeError:
    """A parameter has a value Stripe would refuse."""
    return StripeError(400, message, code=code, param=param)


def no_such(kind: str, object_id: str, param: str = "id") -> StripeError:
    """The named object does not exist."""
    return StripeError(404, f"No such {kind}: '{object_id}'", code="resource_missing", param=param)
