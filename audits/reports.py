"""HIPAA access-audit report (45 CFR 164.312(b), 164.308(a)(1)(ii)(D)) and accounting of disclosures
(164.528), built only from the access log and the disclosure records, so every line is traceable to a
chained event id.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlmodel import Session

from audits.chain import PHI_ACTIONS, record_event, utcnow
from audits.pdf import text_pdf
from models import Call, Organization, User
from models.audit import AccessEvent, Disclosure

# Minimum necessary (164.502(b)): which role may do what. PHI actions are a compliance officer's, with
# a stated purpose; everyone else works on redacted material.
ROLE_MATRIX: dict[str, frozenset[str]] = {
    "platform": frozenset({"read_redacted_transcript", "read_redacted_audio", "login", "logout"}),
    "qa_analyst": frozenset({"read_redacted_transcript", "read_redacted_audio", "score_override", "dispute",
                             "calibration", "login", "logout", "read_report"}),
    "coach": frozenset({"read_redacted_transcript", "read_redacted_audio", "dispute", "login", "logout",
                        "read_report"}),
    "compliance_officer": frozenset(PHI_ACTIONS | {"read_redacted_transcript", "read_redacted_audio", "read_report",
                                                   "evidence_export", "audit_verify", "login", "logout"}),
    "admin": frozenset({"user_change", "role_change", "api_key_change", "key_rotation", "rubric_edit",
                        "retention_change", "read_redacted_transcript", "login", "logout", "audit_verify"}),
    "system": frozenset({"retention_purge", "key_rotation", "evidence_export", "export", "audit_verify",
                         "read_report"}),
}
DEFAULT_WORKING_HOURS = {"start": 7, "end": 19, "weekdays_only": True, "timezone": "UTC"}
BULK_WINDOW = timedelta(hours=1)
BULK_THRESHOLD = 25  # distinct calls with PHI read by one person within BULK_WINDOW
DENIAL_WINDOW = timedelta(hours=24)
DENIAL_THRESHOLD = 3
SIX_YEARS = timedelta(days=6 * 365 + 2)  # 164.528(a): "in the six years prior", leap days included
REPORT_FIELDS = ("event_id", "ts", "actor", "role", "action", "resource_type", "resource_id", "patient_ref",
                 "purpose", "outcome", "client_addr", "anomalies")


@dataclass
class AccessRow:
    event_id: int
    ts: datetime
    actor: str
    role: str
    action: str
    resource_type: str
    resource_id: str | None
    patient_ref: str | None
    purpose: str | None
    outcome: str
    client_addr: str | None
    anomalies: list[str] = field(default_factory=list)


@dataclass
class Anomaly:
    kind: str  # after_hours | bulk_access | not_assigned | role_not_permitted | repeated_denials
    actor: str
    event_ids: list[int]
    description: str


@dataclass
class AccessReport:
    org_id: str
    start: datetime
    end: datetime
    generated_at: datetime
    rows: list[AccessRow]
    anomalies: list[Anomaly]
    events_in_period: int
    working_hours: dict[str, Any]

    @property
    def denials(self) -> list[AccessRow]:
        return [r for r in self.rows if r.outcome == "denied"]

    def counts(self) -> dict[str, dict[str, int]]:
        return {
            "by_actor": dict(Counter(r.actor for r in self.rows).most_common()),
            "by_action": dict(Counter(r.action for r in self.rows).most_common()),
            "by_outcome": dict(Counter(r.outcome for r in self.rows)),
            "anomalies_by_kind": dict(Counter(a.kind for a in self.anomalies)),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "report": "HIPAA access-audit report (45 CFR 164.312(b), 164.308(a)(1)(ii)(D))",
            "org_id": self.org_id,
            "period": {"start": _iso(self.start), "end": _iso(self.end)},
            "generated_at": _iso(self.generated_at),
            "events_in_period": self.events_in_period,
            "phi_and_sensitive_accesses": len(self.rows),
            "working_hours": self.working_hours,
            "counts": self.counts(),
            "anomalies": [asdict(a) for a in self.anomalies],
            "accesses": [{**asdict(r), "ts": _iso(r.ts)} for r in self.rows],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, sort_keys=True)

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(REPORT_FIELDS)
        for r in self.rows:
            row = asdict(r)
            row["ts"] = _iso(r.ts)
            row["anomalies"] = ";".join(r.anomalies)
            writer.writerow(["" if row[k] is None else row[k] for k in REPORT_FIELDS])
        return out.getvalue()

    def text_lines(self) -> list[str]:
        counts = self.counts()
        lines = [
            f"Organization: {self.org_id}",
            f"Period: {_iso(self.start)} to {_iso(self.end)} (UTC)",
            f"Generated: {_iso(self.generated_at)}",
            f"Events in period: {self.events_in_period}; PHI accesses and attempts listed: {len(self.rows)}; "
            f"denials: {len(self.denials)}; anomalies: {len(self.anomalies)}",
            f"Working hours: {self.working_hours}",
            "",
            "Accesses by person: " + ", ".join(f"{k} {v}" for k, v in counts["by_actor"].items()),
            "Accesses by action: " + ", ".join(f"{k} {v}" for k, v in counts["by_action"].items()),
            "",
            "ANOMALIES",
        ]
        lines += [f"- [{a.kind}] {a.description} (events {_ids(a.event_ids)})" for a in self.anomalies] or ["none"]
        lines += ["", "ACCESSES (UTC time | who (role) | action | resource | patient ref | purpose | outcome)"]
        for r in self.rows:
            flags = f"  <{','.join(r.anomalies)}>" if r.anomalies else ""
            lines.append(
                f"#{r.event_id} {r.ts:%Y-%m-%d %H:%M:%S} | {r.actor} ({r.role}) | {r.action} | "
                f"{r.resource_type}:{r.resource_id or '-'} | {r.patient_ref or '-'} | {r.purpose or '-'} | "
                f"{r.outcome}{flags}"
            )
        return lines

    def to_pdf(self) -> bytes:
        return text_pdf("HIPAA access-audit report", self.text_lines(),
                        chart={k: float(v) for k, v in self.counts()["by_actor"].items()},
                        chart_title="PHI accesses by person")


def _iso(ts: datetime) -> str:
    return ts.strftime("%Y-%m-%dT%H:%M:%SZ")


def _ids(ids: list[int]) -> str:
    return ", ".join(f"#{i}" for i in ids[:12]) + (f" and {len(ids) - 12} more" if len(ids) > 12 else "")


def _naive(ts: datetime) -> datetime:
    return ts.astimezone(UTC).replace(tzinfo=None) if ts.tzinfo else ts


def _is_reportable(event: AccessEvent) -> bool:
    # PHI reads, exports, disclosures and every denial; plus redacted reads of calls (to spot browsing).
    return (event.action in PHI_ACTIONS or event.outcome == "denied"
            or event.action in {"read_redacted_transcript", "read_redacted_audio", "evidence_export"})


def access_report(
    session: Session,
    org_id: str,
    start: datetime,
    end: datetime,
    *,
    bulk_threshold: int = BULK_THRESHOLD,
    denial_threshold: int = DENIAL_THRESHOLD,
    role_matrix: dict[str, frozenset[str]] | None = None,
) -> AccessReport:
    """Who accessed which PHI, when and why, for events with ``start <= ts < end`` (UTC), with anomalies.

    Working hours come from ``Organization.settings["working_hours"]`` ({"start": 7, "end": 19,
    "weekdays_only": true, "timezone": "America/Chicago"}), UTC 07:00-19:00 weekdays by default.
    """
    start, end = _naive(start), _naive(end)
    role_matrix = role_matrix or ROLE_MATRIX
    org = session.get(Organization, org_id)
    hours = {**DEFAULT_WORKING_HOURS, **((org.settings or {}).get("working_hours", {}) if org else {})}
    events = list(session.execute(
        select(AccessEvent).where(AccessEvent.chain == org_id, AccessEvent.ts >= start, AccessEvent.ts < end)
        .order_by(AccessEvent.ts, AccessEvent.position)
    ).scalars())
    rows = [
        AccessRow(event_id=e.id, ts=e.ts, actor=e.actor, role=e.role, action=e.action,
                  resource_type=e.resource_type, resource_id=e.resource_id, patient_ref=e.patient_ref,
                  purpose=e.purpose, outcome=e.outcome, client_addr=e.client_addr)
        for e in events if _is_reportable(e)
    ]
    anomalies: list[Anomaly] = []

    def flag(kind: str, actor: str, hits: list[AccessRow], description: str) -> None:
        for r in hits:
            if kind not in r.anomalies:
                r.anomalies.append(kind)
        anomalies.append(Anomaly(kind, actor, [r.event_id for r in hits], description))

    allowed_phi = [r for r in rows if r.outcome == "allowed" and r.action in PHI_ACTIONS]
    # Outside working hours, in the organization's time zone.
    zone = ZoneInfo(hours.get("timezone") or "UTC")
    by_actor: dict[str, list[AccessRow]] = defaultdict(list)
    for r in allowed_phi:
        by_actor[r.actor].append(r)
    for actor, hits in by_actor.items():
        late = []
        for r in hits:
            local = r.ts.replace(tzinfo=UTC).astimezone(zone)
            if not (hours["start"] <= local.hour < hours["end"]) or (hours["weekdays_only"] and local.weekday() >= 5):
                late.append(r)
        if late:
            flag("after_hours", actor, late, f"{actor} accessed PHI {len(late)} time(s) outside working hours")
    # Bulk access: many distinct calls within a sliding window.
    for actor, hits in by_actor.items():
        left = 0
        worst: list[AccessRow] = []
        for right in range(len(hits)):
            while hits[right].ts - hits[left].ts > BULK_WINDOW:
                left += 1
            window = hits[left : right + 1]
            if len({r.resource_id for r in window}) > len({r.resource_id for r in worst}):
                worst = window
        if len({r.resource_id for r in worst}) >= bulk_threshold:
            flag("bulk_access", actor, worst,
                 f"{actor} accessed PHI of {len({r.resource_id for r in worst})} records within "
                 f"{int(BULK_WINDOW.total_seconds() // 60)} minutes (threshold {bulk_threshold})")
    # Calls not assigned to the person who opened them.
    users = session.execute(select(User).where(User.org_id == org_id)).scalars().all()
    user_ids = {str(u.id): u.id for u in users} | {u.username: u.id for u in users}
    call_ids = {r.resource_id for r in rows if r.resource_type == "call" and r.resource_id}
    assigned = {}
    if call_ids:
        assigned = dict(session.execute(
            select(Call.id, Call.assigned_to).where(Call.id.in_(call_ids), Call.org_id == org_id)
        ).all())
    unassigned: dict[str, list[AccessRow]] = defaultdict(list)
    for r in rows:
        if r.outcome != "allowed" or r.resource_type != "call" or r.resource_id not in assigned:
            continue
        owner = assigned[r.resource_id]
        if owner is None or owner != user_ids.get(r.actor):
            unassigned[r.actor].append(r)
    for actor, hits in unassigned.items():
        flag("not_assigned", actor, hits, f"{actor} opened {len(hits)} call(s) not assigned to them")
    # Roles doing what minimum necessary does not give them.
    off_role: dict[str, list[AccessRow]] = defaultdict(list)
    for r in rows:
        if r.outcome == "allowed" and r.action not in role_matrix.get(r.role, frozenset()):
            off_role[r.actor].append(r)
    for actor, hits in off_role.items():
        flag("role_not_permitted", actor, hits,
             f"{actor} ({hits[0].role}) performed {len(hits)} action(s) the role should not need: "
             + ", ".join(sorted({r.action for r in hits})))
    # Repeated denials: every event of the period, not only PHI, counts (failed logins included).
    denied = [e for e in events if e.outcome == "denied" or e.action == "login_failed"]
    denied_by: dict[str, list[AccessEvent]] = defaultdict(list)
    for e in denied:
        denied_by[e.actor].append(e)
    row_by_id = {r.event_id: r for r in rows}
    for actor, hits in denied_by.items():
        left = 0
        for right in range(len(hits)):
            while hits[right].ts - hits[left].ts > DENIAL_WINDOW:
                left += 1
            if right - left + 1 >= denial_threshold:
                window = hits[left : right + 1]
                while right + 1 < len(hits) and hits[right + 1].ts - hits[left].ts <= DENIAL_WINDOW:
                    right += 1
                    window.append(hits[right])
                for e in window:
                    if e.id in row_by_id and "repeated_denials" not in row_by_id[e.id].anomalies:
                        row_by_id[e.id].anomalies.append("repeated_denials")
                anomalies.append(Anomaly("repeated_denials", actor, [e.id for e in window],
                                         f"{actor} was denied {len(window)} times within 24 hours"))
                break
    return AccessReport(org_id=org_id, start=start, end=end, generated_at=utcnow().replace(microsecond=0),
                        rows=rows, anomalies=anomalies, events_in_period=len(events), working_hours=hours)


# ------------------------------------------------------------------------------------------ disclosures


def record_disclosure(
    session: Session, *, org_id: str, patient_ref: str, recipient: str, description: str, purpose: str,
    actor: str, role: str, recipient_address: str | None = None, call_id: str | None = None,
    disclosed_at: datetime | None = None, client_addr: str | None = None,
) -> Disclosure:
    """Record a disclosure for the accounting (164.528) and log it on the chain as a PHI action."""
    disclosure = Disclosure(
        org_id=org_id, patient_ref=patient_ref, call_id=call_id, recipient=recipient,
        recipient_address=recipient_address, description=description, purpose=purpose, recorded_by=actor,
        disclosed_at=_naive(disclosed_at) if disclosed_at else utcnow(),
    )
    session.add(disclosure)
    session.flush()
    record_event(session, org_id=org_id, actor=actor, role=role, action="disclosure",
                 resource_type="disclosure", resource_id=str(disclosure.id), patient_ref=patient_ref,
                 purpose=purpose, client_addr=client_addr, details={"call_id": call_id})
    return disclosure


@dataclass
class DisclosureEntry:
    disclosure_id: int
    date: datetime
    recipient: str
    recipient_address: str | None
    description: str
    purpose: str
    org_id: str
    call_id: str | None


@dataclass
class DisclosureAccounting:
    patient_ref: str
    start: datetime
    end: datetime
    generated_at: datetime
    entries: list[DisclosureEntry]

    def to_dict(self) -> dict[str, Any]:
        return {
            "report": "Accounting of disclosures (45 CFR 164.528)",
            "patient_ref": self.patient_ref,
            "period": {"start": _iso(self.start), "end": _iso(self.end)},
            "generated_at": _iso(self.generated_at),
            "disclosures": [{**asdict(e), "date": _iso(e.date)} for e in self.entries],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, sort_keys=True)

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["date", "recipient", "recipient_address", "description", "purpose", "org_id", "call_id"])
        for e in self.entries:
            writer.writerow([_iso(e.date), e.recipient, e.recipient_address or "", e.description, e.purpose,
                             e.org_id, e.call_id or ""])
        return out.getvalue()

    def text_lines(self) -> list[str]:
        lines = [f"Patient reference: {self.patient_ref}",
                 f"Period: {_iso(self.start)} to {_iso(self.end)}", f"Disclosures: {len(self.entries)}", ""]
        for e in self.entries:
            lines.append(f"{e.date:%Y-%m-%d} | to {e.recipient}"
                         + (f", {e.recipient_address}" if e.recipient_address else "")
                         + f" | {e.description} | purpose: {e.purpose}")
        return lines


def accounting_of_disclosures(
    session: Session, patient_ref: str, *, org_id: str | None = None, end: datetime | None = None,
    years: int = 6,
) -> DisclosureAccounting:
    """Disclosures of one patient's PHI in the ``years`` (at most six) before ``end`` (default now)."""
    if not 1 <= years <= 6:
        raise ValueError("an accounting of disclosures covers at most six years")
    end = _naive(end) if end else utcnow()
    start = end - (SIX_YEARS * years / 6)
    query = select(Disclosure).where(
        Disclosure.patient_ref == patient_ref, Disclosure.disclosed_at >= start, Disclosure.disclosed_at <= end
    )
    if org_id is not None:
        query = query.where(Disclosure.org_id == org_id)
    entries = [
        DisclosureEntry(disclosure_id=d.id, date=d.disclosed_at, recipient=d.recipient,
                        recipient_address=d.recipient_address, description=d.description, purpose=d.purpose,
                        org_id=d.org_id, call_id=d.call_id)
        for d in session.execute(query.order_by(Disclosure.disclosed_at)).scalars()
    ]
    return DisclosureAccounting(patient_ref=patient_ref, start=start, end=end,
                                generated_at=utcnow().replace(microsecond=0), entries=entries)
