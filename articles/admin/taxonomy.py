"""Sources and tags in the admin."""

from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from articles.admin.changelists import CheckedListMixin
from articles.admin.slugs import SlugFromTextForm
from articles.models import Source, Tag


class SourceForm(SlugFromTextForm):
    slug_from = ["short_name", "name"]
    slug_fallback = "source"
    slug_help_text = _("Leave empty to make it from the short name, or else the name.")


class TagForm(SlugFromTextForm):
    slug_from = ["name"]
    slug_fallback = "tag"
    slug_help_text = _("Leave empty to make it from the name.")


@admin.register(Source)
class SourceAdmin(CheckedListMixin, admin.ModelAdmin):
    form = SourceForm
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

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, source):
        return source.article_count


@admin.register(Tag)
class TagAdmin(CheckedListMixin, admin.ModelAdmin):
    form = TagForm
    ordering = ["name"]
    list_display = ["name", "kind", "slug", "article_count"]
    list_filter = ["kind"]
    list_editable = ["kind"]
    search_fields = ["name", "slug"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("tagged_articles"))

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, tag):
        return tag.article_count
