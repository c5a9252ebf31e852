"""Agent scorecards, team and organization views, and the service's KPIs.

Every figure is aggregated in the database (GROUP BY, CASE, COALESCE) with SQL that runs the same on
SQLite and PostgreSQL; Python only reshapes the few grouped rows that come back. A human override stands
where it exists: ``COALESCE(human_total, total)`` for a call, ``COALESCE(human_score, score)`` and
``COALESCE(human_passed, passed)`` for a criterion, and the overridden counts say how many were used.

A scored call belongs to the period in which it started (``Call.started_at``; the score time when the
platform did not send a start). KPIs come from every call of the agent in the period, scored or not,
because abandoned calls are never scored.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, null, or_, select, true, union_all
from sqlmodel import Session

from models.calls import Agent, Call, utcnow
from models.coaching import CoachingNote
from models.scoring import CriterionScore, Score
from qa_engine.scorecards.periods import Period, parse_period

# Criterion kinds in display order, with the name of their pass rate on a scorecard.
PASS_RATE_NAMES: dict[str, str] = {
    "identity_verification": "verification_compliance",
    "empathy": "empathy",
    "data_accuracy": "information_accuracy",
    "script_adherence": "script_adherence",
    "escalation": "escalation",
}
KIND_LABELS: dict[str, str] = {
    "identity_verification": "Verification compliance",
    "empathy": "Empathy",
    "data_accuracy": "Information accuracy",
    "script_adherence": "Script adherence",
    "escalation": "Escalation",
}
# Figures where less is better, so a goal on them is met at or below its target.
LOWER_IS_BETTER = {"auto_fail_rate", "abandonment_rate", "avg_queue_seconds", "avg_handle_seconds"}
# Where the web pages show a call's evidence (the API and web issues serve it).
CALL_URL = "/calls/{call_id}#t={start:.1f}"
DEFAULT_TREND = 5
DEFAULT_TOP = 3


# ---------------------------------------------------------------------------------------------- results


@dataclass
class CriterionStat:
    kind: str
    results: int = 0  # criterion results in scope
    avg_score: float | None = None  # points, overrides standing
    avg_percent: float | None = None  # of the criterion's max, 0-100
    applicable: int = 0  # results with passed not null
    passed: int = 0
    pass_rate: float | None = None  # passed / applicable, 0-1
    overridden: int = 0


@dataclass
class Kpis:
    calls_handled: int = 0  # every call in scope, scored or not
    surveys: int = 0
    patient_satisfaction: float | None = None  # mean post-call survey score
    appointments_kept: int = 0
    appointments_no_show: int = 0
    appointment_adherence: float | None = None  # kept / (kept + no_show)
    abandoned: int = 0
    abandonment_rate: float | None = None  # abandoned / calls_handled
    avg_queue_seconds: float | None = None
    avg_handle_seconds: float | None = None  # answered calls: metadata handle_seconds, else duration
    information_accuracy_rate: float | None = None  # data_accuracy pass rate


@dataclass
class Metrics:
    calls_scored: int = 0
    avg_total: float | None = None  # 0-100, overrides standing
    avg_machine_total: float | None = None
    min_total: float | None = None
    max_total: float | None = None
    auto_fails: int = 0
    auto_fail_rate: float | None = None
    overridden_calls: int = 0  # calls whose human total stands
    criteria: dict[str, CriterionStat] = field(default_factory=dict)
    pass_rates: dict[str, float | None] = field(default_factory=dict)
    kpis: Kpis = field(default_factory=Kpis)

    def value(self, name: str) -> float | None:
        """A figure by name (for goals): ``avg_total``, ``auto_fail_rate``, a pass rate, a KPI."""
        if name in self.pass_rates:
            return self.pass_rates[name]
        if name in ("avg_total", "auto_fail_rate", "calls_scored", "avg_machine_total"):
            return getattr(self, name)
        if name in Kpis.__dataclass_fields__:
            return getattr(self.kpis, name)
        raise KeyError(f"unknown scorecard figure {name!r}; known: {', '.join(sorted(metric_names()))}")


def metric_names() -> set[str]:
    return (
        set(PASS_RATE_NAMES.values())
        | {"avg_total", "auto_fail_rate", "calls_scored", "avg_machine_total"}
        | set(Kpis.__dataclass_fields__)
    )


@dataclass
class TrendPoint:
    period: Period
    metrics: Metrics


@dataclass
class EvidenceRef:
    criterion_id: str
    kind: str
    passed: bool | None
    overridden: bool
    segment: int | None
    start: float | None
    quote: str  # from the redacted transcript, scrubbed again of digits and addresses
    url: str


@dataclass
class CallRef:
    call_id: str
    call_type: str
    started_at: datetime | None
    total: float  # the one that stands
    machine_total: float
    overridden: bool
    auto_failed: bool
    flags: list[str]
    evidence: list[EvidenceRef] = field(default_factory=list)


@dataclass
class GoalView:
    text: str
    metric: str | None
    target: float | None
    current: float | None
    met: bool | None


@dataclass
class NoteView:
    id: int
    period: str
    author_user_id: int | None
    text: str
    goals: list[GoalView]
    call_ids: list[str]
    created_at: datetime
    acknowledged_at: datetime | None
    agent_comment: str | None


@dataclass
class Scorecard:
    org_id: str
    agent_id: str
    agent_name: str
    team: str | None
    period: Period
    call_type: str | None
    metrics: Metrics
    trend: list[TrendPoint]  # earlier periods then this one, oldest first
    percentile: float | None  # 0-100 among agents of the team with scored calls; None if alone
    team_rank: int | None  # 1 = best average total in the team
    team_agents: int  # agents of the team with scored calls in the period
    best_calls: list[CallRef]
    worst_calls: list[CallRef]
    notes: list[NoteView]
    generated_at: datetime = field(default_factory=utcnow)

    def to_dict(self) -> dict[str, Any]:
        return _plain(asdict(self))


@dataclass
class AgentRow:
    agent_id: str
    name: str
    team: str | None
    metrics: Metrics
    rank: int | None  # by average total, 1 = best; None without scored calls


@dataclass
class TeamView:
    org_id: str
    team: str | None  # None: the whole organization
    period: Period
    call_type: str | None
    totals: Metrics
    agents: list[AgentRow]
    by_call_type: dict[str, Metrics]
    by_team: dict[str, Metrics]  # organization view only
    trend: list[TrendPoint]
    generated_at: datetime = field(default_factory=utcnow)

    def to_dict(self) -> dict[str, Any]:
        return _plain(asdict(self))


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 4)
    return value


# ------------------------------------------------------------------------------------------ SQL pieces


@dataclass(frozen=True)
class _Scope:
    org_id: str | None = None
    agent_id: str | None = None
    team: str | None = None
    call_type: str | None = None


def _score_moment() -> ColumnElement[Any]:
    return func.coalesce(Call.started_at, Score.scored_at)


def _call_moment() -> ColumnElement[Any]:
    # Same moment as a scored call's (the KPI query outer-joins Score); unscored calls without a
    # start fall back to when they were received. (A correlated subquery here instead of the join made
    # PostgreSQL's estimates balloon and switch on JIT compilation, seconds of it.)
    return func.coalesce(Call.started_at, Score.scored_at, Call.created_at)


def _contiguous(periods: Sequence[Period]) -> bool:
    return all(a.end == b.start for a, b in zip(periods, periods[1:], strict=False))


def _bucket(moment: ColumnElement[Any], periods: Sequence[Period]) -> ColumnElement[Any]:
    # A CASE over the periods' ranges: portable where date_trunc/strftime are not, and it serves
    # custom ranges too. Contiguous periods (a trend) need one comparison a branch, the WHERE clause
    # having already bounded the moment.
    if _contiguous(periods):
        return case(*[(moment < p.end, literal(i)) for i, p in enumerate(periods)], else_=None)
    return case(*[(and_(moment >= p.start, moment < p.end), literal(i)) for i, p in enumerate(periods)], else_=None)


def _flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.sum(case((condition, 1), else_=0))


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


_KEYS = ("agent", "team", "call_type", "period")


def _key_columns(level: str, group_by: Sequence[str], periods: Sequence[Period]) -> list[ColumnElement[Any]]:
    columns: list[ColumnElement[Any]] = []
    for name in group_by:
        if name == "agent":
            columns.append((Call.agent_id if level == "call" else Score.agent_id).label("k_agent"))
        elif name == "team":
            columns.append(Agent.team.label("k_team"))
        elif name == "call_type":
            columns.append(Call.call_type.label("k_call_type"))
        elif name == "period":
            moment = _call_moment() if level == "call" else _score_moment()
            columns.append(_bucket(moment, periods).label("k_period"))
        else:
            raise ValueError(f"cannot group by {name!r}; use {', '.join(_KEYS)}")
    return columns


def _where(level: str, scope: _Scope, periods: Sequence[Period]) -> list[ColumnElement[bool]]:
    moment = _call_moment() if level == "call" else _score_moment()
    start, end = min(p.start for p in periods), max(p.end for p in periods)
    conditions: list[ColumnElement[bool]] = [moment >= start, moment < end]
    if scope.agent_id is None:
        # Many agents: an index-friendly superset lets the planner start from the calls' start-time
        # index (NULL starts through the same index). One agent: its own index reads fewer rows.
        conditions.append(or_(Call.started_at.is_(None), and_(Call.started_at >= start, Call.started_at < end)))
    if not _contiguous(periods):
        conditions.append(_bucket(moment, periods).is_not(None))
    agent_column = Call.agent_id if level == "call" else Score.agent_id
    if scope.org_id is not None:
        conditions.append((Call.org_id if level == "call" else Score.org_id) == scope.org_id)
    if scope.agent_id is not None:
        conditions.append(agent_column == scope.agent_id)
    if scope.team is not None:
        conditions.append(Agent.team == scope.team)
    if scope.call_type is not None:
        conditions.append(Call.call_type == scope.call_type)
    return conditions


def _needs_agent(scope: _Scope, group_by: Sequence[str]) -> bool:
    return scope.team is not None or "team" in group_by


PARTS = ("scores", "criteria", "kpis")
_Sink = Callable[[int, tuple[Any, ...]], Metrics]


def _aggregate(
    session: Session,
    scope: _Scope,
    periods: Sequence[Period],
    group_by: Sequence[str] = (),
    parts: Sequence[str] = PARTS,
) -> dict[tuple[Any, ...], Metrics]:
    """Metrics per group (the key tuple follows ``group_by``; the period key is its index in ``periods``)."""
    return _aggregate_sets(session, scope, periods, [group_by], parts)[0]


def _aggregate_sets(
    session: Session,
    scope: _Scope,
    periods: Sequence[Period],
    sets: Sequence[Sequence[str]],
    parts: Sequence[str] = PARTS,
) -> list[dict[tuple[Any, ...], Metrics]]:
    """Metrics for several groupings of the same rows (portable GROUPING SETS): per part, one statement
    reads the rows once into partial sums grouped by every key used (a CTE), and each grouping set is a
    GROUP BY over those partial sums, the sets joined by UNION ALL."""
    out: list[dict[tuple[Any, ...], Metrics]] = [{} for _ in sets]

    def metrics_for(index: int, key: tuple[Any, ...]) -> Metrics:
        return out[index].setdefault(key, Metrics())

    names = [name for name in _KEYS if any(name in group for group in sets)]
    for part in parts:
        {"scores": _score_part, "criteria": _criteria_part, "kpis": _kpi_part}[part](
            session, scope, periods, names, sets, metrics_for
        )
    for groups in out:
        for m in groups.values():
            _finish(m)
    return out


def _can_materialize(session: Session) -> bool:
    """``WITH ... AS MATERIALIZED``: PostgreSQL 12+, SQLite 3.35+."""
    bind = session.get_bind()
    if bind.dialect.name == "sqlite":
        return sqlite3.sqlite_version_info >= (3, 35)
    return bind.dialect.name == "postgresql"


def _avg(total: Any, count: Any) -> ColumnElement[Any]:
    return func.sum(total) * 1.0 / func.nullif(func.sum(count), 0)


def _rollup(
    session: Session,
    base: Any,
    names: Sequence[str],
    sets: Sequence[Sequence[str]],
    measures: Callable[[Any], list[ColumnElement[Any]]],
    extra_key: str | None = None,
) -> Iterator[tuple[int, tuple[Any, ...], Any, Sequence[Any]]]:
    """Run the grouping sets over ``base`` (grouped partial sums); yield (set index, key, extra, values)."""
    cte = base.cte("partials")
    arms = []
    for index, group in enumerate(sets):
        keys = [cte.c[f"k_{name}"] for name in group] + ([cte.c[extra_key]] if extra_key else [])
        slots = [cte.c[f"k_{name}"] if name in group else null() for name in names]
        arm = select(literal(index), *slots, *([cte.c[extra_key]] if extra_key else []), *measures(cte.c))
        arms.append(arm.group_by(*keys) if keys else arm)
    query = arms[0] if len(arms) == 1 else union_all(*arms)
    width = 1 + len(names) + (1 if extra_key else 0)
    for row in session.execute(query):
        index = int(row[0])
        slot = dict(zip(names, row[1 : 1 + len(names)], strict=True))
        yield index, tuple(slot[name] for name in sets[index]), (row[width - 1] if extra_key else None), row[width:]


def _score_part(
    session: Session,
    scope: _Scope,
    periods: Sequence[Period],
    names: Sequence[str],
    sets: Sequence[Sequence[str]],
    metrics_for: _Sink,
) -> None:
    keys = _key_columns("score", names, periods)
    stands = func.coalesce(Score.human_total, Score.total)
    base = select(
        *keys,
        func.count(Score.id).label("n"),
        func.sum(stands).label("stands"),
        func.sum(Score.total).label("machine"),
        func.min(stands).label("low"),
        func.max(stands).label("high"),
        _flag(Score.auto_failed == true()).label("auto_failed"),
        _flag(Score.human_total.is_not(None)).label("overridden"),
    ).join(Call, Call.id == Score.call_id)
    if _needs_agent(scope, names):
        base = base.join(Agent, Agent.id == Score.agent_id)
    base = base.where(*_where("score", scope, periods))
    if keys:
        base = base.group_by(*keys)

    def measures(c: Any) -> list[ColumnElement[Any]]:
        return [
            func.sum(c.n),
            _avg(c.stands, c.n),
            _avg(c.machine, c.n),
            func.min(c.low),
            func.max(c.high),
            func.sum(c.auto_failed),
            func.sum(c.overridden),
        ]

    for index, key, _, v in _rollup(session, base, names, sets, measures):
        if not v[0]:
            continue
        m = metrics_for(index, key)
        m.calls_scored = int(v[0])
        m.avg_total, m.avg_machine_total = _num(v[1]), _num(v[2])
        m.min_total, m.max_total = _num(v[3]), _num(v[4])
        m.auto_fails, m.overridden_calls = int(v[5] or 0), int(v[6] or 0)
        m.auto_fail_rate = _ratio(m.auto_fails, m.calls_scored)


def _criteria_part(
    session: Session,
    scope: _Scope,
    periods: Sequence[Period],
    names: Sequence[str],
    sets: Sequence[Sequence[str]],
    metrics_for: _Sink,
) -> None:
    keys = _key_columns("score", names, periods)
    passed = func.coalesce(CriterionScore.human_passed, CriterionScore.passed)
    points = func.coalesce(CriterionScore.human_score, CriterionScore.score)
    percent = points * 100.0 / func.nullif(CriterionScore.max, 0)
    base = (
        select(
            *keys,
            CriterionScore.kind.label("kind"),
            func.count(CriterionScore.id).label("n"),
            func.sum(points).label("points"),
            func.sum(percent).label("percent"),
            func.count(percent).label("n_percent"),
            func.count(passed).label("applicable"),
            _flag(passed == true()).label("passed"),
            _flag(or_(CriterionScore.human_score.is_not(None), CriterionScore.human_passed.is_not(None))).label(
                "overridden"
            ),
        )
        .select_from(CriterionScore)
        .join(Score, Score.id == CriterionScore.score_id)
        .join(Call, Call.id == Score.call_id)
    )
    if _needs_agent(scope, names):
        base = base.join(Agent, Agent.id == Score.agent_id)
    base = base.where(*_where("score", scope, periods)).group_by(*keys, CriterionScore.kind)

    def measures(c: Any) -> list[ColumnElement[Any]]:
        return [
            func.sum(c.n),
            _avg(c.points, c.n),
            _avg(c.percent, c.n_percent),
            func.sum(c.applicable),
            func.sum(c.passed),
            func.sum(c.overridden),
        ]

    for index, key, kind, v in _rollup(session, base, names, sets, measures, extra_key="kind"):
        stat = CriterionStat(
            kind=kind,
            results=int(v[0]),
            avg_score=_num(v[1]),
            avg_percent=_num(v[2]),
            applicable=int(v[3] or 0),
            passed=int(v[4] or 0),
            overridden=int(v[5] or 0),
        )
        stat.pass_rate = _ratio(stat.passed, stat.applicable)
        metrics_for(index, key).criteria[stat.kind] = stat


def _kpi_part(
    session: Session,
    scope: _Scope,
    periods: Sequence[Period],
    names: Sequence[str],
    sets: Sequence[Sequence[str]],
    metrics_for: _Sink,
) -> None:
    keys = _key_columns("call", names, periods)
    meta = Call.call_metadata
    # Each figure is read from the JSON once per call (a materialized CTE): both databases would
    # otherwise parse the document again for every use of a field.
    rows = (
        select(
            *keys,
            Call.id.label("id"),
            meta["abandoned"].as_boolean().label("abandoned"),
            meta["outcome"].as_string().label("outcome"),
            meta["survey_score"].as_float().label("survey"),
            meta["queue_seconds"].as_float().label("queue"),
            meta["handle_seconds"].as_float().label("handle"),
            Call.duration.label("duration"),
        )
        .select_from(Call)
        .outerjoin(Score, Score.call_id == Call.id)
    )
    if _needs_agent(scope, names):
        rows = rows.join(Agent, Agent.id == Call.agent_id)
    rows = rows.where(*_where("call", scope, periods)).cte("kpi_rows")
    if _can_materialize(session):
        rows = rows.prefix_with("MATERIALIZED")
    r = rows.c
    handle = case((r.abandoned == true(), None), else_=func.coalesce(r.handle, r.duration))
    row_keys = [r[f"k_{name}"] for name in names]
    base = select(
        *row_keys,
        func.count(r.id).label("n"),
        func.count(r.survey).label("n_survey"),
        func.sum(r.survey).label("survey"),
        _flag(r.outcome == "kept").label("kept"),
        _flag(r.outcome == "no_show").label("no_show"),
        _flag(r.abandoned == true()).label("abandoned"),
        func.count(r.queue).label("n_queue"),
        func.sum(r.queue).label("queue"),
        func.count(handle).label("n_handle"),
        func.sum(handle).label("handle"),
    )
    if row_keys:
        base = base.group_by(*row_keys)

    def measures(c: Any) -> list[ColumnElement[Any]]:
        return [
            func.sum(c.n),
            func.sum(c.n_survey),
            _avg(c.survey, c.n_survey),
            func.sum(c.kept),
            func.sum(c.no_show),
            func.sum(c.abandoned),
            _avg(c.queue, c.n_queue),
            _avg(c.handle, c.n_handle),
        ]

    for index, key, _, v in _rollup(session, base, names, sets, measures):
        if not v[0]:
            continue
        k = metrics_for(index, key).kpis
        k.calls_handled, k.surveys = int(v[0]), int(v[1] or 0)
        k.patient_satisfaction = _num(v[2])
        k.appointments_kept, k.appointments_no_show = int(v[3] or 0), int(v[4] or 0)
        k.appointment_adherence = _ratio(k.appointments_kept, k.appointments_kept + k.appointments_no_show)
        k.abandoned = int(v[5] or 0)
        k.abandonment_rate = _ratio(k.abandoned, k.calls_handled)
        k.avg_queue_seconds, k.avg_handle_seconds = _num(v[6]), _num(v[7])


def _finish(m: Metrics) -> Metrics:
    m.pass_rates = {
        name: (m.criteria[kind].pass_rate if kind in m.criteria else None) for kind, name in PASS_RATE_NAMES.items()
    }
    m.kpis.information_accuracy_rate = m.pass_rates["information_accuracy"]
    return m


def _trend(session: Session, scope: _Scope, period: Period, earlier: int) -> tuple[Metrics, list[TrendPoint]]:
    """This period's metrics and the trend ending with it (one grouped statement per part)."""
    periods = [*period.previous(earlier), period]
    grouped = _aggregate(session, scope, periods, ("period",))
    points = [TrendPoint(p, grouped.get((i,)) or _finish(Metrics())) for i, p in enumerate(periods)]
    return points[-1].metrics, points


# ------------------------------------------------------------------------------------------ scorecard

_DIGITS = re.compile(r"\d(?:[\d\s\-/().,:]*\d)?")
_EMAIL = re.compile(r"\S+@\S+")


def scrub_quote(quote: str, limit: int = 180) -> str:
    """Evidence comes from the redacted transcript; for a hand-out we also mask every digit run and
    anything shaped like an e-mail address, in case a redaction missed one."""
    text = _EMAIL.sub("[EMAIL]", _DIGITS.sub("#", quote)).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _as_period(period: Period | str) -> Period:
    return parse_period(period) if isinstance(period, str) else period


def build_scorecard(
    session: Session,
    agent_id: str,
    period: Period | str,
    *,
    call_type: str | None = None,
    trend_periods: int = DEFAULT_TREND,
    top: int = DEFAULT_TOP,
) -> Scorecard:
    """The scorecard of one agent for one period. LookupError if the agent does not exist."""
    period = _as_period(period)
    agent = session.get(Agent, agent_id)
    if agent is None:
        raise LookupError(f"no agent with id {agent_id!r}")
    scope = _Scope(org_id=agent.org_id, agent_id=agent.id, call_type=call_type)
    metrics, trend = _trend(session, scope, period, trend_periods)
    percentile, rank, size = _team_position(session, agent, period, call_type)
    best = _top_calls(session, scope, period, top, best=True)
    worst = _top_calls(session, scope, period, top, best=False, exclude={c.call_id for c in best})
    return Scorecard(
        org_id=agent.org_id,
        agent_id=agent.id,
        agent_name=agent.name,
        team=agent.team,
        period=period,
        call_type=call_type,
        metrics=metrics,
        trend=trend,
        percentile=percentile,
        team_rank=rank,
        team_agents=size,
        best_calls=best,
        worst_calls=worst,
        notes=[_note_view(note, metrics) for note in list_coaching_notes(session, agent.id, period)],
    )


def _team_position(
    session: Session, agent: Agent, period: Period, call_type: str | None
) -> tuple[float | None, int | None, int]:
    """Percentile (PERCENT_RANK of the average total, 0-100) and rank within the agent's team (the
    whole organization when the agent has no team), among agents with scored calls in the period."""
    average = func.avg(func.coalesce(Score.human_total, Score.total))
    per_agent = (
        select(Score.agent_id.label("agent_id"), average.label("avg_total"))
        .join(Call, Call.id == Score.call_id)
        .join(Agent, Agent.id == Score.agent_id)
        .where(*_where("score", _Scope(org_id=agent.org_id, call_type=call_type), [period]))
        .where(Agent.team == agent.team if agent.team is not None else true())
        .group_by(Score.agent_id)
        .subquery()
    )
    ranked = select(
        per_agent.c.agent_id,
        func.percent_rank().over(order_by=per_agent.c.avg_total),
        func.rank().over(order_by=per_agent.c.avg_total.desc()),
        func.count().over(),
    ).subquery()
    row = session.execute(select(ranked).where(ranked.c.agent_id == agent.id)).first()
    if row is None:
        size = session.execute(select(func.count()).select_from(per_agent)).scalar_one()
        return None, None, int(size)
    size = int(row[3])
    return (float(row[1]) * 100.0 if size > 1 else None), int(row[2]), size


def _top_calls(
    session: Session, scope: _Scope, period: Period, top: int, *, best: bool, exclude: set[str] | None = None
) -> list[CallRef]:
    if top <= 0:
        return []
    stands = func.coalesce(Score.human_total, Score.total)
    # Only the columns shown: a score's full result document can be large.
    query = (
        select(
            Score.call_id,
            Call.call_type,
            Call.started_at,
            Score.total,
            Score.human_total,
            Score.auto_failed,
            Score.flags,
        )
        .join(Call, Call.id == Score.call_id)
        .where(*_where("score", scope, [period]))
        .order_by(stands.desc() if best else stands.asc(), _score_moment(), Score.call_id)
        .limit(top + len(exclude or ()))
    )
    calls = [
        CallRef(
            call_id=call_id,
            call_type=call_type,
            started_at=started_at,
            total=human_total if human_total is not None else total,
            machine_total=total,
            overridden=human_total is not None,
            auto_failed=bool(auto_failed),
            flags=list(flags or []),
        )
        for call_id, call_type, started_at, total, human_total, auto_failed, flags in session.execute(query)
        if call_id not in (exclude or ())
    ][:top]
    if not calls:
        return calls
    by_id = {c.call_id: c for c in calls}
    rows = session.execute(
        select(CriterionScore).where(CriterionScore.call_id.in_(by_id)).order_by(CriterionScore.id)
    ).scalars()
    candidates: dict[str, list[tuple[bool, EvidenceRef]]] = {c.call_id: [] for c in calls}
    for cs in rows:
        passed = cs.human_passed if cs.human_passed is not None else cs.passed
        overridden = cs.human_score is not None or cs.human_passed is not None
        for item in cs.evidence or []:
            start = item.get("start")
            ref = EvidenceRef(
                criterion_id=cs.criterion_id,
                kind=cs.kind,
                passed=passed,
                overridden=overridden,
                segment=item.get("segment"),
                start=start,
                quote=scrub_quote(str(item.get("quote", ""))),
                url=CALL_URL.format(call_id=cs.call_id, start=float(start or 0.0)),
            )
            # What to praise on the best calls, what to work on in the worst.
            candidates[cs.call_id].append((passed is (not best), ref))
    for call_id, items in candidates.items():
        items.sort(key=lambda pair: pair[0])  # stable: preferred evidence first
        by_id[call_id].evidence = [ref for _, ref in items[:3]]
    return calls


# ----------------------------------------------------------------------------------- team and org views


def build_team_view(
    session: Session,
    org_id: str,
    period: Period | str,
    *,
    team: str | None = None,
    call_type: str | None = None,
    trend_periods: int = DEFAULT_TREND,
    trend_detail: bool = False,
) -> TeamView:
    """A coach's team (``team``) or, with ``team=None``, a QA manager's whole organization: totals,
    one row per agent (agents without calls included), by call type, by team, and the trend (score figures per
    period; criterion pass rates and KPIs per period too with ``trend_detail``)."""
    period = _as_period(period)
    scope = _Scope(org_id=org_id, team=team, call_type=call_type)
    # This period: totals, per agent, per call type (and per team) from one pass over the rows per part.
    sets: list[tuple[str, ...]] = [(), ("agent",), ("call_type",)] + ([("team",)] if team is None else [])
    totals_, per_agent, by_call_type, *rest = _aggregate_sets(session, scope, [period], sets)
    by_team = rest[0] if rest else {}
    totals = totals_.get(()) or _finish(Metrics())
    # Earlier periods: score figures only unless asked (a team's criterion rows are five times as many).
    earlier = period.previous(trend_periods)
    grouped = (
        _aggregate(session, scope, earlier, ("period",), PARTS if trend_detail else ("scores",)) if earlier else {}
    )
    trend = [TrendPoint(p, grouped.get((i,)) or _finish(Metrics())) for i, p in enumerate(earlier)]
    trend.append(TrendPoint(period, totals))
    agents_query = select(Agent).where(Agent.org_id == org_id).order_by(Agent.id)
    if team is not None:
        agents_query = agents_query.where(Agent.team == team)
    rows = [
        AgentRow(a.id, a.name, a.team, per_agent.get((a.id,)) or _finish(Metrics()), None)
        for a in session.execute(agents_query).scalars()
    ]
    rows.sort(key=lambda r: (r.metrics.avg_total is None, -(r.metrics.avg_total or 0.0), r.agent_id))
    rank = 0
    previous: float | None = None
    for position, row in enumerate(rows, start=1):
        if row.metrics.avg_total is None:
            break
        if row.metrics.avg_total != previous:
            rank, previous = position, row.metrics.avg_total
        row.rank = rank
    return TeamView(
        org_id=org_id,
        team=team,
        period=period,
        call_type=call_type,
        totals=totals,
        agents=rows,
        by_call_type={str(k[0]): m for k, m in sorted(by_call_type.items(), key=lambda kv: str(kv[0][0]))},
        by_team={
            ("(no team)" if k[0] is None else str(k[0])): m
            for k, m in sorted(by_team.items(), key=lambda kv: str(kv[0][0]))
        },
        trend=trend,
    )


# ------------------------------------------------------------------------------------------- coaching


def _check_goals(goals: Sequence[dict[str, Any]] | None) -> list[dict[str, Any]]:
    checked = []
    known = metric_names()
    for goal in goals or []:
        text = str(goal.get("text", "")).strip()
        metric = goal.get("metric")
        target = goal.get("target")
        if not text and not metric:
            raise ValueError("a goal needs a text or a metric")
        if metric is not None and metric not in known:
            raise ValueError(f"unknown goal metric {metric!r}; known: {', '.join(sorted(known))}")
        if target is not None and metric is None:
            raise ValueError("a goal with a target needs a metric")
        checked.append({"text": text, "metric": metric, "target": None if target is None else float(target)})
    return checked


def add_coaching_note(
    session: Session,
    agent_id: str,
    period: Period | str,
    text: str,
    *,
    goals: Sequence[dict[str, Any]] | None = None,
    author_user_id: int | None = None,
    call_ids: Sequence[str] | None = None,
) -> CoachingNote:
    """Attach a coach's note and goals to the scorecard of ``agent_id`` for ``period``."""
    period = _as_period(period)
    agent = session.get(Agent, agent_id)
    if agent is None:
        raise LookupError(f"no agent with id {agent_id!r}")
    if not text.strip():
        raise ValueError("a coaching note needs text")
    note = CoachingNote(
        org_id=agent.org_id,
        agent_id=agent.id,
        period=period.label,
        period_start=period.start,
        period_end=period.end,
        author_user_id=author_user_id,
        text=text.strip(),
        goals=_check_goals(goals),
        call_ids=list(call_ids or []),
    )
    session.add(note)
    session.flush()
    return note


def acknowledge(
    session: Session,
    note_id: int,
    *,
    agent_id: str | None = None,
    user_id: int | None = None,
    comment: str | None = None,
) -> CoachingNote:
    """The agent acknowledges a note. The first acknowledgement stands (its time is the record);
    PermissionError if ``agent_id`` is not the note's agent."""
    note = session.get(CoachingNote, note_id)
    if note is None:
        raise LookupError(f"no coaching note {note_id}")
    if agent_id is not None and agent_id != note.agent_id:
        raise PermissionError("only the agent a coaching note is about can acknowledge it")
    if note.acknowledged_at is None:
        note.acknowledged_at = utcnow()
        note.acknowledged_by_user_id = user_id
        note.agent_comment = comment.strip() if comment and comment.strip() else None
        session.add(note)
        session.flush()
    return note


def list_coaching_notes(session: Session, agent_id: str, period: Period | str | None = None) -> list[CoachingNote]:
    query = select(CoachingNote).where(CoachingNote.agent_id == agent_id)
    if period is not None:
        query = query.where(CoachingNote.period == _as_period(period).label)
    return list(session.execute(query.order_by(CoachingNote.created_at, CoachingNote.id)).scalars())


def _note_view(note: CoachingNote, metrics: Metrics) -> NoteView:
    goals = []
    for goal in note.goals or []:
        metric, target = goal.get("metric"), goal.get("target")
        current = metrics.value(metric) if metric else None
        met = None
        if current is not None and target is not None:
            met = current <= target if metric in LOWER_IS_BETTER else current >= target
        goals.append(GoalView(goal.get("text", ""), metric, target, current, met))
    return NoteView(
        id=int(note.id or 0),
        period=note.period,
        author_user_id=note.author_user_id,
        text=note.text,
        goals=goals,
        call_ids=list(note.call_ids or []),
        created_at=note.created_at,
        acknowledged_at=note.acknowledged_at,
        agent_comment=note.agent_comment,
    )
