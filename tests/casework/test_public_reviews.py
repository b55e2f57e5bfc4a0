"""The public review pages: an applicant finds their decision by reference and date of birth,
says why it is wrong, and sends the request; nobody else can find it, guessing is limited."""

import datetime
import html
import re
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from onestop.budgets.models import Budget
from onestop.casework.models import (
    Decision,
    DecisionOutcome,
    DiscretionReason,
    Review,
    ReviewChannel,
    ReviewOutcome,
)
from onestop.casework.services.decisions import decision_record
from onestop.casework.services.reviews import review_decide
from onestop.casework.views.public_reviews import JOURNEY_KEY
from onestop.core.models import AuditEvent
from onestop.core.references import new_reference
from onestop.core.roles import Role
from onestop.councils.models import Council, Membership
from onestop.intake.models import Application
from onestop.notifications.models import Message
from onestop.policy.models import Scheme
from tests.factories import (
    london_time,
    make_award,
    make_budget,
    make_membership,
    make_review,
    make_scheme,
    person_details,
    submit_application,
)

pytestmark = pytest.mark.django_db

BORN = datetime.date(1988, 5, 17)
GROUNDS = "You did not count my rent, so you think I have more money than I do."
LATE_REASON = "I was in hospital when your letter came."
NOT_FOUND = (
    "We could not find a decision with that reference and date of birth. Check both and try "
    "again. If you still cannot find it, call us on 01632 960000, or free on 0808 157 0000."
)


@pytest.fixture(autouse=True)
def no_earlier_failures() -> Iterator[None]:
    """Failed look-ups are counted in the cache, which outlives each test's database."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def application(scheme: Scheme, budget: Budget) -> Application:
    return submit_application(
        scheme=scheme,
        applicant=person_details(
            first_name="Carys",
            last_name="Pritchard",
            date_of_birth=BORN,
            phone="07700 900321",
            email="carys.pritchard@example.com",
        ),
    )


@pytest.fixture
def awarded(application: Application, decision_maker: Membership) -> Application:
    make_award(application=application, membership=decision_maker)
    return application


def page(council: Council, name: str) -> str:
    return reverse(f"public_reviews:{name}", kwargs={"council_slug": council.slug})


def look_up(
    client: Client, council: Council, reference: str, born: datetime.date = BORN
) -> HttpResponse:
    return client.post(
        page(council, "find"),
        {
            "reference": reference,
            "date_of_birth_day": str(born.day),
            "date_of_birth_month": str(born.month),
            "date_of_birth_year": str(born.year),
        },
    )


def text(response: HttpResponse) -> str:
    """The page's words, tags removed and spaces collapsed, as a person reads them."""
    words = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(words).split())


def error_list(response: HttpResponse) -> str:
    match = re.search(
        r'<ul class="govuk-list govuk-error-summary__list">(.*?)</ul>',
        response.content.decode(),
        re.S,
    )
    assert match, "no error summary on the page"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split())


def decided_days_ago(application: Application, days: int) -> None:
    day = timezone.localdate() - datetime.timedelta(days=days)
    Decision.objects.filter(application=application).update(
        created_at=london_time(day.year, day.month, day.day)
    )


def send_request(client: Client, application: Application) -> list[HttpResponse]:
    """The whole journey for an in-time request; every page the applicant saw, in order."""
    council = application.council
    seen = [client.get(page(council, "start")), client.get(page(council, "find"))]
    found = look_up(client, council, application.reference.lower().replace("-", " "))
    assert found.status_code == 302
    assert found["Location"] == page(council, "grounds")
    seen.append(client.get(found["Location"]))
    answered = client.post(page(council, "grounds"), {"grounds": GROUNDS})
    assert answered["Location"] == page(council, "check")
    seen.append(client.get(answered["Location"]))
    sent = client.post(page(council, "check"))
    assert sent["Location"] == page(council, "sent")
    seen.append(client.get(sent["Location"]))
    return seen


# The start page


def test_the_start_page_explains_a_review_the_window_and_how_to_get_help(
    council: Council,
) -> None:
    Council.objects.filter(pk=council.pk).update(review_window_months=3)

    response = Client().get(page(council, "start"))

    assert response.status_code == 200
    words = text(response)
    assert "Someone who did not make the decision will look at it." in words
    assert "Ask within 3 months of the date of our decision." in words
    assert "you can still ask" in words
    assert "Start now" in words
    assert "If you need help, call us on 01632 960000, or free on 0808 157 0000." in words
    assert "Signed in as" not in words  # no staff navigation


def test_a_council_that_does_not_exist_is_page_not_found(db: None) -> None:
    assert Client().get("/councils/nowhere/review/").status_code == 404


# The whole journey


def test_the_whole_journey_stores_one_online_review_logged_by_nobody(
    awarded: Application,
) -> None:
    client = Client()

    seen = send_request(client, awarded)

    review = Review.objects.get()
    assert review.application == awarded
    assert review.channel == ReviewChannel.ONLINE
    assert review.logged_by is None
    assert review.grounds == GROUNDS
    assert review.requested_on == timezone.localdate()
    assert review.is_late is False
    confirmation = text(seen[-1])
    assert "Request sent" in confirmation
    assert f"Your reference is {awarded.reference}" in confirmation
    assert f"by the end of {review.due_on.day} {review.due_on:%B %Y}" in confirmation
    assert "What happens next" in confirmation
    assert Message.objects.filter(
        case_reference=awarded.reference, template="review_received"
    ).exists()
    event = AuditEvent.objects.get(action="review.requested")
    assert event.actor is None
    assert event.actor_label == "The applicant, online"  # on the timeline, not "automatic"
    assert event.summary == "Review asked for (online)"
    assert event.reason == GROUNDS
    # The answers and the found case leave the session once the request is sent.
    assert JOURNEY_KEY not in client.session
    assert client.get(page(awarded.council, "check"))["Location"] == page(awarded.council, "find")


def test_a_refusal_can_be_reviewed_too(
    application: Application, decision_maker: Membership
) -> None:
    decision_record(
        membership=decision_maker,
        application=application,
        outcome=DecisionOutcome.REFUSE,
        reasons="You have enough savings to meet this need.",
        discretion_reason=DiscretionReason.OTHER,
        discretion_details="Savings in a second account were found.",
    )

    send_request(Client(), application)

    assert Review.objects.get().original_amount_pence == 0


def test_the_pages_show_the_first_name_and_decision_date_but_no_other_personal_data(
    awarded: Application,
) -> None:
    seen = send_request(Client(), awarded)

    check_answers = text(seen[3])
    assert "Carys" in check_answers
    assert "Decision made on" in check_answers
    applicant = awarded.applicant
    for response in seen:
        content = response.content.decode()
        for private in (
            applicant.phone,
            applicant.phone.replace(" ", ""),
            applicant.email,
            applicant.last_name,
            awarded.household.postcode,
            awarded.household.address_line_1,
            BORN.isoformat(),
            f"{BORN.day} {BORN:%B %Y}",
        ):
            assert private not in content


def test_every_form_carries_a_csrf_token_and_a_post_without_one_is_refused(
    awarded: Application,
) -> None:
    client = Client(enforce_csrf_checks=True)
    council = awarded.council

    form = client.get(page(council, "find"))
    assert 'name="csrfmiddlewaretoken"' in form.content.decode()
    refused = look_up(client, council, awarded.reference)

    assert refused.status_code == 403
    assert JOURNEY_KEY not in client.session


# Finding the decision


def test_a_wrong_date_of_birth_and_an_unknown_reference_get_the_same_message(
    awarded: Application,
) -> None:
    council = awarded.council
    wrong_birthday = look_up(Client(), council, awarded.reference, BORN.replace(year=1989))
    unknown_reference = look_up(Client(), council, new_reference("CR"))

    for response in (wrong_birthday, unknown_reference):
        assert response.status_code == 200
        assert error_list(response) == NOT_FOUND
    assert not Review.objects.exists()


def test_another_councils_address_cannot_find_this_councils_case(
    awarded: Application, other_council: Council
) -> None:
    make_budget(scheme=make_scheme(council=other_council))
    client = Client()

    response = look_up(client, other_council, awarded.reference)

    assert error_list(response) == NOT_FOUND
    assert JOURNEY_KEY not in client.session
    assert client.get(page(other_council, "grounds"))["Location"] == page(other_council, "find")


def test_a_mistyped_reference_is_caught_before_any_search_and_is_not_counted(
    awarded: Application,
) -> None:
    client = Client()
    wrong_check_character = awarded.reference[:-1] + ("0" if awarded.reference[-1] != "0" else "1")

    for _ in range(6):
        response = look_up(client, awarded.council, wrong_check_character)
        assert error_list(response) == (
            "Enter your reference as it is on our letter or message, like CR-7K4M-2Q"
        )

    assert look_up(client, awarded.council, awarded.reference).status_code == 302


def test_the_date_of_birth_must_be_a_real_date(awarded: Application) -> None:
    response = look_up(Client(), awarded.council, awarded.reference, BORN)
    bad = Client().post(
        page(awarded.council, "find"),
        {
            "reference": awarded.reference,
            "date_of_birth_day": "31",
            "date_of_birth_month": "2",
            "date_of_birth_year": "1988",
        },
    )

    assert response.status_code == 302
    assert error_list(bad) == "Date of birth must be a real date"


def test_a_case_still_being_decided_cannot_be_reviewed_yet(application: Application) -> None:
    client = Client()

    response = look_up(client, application.council, application.reference)

    assert response.status_code == 200
    assert "We have not decided yet" in text(response)
    assert JOURNEY_KEY not in client.session
    assert client.get(page(application.council, "grounds")).status_code == 302
    assert not Review.objects.exists()


# Guessing


def test_after_five_failed_look_ups_a_session_is_asked_to_call(awarded: Application) -> None:
    client = Client()
    council = awarded.council

    for _ in range(4):
        assert error_list(look_up(client, council, new_reference("CR"))) == NOT_FOUND
    fifth = look_up(client, council, new_reference("CR"))
    with_the_right_details = look_up(client, council, awarded.reference)

    for response in (fifth, with_the_right_details, client.get(page(council, "find"))):
        assert response.status_code == 429
        words = text(response)
        assert "Call us to ask for a review" in words
        assert "01632 960000" in words
        assert "0808 157 0000" in words
    assert JOURNEY_KEY not in client.session


def test_after_twenty_failed_look_ups_from_one_address_it_is_asked_to_call(
    awarded: Application,
) -> None:
    council = awarded.council
    address = "203.0.113.7"
    for _ in range(5):  # a fresh session each time, as someone throwing cookies away would
        client = Client(REMOTE_ADDR=address)
        for _ in range(4):
            look_up(client, council, new_reference("CR"))

    blocked = look_up(Client(REMOTE_ADDR=address), council, awarded.reference)
    elsewhere = look_up(Client(REMOTE_ADDR="198.51.100.9"), council, awarded.reference)

    assert blocked.status_code == 429
    assert "Call us to ask for a review" in text(blocked)
    assert elsewhere.status_code == 302


# Saying why


def test_why_the_decision_is_wrong_is_needed_and_at_most_2000_characters(
    awarded: Application,
) -> None:
    client = Client()
    look_up(client, awarded.council, awarded.reference)

    empty = client.post(page(awarded.council, "grounds"), {"grounds": "   "})
    too_long = client.post(page(awarded.council, "grounds"), {"grounds": "x" * 2001})

    assert error_list(empty) == "Enter why we should look at the decision again"
    assert error_list(too_long) == (
        "Why we should look at the decision again must be 2,000 characters or fewer"
    )
    assert "x" * 2001 in too_long.content.decode()  # what they typed is kept
    assert client.get(page(awarded.council, "check"))["Location"] == page(
        awarded.council, "grounds"
    )
    assert not Review.objects.exists()


def test_a_late_request_needs_a_reason_for_asking_now(awarded: Application) -> None:
    decided_days_ago(awarded, 45)
    council = awarded.council
    client = Client()
    look_up(client, council, awarded.reference)

    answered = client.post(page(council, "grounds"), {"grounds": GROUNDS})
    skipped = client.get(page(council, "check"))
    empty = client.post(page(council, "why_now"), {"late_reason": ""})
    asked = client.get(page(council, "why_now"))

    assert answered["Location"] == page(council, "why_now")
    assert skipped["Location"] == page(council, "why_now")
    assert error_list(empty) == "Enter why you are asking for a review now"
    assert "Why are you asking now?" in text(asked)
    assert "within 1 month of our decision" in text(asked)
    assert not Review.objects.exists()

    reason = client.post(page(council, "why_now"), {"late_reason": LATE_REASON})
    assert reason["Location"] == page(council, "check")
    assert LATE_REASON in text(client.get(page(council, "check")))
    client.post(page(council, "check"))

    review = Review.objects.get()
    assert review.is_late is True
    assert review.late_reason == LATE_REASON
    assert review.logged_by is None


def test_an_in_time_request_is_not_asked_why_now(awarded: Application) -> None:
    client = Client()
    look_up(client, awarded.council, awarded.reference)
    client.post(page(awarded.council, "grounds"), {"grounds": GROUNDS})

    response = client.get(page(awarded.council, "why_now"))

    assert response["Location"] == page(awarded.council, "check")


# Asking twice


def test_a_decision_with_a_review_waiting_says_so_when_it_is_found(awarded: Application) -> None:
    review = make_review(application=awarded)

    response = look_up(Client(), awarded.council, awarded.reference)

    assert response.status_code == 200
    words = text(response)
    assert "You have already asked for a review of this decision" in words
    assert f"It is due by the end of {review.due_on.day} {review.due_on:%B %Y}." in words


def test_a_decision_already_reviewed_points_to_the_ombudsman(awarded: Application) -> None:
    review = make_review(application=awarded)
    reviewer = make_membership(role=Role.TEAM_LEADER, council=awarded.council)
    review_decide(
        membership=reviewer,
        review=review,
        outcome=ReviewOutcome.UPHELD,
        amount_pence=0,
        reasons="The award follows the scheme's table.",
    )

    response = look_up(Client(), awarded.council, awarded.reference)

    assert "Local Government and Social Care Ombudsman" in text(response)
    assert Review.objects.count() == 1


def test_a_second_request_sent_at_the_same_time_gets_the_services_refusal(
    awarded: Application,
) -> None:
    council = awarded.council
    first, second = Client(), Client()
    for client in (first, second):
        look_up(client, council, awarded.reference)
        client.post(page(council, "grounds"), {"grounds": GROUNDS})
    first.post(page(council, "check"))

    refused = second.post(page(council, "check"))

    review = Review.objects.get()
    assert refused.status_code == 200
    words = text(refused)
    assert "We could not send your request" in words
    assert (
        "A review of this decision is already waiting. It is due by the end of "
        f"{review.due_on.day} {review.due_on:%B %Y}."
    ) in words
    assert JOURNEY_KEY not in second.session


def test_the_confirmation_page_needs_a_request_just_sent(council: Council) -> None:
    response = Client().get(page(council, "sent"))

    assert response["Location"] == page(council, "start")


def test_help_numbers_are_on_every_page_of_the_journey(awarded: Application) -> None:
    for response in send_request(Client(), awarded):
        assert "If you need help, call us on 01632 960000, or free on 0808 157 0000." in text(
            response
        )
