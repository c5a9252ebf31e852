"""Scorecard exports: JSON, CSV, HTML (Jinja2) and a PDF a coach can hand to an agent.

Charts are drawn server-side with matplotlib's Agg backend. Nothing here carries PHI: only call ids,
agent ids and names, scores, and evidence quotes from the redacted transcript (scrubbed again).
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from jinja2 import Environment, PackageLoader, select_autoescape  # noqa: E402
from matplotlib.backends.backend_pdf import PdfPages  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import FancyBboxPatch, Rectangle  # noqa: E402

from qa_engine.scorecards.core import KIND_LABELS, PASS_RATE_NAMES, CallRef, Metrics, Scorecard, TeamView  # noqa: E402

FORMATS = ("json", "csv", "html", "pdf")
NAVY = "#1f3a5f"
ACCENT = "#2f80ed"
GREEN, AMBER, RED = "#2e9e5b", "#e0a100", "#d64545"
GREY, LIGHT = "#6b7280", "#f3f5f8"
KPI_LABELS = {
    "patient_satisfaction": "Patient satisfaction (survey)",
    "appointment_adherence": "Appointment adherence",
    "abandonment_rate": "Abandonment rate",
    "avg_queue_seconds": "Average queue time",
    "avg_handle_seconds": "Average handle time",
    "information_accuracy_rate": "Information accuracy rate",
}


# ------------------------------------------------------------------------------------------ formatting


def fmt_score(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def fmt_pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def fmt_seconds(value: float | None) -> str:
    if value is None:
        return "–"
    minutes, seconds = divmod(round(value), 60)
    return f"{minutes}:{seconds:02d}" if minutes else f"{seconds}s"


def fmt_date(value: datetime | None) -> str:
    return "–" if value is None else value.strftime("%Y-%m-%d")


def kpi_text(metrics: Metrics, name: str) -> str:
    k = metrics.kpis
    value = getattr(k, name)
    if name == "patient_satisfaction":
        return "–" if value is None else f"{value:.2f} ({k.surveys} surveys)"
    if name == "appointment_adherence":
        total = k.appointments_kept + k.appointments_no_show
        return "–" if value is None else f"{fmt_pct(value)} ({k.appointments_kept}/{total} kept)"
    if name == "abandonment_rate":
        return "–" if value is None else f"{fmt_pct(value)} ({k.abandoned}/{k.calls_handled} calls)"
    if name.endswith("_seconds"):
        return fmt_seconds(value)
    return fmt_pct(value)


def rate_colour(rate: float | None) -> str:
    if rate is None:
        return GREY
    return GREEN if rate >= 0.9 else AMBER if rate >= 0.75 else RED


def _delta(card: Scorecard) -> float | None:
    earlier = [p.metrics.avg_total for p in card.trend[:-1] if p.metrics.avg_total is not None]
    if not earlier or card.metrics.avg_total is None:
        return None
    return card.metrics.avg_total - earlier[-1]


# ------------------------------------------------------------------------------------------ JSON, CSV


def scorecard_json(card: Scorecard) -> str:
    return json.dumps(card.to_dict(), indent=2, ensure_ascii=False)


def team_view_json(view: TeamView) -> str:
    return json.dumps(view.to_dict(), indent=2, ensure_ascii=False)


def _metric_rows(prefix: str, m: Metrics) -> Iterator[tuple[str, Any]]:
    for name in ("calls_scored", "avg_total", "avg_machine_total", "min_total", "max_total", "auto_fails"):
        yield f"{prefix}{name}", getattr(m, name)
    yield f"{prefix}auto_fail_rate", m.auto_fail_rate
    yield f"{prefix}overridden_calls", m.overridden_calls
    for kind, name in PASS_RATE_NAMES.items():
        stat = m.criteria.get(kind)
        yield f"{prefix}pass_rate.{name}", m.pass_rates.get(name)
        yield f"{prefix}avg_percent.{kind}", stat.avg_percent if stat else None
        yield f"{prefix}applicable.{kind}", stat.applicable if stat else 0
        yield f"{prefix}overridden.{kind}", stat.overridden if stat else 0
    for name, value in vars(m.kpis).items():
        yield f"{prefix}kpi.{name}", value


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float):
        return round(value, 4)
    return value


def scorecard_csv(card: Scorecard) -> str:
    """Long format, one figure a row (``metric,value``): readable in a spreadsheet and easy to diff."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["metric", "value"])
    head = [
        ("org_id", card.org_id),
        ("agent_id", card.agent_id),
        ("agent_name", card.agent_name),
        ("team", card.team),
        ("period", card.period.label),
        ("period_start", card.period.start.isoformat()),
        ("period_end_exclusive", card.period.end.isoformat()),
        ("call_type", card.call_type or "all"),
        ("percentile_in_team", card.percentile),
        ("team_rank", card.team_rank),
        ("team_agents", card.team_agents),
    ]
    for name, value in head:
        writer.writerow([name, _cell(value)])
    for name, value in _metric_rows("", card.metrics):
        writer.writerow([name, _cell(value)])
    for point in card.trend:
        writer.writerow([f"trend.{point.period.label}.calls_scored", point.metrics.calls_scored])
        writer.writerow([f"trend.{point.period.label}.avg_total", _cell(point.metrics.avg_total)])
    for label, calls in (("best", card.best_calls), ("worst", card.worst_calls)):
        for i, call in enumerate(calls, start=1):
            mark = " (human)" if call.overridden else ""
            writer.writerow([f"{label}_call.{i}", f"{call.call_id} {call.total:.1f}{mark}"])
    return out.getvalue()


def team_view_csv(view: TeamView) -> str:
    """One row per agent, then the totals."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    names = [name for name, _ in _metric_rows("", Metrics())]
    writer.writerow(["period", "team", "agent_id", "agent_name", "rank", *names])
    team = view.team or ""
    for row in view.agents:
        values = [_cell(v) for _, v in _metric_rows("", row.metrics)]
        writer.writerow([view.period.label, row.team or "", row.agent_id, row.name, _cell(row.rank), *values])
    totals = [_cell(v) for _, v in _metric_rows("", view.totals)]
    writer.writerow([view.period.label, team, "ALL", "(total)", "", *totals])
    return out.getvalue()


# ------------------------------------------------------------------------------------------- charts


def _style_axes(ax: Any) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color("#c7ccd4")
    ax.tick_params(colors="#374151", labelsize=8)
    ax.grid(axis="y", color="#e5e7eb", linewidth=0.8)
    ax.set_axisbelow(True)


def draw_trend(ax: Any, card: Scorecard) -> None:
    labels = [p.period.label for p in card.trend]
    values = [p.metrics.avg_total for p in card.trend]
    counts = [p.metrics.calls_scored for p in card.trend]
    xs = list(range(len(labels)))
    bars = ax.twinx()
    bars.bar(xs, counts, color="#dbe4f0", width=0.55, zorder=0)
    bars.set_ylim(0, max(counts + [1]) * 3.2)
    bars.set_yticks([])
    for side in ("top", "right", "left", "bottom"):
        bars.spines[side].set_visible(False)
    for x, n in zip(xs, counts, strict=True):
        bars.text(x, n, f"{n}", ha="center", va="bottom", fontsize=6.5, color=GREY)
    ax.set_zorder(bars.get_zorder() + 1)
    ax.patch.set_visible(False)
    # Periods with no calls leave a gap; the known points are still joined by a faint line.
    known = [(x, v) for x, v in zip(xs, values, strict=True) if v is not None]
    if known:
        kx, kv = zip(*known, strict=True)
        ax.plot(kx, kv, color=ACCENT, alpha=0.35, linewidth=1.2, linestyle="--")
        ax.plot(xs, [v if v is not None else float("nan") for v in values], color=ACCENT, linewidth=2.2)
        ax.scatter(kx, kv, color=ACCENT, s=28, zorder=3)
        ax.scatter([kx[-1]], [kv[-1]], color=NAVY, s=60, zorder=4) if xs[-1] == kx[-1] else None
        for x, v in known:
            ax.annotate(f"{v:.1f}", (x, v), textcoords="offset points", xytext=(0, 7), ha="center", fontsize=7.5)
    ax.set_xticks(xs, labels)
    ax.set_ylim(0, 108)
    ax.set_xlim(-0.6, len(xs) - 0.4)
    ax.set_ylabel("Average score", fontsize=8, color="#374151")
    _style_axes(ax)


def draw_criteria(ax: Any, metrics: Metrics) -> None:
    kinds = list(PASS_RATE_NAMES)
    labels = [KIND_LABELS[k] for k in kinds]
    rates = [metrics.criteria[k].pass_rate if k in metrics.criteria else None for k in kinds]
    ys = list(range(len(kinds)))[::-1]
    ax.barh(ys, [100.0] * len(ys), color=LIGHT, height=0.58)
    ax.barh(ys, [100 * (r or 0) for r in rates], color=[rate_colour(r) for r in rates], height=0.58)
    for y, kind, rate in zip(ys, kinds, rates, strict=True):
        stat = metrics.criteria.get(kind)
        text = "n/a" if rate is None else f"{100 * rate:.0f}%  ({stat.passed}/{stat.applicable})"
        ax.text(101.5, y, text, va="center", fontsize=7.5, color="#111827")
    ax.set_yticks(ys, labels)
    ax.set_xlim(0, 125)
    ax.set_xticks([0, 25, 50, 75, 90, 100], ["0", "25", "50", "75", "90", "100%"])
    ax.axvline(90, color=GREY, linewidth=0.8, linestyle=":")
    _style_axes(ax)
    ax.grid(False)
    ax.tick_params(axis="y", length=0, labelsize=8)


def chart_svg(kind: str, card: Scorecard) -> str:
    """A chart as inline SVG (text kept as text) for the HTML export."""
    with plt.rc_context({"svg.fonttype": "none", "font.family": "DejaVu Sans"}):
        fig = Figure(figsize=(7.2, 2.6) if kind == "trend" else (7.2, 2.3))
        ax = fig.add_subplot()
        draw_trend(ax, card) if kind == "trend" else draw_criteria(ax, card.metrics)
        fig.tight_layout()
        out = io.StringIO()
        fig.savefig(out, format="svg")
    svg = out.getvalue()
    return svg[svg.index("<svg") :]


# --------------------------------------------------------------------------------------------- HTML

_ENV = Environment(
    loader=PackageLoader("qa_engine", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENV.filters.update(score=fmt_score, pct=fmt_pct, seconds=fmt_seconds, day=fmt_date, colour=rate_colour)


def scorecard_html(card: Scorecard) -> str:
    return _ENV.get_template("scorecard.html").render(
        card=card,
        m=card.metrics,
        delta=_delta(card),
        kinds=[(k, KIND_LABELS[k], card.metrics.criteria.get(k)) for k in PASS_RATE_NAMES],
        kpis=[(label, kpi_text(card.metrics, name)) for name, label in KPI_LABELS.items()],
        trend_svg=chart_svg("trend", card),
        criteria_svg=chart_svg("criteria", card),
    )


# ---------------------------------------------------------------------------------------------- PDF

A4 = (8.27, 11.69)
MARGIN = 0.06  # of the page width
LINE = 0.0165  # one 8.5 pt text line, as a fraction of the page height


class _Pages:
    """A4 pages in figure coordinates with a cursor running down the page."""

    def __init__(self, pdf: PdfPages, card: Scorecard) -> None:
        self.pdf, self.card, self.number = pdf, card, 0
        self.fig: Figure | None = None
        self.y = 1.0

    def new(self, title: str) -> Figure:
        self.close()
        self.number += 1
        self.fig = plt.figure(figsize=A4)
        fig, card = self.fig, self.card
        fig.patches.append(Rectangle((0, 0.93), 1, 0.07, transform=fig.transFigure, color=NAVY, zorder=0))
        fig.text(MARGIN, 0.965, title, color="white", fontsize=17, fontweight="bold", va="center")
        fig.text(MARGIN, 0.943, "QA Engine · coaching scorecard", color="#c9d6ea", fontsize=8.5, va="center")
        end = card.period.last_day.isoformat()
        fig.text(
            1 - MARGIN, 0.968, card.period.label, color="white", fontsize=15, ha="right", va="center", fontweight="bold"
        )
        fig.text(
            1 - MARGIN,
            0.943,
            f"{card.period.start.date().isoformat()} to {end}",
            color="#c9d6ea",
            fontsize=8.5,
            ha="right",
            va="center",
        )
        fig.text(
            MARGIN,
            0.018,
            "Contains no PHI: call ids, agent names, scores and redacted evidence only.  "
            "† = a human reviewer's score stands.",
            fontsize=6.5,
            color=GREY,
        )
        fig.text(
            1 - MARGIN,
            0.018,
            f"Generated {card.generated_at:%Y-%m-%d %H:%M} UTC · page {self.number}",
            fontsize=6.5,
            color=GREY,
            ha="right",
        )
        self.y = 0.915
        return fig

    def close(self) -> None:
        if self.fig is not None:
            self.pdf.savefig(self.fig)
            plt.close(self.fig)
            self.fig = None

    def need(self, height: float, title: str) -> Figure:
        if self.fig is None or self.y - height < 0.045:
            return self.new(title)
        return self.fig

    def heading(self, text: str, cont: str, note: str = "") -> None:
        fig = self.need(0.06, cont)
        self.y -= 0.012
        fig.text(MARGIN, self.y, text, fontsize=11.5, fontweight="bold", color=NAVY, va="top")
        if note:
            fig.text(1 - MARGIN, self.y - 0.004, note, fontsize=7, color=GREY, va="top", ha="right")
        self.y -= 0.022
        fig.add_artist(plt.Line2D([MARGIN, 1 - MARGIN], [self.y + 0.004] * 2, color="#d1d5db", linewidth=0.8))
        self.y -= 0.006

    def line(
        self,
        text: str,
        cont: str,
        *,
        size: float = 8.5,
        colour: str = "#111827",
        indent: float = 0.0,
        bold: bool = False,
        width: int = 110,
    ) -> None:
        for part in textwrap.wrap(text, width=width) or [""]:
            fig = self.need(LINE, cont)
            fig.text(
                MARGIN + indent,
                self.y,
                part,
                fontsize=size,
                color=colour,
                va="top",
                fontweight="bold" if bold else "normal",
            )
            self.y -= LINE * size / 8.5


def _tile(
    fig: Figure, x: float, y: float, w: float, h: float, value: str, caption: str, note: str = "", colour: str = NAVY
) -> None:
    fig.patches.append(
        FancyBboxPatch(
            (x, y),
            w,
            h,
            boxstyle="round,pad=0.004,rounding_size=0.008",
            transform=fig.transFigure,
            facecolor=LIGHT,
            edgecolor="#e5e7eb",
        )
    )
    fig.text(x + w / 2, y + h * 0.62, value, ha="center", va="center", fontsize=17, fontweight="bold", color=colour)
    fig.text(x + w / 2, y + h * 0.27, caption, ha="center", va="center", fontsize=7.5, color="#374151")
    if note:
        fig.text(x + w / 2, y + h * 0.1, note, ha="center", va="center", fontsize=6.5, color=GREY)


def _table(
    pages: _Pages,
    header: list[str],
    rows: list[list[str]],
    cols: list[float],
    cont: str,
    aligns: list[str] | None = None,
) -> None:
    aligns = aligns or ["left"] + ["right"] * (len(header) - 1)
    row_h = 0.017
    fig = pages.need(row_h * (len(rows) + 1), cont)
    x0 = MARGIN
    edges = [x0 + sum(cols[:i]) for i in range(len(cols) + 1)]

    def put(y: float, cells: list[str], bold: bool, colour: str) -> None:
        for i, text in enumerate(cells):
            left = aligns[i] == "left"
            x = edges[i] + 0.006 if left else edges[i + 1] - 0.006
            fig.text(
                x,
                y - row_h / 2,
                text,
                fontsize=8,
                va="center",
                ha="left" if left else "right",
                fontweight="bold" if bold else "normal",
                color=colour,
            )

    fig.patches.append(
        Rectangle((x0, pages.y - row_h), edges[-1] - x0, row_h, transform=fig.transFigure, color="#e8eef7")
    )
    put(pages.y, header, True, NAVY)
    pages.y -= row_h
    for n, cells in enumerate(rows):
        if n % 2:
            fig.patches.append(
                Rectangle((x0, pages.y - row_h), edges[-1] - x0, row_h, transform=fig.transFigure, color="#fafbfc")
            )
        put(pages.y, cells, False, "#111827")
        pages.y -= row_h
    fig.add_artist(plt.Line2D([x0, edges[-1]], [pages.y] * 2, color="#d1d5db", linewidth=0.8))
    pages.y -= 0.008


def _call_block(pages: _Pages, call: CallRef, cont: str) -> None:
    mark = "†" if call.overridden else ""
    machine = f" (machine {call.machine_total:.1f})" if call.overridden else ""
    flags = f" · flags: {', '.join(call.flags)}" if call.flags else ""
    pages.line(
        f"Call {call.call_id}  ·  {call.call_type}  ·  {fmt_date(call.started_at)}  ·  score "
        f"{call.total:.1f}{mark}{machine}{' · AUTO-FAIL' if call.auto_failed else ''}{flags}",
        cont,
        bold=True,
        indent=0.01,
    )
    if not call.evidence:
        pages.line("No evidence quotes stored for this call.", cont, colour=GREY, indent=0.03, size=8)
    for ev in call.evidence:
        verdict = "n/a" if ev.passed is None else "met" if ev.passed else "missed"
        at = "" if ev.start is None else f" at {ev.start:.1f}s"
        pages.line(
            f"{KIND_LABELS.get(ev.kind, ev.kind)} ({verdict}{', reviewed' if ev.overridden else ''}){at}: “{ev.quote}”",
            cont,
            indent=0.03,
            size=8,
            colour="#374151",
            width=118,
        )
    pages.y -= 0.005


def scorecard_pdf(card: Scorecard) -> bytes:
    out = io.BytesIO()
    metadata = {"Title": f"Scorecard {card.agent_id} {card.period.label}", "Creator": "QA Engine"}
    with plt.rc_context({"font.family": "DejaVu Sans", "pdf.fonttype": 42}), PdfPages(out, metadata=metadata) as pdf:
        pages = _Pages(pdf, card)
        fig = pages.new("Agent scorecard")
        m = card.metrics
        team = f"Team {card.team}" if card.team else "No team"
        fig.text(
            MARGIN, 0.905, card.agent_name or card.agent_id, fontsize=14, fontweight="bold", va="top", color="#111827"
        )
        scope = f"call type {card.call_type}" if card.call_type else "all call types"
        fig.text(
            MARGIN,
            0.882,
            f"Agent {card.agent_id}  ·  {team}  ·  organization {card.org_id}  ·  {scope}",
            fontsize=8.5,
            color=GREY,
            va="top",
        )

        delta = _delta(card)
        tiles = [
            (str(m.calls_scored), "Calls scored", f"{m.kpis.calls_handled} calls handled", NAVY),
            (fmt_score(m.avg_total), "Average score", "" if delta is None else f"{delta:+.1f} vs previous", ACCENT),
            (
                str(m.auto_fails),
                "Auto-fails",
                fmt_pct(m.auto_fail_rate) + " of calls" if m.calls_scored else "",
                RED if m.auto_fails else GREEN,
            ),
            (
                "–" if card.percentile is None else f"{card.percentile:.0f}",
                "Team percentile",
                "" if card.team_rank is None else f"rank {card.team_rank} of {card.team_agents}",
                NAVY,
            ),
            (str(m.overridden_calls), "Human-reviewed", "scores that stand", GREY),
        ]
        w, gap = (1 - 2 * MARGIN - 4 * 0.015) / 5, 0.015
        for i, (value, caption, note, colour) in enumerate(tiles):
            _tile(fig, MARGIN + i * (w + gap), 0.775, w, 0.085, value, caption, note, colour)

        pages.y = 0.76
        unit = {"week": "week", "month": "month", "quarter": "quarter"}.get(card.period.kind, "period")
        pages.heading(
            f"Trend: average score per {unit}",
            "Agent scorecard",
            note="Bars: calls scored. A gap: no scored calls that period.",
        )
        height = 0.18
        draw_trend(fig.add_axes((MARGIN + 0.06, pages.y - height + 0.025, 1 - 2 * MARGIN - 0.08, height - 0.03)), card)
        pages.y -= height
        pages.heading("Criteria: pass rate (human overrides stand)", "Agent scorecard", note="Dotted line: 90% target.")
        height = 0.13
        draw_criteria(fig.add_axes((MARGIN + 0.19, pages.y - height + 0.022, 1 - 2 * MARGIN - 0.2, height - 0.025)), m)
        pages.y -= height
        rows = []
        for kind, label in KIND_LABELS.items():
            stat = m.criteria.get(kind)
            rows.append(
                [
                    label,
                    "–" if stat is None or stat.avg_percent is None else f"{stat.avg_percent:.1f}%",
                    fmt_pct(stat.pass_rate if stat else None),
                    "0" if stat is None else str(stat.applicable),
                    "0" if stat is None else str(stat.overridden),
                ]
            )
        _table(
            pages,
            ["Criterion", "Avg points", "Pass rate", "Applicable", "Overridden"],
            rows,
            [0.36, 0.13, 0.13, 0.13, 0.13],
            "Agent scorecard",
        )
        pages.heading("Service KPIs", "Agent scorecard", note="From the platform's call metadata, all calls.")
        kpi_rows = [[label, kpi_text(m, name)] for name, label in KPI_LABELS.items()]
        _table(pages, ["KPI", "Value"], kpi_rows, [0.5, 0.38], "Agent scorecard")

        cont = "Agent scorecard (continued)"
        pages.new(cont)
        pages.heading("What to praise: best calls", cont)
        for call in card.best_calls or []:
            _call_block(pages, call, cont)
        if not card.best_calls:
            pages.line("No scored calls in this period.", cont, colour=GREY)
        pages.heading("What to work on: lowest-scoring calls", cont)
        for call in card.worst_calls:
            _call_block(pages, call, cont)
        if not card.worst_calls:
            pages.line("No other scored calls in this period.", cont, colour=GREY)
        pages.heading("Coaching notes and goals", cont)
        if not card.notes:
            pages.line("No coaching notes for this period yet.", cont, colour=GREY)
        for note in card.notes:
            author = f"coach #{note.author_user_id}" if note.author_user_id is not None else "coach"
            pages.line(f"Note {note.id} · {author} · {note.created_at:%Y-%m-%d %H:%M} UTC", cont, bold=True)
            for para in note.text.splitlines():
                pages.line(para, cont, indent=0.01)
            if note.call_ids:
                pages.line(f"Calls discussed: {', '.join(note.call_ids)}", cont, indent=0.01, colour=GREY)
            if note.goals:
                goal_rows = []
                for g in note.goals:
                    is_rate = g.metric is not None and (
                        g.metric.endswith("_rate")
                        or g.metric in PASS_RATE_NAMES.values()
                        or g.metric == "appointment_adherence"
                    )
                    show = fmt_pct if is_rate else fmt_score
                    status = "–" if g.met is None else "met" if g.met else "not yet"
                    goal_rows.append(
                        [
                            textwrap.shorten(g.text or g.metric or "", 48),
                            g.metric or "–",
                            show(g.target),
                            show(g.current),
                            status,
                        ]
                    )
                pages.y -= 0.004
                _table(
                    pages, ["Goal", "Figure", "Target", "Now", "Status"], goal_rows, [0.38, 0.2, 0.1, 0.1, 0.1], cont
                )
            if note.acknowledged_at is not None:
                comment = f" — “{note.agent_comment}”" if note.agent_comment else ""
                pages.line(
                    f"Acknowledged by the agent on {note.acknowledged_at:%Y-%m-%d %H:%M} UTC{comment}",
                    cont,
                    colour=GREEN,
                    indent=0.01,
                )
            else:
                pages.line("Not yet acknowledged by the agent.", cont, colour=AMBER, indent=0.01)
            pages.y -= 0.01
        pages.y -= 0.02
        fig = pages.need(0.06, cont)
        for i, label in enumerate(("Coach signature / date", "Agent signature / date")):
            x = MARGIN + i * 0.47
            fig.add_artist(plt.Line2D([x, x + 0.4], [pages.y - 0.03] * 2, color="#9ca3af", linewidth=0.8))
            fig.text(x, pages.y - 0.036, label, fontsize=7, color=GREY, va="top")
        pages.close()
    return out.getvalue()


def render(card: Scorecard, fmt: str) -> bytes:
    """The scorecard in one of ``FORMATS`` as bytes (text formats UTF-8)."""
    if fmt == "pdf":
        return scorecard_pdf(card)
    if fmt == "html":
        return scorecard_html(card).encode()
    if fmt == "csv":
        return scorecard_csv(card).encode()
    if fmt == "json":
        return scorecard_json(card).encode()
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
