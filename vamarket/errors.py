"""Typed service errors. Each carries a translation key so pages show a readable message."""

from __future__ import annotations


class ServiceError(Exception):
    """Base for errors a user can be shown. `key` names a catalog message; `params` fill it."""

    key = "error.generic"

    def __init__(self, key: str | None = None, **params: object) -> None:
        self.key = key or self.key
        self.params = params
        super().__init__(self.key)


class NotSignedIn(ServiceError):
    """The action needs a signed-in user."""

    key = "error.not_signed_in"


class PermissionDenied(ServiceError):
    """The acting user may not do this to this object."""

    key = "error.permission_denied"


class NotFound(ServiceError):
    """The object does not exist (or the actor may not know it does)."""

    key = "error.not_found"


class InvalidInput(ServiceError):
    """A field is missing or out of bounds; `field` names it."""

    key = "error.invalid_input"

    def __init__(self, key: str | None = None, *, field: str = "", **params: object) -> None:
        super().__init__(key, **params)
        self.field = field


class InvalidTransition(ServiceError):
    """The object's state does not allow this action."""

    key = "error.invalid_transition"
