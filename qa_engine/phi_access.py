"""The one audited path to unredacted PHI.

Minimum necessary (45 CFR 164.502(b)): only a compliance officer, stating a purpose, reads the
unredacted transcript, the raw audio or the original value of a redacted span; everyone else works
from the redacted transcript and redacted audio. Every attempt, allowed or denied, is an audit event,
and the event is committed BEFORE any data is released (or the denial reported), so no read escapes
the log even if the caller fails afterwards.

Nothing here knows about HTTP: callers pass any object with ``user_id``, ``username``, ``org_id``,
``role`` (and optionally ``client_addr``), such as ``api.auth.Principal``.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from sqlmodel import Session

from models.calls import Call, PhiSpanRow
from models.interchange import Transcript
from qa_engine.storage import BlobStore

PHI_ROLES = frozenset({"compliance_officer"})
# A purpose is a short statement ("HIPAA audit 2026-11", "patient access request #123"); it is
# recorded in the log, so it must not be used to carry data.
PURPOSE_MAX = 200
_PURPOSE_OK = re.compile(r"^[\w .,:;()#/'&+-]{3,200}$")


class Accessor(Protocol):
    user_id: int | None
    username: str
    org_id: str
    role: str


class PhiAccessDenied(PermissionError):
    """Refused; ``reason`` is safe to show. ``not_found`` asks the caller to answer as if the resource
    did not exist (another organization's call)."""

    def __init__(self, reason: str, *, not_found: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.not_found = not_found


def valid_purpose(purpose: str | None) -> str | None:
    purpose = (purpose or "").strip()
    return purpose if purpose and _PURPOSE_OK.match(purpose) else None


def patient_ref(call: Call) -> str | None:
    ref = (call.call_metadata or {}).get("patient_ref")
    return str(ref)[:128] if ref else None


def record(
    session: Session, call: Call | None, who: Accessor, *, action: str, resource_type: str = "call",
    resource_id: str | None = None, purpose: str | None = None, outcome: str = "allowed",
    details: dict[str, Any] | None = None, org_id: str | None = None,
) -> None:
    from audits.chain import record_event

    record_event(
        session, org_id=org_id or who.org_id, actor=who.username, role=who.role, action=action,
        resource_type=resource_type, resource_id=resource_id or (call.id if call else None),
        purpose=purpose, outcome=outcome, client_addr=getattr(who, "client_addr", None),
        patient_ref=patient_ref(call) if call is not None and call.org_id == who.org_id else None,
        details=details,
    )


def _check(session: Session, call: Call, who: Accessor, purpose: str | None, action: str,
           details: dict[str, Any] | None = None) -> str:
    """Record the attempt and commit; return the cleaned purpose or raise PhiAccessDenied."""
    if call.org_id != who.org_id:
        record(session, call, who, action=action, outcome="denied", details={"reason": "other_organization"},
               resource_id=call.id)
        session.commit()
        raise PhiAccessDenied("no such call", not_found=True)
    cleaned = valid_purpose(purpose)
    reason = None
    if who.role not in PHI_ROLES:
        reason = "role may not read unredacted PHI"
    elif cleaned is None:
        reason = "a stated purpose (3-200 characters: letters, digits, basic punctuation) is required"
    if reason is not None:
        record(session, call, who, action=action, outcome="denied", purpose=cleaned,
               details={"reason": reason, **(details or {})})
        session.commit()
        raise PhiAccessDenied(reason)
    record(session, call, who, action=action, purpose=cleaned, details=details)
    session.commit()
    return cleaned  # type: ignore[return-value]


def read_unredacted_transcript(
    session: Session, store: BlobStore, call: Call, principal: Accessor, purpose: str | None,
) -> Transcript:
    from qa_engine.pipeline import load_raw_transcript

    _check(session, call, principal, purpose, "read_unredacted_transcript")
    return load_raw_transcript(store, call)


def read_raw_audio(
    session: Session, store: BlobStore, call: Call, principal: Accessor, purpose: str | None,
) -> bytes:
    if call.raw_audio_key is None:
        # Still an attempt worth recording; nothing is released.
        _check(session, call, principal, purpose, "read_raw_audio", {"available": False})
        raise LookupError("no raw audio is stored for this call")
    _check(session, call, principal, purpose, "read_raw_audio")
    return store.get(call.raw_audio_key)


def reidentify_span(
    session: Session, store: BlobStore, call: Call, span: PhiSpanRow, principal: Accessor, purpose: str | None,
) -> str:
    """The original text of one redacted span."""
    if span.call_id != call.id:
        raise LookupError("span does not belong to this call")
    _check(session, call, principal, purpose, "reidentify_span", {"span_id": span.id, "type": span.type})
    if span.token:
        from redactors.redact import reidentify

        # Sealed with the key active at redaction time: after a rotation that is an older key of the ring.
        ring = store.keyring
        for key_id in [ring.active, *(k for k in reversed(list(ring.keys)) if k != ring.active)]:
            try:
                return reidentify(span.token, ring.keys[key_id])
            except ValueError:
                continue
        raise LookupError("the span's token cannot be opened with any data key")
    # No stored token (older rows): take the characters from the unredacted transcript.
    from qa_engine.pipeline import load_raw_transcript

    transcript = load_raw_transcript(store, call)
    return transcript.segments[span.segment].text[span.start : span.end]


def record_redacted_read(session: Session, call: Call, principal: Accessor, kind: str) -> None:
    """Redacted audio still carries a voice (a biometric identifier): reads of it are logged too."""
    record(session, call, principal, action=f"read_redacted_{kind}")
    session.commit()
