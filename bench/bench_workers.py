"""Throughput of the scale-out mode: calls/hour and audio hours/hour with 1 and 2 Celery workers.

Each worker is one process with one CPU thread for ASR (QA_ENGINE_ASR_THREADS=1). Synthetic stereo
calls are rendered once, then each configuration processes the same calls from a fresh PostgreSQL
database and an empty Redis queue. The ratio 2 workers / 1 worker is the figure to watch (target 1.8x).

    python bench/bench_workers.py [--calls 8]
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg

PG_ADMIN = os.environ.get("QA_ENGINE_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_DB = 14


def render_calls(folder: Path, count: int) -> list[tuple[Path, dict]]:
    from qa_engine.synthetic import generate_call, render_call

    calls = []
    for seed in range(count):
        call = generate_call(5000 + seed)
        path = folder / f"call-{seed}.flac"
        rendered = render_call(call, path, sample_rate=16000)
        calls.append((path, {"record": rendered.transcript.record, "duration": rendered.transcript.duration}))
    return calls


def wait_until_ready(home: Path, workers: int, offset: int, timeout: float = 300.0) -> None:
    """Block until ``workers`` processes have logged that their models are loaded."""
    from qa_engine.worker import READY_MESSAGE

    log_file = home / "logs" / "qa-engine.log"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log_file.exists():
            with log_file.open("rb") as fh:
                fh.seek(offset)
                if fh.read().decode(errors="replace").count(READY_MESSAGE) >= workers:
                    return
        time.sleep(0.5)
    raise SystemExit(f"{workers} worker(s) not ready after {timeout:.0f} s (see {log_file})")


def run(workers: int, calls: list[tuple[Path, dict]], home: Path) -> tuple[float, float]:
    name = f"qae_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + f"/{name}"
    env = {**os.environ, "QA_ENGINE_HOME": str(home), "QA_ENGINE_DATABASE_URL": url, "QA_ENGINE_QUEUE": "celery",
           "QA_ENGINE_REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}", "QA_ENGINE_ASR_THREADS": "1",
           "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    os.environ.update(env)
    from qa_engine import db, jobs, services
    from qa_engine.pipeline import CallMeta
    from qa_engine.settings import get_settings
    from qa_engine.worker import CeleryQueue

    get_settings.cache_clear()
    db.get_engine.cache_clear()
    import redis

    redis.Redis(db=REDIS_DB).flushdb()
    db.upgrade()
    log_file = home / "logs" / "qa-engine.log"
    log_offset = log_file.stat().st_size if log_file.exists() else 0
    procs = [subprocess.Popen([sys.executable, "-m", "qa_engine.cli", "worker", "--loglevel", "WARNING"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
             for _ in range(workers)]
    try:
        wait_until_ready(home, workers, log_offset)  # models are loaded before the clock starts
        job_ids = []
        for path, extra in calls:
            call_id, _ = services.submit_path(path, CallMeta(org_id="bench", agent_id="a-1"), extra["record"])
            job_ids.append(jobs.create_job(call_id)[0].id)
        queue = CeleryQueue()
        start = time.perf_counter()
        for job_id in job_ids:
            queue.submit(job_id)
        while True:
            with db.session_scope() as session:
                from sqlmodel import col, func, select

                from models.calls import Job

                left = session.exec(select(func.count()).select_from(Job).where(
                    col(Job.status).in_(("queued", "running")))).one()
            if left == 0:
                break
            time.sleep(0.2)
        elapsed = time.perf_counter() - start
    finally:
        for proc in procs:
            os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            proc.wait(timeout=60)
        db.get_engine.cache_clear()
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    audio_seconds = sum(extra["duration"] for _, extra in calls)
    return len(calls) / elapsed * 3600, audio_seconds / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        calls = render_calls(folder, args.calls)
        audio_minutes = sum(extra["duration"] for _, extra in calls) / 60
        print(f"{len(calls)} synthetic stereo calls, {audio_minutes:.1f} min of audio, model "
              f"{os.environ.get('QA_ENGINE_ASR_MODEL', 'base (the default)')}")
        home = folder / "home"  # one home: the model cache is built once, not timed
        from qa_engine.transcription.model_store import resolve_model

        resolve_model(os.environ.get("QA_ENGINE_ASR_MODEL", "base"), cache_dir=home / "models")
        results = {}
        for workers in (1, 2):
            per_hour, audio_rate = run(workers, calls, home)
            results[workers] = per_hour
            print(f"{workers} worker(s): {per_hour:8.0f} calls/hour, {audio_rate:5.1f} audio hours per hour")
        print(f"ratio 2 workers / 1 worker: {results[2] / results[1]:.2f}x (target >= 1.8x)")


if __name__ == "__main__":
    main()
