"""Speaker role for mono calls: a text classifier for agent language versus caller language.

Agents greet, disclose recording, ask for identifiers and close ("is there anything else"); callers
answer, describe problems and ask. A TF-IDF + logistic regression pipeline over word and character n-grams,
trained on the synthetic corpus, gives a role and a probability per segment; below a threshold the segment
keeps ``unknown`` and the call is flagged for review.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from models.interchange import Segment

MODEL_PATH = Path(__file__).parent / "data" / "speaker_role.joblib"
THRESHOLD = 0.6


@lru_cache(maxsize=1)
def load_classifier(path: Path = MODEL_PATH):
    import joblib

    if not path.is_file():
        return None
    return joblib.load(path)


def predict_roles(texts: list[str], pipeline=None) -> list[tuple[str, float]]:
    """(role, probability of that role) per text; ``unknown`` below the threshold."""
    pipeline = pipeline if pipeline is not None else load_classifier()
    if pipeline is None or not texts:
        return [("unknown", 0.0) for _ in texts]
    probabilities = pipeline.predict_proba(texts)
    classes = list(pipeline.classes_)
    out = []
    for row in probabilities:
        best = int(row.argmax())
        role, confidence = classes[best], float(row[best])
        out.append((role if confidence >= THRESHOLD else "unknown", round(confidence, 4)))
    return out


def assign_roles(segments: list[Segment], pipeline=None) -> list[Segment]:
    """Set ``speaker`` and ``speaker_confidence`` on mono segments, in place."""
    for seg, (role, confidence) in zip(segments, predict_roles([s.text for s in segments], pipeline), strict=True):
        seg.speaker = role  # type: ignore[assignment]
        seg.speaker_confidence = confidence
    return segments
