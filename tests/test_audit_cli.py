"""``qa-engine audit`` and ``qa-engine evidence`` against a real SQLite home."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlalchemy import text
from sqlmodel import SQLModel
from typer.testing import CliRunner

import models  # noqa: F401

runner = CliRunner()


@pytest.fixture
def home(qa_home):
    from audits.chain import record_event
    from audits.reports import record_disclosure
    from models import Organization
    from qa_engine.cli.audit import audit_app  # noqa: F401  (configures the signing key)
    from qa_engine.db import get_engine, session_scope

    SQLModel.metadata.create_all(get_engine())
    with session_scope() as s:
        s.add(Organization(id="org", name="Clinic", settings={"retention_days": 30}))
        s.flush()
        for i in range(12):
            record_event(s, org_id="org", actor="carol", role="compliance_officer", action="read_raw_audio",
                         resource_type="call", resource_id=f"c{i}", purpose="complaint", ts=datetime(2026, 10, 5, 3, i))
        record_event(s, org_id="org", actor="carol", role="compliance_officer", action="export",
                     resource_type="report", purpose="auditor")  # seals the chain with a checkpoint
        record_disclosure(s, org_id="org", patient_ref="pt-9", recipient="Health dept", description="summary",
                          purpose="public health", actor="carol", role="compliance_officer",
                          disclosed_at=datetime(2026, 10, 6))
    return qa_home


def test_verify_ok_then_broken(home):
    from qa_engine.cli.audit import audit_app
    from qa_engine.db import get_engine

    result = runner.invoke(audit_app, ["verify"])
    assert result.exit_code == 0, result.output
    assert "intact: 14 events" in result.output
    data = json.loads(runner.invoke(audit_app, ["verify", "--org", "org", "--json"]).output)
    assert data["ok"] and data["chains"][0]["checkpoints"] >= 1
    with get_engine().begin() as conn:
        conn.execute(text("UPDATE access_event SET actor = 'mallory' WHERE position = 4"))
    result = runner.invoke(audit_app, ["verify", "--org", "org"])
    assert result.exit_code == 1
    assert "position 4" in result.output and "altered" in result.output


def test_report_formats_and_disclosures(home, tmp_path):
    from qa_engine.cli.audit import audit_app

    csv_out = runner.invoke(audit_app, ["report", "--org", "org", "--period", "2026-10", "--format", "csv"])
    assert csv_out.exit_code == 0, csv_out.output
    lines = csv_out.stdout.strip().splitlines()
    assert lines[0].startswith("event_id,ts,actor") and len(lines) == 1 + 12  # the disclosure event is logged today
    assert "after_hours" in lines[1]
    js = runner.invoke(audit_app, ["report", "--org", "org", "--start", "2026-10-01", "--end", "2026-11-01",
                                   "--format", "json"])
    assert json.loads(js.stdout)["counts"]["by_actor"] == {"carol": 12}
    pdf = tmp_path / "r.pdf"
    assert runner.invoke(audit_app, ["report", "--org", "org", "--period", "2026-10", "--format", "pdf",
                                     "--out", str(pdf)]).exit_code == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    bad = runner.invoke(audit_app, ["report", "--org", "org", "--period", "2026-13"])
    assert bad.exit_code == 2 and "bad month" in bad.output
    assert runner.invoke(audit_app, ["report", "--org", "nope", "--period", "2026-10"]).exit_code == 2
    disc = runner.invoke(audit_app, ["disclosures", "--patient", "pt-9", "--format", "json"])
    assert disc.exit_code == 0 and json.loads(disc.stdout)["disclosures"][0]["recipient"] == "Health dept"
    assert "Health dept" in runner.invoke(audit_app, ["disclosures", "--patient", "pt-9"]).output
    # Reading reports is itself audited, and the chain still verifies.
    assert runner.invoke(audit_app, ["verify"]).exit_code == 0


def test_evidence_build_and_verify(home, tmp_path):
    import zipfile

    from qa_engine.cli.audit import evidence_app

    packet = tmp_path / "p.zip"
    built = runner.invoke(evidence_app, ["build", "--org", "org", "--period", "2026-10", "--out", str(packet)])
    assert built.exit_code == 0, built.output
    ok = runner.invoke(evidence_app, ["verify", str(packet)])
    assert ok.exit_code == 0 and "trusted key" in ok.output
    with zipfile.ZipFile(packet) as zf:
        safeguards = json.loads(zf.read("safeguards.json"))
        assert safeguards["encryption_at_rest"]["algorithm"] == "AES-256-GCM"
        assert safeguards["retention"]["raw_audio_days"] == 30
        items = {n: zf.read(n) for n in zf.namelist()}
    items["incidents.json"] = b"{}"
    tampered = tmp_path / "t.zip"
    with zipfile.ZipFile(tampered, "w") as zf:
        for name, data in items.items():
            zf.writestr(name, data)
    bad = runner.invoke(evidence_app, ["verify", str(tampered)])
    assert bad.exit_code == 1 and "incidents.json was changed" in bad.output
    assert runner.invoke(evidence_app, ["build", "--org", "org"]).exit_code == 2
    assert runner.invoke(evidence_app, ["verify", str(tmp_path / "none.zip")]).exit_code == 2
