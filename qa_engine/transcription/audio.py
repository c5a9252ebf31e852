"""Decode any call recording to float32 samples at 16 kHz, keeping its channels.

PyAV bundles the FFmpeg libraries, so no ``ffmpeg`` program is needed. Channels are kept (call recorders
store agent and caller on separate channels); more than two channels are mixed down to mono because no
call recorder we serve uses them for separate parties.
"""

from __future__ import annotations

import gc
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

SAMPLE_RATE = 16000
# A FLAC or WAV that decodes to less than this share of its declared length was cut short.
_TRUNCATION_TOLERANCE = 0.95


class AudioDecodeError(ValueError):
    """A recording could not be decoded. The message names the file, never its content."""


@dataclass
class DecodedAudio:
    samples: np.ndarray  # float32, shape [channels, n]
    sample_rate: int
    channels: int
    duration: float
    source_sample_rate: int
    name: str = ""

    def channel(self, index: int) -> np.ndarray:
        return self.samples[index]

    def mono(self) -> np.ndarray:
        if self.channels == 1:
            return self.samples[0]
        return self.samples.mean(axis=0).astype(np.float32)


def decode_audio(path: Path | str, sample_rate: int = SAMPLE_RATE) -> DecodedAudio:
    path = Path(path)
    name = path.name
    if not path.exists():
        raise AudioDecodeError(f"{name}: file not found")
    if not path.is_file():
        raise AudioDecodeError(f"{name}: not a regular file")
    if path.stat().st_size == 0:
        raise AudioDecodeError(f"{name}: file is empty")
    with path.open("rb") as fh:
        return _decode(fh, name, sample_rate)


def decode_audio_bytes(data: bytes, name: str, sample_rate: int = SAMPLE_RATE) -> DecodedAudio:
    if not data:
        raise AudioDecodeError(f"{name}: file is empty")
    return _decode(io.BytesIO(data), name, sample_rate)


def iter_audio_windows(
    path: Path | str, window_seconds: float, sample_rate: int = SAMPLE_RATE
) -> Iterator[tuple[float, np.ndarray]]:
    """Yield ``(offset_seconds, samples[channels, n])`` windows so long calls never sit whole in memory."""
    path = Path(path)
    if not path.exists():
        raise AudioDecodeError(f"{path.name}: file not found")
    window = int(window_seconds * sample_rate)
    with path.open("rb") as fh:
        container = _open(fh, path.name)
        with container:
            stream = container.streams.audio[0]
            layout = "stereo" if stream.codec_context.channels == 2 else "mono"
            resampler = av.audio.resampler.AudioResampler(format="fltp", layout=layout, rate=sample_rate)
            pending: list[np.ndarray] = []
            held = 0
            offset = 0
            for chunk in _frames(container, resampler, path.name):
                pending.append(chunk)
                held += chunk.shape[1]
                while held >= window:
                    joined = np.concatenate(pending, axis=1)
                    yield offset / sample_rate, joined[:, :window]
                    rest = joined[:, window:]
                    pending, held = [rest], rest.shape[1]
                    offset += window
            if held:
                yield offset / sample_rate, np.concatenate(pending, axis=1)


def probe_duration(path: Path | str) -> float | None:
    """Declared duration in seconds, without decoding; None when the container does not say."""
    path = Path(path)
    with path.open("rb") as fh, _open(fh, path.name) as container:
        stream = container.streams.audio[0]
        if stream.duration and stream.time_base:
            return float(stream.duration * stream.time_base)
        if container.duration:
            return container.duration / 1_000_000
    return None


def channels_identical(samples: np.ndarray, max_residual: float = 0.02) -> bool:
    """True when a stereo recording is one mono call stored twice.

    Lossy codecs and dithering make the copies differ slightly (jfk.flac's channels correlate at 0.9996),
    so compare the energy of the difference with the energy of the signal rather than demand equality.
    """
    if samples.ndim != 2 or samples.shape[0] < 2:
        return False
    left = samples[0].astype(np.float64)
    right = samples[1].astype(np.float64)
    energy = max(float(np.dot(left, left)), float(np.dot(right, right)))
    if energy < 1e-9:  # both silent: nothing to transcribe twice
        return True
    diff = left - right
    return float(np.dot(diff, diff)) / energy <= max_residual


def _open(fh: io.IOBase, name: str) -> av.container.InputContainer:
    try:
        container = av.open(fh, mode="r", metadata_errors="ignore")
    except (av.error.FFmpegError, UnicodeDecodeError, ValueError) as exc:
        raise AudioDecodeError(f"{name}: not a recognised audio file") from exc
    if not container.streams.audio:
        container.close()
        raise AudioDecodeError(f"{name}: contains no audio stream")
    return container


def _frames(container: av.container.InputContainer, resampler, name: str) -> Iterator[np.ndarray]:
    stream = container.streams.audio[0]
    declared = float(stream.duration * stream.time_base) if stream.duration and stream.time_base else None
    source_rate = stream.codec_context.sample_rate or 0
    decoded = 0
    broken = False
    packets = container.demux(stream)
    while True:
        try:
            packet = next(packets)
        except StopIteration:
            break
        except av.error.FFmpegError:
            broken = True
            break
        try:
            frames = packet.decode()
        except (av.error.InvalidDataError, av.error.FFmpegError):
            broken = True
            continue
        for frame in frames:
            decoded += frame.samples
            frame.pts = None  # resampler checks timestamps; gaps in broken files would abort it
            for out in resampler.resample(frame):
                yield out.to_ndarray()
    for out in resampler.resample(None):
        yield out.to_ndarray()
    if declared and source_rate and broken and decoded / source_rate < declared * _TRUNCATION_TOLERANCE:
        raise AudioDecodeError(f"{name}: audio is truncated or corrupt")
    if decoded == 0:
        if broken:
            raise AudioDecodeError(f"{name}: audio data could not be decoded")
        raise AudioDecodeError(f"{name}: contains no audio (zero length)")


def _decode(fh: io.IOBase, name: str, sample_rate: int) -> DecodedAudio:
    container = _open(fh, name)
    with container:
        stream = container.streams.audio[0]
        source_rate = int(stream.codec_context.sample_rate or 0)
        layout = "stereo" if stream.codec_context.channels == 2 else "mono"
        resampler = av.audio.resampler.AudioResampler(format="fltp", layout=layout, rate=sample_rate)
        chunks = list(_frames(container, resampler, name))
    del resampler
    gc.collect()  # PyAV's resampler keeps buffers alive until collected
    samples = np.concatenate(chunks, axis=1).astype(np.float32, copy=False) if chunks else None
    if samples is None or samples.shape[1] == 0:
        raise AudioDecodeError(f"{name}: contains no audio (zero length)")
    samples = np.ascontiguousarray(samples)
    return DecodedAudio(
        samples=samples,
        sample_rate=sample_rate,
        channels=samples.shape[0],
        duration=samples.shape[1] / sample_rate,
        source_sample_rate=source_rate,
        name=name,
    )
