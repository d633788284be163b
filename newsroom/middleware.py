"""Answers readers with a friendly 503 while the database cannot be reached, and with 400 to
admin queries the database cannot read; writes the content security policy."""

import functools
import logging
from urllib.parse import unquote

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.exceptions import BadRequest
from django.core.signals import setting_changed
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
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


# The attributes django-csp's decorators leave on a response whose view has a policy of its
# own, and those that exempt one.
_OWN_POLICY = {
    f"_csp_{kind}{ro}" for kind in ("config", "update", "replace", "exempt") for ro in ("", "_ro")
}
_POLICY_SETTINGS = ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
# Stands for the request's nonce in a policy written once: a character no policy holds.
_NONCE_PLACE = "\x00"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the site's policies written once per process rather than
    on every response: writing them (a copy of the settings, the directives sorted, twice for
    the report-only policy) took a fifth of the time of the lightest request through the
    stack. A response of a view with a policy of its own, a page under DEBUG and a policy
    that excludes addresses go django-csp's own way."""

    def process_response(self, request, response):
        if settings.DEBUG or _OWN_POLICY.intersection(vars(response)) or _excludes_paths():
            return super().process_response(request, response)
        nonce = getattr(request, "_csp_nonce", None)
        for header, report_only in ((HEADER, False), (HEADER_REPORT_ONLY, True)):
            policy = _written_policy(report_only, with_nonce=nonce is not None)
            if policy and header not in response:
                response[header] = policy.replace(_NONCE_PLACE, nonce or "")
        if nonce is None:
            # As django-csp does: a nonce asked for after the header was written would be in
            # no policy.
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


@functools.cache
def _written_policy(report_only, *, with_nonce):
    return build_policy(nonce=_NONCE_PLACE if with_nonce else None, report_only=report_only)


@functools.cache
def _excludes_paths():
    return any(
        (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES")
        for name in _POLICY_SETTINGS
    )


@receiver(setting_changed, dispatch_uid="newsroom.policy_changed")
def _forget_written_policies(*, setting, **kwargs):
    if setting in _POLICY_SETTINGS or setting == "DEBUG":
        _written_policy.cache_clear()
        _excludes_paths.cache_clear()
