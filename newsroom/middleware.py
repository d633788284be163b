"""Answers readers with a friendly 503 while the database cannot be reached, and with 400 to
admin queries the database cannot read."""

import logging
from urllib.parse import unquote

from django.core.exceptions import BadRequest
from django.db import InterfaceError, OperationalError
from django.template.response import TemplateResponse
from django.urls import reverse

logger = logging.getLogger(__name__)

# How long a reader or crawler is asked to wait before trying again, in seconds.
RETRY_AFTER = 30


class DatabaseUnavailableMiddleware:
    """Turns "the database is down" into 503 Service Unavailable instead of a server error.

    Django opens a new connection on the next request, so once the database answers again
    the site recovers by itself, without a restart.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_unreachable_database(exception):
            return None
        logger.error("Database unavailable while serving %s: %s", request.path, exception)
        response = TemplateResponse(request, "503.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        response["Cache-Control"] = "no-store"
        return response.render()


# SQLite's answers when another connection holds a lock longer than the busy timeout: the
# database is there and busy, not down, and telling readers it is unavailable would be wrong.
_BUSY = ("database is locked", "database table is locked")


def is_unreachable_database(exception):
    """Connection failures, as opposed to errors in a query (which stay genuine 500s) and to a
    database that is only busy."""
    if not isinstance(exception, OperationalError | InterfaceError):
        return False
    return not any(busy in str(exception) for busy in _BUSY)


class RefuseNulInAdminQueryMiddleware:
    """Answers 400 Bad Request to an admin address whose query holds a NUL byte.

    PostgreSQL refuses a NUL inside any string, so the admin's searches, list filters and
    autocompletes (every model's, whoever adds one) would fail with a server error. Refused
    here, none of them needs to think of it. The readers' pages answer such a query
    themselves (the search form says what is wrong), and forms refuse NUL bytes in what is
    typed, keeping the rest.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = unquote(request.META.get("QUERY_STRING", ""))
        if "\x00" in query and request.path_info.startswith(reverse("admin:index")):
            raise BadRequest("A NUL byte in the query string.")
        return self.get_response(request)
