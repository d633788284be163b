"""RSS 2.0 and Atom feeds of the site, of each tag and of each source.

Each entry carries the full text, the tags as categories, the byline, the copyright notice and,
for agency copy, the agency and its original (RSS <source>, Atom <source>).
"""

from collections import defaultdict

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape, format_html
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Source, Tag, TaggedArticle
from articles.text import render_markdown

FEED_LENGTH = 30


class AgencyRssFeed(Rss201rev2Feed):
    """RSS 2.0 with the agency original as <source url="…">agency</source>."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("source_name") and item.get("source_url"):
            handler.addQuickElement("source", item["source_name"], {"url": item["source_url"]})


class AgencyAtomFeed(Atom1Feed):
    """Atom with the full text as <content> and the agency original as <source>."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})
        if item.get("source_name"):
            handler.startElement("source", {})
            handler.addQuickElement("title", item["source_name"])
            if item.get("source_url"):
                handler.addQuickElement("id", item["source_url"])
                link = {"rel": "alternate", "href": item["source_url"]}
                handler.addQuickElement("link", None, link)
            if item.get("item_copyright"):
                handler.addQuickElement("rights", item["item_copyright"])
            handler.endElement("source")


def with_tag_names(articles):
    """Gives each article its tag names, read in one query. (Prefetching the tags would do the
    same in one query too, but builds a queryset per article to put them in: a third of the
    time of a feed.)"""
    names = defaultdict(list)
    tagged = TaggedArticle.objects.filter(content_object__in=articles).order_by("tag__name")
    for article_id, name in tagged.values_list("content_object_id", "tag__name"):
        names[article_id].append(name)
    for article in articles:
        article.tag_names = names[article.pk]


class LatestFeed(Feed):
    feed_type = AgencyRssFeed
    description = _("Our own reporting and agency copy, newest first.")

    def title(self):
        return _("%(site_name)s: latest articles") % {"site_name": settings.SITE_NAME}

    def author_name(self):
        return settings.SITE_NAME

    def link(self):
        return reverse("articles:index")

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj):
        articles = list(
            self.articles(obj)
            .defer("search_vector")
            .select_related("source")
            .order_by("-published_at", "-id")[:FEED_LENGTH]
        )
        with_tag_names(articles)
        return articles

    def item_title(self, item):
        return item.title

    def content(self, item):
        """What readers of the feed get of an article: the full text, rendered, unless the
        agency's agreement keeps feeds to the summary."""
        if not item.may_share_full_text:
            return format_html("<p>{}</p>", item.summary)
        return render_markdown(item.body)

    def item_description(self, item):
        return self.content(item)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.byline or None

    def item_categories(self, item):
        return item.tag_names

    def item_copyright(self, item):
        return item.effective_copyright_notice or None

    def item_extra_kwargs(self, item):
        source = item.source
        return {
            "source_name": source.name if source else None,
            "source_url": (item.original_url or source.homepage_url) if source else None,
        }


class LatestAtomFeed(LatestFeed):
    feed_type = AgencyAtomFeed
    subtitle = LatestFeed.description

    def item_description(self, item):
        # Atom marks the summary as HTML, so the plain-text summary is escaped into it.
        return escape(item.summary) if item.summary else None

    def item_extra_kwargs(self, item):
        return {**super().item_extra_kwargs(item), "content": self.content(item)}


class TagFeed(LatestFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj):
        return _("%(site_name)s: %(tag)s") % {"site_name": settings.SITE_NAME, "tag": obj.name}

    def description(self, obj):
        return _("Articles tagged %(tag)s, newest first.") % {"tag": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def articles(self, obj):
        return Article.objects.published().filter(tagged_items__tag=obj)


class TagAtomFeed(TagFeed, LatestAtomFeed):
    subtitle = TagFeed.description


class SourceFeed(LatestFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Source, slug=slug)

    def title(self, obj):
        return _("%(site_name)s: %(source)s") % {
            "site_name": settings.SITE_NAME,
            "source": obj.name,
        }

    def description(self, obj):
        return _("Articles from %(source)s, newest first.") % {"source": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def feed_copyright(self, obj):
        return obj.copyright_notice or None

    def articles(self, obj):
        return Article.objects.published().filter(source=obj)


class SourceAtomFeed(SourceFeed, LatestAtomFeed):
    subtitle = SourceFeed.description
