"""Human review of scored calls: the review queue and its assignment, analysts' overrides, agents'
disputes and calibration sessions.

The API (``api.routes.review``) and the web pages (``api.pages``) both call these functions, so a
change made from either goes through the same checks, storage and audit events. Nothing here knows
about HTTP: callers pass the database session, the call (already loaded and checked visible to the
caller) and the acting user (any object with ``user_id``, ``username``, ``org_id``, ``role`` and
optionally ``client_addr``, such as ``api.auth.Principal``); errors are ``qa_engine.errors``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import String, cast, func
from sqlmodel import Session, col, select

from models.calls import Call, User, utcnow
from models.interchange import ScoreResult
from models.scoring import CalibrationRating, CalibrationSession, CriterionScore, Dispute, ReviewOverride, Score
from qa_engine.errors import Conflict, InvalidInput
from qa_engine.phi_access import Accessor, record

ASSIGNABLE_ROLES = frozenset({"qa_analyst", "admin"})


def _audit(session: Session, actor: Accessor, action: str, resource_type: str, resource_id: str,
           details: dict[str, Any]) -> None:
    record(session, None, actor, action=action, resource_type=resource_type, resource_id=resource_id,
           details=details)


def score_of(session: Session, call_id: str) -> Score | None:
    return session.exec(select(Score).where(Score.call_id == call_id)).first()


# ---------------------------------------------------------------- the queue


@dataclass(frozen=True)
class QueueFilter:
    """Which flagged calls to list. ``since``/``until`` bound the call's start (or receipt) time;
    ``assigned`` True/False keeps only assigned/unassigned calls; ``assignee`` one analyst's calls;
    ``agent_ids`` restricts to a set of agents (a coach's team)."""

    flag: str | None = None
    agent_id: str | None = None
    call_type: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    assigned: bool | None = None
    assignee: int | None = None
    agent_ids: tuple[str, ...] | None = None


@dataclass(frozen=True)
class QueueEntry:
    call_id: str
    agent_id: str | None
    call_type: str
    review_priority: int | None
    flags: list[str]
    total: float | None  # the standing total: the human one where an analyst overrode
    overridden: bool
    auto_failed: bool
    assigned_to: int | None
    started_at: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class QueuePage:
    entries: list[QueueEntry]
    total: int


def queue_query(org_id: str, where: QueueFilter) -> Any:
    """Flagged calls of one organization in queue order: priority first (``review_priority``, higher is
    more urgent, see ``rubrics.score.FLAG_PRIORITY``), then the longest-waiting call first."""
    moment = func.coalesce(Call.started_at, Call.created_at)
    query = (select(Call, Score).join(Score, col(Score.call_id) == col(Call.id))
             .where(Call.org_id == org_id, col(Call.review_priority).is_not(None)))
    if where.flag:
        # Flags are a JSON list; its text holds each flag quoted, the same on SQLite and PostgreSQL.
        query = query.where(cast(Score.flags, String).like(f'%"{where.flag}"%'))
    if where.agent_id:
        query = query.where(Call.agent_id == where.agent_id)
    if where.agent_ids is not None:
        query = query.where(col(Call.agent_id).in_(list(where.agent_ids)))
    if where.call_type:
        query = query.where(Call.call_type == where.call_type)
    if where.since:
        query = query.where(moment >= where.since)
    if where.until:
        query = query.where(moment < where.until)
    if where.assigned is True:
        query = query.where(col(Call.assigned_to).is_not(None))
    elif where.assigned is False:
        query = query.where(col(Call.assigned_to).is_(None))
    if where.assignee is not None:
        query = query.where(Call.assigned_to == where.assignee)
    return query.order_by(col(Call.review_priority).desc(), moment.asc(), col(Call.id))


def queue_entry(call: Call, score: Score | None) -> QueueEntry:
    human = score.human_total if score is not None else None
    return QueueEntry(
        call_id=call.id, agent_id=call.agent_id, call_type=call.call_type, review_priority=call.review_priority,
        flags=list(score.flags or []) if score is not None else [],
        total=None if score is None else (human if human is not None else score.total),
        overridden=human is not None, auto_failed=bool(score and score.auto_failed),
        assigned_to=call.assigned_to, started_at=call.started_at, created_at=call.created_at)


def review_queue(session: Session, org_id: str, where: QueueFilter, *, offset: int = 0,
                 limit: int = 50) -> QueuePage:
    query = queue_query(org_id, where)
    total = session.exec(select(func.count()).select_from(query.order_by(None).subquery())).one()
    rows = session.exec(query.offset(offset).limit(limit)).all()
    return QueuePage(entries=[queue_entry(c, s) for c, s in rows], total=total)


def queue_flags(session: Session, org_id: str) -> set[str]:
    """Every flag some scored call of the organization carries (for filter choices)."""
    import json

    seen: set[str] = set()
    for text in session.exec(select(cast(Score.flags, String)).where(Score.org_id == org_id).distinct()):
        seen.update(json.loads(text or "[]"))
    return seen


def assign(session: Session, actor: Accessor, call: Call, user_id: int | None) -> QueueEntry:
    """Assign the call to an analyst of its organization (None: unassign)."""
    if user_id is not None:
        user = session.get(User, user_id)
        if user is None or user.org_id != call.org_id or user.role not in ASSIGNABLE_ROLES:
            raise InvalidInput("assign to a QA analyst of this organization")
    call.assigned_to = user_id
    session.add(call)
    session.flush()
    return queue_entry(call, score_of(session, call.id))


# ---------------------------------------------------------------- overrides


def overrides_of(session: Session, call_id: str) -> list[ReviewOverride]:
    return list(session.exec(select(ReviewOverride).where(ReviewOverride.call_id == call_id)
                             .order_by(col(ReviewOverride.id))))


def override(session: Session, actor: Accessor, call: Call, criterion_id: str, score: float,
             passed: bool | None, reason: str) -> ReviewOverride:
    """Record an analyst's override of one criterion; the machine score stays beside the human one,
    and the score's human total is recomputed over all overrides (the latest per criterion wins)."""
    from rubrics.review import Override, apply_overrides

    row_score = score_of(session, call.id)
    if row_score is None:
        raise Conflict("the call is not scored yet", kind="not-scored")
    result = ScoreResult.model_validate(row_score.result)
    criterion = next((c for c in result.criteria if c.id == criterion_id), None)
    if criterion is None:
        raise InvalidInput("no such criterion in this call's score")
    if score > criterion.max:
        raise InvalidInput(f"the score cannot exceed {criterion.max:g} points")
    if not reason.strip():
        raise InvalidInput("an override needs a reason")
    row = ReviewOverride(call_id=call.id, criterion_id=criterion_id, user_id=actor.user_id, score=score,
                         passed=passed, reason=reason.strip())
    session.add(row)
    session.flush()
    overrides = [Override(criterion_id=r.criterion_id, score=r.score, passed=r.passed, reason=r.reason,
                          analyst=str(r.user_id), at=r.created_at) for r in overrides_of(session, call.id)]
    reviewed = apply_overrides(result, overrides)
    row_score.human_total = reviewed.human_total
    session.add(row_score)
    standing = {c.id: c for c in reviewed.criteria if "override" in c.details}
    for crit in session.exec(select(CriterionScore).where(CriterionScore.score_id == row_score.id)):
        if crit.criterion_id in standing:
            detail = standing[crit.criterion_id].details["override"]
            crit.human_score, crit.human_passed = detail["score"], detail["passed"]
            session.add(crit)
    _audit(session, actor, "score_override", "call", call.id, {"criterion_id": criterion_id, "override_id": row.id})
    session.flush()
    return row


# ---------------------------------------------------------------- disputes


def disputes_of(session: Session, call_id: str) -> list[Dispute]:
    return list(session.exec(select(Dispute).where(Dispute.call_id == call_id).order_by(col(Dispute.id))))


def raise_dispute(session: Session, actor: Accessor, call: Call, reason: str,
                  criterion_id: str | None = None) -> Dispute:
    """Dispute the call's score (or one criterion of it) on the agent's behalf."""
    from rubrics.review import DisputeError, DisputeState

    row_score = score_of(session, call.id)
    if row_score is None:
        raise Conflict("the call is not scored yet", kind="not-scored")
    if criterion_id and criterion_id not in {c["id"] for c in row_score.result.get("criteria", [])}:
        raise InvalidInput("no such criterion in this call's score")
    try:
        state = DisputeState(call_id=call.id, reason=reason, criterion_id=criterion_id, agent_id=call.agent_id)
    except DisputeError as exc:
        raise InvalidInput(str(exc)) from None
    row = Dispute(call_id=call.id, criterion_id=state.criterion_id, agent_id=state.agent_id, reason=state.reason,
                  status=state.status)
    session.add(row)
    session.flush()
    _audit(session, actor, "dispute", "dispute", str(row.id), {"call_id": call.id, "status": "raised"})
    return row


def resolve_dispute(session: Session, actor: Accessor, dispute: Dispute, status: str, resolution: str) -> Dispute:
    """Accept, partially accept or reject a raised dispute, with the reason (``rubrics.review`` rules)."""
    from rubrics.review import DisputeError, DisputeState, transition_dispute

    state = DisputeState(call_id=dispute.call_id, reason=dispute.reason, criterion_id=dispute.criterion_id,
                         agent_id=dispute.agent_id, status=dispute.status)
    try:
        state = transition_dispute(state, status, resolution, by=actor.username)
    except DisputeError as exc:
        raise Conflict(str(exc), kind="dispute") from None
    dispute.status, dispute.resolution = state.status, state.resolution
    dispute.resolved_by, dispute.resolved_at = actor.user_id, utcnow()
    session.add(dispute)
    _audit(session, actor, "dispute", "dispute", str(dispute.id), {"call_id": dispute.call_id,
                                                                  "status": dispute.status})
    session.flush()
    return dispute


# ---------------------------------------------------------------- calibration


@dataclass(frozen=True)
class CalibrationView:
    session: CalibrationSession
    raters: int
    agreement: dict[str, Any] | None


def calibration_view(session: Session, cal: CalibrationSession, with_agreement: bool = False) -> CalibrationView:
    """The session with its number of raters and, with two or more, the analysts' agreement per criterion
    and the machine's agreement with their consensus."""
    ratings = session.exec(select(CalibrationRating).where(CalibrationRating.session_id == cal.id)).all()
    agreement = None
    if with_agreement and len(ratings) >= 2:
        from rubrics.calibration import calibration_agreement

        machine = None
        row_score = score_of(session, cal.call_id)
        if row_score is not None:
            machine = {c["id"]: c["passed"] for c in row_score.result.get("criteria", [])
                       if c.get("passed") is not None}
        by_analyst = {str(r.user_id): {k: v for k, v in r.ratings.items() if v is not None} for r in ratings}
        agreement = calibration_agreement(by_analyst, machine)
    return CalibrationView(session=cal, raters=len(ratings), agreement=agreement)


def create_calibration(session: Session, actor: Accessor, call: Call, name: str = "") -> CalibrationSession:
    cal = CalibrationSession(org_id=call.org_id, call_id=call.id, name=name, created_by=actor.user_id)
    session.add(cal)
    session.flush()
    _audit(session, actor, "calibration", "calibration_session", str(cal.id), {"call_id": call.id})
    return cal


def calibrations(session: Session, org_id: str, limit: int = 200) -> list[CalibrationSession]:
    return list(session.exec(select(CalibrationSession).where(CalibrationSession.org_id == org_id)
                             .order_by(col(CalibrationSession.id).desc()).limit(limit)))


def rate(session: Session, actor: Accessor, cal: CalibrationSession,
         ratings: dict[str, bool | None]) -> CalibrationRating:
    """The actor's own pass/fail per criterion (replacing their earlier rating)."""
    if cal.status != "open":
        raise Conflict("the calibration session is closed", kind="closed")
    row = session.exec(select(CalibrationRating).where(CalibrationRating.session_id == cal.id,
                                                       CalibrationRating.user_id == actor.user_id)).first()
    if row is None:
        row = CalibrationRating(session_id=cal.id or 0, user_id=actor.user_id or 0)
    row.ratings = dict(ratings)
    session.add(row)
    session.flush()
    return row
