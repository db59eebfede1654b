"""The job form's "Attachments" section: files of a saved job, a drop zone and remove buttons."""

from __future__ import annotations

import reflex as rx

from vamarket.components.layout import T
from vamarket.files_route import files_prefix
from vamarket.pages.job_form.state import ATTACH_UPLOAD_ID
from vamarket.pages.job_form.state import JobFormState as S
from vamarket.services.attachments import MAX_FILE_BYTES, MAX_FILES_PER_JOB

# what the browser offers in its file chooser; the server checks the content again
ACCEPT = {
    "application/pdf": [".pdf"], "image/png": [".png"], "image/jpeg": [".jpg", ".jpeg"],
    "image/gif": [".gif"], "image/webp": [".webp"], "text/plain": [".txt"],
    "text/csv": [".csv"],
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": [".docx"],
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": [".xlsx"],
}


def _file_row(row) -> rx.Component:
    """One file: icon, name (a download link), size and a remove button."""
    return rx.hstack(
        rx.icon("paperclip", size=16, color="var(--gray-10)", flex_shrink="0"),
        rx.link(row["name"], href=files_prefix() + row["id"], is_external=True,
                custom_attrs={"download": row["name"]}, id="job-attachment-" + row["id"],
                size="2", overflow_wrap="anywhere", min_width="0"),
        rx.text(row["size"], size="1", color_scheme="gray", white_space="nowrap"),
        rx.spacer(),
        rx.button(rx.icon("trash-2", size=14), T["attach.remove"], size="1", variant="ghost",
                  color_scheme="red", on_click=S.remove_file(row["id"]), loading=S.uploading,
                  id="job-attachment-remove-" + row["id"]),
        align="center", spacing="2", width="100%",
    )


def _drop_zone() -> rx.Component:
    return rx.upload(
        rx.vstack(rx.icon("file-up", size=20),
                  rx.text(T["attach.drop"], size="2", text_align="center"),
                  align="center", spacing="1"),
        id=ATTACH_UPLOAD_ID, accept=ACCEPT, max_files=MAX_FILES_PER_JOB, max_size=MAX_FILE_BYTES,
        multiple=True, disabled=S.uploading | (S.files.length() >= MAX_FILES_PER_JOB),
        on_drop=S.upload_files(rx.upload_files(upload_id=ATTACH_UPLOAD_ID)),
        on_drop_rejected=S.files_rejected,
        border="1px dashed var(--gray-a7)", border_radius="var(--radius-3)",
        padding="16px", cursor="pointer", width="100%",
    )


def attachments_section() -> rx.Component:
    """Shown on every job form; a new job asks to be saved as a draft first."""
    return rx.vstack(
        rx.text(T["attach.title"], size="2", weight="medium"),
        rx.cond(
            S.editing > 0,
            rx.vstack(
                rx.cond(S.file_rows.length() > 0,
                        rx.vstack(rx.foreach(S.file_rows, _file_row),
                                  spacing="2", width="100%", id="job-attachments"),
                        rx.text(T["attach.none"], size="2", color_scheme="gray")),
                _drop_zone(),
                rx.cond(S.uploading, rx.hstack(rx.spinner(size="1"),
                                               rx.text(T["common.loading"], size="1"))),
                spacing="2", width="100%"),
            rx.callout(T["attach.save_first"], icon="info", size="1", color_scheme="gray",
                       id="job-attachments-save-first", width="100%"),
        ),
        rx.text(T["attach.hint"], size="1", color_scheme="gray"),
        rx.cond(S.file_error != "", rx.text(S.file_error, color_scheme="red", size="2",
                                            id="job-attachment-error")),
        rx.cond(S.file_notice != "", rx.text(S.file_notice, color_scheme="green", size="2",
                                             id="job-attachment-notice")),
        spacing="2", width="100%",
    )
