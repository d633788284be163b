from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from peer import views

urlpatterns = [
    path("bench/baseline", views.baseline),
    path("admin/", include(wagtailadmin_urls)),
    # Last: every other address is a page of the tree.
    path("", include(wagtail_urls)),
]
