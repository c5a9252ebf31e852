"""Webhooks: the platform registers a URL and a secret and is called back when a call is scored,
flagged or failed.

Each callback is a JSON POST without PHI (ids, status, score, flags) signed like Stripe's:
``X-QA-Engine-Signature: t=<unix time>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>``; the receiver
recomputes it and rejects old timestamps to stop replays. Deliveries are rows, so none is lost when
the process stops: a failed attempt is retried with exponential backoff (30 s, 1 min, 2 min, ... up
to ``MAX_ATTEMPTS``), then marked failed. The job worker enqueues deliveries through
``qa_engine.jobs.FINISH_HOOKS``; ``deliver_due()`` sends whatever is due (called right away, and
periodically by the API's background loop).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from models.auth import Webhook, WebhookDelivery
from models.calls import Call, utcnow
from models.scoring import Score
from qa_engine import db

log = logging.getLogger("qa_engine.webhooks")

SIGNATURE_HEADER = "X-QA-Engine-Signature"
EVENT_HEADER = "X-QA-Engine-Event"
DELIVERY_HEADER = "X-QA-Engine-Delivery"
MAX_ATTEMPTS = 8
BASE_DELAY_S = 30.0
TIMEOUT_S = 5.0
_SECRET_AD = b"qa-engine webhook secret"


def sign(secret: str, body: bytes, timestamp: int | None = None) -> str:
    ts = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={ts},v1={mac}"


def verify(secret: str, body: bytes, header: str, tolerance_s: int = 300, now: float | None = None) -> bool:
    """What a receiver does (and what our tests do)."""
    try:
        parts = dict(p.split("=", 1) for p in header.split(","))
        ts = int(parts["t"])
    except (ValueError, KeyError):
        return False
    if abs((now or time.time()) - ts) > tolerance_s:
        return False
    expected = sign(secret, body, ts).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))


def seal_secret(secret: str) -> str:
    from qa_engine.storage import KeyRing

    return base64.b64encode(KeyRing.load().seal(secret.encode(), _SECRET_AD)).decode()


def open_secret(sealed: str) -> str:
    from qa_engine.storage import KeyRing

    return KeyRing.load().open(base64.b64decode(sealed), _SECRET_AD).decode()


def register(session: Session, *, org_id: str, url: str, secret: str, events: list[str],
             created_by: int | None = None) -> Webhook:
    hook = Webhook(org_id=org_id, url=url, secret_sealed=seal_secret(secret), events=list(events),
                   created_by=created_by)
    session.add(hook)
    session.flush()
    return hook


def events_for(call: Call, score: Score | None) -> list[str]:
    if call.status == "failed":
        return ["call.failed"]
    if call.status != "scored":
        return []
    events = ["call.scored"]
    if score is not None and score.flags:
        events.append("call.flagged")
    return events


def payload(event: str, call: Call, score: Score | None) -> dict[str, Any]:
    """No PHI: ids, status and scores only."""
    return {
        "event": event, "call_id": call.id, "external_id": call.external_id, "org_id": call.org_id,
        "status": call.status, "call_type": call.call_type, "agent_id": call.agent_id,
        "total": None if score is None else (score.human_total if score.human_total is not None else score.total),
        "auto_failed": bool(score and score.auto_failed), "flags": list(score.flags) if score else [],
        "review_priority": call.review_priority, "failure_reason": call.failure_reason,
        "job_url": None, "call_url": f"/v1/calls/{call.id}",
        "occurred_at": datetime.now(UTC).isoformat(),
    }


def enqueue(call_id: str) -> int:
    """Delivery rows for every matching webhook of the call's organization; returns how many are new."""
    created = 0
    with db.session_scope() as session:
        call = session.get(Call, call_id)
        if call is None:
            return 0
        score = session.exec(select(Score).where(Score.call_id == call_id)).first()
        events = events_for(call, score)
        if not events:
            return 0
        hooks = session.exec(select(Webhook).where(Webhook.org_id == call.org_id, col(Webhook.active).is_(True)))
        for hook in hooks:
            for event in events:
                if event not in (hook.events or []):
                    continue
                exists = session.exec(select(WebhookDelivery.id).where(
                    WebhookDelivery.webhook_id == hook.id, WebhookDelivery.call_id == call_id,
                    WebhookDelivery.event == event)).first()
                if exists is None:
                    session.add(WebhookDelivery(webhook_id=hook.id or 0, call_id=call_id, event=event))
                    created += 1
    return created


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=BASE_DELAY_S * 2 ** max(0, attempts - 1))


LEASE = timedelta(minutes=5)


def _claim(session: Session, delivery_id: int, now: datetime) -> bool:
    """Take a due delivery for one attempt. The conditional UPDATE lets only one sender win (the retry
    loop and a finishing job may both look); the lease makes a sender that died retry after 5 minutes."""
    from sqlalchemy import update

    result = session.exec(  # type: ignore[call-overload]
        update(WebhookDelivery)
        .where(col(WebhookDelivery.id) == delivery_id, col(WebhookDelivery.status).in_(("pending", "sending")),
               col(WebhookDelivery.next_attempt_at) <= now)
        .values(status="sending", next_attempt_at=now + LEASE)
    )
    return result.rowcount == 1


def deliver_one(delivery_id: int, client: Any = None, now: datetime | None = None) -> str:
    """One attempt, if the delivery is due; returns the delivery's status afterwards."""
    import httpx

    now = now or utcnow()
    with db.session_scope() as session:
        if not _claim(session, delivery_id, now):
            row = session.get(WebhookDelivery, delivery_id)
            return row.status if row else "missing"
        delivery = session.get(WebhookDelivery, delivery_id)
        assert delivery is not None
        hook = session.get(Webhook, delivery.webhook_id)
        call = session.get(Call, delivery.call_id)
        if hook is None or call is None or not hook.active:
            delivery.status, delivery.last_error = "failed", "webhook removed"
            session.add(delivery)
            return delivery.status
        score = session.exec(select(Score).where(Score.call_id == call.id)).first()
        body = json.dumps(payload(delivery.event, call, score), separators=(",", ":")).encode()
        url, secret, event = hook.url, open_secret(hook.secret_sealed), delivery.event
    headers = {"Content-Type": "application/json", SIGNATURE_HEADER: sign(secret, body), EVENT_HEADER: event,
               DELIVERY_HEADER: str(delivery_id), "User-Agent": "qa-engine-webhooks/1"}
    code: int | None = None
    error: str | None = None
    try:
        if client is not None:
            response = client.post(url, content=body, headers=headers)
        else:
            response = httpx.post(url, content=body, headers=headers, timeout=TIMEOUT_S, follow_redirects=False)
        code = response.status_code
        if not 200 <= code < 300:
            error = f"HTTP {code}"
    except httpx.HTTPError as exc:
        error = type(exc).__name__
    with db.session_scope() as session:
        delivery = session.get(WebhookDelivery, delivery_id)
        assert delivery is not None
        delivery.attempts += 1
        delivery.last_status_code = code
        delivery.last_error = error
        if error is None:
            delivery.status, delivery.delivered_at = "delivered", utcnow()
        elif delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = "failed"
            log.warning("webhook delivery %s failed for good after %s attempts", delivery_id, delivery.attempts)
        else:
            delivery.status, delivery.next_attempt_at = "pending", now + backoff(delivery.attempts)
        session.add(delivery)
        return delivery.status


def deliver_due(limit: int = 100, client: Any = None, now: datetime | None = None) -> int:
    """Send every pending delivery whose time has come (by ``now``, default the clock); returns how many
    were attempted."""
    with db.session_scope() as session:
        ids = list(session.exec(
            select(WebhookDelivery.id).where(col(WebhookDelivery.status).in_(("pending", "sending")),
                                             WebhookDelivery.next_attempt_at <= (now or utcnow()))
            .order_by(col(WebhookDelivery.next_attempt_at)).limit(limit)))
    for delivery_id in ids:
        deliver_one(delivery_id or 0, client=client, now=now)
    return len(ids)


def on_call_finished(call_id: str) -> None:
    """The job worker's finish hook."""
    if enqueue(call_id):
        deliver_due()


def install() -> None:
    from qa_engine import jobs

    if on_call_finished not in jobs.FINISH_HOOKS:
        jobs.FINISH_HOOKS.append(on_call_finished)


class RetryLoop:
    """A daemon thread that sends due retries every ``interval`` seconds."""

    def __init__(self, interval: float = 10.0) -> None:
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="qa-webhooks", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                deliver_due()
            except Exception as exc:  # keep looping; the database may be briefly busy
                log.warning("webhook retry loop: %s", type(exc).__name__)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
