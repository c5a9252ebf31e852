"""Retention purges raw audio after the organization's period, records it, and keeps audit events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlmodel import SQLModel

import models  # noqa: F401
from audits.chain import verify_chain
from models import Call, Organization
from models.audit import AccessEvent, DestructionRecord


def test_purge_destroys_expired_raw_audio_only_and_leaves_a_record(qa_home):
    from qa_engine.db import get_engine, session_scope
    from qa_engine.retention import purge_expired_audio, retention_policy
    from qa_engine.storage import BlobStore

    SQLModel.metadata.create_all(get_engine())
    store = BlobStore()
    now = datetime(2026, 11, 1, tzinfo=UTC)
    keys = {name: store.put(b"RIFF fake audio " + name.encode(), "raw_audio") for name in ("old", "new", "kept")}
    with session_scope() as s:
        s.add(Organization(id="org", name="Clinic", settings={"retention_days": 30}))
        s.add(Organization(id="forever", name="No policy"))
        s.flush()
        s.add(Call(id="old", org_id="org", audio_sha256="1" * 64, raw_audio_key=keys["old"],
                   created_at=now - timedelta(days=31)))
        s.add(Call(id="new", org_id="org", audio_sha256="2" * 64, raw_audio_key=keys["new"],
                   created_at=now - timedelta(days=29)))
        s.add(Call(id="kept", org_id="forever", audio_sha256="3" * 64, raw_audio_key=keys["kept"],
                   created_at=now - timedelta(days=3000)))

    with session_scope() as s:
        dry = purge_expired_audio(s, now=now, dry_run=True)
    assert dry.purged == ["old"] and store.exists(keys["old"])

    with session_scope() as s:
        result = purge_expired_audio(s, now=now)
    assert result.purged == ["old"] and result.organizations == {"org": 1} and result.blobs_missing == []
    assert not store.exists(keys["old"]) and store.exists(keys["new"]) and store.exists(keys["kept"])
    with session_scope() as s:
        assert s.get(Call, "old").raw_audio_key is None and s.get(Call, "new").raw_audio_key == keys["new"]
        record = s.execute(select(DestructionRecord)).scalars().one()
        assert record.call_id == "old" and record.item == "raw_audio" and record.policy["retention_days"] == 30
        assert keys["old"] not in str(record.model_dump())  # the key itself is not kept, only its hash
        event = s.get(AccessEvent, record.event_id)
        assert event.action == "retention_purge" and event.resource_id == "old" and event.actor == "system"
        assert verify_chain(s, "org").ok
        assert retention_policy(s.get(Organization, "org"))["audit_events_years"] == 6
    # A second run finds nothing more to destroy.
    with session_scope() as s:
        assert purge_expired_audio(s, now=now).purged == []
