"""Scoring accuracy per criterion on held-out synthetic calls, and scoring throughput without ASR.

    python bench/bench_scoring.py [--calls 400] [--seed 9001] [--json OUT]

Held-out: the corpus seeds used here (default 9001+) were never used to write or tune the scorers
(development used seeds 1-3). Labels come from the generator's ground truth:

- identity verification right: the scorer's "disclosure before verification" equals the label's
  (calls with a disclosure) and, for third-party callers, "authorization checked" equals the label.
- escalation right: escalated (True/False/None = no red flag) equals the label.
- empathy: per call, positive = distress left unacknowledged (the flaw); F1 of the criterion's fail;
  plus segment-level F1 of distress and empathy detection.
- data accuracy: recall of mismatched fields (field by field), also restricted to fields whose true
  value is said in full in the call (``mismatch_recall_said``: a value never said cannot be checked by
  any listener, and one said in part only on that part: the scorer compares a first name, a last four or
  a birthday without the year, but a mistyped last name is invisible when only the first name was said),
  and the share of calls with a false mismatch (a field reported mismatched that the agent captured
  right). Known label problem: the generator lets the caller say "the first one works" when the booked
  (labelled) slot is the second offer; the scorer reports those as mismatches (see docs/rubrics.md).
- script adherence: per-step accuracy against the labelled steps.

Throughput: calls/s of ``score_call`` on the corpus (PHI spans from the labels, as the pipeline passes
them), with a baseline in the same run: a bare pass that only normalizes every segment's text, so the
ratio says what the scorers cost beyond reading the call.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from models.interchange import PhiSpan  # noqa: E402
from qa_engine.synthetic import generate_corpus  # noqa: E402
from rubrics.schema import OrgOverrides  # noqa: E402
from rubrics.score import score_call  # noqa: E402

STEP_MAP = {"greeting": "greeting", "recorded_line_disclosure": "recorded_line_disclosure", "closing": "closing"}


def f1(tp: int, fp: int, fn: int) -> dict[str, float | None]:
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    f = 2 * p * r / (p + r) if p and r else (0.0 if (p is not None and r is not None) else None)
    return {"precision": _r(p), "recall": _r(r), "f1": _r(f), "tp": tp, "fp": fp, "fn": fn}


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def spans_of(call) -> list[PhiSpan]:
    return [PhiSpan(segment=p.segment, start=p.start, end=p.end, type=p.type, score=1.0) for p in call.labels.phi]


def org_of(call) -> OrgOverrides:
    return OrgOverrides(name=call.org_config.get("name") if call.org_config else None)


def said_in_call(call, key: str) -> bool:
    """Is the field's true value said in the call at all (so that a wrong capture can be told)? A name
    said only in part ("May I speak with Michael?") or a number never read out cannot be checked by
    anyone listening."""
    from redactors.spoken import normalize_spoken
    from rubrics.criteria.accuracy import _dates

    true = call.labels.true_record.get(key)
    if true is None:
        return False
    norm = " ".join(normalize_spoken(s.text.lower()).text for s in call.transcript.segments)
    if key == "name":
        return all(w in re.findall(r"[a-z]+", norm) for w in re.findall(r"[a-z]+", str(true).lower()))
    if key == "dob":
        import datetime as dt

        return dt.date.fromisoformat(true) in _dates(norm) or any(
            dt.date.fromisoformat(true) in _dates(normalize_spoken(s.text.lower()).text)
            for s in call.transcript.segments)
    if key in ("phone", "member_id", "group_number", "account_number", "mrn", "zip"):
        return re.sub(r"[^a-z0-9]", "", str(true).lower()) in re.sub(r"[^a-z0-9]", "", norm)
    return True


def evaluate(calls, verbose: bool = False, results=None, segment_maps=None) -> dict:
    """Compare each call's scoring with its labels. ``results`` are precomputed ``ScoreResult``s (e.g. of
    ASR transcripts; default: score the ground-truth text); ``segment_maps`` map each result's segment
    numbers to the labelled transcript's (for segment-level figures on a differently segmented text)."""
    c = Counter()
    errors: dict[str, list[str]] = {
        "identity": [],
        "escalation": [],
        "empathy": [],
        "accuracy_fn": [],
        "accuracy_fp": [],
    }
    steps_right: Counter = Counter()
    steps_total: Counter = Counter()
    for k, call in enumerate(calls):
        lab = call.labels
        res = results[k] if results is not None else score_call(call.transcript, phi_spans=spans_of(call),
                                                                  org=org_of(call))
        seg_map = segment_maps[k] if segment_maps is not None else None

        def to_truth(segments: list[int], seg_map=seg_map) -> set[int]:
            return {seg_map.get(i, -1 - i) for i in segments} if seg_map is not None else set(segments)

        by = {r.kind: r for r in res.criteria}
        # identity
        idr = by["identity_verification"].details
        right = True
        if lab.verified_before_disclosure is not None:
            right &= idr["disclosure_before_verification"] == (not lab.verified_before_disclosure)
        if lab.third_party:
            right &= idr["authorization_checked"] == bool(lab.relationship_checked)
        c["identity_calls"] += 1
        c["identity_right"] += right
        if not right:
            errors["identity"].append(call.call_id)
        # escalation
        esc = by["escalation"].details
        c["escalation_calls"] += 1
        ok = esc["escalated"] == lab.escalated
        c["escalation_right"] += ok
        if not ok:
            errors["escalation"].append(call.call_id)
        truth_missed = lab.escalated is False
        pred_missed = esc["escalated"] is False
        c["esc_tp"] += truth_missed and pred_missed
        c["esc_fp"] += pred_missed and not truth_missed
        c["esc_fn"] += truth_missed and not pred_missed
        # empathy (positive = distress left unacknowledged)
        emp = by["empathy"]
        truth = lab.empathy_expected and not lab.empathy_given
        pred = emp.passed is False
        c["emp_tp"] += truth and pred
        c["emp_fp"] += pred and not truth
        c["emp_fn"] += truth and not pred
        c["emp_right"] += truth == pred
        if truth != pred:
            errors["empathy"].append(call.call_id)
        ds_true, ds_pred = set(lab.distress_segments), to_truth(emp.details["distress_segments"])
        c["dis_tp"] += len(ds_true & ds_pred)
        c["dis_fp"] += len(ds_pred - ds_true)
        c["dis_fn"] += len(ds_true - ds_pred)
        es_true, es_pred = set(lab.empathy_segments), to_truth(emp.details["empathy_segments"])
        c["ems_tp"] += len(es_true & es_pred)
        c["ems_fp"] += len(es_pred - es_true)
        c["ems_fn"] += len(es_true - es_pred)
        # data accuracy
        acc = by["data_accuracy"].details
        truth_fields, pred_fields = set(lab.mismatched_fields), set(acc["mismatched_fields"])
        c["acc_tp"] += len(truth_fields & pred_fields)
        c["acc_fn"] += len(truth_fields - pred_fields)
        said = {f for f in truth_fields if said_in_call(call, f)}
        c["acc_said_tp"] += len(said & pred_fields)
        c["acc_said_fn"] += len(said - pred_fields)
        c["acc_fp_fields"] += len(pred_fields - truth_fields)
        c["acc_calls"] += 1
        c["acc_calls_false"] += bool(pred_fields - truth_fields)
        c["acc_calls_with_mismatch"] += bool(truth_fields)
        if truth_fields - pred_fields:
            errors["accuracy_fn"].append(f"{call.call_id}:{sorted(truth_fields - pred_fields)}")
        if pred_fields - truth_fields:
            errors["accuracy_fp"].append(f"{call.call_id}:{sorted(pred_fields - truth_fields)}")
        # script steps
        sd = by["script_adherence"].details["steps"]
        for step, ours in STEP_MAP.items():
            if step in lab.script_steps:
                steps_total[step] += 1
                steps_right[step] += sd.get(ours) == lab.script_steps[step]
    n = len(calls)
    report = {
        "calls": n,
        "identity_verification": {"accuracy": _r(c["identity_right"] / n)},
        "escalation": {
            "accuracy": _r(c["escalation_right"] / n),
            "missed_escalation": f1(c["esc_tp"], c["esc_fp"], c["esc_fn"]),
        },
        "empathy": {
            "call_accuracy": _r(c["emp_right"] / n),
            "missed_empathy": f1(c["emp_tp"], c["emp_fp"], c["emp_fn"]),
            "distress_segments": f1(c["dis_tp"], c["dis_fp"], c["dis_fn"]),
            "empathy_segments": f1(c["ems_tp"], c["ems_fp"], c["ems_fn"]),
        },
        "data_accuracy": {
            "mismatch_recall": _r(c["acc_tp"] / (c["acc_tp"] + c["acc_fn"])) if c["acc_tp"] + c["acc_fn"] else None,
            "mismatch_recall_said": _r(c["acc_said_tp"] / (c["acc_said_tp"] + c["acc_said_fn"]))
            if c["acc_said_tp"] + c["acc_said_fn"]
            else None,
            "mismatch_precision": _r(c["acc_tp"] / (c["acc_tp"] + c["acc_fp_fields"]))
            if c["acc_tp"] + c["acc_fp_fields"]
            else None,
            "false_mismatch_call_rate": _r(c["acc_calls_false"] / n),
            "calls_with_true_mismatch": c["acc_calls_with_mismatch"],
        },
        "script_adherence": {s: _r(steps_right[s] / steps_total[s]) for s in steps_total},
    }
    if verbose:
        report["errors"] = {k: v[:15] for k, v in errors.items()}
    return report


def baseline_pass(calls) -> None:
    """Reading every call's text once, normalized: the floor any scorer pays."""
    for call in calls:
        for s in call.transcript.segments:
            re.sub(r"\s+", " ", s.text.lower()).strip()


def throughput(calls, repeat: int = 1) -> dict[str, float]:
    """Wall-clock and CPU-time rates (the machine is shared, so CPU time is the steadier figure), for
    scoring and for the baseline pass over the same calls."""
    spans = [spans_of(c) for c in calls]
    orgs = [org_of(c) for c in calls]
    from rubrics.phrase_models import PIECE_CACHE

    score_call(calls[0].transcript, phi_spans=spans[0])  # load models once
    PIECE_CACHE.clear()  # start cold: the accuracy pass above saw these very calls
    w0, c0 = time.perf_counter(), time.process_time()
    for _ in range(repeat):
        for call, sp, org in zip(calls, spans, orgs, strict=True):
            score_call(call.transcript, phi_spans=sp, org=org)
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    w0, c0 = time.perf_counter(), time.process_time()
    for _ in range(repeat):
        baseline_pass(calls)
    base_wall, base_cpu = time.perf_counter() - w0, time.process_time() - c0
    n = len(calls) * repeat
    return {
        "calls_per_s": round(n / wall, 1),
        "calls_per_cpu_s": round(n / cpu, 1),
        "baseline_calls_per_s": round(n / base_wall, 1),
        "baseline_calls_per_cpu_s": round(n / max(base_cpu, 1e-9), 1),
        "ratio_scoring_to_baseline": round((n / wall) / (n / base_wall), 4),
        "process_threads": threading.active_count(),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--calls", type=int, default=400)
    ap.add_argument("--seed", type=int, default=9001)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    t0 = time.perf_counter()
    calls = generate_corpus(args.calls, seed=args.seed)
    gen = time.perf_counter() - t0
    report = evaluate(calls, verbose=args.verbose)
    report["throughput"] = throughput(calls)
    report["generation_s"] = round(gen, 2)
    from rubrics.phrase_models import DATA_DIR

    metrics = DATA_DIR / "metrics.json"
    if metrics.exists():
        report["empathy_models_cv"] = json.loads(metrics.read_text())
    text = json.dumps(report, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")


if __name__ == "__main__":
    main()
