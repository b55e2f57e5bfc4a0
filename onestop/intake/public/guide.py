"""The "Can I get help?" guide: each open scheme in plain words, and never a reason not to apply.

A GOV.UK guide: an overview, then one part per open scheme (who it is for, what you can get,
what to have ready, how long a decision takes). The figures come from the scheme's policy in
force today, so the guide says what the rules say. There is no eligibility checker: every page
ends with "Start your application" and the numbers to call.
"""

import logging
from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from onestop.councils.access import public_council
from onestop.councils.contact import call_us
from onestop.councils.models import Council
from onestop.policy.engine import format_value, policy_for
from onestop.policy.loader import PolicyError
from onestop.policy.models import Scheme
from onestop.policy.selectors import schemes_open

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class GuidePart:
    slug: str  # "" for the overview
    title: str
    url: str


def start_url(council: Council) -> str:
    """The start of an online application (intake's public start page)."""
    try:
        return reverse("public:apply_start", kwargs={"council_slug": council.slug})
    except NoReverseMatch:  # the start page is not wired in yet
        return f"/councils/{council.slug}/apply/"


def scheme_figures(scheme: Scheme) -> dict[str, str]:
    """The scheme's policy parameters in force today, written as a person reads them ("£6,000").

    Empty if the policy cannot be read: the guide then describes the scheme without figures
    rather than failing.
    """
    try:
        policy = policy_for(scheme.policy)
    except (FileNotFoundError, PolicyError):
        logger.warning("The guide could not read the policy for scheme %s", scheme.slug)
        return {}
    values = policy.parameters_on(timezone.localdate())
    parameters = policy.definition.parameters
    return {
        name: format_value(value, parameters[name].type)
        for name, value in values.items()
        if value is not None
    }


def scheme_award_descriptions(scheme: Scheme) -> list[str]:
    """What the policy's award table gives, for a scheme the guide has no own words for."""
    try:
        return [award.description for award in policy_for(scheme.policy).definition.awards]
    except (FileNotFoundError, PolicyError):
        return []


def _parts(council: Council, schemes: list[Scheme]) -> list[GuidePart]:
    overview = GuidePart("", _("Overview"), reverse("public:guide", args=[council.slug]))
    return [overview] + [
        GuidePart(s.slug, s.name, reverse("public:guide_part", args=[council.slug, s.slug]))
        for s in schemes
    ]


def _render(
    request: HttpRequest,
    council: Council,
    parts: list[GuidePart],
    index: int,
    template: str,
    **context: object,
) -> HttpResponse:
    return render(
        request,
        f"intake/guide/{template}",
        {
            "council": council,
            "call_us": call_us(council),
            "title": parts[index].title,
            "guide_title": _("Can I get help?"),
            "parts": parts,
            "current": index,
            "previous_part": parts[index - 1] if index > 0 else None,
            "next_part": parts[index + 1] if index + 1 < len(parts) else None,
            "start_url": start_url(council),
            **context,
        },
    )


@require_GET
def overview(request: HttpRequest, council_slug: str) -> HttpResponse:
    council = public_council(council_slug)
    schemes = list(schemes_open(council=council).order_by("name"))
    return _render(request, council, _parts(council, schemes), 0, "overview.html", schemes=schemes)


@require_GET
def part(request: HttpRequest, council_slug: str, scheme_slug: str) -> HttpResponse:
    council = public_council(council_slug)
    schemes = list(schemes_open(council=council).order_by("name"))
    index = next((i for i, s in enumerate(schemes) if s.slug == scheme_slug), None)
    if index is None:
        raise Http404
    scheme = schemes[index]
    return _render(
        request,
        council,
        _parts(council, schemes),
        index + 1,
        "scheme.html",
        scheme=scheme,
        figures=scheme_figures(scheme),
        award_descriptions=scheme_award_descriptions(scheme),
    )
