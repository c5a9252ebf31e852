"""Coaching notes and goals a coach attaches to an agent's scorecard, and the agent's acknowledgement."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel

from models.calls import utcnow


class CoachingNote(SQLModel, table=True):
    """A note on one scorecard, i.e. one agent and one period (``period`` is its label, e.g. ``2026-10``,
    ``2026-W43``, ``2026-Q4`` or ``2026-10-01..2026-10-15``).

    ``goals`` is a list of ``{"text": str, "metric": str | None, "target": float | None}``; a goal with a
    metric (a scorecard figure such as ``empathy`` or ``avg_total``) is checked against later scorecards.
    The note is never PHI: coaches refer to calls by id.
    """

    __tablename__ = "coaching_note"

    id: int | None = Field(default=None, primary_key=True)
    org_id: str = Field(foreign_key="organization.id", index=True)
    agent_id: str = Field(foreign_key="agent.id", index=True)
    period: str = Field(max_length=32, index=True)
    period_start: datetime
    period_end: datetime  # exclusive
    author_user_id: int | None = Field(default=None, foreign_key="user.id")
    text: str = Field(sa_column=Column(Text, nullable=False))
    goals: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    call_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    acknowledged_at: datetime | None = None
    acknowledged_by_user_id: int | None = Field(default=None, foreign_key="user.id")
    agent_comment: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
