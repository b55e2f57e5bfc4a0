"""URLs under /api/v1/: the API's operations and documents, and problems for everything else.

django-ninja answers a wrong method with plain text and Django answers an unknown address with
a page; a partner's code expects problem details from every address under /api/v1/.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path, re_path
from django.views.decorators.csrf import csrf_exempt

from onestop.api.api import api
from onestop.core.problems import ProblemError, problem_response


def _problem_for_wrong_method(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code != 405:
            return response
        problem = problem_response(
            ProblemError(
                status=405,
                title="Method Not Allowed",
                detail=f"{request.method} is not allowed here. Use {response['Allow']}.",
            )
        )
        problem["Allow"] = response["Allow"]
        return problem

    return checked


@csrf_exempt
def not_found(request: HttpRequest, rest: str) -> HttpResponse:
    return problem_response(
        ProblemError(
            status=404,
            title="Not Found",
            detail="There is no API operation at this address. The operations are listed at "
            "/api/v1/docs.",
        )
    )


def _operations() -> list[URLPattern]:
    patterns, _, _ = api.urls
    wrapped = []
    for pattern in patterns:
        assert isinstance(pattern, URLPattern)
        pattern.callback = _problem_for_wrong_method(pattern.callback)
        wrapped.append(pattern)
    return wrapped


urlpatterns = [
    path("", (_operations(), "api-1", "api-1")),
    re_path(r"^(?P<rest>.*)$", not_found, name="api_not_found"),
]
