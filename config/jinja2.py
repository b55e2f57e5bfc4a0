"""The Jinja2 environment: GOV.UK Frontend macros, url(), static(), csrf, money, and gettext."""

from typing import Any

from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader, select_autoescape

from onestop.core import formatting, templating
from onestop.core.forms import error_summary


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options: Any) -> Environment:
    app_loader = options.pop("loader", None)
    env = Environment(  # noqa: S701 - autoescape is set just below
        **options,
        loader=ChoiceLoader(
            [
                *([app_loader] if app_loader else []),
                PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
            ]
        ),
        extensions=["jinja2.ext.i18n"],
    )
    # _(), gettext() and ngettext() in templates use Django's translations (locale/cy for Welsh);
    # newstyle gettext escapes what it returns and takes %(name)s arguments.
    env.install_gettext_translations(translation, newstyle=True)  # type: ignore[attr-defined]
    env.autoescape = select_autoescape(default=True, default_for_string=True)
    env.globals.update(
        {
            "url": url,
            # The language this request is answered in ("cy" for Welsh), for <html lang>.
            "current_language": translation.get_language,
            "static": static,
            "get_messages": get_messages,
            "error_summary": error_summary,
            "field_error": templating.field_error,
            "field_value": templating.field_value,
            "date_parts": templating.date_parts,
            "choice_items": templating.choice_items,
        }
    )
    env.filters.update(
        {
            "pounds": formatting.pounds,
            "govuk_date": formatting.govuk_date,
            "govuk_datetime": formatting.govuk_datetime,
        }
    )
    return env
