"""The access log's hash chain on real SQLite and PostgreSQL databases: tampering of every kind is
caught and named, and concurrent writers never fork the chain."""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, create_engine

import models  # noqa: F401
from audits.chain import (
    AuditError,
    event_hash,
    record_event,
    record_events,
    verify_chain,
    write_checkpoint,
)
from audits.signing import Signer
from models import Organization
from models.audit import AccessEvent


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Engine:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'audit.db'}"
        eng = create_engine(url, connect_args={"timeout": 30})
    else:
        eng = create_engine(request.getfixturevalue("pg_url"))
    SQLModel.metadata.create_all(eng)
    with Session(eng) as session:
        session.add(Organization(id="org-a", name="A"))
        session.add(Organization(id="org-b", name="B"))
        session.commit()
    yield eng
    eng.dispose()


@pytest.fixture
def signer(tmp_path: Path) -> Signer:
    return Signer.load(tmp_path / "keys" / "audit-signing.key")


def _fill(engine: Engine, signer: Signer, n: int = 25, org: str = "org-a", every: int = 10) -> None:
    with Session(engine) as session:
        for i in range(n):
            record_events(session, [dict(
                org_id=org, actor=f"user-{i % 3}", role="compliance_officer", action="read_unredacted_transcript",
                resource_type="call", resource_id=f"call-{i}", purpose="quality review", patient_ref=f"p-{i % 5}",
                client_addr="10.0.0.7", details={"n": i},
            )], signer=signer, checkpoint_every=every)
        session.commit()


def _verify(engine: Engine, signer: Signer, org: str | None = "org-a"):
    with Session(engine) as session:
        return verify_chain(session, org, signer=signer)


def _sql(engine: Engine, statement: str, **params) -> None:
    with engine.begin() as conn:
        conn.execute(text(statement), params)


def test_intact_chain_verifies_every_event_and_checkpoint(engine, signer):
    _fill(engine, signer, 25)
    _fill(engine, signer, 3, org="org-b")
    result = _verify(engine, signer, None)
    assert result.ok, result.summary()
    assert result.events == 28
    by_chain = {c.chain: c for c in result.chains}
    assert by_chain["org-a"].checkpoints == 2 and by_chain["org-a"].last_checkpoint_length == 20
    assert by_chain["org-a"].unsealed == 5
    # Another key is not trusted: every checkpoint is then reported.
    other = Signer.load(Path(signer.path).parent / "other.key")
    assert not _verify(engine, other).ok


def test_event_rules_are_enforced(engine, signer):
    with Session(engine) as session:
        with pytest.raises(AuditError, match="purpose"):
            record_event(session, org_id="org-a", actor="u", role="coach", action="read_raw_audio",
                         resource_type="call", signer=signer)
        # A denied attempt without a purpose is still recorded.
        event = record_event(session, org_id="org-a", actor="u", role="coach", action="read_raw_audio",
                             resource_type="call", outcome="denied", signer=signer)
        assert event.position == 1 and event.id is not None
        with pytest.raises(AuditError, match="unknown audit action"):
            record_event(session, org_id="org-a", actor="u", role="coach", action="peek", resource_type="call")
        with pytest.raises(AuditError, match="control character"):
            record_event(session, org_id="org-a", actor="u\x1fx", role="coach", action="login",
                         resource_type="session", signer=signer)
        session.commit()


def test_edit_is_caught_and_named(engine, signer):
    _fill(engine, signer)
    _sql(engine, "UPDATE access_event SET purpose = 'curiosity' WHERE chain = 'org-a' AND position = 7")
    result = _verify(engine, signer)
    chain, problem = result.first_bad
    assert not result.ok and chain == "org-a"
    assert problem.kind == "edited" and problem.position == 7


def test_deletion_is_caught_and_named(engine, signer):
    _fill(engine, signer)
    _sql(engine, "DELETE FROM access_event WHERE chain = 'org-a' AND position = 12")
    _, problem = _verify(engine, signer).first_bad
    assert problem.kind == "missing" and problem.position == 12


def test_insertion_is_caught_and_named(engine, signer):
    _fill(engine, signer)
    # The attacker makes room at position 9 and writes a well-formed event with a correct hash.
    _sql(engine, "UPDATE access_event SET position = position + 1000 WHERE chain = 'org-a' AND position >= 9")
    _sql(engine, "UPDATE access_event SET position = position - 999 WHERE chain = 'org-a' AND position > 1000")
    with Session(engine) as session:
        prev = session.execute(text("SELECT hash FROM access_event WHERE chain='org-a' AND position=8")).scalar()
        forged = dict(chain="org-a", position=9, org_id="org-a", ts=AccessEvent().ts, actor="ghost",
                      role="admin", action="login", resource_type="session", resource_id=None, patient_ref=None,
                      purpose=None, outcome="allowed", client_addr=None, details_json="{}")
        session.add(AccessEvent(**forged, prev_hash=prev, hash=event_hash(forged, prev)))
        session.commit()
    _, problem = _verify(engine, signer).first_bad
    assert problem.kind == "inserted" and problem.position == 9


def test_reorder_is_caught_and_named(engine, signer):
    _fill(engine, signer)
    _sql(engine, "UPDATE access_event SET position = -1 WHERE chain = 'org-a' AND position = 4")
    _sql(engine, "UPDATE access_event SET position = 4 WHERE chain = 'org-a' AND position = 5")
    _sql(engine, "UPDATE access_event SET position = 5 WHERE chain = 'org-a' AND position = -1")
    _, problem = _verify(engine, signer).first_bad
    assert problem.position == 4 and problem.kind in {"out_of_sequence", "edited"}


def test_truncated_tail_is_caught_through_checkpoints(engine, signer):
    _fill(engine, signer)  # checkpoints at 10 and 20
    _sql(engine, "DELETE FROM access_event WHERE chain = 'org-a' AND position >= 16")
    # A careful attacker also rewinds the chain-head row; the signed checkpoint still remembers 20.
    with Session(engine) as session:
        last = session.execute(text("SELECT hash FROM access_event WHERE chain='org-a' AND position=15")).scalar()
    _sql(engine, "UPDATE audit_chain_head SET length = 15, head_hash = :h WHERE chain = 'org-a'", h=last)
    result = _verify(engine, signer)
    _, problem = result.first_bad
    assert problem.kind == "truncated" and problem.position == 16
    assert "20" in problem.message


def test_consistent_rewrite_of_the_chain_is_caught_by_the_signed_checkpoint(engine, signer):
    _fill(engine, signer)
    # Edit event 5, then recompute every later hash so that the plain chain is consistent again.
    with Session(engine) as session:
        rows = session.execute(text(
            "SELECT id FROM access_event WHERE chain = 'org-a' ORDER BY position")).scalars().all()
        prev = "0" * 64
        for event_id in rows:
            event = session.get(AccessEvent, event_id)
            if event.position == 5:
                event.purpose = "rewritten"
            values = event.model_dump()
            event.prev_hash, event.hash = prev, event_hash(values, prev)
            prev = event.hash
            session.add(event)
            session.flush()
        session.execute(text("UPDATE audit_chain_head SET head_hash = :h WHERE chain = 'org-a'"), {"h": prev})
        session.commit()
    result = _verify(engine, signer)
    assert not result.ok
    assert any("checkpoint 1 no longer matches" in p.message for p in result.chains[0].problems)


def test_tampered_or_deleted_checkpoint_is_caught(engine, signer):
    _fill(engine, signer)
    _sql(engine, "UPDATE audit_checkpoint SET length = 11 WHERE chain = 'org-a' AND seq = 1")
    assert any("signature" in p.message for p in _verify(engine, signer).chains[0].problems)
    _sql(engine, "UPDATE audit_checkpoint SET length = 10 WHERE chain = 'org-a' AND seq = 1")
    assert _verify(engine, signer).ok
    _sql(engine, "DELETE FROM audit_checkpoint WHERE chain = 'org-a' AND seq = 1")
    assert any("checkpoint 1 is missing" in p.message for p in _verify(engine, signer).chains[0].problems)


def test_export_writes_a_checkpoint(engine, signer):
    _fill(engine, signer, 3)
    with Session(engine) as session:
        record_event(session, org_id="org-a", actor="u", role="compliance_officer", action="export",
                     resource_type="report", purpose="auditor request", signer=signer)
        cp = write_checkpoint(session, "org-a", signer=signer, reason="manual")
        assert cp.length == 4 and cp.seq == 2
        session.commit()
    result = _verify(engine, signer)
    assert result.ok and result.chains[0].checkpoints == 2 and result.chains[0].unsealed == 0


def _writer(engine: Engine, signer: Signer, worker: int, count: int, errors: list) -> None:
    try:
        for i in range(count):
            with Session(engine) as session:
                record_event(session, org_id="org-a", actor=f"w{worker}", role="qa_analyst", action="login",
                             resource_type="session", details={"i": i}, signer=signer)
                session.commit()
    except Exception as exc:  # surfaced by the assertion below
        errors.append(repr(exc))


def test_concurrent_threads_never_fork_the_chain(engine, signer):
    errors: list[str] = []
    threads = [threading.Thread(target=_writer, args=(engine, signer, w, 40, errors)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Session(engine) as session:
        prevs = session.execute(text("SELECT prev_hash FROM access_event WHERE chain='org-a'")).scalars().all()
    assert len(prevs) == 160 and len(set(prevs)) == 160  # no two events name the same predecessor
    result = _verify(engine, signer)
    assert result.ok, result.summary()
    assert result.events == 160


def _process_writer(url: str, key: str, worker: int, count: int) -> None:
    eng = create_engine(url, connect_args={"timeout": 30} if url.startswith("sqlite") else {})
    errors: list[str] = []
    _writer(eng, Signer.load(Path(key)), worker, count, errors)
    if errors:
        raise SystemExit(errors[0])


def test_concurrent_processes_never_fork_the_chain(engine, signer):
    ctx = multiprocessing.get_context("fork")
    url = engine.url.render_as_string(hide_password=False)
    engine.dispose()  # no pooled connection crosses the fork
    procs = [ctx.Process(target=_process_writer, args=(url, str(signer.path), w, 25)) for w in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0, 0]
    result = _verify(engine, signer)
    assert result.ok and result.events == 75


def test_parallel_verification_matches_a_single_pass(engine, signer, monkeypatch):
    import audits.chain

    monkeypatch.setattr(audits.chain, "PARALLEL_MIN_EVENTS", 10)
    _fill(engine, signer)  # 25 events: two workers take positions 1..13 and 14..25
    with Session(engine) as session:
        assert verify_chain(session, "org-a", signer=signer, workers=2).ok
    _sql(engine, "DELETE FROM access_event WHERE chain = 'org-a' AND position = 13")
    _sql(engine, "UPDATE access_event SET actor = 'x' WHERE chain = 'org-a' AND position = 14")
    _sql(engine, "UPDATE access_event SET actor = 'y' WHERE chain = 'org-a' AND position = 20")
    with Session(engine) as session:
        single = verify_chain(session, "org-a", signer=signer, workers=1)
        split = verify_chain(session, "org-a", signer=signer, workers=2)
    assert [(p.kind, p.position) for p in split.chains[0].problems] == \
        [(p.kind, p.position) for p in single.chains[0].problems]
    assert split.first_bad[1].kind == "missing" and split.first_bad[1].position == 13
    assert {(p.kind, p.position) for p in split.chains[0].problems} >= {("edited", 20)}


def test_cut_tail_with_its_checkpoints_deleted_is_caught_by_the_anchor_file(engine, signer):
    _fill(engine, signer)  # checkpoints at 10 and 20, anchored beside the key after each commit
    anchors = Path(signer.path).parent / "audit-anchors.jsonl"
    assert len(anchors.read_text().splitlines()) == 2
    with Session(engine) as session:
        last = session.execute(text("SELECT hash FROM access_event WHERE chain='org-a' AND position=15")).scalar()
    _sql(engine, "DELETE FROM access_event WHERE chain = 'org-a' AND position >= 16")
    _sql(engine, "DELETE FROM audit_checkpoint WHERE chain = 'org-a' AND seq = 2")
    _sql(engine, "UPDATE audit_chain_head SET length = 15, head_hash = :h, checkpoints = 1 WHERE chain = 'org-a'",
         h=last)
    with Session(engine) as session:  # without the anchors the database alone looks consistent
        assert verify_chain(session, "org-a", public_key=signer.public_key).ok
    result = _verify(engine, signer)
    _, problem = result.first_bad
    assert problem.kind == "truncated" and problem.position == 16
    assert any("checkpoint 2" in p.message and "deleted" in p.message for p in result.chains[0].problems)


def test_rolled_back_checkpoint_leaves_no_anchor(engine, signer):
    with Session(engine) as session:
        record_events(session, [dict(org_id="org-b", actor="u", role="admin", action="login",
                                     resource_type="session")] * 10, signer=signer, checkpoint_every=10)
        session.rollback()
    assert not (Path(signer.path).parent / "audit-anchors.jsonl").exists()
    assert _verify(engine, signer, None).ok
