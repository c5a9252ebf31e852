"""The phrase models the learned criteria use: scikit-learn text classifiers (TF-IDF word and character
n-grams, calibrated logistic regression), one per labelled phrase corpus in ``rubrics/data``, persisted there
with joblib:

- ``distress``: a caller's turn voices worry, pain, fear or frustration (empathy criterion);
- ``empathy``: an agent's turn acknowledges it (empathy criterion);
- ``disclosure``: an agent's sentence discloses the patient's health, appointment, insurance or account
  information (identity verification, beside its patterns).

``train_phrase_models(extra_examples=...)`` retrains them with analysts' corrections (``qa-engine rubrics
train``) and reports cross-validated figures. Scoring uses the models in the directory set with
``rubrics.model_store.set_model_dir`` (the QA home's retrained ones) when it holds them all, else the packaged
ones.
"""

from __future__ import annotations

import csv
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import scipy.sparse as sp
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_score, recall_score
from sklearn.model_selection import StratifiedGroupKFold, cross_val_predict
from sklearn.pipeline import FeatureUnion, Pipeline

from rubrics.model_store import PACKAGED_DIR, model_dir

DATA_DIR = PACKAGED_DIR  # the shipped corpora and models
MODELS = ("distress", "empathy", "disclosure")


def make_pipeline() -> Pipeline:
    features = FeatureUnion([
        ("word", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)),
        ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)),
    ])
    clf = CalibratedClassifierCV(LogisticRegression(C=4.0, max_iter=2000), cv=3)
    return Pipeline([("features", features), ("clf", clf)])


def read_corpus(name: str, directory: Path = DATA_DIR) -> list[tuple[str, int, str]]:
    """(text, label, group) rows; variants of one phrase share a group."""
    with (directory / f"{name}.csv").open(newline="") as fh:
        return [(row["text"], int(row["label"]), row.get("group") or row["text"]) for row in csv.DictReader(fh)]


def train_phrase_models(
    extra_examples: dict[str, list[tuple[str, int]]] | None = None,
    directory: Path = DATA_DIR,
    save: bool = True,
    folds: int = 5,
) -> dict[str, Any]:
    """Fit every phrase model on its shipped corpus plus ``extra_examples`` (model name ->
    [(text, 0|1)], e.g. from analysts' overrides); report cross-validated precision/recall/F1 and persist
    ``<name>.joblib`` (and ``metrics.json``) in ``directory`` when ``save``."""
    from rubrics.criteria.common import norm  # (the criteria package imports this module)

    report: dict[str, Any] = {}
    for name in MODELS:
        rows = read_corpus(name, DATA_DIR)
        rows += [(t, int(y), f"extra{k}") for k, (t, y) in enumerate((extra_examples or {}).get(name, []))]
        texts = [norm(t) for t, _, _ in rows]
        labels = [y for _, y, _ in rows]
        groups = [g for _, _, g in rows]
        # grouped folds: no variant of a test phrase is seen in training
        cv = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=0)
        predicted = cross_val_predict(make_pipeline(), texts, labels, cv=cv, groups=groups)
        report[name] = {
            "examples": len(rows),
            "positives": sum(labels),
            "cv_folds": folds,
            "cv_f1": round(float(f1_score(labels, predicted)), 4),
            "cv_precision": round(float(precision_score(labels, predicted)), 4),
            "cv_recall": round(float(recall_score(labels, predicted)), 4),
        }
        model = make_pipeline().fit(texts, labels)
        if save:
            directory.mkdir(parents=True, exist_ok=True)
            joblib.dump(model, directory / f"{name}.joblib", compress=3)
    if save:
        (directory / "metrics.json").write_text(json.dumps(report, indent=2) + "\n")
        _load.cache_clear()
        PIECE_CACHE.clear()
    return report


def load_models(directory: Path | None = None) -> dict[str, Pipeline]:
    """The persisted models: those in ``directory`` if given, else the configured directory's (retrained,
    see ``rubrics.model_store``) when it holds them all, else the packaged ones (trained and saved on first use
    if absent). Loaded once per directory and file version, so a retrain in the same process is seen."""
    directory = directory or model_dir(MODELS)
    if not all((directory / f"{n}.joblib").exists() for n in MODELS):
        train_phrase_models(directory=directory)
    stamp = tuple((st.st_mtime_ns, st.st_size) for st in ((directory / f"{n}.joblib").stat() for n in MODELS))
    return _load(directory, stamp)


@lru_cache(maxsize=4)
def _load(directory: Path, stamp: tuple[tuple[int, int], ...]) -> dict[str, Pipeline]:
    # probabilities cached per model object (by id): a new set of models starts afresh
    PIECE_CACHE.clear()
    return {n: joblib.load(directory / f"{n}.joblib") for n in MODELS}


def predict_proba(model: Pipeline, texts: list[str]) -> np.ndarray:
    """P(positive) for each text: the fitted pipeline's own arithmetic (TF-IDF union, each calibrated
    logistic regression's decision value through its sigmoid calibrator, averaged), without sklearn's
    per-call validation and joblib dispatch, which cost more than the maths on a call's few dozen lines.
    Equal to ``model.predict_proba(texts)[:, 1]`` (checked in the tests)."""
    features = model.named_steps["features"]
    x = sp.hstack([t.transform(texts) for _, t in features.transformer_list], format="csr")
    clf = model.named_steps["clf"]
    total = np.zeros(len(texts))
    for cc in clf.calibrated_classifiers_:
        est = cc.estimator
        decision = x @ est.coef_.ravel() + est.intercept_[0]
        cal = cc.calibrators[0]
        total += 1.0 / (1.0 + np.exp(cal.a_ * decision + cal.b_))
    return total / len(clf.calibrated_classifiers_)


# probabilities of short pieces ("okay", "thank you") recur across calls: cached per model object (by id)
PIECE_CACHE: dict[int, dict[str, float]] = {}
PIECE_CACHE_MAX = 50_000


def cached_proba(model: Pipeline, texts: list[str]) -> list[float]:
    """``predict_proba`` through the per-model cache."""
    cache = PIECE_CACHE.setdefault(id(model), {})
    missing = sorted({t for t in texts if t not in cache})
    if missing:
        if len(cache) > PIECE_CACHE_MAX:
            cache.clear()
        cache.update(zip(missing, (float(x) for x in predict_proba(model, missing)), strict=True))
    return [cache[t] for t in texts]
