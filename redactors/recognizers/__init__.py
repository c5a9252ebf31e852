"""PHI recognizers for spoken call transcripts, one small class per file behind one registry.

Like Presidio's predefined_recognizers: each recognizer is a Presidio ``EntityRecognizer``. Most of them work
on the spoken-form normalized text (`redactors.spoken`) and map their hits back to the original offsets.
`build_recognizers()` instantiates every registered class; `redactors.detect` adds them to the analyzer.
"""

from __future__ import annotations

# Importing the modules registers their classes.
from redactors.recognizers import (  # noqa: E402,F401,I001
    address,
    age,
    dates,
    email,
    gazetteer,
    numbers,
    spacy_ner,
    spelled,
    username,
    written_address,
)
from redactors.recognizers.base import REGISTRY, SpokenRecognizer, register


def build_recognizers() -> list:
    return [cls() for cls in REGISTRY]


__all__ = ["REGISTRY", "SpokenRecognizer", "register", "build_recognizers"]
