"""Values said the way people say them on the phone, in the many forms an ASR then writes down.

Each function takes the call's ``random.Random`` so a seed fixes the form chosen. Spoken forms are
lowercase words ("march fourth eighty two"); written forms are what Whisper sometimes emits instead
("March 4th, 1982", "555-212-0198").
"""

from __future__ import annotations

import datetime as dt
import random

ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
TENS = ("_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
ORDINALS = ("_", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
    "eighteenth", "nineteenth", "twentieth")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
PHONETIC = {
    "a": ("adam", "alpha", "apple"), "b": ("boy", "bravo", "bob"), "c": ("cat", "charlie"),
    "d": ("david", "delta", "dog"), "e": ("edward", "echo"), "f": ("frank", "foxtrot"),
    "g": ("george", "golf"), "h": ("henry", "hotel"), "i": ("ida", "india"), "j": ("john", "juliet"),
    "k": ("king", "kilo"), "l": ("larry", "lima"), "m": ("mary", "mike"), "n": ("nancy", "november"),
    "o": ("ocean", "oscar"), "p": ("peter", "papa"), "q": ("queen", "quebec"), "r": ("robert", "romeo"),
    "s": ("sam", "sierra"), "t": ("tom", "tango"), "u": ("uniform", "umbrella"), "v": ("victor",),
    "w": ("william", "whiskey"), "x": ("x-ray",), "y": ("yellow", "yankee"), "z": ("zebra", "zulu"),
}
PHONETIC_WORDS = {w for words in PHONETIC.values() for w in words}


def num_words(n: int, hyphen: bool = False) -> str:
    """0..999999 as words: 412 -> 'four hundred twelve'."""
    if n < 20:
        return ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        if not ones:
            return TENS[tens]
        return f"{TENS[tens]}{'-' if hyphen else ' '}{ONES[ones]}"
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = f"{ONES[hundreds]} hundred"
        return head if not rest else f"{head} {num_words(rest, hyphen)}"
    thousands, rest = divmod(n, 1000)
    head = f"{num_words(thousands, hyphen)} thousand"
    return head if not rest else f"{head} {num_words(rest, hyphen)}"


def ordinal_words(n: int) -> str:
    if n <= 20:
        return ORDINALS[n]
    tens, ones = divmod(n, 10)
    if not ones:
        return TENS[tens][:-1] + "ieth"
    return f"{TENS[tens]} {ORDINALS[ones]}"


def ordinal_digits(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def pair_words(n: int, rng: random.Random) -> str:
    """Two digits the way years and house numbers are read: 82 -> 'eighty two', 7 -> 'oh seven'."""
    if n < 10:
        return f"oh {ONES[n]}"
    return num_words(n, hyphen=rng.random() < 0.15)


def year_words(year: int, rng: random.Random) -> str:
    if 2000 <= year < 2010:
        return rng.choice([f"two thousand {ONES[year - 2000]}", f"two thousand and {ONES[year - 2000]}"])
    if year == 2000:
        return "two thousand"
    head, tail = divmod(year, 100)
    if tail == 0:
        return f"{num_words(head)} hundred"
    return f"{num_words(head)} {pair_words(tail, rng)}"


def digit_words(digits: str, rng: random.Random, zero: str | None = None) -> str:
    """'0198' -> 'oh one nine eight' (or 'zero one nine eight'); letters stay letters."""
    zero = zero or rng.choice(["oh", "oh", "zero"])
    out = []
    for ch in digits:
        if ch.isdigit():
            out.append(zero if ch == "0" else ONES[int(ch)])
        elif ch.isalpha():
            out.append(ch.lower())
    return " ".join(out)


def grouped_digit_words(digits: str, rng: random.Random) -> str:
    """Digit strings read in pairs or triples, as people do with long numbers: '4412' -> 'forty four twelve'."""
    if len(digits) == 4 and digits[0] != "0" and digits[2] != "0" and rng.random() < 0.5:
        return f"{pair_words(int(digits[:2]), rng)} {pair_words(int(digits[2:]), rng)}"
    return digit_words(digits, rng)


def phone_spoken(phone: str, rng: random.Random) -> str:
    """phone as 'NNN-NNN-NNNN' -> one of the forms callers and ASR produce."""
    area, exch, line = phone.split("-")
    form = rng.random()
    if form < 0.22:
        return rng.choice([phone, f"{area} {exch} {line}", f"({area}) {exch}-{line}", f"{area}{exch}{line}"])
    zero = rng.choice(["oh", "zero"])
    parts = [digit_words(area, rng, zero), digit_words(exch, rng, zero), grouped_digit_words(line, rng)]
    sep = rng.choice([", ", " ", " ", "... "])
    return sep.join(parts)


def dob_spoken(date: dt.date, rng: random.Random) -> str:
    month, day, year = MONTHS[date.month - 1], date.day, date.year
    form = rng.randrange(10)
    if form == 0:
        return f"{month} {ordinal_words(day)} {pair_words(year % 100, rng)}"
    if form == 1:
        return f"{month} {ordinal_words(day)} {year_words(year, rng)}"
    if form == 2:
        return (f"{digit_words(f'{date.month:02d}', rng, 'oh')} {digit_words(f'{day:02d}', rng, 'oh')} "
                f"{year_words(year, rng)}")
    if form == 3:
        return f"{date.month}/{day}/{year}"
    if form == 4:
        return f"{month.capitalize()} {ordinal_digits(day)}, {year}"
    if form == 5:
        return f"the {ordinal_words(day)} of {month} {year_words(year, rng)}"
    if form == 6:
        return f"{month} {ordinal_digits(day)} {year}"
    if form == 7:
        return f"{month} {ordinal_words(day)} {year}"
    if form == 8:
        return f"{num_words(date.month)} {num_words(day)} {pair_words(year % 100, rng)}"
    return f"{month} {num_words(day)} {year_words(year, rng)}"


def day_spoken(date: dt.date, rng: random.Random, weekday: bool | None = None) -> str:
    """An appointment or event date as said in the same month's context: 'tuesday the fourteenth'."""
    weekday = rng.random() < 0.4 if weekday is None else weekday
    wd = WEEKDAYS[date.weekday()]
    month = MONTHS[date.month - 1]
    form = rng.randrange(6)
    if form == 0:
        core = f"the {ordinal_words(date.day)}"
    elif form == 1:
        core = f"{month} {ordinal_words(date.day)}"
    elif form == 2:
        core = f"{month.capitalize()} {ordinal_digits(date.day)}"
    elif form == 3:
        core = f"the {ordinal_digits(date.day)}"
    elif form == 4:
        core = f"{date.month}/{date.day}"
    else:
        core = f"{month} {ordinal_words(date.day)}"
    return f"{wd} {core}" if weekday and not core[0].isdigit() else core


def time_spoken(hour: int, minute: int, rng: random.Random) -> str:
    h12 = hour % 12 or 12
    ampm = "in the morning" if hour < 12 else "in the afternoon"
    if rng.random() < 0.3:
        return f"{h12}:{minute:02d} {'a.m.' if hour < 12 else 'p.m.'}"
    if minute == 0:
        core = rng.choice([f"{num_words(h12)} o'clock", num_words(h12)])
    elif minute == 30 and rng.random() < 0.3:
        core = f"half past {num_words(h12)}"
    else:
        core = f"{num_words(h12)} {pair_words(minute, rng)}"
    return f"{core} {ampm}" if rng.random() < 0.4 else core


def id_spoken(value: str, rng: random.Random) -> str:
    """Member IDs, MRNs and serials: read character by character, sometimes written as digits."""
    form = rng.random()
    if form < 0.2:
        return value
    if form < 0.35:
        return " ".join(value.upper())
    if form < 0.5:
        # Letters read, digits in pairs: 'w forty five seventy two ...'
        out, i = [], 0
        while i < len(value):
            if value[i].isalpha():
                out.append(value[i].lower())
                i += 1
            elif i + 1 < len(value) and value[i + 1].isdigit() and value[i] != "0":
                out.append(num_words(int(value[i:i + 2])))
                i += 2
            else:
                out.append(digit_words(value[i], rng))
                i += 1
        return " ".join(out)
    return digit_words(value, rng)


def spell(word: str, rng: random.Random) -> str:
    """A name spelled out: 'g o n z a l e z', 'G-O-N-Z-A-L-E-Z', or with 'as in' for some letters."""
    letters = [c for c in word.lower() if c.isalpha()]
    form = rng.random()
    if form < 0.5:
        return " ".join(letters)
    if form < 0.65:
        return "-".join(c.upper() for c in letters)
    if form < 0.8:
        return " ".join(c.upper() for c in letters)
    out = []
    for i, c in enumerate(letters):
        if (i == 0 or rng.random() < 0.25) and c in PHONETIC:
            out.append(f"{c} as in {rng.choice(PHONETIC[c])}")
        else:
            out.append(c)
    return " ".join(out)


def email_spoken(local: str, domain: str, rng: random.Random) -> str:
    if rng.random() < 0.2:
        return f"{local}@{domain}"
    name, _, tld = domain.rpartition(".")
    local_words = local.replace(".", " dot ").replace("_", " underscore ")
    # Digits in the local part are read one by one or as a number.
    spoken_local = []
    for token in local_words.split(" "):
        head = token.rstrip("0123456789")
        digits = token[len(head):]
        if digits:
            spoken_local.append(f"{head} {digit_words(digits, rng) if rng.random() < 0.5 else digits}".strip())
        else:
            spoken_local.append(token)
    return f"{' '.join(spoken_local)} at {name} dot {tld}"


def house_number_spoken(number: int, rng: random.Random) -> str:
    s = str(number)
    if rng.random() < 0.3:
        return s
    if len(s) == 3 and rng.random() < 0.6:
        return f"{ONES[int(s[0])]} {pair_words(int(s[1:]), rng)}"
    if len(s) == 4 and s[1:] == "000":
        return f"{ONES[int(s[0])]} thousand"
    if len(s) == 4 and s[2:] == "00":
        return f"{num_words(int(s[:2]))} hundred"
    if len(s) == 4 and s[2] != "0":
        return f"{pair_words(int(s[:2]), rng)} {pair_words(int(s[2:]), rng)}"
    if len(s) >= 4:
        return digit_words(s, rng)
    return num_words(number)


def zip_spoken(zipcode: str, rng: random.Random) -> str:
    if rng.random() < 0.3:
        return zipcode
    return digit_words(zipcode, rng)


def age_spoken(age: int, rng: random.Random) -> str:
    return str(age) if rng.random() < 0.3 else num_words(age, hyphen=rng.random() < 0.2)
