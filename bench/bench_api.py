"""Read-endpoint latency of the REST API on SQLite under 50 concurrent clients, against a bare FastAPI
endpoint measured in the same run.

    python bench/bench_api.py [--clients 50] [--requests 2000] [--calls 30] [--json OUT]

A fresh home is seeded with scored calls (through the real pipeline: PHI detection, redaction,
scoring), then `uvicorn api.app:create_app --factory` serves it on 127.0.0.1 (one process, as
`qa-engine serve` runs it). `--clients` asyncio clients (httpx, keep-alive) send `--requests`
requests in all, round-robin over the read endpoints: call detail, score, redacted transcript (an
audited read: it appends to the audit chain), review queue, call list, job status. The baseline is a
bare FastAPI app (one GET returning a small JSON object, no auth, no database) on another uvicorn
process of the same kind, under the same load. Target: p95 under 50 ms for every read endpoint.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from fastapi import FastAPI  # noqa: E402

bare_app = FastAPI()


@bare_app.get("/ping")
def ping() -> dict[str, Any]:
    return {"status": "ok", "items": [1, 2, 3]}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(target: str, home: Path, factory: bool) -> tuple[subprocess.Popen[bytes], str]:
    import httpx

    port = _free_port()
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        target,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    if factory:
        cmd.insert(4, "--factory")
    proc = subprocess.Popen(
        cmd,
        cwd=REPO,
        env={**os.environ, "QA_ENGINE_HOME": str(home)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(base + "/", timeout=1)
            return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"{target} did not start")


def _seed(home: Path, calls: int) -> dict[str, Any]:
    os.environ["QA_ENGINE_HOME"] = str(home)
    from sqlmodel import select
    from test_api_support import seed_world, transcript_json

    from models.calls import Call
    from qa_engine import db, jobs
    from qa_engine.pipeline import CallMeta

    world = seed_world(home, with_calls=False)
    from qa_engine.services import run_call, submit_path

    tmp = home / "seed"
    tmp.mkdir()
    ids = []
    for n in range(calls):
        path = tmp / f"call-{n}.json"
        path.write_text(json.dumps(transcript_json(n, extra=f"bench {n}")))
        call_id, _ = submit_path(path, CallMeta(org_id="org-a", agent_id="org-a-agent-1", call_type="scheduling"))
        run_call(call_id)
        ids.append(call_id)
    with db.session_scope() as session:
        scored = [c.id for c in session.exec(select(Call).where(Call.status == "scored"))]
        for i, call in enumerate(session.exec(select(Call))):  # some calls in the review queue
            call.review_priority = 10 * (i % 5) if i % 2 == 0 else None
            session.add(call)
    job, _ = jobs.create_job(ids[0], kind="bench")
    with db.session_scope() as session:
        from models.calls import Job

        row = session.get(Job, job.id)
        assert row is not None
        row.status, row.progress = "done", 1.0
        session.add(row)
    return {
        "token": world.tokens[("org-a", "qa_analyst")],
        "platform": world.tokens[("org-a", "platform")],
        "calls": scored,
        "job": job.id,
    }


async def _load(
    base: str, paths: list[tuple[str, str, dict[str, str]]], clients: int, total: int, interval: float = 0.0
) -> dict[str, list[float]]:
    """``clients`` concurrent clients share ``total`` requests; with ``interval`` each client waits that
    long between the starts of its requests (paced), else sends the next at once (closed loop)."""
    import httpx

    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    counter = iter(range(total))

    async def worker(client: httpx.AsyncClient, offset: float) -> None:
        await asyncio.sleep(offset)
        for i in counter:
            name, path, headers = paths[i % len(paths)]
            start = time.perf_counter()
            response = await client.get(path, headers=headers)
            latencies[name].append(time.perf_counter() - start)
            if response.status_code != 200:
                errors[name] += 1
            if interval:
                await asyncio.sleep(max(0.0, interval - (time.perf_counter() - start)))

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        # warm-up: first requests load modules and open connections
        await asyncio.gather(*(client.get(p, headers=h) for _, p, h in paths))
        await asyncio.gather(*(worker(client, interval * k / clients) for k in range(clients)))
    if errors:
        raise SystemExit(f"non-200 answers: {dict(errors)}")
    return latencies


def _stats(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "n": len(ordered),
        "p50_ms": round(1000 * statistics.median(ordered), 2),
        "p95_ms": round(1000 * ordered[max(0, int(0.95 * len(ordered)) - 1)], 2),
        "max_ms": round(1000 * ordered[-1], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--calls", type=int, default=30)
    parser.add_argument(
        "--rate", type=float, default=2.0, help="requests per second per client in the paced run (0: skip it)"
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        seeded = _seed(home, args.calls)
        auth = {"Authorization": f"Bearer {seeded['token']}"}
        calls = seeded["calls"]
        paths = []
        for i in range(len(calls)):
            call = calls[i]
            paths += [
                ("call detail", f"/v1/calls/{call}", auth),
                ("score", f"/v1/calls/{call}/score", auth),
                ("redacted transcript (audited)", f"/v1/calls/{call}/transcript", auth),
            ]
        paths += [
            ("review queue", "/v1/review-queue?limit=20", auth),
            ("call list", "/v1/calls?limit=20", auth),
            ("job status", f"/v1/jobs/{seeded['job']}", {"Authorization": f"Bearer {seeded['platform']}"}),
        ]
        # interleave so each endpoint kind sees the same load
        paths = paths[::3] + paths[1::3] + paths[2::3]

        results: dict[str, Any] = {"clients": args.clients, "requests": args.requests, "calls": len(calls)}
        modes = [("closed_loop", 0.0)] + ([("paced", 1.0 / args.rate)] if args.rate else [])
        for mode, interval in modes:
            proc, base = _serve("bench.bench_api:bare_app", home, factory=False)
            try:
                started = time.perf_counter()
                bare = asyncio.run(_load(base, [("bare", "/ping", {})], args.clients, args.requests, interval))["bare"]
                bare_stats = {**_stats(bare), "requests_per_s": round(len(bare) / (time.perf_counter() - started), 1)}
            finally:
                proc.terminate()
                proc.wait()
            proc, base = _serve("api.app:create_app", home, factory=True)
            try:
                started = time.perf_counter()
                latencies = asyncio.run(_load(base, paths, args.clients, args.requests, interval))
                elapsed = time.perf_counter() - started
            finally:
                proc.terminate()
                proc.wait()
            everything = [v for values in latencies.values() for v in values]
            out: dict[str, Any] = {"interval_s": interval, "bare_fastapi": bare_stats}
            out["api_all_reads"] = {**_stats(everything), "requests_per_s": round(len(everything) / elapsed, 1)}
            out["endpoints"] = {name: _stats(values) for name, values in sorted(latencies.items())}
            out["p95_ratio_to_bare"] = round(out["api_all_reads"]["p95_ms"] / bare_stats["p95_ms"], 2)
            out["target_p95_under_50ms"] = max(v["p95_ms"] for v in out["endpoints"].values()) < 50
            results[mode] = out

    for mode, out in results.items():
        if not isinstance(out, dict):
            continue
        b = out["bare_fastapi"]
        print(
            f"--- {mode} ({args.clients} clients"
            + (f", each {1 / out['interval_s']:.1f} req/s" if out["interval_s"] else ", no think time")
            + ")"
        )
        print(
            f"{'bare FastAPI /ping':30s} p50 {b['p50_ms']:7.2f} ms  p95 {b['p95_ms']:7.2f} ms  "
            f"{b['requests_per_s']} req/s"
        )
        for name, st in out["endpoints"].items():
            print(f"{name:30s} p50 {st['p50_ms']:7.2f} ms  p95 {st['p95_ms']:7.2f} ms  (n={st['n']})")
        api = out["api_all_reads"]
        print(
            f"{'all API reads':30s} p50 {api['p50_ms']:7.2f} ms  p95 {api['p95_ms']:7.2f} ms  "
            f"{api['requests_per_s']} req/s; p95 ratio to bare {out['p95_ratio_to_bare']}x; "
            f"p95 < 50 ms on every endpoint: {'met' if out['target_p95_under_50ms'] else 'NOT met'}"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
