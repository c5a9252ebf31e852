"""Dates in every spoken form: "march fourth eighty two", "oh three oh four eighty two", "the 14th",
"03/04/1982". Bare weekdays, "today" and clock times are not dates of a patient and are left alone, and so is the
weekday said with a date ("tuesday the 14th": "the 14th" is the date; the weekday alone identifies no one).
Forms made of numbers only ("seven twelve sixty", "030482") count where a birth date is being given; a month and a day
as two numbers ("ten thirty one at two forty") where an appointment is being set; a day counted from a weekday ("two
weeks from friday") anywhere."""

from __future__ import annotations

import re
from collections.abc import Iterable

from redactors.recognizers.base import SpokenRecognizer, register
from redactors.spoken import FILLERS, MONTHS, ORDINALS, NormalizedText, find_spoken_dates

DOB_WORDS = ("birth", "born", "dob", "birthday", "birthdate", "d.o.b")
_WORDS = re.compile(r"[a-z0-9'.]+")
# partial dates: "the 14th", "on the 3rd", "monday the 14th"
_PARTIAL = re.compile(
    r"\b(?:the,?\s+(?:(?:uh|um),?\s+)?)(?P<day>[1-3]?\d(?:st|nd|rd|th))\b(?!\s+(?:floor|time|grade|step|street|avenue|st|ave|place|"
    r"percent|one|1|century|amendment|try|attempt|dose|round|visit|opening|option|thing|available|appointment|"
    r"slot|choice|question|name|person|day|week|month|year|shot|trimester|page|line|number|digit|letter|new|next|"
    r"open|patient|half|part|few|couple|i(?!\s+(?:think|believe|guess|suppose)\b)|we|you|they|she|he|it|copy|copies|bill|claim|statement|request|"
    r"payment|installment|session|study|screening|treatment|trial|consult|refill|fill|box|bottle|pack|vial|injection|infusion|cycle|course|phase|stage|"
    r"level|tier|dollars?|hundred|thousand|\d+)\b)"
    # "the 3rd of next month", "the 2nd of this month"
    r"(?:\s+of\s+(?:next|this|last|the)\s+month\b)?"
)
_SECOND_DAY = re.compile(
    r"\bthe\s+[1-3]?\d(?:st|nd|rd|th)(?:\s+(?:or|and|to|through|-)|,)\s+(?:the\s+)?(?P<day>[1-3]?\d(?:st|nd|rd|th))\b"
)


_HOLIDAY = (
    r"new year'?s(?: day| eve)?|valentine'?s(?: day)?|valentine(?![\w-])|ides of march|"
    r"(?:st\.?|saint) patrick'?s(?: day)?|flag day|"
    r"easter(?: sunday| monday)?|mother'?s day|father'?s day|memorial day|independence day|labor day|"
    r"halloween(?: eve)?|thanksgiving(?: day)?|christmas(?: eve| day)?|boxing day|groundhog day|veterans'? day|"
    r"(?:martin luther king|mlk)(?: jr\.?)? day|presidents'? day|juneteenth|cinco de mayo"
)
WEEKDAYS_PATTERN = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
# "the day after, after the fourth", "tuesday after labor day", "right before thanksgiving"
_RELATIVE = (
    rf"(?:(?:the\s+)?(?:day|night|week|weekend|morning|evening|{WEEKDAYS_PATTERN})\s+(?:before|after)(?:,?\s+(?:before|after))?"
    # "two days after christmas"
    rf"|(?:a|one|two|three|four|five|six|a few|a couple of|\d)\s+(?:days|nights|weeks)\s+(?:before|after)"
    rf"|(?:right|just)\s+(?:before|after))"
)
# (with its year, also said short: "the day before halloween, eighty one")
_HOLIDAY_DATE = re.compile(
    rf"\b(?:{_RELATIVE}\s+(?:the\s+)?)?(?:{_HOLIDAY})\b"
    r"(?:,?\s+(?:(?:19|20)\s?\d\d|'?\d\d(?!\s*(?:am|pm|a\.m|p\.m|:|dollars|percent|minutes|mg|%)))\b)?"
)
_BEFORE_DATE = re.compile(rf"\b{_RELATIVE},?\s+(?:the\s+)?$")
# a holiday is a date of the patient's when the turn is about one of their events (in written prose, "the last
# Sunday before Labor Day we returned" is not)
_PATIENT_EVENT = re.compile(
    r"\b(born|birthday|appointment|visit|shot|injection|dose|surgery|procedure|discharged|admitted|came home|"
    r"went home|seen|fell|started|since|due|book|booked|schedule|scheduled|pencil|earliest|available|opening|"
    r"could (i|we) do|can (i|we|you) do|works?|come in|came in|went in|was in|drive me|take me|saw|turned|turns|'ll be|"
    r"will be|i have|passed away|died|"
    r"we have|see [a-z]+)\b"
)


_MONTH_YEAR = re.compile(
    r"\b(?:" + "|".join(sorted((m for m in MONTHS if len(m) > 3 and m != "may"), key=len, reverse=True)) + r")"
    r"(?:\s*,)?\s+(?:of\s+|in\s+)?(?:19|20)\s?\d{2}\b(?!\s*(?:dollars|mg|milligrams|percent))"
)


_YEAR_MONTH = re.compile(
    r"\b(?:19|20)\s?\d{2},?\s+(?:in\s+)?(?:"
    + "|".join(sorted((m for m in MONTHS if len(m) > 3 and m != "may"), key=len, reverse=True))
    + r")\b"
)


def find_dates(norm: NormalizedText, loose: bool, holidays: bool = False) -> Iterable[tuple[int, int, str, float]]:
    """Date spans in normalized coordinates; ``holidays``: days named by a holiday count even without a word
    of the patient's events in the turn (where a date is being asked for)."""
    found = []
    for start, end, date in find_spoken_dates(norm, loose=loose):
        found.append((start, end))
        yield _with_relative(norm, start), end, "DATE", 0.85 if date else 0.7
    # a day counted from a weekday: "two weeks from friday", "a week from monday", "two weeks ago tuesday"
    for m in _WEEKS_FROM.finditer(norm.text):
        found.append((m.start(), m.end()))
        yield m.start(), m.end(), "DATE", 0.6
    # a day named by a holiday: "the day before valentine", "groundhog day, 2022"
    if holidays or _PATIENT_EVENT.search(norm.text):
        for m in _HOLIDAY_DATE.finditer(norm.text):
            yield _with_relative(norm, m.start()), m.end(), "DATE", 0.6
    # "the 20th or 21st": the second day of a list
    for m in _SECOND_DAY.finditer(norm.text):
        if not any(s < m.end() and m.start() < e for s, e in found):
            yield m.start("day"), m.end("day"), "DATE", 0.6
    # "implanted in march of 2022", "a stent in 2019, in november": a month and its year
    for m in (*_MONTH_YEAR.finditer(norm.text), *_YEAR_MONTH.finditer(norm.text)):
        if not any(s < m.end() and m.start() < e for s, e in found):
            found.append((m.start(), m.end()))
            yield m.start(), m.end(), "DATE", 0.6
    for m in _PARTIAL.finditer(norm.text):
        if any(s < m.end() and m.start() < e for s, e in found):
            continue
        found.append((m.start(), m.end()))
        yield _with_relative(norm, m.start()), m.end(), "DATE", 0.6
    # a month and a day said as two numbers: "you're moved to ten thirty one at two forty", "labs drawn on oh three
    # oh five", "since twelve thirty one"
    for m in _MONTH_DAY.finditer(norm.text):
        if any(s < m.end() and m.start() < e for s, e in found) or not _is_month_day(norm.text, m):
            continue
        found.append((m.start(), m.end()))
        yield m.start(), m.end(), "DATE", 0.6
    # a weekday names the ordinal after it a date, whatever follows: "since my infusion on monday the 3rd i've had"
    for m in _WEEKDAY_THE_DAY.finditer(norm.text):
        day = "day" if m.group("day") else "day2"
        if not any(s < m.end(day) and m.start(day) < e for s, e in found):
            yield m.start(day), m.end(day), "DATE", 0.6


# ("two weeks ago tuesday": the weekday of that week)
_WEEKS_FROM = re.compile(
    rf"\b(?:a|one|two|three|four|five|six|[1-6])\s+weeks?\s+(?:from\s+(?:this\s+|next\s+)?|ago\s+(?:on\s+)?)"
    rf"(?:{WEEKDAYS_PATTERN})\b"
)
_WEEKDAY_THE_DAY = re.compile(
    rf"\b(?:{WEEKDAYS_PATTERN}),?\s+(?P<day>the\s+[1-3]?\d(?:st|nd|rd|th))\b"
    # with "on" or "since" before it, a pronoun after it: "since the infusion on the 2nd he's had headaches", "it went
    # to heartwise cardiology on the ninth they need ..." (not "the second he's home", with no "on" before it)
    r"|\b(?:on|since)\s+(?P<day2>the\s+[1-3]?\d(?:st|nd|rd|th))\b(?=\s+(?:i|he|she|we|they|you)\b)"
)


_MONTH_DAY = re.compile(
    r"(?<![\d.:$/-])(?<!\d )(?<!\d, )\b(?:(?P<m>0[1-9]|1[0-2]|[1-9]),? (?P<d>0[1-9]|[12]\d|3[01])"
    r"|(?P<m2>0[1-9]|1[0-2])(?P<d2>0[1-9]|[12]\d|3[01]))\b(?![.:/-]?\d|,? \d)"
)
# a month and a day said as numbers come after a scheduling word ("the week of six seventeen") and before the end of
# the clause or a time ("twelve oh nine at eleven")
_MONTH_DAY_BEFORE = re.compile(
    r"\b(on|since|week of|see you|is|was|for|has|have|got|booked|scheduled|moved to|drawn|due|starting|from|"
    r"before|after)\s*$"
)
_MONTH_DAY_AFTER = re.compile(r"\s*(?:[.,?!]|$|(?:at|then|works|or|and|with|is|okay|right|please|for)\b)")
_TIME_AFTER = re.compile(r"\s+at\s+\d")
# a phone's or a room's number, an amount, a clock time ("at ten fifteen", "ends oh one oh five")
_NOT_MONTH_DAY_BEFORE = re.compile(
    r"\b(end(s|ing)?( in| with)?|last (four|4)|extension|ext|number|phone|call|dial|fax|room|suite|unit|apt|"
    r"apartment|box|id|code|at|around|about|by|between|till|until|paid|pay|owe|costs?)\s*,?\s*$|"
    r"\b(copay|co-pay|balance|deductible|total|charge|price|bill|dollars|weighs?|weight|pressure|sugar|reading)\b"
)


def _is_month_day(text: str, m: re.Match[str]) -> bool:
    """Two numbers that are a month and a day, not a clock time, a house number or part of a phone number: with a
    zero before the month ("oh seven, oh two") or a time after them, or after a scheduling word with a day no
    clock time would have ("the week of six seventeen", not "on two thirty")."""
    before = text[max(0, m.start() - 30) : m.start()]
    if not _MONTH_DAY_AFTER.match(text, m.end()) or _NOT_MONTH_DAY_BEFORE.search(before):
        return False
    month = m.group("m") or m.group("m2")
    day = int(m.group("d") or m.group("d2"))
    if month.startswith("0") or _TIME_AFTER.match(text, m.end()):
        return True
    return day % 5 != 0 and _MONTH_DAY_BEFORE.search(before) is not None


def _with_relative(norm: NormalizedText, start: int) -> int:
    """ "the day after, after the fourth": a day named from a date is said with it."""
    before = _BEFORE_DATE.search(norm.text[max(0, start - 40) : start])
    return start - (min(start, 40) - before.start()) if before else start


_ORDINAL_WORDS = set(ORDINALS)
# what may stand between the parts of one date said with pauses and restarts
_DATE_GAP = {"of", "the", "in", "month", "and", "no", "sorry", "wait", "i", "mean", *FILLERS}


def _not_a_date_part(norm: NormalizedText, k: int) -> bool:
    """A number that is no piece of a date: an amount of money ("$86.40"), a room's number ("room 210")."""
    words = [norm.text[s:e] for s, e, _ in norm.tokens]
    # (the cents of "$86.40" follow "$", "86", ".")
    money = words[k - 1 : k] == ["$"] or (k >= 3 and words[k - 3] == "$" and words[k - 1] == ".")
    if money or words[k - 1 : k] in (["room"], ["suite"], ["extension"], ["ext"], ["floor"], ["bed"], ["unit"]):
        return True
    # a time or an amount said in two numbers: "at ten fifteen", "it came in at, um, four-twelve", "paid two sixty"
    before = [w for w in words[max(0, k - 4) : k] if w not in FILLERS and w not in (",", ".", "…")]
    return " " in words[k] and before[-1:] in (["at"], ["paid"], ["pays"], ["pay"], ["costs"], ["cost"], ["owe"])


def date_runs(norm: NormalizedText) -> list[tuple[int, int]]:
    """Stretches of date words said together, with restarts and pauses ("the 29th of, uh, of january. 19, um, 41",
    "19... 40... 8? ... 48. the um, the 2nd of, of the 4th month. april 2nd"): from the first to the last of at
    least two month, day or year tokens, with only fillers, "of", "the" and punctuation between. Where a date
    of birth is being given, such a stretch is the date."""
    runs: list[tuple[int, int]] = []
    first = last = None
    cores = 0
    for k, (s, e, kind) in enumerate(norm.tokens):
        word = norm.text[s:e]
        core = kind in ("num", "ord") or word in MONTHS or word in _ORDINAL_WORDS
        # ("nine twenty-two" is normalized "9 22": a month and a day)
        groups = word.split() if kind == "num" else []
        if kind == "num" and _not_a_date_part(norm, k):
            # money ("$86.40") and a room number ("room 210") end a stretch of date words
            if first is not None and cores >= 2:
                runs.append((first, last))
            first, last, cores = None, None, 0
            continue
        if core:
            if first is None:
                first = s
            last, cores = e, cores + (len(groups) if 2 <= len(groups) <= 3 and all(len(g) <= 4 for g in groups) else 1)
        elif kind == "punct" or word in _DATE_GAP:
            continue
        else:
            if first is not None and cores >= 2:
                runs.append((first, last))
            first, last, cores = None, None, 0
    if first is not None and cores >= 2:
        runs.append((first, last))
    return runs


@register
class SpokenDateRecognizer(SpokenRecognizer):
    ENTITIES = ["DATE"]

    def find(self, norm: NormalizedText, text: str) -> Iterable[tuple[int, int, str, float]]:
        loose = any(w.startswith(DOB_WORDS) for w in _WORDS.findall(norm.text))
        yield from find_dates(norm, loose)
