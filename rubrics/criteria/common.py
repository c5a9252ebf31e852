"""Text helpers the scorers share: turns, sentences, answers."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from rapidfuzz.distance import DamerauLevenshtein

from models.interchange import Transcript

# (not after a title: "you've got the colonoscopy with Dr. Aalto on the eleventh" is one sentence)
_SENTENCE_RE = re.compile(r"(?<![Dd]r\.)(?<![Mm]r\.)(?<![Mm]rs\.)(?<![Mm]s\.)(?<![Ss]t\.)(?<=[.!?])\s+|\s*\n\s*")
AFFIRM_RE = re.compile(
    r"^\W*(yes|yeah|yep|yup|ya|correct|that'?s (right|correct|it)|right|exactly|uh[- ]?huh|mm[- ]?hmm|"
    r"sure|i am|it is|it does|affirmative|absolutely|that is (right|correct))\b"
)
# The caller's "no" to what the agent just said, after an interjection too ("oh, no, that's my old one").
DENY_RE = re.compile(r"^\W*((oh|uh|um|ah|er|hmm|well|wait|sorry|oops)\W+)*(no|nope|nah|not quite|"
                     r"that'?s (not|wrong|incorrect|my old|the old|an old)|actually|incorrect|wrong|not anymore)\b")


# Whisper on telephone audio often hears "of" as "on" ("short on breath", "kind on rough", "date on
# birth"); after these words "on" is almost never what was said.
_ASR_OF = re.compile(r"\b(short|shortness|kind|sort|lot|list|because|instead|date|out) on\b")

_ASR_AUTHORIZATION = re.compile(r"\bprior (organization|authori[sz]ation|author(ity|ization)|rockerination)\b")

# Whisper writes clock times with a dot ("1.30 pm", "9.45am", "at 2.15"): the colon back.
_ASR_CLOCK = re.compile(r"(?<![\d.])([0-2]?\d)\.([0-5]\d)(?=\s?(a\.?m|p\.?m|o'?clock|in the)\b)|"
                        r"(?<=\bat )([0-2]?\d)\.([0-5]\d)\b(?!\.\d)")


def _clock(m: re.Match[str]) -> str:
    return f"{m.group(1) or m.group(4)}:{m.group(2) or m.group(5)}"


def fold_accents(text: str) -> str:
    """Letters without their marks ("Petrović" -> "Petrovic"): callers spell a marked letter as the plain one
    ("P-E-T-R-O-V-I-C, there's a little mark over the C") and records are typed either way."""
    text = text.translate(_UNDECOMPOSABLE)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


# letters Unicode does not split into a plain letter and a mark
_UNDECOMPOSABLE = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae",
                                 "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ı": "i", "ð": "d", "þ": "th"})


def norm(text: str) -> str:
    """Lowercase, straight apostrophes, single spaces, accents folded, "of" misheard as "on" put back: the form
    every pattern here is written for."""
    text = fold_accents(text)
    text = re.sub(r"\s+", " ", text.lower().replace("\u2019", "'").replace("\u2018", "'")).strip()
    text = _ASR_OF.sub(r"\1 of", text)
    text = _ASR_CLOCK.sub(_clock, text)
    return _ASR_AUTHORIZATION.sub("prior authorization", text)


def is_asr(transcript: Transcript) -> bool:
    """Was this text transcribed by a recognizer (confidences or word timings), rather than typed? Scorers
    then allow for mishearing."""
    return any(s.confidence is not None or s.words for s in transcript.segments)


def heard_as(word: str, heard: str) -> bool:
    """Could a recognizer have written ``heard`` for the name ``word`` ("reilly" -> "riley", "partners" ->
    "partner")? Within a third of the word's letters, for words of four letters or more."""
    if word == heard:
        return True
    if min(len(word), len(heard)) < 4:
        return False
    return DamerauLevenshtein.distance(word, heard) <= max(1, len(word) // 3)


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_RE.split(text) if s.strip()]


def texts(transcript: Transcript) -> list[str]:
    return [norm(s.text) for s in transcript.segments]


def speakers(transcript: Transcript) -> list[str]:
    return [s.speaker for s in transcript.segments]


def is_agent(speaker: str) -> bool:
    # an unlabelled speaker could be either; scorers treat it as both rather than drop evidence
    return speaker in ("agent", "unknown")


def is_caller(speaker: str) -> bool:
    return speaker in ("caller", "unknown")


def following(transcript: Transcript, index: int, speaker: str, limit: int) -> Iterator[int]:
    """Indexes of the next ``limit`` turns by ``speaker`` after segment ``index``."""
    found = 0
    for j in range(index + 1, len(transcript.segments)):
        if transcript.segments[j].speaker == speaker or transcript.segments[j].speaker == "unknown":
            yield j
            found += 1
            if found >= limit:
                return


def next_turn(transcript: Transcript, index: int, speaker: str) -> int | None:
    return next(following(transcript, index, speaker, 1), None)


def is_question(text: str) -> bool:
    return "?" in text or bool(re.match(r"^\W*(can|could|may|would|will|do|does|did|is|are|what|when|which|how)\b",
                                        text))
