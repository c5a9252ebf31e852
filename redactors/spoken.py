"""Spoken-form normalization with a character map back to the original text.

ASR gives identifiers the way people say them: "march fourth eighty two", "five five five, two one two",
"g o n z a l e z", "m as in mary", "j smith at yahoo dot com". `normalize_spoken` rewrites such text into
one canonical lowercase form (digits, joined letters, "@" and ".") so that plain patterns can find them,
and keeps, for every normalized character, the span of original characters it came from, so a match in
the normalized text maps back to exact offsets in what the ASR wrote.

Canonical form:
- number words become digits (text2num's ``alpha2digit``); a run of adjacent number words becomes one
  digit string ("five five five two one two" -> "555212", "one twenty three" -> "123",
  "nineteen eighty two" -> "1982"); "oh"/"o" inside a digit run is 0; "double five" -> "55";
- ordinals next to a month or after "the" become "4th", "21st";
- letters spelled one by one ("g o n z a l e z", "G-O-N", "m as in mary", NATO words) become one word;
  one to three letters beside a digit run join it ("w four five ..." -> "w45...");
- "at" / "dot" / "underscore" / "dash" in an email, URL or IP address become "@", ".", "_", "-";
- everything else is lowercased and kept; whitespace between tokens collapses to one space.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import re
from dataclasses import dataclass, field

from text_to_num import alpha2digit

__all__ = [
    "NormalizedText",
    "normalize_spoken",
    "parse_spoken_date",
    "spoken_digits",
    "find_spoken_dates",
    "MONTHS",
]

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "niner": 9,  # radio and phone-line speech
}
TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {"hundred", "thousand", "million"}
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
}
NUMBER_WORDS = set(UNITS) | set(TEENS) | set(TENS) | SCALES
ZERO_WORDS = {"oh", "o"}
REPEATERS = {"double": 2, "triple": 3}
MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
NATO = {
    "alpha": "a",
    "alfa": "a",
    "bravo": "b",
    "charlie": "c",
    "delta": "d",
    "echo": "e",
    "foxtrot": "f",
    "golf": "g",
    "hotel": "h",
    "india": "i",
    "juliet": "j",
    "juliett": "j",
    "kilo": "k",
    "lima": "l",
    "mike": "m",
    "november": "n",
    "oscar": "o",
    "papa": "p",
    "quebec": "q",
    "romeo": "r",
    "sierra": "s",
    "tango": "t",
    "uniform": "u",
    "victor": "v",
    "whiskey": "w",
    "whisky": "w",
    "xray": "x",
    "x-ray": "x",
    "yankee": "y",
    "zulu": "z",
}
# the phonetic alphabet as a regex alternation, longest word first ("x-ray" before "x")
NATO_PATTERN = "|".join(sorted(NATO, key=len, reverse=True))
TLDS = {
    "com",
    "org",
    "net",
    "edu",
    "gov",
    "us",
    "io",
    "co",
    "info",
    "biz",
    "health",
    "me",
    "mail",
    "example",
    "uk",
    "ca",
}
# country codes callers' mail providers use, said aloud ("at web dot de"); written hosts keep the list above
SPOKEN_TLDS = TLDS | {
    "de",
    "fr",
    "ie",
    "au",
    "nz",
    "in",
    "mx",
    "es",
    "it",
    "nl",
    "br",
    "jp",
    "ch",
    "se",
    "dk",
    "pl",
    "pt",
    "za",
    "sg",
}
# Words said before "at" that are not part of an email's local part.
_NOT_LOCAL = {
    "is",
    "it's",
    "its",
    "it",
    "my",
    "email",
    "e-mail",
    "address",
    "the",
    "that's",
    "thats",
    "and",
    "sure",
    "yes",
    "yeah",
    "use",
    "send",
    "to",
    "me",
    "you",
    "can",
    "reach",
    "or",
    "at",
    "mail",
    "just",
    "okay",
    "ok",
    "um",
    "uh",
    "so",
    "also",
    "be",
    "would",
    "should",
    "try",
    "please",
    "on",
    "in",
    "of",
    "by",
    "with",
    "your",
    "our",
    "their",
    "a",
    "an",
    "this",
    "that",
    "i",
    "we",
    "they",
    "he",
    "she",
}

_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?|\d+(?:st|nd|rd|th)?|\S", re.UNICODE)
_SEPARATORS = {"-", ".", ","}


@dataclass
class _Item:
    text: str  # normalized text of this item
    start: int  # original span
    end: int
    kind: str  # word | num | letters | punct | ord
    exact: bool = False  # text is the original lowercased, char for char
    upper: bool = False  # said in capitals in the original ("PA", "SN")


@dataclass
class NormalizedText:
    """Normalized text plus, per normalized character, the original [start, end) it came from."""

    original: str
    text: str
    _starts: list[int] = field(repr=False, default_factory=list)
    _ends: list[int] = field(repr=False, default_factory=list)
    # (start, end, kind) of each normalized token; kind: word, num, ord, letters, id, email, host, punct
    tokens: list[tuple[int, int, str]] = field(repr=False, default_factory=list)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalized [start, end) to the smallest original [start, end) that covers it."""
        n = len(self.text)
        if n == 0:
            return (0, 0)
        start = max(0, min(start, n))
        end = max(start, min(end, n))
        if start == end:
            pos = self._starts[start] if start < n else self._ends[n - 1]
            return (pos, pos)
        return (self._starts[start], self._ends[end - 1])

    def to_normalized(self, start: int, end: int) -> tuple[int, int]:
        """Map an original [start, end) to the normalized characters that overlap it."""
        idx = [i for i in range(len(self.text)) if self._starts[i] < end and self._ends[i] > start]
        if not idx:
            return (0, 0)
        return (idx[0], idx[-1] + 1)


def _tokens(text: str) -> list[_Item]:
    items = []
    for m in _TOKEN.finditer(text):
        raw = m.group(0)
        low = raw.lower()
        if raw[0].isdigit():
            kind = "num"
        elif raw[0].isalpha():
            kind = "word"
        else:
            kind = "punct"
        upper = kind == "word" and 1 <= len(raw) <= 3 and raw.isupper()
        items.append(_Item(low, m.start(), m.end(), kind, exact=len(low) == len(raw), upper=upper))
    return items


def _is_numberish(it: _Item) -> bool:
    return it.kind == "num" or (it.kind == "word" and (it.text in NUMBER_WORDS))


def _adjacent(a: _Item, b: _Item) -> bool:
    return a.end == b.start


def _group_numbers(items: list[_Item], original: str) -> list[_Item]:
    """Collapse runs of number words (with oh/double/hyphens) into one digit item."""
    out: list[_Item] = []
    i = 0
    n = len(items)

    def numberish_at(j: int) -> bool:
        return 0 <= j < n and (
            _is_numberish(items[j])
            or (
                items[j].kind == "word"
                and items[j].text in REPEATERS
                and j + 1 < n
                and (
                    items[j + 1].text in UNITS
                    or items[j + 1].text in ZERO_WORDS
                    or (items[j + 1].kind == "num" and len(items[j + 1].text) == 1)
                )
            )
        )

    def zeros_then_number(j: int) -> bool:
        """ "oh oh ninety one": zeros said before a number belong to it; so does "dot oh dot" in an address."""
        k = j
        while k < n and items[k].kind == "word" and items[k].text in ZERO_WORDS:
            k += 1
        if numberish_at(k):
            return True
        dots = ("dot", "point")
        return (j > 0 and items[j - 1].text in dots and numberish_at(j - 2)) or (
            k < n and items[k].text in dots and numberish_at(k + 1)
        )

    def digit_or_zero(j: int) -> bool:
        return numberish_at(j) or (0 <= j < n and items[j].kind == "word" and items[j].text in ZERO_WORDS)

    while i < n:
        it = items[i]
        # "seven, oh, oh, four, one": an "oh" between digits said one by one with pauses is a zero
        between_pauses = (
            i >= 2 and i + 2 < n and items[i - 1].text == "," and items[i + 1].text == ","
            and digit_or_zero(i - 2) and digit_or_zero(i + 2)
        )  # fmt: skip
        if it.kind == "word" and it.text in ZERO_WORDS and between_pauses:
            out.append(_Item("0", it.start, it.end, "num"))
            i += 1
            continue
        starts_run = numberish_at(i) or (
            it.kind == "word"
            and it.text in ZERO_WORDS
            and (numberish_at(i + 1) or numberish_at(i - 1) or zeros_then_number(i))
        )
        if not starts_run or (it.kind == "num" and not it.text.isdigit()):
            out.append(it)
            i += 1
            continue
        j = i
        words: list[str] = []
        while j < n:
            t = items[j]
            if t.kind == "num" and t.text.isdigit() or t.kind == "word" and t.text in NUMBER_WORDS:
                words.append(t.text)
            elif t.kind == "word" and t.text in ZERO_WORDS and (words or numberish_at(j + 1) or zeros_then_number(j)):
                words.append("0")
            elif t.kind == "word" and t.text in REPEATERS and numberish_at(j):
                nxt = items[j + 1]
                digit = "0" if nxt.text in ZERO_WORDS else str(UNITS.get(nxt.text, nxt.text))
                words.extend([digit] * REPEATERS[t.text])
                j += 2
                continue
            elif (
                t.kind == "word"
                and t.text == "and"
                and words
                and words[-1] in SCALES
                and j + 1 < n
                and items[j + 1].text in NUMBER_WORDS
            ):
                pass  # "one hundred and five"
            elif (
                t.kind == "punct"
                and t.text == "-"
                and words
                and j + 1 < n
                and _adjacent(items[j - 1], t)
                and _adjacent(t, items[j + 1])
                and items[j + 1].kind == "word"
                and (
                    items[j + 1].text in NUMBER_WORDS
                    or (items[j + 1].text in ORDINALS and ORDINALS[items[j + 1].text] < 10 and words[-1] in TENS)
                )
                and items[j - 1].kind == "word"
            ):
                pass  # "twenty-two", "twenty-second"
            elif t.kind == "word" and t.text in ORDINALS and words and words[-1] in TENS and ORDINALS[t.text] < 10:
                words.append(t.text)  # "twenty first"
                j += 1
                break
            else:
                break
            j += 1
        if j == i:
            out.append(it)
            i += 1
            continue
        digits = _words_to_digits(words)
        kind = "ord" if re.search(r"(st|nd|rd|th)$", digits) else "num"
        out.append(_Item(digits, items[i].start, items[j - 1].end, kind))
        i = j
    return out


def _words_to_digits(words: list[str]) -> str:
    """Number words to digits: single digits said one by one run together ("5552120198"), numbers said as
    numbers stay apart ("seven twelve sixty" -> "7 12 60", "one twenty three" -> "1 23")."""
    prepared = []
    for k, w in enumerate(words):
        compound = (k > 0 and words[k - 1] in (TENS.keys() | SCALES | {"and"})) or (
            k + 1 < len(words) and words[k + 1] in SCALES
        )
        prepared.append(str(UNITS[w]) if w in UNITS and not compound else w)
    chunks = alpha2digit(" ".join(prepared), "en", threshold=0).split()
    out: list[str] = []
    prev_single = False
    for c in chunks:
        single = len(c) == 1 and c.isdigit()
        if single and prev_single:
            out[-1] += c
        else:
            out.append(c)
        prev_single = single
    return " ".join(out)


def _ordinals(items: list[_Item]) -> list[_Item]:
    """Standalone ordinals become "4th" where a date is being said (beside a month, after "the")."""
    out = []
    fillers = {"uh", "um", "umm", "uhm", "er", "erm", "ah", "hmm", ","}
    for k, it in enumerate(items):
        if it.kind == "word" and it.text in ORDINALS:
            # neighbours, past fillers: "october um twelfth"
            before = [x.text for x in items[:k] if x.text not in fillers]
            after = [x.text for x in items[k + 1 : k + 6] if x.text not in fillers]
            prev = before[-1] if before else ""
            nxt = after[0] if after else ""
            nxt2 = after[1] if len(after) > 1 else ""
            v = ORDINALS[it.text]
            # "the 29th or thirtieth"; a day taken at the start of a turn: "eighteenth is good", "twelfth works"
            listed = prev in ("or", "and", "through", "to") and any(x.kind == "ord" for x in out[-3:])
            taken = (
                v >= 5
                and all(x in ("yes", "yeah", "okay", "ok", "so", "sure", "oh", ".", "um", "uh") for x in before[-3:])
                and nxt in ("is", "works", "would", "sounds", "then", "at", "please", "'s", "it", "'d")
            )
            if prev in MONTHS or prev == "the" or nxt in MONTHS or (nxt == "of" and nxt2 in MONTHS) or listed or taken:
                v = ORDINALS[it.text]
                suffix = "th" if 10 <= v % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(v % 10, "th")
                out.append(_Item(f"{v}{suffix}", it.start, it.end, "ord"))
                continue
        out.append(it)
    return out


def _letter_of(items: list[_Item], k: int) -> tuple[str, int] | None:
    """If a spelled letter starts at k, return (letter, number of items it uses)."""
    it = items[k]
    if it.kind != "word":
        return None
    # "capital a", "lowercase b": a letter named with its case
    if (
        it.text in ("capital", "uppercase", "lowercase", "small", "big")
        and k + 1 < len(items)
        and items[k + 1].kind == "word"
        and len(items[k + 1].text) == 1
        and items[k + 1].text.isalpha()
    ):
        return items[k + 1].text, 2
    # "x-ray" is one NATO word in three tokens
    if it.text == "x" and k + 2 < len(items) and items[k + 1].text == "-" and items[k + 2].text == "ray":
        return "x", 3
    if len(it.text) == 1 and it.text.isalpha():
        # "m as in mary", "m like mary", "m for mary"
        if (
            k + 3 < len(items)
            and items[k + 1].text == "as"
            and items[k + 2].text == "in"
            and items[k + 3].kind == "word"
            and items[k + 3].text[0] == it.text
        ):
            return it.text, 4
        # ... with pauses: "g as in, uh, golf", "h, as in, uh, hotel"
        m = _skip_pauses(items, k + 1)
        if m + 1 < len(items) and items[m].text == "as" and items[m + 1].text == "in":
            w = _skip_pauses(items, m + 2)
            if w < len(items) and items[w].kind == "word" and items[w].text[0] == it.text and len(items[w].text) > 1:
                return it.text, w - k + 1
        if (
            k + 2 < len(items)
            and items[k + 1].text in ("like", "for", "as")
            and items[k + 2].kind == "word"
            and items[k + 2].text[0] == it.text
            and len(items[k + 2].text) > 1
        ):
            return it.text, 3
        return it.text, 1
    if it.text in NATO:
        return NATO[it.text], 1
    return None


def _skip_pauses(items: list[_Item], k: int) -> int:
    """The first index from k that is not a comma, a filler word or an ellipsis ("k, as in... kilo")."""
    while k < len(items) and (items[k].text in (",", "\u2026") or items[k].text in FILLERS or _in_ellipsis(items, k)):
        k += 1
    return k


def _in_ellipsis(items: list[_Item], k: int) -> bool:
    return items[k].text == "." and any(
        0 <= j < len(items) and items[j].text == "." and abs(items[j].start - items[k].start) == 1
        for j in (k - 1, k + 1)
    )


def _numberish_start(it: _Item) -> bool:
    return it.text in NUMBER_WORDS or it.text in ZERO_WORDS or it.kind == "num"


def _words_resume(items: list[_Item], k: int) -> bool:
    """After a spelling's separator, plain words start again at k: "O-K-A-F-O-R. I just need", "B E L L A M Y,
    November second" (a month before its day, not the NATO word)."""
    it = items[k]
    after = items[k + 1] if k + 1 < len(items) else None
    if after is None or after.kind != "word":
        return it.text == "november" and after is not None and _numberish_start(after)
    if it.text == "november":
        return after.text in ORDINALS or _numberish_start(after)
    return (
        it.text in ("i", "a")
        and items[k - 1].text == "."
        and len(after.text) > 1
        and after.text not in ("as", "like", "for")
        and after.text not in NATO
    )


def _group_letters(items: list[_Item]) -> list[_Item]:
    out: list[_Item] = []
    i = 0
    n = len(items)
    while i < n:
        first = _letter_of(items, i)
        # "with a P-H": the article said before hyphenated letters is not one of them
        article = (
            items[i].text in ("a", "i")
            and i + 2 < n
            and _letter_of(items, i + 1) is not None
            and items[i + 2].kind == "punct"
            and items[i + 2].text in ("-", ".")
        )
        if first is None or article:
            out.append(items[i])
            i += 1
            continue
        letters: list[tuple[str, int, int, bool]] = []  # letter, start idx, used, is_nato
        separators: list[str] = []
        j = i
        while j < n:
            got = _letter_of(items, j)
            if got is None:
                break
            letter, used = got
            is_nato = items[j].text in NATO and used == 1 or used == 3 and items[j + 1].text == "-"
            letters.append((letter, j, used, is_nato))
            j += used
            # separators between spelled letters: "g-o-n", "G. O. N.", "g, o, n"
            if (
                j + 1 < n
                and (
                    items[j].kind == "punct"
                    and items[j].text in _SEPARATORS
                    # "o apostrophe d r i s c o l l", "d e, space, l a", "h y u n dash w o o"; not "a hyphen" said
                    # as words
                    or _is_token(items[j], "apostrophe", "space", "hyphen", "dash")
                    and (len(letters) >= 2 or items[letters[-1][1]].text not in ("a", "i"))
                    # "sierra charlie uh hotel": a filler between NATO words
                    or items[j].text in ("uh", "um", "er")
                    and letters[-1][3]
                    and items[j + 1].text in NATO
                )
                and _letter_of(items, j + 1) is not None
                and not _words_resume(items, j + 1)
            ):
                # "it's with a Y. K-A-T-H-R-Y-N": a letter named alone, then the word spelled with hyphens
                if (
                    items[j].text == "."
                    and len(letters) == 1
                    and j + 2 < n
                    and items[j + 2].text == "-"
                    and items[j + 1].start == items[j].end + 1
                ):
                    break
                # "C-O-N-S-T-A-N-C-E, M-W-A-N-G-I": a comma after hyphenated letters ends the word
                if items[j].text == "," and len(separators) >= 3 and all(x == "-" for x in separators):
                    break
                separators.append(items[j].text)
                j += 1
        # a trailing separator belongs to the letters only if it is glued to the last letter ("G.")
        count = len(letters)
        all_nato = all(x[3] for x in letters)
        plain = [x for x in letters if x[2] == 1 and not x[3]]
        ok = (
            count >= 2
            # "alpha bravo" alone is not spelling; "alpha bravo 7 3 3 ..." starts an ID
            and not (
                all_nato
                and count < 3
                and not (j < n and _numberish_start(items[j]))
                and not _comma_then_number(items, j)
            )
            and not (
                count == 2
                and len(plain) == 2
                and {items[x[1]].text for x in plain} & {"a", "i"}
                # "a d 4 8 3 ..." starts a serial; "a b" alone is not spelling
                and not (
                    j < n and (items[j].text in NUMBER_WORDS or items[j].text in ZERO_WORDS or items[j].kind == "num")
                )
                # "a e dash 0 0 9 1", "p a, seven seven one" start an ID too
                and not (
                    j + 1 < n
                    and (_is_token(items[j], "dash", "hyphen") or items[j].text == ",")
                    and _numberish_start(items[j + 1])
                )
            )
        )
        # "back in November, November 12th": the month said twice before its day, not "N N 12"
        if all(items[x[1]].text == "november" for x in letters) and j < n and _numberish_start(items[j]):
            ok = False
        if count == 1 and letters[0][2] > 1 and not all_nato:
            ok = True  # a lone "m as in mary"
        # a lone NATO letter between digits ("77 alpha, 4092")
        if (
            count == 1
            and all_nato
            and letters[0][2] == 1
            and out
            # ("one alpha bravo four, golf seven": a comma between too)
            and (_numberish_start(out[-1]) or (len(out) >= 2 and out[-1].text == "," and _numberish_start(out[-2])))
            and j < n
            and (_numberish_start(items[j]) or items[j].text == "," and j + 1 < n and _numberish_start(items[j + 1]))
        ):
            ok = True
        if not ok:
            # a lone letter stays a word; NATO words too
            out.append(items[i])
            i += 1
            continue
        end_item = items[letters[-1][1] + letters[-1][2] - 1]
        out.append(_Item("".join(x[0] for x in letters), items[i].start, end_item.end, "letters"))
        i = letters[-1][1] + letters[-1][2]
    return out


def _comma_then_number(items: list[_Item], j: int) -> bool:
    """ "tango, romeo, seven": the NATO letters of an ID go on to its digits after a comma."""
    return j + 1 < len(items) and items[j].text == "," and _numberish_start(items[j + 1])


STATE_ABBR = [
    "al",
    "ak",
    "az",
    "ar",
    "ca",
    "co",
    "ct",
    "de",
    "fl",
    "ga",
    "hi",
    "id",
    "il",
    "in",
    "ia",
    "ks",
    "ky",
    "la",
    "me",
    "md",
    "ma",
    "mi",
    "mn",
    "ms",
    "mo",
    "mt",
    "ne",
    "nv",
    "nh",
    "nj",
    "nm",
    "ny",
    "nc",
    "nd",
    "oh",
    "ok",
    "or",
    "pa",
    "ri",
    "sc",
    "sd",
    "tn",
    "tx",
    "ut",
    "vt",
    "va",
    "wa",
    "wv",
    "wi",
    "wy",
    "dc",
]
_STATE_CODES = {*STATE_ABBR, "pr"}


_ID_LEAD = {"it's", "its", "is", "it", "number", "id", "starts", "with", "uh", "um", "okay", "that's", "so"}


def _join_ids(items: list[_Item]) -> list[_Item]:
    """Join letters and digit runs said together ("w 45729183" -> "w45729183", "abc 123"), also across one
    separator ("X, G, H, 4, 4, 1", "B C R dash 0 0 9 1", "PA 7 7 2"), and a last letter ("5 5 0 1 9 a.")."""
    out: list[_Item] = []
    for k, it in enumerate(items):
        if (
            it.kind == "word"
            and it.upper
            and it.text not in _STATE_CODES
            and k + 1 < len(items)
            and items[k + 1].kind == "num"
        ):
            it = _Item(it.text, it.start, it.end, "letters")  # "PA 772041", "SN 4409"
        # "D, 4 4 1, 0 9": a capital letter said alone before a comma and digits starts the ID; lowercase too where
        # at least three digits follow ("h, six six two, zero nine, ...")
        if (
            it.kind == "word"
            and (
                it.upper
                or k + 2 < len(items)
                and len(items[k + 2].text.replace(" ", "")) >= 3
                and (k == 0 or items[k - 1].kind == "punct" or items[k - 1].text in _ID_LEAD)
            )
            and len(it.text) == 1
            and it.text not in ("a", "i")
            and k + 2 < len(items)
            and items[k + 1].text == ","
            and items[k + 2].kind == "num"
        ):
            it = _Item(it.text, it.start, it.end, "letters")
        # "L D A, then 2 0 4", "M C, then, uh, seven ...": "then" between a prefix and its digits
        if (
            _is_token(it, "then")
            and out
            and (out[-1].kind == "letters" or (out[-1].text == "," and len(out) >= 2 and out[-2].kind == "letters"))
            and k + 1 < len(items)
            and (items[k + 1].kind == "num" or items[k + 1].text == ",")
        ):
            if out[-1].text != ",":
                out.append(_Item(",", it.start, it.start, "punct"))
            continue
        if (
            it.text == ","
            and k > 0
            and _is_token(items[k - 1], "then")
            and out
            and out[-1].text == ","
            and k + 1 < len(items)
        ):
            continue  # "M C, then, 7 ...": the comma after a dropped "then"
        # "M C, then, uh, seven ...": a filler between a prefix and its digits
        if (
            it.kind == "word"
            and it.text in FILLERS
            and len(out) >= 2
            and out[-1].text == ","
            and out[-2].kind == "letters"
            and k + 1 < len(items)
            and (items[k + 1].kind == "num" or items[k + 1].text == ",")
        ):
            continue
        if (
            (it.kind == "num" or (it.kind == "id" and _is_token(out[-1], "dash", "hyphen") if out else False))
            and len(out) >= 2
            and (out[-1].text in (",", "-", ".") or _is_token(out[-1], "dash", "hyphen"))
            # a spelled word of five or six letters before a comma is a name ("a-n-i-k-a, one n"); before a dash,
            # a prefix ("m r n c r f dash 0 0 9")
            and (
                out[-2].kind == "letters"
                and len(out[-2].text) <= (6 if _is_token(out[-1], "dash", "hyphen") else 4)
                # (not a name said and spelled: "Ronald Pike, P-I-K-E, 9 14 51")
                and not any(o.kind == "word" and o.text == out[-2].text for o in out[-4:-2])
                or out[-2].kind == "id"
            )
        ):
            out.pop()
            prev = out.pop()
            out.append(_Item(prev.text + it.text, prev.start, it.end, "id"))
            _join_dashed_prefix(out)
            continue
        if (
            out
            and out[-1].kind in ("id", "num")
            and it.kind == "word"
            and it.text in ("a", "i")
            and any(ch.isdigit() for ch in out[-1].text)
            and len(out[-1].text.replace(" ", "")) >= 5
            and (k + 1 == len(items) or items[k + 1].kind == "punct")
        ):
            prev = out.pop()
            out.append(_Item(prev.text.replace(" ", "") + it.text, prev.start, it.end, "id"))
            continue
        if out:
            prev = out[-1]
            prev_letters = prev.kind == "letters" or (
                prev.kind == "word"
                and len(prev.text) == 1
                and (prev.text not in ("a", "i") or (it.kind == "num" and len(it.text.replace(" ", "")) >= 5))
            )
            it_letters = it.kind == "letters" or (
                it.kind == "word"
                and len(it.text) == 1
                # ("3 0 0 7 a 1 9": "a" between the digits of an ID is its letter, not the article)
                and (
                    it.text not in ("a", "i")
                    or (
                        prev.kind in ("num", "id")
                        and len(prev.text.replace(" ", "")) >= 3
                        and k + 1 < len(items)
                        and items[k + 1].kind == "num"
                    )
                )
            )
            if (
                (prev.kind == "num" and it_letters and len(it.text) <= 3)
                or (prev_letters and len(prev.text) <= 3 and it.kind == "num")
                # spelled letters run straight into digits: "a d d r 0 1", "d o d i d 1 0 4 4 ..."
                or (prev.kind == "letters" and len(prev.text) <= 6 and it.kind == "num" and len(it.text) >= 2)
                or (prev.kind == "id" and (it.kind == "num" or (it_letters and len(it.text) <= 3)))
            ):
                out[-1] = _Item(prev.text + it.text, prev.start, it.end, "id")
                _join_dashed_prefix(out)
                continue
        out.append(it)
    out = _with_trailing_letter(_join_paused_groups(out))
    for k, it in enumerate(out):
        if it.kind == "id":
            it.kind = "num" if it.text.isdigit() else "id"
        out[k] = it
    return out


def _with_trailing_letter(items: list[_Item]) -> list[_Item]:
    """ "h r i 0 2, dash, 1 1 5, and then the letter w", "7 1 5 bravo": a letter named after an ID ends it."""
    out: list[_Item] = []
    k = 0
    while k < len(items):
        it = items[k]
        if it.kind in ("id", "num") and len(it.text) >= 4 and any(ch.isdigit() for ch in it.text):
            j = k + 1
            while j < len(items) and (items[j].text in (",", "and", "then") or items[j].text in FILLERS):
                j += 1
            if (
                j + 2 < len(items)
                and items[j].text == "the"
                and items[j + 1].text == "letter"
                and items[j + 2].kind == "word"
                and len(items[j + 2].text) == 1
            ):
                out.append(_Item(it.text + items[j + 2].text, it.start, items[j + 2].end, "id"))
                k = j + 3
                continue
        # "7 1 5 bravo": a phonetic-alphabet word right after digits, ending the turn or the clause
        if (
            it.kind in ("id", "num")
            and len(it.text) >= 3
            and any(ch.isdigit() for ch in it.text)
            and k + 1 < len(items)
            and items[k + 1].kind == "word"
            and items[k + 1].text in NATO
            and (k + 2 == len(items) or items[k + 2].kind == "punct")
        ):
            out.append(_Item(it.text + NATO[items[k + 1].text], it.start, items[k + 1].end, "id"))
            k += 2
            continue
        out.append(it)
        k += 1
    return out


def _join_paused_groups(items: list[_Item]) -> list[_Item]:
    """ "1, h, w, 7, c, r, 2, p, d, 8 4" (a Medicare number read with pauses) -> "1, hw7, cr2, pd84" -> one ID:
    three or more short groups between commas, at least two of them letters and digits."""

    def group(it: _Item) -> bool:
        return it.kind == "id" and len(it.text) <= 5 or it.kind == "num" and len(it.text) <= 2

    out: list[_Item] = []
    k = 0
    while k < len(items):
        chain = [k]
        while (
            group(items[chain[-1]])
            and chain[-1] + 2 < len(items)
            and items[chain[-1] + 1].text == ","
            and group(items[chain[-1] + 2])
        ):
            chain.append(chain[-1] + 2)
        if len(chain) >= 3 and sum(items[c].kind == "id" for c in chain) >= 2:
            first, last = items[chain[0]], items[chain[-1]]
            out.append(_Item("".join(items[c].text for c in chain), first.start, last.end, "id"))
            k = chain[-1] + 1
            continue
        out.append(items[k])
        k += 1
    return out


_SPOKEN_SYMBOLS = ("dash", "hyphen", "dot", "space", "apostrophe", "underscore")


def _number_wordish(it: _Item) -> bool:
    return it.text.isdigit() or it.kind == "word" and (it.text in NUMBER_WORDS or it.text in ZERO_WORDS)


def _without_pauses(items: list[_Item]) -> list[_Item]:
    # "two-oh-seven", "oh-one-four-two": hyphens between number words are pauses too; so is "double-oh"
    items = [
        it
        for k, it in enumerate(items)
        if not (
            it.text == "-"
            and 0 < k < len(items) - 1
            and _number_wordish(items[k + 1])
            and (
                items[k - 1].text in REPEATERS
                or _number_wordish(items[k - 1])
                and (items[k - 1].text in ZERO_WORDS or items[k + 1].text in ZERO_WORDS or items[k - 1].text in UNITS)
            )
        )
    ]
    return [
        it
        for k, it in enumerate(items)
        if not (
            it.text == ","
            and 0 < k < len(items) - 1
            and (
                (k + 1 < len(items) and _is_token(items[k + 1], *_SPOKEN_SYMBOLS))
                or (k > 0 and _is_token(items[k - 1], *_SPOKEN_SYMBOLS))
            )
        )
    ]


def _join_dashed_prefix(out: list[_Item]) -> None:
    """ "h r i dash m g dash 0 4 7": a letter prefix and a dash before an ID just joined belong to it."""
    if (
        len(out) >= 3
        and _is_token(out[-2], "dash", "hyphen")
        and (out[-3].kind == "letters" and len(out[-3].text) <= 6 or out[-3].kind == "id")
    ):
        joined = out.pop()
        out.pop()
        first = out.pop()
        out.append(_Item(first.text + joined.text, first.start, joined.end, "id"))


def _is_token(it: _Item, *words: str) -> bool:
    return it.kind == "word" and it.text in words


def _spelled_again_before_at(items: list[_Item]) -> list[_Item]:
    """ "grant dot adeyemi, a d e y e m i, at ...": a word spelled right after it, before an email's "at", is
    said once."""
    out: list[_Item] = []
    k = 0
    while k < len(items):
        it = items[k]
        j = k + 1 + (k + 1 < len(items) and items[k + 1].text == ",")
        if it.kind == "word" and j < len(items) and items[j].kind == "letters" and items[j].text == it.text:
            nxt = j + 1 + (j + 1 < len(items) and items[j + 1].text == ",")
            if nxt < len(items) and _is_token(items[nxt], "at"):
                out.append(_Item(it.text, it.start, items[j].end, "word"))
                k = nxt
                continue
        out.append(it)
        k += 1
    return out


def _written_dots(items: list[_Item]) -> list[_Item]:
    """ "gmail.com", "portal.lakeshoremedical.org": a written host's periods are its dots."""
    out = list(items)
    k = 0
    while k < len(out):
        run = [k]
        while (
            run[-1] + 2 < len(out)
            and out[run[-1] + 1].text == "."
            and out[run[-1]].end == out[run[-1] + 1].start
            and out[run[-1] + 1].end == out[run[-1] + 2].start
            and out[run[-1] + 2].kind in ("word", "num", "letters", "id")
        ):
            run.append(run[-1] + 2)
        if len(run) > 1 and out[run[-1]].text in TLDS and out[k].kind in ("word", "num", "letters", "id"):
            for j in run[:-1]:
                dot = out[j + 1]
                out[j + 1] = _Item("dot", dot.start, dot.end, "word")
            k = run[-1] + 1
            continue
        k += 1
    return out


def _symbols(items: list[_Item]) -> list[_Item]:
    """Spoken "at", "dot", "underscore", "dash", "slash" inside emails, URLs and IP addresses."""
    items = _written_dots(_spelled_again_before_at(items))
    n = len(items)
    out = list(items)
    # "dot <tld>" ends a host name; walk back over "<label> dot" pairs.
    k = 0
    result: list[_Item] = []
    while k < n:
        it = out[k]
        # find host: label (dot label)* dot tld, starting at k
        j = k
        labels = []
        while (
            j + 2 < n
            and out[j].kind in ("word", "letters", "num", "id")
            and _is_token(out[j + 1], "dot")
            and out[j + 2].kind in ("word", "letters", "num", "id")
        ):
            labels.append(j)
            j += 2
        # (a country code only where the dot was said: a written ".se" stays as Presidio reads it)
        spoken_dot = bool(labels) and out[j - 1].end - out[j - 1].start > 1
        if labels and out[j].text in (SPOKEN_TLDS if spoken_dot else TLDS):
            host_start, host_end = k, j
            # a host said as two words: "at proton mail dot com" -> protonmail.com (only right after "at")
            pre: list[_Item] = []
            for back in (1, 2):
                if (
                    len(result) > back
                    and _is_token(result[-back - 1], "at")
                    and all(
                        r.kind in ("word", "letters", "num") and (r.text not in _NOT_LOCAL or r.text == "mail")
                        for r in result[-back:]
                    )
                ):
                    pre = result[-back:]
                    del result[-back:]
                    break
            # email: "<local...> at <host>"
            local_start = None
            if result and result[-1].text == "at" and result[-1].kind == "word":
                m = len(result) - 2
                taken = 0
                while m >= 0 and taken < 8:
                    r = result[m]
                    # "june a s at outlook dot com": the letter "a" between a name and a letter is spelled
                    spelled_a = (
                        r.text in ("a", "i")
                        and m >= 1
                        and result[m - 1].kind in ("word", "letters")
                        and result[m - 1].text not in _NOT_LOCAL
                        # "june a s at ...", "k a boateng at ...", "kofi dot m dot a at ..."
                        and (
                            len(result[m + 1].text) == 1
                            or len(result[m - 1].text) == 1
                            or result[m - 1].text in ("dot", "underscore", "dash", "hyphen")
                        )
                    )
                    # "nkechi dot of at ...": any word after a spoken dot is the local part's
                    after_symbol = m >= 1 and _is_token(result[m - 1], "dot", "underscore", "dash", "hyphen")
                    # "lakshmi v, sixty, at yahoo": a pause inside the local part (a word on both sides)
                    pause = (
                        r.text == ","
                        and m >= 1
                        and result[m - 1].kind in ("word", "letters", "num", "id")
                        and result[m - 1].text not in _NOT_LOCAL
                        and result[m + 1].kind in ("word", "letters", "num", "id")
                    )
                    if (
                        r.kind in ("letters", "num", "id")
                        or (r.kind == "word" and (r.text not in _NOT_LOCAL or after_symbol))
                        or (r.kind == "word" and r.text in ("dot", "underscore", "dash", "hyphen"))
                        or spelled_a
                        or pause
                    ):
                        m -= 1
                        taken += 1
                        continue
                    break
                local_start = m + 1 if taken else None
            host_txt = "".join(r.text for r in pre) + ".".join(out[x].text for x in range(host_start, host_end + 1, 2))
            host_first = pre[0].start if pre else out[host_start].start
            if local_start is not None and local_start < len(result) - 1:
                local_items = result[local_start:-1]
                local_txt = "".join(
                    {"dot": ".", "underscore": "_", "dash": "-", "hyphen": "-"}.get(r.text, r.text)
                    if r.kind == "word"
                    else r.text
                    for r in local_items
                    if r.text != ","
                )
                start = local_items[0].start
                del result[local_start:]
                result.append(_Item(f"{local_txt}@{host_txt}", start, out[host_end].end, "email"))
            else:
                result.append(_Item(host_txt, host_first, out[host_end].end, "host"))
            k = host_end + 1
            # "slash portal", "slash appointments", "/portal/hbrzezinski57"
            while (
                k + 1 < n
                and (_is_token(out[k], "slash") or out[k].text == "/" and out[k].start == result[-1].end)
                and out[k + 1].kind in ("word", "letters", "num", "id")
            ):
                last = result[-1]
                seg_end = k + 1
                written = out[k].text == "/"
                while (
                    written
                    and seg_end + 1 < n
                    and out[seg_end + 1].start == out[seg_end].end
                    and out[seg_end + 1].kind in ("word", "letters", "num", "id")
                ):
                    seg_end += 1
                path = "".join(out[x].text for x in range(k + 1, seg_end + 1))
                result[-1] = _Item(f"{last.text}/{path}", last.start, out[seg_end].end, last.kind)
                k = seg_end + 1
            # "wiki zielinski at gmail dot com, w i k i": a word of the address spelled after it
            if (
                result[-1].kind == "email"
                and k + 1 < n
                and out[k].text == ","
                and out[k + 1].kind == "letters"
                and out[k + 1].text in result[-1].text.split("@")[0]
            ):
                last = result[-1]
                result[-1] = _Item(last.text, last.start, out[k + 1].end, last.kind)
                k += 2
            continue
        # IP address: num (dot|point) num (dot|point) num (dot|point) num
        if (
            it.kind == "num"
            and k + 6 < n + 0
            and all(
                _is_token(out[k + 2 * q + 1], "dot", "point")
                or (out[k + 2 * q + 1].text == "." and out[k + 2 * q + 1].kind == "punct")
                for q in range(3)
                if k + 2 * q + 1 < n
            )
            and all(k + 2 * q < n and out[k + 2 * q].kind == "num" for q in range(4))
        ):
            parts = [out[k + 2 * q].text for q in range(4)]
            result.append(_Item(".".join(parts), it.start, out[k + 6].end, "num"))
            k += 7
            continue
        # "plus 44, 7700 ...", "plus one, five one four": an international prefix
        if _is_token(it, "plus") and k + 1 < n and out[k + 1].kind == "num":
            nxt = out[k + 1]
            result.append(_Item("+" + nxt.text, it.start, nxt.end, "num"))
            k += 2
            continue
        # "five slash thirty slash fifty eight": a date said with its slashes
        if (
            _is_token(it, "slash")
            and result
            and result[-1].kind == "num"
            and k + 1 < n
            and out[k + 1].kind == "num"
            and len(result[-1].text.replace("/", "")) <= 6
            and len(out[k + 1].text) <= 4
        ):
            prev = result.pop()
            result.append(_Item(f"{prev.text}/{out[k + 1].text}", prev.start, out[k + 1].end, "num"))
            k += 2
            continue
        # "five five five dash one two one two"
        if _is_token(it, "dash") and result and result[-1].kind == "num" and k + 1 < n and out[k + 1].kind == "num":
            prev = result.pop()
            result.append(_Item(f"{prev.text}-{out[k + 1].text}", prev.start, out[k + 1].end, "num"))
            k += 2
            continue
        result.append(it)
        k += 1
    return result


def normalize_spoken(text: str) -> NormalizedText:
    """Rewrite spoken-form text into the canonical form, keeping a map to original offsets."""
    # "m c r, dash, one one zero", "one seventy two, dot sixteen": a comma around a spoken symbol is a pause
    items = _without_pauses(_tokens(text))
    items = _group_letters(items)
    items = _group_numbers(items, text)
    items = _ordinals(items)
    items = _join_ids(items)
    items = _symbols(items)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    tokens: list[tuple[int, int, str]] = []
    prev: _Item | None = None
    pos = 0
    for it in items:
        if prev is not None and it.start > prev.end:
            out.append(" ")
            starts.append(prev.end)
            ends.append(it.start)
            pos += 1
        out.append(it.text)
        tokens.append((pos, pos + len(it.text), it.kind))
        pos += len(it.text)
        if it.exact and it.end - it.start == len(it.text):
            starts.extend(range(it.start, it.end))
            ends.extend(range(it.start + 1, it.end + 1))
        else:
            starts.extend([it.start] * len(it.text))
            ends.extend([it.end] * len(it.text))
        prev = it
    return NormalizedText(original=text, text="".join(out), _starts=starts, _ends=ends, tokens=tokens)


def spoken_digits(text: str) -> str:
    """All the digits said in `text`, in order ("five five five, two one two" -> "555212")."""
    return re.sub(r"\D", "", normalize_spoken(text).text)


_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
# (two digits followed by two more are a clock time, not a year: "april 6th, 11 30")
_YEAR = r"(?P<year>(?:19|20)\s?\d{2}|\d{4}|\d{2}(?!\s\d))"
# (pattern, needs context): forms that are only numbers count as a date where a date is being asked for
_DATE_PATTERNS = [
    # 1982 march 4th / nineteen thirty one, july, the sixteenth (the year said first) / 1990, august, um,
    # august 31st (the month said again)
    (
        re.compile(
            rf"\b(?P<year>(?:19|20)\s?\d{{2}}|\d{{4}})(?:\s*,)?\s+{_MONTH}(?:\s*,)?\s+(?:(?P=month)(?:\s*,)?\s+)?"
            rf"(?:the\s+)*{_DAY}\b"
        ),
        False,
    ),
    # 4th of march 1982 / the 4th of march
    (re.compile(rf"\b(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}(?:\s*,)?(?:\s+'?{_YEAR})?\b"), False),
    # march 4th 1982 / march 4 82 / march 4th, 19 82 / march the 4th
    # ... and "august 27th. 1949": a full year after a pause
    (
        re.compile(
            rf"\b{_MONTH}(?:\s*,)?\s+(?:the,?\s+)*{_DAY}(?:(?:\s*,)?(?:\s+(?:of\s+)?'?{_YEAR})|"
            rf"\s*[.…]+\s+(?P<year2>(?:19|20)\s?\d{{2}}))?\b"
        ),
        False,
    ),
    # 03/04/1982, 3-4-82, 03.04.1982
    (re.compile(r"\b(?P<month>[01]?\d)\s*[/\-.]\s*(?P<day>[0-3]?\d)\s*[/\-.]\s*(?P<year>\d{4}|\d{2})\b"), False),
    # 1982-03-04
    (re.compile(r"\b(?P<year>\d{4})-(?P<month>[01]?\d)-(?P<day>[0-3]?\d)\b"), False),
    # march 482 / march 1282 (day and year run together)
    (re.compile(rf"\b{_MONTH}\s+(?P<dayyear>\d{{3,4}})\b"), False),
    # 3/4 (month/day)
    (re.compile(r"\b(?P<month>[01]?\d)/(?P<day>[0-3]?\d)\b(?!/)"), False),
    # "seven twelve sixty" -> 7 12 60
    (re.compile(r"\b(?P<month>[01]?\d),?\s+(?P<day>[0-3]?\d),?\s+(?P<year>(?:19|20)\s?\d{2}|\d{4}|\d{2})\b"), True),
    # "oh seven one two nineteen sixty" -> 0712 19 60
    (re.compile(r"\b(?P<md>[01]\d[0-3]\d|\d{2,3}),?\s+(?P<year>(?:19|20)\s?\d{2}|\d{2})\b"), True),
    # 030482 / 03041982
    (re.compile(r"\b(?P<compact>\d{6}|\d{8})\b"), True),
]


def _year(y: str) -> int:
    y = y.replace(" ", "")
    v = int(y)
    if len(y) == 2:
        # two-digit years on a phone are nearly always birth years or recent dates
        this = _dt.date.today().year % 100
        v += 2000 if v <= this else 1900
    return v


def _date_from_match(m: re.Match) -> _dt.date | None:
    gd = m.groupdict()
    try:
        month_s = gd.get("month")
        month = MONTHS[month_s] if month_s and not month_s.isdigit() else int(month_s) if month_s else None
        if gd.get("md"):
            md, year = gd["md"], _year(gd["year"])
            if len(md) == 2:  # "one five twenty nine"
                return _dt.date(year, int(md[0]), int(md[1]))
            if len(md) == 3:  # "one twenty three eighty" or "twelve three eighty" said digit by digit
                if 1 <= int(md[1:]) <= 31:
                    return _dt.date(year, int(md[0]), int(md[1:]))
                return _dt.date(year, int(md[:2]), int(md[2]))
            return _dt.date(year, int(md[:2]), int(md[2:]))
        if gd.get("compact"):
            c = gd["compact"]
            if len(c) == 8:
                month, day, year = int(c[:2]), int(c[2:4]), int(c[4:])
                if not 1 <= month <= 12:  # 19820304
                    year, month, day = int(c[:4]), int(c[4:6]), int(c[6:])
            else:
                month, day, year = int(c[:2]), int(c[2:4]), _year(c[4:])
            return _dt.date(year, month, day)
        if gd.get("dayyear"):
            dy = gd["dayyear"]
            if len(dy) == 4 and dy[:2] in ("19", "20"):
                return None  # a year without a day
            day, year = (int(dy[:1]), _year(dy[1:])) if len(dy) == 3 else (int(dy[:2]), _year(dy[2:]))
            return _dt.date(year, month, day)
        year_s = gd.get("year") or gd.get("year2")
        if month is None or gd.get("day") is None or year_s is None:
            return None
        return _dt.date(_year(year_s), month, int(gd["day"]))
    except (ValueError, KeyError, TypeError):
        return None


def find_spoken_dates(norm: NormalizedText, loose: bool = False) -> list[tuple[int, int, _dt.date | None]]:
    """Dates in normalized text: (start, end, date, or None for a partial date like "march 4th").

    `loose` also accepts the forms made of numbers only ("7 12 60", "030482"), for where a date is asked for.
    """
    found: list[tuple[int, int, _dt.date | None]] = []
    numbers_only: set[int] = set()  # indexes into `found` of dates made of numbers only
    # fillers said inside a date ("march um 23rd 67") are skipped: the patterns run on the text without them
    clean, where = _without_fillers(norm.text)
    for pat, needs_context in _DATE_PATTERNS:
        if needs_context and not loose:
            continue
        # numbers-only forms are tried at every number, so a restarted date ("nine, uh, nine twenty nine,
        # eighty four") is found whole, not as the first three numbers
        matches = (
            (m for p in _NUMBER_STARTS.finditer(clean) if (m := pat.match(clean, p.start())))
            if needs_context
            else pat.finditer(clean)
        )
        for m in matches:
            if m.end() <= m.start():
                continue
            start, end = where[m.start()], where[m.end() - 1] + 1
            overlap = [k for k, (s, e, _) in enumerate(found) if s < end and start < e]
            if overlap:
                k = overlap[0]
                d = _date_from_match(m)
                if len(overlap) == 1 and k in numbers_only and d is not None and end > found[k][1]:
                    found[k] = (min(start, found[k][0]), end, d)
                continue
            d = _date_from_match(m)
            gd = m.groupdict()
            if d is None and (needs_context or gd.get("dayyear") or gd.get("year")):
                continue
            if d is None and gd.get("day") and not 1 <= int(gd["day"]) <= 31:
                continue
            if (
                d is None
                and gd.get("month", "").isdigit()
                and not (1 <= int(gd["month"]) <= 12 and 1 <= int(gd["day"]) <= 31)
            ):
                continue
            if needs_context:
                numbers_only.add(len(found))
            found.append((start, end, d))
    return sorted(_with_restarted_year(norm.text, f) for f in found)


# a year broken off at its decade and said again whole: "nineteen fifty... fifty-one" -> "19 50... 51"
_RESTARTED_YEAR = re.compile(
    r"\s*(?:\.\.\.|…|--|—|,)\s*(?:(?:uh|um),?\s+)?(\d)(\d)\b(?![.,]?\d)"
    r"(?!\s*(?:years?|pounds?|lbs|dollars|percent|%|mg|kg|minutes|hours|days|weeks|months)\b)"
)


def _with_restarted_year(text: str, date: tuple[int, int, _dt.date | None]) -> tuple[int, int, _dt.date | None]:
    start, end, d = date
    if d is None or d.year % 10:
        return date
    m = _RESTARTED_YEAR.match(text, end)
    if not m or int(m.group(1)) != d.year // 10 % 10:
        return date
    with contextlib.suppress(ValueError):
        return (start, m.end(), d.replace(year=d.year + int(m.group(2))))
    return date


_NUMBER_STARTS = re.compile(r"(?<![\w])\d")


FILLERS = frozenset({"uh", "um", "umm", "uhm", "er", "erm", "ah", "hmm", "mm"})
FILLER_RE = re.compile(r"\b(?:" + "|".join(sorted(FILLERS)) + r")\b[,.]?\s*")


def _without_fillers(text: str) -> tuple[str, list[int]]:
    """`text` with filler words removed, and for each kept character its index in `text`."""
    kept: list[str] = []
    where: list[int] = []
    pos = 0
    for m in FILLER_RE.finditer(text):
        if m.start() == 0 or not text[m.start() - 1].isspace():
            continue
        kept.append(text[pos : m.start()])
        where.extend(range(pos, m.start()))
        pos = m.end()
    kept.append(text[pos:])
    where.extend(range(pos, len(text)))
    return "".join(kept), where


def parse_spoken_date(text: str) -> _dt.date | None:
    """The first full date said in `text` ("march fourth eighty two" -> 1982-03-04), else None."""
    for _, _, d in find_spoken_dates(normalize_spoken(text), loose=True):
        if d is not None:
            return d
    return None
