"""Dialogue context: the agent's question predicts what the caller's next turn holds.

"Can I get your date of birth?" makes the date in the caller's answer a birth date even when it is said as
bare numbers ("seven twelve sixty"); "spell your last name" makes the letters a name; "what's the best
number to reach you?" makes the digits a phone number; "member ID?" makes them a member ID. Hints run
from an agent turn to the caller turns after it, up to the agent's next turn.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from models.interchange import PhiSpan, Transcript
from redactors.recognizers.base import normalized
from redactors.recognizers.dates import date_runs, find_dates
from redactors.recognizers.numbers import candidates
from redactors.recognizers.spelled import ABBREVIATIONS
from redactors.spoken import NATO_PATTERN, NormalizedText

# (hint, question pattern on the agent's normalized text); the first that matches the question wins
QUESTIONS: list[tuple[str, re.Pattern[str]]] = [
    ("DATE_OF_BIRTH", re.compile(r"\b(date of birth|birth ?date|birthday|dob|born)\b")),
    # "Hmm, I have a different year here." - "oh sorry, eighty one. nineteen eighty one"
    (
        "BIRTH_YEAR",
        re.compile(r"\b(different|wrong) year\b|\bwhat year\b|\bwhich year\b|\byear of birth\b|\band the year\b"),
    ),
    # "how old is she?" - "ninety three"; "so she's ninety-one?" - "ninety one, yes"
    ("AGE", re.compile(r"\bhow old\b|\b(she|he|you)'?(s| is| are|'re) (9\d|1[01]\d)\b")),
    ("SPELLING", re.compile(r"\bspell")),
    (
        "PERSON",
        re.compile(
            r"\b(your|the patient's|patient's|patient|full|first|last|their|his|her|[a-z]+'s) (full )?name\b|"
            # "sure whats the name" (not "the name of the pharmacy")
            r"\bwhat'?s the name\b(?! of)|"
            r"\bwho (am i|is) (speaking|calling)|\bwho do i have\b|\bmay i ask who\b|\bwho'?s the patient\b|"
            r"\bwho is the patient\b"
        ),
    ),
    ("EMAIL_ADDRESS", re.compile(r"\be-?mail\b")),
    (
        "MEMBER_ID",
        re.compile(
            r"\b(member|subscriber|group|policy|insurance|medicare|medicaid|beneficiary|plan)\b.*\b(id|number)\b|"
            r"\bmbi\b|\bwhat'?s on (your|the|his|her|their) (insurance )?card\b"
        ),
    ),
    ("MRN", re.compile(r"\b(medical record|mrn|chart number)\b")),
    ("ACCOUNT_NUMBER", re.compile(r"\baccount\b.*\bnumber\b")),
    ("US_SSN", re.compile(r"\b(social|ssn)\b|\blast (four|4)\b")),
    ("LICENSE_NUMBER", re.compile(r"\blicen[sc]e\b")),
    (
        "OTHER_ID",
        re.compile(
            r"\b(participant|subject|study|screening|claim|reference|confirmation|case|authorization|auth|"
            r"referral|prescription|rx)\b.*\b(id|number|#)\b|"
            # "what's the plate?"
            r"\b(license )?plate\b"
        ),
    ),
    # "which city are you in?" "we're in marlowe springs": a town made of everyday words
    ("CITY", re.compile(r"\b(city|town)\b|\bwhere are you (located|calling from)\b")),
    # the answer names an insurer, not a person: "Insurance?" "bluewater"
    ("INSURER", re.compile(r"\b(insurance|insurer|carrier|health plan)\b")),
    ("DEVICE_ID", re.compile(r"\b(serial|device)\b")),
    ("ZIP_CODE", re.compile(r"\bzip\b")),
    ("STREET_ADDRESS", re.compile(r"\baddress\b|\bwhere do you live\b")),
    (
        "PHONE_NUMBER",
        re.compile(
            r"\b(phone|number to reach|reach you|call you back|callback|best number|"
            r"cell|contact number|your number|good number|number for (you|him|her|them)|"
            # "What number should we call if something opens up?"
            r"(what|which) number (should|can|do|would) (we|i) (call|text|use|reach))\b"
        ),
    ),
    # the answer names a drug or a pharmacy, not a person: "is she on any blood thinners?" "eliquis"
    (
        "MEDICATION",
        re.compile(
            r"\b(medications?|medicines?|meds|taking|prescri\w*|thinners?|pills?|drugs?|allerg\w*|inhalers?|"
            r"insulin|dose|dosage|pharmacy|refill\w*)\b"
        ),
    ),
]
_NOT_NAMES = set(
    [
        "yes",
        "yeah",
        "yep",
        "no",
        "nope",
        "sure",
        "alright",
        "okay",
        "ok",
        "it's",
        "its",
        "it",
        "is",
        "that's",
        "thats",
        "this",
        "the",
        "a",
        "an",
        "my",
        "name",
        "i'm",
        "i",
        "am",
        "um",
        "uh",
        "of",
        "course",
        "and",
        "last",
        "first",
        "spelled",
        "like",
        "as",
        "in",
        "for",
        "sorry",
        "hi",
        "hello",
        "please",
        "thank",
        "thanks",
        "you",
        "so",
        "well",
        "oh",
        "just",
        "patient",
        "patient's",
        "his",
        "her",
        "name's",
        "named",
        "called",
        "legal",
        "full",
    ]
)


# the agent echoing the digits said so far: "Nine eight three...", "Seven seven three."
ECHO = re.compile(
    r"^\s*((\d+|zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)[\s,.-]*)+"
    r"(\.\.\.|\.|\?)?\s*$",
    re.I,
)
# an agent turn that lets the caller go on ("mm-hm", "go ahead") or echoes them: the question still stands
_ACK = re.compile(
    r"^\s*(mm[- ]?hm+|uh[- ]?huh|mhm|okay|ok|go ahead|got it|yes|yeah|yep|right|sure|uh huh|take your time|no rush|"
    r"no worries|no problem|i'?ll wait|that'?s okay|that'?s fine)[.,!]*\s*$",
    re.I,
)


def is_backchannel(text: str) -> bool:
    return bool(_ACK.match(text) or ECHO.match(text))


# a sentence ends at . ? ! but not after a title: "And your date of birth, Mr. Bishop?"
_SENTENCE_END = re.compile(r"(?<=[.?!])(?<!\bmr\.)(?<!\bmrs\.)(?<!\bms\.)(?<!\bdr\.)(?<!\bst\.)\s+")


_REQUEST = re.compile(r"\b(need|can you|could you|please|confirm|verify|tell me|give me|read me|spell)\b")


_ASKS_AGAIN = re.compile(
    r"\b(read|say|give|spell|repeat) (it|that|them|those|me that|me it)( one more time| once more)? ?again\b|"
    r"\b(repeat|say) (that|it)\b[^.?!]{0,20}\?|\bone more time\b|\bcome again\b"
)


def question_hints(transcript: Transcript) -> dict[int, list[str]]:
    """Segment index of a caller turn -> the kinds of answer the agent's last question asked for
    ("your name and date of birth" asks for two)."""
    hints: dict[int, list[str]] = {}
    current: list[str] = []
    answered: list[str] = []
    for i, seg in enumerate(transcript.segments):
        if seg.speaker == "agent" and current and is_backchannel(seg.text):
            continue  # "mm-hm" while the caller reads a number out: the question still stands
        if seg.speaker == "agent":
            if current and hints.get(i - 1) == current:
                answered = current
            text = normalized(seg.text).text
            # the last question of the turn is the one being answered (a request ends in "." too)
            sentences = [x for x in _SENTENCE_END.split(text.strip()) if x.strip(" .?!")]
            asked = [x for x in sentences if "?" in x]
            question = (asked[-1] if asked else sentences[-1] if sentences else "")[-200:]
            previous = current or answered
            current = [hint for hint, pat in QUESTIONS if pat.search(question)]
            # "I have a new inhaler." - "What's the name of it?": the caller's own last words say what "it" is
            if not current and _NAME_OF_IT.search(question) and i > 0:
                before = normalized(transcript.segments[i - 1].text).text
                current = [hint for hint, pat in QUESTIONS if hint in ("MEDICATION", "INSURER") and pat.search(before)]
            # "I'm not finding that one. Can you read it again?": the same answer, said again
            if not current and _ASKS_AGAIN.search(question):
                current = previous
            # "are you okay to talk about his care? i just need to verify his date of birth first." - a request
            # after the question is what is answered too
            if asked and sentences and sentences[-1] != asked[-1] and _REQUEST.search(sentences[-1]):
                current += [hint for hint, pat in QUESTIONS if pat.search(sentences[-1][-200:]) and hint not in current]
            # an agent reading back the answer just given ("three thirty one fifty two, correct?")
            if not current and "DATE_OF_BIRTH" in answered:
                hints[i] = ["DATE_OF_BIRTH"]
            answered = []
        elif current and seg.speaker in ("caller", "unknown"):
            hints[i] = current
    return hints


_MAILBOX_ONLY = re.compile(
    r"^\W*(?:(?:it'?s|its|sure|yeah|yes|okay|ok|um|uh|so)[\s,]+)*"
    r"(?P<box>[a-z][a-z0-9]*(?:\s+(?:dot|underscore|dash)\s+[a-z0-9]+)+)\s*(?:[.,]|\.\.\.|$)(?!\s*at\b)"
)
_DOMAIN_ONLY = re.compile(r"^\W*at\s+[a-z0-9\-]+\.(?:com|net|org|edu|gov|us|io|co)\b")
# an address broken off before its ending and said again: "awarsame at gmail. oh, sorry, awarsame69 at gmail dot com"
_TO_THE_PROVIDER = re.compile(
    r"\b[a-z][a-z0-9._]*\s+at\s+(?:gmail|yahoo|outlook|hotmail|aol|icloud|protonmail|proton|live|msn|comcast|"
    r"[a-z]+mail)\b(?!(?:\.|\s+dot\s+)(?:com|net|org|edu|gov|co|us|io)\b)"
)
_DIGIT_NEXT = re.compile(r"[\s,.-]*(?:\d|oh|zero|one|two|three|four|five|six|seven|eight|nine)\b", re.I)
_SAME_AREA_CODE = re.compile(r"[\s,]*(?:with |and )?(?:the )?same area code\b")
_AT_TIME_BEFORE = re.compile(r"\b(?:at|by|around|after|before|until|till)\s+$")
_NAME_OF_IT = re.compile(r"\b(name of (it|that|this|them|those)|what'?s it called|what is it called)\b")
_A_MOMENT = re.compile(r"(?:1|one|a) (?:2nd|second|sec)")


def context_spans(segment: int, text: str, hint: str) -> Iterable[PhiSpan]:
    """Spans the hint makes PHI in a caller's answer, beyond what the recognizers found alone."""
    norm = normalized(text)
    if hint == "EMAIL_ADDRESS":
        # the mailbox's name said before its domain, which comes in the next turn: "it's faith dot okafor" /
        # "Okay, faith dot okafor..." / "at protonmail dot com"
        for m in _MAILBOX_ONLY.finditer(norm.text):
            yield _span(norm, segment, m.start("box"), m.end("box"), "EMAIL_ADDRESS", 0.7, "DialogueContext")
        # ... and the domain said alone: "at protonmail dot com"
        for m in _DOMAIN_ONLY.finditer(norm.text):
            yield _span(norm, segment, m.start(), m.end(), "EMAIL_ADDRESS", 0.7, "DialogueContext")
        for m in _TO_THE_PROVIDER.finditer(norm.text):
            yield _span(norm, segment, m.start(), m.end(), "EMAIL_ADDRESS", 0.7, "DialogueContext")
    if hint == "DATE_OF_BIRTH":
        # (a clock time is no birth date: "I see you on May 14th at 9:20" read back after the date of birth; nor
        # "give me one second")
        for s, e, _ent, score in find_dates(norm, loose=True, holidays=True):
            if ":" not in norm.text[s:e] and not _A_MOMENT.fullmatch(norm.text[s:e]):
                yield _span(norm, segment, s, e, "DATE", score, "DialogueContext")
        for s, e in date_runs(norm):
            if ":" not in norm.text[s:e] and not _A_MOMENT.fullmatch(norm.text[s:e]):
                yield _span(norm, segment, s, e, "DATE", 0.7, "DialogueContext")
    elif hint == "BIRTH_YEAR":
        # the year said again, short or whole: "eighty one. nineteen eighty one"
        for m in re.finditer(r"\b(?:19|20)\s?\d\d\b|(?<!\d )(?<!\d)\b[2-9]\d\b(?! \d)", norm.text):
            yield _span(norm, segment, m.start(), m.end(), "DATE", 0.7, "DialogueContext")
    elif hint in ("SPELLING", "PERSON"):
        for s, e, kind in norm.tokens:
            if kind == "letters" and norm.text[s:e] not in ABBREVIATIONS:
                yield _span(norm, segment, s, e, "PERSON", 0.8, "DialogueContext")
        if hint == "PERSON":
            yield from _answer_name(norm, segment)
    elif hint == "AGE":
        for m in re.finditer(r"\b(9\d|1[01]\d)\b", norm.text):
            yield _span(norm, segment, m.start(), m.end(), "AGE", 0.7, "DialogueContext")
    elif hint == "CITY":
        yield from _answer_place(norm, segment)
    elif hint == "STREET_ADDRESS":
        # "you still live at 2287 East Saguaro Trail in Mesa?" - "Yes, 85213."
        for s, e, raw in candidates(norm):
            if re.fullmatch(r"\d{5}(?:\d{4})?", raw.replace(" ", "").replace("-", "")):
                yield _span(norm, segment, s, e, "ZIP_CODE", 0.7, "DialogueContext")
            # "what's the address" - "twelve twelve": the house number, its street to come
            elif (
                re.fullmatch(r"\d{2,5}", raw.replace(" ", ""))
                and not norm.text[e:].strip(" .,!?")
                and (norm.text[:s].strip(" ,.") in ("", "it's", "its", "uh", "um", "so", "yeah"))
            ):
                yield _span(norm, segment, s, e, "STREET_ADDRESS", 0.6, "DialogueContext")
    elif hint in (
        "PHONE_NUMBER",
        "MEMBER_ID",
        "MRN",
        "ACCOUNT_NUMBER",
        "US_SSN",
        "LICENSE_NUMBER",
        "DEVICE_ID",
        "ZIP_CODE",
        "OTHER_ID",
    ):
        for s, e, raw in candidates(norm):
            # its last digit said again to make it clear: "one four six oh three, three at the end"
            again = re.match(r"(.*(\d))[,\s]+\2$", raw)
            if again and re.match(r"\s+(?:at|on) the end\b", norm.text[e:]):
                raw, e = again.group(1), s + len(again.group(1))
            digits = re.sub(r"\D", "", raw)
            # a number said in chunks across turns ("it's six one seven" / "mm-hm" / "five five five ...")
            # ... or an ID's letters and digits spelled out one by one ("yes november papa three", "okay n p three")
            start, end = norm.to_original(s, e)
            spelled = (
                hint != "PHONE_NUMBER"
                and bool(digits)
                and re.search(r"[a-z]", raw) is not None
                and len(re.sub(r"[^0-9a-z]", "", raw)) >= 3
                and len(norm.original[start:end].split()) >= 3
            )
            chunk = (
                (3 <= len(digits) <= 6 or spelled)
                and (
                    not norm.text[e:].strip(" .,!?")
                    # "actually use the house phone, it's oh one eight eight same area code"
                    or (hint == "PHONE_NUMBER" and _SAME_AREA_CODE.match(norm.text[e:]) is not None)
                    or norm.text[:s].strip(" ,.") in ("", "it's", "its", "and", "uh", "um", "then", "and then")
                )
            )
            if hint == "PHONE_NUMBER" and not (7 <= len(digits) <= 12 or chunk):
                continue
            # a clock time in the answer: "my daughter can drive me at two thirty"
            if hint == "PHONE_NUMBER" and len(digits) <= 4 and _AT_TIME_BEFORE.search(norm.text[:s]):
                continue
            if hint == "ZIP_CODE" and len(digits) not in (5, 9) and not chunk:
                continue
            groups = re.findall(r"\d+", raw)
            # (said again from the start: "four four... four four seven one")
            restarted = len(groups) > 1 and len(groups[-1]) in (4, 9) and groups[-1].startswith("".join(groups[:-1]))
            # (a social said in chunks across turns: "it's five two eight" - "mm-hm" - "seven one four four oh eight")
            if hint == "US_SSN" and len(digits) not in (4, 9) and not restarted and not chunk:
                continue
            # (an ID's first chunk too: "it's k p, uh, 3 3 0" / "Okay, K P 3 3 0..." / "then 9 1 7 2")
            if len(raw.replace(" ", "")) < 4 and not chunk:
                continue
            if hint == "OTHER_ID" and len(digits) < 2 and not spelled:
                continue  # "a white RAV4": a model, not a plate or a claim
            yield _span(norm, segment, s, e, hint, 0.8, "DialogueContext")
        if hint not in ("PHONE_NUMBER", "ZIP_CODE"):
            # an ID's letters in the phonetic alphabet, its digits in another turn: "it starts bravo charlie" (with
            # digits after them, they are part of the number found above)
            for m in NATO_RUN.finditer(text):
                if not _DIGIT_NEXT.match(text, m.end()):
                    yield PhiSpan(
                        segment=segment,
                        start=m.start(),
                        end=m.end(),
                        type=hint,
                        score=0.7,
                        recognizer="DialogueContext",
                    )


# two or more phonetic-alphabet words in a row: an ID's letters ("whiskey delta", "echo, lima")
NATO_RUN = re.compile(rf"\b(?:{NATO_PATTERN})(?:[\s,-]+(?:{NATO_PATTERN}))+\b", re.IGNORECASE)

_PLACE_LEAD = re.compile(
    r"^\W*(?:(?:uh|um|oh|yeah|yes|so|well|it's|its|it is|we're|we are|i'm|i am|i live|we live|we're in|"
    r"living|out|over|here|in|from)\b[\s,]*)*"
)
_PLACE_END = re.compile(r"[,.;!?]|\s(?:on|near|by|and|off|but|just|right|up|down|out|at|in|close|outside)\b")


_NOT_PLACES = {
    *("home", "house", "work", "office", "hospital", "car", "downtown", "uptown", "school", "apartment", "sure", "yes"),
    *("side", "north", "south", "east", "west", "midtown", "suburbs", "country", "city", "town"),
}


def _answer_place(norm: NormalizedText, segment: int) -> Iterable[PhiSpan]:
    """The answer to "which city are you in?" up to a comma: "we're in marlowe springs, on pelican street"."""
    from redactors.lexicon import stop_words

    stop = stop_words()

    def place(start: int, end: int) -> bool:
        words = norm.text[start:end].split()
        return 1 <= len(words) <= 3 and not any(w in stop or w in _NOT_PLACES or not w.isalpha() for w in words)

    # corrected: "halvard no sorry we just moved its rockaway hills"
    fixed = _PLACE_CORRECTED.match(norm.text)
    if fixed and place(*fixed.span("before")) and place(*fixed.span("after")):
        yield _span(norm, segment, *fixed.span("before"), "LOCATION", 0.6, "DialogueContext")
        yield _span(norm, segment, *fixed.span("after"), "LOCATION", 0.6, "DialogueContext")
        return
    lead = _PLACE_LEAD.match(norm.text)
    start = lead.end() if lead else 0
    end_m = _PLACE_END.search(norm.text, start)
    end = end_m.start() if end_m else len(norm.text)
    if place(start, end):
        yield _span(norm, segment, start, end, "LOCATION", 0.6, "DialogueContext")


_PLACE_CORRECTED = re.compile(
    r"^\W*(?:(?:uh|um|it's|its|in)\s+)?(?P<before>[a-z]+(?: (?!(?:no|sorry|wait|actually)\b)[a-z]+)?)[,.]?\s+"
    r"(?:no|sorry|wait|actually|i mean)\b"
    r"[^.?!]*?\b(?:it's|its|it is|we're in|we are in|now)\s+(?P<after>[a-z]+(?: [a-z]+){0,2})\W*$"
)


def _answer_name(norm: NormalizedText, segment: int) -> Iterable[PhiSpan]:
    """A short answer to "what's your name?" is the name: "uh it's maria lopez"."""
    from redactors import lexicon
    from redactors.lexicon import stop_words
    from redactors.recognizers.gazetteer import RELATIONS, _unknown_word, name_gazetteer

    names = name_gazetteer()
    # the first name said, then again with the surname: "sunny, sunny park, she's my daughter"
    twice = _SAID_TWICE.match(norm.text)
    if twice and twice.group("w") not in _NOT_NAMES and twice.group("w") not in _NOT_A_NAME_ALONE:
        yield _span(norm, segment, twice.start("w"), twice.end("last"), "PERSON", 0.7, "DialogueContext")
        return
    # the first sentence is the answer: "it's grace brown. well, her legal name is ..."
    first = re.search(r"[.?!](?:\s|$)", norm.text)
    limit = first.start() if first else len(norm.text)
    words = [(k, s, e) for k, (s, e, kind) in enumerate(norm.tokens) if kind == "word" and e <= limit]
    if len(words) > 8:
        return
    run: list[tuple[int, int]] = []
    last = -1
    for k, s, e in words:
        w = norm.text[s:e]
        if run and k != last + 1:  # a comma or a number ends the name: "horace tillinghast, may 17th"
            break
        if w in _NOT_NAMES:
            if run:
                break
            continue
        if w in names or len(run) < 3:
            run.append((s, e))
            last = k
        else:
            break

    # a listed name, a word no English word list knows ("hollis fenwright"), or capitalized words mid-sentence
    def capitalized(s: int, e: int) -> bool:
        start = norm.to_original(s, e)[0]
        return norm.original[start : start + 1].isupper() and start > 0

    # the whole answer one word, whatever word: "What's your child's name?" - "river"
    alone = len(run) == 1 and len(norm.tokens) == 1 and norm.text[slice(*run[0])] not in _NOT_A_NAME_ALONE
    # one word, then what is said of its bearer: "What's your son's name and age?" - "justice, he's 3"
    then_told = (
        len(run) == 1
        and run[0][0] == words[0][1]
        and norm.text[slice(*run[0])] not in _NOT_A_NAME_ALONE
        and bool(_TOLD_OF_THE_NAMED.match(norm.text[run[0][1] :]))
    )
    # ... or all the answer says besides its lead-in: "its bear", "it's major"
    alone = alone or (
        len(run) == 1
        and run[0] == words[-1][1:]
        and len(words) == len(norm.tokens)
        and norm.text[slice(*run[0])] not in _NOT_A_NAME_ALONE
        and all(norm.text[s:e] in _NOT_NAMES for _k, s, e in words[:-1])
    )
    # two or three words none of them common in English, the answer's first clause: "opal fairweather, she usually
    # sees doctor okafor", "sterling ashdown. i'm georgia, his daughter"
    plain = (
        2 <= len(run) <= 3
        and all(
            norm.text[s:e] not in stop_words()
            and norm.text[s:e] not in RELATIONS
            and lexicon.zipf(norm.text[s:e]) < 4.5
            for s, e in run
        )
        and all(norm.text[s:e] in _NOT_NAMES for _k, s, e in words if e <= run[0][0])
        and bool(re.match(r"\s*(?:[,.?!]|$)", norm.text[run[-1][1] :]))
    )
    if run and (
        any(norm.text[s:e] in names or _unknown_word(norm.text[s:e]) for s, e in run)
        or all(capitalized(s, e) for s, e in run)
        or alone
        or then_told
        or plain
    ):
        yield _span(norm, segment, run[0][0], run[-1][1], "PERSON", 0.7, "DialogueContext")


_SAID_TWICE = re.compile(
    r"^\W*(?:(?:it'?s|uh|um|yeah|yes|so|okay)[\s,]+)*(?P<w>[a-z][a-z'\-]+),\s+(?P=w)\s+(?P<last>[a-z][a-z'\-]+)\b"
)
# (or its surname said next: "sky, last name kealoha")
_TOLD_OF_THE_NAMED = re.compile(
    r"^,\s+(?:(?:he|she|they)(?:'s|'re| is| are| was| turned| will)|(?:last name|surname|family name)(?: is)?)\b"
)
_NOT_A_NAME_ALONE = {
    *("pardon", "sorry", "huh", "what", "hello", "hi", "okay", "ok", "sure", "yes", "yeah", "yep", "no", "nope"),
    *("yup", "exactly", "correct", "address", "phone", "email", "name", "birthday"),
    *("hmm", "um", "uh", "me", "mine", "him", "her", "again", "excuse", "who", "why", "right", "correct", "same"),
}


# the agent addressing the caller by name: "Thank you Priyanka.", "thanks, mr. okafor!"
_ADDRESSED = re.compile(
    r"\b(?:thank you|thank-you|thanks|thanks so much|thank you so much)[,]?\s+(?:(?:mr|mrs|ms|miss)\.?\s+)?"
    r"(?P<name>[a-z][a-z'\-]+(?:\s+[a-z][a-z'\-]+)?)\s*(?=[.,!?;]|$)",
    re.IGNORECASE,
)
_NOT_ADDRESSED = {
    *("sir", "ma'am", "maam", "madam", "again", "everyone", "everybody", "both", "all", "guys", "folks"),
    *("doctor", "dr", "nurse", "so", "much", "very", "too", "kindly", "for", "you", "and", "then"),
}


def addressed_names(transcript: Transcript) -> Iterable[PhiSpan]:
    """Names the agent calls the caller by after thanking them ("Thank you Priyanka.")."""
    from redactors import lexicon
    from redactors.recognizers.gazetteer import name_gazetteer

    names = name_gazetteer()
    for i, seg in enumerate(transcript.segments):
        if seg.speaker != "agent":
            continue
        for m in _ADDRESSED.finditer(seg.text):
            words = m.group("name").lower().split()
            if any(w in _NOT_ADDRESSED for w in words):
                continue
            # a name, not a word: rare as English, or a listed name said capitalized
            capital = m.group("name")[:1].isupper()
            if all(lexicon.zipf(w) < 4.0 or (capital and names.get(w, 9.0) < 5.5) for w in words):
                yield PhiSpan(
                    segment=i, start=m.start("name"), end=m.end("name"), type="PERSON", score=0.6,
                    recognizer="DialogueContext",
                )  # fmt: skip


def _span(norm: NormalizedText, segment: int, s: int, e: int, typ: str, score: float, rec: str) -> PhiSpan:
    start, end = norm.to_original(s, e)
    while end > start and norm.original[end - 1] in ",.;:!?":
        end -= 1
    return PhiSpan(segment=segment, start=start, end=end, type=typ, score=score, recognizer=rec)
