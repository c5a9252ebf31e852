"""Use cases shared by the CLI, the API and the workers. Nothing here knows about HTTP or terminals."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from models.calls import Call, Organization, PhiSpanRow
from models.interchange import PhiSpan, ScoreResult, Transcript
from models.scoring import CriterionScore
from qa_engine import db
from qa_engine.pipeline import (
    CallMeta,
    InputError,
    call_score,
    is_audio,
    is_transcript,
    load_transcript_json,
    org_phi_config,
    org_rubric_overrides,
    process_call,
    redacted_transcript,
    submit_audio,
    submit_transcript,
)
from qa_engine.settings import get_settings
from qa_engine.storage import BlobStore

__all__ = ["InputError"]


def blob_store() -> BlobStore:
    return BlobStore()


def ensure_database() -> None:
    """Create the home and bring the schema up to date (cheap when already current)."""
    get_settings().resolved_home().mkdir(parents=True, exist_ok=True)
    db.upgrade()


def submit_path(path: Path, meta: CallMeta, record: dict[str, Any] | None = None) -> tuple[str, bool]:
    """Store one input file as a call; returns (call id, created). Bad input raises InputError."""
    if not path.exists():
        raise InputError(f"{path.name}: file not found")
    if not path.is_file():
        raise InputError(f"{path.name}: not a file")
    store = blob_store()
    data = path.read_bytes()
    with db.session_scope() as session:
        if is_transcript(path):
            transcript = load_transcript_json(data, path.name)
            if record is not None:
                transcript.record = record
            call, created = submit_transcript(session, store, transcript, meta)
        elif is_audio(path):
            call, created = submit_audio(session, store, data, meta, name=path.name, record=record)
        else:
            raise InputError(f"{path.name}: unsupported file type (audio: wav, flac, mp3, ogg, m4a; or .json)")
        return call.id, created


def run_call(call_id: str, progress: Any = None) -> dict[str, Any]:
    process_call(call_id, session_factory=db.session_scope, store=blob_store(), progress=progress)
    with db.session_scope() as session:
        call = session.get(Call, call_id)
        if call is None:
            raise InputError(f"no call {call_id}")
        return call_summary(session, call)


def process_path(path: Path, meta: CallMeta, record: dict[str, Any] | None = None) -> dict[str, Any]:
    ensure_database()
    call_id, _ = submit_path(path, meta, record)
    result = run_call(call_id)
    result["file"] = path.name
    return result


def call_summary(session: Session, call: Call) -> dict[str, Any]:
    score = call_score(session, call.id)
    phi_count = len(session.exec(select(PhiSpanRow.id).where(PhiSpanRow.call_id == call.id)).all())
    return {
        "call_id": call.id, "file": "", "org_id": call.org_id, "agent_id": call.agent_id,
        "call_type": call.call_type, "status": call.status, "failure_reason": call.failure_reason,
        "failed_stage": call.failed_stage, "total": None if score is None else score.human_total or score.total,
        "auto_failed": bool(score and score.auto_failed), "flags": list(score.flags) if score else [],
        "phi_spans": phi_count, "review_priority": call.review_priority, "duration": call.duration,
    }


def list_calls(
    session: Session, *, org_id: str | None = None, status: str | None = None, limit: int = 50, offset: int = 0,
) -> list[dict[str, Any]]:
    query = select(Call).order_by(col(Call.created_at).desc()).offset(offset).limit(limit)
    if org_id:
        query = query.where(Call.org_id == org_id)
    if status:
        query = query.where(Call.status == status)
    rows = []
    for call in session.exec(query):
        summary = call_summary(session, call)
        summary["id"] = call.id
        rows.append(summary)
    return rows


def call_detail(session: Session, call_id: str) -> dict[str, Any]:
    """Everything most roles may see about a call: metadata, redacted transcript, scores, evidence."""
    call = session.get(Call, call_id)
    if call is None:
        raise InputError(f"no call {call_id}")
    score = call_score(session, call.id)
    criteria = []
    if score is not None:
        for row in session.exec(select(CriterionScore).where(CriterionScore.score_id == score.id)):
            criteria.append(row.model_dump(exclude={"id", "score_id", "call_id"}))
    spans = session.exec(select(PhiSpanRow).where(PhiSpanRow.call_id == call.id)).all()
    return {
        "call": call.model_dump(exclude={"raw_audio_key", "raw_transcript_key", "record_key", "redacted_audio_key"}),
        "transcript": redacted_transcript(session, call).model_dump(exclude_none=True),
        "phi_spans": [s.model_dump(include={"segment", "start", "end", "type", "score"}) for s in spans],
        "score": None if score is None else {
            "rubric": {"id": score.rubric_id, "version": score.rubric_version}, "total": score.total,
            "human_total": score.human_total, "auto_failed": score.auto_failed, "flags": score.flags,
            "criteria": criteria,
        },
    }


def organization_settings(org_id: str | None) -> Organization | None:
    """The organization's stored configuration, when the home has a database that knows it."""
    if not org_id:
        return None
    ensure_database()
    with db.session_scope() as session:
        org = session.get(Organization, org_id)
        if org is None:
            raise InputError(f"unknown organization {org_id}")
        return org


def score_transcript(
    transcript: Transcript, rubric_id: str | None = None, org_id: str | None = None, file_org: Any = None
) -> ScoreResult:
    """Score a transcript without storing it (``qa-engine score``)."""
    from rubrics.schema import RubricValidationError, load_rubric, rubric_for_call_type
    from rubrics.score import score_call

    try:
        rubric = load_rubric(rubric_id) if rubric_id else rubric_for_call_type(transcript.call_type)
    except (KeyError, RubricValidationError, FileNotFoundError):
        raise InputError(f"unknown rubric {rubric_id!r}") from None
    org = organization_settings(org_id)
    spans = detect_phi_for(transcript, org, file_org)
    return score_call(transcript, rubric, phi_spans=spans, org=org_rubric_overrides(org))


def detect_phi_for(transcript: Transcript, org: Organization | None, file_org: Any = None) -> list[PhiSpan]:
    """PHI spans with the organization's allow-list: a stored organization's settings when one is named,
    else the ``org_config`` the transcript file carries (its staff, provider and clinic names, phone
    numbers and addresses), else none."""
    from redactors.detect import detect_phi

    return detect_phi(transcript, org_phi_config(org) if org is not None or not file_org else file_org)


def file_org_config(data: bytes, name: str = "transcript") -> Any:
    """The ``org_config`` object a transcript JSON carries (as the synthetic calls do), validated."""
    from pydantic import ValidationError

    from redactors.detect import OrgPhiConfig

    raw = json.loads(data)
    config = raw.get("org_config") if isinstance(raw, dict) else None
    if not config:
        return None
    try:
        return OrgPhiConfig.model_validate(config)
    except ValidationError as exc:
        where = ".".join(str(p) for p in exc.errors()[0]["loc"])
        raise InputError(f"{name}: invalid org_config at {where}") from None


def redact_file(path: Path, out_path: Path | None = None, org_id: str | None = None) -> list[Path]:
    """Write the redacted transcript (and redacted audio for an audio input) beside the input."""
    import soundfile

    from qa_engine.transcription.audio import decode_audio
    from qa_engine.transcription.transcribe import transcribe_audio
    from redactors.audio import redact_audio
    from redactors.redact import redact_transcript

    if not path.is_file():
        raise InputError(f"{path.name}: file not found")
    base = out_path or path.with_name(path.stem + ".redacted")
    written: list[Path] = []
    file_org = None
    if is_transcript(path):
        data = path.read_bytes()
        transcript = load_transcript_json(data, path.name)
        file_org = file_org_config(data, path.name)
        audio = None
    elif is_audio(path):
        audio = decode_audio(path)
        transcript = transcribe_audio(audio, call_id=path.stem)
    else:
        raise InputError(f"{path.name}: unsupported file type")
    spans = detect_phi_for(transcript, organization_settings(org_id), file_org)
    redacted = redact_transcript(transcript, spans)
    json_path = base.with_suffix(".json") if base.suffix != ".json" else base
    json_path.write_text(redacted.model_dump_json(indent=2, exclude_none=True))
    written.append(json_path)
    if audio is not None:
        samples, _ = redact_audio(audio.samples, audio.sample_rate, transcript, spans)
        audio_path = json_path.with_suffix(".flac")
        soundfile.write(audio_path, samples.T, audio.sample_rate, format="FLAC")
        written.append(audio_path)
    return written


def run_demo(org_id: str) -> list[dict[str, Any]]:
    """The bundled synthetic calls through the whole pipeline; redacted transcripts exported."""
    from qa_engine.synthetic import bundled_calls

    ensure_database()
    exports = Path(home_summary()["exports"])
    exports.mkdir(parents=True, exist_ok=True)
    results = []
    for audio_path in bundled_calls():
        sidecar = json.loads(audio_path.with_suffix(".json").read_text())
        metadata = sidecar.get("metadata", {})
        meta = CallMeta(org_id=org_id, agent_id=metadata.get("agent_id"),
                        call_type=metadata.get("call_type") or sidecar.get("call_type"))
        result = process_path(audio_path, meta, sidecar.get("record"))
        if result["status"] == "scored":
            with db.session_scope() as session:
                call = session.get(Call, result["call_id"])
                assert call is not None
                export = exports / f"{call.id}.redacted.json"
                export.write_text(redacted_transcript(session, call).model_dump_json(indent=2))
        results.append(result)
    return results


def home_summary() -> dict[str, str]:
    settings = get_settings()
    return {
        "home": str(settings.resolved_home()), "database": settings.db_url,
        "storage": str(settings.storage_path), "exports": str(settings.resolved_home() / "exports"),
    }


def transcript_json(transcript: Transcript) -> str:
    return json.dumps(transcript.model_dump(exclude_none=True), indent=2)
