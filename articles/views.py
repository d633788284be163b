"""The public pages. Every one of them reads articles through PublishedArticleMixin."""

from django.db import connection
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from articles.models import Article, Source, Tag

ARTICLES_PER_PAGE = 20


class PublishedArticleMixin:
    """Owns the queryset of every public view: published articles with what lists show."""

    def get_queryset(self):
        return Article.objects.published().select_related("source").prefetch_related("tags")


class ArticleIndexView(PublishedArticleMixin, ListView):
    paginate_by = ARTICLES_PER_PAGE
    template_name = "articles/article_list.html"


class ArticleDetailView(PublishedArticleMixin, DetailView):
    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        canonical_url = self.object.get_absolute_url()
        if request.path != canonical_url:
            return redirect(canonical_url, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))


class TagDetailView(PublishedArticleMixin, ListView):
    paginate_by = ARTICLES_PER_PAGE
    template_name = "articles/tag_detail.html"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class SourceDetailView(PublishedArticleMixin, ListView):
    paginate_by = ARTICLES_PER_PAGE
    template_name = "articles/source_detail.html"

    def get_queryset(self):
        self.source = get_object_or_404(Source, slug=self.kwargs["slug"])
        return super().get_queryset().filter(source=self.source)

    def get_context_data(self, **kwargs):
        return super().get_context_data(source=self.source, **kwargs)


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"


class HealthView(View):
    """200 when the app and its database answer, 503 otherwise; for load balancers."""

    def get(self, request):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except Exception:  # any database failure means "not healthy", whatever its kind
            return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
        return HttpResponse("ok\n", content_type="text/plain")
