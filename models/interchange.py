"""The plain data that flows between stages, and the documented transcript JSON.

Transcript JSON (output by the engine, accepted as input; unknown keys are ignored)::

    {"call_id": str, "call_type": str, "language": "en",
     "segments": [{"speaker": "agent"|"caller"|"unknown", "start": float, "end": float,
                   "text": str, "words": [{"word": str, "start": float, "end": float}]}],
     "record": {fields the agent captured, optional}}
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Speaker = Literal["agent", "caller", "unknown"]


class Word(BaseModel):
    model_config = ConfigDict(extra="ignore")

    word: str
    start: float
    end: float
    probability: float | None = None


class Segment(BaseModel):
    model_config = ConfigDict(extra="ignore")

    speaker: Speaker = "unknown"
    start: float = 0.0
    end: float = 0.0
    text: str
    words: list[Word] = Field(default_factory=list)
    confidence: float | None = Field(default=None, description="ASR confidence 0-1, when transcribed.")
    speaker_confidence: float | None = None
    channel: int | None = None


class Transcript(BaseModel):
    model_config = ConfigDict(extra="ignore")

    call_id: str = ""
    call_type: str = "unknown"
    language: str = "en"
    segments: list[Segment] = Field(default_factory=list)
    record: dict[str, Any] | None = None
    flags: list[str] = Field(default_factory=list, description="Transcription-stage flags, e.g. low_asr_confidence.")

    @property
    def duration(self) -> float:
        return max((s.end for s in self.segments), default=0.0)


class PhiSpan(BaseModel):
    """A PHI span, in character offsets into one segment's text."""

    segment: int
    start: int
    end: int
    type: str
    score: float
    recognizer: str = ""


class Evidence(BaseModel):
    segment: int
    start: float
    quote: str


class CriterionResult(BaseModel):
    id: str
    kind: str
    score: float
    max: float
    passed: bool | None
    confidence: float
    evidence: list[Evidence] = Field(default_factory=list)
    details: dict[str, Any] = Field(default_factory=dict)
    auto_fail: bool = False


class RubricRef(BaseModel):
    id: str
    version: int


class ScoreResult(BaseModel):
    call_id: str
    rubric: RubricRef
    total: float
    auto_failed: bool
    flags: list[str] = Field(default_factory=list)
    criteria: list[CriterionResult] = Field(default_factory=list)
