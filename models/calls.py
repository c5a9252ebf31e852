"""Organizations, people, calls and what the pipeline stores for each call."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """Aware UTC now: sqlmodel stores aware datetimes and refuses naive ones."""
    return datetime.now(UTC)


class Organization(SQLModel, table=True):
    """A covered entity we serve. ``settings`` holds non-PHI configuration (retention, staff names,
    the organization's own phone numbers and addresses, verification identifiers, vocabulary)."""

    id: str = Field(primary_key=True, max_length=64)
    name: str
    settings: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class Agent(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=64)
    org_id: str = Field(foreign_key="organization.id", index=True)
    name: str = ""
    team: str | None = Field(default=None, index=True)
    coach_user_id: int | None = None
    created_at: datetime = Field(default_factory=utcnow)


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    org_id: str = Field(foreign_key="organization.id", index=True)
    username: str = Field(index=True, unique=True, max_length=128)
    display_name: str = ""
    role: str = Field(max_length=32)  # platform | qa_analyst | coach | compliance_officer | admin
    team: str | None = None
    password_hash: str | None = None
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow)


class Call(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("org_id", "audio_sha256", name="uq_call_org_audio"),
        Index("ix_call_agent_started_at", "agent_id", "started_at"),
    )

    id: str = Field(primary_key=True, max_length=36)
    org_id: str = Field(foreign_key="organization.id", index=True)
    agent_id: str | None = Field(default=None, foreign_key="agent.id", index=True)
    external_id: str | None = Field(default=None, index=True, max_length=128)
    call_type: str = Field(default="unknown", index=True, max_length=64)
    direction: str = Field(default="inbound", max_length=16)
    started_at: datetime | None = Field(default=None, index=True)
    duration: float | None = None
    source: str = Field(default="audio", max_length=16)  # audio | transcript
    source_name: str = ""  # original file name, never shown in logs
    channel_layout: str | None = Field(default=None, max_length=16)  # mono | stereo | stereo-identical
    channel_roles: list[str] = Field(default_factory=lambda: ["agent", "caller"], sa_column=Column(JSON))
    audio_sha256: str = Field(max_length=64, index=True)
    status: str = Field(default="received", index=True, max_length=16)
    failed_stage: str | None = None
    failure_reason: str | None = None
    attempts: int = 0
    # Storage keys of encrypted blobs (raw audio, raw transcript, captured record) and plain
    # redacted outputs. Keys are opaque ids, never file names that could carry PHI.
    raw_audio_key: str | None = None
    raw_transcript_key: str | None = None
    record_key: str | None = None
    redacted_audio_key: str | None = None
    call_metadata: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    asr_confidence: float | None = None
    review_priority: int | None = Field(default=None, index=True)
    assigned_to: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow, index=True)
    updated_at: datetime = Field(default_factory=utcnow)


class TranscriptSegmentRow(SQLModel, table=True):
    """One segment of the REDACTED transcript (the unredacted one is an encrypted blob)."""

    __tablename__ = "transcript_segment"
    __table_args__ = (UniqueConstraint("call_id", "idx", name="uq_segment_call_idx"),)

    id: int | None = Field(default=None, primary_key=True)
    call_id: str = Field(foreign_key="call.id", index=True)
    idx: int
    speaker: str = Field(max_length=16)
    start: float
    end: float
    text: str
    words: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    confidence: float | None = None


class PhiSpanRow(SQLModel, table=True):
    __tablename__ = "phi_span"

    id: int | None = Field(default=None, primary_key=True)
    call_id: str = Field(foreign_key="call.id", index=True)
    segment: int
    start: int
    end: int
    type: str = Field(max_length=32, index=True)
    score: float
    recognizer: str = ""
    token: str | None = None  # encrypted original value, for audited re-identification


class Job(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=36)
    call_id: str = Field(foreign_key="call.id", index=True)
    kind: str = Field(default="process", max_length=32)
    status: str = Field(default="queued", index=True, max_length=16)  # queued | running | done | failed
    attempts: int = 0
    error: str | None = None
    progress: float = 0.0
    # Unique: two API processes racing on one key cannot both create a job.
    idempotency_key: str | None = Field(default=None, index=True, unique=True, max_length=160)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
