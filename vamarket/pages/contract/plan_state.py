"""The contract room's plan actions: the client proposes or cancels a milestone, the VA
accepts or declines a proposal and attaches files to the work it hands in, and the client
chooses how to go on after the pilot. The services decide who may do what; these handlers only
resolve the signed-in user, name the milestone by its position and show the outcome."""

from __future__ import annotations

from datetime import date

import reflex as rx

from vamarket.db import session_scope
from vamarket.errors import InvalidInput, ServiceError
from vamarket.i18n.format import parse_money
from vamarket.pages.contract.state import ContractState
from vamarket.services import attachments, milestones, pilot, submission_files

FILES_UPLOAD_ID = "submission-files-upload"


def _due_date(raw: object) -> date | None:
    text = str(raw or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise InvalidInput("error.date_invalid", field="due_date") from None


class PlanState(ContractState):
    """Milestone proposals, cancellations, submission files and the pilot decision."""

    files_pos: str = ""
    files_error: str = ""
    uploading: bool = False
    adding: bool = False

    def _milestone_id(self, session, user, position) -> int:
        return self._milestone(session, self._contract(session, user), position).id

    @rx.event
    def reset_dialogs(self):
        """On page load: no dialog left open from an earlier visit."""
        self.adding, self.files_pos, self.files_error, self.uploading = False, "", "", False

    @rx.event
    def set_adding(self, value: bool):
        """Open or close the "add a milestone" dialog."""
        self.adding = bool(value)

    @rx.event
    def propose_milestone(self, form: dict):
        """The client adds a milestone (title, amount, optional due date) for the VA to accept."""
        form = form if isinstance(form, dict) else {}

        def action(session, user, contract):
            amount = parse_money(str(form.get("amount", "") or "")[:32], contract.currency,
                                 self.locale)
            return milestones.propose(session, actor=user, contract_id=contract.id,
                                      title=str(form.get("title", "") or "")[:300],
                                      amount_minor=amount, due_date=_due_date(form.get("due_date")))
        if self._act(action, "room.proposed") is not None:
            self.adding = False

    @rx.event
    def accept_milestone(self, position: int):
        """The VA accepts a proposed milestone."""
        self._act(lambda s, u, c: milestones.accept(
            s, actor=u, milestone_id=self._milestone_id(s, u, position)), "room.accepted")

    @rx.event
    def decline_milestone(self, position: int):
        """The VA declines a proposed milestone."""
        self._act(lambda s, u, c: milestones.decline(
            s, actor=u, milestone_id=self._milestone_id(s, u, position)), "room.declined")

    @rx.event
    def cancel_milestone(self, position: int):
        """The client withdraws a proposal or cancels a milestone not funded yet."""
        self._act(lambda s, u, c: milestones.cancel(
            s, actor=u, milestone_id=self._milestone_id(s, u, position)), "room.cancelled")

    @rx.event
    def choose_pilot(self, outcome: str):
        """The client continues into the full contract, or ends it after the pilot."""
        choice = str(outcome or "")[:16]
        self._act(lambda s, u, c: pilot.choose(s, actor=u, contract_id=c.id, outcome=choice),
                  "room.pilot_continued" if choice == pilot.CONTINUE else "room.pilot_ended")

    @rx.event
    def open_files(self, position: str):
        """Open the files dialog of one milestone (the VA's)."""
        raw = str(position or "")
        self.files_pos = raw if raw.isdigit() and len(raw) < 6 else ""
        self.files_error = ""

    @rx.event
    def files_dialog(self, is_open: bool):
        """The files dialog was closed from the page."""
        if not is_open:
            self.files_pos, self.files_error = "", ""

    @rx.event
    async def add_submission_files(self, files: list[rx.UploadFile]):
        """Attach the dropped files to the milestone named by the open dialog."""
        self.files_error, self.uploading = "", True
        yield
        errors = []
        for upload in (files or [])[:submission_files.MAX_FILES]:
            data = await upload.read(attachments.MAX_FILE_BYTES + 1)
            name = attachments.clean_filename(upload.name)
            try:
                with session_scope() as session:
                    user = self._require_actor(session)
                    milestone_id = self._milestone_id(session, user, self.files_pos or "-1")
                    submission_files.add_file(session, actor=user, milestone_id=milestone_id,
                                              filename=upload.name or "", data=data)
            except (TypeError, ValueError):
                errors.append(self._text("error.not_found"))
            except ServiceError as err:
                text = self._error_text(err)
                errors.append(f"{name}: {text}" if name else text)
        self._act(lambda s, u, c: None)
        self.files_error, self.uploading = " ".join(errors), False

    @rx.event
    def files_rejected(self, rejected: list[dict]):
        """The browser refused files before sending them (type or size)."""
        self.files_error = self._text("error.files_rejected")

    @rx.event
    def remove_submission_file(self, attachment_id: str):
        """Remove a file not handed in yet."""
        raw = str(attachment_id or "")
        self._act(lambda s, u, c: submission_files.remove_file(
            s, actor=u, attachment_id=int(raw) if raw.isdigit() and len(raw) <= 12 else -1),
            "room.file_removed")
