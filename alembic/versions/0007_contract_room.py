"""contract room: proposed milestones, pilot outcome, dispute statements, email

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-08 09:00:00

- `milestones.status` may be `proposed` (added by the client, not yet accepted by the VA);
  `milestones.due_reminded_at` marks the one "due soon" reminder.
- `contracts.pilot_outcome`: what the client chose after an approved pilot.
- `dispute_statements`: each side's statements in a dispute.
- `card_disputes.created_at` and `stripe_customers.updated_at` become UTC-aware timestamps.
- `email_opt_outs` and `email_outbox`: notification emails a user turned off, and the emails
  waiting to be sent.
"""
import sqlalchemy as sa
import sqlmodel

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_OLD = ("'planned','funded','submitted','revision_requested','approved',"
        "'released','refunded','disputed','cancelled'")
_NEW = "'proposed'," + _OLD


def _milestone_status(values: str) -> None:
    with op.batch_alter_table("milestones", recreate="auto") as batch:
        batch.drop_constraint("ck_milestones_status", type_="check")
        batch.create_check_constraint("ck_milestones_status", f"status IN ({values})")


def _utc_timestamps(type_, using: bool) -> None:
    """0005 declared two timestamps without a time zone; the models store UTC-aware ones."""
    for table, column in (("card_disputes", "created_at"), ("stripe_customers", "updated_at")):
        extra = {"postgresql_using": f"{column} AT TIME ZONE 'UTC'"} if using else {}
        with op.batch_alter_table(table) as batch:
            batch.alter_column(column, type_=type_, existing_nullable=False, **extra)


def upgrade() -> None:
    _utc_timestamps(sqlmodel.sql.sqltypes.UTCDateTime(), using=True)
    _milestone_status(_NEW)
    with op.batch_alter_table("milestones") as batch:
        batch.add_column(sa.Column("due_reminded_at", sqlmodel.sql.sqltypes.UTCDateTime(),
                                   nullable=True))
    with op.batch_alter_table("contracts") as batch:
        batch.add_column(sa.Column("pilot_outcome", sa.String(10), nullable=False,
                                   server_default=""))
    op.create_table(
        "dispute_statements",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("dispute_id", sa.Integer, sa.ForeignKey("disputes.id"), nullable=False,
                  index=True),
        sa.Column("author_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("body", sa.String(5000), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    )
    op.create_table(
        "email_opt_outs",
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("kind", sa.String(64), primary_key=True),
    )
    op.create_table(
        "email_outbox",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False, index=True),
        sa.Column("to_address", sa.String(320), nullable=False),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("body", sa.String(10000), nullable=False),
        sa.Column("status", sa.String(10), nullable=False, index=True),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("last_error", sa.String(500), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("sent_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.CheckConstraint("status IN ('pending','sent','failed')", name="ck_email_outbox_status"),
    )


def downgrade() -> None:
    op.drop_table("email_outbox")
    op.drop_table("email_opt_outs")
    op.drop_table("dispute_statements")
    with op.batch_alter_table("contracts") as batch:
        batch.drop_column("pilot_outcome")
    with op.batch_alter_table("milestones") as batch:
        batch.drop_column("due_reminded_at")
    _milestone_status(_OLD)
    _utc_timestamps(sa.DateTime(), using=False)
