"""identity_verification: required identifiers obtained and confirmed before any PHI is discussed.

The agent asks for each identifier (default: full name and date of birth), the caller gives it, and the
agent confirms it (an explicit "I've verified you" / "I found your record", or a read-back the caller
affirms). Any disclosure of health, appointment, insurance or account information before that point is
an auto-fail. A caller speaking for someone else must also have their relationship or authorization
checked before the disclosure.
"""

from __future__ import annotations

import re

from pydantic import Field

from models.interchange import CriterionResult
from rubrics.criteria import Context, Params, register
from rubrics.criteria.common import AFFIRM_RE, DENY_RE, is_agent, is_caller, is_question, next_turn, texts

REQUEST = {
    "name": r"\b(full name|your name|first and last name|last name|first name|spell (that|your|it|the)|"
            r"who (am i|i'm|i am) (speaking|talking) (with|to)|(patient'?s|the patient|their|his|her) name|"
            r"name (of the patient|on the (account|chart|file))|name please|get a name|"
            r"(may|can|could) i (please )?(speak|talk) (with|to)|am i (speaking|talking) (with|to)|"
            r"i'?m (trying to reach|looking for)|is [a-z]+( [a-z]+)? (available|there|home))\b",
    "dob": r"\b(date of birth|birth ?date|birthday|d\.?\s?o\.?\s?b\b|when (were|was) (you|he|she|they) born|"
           r"year of birth)",
    "member_id": r"\b(member (id|i\.?d\.?|number)|insurance (id|i\.?d\.?|number)|subscriber (id|number)|"
                 r"policy (id|number)|id (number )?on (your|the) (insurance )?card|plan id)\b",
    "phone": r"\b(phone number|callback number|number on (file|the account)|best number|telephone number)\b",
    "address": r"\b(your (home |street |mailing )?address|address on file|zip ?code|postal code)\b",
    "ssn_last4": r"\blast (four|4)( digits)?( of)? (your |the )?(social|ssn)",
    "mrn": r"\b(medical record number|\bmrn\b|chart number|patient id)\b",
    "zip": r"\b(zip ?code|postal code)\b",
}
# A caller who volunteers an identifier without being asked.
VOLUNTEER = {
    "name": r"\b(my name is|this is|name'?s|i'?m) [a-z]+",
    "dob": r"\b(born (on|in)|my (date of birth|birthday|dob) is|birth ?date is)\b",
    "member_id": r"\bmember (id|number) is\b",
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
    r"\bi see (your|her|his|their) (?!name\b|number\b)|\bi see (that )?(you|she|he|they)('re| are| were| was| had| "
    r"have|'ve| went| got)\b|\bi see (in|on) (your|her|his|their|the) (chart|record|file|account)|"
    r"\bi see the (referral|authorization|claim|results?|order|prescription|appointment|record|chart|visit|note|"
    r"balance)|\bi see [a-z ]{1,25} on file\b|\b(in|on) (your|her|his|their) (chart|medical record|records|file)\b|"
    r"\b(your|her|his|their) ([a-z-]+ ){0,2}results\b|\b(a|an|your|the) (outstanding )?balance of\b|"
    r"\b(your|her|his|their) (discharge|hospital stay|admission|stay at|diagnosis|condition)\b|"
    r"\byour [a-z ]{0,40}? (is|was|are|were) (scheduled|booked|approved|denied|pending)\b|"
    r"\b(was|were|has been|got|is) (approved|denied|rejected) (on|for|by|yesterday|today|last)\b|"
    r"\b(your|her|his|their|the patient'?s)( next| upcoming| last| follow[- ]up| recent| current)? "
    r"(appointment|visit|procedure|surgery)s? (is|was|are|were|has|on|at|with|for)\b|"
    r"\b(you|she|he|they)('re| are| is|'s) (scheduled|booked|set up|down) (for|with|on)\b|"
    r"\bi (see|have|show) (you|her|him|them|that you|an appointment)[^.?!]{0,30}\b(appointment|scheduled|booked|"
    r"on (monday|tuesday|wednesday|thursday|friday|saturday|sunday))|"
    r"\b(your|her|his|their) (test |lab |blood ?work |blood |biopsy |mri |ct |x-?ray |imaging |scan |pathology )?"
    r"(results?|report) (is|are|came|show|shows|was|were|indicate|look)|"
    r"\b(your|her|his|their) (prescription|medication|refill|diagnosis|chart|records?|a1c|cholesterol|"
    r"blood pressure|potassium|glucose|levels?) (is|are|was|were|has|have|shows?|says|came|will|indicates?)\b|"
    r"\bthe (doctor|physician|provider|nurse|dr\.? [a-z]+) (said|noted|wrote|ordered|prescribed|wants you|"
    r"increased|changed|reviewed your)|"
    r"\b(your|her|his|their) (insurance|coverage|plan|policy|claim|deductible|co-?pay|co-?insurance|"
    r"authorization|prior auth(orization)?|pre-?auth(orization)?|benefits|eligibility|referral) "
    r"(is|was|has|have|covers|shows|will|came|went|expired|requires|got|been)\b|"
    r"\b(claim|authorization|prior authorization|pre-?authorization|referral) (was|has been|is|got) "
    r"(approved|denied|rejected|processed|received)\b|"
    r"\b(your|her|his|their) (account |outstanding |current )?(balance|bill|statement|payment) (is|was|of|shows)\b|"
    r"\byou (owe|have a balance)\b"
)
THIRD_PARTY = re.compile(
    r"\b(calling|call|here) (for|about|on behalf of) (my|our) |\bthis is (his|her|their) [a-z]+\b|"
    r"\b(he|she)'?s (resting|sleeping|not available|asleep|in the shower|not home)|\bon behalf of (my|our|the patient|him|her)\b|"
    r"\bi'?m (his|her|their) (caregiver|daughter|son|wife|husband|mother|father|mom|dad|partner|sister|brother|"
    r"guardian|spouse|nurse|aide)\b|\b(my|our) (mother|mom|father|dad|wife|husband|son|daughter|grandmother|"
    r"grandfather|grandma|grandpa|aunt|uncle|sister|brother|partner|spouse|child|kid|baby|parent)'?s? "
    r"(appointment|results|medication|prescription|insurance|bill|claim|account|referral|doctor|surgery)\b|"
    r"\b(calling|call) for (my|our) \w+"
)
AUTH_CHECK = re.compile(
    r"\b(relationship|relation to|how are you related|authori[sz]ed|authori[sz]ation|hipaa (release|form|"
    r"authorization)|release form|power of attorney|\bpoa\b|on (the|their|her|his) (file|list|release|account)|"
    r"listed (as|on)|permission to (speak|discuss|share)|personal representative|proxy|designated|"
    r"legal guardian|consent on file)"
)
REFUSAL = re.compile(r"\b(i don'?t (know|remember|have)|i'?d rather not|not sure|can'?t remember|i forget)\b")


class IdentityParams(Params):
    identifiers: list[str] = Field(default_factory=lambda: ["name", "dob"])
    require_confirmation: bool = True
    # Confirmation may be implicit (the agent moves on after the caller answers) when this is false.
    third_party_requires_authorization: bool = True


def _compiled(identifiers: list[str]) -> dict[str, re.Pattern[str]]:
    return {i: re.compile(REQUEST.get(i, re.escape(i.replace("_", " ")))) for i in identifiers}


def analyze(ctx: Context, identifiers: list[str]) -> dict:
    """Where each identifier was requested, obtained and confirmed, where verification completed, where
    the first disclosure is, and the third-party checks. Shared with script_adherence."""
    key = ("identity", tuple(identifiers))
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

    for i, text in enumerate(txt):
        if is_agent(spk[i]):
            for ident, pattern in requests.items():
                if pattern.search(text):
                    slot = found[ident]
                    if slot["requested"] is None:
                        slot["requested"] = i
                    # the answer is the caller's next turn, unless it is a refusal
                    if slot["obtained"] is None:
                        j = next_turn(t, i, "caller")
                        if j is not None and not REFUSAL.search(txt[j]) and len(txt[j]) > 1:
                            slot["obtained"] = j
            # a read-back question ("that's march 4th 1982, correct?") affirmed by the caller confirms
            if CONFIRM.search(text) and not is_question(text):
                confirmations.append(i)
            elif is_question(text) and any(f["obtained"] is not None and f["obtained"] < i for f in found.values()):
                j = next_turn(t, i, "caller")
                if j is not None and AFFIRM_RE.search(txt[j]) and _is_read_back(text):
                    confirmations.append(j)
            if DISCLOSURE.search(text) and not _asks_about(text):
                disclosures.append(i)
            if third_party is not None and auth_check is None and AUTH_CHECK.search(text):
                auth_check = i
        if is_caller(spk[i]):
            if third_party is None and THIRD_PARTY.search(text):
                third_party = i
            for ident, pattern in VOLUNTEER.items():
                if ident in found and found[ident]["obtained"] is None and re.search(pattern, text):
                    found[ident]["obtained"] = i
                    found[ident]["volunteered"] = True

    obtained_at = [f["obtained"] for f in found.values()]
    all_obtained = all(o is not None for o in obtained_at)
    verified_at: int | None = None
    explicit = False
    if all_obtained:
        last = max(obtained_at)
        later = [c for c in confirmations if c > last]
        if later:
            verified_at, explicit = later[0], True
        else:
            # implicit: the agent's next turn after the last answer
            verified_at = next_turn(t, last, "agent")
            verified_at = verified_at if verified_at is not None else last
        for f in found.values():
            f["confirmed"] = verified_at if explicit else None
    if third_party is not None and auth_check is not None and verified_at is not None:
        cleared_at: int | None = max(verified_at, auth_check)
    elif third_party is not None:
        cleared_at = None
    else:
        cleared_at = verified_at
    result = {
        "identifiers": list(found.values()),
        "verified_at": verified_at,
        "explicit_confirmation": explicit,
        "disclosures": disclosures,
        "third_party": third_party,
        "authorization_checked": auth_check,
        "cleared_at": cleared_at,
    }
    ctx.shared[key] = result
    return result


def _is_read_back(text: str) -> bool:
    return bool(re.search(r"\d|\b(january|february|march|april|may|june|july|august|september|october|"
                          r"november|december|so that'?s|i have|just to confirm|confirm)\b", text))


def _asks_about(text: str) -> bool:
    """A question about the caller's information ("what's your insurance plan?") discloses nothing."""
    return bool(re.search(r"\b(what|which|who|do you|can you|could you|would you|is it|are you|did you)\b[^.!]*"
                          r"\?\s*$", text))


@register("identity_verification", IdentityParams)
def score(spec, ctx: Context) -> CriterionResult:
    params = IdentityParams.model_validate(spec.params)
    identifiers = params.identifiers
    if ctx.org is not None and ctx.org.verification_identifiers:
        identifiers = list(ctx.org.verification_identifiers)
    a = analyze(ctx, identifiers)
    cleared = a["cleared_at"]
    if params.require_confirmation and not a["explicit_confirmation"] and a["verified_at"] is not None:
        # without an explicit confirmation, verification completes no earlier than the agent's next turn
        pass
    first_disclosure = a["disclosures"][0] if a["disclosures"] else None
    early = first_disclosure is not None and (cleared is None or first_disclosure < cleared)
    authorization_missing = (
        params.third_party_requires_authorization and a["third_party"] is not None and a["authorization_checked"] is None
    )
    all_obtained = a["verified_at"] is not None
    verified = all_obtained and (a["explicit_confirmation"] or not params.require_confirmation
                                 or a["verified_at"] is not None)
    passed = verified and not early and not authorization_missing

    evidence_idx: list[int] = []
    for f in a["identifiers"]:
        evidence_idx += [i for i in (f["requested"], f["obtained"]) if i is not None]
    if a["verified_at"] is not None:
        evidence_idx.append(a["verified_at"])
    if a["third_party"] is not None:
        evidence_idx.append(a["third_party"])
    if a["authorization_checked"] is not None:
        evidence_idx.append(a["authorization_checked"])
    if first_disclosure is not None:
        evidence_idx.append(first_disclosure)

    confidence = 0.9 if a["explicit_confirmation"] or not all_obtained else 0.75
    if early and cleared is not None and cleared - first_disclosure <= 1:
        confidence = 0.7  # disclosure and verification in neighbouring turns: worth a human look
    missing = [f["id"] for f in a["identifiers"] if f["obtained"] is None]
    return CriterionResult(
        id=spec.id,
        kind=spec.kind,
        score=spec.weight if passed else 0.0,
        max=spec.weight,
        passed=passed,
        confidence=confidence,
        evidence=[ctx.evidence(i) for i in sorted(set(evidence_idx))],
        auto_fail=bool(spec.auto_fail and early),
        details={
            "verified_before_phi": not early and all_obtained,
            "verified": all_obtained,
            "identifiers": [
                {"id": f["id"], "requested_segment": f["requested"], "obtained_segment": f["obtained"],
                 "confirmed_segment": f["confirmed"]} for f in a["identifiers"]
            ],
            "missing_identifiers": missing,
            "explicit_confirmation": a["explicit_confirmation"],
            "verified_segment": a["verified_at"],
            "first_disclosure_segment": first_disclosure,
            "disclosure_before_verification": early,
            "third_party": a["third_party"] is not None,
            "authorization_checked": a["authorization_checked"] is not None if a["third_party"] is not None else None,
        },
    )
