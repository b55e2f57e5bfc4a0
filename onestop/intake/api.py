"""The partner API's intake endpoint: a partner applies on a client's behalf, exactly once per key.

The application goes through `application_submit`, as one taken by phone does, so it is stored,
matched and assessed the same way; only the channel (partner) and the organisation differ.
"""

import datetime
import hashlib
import json
from typing import Annotated

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Header, Router
from ninja.decorators import decorate_view
from ninja.responses import Status

from onestop.core.errors import ServiceError
from onestop.core.forms import clean_phone, clean_postcode
from onestop.core.problems import (
    IDEMPOTENCY_KEY_REUSED,
    FieldProblem,
    Problem,
    ProblemError,
    field_problem,
    invalid_request,
    json_body_required,
)
from onestop.councils.models import ApiKey, Council
from onestop.intake.api_schemas import AddressIn, ApplicationIn, ApplicationReceipt, Links
from onestop.intake.models import Application, Channel
from onestop.intake.selectors import application_by_submission_key
from onestop.intake.services import ApplicationDetails, Circumstances, application_submit
from onestop.people.duplicates.records import NI_NUMBER_FORMAT_MESSAGE, ni_number_clean
from onestop.people.models import ContactPreference
from onestop.people.selectors import address_by_uprn, gazetteer_loaded
from onestop.people.services import AddressDetails, MemberDetails, PersonDetails
from onestop.policy.models import Scheme
from onestop.policy.selectors import schemes_all

router = Router(tags=["Applications"])

IdempotencyKey = Annotated[
    str,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=64,
        pattern=r"^[!-~]+$",
        description="A value unique to this application, such as a UUID. Send the same one "
        "when you retry, and you get the first answer instead of a second application.",
    ),
]


def submission_key_for(*, api_key: ApiKey, idempotency_key: str) -> str:
    """Keys are the organisation's own: another partner's same key is another application."""
    return f"api:{api_key.organisation_id}:{idempotency_key}"


def request_digest(payload: ApplicationIn) -> str:
    """A digest of what was asked for, so spacing or key order in the JSON does not matter."""
    canonical = json.dumps(payload.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _date_of_birth_problem(day: datetime.date, path: list[str | int]) -> FieldProblem | None:
    if day >= timezone.localdate():
        return field_problem(path, "Date of birth must be in the past")
    if day.year < 1900:
        return field_problem(path, "Date of birth must be after 1900")
    return None


def _scheme(council: Council, slug: str) -> Scheme | None:
    return schemes_all(council=council).filter(slug=slug).first()


def _address_problems(address: AddressIn, council: Council) -> tuple[str, list[FieldProblem]]:
    """The cleaned postcode, and what is wrong with the address."""
    problems: list[FieldProblem] = []
    postcode = ""
    if address.postcode:  # the schema requires one unless there is no fixed address
        try:
            postcode = clean_postcode(address.postcode)
        except DjangoValidationError as error:
            problems.append(field_problem(["address", "postcode"], error.messages[0]))
    if address.uprn and address.no_fixed_address:
        problems.append(
            field_problem(
                ["address", "uprn"],
                "Leave out uprn when no_fixed_address is true: a UPRN is the address of a home",
            )
        )
    elif (
        address.uprn
        and gazetteer_loaded(council=council)
        and address_by_uprn(council=council, uprn=address.uprn) is None
    ):
        problems.append(
            field_problem(
                ["address", "uprn"],
                f"UPRN {address.uprn} is not in the council's address list: check it, or leave "
                "out uprn and send the address as the client gives it",
            )
        )
    return postcode, problems


def _problems(payload: ApplicationIn, council: Council) -> tuple[list[FieldProblem], str, str]:
    """The checks the adviser's form makes, with its messages; also the cleaned phone and postcode."""
    problems: list[FieldProblem] = []
    if _scheme(council, payload.scheme) is None:
        slugs = ", ".join(schemes_all(council=council).values_list("slug", flat=True))
        problems.append(field_problem(["scheme"], f"Choose a scheme this council runs: {slugs}"))
    applicant = payload.applicant
    if found := _date_of_birth_problem(applicant.date_of_birth, ["applicant", "date_of_birth"]):
        problems.append(found)
    for index, member in enumerate(payload.members):
        path: list[str | int] = ["members", index, "date_of_birth"]
        if found := _date_of_birth_problem(member.date_of_birth, path):
            problems.append(found)
    phone = postcode = ""
    try:
        phone = clean_phone(applicant.phone)
    except DjangoValidationError as error:
        problems.append(field_problem(["applicant", "phone"], error.messages[0]))
    if applicant.email:
        try:
            validate_email(applicant.email)
        except DjangoValidationError:
            problems.append(
                field_problem(
                    ["applicant", "email"],
                    "Enter an email address in the correct format, like name@example.com",
                )
            )
    if applicant.national_insurance_number and not ni_number_clean(
        applicant.national_insurance_number
    ):
        problems.append(
            field_problem(["applicant", "national_insurance_number"], NI_NUMBER_FORMAT_MESSAGE)
        )
    if applicant.contact_preference == ContactPreference.SMS and not applicant.phone:
        problems.append(
            field_problem(
                ["applicant", "phone"],
                "Enter a mobile number for text messages, or choose email",
            )
        )
    if applicant.contact_preference == ContactPreference.EMAIL and not applicant.email:
        problems.append(
            field_problem(["applicant", "email"], "Enter an email address, or choose text message")
        )
    postcode, address_problems = _address_problems(payload.address, council)
    problems.extend(address_problems)
    if not payload.consent:
        problems.append(
            field_problem(
                ["consent"],
                "Apply only once the client agrees to the council using their information, "
                "then send consent as true",
            )
        )
    return problems, phone, postcode


def application_details(payload: ApplicationIn, council: Council) -> ApplicationDetails:
    """The request as intake's service takes it; every mistake is reported at once."""
    problems, phone, postcode = _problems(payload, council)
    scheme = _scheme(council, payload.scheme)
    if problems or scheme is None:
        raise invalid_request(problems)
    applicant = payload.applicant
    return ApplicationDetails(
        scheme=scheme,
        channel=Channel.PARTNER,
        applicant=PersonDetails(
            first_name=applicant.first_name,
            last_name=applicant.last_name,
            date_of_birth=applicant.date_of_birth,
            phone=phone,
            email=applicant.email,
            contact_preference=applicant.contact_preference,
            language=applicant.language,
            national_insurance_number=ni_number_clean(applicant.national_insurance_number),
        ),
        address=AddressDetails(
            address_line_1=payload.address.address_line_1,
            address_line_2=payload.address.address_line_2,
            town=payload.address.town,
            postcode=postcode,
            uprn=payload.address.uprn,
            no_fixed_address=payload.address.no_fixed_address,
        ),
        members=[
            MemberDetails(m.first_name, m.last_name, m.date_of_birth, m.relationship)
            for m in payload.members
        ],
        crisis_reason=payload.crisis_reason,
        crisis_details=payload.crisis_details,
        weekly_income_pence=payload.weekly_income_pence,
        weekly_housing_costs_pence=payload.weekly_housing_costs_pence,
        savings_pence=payload.savings_pence,
        consent_given=payload.consent,
        circumstances=Circumstances(**payload.circumstances.model_dump()),
    )


def _key_reused() -> ProblemError:
    return ProblemError(
        status=409,
        type=IDEMPOTENCY_KEY_REUSED,
        title="This Idempotency-Key was used for a different application",
        detail="Your organisation already sent an application with this Idempotency-Key and a "
        "different body. Use a new key for a new application; to retry, send exactly the same "
        "body again.",
    )


def receipt(application: Application) -> ApplicationReceipt:
    return ApplicationReceipt(
        reference=application.reference,
        status="received",
        scheme=application.scheme.slug,
        submitted_at=application.submitted_at,
        decision_due=application.decision_due,
        links=Links(status=reverse("api-1:application_progress", args=[application.reference])),
    )


@router.post(
    "/applications",
    response={
        201: ApplicationReceipt,
        400: Problem,
        401: Problem,
        409: Problem,
        415: Problem,
        422: Problem,
        500: Problem,
    },
    summary="Apply on a client's behalf",
    url_name="application_submit",
)
@decorate_view(json_body_required)
def application_create(
    request: HttpRequest,
    response: HttpResponse,
    payload: ApplicationIn,
    idempotency_key: IdempotencyKey,
) -> Status[ApplicationReceipt]:
    """Submit an application. Retrying with the same Idempotency-Key and body is safe."""
    api_key = request.auth  # type: ignore[attr-defined]
    council = api_key.organisation.council
    key = submission_key_for(api_key=api_key, idempotency_key=idempotency_key)
    digest = request_digest(payload)
    existing = application_by_submission_key(council=council, submission_key=key)
    if existing is None:
        details = application_details(payload, council)
        try:
            application = application_submit(
                actor=None,
                council=council,
                details=details,
                submission_key=key,
                organisation=api_key.organisation,
                request_digest=digest,
            )
        except ServiceError as error:
            raise invalid_request([field_problem([error.field or "body"], error.message)]) from None
    else:
        application = existing
        response["Idempotent-Replayed"] = "true"
    if application.request_digest != digest:
        raise _key_reused()  # also when another request with this key won a race to the insert
    response["Location"] = receipt(application).links.status
    return Status(201, receipt(application))
