"""The directories of tags and of sources, each with its number of published articles."""

from django.views.generic import ListView

from articles.models import Source, Tag
from articles.site.published_counts import CountedDirectory, source_counts, tag_counts
from articles.site.views import ReadersPage

TAGS_PER_PAGE = 200
SOURCES_PER_PAGE = 100


class TagDirectory(ReadersPage, ListView):
    """Tags that have published articles, grouped by kind, each with its count."""

    paginate_by = TAGS_PER_PAGE
    query_parameters = ("page",)
    template_name = "articles/tag_list.html"

    def get_queryset(self):
        return CountedDirectory(Tag, tag_counts(request=self.request))

    def get_context_data(self, **kwargs):
        # Each kind's name, as get_kind_display() gives it: asked of each of a page's two
        # hundred tags, that made up two fifths of the page's time.
        return super().get_context_data(kind_names=dict(Tag.Kind.choices), **kwargs)


class SourceDirectory(ReadersPage, ListView):
    """Every source, with the number of its published articles."""

    paginate_by = SOURCES_PER_PAGE
    query_parameters = ("page",)
    template_name = "articles/source_list.html"

    def get_queryset(self):
        return Source.objects.order_by("name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = dict(source_counts(request=self.request))
        for source in context["object_list"]:
            source.article_count = counts.get(source.pk)
        return context
