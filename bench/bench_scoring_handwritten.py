"""Scoring on hand-written call transcripts (not from `qa_engine.synthetic`): an out-of-distribution check.

    python bench/bench_scoring_handwritten.py [--part dev|heldout1|...|heldout141|all] [--json OUT]

Data: bench/data/scoring_handwritten/*.json, one call per file in the transcript JSON that `qa-engine score`
reads (its `record` is the captured record), written by hand the way callers and agents talk: disfluencies,
interruptions, caregivers calling for a parent, callers volunteering their date of birth, agents disclosing
before verifying, denials ("no chest pain"), history ("I had a stroke two years ago"), red flags and
escalations phrased many ways, distress said indirectly, records with a wrong digit, date or time or a
misspelled name. Every value is invented. Besides the transcript, each file has:

- `org` (optional): the organization's rubric overrides (`rubrics.schema.OrgOverrides`), e.g.
  `{"verification_identifiers": ["name", "member_id"]}` for a clinic that verifies by member ID;
- `labels`:
  - `identity`: `expected_fail` (PHI disclosed before the caller was verified, or before a third party's
    relationship/authorization was checked), `third_party`, `authorization_checked` (null: not judged);
  - `escalation`: `escalated`: null (no current red flag), true (escalated in time) or false (missed);
  - `empathy`: `distress` (the caller voices distress, worry, pain or frustration other than a red-flag
    symptom), `empathy_given` (the agent acknowledged it within the next two turns);
  - `mismatched_fields`: record keys captured differently from what was said.

Calls hw-01..hw-20 are the development part (the scorers were fixed against them); hw-21..hw-32 (``heldout1``)
were written after those fixes by the team. From hw-33 on, each round of 12-14 calls (``heldout2`` ...
``heldout141``) was written by a helper who saw neither the scorers nor their tests, run once with the code of that
moment (the held-out estimate), then fixed against; `docs/rubrics.md` lists every round's first run.

Scoring is `qa-engine score`'s: `rubrics.score.score_call(transcript, rubric_for_call_type(call_type),
org=...)`. (The CLI also passes PHI spans, which only redact evidence quotes; no verdict depends on them.)

Judged per call:
- identity right: the criterion fails (`passed is False`) exactly when `expected_fail`, and for a third party
  with `authorization_checked` labelled, the scorer's `authorization_checked_before_disclosure` agrees (the writers
  judge a check made only after the disclosure as no check);
- escalation right: `escalated` equals the label (null = no red flag);
- empathy: positive = distress left unacknowledged (`passed is False`); F1 and accuracy per call, and whether
  distress was found at all (`distress_segments` non-empty);
- data accuracy: recall of mismatched fields, field by field; calls with a false mismatch (a field reported
  mismatched that was captured right).
Every disagreement is listed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models.interchange import Transcript  # noqa: E402
from rubrics.schema import OrgOverrides, rubric_for_call_type  # noqa: E402
from rubrics.score import score_call  # noqa: E402

DATA = ROOT / "bench" / "data" / "scoring_handwritten"
# the last call number of each part, in the order they were written: dev, then held-out rounds 1..141, each run
# once before its misses were fixed (the last round's upper bound is open)
_HELDOUT_LAST = (
    *(32, 44, 58, 72, 86, 100, 114, 128, 142, 156, 170, 184, 198, 212, 226, 240, 254, 268, 282, 296, 310, 324, 338),
    *range(352, 1977, 14),  # rounds of 14 from hw-339 on
    10**6,
)
PART_LAST = {"dev": 20, **{f"heldout{k}": last for k, last in enumerate(_HELDOUT_LAST, 1)}}


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def f1(tp: int, fp: int, fn: int) -> dict[str, float | int | None]:
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    f = 2 * p * r / (p + r) if p and r else (0.0 if (p is not None and r is not None) else None)
    return {"precision": _r(p), "recall": _r(r), "f1": _r(f), "tp": tp, "fp": fp, "fn": fn}


def number_of(path: Path) -> int:
    m = re.search(r"(\d+)", path.stem)
    return int(m.group(1)) if m else 0


def files(part: str) -> list[Path]:
    out = sorted(DATA.glob("*.json"), key=number_of)
    if part not in PART_LAST:
        return out
    names = list(PART_LAST)
    first = PART_LAST[names[names.index(part) - 1]] if names.index(part) else 0
    return [p for p in out if first < number_of(p) <= PART_LAST[part]]


def score_file(path: Path):
    raw = json.loads(path.read_text())
    transcript = Transcript.model_validate(raw)
    org = OrgOverrides.model_validate(raw["org"]) if raw.get("org") else None
    result = score_call(transcript, rubric_for_call_type(transcript.call_type), org=org)
    return raw, transcript, result


def evaluate(paths: list[Path]) -> dict:
    c: Counter = Counter()
    disagreements: list[str] = []
    for path in paths:
        raw, t, res = score_file(path)
        lab = raw["labels"]
        cid = t.call_id
        by = {r.kind: r for r in res.criteria}

        def say(what: str, seg_list: list[int] | None = None, cid: str = cid, t: Transcript = t) -> None:
            quotes = "".join(f"\n      [{i}] {t.segments[i].speaker}: {t.segments[i].text}" for i in (seg_list or []))
            disagreements.append(f"{cid} {what}{quotes}")

        # identity
        idc = by["identity_verification"]
        d = idc.details
        want = lab["identity"]
        right = (idc.passed is False) == bool(want["expected_fail"])
        if want.get("third_party") and want.get("authorization_checked") is not None:
            right &= d.get("authorization_checked_before_disclosure") == want["authorization_checked"]
        c["identity_right"] += right
        if not right:
            say(
                f"identity: expected fail={want['expected_fail']} auth={want.get('authorization_checked')}; "
                f"got passed={idc.passed} early={d['disclosure_before_verification']} "
                f"third_party={d['third_party']} auth={d['authorization_checked_before_disclosure']} "
                f"verified_seg={d['verified_segment']} first_disclosure={d['first_disclosure_segment']} "
                f"missing={d['missing_identifiers']}",
                [s for s in (d["first_disclosure_segment"],) if s is not None],
            )
        # escalation
        esc = by["escalation"].details
        want_esc = lab["escalation"]["escalated"]
        ok = esc["escalated"] == want_esc
        c["escalation_right"] += ok
        c["esc_tp"] += want_esc is False and esc["escalated"] is False
        c["esc_fp"] += esc["escalated"] is False and want_esc is not False
        c["esc_fn"] += want_esc is False and esc["escalated"] is not False
        if not ok:
            say(
                f"escalation: expected {want_esc}, got {esc['escalated']} (red flags {esc['red_flags']})",
                esc["red_flag_segments"],
            )
        # empathy
        emp = by["empathy"]
        we = lab["empathy"]
        truth = bool(we["distress"]) and not we["empathy_given"]
        pred = emp.passed is False
        c["emp_tp"] += truth and pred
        c["emp_fp"] += pred and not truth
        c["emp_fn"] += truth and not pred
        c["emp_right"] += truth == pred
        found = bool(emp.details["distress_segments"])
        c["dis_tp"] += bool(we["distress"]) and found
        c["dis_fp"] += found and not we["distress"]
        c["dis_fn"] += bool(we["distress"]) and not found
        if truth != pred or found != bool(we["distress"]):
            say(
                f"empathy: expected distress={we['distress']} given={we['empathy_given']}; got passed={emp.passed} "
                f"distress={emp.details['distress_segments']} empathy={emp.details['empathy_segments']}",
                sorted(set(emp.details["distress_segments"])),
            )
        # data accuracy
        acc = by["data_accuracy"].details
        truth_f, pred_f = set(lab["mismatched_fields"]), set(acc["mismatched_fields"])
        c["acc_tp"] += len(truth_f & pred_f)
        c["acc_fn"] += len(truth_f - pred_f)
        c["acc_fp"] += len(pred_f - truth_f)
        c["acc_calls_false"] += bool(pred_f - truth_f)
        if truth_f != pred_f:
            segs = sorted({s for k in (truth_f ^ pred_f) for s in acc["fields"].get(k, {}).get("segments", [])})
            say(
                f"data accuracy: expected {sorted(truth_f)}, got {sorted(pred_f)} (fields {json.dumps(acc['fields'])})",
                segs,
            )
        c["calls"] += 1
    n = c["calls"]
    return {
        "calls": n,
        "identity_verification": {"accuracy": _r(c["identity_right"] / n) if n else None},
        "escalation": {
            "accuracy": _r(c["escalation_right"] / n) if n else None,
            "missed_escalation": f1(c["esc_tp"], c["esc_fp"], c["esc_fn"]),
        },
        "empathy": {
            "call_accuracy": _r(c["emp_right"] / n) if n else None,
            "missed_empathy": f1(c["emp_tp"], c["emp_fp"], c["emp_fn"]),
            "distress_calls": f1(c["dis_tp"], c["dis_fp"], c["dis_fn"]),
        },
        "data_accuracy": {
            "mismatch_recall": _r(c["acc_tp"] / (c["acc_tp"] + c["acc_fn"])) if c["acc_tp"] + c["acc_fn"] else None,
            "mismatch_precision": _r(c["acc_tp"] / (c["acc_tp"] + c["acc_fp"])) if c["acc_tp"] + c["acc_fp"] else None,
            "mismatched_fields": c["acc_tp"] + c["acc_fn"],
            "false_mismatch_call_rate": _r(c["acc_calls_false"] / n) if n else None,
        },
        "disagreements": disagreements,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parts = list(PART_LAST)
    ap.add_argument("--part", choices=[*parts, "all"], default="all")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    parts = parts if args.part == "all" else [args.part]
    report = {}
    for part in parts:
        paths = files(part)
        if paths:
            report[part] = evaluate(paths)
    if args.part == "all":
        report["all"] = evaluate(files("all"))
    for part, rep in report.items():
        print(f"== {part}: {rep['calls']} calls")
        print(json.dumps({k: v for k, v in rep.items() if k != "disagreements"}, indent=2))
        if part != "all":
            print(f"-- disagreements ({len(rep['disagreements'])}):")
            for line in rep["disagreements"]:
                print("  " + line)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
