"""Contract room section: timeline."""

from __future__ import annotations

import reflex as rx

ON_LOAD: list = []


def section() -> rx.Component:
    """This section of the contract room."""
    return rx.fragment()
