"""What a conversation looks like on a page: messages as plain rows with safe HTML text and
their files, shared by the /messages thread page and the contract room's Messages tab.

Message text is the sender's plain text: it is escaped, web addresses become links
(http and https only, opened in a new tab with rel="nofollow noopener noreferrer"), line breaks
are kept, and the result still goes through nh3 with an allow-list of `a` and `br`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

import nh3
from sqlmodel import Session

from vamarket.files_route import files_prefix
from vamarket.i18n.format import format_moment
from vamarket.models import User
from vamarket.services import attachments, threads

POLL_SECONDS = 2.5  # how often an open conversation checks for news
WATCH_LIMIT_SECONDS = 4 * 3600  # a forgotten tab stops checking after this long
_URL = re.compile(r"\bhttps?://[^\s<>\"']+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}'\""


@dataclass
class FileRow:
    """One file of a message: its name, size and download address."""

    id: str = ""
    name: str = ""
    size: str = ""
    url: str = ""


@dataclass
class MessageRow:
    """One message as shown: who sent it (mine or not), when, its text as safe HTML, files."""

    id: str = ""
    mine: bool = False
    sender: str = ""
    at: str = ""
    html: str = ""
    files: list[FileRow] = field(default_factory=list)


def _link(match: re.Match) -> str:
    url = match.group(0)
    tail = ""
    while url and url[-1] in _TRAILING:
        url, tail = url[:-1], url[-1] + tail
    return f'<a href="{url}" target="_blank">{url}</a>{tail}'


def message_html(body: str) -> str:
    """The message text as HTML that is safe to show: escaped, links clickable, lines kept."""
    escaped = escape(body or "", quote=False)
    linked = _URL.sub(_link, escaped).replace("\n", "<br>")
    return nh3.clean(linked, tags={"a", "br"}, attributes={"a": {"href", "target"}},
                     url_schemes={"http", "https"}, link_rel="nofollow noopener noreferrer")


def rows_for(session: Session, *, user: User, thread_id: int, locale: str) -> list[MessageRow]:
    """The thread's messages for `user` (a participant), oldest first; marks them read."""
    thread = threads.thread_for(session, actor=user, thread_id=thread_id)
    names = {uid: (u.display_name if u else "") for uid in (thread.client_id, thread.va_id)
             for u in [session.get(User, uid)]}
    found = threads.messages(session, actor=user, thread_id=thread.id)
    files = threads.files_of(session, found)
    prefix = files_prefix()
    return [MessageRow(
        id=str(m.id), mine=m.sender_id == user.id, sender=names.get(m.sender_id, ""),
        at=format_moment(m.created_at, locale), html=message_html(m.body),
        files=[FileRow(id=str(a.id), name=a.filename, url=f"{prefix}{a.id}",
                       size=attachments.size_text(a.size_bytes, locale)) for a in files[m.id]],
    ) for m in found]


async def read_uploads(files) -> list[tuple[str, bytes]]:
    """(name, bytes) of uploaded files, at most one more than a message takes and each read
    to one byte over the limit, so the service refuses what is too many or too big."""
    read: list[tuple[str, bytes]] = []
    for upload in list(files or [])[: threads.FILES_PER_MESSAGE + 1]:
        name = str(getattr(upload, "name", "") or "")
        read.append((name, await upload.read(attachments.MAX_FILE_BYTES + 1)))
    return read
