"""Write the labeled phrase corpora the empathy models learn from (``distress.csv``, ``empathy.csv``).

Synthetic and deterministic: hand-written stems combined with hand-written openers and tails, plus
hard negatives (denials, relief, apologies that are not empathy, polite procedure). Re-run after editing
a list: ``python -m rubrics.data.build_corpus``; the CSVs are committed so training never needs this.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

HERE = Path(__file__).parent

DISTRESS = [
    "i'm really worried about these results", "i'm so scared", "i'm terrified it's something serious",
    "i've been in so much pain", "the pain is unbearable", "it hurts so bad i can't sleep",
    "i'm in a lot of pain", "my back is killing me", "i've been hurting for days",
    "this is so frustrating", "i'm so frustrated", "i've called three times and nobody calls me back",
    "i'm fed up with this", "this is ridiculous, i've been waiting for weeks", "nobody is helping me",
    "i'm really upset", "i'm at my wits' end", "i don't know what to do anymore", "i'm panicking",
    "i'm really anxious about the surgery", "i'm nervous about the procedure", "i can't stop worrying",
    "i'm scared something is wrong with my baby", "i'm worried sick about my mom",
    "i'm so stressed about the bill", "i can't afford this and i'm freaking out", "i've been crying all day",
    "i feel awful", "i feel terrible", "i'm exhausted and nobody listens", "i'm overwhelmed",
    "this has been a nightmare", "i'm losing my mind here", "i'm beside myself", "i'm really struggling",
    "i'm afraid i'll lose my coverage", "it's been really hard since my husband passed",
    "i'm worried i won't get my medication in time", "i'm running out of my pills and i'm scared",
    "i'm so confused and upset", "i'm angry that my claim was denied again", "this is the fourth time i've called",
    "i keep getting transferred and i'm sick of it", "i'm worried about my dad, he's not himself",
    "my knee is throbbing and it's getting worse", "the pain keeps getting worse", "i'm hurting really bad",
    "i haven't slept in days because of the pain", "i'm scared to go through with it", "i'm so anxious i feel sick",
    "i'm really concerned about the side effects", "it's really upsetting", "i'm disappointed and frustrated",
    "honestly i'm just so tired of fighting with the insurance", "i'm worried it's cancer",
    "i'm frightened", "i feel hopeless", "i'm desperate, i need help", "please, i really need someone to help me",
    "i'm worried about paying for all of this", "i'm stressed out of my mind", "i'm so annoyed right now",
    "it's been a really rough week", "i'm upset nobody told me", "i'm nervous about what the doctor will say",
    "this is making me so anxious", "i'm worried i did something wrong", "my stomach has been hurting terribly",
    "i'm in agony", "i've been miserable", "i don't understand why this keeps happening to me",
    "i'm really concerned about my daughter", "i'm anxious waiting for the results", "i've been so worried",
    "i'm freaking out a little", "it's been so painful", "i'm just really scared right now",
]
DISTRESS_OPENERS = ["", "honestly ", "um ", "yeah ", "to be honest ", "well ", "look, ", "i mean ", "ugh, ", "okay so "]
DISTRESS_TAILS = ["", " and i don't know what to do", " to be honest", " right now", " and nobody has called me back",
                  " since yesterday", " about all of this", " you know", " and it's been weeks"]

CALM = [
    "i'd like to schedule an appointment", "i need to reschedule my visit", "can i get a refill on my prescription",
    "my date of birth is march fourth nineteen eighty two", "it's john smith", "my member id is w four five seven",
    "yes that's correct", "no that's all, thank you", "thank you so much", "that works for me",
    "tuesday at two would be great", "i'm calling to check on a referral", "i have a question about my bill",
    "can you tell me what time you open", "sure, my phone number is five five five one two one two",
    "i just moved so i need to update my address", "i'm calling about my insurance coverage",
    "okay sounds good", "perfect, thanks", "i'll be there fifteen minutes early", "no, no other questions",
    "i'm doing well thanks", "i'm good, how are you", "that's fine", "great, i appreciate it",
    "can you send that to my email", "i need a copy of my records", "which location is closer",
    "my doctor is dr patel", "i got a letter about a clinical trial", "i wanted to ask about the study",
    "i was discharged last week", "i picked up my medication yesterday", "i take it twice a day with food",
    "my follow up is next thursday i think", "i'm calling for my mother", "she's eighty two",
    "the prior authorization for my mri", "my insurance is blue cross", "yes i can hold",
]
# Negatives that share words with distress: the classifier must learn the difference.
HARD_NEGATIVES = [
    "i'm not worried at all", "no pain at all", "no, i'm not in any pain", "i'm not upset, just curious",
    "the pain is gone now, thanks", "i'm feeling much better", "that's a relief", "no worries",
    "no problem at all", "don't worry about it", "i'm not frustrated, take your time",
    "it doesn't hurt anymore", "i'm fine, really", "i was worried but now i feel fine",
    "i'm not scared of needles", "no, nothing's bothering me", "i'm not anxious about it",
    "my worry was the parking but you answered it", "the pain medication is working great",
    "i'm calling to cancel the pain management appointment", "i need a refill of my anxiety medication",
    "she's doing a lot better now", "no stress, whenever works", "it was a little sore but it's fine now",
    "i'm happy with the care", "everything went well", "the surgery went great", "i'm feeling okay today",
    "i'm not concerned, just checking", "i'm calling about my pain clinic referral",
    "my stress test is on friday", "that's not a problem", "thank you, that helps a lot",
    "no complaints", "i'm relieved to hear that", "i'm good, nothing hurts", "i'm okay, i just need the time",
]

EMPATHY = [
    "i'm so sorry to hear that", "i'm really sorry you're going through this", "that sounds really difficult",
    "that must be so frustrating", "i completely understand how frustrating that is", "i can hear how worried you are",
    "i understand your concern", "that sounds scary", "i'm sorry you're in pain", "i know this is stressful",
    "i can only imagine how hard this is", "i'm sorry you've had to call so many times",
    "i hear you, and i want to help", "that's completely understandable", "it's understandable to feel that way",
    "i'm sorry for the trouble you've had", "i'm sorry about your loss", "please don't worry, we'll sort this out",
    "i want to make sure we take care of you", "you're right to be concerned", "i'm sorry this has been so hard",
    "that must be really hard", "i understand how upsetting this is", "i'm sorry you've been dealing with this",
    "let's see what we can do to help you", "i appreciate your patience, i know it's been a long wait",
    "i know waiting for results is nerve-racking", "it makes sense that you're anxious",
    "i'm sorry you're feeling this way", "i'm here to help you with this", "that sounds painful",
    "i'm so sorry, that's awful", "oh no, i'm sorry", "i can understand why you're upset",
    "thank you for telling me, that sounds really tough", "i'm sorry your mom isn't feeling well",
    "we're going to get this taken care of for you", "i completely understand, that would worry me too",
    "i'm sorry about the frustration", "you've been very patient and i'm sorry for the delay",
    "i know how important this is to you", "i'm sorry you had that experience", "that sounds overwhelming",
    "i can tell this has been weighing on you", "i'm really sorry, let me help", "i understand, that's a lot",
]
EMPATHY_TAILS = ["", " let me see what i can do", " let's get this fixed", " i'll help you right now",
                 " let me look into that for you", " we'll figure this out together", ""]
EMPATHY_OPENERS = ["", "oh ", "okay, ", "mrs. garcia, ", "sir, ", "ma'am, ", "i hear you. ", "oh my, "]

NEUTRAL_AGENT = [
    "can i have your full name please", "what is your date of birth", "can you spell your last name",
    "thank you for calling riverside family medicine, this is sarah", "this call may be recorded",
    "your appointment is on tuesday at two", "is there anything else i can help you with",
    "please arrive fifteen minutes early", "bring your insurance card and a photo id",
    "let me pull up your chart", "one moment please", "i've verified your identity", "what's your member id",
    "i can schedule you for thursday", "have a great day", "you'll get a reminder text", "okay, got it",
    "the copay is twenty dollars", "i'll send the referral today", "your prior authorization was approved",
    "can i put you on a brief hold", "the study requires you to be over eighteen",
    "do you have any chest pain or trouble breathing", "are you taking your medication as prescribed",
    "let me read that back to you", "thanks for confirming", "we're open until five",
    "i'll transfer you to billing", "the pharmacy will have it ready tomorrow", "goodbye",
]
# Apologies and "I understand" that are not empathy, and the opposite of empathy.
HARD_NEGATIVE_AGENT = [
    "sorry, can you repeat that", "sorry, i didn't catch that", "sorry, could you spell that again",
    "i'm sorry, we're closed on sundays", "sorry for the hold", "sorry, what was the date again",
    "i understand, so the date is march fourth", "understood, and your phone number", "i understand, next question",
    "okay i understand, what's your member id", "calm down", "there's nothing i can do about that",
    "that's not my department", "you'll have to call your insurance", "that's just the policy",
    "you should have called earlier", "i can't help you with that", "you need to be patient",
    "we're very busy today", "it is what it is", "sorry, the system is slow", "sorry, wrong button",
    "i'm sorry, that slot is taken", "i'm sorry but i need your date of birth first",
    "let me see what's available", "let me check that", "i'll look into it", "okay", "alright, moving on",
    "sorry about that, you were saying", "i see, and what's your address", "right, okay",
    "that's not something we handle", "you're going to have to wait", "no need to get upset",
]


def _expand(stems: list[str], openers: list[str], tails: list[str], rng: random.Random, per: int,
            group: str) -> list[tuple[str, str]]:
    """Each stem with a few openers and tails; the stem is the variant's group, so cross-validation can
    keep every variant of one stem in the same fold (otherwise F1 is flattered by near-duplicates)."""
    out: dict[str, str] = {}
    for k, stem in enumerate(stems):
        out.setdefault(stem, f"{group}{k}")
        for _ in range(per):
            out.setdefault((rng.choice(openers) + stem + rng.choice(tails)).strip(), f"{group}{k}")
    return sorted(out.items())


Row = tuple[str, int, str]


def build(seed: int = 7) -> tuple[list[Row], list[Row]]:
    rng = random.Random(seed)
    distress = [(t, 1, g) for t, g in _expand(DISTRESS, DISTRESS_OPENERS, DISTRESS_TAILS, rng, 4, "d")]
    distress += [(t, 0, g) for t, g in _expand(CALM, ["", "um ", "yeah ", "okay ", "so "], ["", " please", " thanks"],
                                               rng, 3, "c")]
    distress += [(t, 0, g) for t, g in _expand(HARD_NEGATIVES, ["", "oh ", "no, ", "well "], ["", " thanks", ""],
                                               rng, 3, "h")]
    empathy = [(t, 1, g) for t, g in _expand(EMPATHY, EMPATHY_OPENERS, EMPATHY_TAILS, rng, 4, "e")]
    empathy += [(t, 0, g) for t, g in _expand(NEUTRAL_AGENT, ["", "okay, ", "alright, ", "so "], ["", " please", ""],
                                              rng, 3, "n")]
    empathy += [(t, 0, g) for t, g in _expand(HARD_NEGATIVE_AGENT, ["", "okay, ", "um, "], ["", " please", ""],
                                              rng, 3, "h")]
    return distress, empathy


def write(directory: Path = HERE) -> None:
    for name, rows in zip(("distress", "empathy"), build(), strict=True):
        with (directory / f"{name}.csv").open("w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["text", "label", "group"])
            w.writerows(rows)


if __name__ == "__main__":
    write()
