"""Scorers against the synthetic corpus's ground truth, on seeds never used while writing them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "bench_scoring.py"


@pytest.fixture(scope="module")
def report() -> dict:
    pytest.importorskip("faker")
    from qa_engine.synthetic import generate_corpus

    spec = importlib.util.spec_from_file_location("bench_scoring", BENCH)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench.evaluate(generate_corpus(160, seed=4242))


def test_identity_and_escalation_right_on_95_percent(report):
    assert report["identity_verification"]["accuracy"] >= 0.95
    assert report["escalation"]["accuracy"] >= 0.95


def test_empathy_f1(report):
    # call level: a distressed caller left unacknowledged (few positives in 160 calls, so some slack
    # under the 0.85 target that bench/bench_scoring.py measures on 400)
    assert report["empathy"]["missed_empathy"]["f1"] >= 0.8
    assert report["empathy"]["distress_segments"]["f1"] >= 0.85


def test_data_accuracy_mismatches(report):
    assert report["data_accuracy"]["mismatch_recall_said"] >= 0.9
    assert report["data_accuracy"]["false_mismatch_call_rate"] <= 0.05


def test_script_steps(report):
    assert min(report["script_adherence"].values()) >= 0.95
