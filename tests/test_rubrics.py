"""Rubrics as data and each criterion kind on small hand-written calls (pass and fail)."""

from __future__ import annotations

import pytest

from models.interchange import PhiSpan, Segment, Transcript
from rubrics.schema import (
    OrgOverrides,
    RubricValidationError,
    list_rubrics,
    load_rubric,
    next_version,
    parse_rubric_yaml,
    rubric_for_call_type,
)
from rubrics.score import score_call


def call(*turns: tuple[str, str], record: dict | None = None, call_type: str = "scheduling") -> Transcript:
    segments = [Segment(speaker=s, start=2.0 * i, end=2.0 * i + 1.5, text=t) for i, (s, t) in enumerate(turns)]
    return Transcript(call_id="t-1", call_type=call_type, segments=segments, record=record)


def criterion(result, kind: str):
    return next(c for c in result.criteria if c.kind == kind)


GREETING = ("agent", "Thank you for calling Riverside Family Medicine, this is Sarah. This call may be recorded "
                     "for quality and training purposes. How can I help you today?")
CLOSING = [("agent", "Is there anything else I can help you with today?"), ("caller", "no that's all thanks"),
           ("agent", "Thanks for calling Riverside Family Medicine, have a great day.")]
ORG = OrgOverrides(name="Riverside Family Medicine")


# --- schema ---------------------------------------------------------------------------------------

def test_every_shipped_rubric_validates_and_covers_each_service_line():
    ids = {r.id for r in list_rubrics()}
    assert {"default", "scheduling", "insurance_verification", "patient_inquiry", "physician_referral",
            "post_discharge", "clinical_trial", "triage"} <= ids
    for r in list_rubrics():
        assert sum(c.weight for c in r.criteria) == pytest.approx(100)
        assert parse_rubric_yaml(r.to_yaml()).model_dump() == r.model_dump()
    assert rubric_for_call_type("Pre-Authorization").id == "insurance_verification"
    assert rubric_for_call_type("something-new").id == "default"


def test_validation_errors_name_each_problem_with_its_location():
    text = """id: scheduling
version: 1
name: Broken
criteria:
  - id: verify
    kind: identity_verification
    weight: 130
    params:
      identifiers: [name, dob]
      bogus: 1
  - id: mood
    kind: telepathy
    weight: 10
"""
    with pytest.raises(RubricValidationError) as err:
        parse_rubric_yaml(text)
    problems = {p.loc: p for p in err.value.problems}
    assert problems["criteria.0.weight"].line == 7
    assert problems["criteria.0.params.bogus"].line == 10
    assert problems["criteria.1.kind"].line == 12 and "telepathy" in problems["criteria.1.kind"].message
    assert "line 7" in str(err.value)


def test_yaml_syntax_error_has_a_line():
    with pytest.raises(RubricValidationError) as err:
        parse_rubric_yaml("id: x\nname: [unclosed\n")
    assert err.value.problems[0].line is not None


def test_editing_a_rubric_makes_the_next_version():
    base = load_rubric("scheduling")
    edited = base.to_yaml().replace("name: Appointment scheduling", "name: Scheduling v2")
    new = next_version(base, edited)
    assert (new.id, new.version, new.name) == ("scheduling", base.version + 1, "Scheduling v2")
    with pytest.raises(RubricValidationError):
        next_version(base, edited.replace("id: scheduling", "id: other"))
    with pytest.raises(KeyError):
        load_rubric("scheduling", version=99)


# --- identity verification ------------------------------------------------------------------------

def test_verified_before_disclosure_passes():
    t = call(GREETING, ("caller", "hi i need to reschedule my appointment"),
             ("agent", "Sure. Can I have your full name and date of birth?"),
             ("caller", "maria gonzalez march fourth eighty two"),
             ("agent", "Thank you, I've verified the account. I see you're scheduled with Dr. Patel on the 14th."),
             *CLOSING)
    r = criterion(score_call(t, org=ORG), "identity_verification")
    assert r.passed is True and r.auto_fail is False
    assert r.details["verified_before_phi"] is True
    assert [i["id"] for i in r.details["identifiers"]] == ["name", "dob"]
    assert r.details["confirmation_segment"] == 4


def test_disclosure_before_verification_is_an_auto_fail():
    t = call(GREETING, ("caller", "hi i'm calling about my lab results"),
             ("agent", "Your results from the 11th are in, and your cholesterol was a little high."),
             ("caller", "oh ok"), ("agent", "Can I have your name and date of birth?"),
             ("caller", "john smith june second nineteen seventy"), *CLOSING)
    res = score_call(t, org=ORG)
    r = criterion(res, "identity_verification")
    assert r.passed is False and r.auto_fail is True
    assert r.details["verified_before_phi"] is False and r.details["first_disclosure_segment"] == 2
    assert res.auto_failed and res.total == 0
    assert {"auto_fail", "phi_before_verification"} <= set(res.flags)


def test_missing_identifier_is_not_verified():
    t = call(GREETING, ("caller", "i need a refill"), ("agent", "And your name?"), ("caller", "it's john smith"),
             ("agent", "I see your metformin prescription has no refills left."), *CLOSING)
    r = criterion(score_call(t, org=ORG), "identity_verification")
    assert r.details["missing_identifiers"] == ["dob"] and r.auto_fail


def test_nothing_disclosed_means_nothing_to_verify():
    t = call(GREETING, ("caller", "what time do you open on saturdays"), ("agent", "We open at nine on Saturdays."),
             *CLOSING)
    r = criterion(score_call(t, org=ORG), "identity_verification")
    assert r.passed is None and r.auto_fail is False and r.details["first_disclosure_segment"] is None


def test_org_can_verify_by_member_id():
    t = call(GREETING, ("caller", "i have a question"), ("agent", "What's your full name?"), ("caller", "ann lee"),
             ("agent", "And the member ID on your card?"), ("caller", "w four five seven two nine"),
             ("agent", "Thanks. Your claim was approved on the 3rd."), *CLOSING)
    plain = criterion(score_call(t, org=ORG), "identity_verification")
    member_org = OrgOverrides(name=ORG.name, verification_identifiers=["name", "member_id"])
    by_member = criterion(score_call(t, org=member_org), "identity_verification")
    assert plain.passed is False and by_member.passed is True


def test_third_party_caller_needs_relationship_checked():
    base = [GREETING, ("caller", "hi i'm calling for my mother she needs her results"),
            ("agent", "Can I have the patient's full name and date of birth?"),
            ("caller", "rosa diaz april first nineteen forty")]
    disclosure = ("agent", "Thank you. Her results from the 2nd are in and look normal.")
    unchecked = criterion(score_call(call(*base, disclosure, *CLOSING), org=ORG), "identity_verification")
    assert unchecked.details["third_party"] and unchecked.details["authorization_checked"] is False
    assert unchecked.passed is False and unchecked.details["disclosure_before_authorization"]
    checked = criterion(score_call(call(*base, ("agent", "And what's your relationship to the patient?"),
                                        ("caller", "i'm her daughter, i'm on the release form"), disclosure,
                                        *CLOSING), org=ORG), "identity_verification")
    assert checked.passed is True and checked.details["authorization_checked"] is True



# Found on hand-written calls (bench/data/scoring_handwritten): phrasings the synthetic generator never uses.

def test_outbound_is_this_name_and_a_terse_name_and_dob_request_verify():
    outbound = call(("agent", "Hi, this is Greg from Riverside Family Medicine, this call is recorded. Is this "
                              "Ottilie Marchbanks?"), ("caller", "yes this is she"),
                    ("agent", "Can you verify your date of birth for me?"), ("caller", "six six forty-five"),
                    ("agent", "Thanks. I'm calling to follow up after your discharge."), *CLOSING,
                    call_type="post_discharge")
    assert criterion(score_call(outbound, org=ORG), "identity_verification").passed is True
    terse = call(GREETING, ("caller", "i got a bill and i want to know why"), ("agent", "Name and date of birth."),
                 ("caller", "cosima rattigan three three seventy-five"),
                 ("agent", "Okay. Your balance of four hundred twelve is from the March visit."), *CLOSING)
    assert criterion(score_call(terse, org=ORG), "identity_verification").passed is True
    # "is that right?" is no name request: the name was never asked for, so the disclosure comes unverified
    not_a_name = call(GREETING, ("caller", "hi it's about my results"), ("agent", "Your date of birth?"),
                      ("caller", "june second seventy"), ("agent", "June 2nd 1970, is that right?"), ("caller", "yes"),
                      ("agent", "Your results came back normal."), *CLOSING)
    assert criterion(score_call(not_a_name, org=ORG), "identity_verification").passed is False


@pytest.mark.parametrize("disclosure", [
    "Okay, so her prescription for the lisinopril was sent to the pharmacy yesterday.",
    "Yeah, I have your Blue Plan on file, it looks like your coverage ended on the thirty-first.",
])
def test_disclosures_phrased_loosely_are_found(disclosure):
    t = call(GREETING, ("caller", "hi, i have a question about my account"), ("agent", disclosure),
             ("caller", "okay"), ("agent", "Can I get your name and date of birth?"),
             ("caller", "ann lee april first nineteen forty"), *CLOSING)
    r = criterion(score_call(t, org=ORG), "identity_verification")
    assert r.passed is False and r.details["first_disclosure_segment"] == 2


# --- escalation -----------------------------------------------------------------------------------

def test_red_flag_escalated_at_once_passes():
    t = call(GREETING, ("caller", "i've had chest pain going down my left arm since this morning"),
             ("agent", "That could be serious. Please hang up and call 911 right away."))
    r = criterion(score_call(t, org=ORG), "escalation")
    assert r.passed is True and r.details == {**r.details, "red_flag_segments": [1], "escalated": True}


def test_missed_red_flag_is_auto_fail_and_top_priority():
    from rubrics.score import review_priority

    t = call(GREETING, ("caller", "also my face is drooping and my speech is slurred"),
             ("agent", "Okay, we'll let the doctor know at your visit."), *CLOSING)
    res = score_call(t, org=ORG)
    r = criterion(res, "escalation")
    assert r.passed is False and r.auto_fail and r.details["escalated"] is False
    assert "missed_escalation" in res.flags
    assert review_priority(res) > max(review_priority(res.model_copy(update={"flags": [f]}))
                                      for f in res.flags if f != "missed_escalation")


@pytest.mark.parametrize("text", [
    "no chest pain or anything like that",
    "i'm not having any trouble breathing",
    "i had a stroke in 2019 but i've been fine since",
    "i had some chest pain last year but they said it was reflux",
    "my dad had a heart attack but i've never had heart problems",
    "yes diagnosed two years ago no insulin",
])
def test_denials_and_history_are_not_red_flags(text):
    t = call(GREETING, ("agent", "Any chest pain or shortness of breath?"), ("caller", text),
             ("agent", "Okay, good."), *CLOSING)
    r = criterion(score_call(t, org=ORG), "escalation")
    assert r.passed is None and r.details["escalated"] is None and r.details["red_flag_segments"] == []


def test_yes_to_a_screening_question_is_a_red_flag():
    t = call(GREETING, ("agent", "Are you having any chest pain right now?"), ("caller", "yes it's pretty bad"),
             ("agent", "Okay. Let's get you scheduled."), *CLOSING)
    assert criterion(score_call(t, org=ORG), "escalation").details["red_flag_segments"] == [2]



def test_only_the_question_the_caller_answers_is_a_screening_question():
    t = call(GREETING, ("agent", "If you get short of breath, go to the emergency room or call 911. Can I confirm "
                                 "your callback number, five five five oh one seven eight eight nine zero?"),
             ("caller", "that's right"), ("agent", "Great."), *CLOSING)
    r = criterion(score_call(t, org=ORG), "escalation")
    assert r.details["red_flag_segments"] == [] and r.details["escalated"] is None
    asked = call(GREETING, ("agent", "When did this start? Any trouble breathing?"), ("caller", "yeah since lunch"),
                 ("agent", "Okay."), *CLOSING)
    assert criterion(score_call(asked, org=ORG), "escalation").details["red_flag_segments"] == [2]


@pytest.mark.parametrize("text", [
    "i cut my hand and i can't get the bleeding to stop, it's been forty minutes",
    "the bleeding hasn't stopped since this morning",
    "the incision just keeps bleeding through the bandage",
])
def test_bleeding_that_will_not_stop_is_a_red_flag(text):
    t = call(GREETING, ("caller", text), ("agent", "Okay, we'll note that for your doctor."), *CLOSING)
    r = criterion(score_call(t, org=ORG), "escalation")
    assert r.details["red_flags"][0]["type"] == "bleeding" and r.details["escalated"] is False



@pytest.mark.parametrize("text, kind", [
    ("no fever or anything, but i can hardly breathe when i lie down", "breathing"),
    ("i took a bunch of my pills", "overdose"),
    ("honestly i just want to go to sleep and not wake up", "suicidal"),
    ("she took the whole bottle", "overdose"),
])
def test_red_flags_found_on_held_out_hand_written_calls(text, kind):
    t = call(GREETING, ("caller", text), ("agent", "Okay, let's get you a visit this week."), *CLOSING)
    r = criterion(score_call(t, org=ORG), "escalation")
    assert r.details["red_flags"][0]["type"] == kind and r.details["escalated"] is False
    took = call(GREETING, ("caller", "i took my pills this morning like she said"), ("agent", "Great."), *CLOSING)
    assert criterion(score_call(took, org=ORG), "escalation").details["escalated"] is None


# Standard telephone-triage red flags (the categories nurse protocols send to 911 / the ED), each phrased as callers
# say them; written for these tests, not taken from the hand-written bench calls.
TRIAGE_RED_FLAGS = [
    ("after the shrimp his lips started puffing up and he says his throat feels tight", "anaphylaxis"),
    ("her tongue's swollen and she's drooling, we already used the epipen", "anaphylaxis"),
    ("it feels like an elephant is sitting on my chest", "chest_pain"),
    ("there's a crushing pressure across my chest", "chest_pain"),
    ("one side of her face is sagging and she can't get her words out", "stroke"),
    ("his speech sounds garbled, it started ten minutes ago", "stroke"),
    ("he can't get enough air and his lips look bluish", "breathing"),
    ("my baby's ribs are sucking in with every breath", "breathing"),
    ("my stool has been black and tarry since yesterday", "gi_bleeding"),
    ("he threw up something that looked like coffee grounds", "gi_bleeding"),
    ("blood is gushing from the cut on his leg", "bleeding"),
    ("i've soaked through three towels already", "bleeding"),
    ("honestly they'd all be better off without me", "suicidal"),
    ("i can't see the point in going on", "suicidal"),
    ("some nights i wish i wouldn't wake up", "suicidal"),
    ("my toddler got into grandma's blood pressure pills", "overdose"),
    ("he drank some bleach from under the sink", "overdose"),
    ("he's jerking all over and his eyes rolled back", "seizure"),
    ("i can't wake him up", "consciousness"),
    ("my mom is 84, she's running a fever of 102 and she's really confused", "sepsis"),
    ("grandpa has a temperature of 101 and doesn't know where he is", "sepsis"),
    ("my dad fell and hit his head, he's on eliquis", "head_injury"),
    ("i'm 30 weeks pregnant and i'm bleeding", "pregnancy"),
    ("i'm 36 weeks and i haven't felt the baby move since last night", "fetal_movement"),
    ("my 6 week old has a fever of 100.8", "infant_fever"),
    ("this is the worst headache i've ever had, it came on out of nowhere", "headache"),
    ("i suddenly can't see out of my left eye", "vision_loss"),
    ("it's like a curtain coming down over my vision", "vision_loss"),
]


@pytest.mark.parametrize("text, kind", TRIAGE_RED_FLAGS)
def test_triage_red_flags_in_callers_words(text, kind):
    missed = call(GREETING, ("caller", text), ("agent", "Okay, let's get you a visit this week."), *CLOSING)
    r = criterion(score_call(missed, org=ORG), "escalation")
    assert r.details["red_flags"][0]["type"] == kind and r.details["escalated"] is False and r.auto_fail
    sent = call(GREETING, ("caller", text), ("agent", "Please hang up and call 911 right now."))
    assert criterion(score_call(sent, org=ORG), "escalation").details["escalated"] is True


@pytest.mark.parametrize("text", [
    "i had a bad allergic reaction years ago", "no, i'd never hurt myself", "i don't want to die, i'm just worried",
    "i don't see the point of the referral", "there's no point in rescheduling", "i think i have food poisoning",
    "i swallowed my pills this morning like she said", "my throat is sore and swollen", "she's never had a seizure",
    "she had a fever yesterday but she's not confused", "he has a fever of 101", "my mom has been confused lately",
    "i'm pregnant and need to schedule my blood work", "my 4 month old has a fever",
    "my son bumped his head but he's fine", "i fell and hit my head last year and had a concussion",
    "i had black stools back in 2019", "the baby is moving a lot", "i had a headache",
    "i can't lift my arm above my shoulder since the fall", "my face is swollen from the dental work",
    "no vomiting blood, nothing like that", "he got into a fight at school",
])
def test_triage_denials_history_and_look_alikes_are_not_red_flags(text):
    t = call(GREETING, ("caller", text), ("agent", "Okay, good."), *CLOSING)
    r = criterion(score_call(t, org=ORG), "escalation")
    assert r.details["red_flag_segments"] == [] and r.details["escalated"] is None


# --- empathy --------------------------------------------------------------------------------------

def test_distress_acknowledged_passes_and_ignored_fails():
    distress = ("caller", "i've called three times and nobody calls me back, i'm so frustrated")
    good = call(GREETING, distress, ("agent", "I'm so sorry about that, I know that's frustrating. Let me help."),
                *CLOSING)
    bad = call(GREETING, distress, ("agent", "Okay. What's your date of birth?"), *CLOSING)
    g, b = criterion(score_call(good, org=ORG), "empathy"), criterion(score_call(bad, org=ORG), "empathy")
    assert g.passed is True and g.details["distress_segments"] == [1] and g.details["empathy_segments"] == [2]
    assert b.passed is False and b.details["unanswered_distress_segments"] == [1]


def test_no_distress_means_not_applicable():
    t = call(GREETING, ("caller", "i'd like to schedule a physical"), ("agent", "Sure, I can help with that."),
             *CLOSING)
    r = criterion(score_call(t, org=ORG), "empathy")
    assert r.passed is None and r.details["distress_segments"] == []


def test_feeling_said_beside_a_red_flag_is_distress_too():
    scared = call(GREETING, ("caller", "his words are coming out all jumbled and i'm terrified"),
                  ("agent", "That sounds frightening. Please call 911 right now."), *CLOSING)
    r = criterion(score_call(scared, org=ORG), "empathy")
    assert r.details["distress_segments"] == [1] and r.passed is True
    plain = call(GREETING, ("caller", "his words are coming out all jumbled"),
                 ("agent", "Please call 911 right now."), *CLOSING)
    assert criterion(score_call(plain, org=ORG), "empathy").details["distress_segments"] == []


def test_moving_on_is_not_acknowledging_distress():
    t = call(GREETING, ("caller", "i'm so worried about my scan, i haven't slept in days"),
             ("agent", "Thanks. The radiologist read it and Dr. Lowe wants to discuss it at a visit. Do you want to "
                       "book that?"), *CLOSING)
    r = criterion(score_call(t, org=ORG), "empathy")
    assert r.details["distress_segments"] == [1] and r.passed is False and r.details["empathy_segments"] == []


def test_apology_for_a_hold_is_not_empathy():
    from rubrics.phrase_models import load_models, predict_proba

    model = load_models()["empathy"]
    p = predict_proba(model, ["sorry, can you repeat that?", "i'm so sorry to hear that, that sounds scary"])
    assert p[0] < 0.5 < p[1]
    assert list(p) == pytest.approx(list(model.predict_proba(["sorry, can you repeat that?",
                                                              "i'm so sorry to hear that, that sounds scary"])[:, 1]))


# --- data accuracy --------------------------------------------------------------------------------

ACCURACY_TURNS = [GREETING, ("caller", "i need to make an appointment"),
                  ("agent", "Can I have your full name?"), ("caller", "it's maria g o n z a l e z"),
                  ("agent", "And your date of birth?"), ("caller", "oh three oh four eighty two"),
                  ("agent", "What's the best number to reach you?"),
                  ("caller", "five five five, two one two, oh one nine eight"),
                  ("agent", "Let me read that back, 555-212-0198?"), ("caller", "yes"),
                  ("agent", "I have Tuesday the 14th at two thirty with Dr. Patel, or the 16th at nine."),
                  ("caller", "the first one please"), *CLOSING]


def test_captured_record_matching_spoken_forms_passes():
    record = {"name": "Maria Gonzalez", "dob": "1982-03-04", "phone": "555-212-0198",
              "appointment": "2026-04-14 14:30", "provider": "Dr. Anika Patel"}
    r = criterion(score_call(call(*ACCURACY_TURNS, record=record), org=ORG), "data_accuracy")
    assert r.passed is True and r.details["mismatched_fields"] == []
    assert set(r.details["matched_fields"]) == set(record)
    assert "phone" in r.details["read_back_confirmed_fields"]


def test_mismatches_are_named_field_by_field():
    record = {"name": "Maria Gonzales", "dob": "1982-04-03", "phone": "555-212-0198",
              "appointment": "2026-04-16 09:00", "provider": "Dr. Anika Patel"}
    r = criterion(score_call(call(*ACCURACY_TURNS, record=record), org=ORG), "data_accuracy")
    assert r.passed is False
    assert set(r.details["mismatched_fields"]) == {"name", "dob", "appointment"}
    assert r.details["information_accuracy_rate"] == pytest.approx(0.4)


def test_a_field_never_discussed_is_not_a_mismatch():
    t = call(GREETING, ("caller", "i need a copy of my records"), *CLOSING, record={"member_id": "W1234567"})
    r = criterion(score_call(t, org=ORG), "data_accuracy")
    assert r.passed is None and r.details["unverifiable_fields"] == ["member_id"]


def _accuracy(turns, record):
    return criterion(score_call(call(GREETING, *turns, *CLOSING, record=record), org=ORG), "data_accuracy")


def test_a_name_said_only_in_part_is_compared_on_that_part():
    asked = [("agent", "May I speak with Michael?"), ("caller", "speaking")]
    right = _accuracy(asked, {"name": "Michael Smith"})
    assert right.details["fields"]["name"]["status"] == "match" and right.details["partially_checked_fields"] == [
        "name"]
    wrong = _accuracy(asked, {"name": "Micheal Smith"})  # the first name, the part that was said, mistyped
    assert wrong.details["mismatched_fields"] == ["name"]
    # a word of the call close to the unsaid last name is not the name ("this call" for Hall)
    hall = _accuracy([("agent", "May I speak with Mikayla? Just so you know this call is recorded."),
                      ("caller", "speaking")], {"name": "Mikayla Hall"})
    assert hall.details["mismatched_fields"] == [] and hall.details["matched_fields"] == ["name"]
    nothing = _accuracy([("caller", "i need a refill")], {"name": "Michael Smith"})
    assert nothing.details["unverifiable_fields"] == ["name"]


def test_last_four_digits_are_compared_with_the_records_last_four():
    turns = [("agent", "Can I get the last four of your phone number?"), ("caller", "zero one nine eight")]
    assert _accuracy(turns, {"phone": "555-212-0198"}).details["fields"]["phone"] == {
        "status": "match", "segments": [2], "partial": True}
    assert _accuracy(turns, {"phone": "555-212-0189"}).details["mismatched_fields"] == ["phone"]


def test_a_birthday_without_its_year_and_two_digit_years():
    birthday = [("agent", "And your date of birth?"), ("caller", "march fourth")]
    assert _accuracy(birthday, {"dob": "1982-03-04"}).details["partially_checked_fields"] == ["dob"]
    assert _accuracy(birthday, {"dob": "1982-04-03"}).details["mismatched_fields"] == ["dob"]
    # "twenty five" for a caller born in 1925; numbers alone where the date of birth is asked for
    old = [("agent", "And your date of birth?"), ("caller", "uh november twentieth twenty five")]
    assert _accuracy(old, {"dob": "1925-11-20"}).details["matched_fields"] == ["dob"]
    short = [("agent", "Can you confirm the date of birth?"), ("caller", "eight twenty six thirty five")]
    assert _accuracy(short, {"dob": "1935-08-26"}).details["matched_fields"] == ["dob"]
    assert _accuracy(short, {"dob": "1934-08-26"}).details["mismatched_fields"] == ["dob"]


def test_an_offer_picked_by_its_day_alone_is_the_offer():
    turns = [("agent", "Dr. Lisa Moreno has 9/14 at 8:00 a.m or 9/15 at 8:00 a.m, would either work?"),
             ("caller", "let's do september fourteenth")]
    assert _accuracy(turns, {"appointment": "2026-09-14 08:00"}).details["matched_fields"] == ["appointment"]
    assert _accuracy(turns, {"appointment": "2026-09-15 08:00"}).details["mismatched_fields"] == ["appointment"]
    # picked by the time: the offer's day completes it
    times = [("agent", "I have monday the 22nd at two thirty in the afternoon, or june twenty third at 1:00 p.m."),
             ("caller", "the one at one please")]
    assert _accuracy(times, {"appointment": "2026-06-22 14:30"}).details["mismatched_fields"] == ["appointment"]
    # "the first one": a date without a time ("the referral came in on the tenth") is no offer
    first = [("agent", "The referral came in on the tenth. The first opening is monday the 2nd at 10:30 a.m. I also "
                       "have january 26th at 10:00 a.m."), ("caller", "the first one please")]
    assert _accuracy(first, {"appointment": "2026-02-09 10:30"}).details["mismatched_fields"] == ["appointment"]


def test_a_no_to_anything_else_does_not_deny_the_read_back_before_it():
    turns = [("agent", "you have a follow-up appointment with dr whitfield on the eighth at 9:45 a.m was there "
                       "anything else you needed today"), ("caller", "no that's it thanks")]
    assert _accuracy(turns, {"appointment": "2026-06-08 11:45"}).details["mismatched_fields"] == ["appointment"]
    assert _accuracy(turns, {"appointment": "2026-06-08 09:45"}).details["matched_fields"] == ["appointment"]



def test_a_day_said_alone_does_not_outweigh_a_full_slot_that_differs():
    # "Thursday" agrees with the record's day, but the slot offered and read back was 2:30, not 2:00
    turns = [("caller", "anything later that week? thursday maybe?"),
             ("agent", "Thursday the seventeenth I have two thirty in the afternoon."),
             ("caller", "two thirty on thursday, yeah, perfect"),
             ("agent", "Done, you're all set for Thursday April seventeenth at 2:30.")]
    assert _accuracy(turns, {"appointment": "2031-04-17 14:00"}).details["mismatched_fields"] == ["appointment"]
    assert _accuracy(turns, {"appointment": "2031-04-17 14:30"}).details["matched_fields"] == ["appointment"]
    # said only in part, it is a partial match
    alone = _accuracy([("caller", "can i book the appointment for thursday?")], {"appointment": "2031-04-17 14:00"})
    assert alone.details["fields"]["appointment"] == {"status": "match", "segments": [1], "partial": True}


def test_a_spelled_name_wins_over_the_word_written_for_it():
    turns = [("agent", "Who am I speaking with?"), ("caller", "Perpetua Wyndcliffe, uh, W-Y-N-D-C-L-I-F-F.")]
    assert _accuracy(turns, {"name": "Perpetua Wyndcliffe"}).details["mismatched_fields"] == ["name"]
    assert _accuracy(turns, {"name": "Perpetua Wyndcliff"}).details["matched_fields"] == ["name"]
    same = [("agent", "Your first and last name?"), ("caller", "Osgood Trelawny, T as in tango, r e l a w n y")]
    assert _accuracy(same, {"name": "Osgood Trelawny"}).details["matched_fields"] == ["name"]
    # the last spelling decides
    again = [("agent", "Can you spell the last name?"), ("caller", "K-E-S-T-R-I-L-L, sorry, K-E-S-T-R-E-L.")]
    assert _accuracy(again, {"name": "Dorian Kestrel"}).details["mismatched_fields"] == []


def test_a_provider_named_for_a_referral_without_a_slot_is_compared():
    turns = [("agent", "I'll send the referral over to Dr. Quennell at the sleep clinic."), ("caller", "okay")]
    assert _accuracy(turns, {"provider": "Dr. Ada Rushmore"}).details["mismatched_fields"] == ["provider"]
    assert _accuracy(turns, {"provider": "Dr. Ada Quennell"}).details["matched_fields"] == ["provider"]
    declined = [("agent", "Dr. Rushmore isn't taking new patients, so I've got you in with Dr. Quennell instead."),
                ("caller", "that's fine")]
    assert _accuracy(declined, {"provider": "Dr. Ada Rushmore"}).details["mismatched_fields"] == ["provider"]
    # the doctor who asked for the referral is not the one it goes to
    referring = [("caller", "Dr. Rushmore wants me to see someone about my knee."),
                 ("agent", "Sure, I'll refer you to Dr. Quennell.")]
    assert _accuracy(referring, {"provider": "Dr. Ada Quennell"}).details["matched_fields"] == ["provider"]
    cannot = [("agent", "I can't book you with Dr. Rushmore this month, sorry."), ("caller", "oh, okay")]
    assert _accuracy(cannot, {"provider": "Dr. Ada Rushmore"}).details["mismatched_fields"] == []


@pytest.mark.parametrize(("turns", "record", "status"), [
    ([("agent", "Best callback number?"), ("caller", "area code six one seven, then four four four, two nine oh six")],
     {"phone": "617-444-2906"}, "match"),
    ([("agent", "Best callback number?"), ("caller", "area code six one seven, then four four four, two nine oh six")],
     {"phone": "617-444-2960"}, "mismatch"),
    ([("agent", "And your date of birth?"), ("caller", "the twelfth of october, nineteen seventy-seven")],
     {"dob": "1977-10-12"}, "match"),
    ([("agent", "And your date of birth?"), ("caller", "the twelfth of october, nineteen seventy-seven")],
     {"dob": "1977-12-10"}, "mismatch"),
    ([("agent", "The member ID on the card?"), ("caller", "Romeo Tango five five oh eight one two")],
     {"member_id": "RT550812"}, "match"),
    ([("agent", "The member ID on the card?"), ("caller", "Q as in quebec, X as in x-ray, three oh three nine one")],
     {"member_id": "QX30391"}, "match"),
    # corrections: the corrected value wins, in the turn or a turn later, in full or its end only
    ([("agent", "Best callback number?"), ("caller", "five five five, three one eight, oh four four two, no wait, "
                                                    "oh four two four")], {"phone": "555-318-0442"}, "mismatch"),
    ([("agent", "Best callback number?"), ("caller", "five five five, three one eight, oh four four two, no wait, "
                                                    "oh four two four")], {"phone": "555-318-0424"}, "match"),
    ([("agent", "And the date of birth?"), ("caller", "April second, nineteen fifty-nine"), ("agent", "Thanks."),
      ("caller", "Oh, sorry, I mean April third, nineteen fifty-nine.")], {"dob": "1959-04-02"}, "mismatch"),
    ([("agent", "And the date of birth?"), ("caller", "April second, nineteen fifty-nine"), ("agent", "Thanks."),
      ("caller", "Oh, sorry, I mean April third, nineteen fifty-nine.")], {"dob": "1959-04-03"}, "match"),
])
def test_evidence_said_the_way_callers_say_it(turns, record, status):
    r = _accuracy(turns, record)
    assert [f["status"] for f in r.details["fields"].values()] == [status]


# --- script adherence -----------------------------------------------------------------------------

def test_paraphrased_steps_count_and_missing_ones_are_named():
    good = call(("agent", "Riverside Family Medicine, you've reached Sarah. Just so you know, this call is on a "
                          "recorded line. What can I help you with?"),
                ("caller", "i need an appointment"), ("agent", "Can I get your name and date of birth?"),
                ("caller", "ann lee may fifth ninety"),
                ("agent", "Please show up fifteen minutes early and bring your insurance card."),
                ("agent", "Was there anything else you needed today?"), ("caller", "no"))
    r = criterion(score_call(good, org=ORG), "script_adherence")
    assert all(r.details["steps"].values()), r.details
    bad = call(("agent", "Hello?"), ("caller", "i need an appointment"), ("agent", "Name and date of birth?"),
               ("caller", "ann lee may fifth ninety"), ("agent", "Okay, bye."))
    b = criterion(score_call(bad, org=ORG), "script_adherence")
    assert b.passed is False
    assert {"greeting", "recorded_line_disclosure", "closing"} <= set(b.details["missing_steps"])


def test_greeting_must_name_the_organization():
    t = call(("agent", "Thank you for calling Lakeview Health, this is Sarah. This call may be recorded."), *CLOSING)
    assert criterion(score_call(t, org=ORG), "script_adherence").details["steps"]["greeting"] is False
    assert criterion(score_call(t, org=OrgOverrides(name="Lakeview Health")),
                     "script_adherence").details["steps"]["greeting"] is True


def test_prohibited_phrases_are_flagged():
    t = call(GREETING, ("caller", "will my insurance pay for the mri"),
             ("agent", "Don't worry, you're definitely covered. And just take some ibuprofen for the pain."),
             *CLOSING)
    res = score_call(t, org=ORG)
    r = criterion(res, "script_adherence")
    assert {p["type"] for p in r.details["prohibited"]} == {"coverage_promise", "medical_advice"}
    assert "prohibited_phrase" in res.flags
    honest = call(GREETING, ("caller", "will my insurance pay for it"),
                  ("agent", "I can't promise what insurance will pay, but billing can give you an estimate."), *CLOSING)
    assert criterion(score_call(honest, org=ORG), "script_adherence").details["prohibited"] == []


# --- the whole result -----------------------------------------------------------------------------

def test_output_contract_and_redacted_evidence():
    t = call(*ACCURACY_TURNS, record={"name": "Maria Gonzalez", "dob": "1982-03-04"})
    spans = [PhiSpan(segment=3, start=5, end=len("it's maria g o n z a l e z"), type="PERSON", score=0.9),
             PhiSpan(segment=5, start=0, end=len("oh three oh four eighty two"), type="DATE", score=0.9)]
    res = score_call(t, phi_spans=spans, org=ORG)
    out = res.model_dump(mode="json")
    assert {"call_id", "rubric", "total", "auto_failed", "flags", "criteria"} <= set(out)
    assert out["rubric"] == {"id": "scheduling", "version": 1}
    assert 0 <= out["total"] <= 100
    needed = {"identity_verification": {"verified_before_phi", "identifiers"},
              "empathy": {"distress_segments", "empathy_segments"}, "data_accuracy": {"mismatched_fields"},
              "script_adherence": {"steps"}, "escalation": {"red_flag_segments", "escalated"}}
    for c in out["criteria"]:
        assert {"id", "kind", "score", "max", "passed", "confidence", "evidence", "details"} <= set(c)
        assert needed[c["kind"]] <= set(c["details"])
        for e in c["evidence"]:
            assert set(e) == {"segment", "start", "quote"}
    quotes = " ".join(e["quote"] for c in out["criteria"] for e in c["evidence"])
    assert "<NAME>" in quotes and "<DATE>" in quotes
    assert "g o n z a l e z" not in quotes and "eighty two" not in quotes
    assert {"greeting", "recorded_line_disclosure", "closing"} <= set(
        criterion(res, "script_adherence").details["steps"])


def test_without_spans_numbers_and_record_values_are_masked():
    t = call(*ACCURACY_TURNS, record={"name": "Maria Gonzalez", "dob": "1982-03-04"})
    quotes = " ".join(e.quote for c in score_call(t, org=ORG).criteria for e in c.evidence)
    assert "maria" not in quotes.lower() and "555" not in quotes and "eighty two" not in quotes


def test_low_asr_confidence_flag_comes_from_the_transcript():
    t = call(GREETING, *CLOSING)
    t.flags.append("low_asr_confidence")
    assert "low_asr_confidence" in score_call(t, org=ORG).flags


def test_weights_and_not_applicable_criteria():
    from models.interchange import CriterionResult
    from rubrics.score import total_of

    rows = [CriterionResult(id="a", kind="k", score=20, max=40, passed=False, confidence=1),
            CriterionResult(id="b", kind="k", score=10, max=10, passed=True, confidence=1),
            CriterionResult(id="c", kind="k", score=50, max=50, passed=None, confidence=1)]
    assert total_of(rows) == pytest.approx(60.0)  # 30 of 50 applicable points


def test_empathy_models_retrain_with_analyst_examples(tmp_path):
    import joblib

    from rubrics.phrase_models import predict_proba, train_phrase_models

    phrase = "zorbly quantum pickles"  # words the shipped corpus never saw
    extra = {"distress": [(phrase, 1)] * 30 + [("the weather is fine", 0)] * 30}
    report = train_phrase_models(extra_examples=extra, directory=tmp_path, folds=2)
    assert report["distress"]["examples"] > 60 and 0 < report["distress"]["cv_f1"] <= 1
    assert {"cv_precision", "cv_recall"} <= set(report["empathy"])
    assert (tmp_path / "metrics.json").exists()
    model = joblib.load(tmp_path / "distress.joblib")
    assert predict_proba(model, [phrase])[0] > 0.5


# --- phrasings from the hand-written held-out calls ---------------------------------------------------

@pytest.mark.parametrize("text", [
    "I got this like, heavy feeling in my chest, like somebody's sitting on it, and it's going up into my jaw",
    "the left side of my face feels kind of droopy, my smile's crooked and my words are coming out a little mushy",
    "right now my heart is racing and I feel like I'm going to pass out",
    "everything's felt so heavy lately, I've been giving my things away",
    "I cut my hand on a table saw and it's spurting, the rag is soaking through",
    "no blood thinners um he can't catch his breath",
])
def test_red_flags_said_in_everyday_words(text):
    t = call(GREETING, ("caller", text), ("agent", "Okay, let's find you an appointment next week."), *CLOSING)
    r = criterion(score_call(t, org=ORG), "escalation")
    assert r.details["red_flag_segments"] == [1] and r.passed is False


def test_infant_age_said_before_the_fever_and_history_said_as_since_i_had():
    t = call(GREETING, ("caller", "it's my son, he's only five weeks old"), ("agent", "What's going on tonight?"),
             ("caller", "he feels burning hot, a hundred and one"),
             ("agent", "I'm transferring you to our on-call nurse right now."), call_type="triage")
    assert criterion(score_call(t, org=ORG), "escalation").details["red_flag_segments"] == [3]
    t = call(GREETING, ("caller", "I've been on it since I had the stroke, that was two years ago"),
             ("agent", "Okay."), *CLOSING)
    assert criterion(score_call(t, org=ORG), "escalation").details["red_flag_segments"] == []


def test_an_agent_who_says_the_birth_date_first_discloses_it():
    t = call(GREETING, ("agent", "What's your name?"), ("caller", "siobhan mckeown"),
             ("agent", "Okay, I see a Siobhan here. Is your birthday March third, nineteen ninety-four?"),
             ("caller", "yep that's me"), ("agent", "Great. Dr. Albrecht has Tuesday the ninth at eleven twenty."))
    r = criterion(score_call(t, org=ORG), "identity_verification")
    assert r.passed is False and r.details["first_disclosure_segment"] == 3


def test_a_caller_naming_the_patient_is_a_third_party_and_a_full_name_introduction_counts():
    t = call(GREETING, ("caller", "hi, I'm calling to get the blood test results for Elena Marchetti"),
             ("agent", "Okay, and what's her date of birth?"), ("caller", "april fourth, nineteen seventy-two"),
             ("agent", "Thank you. Dr. Nakamura reviewed them, her iron is low and her thyroid level came back high."))
    r = criterion(score_call(t, org=ORG), "identity_verification")
    assert r.details["third_party"] is True and r.details["authorization_checked"] is False and r.passed is False
    t = call(GREETING, ("caller", "hi, it's Gloria Vantongeren, I'm almost out of my blood pressure pill"),
             ("agent", "Can I get your date of birth?"), ("caller", "may twenty-ninth, nineteen sixty-seven"),
             ("agent", "Thank you. I see the metoprolol twenty-five milligram, last filled August second."))
    r = criterion(score_call(t, org=ORG), "identity_verification")
    assert r.passed is True and r.details["missing_identifiers"] == []


def test_distress_needs_a_word_of_distress_and_said_outright_is_enough():
    t = call(GREETING, ("caller", "morning. my GP sent over a referral for me, I'm supposed to call and set it up"),
             ("agent", "Sure, let me get that scheduled."), *CLOSING)
    assert criterion(score_call(t, org=ORG), "empathy").details["distress_segments"] == []
    t = call(GREETING, ("caller", "oh my god. I'm so scared, is she going to be okay?"),
             ("agent", "Let me check the schedule."), ("caller", "okay"), ("agent", "Tuesday works."), *CLOSING)
    r = criterion(score_call(t, org=ORG), "empathy")
    assert r.details["distress_segments"] == [1] and r.passed is False


def test_a_value_changed_after_the_read_back_is_compared_with_the_new_value():
    # the caller says the number the agent read from the file is the old one
    phone = [("agent", "I have a phone number here of five zero three, five five five, zero one four one, is that "
                       "still best?"),
             ("caller", "Oh, no, that's my old one. The new one is five zero three, five five five, zero one eight "
                        "four."), ("agent", "Zero one eight four, thank you.")]
    assert _accuracy(phone, {"phone": "503-555-0141"}).details["mismatched_fields"] == ["phone"]
    assert _accuracy(phone, {"phone": "503-555-0184"}).details["matched_fields"] == ["phone"]
    # a digit corrected in words, and the agent reading the corrected ID ("double-oh" is two zeros)
    member = [("agent", "And your member ID?"),
              ("caller", "it's H as in hotel, Q, then four, double-oh, seven, two, nine, one."),
              ("agent", "H Q four zero zero seven two nine one?"),
              ("caller", "Oh wait, no, sorry, the last one's a seven, not a one. Seven."),
              ("agent", "No worries. H Q four zero zero seven two nine seven."), ("caller", "okay, good")]
    assert _accuracy(member, {"member_id": "HQ4007291"}).details["mismatched_fields"] == ["member_id"]
    assert _accuracy(member, {"member_id": "HQ4007297"}).details["matched_fields"] == ["member_id"]
    # the caller takes back an agreed slot and the agent books another
    slot = [("agent", "Dr. Mbeki has Tuesday the seventh at four fifteen. Would that work?"),
            ("caller", "Tuesday at four fifteen, yeah"),
            ("agent", "Great, booking Tuesday the seventh at four fifteen with Dr. Mbeki."),
            ("caller", "oh wait, sorry, I have a shift on Tuesdays. could it be the Wednesday? the eighth? same time"),
            ("agent", "Let me see, yes, Wednesday the eighth at four fifteen is open too."),
            ("caller", "okay Wednesday then")]
    assert _accuracy(slot, {"appointment": "2031-10-07 16:15"}).details["mismatched_fields"] == ["appointment"]
    assert _accuracy(slot, {"appointment": "2031-10-08 16:15"}).details["matched_fields"] == ["appointment"]


@pytest.mark.parametrize(("text", "kind"), [
    ("my calf on the same side is really swollen and kinda hot, and it's been getting worse", "leg_clot"),
    ("I got really winded just walking to the bathroom this morning", "breathing"),
    ("it kinda hurts right here on the side when I take a deep breath", "breathing"),
    ("his lips look kind of, kind of grayish blue?", "breathing"),
    ("I have to shake him two, three times before he answers me", "consciousness"),
    ("it was like somebody hit me in the back of the head with a bat", "headache"),
    ("it's nothing like my normal migraines, it's the worst one I've ever had in my life", "worst_headache"),
])
def test_red_flags_from_the_thirteenth_round(text, kind):
    t = call(GREETING, ("caller", text), ("agent", "Okay, let's find you an appointment next week."), *CLOSING)
    r = criterion(score_call(t, org=ORG), "escalation")
    assert r.details["red_flags"] == [{"segment": 1, "type": kind}] and r.passed is False


def test_history_said_as_since_the_heart_attack_is_no_red_flag_and_no_distress():
    t = call(GREETING, ("caller", "hi, um, so I'm, I'm trying to figure out the whole cost thing before I book my next "
                                  "checkup? I go every six months since the heart attack, that was back in twenty "
                                  "twenty-nine"), ("agent", "Sure, let me look."), *CLOSING)
    res = score_call(t, org=ORG)
    assert criterion(res, "escalation").details["red_flag_segments"] == []
    assert criterion(res, "empathy").details["distress_segments"] == []


def test_disclosures_third_parties_and_authorization_from_the_thirteenth_round():
    # a residence's staff calling about "one of our guys", told his appointment unasked
    t = call(GREETING, ("caller", "hi, this is Rhiannon, I'm calling from Birchwood House, I'm calling about one of "
                                  "our guys, Kwabena Asante-Mills"),
             ("agent", "Sure, one sec. Okay, yeah. He's got the EEG follow-up with Dr. Lindqvist on the fourteenth."),
             *CLOSING)
    r = criterion(score_call(t, org=ORG), "identity_verification")
    assert r.details["third_party"] is True and r.passed is False and r.details["first_disclosure_segment"] == 2
    # a deductible told before the name and date of birth were asked for
    t = call(GREETING, ("caller", "I want to figure out the cost before I book"),
             ("agent", "Okay. There's only about three-sixty left before you hit the deductible."),
             ("agent", "And what's your name and date of birth?"), ("caller", "Elif Karaca, june second, sixty-six"),
             *CLOSING)
    assert criterion(score_call(t, org=ORG), "identity_verification").details["first_disclosure_segment"] == 2
    # authorization asked in other words
    for check in ("Has Mrs. Ferreira put you down with us as somebody we're allowed to talk to about her care?",
                  "Did Samir put you down as someone we can go over his care with? It'd be on the sharing form."):
        t = call(GREETING, ("caller", "hi, I'm calling for my neighbor, Ilidia Ferreira, about her eye surgery"),
                 ("agent", check), ("caller", "yes"), *CLOSING)
        assert criterion(score_call(t, org=ORG), "identity_verification").details["authorization_checked"] is True


def test_frustration_and_being_worn_down_are_distress_and_their_acknowledgement_empathy():
    t = call(GREETING, ("caller", "honestly I'm kind of falling apart over here, I don't think I've sat down since "
                                  "tuesday"), ("agent", "Okay. What's the best number for you?"), *CLOSING)
    assert criterion(score_call(t, org=ORG), "empathy").details["distress_segments"] == [1]
    t = call(GREETING, ("caller", "oh for crying out loud. I sat in your waiting room for three hours. I'm not some "
                                  "stranger off the street"),
             ("agent", "No, it's maddening to hit a wall when you're only trying to help her. I'd be fed up too."),
             *CLOSING)
    r = criterion(score_call(t, org=ORG), "empathy")
    assert r.details["distress_segments"] == [1] and r.passed is True


@pytest.mark.parametrize("disclosure", [
    "The biopsy showed no cancer.",
    "Nothing abnormal showed up on the scan.",
    "Looks like the surgeon bumped the knee scope to Friday.",
])
def test_the_disclosure_model_finds_what_the_patterns_have_not_seen(disclosure):
    from rubrics.criteria.identity import DISCLOSURE

    assert not DISCLOSURE.search(disclosure.lower())
    t = call(GREETING, ("caller", "hi, i'm calling about my results"), ("agent", disclosure), ("caller", "oh good"),
             ("agent", "Can I get your name and date of birth?"), ("caller", "ann lee april first nineteen forty"),
             *CLOSING)
    r = criterion(score_call(t, org=ORG), "identity_verification")
    assert r.passed is False and r.details["first_disclosure_segment"] == 2
    # the model alone can be turned off (threshold 1): the patterns then miss it
    from rubrics.criteria import Context
    from rubrics.criteria.identity import analyze

    assert analyze(Context(transcript=t), ["name", "dob"], disclosure_threshold=1.0)["disclosures"] == []


def test_requests_offers_instructions_and_confirmations_are_not_disclosures():
    t = call(GREETING, ("caller", "hi, i need to book a visit"),
             ("agent", "Dr. Lee has an opening on the 14th. Can I get your date of birth?"), ("caller", "no wait"),
             ("agent", "Tell your son to unlock the front door. I'm going to transfer you to the nurse line."),
             ("agent", "Okay, I've found your study record."), *CLOSING)
    from rubrics.criteria import Context
    from rubrics.criteria.identity import analyze

    assert analyze(Context(transcript=t), ["name", "dob"])["disclosures"] == []


def test_the_legal_name_the_physician_assistant_and_a_disclosure_with_a_title_inside():
    nickname = [("caller", "it's Bill, Bill Hartigan. well, his legal name is William, William Hartigan, everyone "
                           "just calls him Bill")]
    assert _accuracy(nickname, {"name": "Bill Hartigan"}).details["mismatched_fields"] == ["name"]
    assert _accuracy(nickname, {"name": "William Hartigan"}).details["mismatched_fields"] == []
    pa = [("agent", "Your knee follow-up with Dr. Kowalczyk got moved to the twenty-fourth."), ("caller", "okay"),
          ("agent", "Dr. Kowalczyk's physician assistant, Jonah Reyes, has Friday the fourteenth at eight a.m."),
          ("caller", "the fourteenth is fine"),
          ("agent", "Done. Friday February fourteenth at eight with Jonah Reyes, PA.")]
    assert _accuracy(pa, {"provider": "Jonah Reyes, PA"}).details["mismatched_fields"] == []
    # "Dr." does not end a sentence: the appointment told back is one sentence with its day and time
    t = call(GREETING, ("caller", "I need to move my colonoscopy"), ("agent", "What's the name?"),
             ("caller", "Marisol Quintanilla"),
             ("agent", "Yep, there you are, you've got the colonoscopy with Dr. Aalto on the eleventh at seven thirty. "
                       "Can I get your date of birth real quick?"),
             ("caller", "april nineteenth, eighty-two"), *CLOSING)
    r = criterion(score_call(t, org=ORG), "identity_verification")
    assert r.passed is False and r.details["first_disclosure_segment"] == 4
    assert r.details["identifiers"][0]["requested_segment"] == 2


def test_fifteenth_and_sixteenth_round_phrasings():
    # red flags: a calf gone fat and hot with a catch on breathing in; puffed-up lips; "parked something on my chest"
    for text in ("the calf, the right one, it's gone kind of fat and hot since yesterday",
                 "there's a little catch when I take a big breath in, here on the side",
                 "this morning my lips are kind of puffed up, like, noticeably",
                 "sort of a, like a heavy, like somebody parked something on my chest"):
        t = call(GREETING, ("caller", text), ("agent", "Okay, let's find you an appointment next week."), *CLOSING)
        assert criterion(score_call(t, org=ORG), "escalation").details["red_flag_segments"] == [1], text
    # third parties: a spouse's MRI, an interpreter, an agency's client, a provider's office checking eligibility
    for text in ("hi, I'm calling to check if my husband's MRI is gonna be covered",
                 "hello, this is interpreter Halima, ID number four one zero six",
                 "I'm just trying to close the loop on a referral for one of our clients",
                 "I'm at the front desk at Northgate Physical Therapy, we're checking eligibility on a new patient"):
        t = call(GREETING, ("caller", text), ("agent", "Okay. His prior auth was approved on the eighteenth."),
                 *CLOSING)
        r = criterion(score_call(t, org=ORG), "identity_verification")
        assert r.details["third_party"] is True and r.passed is False, text
    for check in ("Can I get your practice's NPI so I can make sure you're a contracted provider?",
                  "Are you okay with me discussing your referral with your husband on this call?"):
        t = call(GREETING, ("caller", "hi, I'm calling for my wife, about her referral"), ("agent", check),
                 ("caller", "yes"), *CLOSING)
        assert criterion(score_call(t, org=ORG), "identity_verification").details["authorization_checked"] is True


def test_times_named_without_at_and_a_read_back_the_caller_corrects():
    turns = [("agent", "Tuesday the eighteenth I've got a two forty or a three fifteen, both with Dr. Kowalczyk."),
             ("caller", "three fifteen. oh, wait, no, no. the two forty. sorry."),
             ("agent", "No worries at all. Okay, you're set for Tuesday the eighteenth.")]
    assert _accuracy(turns, {"appointment": "2031-03-18 15:15"}).details["mismatched_fields"] == ["appointment"]
    moved = [("agent", "Let me check your next visit, I have Thursday September fourth at eight thirty?"),
             ("caller", "oh, they moved me, didn't they tell you? it's nine thirty now. nine thirty, same day")]
    assert _accuracy(moved, {"appointment": "2031-09-04 09:30"}).details["mismatched_fields"] == []
    # a time said after a correction is no corrected phone digit; a year after a comma is no clock time
    phone = [("agent", "And a good callback number?"),
             ("caller", "two oh six, five five five, oh one four seven. oh, wait, actually, can you do the "
                        "Thursday one instead? the two fifteen")]
    assert _accuracy(phone, {"phone": "206-555-0147"}).details["mismatched_fields"] == []
    dob = [("agent", "What's her date of birth?"),
           ("caller", "um, I have it here... April thirtieth, nineteen forty-six")]
    assert _accuracy(dob + [("agent", "Dr. Mbeki has her Wednesday the eleventh at ten twenty.")],
                     {"dob": "1946-04-30", "appointment": "2031-06-11 10:20"}).details["mismatched_fields"] == []
    new_number = [("agent", "It went to an old number. What's the new number?"),
                  ("caller", "it's four one two, five five five, zero one six three")]
    assert _accuracy(new_number, {"phone": "412-555-0136"}).details["mismatched_fields"] == ["phone"]


def test_seventeenth_and_eighteenth_round_phrasings():
    for text in ("I've got this, this pressure thing in my chest again, it's not going away this time",
                 "I've been throwing up, and the last two times there was, it was blood. like bright red",
                 "there's like a a gray curtain coming down over the top of my right eye"):
        t = call(GREETING, ("caller", text), ("agent", "Okay, let's find you an appointment next week."), *CLOSING)
        assert criterion(score_call(t, org=ORG), "escalation").details["red_flag_segments"] == [1], text
    chronic = call(GREETING, ("caller", "his speech is kind of slurred but that's from the stroke he had in twenty "
                                        "nineteen it's not new that's just how he's been"),
                   ("agent", "Okay."), *CLOSING)
    assert criterion(score_call(chronic, org=ORG), "escalation").details["red_flag_segments"] == []
    for text in ("hi, um, I'm calling to check the time for Devraj's procedure, Devraj Malhotra?",
                 "hi delphine, it's kwame over at clearwater imaging, N.P.I. is one two six, four four oh"):
        t = call(GREETING, ("caller", text), ("agent", "So he's got the colonoscopy on Tuesday the twenty-second."),
                 *CLOSING)
        assert criterion(score_call(t, org=ORG), "identity_verification").details["third_party"] is True, text
    calm = call(GREETING, ("caller", "i had a stress test on monday and i'm just trying to find out the results"),
                ("agent", "Sure."), *CLOSING)
    assert criterion(score_call(calm, org=ORG), "empathy").details["distress_segments"] == []


def test_a_birthday_corrected_later_and_an_id_said_over_a_backchannel():
    dob = [("agent", "Can I get your date of birth?"), ("caller", "september fourth, nineteen seventy-five"),
           ("agent", "Hmm, that's not quite what I've got here. What's going on?"), ("caller", "my bloodwork"),
           ("agent", "Okay, let me look."),
           ("caller", "oh, wait, did I say the fourth? it's the fourteenth. september fourteenth.")]
    assert _accuracy(dob, {"dob": "1975-09-14"}).details["mismatched_fields"] == []
    member = [("agent", "I'll need to verify with your member id."),
              ("caller", "hold on it's in my wallet um okay it's m h p four four seven"), ("agent", "mm-hmm"),
              ("caller", "two oh nine one three")]
    assert _accuracy(member, {"member_id": "MHP44702913"}).details["mismatched_fields"] == ["member_id"]
    assert _accuracy(member, {"member_id": "MHP44720913"}).details["mismatched_fields"] == []


def test_nineteenth_round_phrasings():
    # a nurse's assessment questions before the 911 instruction do not make it late
    t = call(GREETING, ("caller", "it's the worst headache I've ever had, like someone hit me in the back of the head"),
             ("agent", "did it come on all at once, like full strength within a minute?"), ("caller", "yeah"),
             ("agent", "any neck stiffness, or trouble with your vision?"), ("caller", "my neck's kind of stiff"),
             ("agent", "a headache that starts that suddenly needs an emergency room. Please call nine one one."))
    assert criterion(score_call(t, org=ORG), "escalation").details["escalated"] is True
    for text in ("hi Anil, this is Farida calling from Maple Grove Family Practice, Dr. Lindqvist's office",
                 "yes hello, um, my wife had her hip done, the replacement, she came home Saturday"):
        t = call(GREETING, ("caller", text), ("agent", "Okay. His prior auth was approved on the eighteenth."),
                 *CLOSING)
        assert criterion(score_call(t, org=ORG), "identity_verification").details["third_party"] is True, text
    history = call(GREETING, ("caller", "my dad had a stroke at sixty, if that matters"), ("agent", "Okay."), *CLOSING)
    assert criterion(score_call(history, org=ORG), "identity_verification").details["third_party"] is False
    phone = [("caller", "can you update my phone number? I got a new one"), ("agent", "sure, go ahead"),
             ("caller", "it's six one seven, five five five, oh one nine three"),
             ("agent", "six one seven, five five five, oh one nine three"),
             ("caller", "wait, no, sorry, oh one eight three. I still don't have it memorized")]
    assert _accuracy(phone, {"phone": "617-555-0193"}).details["mismatched_fields"] == ["phone"]
    assert _accuracy(phone, {"phone": "617-555-0183"}).details["mismatched_fields"] == []


def test_twentieth_round_phrasings():
    # history: "because of the heart attack last spring they keep a close eye on her"
    t = call(GREETING, ("caller", "right, yeah, because of the heart attack last spring they keep a close eye on her"),
             ("agent", "Okay."), *CLOSING)
    assert criterion(score_call(t, org=ORG), "escalation").details["red_flag_segments"] == []
    # a year corrected after "oh, no"; a spelling with "capital A" in it
    dob = [("agent", "Can you confirm your date of birth?"),
           ("caller", "march twenty-first, nineteen sixty-two, oh, no, sixty-three. sorry, it's been a long week")]
    assert _accuracy(dob, {"dob": "1963-03-21"}).details["mismatched_fields"] == []
    name = [("agent", "Your name?"), ("caller", "Fergus MacAulay, that's M-A-C, capital A, U-L-A-Y")]
    assert _accuracy(name, {"name": "Fergus MacAulay"}).details["mismatched_fields"] == []
    assert _accuracy(name, {"name": "Fergus McAulay"}).details["mismatched_fields"] == ["name"]


def test_twenty_first_round_phrasings():
    idv = "identity_verification"
    # the agent says the date of birth does not match, then discloses anyway: not verified
    failed = call(GREETING, ("caller", "I'm waiting on biopsy results"),
                  ("agent", "what's your name and date of birth?"),
                  ("caller", "Nadia Okafor, and it's seven nineteen nineteen sixty-six"),
                  ("agent", "okay, I've got a Nadia Okafor but the birthday in here is, um, it's different"),
                  ("caller", "oh, maybe somebody typed it wrong? it's July nineteenth, sixty-six"),
                  ("agent", "yeah, it's not matching, but it's probably a typo. okay so the pathology's back, and it "
                            "says the polyps were benign"), *CLOSING)
    result = criterion(score_call(failed, org=ORG), idv)
    assert result.passed is False and result.details["disclosure_before_verification"] is True
    # ... and one the caller then gives right is verified
    fixed = call(GREETING, ("agent", "what's your name and date of birth?"),
                 ("caller", "Nadia Okafor, seven nineteen sixty-six"),
                 ("agent", "hmm, that date of birth doesn't match what I have. could you say it again?"),
                 ("caller", "oh sorry, July twentieth, nineteen sixty-six"),
                 ("agent", "thank you, that matches. your results came back normal."), *CLOSING)
    assert criterion(score_call(fixed, org=ORG), idv).passed is True
    # a roommate calling for results, an office's medical assistant, a spouse whose husband "has an MRI"
    for text in ("hey, so my roommate was in there yesterday, Mei Zhou, and she asked me to call for the results",
                 "hi, this is Tanisha, I'm the M A over at Eastgate Family Medicine, calling about a referral",
                 "hi, um, my husband has an MRI scheduled with you guys"):
        t = call(GREETING, ("caller", text), ("agent", "Okay. Her results came back normal."), *CLOSING)
        assert criterion(score_call(t, org=ORG), idv).details["third_party"] is True, text
    # an offered slot with a provider is no disclosure; "is anybody there with you?" asks for no name
    offer = call(GREETING,
                 ("caller", "hi, yes, Priya Raman, date of birth eleven twelve eighty-eight, I need a physical"),
                 ("agent", "that'd be Matteo Ferreira, one of our NPs. his next physical slot is October second at "
                           "eight thirty"), ("caller", "that works"), *CLOSING)
    assert criterion(score_call(offer, org=ORG), idv).details["first_disclosure_segment"] is None
    outbound = call(("agent", "hi, this is Paul, a nurse with St. Brendan's, calling for Dolores Whitehorse?"),
                    ("caller", "this is Dolores"), ("agent", "can you confirm your date of birth for me?"),
                    ("caller", "five twenty-two, nineteen forty-nine"),
                    ("agent", "thank you. I'm checking in since you went home Friday after your knee replacement."),
                    ("caller", "it's alright"), ("agent", "is anybody there with you?"), ("caller", "my grandson"))
    assert criterion(score_call(outbound, org=ORG), idv).passed is True
    # "tell me exactly what you're seeing" and "have her try it now" are assessment, not a missed window
    stroke = call(GREETING, ("caller", "my mom's words are coming out slurred and her face is drooping"),
                  ("agent", "okay, tell me exactly what you're seeing"), ("caller", "her right arm is weak"),
                  ("agent", "can she lift both arms up in front of her? have her try it now"),
                  ("caller", "the right one keeps drifting down"),
                  ("agent", "those can be signs of a stroke, so she needs 911 right now."))
    assert criterion(score_call(stroke, org=ORG), "escalation").details["escalated"] is True
    lips = call(GREETING, ("caller", "since the injection my lips got kind of puffy and my throat feels, like, thick"),
                ("agent", "okay, I'll note that."), *CLOSING)
    assert criterion(score_call(lips, org=ORG), "escalation").details["red_flag_segments"] == [1]


def test_twenty_first_round_records():
    # the agent withdraws the slot the caller took and books another
    slot = [("agent", "she has the seventeenth at two fifty or the twentieth at ten a.m."),
            ("caller", "the seventeenth. two fifty"),
            ("agent", "oh, actually, shoot, the two fifty just got grabbed. I can do three ten that same day"),
            ("caller", "three ten's fine"),
            ("agent", "alright, you're all set, Wednesday the seventeenth at three ten")]
    assert _accuracy(slot, {"appointment": "2031-09-17 14:50"}).details["mismatched_fields"] == ["appointment"]
    assert _accuracy(slot, {"appointment": "2031-09-17 15:10"}).details["mismatched_fields"] == []
    # the caller's ID from the card, read back wrong by the agent without the caller agreeing
    card = [("caller", "do you need the number off his card? it's S M seven seven zero two, uh, one five eight"),
            ("agent", "sure, S M seven seven zero two five one eight, got it"), ("caller", "and how much will he owe?")]
    assert _accuracy(card, {"member_id": "SM7702518"}).details["mismatched_fields"] == ["member_id"]
    assert _accuracy(card, {"member_id": "SM7702158"}).details["mismatched_fields"] == []
    # an office's own line is not the patient's phone; the number on the referral, affirmed, is
    office = [("agent", "can I get your callback number, and then the patient's name?"),
              ("caller", "our direct line is four oh four, five five five, zero one two nine. the patient is Deshaun"),
              ("agent", "is the number on the referral still good? I have four oh four, five five five, zero one six "
                        "two"), ("caller", "yep, that's what we have too")]
    assert _accuracy(office, {"phone": "404-555-0162"}).details["mismatched_fields"] == []
    # a year said first and the month said twice
    dob = [("agent", "can you give me your date of birth?"),
           ("caller", "nineteen ninety, August, um, August thirty-first")]
    assert _accuracy(dob, {"dob": "1990-08-31"}).details["mismatched_fields"] == []
    assert _accuracy(dob, {"dob": "1990-08-13"}).details["mismatched_fields"] == ["dob"]


def test_twenty_second_to_twenty_fourth_round_phrasings():
    idv = "identity_verification"
    # a diagnosis told to a husband who was never checked
    t = call(GREETING, ("caller", "my name's Victor, I'm calling for my wife, Linda Amsel, about her biopsy"),
             ("agent", "What's her date of birth?"), ("caller", "February 14th, 1962."),
             ("agent", "Okay, I see Linda. So the pathology did come back yesterday. It was a basal cell carcinoma."),
             *CLOSING)
    result = criterion(score_call(t, org=ORG), idv)
    assert result.passed is False and result.details["first_disclosure_segment"] == 4
    # the wife answers, the patient comes to the phone and verifies himself
    t = call(("agent", "Hello, this is Marco with the nurse follow-up team. May I speak with Thomas, please?"),
             ("caller", "This is his wife. He's lying down. Is this about his knee?"),
             ("agent", "It's a routine follow-up call. Would he be able to come to the phone?"),
             ("caller", "Hold on. Tom! Tom, it's the hospital. ... Yeah, hello, this is Tom."),
             ("agent", "Hi Tom. Can you give me your full name and date of birth?"),
             ("caller", "Thomas Aldana, uh, 10/19/55."),
             ("agent", "Thank you, Mr. Aldana. I'm calling to check on you after your knee replacement."))
    result = criterion(score_call(t, org=ORG), idv)
    assert result.passed is True and result.details["third_party"] is False
    # a facility's nurse calling about "a resident of ours"; a home-health nurse checked against the care team
    t = call(GREETING, ("caller", "Hi, this is Renata, I'm one of the nurses over at Birchwood Manor? I'm calling "
                                  "about a resident of ours, Harold Lindqvist."),
             ("agent", "What's his date of birth?"), ("caller", "December 1st, 1936."),
             ("agent", "Okay, I've got him. So his labs came back. His potassium was low."), *CLOSING)
    result = criterion(score_call(t, org=ORG), idv)
    assert result.details["third_party"] is True and result.details["disclosure_before_authorization"] is True
    t = call(GREETING, ("caller", "this is Yolanda, I'm an RN with Compass Home Health, I'm at a patient's house"),
             ("agent", "What's the patient's name and date of birth?"),
             ("caller", "Leonard Voss, V-O-S-S, March twenty-fifth, 1940."),
             ("agent", "Let me make sure you're on his care team... Yes, I see Compass listed for skilled nursing. "
                       "His last visit notes say his pressure has been high."), *CLOSING)
    assert criterion(score_call(t, org=ORG), idv).details["authorization_checked"] is True
    # the agent reads a different birth date from the record, then goes on anyway
    t = call(("agent", "Hi, this is Lark, a nurse calling from St. Brendan's. May I speak with Seun Adeyemi?"),
             ("caller", "Yeah, that's me."), ("agent", "Great. To verify, can I get your date of birth?"),
             ("caller", "April 2nd, 1971."),
             ("agent", "Hmm, I've got April 12th here. Probably just a typo. So I'm calling to check in after your "
                       "gallbladder surgery."))
    assert criterion(score_call(t, org=ORG), idv).passed is False
    # a relative's study "years back" is history, not a third-party call
    t = call(GREETING, ("agent", "What's your full name and date of birth?"),
             ("caller", "Deshawn Pettigrew. May sixteenth, seventy-one."),
             ("agent", "Thanks. I have the referral from Dr. Nakamura for the study."),
             ("caller", "I'm kind of nervous. My mom was in some study years back and she got real sick from it."),
             *CLOSING)
    assert criterion(score_call(t, org=ORG), idv).details["third_party"] is False
    # red flags: a word said twice, pressure "in the middle of my chest", a hypertensive emergency
    for text, kind in (("my right hand went numb and the right side of my mouth is, is droopy", "stroke"),
                       ("Kind of a pressure, right in the middle of my chest. It goes up into my jaw.", "chest_pain"),
                       ("his pressure's 212 over 124, he has a bad headache and his vision's blurry",
                        "hypertensive_emergency")):
        t = call(GREETING, ("caller", text), ("agent", "Okay, let me book you."), *CLOSING)
        assert criterion(score_call(t, org=ORG), "escalation").details["red_flags"] == [
            {"segment": 1, "type": kind}], text


def test_twenty_second_to_twenty_fourth_round_empathy_and_records():
    # sarcasm is distress; a word of distress and the model's call must be in the same sentence; a waved-off
    # symptom is none
    t = call(GREETING, ("caller", "Oh, perfect. Love that. So I just keep limping around on this thing until somebody "
                                  "decides I've suffered enough. Great system."),
             ("agent", "The denial letter went to your address on file."), *CLOSING)
    assert criterion(score_call(t, org=ORG), "empathy").details["distress_segments"] == [1]
    for text in ("Three times a day, like she said. And I'm using the walker everywhere.",
                 "And could you mail me a new card? Mine's kind of falling apart.",
                 "My hand's still a little clumsy, I keep hitting the wrong keys on my phone, but it's fine."):
        t = call(GREETING, ("caller", text), ("agent", "Okay."), *CLOSING)
        assert criterion(score_call(t, org=ORG), "empathy").details["distress_segments"] == [], text
    # a caller's new number after "my number changed", the old one kept in the record
    phone = [("caller", "Oh, and my number changed, I switched carriers. Can you update that?"),
             ("agent", "Sure. I have 505-555-0142 on file."),
             ("caller", "Yeah, that's the old one. The new one is five oh five, five five five, oh one five eight."),
             ("agent", "505-555-0158. Got it.")]
    assert _accuracy(phone, {"phone": "505-555-0142"}).details["mismatched_fields"] == ["phone"]
    assert _accuracy(phone, {"phone": "505-555-0158"}).details["mismatched_fields"] == []


def test_twenty_fifth_round_phrasings():
    # fever with a stiff neck and purple spots is a red flag; "I've been sick since yesterday" is no distress
    t = call(GREETING, ("caller", "Hey, I've been sick since like yesterday."), ("agent", "What symptoms?"),
             ("caller", "Fever, it was 103 this morning. My neck's real stiff, and I got these little purple spots on "
                        "my legs."), ("agent", "Okay, fever and headache. Let me see what we have."), *CLOSING)
    result = score_call(t, org=ORG)
    assert criterion(result, "escalation").details["red_flags"] == [{"segment": 3, "type": "meningitis"}]
    assert criterion(result, "empathy").details["distress_segments"] == []
    # spelling a name "with a D-T at the end" is no distress
    t = call(GREETING, ("caller", "Kaitlyn Brandt, that's K-A-I-T-L-Y-N, and Brandt with a D-T at the end."),
             ("agent", "Thank you."), *CLOSING)
    assert criterion(score_call(t, org=ORG), "empathy").details["distress_segments"] == []
    # a day corrected within the turn, then the wrong one mentioned again
    dob = [("agent", "Can I get your date of birth?"),
           ("caller", "Birthday's October 19th, '61. Oh, wait, no, sorry, October 9th. The 19th is my wife's.")]
    assert _accuracy(dob, {"dob": "1961-10-19"}).details["mismatched_fields"] == ["dob"]
    assert _accuracy(dob, {"dob": "1961-10-09"}).details["mismatched_fields"] == []


def test_twenty_sixth_and_seventh_round_phrasings():
    idv = "identity_verification"
    # "you were seen at our urgent care ... and they started you on amoxicillin" discloses before the birth date
    t = call(GREETING, ("caller", "Hi, um, Cody Vanderwall. I got a rash."),
             ("agent", "Okay, Cody, here you are. Looks like you were seen at our urgent care on Tuesday for a sinus "
                       "infection, and they started you on amoxicillin."), ("caller", "Yeah."),
             ("agent", "And can I get your date of birth?"), ("caller", "One seventeen, oh two."), *CLOSING)
    assert criterion(score_call(t, org=ORG), idv).passed is False
    # "I don't know if you need that" is no refusal; "the name on the card" asks for the name
    t = call(GREETING, ("agent", "Sure, go ahead with the member ID."),
             ("caller", "It's Q as in queen, T, then 5 8 0 3 1 7 2 6. Oh, and a dash zero one, I don't know if you "
                        "need that."), ("agent", "And the name on the card?"), ("caller", "Fernando Iturbe-Castillo."),
             ("agent", "Thank you, that matches. Your plan covers an in-lab sleep study at eighty percent."), *CLOSING)
    member_org = OrgOverrides(name="Riverside Family Medicine", verification_identifiers=["name", "member_id"])
    assert criterion(score_call(t, org=member_org), idv).passed is True
    # "Abe Kettleworth here"; a parent who gives the child's birthday first, checked on the chart in the same turn
    t = call(GREETING, ("caller", "Morning! Abe Kettleworth here, I need to move my Thursday visit."),
             ("agent", "Can I get your date of birth, Abe?"), ("caller", "Fourth of November, sixty-eight."),
             ("agent", "Thank you. I see your week-six visit Thursday the 10th at 8:00."), *CLOSING)
    assert criterion(score_call(t, org=ORG), idv).passed is True
    t = call(GREETING, ("caller", "Hi, I'm calling about my son. His birthday's February 20th, 2030."),
             ("agent", "And his name?"), ("caller", "Ezra. Ezra Lindholm-Tate."), ("agent", "And you are?"),
             ("caller", "I'm his mom. Carly."),
             ("agent", "Thanks, Carly. Yep, you're listed as his mother on his chart. I see he was in Tuesday with Dr. "
                       "Okoro for an ear infection."), *CLOSING)
    assert criterion(score_call(t, org=ORG), idv).passed is True
    # red flags in everyday words; a flag told as resolved history is none
    for text, kind in (
            ("the other leg, not the knee one, the right one, the lower part's gotten all puffy since last night. "
             "And it's warm when I put my hand on it", "leg_clot"),
            ("he's panting like a puppy, and when he breathes in the skin right under his ribs kind of sucks in",
             "breathing"),
            ("So I'm thirty-four weeks. My face and my hands have been really puffy since yesterday, and tonight I "
             "keep seeing these little sparkly spots.", "preeclampsia")):
        t = call(GREETING, ("caller", text), ("agent", "Okay."), *CLOSING)
        flags = criterion(score_call(t, org=ORG), "escalation").details["red_flags"]
        assert flags and flags[0]["type"] == kind, (text, flags)
    for text in ("Chest pain? No. That crushing thing, like a cinder block sitting on me, that's what got me in "
                 "there in the first place. Nothing like that since.",
                 "I had one of those mini-strokes back in 2028. Face went droopy for maybe twenty minutes. But that "
                 "was it, it went away, and nothing since."):
        t = call(GREETING, ("caller", text), ("agent", "Okay."), *CLOSING)
        assert criterion(score_call(t, org=ORG), "escalation").details["red_flags"] == [], text
    # indirect distress: embarrassment, grief, "it's been a lot"
    for text in ("I started the prep and I just couldn't do it, I gave up and went to bed. I'm so embarrassed.",
                 "My husband passed in January, and he was the one who cooked, and I just haven't had the heart.",
                 "Um. Hoo. Honestly, it's been a lot. Since he got laid off we've put stuff on the credit card."):
        t = call(GREETING, ("caller", text), ("agent", "Okay. What's your date of birth?"), *CLOSING)
        assert criterion(score_call(t, org=ORG), "empathy").details["distress_segments"] == [1], text
    # a year after a pause and the month said twice
    dob = [("agent", "Can I get your date of birth?"),
           ("caller", "August... August twenty-seventh. Nineteen forty-nine.")]
    assert _accuracy(dob, {"dob": "1949-08-27"}).details["mismatched_fields"] == []


def test_twenty_eighth_round_phrasings():
    idv = "identity_verification"
    # the plan, the end of the member ID and a balance told before the date of birth
    t = call(GREETING, ("caller", "Hi Kim, my name's Marisol Ferreira, I wanted to update my insurance."),
             ("agent", "Sure thing. Okay, here you are. So right now I've got you under Keystone Select PPO, member ID "
                       "ending in 4471, and there's also an $85 balance from your knee injection."),
             ("caller", "Oh. Okay."), ("agent", "And can I have your date of birth real quick?"),
             ("caller", "July 30th, '88."), *CLOSING)
    assert criterion(score_call(t, org=ORG), idv).passed is False
    # "Oh, no. That's a horrible thing to find in your mailbox." acknowledges; a waved-off symptom and "can't sleep
    # with the mask" voice no distress
    t = call(GREETING, ("caller", "I got a bill for three thousand dollars and I can't pay that. I've honestly been "
                                  "sick to my stomach since I opened it."),
             ("agent", "Oh, no. That's a horrible thing to find in your mailbox. Let's figure out what happened."),
             *CLOSING)
    assert criterion(score_call(t, org=ORG), "empathy").passed is True
    for text in ("I got a CPAP and I just, I can't sleep with the mask. I gave up on it after like a month.",
                 "My sister said I should call about the bruise. It's probably nothing."):
        t = call(GREETING, ("caller", text), ("agent", "Okay."), *CLOSING)
        assert criterion(score_call(t, org=ORG), "empathy").details["distress_segments"] == [], text
    # "I'm 31 weeks" with sparkly spots in the vision
    t = call(GREETING, ("caller", "So I'm 31 weeks, and today I keep seeing, like, sparkly spots in my vision."),
             ("agent", "Okay."), *CLOSING)
    assert criterion(score_call(t, org=ORG), "escalation").details["red_flags"][0]["type"] == "preeclampsia"


def test_twenty_ninth_round_phrasings():
    # black, tarry stool is a red flag; a TIA "back in 2022" is history
    t = call(GREETING,
             ("caller", "Since yesterday my stool's been black, like tar. This morning I got real lightheaded."),
             ("agent", "Okay, I'll note that."), *CLOSING)
    assert criterion(score_call(t, org=ORG), "escalation").details["red_flags"][0]["type"] == "gi_bleed"
    t = call(GREETING,
             ("caller", "I had a TIA, the, the mini-stroke thing, back in 2022, and they want me seen yearly."),
             ("agent", "Okay."), *CLOSING)
    assert criterion(score_call(t, org=ORG), "escalation").details["red_flags"] == []
    # "it's, uh, Carmen Espinoza" introduces the caller; "so she can talk to the ER doctor" asks for no name
    t = call(GREETING, ("caller", "Hi Devon, it's, uh, Carmen Espinoza. I'm in the blood thinner study."),
             ("agent", "Can I have your date of birth?"), ("caller", "Ten, nineteen, sixty-six."),
             ("agent", "Thanks. Black stool on the study drug can mean bleeding inside. Go to the emergency room now, "
                       "I'm paging Dr. Whitcomb so she can talk to the ER doctor."), *CLOSING)
    result = criterion(score_call(t, org=ORG), "identity_verification")
    assert result.passed is True and result.details["verified_segment"] == 3
    # a name answered before a refusal of the agent's second question
    t = call(GREETING, ("caller", "hi, I'm a home aide for one of your patients, Beatrice Haverford."),
             ("agent", "Okay. Can I get your name, and are you listed on her authorization form?"),
             ("caller", "it's Yolanda. um, I'm not sure, the agency set it up?"))
    ids = criterion(score_call(t, org=ORG), "identity_verification").details["identifiers"]
    assert next(i for i in ids if i["id"] == "name")["obtained_segment"] == 3
    # "the waiting is the worst part" acknowledges
    t = call(GREETING, ("caller", "She had a biopsy last Wednesday and we're both kind of a wreck waiting on it."),
             ("agent", "Oh, I know, the waiting is the worst part. Let me see if I can find out where it is."),
             *CLOSING)
    assert criterion(score_call(t, org=ORG), "empathy").passed is True


def test_thirtieth_round_phrasings():
    idv = "identity_verification"
    # "I'm seeing the lumbar MRI ... that came back denied", told to a caller for someone else; the relationship
    # asked only afterwards is no authorization check
    t = call(GREETING, ("caller", "Hi. I'm calling about a prior authorization for an MRI for Raymond Okafor. "
                                  "Birthday is May 30th, 1968."),
             ("agent", "Okay, one sec. Okay, so I'm seeing the lumbar MRI that Dr. Pellegrino ordered, and that came "
                       "back denied on the 12th."), ("caller", "Okay."),
             ("agent", "And what's your relationship to him, for the file?"), ("caller", "I'm his wife."), *CLOSING)
    result = criterion(score_call(t, org=ORG), idv)
    assert result.passed is False and result.details["authorization_checked_before_disclosure"] is False
    # "the transitions of care team" in a greeting checks nobody's authorization
    t = call(("agent", "Hi, this is Colleen from Mercy Valley, the transitions of care team. I'm trying to reach Mr. "
                       "Delbert Haines?"), ("caller", "This is his son, Wade. Dad's napping."),
             ("agent", "Oh, okay. I'm following up on his discharge from Tuesday, he was in with heart failure."))
    assert criterion(score_call(t, org=ORG), idv).details["authorization_checked"] is False
    # a thunderclap headache, and "the worst one I've ever had" a turn after the headache
    t = call(GREETING, ("caller", "I got a headache that came on like, like somebody hit me with a bat."),
             ("agent", "Okay."), *CLOSING)
    assert criterion(score_call(t, org=ORG), "escalation").details["red_flags"][0]["type"] == "thunderclap_headache"
    t = call(GREETING, ("caller", "I've got a headache since the gym."), ("agent", "On a scale of one to ten?"),
             ("caller", "It's a ten. It's the worst one I've ever had."), ("agent", "Okay."), *CLOSING)
    assert criterion(score_call(t, org=ORG), "escalation").details["red_flags"] == [
        {"segment": 3, "type": "worst_headache"}]


def test_thirty_first_round_phrasings():
    idv = "identity_verification"
    # "Is this the Fitch residence?" - "Yeah, this is Doug." - "... Eleanor's discharge ...": told to someone else
    t = call(("agent", "Hi, this is Brandon from Riverbend General, the care transitions team. Is this the Fitch "
                       "residence?"), ("caller", "Yeah, this is Doug."),
             ("agent", "Hi, Doug. I'm calling to follow up on Eleanor's discharge Monday after her gallbladder "
                       "surgery."),
             ("caller", "Honestly, man, I'm running on fumes here."), ("agent", "Okay. Which pharmacy do you use?"))
    result = score_call(t, org=ORG)
    assert criterion(result, idv).details["third_party"] is True and criterion(result, idv).passed is False
    assert criterion(result, "empathy").details["distress_segments"] == [3]
    # a discharge date read from the chart after the birth date is no failed verification
    t = call(("agent", "Hi, this is Sarah from Riverside. To verify, what is your full name and date of birth?"),
             ("caller", "Christine Johnson, June ninth, 1992."),
             ("agent", "Thank you, I have the chart pulled up. I see you went home on September 17th."), *CLOSING)
    assert criterion(score_call(t, org=ORG), idv).details["verified_segment"] == 1


def test_thirty_third_and_fourth_round_phrasings():
    # an event dated weeks back is history; a symptom that started then is not
    t = call(GREETING, ("agent", "Any new weakness or trouble getting words out?"),
             ("caller", "no, nothing like that. the stroke was three weeks ago and I've been doing my exercises "
                        "every day."), ("agent", "Good."), *CLOSING)
    result = score_call(t, org=ORG)
    assert criterion(result, "escalation").details["red_flags"] == []
    assert criterion(result, "empathy").details["distress_segments"] == []
    # "put you straight through to the labor and delivery nurse" is a warm transfer
    t = call(GREETING, ("caller", "I'm 34 weeks, I've got a headache that won't quit and now I'm seeing sparkly "
                                  "spots."),
             ("agent", "I'm going to put you straight through to the labor and delivery nurse, stay on the line."),
             *CLOSING)
    assert criterion(score_call(t, org=ORG), "escalation").details["escalated"] is True
    t = call(GREETING, ("caller", "I can't lift my left arm and my face is drooping."),
             ("agent", "I'm ringing the on-call doctor for you now."), *CLOSING)
    assert criterion(score_call(t, org=ORG), "escalation").details["escalated"] is True
    # shaking and not thinking straight; "it's ridiculous" after a sentence with "never" in it
    for text in ("oh god. okay. yes, do that, please. I'm shaking, I can't even think straight",
                 "every time I call, you guys say you never got the fax. It's ridiculous."):
        t = call(GREETING, ("caller", text), ("agent", "Okay."), ("caller", "okay"), ("agent", "Next."), *CLOSING)
        assert criterion(score_call(t, org=ORG), "empathy").details["distress_segments"] == [1], text
    # a birth year broken off at its decade and said again whole
    said = [("agent", "Can you give me your date of birth, please?"),
            ("caller", "February fourteenth, nineteen fifty... fifty-one.")]
    assert _accuracy(said, {"dob": "1951-02-14"}).details["matched_fields"] == ["dob"]
    assert _accuracy(said, {"dob": "1950-02-14"}).details["mismatched_fields"] == ["dob"]
    # a worry come back to after the agent acknowledged the first one is met by that acknowledgement
    t = call(GREETING, ("caller", "this is literally the third time you guys cancelled on me."),
             ("agent", "Oh no, that's really frustrating, I'm sorry about that."), ("caller", "okay."),
             ("agent", "I have Tuesday at 8."), ("caller", "fine."), ("agent", "You're booked."),
             ("caller", "and nobody's gonna cancel this one, right?"), ("agent", "I put a note on it."), *CLOSING)
    r = criterion(score_call(t, org=ORG), "empathy")
    assert r.details["distress_segments"] == [1, 7] and r.passed is True


def test_thirty_sixth_round_phrasings():
    # stroke signs said loosely, passive suicidal thoughts, and history said as "after my heart attack"
    for text, kind in (
        ("since I woke up the left side of my face feels kinda heavy, like it's drooping a little when I smile? "
         "and my wife says I sound like I've had a couple drinks. I haven't.", "stroke"),
        ("just like, everyone would be fine without me. sometimes I think about just not waking up", "suicidal"),
    ):
        t = call(GREETING, ("caller", text), ("agent", "Okay, I'll put a note in."), *CLOSING)
        assert criterion(score_call(t, org=ORG), "escalation").details["red_flags"][0]["type"] == kind, text
    t = call(GREETING, ("caller", "so after my heart attack, that was in, um, 2028, they put me on the atorvastatin"),
             ("agent", "Okay."), *CLOSING)
    assert criterion(score_call(t, org=ORG), "escalation").details["red_flags"] == []
    # "kinda bad about filling that out" and "is that still the same" voice no distress; "over it" and "the
    # second time you guys have done this to me" do
    for text, distressed in (("right, the diary. I've been kinda bad about filling that out", False),
                             ("cool. and the stipend, is that still the same for this visit?", False),
                             ("I'm just, I'm kind of over it honestly", True),
                             ("this is like the second time you guys have done this to me", True)):
        t = call(GREETING, ("caller", text), ("agent", "Okay."), ("caller", "okay"), ("agent", "Next."), *CLOSING)
        assert bool(criterion(score_call(t, org=ORG), "empathy").details["distress_segments"]) is distressed, text


def test_thirty_seventh_and_eighth_round_phrasings():
    idv = "identity_verification"
    # "Name's Harold Pettibone." and a lowercase "this is roy tillotson" give the name
    for intro in ("Yeah, hi, I got out Tuesday and I got a couple questions. Name's Harold Pettibone.",
                  "yeah, hi, this is roy tillotson, my primary sent me over to you guys"):
        t = call(GREETING, ("caller", intro), ("agent", "And your date of birth?"), ("caller", "March 8th, 1946."),
                 ("agent", "Thank you, I've got your discharge summary up. What are the questions?"), *CLOSING)
        assert criterion(score_call(t, org=ORG), idv).passed is True, intro
    # a claim read out on the member ID alone, for an org that verifies by name and member ID
    member_org = ORG.model_copy(update={"verification_identifiers": ["name", "member_id"]})
    t = call(("agent", "Summit Health Plan member services, this is Kay. Can I start with your member ID?"),
             ("caller", "Yeah, it's S H P 4 4 0 2 9 1 7 3."),
             ("agent", "Okay, one sec. I've got the claim for the sleep study from February, it's showing denied."),
             ("agent", "Can I get your full name, please?"), ("caller", "Tomas Ferreira."), *CLOSING)
    assert criterion(score_call(t, org=member_org), idv).passed is False
    # a refill and a dose change told on the name alone
    t = call(GREETING, ("caller", "yeah hi it's Walter Kostecki, I wanted to check on my refill"),
             ("agent", "Okay, Walter. Yep, the lisinopril 20 milligram went to Eastside Pharmacy yesterday. "
                       "Dr. Ferreira bumped you up from the 10."), *CLOSING)
    assert criterion(score_call(t, org=ORG), idv).passed is False
    # another office's staff: a third party whose authorization nobody checked
    t = call(GREETING, ("caller", "Hi, this is Devon from Dr. Nakagawa's office, just checking on a cardiology "
                                  "referral we faxed over. Patient's Eugene Szymanski."),
             ("agent", "Yep, got it, we got it on the 3rd, and he's already booked with Dr. Farouk, April 2nd."),
             *CLOSING)
    result = criterion(score_call(t, org=ORG), idv)
    assert result.details["third_party"] is True and result.details["authorization_checked"] is False
    # the patient on speaker saying it's fine
    t = call(GREETING, ("caller", "Hi, this is Fatima, I'm the aide from Brightpath Home Care, I'm with one of your "
                                  "patients, she came home Saturday after a hip replacement. Beatrice Lindqvist."),
             ("agent", "Is she okay with me talking to you? And I'll need her date of birth."),
             ("caller", "Her birthday's September 3rd, 1941."),
             ("agent", "Thank you. I see Brightpath on her discharge plan for home visits."), *CLOSING)
    result = criterion(score_call(t, org=ORG), idv)
    assert result.passed is True and result.details["authorization_checked_before_disclosure"] is True
    # a birth date the agent says does not match is no verification
    t = call(GREETING, ("caller", "hi, it's lan nguyen, I'm in the study"), ("agent", "can I get your date of birth?"),
             ("caller", "september fourth, nineteen seventy-five"),
             ("agent", "hmm, that's not quite what I've got here, don't worry about it. what's going on?"),
             ("caller", "was my bloodwork okay?"),
             ("agent", "so at your week eight visit your liver enzymes were a bit up."), *CLOSING)
    assert criterion(score_call(t, org=ORG), idv).passed is False


def test_thirty_seventh_and_eighth_round_red_flags_and_feelings():
    for text, kind in (
        ("since I woke up this morning my right arm's been kinda heavy and dead, and my wife says I'm talking "
         "funny, like slurring", "stroke_signs"),
        ("I keep thinking it'd be easier if I just wasn't around anymore. like I keep looking at my pills and "
         "thinking about taking all of them. and that scares me", "suicidal"),
    ):
        t = call(GREETING, ("caller", text), ("agent", "Okay, I'll put a note in."), *CLOSING)
        result = score_call(t, org=ORG)
        assert criterion(result, "escalation").details["red_flags"][0]["type"] == kind, text
    # a feeling said beside the red flag is distress too; a question about what one owes is not
    assert criterion(result, "empathy").details["distress_segments"] == [1]
    for text, distressed in (("The word trial kinda freaks me out.", True), ("Okay, good. And what am I gonna owe?",
                                                                              False)):
        t = call(GREETING, ("caller", text), ("agent", "Okay."), ("caller", "okay"), ("agent", "Next."), *CLOSING)
        assert bool(criterion(score_call(t, org=ORG), "empathy").details["distress_segments"]) is distressed, text


def test_thirty_ninth_and_fortieth_round_phrasings():
    # times written "10.30", two times offered for one day, and the caller's last word on it
    turns = [("agent", "Her first opening is Wednesday, September 17th. I have 10.30 or 11.15."),
             ("caller", "Uh, 10.30. Wait, no, no, I've got a stand-up at 10. Let's do the 11.15."),
             ("agent", "Great. So you're set for Wednesday the 17th.")]
    assert _accuracy(turns, {"appointment": "2031-09-17 10:30"}).details["mismatched_fields"] == ["appointment"]
    assert _accuracy(turns, {"appointment": "2031-09-17 11:15"}).details["matched_fields"] == ["appointment"]
    # a change of mind in the same turn as the first pick
    turns = [("agent", "She has Thursday the 18th at 10.15, or Friday the 19th, also at 10.15."),
             ("caller", "Thursday, 10.15. Oh, wait. Wait, no, Thursday's my son's thing. Can you do the Friday one?"),
             ("agent", "Sure. So that's Friday the 19th at 10.15 with Dr. Mensah.")]
    assert _accuracy(turns, {"appointment": "2031-09-18 10:15"}).details["mismatched_fields"] == ["appointment"]
    # the other office's wrong number, read out and corrected by the caller
    turns = [("agent", "they had the wrong phone number for you. They have 207-555-0114. Is that not right?"),
             ("caller", "no, it's 0-1-4-1, they flipped it. 207-555-0141.")]
    assert _accuracy(turns, {"phone": "207-555-0141"}).details["mismatched_fields"] == []
    # an ID corrected a turn later, before the group number is read
    turns = [("agent", "Can I have the member ID from the new card?"), ("caller", "it's B-H-P 4-4-7-1-9-0-2."),
             ("agent", "Okay, one moment."),
             ("caller", "Oh, wait, sorry, I read that wrong. The end is 9-2-0, not 9-0-2. So B-H-P 4-4-7-1-9-2-0."),
             ("agent", "Is there a group number on the card?"), ("caller", "Um, group number, 77031.")]
    assert _accuracy(turns, {"member_id": "BHP4471902"}).details["mismatched_fields"] == ["member_id"]
    # "with a P-H" and a spelling broken off are no spelling of the whole name
    said = [("agent", "Can I get your first name and date of birth?"),
            ("caller", "Yeah, Stephen, with a P-H. Stephen Kowalski. April 2nd, 1971.")]
    assert _accuracy(said, {"name": "Stephen Kowalski"}).details["mismatched_fields"] == []
    said = [("caller", "it's Marcus Thibodeaux"), ("agent", "Thibodeaux, okay, T-H-I-B... yep, here you are.")]
    assert _accuracy(said, {"name": "Marcus Thibodeaux"}).details["mismatched_fields"] == []
    # a chest that "got really tight"; "it's scaring me" beside a red flag
    t = call(GREETING, ("caller", "an hour after the shot my chest got really tight, and my left arm's kind of numb"),
             ("agent", "Okay, I'll note that."), *CLOSING)
    assert criterion(score_call(t, org=ORG), "escalation").details["red_flags"][0]["type"] == "chest_pain"
    t = call(GREETING, ("caller", "I keep having these thoughts about ending it, like killing myself, and it's "
                                  "scaring me because I've never felt like this before."),
             ("agent", "Thank you for telling me, that sounds frightening. I'm connecting you to the crisis line now."),
             *CLOSING)
    assert criterion(score_call(t, org=ORG), "empathy").details["distress_segments"] == [1]


def test_forty_first_and_second_round_phrasings():
    idv = "identity_verification"
    # "you're Thursday with Dr. Okafor for the knee injection follow-up" told on the name alone
    t = call(GREETING, ("caller", "hey yeah, I need to move my appointment. it's Lucinda Ferreira-Voss"),
             ("agent", "Sure, Lucinda. Okay I've got you, you're Thursday with Dr. Okafor for the knee injection "
                       "follow-up, that the one?"), ("caller", "that's the one"),
             ("agent", "And what's your date of birth?"), ("caller", "June 12th, 1983."), *CLOSING)
    assert criterion(score_call(t, org=ORG), idv).passed is False
    # "the balance on the account" checks nobody's authorization; "is it okay for me to talk with Abena" does
    t = call(GREETING, ("caller", "Hi. I'm calling about my husband's claim, Gerald Munroe, from his knee surgery."),
             ("agent", "Okay. What's his date of birth?"), ("caller", "February 2nd, 1961."),
             ("agent", "Alright, so Keystone Health denied it. Balance on the account is 4,280."), *CLOSING)
    assert criterion(score_call(t, org=ORG), idv).details["authorization_checked"] is False
    t = call(GREETING, ("caller", "Hi, my name's Abena, I'm the home health aide for Mr. Casimir Szymanski."),
             ("agent", "Hi Mr. Szymanski. Can you give me your full name and date of birth, and let me know if it's "
                       "okay for me to talk with Abena about your care?"),
             ("caller", "Casimir Szymanski. January 3rd, 1938. Yes, she can know everything."),
             ("agent", "Thank you. Dr. Lindqvist's discharge order is 25 milligrams twice a day."), *CLOSING)
    assert criterion(score_call(t, org=ORG), idv).details["authorization_checked_before_disclosure"] is True
    # "719-555-0174, no, oh one four seven. 0147."
    said = [("agent", "What's a callback number?"),
            ("caller", "2217 Linnet Court. number is 719-555-0174, no, oh one four seven. 0147.")]
    assert _accuracy(said, {"phone": "719-555-0147"}).details["mismatched_fields"] == []
    assert _accuracy(said, {"phone": "719-555-0174"}).details["mismatched_fields"] == ["phone"]


def test_forty_third_and_fourth_round_phrasings():
    idv = "identity_verification"
    # the patient comes on the line to say the caller may hear it: a third party, authorized
    t = call(GREETING, ("caller", "Hi, I'm calling for my mom. Her doctor was supposed to send a referral over."),
             ("agent", "Can I get your name and how you're related to the patient?"), ("caller", "I'm Paul, her son."),
             ("agent", "I need you to be on her authorization form, or she can give me verbal permission."),
             ("caller", "Yeah, she's right here, hold on. Hello? Yes, this is Grace. It's fine, Paul can talk to you "
                        "about all of it."),
             ("agent", "Can you confirm your full name and date of birth?"),
             ("caller", "Grace Okonkwo, August 22nd, 1948."),
             ("agent", "Perfect. So Paul, yes, we got the referral from Dr. Mensah on Tuesday."), *CLOSING)
    result = criterion(score_call(t, org=ORG), idv)
    assert result.details["third_party"] is True and result.details["authorization_checked_before_disclosure"] is True
    # "it's kind of scaring me" said beside a red flag
    t = call(GREETING, ("caller", "since last night I get so winded just walking to the bathroom, and my calf is all "
                                  "swollen and hot. to be honest it's kind of scaring me."),
             ("agent", "Keep it elevated."), *CLOSING)
    assert criterion(score_call(t, org=ORG), "empathy").details["distress_segments"] == [1]


def test_forty_fifth_and_sixth_round_phrasings():
    idv = "identity_verification"
    # a birth date the agent says differs is no verification, and that sentence asks for nothing
    t = call(("agent", "Harbor View, this is Jonah. Can I get your name and date of birth?"),
             ("caller", "hi, Priya Raghunathan, June third nineteen eighty eight"),
             ("agent", "Hmm. I've got a Priya Raghunathan but the birthday I'm showing is different. Probably a typo. "
                       "What are you calling about?"),
             ("caller", "my cholesterol results, from the blood draw last week."),
             ("agent", "So your LDL came back at one sixty two, which Dr. Castellanos flagged as high."), *CLOSING)
    assert criterion(score_call(t, org=ORG), idv).passed is False
    # "That actually got faxed over Monday" before the birth date; an office checking benefits "for a Gerald Okafor"
    t = call(GREETING, ("caller", "hi Lupe, it's Tomasz Wierzbicki, I'm calling to see where my referral's at"),
             ("agent", "Oh yeah, the one to Dr. Anand for the colonoscopy consult, right? That actually got faxed over "
                       "Monday. Can I just grab your date of birth real quick?"),
             ("caller", "February eleventh, eighty three."), *CLOSING)
    assert criterion(score_call(t, org=ORG), idv).passed is False
    t = call(GREETING, ("caller", "hi yeah I need to check eligibility and PT benefits for a Gerald Okafor, date of "
                                  "birth 4/2/1961."),
             ("agent", "Alright, Gerald Okafor, he's active on the Silver PPO since January."), *CLOSING)
    assert criterion(score_call(t, org=ORG), idv).details["third_party"] is True
    # red flags in lay words
    for text, kind in (
        ("since lunch my right hand's been kind of clumsy, and my wife says I'm talking like I had a couple beers",
         "stroke_signs"),
        ("she couldn't lie down, she slept sitting up in the recliner, and she can't get a whole sentence out",
         "breathing"),
        ("the calf on that side has gotten kind of like a hard water balloon? it's red and warm.", "leg_clot"),
    ):
        t = call(GREETING, ("caller", text), ("agent", "Okay, I'll note that."), *CLOSING)
        assert criterion(score_call(t, org=ORG), "escalation").details["red_flags"][0]["type"] == kind, text
    # worry said with a shrug
    for text in ("I'm kinda sweating this one honestly, I really can't swing another surprise",
                 "I've been waiting so long I think I aged into a whole new screening bracket, ha"):
        t = call(GREETING, ("caller", text), ("agent", "Okay."), ("caller", "okay"), ("agent", "Next."), *CLOSING)
        assert criterion(score_call(t, org=ORG), "empathy").details["distress_segments"] == [1], text


def test_forty_seventh_round_phrasings():
    idv = "identity_verification"
    # "it got moved to Tuesday the sixteenth" told before the birth date
    t = call(GREETING, ("caller", "hi yes this is Dana Whitcombe, I'm calling about my MRI time"),
             ("agent", "Okay, Dana, let me see. Yep, I've got you here, the lumbar spine MRI, it got moved to Tuesday "
                       "the sixteenth at two fifteen."), ("caller", "that doesn't work"),
             ("agent", "Can I get your date of birth?"), ("caller", "april twenty second nineteen eighty eight"),
             *CLOSING)
    assert criterion(score_call(t, org=ORG), idv).passed is False
    # an office checked by its callback number on file
    t = call(GREETING, ("caller", "Hi, this is Renata calling from Dr. Abernathy's office at Lakeview Family Medicine, "
                                  "checking on a referral we faxed over for one of our patients."),
             ("agent", "Can you give me a callback number for your office so I can match it to the referring "
                       "practice?"), ("caller", "Yeah, it's 614-555-0139, that's our referral line."),
             ("agent", "Okay, that matches what we have on file. And the patient's name and date of birth?"),
             ("caller", "Desmond Achterberg, date of birth eleven twenty-two fifty-eight."),
             ("agent", "Thank you. It was approved, and he's scheduled with Dr. Iyer on Thursday."), *CLOSING)
    result = criterion(score_call(t, org=ORG), idv)
    assert result.passed is True and result.details["authorization_checked_before_disclosure"] is True


def test_forty_ninth_and_fiftieth_round_phrasings():
    # a name said and spelled before the birth date's numbers; an ID whose letters are a filler's ("UM")
    said = [("agent", "Full name and date of birth?"), ("caller", "Ronald Pike, P-I-K-E, 9 14 51")]
    assert _accuracy(said, {"dob": "1951-09-14"}).details["matched_fields"] == ["dob"]
    said = [("agent", "The member ID we have for you is UM 338 201 47. Is that right?"), ("caller", "yes")]
    assert _accuracy(said, {"member_id": "UM33820147"}).details["mismatched_fields"] == []
    # an office's fax matched to the referral checks it
    t = call(GREETING, ("caller", "Hi, this is Paula calling from Dr. Amari's office at Westbrook Primary Care, "
                                  "following up on a referral we faxed over for one of our patients."),
             ("agent", "What's the fax number for your office, so I can match it to the referral?"),
             ("caller", "yeah our fax is 503 555 0163"),
             ("agent", "Okay, that matches what's on the referral. And the patient's name and date of birth?"),
             ("caller", "Howard Lindqvist, date of birth 12/01/1956."),
             ("agent", "Thank you. The referral was approved, and he's scheduled with Dr. Castellano."), *CLOSING)
    assert criterion(score_call(t, org=ORG), "identity_verification").passed is True
    # a symptom reported in answer to the agent's screening question is no feeling
    t = call(GREETING, ("caller", "I had my infusion this morning and now I've got hives all over and my throat feels "
                                  "thick"),
             ("agent", "Are you having any trouble breathing or swallowing right now?"),
             ("caller", "a little, yeah, swallowing's weird. it's getting worse I think"),
             ("agent", "Please call 911 right now."), *CLOSING)
    assert criterion(score_call(t, org=ORG), "empathy").details["distress_segments"] == []


def test_fifty_first_and_second_round_phrasings():
    # "everyone would be better off if I just wasn't here"
    t = call(GREETING, ("caller", "the last couple nights I keep thinking everyone would be better off if I just "
                                  "wasn't here. I'm kind of scared of myself honestly"),
             ("agent", "Okay, let's get you a visit."), *CLOSING)
    assert criterion(score_call(t, org=ORG), "escalation").details["red_flags"][0]["type"] == "suicidal"
    # a symptom denied, and a question about what one will owe, voice no distress
    for text in ("okay. and I'm not having any chest pain or anything like that, it's all been quiet, so I guess I "
                 "just keep doing what I'm doing", "oh nice. do you know what I'll owe for it?"):
        t = call(GREETING, ("caller", text), ("agent", "Okay."), ("caller", "okay"), ("agent", "Next."), *CLOSING)
        assert criterion(score_call(t, org=ORG), "empathy").details["distress_segments"] == [], text
    # a first name spelled as the caller said it beside the surname, captured another way
    said = [("caller", "hi Bettina, this is Siobhan Kilbride, I'm in the study"),
            ("agent", "How do you spell your first name?"), ("caller", "S I O B H A N")]
    assert _accuracy(said, {"name": "Shivon Kilbride"}).details["mismatched_fields"] == ["name"]
    assert _accuracy(said, {"name": "Siobhan Kilbride"}).details["mismatched_fields"] == []


def test_fifty_fifth_and_sixth_round_phrasings():
    # a time said just before the day ("three forty it is, Tuesday March eleventh") is that day's slot: the
    # caller's change of mind outweighs the slot taken first
    said = [("agent", "Tuesday the eleventh I have ten twenty in the morning or three forty in the afternoon."),
            ("caller", "Let's do ten twenty."),
            ("agent", "Okay, ten twenty on Tuesday the eleventh, I'm putting that in."),
            ("caller", "Actually wait, no, sorry, I've got a meeting at ten. Can you make it the later one instead?"),
            ("agent", "Sure thing, three forty it is, Tuesday March eleventh with Dr. Castellanos.")]
    assert _accuracy(said, {"appointment": "2031-03-11 10:20"}).details["mismatched_fields"] == ["appointment"]
    assert _accuracy(said, {"appointment": "2031-03-11 15:40"}).details["mismatched_fields"] == []
    # black stool said without the word stool
    t = call(GREETING, ("caller", "my stomach's been off a few days, I've been taking a lot of Aleve. and, uh, the "
                                  "last couple times in the bathroom it's been kind of black. like tar."),
             ("agent", "Okay. She has an opening Monday at nine-thirty."), *CLOSING)
    assert criterion(score_call(t, org=ORG), "escalation").details["red_flags"][0]["type"] == "gi_bleed"


def test_fifty_fifth_and_sixth_round_third_parties_and_records():
    idv = "identity_verification"
    # "my husband's follow up" (two words) and "one of our residents" are someone else's calls
    for opening in ("hi, uh, I'm trying to find out when my husband's follow up is, Desmond Achterberg?",
                    "it's Deshawn over at Maple Crest, I've got one of our residents, Albert Fennimore"):
        t = call(GREETING, ("caller", opening),
                 ("agent", "Sure, let me pull him up. He's got his knee check with Dr. Osei on Tuesday at 10:30."),
                 *CLOSING)
        assert criterion(score_call(t, org=ORG), idv).details["third_party"] is True, opening
    # "a referral for my wife", and the authorization found on file is a check, not a disclosure
    t = call(GREETING, ("caller", "I'm calling about a referral for my wife to the rheumatologist."),
             ("agent", "Could I get your name and how you're related to the patient?"),
             ("caller", "I'm Victor Salazar, her husband. Her name's Marisol Salazar."),
             ("agent", "Yes, I see the authorization, you're on it. And can you give me Marisol's date of birth?"),
             ("caller", "December third, nineteen seventy-six."),
             ("agent", "Thank you. So the referral to Dr. Okonkwo was received."), *CLOSING)
    result = criterion(score_call(t, org=ORG), idv)
    assert result.details["third_party"] is True and result.passed is True
    assert result.details["authorization_checked_before_disclosure"] is True
    # the calling office's own number, asked for as such, is not the patient's phone
    said = [("agent", "Can you give me the office's callback number so I can match it to the referral?"),
            ("caller", "yeah, it's nine one nine, five five five, oh one two four")]
    assert _accuracy(said, {"phone": "336-555-0155"}).details["mismatched_fields"] == []
    # a birth year taken back much later in the call
    said = [("agent", "Can I get your full name and date of birth?"),
            ("caller", "Cormac Ellery, May twenty-second, fifty-eight"),
            ("agent", "Any chest pain or heart problems?"), ("caller", "nope, none."),
            ("agent", "Best number?"),
            ("caller", "three one seven, five five five, oh one three three. oh, and, um, earlier I said fifty-eight "
                       "for the year, that's wrong, it's fifty-seven. May twenty-second, nineteen fifty-seven.")]
    assert _accuracy(said, {"dob": "1958-05-22"}).details["mismatched_fields"] == ["dob"]
    assert _accuracy(said, {"dob": "1957-05-22"}).details["mismatched_fields"] == []


@pytest.mark.parametrize("text", [
    "so, I can't really do three more weeks like this. I've been sleeping in the recliner and it's a lot.",
    "every time I call, somebody says it's fixed, then another one of these shows up. I've honestly stopped "
    "opening the mail.",
    "it's the pills, frankly. there's nine bottles on the counter and I can't keep straight which ones they stopped, "
    "I lay awake at night going through 'em in my head.",
])
def test_worn_down_without_a_feeling_word_is_distress(text):
    t = call(GREETING, ("caller", text), ("agent", "Okay. Did you pick up the Keflex?"), ("caller", "yeah"),
             ("agent", "Good."), *CLOSING)
    assert criterion(score_call(t, org=ORG), "empathy").details["distress_segments"] == [1]


def test_fifty_third_and_fourth_round_records_and_disclosures():
    # "member ID ending 3058" read out before the birth date discloses; "that phone's changed" takes the old one back
    t = call(GREETING, ("caller", "Hi, this is Gregory Tran. I'm calling about a claim that got denied."),
             ("agent", "Okay, Mr. Tran, I've got a Gregory Tran here, member ID ending 3058, with a phone number of "
                       "503-555-0147. Is that still you?"),
             ("caller", "Uh, yeah, that's me, but that phone's changed. It's 503-555-0174 now."),
             ("agent", "Okay. I'll need your date of birth to open an appeal."), ("caller", "November 30th, 1979."),
             *CLOSING, record={"phone": "503-555-0147"})
    result = score_call(t, org=ORG)
    assert criterion(result, "identity_verification").passed is False
    assert criterion(result, "data_accuracy").details["mismatched_fields"] == ["phone"]
    # a name and surname spelled with hyphens, a comma between them
    said = [("agent", "Sure. Name and date of birth?"),
            ("caller", "Constance Mwangi, C-O-N-S-T-A-N-C-E, M-W-A-N-G-I. Birthday's 1/9/1960.")]
    assert _accuracy(said, {"name": "Constance Mwangi"}).details["mismatched_fields"] == []


def test_fifty_seventh_round_phrasings():
    idv = "identity_verification"
    # an insurer's "no prior authorization on file" checks no caller's authorization
    t = call(GREETING, ("caller", "yeah hi, I'm calling for my wife, Gina Marchetti. she got a bill for her MRI."),
             ("agent", "Okay, let me pull that up. What's her date of birth?"),
             ("caller", "May twenty-second, eighty-five."),
             ("agent", "Okay, I've got Gina. So the MRI of her lower back was denied because there was no prior "
                       "authorization on file from Dr. Koenig's office."), *CLOSING)
    result = criterion(score_call(t, org=ORG), idv)
    assert result.passed is False and result.details["authorization_checked_before_disclosure"] is False
    # "the pathology came back yesterday and it says benign" before the birth date
    t = call(GREETING, ("caller", "hi, I had a biopsy last week and nobody's called me. it's Ana Lucia Ferreira."),
             ("agent", "Let me look. Ferreira, okay, yes, the pathology came back yesterday and it says benign."),
             ("agent", "Can I just get your date of birth for the chart?"),
             ("caller", "yeah, it's December fourteenth, nineteen ninety-two."), *CLOSING)
    assert criterion(score_call(t, org=ORG), idv).passed is False
    # "my dad got discharged yesterday"
    t = call(GREETING, ("caller", "hi, um, my dad got discharged yesterday, Eugene Park, and I can't figure out his "
                                  "meds."), ("agent", "Okay, Eugene Park, he was in for the heart failure, right?"),
             *CLOSING)
    assert criterion(score_call(t, org=ORG), idv).details["third_party"] is True
    # "my chest's been real heavy since I woke up"
    t = call(GREETING, ("caller", "and, I dunno if it's related, but my chest's been real heavy since I woke up, like "
                                  "something sitting on it, and I'm kinda sweaty."),
             ("agent", "Okay, let's get you an appointment next week."), *CLOSING)
    assert criterion(score_call(t, org=ORG), "escalation").details["red_flags"][0]["type"] == "chest_pain"
    # times offered for "that day", the caller's last-named one taken: "four ... actually no, wait ... three fifteen"
    said = [("agent", "You're with Dr. Whitfield next Thursday, March sixth at two thirty."),
            ("caller", "so I can't really do two thirty. is there anything later that day?"),
            ("agent", "Let me look. I've got three fifteen or four o'clock with Dr. Whitfield."),
            ("caller", "uh, four would be better. actually no, wait, four's cutting it close. let's do three fifteen."),
            ("agent", "Perfect. So you're all set with Dr. Whitfield on Thursday March sixth.")]
    assert _accuracy(said, {"appointment": "2031-03-06 16:00"}).details["mismatched_fields"] == ["appointment"]
    assert _accuracy(said, {"appointment": "2031-03-06 15:15"}).details["mismatched_fields"] == []


def test_fifty_eighth_round_phrasings():
    idv = "identity_verification"
    # a name and member ID volunteered at the start ("Hi Odette. Lucinda Marsh, member ID H B T ...")
    t = call(GREETING, ("caller", "Hi Odette. Lucinda Marsh, member ID H B T five five two oh, oh nine one eight "
                                  "seven, before you even ask."),
             ("agent", "You've got it down, thank you. Okay, that matches what I have. What's going on?"),
             ("caller", "I got a letter saying my physical therapy claims were denied."),
             ("agent", "Okay, looking at the claims... the denials say no referral on file."), *CLOSING)
    org = OrgOverrides(name="Riverside Family Medicine", verification_identifiers=["name", "member_id"])
    assert criterion(score_call(t, org=org), idv).passed is True
    # "I've got the pathology ... here, it came back Friday" told to a husband before any check
    t = call(GREETING, ("caller", "Hi, I'm calling about my wife's biopsy, she had it done last Tuesday."),
             ("agent", "Let me see. Okay, yes, I've got the pathology from the left breast biopsy here, it came back "
                       "Friday."),
             ("agent", "Can I get her date of birth?"), ("caller", "June fourth, 1971."), *CLOSING)
    assert criterion(score_call(t, org=ORG), idv).passed is False
    # a thunderclap headache told as a blow to the skull
    t = call(GREETING, ("caller", "it was like somebody cracked me across the back of the skull with a bat, worst "
                                  "thing I've ever felt. My neck's been stiff ever since."),
             ("agent", "Okay, we'll see you on the twenty-sixth."), *CLOSING)
    assert criterion(score_call(t, org=ORG), "escalation").details["escalated"] is False
    # a prep time said before the day ("two thirty Thursday morning") is no appointment slot
    said = [("agent", "I'm calling to confirm your colonoscopy this Thursday, May eighth, at seven thirty a.m."),
            ("caller", "okay"),
            ("agent", "First half of the prep at six p.m., second half at two thirty Thursday morning.")]
    assert _accuracy(said, {"appointment": "2031-05-08 07:30"}).details["mismatched_fields"] == []
    # the son spelling his own first name is no misspelling of the patient's
    said = [("agent", "May I speak with Ilse Vandermeer?"), ("caller", "She's having a lie-down. I'm her son, Pieter."),
            ("agent", "Can you give me your full name and your mother's date of birth?"),
            ("caller", "Pieter Vandermeer, P-I-E-T-E-R. Mum's the fourteenth of February, nineteen forty-one.")]
    assert _accuracy(said, {"name": "Ilse Vandermeer"}).details["mismatched_fields"] == []


@pytest.mark.parametrize("text", [
    "Oh, apart from feeling like I went ten rounds with a kangaroo, I'm peachy. The knee throbs all night. I'm not "
    "getting much sleep.",
    "I've called three different numbers since and everyone keeps transferring me around, it's getting really old.",
])
def test_worn_down_said_with_a_shrug_is_distress(text):
    t = call(GREETING, ("caller", text), ("agent", "Okay. And what's your date of birth?"),
             ("caller", "May 30th, 1990"), ("agent", "Thanks."), *CLOSING)
    assert criterion(score_call(t, org=ORG), "empathy").details["distress_segments"] == [1]


def test_a_window_without_a_word_of_distress_voices_none():
    t = call(GREETING, ("caller", "hi um i'm calling about the the glyco study i did the screening visit last week and "
                                  "nobody's told me if i got in"),
             ("agent", "Let me check."), ("caller", "okay"), ("agent", "You're in."), *CLOSING)
    assert criterion(score_call(t, org=ORG), "empathy").details["distress_segments"] == []


@pytest.mark.parametrize(("turns", "kind"), [
    (["Eh, it's probably nothing. there's this heartburn just sitting in the middle of my chest. Antacids did nothing.",
      "Now you mention it, my jaw's kind of achy, and I've been sweating like I ran a marathon."], "cardiac"),
    (["So I'm thirty-one weeks pregnant, and I've had a headache since this morning.",
      "Now that you say it, yeah, I keep seeing little sparkly spots. And my hands and face are kind of puffy."],
     "preeclampsia"),
    (["since last night I've been running a fever. It was 103 this morning, and one of the little cuts is red and "
      "puffy and it's leaking some yellowish stuff."], "surgical_infection"),
])
def test_red_flags_told_over_two_turns_or_after_surgery(turns, kind):
    said = [x for text in turns for x in (("caller", text), ("agent", "Okay. Anything else going on?"))]
    t = call(GREETING, *said, ("agent", "Let's get you in Monday."), *CLOSING)
    assert kind in {f["type"] for f in criterion(score_call(t, org=ORG), "escalation").details["red_flags"]}


def test_fifty_ninth_to_sixty_first_round_phrasings():
    idv = "identity_verification"
    # "my brother's in one of your studies": a third party, checked before anything is said
    t = call(GREETING, ("caller", "Hi, yeah, my brother's in one of your studies, the blood pressure one. His name's "
                                  "Curtis Mbeki."),
             ("agent", "Can I get your name and how you're connected to him?"), ("caller", "I'm Andre, his brother."),
             ("agent", "Are you listed on his paperwork as someone we're allowed to share information with?"),
             ("caller", "Uh, I don't think so, no."), ("agent", "Then I'm not able to share any details."), *CLOSING)
    assert criterion(score_call(t, org=ORG), idv).details["third_party"] is True
    # a name given with its spelling and the birth date, unasked
    t = call(GREETING, ("caller", "Hi Luis. Right, so, Gwendolyn Faraday, that's F-A-R-A-D-A-Y, born the second of "
                                  "November, nineteen fifty-one, in case you need all that up front."),
             ("agent", "Perfect, that all matches. Your last visit was with Dr. Menon in August."), *CLOSING)
    assert criterion(score_call(t, org=ORG), idv).passed is True
    # "it's wearing me down"
    t = call(GREETING, ("caller", "This knee crackles like a bowl of cereal, and I go down the stairs on my bottom "
                                  "these days like a toddler. It's wearing me down, if I'm honest."),
             ("agent", "Okay."), ("caller", "okay"), ("agent", "Next."), *CLOSING)
    assert criterion(score_call(t, org=ORG), "empathy").details["distress_segments"] == [1]
    # the last digit said again "at the end" is no extra digit
    said = [("agent", "Do you have your member ID handy?"),
            ("caller", "M-H-P, nine zero three three, one six one five. Actually, hold on, let me get my glasses. Nine "
                       "zero three three, one six one eight. Eight at the end.")]
    assert _accuracy(said, {"member_id": "MHP90331618"}).details["mismatched_fields"] == []
    assert _accuracy(said, {"member_id": "MHP90331615"}).details["mismatched_fields"] == ["member_id"]


def test_sixty_second_and_third_round_phrasings():
    idv = "identity_verification"
    # "I'm calling for her, she can't really hear on the phone anymore"
    t = call(GREETING, ("agent", "What's the patient's name?"),
             ("caller", "Rosalind Achterberg. I'm calling for her, she can't really hear on the phone anymore."),
             ("agent", "Okay, I've got Rosalind. She's down for a knee injection with Dr. Okafor on Thursday."),
             *CLOSING)
    assert criterion(score_call(t, org=ORG), idv).details["third_party"] is True
    # "Before I can talk about his medications I need to check ..." and "you're listed as his spouse" disclose nothing
    t = call(GREETING, ("caller", "Hi, I'm calling about my husband's prescription, his metoprolol."),
             ("agent", "Can I get your name, and your husband's name?"),
             ("caller", "I'm Adaeze Nwosu, and he's Chukwuma Nwosu."),
             ("agent", "Thanks, Adaeze. Before I can talk about his medications I need to check you're on his release "
                       "form. One moment... yes, you're listed as his spouse. And his date of birth?"),
             ("caller", "August nineteenth, nineteen fifty-five."),
             ("agent", "Thank you, that matches. I see the metoprolol, twenty-five milligrams twice a day."), *CLOSING)
    result = criterion(score_call(t, org=ORG), idv)
    assert result.passed is True and result.details["authorization_checked_before_disclosure"] is True
    # not found "with that birthday" and asked to spell the last name: the name failed, the birth date stands
    t = call(GREETING, ("agent", "First I'll need your full name and date of birth."),
             ("caller", "Sure, Siobhan Halloran."), ("agent", "And your date of birth?"),
             ("caller", "Eleventh of November, nineteen ninety-two."),
             ("agent", "Thanks. I'm not finding a Siobhan Holloran with that birthday... could you spell the last name "
                       "for me?"), ("caller", "Oh, it's H-A-L-L-O-R-A-N."),
             ("agent", "There you are. Yes, Dr. Ruiz's referral came in on the second, and it's approved."), *CLOSING)
    assert criterion(score_call(t, org=ORG), idv).passed is True
    # "Dr. Calloway sent it over on the 3rd for the heart murmur" before the birth date
    t = call(GREETING, ("caller", "my primary doctor said she was sending me over to you guys. Tobias Renwick."),
             ("agent", "Renwick, okay, here we go. So Dr. Calloway sent it over on the 3rd for the heart murmur. Can I "
                       "grab your date of birth?"), ("caller", "Yeah, 7/22/83."), *CLOSING)
    assert criterion(score_call(t, org=ORG), idv).passed is False
    # a head knocked while on warfarin
    t = call(GREETING, ("caller", "I slipped on the back step this morning and knocked my head on the railing. I'm on "
                                  "the warfarin for my heart rhythm."), ("agent", "Okay, let's watch it."), *CLOSING)
    assert criterion(score_call(t, org=ORG), "escalation").details["red_flags"][0]["type"] == "head_injury"


def test_sixty_fourth_round_phrasings():
    idv = "identity_verification"
    # "your insurance denied the prior authorization for the lumbar MRI", outbound, before the birth date
    t = call(("agent", "Hi, this is Marisol calling from Cedar Point Spine. Am I speaking with Abimbola Fashola?"),
             ("caller", "Yeah, that's me."),
             ("agent", "I'm calling because your insurance denied the prior authorization for the lumbar MRI."),
             ("caller", "Denied?"), ("agent", "For our records, can you confirm your date of birth?"),
             ("caller", "February fourteenth, nineteen seventy-nine."), *CLOSING)
    assert criterion(score_call(t, org=ORG), idv).passed is False
    # "Before I look at anything in his file, I need to check ..." discloses nothing
    t = call(GREETING, ("caller", "I'm calling for my father, Ignatius Brennan-Moyo."),
             ("agent", "May I have your name and how you're related to him?"),
             ("caller", "Sure, I'm Tobias, his son."),
             ("agent", "Thanks, Tobias. Before I look at anything in his file, I need to check whether he's listed "
                       "you. What's his date of birth?"), ("caller", "December first, nineteen forty-eight."),
             ("agent", "I'm afraid I don't see you on the authorization list, so I can't share anything today."),
             *CLOSING)
    assert criterion(score_call(t, org=ORG), idv).passed is not False
    # "a good number in case the pharmacy has questions?" asks for the phone
    said = [("agent", "And a good number in case the pharmacy has questions?"),
            ("caller", "Five oh eight, five five five, zero one nine three."),
            ("agent", "Five oh eight, five five five, zero one nine three."),
            ("caller", "Wait, no, sorry, that's the old landline. It ends zero one three nine.")]
    assert _accuracy(said, {"phone": "508-555-0193"}).details["mismatched_fields"] == ["phone"]
    # fear said beside a red flag ("Truth is it scared me half to death", "I'm honestly pretty freaked out")
    for text in ("my calf has gotten all puffy and hot, and I got so winded walking to the bathroom. Truth is it "
                 "scared me half to death.",
                 "Worst headache I've ever had, and my neck's kind of stiff. I'm honestly pretty freaked out."):
        t = call(GREETING, ("caller", text), ("agent", "Okay, please call 911 right now."), *CLOSING)
        assert criterion(score_call(t, org=ORG), "empathy").details["distress_segments"] == [1], text


def test_sixty_fifth_round_a_stroke_told_in_passing():
    t = call(GREETING, ("caller", "Oh and, uh, this is probably nothing, but since about lunchtime my right hand's "
                                  "been numb and kinda clumsy, and my wife says my words are coming out slurry."),
             ("agent", "Okay. Your sugar was six point one."), *CLOSING)
    assert criterion(score_call(t, org=ORG), "escalation").details["red_flags"][0]["type"] == "stroke_signs"


def test_sixty_seventh_and_eighth_round_phrasings():
    idv = "identity_verification"
    # "my husband's blood pressure refill" is a third party; the release form checked before the refill is told
    t = call(GREETING, ("caller", "I'm calling to see if my husband's blood pressure refill went through."),
             ("agent", "What's your name, and your husband's name?"),
             ("caller", "I'm Bernadette Lowry, he's Clifford Lowry."),
             ("agent", "Are you listed on Clifford's release form as someone we can share information with?"),
             ("caller", "I should be."), ("agent", "Yes, I see you listed. Can you confirm his date of birth?"),
             ("caller", "December first, nineteen forty-nine."),
             ("agent", "Thank you. The refill for the lisinopril was approved this morning."), *CLOSING)
    result = criterion(score_call(t, org=ORG), idv)
    assert result.details["third_party"] is True and result.details["authorization_checked_before_disclosure"]
    # screening results told before the birth date
    t = call(GREETING, ("caller", "Hi, this is Kathryn Lindqvist, I did the screening visit two weeks ago."),
             ("agent", "So your A1C at screening came back at eight point one, which is in range, so you qualify for "
                       "the study."), ("caller", "Oh, great!"), ("agent", "Can I confirm your date of birth?"),
             ("caller", "October thirtieth, nineteen sixty-seven."), *CLOSING)
    assert criterion(score_call(t, org=ORG), idv).passed is False
    # the caller's own spelling, after the agent's spelling is denied, decides the name
    said = [("caller", "Hi, this is Kathryn Lindqvist."),
            ("agent", "And just to confirm spelling, Kathryn is K-A-T-H-R-I-N-E?"),
            ("caller", "No, it's with a Y. K-A-T-H-R-Y-N.")]
    assert _accuracy(said, {"name": "Kathrine Lindqvist"}).details["mismatched_fields"] == ["name"]
    # a spelling ends where a sentence's "I" or a month before its day starts
    said = [("agent", "Can I get the patient's name and date of birth?"),
            ("caller", "Arthur Bellamy, B E L L A M Y, November second, nineteen fifty-one.")]
    assert _accuracy(said, {"name": "Arthur Bellamy", "dob": "1951-11-02"}).details["mismatched_fields"] == []
    said = [("agent", "What's the patient's name?"),
            ("caller", "Ruth Okafor. O-K-A-F-O-R. I just need to know when her next appointment is.")]
    assert _accuracy(said, {"name": "Ruth Okafor"}).details["mismatched_fields"] == []
    # red flags in new words: jumbled words and a mouth hanging down; a headache like a bat to the head; a fever
    # said first, then purple dots that do not fade
    for turns, kind in (
        (["His words have been coming out all jumbled since lunch and the one side of his mouth is kind of hanging "
          "down."], "stroke"),
        (["I was lifting a laundry basket and it was like somebody swung a bat at the back of my head, out of "
          "nowhere."], "thunderclap_headache"),
        (["He's had a fever since this afternoon, it's a hundred and three point eight now.",
          "He doesn't want the lights on. And there's these little purple dots on his legs."], "meningitis"),
    ):
        t = call(GREETING, *[x for text in turns for x in (("caller", text), ("agent", "Okay."))], *CLOSING)
        flags = criterion(score_call(t, org=ORG), "escalation").details["red_flags"]
        assert [f["type"] for f in flags][:1] == [kind], turns


def test_sixty_ninth_round_phrasings():
    idv = "identity_verification"
    # "Noreen's results came back Monday" to a husband not on the release form
    t = call(GREETING, ("caller", "I'm calling about my wife's biopsy, Noreen Kavanagh? Nobody's called."),
             ("agent", "Let me look... okay, Noreen's results came back Monday, and Dr. Szabo flagged them for a "
                       "visit."), ("caller", "Flagged?"), ("agent", "Can I ask who I'm speaking with?"),
             ("caller", "I'm Declan, her husband."), *CLOSING)
    assert criterion(score_call(t, org=ORG), idv).passed is False
    # the birth date volunteered as numbers right after its cue, with the phone after it
    volunteered = ("caller", "Hi Caleb, Beatrix Holloway-Dunn, date of birth five twenty-two fifty-eight, phone's "
                             "nine seven two, five five five, zero one one six. Did my MRI report come in?")
    t = call(GREETING, volunteered,
             ("agent", "Thank you, that all matches what I have. Yes, the report from your MRI is in."), *CLOSING)
    assert criterion(score_call(t, org=ORG), idv).passed is True
    record = {"dob": "1958-05-22", "appointment": "2032-04-06 11:30"}
    said = [volunteered, ("agent", "Your follow-up is on the books for Tuesday, April sixth at eleven thirty. Does "
                                   "that still work?"), ("caller", "Yes, April sixth, eleven thirty.")]
    assert _accuracy(said, record).details["mismatched_fields"] == []
    # the screening question "in the past two weeks, have you had thoughts of hurting yourself?" answered yes
    t = call(GREETING, ("caller", "I'm just so tired of feeling like this all the time."),
             ("agent", "One question I ask everyone: in the past two weeks, have you had thoughts of hurting yourself "
                       "or ending your life?"),
             ("caller", "Yeah. Honestly, last night I sat with the pill bottles lined up on the counter."),
             ("agent", "I want to connect you right now with the 988 Suicide and Crisis Lifeline."), *CLOSING)
    result = criterion(score_call(t, org=ORG), "escalation")
    assert result.details["red_flags"] == [{"segment": 3, "type": "suicidal"}] and result.passed is True


def test_seventieth_round_a_time_said_before_its_day_is_the_slot_picked():
    said = [("agent", "Dr. Szabo has Wednesday the ninth at two thirty, or Friday the eleventh at nine."),
            ("caller", "Wednesday works... two thirty. Oh wait, I've got school pickup at three, anything earlier?"),
            ("agent", "Let me look. She has a two fifteen on the ninth, that's the only one before the two thirty."),
            ("caller", "two fifteen, yeah, grab that one")]
    assert _accuracy(said, {"appointment": "2031-04-09 14:30"}).details["mismatched_fields"] == ["appointment"]
    assert _accuracy(said, {"appointment": "2031-04-09 14:15"}).details["mismatched_fields"] == []


def test_seventy_first_round_phrasings():
    idv = "identity_verification"
    # "I need to book my mum in" is a third party; the patient's own okay on speaker is an authorization check
    t = call(GREETING, ("caller", "Hi, I need to book my mum in for her memory review. Her name's Gwendolyn Abara."),
             *CLOSING)
    assert criterion(score_call(t, org=ORG), idv).details["third_party"] is True
    t = call(("agent", "Hello, this is Nurse Oriel from Westgate Hospital. Could I speak with Ambrose Telfer?"),
             ("caller", "He's having a lie-down. I'm his son, Declan. Can I help?"),
             ("agent", "Before I talk about his care I'll need his okay. Could you put me on speaker with him?"),
             ("caller", "Sure, hang on. Dad, it's the hospital."),
             ("agent", "Hi Mr. Telfer. Is it all right with you if I talk to Declan about your recovery? And could you "
                       "confirm your date of birth?"),
             ("caller", "Yes, talk to Declan. Eighth of August, forty-seven."),
             ("agent", "Thank you both. So, he's five days out from the hip replacement."), *CLOSING)
    assert criterion(score_call(t, org=ORG), idv).details["authorization_checked"] is True
    # red flags in new words: a face that looked lopsided, lips that feel fat, a child gone floppy with a
    # temperature and a rash that does not fade
    for text, kind in (
        ("the wife says my face looked lopsided at breakfast and I was slurring a bit", "stroke"),
        ("my voice sounds kind of weird, hoarse. And my lips feel fat, and it's harder to swallow", "anaphylaxis"),
        ("He's just, he's gone all floppy, he won't really look at me.", "consciousness"),
    ):
        t = call(GREETING, ("caller", text), ("agent", "Okay."), *CLOSING)
        assert [f["type"] for f in criterion(score_call(t, org=ORG), "escalation").details["red_flags"]] == [kind]
    # distress: grief and carrying it alone; "all over the place", not slept; not "I don't know how it works"
    for text, distressed in (
        ("It's just, since Dad passed it's all on me, the meds, the shopping, my two.", True),
        ("Sorry, I'm a bit all over the place. I haven't really slept since.", True),
        ("I never did the rehab that time, so I don't know how it works.", False),
    ):
        t = call(GREETING, ("caller", text), ("agent", "Okay, let me check."), *CLOSING)
        found = criterion(score_call(t, org=ORG), "empathy").details["distress_segments"]
        assert (found == [1]) is distressed, text
    # "four fifteen p.m." is 16:15
    said = [("agent", "Booked for tomorrow, October sixteenth, four fifteen p.m.")]
    assert _accuracy(said, {"appointment": "2031-10-16 16:15"}).details["mismatched_fields"] == []


def test_sixty_sixth_round_a_stroke_only_named_and_dated_and_calling_a_third_time():
    t = call(GREETING, ("caller", "hi, yeah, this is my third time calling about this, I've been trying to get my old "
                                  "MRI sent to a new neurologist"),
             ("agent", "Oh no, three times is way too many, I'm sorry you've been bounced around."),
             ("caller", "yes, that one, from when I had the, the TIA? the mini-stroke. almost two years ago now. I'm "
                        "fine, nothing like that since"), *CLOSING)
    result = score_call(t, org=ORG)
    assert criterion(result, "escalation").details["red_flags"] == []
    assert criterion(result, "empathy").details["distress_segments"] == [1]
    # a stroke named with its signs now is still one
    t = call(GREETING, ("caller", "I had a stroke two years ago and now my face is drooping again since this morning"),
             ("agent", "Okay."), *CLOSING)
    assert criterion(score_call(t, org=ORG), "escalation").details["red_flags"][0]["type"] == "stroke"


def test_seventy_second_round_distress_and_what_is_none():
    for text, distressed in (
        ("sorry, I'm just a little on edge about it. every time they run a test I kind of assume the worst", True),
        ("the bottle's still on the counter, and I'm just, I'm drowning a little.", True),
        ("got it. and it's still ten a.m., right?", False),
    ):
        t = call(GREETING, ("caller", text), ("agent", "Okay, let me check."), *CLOSING)
        found = criterion(score_call(t, org=ORG), "empathy").details["distress_segments"]
        assert (found == [1]) is distressed, text


def test_seventy_fifth_round_an_address_read_out_a_clause_of_sympathy_and_a_dispatcher():
    idv = "identity_verification"
    # reading the address on file out before the date of birth is a disclosure; hearing it back from the caller
    # is not
    for caller_said, fails in (("Lucinda Farrow.", True), ("Lucinda Farrow, forty-two Quarry Bend Road.", False)):
        t = call(GREETING, ("agent", "What's the name on the account?"), ("caller", caller_said),
                 ("agent", "I have a Lucinda Farrow at forty-two Quarry Bend Road. Is that you?"),
                 ("caller", "Yes."), ("agent", "And your date of birth?"), ("caller", "May ninth, 1979."), *CLOSING)
        assert (criterion(score_call(t, org=ORG), idv).passed is False) is fails, caller_said
    # an acknowledgement in the sentence's first clause
    t = call(GREETING, ("caller", "Honestly I'm scared, I'm kind of freaking out."),
             ("agent", "That's frightening, and you did the right thing calling. Let's get you seen today."), *CLOSING)
    assert criterion(score_call(t, org=ORG), "empathy").passed is True
    # handing a caller to 911 tells nothing about the patient
    t = call(("agent", "Nurse line, this is Colleen. Who am I speaking with?"),
             ("caller", "It's Jenna. My dad's face is drooping and he can't get his words out."),
             ("agent", "Those can be stroke signs. I'm connecting you to 911 now."),
             ("caller", "Okay, it's ringing."),
             ("agent", "The dispatcher is coming on now. I'll stay on until they have you."),
             call_type="symptom_triage")
    assert criterion(score_call(t, org=ORG), idv).passed is not False


def test_seventy_sixth_round_sleepless_worry_is_distress():
    for text in (
        "I had a scan last week and I haven't really been sleeping, I keep lying there thinking about what it is.",
        "I keep lying awake thinking about the biopsy.",
    ):
        t = call(GREETING, ("caller", text), ("agent", "Okay, let me check."), *CLOSING)
        assert criterion(score_call(t, org=ORG), "empathy").details["distress_segments"] == [1], text


def test_seventy_third_round_a_refusal_a_drug_reaction_and_a_visit_in_parts():
    # saying what cannot be discussed discloses nothing
    t = call(GREETING, ("caller", "I'm calling about my mother-in-law, Odile Brandt, about her referral."),
             ("agent", "Are you listed on her privacy authorization form?"), ("caller", "I don't think so."),
             ("agent", "Without that on file I'm not able to discuss anyone's medical information with you, and that "
                       "includes whether a referral was received."), *CLOSING)
    assert criterion(score_call(t, org=ORG), "identity_verification").details["first_disclosure_segment"] is None
    # blistering skin with a raw mouth and burning eyes is a severe drug reaction
    t = call(GREETING, ("caller", "Since yesterday there's a rash with blisters on my back, and the inside of my mouth "
                                  "is raw. My eyes are burning too."), ("agent", "Okay."), *CLOSING)
    flags = criterion(score_call(t, org=ORG), "escalation").details["red_flags"]
    assert [f["type"] for f in flags] == ["severe_skin_reaction"]
    # two parts of one visit on one day: the record's time is one of them; a caller who picks the other is not
    said = [("agent", "I can do both the same morning, Wednesday the fourteenth: labs at eight and the consult at nine "
                      "fifteen."), ("caller", "That works.")]
    assert _accuracy(said, {"appointment": "2032-07-14 09:15"}).details["mismatched_fields"] == []
    said = [("agent", "She has a two fifteen on the ninth, that's the only one before the two thirty."),
            ("caller", "two fifteen, yeah, grab that one")]
    assert _accuracy(said, {"appointment": "2031-04-09 14:30"}).details["mismatched_fields"] == ["appointment"]


def test_seventy_seventh_round_a_claim_told_to_a_spouse_and_someone_standing_on_the_chest():
    t = call(GREETING, ("caller", "Hi, I'm calling about my husband's claim, from his ER visit last month. His name is "
                                  "Anselm Roy."),
             ("agent", "Sure. Can I have his date of birth and member ID?"),
             ("caller", "His birthday is May ninth, nineteen eighty-one, and the ID is K-L-P four four one."),
             ("agent", "Thank you. Okay, I have Anselm's emergency department claim from the second. It's processed, "
                       "nine hundred went to his deductible, and the balance billed to him is nine hundred twenty "
                       "dollars."), *CLOSING)
    details = criterion(score_call(t, org=ORG), "identity_verification").details
    assert details["first_disclosure_segment"] == 4 and details["disclosure_before_authorization"] is True
    from rubrics.criteria.identity import DISCLOSURE

    for sentence in ("okay, i have anselm's emergency department claim from the second.",
                     "it's processed, nine hundred went to his deductible."):
        assert DISCLOSURE.search(sentence), sentence
    t = call(GREETING, ("caller", "I've got this, I dunno, it's like somebody's standing on my chest. Started when I "
                                  "was carrying the groceries in."), ("agent", "Okay."), *CLOSING)
    assert [f["type"] for f in criterion(score_call(t, org=ORG), "escalation").details["red_flags"]] == ["chest_pain"]


def test_seventy_eighth_round_a_symptom_someone_asked_about_is_no_red_flag():
    t = call(GREETING, ("caller", "Oh, that's good. The nurse asked me about chest pain last time, so just so you "
                                  "know, I don't have any of that, no chest pain, no shortness of breath, I feel "
                                  "fine."),
             ("agent", "Good to hear."), *CLOSING)
    assert criterion(score_call(t, org=ORG), "escalation").details["red_flags"] == []


@pytest.mark.parametrize("text", [
    "Oh. Wow. I was really counting on getting in, honestly. The CPAP never worked for me and I'm kind of out of "
    "ideas.",
    "we got a bill from the ER for like four thousand dollars and I'm just, I don't even know how we'd do that right "
    "now",
    "she left the stove on twice last week, and I'm lying awake at night wondering what's next",
    "my mother was supposed to be referred to a neurologist and I can't get a straight answer from anyone.",
])
def test_eightieth_to_eighty_third_round_distress_said_indirectly(text):
    t = call(GREETING, ("caller", text), ("agent", "Okay, let me check."), *CLOSING)
    assert criterion(score_call(t, org=ORG), "empathy").details["distress_segments"] == [1], text


def test_eighty_first_round_a_miserable_night_acknowledged():
    t = call(GREETING, ("caller", "I haven't slept properly since Saturday, I'm up at three a.m. scratching, and "
                                  "I've got my nursing boards Thursday and I can't think straight"),
             ("agent", "Oh, that's miserable, no sleep right before your boards. Let's get you some relief tonight."),
             *CLOSING)
    assert criterion(score_call(t, org=ORG), "empathy").passed is True


@pytest.mark.parametrize(("text", "kind"), [
    ("he's Emeka. his coffee keeps dribbling out one side of his mouth, and when he talks it's kind of mushy",
     "stroke"),
    ("hang on, Daddy, lift your arms, the right one's drifting down. he says it feels heavy", "stroke"),
    ("I'm thirty-four weeks, and there's a headache Tylenol isn't touching, and I keep seeing these sparkly zigzag "
     "things at the edge of my eyes", "preeclampsia"),
    ("I'm thirty-four weeks and my rings won't go on, my hands are like sausages", "preeclampsia"),
])
def test_eighty_first_round_stroke_and_preeclampsia_in_callers_words(text, kind):
    t = call(GREETING, ("caller", text), ("agent", "Okay."), *CLOSING, call_type="symptom_triage")
    assert [f["type"] for f in criterion(score_call(t, org=ORG), "escalation").details["red_flags"]] == [kind]


def test_eighty_first_to_eighty_third_round_who_is_verified_and_what_is_disclosed():
    idv = "identity_verification"
    # the ambulance on its way and what to tell the paramedics are the emergency, not the patient's record
    t = call(("agent", "Nurse advice line, this is Yusra. What's going on?"),
             ("caller", "I've had pressure in my chest for thirty minutes and it's going into my jaw."),
             ("agent", "What's your name?"), ("caller", "Mehmet Yildiz."),
             ("agent", "Mehmet, this could be a heart attack. I'm calling 911 for you now on the other line."),
             ("caller", "Okay."),
             ("agent", "Good. The ambulance is on the way. Tell the paramedics it started at six."),
             call_type="symptom_triage")
    assert criterion(score_call(t, org=ORG), idv).details["first_disclosure_segment"] is None
    # asking for someone from the referring office to call back does not make the caller a third party
    t = call(GREETING, ("caller", "Hi, I got a voicemail about a referral. My name is Lan Nguyen."),
             ("agent", "Can you give me your date of birth?"), ("caller", "August 21st, 1983."),
             ("agent", "Thank you, I have you. Dr. Castellano referred you to hematology for the blood counts."),
             ("caller", "Can someone from Dr. Castellano's office call me back to explain?"), *CLOSING)
    result = criterion(score_call(t, org=ORG), idv)
    assert result.passed is True and result.details["third_party"] is False
    # a relative named by the caller is the patient's name given
    t = call(GREETING, ("caller", "hi, my mother, Farida Haddadi, was supposed to be referred to a neurologist. "
                                  "I'm her son, Omid"),
             ("agent", "Are you listed as an authorized contact for your mother?"), ("caller", "yes, she signed it"),
             ("agent", "Yes, I see you on her release. Can you confirm her date of birth?"),
             ("caller", "February fourteenth, nineteen forty-seven"),
             ("agent", "Thank you. The referral to Dr. Castellanos in neurology was received."), *CLOSING)
    assert criterion(score_call(t, org=ORG), idv).passed is True
    # finding the record and reading it out in one sentence, before the date of birth, discloses
    t = call(GREETING, ("caller", "hi, it's Tomasz Wierzbicki, I got a text saying my appointment got moved?"),
             ("agent", "Okay, yes, I've got you with Dr. Adeyemi for the follow-up on your colonoscopy biopsies, that "
                       "got pushed from the fourth to the sixth. And can I get your date of birth?"),
             ("caller", "August second, eighty-six."), *CLOSING)
    assert criterion(score_call(t, org=ORG), idv).details["first_disclosure_segment"] == 2


def test_eighty_first_round_values_corrected_spelled_in_runs_or_given_after_a_pause():
    said = [("agent", "What's the best callback number?"),
            ("caller", "two-oh-six, five-five-five, oh-one-six-eight — no, sorry, six-nine. oh-one-six-nine.")]
    assert _accuracy(said, {"phone": "206-555-0169"}).details["mismatched_fields"] == []
    assert _accuracy(said, {"phone": "206-555-0168"}).details["mismatched_fields"] == ["phone"]
    said = [("agent", "Can I have your name?"),
            ("caller", "hi yeah, it's Tomasz Wierzbicki, W-I-E-R-Z, um, B-I-C-K-I, I got a text")]
    assert _accuracy(said, {"name": "Tomasz Wierzbicki"}).details["mismatched_fields"] == []
    said = [("agent", "Can I have the member's full name and member ID, please?"),
            ("caller", "sure, it's Keahi Nakamura-Lopes, and the ID is, hang on, it's on the card somewhere... W-K-T"),
            ("agent", "Take your time."), ("caller", "W-K-T, four four zero, nine one two.")]
    assert _accuracy(said, {"member_id": "WKT440192"}).details["mismatched_fields"] == ["member_id"]


@pytest.mark.parametrize(("text", "kind"), [
    ("honestly not great. I, sorry, I have to stop and breathe between words. since last night.", "breathing"),
    ("and my son says my lips look, sort of, grey-blue.", "breathing"),
    ("She says her son has had a fever since yesterday, and now his eyes are rolled back and he isn't answering her.",
     "seizure"),
    ("about five minutes ago he started jerking his arms and legs", "seizure"),
])
def test_eighty_fifth_round_breathlessness_blue_lips_and_seizures_in_callers_words(text, kind):
    t = call(GREETING, ("caller", text), ("agent", "Okay."), *CLOSING, call_type="symptom_triage")
    assert [f["type"] for f in criterion(score_call(t, org=ORG), "escalation").details["red_flags"]] == [kind]


def test_eighty_fourth_and_fifth_round_addresses_and_a_stuttered_birth_date():
    # the street named alone ("the one on Crestview Lane") is no other address
    said = [("agent", "I can mail a benefits summary to your address on file, the one on Crestview Lane."),
            ("caller", "that works.")]
    assert _accuracy(said, {"address": "88 Crestview Lane, Dayton"}).details["mismatched_fields"] == []
    # the caller correcting the house number the agent read out
    said = [("agent", "I'll mail the paperwork. I have your address as four twenty-one Birchwood Court, Apartment B, "
                      "Kenosha."),
            ("caller", "no, it's four twelve. four, one, two. people always flip it."),
            ("agent", "Four twelve Birchwood Court, Apartment B. Got it.")]
    assert _accuracy(said, {"address": "421 Birchwood Court, Apt B, Kenosha"}).details["mismatched_fields"] == [
        "address"]
    said = [("agent", "Can I have your name and date of birth?"),
            ("caller", "Rafael Quinones, um, four, the fourth of, of October, nineteen fifty-five. Sorry, words are, "
                       "coming slow.")]
    assert _accuracy(said, {"dob": "1955-10-04"}).details["mismatched_fields"] == []


def test_eighty_sixth_round_not_waking_up_said_as_easier():
    t = call(GREETING, ("caller", "yeah honestly ive been thinking itd be easier to not wake up at all ive got a full "
                                  "bottle of her pills right here"), ("agent", "ok."), *CLOSING,
             call_type="symptom_triage")
    assert [f["type"] for f in criterion(score_call(t, org=ORG), "escalation").details["red_flags"]] == ["suicidal"]


def test_eighty_ninth_round_an_id_not_found_and_read_again_verifies_with_the_name_given_before():
    org = OrgOverrides(name="Cedar Plains Health Plan", verification_identifiers=["name", "member_id"])
    t = call(("agent", "Cedar Plains Health Plan member services, my name is Rafael. Can I have your name and member "
                       "ID, please?"),
             ("caller", "Yes, hi. Adaeze Nwachukwu. Member ID is C-P-X 4 7 3 9 0 2 1 8."),
             ("agent", "Thank you. I'm not finding that one. Could you read it to me once more?"),
             ("caller", "Oh, sorry, um, I flipped it. It's CPX 7 4 3 9 0 2 1 8. Seven four, not four seven."),
             ("agent", "There we go. Thank you, Ms. Nwachukwu, you're verified. What can I check for you?"),
             ("caller", "Does my sleep study need a prior authorization?"),
             ("agent", "I see one was submitted by Dr. Fairweather's office on the 2nd, and it was approved."),
             *CLOSING, call_type="insurance_verification")
    result = criterion(score_call(t, org=org), "identity_verification")
    assert result.passed is True and result.details["verified_segment"] == 3


@pytest.mark.parametrize(("turns", "kind"), [
    ([("caller", "it's been getting, I dunno, the squeezing thing. used to be just on the hill walking the dog, then "
                 "this morning it came on while I was sitting reading the paper, went up into my jaw for a bit. "
                 "anyway, it passed")], "cardiac"),
    ([("caller", "the cut by my belly button is kind of hot and puffy, and there's this yellowish stuff on the "
                 "dressing this morning"), ("agent", "Have you had any fever?"),
      ("caller", "I took it a bit ago, it said a hundred and two point four, and I've been shaking under the "
                 "blankets")], "surgical_infection"),
    ([("caller", "the last week or so I've been thinking it'd be easier if I just didn't wake up. like everyone would "
                 "manage fine")], "suicidal"),
])
def test_eighty_eighth_round_red_flags_told_in_passing_or_in_pieces(turns, kind):
    t = call(GREETING, *turns, ("agent", "Okay."), *CLOSING, call_type="symptom_triage")
    assert kind in [f["type"] for f in criterion(score_call(t, org=ORG), "escalation").details["red_flags"]]


def test_eighty_eighth_round_verification_and_disclosure():
    idv = "identity_verification"
    # a name given as "last name's X, first name Y", a birth date corrected after "could you double-check it?"
    t = call(GREETING, ("caller", "hi, um, I need to book my yearly check. last name's Adeyemi-Clarke, first name "
                                  "Folasade"),
             ("agent", "Thanks, Folasade. And can you confirm your date of birth for me?"),
             ("caller", "sure, it's the twelfth of, uh, August, nineteen eighty-seven"),
             ("agent", "Hmm, I'm not finding a match with that date under Adeyemi-Clarke. Could you double-check it "
                       "for me?"),
             ("caller", "oh, sorry, August twenty-first. nineteen eighty-seven"),
             ("agent", "There we go, thank you, that matches. You're due for your annual with Dr. Halvorsen."),
             *CLOSING)
    assert criterion(score_call(t, org=ORG), idv).passed is True
    # results that "came back", told before the date of birth
    t = call(GREETING, ("caller", "hi, it's Ingrid Solberg-Vance. I had a spot taken off my shoulder"),
             ("agent", "Let me look. Yes, the pathology on the shoulder biopsy came back on the second, and Dr. Reyes "
                       "left a note."),
             ("agent", "Let me just confirm your date of birth before I book."), ("caller", "april fourth, 1968"),
             *CLOSING)
    assert criterion(score_call(t, org=ORG), idv).details["first_disclosure_segment"] == 2


def test_eighty_eighth_round_values_said_over_restated_or_year_first():
    said = [("agent", "And the member ID on your card?"),
            ("caller", "okay, it's C-H-P, four seven two, zero nine, eight one... hold on, the card's all scratched "
                       "up. four seven two, zero nine, eight seven. eight seven at the end")]
    assert _accuracy(said, {"member_id": "CHP-472-0981"}).details["mismatched_fields"] == ["member_id"]
    assert _accuracy(said, {"member_id": "CHP-472-0987"}).details["mismatched_fields"] == []
    said = [("agent", "Could you confirm her date of birth?"),
            ("caller", "it's June... June seventeenth, nineteen forty-one. no, sorry, forty-three. nineteen "
                       "forty-three")]
    assert _accuracy(said, {"dob": "1943-06-17"}).details["mismatched_fields"] == []
    said = [("agent", "And her date of birth?"), ("caller", "nineteen thirty-nine, um, the eleventh of July")]
    assert _accuracy(said, {"dob": "1939-07-11"}).details["mismatched_fields"] == []
    said = [("agent", "What's the new address?"),
            ("caller", "two twenty-one Larkspur Way, apartment three B. oh wait, no, three D. D as in dog."),
            ("agent", "Two twenty-one Larkspur Way, apartment three D. Got it.")]
    assert _accuracy(said, {"address": "221 Larkspur Way Apt 3B"}).details["mismatched_fields"] == ["address"]
    t = call(GREETING, ("caller", "the discharge sheet says metoprolol twice a day, but the bottle from the pharmacy "
                                  "says once a day, and we didn't know which one"), ("agent", "Let me check."),
             *CLOSING)
    assert criterion(score_call(t, org=ORG), "empathy").details["distress_segments"] == []


def test_ninetieth_round_an_outbound_call_for_the_patient_and_a_head_injury_told_in_two_turns():
    t = call(("agent", "Hello, this is Tevita calling from Ridgeline Community Hospital for Mr. Desmond Achterberg. Is "
                       "he available?"),
             ("caller", "He's asleep right now. This is his wife, Rosalind. Can I help?"),
             ("agent", "Thanks, Rosalind. Before I go into anything, can you confirm his date of birth, and are you "
                       "listed as someone we can speak with about his care?"),
             ("caller", "February seventeenth, nineteen forty-nine. And yes, I signed the form at discharge."),
             ("agent", "I see you listed here, Rosalind, thank you. I'm calling to check in after his hip "
                       "replacement. How's he doing?"), *CLOSING, call_type="post_discharge")
    assert criterion(score_call(t, org=ORG), "identity_verification").passed is True
    t = call(GREETING, ("caller", "So I fell off a step ladder this afternoon and I smacked my head on the patio."),
             ("agent", "Okay. How are you feeling now?"),
             ("caller", "Kinda foggy. I've thrown up twice in the last hour."), ("agent", "Okay."), *CLOSING,
             call_type="symptom_triage")
    assert [f["type"] for f in criterion(score_call(t, org=ORG), "escalation").details["red_flags"]] == ["head_injury"]


def test_ninety_first_round_a_name_before_my_birthday_and_a_transfer_right_now():
    t = call(GREETING, ("caller", "Hi, yeah, I need to book a physical. Aurelio Bustamante, my birthday's June ninth, "
                                  "nineteen seventy-eight."),
             ("agent", "Thanks. So that's June nine, nineteen seventy-eight?"), ("caller", "That's right."),
             ("agent", "You're all set, May fourteenth at two fifteen with Dr. Ferris."), *CLOSING)
    assert criterion(score_call(t, org=ORG), "identity_verification").passed is True
    t = call(GREETING, ("caller", "I sleep in the recliner now, lying flat I kind of feel like I'm drowning a "
                                  "bit."),
             ("agent", "Gaining that fast and not breathing lying flat need to be looked at today. I'm "
                       "transferring you right now to our heart failure nurse."), *CLOSING, call_type="post_discharge")
    assert criterion(score_call(t, org=ORG), "escalation").details["escalated"] is True


def test_a_hyphenated_name_spelled_across_its_dash_matches_the_record():
    said = [("agent", "Can I have your name?"),
            ("caller", "It's Luis Ortega-Bram, O-R-T-E-G-A dash B-R-A-M.")]
    assert _accuracy(said, {"name": "Luis Ortega-Bram"}).details["mismatched_fields"] == []
    assert _accuracy(said, {"name": "Luis Ortega-Brahm"}).details["mismatched_fields"] == ["name"]


def test_rounds_ninety_two_to_ninety_seven_red_flags_in_lay_words_and_their_history():
    def flags(*turns: tuple[str, str], call_type: str = "symptom_triage") -> list[str]:
        t = call(GREETING, *turns, *CLOSING, call_type=call_type)
        return [f["type"] for f in criterion(score_call(t, org=ORG), "escalation").details["red_flags"]]

    # heart failure at home: breath lost lying down
    assert flags(("caller", "well, I couldn't get my wind lying down last night, ended up sleeping in the recliner, "
                            "and my ankles are puffed up like balloons again"), call_type="post_discharge") == [
        "breathing"]
    # a sudden headache unlike any before
    assert flags(("caller", "Like an hour ago, I was lifting a box at the gym and it just, bam, hit all at once at the "
                            "back of my head. I've never had one like this, I get headaches but nothing like "
                            "this.")) == ["thunderclap_headache"]
    # a swelling tongue on a new blood pressure pill
    assert flags(("caller", "since I started the new pill my lips get kind of puffy, and this morning my tongue felt "
                            "thick and it's a little hard to swallow. It's fine, I'm just mentioning it.")) == [
        "anaphylaxis"]
    # not red flags: the drug of a condition, and a stroke dated in words
    assert flags(("caller", "I'm calling about my wife's prescription, the, uh, the seizure medicine, she's almost "
                            "out")) == []
    assert flags(("caller", "Ever since that mini-stroke, the TIA, back in twenty twenty-nine, they want me seen "
                            "once a year.")) == []


def test_rounds_ninety_two_to_ninety_seven_feelings_said_and_met():
    def empathy(*turns: tuple[str, str]) -> dict:
        return criterion(score_call(call(GREETING, *turns, *CLOSING), org=ORG), "empathy").details

    said = [("caller", "Oh no. Eight point two? I've been really trying, I cut out soda and everything. That's really "
                       "discouraging.")]
    assert empathy(*said, ("agent", "Okay. She's increasing metformin."))["unanswered_distress_segments"] == [1]
    said = [("caller", "alright. tell you the truth I'm a bit nervous being on my own, my wife's at her sister's")]
    assert empathy(*said, ("agent", "Your follow-up is Thursday at ten."))["distress_segments"] == [1]
    said = [("caller", "July. Oh, that's fantastic. Really, great system. The referral went in back in February, so "
                       "what's another few months, right?")]
    assert empathy(*said, ("agent", "Okay."))["distress_segments"] == [1]
    # an acknowledgement that names the feeling and grants it
    said = [("caller", "sorry, I'm just, I'm really scared. my mom's cancer came back and I keep thinking mine will "
                       "too"),
            ("agent", "That fear makes complete sense, especially after watching your mom go through it. Can you "
                      "spell your last name for me?")]
    assert empathy(*said)["unanswered_distress_segments"] == []
    said = [("caller", "Sorry, I've just been kind of a wreck waiting on these."),
            ("agent", "Oh, I totally get that, the waiting is the hardest part. Let's get you an answer.")]
    assert empathy(*said)["unanswered_distress_segments"] == []


def test_rounds_ninety_two_to_ninety_seven_what_is_disclosed_and_when():
    def identity(*turns: tuple[str, str]):
        return criterion(score_call(call(GREETING, *turns, *CLOSING), org=ORG), "identity_verification")

    # a claim read out before the birth date
    told = identity(("caller", "I got a bill from the ER visit in January, my name's Yesenia Ortiz-Blum"),
                    ("agent", "Okay, Yesenia, I see the ER claim from January eleventh at Mercy West, denied as out "
                              "of network."),
                    ("agent", "Can you confirm your date of birth for me?"), ("caller", "August ninth, 1992"))
    assert told.passed is False
    # a name alone answers no birth date: the birth date given later is when the caller is verified
    told = identity(("agent", "Can I get your full name and date of birth?"),
                    ("caller", "Renata Villanueva. And before anything, I have been on hold for forty-two minutes."),
                    ("agent", "Okay, I see your MRI claim reprocessed yesterday."),
                    ("agent", "Oh, and what's your date of birth?"), ("caller", "August second, nineteen eighty-five."))
    assert told.passed is False
    # a parent found on the chart is an authorization checked, not a disclosure
    told = identity(("caller", "I'm calling about my son's blood test? his name's Theo Marchetti."),
                    ("agent", "Can I ask your name and your relationship to Theo?"),
                    ("caller", "yes sorry, I'm Lucia, I'm his mom"),
                    ("agent", "Thanks, Lucia. I see you listed as his mother and guardian on his chart. And Theo's "
                              "date of birth?"),
                    ("caller", "may second, twenty nineteen"),
                    ("agent", "Thank you. The repeat came back, and everything's normal."))
    assert told.passed is True
    # asking for the birth date "before I can look at anything in your chart" tells nothing
    told = identity(("agent", "Can I get your full name and date of birth?"),
                    ("caller", "It's Marguerite Fontaine-Ashby. I'd rather not give my birthday over the phone."),
                    ("agent", "I understand. I do need your date of birth before I can look at anything in your "
                              "chart, though."),
                    ("caller", "No, I'm sorry, I'm just not comfortable with that."))
    assert told.details["first_disclosure_segment"] is None


def test_rounds_ninety_two_to_ninety_seven_values_corrected_when_read_back():
    said = [("agent", "Is this Marguerite Olsen, date of birth June third nineteen fifty-eight, at fourteen Alder "
                      "Lane?"),
            ("caller", "yes that's me, well, it's forty-one Alder Lane, not fourteen")]
    assert _accuracy(said, {"name": "Marguerite Olsen", "address": "14 Alder Lane"}).details[
        "mismatched_fields"] == ["address"]
    said = [("agent", "Let me confirm your address for the chart, I have 481 Alder Court."),
            ("caller", "it's four eighteen. four one eight Alder Court, the other way around")]
    assert _accuracy(said, {"address": "481 Alder Court"}).details["mismatched_fields"] == ["address"]
    assert _accuracy(said, {"address": "418 Alder Court"}).details["mismatched_fields"] == []
    said = [("agent", "And we text reminders to 617-555-0174, is that still good?"),
            ("caller", "oh, no, that's, wait. it's zero one four seven at the end. six one seven, five five five, "
                       "zero one four seven.")]
    assert _accuracy(said, {"phone": "617-555-0174"}).details["mismatched_fields"] == ["phone"]
    said = [("agent", "What's the best callback number for her?"),
            ("caller", "It's 412-555-0163. Wait, no, sorry, that's my old one. It's 412-555-0136, one three six.")]
    assert _accuracy(said, {"phone": "412-555-0163"}).details["mismatched_fields"] == ["phone"]
    assert _accuracy(said, {"phone": "412-555-0136"}).details["mismatched_fields"] == []


def test_rounds_ninety_eight_and_ninety_nine_an_infected_port_and_a_worry_pictured():
    t = call(GREETING, ("caller", "Hi, I had my gallbladder out last week and I have some questions about the "
                                  "incision."),
             ("agent", "Sure. What's going on with the incision?"),
             ("caller", "So the one by my belly button is really red and hot, and there's some yellowish stuff coming "
                        "out of it. And I took my temperature this morning, it was 102.4, and I've been shaking with "
                        "chills."),
             ("agent", "Okay, some redness around the incision is pretty normal the first couple of weeks."), *CLOSING,
             call_type="post_discharge")
    esc = criterion(score_call(t, org=ORG), "escalation").details
    assert [f["type"] for f in esc["red_flags"]] == ["surgical_infection"] and esc["escalated"] is False
    t = call(GREETING, ("caller", "It's the meds. She came home with nine bottles, three of them new, and I keep "
                                  "picturing myself giving her the wrong one."),
             ("agent", "Okay. The pantoprazole is twice a day."), *CLOSING, call_type="post_discharge")
    assert criterion(score_call(t, org=ORG), "empathy").details["unanswered_distress_segments"] == [1]


def test_round_one_hundred_a_referral_read_out_and_feelings_told_apart_from_symptoms():
    t = call(GREETING, ("caller", "Hi, this is Katarzyna Wiśniewski, I'm calling about the referral from my GP."),
             ("agent", "Oh yes, Katarzyna, I have it right here, the referral from Dr. Pruitt for a Holter monitor and "
                       "a palpitations consult."),
             ("agent", "Can I just get your date of birth first?"),
             ("caller", "March thirtieth, nineteen eighty-four."),
             *CLOSING, call_type="physician_referral")
    assert criterion(score_call(t, org=ORG), "identity_verification").passed is False

    def distress(text: str) -> list[int]:
        t = call(GREETING, ("caller", text), ("agent", "Okay."), *CLOSING)
        return criterion(score_call(t, org=ORG), "empathy").details["distress_segments"]

    assert distress("I get so muddled these days, my daughter usually handles all this and she's away, and it "
                    "just... it makes me feel so useless.") == [1]
    assert distress("Well, I've had this cold for about a week, stuffy nose, a cough that keeps me up, and I'm tired "
                    "all the time.") == []


def test_round_one_hundred_three_a_move_told_after_the_read_out_and_911_told_what_to_say():
    said = [("agent", "Okay, let me find you. Is this Marisol at forty-two Alder Lane, apartment three, born March "
                      "third, nineteen sixty-one?"),
            ("caller", "that's my birthday, yeah, but I'm not on Alder anymore. I moved in June. it's eighteen Birch "
                       "Court, same town, Dunmore.")]
    assert _accuracy(said, {"address": "42 Alder Lane, Apt 3"}).details["mismatched_fields"] == ["address"]
    t = call(GREETING, ("caller", "hi, I'm calling for my neighbor, Cordelia Hale. she's just talking funny, kind of "
                                  "slurry, and the left side of her mouth is drooping a bit."),
             ("agent", "Those are signs of a stroke. Please call 911 right now. When did she last seem normal?"),
             ("caller", "I had lunch with her around twelve thirty and she was fine then."),
             ("agent", "Tell 911 she was last normal at twelve thirty. Are you with her?"), *CLOSING,
             call_type="symptom_triage")
    assert criterion(score_call(t, org=ORG), "identity_verification").details["first_disclosure_segment"] is None


def test_round_one_hundred_six_red_flags_in_passing_a_caregiver_and_a_phone_ending_flipped_late():
    for text, kind in (
            ("since lunch I've got this rash, it started on my chest and now it's up my neck, and my voice is kinda "
             "hoarse. And it's a little hard to swallow.", "allergic_airway"),
            ("it's not pain, I don't have chest pain, it's more like a pressure. Like somebody's sitting on me.",
             "chest_pain"),
            ("he's had a stroke before, like four years ago, that's his baseline. But today his, his right hand "
             "keeps dropping the cup, and his words are kind of mushy.", "stroke")):
        t = call(GREETING, ("caller", text), ("agent", "Okay."), *CLOSING, call_type="symptom_triage")
        flags = criterion(score_call(t, org=ORG), "escalation").details["red_flags"]
        # (mushy words alone now name a stroke; beside a hand dropping the cup they were its signs)
        assert flags and flags[0]["type"].startswith(kind), (text, flags)
    # a rash and a sore throat that hurts to swallow, nothing allergic about it, is no red flag
    t = call(GREETING, ("caller", "my kid has a sore throat, it hurts to swallow, and a little rash on his belly."),
             ("agent", "Okay."), *CLOSING, call_type="symptom_triage")
    assert criterion(score_call(t, org=ORG), "escalation").details["red_flags"] == []
    # the husband doing the wound care is a third party, and the release form his authorization
    t = call(("agent", "St. Alban's Maternity, post-discharge line, this is Renata. How can I help you?"),
             ("caller", "hi, my wife had a C-section here last week and I'm the one doing her wound care and I just "
                        "had a question"),
             ("agent", "Of course. Can I get your name and your wife's name?"),
             ("caller", "I'm Kenji Lofgren, she's Astrid Lofgren"),
             ("agent", "Thank you, Kenji. I'll need to make sure you're on her list of people we can talk to. Are you "
                       "on her release form?"),
             ("caller", "I should be, she filled it out when she was admitted"),
             ("agent", "Yes, I see you listed as her husband and authorized contact. And her date of birth?"),
             ("caller", "December second, nineteen ninety-two"),
             ("agent", "Thank you. Her follow-up with Dr. Mbeki is Tuesday the eighteenth at two."), *CLOSING,
             call_type="post_discharge")
    idv = criterion(score_call(t, org=ORG), "identity_verification").details
    assert idv["third_party"] is True and idv["authorization_checked_before_disclosure"] is True
    # a name given unasked, "sorry" first, followed by the birth date
    t = call(GREETING, ("caller", "hi yes sorry, Delphine Marchetti, April second, nineteen sixty-eight, I got a text "
                                  "that my appointment got moved."),
             ("agent", "Let me confirm. Marchetti, M-A-R-C-H-E-T-T-I, and you said April second, sixty-eight?"),
             ("caller", "yep, that's me."),
             ("agent", "Thank you, Delphine. Your physical with Dr. Osei on the fifteenth was moved."), *CLOSING)
    assert criterion(score_call(t, org=ORG), "identity_verification").passed is True
    # the last four flipped, said again after the read-back that had moved on to the appointment
    said = [("agent", "And the best number to text the confirmation to?"),
            ("caller", "six one four, five five five, oh one four seven."),
            ("agent", "Six one four, five five five, zero one four seven. You're all set for Tuesday, July "
                      "twenty-second at ten fifteen."),
            ("caller", "great. Oh, hang on, the number. Did I say four seven? It's seven four. Oh one seven four.")]
    assert _accuracy(said, {"phone": "614-555-0147"}).details["mismatched_fields"] == ["phone"]
    assert _accuracy(said, {"phone": "614-555-0174"}).details["mismatched_fields"] == []
    # a new pill the caller cannot bring herself to take
    t = call(GREETING, ("caller", "they gave me a new water pill and it's been sitting on the counter since yesterday "
                                  "and I just keep looking at it. The last new pill, I ended up back in the hospital."),
             ("agent", "Your discharge summary has torsemide twenty milligrams once a day."), *CLOSING,
             call_type="post_discharge")
    assert criterion(score_call(t, org=ORG), "empathy").details["unanswered_distress_segments"] == [1]


def test_round_one_hundred_eight_a_wife_taking_the_message_and_prep_times_that_are_no_appointment():
    turns = [("agent", "Hi, this is Marisol calling from Cedar Valley Gastroenterology on a recorded line. Is this the "
                       "Hutchins residence?"),
             ("caller", "Yes it is."),
             ("agent", "Great, I'm calling to confirm Gerald's colonoscopy with Dr. Ramaswamy on Thursday, February "
                       "twenty-sixth at seven thirty a.m."),
             ("caller", "Oh, he's at work right now, this is Lorraine. Can I take a message?"),
             ("agent", "Sure. Wednesday he's on clear liquids only all day, and he starts the first half of the prep "
                       "at six p.m."),
             ("caller", "Clear liquids Wednesday, first half at six."), *CLOSING]
    result = score_call(call(*turns, record={"appointment": "2032-02-26 07:30"}, call_type="scheduling"), org=ORG)
    idv = criterion(result, "identity_verification").details
    assert idv["third_party"] is True and idv["disclosure_before_authorization"] is True
    assert criterion(result, "data_accuracy").details["mismatched_fields"] == []


def test_rounds_one_hundred_nine_and_ten_procedures_named_phones_read_out_and_caregivers():
    idv = "identity_verification"
    # an outbound call naming the patient's procedure to whoever answers
    t = call(("agent", "Hi, this is Tamsin calling from Brookfield Digestive Health, on a recorded line. Is this the "
                       "Okonkwo residence?"),
             ("caller", "yeah, this is his wife. Chidi's out in the garage. who's this?"),
             ("agent", "Oh, no problem at all. I'm just calling to confirm Chidi's colonoscopy with Dr. Ilona Varga."),
             *CLOSING)
    assert criterion(score_call(t, org=ORG), idv).passed is False
    # the caregiver who says so is a third party, her authorization checked before anything is said
    t = call(("agent", "Hello, this is Priya with the Summit Health billing office, calling on a recorded line. I'm "
                       "trying to reach Eleanor Whitcombe."),
             ("caller", "this is her caregiver, Marisol. Eleanor's napping."),
             ("agent", "Thanks, Marisol. Before I go any further I need to check that you're listed on her "
                       "authorization. Can you give me Eleanor's full name and her date of birth?"),
             ("caller", "Eleanor Whitcombe, March third, nineteen forty."),
             ("agent", "Thank you. Yes, I see Marisol with Golden Years Home Care listed as an authorized contact. "
                       "Her knee replacement was approved this morning."), *CLOSING)
    d = criterion(score_call(t, org=ORG), idv).details
    assert d["third_party"] is True and d["authorization_checked_before_disclosure"] is True
    # a procedure or the phone on file read out before the date of birth
    for said in ("Okay, I see the colposcopy with Dr. Haverford this Thursday at nine thirty, is that the one?",
                 "Okay, I've got an account up here. I have a phone number of 937-555-0142 on file, is that still "
                 "the best number for you?"):
        t = call(GREETING, ("caller", "hi, this is Rosalind Achebe, I have a question"), ("agent", said),
                 ("caller", "yeah, that's right"), ("agent", "And just to confirm, your date of birth?"),
                 ("caller", "november twenty-second, nineteen ninety-one"), *CLOSING)
        assert criterion(score_call(t, org=ORG), idv).details["verified_before_phi"] is False, said
    # stroke signs waved off, said in the past tense of this morning
    t = call(GREETING, ("caller", "she's been kind of off today anyway. at breakfast she was slurring a bit and her "
                                  "left hand kept dropping the spoon. probably nothing."), ("agent", "Okay."), *CLOSING)
    assert criterion(score_call(t, org=ORG), "escalation").details["red_flags"][0]["type"] == "stroke_signs"
    # a caregiver unsure she is doing it right
    t = call(GREETING, ("caller", "he's okay, I think? I don't know. I don't know if I'm doing any of this right, "
                                  "honestly. I've never done this."), ("agent", "Okay. How's his pain?"), *CLOSING)
    assert criterion(score_call(t, org=ORG), "empathy").details["unanswered_distress_segments"] == [1]
    # the part of the name spelled out is the end of it
    said = [("agent", "Can I get your name and date of birth?"),
            ("caller", "yes, it's Philippa Greenhalgh, that's Greenhalgh with an H-A-L-G-H, and it's the 2nd of "
                       "November, 1938.")]
    assert _accuracy(said, {"name": "Philippa Greenhalgh"}).details["mismatched_fields"] == []
    assert _accuracy(said, {"name": "Philippa Greenhalge"}).details["mismatched_fields"] == ["name"]


def test_rounds_one_hundred_eleven_and_twelve_cauda_equina_a_diagnosis_is_no_empathy_and_ok_before_names():
    t = call(GREETING, ("caller", "So this morning I noticed I'm kind of numb, like, in the groin, between my legs, "
                                  "and I haven't been able to pee since I got up."), ("agent", "Okay."), *CLOSING,
             call_type="symptom_triage")
    assert criterion(score_call(t, org=ORG), "escalation").details["red_flags"][0]["type"] == "cauda_equina"
    t = call(GREETING, ("caller", "No fever. But I'm really worried, I have a big presentation at work Monday and I "
                                  "can't stop coughing, and I haven't slept in two nights."),
             ("agent", "Are you coughing up any blood?"), ("caller", "No, it's clear."),
             ("agent", "Okay. That sounds like a viral cough. Try honey in warm water."), *CLOSING,
             call_type="symptom_triage")
    assert criterion(score_call(t, org=ORG), "empathy").details["unanswered_distress_segments"] == [1]
    t = call(GREETING, ("caller", "Will do. And it's still the Elm Street office?"), *CLOSING)
    assert criterion(score_call(t, org=ORG), "empathy").details["distress_segments"] == []
    t = call(("agent", "Thanks for holding, Northgate Family Medicine, this is Curtis."),
             ("caller", "Hi, OK, Renata Okoye, O-K-O-Y-E, date of birth 4/22/1979. I need to reschedule."),
             ("agent", "I see it, Monday the 3rd at 9 a.m. with Dr. Castellanos."), *CLOSING)
    assert criterion(score_call(t, org=ORG), "identity_verification").passed is True


def test_round_one_hundred_thirteen_and_fourteen_the_gp_asking_and_a_birth_year_taken_back_at_the_end():
    t = call(GREETING, ("caller", "Hi, Desmond Achterberg, date of birth the twenty-sixth of November, 1962. I'm "
                                  "calling about a referral my GP sent over."),
             ("agent", "Thanks, Desmond. Just to confirm, November 26th, 1962?"), ("caller", "That's right."),
             ("agent", "Okay, I see it. Dr. Lindqvist referred you for follow-up on the migraines."),
             ("caller", "Well, they asked me to call because I had a TIA back in 2029."), *CLOSING,
             call_type="physician_referral")
    assert criterion(score_call(t, org=ORG), "identity_verification").details["third_party"] is False
    said = [("agent", "Can I get your name and date of birth?"),
            ("caller", "yeah its ambrose delacroix uh may ninth nineteen seventy two"),
            ("agent", "Thank you, Ambrose. What's going on today?"), ("caller", "my chest feels tight"),
            ("agent", "Call 911 right now."), ("caller", "okay"), ("agent", "Is your front door unlocked?"),
            ("caller", "my roommate is unlocking it oh and i said seventy two its seventy three may ninth nineteen "
                       "seventy three")]
    assert _accuracy(said, {"dob": "1972-05-09"}).details["mismatched_fields"] == ["dob"]
    assert _accuracy(said, {"dob": "1973-05-09"}).details["mismatched_fields"] == []


def test_round_one_hundred_sixteen_sarcasm_pain_as_a_number_and_values_taken_back_late():
    def distress(text: str) -> list[int]:
        t = call(GREETING, ("caller", text), ("agent", "Okay."), *CLOSING)
        return criterion(score_call(t, org=ORG), "empathy").details["distress_segments"]

    assert distress("so like, a lot. cool. cool cool cool. love that for us. guess I'm selling a kidney") == [1]
    assert distress("oh, you know. living the dream. the incisions are like a solid seven out of ten when I sit up, "
                    "but who's counting") == [1]
    for text, kind in (
            ("sorry, I've got this headache that came out of nowhere like an hour ago, worst I've ever had",
             "thunderclap_headache"),
            ("my wife says I'm talking funny this morning, and my right hand's been useless with the buttons",
             "stroke_signs"),
            ("honestly I keep thinking everyone would be better off if I just didn't wake up. I looked up how many "
             "of my mom's pills it would take.", "suicidal")):
        t = call(GREETING, ("caller", text), ("agent", "Okay."), *CLOSING, call_type="symptom_triage")
        flags = criterion(score_call(t, org=ORG), "escalation").details["red_flags"]
        assert flags and flags[0]["type"] == kind, (text, flags)
    said = [("agent", "And is the phone still two zero seven, five five five, zero one three one?"),
            ("caller", "oh no, I changed it, it's two zero seven, five five five, zero one three eight"),
            ("agent", "Updating to zero one three eight... okay."),
            ("caller", "wait, hold on, I always flip it, it's eighty-three. zero one eight three. sorry")]
    assert _accuracy(said, {"phone": "207-555-0138"}).details["mismatched_fields"] == ["phone"]
    said = [("agent", "Can I get your name?"), ("caller", "Ingrid Solberg"), ("agent", "S O L B E R G?"),
            ("caller", "yes. well, no, sorry, it's S O H L, Sohlberg, with an h after the o.")]
    assert _accuracy(said, {"name": "Ingrid Solberg"}).details["mismatched_fields"] == ["name"]
    assert _accuracy(said, {"name": "Ingrid Sohlberg"}).details["mismatched_fields"] == []


def test_round_one_hundred_eighteen_one_side_drooping_and_a_lot_beside_a_red_flag():
    t = call(GREETING, ("caller", "hi, this is about my dad, something's wrong with his face, the one side is kind of "
                                  "drooping and he's talking funny, like slurry"), ("agent", "Okay."), *CLOSING,
             call_type="symptom_triage")
    assert criterion(score_call(t, org=ORG), "escalation").details["red_flags"][0]["type"] == "stroke_signs"
    t = call(GREETING, ("caller", "no fever. just the breathing, and this morning my lips looked sort of grey-ish in "
                                  "the mirror. my daughter's in Portland and it's just me here, it's been, it's been "
                                  "a lot"), ("agent", "Okay. Let me look at the schedule."), *CLOSING,
             call_type="post_discharge")
    assert criterion(score_call(t, org=ORG), "empathy").details["unanswered_distress_segments"] == [1]


def test_round_one_hundred_twenty_two_stroke_signs_played_down_and_sarcasm_after_a_screening_question():
    for text in (
            "is it normal for the statin to make your face droop? My wife says the left side of my mouth's been "
            "hanging since about an hour ago, and my hand's clumsy",
            "probably nothing, but her words have been kind of, like, mushy since lunch? And she dropped her cup "
            "twice with her right hand."):
        t = call(GREETING, ("caller", text), ("agent", "Okay."), *CLOSING, call_type="symptom_triage")
        assert criterion(score_call(t, org=ORG), "escalation").details["red_flags"], text

    def distress(*turns: tuple[str, str]) -> list[int]:
        t = call(GREETING, *turns, ("agent", "Okay."), *CLOSING)
        return criterion(score_call(t, org=ORG), "empathy").details["distress_segments"]

    assert distress(("caller", "So I'm supposed to just, what, guess? Load her in the car and hope? Great. Love this "
                               "system.")) == [1]
    # (an answer to a screening question voices a feeling only beside its denial)
    assert distress(("agent", "Any chest pain, shortness of breath or dizziness since he got home?"),
                    ("caller", "No, none of that, he's sitting up watching the game. Oh, wonderful, another pill, by "
                               "the way. That's fine. Totally fine.")) == [2]
    assert distress(("agent", "Any chest pain since he got home?"),
                    ("caller", "No, none of that, he's sitting up watching the game.")) == []


def test_round_one_hundred_twenty_two_outbound_name_confirmed_and_an_infected_incision():
    turns = [("agent", "Hi, this is Marisol from St. Brigid's Hospital discharge follow-up, calling for Anjali Raman."),
             ("caller", "That's me."),
             ("agent", "Great. Before we go on, can you confirm your date of birth for me?"),
             ("caller", "Ten, fourteen, ninety-two. October fourteenth."),
             ("agent", "Thank you, Anjali. I also have your follow-up with Dr. Haldane on Thursday June seventeenth."),
             ("caller", "Um, mostly fine? The incision's a bit red, and it's, like, warm to touch, and there's some "
                        "yellowish stuff on the bandage. And I had chills last night. I'm trying not to freak out "
                        "about it, honestly."),
             ("agent", "I'm really glad you told me, and it makes sense that it's scary. I'm going to transfer you "
                       "right now to our on-call surgical nurse.")]
    result = score_call(call(*turns, record={"name": "Anjali Raman", "dob": "1992-10-14"}, call_type="post_discharge"),
                        org=ORG)
    assert criterion(result, "identity_verification").passed is True
    assert [f["type"] for f in criterion(result, "escalation").details["red_flags"]] == ["surgical_infection"]
    assert criterion(result, "empathy").details["distress_segments"] == [5]


def test_round_one_hundred_twenty_three_third_parties_who_never_say_who_they_are():
    def third_party(*turns: tuple[str, str]) -> bool:
        t = call(GREETING, *turns, *CLOSING)
        return criterion(score_call(t, org=ORG), "identity_verification").details["third_party"]

    # the patient named, then spoken of: with a mark on a letter, a spelling or a full stop between
    assert third_party(("caller", "Hi, I'm calling about Inês Carvalho. She's got an MRI coming up."),
                       ("agent", "Okay, I've got Inês. The MRI was approved through June thirtieth.")) is True
    assert third_party(("caller", "I'm calling about Tomasz Wiśniewski, W-I-S-N-I-E-W-S-K-I. He's in one of your "
                                  "studies."),
                       ("agent", "His next visit is Thursday May thirteenth at eight thirty.")) is True
    # no relation said, only the pronouns
    assert third_party(("caller", "yeah hi, I need to move her appointment, the one next week with the foot doctor"),
                       ("agent", "Sure, what's the patient's name?")) is True
    assert third_party(("caller", "Hi, I'm checking on a referral for Bogdan Petrović."),
                       ("agent", "Dr. Achebe-Stroud has him down for an intake on the fourteenth at nine."),
                       ("caller", "Does he need to bring anything?")) is True
    # the doctor spoken of is no patient
    assert third_party(("caller", "I'm calling to see if my blood work came back."),
                       ("agent", "Yes, your results are back and Dr. Feld went over them yesterday."),
                       ("caller", "okay. does she need to see me before that?")) is False


def test_round_one_hundred_twenty_three_names_with_marked_letters_spelled_plain():
    def mismatched(name: str, said: str) -> list[str]:
        turns = [("agent", "Can I have your name please?"), ("caller", said),
                 ("agent", "Thank you, I have that.")]
        return _accuracy(turns, {"name": name}).details["mismatched_fields"]

    assert mismatched("Bogdan Petrović", "Bogdan Petrović. P-E-T-R-O-V-I-C, there's a little mark over the C.") == []
    assert mismatched("Tomasz Wiśniewski", "Tomasz Wiśniewski. W-I-S, the S has a little accent on it, "
                                           "N-I-E-W-S-K-I.") == []
    assert mismatched("Rafael Quiñones-Ortiz", "Rafael Quiñones-Ortiz, Q-U-I-Ñ, the N with the squiggle, O-N-E-S, "
                                               "hyphen, Ortiz.") == []
    assert mismatched("Siobhán O'Driscoll", "Siobhán O'Driscoll. That's S-I-O-B-H-A with an accent, N, and O "
                                            "apostrophe D-R-I-S-C-O-L-L.") == []
    # a record typed without the mark is the same name
    assert mismatched("Joaquin Ferreyra", "Joaquín Ferreyra, J-O-A-Q-U-I-N, accent on the I.") == []
    # a letter spelled wrong is still a mismatch
    assert mismatched("Tomasz Wiśniewski", "Tomasz Wiśniewski. W-I-S, the S has a little accent on it, "
                                           "N-E-I-W-S-K-I.") == ["name"]


def test_round_one_hundred_twenty_five_distress_through_sarcasm_and_understatement():
    def distress(said: str) -> list[int]:
        t = call(GREETING, ("caller", said), ("agent", "Okay."), *CLOSING)
        return criterion(score_call(t, org=ORG), "empathy").details["distress_segments"]

    for said in [
        "Oh, you know, just my favorite hobby, moving this appointment around. Third time's the charm, right? My "
        "shifts keep changing on me and honestly I'm about done with it.",
        "Right. Okay. Kidneys. I'll be honest, I'm a little rattled, she's all I've got.",
        "Six weeks. Wonderful. Fantastic. Because he only snores like a chainsaw. Totally fine, love that.",
        "So I rolled my ankle stepping off a curb like an absolute genius. Really peak day for me. It hurts like "
        "crazy when I stand.",
        "I'm so flustered, my brain keeps going to the worst place.",
    ]:
        assert distress(said) == [1], said
    # (a crown done with a dentist is no one done with it)
    assert distress("I'm getting a crown done with Dr. Nakashima and the office wanted me to double check.") == []


def test_rounds_one_hundred_twenty_five_to_seven_names_obtained_and_a_chart_not_opened():
    def identity(*turns: tuple[str, str], record: dict) -> dict:
        t = call(GREETING, *turns, *CLOSING, record=record)
        return criterion(score_call(t, org=ORG), "identity_verification")

    # a name with a letter Unicode cannot split ("ø"), a name said as its own sentence mid-turn, a lowercase name
    # said last
    for turns, record in [
        ([("caller", "Hello, yes, my GP sent a referral for me. I'm Søren Vestergaard-Lund."),
          ("agent", "Thanks, Søren. And your date of birth?"),
          ("caller", "Eleven, five, eighty-three.")],
         {"name": "Søren Vestergaard-Lund", "dob": "1983-11-05"}),
        ([("caller", "hi i got a voicemail to call back about my uh post op check in, desmond oyelaran"),
          ("agent", "thanks desmond, can you confirm your date of birth for me"),
          ("caller", "ten sixteen seventy five")],
         {"name": "Desmond Oyelaran", "dob": "1975-10-16"}),
    ]:
        told = ("agent", "Thanks. Your follow-up with Dr. Whitcombe is on the twenty eighth at two.")
        result = identity(*turns, told, record=record)
        assert result.passed is True, turns[0]
    result = identity(
        ("caller", "I need to check coverage for my mother's physical therapy. Marguerite Okafor. I'm her daughter, "
                   "Adaeze."),
        ("agent", "Thanks, Adaeze. Before I can discuss her plan I need to check that you're listed as an authorized "
                  "representative."),
        ("agent", "Yes, I see Adaeze Okafor-Bright listed as her authorized representative. And your mother's date of "
                  "birth?"),
        ("caller", "June second, nineteen forty-nine."),
        ("agent", "Thank you, that matches. Her plan covers outpatient physical therapy, twenty visits a year."),
        record={"name": "Marguerite Okafor", "dob": "1949-06-02"})
    assert result.passed is True
    # saying the chart stays closed discloses nothing
    result = identity(("caller", "hi um i'm calling for my husband, he saw a flyer about the lung study"),
                      ("agent", "happy to tell you about it in general. i can't look at anything in his chart with you "
                                "today, but i can go through who the study is looking for"),
                      record={})
    assert result.details["first_disclosure_segment"] is None


def test_round_one_hundred_twenty_seven_an_interpreter_asking_the_patient_and_a_referral_that_went_out():
    def identity(*turns: tuple[str, str], record: dict) -> dict:
        t = call(GREETING, *turns, *CLOSING, record=record)
        return criterion(score_call(t, org=ORG), "identity_verification").details

    d = identity(("caller", "hello yes this is the somali interpreter, i have a patient on the line with me"),
                 ("agent", "thank you. before we start could you ask the patient if it's okay with her for you to "
                           "interpret and hear her health information"),
                 ("caller", "she says yes that's fine, she wants me to help her"),
                 ("agent", "okay and could you ask for her full name and date of birth"),
                 ("caller", "her name is hodan warsame and her birthday is the fifth of august nineteen seventy eight"),
                 ("agent", "thank you, i have her. the claim went to her old insurance."),
                 record={"name": "Hodan Warsame", "dob": "1978-08-05"})
    assert d["third_party"] is True and d["authorization_checked"] is True
    d = identity(("caller", "hey good afternoon, i'm calling about my father's referral, kwame asante"),
                 ("agent", "oh sure, and his date of birth"), ("caller", "june third nineteen forty nine"),
                 ("agent", "okay yep i see mr asante, so the referral to the urology clinic for his prostate biopsy "
                           "went out on monday"),
                 record={"name": "Kwame Asante", "dob": "1949-06-03"})
    assert d["first_disclosure_segment"] == 4 and d["disclosure_before_authorization"] is True


def test_round_one_hundred_twenty_eight_an_incision_named_by_the_agent():
    t = call(GREETING, ("agent", "Good. How's the incision looking?"),
             ("caller", "Eh, it's a bit red around it, and since last night there's some yellowish stuff coming out. "
                        "And I took my temperature this morning, it was a hundred and two point four."),
             ("agent", "Okay, drink plenty of fluids."), *CLOSING, call_type="post_discharge")
    flags = criterion(score_call(t, org=ORG), "escalation").details["red_flags"]
    assert [f["type"] for f in flags] == ["surgical_infection"]


def test_round_one_hundred_twenty_nine_red_flags_played_down_and_sarcasm():
    def flags(said: str, call_type: str = "symptom_triage") -> list[str]:
        t = call(GREETING, ("caller", said), ("agent", "Okay, I'll note that."), *CLOSING, call_type=call_type)
        return [f["type"] for f in criterion(score_call(t, org=ORG), "escalation").details["red_flags"]]

    assert flags("sorry i'm kinda out of breath, i just did the stairs, which, ever since i got back from the flight "
                 "on sunday my left calf's been all puffy and sore and i get winded doing like nothing") == ["leg_clot"]
    assert flags("the bottom incision's gotten kinda red and hot and there's some yellowish stuff on the gauze, and "
                 "i was at a hundred and one point eight last night", "post_discharge") == ["surgical_infection"]
    assert flags("came on maybe forty minutes ago while i was raking, sort of a squeeze, goes up into my jaw a bit, "
                 "and i'm a little sweaty") == ["cardiac"]

    def distress(said: str) -> list[int]:
        t = call(GREETING, ("caller", said), ("agent", "Okay."), *CLOSING)
        return criterion(score_call(t, org=ORG), "empathy").details["distress_segments"]

    for said in [
        "dr. ambrose cancelled on me again, which, great, that's three times now, i just love spending every lunch "
        "break on hold with you guys",
        "oh fantastic, so i pay for basically the whole thing. love paying premiums every month for a card that works "
        "great as a bookmark",
        "i've had this cough for like ten days, dry, keeps me up all night, so that's been a blast",
    ]:
        assert distress(said) == [1], said


def test_round_one_hundred_twenty_nine_a_date_not_found_and_a_proxy_on_file():
    def identity(*turns: tuple[str, str], record: dict):
        t = call(GREETING, *turns, *CLOSING, record=record)
        return criterion(score_call(t, org=ORG), "identity_verification")

    # the agent not finding the date said: the birth date is asked again, the name stands
    result = identity(("caller", "hi yeah um, date of birth is june fourth nineteen seventy-seven"),
                      ("agent", "ha, thank you, and your full name"),
                      ("caller", "marguerite n'diaye, that's n apostrophe d i a y e"),
                      ("agent", "thank you marguerite, one sec. hmm, i'm not finding a match with june fourth"),
                      ("caller", "oh god, sorry, it's the fourteenth, june fourteenth, i always do that"),
                      ("agent", "june fourteenth nineteen seventy-seven, okay, there you are."),
                      ("agent", "i have tuesday the twenty-second at eight thirty with dr. ambrose"),
                      record={"name": "Marguerite N'Diaye", "dob": "1977-06-14"})
    assert result.passed is True and result.details["identifiers"][0]["obtained_segment"] == 3
    result = identity(("caller", "yeah hi, this is kwame owusu-mensah, i called about my mom abena's referral"),
                      ("agent", "okay thanks kwame. before i go any further, are you listed on her release form or as "
                                "her healthcare proxy"),
                      ("caller", "proxy, yeah, since last year, should be on file"),
                      ("agent", "let me check. yes, i see you on the proxy paperwork. and can you give me her date of "
                                "birth"),
                      ("caller", "she's, uh, july thirtieth, nineteen forty-one"),
                      ("agent", "thank you. so dr. mwangi referred her to cardiology, to dr. estrada, for the heart "
                                "murmur they heard at her last visit"),
                      record={"name": "Abena Owusu-Mensah", "dob": "1941-07-30"})
    assert result.details["third_party"] is True and result.details["authorization_checked_before_disclosure"] is True
    assert result.passed is True


def test_rounds_one_hundred_thirty_to_one_hundred_thirty_three():
    def scored(*turns: tuple[str, str], record: dict):
        return score_call(call(GREETING, *turns, *CLOSING, record=record), org=ORG)

    # a house number said in two parts is the record's: "two-eleven Aspen Court" for 211 Aspen Court
    result = scored(("agent", "Same address on Aspen Court for the paperwork?"),
                    ("caller", "Yes, two-eleven Aspen Court."), record={"address": "211 Aspen Court"})
    assert criterion(result, "data_accuracy").details["fields"]["address"]["status"] == "match"
    # "who am I speaking with?" - "His daughter, Lucia.": a third party, told the medicines unchecked
    result = scored(("caller", "Hi, my dad, Augustin Pereira, was discharged Saturday after his pneumonia."),
                    ("agent", "Okay, what's his date of birth?"), ("caller", "August eighth, nineteen forty-one."),
                    ("agent", "And who am I speaking with?"), ("caller", "His daughter, Lucia."),
                    ("agent", "Okay, Lucia. So he went home on levofloxacin, one tablet daily for five more days, and "
                              "they stopped his lisinopril until his follow-up with Dr. Ngata."),
                    record={"name": "Augustin Pereira", "dob": "1941-08-08"})
    identity = criterion(result, "identity_verification")
    assert identity.details["third_party"] is True and identity.passed is False
    # a birthday said before the name, read back after it, was given by the caller: no disclosure
    result = scored(("caller", "yeah hi, oh four twelve ninety-one, that's my birthday, um, i need to move my "
                               "physical"),
                    ("agent", "sure, i can help with that. and can i get your full name please"),
                    ("caller", "odalys ferrante-quill. and wow, forty minutes on hold, really loving the music"),
                    ("agent", "i'm so sorry about that wait. just to confirm, date of birth april twelfth, nineteen "
                              "ninety-one?"),
                    ("caller", "yep"),
                    ("agent", "thank you, odalys, you're verified. i see your physical with dr. amsel on the "
                              "eighteenth at nine."),
                    record={"name": "Odalys Ferrante-Quill", "dob": "1991-04-12"})
    assert criterion(result, "identity_verification").passed is True
    # ... and the wait on hold, said with sarcasm, is distress the agent met
    assert criterion(result, "empathy").details["distress_segments"] == [3]
    result = scored(("caller", "I've been reading stuff online about the side effects and I've kind of worked myself "
                               "into a state."), ("agent", "That's completely understandable."), record={})
    assert criterion(result, "empathy").details["distress_segments"] == [1]
    # the doctor's name spelled otherwise than the record's
    result = scored(("agent", "she has the tenth at eight fifteen"),
                    ("caller", "the tenth at eight fifteen. and it's dr. hallberg, right, h a l l b e r g, i just "
                               "looked at the letter, not burg"), ("agent", "yes, that's her"),
                    record={"provider": "Dr. Ines Hallburg"})
    assert criterion(result, "data_accuracy").details["fields"]["provider"]["status"] == "mismatch"
    # the number and the unit corrected in answer to the agent reading them out
    result = scored(("agent", "what's the best number and i'll confirm his address, i have two oh seven, five five "
                              "five, zero one eight eight and twelve quarry road, apartment four d"),
                    ("caller", "the number's two oh seven, five five five, zero one eight nine now, he changed it. and "
                               "it's apartment four b, not d"),
                    record={"phone": "207-555-0188", "address": "12 Quarry Road, Apt 4D"})
    assert criterion(result, "data_accuracy").details["mismatched_fields"] == ["phone", "address"]
    # ... but not an answer to the next question asked after the reading
    result = scored(("agent", "Can I get your insurance member ID?"),
                    ("caller", "It's C-R-V, three three eight, one zero seven, five five."),
                    ("agent", "C-R-V, three three eight, one zero seven, five five. And a phone number?"),
                    ("caller", "Three one two, five five five, zero one eight zero."),
                    record={"member_id": "CRV-338-107-55", "phone": "312-555-0180"})
    assert criterion(result, "data_accuracy").details["mismatched_fields"] == []
    # a year alone is no date; a pause inside the date does not split it; a day taken back right after the month
    for said, dob, status in [("she's, hold on, it's on her folder... nineteen thirty-nine", "1939-02-11",
                               "unverifiable"),
                              ("she says the fifth of, uh, the fifth of november... nineteen fifty-six", "1956-11-05",
                               "match"),
                              ("July thirteenth, no, thirtieth, sorry, thirtieth, nineteen ninety.", "1990-07-13",
                               "mismatch")]:
        result = scored(("agent", "and her date of birth"), ("caller", said), ("agent", "thank you."),
                        record={"dob": dob})
        assert criterion(result, "data_accuracy").details["fields"].get("dob", {}).get("status") == status, said


def test_round_one_hundred_thirty_five_jaw_and_arm_without_chest_a_pain_gone_since_and_a_wreck():
    def scored(*turns: tuple[str, str], call_type: str = "symptom_triage"):
        return score_call(call(GREETING, *turns, *CLOSING, call_type=call_type), org=ORG)

    # the jaw and the left arm aching with a cold sweat, no chest named: a heart attack's signs
    result = scored(("caller", "i need my lisinopril refilled. and i've been feeling kinda off today, my jaw and my "
                               "left arm are achy and i'm all clammy, probably just the heat, anyway the refill"),
                    ("agent", "please hang up and call nine one one now, don't drive yourself."))
    escalation = criterion(result, "escalation")
    assert [f["type"] for f in escalation.details["red_flags"]] == ["cardiac"] and escalation.passed is True
    # the chest pain that brought him in, none since, is history
    result = scored(("caller", "okay. and the chest pain, that's why he was in last week, he hasn't had any since, so "
                               "that's done right"),
                    ("agent", "good that there's been none. if it ever comes back, call nine one one."),
                    call_type="post_discharge")
    assert criterion(result, "escalation").details["red_flags"] == []
    # "i've been a complete wreck all week" is distress; "our system's been a mess" is not
    for said, distress in [("oh thank god. sorry, i've been a complete wreck all week", [1]),
                           ("Oh, could be, our system's been a mess all week.", [])]:
        result = scored(("caller", said), ("agent", "Okay."), call_type="patient_inquiry")
        assert criterion(result, "empathy").details["distress_segments"] == distress, said


def test_round_one_hundred_thirty_seven_a_doctor_taken_back_and_a_possessive_without_apostrophe():
    def provider(*turns: tuple[str, str], record: str) -> str:
        result = score_call(call(GREETING, *turns, *CLOSING, record={"provider": record}), org=ORG)
        return criterion(result, "data_accuracy").details["fields"]["provider"]["status"]

    assert provider(("agent", "okay wednesday the fifth at eleven twenty with dr okafor"),
                    ("caller", "oh wait no sorry, not okafor, okafor was the guy at the old clinic. its dr okonkwo. "
                               "chidi okonkwo. i always mix those two up"),
                    ("agent", "got it no problem"), record="Dr. Okafor") == "mismatch"
    assert provider(("agent", "ill put him on dr vasquez-linds schedule tomorrow, tuesday the fourteenth at nine forty "
                              "for an ear check"), ("caller", "okay"), record="Dr. Vasquez-Lind") == "match"


def test_round_one_hundred_thirty_seven_distress_said_as_not_knowing_anymore_or_being_a_burden():
    def distress(*turns: tuple[str, str], call_type: str = "patient_inquiry") -> list[int]:
        result = score_call(call(GREETING, *turns, *CLOSING, call_type=call_type), org=ORG)
        return criterion(result, "empathy").details["distress_segments"]

    assert distress(("caller", "she cant do thursdays anymore they moved her dialysis to thursdays and honestly i just "
                               "dont know anymore every week its something new"),
                    ("agent", "oh that sounds like a lot to keep track of, i'm sorry.")) == [1]
    # a feeling said beside a red flag: a night without sleep
    assert distress(("caller", "he had a fever of a hundred and three this morning and the incision is red and hot and "
                               "theres stuff coming out of it. and i havent slept"),
                    ("agent", "im so sorry, that sounds really scary. he needs to be seen right now."),
                    call_type="post_discharge") == [1]


def test_round_one_hundred_thirty_nine_a_nurse_to_look_today_and_last_time():
    def escalation(*turns: tuple[str, str], call_type: str):
        return criterion(score_call(call(GREETING, *turns, *CLOSING, call_type=call_type), org=ORG), "escalation")

    result = escalation(
        ("caller", "eh, okay i guess. tired. the incision's kinda red and there's some yellow stuff coming out, and "
                   "i've been at a hundred and three since last night, but, you know, surgery"),
        ("agent", "wendell, a fever of a hundred and three with drainage from the incision is something the surgical "
                  "nurse needs to look at today. i don't want to wait on that"),
        call_type="post_discharge")
    assert result.details["escalated"] is True and result.passed is True
    # a faint said of the last time is history
    result = escalation(("caller", "oh, ugh, the blood draw. i'm honestly kind of nervous about needles, last time i "
                                   "almost passed out"),
                        ("agent", "i'm sorry, that sounds really unpleasant. we can have you lie down for the draw."),
                        call_type="clinical_trial")
    assert result.details["red_flags"] == []
