"""Score a call against a rubric: each criterion's result with PHI-safe evidence, the weighted 0-100
total, auto-fails, review flags and the call's review priority.

Totals: a criterion that does not apply (``passed is None``) leaves both its points and its maximum out;
an auto-fail sets the total to 0 (the machine's criterion scores are still reported).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from models.interchange import CriterionResult, PhiSpan, RubricRef, ScoreResult, Segment, Transcript
from redactors.redact import redact_text
from rubrics.calibration import calibration_agreement
from rubrics.criteria import REGISTRY, Context
from rubrics.criteria.common import is_asr
from rubrics.review import DisputeState, Override, ReviewedScoreResult, apply_overrides, transition_dispute
from rubrics.schema import OrgOverrides, Rubric, shared_rubric_for_call_type, with_org

__all__ = [
    "score_call", "review_priority", "redact_text", "FLAG_PRIORITY", "apply_overrides", "Override",
    "ReviewedScoreResult", "DisputeState", "transition_dispute", "calibration_agreement",
]

QUOTE_MAX = 300
# Review-queue priority of each flag: higher is more urgent; a call takes its most urgent flag's value
# plus one point per further flag.
FLAG_PRIORITY = {
    "missed_escalation": 100,
    "phi_before_verification": 90,
    "auto_fail": 80,
    "low_score": 60,
    "prohibited_phrase": 55,
    "low_confidence": 40,
    "low_asr_confidence": 30,
}
LOW_ASR_CONFIDENCE = 0.5


def _fallback_redactor(transcript: Transcript) -> Callable[[int, str], str]:
    """Without PHI spans, quotes still must not leak PHI: mask every number said (in any spoken form) and
    every word of the captured record's values."""
    from redactors.spoken import normalize_spoken

    record_words: set[str] = set()
    for value in (transcript.record or {}).values():
        record_words.update(w for w in re.findall(r"[a-z]+", str(value).lower()) if len(w) > 2)

    def redact(segment: int, text: str) -> str:
        spans: list[PhiSpan] = []
        norm = normalize_spoken(text)
        for m in re.finditer(r"[a-z]{0,3}\d[\da-z]*", norm.text):
            start, end = norm.to_original(m.start(), m.end())
            spans.append(PhiSpan(segment=segment, start=start, end=end, type="OTHER_ID", score=1.0))
        for m in re.finditer(r"[A-Za-z]+", text):
            if m.group(0).lower() in record_words:
                spans.append(PhiSpan(segment=segment, start=m.start(), end=m.end(), type="PHI", score=1.0))
        return redact_text(text, spans)

    return redact


def _quote_function(transcript: Transcript, phi_spans: list[PhiSpan] | None,
                    redact_quote: Callable[[int, str], str] | None) -> Callable[[int], str]:
    if redact_quote is None:
        if phi_spans is not None:
            by_segment: dict[int, list[PhiSpan]] = {}
            for span in phi_spans:
                by_segment.setdefault(span.segment, []).append(span)

            def redact_quote(i: int, text: str) -> str:
                return redact_text(text, by_segment.get(i, []))
        else:
            redact_quote = _fallback_redactor(transcript)
    cache: dict[int, str] = {}

    def quote(i: int) -> str:
        if i not in cache:
            text = redact_quote(i, transcript.segments[i].text).strip()
            cache[i] = text if len(text) <= QUOTE_MAX else text[: QUOTE_MAX - 1].rstrip() + "\u2026"
        return cache[i]

    return quote


def merge_turns(transcript: Transcript) -> tuple[Transcript, list[list[int]]]:
    """Consecutive segments of one speaker joined into one turn, and each turn's segment numbers.

    ASR cuts a turn wherever the decoder ends a segment (often per sentence, sometimes mid-phrase: "...with
    Dr." / "Riley."), which breaks patterns across the cut and miscounts "within the first N turns". The
    scorers read turns, as a listener does; ``unknown`` segments are never joined, since either party may
    have said each. ``score_call`` joins the segments of transcribed calls only: typed transcripts (chat,
    a platform's own turns) are already split the way their authors meant."""
    segments: list[Segment] = []
    members: list[list[int]] = []
    for i, seg in enumerate(transcript.segments):
        prev = segments[-1] if segments else None
        if prev is not None and seg.speaker == prev.speaker and seg.speaker != "unknown":
            joined = f"{prev.text.rstrip()} {seg.text.strip()}"
            conf = None
            if prev.confidence is not None and seg.confidence is not None:
                conf = min(prev.confidence, seg.confidence)
            segments[-1] = prev.model_copy(update={"text": joined, "end": max(prev.end, seg.end),
                                                   "words": [*prev.words, *seg.words], "confidence": conf})
            members[-1].append(i)
        else:
            segments.append(seg)
            members.append([i])
    if len(segments) == len(transcript.segments):
        return transcript, members
    return transcript.model_copy(update={"segments": segments}), members


def _remap(value: Any, key: str, first: list[int]) -> Any:
    """Turn numbers in a criterion's details back to segment numbers (a turn's first segment): every key
    named ``segment``/``*_segment`` (a number) or ``segments``/``*_segments`` (a list, or a mapping of
    numbers)."""
    if key == "segment" or key.endswith("_segment"):
        return first[value] if isinstance(value, int) and not isinstance(value, bool) else value
    if key == "segments" or key.endswith("_segments"):
        if isinstance(value, list) and all(isinstance(v, int) for v in value):
            return list(dict.fromkeys(first[v] for v in value))
        if isinstance(value, dict):
            return {k: first[v] if isinstance(v, int) and not isinstance(v, bool) else v for k, v in value.items()}
    if isinstance(value, dict):
        return {k: _remap(v, k, first) for k, v in value.items()}
    if isinstance(value, list):
        return [_remap(v, "", first) for v in value]
    return value


def total_of(criteria: list[CriterionResult]) -> float:
    applicable = [c for c in criteria if c.passed is not None]
    maximum = sum(c.max for c in applicable)
    if maximum <= 0:
        return 100.0
    return round(100.0 * sum(c.score for c in applicable) / maximum, 1)


def score_call(
    transcript: Transcript,
    rubric: Rubric | None = None,
    phi_spans: list[PhiSpan] | None = None,
    org: OrgOverrides | None = None,
    redact_quote: Callable[[int, str], str] | None = None,
) -> ScoreResult:
    """Score one call. ``rubric`` defaults to the library rubric for the call type; ``org`` overrides the
    rubric's organization settings; evidence quotes are redacted with ``redact_quote(segment, text)``,
    else by replacing ``phi_spans`` with ``redactors``' tags (``<NAME>``, ``<DATE>``, ...), else by masking
    numbers and the record's values."""
    rubric = rubric or shared_rubric_for_call_type(transcript.call_type)
    effective = with_org(rubric, org)
    turns, members = merge_turns(transcript) if is_asr(transcript) else (transcript, [])
    quote = _quote_function(transcript, phi_spans, redact_quote)
    if turns is not transcript:
        def quote_turn(t: int) -> str:
            text = " ".join(quote(i) for i in members[t])
            return text if len(text) <= QUOTE_MAX else text[: QUOTE_MAX - 1].rstrip() + "\u2026"
    ctx = Context(transcript=turns, org=effective.org, quote=quote if turns is transcript else quote_turn)
    criteria = [REGISTRY[spec.kind].score(spec, ctx) for spec in effective.criteria]
    if turns is not transcript:
        first = [m[0] for m in members]
        for c in criteria:
            c.evidence = [e.model_copy(update={"segment": first[e.segment]}) for e in c.evidence]
            c.details = _remap(c.details, "", first)
    auto_failed = any(c.auto_fail for c in criteria)
    total = 0.0 if auto_failed else total_of(criteria)
    flags = compute_flags(transcript, effective, criteria, total, auto_failed)
    return ScoreResult(call_id=transcript.call_id, rubric=RubricRef(id=rubric.id, version=rubric.version),
                       total=total, auto_failed=auto_failed, flags=flags, criteria=criteria)


def compute_flags(transcript: Transcript, rubric: Rubric, criteria: list[CriterionResult], total: float,
                  auto_failed: bool) -> list[str]:
    flags: list[str] = []
    if auto_failed:
        flags.append("auto_fail")
    if total < rubric.low_score_threshold:
        flags.append("low_score")
    if any(c.passed is not None and c.confidence < rubric.low_confidence_threshold for c in criteria):
        flags.append("low_confidence")
    for c in criteria:
        if c.kind == "identity_verification" and (c.details.get("disclosure_before_verification")
                                                  or c.details.get("disclosure_before_authorization")):
            flags.append("phi_before_verification")
        if c.kind == "escalation" and c.details.get("escalated") is False:
            flags.append("missed_escalation")
        if c.kind == "script_adherence" and c.details.get("prohibited"):
            flags.append("prohibited_phrase")
    confidences = [s.confidence for s in transcript.segments if s.confidence is not None]
    if "low_asr_confidence" in transcript.flags or (
            confidences and sum(confidences) / len(confidences) < LOW_ASR_CONFIDENCE):
        flags.append("low_asr_confidence")
    return list(dict.fromkeys(flags))


def review_priority(result: ScoreResult) -> int | None:
    """The call's place in the review queue (higher first), None when nothing needs a human."""
    known = [FLAG_PRIORITY[f] for f in result.flags if f in FLAG_PRIORITY]
    if not known:
        return None
    return max(known) + len(known) - 1
