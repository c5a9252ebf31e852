"""SQLModel tables (one schema) and the plain interchange data that flows between stages."""

from models.audit import AccessEvent, AuditChainHead, AuditCheckpoint, DestructionRecord, Disclosure
from models.auth import ApiKey, Webhook, WebhookDelivery, WebSession
from models.calls import Agent, Call, Job, Organization, PhiSpanRow, TranscriptSegmentRow, User
from models.coaching import CoachingNote
from models.scoring import (
    CalibrationRating,
    CalibrationSession,
    CriterionScore,
    Dispute,
    ReviewOverride,
    RubricVersion,
    Score,
)

__all__ = [
    "AccessEvent",
    "Agent",
    "ApiKey",
    "AuditChainHead",
    "AuditCheckpoint",
    "CalibrationRating",
    "CalibrationSession",
    "Call",
    "CoachingNote",
    "CriterionScore",
    "DestructionRecord",
    "Disclosure",
    "Dispute",
    "Job",
    "Organization",
    "PhiSpanRow",
    "ReviewOverride",
    "RubricVersion",
    "Score",
    "TranscriptSegmentRow",
    "User",
    "WebSession",
    "Webhook",
    "WebhookDelivery",
]
