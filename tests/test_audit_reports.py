"""Access-audit report anomalies and the accounting of disclosures, on a real SQLite database."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, SQLModel, create_engine

import models  # noqa: F401
from audits.chain import record_event, verify_chain
from audits.reports import access_report, accounting_of_disclosures, record_disclosure
from audits.signing import Signer, set_key_path
from models import Call, Organization, User

MONDAY = datetime(2026, 10, 5)  # a Monday


@pytest.fixture
def session(tmp_path: Path):
    set_key_path(tmp_path / "keys" / "audit.key")
    engine = create_engine(f"sqlite:///{tmp_path / 'r.db'}")
    SQLModel.metadata.create_all(engine)
    with Session(engine) as s:
        s.add(Organization(id="org", name="Clinic", settings={"working_hours": {"start": 8, "end": 18}}))
        s.add(Organization(id="other", name="Other"))
        s.flush()
        s.add(User(id=1, org_id="org", username="carol", role="compliance_officer"))
        s.add(User(id=2, org_id="org", username="dave", role="coach"))
        s.flush()
        for i in range(40):
            s.add(Call(id=f"call-{i}", org_id="org", audio_sha256=f"{i:064d}", assigned_to=1 if i < 35 else 2))
        s.commit()
        yield s
    set_key_path(None)
    engine.dispose()


def _read(s, actor, role, call, ts, action="read_unredacted_transcript", outcome="allowed", org="org"):
    return record_event(s, org_id=org, actor=actor, role=role, action=action, resource_type="call",
                        resource_id=call, patient_ref=f"pt-{call}", purpose="quality review" if outcome == "allowed"
                        else None, outcome=outcome, ts=ts, client_addr="10.0.0.1")


def test_access_report_flags_each_anomaly(session):
    s = session
    normal = _read(s, "carol", "compliance_officer", "call-1", MONDAY.replace(hour=10))
    late = _read(s, "carol", "compliance_officer", "call-2", MONDAY.replace(hour=23))
    weekend = _read(s, "carol", "compliance_officer", "call-3", MONDAY + timedelta(days=5, hours=11))
    bulk = [_read(s, "carol", "compliance_officer", f"call-{i}", MONDAY.replace(hour=14) + timedelta(minutes=i))
            for i in range(4, 34)]
    foreign = _read(s, "carol", "compliance_officer", "call-36", MONDAY.replace(hour=9))  # assigned to dave
    coach = _read(s, "dave", "coach", "call-1", MONDAY.replace(hour=9, minute=30))  # a coach reading PHI
    denials = [_read(s, "dave", "coach", "call-38", MONDAY.replace(hour=12, minute=m), outcome="denied")
               for m in range(3)]
    _read(s, "eve", "compliance_officer", "x", MONDAY.replace(hour=3), org="other")  # other org: not reported
    _read(s, "carol", "compliance_officer", "call-1", MONDAY - timedelta(days=1))  # before the period
    s.commit()

    report = access_report(s, "org", MONDAY, MONDAY + timedelta(days=7), bulk_threshold=25)
    by_id = {r.event_id: r for r in report.rows}
    assert by_id[normal.id].anomalies == []
    assert "after_hours" in by_id[late.id].anomalies and "after_hours" in by_id[weekend.id].anomalies
    assert all("bulk_access" in by_id[e.id].anomalies for e in bulk)
    assert "not_assigned" in by_id[foreign.id].anomalies
    assert {"role_not_permitted", "not_assigned"} <= set(by_id[coach.id].anomalies)
    assert all("repeated_denials" in by_id[e.id].anomalies for e in denials)
    kinds = {a.kind for a in report.anomalies}
    assert kinds == {"after_hours", "bulk_access", "not_assigned", "role_not_permitted", "repeated_denials"}
    assert len(report.rows) == 1 + 2 + 30 + 1 + 1 + 3 and report.events_in_period == len(report.rows)
    assert len(report.denials) == 3

    data = json.loads(report.to_json())
    assert data["org_id"] == "org" and len(data["accesses"]) == len(report.rows)
    rows = list(csv.DictReader(io.StringIO(report.to_csv())))
    assert len(rows) == len(report.rows) and rows[0]["purpose"] == "quality review"
    assert report.to_pdf().startswith(b"%PDF")


def test_accounting_of_disclosures_covers_six_years_for_one_patient(session):
    s = session
    now = datetime(2026, 11, 1)
    record_disclosure(s, org_id="org", patient_ref="pt-7", recipient="State health department",
                      recipient_address="100 Main St, Springfield", description="call transcript excerpt",
                      purpose="public health reporting", actor="carol", role="compliance_officer",
                      disclosed_at=now - timedelta(days=30), call_id="call-7")
    record_disclosure(s, org_id="org", patient_ref="pt-7", recipient="Court clerk", description="audio",
                      purpose="subpoena", actor="carol", role="compliance_officer",
                      disclosed_at=now - timedelta(days=5 * 365))
    record_disclosure(s, org_id="org", patient_ref="pt-7", recipient="Old recipient", description="x",
                      purpose="y", actor="carol", role="compliance_officer", disclosed_at=now - timedelta(days=7 * 365))
    record_disclosure(s, org_id="org", patient_ref="pt-8", recipient="Someone", description="x", purpose="y",
                      actor="carol", role="compliance_officer", disclosed_at=now - timedelta(days=3))
    s.commit()
    accounting = accounting_of_disclosures(s, "pt-7", end=now)
    assert [e.recipient for e in accounting.entries] == ["Court clerk", "State health department"]
    assert accounting.entries[1].recipient_address == "100 Main St, Springfield"
    assert "subpoena" in accounting.to_csv() and json.loads(accounting.to_json())["patient_ref"] == "pt-7"
    with pytest.raises(ValueError):
        accounting_of_disclosures(s, "pt-7", years=7)
    # Each disclosure is itself a chained PHI event with its purpose.
    result = verify_chain(s, "org", signer=Signer.load(Path(s.get_bind().url.database).parent / "keys" / "audit.key"))
    assert result.ok and result.events == 4
