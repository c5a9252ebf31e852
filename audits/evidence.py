"""BAA evidence packets: one signed zip a compliance officer hands to an auditor.

The zip holds the reports as files, ``manifest.json`` with the SHA-256 and size of every other file,
``manifest.sig`` (a detached Ed25519 signature over the manifest's exact bytes) and ``public_key.pem``
whose fingerprint the manifest names. An auditor checks the fingerprint against one published
out of band; ``verify_packet`` then proves no file was changed, added or removed.
"""

from __future__ import annotations

import hashlib
import html
import json
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from audits.chain import record_event, utcnow, verify_chain
from audits.pdf import text_pdf
from audits.reports import ROLE_MATRIX, access_report
from audits.signing import Signer, default_signer, fingerprint, load_public_pem, public_pem, verify_signature
from models import Call, Organization, PhiSpanRow, User
from models.audit import AuditCheckpoint, Disclosure

FORMAT = "qa-engine-evidence/v1"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
PUBLIC_KEY = "public_key.pem"
ZIP_DATE = (2000, 1, 1, 0, 0, 0)  # fixed entry dates: the manifest, not the zip, carries the time
VOICE_STATEMENT = (
    "Redacted audio still carries the speakers' voices. A voice print is a biometric identifier "
    "(45 CFR 164.514(b)(2)(i)(P)), so redacted audio is not de-identified and remains PHI: it is stored "
    "encrypted and released only under the same safeguards as the raw recording."
)
REDACTED_STATUSES = ("redacted", "scored")


def _aware(ts: datetime) -> datetime:
    return ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts.astimezone(UTC)


def _naive(ts: datetime) -> datetime:
    return ts.astimezone(UTC).replace(tzinfo=None) if ts.tzinfo else ts


def _json(data: Any) -> bytes:
    return json.dumps(data, indent=2, sort_keys=True, default=str).encode() + b"\n"


def redaction_statistics(session: Session, org_id: str, start: datetime, end: datetime) -> dict[str, Any]:
    """Calls received in the period, PHI spans by type, share of calls redacted, audio redacted."""
    in_period = (Call.org_id == org_id, Call.created_at >= _aware(start), Call.created_at < _aware(end))
    statuses = dict(session.execute(
        select(Call.status, func.count()).where(*in_period).group_by(Call.status)).all())
    total = sum(statuses.values())
    redacted = sum(statuses.get(s, 0) for s in REDACTED_STATUSES)
    audio_calls = session.execute(select(func.count()).where(*in_period, Call.source == "audio")).scalar_one()
    audio_redacted = session.execute(
        select(func.count()).where(*in_period, Call.source == "audio", Call.redacted_audio_key.is_not(None))
    ).scalar_one()
    spans = dict(session.execute(
        select(PhiSpanRow.type, func.count()).join(Call, Call.id == PhiSpanRow.call_id).where(*in_period)
        .group_by(PhiSpanRow.type).order_by(PhiSpanRow.type)).all())
    calls_with_spans = session.execute(
        select(func.count(func.distinct(PhiSpanRow.call_id))).join(Call, Call.id == PhiSpanRow.call_id)
        .where(*in_period)).scalar_one()
    return {
        "calls_processed": total,
        "calls_by_status": dict(sorted(statuses.items())),
        "calls_redacted": redacted,
        "share_of_calls_redacted": round(redacted / total, 4) if total else None,
        "calls_with_phi_found": calls_with_spans,
        "phi_spans_total": sum(spans.values()),
        "phi_spans_by_type": spans,
        "audio_calls": audio_calls,
        "audio_redacted": audio_redacted,
        "share_of_audio_redacted": round(audio_redacted / audio_calls, 4) if audio_calls else None,
    }


def safeguards_in_force(
    session: Session, org_id: str, *, encryption: dict[str, Any] | None, retention: dict[str, Any] | None,
    signer: Signer,
) -> dict[str, Any]:
    users = session.execute(select(User).where(User.org_id == org_id).order_by(User.username)).scalars().all()
    return {
        "encryption_at_rest": encryption or {"stated": False, "note": "not supplied by the caller"},
        "audit_log": {
            "hash": "SHA-256 chain per organization over a canonical encoding",
            "checkpoints": "Ed25519-signed chain heads, periodic and at every export",
            "signing_key_fingerprint": signer.fingerprint,
        },
        "roles_and_users": {
            "users": [{"username": u.username, "role": u.role, "active": u.active} for u in users],
            "users_by_role": dict(sorted(Counter(u.role for u in users if u.active).items())),
        },
        "minimum_necessary_role_matrix": {role: sorted(actions) for role, actions in ROLE_MATRIX.items()},
        "retention": retention or {"stated": False},
        "redacted_audio": VOICE_STATEMENT,
    }


def _summary_lines(meta: dict[str, Any], chain: dict[str, Any], stats: dict[str, Any], safeguards: dict[str, Any],
                   incidents: dict[str, Any], disclosures: list[dict[str, Any]]) -> list[str]:
    enc = safeguards["encryption_at_rest"]
    lines = [
        f"Organization: {meta['org_id']} ({meta['org_name']})",
        f"Period: {meta['period']['start']} to {meta['period']['end']} (UTC)",
        f"Generated: {meta['generated_at']} by {meta['generated_by']}",
        f"Signing key fingerprint (SHA-256 of the Ed25519 public key): {meta['key_fingerprint']}",
        "",
        "AUDIT LOG",
        f"  {chain['summary']}",
        f"  Export checkpoint: {meta['checkpoint']}",
        "",
        "REDACTION",
        f"  Calls processed: {stats['calls_processed']}; redacted: {stats['calls_redacted']} "
        f"(share {stats['share_of_calls_redacted']}); PHI spans: {stats['phi_spans_total']}",
        "  PHI spans by type: " + (", ".join(f"{k} {v}" for k, v in stats["phi_spans_by_type"].items()) or "none"),
        f"  Audio calls: {stats['audio_calls']}; audio redacted: {stats['audio_redacted']}",
        "",
        "SAFEGUARDS IN FORCE",
        f"  Encryption at rest: {enc.get('algorithm', 'not stated')}; keys: {enc.get('key_storage', '-')}",
        "  Users by role: " + ", ".join(f"{k} {v}" for k, v in
                                        safeguards["roles_and_users"]["users_by_role"].items()),
        f"  Retention: {safeguards['retention']}",
        "  Minimum necessary: only compliance officers, with a stated purpose, read unredacted PHI.",
        "",
        "INCIDENTS",
        f"  Denied attempts: {len(incidents['denials'])}; anomalies: {len(incidents['anomalies'])}",
    ]
    lines += [f"  - [{a['kind']}] {a['description']}" for a in incidents["anomalies"]]
    lines += ["", "DISCLOSURES (45 CFR 164.528)", f"  Disclosures recorded in the period: {len(disclosures)}"]
    lines += ["", "BIOMETRIC NOTE", f"  {VOICE_STATEMENT}"]
    return lines


def _summary_html(lines: list[str]) -> bytes:
    body = []
    for line in lines:
        if line and line == line.upper() and not line.startswith(" "):
            body.append(f"<h2>{html.escape(line.title())}</h2>")
        elif line:
            body.append(f"<p>{html.escape(line.strip())}</p>")
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>QA Engine evidence packet</title>"
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}h2{border-bottom:1px solid #ccc}"
        "p{margin:.3em 0}</style></head><body><h1>QA Engine evidence packet</h1>"
        + "".join(body) + "</body></html>\n"
    ).encode()


def build_packet(
    session: Session,
    org_id: str,
    start: datetime,
    end: datetime,
    out_path: Path,
    *,
    signer: Signer | None = None,
    encryption: dict[str, Any] | None = None,
    retention: dict[str, Any] | None = None,
    actor: str = "system",
    role: str = "system",
    purpose: str = "BAA evidence for an auditor",
    client_addr: str | None = None,
) -> Path:
    """Write the signed evidence zip for ``org_id`` and ``start <= t < end``; returns ``out_path``.

    Records an ``evidence_export`` event and seals the chain with a checkpoint first, so the packet's
    chain verification covers its own export. ``encryption`` and ``retention`` describe safeguards
    configured above this layer (the caller passes them). The caller commits.
    """
    signer = signer or default_signer()
    if signer is None:
        raise ValueError("an evidence packet needs the audit signing key (audits.signing.set_key_path)")
    org = session.get(Organization, org_id)
    if org is None:
        raise ValueError(f"no organization {org_id!r}")
    start, end = _naive(start), _naive(end)
    export = record_event(session, org_id=org_id, actor=actor, role=role, action="evidence_export",
                          resource_type="evidence_packet", purpose=purpose, client_addr=client_addr,
                          details={"start": start.isoformat(), "end": end.isoformat()}, signer=signer)
    session.flush()
    checkpoint = session.execute(
        select(AuditCheckpoint).where(AuditCheckpoint.chain == org_id).order_by(AuditCheckpoint.seq.desc()).limit(1)
    ).scalars().first()
    chain = verify_chain(session, org_id, signer=signer).to_dict()
    report = access_report(session, org_id, start, end)
    stats = redaction_statistics(session, org_id, start, end)
    safeguards = safeguards_in_force(session, org_id, encryption=encryption, retention=retention, signer=signer)
    disclosures = [
        {"date": d.disclosed_at.strftime("%Y-%m-%dT%H:%M:%SZ"), "patient_ref": d.patient_ref,
         "recipient": d.recipient, "recipient_address": d.recipient_address, "description": d.description,
         "purpose": d.purpose, "call_id": d.call_id}
        for d in session.execute(
            select(Disclosure).where(Disclosure.org_id == org_id, Disclosure.disclosed_at >= start,
                                     Disclosure.disclosed_at < end).order_by(Disclosure.disclosed_at)
        ).scalars()
    ]
    report_dict = report.to_dict()
    incidents = {"denials": [a for a in report_dict["accesses"] if a["outcome"] == "denied"],
                 "anomalies": report_dict["anomalies"]}
    cp = None
    if checkpoint is not None:
        cp = {"chain": checkpoint.chain, "seq": checkpoint.seq, "length": checkpoint.length,
              "head_hash": checkpoint.head_hash, "prev_checkpoint_hash": checkpoint.prev_checkpoint_hash,
              "created_at": checkpoint.created_at.strftime("%Y-%m-%d %H:%M:%S.%f"), "reason": checkpoint.reason,
              "key_fingerprint": checkpoint.key_fingerprint, "signature": checkpoint.signature}
    meta = {
        "format": FORMAT, "org_id": org_id, "org_name": org.name,
        "period": {"start": start.strftime("%Y-%m-%dT%H:%M:%SZ"), "end": end.strftime("%Y-%m-%dT%H:%M:%SZ")},
        "generated_at": utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"), "generated_by": actor,
        "export_event_id": export.id, "key_fingerprint": signer.fingerprint,
        "checkpoint": f"#{cp['seq']} over {cp['length']} events, head {cp['head_hash'][:16]}..." if cp else "none",
    }
    lines = _summary_lines(meta, chain, stats, safeguards, incidents, disclosures)
    files: dict[str, bytes] = {
        "summary.pdf": text_pdf(f"Evidence packet - {org_id}", lines),
        "summary.html": _summary_html(lines),
        "access_report.json": report.to_json().encode() + b"\n",
        "access_report.csv": report.to_csv().encode(),
        "access_report.pdf": report.to_pdf(),
        "disclosures.json": _json({"report": "Accounting of disclosures (45 CFR 164.528)", "org_id": org_id,
                                   "period": meta["period"], "disclosures": disclosures}),
        "chain_verification.json": _json({**chain, "export_checkpoint": cp}),
        "redaction_statistics.json": _json(stats),
        "safeguards.json": _json(safeguards),
        "incidents.json": _json(incidents),
        PUBLIC_KEY: public_pem(signer.public_key),
    }
    manifest = _json({
        **{k: v for k, v in meta.items() if k != "checkpoint"},
        "signature": {"algorithm": "Ed25519", "file": SIGNATURE, "public_key": PUBLIC_KEY},
        "files": {name: {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
                  for name, data in sorted(files.items())},
    })
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_name(out_path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in [(MANIFEST, manifest), (SIGNATURE, signer.sign(manifest).hex().encode() + b"\n"),
                           *sorted(files.items())]:
            zf.writestr(zipfile.ZipInfo(name, date_time=ZIP_DATE), data, compress_type=zipfile.ZIP_DEFLATED)
    tmp.replace(out_path)
    return out_path


@dataclass
class PacketVerification:
    path: Path
    ok: bool = False
    key_fingerprint: str | None = None
    trusted: bool | None = None  # None: no trusted fingerprint was given to compare with
    files_checked: int = 0
    problems: list[str] = field(default_factory=list)
    manifest: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> str:
        if self.ok:
            trust = {True: "trusted key", False: "UNTRUSTED key", None: "key not compared"}[self.trusted]
            return (f"packet intact: {self.files_checked} files match the signed manifest "
                    f"({trust} {self.key_fingerprint})")
        return "packet BROKEN: " + "; ".join(self.problems)


def verify_packet(path: Path, *, trusted_fingerprint: str | None = None) -> PacketVerification:
    """Check the signature over the manifest and every file against it; report every problem found."""
    result = PacketVerification(path=Path(path))
    problems = result.problems
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        problems.append(f"not a readable zip: {exc.__class__.__name__}")
        return result
    with zf:
        names = [i.filename for i in zf.infolist()]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            problems.append("duplicate entries: " + ", ".join(duplicates))
        for required in (MANIFEST, SIGNATURE, PUBLIC_KEY):
            if required not in names:
                problems.append(f"{required} is missing")
        if problems:
            return result
        manifest_bytes = zf.read(MANIFEST)
        try:
            manifest = json.loads(manifest_bytes)
            listed: dict[str, dict[str, Any]] = manifest["files"]
        except (ValueError, KeyError, TypeError):
            problems.append("manifest.json is not a valid manifest")
            return result
        result.manifest = manifest
        try:
            public_key = load_public_pem(zf.read(PUBLIC_KEY))
            result.key_fingerprint = fingerprint(public_key)
            signature = bytes.fromhex(zf.read(SIGNATURE).decode().strip())
            signed = verify_signature(public_key, manifest_bytes, signature)
        except ValueError:
            signed = False
        if not signed:
            problems.append("the signature does not match manifest.json (manifest or signature changed)")
        if result.key_fingerprint and manifest.get("key_fingerprint") != result.key_fingerprint:
            problems.append("public_key.pem is not the key the manifest names")
        if trusted_fingerprint is not None:
            result.trusted = result.key_fingerprint == trusted_fingerprint.lower()
            if not result.trusted:
                problems.append(f"signed by key {result.key_fingerprint}, not the trusted {trusted_fingerprint}")
        for name, entry in sorted(listed.items()):
            if name not in names:
                problems.append(f"{name} was removed")
                continue
            data = zf.read(name)
            if hashlib.sha256(data).hexdigest() != entry.get("sha256") or len(data) != entry.get("bytes"):
                problems.append(f"{name} was changed")
            result.files_checked += 1
        for name in names:
            if name not in listed and name not in (MANIFEST, SIGNATURE):
                problems.append(f"{name} was added")
    result.ok = not problems
    return result
