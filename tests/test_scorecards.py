"""Scorecards against a hand-computed case, on SQLite and PostgreSQL.

Agent A1 (team red), October 2026 (period 2026-10), scored calls c1, c2, c3, c5 (c4 abandoned and
unscored, c6 starts 2026-11-01 00:00 so belongs to November):
  totals standing 90, 40, 75 (machine 60, human 75), 80 -> avg 285/4 = 71.25; machine avg 270/4 = 67.5;
  auto-fails 1 (rate 0.25); overridden calls 1.
  identity_verification points 20, 10, 20 (human), 20 -> 17.5 (87.5 %); passed T, F, T (human), T -> 0.75
  empathy 18, 10, 15, 20 -> 15.75; 3/4      data_accuracy 20, 10, 10, 20 -> 15.0; 2/4 = 0.5
  script_adherence 17, 10, 10, 10 -> 11.75; 2/4        escalation 15, 0, 10, 10 -> 8.75; n/a x3 -> 0/1
KPIs over c1..c5: 5 calls; surveys 5, 2 -> 3.5; kept c1, c3 / no-show c2 -> 2/3; abandoned c4 -> 1/5;
  queue 30, 90, 60, 120 -> 75; handle 300, 200 (metadata wins over duration 999), 240 (duration),
  c4 abandoned excluded, c5 nothing -> 740/3.
Trend (5 earlier months): 2026-05 none, 06 none, 07 100 (c9), 08 none, 09 (50+70)/2 = 60, 10 71.25.
Team red in October: A1 71.25, A2 (80+60)/2 = 70, A3 (95+85)/2 = 90 (e2 has no start: scored 10-05),
  A4 no calls -> PERCENT_RANK of A1 = 1/2 -> percentile 50, rank 2 of 3.
Team view red: 8 calls, 605/8 = 75.625; scheduling 90, 75, 80, 80, 85 -> 82; triage 40, 60, 95 -> 65.
Organization org1: + B1 (blue) 20 -> 9 calls, 625/9; org2's agent Z1 never counted.
Week 2026-W43 (Oct 19-25): c3 only -> 75. Quarter 2026-Q4: c1, c2, c3, c5, c6 -> 295/5 = 59.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, SQLModel, create_engine

from models.calls import Agent, Call, Organization
from models.coaching import CoachingNote
from models.scoring import CriterionScore, Score
from qa_engine.scorecards import (
    acknowledge,
    add_coaching_note,
    build_scorecard,
    build_team_view,
    parse_period,
    scrub_quote,
)

KINDS = ("identity_verification", "empathy", "data_accuracy", "script_adherence", "escalation")

# call id, agent, call type, started_at, machine total, human total, auto-failed, metadata, duration,
# criteria as (score, passed, human_score, human_passed) in KINDS order (None: no criterion rows).
CALLS: list[tuple[Any, ...]] = [
    (
        "c1",
        "A1",
        "scheduling",
        datetime(2026, 10, 2, 10, tzinfo=UTC),
        90,
        None,
        False,
        {"survey_score": 5, "outcome": "kept", "queue_seconds": 30, "handle_seconds": 300},
        999.0,
        [
            (20, True, None, None),
            (18, True, None, None),
            (20, True, None, None),
            (17, True, None, None),
            (15, None, None, None),
        ],
    ),
    (
        "c2",
        "A1",
        "triage",
        datetime(2026, 10, 15, 9, tzinfo=UTC),
        40,
        None,
        True,
        {"survey_score": 2, "outcome": "no_show", "queue_seconds": 90, "handle_seconds": 200},
        999.0,
        [
            (10, False, None, None),
            (10, False, None, None),
            (10, False, None, None),
            (10, True, None, None),
            (0, False, None, None),
        ],
    ),
    (
        "c3",
        "A1",
        "scheduling",
        datetime(2026, 10, 20, 14, tzinfo=UTC),
        60,
        75,
        False,
        {"outcome": "kept", "queue_seconds": 60},
        240.0,
        [
            (15, False, 20, True),
            (15, True, None, None),
            (10, False, None, None),
            (10, False, None, None),
            (10, None, None, None),
        ],
    ),
    (
        "c5",
        "A1",
        "scheduling",
        datetime(2026, 10, 31, 23, 30, tzinfo=UTC),
        80,
        None,
        False,
        {},
        None,
        [
            (20, True, None, None),
            (20, True, None, None),
            (20, True, None, None),
            (10, False, None, None),
            (10, None, None, None),
        ],
    ),
    ("c6", "A1", "scheduling", datetime(2026, 11, 1, 0, 0, tzinfo=UTC), 10, None, False, {}, None, None),
    ("c7", "A1", "scheduling", datetime(2026, 9, 10, 8, tzinfo=UTC), 50, None, False, {}, None, None),
    ("c8", "A1", "scheduling", datetime(2026, 9, 30, 23, 59, tzinfo=UTC), 70, None, False, {}, None, None),
    ("c9", "A1", "scheduling", datetime(2026, 7, 4, 12, tzinfo=UTC), 100, None, False, {}, None, None),
    ("d1", "A2", "scheduling", datetime(2026, 10, 3, 9, tzinfo=UTC), 80, None, False, {}, None, None),
    ("d2", "A2", "triage", datetime(2026, 10, 4, 9, tzinfo=UTC), 50, 60, False, {}, None, None),
    ("e1", "A3", "triage", datetime(2026, 10, 6, 9, tzinfo=UTC), 95, None, False, {}, None, None),
    ("e2", "A3", "scheduling", None, 85, None, False, {}, None, None),  # no start: its score time counts
    ("f1", "B1", "scheduling", datetime(2026, 10, 7, 9, tzinfo=UTC), 20, None, False, {}, None, None),
]
# Scored at the start, except e2 (no start), scored on 2026-10-05.
E2_SCORED_AT = datetime(2026, 10, 5, 12, tzinfo=UTC)

EVIDENCE = {
    ("c2", "escalation"): [{"segment": 4, "start": 31.5, "quote": "I have chest pain since 10:30 on 03/14/1961"}],
    ("c2", "identity_verification"): [{"segment": 1, "start": 5.0, "quote": "what can I help you with"}],
    ("c1", "empathy"): [{"segment": 2, "start": 12.25, "quote": "I am so sorry to hear that, mail me at x@y.org"}],
}


def populate(session: Session) -> None:
    session.add(Organization(id="org1", name="Clinic One"))
    session.add(Organization(id="org2", name="Other Clinic"))
    session.flush()
    for agent_id, name, team in [
        ("A1", "Alice Able", "red"),
        ("A2", "Bob Baker", "red"),
        ("A3", "Cara Cole", "red"),
        ("A4", "Dee Dunn", "red"),  # no calls at all
        ("B1", "Dan Drew", "blue"),
    ]:
        session.add(Agent(id=agent_id, org_id="org1", name=name, team=team))
    session.add(Agent(id="Z1", org_id="org2", name="Zed", team="red"))
    session.flush()
    # Abandoned, unscored call: counts for the KPIs only.
    session.add(
        Call(
            id="c4",
            org_id="org1",
            agent_id="A1",
            call_type="scheduling",
            audio_sha256="c4",
            started_at=datetime(2026, 10, 21, 9, tzinfo=UTC),
            duration=120.0,
            call_metadata={"abandoned": True, "queue_seconds": 120},
        )
    )
    # Another organization's agent in a team of the same name: never mixed in.
    session.add(
        Call(
            id="z1",
            org_id="org2",
            agent_id="Z1",
            call_type="scheduling",
            audio_sha256="z1",
            started_at=datetime(2026, 10, 9, 9, tzinfo=UTC),
            call_metadata={},
        )
    )
    session.flush()
    session.add(
        Score(
            call_id="z1",
            org_id="org2",
            agent_id="Z1",
            rubric_id="r",
            rubric_version=1,
            total=1,
            scored_at=datetime(2026, 10, 9, 10, tzinfo=UTC),
        )
    )
    for call_id, agent, call_type, started, total, human, failed, meta, duration, criteria in CALLS:
        session.add(
            Call(
                id=call_id,
                org_id="org1",
                agent_id=agent,
                call_type=call_type,
                audio_sha256=call_id,
                started_at=started,
                duration=duration,
                call_metadata=meta,
                status="scored",
            )
        )
        session.flush()
        scored_at = E2_SCORED_AT if started is None else started
        score = Score(
            call_id=call_id,
            org_id="org1",
            agent_id=agent,
            rubric_id="r",
            rubric_version=1,
            total=total,
            human_total=human,
            auto_failed=failed,
            flags=["auto_fail"] if failed else [],
            scored_at=scored_at,
        )
        session.add(score)
        session.flush()
        for kind, (points, passed, h_points, h_passed) in zip(KINDS, criteria or [], strict=False):
            session.add(
                CriterionScore(
                    score_id=score.id,
                    call_id=call_id,
                    criterion_id=kind,
                    kind=kind,
                    score=points,
                    max=20,
                    passed=passed,
                    human_score=h_points,
                    human_passed=h_passed,
                    evidence=EVIDENCE.get((call_id, kind), []),
                )
            )
    session.commit()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def session(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Session]:
    url = f"sqlite:///{tmp_path / 'sc.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    engine = create_engine(url)
    SQLModel.metadata.create_all(engine)
    with Session(engine, expire_on_commit=False) as s:
        populate(s)
        yield s
    engine.dispose()


def test_periods_parse_and_shift() -> None:
    week = parse_period("2026-W43")
    assert (week.start, week.end) == (datetime(2026, 10, 19, tzinfo=UTC), datetime(2026, 10, 26, tzinfo=UTC))
    assert week.shift(-43).label == "2025-W52"
    month = parse_period("2026-10")
    assert [p.label for p in month.previous(3)] == ["2026-07", "2026-08", "2026-09"]
    assert parse_period("2026-01").shift(-1).label == "2025-12"
    quarter = parse_period("2026-Q4")
    assert (quarter.start, quarter.end) == (datetime(2026, 10, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))
    assert quarter.shift(-4).label == "2025-Q4"
    custom = parse_period("2026-10-01..2026-10-15")
    assert custom.end - custom.start == timedelta(days=15)
    assert custom.shift(-1).label == "2026-09-16..2026-09-30"
    for bad in ("2026-13", "2026-W54", "2026-Q5", "2026-10-15..2026-10-01", "October"):
        with pytest.raises(ValueError):
            parse_period(bad)


def test_agent_month_scorecard_matches_hand_computation(session: Session) -> None:
    card = build_scorecard(session, "A1", "2026-10", top=2)
    m = card.metrics
    assert (card.agent_name, card.team, card.period.label) == ("Alice Able", "red", "2026-10")
    assert m.calls_scored == 4
    assert m.avg_total == pytest.approx(71.25)
    assert m.avg_machine_total == pytest.approx(67.5)
    assert (m.min_total, m.max_total) == (40, 90)
    assert (m.auto_fails, m.auto_fail_rate, m.overridden_calls) == (1, 0.25, 1)

    iv = m.criteria["identity_verification"]
    assert (iv.results, iv.applicable, iv.passed, iv.overridden) == (4, 4, 3, 1)
    assert iv.avg_score == pytest.approx(17.5) and iv.avg_percent == pytest.approx(87.5)
    assert m.criteria["empathy"].avg_score == pytest.approx(15.75)
    assert m.criteria["script_adherence"].avg_percent == pytest.approx(58.75)
    esc = m.criteria["escalation"]
    assert (esc.applicable, esc.passed, esc.pass_rate) == (1, 0, 0.0)
    assert m.pass_rates == {
        "verification_compliance": 0.75,
        "empathy": 0.75,
        "information_accuracy": 0.5,
        "script_adherence": 0.5,
        "escalation": 0.0,
    }

    k = m.kpis
    assert (k.calls_handled, k.surveys) == (5, 2)
    assert k.patient_satisfaction == pytest.approx(3.5)
    assert (k.appointments_kept, k.appointments_no_show) == (2, 1)
    assert k.appointment_adherence == pytest.approx(2 / 3)
    assert (k.abandoned, k.abandonment_rate) == (1, pytest.approx(0.2))
    assert k.avg_queue_seconds == pytest.approx(75.0)
    assert k.avg_handle_seconds == pytest.approx(740 / 3)
    assert k.information_accuracy_rate == 0.5

    assert [p.period.label for p in card.trend] == ["2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"]
    assert [p.metrics.avg_total for p in card.trend] == [None, None, 100, None, pytest.approx(60), pytest.approx(71.25)]
    assert [p.metrics.calls_scored for p in card.trend] == [0, 0, 1, 0, 2, 4]
    assert card.trend[0].metrics.pass_rates["empathy"] is None

    assert (card.percentile, card.team_rank, card.team_agents) == (pytest.approx(50.0), 2, 3)

    assert [(c.call_id, c.total, c.overridden) for c in card.best_calls] == [("c1", 90, False), ("c5", 80, False)]
    assert [(c.call_id, c.total, c.machine_total, c.overridden) for c in card.worst_calls] == [
        ("c2", 40, 40, False),
        ("c3", 75, 60, True),
    ]
    worst = card.worst_calls[0]
    assert worst.auto_failed and worst.flags == ["auto_fail"]
    # Failed criteria's evidence first on a worst call, digits scrubbed, linked to the moment.
    assert [(e.kind, e.passed) for e in worst.evidence] == [("identity_verification", False), ("escalation", False)]
    assert worst.evidence[1].quote == "I have chest pain since # on #"
    assert worst.evidence[1].url == "/calls/c2#t=31.5"
    assert card.best_calls[0].evidence[0].quote == "I am so sorry to hear that, mail me at [EMAIL]"


def test_other_periods_call_type_and_empty_period(session: Session) -> None:
    week = build_scorecard(session, "A1", "2026-W43")
    assert (week.metrics.calls_scored, week.metrics.avg_total) == (1, 75)
    assert week.metrics.kpis.calls_handled == 2  # c3 and the abandoned c4
    assert [p.period.label for p in week.trend][-2:] == ["2026-W42", "2026-W43"]
    quarter = build_scorecard(session, "A1", "2026-Q4", trend_periods=1)
    assert quarter.metrics.avg_total == pytest.approx(59.0)
    assert quarter.trend[0].metrics.avg_total == pytest.approx(220 / 3)  # Q3: c7, c8, c9
    custom = build_scorecard(session, "A1", "2026-10-01..2026-10-15")
    assert (custom.metrics.calls_scored, custom.metrics.avg_total) == (2, 65)
    triage = build_scorecard(session, "A1", "2026-10", call_type="triage")
    assert (triage.metrics.calls_scored, triage.metrics.avg_total) == (1, 40)

    empty = build_scorecard(session, "A1", "2026-08")
    assert empty.metrics.calls_scored == 0 and empty.metrics.avg_total is None
    assert empty.metrics.kpis.calls_handled == 0 and empty.metrics.kpis.abandonment_rate is None
    assert empty.best_calls == [] and empty.worst_calls == []
    assert (empty.percentile, empty.team_rank, empty.team_agents) == (None, None, 0)
    nobody = build_scorecard(session, "A4", "2026-10")
    assert nobody.metrics.calls_scored == 0 and nobody.team_agents == 3 and nobody.percentile is None
    alone = build_scorecard(session, "B1", "2026-10")  # the only agent of team blue: no percentile
    assert (alone.percentile, alone.team_rank, alone.team_agents) == (None, 1, 1)
    with pytest.raises(LookupError):
        build_scorecard(session, "nobody", "2026-10")


def test_team_and_organization_views(session: Session) -> None:
    team = build_team_view(session, "org1", "2026-10", team="red")
    assert team.totals.calls_scored == 8 and team.totals.avg_total == pytest.approx(75.625)
    assert [(r.agent_id, r.rank) for r in team.agents] == [("A3", 1), ("A1", 2), ("A2", 3), ("A4", None)]
    assert team.agents[1].metrics.avg_total == pytest.approx(71.25)
    assert team.agents[3].metrics.calls_scored == 0
    assert {k: v.avg_total for k, v in team.by_call_type.items()} == {"scheduling": 82, "triage": 65}
    assert team.by_team == {}
    assert team.totals.kpis.calls_handled == 9  # 8 scored + the abandoned c4
    assert team.trend[-2].metrics.avg_total == pytest.approx(60)
    assert team.trend[-2].metrics.kpis.calls_handled == 0  # earlier periods: score figures only
    detailed = build_team_view(session, "org1", "2026-10", team="red", trend_detail=True)
    assert detailed.trend[-2].metrics.kpis.calls_handled == 2 and detailed.totals == team.totals

    org = build_team_view(session, "org1", "2026-10")
    assert org.totals.calls_scored == 9 and org.totals.avg_total == pytest.approx(625 / 9)
    assert {k: v.avg_total for k, v in org.by_team.items()} == {"blue": 20, "red": pytest.approx(75.625)}
    assert [r.agent_id for r in org.agents][-1] == "A4" and "Z1" not in [r.agent_id for r in org.agents]
    triage = build_team_view(session, "org1", "2026-10", call_type="triage")
    assert triage.totals.calls_scored == 3 and set(triage.by_call_type) == {"triage"}


def test_coaching_note_goals_and_acknowledgement(session: Session) -> None:
    note = add_coaching_note(
        session,
        "A1",
        "2026-10",
        "Great rapport on c1. Verify identity before anything else.",
        goals=[
            {"text": "Verify every caller", "metric": "verification_compliance", "target": 0.9},
            {"text": "Keep the average up", "metric": "avg_total", "target": 70},
            {"text": "Use the caller's name"},
        ],
        author_user_id=None,
        call_ids=["c1", "c2"],
    )
    session.commit()
    assert note.id is not None and note.acknowledged_at is None
    with pytest.raises(ValueError):
        add_coaching_note(session, "A1", "2026-10", "x", goals=[{"text": "t", "metric": "charm"}])
    with pytest.raises(PermissionError):
        acknowledge(session, note.id, agent_id="A2")
    first = acknowledge(session, note.id, agent_id="A1", comment="Understood")
    session.commit()
    stamp = first.acknowledged_at
    assert stamp is not None and first.agent_comment == "Understood"
    again = acknowledge(session, note.id, agent_id="A1", comment="changed my mind")
    assert again.acknowledged_at == stamp and again.agent_comment == "Understood"
    session.expire_all()
    stored = session.get(CoachingNote, note.id)
    assert stored is not None and stored.acknowledged_at == stamp and stored.created_at <= stamp

    card = build_scorecard(session, "A1", "2026-10")
    [view] = card.notes
    assert view.call_ids == ["c1", "c2"] and view.acknowledged_at == stamp
    assert [(g.current, g.met) for g in view.goals] == [(0.75, False), (pytest.approx(71.25), True), (None, None)]
    assert build_scorecard(session, "A1", "2026-09").notes == []
    plain = json.loads(json.dumps(card.to_dict()))
    assert plain["notes"][0]["goals"][0]["metric"] == "verification_compliance"
    assert plain["metrics"]["avg_total"] == 71.25


def test_scrub_quote_masks_digits_and_addresses() -> None:
    assert scrub_quote("call 555-123-4567 or a@b.co on 01/02/1990") == "call # or [EMAIL] on #"
    assert len(scrub_quote("word " * 100)) <= 180
