"""script_adherence: the required script steps are said, in order where order matters; prohibited
phrases are flagged.

Steps are matched in the agent's sentences by fuzzy matching (rapidfuzz) against a list of phrasings,
so paraphrases count. The greeting must name the organization when its name is known (from the rubric's
or the call's organization overrides); an organization's own script lines extend a step's phrasings.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz

from models.interchange import CriterionResult
from rubrics.criteria import Context, Params, register
from rubrics.criteria.common import heard_as, is_agent, is_asr, norm, sentences
from rubrics.criteria.escalation import ESCALATE

STEP_PHRASES: dict[str, list[str]] = {
    "greeting": ["thank you for calling", "thanks for calling", "you've reached", "you have reached",
                 "welcome to", "my name is"],
    "recorded_line_disclosure": ["this call may be recorded", "this call is being recorded", "on a recorded line",
                                 "calls are recorded", "call may be monitored or recorded", "recorded for quality",
                                 "monitored for quality", "this call is recorded", "call will be recorded",
                                 "recorded and monitored", "recorded for quality and training purposes"],
    "verification": ["can i have your full name", "date of birth", "verify your identity", "confirm your identity",
                     "verify some information", "your name and date of birth", "member id", "spell your last name",
                     "who am i speaking with", "verify a few details", "confirm a few details"],
    "purpose": ["how can i help you", "how may i help you", "what can i do for you", "how can i assist you",
                "what are you calling about", "what is the reason for your call", "how can i help",
                "what brings you", "what can i help you with", "how may i assist", "i'm calling to",
                "i'm calling about", "i'm calling from", "the reason for my call", "the reason i'm calling"],
    "closing": ["is there anything else", "anything else i can help", "anything else i can do",
                "is there something else", "can i help you with anything else", "anything more i can help",
                "any other questions", "what else can i help"],
    "pre_appointment_instructions": ["arrive fifteen minutes early", "arrive 15 minutes early", "arrive early",
                                     "bring your insurance card", "bring a photo id", "bring your id",
                                     "bring a list of your medications", "do not eat", "fast before",
                                     "nothing to eat or drink", "wear comfortable", "check in"],
    "medication_review": ["how are you taking your", "are you taking your medication", "medication as prescribed",
                          "any questions about your medications", "new medication", "how often are you taking",
                          "go over your medications", "review your medications", "do you understand how to take",
                          "any side effects"],
    "follow_up_reminder": ["follow-up appointment", "follow up appointment", "follow up visit", "follow-up visit",
                           "your follow up is", "schedule a follow up", "see the doctor again",
                           "appointment with your doctor"],
    "prescreening_criteria": ["are you currently taking", "have you been diagnosed", "do you have a history of",
                              "how old are you", "are you pregnant", "the study is looking for",
                              "eligibility questions", "a few screening questions", "pre-screening",
                              "inclusion criteria", "have you ever had"],
    "consent_language": ["participation is voluntary", "completely voluntary", "you can withdraw at any time",
                         "informed consent", "consent form", "you may stop at any time",
                         "does not affect your care", "you can leave the study"],
    "insurance_details": ["insurance provider", "member id", "group number", "policy holder", "subscriber",
                          "insurance card", "plan name", "who is your insurance"],
    "authorization_status": ["prior authorization", "pre-authorization", "authorization number",
                             "authorization status", "approved", "pending review", "reference number"],
    "referral_details": ["referring physician", "referral to", "specialist", "referral was sent", "the referral",
                         "reason for the referral", "fax the referral", "referral number"],
    "symptom_assessment": ["what symptoms", "when did it start", "how long have you", "on a scale of",
                           "any chest pain", "trouble breathing", "are you having", "describe the symptoms"],
    "appointment_confirmation": ["you're scheduled for", "you are scheduled for", "i've booked", "i have you down",
                                 "your appointment is", "i've scheduled", "you're all set for", "booked you"],
}
# A greeting identifies the speaker or the organization; "Hello?" or "Front desk." does not.
GREETING_RE = re.compile(r"\b(thank(s| you) for calling|you'?ve reached|you have reached|welcome to|this is [a-z]+|"
                         r"my name is|calling (from|with)|it'?s [a-z]+ (from|with|at)|[a-z]+ (speaking|here)\b|"
                         r"good (morning|afternoon|evening),? [a-z]+)")
# Whisper rarely spells an organization's name right ("Cedar Grove" -> "Seaman Rome", "Senior Loan
# Clinic"), so on ASR text a name said where the greeting puts it counts.
ASR_NAME_SLOT = re.compile(r"\b((thank(s| you)|and you) for calling|calling (from|with)|you'?ve reached|welcome to|"
                           r"(this is|it'?s) [a-z]+ (from|with)|good (morning|afternoon|evening)),? (?!(and|you|me|i|"
                           r"to|for|the|a|my|how|what)\b)[a-z]{3,}")
# After an escalation the call ends with the transfer, not with "anything else?".
ESCALATED_CLOSING = ["take care", "thank you for calling", "stay on the line", "help is on the way", "goodbye",
                     "please don't hang up", "stay with me"]
PROHIBITED_PATTERNS: dict[str, str] = {
    # medical advice from non-clinical staff: dosing, stopping or doubling a drug, reassuring diagnoses
    "medical_advice": r"\b(you should (take|stop|double|increase|skip)|just take (some |an? )?(ibuprofen|tylenol|advil|"
                      r"aspirin|motrin|benadryl|aleve|extra)|(stop|quit) taking (it|them|your|the|that)|"
                      r"double (up|the dose|your dose)|double (up )?(on )?your (dose|medication)|"
                      r"take (one|two|three|four|a couple of|some|an extra|extra|more|\d+) [a-z]+ (every|twice|"
                      r"three times|a day|at night)|(it'?s|that'?s|sounds like) (probably |likely |just )*(nothing|"
                      r"a pulled muscle|a virus|just a virus|a cold|the flu|a sprain|a strain|stress|anxiety)\b|"
                      r"nothing to worry about|i wouldn'?t worry( about it)?|you('ll| will) be (fine|okay|ok)\b|"
                      r"(it'?ll|it will) (pass|go away|clear up) on its own|you don'?t need to (see|come in|go to)|"
                      r"i'?d (recommend|suggest) (you )?(take|taking|stop)|take (twice|double) the)",
    "coverage_promise": r"\b((it|that|this)('ll| will| is going to) (definitely |absolutely |for sure )?be covered|"
                        r"(it'?s|that'?s|this is|it is) (definitely |absolutely |fully |totally |completely |"
                        r"100 percent |"
                        r"one hundred percent )+covered|no bill at all|you won'?t (have to pay|owe) (anything|a thing)|"
                        r"(you'?re|you are) (definitely|fully|100 percent|totally) covered|"
                        r"insurance (will|is going to) (definitely |absolutely )?(cover|pay)|i (can )?(promise|"
                        r"guarantee)( you)? (it|that|they|your (plan|insurance))|"
                        r"guaranteed (to be )?(covered|approved)|"
                        r"(will|'ll) (definitely|absolutely) (be approved|get approved)|(pays|cover|covers) (for )?"
                        r"(all of it|everything|the whole thing|100 percent))",
}


_NEGATED = re.compile(r"\b(can'?t|cannot|can not|don'?t|do not|won'?t|will not|not|never|no way to|unable to)\b"
                      r"[^.,;!?]*$")


class Step(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    phrases: list[str] = Field(default_factory=list, description="Extra phrasings (built-ins are kept for known ids).")
    required: bool = True
    within_first_turns: int | None = Field(default=None, ge=1, description="Must come in the agent's first N turns.")
    within_last_turns: int | None = Field(default=None, ge=1, description="Must come in the agent's last N turns.")


def _default_steps() -> list[Step]:
    return [Step(id="greeting", within_first_turns=2), Step(id="recorded_line_disclosure", within_first_turns=3),
            Step(id="verification"), Step(id="purpose"), Step(id="closing", within_last_turns=3)]


class ScriptParams(Params):
    steps: list[Step] = Field(default_factory=_default_steps)
    order: list[str] = Field(default_factory=lambda: ["greeting", "recorded_line_disclosure", "closing"],
                             description="Steps whose first occurrences must come in this order.")
    threshold: float = Field(default=85.0, ge=50, le=100)
    greeting_requires_org_name: bool = True
    prohibit: list[str] = Field(default_factory=lambda: ["medical_advice", "coverage_promise"])
    prohibited_phrases: list[str] = Field(default_factory=list)


@lru_cache(maxsize=4096)
def _similar(phrase: str, sentence: str) -> float:
    if phrase in sentence:
        return 100.0
    if len(sentence) + 5 < len(phrase):
        return fuzz.ratio(phrase, sentence)
    return max(fuzz.partial_ratio(phrase, sentence), fuzz.token_set_ratio(phrase, sentence)
               if len(phrase.split()) >= 3 else 0.0)


def _org_names(ctx: Context) -> list[str]:
    org = ctx.org
    if org is None or not org.name:
        return []
    name = norm(org.name)
    # "Riverside Family Medicine" may be said "Riverside" or "Riverside Family"
    words = name.split()
    return [name] + ([" ".join(words[:2]), words[0]] if len(words) > 1 else [])


def _org_word_heard(name: str, opening: str) -> bool:
    """A word of the organization's name ("family", "partners", "clinic") heard in the opening, as the
    recognizer may spell it."""
    said = re.findall(r"[a-z]+", opening)
    return any(heard_as(w, s) for w in re.findall(r"[a-z]{4,}", name) for s in said)


@register("script_adherence", ScriptParams)
def score(spec, ctx: Context) -> CriterionResult:
    params = ScriptParams.model_validate(spec.params)
    segs = ctx.transcript.segments
    asr = is_asr(ctx.transcript)
    agent = [i for i, s in enumerate(segs) if is_agent(s.speaker) and s.speaker != "caller"]
    agent_sentences = [(i, norm(s)) for i in agent for s in sentences(segs[i].text)]
    org_lines = ctx.org.script_lines if ctx.org is not None else {}
    steps: dict[str, bool] = {}
    found_at: dict[str, int | None] = {}
    for step in params.steps:
        phrases = [norm(p) for p in (*STEP_PHRASES.get(step.id, []), *step.phrases, *org_lines.get(step.id, []))]
        allowed = agent
        if step.within_first_turns:
            allowed = agent[: step.within_first_turns]
        if step.within_last_turns:
            allowed = agent[-step.within_last_turns:]
        hit = next((i for i, s in agent_sentences if i in allowed
                    and any(_similar(p, s) >= params.threshold for p in phrases)), None)
        if step.id == "greeting" and hit is None:
            hit = next((i for i, s in agent_sentences if i in allowed and GREETING_RE.search(s)), None)
        if step.id == "closing" and hit is None and any(ESCALATE.search(s) for i, s in agent_sentences
                                                        if i in allowed):
            hit = next((i for i, s in agent_sentences if i in allowed
                        and any(_similar(p, s) >= params.threshold for p in ESCALATED_CLOSING)), None)
        if step.id == "greeting" and hit is not None and params.greeting_requires_org_name:
            names = _org_names(ctx)
            if names:
                opening = " ".join(norm(segs[i].text) for i in allowed)
                if not any(_similar(n, opening) >= params.threshold for n in names) and not (
                        asr and (ASR_NAME_SLOT.search(opening) or _org_word_heard(names[0], opening))):
                    hit = None
        steps[step.id] = hit is not None
        found_at[step.id] = hit
    order_violations = []
    positions = [(s, found_at[s]) for s in params.order if found_at.get(s) is not None]
    for (a, pa), (b, pb) in zip(positions, positions[1:], strict=False):
        if pb < pa:
            order_violations.append(f"{b} before {a}")
    prohibited: list[dict] = []
    patterns = {k: re.compile(PROHIBITED_PATTERNS[k]) for k in params.prohibit if k in PROHIBITED_PATTERNS}
    extra = [norm(p) for p in (*params.prohibited_phrases, *(ctx.org.prohibited_phrases if ctx.org else []))]
    for i, s in agent_sentences:
        for name, pattern in patterns.items():
            m = pattern.search(s)
            # "I can't promise what insurance will pay" is the opposite of a promise
            if m and not _NEGATED.search(s[max(0, m.start() - 40): m.start()]):
                prohibited.append({"segment": i, "type": name})
        for p in extra:
            if _similar(p, s) >= max(params.threshold, 90):
                prohibited.append({"segment": i, "type": "prohibited_phrase"})
    required = [s for s in params.steps if s.required]
    done = sum(1 for s in required if steps[s.id])
    share = done / len(required) if required else 1.0
    penalty = 0.25 * len(order_violations) + 0.25 * len({p["segment"] for p in prohibited})
    fraction = max(0.0, share - penalty)
    passed = done == len(required) and not order_violations and not prohibited
    evidence_idx = sorted({i for i in found_at.values() if i is not None} | {p["segment"] for p in prohibited})
    return CriterionResult(
        id=spec.id,
        kind=spec.kind,
        score=round(spec.weight * fraction, 2),
        max=spec.weight,
        passed=passed,
        confidence=0.85,
        evidence=[ctx.evidence(i) for i in evidence_idx],
        auto_fail=bool(spec.auto_fail and not passed),
        details={
            "steps": steps,
            "step_segments": found_at,
            "missing_steps": [s.id for s in required if not steps[s.id]],
            "order_ok": not order_violations,
            "order_violations": order_violations,
            "prohibited": prohibited,
        },
    )
