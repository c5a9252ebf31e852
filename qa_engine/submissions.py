"""Accepting a call for background processing: store it once, give it one job, queue the job.

The same audio or transcript sent twice by one organization is stored once (``pipeline.submit_*``
deduplicate by content) and an idempotency key always finds its first job, so a client's retries never
duplicate a call. Processing is not done here: the job goes to ``qa_engine.jobs``'s queue.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from models.calls import Job
from qa_engine import db, jobs
from qa_engine.pipeline import CallMeta
from qa_engine.storage import BlobStore

# One submission at a time per process: check-then-insert of a call or an idempotency key must not
# race (SQLite has no row locks to make it safe otherwise). Submissions are fast; processing is not
# under this lock.
_submit_lock = threading.Lock()


@dataclass
class Submission:
    kind: Literal["audio", "transcript"]
    payload: Any  # audio bytes, or a models.interchange.Transcript
    meta: CallMeta
    record: dict[str, Any] | None = None  # the fields the agent captured (audio calls)


def idempotency_key(org_id: str, key: str | None) -> str | None:
    """The stored form of a client's key: scoped to the organization and hashed, so one organization's
    key never finds another's job."""
    return hashlib.sha256(f"{org_id}\0{key}".encode()).hexdigest() if key else None


def submit(store: BlobStore, idem: str | None, build: Callable[[], Submission]) -> tuple[Job, bool]:
    """The job for this submission and whether it is new. ``build`` runs only when the idempotency key
    has no job yet (it may be costly). Raises ``pipeline.InputError`` for input that cannot be a call."""
    from qa_engine.pipeline import submit_audio, submit_transcript

    with _submit_lock:
        if idem:
            with db.session_scope() as session:
                found = session.exec(select(Job).where(Job.idempotency_key == idem)).first()
                if found is not None:
                    return found, False
        sub = build()
        for attempt in range(3):
            try:
                with db.session_scope() as session:
                    if sub.kind == "audio":
                        call, created = submit_audio(session, store, sub.payload, sub.meta, name="upload",
                                                     record=sub.record)
                    else:
                        call, created = submit_transcript(session, store, sub.payload, sub.meta)
                    call_id = call.id
                break
            except IntegrityError:  # a concurrent process stored the same call: it is found next time
                if attempt == 2:
                    raise
        job, job_created = jobs.create_job(call_id, idempotency_key=idem)
        if not job_created and job.status in ("done", "failed") and created:
            job_created = True
    return job, job_created or created


def enqueue(job: Job) -> None:
    """Hand a queued job to the worker queue (a job already running or finished is left alone)."""
    if job.status == "queued":
        jobs.get_queue().submit(job.id)
