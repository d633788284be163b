"""Sources and tags in the admin."""

from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from articles.models import Source, Tag


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    ordering = ["name"]
    list_display = [
        "name",
        "short_name",
        "slug",
        "timezone",
        "is_full_text_allowed_in_feeds",
        "rights_expire_at",
        "article_count",
    ]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["short_name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, source):
        return source.article_count


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    ordering = ["name"]
    list_display = ["name", "kind", "slug", "article_count"]
    list_filter = ["kind"]
    list_editable = ["kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("tagged_articles"))

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, tag):
        return tag.article_count
