"""Load on loopback: a real uvicorn on 127.0.0.1, 200 concurrent transcript submissions with
idempotency keys (and 50 retried at the same time), every one accepted, none lost or duplicated, then
all processed by the background worker."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_api_support import REPO_ROOT, World, seed_world, transcript_json

N = 200
RETRIED = 50


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(qa_home: Path) -> Iterator[tuple[str, World]]:
    world = seed_world(qa_home, with_calls=False)
    port = _free_port()
    env = {**os.environ, "QA_ENGINE_HOME": str(qa_home)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning"],
        cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    import httpx

    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base}/v1/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            out = proc.stdout.read().decode() if proc.stdout else ""
            pytest.fail(f"uvicorn did not start: {out[-2000:]}")
        time.sleep(0.3)
    try:
        yield base, world
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


async def _submit_all(base: str, token: str) -> tuple[list[Any], list[Any]]:
    import httpx

    headers = {"Authorization": f"Bearer {token}"}
    limits = httpx.Limits(max_connections=N + RETRIED)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
        async def post(i: int) -> Any:
            body = {**transcript_json(10_000 + i, extra="load"), "metadata": {"agent_id": "org-a-agent-1"}}
            return await client.post("/v1/calls", json=body, headers={**headers, "Idempotency-Key": f"load-{i}"})

        # every submission and 50 retries of earlier ones, all at once
        responses = await asyncio.gather(*(post(i) for i in range(N)), *(post(i) for i in range(RETRIED)))
        return list(responses[:N]), list(responses[N:])


@pytest.mark.slow
def test_200_concurrent_submissions(server: tuple[str, World]) -> None:
    import httpx
    from sqlmodel import func, select

    from models.calls import Call, Job
    from qa_engine import db

    base, world = server
    token = world.tokens[("org-a", "platform")]
    started = time.monotonic()
    first, retried = asyncio.run(_submit_all(base, token))
    accepted_s = time.monotonic() - started
    assert [r.status_code for r in first + retried] == [202] * (N + RETRIED), \
        {r.status_code: r.text for r in first + retried if r.status_code != 202}
    jobs = [r.json()["job_id"] for r in first]
    assert len(set(jobs)) == N  # none lost, none merged
    assert [r.json()["job_id"] for r in retried] == jobs[:RETRIED]  # the retries found their jobs
    with db.session_scope() as session:
        assert session.exec(select(func.count()).select_from(Call).where(Call.org_id == "org-a")).one() == N
        assert session.exec(select(func.count()).select_from(Job)).one() == N
    # all processed in the background
    headers = {"Authorization": f"Bearer {token}"}
    deadline = time.monotonic() + 900
    while True:
        with db.session_scope() as session:
            open_jobs = session.exec(select(func.count()).select_from(Job).where(
                Job.status.in_(("queued", "running")))).one()  # type: ignore[attr-defined]
        if open_jobs == 0 or time.monotonic() > deadline:
            break
        time.sleep(1)
    processed_s = time.monotonic() - started
    with db.session_scope() as session:
        statuses = session.exec(select(Job.status, func.count()).group_by(Job.status)).all()
        scored = session.exec(select(func.count()).select_from(Call).where(Call.status == "scored")).one()
    assert dict(statuses) == {"done": N} and scored == N, statuses
    sample = httpx.get(f"{base}/v1/jobs/{jobs[-1]}", headers=headers).json()
    assert sample["status"] == "done" and sample["call_status"] == "scored"
    print(f"\n{N} submissions (+{RETRIED} retries) accepted in {accepted_s:.1f}s; all processed in {processed_s:.1f}s")
