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
    "i'm a wreck waiting for these results", "i've been on edge the whole time", "i haven't slept since they called",
    "we just don't have that kind of money", "i can't do this anymore with the billing", "i keep thinking about it",
    "i'm worried i won't get my medication in time", "i'm running out of my pills and i'm scared",
    "i'm so confused and upset", "i'm angry that my claim was denied again", "this is the fourth time i've called",
    "i keep getting transferred and i'm sick of it", "i'm worried about my dad, he's not himself",
    "my knee is throbbing and it's getting worse", "the pain keeps getting worse", "i'm hurting really bad",
    "i haven't slept in days because of the pain", "i'm scared to go through with it", "i'm so anxious i feel sick",
    "i'm really concerned about the side effects", "it's really upsetting", "i'm disappointed and frustrated",
    "honestly i'm just so tired of fighting with the insurance", "i'm worried it's cancer",
    "i'm frightened", "i feel hopeless", "i'm desperate, i need help", "please, i really need someone to help me",
    "i'm worried about paying for all of this", "i'm stressed out of my mind", "i'm so annoyed right now",
    # indirect: embarrassment, grief, being stretched thin, said with a laugh
    "i'm so embarrassed, i didn't even call anybody", "i feel so embarrassed about this", "i'm kind of ashamed",
    "my wife passed in march and i just haven't had the heart to cook", "since my husband died i can't keep up",
    "it's been a lot", "honestly, it's been a lot lately", "it's been a lot since he lost his job",
    "we've been putting everything on the credit card and just hoping", "it's been a long few months",
    "i'm basically running a pharmacy out of my kitchen, ha", "i'm juggling everybody's pills and i'm running on empty",
    "i just gave up, i couldn't do it", "i haven't had the heart for any of it",
    "it's been a really rough week", "i'm upset nobody told me", "i'm nervous about what the doctor will say",
    "this is making me so anxious", "i'm worried i did something wrong", "my stomach has been hurting terribly",
    "i'm in agony", "i've been miserable", "i don't understand why this keeps happening to me",
    "i'm really concerned about my daughter", "i'm anxious waiting for the results", "i've been so worried",
    "i'm freaking out a little", "it's been so painful", "i'm just really scared right now",
    "oh for crying out loud", "i'm not some stranger off the street", "i sat in your waiting room for three hours",
    "i'm kind of falling apart over here", "i don't think i've sat down in days", "i'm barely holding it together",
    "finally, i've been on hold for like twenty five minutes", "i'm on my lunch break and i've been on hold forever",
    "this is the third time you've moved it", "i already swapped shifts twice for this",
    "i'm at the point where i'm just gonna skip it", "i don't know where that money comes from right now",
    "i've been staring at this bill since friday", "i'm watching every dollar right now",
    "rent is due on the first and that money is sitting in your pocket",
    # worn down without a feeling word: a limit reached, calls that go nowhere, a worry that keeps them up
    "i can't really do three more weeks like this", "i can't keep going like this",
    "every time i call somebody says it's fixed and then another one shows up",
    "i've honestly stopped opening the mail", "this is like the fourth time i've called about this",
    "there's nine bottles on the counter and i can't keep straight which ones they stopped",
    "i lay awake at night going through them in my head",
    "the knee throbs all night and i'm not getting much sleep", "i feel like i went ten rounds and lost every one",
    "that's the part i dread", "i'm a grown man and i have to stare at the ceiling and hum",
    "everyone keeps transferring me around, it's getting really old", "i've called three different numbers since",
    "it's wearing me down, if i'm honest", "i go down the stairs on my bottom these days like a toddler",
    "i've stopped going out, really", "most days i just sit here waiting for the call",
]
# Fillers go on both sides alike, so "um so" carries no weight either way.
FILLERS = ["", "", "um ", "so ", "um so ", "uh ", "yeah ", "okay ", "well ", "oh "]
DISTRESS_OPENERS = FILLERS + ["honestly ", "to be honest ", "look, ", "i mean ", "ugh, "]
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
    # a symptom played down, a card hard to read: reports, not feelings
    "it's not terrible but it's like clicking", "it's honestly not that bad", "it comes and goes, it's not that bad",
    "the card's all scratched up, i can barely read it", "since like six, so four hours",
    "it's been a week and now i have a fever again", "now the cough is back again",
    "that's the house phone and nobody picks that up", "tired in the afternoons but i'm walking every day",
    "i did the screening visit last week and nobody's told me if i got in yet", "getting old, ha",
    "nobody's told me if i got in", "nobody told me the time yet, so i'm just checking",
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
    "i appreciate your patience, i know it's been a long wait",
    "i know waiting for results is nerve-racking", "it makes sense that you're anxious",
    "i'm sorry you're feeling this way", "that sounds painful",
    "i'm so sorry, that's awful", "oh no, i'm sorry", "i can understand why you're upset",
    "thank you for telling me, that sounds really tough", "i'm sorry your mom isn't feeling well",
    "i completely understand, that would worry me too",
    "i'm sorry about the frustration", "you've been very patient and i'm sorry for the delay",
    "i know how important this is to you", "i'm sorry you had that experience", "that sounds overwhelming",
    "i can tell this has been weighing on you", "i'm really sorry, let me help", "i understand, that's a lot",
    # acknowledging the load without a word of sorrow
    "that's an awful lot to be juggling", "that's a lot to deal with", "that's a lot on your plate",
    "you've got a lot going on", "four calls is a lot to deal with", "that's a lot to carry",
    "you've been through a lot", "that's a heavy load", "no wonder you're tired", "that would wear anyone out",
    "let's take this one step at a time together", "that's a heavy thing to carry", "it's good that you told me",
    "we'll get through this together", "you're not alone in this", "i can tell how much this is weighing on you",
    "you've been more than patient", "three calls in one week, you've been more than patient", "i'd be worried too",
    "it's normal to feel nervous", "that's completely okay, it's normal to feel that way", "i'd feel the same way",
    "i hear you, two hours on hold would wear anybody down", "i hear you", "that sounds awful",
    "that's a really normal way to feel, and i'm glad you said it", "a lot of people feel that way",
    "it's maddening to hit a wall when you're only trying to help", "i'd be fed up too",
    "you're obviously the one making sure she gets where she needs to be", "that would drive anyone up the wall",
    "three moves in a row, all from our side, i'd be done with us too",
    "two hundred dollars is not small, and you shouldn't be floating that for us",
    "after losing his brother that way, of course that's where his mind goes first",
    "you shouldn't have to keep rearranging your life for us", "that's on us, not you",
    "i'm so glad i could give you good news", "i'm so glad to hear that, what a relief after all that waiting",
    # colloquial acknowledgements
    "getting a surprise bill like that is a punch in the stomach, i get it", "i get it, that's a shock",
    "a letter like that out of the blue would rattle anybody", "that's a really fair worry",
    "that's a fair thing to be nervous about, and i'm glad you asked", "anybody would be thrown by that",
    "yeah, that one's a kick in the teeth", "i get it, nobody wants to be a guinea pig",
    "i can hear how scared you are", "i can hear how frightened you are, and you're doing the right thing",
    "you're doing exactly the right thing by calling, i can tell you're scared",
    "three calls and no callback, that shouldn't happen", "that never should have happened to you",
    "i'm so sorry about your husband", "losing your wife, that's a lot to carry", "no need to be embarrassed at all",
    "please don't be embarrassed, it happens to a lot of people", "that's a lot on you, running everyone's meds",
    "oh, i know, the waiting is the worst part", "waiting on results is the hardest part",
    "that's a serious juggling act",
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


# Broad neutral talk on both sides of a call: without it, any unfamiliar text sits near the 0.5 prior.
NEUTRAL_CALLER_EXTRA = [
    # requests and slips that are not distress
    "my doctor wants me to see an allergist and i need to know if i need a referral for that on my plan",
    "my gp sent over a referral for me, i'm supposed to call and set it up", "i need to know if it's in network",
    "sorry, no, it's w r four seven", "sorry, i meant the fourteenth", "i need to move my appointment",
    "i'm switching to a new physical therapist", "i wanted to book a skin check", "i'm not sure, let me check",
    "alright", "okay", "ok", "sure", "yes", "yeah", "yep", "no", "nope", "mm-hmm", "uh huh", "right", "got it",
    "this is she", "this is he", "speaking", "yes this is", "that's me", "yes speaking", "you got him",
    "i'm his wife", "i'm her husband", "i'm her daughter", "i'm his son", "i'm her caregiver", "i'm on the form",
    "yeah i'm listed on his account", "i handle all her appointments", "she's at work right now",
    "he's napping right now, this is his son", "since monday", "about three days now", "it started last night",
    "on and off for a week", "maybe two weeks", "since like sunday", "a couple of days",
    "it's july twenty eighth nineteen ninety five", "march fourth eighty two", "it's 11/12/1963",
    "the ninth of may nineteen forty six", "it's w four five seven two nine one eight three",
    "my member id is x y z one two three", "five five five two one two oh one nine eight",
    "it's one twenty three main street", "g o n z a l e z", "s as in sam m i t h", "it's maria lopez",
    "john and it's march third nineteen seventy", "yes that's right", "that's correct", "no that's everything",
    "the first one works", "let's do thursday", "i'll take the fourteenth at nine", "the second one please",
    "i have blue cross through work", "it's aetna", "medicare", "no it's my husband's plan",
    "i need a refill on my lisinopril", "i'm calling about my lab results", "i have a question about a bill",
    "i need to make an appointment", "i'd like to schedule a physical", "i need my records sent over",
    "i got a referral for cardiology", "i saw an ad about a study", "i'm calling about the research study",
    "i twisted my ankle yesterday and it's swollen", "i've had a cough for about a week",
    "i've had a fever and a sore throat", "i've been a little dizzy", "my back has been sore since i lifted a box",
    "i've got a rash on my arm", "i've been throwing up since last night", "pretty good actually",
    "better, just tired", "ok i guess", "yeah i got it", "i picked it up yesterday", "my son picked it up",
    "ok let me write that down", "ok thanks", "thanks bye", "you too, bye", "bye bye", "sounds good",
    "ok that works", "yes please", "that's fine", "sure go ahead", "oh ok", "oh interesting",
    "yes diagnosed about two years ago", "no blood thinners", "is there an age limit", "how long does it take",
    "do i need to fast", "what should i bring", "can you text me a reminder", "what's the address there",
    "sorry my dog is barking", "sorry, i'm driving", "can you hear me ok", "it's been raining all week",
    "how's your day going", "hold on let me grab my card", "let me find my glasses", "um one second",
    "so it's covered right", "so am i going to have to pay anything for it", "is that covered", "how much will it cost",
    "so shane p e r r y", "so jeremy graham", "so it's march fourth", "so that's all i need",
    "he's resting right now this is his son james", "she's sleeping this is her daughter", "he's 95 so he can't "
    "really do the phone", "she's 90 so she doesn't hear well on the phone", "so hello my doctor referred me",
    "i did have a stroke back in 2019 but i'm fine now", "i had chest pain last year but it was reflux",
    "no chest pain", "no trouble breathing", "i'm not having any pain", "no fever", "nothing like that",
    "my dad had a heart attack years ago", "i had a blood clot a long time ago",
    # plain symptom reports: a reason for the call, not distress
    "my back has been sore since i lifted a box", "i hurt my back moving furniture", "i sprained my wrist",
    "i twisted my ankle and it's swollen", "my knee has been bothering me", "i need to see someone about my knee",
    "i need to get in to see the doctor about my shoulder", "she's had a cough for a week",
    "he's had a fever since saturday", "i've had a sore throat for a few days", "my ear has been aching",
    "i've got a rash that's spreading", "i've been throwing up since this morning", "i have a headache",
    "my stomach's been upset", "i've been a bit dizzy when i stand up", "i think i have a sinus infection",
    "my son has a rash", "my mother has a bad cough", "i cut my finger and it might need stitches",
    "my back has been hurting since i lifted something", "i've had a runny nose and a cough",
    "i've been having some heartburn", "my allergies are acting up", "i need a follow up about my knee pain",
    "i had blood work done and want the results", "i'm calling about my mother's blood work",
    "it's 4731 wiggins port in welchbury", "it's twelve oak lane in springfield", "ninety two shields terrace",
    "it's 281 herrera lights apartment 4", "one twenty three main street in lake jennifer new jersey 54408",
    "my foot has been swollen since tuesday", "it's really swollen", "my wrist is really swollen and bruised",
    "it's really itchy", "it's been really rainy", "it's been a really busy week at work", "it's really red",
    "i'm almost out of my lisinopril", "i'm almost out of my pills so i need a refill", "it's really cold out today",
    "she's 91 so she can't really do the phone", "he's ninety so he doesn't really do the phone",
    "really, thank you", "it really helps", "yeah william ball and it's 6/19/1985",
    "maria lopez and it's february tenth nineteen sixty", "sorry i'm driving so bear with me",
    "i've had diarrhea for two days", "i pulled a muscle at the gym",
    "i go every six months since the heart attack", "i get a checkup every year since my surgery",
    "i'm trying to figure out the cost before i book my next checkup", "that was back in twenty nineteen",
    "i had the stent put in a couple years ago and i've been fine", "the knee's okay, a little sore, but okay",
    "my wife's making me call", "i think it's just heartburn",
    "i had a stress test on monday and i'm just trying to find out the results",
    "i did the screening visit last week and nobody's told me if i got in",
    "i still have this cough, mostly at night, kind of dry", "i just wanted to know if i need to come in",
    "everything else got better but i still have a little cough", "i had a cold like two weeks ago",
]
NEUTRAL_AGENT_EXTRA = [
    "you're welcome, thanks for calling, take care", "you're welcome, have a good one", "take care, goodbye",
    "thanks so much, have a wonderful day", "thank you for calling, have a great day", "bye now",
    "do you understand how to take the metformin", "it's once a day in the morning with food",
    "were you able to pick up your prescription", "how have you been feeling since you got home",
    "sure, i can help you with that", "of course, i can get that scheduled", "absolutely, let's find you a time",
    "i can check on that for you", "sure, let me look into that", "happy to help with that",
    "okay, i can check on that", "sure, i can help you set that up", "great, let's get that scheduled",
    "before we start, this call is recorded", "please be aware this call is on a recorded line",
    "can i have your first and last name", "and your date of birth", "could you spell the last name",
    "thank you, i have the chart pulled up", "okay, i found the record", "great, thanks for verifying",
    "perfect, thank you", "i see you're scheduled with dr patel on the fourteenth", "your results are in",
    "the first opening is tuesday at nine", "i have thursday at two or friday at ten",
    "what's the best number to reach you", "is that still the best number", "let me read that back",
    "and the group number", "which insurance do you have", "is the patient the primary subscriber",
    "the reference number is p a one two three", "an authorization is not a guarantee of payment",
    "please hang up and call 911", "i'm transferring you to the nurse line now",
    "let me get the on-call nurse on the line", "please go to the nearest emergency room",
    "how long have you had these symptoms", "when did this start", "can you tell me more about that",
    "any chest pain or shortness of breath", "have you been diagnosed with diabetes",
    "participation is voluntary and you can withdraw at any time", "i'm calling from the clinic",
    "may i speak with maria", "am i speaking with john", "oh, hi brian", "it's going well, thanks for asking",
    "no problem, take your time", "yes, i can hear you fine", "i know, it's been nonstop",
    "okay, noted", "mm-hmm", "right", "sure", "alright", "okay", "got it", "great", "perfect, thanks",
    # moving on or reassuring is not acknowledging a feeling
    "let's see what we can do to help you", "we're going to get this taken care of for you",
    "do you want to book that", "would you like me to schedule that", "do you want me to send that over",
    "your results are in, the doctor reviewed them and wants to go over them at a visit",
    "i can't read them out over the phone", "do you want the first one", "want me to set that up",
    "let me pull that up", "bear with me one moment", "thanks for holding", "okay, i'm back",
    "the copay will be twenty dollars", "you can pay online or over the phone", "we'll need a signed form",
    "refills take up to forty eight hours", "the nurse will call you back", "are you listed as a contact",
    "what's your relationship to the patient", "i'll send that to dr chen today",
    "thank you for calling lakeview health, this is denise", "riverside family medicine, this is emily",
    "hello and thank you for calling cedar grove clinic", "marcus here", "you've reached aisha",
    "good morning, northgate research, daniel speaking", "how may i help you", "how can i help you today",
    "what can i do for you today", "how are you today", "what can i help you with", "how has he been doing",
    "how has she been doing since she got home", "how are things going", "just so you know, this call is recorded",
    "this call may be monitored or recorded", "this call may be recorded for quality and training purposes",
    "i'll let you know this call is recorded for quality assurance", "hi, this is sarah calling from the clinic",
    "i'm following up on your hospital stay", "i'm calling to follow up after your discharge",
    "i see you went home on the fourth", "we're enrolling people in a research study",
    "do you have a few minutes for some screening questions", "i'd like to ask a few screening questions",
    "i want to be clear that joining is voluntary", "you'll review and sign an informed consent document",
    "i can't guarantee coverage, that depends on your plan's benefits", "i can't promise what insurance will pay",
    "our billing office can give you an estimate", "i'm going to ask some questions to see how soon you should be seen",
    "let me ask you a few questions so we can figure out the next step", "i just want to go over your medications",
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
    # calm lines take the distress openers too ("honestly my wife's making me call"): an opener carries no weight
    distress += [(t, 0, g) for t, g in _expand(CALM, DISTRESS_OPENERS, ["", " please", " thanks"], rng, 3, "c")]
    distress += [(t, 0, g) for t, g in _expand(HARD_NEGATIVES, ["", "oh ", "no, ", "well "], ["", " thanks", ""],
                                               rng, 3, "h")]
    distress += [(t, 0, g) for t, g in _expand(NEUTRAL_CALLER_EXTRA, FILLERS + ["hi "], ["", " yeah", ""], rng, 2,
                                               "x")]
    # a purpose and a distressed remark in one breath, as callers say them
    purposes = [c for c in CALM if c.startswith(("i need", "i'd like", "i'm calling", "i have a", "can i"))]
    for _ in range(160):
        stem = rng.randrange(len(DISTRESS))
        distress.append((f"{rng.choice(['', 'hi ', 'hello ', 'hi i am calling for my mother '])}{rng.choice(purposes)} "
                         f"{rng.choice(['', 'and ', 'honestly ', 'um '])}{DISTRESS[stem]}", 1, f"d{stem}"))
    for _ in range(160):
        a, b = rng.sample(range(len(NEUTRAL_CALLER_EXTRA)), 2)
        distress.append((f"{NEUTRAL_CALLER_EXTRA[a]} {NEUTRAL_CALLER_EXTRA[b]}", 0, f"x{a}"))
    # the same purposes with calm remarks, so a purpose's words carry no weight either way
    openers = ["", "hi ", "hello ", "good morning ", "hi i'm calling for my mother ",
               "hello i'm calling on behalf of my "
               "husband ", "hi this is anna i'm calling about my father "]
    for _ in range(240):
        a = rng.randrange(len(NEUTRAL_CALLER_EXTRA))
        distress.append((f"{rng.choice(openers)}{rng.choice(purposes)} {NEUTRAL_CALLER_EXTRA[a]}", 0, f"x{a}"))
    empathy = [(t, 1, g) for t, g in _expand(EMPATHY, EMPATHY_OPENERS, EMPATHY_TAILS, rng, 4, "e")]
    empathy += [(t, 0, g) for t, g in _expand(NEUTRAL_AGENT, ["", "okay, ", "alright, ", "so "], ["", " please", ""],
                                              rng, 3, "n")]
    empathy += [(t, 0, g) for t, g in _expand(HARD_NEGATIVE_AGENT, ["", "okay, ", "um, "], ["", " please", ""],
                                              rng, 3, "h")]
    empathy += [(t, 0, g) for t, g in _expand(NEUTRAL_AGENT_EXTRA, ["", "okay, ", "alright. ", "great. "],
                                              ["", " please", ""], rng, 2, "x")]
    for _ in range(160):
        a, b = rng.sample(range(len(NEUTRAL_AGENT_EXTRA)), 2)
        empathy.append((f"{NEUTRAL_AGENT_EXTRA[a]}. {NEUTRAL_AGENT_EXTRA[b]}", 0, f"x{a}"))
    # unpunctuated runs of procedure (an empathic line inside one is found by the scorer's word windows)
    for _ in range(200):
        a, b = rng.sample(range(len(NEUTRAL_AGENT_EXTRA)), 2)
        empathy.append((f"{NEUTRAL_AGENT_EXTRA[a]} {NEUTRAL_AGENT_EXTRA[b]}", 0, f"x{a}"))
    return distress, empathy


def write(directory: Path = HERE) -> None:
    for name, rows in zip(("distress", "empathy"), build(), strict=True):
        with (directory / f"{name}.csv").open("w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["text", "label", "group"])
            w.writerows(rows)


if __name__ == "__main__":
    write()
