"""The ``qa-engine`` command line.

Exit codes: 0 all good, 1 some calls failed, 2 bad usage or input (one clear line per problem).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from qa_engine.cli.common import err, fail, out
from qa_engine.logs import configure_logging

if TYPE_CHECKING:
    from qa_engine.pipeline import CallMeta

app = typer.Typer(
    name="qa-engine", no_args_is_help=True, add_completion=False,
    help="QA Engine: transcribe, redact PHI and score medical call-center calls.",
)
calls_app = typer.Typer(no_args_is_help=True, help="Stored calls.")
db_app = typer.Typer(no_args_is_help=True, help="Database schema.")
phi_app = typer.Typer(no_args_is_help=True, help="PHI detection and redaction.")
rubrics_app = typer.Typer(no_args_is_help=True, help="QA rubrics.")
app.add_typer(calls_app, name="calls")
app.add_typer(db_app, name="db")
app.add_typer(phi_app, name="phi")
app.add_typer(rubrics_app, name="rubrics")



@contextmanager
def _input_errors() -> Iterator[None]:
    from qa_engine.pipeline import InputError
    from qa_engine.transcription.audio import AudioDecodeError

    try:
        yield
    except (InputError, AudioDecodeError) as exc:
        fail(str(exc))


@app.callback()
def _main() -> None:
    configure_logging()


# ---------------------------------------------------------------- setup


@app.command()
def init(org: Annotated[str, typer.Option(help="Create this organization.")] = "default") -> None:
    """Create the home folder, the data-encryption key and the database."""
    from qa_engine import db
    from qa_engine.pipeline import ensure_org
    from qa_engine.settings import get_settings
    from qa_engine.storage import KeyRing

    settings = get_settings()
    home = settings.resolved_home()
    home.mkdir(parents=True, exist_ok=True)
    KeyRing.load(settings)
    db.upgrade()
    with db.session_scope() as session:
        ensure_org(session, org)
    out.print(f"initialised QA Engine home at {home}")


@db_app.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    """Apply database migrations."""
    from qa_engine import db

    db.upgrade(revision=revision)
    out.print(f"database at revision {db.current_revision()}")


# ---------------------------------------------------------------- processing


def _read_json(path: Path) -> Any:
    from qa_engine.pipeline import InputError

    if not path.is_file():
        raise InputError(f"{path.name}: file not found")
    try:
        return json.loads(path.read_bytes())
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise InputError(f"{path.name}: not valid JSON") from None


@app.command()
def process(
    paths: Annotated[list[Path], typer.Argument(help="Audio (wav, flac, mp3, ogg, m4a) or transcript JSON.")],
    org: Annotated[str, typer.Option(help="Organization id.")] = "default",
    agent: Annotated[str | None, typer.Option(help="Agent id.")] = None,
    call_type: Annotated[str | None, typer.Option(help="Service line, e.g. scheduling, triage.")] = None,
    record: Annotated[Path | None, typer.Option(help="JSON of the fields the agent captured.")] = None,
    roles: Annotated[str, typer.Option(help="Speaker role per stereo channel.")] = "agent,caller",
) -> None:
    """Process calls end to end: transcribe, redact PHI, score."""
    from qa_engine.pipeline import CallMeta

    captured: dict[str, Any] | None = None
    if record is not None:
        with _input_errors():
            captured = _read_json(record)
        if not isinstance(captured, dict):
            fail(f"{record.name}: the record must be a JSON object")
    meta = CallMeta(org_id=org, agent_id=agent, call_type=call_type, channel_roles=tuple(roles.split(",")))
    results, bad_input = _process_paths(paths, meta, captured)
    _print_summary(results)
    for line in bad_input:
        err.print(f"[red]error:[/red] {line}", highlight=False, soft_wrap=True)
    failed = [r for r in results if r["status"] == "failed"]
    if bad_input:
        raise typer.Exit(2)
    if failed:
        raise typer.Exit(1)


def _process_paths(
    paths: list[Path], meta: CallMeta, captured: dict[str, Any] | None,
) -> tuple[list[dict[str, Any]], list[str]]:
    from qa_engine import services

    results: list[dict[str, Any]] = []
    bad_input: list[str] = []
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, transient=True, disable=not sys.stderr.isatty(),
    ) as bar:
        task = bar.add_task("processing", total=len(paths))
        for path in paths:
            bar.update(task, description=f"processing {path.name}")
            try:
                results.append(services.process_path(path, meta, captured))
            except services.InputError as exc:
                bad_input.append(str(exc))
            bar.advance(task)
    return results, bad_input


def _print_summary(results: list[dict[str, Any]]) -> None:
    if not results:
        return
    table = Table(title="QA Engine run", show_lines=False)
    for column in ("call", "file", "call type", "agent", "status", "score", "flags", "PHI redacted"):
        table.add_column(column)
    for r in results:
        status = r["status"] if r["status"] != "failed" else f"failed: {r['failure_reason']}"
        table.add_row(
            r["call_id"][:8], r["file"], r["call_type"], r["agent_id"] or "-", status,
            "-" if r["total"] is None else f"{r['total']:.0f}{' (auto-fail)' if r['auto_failed'] else ''}",
            ", ".join(r["flags"]) or "-", str(r["phi_spans"]),
        )
    out.print(table)


@app.command()
def transcribe(
    audio: Annotated[Path, typer.Argument(help="An audio file.")],
    backend: Annotated[str | None, typer.Option(help="faster-whisper or openai-whisper.")] = None,
    model: Annotated[str | None, typer.Option(help="tiny.en, base, or a model directory.")] = None,
    beam_size: Annotated[int | None, typer.Option(help="Beam size (1 = greedy).")] = None,
    roles: Annotated[str, typer.Option(help="Speaker role per stereo channel.")] = "agent,caller",
) -> None:
    """Transcribe a recording and print the transcript JSON (unredacted: handle as PHI)."""
    from qa_engine.transcription.audio import decode_audio
    from qa_engine.transcription.transcribe import transcribe_audio

    if backend not in (None, "faster-whisper", "openai-whisper"):
        fail(f"unknown backend {backend!r}: use faster-whisper or openai-whisper")
    with _input_errors():
        decoded = decode_audio(audio)
    transcript = transcribe_audio(
        decoded, call_id=audio.stem, roles=tuple(roles.split(",")), backend=backend, model=model,
        beam_size=beam_size,
    )
    typer.echo(transcript.model_dump_json(indent=2, exclude_none=True))


# ---------------------------------------------------------------- calls


@calls_app.command("list")
def calls_list(
    org: Annotated[str | None, typer.Option(help="Only this organization.")] = None,
    status: Annotated[str | None, typer.Option(help="Only calls with this status.")] = None,
    limit: int = 50,
) -> None:
    """List stored calls, newest first."""
    from qa_engine import db, services

    with db.session_scope() as session:
        rows = services.list_calls(session, org_id=org, status=status, limit=limit)
    table = Table(title="calls")
    for column in ("id", "org", "agent", "call type", "status", "duration", "score", "flags", "priority"):
        table.add_column(column)
    for r in rows:
        table.add_row(
            r["id"], r["org_id"], r["agent_id"] or "-", r["call_type"], r["status"],
            f"{r['duration']:.0f}s" if r["duration"] else "-",
            "-" if r["total"] is None else f"{r['total']:.0f}", ", ".join(r["flags"]) or "-",
            "-" if r["review_priority"] is None else str(r["review_priority"]),
        )
    out.print(table)


@calls_app.command("show")
def calls_show(call_id: str) -> None:
    """Show a call: metadata, redacted transcript, scores with evidence (JSON)."""
    from qa_engine import db, services

    with db.session_scope() as session, _input_errors():
        detail = services.call_detail(session, call_id)
    typer.echo(json.dumps(detail, indent=2, default=str))


@calls_app.command("retry")
def calls_retry(call_id: str) -> None:
    """Resume a failed call from the stage that failed."""
    from qa_engine import services

    with _input_errors():
        result = services.run_call(call_id)
    _print_summary([result])
    if result["status"] == "failed":
        raise typer.Exit(1)


# ---------------------------------------------------------------- PHI and scoring


def _load_transcript_file(path: Path) -> Any:
    from qa_engine.pipeline import InputError, load_transcript_json

    if not path.is_file():
        raise InputError(f"{path.name}: file not found")
    return load_transcript_json(path.read_bytes(), path.name)


@phi_app.command("detect")
def phi_detect(
    file: Annotated[Path, typer.Argument(help="Transcript JSON.")],
    show_text: Annotated[bool, typer.Option(help="Include the PHI text (authorized use only).")] = False,
    org: Annotated[
        str | None,
        typer.Option(help="Use this organization's staff and contact allow-list (default: the file's org_config)."),
    ] = None,
) -> None:
    """Print the PHI spans found in a transcript, as character offsets per segment."""
    from qa_engine import services

    with _input_errors():
        transcript = _load_transcript_file(file)
        file_org = services.file_org_config(file.read_bytes(), file.name)
        spans = services.detect_phi_for(transcript, services.organization_settings(org), file_org)
    rows = []
    for span in spans:
        row = span.model_dump(include={"segment", "start", "end", "type", "score"})
        if show_text:
            row["text"] = transcript.segments[span.segment].text[span.start : span.end]
        rows.append(row)
    typer.echo(json.dumps({"call_id": transcript.call_id, "spans": rows}, indent=2))


@phi_app.command("redact")
def phi_redact(
    file: Annotated[Path, typer.Argument(help="Transcript JSON, or audio (transcribed first).")],
    out_path: Annotated[Path | None, typer.Option("--out", help="Where to write (default beside the input).")] = None,
    org: Annotated[str | None, typer.Option(help="Use this organization's staff and contact allow-list.")] = None,
) -> None:
    """Write the redacted transcript (and the redacted audio for an audio file)."""
    from qa_engine import services

    with _input_errors():
        written = services.redact_file(file, out_path, org)
    for path in written:
        out.print(f"wrote {path}")


@app.command()
def score(
    file: Annotated[Path, typer.Argument(help="Transcript JSON; its 'record' is the captured record.")],
    rubric: Annotated[str | None, typer.Option(help="Rubric id (default: by call type).")] = None,
    org: Annotated[str | None, typer.Option(help="Apply this organization's rubric and PHI settings.")] = None,
) -> None:
    """Score a transcript against a rubric and print the result JSON."""
    from qa_engine import services

    with _input_errors():
        transcript = _load_transcript_file(file)
        file_org = services.file_org_config(file.read_bytes(), file.name)
        result = services.score_transcript(transcript, rubric, org, file_org)
    typer.echo(result.model_dump_json(indent=2))


@rubrics_app.command("list")
def rubrics_list() -> None:
    """List the shipped rubrics."""
    from rubrics.schema import list_rubrics

    table = Table(title="rubrics")
    for column in ("id", "version", "name", "call types", "criteria"):
        table.add_column(column)
    for r in list_rubrics():
        table.add_row(r.id, str(r.version), r.name, ", ".join(r.call_types), ", ".join(c.id for c in r.criteria))
    out.print(table)


@rubrics_app.command("train")
def rubrics_train(
    extra: Annotated[Path | None, typer.Option(help="CSV of extra phrases: model,text,label.")] = None,
    out_dir: Annotated[Path | None, typer.Option("--out", help="Output folder (default: the home).")] = None,
) -> None:
    """Retrain the phrase models (distress, empathy, disclosure) with analysts' overrides and extra phrases."""
    from qa_engine import db, services
    from qa_engine.settings import get_settings
    from qa_engine.training import examples_from_csv, examples_from_overrides
    from rubrics.phrase_models import train_phrase_models

    services.ensure_database()
    with db.session_scope() as session:
        examples = examples_from_overrides(session)
    if extra is not None:
        if not extra.is_file():
            fail(f"{extra.name}: file not found")
        for name, rows in examples_from_csv(extra).items():
            examples[name] += rows
    directory = out_dir or get_settings().model_cache / "rubrics"
    report = train_phrase_models(extra_examples=examples, directory=directory)
    table = Table(title=f"models written to {directory}")
    for column in ("model", "examples", "added", "cv F1", "cv precision", "cv recall"):
        table.add_column(column)
    for name, figures in report.items():
        if isinstance(figures, dict) and "cv_f1" in figures:
            table.add_row(name, str(figures["examples"]), str(len(examples.get(name, []))), str(figures["cv_f1"]),
                          str(figures["cv_precision"]), str(figures["cv_recall"]))
    out.print(table)


@rubrics_app.command("validate")
def rubrics_validate(file: Path) -> None:
    """Validate a rubric YAML file; problems are listed with their line."""
    from rubrics.schema import RubricValidationError, parse_rubric_yaml

    if not file.is_file():
        fail(f"{file.name}: file not found")
    try:
        rubric = parse_rubric_yaml(file.read_text())
    except RubricValidationError as exc:
        fail(str(exc))
    out.print(f"{rubric.id} v{rubric.version}: valid, {len(rubric.criteria)} criteria")


# ---------------------------------------------------------------- serving and demo


@app.command()
def serve(host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the REST API and the web pages."""
    import uvicorn

    uvicorn.run("api.app:create_app", factory=True, host=host, port=port)


@app.command()
def demo(
    org: Annotated[str, typer.Option(help="Organization id for the demo calls.")] = "demo-clinic",
) -> None:
    """Process the bundled synthetic calls end to end and show the results."""
    from qa_engine import services

    results = services.run_demo(org)
    _print_summary(results)
    home = services.home_summary()
    out.print(f"outputs: database {home['database']}; encrypted audio and transcripts under {home['storage']}; "
              f"redacted transcripts under {home['exports']}")
    out.print("see a call with: qa-engine calls show <id>")
    if any(r["status"] == "failed" for r in results):
        raise typer.Exit(1)


def _register_worker() -> None:
    from qa_engine.cli.worker import worker

    app.command("worker")(worker)


_register_worker()


def _register_subapps() -> None:
    from qa_engine.cli.audit import audit_app, evidence_app
    from qa_engine.cli.scorecard import scorecard_app
    from qa_engine.cli.users import users_app

    app.add_typer(audit_app, name="audit")
    app.add_typer(evidence_app, name="evidence")
    app.add_typer(scorecard_app, name="scorecard")
    app.add_typer(users_app, name="users")


_register_subapps()
