"""identity_verification: required identifiers obtained and confirmed before any PHI is discussed.

The agent asks for each identifier (default: full name and date of birth), the caller gives it, and the
agent confirms it (an explicit "I've verified you" / "I found your record", or a read-back the caller
affirms). Any disclosure of health, appointment, insurance or account information before that point is
an auto-fail. A caller speaking for someone else must also have their relationship or authorization
checked before the disclosure.
"""

from __future__ import annotations

import datetime as dt
import re

from pydantic import Field

from models.interchange import CriterionResult
from rubrics.criteria import Context, Params, register
from rubrics.criteria.common import (
    AFFIRM_RE,
    fold_accents,
    is_agent,
    is_asr,
    is_caller,
    is_question,
    next_turn,
    norm,
    sentences,
    texts,
)
from rubrics.phrase_models import cached_proba, load_models

# How Whisper mishears "date of birth" on telephone audio ("date on birth", "mate on board", "your native
# word", "mate's unworth", "made of birth", "matt on word"): a word rhyming with "date" and one rhyming with
# "birth" or "word", a small word between. Heard in an agent's turn, nothing else in a call sounds like that.
ASR_DOB = (r"\b([a-z]*(ate|ade|at|att|ay|ait|ive)|data)'?s? (of |on |in |a |and |off |o |an |our |the )?(un)?"
           r"(birth|berth|earth|worth|word|words|board|bird|birds|burst|bath|birch|perth)\b")
# A short request ending on a word that rhymes with "birth" ("and make it a word, please", "and may the
# third please?", "what's your name, tom burst?") asks for the date of birth.
ASR_DOB_SHORT = (r"(^|[.?!] )(\S+ ){0,6}(the |your |a |my )?\S*\s?"
                 r"(birth|berth|earth|worth|word|board|bird|third|burst|worst)[.,?!]*( please)?[.,?!]*$")
# ... and "may I speak with": "my speaking will", "may i speak"
ASR_ASK_FOR = r"\b((may|my) (i )?|(can|could) i )(please )?(speak|speaking|talk) (with|to|will|for)\b"
REQUEST = {
    "name": r"\b(full name|your name|first and last name|last name|first name|spell (that|your|it|the)|"
            r"who (am i|i'm|i am) (speaking|talking) (with|to)|(patient'?s|the patient|their|his|her|member'?s|"
            r"caller'?s|child'?s|son'?s|daughter'?s|husband'?s|wife'?s|mother'?s|father'?s|mom'?s|dad'?s) name|"
            r"name (of the patient|on the (account|chart|file|card|policy|insurance))|name please|get a name|"
            # "What's the name?"
            r"(what'?s|what is) the (patient'?s |full )?name(?! of)|"
            r"(may|can|could) i (please )?(speak|talk) (with|to)|am i (speaking|talking) (with|to)|"
            r"i'?m (trying to reach|looking for)|"
            r"is (?!(anybody|anyone|somebody|someone|everybody|everyone|there|it|that|he|she)\b)[a-z]+( [a-z]+)? "
            r"(available|there|home)|is that you)\b|"
            # an outbound call's "calling for Dolores Whitehorse?"
            # (or said ending the turn: "... discharge follow-up, calling for Anjali Raman.")
            r"\bcalling (for|to speak (with|to)) (mr\.? |mrs\.? |ms\.? )?[a-z'-]+( [a-z'-]+)?(\?|\.?\s*$)|"
            # "this is Tevita calling from Ridgeline Community Hospital for Mr. Desmond Achterberg. Is he available?"
            r"\bcalling from [a-z'. ]{2,60}? for (mr\.? |mrs\.? |ms\.? )?[a-z'-]+( [a-z'-]+)?[.,] (is (he|she) "
            r"(available|there|home|in)|may i speak (with|to) (him|her))\b|"
            # an outbound call's "is this Ottilie Marchbanks?" / "am I talking to Mr. Diaz?"
            r"\bis (this|that) (mr\.? |mrs\.? |ms\.? |miss )?(?!(right|correct|okay|ok|all|it|true|so|still|"
            r"sure|good|fine|better|the|a|an|your|my|for|about|what|how|when|where|something|everything|"
            r"alright|enough|possible|urgent|new|yours|his|hers|theirs|him|her|them|you|one|both|going|"
            r"happening|covered|normal|serious|bad)\b)[a-z'-]+( [a-z'-]+){0,2}\?|"
            # a terse "Name and date of birth." / "name and DOB please"
            r"(^|[.?!] )(full |first and last |your |the patient'?s )?name,? (and|&|plus) (your |the |their )?"
            r"(date of birth|birth ?date|birthday|d\.?\s?o\.?\s?b\b)|" + ASR_ASK_FOR,
    "dob": r"\b(date of birth|birth ?date|birthday|d\.?\s?o\.?\s?b\b|when (were|was) (you|he|she|they) born|"
           r"year of birth)|" + ASR_DOB + "|" + ASR_DOB_SHORT,
    "member_id": r"\b(member (id|i\.?d\.?|number)|insurance (id|i\.?d\.?|number)|subscriber (id|number)|"
                 r"policy (id|number)|id (number )?(on|from|off) (your|the) (insurance )?card|plan id|"
                 r"participant (id|number)|study id)\b",
    "phone": r"\b(phone number|callback number|number on (file|the account)|best number|telephone number)\b",
    "address": r"\b(your (home |street |mailing )?address|address on file|zip ?code|postal code)\b",
    "ssn_last4": r"\blast (four|4)( digits)?( of)? (your |the )?(social|ssn)",
    "mrn": r"\b(medical record number|\bmrn\b|chart number|patient id)\b",
    "zip": r"\b(zip ?code|postal code)\b",
}
# "hi, it's Gloria Vantongeren", "this is Soraya Haddad": a caller introducing themselves by a full name, two
# capitalized words (the case is read from the segment's own text)
INTRODUCED_NAME = re.compile(r"\b(?:[Tt]his is|[Ii]t'?s,?|[Ii]t is|I'?m|I am|(?:results|appointment|records|"
                             r"prescription|refill|bill|referral|test|labs|calling) (?:for|about))\s+"
                             r"(?:(?:uh|um),?\s+)?[A-Z][a-z'\-]+(?:[ -][A-Z][A-Za-z'\-]+)+|"
                             r"^(?:(?:[Hh]i|[Hh]ello|[Hh]ey|[Yy]es|[Yy]eah|[Gg]ood (?:morning|afternoon)|[Uu]m|[Uu]h|"
                             r"[Ss]orry|[Oo]h|[Oo]kay|OK|Ok)"
                             r"[,.!]?\s+)+[A-Z][a-z'\-]+(?:[ -][A-Z][A-Za-z'\-]+)+[,.]|"
                             # "Abe Kettleworth here, I'm one of your ..."
                             r"\b[A-Z][a-z'\-]+(?: [A-Z][A-Za-z'\-]+)+ here\b|"
                             # "... she came home Saturday after a hip replacement. Beatrice Lindqvist."
                             r"[.?!]\s+[A-Z][a-z'\-]+ [A-Z][a-z][A-Za-z'\-]+[.?!]?\s*$|"
                             # "... for my mother's physical therapy. Marguerite Okafor. I'm her daughter."
                             r"[.?!]\s+[A-Z][a-z'\-]+ [A-Z][a-z][A-Za-z'\-]+[.?!]\s+(?=[A-Z])|"
                             # "Hi Odette. Lucinda Marsh, member ID H B T ..."
                             # "Right, so, Gwendolyn Faraday, that's F-A-R-A-D-A-Y, born the second of November"
                             r"(?:^|[.?!,]\s+)[A-Z][a-z'\-]+ [A-Z][a-z][A-Za-z'\-]+, "
                             r"(?:(?:that'?s )?[A-Za-z](?:[- ][A-Za-z])+, )?"
                             r"(?:(?:my|his|her) )?(?:member|date of birth|d\.?o\.?b|birthday|born|January|February|"
                             r"March|April|May|June|July|August|September|October|November|December)\b")
# A caller who volunteers an identifier without being asked.
VOLUNTEER = {
    "name": r"\b(my name is|my name's|the name is) [a-z]+|(^|[.?!,] )name'?s [a-z]+|"
            r"\b(last|first|full) name('s| is) [a-z]+",
    "dob": r"\b(born (on|in)|(my|his|her|their) (date of birth|birthday|dob|birth ?date)('s| is)|birth ?date is)\b|"
           # "Beatrix Holloway-Dunn, date of birth five twenty-two fifty-eight"
           r"(^|[,.] )(date of birth|dob|d\.o\.b\.?|birth ?date),? (is )?(\d|one|two|three|four|five|six|seven|eight|"
           r"nine|ten|eleven|twelve|oh|zero|january|february|march|april|may|june|july|august|september|october|"
           r"november|december)",
    # "member ID H B T five five two oh ...", "member number 4 4 7 ..."
    "member_id": r"\bmember (id|number) is\b|\bmember (id|number)('s|:|,)? ([a-z]|\d|zero|oh|one|two|three|four|five|"
                 r"six|seven|eight|nine)\b",
}
CONFIRM = re.compile(
    r"\b(i('ve| have)? (verified|confirmed|located|found|pulled up|got|have) (you|your|the|that|her|his|their)"
    r"( (record|chart|account|file|profile|identity|information))?|"
    r"(you'?re|you are|that'?s|they'?re|she'?s|he'?s|everything'?s?|that all) (all )?(verified|confirmed|matches|"
    r"checks out|good)|"
    r"(that|everything|it all|both) (matches|match|checks? out|lines? up)|thanks? (you )?for (verifying|confirming)|"
    r"(thank you|thanks|perfect|great|okay|alright),? (i|i've|i have) (found|located|pulled up|see) |"
    r"identity (is )?(verified|confirmed)|verification (is )?(complete|done)|i see (you|your record|her|him) here|"
    r"i (found|see|have) (the|your|her|his|their) (record|chart|account|file|profile))"
)
# Agent statements that disclose or discuss protected information.
DISCLOSURE = re.compile(
    # "the referral to the urology clinic for his prostate biopsy went out on monday"
    r"\b(referral|order|prescription|results?|authorization|claim|records)\b[^.?!]{0,60}\b(went out|went over|"
    r"went through|was sent|was faxed|got sent|came back|came in)\b|"
    r"\bi see (your|her|his|their) (?!name\b|number\b)|\bi see (that )?(you|she|he|they)('re| are| were| was| had| "
    r"have|'ve| went| got)\b|\bi see (in|on) (your|her|his|their|the) (chart|record|file|account)|"
    # "i see the er claim from january eleventh"
    r"\bi see the ([a-z]+ ){0,2}(referral|authorization|claim|results?|order|prescription|appointment|record|chart|"
    r"visit|note|bill|balance|colonoscopy|colposcopy|mammogram|endoscopy|ultrasound|mri|biopsy|infusion|surgery|"
    r"procedure|consult|follow[- ]?up)|\bi see [a-z ]{1,25} on file\b|"
    r"\b(in|on) (your|her|his|their) (chart|medical record|records|file)\b|"
    r"\b(your|her|his|their) ([a-z-]+ ){0,2}results\b|\b(a|an|your|the) (outstanding )?balance of\b|"
    # "the pathology on the shoulder biopsy came back on the second"
    r"\b(pathology|biopsy|results?|labs?|blood ?work|scan|imaging|report|culture)\b[^.?!]{0,40}\bcame back\b|"
    r"\b(your|her|his|their) (discharge|hospital stay|admission|stay at|diagnosis|condition)\b|"
    r"\byour [a-z ]{0,40}? (is|was|are|were) (scheduled|booked|approved|denied|pending)\b|"
    r"\b(was|were|has been|got|is) (approved|denied|rejected) (on|for|by|yesterday|today|last)\b|"
    r"\b(your|her|his|their|the patient'?s)( next| upcoming| last| follow[- ]up| recent| current)?( [a-z]+)? "
    r"(appointment|visit|procedure|surgery|follow[- ]?up)s? (is|was|are|were|has|on|at|with|for|got)\b|"
    # "I have it right here, the referral from Dr. Pruitt for a Holter monitor"
    r"\bthe (referral|order|prescription|authorization|results?) (from (dr\.?|doctor) [a-z'-]+( [a-z'-]+)? for|"
    r"for (a|an|the|your|her|his) [a-z]+)|"
    # "we got the referral from Dr. Pemberton on the eighth"
    r"\b(we|i) (got|have|received) (the|your|her|his) (referral|results|records|order|prescription|authorization|"
    r"claim)\b|"
    r"\b(you|she|he|they)('re| are| is|'s) (scheduled|booked|set up|down) (for|with|on|at|the|this|next|monday|"
    r"tuesday|wednesday|thursday|friday|saturday|sunday)\b|"
    r"\bi (see|have|show) (you|her|him|them|that you|an appointment)[^.?!]{0,30}\b(appointment|scheduled|booked|"
    r"on (monday|tuesday|wednesday|thursday|friday|saturday|sunday))|"
    r"\b(your|her|his|their) (test |lab |blood ?work |blood |biopsy |mri |ct |x-?ray |imaging |scan |pathology )?"
    r"(results?|report) (is|are|came|show|shows|was|were|indicate|look)|"
    r"\b(your|her|his|their) (prescription|medication|refill|diagnosis|chart|records?|a1c|cholesterol|"
    r"blood pressure|potassium|glucose|levels?)( (for|of|from|with) [a-z-]+( [a-z-]+){0,2})? (is|are|was|were|has|"
    r"have|shows?|says|came|will|indicates?|got|went)\b|"
    r"\bthe (doctor|physician|provider|nurse|dr\.? [a-z]+) (said|noted|wrote|ordered|prescribed|wants you|"
    r"increased|changed|reviewed your)|"
    r"\b(your|her|his|their) ([a-z-]+ ){0,3}(insurance|coverage|plan|policy|claim|deductible|co-?pay|co-?insurance|"
    r"authorization|prior auth(orization)?|pre-?auth(orization)?|benefits|eligibility|referral) "
    r"(is|was|has|have|covers|shows|will|came|went|expired|requires|got|been|ended|ends|lapsed|terminated|"
    r"started|starts|renew(s|ed)?|changed|looks)\b|"
    # "I have your Blue Plan on file", "we've got her insurance on file"
    r"\b(i|we)('ve| have| got| show| see)( got)? (your|her|his|their) [a-z -]{1,30} on file\b|"
    r"\b(claim|authorization|prior authorization|pre-?authorization|referral) (was|has been|is|got) "
    r"(approved|denied|rejected|processed|received)\b|"
    r"\b(your|her|his|their) (account |outstanding |current )?(balance|bill|statement|payment) (is|was|of|shows)\b|"
    r"\byou (owe|have a balance)\b|"
    # "the referral from Dr. X came in on the 11th" survives ASR as "... came in on"
    r"\bcame in (on|yesterday|last|this)\b|"
    # "you're on for thursday the twelfth", "I see you with Dr. Lindqvist on Tuesday", "after your gallbladder
    # surgery", "Dr. Marsh sent you home on oxycodone"
    r"\b(you'?re|you are|she'?s|she is|he'?s|he is|they'?re) (on|down|in) for\b|"
    # "I've got you, you're Thursday with Dr. Okafor"
    r"\b(you'?re|you are|she'?s|she is|he'?s|he is) (on |down for |booked for |set for )?(monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|tomorrow)\b[^.?!]{0,25}\bwith (dr|doctor)\b|"
    r"\b(you'?re|you are|she'?s|she is|he'?s|he is|they'?re) (due|overdue) for\b|"
    # "the rotator cuff claim ... still pending", "the MRI authorization hasn't been released", "you went home
    # Tuesday after the left hip replacement", "you're on the oxycodone", "his comfort orders are ..."
    r"\b(still|is|was) (pending|under review)\b|\bhasn'?t been (released|approved|processed|sent)\b|"
    r"\byou went home\b|\b(you|she|he) (got|had|received) (your|her|his|the) ([a-z0-9-]+ ){0,3}(injection|dose|shot|"
    r"infusion|surgery|procedure|scan|mri|biopsy|vaccine|labs?|bloodwork)\b|"
    r"\b(after|following) (the|your|his|her) ([a-z-]+ ){0,3}(replacement|surgery|procedure|operation|admission|stay)\b|"
    r"\b(you'?re|she'?s|he'?s) (on|taking) the (?!(line|phone|list|call|schedule|way|waitlist|wait list)\b)[a-z]+\b|"
    r"\b(your|her|his|their) ([a-z-]+ ){0,2}(orders|medications|meds|doses?) (are|is|say|says|include)\b|"
    # "I have Elena's results here", "her iron is low", "her thyroid level came back high"
    r"\bi (have|see|got) ([a-z]+'s|your|her|his|their) (test |lab |blood )?(results|records|chart|labs|report)\b|"
    # "I have Desmond's emergency department claim from the second. It's processed, fourteen hundred went to his
    # deductible, and the balance billed to him is ..."
    r"\bi (have|see|got) ([a-z]+'s|your|her|his|their) ([a-z]+ ){0,3}(claim|bill|statement|authorization)\b|"
    r"\b(went|applied|goes) (to|toward|towards) (your|her|his|their) deductible\b|\bbalance billed\b|"
    r"\b(her|his|your|their) [a-z]+ (level |count |levels )?(is|was|were|are) (low|high|normal|elevated|positive|"
    r"negative|abnormal)\b|\bcame back (high|low|normal|positive|negative|elevated|abnormal|fine|clear)\b|"
    # "your colonoscopy is this thursday", "I see the metoprolol 25 milligram, last filled august 2nd",
    # "Desmond has $1,240 left on his deductible", "the MRI needs prior authorization"
    r"\b(your|her|his|their) ([a-z-]+ ){0,2}(colonoscopy|mammogram|endoscopy|ultrasound|echo|mri|ct|scan|biopsy|"
    r"infusion|physical|bloodwork|labs|screening|surgery|procedure|vaccine|injection)s? (is|was|are|were|on|at|"
    r"with|for|came|results|has|got)\b|"
    r"\bi see (the|your|her|his) [a-z -]{1,30}\b(milligrams?|mg|refills?|prescription)\b|\blast filled\b|"
    # an outbound call's purpose naming the patient's procedure: "I'm just calling to confirm Chidi's colonoscopy"
    r"\b(confirm|confirming|remind [a-z]+ (of|about)|about|regarding) (?!(doctor|dr|the|clinic|office|today|tomorrow|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|everyone|everybody|someone|somebody)'s)[a-z]+'s "
    r"([a-z-]+ ){0,2}(colonoscopy|mammogram|endoscopy|ultrasound|echo|mri|ct|scan|biopsy|infusion|surgery|procedure|"
    r"appointment|visit|follow[- ]?up|results|labs|bloodwork|referral|prescription)\b|"
    r"\b(refills?) (left|remaining)\b|\bon (his|her|your|their) (deductible|out[- ]of[- ]pocket)\b|"
    r"\b(needs|requires|require|need) (a )?prior auth(orization)?\b|"
    # "there's only about three-sixty left before you hit the deductible", "he's got the EEG follow-up with Dr. X"
    r"\b(left|remaining|to go) (before|until|till) (you|she|he|they) (hit|meet|reach|max out)\b|"
    r"\b(you|she|he|they)('s|'ve| has| have)( got| already got)? (a|an|the|your|her|his|their) ([a-z-]+ ){0,3}"
    r"(appointment|visit|follow[- ]?up|procedure|surgery|scan|mri|test|consult|infusion|injection)s? (with|on|at|for|"
    r"coming|scheduled|booked|next|this|tomorrow)\b|"
    r"\bi (see|have|show) (you|her|him|them) (with|for|at|booked|scheduled|down|on (?!(there|file|it|that|"
    r"(the|his|her|their|our|my) (form|list|release|file|authorization|account))\b))\b|"
    r"\b(after|about|regarding|following|since) (your|her|his|their) ([a-z-]+ ){0,2}(surgery|procedure|operation|"
    r"stay|admission|discharge|biopsy|scan|mri|results)\b|\bsent (you|her|him|them) home (on|with)\b|"
    # "I'm seeing the lumbar MRI ... that came back denied"
    r"\bi'?m (seeing|showing) (the|your|her|his|their|a|an) (?!(next|first|earliest)\b)|"
    r"\bcame back (approved|denied|rejected)\b|"
    # "right now I've got you under Keystone Select PPO, member ID ending in 4471, and there's also an $85 balance"
    r"\b(i'?ve got|i have|i see|i show) (you|her|him|them) (under|on|with) [a-z ]{0,30}\b(ppo|hmo|epo|plan|insurance|"
    r"coverage|medicare|medicaid)\b|\b(there'?s|you have|you'?ve got|she has|he has) (also )?an? \$?[\d,.]+ "
    # "I've got a Gregory Tran here, member ID ending 3058, on the Silver PPO"
    r"(dollar )?balance\b|\b(member id|id|account|card|policy|subscriber id) ending( in| with)?\b|"
    # "looks like you were seen at our urgent care on Tuesday for a sinus infection, and they started you on ..."
    r"\b(you|she|he|they) (were|was) seen (at|by|in|on|for|yesterday|last)\b|"
    r"\b(they|we|dr\.? [a-z]+|the doctor) started (you|her|him|them) on\b|"
    # "okay so the pathology's back, ... it says the polyps were benign"
    r"(^|\b(so|okay|ok|alright|well|yes|yeah|good news|great news),? )(the |your |her |his |their )?(pathology|biopsy|"
    r"results?|labs?|lab work|blood ?work|report|scan|mri|x-?ray|culture|test)('s| is| are| came| were| was| did "
    r"come| has come| have come) (all )?back\b(?! yet)|\b(was|were|is|are|came back) (benign|malignant|cancerous|"
    r"precancerous|positive for|negative for)\b|"
    # "your insurance denied the prior authorization for the lumbar MRI"
    r"\b(insurance|plan|insurer|they|carrier) (denied|approved|rejected|declined) (the|your|her|his|their) |"
    # "So Dr. Calloway sent it over on the 3rd for the heart murmur"
    r"\b(dr\.? [a-z]+|the doctor|your doctor|they|she|he) (sent|faxed|referred) (it|you|the referral|a referral)"
    r"( over| in)?\b[^.?!]{0,25}\bfor (the|your|a|an) [a-z]+|"
    # "I've got the pathology from the left breast biopsy here, it came back Friday"
    r"\b(i'?ve got|i have|i see|i'?m looking at) (the|your|her|his|their) (pathology|biopsy results?|results?|"
    r"lab results|labs|report|scan results|mri results|imaging)\b(?! (for|to) (the|your|this) (appointment|visit))|"
    r"\b(it|they) came back (yesterday|today|this morning|last week|on|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday)\b|"
    # "okay, Noreen's results came back Monday, and Dr. Szabo flagged them for a visit"
    r"\b[a-z]+'s (test |lab |blood ?work |blood |biopsy |mri |ct |scan |pathology )?(results?|report|labs|pathology|"
    r"biopsy) (came|is|are|was|were|show|shows|showed|look|looks)\b|\bflagged (them|it|the results?) (for|as)\b|"
    # "so your A1C at screening came back at eight point one ... so you qualify for the study"
    r"\b(your|her|his|their) [a-z0-9 -]{1,30}\bcame back (at|as|in|within|over|under)\b|"
    r"\b(you|she|he) (qualify|qualified|don'?t qualify|didn'?t qualify|do not qualify) for (the|this) (study|trial)\b|"
    # "the pathology came back yesterday and it says benign"
    r"\b(it|they|the report|the results?) (says|said|shows|showed|reads|read) (it'?s |it was |they'?re |they were )?"
    r"(benign|malignant|cancerous|precancerous|negative|positive|normal|abnormal)\b|"
    r"\b(it was|it'?s|it is|that was) (a |an )?([a-z-]+ ){0,3}(carcinoma|cancer|melanoma|tumou?r|lymphoma|"
    r"malignancy|adenoma|polyp)\b|"
    # "the lisinopril 20 milligram went to Eastside Pharmacy yesterday", "Dr. Ferreira bumped you up from the 10"
    r"\b(went|was sent|got sent|was called in|went over|was faxed) (over )?to (the |your |her |his )?([a-z]+ ){0,2}"
    r"pharmacy\b|\bbumped (you|her|him|them) (up|down)\b|\b(increased|decreased|raised|lowered|doubled|cut) "
    r"(your|her|his|their) (dose|dosage)\b|"
    # "the lumbar spine MRI, it got moved to Tuesday the sixteenth"
    r"\b(got|was|been|has been) (moved|rescheduled|cancell?ed|changed|bumped) (to|for|from)\b|"
    # "That actually got faxed over Monday"
    r"\b(got|was|were|been) (faxed|mailed|submitted)( over| out| in)?\b|"
    # "I've got the claim for the sleep study at Brightwater from February, it's showing denied"
    r"\b(it'?s|it is|that'?s) showing (as )?(denied|approved|paid|pending|processed|rejected|active|termed)\b|"
    r"\bi'?ve got the (claim|referral|authorization|prior auth(orization)?|results?|order|prescription) (for|from)\b|"
    r"\b(approved|denied|rejected) on (the )?(\d|monday|tuesday|wednesday|thursday|friday|january|february|march|"
    r"april|may|june|july|august|september|october|november|december)"
)
RELATIONS = (r"(mother|mom|mum|mam|father|dad|wife|husband|son|daughter|grandmother|grandfather|grandma|grandpa|"
             r"aunt|uncle|"
             r"sister|brother|partner|spouse|child|kid|baby|parent|client|patient|niece|nephew|fianc[eé]e?|"
             r"boyfriend|girlfriend|friend|neighbor|mother-in-law|father-in-law|grandson|granddaughter|roommate|room-mate|"
             r"housemate|roomie|coworker|co-worker)")
# a name said beside the relation: "my dad, Augustin Pereira, ..."
_NAMED = r"(, [a-z'-]+( [a-z'-]+){0,2},)?"
THIRD_PARTY = re.compile(
    rf"\b(calling|call|here|phoning|ringing) (for|about|on behalf of|regarding) (my|our) {RELATIONS}\b|"
    rf"\bon behalf of (my|our) {RELATIONS}\b|\bon behalf of (him|her|them|the patient)\b|"
    rf"\b(this is|i'?m|i am) (his|her|their) (foster |step|adoptive )?{RELATIONS}\b|"
    # "I'm a medical interpreter with ...", relaying for the patient
    rf"\b(i'?m|i am) (a|an|the|her|his) ([a-z]+ )?interpreter\b|"
    rf"\b(he|she)'?s (resting|sleeping|napping|not available|asleep|in the shower|not home|unable to come to the phone|"
    rf"at work|at school|not here|out right now|out at the moment)|"
    rf"\b(i'?m|i am|this is|it'?s) (his|her|their) (caregiver|guardian|nurse|aide|power of attorney|home health aide|"
    rf"care ?giver)\b|"
    rf"\b(my|our) {RELATIONS}'?s? (appointment|results|medication|prescription|insurance|bill|claim|account|"
    rf"referral|doctor|surgery|records|mri|ct|scan|x-?ray|tests?|labs|bloodwork|biopsy|procedure|coverage|visit|"
    rf"meds|refill|diagnosis|follow[- ]?up|checkup|check-up|physical|echo|infusion)\b|"
    # "i called about my mom abena's referral"
    rf"\b(my|our) {RELATIONS} [a-z]+'s (appointment|results|referral|prescription|refill|surgery|procedure|claim|bill|"
    rf"scan|mri|test|tests|labs|follow[- ]?up|visit|coverage|medication)\b|"
    # "I need to book my mum in for her memory review"
    rf"\b(book|schedule|get|bring|take|register|sign|enrol|enroll) (my|our) {RELATIONS} (in|up|for|to)\b|"
    # "my husband's blood pressure refill"
    rf"\b(my|our) {RELATIONS}'s ([a-z-]+ ){{1,2}}(appointment|results|medication|prescription|refill|referral|"
    rf"surgery|procedure|claim|bill|scan|mri|test|tests|labs|follow[- ]?up)\b|"
    # "this is interpreter Halima", "I'm a care coordinator with Horizon Home Health ... for one of our clients",
    # "I'm at the front desk at Northgate Physical Therapy, we're checking eligibility on a new patient"
    rf"\b(this is|it'?s|i'?m|i am) (the |an |a |your |his |her )?([a-z]+ )?interpreter\b|"
    rf"\b(for|about|regarding) one of (our|my) (clients|patients|residents|members|guys|folks|consumers)\b|"
    rf"\b(i'?m|i am) (a|an|the|their|his|her) (care coordinator|case manager|social worker|nurse case manager|"
    rf"discharge planner)\b|"
    rf"\b(checking|verifying|verify|check) (eligibility|benefits|coverage) (on|for) (a|the|our|one of our) "
    rf"(new )?(patient|member|client)\b|"
    # "I'm calling about one of our guys, Kwabena", "calling from Birchwood House about a resident"
    rf"\b(calling|call|phoning|here) (about|for|regarding|on behalf of) (one of )?(our|my) (guys|residents?|clients?|"
    rf"patients?|kids|members|folks|people|consumers|individuals)\b|"
    # "I'm a home aide for one of your patients", "calling about the blood work for Dana Whitlock"
    rf"\b(i'?m|i am) (a|an|the|their|his|her) (home )?(aide|caregiver|care ?giver|helper|home health aide|nurse) "
    rf"(for|of|with|to)\b|\bone of your patients\b|"
    # "it's my son, Emeka ...", "I'm calling about Bill Hartigan's biopsy"
    rf"\b(it'?s|this is|it is) (for |about )?(my|our) {RELATIONS}\b|"
    rf"\b(calling|call|here|phoning) (about|for|regarding) [a-z]+ [a-z'-]+'s\b|"
    # "to check the time for Devraj's procedure", "I live next door to him", "it's kwame over at clearwater
    # imaging, N.P.I. is ..."
    rf"\bfor (?!my\b|your\b|his\b|her\b|our\b|their\b|the\b)[a-z]+'s (procedure|appointment|surgery|results|"
    rf"test|scan|mri|visit|referral|prescription|medication|bill|claim)\b|"
    rf"\b(i|we) live (next door|across the (hall|street|road)|downstairs|upstairs)\b|\bn\.? ?p\.? ?i\b|"
    # "my wife had a C-section here last week and I'm the one doing her wound care"
    rf"\b(i'?m|i am) the one (doing|taking care of|looking after|handling|giving|managing|changing|helping with) "
    rf"(her|his|their)\b|"
    # "this is Farida calling from Maple Grove Family Practice, Dr. Lindqvist's office"; "my wife had her hip done"
    rf"\bcalling (from|with) [a-z' ]{{2,40}}\b(practice|office|clinic|hospital|medical group|health|pharmacy|"
    rf"home health|rehab|imaging|lab)\b|"
    rf"\b(my|our) {RELATIONS} (had (her|his|their) [a-z ]{{1,20}}(done|surgery|replacement|procedure)|came home|"
    rf"got home|was discharged|is home)\b|"
    # "my roommate was in there yesterday", "my husband has an MRI scheduled", "she asked me to call"
    # ("my dad, Augustin Pereira, was discharged Saturday")
    rf"\b(my|our) {RELATIONS}{_NAMED} (was|were) (in there|in (yesterday|today|this|last)|seen (yesterday|today|"
    rf"this|last|by)|admitted|discharged)\b|"
    # "my dad got discharged yesterday, Eugene Park"
    rf"\b(my|our) {RELATIONS}{_NAMED} (just )?(got|has been|had been|was just) (discharged|admitted|released|"
    rf"sent home)\b|"
    # the answer to "who am I speaking with?": "His daughter, Lucia."
    rf"^\W*((yes|yeah|uh|um|oh|sorry|it'?s),? )*(his|her|their) (foster |step|adoptive )?{RELATIONS}([,.!?]|$| here\b"
    rf"| speaking\b)|"
    rf"\b(my|our) {RELATIONS} (has|had|needs|got|is getting|is having) (a|an|the|his|her|their) ([a-z-]+ ){{0,2}}"
    rf"(appointment|mri|ct|scan|x-?ray|surgery|procedure|test|biopsy|referral|claim|bill|prescription|visit|"
    rf"colonoscopy|mammogram|ultrasound|consult|follow[- ]?up)\b|"
    # (not "they asked me to call": the GP's office)
    rf"\b(she|he) asked me to (call|check|find out|get)\b|"
    # "Rosalind Achterberg. I'm calling for her, she can't really hear on the phone anymore."
    rf"\b(i'?m|i am) (calling|phoning|ringing) (for|on behalf of) (her|him|them)\b|"
    rf"\b(she|he) (can'?t|cannot) (really )?(hear|talk|speak) (on the phone|well|anymore)\b|"
    # "my brother's in one of your studies, the blood pressure one"
    rf"\b(my|our) {RELATIONS}('s| is) (in|enrolled in|part of|on) (one of your|your|the|a) ([a-z-]+ )?(study|studies|"
    rf"trial|trials|program)\b|"
    # "I'm calling about a referral for my wife to the rheumatologist"
    rf"\b(a|an|the) ([a-z-]+ )?(referral|appointment|prescription|refill|claim|bill|procedure|surgery|test|scan|mri|"
    rf"visit|authorization|prior auth) (for|of) (my|our) {RELATIONS}\b|"
    # "I'm one of the nurses over at Birchwood Manor? I'm calling about a resident of ours"
    rf"\b(a|one of (our|my|the)) (residents?|patients?|clients?) (of ours|of mine|here)\b|"
    # "I've got one of our residents, Mr. Albert Fennimore"
    rf"\bone of (our|my) (residents|clients|patients|guys|folks|consumers|kids)\b|"
    rf"\b(i'?m|i am) one of the (nurses|aides|caregivers|staff|med techs|coordinators)\b|"
    # "I'm the M A over at Eastgate Family Medicine"
    # "I need to check eligibility and PT benefits for a Gerald Okafor"
    rf"\b(check|checking|verify|verifying) (eligibility|benefits|coverage)\b[^.?!]{{0,30}}\b(for|on) "
    rf"(a|an|mr\.?|mrs\.?|ms\.?) [a-z]+|"
    # "this is Devon from Dr. Nakagawa's office ... Patient's Eugene Szymanski."
    # (not the caller's own question: "can someone from dr. castellano's office call me back?")
    rf"(?<!someone )(?<!somebody )(?<!anyone )(?<!anybody )\bfrom (dr\.?|doctor) [a-z'-]+'s office\b|"
    rf"(^|[.?!,] )(the )?patient'?s (name is |name'?s )?[a-z]+ [a-z'-]+|"
    rf"\bi'?m (the|a|an|their) [a-z. ]{{1,20}} (over at|at|from|with) [a-z' ]{{2,40}}\b(practice|office|clinic|"
    rf"medicine|medical group|health|pediatrics|orthopedics|cardiology|hospital|center|pharmacy|rehab|imaging|"
    rf"lab)\b|"
    # "I'm calling for Beatriz Salgado, about her referral"
    rf"\b(calling|call|phoning) (for|about|on behalf of) (?!my\b|me\b|myself\b|a\b|an\b|the\b)[a-z]+ [a-z'-]+\b"
    rf"[^.?!]{{0,30}}\b(her|his)\b|"
    # "I'm calling about Lionel Achterberg, he's on your home program", "calling about Inês Carvalho. She's got an
    # MRI", "calling about Tomasz Wiśniewski, W-I-S-N-I-E-W-S-K-I. He's in one of your studies"
    rf"\b(calling|call|phoning) (about|for|regarding) (?!my\b|me\b|myself\b|a\b|an\b|the\b)[^\W\d_]+ [^\W\d_'-]+"
    rf"[^?!]{{0,40}}?[.,] (he|she)('?s| is| has| was| needs)\b|"
    # "I need to move her appointment", "she can't do Tuesday, her ride fell through"
    rf"\b(move|moving|reschedule|rescheduling|cancel|cancell?ing|change|changing|push|pushing|confirm|confirming|"
    rf"check on|checking on) (her|his) (appointment|appt|visit|surgery|procedure|follow[- ]?up|consult)\b|"
    rf"\b(her|his) (ride|van|transport|transportation) (fell through|cancell?ed|can'?t)\b|"
    # the caller asking for the patient: "does he need to bring anything?", "can he take his water pill that
    # morning?", "I'll be bringing him" (not the doctor: "does she need to see me before that?")
    rf"\b(does|do|will|would|should|can|could|did) (he|she) ((need|have) to(?! [a-z]+ (me|us|my|our)\b)|bring|"
    rf"fast|take (his|her)|eat|drink|stop taking|keep taking)\b|"
    rf"\bi'?ll (be )?(bring|bringing|drive|driving|take|taking) (him|her)( in| there| to)?[.,!]|"
    # "I'm calling to get the blood test results for Elena Marchetti"
    rf"\b(calling|call|phoning) to (get|check|ask about|find out about|pick up|see about) (the |her |his )?"
    rf"[a-z -]{{1,30}} for (?!me\b|my\b|myself\b|next\b|this\b|tomorrow\b|today\b|the\b|a\b|an\b|it\b|that\b|"
    rf"you\b)[a-z]+ [a-z'-]+\b|"
    # "my mom, she just collapsed", "my son is having trouble breathing"
    rf"\b(my|our) {RELATIONS},? (she|he)\b|\b(my|our) {RELATIONS} (just )?(collapsed|fell|fainted)\b|"
    rf"\b(my|our) {RELATIONS} (is|has|was|has been) (having|not|been|running|throwing|coughing|vomiting|"
    rf"complaining|burning|feeling|really|very|so)\b|"
    rf"\b(calling|phoning|call) (about|regarding) the [a-z -]{{1,25}} for (?!me\b|my\b|next\b|this\b|tomorrow\b|"
    rf"today\b|the\b|a\b|an\b|it\b|that\b)[a-z]+\b"
)
AUTHORIZATION_FOUND = re.compile(
    r"\b(authori[sz]ation|release|consent)( form)?\b[^.?!]{0,20}\b(you'?re|you are) (on it|on there|listed|named)|"
    # "I see you listed as his mother and guardian on his chart"
    rf"\bi (see|have) you (listed |down |on file )?as (his|her|their|the patient'?s) ({RELATIONS[1:-1]}|guardian|"
    r"parent|contact|emergency contact|authorized|caregiver|proxy|power of attorney|poa)\b|"
    # "yes, i see you on the proxy paperwork"
    r"\bi (see|have) you (on|in) (the|her|his|their) (healthcare |health care )?(proxy|release|authorization|consent|"
    r"hipaa|poa|power of attorney)( form| forms| paperwork| papers| file)?\b"
)
AUTH_CHECK = re.compile(
    # the patient on the line asked, through an interpreter: "could you ask the patient if it's okay with her for you
    # to interpret and hear her health information"
    r"\bask (the patient|her|him) if (it'?s|it is) (okay|ok|alright|all right)\b|"
    r"\b(relationship|relation to|how (are )?you('re| are)? related|related to (the patient|him|her|them)|"
    # (not an insurer's "no prior authorization on file")
    r"authori[sz]ed|(?<!prior )(?<!retro )(?<!pre-)(?<!pre)(?<!prior-)authori[sz]ation (form|on file|to (speak|discuss|"
    r"share))|hipaa (release|form|authorization)|"
    r"release form|power of attorney|\bpoa\b|"
    # "are you listed on his account?", not "the balance on the account is 4,280"
    r"\b(you'?re|you are|are you|listed|named|added|authorized|is (she|he)|see you)( [a-z]+){0,2} on "
    r"(the|their|her|his) (file|list|release|account)|"
    # an office checked by its number: "a callback number so I can match it to the referring practice" - "that
    # matches what we have on file for Lakeview"
    r"\bmatch(es|ed)?\b[^.?!]{0,40}\b(on file|referring (practice|office|provider)|(on )?the referral)\b|"
    # "let me know if it's okay for me to talk with Abena about your care"
    r"\b(okay|ok|alright|fine) (for|if) (me|us|i|we) (to )?(talk|speak|discuss|share|go over)\b|"
    # "Is it all right with you if I talk to Declan about your recovery?"
    r"\b(all right|alright|okay|ok|fine) with you if (i|we) (talk|speak|discuss|share|go over)\b|"
    r"listed (as|on)|permission to (speak|discuss|share)|" + AUTHORIZATION_FOUND.pattern + "|"
    # the calling office checked against the referral or the care team: "she's the referring provider on it",
    # "let me make sure you're on his care team"
    r"\b(on|in) (his|her|their|the patient'?s) care team\b|\blisted (for|under)\b|"
    r"\b(is the|'s the|as the) referring (provider|physician|doctor|office|practice) (on|for)\b|"
    r"personal representative|proxy|designated|"
    r"legal guardian|consent on file|(hipaa|hippa|hipa|hip a|keep a|hippo) release|agrees? to have you|"
    r"placement (agreement|papers)|consent letter|"
    # "has she put you down with us as somebody we're allowed to talk to?", "the sharing form he signed"
    # a provider's office checked as a contracted provider; the patient's own consent asked for
    r"\bn\.? ?p\.? ?i\b|contracted provider|rendering (facility|provider)|referring[- ]provider directory|"
    r"\b(okay|ok|alright|comfortable|fine) with (me|us) (discussing|talking (about|over)|"
    r"going over|sharing)\b|"
    # "is she okay with me talking to you?"
    r"\b(okay|ok|alright|comfortable|fine) with (me|us) (talking|speaking) (to|with) (you|him|her|them)\b|"
    r"\b(put|puts|listed|named|added|have|has) you (down )?(with us |on (the|her|his|their) (file|chart|account) )?as "
    r"(someone|somebody|a person|an?|the) ([a-z]+ )?(we|i|that we|who we)('re| are| can| could| may)( be)?( allowed "
    r"to)? ?(talk|speak|go over|discuss|share|give)|\b(we'?re|i'?m|we are|i am) allowed to (talk|speak|share|discuss)"
    r" (to |with )?(you )?about (her|his|their)|(?<!informed )\b(sharing|release|consent|privacy|hipaa|disclosure) "
    r"form\b|"
    rf"\byou'?re (his|her|their|the patient'?s|[a-z]+'s) {RELATIONS}\b|"
    rf"\bare you (his|her|their|the patient'?s|[a-z]+'s) {RELATIONS}\b)"
)
# The agent saying the identifier just given does not match the record ("the birthday in here is different",
# "it's not matching", "I'm not finding anyone by that name"): that identifier is not verified.
VERIFY_FAILED = re.compile(
    r"\b(not|n'?t) (match|matching|matches|lining up|line up)\b|\b(is|it'?s|was) (different|not the same)\b|"
    r"\bdon'?t (have|see|show) (a|any) (match|record|one)\b|\b(can'?t|cannot|couldn'?t|unable to) (verify|find|locate|"
    r"pull up)\b|\bnot (finding|seeing|able to (find|locate|verify))\b|\bno (record|match)\b|"
    # "that's not quite what I've got here"
    r"\bnot (quite |exactly )?what (i'?ve got|i have|we have|we'?ve got|i see|i'?m seeing|is on file|'?s on file)\b"
)
_IDENTIFIER_WORDS = {
    "name": r"\b(name|spell|spelling|spelled)\b",
    "dob": r"\b(birth|birthday|born|dob|date)\b",
    "member_id": r"\b(member|id|card|number)\b",
}
REFUSAL = re.compile(r"\b(i don'?t (know|remember|have)(?! (if|whether|why|how))|i'?d rather not|not sure|"
                     r"can'?t remember|i forget)\b")


class IdentityParams(Params):
    identifiers: list[str] = Field(default_factory=lambda: ["name", "dob"])
    require_explicit_confirmation: bool = Field(
        default=False, description="Verification completes only when the agent confirms (\"I've verified you\", "
                                   "an affirmed read-back), not already with the caller's last answer.")
    third_party_requires_authorization: bool = True
    disclosure_threshold: float = Field(
        default=0.9, ge=0, le=1, description="Probability at which the disclosure phrase model alone calls an agent "
                                             "sentence a disclosure (beside the patterns); 1 turns it off.")
    required_without_disclosure: bool = Field(
        default=False, description="Fail an unverified call even when nothing protected was discussed "
                                   "(otherwise such a call is not applicable).")


def _compiled(identifiers: list[str]) -> dict[str, re.Pattern[str]]:
    return {i: re.compile(REQUEST.get(i, re.escape(i.replace("_", " ")))) for i in identifiers}


def analyze(ctx: Context, identifiers: list[str], disclosure_threshold: float = 0.9) -> dict:
    """Where each identifier was requested and obtained, where verification completed (the caller's last
    identifier answer) and was confirmed, where the first disclosure is, and the third-party checks.
    Shared with other scorers through ``ctx.shared``."""
    key = ("identity", tuple(identifiers), disclosure_threshold)
    if key in ctx.shared:
        return ctx.shared[key]
    t = ctx.transcript
    txt = texts(t)
    spk = [s.speaker for s in t.segments]
    requests = _compiled(identifiers)
    found: dict[str, dict] = {i: {"id": i, "requested": None, "obtained": None, "confirmed": None} for i in identifiers}
    disclosures: list[int] = []
    third_party: int | None = None
    auth_check: int | None = None
    confirmations: list[int] = []
    # the disclosure phrase model finds what the patterns have not seen ("your labs from last visit were all
    # normal, the liver stuff looked great"), where it is sure
    # (a few words, "dr." cut off its name, tell the model nothing)
    agent_sentences = sorted({s for i, text in enumerate(txt) if is_agent(spk[i]) for s in sentences(text)
                              if len(s.split()) >= 4})
    disclosure_p = dict(zip(agent_sentences, cached_proba(load_models()["disclosure"], agent_sentences), strict=True)) \
        if disclosure_threshold < 1 and agent_sentences else {}

    for i, text in enumerate(txt):
        if is_agent(spk[i]):
            _unverify_failed(text, i, found, txt, spk)
            # the agent reading back a date of birth ("that's august 1st 1941?") shows it was given; an agent
            # who says it first ("is your birthday march third, 1994?") discloses it and verifies nothing
            if "dob" in found and found["dob"]["obtained"] is None and _has_birth_date(text):
                if i > 0 and is_caller(spk[i - 1]) and _mentions_date(txt[i - 1]):
                    found["dob"]["obtained"] = i - 1
                # ... or said earlier, before the name was asked: "oh four twelve ninety-one, that's my birthday"
                elif (said := _caller_said_day(txt, spk, i)) is not None:
                    found["dob"]["obtained"] = said
                else:
                    disclosures.append(i)
            # (not the agent saying an identifier did not match: "the birthday I'm showing is different")
            asking = " ".join(x for x in sentences(text) if not VERIFY_FAILED.search(x)) or text
            for ident, pattern in requests.items():
                if pattern.search(asking):
                    slot = found[ident]
                    if slot["requested"] is None:
                        slot["requested"] = i
                    # the answer is the caller's next turn, unless it is a refusal
                    if slot["obtained"] is None:
                        j = next_turn(t, i, "caller")
                        # (a refusal in the answer's first sentence: "it's yolanda. um, i'm not sure, the agency set
                        # it up?" answers the name and then the agent's second question)
                        # (nor a name alone where a name and a birth date were asked: "Renata Villanueva. And
                        # before anything, I have been on hold for forty-two minutes")
                        if (j is not None and not REFUSAL.search((sentences(txt[j]) or [txt[j]])[0])
                                and len(txt[j]) > 1
                                and not (ident == "dob" and "name" in requests and pattern is not requests["name"]
                                         and requests["name"].search(asking) and not _says_a_number(txt[j]))):
                            slot["obtained"] = j
            for sentence in sentences(text):
                if CONFIRM.search(sentence) and not is_question(sentence):
                    confirmations.append(i)
                elif is_question(sentence) and _is_read_back(sentence):
                    # a read-back the caller affirms confirms too
                    j = next_turn(t, i, "caller")
                    if j is not None and AFFIRM_RE.search(txt[j]):
                        confirmations.append(j)
                # (a record found and read out in one breath discloses: "I've got you with Dr. Adeyemi for the
                # follow-up on your colonoscopy biopsies"; what follows the finding is judged on its own)
                after_found = _after_confirmation(sentence)
                if after_found is None:
                    p = disclosure_p.get(sentence, 0.0)
                else:
                    p = cached_proba(load_models()["disclosure"], [after_found])[0] \
                        if after_found and disclosure_p else 0.0
                learned = (p >= disclosure_threshold and not AUTH_CHECK.search(sentence)
                           and not _CALL_LOGISTICS.search(sentence))
                # (the caller's authorization found is no disclosure: "I see the authorization, you're on it")
                said = (DISCLOSURE.search(sentence) or _tells_appointment(sentence) or learned) and not _asks_about(
                    sentence) and not AUTHORIZATION_FOUND.search(sentence) and not _WITHHOLDS.search(sentence)
                caller_before = txt[i - 1] if i > 0 and is_caller(spk[i - 1]) else ""
                if said or _reads_out_address(sentence, caller_before) or _reads_out_phone(sentence, caller_before):
                    disclosures.append(i)
            # the check may come before the caller says whose call it is ("and you're his parent?" - "yes, I'm
            # his mom")
            if auth_check is None and AUTH_CHECK.search(text):
                auth_check = i

        if is_caller(spk[i]):
            if third_party is None and THIRD_PARTY.search(text):
                third_party = i
            for ident, pattern in VOLUNTEER.items():
                if ident in found and found[ident]["obtained"] is None and re.search(pattern, text):
                    found[ident]["obtained"] = i
            # (the patterns need the capitals, so the original text, its marks folded: "I'm Søren Vestergaard-Lund")
            cased = fold_accents(t.segments[i].text)
            if "name" in found and found["name"]["obtained"] is None and (
                    INTRODUCED_NAME.search(cased) or _lowercase_introduction(text) or _RELATIVE_NAMED.search(cased)):
                found["name"]["obtained"] = i
            # A full past date answering the agent is a date of birth, whatever ASR made of the question.
            if ("dob" in found and found["dob"]["obtained"] is None and i > 0 and is_agent(spk[i - 1])
                    and _has_birth_date(text)):
                found["dob"]["obtained"] = i

    if third_party is None:
        third_party = _told_about_someone_else(txt, spk, disclosures)
    came_on = _patient_came_on(txt, spk, third_party) if third_party is not None else None
    if came_on is not None:
        if _CONSENTS.search(txt[came_on]):
            # the patient came on to say the caller may hear it: the caller's authorization, checked
            auth_check = came_on if auth_check is None else min(auth_check, came_on)
        else:
            third_party = None  # the relative who answered handed the phone to the patient, who verified
    obtained_at = [f["obtained"] for f in found.values()]
    verified_at = max(obtained_at) if all(o is not None for o in obtained_at) else None
    if verified_at is None and is_asr(t) and confirmations:
        # On ASR text a request can be misheard beyond recognition ("can I have your name somewhere?" for
        # "date of birth"): when the agent asked for at least two identifiers, had answers, and then said
        # the caller is verified ("I've verified the account"), the missing ones were given too.
        got = [o for o in obtained_at if o is not None]
        asked = [f["requested"] for f in found.values() if f["requested"] is not None]
        first_confirm = min(confirmations)
        if len(got) >= 1 and len(asked) + len(got) >= 2 and max(got) < first_confirm:
            verified_at = first_confirm
    confirmed_at = next((c for c in sorted(confirmations) if verified_at is not None and c >= verified_at), None)
    for f in found.values():
        f["confirmed"] = confirmed_at
    result = {
        "identifiers": list(found.values()),
        "verified_at": verified_at,
        "confirmed_at": confirmed_at,
        "disclosures": sorted(set(disclosures)),
        "third_party": third_party,
        "authorization_checked": auth_check,
    }
    ctx.shared[key] = result
    return result


def _after_confirmation(sentence: str) -> str | None:
    """What a sentence that confirms the caller says after the confirmation ("" when nothing of substance), or
    None when it confirms nothing."""
    m = CONFIRM.search(sentence)
    if m is None:
        return None
    rest = sentence[m.end():]
    return rest if len(rest.split()) >= 6 else ""


# an agent saying what cannot be told tells nothing: "I'm not able to discuss ... whether a referral was received"
_WITHHOLDS = re.compile(r"\b(not able to|unable to|can'?t|cannot|won'?t be able to|not allowed to|not permitted to) "
                        r"(discuss|share|confirm|disclose|release|give out|tell you|go over|talk about|look at|"
                        r"look into|pull up|access|open|go into|get into)\b|"
                        # "I do need your date of birth before I can look at anything in your chart"
                        r"\bbefore (i|we) can (look|pull|open|get into|access|check|go into|see)\b")
# the call itself, not the patient: "the dispatcher is coming on now", "Dr. Lindqvist is on the line now"; and an
# emergency being handled: "the ambulance is on the way", "tell the paramedics he was last normal at six"
_CALL_LOGISTICS = re.compile(r"\b(on the line|coming on|connect(ing)? you|transferr?(ing)? you|put(ting)? you through|"
                             r"dispatcher|operator|ambulance|paramedics?|emts?|"
                             # "Tell 911 she was last normal at twelve thirty."
                             r"(tell|call) (911|nine one one|the er|the emergency room))\b")
_NUMBER_WORD = (r"(\d+|(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|one|two|three|four|five|six|seven|eight|"
                r"nine|ten|eleven|twelve|[a-z]+teen|hundred)([- ][a-z]+)?)")
_STREET_READ = re.compile(rf"\b{_NUMBER_WORD} ((?!(of|for|and|in|at|to|the|a|on)\b)[a-z]+ ){{1,3}}(road|rd|street|st|"
                          r"avenue|ave|lane|ln|drive|dr|court|ct|way|boulevard|blvd|circle|place|terrace|parkway|"
                          r"trail|highway)\b")
_ABOUT_THE_CALLER = re.compile(r"\b(you|your|on file|i have|i see|i show|i'?ve got)\b")
_OUR_PLACE = re.compile(r"\b(we'?re|we are|our|located|come (in|to)|head (to|over)|park|entrance|building|suite)\b")


def _reads_out_address(sentence: str, caller_before: str) -> bool:
    """An agent who reads the address on file out ("I have a Darnell Whitfield at eighty-eight Cedar Hollow Road.
    Is that you?") discloses it, unless the caller has just said it."""
    m = _STREET_READ.search(sentence)
    if not m or not _ABOUT_THE_CALLER.search(sentence) or _OUR_PLACE.search(sentence):
        return False
    street = m.group(0).split()[-2]
    return street not in caller_before


_PHONE_READ = re.compile(r"\b\d{3}[-. ]\d{3}[-. ]\d{4}\b|\b\d{3}[-. ]\d{4}\b")


def _reads_out_phone(sentence: str, caller_before: str) -> bool:
    """An agent who reads the phone number on file out ("I have a phone number of 937-555-0142 on file, is that
    still the best number?") discloses it, unless the caller has just said it."""
    m = _PHONE_READ.search(sentence)
    if not m or not re.search(r"\b(on file|i have|i see|i show|i'?ve got)\b", sentence) or _OUR_PLACE.search(sentence):
        return False
    return re.sub(r"\D", "", m.group(0))[-4:] not in re.sub(r"\D", "", caller_before)


# "this is roy tillotson": a full name as ASR writes it, in lowercase
# a caller naming the relative they call for: "my mother, Farida Haddadi, was supposed to be referred"
_RELATIVE_NAMED = re.compile(rf"\b(?:[Mm]y|[Oo]ur) {RELATIONS}(?:'s name is|,| is)? [A-Z][a-z'\-]+ [A-Z][A-Za-z'\-]+")
_LOWER_INTRODUCTION = re.compile(r"\b(this is|it'?s|i'?m|my name is|name'?s),? ([a-z]+) ([a-z][a-z'-]+)\b|"
                                 # the name said last: "about my uh post op check in, desmond oyelaran"
                                 r"(,)\s+([a-z]+) ([a-z][a-z'-]+)[.!]?\s*$")


def _lowercase_introduction(text: str) -> bool:
    """A caller introducing themselves by a first name the name list knows and a last name that is a name or no
    common English word."""
    from redactors import lexicon

    names = lexicon.load()["names"]
    # (the name said last by someone calling for another is the patient's: "i'm a home aide for one of your
    # patients, beatrice haverford")
    return any((m.group(2) or m.group(5)) in names
               and ((last := m.group(3) or m.group(6)) in names or lexicon.zipf(last) < 3.0)
               and not (m.group(4) and THIRD_PARTY.search(text))
               for m in _LOWER_INTRODUCTION.finditer(text))


# "Would he be able to come to the phone?" - "Hold on. Tom! ... Yeah, hello, this is Tom."
_ASKS_FOR_PATIENT = re.compile(r"\b(come to the phone|(speak|talk) (with|to) (him|her)|put (him|her) on|"
                               r"is (he|she) (available|around|there|able))\b")
_HANDS_OVER = re.compile(r"\b(hold on|hang on|one (sec|second|moment|minute)|let me get (him|her)|"
                         r"here'?s (he|she|him|her)|i'?ll (get|put) (him|her))\b")
_SELF_INTRO = re.compile(r"\bthis is (?!(his|her|their|my|the|a|an|just|not|okay|fine|about|for|it|what|how|so)\b)"
                         r"[a-z]+\b|\b(this is|i'?m|it'?s) (him|her|he|she)\b|\b[a-z]+ speaking\b")


# "Is this the Fitch residence?" - "Yeah, this is Doug." - "I'm calling to follow up on Eleanor's discharge": the
# agent tells the person on the line about somebody else
_ABOUT_SOMEONE_ELSE = re.compile(
    r"\b(?!(?:dr|doctor|mr|mrs|ms)\b)[a-z]+'s (discharge|surgery|antibiotic|results?|appointment|procedure|"
    r"medications?|biopsy|visit|follow[- ]?up|labs?|prescription|admission|stay)\b|"
    r"\bmake sure (she|he) (got|gets|has|knows|is taking)\b"
)


def _told_about_someone_else(txt: list[str], spk: list[str], disclosures: list[int]) -> int | None:
    """The first caller turn, when the agent's first disclosure speaks of the patient as someone else."""
    if not disclosures:
        return None
    first = disclosures[0]
    callers = [j for j in range(first) if is_caller(spk[j])]
    if callers and _ABOUT_SOMEONE_ELSE.search(txt[first]):
        return callers[0]
    return None


def _patient_came_on(txt: list[str], spk: list[str], third_party: int) -> int | None:
    """The turn where someone else came on the line after the third party, asked for or handed the phone."""
    for j in range(third_party, len(txt)):
        if not is_caller(spk[j]):
            continue
        asked = j > 0 and is_agent(spk[j - 1]) and _ASKS_FOR_PATIENT.search(txt[j - 1])
        handed = _HANDS_OVER.search(txt[j])
        if (asked or handed) and _SELF_INTRO.search(txt[j][handed.end():] if handed else txt[j]):
            return j
    return None


# the patient, on the line, letting the caller hear it: "It's fine, Paul can talk to you about all of it"
_CONSENTS = re.compile(r"\b(can|may) (talk|speak) (to|with) (you|him|her|them)\b|\b(it'?s|that'?s) (fine|okay|ok)\b|"
                       r"\bcan know (everything|all of it)\b|\byou have my permission\b|\bgo ahead and (talk|speak)\b")


def _unverify_failed(text: str, i: int, found: dict[str, dict], txt: list[str], spk: list[str]) -> None:
    """An identifier the agent says did not match is not obtained: the caller must give it again (and the
    agent accept it). Which one: the one the sentence names, else those the caller gave last. A birth date the
    agent reads from the record that differs from the caller's ("I've got April 12th here") did not match."""
    dob_at = found.get("dob", {}).get("obtained")
    # (the agent's answer to the date of birth, or a sentence about it: not "I have you down for March 3rd")
    answering = dob_at is not None and not any(is_agent(s) for s in spk[dob_at + 1 : i])
    if dob_at is not None and dob_at < i:
        for sentence in sentences(text):
            if is_question(sentence) or not _ON_RECORD.search(sentence) or _CLOCK.search(sentence) or not (
                    answering or re.search(r"\b(birth|born|birthday|dob)\b", sentence)) or _EVENT.search(sentence):
                continue
            said, on_record = _month_days(txt[dob_at]), _month_days(sentence)
            if said and on_record and not said & on_record:
                found["dob"]["obtained"] = None
    # the identifier the agent asks for again in the same turn is the one that failed: "I'm not finding a Siobhan
    # Holloran with that birthday... could you spell the last name for me?"
    asked_again = [k for k in found for q in sentences(text) if is_question(q)
                   and re.search(_IDENTIFIER_WORDS.get(k, re.escape(k.replace("_", " "))), q)]
    for sentence in sentences(text):
        # (not an authorization that is not on file: "I'm not seeing you on her release form")
        if not VERIFY_FAILED.search(sentence) or re.search(
                r"\b(if|whether|unless|in case|release|authori[sz]ation|permission|consent|form|listed)\b", sentence):
            continue
        given = {k: f["obtained"] for k, f in found.items() if f["obtained"] is not None and f["obtained"] < i}
        if not given:
            continue
        named = [k for k in given if k in asked_again] or [
            k for k in given if re.search(_IDENTIFIER_WORDS.get(k, re.escape(k.replace("_", " "))), sentence)]
        # a date said in the sentence names the birth date: "hmm, i'm not finding a match with june fourth"
        if not named and "dob" in given and _month_days(sentence):
            named = ["dob"]
        if not named:
            if not re.search(r"\b(you|your|her|him|them|that|record|chart|file|account|anyone|anybody|match|"
                             r"matching)\b", sentence):
                continue  # "I'm not seeing any openings Tuesday" is about something else
            latest = max(given.values())
            named = [k for k, o in given.items() if o == latest]
            # one thing not found ("I'm not finding that one. Could you read it to me once more?") after a name
            # and a number: the number, which the lookup is by
            if len(named) > 1 and re.search(r"\b(that one|that number|that id)\b", sentence):
                named = [k for k in named if k != "name"] or named
        # asked to say it again ("Could you read it to me once more?"): the caller's next turn gives it again
        again = next((j for j in range(i + 1, len(txt)) if is_caller(spk[j])), None) if any(
            is_question(q) and re.search(r"\b(again|once more|one more time|repeat|re-?read|double-?check)\b", q)
            for q in sentences(text)) else None
        for k in named:
            found[k]["obtained"] = again


# a date of the patient's care, not of their birth: "i see you went home on september 17th"
_EVENT = re.compile(r"\b(went home|discharged|admitted|appointment|visit|surgery|scheduled|booked|seen|stay|procedure|"
                    r"filled|ordered|came in)\b")
_ON_RECORD = re.compile(r"\b(here|on file|in the system|in (my|our|the) (system|records?|chart)|i have|i'?ve got|"
                        r"we have|it says|it shows|shows|i'?m showing)\b")


def _month_days(text: str) -> set[tuple[int, int]]:
    from redactors.spoken import find_spoken_dates, normalize_spoken, parse_spoken_date

    spoken = normalize_spoken(text)
    out = set()
    for start, end, d in find_spoken_dates(spoken, loose=True):
        if d is None:  # "april 12th": the day of the year, with any year
            d = parse_spoken_date(f"{spoken.text[start:end]} 2000")
        if d is not None:
            out.add((d.month, d.day))
    return out


def _caller_said_day(txt: list[str], spk: list[str], i: int) -> int | None:
    """The last caller turn before ``i`` that said the month and day the agent's turn ``i`` says."""
    days = _month_days(txt[i])
    return next((k for k in range(i - 1, -1, -1) if is_caller(spk[k]) and days & _month_days(txt[k])), None) \
        if days else None


def _checked_first(text: str) -> bool:
    """In one agent turn, the authorization check comes before the disclosure ("you're listed as his mother on his
    chart. I see he was in Tuesday ...")."""
    check, told = AUTH_CHECK.search(text), DISCLOSURE.search(text)
    return check is not None and (told is None or check.start() < told.start())


def _has_birth_date(text: str, loose: bool = False) -> bool:
    from redactors.spoken import find_spoken_dates, normalize_spoken

    this_year = dt.date.today().year
    return any(d is not None and 1900 < d.year < this_year
               for _, _, d in find_spoken_dates(normalize_spoken(text), loose=loose))


# "I have you on the 14th at 9:30 with Dr. Castillo": the caller's own appointment told back, in any words
_YOU = re.compile(r"\b(you|you'?re|your|she'?s|he'?s|her|his)\b")
_OFFER = re.compile(r"\b(get you in|fit you in|has|have an?|available|opening|openings|slot|slots|how about|would|"
                    r"could|can i|can we|works?|prefer|instead|next available|what about|or)\b")
_CLOCK = re.compile(r"\b(\d{1,2}(:\d{2})?\s*(a\.?m|p\.?m)\b|\d{1,2}:\d{2}|at (one|two|three|four|five|six|seven|"
                    r"eight|nine|ten|eleven|twelve|noon)\b)")


def _tells_appointment(sentence: str) -> bool:
    if not (_YOU.search(sentence) and _CLOCK.search(sentence)) or _OFFER.search(sentence):
        return False
    from redactors.spoken import find_spoken_dates, normalize_spoken

    return bool(find_spoken_dates(normalize_spoken(sentence))) or bool(
        re.search(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", sentence)
    )


_NUMBER_SAID = re.compile(rf"\d|\b{_NUMBER_WORD}\b|\b(thousand|first|second|third|[a-z]+teenth|[a-z]+tieth|fifth|sixth|"
                          r"seventh|eighth|ninth|tenth|eleventh|twelfth)\b")


def _says_a_number(text: str) -> bool:
    """A number said, in digits or words, that is no count of something: a birth date however it is put ("the
    fourteenth of the second, seventy-nine"), not "on hold for forty-two minutes" or "the third time"."""
    counted = re.sub(r"\b[a-z0-9]+(-[a-z]+)? (minutes?|hours?|days?|weeks?|months?|years?|times?|dollars?|bucks|"
                     r"percent|calls?)\b", " ", text)
    return bool(_NUMBER_SAID.search(counted)) or _mentions_date(text)


def _mentions_date(text: str) -> bool:
    """Any date, even partial ("the fourth of the eleventh, eighty-eight. November fourth, sorry")."""
    from redactors.spoken import find_spoken_dates, normalize_spoken

    return bool(find_spoken_dates(normalize_spoken(text), loose=True))


def _is_read_back(text: str) -> bool:
    return bool(re.search(r"\d|\b(january|february|march|april|may|june|july|august|september|october|"
                          r"november|december|so that'?s|i have|just to confirm|confirm)\b", text))


def _asks_about(text: str) -> bool:
    """A question about the caller's information ("what's your insurance plan?") discloses nothing."""
    return bool(re.search(r"\b(what|which|who|do you|can you|could you|would you|is it|are you|did you)\b[^.!]*"
                          r"\?\s*$", text)) or bool(_BEFORE_I_CAN.search(text))


# "Before I can talk about his medications I need to check you're on his release form": a condition, not a disclosure
_BEFORE_I_CAN = re.compile(r"^\W*(okay,? |so,? |thanks,? [a-z]+\. )?before (i|we) (can |could )?(talk about|discuss|"
                           r"share|go over|get into|look at|look into|pull up|open|tell you about)\b")


@register("identity_verification", IdentityParams)
def score(spec, ctx: Context) -> CriterionResult:
    params = IdentityParams.model_validate(spec.params)
    identifiers = params.identifiers
    if ctx.org is not None and ctx.org.verification_identifiers:
        identifiers = list(ctx.org.verification_identifiers)
    a = analyze(ctx, identifiers, params.disclosure_threshold)
    verified_at, confirmed_at = a["verified_at"], a["confirmed_at"]
    third = a["third_party"]
    auth = a["authorization_checked"]
    first_disclosure = a["disclosures"][0] if a["disclosures"] else None
    # Verification completes with the caller's last identifier answer; the agent's confirmation is
    # required only when the rubric says so.
    cleared_at = verified_at
    if params.require_explicit_confirmation:
        cleared_at = confirmed_at
    early = first_disclosure is not None and (cleared_at is None or first_disclosure <= cleared_at)
    verified = cleared_at is not None
    # A caller speaking for the patient: their relationship or authorization is checked before any PHI.
    authorization_needed = params.third_party_requires_authorization and third is not None
    # (nothing disclosed to them, nothing to authorize: a caregiver reporting an emergency is not a failure)
    authorization_ok = not authorization_needed or first_disclosure is None or (
        auth is not None and (auth < first_disclosure or (auth == first_disclosure and _checked_first(
            norm(ctx.transcript.segments[auth].text)))))
    unauthorized_disclosure = authorization_needed and first_disclosure is not None and not authorization_ok
    passed: bool | None = verified and not early and authorization_ok
    if first_disclosure is None and not verified and not params.required_without_disclosure:
        passed = None  # nothing protected was discussed, so there was nothing to verify for

    evidence_idx: list[int] = []
    for f in a["identifiers"]:
        evidence_idx += [i for i in (f["requested"], f["obtained"]) if i is not None]
    evidence_idx += [i for i in (confirmed_at, third, auth, first_disclosure) if i is not None]

    confidence = 0.9 if confirmed_at is not None or not verified else 0.8
    if early and cleared_at is not None and abs(cleared_at - first_disclosure) <= 1:
        confidence = 0.65  # disclosure and verification in neighbouring turns: worth a human look
    return CriterionResult(
        id=spec.id,
        kind=spec.kind,
        score=0.0 if passed is False else spec.weight,
        max=spec.weight,
        passed=passed,
        confidence=confidence,
        evidence=[ctx.evidence(i) for i in sorted(set(evidence_idx))],
        auto_fail=bool(spec.auto_fail and (early or unauthorized_disclosure)),
        details={
            "verified_before_phi": verified and not early,
            "verified": verified,
            "identifiers": [
                {"id": f["id"], "requested_segment": f["requested"], "obtained_segment": f["obtained"],
                 "confirmed_segment": f["confirmed"]} for f in a["identifiers"]
            ],
            "missing_identifiers": [f["id"] for f in a["identifiers"] if f["obtained"] is None],
            "verified_segment": verified_at,
            "confirmation_segment": confirmed_at,
            "first_disclosure_segment": first_disclosure,
            "disclosure_before_verification": early,
            "third_party": third is not None,
            "authorization_checked": (auth is not None) if third is not None else None,
            # (in time: before anything was disclosed to them)
            "authorization_checked_before_disclosure": (auth is not None and authorization_ok)
            if third is not None else None,
            "disclosure_before_authorization": unauthorized_disclosure,
        },
    )
