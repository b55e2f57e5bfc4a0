"""The small, safe expression language of policy files: grammar, syntax tree and type checks.

A criterion such as `savings < savings_limit and not crisis_reason in ["other"]` is parsed
against the grammar below into a tree of the node classes here, then checked: every name must
be a known fact or parameter, and every operator must get the types it needs. Only a tree that
passes is compiled (see compiler.py); the text itself is never run.
"""

from collections.abc import Iterator
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

GRAMMAR = r"""
?start: expr

?expr: "if" expr "then" expr "else" expr  -> conditional
     | or_expr

?or_expr: and_expr ("or" and_expr)*       -> or_
?and_expr: not_expr ("and" not_expr)*     -> and_
?not_expr: "not" not_expr                 -> not_
         | comparison

?comparison: sum COMPARE sum              -> compare
           | sum "in" options             -> member
           | sum "not" "in" options       -> not_member
           | sum

?sum: product (ADD_OP product)*           -> arithmetic
?product: unary (MUL_OP unary)*           -> arithmetic
?unary: "-" unary                         -> negate
      | atom

?atom: MONEY                              -> money
     | INT                                -> number
     | STRING                             -> text
     | "true"                             -> true
     | "false"                            -> false
     | NAME "(" [expr ("," expr)*] ")"    -> call
     | NAME                               -> name
     | "(" expr ")"

options: "[" [expr ("," expr)*] "]"

COMPARE: "<=" | ">=" | "==" | "!=" | "<" | ">"
ADD_OP: "+" | "-"
MUL_OP: "*"
MONEY: /£([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]{2})?/
INT: /[0-9]+/
STRING: /"[^"\\]*"/
NAME: /(?!(if|then|else|and|or|not|in|true|false)\b)[a-z_][a-z0-9_]*/

%import common.WS
%ignore WS
"""

_PARSER = Lark(GRAMMAR, parser="lalr", propagate_positions=True, maybe_placeholders=False)


class Type(StrEnum):
    NUMBER = "number"
    MONEY = "money"
    BOOL = "true or false"
    TEXT = "text"


class ExpressionError(ValueError):
    """What is wrong with an expression, and where in it (1-based column)."""

    def __init__(self, message: str, *, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.column = column


@dataclass(frozen=True)
class Node:
    column: int


@dataclass(frozen=True)
class Literal(Node):
    value: int | bool | str
    type: Type


@dataclass(frozen=True)
class Name(Node):
    name: str


@dataclass(frozen=True)
class Call(Node):
    function: str
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Unary(Node):
    op: str  # "not" or "-"
    operand: Node


@dataclass(frozen=True)
class Binary(Node):
    op: str  # + - * < <= > >= == != and or
    left: Node
    right: Node


@dataclass(frozen=True)
class Member(Node):
    value: Node
    options: tuple[Node, ...]
    negated: bool


@dataclass(frozen=True)
class Conditional(Node):
    condition: Node
    then: Node
    otherwise: Node


def _column(meta: Any) -> int:
    return getattr(meta, "column", 1) or 1


@v_args(meta=True)
class _ToTree(Transformer[Token, Node]):
    def money(self, meta: Any, children: list[Token]) -> Node:
        text = str(children[0])[1:].replace(",", "")
        pounds, _, pence = text.partition(".")
        return Literal(_column(meta), int(pounds) * 100 + int(pence or 0), Type.MONEY)

    def number(self, meta: Any, children: list[Token]) -> Node:
        return Literal(_column(meta), int(children[0]), Type.NUMBER)

    def text(self, meta: Any, children: list[Token]) -> Node:
        return Literal(_column(meta), str(children[0])[1:-1], Type.TEXT)

    def true(self, meta: Any, children: list[Token]) -> Node:
        return Literal(_column(meta), True, Type.BOOL)

    def false(self, meta: Any, children: list[Token]) -> Node:
        return Literal(_column(meta), False, Type.BOOL)

    def name(self, meta: Any, children: list[Token]) -> Node:
        return Name(_column(meta), str(children[0]))

    def call(self, meta: Any, children: list[Any]) -> Node:
        return Call(
            _column(meta), str(children[0]), tuple(c for c in children[1:] if c is not None)
        )

    def negate(self, meta: Any, children: list[Node]) -> Node:
        return Unary(_column(meta), "-", children[0])

    def not_(self, meta: Any, children: list[Node]) -> Node:
        return Unary(_column(meta), "not", children[0])

    def _chain(self, meta: Any, op: str, children: list[Node]) -> Node:
        node = children[0]
        for right in children[1:]:
            node = Binary(_column(meta), op, node, right)
        return node

    def or_(self, meta: Any, children: list[Node]) -> Node:
        return self._chain(meta, "or", children)

    def and_(self, meta: Any, children: list[Node]) -> Node:
        return self._chain(meta, "and", children)

    def arithmetic(self, meta: Any, children: list[Any]) -> Node:
        node = children[0]
        for op, right in zip(children[1::2], children[2::2], strict=True):
            node = Binary(_column(meta), str(op), node, right)
        return node

    def compare(self, meta: Any, children: list[Any]) -> Node:
        return Binary(_column(meta), str(children[1]), children[0], children[2])

    def options(self, meta: Any, children: list[Any]) -> tuple[Node, ...]:
        return tuple(c for c in children if c is not None)

    def member(self, meta: Any, children: list[Any]) -> Node:
        return Member(_column(meta), children[0], children[1], negated=False)

    def not_member(self, meta: Any, children: list[Any]) -> Node:
        return Member(_column(meta), children[0], children[1], negated=True)

    def conditional(self, meta: Any, children: list[Node]) -> Node:
        return Conditional(_column(meta), children[0], children[1], children[2])


def parse(text: str) -> Node:
    """Parse an expression, or raise ExpressionError saying what is wrong and where."""
    try:
        tree = _PARSER.parse(text)
    except UnexpectedCharacters as error:
        raise ExpressionError(
            f"'{text[error.pos_in_stream or 0]}' is not allowed here", column=error.column
        ) from None
    except UnexpectedEOF:
        raise ExpressionError(
            "the expression stops before it is complete", column=len(text) + 1
        ) from None
    except UnexpectedToken as error:
        if error.token.type == "$END":
            raise ExpressionError(
                "the expression stops before it is complete", column=len(text) + 1
            ) from None
        raise ExpressionError(
            f"'{error.token}' is not expected here", column=error.column
        ) from None
    except UnexpectedInput as error:  # pragma: no cover - any other parse failure
        raise ExpressionError("this is not a valid expression", column=error.column) from None
    result = _ToTree().transform(tree)
    if isinstance(result, tuple):
        raise ExpressionError("a list can only follow 'in'")
    return result


@dataclass(frozen=True)
class FunctionSignature:
    """A function the language offers: min and max, and facts that take a number of days."""

    args: tuple[Type, ...]
    result: Type | None  # None: the same type as the arguments (min, max)


BUILT_IN_FUNCTIONS = {
    "min": FunctionSignature((Type.MONEY, Type.MONEY), None),
    "max": FunctionSignature((Type.MONEY, Type.MONEY), None),
}


def check(
    node: Node,
    *,
    names: dict[str, Type],
    functions: dict[str, FunctionSignature],
    constants: set[str] | None = None,
) -> Type:
    """The type of `node`, or ExpressionError for an unknown name or a mismatched type.

    `constants` names the parameters, which fact functions may take as arguments.
    """
    if isinstance(node, Literal):
        return node.type
    if isinstance(node, Name):
        if node.name not in names:
            raise ExpressionError(_unknown(node.name, names), column=node.column)
        return names[node.name]
    if isinstance(node, Call):
        return _check_call(node, names=names, functions=functions, constants=constants)
    if isinstance(node, Unary):
        operand = check(node.operand, names=names, functions=functions, constants=constants)
        wanted = Type.BOOL if node.op == "not" else None
        if node.op == "not" and operand != Type.BOOL:
            raise ExpressionError(f"'not' needs true or false, not {operand}", column=node.column)
        if node.op == "-" and operand not in (Type.NUMBER, Type.MONEY):
            raise ExpressionError(f"'-' needs a number or money, not {operand}", column=node.column)
        return wanted or operand
    if isinstance(node, Binary):
        return _check_binary(node, names=names, functions=functions, constants=constants)
    if isinstance(node, Member):
        value = check(node.value, names=names, functions=functions, constants=constants)
        if value != Type.TEXT:
            raise ExpressionError(f"'in' needs text on its left, not {value}", column=node.column)
        for option in node.options:
            if not (isinstance(option, Literal) and option.type == Type.TEXT):
                raise ExpressionError(
                    "the list after 'in' must hold quoted text", column=option.column
                )
        return Type.BOOL
    if isinstance(node, Conditional):
        condition = check(node.condition, names=names, functions=functions, constants=constants)
        if condition != Type.BOOL:
            raise ExpressionError(f"'if' needs true or false, not {condition}", column=node.column)
        then = check(node.then, names=names, functions=functions, constants=constants)
        otherwise = check(node.otherwise, names=names, functions=functions, constants=constants)
        if then != otherwise:
            raise ExpressionError(
                f"'then' gives {then} but 'else' gives {otherwise}; both must give the same",
                column=node.column,
            )
        return then
    raise ExpressionError("this is not a valid expression", column=node.column)  # pragma: no cover


def _unknown(name: str, names: dict[str, Type]) -> str:
    import difflib

    near = difflib.get_close_matches(name, names, n=1)
    hint = f" (did you mean '{near[0]}'?)" if near else ""
    return f"'{name}' is not a fact or parameter this policy knows{hint}"


def _check_call(
    node: Call,
    *,
    names: dict[str, Type],
    functions: dict[str, FunctionSignature],
    constants: set[str] | None,
) -> Type:
    signature = functions.get(node.function)
    if signature is None:
        raise ExpressionError(
            f"'{node.function}' is not a function this policy knows", column=node.column
        )
    if len(node.args) != len(signature.args):
        raise ExpressionError(
            f"'{node.function}' takes {len(signature.args)} value(s), not {len(node.args)}",
            column=node.column,
        )
    types = [check(a, names=names, functions=functions, constants=constants) for a in node.args]
    if signature.result is None:  # min and max: two numbers or two amounts of money
        if types[0] != types[1] or types[0] not in (Type.NUMBER, Type.MONEY):
            raise ExpressionError(
                f"'{node.function}' needs two numbers or two amounts of money", column=node.column
            )
        return types[0]
    for arg, wanted, got in zip(node.args, signature.args, types, strict=True):
        if got != wanted:
            raise ExpressionError(f"'{node.function}' needs {wanted}, not {got}", column=arg.column)
        # A fact's argument is fixed when the policy loads, so it is computed once per row.
        fixed = isinstance(arg, Literal) or (
            isinstance(arg, Name) and arg.name in (constants or set())
        )
        if not fixed:
            raise ExpressionError(
                f"'{node.function}' needs a number or a parameter, not a fact", column=arg.column
            )
    return signature.result


def _check_binary(
    node: Binary,
    *,
    names: dict[str, Type],
    functions: dict[str, FunctionSignature],
    constants: set[str] | None,
) -> Type:
    left = check(node.left, names=names, functions=functions, constants=constants)
    right = check(node.right, names=names, functions=functions, constants=constants)
    if node.op in ("and", "or"):
        if left != Type.BOOL or right != Type.BOOL:
            raise ExpressionError(f"'{node.op}' joins true-or-false tests", column=node.column)
        return Type.BOOL
    if node.op in ("==", "!="):
        if left != right:
            raise ExpressionError(f"cannot compare {left} with {right}", column=node.column)
        return Type.BOOL
    if node.op in ("<", "<=", ">", ">="):
        if left != right or left not in (Type.NUMBER, Type.MONEY):
            raise ExpressionError(
                f"cannot compare {left} with {right} using '{node.op}'", column=node.column
            )
        return Type.BOOL
    if node.op in ("+", "-"):
        if left != right or left not in (Type.NUMBER, Type.MONEY):
            raise ExpressionError(
                f"cannot use '{node.op}' on {left} and {right}", column=node.column
            )
        return left
    if node.op == "*":
        kinds = {left, right}
        if kinds == {Type.NUMBER}:
            return Type.NUMBER
        if kinds == {Type.MONEY, Type.NUMBER}:
            return Type.MONEY
        raise ExpressionError(f"cannot multiply {left} by {right}", column=node.column)
    raise ExpressionError(
        f"'{node.op}' is not an operator here", column=node.column
    )  # pragma: no cover


def walk(node: Node) -> Iterator[Node]:
    """Every node of a tree, the root first."""
    yield node
    for part in fields(node):
        value = getattr(node, part.name)
        children = value if isinstance(value, tuple) else (value,)
        for child in children:
            if isinstance(child, Node):
                yield from walk(child)


def names_used(node: Node) -> set[str]:
    """Every fact or parameter name in an expression (function names excluded)."""
    return {n.name for n in walk(node) if isinstance(n, Name)}


def calls_made(node: Node) -> list[Call]:
    """Every function call in an expression, min and max included."""
    return [n for n in walk(node) if isinstance(n, Call)]
