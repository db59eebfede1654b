"""Notification emails: which group a notification belongs to, each user's choices, and the
outbox row written beside the in-app notification.

Nothing is sent here: `queue` adds an `EmailOutbox` row in the caller's transaction (so an
action that rolls back sends nothing) and vamarket/sweep/outbox.py drains the outbox. Emails
are queued only when SMTP settings are given, to users with a verified email who did not turn
that group of emails off. The text is the in-app notification's own catalog sentence, in the
reader's language, with the link made absolute from PUBLIC_URL.
"""

from __future__ import annotations

from sqlmodel import Session, select

from vamarket.errors import InvalidInput
from vamarket.i18n import translate
from vamarket.models import User
from vamarket.models.mail import EmailOptOut, EmailOutbox
from vamarket.services import audit
from vamarket.services.notification_views import render_text, safe_link
from vamarket.settings import SUPPORTED_LOCALES, get_settings

# What a user turns on or off; `EmailOptOut.kind` holds one of these group names, so a
# notification kind added later falls under its group's existing choice.
GROUPS = ("jobs", "contract", "money", "messages")
_KIND_GROUP = {
    "message": "messages",
    "hired": "jobs",
    "milestone_released": "money",
    "payout_details_missing": "money",
    "reversal": "money",
}
_PREFIX_GROUP = (
    ("quote_", "jobs"), ("job_", "jobs"), ("saved_search", "jobs"),
    ("hourly_", "money"), ("payment", "money"), ("payout", "money"), ("refund", "money"),
    ("charge", "money"), ("release", "money"),
)
DEFAULT_GROUP = "contract"  # milestones, timesheets, disputes, reviews, pilot decisions
SUBJECT_MAX = 300
BODY_MAX = 10_000


def group_of(kind: str) -> str:
    """The email group a notification kind belongs to."""
    if kind in _KIND_GROUP:
        return _KIND_GROUP[kind]
    return next((group for prefix, group in _PREFIX_GROUP if kind.startswith(prefix)), DEFAULT_GROUP)


def absolute_url(link: str) -> str:
    """The notification's link as an absolute URL on the public site."""
    return get_settings().public_url.rstrip("/") + safe_link(link)


def render(kind: str, payload: dict, link: str, locale: str, name: str = "") -> tuple[str, str]:
    """(subject, body) of a notification email in `locale`."""
    text = render_text(kind, payload, locale)
    lines = [
        translate(locale, "email.greeting", name=name) if name else translate(locale, "email.hello"),
        "",
        text,
        "",
        translate(locale, "email.open", url=absolute_url(link)),
        "",
        "-- ",
        translate(locale, "email.footer", url=absolute_url("/account")),
    ]
    subject = translate(locale, "email.subject", text=text)
    return subject[:SUBJECT_MAX], "\n".join(lines)[:BODY_MAX]


def _opted_out(session: Session, user_id: int, group: str) -> bool:
    return session.get(EmailOptOut, (user_id, group)) is not None


def queue(session: Session, *, user_id: int, kind: str, link: str, payload: dict) -> EmailOutbox | None:
    """Queue the email for a notification in the caller's transaction, or None when email is
    off, the user has no verified email, is not active, or turned this group off."""
    if not get_settings().email_enabled:
        return None
    user = session.get(User, user_id)
    if user is None or user.status != "active" or not user.email or not user.email_verified:
        return None
    if _opted_out(session, user_id, group_of(kind)):
        return None
    locale = user.locale if user.locale in SUPPORTED_LOCALES else get_settings().default_locale
    subject, body = render(kind, payload, link, locale, user.display_name)
    row = EmailOutbox(user_id=user_id, to_address=user.email, subject=subject, body=body)
    session.add(row)
    return row


def preferences(session: Session, *, actor: User) -> dict[str, bool]:
    """Which groups of notification emails the actor gets ({group: on})."""
    off = set(session.exec(select(EmailOptOut.kind).where(EmailOptOut.user_id == actor.id)).all())
    return {group: group not in off for group in GROUPS}


def set_preference(session: Session, *, actor: User, group: str, enabled: bool) -> dict[str, bool]:
    """Turn one group of the actor's notification emails on or off (saving it twice is
    harmless); returns the actor's choices."""
    if group not in GROUPS or not isinstance(enabled, bool):
        raise InvalidInput("error.email_group_invalid", field="email_group")
    existing = session.get(EmailOptOut, (actor.id, group))
    if enabled and existing is not None:
        session.delete(existing)
    elif not enabled and existing is None:
        session.add(EmailOptOut(user_id=actor.id, kind=group))
    session.flush()
    audit.record(session, actor_id=actor.id, action="email_preference.set", object_type="user",
                 object_id=actor.id, group=group, enabled=enabled)
    return preferences(session, actor=actor)
