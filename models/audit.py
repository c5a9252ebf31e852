"""Audit tables: the tamper-evident access log, its signed checkpoints, disclosures and destructions.

Nothing in these tables is PHI: patients are referenced by an internal id (``patient_ref``), details
hold ids and counts only. The hashing rules live in ``audits/chain.py``; these are just the rows.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _naive_utc_column(index: bool = False, nullable: bool = False) -> Column:
    # Naive UTC on purpose: the hash chain covers the timestamp's exact text, which must not
    # depend on a session time zone (PostgreSQL timestamptz) or on a driver's offset handling.
    return Column(DateTime(timezone=False), nullable=nullable, index=index)

# Chain key of events that belong to no organization (failed logins of unknown users, system jobs).
SYSTEM_CHAIN = ""


class AccessEvent(SQLModel, table=True):
    """One audited action. ``chain`` is the organization id (or ``SYSTEM_CHAIN``); ``position``
    numbers the events of one chain from 1 with no gaps, and ``hash`` covers ``prev_hash``."""

    __tablename__ = "access_event"
    __table_args__ = (
        UniqueConstraint("chain", "position", name="uq_access_event_chain_position"),
        Index("ix_access_event_chain_ts", "chain", "ts"),
    )

    id: int | None = Field(default=None, primary_key=True)
    chain: str = Field(max_length=64)
    position: int
    org_id: str | None = Field(default=None, max_length=64, index=True)
    ts: datetime = Field(default_factory=utcnow, sa_column=_naive_utc_column())  # naive UTC
    actor: str = Field(max_length=128, index=True)  # user id/username, api key id, or "system"
    role: str = Field(max_length=32)
    action: str = Field(max_length=48, index=True)
    resource_type: str = Field(max_length=32)
    resource_id: str | None = Field(default=None, max_length=128)
    patient_ref: str | None = Field(default=None, max_length=128, index=True)
    purpose: str | None = Field(default=None, max_length=256)
    outcome: str = Field(default="allowed", max_length=16)  # allowed | denied
    client_addr: str | None = Field(default=None, max_length=64)
    # Canonical JSON text (sorted keys, no spaces): hashed byte for byte, so it is stored as text.
    details_json: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64, unique=True)

    @property
    def details(self) -> dict[str, Any]:
        return json.loads(self.details_json)


class AuditChainHead(SQLModel, table=True):
    """The last position and hash of each chain: the row writers lock so the chain never forks."""

    __tablename__ = "audit_chain_head"

    chain: str = Field(primary_key=True, max_length=64)
    length: int = 0
    head_hash: str = Field(max_length=64)
    checkpoints: int = 0
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_naive_utc_column())


class AuditCheckpoint(SQLModel, table=True):
    """A signed statement "chain C had N events ending in hash H", chained to the previous one."""

    __tablename__ = "audit_checkpoint"
    __table_args__ = (UniqueConstraint("chain", "seq", name="uq_audit_checkpoint_chain_seq"),)

    id: int | None = Field(default=None, primary_key=True)
    chain: str = Field(max_length=64, index=True)
    seq: int  # 1, 2, ... per chain
    length: int  # events in the chain when signed
    head_hash: str = Field(max_length=64)
    prev_checkpoint_hash: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_naive_utc_column())
    reason: str = Field(default="periodic", max_length=32)  # periodic | export | manual
    key_fingerprint: str = Field(max_length=64)
    signature: str = Field(max_length=128)  # hex Ed25519 signature over the canonical statement


class Disclosure(SQLModel, table=True):
    """A disclosure of PHI outside the covered entity, for the accounting of disclosures (164.528)."""

    id: int | None = Field(default=None, primary_key=True)
    org_id: str = Field(foreign_key="organization.id", index=True)
    patient_ref: str = Field(max_length=128, index=True)
    call_id: str | None = Field(default=None, foreign_key="call.id", index=True)
    disclosed_at: datetime = Field(default_factory=utcnow, sa_column=_naive_utc_column(index=True))
    recipient: str = Field(max_length=256)
    recipient_address: str | None = Field(default=None, max_length=512)
    description: str = Field(max_length=1024)  # brief description of the PHI disclosed
    purpose: str = Field(max_length=1024)
    recorded_by: str | None = Field(default=None, max_length=128)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_naive_utc_column())


class DestructionRecord(SQLModel, table=True):
    """What a retention purge destroyed, when, why and under which policy (164.316(b)(2))."""

    __tablename__ = "destruction_record"

    id: int | None = Field(default=None, primary_key=True)
    org_id: str = Field(foreign_key="organization.id", index=True)
    call_id: str | None = Field(default=None, max_length=36, index=True)
    item: str = Field(max_length=32)  # raw_audio | ...
    blob_key_sha256: str | None = Field(default=None, max_length=64)  # hash of the key, not the key
    call_created_at: datetime | None = Field(default=None, sa_column=_naive_utc_column(nullable=True))
    destroyed_at: datetime = Field(default_factory=utcnow, sa_column=_naive_utc_column(index=True))
    policy: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    method: str = Field(default="blob deleted; encrypted copy unlinked", max_length=128)
    actor: str = Field(default="system", max_length=128)
    event_id: int | None = None  # the retention_purge access event
