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
