"""Turn django-ninja's errors into problem details whose messages say what to do, field by field."""

import logging
import math
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from onestop.core.problems import (
    FieldProblem,
    ProblemError,
    field_problem,
    invalid_request,
    problem_response,
)

logger = logging.getLogger(__name__)

# Where ninja says a value came from; the body's own parameter name is not part of a field's path.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}
_BODY_PARAMETER = "payload"
_PLAIN_HTTP_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    415: "Unsupported Media Type",
    429: "Too Many Requests",
    500: "Internal Server Error",
}
# When a throttle cannot say how long to wait: its shortest period.
RETRY_AFTER_UNKNOWN_SECONDS = 60
NOT_AUTHENTICATED = (
    "Send your organisation's API key in the header Authorization: Bearer <key>. If the key was "
    "revoked or lost, ask the council for a new one."
)


def _words(name: str) -> str:
    return name.removesuffix("_pence").replace("_", " ")


def _label(path: list[str | int]) -> str:
    """The field as a sentence would name it: "the applicant's date of birth"."""
    names = [p for p in path if isinstance(p, str)]
    if not names:
        return "the request body"
    own = _words(names[-1])
    if path[0] == "applicant" and len(path) > 1:
        return f"the applicant's {own}"
    if path[0] == "members" and len(path) > 2 and isinstance(path[1], int):
        return f"household member {path[1] + 1}'s {own}"
    if path[0] == "members" and len(path) == 2:
        return f"household member {path[1] + 1}"  # type: ignore[operator]
    return f"the {own}" if not own.startswith("the ") else own


def _message(error: dict[str, Any], path: list[str | int]) -> str:
    label = _label(path)
    sentence = label[0].upper() + label[1:]
    kind = error.get("type", "")
    context = error.get("ctx", {}) or {}
    if path and path[0] == "Idempotency-Key":
        return (
            "Send an Idempotency-Key header: a value of 1 to 64 letters, digits or punctuation, "
            "such as a UUID, different for each new application"
        )
    # Money is sent in pence; other whole numbers (a page's limit or offset) are just numbers.
    money = str(path[-1]).endswith("_pence") if path else False
    whole_number = (
        f"{sentence} must be a whole number of pence, like 12050 for £120.50"
        if money
        else f"{sentence} must be a whole number, like 20"
    )
    messages = {
        "missing": f"Enter {label}",
        "string_too_short": f"Enter {label}",
        "string_too_long": f"{sentence} must be {context.get('max_length')} characters or fewer",
        "string_type": f"{sentence} must be text, in quotes",
        "string_pattern_mismatch": f"{sentence} must be up to 12 digits",
        "control_characters": f"{sentence} must be plain text: remove control characters",
        "int_type": whole_number,
        "int_parsing": whole_number,
        "int_from_float": whole_number,
        "greater_than_equal": f"{sentence} must be 0 or more",
        "less_than_equal": f"{sentence} must be {context.get('le')} or less",
        "bool_type": f"{sentence} must be true or false",
        "bool_parsing": f"{sentence} must be true or false",
        "date_type": f"{sentence} must be a real date, like 1990-03-31",
        "date_parsing": f"{sentence} must be a real date, like 1990-03-31",
        "date_from_datetime_parsing": f"{sentence} must be a real date, like 1990-03-31",
        "date_from_datetime_inexact": f"{sentence} must be a date, like 1990-03-31, with no time",
        "enum": f"{sentence} must be one of: {context.get('expected', '')}",
        "literal_error": f"{sentence} must be one of: {context.get('expected', '')}",
        "extra_forbidden": f"{'.'.join(map(str, path))} is not something this API takes: remove it",
        "model_type": f"{sentence} must be a JSON object",
        "model_attributes_type": f"{sentence} must be a JSON object",
        "dict_type": f"{sentence} must be a JSON object",
        "list_type": f"{sentence} must be a list",
        "too_long": f"{sentence} can have at most {context.get('max_length')} entries",
    }
    return messages.get(kind, f"{sentence}: {error.get('msg', 'is not valid')}")


def field_problems(errors: list[dict[str, Any]]) -> tuple[list[FieldProblem], bool]:
    """Each error as a field problem, and whether any was in the headers rather than the body."""
    problems: list[FieldProblem] = []
    in_headers = False
    for error in errors:
        location = list(error.get("loc", ()))
        if location and location[0] in _SOURCES:
            in_headers = in_headers or location[0] == "header"
            location = location[1:]
        if location and location[0] == _BODY_PARAMETER:
            location = location[1:]
        problems.append(field_problem(location, _message(error, location)))
    return problems, in_headers


def install_problem_handlers(api: NinjaAPI) -> None:
    """Every error the API can give, as application/problem+json."""

    def plain(status: int, detail: str, **headers: str) -> HttpResponse:
        return problem_response(
            ProblemError(
                status=status, title=_PLAIN_HTTP_TITLES[status], detail=detail, headers=headers
            )
        )

    @api.exception_handler(ProblemError)
    def on_problem(request: HttpRequest, exc: ProblemError) -> HttpResponse:
        return problem_response(exc)

    @api.exception_handler(ValidationError)
    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        problems, in_headers = field_problems(exc.errors)
        # A missing or malformed header is a bad request; a body with mistakes is unprocessable.
        return problem_response(invalid_request(problems, status=400 if in_headers else 422))

    @api.exception_handler(AuthenticationError)
    def on_authentication(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return plain(401, NOT_AUTHENTICATED, **{"WWW-Authenticate": "Bearer"})

    @api.exception_handler(Throttled)
    def on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        # ninja replaces Retry-After with the throttle's exact wait when it knows it.
        wait = math.ceil(exc.wait) if exc.wait else RETRY_AFTER_UNKNOWN_SECONDS
        return plain(
            429,
            f"Too many requests from your organisation. Wait {wait} seconds and send the request "
            "again; it has not been processed. See the rate limits in the API documentation.",
            **{"Retry-After": str(wait)},
        )

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400:
            return plain(400, "The request body is not valid JSON. Check it and send it again.")
        title = _PLAIN_HTTP_TITLES.get(exc.status_code, "Error")
        return problem_response(ProblemError(status=exc.status_code, title=title, detail=str(exc)))

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return plain(404, "There is nothing at this address for your key.")

    @api.exception_handler(Exception)
    def on_anything_else(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API request failed: %s %s", request.method, request.path)
        return plain(
            500,
            "Something went wrong on our side. Try again later with the same Idempotency-Key: "
            "it cannot make a second application. If it keeps happening, tell the council.",
        )
