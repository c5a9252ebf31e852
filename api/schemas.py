"""Request and response models: the OpenAPI document is generated from these."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, HttpUrl

from models.interchange import Transcript


def _utc(value: datetime) -> datetime:
    # The database hands back naive UTC in places; the API always speaks RFC 3339 with an offset.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


UtcDateTime = Annotated[datetime, AfterValidator(_utc)]
# An internal patient reference: an opaque id (letters, digits, . _ : -), never a name or an MRN.
PATIENT_REF = r"^[A-Za-z0-9._:-]{1,128}$"
Role = Literal["platform", "qa_analyst", "coach", "compliance_officer", "admin"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- submission and jobs


class CallMetadataIn(Strict):
    """Metadata sent with a call. ``patient_ref`` is the platform's opaque internal patient id (never
    an MRN or a name): it links the call to the accounting of disclosures."""

    agent_id: str | None = Field(default=None, max_length=64, pattern=r"^[\w.@:-]+$")
    call_type: str | None = Field(default=None, max_length=64)
    direction: Literal["inbound", "outbound"] = "inbound"
    started_at: UtcDateTime | None = None
    external_id: str | None = Field(default=None, max_length=128)
    channel_roles: list[Literal["agent", "caller", "unknown"]] = Field(
        default_factory=lambda: ["agent", "caller"], min_length=1, max_length=2)
    patient_ref: str | None = Field(default=None, max_length=128, pattern=PATIENT_REF)
    metadata: dict[str, Any] = Field(default_factory=dict, description="Platform data (queue time, abandoned, ...).")
    record: dict[str, Any] | None = Field(default=None,
                                          description="Fields the agent captured (checked by data_accuracy).")


class TranscriptSubmission(Transcript):
    """The documented transcript JSON, plus optional submission ``metadata``."""

    metadata: CallMetadataIn | None = None


class JobOut(BaseModel):
    job_id: str
    call_id: str
    status: Literal["queued", "running", "done", "failed"]
    progress: float
    error: str | None = None
    call_status: str | None = None
    created_at: UtcDateTime
    updated_at: UtcDateTime
    duplicate: bool = Field(default=False, description="True when the call or idempotency key was seen before.")


# ---------------------------------------------------------------- calls


class CallOut(BaseModel):
    id: str
    org_id: str
    agent_id: str | None
    external_id: str | None
    call_type: str
    direction: str
    started_at: UtcDateTime | None
    duration: float | None
    source: str
    channel_layout: str | None
    status: str
    failed_stage: str | None
    failure_reason: str | None
    asr_confidence: float | None
    review_priority: int | None
    assigned_to: int | None
    has_redacted_audio: bool
    metadata: dict[str, Any]
    created_at: UtcDateTime
    updated_at: UtcDateTime


class CallSummary(BaseModel):
    id: str
    agent_id: str | None
    call_type: str
    status: str
    total: float | None
    auto_failed: bool
    flags: list[str]
    review_priority: int | None
    created_at: UtcDateTime


class CallList(BaseModel):
    items: list[CallSummary]
    total: int
    limit: int
    offset: int


class PhiSpanOut(BaseModel):
    id: int
    segment: int
    start: int
    end: int
    type: str
    score: float


class TranscriptOut(BaseModel):
    call_id: str
    redacted: bool
    purpose: str | None = None
    transcript: Transcript
    phi_spans: list[PhiSpanOut]


class EvidenceOut(BaseModel):
    segment: int
    start: float
    quote: str


class CriterionOut(BaseModel):
    criterion_id: str
    kind: str
    score: float
    max: float
    passed: bool | None
    confidence: float
    evidence: list[EvidenceOut]
    details: dict[str, Any]
    human_score: float | None
    human_passed: bool | None
    standing: Literal["machine", "human"]


class ScoreOut(BaseModel):
    call_id: str
    rubric_id: str
    rubric_version: int
    total: float
    human_total: float | None
    standing_total: float
    standing: Literal["machine", "human"]
    auto_failed: bool
    flags: list[str]
    scored_at: UtcDateTime
    criteria: list[CriterionOut]


class CallDetail(BaseModel):
    call: CallOut
    score: ScoreOut | None


class OutcomeIn(Strict):
    """Outcomes the platform learns after the call; stored in the call's metadata under these names,
    which the scorecards' KPIs read (appointment adherence, satisfaction, abandonment, handle time)."""

    outcome: Literal["kept", "no_show", "cancelled", "rescheduled"] | None = Field(
        default=None, description="What became of the appointment booked on the call.")
    survey_score: float | None = Field(default=None, ge=0, le=10, description="Post-call survey score.")
    abandoned: bool | None = None
    queue_seconds: float | None = Field(default=None, ge=0, le=86400)
    handle_seconds: float | None = Field(default=None, ge=0, le=86400)


class ReidentifiedSpan(BaseModel):
    span_id: int
    type: str
    value: str


# ---------------------------------------------------------------- review


class OverrideIn(Strict):
    criterion_id: str = Field(max_length=64)
    score: float = Field(ge=0)
    passed: bool | None = None
    reason: str = Field(min_length=3, max_length=2000)


class OverrideOut(BaseModel):
    id: int
    call_id: str
    criterion_id: str
    user_id: int | None
    score: float
    passed: bool | None
    reason: str
    created_at: UtcDateTime


class DisputeIn(Strict):
    criterion_id: str | None = Field(default=None, max_length=64)
    reason: str = Field(min_length=3, max_length=2000)


class DisputeResolveIn(Strict):
    status: Literal["accepted", "partially_accepted", "rejected"]
    resolution: str = Field(min_length=3, max_length=2000)


class DisputeOut(BaseModel):
    id: int
    call_id: str
    criterion_id: str | None
    agent_id: str | None
    reason: str
    status: str
    resolution: str | None
    resolved_by: int | None
    created_at: UtcDateTime
    resolved_at: UtcDateTime | None


class QueueItem(BaseModel):
    call_id: str
    agent_id: str | None
    call_type: str
    review_priority: int | None
    flags: list[str]
    total: float | None
    auto_failed: bool
    assigned_to: int | None
    started_at: UtcDateTime | None
    created_at: UtcDateTime


class QueuePage(BaseModel):
    items: list[QueueItem]
    total: int
    limit: int
    offset: int


class AssignIn(Strict):
    user_id: int | None = Field(ge=1, le=2**31 - 1)


class CalibrationIn(Strict):
    call_id: str = Field(max_length=36)
    name: str = Field(default="", max_length=128)


class CalibrationRatingIn(Strict):
    ratings: dict[str, bool | None] = Field(description="criterion id -> passed (null: not applicable)",
                                            min_length=1)


class CalibrationOut(BaseModel):
    id: int
    call_id: str
    name: str
    status: str
    raters: int
    created_at: UtcDateTime
    agreement: dict[str, Any] | None = None


# ---------------------------------------------------------------- users, keys, webhooks


class UserIn(Strict):
    username: str = Field(min_length=1, max_length=128, pattern=r"^[\w.@+-]+$")
    role: Role
    password: str | None = Field(default=None, min_length=8, max_length=256)
    team: str | None = Field(default=None, max_length=64)
    display_name: str = Field(default="", max_length=128)


class UserPatch(Strict):
    role: Role | None = None
    team: str | None = Field(default=None, max_length=64)
    active: bool | None = None
    password: str | None = Field(default=None, min_length=8, max_length=256)


class UserOut(BaseModel):
    id: int
    username: str
    org_id: str
    role: str
    team: str | None
    display_name: str
    active: bool
    created_at: UtcDateTime


class ApiKeyIn(Strict):
    name: str = Field(default="", max_length=128)
    expires_days: int | None = Field(default=None, ge=1, le=3650)


class ApiKeyOut(BaseModel):
    id: str
    user_id: int
    name: str
    created_at: UtcDateTime
    expires_at: UtcDateTime | None
    revoked_at: UtcDateTime | None
    replaced_by: str | None


class IssuedKeyOut(ApiKeyOut):
    token: str = Field(description="The key itself, shown only once.")


class RotateIn(Strict):
    grace_hours: float = Field(default=0, ge=0, le=720)


class Me(BaseModel):
    user_id: int | None
    username: str
    org_id: str
    role: str
    team: str | None
    via: str
    csrf_token: str | None = None


class LoginIn(Strict):
    username: str = Field(min_length=1, max_length=128)
    password: str = Field(min_length=1, max_length=256)


class WebhookIn(Strict):
    url: HttpUrl
    secret: str = Field(min_length=16, max_length=256, description="Shared secret for the HMAC-SHA256 signature.")
    events: list[Literal["call.scored", "call.flagged", "call.failed"]] = Field(
        default_factory=lambda: ["call.scored", "call.flagged"], min_length=1)


class WebhookOut(BaseModel):
    id: int
    url: str
    events: list[str]
    active: bool
    created_at: UtcDateTime


class WebhookDeliveryOut(BaseModel):
    id: int
    call_id: str
    event: str
    status: str
    attempts: int
    last_status_code: int | None
    last_error: str | None
    created_at: UtcDateTime
    delivered_at: UtcDateTime | None


class RetentionIn(Strict):
    raw_audio_days: int | None = Field(ge=1, le=36500, description="Raw audio is destroyed after this many days "
                                                                   "(null: kept).")


class PurgeOut(BaseModel):
    dry_run: bool
    purged: int
    call_ids: list[str]
    blobs_missing: int


class RetentionOut(BaseModel):
    raw_audio_days: int | None
    raw_audio: str
    audit_events_years: int
    documentation_years: int
    audit_events: str


# ---------------------------------------------------------------- rubrics, PHI


class RubricOut(BaseModel):
    id: str
    version: int
    name: str
    call_types: list[str]
    source: Literal["library", "organization"]


class RubricDetail(RubricOut):
    yaml: str


class PhiTextIn(Strict):
    text: str | None = Field(default=None, max_length=100_000, description="One message (chat, SMS).")
    transcript: Transcript | None = Field(default=None, description="A conversation in the transcript JSON.")


class PhiSpanText(BaseModel):
    segment: int
    start: int
    end: int
    type: str
    score: float


class PhiDetectOut(BaseModel):
    spans: list[PhiSpanText]


class PhiRedactOut(BaseModel):
    text: str | None = None
    transcript: Transcript | None = None
    spans: list[PhiSpanText]


# ---------------------------------------------------------------- audits


class DisclosureIn(Strict):
    patient_ref: str = Field(min_length=1, max_length=128, pattern=PATIENT_REF)
    call_id: str | None = Field(default=None, min_length=1, max_length=36)
    disclosed_at: UtcDateTime | None = None
    recipient: str = Field(min_length=1, max_length=256)
    recipient_address: str | None = Field(default=None, max_length=512)
    description: str = Field(min_length=1, max_length=1024)
    purpose: str = Field(min_length=3, max_length=1024)


class DisclosureOut(BaseModel):
    id: int
    patient_ref: str
    call_id: str | None
    disclosed_at: UtcDateTime
    recipient: str
    recipient_address: str | None
    description: str
    purpose: str


class EvidenceIn(Strict):
    start: UtcDateTime
    end: UtcDateTime
    purpose: str = Field(default="BAA evidence for an auditor", min_length=3, max_length=200)


class EvidencePacketOut(BaseModel):
    id: str
    size: int
    sha256: str
    created_at: UtcDateTime


class VerifyOut(BaseModel):
    ok: bool
    problems: list[str]
    files_checked: int
    key_fingerprint: str | None
    trusted: bool | None = Field(description="Signed by this installation's audit key (null: no key to compare).")


class HealthOut(BaseModel):
    status: Literal["ok"]
    queued: int
