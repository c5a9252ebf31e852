"""Ages over 89 (Safe Harbor lets younger ages stand): "i'm ninety three", "a 91-year-old"."""

from __future__ import annotations

import re
from collections.abc import Iterable

from redactors.recognizers.base import SpokenRecognizer, register
from redactors.spoken import NormalizedText

_AGE = [
    re.compile(r"\b(?P<n>\d{2,3})(?:\s*-\s*|\s+)(?:years?|yrs?)(?:\s*-\s*|\s+)old\b"),
    re.compile(r"\b(?P<n>\d{2,3})\s*-\s*year\b"),
    re.compile(r"\b(?:age|aged|turned|turning|turn|be)\s+(?:of\s+)?(?P<n>\d{2,3})\b"),
    re.compile(
        # (lowercase ASR drops the apostrophe: "shes ninety seven", "its my husband whos ninety six")
        # ("nineteen thirty one. he was ninety four": the age at death, said of the patient's family)
        r"\b(?:i'?m|i am|she'?s|he'?s|she is|he is|she was|he was|who'?s|who is|mom'?s|dad'?s|you'?re|you are),?\s+"
        r"(?:(?:uh|um),?\s+)?"
        r"(?:just\s+|only\s+|almost\s+|still\s+|now\s+|nearly\s+)?"
        r"(?P<n>\d{2,3})\b(?!\s*(?:%|percent|pounds|lbs|minutes|dollars))"
    ),
    # "and is she still ninety two", "is he ninety one now"
    re.compile(
        r"\b(?:is|was) (?:she|he) (?:still\s+|now\s+)?(?P<n>\d{2,3})\b(?!\s*(?:%|percent|pounds|lbs|minutes|dollars))"
    ),
    # "I show him as ninety", "we have her as 93"
    re.compile(
        r"\b(?:show|shows|have|has|list|lists|listed|got)\s+(?:him|her|you|them)\s+(?:as|at)\s+(?P<n>\d{2,3})\b"
        r"(?!\s*(?:%|percent|pounds|lbs|minutes|dollars|mg|milligrams))"
    ),
    # "at ninety four on warfarin with a head strike"
    re.compile(r"\bat\s+(?P<n>\d{2,3})\s*,?\s+(?:on|with|and|who|taking|living|she|he)\b"),
    # "ninety five in december", "91 next month": an age still to come
    re.compile(
        r"\b(?P<n>\d{2,3})\s+(?:in|next|this|come)\s+(?:the\s+)?(?:january|february|march|april|may|june|july|august|september|"
        r"october|november|december|month|year|week|spring|summer|fall|autumn|winter)\b"
    ),
]
MIN_AGE = 90


@register
class AgeRecognizer(SpokenRecognizer):
    ENTITIES = ["AGE"]

    def find(self, norm: NormalizedText, text: str) -> Iterable[tuple[int, int, str, float]]:
        seen = set()
        for pat in _AGE:
            for m in pat.finditer(norm.text):
                n = int(m.group("n"))
                if n < MIN_AGE or n > 125 or m.start("n") in seen:
                    continue
                seen.add(m.start("n"))
                yield m.start("n"), m.end("n"), "AGE", 0.85
