"""Server-rendered web pages for analysts, coaches and compliance officers.

The pages call the same services as the REST API (``qa_engine``, ``audits``, ``rubrics``) and the same
authentication: the signed session cookie of ``api.auth``, with its CSRF token sent as a form field
(``csrf_token``) or, from htmx, as the ``X-CSRF-Token`` header. A page a role may not open answers 403
and the refusal is an audit event, exactly as the API's ``require_roles`` does. Nothing here puts PHI
in a URL: filters are ids, dates and flag names; purposes and reasons travel in POST bodies.
"""

from __future__ import annotations

import functools
import json
import re
import secrets
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlparse

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from sqlalchemy import func
from sqlmodel import Session, col, select

from api.auth import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    Principal,
    clear_session_cookies,
    client_addr,
    get_principal,
    session_token,
    set_session_cookies,
)
from api.deps import load_agent, load_call, load_owned
from api.problems import Problem
from models.calls import Agent, Call, User
from models.scoring import CriterionScore, Dispute
from qa_engine import compliance as compliance_service
from qa_engine import db, evidence_packets, logins, review, rubric_versions
from qa_engine.errors import DomainError, InvalidInput, NotFound
from qa_engine.scorecards.core import KIND_LABELS

router = APIRouter(include_in_schema=False)

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"
templates = Jinja2Templates(directory=str(HERE / "templates"))

# Which roles open which page. Minimum necessary: compliance pages are for compliance officers only;
# rubric editing for admins; everyone who reviews or coaches sees redacted calls.
PAGE_ROLES: dict[str, frozenset[str]] = {
    "review": frozenset({"qa_analyst", "admin"}),
    "call": frozenset({"qa_analyst", "coach", "compliance_officer", "admin"}),
    "scorecards": frozenset({"coach", "qa_analyst", "admin"}),
    "compliance": frozenset({"compliance_officer"}),
    "rubrics": frozenset({"qa_analyst", "admin"}),
}
OVERRIDE_ROLES = frozenset({"qa_analyst", "admin"})
ASSIGN_ROLES = frozenset({"qa_analyst", "admin"})
COACH_ROLES = frozenset({"coach", "admin"})
RUBRIC_EDIT_ROLES = frozenset({"admin"})
HOME_BY_ROLE = {"qa_analyst": "/review", "coach": "/scorecards", "compliance_officer": "/compliance",
                "admin": "/review", "platform": "/me"}

# Outline icons (24px, one path each) for the navigation.
_ICONS = {
    "review": "M9 11l3 3 8-8M4 6h4M4 12h3M4 18h14",
    "scorecards": "M4 20V10M10 20V4M16 20v-7M22 20H2",
    "compliance": "M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6l8-3zM9 12l2 2 4-4",
    "rubrics": "M5 4h10l4 4v12H5zM9 12h6M9 16h6M9 8h2",
}
_NAV = [("review", "Review queue", "/review"), ("scorecards", "Scorecards", "/scorecards"),
        ("compliance", "Compliance", "/compliance"), ("rubrics", "Rubrics", "/rubrics")]

ROLE_LABELS = {"qa_analyst": "QA analyst", "coach": "Coach", "compliance_officer": "Compliance officer",
               "admin": "Administrator", "platform": "Platform"}
FLAG_LABELS = {
    "missed_escalation": "Missed escalation", "phi_before_verification": "PHI before verification",
    "auto_fail": "Auto-fail", "low_score": "Low score", "low_confidence": "Low confidence",
    "low_asr_confidence": "Low ASR confidence", "unknown_speaker": "Unknown speaker",
}
SEVERE_FLAGS = {"missed_escalation", "phi_before_verification", "auto_fail"}


class PageExit(Exception):
    """Leave a page handler with this response (a redirect to the login page, a 403 page)."""

    def __init__(self, response: Response) -> None:
        super().__init__("page exit")
        self.response = response


def page(func: Callable[..., Awaitable[Response]]) -> Callable[..., Awaitable[Response]]:
    @functools.wraps(func)
    async def wrapper(*args: Any, **kwargs: Any) -> Response:
        try:
            return await func(*args, **kwargs)
        except PageExit as exit_:
            return exit_.response
    return wrapper


# ---------------------------------------------------------------- template helpers


def _fmt_dt(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


def _fmt_clock(seconds: float | None) -> str:
    total = max(0, int(seconds or 0))
    return f"{total // 60}:{total % 60:02d}"


def _fmt_duration(seconds: float | None) -> str:
    return "–" if seconds is None else _fmt_clock(seconds)


def _fmt_num(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.0f}" if abs(value - round(value)) < 0.05 else f"{value:.1f}"


def _fmt_score(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def _fmt_pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def _score_class(value: float | None) -> str:
    if value is None:
        return ""
    return "score-good" if value >= 80 else "score-mid" if value >= 60 else "score-bad"


def _priority_level(priority: int | None) -> tuple[str, str]:
    """A queue priority as a level and its words (thresholds follow ``rubrics.score.FLAG_PRIORITY``)."""
    if priority is None:
        return "n", "Not flagged"
    if priority >= 100:
        return "1", "Critical"
    if priority >= 80:
        return "2", "High"
    if priority >= 60:
        return "3", "Medium"
    return "4", "Low"


def _flag_class(flag: str) -> str:
    return "badge-bad" if flag in SEVERE_FLAGS else "badge-warn"


def _flag_label(flag: str) -> str:
    return FLAG_LABELS.get(flag, flag.replace("_", " ").capitalize())


def _call_type_label(call_type: str | None) -> str:
    return (call_type or "unknown").replace("_", " ").capitalize()


def _result_label(passed: bool | None) -> str:
    return "Pass" if passed else "Fail" if passed is False else "Not applicable"


def _result_class(passed: bool | None) -> str:
    return "badge-ok" if passed else "badge-bad" if passed is False else "badge-na"


def _dispute_class(status: str) -> str:
    classes = {"accepted": "badge-ok", "rejected": "badge-bad", "partially_accepted": "badge-info"}
    return classes.get(status, "badge-warn")


_TAG = re.compile(r"<([A-Z][A-Z0-9_]{1,31})>")


def _tag_html(escaped: str) -> str:
    def repl(m: re.Match[str]) -> str:
        kind = m.group(1)
        spoken = kind.lower().replace("_", " ")
        return f'<span class="phi" role="img" aria-label="redacted {spoken}">{kind}</span>'
    return re.sub(r"&lt;([A-Z][A-Z0-9_]{1,31})&gt;", repl, escaped)


def _phi_plain(text: str | None) -> str:
    return _TAG.sub(lambda m: f"[redacted {m.group(1).lower().replace('_', ' ')}]", text or "")


def _period_title(period: Any) -> str:
    kind = getattr(period, "kind", "")
    label = getattr(period, "label", str(period))
    if kind == "month":
        return period.start.strftime("%B %Y")
    if kind == "week":
        return f"Week {label.split('-W')[-1]}, {period.start:%d %b} – {period.last_day:%d %b %Y}"
    if kind == "quarter":
        return label.replace("-", " ")
    if kind == "custom":
        return f"{period.start:%d %b %Y} – {period.last_day:%d %b %Y}"
    return str(label)


def _static_url(path: str) -> str:
    # The mtime in the query string busts caches when a vendored file or our CSS changes.
    target = STATIC_DIR / path
    version = int(target.stat().st_mtime) if target.exists() else 0
    return f"/static/{path}?v={version}"


def _phi_tags(text: str | None) -> Markup:
    """Redacted text with its ``<TYPE>`` placeholders shown as labelled tags (escaped first)."""
    return Markup(_tag_html(str(escape(text or ""))))


templates.env.filters.update(phi_tags=_phi_tags, phi_plain=_phi_plain)
templates.env.globals.update(
    fmt_dt=_fmt_dt, fmt_clock=_fmt_clock, fmt_duration=_fmt_duration, fmt_num=_fmt_num, fmt_score=_fmt_score,
    fmt_pct=_fmt_pct, score_class=_score_class, priority_level=_priority_level,
    flag_class=_flag_class, flag_label=_flag_label,
    call_type_label=_call_type_label, result_label=_result_label, result_class=_result_class,
    dispute_class=_dispute_class, role_label=lambda r: ROLE_LABELS.get(r, r),
    kind_label=lambda k: KIND_LABELS.get(k, k.replace("_", " ").capitalize()),
    period_title=_period_title, static_url=_static_url,
)


# ---------------------------------------------------------------- who is asking


def _login_redirect(request: Request) -> RedirectResponse:
    target = request.url.path
    if request.url.query:
        target += "?" + request.url.query
    return RedirectResponse("/login?" + urlencode({"next": target}), status_code=303)


async def current_principal(request: Request) -> Principal | None:
    """The logged-in user from the session cookie, or None. A POST without the right CSRF token is a 403."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    try:
        return await get_principal(request, bearer=None, cookie=cookie)
    except Problem as problem:
        if problem.status == 401:
            return None
        raise PageExit(_error_page(request, None, problem.status, "Request refused",
                                   "The form was stale or not sent by this site. Reload the page and try again.")
                       ) from None


def _record_denied(request: Request, principal: Principal, page_key: str) -> None:
    from audits.chain import record_event

    with db.session_scope() as session:
        record_event(session, org_id=principal.org_id, actor=principal.username, role=principal.role,
                     action="denied", resource_type="page", outcome="denied", client_addr=principal.client_addr,
                     details={"reason": "role_not_allowed", "page": page_key, "method": request.method})


async def require_page(request: Request, page_key: str) -> Principal:
    principal = await current_principal(request)
    if principal is None:
        raise PageExit(_login_redirect(request))
    if principal.role not in PAGE_ROLES[page_key]:
        _record_denied(request, principal, page_key)
        raise PageExit(_error_page(
            request, principal, 403, "You do not have access to this page",
            f"The {ROLE_LABELS.get(principal.role, principal.role)} role cannot open this page. "
            "The attempt was recorded. Ask an administrator if you need access.",
        ))
    return principal


def _nav(principal: Principal | None) -> list[dict[str, str]]:
    if principal is None:
        return []
    return [{"key": key, "label": label, "url": url, "icon": _ICONS[key]}
            for key, label, url in _NAV if principal.role in PAGE_ROLES[key]]


def _org_name(org_id: str) -> str:
    from models.calls import Organization

    with db.session_scope() as session:
        org = session.get(Organization, org_id)
        return org.name if org is not None else org_id


def render(request: Request, template: str, principal: Principal | None, active: str = "",
           status_code: int = 200, flashes: Iterable[tuple[str, str]] = (), **context: Any) -> HTMLResponse:
    base = {
        "principal": principal, "nav": _nav(principal), "active": active,
        "csrf_token": principal.csrf_token if principal else None,
        "org_name": _org_name(principal.org_id) if principal else None,
        "flashes": list(flashes),
    }
    response = templates.TemplateResponse(request, template, {**base, **context}, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    return response


def _error_page(request: Request, principal: Principal | None, status: int, title: str, message: str) -> HTMLResponse:
    return render(request, "error.html", principal, status_code=status, title=title, message=message)


# ---------------------------------------------------------------- login and logout


@router.get("/login", response_class=HTMLResponse)
async def login_form(request: Request, next: str = "") -> Response:  # noqa: A002 (the query name)
    if await current_principal(request) is not None:
        return RedirectResponse(_safe_next(next) or "/", status_code=303)
    # Login CSRF: a double-submit token in a cookie and the form, before any session exists.
    token = request.cookies.get(CSRF_COOKIE + "_login") or secrets.token_urlsafe(24)
    response = templates.TemplateResponse(request, "login.html", {"csrf_token": token, "next": _safe_next(next),
                                                                  "static_url": _static_url})
    response.set_cookie(CSRF_COOKIE + "_login", token, httponly=True, samesite="strict", path="/login",
                        secure=request.url.scheme == "https")
    response.headers["Cache-Control"] = "no-store"
    return response


def _safe_next(target: str | None) -> str:
    # Only local paths: an open redirect would let a phishing link bounce through our login.
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return ""


@router.post("/login", response_class=HTMLResponse)
async def login_submit(request: Request) -> Response:
    form = await request.form()
    username = str(form.get("username") or "").strip()
    password = str(form.get("password") or "")
    sent_token = str(form.get("csrf_token") or "")
    cookie_token = request.cookies.get(CSRF_COOKIE + "_login") or ""
    next_url = _safe_next(str(form.get("next") or ""))

    def again(message: str, status: int) -> Response:
        token = cookie_token or secrets.token_urlsafe(24)
        response = templates.TemplateResponse(
            request, "login.html", {"csrf_token": token, "next": next_url, "error": message,
                                    "username": username, "static_url": _static_url}, status_code=status)
        response.set_cookie(CSRF_COOKIE + "_login", token, httponly=True, samesite="strict", path="/login")
        return response

    if not cookie_token or not secrets.compare_digest(sent_token, cookie_token):
        return again("Your sign-in form expired. Please try again.", 403)
    with db.session_scope() as session:
        done = logins.log_in(session, username, password, client_addr(request))
        if done is None:
            return again("Wrong username or password.", 401)
        home = HOME_BY_ROLE.get(done.user.role, "/")
    response = RedirectResponse(next_url or home, status_code=303)
    set_session_cookies(response, done.token, done.csrf_token, secure=request.url.scheme == "https")
    response.delete_cookie(CSRF_COOKIE + "_login", path="/login")
    return response


@router.post("/logout")
@page
async def logout(request: Request) -> Response:
    principal = await current_principal(request)
    if principal is not None:
        with db.session_scope() as session:
            logins.log_out(session, principal, session_token(request))
    response = RedirectResponse("/login", status_code=303)
    clear_session_cookies(response)
    return response


@router.get("/", response_class=HTMLResponse)
@page
async def home(request: Request) -> Response:
    principal = await current_principal(request)
    if principal is None:
        return RedirectResponse("/login", status_code=303)
    target = HOME_BY_ROLE.get(principal.role)
    if target and target != "/me":
        return RedirectResponse(target, status_code=303)
    return _error_page(request, principal, 403, "No pages for this role",
                       "Platform accounts use the REST API (see /docs); they have no web pages.")


# ---------------------------------------------------------------- review queue


def _agent_labels(session: Session, org_id: str) -> dict[str, str]:
    return {a.id: (a.name or a.id) for a in session.exec(select(Agent).where(Agent.org_id == org_id))}


def _user_labels(session: Session, org_id: str, roles: Iterable[str] | None = None) -> dict[int, str]:
    query = select(User).where(User.org_id == org_id, User.active == True)  # noqa: E712 (SQL)
    if roles is not None:
        query = query.where(col(User.role).in_(list(roles)))
    return {u.id: (u.display_name or u.username) for u in session.exec(query) if u.id is not None}


def _parse_day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _day_start(day: date | None) -> datetime | None:
    return None if day is None else datetime(day.year, day.month, day.day, tzinfo=UTC)


def _queue_row(entry: review.QueueEntry, agents: dict[str, str], people: dict[int, str]) -> dict[str, Any]:
    return {
        "id": entry.call_id, "priority": entry.review_priority, "call_type": entry.call_type,
        "agent_label": agents.get(entry.agent_id or "", entry.agent_id or "–"),
        "started_at": entry.started_at or entry.created_at, "total": entry.total, "overridden": entry.overridden,
        "flags": entry.flags, "assigned_to": entry.assigned_to, "assigned_label": people.get(entry.assigned_to or -1),
    }


@router.get("/review", response_class=HTMLResponse)
@page
async def review_queue(request: Request, flag: str = "", agent: str = "", call_type: str = "",
                       date_from: str = "", date_to: str = "", assigned: str = "", offset: int = 0) -> Response:
    principal = await require_page(request, "review")
    limit = 50
    offset = max(0, offset)
    last_day = _parse_day(date_to)
    where = review.QueueFilter(
        flag=flag or None, agent_id=agent or None, call_type=call_type or None, since=_day_start(_parse_day(date_from)),
        until=_day_start(last_day + timedelta(days=1)) if last_day else None,
        assigned=False if assigned == "none" else None, assignee=principal.user_id if assigned == "me" else None)
    with db.session_scope() as session:
        agents = _agent_labels(session, principal.org_id)
        people = _user_labels(session, principal.org_id)
        analysts = _user_labels(session, principal.org_id, ASSIGN_ROLES)
        found = review.review_queue(session, principal.org_id, where, offset=offset, limit=limit)
        rows = [_queue_row(e, agents, people) for e in found.entries]
        call_types = sorted(t for t in session.exec(
            select(Call.call_type).where(Call.org_id == principal.org_id).distinct()) if t)
        flags_seen = set(FLAG_LABELS) | review.queue_flags(session, principal.org_id)
    filters = {"flag": flag, "agent": agent, "call_type": call_type, "date_from": date_from, "date_to": date_to,
               "assigned": assigned}

    def page_url(new_offset: int) -> str:
        return "/review?" + urlencode({**{k: v for k, v in filters.items() if v}, "offset": max(0, new_offset)})

    return render(
        request, "review.html", principal, "review", rows=rows, total=found.total, offset=offset, limit=limit,
        filters=filters, filters_active=any(filters.values()), page_url=page_url,
        flag_options=sorted(flags_seen, key=lambda f: (f not in SEVERE_FLAGS, f)),
        agent_options=[{"id": k, "label": v} for k, v in sorted(agents.items(), key=lambda kv: kv[1])],
        call_type_options=call_types, can_assign=principal.role in ASSIGN_ROLES,
        analysts=[{"id": k, "label": v} for k, v in sorted(analysts.items(), key=lambda kv: kv[1])],
    )


@router.post("/review/{call_id}/assign", response_class=HTMLResponse)
@page
async def assign_call(request: Request, call_id: str) -> Response:
    principal = await require_page(request, "review")
    form = await request.form()
    raw = str(form.get("user_id") or "")
    new_owner = int(raw) if raw.isdigit() else None
    try:
        with db.session_scope() as session:
            call = _visible_call(session, principal, call_id)
            if call is None:
                return _error_page(request, principal, 404, "No such call", "The call does not exist.")
            entry = review.assign(session, principal, call, new_owner)
            agents = _agent_labels(session, principal.org_id)
            people = _user_labels(session, principal.org_id)
            analysts = _user_labels(session, principal.org_id, ASSIGN_ROLES)
    except DomainError as exc:
        return _error_page(request, principal, 422, "Cannot assign", exc.message)
    if not request.headers.get("HX-Request"):
        referer = urlparse(request.headers.get("referer") or "")
        back = _safe_next(referer.path + (f"?{referer.query}" if referer.query else "")) or "/review"
        return RedirectResponse(back, status_code=303)
    row = _queue_row(entry, agents, people)
    row["assigned_msg"] = f"Assigned to {analysts[new_owner]}" if new_owner in analysts else "Unassigned"
    return templates.TemplateResponse(request, "partials/queue_row.html", {
        "r": row, "can_assign": True, "csrf_token": principal.csrf_token,
        "analysts": [{"id": k, "label": v} for k, v in sorted(analysts.items(), key=lambda kv: kv[1])],
    })


# ---------------------------------------------------------------- call page


def _section_of(principal: Principal) -> tuple[str, str, str]:
    """Where a call page belongs for this role: (navigation key, back link, its label)."""
    if principal.role in PAGE_ROLES["review"]:
        return "review", "/review", "Review queue"
    if principal.role == "compliance_officer":
        return "compliance", "/compliance", "Compliance"
    return "scorecards", "/scorecards", "Scorecards"


def _visible_call(session: Session, principal: Principal, call_id: str) -> Call | None:
    """The call if the caller may see it (same organization; a coach: their team's agents), else None
    (an attempt on another organization's or team's call is audited by ``load_call``)."""
    try:
        return load_call(session, principal, call_id)
    except Problem:
        return None


def _details_summary(kind: str, details: dict[str, Any]) -> list[str]:
    """A few words from a criterion's details: what an analyst checks first."""
    out: list[str] = []
    if kind == "identity_verification":
        if "verified_before_phi" in details:
            out.append("verified before PHI" if details["verified_before_phi"] else "PHI discussed before verification")
        names = [i.get("id") if isinstance(i, dict) else i for i in details.get("identifiers") or []]
        if names:
            out.append("identifiers: " + ", ".join(str(n).replace("_", " ") for n in names if n))
    elif kind == "data_accuracy" and "mismatched_fields" in details:
        fields = details["mismatched_fields"] or []
        out.append("mismatched: " + ", ".join(map(str, fields)) if fields else "all captured fields match")
    elif kind == "script_adherence" and isinstance(details.get("steps"), dict):
        missing = [k.replace("_", " ") for k, v in details["steps"].items() if not v]
        out.append("missing steps: " + ", ".join(missing) if missing else "all steps present")
    elif kind == "escalation":
        if details.get("red_flag_segments"):
            out.append(f"red flags in {len(details['red_flag_segments'])} segment(s)")
        if details.get("escalated") is not None:
            out.append("escalated" if details["escalated"] else "not escalated")
    elif kind == "empathy":
        out.append(f"{len(details.get('distress_segments') or [])} distress, "
                   f"{len(details.get('empathy_segments') or [])} empathy segment(s)")
    return out


def _call_context(session: Session, principal: Principal, call: Call) -> dict[str, Any]:
    from qa_engine.pipeline import redacted_transcript

    agents = _agent_labels(session, principal.org_id)
    people = _user_labels(session, principal.org_id)
    transcript = redacted_transcript(session, call)
    score = review.score_of(session, call.id)
    criteria: list[dict[str, Any]] = []
    evidence_segments: set[int] = set()
    if score is not None:
        overrides = review.overrides_of(session, call.id)
        rows = session.exec(select(CriterionScore).where(CriterionScore.score_id == score.id)
                            .order_by(col(CriterionScore.id))).all()
        for row in rows:
            history = [{"created_at": o.created_at, "user_label": people.get(o.user_id or -1, "analyst"),
                        "score": o.score, "passed": o.passed, "reason": o.reason}
                       for o in overrides if o.criterion_id == row.criterion_id]
            overridden = row.human_score is not None or bool(history)
            evidence = sorted(row.evidence or [], key=lambda e: (e.get("start") or 0))
            evidence_segments.update(int(e["segment"]) for e in evidence if e.get("segment") is not None)
            criteria.append({
                "criterion_id": row.criterion_id, "kind": row.kind,
                "label": row.criterion_id.replace("_", " ").capitalize(),
                "kind_label": KIND_LABELS.get(row.kind, row.kind), "score": row.score, "max": row.max,
                "passed": row.passed, "confidence": row.confidence or 0.0, "evidence": evidence,
                "standing_score": row.human_score if row.human_score is not None else row.score,
                "standing_passed": row.human_passed if overridden else row.passed,
                "overridden": overridden, "history": history,
                "details_summary": _details_summary(row.kind, row.details or {}),
            })
    labels = {c["criterion_id"]: c["label"] for c in criteria}
    disputes = [{**d.model_dump(), "criterion_label": labels.get(d.criterion_id or "", d.criterion_id)}
                for d in review.disputes_of(session, call.id)]
    from models.calls import PhiSpanRow

    phi_count = session.exec(select(func.count()).select_from(PhiSpanRow).where(PhiSpanRow.call_id == call.id)).one()
    return {
        "call": {
            "id": call.id, "call_type": call.call_type,
            "agent_label": agents.get(call.agent_id or "", call.agent_id or "–"),
            "started_at": call.started_at or call.created_at, "duration": call.duration, "status": call.status,
            "review_priority": call.review_priority, "assigned_label": people.get(call.assigned_to or -1),
        },
        "segments": [{"idx": i, "speaker": s.speaker, "start": s.start, "end": s.end, "text": s.text,
                      "is_evidence": i in evidence_segments} for i, s in enumerate(transcript.segments)],
        # Chat, SMS and some platforms' transcripts carry no timing: show line numbers instead of 0:00.
        "timed": any(s.end > 0 for s in transcript.segments),
        "score": None if score is None else {
            "total": score.total, "human_total": score.human_total, "auto_failed": score.auto_failed,
            "flags": list(score.flags or []), "rubric": {"id": score.rubric_id, "version": score.rubric_version},
            "standing": score.human_total if score.human_total is not None else score.total,
        },
        "criteria": criteria, "disputes": disputes,
        "open_disputes": sum(1 for d in disputes if d["status"] == "raised"),
        "phi_count": phi_count,
        "audio_url": f"/v1/calls/{call.id}/audio" if call.redacted_audio_key else None,
        "can_override": principal.role in OVERRIDE_ROLES and score is not None,
        "can_resolve": principal.role in OVERRIDE_ROLES,
        "can_dispute": principal.role in COACH_ROLES,
        "can_unredact": principal.role == "compliance_officer",
        "back_url": _section_of(principal)[1], "back_label": _section_of(principal)[2],
    }


async def _call_page(request: Request, call_id: str, status_code: int = 200, **extra: Any) -> Response:
    from qa_engine import phi_access

    principal = await require_page(request, "call")
    with db.session_scope() as session:
        call = _visible_call(session, principal, call_id)
        if call is None:
            return _error_page(request, principal, 404, "No such call",
                               "The call does not exist or is not one you may see.")
        context = _call_context(session, principal, call)
        # Reading the redacted transcript is logged as the API logs it: a voice and context remain.
        phi_access.record_redacted_read(session, call, principal, "transcript")
    return render(request, "call.html", principal, _section_of(principal)[0], status_code=status_code,
                  **context, **extra)


@router.get("/calls/{call_id}", response_class=HTMLResponse)
@page
async def call_page(request: Request, call_id: str, done: str = "", criterion: str = "") -> Response:
    extra: dict[str, Any] = {}
    if done == "override":
        label = criterion.replace("_", " ").capitalize()
        extra["override_ok"] = f"Override saved for “{label}”. The human score now stands."
    elif done == "dispute":
        extra["dispute_msg"] = ("ok", "Dispute raised. An analyst will resolve it.")
    elif done == "resolved":
        extra["dispute_msg"] = ("ok", "Dispute resolved.")
    return await _call_page(request, call_id, **extra)


# The POST handlers below call the services the REST API calls (``qa_engine.review`` and friends) with
# the same principal, so a change made from a page goes through exactly the API's checks, storage and
# audit events; a page only turns form fields into arguments and domain errors into messages in place.


def _problem_text(problem: Problem) -> str:
    return problem.detail or problem.title


@router.post("/calls/{call_id}/override", response_class=HTMLResponse)
@page
async def override_criterion(request: Request, call_id: str) -> Response:
    principal = await require_page(request, "call")
    form = await request.form()
    criterion_id = str(form.get("criterion_id") or "")
    values = {"score": str(form.get("score") or "").strip(), "passed": str(form.get("passed") or "na"),
              "reason": str(form.get("reason") or "").strip()}
    error: dict[str, Any] | None = None
    if principal.role not in OVERRIDE_ROLES:
        _record_denied(request, principal, "override")
        return _error_page(request, principal, 403, "You cannot override scores",
                           "Only QA analysts override criteria. The attempt was recorded.")
    score = -1.0
    if not 3 <= len(values["reason"]) <= 2000:
        error = {"field": "reason", "message": "Give a reason for the override (3 to 2000 characters)."}
    else:
        try:
            score = float(values["score"])
        except ValueError:
            error = {"field": "score", "message": "The score must be a number."}
        if error is None and not score >= 0:
            error = {"field": "score", "message": "The score cannot be negative."}
    if error is None:
        passed = {"pass": True, "fail": False}.get(values["passed"])
        try:
            with db.session_scope() as session:
                call = _visible_call(session, principal, call_id)
                if call is None:
                    return _error_page(request, principal, 404, "No such call", "The call does not exist.")
                review.override(session, principal, call, criterion_id, score, passed, values["reason"])
        except DomainError as exc:
            error = {"field": "score", "message": _sentence(exc.message)}
    if error is not None:
        error["values"] = values
        return await _call_page(request, call_id, status_code=422, override_errors={criterion_id: error})
    # Post/redirect/get: a reload does not submit the override twice.
    return RedirectResponse(f"/calls/{call_id}?" + urlencode({"done": "override", "criterion": criterion_id})
                            + f"#crit-{criterion_id}", status_code=303)


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")


@router.post("/calls/{call_id}/disputes", response_class=HTMLResponse)
@page
async def raise_dispute(request: Request, call_id: str) -> Response:
    principal = await require_page(request, "call")
    form = await request.form()
    if principal.role not in COACH_ROLES:
        _record_denied(request, principal, "dispute")
        return _error_page(request, principal, 403, "You cannot raise disputes", "The attempt was recorded.")
    reason = str(form.get("reason") or "").strip()
    if not 3 <= len(reason) <= 2000:
        return await _call_page(request, call_id, status_code=422,
                                dispute_msg=("bad", "Give a reason for the dispute (3 to 2000 characters)."))
    try:
        with db.session_scope() as session:
            call = _visible_call(session, principal, call_id)
            if call is None:
                return _error_page(request, principal, 404, "No such call", "The call does not exist.")
            review.raise_dispute(session, principal, call, reason, str(form.get("criterion_id") or "")[:64] or None)
    except DomainError as exc:
        return await _call_page(request, call_id, status_code=422 if isinstance(exc, InvalidInput) else 409,
                                dispute_msg=("bad", _sentence(exc.message)))
    return RedirectResponse(f"/calls/{call_id}?done=dispute", status_code=303)


DISPUTE_DECISIONS = ("accepted", "partially_accepted", "rejected")


@router.post("/calls/{call_id}/disputes/{dispute_id}/resolve", response_class=HTMLResponse)
@page
async def resolve_dispute(request: Request, call_id: str, dispute_id: int) -> Response:
    principal = await require_page(request, "call")
    form = await request.form()
    if principal.role not in OVERRIDE_ROLES:
        _record_denied(request, principal, "dispute")
        return _error_page(request, principal, 403, "You cannot resolve disputes", "The attempt was recorded.")
    decision = str(form.get("status") or "")
    resolution = str(form.get("resolution") or "").strip()
    if decision not in DISPUTE_DECISIONS or not 3 <= len(resolution) <= 2000:
        return await _call_page(request, call_id, status_code=422,
                                dispute_msg=("bad", "Choose a decision and give its reason (at least 3 characters)."))
    try:
        with db.session_scope() as session:
            call = _visible_call(session, principal, call_id)
            dispute = session.get(Dispute, dispute_id) if call is not None else None
            if call is None or dispute is None or dispute.call_id != call.id:
                return _error_page(request, principal, 404, "No such dispute", "The dispute does not exist.")
            review.resolve_dispute(session, principal, dispute, decision, resolution)
    except DomainError as exc:
        return await _call_page(request, call_id, status_code=409, dispute_msg=("bad", _sentence(exc.message)))
    return RedirectResponse(f"/calls/{call_id}?done=resolved", status_code=303)


# ---------------------------------------------------------------- scorecards


def _default_period() -> str:
    return datetime.now(UTC).strftime("%Y-%m")


def _parse_period(text: str | None) -> tuple[Any, str | None]:
    from qa_engine.scorecards import parse_period

    try:
        return parse_period(text or _default_period()), None
    except ValueError:
        return (parse_period(_default_period()),
                "Unknown period: use 2026-11, 2026-W45, 2026-Q4 or 2026-11-01..2026-11-15.")


@router.get("/scorecards", response_class=HTMLResponse)
@page
async def scorecards(request: Request, period: str = "") -> Response:
    from qa_engine.scorecards import build_team_view

    principal = await require_page(request, "scorecards")
    chosen, period_error = _parse_period(period)
    team = principal.team if principal.role == "coach" else None
    with db.session_scope() as session:
        if principal.role == "coach" and not team:
            return _error_page(request, principal, 403, "No team", "Your account has no team; ask an administrator.")
        view = build_team_view(session, principal.org_id, chosen, team=team)
    return render(request, "scorecards.html", principal, "scorecards", view=view, period_error=period_error)


def _chart_json(card: Any) -> tuple[str, str]:
    trend = {"type": "line", "labels": [t.period.label for t in card.trend], "max": 100, "series": [
        {"label": "Average score (overrides standing)", "data": [t.metrics.avg_total for t in card.trend]},
        {"label": "Machine score", "data": [t.metrics.avg_machine_total for t in card.trend]},
    ]}
    kinds = list(card.metrics.criteria)
    criteria = {"type": "bar", "label": "Pass rate %", "labels": [KIND_LABELS.get(k, k) for k in kinds],
                "data": [None if (rate := card.metrics.criteria[k].pass_rate) is None else round(100 * rate, 1)
                         for k in kinds]}
    # JSON inside <script>: "</" must not close the element early.
    return (json.dumps(trend).replace("</", "<\\/"), json.dumps(criteria).replace("</", "<\\/"))


async def _scorecard_page(request: Request, agent_id: str, period: str, status_code: int = 200,
                          **extra: Any) -> Response:
    from qa_engine.scorecards import build_scorecard, metric_names

    principal = await require_page(request, "scorecards")
    chosen, period_error = _parse_period(period)
    with db.session_scope() as session:
        try:
            agent = load_agent(session, principal, agent_id)
        except Problem:
            return _error_page(request, principal, 404, "No such agent",
                               "The agent does not exist or is not on your team.")
        card = build_scorecard(session, agent.id, chosen)
        people = _user_labels(session, principal.org_id)
    for note in card.notes:
        note.author = people.get(note.author_user_id or -1)  # type: ignore[attr-defined]
    trend_json, criteria_json = _chart_json(card)
    flashes = [("bad", period_error)] if period_error else []
    return render(request, "scorecard.html", principal, "scorecards", status_code=status_code, flashes=flashes,
                  sc=card, m=card.metrics, trend=json.loads(trend_json), trend_json=trend_json,
                  criteria_json=criteria_json, can_coach=principal.role in COACH_ROLES,
                  can_acknowledge=principal.role in COACH_ROLES, goal_metrics=sorted(metric_names()), **extra)


@router.get("/scorecards/{agent_id}", response_class=HTMLResponse)
@page
async def agent_scorecard(request: Request, agent_id: str, period: str = "", done: str = "") -> Response:
    extra: dict[str, Any] = {}
    if done == "note":
        extra["notes_msg"] = ("ok", "Coaching note saved.")
    elif done == "ack":
        extra["notes_msg"] = ("ok", "Acknowledgement recorded.")
    return await _scorecard_page(request, agent_id, period, **extra)


@router.post("/scorecards/{agent_id}/notes", response_class=HTMLResponse)
@page
async def add_note(request: Request, agent_id: str) -> Response:
    from qa_engine.scorecards import add_coaching_note

    principal = await require_page(request, "scorecards")
    form = await request.form()
    period = str(form.get("period") or _default_period())
    if principal.role not in COACH_ROLES:
        _record_denied(request, principal, "coaching_note")
        return _error_page(request, principal, 403, "Only coaches add coaching notes", "The attempt was recorded.")
    text = str(form.get("text") or "").strip()
    goal_text = str(form.get("goal_text") or "").strip()
    goal_metric = str(form.get("goal_metric") or "") or None
    target_raw = str(form.get("goal_target") or "").strip()
    goals = []
    if goal_text or goal_metric:
        goal: dict[str, Any] = {"text": goal_text, "metric": goal_metric}
        try:
            goal["target"] = float(target_raw) if target_raw else None
        except ValueError:
            return await _scorecard_page(request, agent_id, period, 422, note_error="The target must be a number.")
        goals.append(goal)
    if not text:
        return await _scorecard_page(request, agent_id, period, 422, note_error="Write the note before saving it.")
    if len(text) > 5000:
        return await _scorecard_page(request, agent_id, period, 422, note_error="Keep the note under 5000 characters.")
    chosen, period_error = _parse_period(period)
    if period_error:
        return await _scorecard_page(request, agent_id, period, 422, note_error=period_error)
    try:
        with db.session_scope() as session:
            agent = load_agent(session, principal, agent_id)
            add_coaching_note(session, agent.id, chosen, text, goals=goals, author_user_id=principal.user_id)
    except Problem:
        return _error_page(request, principal, 404, "No such agent", "The agent does not exist or is not on your team.")
    except ValueError as exc:
        return await _scorecard_page(request, agent_id, period, 422, note_error=_sentence(str(exc)[:200]))
    return RedirectResponse(f"/scorecards/{agent_id}?" + urlencode({"period": period, "done": "note"}), status_code=303)


@router.post("/scorecards/{agent_id}/notes/{note_id}/acknowledge", response_class=HTMLResponse)
@page
async def acknowledge_note(request: Request, agent_id: str, note_id: int) -> Response:
    from models.coaching import CoachingNote
    from qa_engine.scorecards import acknowledge

    principal = await require_page(request, "scorecards")
    form = await request.form()
    period = str(form.get("period") or _default_period())
    if principal.role not in COACH_ROLES:
        _record_denied(request, principal, "acknowledgement")
        return _error_page(request, principal, 403, "You cannot record acknowledgements", "The attempt was recorded.")
    comment = str(form.get("comment") or "").strip()[:2000] or None
    try:
        with db.session_scope() as session:
            note = load_owned(session, principal, CoachingNote, note_id, "coaching note")
            load_agent(session, principal, note.agent_id)  # type: ignore[attr-defined]
            acknowledge(session, note_id, user_id=principal.user_id, comment=comment)
    except Problem as problem:
        return await _scorecard_page(request, agent_id, period, problem.status,
                                     notes_msg=("bad", _problem_text(problem)))
    return RedirectResponse(f"/scorecards/{agent_id}?" + urlencode({"period": period, "done": "ack"}), status_code=303)


# ---------------------------------------------------------------- compliance


def _day_range(date_from: str, date_to: str) -> tuple[date, date]:
    today = datetime.now(UTC).date()
    start = _parse_day(date_from) or today - timedelta(days=30)
    end = _parse_day(date_to) or today
    return (start, end) if start <= end else (end, start)


def _utc_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _packets(org_id: str) -> list[dict[str, Any]]:
    """Packets built for the organization (by these pages or the API), newest first."""
    return [{"id": p.id, "name": f"evidence-{p.id[:8]}.zip", "built": p.created_at, "size": f"{p.size / 1024:.0f} KB",
             "url": f"/v1/evidence-packets/{p.id}"} for p in evidence_packets.recent(org_id)]


async def _compliance_page(request: Request, date_from: str = "", date_to: str = "", patient_ref: str = "",
                           status_code: int = 200, **extra: Any) -> Response:
    principal = await require_page(request, "compliance")
    start, end = _day_range(date_from, date_to)
    patient_ref = patient_ref.strip()[:128]
    with db.session_scope() as session:
        report = compliance_service.access_report(session, principal, _utc_midnight(start),
                                                  _utc_midnight(end + timedelta(days=1)), "html")
        disclosures = []
        if patient_ref:
            disclosures = compliance_service.disclosure_accounting(session, principal, patient_ref, 6, "html").entries
        verification = compliance_service.verify_chain(session, principal)
    chain_row = verification.chains[0] if verification.chains else None
    chain = {"ok": verification.ok, "summary": verification.summary(), "events": verification.events,
             "checkpoints": sum(c.checkpoints for c in verification.chains),
             "unsealed": chain_row.unsealed if chain_row else 0, "fingerprint": verification.key_fingerprint,
             "verified_at": verification.verified_at}
    rows = sorted(report.rows, key=lambda r: r.ts, reverse=True)
    roles = {r.actor: r.role for r in report.rows}
    first_ts = {r.event_id: r.ts for r in report.rows}
    anomalies = [{"kind": a.kind, "actor": a.actor, "role": roles.get(a.actor), "description": a.description,
                  "ts": min((first_ts[i] for i in a.event_ids if i in first_ts), default=None)}
                 for a in report.anomalies]
    return render(request, "compliance.html", principal, "compliance", status_code=status_code,
                  chain=chain, report={"events": rows, "anomalies": anomalies}, disclosures=[
                      {"disclosed_at": d.date, "recipient": d.recipient, "recipient_address": d.recipient_address,
                       "description": d.description, "purpose": d.purpose} for d in disclosures],
                  patient_ref=patient_ref, date_from=start.isoformat(), date_to=end.isoformat(),
                  report_formats=("csv", "json", "pdf"), packets=_packets(principal.org_id),
                  report_start=_utc_midnight(start).isoformat(),
                  report_end=_utc_midnight(end + timedelta(days=1)).isoformat(), **extra)


@router.get("/compliance", response_class=HTMLResponse)
@page
async def compliance(request: Request, date_from: str = "", date_to: str = "", patient_ref: str = "",
                     done: str = "") -> Response:
    extra: dict[str, Any] = {}
    if done.startswith("packet:"):
        extra["packet_msg"] = ("ok", f"Evidence packet {done.removeprefix('packet:')[:8]} built and signed.")
    return await _compliance_page(request, date_from, date_to, patient_ref, **extra)


@router.post("/compliance/packets", response_class=HTMLResponse)
@page
async def build_evidence_packet(request: Request) -> Response:
    """Built by ``qa_engine.evidence_packets`` as the API builds it (same signing, safeguards and audit
    events); downloaded from ``GET /v1/evidence-packets/{id}``, which records the export."""
    principal = await require_page(request, "compliance")
    form = await request.form()
    start_day, end_day = _parse_day(str(form.get("date_from") or "")), _parse_day(str(form.get("date_to") or ""))
    if start_day is None or end_day is None or end_day < start_day:
        return await _compliance_page(request, status_code=422,
                                      packet_msg=("bad", "Choose a start and an end date, the end after the start."))
    try:
        with db.session_scope() as session:
            packet = evidence_packets.build(session, principal, _utc_midnight(start_day),
                                            _utc_midnight(end_day + timedelta(days=1)))
    except DomainError as exc:
        return await _compliance_page(request, status_code=422, packet_msg=("bad", _sentence(exc.message)))
    query = urlencode({"date_from": start_day.isoformat(), "date_to": end_day.isoformat(),
                       "done": f"packet:{packet.id[:8]}"})
    return RedirectResponse("/compliance?" + query + "#packet-title", status_code=303)


# ---------------------------------------------------------------- unredacted view (compliance, with a purpose)


@router.get("/calls/{call_id}/unredacted", response_class=HTMLResponse)
@page
async def unredacted_form(request: Request, call_id: str) -> Response:
    principal = await require_page(request, "compliance")
    with db.session_scope() as session:
        call = _visible_call(session, principal, call_id)
        if call is None:
            return _error_page(request, principal, 404, "No such call", "The call does not exist.")
    return render(request, "unredacted.html", principal, "compliance", call={"id": call_id})


@router.post("/calls/{call_id}/unredacted", response_class=HTMLResponse)
@page
async def unredacted_view(request: Request, call_id: str) -> Response:
    """The purpose travels in the POST body, never the URL; ``phi_access`` commits the audit event
    (allowed or denied) before any text is released."""
    from qa_engine import phi_access
    from qa_engine.services import blob_store

    principal = await require_page(request, "compliance")
    form = await request.form()
    purpose = str(form.get("purpose") or "").strip()
    with db.session_scope() as session:
        call = _visible_call(session, principal, call_id)
        if call is None:
            return _error_page(request, principal, 404, "No such call", "The call does not exist.")
        try:
            transcript = phi_access.read_unredacted_transcript(session, blob_store(), call, principal, purpose)
        except phi_access.PhiAccessDenied as denied:
            return render(request, "unredacted.html", principal, "compliance", status_code=422,
                          call={"id": call_id}, purpose=purpose, error=f"Access refused: {denied.reason}.")
    response = render(request, "unredacted.html", principal, "compliance", call={"id": call_id},
                      transcript=transcript, purpose=purpose)
    return response


# ---------------------------------------------------------------- rubrics


@router.get("/rubrics", response_class=HTMLResponse)
@page
async def rubrics_list(request: Request) -> Response:
    principal = await require_page(request, "rubrics")
    with db.session_scope() as session:
        entries = rubric_versions.rubrics_in_force(session, principal.org_id)
    rows = [{"id": e.rubric.id, "name": e.rubric.name, "call_types": list(e.rubric.call_types),
             "version": e.rubric.version, "source": "Organization" if e.source == "organization" else "Library"}
            for e in entries]
    return render(request, "rubrics.html", principal, "rubrics", rubrics=rows)


def _located(exc: Any) -> list[dict[str, Any]]:
    """A ``RubricValidationError``'s problems, each with its line and column for the editor."""
    return [{"loc": p.loc, "message": p.message, "line": p.line, "column": p.column} for p in exc.problems]


async def _rubric_page(request: Request, rubric_id: str, version: int | None = None, *, yaml_text: str | None = None,
                       problems: list[dict[str, Any]] | None = None, status_code: int = 200, **extra: Any) -> Response:
    principal = await require_page(request, "rubrics")
    with db.session_scope() as session:
        try:
            shown = rubric_versions.find(session, principal.org_id, rubric_id, version)
        except NotFound:
            return _error_page(request, principal, 404, "No such rubric", "The rubric or version does not exist.")
        versions = [{"version": v.version, "source": "Organization" if v.source == "organization" else "Library",
                     "created_at": v.created_at} for v in rubric_versions.history(session, principal.org_id, rubric_id)]
    latest = max((v["version"] for v in versions), default=shown.rubric.version)
    problems = problems or []
    return render(request, "rubric.html", principal, "rubrics", status_code=status_code, rubric_id=rubric_id,
                  name=shown.rubric.name, shown_version=shown.rubric.version, latest_version=latest, versions=versions,
                  yaml_text=yaml_text if yaml_text is not None else shown.yaml_text, problems=problems,
                  error_lines=sorted({p["line"] for p in problems if p.get("line")}),
                  can_edit=principal.role in RUBRIC_EDIT_ROLES, **extra)


@router.get("/rubrics/{rubric_id}", response_class=HTMLResponse)
@page
async def rubric_page(request: Request, rubric_id: str, version: int | None = None, done: str = "") -> Response:
    extra = {"saved_msg": f"Saved as version {done.removeprefix('v')}."} if done.startswith("v") else {}
    return await _rubric_page(request, rubric_id, version, **extra)


@router.post("/rubrics/{rubric_id}", response_class=HTMLResponse)
@page
async def rubric_save(request: Request, rubric_id: str) -> Response:
    from rubrics.schema import RubricValidationError

    principal = await require_page(request, "rubrics")
    form = await request.form()
    text = str(form.get("yaml_text") or "").replace("\r\n", "\n")
    if principal.role not in RUBRIC_EDIT_ROLES:
        _record_denied(request, principal, "rubric_edit")
        return _error_page(request, principal, 403, "Only administrators edit rubrics", "The attempt was recorded.")
    try:
        if form.get("validate_only"):
            rubric_versions.validate(text)
            return await _rubric_page(request, rubric_id, yaml_text=text,
                                      saved_msg="Valid: no problems found (not saved).")
        with db.session_scope() as session:
            saved = rubric_versions.save_version(session, principal, rubric_id, text)
    except RubricValidationError as exc:
        return await _rubric_page(request, rubric_id, yaml_text=text, problems=_located(exc), status_code=422)
    return RedirectResponse(f"/rubrics/{rubric_id}?done=v{saved.rubric.version}", status_code=303)
