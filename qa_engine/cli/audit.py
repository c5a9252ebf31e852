"""``qa-engine audit`` and ``qa-engine evidence``: the access log, its reports and BAA evidence packets.

    qa-engine audit verify [--org ORG] [--json]            exit 0 intact, 1 broken (names the first bad event)
    qa-engine audit report --org ORG (--period 2026-10 | --start D --end D) --format csv|json|pdf [--out F]
    qa-engine audit disclosures --patient REF [--org ORG] [--years 6] [--format table|csv|json]
    qa-engine audit purge-audio [--org ORG] [--dry-run]    retention: destroy raw audio past its period
    qa-engine evidence build --org ORG (--period 2026-10 | --start D --end D) [--out PACKET.zip]
    qa-engine evidence verify PACKET.zip [--fingerprint HEX] exit 0 intact, 1 tampered

Exit code 2: bad usage or input, one clear line.
"""

from __future__ import annotations

import getpass
import json
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from audits.signing import Signer, set_key_path
from qa_engine.cli.common import err, fail
from qa_engine.cli.common import out as console
from qa_engine.settings import get_settings

# audits sits below qa_engine and cannot read settings: tell it where the checkpoint key lives.
set_key_path(lambda: get_settings().signing_key_path)

audit_app = typer.Typer(no_args_is_help=True, add_completion=False,
                        help="Tamper-evident access log: verify, access-audit reports, disclosures, retention.")
evidence_app = typer.Typer(no_args_is_help=True, add_completion=False,
                           help="Signed BAA evidence packets: build and verify.")



@contextmanager
def _problems() -> Iterator[None]:
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from audits.chain import AuditError

    try:
        yield
    except (AuditError, LookupError, ValueError, FileNotFoundError) as exc:
        fail(str(exc))
    except (OperationalError, ProgrammingError) as exc:
        text = str(exc)
        if "no such table" in text or "does not exist" in text:
            fail("the database has no audit tables yet: run `qa-engine init` or `qa-engine db upgrade`")
        raise


def _cli_actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")


def parse_period(period: str | None, start: str | None, end: str | None) -> tuple[datetime, datetime]:
    """``2026-10`` (month), ``2026-Q4`` (quarter), ``2026`` (year), or ISO ``--start``/``--end`` dates
    (end exclusive). All UTC."""
    if period and (start or end):
        raise ValueError("give either --period or --start/--end, not both")
    if period:
        if m := _MONTH.match(period):
            year, month = int(m[1]), int(m[2])
            if not 1 <= month <= 12:
                raise ValueError(f"bad month in period {period!r}")
            first = datetime(year, month, 1)
            return first, datetime(year + month // 12, month % 12 + 1, 1)
        if m := _QUARTER.match(period):
            year, quarter = int(m[1]), int(m[2])
            first = datetime(year, 3 * quarter - 2, 1)
            return first, datetime(year + 1, 1, 1) if quarter == 4 else datetime(year, 3 * quarter + 1, 1)
        if m := _YEAR.match(period):
            return datetime(int(m[1]), 1, 1), datetime(int(m[1]) + 1, 1, 1)
        raise ValueError(f"period {period!r} is not YYYY-MM, YYYY-Qn or YYYY")
    if not (start and end):
        raise ValueError("give --period (e.g. 2026-10) or both --start and --end (YYYY-MM-DD)")
    try:
        first, last = datetime.fromisoformat(start), datetime.fromisoformat(end)
    except ValueError:
        raise ValueError("--start and --end must be dates like 2026-10-01") from None
    if last <= first:
        raise ValueError("--end must be after --start")
    return first, last


def _trusted_signer() -> Signer | None:
    """The local checkpoint key if it exists; verification never creates one."""
    path = get_settings().signing_key_path
    return Signer.load(path, create=False) if path.exists() else None


def _write(data: bytes, out: Path | None) -> None:
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    err.print(f"wrote {out}", highlight=False)


OrgOption = Annotated[str, typer.Option("--org", help="Organization id.")]
PeriodOption = Annotated[str | None, typer.Option(help="2026-10, 2026-Q4 or 2026 (UTC).")]
StartOption = Annotated[str | None, typer.Option(help="First day, YYYY-MM-DD (UTC).")]
EndOption = Annotated[str | None, typer.Option(help="Day after the last, YYYY-MM-DD (UTC).")]


@audit_app.command("verify")
def verify(
    org: Annotated[str | None, typer.Option("--org", help="Only this organization's chain.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full result as JSON.")] = False,
) -> None:
    """Check every event and every signed checkpoint; exit 1 naming the first bad event."""
    from audits.chain import anchor_path, verify_chain
    from qa_engine.db import session_scope

    with _problems(), session_scope() as session:
        signer = _trusted_signer()
        result = verify_chain(session, org, public_key=signer.public_key if signer else None,
                              anchors=anchor_path(signer), workers=os.cpu_count() or 1)
    if as_json:
        console.print_json(json.dumps(result.to_dict()))
    elif result.ok:
        console.print(result.summary(), highlight=False)
        for chain in result.chains:
            if chain.unsealed:
                console.print(f"  {chain.chain or '(system)'}: {chain.unsealed} event(s) after the last checkpoint",
                           highlight=False)
    else:
        err.print(f"[red]{result.summary()}[/red]", highlight=False, soft_wrap=True)
        for chain in result.chains:
            for problem in chain.problems[:20]:
                err.print(f"  {chain.chain or '(system)'}: [{problem.kind}] {problem.message}", highlight=False,
                           soft_wrap=True)
    raise typer.Exit(0 if result.ok else 1)


@audit_app.command("report")
def report(
    org: OrgOption,
    fmt: Annotated[str, typer.Option("--format", help="csv, json or pdf.")] = "csv",
    period: PeriodOption = None,
    start: StartOption = None,
    end: EndOption = None,
    out: Annotated[Path | None, typer.Option(help="Output file (default: standard output).")] = None,
) -> None:
    """HIPAA access-audit report (164.312(b)): who accessed which PHI, when and why, with anomalies."""
    from audits.chain import record_event
    from audits.reports import access_report
    from models import Organization
    from qa_engine.db import session_scope

    if fmt not in ("csv", "json", "pdf"):
        fail("--format must be csv, json or pdf")
    with _problems():
        first, last = parse_period(period, start, end)
        with session_scope() as session:
            if session.get(Organization, org) is None:
                raise LookupError(f"no organization {org!r}")
            result = access_report(session, org, first, last)
            record_event(session, org_id=org, actor=_cli_actor(), role="system", action="read_report",
                         resource_type="access_report", details={"format": fmt, "start": first.isoformat(),
                                                                 "end": last.isoformat()})
    data = {"csv": lambda: result.to_csv().encode(), "json": lambda: result.to_json().encode() + b"\n",
            "pdf": result.to_pdf}[fmt]()
    if fmt == "pdf" and out is None and sys.stdout.isatty():
        fail("a PDF needs --out FILE")
    _write(data, out)


@audit_app.command("disclosures")
def disclosures(
    patient: Annotated[str, typer.Option("--patient", help="Internal patient reference.")],
    org: Annotated[str | None, typer.Option("--org", help="Only this organization.")] = None,
    years: Annotated[int, typer.Option(help="Years back, at most 6.")] = 6,
    fmt: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
) -> None:
    """Accounting of disclosures (164.528) for one patient over up to six years."""
    from audits.chain import record_event
    from audits.reports import accounting_of_disclosures
    from qa_engine.db import session_scope

    if fmt not in ("table", "csv", "json"):
        fail("--format must be table, csv or json")
    with _problems(), session_scope() as session:
        result = accounting_of_disclosures(session, patient, org_id=org, years=years)
        for org_id in sorted({e.org_id for e in result.entries} | ({org} if org else set())):
            record_event(session, org_id=org_id, actor=_cli_actor(), role="system", action="read_report",
                         resource_type="disclosure_accounting", patient_ref=patient)
    if fmt == "json":
        _write(result.to_json().encode() + b"\n", None)
    elif fmt == "csv":
        _write(result.to_csv().encode(), None)
    else:
        table = Table(title=f"Disclosures for {patient} since {result.start:%Y-%m-%d}")
        for column in ("date", "recipient", "address", "description", "purpose"):
            table.add_column(column)
        for e in result.entries:
            table.add_row(f"{e.date:%Y-%m-%d}", e.recipient, e.recipient_address or "", e.description, e.purpose)
        console.print(table)
        if not result.entries:
            console.print("no disclosures recorded", highlight=False)


@audit_app.command("purge-audio")
def purge_audio(
    org: Annotated[str | None, typer.Option("--org", help="Only this organization.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="List what would be destroyed.")] = False,
) -> None:
    """Retention: destroy raw audio older than each organization's retention_days."""
    from qa_engine.db import session_scope
    from qa_engine.retention import purge_expired_audio

    with _problems(), session_scope() as session:
        result = purge_expired_audio(session, org_id=org, actor=_cli_actor(), dry_run=dry_run)
    verb = "would destroy" if dry_run else "destroyed"
    console.print(f"{verb} raw audio of {len(result.purged)} call(s)"
               + "".join(f"; {k}: {v}" for k, v in result.organizations.items()), highlight=False)


@evidence_app.command("build")
def evidence_build(
    org: OrgOption,
    period: PeriodOption = None,
    start: StartOption = None,
    end: EndOption = None,
    out: Annotated[Path | None, typer.Option(help="Zip to write (default evidence-ORG-PERIOD.zip).")] = None,
    purpose: Annotated[str, typer.Option(help="Why the packet is exported.")] = "BAA evidence for an auditor",
) -> None:
    """Write a signed evidence zip for an organization and period."""
    from audits.evidence import build_packet, verify_packet
    from models import Organization
    from qa_engine.db import session_scope
    from qa_engine.retention import retention_policy
    from qa_engine.storage import encryption_safeguards

    with _problems():
        first, last = parse_period(period, start, end)
        target = out or Path(f"evidence-{org}-{period or first.strftime('%Y%m%d')}.zip")
        with session_scope() as session:
            organization = session.get(Organization, org)
            if organization is None:
                raise LookupError(f"no organization {org!r}")
            build_packet(session, org, first, last, target, encryption=encryption_safeguards(),
                         retention=retention_policy(organization), actor=_cli_actor(), role="system",
                         purpose=purpose)
    check = verify_packet(target)
    console.print(f"wrote {target}: {check.files_checked} files, signed by key {check.key_fingerprint}",
               highlight=False)


@evidence_app.command("verify")
def evidence_verify(
    packet: Annotated[Path, typer.Argument(help="The evidence zip.")],
    fingerprint: Annotated[str | None, typer.Option(
        help="Trusted key fingerprint (default: this home's signing key, if present).")] = None,
) -> None:
    """Detect any changed, added or removed file and a changed manifest or signature (exit 1)."""
    from audits.evidence import verify_packet

    if not packet.exists():
        fail(f"{packet} does not exist")
    if fingerprint is None:
        signer = _trusted_signer()
        fingerprint = signer.fingerprint if signer else None
    result = verify_packet(packet, trusted_fingerprint=fingerprint)
    if result.ok:
        console.print(result.summary(), highlight=False)
    else:
        err.print(f"[red]{result.summary()}[/red]", highlight=False, soft_wrap=True)
    raise typer.Exit(0 if result.ok else 1)
