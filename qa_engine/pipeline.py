"""Run a call through the stages and persist each result.

recording -> transcript -> PHI spans -> redacted transcript and audio -> scores -> flags

Each stage is a plain function over plain data (in ``transcription``, ``redactors``, ``rubrics``);
this module is the edge that loads inputs from the database and encrypted storage, runs one stage,
and stores its output in its own transaction. ``Call.status`` names the last completed stage, so a
failed call resumes from the stage that failed and never redoes (or loses) earlier work.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import soundfile
from sqlmodel import Session, delete, select

from models.calls import Agent, Call, Organization, PhiSpanRow, TranscriptSegmentRow, utcnow
from models.interchange import PhiSpan, ScoreResult, Transcript
from models.scoring import CriterionScore, RubricVersion, Score
from qa_engine.storage import BlobStore

log = logging.getLogger("qa_engine.pipeline")

STAGES = ("transcribe", "redact", "score")
STATUS_AFTER = {"transcribe": "transcribed", "redact": "redacted", "score": "scored"}
STATUS_ORDER = ("received", "transcribed", "redacted", "scored")
AUDIO_SUFFIXES = {".wav", ".flac", ".mp3", ".ogg", ".opus", ".m4a", ".aac", ".mp4", ".webm"}
TRANSCRIPT_SUFFIXES = {".json"}

Progress = Callable[[str, float], None]


class InputError(ValueError):
    """Bad input from the caller: a one-line, PHI-free message, shown as is (CLI exit 2, HTTP 4xx)."""


class StageError(RuntimeError):
    """A stage failed; the message is safe to store and show (no PHI)."""


@dataclass
class CallMeta:
    org_id: str = "default"
    agent_id: str | None = None
    call_type: str | None = None
    direction: str = "inbound"
    started_at: datetime | None = None
    external_id: str | None = None
    channel_roles: tuple[str, ...] = ("agent", "caller")
    metadata: dict[str, Any] | None = None


# ---------------------------------------------------------------- submission


def ensure_org(session: Session, org_id: str, name: str | None = None) -> Organization:
    org = session.get(Organization, org_id)
    if org is None:
        org = Organization(id=org_id, name=name or org_id, settings={})
        session.add(org)
        session.flush()
    return org


def ensure_agent(session: Session, org_id: str, agent_id: str | None) -> str | None:
    if not agent_id:
        return None
    agent = session.get(Agent, agent_id)
    if agent is None:
        session.add(Agent(id=agent_id, org_id=org_id, name=agent_id))
        session.flush()
    elif agent.org_id != org_id:
        raise InputError(f"agent {agent_id} belongs to another organization")
    return agent_id


def load_transcript_json(data: bytes, name: str = "transcript") -> Transcript:
    """Parse the documented transcript JSON; errors name the problem, never the content."""
    try:
        raw = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{name}: not valid JSON (line {getattr(exc, 'lineno', '?')})") from None
    if not isinstance(raw, dict):
        raise InputError(f"{name}: transcript JSON must be an object with a 'segments' list")
    if not isinstance(raw.get("segments"), list):
        raise InputError(f"{name}: transcript JSON needs a 'segments' list")
    from pydantic import ValidationError

    try:
        return Transcript.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InputError(f"{name}: invalid transcript JSON at {where}: {first['msg']}") from None


def submit_audio(
    session: Session, store: BlobStore, data: bytes, meta: CallMeta, *, name: str = "audio",
    record: dict[str, Any] | None = None,
) -> tuple[Call, bool]:
    """Store a recording (encrypted) as a new call, or return the existing call for the same audio.

    Returns ``(call, created)``. The audio is decoded once here so that bad input is refused before
    anything is stored.
    """
    from qa_engine.transcription.audio import AudioDecodeError, decode_audio_bytes

    digest = hashlib.sha256(data).hexdigest()
    existing = _find_duplicate(session, meta.org_id, digest)
    if existing is not None:
        return existing, False
    try:
        audio = decode_audio_bytes(data, name)
    except AudioDecodeError as exc:
        raise InputError(str(exc)) from None
    call = _new_call(session, store, meta, digest, source="audio", record=record)
    call.duration = round(audio.duration, 3)
    call.raw_audio_key = store.put(data, "raw-audio")
    session.add(call)
    session.flush()
    return call, True


def submit_transcript(
    session: Session, store: BlobStore, transcript: Transcript, meta: CallMeta,
) -> tuple[Call, bool]:
    """Store a transcript that skips audio (platform transcripts, chat, SMS)."""
    canonical = transcript.model_dump_json().encode()
    digest = hashlib.sha256(canonical).hexdigest()
    existing = _find_duplicate(session, meta.org_id, digest)
    if existing is not None:
        return existing, False
    if meta.call_type is None and transcript.call_type != "unknown":
        meta.call_type = transcript.call_type
    call = _new_call(session, store, meta, digest, source="transcript", record=transcript.record)
    if transcript.call_id:
        call.external_id = call.external_id or transcript.call_id[:128]
    call.duration = transcript.duration
    call.raw_transcript_key = store.put(canonical, "raw-transcript")
    call.status = "transcribed"
    session.add(call)
    session.flush()
    return call, True


def _find_duplicate(session: Session, org_id: str, digest: str) -> Call | None:
    return session.exec(select(Call).where(Call.org_id == org_id, Call.audio_sha256 == digest)).first()


def _new_call(
    session: Session, store: BlobStore, meta: CallMeta, digest: str, *, source: str,
    record: dict[str, Any] | None,
) -> Call:
    ensure_org(session, meta.org_id)
    agent_id = ensure_agent(session, meta.org_id, meta.agent_id)
    call = Call(
        id=str(uuid.uuid4()), org_id=meta.org_id, agent_id=agent_id, external_id=meta.external_id,
        call_type=meta.call_type or "unknown", direction=meta.direction, started_at=meta.started_at,
        source=source, channel_roles=list(meta.channel_roles), audio_sha256=digest,
        call_metadata=dict(meta.metadata or {}),
    )
    if record:
        call.record_key = store.put(json.dumps(record).encode(), "record")
    return call


# ---------------------------------------------------------------- processing


def process_call(
    call_id: str, *, session_factory: Callable[[], Any], store: BlobStore,
    progress: Progress | None = None, until: str | None = None,
) -> Call:
    """Run every stage not yet completed; a failure marks the call failed with its reason.

    ``session_factory`` yields a context-managed session that commits (``qa_engine.db.session_scope``):
    each stage commits on its own, so a crash keeps all completed stages.
    """
    with session_factory() as session:
        call = _get_call(session, call_id)
        call.attempts += 1
        call.failure_reason = None
        call.updated_at = utcnow()
        session.add(call)
        start_stage = _next_stage(call)
    for stage in STAGES[STAGES.index(start_stage) :] if start_stage else ():
        try:
            with session_factory() as session:
                _audit_stage_access(session, _get_call(session, call_id), stage)
            with session_factory() as session:
                call = _get_call(session, call_id)
                STAGE_RUNNERS[stage](session, store, call, progress)
                call.status = STATUS_AFTER[stage]
                call.failed_stage = None
                call.updated_at = utcnow()
                session.add(call)
        except Exception as exc:  # the reason is stored, the call stays retryable
            reason = _safe_reason(stage, exc)
            log.warning("call %s failed at stage %s: %s", call_id, stage, reason)
            with session_factory() as session:
                call = _get_call(session, call_id)
                call.status = "failed"
                call.failed_stage = stage
                call.failure_reason = reason
                call.updated_at = utcnow()
                session.add(call)
            return call
        if progress:
            progress(stage, 1.0)
        if until == stage:
            break
    with session_factory() as session:
        return _get_call(session, call_id)


PROCESSING_PURPOSE = "automated QA processing (health care operations)"


def _audit_stage_access(session: Session, call: Call, stage: str) -> None:
    """The pipeline's own reads of raw audio and unredacted text are PHI access too: record them.

    Committed on its own before the stage runs: the read happens even if the stage then fails, and a
    long stage must not hold the organization's audit chain locked.
    """
    from audits.chain import record_event

    action = "read_raw_audio" if stage == "transcribe" else "read_unredacted_transcript"
    record_event(session, org_id=call.org_id, actor="system:pipeline", role="system", action=action,
                 resource_type="call", resource_id=call.id, purpose=PROCESSING_PURPOSE,
                 details={"stage": stage})


def _get_call(session: Session, call_id: str) -> Call:
    call = session.get(Call, call_id)
    if call is None:
        raise InputError(f"no call {call_id}")
    return call


def _next_stage(call: Call) -> str | None:
    if call.status == "failed":
        return call.failed_stage or STAGES[0]
    done = STATUS_ORDER.index(call.status)
    return STAGES[done] if done < len(STAGES) else None


def _safe_reason(stage: str, exc: Exception) -> str:
    # Our own errors carry vetted messages; anything else could embed data, so only its type is kept.
    if isinstance(exc, (StageError, InputError)):
        return str(exc)
    from qa_engine.transcription.audio import AudioDecodeError

    if isinstance(exc, AudioDecodeError):
        return f"audio could not be decoded: {str(exc).split(': ', 1)[-1]}"
    return f"{stage} stage failed ({type(exc).__name__})"


def _stage_transcribe(session: Session, store: BlobStore, call: Call, progress: Progress | None) -> None:
    from qa_engine.transcription.audio import channels_identical, decode_audio_bytes
    from qa_engine.transcription.transcribe import transcribe_audio

    if call.raw_audio_key is None:
        raise StageError("raw audio is no longer stored (purged by retention)")
    audio = decode_audio_bytes(store.get(call.raw_audio_key), "audio")
    org = session.get(Organization, call.org_id)
    vocabulary = (org.settings.get("vocabulary") if org else None) or []
    transcript = transcribe_audio(
        audio, call_id=call.id, call_type=call.call_type, roles=tuple(call.channel_roles),
        initial_prompt=", ".join(vocabulary) or None,
        progress=(lambda fraction: progress("transcribe", fraction)) if progress else None,
    )
    if call.record_key:
        transcript.record = json.loads(store.get(call.record_key))
    if audio.channels == 1:
        call.channel_layout = "mono"
    else:
        call.channel_layout = "stereo-identical" if channels_identical(audio.samples) else "stereo"
    confidences = [s.confidence for s in transcript.segments if s.confidence is not None]
    call.asr_confidence = round(sum(confidences) / len(confidences), 4) if confidences else None
    call.duration = round(audio.duration, 3)
    _replace_blob(store, call, "raw_transcript_key", transcript.model_dump_json().encode(), "raw-transcript")


def _replace_blob(store: BlobStore, call: Call, attr: str, data: bytes, kind: str) -> None:
    old = getattr(call, attr)
    setattr(call, attr, store.put(data, kind))
    if old:
        store.delete(old)


def load_raw_transcript(store: BlobStore, call: Call) -> Transcript:
    """The unredacted transcript. Callers outside the pipeline go through ``phi_access``."""
    if call.raw_transcript_key is None:
        raise StageError("no transcript stored for this call")
    transcript = Transcript.model_validate_json(store.get(call.raw_transcript_key))
    transcript.call_id = call.id
    transcript.call_type = call.call_type
    if call.record_key and transcript.record is None:
        transcript.record = json.loads(store.get(call.record_key))
    return transcript


def org_phi_config(org: Organization | None) -> Any:
    from redactors.detect import OrgPhiConfig

    return _org_setting(OrgPhiConfig, org, "phi")


def _org_setting(model: Any, org: Organization | None, key: str) -> Any:
    from pydantic import ValidationError

    try:
        return model.model_validate(org.settings.get(key, {}) if org else {})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise StageError(f"organization setting {key}.{where} is invalid: {first['msg']}") from None


def _stage_redact(session: Session, store: BlobStore, call: Call, progress: Progress | None) -> None:
    from redactors.detect import detect_phi
    from redactors.redact import encrypt_span_values, redact_transcript

    transcript = load_raw_transcript(store, call)
    org = session.get(Organization, call.org_id)
    spans = detect_phi(transcript, org_phi_config(org))
    redacted = redact_transcript(transcript, spans)
    tokens = encrypt_span_values(transcript, spans, store.keyring.keys[store.keyring.active])
    session.exec(delete(TranscriptSegmentRow).where(TranscriptSegmentRow.call_id == call.id))
    session.exec(delete(PhiSpanRow).where(PhiSpanRow.call_id == call.id))
    for idx, segment in enumerate(redacted.segments):
        session.add(TranscriptSegmentRow(
            call_id=call.id, idx=idx, speaker=segment.speaker, start=segment.start, end=segment.end,
            text=segment.text, words=[w.model_dump() for w in segment.words], confidence=segment.confidence,
        ))
    for span, token in zip(spans, tokens, strict=True):
        session.add(PhiSpanRow(
            call_id=call.id, segment=span.segment, start=span.start, end=span.end, type=span.type,
            score=span.score, recognizer=span.recognizer, token=token,
        ))
    if call.source == "audio" and call.raw_audio_key:
        _redact_call_audio(store, call, transcript, spans)


def _redact_call_audio(store: BlobStore, call: Call, transcript: Transcript, spans: list[PhiSpan]) -> None:
    from qa_engine.transcription.audio import decode_audio_bytes
    from redactors.audio import redact_audio

    audio = decode_audio_bytes(store.get(call.raw_audio_key or ""), "audio")
    channel_of = {role: index for index, role in enumerate(call.channel_roles)}
    samples, _ = redact_audio(audio.samples, audio.sample_rate, transcript, spans, channel_of=channel_of)
    buffer = io.BytesIO()
    soundfile.write(buffer, samples.T, audio.sample_rate, format="FLAC")
    # Redacted audio still carries voices (a biometric identifier): it stays encrypted at rest too.
    _replace_blob(store, call, "redacted_audio_key", buffer.getvalue(), "redacted-audio")


def _stage_score(session: Session, store: BlobStore, call: Call, progress: Progress | None) -> None:
    from rubrics.score import review_priority, score_call

    transcript = load_raw_transcript(store, call)
    spans = [
        PhiSpan(segment=r.segment, start=r.start, end=r.end, type=r.type, score=r.score, recognizer=r.recognizer)
        for r in session.exec(select(PhiSpanRow).where(PhiSpanRow.call_id == call.id))
    ]
    org = session.get(Organization, call.org_id)
    rubric, stored = rubric_for_call(session, call)
    result = score_call(transcript, rubric, phi_spans=spans, org=org_rubric_overrides(org))
    if call.asr_confidence is not None and call.asr_confidence < 0.5 and "low_asr_confidence" not in result.flags:
        result.flags.append("low_asr_confidence")
    if not stored:
        _register_rubric_version(session, rubric)
    save_score(session, call, result)
    call.review_priority = review_priority(result)


def warm_up(*, asr: bool = True) -> float:
    """Load every stage's models (ASR, the PHI analyzer, the rubric scorers' models) into this process,
    so a worker's first call pays nothing extra and each process loads them once. Runs one bundled
    synthetic transcript through redaction and scoring; returns the seconds it took."""
    import time

    from qa_engine.settings import get_settings
    from qa_engine.synthetic.corpus import bundled_calls, load_call
    from redactors.detect import detect_phi
    from rubrics.schema import rubric_for_call_type
    from rubrics.score import score_call

    t0 = time.perf_counter()
    if asr:
        from qa_engine.transcription.backends import get_backend

        settings = get_settings()
        get_backend(settings.asr_backend, settings.asr_model)
    transcript = load_call(bundled_calls()[0].with_suffix(".json")).transcript
    spans = detect_phi(transcript)
    score_call(transcript, rubric_for_call_type(transcript.call_type), phi_spans=spans)
    return time.perf_counter() - t0


def rubric_for_call(session: Session, call: Call) -> tuple[Any, bool]:
    """The rubric a call is scored with: the organization's newest version of the call type's rubric
    when it has edited one, else the library's. Returns (rubric, already stored as a version)."""
    from qa_engine.rubric_versions import find
    from rubrics.schema import rubric_for_call_type

    entry = find(session, call.org_id, rubric_for_call_type(call.call_type).id)
    return entry.rubric, entry.source == "organization"


def org_rubric_overrides(org: Organization | None) -> Any:
    from rubrics.schema import OrgOverrides

    return _org_setting(OrgOverrides, org, "rubric")


def _register_rubric_version(session: Session, rubric: Any) -> None:
    found = session.exec(select(RubricVersion).where(
        RubricVersion.org_id.is_(None), RubricVersion.rubric_id == rubric.id,  # type: ignore[union-attr]
        RubricVersion.version == rubric.version,
    )).first()
    if found is None:
        import yaml

        session.add(RubricVersion(
            rubric_id=rubric.id, version=rubric.version, name=rubric.name,
            yaml_text=yaml.safe_dump(rubric.model_dump(mode="json"), sort_keys=False),
        ))


def save_score(session: Session, call: Call, result: ScoreResult) -> Score:
    """Replace the call's machine score (idempotent: a re-run never duplicates rows)."""
    old = session.exec(select(Score).where(Score.call_id == call.id)).first()
    if old is not None:
        session.exec(delete(CriterionScore).where(CriterionScore.score_id == old.id))
        session.delete(old)
        session.flush()
    score = Score(
        call_id=call.id, org_id=call.org_id, agent_id=call.agent_id, rubric_id=result.rubric.id,
        rubric_version=result.rubric.version, total=result.total, auto_failed=result.auto_failed,
        flags=list(result.flags), result=result.model_dump(mode="json"),
    )
    session.add(score)
    session.flush()
    for criterion in result.criteria:
        session.add(CriterionScore(
            score_id=score.id or 0, call_id=call.id, criterion_id=criterion.id, kind=criterion.kind,
            score=criterion.score, max=criterion.max, passed=criterion.passed, confidence=criterion.confidence,
            evidence=[e.model_dump() for e in criterion.evidence], details=criterion.details,
        ))
    return score


STAGE_RUNNERS: dict[str, Callable[[Session, BlobStore, Call, Progress | None], None]] = {
    "transcribe": _stage_transcribe,
    "redact": _stage_redact,
    "score": _stage_score,
}


# ---------------------------------------------------------------- readers


def redacted_transcript(session: Session, call: Call) -> Transcript:
    """The redacted transcript as stored: what every role may see."""
    from models.interchange import Segment

    rows = session.exec(
        select(TranscriptSegmentRow).where(TranscriptSegmentRow.call_id == call.id).order_by(TranscriptSegmentRow.idx)
    ).all()
    return Transcript(
        call_id=call.id, call_type=call.call_type,
        segments=[Segment(speaker=r.speaker, start=r.start, end=r.end, text=r.text, words=r.words,  # type: ignore[arg-type]
                          confidence=r.confidence) for r in rows],
    )


def call_score(session: Session, call_id: str) -> Score | None:
    return session.exec(select(Score).where(Score.call_id == call_id)).first()


def is_audio(path: Path) -> bool:
    return path.suffix.lower() in AUDIO_SUFFIXES


def is_transcript(path: Path) -> bool:
    return path.suffix.lower() in TRANSCRIPT_SUFFIXES
