"""Scale-out mode: Celery workers over Redis run the same jobs as the in-process pool.

Delivery is at-least-once (late acknowledgement; a task whose worker dies is delivered again) and the
effect is exactly-once because every stage is idempotent: a stage's outputs replace earlier ones, a
call has one score row (unique), and ``Call.status`` makes a redelivered job resume where it stopped.

Run a worker: ``qa-engine worker`` (or ``celery -A qa_engine.worker worker``), with
``QA_ENGINE_QUEUE=celery``, ``QA_ENGINE_REDIS_URL`` and ``QA_ENGINE_DATABASE_URL`` (PostgreSQL) set.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from celery import Celery
from celery.signals import worker_process_init

from qa_engine.settings import Settings, get_settings

log = logging.getLogger("qa_engine.worker")

QUEUE_NAME = "qa-engine"
READY_MESSAGE = "worker process ready"  # logged once a process has its models loaded


def make_celery(settings: Settings | None = None) -> Celery:
    settings = settings or get_settings()
    app = Celery("qa_engine", broker=settings.redis_url, backend=settings.redis_url)
    app.conf.update(
        task_acks_late=True,  # acknowledge after the job, so a dead worker's job is delivered again
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,  # a long call must not hold other calls hostage in a prefetch buffer
        task_default_queue=QUEUE_NAME,
        task_serializer="json",
        accept_content=["json"],
        result_expires=24 * 3600,
        broker_transport_options={"visibility_timeout": settings.celery_visibility_timeout},
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
    )
    return app


celery_app = make_celery()


@celery_app.task(name="qa_engine.process_job", bind=True)
def process_job(self: Any, job_id: str) -> str:
    from qa_engine.jobs import requeue_for_retry, run_job

    status = run_job(job_id)
    if status == "failed":
        retries = self.request.retries
        if retries < get_settings().max_retries and requeue_for_retry(job_id):
            raise self.retry(countdown=min(2 ** retries * 5, 300), max_retries=get_settings().max_retries)
    return status


@worker_process_init.connect
def _warm_up(**_: Any) -> None:
    """Load every stage's models once per worker process, before the first call arrives."""
    from qa_engine.logs import configure_logging
    from qa_engine.pipeline import warm_up

    configure_logging()
    try:
        seconds = warm_up()
    except Exception:  # a worker that cannot load ASR still serves transcript-only calls
        log.exception("worker warm-up failed")
        seconds = warm_up(asr=False)
    log.info("%s %d: models loaded in %.1f s", READY_MESSAGE, os.getpid(), seconds)


class CeleryQueue:
    """The ``JobQueue`` of the scale-out mode: sends jobs to the broker named by the current settings."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.app = make_celery(settings)

    def submit(self, job_id: str) -> None:
        self.app.send_task("qa_engine.process_job", args=[job_id], task_id=f"job-{job_id}", queue=QUEUE_NAME)

    def pending(self) -> int:
        with self.app.connection_for_write() as connection:
            return int(connection.default_channel.client.llen(QUEUE_NAME))
