"""Recording in, ``Transcript`` out: channels, voice activity, hallucination guard, speaker roles.

Stereo calls (agent and caller on separate channels) are transcribed channel by channel and merged in time
order word by word, because segment starts alone put turns seconds out of order. A stereo file whose
channels carry the same signal is a mono call and takes the mono path, where a text classifier assigns
roles. Long calls are processed in windows cut at quiet points, so memory stays at the model plus a window.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from models.interchange import Segment, Transcript, Word
from qa_engine.transcription.audio import (
    SAMPLE_RATE,
    DecodedAudio,
    channels_identical,
    decode_audio,
    iter_audio_windows,
    probe_duration,
)
from qa_engine.transcription.backends import AsrSegment, Backend, get_backend

WINDOW_SECONDS = 600.0
# Where to look, before a window's end, for a quiet place to cut it.
CUT_SEARCH_SECONDS = 30.0
# Files longer than this are decoded as a stream of windows rather than all at once.
STREAM_ABOVE_SECONDS = 1200.0

# Hallucination guard, on the decoder's own signals (Whisper's defaults for its fallback, applied as a filter).
MAX_COMPRESSION_RATIO = 2.4
NO_SPEECH_PROB = 0.6
NO_SPEECH_LOGPROB = -1.0
MIN_AVG_LOGPROB = -1.5
# Peak level (about -60 dBFS) below which a stretch of audio cannot hold speech.
SILENCE_PEAK = 1e-3
# In mono calls, a pause this long inside a Whisper segment may be a change of speaker.
MONO_PAUSE = 0.3
# Prior probability that the speaker changes at a boundary between mono pieces, measured on rendered
# synthetic calls (seeds 91001-91004): a question is nearly always answered by the other party, a Whisper
# segment boundary often is a turn, a pause inside a segment seldom.
SWITCH_AFTER_QUESTION = 0.9
SWITCH_AT_SEGMENT = 0.65
SWITCH_AT_PAUSE = 0.3
# A call whose speech is mostly below this confidence is flagged for a human to check the transcript.
LOW_CONFIDENCE = 0.5
LOW_CONFIDENCE_SHARE = 0.25


@dataclass
class _Piece:
    """A word (or a wordless segment) with the channel and ASR segment it came from."""

    word: str
    start: float
    end: float
    probability: float
    channel: int
    segment: int


def transcribe_audio(
    audio: DecodedAudio,
    *,
    call_id: str = "",
    call_type: str = "unknown",
    roles: Sequence[str] = ("agent", "caller"),
    backend: str | None = None,
    model: str | None = None,
    beam_size: int | None = None,
    initial_prompt: str | None = None,
    progress: Callable[[float], None] | None = None,
    vad: bool | None = None,
) -> Transcript:
    """Transcribe a decoded recording. ``roles`` names the speaker on each channel of a stereo call."""
    if audio.sample_rate != SAMPLE_RATE:
        raise ValueError(f"audio must be at {SAMPLE_RATE} Hz, got {audio.sample_rate}")
    total = audio.samples.shape[1]
    blocks = (
        (audio.samples[:, i : i + SAMPLE_RATE * 60]) for i in range(0, total, SAMPLE_RATE * 60)
    )
    return _transcribe_windows(
        _quiet_windows(blocks),
        total_seconds=audio.duration,
        call_id=call_id,
        call_type=call_type,
        roles=roles,
        backend=backend,
        model=model,
        beam_size=beam_size,
        initial_prompt=initial_prompt,
        progress=progress,
        vad=vad,
    )


def transcribe_file(path: Path | str, **kw) -> Transcript:
    """Decode and transcribe a recording; long files are streamed window by window."""
    path = Path(path)
    declared = probe_duration(path) if path.is_file() and path.stat().st_size else None
    if declared is None or declared <= STREAM_ABOVE_SECONDS:
        return transcribe_audio(decode_audio(path), **kw)
    blocks = (samples for _, samples in iter_audio_windows(path, 60.0))
    return _transcribe_windows(_quiet_windows(blocks), total_seconds=declared, **kw)


def _transcribe_windows(
    windows: Iterator[tuple[float, np.ndarray]],
    *,
    total_seconds: float,
    call_id: str = "",
    call_type: str = "unknown",
    roles: Sequence[str] = ("agent", "caller"),
    backend: str | None = None,
    model: str | None = None,
    beam_size: int | None = None,
    initial_prompt: str | None = None,
    progress: Callable[[float], None] | None = None,
    vad: bool | None = None,
) -> Transcript:
    from qa_engine.settings import get_settings

    settings = get_settings()
    asr = get_backend(backend, model)
    beam = beam_size or settings.asr_beam_size
    use_vad = settings.asr_vad if vad is None else vad
    segments: list[Segment] = []
    flags: list[str] = []
    mono_call = False
    mono_pieces: list[list[_Piece]] = []
    for offset, samples in windows:
        stereo = samples.shape[0] == 2 and not channels_identical(samples)
        if samples.shape[0] == 2 and not stereo and "identical_channels" not in flags:
            flags.append("identical_channels")
        if stereo:
            pieces: list[_Piece] = []
            for ch in range(2):
                asr_segments = _transcribe_channel(asr, samples[ch], offset, beam, initial_prompt, use_vad)
                pieces.extend(_pieces(asr_segments, ch))
            segments.extend(_merge_channels(pieces, roles))
        else:
            mono_call = True
            mono = samples[0] if samples.shape[0] == 1 else samples.mean(axis=0).astype(np.float32)
            asr_segments = _transcribe_channel(asr, mono, offset, beam, initial_prompt, use_vad)
            first = len({p[0].segment for p in mono_pieces})
            mono_pieces.extend(_split_at_pauses(_pieces(asr_segments, 0), first))
        if progress is not None and total_seconds > 0:
            done = offset + samples.shape[1] / SAMPLE_RATE
            progress(min(1.0, done / total_seconds))
    if mono_call and mono_pieces:
        mono_segments = _mono_segments(mono_pieces)
        segments = sorted(segments + mono_segments, key=lambda s: s.start)
        if any(s.speaker == "unknown" for s in mono_segments):
            flags.append("speaker_unknown")
    if not segments:
        flags.append("no_speech")
    elif _low_confidence(segments):
        flags.append("low_asr_confidence")
    if progress is not None:
        progress(1.0)
    return Transcript(call_id=call_id, call_type=call_type, language="en", segments=segments, flags=flags)


def _quiet_windows(blocks: Iterable[np.ndarray]) -> Iterator[tuple[float, np.ndarray]]:
    """Regroup blocks of samples into windows of about WINDOW_SECONDS, cut at the quietest nearby moment."""
    window = int(WINDOW_SECONDS * SAMPLE_RATE)
    search = int(CUT_SEARCH_SECONDS * SAMPLE_RATE)
    pending: list[np.ndarray] = []
    held = 0
    offset = 0
    for block in blocks:
        pending.append(block)
        held += block.shape[1]
        if held < window + search:
            continue
        joined = np.concatenate(pending, axis=1)
        cut = _quiet_cut(joined, window - search, window)
        yield offset / SAMPLE_RATE, joined[:, :cut]
        rest = joined[:, cut:]
        pending, held = [rest], rest.shape[1]
        offset += cut
    if held:
        yield offset / SAMPLE_RATE, np.concatenate(pending, axis=1)


def _quiet_cut(samples: np.ndarray, lo: int, hi: int) -> int:
    """The start of the quietest 100 ms frame between ``lo`` and ``hi``, so no word is cut in two."""
    frame = SAMPLE_RATE // 10
    region = np.abs(samples[:, lo:hi]).max(axis=0)
    n = region.shape[0] // frame
    if n == 0:
        return hi
    energy = (region[: n * frame].reshape(n, frame) ** 2).mean(axis=1)
    return lo + int(np.argmin(energy)) * frame


def _speech_chunks(samples: np.ndarray) -> list[dict]:
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    return get_speech_timestamps(samples, VadOptions(min_silence_duration_ms=1000, speech_pad_ms=300))


def _transcribe_channel(
    asr: Backend,
    samples: np.ndarray,
    offset: float,
    beam_size: int,
    initial_prompt: str | None,
    vad: bool,
) -> list[AsrSegment]:
    """One channel of one window: speech regions only, times mapped back to the call's clock."""
    if vad:
        from faster_whisper.vad import SpeechTimestampsMap

        chunks = _speech_chunks(samples)
        if not chunks:
            return []
        speech = np.concatenate([samples[c["start"] : c["end"]] for c in chunks])
        time_map = SpeechTimestampsMap(chunks, SAMPLE_RATE)
    else:
        speech, time_map = samples, None
    result = []
    for seg in asr.transcribe(speech, beam_size=beam_size, initial_prompt=initial_prompt):
        if _hallucinated(seg):
            continue
        if time_map is not None:
            for w in seg.words:
                index = time_map.get_chunk_index((w.start + w.end) / 2)
                w.start = time_map.get_original_time(w.start, index)
                w.end = time_map.get_original_time(w.end, index)
            if seg.words:
                seg.start, seg.end = seg.words[0].start, seg.words[-1].end
            else:
                seg.start = time_map.get_original_time(seg.start)
                seg.end = time_map.get_original_time(seg.end, is_end=True)
        if _silent(samples, seg.start, seg.end):
            continue  # Whisper's classic "you" / "Thank you." over digital silence
        for w in seg.words:
            w.start = round(w.start + offset, 3)
            w.end = round(w.end + offset, 3)
        seg.start = round(seg.start + offset, 3)
        seg.end = round(seg.end + offset, 3)
        result.append(seg)
    return result


def _silent(samples: np.ndarray, start: float, end: float) -> bool:
    region = samples[max(0, int(start * SAMPLE_RATE)) : int(end * SAMPLE_RATE) + 1]
    return region.size == 0 or float(np.abs(region).max()) < SILENCE_PEAK


def _compression_ratio(text: str) -> float:
    data = text.strip().encode()
    return len(data) / len(zlib.compress(data)) if data else 0.0


def _hallucinated(seg: AsrSegment) -> bool:
    if not seg.text.strip():
        return True
    # Whisper's ratio covers its whole 30 s window, so a caller repeating a sentence would trip it; judge
    # the segment's own text, where a "thank you thank you ..." loop shows.
    if _compression_ratio(seg.text) > MAX_COMPRESSION_RATIO:
        return True
    if seg.no_speech_prob > NO_SPEECH_PROB and seg.avg_logprob < NO_SPEECH_LOGPROB:
        return True  # text invented over non-speech
    return seg.avg_logprob < MIN_AVG_LOGPROB


def _pieces(segments: list[AsrSegment], channel: int) -> list[_Piece]:
    pieces = []
    for i, seg in enumerate(segments):
        if seg.words:
            pieces.extend(_Piece(w.word, w.start, w.end, w.probability, channel, i) for w in seg.words)
        else:
            pieces.append(_Piece(seg.text, seg.start, seg.end, seg.confidence, channel, i))
    return pieces


def _merge_channels(pieces: list[_Piece], roles: Sequence[str]) -> list[Segment]:
    """Interleave the channels' segments in time order by their words.

    A segment is split where the other party spoke in one of its pauses (an answer between a question and
    its follow-up), never where both talk at once, so overlapping speech keeps each sentence whole.
    """
    turns: list[list[_Piece]] = []
    for channel in sorted({p.channel for p in pieces}):
        own = [p for p in pieces if p.channel == channel]
        others = np.sort(np.array([(p.start + p.end) / 2 for p in pieces if p.channel != channel]))
        turn: list[_Piece] = []
        for piece in own:
            if turn and (piece.segment != turn[-1].segment or _spoken_between(others, turn[-1].end, piece.start)):
                turns.append(turn)
                turn = []
            turn.append(piece)
        if turn:
            turns.append(turn)
    turns.sort(key=lambda t: (t[0].start, t[0].channel))
    return [_segment_from(t, roles) for t in turns]


def _spoken_between(midpoints: np.ndarray, start: float, end: float) -> bool:
    if end <= start or midpoints.size == 0:
        return False
    return bool(np.searchsorted(midpoints, end) > np.searchsorted(midpoints, start, side="right"))


def _segment_from(turn: list[_Piece], roles: Sequence[str]) -> Segment:
    channel = turn[0].channel
    role = roles[channel] if channel < len(roles) else "unknown"
    if role not in ("agent", "caller"):
        role = "unknown"
    return Segment(
        speaker=role,
        start=turn[0].start,
        end=turn[-1].end,
        text="".join(p.word for p in turn).strip(),
        words=[Word(word=p.word.strip(), start=p.start, end=p.end, probability=round(p.probability, 4))
               for p in turn],
        confidence=round(float(np.mean([p.probability for p in turn])), 4),
        speaker_confidence=1.0,
        channel=channel,
    )


def _split_at_pauses(pieces: list[_Piece], first_segment: int) -> list[list[_Piece]]:
    """Cut mono segments at pauses: Whisper often runs a question and its answer into one segment."""
    groups: list[list[_Piece]] = []
    segment_ids: dict[int, int] = {}
    for piece in pieces:
        piece.segment = segment_ids.setdefault(piece.segment, first_segment + len(segment_ids))
        if groups and groups[-1][-1].segment == piece.segment and piece.start - groups[-1][-1].end < MONO_PAUSE:
            groups[-1].append(piece)
        else:
            groups.append([piece])
    return groups


def _switch_prior(before: list[_Piece], after: list[_Piece]) -> float:
    if before[-1].word.strip().endswith("?"):
        return SWITCH_AFTER_QUESTION
    return SWITCH_AT_SEGMENT if before[-1].segment != after[0].segment else SWITCH_AT_PAUSE


def _mono_segments(groups: list[list[_Piece]]) -> list[Segment]:
    """Role per piece in the context of its neighbours, then join neighbours of one ASR segment with the
    same role."""
    from qa_engine.transcription.speakers import roles_in_context

    texts = ["".join(p.word for p in group).strip() for group in groups]
    switch = [_switch_prior(a, b) for a, b in zip(groups, groups[1:], strict=False)]
    roles = roles_in_context(texts, switch)
    merged: list[tuple[list[_Piece], str, float]] = []
    for group, (role, confidence) in zip(groups, roles, strict=True):
        if merged and merged[-1][1] == role and merged[-1][0][-1].segment == group[0].segment:
            previous = merged[-1]
            merged[-1] = (previous[0] + group, role, min(previous[2], confidence))
        else:
            merged.append((group, role, confidence))
    segments = []
    for group, role, confidence in merged:
        segment = _segment_from(group, ("unknown",))
        segment.speaker = role  # type: ignore[assignment]
        segment.speaker_confidence = confidence
        segment.channel = None
        segments.append(segment)
    return segments


def _low_confidence(segments: list[Segment]) -> bool:
    durations = np.array([max(s.end - s.start, 0.01) for s in segments])
    low = np.array([(s.confidence or 0.0) < LOW_CONFIDENCE for s in segments])
    return float(durations[low].sum() / durations.sum()) > LOW_CONFIDENCE_SHARE
