"""RFC 9457 problem details: the one shape every API error takes, with plain-English messages."""

import json
from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Schema

PROBLEM_JSON = "application/problem+json"
# Problem types this API defines; anything else is "about:blank" with the HTTP status's title.
INVALID_REQUEST = "/api/v1/problems/invalid-request"
IDEMPOTENCY_KEY_REUSED = "/api/v1/problems/idempotency-key-reused"


class FieldProblem(Schema):
    field: str
    pointer: str
    message: str


class Problem(Schema):
    """An RFC 9457 problem; `errors` lists each field at fault when the request was invalid."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldProblem] | None = None


class ProblemError(Exception):
    """Raised by an API operation to answer with a problem; the API's handler renders it."""

    def __init__(
        self,
        *,
        status: int,
        title: str,
        detail: str,
        type: str = "about:blank",
        errors: Sequence[FieldProblem] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.type = type
        self.errors = list(errors)
        self.headers = headers or {}


def field_problem(path: Sequence[str | int], message: str) -> FieldProblem:
    """A problem with one field, named as a dotted path and as a JSON pointer into the body."""
    return FieldProblem(
        field=".".join(str(part) for part in path),
        pointer="#/" + "/".join(str(part) for part in path),
        message=message,
    )


def invalid_request(errors: Sequence[FieldProblem], *, status: int = 422) -> ProblemError:
    return ProblemError(
        status=status,
        type=INVALID_REQUEST,
        title="Your request has mistakes",
        detail="Correct each field listed in errors and send the request again.",
        errors=errors,
    )


def problem_response(error: ProblemError) -> HttpResponse:
    body: dict[str, Any] = {
        "type": error.type,
        "title": error.title,
        "status": error.status,
        "detail": error.detail,
    }
    if error.errors:
        body["errors"] = [e.model_dump() for e in error.errors]
    response = HttpResponse(json.dumps(body), status=error.status, content_type=PROBLEM_JSON)
    for name, value in error.headers.items():
        response[name] = value
    return response


def json_body_required(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer 415 before anything else when a request body is not sent as JSON.

    For django-ninja's `decorate_view`: it wraps the operation ahead of authentication and
    parsing, which would otherwise call a form-encoded body "not valid JSON".
    """

    @wraps(run)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.content_type != "application/json":
            return problem_response(
                ProblemError(
                    status=415,
                    title="Unsupported Media Type",
                    detail="Send the request body as JSON, with the header "
                    "Content-Type: application/json.",
                )
            )
        return run(request, *args, **kwargs)

    return checked
