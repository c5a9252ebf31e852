"""End to end: render synthetic calls, redact the PHI found in their transcripts from the audio, transcribe the
redacted audio again, and find none of the redacted values in what the ASR hears."""

import re

import numpy as np
import pytest
import soundfile as sf

from redactors.audio import redact_audio
from redactors.detect import detect_phi
from redactors.spoken import normalize_spoken, spoken_digits

pytestmark = pytest.mark.slow

SEEDS = (424242,)


def _heard_words(transcript) -> set[str]:
    return {w for seg in transcript.segments for w in re.findall(r"[a-z]+", normalize_spoken(seg.text).text)}


def _heard_digits(transcript) -> list[str]:
    return [spoken_digits(seg.text) for seg in transcript.segments]


def _leaks(call, spans, heard) -> list[tuple[str, str]]:
    """(type, how) of each span value the ASR heard: its digits, or a word of a name."""
    words, digit_runs = _heard_words(heard), _heard_digits(heard)
    leaks = []
    for s in spans:
        value = call.transcript.segments[s.segment].text[s.start : s.end]
        digits = spoken_digits(value)
        if len(digits) >= 4 and any(digits in run for run in digit_runs):
            leaks.append((s.type, "digits"))
        if s.type == "PERSON":
            for w in re.findall(r"[a-z]+", normalize_spoken(value).text):
                if len(w) >= 4 and w in words and w not in {"your", "name", "this", "with"}:
                    leaks.append((s.type, "name word"))
    return leaks


@pytest.mark.parametrize("seed", SEEDS)
def test_redacted_audio_reveals_no_redacted_value(tmp_path, seed):
    render = pytest.importorskip("qa_engine.synthetic.render")
    transcription = pytest.importorskip("qa_engine.transcription.transcribe")
    from qa_engine.synthetic import generate_call

    call = render.render_call(generate_call(seed), tmp_path / "call.flac")
    spans = detect_phi(call.transcript, call.org_config)
    assert spans, "a synthetic call always carries PHI"
    samples, sr = sf.read(str(tmp_path / "call.flac"), dtype="float32", always_2d=True)
    redacted, intervals = redact_audio(samples.T, sr, call.transcript, spans, margin=0.15, mode="tone")
    assert len(intervals) == len(spans)
    sf.write(str(tmp_path / "redacted.flac"), redacted.T, sr, subtype="PCM_16")
    assert _leaks(call, spans, transcription.transcribe_file(tmp_path / "call.flac")), (
        "the ASR must hear some of the values in the original audio, or this test proves nothing"
    )
    leaks = _leaks(call, spans, transcription.transcribe_file(tmp_path / "redacted.flac"))
    assert not leaks, leaks  # types only: never print the values
    # the tone replaced exactly the intervals: outside them the audio is unchanged
    mask = np.zeros(samples.shape[0], bool)
    for iv in intervals:
        mask[int(iv.start * sr) : int(np.ceil(iv.end * sr)) + 1] = True
    np.testing.assert_array_equal(redacted.T[~mask], samples[~mask])
