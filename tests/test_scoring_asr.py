"""Scoring what Whisper heard: the bundled demo calls (8 kHz stereo espeak-ng audio) transcribed with the
default backend and model, PHI detected, and scored with the call type's rubric. The verdicts that decide
an auto-fail must match the calls' labels even though tiny.en mishears much of the text ("date on birth",
"mate on board", organization names)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def scored() -> dict:
    from qa_engine.synthetic.corpus import bundled_calls, load_call
    from qa_engine.transcription.transcribe import transcribe_file
    from redactors.detect import detect_phi
    from rubrics.schema import OrgOverrides, rubric_for_call_type
    from rubrics.score import score_call

    out = {}
    for flac in bundled_calls():
        call = load_call(flac.with_suffix(".json"))
        asr = transcribe_file(flac, call_id=call.call_id, call_type=call.transcript.call_type)
        asr.record = dict(call.transcript.record or {})
        spans = detect_phi(asr, call.org_config)
        org = OrgOverrides(name=(call.org_config or {}).get("name"))
        result = score_call(asr, rubric_for_call_type(asr.call_type), phi_spans=spans, org=org)
        out[flac.stem] = (call, asr, result)
    assert len(out) == 5
    return out


def _criterion(result, kind: str):
    return next(c for c in result.criteria if c.kind == kind)


def test_transcripts_are_asr_not_ground_truth(scored):
    # the point of this module: the text scored is the recognizer's, with its own segmentation
    for call, asr, _ in scored.values():
        assert all(s.words for s in asr.segments)
        assert [s.text for s in asr.segments] != [s.text for s in call.transcript.segments]


@pytest.mark.parametrize("name", ["scheduling_good", "insurance_discloses_early", "inquiry_no_empathy_wrong_capture",
                                  "triage_missed_red_flag", "referral_skips_verification"])
def test_identity_verification_matches_labels(scored, name):
    call, _, result = scored[name]
    details = _criterion(result, "identity_verification").details
    labels = call.labels
    if labels.verified_before_disclosure is not None:
        assert details["disclosure_before_verification"] == (not labels.verified_before_disclosure)
        assert ("phi_before_verification" in result.flags) == (not labels.verified_before_disclosure)
    if labels.third_party:
        assert details["authorization_checked"] == bool(labels.relationship_checked)


@pytest.mark.parametrize("name", ["scheduling_good", "insurance_discloses_early", "inquiry_no_empathy_wrong_capture",
                                  "triage_missed_red_flag", "referral_skips_verification"])
def test_escalation_matches_labels(scored, name):
    call, _, result = scored[name]
    assert _criterion(result, "escalation").details["escalated"] == call.labels.escalated
    assert ("missed_escalation" in result.flags) == (call.labels.escalated is False)


def test_good_call_is_not_auto_failed(scored):
    _, _, result = scored["scheduling_good"]
    assert not result.auto_failed
    assert result.total >= 80
    assert "phi_before_verification" not in result.flags


def test_flawed_calls_auto_fail(scored):
    for name in ("insurance_discloses_early", "referral_skips_verification", "triage_missed_red_flag"):
        assert scored[name][2].auto_failed, name
