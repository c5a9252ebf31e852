"""Audio redaction: each PHI span is mapped to its words' timestamps and that interval, with a small margin, is
replaced by a 1 kHz tone (or silence) on the speaker's channel only.

A redacted recording still carries the speakers' voices, a biometric identifier under HIPAA Safe Harbor: it is
still PHI. The de-identified export is the redacted transcript.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from models.interchange import PhiSpan, Transcript
from redactors.redact import word_char_spans
from redactors.spans import resolve_spans

DEFAULT_CHANNELS: dict[str, int] = {"agent": 0, "caller": 1}
TONE_HZ = 1000.0
TONE_LEVEL = 0.2  # of full scale


@dataclass(frozen=True)
class AudioInterval:
    channel: int  # -1: every channel (speaker unknown on a multi-channel recording)
    start: float  # seconds
    end: float
    segment: int
    type: str


def span_intervals(
    transcript: Transcript,
    spans: Sequence[PhiSpan],
    margin: float = 0.1,
    channel_of: Mapping[str, int] | None = None,
    n_channels: int = 2,
    duration: float | None = None,
) -> list[AudioInterval]:
    """The time intervals (with margin) that carry each span, and their channel."""
    channel_of = dict(DEFAULT_CHANNELS if channel_of is None else channel_of)
    out = []
    char_cache: dict[int, list] = {}
    for s in resolve_spans(spans):
        seg = transcript.segments[s.segment]
        if s.segment not in char_cache:
            char_cache[s.segment] = word_char_spans(seg) if seg.words else []
        hits = [
            w
            for w, cs in zip(seg.words, char_cache[s.segment], strict=False)
            if cs and cs[0] < s.end and s.start < cs[1]
        ]
        if hits:
            start, end = min(w.start for w in hits), max(w.end for w in hits)
        else:
            # no word timing for this text: the whole segment, not a guess inside it
            start, end = seg.start, seg.end
        start, end = max(0.0, start - margin), end + margin
        if duration is not None:
            end = min(end, duration)
        if n_channels == 1:
            ch = 0
        elif seg.channel is not None:
            ch = seg.channel
        else:
            ch = channel_of.get(seg.speaker, -1)
        out.append(AudioInterval(channel=ch, start=start, end=end, segment=s.segment, type=s.type))
    return out


def redact_audio(
    samples: np.ndarray,
    sample_rate: int,
    transcript: Transcript,
    spans: Sequence[PhiSpan],
    margin: float = 0.1,
    mode: Literal["tone", "silence"] = "tone",
    channel_of: Mapping[str, int] | None = None,
) -> tuple[np.ndarray, list[AudioInterval]]:
    """A redacted copy of `samples` ([channels, n], or [n] for mono) and the intervals replaced."""
    if mode not in ("tone", "silence"):
        raise ValueError(f"mode must be 'tone' or 'silence', not {mode!r}")
    mono = samples.ndim == 1
    audio = np.array(samples, copy=True)
    if mono:
        audio = audio[np.newaxis, :]
    n_channels, n = audio.shape
    intervals = span_intervals(transcript, spans, margin, channel_of, n_channels, n / sample_rate)
    full_scale = float(np.iinfo(audio.dtype).max) if np.issubdtype(audio.dtype, np.integer) else 1.0
    for iv in intervals:
        a = max(0, int(round(iv.start * sample_rate)))
        b = min(n, int(round(iv.end * sample_rate)))
        if b <= a:
            continue
        if mode == "tone":
            t = np.arange(a, b) / sample_rate
            fill = (TONE_LEVEL * full_scale * np.sin(2 * np.pi * TONE_HZ * t)).astype(audio.dtype)
        else:
            fill = np.zeros(b - a, dtype=audio.dtype)
        channels = range(n_channels) if iv.channel < 0 or iv.channel >= n_channels else [iv.channel]
        for ch in channels:
            audio[ch, a:b] = fill
    return (audio[0] if mono else audio), intervals
