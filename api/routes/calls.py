"""Calls: submit (audio or transcript JSON), jobs, details, transcripts, audio, scores, outcomes.

Routes are thin: they check who may do what, then call ``qa_engine`` (the same functions as the CLI).
Processing happens in the background queue; submission never waits for transcription.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse
from pydantic import ValidationError
from sqlalchemy import func
from sqlmodel import Session, col, select

from api import deps as limits
from api.auth import Principal, require_roles
from api.deps import (
    Page,
    RowId,
    get_session,
    get_store,
    load_call,
    not_found,
    purpose_param,
    record_out_of_scope,
    team_agent_ids,
)
from api.problems import Problem, responses
from api.schemas import (
    CallDetail,
    CallList,
    CallMetadataIn,
    CallOut,
    CallSummary,
    CriterionOut,
    JobOut,
    OutcomeIn,
    PhiSpanOut,
    ReidentifiedSpan,
    ScoreOut,
    TranscriptOut,
)
from models.calls import Call, Job, PhiSpanRow
from models.scoring import CriterionScore, Score
from qa_engine import db, phi_access, review, submissions
from qa_engine.pipeline import CallMeta, InputError, load_transcript_json, redacted_transcript
from qa_engine.storage import BlobStore

router = APIRouter(prefix="/v1", tags=["calls"])
EVERYONE = ("platform", "qa_analyst", "coach", "compliance_officer", "admin")
AUDIO_READERS = ("qa_analyst", "coach", "compliance_officer")
SUBMIT_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/TranscriptSubmission"}},
        "multipart/form-data": {"schema": {
            "type": "object", "required": ["audio"],
            "properties": {
                "audio": {"type": "string", "format": "binary",
                          "description": "wav, flac, mp3, ogg/opus, m4a; mono or stereo."},
                "metadata": {"type": "string", "description": "CallMetadataIn as a JSON string."},
            },
        }},
    },
}


# ---------------------------------------------------------------- converters


def call_out(call: Call) -> CallOut:
    return CallOut(
        id=call.id, org_id=call.org_id, agent_id=call.agent_id, external_id=call.external_id,
        call_type=call.call_type, direction=call.direction, started_at=call.started_at, duration=call.duration,
        source=call.source, channel_layout=call.channel_layout, status=call.status, failed_stage=call.failed_stage,
        failure_reason=call.failure_reason, asr_confidence=call.asr_confidence,
        review_priority=call.review_priority, assigned_to=call.assigned_to,
        has_redacted_audio=call.redacted_audio_key is not None,
        metadata={k: v for k, v in (call.call_metadata or {}).items() if k != "patient_ref"},
        created_at=call.created_at, updated_at=call.updated_at,
    )


def score_out(session: Session, call: Call) -> ScoreOut | None:
    score = review.score_of(session, call.id)
    if score is None:
        return None
    rows = session.exec(select(CriterionScore).where(CriterionScore.score_id == score.id)
                        .order_by(col(CriterionScore.id))).all()
    criteria = [CriterionOut(
        criterion_id=r.criterion_id, kind=r.kind, score=r.score, max=r.max, passed=r.passed,
        confidence=r.confidence, evidence=r.evidence, details=r.details, human_score=r.human_score,  # type: ignore[arg-type]
        human_passed=r.human_passed, standing="human" if r.human_score is not None else "machine",
    ) for r in rows]
    human = score.human_total is not None
    return ScoreOut(
        call_id=call.id, rubric_id=score.rubric_id, rubric_version=score.rubric_version, total=score.total,
        human_total=score.human_total, standing_total=score.human_total if human else score.total,  # type: ignore[arg-type]
        standing="human" if human else "machine", auto_failed=score.auto_failed, flags=list(score.flags),
        scored_at=score.scored_at, criteria=criteria,
    )


def job_out(session: Session, job: Job, duplicate: bool = False) -> JobOut:
    call = session.get(Call, job.call_id)
    return JobOut(job_id=job.id, call_id=job.call_id, status=job.status, progress=job.progress,  # type: ignore[arg-type]
                  error=job.error, call_status=call.status if call else None, created_at=job.created_at,
                  updated_at=job.updated_at, duplicate=duplicate)


# ---------------------------------------------------------------- submission


def _meta(principal: Principal, raw: CallMetadataIn | None) -> tuple[CallMeta, dict[str, Any] | None]:
    raw = raw or CallMetadataIn()
    extra = dict(raw.metadata)
    if raw.patient_ref:
        extra["patient_ref"] = raw.patient_ref
    return CallMeta(org_id=principal.org_id, agent_id=raw.agent_id, call_type=raw.call_type,
                    direction=raw.direction, started_at=raw.started_at, external_id=raw.external_id,
                    channel_roles=tuple(raw.channel_roles), metadata=extra), raw.record


def _parse_metadata(text: str | None) -> CallMetadataIn | None:
    if not text:
        return None
    try:
        return CallMetadataIn.model_validate_json(text)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "metadata"
        raise Problem(422, f"invalid metadata at {where}: {first['msg'][:120]}", kind="validation") from None


async def _read_upload(request: Request) -> tuple[bytes, str, CallMetadataIn | None]:
    form = await request.form(max_files=1, max_fields=4, max_part_size=64 * 1024)
    upload = form.get("audio")
    if upload is None or isinstance(upload, str):
        raise Problem(422, "multipart body needs an `audio` file part", kind="validation")
    name = upload.filename or "audio"
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    ctype = (upload.content_type or "application/octet-stream").split(";")[0].strip().lower()
    if suffix not in limits.AUDIO_SUFFIXES and not ctype.startswith("audio/"):
        raise Problem(415, "audio must be wav, flac, mp3, ogg, opus, m4a or aac", kind="unsupported-media")
    if not (ctype.startswith("audio/") or ctype in ("application/octet-stream", "video/mp4", "video/webm")):
        raise Problem(415, f"audio part has content type {ctype}; send audio/*", kind="unsupported-media")
    data = await upload.read(limits.max_upload_bytes() + 1)
    if len(data) > limits.max_upload_bytes():
        raise Problem(413, f"audio is larger than {limits.max_upload_bytes() // 2**20} MiB", kind="too-large")
    metadata = form.get("metadata")
    meta = _parse_metadata(metadata if isinstance(metadata, str) else None)
    # A neutral name: the client's file name may carry PHI and is not kept.
    return data, f"upload{suffix if suffix in limits.AUDIO_SUFFIXES else ''}", meta


@router.post(
    "/calls", status_code=202, response_model=JobOut, openapi_extra={"requestBody": SUBMIT_BODY},
    summary="Submit a call (audio + metadata, or transcript JSON) for background processing",
    responses=responses(400, 401, 403, 413, 415, 422, 503),
)
async def submit_call(
    request: Request,
    response: Response,
    principal: Principal = Depends(require_roles("platform", "admin")),
    idempotency_key: str | None = Header(default=None, alias="Idempotency-Key", max_length=128,
                                         description="Same key, same job: retries never duplicate a call."),
    store: BlobStore = Depends(get_store),
) -> JobOut:
    """202 with the job; poll `GET /v1/jobs/{job_id}`. The same audio or transcript sent twice by one
    organization is stored once. Answers 503 with `Retry-After` when the queue is full."""
    await run_in_threadpool(limits.check_backpressure)
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > limits.max_upload_bytes() + 1_000_000:
        raise Problem(413, f"request is larger than {limits.max_upload_bytes() // 2**20} MiB", kind="too-large")
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    idem = submissions.idempotency_key(principal.org_id, idempotency_key)

    if ctype == "multipart/form-data":
        data, name, raw_meta = await _read_upload(request)
        meta, record = _meta(principal, raw_meta)

        def build() -> submissions.Submission:
            return submissions.Submission("audio", data, meta, record)
    elif ctype in ("application/json", ""):
        body = await request.body()
        if len(body) > limits.max_transcript_bytes():
            raise Problem(413, "transcript JSON is too large", kind="too-large")
        if not body:
            raise Problem(422, "send transcript JSON or a multipart audio upload", kind="validation")
        try:
            transcript = load_transcript_json(body, "transcript")
        except InputError as exc:
            raise Problem(422, str(exc), kind="validation") from None
        raw = json.loads(body)
        raw_meta = raw.get("metadata") if isinstance(raw, dict) else None
        meta_in = _parse_metadata(json.dumps(raw_meta)) if isinstance(raw_meta, dict) else None
        if raw_meta is not None and not isinstance(raw_meta, dict):
            raise Problem(422, "metadata must be an object", kind="validation")
        meta, record = _meta(principal, meta_in)
        if record is not None:
            transcript.record = record

        def build() -> submissions.Submission:
            return submissions.Submission("transcript", transcript, meta)
    else:
        raise Problem(415, "send application/json (transcript) or multipart/form-data (audio)",
                      kind="unsupported-media")
    try:
        job, created = await run_in_threadpool(submissions.submit, store, idem, build)
    except InputError as exc:
        raise Problem(422, str(exc), kind="invalid-input") from None
    out = await run_in_threadpool(_enqueue, job, created)
    response.headers["Location"] = f"/v1/jobs/{job.id}"
    return out


def _enqueue(job: Job, created: bool) -> JobOut:
    submissions.enqueue(job)
    with db.session_scope() as session:
        return job_out(session, job, duplicate=not created)


@router.get("/jobs/{job_id}", response_model=JobOut, summary="Job status and progress",
            responses=responses(401, 403, 404))
def get_job(
    job_id: str, principal: Principal = Depends(require_roles("platform", "qa_analyst", "admin")),
    session: Session = Depends(get_session),
) -> JobOut:
    job = session.get(Job, job_id)
    call = session.get(Call, job.call_id) if job else None
    if job is None or call is None:
        raise not_found("job")
    if call.org_id != principal.org_id:
        record_out_of_scope(principal, "job", job.id, "other_organization")
        raise not_found("job")
    return job_out(session, job)


# ---------------------------------------------------------------- reading calls


@router.get("/calls", response_model=CallList, summary="List calls (coaches: their team's)",
            responses=responses(401, 403, 422))
def list_calls(
    principal: Principal = Depends(require_roles(*EVERYONE)),
    session: Session = Depends(get_session),
    page: Page = Depends(),
    status: str | None = Query(default=None, max_length=16),
    agent_id: str | None = Query(default=None, max_length=64),
    call_type: str | None = Query(default=None, max_length=64),
    since: datetime | None = Query(default=None, description="Created at or after (UTC)."),
    until: datetime | None = Query(default=None, description="Created before (UTC)."),
) -> CallList:
    where: list[Any] = [Call.org_id == principal.org_id]
    if principal.role == "coach":
        where.append(col(Call.agent_id).in_(team_agent_ids(session, principal)))
    if status:
        where.append(Call.status == status)
    if agent_id:
        where.append(Call.agent_id == agent_id)
    if call_type:
        where.append(Call.call_type == call_type)
    if since:
        where.append(Call.created_at >= since)
    if until:
        where.append(Call.created_at < until)
    total = session.exec(select(func.count()).select_from(Call).where(*where)).one()
    rows = session.exec(
        select(Call, Score).join(Score, col(Score.call_id) == col(Call.id), isouter=True).where(*where)
        .order_by(col(Call.created_at).desc(), col(Call.id)).offset(page.offset).limit(page.limit)
    ).all()
    items = [CallSummary(
        id=c.id, agent_id=c.agent_id, call_type=c.call_type, status=c.status,
        total=None if s is None else (s.human_total if s.human_total is not None else s.total),
        auto_failed=bool(s and s.auto_failed), flags=list(s.flags) if s else [],
        review_priority=c.review_priority, created_at=c.created_at,
    ) for c, s in rows]
    return CallList(items=items, total=total, limit=page.limit, offset=page.offset)


@router.get("/calls/{call_id}", response_model=CallDetail, summary="Call metadata and its score",
            responses=responses(401, 403, 404))
def get_call(
    call_id: str, principal: Principal = Depends(require_roles(*EVERYONE)),
    session: Session = Depends(get_session),
) -> CallDetail:
    call = load_call(session, principal, call_id)
    return CallDetail(call=call_out(call), score=score_out(session, call))


@router.get("/calls/{call_id}/score", response_model=ScoreOut, summary="The call's scores (machine and human)",
            responses=responses(401, 403, 404))
def get_score(
    call_id: str, principal: Principal = Depends(require_roles(*EVERYONE)),
    session: Session = Depends(get_session),
) -> ScoreOut:
    call = load_call(session, principal, call_id)
    out = score_out(session, call)
    if out is None:
        raise Problem(404, "the call is not scored yet", kind="not-scored")
    return out


def _spans(session: Session, call_id: str) -> list[PhiSpanOut]:
    rows = session.exec(select(PhiSpanRow).where(PhiSpanRow.call_id == call_id).order_by(col(PhiSpanRow.id)))
    return [PhiSpanOut(id=r.id or 0, segment=r.segment, start=r.start, end=r.end, type=r.type, score=r.score)
            for r in rows]


def _phi_denied(exc: phi_access.PhiAccessDenied) -> Problem:
    if exc.not_found:
        return not_found("call")
    return Problem(403, exc.reason, kind="phi-denied")


@router.get(
    "/calls/{call_id}/transcript", response_model=TranscriptOut, responses=responses(401, 403, 404, 409),
    summary="The redacted transcript; the unredacted one for a compliance officer stating a purpose",
)
def get_transcript(
    call_id: str, principal: Principal = Depends(require_roles(*EVERYONE)),
    session: Session = Depends(get_session), store: BlobStore = Depends(get_store),
    unredacted: bool = Query(default=False, description="Ask for the unredacted text (audited)."),
    purpose: str | None = Depends(purpose_param),
) -> TranscriptOut:
    """Every role gets the redacted transcript (PHI replaced by tags such as `<NAME>`). With
    `unredacted=true` and a purpose (header `X-Purpose`), a compliance officer gets the original text;
    every such request, allowed or denied, is written to the audit log before anything is returned."""
    call = load_call(session, principal, call_id)
    if unredacted:
        try:
            transcript = phi_access.read_unredacted_transcript(session, store, call, principal, purpose)
        except phi_access.PhiAccessDenied as exc:
            raise _phi_denied(exc) from None
        except Exception as exc:
            if type(exc).__name__ == "StageError":
                raise Problem(409, "no transcript is stored for this call yet", kind="not-ready") from None
            raise
        return TranscriptOut(call_id=call.id, redacted=False, purpose=phi_access.valid_purpose(purpose),
                             transcript=transcript, phi_spans=_spans(session, call.id))
    if call.status not in ("redacted", "scored"):
        raise Problem(409, f"the call is {call.status}; the redacted transcript is not ready", kind="not-ready")
    phi_access.record_redacted_read(session, call, principal, "transcript")
    return TranscriptOut(call_id=call.id, redacted=True, transcript=redacted_transcript(session, call),
                         phi_spans=_spans(session, call.id))


@router.get(
    "/calls/{call_id}/phi-spans/{span_id}", response_model=ReidentifiedSpan,
    responses=responses(401, 403, 404), summary="Re-identify one redacted span (compliance, with a purpose)",
)
def reidentify(
    call_id: str, span_id: RowId, principal: Principal = Depends(require_roles(*EVERYONE)),
    session: Session = Depends(get_session), store: BlobStore = Depends(get_store),
    purpose: str | None = Depends(purpose_param),
) -> ReidentifiedSpan:
    call = load_call(session, principal, call_id)
    span = session.get(PhiSpanRow, span_id)
    if span is None or span.call_id != call.id:
        raise not_found("span")
    try:
        value = phi_access.reidentify_span(session, store, call, span, principal, purpose)
    except phi_access.PhiAccessDenied as exc:
        raise _phi_denied(exc) from None
    return ReidentifiedSpan(span_id=span_id, type=span.type, value=value)


def _range_response(data: bytes, range_header: str | None, media_type: str) -> Response:
    size = len(data)
    headers = {"Accept-Ranges": "bytes", "Cache-Control": "no-store"}
    if not range_header:
        return Response(data, media_type=media_type, headers=headers)
    unit, _, spec = range_header.partition("=")
    first = spec.split(",")[0].strip()
    start_s, _, end_s = first.partition("-")
    try:
        if unit.strip() != "bytes" or "," in spec:
            raise ValueError
        if start_s == "":  # suffix range: the last N bytes
            length = int(end_s)
            if length <= 0:
                raise ValueError
            start, end = max(0, size - length), size - 1
        else:
            start = int(start_s)
            end = int(end_s) if end_s else size - 1
            end = min(end, size - 1)
        if start > end or start >= size or start < 0:
            raise ValueError
    except ValueError:
        raise Problem(416, "the requested range cannot be served", kind="range",
                      headers={"Content-Range": f"bytes */{size}"}) from None
    headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    chunk = data[start : end + 1]

    def body() -> Any:
        step = 64 * 1024
        for i in range(0, len(chunk), step):
            yield chunk[i : i + step]

    headers["Content-Length"] = str(len(chunk))
    return StreamingResponse(body(), status_code=206, media_type=media_type, headers=headers)


AUDIO_RESPONSES = {200: {"content": {"audio/flac": {"schema": {"type": "string", "format": "binary"}}},
                         "description": "The audio (206 with Content-Range for a Range request)."},
                   206: {"content": {"audio/flac": {"schema": {"type": "string", "format": "binary"}}},
                         "description": "Part of the audio."},
                   **responses(401, 403, 404, 409, 416)}


@router.get("/calls/{call_id}/audio", response_class=Response, responses=AUDIO_RESPONSES,
            summary="Redacted audio (FLAC), with HTTP range requests")
def get_audio(
    call_id: str, principal: Principal = Depends(require_roles(*AUDIO_READERS)),
    session: Session = Depends(get_session), store: BlobStore = Depends(get_store),
    range_header: str | None = Header(default=None, alias="Range", max_length=200),
) -> Response:
    """Redacted audio still carries the voices (a biometric identifier), so each playback is logged: once
    per playback, when a player starts from the beginning (no Range, or a range from byte 0). The
    further range requests a player sends while it buffers and seeks (about eight per play) are not
    logged again, so the access report shows plays, not HTTP requests."""
    call = load_call(session, principal, call_id)
    if call.redacted_audio_key is None:
        raise Problem(409, "no redacted audio for this call (transcript call, or not redacted yet)",
                      kind="not-ready")
    data = store.get(call.redacted_audio_key)
    response = _range_response(data, range_header, "audio/flac")
    if starts_playback(range_header):
        phi_access.record_redacted_read(session, call, principal, "audio")
    return response


def starts_playback(range_header: str | None) -> bool:
    """Whether a request for audio begins a playback: no Range header, or a range starting at byte 0."""
    if not range_header:
        return True
    unit, _, spec = range_header.partition("=")
    start = spec.split(",")[0].strip().partition("-")[0].strip()
    return unit.strip() == "bytes" and start.isdigit() and int(start) == 0


@router.get("/calls/{call_id}/audio/raw", response_class=Response,
            responses={**AUDIO_RESPONSES, 200: {"content": {"application/octet-stream": {
                "schema": {"type": "string", "format": "binary"}}}, "description": "The original recording."}},
            summary="Raw (unredacted) audio: compliance officer with a purpose, audited")
def get_raw_audio(
    call_id: str, principal: Principal = Depends(require_roles(*EVERYONE)),
    session: Session = Depends(get_session), store: BlobStore = Depends(get_store),
    purpose: str | None = Depends(purpose_param),
    range_header: str | None = Header(default=None, alias="Range", max_length=200),
) -> Response:
    call = load_call(session, principal, call_id)
    try:
        data = phi_access.read_raw_audio(session, store, call, principal, purpose)
    except phi_access.PhiAccessDenied as exc:
        raise _phi_denied(exc) from None
    except LookupError:
        raise Problem(409, "no raw audio is stored for this call", kind="not-available") from None
    return _range_response(data, range_header, "application/octet-stream")


@router.patch("/calls/{call_id}/outcome", response_model=CallOut, responses=responses(401, 403, 404, 422),
              summary="Record what happened after the call (appointment kept, survey score, ...)")
def update_outcome(
    call_id: str, outcome: OutcomeIn, principal: Principal = Depends(require_roles("platform", "admin")),
    session: Session = Depends(get_session),
) -> CallOut:
    call = load_call(session, principal, call_id)
    metadata = dict(call.call_metadata or {})
    for key, value in outcome.model_dump(exclude_none=True).items():
        metadata[key] = value
    call.call_metadata = metadata  # a new dict so the JSON column is seen as changed
    session.add(call)
    session.flush()
    return call_out(call)
