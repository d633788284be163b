"""RSS 2.0 and Atom feeds of the site, of each tag, source, section and author.

Each entry carries the full text, the tags as categories, the byline, the copyright notice and,
for agency copy, the agency and its original (RSS <source>, Atom <source>).
"""

from collections import defaultdict

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import F, Value
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.functional import Promise
from django.utils.html import escape, format_html
from django.utils.translation import gettext_lazy as _

from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    Section,
    Source,
    Tag,
    TaggedArticle,
)
from articles.site.pictures import url, without_picture_places
from articles.text import xml_text

# The lead image of a feed's entry: a rendition feed readers show beside the text.
ENCLOSURE_WIDTH = 960

FEED_LENGTH = 30


def _xml_safe(value):
    """Strings (lazy ones too) and lists of them, without what XML cannot carry."""
    if isinstance(value, str | Promise):
        return xml_text(str(value))
    if isinstance(value, list | tuple):
        return [_xml_safe(part) for part in value]
    return value


class XmlSafeFeed:
    """Every text the feed writes is cleared of the characters XML cannot carry: text stored
    before the checks existed, or past them, must neither fail the feed (Django refuses control
    characters with an error) nor make it unreadable XML for every subscriber."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **{key: _xml_safe(value) for key, value in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*args, **{key: _xml_safe(value) for key, value in kwargs.items()})


class AgencyRssFeed(XmlSafeFeed, Rss201rev2Feed):
    """RSS 2.0 with the agency original as <source url="…">agency</source>."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("source_name") and item.get("source_url"):
            handler.addQuickElement("source", item["source_name"], {"url": item["source_url"]})


class AgencyAtomFeed(XmlSafeFeed, Atom1Feed):
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


def with_tag_and_author_names(articles):
    """Gives each article its tag names and its authors' names, read in one query. (Prefetching
    would take a query for each, and builds a queryset per article to put them in: a third of
    the time of a feed.)"""
    tagged = (
        TaggedArticle.objects.filter(content_object__in=articles)
        .order_by()
        .values_list("content_object_id", "tag__name", Value(0), Value(0))
    )
    authored = (
        ArticleAuthor.objects.filter(article__in=articles)
        .order_by()
        .values_list("article_id", "author__name", Value(1), F("position"))
    )
    names = defaultdict(lambda: ([], []))
    rows = tagged.union(authored, all=True)
    # Tags by name, authors in byline order.
    for article_id, name, is_author, _position in sorted(
        rows, key=lambda row: (row[2], row[3], row[1])
    ):
        names[article_id][is_author].append(name)
    for article in articles:
        article.tag_names, article.author_names = names[article.pk]


class LatestFeed(Feed):
    feed_type = AgencyRssFeed
    query_parameters = ()
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
            .select_related("source", "lead_image", "lead_image__source")
            .order_by("-published_at", "-id")[:FEED_LENGTH]
        )
        with_tag_and_author_names(articles)
        return articles

    def item_title(self, item):
        return item.title

    def content(self, item):
        """What readers of the feed get of an article: the full text, rendered, unless the
        agency's agreement keeps feeds to the summary."""
        if not item.may_share_full_text:
            return format_html("<p>{}</p>", item.summary)
        return without_picture_places(item.rendered_body())

    def item_enclosures(self, item):
        image = item.shown_lead_image
        entry = image.rendition("wide", "jpeg", ENCLOSURE_WIDTH) if image else None
        if entry is None:
            return []
        return [Enclosure(url(entry), str(entry[2]), "image/jpeg")]

    def get_feed(self, obj, request):
        """The feed, with its enclosures' addresses made absolute, as feed readers need."""
        feed = super().get_feed(obj, request)
        for entry in feed.items:
            entry["enclosures"] = [
                Enclosure(request.build_absolute_uri(e.url), e.length, e.mime_type)
                for e in entry["enclosures"]
            ]
        return feed

    def item_description(self, item):
        return self.content(item)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return ", ".join(item.author_names) or item.byline or None

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
        return get_object_or_404(Tag.objects.with_published_articles(), slug=slug)

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
        return get_object_or_404(Source.objects.with_published_articles(), slug=slug)

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


class SectionFeed(LatestFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section.objects.with_published(), slug=slug)

    def title(self, obj):
        return _("%(site_name)s: %(section)s") % {
            "site_name": settings.SITE_NAME,
            "section": obj.name,
        }

    def description(self, obj):
        return _("Articles in %(section)s, newest first.") % {"section": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def articles(self, obj):
        return Article.objects.published().filter(section=obj)


class SectionAtomFeed(SectionFeed, LatestAtomFeed):
    subtitle = SectionFeed.description


class AuthorFeed(LatestFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Author.objects.with_published(), slug=slug)

    def title(self, obj):
        return _("%(site_name)s: %(author)s") % {
            "site_name": settings.SITE_NAME,
            "author": obj.name,
        }

    def description(self, obj):
        return _("Articles by %(author)s, newest first.") % {"author": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def articles(self, obj):
        return Article.objects.published().filter(authorships__author=obj)


class AuthorAtomFeed(AuthorFeed, LatestAtomFeed):
    subtitle = AuthorFeed.description
