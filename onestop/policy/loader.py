"""Read a policy file into a checked definition, or refuse it whole with file, line and reason.

Nothing of a policy with any problem is used: every problem found is reported together, so a
policy officer can fix them in one go, and the running service keeps the last good version.
"""

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from onestop.policy import facts as fact_registry
from onestop.policy.expressions import (
    BUILT_IN_FUNCTIONS,
    ExpressionError,
    Node,
    Type,
    calls_made,
    check,
    names_used,
    parse,
)

PRIORITY_LEVELS = ("high", "medium", "low")
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_UNITS = {"money": Type.MONEY, "number": Type.NUMBER, "true or false": Type.BOOL, "text": Type.TEXT}


@dataclass(frozen=True)
class Problem:
    line: int
    message: str


class PolicyError(ValueError):
    """A policy that cannot be used; `problems` each have the line in `path` and what is wrong."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path = path
        self.problems = sorted(problems, key=lambda p: p.line)
        super().__init__("\n".join(f"{path}, line {p.line}: {p.message}" for p in self.problems))


@dataclass(frozen=True)
class Parameter:
    name: str
    type: Type
    description: str
    reference: str
    values: tuple[tuple[datetime.date, Any], ...]  # (from date, value), in date order
    line: int

    def value_on(self, day: datetime.date) -> Any:
        current = None
        for starts, value in self.values:
            if starts <= day:
                current = value
        return current


@dataclass(frozen=True)
class Expression:
    text: str
    tree: Node
    type: Type
    line: int


@dataclass(frozen=True)
class Criterion:
    name: str
    test: Expression
    pass_reason: str
    fail_reason: str


@dataclass(frozen=True)
class Referral:
    when: Expression
    reason: str


@dataclass(frozen=True)
class AwardPart:
    name: str
    when: Expression
    amount: Expression
    description: str


@dataclass(frozen=True)
class PriorityRule:
    level: str
    when: Expression


@dataclass(frozen=True)
class PolicyDefinition:
    path: Path
    scheme: str
    title: str
    version: str
    digest: str
    never_refuse: bool
    parameters: dict[str, Parameter]
    criteria: tuple[Criterion, ...]
    referrals: tuple[Referral, ...]
    awards: tuple[AwardPart, ...]
    priority: tuple[PriorityRule, ...]
    default_priority: str
    facts_needed: tuple[tuple[str, int | None], ...] = field(default=())

    @property
    def label(self) -> str:
        """What every assessment records: the scheme's policy, its version and its exact text."""
        return f"{self.scheme} {self.version} ({self.digest})"

    def in_force_from(self) -> datetime.date:
        return (
            max(p.values[0][0] for p in self.parameters.values())
            if self.parameters
            else datetime.date.min
        )


class _LineLoader(yaml.SafeLoader):
    """Safe YAML that remembers the line of every mapping key and refuses duplicate keys."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping: dict[Any, Any] = {}
    lines: dict[Any, int] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.MarkedYAMLError(
                problem=f"'{key}' appears twice here (first on line {lines[key]})",
                problem_mark=key_node.start_mark,
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        lines[key] = key_node.start_mark.line + 1
        lines[("value", key)] = value_node.start_mark.line + 1
    mapping["__lines__"] = lines
    return mapping


def _construct_date(loader: _LineLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        raise yaml.MarkedYAMLError(
            problem=f"'{node.value}' is not a date that exists", problem_mark=node.start_mark
        ) from None


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_date)


def read_yaml(path: Path) -> Any:
    """The file's data, with `__lines__` in every mapping; PolicyError if it is not valid YAML."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PolicyError(path, [Problem(1, f"cannot be read: {error}")]) from None
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - _LineLoader is a SafeLoader
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else 1
        raise PolicyError(path, [Problem(line, f"is not valid YAML: {error.problem}")]) from None
    except yaml.YAMLError as error:
        raise PolicyError(path, [Problem(1, f"is not valid YAML: {error}")]) from None


def _line(mapping: Any, key: str, *, value: bool = False) -> int:
    if isinstance(mapping, dict):
        return int(mapping.get("__lines__", {}).get(("value", key) if value else key, 1))
    return 1


def _items(mapping: dict[str, Any]) -> list[tuple[str, Any]]:
    return [(k, v) for k, v in mapping.items() if k != "__lines__"]


def parse_money(value: Any) -> int:
    """'£6,000' or '£49.50' or a whole number of pence."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    text = str(value).strip()
    match = re.fullmatch(r"£([0-9]{1,3}(?:,[0-9]{3})*|[0-9]+)(?:\.([0-9]{2}))?", text)
    if not match:
        raise ValueError(value)
    return int(match.group(1).replace(",", "")) * 100 + int(match.group(2) or 0)


def coerce(value: Any, type_: Type) -> Any:
    """A value from a policy or test file, as the type says; ValueError if it cannot be."""
    if type_ == Type.MONEY:
        return parse_money(value)
    if type_ == Type.NUMBER:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(value)
        return value
    if type_ == Type.BOOL:
        if not isinstance(value, bool):
            raise ValueError(value)
        return value
    if not isinstance(value, str):
        raise ValueError(value)
    return value


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(line, message))

    def text(self, mapping: dict[str, Any], key: str, where: str, *, required: bool = True) -> str:
        value = mapping.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(
                    _line(mapping, "__self__") if key not in mapping else _line(mapping, key),
                    f"{where} needs '{key}'",
                )
            return ""
        if not isinstance(value, str):
            self.problem(_line(mapping, key), f"{where}: '{key}' must be text")
            return ""
        return value.strip()


def load_policy(path: Path) -> PolicyDefinition:
    """Read and check one policy file; PolicyError lists every problem with its line."""
    data = read_yaml(path)
    reader = _Reader(path)
    if not isinstance(data, dict):
        raise PolicyError(path, [Problem(1, "must be a set of 'name: value' sections")])
    allowed = {
        "scheme",
        "title",
        "version",
        "summary",
        "never_refuse",
        "parameters",
        "criteria",
        "refer",
        "awards",
        "priority",
        "__lines__",
    }
    for key in data:
        if key not in allowed:
            reader.problem(_line(data, key), f"'{key}' is not a section a policy can have")
    scheme = reader.text(data, "scheme", "the policy")
    title = reader.text(data, "title", "the policy")
    version = str(data.get("version", "")).strip()
    if not version:
        reader.problem(1, "the policy needs a 'version'")
    never_refuse = data.get("never_refuse", False)
    if not isinstance(never_refuse, bool):
        reader.problem(_line(data, "never_refuse"), "'never_refuse' must be true or false")
        never_refuse = False

    parameters = _parameters(reader, data)
    names = fact_registry.names_and_types()
    clashes = set(parameters) & set(names)
    for name in sorted(clashes):
        reader.problem(parameters[name].line, f"parameter '{name}' has the same name as a fact")
    names.update({name: p.type for name, p in parameters.items()})
    functions = {**BUILT_IN_FUNCTIONS, **fact_registry.fact_functions()}
    needed: dict[tuple[str, int | None], None] = {}

    def expression(
        container: dict[str, Any], key: str, where: str, want: Type
    ) -> Expression | None:
        raw = container.get(key)
        line = _line(container, key, value=True)
        if raw is None:
            reader.problem(_line(container, "__self__"), f"{where} needs '{key}'")
            return None
        text = str(raw).lower() if isinstance(raw, bool) else str(raw)
        try:
            tree = parse(text)
            got = check(tree, names=names, functions=functions, constants=set(parameters))
        except ExpressionError as error:
            reader.problem(line, f"{where}: {error.message} (at '{text[error.column - 1 :][:20]}')")
            return None
        if got != want:
            reader.problem(line, f"{where} must give {want}, but '{text}' gives {got}")
            return None
        for call in calls_made(tree):
            if call.function in fact_registry.FACTS:
                days = getattr(call.args[0], "value", None)
                if not isinstance(days, int) or isinstance(days, bool):
                    reader.problem(
                        line,
                        f"{where}: '{call.function}' needs a number of days written in, like 365",
                    )
                    return None
                needed[(call.function, days)] = None
        for name in names_used(tree):
            if name in fact_registry.FACTS:
                needed[(name, None)] = None
        return Expression(text, tree, got, line)

    criteria = []
    seen: set[str] = set()
    for index, item in enumerate(_list(reader, data, "criteria")):
        where = f"criterion {index + 1}"
        name = reader.text(item, "name", where)
        where = f"criterion '{name or index + 1}'"
        if name in seen:
            reader.problem(_line(item, "name"), f"{where} has the same name as another criterion")
        seen.add(name)
        test = expression(item, "test", where, Type.BOOL)
        passed = reader.text(item, "pass", where)
        failed = reader.text(item, "fail", where)
        for key, reason in (("pass", passed), ("fail", failed)):
            _check_placeholders(reader, item, key, reason, names, where, needed)
        if test and passed and failed:
            criteria.append(Criterion(name, test, passed, failed))
    if not criteria and not reader.problems:
        reader.problem(_line(data, "criteria"), "the policy needs at least one criterion")

    referrals = []
    for index, item in enumerate(_list(reader, data, "refer", required=False)):
        where = f"refer rule {index + 1}"
        when = expression(item, "when", where, Type.BOOL)
        reason = reader.text(item, "reason", where)
        _check_placeholders(reader, item, "reason", reason, names, where, needed)
        if when and reason:
            referrals.append(Referral(when, reason))

    awards = []
    for index, item in enumerate(_list(reader, data, "awards")):
        name = reader.text(item, "name", f"award {index + 1}")
        where = f"award '{name or index + 1}'"
        when = expression(item, "when", where, Type.BOOL)
        amount = expression(item, "amount", where, Type.MONEY)
        description = reader.text(item, "description", where)
        if when and amount and name:
            awards.append(AwardPart(name, when, amount, description))

    priority_rules, default_priority = _priority(reader, data, expression)

    if reader.problems:
        raise PolicyError(path, reader.problems)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return PolicyDefinition(
        path=path,
        scheme=scheme,
        title=title,
        version=version,
        digest=digest,
        never_refuse=never_refuse,
        parameters=parameters,
        criteria=tuple(criteria),
        referrals=tuple(referrals),
        awards=tuple(awards),
        priority=tuple(priority_rules),
        default_priority=default_priority,
        facts_needed=tuple(needed),
    )


def _list(
    reader: _Reader, data: dict[str, Any], key: str, *, required: bool = True
) -> list[dict[str, Any]]:
    value = data.get(key)
    if value is None:
        if required:
            reader.problem(1, f"the policy needs a '{key}' section")
        return []
    if not isinstance(value, list):
        reader.problem(_line(data, key), f"'{key}' must be a list, each item starting with '-'")
        return []
    items = []
    for item in value:
        if not isinstance(item, dict):
            reader.problem(
                _line(data, key), f"each item in '{key}' must be a set of 'name: value' lines"
            )
            continue
        first = min(item.get("__lines__", {"": _line(data, key)}).values(), default=1)
        item["__lines__"]["__self__"] = first
        items.append(item)
    return items


def _parameters(reader: _Reader, data: dict[str, Any]) -> dict[str, Parameter]:
    section = data.get("parameters")
    if section is None:
        return {}
    if not isinstance(section, dict):
        reader.problem(_line(data, "parameters"), "'parameters' must be a set of named parameters")
        return {}
    parameters = {}
    for name, spec in _items(section):
        line = _line(section, name)
        where = f"parameter '{name}'"
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", str(name)):
            reader.problem(line, f"{where}: names use lower case letters, numbers and underscores")
            continue
        if not isinstance(spec, dict):
            reader.problem(line, f"{where} needs 'unit', 'description', 'reference' and 'values'")
            continue
        spec.setdefault("__lines__", {})["__self__"] = line
        unit = spec.get("unit")
        if unit not in _UNITS:
            reader.problem(
                _line(spec, "unit") if "unit" in spec else line,
                f"{where}: 'unit' must be one of {', '.join(_UNITS)}",
            )
            continue
        description = reader.text(spec, "description", where)
        reference = reader.text(spec, "reference", where)
        values = spec.get("values")
        if not isinstance(values, dict) or not _items(values):
            reader.problem(
                _line(spec, "values") if "values" in spec else line,
                f"{where} needs 'values': at least one 'YYYY-MM-DD: value' line",
            )
            continue
        dated: list[tuple[datetime.date, Any]] = []
        for starts, value in _items(values):
            value_line = _line(values, starts)
            if not isinstance(starts, datetime.date) or isinstance(starts, datetime.datetime):
                reader.problem(value_line, f"{where}: '{starts}' is not a date like 2026-04-01")
                continue
            try:
                dated.append((starts, coerce(value, _UNITS[unit])))
            except ValueError:
                reader.problem(value_line, f"{where}: {value!r} on {starts} is not {unit}")
        if description and reference and dated:
            parameters[name] = Parameter(
                name, _UNITS[unit], description, reference, tuple(sorted(dated)), line
            )
    return parameters


def _priority(
    reader: _Reader, data: dict[str, Any], expression: Any
) -> tuple[list[PriorityRule], str]:
    section = data.get("priority")
    if not isinstance(section, dict):
        reader.problem(
            _line(data, "priority"),
            "the policy needs a 'priority' section with 'rules' and 'otherwise'",
        )
        return [], "low"
    rules = []
    for item in _list(reader, section, "rules"):
        level = reader.text(item, "level", "a priority rule")
        if level and level not in PRIORITY_LEVELS:
            reader.problem(
                _line(item, "level"), f"priority level must be one of {', '.join(PRIORITY_LEVELS)}"
            )
            continue
        when = expression(item, "when", f"priority rule '{level}'", Type.BOOL)
        if when and level:
            rules.append(PriorityRule(level, when))
    otherwise = section.get("otherwise")
    if otherwise not in PRIORITY_LEVELS:
        reader.problem(
            _line(section, "otherwise") if "otherwise" in section else _line(data, "priority"),
            f"'otherwise' must be one of {', '.join(PRIORITY_LEVELS)}",
        )
        otherwise = "low"
    return rules, str(otherwise)


def _check_placeholders(
    reader: _Reader,
    item: dict[str, Any],
    key: str,
    text: str,
    names: dict[str, Type],
    where: str,
    needed: dict[tuple[str, int | None], None],
) -> None:
    for name in _PLACEHOLDER.findall(text):
        if name not in names:
            reader.problem(
                _line(item, key),
                f"{where}: '{{{name}}}' in the {key} reason is not a fact or parameter",
            )
        elif name in fact_registry.FACTS:
            needed[(name, None)] = None
