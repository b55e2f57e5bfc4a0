"""Every phrase the public sees has a Welsh translation, so a Welsh speaker meets no English."""

from django.utils import translation

from onestop.core.translations import catalogue

# Phrases a Welsh page shows as they are: the language switch names each language in itself.
SAME_IN_WELSH = {"Cymraeg"}


def test_every_public_phrase_has_a_welsh_translation() -> None:
    phrases = catalogue()
    assert len(phrases) > 100
    with translation.override("cy"):
        untranslated = sorted(
            f"{text!r} ({entry.places[0]})"
            for text, entry in phrases.items()
            if text not in SAME_IN_WELSH and _welsh(text, entry.plural) == text
        )
    assert untranslated == [], (
        f"{len(untranslated)} phrase(s) have no Welsh translation: run `make messages` and fill "
        "in locale/cy/LC_MESSAGES/django.po:\n" + "\n".join(untranslated[:50])
    )


def _welsh(text: str, plural: str) -> str:
    # Each of Welsh's plural forms must be there; 1, 2, 3 and 8 land on different ones.
    if not plural:
        return translation.gettext(text)
    forms = {translation.ngettext(text, plural, n) for n in (1, 2, 3, 8)}
    return text if text in forms or plural in forms else next(iter(forms))


def test_the_catalogue_names_where_each_phrase_is_used() -> None:
    phrases = catalogue()
    assert "Get help" in phrases
    assert phrases["%(num)d minute"].plural == "%(num)d minutes"
    assert any(
        place.startswith("onestop/core/jinja2/layouts/public.html:")
        for place in phrases["Get help"].places
    )
