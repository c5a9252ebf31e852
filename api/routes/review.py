"""Human review: the review queue, overrides, disputes and calibration sessions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy import String, cast, func
from sqlmodel import Session, col, select

from api.auth import Principal, require_roles
from api.deps import Page, RowId, get_session, load_call, load_owned, not_found
from api.problems import Problem, responses
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
from models.auth import CalibrationRating, CalibrationSession
from models.calls import Call, User
from models.interchange import ScoreResult
from models.scoring import CriterionScore, Dispute, ReviewOverride, Score

router = APIRouter(prefix="/v1", tags=["review"])
reviewers = require_roles("qa_analyst", "admin")


def _audit(session: Session, principal: Principal, action: str, resource_type: str, resource_id: str,
           details: dict[str, Any] | None = None) -> None:
    from audits.chain import record_event

    record_event(session, org_id=principal.org_id, actor=principal.username, role=principal.role, action=action,
                 resource_type=resource_type, resource_id=resource_id, client_addr=principal.client_addr,
                 details=details)


# ---------------------------------------------------------------- queue


@router.get("/review-queue", response_model=QueuePage, responses=responses(401, 403, 422),
            summary="Flagged calls, highest priority first, with filters and pagination")
def review_queue(
    principal: Principal = Depends(reviewers), session: Session = Depends(get_session), page: Page = Depends(),
    flag: str | None = Query(default=None, max_length=48, pattern=r"^[a-z_]+$"),
    agent_id: str | None = Query(default=None, max_length=64),
    call_type: str | None = Query(default=None, max_length=64),
    since: datetime | None = Query(default=None, description="Call started (or was received) at or after."),
    until: datetime | None = Query(default=None, description="Call started (or was received) before."),
    assigned_to: int | None = Query(default=None, ge=1, le=2**31 - 1, description="Only calls assigned to this user."),
) -> QueuePage:
    moment = func.coalesce(Call.started_at, Call.created_at)
    where: list[Any] = [Call.org_id == principal.org_id, col(Call.review_priority).is_not(None)]
    if flag:
        # flags is a JSON list; its text holds "flag" quoted, on SQLite and PostgreSQL alike.
        where.append(cast(Score.flags, String).like(f'%"{flag}"%'))
    if agent_id:
        where.append(Call.agent_id == agent_id)
    if call_type:
        where.append(Call.call_type == call_type)
    if since:
        where.append(moment >= since)
    if until:
        where.append(moment < until)
    if assigned_to is not None:
        where.append(Call.assigned_to == assigned_to)
    base = select(Call, Score).join(Score, col(Score.call_id) == col(Call.id)).where(*where)
    total = session.exec(select(func.count()).select_from(base.subquery())).one()
    rows = session.exec(base.order_by(col(Call.review_priority).desc(), moment.desc(), col(Call.id))
                        .offset(page.offset).limit(page.limit)).all()
    items = [QueueItem(
        call_id=c.id, agent_id=c.agent_id, call_type=c.call_type, review_priority=c.review_priority,
        flags=list(s.flags), total=s.human_total if s.human_total is not None else s.total,
        auto_failed=s.auto_failed, assigned_to=c.assigned_to, started_at=c.started_at, created_at=c.created_at,
    ) for c, s in rows]
    return QueuePage(items=items, total=total, limit=page.limit, offset=page.offset)


@router.put("/calls/{call_id}/assignment", response_model=QueueItem, responses=responses(401, 403, 404, 422),
            summary="Assign a call to an analyst (null: unassign)")
def assign(call_id: str, body: AssignIn, principal: Principal = Depends(reviewers),
           session: Session = Depends(get_session)) -> QueueItem:
    call = load_call(session, principal, call_id)
    if body.user_id is not None:
        user = session.get(User, body.user_id)
        if user is None or user.org_id != principal.org_id or user.role not in ("qa_analyst", "admin"):
            raise Problem(422, "assign to a QA analyst of this organization", kind="validation")
    call.assigned_to = body.user_id
    session.add(call)
    score = session.exec(select(Score).where(Score.call_id == call.id)).first()
    return QueueItem(call_id=call.id, agent_id=call.agent_id, call_type=call.call_type,
                     review_priority=call.review_priority, flags=list(score.flags) if score else [],
                     total=None if score is None else (score.human_total if score.human_total is not None
                                                       else score.total),
                     auto_failed=bool(score and score.auto_failed), assigned_to=call.assigned_to,
                     started_at=call.started_at, created_at=call.created_at)


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
    rows = session.exec(select(ReviewOverride).where(ReviewOverride.call_id == call.id)
                        .order_by(col(ReviewOverride.id)))
    return [override_out(r) for r in rows]


@router.post("/calls/{call_id}/overrides", status_code=201, response_model=ScoreOut,
             responses=responses(401, 403, 404, 409, 422),
             summary="Override one criterion (a reason is required); both scores are kept")
def create_override(call_id: str, body: OverrideIn, principal: Principal = Depends(reviewers),
                    session: Session = Depends(get_session)) -> ScoreOut:
    from rubrics.review import Override, apply_overrides

    call = load_call(session, principal, call_id)
    score = session.exec(select(Score).where(Score.call_id == call.id)).first()
    if score is None:
        raise Problem(409, "the call is not scored yet", kind="not-scored")
    result = ScoreResult.model_validate(score.result)
    if body.criterion_id not in {c.id for c in result.criteria}:
        raise Problem(422, "no such criterion in this call's score", kind="validation")
    row = ReviewOverride(call_id=call.id, criterion_id=body.criterion_id, user_id=principal.user_id,
                         score=body.score, passed=body.passed, reason=body.reason.strip())
    session.add(row)
    session.flush()
    previous = session.exec(select(ReviewOverride).where(ReviewOverride.call_id == call.id)
                            .order_by(col(ReviewOverride.id))).all()
    overrides = [Override(criterion_id=r.criterion_id, score=r.score, passed=r.passed, reason=r.reason,
                          analyst=str(r.user_id), at=r.created_at) for r in previous]
    reviewed = apply_overrides(result, overrides)
    score.human_total = reviewed.human_total
    session.add(score)
    standing = {c.id: c for c in reviewed.criteria if "override" in c.details}
    for crit in session.exec(select(CriterionScore).where(CriterionScore.score_id == score.id)):
        if crit.criterion_id in standing:
            detail = standing[crit.criterion_id].details["override"]
            crit.human_score, crit.human_passed = detail["score"], detail["passed"]
            session.add(crit)
    _audit(session, principal, "score_override", "call", call.id,
           {"criterion_id": body.criterion_id, "override_id": row.id})
    session.flush()
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
    return [dispute_out(d) for d in session.exec(select(Dispute).where(Dispute.call_id == call.id)
                                                 .order_by(col(Dispute.id)))]


@router.post("/calls/{call_id}/disputes", status_code=201, response_model=DisputeOut,
             responses=responses(401, 403, 404, 409, 422),
             summary="Dispute the score (or one criterion) on the agent's behalf")
def raise_dispute(call_id: str, body: DisputeIn,
                  principal: Principal = Depends(require_roles("coach", "qa_analyst", "admin", "platform")),
                  session: Session = Depends(get_session)) -> DisputeOut:
    from rubrics.review import DisputeError, DisputeState

    call = load_call(session, principal, call_id)
    score = session.exec(select(Score).where(Score.call_id == call.id)).first()
    if score is None:
        raise Problem(409, "the call is not scored yet", kind="not-scored")
    if body.criterion_id and body.criterion_id not in {c["id"] for c in score.result.get("criteria", [])}:
        raise Problem(422, "no such criterion in this call's score", kind="validation")
    try:
        state = DisputeState(call_id=call.id, reason=body.reason, criterion_id=body.criterion_id,
                             agent_id=call.agent_id)
    except DisputeError as exc:
        raise Problem(422, str(exc), kind="validation") from None
    row = Dispute(call_id=call.id, criterion_id=state.criterion_id, agent_id=state.agent_id, reason=state.reason,
                  status=state.status)
    session.add(row)
    session.flush()
    _audit(session, principal, "dispute", "dispute", str(row.id), {"call_id": call.id, "status": "raised"})
    return dispute_out(row)


@router.patch("/disputes/{dispute_id}", response_model=DisputeOut, responses=responses(401, 403, 404, 409, 422),
              summary="Resolve a dispute: accepted, partially accepted or rejected, with the reason")
def resolve_dispute(dispute_id: RowId, body: DisputeResolveIn, principal: Principal = Depends(reviewers),
                    session: Session = Depends(get_session)) -> DisputeOut:
    from models.calls import utcnow
    from rubrics.review import DisputeError, DisputeState, transition_dispute

    row = session.get(Dispute, dispute_id)
    if row is None:
        raise not_found("dispute")
    load_call(session, principal, row.call_id)  # 404 for another organization's dispute
    state = DisputeState(call_id=row.call_id, reason=row.reason, criterion_id=row.criterion_id,
                         agent_id=row.agent_id, status=row.status)
    try:
        state = transition_dispute(state, body.status, body.resolution, by=principal.username)
    except DisputeError as exc:
        raise Problem(409, str(exc), kind="dispute") from None
    row.status, row.resolution, row.resolved_by, row.resolved_at = (state.status, state.resolution,
                                                                    principal.user_id, utcnow())
    session.add(row)
    _audit(session, principal, "dispute", "dispute", str(row.id), {"call_id": row.call_id, "status": row.status})
    return dispute_out(row)


# ---------------------------------------------------------------- calibration


def _calibration_out(session: Session, cal: CalibrationSession, with_agreement: bool = False) -> CalibrationOut:
    ratings = session.exec(select(CalibrationRating).where(CalibrationRating.session_id == cal.id)).all()
    agreement = None
    if with_agreement and len(ratings) >= 2:
        from rubrics.calibration import calibration_agreement

        machine = None
        score = session.exec(select(Score).where(Score.call_id == cal.call_id)).first()
        if score is not None:
            machine = {c["id"]: c["passed"] for c in score.result.get("criteria", []) if c.get("passed") is not None}
        by_analyst = {str(r.user_id): {k: v for k, v in r.ratings.items() if v is not None} for r in ratings}
        agreement = calibration_agreement(by_analyst, machine)
    return CalibrationOut(id=cal.id or 0, call_id=cal.call_id, name=cal.name, status=cal.status, raters=len(ratings),
                          created_at=cal.created_at, agreement=agreement)


def _calibration(session: Session, principal: Principal, session_id: int) -> CalibrationSession:
    return load_owned(session, principal, CalibrationSession, session_id,  # type: ignore[return-value]
                      "calibration session")


@router.post("/calibration-sessions", status_code=201, response_model=CalibrationOut,
             responses=responses(401, 403, 404, 422), summary="Start a calibration session on one call")
def create_calibration(body: CalibrationIn, principal: Principal = Depends(reviewers),
                       session: Session = Depends(get_session)) -> CalibrationOut:
    call = load_call(session, principal, body.call_id)
    cal = CalibrationSession(org_id=principal.org_id, call_id=call.id, name=body.name, created_by=principal.user_id)
    session.add(cal)
    session.flush()
    _audit(session, principal, "calibration", "calibration_session", str(cal.id), {"call_id": call.id})
    return _calibration_out(session, cal)


@router.get("/calibration-sessions", response_model=list[CalibrationOut], responses=responses(401, 403),
            summary="Calibration sessions of the organization")
def list_calibrations(principal: Principal = Depends(reviewers),
                      session: Session = Depends(get_session)) -> list[CalibrationOut]:
    rows = session.exec(select(CalibrationSession).where(CalibrationSession.org_id == principal.org_id)
                        .order_by(col(CalibrationSession.id).desc()).limit(200))
    return [_calibration_out(session, c) for c in rows]


@router.put("/calibration-sessions/{session_id}/ratings", response_model=CalibrationOut,
            responses=responses(401, 403, 404, 409, 422),
            summary="The caller's own pass/fail per criterion (replaces their earlier rating)")
def rate(session_id: RowId, body: CalibrationRatingIn, principal: Principal = Depends(reviewers),
         session: Session = Depends(get_session)) -> CalibrationOut:
    cal = _calibration(session, principal, session_id)
    if cal.status != "open":
        raise Problem(409, "the calibration session is closed", kind="closed")
    row = session.exec(select(CalibrationRating).where(CalibrationRating.session_id == cal.id,
                                                       CalibrationRating.user_id == principal.user_id)).first()
    if row is None:
        row = CalibrationRating(session_id=cal.id or 0, user_id=principal.user_id or 0)
    row.ratings = dict(body.ratings)
    session.add(row)
    session.flush()
    return _calibration_out(session, cal, with_agreement=True)


@router.get("/calibration-sessions/{session_id}", response_model=CalibrationOut,
            responses=responses(401, 403, 404),
            summary="A session with the analysts' agreement (percent, Fleiss' and Cohen's kappa) and the machine's")
def get_calibration(session_id: RowId, principal: Principal = Depends(reviewers),
                    session: Session = Depends(get_session)) -> CalibrationOut:
    return _calibration_out(session, _calibration(session, principal, session_id), with_agreement=True)
