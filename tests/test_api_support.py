"""Shared set-up for the API tests: a real home and database, two organizations with a user and key
per role, and calls in known states written through the real pipeline functions and blob store."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
import soundfile

REPO_ROOT = Path(__file__).resolve().parents[1]
ROLES = ("platform", "qa_analyst", "coach", "compliance_officer", "admin")
ORGS = ("org-a", "org-b")


def transcript_json(n: int, *, call_type: str = "scheduling", extra: str = "") -> dict:
    """A small synthetic scheduling call (Faker-style fictitious identifiers)."""
    return {
        "call_id": f"ext-{n}", "call_type": call_type, "language": "en",
        "segments": [
            {"speaker": "agent", "start": 0.0, "end": 3.0,
             "text": "Thank you for calling Riverside Clinic, this call is recorded. How can I help?"},
            {"speaker": "caller", "start": 3.2, "end": 6.0, "text": f"Hi, I need to book a check-up {extra} {n}."},
            {"speaker": "agent", "start": 6.2, "end": 9.0, "text": "Can I have your full name and date of birth?"},
            {"speaker": "caller", "start": 9.2, "end": 13.0,
             "text": "It's Dana Whitfield, March fourth nineteen eighty two."},
            {"speaker": "agent", "start": 13.2, "end": 16.0,
             "text": "Thank you. I have Tuesday at ten with Doctor Patel. Is there anything else?"},
            {"speaker": "caller", "start": 16.2, "end": 17.0, "text": "No, thanks."},
        ],
    }


def flac_bytes(seconds: float = 2.0, rate: int = 8000) -> bytes:
    t = np.arange(int(seconds * rate)) / rate
    tone = (0.2 * np.sin(2 * np.pi * 440 * t)).astype("float32")
    buffer = io.BytesIO()
    soundfile.write(buffer, np.stack([tone, tone], axis=1), rate, format="FLAC")
    return buffer.getvalue()


@dataclass
class World:
    home: Path
    tokens: dict[tuple[str, str], str] = field(default_factory=dict)  # (org, role) -> bearer token
    user_ids: dict[tuple[str, str], int] = field(default_factory=dict)
    calls: dict[str, str] = field(default_factory=dict)  # org -> a scored call with audio
    span_ids: dict[str, int] = field(default_factory=dict)
    agents: dict[str, str] = field(default_factory=dict)  # org -> agent of the coach's team

    def headers(self, org: str, role: str, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[(org, role)]}", **extra}


def prepare_home() -> None:
    """Schema by the migrations, plus any table that has no migration yet (new tables of this issue)."""
    from sqlmodel import SQLModel

    import models.auth  # noqa: F401
    from qa_engine import db, jobs, services

    services.ensure_database()
    SQLModel.metadata.create_all(db.get_engine())
    jobs.reset_queue()


def seed_world(home: Path, *, with_calls: bool = True) -> World:
    from models.calls import Agent
    from qa_engine import db, users
    from qa_engine.pipeline import CallMeta, ensure_org, submit_transcript
    from qa_engine.services import blob_store, run_call

    prepare_home()
    world = World(home)
    store = blob_store()
    for org in ORGS:
        with db.session_scope() as session:
            ensure_org(session, org)
            session.add(Agent(id=f"{org}-agent-1", org_id=org, name="Agent One", team="red"))
            session.add(Agent(id=f"{org}-agent-2", org_id=org, name="Agent Two", team="blue"))
            for role in ROLES:
                user = users.create_user(session, org_id=org, username=f"{org}-{role}", role=role,
                                         password="correct horse battery", team="red" if role == "coach" else None)
                world.tokens[(org, role)] = users.create_api_key(session, user, name="test").token
                world.user_ids[(org, role)] = user.id or 0
        world.agents[org] = f"{org}-agent-1"
        if not with_calls:
            continue
        from models.interchange import Transcript

        with db.session_scope() as session:
            call, _ = submit_transcript(session, store, Transcript.model_validate(transcript_json(0, extra=org)),
                                        CallMeta(org_id=org, agent_id=f"{org}-agent-1",
                                                 metadata={"patient_ref": f"pat-{org}-1"}))
            call_id = call.id
        run_call(call_id)
        from models.calls import Call, PhiSpanRow

        with db.session_scope() as session:
            call = session.get(Call, call_id)
            assert call is not None and call.status == "scored", call and call.failure_reason
            # Audio for this transcript call, stored the way the pipeline stores it (encrypted blobs).
            call.raw_audio_key = store.put(flac_bytes(), "raw-audio")
            call.redacted_audio_key = store.put(flac_bytes(), "redacted-audio")
            session.add(call)
            from sqlmodel import select

            span = session.exec(select(PhiSpanRow).where(PhiSpanRow.call_id == call_id)).first()
            assert span is not None, "the synthetic call has PHI spans"
            world.span_ids[org] = span.id or 0
        world.calls[org] = call_id
    return world


@pytest.fixture
def api_client(qa_home: Path) -> Iterator:
    from fastapi.testclient import TestClient

    from api.app import create_app

    prepare_home()
    with TestClient(create_app(webhook_retry_interval=0.5)) as client:
        yield client
    from qa_engine import jobs

    jobs.reset_queue()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """One seeded home for a whole test module (seeding runs the PHI detector and the scorer)."""
    from qa_engine.db import get_engine
    from qa_engine.settings import get_settings

    home = tmp_path_factory.mktemp("api") / "home"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("QA_ENGINE_HOME", str(home))
        for name in ("QA_ENGINE_DATABASE_URL", "QA_ENGINE_DATA_KEY", "QA_ENGINE_STORAGE_DIR", "QA_ENGINE_KEY_FILE"):
            mp.delenv(name, raising=False)
        get_settings.cache_clear()
        get_engine.cache_clear()
        yield seed_world(home)
        from qa_engine import jobs

        jobs.reset_queue()
        get_settings.cache_clear()
        get_engine.cache_clear()


@pytest.fixture(scope="module")
def client(world: World) -> Iterator:
    from fastapi.testclient import TestClient

    from api.app import create_app

    with TestClient(create_app(webhook_retry_interval=0.5)) as test_client:
        yield test_client


def audit_events(org: str | None = None) -> list:
    from sqlmodel import select

    from models.audit import AccessEvent
    from qa_engine import db

    with db.session_scope() as session:
        query = select(AccessEvent).order_by(AccessEvent.id)
        if org is not None:
            query = query.where(AccessEvent.org_id == org)
        return list(session.exec(query))


def wait_jobs(timeout: float = 120.0) -> None:
    from qa_engine import jobs

    queue = jobs.get_queue()
    queue.wait(timeout)  # type: ignore[attr-defined]


def dumps(value: object) -> str:
    return json.dumps(value)
