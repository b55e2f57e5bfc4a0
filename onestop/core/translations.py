"""Every phrase the public sees, gathered for the Welsh catalogue in locale/cy (`make messages`).

Django's makemessages cannot read Jinja templates, so the phrases are gathered here: from the
templates of public pages and letters (Jinja's own extractor), and from the Python modules
that mark text with gettext. `make messages` writes them to locale/django.pot and merges that
into the Welsh catalogue, so a new phrase arrives there with an empty translation to fill in;
a test refuses any phrase left untranslated.
"""

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "onestop"

# Templates people outside the council read: public pages and letters. Staff pages are English.
TRANSLATED_TEMPLATES = (
    "core/jinja2/layouts/base.html",
    "core/jinja2/layouts/public.html",
    "casework/jinja2/casework/public/*.html",
    "intake/jinja2/intake/public/**/*.html",
    "intake/jinja2/intake/kiosk/**/*.html",
    "casework/jinja2/casework/public_status/*.html",
    "intake/jinja2/intake/guide/**/*.html",
    "intake/jinja2/intake/limits/**/*.html",
    "notifications/jinja2/notifications/letters/*.html",
    "insight/jinja2/insight/public/*.html",
)
GETTEXT_FUNCTIONS = frozenset({"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy"})
NGETTEXT_FUNCTIONS = frozenset({"ngettext", "ngettext_lazy"})


@dataclass(frozen=True)
class Phrase:
    text: str
    where: str  # path:line, for translators
    plural: str = ""  # for ngettext: the English plural; Welsh has four forms


def _template_paths() -> Iterator[Path]:
    seen: set[Path] = set()
    for pattern in TRANSLATED_TEMPLATES:
        for path in sorted(PACKAGE.glob(pattern)):
            if path not in seen:
                seen.add(path)
                yield path


def template_phrases() -> Iterator[Phrase]:
    env = Environment(extensions=["jinja2.ext.i18n"])  # noqa: S701 - only reads, never renders
    for path in _template_paths():
        source = path.read_text(encoding="utf-8")
        for line, _function, message in env.extract_translations(source):  # type: ignore[attr-defined]
            where = f"{path.relative_to(ROOT)}:{line}"
            if isinstance(message, str):
                yield Phrase(message, where)
            elif message[0]:
                plural = message[1] if len(message) > 1 and isinstance(message[1], str) else ""
                yield Phrase(message[0], where, plural)


def python_phrases() -> Iterator[Phrase]:
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if name in NGETTEXT_FUNCTIONS and len(node.args) >= 2:
                one, many = node.args[0], node.args[1]
                if isinstance(one, ast.Constant) and isinstance(many, ast.Constant):
                    yield Phrase(str(one.value), where, str(many.value))
                continue
            if name not in GETTEXT_FUNCTIONS:
                continue
            # pgettext(context, text): the text is the second argument.
            argument = node.args[1] if name.startswith("pgettext") else node.args[0]
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                yield Phrase(argument.value, where)


@dataclass
class Entry:
    places: list[str]
    plural: str = ""


def catalogue() -> dict[str, Entry]:
    """Each phrase once, with every place it is used (and its plural, if it has one)."""
    phrases: dict[str, Entry] = {}
    for phrase in [*template_phrases(), *python_phrases()]:
        entry = phrases.setdefault(phrase.text, Entry([]))
        entry.places.append(phrase.where)
        entry.plural = entry.plural or phrase.plural
    return phrases


def _quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def pot_text() -> str:
    lines = [
        "# The phrases onestop shows the public, for translators. Made by `make messages`.",
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        "",
    ]
    for text, entry in sorted(catalogue().items()):
        lines.extend(f"#: {place}" for place in entry.places)
        if "%(" in text:
            lines.append("#, python-format")
        lines.append(f"msgid {_quoted(text)}")
        if entry.plural:
            lines.extend([f"msgid_plural {_quoted(entry.plural)}", 'msgstr[0] ""', 'msgstr[1] ""'])
        else:
            lines.append('msgstr ""')
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(pot_text())
