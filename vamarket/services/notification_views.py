"""What a notification looks like to its reader: text in their language, a safe link, the time.

Notifications store only `kind`, a JSON `payload` and a `link`; the text is rendered here when
read, so the reader's current language is used (and a change of wording applies to old rows).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlmodel import Session

from vamarket.i18n import catalog, translate
from vamarket.i18n.format import format_moment
from vamarket.models import Notification, User
from vamarket.services import notifications

GENERIC_KEY = "notifications.generic"
FALLBACK_LINK = "/notifications"
TITLE_MAX = 200


@dataclass(frozen=True)
class NotificationView:
    """One notification ready to show: plain strings only."""

    id: int
    text: str
    when: str
    link: str
    unread: bool


def payload_of(notification: Notification) -> dict:
    """The payload as a dict; a malformed or non-object payload reads as empty."""
    try:
        data = json.loads(notification.payload or "{}")
    except (TypeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def render_text(kind: str, payload: dict, locale: str) -> str:
    """The notification's sentence in `locale` from the `notification.<kind>` catalog message;
    kinds without one get a generic sentence."""
    key = f"notification.{kind}"
    if key not in catalog(locale) and key not in catalog("en"):
        return translate(locale, GENERIC_KEY)
    title = str(payload.get("title") or "").strip()[:TITLE_MAX]
    return translate(locale, key, title=title)


def safe_link(link: str) -> str:
    """The notification's link when it is a path on this site, else the notifications page."""
    link = (link or "").strip()
    if not link.startswith("/") or link.startswith("//") or "\\" in link:
        return FALLBACK_LINK
    return link


def view(notification: Notification, locale: str) -> NotificationView:
    """One notification rendered for a reader of `locale`."""
    return NotificationView(
        id=notification.id or 0,
        text=render_text(notification.kind, payload_of(notification), locale),
        when=format_moment(notification.created_at, locale),
        link=safe_link(notification.link),
        unread=notification.read_at is None,
    )


def views_for(session: Session, *, actor: User, locale: str, limit: int = 50) -> list[NotificationView]:
    """The actor's newest notifications, rendered in `locale`, newest first."""
    return [view(n, locale) for n in notifications.list_for(session, actor=actor, limit=limit)]


def open_notification(session: Session, *, actor: User, notification_id: int) -> str:
    """Mark one of the actor's notifications read and return where it points.

    Someone else's (or a missing) notification raises NotFound and changes nothing.
    """
    notifications.mark_read(session, actor=actor, notification_id=notification_id)
    return safe_link(session.get(Notification, notification_id).link)
