"""Street addresses as said aloud: "one twenty three maple street apartment four b", "p o box 12"."""

from __future__ import annotations

import re
from collections.abc import Iterable

from faker.providers.address import en_US as _faker_address

from redactors.recognizers.base import SpokenRecognizer, register
from redactors.spoken import NormalizedText

SUFFIXES = [
    "street",
    "st",
    "avenue",
    "ave",
    "road",
    "rd",
    "boulevard",
    "blvd",
    "lane",
    "ln",
    "drive",
    "dr",
    "court",
    "ct",
    "way",
    "place",
    "pl",
    "terrace",
    "ter",
    "circle",
    "cir",
    "parkway",
    "pkwy",
    "highway",
    "hwy",
    "trail",
    "trl",
    "loop",
    "square",
    "sq",
    "plaza",
    "pike",
    "run",
    "crossing",
    "xing",
    "ridge",
    "path",
    "alley",
    "aly",
    "freeway",
    "expressway",
    "row",
    "walk",
    "point",
    "pt",
    "cove",
    "bend",
    "heights",
    "hts",
    "hill",
    "hills",
    "park",
    "pass",
    "lanes",
    "gardens",
    "mall",
    "crescent",
    "close",
    "green",
    "grove",
    "meadow",
    "meadows",
    "station",
    "junction",
]
# Faker's street suffixes ("Views", "Mills", "Crossroad") are what fictitious addresses end in
SUFFIXES = sorted(set(SUFFIXES) | {s.lower() for s in _faker_address.Provider.street_suffixes}, key=len, reverse=True)
STATES = [
    "alabama",
    "alaska",
    "arizona",
    "arkansas",
    "california",
    "colorado",
    "connecticut",
    "delaware",
    "florida",
    "georgia",
    "hawaii",
    "idaho",
    "illinois",
    "indiana",
    "iowa",
    "kansas",
    "kentucky",
    "louisiana",
    "maine",
    "maryland",
    "massachusetts",
    "michigan",
    "minnesota",
    "mississippi",
    "missouri",
    "montana",
    "nebraska",
    "nevada",
    "ohio",
    "oklahoma",
    "oregon",
    "pennsylvania",
    "tennessee",
    "texas",
    "utah",
    "vermont",
    "virginia",
    "washington",
    "wisconsin",
    "wyoming",
] + [
    "new hampshire",
    "new jersey",
    "new mexico",
    "new york",
    "north carolina",
    "north dakota",
    "rhode island",
    "south carolina",
    "south dakota",
    "west virginia",
    "district of columbia",
]

_SUF = "|".join(SUFFIXES)
# "apartment, um, 206", and a unit corrected after a filler: "apartment 3, uh, 3c"
_UNIT = (
    r"(?:,?\s*(?:(?:apartment|apt|unit|suite|ste|number|no|building|bldg|floor|fl|room|rm|lot|space)\b|#)"
    r"\.?(?:,?\s*(?:uh|um),)?(?:,?\s*(?:no|sorry|i mean),?\s+(?:apartment|apt|unit|suite)\b)?\s*#?\s*[a-z0-9\-]{1,6}"
    r"\b(?:\s[a-z]\b(?!\s+(?:in|on|at|and|or|is)\b)(?=[\s,.]|$))?"
    r"(?:,\s*(?:uh|um|sorry|i mean|no),?\s*[a-z]?\d{1,5}[a-z]?\b)?)"
)

_ADDRESS = re.compile(
    # "1250, larkspur terrace", "4419, um, cobbler's lane": a pause between the number and the street
    # "fourteen, one four, ellery street": the number said again
    rf"\b(?P<num>\d{{1,6}})(?:,\s+(?P=num))?(?:[a-z]|-\d+)?\.?,?\s+(?:(?:uh|um),?\s+)?(?:(?:north|south|east|west|n|s|e|w|ne|nw|se|sw)\.?\s+)?"
    # "old mill run", "quarry ridge court": a suffix word can be part of the name before the real suffix
    rf"(?:[a-z0-9'\-]+\s+){{1,3}}?(?:{_SUF})\b(?:\s+(?:{_SUF})\b)?\.?"
    # "2611 rainier avenue south"; "bayshore road, no, bayshore drive": a direction after, a street type corrected
    rf"(?:\s+(?:north|south|east|west|northeast|northwest|southeast|southwest|ne|nw|se|sw)\b)?"
    rf"(?:,?\s*(?:no|sorry|i mean|wait|actually),?\s+(?:[a-z'\-]+\s+){{0,2}}(?:{_SUF})\b)?{_UNIT}?"
)
# a street named without a house number: "the pharmacy on harlow street", "she lives off cobb road"
_STRONG_SUF = r"street|avenue|ave|road|rd|boulevard|blvd|lane|drive|court|terrace|parkway|pkwy|highway|hwy|trail"
_LONGER = re.compile(rf"\s+(?:[a-z'\-]+\s+){{0,1}}(?:{_STRONG_SUF})\b{_UNIT}?")
_STREET_NAMED = re.compile(
    rf"\b(?:on|off|at|near|onto|by|from|to)\s+(?P<name>(?:[a-z][a-z'\-]+\s+){{1,2}}?)(?:{_STRONG_SUF})\b\.?{_UNIT}?"
)
_NOT_STREET = {
    "the", "a", "an", "this", "that", "same", "my", "your", "our", "his", "her", "their", "its", "next", "other",
    "wrong", "right", "one", "which", "what", "each", "every", "another", "some", "any", "no",
}  # fmt: skip
# a unit said on its own: "apartment 2 f", "unit b", "suite 4"
_UNIT_ALONE = re.compile(
    r"\b(?:apartment|apt|unit|suite)\.?(?:,?\s*(?:no|sorry|i mean),?\s+(?:apartment|apt|unit|suite))?\s*"
    r"(?:number\s+|#\s*)?(?:[a-z]?\d{1,5}[a-z]?|[a-z])\b"
)
_POBOX = re.compile(
    r"\b(?:p\.?\s*o\.?|po|post office)\s*box\s+\d+\b|"
    # "rural route two box forty one", "r r 3 box 1 1 6"
    r"\b(?:rural route|rural rte|rr)\s*\d+,?\s+box\s+\d+\b|"
    # "the p o box, box 881", "the p.o. box though, box 2271": the box said again
    r"\b(?:p\.?\s*o\.?|po|post office)\s*box,?\s+(?:(?:though|then|instead|actually),?\s+)?box\s+\d+(?: \d+)*\b|"
    # "n 741, county road k": a rural fire number and a lettered county road (corrected too)
    r"\b[nsew]\s?\d{2,5},?\s+county (?:road|highway|rd|hwy) (?:double-?u|[a-z]{1,2})\b"
    r"(?:[.,]?\s+(?:no|sorry),?\s+(?:not [a-z-]+,?\s+)?county (?:road|highway|rd|hwy) [a-z]{1,2}\b)?|"
    # "Lot 14, 204 Levee Road"; "r r one" after a road; "the whitmore apartments"
    r"\blot\s+\d{1,4}(?=,?\s+\d{1,6}\s)|\b(?:rural route|rural rte)\s+\d+\b|\brr\s?\d{1,3}\b|"
    r"\b(?:the\s+)?[a-z'\-]+(?:\s+[a-z'\-]+)?\s+(?:apartments|apts|towers|condominiums|condos|lofts)\b|"
    # "lot 14, cypress bend mobile home park": a lot in a park
    r"\blot\s+\d{1,4},?\s+(?:[a-z'\-]+\s+){1,3}(?:mobile home park|trailer park|rv park|park|estates|village)\b|"
    # numbered roads: "off county road twelve", "4471 County Road 12", "state route 9"
    r"\b(?:\d{1,6}\s+)?(?:county|state|farm to market|fm|us|rural|township)\s+(?:road|route|highway|rd|hwy|rte)\s+"
    r"\d{1,4}\b|"
    # a number, a direction and a name, no street type: "fourteen twenty two north elm, unit b"
    r"\b\d{1,6}\s+(?:north|south|east|west)\s+[a-z]+(?:,?\s+(?:unit|apt|apartment|suite)\.?\s*[a-z0-9]{1,4})?\b|"
    # streets named first: "3380 calle del sol", "12 rue des lilas"
    r"\b\d{1,6},?\s+(?:(?:uh|um),?\s+)?(?:calle|avenida|camino|via|rue|chemin|strada)\s+(?:[a-z]+\s+){0,2}[a-z]+\b"
)
_BLOCKERS = {
    "and",
    "or",
    "but",
    "so",
    "they",
    "we",
    "he",
    "she",
    "it",
    "the",
    "at",
    "in",
    "on",
    "to",
    "of",
    "is",
    "was",
    "for",
    "my",
    "your",
    "i",
    "you",
    "with",
    "o'clock",
    "am",
    "pm",
    "a.m",
    "p.m",
    "minutes",
    "hours",
    "days",
    "weeks",
    "times",
    "years",
}


_DETERMINER_BEFORE = re.compile(r"\b(?:the|this|that|which|every|each|another|any)\s+$")


@register
class SpokenAddressRecognizer(SpokenRecognizer):
    ENTITIES = ["STREET_ADDRESS"]

    def find(self, norm: NormalizedText, text: str) -> Iterable[tuple[int, int, str, float]]:
        for m in _ADDRESS.finditer(norm.text):
            words = m.group(0).split()
            # "3 of them at the park" -- a street name does not run through function words
            head = []
            for w in words[1:]:
                if w.strip(",.") in SUFFIXES:
                    break
                head.append(w)
            if any(w in _BLOCKERS for w in head):
                continue
            # "her specialist copay is $40, but well visits are covered": an amount, not a house number
            if norm.text[max(0, m.start() - 1) : m.start()] == "$":
                continue
            # "i'm the one keeping track": a determiner's number is no house number
            if _DETERMINER_BEFORE.search(norm.text[: m.start()]):
                continue
            # "441 prairie dog lane": a suffix word inside the name ("prairie") is not where the street ends
            longer = _LONGER.match(norm.text[m.end() :])
            end = m.end() + longer.end() if longer else m.end()
            yield m.start(), end, "STREET_ADDRESS", 0.8
        for m in _STREET_NAMED.finditer(norm.text):
            if any(w in _NOT_STREET or w in _BLOCKERS for w in m.group("name").split()):
                continue
            yield m.start("name"), m.end(), "STREET_ADDRESS", 0.6
        for m in _UNIT_ALONE.finditer(norm.text):
            yield m.start(), m.end(), "STREET_ADDRESS", 0.6
        for m in _POBOX.finditer(norm.text):
            yield m.start(), m.end(), "STREET_ADDRESS", 0.8
