"""The VA's photo: current picture, upload (images only, size-limited) and removal."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T
from vamarket.pages.profile_edit.state import PHOTO_UPLOAD_ID
from vamarket.pages.profile_edit.state import ProfileEditState as S
from vamarket.services.profile_rules import MAX_PHOTO_BYTES

_ACCEPT = {"image/png": [".png"], "image/jpeg": [".jpg", ".jpeg"], "image/webp": [".webp"],
           "image/gif": [".gif"]}


def photo_picker() -> rx.Component:
    """Avatar plus a drop zone that uploads as soon as a file is chosen."""
    return rx.flex(
        rx.avatar(src=rx.cond(S.va_photo != "", rx.get_upload_url(S.va_photo), ""),
                  fallback="VA", size="7", radius="full", id="va-photo"),
        rx.vstack(
            rx.upload(
                rx.vstack(rx.icon("image-up", size=20),
                          rx.text(T["profile.photo_drop"], size="2"),
                          align="center", spacing="1"),
                id=PHOTO_UPLOAD_ID, accept=_ACCEPT, max_files=1, max_size=MAX_PHOTO_BYTES,
                multiple=False,
                on_drop=S.upload_photo(rx.upload_files(upload_id=PHOTO_UPLOAD_ID)),
                border="1px dashed var(--gray-a7)", border_radius="var(--radius-3)",
                padding="3", cursor="pointer", width="100%",
            ),
            rx.text(T["profile.photo_hint"], size="1", color_scheme="gray"),
            rx.cond(S.uploading, rx.hstack(rx.spinner(size="1"),
                                           rx.text(T["common.loading"], size="1"))),
            rx.cond(S.photo_error != "", rx.text(S.photo_error, color_scheme="red", size="2",
                                                 id="photo-error")),
            rx.cond(S.va_photo != "", rx.button(T["profile.photo_remove"], variant="ghost",
                                                size="1", color_scheme="red",
                                                on_click=S.remove_photo, id="photo-remove")),
            spacing="2", width="100%",
        ),
        spacing="4", align="center", direction=rx.breakpoints(initial="column", sm="row"),
        width="100%",
    )
