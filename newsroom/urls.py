"""The site's URLs: the public pages live in the articles app, editors in the admin."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from newsroom import views

urlpatterns = [
    path("admin/", admin.site.urls),
    # Switching the interface language is harmless to forge, so the form carries no CSRF token
    # and pages stay free of per-visitor cookies that would keep them out of shared caches.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("healthz", views.HealthView.as_view(), name="healthz"),
    path("api/", include("articles.api.urls")),
    path("", include("articles.urls")),
]

handler500 = views.server_error

if settings.BENCH_BASELINE:
    urlpatterns.insert(0, path("bench/baseline", views.baseline, name="bench-baseline"))
