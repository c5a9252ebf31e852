"""Synthetic medical call-center dialogues with ground-truth labels.

A call is built turn by turn from many phrasings per step; every PHI value enters the text through a
``Phi`` placeholder, so its label offsets are exact by construction. Flaws change the dialogue (and
the labels follow from what was actually generated, not from the flaw list).
"""

from __future__ import annotations

import datetime as dt
import random
import re
import string
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from faker import Faker

from models.interchange import Segment, Transcript
from qa_engine.synthetic import spoken
from qa_engine.synthetic.orgs import ORGANIZATIONS, org_config

SERVICE_LINES = ("scheduling", "insurance_verification", "patient_inquiry", "physician_referral",
                 "post_discharge", "clinical_trial", "triage")
FLAWS = ("skips_verification", "discloses_before_verification", "no_empathy", "wrong_capture",
         "misses_red_flag", "no_greeting", "no_recorded_line", "no_closing", "no_required_info",
         "no_relationship_check", "gives_medical_advice", "promises_coverage")
PHI_TYPES = ("PERSON", "DATE", "AGE", "PHONE_NUMBER", "EMAIL_ADDRESS", "US_SSN", "MRN", "MEMBER_ID",
             "ACCOUNT_NUMBER", "LICENSE_NUMBER", "DEVICE_ID", "URL", "IP_ADDRESS", "STREET_ADDRESS",
             "ZIP_CODE", "LOCATION", "OTHER_ID")
SCRIPT_STEPS = ("greeting", "recorded_line_disclosure", "verification", "purpose", "required_info", "closing")


@dataclass
class PhiLabel:
    segment: int
    start: int
    end: int
    type: str


@dataclass
class CallLabels:
    """Ground truth for one call. Segment numbers index ``transcript.segments``.

    - ``flaws``: the agent flaws present in the dialogue (a requested flaw that could not occur, e.g.
      ``wrong_capture`` in a call that ended before anything was captured, is dropped).
    - ``phi``: every patient PHI value in the text, character offsets into its segment's text. Staff,
      provider, clinic and organization names, and the organization's own numbers, are never labelled
      (see ``org_config``). Years alone ("a stroke in 2019"), times of day and weekdays alone are not PHI.
    - ``verification_segments``: the agent's identity questions and the caller's answers;
      ``verified_segment``: the caller turn that completed verification (None if never verified);
      ``verification_identifiers``: what was verified ("name", "dob", "ssn_last4", "address").
    - ``disclosure_segments``: agent turns revealing patient-specific health, appointment, insurance or
      account information; ``verified_before_disclosure``: verification completed before the first
      one (None when nothing was disclosed).
    - ``distress_segments``: caller turns expressing worry, pain or frustration; ``empathy_segments``:
      agent acknowledgements (in the agent's next turn; caring escalation lines such as "I want to make
      sure you're safe" count too); ``empathy_expected`` = any distress;
      ``empathy_given`` = there was distress and every distress turn was acknowledged in the next turn.
    - ``script_steps``: greeting naming the organization, recorded-line disclosure, verification,
      purpose (agent states or confirms the reason for the call), required_info (the call type's
      instructions: pre-appointment instructions, medication and follow-up review, consent language...),
      closing ("anything else" and a goodbye). A good agent who escalates a red flag ends the call at
      once, so ``required_info`` can be False there without a flaw.
    - ``red_flag_segments``: caller turns with a red-flag symptom (``red_flag_kinds``: chest_pain,
      breathing, stroke, suicidal, bleeding); ``escalation_segments``: agent turns sending to 911, the
      nurse line or a crisis line; ``escalated``: None when there is no red flag.
      ``negated_symptom_segments``: denials and history ("no chest pain", "i had a stroke in 2019"),
      never red flags.
    - ``true_record``: what the caller actually said, normalized like ``transcript.record`` (what the
      agent captured); ``mismatched_fields``: keys where the two differ.
    - ``third_party``: a relative or caregiver calls for the patient; ``relationship_checked``: whether
      the agent checked their relationship or authorization (None for first-party calls).
    - ``prohibited_segments``: agent turns with medical advice from non-clinical staff or a coverage
      promise; ``hold_after_segments``: agent turns that put the caller on hold (audio may insert hold).
    - ``transcript_style``: "cased" (punctuated) or "lower" (lowercase, no sentence punctuation, as
      some ASR output is).
    """

    service_line: str
    flaws: list[str] = field(default_factory=list)
    phi: list[PhiLabel] = field(default_factory=list)
    verified_before_disclosure: bool | None = None
    verification_segments: list[int] = field(default_factory=list)
    verification_identifiers: list[str] = field(default_factory=list)
    verified_segment: int | None = None
    first_disclosure_segment: int | None = None
    disclosure_segments: list[int] = field(default_factory=list)
    distress_segments: list[int] = field(default_factory=list)
    empathy_segments: list[int] = field(default_factory=list)
    empathy_expected: bool = False
    empathy_given: bool = False
    script_steps: dict[str, bool] = field(default_factory=dict)
    script_step_segments: dict[str, list[int]] = field(default_factory=dict)
    red_flag_segments: list[int] = field(default_factory=list)
    red_flag_kinds: list[str] = field(default_factory=list)
    escalation_segments: list[int] = field(default_factory=list)
    escalated: bool | None = None
    negated_symptom_segments: list[int] = field(default_factory=list)
    true_record: dict[str, Any] = field(default_factory=dict)
    mismatched_fields: list[str] = field(default_factory=list)
    third_party: bool = False
    relationship_checked: bool | None = None
    direction: str = "inbound"
    hold_after_segments: list[int] = field(default_factory=list)
    prohibited_segments: list[int] = field(default_factory=list)
    transcript_style: str = "cased"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CallLabels:
        data = dict(data)
        data["phi"] = [PhiLabel(**p) for p in data.get("phi", [])]
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass
class SyntheticCall:
    transcript: Transcript
    labels: CallLabels
    org_id: str
    agent_id: str
    seed: int
    org_config: dict[str, Any] = field(default_factory=dict)

    @property
    def call_id(self) -> str:
        return self.transcript.call_id

    def to_dict(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "org_id": self.org_id,
            "agent_id": self.agent_id,
            "org_config": self.org_config,
            "transcript": self.transcript.model_dump(mode="json"),
            "labels": asdict(self.labels),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SyntheticCall:
        return cls(
            transcript=Transcript.model_validate(data["transcript"]),
            labels=CallLabels.from_dict(data["labels"]),
            org_id=data["org_id"],
            agent_id=data["agent_id"],
            seed=data["seed"],
            org_config=data.get("org_config") or org_config(data["org_id"]),
        )

    def phi_values(self) -> list[tuple[str, str]]:
        """(type, text) of every labelled PHI span, e.g. to check no value leaks into logs."""
        segs = self.transcript.segments
        return [(p.type, segs[p.segment].text[p.start:p.end]) for p in self.labels.phi]


# --------------------------------------------------------------------------------------------------
# Dialogue assembly

@dataclass
class Phi:
    text: str
    type: str
    # words said with the value that are not PHI themselves: the weekday of "tuesday the fourteenth"
    lead: str = ""


@dataclass
class _Turn:
    speaker: str
    parts: list[tuple[str, str | None]]
    tags: set[str]


class _Escalated(Exception):
    """Raised by a step once the agent escalated a red flag: the call ends there."""


_FORMATTER = string.Formatter()


def _parts(template: str, values: dict[str, Any]) -> list[tuple[str, str | None]]:
    out: list[tuple[str, str | None]] = []
    for literal, name, _spec, _conv in _FORMATTER.parse(template):
        if literal:
            out.append((literal, None))
        if name is not None:
            value = values[name]
            if isinstance(value, Phi):
                if value.lead:
                    out.append((value.lead, None))
                out.append((value.text, value.type))
            else:
                out.append((str(value), None))
    return out


# --------------------------------------------------------------------------------------------------
# Phrase banks. Agent lines are written as an ASR writes clear speech (case, punctuation); caller lines
# lowercase and loosely punctuated, as Whisper often gives telephone speech.

GREETINGS = [
    "Thank you for calling {org}, this is {agent}.",
    "Good morning, {org}, {agent} speaking.",
    "Good afternoon, thank you for calling {org}. My name is {agent}.",
    "Hi, thanks for calling {org}, you've reached {agent}.",
    "{org}, this is {agent}.",
    "Thanks for calling {org}. This is {agent}, how are you today?",
    "Hello and thank you for calling {org}. {agent} here.",
]
BAD_GREETINGS = ["Hello?", "Yeah, hi.", "Front desk.", "Hi, go ahead.", "Yep, hello.", "Scheduling, go ahead."]
RECORDED = [
    "This call may be recorded for quality and training purposes.",
    "Just so you know, this call is being recorded.",
    "Please be aware this call is on a recorded line.",
    "This call may be monitored or recorded.",
    "Before we start, I'll let you know this call is recorded for quality assurance.",
]
HOW_HELP = ["How can I help you today?", "How may I help you?", "What can I do for you today?",
            "How can I help?", "What can I help you with?"]
OUT_GREETINGS = [
    "Hi, this is {agent} calling from {org}.",
    "Good morning, my name is {agent} and I'm calling from {org}.",
    "Hello, this is {agent} with {org}.",
    "Hi there, it's {agent} from {org}.",
]
OUT_BAD_GREETINGS = ["Hi.", "Hello, yeah.", "Hey there."]
ASK_FOR = ["May I please speak with {name}?", "Am I speaking with {name}?", "Is {name} available?",
           "I'm trying to reach {name}.", "Could I speak to {name}, please?"]
SELF_CONFIRM = ["this is she", "this is he", "speaking", "yeah that's me", "yes this is", "that's me yeah",
                "yep you got her", "yes speaking"]
EMPATHY = [
    "I'm so sorry to hear that.",
    "I understand how stressful this must be.",
    "Oh, I'm sorry you're dealing with that.",
    "That sounds really difficult, I'm sorry.",
    "I hear you, that must be frustrating.",
    "I can only imagine how worrying that is.",
    "I'm sorry, that's no fun at all.",
    "I totally understand your concern, and I'm going to help you with this.",
    "I'm sorry you've been going through that, let's get it sorted out.",
    "That must be really hard. Thank you for your patience with us.",
]
EMPATHY_WAIT = [
    "I completely understand, and I'm sorry for the wait.",
    "I apologize for the trouble, I know that's frustrating.",
    "I'm so sorry about the hold time, that's really frustrating.",
    "I hear you, and I'm sorry nobody got back to you.",
]
NEUTRAL_AFTER_DISTRESS = ["Okay.", "Alright.", "Mm-hmm.", "Okay, noted.", "Right.", "Sure."]
DISTRESS_WAIT = [
    "i've been on hold forever and i'm frustrated",
    "this is the third time i've called and nobody calls me back",
    "i've been waiting like forty minutes this is ridiculous",
    "honestly i'm really fed up with this",
    "i'm so frustrated nobody ever answers the phone there",
]
DISTRESS_WORRY = [
    "i'm really worried",
    "i'm so scared about this honestly",
    "i've been so anxious about it i can't sleep",
    "i'm just really stressed out about the whole thing",
    "i'm at my wits end to be honest",
    "i'm kind of freaking out a little",
    "it's been really overwhelming",
]
DISTRESS_PAIN = [
    "this pain is killing me",
    "my back is killing me i can barely move",
    "i'm in so much pain i can't even sleep",
    "this headache has been awful for days",
]
ACKS = ["Okay.", "Alright.", "Perfect.", "Great.", "Got it.", "Thank you.", "Okay, thank you.", "Perfect, thanks."]
CALLER_ACKS = ["ok", "okay", "alright", "ok thanks", "sounds good", "got it", "mm-hmm", "perfect", "yeah",
               "okay great"]
YES = ["yes", "yeah", "yep", "that's right", "correct", "yes that's correct", "mm-hmm yes", "yeah that's it"]
SMALL_TALK = [
    ("how's your day going so far", ["It's going well, thanks for asking!", "Busy, but good. Thank you!"]),
    ("sorry my dog is barking in the background", ["No problem at all.", "Oh, no worries."]),
    ("sorry i'm driving so bear with me", ["No problem, take your time.", "That's okay."]),
    ("it's been raining all week huh", ["I know, it's been nonstop!", "It really has."]),
    ("sorry can you hear me ok", ["Yes, I can hear you fine.", "You're a little faint, but I can hear you."]),
]
HOLD_ASKS = ["Let me pull up your chart, one moment please.", "Can I place you on a brief hold?",
             "Give me just a second while I look that up.", "Bear with me one moment while I check."]
CLOSING_ASK = ["Is there anything else I can help you with today?", "Is there anything else I can do for you?",
               "Anything else I can help with?", "Was there anything else you needed today?"]
CLOSING_NO = ["no that's it thanks", "nope that's all", "no that's everything thank you", "no i think that's it",
              "that's all thank you so much", "no you've been great thanks"]
CLOSING_BYE = [
    "Thank you for calling {org}, have a great day.",
    "You're welcome. Thanks for calling {org}, take care.",
    "Alright, thank you for calling {org}. Have a good one.",
    "Thanks so much, have a wonderful day. Goodbye.",
    "Thank you, and have a great rest of your day.",
]
BAD_CLOSING = ["Okay, you're all set. Bye.", "Alright, bye.", "Okay, that's it then.", "Yep, bye now."]
RELATIONSHIP_ASK = [
    "And what's your relationship to the patient?",
    "Are you listed as an authorized contact on the account?",
    "Can I ask how you're related to the patient?",
    "Before I go on, are you authorized on the patient's HIPAA release?",
]
RED_FLAGS_SELF = {
    "chest_pain": ["i've been having this chest pain that goes down my left arm",
                   "my chest feels really tight and heavy right now",
                   "there's like a pressure in my chest since this morning and i'm sweating"],
    "breathing": ["i can't really catch my breath", "i'm having trouble breathing even just sitting here",
                  "i get really short of breath just walking to the bathroom since last night"],
    "stroke": ["my face feels droopy on one side and my words are coming out weird",
               "my left arm went numb all of a sudden and my speech is slurred",
               "i have the worst headache of my life and my vision just went blurry"],
    "suicidal": ["honestly i've been thinking about ending my life",
                 "i don't really want to be here anymore",
                 "i've been having thoughts of hurting myself"],
    "bleeding": ["the incision is bleeding a lot and it won't stop",
                 "i'm bleeding through the bandage and it won't stop",
                 "i've been coughing up blood today"],
}
RED_FLAGS_OTHER = {
    "chest_pain": ["{pro}'s having chest pain that goes into {pos} arm", "{pro} says {pos} chest feels really tight"],
    "breathing": ["{pro} can't catch {pos} breath", "{pro}'s having a lot of trouble breathing right now"],
    "stroke": ["{pos} face is drooping on one side and {pos} speech is slurred",
               "{pro} suddenly can't lift {pos} right arm"],
    "suicidal": ["{pro}'s been saying {pro} wants to end {pos} life"],
    "bleeding": ["{pos} wound is bleeding a lot and it won't stop"],
}
NEGATED = [
    "no chest pain or anything like that", "i'm not having any trouble breathing", "no no bleeding",
    "i did have a stroke back in 2019 but i've been fine since", "no shortness of breath just the cough",
    "my dad had a heart attack but i've never had heart problems", "no i haven't had any thoughts like that",
    "i had some chest pain last year but they said it was reflux", "nope no fever no chest pain",
    "no trouble breathing no", "i had a blood clot years ago but nothing now",
]
SCREEN_ASK = ["Are you having any chest pain or shortness of breath?",
              "Any chest pain, trouble breathing, or bleeding?",
              "Just to check, any chest pain or difficulty breathing?",
              "Have you had any chest pain, shortness of breath, or new weakness?"]
ESCALATE = {
    "default": [
        "That could be serious. Please hang up and call 911 right away.",
        "I want to make sure you're safe. I'm transferring you to {nurse} right now, please stay on the line.",
        "With what you're describing you need to be seen immediately. Please call 911 or go to the nearest "
        "emergency room now.",
        "Okay, let me get {nurse} on the line right now. Please don't hang up.",
    ],
    "suicidal": [
        "I'm really glad you told me. I'm connecting you with the 988 Suicide and Crisis Lifeline right now, "
        "please stay on the line with me.",
        "Thank you for telling me. I'm transferring you to {nurse} right now, and if you're in danger please "
        "call 911.",
    ],
}
def _caring(line: str) -> bool:
    return any(k in line for k in ("make sure you're safe", "glad you told me", "Thank you for telling me"))


CARRY_ON = ["Okay. Well, let's get you taken care of.", "Alright, noted.", "Okay, I'll make a note of that.",
            "Mm-hmm. So, moving on.", "Okay, we'll let the doctor know at your visit."]
ESCALATED_BYE = ["Thank you for calling {org}. Please take care.", "Take care, help is on the way.",
                 "Okay, stay on the line while I transfer you."]

ADVICE = [  # (caller question, prohibited answers from non-clinical staff)
    ("should i keep taking my {med} in the meantime", ["Yeah, you can just double up on it until you see the doctor.",
                                                       "I'd just stop taking it for now, that's probably the cause."]),
    ("is it ok if i take something for the pain", ["Sure, just take some ibuprofen, it's probably nothing serious.",
                                                   "Yeah, take two Tylenol every four hours, you will be fine."]),
    ("do you think it's anything serious", ["Honestly it sounds like a pulled muscle, I wouldn't worry about it.",
                                            "Nah, that's probably just a virus, it'll pass on its own."]),
]
ADVICE_OK = ["I'm not able to give medical advice, but I can have the nurse call you back today.",
             "That's a great question for the doctor. I'll send a message to the nurse so they can advise you.",
             "I can't advise on that, but the on-call nurse can. Would you like me to have them call you?"]
COVERAGE_Q = ["will my insurance cover this", "am i going to have to pay anything for it",
              "so it's covered right"]
COVERAGE_BAD = ["Oh yeah, it'll definitely be covered, you won't owe anything.",
                "Don't worry, I can guarantee your plan pays for all of it.",
                "It's fully covered, one hundred percent, no bill at all."]
COVERAGE_OK = ["I can't guarantee coverage; that depends on your plan's benefits once the claim is processed.",
               "Your plan's benefits decide that, so I'd check with the insurance company for an estimate.",
               "I can't promise what insurance will pay, but our billing office can give you an estimate."]
FILLERS = ["um ", "uh ", "so ", "um so ", "yeah um "]

PROCEDURES = ["MRI of the lumbar spine", "knee replacement surgery", "CT scan", "colonoscopy",
              "sleep study", "physical therapy", "cardiac stress test"]
PAYERS = ["Blue Cross", "Aetna", "United Healthcare", "Cigna", "Humana", "Medicare", "Kaiser"]
MEDS = ["lisinopril", "metformin", "atorvastatin", "amlodipine", "metoprolol", "levothyroxine",
        "eliquis", "furosemide"]
SPECIALTIES = ["cardiology", "orthopedics", "dermatology", "neurology", "gastroenterology", "endocrinology"]
CONDITIONS = ["type 2 diabetes", "high blood pressure", "asthma", "knee arthritis", "migraines"]
COMPLAINTS = [
    "i've had a fever and a sore throat for about three days",
    "i twisted my ankle yesterday and it's really swollen",
    "i've been throwing up since last night",
    "i've got this rash on my arm that's spreading",
    "i've had a bad cough for over a week",
    "my back has been hurting since i lifted something heavy",
    "i've been really dizzy the last couple days",
]
RELATIONSHIPS = [("daughter", "mother", "she", "her"), ("son", "father", "he", "his"), ("wife", "husband", "he", "his"),
                 ("husband", "wife", "she", "her"), ("son", "mother", "she", "her"),
                 ("daughter", "father", "he", "his"), ("caregiver", "client", "she", "her")]


# --------------------------------------------------------------------------------------------------

@dataclass
class _Patient:
    first: str
    last: str
    dob: dt.date
    phone: str
    email_local: str
    email_domain: str
    house: int
    street: str
    city: str
    state: str
    zipcode: str
    member_id: str
    group_number: str
    mrn: str
    account: str
    ssn4: str
    serial: str
    sex: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def email(self) -> str:
        return f"{self.email_local}@{self.email_domain}"

    @property
    def address(self) -> str:
        return f"{self.house} {self.street}"


_FAKER = Faker("en_US")


_WORDS: set[str] = set()


def _dialogue_words() -> set[str]:
    """Words of every phrase in this module and the org config: a patient named e.g. "Good" would make
    "okay, good" ambiguous, so such names are not drawn."""
    if not _WORDS:
        import ast

        for node in ast.walk(ast.parse(Path(__file__).read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                _WORDS.update(re.findall(r"[a-z]+", node.value.lower()))
        for org in ORGANIZATIONS.values():
            _WORDS.update(re.findall(r"[a-z]+", repr(org).lower()))
        _WORDS.update(spoken.PHONETIC_WORDS)
    return _WORDS


def _make_patient(rng: random.Random, fake: Faker, call_date: dt.date, staff: set[str]) -> _Patient:
    sex = rng.choice("FM")
    while True:
        first = fake.first_name_female() if sex == "F" else fake.first_name_male()
        last = fake.last_name()
        if (first not in staff and last != first and not any(last in p for p in staff)
                and first.lower() not in _dialogue_words() and last.lower() not in _dialogue_words()):
            break
    age = rng.choice([rng.randint(19, 64), rng.randint(19, 64), rng.randint(65, 89), rng.randint(90, 101)])
    dob = call_date - dt.timedelta(days=age * 365 + rng.randint(1, 360))
    area = rng.randint(201, 989)
    while area % 100 == 11:
        area += 1
    phone = f"{area}-{rng.randint(201, 989)}-{rng.randint(0, 9999):04d}"
    style = rng.randrange(5)
    if style == 0:
        local = f"{first[0]}{last}".lower()
    elif style == 1:
        local = f"{first}.{last}".lower()
    elif style == 2:
        local = f"{first}{dob.year % 100:02d}".lower()
    elif style == 3:
        local = f"{first}{last[0]}{rng.randint(1, 99)}".lower()
    else:
        local = f"{last}{first[0]}".lower()
    local = "".join(c for c in local if c.isalnum() or c == ".")
    letters = string.ascii_uppercase
    member_id = rng.choice(letters) + "".join(rng.choice(string.digits) for _ in range(rng.choice([8, 9])))
    if rng.random() < 0.3:
        member_id = rng.choice(letters) + member_id
    return _Patient(
        first=first, last="".join(c for c in last if c.isalpha()), dob=dob, phone=phone,
        email_local=local,
        email_domain=rng.choice(["gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "aol.com", "icloud.com"]),
        house=rng.choice([rng.randint(10, 99), rng.randint(100, 999), rng.randint(100, 999), rng.randint(1000, 9999)]),
        street=f"{fake.street_name()}", city=fake.city(), state=fake.state(), zipcode=fake.zipcode(),
        member_id=member_id, group_number=str(rng.randint(10000, 999999)),
        mrn=str(rng.randint(1000000, 99999999)), account=str(rng.randint(100000, 9999999)),
        ssn4=f"{rng.randint(1, 9999):04d}",
        serial=rng.choice(letters) + rng.choice(letters) + "".join(rng.choice(string.digits) for _ in range(7)),
        sex=sex,
    )


def _iso(d: dt.date) -> str:
    return d.isoformat()


class _Call:
    """Builds one dialogue: the random choices, the turns, what the agent captured and what was said."""

    def __init__(self, seed: int, service_line: str, flaws: list[str], rng: random.Random) -> None:
        self.seed = seed
        self.rng = rng
        self.service_line = service_line
        self.flaws = set(flaws)
        self.org_id = rng.choice(sorted(ORGANIZATIONS))
        if service_line == "clinical_trial" and rng.random() < 0.6:
            self.org_id = "org-northgate"
        self.org = ORGANIZATIONS[self.org_id]
        i = rng.randrange(len(self.org["staff_names"]))
        self.agent_name = self.org["staff_names"][i]
        self.agent_id = self.org["agent_ids"][i]
        _FAKER.seed_instance(seed)
        self.call_date = dt.date(2026, 1, 5) + dt.timedelta(days=rng.randint(0, 320))
        staff = set(self.org["staff_names"]) | {p.split()[-1] for p in self.org["provider_names"]}
        self.p = _make_patient(rng, _FAKER, self.call_date, staff)
        self.provider = rng.choice(self.org["provider_names"])
        self.third_party = "no_relationship_check" in self.flaws or rng.random() < 0.18
        if self.third_party:
            rel = rng.choice(RELATIONSHIPS)
            self.rel, _role, self.pro, self.pos = rel
            self.pro, self.pos = ("she", "her") if self.p.sex == "F" else ("he", "his")
            if self.rel in ("daughter", "son"):
                self.rel_of_patient = "mother" if self.p.sex == "F" else "father"
            elif self.rel in ("wife", "husband"):
                self.rel_of_patient = "husband" if self.p.sex == "M" else "wife"
                self.rel = "wife" if self.p.sex == "M" else "husband"
            else:
                self.rel_of_patient = "client"
            self.caller_first = (_FAKER.first_name_female() if self.rel in ("daughter", "wife") else
                                 _FAKER.first_name_male() if self.rel in ("son", "husband") else _FAKER.first_name())
        self.turns: list[_Turn] = []
        self.record: dict[str, Any] = {}
        self.true_record: dict[str, Any] = {}
        self.readback_blocked: set[str] = set()
        self.verified_turn: int | None = None
        self.identifiers: list[str] = []
        self.relationship_checked: bool | None = None
        self.red_flag_kinds: list[str] = []
        self.disclosed = False
        self.direction = "inbound"
        # Some ASR output is all lowercase without punctuation; PHI detection must cope with both.
        self.style = "lower" if rng.random() < 0.3 else "cased"

    # -- low level -------------------------------------------------------------------------------
    def say(self, speaker: str, template: str, tags: Sequence[str] = (), **values: Any) -> int:
        self.turns.append(_Turn(speaker, _parts(template, values), set(tags)))
        return len(self.turns) - 1

    def agent(self, template: str, tags: Sequence[str] = (), **values: Any) -> int:
        return self.say("agent", template, tags, **values)

    def caller(self, template: str, tags: Sequence[str] = (), **values: Any) -> int:
        if self.rng.random() < 0.12:
            template = self.pick(FILLERS) + template
        return self.say("caller", template, tags, **values)

    def pick(self, options: Sequence[Any]) -> Any:
        return self.rng.choice(options)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def capture(self, key: str, true_value: Any) -> None:
        self.true_record[key] = true_value
        self.record[key] = true_value

    @property
    def org_name(self) -> str:
        return self.org["name"] if self.chance(0.8) else self.pick(self.org["short_names"])

    @property
    def provider_spoken(self) -> str:
        last = self.provider.split()[-1]
        return self.pick([self.provider, f"Dr. {last}", f"Doctor {last}"])

    def caller_provider(self) -> str:
        return f"dr {self.provider.split()[-1].lower()}"

    # -- PHI in spoken form ----------------------------------------------------------------------
    def phi_dob(self, d: dt.date | None = None) -> Phi:
        return Phi(spoken.dob_spoken(d or self.p.dob, self.rng), "DATE")

    def phi_day(self, d: dt.date, weekday: bool | None = None) -> Phi:
        said = spoken.day_spoken(d, self.rng, weekday)
        first, _, rest = said.partition(" ")
        # a weekday alone is not PHI: "tuesday" stays when "the fourteenth" is redacted
        return Phi(rest, "DATE", lead=f"{first} ") if first in spoken.WEEKDAYS and rest else Phi(said, "DATE")

    def phi_phone(self) -> Phi:
        return Phi(spoken.phone_spoken(self.p.phone, self.rng), "PHONE_NUMBER")

    def phi_name(self, caller_side: bool = True) -> Phi:
        name = self.p.name.lower() if caller_side and self.chance(0.75) else self.p.name
        return Phi(name, "PERSON")

    def phi_first(self) -> Phi:
        return Phi(self.p.first.lower() if self.chance(0.6) else self.p.first, "PERSON")

    def phi_last(self) -> Phi:
        return Phi(self.p.last.lower() if self.chance(0.6) else self.p.last, "PERSON")

    def phi_spelled(self, word: str) -> Phi:
        return Phi(spoken.spell(word, self.rng), "PERSON")

    def phi_id(self, value: str, kind: str) -> Phi:
        return Phi(spoken.id_spoken(value, self.rng), kind)

    def phi_email(self) -> Phi:
        return Phi(spoken.email_spoken(self.p.email_local, self.p.email_domain, self.rng), "EMAIL_ADDRESS")

    def phi_street(self) -> Phi:
        street = self.p.street.lower() if self.chance(0.7) else self.p.street
        if self.chance(0.3):
            street = street.replace("Street", "St").replace("street", "st")
        return Phi(f"{spoken.house_number_spoken(self.p.house, self.rng)} {street}", "STREET_ADDRESS")

    def phi_city(self) -> Phi:
        return Phi(self.p.city.lower() if self.chance(0.7) else self.p.city, "LOCATION")

    def phi_zip(self) -> Phi:
        return Phi(spoken.zip_spoken(self.p.zipcode, self.rng), "ZIP_CODE")

    def future_day(self, lo: int = 1, hi: int = 28) -> dt.date:
        d = self.call_date + dt.timedelta(days=self.rng.randint(lo, hi))
        while d.weekday() >= 5:
            d += dt.timedelta(days=1)
        return d

    def past_day(self, lo: int = 2, hi: int = 30) -> dt.date:
        return self.call_date - dt.timedelta(days=self.rng.randint(lo, hi))

    def slot(self) -> tuple[int, int]:
        return self.pick([(8, 0), (8, 30), (9, 15), (9, 45), (10, 0), (10, 30), (11, 0), (13, 0), (13, 30),
                          (14, 0), (14, 15), (14, 30), (15, 0), (15, 45), (16, 0)])

    # -- common steps ----------------------------------------------------------------------------
    def greeting_inbound(self) -> None:
        lines = []
        if "no_greeting" in self.flaws:
            lines.append((self.pick(BAD_GREETINGS), []))
        else:
            lines.append((self.pick(GREETINGS), ["greeting"]))
        if "no_recorded_line" not in self.flaws:
            pos = self.rng.randint(0, 1)
            lines.insert(pos, (self.pick(RECORDED), ["recorded_line"]))
        lines.append((self.pick(HOW_HELP), []))
        for text, tags in lines:
            self.agent(text, tags, org=self.org_name, agent=self.agent_name)

    def greeting_outbound(self) -> None:
        self.direction = "outbound"
        if "no_greeting" in self.flaws:
            self.agent(self.pick(OUT_BAD_GREETINGS))
        else:
            self.agent(self.pick(OUT_GREETINGS), ["greeting"], org=self.org_name, agent=self.agent_name)
        if "no_recorded_line" not in self.flaws and self.chance(0.5):
            self.agent(self.pick(RECORDED), ["recorded_line"])
            recorded_done = True
        else:
            recorded_done = "no_recorded_line" in self.flaws
        self.agent(self.pick(ASK_FOR), name=Phi(self.p.name if self.chance(0.6) else self.p.first, "PERSON"))
        if self.third_party:
            self.caller("{pro}'s resting right now this is {pos} {rel} {name}", pro=self.pro, pos=self.pos,
                        rel=self.rel, name=Phi(self.caller_first.lower(), "PERSON"))
            self.agent("Oh, hi {name}.", name=Phi(self.caller_first, "PERSON"))
        else:
            self.caller(self.pick(SELF_CONFIRM))
        if not recorded_done:
            self.agent(self.pick(RECORDED), ["recorded_line"])

    def distress(self, kind: str | None = None, prefix: str = "") -> None:
        """A caller turn expressing distress, and the agent's next words: empathy, or not (the flaw)."""
        bank = {"wait": DISTRESS_WAIT, "worry": DISTRESS_WORRY, "pain": DISTRESS_PAIN}
        kind = kind or self.pick(["wait", "worry", "pain"])
        text = self.pick(bank[kind])
        self.caller(prefix + text if prefix else text, ["distress"])
        if "no_empathy" in self.flaws:
            self.agent(self.pick(NEUTRAL_AFTER_DISTRESS))
        else:
            self.agent(self.pick(EMPATHY_WAIT if kind == "wait" and self.chance(0.7) else EMPATHY), ["empathy"])

    def small_talk(self) -> None:
        line, replies = self.pick(SMALL_TALK)
        self.caller(line)
        self.agent(self.pick(replies))

    def relationship_check(self) -> None:
        if not self.third_party:
            return
        if "no_relationship_check" in self.flaws:
            self.relationship_checked = False
            return
        self.agent(self.pick(RELATIONSHIP_ASK), ["relationship_check"])
        self.caller(self.pick(["i'm {pos} {rel}", "yeah i'm {pos} {rel} i'm on the form",
                               "i'm {pos} {rel} i handle all {pos} appointments"]),
                    ["relationship_check"], pos=self.pos, rel=self.rel)
        self.relationship_checked = True
        if self.chance(0.5):
            self.agent(self.pick(["Okay, I see you listed here. Thank you.", "Great, thank you for confirming."]))

    def who(self) -> str:
        """How the agent refers to the patient's identifiers: 'your' or 'the patient's'."""
        return "the patient's" if self.third_party else "your"

    def verify(self, extra: str | None = None) -> None:
        """Ask for and receive the identifiers, in varied order and form; mark where verification completes."""
        if "skips_verification" in self.flaws:
            if self.direction == "inbound" and (self.chance(0.7) or "wrong_capture" in self.flaws):
                self.agent(self.pick(["Who am I speaking with?", "And your name?", "Can I get a name?"]))
                self.caller_name_answer(spell_ok=False)
            return
        who = self.who()
        style = self.rng.randrange(3) if self.direction == "inbound" else 3
        tag = ["verification"]
        if style == 0:
            self.agent(self.pick([f"Can I have {who} full name and date of birth?",
                                  f"To get started, can I get {who} first and last name and date of birth?",
                                  f"First I'll need {who} name and date of birth."]),
                       tag)
            last = self.caller(self.pick(["sure it's {name} {dob}", "yeah {name} and it's {dob}", "{name} {dob}",
                                          "ok it's {name} date of birth {dob}"]), tag,
                               name=self.phi_name(), dob=self.phi_dob())
            self.identifiers += ["name", "dob"]
            self.capture("name", self.p.name)
            self.capture("dob", _iso(self.p.dob))
            if self.chance(0.4):
                last = self.spell_last(tag)
        elif style in (1, 2):
            order = ["name", "dob"] if style == 1 else ["dob", "name"]
            last = -1
            for ident in order:
                if ident == "name":
                    self.agent(self.pick([f"Can I get {who} first and last name?", f"What's {who} full name?",
                                          f"Can I start with {who} name, please?"]), tag)
                    last = self.caller_name_answer(spell_ok=True, tags=tag)
                    self.identifiers.append("name")
                else:
                    self.agent(self.pick([f"And {who} date of birth?", f"Can I have {who} date of birth?",
                                          f"What's {who} date of birth?", "And the date of birth, please?"]), tag)
                    last = self.caller(self.pick(["{dob}", "it's {dob}", "uh {dob}", "{dob} yeah"]), tag,
                                       dob=self.phi_dob())
                    self.capture("dob", _iso(self.p.dob))
                    self.identifiers.append("dob")
                    if self.chance(0.3) and "dob" not in self.readback_blocked:
                        self.agent(self.pick(["That's {dob}?", "Okay, {dob}, correct?"]), tag,
                                   dob=Phi(spoken.dob_spoken(self.p.dob, self.rng), "DATE"))
                        last = self.caller(self.pick(YES), tag)
        else:
            # Name already known (outbound call or asked earlier): DOB plus a second identifier.
            self.agent(self.pick(["Before we go any further, I need to verify " + ("the patient's" if self.third_party
                                  else "your") + " identity. Can you confirm the date of birth?",
                                  "For privacy, can you please confirm " + who + " date of birth?",
                                  "Great. Just to verify, what is " + who + " date of birth?"]), tag)
            last = self.caller(self.pick(["{dob}", "sure it's {dob}", "{dob}"]), tag, dob=self.phi_dob())
            self.identifiers += ["name", "dob"]
            self.capture("name", self.p.name)
            self.capture("dob", _iso(self.p.dob))
        if extra == "ssn4" or (extra is None and self.chance(0.12)):
            self.agent(self.pick(["And the last four of " + who + " social?",
                                  "Can you also give me the last four digits of " + who + " social security number?"]),
                       tag)
            last = self.caller(self.pick(["{ssn}", "it's {ssn}", "last four is {ssn}"]), tag,
                               ssn=Phi(spoken.grouped_digit_words(self.p.ssn4, self.rng)
                                       if self.chance(0.8) else self.p.ssn4, "US_SSN"))
            self.identifiers.append("ssn_last4")
        elif extra == "address" or (extra is None and self.chance(0.12)):
            self.agent("And can you confirm the address we have on file?", tag)
            last = self.caller(self.pick(["{street} {city}", "it's {street} in {city}", "{street}",
                                          "{street} {city} {zip}", "{street} zip code {zip}"]), tag,
                               street=self.phi_street(), city=self.phi_city(), zip=self.phi_zip())
            self.identifiers.append("address")
        self.verified_turn = last
        if self.chance(0.6):
            self.agent(self.pick(["Thank you, I've verified the account.", "Perfect, thank you.",
                                  "Thank you, I have the chart pulled up.", "Okay, I found the record.",
                                  "Great, thanks for verifying."]))

    def caller_name_answer(self, spell_ok: bool, tags: Sequence[str] = ()) -> int:
        self.capture("name", self.p.name)
        form = self.rng.randrange(4)
        if form == 0:
            last = self.caller(self.pick(["{name}", "it's {name}", "yeah it's {name}", "{name}"]), tags,
                               name=self.phi_name())
        elif form == 1:
            last = self.caller("{first} {spelled}", tags, first=self.phi_first(), spelled=self.phi_spelled(self.p.last))
        elif form == 2:
            last = self.caller("{first} {last} that's {spelled}", tags, first=self.phi_first(),
                               last=self.phi_last(), spelled=self.phi_spelled(self.p.last))
        else:
            last = self.caller("{name}", tags, name=self.phi_name())
        if spell_ok and form in (0, 3) and self.chance(0.5):
            last = self.spell_last(tags)
        return last

    def spell_last(self, tags: Sequence[str]) -> int:
        self.agent(self.pick(["Could you spell the last name for me?", "How do you spell the last name?",
                              "Can you spell that for me?", "And could you spell that last name?"]), tags)
        return self.caller(self.pick(["sure {spelled}", "{spelled}", "it's {spelled}", "yeah that's {spelled}"]), tags,
                           spelled=self.phi_spelled(self.p.last))

    def capture_phone(self, ask: bool = True) -> None:
        if ask and self.chance(0.6):
            self.agent(self.pick(["What's the best number to reach you?", "And a good callback number?",
                                  "Can I get a phone number in case we need to reach you?",
                                  "What's the best phone number for you?"]))
            self.caller(self.pick(["{phone}", "it's {phone}", "yeah it's {phone}", "{phone} that's my cell"]),
                        phone=self.phi_phone())
            self.capture("phone", self.p.phone)
            if self.chance(0.35) and "phone" not in self.readback_blocked:
                self.agent(self.pick(["Let me read that back, {phone}?", "So that's {phone}?"]),
                           phone=Phi(spoken.phone_spoken(self.p.phone, self.rng), "PHONE_NUMBER"))
                self.caller(self.pick(YES))
        else:
            self.agent(self.pick(["Is {phone} still the best number for you?",
                                  "I have {phone} as your number, is that still good?"]),
                       phone=Phi(spoken.phone_spoken(self.p.phone, self.rng), "PHONE_NUMBER"))
            self.caller(self.pick(YES))
            self.capture("phone", self.p.phone)

    def capture_email(self) -> None:
        self.agent(self.pick(["Can I get an email address for the confirmation?", "And what's your email?",
                              "Do you have an email we can send that to?"]))
        self.caller(self.pick(["{email}", "yeah it's {email}", "sure {email}"]), email=self.phi_email())
        self.capture("email", self.p.email)

    def capture_address(self) -> None:
        self.agent(self.pick(["And what's your current mailing address?", "Can I get your home address?",
                              "What address should we have on file?"]))
        style = self.rng.randrange(3)
        if style == 0:
            self.caller("{street} {city} {zip}", street=self.phi_street(), city=self.phi_city(), zip=self.phi_zip())
        elif style == 1:
            self.caller("it's {street} in {city} {state} {zip}", street=self.phi_street(), city=self.phi_city(),
                        state=self.p.state.lower(), zip=self.phi_zip())
        else:
            self.caller("{street}", street=self.phi_street())
            self.agent("And the city and zip code?")
            self.caller("{city} {zip}", city=self.phi_city(), zip=self.phi_zip())
        self.capture("address", self.p.address)
        self.capture("city", self.p.city)
        self.capture("zip", self.p.zipcode)

    def capture_member_id(self) -> None:
        self.agent(self.pick(["Can I get the member ID on the insurance card?",
                              "What's the member ID number on your card?",
                              "And the subscriber ID, please?"]))
        self.caller(self.pick(["{mid}", "it's {mid}", "ok it's {mid}", "let me grab my card um {mid}"]),
                    mid=self.phi_id(self.p.member_id, "MEMBER_ID"))
        self.capture("member_id", self.p.member_id)
        if self.chance(0.5):
            self.agent("And the group number?")
            self.caller(self.pick(["{gid}", "group number is {gid}"]),
                        gid=self.phi_id(self.p.group_number, "MEMBER_ID"))
            self.capture("group_number", self.p.group_number)

    def schedule(self, purpose_text: str = "") -> None:
        d1, d2 = self.future_day(), self.future_day()
        while d2 == d1:
            d2 = self.future_day()
        (h1, m1), (h2, m2) = self.slot(), self.slot()
        self.agent(self.pick(["I have {d1} at {t1} with {prov}, or {d2} at {t2}.",
                              "The first opening with {prov} is {d1} at {t1}. I also have {d2} at {t2}.",
                              "{prov} has {d1} at {t1} or {d2} at {t2}. Would either work?"]),
                   d1=self.phi_day(d1), t1=spoken.time_spoken(h1, m1, self.rng), d2=self.phi_day(d2),
                   t2=spoken.time_spoken(h2, m2, self.rng), prov=self.provider_spoken)
        first = self.chance(0.6)
        day, (h, m) = (d1, (h1, m1)) if first else (d2, (h2, m2))
        choice = self.pick(["the first one works", "let's do {day}", "i'll take {day} at {t}",
                            "um the {which} one please"])
        # Same draw either way (seeds keep their calls); the words must name the slot taken.
        self.caller(choice.replace("first", "{which}"), day=self.phi_day(day, weekday=False),
                    t=spoken.time_spoken(h, m, self.rng), which="first" if first else "second")
        self.capture("appointment", f"{_iso(day)} {h:02d}:{m:02d}")
        self.capture("provider", self.provider)
        if self.chance(0.6) and "appointment" not in self.readback_blocked:
            self.agent(self.pick(["Okay, you're booked for {day} at {t} with {prov}.",
                                  "Great, so that's {day} at {t} with {prov}."]),
                       day=self.phi_day(day), t=spoken.time_spoken(h, m, self.rng), prov=self.provider_spoken)
            self.caller(self.pick(CALLER_ACKS))
        else:
            self.agent(self.pick(ACKS))

    def disclosure(self, template: str, **values: Any) -> None:
        self.agent(template, ["disclosure"], **values)
        self.disclosed = True

    def red_flag(self) -> None:
        kind = self.pick(sorted(RED_FLAGS_SELF))
        self.red_flag_kinds.append(kind)
        if self.third_party:
            text = self.pick(RED_FLAGS_OTHER[kind]).format(pro=self.pro, pos=self.pos)
        else:
            text = self.pick(RED_FLAGS_SELF[kind])
        lead = self.pick(["", "also ", "actually ", "oh and ", "the thing is "])
        self.caller(lead + text, ["red_flag"])
        if "misses_red_flag" in self.flaws:
            self.agent(self.pick(CARRY_ON))
            return
        bank = ESCALATE["suicidal"] if kind == "suicidal" else ESCALATE["default"]
        if "no_empathy" in self.flaws:
            bank = [b for b in bank if not _caring(b)] or bank
        line = self.pick(bank)
        # Some escalations also acknowledge the caller ("I want to make sure you're safe"): empathy too.
        caring = _caring(line)
        self.agent(line, ["escalation", "empathy"] if caring else ["escalation"], nurse=self.org["nurse_line"])
        self.caller(self.pick(["ok", "okay thank you", "ok i will", "alright"]))
        if "no_closing" in self.flaws:
            self.agent(self.pick(BAD_CLOSING))
        else:
            self.agent(self.pick(ESCALATED_BYE), ["closing"], org=self.org_name)
        raise _Escalated

    def negated_symptom(self, ask: bool = True) -> None:
        if ask:
            self.agent(self.pick(SCREEN_ASK))
        self.caller(self.pick(NEGATED), ["negated_symptom"])
        self.agent(self.pick(["Okay, good.", "Good to hear.", "Okay, thank you.", "Alright."]))

    def caller_question(self) -> None:
        """A question a non-clinical agent must not answer with medical advice or a coverage promise."""
        advice, coverage = "gives_medical_advice" in self.flaws, "promises_coverage" in self.flaws
        if not (advice or coverage or self.chance(0.2)):
            return
        kind = "advice" if advice else "coverage" if coverage else self.pick(["advice", "coverage"])
        if kind == "advice":
            question, bad = self.pick(ADVICE)
            self.caller(question, med=self.pick(MEDS))
            if advice:
                self.agent(self.pick(bad), ["prohibited"])
            else:
                self.agent(self.pick(ADVICE_OK))
        else:
            self.caller(self.pick(COVERAGE_Q))
            if coverage:
                self.agent(self.pick(COVERAGE_BAD), ["prohibited"])
            else:
                self.agent(self.pick(COVERAGE_OK))
        if advice and coverage:
            self.caller(self.pick(COVERAGE_Q))
            self.agent(self.pick(COVERAGE_BAD), ["prohibited"])
        if self.chance(0.5):
            self.caller(self.pick(CALLER_ACKS))

    def maybe_hold(self) -> None:
        if self.chance(0.25):
            self.agent(self.pick(HOLD_ASKS), ["hold"])
            self.caller(self.pick(["sure", "ok", "no problem"]))
            self.agent(self.pick(["Thank you for holding.", "Thanks for waiting.", "Okay, I'm back."]))

    def required(self, template: str, **values: Any) -> None:
        if "no_required_info" in self.flaws:
            return
        self.agent(template, ["required_info"], **values)
        if self.chance(0.6):
            self.caller(self.pick(CALLER_ACKS))

    def closing(self) -> None:
        if "no_closing" in self.flaws:
            self.agent(self.pick(BAD_CLOSING))
            if self.chance(0.6):
                self.caller(self.pick(["ok bye", "bye", "ok thanks bye"]))
            return
        self.agent(self.pick(CLOSING_ASK), ["closing"])
        self.caller(self.pick(CLOSING_NO))
        self.agent(self.pick(CLOSING_BYE), ["closing"], org=self.org_name)
        if self.chance(0.5):
            self.caller(self.pick(["you too bye", "thanks bye", "bye bye"]))

    def purpose_ack(self, template: str, **values: Any) -> None:
        self.agent(template, ["purpose"], **values)


# --------------------------------------------------------------------------------------------------
# Service lines. Each runs the common frame around its own body.

_THIRD_PERSON = [(re.compile(p), r) for p, r in (
    (r"\bi've\b", "{pro}'s"), (r"\bi'm\b", "{pro}'s"), (r"\bi need\b", "{pro} needs"), (r"\bi have\b", "{pro} has"),
    (r"\bi'd like\b", "we'd like"), (r"\bi wanted\b", "we wanted"), (r"\bi got\b", "{pro} got"),
    (r"\bi had\b", "{pro} had"), (r"\bi think\b", "{pro} thinks"), (r"\band need\b", "and needs"),
    (r"\bi\b", "{pro}"), (r"\bmy\b", "{pos}"), (r"\bme\b", "{obj}"),
)]


def _third_person(purpose: str) -> str:
    """A caller's reason for calling, retold by a relative or caregiver about the patient."""
    for pattern, repl in _THIRD_PERSON:
        purpose = pattern.sub(repl, purpose)
    return purpose


def _inbound_frame(c: _Call, purpose: str, ack: str, early_disclosure: tuple[str, dict[str, Any]],
                   body: Any, extra_id: str | None = None, purpose_values: dict[str, Any] | None = None) -> None:
    c.greeting_inbound()
    vals = dict(purpose_values or {})
    if c.third_party:
        vals.setdefault("pos", c.pos)
        opener = c.pick(["hi i'm calling for my {rel} ", "hi yeah this is {cname} i'm calling about my {rel} ",
                         "hello i'm calling on behalf of my {rel} "])
        vals["rel"] = c.rel_of_patient
        vals["cname"] = Phi(c.caller_first.lower(), "PERSON")
        vals.setdefault("pro", c.pro)
        vals["obj"] = "her" if c.pro == "she" else "him"
        c.caller(opener + _third_person(purpose), **vals)
        age = c.call_date.year - c.p.dob.year - ((c.call_date.month, c.call_date.day) < (c.p.dob.month, c.p.dob.day))
        if age > 89 and c.chance(0.5):
            c.caller(c.pick(["{pro}'s {age} so {pro} can't really do the phone", "{pro}'s {age} years old"]),
                     pro=c.pro, age=Phi(spoken.age_spoken(age, c.rng), "AGE"))
    else:
        lead = c.pick(["hi ", "hi yes ", "hello ", "yeah hi ", "good morning ", ""])
        c.caller(lead + purpose, **vals)
    if "no_empathy" in c.flaws or c.chance(0.3):
        c.distress()
    elif c.chance(0.15):
        c.small_talk()
    c.purpose_ack(ack)
    c.relationship_check()
    if "discloses_before_verification" in c.flaws:
        c.disclosure(early_disclosure[0], **early_disclosure[1])
        if c.chance(0.5):
            c.caller(c.pick(CALLER_ACKS))
    c.verify(extra_id)
    try:
        c.caller_question()
        body(c)
        if "misses_red_flag" in c.flaws and not c.red_flag_kinds:
            c.red_flag()
        c.closing()
    except _Escalated:
        pass


def _scheduling(c: _Call) -> None:
    resched = c.chance(0.35)
    old = c.future_day(1, 10)
    oh, om = c.slot()
    purpose = c.pick(["i need to reschedule my appointment", "i have to move my appointment with {prov}"]) if resched \
        else c.pick(["i need to make an appointment with {prov}", "i'd like to schedule a follow up with {prov}",
                     "i need to get in to see {prov} about my knee", "i wanted to book a physical",
                     "i need to schedule an appointment"])
    disclosure = ("I see {who} scheduled with {prov} on {day} at {t}.",
                  {"who": "she's" if c.third_party and c.pro == "she" else "he's" if c.third_party else "you're",
                   "prov": c.provider_spoken, "day": c.phi_day(old), "t": spoken.time_spoken(oh, om, c.rng)}) \
        if resched else ("I see your last visit with {prov} was on {day}, so you're due for a follow up.",
                         {"prov": c.provider_spoken, "day": c.phi_day(c.past_day(20, 200))})

    def body(c: _Call) -> None:
        c.maybe_hold()
        if not c.disclosed:
            c.disclosure(*disclosure[:1], **disclosure[1])
        if c.chance(0.08):
            c.red_flag()
        c.schedule()
        c.capture_phone(ask=c.chance(0.5))
        if c.chance(0.3):
            c.capture_email()
        if c.chance(0.2):
            c.capture_address()
        c.required(c.pick([
            "Please arrive fifteen minutes early and bring your insurance card and a photo ID.",
            "Please bring a list of your current medications and arrive about ten minutes early.",
            "If you need to cancel, please give us at least twenty four hours notice. And bring your insurance card.",
        ]))
    _inbound_frame(c, purpose, c.pick(["Sure, I can help you with that.", "Of course, I can get that scheduled.",
                                       "Absolutely, let's find you a time."]),
                   disclosure, body, purpose_values={"prov": c.caller_provider()})


def _insurance(c: _Call) -> None:
    proc = c.pick(PROCEDURES)
    payer = c.pick(PAYERS)
    auth = c.chance(0.6)
    purpose = c.pick(["i'm calling to check on the prior authorization for my {proc}",
                      "i wanted to see if my {proc} got approved by insurance"]) if auth else \
        c.pick(["i got new insurance and need to update it", "i need to check if you take my insurance",
                "i wanted to make sure my insurance is on file before my {proc}"])
    auth_date = c.past_day(1, 10)
    disclosure = ("Your prior authorization for the {proc} was approved on {day}.",
                  {"proc": proc, "day": c.phi_day(auth_date)}) if auth else \
        ("I see {payer} on file, and your {proc} is scheduled with {prov}.",
         {"payer": payer, "proc": proc, "prov": c.provider_spoken})

    def body(c: _Call) -> None:
        c.agent(c.pick(["Which insurance do you have?", "Who is the insurance carrier?"]))
        c.caller(c.pick(["it's {payer}", "{payer}", "i have {payer} through work"]), payer=payer.lower())
        c.capture("payer", payer)
        c.capture_member_id()
        if c.chance(0.25):
            c.agent("Is the patient the primary subscriber?")
            c.caller("no it's my {sp} {name} {dob}", sp=c.pick(["husband", "wife"]),
                     name=Phi(f"{_FAKER.first_name().lower()} {c.p.last.lower()}", "PERSON"),
                     dob=c.phi_dob(c.p.dob - dt.timedelta(days=c.rng.randint(200, 3000))))
        c.maybe_hold()
        if not c.disclosed:
            c.disclosure(*disclosure[:1], **disclosure[1])
        if auth:
            ref = "PA" + "".join(c.rng.choice(string.digits) for _ in range(7))
            c.agent(c.pick(["Your authorization reference number is {ref}.", "The reference number is {ref}."]),
                    ref=Phi(spoken.id_spoken(ref, c.rng) if c.chance(0.6) else ref, "OTHER_ID"))
            c.caller(c.pick(["ok let me write that down", "got it", "ok thanks"]))
        if c.chance(0.08):
            c.red_flag()
        c.required(c.pick([
            "Please keep in mind an authorization is not a guarantee of payment; that depends on your benefits.",
            "The authorization is valid for ninety days, and it's not a guarantee of payment.",
            "Please bring your new card to your next visit so we can scan it in.",
        ]))
    _inbound_frame(c, purpose, c.pick(["I can check on that for you.", "Sure, let me look into that.",
                                       "Happy to help with your insurance."]),
                   disclosure, body, extra_id=c.pick([None, None, "ssn4"]), purpose_values={"proc": proc.lower()})


def _inquiry(c: _Call) -> None:
    topic = c.pick(["labs", "billing", "refill", "records"])
    med = c.pick(MEDS)
    visit = c.past_day(3, 40)
    purpose = {
        "labs": c.pick(["i'm calling about my lab results", "i had blood work done and wanted to get the results"]),
        "billing": c.pick(["i have a question about a bill i got", "i got a bill and i think it's wrong"]),
        "refill": c.pick([f"i need a refill on my {med}", f"i'm almost out of my {med}"]),
        "records": c.pick(["i need a copy of my medical records", "i need my records sent to a new doctor"]),
    }[topic]
    disc = {
        "labs": ("Your results from {day} are in, and {prov} reviewed them. Your cholesterol was a little high.",
                 {"day": c.phi_day(visit), "prov": c.provider_spoken}),
        "billing": ("I see a balance of one hundred twenty dollars from your visit on {day}.",
                    {"day": c.phi_day(visit)}),
        "refill": ("I see your {med} prescription from {prov}, and you have no refills left.",
                   {"med": med, "prov": c.provider_spoken}),
        "records": ("I see your records from your visit on {day} with {prov}.",
                    {"day": c.phi_day(visit), "prov": c.provider_spoken}),
    }[topic]

    def body(c: _Call) -> None:
        if topic == "billing":
            c.agent("Do you have the account number from the statement?")
            c.caller(c.pick(["yeah it's {acct}", "{acct}", "um account number {acct}"]),
                     acct=c.phi_id(c.p.account, "ACCOUNT_NUMBER"))
            c.capture("account_number", c.p.account)
        if topic == "records" and c.chance(0.6):
            c.agent("Do you happen to have your medical record number?")
            c.caller(c.pick(["it's {mrn}", "yeah m r n {mrn}", "{mrn}"]), mrn=c.phi_id(c.p.mrn, "MRN"))
            c.capture("mrn", c.p.mrn)
        if topic == "records" and c.chance(0.5):
            lic = c.rng.choice(string.ascii_uppercase) + "".join(c.rng.choice(string.digits) for _ in range(8))
            c.agent("For a records release I'll also need a photo ID. Can you read me your driver's license number?")
            c.caller(c.pick(["sure it's {lic}", "{lic}", "ok {lic}"]), lic=c.phi_id(lic, "LICENSE_NUMBER"))
            c.capture("license_number", lic)
        c.maybe_hold()
        if not c.disclosed:
            c.disclosure(disc[0], **disc[1])
        if c.chance(0.25):
            c.distress("worry", prefix=c.pick(["oh no ", "oh ", ""]))
        if c.chance(0.08):
            c.red_flag()
        if topic == "records":
            c.capture_email()
        else:
            c.capture_phone()
        c.required({
            "labs": "I'll send a message to {prov}, and the nurse will call you back within two business days "
                    "to go over the details.",
            "billing": "You can pay online, over the phone, or we can set up a payment plan for you.",
            "refill": "Refill requests take up to forty eight hours, so I'll send it to {prov} today.",
            "records": "We'll need a signed authorization form before we can release records.",
        }[topic], prov=c.provider_spoken)
    _inbound_frame(c, purpose, c.pick(["I can help you with that.", "Sure, let me look that up.",
                                       "Okay, I can check on that."]), disc, body,
                   extra_id="address" if topic == "billing" and c.chance(0.3) else None)


def _referral(c: _Call) -> None:
    spec = c.pick(SPECIALTIES)
    ref_date = c.past_day(2, 20)
    purpose = c.pick([f"my doctor referred me to {spec}", f"i got a referral for {spec} and need to set it up",
                      f"{{refdoc}} said i need to see {spec}"])
    refdoc = c.pick(c.org["provider_names"])
    disc = ("I see the referral from {doc} for {spec} came in on {day}.",
            {"doc": refdoc, "spec": spec, "day": c.phi_day(ref_date)})

    def body(c: _Call) -> None:
        c.capture("referring_provider", refdoc)
        c.capture("specialty", spec)
        if not c.disclosed:
            c.disclosure(disc[0], **disc[1])
        if c.chance(0.6):
            c.capture_member_id()
        c.maybe_hold()
        if c.chance(0.1):
            c.red_flag()
        c.schedule()
        c.capture_phone(ask=c.chance(0.6))
        c.required(c.pick([
            "Please have your referring doctor's office send over any recent imaging before the visit.",
            "Please bring your referral paperwork and insurance card to the appointment.",
        ]))
    _inbound_frame(c, purpose, c.pick(["Sure, I can help you set that up.", "Great, let's get that scheduled."]),
                   disc, body, purpose_values={"refdoc": f"dr {refdoc.split()[-1].lower()}"})


def _post_discharge(c: _Call) -> None:
    c.greeting_outbound()
    hospital = c.pick(c.org["hospital_names"])
    adm = c.past_day(4, 12)
    dis = adm + dt.timedelta(days=c.rng.randint(1, 3))
    med = c.pick(MEDS)
    disc_t = c.pick(["I'm calling to follow up after your discharge from {hosp} on {day}.",
                     "I'm following up on your hospital stay at {hosp}; I see you went home on {day}."])
    if "discloses_before_verification" in c.flaws:
        c.disclosure(disc_t, hosp=hospital, day=c.phi_day(dis))
        c.caller(c.pick(CALLER_ACKS))
    if c.third_party:
        c.relationship_check()
    c.verify(extra=c.pick([None, "address"]))
    try:
        c.caller_question()
        if not c.disclosed:
            c.disclosure(disc_t, hosp=hospital, day=c.phi_day(dis))
        c.agent(c.pick(["How have you been feeling since you got home?", "How are things going since you got home?"])
                if not c.third_party else "How has " + ("she" if c.pro == "she" else "he") + " been doing?")
        if "no_empathy" in c.flaws or c.chance(0.35):
            c.distress(c.pick(["worry", "pain"]), prefix=c.pick(["honestly not great ", "kind of rough ", ""]))
        else:
            c.caller(c.pick(["pretty good actually", "better thanks just tired", "ok i guess"]))
        c.purpose_ack("I just want to go over your medications and your follow-up appointment.")
        if c.chance(0.5):
            c.caller("i was admitted on {adm} and they sent me home on {dis}",
                     adm=c.phi_day(adm, weekday=False), dis=c.phi_day(dis, weekday=False))
        c.agent("Were you able to pick up the {med} from the pharmacy?", med=med)
        c.caller(c.pick(["yeah i got it", "yes i picked it up yesterday", "my son picked it up"]))
        c.required("Do you understand how to take the {med}? It's once a day in the morning with food.", med=med)
        if c.chance(0.5):
            c.negated_symptom()
        if c.chance(0.35):
            c.agent("The home monitor isn't sending readings. Can you read me the serial number on the back?")
            c.caller(c.pick(["ok it says {sn}", "um {sn}", "serial number {sn}"]), sn=c.phi_id(c.p.serial, "DEVICE_ID"))
            c.capture("device_serial", c.p.serial)
            if c.chance(0.3):
                ip = f"192.168.{c.rng.randint(0, 9)}.{c.rng.randint(2, 254)}"
                c.agent("And what IP address does the hub show on its screen?")
                spoken_ip = ip if c.chance(0.4) else " dot ".join(spoken.digit_words(p, c.rng) for p in ip.split("."))
                c.caller("it says {ip}", ip=Phi(spoken_ip, "IP_ADDRESS"))
        if c.chance(0.35) or "misses_red_flag" in c.flaws:
            c.red_flag()
        d = c.future_day(3, 14)
        h, m = c.slot()
        c.required("You have a follow-up appointment with {prov} on {day} at {t}.", prov=c.provider_spoken,
                   day=c.phi_day(d), t=spoken.time_spoken(h, m, c.rng))
        c.capture("appointment", f"{_iso(d)} {h:02d}:{m:02d}")
        c.capture("provider", c.provider)
        if c.chance(0.4):
            c.capture_phone(ask=False)
        c.closing()
    except _Escalated:
        pass


def _clinical_trial(c: _Call) -> None:
    cond = c.pick(CONDITIONS)
    outbound = c.chance(0.5)
    if outbound:
        c.greeting_outbound()
        disc_t = ("{prov} thought you might be a good fit for our {cond} study based on your diagnosis.",
                  {"prov": c.provider_spoken, "cond": cond})
        if "discloses_before_verification" in c.flaws:
            c.disclosure(disc_t[0], **disc_t[1])
            c.caller(c.pick(["oh ok", "ok", "oh interesting"]))
        if c.third_party:
            c.relationship_check()
        c.verify()
    else:
        c.greeting_inbound()
        if c.third_party:
            c.caller("hi i'm calling for my {rel} about the {cond} study", rel=c.rel_of_patient, cond=cond)
        else:
            c.caller(c.pick(["hi i saw an ad about a {cond} study",
                             "i'm calling about the research study for {cond}"]), cond=cond)
        if "no_empathy" in c.flaws or c.chance(0.2):
            c.distress("worry", prefix=c.pick(["i've tried everything and ", "to be honest "]))
        c.relationship_check()
        disc_t = ("I see in your chart that {prov} diagnosed your {cond} last year.",
                  {"prov": c.provider_spoken, "cond": cond})
        if "discloses_before_verification" in c.flaws:
            c.disclosure(disc_t[0], **disc_t[1])
        c.verify()
    try:
        c.caller_question()
        if outbound and ("no_empathy" in c.flaws):
            c.distress("worry")
        c.purpose_ack(c.pick(["We're enrolling people in a research study for {cond}, and I'd like to ask a few "
                              "screening questions.", "I'm calling about a clinical study for {cond}. Do you have a "
                              "few minutes for some screening questions?"]), cond=cond)
        c.caller(c.pick(CALLER_ACKS + ["sure go ahead"]))
        if not c.disclosed:
            c.disclosure(disc_t[0], **disc_t[1])
        age = c.call_date.year - c.p.dob.year
        if age > 89:
            c.caller("is there an age limit i'm {age}", age=Phi(spoken.age_spoken(age, c.rng), "AGE"))
            c.agent("Let me check the criteria on that.")
        c.required("First, have you been diagnosed with {cond} by a doctor? And are you currently taking any "
                   "insulin or blood thinners?", cond=cond)
        c.caller(c.pick(["yes diagnosed about two years ago no insulin", "yeah i have it and no blood thinners"]))
        if c.chance(0.6):
            c.negated_symptom(ask=True)
        if c.chance(0.05) or "misses_red_flag" in c.flaws:
            c.red_flag()
        c.required(c.pick([
            "Participation is completely voluntary and you can withdraw at any time. A study coordinator will go "
            "over the informed consent form with you before anything else.",
            "I want to be clear that joining is voluntary, and you'll review and sign an informed consent document "
            "with the research team before any study procedures.",
        ]))
        c.capture_phone()
        if c.chance(0.5):
            c.capture_email()
        c.closing()
    except _Escalated:
        pass


def _triage(c: _Call) -> None:
    complaint = c.pick(COMPLAINTS)
    med = c.pick(MEDS)
    disc = ("I see in your chart you're taking {med}, and you were seen here last month.", {"med": med})

    def body(c: _Call) -> None:
        if not c.disclosed:
            c.disclosure(disc[0], **disc[1])
        c.agent(c.pick(["How long have you had these symptoms?", "When did this start?",
                        "Can you tell me more about what's going on?"]))
        c.caller(c.pick(["since like monday", "about three days now", "it started last night",
                         "on and off for a week"]))
        if c.chance(0.6):
            c.negated_symptom()
        if c.chance(0.5) or "misses_red_flag" in c.flaws:
            c.red_flag()
        d = c.future_day(0, 2)
        h, m = c.slot()
        c.agent("I can get you in with {prov} on {day} at {t}.", prov=c.provider_spoken, day=c.phi_day(d),
                t=spoken.time_spoken(h, m, c.rng))
        c.caller(c.pick(["ok that works", "yes please", "that's fine"]))
        c.capture("appointment", f"{_iso(d)} {h:02d}:{m:02d}")
        c.capture("provider", c.provider)
        c.capture_phone(ask=c.chance(0.5))
        c.required(c.pick(["If your symptoms get worse before then, go to the emergency room or call 911.",
                           "If anything changes or gets worse, please call us back or go to urgent care."]))
    purpose = complaint
    _inbound_frame(c, purpose, c.pick(["Okay, let me ask you a few questions so we can figure out the next step.",
                                       "I'm going to ask some questions to see how soon you should be seen."]),
                   disc, body)


_BUILDERS = {"scheduling": _scheduling, "insurance_verification": _insurance, "patient_inquiry": _inquiry,
             "physician_referral": _referral, "post_discharge": _post_discharge,
             "clinical_trial": _clinical_trial, "triage": _triage}


# --------------------------------------------------------------------------------------------------

def _choose_flaws(rng: random.Random) -> list[str]:
    if rng.random() < 0.5:
        return []
    weights = {"skips_verification": 2, "discloses_before_verification": 3, "no_empathy": 3, "wrong_capture": 3,
               "misses_red_flag": 2, "no_greeting": 1, "no_recorded_line": 1, "no_closing": 1,
               "no_required_info": 1, "no_relationship_check": 1, "gives_medical_advice": 1,
               "promises_coverage": 1}
    names = sorted(weights)
    chosen: list[str] = []
    for _ in range(1 if rng.random() < 0.6 else 2):
        f = rng.choices(names, [weights[n] for n in names])[0]
        if f not in chosen:
            chosen.append(f)
    if {"skips_verification", "discloses_before_verification"} <= set(chosen):
        chosen.remove("discloses_before_verification")
    return chosen


def _perturb(rng: random.Random, key: str, value: Any) -> Any:
    """A plausible capture error: a mistyped digit, swapped day and month, a misspelled name."""
    if key == "dob":
        d = dt.date.fromisoformat(value)
        if d.day <= 12 and d.day != d.month:
            return dt.date(d.year, d.day, d.month).isoformat()
        return dt.date(d.year + rng.choice([-1, 1]), d.month, min(d.day, 28)).isoformat()
    if key == "appointment":
        day, hm = value.split()
        h, m = map(int, hm.split(":"))
        if rng.random() < 0.5:
            return f"{day} {(h + rng.choice([1, 2])) % 24:02d}:{m:02d}"
        return f"{(dt.date.fromisoformat(day) + dt.timedelta(days=rng.choice([1, 7]))).isoformat()} {hm}"
    if key in ("name",):
        first, last = value.split(" ", 1)
        if len(last) > 3:
            i = rng.randrange(1, len(last) - 2)
            if last[i] != last[i + 1]:
                return f"{first} {last[:i]}{last[i + 1]}{last[i]}{last[i + 2:]}"
        return f"{first} {last}{'e' if not last.endswith('e') else 's'}"
    if key in ("provider", "payer", "referring_provider", "specialty"):
        return value + " (unverified)"
    if key == "email":
        local, domain = value.split("@")
        return f"{local[:-1] or 'x'}@{domain}"
    digits = [i for i, ch in enumerate(str(value)) if ch.isdigit()]
    if not digits:
        return str(value) + "x"
    s = list(str(value))
    i = rng.choice(digits)
    s[i] = str((int(s[i]) + rng.randint(1, 9)) % 10)
    return "".join(s)


_PUNCT = re.compile(r"[.,?!;](?=\s|$)")

_PERTURBABLE = ("dob", "phone", "member_id", "appointment", "name", "zip", "address", "email", "group_number",
                "account_number", "mrn")


def generate_call(seed: int, service_line: str | None = None, flaws: Sequence[str] | None = None) -> SyntheticCall:
    """One synthetic call, fully determined by its arguments."""
    rng = random.Random(seed)
    service_line = service_line or rng.choice(SERVICE_LINES)
    if service_line not in SERVICE_LINES:
        raise ValueError(f"unknown service line {service_line!r}; expected one of {SERVICE_LINES}")
    if flaws is None:
        flaws = _choose_flaws(rng)
    else:
        unknown = set(flaws) - set(FLAWS)
        if unknown:
            raise ValueError(f"unknown flaws {sorted(unknown)}; expected some of {FLAWS}")
        if {"skips_verification", "discloses_before_verification"} <= set(flaws):
            raise ValueError("skips_verification and discloses_before_verification exclude each other")
    flaws = list(flaws)
    c = _Call(seed, service_line, flaws, rng)
    wrong: list[str] = []
    if "wrong_capture" in c.flaws:
        # Chosen before the dialogue so the agent does not read the mistyped field back correctly.
        wrong = rng.sample(_PERTURBABLE, k=len(_PERTURBABLE))
        c.readback_blocked = set(wrong[:4])
    _BUILDERS[service_line](c)
    if wrong:
        captured = [k for k in wrong if k in c.record]
        blocked_first = [k for k in captured if k in c.readback_blocked] + \
            [k for k in captured if k not in c.readback_blocked]
        n = 2 if rng.random() < 0.35 and len(blocked_first) > 1 else 1
        for key in blocked_first[:n]:
            c.record[key] = _perturb(rng, key, c.record[key])
        if not captured:
            # The call ended (e.g. an early escalation) before the agent captured anything to get wrong.
            flaws.remove("wrong_capture")
    return _finish(c, flaws)


def _finish(c: _Call, flaws: list[str]) -> SyntheticCall:
    # Merge consecutive turns of one speaker so segments alternate agent / caller.
    merged: list[_Turn] = []
    turn_to_seg: list[int] = []
    for t in c.turns:
        if merged and merged[-1].speaker == t.speaker:
            merged[-1].parts.append((" ", None))
            merged[-1].parts.extend(t.parts)
            merged[-1].tags |= t.tags
        else:
            merged.append(_Turn(t.speaker, list(t.parts), set(t.tags)))
        turn_to_seg.append(len(merged) - 1)
    segments: list[Segment] = []
    phi: list[PhiLabel] = []
    for si, t in enumerate(merged):
        text, pos = [], 0
        for chunk, kind in t.parts:
            if c.style == "lower":
                chunk = chunk.lower() if kind is not None else _PUNCT.sub("", chunk.lower())
            if kind is not None:
                phi.append(PhiLabel(si, pos, pos + len(chunk), kind))
            text.append(chunk)
            pos += len(chunk)
        segments.append(Segment(speaker=t.speaker, text="".join(text)))  # type: ignore[arg-type]

    def segs(tag: str) -> list[int]:
        return [i for i, t in enumerate(merged) if tag in t.tags]

    disclosures = segs("disclosure")
    first_disc = disclosures[0] if disclosures else None
    verified_seg = turn_to_seg[c.verified_turn] if c.verified_turn is not None else None
    vbd = None if first_disc is None else (verified_seg is not None and verified_seg < first_disc)
    distress, empathy = segs("distress"), segs("empathy")
    red, esc = segs("red_flag"), segs("escalation")
    steps_segs = {
        "greeting": segs("greeting"), "recorded_line_disclosure": segs("recorded_line"),
        "verification": segs("verification"), "purpose": segs("purpose"),
        "required_info": segs("required_info"), "closing": segs("closing"),
    }
    steps = {k: bool(v) for k, v in steps_segs.items()}
    steps["verification"] = verified_seg is not None
    call_id = f"syn-{c.seed:06d}-{c.service_line.replace('_', '-')}"
    labels = CallLabels(
        service_line=c.service_line, flaws=sorted(flaws), phi=phi, verified_before_disclosure=vbd,
        verification_segments=steps_segs["verification"], verification_identifiers=c.identifiers if verified_seg
        is not None else [], verified_segment=verified_seg, first_disclosure_segment=first_disc,
        disclosure_segments=disclosures, distress_segments=distress, empathy_segments=empathy,
        empathy_expected=bool(distress), empathy_given=bool(distress) and all(d + 1 in empathy for d in distress),
        script_steps=steps,
        script_step_segments=steps_segs, red_flag_segments=red, red_flag_kinds=c.red_flag_kinds,
        escalation_segments=esc, escalated=(bool(esc) if red else None),
        negated_symptom_segments=segs("negated_symptom"), true_record=dict(c.true_record),
        mismatched_fields=sorted(k for k in c.record if c.record[k] != c.true_record.get(k)),
        third_party=c.third_party, relationship_checked=c.relationship_checked if c.third_party else None,
        direction=c.direction, hold_after_segments=segs("hold"), prohibited_segments=segs("prohibited"),
        transcript_style=c.style,
    )
    transcript = Transcript(call_id=call_id, call_type=c.service_line, segments=segments, record=dict(c.record))
    return SyntheticCall(transcript=transcript, labels=labels, org_id=c.org_id, agent_id=c.agent_id, seed=c.seed,
                         org_config=org_config(c.org_id))


def generate_corpus(n: int, seed: int = 0) -> list[SyntheticCall]:
    """n calls; call i uses seed ``seed * 1_000_003 + i`` so corpora with different seeds do not overlap."""
    return [generate_call(seed * 1_000_003 + i) for i in range(n)]
