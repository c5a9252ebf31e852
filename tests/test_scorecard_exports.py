"""Scorecard exports: every format renders, including an agent with no calls, and carries no PHI."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, SQLModel, create_engine
from test_scorecards import populate

from qa_engine.scorecards import add_coaching_note, build_scorecard, build_team_view
from qa_engine.scorecards.export import FORMATS, render, team_view_csv, team_view_json


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    engine = create_engine(f"sqlite:///{tmp_path_factory.mktemp('exports') / 'sc.db'}")
    SQLModel.metadata.create_all(engine)
    with Session(engine, expire_on_commit=False) as s:
        populate(s)
        add_coaching_note(
            s,
            "A1",
            "2026-10",
            "Escalate red flags at once (c2).",
            goals=[{"text": "t", "metric": "empathy", "target": 0.8}],
        )
        s.commit()
        yield s
    engine.dispose()


@pytest.mark.parametrize("agent", ["A1", "A4"])  # A4 has no calls at all
def test_every_format_renders(session: Session, agent: str) -> None:
    card = build_scorecard(session, agent, "2026-10")
    out = {fmt: render(card, fmt) for fmt in FORMATS}
    assert out["pdf"].startswith(b"%PDF-") and len(out["pdf"]) > 10_000
    assert json.loads(out["json"])["agent_id"] == agent
    rows = dict(csv.reader(io.StringIO(out["csv"].decode())))
    assert rows["agent_id"] == agent and rows["period"] == "2026-10"
    html = out["html"].decode()
    assert html.count("<svg") == 2 and card.agent_name in html
    if agent == "A4":
        assert rows["avg_total"] == "" and "No scored calls here for this period." in html
    else:
        assert "Escalate red flags at once (c2)." in html and "<td>not yet</td>" in html  # empathy 0.75 < 0.8
        assert "†" in html  # the human-reviewed call c3 is marked


def test_no_phi_in_exports(session: Session) -> None:
    card = build_scorecard(session, "A1", "2026-10")
    for fmt in ("html", "json", "csv"):
        # the export's own generation timestamp ("...T18:05:05.196170+00:00") may hold any digits: not evidence
        text = re.sub(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(\+00:00|Z)?", "<ts>", render(card, fmt).decode())
        # The stored evidence held a time, a date and an e-mail address: none survives.
        for value in ("10:30", "03/14/1961", "1961", "x@y.org"):
            assert value not in text, (fmt, value)


def test_team_view_exports(session: Session) -> None:
    view = build_team_view(session, "org1", "2026-10")
    rows = list(csv.DictReader(io.StringIO(team_view_csv(view))))
    assert [r["agent_id"] for r in rows] == ["A3", "A1", "A2", "B1", "A4", "ALL"]
    assert rows[-1]["calls_scored"] == "9" and rows[0]["rank"] == "1" and rows[4]["rank"] == ""
    data = json.loads(team_view_json(view))
    assert set(data["by_team"]) == {"blue", "red"} and data["team"] is None


def test_render_rejects_unknown_format(session: Session, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown format"):
        render(build_scorecard(session, "A1", "2026-10"), "docx")
