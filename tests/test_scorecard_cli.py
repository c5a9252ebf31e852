"""``qa-engine scorecard`` through typer's CliRunner on a real SQLite home (figures: test_scorecards.py)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sqlmodel import Session, SQLModel
from test_scorecards import populate
from typer.testing import CliRunner

import qa_engine.scorecards  # noqa: F401  (registers the coaching table)
from qa_engine.cli.scorecard import scorecard_app

runner = CliRunner()


@pytest.fixture
def home(qa_home: Path) -> Path:
    from qa_engine.db import get_engine

    engine = get_engine()
    SQLModel.metadata.create_all(engine)
    with Session(engine, expire_on_commit=False) as session:
        populate(session)
    return qa_home


def test_scorecard_formats(home: Path, tmp_path: Path) -> None:
    result = runner.invoke(scorecard_app, ["--agent", "A1", "--period", "2026-10", "--format", "json"])
    assert result.exit_code == 0, result.output
    card = json.loads(result.stdout)
    assert card["metrics"]["avg_total"] == 71.25 and card["metrics"]["overridden_calls"] == 1
    assert card["period"]["label"] == "2026-10" and len(card["trend"]) == 6

    result = runner.invoke(scorecard_app, ["--agent", "A1", "--period", "2026-W43", "--format", "csv"])
    rows = dict(csv.reader(io.StringIO(result.stdout)))
    assert result.exit_code == 0 and rows["calls_scored"] == "1" and rows["avg_total"] == "75.0"

    pdf = tmp_path / "out" / "a1.pdf"
    result = runner.invoke(
        scorecard_app, ["--agent", "A1", "--period", "2026-10", "--format", "pdf", "--out", str(pdf)]
    )
    assert result.exit_code == 0, result.output
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") >= 1

    html = tmp_path / "a1.html"
    result = runner.invoke(
        scorecard_app, ["--agent", "A1", "--period", "2026-10", "--format", "html", "--out", str(html)]
    )
    page = html.read_text()
    assert result.exit_code == 0 and "Alice Able" in page and "<svg" in page
    assert "I have chest pain since # on #" in page and "10:30" not in page  # evidence scrubbed of digits


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--agent", "A1", "--period", "October"], "bad period"),
        (["--agent", "nobody", "--period", "2026-10"], "no agent"),
        (["--agent", "A1", "--period", "2026-10", "--format", "docx"], "unknown format"),
        (["--period", "2026-10"], "--agent"),
    ],
)
def test_bad_input_exits_2_with_one_line(home: Path, args: list[str], message: str) -> None:
    result = runner.invoke(scorecard_app, args)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_team_view_and_coaching_commands(home: Path) -> None:
    result = runner.invoke(
        scorecard_app, ["team", "--org", "org1", "--team", "red", "--period", "2026-10", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["agent_id"] for r in rows] == ["A3", "A1", "A2", "A4", "ALL"]
    assert rows[-1]["avg_total"] == "75.625"
    result = runner.invoke(scorecard_app, ["team", "--org", "org1", "--period", "2026-10"])
    assert result.exit_code == 0 and "B1" in result.stdout

    result = runner.invoke(
        scorecard_app,
        [
            "note",
            "--agent",
            "A1",
            "--period",
            "2026-10",
            "--text",
            "Escalate chest pain at once (c2).",
            "--goal",
            "escalation=1:Escalate every red flag",
            "--goal",
            "Use the caller's name",
            "--call",
            "c2",
        ],
    )
    assert result.exit_code == 0, result.output
    assert runner.invoke(scorecard_app, ["ack", "1", "--agent", "A2"]).exit_code == 2
    result = runner.invoke(scorecard_app, ["ack", "1", "--agent", "A1", "--comment", "Will do"])
    assert result.exit_code == 0 and "acknowledged at" in result.stdout

    card = json.loads(runner.invoke(scorecard_app, ["--agent", "A1", "--period", "2026-10"]).stdout)
    [note] = card["notes"]
    assert note["call_ids"] == ["c2"] and note["agent_comment"] == "Will do" and note["acknowledged_at"]
    assert note["goals"][0] == {
        "text": "Escalate every red flag",
        "metric": "escalation",
        "target": 1.0,
        "current": 0.0,
        "met": False,
    }
    bad_goal = ["note", "--agent", "A1", "--period", "2026-10", "--text", "x", "--goal", "charm=1:smile"]
    assert runner.invoke(scorecard_app, bad_goal).exit_code == 2
