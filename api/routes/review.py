"""Human review: the review queue, overrides, disputes and calibration sessions (``qa_engine.review``)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, Query
from sqlmodel import Session

from api.auth import Principal, require_roles
from api.deps import Page, RowId, get_session, load_call, load_owned, not_found
from api.problems import responses
from api.routes.calls import score_out
from api.schemas import (
    AssignIn,
    CalibrationIn,
    CalibrationOut,
    CalibrationRatingIn,
    DisputeIn,
    DisputeOut,
    DisputeResolveIn,
    OverrideIn,
    OverrideOut,
    QueueItem,
    QueuePage,
    ScoreOut,
)
from models.scoring import CalibrationSession, Dispute, ReviewOverride
from qa_engine import review

router = APIRouter(prefix="/v1", tags=["review"])
reviewers = require_roles("qa_analyst", "admin")


# ---------------------------------------------------------------- queue


def queue_item(entry: review.QueueEntry) -> QueueItem:
    return QueueItem(call_id=entry.call_id, agent_id=entry.agent_id, call_type=entry.call_type,
                     review_priority=entry.review_priority, flags=entry.flags, total=entry.total,
                     auto_failed=entry.auto_failed, assigned_to=entry.assigned_to, started_at=entry.started_at,
                     created_at=entry.created_at)


@router.get("/review-queue", response_model=QueuePage, responses=responses(401, 403, 422),
            summary="Flagged calls, highest priority first (then the longest-waiting), with filters and pagination")
def review_queue(
    principal: Principal = Depends(reviewers), session: Session = Depends(get_session), page: Page = Depends(),
    flag: str | None = Query(default=None, max_length=48, pattern=r"^[a-z_]+$"),
    agent_id: str | None = Query(default=None, max_length=64),
    call_type: str | None = Query(default=None, max_length=64),
    since: datetime | None = Query(default=None, description="Call started (or was received) at or after."),
    until: datetime | None = Query(default=None, description="Call started (or was received) before."),
    assigned: bool | None = Query(default=None, description="true: only assigned calls; false: only unassigned."),
    assigned_to: int | None = Query(default=None, ge=1, le=2**31 - 1, description="Only calls assigned to this user."),
) -> QueuePage:
    where = review.QueueFilter(flag=flag, agent_id=agent_id, call_type=call_type, since=since, until=until,
                               assigned=assigned, assignee=assigned_to)
    found = review.review_queue(session, principal.org_id, where, offset=page.offset, limit=page.limit)
    return QueuePage(items=[queue_item(e) for e in found.entries], total=found.total, limit=page.limit,
                     offset=page.offset)


@router.put("/calls/{call_id}/assignment", response_model=QueueItem, responses=responses(401, 403, 404, 422),
            summary="Assign a call to an analyst (null: unassign)")
def assign(call_id: str, body: AssignIn, principal: Principal = Depends(reviewers),
           session: Session = Depends(get_session)) -> QueueItem:
    return queue_item(review.assign(session, principal, load_call(session, principal, call_id), body.user_id))


# ---------------------------------------------------------------- overrides


def override_out(row: ReviewOverride) -> OverrideOut:
    return OverrideOut(id=row.id or 0, call_id=row.call_id, criterion_id=row.criterion_id, user_id=row.user_id,
                       score=row.score, passed=row.passed, reason=row.reason, created_at=row.created_at)


@router.get("/calls/{call_id}/overrides", response_model=list[OverrideOut], responses=responses(401, 403, 404),
            summary="Analysts' overrides of the call's criteria")
def list_overrides(call_id: str,
                   principal: Principal = Depends(require_roles("qa_analyst", "coach", "compliance_officer", "admin")),
                   session: Session = Depends(get_session)) -> list[OverrideOut]:
    call = load_call(session, principal, call_id)
    return [override_out(r) for r in review.overrides_of(session, call.id)]


@router.post("/calls/{call_id}/overrides", status_code=201, response_model=ScoreOut,
             responses=responses(401, 403, 404, 409, 422),
             summary="Override one criterion (a reason is required); both scores are kept")
def create_override(call_id: str, body: OverrideIn, principal: Principal = Depends(reviewers),
                    session: Session = Depends(get_session)) -> ScoreOut:
    call = load_call(session, principal, call_id)
    review.override(session, principal, call, body.criterion_id, body.score, body.passed, body.reason)
    out = score_out(session, call)
    assert out is not None
    return out


# ---------------------------------------------------------------- disputes


def dispute_out(row: Dispute) -> DisputeOut:
    return DisputeOut(id=row.id or 0, call_id=row.call_id, criterion_id=row.criterion_id, agent_id=row.agent_id,
                      reason=row.reason, status=row.status, resolution=row.resolution, resolved_by=row.resolved_by,
                      created_at=row.created_at, resolved_at=row.resolved_at)


@router.get("/calls/{call_id}/disputes", response_model=list[DisputeOut], responses=responses(401, 403, 404),
            summary="Disputes of the call's score and their status")
def list_disputes(call_id: str,
                  principal: Principal = Depends(require_roles("qa_analyst", "coach", "compliance_officer", "admin",
                                                               "platform")),
                  session: Session = Depends(get_session)) -> list[DisputeOut]:
    call = load_call(session, principal, call_id)
    return [dispute_out(d) for d in review.disputes_of(session, call.id)]


@router.post("/calls/{call_id}/disputes", status_code=201, response_model=DisputeOut,
             responses=responses(401, 403, 404, 409, 422),
             summary="Dispute the score (or one criterion) on the agent's behalf")
def raise_dispute(call_id: str, body: DisputeIn,
                  principal: Principal = Depends(require_roles("coach", "qa_analyst", "admin", "platform")),
                  session: Session = Depends(get_session)) -> DisputeOut:
    call = load_call(session, principal, call_id)
    return dispute_out(review.raise_dispute(session, principal, call, body.reason, body.criterion_id))


@router.patch("/disputes/{dispute_id}", response_model=DisputeOut, responses=responses(401, 403, 404, 409, 422),
              summary="Resolve a dispute: accepted, partially accepted or rejected, with the reason")
def resolve_dispute(dispute_id: RowId, body: DisputeResolveIn, principal: Principal = Depends(reviewers),
                    session: Session = Depends(get_session)) -> DisputeOut:
    row = session.get(Dispute, dispute_id)
    if row is None:
        raise not_found("dispute")
    load_call(session, principal, row.call_id)  # 404 for another organization's dispute
    return dispute_out(review.resolve_dispute(session, principal, row, body.status, body.resolution))


# ---------------------------------------------------------------- calibration


def calibration_out(view: review.CalibrationView) -> CalibrationOut:
    cal = view.session
    return CalibrationOut(id=cal.id or 0, call_id=cal.call_id, name=cal.name, status=cal.status, raters=view.raters,
                          created_at=cal.created_at, agreement=view.agreement)


def _calibration(session: Session, principal: Principal, session_id: int) -> CalibrationSession:
    return load_owned(session, principal, CalibrationSession, session_id,  # type: ignore[return-value]
                      "calibration session")


@router.post("/calibration-sessions", status_code=201, response_model=CalibrationOut,
             responses=responses(401, 403, 404, 422), summary="Start a calibration session on one call")
def create_calibration(body: CalibrationIn, principal: Principal = Depends(reviewers),
                       session: Session = Depends(get_session)) -> CalibrationOut:
    cal = review.create_calibration(session, principal, load_call(session, principal, body.call_id), body.name)
    return calibration_out(review.calibration_view(session, cal))


@router.get("/calibration-sessions", response_model=list[CalibrationOut], responses=responses(401, 403),
            summary="Calibration sessions of the organization")
def list_calibrations(principal: Principal = Depends(reviewers),
                      session: Session = Depends(get_session)) -> list[CalibrationOut]:
    return [calibration_out(review.calibration_view(session, c))
            for c in review.calibrations(session, principal.org_id)]


@router.put("/calibration-sessions/{session_id}/ratings", response_model=CalibrationOut,
            responses=responses(401, 403, 404, 409, 422),
            summary="The caller's own pass/fail per criterion (replaces their earlier rating)")
def rate(session_id: RowId, body: CalibrationRatingIn, principal: Principal = Depends(reviewers),
         session: Session = Depends(get_session)) -> CalibrationOut:
    cal = _calibration(session, principal, session_id)
    review.rate(session, principal, cal, body.ratings)
    return calibration_out(review.calibration_view(session, cal, with_agreement=True))


@router.get("/calibration-sessions/{session_id}", response_model=CalibrationOut,
            responses=responses(401, 403, 404),
            summary="A session with the analysts' agreement (percent, Fleiss' and Cohen's kappa) and the machine's")
def get_calibration(session_id: RowId, principal: Principal = Depends(reviewers),
                    session: Session = Depends(get_session)) -> CalibrationOut:
    view = review.calibration_view(session, _calibration(session, principal, session_id), with_agreement=True)
    return calibration_out(view)
