"""Dates in every spoken form: "march fourth eighty two", "oh three oh four eighty two", "the 14th",
"03/04/1982". Bare weekdays, "today" and clock times are not dates of a patient and are left alone, and so is the
weekday said with a date ("tuesday the 14th": "the 14th" is the date; the weekday alone identifies no one).
Forms made of numbers only ("seven twelve sixty", "030482") count where a birth date is being given."""

from __future__ import annotations

import re
from collections.abc import Iterable

from redactors.recognizers.base import SpokenRecognizer, register
from redactors.spoken import NormalizedText, find_spoken_dates

DOB_WORDS = ("birth", "born", "dob", "birthday", "birthdate", "d.o.b")
_WORDS = re.compile(r"[a-z0-9'.]+")
# partial dates: "the 14th", "on the 3rd", "monday the 14th"
_PARTIAL = re.compile(
    r"\b(?:the,?\s+(?:(?:uh|um),?\s+)?)(?P<day>[1-3]?\d(?:st|nd|rd|th))\b(?!\s+(?:floor|time|grade|step|street|avenue|st|ave|place|"
    r"percent|one|1|century|amendment|try|attempt|dose|round|visit|opening|option|thing|available|appointment|"
    r"slot|choice|question|name|person|day|week|month|year|shot|trimester|page|line|number|digit|letter|\d+)\b)"
    # "the 3rd of next month", "the 2nd of this month"
    r"(?:\s+of\s+(?:next|this|last|the)\s+month\b)?"
)
_SECOND_DAY = re.compile(
    r"\bthe\s+[1-3]?\d(?:st|nd|rd|th)\s+(?:or|and|to|through|-)\s+(?:the\s+)?(?P<day>[1-3]?\d(?:st|nd|rd|th))\b"
)


def find_dates(norm: NormalizedText, loose: bool) -> Iterable[tuple[int, int, str, float]]:
    found = []
    for start, end, date in find_spoken_dates(norm, loose=loose):
        found.append((start, end))
        yield start, end, "DATE", 0.85 if date else 0.7
    # "the 20th or 21st": the second day of a list
    for m in _SECOND_DAY.finditer(norm.text):
        if not any(s < m.end() and m.start() < e for s, e in found):
            yield m.start("day"), m.end("day"), "DATE", 0.6
    for m in _PARTIAL.finditer(norm.text):
        if any(s < m.end() and m.start() < e for s, e in found):
            continue
        yield m.start(), m.end(), "DATE", 0.6


@register
class SpokenDateRecognizer(SpokenRecognizer):
    ENTITIES = ["DATE"]

    def find(self, norm: NormalizedText, text: str) -> Iterable[tuple[int, int, str, float]]:
        loose = any(w.startswith(DOB_WORDS) for w in _WORDS.findall(norm.text))
        yield from find_dates(norm, loose)
