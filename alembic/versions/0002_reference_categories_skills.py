"""reference data: the shared category and skill lists

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 20:00:00

Slugs only; display names come from the catalogs (`category.<slug>`, `skill.<slug>`).
"""
import sqlalchemy as sa

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

CATEGORIES: dict[str, tuple[str, ...]] = {
    "admin_support": ("email_management", "calendar_management", "travel_planning",
                      "document_preparation", "meeting_notes"),
    "customer_service": ("live_chat", "email_support", "phone_support", "helpdesk_tickets"),
    "social_media": ("social_media_management", "content_scheduling", "community_management",
                     "instagram", "facebook_ads", "tiktok"),
    "bookkeeping": ("quickbooks", "xero", "invoicing", "payroll", "expense_tracking"),
    "content_writing": ("blog_writing", "copywriting", "proofreading", "seo_writing",
                        "translation_en_id"),
    "data_entry": ("data_entry", "spreadsheets", "crm_updates", "web_scraping"),
    "ecommerce": ("shopify", "product_listing", "order_processing", "marketplace_management"),
    "research": ("market_research", "lead_generation", "online_research"),
    "design": ("canva", "graphic_design", "video_editing", "presentation_design"),
    "project_management": ("task_tracking", "notion", "team_coordination", "reporting"),
}

categories = sa.table("categories", sa.column("id", sa.Integer), sa.column("slug", sa.String))
skills = sa.table("skills", sa.column("id", sa.Integer), sa.column("slug", sa.String),
                  sa.column("category_id", sa.Integer))


def upgrade() -> None:
    conn = op.get_bind()
    existing = {row.slug for row in conn.execute(sa.select(categories.c.slug))}
    new = [{"slug": slug} for slug in CATEGORIES if slug not in existing]
    if new:
        op.bulk_insert(categories, new)
    ids = {row.slug: row.id for row in conn.execute(sa.select(categories.c.id, categories.c.slug))}
    have = {row.slug for row in conn.execute(sa.select(skills.c.slug))}
    rows = [{"slug": skill, "category_id": ids[cat]}
            for cat, names in CATEGORIES.items() for skill in names if skill not in have]
    if rows:
        op.bulk_insert(skills, rows)


def downgrade() -> None:
    all_skills = [s for names in CATEGORIES.values() for s in names]
    op.execute(skills.delete().where(skills.c.slug.in_(all_skills)))
    op.execute(categories.delete().where(categories.c.slug.in_(list(CATEGORIES))))
