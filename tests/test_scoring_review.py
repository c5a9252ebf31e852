"""Human review figures against small hand-computed cases: overrides, disputes, calibration."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from models.interchange import CriterionResult, RubricRef, ScoreResult
from rubrics.calibration import calibration_agreement, fleiss_kappa
from rubrics.review import DisputeError, DisputeState, Override, apply_overrides, transition_dispute
from rubrics.score import review_priority


def machine_result() -> ScoreResult:
    return ScoreResult(
        call_id="c1", rubric=RubricRef(id="default", version=1), total=0.0, auto_failed=True,
        flags=["auto_fail", "phi_before_verification", "low_score"],
        criteria=[
            CriterionResult(id="verify", kind="identity_verification", score=0, max=30, passed=False,
                            confidence=0.65, auto_fail=True),
            CriterionResult(id="empathy", kind="empathy", score=20, max=20, passed=True, confidence=0.9),
            CriterionResult(id="accuracy", kind="data_accuracy", score=25, max=50, passed=False, confidence=0.9),
        ],
    )


def test_override_keeps_machine_score_beside_the_human_one():
    t0 = datetime(2026, 3, 1, tzinfo=UTC)
    reviewed = apply_overrides(machine_result(), [
        Override(criterion_id="verify", passed=True, reason="DOB confirmed before the disclosure (crosstalk)",
                 analyst="qa-1", at=t0),
    ])
    assert reviewed.stands == "human"
    assert reviewed.machine_total == 0.0 and reviewed.total == 0.0 and reviewed.auto_failed
    # human: 30 + 20 + 25 of 100, and the auto-fail lifted
    assert reviewed.human_total == pytest.approx(75.0) and reviewed.human_auto_failed is False
    verify = reviewed.criteria[0]
    assert verify.score == 0 and verify.details["override"]["score"] == 30
    assert verify.details["override"]["machine_passed"] is False and verify.details["override"]["analyst"] == "qa-1"

    # the latest override of a criterion wins; overrides can be re-applied to a reviewed result
    again = apply_overrides(reviewed, [
        Override(criterion_id="accuracy", score=40, reason="phone was read back", at=t0),
        Override(criterion_id="accuracy", score=50, reason="all fields right on replay", at=t0 + timedelta(hours=1)),
        Override(criterion_id="verify", passed=True, reason="as before", at=t0),
    ])
    assert again.human_total == pytest.approx(100.0)
    assert again.criteria[2].details["override"]["reason"] == "all fields right on replay"
    assert again.machine_total == 0.0


def test_no_overrides_means_the_machine_stands():
    reviewed = apply_overrides(machine_result(), [])
    assert reviewed.stands == "machine" and reviewed.human_total is None


def test_override_needs_a_reason_and_a_known_criterion():
    with pytest.raises(ValidationError):
        Override(criterion_id="verify", passed=True, reason="  ")
    with pytest.raises(KeyError):
        apply_overrides(machine_result(), [Override(criterion_id="nope", passed=True, reason="x")])


def test_dispute_lifecycle():
    d = DisputeState(call_id="c1", criterion_id="verify", agent_id="agent-7", reason="I verified on the prior call")
    assert d.status == "raised"
    done = transition_dispute(d, "partially_accepted", reason="verification fine, disclosure still early",
                              by="qa-1")
    assert done.status == "partially_accepted" and done.resolution.startswith("verification")
    assert [h["status"] for h in done.history] == ["raised", "partially_accepted"]
    assert d.status == "raised"  # the old state is untouched
    with pytest.raises(DisputeError):
        transition_dispute(done, "accepted", reason="changed my mind")
    with pytest.raises(DisputeError):
        transition_dispute(d, "accepted", reason="")
    with pytest.raises(DisputeError):
        transition_dispute(d, "escalated", reason="x")
    with pytest.raises(DisputeError):
        DisputeState(call_id="c1", reason=" ")


def test_calibration_figures_match_a_hand_computed_case():
    scores = {
        "ana": {"c1": True, "c2": True, "c3": False, "c4": True},
        "ben": {"c1": True, "c2": False, "c3": False, "c4": False},
        "cy": {"c1": True, "c2": True, "c3": False, "c4": False},
    }
    machine = {"c1": True, "c2": False, "c3": False, "c4": False}
    report = calibration_agreement(scores, machine)
    overall = report["overall"]
    # agreeing pairs: 3 + 1 + 3 + 1 of 12
    assert overall["percent_agreement"] == pytest.approx(8 / 12, abs=1e-4)
    # Fleiss: P-bar = (1 + 1/3 + 1 + 1/3) / 4 = 2/3, P_e = 0.5 -> 1/3
    assert overall["fleiss_kappa"] == pytest.approx(1 / 3, abs=1e-4)
    # Cohen ana vs ben: p_o = 0.5, p_e = 0.75*0.25 + 0.25*0.75 = 0.375 -> 0.2
    assert overall["cohen_kappa"]["ana|ben"] == pytest.approx(0.2, abs=1e-4)
    # consensus pass, pass, fail, fail; machine pass, fail, fail, fail
    assert overall["consensus"] == {"c1": "pass", "c2": "pass", "c3": "fail", "c4": "fail"}
    assert overall["machine_agreement"] == pytest.approx(0.75)
    assert overall["machine_cohen_kappa"] == pytest.approx(0.5, abs=1e-4)
    c2 = report["criteria"]["c2"]
    assert c2["percent_agreement"] == pytest.approx(1 / 3, abs=1e-4)
    assert c2["fleiss_kappa"] == pytest.approx(-0.5, abs=1e-4)
    assert c2["machine_agreement"] == 0.0
    assert report["criteria"]["c1"]["fleiss_kappa"] is None  # one category throughout: undefined


def test_calibration_over_several_calls_groups_by_criterion():
    scores = {
        "ana": {("call1", "empathy"): 10.0, ("call2", "empathy"): 0.0, ("call1", "verify"): True},
        "ben": {("call1", "empathy"): 10.0, ("call2", "empathy"): 5.0, ("call1", "verify"): True},
    }
    report = calibration_agreement(scores)
    assert report["criteria"]["empathy"]["items"] == 2
    assert report["criteria"]["empathy"]["percent_agreement"] == 0.5
    assert report["criteria"]["verify"]["percent_agreement"] == 1.0
    with pytest.raises(ValueError):
        calibration_agreement({"solo": {"c1": True}})


def test_fleiss_kappa_perfect_agreement_is_one():
    assert fleiss_kappa([["a", "a"], ["b", "b"]]) == pytest.approx(1.0)


def test_review_priority_orders_flags():
    r = machine_result()
    assert review_priority(r.model_copy(update={"flags": []})) is None
    assert review_priority(r.model_copy(update={"flags": ["missed_escalation"]})) > review_priority(r)
    assert review_priority(r) > review_priority(r.model_copy(update={"flags": ["low_confidence"]}))
