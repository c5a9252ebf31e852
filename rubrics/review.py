"""Human review: analysts' overrides beside the machine score, and agents' disputes.

Both are plain functions over plain data; the pipeline layer stores them (``ReviewOverride``,
``Dispute`` tables) and writes the audit events.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, Field, field_validator

from models.interchange import CriterionResult, ScoreResult


class Override(BaseModel):
    """An analyst's decision on one criterion. A reason is required."""

    criterion_id: str
    score: float | None = Field(default=None, ge=0, description="Points given; default: all or nothing by passed.")
    passed: bool | None = None
    reason: str
    analyst: str | None = None
    at: datetime = Field(default_factory=lambda: datetime.now(UTC))

    @field_validator("reason")
    @classmethod
    def _reason_given(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("an override needs a reason")
        return value.strip()


class ReviewedScoreResult(ScoreResult):
    """The machine result with the humans' overrides beside it. ``total``/``auto_failed`` stay the
    machine's; ``human_total``/``human_auto_failed`` hold the reviewed figures; ``stands`` says which
    one counts."""

    machine_total: float
    human_total: float | None = None
    human_auto_failed: bool | None = None
    stands: Literal["machine", "human"] = "machine"
    overrides: list[Override] = Field(default_factory=list)


def apply_overrides(result: ScoreResult, overrides: list[Override]) -> ReviewedScoreResult:
    """Apply overrides (the latest per criterion wins). Each overridden criterion keeps its machine score
    and gets ``details["override"]`` with the human score, passed, reason, analyst and time."""
    from rubrics.score import total_of

    latest: dict[str, Override] = {}
    known = {c.id for c in result.criteria}
    for o in sorted(overrides, key=lambda o: o.at):
        if o.criterion_id not in known:
            raise KeyError(f"no criterion {o.criterion_id!r} in this result")
        latest[o.criterion_id] = o
    machine_total = result.machine_total if isinstance(result, ReviewedScoreResult) else result.total
    human: list[CriterionResult] = []
    criteria: list[CriterionResult] = []
    for c in result.criteria:
        details = {k: v for k, v in c.details.items() if k != "override"}
        o = latest.get(c.id)
        if o is None:
            criteria.append(c.model_copy(update={"details": details}))
            human.append(c)
            continue
        passed = o.passed if o.passed is not None else (c.passed if o.score is None else o.score >= c.max)
        score = o.score if o.score is not None else (c.max if passed or passed is None else 0.0)
        score = min(score, c.max)
        details["override"] = {"score": score, "passed": passed, "reason": o.reason, "analyst": o.analyst,
                               "at": o.at.isoformat(), "machine_score": c.score, "machine_passed": c.passed}
        criteria.append(c.model_copy(update={"details": details}))
        # a human pass lifts that criterion's auto-fail; a human fail on an auto-fail criterion keeps it
        human.append(c.model_copy(update={"score": score, "passed": passed,
                                          "auto_fail": c.auto_fail and passed is False}))
    human_auto = any(c.auto_fail for c in human)
    human_total = 0.0 if human_auto else total_of(human)
    base = result.model_dump(exclude={"criteria", "machine_total", "human_total", "human_auto_failed", "stands",
                                      "overrides"})
    return ReviewedScoreResult(
        **base,
        criteria=criteria,
        machine_total=machine_total,
        human_total=human_total if latest else None,
        human_auto_failed=human_auto if latest else None,
        stands="human" if latest else "machine",
        overrides=list(latest.values()),
    )


# --- disputes -------------------------------------------------------------------------------------

DISPUTE_TRANSITIONS: dict[str, set[str]] = {
    "raised": {"accepted", "partially_accepted", "rejected"},
    "accepted": set(),
    "partially_accepted": set(),
    "rejected": set(),
}


class DisputeError(ValueError):
    pass


@dataclass
class DisputeState:
    """An agent's dispute of a score (or of one criterion) and its history of transitions."""

    call_id: str
    reason: str
    criterion_id: str | None = None
    agent_id: str | None = None
    status: str = "raised"
    resolution: str | None = None
    resolved_by: str | None = None
    history: list[dict] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.reason.strip():
            raise DisputeError("a dispute needs a reason")
        if not self.history:
            self.history.append({"status": "raised", "reason": self.reason, "by": self.agent_id,
                                 "at": datetime.now(UTC).isoformat()})


def transition_dispute(dispute: DisputeState, to: str, reason: str, by: str | None = None) -> DisputeState:
    """Move a dispute to ``to`` (raised -> accepted | partially_accepted | rejected), with a reason.
    Returns a new state; raises DisputeError on a transition that is not allowed or a missing reason."""
    if to not in DISPUTE_TRANSITIONS:
        raise DisputeError(f"unknown dispute status {to!r}")
    if to not in DISPUTE_TRANSITIONS.get(dispute.status, set()):
        raise DisputeError(f"a dispute that is {dispute.status} cannot become {to}")
    if not reason or not reason.strip():
        raise DisputeError("resolving a dispute needs a reason")
    entry = {"status": to, "reason": reason.strip(), "by": by, "at": datetime.now(UTC).isoformat()}
    return DisputeState(call_id=dispute.call_id, reason=dispute.reason, criterion_id=dispute.criterion_id,
                        agent_id=dispute.agent_id, status=to, resolution=reason.strip(), resolved_by=by,
                        history=[*dispute.history, entry])
