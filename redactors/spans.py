"""Overlapping PHI hits resolved into final, non-overlapping spans in original coordinates."""

from __future__ import annotations

from collections.abc import Iterable

from models.interchange import PhiSpan


def resolve_spans(spans: Iterable[PhiSpan]) -> list[PhiSpan]:
    """Merge overlapping spans of one segment into their union.

    Redaction errs toward covering more: overlapping hits become one span over both. Its type is the type
    of the longest hit (a street address beats the name of the street inside it), ties by score."""
    by_seg: dict[int, list[PhiSpan]] = {}
    for s in spans:
        if s.end > s.start:
            by_seg.setdefault(s.segment, []).append(s)
    out: list[PhiSpan] = []
    for seg in sorted(by_seg):
        group: list[PhiSpan] = []
        end = -1
        for s in sorted(by_seg[seg], key=lambda x: (x.start, -x.end)):
            if group and s.start >= end:
                out.append(_merge(group))
                group = []
            group.append(s)
            end = max(end, s.end) if len(group) > 1 else s.end
        if group:
            out.append(_merge(group))
    return out


def _merge(group: list[PhiSpan]) -> PhiSpan:
    if len(group) == 1:
        return group[0]
    lead = max(group, key=lambda s: (s.end - s.start, s.score))
    return PhiSpan(
        segment=lead.segment,
        start=min(s.start for s in group),
        end=max(s.end for s in group),
        type=lead.type,
        score=max(s.score for s in group),
        recognizer=lead.recognizer,
    )
