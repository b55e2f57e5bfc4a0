"""The policy expression language: how it reads (precedence, money) and what it refuses."""

import polars as pl
import pytest

from onestop.policy.compiler import polars_expression
from onestop.policy.expressions import (
    BUILT_IN_FUNCTIONS,
    Binary,
    Call,
    Conditional,
    ExpressionError,
    Literal,
    Member,
    Name,
    Node,
    Type,
    Unary,
    check,
    names_used,
    parse,
)
from onestop.policy.facts import fact_functions, names_and_types

NAMES = {**names_and_types(), "savings_limit": Type.MONEY, "most_awards": Type.NUMBER}
FUNCTIONS = {**BUILT_IN_FUNCTIONS, **fact_functions()}
PARAMETERS = {"savings_limit", "most_awards"}


def type_of(text: str) -> Type:
    return check(parse(text), names=NAMES, functions=FUNCTIONS, constants=PARAMETERS)


def value_of(text: str) -> object:
    """Work out an expression of literals only (with the Polars evaluator)."""
    return pl.select(polars_expression(parse(text), {})).item()


def shape(node: Node) -> object:
    """A tree as nested tuples, ignoring columns, so a test can spell out the grouping."""
    if isinstance(node, Literal):
        return node.value
    if isinstance(node, Name):
        return node.name
    if isinstance(node, Unary):
        return (node.op, shape(node.operand))
    if isinstance(node, Binary):
        return (node.op, shape(node.left), shape(node.right))
    if isinstance(node, Member):
        return (
            "not in" if node.negated else "in",
            shape(node.value),
            [shape(o) for o in node.options],
        )
    if isinstance(node, Conditional):
        return ("if", shape(node.condition), shape(node.then), shape(node.otherwise))
    if isinstance(node, Call):
        return (node.function, *[shape(a) for a in node.args])
    raise AssertionError(node)


# How it reads --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "grouping"),
    [
        (
            "pregnant or disabled and is_resident",
            ("or", "pregnant", ("and", "disabled", "is_resident")),
        ),
        (
            "pregnant and disabled or is_resident",
            ("or", ("and", "pregnant", "disabled"), "is_resident"),
        ),
        ("not pregnant and disabled", ("and", ("not", "pregnant"), "disabled")),
        ("not pregnant or disabled", ("or", ("not", "pregnant"), "disabled")),
        ("not (pregnant or disabled)", ("not", ("or", "pregnant", "disabled"))),
        ("not not pregnant", ("not", ("not", "pregnant"))),
        (
            'not crisis_reason in ["other"]',
            ("not", ("in", "crisis_reason", ["other"])),
        ),
        (
            'crisis_reason not in ["other", "fire_or_flood"]',
            ("not in", "crisis_reason", ["other", "fire_or_flood"]),
        ),
        (
            "savings < savings_limit and pregnant",
            ("and", ("<", "savings", "savings_limit"), "pregnant"),
        ),
        ("1 + 2 * 3", ("+", 1, ("*", 2, 3))),
        ("(1 + 2) * 3", ("*", ("+", 1, 2), 3)),
        ("10 - 2 - 3", ("-", ("-", 10, 2), 3)),
        ("-savings + £1", ("+", ("-", "savings"), 100)),
        (
            "weekly_income - weekly_housing_costs >= £0",
            (">=", ("-", "weekly_income", "weekly_housing_costs"), 0),
        ),
        (
            "if household_size <= 1 then £60 else if household_size <= 5 then £100 else £150",
            (
                "if",
                ("<=", "household_size", 1),
                6000,
                ("if", ("<=", "household_size", 5), 10000, 15000),
            ),
        ),
        ("if pregnant then £1 else £2 + £3", ("if", "pregnant", 100, ("+", 200, 300))),
        ("min(savings, savings_limit)", ("min", "savings", "savings_limit")),
        ("awards_in_last(365) < most_awards", ("<", ("awards_in_last", 365), "most_awards")),
    ],
)
def test_operators_group_as_a_reader_expects(text: str, grouping: object) -> None:
    assert shape(parse(text)) == grouping


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("true or false and false", True),
        ("(true or false) and false", False),
        ("not true or true", True),
        ("not (true or true)", False),
        ("1 + 2 * 3", 7),
        ("10 - 2 - 3", 5),
        ("if 1 < 2 then 10 else 20", 10),
        ('"food" in ["food", "fuel"]', True),
        ('"rent" not in ["food", "fuel"]', True),
    ],
)
def test_operators_work_out_as_a_reader_expects(text: str, value: object) -> None:
    assert value_of(text) == value


@pytest.mark.parametrize(
    ("text", "pence"),
    [
        ("£20,500", 2_050_000),
        ("£49.50", 4_950),
        ("£6,000", 600_000),
        ("£0", 0),
        ("£0.01", 1),
        ("£1,234,567.89", 123_456_789),
    ],
)
def test_money_is_written_in_pounds_and_held_in_pence(text: str, pence: int) -> None:
    node = parse(text)

    assert node == Literal(1, pence, Type.MONEY)


@pytest.mark.parametrize("text", ["£20,50", "£49.5", "£1.234", "£,500", "£"])
def test_money_written_ambiguously_is_refused(text: str) -> None:
    with pytest.raises(ExpressionError):
        parse(text)


def test_money_times_a_number_is_money() -> None:
    assert type_of("weekly_rent_shortfall * 13") == Type.MONEY
    assert type_of("13 * weekly_rent_shortfall") == Type.MONEY
    assert type_of("household_size * most_awards") == Type.NUMBER


@pytest.mark.parametrize(
    ("text", "result"),
    [
        ("savings < savings_limit", Type.BOOL),
        ("awards_in_last(most_awards) < 3", Type.BOOL),
        ("max(weekly_income - weekly_housing_costs, £0)", Type.MONEY),
        ("min(household_size, 6)", Type.NUMBER),
        ("if pregnant then £10 else £0", Type.MONEY),
        ('if pregnant then "yes" else "no"', Type.TEXT),
        ("-household_size", Type.NUMBER),
        ("days_since_last_award >= 7", Type.BOOL),
        ("pregnant == disabled", Type.BOOL),
    ],
)
def test_well_typed_expressions_have_the_type_a_reader_expects(text: str, result: Type) -> None:
    assert type_of(text) == result


# What it refuses -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("savings < 6000", "cannot compare money with number using '<'"),
        ("crisis_reason == 3", "cannot compare text with number"),
        ('crisis_reason < "other"', "cannot compare text with text using '<'"),
        ("savings == household_size", "cannot compare money with number"),
        ("savings + 1", "cannot use '+' on money and number"),
        ("savings * savings_limit", "cannot multiply money by money"),
        ("pregnant and household_size", "'and' joins true-or-false tests"),
        ("savings or pregnant", "'or' joins true-or-false tests"),
        ("not savings", "'not' needs true or false, not money"),
        ("-pregnant", "'-' needs a number or money, not true or false"),
        ("household_size in [1, 2]", "'in' needs text on its left, not number"),
        ('crisis_reason in ["other", household_size]', "the list after 'in' must hold quoted text"),
        ("if savings then £1 else £2", "'if' needs true or false, not money"),
        (
            "if pregnant then £1 else 1",
            "'then' gives money but 'else' gives number; both must give the same",
        ),
        ("min(savings, household_size)", "'min' needs two numbers or two amounts of money"),
        ("max(savings)", "'max' takes 2 value(s), not 1"),
        (
            "awards_in_last(household_size) < 3",
            "'awards_in_last' needs a number or a parameter, not a fact",
        ),
        ("awards_in_last(savings) < 3", "'awards_in_last' needs number, not money"),
        ("round(savings)", "'round' is not a function this policy knows"),
        ('__import__("os")', "'__import__' is not a function this policy knows"),
        (
            "savngs < savings_limit",
            "'savngs' is not a fact or parameter this policy knows (did you mean 'savings'?)",
        ),
        ("awards_in_last < 3", "'awards_in_last' is not a fact or parameter this policy knows"),
    ],
)
def test_type_errors_and_unknown_names_are_refused(text: str, message: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        type_of(text)

    assert caught.value.message == message


@pytest.mark.parametrize(
    ("text", "message", "column"),
    [
        ("savings <", "the expression stops before it is complete", 10),
        ("savings < < £1", "'<' is not expected here", 11),
        ("savings.__class__", "'.' is not allowed here", 8),
        ("savings ≤ £1", "'≤' is not allowed here", 9),
        ("savings < £1; import os", "';' is not allowed here", 13),
        ("savings < 1 < 2", "'<' is not expected here", 13),
        ("if pregnant then £1", "the expression stops before it is complete", 20),
        ("(pregnant", "the expression stops before it is complete", 10),
        ("pregnant)", "')' is not expected here", 9),
        ("lambda: 1", "':' is not allowed here", 7),
        ("if = 1", "'=' is not allowed here", 4),
        ("Savings < £1", "'S' is not allowed here", 1),
        ("'other' == crisis_reason", "''' is not allowed here", 1),
    ],
)
def test_text_outside_the_grammar_is_refused_with_where(
    text: str, message: str, column: int
) -> None:
    with pytest.raises(ExpressionError) as caught:
        parse(text)

    assert caught.value.message == message
    assert caught.value.column == column


@pytest.mark.parametrize("keyword", ["if", "then", "else", "and", "or", "not", "in"])
def test_keywords_cannot_be_names(keyword: str) -> None:
    with pytest.raises(ExpressionError):
        parse(f"{keyword} == 1")


def test_true_and_false_are_values_not_names() -> None:
    assert parse("true") == Literal(1, True, Type.BOOL)
    assert parse("false") == Literal(1, False, Type.BOOL)
    assert parse("trueish") == Name(1, "trueish")


@pytest.mark.parametrize(("text", "pence"), [("£6000", 600_000), ("£1000.50", 100_050)])
def test_money_over_999_pounds_may_be_written_without_commas(text: str, pence: int) -> None:
    # The loader accepts `2026-04-01: £6000` in a parameter; an expression should too.
    assert parse(text) == Literal(1, pence, Type.MONEY)


def test_a_list_on_its_own_is_not_an_expression() -> None:
    with pytest.raises(ExpressionError):
        parse('["a", "b"]')


def test_names_used_lists_facts_and_parameters_but_not_functions() -> None:
    used = names_used(
        parse("min(savings, savings_limit) > £0 and awards_in_last(365) < most_awards")
    )

    assert used == {"savings", "savings_limit", "most_awards"}
