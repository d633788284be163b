"""The public pages. Every one of them reads articles through PublishedArticleMixin."""

import datetime

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import http_date
from django.views.generic import DetailView, ListView, TemplateView

from articles import workflow
from articles.agency import provenance
from articles.models import Article, ArticleUrl, Source, Tag, TagRedirect
from articles.models.article_page import published_article, with_tags_and_authors
from articles.models.corrections import PublicCorrections
from articles.models.prepared import OneBySlug
from articles.models.teaser_rows import TeaserRows, related_teasers
from articles.site import article_parts, caching, front_page
from articles.site.methods import HeadAsGet
from articles.site.pagination import PUBLISHED_ARTICLES, ArchivePaginator
from articles.site.pictures import article_body

ARTICLES_PER_PAGE = 20
RELATED_ARTICLES = 4
_TAG = OneBySlug(Tag.objects.all())
_SOURCE = OneBySlug(Source.objects.all())


def found(thing):
    """`thing`, or a 404 for a page of nothing."""
    if thing is None:
        raise Http404("Nothing has this address.")
    return thing


class ReadersPage(HeadAsGet):
    """A readers' page, drawn from its Jinja2 template (pages/): asked of Django's engine
    first, each page cost an exception for the template it does not have, and the exception's
    frames held the view in a cycle until the garbage collector's next pass."""

    template_engine = "jinja2"


class PublicListMixin(ReadersPage):
    """The paginator of every public list: its count shared once per cache period, and again
    after a change readers see (ArchivePaginator)."""

    # The name the list's count is shared under; by default its path and what it reads.
    count_key = None

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        return ArchivePaginator(
            queryset,
            per_page,
            request=self.request,
            page_kwarg=self.page_kwarg,
            count_key=self.count_key,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
        )


class PublishedArticleMixin(PublicListMixin):
    """Published articles, whole, paged as every public list."""

    # What the page reads of its query (caching forgets the rest: utm_*, fbclid, ...).
    query_parameters = ("page",)

    def get_queryset(self):
        return Article.objects.published().for_detail()


class ArticleListMixin(PublishedArticleMixin):
    """Lists show teasers: their pages read teaser rows of the published articles that match
    article_filters(), by queries prepared once per process (TeaserRows)."""

    def article_filters(self):
        """The list's lookups (as QuerySet.filter() takes them, with ids, not objects)."""
        return {}

    def get_queryset(self):
        return TeaserRows(**self.article_filters())


class ListOfOneThingMixin(ArticleListMixin):
    """A tag's, source's, section's or author's list: a page only while it has a published
    article, which its first page answers; no query of its own asks (a tag used only on
    drafts, scheduled or withdrawn articles is nobody's business yet)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not context["object_list"]:
            raise Http404("Nothing published here.")
        return context


class ArticleIndexView(ArticleListMixin, ListView):
    """The front page: its curated parts on the first page, then the latest articles."""

    paginate_by = ARTICLES_PER_PAGE
    template_name = "articles/article_list.html"
    # Its count is every published article's, which a big tag's list also asks for.
    count_key = PUBLISHED_ARTICLES

    chosen_parts = None

    def get_queryset(self):
        rows = super().get_queryset()
        page = self.kwargs.get(self.page_kwarg) or self.request.GET.get(self.page_kwarg) or 1
        if str(page) == "1":
            # The chosen stories read in the same statement as the list's first page.
            self.chosen_parts = front_page.chosen(self.request)
            rows.read_along(front_page.chosen_ids(self.chosen_parts))
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context["page_obj"].number == 1:
            chosen = self.chosen_parts or front_page.chosen(self.request)
            rows = self.object_list.along_rows if self.chosen_parts else None
            context.update(front_page.curated_parts(chosen, rows))
        return context


class ArticleDetailView(PublishedArticleMixin, DetailView):
    """An article at its canonical address.

    Besides published articles, it answers for every address an article ever had: 301 to where
    it is now, or 410 Gone once it was withdrawn or deleted (404 if readers never saw it). Staff
    who may change articles also see unpublished ones here, as a preview that is never cached
    nor indexed.
    """

    query_parameters = ()

    def get_object(self, queryset=None):
        return found(published_article(self.kwargs["slug"]))

    def get(self, request, *args, **kwargs):
        # Only a real calendar date can be redirected to the right one; 2022/02/30 is no page.
        try:
            datetime.date(kwargs["year"], kwargs["month"], kwargs["day"])
        except ValueError:
            raise Http404("No such date.") from None
        try:
            self.object = self.get_object()
        except Http404:
            self.object = None
        address = self.object.get_absolute_url() if self.object is not None else None
        if address == request.path:
            return self.show(self.object, address)
        return self.preview_or_history(request)

    def show(self, article, address):
        response = self.render_to_response(self.get_context_data(object=article, address=address))
        # For If-Modified-Since: the article's last change, or its publication if later.
        changed_at = max(article.updated_at, article.published_at)
        response["Last-Modified"] = http_date(changed_at.timestamp())
        keys = caching.article_page_keys(article, self.body.picture_ids)
        return caching.set_surrogate_keys(response, keys)

    def get_context_data(self, address=None, is_preview=False, **kwargs):
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
        context = super().get_context_data(**kwargs)
        tags = article.tags.all()
        context["related_articles"] = related_teasers(article, tags, RELATED_ARTICLES)
        # Its pictures are also among what the page's keys name.
        self.body = article_body(article)
        own = {
            "article": article,
            "is_preview": is_preview,
            # Its address, written four times on the page, is worked out once.
            "canonical_url": self.request.build_absolute_uri(address or article.get_absolute_url()),
            "corrections": corrections,
            "is_agency_text_unchanged": is_agency_text_unchanged,
            "body_html": self.body.html,
            "lead_image": article.shown_lead_image,
            "site_name": settings.SITE_NAME,
        }
        context["article_head"], context["article_part"] = article_parts.drawn(own, self.request)
        return context

    def preview_or_history(self, request):
        """Anything but a published article at its own address. An address an article once
        had is that article's for ever, so the address history is asked before the slug
        alone may lead anywhere."""
        preview = None
        if request.user.is_active and request.user.is_staff:
            preview = self.get_preview_object()
            if preview is not None and not workflow.can_change(request.user, preview):
                preview = None
            if preview is not None and request.path == preview.get_absolute_url():
                return self.preview(request, preview)
        known = (
            ArticleUrl.objects.select_related("article")
            .filter(path=reverse("articles:detail", kwargs=self.kwargs))
            .first()
        )
        if known is not None:
            return self.from_history(request, known)
        # A path no article ever had (a wrong date in a link): the slug leads to its article.
        if self.object is not None:
            return redirect(self.object.get_absolute_url(), permanent=True)
        if preview is not None:
            return self.preview(request, preview)
        raise Http404

    def from_history(self, request, known):
        article = known.article
        if article is None or article.status == Article.Status.WITHDRAWN:
            if not known.was_live:
                raise Http404  # readers never saw it: as if it never existed
            return gone(request, article)
        if Article.objects.published().filter(pk=article.pk).exists():
            return redirect(article.get_absolute_url(), permanent=True)
        raise Http404

    def get_preview_object(self):
        # The article whatever its status: the one place outside published(), for staff only.
        articles = Article.objects.for_detail().prefetch_related(None)
        article = articles.filter(slug=self.kwargs["slug"]).first()
        return with_tags_and_authors(article) if article is not None else None

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


def gone(request, article=None):
    """410: an article was here, and has been withdrawn or deleted on purpose. A withdrawn one
    shows its withdrawal, with the public reason the newsroom gave, if any."""
    withdrawal = article.corrections.withdrawals().last() if article is not None else None
    context = {"is_withdrawn": article is not None, "withdrawal": withdrawal}
    return TemplateResponse(request, "articles/gone.html", context, status=410)


class CorrectionListView(PublicListMixin, ListView):
    """Every correction of a published article, and every withdrawal, newest first: counted
    as the lists are (a correction saved or deleted is a change readers see), since counting
    them for every request cost the page a fifth of its time."""

    query_parameters = ("page",)
    paginate_by = ARTICLES_PER_PAGE
    template_name = "articles/correction_list.html"

    def get_queryset(self):
        return PublicCorrections()


class TagDetailView(ListOfOneThingMixin, ListView):
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

    def article_filters(self):
        self.tag = found(_TAG.get(self.kwargs["slug"]))
        return {"tags": self.tag.pk}

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        return caching.set_surrogate_keys(response, [caching.LIST, caching.tag_key(self.tag.pk)])


class SourceDetailView(ListOfOneThingMixin, ListView):
    paginate_by = ARTICLES_PER_PAGE
    template_name = "articles/source_detail.html"

    def article_filters(self):
        self.source = found(_SOURCE.get(self.kwargs["slug"]))
        return {"source": self.source.pk}

    def get_context_data(self, **kwargs):
        return super().get_context_data(source=self.source, **kwargs)

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        keys = [caching.LIST, caching.source_key(self.source.pk)]
        return caching.set_surrogate_keys(response, keys)


class RobotsView(HeadAsGet, TemplateView):
    template_name = "robots.txt"
    query_parameters = ()
    content_type = "text/plain; charset=utf-8"
