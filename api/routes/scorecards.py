"""Agent scorecards, team and organization views, coaching notes (``qa_engine.scorecards``)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, Field
from sqlmodel import Session

from api.auth import Principal, require_roles
from api.deps import RowId, get_session, load_agent, load_owned, not_found
from api.problems import Problem, responses
from api.schemas import UtcDateTime

router = APIRouter(prefix="/v1", tags=["scorecards"])
viewers = require_roles("coach", "qa_analyst", "admin")
MEDIA = {"json": "application/json", "csv": "text/csv; charset=utf-8", "html": "text/html; charset=utf-8",
         "pdf": "application/pdf"}
DOC_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "The scorecard in the requested format.",
          "content": {"application/json": {"schema": {"type": "object"}},
                      "text/csv": {"schema": {"type": "string"}}, "text/html": {"schema": {"type": "string"}},
                      "application/pdf": {"schema": {"type": "string", "format": "binary"}}}},
    **responses(401, 403, 404, 422),
}
PERIOD = Query(max_length=40, description="2026-W43, 2026-10, 2026-Q4 or 2026-10-01..2026-10-15")


class CoachingNoteIn(BaseModel):
    period: str = Field(max_length=40)
    text: str = Field(min_length=1, max_length=5000)
    goals: list[dict[str, Any]] = Field(default_factory=list, max_length=20,
                                        description='[{"text", "metric" (e.g. "empathy"), "target"}]')
    call_ids: list[str] = Field(default_factory=list, max_length=50)


class AcknowledgeIn(BaseModel):
    comment: str | None = Field(default=None, max_length=2000)


class CoachingNoteOut(BaseModel):
    id: int
    agent_id: str
    period: str
    text: str
    goals: list[dict[str, Any]]
    call_ids: list[str]
    author_user_id: int | None
    created_at: UtcDateTime
    acknowledged_at: UtcDateTime | None
    agent_comment: str | None


def _period(text: str) -> Any:
    from qa_engine.scorecards import parse_period

    try:
        return parse_period(text)
    except ValueError as exc:
        raise Problem(422, str(exc)[:200], kind="validation") from None


def note_out(note: Any) -> CoachingNoteOut:
    return CoachingNoteOut(id=note.id, agent_id=note.agent_id, period=note.period, text=note.text,
                           goals=list(note.goals or []), call_ids=list(note.call_ids or []),
                           author_user_id=note.author_user_id, created_at=note.created_at,
                           acknowledged_at=note.acknowledged_at, agent_comment=note.agent_comment)


@router.get("/agents/{agent_id}/scorecard", response_class=Response, responses=DOC_RESPONSES,
            summary="An agent's scorecard for a period (coaches: their team's agents)")
def agent_scorecard(
    agent_id: str, period: str = PERIOD,
    format: Literal["json", "csv", "html", "pdf"] = Query(default="json"),
    call_type: str | None = Query(default=None, max_length=64),
    principal: Principal = Depends(viewers), session: Session = Depends(get_session),
) -> Response:
    from qa_engine.scorecards import build_scorecard
    from qa_engine.scorecards.export import render

    agent = load_agent(session, principal, agent_id)
    card = build_scorecard(session, agent.id, _period(period), call_type=call_type)
    return Response(render(card, format), media_type=MEDIA[format])


@router.get("/scorecards/team", response_class=Response, responses=DOC_RESPONSES,
            summary="A team's view (coaches: their own team) or, without a team, the whole organization")
def team_scorecard(
    period: str = PERIOD, team: str | None = Query(default=None, max_length=64),
    format: Literal["json", "csv"] = Query(default="json"),
    call_type: str | None = Query(default=None, max_length=64),
    principal: Principal = Depends(viewers), session: Session = Depends(get_session),
) -> Response:
    from qa_engine.scorecards import build_team_view
    from qa_engine.scorecards.export import team_view_csv, team_view_json

    if principal.role == "coach":
        if not principal.team or (team is not None and team != principal.team):
            raise not_found("team")
        team = principal.team
    view = build_team_view(session, principal.org_id, _period(period), team=team, call_type=call_type)
    body = team_view_json(view) if format == "json" else team_view_csv(view)
    return Response(body, media_type=MEDIA[format])


@router.post("/agents/{agent_id}/coaching-notes", status_code=201, response_model=CoachingNoteOut,
             responses=responses(401, 403, 404, 422), summary="Attach a coaching note and goals to a scorecard")
def add_note(agent_id: str, body: CoachingNoteIn, principal: Principal = Depends(require_roles("coach", "admin")),
             session: Session = Depends(get_session)) -> CoachingNoteOut:
    from qa_engine.scorecards import add_coaching_note

    agent = load_agent(session, principal, agent_id)
    try:
        note = add_coaching_note(session, agent.id, _period(body.period), body.text, goals=body.goals,
                                 author_user_id=principal.user_id, call_ids=body.call_ids)
    except ValueError as exc:
        raise Problem(422, str(exc)[:200], kind="validation") from None
    return note_out(note)


@router.get("/agents/{agent_id}/coaching-notes", response_model=list[CoachingNoteOut],
            responses=responses(401, 403, 404, 422), summary="Coaching notes of an agent")
def list_notes(agent_id: str, period: str | None = Query(default=None, max_length=40),
               principal: Principal = Depends(viewers),
               session: Session = Depends(get_session)) -> list[CoachingNoteOut]:
    from qa_engine.scorecards import list_coaching_notes

    agent = load_agent(session, principal, agent_id)
    return [note_out(n) for n in list_coaching_notes(session, agent.id, _period(period) if period else None)]


@router.post("/coaching-notes/{note_id}/acknowledgement", response_model=CoachingNoteOut,
             responses=responses(401, 403, 404, 422),
             summary="Record the agent's acknowledgement (through their coach or the platform)")
def acknowledge_note(note_id: RowId, body: AcknowledgeIn,
                     principal: Principal = Depends(require_roles("coach", "admin", "platform")),
                     session: Session = Depends(get_session)) -> CoachingNoteOut:
    from models.coaching import CoachingNote
    from qa_engine.scorecards import acknowledge

    note = load_owned(session, principal, CoachingNote, note_id, "coaching note")
    load_agent(session, principal, note.agent_id)
    note = acknowledge(session, note_id, user_id=principal.user_id, comment=body.comment)
    return note_out(note)
