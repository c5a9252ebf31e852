"""Background processing of calls: job rows in the database, run by an in-process worker pool.

The job row is the source of truth, so nothing is lost when the process stops: ``recover()`` re-queues
every job still queued or running at start-up, and stages are idempotent (see ``pipeline``). The
scale-out mode (Celery over Redis) runs the same ``run_job`` in worker processes.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Protocol

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, func, select

from models.calls import Job, utcnow
from qa_engine import db
from qa_engine.settings import get_settings

log = logging.getLogger("qa_engine.jobs")

# Share of a job's progress that each stage accounts for (transcription dominates).
STAGE_SPAN = {"transcribe": (0.0, 0.8), "redact": (0.8, 0.9), "score": (0.9, 1.0)}


class JobQueue(Protocol):
    def submit(self, job_id: str) -> None: ...

    def pending(self) -> int: ...


def create_job(call_id: str, *, idempotency_key: str | None = None, kind: str = "process") -> tuple[Job, bool]:
    """A job for a call, or the existing job for the same idempotency key: (job, created)."""
    try:
        return _create_job(call_id, idempotency_key, kind)
    except IntegrityError:  # another process created the job for this key between our check and insert
        with db.session_scope() as session:
            found = session.exec(select(Job).where(Job.idempotency_key == idempotency_key)).one()
            return found, False


def _create_job(call_id: str, idempotency_key: str | None, kind: str) -> tuple[Job, bool]:
    with db.session_scope() as session:
        if idempotency_key:
            found = session.exec(select(Job).where(Job.idempotency_key == idempotency_key)).first()
            if found is not None:
                return found, False
        open_job = session.exec(
            select(Job).where(Job.call_id == call_id, col(Job.status).in_(("queued", "running")))
        ).first()
        if open_job is not None:
            return open_job, False
        job = Job(id=str(uuid.uuid4()), call_id=call_id, kind=kind, idempotency_key=idempotency_key)
        session.add(job)
        return job, True


def run_job(job_id: str) -> str:
    """Run one job to the end; returns its final status. Safe to run again after a crash."""
    from qa_engine import services

    with db.session_scope() as session:
        job = session.get(Job, job_id)
        if job is None or job.status == "done":
            return "done" if job else "missing"
        job.status, job.attempts, job.updated_at = "running", job.attempts + 1, utcnow()
        session.add(job)
        call_id = job.call_id

    last_write = [0.0]

    def progress(stage: str, fraction: float) -> None:
        # Throttled: progress is for people watching, not worth a write per audio window.
        now = time.monotonic()
        if now - last_write[0] < 1.0 and fraction < 1.0:
            return
        last_write[0] = now
        low, high = STAGE_SPAN.get(stage, (0.0, 1.0))
        with db.session_scope() as session:
            row = session.get(Job, job_id)
            if row is not None:
                row.progress = round(low + (high - low) * fraction, 3)
                session.add(row)

    try:
        result = services.run_call(call_id, progress=progress)
        status, error = ("failed", result["failure_reason"]) if result["status"] == "failed" else ("done", None)
    except Exception as exc:  # keep the worker alive; the reason is stored without data
        log.exception("job %s crashed", job_id)
        status, error = "failed", f"internal error ({type(exc).__name__})"
    with db.session_scope() as session:
        job = session.get(Job, job_id)
        if job is not None:
            job.status, job.error, job.updated_at = status, error, utcnow()
            if status == "done":
                job.progress = 1.0
            session.add(job)
    _notify(call_id)
    return status


def _notify(call_id: str) -> None:
    """Hooks run when a call finishes (webhooks register here)."""
    for hook in list(FINISH_HOOKS):
        try:
            hook(call_id)
        except Exception:
            log.exception("finish hook failed for call %s", call_id)


FINISH_HOOKS: list = []


def requeue_for_retry(job_id: str) -> bool:
    """Mark a failed job queued again if it has retries left (the worker re-delivers it)."""
    with db.session_scope() as session:
        job = session.get(Job, job_id)
        if job is None or job.status != "failed" or job.attempts > get_settings().max_retries:
            return False
        job.status, job.updated_at = "queued", utcnow()
        session.add(job)
        return True


def retry_job(job_id: str) -> Job:
    with db.session_scope() as session:
        job = session.get(Job, job_id)
        if job is None:
            raise KeyError(job_id)
        job.status, job.error, job.updated_at = "queued", None, utcnow()
        session.add(job)
    get_queue().submit(job_id)
    return job


class InProcessQueue:
    """A thread pool in this process: the embedded default, no server needed."""

    def __init__(self, workers: int = 1) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="qa-job")
        self._futures: dict[str, Future[str]] = {}
        self._lock = threading.Lock()

    def submit(self, job_id: str) -> None:
        with self._lock:
            if job_id in self._futures and not self._futures[job_id].done():
                return
            self._futures[job_id] = self._pool.submit(run_job, job_id)

    def pending(self) -> int:
        with self._lock:
            return sum(1 for f in self._futures.values() if not f.done())

    def wait(self, timeout: float | None = None) -> None:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            with self._lock:
                futures = [f for f in self._futures.values() if not f.done()]
            if not futures:
                return
            remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
            if remaining == 0.0:
                raise TimeoutError("jobs still running")
            futures[0].result(timeout=remaining)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=False)


def recover(queue: JobQueue | None = None) -> int:
    """Re-queue every job left queued or running (e.g. by a crash). Returns how many."""
    queue = queue or get_queue()
    with db.session_scope() as session:
        ids = list(session.exec(select(Job.id).where(col(Job.status).in_(("queued", "running")))))
    for job_id in ids:
        queue.submit(job_id)
    return len(ids)


def queued_count() -> int:
    with db.session_scope() as session:
        return session.exec(select(func.count()).select_from(Job).where(
            col(Job.status).in_(("queued", "running")))).one()


_queue: JobQueue | None = None
_queue_lock = threading.Lock()


def get_queue() -> JobQueue:
    """The configured queue: in-process by default, Celery when ``QA_ENGINE_QUEUE=celery``."""
    global _queue
    with _queue_lock:
        if _queue is None:
            settings = get_settings()
            if settings.queue == "celery":
                from qa_engine.worker import CeleryQueue  # the scale-out extra

                _queue = CeleryQueue()
            else:
                _queue = InProcessQueue(settings.workers)
        return _queue


def reset_queue() -> None:
    """Forget the queue (tests, and after settings change)."""
    global _queue
    with _queue_lock:
        if isinstance(_queue, InProcessQueue):
            _queue.shutdown()
        _queue = None
