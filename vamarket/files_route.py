"""GET /files/<id>: an attached file, for the signed-in people allowed to read it.

Attachments live in the private files folder, which nothing serves directly; this route resolves
the reader from the session cookie and asks vamarket/services/file_access.py. A file the reader
may not see answers 404, the same as a file that does not exist.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

from vamarket.auth.providers import auth_base_url
from vamarket.auth.sessions import SESSION_COOKIE, user_for_token
from vamarket.db import session_scope
from vamarket.models import Attachment
from vamarket.services import attachments, file_access
from vamarket.settings import get_settings

_INLINE = {"png", "jpg", "jpeg", "gif", "webp", "pdf"}


def _find(token: str, attachment_id: int):
    with session_scope() as session:
        user = user_for_token(session, token)
        attachment = session.get(Attachment, attachment_id)
        if attachment is None or not file_access.may_read(session, user, attachment):
            return None
        return attachments.stored_file(attachment), attachment.filename


async def download(request: Request) -> Response:
    """The file, or 404 for a missing file and for a reader who may not see it."""
    try:
        attachment_id = int(request.path_params["attachment_id"])
    except ValueError:
        attachment_id = 0
    token = request.cookies.get(SESSION_COOKIE, "")
    found = await run_in_threadpool(_find, token, attachment_id) if attachment_id > 0 else None
    if found is None or found[0] is None or not found[0].is_file():
        return PlainTextResponse("Not found", status_code=404)
    path, filename = found
    inline = path.suffix.lstrip(".") in _INLINE
    response = FileResponse(path, filename=filename,
                            content_disposition_type="inline" if inline else "attachment")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def files_prefix() -> str:
    """What goes before `/files/<id>` in a link: nothing when pages and backend share an origin
    (production), the backend's address in development (pages on another port)."""
    settings = get_settings()
    base = auth_base_url(settings)
    return "/files/" if base == settings.public_url else f"{base}/files/"


def build_files_app() -> Starlette:
    """A Starlette app serving GET /files/<id>."""
    return Starlette(routes=[Route("/files/{attachment_id}", download, methods=["GET"])])
