"""Where signed BAA evidence packets live, and building one for an organization and period.

Packets are zips under ``<home>/exports/evidence/<org_id>/<packet_id>.zip``; the packet id is a
random 32-hex token, so a path is never built from anything a caller typed. ``audits.evidence``
builds and verifies the zip itself; this module adds the settings (encryption, retention) and the
place on disk. The API and the compliance page both call it.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import Session

from qa_engine.compliance import audit, utc
from qa_engine.errors import InvalidInput
from qa_engine.phi_access import Accessor

_PACKET_ID = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True)
class PacketInfo:
    id: str
    path: Path
    size: int
    created_at: datetime

    def sha256(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def packets_dir() -> Path:
    from qa_engine.settings import get_settings

    path = get_settings().resolved_home() / "exports" / "evidence"
    path.mkdir(parents=True, exist_ok=True)
    return path


def packet_path(org_id: str, packet_id: str) -> Path | None:
    """Where the organization's packet is (or would be); None for an id that is not a packet id."""
    if not _PACKET_ID.fullmatch(packet_id):
        return None
    return packets_dir() / org_id / f"{packet_id}.zip"


def info(path: Path) -> PacketInfo:
    stat = path.stat()
    return PacketInfo(id=path.stem, path=path, size=stat.st_size, created_at=datetime.fromtimestamp(stat.st_mtime, UTC))


def find(org_id: str, packet_id: str) -> PacketInfo | None:
    path = packet_path(org_id, packet_id)
    return info(path) if path is not None and path.exists() else None


def exists_elsewhere(packet_id: str) -> bool:
    """Whether another organization holds a packet with this id (an out-of-scope attempt to audit)."""
    return packet_path("_", packet_id) is not None and any(packets_dir().glob(f"*/{packet_id}.zip"))


def recent(org_id: str, limit: int = 10) -> list[PacketInfo]:
    """The organization's packets, newest first."""
    folder = packets_dir() / org_id
    found = [info(p) for p in folder.glob("*.zip")] if folder.is_dir() else []
    return sorted(found, key=lambda p: p.created_at, reverse=True)[:limit]


def build(session: Session, actor: Accessor, start: datetime, end: datetime, purpose: str | None = None,
          path: Path | None = None) -> PacketInfo:
    """Build and sign the actor's organization's packet for [start, end) (UTC), in the packet store or
    at ``path``; the build is audited by ``audits.evidence.build_packet``."""
    from audits.evidence import build_packet
    from models.calls import Organization
    from qa_engine.retention import retention_policy
    from qa_engine.storage import encryption_safeguards

    start, end = utc(start), utc(end)
    if end <= start:
        raise InvalidInput("end must be after start")
    org = session.get(Organization, actor.org_id)
    if org is None:
        raise InvalidInput("the organization has no data yet")
    path = path or packets_dir() / actor.org_id / f"{uuid.uuid4().hex}.zip"
    path.parent.mkdir(parents=True, exist_ok=True)
    build_packet(session, actor.org_id, start, end, path, encryption=encryption_safeguards(),
                 retention=retention_policy(org), actor=actor.username, role=actor.role, purpose=purpose,
                 client_addr=getattr(actor, "client_addr", None))
    return info(path)


def export(session: Session, actor: Accessor, packet: PacketInfo) -> bytes:
    """The packet's bytes for download; the export is an audit event, committed before release."""
    audit(session, actor, "evidence_export", "evidence_packet", packet.id, details={"download": True})
    session.commit()
    return packet.path.read_bytes()
