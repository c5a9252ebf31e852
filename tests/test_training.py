"""``qa-engine rubrics train``: analysts' empathy overrides become training examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from models.calls import Call
from models.interchange import Segment, Transcript
from models.scoring import CriterionScore, ReviewOverride
from qa_engine import db
from qa_engine.cli import app
from qa_engine.training import examples_from_overrides


def test_overrides_become_examples_and_models_are_retrained(qa_home: Path, tmp_path: Path) -> None:
    from qa_engine.synthetic import generate_call
    from rubrics.score import score_call

    runner = CliRunner()

    def machine_failed_empathy(seed: int) -> bool:
        result = score_call(generate_call(seed, flaws=["no_empathy"]).transcript)
        return any(c.kind == "empathy" and c.passed is False for c in result.criteria)

    call = generate_call(next(seed for seed in range(200) if machine_failed_empathy(seed)), flaws=["no_empathy"])
    path = tmp_path / "call.json"
    path.write_text(call.transcript.model_dump_json())
    assert runner.invoke(app, ["process", str(path)]).exit_code == 0
    with db.session_scope() as session:
        stored = session.exec(select(Call)).one()
        empathy = session.exec(select(CriterionScore).where(
            CriterionScore.call_id == stored.id, CriterionScore.kind == "empathy")).one()
        assert empathy.passed is False and empathy.details["unanswered_distress_segments"]
        # The analyst hears it differently: the agent's reply was empathetic.
        session.add(ReviewOverride(call_id=stored.id, criterion_id=empathy.criterion_id, score=empathy.max,
                                   passed=True, reason="acknowledged the worry in her own words"))
    with db.session_scope() as session:
        examples = examples_from_overrides(session)
    assert examples["empathy"] and all(label == 1 for _, label in examples["empathy"])

    out = tmp_path / "models"
    result = runner.invoke(app, ["rubrics", "train", "--out", str(out)])
    assert result.exit_code == 0, result.stdout
    assert (out / "empathy.joblib").exists() and (out / "distress.joblib").exists()
    assert "empathy" in result.stdout


# A reply the packaged empathy model does not take for empathy (P ~0.14); one analyst's override teaches it.
PLAIN_SPOKEN_EMPATHY = "Oof, rough stretch, pal."


def _distress_call() -> Transcript:
    turns = [
        ("agent", "Thank you for calling Riverside Family Medicine, this is Sarah. This call may be recorded for "
                  "quality and training purposes. How can I help you today?"),
        ("caller", "i'm really worried about my test results, i haven't slept all week"),
        ("agent", PLAIN_SPOKEN_EMPATHY),
        ("caller", "yeah"),
        ("agent", "Can I have your full name and date of birth?"),
        ("caller", "ann lee may fifth ninety"),
        ("agent", "Is there anything else I can help you with today?"),
        ("caller", "no that's all thanks"),
        ("agent", "Thanks for calling Riverside Family Medicine, have a great day."),
    ]
    segments = [Segment(speaker=s, start=3.0 * i, end=3.0 * i + 2.5, text=t) for i, (s, t) in enumerate(turns)]
    return Transcript(call_id="retrain-1", call_type="patient_inquiry", segments=segments)


def _empathy(transcript: Transcript):
    from rubrics.score import score_call

    return next(c for c in score_call(transcript).criteria if c.kind == "empathy")


def test_retrained_models_in_the_home_score_and_the_packaged_ones_are_the_fallback(
        qa_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from qa_engine.settings import get_settings
    from rubrics.model_store import PACKAGED_DIR, configured_model_dir

    runner = CliRunner()
    packaged = [(PACKAGED_DIR / f"{n}.joblib").read_bytes() for n in ("empathy", "distress")]
    transcript = _distress_call()
    # the packaged model misses the plain-spoken reply: distress left unacknowledged
    before = _empathy(transcript)
    assert before.passed is False and before.details["unanswered_distress_segments"] == [1]
    assert 2 not in before.details["empathy_segments"]

    path = tmp_path / "call.json"
    path.write_text(transcript.model_dump_json())
    assert runner.invoke(app, ["process", str(path)]).exit_code == 0
    with db.session_scope() as session:
        stored = session.exec(select(Call)).one()
        empathy = session.exec(select(CriterionScore).where(
            CriterionScore.call_id == stored.id, CriterionScore.kind == "empathy")).one()
        assert empathy.passed is False
        session.add(ReviewOverride(call_id=stored.id, criterion_id=empathy.criterion_id, score=empathy.max,
                                   passed=True, reason="that was her way of acknowledging it"))

    # trained into the home (no --out): the home's models now score, in this process and in a new command
    result = runner.invoke(app, ["rubrics", "train"])
    assert result.exit_code == 0, result.stdout
    home_models = get_settings().model_cache / "rubrics"
    assert (home_models / "empathy.joblib").is_file() and (home_models / "distress.joblib").is_file()
    assert configured_model_dir() == home_models
    after = _empathy(transcript)
    assert after.passed is True and 2 in after.details["empathy_segments"]
    scored = runner.invoke(app, ["score", str(path)])
    assert scored.exit_code == 0, scored.stdout
    criteria = {c["kind"]: c for c in json.loads(scored.stdout)["criteria"]}
    assert criteria["empathy"]["passed"] is True
    # the packaged models are untouched
    assert [(PACKAGED_DIR / f"{n}.joblib").read_bytes() for n in ("empathy", "distress")] == packaged

    # another home without retrained models falls back to the packaged ones
    monkeypatch.setenv("QA_ENGINE_HOME", str(tmp_path / "other-home"))
    get_settings.cache_clear()
    assert _empathy(transcript).passed is False
    # a partial set (one model only) is never mixed with the packaged ones
    (tmp_path / "other-home" / "models" / "rubrics").mkdir(parents=True)
    (tmp_path / "other-home" / "models" / "rubrics" / "empathy.joblib").write_bytes(
        (home_models / "empathy.joblib").read_bytes())
    assert _empathy(transcript).passed is False
