"""PHI detection on hand-written call transcripts (not from `qa_engine.synthetic`): an out-of-distribution check.

    python bench/bench_phi_handwritten.py [--part dev|heldout|all] [--no-org] [--show N]

Data: bench/data/phi_handwritten/*.json, one call per file in the transcript JSON that `qa-engine phi detect`
reads, written by hand the way callers and agents talk (and the way Whisper writes it down): disfluencies,
self-corrections, spelled names, phonetic alphabet, dates in many forms, spoken emails, numbers as words and
digits. Every value is invented. Each file has:

- `org_config`: the organization's allow-list (staff, providers, clinics, its own phone numbers and address);
- `gold`: `[{"segment": int, "text": str, "type": str, "occurrence": int (optional, 0-based)}]`, the exact text
  of each PHI value in that segment's text (offsets are found by search: the n-th occurrence);
- `ignore` (optional): same shape without type, regions counted neither as missed nor as false hits.

Calls hw-01..41 are the development part (`--part dev`, written by the team: dev1, dev2, dev3). From hw-42 on, each
round of 14 calls (`--part heldout`, `heldout2` ... `heldout135`) was written by a helper who saw neither the detector
nor its tests, run once with the code of that moment (the held-out estimate), then fixed against; `docs/phi.md`
lists every round's first run.

The detector is the one `qa-engine phi detect` runs: `redactors.detect.detect_phi(transcript, org)`, with the
file's `org_config` as the organization (`--no-org`: none, as for a transcript file that carries no `org_config`).

Metrics (non-space characters): a gold span is found when predicted spans (any type) cover all its characters
(span recall); a predicted span is good when at least half of its characters are gold PHI (span precision).
Character precision/recall as in bench/bench_phi.py. Per type: recall by gold type, precision by predicted type.
Misses and false hits are listed with their (synthetic) text.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import redactors  # noqa: E402,F401  (offline tldextract before presidio)
from models.interchange import Transcript  # noqa: E402
from redactors.detect import detect_phi, get_analyzer  # noqa: E402

DATA = ROOT / "bench" / "data" / "phi_handwritten"
# hw-01..20 (first fixes), hw-21..31 and hw-32..41 (each held out once, then fixed against): development;
# hw-42..55, hw-56..69, hw-70..83, hw-84..97, hw-98..111, hw-112..125, hw-126..139, hw-140..153,
# hw-154..167, ..., hw-1918..1931 (rounds of 14): each held out once, written by another hand without seeing the
# detector
# (first, last) call number of each part
PARTS: dict[str, tuple[int, int]] = {
    "dev1": (1, 20),
    "dev2": (21, 31),
    "dev3": (32, 41),
    "dev": (1, 41),
    **{("heldout" if k == 1 else f"heldout{k}"): (first, first + 13) for k, first in enumerate(range(42, 1919, 14), 1)},
}


def _find(text: str, value: str, occurrence: int, where: str) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.find(value, start + 1)
        if start < 0:
            raise ValueError(f"{where}: gold text {value!r} (occurrence {occurrence}) not in segment")
    return start, start + len(value)


def load_call(path: Path) -> tuple[Transcript, dict, list[tuple[int, int, int, str | None]]]:
    """(transcript, org_config, gold as (segment, start, end, type or None for ignored regions))."""
    raw = json.loads(path.read_text())
    transcript = Transcript.model_validate(raw)
    gold = []
    for key in ("gold", "ignore"):
        for g in raw.get(key, []):
            seg = g["segment"]
            s, e = _find(transcript.segments[seg].text, g["text"], g.get("occurrence", 0), f"{path.name}:{seg}")
            gold.append((seg, s, e, g["type"] if key == "gold" else None))
    return transcript, raw.get("org_config", {}), gold


def call_number(path: Path) -> int:
    return int(path.stem.split("-")[1])


class Counts:
    def __init__(self) -> None:
        self.c: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.misses: list[tuple[str, str, str]] = []
        self.false_hits: list[tuple[str, str, str]] = []

    def add(self, name: str, transcript: Transcript, gold: list, pred: list) -> None:
        for i, seg in enumerate(transcript.segments):
            text = seg.text
            n = len(text)
            g = [(s, e, t) for sg, s, e, t in gold if sg == i]
            p = [(x.start, x.end, x.type) for x in pred if x.segment == i]
            gold_type: list[str | None] = [None] * n
            ignored = [False] * n
            for s, e, t in g:
                for k in range(s, e):
                    if t is None:
                        ignored[k] = True
                    else:
                        gold_type[k] = t
            covered = [False] * n
            for s, e, _t in p:
                for k in range(s, min(e, n)):
                    covered[k] = True
            for k, ch in enumerate(text):
                if not ch.isspace() and gold_type[k]:
                    for key in ("ALL", gold_type[k]):
                        self.c[key]["gold_chars"] += 1
                        self.c[key]["gold_chars_hit"] += int(covered[k])
            for s, e, t in p:
                chars = [k for k in range(s, min(e, n)) if not text[k].isspace() and not ignored[k]]
                if not chars:
                    continue
                good = sum(1 for k in chars if gold_type[k])
                ok = good * 2 >= len(chars)
                for key in ("ALL", t):
                    self.c[key]["pred_chars"] += len(chars)
                    self.c[key]["pred_chars_good"] += good
                    self.c[key]["pred_spans"] += 1
                    self.c[key]["pred_spans_good"] += int(ok)
                if not ok:
                    self.false_hits.append((t, text[s:e], f"{name}:{i}"))
            for s, e, t in g:
                if t is None:
                    continue
                full = all(covered[k] for k in range(s, e) if not text[k].isspace())
                for key in ("ALL", t):
                    self.c[key]["gold_spans"] += 1
                    self.c[key]["gold_spans_full"] += int(full)
                if not full:
                    hit = "".join(ch if covered[s + j] else "_" for j, ch in enumerate(text[s:e]))
                    self.misses.append(
                        (t, text[s:e] + ("" if hit == text[s:e] else f"  [covered: {hit}]"), f"{name}:{i}")
                    )

    def report(self, title: str, show: int) -> dict[str, float]:
        def ratio(a: int, b: int) -> float:
            return a / b if b else float("nan")

        print(f"\n== {title}")
        print(f"{'type':16} {'gold':>5} {'spanR':>6} {'pred':>5} {'spanP':>6} {'charR':>6} {'charP':>6}")
        keys = ["ALL"] + sorted(k for k in self.c if k != "ALL")
        for k in keys:
            c = self.c[k]
            print(
                f"{k:16} {c['gold_spans']:5d} {ratio(c['gold_spans_full'], c['gold_spans']):6.3f} "
                f"{c['pred_spans']:5d} {ratio(c['pred_spans_good'], c['pred_spans']):6.3f} "
                f"{ratio(c['gold_chars_hit'], c['gold_chars']):6.3f} "
                f"{ratio(c['pred_chars_good'], c['pred_chars']):6.3f}"
            )
        for label, rows in (("misses", self.misses), ("false hits", self.false_hits)):
            print(f"-- {label}: {len(rows)}")
            by_type: dict[str, list] = defaultdict(list)
            for t, value, where in rows:
                by_type[t].append((value, where))
            for t in sorted(by_type):
                print(f"   {t} ({len(by_type[t])})")
                for value, where in by_type[t][:show]:
                    print(f"      {where:12} {value!r}")
        a = self.c["ALL"]
        return {
            "span_recall": ratio(a["gold_spans_full"], a["gold_spans"]),
            "span_precision": ratio(a["pred_spans_good"], a["pred_spans"]),
        }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", choices=[*PARTS, "all", "both"], default="both")
    ap.add_argument("--no-org", action="store_true", help="detect without the file's org_config (CLI default)")
    ap.add_argument("--show", type=int, default=50, help="misses / false hits listed per type")
    args = ap.parse_args()

    files = sorted(DATA.glob("hw-*.json"))
    parts = {name: [f for f in files if first <= call_number(f) <= last] for name, (first, last) in PARTS.items()}
    parts["all"] = files
    wanted = ["dev", "heldout"] if args.part == "both" else [args.part]
    get_analyzer()
    summary = {}
    for part in wanted:
        counts = Counts()
        n_seg = 0
        t0 = time.perf_counter()
        for f in parts[part]:
            transcript, org, gold = load_call(f)
            n_seg += len(transcript.segments)
            spans = detect_phi(transcript, None if args.no_org else org)
            counts.add(f.stem, transcript, gold, spans)
        dt = time.perf_counter() - t0
        title = f"{part}: {len(parts[part])} calls, {n_seg} segments, org config {'off' if args.no_org else 'on'}"
        summary[part] = counts.report(f"{title} ({dt:.1f} s)", args.show)
    print()
    for part, s in summary.items():
        print(f"{part:8} span recall {s['span_recall']:.3f}  span precision {s['span_precision']:.3f}")


if __name__ == "__main__":
    main()
