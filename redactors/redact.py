"""Redact PHI spans from transcripts: tags in the text most roles see, the words under a span tagged too (their
timings kept for audio redaction and click-to-seek), and a reversible encrypted form of each span's value for
authorized re-identification (the key is passed in by the caller and never stored here).

Tags (`TAGS`): PERSON <NAME>, DATE <DATE>, AGE <AGE>, PHONE_NUMBER <PHONE>, EMAIL_ADDRESS <EMAIL>, US_SSN <SSN>,
MRN <MRN>, MEMBER_ID <MEMBER_ID>, ACCOUNT_NUMBER <ACCOUNT>, LICENSE_NUMBER <LICENSE>, DEVICE_ID <DEVICE_ID>,
URL <URL>, IP_ADDRESS <IP_ADDRESS>, STREET_ADDRESS <ADDRESS>, ZIP_CODE <ZIP>, LOCATION <LOCATION>,
CREDIT_CARD <CARD>, OTHER_ID <ID>; any other type <PHI>.
"""

from __future__ import annotations

import base64
import functools
import os
from collections.abc import Iterable, Sequence

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

import redactors  # noqa: F401  (offline environment before presidio)
from models.interchange import PhiSpan, Segment, Transcript
from redactors.spans import resolve_spans

TAGS: dict[str, str] = {
    "PERSON": "<NAME>",
    "DATE": "<DATE>",
    "AGE": "<AGE>",
    "PHONE_NUMBER": "<PHONE>",
    "EMAIL_ADDRESS": "<EMAIL>",
    "US_SSN": "<SSN>",
    "MRN": "<MRN>",
    "MEMBER_ID": "<MEMBER_ID>",
    "ACCOUNT_NUMBER": "<ACCOUNT>",
    "LICENSE_NUMBER": "<LICENSE>",
    "DEVICE_ID": "<DEVICE_ID>",
    "URL": "<URL>",
    "IP_ADDRESS": "<IP_ADDRESS>",
    "STREET_ADDRESS": "<ADDRESS>",
    "ZIP_CODE": "<ZIP>",
    "LOCATION": "<LOCATION>",
    "CREDIT_CARD": "<CARD>",
    "OTHER_ID": "<ID>",
}
DEFAULT_TAG = "<PHI>"
TOKEN_PREFIX = "v1."

__all__ = [
    "TAGS",
    "redact_transcript",
    "redact_text",
    "resolve_spans",
    "word_char_spans",
    "encrypt_span_values",
    "reidentify",
]


def tag_for(entity_type: str) -> str:
    return TAGS.get(entity_type, DEFAULT_TAG)


@functools.lru_cache(maxsize=1)
def _anonymizer():
    from presidio_anonymizer import AnonymizerEngine

    return AnonymizerEngine()


def redact_text(text: str, spans: Iterable[PhiSpan]) -> str:
    """`text` with each span replaced by its type's tag (presidio-anonymizer's replace operator)."""
    from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

    spans = resolve_spans(spans)
    if not spans:
        return text
    results = [RecognizerResult(entity_type=s.type, start=s.start, end=s.end, score=s.score) for s in spans]
    operators = {s.type: OperatorConfig("replace", {"new_value": tag_for(s.type)}) for s in spans}
    return _anonymizer().anonymize(text=text, analyzer_results=results, operators=operators).text


def word_char_spans(segment: Segment) -> list[tuple[int, int] | None]:
    """Character [start, end) of each of the segment's words in its text (None where a word is not found).

    ASR words carry their own spacing ("  Hello,"): each is looked for, stripped, from where the previous one
    ended, case-insensitively."""
    text = segment.text.lower()
    out: list[tuple[int, int] | None] = []
    cursor = 0
    for w in segment.words:
        token = w.word.strip().lower()
        if not token:
            out.append(None)
            continue
        pos = text.find(token, cursor)
        if pos < 0 or pos - cursor > 40:
            # punctuation the ASR attached differently: try the word without it
            core = token.strip(".,!?;:\"'()")
            pos = text.find(core, cursor) if core else -1
            if pos < 0 or pos - cursor > 40:
                out.append(None)
                continue
            token = core
        out.append((pos, pos + len(token)))
        cursor = pos + len(token)
    return out


def redact_transcript(transcript: Transcript, spans: Sequence[PhiSpan]) -> Transcript:
    """A copy of the transcript with every span's text, and every word inside a span, replaced by its tag."""
    spans = resolve_spans(spans)
    by_seg: dict[int, list[PhiSpan]] = {}
    for s in spans:
        by_seg.setdefault(s.segment, []).append(s)
    out = transcript.model_copy(deep=True)
    for i, seg in enumerate(out.segments):
        seg_spans = by_seg.get(i)
        if not seg_spans:
            continue
        char_spans = word_char_spans(transcript.segments[i])
        seg.text = redact_text(seg.text, seg_spans)
        for w, cs in zip(seg.words, char_spans, strict=True):
            if cs is None:
                continue
            hit = next((s for s in seg_spans if s.start < cs[1] and cs[0] < s.end), None)
            if hit is not None:
                lead = w.word[: len(w.word) - len(w.word.lstrip())]
                w.word = lead + tag_for(hit.type)
    return out


# ---------------------------------------------------------------------------------------------------------------
# Reversible form


def _aead(key: bytes) -> AESGCM:
    if len(key) not in (16, 24, 32):
        raise ValueError("key must be 16, 24 or 32 bytes (AES-GCM)")
    return AESGCM(key)


def encrypt_span_values(transcript: Transcript, spans: Sequence[PhiSpan], key: bytes) -> list[str]:
    """One AES-GCM token per span (in the order given) holding the span's original text."""
    aead = _aead(key)
    tokens = []
    for s in spans:
        value = transcript.segments[s.segment].text[s.start : s.end].encode("utf-8")
        nonce = os.urandom(12)
        blob = nonce + aead.encrypt(nonce, value, s.type.encode("ascii"))
        tokens.append(TOKEN_PREFIX + s.type + "." + base64.urlsafe_b64encode(blob).decode("ascii"))
    return tokens


def reidentify(token: str, key: bytes) -> str:
    """The original text of a span from its token; raises ValueError if the token or key is wrong."""
    from cryptography.exceptions import InvalidTag

    try:
        prefix, typ, b64 = token.split(".", 2)
        if prefix + "." != TOKEN_PREFIX:
            raise ValueError
        blob = base64.urlsafe_b64decode(b64.encode("ascii"))
        return _aead(key).decrypt(blob[:12], blob[12:], typ.encode("ascii")).decode("utf-8")
    except (InvalidTag, ValueError, UnicodeError) as exc:
        raise ValueError("token cannot be decrypted with this key") from exc
