"""The project's own answers, outside the newsroom's pages: for load balancers, benchmarks and
server errors."""

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View, i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

# The language switch's form: a language code and the address to go back to (at most a long
# search's). Its view is open to every site (no CSRF token), so it reads nothing bigger.
LANGUAGE_FORM_MAX_BYTES = 8 * 1024
LANGUAGE_FORM_TYPE = "application/x-www-form-urlencoded"


@method_decorator(never_cache, name="dispatch")
class HealthView(View):
    """200 when the app and its database answer, 503 otherwise; for load balancers."""

    def get(self, request):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except Exception:  # any database failure means "not healthy", whatever its kind
            return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
        return HttpResponse("ok\n", content_type="text/plain")


def baseline(request):
    """A constant answer through the whole middleware stack: the benchmark's floor."""
    return HttpResponse("ok\n", content_type="text/plain")


def server_error(request):
    """The 500 page, naming the site. Like Django's own, it is drawn without the context
    processors and the request: whatever failed may be among them."""
    if request.path.startswith("/api/"):  # machines get JSON, whatever failed
        return JsonResponse(
            {"error": "The server failed; the failure has been logged."}, status=500
        )
    html = loader.render_to_string("500.html", {"site_name": settings.SITE_NAME})
    return HttpResponseServerError(html)


@csrf_exempt
def set_language(request):
    """Django's language switch, for the small form it was made for and nothing else: a body
    too large answers 413, one that is not a plain form (an upload) 415, before it is read."""
    if request.method == "POST":
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = LANGUAGE_FORM_MAX_BYTES + 1
        if length > LANGUAGE_FORM_MAX_BYTES:
            message = _("The language switch takes a form of at most %(limit)s bytes.")
            return _plain_answer(message % {"limit": LANGUAGE_FORM_MAX_BYTES}, status=413)
        if length and request.content_type != LANGUAGE_FORM_TYPE:
            message = _("The language switch takes a form sent as %(type)s.")
            return _plain_answer(message % {"type": LANGUAGE_FORM_TYPE}, status=415)
    return i18n.set_language(request)


def _plain_answer(text, status):
    return HttpResponse(text + "\n", status=status, content_type="text/plain; charset=utf-8")
