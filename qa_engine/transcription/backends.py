"""Two Whisper backends behind one interface: faster-whisper (CTranslate2) and openai-whisper (reference).

A backend turns one channel of 16 kHz float32 samples into segments with word timestamps and the decoder's
own quality signals. Voice activity detection, hallucination filtering, windowing and speaker roles are
the caller's business (``transcribe.py``), so both backends see exactly the same audio.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from qa_engine.transcription.model_store import alignment_heads_dump, resolve_model

# Whisper's own fallback schedule: retry a window at higher temperature when it looks like a hallucination.
TEMPERATURES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
# Fallback decoding samples; a fixed seed makes the same audio give the same transcript every time.
SEED = 0


@dataclass
class AsrWord:
    word: str
    start: float
    end: float
    probability: float


@dataclass
class AsrSegment:
    start: float
    end: float
    text: str
    avg_logprob: float
    no_speech_prob: float
    compression_ratio: float
    words: list[AsrWord] = field(default_factory=list)

    @property
    def confidence(self) -> float:
        """Mean word probability when words exist (what a reviewer sees per word), else exp(avg logprob)."""
        if self.words:
            return float(np.mean([w.probability for w in self.words]))
        return float(min(1.0, np.exp(self.avg_logprob)))


class Backend(Protocol):
    name: str
    model_name: str

    def transcribe(
        self,
        samples: np.ndarray,
        *,
        beam_size: int = 5,
        initial_prompt: str | None = None,
        language: str = "en",
    ) -> list[AsrSegment]:
        """Transcribe mono 16 kHz float32 samples; times are seconds from the start of ``samples``."""
        ...


class FasterWhisperBackend:
    name = "faster-whisper"

    def __init__(
        self,
        model_dir: Path,
        model_name: str = "",
        compute_type: str = "float32",
        threads: int = 2,
        batch_size: int = 0,
    ):
        from faster_whisper import BatchedInferencePipeline, WhisperModel

        self.model_name = model_name or Path(model_dir).name
        # Always a path: a bare name would send faster-whisper to the model hub.
        self.model = WhisperModel(str(model_dir), device="cpu", compute_type=compute_type, cpu_threads=threads)
        self.batch_size = batch_size
        self.batched = BatchedInferencePipeline(self.model) if batch_size > 1 else None

    def transcribe(
        self,
        samples: np.ndarray,
        *,
        beam_size: int = 5,
        initial_prompt: str | None = None,
        language: str = "en",
    ) -> list[AsrSegment]:
        import ctranslate2

        ctranslate2.set_random_seed(SEED)
        audio = np.ascontiguousarray(samples, dtype=np.float32)
        options: dict = dict(language=language, beam_size=beam_size, best_of=5, temperature=list(TEMPERATURES),
                             initial_prompt=initial_prompt, word_timestamps=True)
        if self.batched is not None:
            # Speech chunks (its own VAD over our speech-only audio) decoded side by side: faster where
            # matrix work dominates, at the cost of the previous chunk's text as context.
            segments, _ = self.batched.transcribe(audio, batch_size=self.batch_size, **options)
        else:
            segments, _ = self.model.transcribe(audio, vad_filter=False, condition_on_previous_text=True, **options)
        out = []
        for s in segments:
            words = [AsrWord(w.word, float(w.start), float(w.end), float(w.probability)) for w in s.words or []]
            out.append(
                AsrSegment(
                    start=float(s.start),
                    end=float(s.end),
                    text=s.text,
                    avg_logprob=float(s.avg_logprob),
                    no_speech_prob=float(s.no_speech_prob),
                    compression_ratio=float(s.compression_ratio),
                    words=words,
                )
            )
        return out


class OpenAIWhisperBackend:
    name = "openai-whisper"

    def __init__(self, checkpoint: Path, model_name: str = "", threads: int = 2):
        import torch
        import whisper

        self.model_name = model_name or Path(checkpoint).stem
        self.threads = threads
        self.model = whisper.load_model(str(checkpoint), device="cpu")
        # load_model leaves the default heads (all of the upper half); converted weights need the real ones.
        stored = torch.load(str(checkpoint), map_location="cpu", mmap=True, weights_only=True)
        heads = stored.get("alignment_heads") or []
        if heads:
            dims = self.model.dims
            self.model.set_alignment_heads(alignment_heads_dump(heads, dims.n_text_layer, dims.n_text_head))
        self._lock = threading.Lock()

    def transcribe(
        self,
        samples: np.ndarray,
        *,
        beam_size: int = 5,
        initial_prompt: str | None = None,
        language: str = "en",
    ) -> list[AsrSegment]:
        import torch
        import whisper

        torch.set_num_threads(self.threads)
        torch.manual_seed(SEED)
        with self._lock:  # the model keeps per-call hooks during word alignment
            result = whisper.transcribe(
                self.model,
                np.ascontiguousarray(samples, dtype=np.float32),
                language=language,
                beam_size=beam_size if beam_size > 1 else None,
                best_of=5,
                temperature=TEMPERATURES,
                initial_prompt=initial_prompt,
                word_timestamps=True,
                condition_on_previous_text=True,
                fp16=False,
                verbose=None,
            )
        out = []
        for s in result["segments"]:
            words = [
                AsrWord(w["word"], float(w["start"]), float(w["end"]), float(w["probability"]))
                for w in s.get("words", [])
            ]
            out.append(
                AsrSegment(
                    start=float(s["start"]),
                    end=float(s["end"]),
                    text=s["text"],
                    avg_logprob=float(s["avg_logprob"]),
                    no_speech_prob=float(s["no_speech_prob"]),
                    compression_ratio=float(s["compression_ratio"]),
                    words=words,
                )
            )
        return out


def get_backend(
    name: str | None = None,
    model: str | None = None,
    *,
    compute_type: str | None = None,
    threads: int | None = None,
) -> Backend:
    """The backend for a name and model, loaded once per process (the defaults come from settings)."""
    from qa_engine.settings import get_settings

    settings = get_settings()
    name = name or settings.asr_backend
    model = model or (str(settings.asr_model_path) if settings.asr_model_path else settings.asr_model)
    return _load_backend(name, model, compute_type or settings.asr_compute_type, threads or settings.asr_threads,
                         settings.asr_batch_size)


@lru_cache(maxsize=4)
def _load_backend(name: str, model: str, compute_type: str, threads: int, batch_size: int = 0) -> Backend:
    from qa_engine.settings import get_settings

    path = resolve_model(model, name, get_settings().model_cache)
    if name == "faster-whisper":
        return FasterWhisperBackend(path, model, compute_type, threads, batch_size)
    return OpenAIWhisperBackend(path, model, threads)
