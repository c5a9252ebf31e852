"""Scorecard speed: one agent with 10,000 scored calls over 12 months, a team of 50 agents.

Targets (issue 6): an agent's scorecard in under 1 s and a 50-agent team view in under 2 s, from SQLite
and from PostgreSQL. The baseline, measured in the same run on the same rows, is a bare
``SELECT COUNT(*)`` over the agent's scores joined to their calls (the least any scorecard must read).

    python bench/bench_scorecard.py                       # SQLite file + fresh PostgreSQL database
    python bench/bench_scorecard.py --no-postgres         # SQLite only
    QA_ENGINE_TEST_PG=postgresql://postgres@127.0.0.1:5432/test python bench/bench_scorecard.py
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, create_engine

import models  # noqa: F401  (every table)
from models.calls import Agent, Call, Organization
from models.scoring import CriterionScore, Score
from qa_engine.scorecards import build_scorecard, build_team_view

KINDS = ("identity_verification", "empathy", "data_accuracy", "script_adherence", "escalation")
CALL_TYPES = ("scheduling", "insurance_verification", "patient_inquiry", "triage")
START = datetime(2025, 11, 1, tzinfo=UTC)  # 12 months: 2025-11 .. 2026-10
DAYS = 365


def populate(engine: Engine, agents: int, main_calls: int, other_calls: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    with Session(engine) as session:
        session.add(Organization(id="bench", name="Bench Clinic"))
        session.flush()
        for i in range(agents):
            session.add(Agent(id=f"a{i:02d}", org_id="bench", name=f"Agent {i:02d}", team="t1"))
        session.commit()
    calls: list[dict[str, Any]] = []
    scores: list[dict[str, Any]] = []
    criteria: list[dict[str, Any]] = []
    skills = [rng.uniform(0.6, 0.95) for _ in range(agents)]
    # Rows go in as a call center writes them, in time order, every agent interleaved.
    moments = sorted(
        (START + timedelta(seconds=rng.randrange(DAYS * 86400)), i)
        for i in range(agents)
        for _ in range(main_calls if i == 0 else other_calls)
    )
    for score_id, (started, i) in enumerate(moments, start=1):
        skill = skills[i]
        call_id = f"k{score_id:07d}"
        abandoned = rng.random() < 0.03
        meta: dict[str, Any] = {"queue_seconds": rng.randint(5, 240), "abandoned": abandoned}
        if not abandoned:
            meta["handle_seconds"] = rng.randint(90, 900)
        if rng.random() < 0.3:
            meta["survey_score"] = rng.randint(1, 5)
        if rng.random() < 0.4:
            meta["outcome"] = "kept" if rng.random() < 0.85 else "no_show"
        calls.append(
            {
                "id": call_id,
                "org_id": "bench",
                "agent_id": f"a{i:02d}",
                "call_type": rng.choice(CALL_TYPES),
                "started_at": started,
                "duration": float(rng.randint(60, 900)),
                "audio_sha256": call_id,
                "status": "scored",
                "call_metadata": meta,
                "channel_roles": ["agent", "caller"],
                "created_at": started,
                "updated_at": started,
            }
        )
        points = []
        for kind in KINDS:
            passed = None if kind == "escalation" and rng.random() < 0.8 else rng.random() < skill
            value = 20.0 if passed else float(rng.randint(0, 15))
            human = rng.random() < 0.02
            points.append(value)
            criteria.append(
                {
                    "score_id": score_id,
                    "call_id": call_id,
                    "criterion_id": kind,
                    "kind": kind,
                    "score": value,
                    "max": 20.0,
                    "passed": passed,
                    "confidence": 0.9,
                    "evidence": [] if passed else [{"segment": 3, "start": 12.5, "quote": "let me check that"}],
                    "details": {},
                    "human_score": 20.0 if human else None,
                    "human_passed": True if human else None,
                }
            )
        total = sum(points)
        scores.append(
            {
                "id": score_id,
                "call_id": call_id,
                "org_id": "bench",
                "agent_id": f"a{i:02d}",
                "rubric_id": "default",
                "rubric_version": 1,
                "total": total,
                "human_total": min(100.0, total + 10) if rng.random() < 0.03 else None,
                "auto_failed": rng.random() < 0.04,
                "flags": [],
                "result": {},
                "scored_at": started + timedelta(minutes=10),
            }
        )
    with engine.begin() as conn:
        for table, rows in ((Call, calls), (Score, scores), (CriterionScore, criteria)):
            for k in range(0, len(rows), 5000):
                conn.execute(insert(table), rows[k : k + 5000])
        conn.execute(text("ANALYZE"))
    return len(calls)


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """(first run, median of the next ``repeat``) in seconds."""
    t0 = time.perf_counter()
    fn()
    first = time.perf_counter() - t0
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return first, statistics.median(runs)


def run(name: str, engine: Engine, args: argparse.Namespace) -> dict[str, float]:
    SQLModel.metadata.create_all(engine)
    t0 = time.perf_counter()
    n = populate(engine, args.agents, args.calls, args.others)
    print(
        f"\n[{name}] loaded {n} scored calls ({n * len(KINDS)} criterion results) in {time.perf_counter() - t0:.1f} s"
    )
    results: dict[str, float] = {}
    with Session(engine) as session:
        count = (
            select(func.count()).select_from(Score).join(Call, Call.id == Score.call_id).where(Score.agent_id == "a00")
        )
        rows = session.execute(count).scalar_one()
        _, baseline = timed(lambda: session.execute(count).scalar_one(), args.repeat)
        print(f"[{name}] baseline COUNT(*) over agent a00's {rows} scores: {baseline * 1000:.1f} ms")
        cases: list[tuple[str, Callable[[], Any], float]] = [
            ("scorecard month 2026-10 (+5 earlier months)", lambda: build_scorecard(session, "a00", "2026-10"), 1.0),
            (
                "scorecard 12 months (all 10,000 calls)",
                lambda: build_scorecard(session, "a00", "2025-11-01..2026-10-31", trend_periods=1),
                1.0,
            ),
            ("scorecard quarter 2026-Q4", lambda: build_scorecard(session, "a00", "2026-Q4"), 1.0),
            (
                f"team view {args.agents} agents, month",
                lambda: build_team_view(session, "bench", "2026-10", team="t1"),
                2.0,
            ),
            (
                f"team view {args.agents} agents, 12 months",
                lambda: build_team_view(session, "bench", "2025-11-01..2026-10-31", team="t1", trend_periods=1),
                2.0,
            ),
        ]
        for label, fn, target in cases:
            first, median = timed(fn, args.repeat)
            verdict = "OK" if median < target else "OVER TARGET"
            print(
                f"[{name}] {label:<44} first {first * 1000:7.1f} ms, median {median * 1000:7.1f} ms "
                f"(target < {target:.0f} s: {verdict}); ratio to baseline {median / baseline:6.1f}x"
            )
            results[f"{name}:{label}"] = median
        card = build_scorecard(session, "a00", "2025-11-01..2026-10-31", trend_periods=1)
        assert card.metrics.calls_scored == args.calls, card.metrics.calls_scored
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--agents", type=int, default=50)
    parser.add_argument("--calls", type=int, default=10_000, help="scored calls of the measured agent")
    parser.add_argument("--others", type=int, default=1_000, help="scored calls of every other agent")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"CPUs {os.cpu_count()}, load average {load} (the machine is shared: timings scale with load)")

    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        run("sqlite", engine, args)
        engine.dispose()

    if args.no_postgres:
        return
    # A killed run still drops its database (the finally clause below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    import psycopg

    admin = os.environ.get("QA_ENGINE_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
    name = f"qae_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        url = admin.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1) + f"/{name}"
        engine = create_engine(url)
        run("postgresql", engine, args)
        engine.dispose()
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
