"""The site's URLs: the public pages live in the articles app, editors in the admin."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from articles.site.pictures import serve_media
from newsroom import views

urlpatterns = [
    path("admin/", admin.site.urls),
    # Switching the interface language is harmless to forge, so the form carries no CSRF token
    # and pages stay free of per-visitor cookies that would keep them out of shared caches.
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("healthz", views.HealthView.as_view(), name="healthz"),
    path("api/", include("articles.api.urls")),
    path("", include("articles.urls")),
]

if not settings.S3_BUCKET:
    # Pictures' renditions from MEDIA_ROOT; an object store serves its own.
    urlpatterns.insert(0, re_path(r"^media/(?P<path>.+)$", serve_media, name="media"))

handler500 = views.server_error

if settings.BENCH_BASELINE:
    urlpatterns.insert(0, path("bench/baseline", views.baseline, name="bench-baseline"))
