"""The project's own answers, outside the newsroom's pages: for load balancers and benchmarks."""

from django.db import connection
from django.http import HttpResponse
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
