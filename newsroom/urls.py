"""The site's URLs: the public pages live in the articles app, editors in the admin."""

from django.contrib import admin
from django.urls import include, path

from articles import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.HealthView.as_view(), name="healthz"),
    path("", include("articles.urls")),
]
