"""All tables; importing this module registers them on `SQLModel.metadata`."""

from vamarket.models.mail import EmailOptOut, EmailOutbox
from vamarket.models.money import (
    LedgerEntry,
    LedgerTransaction,
    Payment,
    StripeAccount,
    StripeEvent,
)
from vamarket.models.requests import CancellationRequest
from vamarket.models.social import (
    AuditLog,
    Dispute,
    DisputeStatement,
    Message,
    Notification,
    Review,
    SavedSearch,
    Thread,
)
from vamarket.models.users import (
    Agency,
    AgencyMember,
    AuthSession,
    Category,
    ClientProfile,
    Identity,
    Skill,
    User,
    VACategory,
    VAProfile,
    VASkill,
)
from vamarket.models.work import (
    Attachment,
    Contract,
    Job,
    JobSkill,
    Milestone,
    Quote,
    QuoteMilestone,
    TimeEntry,
    Timesheet,
)

__all__ = [
    "Agency", "AgencyMember", "Attachment", "AuditLog", "AuthSession", "CancellationRequest",
    "Category",
    "ClientProfile", "Contract", "Dispute", "DisputeStatement", "EmailOptOut", "EmailOutbox",
    "Identity", "Job", "JobSkill", "LedgerEntry",
    "LedgerTransaction", "Message", "Milestone", "Notification", "Payment", "Quote",
    "QuoteMilestone", "Review", "SavedSearch", "Skill", "StripeAccount", "StripeEvent",
    "Thread", "TimeEntry", "Timesheet", "User", "VACategory", "VAProfile", "VASkill",
]
