"""empathy: when the caller expresses distress, worry, pain or frustration, the agent acknowledges it.

Two of the phrase models (``rubrics.phrase_models``): one finds caller distress, one finds agent empathy.
"""

from __future__ import annotations

import re

from pydantic import Field
from sklearn.pipeline import Pipeline

from models.interchange import CriterionResult
from rubrics.criteria import Context, Params, register
from rubrics.criteria.common import norm, sentences
from rubrics.phrase_models import cached_proba, load_models, predict_proba

# A distress turn must also say a word of distress: misheard words ("the f.m.c.m. in boy mail") push the
# character n-grams anywhere, and neutral requests ("my GP sent over a referral, I'm supposed to call") and
# apologies for a slip ("sorry, no, W R four seven") score high on the model alone. (Every labelled distress
# turn of the synthetic corpus says one.)
DISTRESS_CUE = re.compile(
    r"\b(worr\w*|anxious|anxiety|scared|scary|afraid|frighten\w*|terrified|nervous|stress(?! test| echo)\w*|upset\w*|"
    r"frustrat\w*|"
    r"angry|annoy\w*|ridiculous|pain\w*|hurt\w*|agony|ache|aching|awful|terrible|terribly|horrible|rough|hard|"
    r"difficult|struggl\w*|overwhelm\w*|exhausted|(i'?ve been|i'?m|i was|i keep|i started|can'?t stop|been) cry\w*|"
    r"in tears|desperate|hopeless|miserable|nightmare|discourag\w*|dishearten\w*|demoraliz\w*|"
    r"keep (picturing|imagining)|can'?t stop (thinking|picturing|imagining)|useless|helpless|muddled|"
    # sick of it, worried sick; not "i've been sick since yesterday"
    r"sick (of|and tired|to (my|her|his) stomach|with worry|about)|worried sick|"
    # not sleeping, not "the sleep apnea study"
    r"(can.?t|couldn.?t|haven.?t|hasn.?t|not|barely|no|didn.?t) (really |even )?(been )?"
    r"(sleep|slept|sleeping)(?! with)|"
    r"all over the place|"
    r"unbearable|wits|fed up|freak\w*|panic\w*|killing|losing|lose|disappoint\w*|confus\w*|concern\w*|nobody|"
    r"no one|third time|again|still(?! the same| (the|there|here|in|at|on|for|\d+|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|"
    r"eleven|twelve|noon|good|okay|ok|fine|right|valid|active|scheduled|booked|covered)\b)|afford|"
    r"bad(?! (about|at) \w+ing)|worse|"
    r"serious|cancer|emergency|please help|help me(?! with)|ugh|"
    r"end of (my|the) (rope|line)|wits'? end|"
    r"rope|suffer\w*|limping|great system|love that|gut punch|worn (out|down)|headache|"
    r"twice(?! (a|per) (day|week|night|month))|keeps thinking|"
    r"embarrass\w*|ashamed|passed|died|grie\w*|heart for|been a lot|laid off|credit card|hoping|"
    r"gave up(?! on (it|the|that))|"
    r"running a (whole )?pharmacy|long few|running on (empty|fumes)|"
    r"love this|supposed to [a-z, ]{0,12}guess|(wonderful|fantastic|terrific|lovely),? another|totally fine|"
    r"whole thing|"
    r"juggl\w*|barely|can'?t take|heavy|alone|ignored|on hold|forever|(hours|weeks|months)(?! ago)|mess|unfair|"
    # (tired of it, not the symptom: "a cough that keeps me up, and I'm tired all the time")
    r"tired(?! all the time| during the day| in the (morning|afternoon|evening)s?| easily| lately)|"
    r"fear\w*|dread\w*|tears|tearing up|stuck|wreck|on edge|keep ([a-z]+ ){0,2}thinking|can'?t stop|"
    r"don'?t (even )?know (how|what)(?! (it|that|this) works)|"
    r"by myself|on my own|keep (all )?(of )?(this|it|them) straight|drowning|"
    r"(i'?m|i am|we'?re|everything'?s|everything is|"
    r"my life is|life is) ([a-z]+ ){0,2}falling apart|holding (it|myself) together|"
    r"crying out loud|going crazy|can'?t stand|(two|three|four|five|several|so many) times(?! a (day|week|night))|"
    r"in circles|"
    r"don'?t know (where|when|why|if (i|we|she|he) )|don'?t know if (i'?m|i am|we'?re|we are) doing|money|"
    r"(?<!gonna )(?<!going to )(?<!will i )(?<!do i )(?<!i'll )owe|rent|skip it|every dollar|swapped shifts|"
    r"point where|"
    r"second time|shaking|trembling|think straight|oh (my )?god|over it|done this to me|scaring|frightening|"
    r"sweating (this|it)|swing another|so long|"
    r"like this|stopped opening|(fourth|fifth|sixth|umpteenth|hundredth) time|(lay|lie|lying|laying) awake|"
    r"awake at night|can'?t keep (it |them |this |everything )?straight|"
    r"(not getting|haven'?t (been )?getting|haven'?t gotten|not gotten) (much |any )?sleep|throb\w*|"
    r"(it'?s|that'?s|this is) getting (really |pretty |so |real )old|transferr\w* (me|us)|bounced around|"
    r"run ?around|wear(ing|s)? (me|him|her|us) (down|out)|stopped going out|straight answer|out of (ideas|options)|"
    r"counting on|keep (looking|staring) at (it|them)|love that for (us|me)|selling a kidney|living the dream|"
    r"who'?s counting|(seven|eight|nine|ten|7|8|9|10) out of (ten|10)|rattled|shaken|flustered|"
    r"(i'?m|i am) ([a-z]+ ){0,3}done with (it|this|all)|to the worst|peak day|love (spending|waiting|sitting|paying)|"
    r"been (a (real )?)?(blast|joy|treat|delight|party)|worked up|into a (state|tizzy|panic|lather)|"
    r"in a (state|tizzy)|know anymore|burden)\b")


# An acknowledgement is about the caller's feelings or situation ("I'm sorry", "that sounds scary", "I understand
# your concern", "I want to make sure you're safe"). A sentence without any such word is not empathy whatever the
# model says: "Your results are in, Dr. Kaur reviewed them. Do you want to book that?" moves on.
EMPATHY_CUE = re.compile(
    # (not a diagnosis: "That sounds like a viral cough.")
    r"\b(sorry|apologi[sz]e|understand\w*|hear (you|how|that|what)|imagine|must (be|feel)|frustrat\w*|"
    r"sounds?(?! like (a|an) ([a-z]+ )?(viral|cold|cough|virus|infection|bug|flu|sprain|strain|reaction|allergy|"
    r"migraine|sinus|rash|uti)\b)|"
    r"scar\w*|worr\w*|concern\w*|difficult|hard|tough|awful|terrible|painful|upsett?\w*|overwhelm\w*|stress\w*|"
    r"nerve\w*|anxious|anxiety|frighten\w*|right to|makes sense|feel\w*|patien(ce|t with)|safe|glad you|"
    r"thank you for (telling|sharing|letting me know)|weighing|important to you|oh,? no|oh my|no fun|that's a lot|"
    r"horrible|miserable|"
    r"rough|i know (how|what|this|that|it'?s)|take care of you|with you|here for you|not alone|loss|"
    r"a lot (to|on|going)|been through|no wonder|wear anyone|step at a time|together|heavy|good that you|"
    r"more than patient|been (so |very |really )?patient|worried too|normal to feel|same way|sounds awful|"
    r"wear (anybody|anyone|you) down|madden\w*|fed up too|up the wall|trying to help|not small|"
    r"shouldn'?t (have to|be)|of course|on us|done with us|where (his|her|your|their) mind|so glad|i get it|"
    r"i (totally |completely |really |definitely )?get that|hardest|"
    r"gut punch|anyone would|anybody would|(i'?d|i would) (be|feel) the same|fair (worry|question|concern)|"
    r"shouldn'?t (happen|have happened)|embarrass\w*|right thing|worst part|juggl\w*|"
    r"keeping (everyone|everybody|three|the "
    r"whole))\b")
# Words of feeling in a turn that also reports a red-flag symptom ("... my words are coming out wrong, I'm really
# scared"): the symptom itself is the escalation criterion's; a feeling said beside it is distress too.
EMOTION_CUE = re.compile(
    r"\b(worr\w*|anxious|scared|afraid|frighten\w*|terrified|nervous|panick?\w*|freak\w* out|upset|"
    r"frustrat\w*|desperate|hopeless|overwhelm\w*|crying|beside myself|don'?t know what to do|so heavy|"
    r"(scares|frightens|terrifies|scaring|frightening) (me|him|her)|freaks? me out|"
    r"can'?t keep doing this|can'?t go on|tired of (everything|living)|"
    r"(i'?m|i am) (so |just |all )?(shaking|trembling)|been a lot|"
    # worry played down: "I'm probably overreacting, I just don't love it"
    r"(i'?m|i am) (probably |just |maybe )?overreacting|(i )?(just )?don'?t love (it|this|that)|"
    # sarcasm: "Oh, wonderful, another pill", "Love this system."
    r"(wonderful|fantastic|terrific|lovely),? another|love this (system|place|process)|"
    # "i just feel like a burden to everyone", "and i havent slept", "i just dont know anymore"
    r"feel like (a|such a) burden|(haven'?t|have not|havent|can'?t|cant|couldn'?t) (really |even )?slept|"
    r"(don'?t|dont) know anymore)\b")


class EmpathyParams(Params):
    distress_threshold: float = Field(default=0.6, ge=0, le=1)
    empathy_threshold: float = Field(default=0.5, ge=0, le=1)
    response_turns: int = Field(default=2, ge=1, le=10, description="Agent turns in which the acknowledgement "
                                                                     "must come.")
    min_share: float = Field(default=1.0, ge=0, le=1, description="Share of distress moments that must be met.")


WINDOW, STRIDE = 7, 3
# a sentence the caller waves off voices no distress: "my hand's still a little clumsy ..., but it's fine"
MINIMIZED = re.compile(r"(\b(but|though|anyway|anyways),? |^)(it'?s|i'?m|that'?s) (probably |likely |just )?"
                       r"(fine|okay|ok|nothing|no big deal|"
                       r"not a big deal|all good)[.!]?$")


# a symptom denied voices no distress: "I'm not having any chest pain or anything like that, it's all been quiet"
DENIED_SYMPTOM = re.compile(r"\b(no|not|never|don'?t|haven'?t|hasn'?t|isn'?t|wasn'?t|without|any)\b[^,.;!?]{0,30}"
                            r"\b(pain|pains|hurt\w*|ache|aching|bleeding|fever|headaches?)\b")


def _unminimized(text: str) -> str:
    return " ".join(s for s in sentences(text) if not MINIMIZED.search(norm(s)) and not _only_denial(s))


def _only_denial(sentence: str) -> bool:
    """A sentence whose words of distress are all in a symptom it denies."""
    s = norm(sentence)
    return bool(DENIED_SYMPTOM.search(s)) and not DISTRESS_CUE.search(DENIED_SYMPTOM.sub(" ", s))


# "That's frightening, and you did the right thing calling.": an acknowledgement is often the first clause
CLAUSE_BREAK = re.compile(r",\s+(?:and|but|so)\s+")


def _pieces(text: str, windows: bool, sentence_gate: re.Pattern[str] | None = None,
            clauses: bool = False) -> list[tuple[str, bool]]:
    """(piece, is_window): a turn's sentences, and windows of a few words over long ones (ASR often gives one
    unpunctuated run, "hi i need to reschedule my appointment this pain is killing me", where one clause carries
    it). With ``sentence_gate``, only the windows of sentences it matches: a few words ("so i'm, i'm trying to") can
    score high on a phrase corpus's openers alone."""
    out: list[tuple[str, bool]] = []
    for sentence in sentences(text) or [text]:
        words = norm(sentence).split()
        whole = " ".join(words)
        out.append((whole, False))
        parts = CLAUSE_BREAK.split(sentence.lower()) if clauses else []
        out += [(" ".join(norm(c).split()), True) for c in parts if len(parts) > 1 and len(c.split()) >= 2]
        if windows and len(words) > WINDOW + 2 and (sentence_gate is None or sentence_gate.search(whole)):
            # (each window with a word of it too: "hi um i'm calling about the the" is no distress)
            spans = (" ".join(words[k:k + WINDOW]) for k in range(0, len(words) - WINDOW + 1, STRIDE))
            out += [(w, True) for w in spans if sentence_gate is None or sentence_gate.search(w)]
    return out


def _segment_probabilities(model: Pipeline, segment_texts: list[str], windows: bool = False,
                           gate: re.Pattern[str] | None = None,
                           sentence_gate: re.Pattern[str] | None = None, window_discount: float = 0.0,
                           clauses: bool = False) -> list[float]:
    """Per segment, the highest probability over its sentences and windows (those matching ``gate`` only; a
    window's less ``window_discount``: seven words out of their sentence are weaker evidence)."""
    owners: list[int] = []
    pieces: list[str] = []
    discounts: list[float] = []
    for k, text in enumerate(segment_texts):
        for piece, is_window in _pieces(text, windows, sentence_gate, clauses):
            # (a window of a sentence the sentence gate let through counts: its cue may lie outside the window)
            if gate is not None and not gate.search(piece) and not (is_window and sentence_gate is not None):
                continue
            owners.append(k)
            pieces.append(piece)
            discounts.append(window_discount if is_window else 0.0)
    best = [0.0] * len(segment_texts)
    for k, p, discount in zip(owners, cached_proba(model, pieces), discounts, strict=True):
        best[k] = max(best[k], p - discount)
    return best



def analyze(ctx: Context) -> dict[str, dict[int, float]]:
    """Distress probability per caller segment and empathy probability per agent segment (cached)."""
    if "empathy" in ctx.shared:
        return ctx.shared["empathy"]
    models = load_models()
    segs = ctx.transcript.segments
    caller = [i for i, s in enumerate(segs) if s.speaker in ("caller", "unknown")]
    agent = [i for i, s in enumerate(segs) if s.speaker in ("agent", "unknown")]
    result = {
        # (the word of distress and the model's call in the same sentence or window: "three times a day, like she
        # said. and i'm using the walker everywhere" has a cue in one and a high score in the other, and is none)
        "distress": dict(zip(caller, _segment_probabilities(models["distress"],
                                                              [_unminimized(segs[i].text) for i in caller],
                                                              windows=True, gate=DISTRESS_CUE,
                                                              sentence_gate=DISTRESS_CUE, window_discount=0.1),
                             strict=True)),
        "empathy": dict(zip(agent, _segment_probabilities(models["empathy"], [segs[i].text for i in agent],
                                                             windows=True, gate=EMPATHY_CUE, clauses=True),
                            strict=True)),
    }
    ctx.shared["empathy"] = result
    return result


@register("empathy", EmpathyParams)
def score(spec, ctx: Context) -> CriterionResult:
    params = EmpathyParams.model_validate(spec.params)
    probs = analyze(ctx)
    segs = ctx.transcript.segments
    # a red-flag symptom is the escalation criterion's to judge: the right answer to it is 911 or a nurse, not
    # words of sympathy; a red-flag turn is distress only for a feeling said beside the symptom ("i'm scared")
    from rubrics.criteria.escalation import find_red_flags, screening_answers

    red = {i for i, _ in find_red_flags(ctx)} | screening_answers(ctx)
    distress = [i for i, p in probs["distress"].items() if segs[i].speaker != "agent"
                and (_felt_beside_red_flag(segs[i].text, params.distress_threshold) if i in red
                     else p >= params.distress_threshold or _says_distress(segs[i].text))
                and DISTRESS_CUE.search(norm(_unminimized(segs[i].text)))]
    empathy = sorted(i for i, p in probs["empathy"].items()
                     if (p >= params.empathy_threshold or STRONG_EMPATHY.search(norm(segs[i].text)))
                     and segs[i].speaker != "caller")
    met: list[int] = []
    unmet: list[int] = []
    for d in distress:
        later_agent = [j for j in range(d + 1, len(segs)) if segs[j].speaker in ("agent", "unknown")]
        window = later_agent[: params.response_turns]
        (met if any(j in empathy for j in window) else unmet).append(d)
    # a first, milder moment ("nobody's called me") the agent answers once the caller says more ("I'm kind of a
    # mess") was met in that answer
    # ... and once a feeling was acknowledged, the caller coming back to it later ("It's been a long few months.",
    # "and nobody's gonna cancel this one, right?") was met too: the acknowledgement stands for the call
    unmet = [d for d in unmet if not any(m != d for m in met)]
    met = sorted(set(distress) - set(unmet))
    if not distress:
        return CriterionResult(
            id=spec.id, kind=spec.kind, score=spec.weight, max=spec.weight, passed=None,
            confidence=_confidence([max(probs["distress"].values(), default=0.0)], invert=True),
            evidence=[ctx.evidence(i) for i in empathy[:3]],
            details={"distress_segments": [], "empathy_segments": empathy, "unanswered_distress_segments": []},
        )
    share = len(met) / len(distress)
    passed = share >= params.min_share
    used = sorted(set(distress) | {j for j in empathy if any(d < j for d in distress)})
    return CriterionResult(
        id=spec.id,
        kind=spec.kind,
        score=round(spec.weight * share, 2),
        max=spec.weight,
        passed=passed,
        confidence=_confidence([probs["distress"][d] for d in distress]
                               + [probs["empathy"][j] for j in empathy if j in probs["empathy"]]),
        evidence=[ctx.evidence(i) for i in used[:8]],
        auto_fail=bool(spec.auto_fail and not passed),
        details={"distress_segments": distress, "empathy_segments": empathy, "unanswered_distress_segments": unmet},
    )


# an agent who names the caller's feeling and grants it acknowledges it, whatever the model says of the rest of the
# turn ("That fear makes complete sense, especially after watching your mom go through it." scores 0.43)
STRONG_EMPATHY = re.compile(
    r"\b(that|your|the|this) (fear|worry|worries|concern|concerns|frustration|anxiety|feeling|stress|upset) "
    r"(makes|is|are) (complete |total |perfect |a lot of |so much )?(sense|understandable|normal|valid)\b")


# a caller who says outright how they feel is distressed whatever else the sentence holds ("I'm so scared, is
# she going to be okay?" scores 0.48 on the model alone)
STRONG_DISTRESS = re.compile(
    r"\b(i'?m|i am|we'?re|we are|she'?s|he'?s|she is|he is) (so |really |very |just |honestly |absolutely |"
    r"completely |getting |kind of |kinda |sort of |a little |a bit |pretty )*(scared to death|scared|falling apart|"
    r"drowning|nervous|anxious|afraid|worried|discouraged|disheartened|defeated|"
    r"barely holding (it|myself) together|losing it|going crazy|"
    r"terrified|worried sick|frightened|panicking|freaking out|freaked out|beside myself|devastated|a wreck|"
    r"at my wits'? end|"
    r"at my wit'?s end|at the end of my rope|desperate|heartbroken|so worried|really worried|so frustrated|"
    r"really frustrated|fed up|overwhelmed|so annoyed|really annoyed|embarrassed|ashamed|grieving|a mess|"
    r"running on (fumes|empty)|shaking|trembling|(just |kind of |kinda |so |honestly |pretty )*over it|rattled|"
    r"shaken( up)?|flustered|(about |pretty much |just about )?done with (it|this|all (of )?this))\b|"
    # "my brain keeps going to the worst place"
    r"\b(keeps?|kept) (going|jumping|going straight) to the worst\b|"
    # pain said outright: "it hurts like crazy when I stand"
    r"\bhurts? (like crazy|like hell|like heck|so bad|so much|really bad)\b|"
    # sarcasm: "Six weeks. Wonderful. Fantastic.", "Totally fine, love that.", "Really peak day for me."
    r"\b(wonderful|fantastic|great|perfect|terrific)[.!]+ (wonderful|fantastic|great|perfect|terrific)[.!]|"
    r"\btotally fine,? love (that|this)\b|\bpeak day\b|"
    # "i just love spending every lunch break on hold with you guys", "love paying premiums every month for a card that
    # works great as a bookmark", "keeps me up all night, so that's been a blast"
    r"\bi (just |really )?love (spending|waiting|sitting|being on hold)\b|\blove paying\b|"
    r"\b(that'?s|it'?s|this has) been (a (real )?)?(blast|joy|treat|delight|party)\b|"
    # sarcasm: "Oh, that's fantastic. Really, great system. ... so what's another few months, right?"
    r"\b(great|wonderful|fantastic|lovely|terrific) system\b|\bwhat'?s another (few |couple( of)? )?(days|weeks|"
    r"months)\b|"
    # "it just... it makes me feel so useless"
    r"\b(makes|made|making) me feel (so |really |just |kind of |kinda )*(useless|helpless|stupid|like a burden|"
    r"like an idiot|awful|terrible|worthless)\b|"
    # "I'm trying not to freak out about it, honestly."
    r"\b(trying|try) not to (freak( out)?|panic|worry|cry|lose it)\b|"
    # "I keep picturing myself giving her the wrong one."
    r"\bi keep (picturing|imagining)\b|\bi can'?t stop (thinking|picturing|imagining)\b|"
    # a new pill left untaken: "it's been sitting on the counter since yesterday and I just keep looking at it"
    r"\bi (just )?keep (looking|staring) at (it|them)\b|"
    # sarcasm and pain put as a number: "love that for us. guess I'm selling a kidney", "oh, you know. living the
    # dream. the incisions are like a solid seven out of ten when I sit up, but who's counting"
    r"\blove that for (us|me)\b|\bselling a kidney\b|\bliving the dream\b|\bwho'?s counting\b|"
    # "So I'm supposed to just, what, guess? ... Great. Love this system.", "Oh, wonderful, another pill ... That's
    # fine. Totally fine."
    r"\b(love|loving) this (system|place|process)\b|\b(i'?m|i am) supposed to (just)?,? ?(what,? )?guess\b|"
    r"\b(wonderful|fantastic|terrific|lovely),? another\b|\bfine[.,!]+ (totally|totally just|just) fine\b|"
    r"\b(seven|eight|nine|ten|7|8|9|10) out of (ten|10)\b|"
    # "I don't know if I'm doing any of this right, honestly. I've never done this."
    r"\bdon'?t know if (i'?m|i am|we'?re|we are) doing (any of )?(this|it|things|anything) right\b|"
    # "That's really discouraging."
    r"\b(it'?s|that'?s|this is) (just |really |so |pretty |very |kind of |kinda )*(discouraging|disheartening|"
    r"demoralizing|heartbreaking|devastating)\b|"
    # "truth is it scared me half to death"
    r"\b(it|that|this) (really |honestly |kind of |kinda )?(scared|terrified|frightened|freaked) (me|him|her)\b|"
    # "this is like the second time you guys have done this to me"
    # "this is my third time calling about this"
    r"\b(second|third|fourth|fifth|fiftieth|hundredth) time (i'?ve |i have |i'?m |i am )?(called|calling)\b|"
    r"\b(second|third|fourth|fifth) time (you|y'?all|they) (guys |people )?(have |'ve )?(done|cancell?ed|canceled|"
    r"lost|messed|screwed|moved|forgot|dropped)\b|\bdone this to me\b|"
    r"\bcan'?t (even )?think straight\b|"
    # "the word trial kinda freaks me out", "and that scares me"
    r"\b(it|that|this|the [a-z]+( [a-z]+)?)('s| is)? (kinda |kind of |really |honestly |just |a little |totally |"
    r"so )*(freaks|scares|terrifies|worries|frightens|freaking|scaring|terrifying|worrying|frightening) me\b|"
    # "I'm kinda sweating this one", "I really can't swing another surprise", "I've been waiting so long"
    r"\b(i'?m|i am) (kinda |kind of |really |honestly |so )*sweating (this|it)\b|\bcan'?t (swing|afford|handle|take) "
    r"another\b|\b(i'?ve been|been) waiting (so long|forever|for ages|for weeks|for months)\b|"
    # frustration said outright: "it's ridiculous", "this is unacceptable"
    r"\b(it'?s|this is|that'?s) (just |absolutely |so |honestly |frankly |completely )?(ridiculous|absurd|insane|"
    r"unacceptable|a joke)\b|"
    # grief and being stretched thin: "my husband passed in January", "honestly, it's been a lot"
    r"\bmy (husband|wife|son|daughter|mom|mother|dad|father|partner) (passed|died)\b(?! (years|a long time|when))|"
    # "since Dad passed it's all on me"
    r"\bsince (my |our )?(husband|wife|son|daughter|mom|mum|mother|dad|father|partner) (passed|died)\b|"
    r"\b(it'?s|everything'?s|everything is) all on me\b|"
    # "sorry, I'm just a little on edge about it ... I kind of assume the worst"
    r"\b(i'?m|i am) (just |a little |a bit |kind of |kinda |so |really |pretty )*on edge\b|"
    r"\b(assume|assuming|expect|expecting|fear|fearing|think|thinking) the worst\b|"
    # "Sorry, I'm a bit all over the place. I haven't really slept since"
    r"\b(i'?m|i am) (a bit |a little |so |really |just |kind of |kinda )*all over the place\b|"
    r"\bi (haven'?t|have not|can'?t|cannot) (really |even )?slept\b|"
    r"\bit'?s been (a lot|rough|so hard|really hard|a really hard|tough)\b|"
    # pain said outright: "my back is killing me, i can barely move"
    r"\b(is|are|'s|has been) killing me\b|\bcan (barely|hardly) (move|walk|stand|sleep)\b|\bin agony\b|\bunbearable\b|"
    # a bill that cannot be paid, nights without sleep, no answer anywhere, no hope left: "I don't even know how we'd
    # do that right now", "I'm lying awake at night wondering what's next", "I can't get a straight answer from
    # anyone", "I was really counting on getting in ... I'm kind of out of ideas"
    r"\bdon'?t (even )?know how (we|i)('d| would| will|'ll| are going to| can| could) (do|pay|afford|manage|cover|"
    r"handle|swing)\b|\b(lying|laying) awake\b|\bcan'?t get a straight answer\b|"
    r"\b(i'?m|i am) (kind of |kinda |just |completely |totally |so |really )*out of (ideas|options)\b|"
    r"\bi was (really |so |honestly )?counting on\b|"
    # "honestly i just dont know anymore every week its something new", "i just feel like a burden to everyone"
    r"\bi (just |really |honestly )?(don'?t|dont) know anymore\b|\bi (just )?feel like (a|such a) burden\b|"
    # "sorry, i've been a complete wreck all week"
    r"\b(i'?ve been|i have been|i was) (a |an )?(complete |total |absolute |nervous |bit of a )?(wreck|mess|"
    r"basket case)\b|"
    # a long wait said outright or with sarcasm: "wow, forty minutes on hold, really loving the music"
    r"\b(minutes|hours|an hour|half an hour) on hold\b|\bon hold for (\w+ ){0,3}(minutes|hours|an hour|forever|ages)\b|"
    r"\b(loving|love|enjoying|enjoyed) the (hold )?music\b|"
    # "I've kind of worked myself into a state", "i'm getting myself all worked up"
    r"\b(worked|working|work|got|getting|get) (myself|herself|himself|ourselves) (all )?(into a (state|tizzy|panic|"
    r"lather)|(all )?worked up|in a (state|tizzy))\b|\b(i'?m|i am|i'?ve been|i was) (kind of |kinda |just |so |"
    r"really |a bit |all )*(in a (state|tizzy)|worked up)\b"
)


def _says_distress(text: str) -> bool:
    from rubrics.criteria.escalation import CLAUSE_BREAK, NEGATION

    t = norm(text)
    m = STRONG_DISTRESS.search(t)
    # negated in its own clause only: "she hasn't slept, she's scared to death" is distress
    return bool(m) and not NEGATION.search(re.split(CLAUSE_BREAK + r"|[.!?]\s", t[: m.start()])[-1])


def _felt_beside_red_flag(text: str, threshold: float) -> bool:
    """Does a red-flag turn also voice a feeling: a clause with a word of feeling, not denied ("i'm not scared"),
    that the distress model calls distress on its own?"""
    from rubrics.criteria.escalation import CLAUSE_BREAK, NEGATION

    said = sentences(norm(text))
    clauses = [c.strip() for s in said for c in re.split(CLAUSE_BREAK + r"| and ", s) if c.strip()]
    # ("i'm trying not to freak out about it" says the feeling)
    felt = [c for c in clauses if (m := EMOTION_CUE.search(c))
            and not NEGATION.search(re.sub(r"\btry(ing)? not to\b", "", c[: m.start()]))]
    # (or in its whole sentence: "I'm honestly pretty freaked out" splits at "honestly")
    if any(_says_distress(c) for c in felt) or any(_says_distress(x) for x in said if EMOTION_CUE.search(x)):
        return True  # said outright: "it's scaring me because I've never felt like this before"
    return bool(felt) and max(predict_proba(load_models()["distress"], felt)) >= threshold


def _confidence(probabilities: list[float], invert: bool = False) -> float:
    """How far the deciding probabilities are from 0.5, mapped to 0.5-1."""
    if not probabilities:
        return 0.9
    margins = [abs(p - 0.5) * 2 for p in probabilities]
    value = min(margins) if not invert else 1 - max(probabilities) if max(probabilities) < 0.5 else 0.5
    return round(0.5 + 0.5 * value, 3)
