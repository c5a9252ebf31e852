"""Numbers said aloud: phone and fax, SSN (full and last four), member/subscriber/group IDs, account numbers,
MRNs, license numbers, device serials, ZIP codes, card numbers and other IDs.

A candidate is a run of digit-bearing tokens in the normalized text ("555, 212, 0198", "w45729183"); its type
comes from the nearest keyword said before it (or just after it), else from its shape.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from redactors.recognizers.address import _ADDRESS, STATES, SUFFIXES
from redactors.recognizers.base import SpokenRecognizer, register
from redactors.spoken import FILLERS, MONTHS, STATE_ABBR, NormalizedText

# (entity, keywords) -- a keyword is one or more normalized words.
KEYWORDS: list[tuple[str, tuple[str, ...]]] = [
    ("US_SSN", ("social security", "social", "ssn", "security number", "ss number")),
    (
        "MEMBER_ID",
        (
            "member",
            "subscriber",
            "group",
            "policy",
            "insurance",
            "plan",
            "medicaid",
            "medicare",
            "beneficiary",
            "insurance id",
            "id card",
            "mbi",
            "cin",
        ),
    ),
    ("MRN", ("medical record", "mrn", "record number", "chart", "patient id", "patient number", "hospital number")),
    ("ACCOUNT_NUMBER", ("account", "acct", "billing", "invoice", "statement", "routing", "iban")),
    (
        "LICENSE_NUMBER",
        ("license", "licence", "driver's", "drivers", "dl", "certificate", "registration"),
    ),
    (
        "DEVICE_ID",
        (
            "serial",
            "device",
            "pacemaker",
            "pump",
            "monitor",
            "meter",
            "implant",
            "hearing aid",
            "cpap",
            "inhaler",
            "glucometer",
            "imei",
            "sn",
            "lot",
        ),
    ),
    (
        "PHONE_NUMBER",
        (
            "phone",
            "reach you",
            "reach me",
            "call me",
            "callback",
            "call back",
            "cell",
            "mobile",
            "fax",
            "telephone",
            "contact number",
            "text me",
            "number to reach",
            "home number",
            "work number",
            "best number",
            "daytime number",
            "extension",
            "landline",
            "my number",
            "his number",
            "her number",
        ),
    ),
    ("ZIP_CODE", ("zip", "zip's", "postal", "zip code", "zipcode")),
    ("CREDIT_CARD", ("card", "visa", "mastercard", "amex", "american express", "discover", "credit", "debit")),
    (
        "OTHER_ID",
        (
            "claim",
            "reference",
            "confirmation",
            "authorization",
            "auth",
            "case",
            "ticket",
            "referral",
            "prior auth",
            "tracking",
            "order number",
            "prescription",
            "participant",
            "subject id",
            "study id",
            "enrollment",
            "screening number",
            "kit",
            "rx",
            "vehicle",
            "vin",
            "plate",
        ),
    ),
]
_KW = [(ent, kw.split()) for ent, kws in KEYWORDS for kw in kws]
_FORWARD_ONLY = {"ZIP_CODE", "PHONE_NUMBER", "MEMBER_ID", "MRN", "ACCOUNT_NUMBER", "US_SSN"}

_TOKEN = re.compile(r"\S+")
_DIGITISH = re.compile(r"^(?:[#(]?[a-z]{0,6}(?:-[a-z]{1,6})*-?|\+)[\d][\w\-#/.()+]*$")
_ORD = re.compile(r"^\d+(st|nd|rd|th)$")
_DATEISH = re.compile(r"^\d{1,4}[/.]\d{1,2}([/.]\d{2,4})?$")
_NOT_PATIENT_NUMBER = {
    *("npi", "dea", "cpt", "icd", "hcpcs", "ndc", "tin", "ein", "taxonomy", "nct", "bin", "pcn", "rxbin", "rxpcn"),
    *("rxgrp", "payer", "payor"),
}


def is_code_word(word: str) -> bool:
    """A provider's or a procedure's code word ("cpt"), also as the normalizer glues it to its number
    ("cpt17311")."""
    return re.match(r"[a-z]*", word).group(0) in _NOT_PATIENT_NUMBER


_OTHER_PARTYS_WORDS = {"their", "they're", "theyre", "fax", "office", "pharmacy", "clinic", "practice", "line"}
_PATIENTS_OWN = {"my", "his", "her", "your", "home", "cell", "mobile", "prescription", "rx", "member", "account"}


_SEP_ONLY = re.compile(r"^[.,\-/…;:]+$")
_WORDS = re.compile(r"[a-z0-9']+|[^\sa-z0-9']")
_PARTIAL_CUE = re.compile(
    r"\b(?:ends? (?:in|with)|ending (?:in|with)|(?:account|card|number|id|one|phone)\s*,?\s*ending|"
    r"last (?:\d|two|three|four|five|six|few) (?:digits? |characters? |"
    r"numbers? )?(?:are|is|of)?|last (?:digits?|characters?|numbers?) (?:are|is)?)\s*$"
)


_STATE_SET = set(STATES) | set(STATE_ABBR) - {"in", "me", "or", "oh", "ok", "hi", "pa", "la", "de", "co", "al", "id"}
_SUFFIX_SET = set(SUFFIXES) - {"run", "way", "point", "pass", "park", "green", "close", "walk", "row", "st", "dr"}


def _after_state(before: list[str]) -> bool:
    return bool(before) and (before[-1] in _STATE_SET or " ".join(before[-2:]) in _STATE_SET)


def _luhn(d: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(d)):
        v = int(ch)
        if i % 2:
            v *= 2
            if v > 9:
                v -= 9
        total += v
    return total % 10 == 0


def nearest_keyword(words_before: list[str], words_after: list[str]) -> tuple[str, int] | None:
    """The keyword entity nearest to a candidate: (entity, distance in words); before it wins ties."""
    best: tuple[str, int] | None = None
    n = len(words_before)
    for ent, kw in _KW:
        k = len(kw)
        for i in range(n - k, -1, -1):
            if words_before[i : i + k] == kw:
                dist = n - (i + k)
                if best is None or dist < best[1]:
                    best = (ent, dist)
                break
    for ent, kw in _KW:
        if ent not in _FORWARD_ONLY:
            continue
        k = len(kw)
        for i in range(0, min(len(words_after), 4) - k + 1):
            if words_after[i : i + k] == kw:
                dist = i + 1
                if best is None or dist < best[1]:
                    best = (ent, dist)
                break
    return best


def candidates(norm: NormalizedText) -> list[tuple[int, int, str]]:
    """Runs of digit-bearing tokens: (start, end, raw text) in normalized coordinates.

    Separators between groups ("555, 212... 0198", "555 - 212") keep a run going; a word ends it."""
    runs: list[list[int]] = []
    open_run = False
    for m in _TOKEN.finditer(norm.text):
        tok = m.group(0)
        if _SEP_ONLY.match(tok):
            continue
        tok = tok.rstrip(",;:!?.")
        tok_end = m.start() + len(tok)
        if open_run and tok in FILLERS:  # "555 um 013 um 4420": a filler does not end the number
            continue
        if not tok or not _DIGITISH.match(tok) or _ORD.match(tok) or "@" in tok:
            open_run = False
            continue
        if open_run and not _DATEISH.match(tok):
            runs[-1][1] = tok_end
        else:
            runs.append([m.start(), tok_end])
        open_run = not _DATEISH.match(tok)
    return [(s, e, norm.text[s:e]) for s, e in runs]


_MONEY_WORDS = {
    "deductible",
    "copay",
    "co-pay",
    "coinsurance",
    "balance",
    "owe",
    "owes",
    "costs",
    "cost",
    "price",
    "premium",
    "$",
}
_PAYMENT_WORDS = {"credit", "debit", "visa", "mastercard", "amex", "discover", "pay", "payment"}


def classify(raw: str, before: list[str], after: list[str]) -> tuple[str, float] | None:
    digits = re.sub(r"\D", "", raw)
    letters = re.sub(r"[^a-z]", "", raw)
    nd = len(digits)
    if _DATEISH.match(raw.replace(" ", "")):
        return None
    # a provider's or a procedure's number, not the patient's: "our NPI is ...", "CPT 71250"
    if any(w in _NOT_PATIENT_NUMBER for w in before[-3:]) or is_code_word(raw):
        return None
    if re.fullmatch(r"[a-z]\d{2}\.\d{1,4}", raw):
        return None  # an ICD-10 code: "C44.311"
    # a local number said right after another party's name or line: "lakeside internal medicine, their number's
    # five five five oh one nine two", "doctor lam's office at brookside peds, five five five oh one three seven"
    # (not where the patient's own is named: "his home line, 555-0176", "pharmacy, my prescription number is ...")
    near = {re.sub(r"'s$", "", w) for w in before[-6:]}
    if not letters and nd == 7 and _OTHER_PARTYS_WORDS & near and not _PATIENTS_OWN & near:
        return None
    # an amount ("deductible is fifteen hundred") or a year ("plan year started twenty twenty four")
    if not letters and (
        (_MONEY_WORDS & set(before[-3:]) and not {"account", "id", "number", "member"} & set(before[-3:]))
        or (after[:1] and after[0] in ("dollars", "bucks"))
    ):
        return None
    if not letters and re.fullmatch(r"(?:19|20)\d\d", digits) and "year" in before[-3:]:
        return None
    kw = nearest_keyword(before, after)
    ent = kw[0] if kw and kw[1] <= 8 else None
    if ent is None and any(w in ("id", "identification", "number") for w in before[-4:]):
        ent = "OTHER_ID"
    last_four = "last" in before[-6:] and ("4" in before[-6:] or "four" in before[-6:])
    if ent == "US_SSN":
        if nd == 9 or (nd == 4 and not letters):
            return "US_SSN", 0.9
        return None
    # "bring your insurance card. We're at 2200 Larkin Avenue": an insurance card is no payment card
    if ent == "CREDIT_CARD" and "insurance" in before[-8:] and not _PAYMENT_WORDS & set(before[-8:]):
        ent = None
    if ent == "CREDIT_CARD" and (13 <= nd <= 19 or nd == 4) and not letters:
        return "CREDIT_CARD", 0.85
    if ent == "CREDIT_CARD" and letters:
        ent = "MEMBER_ID"  # "it's on his card, 1 h w 7 ...": payment cards have no letters; insurance cards do
    if ent == "PHONE_NUMBER":
        if 7 <= nd <= 12 and not letters:
            return "PHONE_NUMBER", 0.9
        # the start of a number said in chunks at the end of a turn: "update her phone, it's five five five, oh one"
        if 3 <= nd <= 6 and not letters and not after and kw[1] <= 3:
            return "PHONE_NUMBER", 0.6
        if 3 <= nd <= 6 and not letters and "extension" in before[-3:]:
            return "PHONE_NUMBER", 0.6
    if ent == "ZIP_CODE" and not letters and (nd in (5, 9) or (3 <= nd <= 6 and kw[1] <= 3)):
        # "zip code is 2371": postal codes abroad have 3 to 6 digits
        return "ZIP_CODE", 0.9
    id_types = ("MEMBER_ID", "MRN", "ACCOUNT_NUMBER", "LICENSE_NUMBER", "DEVICE_ID", "OTHER_ID")
    # a phone's shape with an ID's word further back: "M R N 4 4 0 2 9 1 6, and your number 913 555 0138?"
    if (
        ent in id_types
        and kw
        and not letters
        and nd == 10
        and kw[1] > 2
        and re.fullmatch(r"\d{3}[\s\-.]+\d{3}[\s\-.]+\d{4}", raw)
    ):
        return "PHONE_NUMBER", 0.75
    if ent in id_types and (nd >= 4 or (nd >= 3 and len(letters) >= 1 and len(raw) >= 5)):
        return ent, 0.85
    # the first chunk of an ID spelled with letters, ending the turn: "the medicare number is eight kilo tango four"
    if ent in id_types and kw and kw[1] <= 3 and not after and nd >= 1 and letters and len(raw) >= 4:
        return ent, 0.6
    if last_four and nd == 4 and not letters:
        return ("CREDIT_CARD", 0.7) if ent == "CREDIT_CARD" else ("US_SSN", 0.7)
    # the end of an ID read back to check it: "ends in 4 4 t k", "the last few are 9 1 x"
    if _PARTIAL_CUE.search(" ".join(before[-5:])) and nd >= 2 and nd + len(letters) >= 3:
        return (ent if ent in (*id_types, "PHONE_NUMBER", "CREDIT_CARD") else "OTHER_ID"), 0.7
    # no usable keyword: the number's shape
    if re.fullmatch(r"\d{3}-\d{2}-\d{4}", raw):
        return "US_SSN", 0.8
    if not letters and (nd == 10 or (nd == 11 and digits[0] == "1")):
        return "PHONE_NUMBER", 0.75
    # international form: "+44 7700 921 916", "+41 (0)96 471 07 95"
    if not letters and raw.startswith("+") and 8 <= nd <= 15:
        return "PHONE_NUMBER", 0.75
    if not letters and nd == 7 and re.search(r"\d{3}[\s\-.,]+\d{4}", raw):
        return "PHONE_NUMBER", 0.6
    if not letters and 13 <= nd <= 19 and _luhn(digits):
        return "CREDIT_CARD", 0.75
    if not letters and nd == 9 and re.fullmatch(r"\d{3}[\s\-]\d{2}[\s\-]\d{4}", raw):
        return "US_SSN", 0.7
    if nd >= 5 and letters and len(letters) <= 4:
        return "OTHER_ID", 0.6
    # letters and digits mixed all through, as plan IDs are: "4 t k 9, e 2 1, m p 7 3"
    if nd >= 4 and 2 <= len(letters) <= 6 and nd + len(letters) >= 9:
        return "OTHER_ID", 0.6
    if nd >= 7:
        return "OTHER_ID", 0.5
    return None


@register
class SpokenNumberRecognizer(SpokenRecognizer):
    ENTITIES = [
        "PHONE_NUMBER",
        "US_SSN",
        "MEMBER_ID",
        "MRN",
        "ACCOUNT_NUMBER",
        "LICENSE_NUMBER",
        "DEVICE_ID",
        "ZIP_CODE",
        "CREDIT_CARD",
        "OTHER_ID",
    ]

    def find(self, norm: NormalizedText, text: str) -> Iterable[tuple[int, int, str, float]]:
        for start, end, raw in candidates(norm):
            before = _WORDS.findall(norm.text[:start])[-10:]
            after = _WORDS.findall(norm.text[end:])[:5]
            if before and before[-1] in MONTHS:
                continue  # "march 482" is a date
            got = classify(raw, before, after)
            digits = re.sub(r"\D", "", raw)
            # "... springfield illinois 62704", "... lake shawnchester 09573" after a street address
            zip_shaped = len(digits) in (5, 9) and not re.search(r"[a-z]", raw)
            after_address = _after_state(before) or (
                start > 0 and (any(w in _SUFFIX_SET for w in before) or _ADDRESS.search(norm.text[:start]))
            )
            if (got is None or got[0] == "OTHER_ID") and zip_shaped and after_address:
                got = ("ZIP_CODE", 0.8)
            if got:
                yield start, end, got[0], got[1]
