"""The tamper-evident access log: one SHA-256 hash chain per organization, sealed by signed checkpoints.

Each event's hash covers a canonical encoding of all its fields and the previous event's hash, so
editing, deleting, inserting or reordering a stored event breaks the chain at that event. Because
anyone can recompute SHA-256, a rewrite of the whole tail is caught by the Ed25519-signed checkpoints
("chain C had N events ending in H"), and a truncated tail by a checkpoint naming more events than
remain (as AWS CloudTrail's digest files do).

Writers serialise per chain on the chain-head row: the first statement of an append is
``UPDATE audit_chain_head SET length = length + k ... RETURNING``, which takes PostgreSQL's row lock
(held to commit) and SQLite's database write lock (taken before the transaction reads anything, so
its snapshot is never stale). Two events therefore never name the same predecessor; the unique
(chain, position) constraint backs this up.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from collections.abc import Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, insert, select, text
from sqlmodel import Session

from audits.signing import Signer, default_signer, verify_signature
from audits.signing import fingerprint as key_fingerprint
from models.audit import SYSTEM_CHAIN, AccessEvent, AuditChainHead, AuditCheckpoint

GENESIS = "0" * 64
VERSION = "v1"
SEP = "\x1f"  # unit separator; refused inside any field, so field boundaries are unambiguous
NULL = "\x01"  # stands for SQL NULL in the encoding (distinct from the empty string)
TS_FORMAT = "%Y-%m-%d %H:%M:%S.%f"
CHECKPOINT_EVERY = 1000
CHECKPOINT_DOMAIN = "qa-engine-audit-checkpoint/v1"

# Fields in hashing order (after VERSION); prev_hash follows them.
HASHED_FIELDS = (
    "chain", "position", "org_id", "ts", "actor", "role", "action", "resource_type", "resource_id",
    "patient_ref", "purpose", "outcome", "client_addr", "details_json",
)
_SEPARATORS = len(HASHED_FIELDS) + 1  # VERSION and every field are each followed by SEP

# Reading PHI: a purpose is required whenever such an access is allowed (164.502(b), 164.528).
PHI_ACTIONS = frozenset(
    {"read_unredacted_transcript", "read_raw_audio", "reidentify_span", "export", "disclosure"}
)
CHANGE_ACTIONS = frozenset(
    {"score_override", "dispute", "rubric_edit", "user_change", "role_change", "api_key_change",
     "key_rotation", "retention_purge", "retention_change", "calibration"}
)
OTHER_ACTIONS = frozenset(
    {"login", "logout", "login_failed", "denied", "read_redacted_transcript", "read_redacted_audio",
     "read_report", "evidence_export", "audit_verify"}
)
ACTIONS = PHI_ACTIONS | CHANGE_ACTIONS | OTHER_ACTIONS
EXPORT_ACTIONS = frozenset({"export", "evidence_export"})
OUTCOMES = ("allowed", "denied")


class AuditError(ValueError):
    pass


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _naive_utc(ts: datetime) -> datetime:
    return ts.astimezone(UTC).replace(tzinfo=None) if ts.tzinfo else ts


def canonical(values: Mapping[str, Any], prev_hash: str) -> str:
    """The exact text an event's hash covers."""
    parts = [VERSION]
    for name in HASHED_FIELDS:
        value = values[name]
        if value is None:
            parts.append(NULL)
        elif isinstance(value, datetime):
            parts.append(value.strftime(TS_FORMAT))
        else:
            parts.append(str(value))
    parts.append(prev_hash)
    return SEP.join(parts)


def event_hash(values: Mapping[str, Any], prev_hash: str) -> str:
    return hashlib.sha256(canonical(values, prev_hash).encode()).hexdigest()


def _clean(name: str, value: str | None, *, required: bool = False, limit: int = 256) -> str | None:
    if value is None or value == "":
        if required:
            raise AuditError(f"audit event needs {name}")
        return None
    value = str(value)
    if SEP in value or NULL in value or "\x00" in value:
        raise AuditError(f"audit event {name} holds a control character")
    if len(value) > limit:
        raise AuditError(f"audit event {name} is longer than {limit} characters")
    return value


def _event_values(
    *, org_id: str | None, actor: str, role: str, action: str, resource_type: str,
    resource_id: str | None, purpose: str | None, outcome: str, client_addr: str | None,
    patient_ref: str | None, details: Mapping[str, Any] | None, ts: datetime | None,
) -> dict[str, Any]:
    if action not in ACTIONS:
        raise AuditError(f"unknown audit action {action!r}; known: {', '.join(sorted(ACTIONS))}")
    if outcome not in OUTCOMES:
        raise AuditError(f"audit outcome must be one of {OUTCOMES}")
    purpose = _clean("purpose", purpose, limit=256)
    if action in PHI_ACTIONS and outcome == "allowed" and not (purpose and purpose.strip()):
        raise AuditError(f"{action} is a PHI access and needs a stated purpose")
    details_json = json.dumps(dict(details or {}), sort_keys=True, separators=(",", ":"), default=str)
    if SEP in details_json or NULL in details_json:  # json escapes control characters; belt and braces
        raise AuditError("audit event details hold a control character")
    org = _clean("org_id", org_id, limit=64)
    return {
        "chain": org if org is not None else SYSTEM_CHAIN,
        "org_id": org,
        "ts": _naive_utc(ts) if ts else utcnow(),
        "actor": _clean("actor", actor, required=True, limit=128),
        "role": _clean("role", role, required=True, limit=32),
        "action": action,
        "resource_type": _clean("resource_type", resource_type, required=True, limit=32),
        "resource_id": _clean("resource_id", resource_id, limit=128),
        "patient_ref": _clean("patient_ref", patient_ref, limit=128),
        "purpose": purpose,
        "outcome": outcome,
        "client_addr": _clean("client_addr", client_addr, limit=64),
        "details_json": details_json,
    }


def record_event(
    session: Session,
    *,
    org_id: str | None,
    actor: str,
    role: str,
    action: str,
    resource_type: str,
    resource_id: str | None = None,
    purpose: str | None = None,
    outcome: str = "allowed",
    client_addr: str | None = None,
    patient_ref: str | None = None,
    details: Mapping[str, Any] | None = None,
    ts: datetime | None = None,
    signer: Signer | None = None,
) -> AccessEvent:
    """Append one event to its organization's chain inside the caller's transaction.

    Raises ``AuditError`` for an unknown action, a PHI access without a purpose, or a field holding
    control characters. ``ts`` defaults to now; pass it only when importing events from a system
    of record. Commit soon: the chain stays locked for other writers until the transaction ends.
    """
    values = _event_values(org_id=org_id, actor=actor, role=role, action=action, resource_type=resource_type,
                           resource_id=resource_id, purpose=purpose, outcome=outcome, client_addr=client_addr,
                           patient_ref=patient_ref, details=details, ts=ts)
    _append(session, [values], signer or default_signer(), CHECKPOINT_EVERY)
    return AccessEvent(**values)


_EVENT_KEYS = ("org_id", "actor", "role", "action", "resource_type", "resource_id", "purpose", "outcome",
               "client_addr", "patient_ref", "details", "ts")


def record_events(
    session: Session,
    events: Iterable[Mapping[str, Any]],
    *,
    signer: Signer | None = None,
    checkpoint_every: int = CHECKPOINT_EVERY,
) -> list[int]:
    """Append many events (each a mapping of ``record_event``'s keyword arguments) in one go: one
    lock and one multi-row insert per chain. Returns the new events' ids in the order given."""
    prepared: list[dict[str, Any]] = []
    for raw in events:
        unknown = set(raw) - set(_EVENT_KEYS)
        if unknown:
            raise AuditError(f"unknown audit event fields: {', '.join(sorted(unknown))}")
        kwargs = {"resource_id": None, "purpose": None, "outcome": "allowed", "client_addr": None,
                  "patient_ref": None, "details": None, "ts": None, **raw}
        prepared.append(_event_values(**kwargs))
    _append(session, prepared, signer or default_signer(), checkpoint_every)
    return [values["id"] for values in prepared]


def _append(
    session: Session, prepared: list[dict[str, Any]], signer: Signer | None, checkpoint_every: int
) -> None:
    by_chain: dict[str, list[dict[str, Any]]] = {}
    for values in prepared:
        by_chain.setdefault(values["chain"], []).append(values)
    table = AccessEvent.__table__
    for chain in sorted(by_chain):  # a fixed lock order: two batches over two chains cannot deadlock
        rows = by_chain[chain]
        length, prev = _reserve(session, chain, len(rows))
        position = length - len(rows)
        for values in rows:
            position += 1
            values["position"] = position
            values["prev_hash"] = prev
            values["hash"] = prev = event_hash(values, prev)
        # A plain executemany, then the ids by position: an INSERT ... RETURNING of many rows becomes
        # one huge statement that the driver re-parses each time (a third of the time on PostgreSQL).
        session.execute(insert(table), rows)
        ids = session.execute(
            select(table.c.id).where(table.c.chain == chain, table.c.position > length - len(rows),
                                     table.c.position <= length).order_by(table.c.position)
        ).scalars().all()
        for values, event_id in zip(rows, ids, strict=True):
            values["id"] = event_id
        session.execute(
            text("UPDATE audit_chain_head SET head_hash = :h WHERE chain = :c"), {"h": prev, "c": chain}
        )
        before = length - len(rows)
        crossed = length // checkpoint_every != before // checkpoint_every
        if signer is not None and (crossed or any(v["action"] in EXPORT_ACTIONS for v in rows)):
            _write_checkpoint(session, chain, length, prev, signer,
                              "periodic" if crossed else "export")


def _reserve(session: Session, chain: str, count: int) -> tuple[int, str]:
    """Lock the chain head, advance its length by ``count``; return (new length, previous head hash)."""
    bump = text(
        "UPDATE audit_chain_head SET length = length + :k, updated_at = :now WHERE chain = :c "
        "RETURNING length, head_hash"
    )
    params = {"k": count, "c": chain, "now": utcnow()}
    row = session.execute(bump, params).first()
    if row is None:
        _create_head(session, chain)
        row = session.execute(bump, params).first()
    return int(row[0]), str(row[1])


def _create_head(session: Session, chain: str) -> None:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    statement = dialect_insert(AuditChainHead.__table__).values(
        chain=chain, length=0, head_hash=GENESIS, checkpoints=0, updated_at=utcnow()
    )
    session.execute(statement.on_conflict_do_nothing(index_elements=["chain"]))


# ---------------------------------------------------------------------------------------- checkpoints


def checkpoint_statement(
    *, chain: str, seq: int, length: int, head_hash: str, prev_checkpoint_hash: str,
    created_at: datetime, reason: str, key_fingerprint: str,
) -> bytes:
    return SEP.join([
        CHECKPOINT_DOMAIN, chain, str(seq), str(length), head_hash, prev_checkpoint_hash,
        created_at.strftime(TS_FORMAT), reason, key_fingerprint,
    ]).encode()


def checkpoint_hash(cp: AuditCheckpoint) -> str:
    return hashlib.sha256(_statement_of(cp) + bytes.fromhex(cp.signature)).hexdigest()


def _statement_of(cp: AuditCheckpoint) -> bytes:
    return checkpoint_statement(
        chain=cp.chain, seq=cp.seq, length=cp.length, head_hash=cp.head_hash,
        prev_checkpoint_hash=cp.prev_checkpoint_hash, created_at=cp.created_at, reason=cp.reason,
        key_fingerprint=cp.key_fingerprint,
    )


def _write_checkpoint(
    session: Session, chain: str, length: int, head_hash: str, signer: Signer, reason: str
) -> AuditCheckpoint:
    """Caller holds the chain-head lock."""
    seq = session.execute(
        text("UPDATE audit_chain_head SET checkpoints = checkpoints + 1 WHERE chain = :c RETURNING checkpoints"),
        {"c": chain},
    ).scalar_one()
    previous = session.execute(
        select(AuditCheckpoint).where(AuditCheckpoint.chain == chain, AuditCheckpoint.seq == seq - 1)
    ).scalars().first()
    cp = AuditCheckpoint(
        chain=chain, seq=seq, length=length, head_hash=head_hash,
        prev_checkpoint_hash=checkpoint_hash(previous) if previous else GENESIS,
        created_at=utcnow(), reason=reason, key_fingerprint=signer.fingerprint, signature="",
    )
    cp.signature = signer.sign(_statement_of(cp)).hex()
    session.add(cp)
    session.flush()
    _anchor_after_commit(session, cp, signer)
    return cp


# Checkpoints are also appended, once committed, to a file beside the signing key: outside the
# database, like CloudTrail's digest files. Someone who cuts the tail of the log and deletes the
# checkpoints that covered it still leaves those lines behind.
ANCHOR_FILE = "audit-anchors.jsonl"


def anchor_path(signer: Signer | None) -> Path | None:
    return signer.path.parent / ANCHOR_FILE if signer is not None and signer.path is not None else None


def _checkpoint_dict(cp: AuditCheckpoint) -> dict[str, Any]:
    return {"chain": cp.chain, "seq": cp.seq, "length": cp.length, "head_hash": cp.head_hash,
            "prev_checkpoint_hash": cp.prev_checkpoint_hash, "created_at": cp.created_at.strftime(TS_FORMAT),
            "reason": cp.reason, "key_fingerprint": cp.key_fingerprint, "signature": cp.signature}


def _anchor_after_commit(session: Session, cp: AuditCheckpoint, signer: Signer) -> None:
    path = anchor_path(signer)
    if path is None:
        return
    if not session.info.get("audit_anchor_hooked"):
        event.listen(session, "after_commit", _write_anchors)
        event.listen(session, "after_rollback", _drop_anchors)
        session.info["audit_anchor_hooked"] = True
    line = json.dumps(_checkpoint_dict(cp), sort_keys=True, separators=(",", ":"))
    session.info.setdefault("audit_anchor_pending", []).append((path, line))


def _write_anchors(session: Session) -> None:
    for path, line in session.info.pop("audit_anchor_pending", []):
        with open(path, "a", encoding="utf-8") as handle:  # one short line per write: appends do not interleave
            handle.write(line + "\n")


def _drop_anchors(session: Session) -> None:
    session.info.pop("audit_anchor_pending", None)


def read_anchors(path: Path | None) -> list[AuditCheckpoint]:
    if path is None or not path.exists():
        return []
    anchors = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            data = json.loads(line)
            data["created_at"] = datetime.strptime(data["created_at"], TS_FORMAT)
            anchors.append(AuditCheckpoint(**data))
    return anchors


def write_checkpoint(
    session: Session, org_id: str | None, *, signer: Signer | None = None, reason: str = "export"
) -> AuditCheckpoint | None:
    """Seal the current head of an organization's chain (at an export, or on demand). None if the
    chain is empty."""
    signer = signer or default_signer()
    if signer is None:
        raise AuditError("no audit signing key configured")
    chain = org_id if org_id is not None else SYSTEM_CHAIN
    length, head = _reserve(session, chain, 0)  # takes the lock without appending
    if length == 0:
        return None
    return _write_checkpoint(session, chain, length, head, signer, reason)


# --------------------------------------------------------------------------------------- verification


@dataclass
class Problem:
    # edited | missing | out_of_sequence | inserted | duplicate | truncated | rewritten | checkpoint | head
    kind: str
    position: int | None
    event_id: int | None
    message: str


@dataclass
class ChainResult:
    chain: str
    events: int = 0
    checkpoints: int = 0
    last_checkpoint_length: int = 0
    head_hash: str = GENESIS
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_bad(self) -> Problem | None:
        # An event-level finding is more precise than a checkpoint's "somewhere in this range".
        located = [p for p in self.problems if p.position is not None and p.kind != "rewritten"]
        located = located or [p for p in self.problems if p.position is not None]
        if located:
            return min(located, key=lambda p: p.position)  # type: ignore[arg-type,return-value]
        return self.problems[0] if self.problems else None

    @property
    def unsealed(self) -> int:
        """Events after the last checkpoint: a deleted tail there is only caught by the head row."""
        return max(0, self.events - self.last_checkpoint_length)


@dataclass
class ChainVerification:
    chains: list[ChainResult]
    key_fingerprint: str | None
    verified_at: datetime = field(default_factory=utcnow)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.chains)

    @property
    def events(self) -> int:
        return sum(c.events for c in self.chains)

    @property
    def first_bad(self) -> tuple[str, Problem] | None:
        for c in self.chains:
            if not c.ok:
                return c.chain, c.first_bad  # type: ignore[return-value]
        return None

    def summary(self) -> str:
        if self.ok:
            sealed = sum(c.checkpoints for c in self.chains)
            return (f"audit chain intact: {self.events} events in {len(self.chains)} chain(s), "
                    f"{sealed} signed checkpoints")
        chain, problem = self.first_bad  # type: ignore[misc]
        return f"audit chain BROKEN in chain {chain or '(system)'!r}: {problem.message}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "events": self.events,
            "key_fingerprint": self.key_fingerprint,
            "verified_at": self.verified_at.isoformat() + "Z",
            "summary": self.summary(),
            "chains": [
                {**{k: v for k, v in asdict(c).items() if k != "problems"}, "ok": c.ok, "unsealed": c.unsealed,
                 "problems": [asdict(p) for p in c.problems[:100]]}
                for c in self.chains
            ],
        }


MAX_PROBLEMS = 1000


def _body_sql(dialect: str) -> str:
    """SQL building the canonical text up to (not including) prev_hash, so that Python's per-row
    work is one concatenation and one SHA-256."""
    if dialect == "postgresql":
        sep, null, ts = "chr(31)", "chr(1)", "to_char(ts, 'YYYY-MM-DD HH24:MI:SS.US')"
    else:
        sep, null, ts = "char(31)", "char(1)", "ts"
    cols = {
        "chain": "chain", "position": "CAST(position AS TEXT)", "ts": ts,
        "details_json": "details_json",
    }
    parts = [f"'{VERSION}'"]
    nullable = {"org_id", "resource_id", "patient_ref", "purpose", "client_addr"}
    for name in HASHED_FIELDS:
        expr = cols.get(name, name)
        parts.append(f"COALESCE({expr}, {null})" if name in nullable else expr)
    return " || ".join(f"{p} || {sep}" for p in parts)


PARALLEL_MIN_EVENTS = 200_000  # below this, one pass in the caller's process is faster than forking


def verify_chain(
    session: Session, org_id: str | None = None, *, public_key: Any = None, signer: Signer | None = None,
    workers: int = 1, anchors: Path | None = None,
) -> ChainVerification:
    """Check EVERY event and EVERY checkpoint of one organization's chain (``org_id``; ``""`` is the
    system chain) or of all chains (``org_id=None``).

    Checkpoint signatures are checked against the trusted key: the ``public_key`` given, else the
    configured signer's; never a key found in the database. The head row is read first and events
    up to its length are checked, so writers appending meanwhile cause no false alarm. With
    ``workers > 1``, chains of ``PARALLEL_MIN_EVENTS`` or more in a file database are split by position
    over that many forked processes (the CLI does this; a threaded server should keep the default 1).
    """
    if public_key is None:
        signer = signer or default_signer()
        public_key = signer.public_key if signer else None
        anchors = anchors or anchor_path(signer)
    trusted_fp = key_fingerprint(public_key) if public_key is not None else None
    anchored: dict[str, list[AuditCheckpoint]] = {}
    for cp in read_anchors(anchors):
        anchored.setdefault(cp.chain, []).append(cp)
    if org_id is None:
        chains = sorted(
            set(session.execute(select(AccessEvent.chain).distinct()).scalars().all())
            | set(session.execute(select(AuditChainHead.chain)).scalars().all())
            | set(session.execute(select(AuditCheckpoint.chain).distinct()).scalars().all())
        )
        chains = sorted(set(chains) | set(anchored))
    else:
        chains = [org_id]
    results = []
    for chain in chains:
        result = ChainResult(chain=chain)
        head = session.execute(
            select(AuditChainHead.length, AuditChainHead.head_hash).where(AuditChainHead.chain == chain)
        ).first()
        bound = int(head[0]) if head is not None else None
        checkpoints = list(session.execute(
            select(AuditCheckpoint).where(AuditCheckpoint.chain == chain).order_by(AuditCheckpoint.seq)
        ).scalars().all())
        result.checkpoints = len(checkpoints)
        _verify_checkpoints(result, checkpoints, public_key, trusted_fp)
        sealed = {cp.length for cp in checkpoints}
        problems, seen_at, state = _scan_chain(session, chain, bound, sealed, workers)
        result.problems.extend(problems)
        result.events, result.head_hash = state.expected - 1, state.prev
        now_length = session.execute(
            select(AuditChainHead.length).where(AuditChainHead.chain == chain)).scalar() or 0
        # A checkpoint past the head we read was sealed by a writer that committed meanwhile only if
        # the head has since grown that far; otherwise the events it covers were cut.
        _check_against_checkpoints(
            result, [cp for cp in checkpoints if bound is None or cp.length <= bound or cp.length > now_length],
            seen_at)
        _check_anchors(result, anchored.get(chain, []), checkpoints, public_key, trusted_fp)
        if head is None:
            if result.events:
                result.problems.append(Problem("head", None, None, "chain head row is missing"))
        elif bound != result.events or head[1] != result.head_hash:
            pos = min(bound, result.events) + 1
            result.problems.append(Problem(
                "truncated" if bound > result.events else "head", pos, None,
                f"chain head says {bound} events, {result.events} found"
                + (f": events from position {pos} on are missing (truncated tail)" if bound > result.events
                   else " (head hash or length altered)"),
            ))
        if bound is not None:
            # Events past the head: appended since we read it (fine), or written around the lock.
            beyond = session.execute(
                select(func.max(AccessEvent.position)).where(AccessEvent.chain == chain)).scalar() or 0
            if beyond > max(now_length, bound):
                result.problems.append(Problem(
                    "inserted", max(now_length, bound) + 1, None,
                    f"events at positions {max(now_length, bound) + 1}..{beyond} lie beyond the chain head "
                    "(appended without the chain lock)"))
        results.append(result)
    return ChainVerification(chains=results, key_fingerprint=trusted_fp)


@dataclass
class _ScanState:
    expected: int = 1
    prev: str = GENESIS
    prev_prev: str = GENESIS
    last_id: int | None = None


def _events_sql(dialect: str) -> str:
    mark = "%s" if dialect == "postgresql" else "?"
    return (f"SELECT position, id, hash, prev_hash, {_body_sql(dialect)} FROM access_event "
            f"WHERE chain = {mark} AND position >= {mark} AND position <= {mark} ORDER BY position")


def _scan_chain(
    session: Session, chain: str, bound: int | None, sealed: set[int], workers: int
) -> tuple[list[Problem], dict[int, tuple[str, int]], _ScanState]:
    connection = session.connection()
    dialect = connection.dialect.name
    last = bound if bound is not None else (
        session.execute(select(func.max(AccessEvent.position)).where(AccessEvent.chain == chain)).scalar() or 0)
    url = connection.engine.url
    file_db = dialect == "postgresql" or (dialect == "sqlite" and url.database not in (None, "", ":memory:"))
    if workers <= 1 or last < PARALLEL_MIN_EVENTS or not file_db:
        state = _ScanState()
        problems, seen = _scan(_stream(connection.connection.dbapi_connection, dialect, chain, 1, last),
                               sealed, state)
        return problems, seen, state
    # Split by position; each worker starts from the stored hashes just before its range, so a
    # bad row at a boundary is judged exactly as a single pass would judge it.
    step = -(-last // workers)
    ranges = [(lo, min(last, lo + step - 1)) for lo in range(1, last + 1, step)]
    target = url.render_as_string(hide_password=False)
    with ProcessPoolExecutor(len(ranges), mp_context=multiprocessing.get_context("fork")) as pool:
        parts = list(pool.map(_scan_segment, [(target, dialect, chain, lo, hi, sealed) for lo, hi in ranges]))
    problems: list[Problem] = []
    seen: dict[int, tuple[str, int]] = {}
    for part_problems, part_seen, _ in parts:
        problems.extend(part_problems)
        seen.update(part_seen)
    return problems[:MAX_PROBLEMS], seen, parts[-1][2]  # the last range ends where a single pass would


def _scan_segment(args: tuple) -> tuple[list[Problem], dict[int, tuple[str, int]], _ScanState]:
    url, dialect, chain, lo, hi, sealed = args
    if dialect == "postgresql":
        import psycopg

        conn = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://", 1))
    else:
        import sqlite3

        conn = sqlite3.connect(f"file:{url.split(':///', 1)[1]}?mode=ro", uri=True)
    try:
        mark = "%s" if dialect == "postgresql" else "?"
        cursor = conn.cursor()
        cursor.execute(f"SELECT position, hash, id FROM access_event WHERE chain = {mark} AND position < {mark} "
                       "ORDER BY position DESC LIMIT 2", (chain, lo))
        before = cursor.fetchall()
        cursor.close()
        state = _ScanState()
        if before:
            state = _ScanState(expected=before[0][0] + 1, prev=before[0][1],
                               prev_prev=before[1][1] if len(before) > 1 else GENESIS, last_id=before[0][2])
        problems, seen = _scan(_stream(conn, dialect, chain, lo, hi), sealed, state)
        return problems, seen, state
    finally:
        conn.close()


def _stream(dbapi: Any, dialect: str, chain: str, lo: int, hi: int, batch: int = 20000) -> Iterable[tuple]:
    if dialect == "postgresql":
        cursor = dbapi.cursor(name=f"audit_verify_{os.getpid()}_{lo}")  # server-side: rows stream
        cursor.itersize = batch
    else:
        cursor = dbapi.cursor()
    try:
        cursor.execute(_events_sql(dialect), (chain, lo, hi))
        while rows := cursor.fetchmany(batch):
            yield from rows
    finally:
        cursor.close()


def _scan(
    rows: Iterable[tuple], sealed: set[int], state: _ScanState
) -> tuple[list[Problem], dict[int, tuple[str, int]]]:
    """The hot loop: one concatenation and one SHA-256 per good row; ``state`` is updated in place."""
    sha256 = hashlib.sha256
    problems: list[Problem] = []
    seen_at: dict[int, tuple[str, int]] = {}
    expected, prev, prev_prev, last_id = state.expected, state.prev, state.prev_prev, state.last_id
    for position, event_id, stored, stored_prev, body in rows:
        if (
            position == expected
            and sha256((body + prev).encode()).hexdigest() == stored
            and body.count(SEP) == _SEPARATORS
        ):
            if position in sealed:
                seen_at[position] = (stored, event_id)
            prev_prev, prev = prev, stored
            last_id = event_id
            expected += 1
            continue
        # Slow path, only for bad rows: say what is wrong, then resynchronise on the stored row.
        if len(problems) < MAX_PROBLEMS:
            problems.append(_diagnose(position, event_id, stored, stored_prev, body, expected, prev, prev_prev,
                                      last_id))
        if position in sealed:
            seen_at[position] = (stored, event_id)
        prev_prev, prev = prev, stored
        last_id = event_id
        expected = max(expected, position) + 1
    state.expected, state.prev, state.prev_prev, state.last_id = expected, prev, prev_prev, last_id
    return problems, seen_at


def _diagnose(
    position: int, event_id: int, stored: str, stored_prev: str, body: str, expected: int, prev: str,
    prev_prev: str, last_id: int | None,
) -> Problem:
    if body.count(SEP) != _SEPARATORS:
        return Problem("edited", position, event_id,
                       f"event #{event_id} at position {position}: a field holds a separator (edited)")
    if position > expected:
        missing = f"{expected}" if position == expected + 1 else f"{expected}..{position - 1}"
        return Problem("missing", expected, event_id,
                       f"event(s) at position {missing} missing (deleted) before event #{event_id}")
    if position < expected:
        return Problem("duplicate", position, event_id,
                       f"event #{event_id} repeats position {position} (inserted or reordered)")
    if stored_prev == prev:
        return Problem("edited", position, event_id,
                       f"event #{event_id} at position {position} was altered after it was written")
    if stored_prev == prev_prev and position > 1:  # this event's true predecessor is two back
        return Problem("inserted", position - 1, last_id,
                       f"event #{last_id} at position {position - 1} was inserted into the chain")
    return Problem("out_of_sequence", position, event_id,
                   f"event #{event_id} at position {position} does not follow its predecessor "
                   "(inserted, reordered or edited)")


def _verify_checkpoints(result: ChainResult, checkpoints: list[AuditCheckpoint], public_key: Any,
                        trusted_fp: str | None) -> None:
    prev_cp = GENESIS
    last_length = 0
    for index, cp in enumerate(checkpoints, start=1):
        where = f"checkpoint {cp.seq} (length {cp.length})"
        if public_key is None:
            result.problems.append(Problem("checkpoint", None, None, f"{where}: no trusted key to check it"))
        elif cp.key_fingerprint != trusted_fp:
            result.problems.append(Problem("checkpoint", None, None, f"{where}: signed by an unknown key"))
        else:
            try:
                good = verify_signature(public_key, _statement_of(cp), bytes.fromhex(cp.signature))
            except ValueError:
                good = False
            if not good:
                result.problems.append(Problem("checkpoint", None, None, f"{where}: signature does not verify"))
        if cp.seq != index:
            result.problems.append(Problem("checkpoint", None, None, f"checkpoint {index} is missing (deleted)"))
        if cp.prev_checkpoint_hash != prev_cp:
            result.problems.append(Problem("checkpoint", None, None, f"{where} does not follow the previous one"))
        if cp.length < last_length:
            result.problems.append(
                Problem("checkpoint", None, None, f"{where} covers fewer events than its predecessor"))
        prev_cp = checkpoint_hash(cp)
        last_length = max(last_length, cp.length)
    result.last_checkpoint_length = last_length


def _check_against_checkpoints(result: ChainResult, checkpoints, seen_at) -> None:
    previous_length = 0
    for cp in checkpoints:
        seen = seen_at.get(cp.length)
        if cp.length > result.events:
            result.problems.append(Problem(
                "truncated", result.events + 1, None,
                f"signed checkpoint {cp.seq} covers {cp.length} events but only {result.events} remain: "
                f"events from position {result.events + 1} on were removed (truncated tail)",
            ))
            break
        if seen is None or seen[0] != cp.head_hash:
            result.problems.append(Problem(
                "rewritten", previous_length + 1, None,
                f"events {previous_length + 1}..{cp.length} were rewritten: signed checkpoint {cp.seq} "
                "no longer matches the chain",
            ))
        previous_length = cp.length


def _check_anchors(result: ChainResult, anchors: list[AuditCheckpoint], checkpoints: list[AuditCheckpoint],
                   public_key: Any, trusted_fp: str | None) -> None:
    """Checkpoints remembered outside the database must still be in it, unchanged and covered."""
    in_db = {cp.seq: cp for cp in checkpoints}
    for anchor in anchors:
        genuine = (public_key is not None and anchor.key_fingerprint == trusted_fp
                   and verify_signature(public_key, _statement_of(anchor), bytes.fromhex(anchor.signature)))
        if not genuine:
            result.problems.append(Problem("checkpoint", None, None,
                                           f"anchor file line for checkpoint {anchor.seq} is not validly signed"))
            continue
        stored = in_db.get(anchor.seq)
        if stored is None:
            result.problems.append(Problem("checkpoint", None, None, f"checkpoint {anchor.seq} (length "
                                           f"{anchor.length}) was deleted from the database"))
        elif stored.signature != anchor.signature:
            result.problems.append(Problem(
                "checkpoint", None, None, f"checkpoint {anchor.seq} differs from its anchor outside the database"))
        if anchor.length > result.events and not any(p.kind == "truncated" for p in result.problems):
            result.problems.append(Problem(
                "truncated", result.events + 1, None,
                f"signed checkpoint {anchor.seq} (anchored outside the database) covers {anchor.length} events "
                f"but only {result.events} remain: events from position {result.events + 1} on were removed",
            ))
        result.last_checkpoint_length = max(result.last_checkpoint_length, anchor.length)
