"""data_accuracy: every field the agent captured in the record matches what the caller said.

Values are compared in the spoken-form normalization of ``redactors.spoken`` ("march fourth eighty two"
-> 1982-03-04, "g o n z a l e z" -> gonzalez, "five five five ..." -> 555...). For each field the
scorer finds where it was discussed (the caller's answer to the agent's question, a caller statement
naming the field, an agent read-back the caller affirms or corrects) and names each mismatch. A field
never discussed is "unverifiable", not a mismatch. The share of checked fields that match is the
Information Accuracy Rate.

A value said only in part is compared on that part: a first or last name alone, the last four digits of a
number, a birthday without the year, an offered slot the caller picks by its day alone ("let's do the
22nd"). A part that differs from the record's is a mismatch; a part that agrees makes a partial match
(``partially_checked_fields``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import Field
from rapidfuzz import fuzz
from rapidfuzz.distance import DamerauLevenshtein

from models.interchange import CriterionResult
from redactors.context import is_backchannel
from redactors.spoken import FILLER_RE, MONTHS, NATO, ORDINALS, find_spoken_dates, normalize_spoken
from rubrics.criteria import Context, Params, register
from rubrics.criteria.common import AFFIRM_RE, DENY_RE, heard_as, is_asr, is_question, next_turn, norm, texts

# record key -> canonical field
ALIASES = {
    "name": "name", "full_name": "name", "patient_name": "name", "caller_name": "name",
    "first_name": "first_name", "last_name": "last_name",
    "dob": "dob", "date_of_birth": "dob", "birth_date": "dob", "birthdate": "dob",
    "phone": "phone", "phone_number": "phone", "callback_number": "phone", "callback_phone": "phone",
    "member_id": "member_id", "insurance_id": "member_id", "subscriber_id": "member_id", "policy_number": "member_id",
    "address": "address", "street_address": "address", "home_address": "address",
    "zip": "zip", "zip_code": "zip",
    "appointment_date": "appointment_date", "appt_date": "appointment_date",
    "appointment_time": "appointment_time", "appt_time": "appointment_time",
    "appointment": "appointment", "appointment_datetime": "appointment", "appointment_at": "appointment",
    "provider": "provider", "provider_name": "provider", "doctor": "provider", "physician": "provider",
    "email": "email", "email_address": "email", "group_number": "group_number", "group_id": "group_number",
    "account_number": "account_number", "account": "account_number", "mrn": "mrn",
    "medical_record_number": "mrn", "device_serial": "device_serial", "serial_number": "device_serial",
    "city": "city",
}
ID_FIELDS = ("phone", "member_id", "zip", "group_number", "account_number", "mrn", "device_serial")
FIELD_CONTEXT = {
    "name": r"\b(name|spell(ing|ed)?|who am i speaking|this is|i'?m|speak(ing)? (with|to)|trying to reach|"
            r"is [a-z]+( [a-z]+)? available)\b",
    "first_name": r"\b(first name|name|spell(ing|ed)?)\b",
    "last_name": r"\b(last name|surname|name|spell(ing|ed)?)\b",
    "dob": r"\b(date of birth|birth ?date|birthday|d\.?\s?o\.?\s?b|born)",
    "phone": r"\b(phone|number to reach|callbacks?|call (you|me|her|him|them)? ?back|best number|good number|"
             r"new number|cell|"
             r"telephone|your number|this number|"
             r"number for you|reach you|contact number|number (is )?still good|my number|number changed|"
             r"(the|is the) (number|phone) on (the|file|his|her|your|their|record|referral|chart|account)|"
             # "and we text reminders to 617-555-0174, is that still good?"
             r"text (you|reminders|messages|a reminder|the reminder)s? to)\b",
    "member_id": r"\b(member|insurance id|subscriber|policy|id number|id on (your|the) card|plan id|"
                 r"(number|id) (off|on|from) (his|her|your|my|their|the) (insurance )?card|insurance card|"
                 r"card number)\b",
    # (or an address said: "Is this Marguerite Olsen ... at fourteen Alder Lane?")
    "address": r"\b(address|street|live at|mailing)\b|\b(\d{1,6}|(one|two|three|four|five|six|seven|eight|nine|ten|"
               r"eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|"
               r"fifty|sixty|seventy|eighty|ninety|hundred)(-[a-z]+)?) ([a-z]+ ){1,2}(lane|road|avenue|drive|court|"
               r"boulevard|circle|terrace|trail|parkway)\b",
    "zip": r"\b(zip|postal)\b",
    "appointment_date": r"\b(appointment|schedule|scheduled|book|booked|opening|available|slot|come in|visit|see you)",
    "appointment_time": r"\b(appointment|schedule|scheduled|book|booked|opening|available|slot|come in|visit|"
                        r"see you|\d ?(am|pm)|o'?clock)",
    "appointment": r"\b(appointment|schedule|scheduled|book|booked|opening|available|slot|come in|visit|see you|"
                   r"get you in|i have|works|take|so that'?s|you'?re (all )?set|confirm|let'?s do|(at|on) (monday|"
                   r"tuesday|wednesday|thursday|friday|saturday|sunday)|\d ?(am|pm|a\.m\.|p\.m\.))",
    "provider": r"\b(dr\.?|doctor|provider|physician|np|nurse practitioner|with)\b",
    "email": r"\b(email|e-mail)\b",
    "group_number": r"\bgroup\b",
    "account_number": r"\baccount\b",
    "mrn": r"\b(medical record|mrn|m r n|chart number)\b",
    "device_serial": r"\b(serial|device)\b",
    "city": r"\b(city|address|live)\b",
}
READ_BACK = re.compile(r"\b(read (that|it|this) back|let me confirm|to confirm|just to (confirm|verify|make sure)|"
                       r"i have (you|your|it|that)|so that'?s|so your|is that (right|correct)|did i get that right|"
                       r"confirm (your|that|the))\b")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_RE = re.compile(
    r"\b(?P<nm>[01]?\d)/(?P<nd>[0-3]?\d)\b(?!/)"
    rf"|\b(?:(?P<wd>{'|'.join(WEEKDAYS)}),?\s+)?(?:(?P<month>{_MONTH_ALT})\.?\s+)?(?:the\s+)?"
    rf"(?P<day>[0-3]?\d)(?P<suf>st|nd|rd|th)?\b(?:\s+of\s+(?P<month2>{_MONTH_ALT}))?"
    rf"|\b(?P<wd_only>{'|'.join(WEEKDAYS)})\b"
)
# A sentence about an appointment the patient already has, not an offer of a new one.
EXISTING = re.compile(r"\b((you'?re|you are|she'?s|he'?s|they'?re) (scheduled|booked|down)|last (visit|appointment)|"
                      r"was on|were seen|used to be|currently (have|has))\b")
_TIME_RE = re.compile(
    # "at 2 40", and a slot named by its time: "a 2 40 or a 3 15", "the 2 40", "it's 9 30 now"
    # ... or offered and taken: "I've got 3 15 or 4 o'clock", "I can do 3 10", "let's do 3 15"
    r"(?P<at>\bat\s+)?(?P<lead>^\s*|,\s*|\b(?:a|the|it'?s|or|now|until|till|before|after|by|got|have|do)\s+)?"
    r"\b(?P<h>\d{1,2})"
    # ("10.30 or 11.15": a dot between hour and minutes, as some write it; not "$12.50" or "7.25 milligrams")
    r"(?::(?P<m>\d{2})|(?<!\$)(?<!\$\d)(?<!\$\d\d)\.(?P<m3>[0-5]\d)\b(?!\.\d|\s*(?:dollars|bucks|cents|mg|"
    r"milligrams?|percent|%|units|ml|pounds|kilos|degrees))|\s(?P<m2>[0-5]\d)(?:\b|(?=[ap]\.?m\b)))?\s*"
    r"(?P<suf>a\.?\s?m\b\.?|p\.?\s?m\b\.?|o'?clock)?(?P<part>\s*in the (?:morning|afternoon|evening))?"
    r"|\bhalf past (?P<hh>\d{1,2})\b|\b(?P<noon>noon|midday)\b"
)
_NOT_A_DAY = re.compile(r"\s+(opening|openings|one|1|ones|available|availability|time|slot|option|thing|step|"
                        r"appointment|visit|question|choice|two|three|of (the|my|your|them)|floor|grade|shift|dose)\b")
# Words right before a person's name: "may i speak with michael", "this is ann", "trying to reach jared".
NAME_CUE = re.compile(r"\b(speak(ing)? (with|to)|reach|(this|name) is|i'?m|it'?s|is|mr|mrs|ms|miss|patient)$")
# A question the agent asks after a read-back: the caller's "no" answers it, not the read-back.
OTHER_QUESTION = re.compile(r"\b((is|was) there )?anything else\b|\bany (other )?questions\b")
# "the last four of your phone", "last 4 digits": a number said in part
LAST_FOUR = re.compile(r"\blast (four|4)\b")
# A turn that is about another number: its digits are no date of birth.
_BIRTH_CUE = re.compile(FIELD_CONTEXT["dob"])
NOT_A_DOB = re.compile(r"\b(last (four|4)|social|ssn|zip|phone|member|account|group|serial)\b")
# A caller correcting what they just said: "..., no wait, 8131", "oh sorry, I mean July tenth".
# the caller doubting what they said: "did I say four seven? It's seven four", "I always flip it"
_SAID_IT_WRONG = re.compile(r"\bdid i (say|give you)\b|\bi (always |keep )?(flip|flipped|swap|swapped|mix(ed)? up) "
                            r"(it|them|those|the)\b|"
                            # "oh and i said seventy two its seventy three"
                            r"\bi said [a-z0-9 -]{1,25},? (it'?s|its)\b")
# a number said in groups: "614, 555, 0147"
_DIGIT_RUN = re.compile(r"\d+(?:(?:, | |-)\d+)*")
CORRECTION = re.compile(r"\b(no,? wait|wait,? no|wait|sorry|i mean|i meant|actually|scratch that|correction|oh,? no|"
                        r"that'?s wrong|that was wrong|i was wrong|"
                        r"let me correct|my mistake|my bad|oops|no,? no|not [a-z0-9]+,? it'?s|"
                        # "719-555-0174, no, oh one four seven": a number taken back for another
                        r"(?<=\d), no(?=, \d))\b")
# A caller taking back what was agreed: a correction, or asking for another value instead.
CHANGE_OF_MIND = re.compile(CORRECTION.pattern + r"|\b(instead|rather|change (it|that) to|switch (it|that)|"
                            r"that'?s (my|the|an) old|"
                            # "that's me, but that phone's changed. It's 503-555-0174 now."
                            r"(number|phone|cell|address|email)('s| has| is| got)? changed|new (number|cell|phone))\b")
# A doctor named as the one the patient is booked with or referred to ("I'll send the referral to Dr. Fenwright",
# "you'll be seeing Dr. Marchetti", "Dr. Ames can see you"), and a negation in the words before it ("can't book
# you with Dr. X").
ASSIGNED_PROVIDER = re.compile(
    r"\b(?:referr?al (?:over )?(?:to|for)|refer(?:ring)? (?:you|him|her|them)(?: over)? to|"
    r"send(?:ing)? (?:it|you|him|her|that|the referral|your referral|the records|your records|the orders?)"
    r"(?: over)? to|"
    r"sent (?:it|that|the referral|your referral)(?: over)? to|"
    r"(?:booked|scheduled|set (?:you|him|her) up|put (?:you|him|her)(?: down)?|got (?:you|him|her)(?: in)?|"
    r"schedule (?:you|him|her)|book (?:you|him|her)|appointment|visit|follow-?up|consult(?:ation)?|"
    r"(?:you'?re|you are|she'?s|he'?s) (?:all )?(?:set|down)) with|"
    r"(?:you'?ll|you will|she'?ll|he'?ll|they'?ll) (?:be )?(?:seeing|see)|"
    r"(?:rather|prefer to|like to|want to|wanna) see|"
    r"(?:assigned|transferr?(?:ed|ing)?) (?:you |him |her )?to|"
    r"(?:new |primary care )(?:doctor|provider|physician|pcp) (?:is|will be))\s+(?:the\s+)?"
    r"(?:dr\.?|doctor)\s+(?P<doc>[a-z][a-z'-]+(?: [a-z][a-z'-]+)?)"
    r"|\b(?:dr\.?|doctor)\s+(?P<doc2>[a-z][a-z'-]+(?: [a-z][a-z'-]+)?),?\s+(?:will|can|could) (?:see|take) "
    r"(?:you|him|her)\b")
_NEGATED_BEFORE = re.compile(r"\b(can'?t|cannot|can not|won'?t|not|no longer|unable|isn'?t|aren'?t|don'?t)\b"
                             r"[^.,;!?]{0,30}$")
# A caller giving their office's own line: "our direct line is ...", "the office number here is ..."
OTHER_PARTY_NUMBER = re.compile(r"\b(our|the office'?s?|the clinic'?s?|the facility'?s?) (direct |main |office |"
                                r"front desk |nurses'? station )?(line|number|phone|fax)\b|\bmain (line|desk)\b")
# The agent asking for the calling office's number: "can you give me the office's callback number"
OFFICE_NUMBER_ASKED = re.compile(r"\b(the |your )?(office|clinic|practice|facility)('s|s')? (callback |call-back |"
                                 r"direct |main |fax )?(number|line)\b")
# A caller going back to a value given earlier in the call: "earlier I said fifty-eight for the year, that's wrong"
_TAKEN_BACK = r"\b(earlier|before|a (minute|second) ago|the first time) i (said|gave|told)|\bi (said|gave you) "
FIELD_TAKEN_BACK = {
    "dob": re.compile(_TAKEN_BACK + r"[^.?!]{0,30}\b(year|birthday|birth date|date of birth|dob|month|day)\b|"
                      r"\bi said [a-z0-9 -]{1,25},? (it'?s|its) [a-z0-9 -]{1,25}\b(nineteen|twenty|19\d\d|20\d\d)\b"),
}
# The agent withdrawing a slot the caller took: "oh, actually, shoot, the two fifty just got grabbed".
SLOT_GONE = re.compile(r"\b(just )?(got|been|was|is) (grabbed|taken|booked|snagged|filled)\b|\b(no longer|not) "
                       r"available\b|\b(that|it|that one)'?s gone\b|\bactually\b")
CHOICE_FIRST = re.compile(r"\b(first|earlier|former|1st)\b")
CHOICE_SECOND = re.compile(r"\b(second|later|latter|other one|2nd|last one)\b")


@dataclass(frozen=True)
class DayMention:
    pos: int
    day: int | None = None
    month: int | None = None
    weekday: int | None = None
    year: int | None = None

    def fits(self, d: dt.date) -> bool:
        return ((self.day is None or self.day == d.day) and (self.month is None or self.month == d.month)
                and (self.weekday is None or self.weekday == d.weekday())
                and (self.year is None or self.year == d.year))


def _day_mentions(norm: str) -> list[DayMention]:
    out: list[DayMention] = []
    full = {s: d for s, _, d in find_spoken_dates(normalize_spoken(norm)) if d is not None}
    for m in _DAY_RE.finditer(norm):
        if m.start() in full:
            d = full[m.start()]
            out.append(DayMention(m.start(), d.day, d.month, None, d.year))
            continue
        if m.group("wd_only"):
            out.append(DayMention(m.start(), weekday=WEEKDAYS.index(m.group("wd_only"))))
            continue
        if m.group("nm"):
            month, day = int(m.group("nm")), int(m.group("nd"))
            if 1 <= month <= 12 and 1 <= day <= 31:
                out.append(DayMention(m.start(), day, month))
            continue
        month_s = m.group("month") or m.group("month2")
        # a bare number is a day only with an ordinal suffix or a month beside it; "the first opening" is not
        if not month_s and _NOT_A_DAY.match(norm, m.end()):
            continue
        if not (m.group("suf") or month_s):
            if m.group("wd"):
                out.append(DayMention(m.start(), weekday=WEEKDAYS.index(m.group("wd"))))
            continue
        day = int(m.group("day"))
        if 1 <= day <= 31:
            out.append(DayMention(m.start(), day, MONTHS[month_s] if month_s else None,
                                  WEEKDAYS.index(m.group("wd")) if m.group("wd") else None))
    return out


def _times(norm: str) -> list[tuple[int, tuple[int, int]]]:
    """(position, (hour 0-23, minute)) for each clock time; an hour without am/pm reads as office hours
    (1-6 -> afternoon)."""
    out = []
    for m in _TIME_RE.finditer(norm):
        if m.group("noon"):
            out.append((m.start(), (12, 0)))
            continue
        if m.group("hh"):
            h, mi, suffix = int(m.group("hh")), 30, ""
        else:
            minute = m.group("m") or m.group("m3") or m.group("m2")
            suffix = (m.group("suf") or "") + (m.group("part") or "")
            # (a time named without "at" is a clock hour, 1-12: ", 19 46" is a year)
            if not (m.group("m") or m.group("m3") or suffix or (m.group("at") and (minute or len(m.group("h")) <= 2))
                    or (m.group("lead") is not None and m.group("m2") and 1 <= int(m.group("h")) <= 12)):
                continue
            h, mi = int(m.group("h")), int(minute or 0)
        if h > 23 or mi > 59 or (h == 0 and not (m.group("m") or m.group("m3"))):
            continue
        suffix = suffix.replace(".", "").replace(" ", "")
        if suffix.startswith("p") or "afternoon" in suffix or "evening" in suffix:
            h = h + 12 if h < 12 else h
        elif suffix.startswith("a") or "morning" in suffix:
            h = 0 if h == 12 else h
        elif 1 <= h <= 6:
            h += 12
        out.append((m.start("h") if m.group("h") else m.start(), (h, mi)))
    return out


@dataclass(frozen=True)
class Slot:
    day: DayMention | None
    time: tuple[int, int] | None


_OR_TIME = re.compile(
    r"\d{1,2}(?:[:.]\d{2}|\s[0-5]\d)?\s*(?:[ap]\.?\s?m\b\.?)?\s*,?\s*(?:or|and)\s+(?:at\s+|the\s+|a\s+)?$"
)


_TIME_THEN_DAY = re.compile(
    r"\d{1,2}(?:[:.]\d{2}|\s[0-5]\d)?\s*(?:[ap]\.?\s?m\b\.?|o'?clock|in the (?:morning|afternoon|evening))?\s*,?\s*"
    # (a word between them: "2 30 thursday morning" is a time of that morning, not the slot)
    r"(?:(?:it is|it'?s|that is|that'?s|works)\s*,?\s*(?:on\s+|for\s+|this\s+|next\s+)?|on\s+|for\s+|this\s+|"
    r"next\s+)(?:the\s+)?"
)


def _slots(norm: str) -> list[Slot]:
    """Date-and-time mentions, each date paired with the first time after it."""
    days = sorted(_day_mentions(norm), key=lambda d: d.pos)
    times = _times(norm)
    slots: list[Slot] = []
    used: set[int] = set()
    for k, d in enumerate(days):
        nxt = days[k + 1].pos if k + 1 < len(days) else len(norm) + 1
        # "she has a 2 15 on the 9th, that's the only one before the 2 30": a time said just before the day is
        # its time, whatever comes after
        t = next(((p, hm) for p, hm in reversed(times) if p < d.pos and p not in used
                  and _TIME_THEN_DAY.fullmatch(norm, p, d.pos)), None)
        t = t or next(((p, hm) for p, hm in times if d.pos <= p < nxt and p not in used), None)
        if t:
            used.add(t[0])
        slots.append(Slot(d, t[1] if t else None))
        # "Wednesday, September 17th. I have 10.30 or 11.15": the other times offered for that day
        prev = t[0] if t else None
        for p, hm in times:
            if prev is not None and prev < p < nxt and p not in used and _OR_TIME.match(norm[prev:p]):
                used.add(p)
                slots.append(Slot(d, hm))
                prev = p
    # "10 20 on tuesday the 11th", "3 40 it is, tuesday march 11th": a time said just before a day without one
    for k, sl in enumerate(slots):
        if sl.time is None:
            before = [(p, hm) for p, hm in times if p < sl.day.pos and p not in used
                      and _TIME_THEN_DAY.fullmatch(norm, p, sl.day.pos)]
            if before:
                used.add(before[-1][0])
                slots[k] = Slot(sl.day, before[-1][1])
    slots += [Slot(None, hm) for p, hm in times if p not in used]
    return slots


class AccuracyParams(Params):
    fields: list[str] | None = Field(default=None, description="Record fields to check (default: all known).")
    name_similarity: float = Field(default=85.0, ge=0, le=100, description="rapidfuzz ratio at which a said "
                                                                             "word is taken to be the field's "
                                                                             "(mis-captured) name.")


@dataclass
class FieldCheck:
    field: str
    key: str
    status: str = "unverifiable"  # match | mismatch | unverifiable
    segments: list[int] = field(default_factory=list)
    read_back_confirmed: bool = False
    partial: bool = False  # judged on the part of the value that was said


def _norm_text(text: str) -> str:
    return normalize_spoken(_XRAY.sub(r"\1 xray", text)).text


# "X as in x-ray": the hyphen splits the NATO word, so the letter would not be read as spelled
_XRAY = re.compile(r"\b(as in|for|like) x-ray\b", re.IGNORECASE)


class LazyNorms:
    """Each segment's spoken-form normalization, computed when first needed (most turns never are)."""

    def __init__(self, txt: list[str]):
        self._txt = txt
        self._done: dict[int, str] = {}

    def __getitem__(self, i: int) -> str:
        if i not in self._done:
            self._done[i] = _norm_text(self._txt[i])
        return self._done[i]

    def __len__(self) -> int:
        return len(self._txt)


def _alnum(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _record_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    for _, _, d in find_spoken_dates(normalize_spoken(text)):
        if d is not None:
            return d
    return None


def _record_time(value: Any) -> tuple[int, int] | None:
    if isinstance(value, dt.time | dt.datetime):
        return (value.hour, value.minute)
    text = str(value).strip().lower()
    m = re.search(r"(\d{1,2}):(\d{2})(?::\d{2})?\s*(am|pm|a\.m\.|p\.m\.)?$", text)
    if m:
        h, mi = int(m.group(1)), int(m.group(2))
        if m.group(3) and m.group(3).startswith("p") and h < 12:
            h += 12
        if m.group(3) and m.group(3).startswith("a") and h == 12:
            h = 0
        return (h, mi)
    times = _times(_norm_text(text))
    return times[0][1] if times else None


_YEAR_FIRST = re.compile(
    rf"\b(?P<year>(?:19|20) ?\d\d)[\s,]+(?:(?:um|uh|and)[\s,]+)?(?P<day>(?:the )?\d{{1,2}}(?:st|nd|rd|th)? of "
    rf"(?:{_MONTH_ALT})|(?:{_MONTH_ALT}) (?:the )?\d{{1,2}}(?:st|nd|rd|th)?)\b(?![\s,]*(?:19|20) ?\d\d)"
)


def _dates(norm: str, birth_turn: bool = True) -> list[dt.date]:
    """Full dates said in the turn; numbers alone count as one only in a turn about a birth date (`birth_turn`)."""
    norm = re.sub(r"\b([a-z]+)(?:,?\s+\1\b)+", r"\1", norm)  # a word stuttered: "the fourth of, of october"
    norm = re.sub(r"\s*(\.\.\.|…)\s*", ", ", norm)  # a pause inside the date: "the fifth of november... nineteen"
    # the day taken back right after the month: "july thirteenth, no, thirtieth, sorry, thirtieth, nineteen ninety"
    while (fixed := _DAY_TAKEN_BACK.sub(r"\g<month> \g<day>", norm)) != norm:
        norm = fixed
    # the year said first: "nineteen thirty-nine, um, the eleventh of july" is the eleventh of july, 1939
    spoken = normalize_spoken(norm).text
    if _YEAR_FIRST.search(spoken):
        norm = _YEAR_FIRST.sub(r"\g<day>, \g<year>", spoken)
    found = [d for _, _, d in find_spoken_dates(normalize_spoken(norm)) if d is not None]
    if not birth_turn:
        return found
    other = NOT_A_DOB.search(norm)
    cue = _BIRTH_CUE.search(norm)
    # (a year said short, then whole, is a year: "forty-three. nineteen forty-three", not January 9th)
    if not found and re.fullmatch(r"[\s,.]*(\d\d)[.,]?\s+(?:19|20)\s?\1[\s,.]*", normalize_spoken(norm).text):
        return []
    if not found and (not other or cue and cue.end() <= other.start()):
        # where a date of birth is asked for, numbers alone are one: "eight twenty six thirty five" -> 8 26 35;
        # between the cue and another number's ("date of birth 5 22 58, phone's 972 ...")
        said = normalize_spoken(norm[cue.end():other.start()] if other and cue else norm)
        # (a year alone is no date: "it's on her folder... nineteen thirty-nine", not January 9th)
        found = [d for a, b, d in find_spoken_dates(said, loose=True)
                 if d is not None and not _YEAR_ALONE.fullmatch(said.text[a:b])]
    if not found:
        # "oh two one two nineteen twenty seven" can come out as digit groups ("0212 19 27"): read the
        # joined digits as MMDDYY or MMDDYYYY
        digits = "".join(re.findall(r"\d+", norm))
        if len(digits) in (6, 8):
            year = int(digits[4:])
            if len(digits) == 6:
                year += 1900 if year > dt.date.today().year % 100 else 2000
            with contextlib.suppress(ValueError):
                found = [dt.date(year, int(digits[:2]), int(digits[2:4]))]
    return found


_YEAR_ALONE = re.compile(r"\s*(19|20) ?\d\d\s*")
_DAY_WORD = r"(\d{1,2}(st|nd|rd|th)|(twenty|thirty)[- ](first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|" \
    + "|".join(ORDINALS) + ")"
_DAY_TAKEN_BACK = re.compile(rf"\b(?P<month>{_MONTH_ALT}) (the )?{_DAY_WORD},? (no|sorry|wait|i mean|actually),? "
                             rf"(the )?(?P<day>{_DAY_WORD})\b")


def _last_sentence(text: str) -> str:
    parts = [p for p in re.split(r"(?<=[.!?])\s+", text.strip()) if p]
    return parts[-1] if parts else text


def _same_birthday(said: dt.date, want: dt.date, norm: str) -> bool:
    """The date, or the date with its year said in two digits ("november twentieth twenty five" is 1925 for
    a caller born then: the century is the listener's guess)."""
    return said == want or ((said.month, said.day) == (want.month, want.day) and said.year % 100 == want.year % 100
                            and str(said.year) not in norm)


def _month_days(norm: str) -> list[DayMention]:
    """Dates said without a year ("march fourth", "3/4"): a birthday said in part."""
    return [m for m in _day_mentions(norm) if m.day is not None and m.month is not None and m.year is None]


def _compatible(said: DayMention | None, offer: DayMention | None) -> bool:
    """Could the caller's (partial) day be the offered one? Every part both name agrees, and they share one."""
    if said is None or offer is None:
        return False
    shared = False
    for a, b in ((said.day, offer.day), (said.month, offer.month), (said.weekday, offer.weekday),
                 (said.year, offer.year)):
        if a is not None and b is not None:
            if a != b:
                return False
            shared = True
    return shared


# offers to choose between, not parts of one visit
_ALTERNATIVES = re.compile(r"\b(or|either|instead|otherwise|which (one|works|is better)|prefer)\b")


def _picks(said: Slot, offer: Slot) -> bool:
    """Does the caller's slot name this offer: its day (the time, if said, agreeing) or its time alone?"""
    if said.day is None:
        return said.time is not None and said.time == offer.time
    return _compatible(said.day, offer.day) and (said.time is None or offer.time is None or said.time == offer.time)


def _time_named_last(reply: str, offers: list[Slot]) -> Slot | None:
    """The offer whose time the caller names last, said bare ("let's do 3 15", "four would be better")."""
    best: tuple[int, Slot] | None = None
    for offer in offers:
        if offer.time is None:
            continue
        h, m = offer.time
        h12 = h - 12 if h > 12 else h
        # ("one" is too common a word: "the first one")
        forms = [rf"{h12}:? ?{m:02d}"] if m else [rf"{h12}"] + ([NUMBER_NAMES[h12]] if h12 != 1 else [])
        for form in forms:
            for hit in re.finditer(rf"\b{form}\b", reply):
                if best is None or hit.start() > best[0]:
                    best = (hit.start(), offer)
    return best[1] if best else None


NUMBER_NAMES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                "twelve")


def _merge(said: Slot, offer: Slot) -> Slot:
    """The caller's choice completed by the offer it picks."""
    d, o = said.day, offer.day
    if d is None:
        day = o
    elif o is None:
        day = d
    else:
        day = DayMention(d.pos, d.day if d.day is not None else o.day, d.month if d.month is not None else o.month,
                         d.weekday if d.weekday is not None else o.weekday, d.year if d.year is not None else o.year)
    return Slot(day, said.time or offer.time)


# "is there anything later that day?" - "I've got three fifteen or four o'clock": times for the day just named
SAME_DAY = re.compile(r"\b(that|the same|same) (day|afternoon|morning|evening)\b|\blater that\b|\bearlier that\b")


# a sentence of prep or medication instructions names the days and times of those, not of the visit: "Wednesday
# he's on clear liquids only all day, and he starts the first half of the prep at six p.m."
_INSTRUCTION = re.compile(r"\b(prep|clear liquids|liquids|fasting|nothing by mouth|nothing to eat|last dose|doses?|"
                          r"stop (taking|the|it|eating|drinking)|laxative|enema)\b")
_VISIT = re.compile(r"\b(appointment|visit|procedure|colonoscopy|endoscopy|surgery|scheduled|booked|see (you|dr|"
                    r"doctor|him|her)|arrive|arrival|check[- ]?in|come in)\b")


def _without_instructions(norm: str) -> str:
    """The text with its instruction sentences blanked (offsets kept)."""
    return re.sub(r"[^.?!]+[.?!]?", lambda m: " " * len(m.group(0))
                  if _INSTRUCTION.search(m.group(0)) and not _VISIT.search(m.group(0)) else m.group(0), norm)


def _segment_slots(ctx: Context, norms: LazyNorms, i: int) -> list[Slot]:
    cache = ctx.shared.setdefault("accuracy_slots", {})
    if i not in cache:
        slots = _slots(_without_instructions(norms[i]))
        # (the day named before the times: "that same day, I have 2 50" - not "the 2 50 got grabbed ... that same
        # day")
        here = SAME_DAY.search(norms[i])
        first_digit = re.search(r"\d", norms[i])
        if slots and all(sl.day is None for sl in slots) and (
                (i > 0 and SAME_DAY.search(norms[i - 1]))
                or (here and first_digit and here.start() < first_digit.start())):
            day = next((sl.day for j in range(i - 1, max(-1, i - 6), -1) for sl in _segment_slots(ctx, norms, j)
                        if sl.day is not None), None)
            if day is not None:
                slots = [Slot(day, sl.time) for sl in slots]
        cache[i] = slots
    return cache[i]


def _discussion(ctx: Context, fname: str, txt: list[str], norms: LazyNorms) -> tuple[list[int], dict[int, int]]:
    """Segments where the field's value may have been said: caller turns in the field's context, the
    caller's answer to an agent turn in that context, and the agent's own turns in that context (read-backs,
    proposals). Returns them and, for agent turns, the caller's next turn."""
    t = ctx.transcript
    pattern = re.compile(FIELD_CONTEXT[fname])
    segs: list[int] = []
    replies: dict[int, int] = {}
    appointment = fname.startswith("appointment")
    for i, text in enumerate(txt):
        speaker = t.segments[i].speaker
        if not (pattern.search(text) or (appointment and any(sl.day and sl.time
                                                             for sl in _segment_slots(ctx, norms, i)))):
            continue
        if speaker in ("caller", "unknown"):
            segs.append(i)
            # "can you update my phone number?" - "sure, go ahead" - "it's ...": the value comes next
            j = next_turn(t, i, "caller")
            if j is not None and j == i + 2 and len(txt[i + 1].split()) <= 6:
                segs.append(j)
        if speaker in ("agent", "unknown"):
            segs.append(i)
            j = next_turn(t, i, "caller")
            if j is not None:
                segs.append(j)
                replies[i] = j
                nxt = next_turn(t, j, "caller")
                # an answer split over two caller turns ("sure, let me get my card" / "it's ..."), perhaps with a
                # few words of the agent's between ("hang on, it's on the card somewhere" - "take your time" - ...)
                if nxt is not None and (nxt == j + 1 or (nxt == j + 2 and len(txt[j + 1].split()) <= 4)):
                    segs.append(nxt)
                # the agent's read-back of the answer ("that's 2/12/1927?") and the caller's reaction
                k = next_turn(t, j, "agent")
                if k is not None and k == j + 1 and (is_question(_last_sentence(txt[k])) or READ_BACK.search(txt[k])
                                                     or re.match(r"^\W*(that'?s|so)\b", txt[k])):
                    segs.append(k)
                    r = next_turn(t, k, "caller")
                    if r is not None:
                        replies[k] = r
                        # (the caller's reaction may correct the value: "They have 207-555-0114. Is that not
                        # right?" - "no, it's 0-1-4-1, they flipped it")
                        if r == k + 1:
                            segs.append(r)
    # a caller correcting a value a turn or two later ("oh sorry, I mean July tenth") is part of the discussion
    found = set(segs)
    for i, seg in enumerate(t.segments):
        if i in found or seg.speaker not in ("caller", "unknown") or not (
                CORRECTION.search(txt[i]) or _SAID_IT_WRONG.search(txt[i])):
            continue
        earlier = [j for j in range(max(0, i - 4), i) if j in found and t.segments[j].speaker != "agent"]
        # ... or much later, when the caller says what they take back: "earlier I said fifty-eight for the year,
        # that's wrong"
        taken_back = FIELD_TAKEN_BACK.get(fname)
        if earlier or (found and taken_back is not None and taken_back.search(txt[i])):
            segs.append(i)
            found.add(i)
    # ... and so is the agent's reading of the corrected value right after it ("the last one's a seven, not a
    # one" - "H Q four zero zero seven two nine seven")
    for i in sorted(found):
        k = i + 1
        if (k < len(txt) and k not in found and t.segments[i].speaker in ("caller", "unknown")
                and t.segments[k].speaker == "agent" and CORRECTION.search(txt[i])):
            segs.append(k)
            r = next_turn(t, k, "caller")
            if r is not None:
                replies[k] = r
    return sorted(set(segs)), replies


def _corrected(norm: str, has_value: Any) -> str:
    """The turn as the caller corrected it: "555 246 8130, no wait, 8131" -> the value after the last correction
    that follows a value, a shorter one replacing the end of what was said before it ("... 8131" -> 555 246
    8131). Unchanged without a correction."""
    for m in reversed(list(CORRECTION.finditer(norm))):
        before, after = norm[:m.start()], norm[m.end():]
        if not (has_value(before) and has_value(after)):
            continue
        # (the last number said before it, not a house number earlier in the turn: "2217 linnet court. number is
        # 719-555-0174, no, 0147")
        runs = re.findall(r"(?<![a-z])[a-z]{0,3}\d+(?:[\s\-.,]+\d+)*", before)
        ids_before = _alnum(runs[-1]) if runs else ""
        # said twice, or its end said again whole: "no, oh one four seven. 0147.", "no, sorry, six-nine.
        # oh-one-six-nine."
        pieces: list[str] = []
        for piece in (_alnum(x) for x in re.findall(r"(?<![a-z])[a-z]{0,3}\d[\d ]*", after)):
            if pieces and piece.endswith(pieces[-1]):
                pieces.pop()
            pieces.append(piece)
        ids_after = "".join(pieces)
        half = len(ids_after) // 2
        if half and ids_after[:half] == ids_after[half:]:
            ids_after = ids_after[:half]
        if ids_before and ids_after and len(ids_after) < len(ids_before) and not _dates(after):
            if _times(after) and not re.search(r"\d{4}", after):
                continue  # "0147. oh wait, can you do the thursday one instead? the 2 15": a time, not a digit fixed
            return ids_before[: len(ids_before) - len(ids_after)] + ids_after
        return after
    return norm


def _year_corrected(norm: str, dates: list[dt.date]) -> list[dt.date]:
    """ "april third, nineteen fifty-eight. sorry, fifty-nine": a year said alone after a correction replaces
    the year of the date before it; a month and day said alone, its month and day."""
    if not dates:
        return dates
    for m in reversed(list(CORRECTION.finditer(norm))):
        after = normalize_spoken(norm[m.end():]).text
        # the year said short, then whole: "no, sorry, forty-three. nineteen forty-three" ("43. 19 43")
        twice = re.match(r"[\s,.]*(?:it'?s\s+)?(\d\d)[.,]?\s+((?:19|20)\s?(\d\d))\b", after)
        if twice and twice.group(1) == twice.group(3):
            try:
                return [*dates[:-1], dates[-1].replace(year=int(twice.group(2).replace(" ", "")))]
            except ValueError:
                return dates
        if _dates(after):
            return dates
        # "october 19th, '61. oh, wait, no, sorry, october 9th": a month and day said alone replace those before
        days = _month_days(after)
        if days and re.match(r"[\s,.]*(?:it'?s\s+|i mean\s+)?(?:the\s+)?[a-z0-9]", after) and days[0].pos < 25:
            try:
                return [*dates[:-1], dates[-1].replace(month=days[0].month, day=days[0].day)]
            except ValueError:
                return dates
        y = re.match(r"[\s,.]*(?:it'?s\s+)?((?:19|20)\s?\d\d|\d\d)\b", after)
        if y:
            digits = y.group(1).replace(" ", "")
            year = int(digits) if len(digits) == 4 else dates[-1].year // 100 * 100 + int(digits)
            try:
                return [*dates[:-1], dates[-1].replace(year=year)]
            except ValueError:
                return dates
    return dates


def _spelled_words(norm_text: Any) -> list[str]:
    """Words the speaker spelled letter by letter ("F-A-R-R-O-W-D-A-L-L", "b as in bravo r e n n a")."""
    return [norm_text.text[a:b] for a, b, kind in norm_text.tokens
            if kind == "letters" and b - a >= 3 and norm_text.text[a:b].isalpha()]


def _agent_value_usable(value_in_last_sentence: bool, reply: str | None) -> bool:
    """An agent's read-back or proposal stands unless the caller's next words deny it."""
    return not (value_in_last_sentence and reply is not None and DENY_RE.search(reply))


_MOVED = re.compile(r"\b(moved|not (on|at) [a-z]+ (any ?more|now)|new address|we'?re now (on|at)|i'?m now (on|at))\b")
_TAIL_SAID_AGAIN = re.compile(r"(?<=\d)(\d{3,4})[,.]?\s+\1\b(?=\W*$)")


def check_field(ctx: Context, key: str, fname: str, value: Any, txt: list[str], norms: LazyNorms,
                name_similarity: float) -> FieldCheck:
    check = FieldCheck(field=fname, key=key)
    # On ASR text a value that differs from the record is as likely misheard as mis-captured. A capture
    # error is a near miss of what was said (a digit, a swapped day and month, a transposed letter); a far
    # miss there is the recognizer's, so it leaves the field unverifiable, and a name the recognizer
    # spelled a little differently counts as said.
    asr = is_asr(ctx.transcript)
    segs, replies = _discussion(ctx, fname, txt, norms)
    t = ctx.transcript
    is_agent_seg = {i: seg.speaker == "agent" for i, seg in enumerate(t.segments)}
    match_at: list[int] = []
    other_at: list[int] = []
    partial_at: list[int] = []  # a part of the value said and agreeing

    def agent_ok(i: int, contains: Any) -> bool:
        last = _last_sentence(norms[i])
        other = OTHER_QUESTION.search(last)
        if other:
            # "... on the eighth at 9:45 was there anything else you needed today": the reply is to that
            last = last[other.start():]
        reply = txt[replies[i]] if i in replies else None
        if i in replies and any(is_agent_seg[k] and "?" in txt[k] for k in range(i + 1, replies[i])):
            reply = None  # the caller answers the agent's next question ("anything else?" - "no, that's all")
        return _agent_value_usable(bool(contains(last)), reply)

    if fname in ("appointment", "appointment_date", "appointment_time"):
        raw = str(value)
        want_d = _record_date(value) if fname != "appointment_time" else None
        want_t = _record_time(raw) if fname != "appointment_date" and (":" in raw or fname == "appointment_time") \
            else None
        if want_d is None and want_t is None:
            return check
        resolved: set[int] = set()  # caller turns judged as the offer they pick
        for i in segs:
            if i in resolved:
                continue
            at = i
            slots = [sl for sl in _segment_slots(ctx, norms, i) if (want_d and sl.day) or (want_t and sl.time)]
            if not slots:
                continue
            if is_agent_seg[i]:
                reply = norms[replies[i]] if i in replies else ""
                if len(slots) > 1 and len({(sl.day, sl.time) for sl in slots}) > 1:
                    # the appointment the patient already has is no offer: drop the slot after each
                    # "you're scheduled ..." (punctuation or not)
                    taken = {next((sl for sl in slots if sl.day and sl.day.pos > m.start()), None)
                             for m in EXISTING.finditer(norms[i])}
                    offers = [sl for sl in slots if sl not in taken] or slots
                    days = [sl.day for sl in offers if sl.day]
                    parts_of_one_visit = (
                        want_t is not None
                        and not _ALTERNATIVES.search(norms[i])
                        and all(_compatible(d, days[0]) for d in days)
                        and any(sl.time == want_t for sl in offers)
                        # (and the caller names no other time: "two fifteen, yeah, grab that one")
                        and {sl.time for sl in _slots(_corrected(reply, _slots))} <= {None, want_t}
                    )
                    if want_d is not None and want_t is not None:
                        # "the referral came in on the tenth" is no slot: offers have a day and a time
                        offers = [sl for sl in offers if sl.day and sl.time] or offers
                    # (the caller's last word on it: "10.30. Wait, no, no, ... Let's do the 11.15.")
                    said = _slots(_corrected(reply, _slots)) if reply else []
                    if parts_of_one_visit:
                        # one visit in parts on one day, not a choice: "both the same morning, wednesday the
                        # fourteenth: echo at eight and the consult at nine fifteen"
                        slots = [Slot(days[0] if days else None, want_t)]
                        if not agent_ok(i, lambda s: _slots(s)):
                            continue
                    elif len({(sl.day, sl.time) for sl in offers}) == 1:
                        # one offer beside the date of birth read back or the day the referral came in
                        slots = offers[:1]
                        if not agent_ok(i, lambda s: _slots(s)):
                            continue
                    elif said:
                        # the caller picks one by part of it ("let's do june twenty second", "11/20"): the
                        # offer it fits, completed by the offer's time (or day)
                        picked = [(s, o) for o in offers for s in said if _picks(s, o)]
                        if len({id(o) for _, o in picked}) != 1:
                            continue  # their turn is checked on its own
                        slots = [_merge(*picked[0])]
                        resolved.add(replies[i])
                        at = replies[i]  # the caller's words decide
                    elif CHOICE_FIRST.search(reply):
                        slots = offers[:1]
                    elif CHOICE_SECOND.search(reply):
                        slots = offers[-1:]
                    elif (loose := _time_named_last(reply, offers)) is not None:
                        # "four would be better. actually no, wait ... let's do three fifteen"
                        slots = [loose]
                        resolved.add(replies[i])
                        at = replies[i]
                    else:
                        continue  # several offers and no choice heard
                elif not agent_ok(i, lambda s: _slots(s)):
                    continue
                elif (said := _slots(reply)) and not any(_picks(s, sl) for s in said for sl in slots):
                    continue  # "I have Thursday at eight thirty?" - "they moved me, it's nine thirty now"
            fits = [sl for sl in slots if (want_d is None or sl.day is None or sl.day.fits(want_d))
                    and (want_t is None or sl.time is None or sl.time == want_t)]
            # only a full mention (a day and a time, for an appointment) can contradict the record:
            # "admitted on the 14th" is not the appointment
            complete = [sl for sl in slots if (want_d is None or sl.day) and (want_t is None or sl.time)]
            if asr and want_d is not None and want_t is not None:
                # near miss: the day right and the hour wrong, or the other way round
                complete = [sl for sl in complete if sl.day.fits(want_d) or sl.time == want_t]
            if any(sl in complete for sl in fits):
                match_at.append(at)
            elif complete:
                other_at.append(at)
            elif fits:
                # only a part of the slot said ("Thursday maybe?", "see you Thursday") and it agrees: it cannot
                # outweigh a full mention of another day or time ("Thursday the 17th at 2:30")
                partial_at.append(at)
    elif fname == "dob":
        want = _record_date(value)
        if want is None:
            return check
        dob_pattern = re.compile(FIELD_CONTEXT["dob"])
        asked = {j for a, j in replies.items() if dob_pattern.search(txt[a])}
        for i in segs:
            # numbers alone ("seven one seven, four zero two, eight eight") are a date only where a date of birth
            # is asked for or named; elsewhere they are an ID or a phone number
            birth_turn = i in asked or bool(dob_pattern.search(txt[i])) or (i > 0 and i - 1 in asked)
            full = _year_corrected(norms[i], _dates(_corrected(norms[i], _dates), birth_turn))
            if not full:
                # a birthday said without its year by the caller, in answer to the question ("march fourth"), or
                # correcting it ("did I say the fourth? it's the fourteenth. september fourteenth")
                if is_agent_seg[i] or not (i in asked or dob_pattern.search(txt[i]) or CORRECTION.search(norms[i])) \
                        or NOT_A_DOB.search(norms[i]):
                    continue
                days = _month_days(norms[i])
                if not days:
                    continue
                if any((d.month, d.day) == (want.month, want.day) for d in days):
                    partial_at.append(i)
                elif not asr or any(d.month == want.month or d.day == want.day
                                    or (d.month, d.day) == (want.day, want.month) for d in days):
                    other_at.append(i)
                continue
            if is_agent_seg[i] and not agent_ok(i, _dates):
                continue
            if any(_same_birthday(d, want, norms[i]) for d in full):
                match_at.append(i)
            elif any(d.year <= dt.date.today().year - 1 and (not asr or _near_date(d, want)) for d in full):
                other_at.append(i)
    elif fname in ID_FIELDS:
        want_s = _alnum(_norm_text(str(value)))
        digits = re.sub(r"\D", "", want_s)
        if len(digits) < 3:
            return check
        other_digits_at: list[int] = []  # caller turns whose digits themselves differ from the record's
        for i in segs:
            # ("... 1618. 8 at the end.": the last digit said again to make it clear is no more of the number)
            said_norm = _corrected(re.sub(r"[,.]?\s*\b(\d|[a-z])\s+(at|on) the end\b", "", norms[i]),
                                   lambda x: re.search(r"\d", x))
            # (and the last digits said again to end the turn: "it's 412-555-0136, one three six")
            said_norm = _TAIL_SAID_AGAIN.sub(r"\1", said_norm)
            # "okay it's m h p four four seven" - "mm-hmm" - "two oh nine one three": one ID in two turns
            if (not is_agent_seg[i] and i + 2 < len(txt) and is_agent_seg.get(i + 1)
                    and is_backchannel(t.segments[i + 1].text) and not is_agent_seg.get(i + 2, True)):
                said_norm = f"{said_norm} {norms[i + 2]}"
            # "six one seven, five five five, oh one nine three" (read back) - "wait, no, oh one eight three": the
            # caller corrects the end of the number just read back
            if (not is_agent_seg[i] and i > 0 and is_agent_seg.get(i - 1)
                    and (CORRECTION.search(norms[i]) or _SAID_IT_WRONG.search(norms[i])) and not _times(said_norm)):
                tail = re.sub(r"\D", "", said_norm)
                prev = re.sub(r"\D", "", norms[i - 1])
                # (the read-back went on to other numbers: "..., zero one four seven. You're all set for July 22nd
                # at 10 15" - "did I say four seven? It's seven four. Oh one seven four": its own run and the
                # caller's last one)
                read = [r for r in (re.sub(r"\D", "", x) for x in _DIGIT_RUN.findall(norms[i - 1]))
                        if abs(len(r) - len(digits)) <= 1]
                # (or the whole number said last before it: "it's two zero seven, five five five, zero one three
                # eight" - "updating to zero one three eight" - "I always flip it, it's eighty-three. zero one eight
                # three")
                if not read and _SAID_IT_WRONG.search(norms[i]):
                    read = [r for k in segs if k < i - 1
                            for r in (re.sub(r"\D", "", x) for x in _DIGIT_RUN.findall(norms[k]))
                            if abs(len(r) - len(digits)) <= 1][-1:]
                last = _DIGIT_RUN.findall(said_norm)
                if 3 <= len(tail) < len(prev) and abs(len(prev) - len(digits)) <= 1:
                    said_norm = prev[: len(prev) - len(tail)] + tail
                elif read and last and 3 <= len(re.sub(r"\D", "", last[-1])) < len(read[-1]):
                    said_norm = read[-1][: len(read[-1]) - len(re.sub(r"\D", "", last[-1]))] + re.sub(
                        r"\D", "", last[-1])
            if fname == "member_id" and re.search(r"\bgroup\b", norms[i]) and not re.search(r"\bmember\b", norms[i]):
                continue  # the plan's group number, not the member's ID
            office_asked = any(r == i and OFFICE_NUMBER_ASKED.search(norms[a]) for a, r in replies.items())
            if fname == "phone" and not is_agent_seg[i] and (OTHER_PARTY_NUMBER.search(norms[i]) or office_asked) \
                    and not re.search(r"\b(his|her|their|the patient'?s|my) (number|phone|cell)\b", norms[i]):
                continue  # an office's own line ("our direct line is ...") is not the patient's phone
            said_s = _alnum(FILLER_RE.sub(" ", said_norm))  # "sm7702, uh, 158"
            # on ASR text the digits alone decide: a spoken letter is often heard as a number ("h" -> 8)
            # (an ID's letters may be a filler's: "UM 338 201 47")
            hit = want_s in said_s or want_s in _alnum(said_norm) or ((fname == "phone" or (asr and len(digits) >= 5))
                                       and digits in re.sub(r"\D", "", said_s))
            # the digits started over from the beginning ("... four seven two, zero nine, eight one... hold on, the
            # card's all scratched up. four seven two, zero nine, eight seven"): the last run is what was said
            again = _digits_said_again(said_norm, digits)
            if again is not None and not is_agent_seg[i]:
                hit = again == digits
            if is_agent_seg[i] and not agent_ok(i, lambda s: re.search(r"\d{3}", s)):
                continue
            if hit:
                match_at.append(i)
            # (an agent's other number is a near miss of the record's: the agent reads the office's or another
            # number too)
            elif _has_id_like(said_norm, len(digits)) and (
                    not (asr or is_agent_seg[i]) or _near_digits(said_norm, digits)):
                other_at.append(i)
                if not is_agent_seg[i] and digits not in re.sub(r"\D", "", said_s):
                    other_digits_at.append(i)
            elif len(digits) > 4 and (said4 := _last_four(t, i, norms, replies)) is not None:
                # "the last four of your phone?" - "0198": the record's last four digits are compared
                if said4 == digits[-4:]:
                    partial_at.append(i)
                elif not asr or _near_digits(said4, digits[-4:]):
                    other_at.append(i)
        said_before = [o for o in other_digits_at if match_at and o < min(match_at)]
        if (not asr and said_before and all(is_agent_seg[i] for i in match_at)
                and not any(i in replies and (AFFIRM_RE.search(txt[replies[i]]) or re.match(
                    r"^\W*(okay|ok|good|great|perfect)\b", txt[replies[i]])) for i in match_at)
                and not any(not is_agent_seg[k] and CORRECTION.search(norms[k])
                            for k in range(max(said_before) + 1, min(match_at)))):
            # the caller said another value and the agent read back the record's without the caller agreeing:
            # the agent typed it wrong ("... one five eight" - "S M seven seven zero two five one eight, got it")
            match_at = []
    elif fname == "email":
        want_s = _alnum(str(value))
        for i in segs:
            if "@" not in norms[i] or (is_agent_seg[i] and not agent_ok(i, lambda s: "@" in s)):
                continue
            (match_at if want_s in _alnum(norms[i]) else other_at).append(i)
    elif fname in ("name", "first_name", "last_name", "city"):
        name = norm(str(value))
        tokens = [w for w in re.findall(r"[a-z]+", name) if len(w) > 1]
        if not tokens:
            return check
        pool = [i for i in segs if not is_agent_seg[i] or agent_ok(i, lambda s: True)]
        words_by_seg = {i: set(re.findall(r"[a-z]+", norms[i])) for i in pool}
        if asr:
            hits = {w: [i for i in pool if any(heard_as(w, said) for said in words_by_seg[i])] for w in tokens}
        else:
            hits = {w: [i for i in pool if w in words_by_seg[i]] for w in tokens}
        # (a hyphenated name is spelled as one run across its "dash": "S-O-O, dash, A-H" for Soo-ah; "O apostrophe
        # D-R-I-S-C-O-L-L" for O'Driscoll)
        joined = [re.sub(r"['-]", "", w) for w in re.findall(r"[a-z]+(?:['-][a-z]+)+", name)]
        spelled_wrong = [] if asr else _spelled_against(tokens + joined, pool, txt, is_agent_seg, replies)
        legal = _legal_name(txt, is_agent_seg) if fname in ("name", "first_name") else None
        if legal is not None and tokens[0] not in legal[1]:
            # "everyone calls him Bill ... his legal name is William": the record wants the legal name
            other_at = [legal[0]]
        elif spelled_wrong:
            # the caller spelled the name differently from the record: the spelling wins over the word written
            # for it ("Farrowdale ... F-A-R-R-O-W-D-A-L-L", record Farrowdale)
            other_at = spelled_wrong
        elif all(hits[w] for w in tokens):
            match_at = sorted({i for v in hits.values() for i in v})
            # the caller taking the name back for a near spelling of it: "S O L B E R G?" - "yes. well, no, sorry,
            # it's S O H L, Sohlberg"
            retaken = [i for i in pool if not is_agent_seg[i] and i > max(match_at) - 1 and CORRECTION.search(norms[i])
                       and re.search(r"\b[a-z]\b\W{0,3}\b[a-z]\b", txt[i].lower())
                       and any(said not in tokens and len(said) >= 4 and DamerauLevenshtein.distance(w, said) == 1
                               for said in re.findall(r"[a-z]+", norms[i]) for w in tokens)]
            if retaken and not asr:
                match_at, other_at = [], retaken
        else:
            missing = [w for w in tokens if not hits[w]]
            asked = {j for a, j in replies.items() if re.search(FIELD_CONTEXT[fname], txt[a])}

            def close(w: str, said_w: str) -> bool:
                return len(said_w) > 2 and (fuzz.ratio(w, said_w) >= name_similarity or (
                    min(len(w), len(said_w)) >= 4 and DamerauLevenshtein.distance(w, said_w) <= 1))

            def near_miss(i: int) -> bool:
                # a said word one typo away (or close by rapidfuzz's ratio) is the name, captured wrong: beside
                # the rest of the name ("maria gonzalez"), or in the caller's answer to the question; not any
                # word of the call that happens to be close ("this call" for Hall, "Lakeview Health" for Heath)
                words = re.findall(r"[a-z]+", norms[i])
                for p, said_w in enumerate(words):
                    if said_w in tokens or not any(close(w, said_w) for w in missing):
                        continue
                    beside = {words[q] for q in (p - 1, p + 1) if 0 <= q < len(words)}
                    cued = bool(NAME_CUE.search(" ".join(words[max(0, p - 3):p]))) or (
                        p + 1 < len(words) and words[p + 1] == "available")
                    if beside & set(tokens) or cued or (not is_agent_seg[i] and (i in asked or len(words) <= 4)):
                        return True
                return False

            near = [i for i in pool if near_miss(i)]
            if near and not asr:
                other_at = near
            elif fname == "name" and len(tokens) > 1:
                # only the first name ("may i speak with michael?") or only the last was said, and it agrees
                partial_at = sorted({i for w in tokens if hits[w] for i in hits[w]})
    elif fname == "provider":
        tokens = [w for w in re.findall(r"[a-z]+", str(value).lower()) if len(w) > 1
                  and w not in ("dr", "doctor", "md", "np", "do", "pa", "rn", "dnp", "cnm", "lpn", "dds", "phd")]
        if not tokens:
            return check
        for i, plain in enumerate(txt):
            said = re.findall(r"[a-z]+", plain)
            # the record's doctor taken back for another: "not okafor, okafor was the guy at the old clinic. its dr
            # okonkwo"
            if re.search(rf"\bnot (dr\.? |doctor )?{re.escape(tokens[-1])}\b", plain) and re.search(
                    rf"\b(dr|doctor)\.? (?!{re.escape(tokens[-1])}\b)[a-z]+", plain):
                other_at.append(i)
            # (also as a possessive written without its apostrophe: "dr vasquez-linds schedule")
            elif tokens[-1] in said or tokens[-1] + "s" in said or (asr and any(heard_as(tokens[-1], w) for w in said)):
                match_at.append(i)
            # another doctor named where the appointment is booked
            elif re.search(r"\b(dr|doctor)\.? [a-z]+", plain) and any(sl.day and sl.time
                                                                       for sl in _segment_slots(ctx, norms, i)):
                other_at.append(i)
        # the doctor the patient is booked with or referred to, where it is said without a slot ("I'll send the
        # referral to Dr. Fenwright"): the last such mention the caller does not deny decides
        assigned = _assigned_providers(ctx, txt, norms, is_agent_seg, replies)
        if assigned:
            i, doc = assigned[-1]
            doc_words = re.findall(r"[a-z]+", doc)  # "omar haddad", "fenwright in", "marlowe-fake"
            if tokens[-1] in doc_words or (asr and any(heard_as(tokens[-1], w) for w in doc_words)):
                match_at = sorted(set(match_at) | {i})
            elif (not asr or _heard_clearly(t.segments[i])) and not any(m > i for m in match_at):
                # (unless the record's provider is named later: "... with Jonah Reyes, PA" after "your follow-up
                # with Dr. Kowalczyk")
                match_at, other_at = [], sorted(set(other_at) | {i})
        # the doctor's name spelled otherwise than the record's: "it's dr. hallberg, right, h a l l b e r g, ... not
        # burg" (record Hallburg)
        spelled_wrong = [] if asr else _spelled_against(tokens[-1:], list(range(len(txt))), txt, is_agent_seg, replies)
        if spelled_wrong:
            match_at, other_at = [], spelled_wrong
    elif fname == "address":
        text = _norm_text(str(value))
        number = re.match(r"\s*(\d[\d ]*)", text)
        words = [w for w in re.findall(r"[a-z]{3,}", text) if w not in _STREET_WORDS]
        key_s = _alnum((number.group(1) if number else "") + (words[0] if words else ""))
        if not key_s:
            return check
        asked_by = {r: k for k, r in replies.items()}
        unit_m = _UNIT_SAID.search(text)
        unit = _alnum(unit_m.group(1)) if unit_m else ""
        for i in segs:
            # the caller correcting the house number of the address the agent read out: "I have your address as
            # four twenty-one Birchwood Court" - "no, it's four twelve. four, one, two."
            read_out = asked_by.get(i)
            # ... or "yes that's me, well, it's forty-one Alder Lane, not fourteen"
            if (not is_agent_seg[i] and read_out is not None and number and words
                    and words[0] in _alnum(norms[read_out])
                    and (re.match(r"\W*(no|nope)\b", norms[i])
                         or re.search(rf"\bnot {re.escape(number.group(1).strip())}\b", norms[i]))):
                said_numbers = re.findall(r"\b\d+\b", norms[i])
                if said_numbers and _alnum(number.group(1)) not in said_numbers:
                    other_at.append(i)
                    continue
                if re.search(rf"\bnot {re.escape(number.group(1).strip())}\b", norms[i]):
                    # (the agent's reading is what the caller just corrected)
                    match_at = [k for k in match_at if k != read_out]
                    other_at.append(i)
                    continue
            # ... or the street said back with another house number: "I have 481 Alder Court" - "it's four
            # eighteen. four one eight Alder Court, the other way around"; or a move: "I'm not on Alder anymore. I
            # moved in June. it's eighteen Birch Court"
            if (not is_agent_seg[i] and read_out is not None and number and words
                    and words[0] in _alnum(norms[read_out])):
                # (a house number said in two parts is one number: "two-eleven Aspen Court")
                before_street = [_alnum(n) for n in re.findall(rf"\b(\d+(?: \d+)*) {re.escape(words[0])}\b", norms[i])]
                moved = _MOVED.search(norms[i]) and re.search(r"\b\d{1,6} [a-z]{3,}", norms[i]) \
                    and key_s not in _alnum(norms[i])
                if moved or (before_street and _alnum(number.group(1)) not in before_street):
                    match_at = [k for k in match_at if k != read_out]
                    other_at.append(i)
                    continue
            if is_agent_seg[i] and not agent_ok(i, lambda s: True):
                continue
            said_s = _alnum(norms[i])
            # (a house number before a street's word: not "the one on Crestview Lane")
            house_and_street = re.search(r"\b\d{1,6}\b [a-z]{3,}", norms[i]) and not re.search(
                r"\bthe 1 (on|at|in|off)\b", norms[i])
            # (the unit too, where the record has one: "apartment three D" for "Apt 3B" is another address)
            units = [_alnum(u) for u in _UNIT_SAID.findall(norms[i])]
            if key_s in said_s and unit and units and units[-1] != unit:
                other_at.append(i)
            elif (not is_agent_seg[i] and unit and units and units[-1] != unit and read_out is not None and words
                  and words[0] in _alnum(norms[read_out])):
                # the unit corrected in answer to the address read out: "it's apartment four b, not d"
                other_at.append(i)
            elif key_s in said_s:
                match_at.append(i)
            elif ((words and words[0] in said_s and re.search(rf"\d[\d ]*\s+{re.escape(words[0])}", norms[i]))
                  or house_and_street):
                other_at.append(i)
    else:
        return check

    # with both a match and a contradiction, a later change of mind stands: the caller's own correction (for an
    # appointment, any later slot the caller names), or the agent's new value after the caller took the old one
    # back ("oh wait, no, I have a shift on Tuesdays" ... "Wednesday the eighth at four fifteen")
    if match_at and other_at:
        last_other, last_match = max(other_at), max(match_at)
        slot = fname in ("appointment", "appointment_date", "appointment_time")
        # (the caller's correction need not be the last other value: "... so B-H-P 4-4-7-1-9-2-0" before the group
        # number is read)
        # (or answers the agent's reading of the record, said last in the turn, with another value: "i have two oh
        # seven, ..., zero one eight eight" - "the number's ..., zero one eight nine now, he changed it")
        corrected_later = any(o > last_match and not is_agent_seg[o]
                              and (slot or CHANGE_OF_MIND.search(norms[o]) or _SAID_IT_WRONG.search(norms[o])
                                   or (is_agent_seg[last_match] and replies.get(last_match) == o
                                       and re.search(r"\d", _last_sentence(norms[last_match]))))
                              for o in other_at)
        if last_other > last_match and (
                corrected_later
                or (is_agent_seg[last_other] and any(not is_agent_seg[k] and CHANGE_OF_MIND.search(norms[k])
                                                     for k in range(last_match, last_other)))
                or (slot and is_agent_seg[last_other] and any(is_agent_seg[k] and SLOT_GONE.search(norms[k])
                                                              for k in range(last_match + 1, last_other + 1)))):
            match_at = []
        elif (not slot and last_match > last_other and not is_agent_seg[last_match]
              and CORRECTION.search(norms[last_match])):
            other_at = []
    # a caller's later correction that agrees in part ("september fourteenth") outweighs what they said before
    last_partial = max(partial_at) if partial_at else -1
    if (fname == "dob" and other_at and not match_at and last_partial > max(other_at)
            and not is_agent_seg[last_partial] and CORRECTION.search(norms[last_partial])):
        other_at = []
    # read back: the agent said the value and the caller said it too, or affirmed the agent's words
    agent_said = [i for i in match_at if is_agent_seg.get(i, False)]
    check.read_back_confirmed = bool(agent_said) and (
        any(not is_agent_seg.get(i, True) for i in match_at)
        or any(i in replies and AFFIRM_RE.search(txt[replies[i]]) for i in agent_said))
    if asr:
        other_at = [i for i in other_at if _heard_clearly(t.segments[i])]
    if match_at:
        check.status = "match"
        check.segments = match_at[:3]
    elif other_at:
        check.status = "mismatch"
        check.segments = other_at[:3]
    elif partial_at:
        check.status = "match"
        check.partial = True
        check.segments = partial_at[:3]
    return check


def _digits_said_again(said: str, digits: str) -> str | None:
    """The digits of an ID said again from its start in the same turn, when they were; else None."""
    runs = [re.sub(r"\D", "", r) for r in re.findall(r"\d[\d\s,]*\d|\d", said)]
    runs = [r for r in runs if r]
    head = digits[:3]
    starts = [k for k, r in enumerate(runs) if len(head) == 3 and r.startswith(head)]
    if len(starts) < 2:
        return None
    return "".join(runs[starts[-1]:])[: len(digits)]


_UNIT_SAID = re.compile(r"\b(?:apartment|apt|unit|suite|ste|#)\.?\s*(\d{1,4} ?[a-z]?|[a-z])\b")
_LEGAL_NAME = re.compile(
    r"\b(?:legal|real|official|actual|proper) name(?:'s| is)(?: actually)?,? ((?:[a-z'-]+,? ?){1,3})"
)


def _legal_name(txt: list[str], is_agent_seg: dict[int, bool]) -> tuple[int, set[str]] | None:
    """(segment, words) of the last caller turn that says the patient's legal name ("well, his legal name is
    William, William Hartigan")."""
    found = None
    for i, text in enumerate(txt):
        if is_agent_seg.get(i, False):
            continue
        for m in _LEGAL_NAME.finditer(text):
            words = set(re.findall(r"[a-z'-]+", m.group(1))) - _FILLERS
            if words:
                found = (i, words)
    return found


def _last_four(t, i: int, norms: LazyNorms, replies: dict[int, int]) -> str | None:
    """Four digits said as the last four of a number: in a turn that says "last four", or in the caller's
    answer to an agent turn that asks for them."""
    asked = LAST_FOUR.search(norms[i]) or any(j == i and LAST_FOUR.search(norms[a]) for a, j in replies.items())
    if not asked:
        return None
    after = norms[i][LAST_FOUR.search(norms[i]).end():] if LAST_FOUR.search(norms[i]) else norms[i]
    runs = [re.sub(r"\D", "", r) for r in re.findall(r"\d[\d ]*\d|\d", after)]
    fours = [r for r in runs if len(r) == 4]
    return fours[-1] if len(fours) == 1 else None


def _spelled_against(tokens: list[str], pool: list[int], txt: list[str], is_agent_seg: dict[int, bool],
                     replies: dict[int, int]) -> list[int]:
    """Segments where a name word is spelled differently from the record's, when the last spelling of each
    word decides. A spelled word is the spelling of a record word when it is that word, is close to it, or
    follows it (or the word written for it) in the turn: "Farrowdale, um, F-A-R-R-O-W-D-A-L-L"."""
    verdict: dict[str, tuple[int, bool]] = {}
    for i in pool:
        if not re.search(r"\b[a-z]\b\W{0,3}\b[a-z]\b|\b(as in|like|for) [a-z]+|\b(" + "|".join(NATO) + r")\b",
                         txt[i]):
            continue
        if is_agent_seg[i] and i in replies and DENY_RE.search(txt[replies[i]]):
            continue  # the agent spelled it back and the caller said no
        nt = normalize_spoken(_XRAY.sub(r"\1 xray", _ACCENT_REMARK.sub(" ", txt[i])))
        letters = [(a, b) for a, b, kind in nt.tokens if kind == "letters"]
        joined_into_previous: set[int] = set()
        for k, (a, b) in enumerate(letters):
            word = nt.text[a:b]
            if k in joined_into_previous or len(word) < 3 or not word.isalpha():
                continue
            before = [w for w in re.findall(r"[a-z]+", nt.text[:a]) if w not in _FILLERS][-3:]
            # "Wrenfield, that's W-R-E-N, field": the spelled part and the word said after it make the name
            after = re.match(r"[\s,.-]*([a-z]+)", nt.text[b:])
            # ... or a word spelled in two runs with a pause between: "W-I-E-R-Z, um, B-I-C-K-I"
            # ... or the start spelled, then the word said whole: "it's S O H L, Sohlberg"
            if after and after.group(1).startswith(word) and len(after.group(1)) > len(word):
                word = after.group(1)
            elif after and any(w == word + after.group(1) for w in tokens):
                word = word + after.group(1)
                if k + 1 < len(letters) and letters[k + 1][0] == b + after.start(1):
                    joined_into_previous.add(k + 1)
            if word in before and not any(DamerauLevenshtein.distance(w, word) <= max(2, len(w) // 3) for w in tokens):
                continue  # it spells another word just said: "Pieter Vandermeer, P-I-E-T-E-R" (the son's name)
            cands = [w for w in tokens if w == word or w in before
                     or DamerauLevenshtein.distance(w, word) <= max(2, len(w) // 3)
                     or any(DamerauLevenshtein.distance(w, p) <= max(1, len(w) // 3) for p in before)]
            if not cands:
                # spelled as said beside the rest of the name ("this is Siobhan Kilbride" ... "S I O B H A N", record
                # "Shivon Kilbride"): the record's word in that place
                cands = [tokens[k - 1] for k in range(1, len(tokens))
                         if any(re.search(rf"\b{re.escape(word)}\s+{re.escape(tokens[k])}\b", x.lower()) for x in txt)]
            if cands:
                w = min(cands, key=lambda c: DamerauLevenshtein.distance(c, word))
                # a spelling broken off ("T-H-I-B... yep, here you are") is compared as far as it went
                cut_off = re.match(r"\s*(\.\.\.|…)", nt.text[b:]) is not None
                # ... and a spelling of the part people get wrong: "Greenhalgh with an H-A-L-G-H"
                ending = w.endswith(word) and _PART_SPELLED.search(nt.text[:a]) is not None
                verdict[w] = (i, w == word or (cut_off and w.startswith(word)) or ending)
    return sorted({i for i, same in verdict.values() if not same})


# A letter's mark said inside a spelling ("S-I-O-B-H-A with an accent, N", "W-I-S, the S has a little accent on
# it, N-I-E-W-S-K-I", "Q-U-I-N, the N with the squiggle, O-N-E-S"): the letters either side are one word.
_ACCENT_REMARK = re.compile(
    r"[,.]?\s*\b(?:(?:and|but|with|there'?s|it'?s|that'?s|has|gets|is|(?:the|that) [a-z]|the|an|"
    r"a(?= (?:little|small|tiny|accent|tilde|squiggle|mark|line|dot|hook)\b)|little|small|tiny)\s+){0,6}"
    r"(?:accent(?: mark)?|squiggle|tilde|umlaut|cedilla|diacritic|(?:mark|line|dot|dots|hook|tail|slash)"
    r"(?= (?:on|over|under|above|through|in)\b))"
    r"(?:\s+(?:on|over|under|above|through|in)\s+(?:it|top|the [a-z]|that [a-z]|[a-z])\b)?(?:\s+on (?:it|top)\b)?[,.]?"
)
_PART_SPELLED = re.compile(r"\b(with (a|an)|ends? (in|with)|ending (in|with))\W*$")
_FILLERS = {"um", "uh", "er", "erm", "that", "thats", "that's", "s", "it", "its", "it's", "is", "spelled", "spell",
            "like", "so", "and", "the", "last", "first", "name", "with", "a", "an"}


def _assigned_providers(ctx: Context, txt: list[str], norms: LazyNorms, is_agent_seg: dict[int, bool],
                        replies: dict[int, int]) -> list[tuple[int, str]]:
    """(segment, last name) of each doctor named as the one the patient is booked with or referred to, in call
    order; not where the words before negate it ("can't book you with Dr. X"), not in an agent turn the
    caller denies, and not in a turn offering several slots (the offer the caller picks decides there)."""
    out: list[tuple[int, str]] = []
    for i, plain in enumerate(txt):
        if "dr" not in plain and "doctor" not in plain:
            continue
        found = [(m.start(), m.group("doc") or m.group("doc2")) for m in ASSIGNED_PROVIDER.finditer(plain)
                 if not _NEGATED_BEFORE.search(plain[:m.start()])]
        if not found:
            continue
        if is_agent_seg[i] and i in replies and DENY_RE.search(txt[replies[i]]):
            continue
        if sum(1 for sl in _segment_slots(ctx, norms, i) if sl.day and sl.time) > 1:
            continue
        out += [(i, doc.strip("'-")) for _, doc in found]
    return out


def _heard_clearly(segment, floor: float = 0.6) -> bool:
    """Were the turn's numbers (digits, month names) heard with confidence? Whisper's word probabilities
    fall on the values it is guessing at; a value it guessed cannot show a capture error."""
    probs = [w.probability for w in segment.words if w.probability is not None
             and (re.search(r"\d", w.word) or w.word.strip(" ,.?!").lower() in MONTHS)]
    if not probs:
        return segment.confidence is None or segment.confidence >= floor
    return sum(probs) / len(probs) >= floor


def _near_date(said: dt.date, want: dt.date) -> bool:
    """Two of day, month and year the same, or day and month swapped: a capture error, not a mishearing."""
    same = (said.day == want.day) + (said.month == want.month) + (said.year == want.year)
    return same >= 2 or (said.year == want.year and said.day == want.month and said.month == want.day)


def _near_digits(norm: str, digits: str) -> bool:
    """A number said in this turn with the record's length, at most two digits different."""
    runs = [re.sub(r"\D", "", r) for r in re.findall(r"[a-z]{0,3}\d[\d ]*", norm)]
    runs.append(re.sub(r"\D", "", norm))
    for run in runs:
        for k in range(0, max(len(run) - len(digits), 0) + 1):
            piece = run[k:k + len(digits)]
            if len(piece) == len(digits) and sum(a != b for a, b in zip(piece, digits, strict=True)) <= 2:
                return True
    return False


_STREET_WORDS = {"street", "st", "avenue", "ave", "road", "rd", "drive", "dr", "lane", "ln", "boulevard", "blvd",
                 "court", "ct", "apartment", "apt", "unit", "suite", "way", "place", "north", "south", "east", "west"}


def _has_id_like(norm: str, length: int) -> bool:
    """Did this turn say a number of about the field's length (so a non-match is a real mismatch)?"""
    # digits in a run, also read in groups ("503, 555, 0184")
    for run in re.findall(r"[a-z]{0,3}\d(?:[\d ]|[,-] ?(?=\d))*", norm):
        digits = re.sub(r"\D", "", run)
        if abs(len(digits) - length) <= 2 and len(digits) >= 3:
            return True
    # a number read in groups ("581, 595, 5357")
    digits = re.sub(r"\D", "", norm)
    return abs(len(digits) - length) <= 1 and len(digits) >= 5


def _name_context(txt: list[str]) -> bool:
    return any(re.search(r"\b(name|spell)\b", x) for x in txt)


@register("data_accuracy", AccuracyParams)
def score(spec, ctx: Context) -> CriterionResult:
    params = AccuracyParams.model_validate(spec.params)
    record = ctx.transcript.record or {}
    txt = texts(ctx.transcript)
    if "accuracy_norms" not in ctx.shared:
        ctx.shared["accuracy_norms"] = LazyNorms(txt)
    norms = ctx.shared["accuracy_norms"]
    checks: list[FieldCheck] = []
    for key, value in record.items():
        fname = ALIASES.get(key.lower())
        if fname is None or value in (None, "") or (params.fields and fname not in params.fields and
                                                    key not in params.fields):
            continue
        checks.append(check_field(ctx, key, fname, value, txt, norms, params.name_similarity))
    checked = [c for c in checks if c.status != "unverifiable"]
    mismatched = [c.key for c in checks if c.status == "mismatch"]
    details = {
        "mismatched_fields": mismatched,
        "matched_fields": [c.key for c in checks if c.status == "match"],
        "unverifiable_fields": [c.key for c in checks if c.status == "unverifiable"],
        "read_back_confirmed_fields": [c.key for c in checks if c.read_back_confirmed],
        "partially_checked_fields": [c.key for c in checks if c.partial],
        "fields": {c.key: {"status": c.status, "segments": c.segments} | ({"partial": True} if c.partial else {})
                   for c in checks},
        "information_accuracy_rate": round(1 - len(mismatched) / len(checked), 4) if checked else None,
    }
    if not checked:
        return CriterionResult(id=spec.id, kind=spec.kind, score=spec.weight, max=spec.weight, passed=None,
                               confidence=0.5 if checks else 0.9, details=details)
    share = 1 - len(mismatched) / len(checked)
    evidence_idx = sorted({i for c in checks if c.status != "unverifiable" for i in c.segments[:1]})
    unverifiable = len(checks) - len(checked)
    return CriterionResult(
        id=spec.id,
        kind=spec.kind,
        score=round(spec.weight * share, 2),
        max=spec.weight,
        passed=not mismatched,
        confidence=round(0.9 - 0.3 * unverifiable / len(checks), 3),
        evidence=[ctx.evidence(i) for i in evidence_idx],
        auto_fail=bool(spec.auto_fail and mismatched),
        details=details,
    )
