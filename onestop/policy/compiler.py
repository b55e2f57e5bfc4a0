"""Compile a checked policy into its two evaluators: Python for one case, Polars for many.

The scalar evaluator is Python source generated from the checked expression trees, the way
Jinja2 compiles templates: every name in it has been checked against the fact and parameter
lists, every literal is written with repr(), so the source can hold nothing the policy author
typed except as data. The vectorised evaluator builds the same trees into Polars expressions.
"""

from collections.abc import Callable
from typing import Any

import polars as pl

from onestop.policy.expressions import Binary, Call, Conditional, Literal, Member, Name, Node, Unary
from onestop.policy.facts import FACTS, fact_key
from onestop.policy.loader import PolicyDefinition

ScalarEvaluator = Callable[
    [dict[str, Any], dict[str, Any]],
    tuple[tuple[bool, ...], tuple[bool, ...], tuple[int, ...], int],
]

_PY_OPERATORS = {"+", "-", "*", "<", "<=", ">", ">=", "==", "!="}


def _python(node: Node, parameters: set[str]) -> str:
    if isinstance(node, Literal):
        return repr(node.value)
    if isinstance(node, Name):
        return f"p[{node.name!r}]" if node.name in parameters else f"f[{node.name!r}]"
    if isinstance(node, Call):
        if node.function in ("min", "max"):
            args = ", ".join(_python(a, parameters) for a in node.args)
            return f"{node.function}({args})"
        days = node.args[0]
        assert isinstance(days, Literal)
        return f"f[{fact_key(node.function, int(days.value))!r}]"
    if isinstance(node, Unary):
        operand = _python(node.operand, parameters)
        return f"(not {operand})" if node.op == "not" else f"(-{operand})"
    if isinstance(node, Binary):
        left, right = _python(node.left, parameters), _python(node.right, parameters)
        if node.op in ("and", "or"):
            return f"({left} {node.op} {right})"
        assert node.op in _PY_OPERATORS
        return f"({left} {node.op} {right})"
    if isinstance(node, Member):
        options = frozenset(str(o.value) for o in node.options if isinstance(o, Literal))
        word = "not in" if node.negated else "in"
        return f"({_python(node.value, parameters)} {word} {sorted(options)!r})"
    if isinstance(node, Conditional):
        return (
            f"({_python(node.then, parameters)} if {_python(node.condition, parameters)} "
            f"else {_python(node.otherwise, parameters)})"
        )
    raise TypeError(node)  # pragma: no cover - the checker admits nothing else


def scalar_source(policy: PolicyDefinition) -> str:
    """The Python source of `evaluate(f, p)` for this policy: facts `f`, parameters `p`."""
    names = set(policy.parameters)
    criteria = ", ".join(_python(c.test.tree, names) for c in policy.criteria)
    referrals = ", ".join(_python(r.when.tree, names) for r in policy.referrals)
    awards = ", ".join(
        f"({_python(a.amount.tree, names)} if {_python(a.when.tree, names)} else 0)"
        for a in policy.awards
    )
    priority = "".join(
        f"{index} if {_python(rule.when.tree, names)} else "
        for index, rule in enumerate(policy.priority)
    ) + str(len(policy.priority))
    return (
        "def evaluate(f, p):\n"
        f"    return (({criteria},), ({referrals}{',' if referrals else ''}), "
        f"({awards}{',' if awards else ''}), {priority})\n"
    )


def compile_scalar(policy: PolicyDefinition) -> ScalarEvaluator:
    source = scalar_source(policy)
    namespace: dict[str, Any] = {"__builtins__": {"min": min, "max": max}}
    code = compile(source, f"<policy {policy.label}>", "exec")
    exec(code, namespace)  # noqa: S102 - source generated from a checked tree, see module docstring
    evaluator: ScalarEvaluator = namespace["evaluate"]
    return evaluator


def polars_expression(node: Node, parameters: dict[str, pl.Expr]) -> pl.Expr:
    """The Polars expression for a checked tree; parameters are given as expressions."""

    def build(n: Node) -> pl.Expr:
        if isinstance(n, Literal):
            return pl.lit(n.value)
        if isinstance(n, Name):
            return parameters[n.name] if n.name in parameters else pl.col(n.name)
        if isinstance(n, Call):
            if n.function == "min":
                return pl.min_horizontal(build(n.args[0]), build(n.args[1]))
            if n.function == "max":
                return pl.max_horizontal(build(n.args[0]), build(n.args[1]))
            days = n.args[0]
            assert isinstance(days, Literal)
            assert n.function in FACTS
            return pl.col(fact_key(n.function, int(days.value)))
        if isinstance(n, Unary):
            return ~build(n.operand) if n.op == "not" else -build(n.operand)
        if isinstance(n, Binary):
            left, right = build(n.left), build(n.right)
            operations = {
                "and": lambda: left & right,
                "or": lambda: left | right,
                "+": lambda: left + right,
                "-": lambda: left - right,
                "*": lambda: left * right,
                "<": lambda: left < right,
                "<=": lambda: left <= right,
                ">": lambda: left > right,
                ">=": lambda: left >= right,
                "==": lambda: left == right,
                "!=": lambda: left != right,
            }
            return operations[n.op]()
        if isinstance(n, Member):
            options = [str(o.value) for o in n.options if isinstance(o, Literal)]
            test = build(n.value).is_in(options)
            return ~test if n.negated else test
        if isinstance(n, Conditional):
            return pl.when(build(n.condition)).then(build(n.then)).otherwise(build(n.otherwise))
        raise TypeError(n)  # pragma: no cover

    return build(node)
