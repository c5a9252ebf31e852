"""Audit-log targets: verify a 1,000,000-event chain in < 10 s; append >= 2,000 events/s from 4 writers.

    python bench/bench_audit.py                       # 1,000,000 events, SQLite + PostgreSQL
    python bench/bench_audit.py --events 200000 --no-postgres

Each figure is printed with a baseline measured in the same run:
- verification vs plain SHA-256 over the same canonical bytes (already in memory, no database);
- chained appends vs plain INSERTs of the same rows (no chain, no lock), same writers and batches.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import tempfile
import threading
import time
import uuid
from pathlib import Path

from sqlalchemy import insert, text
from sqlmodel import Session, SQLModel, create_engine

import models  # noqa: F401
from audits.chain import GENESIS, canonical, record_event, record_events, utcnow, verify_chain
from audits.signing import Signer
from models import Organization
from models.audit import AccessEvent

PG_ADMIN = os.environ.get("QA_ENGINE_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def _event(i: int, worker: int = 0) -> dict:
    return dict(
        org_id="org-bench",
        actor=f"user-{i % 50}",
        role="compliance_officer",
        action="read_unredacted_transcript",
        resource_type="call",
        resource_id=f"call-{i}",
        purpose="quality review",
        patient_ref=f"p-{i % 997}",
        client_addr="10.1.2.3",
        details={"worker": worker, "i": i},
    )


def _engine(url: str):
    eng = create_engine(
        url,
        connect_args={"timeout": 60} if url.startswith("sqlite") else {},
        pool_size=10 if not url.startswith("sqlite") else 5,
    )
    if url.startswith("sqlite"):
        with eng.connect() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")
    SQLModel.metadata.create_all(eng)
    with Session(eng) as s:
        s.add(Organization(id="org-bench", name="Bench"))
        s.commit()
    return eng


def bench_verify(url: str, n: int, signer: Signer) -> None:
    eng = _engine(url)
    t0 = time.perf_counter()
    with Session(eng) as session:
        for start in range(0, n, 20000):
            record_events(session, [_event(i) for i in range(start, min(n, start + 20000))], signer=signer)
        session.commit()
    print(f"  built {n:,} events in {time.perf_counter() - t0:.1f} s")
    timings = {}
    for workers in sorted({1, os.cpu_count() or 1}):
        with Session(eng) as session:
            t0, c0 = time.perf_counter(), time.process_time()
            result = verify_chain(session, "org-bench", signer=signer, workers=workers)
            timings[workers] = (time.perf_counter() - t0, time.process_time() - c0)
        assert result.ok and result.events == n, result.summary()
    # Baseline: SHA-256 of the same canonical bytes, already in memory.
    with Session(eng) as session:
        rows = session.execute(text("SELECT * FROM access_event WHERE chain='org-bench' ORDER BY position")).mappings()
        payloads = [canonical(r, r["prev_hash"]).encode() for r in rows]
    t0 = time.perf_counter()
    sha256 = hashlib.sha256
    for p in payloads:
        sha256(p).hexdigest()
    t_base = time.perf_counter() - t0
    print(f"  load average at measurement: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for workers, (t_verify, cpu) in timings.items():
        cpu_note = f"; CPU {cpu:.2f} s in this process" if workers == 1 else ""
        print(
            f"  verify {n:,} events + {result.chains[0].checkpoints} checkpoints, {workers} process(es): "
            f"{t_verify:.2f} s wall ({n / t_verify:,.0f} events/s{cpu_note}); baseline plain SHA-256 of the "
            f"same bytes {t_base:.2f} s; ratio {t_verify / t_base:.1f}x; target < 10 s for 1,000,000: "
            f"{'MET' if t_verify * 1_000_000 / n < 10 else 'MISSED'}"
        )
    eng.dispose()


def _run_writers(eng, writers: int, per_writer: int, batch: int, chained: bool, signer: Signer) -> float:
    errors: list[str] = []
    table = AccessEvent.__table__

    def work(w: int) -> None:
        try:
            for start in range(0, per_writer, batch):
                events = [_event(i, w) for i in range(start, min(per_writer, start + batch))]
                with Session(eng) as session:
                    if chained and batch == 1:
                        record_event(session, **events[0], signer=signer)
                    elif chained:
                        record_events(session, events, signer=signer)
                    else:  # the same rows, no chain and no lock
                        rows = [
                            dict(
                                chain="plain",
                                position=w * 10_000_000 + start + k,
                                org_id="org-bench",
                                ts=utcnow(),
                                actor=e["actor"],
                                role=e["role"],
                                action=e["action"],
                                resource_type="call",
                                resource_id=e["resource_id"],
                                patient_ref=e["patient_ref"],
                                purpose=e["purpose"],
                                outcome="allowed",
                                client_addr=e["client_addr"],
                                details_json="{}",
                                prev_hash=GENESIS,
                                hash=uuid.uuid4().hex + uuid.uuid4().hex,
                            )
                            for k, e in enumerate(events)
                        ]
                        session.execute(insert(table), rows)
                    session.commit()
        except Exception as exc:
            errors.append(repr(exc))

    threads = [threading.Thread(target=work, args=(w,)) for w in range(writers)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    if errors:
        raise RuntimeError(errors[0])
    return writers * per_writer / elapsed


def bench_append(label: str, url: str, signer: Signer, per_writer: int, batch: int) -> None:
    eng = _engine(url)
    plain = _run_writers(eng, 4, per_writer, batch, False, signer)
    chained = _run_writers(eng, 4, per_writer, batch, True, signer)
    single = _run_writers(eng, 4, max(50, per_writer // 20), 1, True, signer)
    with Session(eng) as session:
        result = verify_chain(session, "org-bench", signer=signer)
    assert result.ok, result.summary()
    print(
        f"  {label}: 4 writers, batches of {batch}: chained {chained:,.0f} events/s; plain INSERT baseline "
        f"{plain:,.0f} events/s; ratio {plain / chained:.2f}x; target >= 2,000/s: "
        f"{'MET' if chained >= 2000 else 'MISSED'}"
    )
    print(
        f"  {label}: 4 writers, one event per transaction: {single:,.0f} events/s; chain verified "
        f"({result.events:,} events)"
    )
    eng.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--per-writer", type=int, default=5000)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--skip-verify", action="store_true")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-audit-"))

    def signer(name: str) -> Signer:
        # One key directory per database: its checkpoint anchor file belongs to that database only.
        return Signer.load(tmp / name / "audit-signing.key")

    print(f"cores: {os.cpu_count()}")
    if not args.skip_verify:
        print("verification (SQLite file):")
        bench_verify(f"sqlite:///{tmp / 'verify.db'}", args.events, signer("sqlite-verify"))
    print("appends:")
    bench_append("SQLite", f"sqlite:///{tmp / 'append.db'}", signer("sqlite-append"), args.per_writer, args.batch)
    if not args.no_postgres:
        import psycopg

        names = [f"qae_bench_{uuid.uuid4().hex[:10]}" for _ in range(2)]
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            for name in names:
                conn.execute(f'CREATE DATABASE "{name}"')
        try:
            base = PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
            if not args.skip_verify:
                print("verification (PostgreSQL):")
                bench_verify(f"{base}/{names[0]}", args.events, signer("pg-verify"))
            bench_append("PostgreSQL", f"{base}/{names[1]}", signer("pg-append"), args.per_writer, args.batch)
        finally:
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                for name in names:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
