"""The project's own answers, outside the newsroom's pages: for load balancers, benchmarks and
server errors."""

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache


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
