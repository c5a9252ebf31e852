"""API keys, web sessions and webhooks: the tables behind ``api/``.

Secrets are never stored in the clear: API keys and session tokens as SHA-256 digests (they are
high-entropy random values, so a slow hash adds nothing), webhook secrets sealed with the data key
(they must be recovered to sign callbacks).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.calls import utcnow


class ApiKey(SQLModel, table=True):
    """A bearer key ``qae_<id>_<secret>``; it acts as its user (and so with the user's role and org)."""

    __tablename__ = "api_key"

    id: str = Field(primary_key=True, max_length=16)  # public part, shown in lists and audit events
    org_id: str = Field(foreign_key="organization.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    name: str = Field(default="", max_length=128)
    secret_sha256: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime | None = None
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None
    replaced_by: str | None = Field(default=None, max_length=16)  # set by rotation


class WebSession(SQLModel, table=True):
    """A logged-in browser: the cookie carries the token, signed; the row allows logout and expiry."""

    __tablename__ = "web_session"

    id: str = Field(primary_key=True, max_length=64)  # SHA-256 of the session token
    user_id: int = Field(foreign_key="user.id", index=True)
    org_id: str = Field(foreign_key="organization.id", index=True)
    csrf_token: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    revoked_at: datetime | None = None
    client_addr: str | None = Field(default=None, max_length=64)


class Webhook(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    org_id: str = Field(foreign_key="organization.id", index=True)
    url: str = Field(max_length=2048)
    secret_sealed: str = Field(max_length=512)  # base64 of the AES-GCM sealed secret
    events: list[str] = Field(default_factory=lambda: ["call.scored", "call.flagged"], sa_column=Column(JSON))
    active: bool = True
    created_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)


class WebhookDelivery(SQLModel, table=True):
    __tablename__ = "webhook_delivery"
    __table_args__ = (UniqueConstraint("webhook_id", "call_id", "event", name="uq_webhook_delivery"),)

    id: int | None = Field(default=None, primary_key=True)
    webhook_id: int = Field(foreign_key="webhook.id", index=True)
    call_id: str = Field(foreign_key="call.id", index=True)
    event: str = Field(max_length=32)
    status: str = Field(default="pending", max_length=16, index=True)  # pending | sending | delivered | failed
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, index=True)
    last_status_code: int | None = None
    last_error: str | None = Field(default=None, max_length=256)
    created_at: datetime = Field(default_factory=utcnow)
    delivered_at: datetime | None = None
