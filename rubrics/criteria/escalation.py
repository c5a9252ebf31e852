"""escalation: a red-flag symptom must be escalated at once (911, nurse line, warm transfer).

A red flag is a current symptom said by the caller ("my chest hurts", "she can't breathe"; the categories
telephone-triage protocols send to 911 or the ED, in callers' words, some as two findings in one turn such as
fever with confusion), or a "yes" to the agent's screening question about one. Denials ("no chest pain")
and history ("I had a stroke in 2019") are not red flags. A missed escalation is an auto-fail and the
highest-priority review flag.
"""

from __future__ import annotations

import re

from pydantic import Field

from models.interchange import CriterionResult
from rubrics.criteria import Context, Params, register
from rubrics.criteria.common import AFFIRM_RE, is_agent, is_caller, is_question, next_turn, sentences, texts

# Red flags by the categories telephone-triage protocols send to 911 or the emergency department, each in the
# words callers use for it ("an elephant sitting on my chest", "her words are coming out jumbled", "my throat's
# getting tight", "it looks like coffee grounds", "everyone would be better off without me").
RED_FLAGS: dict[str, str] = {
    # about to faint with a racing heart: "my heart is racing and I feel like I'm going to pass out"
    "syncope": r"\b(feel|feels|felt|feeling) like (i'?m|he'?s|she'?s|i am) (going to|gonna|about to) (pass out|faint|"
               r"black out)\b|\b(passed out|fainted|collapsed) and (isn'?t|is not|won'?t|not) (answering|responding|"
               r"waking)|\bheart (is |'s )?(racing|pounding)[a-z ,']{0,40}\b(pass out|faint|dizzy|chest)",
    "chest_pain": r"\bchest (pain|pains|pressure|tightness|hurts|hurting)|\bchest ?(feels|is|was|has been|keeps|got|"
                  r"went|gets|'s been|'s) "
                  # "my chest's been real heavy since I woke up"
                  r"(really |so |very |kind of |all |real |pretty |super |kinda )?(tight|heavy|painful|hurting|sore|"
                  r"crushing|squeezing)|"
                  r"\b(pain|pressure|tightness|squeezing|heaviness)( [a-z]+)? in (my|his|her|the) chest|"
                  r"\bheart attack\b|"
                  r"\bpain (going |spreading |radiating )?(down|into) (my|his|her) (left )?arm|"
                  r"\b(elephant|weight|someone|somebody|something|a ton of bricks)('s| is)? (sitting|standing|pressing|"
                  r"pushing) "
                  r"(on|down on) (my|his|her) chest|"
                  # "like somebody parked something on my chest"
                  r"\blike (somebody|someone|something|an elephant|a truck)('s)?[a-z ]{0,25} on (my|his|her) chest|"
                  # "it's more like a pressure. Like somebody's sitting on me."
                  r"\blike (somebody|someone|something|an elephant|a truck)('s| is)? (sitting|standing|pressing|"
                  r"pushing|parked) on (me|him|her|top of (me|him|her))\b|"
                  r"\bchest('s| is| feels)? (killing|crushing|squeezing|caving)|"
                  r"\b(crushing|squeezing|stabbing|tearing|pressing) (pain|feeling|sensation|pressure) (in|on|across) "
                  r"(my|his|her|the) chest|\b(pressure|tightness|weight|heaviness) (on|across) (my|his|her) chest|"
                  r"\bpain (in|going (up )?into) (my|his|her) (jaw|neck) and (my |his |her )?(left )?(arm|chest)|"
                  # "this heavy feeling in my chest ... going up into my jaw", "like a belt tightened around it"
                  r"\b(heavy|heaviness|tight|tightness|pressure|pressing|crushing|squeezing|burning) (feeling |"
                  r"sensation |pressure |ache |pain )?(in|on|across|around) (my|his|her|the) chest|"
                  r"\bchest (feels|is|felt) like (a|an|someone|somebody|something|there'?s)\b|"
                  r"\bchest\b[a-z ,']{0,60}\b(into|up to|down) (my|his|her) (jaw|left arm|arm|neck)|"
                  r"\b(belt|band|vise|vice|strap) (is |was )?(tightened|tightening|tight|squeezing|wrapped) around "
                  r"(my|his|her) chest|"
                  # "a pressure, right in the middle of my chest"
                  r"\b(pressure|tightness|heaviness|pain|squeezing|ache)\b[a-z ,']{0,20}\b(middle|center|centre) of "
                  r"(my|his|her|the) chest",
    "breathing": r"\b(can'?t|cannot|couldn'?t|can barely|can hardly|could barely|could hardly|struggling to|"
                 r"hard to|trouble|difficulty|having a hard time)( really| even| quite)? ?"
                 r"(breathe|breathing|catch (my|his|her) breath)|"
                 r"\bshort(ness)? of breath|"
                 r"\b(not|isn'?t|stopped) breathing|\bgasping|\blips (are|look|turning) (blue|purple)|"
                 r"\bchoking\b|\bwheezing (badly|a lot)|"
                 # "I have to stop and breathe between words"
                 r"\b(stop|pause) (and|to) (breathe|catch (my|his|her) breath) between (words|sentences)\b|"
                 # "she can't get a whole sentence out without stopping", "she couldn't lie down, slept sitting up"
                 r"\b(can'?t|cannot|couldn'?t) (get|finish|say) (a|one) (whole |full )?sentence\b|"
                 r"\b(slept|sleeping|sleeps|has to sleep|had to sleep) sitting up\b|"
                 # "I couldn't get my wind lying down last night, ended up sleeping in the recliner"
                 r"\b(can'?t|cannot|couldn'?t) (get|catch) (my|his|her|their) wind\b|"
                 r"\b(slept|sleeping|sleeps|has to sleep|had to sleep|ended up sleeping) in (the|a|my|his|her) "
                 r"(recliner|chair)\b[a-z ,']{0,40}\b(breath|wind|breathe|lie down|lying down)|"
                 r"\b(breath|wind|breathe|lie down|lying down)\b[a-z ,']{0,60}\b(slept|sleeping|sleeps|sleep) in "
                 r"(the|a|my|his|her) (recliner|chair)\b|"
                 # ASR drops the "'t" of "can't catch her breath"; nobody reports being able to
                 r"\bcan catch (my|his|her|their) breath\b|"
                 r"\b(can'?t|cannot|couldn'?t) get (enough |any |a (full |deep )?)?(air|breath)|"
                 r"\bstruggling for (air|breath)|"
                 # a child working to breathe: "the skin under his ribs sucks in", "a little grunt at the end of every
                 # breath", "panting like a puppy"
                 r"\b(skin|chest|belly|ribs)\b[a-z ,']{0,30}\b(sucks?|sucking|pulls?|pulling|caves?|caving) in\b|"
                 r"\bgrunt(ing|s)?\b[a-z ,']{0,20}\b(every|each) breath|\bpanting like\b|"
                 r"\b(lips|face|fingers|fingernails|skin)('s|'re)? ((is|are|look|looks|looked|looking|turning|"
                 r"went|going|gone),? )+"
                 r"(blue|bluish|gr[ae]y|gr[ae]yish|purple|purplish|dusky)|"
                 r"\bfeels? like (i'?m|he'?s|she'?s) (suffocating|drowning)|"
                 r"\bout of breath (just )?(talking|sitting|lying|resting)|\bribs (are )?(sucking|pulling) in|"
                 r"\bbreathing (is )?(so |really |very )?(labou?red|rapid|really fast|very fast)|"
                 r"\bwinded (just )?(talking|sitting|lying)|"
                 # "I got really winded just walking to the bathroom", "it hurts when I take a deep breath"
                 r"\b(winded|out of breath) just (walking|getting up|going (to|up|down)|standing)|"
                 r"\b(hurts|pain|painful|stabbing|sharp|catch|twinge|stitch|pinch)[a-z ,']{0,30} when (i|he|she) "
                 r"(take a (deep |big )?breath|breathe( in)?|inhale)\b|"
                 r"\b(can'?t|cannot) (finish|get through) (a )?sentences?",
    "stroke": r"\b(face|mouth|smile) (is |was |looks |feels |started |went )?(drooping|droopy|numb|crooked)|"
              r"\bslurr(ed|ing) (speech|words|his words|her words|my words)|\bspeech is slurred|"
              r"\b(can'?t|cannot) (move|feel|lift) (my|his|her) (left |right )?(arm|leg|side|hand|face)"
              # "i can't lift my arm above my shoulder" is a shoulder, not a stroke
              r"(?! (above|over|past|all the way|higher))|"
              r"\b(numb|numbness|weak|weakness) (on|in) (one|the left|the right|my left|my right|his left|his right|"
              r"her left|her right) side|\bsudden (confusion|weakness|numbness|severe headache|vision loss)|"
              r"\bstroke\b|"
              # FAST in other words: "one side of her face is sagging", "his words come out jumbled"
              r"\b(one side|half|side) of (my|his|her) (face|mouth) (is |looks |feels |went |has gone |started )?"
              r"(drooping|droopy|sagging|numb|crooked|frozen|dead|slack|paralyzed|lopsided|not moving|hanging( down)?)|"
              # "the left side of my mouth's been hanging since about an hour ago"
              r"\b(side|corner) of (my|his|her) (face|mouth)('s| has) been (drooping|droopy|sagging|numb|crooked|"
              r"hanging|slack|lopsided)|"
              r"\b(face|mouth|smile)('s| is| looks| looked| went| feels| was| seemed)? (lopsided|sagging|uneven|slack|"
              r"crooked|droopy|"
              r"drooping)|\b(arm|leg|hand|side) (just )?(went|is|has gone|going|gone) (completely |all )?limp|"
              r"\b(she|he)('s| is) not making (any )?sense|\b(she|he) (isn'?t|is not|wasn'?t) making (any )?sense|"
              r"\b(words|speech) (are |is |keep |keeps |started |start |have been |has been |were |was )?(coming out|"
              r"come out|came out|sounding|"
              r"sounds) (all )?(wrong|jumbled|garbled|scrambled|mixed up|weird|funny|strange|slurred|mushy|thick)|"
              r"\b(words|speech) (are |is )?(all )?(jumbled|garbled|scrambled|gibberish)|"
              r"\b(can'?t|cannot|couldn'?t) (get (my|his|her) words out|find (my|his|her) words|"
              r"(raise|lift|hold up) (one|either|both) (arm|arms|hand))|\btalking (gibberish|nonsense)|"
              r"\b(can'?t|cannot|couldn'?t) feel (the )?(left|right|one) side of (my|his|her) (face|body|mouth)|"
              r"\b(words|speech)('s| have been| has been| were| was| feel| feels| are| is| sound| sounds) "
              r"(slow|slurred|slurry|thick|funny|wrong|mushy|garbled|jumbled)\b|"
              r"\b(arm|leg|hand) (just )?(went|is|feels|has gone) (completely |all )?(numb|dead|limp|weak|heavy)"
              r" (all of a sudden|suddenly|out of nowhere)|\bsuddenly (can'?t|couldn'?t) (talk|speak|walk|move)|"
              # "my face feels heavy, like it's drooping when I smile", "I sound like I've had a couple drinks"
              r"\b(face|mouth|smile)\b[^.?!]{0,30}\blike (it'?s|it is) (drooping|sagging|droopy)|"
              r"\bdrooping when (i|he|she) (smile|smiles|talk|talks)|\bsound(s|ing)? (like )?((i|he|she)'?(ve|s) "
              r"(had|been) (a (couple|few) (of )?)?drinks?|drunk)\b|"
              # "his coffee keeps dribbling out one side of his mouth", "the right one's drifting down"
              r"\b(dribbl\w*|drool\w*|leak\w*|spill\w*)\b[a-z ,']{0,20}\b(one side|the side|the corner) of "
              r"(my|his|her) mouth|\b(arm|(right|left) one)('s| is)? (drifting|drifts|drifted)\b|"
              r"\bwhen (he|she|i) (talks|speaks|talk|speak),? (it'?s|it is|it comes out) (kind of |kinda |all |a bit |"
              r"sort of )?(mushy|slurred|garbled|thick|jumbled)",
    "headache": r"\b(worst|worse than any) (headache|head pain|pain in my head)|\bthunderclap|"
                r"\b(sudden|suddenly|out of nowhere|all of a sudden)[a-z ,]{0,25}(severe|splitting|excruciating|"
                r"explosive|terrible|horrible|blinding|massive) (headache|pain in (my|his|her) head)|"
                r"\b(headache|head) (came on|hit|exploded) (me )?(like a|all of a sudden|out of nowhere|suddenly)|"
                r"\bhead (feels like it'?s|is) (exploding|going to explode|about to explode|splitting open)|"
                # "out of nowhere my head just went bang"
                r"\bhead (just )?(went|exploded|popped) (bang|boom|pop)\b|"
                # "like somebody hit me in the back of the head with a bat"
                r"\blike (a|someone|somebody|something) (hit|hitting|smacked|whacked|struck) me (in|on|across) the "
                r"(back of (the|my) )?head\b",
    "vision_loss": r"\b(can'?t|cannot|couldn'?t) see (anything )?(out of|from|with) (my|his|her|one|the) "
                   r"((left|right) )?eye|\b(lost|losing|lose) (the |all )?(vision|sight|eyesight) (in|of|out of)|"
                   r"\b(went|gone|going|suddenly) blind|"
                   r"\bcurtain\b[a-z ]{0,30}\b(over|across)\b[a-z ]{0,25}\b(eye|vision|sight)\b|"
                   r"\bcurtain (coming |came |come |falling |fell )?"
                   r"(down )?(over|across) (it|my|his|her) ?(eye|vision)?|"
                   # "the vision in my right eye just went"
                   r"\bvision in (my|his|her) ((left|right) )?eye (just )?(went|is gone|disappeared|went black|"
                   r"went dark)|"
                   r"\b(vision|eye|sight) (just )?(went|has gone|"
                   r"suddenly went) (black|dark|dim|out)|\bsudden(ly)? (vision loss|loss of vision|blindness|"
                   r"double vision)|\bsuddenly seeing double",
    "suicidal": r"\b(kill|hurt|harm)(ing)? (myself|himself|herself|yourself)|\bsuicid|"
                r"\bgiving (away )?(my|his|her) (things|stuff|belongings|possessions|guitar|books)( away)?\b|"
                r"\bend(ing)? (my|his|her|their|your) life|"
                r"\bend(ing)? it all|\b(don'?t|do not|doesn'?t)( really)? want to (live|be alive|be here anymore|"
                r"wake up)|\bbetter off dead|"
                r"\bno reason to live|\bself[- ]harm|\b(go to )?sleep and (not|never) wake up|"
                # passive ideation: "they'd be better off without me", "no point anymore", "wish i wouldn't wake up"
                r"\bbetter off (without (me|him|her)|if (i|he|she) (just )?(was|were|wasn'?t|weren'?t) "
                r"(here|around|gone|dead))|"
                r"\b(don'?t|do not|doesn'?t|can'?t|cannot)( really| even)? see (the|a|any) point( in| of| to)? "
                r"(anything|living|life|going on|being here|it all|any of it|anymore)|"
                r"\b(there'?s|there is|i see) no point (in |to )?(living|going on|anything|anymore|being here|it all|"
                r"any of it|life)|\bwhat'?s the point (of|in) (living|going on|anything|being here|any of it|it all)|"
                r"\bwish (i|he|she) (wouldn'?t|would not|won'?t|didn'?t|would never|could just not|could not) wake up|"
                r"\bwish (i|he|she) (was|were) (dead|gone|never born)|\bwish (i|he|she) (could )?(just )?"
                r"(disappear|die|not exist|stop existing)|\b(want|wants|wanted) to die\b|"
                r"\bnothing (left )?to live for|\btired of (living|being alive)|\b(can'?t|cannot) go on (living|"
                r"anymore)|\bburden to everyone|\btake (my|his|her) own life|"
                r"\bthoughts? (of|about) (dying|death|not being here)|"
                # "it'd be easier if I just wasn't around anymore", "thinking about taking all of them"
                r"\b(easier|better) if (i|he|she) (just )?(wasn'?t|weren'?t|was not|were not) (around|here|alive)|"
                # "ive been thinking itd be easier to not wake up at all"
                r"\b(easier|better) to (just )?not (wake up|be here|be around|exist|be alive)\b|"
                r"\b(easier|better|better off) if (i|he|she) (just )?(didn'?t|did not|never|wouldn'?t) wake up\b|"
                # "I looked up how many of my mom's pills it would take"
                r"\b(looked|look|looking) up how many\b[a-z' ]{0,30}\b(pills|tablets|meds)\b|"
                r"\b(thinking|thought|think) (about|of) (taking|swallowing) (all|the whole|every)\b|"
                # "sometimes I think about just not waking up", "everyone would be fine without me"
                r"\b(think|thinking|thought) about (just )?not (waking up|being here|being around|existing)|"
                r"\b(everyone|everybody|they|people|my family|my kids)('d| would) (all )?be (fine|better|okay|ok|"
                r"happier|better off) without me",
    "bleeding": r"\b(it'?s|blood'?s|blood is|is) (spurting|gushing|pouring)\b|\bspurting\b|\bsoaking through\b|"
                r"\b(won'?t|can'?t|doesn'?t|isn'?t going to|will not) stop bleeding|\bbleeding (won'?t|will not|"
                r"doesn'?t) stop|\b(bleeding|bleed) (heavily|a lot|badly|profusely|everywhere|through)|"
                r"\b(severe|heavy|uncontrolled|a lot of) bleeding|\b(coughing|throwing|vomiting) (up )?blood|"
                r"\bsoaked (through|with blood)|"
                # "i can't get the bleeding to stop", "the bleeding hasn't stopped", "it keeps bleeding"
                r"\b(can'?t|cannot|couldn'?t|unable to) (get|make) (the|this|my|his|her|their) bleeding (to )?stop|"
                r"\bbleeding (hasn'?t|has not|didn'?t|did not|never|still hasn'?t|won'?t) (stopp?(ed)?|quit)|"
                r"\b(keeps|kept|won'?t quit|hasn'?t stopped|has not stopped) bleeding|"
                # "bleeding" as Whisper hears it on the phone ("the incision is leaving a lot and it won't stop")
                r"\b(leaving|bleating|pleading|bleeting) (a lot|heavily|badly|everywhere)\b(?! of)|"
                r"\bblood (is )?(everywhere|all over|gushing|spurting|pouring|squirting|won'?t stop)|"
                r"\b(gushing|spurting|pouring|squirting) blood|\bsoaked (through )?(a |the |two |three |several )?"
                r"(towels?|bandages?|gauze|pads?|dressings?)",
    "gi_bleeding": r"\bcoffee[- ]?grounds?|\b(vomit|vomited|vomiting|throwing up|threw up|throw up|puking|puked|"
                   r"spitting up|spit up) (up )?(some |a lot of |bright red )?(blood|bloody|red stuff)|"
                   r"\b(black|tarry|black tarry|black and tarry|maroon) (stool|stools|poop|poops|bowel movements?)|"
                   r"\b(stool|stools|poop|poops|bowel movements?) (is |are |was |were |looks? |look like |looks like )"
                   r"?(has been |have been |is been )?(all )?(black|tarry|like tar|maroon)|"
                   r"\b(pooping|passing|pooped) (a lot of |lots of )?blood|"
                   r"\b(a lot of|lots of|so much) blood in (the|my|his|her) (stool|toilet|poop|diaper|vomit)|"
                   r"\bblood in (my|his|her|the) (vomit|throw up)",
    "consciousness": r"\b(passed out|fainted|unconscious|unresponsive|not responding|won'?t wake up|"
                     r"collapsed|blacked out)\b|"
                     r"\b(can'?t|cannot|couldn'?t) (wake|rouse) (him|her|them|the baby)|"
                     r"\b(isn'?t|is not|wasn'?t) waking up|\bwent limp\b|\blost consciousness|"
                     # a child gone floppy: "he's just, he's gone all floppy, he won't really look at me"
                     r"\b(he'?s|she'?s|baby'?s|he is|she is|is) (gone |going |gone all |all |really |very |so )*"
                     r"floppy\b|"
                     r"\b(keeled|fell) over and (isn'?t|won'?t|didn'?t|not)|\bout cold\b|\bpassing out\b|"
                     # "I have to shake him two, three times before he answers me"
                     r"\b(have|had|need) to (shake|nudge|yell at) (him|her|them)[a-z0-9 ,']{0,30}\b(before|to get|"
                     r"until) (he|she|they) (answers?|responds?|wakes?|opens?)|\b(so |really |very )?(hard|difficult) "
                     r"to (wake|rouse)\b|\bbarely (wakes?|waking|responds?|responding)\b",
    # a thunderclap headache: "a headache that came on like somebody hit me with a bat"
    "thunderclap_headache": r"\bheadache\b[a-z ,']{0,40}\b(like (somebody|someone|something) (hit|smacked|whacked) me|"
                            r"thunderclap|came (on|out of) (all at once|suddenly|out of nowhere|nowhere|in seconds))|"
                            # "it was like somebody swung a bat at the back of my head, out of nowhere"
                            r"\blike (somebody|someone|something) (swung|hit|smacked|whacked|cracked|slammed|struck|"
                            r"clubbed)\b[a-z ,']{0,40}\b(head|skull)\b|"
                            # "it just, bam, hit all at once at the back of my head ... I get headaches but nothing
                            # like this"
                            r"\b(hit|came on|started|struck)\b[a-z ,']{0,20}\b(all at once|out of nowhere|like a "
                            r"thunderclap)\b[a-z ,']{0,30}\b(head|skull)\b|"
                            r"\bheadaches?\b[a-z ,']{0,30}\b(but )?(nothing|never (had )?(one|anything)) like "
                            r"(this|it)\b",
    # (not the drug: "the seizure medicine", "her seizure meds")
    "seizure": r"\b(seizure|seizing|convuls)(?!\w*,? (medicine|medication|meds|pills?|drugs?|prescription|"
               r"precautions|disorder|clinic|doctor|specialist)\b)|"
               r"\b(shaking|jerking|twitching) (all over|uncontrollably|and (won'?t|isn'?t|not) respond)|"
               r"\beyes (are |were |keep |went )?(rolled|rolling) back|\bhaving a fit\b|"
               # "he started jerking his arms and legs"
               r"\b(jerking|twitching|shaking) (his|her|my|their) (arms and legs|legs and arms|whole body)\b",
    "anaphylaxis": r"\bthroat (is |feels )?(closing|swelling|tight)|\b(tongue|lips|face) (is |are )?swelling|"
                   r"\banaphyla|"
                   # "her throat's getting tighter", "his tongue looks swollen", "we used the epipen"
                   r"\bthroat('s| is| feels)?,? (getting |feels )?(tight|tighter|closing( up)?|narrow|thick)|"
                   # "my lips get kind of puffy, and this morning my tongue felt thick"
                   r"\b(tongue|lips)('s|'re)? (is |are |feels |feel |felt |looks |look |looked |keeps |started |"
                   r"getting |seems |so |get |gets |got |went |have gotten |has gotten |are getting |is getting |"
                   r"kind of |kinda |sort of |a (little|bit) |really )*(huge|swollen|swelling( up)?|thick|fat|"
                   r"puffing up|puffed up|puffy|blowing up|"
                   r"twice the size|"
                   r"enormous)|"
                   r"\bface('s| is)? (swelling|puffing|blowing) up|\bepi[- ]?pens?\b|\bepinephrine\b|"
                   r"\b(severe|bad|serious|major) allergic reaction|\b(can'?t|cannot) swallow (my|his|her) (own )?"
                   r"(spit|saliva)",
    "overdose": r"\b(overdos|took too many|swallowed (a bottle|too many|all (my|the|of))|"
                # "i took a bunch of my pills", "she took the whole bottle"
                r"(took|swallowed|taken) ((the|a) whole bottle|(a bunch of|a handful of|too many of) "
                r"([a-z-]+ ){0,2}(pills|meds|medications?|tablets)))|"
                # poisoning: "he got into grandma's pills", "she drank some bleach", "swallowed a button battery"
                r"\b(got into|ate|ate some of|chewed) (some |a |the |my |his |her |grandma'?s |grandpa'?s |"
                r"a few of |a bunch of )?([a-z-]+ ){0,2}(pills|tablets|medicine|medication|meds|gummies|bleach|"
                r"cleaner|detergent|laundry pods?|antifreeze|rat poison|batteries|button battery)\b|"
                r"\b(swallowed|drank|drunk) (some |a |the |a little )?([a-z-]+ )?(bleach|cleaner|detergent|"
                r"laundry pods?|antifreeze|rat poison|button battery|batteries|lighter fluid|lamp oil|"
                r"windshield washer fluid)\b|\b(?<!food )poison(ed|ing)\b|"
                r"\btook (all|the rest) of (my|his|her|the) ([a-z-]+ ){0,2}(pills|meds|medications?|tablets)",
    # bleeding in the gut: "my stool's been black, like tar", "black tarry stools", "blood in my stool"
    "gi_bleed": r"\b(stool|stools|poop|bowel movements?)('s| is| are| has been| have been|'ve been)? (been )?(black|"
                r"tarry|like tar|bloody|maroon)\b|\bblack,? tarry\b|\b(black|tarry) (stools?|poop)\b|"
                r"\b(a lot of|lots of|so much) blood (in|from) (my|his|her|the) (stool|stools|bottom|rectum)|"
                # said without the word stool: "the last couple times in the bathroom it's been kind of black. like
                # tar"
                r"\b(black|dark)\b[a-z ,.']{0,15}\blike tar\b|\b(in the bathroom|on the toilet|going to the "
                r"bathroom)\b[a-z ,']{0,40}\b(black|tarry|like tar)\b",
    "fetal_movement": r"\b(haven'?t|hasn'?t|have not|has not|didn'?t|can'?t) (really )?(felt|feel) (the |my )?baby "
                      r"(move|moving|kick|kicking)|\bbaby (isn'?t|hasn'?t|is not|has not|stopped|hasn'?t been|"
                      r"hasn'?t really been) (moving|kicking)|\bbaby (is )?(moving|kicking) (a lot |much )?less|"
                      r"\b(less|fewer|barely any|no) (fetal )?(movement|movements|kicks|kicking) (today|since|from)",
}
# Red flags made of two findings in one caller turn, each current and not denied: fever with confusion (sepsis,
# above all in the elderly), a head injury with a danger sign, bleeding or severe pain in pregnancy, fever in a
# baby under three months.
_FEVER = (r"fever|feverish|temperature of|temp of|burning up|running hot|1\d\d(\.\d)? degrees|a hundred and|"
          # "he's had a temperature since lunchtime, thirty-nine something" (Celsius)
          r"(had|has|got|running|with) a (high |really high |bit of a )?(temperature|temp)\b|"
          r"\b(39|40|41)(\.\d)? degrees")
_PREGNANT = r"pregnant|weeks along|months along|trimester"
COMBINED_FLAGS: dict[str, tuple[str, str]] = {
    "sepsis": (rf"\b({_FEVER})",
               r"\b(confused|confusion|disoriented|delirious|out of it|not making (any )?sense|doesn'?t (know|"
               r"recognize) (where|who|me)|not (himself|herself) at all|hallucinating|(very |really |so |super )?"
               r"(hard|difficult) to wake|(stiff|rigid) neck|mottled|septic|sepsis)"),
    # meningitis: a fever with a stiff neck, light hurting the eyes or a rash that does not fade
    "meningitis": (rf"\b({_FEVER}|10[1-6]\b)",
                   r"\b(neck('s| is)? (real |really |very |so )?(stiff|rigid)|stiff neck|"
                   r"can'?t (put|touch|bend) (my|his|her) chin|lights?('s| is| are)? (bothering|hurting|hurts)|"
                   r"(doesn'?t|don'?t|won'?t) want the lights? on|"
                   r"(purple|red|dark) (spots|dots|blotches)|rash that "
                   r"(doesn'?t|won'?t) (fade|go away when))"),
    "head_injury": (r"\b(hit|banged|bumped|smacked|whacked|cracked|struck|knocked|bonked|conked) (my|his|her|their) "
                    r"head|\bhead injury|"
                    r"\b(fell|fall|fallen) (and|on|onto) ([a-z ]{0,15})?(head|face)|\bconcussion",
                    r"\b(vomit|vomiting|throwing up|threw up|thrown up|puking|puked|confus|drowsy|sleepy|hard to wake|"
                    r"can'?t stay awake|passed out|knocked out|blacked out|unconscious|blood thinners?|eliquis|"
                    r"warfarin|coumadin|xarelto|clear fluid|pupils|seizure|worst headache|slurr|won'?t stop bleeding)"),
    # "it's nothing like my normal migraines, it's the worst one I've ever had in my life"
    # "like somebody cracked me across the back of the skull with a bat, worst thing I've ever felt"
    "worst_headache": (r"\b(head|headache|headaches|migraine|migraines|skull)\b",
                       r"\bworst (one|pain|headache|ever|thing)\b[a-z ']{0,25}\b(ever|of my life|in my life)\b|"
                       r"\bworst (i'?ve|i have) ever (had|felt)\b|"
                       r"\bworst (one|pain|headache|thing) (i'?ve|i have) ever (had|felt)"),
    # a blood pressure of 180/120 or more with a sign of organ damage: "his pressure's 212 over 124 ... a headache,
    # his vision's blurry"
    "hypertensive_emergency": (r"\b(1[89]\d|2\d\d)( over |/)(1[2-9]\d|\d{3})\b|\b(1[89]\d|2\d\d)( over |/)\d{2,3}\b",
                               r"\b(headache|blurr\w*|vision|confus\w*|chest pain|short of breath|numb\w*|weak\w*|"
                               r"can'?t see|seeing spots)"),
    # a limb gone heavy or dead with speech gone wrong: "my right arm's been heavy and dead, and my wife says I'm
    # talking funny, like slurring"
    "stroke_signs": (r"\b(arm|leg|hand|side)('s| is| has| feels| went)? (been |gone |feeling )?"
                     r"(heavy|dead|numb|limp|weak|clumsy|useless|drooping|droopy|sagging)\b|"
                     # "his right hand keeps dropping the cup"
                     r"\b(hand|arm)\b[a-z ]{0,12}\b(keeps|keep|kept) (dropping|losing)\b|"
                     # "she dropped her cup twice with her right hand", "i keep dropping my coffee cup"
                     r"\b(dropped|dropping|drops) (her|his|my|the) (coffee )?(cup|mug|fork|spoon|glass)\b",
                     # ("my words are coming out slurry")
                     r"\b(talking|speaking|sounding|sound|talk|speech|words)\b[a-z ,']{0,20}\b(funny|slurr\w*|mushy|"
                     r"garbled|thick|weird|drunk)\b|\bslurr(ing|ed)\b|"
                     # "my wife says I'm talking like I had a couple beers"
                     r"\b(talking|sounding|sound|sounds) like (i|he|she)('d| had| have|'ve)?( had)? (a (couple|few) )?"
                     r"(of )?(beers|drinks)\b"),
    # the airway swelling in an allergic reaction: "since lunch I've got this rash ... my voice is kinda hoarse. And
    # it's a little hard to swallow."
    "allergic_airway": (r"\b(rash|hives|welts|allergic|allergy|reaction|stung|sting|infusion|injection|shot)\b",
                        r"\b(hard|difficult|trouble|tough|struggling) (to )?swallow\w*|\bhoarse\b|"
                        r"\b(voice|throat)('s| is)? (is |sounds |getting |gone |going )?(raspy|tight|thick|funny)\b"),
    # cauda equina: numb between the legs with the bladder not working ("I'm kind of numb, like, in the groin ...
    # and I haven't been able to pee since I got up")
    "cauda_equina": (r"\b(numb\w*|no feeling|can'?t feel( anything)?)\b[a-z ,']{0,30}\b(groin|between (my|his|her) "
                     r"legs|saddle|privates?|private area|inner thighs?)\b|\b(groin|saddle)\b[a-z ,']{0,20}\bnumb\w*",
                     r"\b(can'?t|cannot|couldn'?t|haven'?t been able to|hasn'?t been able to|unable to|not able to) "
                     r"(pee|urinate|go pee|empty (my|his|her) bladder)\b|\b(lost|losing|no) (control of (my|his|her) )?"
                     r"(bladder|bowels?)\b|\bwet (myself|himself|herself)\b"),
    # "throwing up ... the last two times it was blood. like bright red"
    "vomiting_blood": (r"\b(vomit\w*|throwing up|threw up|throw up|puking|puked)\b", r"\b(blood|bloody|bright red)\b"),
    # a severe drug reaction (Stevens-Johnson): blistering skin with sores in the mouth or burning eyes
    "severe_skin_reaction": (r"\b(blister\w*|skin('s| is)? (peeling|coming off|sloughing))\b",
                             r"\b(mouth|lips|eyes?)\b[a-z ,']{0,25}\b(raw|sores?|ulcers?|blister\w*|burning|peeling|"
                             r"crust\w*)\b|\b(sores?|ulcers?) (in|inside) (my|his|her|the) mouth\b"),
    # a swollen, hot calf or leg: a clot (with breathlessness, one that has reached the lung)
    "leg_clot": (r"\b(calf|calves|leg|thigh)\b[a-z ,']{0,70}\b(swollen|swelling|puffy|puffed up|twice the size|balloon|"
                 r"gone (all |kind of |really )?(fat|big|huge|tight))\b",
                 # (or sore with breathlessness: "my left calf's been all puffy and sore and i get winded doing like
                 # nothing", after a long flight)
                 r"\b(hot|warm|red|redness|tender|winded|short of breath|out of breath|can'?t catch my breath)\b"),
    "pregnancy": (rf"\b({_PREGNANT}|my pregnancy|her pregnancy)\b",
                  r"\b(bleeding|spotting|passing (blood|clots)|blood clots|gush of fluid|(severe|bad|really bad|"
                  r"terrible) (cramping|cramps|pain))"),
    # pre-eclampsia: late pregnancy with a high pressure, spots in the vision or a swollen face and hands
    "preeclampsia": (rf"\b({_PREGNANT}|(i'?m|she'?s|i am|she is) (([a-z]+[- ])?[a-z]+|\d{{2}}) weeks\b(?! ago))",
                     r"\b(seeing (spots|stars|sparkl\w*|flashes)|(sparkly|little|black) spots|spots in (my|her) vision|"
                     r"blurr\w* vision|vision (is |has been )?blurr\w*|(face|hands)\b[a-z ,']{0,25}\b(puffy|swollen)|"
                     r"1[4-9]\d (over|/) (9\d|1\d\d)|"
                     # "I keep seeing these sparkly zigzag things", "my rings won't go on, my hands are like sausages"
                     r"seeing (these |those |some |little |weird )?(sparkl\w*|zig-?zag\w*|flash\w*|flicker\w*)|"
                     r"zig-?zag|rings? (won'?t|don'?t|doesn'?t|will not) (go on|fit|come off)|"
                     r"(hands|fingers|face)\b[a-z ,']{0,15}like sausages|"
                     r"one (forty|fifty|sixty|seventy|eighty|ninety)[- ]?[a-z]* over (ninety|one[- ]oh|a hundred|"
                     r"one hundred|one[- ]\w+))"),
    # chest discomfort, even called heartburn, with the jaw or arm aching, sweating or a grey colour: "this heartburn
    # just sitting in the middle of my chest" ... "my jaw's kind of achy, and I've been sweating like I ran a marathon"
    "cardiac": (r"\bsqueez(ing|e|y) (thing|feeling|pain|sensation)\b|\b(a|this|that) squeeze\b|"
                r"\b(heartburn|burning|pressure|tight\w*|heav\w*|ache|aching|discomfort|pain|hurts?|squeez\w*)\b"
                r"[a-z ,']{0,40}\bchest\b|\bchest\b[a-z ,']{0,20}\b(heartburn|burning|pressure|tight\w*|heav\w*|ache|"
                r"aching|discomfort|pain|hurts?|squeez\w*)|"
                # no chest at all, the jaw and the left arm together: "my jaw and my left arm are achy and i'm all
                # clammy"
                r"\bjaw\b[a-z ,']{0,20}\bleft arm\b|\bleft arm\b[a-z ,']{0,20}\bjaw\b",
                r"\b(jaw|left arm|arm)('s| is| has been)?[a-z ]{0,15}\b(ach\w*|hurt\w*|pain\w*|numb\w*|tingl\w*)|"
                # spreading there: "went up into my jaw for a bit"
                r"\b(went|goes|going|spread\w*|radiat\w*|moved?)( up| down)? (in)?to (my|his|her) "
                r"(jaw|left arm|arm|neck)\b|"
                r"\bsweat(ing|y)\b|\bclammy\b|\b(look|looks|looking) (grey|gray|ashen)\b"),
    # a wound infected after surgery with a high fever: "running a fever, 103 this morning ... one of the little cuts
    # is red and puffy and it's leaking some yellowish stuff"
    "surgical_infection": (r"\b(fever|10[2-6](\.\d)?\b|101\.[5-9]\b|a hundred (and )?(two|three|four|five)\b|"
                           r"a hundred (and )?one point (five|six|seven|eight|nine)\b|chills|rigors|shaking)",
                           # ("the one by my belly button is really red and hot": a laparoscopy's port)
                           r"\b(incision|cuts?|wound|stitches|staples|drain site|scar|port site|belly button|navel)s?"
                           r"\b[a-z ,']{0,40}\b("
                           r"leaking|oozing|draining|pus|red and (hot|puffy|swollen)|puffy|swollen|opening up|smells|"
                           # "the incision's a bit red, and it's, like, warm to touch"
                           r"(warm|hot) to (the )?touch|yellow(ish)? (stuff|gunk|drainage|discharge))|"
                           # the wound named in the agent's question: "How's the incision looking?" - "it's a bit red
                           # around it, and since last night there's some yellowish stuff coming out"
                           r"\byellow(ish)? (stuff|gunk|drainage|discharge|pus) (coming out|leaking|oozing|draining)"),
    "infant_fever": (r"\b(newborn|(he'?s|she'?s|is|only|just) (only |just )?(\d|one|two|three|four|five|six|seven|"
                     r"eight|nine|ten|eleven) (weeks?|days?)\b(?! ago| from| later)|(\d|one|two|three|four|five|six|"
                     r"seven|eight|nine|ten|eleven)[- ](weeks?|days?)[- ]old|(1|2|one|two)[- ]months?[- ]old|"
                     r"(\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven) (weeks|days) old|"
                     r"(one|two|1|2) months? old)",
                     r"\b(fever|temperature|temp|feels (really )?hot|burning up|10[0-5](\.\d)?|a hundred)\b"),
}
_FLAG_RE = {name: re.compile(p) for name, p in RED_FLAGS.items()}
_COMBINED_RE = {name: (re.compile(a), re.compile(b)) for name, (a, b) in COMBINED_FLAGS.items()}
NEGATION = re.compile(
    r"\b(no|not|don'?t|doesn'?t|didn'?t|never|without|denies|deny|denied|haven'?t|hasn'?t|hadn'?t|isn'?t|"
    r"wasn'?t|aren'?t|none|nor|neither|free of|any)\b(\s+\S+){0,3}\s*$"
)
# Where one thought ends and the next begins in unpunctuated ASR text.
CLAUSE_BREAK = r"[,;:]| but | though | although | and now | also | actually | oh and | the thing is | honestly | plus "
# "any" covers screening questions the caller echoes ("any chest pain? - no, not any")
HISTORY = re.compile(
    r"\b((since|after|when) (i|he|she|they) had\b|((ever )?since|after) (the|my|his|her|that) (mild |small |big )?"
    r"(mini[- ])?(stroke|heart attack|seizure|tia|bypass|stent)|"
    r"\bhad (a|the|my|his|her) (mild |small |minor )?(stroke|heart attack|seizure|tia|mini[- ]stroke)\b|"
    r"(my|his|her|our) (dad|father|mom|mother|brother|sister|grandfather|grandmother|grandpa|grandma|uncle|aunt)"
    r" (had|died|passed)|in (19|20)\d\d|(19|20)\d\d\b|years? ago|months ago|"
    r"last (year|month|spring|summer|fall|winter|time)|back in|"
    r"history of|used to|in the past|previously|a while (ago|back)|when i was (young|a kid|younger)|"
    r"runs in (my|the) family|family history|had (a|an|my) [a-z ]{0,20}(before|ago)|"
    # an event dated weeks back: "the stroke was three weeks ago" (a symptom that "started" then is current)
    r"(was|were|happened) (about |like |almost |over |only |just )?([a-z]+|\d+) weeks? ago|after (my|his|her) "
    r"(stroke|heart attack) (in|last|years))"
)
CURRENT = re.compile(r"\b(right now|now|today|tonight|this (morning|afternoon|evening)|currently|"
                     r"started|keeps? (on |getting |coming |happening |hurting |going )|is having|am having|are having|"
                     r"'m having|has been|have been)\b")
ESCALATE = re.compile(
    r"\b(911|9-1-1|nine one one|nine-one-one|emergency room|the er\b|e\.r\.|emergency department|ambulance|"
    r"emergency services|nurse (line|triage|advice line|on call)|triage nurse|on-?call (nurse|doctor|physician|"
    r"provider|clinician)|(transfer|transferring|connect|connecting|put|putting) you (through )?(to|with) "
    r"(a|our|the|an) (nurse|clinician|doctor|physician|triage|on-?call|provider|crisis)|warm transfer|"
    r"crisis (line|hotline|counselor)|\b988\b|nine eight eight|suicide (and crisis )?(hotline|lifeline)|"
    r"poison control|hang up and call|call (for )?help (right )?now|go to the (nearest )?(er|emergency)|"
    r"(transfer|transferring|connect|connecting|put|putting|get|getting) (you )?(straight |right |directly |"
    r"right now |now )?"
    r"(through )?(to |with )?"
    r"(a|our|the|an) [a-z -]{0,30}(nurse|clinician|doctor|physician|triage|crisis|provider)\b|"
    # "our on-call study psychiatrist is joining the call now"
    r"\b(psychiatrist|crisis counselor|clinician|nurse|doctor) (is |are )?joining (the|this|us on the) call\b|"
    r"\b(is|are) joining (the|this) call now\b|"
    # "I'm ringing the nurse", "paging the on-call doctor now"
    r"\b(ringing|paging|page|ring) (the|our|a) ([a-z-]+ )?(nurse|doctor|physician|provider|clinician)\b|"
    # "the 988 suicide and crisis lifeline" as Whisper may hear it ("try this live line")
    r"\b(life|live) ?line\b|"
    # "a fever of a hundred and three with drainage ... is something the surgical nurse needs to look at today"
    r"\b(nurse|doctor|surgeon|physician|provider|clinician)s? (needs?|has|have) to (see|look at|check|assess|examine)"
    r"( [a-z]+){0,2} (today|now|right away|right now|tonight|this (morning|afternoon|evening)))"
)


class EscalationParams(Params):
    max_agent_turns: int = Field(default=2, ge=1, le=10, description="Escalation must come within this many "
                                                                        "agent turns of the red flag.")
    extra_red_flags: list[str] = Field(default_factory=list, description="Further regular expressions.")


_ONLY_NAMED_STROKE = re.compile(r"\b(mini[- ]?)?stroke\b")
_DATED_BACK = re.compile(r"\b((\d+|a|one|two|three|four|five|six|several|a few|many) (years?|months?) ago|back in "
                         r"(19|20)\d\d|from when (i|he|she) had|(i|he|she) had (a|the|my|his|her) )")


def find_red_flags(ctx: Context, extra: list[str] | None = None) -> list[tuple[int, str]]:
    """(segment, red-flag type) for each caller turn that reports a current red-flag symptom."""
    t = ctx.transcript
    txt = texts(t)
    patterns = dict(_FLAG_RE)
    for k, p in enumerate(extra or []):
        patterns[f"custom_{k}"] = re.compile(p)
    flags: list[tuple[int, str]] = []
    said: list[str] = []  # the caller's earlier turns: "he's only five weeks old" ... "he feels burning hot"
    for i, text in enumerate(txt):
        speaker = t.segments[i].speaker
        if is_caller(speaker) and t.segments[i].speaker != "agent":
            kind = _current_flag(text, patterns) or _flag_with_earlier_context(text, said)
            # a stroke only named, in a turn that dates it: "from when I had the, the TIA? the mini-stroke. almost
            # two years ago now. I'm fine"
            if kind == "stroke" and _ONLY_NAMED_STROKE.search(text) and _DATED_BACK.search(text) and not _current_flag(
                    _ONLY_NAMED_STROKE.sub(" ", text), {"stroke": patterns["stroke"]}):
                kind = None
            said.append(text)
            if kind and RESOLVED.search(text) and not CURRENT.search(text):
                kind = None
            if kind and not (speaker == "unknown" and ESCALATE.search(text)):
                flags.append((i, kind))
                continue
        # a "yes" to the agent's screening question about a red flag: the turn's last question is what the
        # caller answers ("... if you get short of breath, call 911. Can I confirm your number?" - "that's
        # right" affirms the number, not a symptom)
        if speaker == "agent":
            kind = _screened(text, patterns)
            if kind:
                j = next_turn(t, i, "caller")
                # "yeah um no no bleeding" is a filler, then a denial
                if (j is not None and AFFIRM_RE.search(txt[j]) and not HISTORY.search(txt[j])
                        and not re.search(r"\b(no|nope|not|never|none|nothing|nah)\b", txt[j])):
                    flags.append((j, kind))
    return sorted(set(flags))


def _screened(text: str, patterns: dict[str, re.Pattern[str]]) -> str | None:
    """The red flag the agent turn's last question asks about ("Any chest pain right now?"), if any."""
    asked = [s for s in sentences(text) if is_question(s)]
    return _current_flag(asked[-1], patterns, question=True) if asked else None


def screening_answers(ctx: Context) -> set[int]:
    """Caller turns answering the agent's question about a red-flag symptom ("Are you having any trouble breathing
    or swallowing right now?" - "a little, yeah, swallowing's weird. it's getting worse"): symptom reports."""
    t = ctx.transcript
    txt = texts(t)
    out: set[int] = set()
    for i, seg in enumerate(t.segments):
        if seg.speaker == "agent" and _screened(txt[i], dict(_FLAG_RE)):
            j = next_turn(t, i, "caller")
            if j is not None:
                out.add(j)
    return out


# hedges and fillers callers wrap symptoms in ("my face feels kind of droopy", "this like, heavy feeling")
_HEDGE = re.compile(r"\b(kind of|kinda|sort of|sorta|a little bit|a little|a bit|a tad|pretty|super|somewhat|"
                    r"slightly|like,),?\s+")
# a filler often starts a new thought: "no blood thinners um he can't catch his breath"
_FILLER_BREAK = re.compile(r"\s+(?:uh|um),?\s+")


# combined flags whose first finding holds for the whole call once said (an infant's age, a pregnancy)
_CALL_LONG = ("infant_fever", "pregnancy", "worst_headache", "preeclampsia", "cardiac", "meningitis")


# a turn that tells a red flag as past and resolved: "... that's what got me in there in the first place. nothing
# like that since", "it went away, and nothing since"
RESOLVED = re.compile(r"\b(nothing|none|not once|nothing like (that|it)) since\b|\bin the first place\b|"
                      r"\bhasn'?t (come back|happened (again|since))\b|\bit went away\b|\bthat was it\b|"
                      # "the chest pain, that's why he was in last week, he hasn't had any since"
                      r"\b(hasn'?t|has not|haven'?t|have not) (had )?(any|one|it)( more)? since\b")


def _flag_with_earlier_context(text: str, earlier: list[str]) -> str | None:
    def plain(t: str) -> str:
        return _FILLER_BREAK.sub(", ", _HEDGE.sub("", _STUTTER.sub(r"\1", t)))

    text = plain(text)
    earlier = [plain(t) for t in earlier]
    for name in (*_CALL_LONG, *_EITHER_ORDER):
        first, second = _COMBINED_RE[name]
        pairs = [(second, first)] + ([(first, second)] if name in _EITHER_ORDER else [])
        for now, before in pairs:
            if any(_live(s, now) for s in sentences(text)) and any(
                _live(s, before) for turn in earlier for s in sentences(turn)
            ):
                return name
    return None


# combined flags whose two findings may come in either order over the call: the wound described, then the fever
# ("the cut by my belly button is kind of hot and puffy" ... "it said a hundred and two point four")
_EITHER_ORDER = ("surgical_infection", "head_injury")


# a word said twice: "the right side of my mouth is, is droopy"
_STUTTER = re.compile(r"\b([a-z']+),? \1\b")


def _current_flag(text: str, patterns: dict[str, re.Pattern[str]], question: bool = False) -> str | None:
    text = _FILLER_BREAK.sub(", ", _HEDGE.sub("", _STUTTER.sub(r"\1", text)))
    for sentence in sentences(text):
        for name, pattern in patterns.items():
            if _live(sentence, pattern, question):
                return name
    # two findings that make a red flag together, anywhere in the turn
    for name, (first, second) in _COMBINED_RE.items():
        if (any(_live(s, first, question) for s in sentences(text))
                and any(_live(s, second, question) for s in sentences(text))):
            return name
    return None


# "his speech is kind of slurred but that's from the stroke he had in 2019, it's not new": a lasting deficit
CHRONIC = re.compile(
    r"\b(it'?s not new|not new|that'?s just how (he|she|i|they)('s| has| have| is| are)? (been|is|always)|"
    r"(he|she|i)'?s (always|been) like that|(that'?s|it'?s) from (the|his|her|my) (stroke|injury|surgery)|"
    r"since (the|his|her|my) stroke|for years now|(his|her|my) baseline)\b"
)


# a sentence dated in the past: "I had a TIA, the mini-stroke thing, back in 2022"
DATED_PAST = re.compile(r"\b(back in|in) (19|20)\d\d\b|"
                        # "the TIA, back in twenty twenty-nine"
                        r"\bback in (nineteen|twenty)[- ](oh[- ])?(ten|eleven|twelve|thirteen|fourteen|fifteen|"
                        r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
                        r"one|two|three|four|five|six|seven|eight|nine)\b|"
                        r"\b(\d+|two|three|four|five|six|several|a few|many) (years?|winters?|summers?) ago\b")


# a symptom named as what someone asked about: "the nurse asked me about chest pain last time, so ... no chest pain"
_ASKED_ABOUT = re.compile(r"\b(asked|was asking|were asking) (me |us |him |her |them )?"
                          r"(about|if (i|he|she) (had|have|has)) (any )?$")


def _live(sentence: str, pattern: re.Pattern[str], question: bool = False) -> bool:
    """Does ``pattern`` occur in ``sentence`` as a current finding: not denied in its clause ("no chest pain"),
    not history ("i had a stroke in 2019"), not a lasting deficit ("slurred, but that's from the stroke")?"""
    if not question and CHRONIC.search(sentence):
        return False
    for m in pattern.finditer(sentence):
        prefix = sentence[: m.start()]
        clause = re.split(CLAUSE_BREAK, prefix)[-1]
        if not question and (NEGATION.search(clause) or _ASKED_ABOUT.search(clause)):
            continue
        clause_text = _clause_around(sentence, m.start(), m.end())
        if HISTORY.search(clause_text) and not CURRENT.search(clause_text):
            continue
        # dated right after, in a phrase of its own: "i had a tia, the mini-stroke thing, back in 2022"
        after = sentence[m.end() : m.end() + 60]
        if not question and DATED_PAST.search(after) and not CURRENT.search(sentence[m.start() : m.end() + 60]):
            continue
        return True
    return False


# a nurse's assessment prompt that is not a question: "tell me exactly what you're seeing", "have her try it now"
_ASSESSMENT_PROMPT = re.compile(r"\b(tell me (exactly |more |a little more |quickly )?(what|about|how|when|where)|"
                                r"describe|walk me through|have (her|him|them) (try|lift|raise|smile|say|squeeze)|"
                                r"ask (her|him|them) to (lift|raise|smile|say|squeeze))\b")


def _assesses(text: str) -> bool:
    """An agent turn that asks about the symptom: it ends on a question or any of its sentences asks or prompts."""
    return is_question(text.rstrip()) or any(is_question(s) or _ASSESSMENT_PROMPT.search(s) for s in sentences(text))


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
    assessing = 0  # a nurse's assessment questions first ("did it come on all at once?") do not use up the window
    for j in range(first, len(t.segments)):
        if j > first and is_agent(t.segments[j].speaker):
            window.append(j)
            # (only while the agent is still assessing: a question after booking the visit is no assessment)
            if (_assesses(txt[j]) and not ESCALATE.search(txt[j]) and assessing < 3
                    and assessing == len(window) - 1):
                assessing += 1
                continue
            if len(window) - assessing >= params.max_agent_turns:
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
