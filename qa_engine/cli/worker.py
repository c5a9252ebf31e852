"""``qa-engine worker``: a Celery worker for the scale-out mode."""

from __future__ import annotations

from typing import Annotated

import typer


def worker(
    concurrency: Annotated[int, typer.Option(help="Worker processes in this worker.")] = 1,
    loglevel: Annotated[str, typer.Option(help="Celery log level.")] = "INFO",
) -> None:
    """Run a Celery worker (QA_ENGINE_QUEUE=celery; Redis broker from QA_ENGINE_REDIS_URL)."""
    from qa_engine.worker import QUEUE_NAME, celery_app

    celery_app.worker_main(["worker", f"--concurrency={concurrency}", f"--loglevel={loglevel}",
                            "--pool=prefork", f"--queues={QUEUE_NAME}", "--without-gossip", "--without-mingle"])
