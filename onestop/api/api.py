"""The partner API at /api/v1/: one NinjaAPI that mounts each app's endpoints behind API keys.

Every error is an RFC 9457 problem (`onestop.api.errors`), and the OpenAPI document says so:
error responses are listed as application/problem+json.
"""

from typing import Any

from ninja import NinjaAPI, Swagger
from ninja.openapi.schema import OpenAPISchema

from onestop.api.errors import install_problem_handlers
from onestop.api.throttling import OrganisationRateThrottle
from onestop.casework.api import router as casework_router
from onestop.core.problems import PROBLEM_JSON
from onestop.councils.api_auth import ApiKeyBearer
from onestop.fulfilment.api import router as fulfilment_router
from onestop.fulfilment.api_invoices import router as invoices_router
from onestop.intake.api import router as intake_router

DESCRIPTION = """
For partner organisations (food banks, Citizens Advice, housing associations) to apply to a
council's crisis support on a client's behalf, with the client's consent, and to follow those
applications. Authenticate with your organisation's key: `Authorization: Bearer <key>`.
Money is in whole pence. Errors are RFC 9457 problem details. Each organisation's requests are
rate limited: past the limit you get 429 with a Retry-After header. See docs/api.md.
"""


RETRY_AFTER_HEADER = {
    "description": "Seconds to wait before sending the request again.",
    "required": True,
    "schema": {"type": "string", "pattern": "^[0-9]+$"},
}


class OnestopApi(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        response["content"] = {PROBLEM_JSON: content["application/json"]}
                # Every operation is rate limited (see onestop.api.throttling), so every one
                # can answer 429, with the header saying how long to wait.
                operation.setdefault("responses", {})[429] = {
                    "description": "Too Many Requests",
                    "headers": {"Retry-After": RETRY_AFTER_HEADER},
                    "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
                }
        return schema


api = OnestopApi(
    title="onestop partner API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-1",
    # Swagger UI would otherwise fetch a badge from the Swagger validator's site.
    docs=Swagger(settings={"validatorUrl": None}),
    auth=ApiKeyBearer(),
    throttle=OrganisationRateThrottle(),
)
install_problem_handlers(api)
api.add_router("/", intake_router)
api.add_router("/", casework_router)
api.add_router("/supplier/", fulfilment_router)
api.add_router("/supplier/", invoices_router)
