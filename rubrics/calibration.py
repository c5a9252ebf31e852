"""Calibration: how well analysts agree with each other, and the machine with their consensus.

Input: per analyst, a value per item, where an item is a criterion id (several analysts scoring one
call) or a ``(call_id, criterion_id)`` pair (a session over several calls). Values are booleans
(passed) or points; points are compared as categories (equal or not).

Per criterion: percent agreement (share of agreeing analyst pairs, over the criterion's items), Fleiss'
kappa over analysts, Cohen's kappa for each analyst pair, the consensus (majority; a tie has none),
and whether the machine matches it. Overall the same figures over all items.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable
from itertools import combinations
from typing import Any

from sklearn.metrics import cohen_kappa_score


def _criterion_of(item: Hashable) -> str:
    return str(item[-1]) if isinstance(item, tuple) else str(item)


def _label(value: Any) -> str:
    if isinstance(value, bool):
        return "pass" if value else "fail"
    if isinstance(value, int | float):
        return f"{float(value):g}"
    return str(value)


def percent_agreement(ratings: list[list[str]]) -> float | None:
    """Share of agreeing pairs of ratings, pooled over items (each item's list holds its raters' labels)."""
    agree = total = 0
    for labels in ratings:
        for a, b in combinations(labels, 2):
            total += 1
            agree += a == b
    return round(agree / total, 4) if total else None


def fleiss_kappa(ratings: list[list[str]]) -> float | None:
    """Fleiss' kappa for items each rated by the same number of raters; None where it is undefined
    (fewer than two raters, or every rating in one category)."""
    ratings = [r for r in ratings if len(r) >= 2]
    if not ratings or len({len(r) for r in ratings}) != 1:
        return None
    n = len(ratings[0])
    categories = sorted({label for r in ratings for label in r})
    counts = [Counter(r) for r in ratings]
    p_items = [(sum(c[k] ** 2 for k in categories) - n) / (n * (n - 1)) for c in counts]
    p_bar = sum(p_items) / len(p_items)
    p_cat = [sum(c[k] for c in counts) / (len(ratings) * n) for k in categories]
    p_e = sum(p ** 2 for p in p_cat)
    if math.isclose(p_e, 1.0):
        return None
    return round((p_bar - p_e) / (1 - p_e), 4)


def cohen_kappa(a: list[str], b: list[str]) -> float | None:
    if len(a) < 1 or len(set(a) | set(b)) < 2:
        return None  # one category throughout: agreement is total and kappa undefined
    value = float(cohen_kappa_score(a, b))
    return None if math.isnan(value) else round(value, 4)


def consensus(labels: list[str]) -> str | None:
    counts = Counter(labels).most_common()
    if not counts or (len(counts) > 1 and counts[0][1] == counts[1][1]):
        return None
    return counts[0][0]


def _figures(items: list[Hashable], scores: dict[str, dict[Hashable, Any]],
             machine: dict[Hashable, Any] | None) -> dict[str, Any]:
    analysts = sorted(scores)
    rated = [i for i in items if all(i in scores[a] for a in analysts)]
    ratings = [[_label(scores[a][i]) for a in analysts] for i in rated]
    pairs = {
        f"{a}|{b}": cohen_kappa([_label(scores[a][i]) for i in rated], [_label(scores[b][i]) for i in rated])
        for a, b in combinations(analysts, 2)
    }
    out: dict[str, Any] = {
        "items": len(rated),
        "percent_agreement": percent_agreement(ratings),
        "fleiss_kappa": fleiss_kappa(ratings),
        "cohen_kappa": pairs,
        "consensus": {str(i): consensus(r) for i, r in zip(rated, ratings, strict=True)},
    }
    if machine is not None:
        both = [(consensus(r), _label(machine[i])) for i, r in zip(rated, ratings, strict=True)
                if i in machine and consensus(r) is not None]
        out["machine_agreement"] = round(sum(c == m for c, m in both) / len(both), 4) if both else None
        out["machine_cohen_kappa"] = cohen_kappa([c for c, _ in both], [m for _, m in both]) if both else None
    return out


def calibration_agreement(scores_by_analyst: dict[str, dict[Hashable, Any]],
                          machine: dict[Hashable, Any] | None = None) -> dict[str, Any]:
    """Agreement report: ``{"analysts", "overall": {...}, "criteria": {criterion_id: {...}}}`` where each
    block has items, percent_agreement, fleiss_kappa, cohen_kappa (per analyst pair), consensus (per
    item) and, with ``machine``, machine_agreement (share of items where the machine matches the
    consensus) and machine_cohen_kappa."""
    if len(scores_by_analyst) < 2:
        raise ValueError("calibration needs at least two analysts")
    items = sorted({i for s in scores_by_analyst.values() for i in s}, key=str)
    by_criterion: dict[str, list[Hashable]] = {}
    for i in items:
        by_criterion.setdefault(_criterion_of(i), []).append(i)
    return {
        "analysts": sorted(scores_by_analyst),
        "overall": _figures(items, scores_by_analyst, machine),
        "criteria": {c: _figures(its, scores_by_analyst, machine) for c, its in sorted(by_criterion.items())},
    }
