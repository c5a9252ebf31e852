"""Text redaction (tags, word masking), reversible tokens, and audio redaction on the right channel only."""

import os

import numpy as np
import pytest

from models.interchange import PhiSpan, Segment, Transcript, Word
from redactors.audio import redact_audio
from redactors.redact import TAGS, encrypt_span_values, redact_text, redact_transcript, reidentify, resolve_spans

SR = 16000


def _call() -> Transcript:
    words = [
        (" my", 2.0, 2.2),
        (" birthday", 2.2, 2.6),
        (" is", 2.6, 2.7),
        (" march", 2.8, 3.1),
        (" fourth", 3.1, 3.5),
        (" eighty", 3.5, 3.9),
        (" two.", 3.9, 4.2),
        (" thanks", 4.6, 5.0),
    ]
    return Transcript(
        call_id="c1",
        segments=[
            Segment(speaker="agent", start=0.0, end=1.8, text="Can I have your date of birth?", channel=0),
            Segment(
                speaker="caller",
                start=2.0,
                end=5.0,
                text="my birthday is march fourth eighty two. thanks",
                words=[Word(word=w, start=s, end=e) for w, s, e in words],
            ),
        ],
    )


def _dob_span(t: Transcript) -> PhiSpan:
    text = t.segments[1].text
    start = text.index("march")
    return PhiSpan(segment=1, start=start, end=text.index(". thanks"), type="DATE", score=0.9, recognizer="t")


def test_tags_replace_spans_and_words_keep_their_timings():
    t = _call()
    red = redact_transcript(t, [_dob_span(t)])
    assert red.segments[1].text == "my birthday is <DATE>. thanks"
    assert [w.word for w in red.segments[1].words] == [
        " my",
        " birthday",
        " is",
        " <DATE>",
        " <DATE>",
        " <DATE>",
        " <DATE>",
        " thanks",
    ]
    assert [(w.start, w.end) for w in red.segments[1].words] == [(w.start, w.end) for w in t.segments[1].words]
    assert red.segments[0] == t.segments[0]
    assert t.segments[1].text.startswith("my birthday is march")  # the input is not modified


def test_every_type_has_a_tag_and_overlaps_merge():
    text = "John Smith 555-212-0198"
    spans = [
        PhiSpan(segment=0, start=0, end=4, type="PERSON", score=0.6),
        PhiSpan(segment=0, start=0, end=10, type="PERSON", score=0.8),
        PhiSpan(segment=0, start=11, end=23, type="PHONE_NUMBER", score=0.9),
    ]
    assert resolve_spans(spans) == [
        PhiSpan(segment=0, start=0, end=10, type="PERSON", score=0.8, recognizer=""),
        spans[2],
    ]
    assert redact_text(text, spans) == "<NAME> <PHONE>"
    from redactors.detect import ENTITY_TYPES

    assert set(ENTITY_TYPES) <= set(TAGS)


def test_reversible_tokens_round_trip_and_need_the_key():
    t = _call()
    span = _dob_span(t)
    key = os.urandom(32)
    (token,) = encrypt_span_values(t, [span], key)
    assert "march" not in token
    assert reidentify(token, key) == "march fourth eighty two"
    assert encrypt_span_values(t, [span], key) != [token]  # fresh nonce each time
    with pytest.raises(ValueError):
        reidentify(token, os.urandom(32))
    with pytest.raises(ValueError):
        reidentify(token[:-4] + "AAAA", key)


def test_audio_tone_replaces_exactly_the_words_on_the_callers_channel():
    t = _call()
    rng = np.random.default_rng(0)
    audio = (rng.standard_normal((2, SR * 6)) * 0.05).astype(np.float32)
    red, intervals = redact_audio(audio, SR, t, [_dob_span(t)], margin=0.1, mode="tone")
    assert len(intervals) == 1
    iv = intervals[0]
    assert iv.channel == 1 and iv.start == pytest.approx(2.7) and iv.end == pytest.approx(4.3)
    a, b = int(2.7 * SR), int(4.3 * SR)
    np.testing.assert_array_equal(red[0], audio[0])  # agent channel untouched
    np.testing.assert_array_equal(red[1, :a], audio[1, :a])
    np.testing.assert_array_equal(red[1, b:], audio[1, b:])
    seg = red[1, a:b]
    spectrum = np.abs(np.fft.rfft(seg))
    assert np.fft.rfftfreq(len(seg), 1 / SR)[spectrum.argmax()] == pytest.approx(1000, abs=2)
    assert audio.dtype == red.dtype and audio[1, a + 10] != red[1, a + 10]


def test_audio_silence_on_mono_and_int16():
    t = _call()
    audio = np.full(SR * 6, 1000, dtype=np.int16)
    red, intervals = redact_audio(audio, SR, t, [_dob_span(t)], margin=0.0, mode="silence")
    assert red.shape == audio.shape and red.dtype == np.int16
    a, b = int(2.8 * SR), int(4.2 * SR)
    assert (red[a:b] == 0).all() and (red[:a] == 1000).all() and (red[b + 1 :] == 1000).all()
    assert intervals[0].channel == 0


def test_audio_uses_segment_channel_and_custom_speaker_map():
    t = _call()
    t.segments[1].channel = None
    audio = np.zeros((2, SR * 6), dtype=np.float32)
    red, intervals = redact_audio(audio, SR, t, [_dob_span(t)], channel_of={"caller": 0, "agent": 1})
    assert intervals[0].channel == 0 and np.abs(red[0]).max() > 0 and np.abs(red[1]).max() == 0
    # a span in a segment without word timings blanks the whole segment
    span = PhiSpan(segment=0, start=0, end=3, type="PERSON", score=0.9)
    _, intervals = redact_audio(audio, SR, t, [span], margin=0.0)
    assert (intervals[0].start, intervals[0].end, intervals[0].channel) == (0.0, 1.8, 0)
