"""What every answer under /api/ gets before any view runs or any cached page is served: the
rate limit, and CORS headers so that other sites' pages may read it."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.module_loading import import_string

from articles.api import throttling

API_PREFIX = "/api/"
READING = ("GET", "HEAD", "OPTIONS")


class ApiEdgeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.client_address = import_string(settings.API_CLIENT_ADDRESS)

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META:
            return self.with_cors(request, self.preflight())
        bucket, limit = throttling.caller(request, self.client_address(request))
        wait = throttling.seconds_to_wait(bucket, limit)
        if wait:
            response = JsonResponse(
                {"error": f"Too many requests: at most {limit} a minute. Try again in {wait} s."},
                status=429,
            )
            response["Retry-After"] = str(wait)
        else:
            response = self.get_response(request)
        return self.with_cors(request, response)

    def preflight(self):
        response = HttpResponse(status=204)
        response["Access-Control-Allow-Methods"] = ", ".join(READING)
        response["Access-Control-Allow-Headers"] = "Authorization, If-None-Match"
        response["Access-Control-Max-Age"] = "86400"
        return response

    def with_cors(self, request, response):
        """Reading is open to every origin; pushing is for agencies' servers, not browsers."""
        if request.method in READING:
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Expose-Headers"] = "ETag, Link, Retry-After"
        return response
