"""spaCy's named entities (PERSON, LOCATION, DATE) with the false positives of call speech dropped.

DATE_TIME fires on "today", "monday", "four o'clock", "two weeks": a date of a patient has a digit or a month
(or a spoken number that normalizes to one)."""

from __future__ import annotations

import functools
import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

from redactors.lexicon import fold as lexicon_fold
from redactors.recognizers.base import normalized, register
from redactors.recognizers.gazetteer import INSURERS
from redactors.spoken import MONTHS, find_spoken_dates

_MONTH = re.compile(
    r"\b(?:" + "|".join(m for m in MONTHS if len(m) > 3) + r"|jan|feb|mar|apr|jun|jul|aug|sept?|"
    r"oct|nov|dec)\b",
    re.IGNORECASE,
)
_TIME_ONLY = re.compile(r"^(?:at\s+)?\d{1,2}(?::\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.|o'clock)?$", re.IGNORECASE)
_DURATION = re.compile(r"\b(?:days?|weeks?|months?|years?|hours?|minutes?|seconds?|ago|old)\b", re.IGNORECASE)
_YEAR_ONLY = re.compile(r"^(?:in\s+|the\s+)?(?:19|20)\d\d'?s?$")
_NOT_NAMES = INSURERS | {
    "mm-hmm",
    "nah",
    "yeah",
    "yep",
    "nope",
    "wow",
    "hey",
    "oops",
    "ugh",
    "huh",
    "mhm",
    "uh-huh",
    "hmm",
    "mm",
    "uh huh",
    "mm hmm",
    "hipaa",
    "covid",
    "medicare",
    "medicaid",
    "er",
    "icu",
    "mri",
    "ct",
    "uh",
    "um",
    "okay",
    "hi",
    "hello",
}


_GREETING = re.compile(
    r"(?:hey|hi|hello|thanks|thank you|dear|bye|goodbye|good (?:morning|afternoon|evening))\b[,]?\s+", re.I
)
_SENTENCE_START = re.compile(r"(?:^|[.?!:]\s+)\W*$")
# a listener's backchannel however it is spelled: "mm hm", "mmm-hmm", "uh huh"
_BACKCHANNEL = re.compile(r"(?:m+[- ]?h?m+|m*h+m+|uh[- ]?huh)", re.I)


def _sentence_word(text: str, start: int, value: str) -> bool:
    """ "Patient's name?", "Reason?": a capitalized everyday word starting a sentence is not a name."""
    from redactors import lexicon
    from redactors.recognizers.gazetteer import name_gazetteer

    w = value.lower()
    return (
        w.isalpha()
        and _SENTENCE_START.search(text[:start]) is not None
        and lexicon.zipf(w) >= 4.0
        and w not in name_gazetteer()
    )


@functools.lru_cache(maxsize=1)
def not_places() -> frozenset[str]:
    """States and countries: Safe Harbor lets them stand (only subdivisions smaller than a state are PHI)."""
    from redactors import lexicon
    from redactors.recognizers.address import STATES
    from redactors.spoken import STATE_ABBR

    names = set(lexicon.load()["countries"])
    names |= {"us", "usa", "u.s.", "united states", "america", "the united states", "uk", "england"}
    return frozenset(names | set(STATES) | set(STATE_ABBR))


@register
class CallSpacyRecognizer(SpacyRecognizer):
    ENTITIES = ["PERSON", "LOCATION", "DATE_TIME"]

    def __init__(self) -> None:
        super().__init__(supported_language="en", supported_entities=list(self.ENTITIES))
        self.name = "CallSpacyRecognizer"

    def analyze(self, text, entities, nlp_artifacts=None, **kwargs) -> list[RecognizerResult]:
        out = []
        for r in super().analyze(text, entities, nlp_artifacts):
            value = text[r.start : r.end]
            if r.entity_type == "DATE_TIME":
                norm = normalized(value)
                if not (_MONTH.search(norm.text) or find_spoken_dates(norm)):
                    continue
                if (
                    _TIME_ONLY.match(norm.text)
                    or _YEAR_ONLY.match(norm.text)
                    or (_DURATION.search(norm.text) and not _MONTH.search(norm.text))
                ):
                    continue
                r.entity_type = "DATE"
            elif r.entity_type == "LOCATION":
                if lexicon_fold(value).strip(" .,") in not_places() or value.lower() in INSURERS:
                    continue
            elif r.entity_type == "PERSON":
                # "hey kofi": the greeting is not part of the name
                g = _GREETING.match(value)
                if g and g.end() < len(value):
                    r.start += g.end()
                    value = text[r.start : r.end]
                if value.lower() in _NOT_NAMES or _BACKCHANNEL.fullmatch(value) or not re.search(r"[a-zA-Z]{2}", value):
                    continue
                if _sentence_word(text, r.start, value):
                    continue
            out.append(r)
        return out
