"""Sources and tags in the admin."""

import taggit.models
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import path
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


# taggit's own Tag model is not ours (articles.Tag is); its admin would be an empty list.
if admin.site.is_registered(taggit.models.Tag):
    admin.site.unregister(taggit.models.Tag)

SUGGESTIONS = 10


class TagKindInListForm(forms.ModelForm):
    """The kind, changed right in the list: each box is named after its tag."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label = _("Kind of %(tag)s") % {"tag": self.instance.name}
        self.fields["kind"].widget.attrs["aria-label"] = label


@admin.register(Tag)
class TagAdmin(CheckedListMixin, admin.ModelAdmin):
    form = TagForm
    ordering = ["name"]
    list_display = ["name", "kind", "slug", "article_count"]
    list_filter = ["kind"]
    list_editable = ["kind"]
    search_fields = ["name", "slug"]
    actions = ["merge_tags"]

    def get_changelist_form(self, request, **kwargs):
        return super().get_changelist_form(request, form=TagKindInListForm, **kwargs)

    def get_urls(self):
        suggest = self.admin_site.admin_view(self.suggest_view)
        return [path("suggest/", suggest, name="tag_suggest"), *super().get_urls()]

    def suggest_view(self, request):
        """The names of existing tags for what is being typed: those starting with it first."""
        if not request.user.has_perm("articles.view_article"):
            raise PermissionDenied
        typed = request.GET.get("q", "").strip()[:100]
        if not typed:
            return JsonResponse({"names": []})
        tags = Tag.objects.order_by("name")
        names = list(tags.filter(name__istartswith=typed).values_list("name", flat=True)[:10])
        if len(names) < SUGGESTIONS:
            inside = tags.filter(name__icontains=typed).exclude(name__in=names)
            names += inside.values_list("name", flat=True)[: SUGGESTIONS - len(names)]
        return JsonResponse({"names": names})

    @admin.action(description=_("Merge the chosen tags into one"), permissions=["change"])
    def merge_tags(self, request, queryset):
        tags = list(queryset.order_by("name"))
        if len(tags) < 2:
            self.message_user(request, _("Choose at least two tags to merge."), messages.WARNING)
            return None
        kept_id = request.POST.get("kept")
        kept = next((tag for tag in tags if str(tag.pk) == kept_id), None)
        if kept is None:
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("Merge tags"),
                "tags": tags,
                "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            }
            return TemplateResponse(request, "admin/articles/tag/merge.html", context)
        merged = Tag.objects.merge(kept, tags)
        self.message_user(
            request,
            _("%(count)d tags were merged into %(tag)s; their addresses lead there now.")
            % {"count": merged, "tag": kept.name},
            messages.SUCCESS,
        )
        return None

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("tagged_articles"))

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, tag):
        return tag.article_count
