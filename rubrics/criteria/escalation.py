"""escalation: a red-flag symptom must be escalated at once (911, nurse line, warm transfer).

A red flag is a current symptom said by the caller ("my chest hurts", "she can't breathe"), or a "yes"
to the agent's screening question about one. Denials ("no chest pain") and history ("I had a stroke in
2019") are not red flags. A missed escalation is an auto-fail and the highest-priority review flag.
"""

from __future__ import annotations

import re

from pydantic import Field

from models.interchange import CriterionResult
from rubrics.criteria import Context, Params, register
from rubrics.criteria.common import AFFIRM_RE, is_agent, is_caller, is_question, next_turn, sentences, texts

RED_FLAGS: dict[str, str] = {
    "chest_pain": r"\bchest (pain|pains|pressure|tightness|hurts|hurting)|\bchest (feels|is|was|has been|keeps) "
                  r"(really |so |very |kind of |all )?(tight|heavy|painful|hurting|sore|crushing|squeezing)|"
                  r"\b(pain|pressure|tightness|squeezing) in (my|his|her|the) chest|\bheart attack\b|"
                  r"\bpain (going |spreading |radiating )?(down|into) (my|his|her) (left )?arm",
    "breathing": r"\b(can'?t|cannot|couldn'?t|can barely|can hardly|could barely|could hardly|struggling to|"
                 r"hard to|trouble|difficulty|having a hard time)( really| even| quite)? ?"
                 r"(breathe|breathing|catch (my|his|her) breath)|"
                 r"\bshort(ness)? of breath|"
                 r"\b(not|isn'?t|stopped) breathing|\bgasping|\blips (are|look|turning) (blue|purple)|"
                 r"\bchoking\b|\bwheezing (badly|a lot)|"
                 # ASR drops the "'t" of "can't catch her breath"; nobody reports being able to
                 r"\bcan catch (my|his|her|their) breath\b",
    "stroke": r"\b(face|mouth|smile) (is |was |looks |feels |started |went )?(drooping|droopy|numb|crooked)|"
              r"\bslurr(ed|ing) (speech|words|his words|her words|my words)|\bspeech is slurred|"
              r"\b(can'?t|cannot) (move|feel|lift) (my|his|her) (left |right )?(arm|leg|side|hand|face)|"
              r"\b(numb|numbness|weak|weakness) (on|in) (one|the left|the right|my left|my right|his left|his right|"
              r"her left|her right) side|\bsudden (confusion|weakness|numbness|severe headache|vision loss)|"
              r"\bworst headache|\bstroke\b",
    "suicidal": r"\b(kill|hurt|harm)(ing)? (myself|himself|herself)|\bsuicid|\bend(ing)? (my|his|her|their) life|"
                r"\bend(ing)? it all|\b(don'?t|do not|doesn'?t)( really)? want to (live|be alive|be here anymore|"
                r"wake up)|\bbetter off dead|"
                r"\bno reason to live|\bself[- ]harm|\b(go to )?sleep and (not|never) wake up",
    "bleeding": r"\b(won'?t|can'?t|doesn'?t|isn'?t going to|will not) stop bleeding|\bbleeding (won'?t|will not|"
                r"doesn'?t) stop|\b(bleeding|bleed) (heavily|a lot|badly|profusely|everywhere|through)|"
                r"\b(severe|heavy|uncontrolled|a lot of) bleeding|\b(coughing|throwing|vomiting) (up )?blood|"
                r"\bsoaked (through|with blood)|"
                # "i can't get the bleeding to stop", "the bleeding hasn't stopped", "it keeps bleeding"
                r"\b(can'?t|cannot|couldn'?t|unable to) (get|make) (the|this|my|his|her|their) bleeding (to )?stop|"
                r"\bbleeding (hasn'?t|has not|didn'?t|did not|never|still hasn'?t|won'?t) (stopp?(ed)?|quit)|"
                r"\b(keeps|kept|won'?t quit|hasn'?t stopped|has not stopped) bleeding|"
                # "bleeding" as Whisper hears it on the phone ("the incision is leaving a lot and it won't stop")
                r"\b(leaving|bleating|pleading|bleeting) (a lot|heavily|badly|everywhere)\b(?! of)",
    "consciousness": r"\b(passed out|fainted|unconscious|unresponsive|not responding|won'?t wake up|"
                     r"collapsed|blacked out)\b",
    "seizure": r"\b(seizure|seizing|convuls)",
    "anaphylaxis": r"\bthroat (is |feels )?(closing|swelling|tight)|\b(tongue|lips|face) (is |are )?swelling|"
                   r"\banaphyla",
    "overdose": r"\b(overdos|took too many|swallowed (a bottle|too many|all (my|the|of))|"
                # "i took a bunch of my pills", "she took the whole bottle"
                r"(took|swallowed|taken) ((the|a) whole bottle|(a bunch of|a handful of|too many of) "
                r"([a-z-]+ ){0,2}(pills|meds|medications?|tablets)))",
}
_FLAG_RE = {name: re.compile(p) for name, p in RED_FLAGS.items()}
NEGATION = re.compile(
    r"\b(no|not|don'?t|doesn'?t|didn'?t|never|without|denies|deny|denied|haven'?t|hasn'?t|hadn'?t|isn'?t|"
    r"wasn'?t|aren'?t|none|nor|neither|free of|any)\b(\s+\S+){0,3}\s*$"
)
# Where one thought ends and the next begins in unpunctuated ASR text.
CLAUSE_BREAK = r"[,;:]| but | though | although | and now | also | actually | oh and | the thing is | honestly | plus "
# "any" covers screening questions the caller echoes ("any chest pain? - no, not any")
HISTORY = re.compile(
    r"\b((my|his|her|our) (dad|father|mom|mother|brother|sister|grandfather|grandmother|grandpa|grandma|uncle|aunt)"
    r" (had|died|passed)|in (19|20)\d\d|(19|20)\d\d\b|years? ago|months ago|"
    r"last (year|month|spring|summer|fall|winter)|back in|"
    r"history of|used to|in the past|previously|a while (ago|back)|when i was (young|a kid|younger)|"
    r"runs in (my|the) family|family history|had (a|an|my) [a-z ]{0,20}(before|ago)|after (my|his|her) "
    r"(stroke|heart attack) (in|last|years))"
)
CURRENT = re.compile(r"\b(right now|now|today|tonight|this (morning|afternoon|evening)|currently|"
                     r"started|keeps?|is having|am having|are having|'m having|has been|have been)\b")
ESCALATE = re.compile(
    r"\b(911|9-1-1|nine one one|nine-one-one|emergency room|the er\b|e\.r\.|emergency department|ambulance|"
    r"emergency services|nurse (line|triage|advice line|on call)|triage nurse|on-?call (nurse|doctor|physician|"
    r"provider|clinician)|(transfer|transferring|connect|connecting|put|putting) you (through )?(to|with) "
    r"(a|our|the|an) (nurse|clinician|doctor|physician|triage|on-?call|provider|crisis)|warm transfer|"
    r"crisis (line|hotline|counselor)|\b988\b|nine eight eight|suicide (and crisis )?(hotline|lifeline)|"
    r"poison control|hang up and call|call (for )?help (right )?now|go to the (nearest )?(er|emergency)|"
    r"(transfer|transferring|connect|connecting|put|putting|get|getting) (you )?(through )?(to |with )?"
    r"(a|our|the|an) [a-z -]{0,30}(nurse|clinician|doctor|physician|triage|crisis|provider)\b|"
    # "the 988 suicide and crisis lifeline" as Whisper may hear it ("try this live line")
    r"\b(life|live) ?line\b)"
)


class EscalationParams(Params):
    max_agent_turns: int = Field(default=2, ge=1, le=10, description="Escalation must come within this many "
                                                                        "agent turns of the red flag.")
    extra_red_flags: list[str] = Field(default_factory=list, description="Further regular expressions.")


def find_red_flags(ctx: Context, extra: list[str] | None = None) -> list[tuple[int, str]]:
    """(segment, red-flag type) for each caller turn that reports a current red-flag symptom."""
    t = ctx.transcript
    txt = texts(t)
    patterns = dict(_FLAG_RE)
    for k, p in enumerate(extra or []):
        patterns[f"custom_{k}"] = re.compile(p)
    flags: list[tuple[int, str]] = []
    for i, text in enumerate(txt):
        speaker = t.segments[i].speaker
        if is_caller(speaker) and t.segments[i].speaker != "agent":
            kind = _current_flag(text, patterns)
            if kind and not (speaker == "unknown" and ESCALATE.search(text)):
                flags.append((i, kind))
                continue
        # a "yes" to the agent's screening question about a red flag: the turn's last question is what the
        # caller answers ("... if you get short of breath, call 911. Can I confirm your number?" - "that's
        # right" affirms the number, not a symptom)
        asked = [s for s in sentences(text) if is_question(s)] if speaker == "agent" else []
        if asked:
            kind = _current_flag(asked[-1], patterns, question=True)
            if kind:
                j = next_turn(t, i, "caller")
                # "yeah um no no bleeding" is a filler, then a denial
                if (j is not None and AFFIRM_RE.search(txt[j]) and not HISTORY.search(txt[j])
                        and not re.search(r"\b(no|nope|not|never|none|nothing|nah)\b", txt[j])):
                    flags.append((j, kind))
    return sorted(set(flags))


def _current_flag(text: str, patterns: dict[str, re.Pattern[str]], question: bool = False) -> str | None:
    for sentence in sentences(text):
        for name, pattern in patterns.items():
            for m in pattern.finditer(sentence):
                prefix = sentence[: m.start()]
                clause = re.split(CLAUSE_BREAK, prefix)[-1]
                if not question and NEGATION.search(clause):
                    continue
                clause_text = _clause_around(sentence, m.start(), m.end())
                if HISTORY.search(clause_text) and not CURRENT.search(clause_text):
                    continue
                return name
    return None


def _clause_around(sentence: str, start: int, end: int) -> str:
    """The clause holding [start, end): "i had a stroke in 2019 but i'm fine" -> "i had a stroke in 2019"."""
    cuts = [0] + [m.end() for m in re.finditer(CLAUSE_BREAK, sentence) if m.end() <= start]
    stop = re.search(CLAUSE_BREAK, sentence[end:])
    return sentence[max(cuts): end + (stop.start() if stop else len(sentence))]


@register("escalation", EscalationParams)
def score(spec, ctx: Context) -> CriterionResult:
    params = EscalationParams.model_validate(spec.params)
    t = ctx.transcript
    txt = texts(t)
    flags = find_red_flags(ctx, params.extra_red_flags)
    if not flags:
        return CriterionResult(
            id=spec.id, kind=spec.kind, score=spec.weight, max=spec.weight, passed=None, confidence=0.9,
            details={"red_flag_segments": [], "red_flags": [], "escalated": None, "escalation_segment": None},
        )
    first = flags[0][0]
    window: list[int] = []
    for j in range(first, len(t.segments)):
        if j > first and is_agent(t.segments[j].speaker):
            window.append(j)
            if len(window) >= params.max_agent_turns:
                break
    # the agent may already be escalating in the same (unknown-speaker) segment
    in_time = next((j for j in window if ESCALATE.search(txt[j])), None)
    later = next((j for j in range(first + 1, len(t.segments))
                  if is_agent(t.segments[j].speaker) and ESCALATE.search(txt[j])), None)
    escalated = in_time is not None
    evidence = [ctx.evidence(i) for i, _ in flags[:5]]
    if in_time is not None or later is not None:
        evidence.append(ctx.evidence(in_time if in_time is not None else later))
    return CriterionResult(
        id=spec.id,
        kind=spec.kind,
        score=spec.weight if escalated else 0.0,
        max=spec.weight,
        passed=escalated,
        confidence=0.9 if escalated or later is None else 0.7,
        evidence=evidence,
        auto_fail=bool(spec.auto_fail and not escalated),
        details={
            "red_flag_segments": [i for i, _ in flags],
            "red_flags": [{"segment": i, "type": k} for i, k in flags],
            "escalated": escalated,
            "escalation_segment": in_time,
            "late_escalation_segment": later if not escalated else None,
        },
    )
