"""Registry and base class shared by the spoken-form recognizers."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redactors.spoken import NormalizedText, normalize_spoken

REGISTRY: list[type[EntityRecognizer]] = []


def register(cls: type[EntityRecognizer]) -> type[EntityRecognizer]:
    REGISTRY.append(cls)
    return cls


@functools.lru_cache(maxsize=8192)
def normalized(text: str) -> NormalizedText:
    """Every recognizer of one text shares one normalization."""
    return normalize_spoken(text)


_WORD = re.compile(r"[a-z0-9']+")


def words_before(norm: NormalizedText, pos: int, n: int) -> list[str]:
    return _WORD.findall(norm.text[:pos])[-n:]


def words_after(norm: NormalizedText, pos: int, n: int) -> list[str]:
    return _WORD.findall(norm.text[pos:])[:n]


class SpokenRecognizer(EntityRecognizer):
    """A recognizer that finds hits as (start, end, entity, score) in normalized coordinates."""

    ENTITIES: list[str] = []

    def __init__(self) -> None:
        super().__init__(supported_entities=list(self.ENTITIES), supported_language="en", name=type(self).__name__)

    def load(self) -> None:  # nothing to load; gazetteers load lazily and are cached
        pass

    def find(self, norm: NormalizedText, text: str) -> Iterable[tuple[int, int, str, float]]:
        raise NotImplementedError

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None, **kwargs
    ) -> list[RecognizerResult]:
        norm = normalized(text)
        results = []
        for nstart, nend, entity, score in self.find(norm, text):
            if entities and entity not in entities:
                continue
            start, end = norm.to_original(nstart, nend)
            # trailing punctuation the normalizer glued to a token is not part of the value
            while end > start and text[end - 1] in ",.;:!?":
                end -= 1
            if end > start:
                results.append(
                    RecognizerResult(
                        entity_type=entity,
                        start=start,
                        end=end,
                        score=score,
                        recognition_metadata={
                            RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                        },
                    )
                )
        return results
