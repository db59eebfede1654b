"""Placeholder replaced by the sign-in routes."""

from starlette.applications import Starlette


def build_auth_app() -> Starlette:
    """The Starlette app with the /auth routes."""
    return Starlette()
