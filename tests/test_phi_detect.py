"""PHI detection on call speech: every Safe Harbor identifier as people say it, the usual false positives,
the organization's own names, and dialogue context across turns. Uses the real offline spaCy model."""

from datetime import date

import pytest

from models.interchange import Segment, Transcript
from redactors.detect import OrgPhiConfig, detect_phi, detect_text
from redactors.spoken import parse_spoken_date


@pytest.fixture(scope="module", autouse=True)
def _engine():
    from redactors.detect import get_analyzer

    get_analyzer()


def found(text, **kw):
    return [(text[s.start : s.end], s.type) for s in detect_text(text, **kw)]


@pytest.mark.parametrize(
    ("utterance", "value", "entity"),
    [
        ("date of birth march fourth eighty two", "march fourth eighty two", "DATE"),
        ("that's g o n z a l e z", "g o n z a l e z", "PERSON"),
        (
            "it's five five five, two one two, oh one nine eight",
            "five five five, two one two, oh one nine eight",
            "PHONE_NUMBER",
        ),
        ("j smith at yahoo dot com", "j smith at yahoo dot com", "EMAIL_ADDRESS"),
        (
            "my member id is w four five seven two nine one eight three",
            "w four five seven two nine one eight three",
            "MEMBER_ID",
        ),
        ("ssn last four is six seven eight nine", "six seven eight nine", "US_SSN"),
        ("my social is 123-45-6789", "123-45-6789", "US_SSN"),
        ("i live at one twenty three maple street", "one twenty three maple street", "STREET_ADDRESS"),
        ("the zip is nine oh two one oh", "nine oh two one oh", "ZIP_CODE"),
        ("i'm ninety three years old", "ninety three", "AGE"),
        ("my medical record number is four four one two nine eight seven", "four four one two nine eight seven", "MRN"),
        ("the serial on the pump is a b four five six seven eight", "a b four five six seven eight", "DEVICE_ID"),
        ("my account number is seven seven one two three four", "seven seven one two three four", "ACCOUNT_NUMBER"),
        (
            "driver's license d one two three four five six seven",
            "d one two three four five six seven",
            "LICENSE_NUMBER",
        ),
        ("go to www dot mychart dot com slash login", "www dot mychart dot com slash login", "URL"),
        (
            "the ip is one nine two dot one six eight dot one dot ten",
            "one nine two dot one six eight dot one dot ten",
            "IP_ADDRESS",
        ),
        ("my name is maria lopez", "maria lopez", "PERSON"),
        ("he was discharged on the 14th", "the 14th", "DATE"),
        ("m as in mary", "m as in mary", "PERSON"),
    ],
)
def test_spoken_identifier_is_found(utterance, value, entity):
    assert (value, entity) in found(utterance)


@pytest.mark.parametrize(
    "utterance",
    [
        "today",
        "monday at four o'clock",
        "can you call me back in two weeks",
        "i'm fine thank you",
        "the first one works",
        "i will pay the bill tomorrow",
        "i take two pills a day",
        "mm-hmm yes",
    ],
)
def test_not_phi(utterance):
    assert found(utterance) == []


def test_org_staff_providers_and_numbers_are_not_patient_phi():
    org = OrgPhiConfig(
        name="Riverside Family Medicine",
        staff_names=["Sarah"],
        provider_names=["Dr. Anika Patel"],
        phone_numbers=["800-555-0142"],
        addresses=["1200 Harbor Boulevard"],
    )
    text = "This is Sarah at Riverside Family Medicine, Dr. Patel's office, call us at 800-555-0142."
    call = Transcript(segments=[Segment(speaker="agent", text=text)])
    assert detect_phi(call, org) == []
    redact_staff = org.model_copy(update={"redact_staff_names": True})
    assert [text[s.start : s.end] for s in detect_phi(call, redact_staff)] == ["Sarah"]
    # the patient's own number still is PHI
    assert found("call me at 415-555-0199", org=org) == [("415-555-0199", "PHONE_NUMBER")]


def test_dialogue_context_makes_the_answer_phi():
    t = Transcript(
        segments=[
            Segment(speaker="agent", text="Thanks. And can I get your date of birth?"),
            Segment(speaker="caller", text="seven twelve sixty"),
            Segment(speaker="agent", text="Could you spell your last name for me?"),
            Segment(speaker="caller", text="sure k o w a l s k i"),
            Segment(speaker="agent", text="What's the best number to reach you?"),
            Segment(speaker="caller", text="it's four one five, five five five, oh one nine nine"),
            Segment(speaker="agent", text="And your member ID?"),
            Segment(speaker="caller", text="x y four four five one two"),
        ]
    )
    spans = {(s.segment, t.segments[s.segment].text[s.start : s.end], s.type) for s in detect_phi(t)}
    assert (1, "seven twelve sixty", "DATE") in spans
    assert (3, "k o w a l s k i", "PERSON") in spans
    assert (5, "four one five, five five five, oh one nine nine", "PHONE_NUMBER") in spans
    assert (7, "x y four four five one two", "MEMBER_ID") in spans
    # without the question, bare numbers are not taken for a birth date
    assert detect_text("seven twelve sixty") == []


def test_spans_are_non_overlapping_and_in_segment_coordinates():
    t = Transcript(segments=[Segment(speaker="caller", text="I'm John Smith, born March 4th, 1982, at 12 Oak Street")])
    spans = detect_phi(t)
    spans.sort(key=lambda s: s.start)
    for a, b in zip(spans, spans[1:], strict=False):
        assert a.end <= b.start
    text = t.segments[0].text
    got = {(text[s.start : s.end], s.type) for s in spans}
    assert ("John Smith", "PERSON") in got
    assert ("March 4th, 1982", "DATE") in got
    assert ("12 Oak Street", "STREET_ADDRESS") in got
    assert all(s.recognizer and 0 < s.score <= 1 for s in spans)


def _covered(text, value):
    start = text.index(value)
    spans = detect_text(text)
    return all(any(s.start <= k < s.end for s in spans) for k in range(start, start + len(value)) if text[k] != " ")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # lowercase text: a word no English word list knows is a name (or a place)
        ("please ask zorbek kwaltimov to call me back", "zorbek kwaltimov"),
        ("the letter was for ilvana d. brezhoski", "ilvana d. brezhoski"),
        # written address blocks: "United" is not a unit number; lowercase place lines after the unit
        ("Send it to 363 52 Huntly Street\n Suite 132\n Barmolloch\n United Kingdom", "United Kingdom"),
        ("send it to 4410 brelvik 12 apt. 5 vestrumholt norway", "vestrumholt"),
    ],
)
def test_lowercase_unknown_names_and_address_tails(text, value):
    assert _covered(text, value)


@pytest.mark.parametrize(
    "utterance",
    [
        "i'm taking eliquis and my lisinopril ran out",
        "yeah i have it and no blood thinners",
        "my copay for the telehealth visit",
    ],
)
def test_unknown_words_that_are_not_names(utterance):
    assert [t for _v, t in found(utterance) if t == "PERSON"] == []


@pytest.mark.parametrize(
    ("text", "value", "entity"),
    [
        ("Desk: +44 7700 900 123", "+44 7700 900 123", "PHONE_NUMBER"),
        ("call me on +41 (0)91 555 01 02 tonight", "+41 (0)91 555 01 02", "PHONE_NUMBER"),
        ("my zip code is 2371", "2371", "ZIP_CODE"),
        ("12 Main Street\nSpringfield, IL 62704", "12 Main Street\nSpringfield, IL 62704", "STREET_ADDRESS"),
    ],
)
def test_written_phones_zips_and_address_blocks(text, value, entity):
    assert (value, entity) in found(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("she moved to Port Kelvarra last year", "Port Kelvarra"),
        ("we drove out to Brellick Town on sunday", "Brellick Town"),
        ("please ask anna hauta-aho to call back", "anna hauta-aho"),
    ],
)
def test_place_words_and_double_barrelled_names(text, value):
    assert _covered(text, value)


def test_total_with_plus_sign_is_not_a_phone():
    assert found("the total was 5 + 3 = 8") == []


def covered(text, value, **kw):
    """True when the spans found cover every non-space character of `value`."""
    start = text.index(value)
    hit = set()
    for s in detect_text(text, **kw):
        hit.update(range(s.start, s.end))
    return all(i in hit for i in range(start, start + len(value)) if not text[i].isspace())


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("my member id is X, G, H, 4, 4, 1, 9, 0, 2, 7", "X, G, H, 4, 4, 1, 9, 0, 2, 7"),
        ("group number is G as in golf, 0, 0, 5, 7, 1, 8", "G as in golf, 0, 0, 5, 7, 1, 8"),
        ("member id alpha bravo seven three three nine two one", "alpha bravo seven three three nine two one"),
        ("the account number is A C C dash 3 3 0 9 1 7", "A C C dash 3 3 0 9 1 7"),
        ("your reference number is PA seven seven two oh four one", "PA seven seven two oh four one"),
        ("the member id is m c r 5 5 0 1 9 9 3 2 a", "m c r 5 5 0 1 9 9 3 2 a"),
        ("the serial number says S N, R, M, 4, 4, 0, 9, 8, 1, 2", "S N, R, M, 4, 4, 0, 9, 8, 1, 2"),
        ("my follow up is on the twenty-second", "twenty-second"),
        ("date of birth march 4th, '59", "march 4th, '59"),
        ("i live at 2217 old mill run, apt 6", "2217 old mill run, apt 6"),
        ("9 0 1 5 quarry ridge court", "9 0 1 5 quarry ridge court"),
        ("480 n. lincoln ave unit 12", "480 n. lincoln ave unit 12"),
        ("last name sundaramoorthy", "sundaramoorthy"),
    ],
)
def test_ids_dates_addresses_and_names_as_said(text, value):
    assert covered(text, value)


def test_state_code_before_zip_is_not_an_id():
    text = "480 n. lincoln ave, bloomington, IL 61701"
    assert ("IL 61701", "OTHER_ID") not in found(text)
    assert covered(text, "61701")


def test_bare_dob_numbers_with_commas_in_birth_date_context():
    t = Transcript(
        segments=[
            Segment(speaker="agent", text="And the patient's date of birth?"),
            Segment(speaker="caller", text="eleven, four, forty-seven"),
        ]
    )
    spans = detect_phi(t)
    assert any(s.segment == 1 and s.type == "DATE" and s.start == 0 and s.end == 25 for s in spans)


def test_without_org_config_agent_org_names_staff_and_org_contact_are_not_phi():
    t = Transcript(
        segments=[
            Segment(speaker="agent", text="Bayshore Clinical Research, Leticia speaking. How can I help?"),
            Segment(speaker="caller", text="hi leticia, i need to reach Maplebrook Pediatrics"),
            Segment(speaker="agent", text="Sure. Call us back at eight three three, five five five, oh one six six."),
            Segment(speaker="agent", text="We're at 18 Pier Road. Dr. Solberg's team will call you."),
            Segment(speaker="caller", text="my cell is five five five, oh one five, six six four oh"),
        ]
    )
    got = [(t.segments[s.segment].text[s.start : s.end], s.type) for s in detect_phi(t)]
    assert ("five five five, oh one five, six six four oh", "PHONE_NUMBER") in got
    # still a false hit without the org config: "Pier" of the organization's street said as a bare word
    assert [g for g in got if g[0] != "Pier"] == [("five five five, oh one five, six six four oh", "PHONE_NUMBER")]


def _call(*turns):
    return Transcript(segments=[Segment(speaker=who, text=text) for who, text in turns])


def _got(t, org=None):
    return [(t.segments[s.segment].text[s.start : s.end], s.type, s.segment) for s in detect_phi(t, org)]


def _seg_covered(t, seg, value, org=None):
    text = t.segments[seg].text
    start = text.index(value)
    hit = set()
    for s in detect_phi(t, org):
        if s.segment == seg:
            hit.update(range(s.start, s.end))
    return all(i in hit for i in range(start, start + len(value)) if not text[i].isspace())


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # fillers inside a date
        ("she was born uh june er the ninth, um, seventy one", "june er the ninth, um, seventy one"),
        ("admitted on october um twelfth", "october um twelfth"),
        # a space inside an email's local part, a host said as two words
        ("email is dana k w at fast mail dot net", "dana k w at fast mail dot net"),
        ("it's r o b at zoho mail dot com", "r o b at zoho mail dot com"),
        # the end of an ID read back, no ID keyword
        ("the one on file ends in 7 7 q z, right?", "7 7 q z"),
        ("yes the last four digits are nine one x two", "nine one x two"),
        # a street with no house number, a unit on its own
        ("the lab on brisbane avenue drew my blood", "brisbane avenue"),
        ("she lives off tilden road now", "tilden road"),
        ("oh and it's unit 14 c", "unit 14 c"),
        ("apt. 3", "apt. 3"),
        # a relative named with a rare word after "my <relation>"
        ("my nephew tayo can bring me", "tayo"),
    ],
)
def test_fillers_partial_ids_streets_units_relatives(text, value):
    assert covered(text, value)


@pytest.mark.parametrize(
    "text",
    [
        "we waited on the same street for an hour",
        "the cardiac unit was busy",
        "it ends in a few days",
        "um the pain is worse uh at night",
    ],
)
def test_not_streets_units_or_ids(text):
    assert found(text) == []


def test_self_correction_keeps_the_corrected_digits_phi():
    t = _call(
        ("agent", "And a good callback number?"),
        ("caller", "three one two, no wait, three one four, five five five, zero two eight eight"),
    )
    assert _seg_covered(t, 1, "three one two")
    assert _seg_covered(t, 1, "three one four, five five five, zero two eight eight")
    t = _call(("caller", "my member id is k 4 4 sorry k 4 5 0 9 1 2 3"))
    assert _seg_covered(t, 0, "k 4 4")


def test_name_answer_with_an_unknown_surname_and_agent_thanking_by_name():
    t = _call(
        ("agent", "Northfield scheduling, this is Joy. Who am I speaking with?"),
        ("caller", "wendell quarrington"),
        ("agent", "Thank you Wendell. And your date of birth?"),
        ("caller", "ulrich brandvold, um, second of may sixty"),
    )
    got = _got(t)
    assert ("wendell quarrington", "PERSON", 1) in got
    assert ("Wendell", "PERSON", 2) in got
    assert ("Joy", "PERSON", 0) not in [(v, ty, s) for v, ty, s in got]
    # the name stops at the comma: the date is not part of it
    assert not any(s == 3 and ty == "PERSON" and "second" in v for v, ty, s in got)


@pytest.mark.parametrize(
    "agent_text",
    ["Thank you, sir.", "Thanks again.", "Thank you so much.", "Thank you, everyone."],
)
def test_thanks_without_a_name(agent_text):
    t = _call(("caller", "okay bye"), ("agent", agent_text))
    assert _got(t) == []


def test_agent_sentence_words_greetings_and_drug_answers_are_not_names():
    org = OrgPhiConfig(name="Larkspur Family Medicine", staff_names=["Idris"])
    t = _call(
        ("agent", "Larkspur Family Medicine, Idris speaking."),
        ("caller", "hello idris, this is a referral from the hospital"),
        ("agent", "Okay. Patient's name? Reason? Insurance?"),
        ("caller", "it's for a cardiology consult"),
        ("agent", "Is he taking anything for his heart?"),
        ("caller", "xarelto and metoprolol"),
        ("agent", "Which pharmacy?"),
        ("caller", "the one downtown"),
    )
    got = _got(t, org)
    assert not any(ty == "PERSON" for _v, ty, _s in got), got


def test_spelled_name_stops_before_last_name():
    t = _call(
        ("agent", "Can you spell your first name?"),
        ("caller", "o r l a, last name is brennock"),
    )
    got = _got(t)
    assert not any("last" in v for v, _ty, _s in got), got
    assert _seg_covered(t, 1, "o r l a")
    assert _seg_covered(t, 1, "brennock")


@pytest.mark.parametrize(
    ("question", "answer", "value"),
    [
        # a date restarted after a filler, the year said first, commas between the parts
        ("Date of birth?", "nine, uh, nine twenty nine, eighty four", "nine, uh, nine twenty nine, eighty four"),
        ("Date of birth?", "1931, july, the uh, the sixteenth", "1931, july, the uh, the sixteenth"),
        ("Date of birth?", "august, twenty, um, nineteen forty", "august, twenty, um, nineteen forty"),
        ("Date of birth?", "two two, nineteen sixty-eight", "two two, nineteen sixty-eight"),
        # a filler between the groups of a phone number
        ("And the best phone?", "it's 555 um 013 um 4420", "555 um 013 um 4420"),
        # a spelled prefix after "participant ID?"
        ("Your participant ID?", "a x s dash 0 4 4 1", "a x s dash 0 4 4 1"),
        # a town of everyday words in answer to "which city?"
        ("Which city are you in?", "we're in marlowe springs, on pelican street", "marlowe springs"),
        # a one-letter part of an email's local part
        ("Email?", "the login is june a s at outlook dot com", "june a s at outlook dot com"),
        # a name said twice with a comma
        ("Who am I speaking with?", "this is greer, greer halvorsen", "greer, greer halvorsen"),
    ],
)
def test_answers_with_restarts_fillers_and_everyday_words(question, answer, value):
    t = _call(("agent", question), ("caller", answer))
    assert _seg_covered(t, 1, value), _got(t)


def test_dates_parse_with_restarts_and_the_year_first():
    assert parse_spoken_date("nine, uh, nine twenty nine, eighty four") == date(1984, 9, 29)
    assert parse_spoken_date("two two, nineteen sixty-eight") == date(1968, 2, 2)
    assert parse_spoken_date("nineteen eighty two march fourth") == date(1982, 3, 4)


def test_an_id_said_again_without_its_keyword_is_still_phi():
    t = _call(
        ("caller", "my old card said group 4 4 7 1 9 but the new one says 4 4 7 2 0"),
        ("agent", "The new one, 44720. And your zip?"),
    )
    assert _seg_covered(t, 1, "44720")
    assert not _seg_covered(t, 1, "The new one")


def test_insurer_answer_home_answer_and_other_offices_staff_are_not_phi():
    org = OrgPhiConfig(name="Cedarline Orthopedics", staff_names=["Amani"])
    t = _call(
        ("agent", "Cedarline Orthopedics referrals, Amani speaking."),
        ("caller", "Hi Amani, this is Paulette at Dr. Kimura's office with a referral."),
        ("agent", "Insurance?"),
        ("caller", "bluewater, member id b w h 9 9 0 1 3 4 7"),
        ("agent", "Where are you located?"),
        ("caller", "home"),
    )
    got = _got(t, org)
    assert [(v, ty) for v, ty, _s in got] == [("b w h 9 9 0 1 3 4 7", "MEMBER_ID")], got


def test_spelled_prefixes_with_dashes_and_letters_run_into_digits_are_one_id():
    t = _call(
        ("agent", "Your participant ID will be H R I dash M G dash zero four seven."),
        ("caller", "the tricare one is d o d i d 1 0 4 4 7 2 9 8 3 6"),
        ("agent", "I'm logging this as reference A E dash 0 0 9 1."),
    )
    assert _seg_covered(t, 0, "H R I dash M G dash zero four seven")
    assert _seg_covered(t, 1, "d o d i d 1 0 4 4 7 2 9 8 3 6")
    assert _seg_covered(t, 2, "A E dash 0 0 9 1")
    assert not any(ty == "PERSON" for _v, ty, _s in _got(t))


def test_names_said_again_towns_after_streets_and_what_is_not_phi():
    t = _call(
        ("agent", "Patient name?"),
        ("caller", "The patient is Sterling Baptiste. That's Sterling like the silver."),
        ("agent", "And your age, Sterling? Where does she live?"),
        ("caller", "she's at 40 Church Hill Lane in hopedale, and everybody calls her grace"),
        ("agent", "Your NPI is 1 5 8 8 2 0 4 4 7 1, and the code is CPT 71250. Go to the ER in North Carolina."),
    )
    assert _seg_covered(t, 1, "Sterling Baptiste")
    assert _seg_covered(t, 2, "Sterling")
    assert _seg_covered(t, 3, "hopedale")
    assert _seg_covered(t, 3, "grace")
    assert [v for v, _ty, s in _got(t) if s == 4] == []


def test_a_value_resumed_after_a_correction_is_one_span():
    t = _call(
        ("agent", "Policy number?"), ("caller", "c v h, zero zero four, seven seven, no wait, seven one, nine three")
    )
    assert _seg_covered(t, 1, "c v h, zero zero four, seven seven, no wait, seven one, nine three")


def test_first_names_said_twice_chunked_phones_and_bare_mail_providers():
    t = _call(
        ("agent", "What's her name?"),
        ("caller", "pearl, pearl ebersole. she's ninety four. ninety five in december"),
        ("agent", "And the best number?"),
        ("caller", "my cell, it's six one seven"),
        ("agent", "mm-hm"),
        ("caller", "five five five, oh two seven, uh, one four"),
        ("caller", "the old email is j pennington at hotmail"),
    )
    assert _seg_covered(t, 1, "pearl, pearl ebersole")
    assert _seg_covered(t, 1, "ninety five")
    assert _seg_covered(t, 3, "six one seven")
    assert _seg_covered(t, 5, "five five five, oh two seven, uh, one four")
    assert _seg_covered(t, 6, "j pennington at hotmail")
    assert not any(s == 4 for _v, _ty, s in _got(t))


def test_org_extensions_suites_urls_and_other_providers_are_not_phi():
    org = OrgPhiConfig(name="St. Brigid Medical Center", staff_names=["Colleen"])
    t = _call(
        ("agent", "St. Brigid Medical Center patient line, this is Colleen."),
        ("caller", "hi, it's marisol from dr whitcomb's office, the d o b is oh three, twenty-nine, forty-one"),
        ("agent", "You'll get a link from portal.stbrigid.org. The front desk is extension 3310, suite 410."),
        ("caller", "or my sister gwen's house"),
    )
    got = _got(t, org)
    assert [v for v, _ty, s in got if s in (0, 2)] == []
    assert "marisol" not in [v for v, _ty, _s in got] and "d o b" not in [v for v, _ty, _s in got]
    assert ("gwen", "PERSON", 3) in got


@pytest.mark.parametrize(
    ("question", "answer", "value"),
    [
        ("And the license number?", "it's D, 4 4 1, 0 9, 8 7 2", "D, 4 4 1, 0 9, 8 7 2"),
        ("Medical record number?", "L D A, then 2 0 4, 7 7 1, 9 5", "L D A, then 2 0 4, 7 7 1, 9 5"),
        ("Best number?", "it's plus 44, 7700, 900, 318", "plus 44, 7700, 900, 318"),
        ("Can you spell the last name?", "d e, space, l a, space, c r u z", "d e, space, l a, space, c r u z"),
        (
            "Your email?",
            "tyler dot brandt underscore 88 at mailbox dot com",
            "tyler dot brandt underscore 88 at mailbox dot com",
        ),
        (
            "Who am I speaking with?",
            "Jimmy, well, James, James Fitzgerald-Obi",
            "Jimmy, well, James, James Fitzgerald-Obi",
        ),
        ("When was he discharged?", "december 12th, 1977, no, '76", "december 12th, 1977, no, '76"),
        (
            "What's the address?",
            "it's rural route two box forty one, in harmony, the zip is oh four nine four two",
            "rural route two box forty one, in harmony",
        ),
    ],
)
def test_ids_spelled_with_pauses_international_numbers_nicknames_and_rural_routes(question, answer, value):
    t = _call(("agent", question), ("caller", answer))
    assert _seg_covered(t, 1, value), _got(t)


def test_drugs_hospital_units_and_things_are_not_names():
    t = _call(
        ("agent", "Are you taking the spironolactone? The NICU nurse will call, and the V A C unit goes back."),
        ("caller", "yes, and the kit k 7 7 4 2 came, the bloodwork is done, my social is in my wallet"),
    )
    assert not any(ty in ("PERSON", "LOCATION") for _v, ty, _s in _got(t)), _got(t)


def test_chunks_echoed_by_the_agent_corrected_house_numbers_and_nicknames():
    t = _call(
        ("agent", "What's his name and date of birth?"),
        ("caller", "ignatius, uh, iggy, ignatius kowalczyk-bello. born, um, july fourth nineteen thirty"),
        ("agent", "And the zip?"),
        ("caller", "yep same city, zip is nine eight three"),
        ("agent", "Nine eight three..."),
        ("caller", "six eight"),
        ("agent", "And the address?"),
        ("caller", "nineteen oh two, no, nineteen twenty, ash hollow road"),
        ("caller", "my email is k a boateng at campusmail dot edu"),
    )
    assert _seg_covered(t, 1, "ignatius, uh, iggy, ignatius kowalczyk-bello")
    assert _seg_covered(t, 3, "nine eight three") and _seg_covered(t, 4, "Nine eight three")
    assert _seg_covered(t, 5, "six eight")
    assert _seg_covered(t, 7, "nineteen oh two, no, nineteen twenty, ash hollow road")
    assert _seg_covered(t, 8, "k a boateng at campusmail dot edu")


def test_trial_registry_and_pharmacy_bin_numbers_are_not_phi():
    t = _call(("agent", "The study is N C T zero five five one two three four eight, and the BIN is 610279."))
    assert _got(t) == []


def test_emails_with_spelled_dots_niner_and_dates_restarted_before_the_correction():
    t = _call(
        ("agent", "Your email?"),
        ("caller", "kofi dot m dot a at northmail dot example"),
        ("agent", "Medical record number?"),
        ("caller", "r m h four two, niner one one, zero seven"),
        ("agent", "Date of birth?"),
        ("caller", "twelve, no, eleven twelve thirty three"),
    )
    assert _seg_covered(t, 1, "kofi dot m dot a at northmail dot example")
    assert _seg_covered(t, 3, "r m h four two, niner one one, zero seven")
    assert _seg_covered(t, 5, "twelve, no, eleven twelve thirty three")


def test_nato_letters_in_serials_spelled_emails_paused_medicare_numbers_and_units_with_fillers():
    t = _call(
        ("agent", "Did the oxygen concentrator come?"),
        ("caller", "yes, the serial is, um, x-ray charlie four four seven, dash, nine one two"),
        ("agent", "And the reader?"),
        ("caller", "the serial on the reader is seven seven alpha, four zero nine two"),
        ("agent", "Email?"),
        ("caller", "it's grant dot adeyemi, a d e y e m i, at proton mail dot com"),
        ("caller", "or ingrid dot hoffmann, h o f f m a n n, at web dot de"),
        ("agent", "Do you have his Medicare number handy?"),
        ("caller", "uh, it's on his card, one, h, w, seven, c, r, two, p, d, eight four"),
        ("agent", "And the participant number?"),
        ("caller", "it says, uh, h r i, zero two, dash, one one five, and then the letter w"),
        ("agent", "What address is the ambulance going to?"),
        ("caller", "forty-two fifteen harrow street, apartment, um, two-oh-six, that's in the back"),
        ("caller", "it's 61 lantern hill road, apartment 3, uh, 3C, in tamsin valley"),
    )
    for seg, value in [
        (1, "x-ray charlie four four seven, dash, nine one two"),
        (3, "seven seven alpha, four zero nine two"),
        (5, "grant dot adeyemi, a d e y e m i, at proton mail dot com"),
        (6, "ingrid dot hoffmann, h o f f m a n n, at web dot de"),
        (8, "one, h, w, seven, c, r, two, p, d, eight four"),
        (10, "h r i, zero two, dash, one one five, and then the letter w"),
        (12, "forty-two fifteen harrow street, apartment, um, two-oh-six"),
        (13, "61 lantern hill road, apartment 3, uh, 3C"),
    ]:
        assert _seg_covered(t, seg, value), value


def test_weekdays_titles_other_offices_and_a_relative_with_a_staff_name():
    org = OrgPhiConfig(staff_names=["Joy Ellison"], provider_names=["Dr. Abiodun"])
    t = _call(
        ("agent", "Okay, Dr. Abiodun has Wednesday the 29th at ten. And the 7th at 2:30 with Luis, Dr. Abiodun's PA."),
        ("caller", "hey, it's kevin over at brookside primary care, the migraines with aura keep coming back"),
        ("caller", "I'm grant adeyemi, I'm on her HIPAA form, and my wife joy is too"),
    )
    got = _got(t, org)
    texts = [v for v, _ty, _s in got]
    # the weekday said with a date is not part of it; a title alone and another office's staff are not PHI
    assert "the 29th" in texts and "Wednesday the 29th" not in texts and "PA" not in texts
    assert not any(v.lower() in ("kevin", "aura") for v in texts)
    assert ("joy", "PERSON", 2) in got


def test_written_hosts_usernames_repeated_names_directions_and_corrected_street_types():
    org = OrgPhiConfig(name="Lakeshore Medical", short_names=["Lakeshore"], phone_numbers=["941-555-0129"])
    t = _call(
        ("caller", "um yeah it's m villanueva eighty eight at gmail.com, all one word"),
        ("caller", "email is nkechi dot of, o f, at proton mail dot com"),
        ("caller", "my email, wiki zielinski at gmail dot com, w i k i"),
        ("caller", "i have it bookmarked, it's lakeshoremedical.org/portal/hbrzezinski57"),
        ("agent", "Your username hbrzezinski57 is fine, but go to portal.lakeshoremedical.org instead."),
        ("caller", "josefina, josefina ruiz, i'm from gulf coast home companions"),
        ("caller", "yeah, 2611 rainier avenue south, unit 5, seattle 98144"),
        ("caller", "it's 2 2 0 5, uh, bayshore road, no, bayshore drive, unit 14, in venice"),
        ("agent", "Okay, at ninety four on warfarin with a head strike, she needs to be seen today."),
        ("agent", "Can you read me her Medicare number?"),
        ("caller", "it's 1 E G 4, T E 5, M K 7 3"),
        ("agent", "Call me back at 941-555-0129, extension 2, once they arrive."),
    )
    for seg, value in [
        (0, "m villanueva eighty eight at gmail.com"),
        (1, "nkechi dot of, o f, at proton mail dot com"),
        (2, "wiki zielinski at gmail dot com, w i k i"),
        (3, "lakeshoremedical.org/portal/hbrzezinski57"),
        (4, "hbrzezinski57"),
        (5, "josefina, josefina ruiz"),
        (6, "2611 rainier avenue south, unit 5"),
        (7, "2 2 0 5, uh, bayshore road, no, bayshore drive, unit 14"),
        (8, "ninety four"),
        (10, "1 E G 4, T E 5, M K 7 3"),
    ]:
        assert _seg_covered(t, seg, value, org), value
    got = _got(t, org)
    assert not any(s == 11 for _v, _ty, s in got)  # the organization's number with its extension
    assert not any(v == "portal.lakeshoremedical.org" for v, _ty, _s in got)  # its site without a patient's page


def test_employers_agencies_role_named_professionals_and_a_written_weekday():
    t = _call(
        ("caller", "i work for columbia ridge steel, and my employer's coronado supply"),
        ("caller", "this is alyssa calling from summit orthopedic associates"),
        ("caller", "i got a new job at, um, henley foods, and the adjuster is linda pruitt"),
        ("agent", "I'll call Linda Pruitt today. And I do see the POA for Arturo."),
        ("agent", "Dr. Raman's first opening is Thursday, March 6th at 9:40."),
    )
    got = _got(t)
    texts = [v.lower() for v, _ty, _s in got]
    for word in ("columbia", "coronado", "summit", "new job", "linda pruitt", "poa"):
        assert not any(word in v for v in texts), (word, got)
    assert ("March 6th", "DATE", 4) in got


def test_holiday_dates_restarted_birth_dates_and_rural_addresses():
    t = _call(
        ("agent", "Can you confirm his birthday?"),
        ("caller", "he born the day before valentine. the thirteen of february. two thousand and, uh, eighteen"),
        ("agent", "Mom's date of birth?"),
        ("caller", "she was born, um, the twenty-ninth of, uh, of january. nineteen, um, forty-one"),
        ("caller", "i had a cortisone shot, the, uh, it was right before thanksgiving"),
        ("caller", "it's four forty-one prairie dog lane, uh, that's apartment, no, unit six"),
        ("caller", "his mail goes to the p o box, box eight eighty-one"),
        ("caller", "it's, uh, n seven four one, county road double-u. no, not double-u, county road k"),
        ("caller", "so it's, um, lot fourteen, cypress bend mobile home park, two oh four levee road"),
        ("caller", "fourteen, one four, ellery street, apartment two b"),
    )
    for seg, value in [
        (1, "day before valentine"),
        (1, "thirteen of february. two thousand and, uh, eighteen"),
        (3, "twenty-ninth of, uh, of january. nineteen, um, forty-one"),
        (4, "right before thanksgiving"),
        (5, "four forty-one prairie dog lane"),
        (5, "apartment, no, unit six"),
        (6, "p o box, box eight eighty-one"),
        (7, "n seven four one, county road double-u. no, not double-u, county road k"),
        (8, "lot fourteen, cypress bend mobile home park, two oh four levee road"),
        (9, "fourteen, one four, ellery street, apartment two b"),
    ]:
        assert _seg_covered(t, seg, value), value
    # a holiday in prose about no event of the patient's is no date of theirs
    assert found("On the last Sunday before Labor Day we returned to the coast by helicopter.") == []


def test_other_offices_insurers_study_names_and_clinical_words_are_not_patient_phi():
    t = _call(
        ("caller", "yes, hi, this is carla with brightsmile dental. our NPI is one two four seven"),
        ("agent", "Thank you, Carla. What can I verify for you today?"),
        ("caller", "got it. and bitewings? it's a new plan, redwood health alliance"),
        ("agent", "I'm calling about your visit for the ASTER-2 study. She can go to any Quest."),
        ("caller", "his brother rory had strep last week. seven and a half m l of the motrin"),
        ("caller", "is this about ruth's study? uh, anything the week after? like the twenty-fourth, twenty-fifth?"),
    )
    got = _got(t)
    texts = [v.lower() for v, _ty, _s in got]
    for word in ("carla", "bitewings", "alliance", "aster-2", "quest", "strep", "m l"):
        assert not any(word in v for v in texts), (word, got)
    assert ("rory", "PERSON", 4) in got and ("ruth's", "PERSON", 5) in got
    assert _seg_covered(t, 5, "twenty-fifth")


def test_a_lowercase_letter_before_an_id_and_a_town_said_again_before_its_state():
    t = _call(
        ("agent", "And the member ID?"),
        ("caller", "it's h, six six two, zero nine, one one four, zero zero one"),
        ("caller", "it's, um, nineteen eighteen pine hollow road, in, uh, council. council, idaho."),
        ("agent", "Any medications?"),
        ("caller", "she takes vitamin d, 1000 units, every morning"),
        ("caller", "it's on rural route two, in dry fork, virginia"),
    )
    assert _seg_covered(t, 1, "h, six six two, zero nine, one one four, zero zero one")
    assert _seg_covered(t, 2, "council")
    assert not any(s == 4 for _v, _ty, s in _got(t))
    assert _seg_covered(t, 5, "dry fork")


def test_id_corrections_titles_nicknames_and_not_phi_from_the_twentieth_rounds():
    t = _call(
        ("caller", "Okay. The ID is G P B, 8 8 3, 0 1 5, 7 7 2. No wait, 7 7 4. Sorry, the glare. 7 7 4."),
        ("caller", "No, see, his new card ends in oh three, not oh one. A V H 5 5 0 2 1 3 0 3."),
        ("agent", "ZH7730981. Is there a suffix after that, like a dash and two numbers?"),
        ("caller", "Yes, dash zero two."),
        ("caller", "Hi Kevin, my name is Wendell Cross. I saw Dr. Osei a couple weeks ago."),
        ("agent", "Let me take a look. What's your date of birth, Mr. Cross?"),
        ("caller", "Her name is Tobiloba, Tobi. She was born September 2nd."),
        ("caller", "It says kit 7 7 0 3 9 1 on the label."),
        ("caller", "The mail goes to the P.O. box though, Box 2271, 86033."),
    )
    for seg, value in [
        (0, "7 7 4"),
        (1, "oh three"),
        (1, "oh one"),
        (3, "zero two"),
        (4, "Wendell Cross"),
        (5, "Cross"),
        (6, "Tobi"),
        (7, "7 7 0 3 9 1"),
        (8, "Box 2271"),
    ]:
        assert _seg_covered(t, seg, value), value
    t = _call(
        ("agent", "Can I get your date of birth?"),
        ("caller", "Four, twelve, sixty-one."),
        ("agent", "Okay, I see you with Dr. Ramaswamy on Thursday, May 14th at 9:20. Is that the one?"),
        ("agent", "I have December 9th at 10:30 or December 12th at 2 o'clock."),
        ("agent", "The first new patient opening with Dr. Castellanos is January 8th at 3:45."),
        ("agent", "We have you with Desert Sky Health. Are you still with Hoosier Health Alliance?"),
        ("caller", "Rio Grande Water Authority. My wife's cousin sees a Dr. Reyes at Indy ENT Partners."),
        ("caller", "We took her to Mercy Valley and they did a CT. It's Keystone Choice."),
        ("agent", "You can add her through the portal under Sharing. Is there a suffix after that?"),
        ("caller", "He's on 2 liters, is that right?"),
    )
    got = _got(t)
    values = [v for v, _ty, _s in got]
    for v in (
        "9:20",
        "10:30",
        "The first",
        "Desert Sky Health",
        "Alliance",
        "Rio Grande Water",
        "cousin",
        "Indy ENT",
        "Mercy Valley",
        "Keystone Choice",
        "Sharing",
        "suffix",
    ):
        assert not any(v in value for value in values), (v, got)
    assert not any(s == 9 for _v, _ty, s in got), got  # "2 liters" answers no question about an ID
    assert ("December 12th", "DATE", 3) in got and ("January 8th", "DATE", 4) in got


def test_detection_does_not_import_scikit_learn():
    # scikit-learn (and scipy with it) takes over a second to import: a `qa-engine phi detect` call must not pay it
    import subprocess
    import sys

    code = (
        "import sys; from models.interchange import Segment, Transcript; from redactors.detect import detect_phi; "
        "t = Transcript(segments=[Segment(speaker='agent', text='Your date of birth?'), "
        "Segment(speaker='caller', text='it is pearl, pearl ebersole, 12 Oak Street in Dry Fork, Virginia')]); "
        "assert detect_phi(t); print('sklearn' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", out.stderr


def test_twenty_second_and_third_rounds():
    t = _call(
        (
            "caller",
            "The Medicare number's, hold on, one, E as in echo, G as in, uh, golf, four, T as in Tom, E, five, "
            "M as in Mary, K, seven, two.",
        ),
        ("caller", "Everything from when I was admitted in 2023. It was May, May fifth through the ninth I think."),
        ("caller", "Uh, it's, it's May, hold on... May 20th, 1953."),
        ("caller", "1407 Cypresswood Drive. In Spring."),
        ("caller", "Hi Ravi, this is Jenna, I'm a pharmacist at the Walgreens on Route 9 in Framingham."),
        ("agent", "What's the NPI?"),
        ("caller", "It's 1 3 8 2 6 0 4 4 1 7."),
        ("caller", "Um, he was born July 2nd of last year. We got a bill for eleven hundred and forty dollars."),
        ("agent", "The first I have is Thursday, December 12th at 9:20. Yes, that's our GLORIA-2 study."),
        ("caller", "There's an RxBIN, 610778. The one for EGFR-positive. Five milliliters of senna."),
    )
    got = _got(t)
    assert _seg_covered(
        t, 0, "one, E as in echo, G as in, uh, golf, four, T as in Tom, E, five, M as in Mary, K, seven, two"
    )
    assert _seg_covered(t, 1, "May, May fifth") and _seg_covered(t, 2, "May, hold on... May 20th, 1953")
    assert _seg_covered(t, 3, "Spring")
    assert ("July 2nd", "DATE", 7) in got
    values = [v for v, _ty, _s in got]
    for v in (
        "Jenna",
        "1 3 8 2 6 0 4 4 1 7",
        "eleven hundred",
        "The first",
        "GLORIA",
        "610778",
        "EGFR",
        "milliliters",
        "senna",
        "of last year",
    ):
        assert not any(v in value for value in values), (v, got)


def test_twenty_fourth_and_fifth_rounds():
    org = OrgPhiConfig(
        name="Lakeside Internal Medicine", addresses=["2900 North Clark Street", "PO Box 3071, Omaha, NE 68103"]
    )
    t = _call(
        ("caller", "It should be ngozi.clarke90@gmail.com. Or maybe my old one."),
        ("caller", "It's 4417 North 52nd Street, apartment 3B, in Omaha. 68104."),
        ("agent", "Still nothing. Oh, wait, there he is. Zielinski, Wojciech. He's, uh, ninety-one?"),
        ("agent", "Okay, Joaquim Ferreira, ninety-two. He went home yesterday."),
        ("caller", "Ma, it's the nurse from the hospital. Can she talk to me? ...Yeah, she says yes, go ahead."),
        ("agent", "I see you were at Westover Hills Urgent Care, and Bluebonnet Casualty is handling the claim."),
    )
    got = detect_phi(t, org)
    texts = [(t.segments[s.segment].text[s.start : s.end], s.type, s.segment) for s in got]
    assert ("ngozi.clarke90@gmail.com", "EMAIL_ADDRESS", 0) in texts
    assert any(seg == 1 and "in Omaha" in v for v, _ty, seg in texts), texts
    assert ("ninety-one", "AGE", 2) in texts and ("ninety-two", "AGE", 3) in texts
    values = [v for v, _ty, _s in texts]
    for v in ("...Ye", "Westover", "Bluebonnet"):
        assert not any(v in value for value in values), (v, texts)


def test_a_phones_last_four_said_back_and_a_town_after_a_street():
    org = OrgPhiConfig(name="Desert Bloom Health", addresses=["1200 North Campbell Avenue, Tucson, AZ 85719"])
    t = _call(
        ("agent", "And the phone, 208-555-0131, is that still good?"),
        ("caller", "Yeah that's, sorry, you said 0131? Yeah."),
        ("caller", "I moved in August. It's 4471 East Calle Tierra Verde, Tucson, 85712."),
    )
    texts = [(t.segments[s.segment].text[s.start : s.end], s.segment) for s in detect_phi(t, org)]
    assert any(seg == 1 and "0131" in v for v, seg in texts), texts
    assert any(seg == 2 and "Tucson" in v for v, seg in texts), texts


def test_zips_after_an_address_id_suffixes_and_medical_words():
    t = _call(
        ("caller", "Um, it says 36 Camino del Sol, Los Lunas, 87031. Yeah."),
        ("agent", "Is your address still P.O. Box 1183 in Thoreau?"),
        ("caller", "Yeah, same box. Eight seven three two three."),
        ("caller", "Yeah, it's, uh, Z-G-A, 4-4-0-9-1-7-7-2-6. And then it says zero two after it."),
        ("agent", "Our urgent care on Herndon is open until 9. Can someone drive you? Log in to MyChart."),
        ("caller", "He's on dialysis and the AFib pills. Augmentin, and a Medigap plan. The ID is on the card."),
    )
    for seg, value in [(0, "87031"), (2, "Eight seven three two three"), (3, "zero two")]:
        assert _seg_covered(t, seg, value), value
    values = [v for v, _ty, _s in _got(t)]
    for v in ("9. Can", "MyChart", "dialysis", "AFib", "Augmentin", "Medigap"):
        assert not any(v in value for value in values), (v, values)


def test_values_read_back_continued_corrected_and_restarted():
    t = _call(
        ("agent", "Can I start with the member ID on the card?"),
        ("caller", "yeah hold on, it's, um, S F H, nine two"),
        ("agent", "Okay, S F H nine two..."),
        ("caller", "zero zero four, then six one. sorry, the card's all scratched up"),
        ("agent", "May 13th, 1991?"),
        ("caller", "no, three zero. thirty."),
        ("caller", "2741 Burlingame Avenue SW."),
        ("agent", "Got it. Is that 49509?"),
        ("caller", "Uh, no, 4 9 5 1 9."),
        ("caller", "Yeah, it's 8 G... no, it's B G 4 7 1 0 9 3."),
        ("caller", "It's U, then 4 8 2 7 7 1 9 0 3, and the group is 0 0 3 1 2 6 5."),
        ("caller", "It's, um, Q, 9 0 0, 6 1 7, 4 4 2, and then 0 1 at the end."),
    )
    expected = [
        (2, "S F H nine two"),
        (3, "zero zero four, then six one"),
        (5, "three zero. thirty"),
        (7, "49509"),
        (8, "4 9 5 1 9"),
        (9, "8 G... no, it's B G 4 7 1 0 9 3"),
        (10, "U, then 4 8 2 7 7 1 9 0 3"),
        (11, "Q, 9 0 0, 6 1 7, 4 4 2, and then 0 1"),
    ]
    for seg, value in expected:
        assert _seg_covered(t, seg, value), value
    # "my old one": a lone digit before a correction is a word, not the start of the number
    t = _call(
        ("agent", "And is your phone number still 541-555-0163?"),
        ("caller", "No, that's my old one, it's actually, uh, 541-555-0178 now."),
    )
    assert ("541-555-0178", "PHONE_NUMBER", 1) in _got(t)


def test_names_streets_dates_and_ages_said_in_pieces():
    t = _call(
        ("caller", "It's 418 Coteau Road, no, sorry, Coteau Ridge Road, in Youngsville."),
        ("agent", "Is she still at 16 Orchard, um, Orchard Lane?"),
        ("caller", "my mom, dawn, will take her. dawn wood. w o o d."),
        ("caller", "no, tran, t r a n, like tango romeo alpha november"),
        ("agent", "Okay Mei-Ling, it should go over to the pharmacy by end of day."),
        ("agent", "That's the one implanted in March of 2022?"),
        ("caller", "My dad fell. He says he's fine, but he's ninety-four and he's on the blood thinner."),
        ("agent", "With a bump on the head on Eliquis at ninety-four, I recommend the emergency department."),
        ("caller", "She's been around her cousin Malik, who had hand, foot and mouth."),
        ("caller", "This is Mei-Ling Zhou, I'm calling about my refill."),
    )
    expected = [
        (0, "418 Coteau Road, no, sorry, Coteau Ridge Road"),
        (1, "16 Orchard, um, Orchard Lane"),
        (2, "dawn wood. w o o d"),
        (3, "t r a n, like tango romeo alpha november"),
        (4, "Mei-Ling"),
        (5, "March of 2022"),
        (7, "ninety-four"),
    ]
    for seg, value in expected:
        assert _seg_covered(t, seg, value), value
    got = _got(t)
    assert ("16 Orchard, um, Orchard Lane", "STREET_ADDRESS", 1) in got
    assert ("Malik", "PERSON", 8) in got


def test_a_list_of_procedure_codes_and_lowercase_things_are_not_patient_phi():
    t = _call(
        ("agent", "Can I get the member ID and the procedure?"),
        ("caller", "Great, so we're looking at a Mohs procedure, CPT 17311, and possibly 17312, for a lesion."),
        ("caller", "hi, i'm calling about my mom's bill, she got a statement and she's confused about it"),
        ("caller", "Lumbar epidural steroid injection, CPT 62323. It's scheduled for December 9th."),
        ("caller", "oh and, um, can my wife come back with me, her name's priya, she usually drives me"),
    )
    values = [v for v, _ty, _s in _got(t)]
    for v in ("17311", "17312", "Mohs", "bill", "Lumbar", "62323"):
        assert not any(v in value for value in values), (v, values)
    assert "December 9th" in values and "priya" in values


def test_thirty_third_and_fourth_rounds():
    t = _call(
        ("agent", "Can I get the member ID on the card?"),
        ("caller", "it's m c h, nine nine zero, four, b as in boy, seven seven one"),
        ("agent", "I'm not finding that one. Can you read it again?"),
        ("caller", "sorry, m c h nine nine zero four, d as in david, not b, seven seven one"),
        ("caller", "it's a north dakota license still, w h i, uh, zero zero four, five one, eight eight six"),
        ("caller", "I had a stent in, uh, two thousand nineteen, in november, at holy family"),
        (
            "caller",
            "mom's cell is two five six, five five five, zero one three one, and his is the same but ending in "
            "three two",
        ),
        ("agent", "It's valid through the end of the month? Her cost share is $50, and she's met 180 of that."),
        ("agent", "Her potassium was 5.4, which Dr. Mensah flagged. The study is NCT05512347."),
    )
    for seg, value in [
        (3, "m c h nine nine zero four, d as in david, not b, seven seven one"),
        (4, "w h i, uh, zero zero four, five one, eight eight six"),
        (5, "two thousand nineteen, in november"),
        (6, "three two"),
    ]:
        assert _seg_covered(t, seg, value), value
    values = [v for v, _ty, _s in _got(t)]
    for v in ("180", "5.4", "Dr", "NCT"):
        assert not any(v in value for value in values), (v, values)
    # a name spelled out stays a name when the organization's street shares its word
    org = OrgPhiConfig(name="Halcyon Research", addresses=["2250 Research Park Drive, Suite 400"])
    t = _call(("agent", "Willow Park, is Park P-A-R-K?"))
    assert _seg_covered(t, 0, "Park P-A-R-K", org)


def test_thirty_fifth_and_sixth_rounds():
    t = _call(
        ("agent", "And the referral number from your PCP's office? It should start with R F."),
        ("caller", "Yeah, it's on the paper they gave me, RF dash 2024 dash 0 6 6 1 7."),
        ("agent", "King, like K-I-N-G?"),
        ("caller", "Hi Hector, this is Folasade Oyelaran, I'm calling about my blood work."),
        ("agent", "Thank you, Ms. Oyelaran."),
        ("caller", "Yes, 1420 Monroe, 53562."),
        ("caller", "Isabela, I-S-A-B-E-L-A, Ferreira. She was born March 3rd, 2022."),
        (
            "agent",
            "Physical therapy is covered up to 30 visits a year with a $35 copay per visit. You've used 4 so far.",
        ),
        ("agent", "Same place, at 780 Ashford Road, second floor. What's a good number to reach you?"),
        ("caller", "Home is 555-0129, and his daughter Agnieszka is the one who drives him."),
        ("caller", "Hi Kevin, this is Shauna calling from Westbury Dermatology, our NPI is 1482906375."),
        ("agent", "The annual max is $1,500. Is your mailing address still P.O. Box 1187, Gallup, 87301?"),
        (
            "caller",
            "my uncle set it up, uh, uncle dale, he put in a new router. my aunt, aunt rosalind, does her pills",
        ),
    )
    for seg, value in [
        (1, "RF dash 2024 dash 0 6 6 1 7"),
        (2, "King"),
        (3, "Folasade Oyelaran"),
        (5, "1420 Monroe"),
        (6, "Isabela, I-S-A-B-E-L-A, Ferreira"),
        (11, "P.O. Box 1187"),
        (12, "dale"),
        (12, "rosalind"),
    ]:
        assert _seg_covered(t, seg, value), value
    got = _got(t)
    values = [v for v, _ty, _s in got]
    for v in ("R F", "copay", "used 4", "What's", "one who", "Shauna", "Westbury", "aunt"):
        assert not any(v in value for value in values), (v, values)
    assert "max" not in values and "up" not in values


def test_thirty_seventh_and_eighth_rounds():
    t = _call(
        ("agent", "Can I start with the member ID on the card?"),
        ("caller", "yeah hold on, it's k p, uh, 3 3 0"),
        ("agent", "Okay, K P 3 3 0..."),
        ("caller", "then 9 1 7 2, and then there's a dash 0 1 at the end"),
        ("caller", "I want to update my member ID, it's 4 t k 9, e 2 1, m p 7 3"),
        ("agent", "4TK9-E21-MP73. Updated. Anything else?"),
        ("caller", "it says serial number on the back, c o n 4 4 7, 8 2 1, x. it's from the supplier"),
    )
    for seg, value in [
        (1, "k p, uh, 3 3 0"),
        (2, "K P 3 3 0"),
        (3, "9 1 7 2"),
        (3, "0 1"),
        (4, "4 t k 9, e 2 1, m p 7 3"),
        (5, "4TK9-E21-MP73"),
        (6, "c o n 4 4 7, 8 2 1, x"),
    ]:
        assert _seg_covered(t, seg, value), value


def test_other_parties_numbers_dollars_and_a_phone_after_an_mrn():
    t = _call(
        ("caller", "walgreens on cactus and fifty-sixth, they're five five five oh one seven seven"),
        ("caller", "they said to have you fax the protocol to them, their fax is five five five oh one six three"),
        (
            "caller",
            "and then there's a bill from summit too, authorization a u seven seven three oh two, for forty dollars",
        ),
        ("agent", "Let me confirm his chart, M R N 4 4 0 2 9 1 6, and your number 913 555 0138?"),
    )
    got = _got(t)
    values = [v for v, _ty, _s in got]
    for v in ("five five five oh one seven seven", "five five five oh one six three", "forty"):
        assert v not in values, (v, values)
    assert ("913 555 0138", "PHONE_NUMBER", 3) in got


def test_thirty_ninth_and_fortieth_rounds():
    t = _call(
        ("agent", "Let me confirm your address for the chart. Is it still 16 Gull Point Road?"),
        ("agent", "Referral is for new onset atrial fibrillation, I48.91, and Dr. Chen wants him seen soon."),
        ("agent", "You can call 1-800-555-0119, press 2, then extension 4471 for my team."),
        ("agent", "Can I get his date of birth?"),
        ("caller", "give me one second, I have it written down"),
        ("agent", "Take two point five milligrams at night."),
    )
    assert _seg_covered(t, 0, "16 Gull Point Road")
    values = [v for v, _ty, _s in _got(t)]
    for v in ("I48.91", "press 2", "one second", "point five"):
        assert not any(v in value for value in values), (v, values)


def test_forty_first_and_second_rounds():
    t = _call(
        ("caller", "her birthday is, um, the ninth? no, the tenth. december tenth"),
        ("caller", "August? August 20th."),
        ("caller", "the reference is 6 6 1 0 4 2 dash H, from my member ID card"),
        ("agent", "Please bring your insurance card. We're at 2200 Larkin Avenue, Suite 300."),
        ("caller", "okay thanks man"),
    )
    for seg, value in [
        (0, "ninth? no, the tenth. december tenth"),
        (1, "August? August 20th"),
        (2, "6 6 1 0 4 2 dash H"),
    ]:
        assert _seg_covered(t, seg, value), value
    got = _got(t)
    assert not any(ty == "CREDIT_CARD" for _v, ty, _s in got) and ("man", "PERSON", 4) not in got


def test_a_month_said_twice_and_a_house_number_said_again():
    t = _call(
        ("caller", "I had a cortisone shot in it back in, uh, November, November 12th, I think."),
        ("caller", "it's 14 church street. no, sorry, 41. 41 church street, sterling."),
    )
    assert _seg_covered(t, 0, "November, November 12th")
    assert _seg_covered(t, 1, "41 church street")


def test_fifty_first_round_parts_endings_and_date_pieces():
    t = _call(
        ("agent", "Her randomization number is R N, eight eight three, in case they ask."),
        ("caller", "eight eight three. Got it."),
        ("agent", "I show 4418 Juniper Hollow Road, Mechanicsburg."),
        ("caller", "we had forty-four eighteen, so just the road name was off."),
        ("agent", "Yes, second floor. Can I confirm the phone on file, ending 0127?"),
        ("caller", "his is six seven eight, five five five, oh one two two."),
        ("agent", "678-555-0122 for Sterling. And yours ended in?"),
        ("caller", "oh one six six."),
        ("caller", "Date of birth is the thirtieth of, uh, November, nineteen forty-nine."),
        ("agent", "And how old are you, Blessing?"),
        ("caller", "thirty-four. Born in ninety-one, December."),
        ("agent", "I'll need your license plate for a parking pass."),
        ("caller", "it's Minnesota, B, as in boy, K, as in... kilo, R, then four one nine"),
        ("agent", "BKR 419. And bring a photo ID."),
        ("agent", "If anything comes up, the direct line is 843-555-0111, extension 204."),
        ("caller", "two oh four. thank you"),
        ("agent", "What's his member ID?"),
        ("caller", "his ID is P as in papa, M as in mike, three three"),
        ("agent", "P M three three, go ahead."),
        ("caller", "his birthday is eleven slash two slash nineteen forty"),
        ("agent", "Your username is precious underscore n, and the email on the account is current?"),
    )
    for seg, value in [
        (1, "eight eight three"),
        (3, "forty-four eighteen"),
        (4, "0127"),
        (7, "oh one six six"),
        (8, "the thirtieth of, uh, November, nineteen forty-nine"),
        (10, "ninety-one, December"),
        (13, "BKR 419"),
        (18, "P M three three"),
        (19, "eleven slash two slash nineteen forty"),
        (20, "precious underscore n"),
    ]:
        assert _seg_covered(t, seg, value), value
    assert not any(s == 15 for _v, _ty, s in _got(t))  # an extension of the office's line said back


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("this is his wife, precious. major's asleep right now", "major"),
        ("holly, his wife", "holly"),
        ("the fourteenth works. and grace is gonna drive me, can she be on the release?", "grace"),
        ("that's my husband's card, he's the subscriber, chase wilberforce. I'm marigold, his wife", "marigold"),
        ("that's my husband's card, he's the subscriber, chase wilberforce.", "chase wilberforce"),
        ("okay. and drew wants the discharge summary emailed", "drew"),
        ("yeah hi, I saw the ad about the diabetes study, summer told me to call", "summer"),
        ("reed's here, he's seven, and my mother in law bea is on her way over", "bea"),
        ("I can't do the 14th, my husband mark has surgery that day", "mark"),
        ("Okay, I have Mateo here. Is he still seeing Dr. Raman?", "Mateo"),
        ("no, frost, like the ice. summer frost", "frost"),
        ("yeah, august, and winter like the season. W I N T E R", "winter"),
        ("it's robin page, page like a page in a book", "page"),
    ],
)
def test_everyday_word_names_where_only_a_person_can_stand(text, value):
    assert covered(text, value), (text, value)


@pytest.mark.parametrize(
    "text",
    [
        "my mom said I reacted as a baby",
        "hi yeah i'm calling to reschedule my mom's appointment",
        "my mother-in-law was discharged from you on the second",
        "Northfield Cardiology, new patient referrals, this is Ingrid.",
    ],
)
def test_words_beside_relations_that_are_no_names(text):
    assert not [
        s
        for s in detect_text(text)
        if s.type == "PERSON" and text[s.start : s.end].lower() in ("said", "reschedule", "law", "referrals")
    ]


def test_a_patient_found_here_and_a_name_before_heart_are_no_staff_or_org():
    org = OrgPhiConfig(org_id="o", name="Riverbend Nurse Advice Line", staff_names=["Gwen"])
    t = _call(
        ("agent", "Riverbend Nurse Advice Line, this is Gwen. What's going on today?"),
        ("caller", "my husband has really bad chest pain. Gregory Lindahl, he's 61."),
        ("agent", "Does Gregory have any heart history?"),
        ("agent", "Okay, I have Mateo here. Is he still seeing Dr. Raman?"),
    )
    assert _seg_covered(t, 2, "Gregory", org) and _seg_covered(t, 3, "Mateo", org)


def test_streets_without_numbers_and_numbers_apart_from_streets():
    t = _call(
        ("agent", "And your address?"),
        (
            "caller",
            "no we moved, it's nine oh six... sorry the kids are yelling... tillman ridge road, out in millbrook",
        ),
        ("caller", "it's eighteen, and then the street is old county road, in canterbury"),
        ("caller", "nine sixteen, yes, but it's prairie wind court, not drive"),
        ("caller", "6620 east, sorry, west, 6620 west fairview avenue, apartment 14 c"),
        ("agent", "What's the address there?"),
        ("caller", "we're on a dirt road. one forty-five at Bayview is fine, and I'll drive"),
    )
    for seg, value in [
        (1, "nine oh six"),
        (1, "tillman ridge road"),
        (2, "eighteen"),
        (2, "old county road"),
        (3, "prairie wind court"),
        (4, "6620 east, sorry, west, 6620 west fairview avenue, apartment 14 c"),
    ]:
        assert _seg_covered(t, seg, value), value
    assert not [v for v, _ty, s in _got(t) if s == 6]


def test_parts_of_an_email_said_again_in_the_next_turns():
    t = _call(
        ("caller", "can she email me the exercises? my email is precious bell four seven at aol dot com"),
        ("agent", "Precious bell, is that one word?"),
        ("caller", "one word, p r e c i o u s b e l l, then four seven"),
        ("caller", "my email is dot dot wojcik at fastmail dot com"),
        ("agent", "Just so I have it right, is that D O T, then a period, then Wojcik?"),
    )
    for seg, value in [
        (1, "Precious bell"),
        (2, "p r e c i o u s b e l l, then four seven"),
        (4, "D O T, then a period, then Wojcik"),
    ]:
        assert _seg_covered(t, seg, value), value


def test_a_birth_year_said_again_when_the_agent_has_a_different_year():
    t = _call(
        ("caller", "March third, seventy one"),
        ("agent", "Hmm, I have a different year here."),
        ("caller", "oh sorry, eighty one. nineteen eighty one. I always do that"),
    )
    assert _seg_covered(t, 2, "eighty one") and _seg_covered(t, 2, "nineteen eighty one")
    t = _call(
        ("caller", "the 11th or the 7th, I'm sorry, it's loud here"), ("agent", "The eleventh, one one. At 1:20 PM.")
    )
    assert _seg_covered(t, 1, "eleventh, one one")


def test_round_sixty_six_words_that_are_no_patient_phi():
    t = _call(
        ("caller", "I got a bill for my wife's MRI and they think it was a TIA."),
        ("caller", "Okay, I'll call them. The full chart goes back to 2011."),
        ("caller", "I have a new inhaler from my regular doctor."),
        ("agent", "What's the name of it?"),
        ("caller", "Breztri, I think. Two puffs twice a day."),
        ("agent", "So you can give 7.5 milliliters of the children's acetaminophen. The first copy is free."),
        ("caller", "To Dr. Paulina Ostrowski at Red Cedar Internal Medicine, in Boise."),
        ("agent", "It was referred to Sunvale. The concentrator's being delivered by Apria."),
        ("caller", "The CT was at St. Brendan's. It's at the Walgreens on 6th Street."),
    )
    assert _got(t) == []


def test_round_sixty_six_staff_of_another_practice_and_a_name_after_the_nurse():
    t = _call(
        ("caller", "Hi Beatriz, this is Tamika calling from Westfield Primary Care, Dr. Greenberg's office."),
        ("agent", "Yes, we'll fax it back to your office. What's your fax?"),
        ("caller", "It's 262-555-0107, attention Tamika."),
        ("caller", "Hi Oren, it's Gwen Park, case management at Mercy Ridge Hospital."),
        ("agent", "Thanks, Gwen. I'll have the nurse call Gloria tomorrow evening."),
    )
    org = OrgPhiConfig(org_id="o", name="Lakeshore Neurology", staff_names=["Beatriz", "Oren"])
    assert [v for v, _ty, _s in _got(t, org)] == ["Gloria"]


@pytest.mark.parametrize(
    ("turns", "seg", "value"),
    [
        # pieces of an ID said over turns, then read back whole
        (
            [
                ("caller", "yeah, it's H as in hotel, L, X, um, three three... hold on, my glasses"),
                ("agent", "No rush."),
                ("caller", "okay, eight, zero five, two two"),
                ("agent", "So H L X three three eight zero five two two?"),
            ],
            2,
            "eight, zero five, two two",
        ),
        # a group of an ID said again by the other party
        (
            [
                ("caller", "that's not it, hers is 1 E G 4, T E 5, M K 2 7, the last two are flipped"),
                ("agent", "Ah, I'll correct that to M K 2 7 and resubmit."),
            ],
            1,
            "M K 2 7",
        ),
        # the last four, started again; an ID continued with "and then"; an ID and a date started again
        (
            [
                ("agent", "can you confirm the last four of the subscriber's social?"),
                ("caller", "four four... four four seven one"),
            ],
            1,
            "four four... four four seven one",
        ),
        (
            [
                (
                    "caller",
                    "Yeah, member ID is U, seven seven three, zero nine, four one five, and then zero two for her.",
                )
            ],
            0,
            "U, seven seven three, zero nine, four one five, and then zero two",
        ),
        (
            [("agent", "And the member ID?"), ("caller", "It's 4 T E 7, uh, hold on, 4 T E 7 - K P 3 - M Y 1 6.")],
            1,
            "4 T E 7, uh, hold on, 4 T E 7 - K P 3 - M Y 1 6",
        ),
        (
            [("agent", "And your date of birth?"), ("caller", "march... ha, march ninth, nineteen fifty-five.")],
            1,
            "march... ha, march ninth, nineteen fifty-five",
        ),
        # an apartment said back; a house number said alone to correct it; a day before "I think"
        (
            [
                ("agent", "we have 88 tamarack lane apartment 3b in brookfield"),
                ("caller", "ah 3b, that's why. thank you"),
            ],
            1,
            "3b",
        ),
        (
            [("caller", "No, it's 3180, with a zero at the end. 3180 Birchwood Terrace.")],
            0,
            "3180",
        ),
        (
            [("caller", "Dr. Herrera started me on lisinopril, um, 20 milligrams. on the 3rd I think")],
            0,
            "3rd",
        ),
    ],
)
def test_round_sixty_four_to_six_values_said_in_pieces_or_again(turns, seg, value):
    assert _seg_covered(_call(*turns), seg, value)


def test_a_number_in_a_long_turn_is_no_piece_of_a_later_read_back():
    t = _call(
        ("caller", "yes he was one eighty four yesterday and one eighty five today"),
        (
            "agent",
            "bring the discharge papers, his medical record number is m r n zero zero seven three three one eight five",
        ),
    )
    assert [s for v, _ty, s in _got(t) if s == 0] == []


@pytest.mark.parametrize(
    ("turns", "seg", "value"),
    [
        ([("agent", "Thank you. So you're 91, and you went home on the 3rd.")], 0, "91"),
        ([("agent", "The 29th of...?"), ("caller", "september. 1984")], 1, "september. 1984"),
        (
            [("agent", "Your medical record number?"), ("caller", "it's on my card, m r n, s v, 7 7 0 3, 1 5 8")],
            1,
            "s v, 7 7 0 3, 1 5 8",
        ),
        ([("caller", "my husband, will brennan. he will be back in like ten minutes")], 0, "will brennan"),
    ],
)
def test_round_sixty_seven_values(turns, seg, value):
    t = _call(*turns)
    assert _seg_covered(t, seg, value)
    assert not [v for v, ty, s in _got(t) if ty == "PERSON" and v.lower().startswith("m r n")]


def test_a_patient_with_a_providers_surname_stays_phi():
    org = OrgPhiConfig(org_id="o", name="Lakeside Neurology", provider_names=["Dr. Anand Patel"])
    t = _call(
        ("caller", "hi, my name is dawn patel, I was referred by dr banerjee for my migraines"),
        ("agent", "Oh, Patel, like our Dr. Patel? Any relation?"),
        ("agent", "Okay, Ms. Patel, and your date of birth?"),
    )
    assert _seg_covered(t, 1, "Patel", org) and _seg_covered(t, 2, "Patel", org)
    assert [v for v, _ty, s in _got(t, org) if s == 1] == ["Patel"]  # not "our Dr. Patel"


@pytest.mark.parametrize(
    ("turns", "value"),
    [
        (
            [("agent", "Is there one near you?"), ("caller", "is there one near us? we're in east harlan")],
            "east harlan",
        ),
        (
            [("agent", "And the address?"), ("caller", "I'm at twenty two harbor road, unit twelve, over in sandford")],
            "sandford",
        ),
        (
            [
                ("agent", "Is he established with us?"),
                ("caller", "no, he just moved here from lake orrin to be near family"),
            ],
            "lake orrin",
        ),
        (
            [
                ("agent", "Is she still there?"),
                ("caller", "no, she's with us now, in pelham mills. three oh two dove street"),
            ],
            "pelham mills",
        ),
        (
            [("agent", "April 14th."), ("caller", "my daughter robin drives me, she lives over in fox hollow")],
            "fox hollow",
        ),
        ([("agent", "Where do you live?"), ("caller", "cobb's landing, it's about forty minutes")], "cobb's landing"),
        ([("agent", "Where are you located?"), ("caller", "we're in little falls, off orchard way")], "orchard way"),
    ],
)
def test_lowercase_towns_known_by_their_shape(turns, value):
    assert _seg_covered(_call(*turns), 1, value)


def test_words_after_in_that_are_no_towns():
    t = _call(
        ("agent", "How are you doing?"),
        ("caller", "we're in trouble, I'm in pain in my lower back and he is in bed, I was in the car in the morning"),
    )
    assert _got(t) == []


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("yes. and she goes by sunny, if the nurse calls. she won't answer to pearl", ["sunny", "pearl"]),
        ("yeah this is will, her son, will gardner.", ["will", "will gardner"]),
        ("hi, this is bill, bill price. I got a bill in the mail", ["bill, bill price"]),
        ("patient is sterling hart, that's h a r t", ["sterling hart"]),
    ],
)
def test_everyday_words_that_phrases_make_names(text, values):
    t = _call(("caller", text))
    for v in values:
        assert _seg_covered(t, 0, v), v


@pytest.mark.parametrize(
    "text",
    [
        "it goes by fast",
        "time goes by",
        "the patient is doing well now",
        "I'll call her directly instead",
        "this is the, the guarantor",
    ],
)
def test_phrases_that_make_no_names(text):
    assert _got(_call(("caller", text))) == []


def test_an_email_said_in_pieces_or_before_its_spelling():
    t = _call(
        ("agent", "Great. What's a good email for the intake forms?"),
        ("caller", "it's faith dot okafor"),
        ("agent", "Okay, faith dot okafor..."),
        ("caller", "at protonmail dot com. and my cell is five five five"),
        ("caller", "can you email me a copy? hope dot baker, that's h o p e, at outlook dot com"),
        ("caller", "p walsh, that's papa whiskey alpha lima sierra hotel, at aol dot com"),
    )
    for seg, value in [
        (1, "faith dot okafor"),
        (2, "faith dot okafor"),
        (3, "at protonmail dot com"),
        (4, "hope dot baker, that's h o p e, at outlook dot com"),
        (5, "p walsh, that's papa whiskey alpha lima sierra hotel, at aol dot com"),
    ]:
        assert _seg_covered(t, seg, value), value


def test_round_sixty_eight_other_offices_codes_and_everyday_words():
    t = _call(
        ("agent", "He's met 400 of the 1,500 dollar deductible, and prior auth is required for 17311."),
        (
            "caller",
            "doctor anand mehta at hillcrest geriatrics. their fax is 555-0148, and the nurse there, gloria, said",
        ),
        ("agent", "Okay, fax 555-0148, attention Gloria."),
        ("caller", "can you send the consult note back to doctor ellison, fax 555-0157."),
        ("caller", "I'm eighty nine, sharp as a tack. use my mom's landline. he took a little pedialyte."),
    )
    assert _got(t) == []


def test_a_value_corrected_midway_is_one_span():
    t = _call(
        ("agent", "And the address?"),
        ("caller", "we're at 12, um, 12 Sparrow Hill... no, Sparrow Hollow, in Shelbyville... sorry, Shelby Crossing"),
    )
    for value in ("12, um, 12 Sparrow Hill... no, Sparrow Hollow", "Shelbyville... sorry, Shelby Crossing"):
        assert _seg_covered(t, 1, value), value


def test_a_full_name_said_again_and_a_first_name_said_first():
    t = _call(
        ("caller", "yes hi, i need to move my appointment, it's under hunter price"),
        ("agent", "hunter price, okay, and your date of birth"),
        ("agent", "okay let's go through it. what's her name and how old is she"),
        ("caller", "sage, she's two, sage holloway"),
        ("agent", "got it, sage holloway, and you're"),
    )
    for seg, value in [(1, "hunter price"), (3, "sage"), (3, "sage holloway"), (4, "sage holloway")]:
        assert _seg_covered(t, seg, value), value
    assert not [v for v, _ty, s in _got(_call(("caller", "nine, nine zero. then d, d as in dog"))) if v == "then"]


def test_round_sixty_nine_a_date_without_its_weekday_and_another_partys_line():
    t = _call(
        ("agent", "Dr. Mehta has an urgent slot next Wednesday, November 19th, at 9:15."),
        ("agent", "The referral went to Desert Bloom Home Health, their intake line is 480-555-0166."),
        ("agent", "Can you give me her chart number if it's in your binder?"),
    )
    assert [(v, s) for v, _ty, s in _got(t)] == [("November 19th", 0)]


def test_round_seventy_one_pieces_of_values_and_rare_first_names():
    t = _call(
        ("agent", "What's the member ID?"),
        ("caller", "it's k d w, zero one four four two"),
        ("agent", "I think I'm missing the end of it."),
        ("caller", "oh sorry, then six one nine"),
        ("agent", "And what's your address?"),
        ("caller", "it's twenty-two, um, twenty-two ten, larkspur... larkspur bend"),
        ("agent", "Larkspur Bend what, road, drive?"),
        ("caller", "circle. larkspur bend circle"),
        ("caller", "the zip is six one, four four two, not four two four. it's, uh, it's anoushka, from the study"),
        ("agent", "Take care, Anoushka."),
    )
    for seg, value in [
        (3, "six one nine"),
        (5, "twenty-two, um, twenty-two ten, larkspur... larkspur bend"),
        (7, "circle. larkspur bend circle"),
        (8, "four two four"),
        (8, "anoushka"),
        (9, "Anoushka"),
    ]:
        assert _seg_covered(t, seg, value), value


def test_round_seventy_one_business_numbers_streets_and_units():
    org = OrgPhiConfig(clinic_names=["Lung Clinic"], addresses=["410 Corliss Avenue"])
    t = _call(
        ("caller", "this is Dana calling from Birch Street Primary Care about a referral."),
        ("caller", "the agency gave me a number, 1-800-555-0142, for the nurse visits."),
        ("agent", "410 Corliss Avenue, Lung Clinic, third floor. Okay, 1770 Wendover, Unit 3. I'll update it."),
        ("agent", "When she's hard to wake, go to the Lakemont Children's Hospital ER, or call 911."),
        ("caller", "it's through Meadow Shield, the card says Meadow Shield Medicaid. that's called wheezing"),
    )
    got = _got(t, org)
    assert [(v, s) for v, _ty, s in got] == [("1770 Wendover, Unit 3", 2)]


def test_round_seventy_three_pronunciations_endings_units_and_lowercase_names_said_again():
    t = _call(
        ("agent", "And an email for the portal?"),
        ("caller", "It's noor dot ak, that's A as in apple, K as in kite, at fastmail dot com."),
        ("agent", "That ID belongs to the subscriber, his wife. He's a dependent, so his ends in dash zero three."),
        ("caller", "I live with him at 27 Tanner's Row, the upstairs unit, 2B."),
        ("caller", "22 old quarry road apartment d fenwick landing"),
        ("caller", "yes my wife rosalind will drive me"),
        ("agent", "got it i'll put rosalind as the contact"),
        ("caller", "no, we moved, it's four fourteen tamarack"),
        ("agent", "understood i'll mail a copy to the tamarack street address"),
    )
    assert covered("That's right. It's pronounced Ah-ee-sha Kwah-meh.", "Ah-ee-sha Kwah-meh")
    for seg, value in [
        (1, "noor dot ak, that's A as in apple, K as in kite, at fastmail dot com"),
        (3, "27 Tanner's Row, the upstairs unit, 2B"),
        (4, "22 old quarry road apartment d fenwick landing"),
        (6, "rosalind"),
        (8, "tamarack street"),
    ]:
        assert _seg_covered(t, seg, value), value
    ids = _call(("agent", "What's the member ID?"), ("caller", "W K T 5 5 0 1 9 2 8."), ("agent", t.segments[2].text))
    assert _seg_covered(ids, 2, "dash zero three")


def test_round_seventy_three_payer_ids_portals_practices_and_ordinals():
    t = _call(
        ("caller", "And where do we send claims, same payer ID?"),
        ("agent", "Yes, payer ID 4 1 1 0 6, or use the patient portal at lakeview i m dot org slash portal."),
        ("caller", "Dr. Ines Varga at Brookfield Midwifery. Their fax is 312-555-0110."),
        ("agent", "It needs to be more than 12 weeks before the first study dose."),
        ("agent", "Flu shots are at our Second Street clinic on Tuesdays."),
    )
    assert [(v, s) for v, _ty, s in _got(t) if s != 2] == []


def test_round_seventy_four_corrections_in_pieces_weekday_dates_and_amounts():
    t = _call(
        ("caller", "Since my infusion on Monday the 3rd I've had tingling in my fingers."),
        ("caller", "My number is 312-555-0147, actually, sorry, 0-1-4-9, not 47."),
        ("caller", "it says he owes a hundred forty two fifty for a visit on the twenty eighth of february"),
        ("caller", "I'm 58. Born May 30th, 1967."),
    )
    for seg, value in [(0, "the 3rd"), (1, "312-555-0147, actually, sorry, 0-1-4-9, not 47")]:
        assert _seg_covered(t, seg, value), value
    got = [(v, s) for v, _ty, s in _got(t) if s >= 2]
    assert got == [("the twenty eighth of february", 2), ("May 30th, 1967", 3)]


def test_round_seventy_four_an_offices_fax_read_back_stays_unredacted():
    t = _call(
        ("caller", "Hi, this is Renata from Dr. Feld's office. Can you fax the approval letter to us at 503-555-0181?"),
        ("agent", "I'll fax it to 503-555-0181 today. Anything else?"),
        ("caller", "And the patient's cell is 503-555-0122."),
        ("agent", "Got it, 503-555-0122."),
    )
    assert [(v, s) for v, _ty, s in _got(t) if "555" in v] == [("503-555-0122", 2), ("503-555-0122", 3)]


def test_lines_an_agent_gives_are_not_the_patients_but_numbers_read_back_are():
    t = _call(
        ("agent", "If you need us again, our referral fax is 617-555-0140 and my direct line is 617-555-0141."),
        ("agent", "Call the surgery clinic at 617-555-0142, or call me back at 617-555-0143, extension 2."),
        ("agent", "Can you fax the notes and the ECG to 617-555-0144? Then call 911 if it gets worse."),
        ("agent", "Is the best number still the home line, 617-555-0171? I'll call you at 617-555-0172."),
        ("caller", "Our chart number is F K M dash 0 0 4 1 2 2, and my number is 617-555-0173."),
    )
    got = [v for v, _ty, _s in _got(t)]
    assert got == ["617-555-0171", "617-555-0172", "F K M dash 0 0 4 1 2 2", "617-555-0173"]


def test_round_seventy_five_and_six_addresses_read_back_emails_broken_off_and_dates_before_a_pronoun():
    t = _call(
        ("agent", "Can you confirm your address?"),
        ("caller", "no we moved, it's 41 birch road, apartment 2 c, in glen haven, 0 2 7 4 4"),
        ("agent", "41 birch road apartment 2c glen haven, and the phone?"),
        ("caller", "The new one is 2219 Northeast Alder Street, number 4, Salem, 9 7 3 0 1."),
        ("agent", "2219 Northeast Alder, number 4, Salem, 97301. And an email for the portal?"),
        ("caller", "tbekele at gmail. Oh, sorry, tbekele88 at gmail dot com."),
        ("caller", "Since the infusion on the 2nd he's had headaches."),
        ("caller", "Our address is 88 Cove Lane, unit 3, in Mystic, if the home health nurse needs it."),
        ("agent", "Good to know, I'll update the home health referral."),
    )
    for seg, value in [
        (2, "glen haven"),
        (4, "2219 Northeast Alder, number 4"),
        (5, "tbekele at gmail"),
        (6, "the 2nd"),
    ]:
        assert _seg_covered(t, seg, value), value
    assert [v for v, _ty, s in _got(t) if s == 8] == []


def test_the_second_half_of_a_providers_double_barrelled_name_is_the_providers():
    t = _call(
        ("agent", "Any preference, Dr. Haverford or Dr. Nakamura-Lowe?"),
        ("agent", "Your follow-up is with Dr. Lindgren-Moore on the 9th."),
        ("caller", "My daughter, Ines Nakamura-Lowe, will drive me."),
    )
    got = [(v, s) for v, _ty, s in _got(t)]
    assert ("Lowe", 0) not in got and ("Moore", 1) not in got
    assert _seg_covered(t, 2, "Ines Nakamura-Lowe")


def test_round_seventy_seven_emails_with_asides_suffixes_named_later_and_hyphenated_names_again():
    t = _call(
        ("agent", "Can I start with your member ID?"),
        ("caller", "It's K V, 3 3 0 1, 8 8 5 2, dash zero one."),
        ("agent", "Does she have an email for the welcome letter?"),
        ("caller", "Yeah, it's ana dot orlovsky, with a y, at umail dot com."),
        ("caller", "Or mine, nkechi.obiora at gmail dot com. That's n k e c h i dot o b i o r a."),
        ("agent", "Thanks. She'll be effective November 1st. Her new ID will end in dash zero two."),
        ("caller", "He'd like to bring his son, Jae-sung, he's the one driving."),
        ("caller", "Home is 555-0108. Jae-sung's cell is 555-0157."),
    )
    for seg, value in [
        (3, "ana dot orlovsky, with a y, at umail dot com"),
        (4, "n k e c h i dot o b i o r a"),
        (5, "dash zero two"),
        (7, "Jae-sung"),
    ]:
        assert _seg_covered(t, seg, value), value
    assert [ty for v, ty, s in _got(t) if s == 5 and v == "dash zero two"] == ["MEMBER_ID"]


def test_round_seventy_seven_a_unit_corrected_alone_and_what_is_not_a_date_place_or_name():
    t = _call(
        ("agent", "we have your address as two oh nine peyton road, apartment fourteen d, is that right"),
        ("caller", "fourteen b, b as in boy"),
        ("agent", "fourteen b, got it. and your phone"),
        ("agent", "Lan's A1C came back at 7.9, and Dr. Farouk wants to increase her metformin."),
        ("caller", "Evergreen Shield, member ID E S 9 9 2 7 4 4."),
        ("caller", "Warfarin, 3 milligrams. His INR last week was 2.8."),
    )
    assert _seg_covered(t, 1, "fourteen b, b as in boy") and _seg_covered(t, 2, "fourteen b")
    got = [(v, s) for v, _ty, s in _got(t)]
    assert ("7.9", 3) not in got and ("Evergreen", 4) not in got and ("Warfarin", 5) not in got
    # (a real date said the same way stays one: "her birthday is 7.9")
    assert _seg_covered(
        _call(("agent", "And her date of birth?"), ("caller", "Her birthday is 7.9.1941.")), 1, "7.9.1941"
    )


def test_round_seventy_eight_names_asked_back_and_values_in_pieces():
    t = _call(
        ("agent", "What's your child's name?"),
        ("caller", "river"),
        ("agent", "River?"),
        ("caller", "yeah, river, like the river. river castillo."),
        ("agent", "What's the patient's name?"),
        ("caller", "mercy adeyemi"),
        ("agent", "Marcy?"),
        ("caller", "mercy, like have mercy. m e r c y."),
        ("agent", "Address?"),
        ("agent", "Kilo Romeo, go ahead."),
        ("caller", "seven seven, zero, four, nine, and then x-ray one"),
        ("agent", "KR77049X1. And your name?"),
    )
    for seg, value in [
        (1, "river"),
        (2, "River"),
        (7, "mercy"),
        (10, "seven seven, zero, four, nine, and then x-ray one"),
    ]:
        assert _seg_covered(t, seg, value), value
    assert [v for v, _ty, s in _got(t) if s == 8] == []


def test_round_seventy_eight_emails_plates_area_codes_and_numbers_restarted():
    t = _call(
        ("caller", "mercy a, the letter a, underscore, seventy at yahoo dot com. no wait, it's at ymail dot com"),
        ("agent", "So M-E-R-C-Y, A, underscore, 70 at ymail dot com."),
        ("agent", "Your username is wmarsh90, and a reset link went to w marsh at"),
        ("agent", "lumen mail dot net. Is that still right?"),
        ("agent", "Finance needs the last four of your social."),
        ("caller", "oh. it's four four, uh"),
        ("caller", "sorry, reading it, four four zero six"),
        ("caller", "no, my wife's car. the plate is seven, kilo lima mike"),
        ("agent", "7KLM..."),
        ("caller", "four two nine. california."),
        ("agent", "7KLM429. I'll add it to your parking validation."),
        ("caller", "oh and my number changed, it's five five five"),
        ("caller", "oh one, four, no wait, oh one seven four. area code four two five."),
    )
    for seg, value in [
        (0, "mercy a, the letter a, underscore, seventy at yahoo dot com. no wait, it's at ymail dot com"),
        (1, "M-E-R-C-Y, A, underscore, 70 at ymail dot com"),
        (2, "w marsh at"),
        (3, "lumen mail dot net"),
        (5, "four four"),
        (7, "seven, kilo lima mike"),
        (8, "7KLM"),
        (9, "four two nine"),
        (10, "7KLM429"),
        (12, "four two five"),
    ]:
        assert _seg_covered(t, seg, value), value


def test_round_seventy_eight_and_eighty_codes_forms_businesses_and_drug_classes_are_not_phi():
    t = _call(
        ("agent", "Finance needs the last four of your social to issue the 1099."),
        ("agent", "Dr. Castellanos has a new patient slot, and the visit code is 99203 if your insurance asks."),
        ("agent", "I don't see it on file. Their NPI on the claim is 1629084417."),
        ("caller", "but my doctor's office said they sent it. dr. halloran at pinecrest ortho."),
        ("caller", "hi, this is Denise calling from Oakmont Orthopedic Group, I need to verify benefits"),
        ("agent", "With a pulse of 52 on a new beta blocker, I'd like him seen today."),
        ("caller", "It was the Fairmont Urgent Care on Holloway, on the eighteenth."),
        ("caller", "also the pharmacy, careway on fifth street, says the prescription didn't come through"),
        ("caller", "Yes, it's Meridian Care Advantage, ID M C A four seven seven one nine zero three."),
        ("caller", "So my husband went to the ER at Saint Brendan's last month."),
        ("caller", "I don't know if it's heartburn."),
    )
    got = {(v, s) for v, _ty, s in _got(t)}
    for value, seg in [
        ("1099", 0),
        ("99203", 1),
        ("1629084417", 2),
        ("pinecrest", 3),
        ("Oakmont Orthopedic", 4),
        ("new beta", 5),
        ("Holloway", 6),
        ("fifth street", 7),
        ("Meridian", 8),
        ("Saint Brendan's", 9),
        ("heartburn", 10),
    ]:
        assert (value, seg) not in got, value
    assert _seg_covered(t, 8, "M C A four seven seven one nine zero three")
    # a patient's pharmacy named only by its street stays
    assert _seg_covered(
        _call(("agent", "I see Dr. Nwosu sent it to the pharmacy on harlow street.")), 0, "harlow street"
    )


def test_round_eighty_lowercase_calls_corrections_and_split_turns():
    t = _call(
        ("agent", "summit orthopedic billing this is dana"),
        ("caller", "hi dana this is bill mercer i got a bill in the mail and i dont understand it"),
        ("agent", "okay bill i see it this is for your knee injection"),
        ("caller", "yeah its w r d seven zero zero four one one nine"),
        ("agent", "okay we had w r d seven zero zero four one one six ill resubmit it with the right one"),
        ("agent", "what city"),
        ("caller", "halvard no sorry we just moved its rockaway hills"),
        ("agent", "okay 15 birch hollow court in lindell"),
        ("caller", "no five one fifty one"),
        ("caller", "same address 94 juniper bend road north pemberton zip is eight four oh two nine"),
        ("agent", "youre welcome bill have a good one"),
    )
    for seg, value in [
        (2, "bill"),
        (6, "halvard"),
        (6, "rockaway hills"),
        (8, "five one fifty one"),
        (9, "pemberton"),
        (10, "bill"),
    ]:
        assert _seg_covered(t, seg, value), value
    assert ("resubmit", 4) not in {(v, s) for v, _ty, s in _got(t)}


def test_round_eighty_phone_after_a_pause_suffix_later_and_zip_in_groups():
    t = _call(
        ("agent", "What number should we call if something opens up?"),
        ("caller", "Four one oh, five five five..."),
        ("agent", "Mm-hmm."),
        ("caller", "...zero one six eight. It's a cell, you can text it."),
        ("agent", "Can you read me the member ID off the card?"),
        ("caller", "Sure, K M X, zero zero four, eight eight one, three five, and then it says dash zero two for me."),
        ("agent", "Twenty-two Holly Street. City?"),
        ("caller", "evanshire. six oh, six two, one."),
        ("caller", "M V H, 4 4 1 9 0 2, and the suffix is 01"),
        ("agent", "It should have a serial on the bottom."),
        ("caller", "yeah, hang on. it says S N, H S, 2 2"),
        ("caller", "0 9 8 4 1"),
        ("agent", "0 9 8 4 1, got it, that's the scale."),
    )
    for seg, value in [
        (1, "Four one oh, five five five"),
        (3, "zero one six eight"),
        (5, "dash zero two"),
        (7, "six oh, six two, one"),
        (8, "M V H, 4 4 1 9 0 2, and the suffix is 01"),
        (10, "H S, 2 2"),
    ]:
        assert _seg_covered(t, seg, value), value


def test_round_eighty_one_corrections_times_plates_and_ids_said_back():
    t = _call(
        ("agent", "sure whats arjun's birthday"),
        ("caller", "july seventh twenty nineteen, oh wait no, twenty eighteen"),
        ("agent", "got it both on march third four fifteen and four thirty."),
        ("agent", "Let me read that back. S H 990 447 12?"),
        ("caller", "Ah, no, the last part is one three, sorry, one three."),
        ("agent", "I'll give you a screening ID, H R I dash M G dash 0 4 7 7. Please keep it."),
        ("caller", "H R I, M G, zero four seven seven."),
        ("caller", "dawn underscore carpenter at rivermail dot org. no wait, it's dawn dot carpenter, with a dot."),
        ("caller", "no he moved in with me, 26 birchwood, uh, birchwood circle, in westport falls"),
        ("agent", "Yes, what's the plate?"),
        ("caller", "Illinois, seven, K as in kilo, L, R, two two nine"),
        ("agent", "7KLR229, I'll register it. See you Tuesday."),
        ("caller", "Speaking. Call me Iggy, everybody does."),
        ("agent", "Okay, Iggy. Before we talk, can you confirm your date of birth?"),
    )
    for seg, value in [
        (1, "july seventh twenty nineteen, oh wait no, twenty eighteen"),
        (4, "one three, sorry, one three"),
        (6, "H R I, M G, zero four seven seven"),
        (7, "dawn dot carpenter"),
        (8, "26 birchwood, uh, birchwood circle"),
        (10, "seven, K as in kilo, L, R, two two nine"),
        (11, "7KLR229"),
        (12, "Iggy"),
        (13, "Iggy"),
    ]:
        assert _seg_covered(t, seg, value), value
    assert [v for v, ty, s in _got(t) if s == 2 and ty == "DATE"] == ["march third"]


def test_round_eighty_one_and_two_what_is_not_the_patients():
    t = _call(
        ("caller", "I'm having an MRI at Pinecrest Imaging on the 3rd of December, the CPT is 73721."),
        ("agent", "73721 needs prior auth. I see one approved, authorization number P A 6 6 1 0 2 8 8."),
        ("agent", "It looks like the secondary insurance, Crestline Assurance, hasn't been billed yet."),
        ("agent", "Can I have your NPI, please?"),
        ("caller", "Sure, it's 1 3 8 4 9 2 7 7 5 0. This is Renee calling from Oakmont Orthopedics."),
    )
    got = {(v, s) for v, _ty, s in _got(t)}
    assert ("Crestline Assurance", 2) not in got and ("1 3 8 4 9 2 7 7 5 0", 4) not in got
    assert _seg_covered(t, 1, "P A 6 6 1 0 2 8 8")


def test_a_nickname_is_a_name_but_call_me_instead_is_not_and_a_car_model_is_no_plate():
    t = _call(
        ("agent", "Is there a good number to reach Desmond?"),
        ("caller", "Call me instead, 555-0127."),
        ("agent", "What's the car and the plate?"),
        ("caller", "It's a, um, a white RAV4, the plate is KTW 4192."),
    )
    got = {(v, s) for v, _ty, s in _got(t)}
    assert ("instead", 1) not in got and ("RAV4", 3) not in got
    assert _seg_covered(t, 3, "KTW 4192")
    assert _seg_covered(_call(("caller", "Speaking. Call me Iggy, everybody does.")), 0, "Iggy")


def test_round_eighty_three_values_read_back_continued_and_corrected():
    t = _call(
        ("agent", "Price, got it. Can you verify her date of birth?"),
        ("agent", "I see the surgery claim, but it was billed under a different account, ending 2 2 7."),
        ("agent", "Confirming the new address, 6 Birch Hollow, Calloway?"),
        (
            "caller",
            "yes, ninety four five, seven, seven. and you can call me, I'm Lester, at five five five, oh one four nine",
        ),
        ("agent", "I have Grace Love, but the date of birth I have is January 28th, 1988."),
        ("caller", "oh sorry, it's twenty eight, my handwriting. yes, one twenty eight"),
        ("agent", "And do you have his medical record number?"),
        ("caller", "yeah hold on, it's on his bracelet. M R N, zero zero seven"),
        ("agent", "Okay, zero zero seven..."),
        ("caller", "four one, six six, two. so that's zero zero seven four one six six two"),
        ("caller", "the new address is 912 Bluebird Lane, Ashby Springs... no, Cole Ferry"),
        ("caller", "the referral number on my paper is R, like romeo, F, foxtrot, two zero nine, five five"),
        ("caller", "he's staying with me for a few weeks. it's 3 1 0 2, Juniper, J U N I P E R, Drive"),
        ("caller", "thursday is fine we're driving in from pruett so it takes about an hour"),
    )
    prior = _call(
        ("caller", "it's for my wife, Dolores Price, P R I C E"), ("agent", "Price, got it. Can you verify her date?")
    )
    assert _seg_covered(prior, 1, "Price")
    for seg, value in [
        (1, "2 2 7"),
        (3, "ninety four five, seven, seven"),
        (5, "twenty eight"),
        (5, "one twenty eight"),
        (8, "zero zero seven"),
        (9, "four one, six six, two"),
        (10, "Ashby Springs... no, Cole Ferry"),
        (11, "R, like romeo, F, foxtrot, two zero nine, five five"),
        (12, "3 1 0 2, Juniper, J U N I P E R, Drive"),
        (13, "pruett"),
    ]:
        assert _seg_covered(t, seg, value), value


def test_round_eighty_three_and_four_names_asked_for_and_what_is_not_the_patients():
    t = _call(
        ("agent", "Hi, this is Carmen, a nurse at Mercy Ridge Medical Center, calling to check on Faustino Joy."),
        ("caller", "this is his wife, Mercy. he's sleeping right now"),
        ("caller", "her granddaughter helps her, Ivy, she's the emergency contact"),
        ("agent", "Ivy what?"),
        ("caller", "it says model A two one zero, serial P J C, six one one, four zero nine, uh, seven"),
        ("caller", "they said I need a prior auth, the code is seven two one four eight"),
        ("caller", "suspected osgood schlatter, left knee, the code is M92.52."),
        (
            "caller",
            "yes hi, this is Noor from Valley Oak Dermatology, tax ID eight four, one two two seven six five one",
        ),
        ("agent", "The subscriber is Emmanuel Love, with Harborline Freight as employer."),
        ("caller", "mild cognitive impairment, Dr. Salazar said, in the spring. his MoCA was 22"),
        ("caller", "the echo was done at Lakeside Regional on the third of June."),
    )
    org = {"name": "Mercy Ridge Medical Center", "short_names": ["Mercy Ridge"], "staff_names": ["Carmen"]}
    for seg, value in [(1, "Mercy"), (3, "Ivy"), (4, "P J C, six one one, four zero nine, uh, seven")]:
        assert _seg_covered(t, seg, value, org), value
    got = {(v, s) for v, _ty, s in _got(t, org)}
    for value, seg in [
        ("A two one zero", 4),
        ("seven two one four eight", 5),
        ("schlatter", 6),
        ("eight four, one two two seven six five one", 7),
        ("Harborline Freight", 8),
        ("MoCA", 9),
        ("Lakeside", 10),
    ]:
        assert (value, seg) not in got, value


def test_round_eighty_five_spellings_ages_ids_and_names_said_in_closing():
    t = _call(
        ("agent", "And the patient's name and date of birth?"),
        ("caller", "Last name Castellanos, first Hyun-woo, that's H Y U N dash W O O. DOB 11/03/1979."),
        ("agent", "Sorry, could you spell the first name?"),
        ("caller", "Sure, S A O I R S E. It's pronounced seer-sha."),
        ("agent", "okay, the twelfth. and is she still ninety two"),
        (
            "caller",
            "but i have summit blue, they're in network, my card number is s b nine nine two, four four one, oh",
        ),
        ("caller", "hi, this is my mom's call, i'm her daughter grace"),
        ("agent", "five five five oh one four two, got it. see you thursday, grace"),
    )
    for seg, value in [
        (1, "H Y U N dash W O O"),
        (3, "seer-sha"),
        (4, "ninety two"),
        (5, "s b nine nine two, four four one, oh"),
        (7, "grace"),
    ]:
        assert _seg_covered(t, seg, value), value


def test_round_eighty_five_what_is_not_a_date_a_card_or_a_name():
    t = _call(
        ("agent", "Okay, I've got you. She has an opening Tuesday, March 14th at 9:40 in the morning."),
        ("agent", "Please come fifteen minutes early and bring your Harborline card. We're at 2200 Ridgeview Parkway."),
        ("agent", "got it. dr. okafor has the twenty second of may at ten fifteen"),
    )
    got = [(v, s) for v, _ty, s in _got(t)]
    assert ("March 14th", 0) in got and ("an opening Tuesday, March 14th", 0) not in got
    assert [v for v, s in got if s == 1] == [] and ("dr.", 2) not in got


def test_round_eighty_eight_addresses_begun_in_one_turn_and_finished_in_the_next():
    # the house number ends a turn, the street opens the caller's next one past the agent's "go ahead"
    t = _call(
        ("caller", "okay. oh and I moved, so the travel reimbursement checks should go to 3 1 5 0"),
        ("agent", "Go ahead."),
        ("caller", "old mill road, unit twelve, in ashby, zero one four three one"),
        ("agent", "Okay, and what address are you at?"),
        ("caller", "eight one one"),
        ("agent", "Eight eleven?"),
        ("caller", "yeah, eight eleven north larkspur, l a r k s p u r, avenue, in bellingham"),
        ("caller", "and the pharmacy still has his old address, 19 cypress"),
        ("caller", "the pharmacy has the street, 77 orchard, o r c h a r d, terrace"),
    )
    for seg, value in [
        (0, "3 1 5 0"),
        (2, "old mill road, unit twelve"),
        (4, "eight one one"),
        (5, "Eight eleven"),
        (6, "eight eleven north larkspur, l a r k s p u r, avenue"),
        (7, "19 cypress"),
        (8, "77 orchard, o r c h a r d, terrace"),
    ]:
        assert _seg_covered(t, seg, value), value
    # "the one keeping track" is no house number and street
    assert _got(_call(("caller", "yes, he said that's fine, I'm the one keeping track of everything anyway"))) == []


def test_round_eighty_eight_values_begun_corrected_or_split_across_turns():
    t = _call(
        ("agent", "Just to verify, can you give me his date of birth?"),
        ("caller", "it's the, uh, nineteenth of"),
        ("agent", "Mm-hm."),
        ("caller", "november, nineteen forty six"),
        ("caller", "sure, his number is five five five, zero one eight, no, zero one eight three"),
        ("agent", "555-0183. And can you email me the explanation of benefits?"),
        ("caller", "yes please, it's june dot nakamura"),
        ("agent", "Mm-hm."),
        ("caller", "forty four at fastmail dot com"),
    )
    for seg, value in [
        (1, "nineteenth of"),
        (4, "five five five, zero one eight, no, zero one eight three"),
        (6, "june dot nakamura"),
        (8, "forty four at fastmail dot com"),
    ]:
        assert _seg_covered(t, seg, value), value


def test_round_eighty_seven_and_ninety_everyday_names_once_known():
    t = _call(
        ("agent", "okay, what's your son's name and age?"),
        ("caller", "justice, he's 3, he'll be 4 in the spring"),
        ("agent", "sure whats the name"),
        ("caller", "dawn mcallister"),
        ("agent", "sorry dawn. and who else can we call"),
        ("caller", "my partner, sage, 555 0139"),
        ("agent", "sage like the herb?"),
        ("caller", "patient's name is hunter price, h u n t e r, price like the cost"),
        ("agent", "alright hunter is booked. how old are you lucky"),
        ("caller", "i'd have to ask my wife she drives me, her name's rose"),
        ("agent", "okay, i'm putting justice's member id in. i'll stay on the line till they're there, dawn."),
        ("caller", "okay and can my wife come with me, she's nomvula"),
        ("caller", "no, g e n e, gene, he's a guy"),
        ("caller", "haddad, h a d d a d, like a double d"),
    )
    for seg, value in [
        (1, "justice"),
        (3, "dawn mcallister"),
        (4, "dawn"),
        (6, "sage"),
        (7, "price like"),
        (8, "hunter"),
        (9, "rose"),
        (10, "justice"),
        (10, "dawn"),
        (11, "nomvula"),
        (12, "g e n e, gene"),
        (13, "haddad, h a d d a d"),
    ]:
        assert _seg_covered(t, seg, value.removesuffix(" like")), value
    got = _got(t)
    assert not [v for v, _ty, s in got if v.lower() in ("she", "alright hunter", "she's nomvula")]
    assert _got(_call(("agent", "great, i can do a quick prescreen, what's your name"))) == []


def test_round_eighty_seven_dates_ids_and_emails_said_in_pieces():
    t = _call(
        ("agent", "And your date of birth?"),
        ("caller", "it's march"),
        ("agent", "Okay, March..."),
        ("agent", "And date of birth, Faith?"),
        ("caller", "august thirtieth, oh, no, thirty first, nineteen ninety"),
        ("agent", "Can I get the member ID from the front of the card?"),
        ("agent", "Got it."),
        ("caller", "that's all"),
        ("caller", "okay can you email them to me, it's a brooks 2 0 0 1 at"),
        ("agent", "Sorry, at what?"),
        ("caller", "fastmail dot com."),
        ("caller", "hi yes im calling about my lab results, my name is august brooks"),
        ("agent", "And the patient's name?"),
        ("caller", "sunny, sunny park, she's my daughter"),
    )
    for seg, value in [
        (4, "august thirtieth, oh, no, thirty first, nineteen ninety"),
        (8, "a brooks 2 0 0 1 at"),
        (10, "fastmail dot com"),
        (11, "august brooks"),
        (13, "sunny, sunny park"),
    ]:
        assert _seg_covered(t, seg, value), value
    t = _call(
        ("agent", "Can I get the member ID from the front of the card?"),
        ("caller", "yeah its s c h, then uh 4 0 9"),
        ("agent", "S C H 4 0 9, go ahead."),
        ("caller", "7 1 5 bravo"),
    )
    assert _seg_covered(t, 3, "7 1 5 bravo")
    t = _call(("caller", "hi i have a question about a statement, the account number is 3 0 0 7 a 1 9"))
    assert _seg_covered(t, 0, "3 0 0 7 a 1 9")
    # a month said alone where the date goes on in the next turns
    t = _call(
        ("agent", "hi ivy, can you verify her birthday for me"),
        ("caller", "uh it's may"),
        ("agent", "may..."),
        ("caller", "may fifth, nineteen thirty three, she's 92"),
    )
    assert _seg_covered(t, 1, "may") and _seg_covered(t, 2, "may")


def test_round_eighty_seven_money_rooms_codes_doses_and_likenesses_are_no_phi():
    t = _call(
        ("agent", "Marigold, born 3/8/58?"),
        ("caller", "yes. can we both come in on the 30th?"),
        ("agent", "Flu clinic runs Mondays 1 to 4, walk in, room 210. The 30th is a Wednesday, so that works."),
        ("agent", "Thank you. I see a balance of $86.40 from her visit on November 4th."),
        ("agent", "The 86.40 is what's left after insurance on code 9 9 2 1 4."),
        ("caller", "yeah and she's 78, she's on the 5 milligram eliquis so no blood draws before 10"),
        ("agent", "Hunter, like the job?"),
        ("caller", "yeah like a deer hunter, my dad was big into it"),
    )
    got = _got(t)
    assert ("The 30th", "DATE", 2) in got and ("November 4th", "DATE", 3) in got
    assert not [v for v, _ty, s in got if s in (2, 3, 4) and any(x in v for x in ("210", "86", "9 9 2"))], got
    assert not [v for v, _ty, s in got if s in (5, 7)], got


def test_rounds_ninety_one_to_ninety_four_read_backs_corrected_and_ids_said_in_pieces():
    t = _call(
        ("agent", "okay and the best number for her is it still two one four five five five oh one seven four"),
        ("caller", "no you have it flipped it's oh one four seven at the end"),
        ("agent", "b c zero zero four four one seven"),
        ("caller", "no there's two ones four four one one seven"),
        ("agent", "c h p zero four go ahead"),
        ("caller", "four nine one seven seven sorry the card's all scratched up i think it ends six two"),
        ("agent", "Rose is already listed as a dependent?"),
        ("caller", "she should be, her id ends in, like, two two nine c"),
        ("caller", "it says access from seventy three dot one sixty two dot eight dot forty one is blocked"),
        ("agent", "So g-r-a-c-e dot a-l-8-6 at fastmail dot com?"),
    )
    for seg, value in [
        (1, "oh one four seven"),
        (3, "four four one one seven"),
        (5, "six two"),
        (7, "two two nine c"),
        (8, "seventy three dot one sixty two dot eight dot forty one"),
        (9, "g-r-a-c-e dot a-l-8-6 at fastmail dot com"),
    ]:
        assert _seg_covered(t, seg, value), value
    assert not [v for v, _ty, s in _got(t) if s == 3 and v in ("two", "2")]
    # a social in chunks past an "mm-hm"; a house number echoed before its street, spelled after its type
    t = _call(
        ("agent", "the screening visit pays fifty dollars and we'll need your social for the payment form"),
        ("caller", "oh okay it's five two eight"),
        ("agent", "mm-hm"),
        ("caller", "seven one four four oh eight"),
        ("agent", "can i confirm the address three thirty mercy lane in brookhaven"),
        ("caller", "no we we moved it's nineteen fourteen"),
        ("agent", "nineteen fourteen"),
        ("caller", "calloway drive c a l l o w a y in marietta three oh oh six four"),
    )
    for seg, value in [
        (1, "five two eight"),
        (3, "seven one four four oh eight"),
        (5, "nineteen fourteen"),
        (7, "calloway drive c a l l o w a y"),
    ]:
        assert _seg_covered(t, seg, value), value


def test_rounds_ninety_one_to_ninety_four_names_that_are_also_the_organizations_or_everyday_words():
    org = {"name": "Lincoln Memorial Hospital", "short_names": ["Lincoln Memorial"]}
    t = _call(
        ("agent", "Hi, this is Renata from Lincoln Memorial Hospital's discharge team."),
        ("caller", "uh, this is his son, Lincoln. Dad's sleeping."),
        ("agent", "Thanks, Lincoln. Is it okay if I go over his discharge with you?"),
    )
    assert _seg_covered(t, 1, "Lincoln", org) and _seg_covered(t, 2, "Lincoln", org)
    assert not [v for v, _ty, s in _got(t, org) if s == 0]
    t = _call(
        ("caller", "page, page volkov, she was born last tuesday, september, uh, ninth"),
        ("agent", "Page, what a lovely name. Do you have the baby's MRN?"),
        ("caller", "mine's a physical and page needs her newborn visit"),
        ("caller", "our daughter sterling can come, she's twenty minutes away"),
        ("caller", "my daughter's number is better, grace is with me most days, 555-0136"),
    )
    for seg, value in [(1, "Page"), (2, "page"), (3, "sterling"), (4, "grace")]:
        assert _seg_covered(t, seg, value), value


def test_round_ninety_three_businesses_amounts_and_pages_are_no_patient_phi():
    org = {"name": "Lakeview Orthopedics", "phone_numbers": ["312-555-0190"]}
    t = _call(
        ("agent", "Her specialist copay is $40, but well visits are covered at 100 percent."),
        ("agent", "If you call our portal help line at extension 4410, they can walk you through it."),
        ("agent", "Also your results are in the portal at riversidemg.com/portal."),
        ("agent", "That would do it. Do you know which Walgreens?"),
        ("caller", "The one on Lincoln Avenue. The phone there is 610-555-0163."),
        ("caller", "We faxed it this morning to your fax, 312-555-0190, 6 pages."),
        ("agent", "Any in-network facility. Providence St. Vincent is in network."),
        ("agent", "If she has trouble breathing, call 911 or go to the Morton Plant ER."),
    )
    got = _got(t, org)
    # (the practice's site is the organization's to list; it is no mailbox in any case)
    assert not [(v, ty) for v, ty, s in got if s not in (2, 6)], got
    assert not [v for v, ty, s in got if (s == 6 and "Vincent" in v) or ty == "EMAIL_ADDRESS"], got


def test_rounds_ninety_one_and_ninety_four_values_read_back_in_other_words():
    t = _call(
        ("caller", "tomás villanueva, date of birth twelve, twenty, nineteen fifty eight"),
        ("agent", "Twelve twenty fifty-eight. Reason for referral?"),
        ("agent", "LCH-066-1934. Hmm, I'm not finding that."),
        ("caller", "oh wait, it's three five at the end, not three four"),
        ("agent", "Let me read that back: U83-402-77K?"),
        ("caller", "yeah, seventy seven k. and that's all"),
        ("agent", "And the zip?"),
        ("caller", "one four six oh three, three at the end"),
        ("agent", "14603, thanks. Okay, Mr. Abernathy-Nwosu, I show him as ninety."),
        ("caller", "it's forty four forty lincoln no forty four forty hunter street"),
    )
    for seg, value in [
        (1, "Twelve twenty fifty-eight"),
        (3, "three five"),
        (3, "three four"),
        (5, "seventy seven k"),
        (7, "one four six oh three"),
        (8, "14603"),
        (8, "ninety"),
        (9, "forty four forty lincoln no forty four forty hunter street"),
    ]:
        assert _seg_covered(t, seg, value), value
    t = _call(
        ("agent", "has he been seen here before"),
        ("caller", "yeah i have his card it says patient number c g four four"),
        ("agent", "c g four four"),
        ("caller", "eight one nine two"),
        ("agent", "c g four four eight one nine two okay i have him what car are you in"),
        ("caller", "silver camry the plate is seven k r t four one nine"),
        ("agent", "seven k r t four nine one"),
        ("caller", "no four one nine"),
    )
    for seg, value in [
        (1, "c g four four"),
        (2, "c g four four"),
        (3, "eight one nine two"),
        (6, "seven k r t four nine one"),
        (7, "four one nine"),
    ]:
        assert _seg_covered(t, seg, value), value


def test_rounds_ninety_five_and_ninety_six_birth_dates_in_pieces_and_what_is_no_date():
    t = _call(
        ("agent", "Thank you. And her date of birth?"),
        ("caller", "march, uh, hold on, she was born the"),
        ("agent", "Take your time."),
        ("caller", "the fourteenth, two thousand sixteen. march fourteenth"),
        ("agent", "And the birthday?"),
        ("caller", "nine twenty-two"),
        ("agent", "Sorry, you cut out, nine twenty-two and the year?"),
        ("caller", "eighty-one. nineteen eighty-one"),
        ("caller", "EKG was done on the, um"),
        ("agent", "Take your time."),
        ("caller", "twenty-first. of October. And her insurance is Aetna, member R X, no, R K 4 4 0 9 1 2"),
    )
    for seg, value in [
        (1, "march"),
        (3, "the fourteenth, two thousand sixteen"),
        (5, "nine twenty-two"),
        (6, "nine twenty-two"),
        (7, "eighty-one. nineteen eighty-one"),
        (10, "twenty-first. of October"),
        (10, "R X, no, R K 4 4 0 9 1 2"),
    ]:
        assert _seg_covered(t, seg, value), value
    # times and amounts said in two numbers are no dates, even right after a birth date
    t = _call(
        ("agent", "And your date of birth?"),
        ("caller", "march third nineteen eighty"),
        ("agent", "okay i have you on the fourteenth of may at ten fifteen, is that the one"),
        ("agent", "Okay, the ultrasound was billed as CPT 76805, and your plan paid two sixty."),
        ("agent", "I have s-u-n-n-y-r-7-3 at inbox dot com. Is it dot net?"),
        ("agent", "Yes, free parking in our garage at 1200 Pike Street, just give them your plate number."),
    )
    got = _got(t)
    assert not [v for v, _ty, s in got if s in (2, 3) and ("fifteen" in v or "sixty" in v)], got
    assert not [v for v, ty, s in got if (s == 4 and ty == "URL") or s == 5], got


def test_round_ninety_eight_a_phone_and_a_year_finished_in_a_later_turn():
    t = _call(
        ("agent", "it says we tried calling eight six zero, five five five, oh one four one"),
        ("caller", "oh that's his old landline. use mine, i'm dolores, his daughter, eight six zero five five five"),
        ("agent", "okay"),
        ("caller", "zero one six six"),
        ("agent", "860-555-0166. and your last name, dolores?"),
        ("agent", "so born march fourth, two thousand..."),
        ("caller", "twenty two"),
    )
    for seg, value in [(1, "eight six zero five five five"), (3, "zero one six six"), (6, "twenty two")]:
        assert _seg_covered(t, seg, value), value


def test_rounds_one_hundred_to_one_hundred_five_everyday_words_that_are_names():
    t = _call(
        ("caller", "hi yeah i need to make an appointment for my son will he's got a rash that won't go away"),
        ("caller", "it's william santangelo but everybody calls him will"),
        ("agent", "okay i'll help you will is he awake and talking"),
        ("caller", "that works, will gets out early that day so i will pick him up"),
        ("caller", "the policy's under my husband will, i'm calling about our daughter's coverage"),
        ("caller", "i should be my name is river"),
        ("caller", "hi this is may achterberg i'm calling for my husband frank"),
        ("caller", "hi i got a bill here and i don't understand it my name is cash tillman"),
        ("caller", "hi, this is sterling grant, I'm one of the people in the heart failure study"),
        ("caller", "i'm her son darnell"),
        ("agent", "thank you so bill went home on sunday the sixteenth after the heart failure admission"),
        ("agent", "so miles is about five months old"),
        ("agent", "okay how old is river"),
        ("caller", "it's for me, farhan siddiqui"),
        ("agent", "May 9th, 1931. Okay, I see Mr. Wolde here, he's with Doctor Haddad."),
    )
    for seg, value in [
        (0, "will"), (1, "will"), (2, "will"), (3, "will"), (4, "will"), (5, "river"), (6, "may achterberg"),
        (7, "cash tillman"), (8, "sterling grant"), (9, "darnell"), (10, "bill"), (11, "miles"), (12, "river"),
        (13, "farhan siddiqui"), (14, "Wolde"),
    ]:  # fmt: skip
        assert _seg_covered(t, seg, value), value
    # the modal, the document and the weather are no names
    t = _call(
        ("caller", "that works, will gets out early that day so i will pick him up"),
        ("caller", "her living will says no tubes"),
        ("caller", "i will, will be there. will it hurt? my husband will call you back"),
        ("caller", "i'm taking metformin and i'm fine thanks. hi it's cold out"),
    )
    got = _got(t)
    assert [v for v, ty, s in got if ty == "PERSON"] == ["will"], got


def test_round_one_hundred_seven_ids_spelled_with_nato_words_in_pieces_across_turns():
    t = _call(
        ("agent", "do you have his insurance"),
        ("caller", "medicare plus a supplement the medicare number is eight kilo tango four"),
        ("agent", "eight k t four go on"),
        ("caller", "echo x-ray one hold on the rest is mike alpha seven two"),
        ("agent", "e x one m a seven two okay and the best contact for him"),
        ("agent", "can you read me the referral number it should start with an n"),
        ("caller", "yes november papa three"),
        ("agent", "okay n p three"),
        ("caller", "zero zero six one and there's a letter at the end"),
        ("caller", "the number is one alpha bravo four, golf seven, three three nine"),
        ("caller", "okay, sorry. tango romeo seven oh four, echo, eight eight one"),
    )
    for seg, value in [
        (1, "eight kilo tango four"), (2, "eight k t four"), (3, "echo x-ray one"), (3, "mike alpha seven two"),
        (4, "e x one m a seven two"), (6, "november papa three"), (7, "n p three"), (8, "zero zero six one"),
        (9, "one alpha bravo four, golf seven, three three nine"),
        (10, "tango romeo seven oh four, echo, eight eight one"),
    ]:  # fmt: skip
        assert _seg_covered(t, seg, value), value
    # a model's name and a game are no IDs
    t = _call(("agent", "what are you driving"), ("caller", "a white rav4"), ("caller", "i play golf, two days a week"))
    assert _got(t) == [], _got(t)


def test_round_one_hundred_seven_everyday_names_found_again_in_lowercase():
    t = _call(
        ("agent", "the claim was denied, are you on your own plan"),
        (
            "caller",
            "no i'm on my husband's through his work hunter nakamura his birthday is december first eighty five",
        ),
        ("agent", "done and is hunter's address the same as yours"),
        ("agent", "that matches the record. the subscriber is faith bell"),
        ("agent", "i see faith here. anything else for faith"),
        ("caller", "on the card yes, but i go by will"),
        ("agent", "booked for may twelfth, and i'll call may back tomorrow"),
    )
    for seg, value in [(1, "hunter nakamura"), (2, "hunter"), (4, "faith"), (5, "will")]:
        assert _seg_covered(t, seg, value), value
    assert not [v for v, ty, s in _got(t) if s == 6 and ty == "PERSON"], _got(t)


def test_rounds_one_hundred_eight_and_nine_names_asked_to_act_echoed_after_yes_and_plants():
    t = _call(
        ("agent", "Is that Hope like the word hope?"),
        ("caller", "yeah hope, and then b e n, hyphen, h a i m"),
        ("caller", "i'll have hope call you to confirm"),
        (
            "agent",
            "okay. they'll visit at the address on file, four forty two, no, i'm sorry, four twenty four quarry lane",
        ),
        ("caller", "its ivy. red bumpy streaks on her arms, i think it might be poison ivy"),
        ("agent", "streaks and blisters in lines does sound like poison ivy."),
        ("agent", "thanks marco. i hope ivy feels better soon"),
    )
    for seg, value in [(1, "hope"), (2, "hope"), (3, "four forty two, no, i'm sorry, four twenty four quarry lane")]:
        assert _seg_covered(t, seg, value), value
    got = _got(t)
    assert not [
        v for v, ty, s in got if s in (4, 5) and "poison" in t.segments[s].text[t.segments[s].text.index(v) - 7 :]
    ]
    assert [v for v, ty, s in got if s == 6 and ty == "PERSON"] == ["marco", "ivy"], got


def test_round_one_hundred_eleven_everyday_names_introduced_found_and_thanked():
    t = _call(
        ("agent", "hi this is ngozi calling from saint brendan's medical center may i speak with hazel kowalczyk"),
        ("caller", "this is her husband art she's resting can i help"),
        ("agent", "thank you art and you're listed as her contact"),
        ("caller", "yeah l a n e, marcus lane"),
        ("agent", "and your date of birth marcus"),
        ("agent", "i do see pearl she has you listed so go ahead"),
        ("caller", "okay should i drive him i'm patience his daughter"),
        ("agent", "patience if he's dizzy or vomiting call nine one one"),
        ("caller", "this is will"),
        ("agent", "great will we'll see you then"),
        ("caller", "pearl delacroix"),
    )
    for seg, value in [(1, "art"), (2, "art"), (5, "pearl"), (9, "will")]:
        assert _seg_covered(t, seg, value), value
    assert [v for v, ty, s in _got(t) if s == 9 and ty == "PERSON"] == ["will"], _got(t)


def test_round_one_hundred_fifteen_backchannels_codes_and_other_offices_faxes_left_alone():
    t = _call(
        ("agent", "sure npi first please"),
        ("caller", "one four five two nine eight eight three one oh"),
        ("agent", "whats the npi for your office"),
        ("caller", "its one five eight two two nine four four one oh"),
        ("agent", "i can fax them do you have their fax number"),
        ("caller", "it's four oh four five five five oh one seven seven"),
        ("agent", "and the best number to reach the patient"),
        ("caller", "nine four one five five five oh one eight eight"),
        ("agent", "mm hm"),
        ("agent", "updated and i'll refax the approval to coastal at nine four one five five five oh one six zero"),
    )
    got = _got(t)
    assert [(v, s) for v, ty, s in got] == [("nine four one five five five oh one eight eight", 7)], got
    # (the patient's own number is still found when asked for)
    t = _call(
        ("agent", "what's the npi"),
        ("caller", "one four five two nine eight eight three one oh"),
        ("agent", "and your number"),
        ("caller", "four oh four five five five oh one seven seven"),
    )
    assert [(v, s) for v, ty, s in _got(t)] == [("four oh four five five five oh one seven seven", 3)]


def test_backchannel_not_a_name():
    from redactors.recognizers.spacy_ner import _BACKCHANNEL

    assert all(_BACKCHANNEL.fullmatch(w) for w in ("mm hm", "mm-hmm", "mmm hmm", "mhm", "hmm", "uh huh"))
    assert not any(_BACKCHANNEL.fullmatch(w) for w in ("mohammed", "hamm", "mia", "uh"))


def test_round_one_hundred_fifteen_everyday_names_by_title_relation_and_question():
    t = _call(
        ("agent", "okay can i get your name"),
        ("caller", "mark reading"),
        ("agent", "and date of birth mark"),
        ("caller", "my son river hes on my plan"),
        ("agent", "okay ms barrow i have you with doctor kulkarni on the ninth"),
        ("agent", "is that october first or january tenth for mr barrow"),
        ("caller", "her name is faith faith mcallister"),
        ("agent", "anything else mark"),
    )
    for seg, value in [
        (2, "mark"),
        (3, "river"),
        (4, "barrow"),
        (5, "barrow"),
        (6, "faith faith mcallister"),
        (7, "mark"),
    ]:
        assert _seg_covered(t, seg, value), value
    # (not "i miss home", "my son today he's sick", "will that be all")
    t = _call(("caller", "i miss home"), ("caller", "my son today he's sick"), ("agent", "will that be all"))
    assert _got(t) == []
    t = _call(
        ("caller", "this is bill carver"),
        ("agent", "so what's the question on the bill"),
        ("agent", "ms902441, hmm that brings it up"),
    )
    assert [s for v, ty, s in _got(t) if ty == "PERSON"] == [0], _got(t)


def test_round_one_hundred_seventeen_month_day_numbers_phonetic_ids_and_companions():
    t = _call(
        ("agent", "i have ten thirty one at two forty"),
        ("agent", "doctor park has oh seven, oh two at ten"),
        ("agent", "i see labs drawn on oh three oh five"),
        ("agent", "it hasn't sent anything since twelve thirty one"),
        ("agent", "we'll book you probably the week of six seventeen"),
        ("caller", "right but that's m l k day and my daughter can't drive me"),
        ("agent", "and his member id if you have the card"),
        ("caller", "golf foxtrot"),
        ("caller", "member id is tango hotel"),
        ("agent", "tango hotel"),
        ("agent", "hi this is noelani, a nurse calling from saint brigid regional, i'm looking for charity"),
        ("caller", "this is her"),
        ("caller", "three forty today is good, his dad can bring him, that's marcus"),
        ("caller", "can sunday come back with me, she drives me since my surgery"),
        ("agent", "oh okay, the patient's name"),
        ("caller", "sky, last name kealoha, k e a l o h a"),
    )
    for seg, value in [
        (0, "ten thirty one"),
        (1, "oh seven, oh two"),
        (2, "oh three oh five"),
        (3, "twelve thirty one"),
        (4, "six seventeen"),
        (5, "m l k day"),
        (7, "golf foxtrot"),
        (8, "tango hotel"),
        (9, "tango hotel"),
        (10, "charity"),
        (12, "marcus"),
        (13, "sunday"),
        (15, "sky"),
    ]:
        assert _seg_covered(t, seg, value), value
    # (a clock time, a room, an amount, a phone's last four, a year: no month and day)
    t = _call(
        ("agent", "see you at two thirty"),
        ("agent", "that's room six seventeen"),
        ("agent", "your copay is twelve thirty one"),
        ("agent", "the phone on file ends oh one oh five"),
        ("agent", "the deductible is fifteen hundred"),
    )
    assert [(v, ty) for v, ty, _ in _got(t) if ty != "PHONE_NUMBER"] == [], _got(t)


def test_round_one_hundred_seventeen_addresses_corrected_and_zip_after_a_read_back():
    t = _call(
        ("caller", "forty seven, not forty one. forty seven marten lane"),
        ("caller", "the chart says eighteen twenty pell street, sorry, yeah eighteen twenty"),
        ("agent", "sure, the address on file is two twelve juniper"),
        ("caller", "no two twenty one, two twenty one juniper way, everybody gets that swapped"),
        ("agent", "two twenty one juniper way, pinon ridge"),
        ("caller", "yes, eight seven one four four"),
        ("caller", "old pecos trail, the apartment is b, in santa fe"),
        ("agent", "what's the best number"),
        ("caller", "my cell's in the car, it's oh one eight eight same area code"),
        ("agent", "june marsh?"),
        ("caller", "no, marks, m as in mike, a, r, k as in kilo, s"),
        ("agent", "sorry about that, june marks. and your date of birth"),
    )
    for seg, value in [
        (0, "forty seven, not forty one. forty seven marten lane"),
        (1, "eighteen twenty pell street, sorry, yeah eighteen twenty"),
        (2, "two twelve juniper"),
        (5, "eight seven one four four"),
        (6, "old pecos trail, the apartment is b"),
        (8, "oh one eight eight"),
        (10, "marks, m as in mike, a, r, k as in kilo, s"),
        (11, "june marks"),
    ]:
        assert _seg_covered(t, seg, value), value


def test_round_one_hundred_twenty_ages_relative_dates_and_house_numbers_before_the_street():
    t = _call(
        ("caller", "hi i got a bill for my grandmother and i dont understand it shes ninety seven"),
        ("caller", "yes im eighty nine but i get around fine its my husband whos ninety six and cant drive"),
        ("agent", "doctor okafor has openings the third of next month at nine forty or two weeks from friday"),
        ("agent", "her follow up with doctor halloran is a week from monday at one thirty"),
        ("agent", "i see the referral it went to heartwise cardiology on the ninth they need your insurance id"),
        ("agent", "im going to send an ambulance whats the address"),
        ("caller", "its eleven hundred"),
        ("agent", "eleven hundred"),
        ("caller", "sorry eleven fifteen north rivers road"),
        ("agent", "good home health should come out do they have the right address i have two eighty"),
        ("caller", "its two eighty six, two eight six"),
        ("caller", "south virginia street"),
    )
    for seg, value in [
        (0, "ninety seven"),
        (1, "ninety six"),
        (2, "the third"),
        (2, "two weeks from friday"),
        (3, "a week from monday"),
        (4, "the ninth"),
        (6, "eleven hundred"),
        (7, "eleven hundred"),
        (9, "two eighty"),
        (10, "two eighty six, two eight six"),
    ]:
        assert _seg_covered(t, seg, value), value
    # (eighty nine is no age to hide; "july 2nd of last year" keeps its day without the year said relatively)
    assert not _seg_covered(t, 1, "eighty nine")
    t = _call(("caller", "i was seen july 2nd of last year"))
    assert [v for v, ty, _ in _got(t)] == ["july 2nd"], _got(t)


def test_round_one_hundred_twenty_one_a_last_phonetic_letter_and_numbered_dates_before_for():
    t = _call(
        ("agent", "okay do you have her patient number from the card"),
        ("caller", "yeah it's uh kilo delta, four four nine, zero one, tango"),
        ("caller", "yes viliami is dad. we're seeing him 06 18 for a sick visit"),
        ("agent", "okay i see you were admitted 06 06 and discharged 06 09 for pneumonia"),
    )
    for seg, value in [(1, "kilo delta, four four nine, zero one, tango"), (2, "06 18"), (3, "06 09")]:
        assert _seg_covered(t, seg, value), value


def test_round_one_hundred_twenty_three_an_area_code_first_and_a_house_number_answering_the_address():
    t = _call(
        ("caller", "okay. can she call me? my number changed, area code six one eight"),
        ("agent", "mm-hm"),
        ("caller", "five five five"),
        ("agent", "okay"),
        ("caller", "oh one three, uh, one. no. oh one three eight"),
        ("agent", "okay, what's the address"),
        ("caller", "twelve twelve"),
    )
    for seg, value in [(0, "six one eight"), (2, "five five five"), (4, "oh one three"), (6, "twelve twelve")]:
        assert _seg_covered(t, seg, value), value


def test_rounds_one_hundred_twenty_four_to_one_hundred_twenty_seven_phones_in_chunks_holidays_and_names_answered():
    # a phone said in chunks of their own turns, with no read-back; a phone's last three named as its ending
    t = _call(
        ("agent", "whats your name and number"),
        ("caller", "rafe okafor-lund five five five"),
        ("agent", "go ahead"),
        ("caller", "oh one nine nine"),
        ("agent", "yes and is the best number still the one ending one one nine"),
    )
    for seg, value in [(1, "five five five"), (3, "oh one nine nine"), (4, "one one nine")]:
        assert _seg_covered(t, seg, value), value
    # ... and read back after chunks with backchannels between
    t = _call(
        ("caller", "it's four one two"),
        ("agent", "mm-hm"),
        ("caller", "five five five"),
        ("agent", "okay"),
        ("caller", "oh one six eight"),
        ("agent", "so four one two, five five five, oh one six eight"),
    )
    for seg, value in [(0, "four one two"), (2, "five five five")]:
        assert _seg_covered(t, seg, value), value
    # a local number said right after another party's name is theirs; the patient's own line is not
    t = _call(
        ("caller", "her old records are at lakeside internal medicine, their number's five five five oh one nine two")
    )
    assert _got(t) == [], _got(t)
    t = _call(("agent", "And is the best number still his home line, 555-0176?"))
    assert _seg_covered(t, 0, "555-0176")
    # holidays as birthdays, with the year said short; the day of next month whole
    t = _call(
        ("agent", "and her date of birth"),
        ("caller", "the day before halloween, eighty one"),
        ("caller", "jade, she's four, she turned four on halloween"),
        ("caller", "ninety six, he'll be ninety seven on flag day"),
        ("agent", "i have the friday after labor day at three forty with doctor sato"),
        ("agent", "got it i can do the second of next month at ten forty with doctor quint"),
    )
    for seg, value in [
        (1, "the day before halloween, eighty one"),
        (2, "halloween"),
        (3, "flag day"),
        (4, "the friday after labor day"),
        (5, "the second of next month"),
    ]:
        assert _seg_covered(t, seg, value), value
    # a house number begun alone, then said whole with a street corrected
    t = _call(
        ("agent", "good whats the address in case we need to send help"),
        ("caller", "its nine"),
        ("agent", "mhm"),
        ("caller", "nine sixty one quarry no sorry granary road"),
    )
    for seg, value in [(1, "nine"), (3, "nine sixty one quarry no sorry granary road")]:
        assert _seg_covered(t, seg, value), value
    # names answering "what's the name": a word alone after "its", two rare words; and said again to address them
    t = _call(
        ("agent", "thanks. what's the patient's name"),
        ("caller", "opal fairweather, she usually sees doctor okafor"),
        ("agent", "whats his name and date of birth"),
        ("caller", "its bear"),
        ("caller", "the patient is major ellsworth-tate"),
        ("caller", "im his daughter river river ellsworth"),
        ("agent", "and the number river"),
        ("agent", "pearl how has he been since coming home"),
        ("caller", "this is pearl"),
    )
    for seg, value in [(1, "opal fairweather"), (3, "bear"), (5, "river river ellsworth"), (6, "river"), (7, "pearl")]:
        assert _seg_covered(t, seg, value), value


def test_rounds_one_hundred_twenty_nine_to_one_hundred_thirty_one_first_tries_taken_back_and_names_in_passing():
    # the first try of a value, taken back just before it, is part of it
    t = _call(
        ("agent", "okay whats the new address"),
        ("caller", "six sixty six, no, six sixty eight"),
        ("agent", "mm-hm"),
        ("caller", "juniper hollow road"),
        ("caller", "east, no, west marigold street unit four"),
        ("caller", "old mill, no, old miller road, lot nine"),
    )
    for seg, value in [
        (1, "six sixty six, no, six sixty eight"),
        (4, "east, no, west marigold street unit four"),
        (5, "old mill, no, old miller road, lot nine"),
    ]:
        assert _seg_covered(t, seg, value), value
    # a name with a relation after it, a nickname given, a caller opening with who they are
    t = _call(
        ("agent", "happy to help. what's his name"),
        ("caller", "sterling ashdown. i'm georgia, his daughter"),
        ("caller", "one one. my son marshall, we call him marsh, lives down the road"),
        ("caller", "hi, this is indigo, i'm in the sleep apnea study and i need to reschedule visit four"),
        ("caller", "she came in the monday before thanksgiving and then went to urgent care two weeks ago tuesday"),
    )
    for seg, value in [
        (1, "georgia"),
        (2, "marsh"),
        (3, "indigo"),
        (4, "the monday before thanksgiving"),
        (4, "two weeks ago tuesday"),
    ]:
        assert _seg_covered(t, seg, value), value


def test_round_one_hundred_thirty_three_a_corrected_chunk_an_age_at_death_and_days_after_a_holiday():
    t = _call(
        ("caller", "okay. oh, also her phone number changed, in case you need to reach her"),
        ("agent", "go ahead"),
        ("caller", "two oh seven, five five five"),
        ("agent", "mm-hm"),
        ("caller", "oh one seven, no, oh one seven three"),
        ("caller", "he was, he passed away in the hospital, two days after christmas"),
        ("caller", "nineteen thirty one. he was ninety four"),
        ("caller", "hey, this is rusty, i was supposed to reschedule my knee follow up"),
    )
    for seg, value in [
        (2, "two oh seven, five five five"),
        (4, "oh one seven, no, oh one seven three"),
        (5, "two days after christmas"),
        (6, "ninety four"),
        (7, "rusty"),
    ]:
        assert _seg_covered(t, seg, value), value
