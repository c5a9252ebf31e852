"""Speaker role for mono calls: a text classifier for agent language versus caller language.

Agents greet, disclose recording, ask for identifiers and close ("is there anything else"); callers
answer, describe problems and ask. A TF-IDF + logistic regression pipeline over word and character n-grams,
trained on the synthetic corpus, gives a role and a probability per segment; below a threshold the segment
keeps ``unknown`` and the call is flagged for review.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from models.interchange import Segment

log = logging.getLogger(__name__)

MODEL_PATH = Path(__file__).parent / "data" / "speaker_role.joblib"
THRESHOLD = 0.6
TRAIN_CALLS = 1500
HELD_OUT_CALLS = 300
TRAIN_SEED = 11
HELD_OUT_SEED = 12  # generate_corpus seeds never overlap, so held-out calls were never seen in training

_PUNCT = re.compile(r"[^\w\s']+")
_SENTENCE = re.compile(r"(?<=[.?!])\s+")


def normalize(texts: Sequence[str]) -> list[str]:
    """Lowercase without punctuation: ASR output, not the corpus's writing style, is what we classify."""
    return [" ".join(_PUNCT.sub(" ", t.lower()).split()) for t in texts]


def _examples(calls) -> tuple[list[str], list[str]]:
    """Turns, and also their sentences, because Whisper often cuts a long turn into sentence segments."""
    texts, roles = [], []
    for call in calls:
        for seg in call.transcript.segments:
            if seg.speaker not in ("agent", "caller") or not seg.text.strip():
                continue
            texts.append(seg.text)
            roles.append(seg.speaker)
            sentences = [p for p in _SENTENCE.split(seg.text.strip()) if p]
            if len(sentences) > 1:
                texts.extend(sentences)
                roles.extend([seg.speaker] * len(sentences))
    return texts, roles


def build_pipeline():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import FunctionTransformer

    features = FeatureUnion(
        [
            ("words", TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=3, sublinear_tf=True)),
        ]
    )
    return Pipeline(
        [
            ("normalize", FunctionTransformer(normalize)),
            ("features", features),
            ("classifier", LogisticRegression(C=4.0, max_iter=2000)),
        ]
    )


def train_speaker_classifier(
    path: Path | None = MODEL_PATH, n_calls: int = TRAIN_CALLS, seed: int = TRAIN_SEED
) -> tuple[object, dict[str, float]]:
    """Train on synthetic calls, report accuracy on held-out calls, and save the pipeline (joblib)."""
    import joblib

    from qa_engine.synthetic import generate_corpus

    texts, roles = _examples(generate_corpus(n_calls, seed=seed))
    pipeline = build_pipeline().fit(texts, roles)
    metrics = evaluate(pipeline, generate_corpus(HELD_OUT_CALLS, seed=HELD_OUT_SEED))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump(pipeline, path, compress=3)
        load_classifier.cache_clear()
    return pipeline, metrics


def evaluate(pipeline, calls) -> dict[str, float]:
    """Per-turn accuracy on whole turns as the corpus writes them, and the share left ``unknown``."""
    texts = [s.text for c in calls for s in c.transcript.segments if s.speaker in ("agent", "caller")]
    truth = [s.speaker for c in calls for s in c.transcript.segments if s.speaker in ("agent", "caller")]
    predicted = predict_roles(texts, pipeline)
    right = sum(p == t for (p, _), t in zip(predicted, truth, strict=True))
    decided = [(p, t) for (p, _), t in zip(predicted, truth, strict=True) if p != "unknown"]
    return {
        "segments": len(truth),
        "accuracy": right / len(truth),
        "unknown_share": 1 - len(decided) / len(truth),
        "accuracy_when_decided": sum(p == t for p, t in decided) / max(len(decided), 1),
    }


@lru_cache(maxsize=1)
def load_classifier(path: Path = MODEL_PATH):
    import joblib

    if path.is_file():
        try:
            return joblib.load(path)
        except Exception as exc:  # a pickle from another scikit-learn version: rebuild rather than fail a call
            log.warning("speaker-role model unreadable (%s); retraining in memory", type(exc).__name__)
    pipeline, _ = train_speaker_classifier(path=None)
    return pipeline


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


def roles_in_context(
    texts: list[str], switch: Sequence[float], pipeline=None
) -> list[tuple[str, float]]:
    """(role, posterior probability) per piece of a dialogue, reading each piece in its neighbours' light.

    A two-state chain (agent, caller) whose emissions are the classifier's probabilities and whose
    ``switch[i]`` is the prior probability that the speaker changes between piece i and i + 1 (high after
    a question, low inside a sentence). Forward-backward gives each piece's posterior, so a short reply
    ("okay", digits read back) takes its role from the turn around it instead of from its few words.
    ``unknown`` below the threshold.
    """
    if len(switch) != max(len(texts) - 1, 0):
        raise ValueError("switch needs one prior per boundary between pieces")
    pipeline = pipeline if pipeline is not None else load_classifier()
    if pipeline is None or not texts:
        return [("unknown", 0.0) for _ in texts]
    emission = np.clip(pipeline.predict_proba(texts), 1e-6, 1.0)
    classes = list(pipeline.classes_)
    n = len(texts)
    forward = np.empty_like(emission)
    backward = np.ones_like(emission)
    forward[0] = emission[0] / emission[0].sum()
    for i in range(1, n):
        stay = forward[i - 1] * (1 - switch[i - 1]) + forward[i - 1][::-1] * switch[i - 1]
        f = stay * emission[i]
        forward[i] = f / f.sum()
    for i in range(n - 2, -1, -1):
        b = emission[i + 1] * backward[i + 1]
        b = b * (1 - switch[i]) + b[::-1] * switch[i]
        backward[i] = b / b.sum()
    posterior = forward * backward
    posterior /= posterior.sum(axis=1, keepdims=True)
    out = []
    for row in posterior:
        best = int(row.argmax())
        confidence = float(row[best])
        out.append((classes[best] if confidence >= THRESHOLD else "unknown", round(confidence, 4)))
    return out


def assign_roles(segments: list[Segment], pipeline=None) -> list[Segment]:
    """Set ``speaker`` and ``speaker_confidence`` on mono segments, in place."""
    for seg, (role, confidence) in zip(segments, predict_roles([s.text for s in segments], pipeline), strict=True):
        seg.speaker = role  # type: ignore[assignment]
        seg.speaker_confidence = confidence
    return segments
