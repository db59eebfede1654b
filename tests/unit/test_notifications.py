"""Notifications: newest first, unread counts, marking read (own only), text in each language."""

from __future__ import annotations

import re

import pytest

from tests.unit.work_factories import fixed_job, fixed_quote
from vamarket.errors import NotFound
from vamarket.i18n import catalog
from vamarket.models import Notification
from vamarket.services import jobs, notification_views, notifications, quotes
from vamarket.settings import PROJECT_ROOT

TITLE = "Inbox cleanup"
EXPECTED = {
    "quote_received": ("New quote on “Inbox cleanup”", "Penawaran baru untuk “Inbox cleanup”"),
    "quote_declined": ("Your quote on “Inbox cleanup” was declined",
                       "Penawaran Anda untuk “Inbox cleanup” ditolak"),
    "hired": ("You were hired for “Inbox cleanup”", "Anda direkrut untuk “Inbox cleanup”"),
    "job_filled": ("“Inbox cleanup” hired another VA", "“Inbox cleanup” merekrut VA lain"),
    "job_edited": ("“Inbox cleanup” was changed after you quoted",
                   "“Inbox cleanup” diubah setelah Anda mengirim penawaran"),
    "message": ("New message", "Pesan baru"),
    "saved_search_match": ("New job matching your saved search: “Inbox cleanup”",
                           "Lowongan baru sesuai pencarian tersimpan Anda: “Inbox cleanup”"),
}


def _notify_three(db, user) -> list[Notification]:
    for n in range(3):
        notifications.notify(db, user_id=user.id, kind="quote_received", link=f"/jobs/{n}/quotes",
                             job_id=n, title=f"Job {n}")
    db.flush()
    return notifications.list_for(db, actor=user)


def test_newest_first_and_only_the_readers_own(db, make_user):
    reader, other = make_user(is_client=True), make_user(is_client=True)
    notifications.notify(db, user_id=other.id, kind="hired", link="/contracts/1", title="Theirs")
    rows = _notify_three(db, reader)
    assert [r.link for r in rows] == ["/jobs/2/quotes", "/jobs/1/quotes", "/jobs/0/quotes"]
    views = notification_views.views_for(db, actor=reader, locale="en")
    assert [v.text for v in views] == ["New quote on “Job 2”", "New quote on “Job 1”",
                                       "New quote on “Job 0”"]
    assert all(v.unread and v.when for v in views)
    assert len(notifications.list_for(db, actor=other)) == 1


def test_unread_count_and_mark_one_then_all(db, make_user):
    reader = make_user(is_client=True)
    rows = _notify_three(db, reader)
    assert notifications.unread_count(db, actor=reader) == 3
    link = notification_views.open_notification(db, actor=reader, notification_id=rows[1].id)
    assert link == "/jobs/1/quotes"
    assert notifications.unread_count(db, actor=reader) == 2
    # opening it again is harmless (a re-sent event) and keeps the first read time
    first_read = db.get(Notification, rows[1].id).read_at
    notification_views.open_notification(db, actor=reader, notification_id=rows[1].id)
    assert db.get(Notification, rows[1].id).read_at == first_read
    assert [v.unread for v in notification_views.views_for(db, actor=reader, locale="en")] == [
        True, False, True]
    notifications.mark_read(db, actor=reader)
    assert notifications.unread_count(db, actor=reader) == 0
    assert not any(v.unread for v in notification_views.views_for(db, actor=reader, locale="id"))


def test_someone_elses_notification_is_refused_and_unchanged(db, make_user):
    owner, intruder = make_user(is_va=True), make_user(is_va=True)
    [theirs] = _notify_three(db, owner)[:1]
    mine = _notify_three(db, intruder)
    with pytest.raises(NotFound):
        notification_views.open_notification(db, actor=intruder, notification_id=theirs.id)
    with pytest.raises(NotFound):
        notifications.mark_read(db, actor=intruder, notification_id=theirs.id)
    with pytest.raises(NotFound):
        notification_views.open_notification(db, actor=intruder, notification_id=10**9)
    db.flush()
    assert db.get(Notification, theirs.id).read_at is None
    assert notifications.unread_count(db, actor=owner) == 3
    assert notifications.unread_count(db, actor=intruder) == len(mine) == 3
    # marking all of the intruder's own leaves the owner's alone
    notifications.mark_read(db, actor=intruder)
    assert notifications.unread_count(db, actor=owner) == 3


def test_services_create_notifications_the_page_can_render(db, make_user):
    client, va = make_user(is_client=True), make_user(is_va=True)
    job = jobs.create_job(db, actor=client, data=fixed_job(), publish=True)
    quotes.send_quote(db, actor=va, job_id=job.id, data=fixed_quote())
    [view] = notification_views.views_for(db, actor=client, locale="id")
    assert view.text == f"Penawaran baru untuk “{job.title}”"
    assert view.link == f"/jobs/{job.id}/quotes" and view.unread


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_each_kind_renders_in_both_languages(kind):
    english, indonesian = EXPECTED[kind]
    payload = {"title": TITLE, "job_id": 7}
    assert notification_views.render_text(kind, payload, "en") == english
    assert notification_views.render_text(kind, payload, "id") == indonesian


def test_every_kind_the_services_send_has_text_in_both_languages():
    sent = set()
    for path in [*(PROJECT_ROOT / "vamarket" / "services").glob("*.py"),
                 *(PROJECT_ROOT / "vamarket" / "payments").glob("*.py")]:
        source = path.read_text(encoding="utf-8")
        sent |= set(re.findall(r"""notify\([^)]*?kind=["']([a-z_]+)["']""", source))
        sent |= set(re.findall(r"""MATCH_KIND = ["']([a-z_]+)["']""", source))
    assert set(EXPECTED) <= sent
    for locale in ("en", "id"):
        missing = sorted(k for k in sent if f"notification.{k}" not in catalog(locale))
        assert not missing, f"{locale}: no notification.<kind> text for {missing}"


def test_odd_rows_still_render_safely():
    assert notification_views.render_text("no_such_kind", {}, "en") == "You have an update on vamarket"
    assert notification_views.render_text("no_such_kind", {}, "id").startswith("Ada kabar baru")
    assert notification_views.render_text("hired", {}, "en") == "You were hired for “”"
    assert notification_views.render_text("message", {"title": "{x}"}, "en") == "New message"
    assert (notification_views.render_text("hired", {"title": "{0} {x}"}, "en")
            == "You were hired for “{0} {x}”")
    broken = Notification(user_id=1, kind="hired", payload="not json", link="https://evil.test")
    assert notification_views.payload_of(broken) == {}
    assert notification_views.view(broken, "en").link == "/notifications"
    for bad in ("", "//evil.test/x", "javascript:alert(1)", "/\\evil.test"):
        assert notification_views.safe_link(bad) == "/notifications"
    assert notification_views.safe_link("/contracts/3") == "/contracts/3"
