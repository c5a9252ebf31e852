"""PHI detection: precision, recall and F2 per entity type, at character level and as fully-redacted spans,
ours beside stock Presidio (same offline spaCy model) measured in the same run, plus throughput.

    python bench/bench_phi.py [--calls 200 --seed 910000] [--presidio-limit 1500] [--skip-presidio-set]

Data: (1) synthetic calls from `qa_engine.synthetic.generate_corpus(n, seed)` (default seeds 910000.., disjoint
from the seeds used while building the recognizers, < 10000); (2) presidio-research's synth_dataset_v2.json
(../shared/data/presidio_research_synth/), as written and lowercased.

Metrics (non-space characters only):
- char recall: gold PHI characters covered by any predicted span (redaction does not care about the type);
  per type: gold characters of that type covered.
- char precision: predicted characters that are gold PHI; per type: of the characters predicted as that type.
- span recall ("fully redacted"): gold spans whose every character is covered; span precision: predicted spans
  at least half of whose characters are gold PHI.
- F2 weighs recall four times precision (a missed identifier costs more than an extra tag).
- token level (presidio-research's `Evaluator.compare` / `calculate_score`, IO scheme): the text is split into
  spaCy tokens (the tokenizer of the same spaCy model; presidio-research uses en_core_web_sm's, same rules); a
  token is tagged with a span's type when the token starts inside the span or the span lies inside the token
  (their `span_to_tag`), for gold and predicted spans alike. "PII" precision/recall ignore the type: recall =
  gold-PII tokens predicted as any PII / gold-PII tokens, precision = the same count / tokens predicted as PII;
  this is what their published summary (0.870 / 0.839 customised) reports. Per type: tokens tagged with that
  type in both / in gold (recall) or in prediction (precision). Tokens of ignored gold regions are skipped.
For the presidio-research set, ORGANIZATION, TITLE and NRP spans are not patient PHI and are ignored (neither
counted as missed nor as false hits), and so are ages of 89 or less (Safe Harbor keeps them). A second
"Safe Harbor view" also ignores gold spans Safe Harbor does not ask to remove (a bare year, weekday or time; a
country or US state), which our detector leaves on purpose.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import redactors  # noqa: E402,F401  (offline tldextract before presidio)
from redactors.detect import NLP_CONFIGURATION, TYPE_MAP, detect_phi, detect_texts, get_analyzer  # noqa: E402

PRESIDIO_SET = ROOT / ".." / "shared" / "data" / "presidio_research_synth" / "data" / "synth_dataset_v2.json"
PRESIDIO_GOLD_MAP = {
    "PERSON": "PERSON",
    "STREET_ADDRESS": "STREET_ADDRESS",
    "GPE": "LOCATION",
    "CREDIT_CARD": "CREDIT_CARD",
    "DATE_TIME": "DATE",
    "PHONE_NUMBER": "PHONE_NUMBER",
    "AGE": "AGE",
    "EMAIL_ADDRESS": "EMAIL_ADDRESS",
    "ZIP_CODE": "ZIP_CODE",
    "DOMAIN_NAME": "URL",
    "IBAN_CODE": "ACCOUNT_NUMBER",
    "US_SSN": "US_SSN",
    "IP_ADDRESS": "IP_ADDRESS",
    "US_DRIVER_LICENSE": "LICENSE_NUMBER",
    "ORGANIZATION": None,
    "TITLE": None,
    "NRP": None,
}


# ---------------------------------------------------------------------------------------------------------------
# Scoring


class Scorer:
    def __init__(self) -> None:
        self.c = defaultdict(lambda: defaultdict(int))

    def add(self, text: str, gold: list[tuple[int, int, str | None]], pred: list[tuple[int, int, str]]) -> None:
        """gold: (start, end, type or None for ignored regions); pred: (start, end, type)."""
        n = len(text)
        gold_type: list[str | None] = [None] * n
        ignored = [False] * n
        for s, e, t in gold:
            for i in range(s, min(e, n)):
                if t is None:
                    ignored[i] = True
                else:
                    gold_type[i] = t
        covered = [False] * n
        for s, e, _t in pred:
            for i in range(s, min(e, n)):
                covered[i] = True
        c = self.c
        for i, ch in enumerate(text):
            if ch.isspace():
                continue
            if gold_type[i]:
                c["ALL"]["gold_chars"] += 1
                c[gold_type[i]]["gold_chars"] += 1
                if covered[i]:
                    c["ALL"]["gold_chars_hit"] += 1
                    c[gold_type[i]]["gold_chars_hit"] += 1
        for s, e, t in pred:
            chars = [i for i in range(s, min(e, n)) if not text[i].isspace() and not ignored[i]]
            if not chars and any(ignored[i] for i in range(s, min(e, n))):
                continue
            good = sum(1 for i in chars if gold_type[i])
            for key in ("ALL", t):
                c[key]["pred_chars"] += len(chars)
                c[key]["pred_chars_good"] += good
                c[key]["pred_spans"] += 1
                c[key]["pred_spans_good"] += int(bool(chars) and good * 2 >= len(chars))
        for s, e, t in gold:
            if t is None:
                continue
            chars = [i for i in range(s, min(e, n)) if not text[i].isspace()]
            full = all(covered[i] for i in chars)
            for key in ("ALL", t):
                c[key]["gold_spans"] += 1
                c[key]["gold_spans_full"] += int(full)

    def table(self) -> dict[str, dict[str, float]]:
        out = {}
        for key, c in sorted(self.c.items(), key=lambda kv: (kv[0] != "ALL", kv[0])):
            row = {}
            for level, (hit, tot, good, pred) in {
                "char": ("gold_chars_hit", "gold_chars", "pred_chars_good", "pred_chars"),
                "span": ("gold_spans_full", "gold_spans", "pred_spans_good", "pred_spans"),
            }.items():
                r = c[hit] / c[tot] if c[tot] else float("nan")
                p = c[good] / c[pred] if c[pred] else float("nan")
                f2 = 5 * p * r / (4 * p + r) if (p + r) and p == p and r == r else float("nan")
                row.update({f"{level}_p": p, f"{level}_r": r, f"{level}_f2": f2})
            row["support"] = c["gold_spans"]
            out[key] = row
        return out


class TokenScorer:
    """presidio-research's token-level evaluator (IO tags on spaCy tokens), see the module docstring."""

    def __init__(self) -> None:
        self.results: dict[tuple[str, str], int] = defaultdict(int)

    @staticmethod
    def _tag(tok: tuple[int, int], spans) -> str | None:
        ts, te = tok
        for s, e, t in spans:
            if s <= ts < e or (ts <= s <= te and ts <= e <= te):
                return t or "IGNORED"
        return "O"

    def add(
        self, tokens: list[tuple[int, int]], gold: list[tuple[int, int, str | None]], pred: list[tuple[int, int, str]]
    ) -> None:
        for tok in tokens:
            g = self._tag(tok, gold)
            if g == "IGNORED":
                continue
            self.results[(g, self._tag(tok, pred))] += 1

    def table(self) -> dict[str, dict[str, float]]:
        res = self.results
        out = {}
        annotated = sum(n for (g, _p), n in res.items() if g != "O")
        predicted = sum(n for (_g, p), n in res.items() if p != "O")
        both = sum(n for (g, p), n in res.items() if g != "O" and p != "O")
        out["ALL"] = _prf(both, annotated, both, predicted, annotated)
        for t in sorted({g for g, _p in res if g != "O"} | {p for _g, p in res if p != "O"}):
            ann = sum(n for (g, _p), n in res.items() if g == t)
            prd = sum(n for (_g, p), n in res.items() if p == t)
            out[t] = _prf(res[(t, t)], ann, res[(t, t)], prd, ann)
        return out


def _prf(hit: int, tot: int, good: int, pred: int, support: int) -> dict[str, float]:
    r = hit / tot if tot else float("nan")
    p = good / pred if pred else float("nan")
    f2 = 5 * p * r / (4 * p + r) if (p + r) and p == p and r == r else float("nan")
    return {"p": p, "r": r, "f2": f2, "support": support}


def token_offsets(texts: list[str]) -> list[list[tuple[int, int]]]:
    """spaCy tokens (tokenizer only) of each text as (start, end) character offsets."""
    tokenizer = get_analyzer().nlp_engine.nlp["en"].tokenizer
    return [[(t.idx, t.idx + len(t.text)) for t in tokenizer(text)] for text in texts]


def print_token_table(title: str, tables: dict[str, dict[str, dict[str, float]]]) -> None:
    print(f"\n## {title}")
    print(f"{'system':10} {'type':16} {'tok P':>7} {'tok R':>7} {'tok F2':>7} {'tokens':>7}")
    for system, table in tables.items():
        for key, row in table.items():
            name = "PII (any type)" if key == "ALL" else key
            print(f"{system:10} {name:16} {row['p']:7.3f} {row['r']:7.3f} {row['f2']:7.3f} {row['support']:7d}")


def print_table(title: str, tables: dict[str, dict[str, dict[str, float]]]) -> None:
    print(f"\n## {title}")
    print(
        f"{'system':10} {'type':16} {'char P':>7} {'char R':>7} {'char F2':>7} {'span P':>7} {'span R':>7} "
        f"{'span F2':>7} {'n':>5}"
    )
    for system, table in tables.items():
        for key, row in table.items():
            print(
                f"{system:10} {key:16} {row['char_p']:7.3f} {row['char_r']:7.3f} {row['char_f2']:7.3f} "
                f"{row['span_p']:7.3f} {row['span_r']:7.3f} {row['span_f2']:7.3f} {row['support']:5d}"
            )


# ---------------------------------------------------------------------------------------------------------------
# Stock Presidio


def stock_analyzer():
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    nlp_engine = NlpEngineProvider(nlp_configuration=NLP_CONFIGURATION).create_engine()
    return AnalyzerEngine(nlp_engine=nlp_engine, supported_languages=["en"])


def stock_detect(analyzer, texts: list[str]) -> list[list[tuple[int, int, str]]]:
    from presidio_analyzer import BatchAnalyzerEngine

    batch = BatchAnalyzerEngine(analyzer)
    out = []
    for results in batch.analyze_iterator(texts, language="en", batch_size=128):
        spans = []
        for r in results:
            t = TYPE_MAP.get(r.entity_type, r.entity_type)
            if t is not None:
                spans.append((r.start, r.end, t))
        out.append(spans)
    return out


# ---------------------------------------------------------------------------------------------------------------


def synthetic(n: int, seed: int, stock) -> dict:
    from qa_engine.synthetic import generate_corpus

    calls = generate_corpus(n, seed=seed)
    ours, base = Scorer(), Scorer()
    texts, golds = [], []
    misses: list[str] = []
    t0 = time.perf_counter()
    preds_by_call = [detect_phi(c.transcript, c.org_config) for c in calls]
    ours_s = time.perf_counter() - t0
    for call, preds in zip(calls, preds_by_call, strict=True):
        segs = call.transcript.segments
        for i, seg in enumerate(segs):
            gold = [(p.start, p.end, p.type) for p in call.labels.phi if p.segment == i]
            pred = [(p.start, p.end, p.type) for p in preds if p.segment == i]
            ours.add(seg.text, gold, pred)
            texts.append(seg.text)
            golds.append(gold)
            for s, e, t in gold:
                if not all(any(ps <= k < pe for ps, pe, _ in pred) for k in range(s, e) if not seg.text[k].isspace()):
                    misses.append(f"MISS {t}: {seg.text[s:e]!r} in {seg.text!r}")
            for s, e, t in pred:
                if not any(gs < e and s < ge for gs, ge, _ in gold):
                    misses.append(f"FP {t}: {seg.text[s:e]!r} in {seg.text!r}")
    t0 = time.perf_counter()
    stock_preds = stock_detect(stock, texts)
    stock_s = time.perf_counter() - t0
    for text, gold, pred in zip(texts, golds, stock_preds, strict=True):
        base.add(text, gold, pred)
    return {
        "ours": ours.table(),
        "stock": base.table(),
        "utterances": len(texts),
        "ours_s": ours_s,
        "stock_s": stock_s,
        "errors": misses,
    }


def _not_safe_harbor_phi(t: str, value: str) -> bool:
    """Gold spans Safe Harbor lets stand: a bare year, weekday or time; a country or US state."""
    from redactors import lexicon
    from redactors.recognizers.address import STATES
    from redactors.spoken import STATE_ABBR

    v = value.strip().lower()
    if t == "DATE":
        return bool(
            re.fullmatch(
                r"(?:the\s+)?(?:(?:19|20)\d\d|'?\d0'?s|(?:19|20)\d0'?s)|"
                r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?|"
                r"\d{1,2}(?::\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.)?",
                v,
            )
        )
    if t == "LOCATION":
        return (
            lexicon.fold(v) in lexicon.load()["countries"]
            or v in STATES
            or v in STATE_ABBR
            or v in ("united states", "usa", "us", "uk", "united kingdom", "england")
        )
    return False


def presidio_set(stock, lowercase: bool, limit: int) -> dict:
    data = json.loads(PRESIDIO_SET.read_text())[:limit]
    texts, golds, golds_sh = [], [], []
    for ex in data:
        text = ex["full_text"]
        gold, gold_sh = [], []
        for sp in ex["spans"]:
            t = PRESIDIO_GOLD_MAP.get(sp["entity_type"])
            if t == "AGE":
                digits = "".join(ch for ch in sp["entity_value"] if ch.isdigit())
                if not digits or int(digits) <= 89:
                    t = None
            gold.append((sp["start_position"], sp["end_position"], t))
            sh = None if t and _not_safe_harbor_phi(t, sp["entity_value"]) else t
            gold_sh.append((sp["start_position"], sp["end_position"], sh))
        texts.append(text.lower() if lowercase else text)
        golds.append(gold)
        golds_sh.append(gold_sh)
    t0 = time.perf_counter()
    ours_preds = detect_texts(texts)
    ours_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    stock_preds = stock_detect(stock, texts)
    stock_s = time.perf_counter() - t0
    ours, base, ours_sh, base_sh = Scorer(), Scorer(), Scorer(), Scorer()
    ours_tok, base_tok = TokenScorer(), TokenScorer()
    errors = []
    for text, toks, gold, gold_sh, pred, sp in zip(
        texts, token_offsets(texts), golds, golds_sh, ours_preds, stock_preds, strict=True
    ):
        p = [(x.start, x.end, x.type) for x in pred]
        ours.add(text, gold, p)
        base.add(text, gold, sp)
        ours_tok.add(toks, gold, p)
        base_tok.add(toks, gold, sp)
        ours_sh.add(text, gold_sh, p)
        base_sh.add(text, gold_sh, sp)
        for s, e, t in gold:
            if t and not all(any(ps <= k < pe for ps, pe, _ in p) for k in range(s, e) if not text[k].isspace()):
                errors.append(f"MISS {t}: {text[s:e]!r} in {text!r}")
        for s, e, t in p:
            if not any(gs < e and s < ge for gs, ge, _ in gold):
                errors.append(f"FP {t}: {text[s:e]!r} in {text!r}")
    return {
        "ours": ours.table(),
        "stock": base.table(),
        "ours_tok": ours_tok.table(),
        "stock_tok": base_tok.table(),
        "ours_sh": ours_sh.table(),
        "stock_sh": base_sh.table(),
        "utterances": len(texts),
        "ours_s": ours_s,
        "stock_s": stock_s,
        "errors": errors,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--calls", type=int, default=200)
    ap.add_argument("--seed", type=int, default=910000)
    ap.add_argument("--presidio-limit", type=int, default=1500)
    ap.add_argument("--skip-presidio-set", action="store_true")
    ap.add_argument("--errors", type=Path, help="write misses and false hits to this file")
    args = ap.parse_args()

    get_analyzer()
    stock = stock_analyzer()
    stock_detect(stock, ["warm up"])
    detect_texts(["warm up"])
    report = {}
    errors: list[str] = []
    if args.calls:
        r = synthetic(args.calls, args.seed, stock)
        errors += r.pop("errors")
        report["synthetic"] = r
        print_table(
            f"synthetic calls: {args.calls} calls, seed {args.seed}, {r['utterances']} utterances",
            {"ours": r["ours"], "stock": r["stock"]},
        )
    if not args.skip_presidio_set:
        if not PRESIDIO_SET.exists():
            print(f"\n(skipping presidio-research set: {PRESIDIO_SET} not found)")
        else:
            for lower in (False, True):
                r = presidio_set(stock, lower, args.presidio_limit)
                errors += r.pop("errors")
                name = "presidio_lower" if lower else "presidio"
                report[name] = r
                label = f"presidio-research synth_dataset_v2 ({'lowercased' if lower else 'as written'})"
                print_table(
                    f"{label}, {r['utterances']} sentences, every mapped label",
                    {"ours": r["ours"], "stock": r["stock"]},
                )
                print_token_table(
                    f"{label}, token level (presidio-research's evaluator: IO tags on spaCy tokens)",
                    {"ours": r.pop("ours_tok"), "stock": r.pop("stock_tok")},
                )
                print_table(
                    f"{label}, Safe Harbor view (bare years, weekdays, times, countries, states ignored)",
                    {"ours": {"ALL": r.pop("ours_sh")["ALL"]}, "stock": {"ALL": r.pop("stock_sh")["ALL"]}},
                )
    print("\n## throughput (utterances/s, 2-core machine; ours includes dialogue context and span resolution)")
    for name, r in report.items():
        ours_ups = r["utterances"] / r["ours_s"]
        stock_ups = r["utterances"] / r["stock_s"]
        print(f"{name:16} ours {ours_ups:8.1f}  stock {stock_ups:8.1f}  ratio {ours_ups / stock_ups:5.2f}")
    if args.errors:
        args.errors.write_text("\n".join(errors))


if __name__ == "__main__":
    main()
