"""Evidence packets: contents, signature, and detection of every kind of tampering."""

from __future__ import annotations

import hashlib
import json
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, SQLModel, create_engine

import models  # noqa: F401
from audits.chain import record_event
from audits.evidence import VOICE_STATEMENT, build_packet, verify_packet
from audits.reports import record_disclosure
from audits.signing import Signer
from models import Call, Organization, PhiSpanRow, User

START = datetime(2026, 10, 1)
END = datetime(2026, 11, 1)


@pytest.fixture(scope="module")
def packet(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Signer]:
    tmp = tmp_path_factory.mktemp("evidence")
    signer = Signer.load(tmp / "keys" / "audit.key")
    engine = create_engine(f"sqlite:///{tmp / 'e.db'}")
    SQLModel.metadata.create_all(engine)
    with Session(engine) as s:
        s.add(Organization(id="org", name="Clinic", settings={"retention_days": 90}))
        s.flush()
        s.add(User(id=1, org_id="org", username="carol", role="compliance_officer"))
        s.add(User(id=2, org_id="org", username="dave", role="coach"))
        for i, status in enumerate(["scored", "scored", "redacted", "failed"]):
            s.add(Call(id=f"c{i}", org_id="org", audio_sha256=f"{i:064d}", status=status, assigned_to=1,
                       redacted_audio_key=f"redacted_audio/{i:032x}" if i < 2 else None,
                       created_at=datetime(2026, 10, 10 + i, tzinfo=UTC)))
        s.add(Call(id="late", org_id="org", audio_sha256="9" * 64, status="scored",
                   created_at=datetime(2026, 11, 5, tzinfo=UTC)))
        s.flush()
        for call, kinds in {"c0": ["PERSON", "DATE_TIME", "PERSON"], "c1": ["PHONE_NUMBER"],
                            "late": ["PERSON"]}.items():
            for j, kind in enumerate(kinds):
                s.add(PhiSpanRow(call_id=call, segment=0, start=j, end=j + 1, type=kind, score=0.9))
        record_event(s, org_id="org", actor="carol", role="compliance_officer", action="read_raw_audio",
                     resource_type="call", resource_id="c0", purpose="complaint review",
                     ts=datetime(2026, 10, 12, 10), signer=signer)
        for m in range(3):
            record_event(s, org_id="org", actor="dave", role="coach", action="read_unredacted_transcript",
                         resource_type="call", resource_id="c1", outcome="denied",
                         ts=datetime(2026, 10, 13, 9, m), signer=signer)
        record_disclosure(s, org_id="org", patient_ref="pt-1", recipient="County health department",
                          description="call summary", purpose="public health", actor="carol",
                          role="compliance_officer", disclosed_at=datetime(2026, 10, 20))
        s.commit()
        out = build_packet(s, "org", START, END, tmp / "packet.zip", signer=signer,
                           encryption={"algorithm": "AES-256-GCM", "key_storage": "key file outside the database"},
                           retention={"raw_audio_days": 90}, actor="carol", role="compliance_officer")
        s.commit()
    engine.dispose()
    return out, signer


def test_packet_holds_every_part_and_verifies(packet):
    path, signer = packet
    result = verify_packet(path, trusted_fingerprint=signer.fingerprint)
    assert result.ok and result.trusted, result.summary()
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        assert {"manifest.json", "manifest.sig", "public_key.pem", "summary.pdf", "summary.html",
                "access_report.csv", "access_report.json", "access_report.pdf", "disclosures.json",
                "chain_verification.json", "redaction_statistics.json", "safeguards.json", "incidents.json"} <= names
        stats = json.loads(zf.read("redaction_statistics.json"))
        assert stats["calls_processed"] == 4 and stats["calls_redacted"] == 3
        assert stats["share_of_calls_redacted"] == 0.75
        assert stats["phi_spans_by_type"] == {"DATE_TIME": 1, "PERSON": 2, "PHONE_NUMBER": 1}
        assert stats["audio_redacted"] == 2
        chain = json.loads(zf.read("chain_verification.json"))
        assert chain["ok"] and chain["events"] == 6 and chain["export_checkpoint"]["length"] == 6
        safeguards = json.loads(zf.read("safeguards.json"))
        assert safeguards["encryption_at_rest"]["algorithm"] == "AES-256-GCM"
        assert safeguards["roles_and_users"]["users_by_role"] == {"coach": 1, "compliance_officer": 1}
        assert "read_raw_audio" in safeguards["minimum_necessary_role_matrix"]["compliance_officer"]
        assert "read_raw_audio" not in safeguards["minimum_necessary_role_matrix"]["coach"]
        incidents = json.loads(zf.read("incidents.json"))
        assert len(incidents["denials"]) == 3 and {a["kind"] for a in incidents["anomalies"]} >= {"repeated_denials"}
        assert json.loads(zf.read("disclosures.json"))["disclosures"][0]["recipient"] == "County health department"
        assert "biometric identifier" in zf.read("summary.html").decode()
        assert VOICE_STATEMENT in safeguards["redacted_audio"]
        assert zf.read("summary.pdf").startswith(b"%PDF")
        manifest = json.loads(zf.read("manifest.json"))
        assert manifest["key_fingerprint"] == signer.fingerprint
        assert set(manifest["files"]) == names - {"manifest.json", "manifest.sig"}


def _rewrite(src: Path, dst: Path, *, change: dict[str, bytes] | None = None, drop: str | None = None,
             add: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            if item.filename == drop:
                continue
            zout.writestr(item.filename, (change or {}).get(item.filename, zin.read(item.filename)))
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return dst


def test_every_kind_of_tampering_is_detected(packet, tmp_path):
    path, signer = packet
    with zipfile.ZipFile(path) as zf:
        csv_bytes = zf.read("access_report.csv")
        manifest = zf.read("manifest.json")
        signature = zf.read("manifest.sig")
    cases = {
        "changed": _rewrite(path, tmp_path / "a.zip", change={"access_report.csv": csv_bytes + b"x\n"}),
        "added": _rewrite(path, tmp_path / "b.zip", add={"extra.txt": b"hello"}),
        "removed": _rewrite(path, tmp_path / "c.zip", drop="incidents.json"),
        "manifest": _rewrite(path, tmp_path / "d.zip", change={"manifest.json": manifest.replace(b'"org"', b'"org2"')}),
        "signature": _rewrite(path, tmp_path / "e.zip",
                              change={"manifest.sig": (b"0" if signature[:1] != b"0" else b"1") + signature[1:]}),
    }
    expected = {"changed": "access_report.csv was changed", "added": "extra.txt was added",
                "removed": "incidents.json was removed", "manifest": "signature does not match",
                "signature": "signature does not match"}
    for case, zpath in cases.items():
        result = verify_packet(zpath)
        assert not result.ok, case
        assert any(expected[case] in p for p in result.problems), (case, result.problems)

    # A forger who re-hashes a changed file and re-signs with their own key: caught by the trusted fingerprint.
    forger = Signer.load(tmp_path / "forger.key")
    data = json.loads(manifest)
    data["files"]["access_report.csv"] = {"sha256": hashlib.sha256(b"forged").hexdigest(), "bytes": 6}
    data["key_fingerprint"] = forger.fingerprint
    from audits.signing import public_pem

    data["files"]["public_key.pem"]["sha256"] = hashlib.sha256(public_pem(forger.public_key)).hexdigest()
    data["files"]["public_key.pem"]["bytes"] = len(public_pem(forger.public_key))
    forged_manifest = json.dumps(data).encode()
    forged = _rewrite(path, tmp_path / "f.zip", change={
        "access_report.csv": b"forged", "manifest.json": forged_manifest,
        "manifest.sig": forger.sign(forged_manifest).hex().encode(), "public_key.pem": public_pem(forger.public_key)})
    assert verify_packet(forged).ok  # self-consistent...
    result = verify_packet(forged, trusted_fingerprint=signer.fingerprint)
    assert not result.ok and result.trusted is False  # ...but not signed by the organization's key
    assert not verify_packet(tmp_path / "missing.zip").ok
    assert not verify_packet(_rewrite(path, tmp_path / "g.zip", drop="manifest.sig")).ok


def test_packet_period_excludes_later_calls(packet):
    path, _ = packet
    with zipfile.ZipFile(path) as zf:
        stats = json.loads(zf.read("redaction_statistics.json"))
    assert stats["calls_by_status"] == {"failed": 1, "redacted": 1, "scored": 2}
    assert START + timedelta(days=31) == END
