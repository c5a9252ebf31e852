"""Render synthetic calls to audio with espeak-ng, with ground-truth word timing.

libespeak-ng is driven through ctypes in synchronous mode: its WORD events give each word's start in
the synthesized audio, and the word's end is where the speech energy stops before the next word. A
whole turn is synthesized at once (not word by word) so prosody, and Whisper's accuracy on it, stay
natural. Agent on the left channel, caller on the right, turns one after another with pauses.
"""

from __future__ import annotations

import bisect
import ctypes
import ctypes.util
import random
import re
import threading
from dataclasses import dataclass
from math import gcd
from pathlib import Path

import numpy as np
import soundfile as sf

from models.interchange import Word
from qa_engine.synthetic import spoken
from qa_engine.synthetic.generator import SyntheticCall

_EVENT_WORD = 1
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_CHARS_UTF8 = 1
_ENDPAUSE = 0x1000
_POS_CHARACTER = 1
_RATE, _VOLUME, _PITCH, _RANGE = 1, 2, 3, 4


class _Event(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("unique_identifier", ctypes.c_uint), ("text_position", ctypes.c_int),
                ("length", ctypes.c_int), ("audio_position", ctypes.c_int), ("sample", ctypes.c_int),
                ("user_data", ctypes.c_void_p), ("id", ctypes.c_char * 8)]


_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event))


@dataclass(frozen=True)
class Voice:
    name: str  # espeak-ng voice with variant, e.g. "en-us+f3"
    rate: int  # words per minute
    pitch: int  # 0-100
    range: int = 50


# Measured with Whisper tiny.en on agent turns: slower rates and these variants gave WER 0.15-0.20;
# en-us+f4 and faster rates were worse.
AGENT_VOICES = (Voice("en-us+f2", 150, 55), Voice("en-us+f3", 155, 55), Voice("en-us+m3", 150, 45),
                Voice("en-us", 150, 50))
CALLER_VOICES = (Voice("en-us+m1", 140, 38), Voice("en-us+m7", 140, 40), Voice("en+f5", 145, 60),
                 Voice("en-us+m2", 145, 32), Voice("en-gb+f1", 145, 55))


class _Espeak:
    """One process-wide libespeak-ng handle (the library keeps global state)."""

    def __init__(self) -> None:
        path = ctypes.util.find_library("espeak-ng") or "libespeak-ng.so.1"
        try:
            self.lib = ctypes.CDLL(path)
        except OSError as exc:  # pragma: no cover - depends on the machine
            raise RuntimeError("libespeak-ng not found: install the Debian package espeak-ng") from exc
        self.sample_rate = self.lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, None, 0)
        if self.sample_rate <= 0:
            raise RuntimeError("espeak-ng failed to initialize")
        self._chunks: list[np.ndarray] = []
        self._events: list[tuple[int, int]] = []
        self._cb = _CALLBACK(self._on_audio)  # kept referenced: the library calls it later
        self.lib.espeak_SetSynthCallback(self._cb)
        self.lock = threading.Lock()

    def _on_audio(self, wav, n, events) -> int:  # noqa: ANN001 - ctypes callback
        if wav and n > 0:
            self._chunks.append(np.ctypeslib.as_array(wav, shape=(n,)).copy())
        i = 0
        while events[i].type != 0:
            if events[i].type == _EVENT_WORD:
                self._events.append((events[i].text_position, events[i].audio_position))
            i += 1
        return 0

    def synth(self, text: str, voice: Voice) -> tuple[np.ndarray, list[tuple[int, int]]]:
        """float32 audio at ``sample_rate`` and (1-based char position, start ms) per word event."""
        with self.lock:
            self._chunks, self._events = [], []
            self.lib.espeak_SetVoiceByName(voice.name.encode())
            self.lib.espeak_SetParameter(_RATE, voice.rate, 0)
            self.lib.espeak_SetParameter(_PITCH, voice.pitch, 0)
            self.lib.espeak_SetParameter(_RANGE, voice.range, 0)
            data = text.encode("utf-8")
            self.lib.espeak_Synth(data, len(data) + 1, 0, _POS_CHARACTER, 0, _CHARS_UTF8 | _ENDPAUSE, None, None)
            self.lib.espeak_Synchronize()
            audio = np.concatenate(self._chunks) if self._chunks else np.zeros(0, np.int16)
            return audio.astype(np.float32) / 32768.0, list(self._events)


_ENGINE: _Espeak | None = None


def _engine() -> _Espeak:
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = _Espeak()
    return _ENGINE


# --------------------------------------------------------------------------------------------------
# What the TTS is asked to say for a written token: the same words a person would say for it.

_ORD = re.compile(r"^(\d{1,2})(st|nd|rd|th)$", re.I)
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?$")


def _say_number(digits: str) -> str:
    n = int(digits)
    rng = random.Random(n)
    if len(digits) == 4 and 1900 <= n <= 2099:
        return spoken.year_words(n, rng)
    if len(digits) <= 2 and not digits.startswith("0"):
        return spoken.num_words(n)
    return spoken.digit_words(digits, rng, zero="oh")


def speakable(token: str) -> str:
    """A token as words espeak reads the way a caller says them ('555-212-0198' -> digit by digit)."""
    core = token.strip(".,?!;:\"()")
    tail = token[len(token.rstrip(".,?!;:")):] if token.rstrip(".,?!;:") != token else ""
    if not any(ch.isdigit() for ch in core) and "@" not in core:
        if re.fullmatch(r"[A-Za-z](-[A-Za-z])+", core):
            return " ".join(core.split("-")) + tail
        return token
    if "@" in core:
        local, _, domain = core.partition("@")
        words = re.sub(r"(\d+)", lambda m: " " + spoken.digit_words(m.group(1), random.Random(0), "oh") + " ", local)
        return f"{words.replace('.', ' dot ')} at {domain.replace('.', ' dot ')}" + tail
    if m := _ORD.match(core):
        return spoken.ordinal_words(int(m.group(1))) + tail
    if m := _TIME.match(core):
        h, mi = int(m.group(1)), int(m.group(2))
        return (spoken.num_words(h) + ("" if mi == 0 else " " + spoken.pair_words(mi, random.Random(0)))) + tail
    if m := _DATE.match(core):
        month, day = int(m.group(1)), int(m.group(2))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return " ".join(spoken.digit_words(p, random.Random(0), "oh") for p in core.split("/")) + tail
        parts = [spoken.MONTHS[month - 1], spoken.ordinal_words(day)]
        if m.group(3):
            parts.append(_say_number(m.group(3)))
        return " ".join(parts) + tail
    out = []
    for piece in re.findall(r"[A-Za-z]+|\d+", core):
        if piece.isdigit():
            out.append(_say_number(piece) if len(piece) <= 4 and "-" not in core else
                       spoken.digit_words(piece, random.Random(0), "oh"))
        elif len(piece) <= 3 and any(ch.isdigit() for ch in core):
            out.append(" ".join(piece.upper()))
        else:
            out.append(piece)
    return ", ".join(out) if "-" in core else " ".join(out) + tail


def _word_times(text: str, audio: np.ndarray, events: list[tuple[int, int]], sr: int) -> list[tuple[str, float, float]]:
    """(token, start, end) for every whitespace token of ``text`` within ``audio``."""
    tokens = text.split()
    say = [speakable(t) for t in tokens]
    spoken_text, ends, pos = "", [], 0
    for s in say:
        if spoken_text:
            spoken_text += " "
            pos += 1
        spoken_text += s
        pos += len(s)
        ends.append(pos)
    del spoken_text
    # Each event starts a word at a 1-based character position of the spoken text; it belongs to the
    # first token ending after that position (espeak sometimes reports the preceding space).
    starts: dict[int, float] = {}
    for text_pos, ms in events:
        i = min(bisect.bisect_right(ends, text_pos - 1), len(tokens) - 1)
        starts.setdefault(i, ms / 1000.0)
    # Tokens espeak gave no event for (rare) get interpolated between their neighbours.
    known = sorted(starts)
    duration = len(audio) / sr
    if not known:
        known, starts = [0], {0: 0.0}
    for i in range(len(tokens)):
        if i not in starts:
            j = bisect.bisect_left(known, i)
            lo = starts[known[j - 1]] if j > 0 else 0.0
            hi = starts[known[j]] if j < len(known) else duration
            starts[i] = lo + (hi - lo) * 0.5
    ordered = [starts[i] for i in range(len(tokens))]
    for i in range(1, len(ordered)):
        ordered[i] = max(ordered[i], ordered[i - 1])
    # Word edges snapped to the speech energy: 5 ms frames, a threshold relative to the turn's level.
    hop = max(1, sr // 200)
    frames = np.abs(audio[: len(audio) // hop * hop]).reshape(-1, hop).max(axis=1) if len(audio) >= hop \
        else np.zeros(1)
    voiced = frames > max(0.02 * float(frames.max(initial=0.0)), 1e-4)
    out = []
    for i, tok in enumerate(tokens):
        a = int(ordered[i] * sr / hop)
        b = int((ordered[i + 1] if i + 1 < len(tokens) else duration) * sr / hop)
        seg = np.nonzero(voiced[a:max(b, a + 1)])[0]
        if len(seg):
            s, e = (a + seg[0]) * hop / sr, (a + seg[-1] + 1) * hop / sr
        else:
            s, e = ordered[i], max(ordered[i], b * hop / sr)
        out.append((tok, round(s, 3), round(max(e, s + 0.01), 3)))
    return out


def _resample(x: np.ndarray, sr_in: int, sr_out: int) -> np.ndarray:
    if sr_in == sr_out:
        return x
    from scipy.signal import resample_poly

    g = gcd(sr_in, sr_out)
    return resample_poly(x, sr_out // g, sr_in // g).astype(np.float32)


def _hold_audio(seconds: float, sr: int, music: bool) -> np.ndarray:
    n = int(seconds * sr)
    if not music:
        return np.zeros(n, np.float32)
    t = np.arange(n) / sr
    # A soft two-note chime, the kind of hold loop ASR must not turn into words.
    notes = np.where((t % 1.0) < 0.5, 440.0, 554.37)
    return (0.08 * np.sin(2 * np.pi * notes * t) * (0.6 + 0.4 * np.cos(2 * np.pi * t))).astype(np.float32)


def synthesize(call: SyntheticCall, sample_rate: int = 16000, gap: float = 0.45, hold: bool = False,
               hold_music: bool = False, noise: float = 0.0015) -> tuple[np.ndarray, SyntheticCall]:
    """(audio [n, 2] float32: agent left, caller right; the call with ground-truth times filled in)."""
    eng = _engine()
    rng = random.Random(call.seed * 7 + 1)
    voices = {"agent": rng.choice(AGENT_VOICES), "caller": rng.choice(CALLER_VOICES)}
    call = SyntheticCall.from_dict(call.to_dict())
    tracks: list[tuple[int, float, np.ndarray]] = []
    t = rng.uniform(0.3, 0.8)
    hold_after = set(call.labels.hold_after_segments) if hold else set()
    for i, seg in enumerate(call.transcript.segments):
        speaker = seg.speaker if seg.speaker in voices else "caller"
        say = " ".join(speakable(tok) for tok in seg.text.split())
        raw, events = eng.synth(say, voices[speaker])
        words = _word_times(seg.text, raw, events, eng.sample_rate)
        audio = _resample(raw, eng.sample_rate, sample_rate)
        # Trim the synthesizer's trailing pause so the segment ends where speech ends.
        last_end = words[-1][2] if words else len(audio) / sample_rate
        audio = audio[: int((last_end + 0.05) * sample_rate)]
        channel = 0 if speaker == "agent" else 1
        seg.channel = channel
        seg.words = [Word(word=w, start=round(t + s, 3), end=round(t + e, 3)) for w, s, e in words]
        seg.start = seg.words[0].start if seg.words else round(t, 3)
        seg.end = seg.words[-1].end if seg.words else round(t + len(audio) / sample_rate, 3)
        # espeak peaks near full scale; half that leaves headroom and keeps the FLACs smaller.
        tracks.append((channel, t, 0.5 * audio))
        t += len(audio) / sample_rate + max(0.1, rng.gauss(gap, gap / 3))
        if i in hold_after:
            dur = rng.uniform(4.0, 8.0)
            tracks.append((0, t, _hold_audio(dur, sample_rate, hold_music)))
            t += dur + 0.3
    total = int((max(start + len(a) / sample_rate for _c, start, a in tracks) + 0.5) * sample_rate)
    out = np.zeros((total, 2), np.float32)
    for channel, start, audio in tracks:
        a = int(start * sample_rate)
        out[a:a + len(audio), channel] += audio[: total - a]
    if noise > 0:
        out += np.random.default_rng(call.seed).normal(0, noise, out.shape).astype(np.float32)
    np.clip(out, -1.0, 1.0, out=out)
    return out, call


def render_call(call: SyntheticCall, path: Path, sample_rate: int = 16000, gap: float = 0.45, hold: bool = False,
                hold_music: bool = False, mono: bool = False, noise: float = 0.0015) -> SyntheticCall:
    """Write the call as FLAC/WAV (by suffix): stereo agent-left/caller-right, or both mixed when ``mono``.

    Returns a copy of the call whose segments carry ground-truth ``start``/``end``/``words`` in seconds.
    """
    audio, timed = synthesize(call, sample_rate=sample_rate, gap=gap, hold=hold, hold_music=hold_music, noise=noise)
    if mono:
        audio = np.clip(audio.sum(axis=1), -1.0, 1.0)
        for seg in timed.transcript.segments:
            seg.channel = None
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    sf.write(str(path), audio, sample_rate, subtype="PCM_16")
    return timed


def render_mono(call: SyntheticCall, path: Path, sample_rate: int = 16000, gap: float = 0.45,
                hold: bool = False, hold_music: bool = False) -> SyntheticCall:
    """Both parties mixed into one channel (for mono-recording tests); timing as in ``render_call``."""
    return render_call(call, path, sample_rate=sample_rate, gap=gap, hold=hold, hold_music=hold_music, mono=True)
