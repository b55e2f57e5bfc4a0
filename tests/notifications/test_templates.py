"""Message templates: every default is sendable, and a council's wording is held to the rules."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onestop.notifications.templates import (
    SMS_MAX_CHARACTERS,
    TEMPLATES,
    example_personalisation,
    fill,
    preview,
    sms_parts,
    wording_problems,
)

RECEIVED = TEMPLATES["application_received"]
VOUCHER = TEMPLATES["voucher_issued"]


def problems(template=RECEIVED, *, subject="Application ((reference))", body="", language="en"):
    return [
        (p.field, p.message)
        for p in wording_problems(template, subject=subject, body=body, language=language)
    ]


@pytest.mark.parametrize("key", sorted(TEMPLATES))
@pytest.mark.parametrize("language", ["en", "cy"])
def test_every_default_wording_keeps_the_rules(key: str, language: str) -> None:
    template = TEMPLATES[key]
    wording = template.default(language)
    assert problems(template, subject=wording.subject, body=wording.body, language=language) == []


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_the_welsh_default_uses_the_same_placeholders_as_the_english(key: str) -> None:
    template = TEMPLATES[key]
    names = {
        language: set(re.findall(r"\(\(([a-z_]+)\)\)", template.default(language).body))
        for language in ("en", "cy")
    }
    assert names["en"] == names["cy"]
    assert template.welsh.body != template.english.body


def test_the_new_applicant_templates_are_there_with_their_placeholders() -> None:
    expected = {
        "information_requested": ("first_name", "reference", "what_is_needed", "due_date"),
        "information_reminder": ("first_name", "reference", "what_is_needed", "due_date"),
        "review_received": ("first_name", "reference", "due_date"),
        "review_decided": ("first_name", "reference", "outcome_summary"),
        "complaint_acknowledged": ("first_name", "reference", "due_date"),
    }
    for key, placeholders in expected.items():
        assert TEMPLATES[key].placeholders == placeholders


def test_a_placeholder_the_message_does_not_have_is_refused() -> None:
    assert problems(body="Hello ((name)), your reference is ((reference)).") == [
        (
            "body",
            "The message uses ((name)), which this message does not have. Use only "
            "((first_name)), ((reference)), ((scheme)), ((decision_due))",
        )
    ]
    assert problems(subject="((codes))", body="Reference ((reference))") == [
        (
            "subject",
            "The subject uses ((codes)), which this message does not have. Use only "
            "((first_name)), ((reference)), ((scheme)), ((decision_due))",
        )
    ]


def test_a_placeholder_written_differently_is_not_the_same_placeholder() -> None:
    found = problems(body="Dear ((First_Name)), reference (( reference )) ((reference)).")
    assert found[0][0] == "body"
    assert "((First_Name)), (( reference ))" in found[0][1]


def test_a_required_placeholder_must_stay() -> None:
    assert problems(body="Thank you, ((first_name)), we have it.") == [
        ("body", "The message must include ((reference))")
    ]
    assert problems(VOUCHER, subject="Voucher", body="Here it is: ((reference)).") == [
        ("body", "The message must include ((retailer)), ((codes))")
    ]


@pytest.mark.parametrize(
    "body",
    [
        "Dear ((first_name), reference ((reference)).",
        "Dear (first_name)), reference ((reference)).",
        "Dear ((first_name)) reference ((reference)) ((",
        "Dear ((first_name ((reference)).",
        "Reference ((reference)) ((scheme)",
    ],
)
def test_brackets_that_do_not_pair_up_are_refused(body: str) -> None:
    assert problems(body=body) == [
        (
            "body",
            "Check the brackets in the message: each placeholder starts with (( and ends "
            "with )), like ((reference))",
        )
    ]


def test_single_brackets_are_ordinary_words() -> None:
    assert problems(body="Your reference (keep it safe) is ((reference)).") == []


def test_a_text_message_longer_than_notify_sends_is_refused() -> None:
    example = example_personalisation(RECEIVED, "en")
    fixed = "Reference ((reference)). "
    room = SMS_MAX_CHARACTERS - len(fill(fixed, example))
    assert problems(body=fixed + "x" * room) == []
    assert problems(body=fixed + "x" * (room + 1)) == [
        (
            "body",
            "The message must be 918 characters or fewer to send as a text message. With "
            "the example details it is 919 characters",
        )
    ]


def test_a_message_is_split_into_text_messages_as_notify_counts_them() -> None:
    assert [sms_parts("x" * n) for n in (1, 160, 161, 306, 307, 918)] == [1, 1, 2, 2, 3, 6]


def test_the_preview_fills_in_example_details_in_the_language() -> None:
    shown = preview(
        RECEIVED,
        "cy",
        subject="Cais ((reference))",
        body="Annwyl ((first_name)), erbyn ((decision_due)).",
    )
    assert shown.subject == "Cais CR-7K4M-2Q"
    assert shown.body == "Annwyl Siân, erbyn 4 Mehefin 2026."
    assert shown.characters == len(shown.body)
    assert shown.text_messages == 1


plain_text = st.text(
    alphabet=st.characters(blacklist_characters="()", blacklist_categories=("Cs",)), max_size=400
)


@given(before=plain_text, after=plain_text)
def test_plain_words_around_the_required_placeholder_are_always_accepted(
    before: str, after: str
) -> None:
    assert problems(subject="Subject", body=f"{before}((reference)){after}") == []


@given(body=st.text(max_size=300))
def test_any_wording_gets_an_answer_never_an_error(body: str) -> None:
    for problem in wording_problems(RECEIVED, subject="s", body=body):
        assert problem.field in ("subject", "body")
        assert problem.message
