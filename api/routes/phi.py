"""PHI detection and redaction for text the platform sends (chat, SMS): nothing is stored."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from api.auth import Principal, require_roles
from api.problems import Problem, responses
from api.schemas import PhiDetectOut, PhiRedactOut, PhiSpanText, PhiTextIn
from models.interchange import Segment, Transcript

router = APIRouter(prefix="/v1/phi", tags=["phi"])
users_of_phi = require_roles("platform", "qa_analyst", "compliance_officer", "admin")


def _transcript(body: PhiTextIn) -> tuple[Transcript, bool]:
    if (body.text is None) == (body.transcript is None):
        raise Problem(422, "send exactly one of `text` or `transcript`", kind="validation")
    if body.text is not None:
        return Transcript(segments=[Segment(text=body.text)]), True
    assert body.transcript is not None
    if sum(len(s.text) for s in body.transcript.segments) > 200_000:
        raise Problem(413, "transcript text is larger than 200,000 characters", kind="too-large")
    return body.transcript, False


def _detect(transcript: Transcript, org_id: str) -> list:
    from models.calls import Organization
    from qa_engine import db
    from qa_engine.pipeline import org_phi_config
    from redactors.detect import detect_phi

    with db.session_scope() as session:
        config = org_phi_config(session.get(Organization, org_id))
    return detect_phi(transcript, config)


def _spans(spans: list) -> list[PhiSpanText]:
    return [PhiSpanText(segment=s.segment, start=s.start, end=s.end, type=s.type, score=round(s.score, 4))
            for s in spans]


@router.post("/detect", response_model=PhiDetectOut, responses=responses(401, 403, 413, 422),
             summary="Find PHI spans (character offsets into each segment's text)")
def detect(body: PhiTextIn, principal: Principal = Depends(users_of_phi)) -> PhiDetectOut:
    transcript, _ = _transcript(body)
    return PhiDetectOut(spans=_spans(_detect(transcript, principal.org_id)))


@router.post("/redact", response_model=PhiRedactOut, responses=responses(401, 403, 413, 422),
             summary="Redact PHI: spans replaced by tags such as <NAME>")
def redact(body: PhiTextIn, principal: Principal = Depends(users_of_phi)) -> PhiRedactOut:
    from redactors.redact import redact_transcript

    transcript, single = _transcript(body)
    spans = _detect(transcript, principal.org_id)
    redacted = redact_transcript(transcript, spans)
    if single:
        return PhiRedactOut(text=redacted.segments[0].text, spans=_spans(spans))
    return PhiRedactOut(transcript=redacted, spans=_spans(spans))
