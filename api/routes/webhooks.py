"""Webhooks: register a URL and a secret; see ``qa_engine.webhooks`` for the signature."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response
from sqlmodel import Session, col, select

from api.auth import Principal, require_roles
from api.deps import RowId, get_session, load_owned
from api.problems import responses
from api.schemas import WebhookDeliveryOut, WebhookIn, WebhookOut
from models.auth import Webhook, WebhookDelivery
from qa_engine import webhooks

router = APIRouter(prefix="/v1", tags=["webhooks"])
owners = require_roles("platform", "admin")


def hook_out(hook: Webhook) -> WebhookOut:
    return WebhookOut(id=hook.id or 0, url=hook.url, events=list(hook.events or []), active=hook.active,
                      created_at=hook.created_at)


def _hook(session: Session, principal: Principal, hook_id: int) -> Webhook:
    return load_owned(session, principal, Webhook, hook_id, "webhook")  # type: ignore[return-value]


@router.post("/webhooks", status_code=201, response_model=WebhookOut, responses=responses(401, 403, 422),
             summary="Register a URL to be called (HMAC-SHA256 signed) when a call is scored, flagged or failed")
def create_webhook(body: WebhookIn, principal: Principal = Depends(owners),
                   session: Session = Depends(get_session)) -> WebhookOut:
    hook = webhooks.register(session, org_id=principal.org_id, url=str(body.url), secret=body.secret,
                             events=list(dict.fromkeys(body.events)), created_by=principal.user_id)
    return hook_out(hook)


@router.get("/webhooks", response_model=list[WebhookOut], responses=responses(401, 403),
            summary="The organization's webhooks (never the secrets)")
def list_webhooks(principal: Principal = Depends(owners), session: Session = Depends(get_session)) -> list[WebhookOut]:
    rows = session.exec(select(Webhook).where(Webhook.org_id == principal.org_id).order_by(col(Webhook.id)))
    return [hook_out(h) for h in rows]


@router.delete("/webhooks/{webhook_id}", status_code=204, response_class=Response,
               responses=responses(401, 403, 404), summary="Stop calling a webhook")
def delete_webhook(webhook_id: RowId, principal: Principal = Depends(owners),
                   session: Session = Depends(get_session)) -> Response:
    hook = _hook(session, principal, webhook_id)
    hook.active = False
    session.add(hook)
    return Response(status_code=204)


@router.get("/webhooks/{webhook_id}/deliveries", response_model=list[WebhookDeliveryOut],
            responses=responses(401, 403, 404), summary="Recent deliveries and their status")
def list_deliveries(webhook_id: RowId, principal: Principal = Depends(owners),
                    session: Session = Depends(get_session)) -> list[WebhookDeliveryOut]:
    hook = _hook(session, principal, webhook_id)
    rows = session.exec(select(WebhookDelivery).where(WebhookDelivery.webhook_id == hook.id)
                        .order_by(col(WebhookDelivery.id).desc()).limit(200))
    return [WebhookDeliveryOut(id=d.id or 0, call_id=d.call_id, event=d.event, status=d.status, attempts=d.attempts,
                               last_status_code=d.last_status_code, last_error=d.last_error,
                               created_at=d.created_at, delivered_at=d.delivered_at) for d in rows]
