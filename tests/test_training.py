"""``qa-engine rubrics train``: analysts' empathy overrides become training examples."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select
from typer.testing import CliRunner

from models.calls import Call
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
