"""RBAC matrix: every route x every role x own and other organization, allow or deny, and every PHI
access (allowed or denied) and every denial leaves an audit event."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import count
from typing import Any

import pytest
from test_api_support import ROLES, World, audit_events, client, transcript_json, world  # noqa: F401

ALL = frozenset(ROLES)
PHI_READS = ("read_unredacted_transcript", "read_raw_audio", "reidentify_span")
_n = count(1)
PURPOSE = {"X-Purpose": "HIPAA audit 2026-11"}


def _db() -> Any:
    from qa_engine import db

    return db.session_scope()


# ---------------------------------------------------------------- per-route resources (in org `org`)


def call_params(w: World, org: str) -> dict[str, Any]:
    return {"call": w.calls[org], "span": w.span_ids[org], "agent": w.agents[org]}


def job_params(w: World, org: str) -> dict[str, Any]:
    from qa_engine import jobs

    job, _ = jobs.create_job(w.calls[org], kind="matrix")
    return {"job": job.id}


def dispute_params(w: World, org: str) -> dict[str, Any]:
    from models.scoring import Dispute

    with _db() as s:
        row = Dispute(call_id=w.calls[org], reason="agent disagrees", agent_id=w.agents[org])
        s.add(row)
        s.flush()
        return {"dispute": row.id}


def calibration_params(w: World, org: str) -> dict[str, Any]:
    from models.scoring import CalibrationSession

    with _db() as s:
        row = CalibrationSession(org_id=org, call_id=w.calls[org], name="matrix")
        s.add(row)
        s.flush()
        return {"cal": row.id}


def note_params(w: World, org: str) -> dict[str, Any]:
    from qa_engine.scorecards import add_coaching_note

    with _db() as s:
        return {"note": add_coaching_note(s, w.agents[org], "2026-11", "Keep verifying identity first.").id}


def webhook_params(w: World, org: str) -> dict[str, Any]:
    from qa_engine import webhooks

    with _db() as s:
        return {"hook": webhooks.register(s, org_id=org, url="http://127.0.0.1:9/hook", secret="s" * 24,
                                          events=["call.scored"]).id}


def user_params(w: World, org: str) -> dict[str, Any]:
    from qa_engine import users

    with _db() as s:
        return {"user": users.create_user(s, org_id=org, username=f"{org}-temp-{next(_n)}", role="coach").id}


def key_params(w: World, org: str) -> dict[str, Any]:
    from models.calls import User
    from qa_engine import users

    with _db() as s:
        user = s.get(User, w.user_ids[(org, "platform")])
        return {"key": users.create_api_key(s, user, name="temp").key.id}


def criterion_of(w: World, org: str) -> str:
    from sqlmodel import select

    from models.scoring import Score

    with _db() as s:
        score = s.exec(select(Score).where(Score.call_id == w.calls[org])).one()
        return score.result["criteria"][0]["id"]


_packets: dict[tuple[str, str], Any] = {}


def _packet(org: str) -> Any:
    """One packet per organization and home (building one renders PDFs: seconds)."""
    from qa_engine.settings import get_settings

    key = (str(get_settings().resolved_home()), org)
    if key not in _packets:
        _packets[key] = _build_packet(org)
    return _packets[key]


def _build_packet(org: str) -> Any:
    from datetime import UTC, datetime

    from audits.evidence import build_packet
    from qa_engine.settings import get_settings

    out = get_settings().resolved_home() / "exports" / "evidence" / org / f"{next(_n):032x}.zip"
    out.parent.mkdir(parents=True, exist_ok=True)
    with _db() as s:
        build_packet(s, org, datetime(2026, 1, 1, tzinfo=UTC), datetime(2030, 1, 1, tzinfo=UTC), out)
    return out


def packet_params(w: World, org: str) -> dict[str, Any]:
    return {"packet": _packet(org).stem}


def packet_bytes_params(w: World, org: str) -> dict[str, Any]:
    return {"_zip": _packet(org).read_bytes()}


RUBRIC_YAML = """\
id: matrix_rubric
name: Matrix rubric
call_types: [scheduling]
criteria:
  - id: escalation
    kind: escalation
    weight: 1
"""


@dataclass
class Route:
    method: str
    path: str
    allowed: frozenset[str]
    params: Callable[[World, str], dict[str, Any]] | None = None  # a resource of one organization
    body: Callable[[World, str], Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    phi_action: str | None = None  # an audited read: every attempt must be logged
    content: str | None = None  # raw body (YAML)
    content_of: Callable[[dict[str, Any]], bytes] | None = None
    content_type: str = "application/yaml"
    scoped: bool = True  # params name a resource of one organization (another organization's: 404)
    lookup_first: bool = False  # the resource is looked up before the role check: 404 for every role
    needs: str | None = None  # a module that must exist

    @property
    def id(self) -> str:
        return f"{self.method} {self.path}"


ROUTES = [
    Route("GET", "/v1/me", ALL),
    Route("POST", "/v1/calls", frozenset({"platform", "admin"}),
          body=lambda w, org: transcript_json(next(_n), extra="matrix")),
    Route("GET", "/v1/jobs/{job}", frozenset({"platform", "qa_analyst", "admin"}), job_params),
    Route("GET", "/v1/calls", ALL),
    Route("GET", "/v1/calls/{call}", ALL, call_params),
    Route("GET", "/v1/calls/{call}/score", ALL, call_params),
    Route("GET", "/v1/calls/{call}/transcript", ALL, call_params, phi_action="read_redacted_transcript"),
    Route("GET", "/v1/calls/{call}/transcript?unredacted=true", frozenset({"compliance_officer"}), call_params,
          headers=PURPOSE, phi_action="read_unredacted_transcript"),
    Route("GET", "/v1/calls/{call}/phi-spans/{span}", frozenset({"compliance_officer"}), call_params,
          headers=PURPOSE, phi_action="reidentify_span"),
    Route("GET", "/v1/calls/{call}/audio", frozenset({"qa_analyst", "coach", "compliance_officer"}), call_params,
          headers={"Range": "bytes=0-15"}, phi_action="read_redacted_audio"),
    Route("GET", "/v1/calls/{call}/audio/raw", frozenset({"compliance_officer"}), call_params, headers=PURPOSE,
          phi_action="read_raw_audio"),
    Route("PATCH", "/v1/calls/{call}/outcome", frozenset({"platform", "admin"}), call_params,
          body=lambda w, org: {"outcome": "kept", "survey_score": 9}),
    Route("GET", "/v1/review-queue", frozenset({"qa_analyst", "admin"})),
    Route("PUT", "/v1/calls/{call}/assignment", frozenset({"qa_analyst", "admin"}), call_params,
          body=lambda w, org: {"user_id": None}),
    Route("GET", "/v1/calls/{call}/overrides", frozenset({"qa_analyst", "coach", "compliance_officer", "admin"}),
          call_params),
    Route("POST", "/v1/calls/{call}/overrides", frozenset({"qa_analyst", "admin"}), call_params,
          body=lambda w, org: {"criterion_id": criterion_of(w, org), "score": 0, "passed": False,
                               "reason": "the agent skipped a step"}),
    Route("GET", "/v1/calls/{call}/disputes", ALL, call_params),
    Route("POST", "/v1/calls/{call}/disputes", frozenset({"coach", "qa_analyst", "admin", "platform"}),
          call_params, body=lambda w, org: {"reason": "the agent did verify identity"}),
    Route("PATCH", "/v1/disputes/{dispute}", frozenset({"qa_analyst", "admin"}), dispute_params,
          body=lambda w, org: {"status": "rejected", "resolution": "verification came after disclosure"}),
    Route("POST", "/v1/calibration-sessions", frozenset({"qa_analyst", "admin"}), call_params,
          body=lambda w, org: {"call_id": w.calls[org], "name": "weekly"}),
    Route("GET", "/v1/calibration-sessions", frozenset({"qa_analyst", "admin"})),
    Route("PUT", "/v1/calibration-sessions/{cal}/ratings", frozenset({"qa_analyst", "admin"}), calibration_params,
          body=lambda w, org: {"ratings": {criterion_of(w, org): True}}),
    Route("GET", "/v1/calibration-sessions/{cal}", frozenset({"qa_analyst", "admin"}), calibration_params),
    Route("GET", "/v1/agents/{agent}/scorecard?period=2026-11", frozenset({"coach", "qa_analyst", "admin"}),
          call_params),
    Route("GET", "/v1/scorecards/team?period=2026-11", frozenset({"coach", "qa_analyst", "admin"})),
    Route("POST", "/v1/agents/{agent}/coaching-notes", frozenset({"coach", "admin"}), call_params,
          body=lambda w, org: {"period": "2026-11", "text": "Great empathy this month."}),
    Route("GET", "/v1/agents/{agent}/coaching-notes", frozenset({"coach", "qa_analyst", "admin"}), call_params),
    Route("POST", "/v1/coaching-notes/{note}/acknowledgement", frozenset({"coach", "admin", "platform"}),
          note_params, body=lambda w, org: {"comment": "thanks"}),
    Route("GET", "/v1/audit/access-report?start=2026-01-01T00:00:00Z&end=2030-01-01T00:00:00Z",
          frozenset({"compliance_officer"})),
    Route("GET", "/v1/audit/verify", frozenset({"compliance_officer", "admin"})),
    Route("POST", "/v1/disclosures", frozenset({"compliance_officer"}), call_params,
          body=lambda w, org: {"patient_ref": f"pat-{org}-1", "call_id": w.calls[org], "recipient": "County registry",
                               "description": "visit date", "purpose": "public health reporting"}),
    Route("GET", "/v1/disclosures?patient_ref=pat-org-a-1", frozenset({"compliance_officer"})),
    Route("GET", "/v1/rubrics", ALL),
    Route("GET", "/v1/rubrics/{rubric}", ALL, lambda w, org: {"rubric": "scheduling"}, scoped=False),
    Route("POST", "/v1/rubrics/validate", frozenset({"admin", "qa_analyst"}), content=RUBRIC_YAML),
    Route("POST", "/v1/rubrics/{rubric}/versions", frozenset({"admin"}), lambda w, org: {"rubric": "matrix_rubric"},
          content=RUBRIC_YAML, scoped=False),
    Route("POST", "/v1/evidence-packets", frozenset({"compliance_officer"}),
          body=lambda w, org: {"start": "2026-01-01T00:00:00Z", "end": "2030-01-01T00:00:00Z"}),
    Route("GET", "/v1/evidence-packets/{packet}", frozenset({"compliance_officer"}), packet_params),
    Route("POST", "/v1/evidence-packets/verify", frozenset({"compliance_officer", "admin"}), packet_bytes_params,
          content_of=lambda p: p.pop("_zip"), content_type="application/zip", scoped=False),
    Route("POST", "/v1/phi/detect", frozenset({"platform", "qa_analyst", "compliance_officer", "admin"}),
          body=lambda w, org: {"text": "my date of birth is march fourth nineteen eighty two"}),
    Route("POST", "/v1/phi/redact", frozenset({"platform", "qa_analyst", "compliance_officer", "admin"}),
          body=lambda w, org: {"text": "my name is Dana Whitfield"}, needs="redactors.redact"),
    Route("POST", "/v1/webhooks", frozenset({"platform", "admin"}),
          body=lambda w, org: {"url": "https://platform.example/hooks", "secret": "x" * 32}),
    Route("GET", "/v1/webhooks", frozenset({"platform", "admin"})),
    Route("GET", "/v1/webhooks/{hook}/deliveries", frozenset({"platform", "admin"}), webhook_params),
    Route("DELETE", "/v1/webhooks/{hook}", frozenset({"platform", "admin"}), webhook_params),
    Route("GET", "/v1/users", frozenset({"admin"})),
    Route("POST", "/v1/users", frozenset({"admin"}),
          body=lambda w, org: {"username": f"{org}-new-{next(_n)}", "role": "qa_analyst",
                               "password": "long enough pw"}),
    Route("PATCH", "/v1/users/{user}", frozenset({"admin"}), user_params, body=lambda w, org: {"team": "blue"}),
    Route("GET", "/v1/api-keys", frozenset({"admin"})),
    Route("POST", "/v1/users/{user}/api-keys", frozenset({"admin"}), user_params, body=lambda w, org: {"name": "k"}),
    Route("POST", "/v1/api-keys/{key}/rotate", frozenset({"admin"}), key_params, body=lambda w, org: {},
          lookup_first=True),
    Route("DELETE", "/v1/api-keys/{key}", frozenset({"admin"}), key_params),
    Route("GET", "/v1/org/retention", frozenset({"admin", "compliance_officer"})),
    Route("PUT", "/v1/org/retention", frozenset({"admin"}), body=lambda w, org: {"raw_audio_days": 90}),
    Route("POST", "/v1/org/retention/purge?dry_run=true", frozenset({"admin"})),
]
ROUTE_IDS = [r.id for r in ROUTES]


def _request(client: Any, w: World, route: Route, role: str, caller_org: str,  # noqa: F811
             resource_org: str) -> Any:
    params = route.params(w, resource_org) if route.params else {}
    path = route.path.format(**{k: v for k, v in params.items() if not k.startswith("_")})
    kwargs: dict[str, Any] = {"headers": w.headers(caller_org, role, **route.headers)}
    if route.body is not None:
        kwargs["json"] = route.body(w, resource_org)
    if route.content is not None or route.content_of is not None:
        kwargs["content"] = route.content if route.content_of is None else route.content_of(params)
        kwargs["headers"]["Content-Type"] = route.content_type
    return client.request(route.method, path, **kwargs)


def test_routes_cover_the_openapi_document(client: Any) -> None:  # noqa: F811
    """The matrix names every /v1 operation that needs a login (so a new route cannot skip it)."""
    spec = client.get("/v1/openapi.json").json()
    documented = {f"{m.upper()} {p}" for p, ops in spec["paths"].items() for m in ops}
    covered = {f"{r.method} {r.path.split('?')[0]}".replace("{call}", "{call_id}").replace("{job}", "{job_id}")
               .replace("{span}", "{span_id}").replace("{agent}", "{agent_id}").replace("{dispute}", "{dispute_id}")
               .replace("{cal}", "{session_id}").replace("{note}", "{note_id}").replace("{hook}", "{webhook_id}")
               .replace("{user}", "{user_id}").replace("{key}", "{key_id}").replace("{rubric}", "{rubric_id}")
               .replace("{packet}", "{packet_id}") for r in ROUTES}
    public = {"GET /v1/health", "POST /v1/auth/login", "POST /v1/auth/logout"}
    assert documented - covered - public == set()


@pytest.mark.parametrize("route", ROUTES, ids=ROUTE_IDS)
def test_matrix(client: Any, world: World, route: Route) -> None:  # noqa: F811
    if route.needs and importlib.util.find_spec(route.needs) is None:
        pytest.skip(f"{route.needs} has not landed")
    for role in ROLES:
        # own organization
        before = len(audit_events("org-a"))
        response = _request(client, world, route, role, "org-a", "org-a")
        events = audit_events("org-a")[before:]
        mine = [e for e in events if e.actor == f"org-a-{role}"]
        if role in route.allowed:
            assert response.status_code < 400, (role, response.status_code, response.text)
            if route.phi_action:
                assert [e for e in mine if e.action == route.phi_action and e.outcome == "allowed"], (role, events)
                if route.phi_action in ("read_unredacted_transcript", "read_raw_audio", "reidentify_span"):
                    assert all(e.purpose for e in mine if e.action == route.phi_action)
        else:
            assert response.status_code == 403, (role, response.status_code, response.text)
            assert response.headers["content-type"].startswith("application/problem+json")
            assert [e for e in mine if e.outcome == "denied"], (role, "denial not audited")
            if route.phi_action:
                assert [e for e in mine if e.outcome == "denied"
                        and e.action in (route.phi_action, "denied")], (role, events)
        # another organization's resource: 404 for a role that may use the route, 403 otherwise
        if route.params is None or not route.scoped:
            continue
        before = len(audit_events("org-b"))
        response = _request(client, world, route, role, "org-b", "org-a")
        # (the PHI reads look the call up before the role: another organization's call is just absent)
        expected = 404 if role in route.allowed or route.phi_action in PHI_READS or route.lookup_first else 403
        assert response.status_code == expected, (role, "other org", response.status_code, response.text)
        body = {k: v for k, v in response.json().items() if k != "instance"}  # instance echoes the caller's path
        assert "org-a" not in str(body), body
        denied = [e for e in audit_events("org-b")[before:] if e.actor == f"org-b-{role}" and e.outcome == "denied"]
        assert denied, (role, "cross-organization attempt not audited")


def test_lists_never_show_another_organization(client: Any, world: World) -> None:  # noqa: F811
    other = world.calls["org-b"]
    for role in ROLES:
        for path in ("/v1/calls", "/v1/review-queue", "/v1/calibration-sessions", "/v1/webhooks", "/v1/users",
                     "/v1/api-keys", "/v1/rubrics"):
            response = client.get(path, headers=world.headers("org-a", role))
            assert other not in response.text and "org-b" not in response.text, (role, path)


def test_coach_sees_only_their_team(client: Any, world: World) -> None:  # noqa: F811
    from models.interchange import Transcript
    from qa_engine import db
    from qa_engine.pipeline import CallMeta, submit_transcript
    from qa_engine.services import blob_store

    with db.session_scope() as session:
        call, _ = submit_transcript(session, blob_store(), Transcript.model_validate(transcript_json(9001)),
                                    CallMeta(org_id="org-a", agent_id="org-a-agent-2"))
        blue_call = call.id
    coach = world.headers("org-a", "coach")
    assert client.get(f"/v1/calls/{blue_call}", headers=coach).status_code == 404
    assert client.get(f"/v1/calls/{blue_call}", headers=world.headers("org-a", "qa_analyst")).status_code == 200
    listed = client.get("/v1/calls", headers=coach).json()["items"]
    assert {c["agent_id"] for c in listed} <= {"org-a-agent-1"}
    assert client.get("/v1/agents/org-a-agent-2/scorecard?period=2026-11", headers=coach).status_code == 404
    assert client.get("/v1/scorecards/team?period=2026-11&team=blue", headers=coach).status_code == 404


def test_phi_needs_a_purpose(client: Any, world: World) -> None:  # noqa: F811
    call = world.calls["org-a"]
    officer = world.headers("org-a", "compliance_officer")
    before = len(audit_events("org-a"))
    response = client.get(f"/v1/calls/{call}/transcript?unredacted=true", headers=officer)
    assert response.status_code == 403 and "purpose" in response.json()["detail"]
    events = audit_events("org-a")[before:]
    assert [(e.action, e.outcome) for e in events] == [("read_unredacted_transcript", "denied")]
    # the purpose may also come as a query parameter; the unredacted text differs from the redacted one
    redacted = client.get(f"/v1/calls/{call}/transcript", headers=officer).json()
    plain = client.get(f"/v1/calls/{call}/transcript?unredacted=true&purpose=patient+access+request",
                       headers=officer).json()
    assert plain["redacted"] is False and redacted["redacted"] is True
    texts = " ".join(s["text"] for s in plain["transcript"]["segments"])
    assert "Whitfield" in texts
    assert "Whitfield" not in " ".join(s["text"] for s in redacted["transcript"]["segments"])
