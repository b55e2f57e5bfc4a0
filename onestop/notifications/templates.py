"""Message templates in GOV.UK Notify's ((placeholder)) style.

Each has a Notify template ID setting, so the same key is sent by Notify when it is set up;
the text here is what the local outbox stores, and what the Notify template should say.
"""

import re
from dataclasses import dataclass

_PLACEHOLDER = re.compile(r"\(\(([a-z_]+)\)\)")


@dataclass(frozen=True)
class MessageTemplate:
    key: str
    subject: str
    body: str

    def render(self, personalisation: dict[str, str]) -> tuple[str, str]:
        def fill(text: str) -> str:
            return _PLACEHOLDER.sub(lambda m: str(personalisation[m.group(1)]), text)

        return fill(self.subject), fill(self.body)


TEMPLATES = {
    t.key: t
    for t in [
        MessageTemplate(
            key="application_received",
            subject="We have your application ((reference))",
            body=(
                "Dear ((first_name)), we have your ((scheme)) application. "
                "Your reference is ((reference)). We will tell you our decision by the end of "
                "((decision_due))."
            ),
        ),
        MessageTemplate(
            key="award_made",
            subject="Your application ((reference)) has been approved",
            body=(
                "Dear ((first_name)), your application ((reference)) has been approved. "
                "We have awarded ((amount)). We will send your e-voucher codes separately."
            ),
        ),
        MessageTemplate(
            key="application_refused",
            subject="Decision on your application ((reference))",
            body=(
                "Dear ((first_name)), we cannot make an award for application ((reference)). "
                "Why: ((reasons)). You can ask us to look at this decision again within one "
                "month. Reply to this message or call us to ask for a review."
            ),
        ),
        MessageTemplate(
            key="voucher_issued",
            subject="Your e-voucher for ((reference))",
            body=(
                "Dear ((first_name)), here is your ((amount)) e-voucher for ((retailer)): "
                "((codes)). Show this message at the till. Reference ((reference))."
            ),
        ),
    ]
}
