"""``qa-engine scorecard``: agent scorecards, team views and coaching notes from the command line.

    qa-engine scorecard --agent ID --period 2026-10 --format pdf|html|csv|json [--out FILE]
    qa-engine scorecard team --org ORG [--team T] --period 2026-Q4 [--format table|csv|json]
    qa-engine scorecard note --agent ID --period 2026-10 --text "..." [--goal empathy=0.9:Acknowledge feelings]
    qa-engine scorecard ack NOTE_ID --agent ID [--comment "..."]

Exit codes: 0 done, 2 bad usage or input (one clear line, no traceback).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from qa_engine.cli.common import err, fail
from qa_engine.cli.common import out as console

scorecard_app = typer.Typer(
    add_completion=False,
    invoke_without_command=True,
    help="Agent scorecards (PDF, HTML, CSV, JSON), team and organization views, coaching notes.",
)
_GOAL = re.compile(r"^(?P<metric>[a-z_]+)=(?P<target>[0-9]*\.?[0-9]+)(?::(?P<text>.*))?$")



@contextmanager
def _problems() -> Iterator[None]:
    """Known problems become one line and exit 2; the database not being set up is named as such."""
    from sqlalchemy.exc import OperationalError, ProgrammingError

    try:
        yield
    except (LookupError, ValueError, PermissionError) as exc:
        fail(str(exc))
    except (OperationalError, ProgrammingError) as exc:
        if "coaching_note" in str(exc) or "no such table" in str(exc) or "does not exist" in str(exc):
            fail("the database has no scorecard tables yet: run `qa-engine init` or `qa-engine db upgrade`")
        raise


def _write(data: bytes, out: Path | None, default_name: str | None) -> None:
    target = out or (Path(default_name) if default_name else None)
    if target is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    err.print(f"wrote {target}", highlight=False)


@scorecard_app.callback()
def scorecard(
    ctx: typer.Context,
    agent: Annotated[str | None, typer.Option("--agent", help="Agent id.")] = None,
    period: Annotated[
        str | None, typer.Option(help="2026-W43 (week), 2026-10 (month), 2026-Q4 (quarter), 2026-10-01..2026-10-15.")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="pdf, html, csv or json.")] = "json",
    out: Annotated[Path | None, typer.Option(help="Write here (pdf default: scorecard-AGENT-PERIOD.pdf).")] = None,
    call_type: Annotated[str | None, typer.Option(help="Only calls of this type.")] = None,
    trend: Annotated[int, typer.Option(min=0, max=24, help="Earlier periods in the trend.")] = 5,
    top: Annotated[int, typer.Option(min=0, max=20, help="Best and worst calls listed.")] = 3,
) -> None:
    """One agent's scorecard for one period."""
    if ctx.invoked_subcommand is not None:
        return
    if agent is None or period is None:
        fail("give --agent ID and --period (e.g. --period 2026-10), or a subcommand: team, note, ack")
    from qa_engine.db import session_scope
    from qa_engine.scorecards import build_scorecard
    from qa_engine.scorecards.export import FORMATS, render

    fmt = fmt.lower()
    if fmt not in FORMATS:
        fail(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    with _problems(), session_scope() as session:
        card = build_scorecard(session, agent, period, call_type=call_type, trend_periods=trend, top=top)
    data = render(card, fmt)
    safe_label = card.period.label.replace("..", "_")
    _write(data, out, f"scorecard-{card.agent_id}-{safe_label}.pdf" if fmt == "pdf" else None)


@scorecard_app.command("team")
def team_command(
    org: Annotated[str, typer.Option(help="Organization id.")],
    period: Annotated[str, typer.Option(help="2026-W43, 2026-10, 2026-Q4 or 2026-10-01..2026-10-15.")],
    team: Annotated[str | None, typer.Option(help="A coach's team; without it, the whole organization.")] = None,
    call_type: Annotated[str | None, typer.Option(help="Only calls of this type.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
    out: Annotated[Path | None, typer.Option(help="Write here instead of standard output.")] = None,
) -> None:
    """A team's (or the organization's) scorecard: one row per agent, by call type, by team."""
    from qa_engine.db import session_scope
    from qa_engine.scorecards import build_team_view
    from qa_engine.scorecards.export import fmt_pct, fmt_score, team_view_csv, team_view_json

    if fmt not in ("table", "csv", "json"):
        fail(f"unknown format {fmt!r}: use table, csv or json")
    with _problems(), session_scope() as session:
        view = build_team_view(session, org, period, team=team, call_type=call_type)
    if fmt == "csv":
        _write(team_view_csv(view).encode(), out, None)
        return
    if fmt == "json":
        _write(team_view_json(view).encode(), out, None)
        return
    title = f"{'Team ' + team if team else 'Organization ' + org} · {view.period.label}"
    table = Table(title=title)
    for column in (
        "rank",
        "agent",
        "name",
        "calls",
        "avg score",
        "auto-fails",
        "verification",
        "empathy",
        "info accuracy",
        "script",
        "escalation",
    ):
        table.add_column(column, justify="left" if column in ("agent", "name") else "right")
    for row in [*view.agents, None]:
        m = view.totals if row is None else row.metrics
        rates = m.pass_rates
        table.add_row(
            "" if row is None or row.rank is None else str(row.rank),
            "ALL" if row is None else row.agent_id,
            "(total)" if row is None else row.name,
            str(m.calls_scored),
            fmt_score(m.avg_total),
            str(m.auto_fails),
            *(
                fmt_pct(rates.get(k))
                for k in (
                    "verification_compliance",
                    "empathy",
                    "information_accuracy",
                    "script_adherence",
                    "escalation",
                )
            ),
        )
    console.print(table)


@scorecard_app.command("note")
def note_command(
    agent: Annotated[str, typer.Option("--agent", help="Agent id.")],
    period: Annotated[str, typer.Option(help="The scorecard's period, e.g. 2026-10.")],
    text: Annotated[str, typer.Option(help="The note (no PHI: refer to calls by id).")],
    goal: Annotated[
        list[str] | None,
        typer.Option(help="A goal: free text, or FIGURE=TARGET:text, e.g. verification_compliance=0.95:Verify first."),
    ] = None,
    call: Annotated[list[str] | None, typer.Option(help="A call id the note discusses (repeatable).")] = None,
    author: Annotated[int | None, typer.Option(help="The coach's user id.")] = None,
) -> None:
    """Attach a coaching note with goals to an agent's scorecard."""
    from qa_engine.db import session_scope
    from qa_engine.scorecards import add_coaching_note

    goals = []
    for item in goal or []:
        m = _GOAL.match(item.strip())
        if m:
            goals.append({"metric": m["metric"], "target": float(m["target"]), "text": (m["text"] or "").strip()})
        else:
            goals.append({"text": item})
    with _problems(), session_scope() as session:
        note = add_coaching_note(session, agent, period, text, goals=goals, author_user_id=author, call_ids=call)
        note_id = note.id
    console.print(f"coaching note {note_id} added to the {period} scorecard of agent {agent}", highlight=False)


@scorecard_app.command("ack")
def ack_command(
    note_id: Annotated[int, typer.Argument(help="The coaching note's id.")],
    agent: Annotated[str, typer.Option("--agent", help="The agent acknowledging it.")],
    comment: Annotated[str | None, typer.Option(help="The agent's reply.")] = None,
    user: Annotated[int | None, typer.Option(help="The agent's user id, if they have one.")] = None,
) -> None:
    """The agent acknowledges a coaching note (the first acknowledgement stands)."""
    from qa_engine.db import session_scope
    from qa_engine.scorecards import acknowledge

    with _problems(), session_scope() as session:
        note = acknowledge(session, note_id, agent_id=agent, user_id=user, comment=comment)
        stamp = note.acknowledged_at
    console.print(f"coaching note {note_id} acknowledged at {stamp:%Y-%m-%d %H:%M:%S} UTC", highlight=False)
