"""The REST API's behaviour: submission and jobs, idempotency, problem+json errors and limits, range
requests, sessions and CSRF, key rotation, webhooks, review, rubrics, PHI text endpoints."""

from __future__ import annotations

import http.server
import json
import logging
import re
import threading
from datetime import timedelta
from typing import Any

import pytest
from test_api_support import World, audit_events, client, flac_bytes, transcript_json, wait_jobs, world  # noqa: F401

PURPOSE = {"X-Purpose": "HIPAA audit 2026-11"}


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["title"]
    return body


# ---------------------------------------------------------------- submission, jobs, idempotency


def test_submit_transcript_is_accepted_processed_and_idempotent(client: Any, world: World) -> None:  # noqa: F811
    platform = world.headers("org-a", "platform", **{"Idempotency-Key": "submit-1"})
    body = {**transcript_json(101, extra="idem"), "metadata": {"agent_id": "org-a-agent-1", "patient_ref": "p-101"}}
    first = client.post("/v1/calls", json=body, headers=platform)
    assert first.status_code == 202, first.text
    job = first.json()
    assert job["status"] in ("queued", "running", "done") and first.headers["location"] == f"/v1/jobs/{job['job_id']}"
    again = client.post("/v1/calls", json=body, headers=platform)
    assert again.status_code == 202 and again.json()["job_id"] == job["job_id"] and again.json()["duplicate"]
    # the same key in another organization is another job (and another organization's agent is refused)
    org_b = world.headers("org-b", "platform", **{"Idempotency-Key": "submit-1"})
    assert client.post("/v1/calls", json=body, headers=org_b).status_code == 422
    other = client.post("/v1/calls", json={**body, "metadata": {"agent_id": "org-b-agent-1"}}, headers=org_b)
    assert other.status_code == 202 and other.json()["job_id"] != job["job_id"]
    wait_jobs()
    status = client.get(f"/v1/jobs/{job['job_id']}", headers=world.headers("org-a", "platform")).json()
    assert status["status"] == "done" and status["progress"] == 1.0 and status["call_status"] == "scored"
    detail = client.get(f"/v1/calls/{job['call_id']}", headers=world.headers("org-a", "platform")).json()
    assert detail["score"]["rubric_id"] and 0 <= detail["score"]["total"] <= 100
    assert "patient_ref" not in detail["call"]["metadata"]


def test_submission_errors_are_problems_without_phi(client: Any, world: World, caplog: Any) -> None:  # noqa: F811
    platform = world.headers("org-a", "platform")
    caplog.set_level(logging.DEBUG)
    secret = "Whitfield-4412"
    bad = {"call_id": "x", "segments": [{"speaker": "agent", "start": "soon", "text": secret}]}
    body = _problem(client.post("/v1/calls", json=bad, headers=platform), 422)
    assert secret not in json.dumps(body) and "segments.0.start" in body["detail"]
    _problem(client.post("/v1/calls", content=b"{not json", headers={**platform, "Content-Type": "application/json"}),
             422)
    _problem(client.post("/v1/calls", content=b"hello", headers={**platform, "Content-Type": "text/plain"}), 415)
    files = {"audio": ("notes.txt", b"plain text", "text/plain")}
    _problem(client.post("/v1/calls", files=files, headers=platform), 415)
    files = {"audio": ("call.wav", b"RIFF0000WAVEjunkjunk", "audio/wav")}
    problem = _problem(client.post("/v1/calls", files=files, headers=platform), 422)
    assert "call.wav" not in problem.get("detail", "")  # the client's file name is not echoed (may be PHI)
    meta = json.dumps({"agent_id": "bad id with spaces"})
    files = {"audio": ("call.flac", flac_bytes(), "audio/flac")}
    _problem(client.post("/v1/calls", files=files, data={"metadata": meta}, headers=platform), 422)
    _problem(client.get("/v1/calls/no-such-call", headers=platform), 404)
    _problem(client.get("/v1/calls", headers={"Authorization": "Bearer qae_nope_nope"}), 401)
    assert secret not in caplog.text


def test_upload_size_limit_and_backpressure(client: Any, world: World, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    platform = world.headers("org-a", "platform")
    monkeypatch.setenv("QA_ENGINE_API_MAX_UPLOAD_MB", "1")
    files = {"audio": ("big.flac", b"\0" * (1024 * 1024 + 10), "audio/flac")}
    _problem(client.post("/v1/calls", files=files, headers=platform), 413)
    monkeypatch.setenv("QA_ENGINE_API_MAX_QUEUE", "0")
    monkeypatch.setenv("QA_ENGINE_API_RETRY_AFTER_S", "7")
    response = client.post("/v1/calls", json=transcript_json(102), headers=platform)
    _problem(response, 503)
    assert response.headers["retry-after"] == "7"


@pytest.mark.slow
def test_submit_audio_multipart(client: Any, world: World) -> None:  # noqa: F811
    files = {"audio": ("call.flac", flac_bytes(3.0), "audio/flac")}
    meta = json.dumps({"agent_id": "org-a-agent-1", "call_type": "scheduling"})
    response = client.post("/v1/calls", files=files, data={"metadata": meta},
                           headers=world.headers("org-a", "platform", **{"Idempotency-Key": "audio-1"}))
    assert response.status_code == 202, response.text
    wait_jobs(300)
    job = client.get(f"/v1/jobs/{response.json()['job_id']}", headers=world.headers("org-a", "platform")).json()
    assert job["status"] in ("done", "failed") and job["call_status"] in ("scored", "failed")


# ---------------------------------------------------------------- audio and range requests


def test_redacted_audio_range_requests(client: Any, world: World) -> None:  # noqa: F811
    call = world.calls["org-a"]
    analyst = world.headers("org-a", "qa_analyst")

    def plays() -> int:
        return sum(1 for e in audit_events("org-a") if e.action == "read_redacted_audio" and e.resource_id == call)

    before = plays()
    full = client.get(f"/v1/calls/{call}/audio", headers=analyst)
    assert full.status_code == 200 and full.headers["accept-ranges"] == "bytes"
    assert full.headers["content-type"] == "audio/flac" and full.content.startswith(b"fLaC")
    size = len(full.content)
    head = client.get(f"/v1/calls/{call}/audio", headers={**analyst, "Range": "bytes=0-99"})
    assert head.status_code == 206 and head.headers["content-range"] == f"bytes 0-99/{size}"
    rest = client.get(f"/v1/calls/{call}/audio", headers={**analyst, "Range": "bytes=100-"})
    assert head.content + rest.content == full.content
    tail = client.get(f"/v1/calls/{call}/audio", headers={**analyst, "Range": "bytes=-10"})
    assert tail.status_code == 206 and tail.content == full.content[-10:]
    bad = client.get(f"/v1/calls/{call}/audio", headers={**analyst, "Range": f"bytes={size + 5}-"})
    _problem(bad, 416)
    assert bad.headers["content-range"] == f"bytes */{size}"
    # One event per playback: the full read and the range from byte 0 each start one; the buffering and
    # seeking ranges after them (from 100, the last 10 bytes, the refused one) add none.
    assert plays() - before == 2
    raws_before = sum(1 for e in audit_events("org-a") if e.action == "read_raw_audio")
    officer = world.headers("org-a", "compliance_officer", **PURPOSE)
    raw = client.get(f"/v1/calls/{call}/audio/raw", headers=officer)
    assert raw.status_code == 200 and raw.content.startswith(b"fLaC")
    assert client.get(f"/v1/calls/{call}/audio/raw", headers={**officer, "Range": "bytes=100-"}).status_code == 206
    # Raw (unredacted) audio stays audited on every access, ranges included.
    assert sum(1 for e in audit_events("org-a") if e.action == "read_raw_audio") - raws_before == 2


# ---------------------------------------------------------------- sessions, CSRF, keys


def test_login_session_csrf_and_logout(client: Any, world: World) -> None:  # noqa: F811
    from fastapi.testclient import TestClient

    browser = TestClient(client.app)
    before = len(audit_events())
    _problem(browser.post("/v1/auth/login", json={"username": "org-a-qa_analyst", "password": "wrong password"}), 401)
    assert [e.action for e in audit_events()[before:]] == ["login_failed"]
    login = browser.post("/v1/auth/login", json={"username": "org-a-qa_analyst", "password": "correct horse battery"})
    assert login.status_code == 200, login.text
    csrf = login.json()["csrf_token"]
    assert browser.cookies.get("qae_csrf") == csrf
    assert browser.get("/v1/me").json()["via"] == "session"
    call = world.calls["org-a"]
    dispute = {"reason": "the agent verified identity"}
    _problem(browser.post(f"/v1/calls/{call}/disputes", json=dispute), 403)
    assert browser.post(f"/v1/calls/{call}/disputes", json=dispute, headers={"X-CSRF-Token": csrf}).status_code == 201
    forged = browser.cookies.get("qae_session")[:-2] + "00"  # a valid token with a forged signature
    intruder = TestClient(client.app, cookies={"qae_session": forged})
    _problem(intruder.get("/v1/me"), 401)
    login = browser.post("/v1/auth/login", json={"username": "org-a-qa_analyst", "password": "correct horse battery"})
    assert browser.post("/v1/auth/logout", headers={"X-CSRF-Token": login.json()["csrf_token"]}).status_code == 204
    _problem(browser.get("/v1/me"), 401)


def test_api_keys_rotate_and_revoke(client: Any, world: World) -> None:  # noqa: F811
    admin = world.headers("org-a", "admin")
    user = client.post("/v1/users", json={"username": "org-a-rotator", "role": "platform"}, headers=admin).json()
    issued = client.post(f"/v1/users/{user['id']}/api-keys", json={"name": "ci"}, headers=admin).json()
    old = {"Authorization": f"Bearer {issued['token']}"}
    assert client.get("/v1/me", headers=old).json()["username"] == "org-a-rotator"
    listed = client.get("/v1/api-keys", headers=admin).json()
    assert issued["id"] in {k["id"] for k in listed} and "token" not in json.dumps(listed)
    rotated = client.post(f"/v1/api-keys/{issued['id']}/rotate", json={}, headers=old)  # a key rotates itself
    assert rotated.status_code == 201
    new = {"Authorization": f"Bearer {rotated.json()['token']}"}
    _problem(client.get("/v1/me", headers=old), 401)
    assert client.get("/v1/me", headers=new).status_code == 200
    graced = client.post(f"/v1/api-keys/{rotated.json()['id']}/rotate", json={"grace_hours": 1}, headers=admin).json()
    assert client.get("/v1/me", headers=new).status_code == 200  # still valid during the grace period
    assert client.delete(f"/v1/api-keys/{graced['id']}", headers=admin).status_code == 204
    _problem(client.get("/v1/me", headers={"Authorization": f"Bearer {graced['token']}"}), 401)
    assert client.patch(f"/v1/users/{user['id']}", json={"active": False}, headers=admin).status_code == 200
    _problem(client.get("/v1/me", headers=new), 401)
    from models.auth import ApiKey
    from qa_engine import db

    with db.session_scope() as session:  # stored hashed: the token itself is nowhere in the row
        row = session.get(ApiKey, graced["id"])
        assert row is not None and graced["token"].split("_", 2)[2] not in row.model_dump_json()


# ---------------------------------------------------------------- webhooks


class _Receiver(http.server.BaseHTTPRequestHandler):
    calls: list[tuple[dict[str, str], bytes]] = []
    fail_first = True

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).calls.append((dict(self.headers), body))
        status = 500 if type(self).fail_first and len(type(self).calls) == 1 else 200
        self.send_response(status)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


def test_webhook_signed_and_retried(client: Any, world: World) -> None:  # noqa: F811
    from models.calls import utcnow
    from qa_engine import webhooks

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        platform = world.headers("org-b", "platform")
        secret = "webhook-secret-0123456789"
        url = f"http://127.0.0.1:{server.server_address[1]}/qa"
        hook = client.post("/v1/webhooks", json={"url": url, "secret": secret}, headers=platform)
        assert hook.status_code == 201 and secret not in hook.text
        job = client.post("/v1/calls", json=transcript_json(201, extra="hook"), headers=platform).json()
        wait_jobs()
        deliveries = client.get(f"/v1/webhooks/{hook.json()['id']}/deliveries", headers=platform).json()
        mine = [d for d in deliveries if d["call_id"] == job["call_id"]]
        assert "call.scored" in {d["event"] for d in mine}
        # the receiver answered the first callback 500: that delivery waits for its retry
        assert [(d["attempts"], d["status"], d["last_status_code"]) for d in mine if d["status"] != "delivered"] \
            == [(1, "pending", 500)]
        assert webhooks.deliver_due() == 0  # not due yet (backoff)
        webhooks.deliver_due(now=utcnow() + timedelta(hours=1))
        deliveries = client.get(f"/v1/webhooks/{hook.json()['id']}/deliveries", headers=platform).json()
        mine = [d for d in deliveries if d["call_id"] == job["call_id"]]
        assert {d["status"] for d in mine} == {"delivered"} and max(d["attempts"] for d in mine) == 2
        headers, body = _Receiver.calls[-1]
        assert webhooks.verify(secret, body, headers[webhooks.SIGNATURE_HEADER])
        assert not webhooks.verify("another secret 000000", body, headers[webhooks.SIGNATURE_HEADER])
        payload = json.loads(body)
        assert payload["call_id"] == job["call_id"] and payload["event"] in ("call.scored", "call.flagged")
        assert "Whitfield" not in body.decode()
    finally:
        server.shutdown()


# ---------------------------------------------------------------- review


def test_override_keeps_both_scores(client: Any, world: World) -> None:  # noqa: F811
    call = world.calls["org-b"]
    analyst = world.headers("org-b", "qa_analyst")
    score = client.get(f"/v1/calls/{call}/score", headers=analyst).json()
    criterion = score["criteria"][0]
    body = {"criterion_id": criterion["criterion_id"], "score": 0, "passed": False}
    _problem(client.post(f"/v1/calls/{call}/overrides", json=body, headers=analyst), 422)  # no reason
    _problem(client.post(f"/v1/calls/{call}/overrides", json={**body, "reason": "  "}, headers=analyst), 422)
    out = client.post(f"/v1/calls/{call}/overrides", json={**body, "reason": "missed the recorded-line notice"},
                      headers=analyst)
    assert out.status_code == 201, out.text
    result = out.json()
    assert result["standing"] == "human" and result["total"] == score["total"]
    assert result["human_total"] is not None and result["standing_total"] == result["human_total"]
    changed = [c for c in result["criteria"] if c["criterion_id"] == criterion["criterion_id"]][0]
    assert changed["human_score"] == 0 and changed["score"] == criterion["score"] and changed["standing"] == "human"
    events = [e for e in audit_events("org-b") if e.action == "score_override"]
    assert events and events[-1].actor == "org-b-qa_analyst"


def test_dispute_lifecycle(client: Any, world: World) -> None:  # noqa: F811
    call = world.calls["org-b"]
    raised = client.post(f"/v1/calls/{call}/disputes", json={"reason": "caller gave DOB first"},
                         headers=world.headers("org-b", "coach"))
    assert raised.status_code == 201 and raised.json()["status"] == "raised"
    analyst = world.headers("org-b", "qa_analyst")
    resolved = client.patch(f"/v1/disputes/{raised.json()['id']}",
                            json={"status": "partially_accepted", "resolution": "verification was partial"},
                            headers=analyst)
    assert resolved.status_code == 200 and resolved.json()["status"] == "partially_accepted"
    again = client.patch(f"/v1/disputes/{raised.json()['id']}", json={"status": "accepted", "resolution": "changed"},
                         headers=analyst)
    _problem(again, 409)


def test_calibration_agreement(client: Any, world: World) -> None:  # noqa: F811
    call = world.calls["org-b"]
    analyst, admin = world.headers("org-b", "qa_analyst"), world.headers("org-b", "admin")
    criteria = [c["criterion_id"] for c in client.get(f"/v1/calls/{call}/score", headers=analyst).json()["criteria"]]
    cal = client.post("/v1/calibration-sessions", json={"call_id": call, "name": "week 47"}, headers=analyst).json()
    client.put(f"/v1/calibration-sessions/{cal['id']}/ratings",
               json={"ratings": {c: True for c in criteria}}, headers=analyst)
    out = client.put(f"/v1/calibration-sessions/{cal['id']}/ratings",
                     json={"ratings": {c: i != 0 for i, c in enumerate(criteria)}}, headers=admin).json()
    assert out["raters"] == 2
    overall = out["agreement"]["overall"]
    assert overall["percent_agreement"] == pytest.approx((len(criteria) - 1) / len(criteria), abs=1e-3)
    assert "machine_agreement" in overall


def test_review_queue_order_filters_pages(client: Any, world: World) -> None:  # noqa: F811
    from sqlmodel import select

    from models.calls import Call
    from models.interchange import Transcript
    from models.scoring import Score
    from qa_engine import db
    from qa_engine.pipeline import CallMeta, save_score, submit_transcript
    from qa_engine.services import blob_store, score_transcript

    made = []
    for n, (priority, flags) in enumerate([(50, ["low_score"]), (90, ["missed_escalation", "auto_fail"]),
                                           (70, ["phi_before_verification"])]):
        transcript = Transcript.model_validate(transcript_json(300 + n, extra="queue"))
        with db.session_scope() as session:
            call, _ = submit_transcript(session, blob_store(), transcript,
                                        CallMeta(org_id="org-b", agent_id="org-b-agent-2", call_type="triage"))
            result = score_transcript(transcript)
            result.flags = flags  # the queue's input state: flags and priority as the scorer would set them
            save_score(session, call, result)
            call.review_priority, call.status = priority, "scored"
            made.append(call.id)
    analyst = world.headers("org-b", "qa_analyst")
    page = client.get("/v1/review-queue?call_type=triage", headers=analyst).json()
    assert [i["review_priority"] for i in page["items"]] == [90, 70, 50] and page["total"] == 3
    flagged = client.get("/v1/review-queue?flag=missed_escalation&call_type=triage", headers=analyst).json()
    assert [i["call_id"] for i in flagged["items"]] == [made[1]]
    second = client.get("/v1/review-queue?call_type=triage&limit=1&offset=1", headers=analyst).json()
    assert [i["review_priority"] for i in second["items"]] == [70] and second["total"] == 3
    by_agent = client.get("/v1/review-queue?agent_id=org-b-agent-1", headers=analyst).json()
    assert made[0] not in {i["call_id"] for i in by_agent["items"]}
    with db.session_scope() as session:
        assert session.exec(select(Score).where(Score.call_id == made[1])).one().flags == flags_of(made[1])
    _ = Call


def test_review_queue_oldest_first_within_priority_and_unassigned(client: Any, world: World) -> None:  # noqa: F811
    """One priority: the longest-waiting call first. ``assigned=false`` lists the unassigned calls only."""
    from datetime import UTC, datetime

    from models.interchange import Transcript
    from qa_engine import db
    from qa_engine.pipeline import CallMeta, save_score, submit_transcript
    from qa_engine.services import blob_store, score_transcript

    made = []
    for n, day in enumerate([3, 1, 2]):
        transcript = Transcript.model_validate(transcript_json(320 + n, extra="waiting"))
        with db.session_scope() as session:
            call, _ = submit_transcript(session, blob_store(), transcript,
                                        CallMeta(org_id="org-b", agent_id="org-b-agent-2", call_type="referral_wait"))
            save_score(session, call, score_transcript(transcript))
            call.review_priority, call.status = 60, "scored"
            call.started_at = datetime(2026, 10, day, 9, tzinfo=UTC)
            made.append(call.id)
    analyst = world.headers("org-b", "qa_analyst")
    listed = client.get("/v1/review-queue?call_type=referral_wait", headers=analyst).json()["items"]
    assert [i["call_id"] for i in listed] == [made[1], made[2], made[0]]
    me = client.get("/v1/me", headers=analyst).json()
    assigned = client.put(f"/v1/calls/{made[1]}/assignment", json={"user_id": me["user_id"]}, headers=analyst)
    assert assigned.status_code == 200 and assigned.json()["assigned_to"] == me["user_id"]
    open_ = client.get("/v1/review-queue?call_type=referral_wait&assigned=false", headers=analyst).json()
    assert [i["call_id"] for i in open_["items"]] == [made[2], made[0]] and open_["total"] == 2
    taken = client.get("/v1/review-queue?call_type=referral_wait&assigned=true", headers=analyst).json()
    assert [i["call_id"] for i in taken["items"]] == [made[1]]
    mine = client.get(f"/v1/review-queue?call_type=referral_wait&assigned_to={me['user_id']}", headers=analyst).json()
    assert [i["call_id"] for i in mine["items"]] == [made[1]]


def flags_of(call_id: str) -> list[str]:
    from sqlmodel import select

    from models.scoring import Score
    from qa_engine import db

    with db.session_scope() as session:
        return list(session.exec(select(Score).where(Score.call_id == call_id)).one().flags)


# ---------------------------------------------------------------- rubrics, PHI text, outcomes


def test_rubric_versions_validated_with_locations(client: Any, world: World) -> None:  # noqa: F811
    admin = world.headers("org-b", "admin")
    yaml_headers = {**admin, "Content-Type": "application/yaml"}
    current = client.get("/v1/rubrics/scheduling", headers=admin).json()
    broken = re.sub(r"weight: ([0-9.]+)", r"weight: -\1", current["yaml"], count=1)
    assert broken != current["yaml"]
    problem = _problem(client.post("/v1/rubrics/scheduling/versions", content=broken, headers=yaml_headers), 422)
    assert problem["errors"] and problem["errors"][0]["line"] and "weight" in problem["errors"][0]["loc"][0]
    _problem(client.post("/v1/rubrics/scheduling/versions", content="id: [unclosed", headers=yaml_headers), 422)
    saved = client.post("/v1/rubrics/scheduling/versions", content=current["yaml"], headers=yaml_headers)
    assert saved.status_code == 201 and saved.json()["version"] == current["version"] + 1
    again = client.post("/v1/rubrics/scheduling/versions", json={"yaml": current["yaml"]}, headers=admin)
    assert again.json()["version"] == current["version"] + 2
    listed = {r["id"]: r for r in client.get("/v1/rubrics", headers=admin).json()}
    assert listed["scheduling"]["version"] == current["version"] + 2
    assert listed["scheduling"]["source"] == "organization"
    # the other organization still sees the library version
    other = client.get("/v1/rubrics/scheduling", headers=world.headers("org-a", "admin")).json()
    assert other["version"] == current["version"]


def test_phi_detect_and_redact_text(client: Any, world: World) -> None:  # noqa: F811
    platform = world.headers("org-a", "platform")
    text = "hi this is Dana Whitfield, my date of birth is march fourth nineteen eighty two"
    spans = client.post("/v1/phi/detect", json={"text": text}, headers=platform).json()["spans"]
    assert any("Whitfield" in text[s["start"]:s["end"]] for s in spans)
    redacted = client.post("/v1/phi/redact", json={"text": text}, headers=platform).json()
    assert "Whitfield" not in redacted["text"] and "<" in redacted["text"]
    _problem(client.post("/v1/phi/detect", json={}, headers=platform), 422)


def test_outcome_updates_call_metadata(client: Any, world: World) -> None:  # noqa: F811
    call = world.calls["org-a"]
    platform = world.headers("org-a", "platform")
    out = client.patch(f"/v1/calls/{call}/outcome", json={"outcome": "no_show", "survey_score": 4.5}, headers=platform)
    assert out.status_code == 200 and out.json()["metadata"]["outcome"] == "no_show"
    _problem(client.patch(f"/v1/calls/{call}/outcome", json={"survey_score": 99}, headers=platform), 422)
    _problem(client.patch(f"/v1/calls/{call}/outcome", json={"unknown": 1}, headers=platform), 422)


def test_evidence_packet_build_download_verify(client: Any, world: World) -> None:  # noqa: F811
    import io
    import zipfile

    officer = world.headers("org-a", "compliance_officer")
    built = client.post("/v1/evidence-packets", json={"start": "2026-01-01T00:00:00Z", "end": "2030-01-01T00:00:00Z"},
                        headers=officer)
    assert built.status_code == 201, built.text
    packet = client.get(f"/v1/evidence-packets/{built.json()['id']}", headers=officer)
    assert packet.status_code == 200 and packet.headers["content-type"] == "application/zip"
    verify = client.post("/v1/evidence-packets/verify", content=packet.content,
                         headers={**officer, "Content-Type": "application/zip"}).json()
    assert verify["ok"] and verify["trusted"] is True and verify["files_checked"] > 3
    source = zipfile.ZipFile(io.BytesIO(packet.content))
    tampered = io.BytesIO()
    with zipfile.ZipFile(tampered, "w") as out:
        for item in source.infolist():
            data = source.read(item)
            out.writestr(item, data + b" " if item.filename.endswith(".csv") else data)
    verify = client.post("/v1/evidence-packets/verify", content=tampered.getvalue(),
                         headers={**officer, "Content-Type": "application/zip"}).json()
    assert not verify["ok"] and any("changed" in p for p in verify["problems"])
    exports = [e for e in audit_events("org-a") if e.action == "evidence_export"]
    assert len(exports) >= 2  # the build and the download


def test_openapi_is_served_and_health(client: Any) -> None:  # noqa: F811
    spec = client.get("/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.") and "/v1/calls" in spec["paths"]
    assert "bearerAuth" in json.dumps(spec["components"]).replace("HTTPBearer", "bearerAuth")
    assert client.get("/v1/health").json()["status"] == "ok"


def test_retention_setting_and_purge(client: Any, world: World) -> None:  # noqa: F811
    from datetime import UTC, datetime

    from models.calls import Call
    from qa_engine import db

    admin = world.headers("org-b", "admin")
    call = world.calls["org-b"]
    with db.session_scope() as session:  # a call received long ago
        row = session.get(Call, call)
        assert row is not None and row.raw_audio_key
        row.created_at = datetime(2020, 1, 1, tzinfo=UTC)
        session.add(row)
    assert client.put("/v1/org/retention", json={"raw_audio_days": 30}, headers=admin).json()["raw_audio_days"] == 30
    assert client.get("/v1/org/retention", headers=world.headers("org-b", "compliance_officer")).json()[
        "audit_events_years"] == 6
    dry = client.post("/v1/org/retention/purge?dry_run=true", headers=admin).json()
    assert call in dry["call_ids"] and dry["dry_run"]
    done = client.post("/v1/org/retention/purge", headers=admin).json()
    assert call in done["call_ids"] and done["blobs_missing"] == 0
    raw = client.get(f"/v1/calls/{call}/audio/raw", headers=world.headers("org-b", "compliance_officer", **PURPOSE))
    _problem(raw, 409)
    purges = [e for e in audit_events("org-b") if e.action == "retention_purge"]
    assert [e.resource_id for e in purges] == [call] and purges[0].actor == "org-b-admin"
    assert client.post("/v1/org/retention/purge", headers=admin).json()["purged"] == 0
