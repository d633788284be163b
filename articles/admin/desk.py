"""The admin's start page is the editors' desk: what waits for whom, each list with its count
and its newest articles."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from articles.models import Article

SHOWN = 8  # articles per list; the count says how many there are in all


def desk_lists(user):
    """[(name, label, count, articles, changelist query)] for the desk of `user`."""
    articles = Article.objects.select_related("source")
    lists = [
        ("review", _("Awaiting review"), articles.awaiting_review(), "status__exact=review"),
        (
            "scheduled",
            _("Scheduled"),
            articles.scheduled().order_by("published_at"),
            "publication=scheduled",
        ),
        (
            "agency",
            _("Agency text changed"),
            articles.with_new_agency_text(),
            "has_new_agency_text__exact=1",
        ),
        ("drafts", _("My drafts"), articles.drafts_of(user), "status__exact=draft"),
        ("published", _("Recently published"), articles.recently_published(), "publication=live"),
    ]
    return [
        {
            "name": name,
            "label": label,
            "count": queryset.count(),
            "articles": list(queryset[:SHOWN]),
            "query": query,
        }
        for name, label, queryset, query in lists
    ]


def index_with_desk(index):
    def desk_index(request, extra_context=None):
        context = dict(extra_context or {})
        if request.user.has_perm("articles.view_article"):
            context["desk"] = desk_lists(request.user)
        return index(request, context)

    return desk_index


admin.site.index = index_with_desk(admin.site.index)
