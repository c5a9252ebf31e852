"""Shared route dependencies: a database session per request, the blob store, and loading a resource
only if the caller may see it (another organization's resource is a 404, never a 403)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Annotated

from fastapi import Header, Path, Query
from sqlmodel import Session, select

from api.auth import Principal
from api.problems import Problem
from models.calls import Agent, Call
from qa_engine import db
from qa_engine.storage import BlobStore

# Row ids in paths: bounded so a huge number is a 422, not a database overflow.
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def get_session() -> Iterator[Session]:
    with db.session_scope() as session:
        yield session


@lru_cache(maxsize=4)
def _store(root: str, key: str) -> BlobStore:
    return BlobStore()


def get_store() -> BlobStore:
    from qa_engine.settings import get_settings

    settings = get_settings()
    return _store(str(settings.storage_path), str(settings.key_path) + (settings.data_key or ""))


def not_found(what: str = "resource") -> Problem:
    return Problem(404, f"no such {what}", kind="not-found")


def team_agent_ids(session: Session, principal: Principal) -> list[str]:
    """The agents a coach coaches: their team's agents in their organization."""
    if not principal.team:
        return []
    return list(session.exec(select(Agent.id).where(Agent.org_id == principal.org_id,
                                                    Agent.team == principal.team)))


def can_see_agent(session: Session, principal: Principal, agent_id: str | None) -> bool:
    if principal.role != "coach":
        return True
    if agent_id is None or not principal.team:
        return False
    agent = session.get(Agent, agent_id)
    return agent is not None and agent.org_id == principal.org_id and agent.team == principal.team


def record_out_of_scope(principal: Principal, resource_type: str, resource_id: str, reason: str) -> None:
    """An attempt on a resource that exists but is not the caller's: a denial for the audit log (in the
    caller's organization's chain; the answer stays a plain 404)."""
    from audits.chain import record_event

    with db.session_scope() as audit_session:
        record_event(audit_session, org_id=principal.org_id, actor=principal.username, role=principal.role,
                     action="denied", resource_type=resource_type, resource_id=resource_id[:128], outcome="denied",
                     client_addr=principal.client_addr, details={"reason": reason})


def load_call(session: Session, principal: Principal, call_id: str) -> Call:
    """The call if it is in the caller's organization (and, for a coach, their team's); else 404."""
    call = session.get(Call, call_id)
    if call is None:
        raise not_found("call")
    if call.org_id != principal.org_id:
        record_out_of_scope(principal, "call", call.id, "other_organization")
        raise not_found("call")
    if not can_see_agent(session, principal, call.agent_id):
        record_out_of_scope(principal, "call", call.id, "not_own_team")
        raise not_found("call")
    return call


def load_agent(session: Session, principal: Principal, agent_id: str) -> Agent:
    agent = session.get(Agent, agent_id)
    if agent is None:
        raise not_found("agent")
    if agent.org_id != principal.org_id or not can_see_agent(session, principal, agent_id):
        record_out_of_scope(principal, "agent", agent.id,
                            "other_organization" if agent.org_id != principal.org_id else "not_own_team")
        raise not_found("agent")
    return agent


def load_owned(session: Session, principal: Principal, model: type, key: object, what: str) -> object:
    """A row with an ``org_id`` column, if it is the caller's organization's; else 404 (audited)."""
    row = session.get(model, key)
    if row is None:
        raise not_found(what)
    if row.org_id != principal.org_id:
        record_out_of_scope(principal, what.replace(" ", "_")[:32], str(key), "other_organization")
        raise not_found(what)
    return row


def purpose_param(
    purpose: str | None = Query(default=None, max_length=200,
                                description="Why unredacted PHI is needed (compliance officers only). A "
                                            "statement such as `HIPAA audit 2026-11`, never PHI itself."),
    x_purpose: str | None = Header(default=None, max_length=200, alias="X-Purpose",
                                   description="The same purpose as a header (preferred)."),
) -> str | None:
    return x_purpose or purpose


class Page:
    def __init__(self, limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=1_000_000)) -> None:
        self.limit = limit
        self.offset = offset


# ---------------------------------------------------------------- limits and backpressure

AUDIO_SUFFIXES = frozenset({".wav", ".flac", ".mp3", ".ogg", ".opus", ".m4a", ".aac", ".mp4", ".webm"})
_DEFAULTS = {"api_max_upload_mb": 200, "api_max_transcript_mb": 5, "api_max_queue": 1000, "api_retry_after_s": 30}


def _setting(name: str) -> int:
    # The environment (QA_ENGINE_API_*) read live, so an operator's change applies without a restart
    # (Settings are cached per process), else Settings, else the default.
    import os

    from qa_engine.settings import get_settings

    value = os.environ.get(f"QA_ENGINE_{name.upper()}") or getattr(get_settings(), name, None)
    return int(value if value is not None else _DEFAULTS[name])


def max_upload_bytes() -> int:
    return _setting("api_max_upload_mb") * 2**20


def max_transcript_bytes() -> int:
    return _setting("api_max_transcript_mb") * 2**20


def check_backpressure() -> None:
    """503 with Retry-After when more jobs wait than the configured limit."""
    from qa_engine.jobs import queued_count

    if queued_count() >= _setting("api_max_queue"):
        retry = str(_setting("api_retry_after_s"))
        raise Problem(503, "the processing queue is full; retry later", kind="queue-full",
                      headers={"Retry-After": retry})
