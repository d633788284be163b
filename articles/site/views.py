"""The public pages. Every one of them reads articles through PublishedArticleMixin."""

import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import http_date
from django.views.generic import DetailView, ListView, TemplateView

from articles import workflow
from articles.agency import provenance
from articles.models import Article, ArticleUrl, Correction, Source, Tag, TagRedirect
from articles.site.pagination import ArchivePaginator
from articles.site.structured_data import as_json_ld, news_article

ARTICLES_PER_PAGE = 20


class PublishedArticleMixin:
    """Published articles, whole, and the paginator of every public list."""

    def get_queryset(self):
        return Article.objects.published().for_detail()

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        return ArchivePaginator(
            queryset,
            per_page,
            request=self.request,
            page_kwarg=self.page_kwarg,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
        )


class ArticleListMixin(PublishedArticleMixin):
    """Lists show teasers: no tags, and the bodies (most of a row's bytes) stay behind."""

    def get_queryset(self):
        return Article.objects.published().for_lists()


class ArticleIndexView(ArticleListMixin, ListView):
    paginate_by = ARTICLES_PER_PAGE
    template_name = "articles/article_list.html"


class ArticleDetailView(PublishedArticleMixin, DetailView):
    """An article at its canonical address.

    Besides published articles, it answers for every address an article ever had: 301 to where
    it is now, or 410 Gone once it was withdrawn or deleted. Staff who may change articles also
    see unpublished ones here, as a preview that is never cached nor indexed.
    """

    def get(self, request, *args, **kwargs):
        # Only a real calendar date can be redirected to the right one; 2022/02/30 is no page.
        try:
            datetime.date(kwargs["year"], kwargs["month"], kwargs["day"])
        except ValueError:
            raise Http404("No such date.") from None
        try:
            self.object = self.get_object()
        except Http404:
            return self.preview_or_history(request)
        canonical_url = self.object.get_absolute_url()
        if request.path != canonical_url:
            return redirect(canonical_url, permanent=True)
        response = self.render_to_response(self.get_context_data(object=self.object))
        # For If-Modified-Since: the article's last change, or its publication if later.
        changed_at = max(self.object.updated_at, self.object.published_at)
        response["Last-Modified"] = http_date(changed_at.timestamp())
        return response

    def get_context_data(self, **kwargs):
        article = self.object
        # Most articles have neither corrections nor an agency's text to compare with; their
        # page does not ask the database about either.
        corrections = (
            list(article.corrections.order_by("created_at", "id"))
            if article.has_corrections
            else []
        )
        is_agency_text_unchanged = (
            provenance.is_agency_text_unchanged(article) if article.has_provenance else None
        )
        context = super().get_context_data(
            corrections=corrections, is_agency_text_unchanged=is_agency_text_unchanged, **kwargs
        )
        context["json_ld"] = as_json_ld(news_article(article, self.request))
        return context

    def preview_or_history(self, request):
        if request.user.is_active and request.user.is_staff:
            article = self.get_preview_object()
            if article is not None and workflow.can_change(request.user, article):
                return self.preview(request, article)
        known = (
            ArticleUrl.objects.select_related("article")
            .filter(path=reverse("articles:detail", kwargs=self.kwargs))
            .first()
        )
        if known is None:
            raise Http404
        article = known.article
        if article is None or article.status == Article.Status.WITHDRAWN:
            return gone(request)
        if Article.objects.published().filter(pk=article.pk).exists():
            return redirect(article.get_absolute_url(), permanent=True)
        raise Http404

    def get_preview_object(self):
        # The article whatever its status: the one place outside published(), for staff only.
        return Article.objects.for_detail().filter(slug=self.kwargs["slug"]).first()

    def preview(self, request, article):
        if request.path != article.get_absolute_url():
            response = redirect(article.get_absolute_url())
        else:
            self.object = article
            response = self.render_to_response(
                self.get_context_data(object=article, is_preview=True)
            )
        add_never_cache_headers(response)
        patch_cache_control(response, private=True, no_store=True)
        return response


def gone(request):
    """410: an article was here, and has been withdrawn or deleted on purpose."""
    return TemplateResponse(request, "articles/gone.html", status=410)


class CorrectionListView(ListView):
    """Every correction of a published article, newest first."""

    paginate_by = ARTICLES_PER_PAGE
    template_name = "articles/correction_list.html"

    def get_queryset(self):
        return (
            Correction.objects.filter(article__in=Article.objects.published())
            .select_related("article")
            .order_by("-created_at", "-id")
        )


class TagDetailView(ArticleListMixin, ListView):
    paginate_by = ARTICLES_PER_PAGE
    template_name = "articles/tag_detail.html"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # A tag merged into another sends its readers there.
            moved = TagRedirect.objects.filter(old_slug=kwargs["slug"]).select_related("tag")
            if moved:
                return redirect(moved[0].tag, permanent=True)
            raise

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class SourceDetailView(ArticleListMixin, ListView):
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
