"""Compliance: access-audit reports, chain verification, accounting of disclosures, evidence packets.

Reports hold no PHI beyond internal patient references; every report, disclosure and export is itself
an audit event.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlmodel import Session

from api.auth import Principal, require_roles
from api.deps import get_session, load_call, record_out_of_scope
from api.problems import Problem, responses
from api.schemas import PATIENT_REF, DisclosureIn, DisclosureOut, EvidenceIn, EvidencePacketOut, VerifyOut
from qa_engine import compliance as compliance_service
from qa_engine import evidence_packets

router = APIRouter(prefix="/v1", tags=["compliance"])
compliance = require_roles("compliance_officer")
MEDIA = {"json": "application/json", "csv": "text/csv; charset=utf-8", "pdf": "application/pdf"}
REPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "The report in the requested format.",
          "content": {"application/json": {"schema": {"type": "object"}}, "text/csv": {"schema": {"type": "string"}},
                      "application/pdf": {"schema": {"type": "string", "format": "binary"}}}},
    **responses(401, 403, 422),
}


@router.get("/audit/access-report", response_class=Response, responses=REPORT_RESPONSES,
            summary="HIPAA access-audit report for a period, with anomalies (164.312(b))")
def access_report(
    start: datetime = Query(description="Period start (UTC, inclusive)."),
    end: datetime = Query(description="Period end (UTC, exclusive)."),
    format: Literal["json", "csv", "pdf"] = Query(default="json"),
    principal: Principal = Depends(compliance), session: Session = Depends(get_session),
) -> Response:
    report = compliance_service.access_report(session, principal, start, end, format)
    body: bytes | str = report.to_json() if format == "json" else report.to_csv() if format == "csv" \
        else report.to_pdf()
    return Response(body, media_type=MEDIA[format])


@router.get("/audit/verify", responses=responses(401, 403),
            summary="Verify every event and signed checkpoint of the organization's audit chain")
def verify_audit_chain(principal: Principal = Depends(require_roles("compliance_officer", "admin")),
                       session: Session = Depends(get_session)) -> dict[str, Any]:
    out = compliance_service.verify_chain(session, principal).to_dict()
    return out


def disclosure_out(d: Any) -> DisclosureOut:
    return DisclosureOut(id=d.id, patient_ref=d.patient_ref, call_id=d.call_id, disclosed_at=d.disclosed_at,
                         recipient=d.recipient, recipient_address=d.recipient_address, description=d.description,
                         purpose=d.purpose)


@router.post("/disclosures", status_code=201, response_model=DisclosureOut,
             responses=responses(401, 403, 404, 422), summary="Record a disclosure of PHI (for the accounting)")
def create_disclosure(body: DisclosureIn, principal: Principal = Depends(compliance),
                      session: Session = Depends(get_session)) -> DisclosureOut:
    from audits.reports import record_disclosure

    if body.call_id:
        load_call(session, principal, body.call_id)
    disclosure = record_disclosure(
        session, org_id=principal.org_id, patient_ref=body.patient_ref, recipient=body.recipient,
        description=body.description, purpose=body.purpose, actor=principal.username, role=principal.role,
        recipient_address=body.recipient_address, call_id=body.call_id,
        disclosed_at=compliance_service.utc(body.disclosed_at) if body.disclosed_at else None,
        client_addr=principal.client_addr)
    return disclosure_out(disclosure)


@router.get("/disclosures", response_class=Response, responses=REPORT_RESPONSES,
            summary="Accounting of disclosures for one patient over up to six years (164.528)")
def accounting(
    patient_ref: str = Query(min_length=1, max_length=128, pattern=PATIENT_REF,
                             description="The internal patient reference (an opaque id, never an MRN or name)."),
    years: int = Query(default=6, ge=1, le=6),
    format: Literal["json", "csv"] = Query(default="json"),
    principal: Principal = Depends(compliance), session: Session = Depends(get_session),
) -> Response:
    result = compliance_service.disclosure_accounting(session, principal, patient_ref, years, format)
    return Response(result.to_json() if format == "json" else result.to_csv(), media_type=MEDIA[format])


# ---------------------------------------------------------------- evidence packets


def _packet_out(packet: evidence_packets.PacketInfo) -> EvidencePacketOut:
    return EvidencePacketOut(id=packet.id, size=packet.size, sha256=packet.sha256(), created_at=packet.created_at)


@router.post("/evidence-packets", status_code=201, response_model=EvidencePacketOut,
             responses=responses(401, 403, 422),
             summary="Build a signed BAA evidence packet (zip) for a period")
def build_evidence(body: EvidenceIn, principal: Principal = Depends(compliance),
                   session: Session = Depends(get_session)) -> EvidencePacketOut:
    return _packet_out(evidence_packets.build(session, principal, body.start, body.end, body.purpose))


@router.get("/evidence-packets/{packet_id}", response_class=Response,
            responses={200: {"description": "The packet.",
                             "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}}},
                       **responses(401, 403, 404)},
            summary="Download an evidence packet built earlier")
def download_evidence(packet_id: str, principal: Principal = Depends(compliance),
                      session: Session = Depends(get_session)) -> Response:
    packet = evidence_packets.find(principal.org_id, packet_id)
    if packet is None:
        if evidence_packets.exists_elsewhere(packet_id):
            record_out_of_scope(principal, "evidence_packet", packet_id, "other_organization")
        raise Problem(404, "no such evidence packet", kind="not-found")
    return Response(evidence_packets.export(session, principal, packet), media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="evidence-{packet_id}.zip"'})


@router.post("/evidence-packets/verify", response_model=VerifyOut,
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/zip": {"schema": {"type": "string", "format": "binary"}}}}},
             responses=responses(401, 403, 413, 415),
             summary="Verify a packet: signature, manifest, and every file (changed, added or removed)")
async def verify_evidence(request: Request,
                          principal: Principal = Depends(require_roles("compliance_officer", "admin"))) -> VerifyOut:
    import tempfile
    from pathlib import Path

    import anyio

    from audits.evidence import verify_packet
    from audits.signing import default_signer

    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype not in ("application/zip", "application/octet-stream"):
        raise Problem(415, "send the packet as application/zip", kind="unsupported-media")
    body = await request.body()
    if len(body) > 200 * 2**20:
        raise Problem(413, "packet is larger than 200 MiB", kind="too-large")
    signer = default_signer()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "packet.zip"
        path.write_bytes(body)
        result = await anyio.to_thread.run_sync(
            lambda: verify_packet(path, trusted_fingerprint=signer.fingerprint if signer else None))
    return VerifyOut(ok=result.ok, problems=list(result.problems), files_checked=result.files_checked,
                     key_fingerprint=result.key_fingerprint, trusted=result.trusted)
