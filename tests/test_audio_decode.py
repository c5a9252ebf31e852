"""Decoding call recordings: every supported format, telephony codecs, and a clear error for bad input."""

from __future__ import annotations

import shutil
import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest

from qa_engine.transcription.audio import (
    AudioDecodeError,
    channels_identical,
    decode_audio,
    decode_audio_bytes,
    iter_audio_windows,
)

SR = 16000


def _write_wav(path: Path, samples: np.ndarray, rate: int = SR) -> Path:
    """samples: float [channels, n] in -1..1, written as 16-bit PCM."""
    pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2").T.copy()
    with wave.open(str(path), "wb") as w:
        w.setnchannels(samples.shape[0])
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    return path


def _two_tones(seconds: float = 2.0, rate: int = SR) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return np.stack([0.4 * np.sin(2 * np.pi * 440 * t), 0.4 * np.sin(2 * np.pi * 660 * t)])


def _corr(a: np.ndarray, b: np.ndarray) -> float:
    n = min(a.size, b.size)
    return float(np.corrcoef(a[:n], b[:n])[0, 1])


@pytest.fixture(scope="module")
def source_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write_wav(tmp_path_factory.mktemp("audio") / "call.wav", _two_tones())


def test_pcm_wav_keeps_channels_and_values(source_wav: Path) -> None:
    audio = decode_audio(source_wav)
    assert audio.channels == 2 and audio.samples.dtype == np.float32
    assert audio.samples.shape == (2, 2 * SR)
    assert audio.sample_rate == SR and audio.source_sample_rate == SR
    assert audio.duration == pytest.approx(2.0)
    np.testing.assert_allclose(audio.samples, _two_tones(), atol=1e-3)
    assert not channels_identical(audio.samples)


@pytest.mark.parametrize("encoding", ["u-law", "a-law"])
def test_8khz_g711_telephony_wav(tmp_path: Path, source_wav: Path, encoding: str) -> None:
    if shutil.which("sox") is None:
        pytest.skip("sox is not installed")
    out = tmp_path / f"phone-{encoding}.wav"
    subprocess.run(["sox", str(source_wav), "-r", "8000", "-e", encoding, str(out)], check=True)
    audio = decode_audio(out)
    assert audio.source_sample_rate == 8000 and audio.sample_rate == SR and audio.channels == 2
    assert audio.duration == pytest.approx(2.0, abs=0.01)
    reference = _two_tones()
    # G.711 is lossy and band-limited, but a 440/660 Hz tone survives it almost unchanged.
    assert _corr(audio.samples[0], reference[0]) > 0.98
    assert _corr(audio.samples[1], reference[1]) > 0.98


@pytest.mark.parametrize(
    "suffix, codec",
    [(".mp3", "libmp3lame"), (".ogg", "libvorbis"), (".opus", "libopus"), (".m4a", "aac"), (".flac", "flac")],
)
def test_compressed_formats(tmp_path: Path, source_wav: Path, suffix: str, codec: str) -> None:
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is not installed (needed only to make the test files)")
    out = tmp_path / f"call{suffix}"
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-y", "-i", str(source_wav), "-c:a", codec, str(out)], check=True
    )
    audio = decode_audio(out)
    assert audio.channels == 2 and audio.sample_rate == SR
    assert audio.duration == pytest.approx(2.0, abs=0.08)
    rms = np.sqrt((audio.samples**2).mean(axis=1))
    assert rms == pytest.approx([0.4 / np.sqrt(2)] * 2, rel=0.1)


def test_48khz_mono_resampled(tmp_path: Path) -> None:
    mono = _two_tones(1.0, 48000)[:1]
    audio = decode_audio(_write_wav(tmp_path / "hi-rate.wav", mono, 48000))
    assert audio.source_sample_rate == 48000 and audio.channels == 1
    assert audio.samples.shape[1] == pytest.approx(SR, abs=32)


def test_identical_channels_detected(tmp_path: Path) -> None:
    tone = _two_tones()[0]
    audio = decode_audio(_write_wav(tmp_path / "dual-mono.wav", np.stack([tone, tone])))
    assert channels_identical(audio.samples)
    # A mono call stored twice through a lossy codec still counts as one signal.
    noisy = np.stack([tone, tone + np.random.default_rng(0).normal(0, 0.003, tone.size)])
    assert channels_identical(noisy.astype(np.float32))
    assert not channels_identical(np.stack([tone, np.zeros_like(tone)]))


def test_windows_cover_the_whole_file(tmp_path: Path) -> None:
    path = _write_wav(tmp_path / "long.wav", _two_tones(5.0))
    windows = list(iter_audio_windows(path, 2.0))
    assert [round(offset, 3) for offset, _ in windows] == [0.0, 2.0, 4.0]
    assert sum(w.shape[1] for _, w in windows) == 5 * SR


def _bad_inputs(tmp_path: Path, source_wav: Path) -> dict[str, Path]:
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    junk = tmp_path / "not-audio.wav"
    junk.write_bytes(b"Patient notes, not audio. " * 200)
    zero = _write_wav(tmp_path / "zero-length.wav", np.zeros((1, 0)))
    flac = tmp_path / "full.flac"
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-i", str(source_wav), str(flac)], check=True)
    truncated = tmp_path / "truncated.flac"
    truncated.write_bytes(flac.read_bytes()[: flac.stat().st_size // 2])
    return {
        "missing": tmp_path / "missing.wav",
        "empty": empty,
        "non-audio": junk,
        "zero-length": zero,
        "truncated": truncated,
    }


@pytest.mark.parametrize("case", ["missing", "empty", "non-audio", "zero-length", "truncated"])
def test_bad_input_gives_one_clear_line_naming_the_file(tmp_path: Path, source_wav: Path, case: str) -> None:
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is not installed (needed only to make the test files)")
    path = _bad_inputs(tmp_path, source_wav)[case]
    with pytest.raises(AudioDecodeError) as info:
        decode_audio(path)
    message = str(info.value)
    assert message.startswith(f"{path.name}: ")
    assert "\n" not in message
    assert str(tmp_path) not in message  # the name only, never the folder
    assert "Patient" not in message  # never the content


def test_bytes_input(source_wav: Path) -> None:
    assert decode_audio_bytes(source_wav.read_bytes(), "upload.wav").channels == 2
    with pytest.raises(AudioDecodeError, match=r"^upload\.wav: "):
        decode_audio_bytes(b"\x00\x01garbage" * 50, "upload.wav")
    with pytest.raises(AudioDecodeError, match="empty"):
        decode_audio_bytes(b"", "upload.wav")
