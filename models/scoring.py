"""Rubric versions, machine scores, human overrides, disputes and calibration."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.calls import utcnow


class RubricVersion(SQLModel, table=True):
    __tablename__ = "rubric_version"
    __table_args__ = (UniqueConstraint("org_id", "rubric_id", "version", name="uq_rubric_version"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: str | None = Field(default=None, foreign_key="organization.id", index=True)
    rubric_id: str = Field(max_length=64, index=True)
    version: int
    name: str = ""
    yaml_text: str = Field(sa_column=Column(Text, nullable=False))
    created_by: int | None = None
    created_at: datetime = Field(default_factory=utcnow)


class Score(SQLModel, table=True):
    # Scorecards read one agent's scores over a period.
    __table_args__ = (Index("ix_score_agent_scored_at", "agent_id", "scored_at"),)

    id: int | None = Field(default=None, primary_key=True)
    call_id: str = Field(foreign_key="call.id", index=True, unique=True)
    org_id: str = Field(foreign_key="organization.id", index=True)
    agent_id: str | None = Field(default=None, index=True)
    rubric_id: str = Field(max_length=64)
    rubric_version: int
    total: float
    human_total: float | None = None  # after overrides; the one that stands when present
    auto_failed: bool = False
    flags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    result: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    scored_at: datetime = Field(default_factory=utcnow, index=True)


class CriterionScore(SQLModel, table=True):
    __tablename__ = "criterion_score"

    id: int | None = Field(default=None, primary_key=True)
    score_id: int = Field(foreign_key="score.id", index=True)
    call_id: str = Field(foreign_key="call.id", index=True)
    criterion_id: str = Field(max_length=64)
    kind: str = Field(max_length=32, index=True)
    score: float
    max: float
    passed: bool | None = None
    confidence: float = 1.0
    evidence: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    human_score: float | None = None
    human_passed: bool | None = None


class ReviewOverride(SQLModel, table=True):
    __tablename__ = "review_override"

    id: int | None = Field(default=None, primary_key=True)
    call_id: str = Field(foreign_key="call.id", index=True)
    criterion_id: str = Field(max_length=64)
    user_id: int | None = Field(default=None, foreign_key="user.id")
    score: float
    passed: bool | None = None
    reason: str
    created_at: datetime = Field(default_factory=utcnow)


class Dispute(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    call_id: str = Field(foreign_key="call.id", index=True)
    criterion_id: str | None = None
    agent_id: str | None = None
    reason: str
    status: str = Field(default="raised", max_length=24)  # raised | accepted | partially_accepted | rejected
    resolution: str | None = None
    resolved_by: int | None = None
    created_at: datetime = Field(default_factory=utcnow)
    resolved_at: datetime | None = None


class CalibrationSession(SQLModel, table=True):
    """Several analysts score the same call; agreement is computed from their ratings."""

    __tablename__ = "calibration_session"

    id: int | None = Field(default=None, primary_key=True)
    org_id: str = Field(foreign_key="organization.id", index=True)
    call_id: str = Field(foreign_key="call.id", index=True)
    name: str = Field(default="", max_length=128)
    created_by: int | None = Field(default=None, foreign_key="user.id")
    status: str = Field(default="open", max_length=16)  # open | closed
    created_at: datetime = Field(default_factory=utcnow)


class CalibrationRating(SQLModel, table=True):
    __tablename__ = "calibration_rating"
    __table_args__ = (UniqueConstraint("session_id", "user_id", name="uq_calibration_rating"),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="calibration_session.id", index=True)
    user_id: int = Field(foreign_key="user.id")
    # criterion id -> passed (true/false, null = not applicable)
    ratings: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
