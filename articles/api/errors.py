"""Every failure of the API answers JSON, `{"error": "…"}`, with the status that says what
went wrong; never an HTML page."""

import logging

from django.core.exceptions import SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.views import exception_handler

logger = logging.getLogger(__name__)

# Seconds a caller is asked to wait while the database is unreachable, as readers' pages do.
RETRY_AFTER = 30


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The body is too large."


class Unprocessable(exceptions.APIException):
    """A body that arrived whole but cannot be read as what it claims to be."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY

    def __init__(self, message, **details):
        super().__init__(message)
        self.details = details


def message_of(detail):
    """One readable sentence from DRF's detail (a string, a list or a dict of them)."""
    if isinstance(detail, dict):
        return "; ".join(f"{key}: {message_of(value)}" for key, value in detail.items())
    if isinstance(detail, list):
        return " ".join(message_of(item) for item in detail)
    return str(detail)


def handle(exc, context):
    """DRF's exception handler: its own exceptions with their status, anything else a 500."""
    if isinstance(exc, SuspiciousOperation):  # e.g. a query string of thousands of fields
        return JsonResponse({"error": f"Bad request: {exc}"}, status=400)
    if isinstance(exc, OperationalError | InterfaceError):  # the database cannot be reached
        logger.error("Database unavailable while serving %s: %s", context["request"].path, exc)
        response = JsonResponse(
            {"error": "The service is unavailable for a moment; try again shortly."}, status=503
        )
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    response = exception_handler(exc, context)
    if response is None:
        logger.exception("The API failed on %s", context["request"].path, exc_info=exc)
        return JsonResponse(
            {"error": "The server failed; the failure has been logged."}, status=500
        )
    data = response.data
    if isinstance(data, dict) and "detail" in data:
        data = data["detail"]
    response.data = {"error": message_of(data)}
    response.data.update(getattr(exc, "details", {}))
    return response


@csrf_exempt  # the API has no forms and no sessions: any method gets this JSON 404
def not_found(request, *args, **kwargs):
    """Any address under /api/ that names nothing."""
    return JsonResponse({"error": f"Nothing is at {request.path}."}, status=404)
