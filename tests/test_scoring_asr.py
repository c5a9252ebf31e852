"""Scoring what Whisper heard: the bundled demo calls (8 kHz stereo espeak-ng audio) transcribed with the
default backend and model, PHI detected, and scored with the call type's rubric. The verdicts that decide
an auto-fail must match the calls' labels even though tiny.en mishears much of the text ("date on birth",
"mate on board", organization names)."""

from __future__ import annotations

import pytest

from models.interchange import Segment, Transcript, Word


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


@pytest.mark.slow
def test_transcripts_are_asr_not_ground_truth(scored):
    # the point of this module: the text scored is the recognizer's, with its own segmentation
    for call, asr, _ in scored.values():
        assert all(s.words for s in asr.segments)
        assert [s.text for s in asr.segments] != [s.text for s in call.transcript.segments]


@pytest.mark.slow
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


@pytest.mark.slow
@pytest.mark.parametrize("name", ["scheduling_good", "insurance_discloses_early", "inquiry_no_empathy_wrong_capture",
                                  "triage_missed_red_flag", "referral_skips_verification"])
def test_escalation_matches_labels(scored, name):
    call, _, result = scored[name]
    assert _criterion(result, "escalation").details["escalated"] == call.labels.escalated
    assert ("missed_escalation" in result.flags) == (call.labels.escalated is False)


@pytest.mark.slow
def test_good_call_is_not_auto_failed(scored):
    _, _, result = scored["scheduling_good"]
    assert not result.auto_failed
    assert result.total >= 80
    assert "phi_before_verification" not in result.flags


@pytest.mark.slow
def test_flawed_calls_auto_fail(scored):
    for name in ("insurance_discloses_early", "referral_skips_verification", "triage_missed_red_flag"):
        assert scored[name][2].auto_failed, name


# --- ASR text without audio: what the recognizer does to a turn ----------------------------------------

def _asr(*turns: tuple[str, str]) -> Transcript:
    """A transcript as the recognizer gives it: word timings and confidences, turns cut into pieces."""
    segments = []
    for i, (speaker, text) in enumerate(turns):
        words = [Word(word=w, start=2.0 * i + 0.1 * k, end=2.0 * i + 0.1 * k + 0.08, probability=0.9)
                 for k, w in enumerate(text.split())]
        segments.append(Segment(speaker=speaker, start=2.0 * i, end=2.0 * i + 1.5, text=text, words=words,
                                confidence=0.8))
    return Transcript(call_id="asr-1", call_type="scheduling", segments=segments)


def test_split_turn_and_misheard_request_still_verify():
    from rubrics.score import score_call

    t = _asr(("agent", "Thanks for calling Riverside Family Medicine."), ("agent", "This is Sarah."),
             ("agent", "First, I'll need your name and date on birth."),
             ("caller", "Sure, it's Dana Lopez,"), ("caller", "March 3rd, 1980."),
             ("agent", "Okay, I found the record."), ("agent", "I see your appointment is on Monday with Dr."),
             ("agent", "Reilly."))
    result = score_call(t)
    identity = next(c for c in result.criteria if c.kind == "identity_verification")
    assert identity.details["verified_before_phi"] is True
    assert identity.details["disclosure_before_verification"] is False
    # turn numbers are reported as the transcript's own segment numbers (a turn's first segment)
    assert identity.details["first_disclosure_segment"] == 5
    assert identity.details["verified_segment"] == 3
    assert all(0 <= e.segment < len(t.segments) for c in result.criteria for e in c.evidence)


def test_disclosure_before_misheard_request_still_auto_fails():
    from rubrics.score import score_call

    t = _asr(("agent", "Thanks for calling Riverside Family Medicine, this is Sarah."),
             ("caller", "Hi, I'm calling about my lab results."),
             ("agent", "Sure, your results came in on Friday and your cholesterol was high."),
             ("agent", "Can I have your mate on board?"), ("caller", "July 15, 1960."),
             ("agent", "And your name?"), ("caller", "Dana Lopez."))
    result = score_call(t)
    assert result.auto_failed
    assert "phi_before_verification" in result.flags


def test_garbled_caller_turn_is_not_distress():
    from rubrics.score import score_call

    t = _asr(("agent", "Thanks for calling Riverside Family Medicine, this is Sarah. How can I help?"),
             ("caller", "The F.M.C.M. in boy mail and in lee mail."),
             ("agent", "Is there anything else I can do for you?"), ("caller", "No."))
    empathy = next(c for c in score_call(t).criteria if c.kind == "empathy")
    assert empathy.details["distress_segments"] == []
