"""The web pages' form handlers and the REST API call the same services (``qa_engine.review``,
``rubric_versions``, ``evidence_packets``): what a page does, the API then shows, and both list the
review queue in the same order. Plain HTTP against the app (the browser flows are in test_web.py)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from test_api_support import World, client, transcript_json, world  # noqa: F401

PASSWORD = "correct horse battery"


def session_for(client: Any, world: World, org: str, role: str) -> tuple[Any, str]:  # noqa: F811
    """A cookie session for the world's user with this role, logged in through the login form; returns
    the client and its CSRF token."""
    from fastapi.testclient import TestClient

    browser = TestClient(client.app, follow_redirects=False)
    form = browser.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
    done = browser.post("/login", data={"username": f"{org}-{role}", "password": PASSWORD, "csrf_token": token})
    assert done.status_code == 303, done.text
    return browser, browser.cookies["qae_csrf"]


def queued_calls(org: str, call_type: str, n: int, priority: int) -> list[str]:
    from datetime import UTC, datetime

    from models.interchange import Transcript
    from qa_engine import db
    from qa_engine.pipeline import CallMeta, save_score, submit_transcript
    from qa_engine.services import blob_store, score_transcript

    made = []
    for i in range(n):
        transcript = Transcript.model_validate(transcript_json(400 + i, extra=call_type))
        with db.session_scope() as session:
            call, _ = submit_transcript(session, blob_store(), transcript,
                                        CallMeta(org_id=org, agent_id=f"{org}-agent-1", call_type=call_type))
            save_score(session, call, score_transcript(transcript))
            call.review_priority, call.status = priority - (i % 2) * 10, "scored"
            call.started_at = datetime(2026, 10, 20 - i, 9, tzinfo=UTC)
            made.append(call.id)
    return made


def page_rows(html: str) -> list[str]:
    return re.findall(r'<tr id="row-([0-9a-f-]+)"', html)


def test_page_and_api_list_the_queue_alike_and_assignment_is_shared(client: Any, world: World) -> None:  # noqa: F811
    queued_calls("org-b", "page_queue", 4, priority=70)
    browser, csrf = session_for(client, world, "org-b", "qa_analyst")
    api = world.headers("org-b", "qa_analyst")
    listed = client.get("/v1/review-queue?call_type=page_queue", headers=api).json()["items"]
    # Priority first, then the longest-waiting call first; the page shows the same order.
    assert [(i["review_priority"], i["started_at"]) for i in listed] == sorted(
        ((i["review_priority"], i["started_at"]) for i in listed), key=lambda p: (-p[0], p[1]))
    shown = page_rows(browser.get("/review?call_type=page_queue").text)
    assert shown == [i["call_id"] for i in listed]
    # Assigned from the page, the API sees it; the page's "Unassigned" equals the API's assigned=false.
    target = shown[0]
    me = world.user_ids[("org-b", "qa_analyst")]
    assert browser.post(f"/review/{target}/assign", data={"user_id": str(me), "csrf_token": csrf}).status_code == 303
    assert client.get(f"/v1/calls/{target}", headers=api).json()["call"]["assigned_to"] == me
    unassigned = client.get("/v1/review-queue?call_type=page_queue&assigned=false", headers=api).json()["items"]
    assert page_rows(browser.get("/review?call_type=page_queue&assigned=none").text) == [
        i["call_id"] for i in unassigned] == shown[1:]
    assert page_rows(browser.get("/review?call_type=page_queue&assigned=me").text) == [target]
    # Assigning to a coach is refused by the service, from the page as from the API.
    coach = world.user_ids[("org-b", "coach")]
    refused = browser.post(f"/review/{target}/assign", data={"user_id": str(coach), "csrf_token": csrf})
    assert refused.status_code == 422 and "QA analyst" in refused.text
    assert client.put(f"/v1/calls/{target}/assignment", json={"user_id": coach}, headers=api).status_code == 422


def test_page_override_dispute_and_resolution_go_through_the_service(client: Any, world: World) -> None:  # noqa: F811
    call = world.calls["org-b"]
    api = world.headers("org-b", "qa_analyst")
    criterion = client.get(f"/v1/calls/{call}/score", headers=api).json()["criteria"][0]
    analyst, csrf = session_for(client, world, "org-b", "qa_analyst")
    form = {"criterion_id": criterion["criterion_id"], "passed": "fail", "reason": "checked the recording",
            "csrf_token": csrf}
    # Above the criterion's maximum: refused in place by the page and with 422 by the API.
    too_much = analyst.post(f"/calls/{call}/override", data={**form, "score": str(criterion["max"] + 1)})
    assert too_much.status_code == 422 and "cannot exceed" in too_much.text
    body = {"criterion_id": criterion["criterion_id"], "score": criterion["max"] + 1, "reason": "too many points"}
    assert client.post(f"/v1/calls/{call}/overrides", json=body, headers=api).status_code == 422
    assert analyst.post(f"/calls/{call}/override", data={**form, "score": "0"}).status_code == 303
    overrides = client.get(f"/v1/calls/{call}/overrides", headers=api).json()
    assert [(o["criterion_id"], o["score"], o["reason"]) for o in overrides][-1] == (
        criterion["criterion_id"], 0, "checked the recording")

    coach, coach_csrf = session_for(client, world, "org-b", "coach")
    raised = coach.post(f"/calls/{call}/disputes", data={"reason": "caller verified first", "csrf_token": coach_csrf})
    assert raised.status_code == 303
    dispute = client.get(f"/v1/calls/{call}/disputes", headers=api).json()[-1]
    assert dispute["status"] == "raised" and dispute["reason"] == "caller verified first"
    resolve = {"status": "rejected", "resolution": "verification came after the DOB", "csrf_token": csrf}
    assert analyst.post(f"/calls/{call}/disputes/{dispute['id']}/resolve", data=resolve).status_code == 303
    assert client.get(f"/v1/calls/{call}/disputes", headers=api).json()[-1]["status"] == "rejected"
    # A second resolution is the service's conflict, on the page and in the API.
    again = analyst.post(f"/calls/{call}/disputes/{dispute['id']}/resolve", data={**resolve, "status": "accepted"})
    assert again.status_code == 409 and "cannot become accepted" in again.text
    assert client.patch(f"/v1/disputes/{dispute['id']}", json={"status": "accepted", "resolution": "changed"},
                        headers=api).status_code == 409


def test_page_coaching_note_and_acknowledgement(client: Any, world: World) -> None:  # noqa: F811
    agent = world.agents["org-b"]
    coach, csrf = session_for(client, world, "org-b", "coach")
    saved = coach.post(f"/scorecards/{agent}/notes", data={"period": "2026-10", "text": "Greet with the org name.",
                                                           "goal_metric": "empathy", "goal_target": "0.9",
                                                           "goal_text": "Empathy on distressed calls",
                                                           "csrf_token": csrf})
    assert saved.status_code == 303, saved.text
    api = world.headers("org-b", "coach")
    notes = client.get(f"/v1/agents/{agent}/coaching-notes?period=2026-10", headers=api).json()
    assert notes[-1]["text"] == "Greet with the org name." and notes[-1]["acknowledged_at"] is None
    ack = coach.post(f"/scorecards/{agent}/notes/{notes[-1]['id']}/acknowledge",
                     data={"period": "2026-10", "comment": "Will do", "csrf_token": csrf})
    assert ack.status_code == 303
    notes = client.get(f"/v1/agents/{agent}/coaching-notes?period=2026-10", headers=api).json()
    assert notes[-1]["acknowledged_at"] is not None and notes[-1]["agent_comment"] == "Will do"
    # Another organization's agent is not found from the page either.
    other = coach.post("/scorecards/org-a-agent-1/notes", data={"period": "2026-10", "text": "x", "csrf_token": csrf})
    assert other.status_code == 404


def test_page_rubric_edit_and_packet_build_use_the_services(client: Any, world: World) -> None:  # noqa: F811
    admin, csrf = session_for(client, world, "org-a", "admin")
    api = world.headers("org-a", "admin")
    current = client.get("/v1/rubrics/triage", headers=api).json()
    broken = re.sub(r"weight: ([0-9.]+)", r"weight: -\1", current["yaml"], count=1)
    shown = admin.post("/rubrics/triage", data={"yaml_text": broken, "csrf_token": csrf})
    assert shown.status_code == 422 and "weight" in shown.text
    saved = admin.post("/rubrics/triage", data={"yaml_text": current["yaml"], "csrf_token": csrf})
    assert saved.status_code == 303 and saved.headers["location"].endswith(f"done=v{current['version'] + 1}")
    after = client.get("/v1/rubrics/triage", headers=api).json()
    assert after["version"] == current["version"] + 1 and after["source"] == "organization"
    assert f"v{current['version'] + 1}" in admin.get("/rubrics/triage").text

    officer, officer_csrf = session_for(client, world, "org-a", "compliance_officer")
    built = officer.post("/compliance/packets", data={"date_from": "2026-01-01", "date_to": "2026-12-31",
                                                      "csrf_token": officer_csrf})
    assert built.status_code == 303
    packet = re.search(r"/v1/evidence-packets/([0-9a-f]{32})", officer.get(built.headers["location"]).text)
    assert packet is not None
    download = client.get(f"/v1/evidence-packets/{packet.group(1)}",
                          headers=world.headers("org-a", "compliance_officer"))
    assert download.status_code == 200 and download.content[:2] == b"PK"
    # The other organization's compliance officer does not find it.
    assert client.get(f"/v1/evidence-packets/{packet.group(1)}",
                      headers=world.headers("org-b", "compliance_officer")).status_code == 404


@pytest.mark.parametrize("header,plays", [(None, True), ("bytes=0-", True), ("bytes=0-99", True),
                                          ("bytes=100-", False), ("bytes=-10", False), ("items=0-", False)])
def test_playback_starts(header: str | None, plays: bool) -> None:
    from api.routes.calls import starts_playback

    assert starts_playback(header) is plays


def test_services_need_no_http(world: World) -> None:  # noqa: F811
    """The services take a plain actor and raise domain errors (mapped to problem+json only by the API)."""
    from datetime import UTC, datetime
    from types import SimpleNamespace

    from models.calls import Call
    from qa_engine import db, evidence_packets, review, rubric_versions
    from qa_engine.errors import Conflict, InvalidInput
    from rubrics.schema import RubricValidationError

    actor = SimpleNamespace(user_id=world.user_ids[("org-a", "qa_analyst")], username="org-a-qa_analyst",
                            org_id="org-a", role="qa_analyst", client_addr=None)
    with db.session_scope() as session:
        call = session.get(Call, world.calls["org-a"])
        assert call is not None
        with pytest.raises(InvalidInput):
            review.assign(session, actor, call, world.user_ids[("org-a", "coach")])
        with pytest.raises(InvalidInput):
            review.override(session, actor, call, "no_such_criterion", 0, False, "a reason")
        dispute = review.raise_dispute(session, actor, call, "the caller verified first")
        review.resolve_dispute(session, actor, dispute, "accepted", "agreed on review")
        with pytest.raises(Conflict):
            review.resolve_dispute(session, actor, dispute, "rejected", "changed my mind")
        with pytest.raises(RubricValidationError):
            rubric_versions.save_version(session, actor, "triage", "id: [unclosed")
        with pytest.raises(InvalidInput):
            evidence_packets.build(session, actor, datetime(2026, 2, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC))
        session.rollback()
