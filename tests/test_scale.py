"""Scale-out: real Celery worker processes over the real Redis, PostgreSQL underneath, a worker killed."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlmodel import func, select

from models.calls import Call, Job, Organization, PhiSpanRow
from models.scoring import CriterionScore, Score
from qa_engine import db, jobs
from qa_engine.pipeline import CallMeta
from qa_engine.settings import get_settings

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]

REDIS_HOST = "127.0.0.1"


def _redis_db() -> int:
    import redis

    try:
        redis.Redis(host=REDIS_HOST, socket_connect_timeout=2).ping()
    except Exception:
        if os.environ.get("CI"):
            pytest.fail("Redis at 127.0.0.1:6379 is required in CI")
        pytest.skip("Redis at 127.0.0.1:6379 is not running")
    number = random.randint(2, 15)  # a database of its own, so parallel runs never share a queue
    redis.Redis(host=REDIS_HOST, db=number).flushdb()
    return number


def _start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "qa_engine.cli", "worker", "--concurrency", "1", "--loglevel", "WARNING"]
    return subprocess.Popen(command, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def _count(model: type, *where: object) -> int:
    with db.session_scope() as session:
        return session.exec(select(func.count()).select_from(model).where(*where)).one()


def test_calls_survive_a_killed_worker_and_finish_exactly_once(
    pg_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from qa_engine.services import submit_path
    from qa_engine.synthetic import generate_call
    from qa_engine.worker import CeleryQueue

    redis_url = f"redis://{REDIS_HOST}:6379/{_redis_db()}"
    monkeypatch.setenv("QA_ENGINE_QUEUE", "celery")
    monkeypatch.setenv("QA_ENGINE_REDIS_URL", redis_url)
    monkeypatch.setenv("QA_ENGINE_CELERY_VISIBILITY_TIMEOUT", "10")
    monkeypatch.setenv("QA_ENGINE_MAX_RETRIES", "1")
    monkeypatch.setenv("QA_ENGINE_ASR_THREADS", "1")
    get_settings.cache_clear()
    db.upgrade()

    calls = 50
    job_ids = []
    for seed in range(calls):
        path = tmp_path / f"call-{seed}.json"
        path.write_text(generate_call(1000 + seed).transcript.model_dump_json())
        call_id, created = submit_path(path, CallMeta(org_id="clinic-a", agent_id=f"a-{seed % 5}"))
        assert created
        job_ids.append(jobs.create_job(call_id)[0].id)
    # One call whose configuration keeps failing: it must end failed, with its reason, after the retries.
    poisoned = tmp_path / "poisoned.json"
    poisoned.write_text(generate_call(99).transcript.model_dump_json())
    with db.session_scope() as session:
        session.add(Organization(id="broken", name="broken", settings={"phi": {"staff_names": 5}}))
    bad_call, _ = submit_path(poisoned, CallMeta(org_id="broken"))
    bad_job = jobs.create_job(bad_call)[0].id

    queue = CeleryQueue()
    for job_id in [*job_ids, bad_job]:
        queue.submit(job_id)
    env = {**os.environ}
    workers = [_start_worker(env, tmp_path / f"worker-{i}.log") for i in range(2)]
    try:
        deadline = time.monotonic() + 240
        while _count(Score) < 5 and time.monotonic() < deadline:
            time.sleep(0.2)
        os.killpg(workers[0].pid, signal.SIGKILL)  # mid-run, with a job in hand
        while time.monotonic() < deadline:
            done = _count(Job, Job.status == "done")
            failed_for_good = _count(Job, Job.id == bad_job, Job.status == "failed", Job.attempts >= 2)
            if done == calls and failed_for_good:
                break
            time.sleep(0.5)
    finally:
        for worker in workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=60)

    logs = "".join((tmp_path / f"worker-{i}.log").read_text(errors="replace")[-2000:] for i in range(2))
    assert _count(Job, Job.status == "done") == calls, logs
    with db.session_scope() as session:
        statuses = Counter(session.exec(select(Call.status).where(Call.org_id == "clinic-a")))
        scored_calls = list(session.exec(select(Score.call_id)))
        criteria_per_score = Counter(session.exec(select(CriterionScore.score_id, CriterionScore.criterion_id)))
        span_keys = Counter(session.exec(select(PhiSpanRow.call_id, PhiSpanRow.segment, PhiSpanRow.start,
                                                PhiSpanRow.type)))
        bad = session.get(Call, bad_call)
        bad_job_row = session.get(Job, bad_job)
    assert statuses == {"scored": calls}
    assert len(scored_calls) == len(set(scored_calls)) == calls  # each call scored once
    assert criteria_per_score and max(criteria_per_score.values()) == 1  # no criterion written twice
    assert max(span_keys.values()) == 1  # no duplicated PHI span
    assert bad is not None and bad.status == "failed" and bad.failure_reason
    assert bad_job_row is not None and bad_job_row.status == "failed" and bad_job_row.error
    # Both workers appended to the access log concurrently, one died mid-transaction: the chain holds.
    from audits.chain import verify_chain
    from models.audit import AccessEvent

    with db.session_scope() as session:
        verification = verify_chain(session, "clinic-a")
        reads = session.exec(select(func.count()).select_from(AccessEvent).where(
            AccessEvent.org_id == "clinic-a", AccessEvent.actor == "system:pipeline")).one()
    assert verification.ok, verification.summary()
    assert reads >= calls * 2  # every call's stages read PHI through the audited path
