"""Retention (45 CFR 164.316(b)(2)): raw audio is destroyed after the organization's configured period;
audit events and documentation are kept six years and are never purged here.

A purge deletes the encrypted blob first and then records it (access event + destruction record), so
a crash in between leaves a key whose blob is gone; the next run finds it again and records it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from audits.chain import record_event
from audits.signing import set_key_path
from models import Call, Organization
from models.audit import DestructionRecord
from qa_engine.settings import get_settings
from qa_engine.storage import BlobStore

AUDIT_RETENTION_YEARS = 6
set_key_path(lambda: get_settings().signing_key_path)


class RetentionError(ValueError):
    pass


def retention_days(org: Organization) -> int | None:
    """The organization's raw-audio retention in days (``settings["retention_days"]``), None if unset."""
    value = (org.settings or {}).get("retention_days")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise RetentionError(f"organization {org.id}: retention_days must be a whole number of days >= 1")
    return value


def retention_policy(org: Organization) -> dict[str, Any]:
    """The settings in force, as shown in evidence packets."""
    days = retention_days(org)
    return {
        "raw_audio_days": days,
        "raw_audio": f"destroyed {days} days after the call was received" if days else "kept (no period configured)",
        "audit_events_years": AUDIT_RETENTION_YEARS,
        "documentation_years": AUDIT_RETENTION_YEARS,
        "audit_events": "never purged by QA Engine; kept at least six years (164.316(b)(2)(i))",
    }


@dataclass
class PurgeResult:
    purged: list[str] = field(default_factory=list)  # call ids whose raw audio was destroyed
    blobs_missing: list[str] = field(default_factory=list)  # key set but blob already gone
    organizations: dict[str, int] = field(default_factory=dict)  # org id -> calls purged


def purge_expired_audio(
    session: Session, *, store: BlobStore | None = None, now: datetime | None = None, org_id: str | None = None,
    actor: str = "system", role: str = "system", dry_run: bool = False,
) -> PurgeResult:
    """Destroy raw audio older than each organization's ``retention_days``. The caller commits."""
    store = store or BlobStore()
    now = now or datetime.now(UTC)
    now = now.astimezone(UTC) if now.tzinfo else now.replace(tzinfo=UTC)
    result = PurgeResult()
    orgs = session.execute(select(Organization).order_by(Organization.id)).scalars().all()
    for org in orgs:
        if org_id is not None and org.id != org_id:
            continue
        days = retention_days(org)
        if days is None:
            continue
        cutoff = now - timedelta(days=days)
        calls = session.execute(
            select(Call).where(Call.org_id == org.id, Call.raw_audio_key.is_not(None), Call.created_at < cutoff)
            .order_by(Call.created_at)
        ).scalars().all()
        for call in calls:
            result.purged.append(call.id)
            result.organizations[org.id] = result.organizations.get(org.id, 0) + 1
            if dry_run:
                continue
            key = call.raw_audio_key
            if not store.delete(key):
                result.blobs_missing.append(call.id)
            call.raw_audio_key = None
            session.add(call)
            policy = {"retention_days": days, "cutoff": cutoff.strftime("%Y-%m-%dT%H:%M:%SZ")}
            event = record_event(
                session, org_id=org.id, actor=actor, role=role, action="retention_purge", resource_type="call",
                resource_id=call.id, details={"item": "raw_audio", **policy,
                                              "blob_was_present": call.id not in result.blobs_missing},
            )
            created = call.created_at
            session.add(DestructionRecord(
                org_id=org.id, call_id=call.id, item="raw_audio",
                blob_key_sha256=hashlib.sha256(key.encode()).hexdigest(),
                call_created_at=created.astimezone(UTC).replace(tzinfo=None) if created.tzinfo else created,
                policy=policy, actor=actor, event_id=event.id,
                method="encrypted blob unlinked" if call.id not in result.blobs_missing
                else "blob already absent; key cleared",
            ))
    session.flush()
    return result
