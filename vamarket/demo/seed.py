"""Demo data for `make run`: clients, VAs, an agency and open jobs in several categories.

The demo people sign in through the demo provider with verified emails, so sign-in links
to these accounts by email. Seeding twice changes nothing.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from vamarket.demo.people import DEMO_PEOPLE
from vamarket.models import (
    Agency,
    AgencyMember,
    Category,
    ClientProfile,
    Job,
    User,
    VAProfile,
)
from vamarket.models.base import utcnow

_VA_PROFILES = {
    "va-dewi": ("Admin support and inbox management", 1200, "USD", "en,id", "Asia/Jakarta", 30),
    "va-budi": ("Bookkeeping with Xero and Jurnal.id", 150_000, "IDR", "id,en", "Asia/Jakarta", 20),
    "va-rina": ("Social media content for small shops", 900, "USD", "id", "Asia/Makassar", 25),
    "agency-owner-andi": ("Founder of a VA team in Bandung", 1500, "USD", "id,en", "Asia/Jakarta", 10),
}

_CLIENTS = {
    "client-sari": ("Sari Wijaya", "Toko Batik Sari", "ID"),
    "client-tom": ("Tom Becker", "Becker Consulting", "DE"),
}

# (client subject, category slug, title, description, type, currency, min, max, hours/week, pilot)
_JOBS = (
    ("client-tom", "admin_support", "Inbox and calendar assistant (10 h/week)",
     "Keep my inbox at zero, schedule client calls across time zones and prepare a short "
     "daily summary. English required; Google Workspace experience a plus.",
     "hourly", "USD", 800, 1500, 10, ""),
    ("client-sari", "social_media", "Instagram content for a batik shop",
     "Plan and post 12 Instagram posts a month with captions in Bahasa Indonesia and English, "
     "answer comments, and report on reach every month.",
     "fixed", "IDR", 4_500_000, 4_500_000, 0, "Three sample posts with captions"),
    ("client-sari", "bookkeeping", "Monthly bookkeeping in Jurnal.id",
     "Record sales and expenses from marketplace exports, reconcile the bank account and "
     "prepare the monthly profit and loss report.",
     "fixed", "IDR", 3_000_000, 3_000_000, 0, ""),
    ("client-tom", "research", "Market research: coworking spaces in Bali",
     "Compile a spreadsheet of 50 coworking spaces in Bali with prices, capacity, contact "
     "details and reviews, plus a one-page summary.",
     "fixed", "USD", 40000, 40000, 0, "Ten spaces first, to check the format"),
)


def _category_ids(session: Session) -> dict[str, int]:
    return {c.slug: c.id for c in session.exec(select(Category)).all() if c.id is not None}


def seed_demo(session: Session) -> bool:
    """Create the demo records unless they exist; True when something was created."""
    first = DEMO_PEOPLE[0]
    if session.exec(select(User).where(User.email == first.email)).first():
        return False
    users: dict[str, User] = {}
    for person in DEMO_PEOPLE:
        user = User(email=person.email, email_verified=True, display_name=person.name,
                    is_client=person.is_client, is_va=person.is_va, onboarded=True)
        session.add(user)
        session.flush()
        users[person.subject] = user
    for subject, (headline, rate, currency, langs, tz, hours) in _VA_PROFILES.items():
        session.add(VAProfile(user_id=users[subject].id, headline=headline,
                              bio=f"{users[subject].display_name}: {headline.lower()}.",
                              hourly_rate_minor=rate, rate_currency=currency,
                              languages=langs, timezone=tz, hours_per_week=hours))
    for subject, (name, company, country) in _CLIENTS.items():
        session.add(ClientProfile(user_id=users[subject].id, name=name, company=company,
                                  country=country))
    agency = Agency(owner_id=users["agency-owner-andi"].id, name="Bandung Virtual Team",
                    slug="bandung-virtual-team",
                    description="Five VAs covering admin, bookkeeping and social media.")
    session.add(agency)
    session.flush()
    for subject in ("agency-owner-andi", "va-budi"):
        session.add(AgencyMember(agency_id=agency.id, user_id=users[subject].id))
    _seed_jobs(session, users)
    session.flush()
    return True


def _seed_jobs(session: Session, users: dict[str, User]) -> None:
    categories = _category_ids(session)
    now = utcnow()
    for age, row in enumerate(_JOBS):
        subject, slug, title, description, kind, currency, low, high, hours, pilot = row
        published = now - timedelta(days=age + 1)
        session.add(Job(
            client_id=users[subject].id, title=title, description=description,
            category_id=categories.get(slug), budget_type=kind, currency=currency,
            budget_min_minor=low, budget_max_minor=high, hours_per_week=hours,
            duration_weeks=4 + age * 2, down_payment_percent=25 if kind == "fixed" else 0,
            pilot_scope=pilot, pilot_budget_minor=(low // 10 if pilot else 0),
            status="open", created_at=published, published_at=published, updated_at=published))
