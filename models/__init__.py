"""SQLModel tables (one schema) and the plain interchange data that flows between stages."""

from models.calls import Agent, Call, Job, Organization, PhiSpanRow, TranscriptSegmentRow, User
from models.scoring import CriterionScore, Dispute, ReviewOverride, RubricVersion, Score

__all__ = [
    "Agent",
    "Call",
    "CriterionScore",
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
