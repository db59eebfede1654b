"""Small form pieces shared by the profile sections."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T


def field(label_key: str, control: rx.Component, hint_key: str = "") -> rx.Component:
    """A labelled control with an optional hint underneath."""
    return rx.vstack(
        rx.text(T[label_key], as_="label", size="2", weight="medium"),
        control,
        rx.text(T[hint_key], size="1", color_scheme="gray") if hint_key else rx.fragment(),
        spacing="1", width="100%",
    )


def text_input(name: str, value, *, max_length: int, **props) -> rx.Component:
    """A single-line input for an uncontrolled form (starts at `value`)."""
    return rx.input(name=name, id=name.replace("_", "-"), default_value=value,
                    max_length=max_length, width="100%", size="3", **props)


def section(title_key: str, *children: rx.Component, section_id: str) -> rx.Component:
    """A titled card holding one part of the form."""
    return rx.card(rx.vstack(rx.heading(T[title_key], size="5"), *children, spacing="4",
                             width="100%"), width="100%", id=section_id)
