"""The walking skeleton end to end: submit, process, persist, resume, refuse bad input, keep PHI out of logs."""

from __future__ import annotations

import json
import wave
from pathlib import Path

import numpy as np
import pytest
import soundfile
from sqlalchemy import inspect
from sqlmodel import select
from typer.testing import CliRunner

from models.calls import Call, Organization, PhiSpanRow, TranscriptSegmentRow
from models.scoring import CriterionScore, Score
from qa_engine import db
from qa_engine.cli import app

runner = CliRunner()

EXPECTED_TABLES = {"organization", "agent", "user", "call", "transcript_segment", "phi_span", "job",
                   "rubric_version", "score", "criterion_score", "review_override", "dispute"}


def cli(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def synthetic_transcript(tmp_path: Path, seed: int = 7, name: str | None = None) -> tuple[Path, list[str]]:
    """A synthetic call as transcript JSON, and the PHI values said in it."""
    from qa_engine.synthetic import generate_call

    call = generate_call(seed)
    path = tmp_path / (name or f"call-{seed}.json")
    path.write_text(call.transcript.model_dump_json())
    values = [call.transcript.segments[p.segment].text[p.start : p.end] for p in call.labels.phi]
    return path, values


def all_calls() -> list[Call]:
    with db.session_scope() as session:
        return list(session.exec(select(Call)))


# ---------------------------------------------------------------- migrations


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_migrations_create_and_drop_the_schema(backend: str, qa_home: Path, request: pytest.FixtureRequest) -> None:
    url = db.get_settings().db_url if backend == "sqlite" else request.getfixturevalue("pg_url")
    db.upgrade(url)
    tables = set(inspect(db.get_engine(url)).get_table_names())
    assert tables >= EXPECTED_TABLES
    assert db.current_revision(url) is not None
    db.downgrade(url, "base")
    assert set(inspect(db.get_engine(url)).get_table_names()) <= {"alembic_version"}


def test_init_creates_home_key_and_database(qa_home: Path) -> None:
    code, stdout, _ = cli("init")
    assert code == 0, stdout
    assert (qa_home / "qa-engine.db").exists()
    key_file = qa_home / "keys" / "data.key"
    assert key_file.exists() and oct(key_file.stat().st_mode)[-3:] == "600"


# ---------------------------------------------------------------- transcript calls


def test_transcript_call_is_stored_redacted_and_scored(any_home: Path, tmp_path: Path) -> None:
    path, phi_values = synthetic_transcript(tmp_path)
    code, stdout, stderr = cli("process", str(path), "--org", "clinic-a", "--agent", "a-1")
    assert code == 0, stdout + stderr
    (call,) = all_calls()
    assert call.status == "scored" and call.org_id == "clinic-a" and call.agent_id == "a-1"
    with db.session_scope() as session:
        segments = session.exec(select(TranscriptSegmentRow).where(TranscriptSegmentRow.call_id == call.id)).all()
        spans = session.exec(select(PhiSpanRow).where(PhiSpanRow.call_id == call.id)).all()
        score = session.exec(select(Score).where(Score.call_id == call.id)).one()
        criteria = session.exec(select(CriterionScore).where(CriterionScore.score_id == score.id)).all()
    assert segments and spans and criteria
    redacted_text = " ".join(s.text for s in segments)
    assert "<" in redacted_text  # tags replace PHI
    assert 0 <= score.total <= 100
    # Unredacted text is encrypted at rest: no PHI value in the database file or the storage folder.
    long_values = [v for v in phi_values if len(v) >= 6]
    assert long_values
    files = [p for p in any_home.rglob("*") if p.is_file() and "logs" not in p.parts]
    on_disk = b"".join(p.read_bytes() for p in files)
    for value in long_values:
        assert value.encode() not in on_disk, "a PHI value is stored in clear"


def test_same_input_twice_is_not_duplicated(any_home: Path, tmp_path: Path) -> None:
    path, _ = synthetic_transcript(tmp_path)
    assert cli("process", str(path), "--org", "clinic-a")[0] == 0
    assert cli("process", str(path), "--org", "clinic-a")[0] == 0
    assert len(all_calls()) == 1
    # Another organization's copy is its own call.
    assert cli("process", str(path), "--org", "clinic-b")[0] == 0
    assert len(all_calls()) == 2


def test_failed_stage_resumes_without_redoing_earlier_stages(any_home: Path, tmp_path: Path) -> None:
    path, _ = synthetic_transcript(tmp_path)
    cli("init", "--org", "clinic-a")
    with db.session_scope() as session:
        org = session.get(Organization, "clinic-a")
        assert org is not None
        org.settings = {"phi": {"staff_names": 5}}  # a configuration mistake
        session.add(org)
    code, stdout, _ = cli("process", str(path), "--org", "clinic-a")
    assert code == 1
    (call,) = all_calls()
    assert call.status == "failed" and call.failed_stage == "redact"
    assert call.failure_reason and "phi.staff_names" in call.failure_reason
    transcript_key = call.raw_transcript_key

    with db.session_scope() as session:
        org = session.get(Organization, "clinic-a")
        assert org is not None
        org.settings = {}
        session.add(org)
    code, stdout, _ = cli("calls", "retry", call.id)
    assert code == 0, stdout
    (call,) = all_calls()
    assert call.status == "scored" and call.attempts == 2 and call.failure_reason is None
    assert call.raw_transcript_key == transcript_key  # the transcript was not redone


def test_an_organizations_edited_rubric_scores_its_calls(any_home: Path, tmp_path: Path) -> None:
    import yaml

    from models.scoring import RubricVersion
    from rubrics.schema import next_version, rubric_for_call_type

    path, _ = synthetic_transcript(tmp_path)
    call_type = json.loads(path.read_text())["call_type"]
    library = rubric_for_call_type(call_type)
    edited = yaml.safe_load(yaml.safe_dump(library.model_dump(mode="json")))
    edited["criteria"][0]["weight"] = edited["criteria"][0]["weight"] + 7
    version = next_version(library, yaml.safe_dump(edited))
    cli("init", "--org", "clinic-a")
    with db.session_scope() as session:
        session.add(RubricVersion(org_id="clinic-a", rubric_id=version.id, version=version.version,
                                  name=version.name, yaml_text=yaml.safe_dump(edited)))
    assert cli("process", str(path), "--org", "clinic-a")[0] == 0
    assert cli("process", str(path), "--org", "clinic-b")[0] == 0
    with db.session_scope() as session:
        versions = {s.org_id: (s.rubric_id, s.rubric_version) for s in session.exec(select(Score))}
    assert versions == {"clinic-a": (library.id, library.version + 1), "clinic-b": (library.id, library.version)}


# ---------------------------------------------------------------- bad input


def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    not_audio = tmp_path / "not_audio.wav"
    not_audio.write_bytes(b"this is a text file pretending to be audio\n" * 20)
    tone = np.sin(np.linspace(0, 440 * 2 * np.pi, 16000)).astype(np.float32)
    flac = tmp_path / "full.flac"
    soundfile.write(flac, tone, 16000)
    truncated = tmp_path / "truncated.flac"
    truncated.write_bytes(flac.read_bytes()[:200])
    zero = tmp_path / "zero_length.wav"
    with wave.open(str(zero), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(16000)
    malformed = tmp_path / "malformed.json"
    malformed.write_text('{"call_id": "x", "segments": [ {"speaker": "agent", ')
    wrong_shape = tmp_path / "wrong_shape.json"
    wrong_shape.write_text(json.dumps({"segments": [{"speaker": "robot", "text": "hi"}]}))
    return {"empty": empty, "not audio": not_audio, "truncated": truncated, "zero-length": zero,
            "missing": tmp_path / "missing.flac", "malformed json": malformed, "wrong shape": wrong_shape}


def test_bad_inputs_exit_2_with_one_line_and_keep_stored_calls(any_home: Path, tmp_path: Path) -> None:
    good, _ = synthetic_transcript(tmp_path)
    assert cli("process", str(good))[0] == 0
    before = [(c.id, c.status) for c in all_calls()]
    for label, path in _bad_inputs(tmp_path).items():
        code, stdout, stderr = cli("process", str(path))
        lines = [line for line in stderr.splitlines() if line.strip()]
        assert code == 2, f"{label}: exit {code}"
        assert len(lines) == 1 and path.name in lines[0], f"{label}: {stderr!r}"
        assert "Traceback" not in stdout + stderr
    assert [(c.id, c.status) for c in all_calls()] == before


def test_transcribe_refuses_bad_audio_with_one_line(qa_home: Path, tmp_path: Path) -> None:
    path = _bad_inputs(tmp_path)["not audio"]
    code, _, stderr = cli("transcribe", str(path))
    assert code == 2 and stderr.strip().count("\n") == 0 and "not_audio.wav" in stderr


def test_no_phi_in_the_logs_of_a_run(qa_home: Path, tmp_path: Path) -> None:
    values: list[str] = []
    paths = []
    for seed in (11, 12, 13):
        path, found = synthetic_transcript(tmp_path, seed)
        paths.append(str(path))
        values += found
    code, _, _ = cli("process", *paths, "--org", "clinic-a")
    assert code == 0
    logs = "".join(p.read_text() for p in (qa_home / "logs").glob("*.log*"))
    assert logs  # the run did log
    leaked = [v for v in values if len(v) >= 5 and v in logs]
    assert not leaked, f"{len(leaked)} PHI values in the logs"


# ---------------------------------------------------------------- audio


@pytest.mark.slow
def test_bundled_audio_call_end_to_end(qa_home: Path, tmp_path: Path) -> None:
    from qa_engine.synthetic import bundled_calls

    audio = bundled_calls()[0]
    sidecar = json.loads(audio.with_suffix(".json").read_text())
    record = tmp_path / "record.json"
    record.write_text(json.dumps(sidecar.get("record") or {}))
    code, stdout, stderr = cli("process", str(audio), "--org", "clinic-a", "--record", str(record))
    assert code == 0, stdout + stderr
    (call,) = all_calls()
    assert call.status == "scored" and call.channel_layout == "stereo"
    assert call.raw_audio_key and call.redacted_audio_key and call.duration and call.duration > 5
    with db.session_scope() as session:
        segments = session.exec(select(TranscriptSegmentRow).where(TranscriptSegmentRow.call_id == call.id)).all()
    assert {s.speaker for s in segments} == {"agent", "caller"}
    assert all(s.words for s in segments)
