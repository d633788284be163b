"""A news site as Wagtail builds one: the index at the root of the tree, articles beneath it."""

from django.core.paginator import Paginator
from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

ARTICLES_PER_PAGE = 20


class NewsIndexPage(Page):
    """The site's root page: the newest articles, 20 a page (?page=), or those with a tag
    (?tag=)."""

    max_count = 1
    subpage_types = ["news.ArticlePage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = (
            ArticlePage.objects.child_of(self)
            .live()
            .select_related("lead_image")
            .prefetch_related("lead_image__renditions")
            .order_by("-date", "-pk")
        )
        tag = request.GET.get("tag")
        if tag:
            articles = articles.filter(tags__slug=tag)
        context["articles"] = Paginator(articles, ARTICLES_PER_PAGE).get_page(
            request.GET.get("page")
        )
        return context


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ArticlePage(Page):
    summary = models.TextField(blank=True)
    body = RichTextField()
    date = models.DateTimeField("published at")
    source = models.CharField(max_length=200, blank=True)
    lead_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("date"),
        FieldPanel("source"),
        FieldPanel("lead_image"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        # The index's order, newest first, read from an index.
        indexes = [models.Index(fields=["-date", "-page_ptr"], name="news_article_newest")]
