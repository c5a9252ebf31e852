"""Retraining the learned criteria from what analysts decided (``qa-engine rubrics train``)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from models.calls import TranscriptSegmentRow
from models.scoring import CriterionScore, ReviewOverride


def examples_from_overrides(session: Session) -> dict[str, list[tuple[str, int]]]:
    """Turn analysts' empathy overrides into labelled agent turns.

    An override that passes a call the machine failed says the agent's replies to the caller's distress
    were empathetic; one that fails a call the machine passed says the turns the machine took for
    empathy were not. Texts are the redacted segments, so no PHI enters the training data.
    """
    examples: dict[str, list[tuple[str, int]]] = {"empathy": [], "distress": []}
    rows = session.exec(
        select(ReviewOverride, CriterionScore).join(
            CriterionScore,
            (CriterionScore.call_id == ReviewOverride.call_id)
            & (CriterionScore.criterion_id == ReviewOverride.criterion_id),
        ).where(CriterionScore.kind == "empathy")
    ).all()
    for override, criterion in rows:
        if override.passed is None or override.passed == criterion.passed:
            continue
        segments = {
            s.idx: s for s in session.exec(
                select(TranscriptSegmentRow).where(TranscriptSegmentRow.call_id == override.call_id))
        }
        details: dict[str, Any] = criterion.details or {}
        if override.passed:
            for idx in details.get("unanswered_distress_segments", []):
                reply = next((segments[i] for i in range(idx + 1, idx + 3)
                              if i in segments and segments[i].speaker == "agent"), None)
                if reply is not None:
                    examples["empathy"].append((reply.text, 1))
        else:
            for idx in details.get("empathy_segments", []):
                if idx in segments:
                    examples["empathy"].append((segments[idx].text, 0))
    return examples


def examples_from_csv(path: Path) -> dict[str, list[tuple[str, int]]]:
    """Extra labelled phrases: a CSV with columns model (empathy|distress|disclosure), text, label (0|1)."""
    examples: dict[str, list[tuple[str, int]]] = {"empathy": [], "distress": [], "disclosure": []}
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("model") in examples and row.get("label") in ("0", "1"):
                examples[row["model"]].append((row["text"], int(row["label"])))
    return examples
