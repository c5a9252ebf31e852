"""SQLModel tables (one schema) and the plain interchange data that flows between stages."""

from models.audit import AccessEvent, AuditChainHead, AuditCheckpoint, DestructionRecord, Disclosure
from models.calls import Agent, Call, Job, Organization, PhiSpanRow, TranscriptSegmentRow, User
from models.coaching import CoachingNote
from models.scoring import CriterionScore, Dispute, ReviewOverride, RubricVersion, Score

__all__ = [
    "AccessEvent",
    "Agent",
    "AuditChainHead",
    "AuditCheckpoint",
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
]
