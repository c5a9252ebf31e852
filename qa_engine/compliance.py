"""A compliance officer's reads of the audit trail, each itself an audit event: the access-audit report
(45 CFR 164.312(b)), the accounting of disclosures for a patient (164.528) and the chain verification.

``audits.reports`` and ``audits.chain`` compute; this module records who asked. The API
(``api.routes.audits``) and the compliance page (``api.pages``) both call it, so a report read from
either leaves the same event.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from qa_engine.errors import InvalidInput
from qa_engine.phi_access import Accessor


def audit(session: Session, actor: Accessor, action: str, resource_type: str, resource_id: str | None = None, *,
          patient_ref: str | None = None, details: dict[str, Any] | None = None) -> None:
    """An event for the actor's organization's chain (reports, exports: nothing here is PHI)."""
    from audits.chain import record_event

    record_event(session, org_id=actor.org_id, actor=actor.username, role=actor.role, action=action,
                 resource_type=resource_type, resource_id=resource_id, patient_ref=patient_ref,
                 client_addr=getattr(actor, "client_addr", None), details=details)


def utc(ts: datetime) -> datetime:
    return ts.astimezone(UTC) if ts.tzinfo else ts.replace(tzinfo=UTC)


def access_report(session: Session, actor: Accessor, start: datetime, end: datetime, fmt: str = "json") -> Any:
    """The organization's access-audit report for [start, end), with its anomalies (``audits.reports``)."""
    from audits.reports import access_report as build

    start, end = utc(start), utc(end)
    if end <= start:
        raise InvalidInput("end must be after start")
    report = build(session, actor.org_id, start, end)
    audit(session, actor, "read_report", "access_report",
            details={"start": report.start.isoformat(), "end": report.end.isoformat(), "format": fmt})
    return report


def disclosure_accounting(session: Session, actor: Accessor, patient_ref: str, years: int = 6,
                          fmt: str = "json") -> Any:
    """The accounting of disclosures of one patient (an internal reference) over up to six years."""
    from audits.reports import accounting_of_disclosures

    result = accounting_of_disclosures(session, patient_ref, org_id=actor.org_id, years=years)
    audit(session, actor, "read_report", "disclosure_accounting", patient_ref=patient_ref,
            details={"entries": len(result.entries), "format": fmt})
    return result


def verify_chain(session: Session, actor: Accessor) -> Any:
    """Every event and signed checkpoint of the organization's chain checked (``audits.chain``)."""
    from audits.chain import verify_chain as verify

    result = verify(session, actor.org_id)
    audit(session, actor, "audit_verify", "audit_chain", actor.org_id, details={"ok": result.ok})
    return result
