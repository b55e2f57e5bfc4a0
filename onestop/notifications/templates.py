"""Message templates in GOV.UK Notify's ((placeholder)) style, in English and Welsh.

These are the defaults. A council admin may reword any of them, per language, under
"Messages"; `wording_problems` holds a council's wording to the rules that keep a message
sendable: only the template's own placeholders, the ones it cannot do without kept, brackets
that pair up, and a text message short enough for Notify.
"""

import math
import re
from dataclasses import dataclass

# Notify sends at most 918 characters as one text message (6 parts of 153 characters).
SMS_MAX_CHARACTERS = 918
_SMS_SINGLE_PART = 160
_SMS_PART = 153

_PLACEHOLDER = re.compile(r"\(\(([a-z_]+)\)\)")
_ANYTHING_IN_BRACKETS = re.compile(r"\(\(([^()]*)\)\)")


@dataclass(frozen=True)
class Wording:
    subject: str
    body: str


@dataclass(frozen=True)
class WordingProblem:
    field: str  # "subject" or "body"
    message: str


@dataclass(frozen=True)
class MessageTemplate:
    key: str
    name: str
    sent_when: str
    placeholders: tuple[str, ...]
    required: tuple[str, ...]
    english: Wording
    welsh: Wording

    def default(self, language: str) -> Wording:
        return self.welsh if language == "cy" else self.english

    def render(self, personalisation: dict[str, str], language: str = "en") -> tuple[str, str]:
        """The default wording filled in; a council's own wording goes through `fill`."""
        wording = self.default(language)
        return fill(wording.subject, personalisation), fill(wording.body, personalisation)


def fill(text: str, personalisation: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: str(personalisation[m.group(1)]), text)


def sms_parts(text: str) -> int:
    """How many text messages Notify splits this into."""
    if len(text) <= _SMS_SINGLE_PART:
        return 1
    return math.ceil(len(text) / _SMS_PART)


@dataclass(frozen=True)
class Preview:
    """A wording filled in with the example details, as a person would receive it."""

    subject: str
    body: str

    @property
    def characters(self) -> int:
        return len(self.body)

    @property
    def text_messages(self) -> int:
        return sms_parts(self.body)


def preview(template: MessageTemplate, language: str, *, subject: str, body: str) -> Preview:
    example = example_personalisation(template, language)
    return Preview(subject=fill(subject, example), body=fill(body, example))


def _listed(names: tuple[str, ...] | list[str]) -> str:
    return ", ".join(f"(({name}))" for name in names)


def wording_problems(
    template: MessageTemplate, *, subject: str, body: str, language: str = "en"
) -> list[WordingProblem]:
    """What is wrong with a council's wording of this template, in the order to fix it."""
    problems: list[WordingProblem] = []
    for field, text in (("subject", subject), ("body", body)):
        label = "subject" if field == "subject" else "message"
        leftover = _ANYTHING_IN_BRACKETS.sub("", text)
        if "((" in leftover or "))" in leftover:
            problems.append(
                WordingProblem(
                    field,
                    f"Check the brackets in the {label}: each placeholder starts with (( and "
                    "ends with )), like ((reference))",
                )
            )
            continue
        unknown = [
            name
            for name in dict.fromkeys(_ANYTHING_IN_BRACKETS.findall(text))
            if name not in template.placeholders
        ]
        if unknown:
            problems.append(
                WordingProblem(
                    field,
                    f"The {label} uses {_listed(unknown)}, which this message does not have. "
                    f"Use only {_listed(template.placeholders)}",
                )
            )
    body_names = set(_PLACEHOLDER.findall(body))
    missing = [name for name in template.required if name not in body_names]
    if missing and not any(p.field == "body" for p in problems):
        problems.append(WordingProblem("body", f"The message must include {_listed(missing)}"))
    if not any(p.field == "body" for p in problems):
        length = len(fill(body, example_personalisation(template, language)))
        if length > SMS_MAX_CHARACTERS:
            problems.append(
                WordingProblem(
                    "body",
                    f"The message must be {SMS_MAX_CHARACTERS} characters or fewer to send as a "
                    f"text message. With the example details it is {length:,} characters",
                )
            )
    return problems


# What the preview puts in each placeholder: realistic, long enough to judge the length.
_EXAMPLES = {
    "first_name": ("Siân", "Siân"),
    "reference": ("CR-7K4M-2Q", "CR-7K4M-2Q"),
    "scheme": ("Crisis Payment", "Crisis Payment"),
    "decision_due": ("4 June 2026", "4 Mehefin 2026"),
    "due_date": ("18 June 2026", "18 Mehefin 2026"),
    "amount": ("£120.00", "£120.00"),
    "reasons": (
        "Your household's income after housing costs is above the scheme's limit.",
        "Mae incwm eich aelwyd ar ôl costau tai yn uwch na therfyn y cynllun.",
    ),
    "retailer": ("Tesco", "Tesco"),
    "account_ending": ("3445", "3445"),
    "arrives_by": ("8 June 2026", "8 Mehefin 2026"),
    "code": ("9826 0041 7730 5512 804", "9826 0041 7730 5512 804"),
    "where": ("any PayPoint shop", "unrhyw siop PayPoint"),
    "collect_from": (
        "the Customer Service Centre, Civic Centre, High Street",
        "y Ganolfan Gwasanaethau Cwsmeriaid, y Ganolfan Ddinesig, y Stryd Fawr",
    ),
    "collect_by": ("18 June 2026", "18 Mehefin 2026"),
    "card_ending": ("4821", "4821"),
    "items": ("a single bed and a cooker", "gwely sengl a popty"),
    "organisation": ("Northbridge Food Bank", "Banc Bwyd Northbridge"),
    "service": ("Emergency food parcels", "Parseli bwyd brys"),
    "council": ("Northbridge City Council", "Cyngor Dinas Northbridge"),
    "delivery_date": ("8 June 2026", "8 Mehefin 2026"),
    "slot": ("in the morning (8am to 1pm)", "yn y bore (8am i 1pm)"),
    "codes": ("NTH-7K4M-0001, NTH-7K4M-0002", "NTH-7K4M-0001, NTH-7K4M-0002"),
    "what_is_needed": (
        "your latest bank statement and a letter from your landlord",
        "eich cyfriflen banc ddiweddaraf a llythyr gan eich landlord",
    ),
    "outcome_summary": (
        "we have changed our decision and awarded £120.00",
        "rydym wedi newid ein penderfyniad ac wedi dyfarnu £120.00",
    ),
    "budget": ("Crisis Payment 2026/27", "Taliad Argyfwng 2026/27"),
    "percentage": ("75", "75"),
    "committed": ("£187,500.00", "£187,500.00"),
    "total": ("£250,000.00", "£250,000.00"),
    "remaining": ("£62,500.00", "£62,500.00"),
    "return_code": ("ABCD-EFGH", "ABCD-EFGH"),
    "expires_on": ("2 July 2026", "2 Gorffennaf 2026"),
    "resume_url": (
        "https://crisis-support.example.org/councils/northshire/apply/return/",
        "https://crisis-support.example.org/councils/northshire/apply/return/",
    ),
}


def example_personalisation(template: MessageTemplate, language: str) -> dict[str, str]:
    index = 1 if language == "cy" else 0
    return {name: _EXAMPLES[name][index] for name in template.placeholders}


TEMPLATES = {
    t.key: t
    for t in [
        MessageTemplate(
            key="application_received",
            name="Application received",
            sent_when="Sent when an application is taken.",
            placeholders=("first_name", "reference", "scheme", "decision_due"),
            required=("reference",),
            english=Wording(
                subject="We have your application ((reference))",
                body=(
                    "Dear ((first_name)), we have your ((scheme)) application. "
                    "Your reference is ((reference)). We will tell you our decision by the end "
                    "of ((decision_due))."
                ),
            ),
            welsh=Wording(
                subject="Rydym wedi cael eich cais ((reference))",
                body=(
                    "Annwyl ((first_name)), rydym wedi cael eich cais i'r cynllun ((scheme)). "
                    "Eich cyfeirnod yw ((reference)). Byddwn yn rhoi gwybod i chi beth yw ein "
                    "penderfyniad erbyn diwedd y dydd ar ((decision_due))."
                ),
            ),
        ),
        MessageTemplate(
            key="application_saved",
            name="Application saved to finish later",
            sent_when="Sent when an applicant saves their answers to come back to later.",
            placeholders=("return_code", "expires_on", "resume_url"),
            required=("return_code", "resume_url"),
            english=Wording(
                subject="Your code to carry on with your application",
                body=(
                    "You saved your application for crisis support. To carry on, go to "
                    "((resume_url)) and enter the code ((return_code)) with this email address "
                    "or phone number. The code works until ((expires_on)). If you did not save "
                    "an application, you can ignore this message."
                ),
            ),
            welsh=Wording(
                subject="Eich cod i barhau gyda'ch cais",
                body=(
                    "Rydych wedi cadw eich cais am gymorth mewn argyfwng. I barhau, ewch i "
                    "((resume_url)) a rhowch y cod ((return_code)) gyda'r cyfeiriad e-bost neu'r "
                    "rhif ffôn hwn. Mae'r cod yn gweithio tan ((expires_on)). Os na wnaethoch "
                    "gadw cais, gallwch anwybyddu'r neges hon."
                ),
            ),
        ),
        MessageTemplate(
            key="award_made",
            name="Award made",
            sent_when="Sent when an application is approved.",
            placeholders=("first_name", "reference", "amount", "reasons"),
            required=("reference", "amount"),
            english=Wording(
                subject="Your application ((reference)) has been approved",
                body=(
                    "Dear ((first_name)), your application ((reference)) has been approved. "
                    "We have awarded ((amount)). We will send your e-voucher codes separately."
                ),
            ),
            welsh=Wording(
                subject="Mae eich cais ((reference)) wedi'i gymeradwyo",
                body=(
                    "Annwyl ((first_name)), mae eich cais ((reference)) wedi'i gymeradwyo. "
                    "Rydym wedi dyfarnu ((amount)) i chi. Byddwn yn anfon eich codau e-daleb "
                    "ar wahân."
                ),
            ),
        ),
        MessageTemplate(
            key="application_refused",
            name="Application refused",
            sent_when="Sent when an application is refused.",
            placeholders=("first_name", "reference", "amount", "reasons"),
            required=("reference", "reasons"),
            english=Wording(
                subject="Decision on your application ((reference))",
                body=(
                    "Dear ((first_name)), we cannot make an award for application ((reference)). "
                    "Why: ((reasons)). You can ask us to look at this decision again within one "
                    "month. Reply to this message or call us to ask for a review."
                ),
            ),
            welsh=Wording(
                subject="Penderfyniad ar eich cais ((reference))",
                body=(
                    "Annwyl ((first_name)), ni allwn wneud dyfarniad ar gyfer cais ((reference)). "
                    "Pam: ((reasons)). Gallwch ofyn i ni edrych ar y penderfyniad hwn eto o fewn "
                    "mis. Atebwch y neges hon neu ffoniwch ni i ofyn am adolygiad."
                ),
            ),
        ),
        MessageTemplate(
            key="voucher_issued",
            name="E-voucher issued",
            sent_when="Sent with the e-voucher codes when an award is fulfilled.",
            placeholders=("first_name", "reference", "amount", "retailer", "codes"),
            required=("reference", "retailer", "codes"),
            english=Wording(
                subject="Your e-voucher for ((reference))",
                body=(
                    "Dear ((first_name)), here is your ((amount)) e-voucher for ((retailer)): "
                    "((codes)). Show this message at the till. Reference ((reference))."
                ),
            ),
            welsh=Wording(
                subject="Eich e-daleb ar gyfer ((reference))",
                body=(
                    "Annwyl ((first_name)), dyma eich e-daleb gwerth ((amount)) i'w defnyddio yn "
                    "((retailer)): ((codes)). Dangoswch y neges hon wrth y til. "
                    "Cyfeirnod ((reference))."
                ),
            ),
        ),
        MessageTemplate(
            key="information_requested",
            name="More information needed",
            sent_when="Sent when a decision maker asks the applicant for more information.",
            placeholders=("first_name", "reference", "what_is_needed", "due_date"),
            required=("reference", "what_is_needed", "due_date"),
            english=Wording(
                subject="We need more information about your application ((reference))",
                body=(
                    "Dear ((first_name)), we need more information before we can decide your "
                    "application ((reference)). Send us: ((what_is_needed)). We need it by "
                    "((due_date)). If we do not have it by then, we will decide using the "
                    "information we have."
                ),
            ),
            welsh=Wording(
                subject="Mae angen rhagor o wybodaeth arnom am eich cais ((reference))",
                body=(
                    "Annwyl ((first_name)), mae angen rhagor o wybodaeth arnom cyn y gallwn "
                    "wneud penderfyniad ar eich cais ((reference)). Anfonwch hyn atom: "
                    "((what_is_needed)). Mae angen yr wybodaeth arnom erbyn ((due_date)). Os na "
                    "fydd gennym yr wybodaeth erbyn hynny, byddwn yn gwneud penderfyniad gyda'r "
                    "wybodaeth sydd gennym."
                ),
            ),
        ),
        MessageTemplate(
            key="information_reminder",
            name="Reminder: more information needed",
            sent_when="Sent when requested information has not arrived and the date is near.",
            placeholders=("first_name", "reference", "what_is_needed", "due_date"),
            required=("reference", "what_is_needed", "due_date"),
            english=Wording(
                subject="Reminder: we need more information about ((reference))",
                body=(
                    "Dear ((first_name)), we are still waiting for information about your "
                    "application ((reference)): ((what_is_needed)). Send it to us by "
                    "((due_date)). If we do not have it by then, we will decide using the "
                    "information we have."
                ),
            ),
            welsh=Wording(
                subject="Nodyn atgoffa: mae angen rhagor o wybodaeth arnom am ((reference))",
                body=(
                    "Annwyl ((first_name)), rydym yn dal i aros am wybodaeth am eich cais "
                    "((reference)): ((what_is_needed)). Anfonwch hi atom erbyn ((due_date)). Os "
                    "na fydd gennym yr wybodaeth erbyn hynny, byddwn yn gwneud penderfyniad "
                    "gyda'r wybodaeth sydd gennym."
                ),
            ),
        ),
        MessageTemplate(
            key="review_received",
            name="Review request received",
            sent_when="Sent when the applicant asks for a decision to be looked at again.",
            placeholders=("first_name", "reference", "due_date"),
            required=("reference",),
            english=Wording(
                subject="We have your request for a review of ((reference))",
                body=(
                    "Dear ((first_name)), we have your request for us to look again at our "
                    "decision on application ((reference)). Someone who did not make the first "
                    "decision will look at it. We will tell you the outcome by ((due_date))."
                ),
            ),
            welsh=Wording(
                subject="Rydym wedi cael eich cais am adolygiad o ((reference))",
                body=(
                    "Annwyl ((first_name)), rydym wedi cael eich cais i ni edrych eto ar ein "
                    "penderfyniad ar gais ((reference)). Bydd rhywun na wnaeth y penderfyniad "
                    "cyntaf yn edrych arno. Byddwn yn rhoi gwybod i chi beth yw'r canlyniad "
                    "erbyn ((due_date))."
                ),
            ),
        ),
        MessageTemplate(
            key="review_decided",
            name="Review decided",
            sent_when="Sent when a review of a decision is finished.",
            placeholders=("first_name", "reference", "outcome_summary"),
            required=("reference", "outcome_summary"),
            english=Wording(
                subject="The outcome of your review ((reference))",
                body=(
                    "Dear ((first_name)), we have looked again at our decision on application "
                    "((reference)): ((outcome_summary)). If you are still unhappy, you can ask "
                    "the ombudsman to look at it. Call us to find out how."
                ),
            ),
            welsh=Wording(
                subject="Canlyniad eich adolygiad ((reference))",
                body=(
                    "Annwyl ((first_name)), rydym wedi edrych eto ar ein penderfyniad ar gais "
                    "((reference)): ((outcome_summary)). Os ydych chi'n dal yn anfodlon, gallwch "
                    "ofyn i'r ombwdsmon edrych arno. Ffoniwch ni i gael gwybod sut."
                ),
            ),
        ),
        MessageTemplate(
            key="complaint_acknowledged",
            name="Complaint received",
            sent_when="Sent when a complaint is logged.",
            placeholders=("first_name", "reference", "due_date"),
            required=("reference",),
            english=Wording(
                subject="We have your complaint ((reference))",
                body=(
                    "Dear ((first_name)), we have your complaint. Your reference is "
                    "((reference)). We will reply to you by ((due_date))."
                ),
            ),
            welsh=Wording(
                subject="Rydym wedi cael eich cwyn ((reference))",
                body=(
                    "Annwyl ((first_name)), rydym wedi cael eich cwyn. Eich cyfeirnod yw "
                    "((reference)). Byddwn yn ymateb i chi erbyn ((due_date))."
                ),
            ),
        ),
        MessageTemplate(
            key="payment_sent",
            name="Bank payment sent",
            sent_when="Sent when the award is paid into the person's bank account in a payment file.",
            placeholders=("first_name", "reference", "amount", "account_ending", "arrives_by"),
            required=("reference", "amount", "account_ending"),
            english=Wording(
                subject="We have paid your award for ((reference))",
                body=(
                    "Dear ((first_name)), we have paid ((amount)) into your bank account ending "
                    "((account_ending)). It should be in your account by ((arrives_by)). "
                    "Reference ((reference))."
                ),
            ),
            welsh=Wording(
                subject="Rydym wedi talu eich dyfarniad ar gyfer ((reference))",
                body=(
                    "Annwyl ((first_name)), rydym wedi talu ((amount)) i'ch cyfrif banc sy'n "
                    "gorffen gyda ((account_ending)). Dylai fod yn eich cyfrif erbyn "
                    "((arrives_by)). Cyfeirnod ((reference))."
                ),
            ),
        ),
        MessageTemplate(
            key="cash_out_code",
            name="Cash-out code",
            sent_when="Sent with the code when an award is paid as cash to collect.",
            placeholders=("first_name", "reference", "amount", "code", "expires_on", "where"),
            required=("reference", "code", "expires_on"),
            english=Wording(
                subject="Your cash code for ((reference))",
                body=(
                    "Dear ((first_name)), collect ((amount)) in cash at ((where)) with this "
                    "code: ((code)). Show the code at the counter. It can be used until "
                    "((expires_on)). Reference ((reference))."
                ),
            ),
            welsh=Wording(
                subject="Eich cod arian parod ar gyfer ((reference))",
                body=(
                    "Annwyl ((first_name)), casglwch ((amount)) mewn arian parod yn ((where)) "
                    "gyda'r cod hwn: ((code)). Dangoswch y cod wrth y cownter. Gallwch ei "
                    "ddefnyddio tan ((expires_on)). Cyfeirnod ((reference))."
                ),
            ),
        ),
        MessageTemplate(
            key="prepaid_card_ready",
            name="Prepaid card ready to collect",
            sent_when="Sent when a new prepaid card with the award on it is ready to collect.",
            placeholders=("first_name", "reference", "amount", "collect_from", "collect_by"),
            required=("reference", "collect_from", "collect_by"),
            english=Wording(
                subject="Your prepaid card is ready to collect (((reference)))",
                body=(
                    "Dear ((first_name)), your prepaid card with ((amount)) on it is ready. "
                    "Collect it from ((collect_from)) by ((collect_by)). Bring this message and "
                    "proof of who you are. Reference ((reference))."
                ),
            ),
            welsh=Wording(
                subject="Mae eich cerdyn rhagdaledig yn barod i'w gasglu (((reference)))",
                body=(
                    "Annwyl ((first_name)), mae eich cerdyn rhagdaledig gyda ((amount)) arno yn "
                    "barod. Casglwch ef o ((collect_from)) erbyn ((collect_by)). Dewch â'r neges "
                    "hon a phrawf o bwy ydych chi. Cyfeirnod ((reference))."
                ),
            ),
        ),
        MessageTemplate(
            key="prepaid_card_topped_up",
            name="Prepaid card topped up",
            sent_when="Sent when the award is put on a prepaid card the person already has.",
            placeholders=("first_name", "reference", "amount", "card_ending"),
            required=("reference", "amount", "card_ending"),
            english=Wording(
                subject="We have put ((amount)) on your prepaid card",
                body=(
                    "Dear ((first_name)), we have put ((amount)) on your prepaid card ending "
                    "((card_ending)). You can use it now. Reference ((reference))."
                ),
            ),
            welsh=Wording(
                subject="Rydym wedi rhoi ((amount)) ar eich cerdyn rhagdaledig",
                body=(
                    "Annwyl ((first_name)), rydym wedi rhoi ((amount)) ar eich cerdyn "
                    "rhagdaledig sy'n gorffen gyda ((card_ending)). Gallwch ei ddefnyddio nawr. "
                    "Cyfeirnod ((reference))."
                ),
            ),
        ),
        MessageTemplate(
            key="goods_ordered",
            name="Goods ordered",
            sent_when="Sent when the items awarded are ordered from the supplier.",
            placeholders=("first_name", "reference", "amount", "items", "delivery_date", "slot"),
            required=("reference", "items", "delivery_date"),
            english=Wording(
                subject="Your items are ordered (((reference)))",
                body=(
                    "Dear ((first_name)), we have ordered ((items)) for you. They will be "
                    "delivered on ((delivery_date)), ((slot)). Someone needs to be in to take "
                    "them. If you cannot be in, call us. Reference ((reference))."
                ),
            ),
            welsh=Wording(
                subject="Mae eich eitemau wedi'u harchebu (((reference)))",
                body=(
                    "Annwyl ((first_name)), rydym wedi archebu ((items)) i chi. Byddant yn cael "
                    "eu danfon ar ((delivery_date)), ((slot)). Mae angen i rywun fod yno i'w "
                    "derbyn. Os na allwch fod yno, ffoniwch ni. Cyfeirnod ((reference))."
                ),
            ),
        ),
        MessageTemplate(
            key="goods_delivery_failed",
            name="Delivery missed",
            sent_when="Sent when a supplier could not deliver the items awarded.",
            placeholders=("first_name", "reference", "items"),
            required=("reference",),
            english=Wording(
                subject="We could not deliver your items (((reference)))",
                body=(
                    "Dear ((first_name)), the delivery of ((items)) could not be made. Call us "
                    "to arrange another day. Reference ((reference))."
                ),
            ),
            welsh=Wording(
                subject="Ni allem ddanfon eich eitemau (((reference)))",
                body=(
                    "Annwyl ((first_name)), ni fu modd danfon ((items)). Ffoniwch ni i drefnu "
                    "diwrnod arall. Cyfeirnod ((reference))."
                ),
            ),
        ),
        MessageTemplate(
            key="referral_sent_to_partner",
            name="New referral (to partner staff)",
            sent_when="Sent to each member of a partner organisation's staff when the council "
            "refers someone to one of its services.",
            placeholders=("organisation", "service", "council"),
            required=("service", "council"),
            english=Wording(
                subject="New referral to ((service))",
                body=(
                    "((council)) has referred someone to ((service)) at ((organisation)), with "
                    "their consent. Sign in to the partner portal to see their details and "
                    "accept or decline the referral."
                ),
            ),
            welsh=Wording(
                subject="Atgyfeiriad newydd i ((service))",
                body=(
                    "Mae ((council)) wedi atgyfeirio rhywun i ((service)) yn ((organisation)), "
                    "gyda'u caniatâd. Mewngofnodwch i'r porth partneriaid i weld eu manylion a "
                    "derbyn neu wrthod yr atgyfeiriad."
                ),
            ),
        ),
        MessageTemplate(
            key="budget_alert",
            name="Budget alert (to finance officers)",
            sent_when="Sent to each finance officer when a budget's spending first passes one of "
            "its alert percentages.",
            placeholders=("budget", "percentage", "committed", "total", "remaining"),
            required=("budget", "percentage"),
            english=Wording(
                subject="((budget)) has committed ((percentage))% of its money",
                body=(
                    "((budget)) has now committed ((committed)) of ((total)), which is "
                    "((percentage))% of its money. ((remaining)) is left. Check the spend "
                    "profile and the priority level on the budget's page."
                ),
            ),
            welsh=Wording(
                subject="Mae ((budget)) wedi ymrwymo ((percentage))% o'i arian",
                body=(
                    "Mae ((budget)) bellach wedi ymrwymo ((committed)) o ((total)), sef "
                    "((percentage))% o'i arian. Mae ((remaining)) ar ôl. Gwiriwch y proffil "
                    "gwario a'r lefel blaenoriaeth ar dudalen y gyllideb."
                ),
            ),
        ),
    ]
}
