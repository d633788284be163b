"""Full-text search over published articles.

On PostgreSQL each article carries a weighted `search_vector` (title A, summary B, body and tag
names C) that database triggers keep current, stemmed with the text-search configuration of the
article's own language (see the `search` migration). A query is parsed as web-search syntax
("quoted phrase", -exclusion, or) once per configuration, and each article is matched against the
query parsed in its own language, so the GIN index answers every branch. Elsewhere (SQLite, the
embedded default) a plain containment search stands in.
"""

import re
from datetime import date

from django import forms
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Exists, F, Func, OuterRef, Q, TextField
from django.db.models.functions import Left
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from articles.models import Article, Source, Tag, TaggedArticle
from articles.site.views import ARTICLES_PER_PAGE, ArticleListMixin

# The text-search configurations the database function article_search_config() chooses from.
SEARCH_CONFIGS = ("german", "english", "simple")
# Private-use characters mark highlights, so the snippet can be escaped before <mark> goes in.
MARK_START, MARK_END = "\ue000", "\ue001"
MAX_QUERY_LENGTH = 1000
SNIPPET_SOURCE_LENGTH = 1000
# A common word matches a large share of the archive; reading its newest matches in date order
# stops after this many, and ranking them costs a few milliseconds. Ten pages of results.
RANKED_MATCHES = 200
MAX_FALLBACK_TERMS = 20


class ArticleSearchConfig(Func):
    """The configuration an article's text was indexed with, as text."""

    function = "article_search_config"
    template = "%(function)s(%(expressions)s)::text"
    output_field = TextField()


class DatePicker(forms.DateInput):
    """A native date picker; it shows only valid dates back, as HTML requires of its value."""

    input_type = "date"

    def format_value(self, value):
        if isinstance(value, str):
            try:
                date.fromisoformat(value)
            except ValueError:
                return None
            return value
        return value.isoformat() if value else None


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), required=False, max_length=MAX_QUERY_LENGTH)
    tag = forms.SlugField(label=_("Tag"), required=False, max_length=100)
    source = forms.ModelChoiceField(
        label=_("Source"),
        queryset=Source.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("any"),
        error_messages={"invalid_choice": _("There is no source “%(value)s”.")},
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("any")), ("de", _("German")), ("en", _("English"))],
    )
    published_from = forms.DateField(label=_("Published from"), required=False, widget=DatePicker)
    published_until = forms.DateField(label=_("Published until"), required=False, widget=DatePicker)

    def clean_tag(self):
        slug = self.cleaned_data["tag"]
        if not slug:
            return None
        try:
            return Tag.objects.get(slug=slug)
        except Tag.DoesNotExist:
            message = _("There is no tag “%(slug)s”.")
            raise forms.ValidationError(message, params={"slug": slug}) from None

    def clean(self):
        data = super().clean()
        start, end = data.get("published_from"), data.get("published_until")
        if start and end and start > end:
            self.add_error("published_until", _("This date lies before the “from” date."))
        return data

    @property
    def has_criteria(self):
        return self.is_valid() and any(self.cleaned_data.values())

    def filter(self, articles):
        data = self.cleaned_data
        if data["tag"]:
            articles = articles.filter(tagged_items__tag=data["tag"])
        if data["source"]:
            articles = articles.filter(source=data["source"])
        if data["language"]:
            articles = articles.filter(
                Q(language__iexact=data["language"])
                | Q(language__istartswith=data["language"] + "-")
            )
        if data["published_from"]:
            articles = articles.filter(published_at__date__gte=data["published_from"])
        if data["published_until"]:
            articles = articles.filter(published_at__date__lte=data["published_until"])
        return articles


def web_search_queries(text):
    """The query parsed once per configuration: {config: SearchQuery}."""
    return {
        config: SearchQuery(text, config=config, search_type="websearch")
        for config in SEARCH_CONFIGS
    }


def matching(articles, queries):
    """The articles matching the query parsed in their own language; the GIN index serves it."""
    in_its_language = Q()
    for config, query in queries.items():
        in_its_language |= Q(search_config=config, search_vector=query)
    return articles.annotate(search_config=ArticleSearchConfig("language")).filter(in_its_language)


def snippet_source():
    """The start of the body: marking matches costs the database time in proportion to the
    text, so twenty whole bodies would cost more than the rest of the search.
    A match further in is still found; its snippet shows the start of the body."""
    return Left("body", SNIPPET_SOURCE_LENGTH)


def search_postgresql(articles, text):
    """Ranked matches with a highlighted snippet, each article matched in its own language.

    Only the newest RANKED_MATCHES matches are ranked: a common word matches most of a large
    archive, and ranking a million rows would take seconds; the newest few hundred are read
    from the date index, stopping as soon as there are enough, and stay quick.
    """
    queries = web_search_queries(text)
    any_language = queries["german"] | queries["english"] | queries["simple"]
    # Read first, on their own: as a subquery, the planner would join them with the whole table.
    newest_matches = list(
        matching(articles.prefetch_related(None), queries)
        .order_by("-published_at", "-id")
        .values_list("pk", flat=True)[:RANKED_MATCHES]
    )
    return (
        articles.filter(pk__in=newest_matches)
        .annotate(
            rank=SearchRank(F("search_vector"), any_language),
            snippet=SearchHeadline(
                snippet_source(),
                any_language,
                config=Func("language", function="article_search_config"),
                start_sel=MARK_START,
                stop_sel=MARK_END,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", "-published_at", "-id")
    )


QUERY_TERM = re.compile(r'(-?)"([^"]*)"|(-?)(\S+)')


def parse_terms(text):
    """Splits web-search syntax into (term, is_excluded) pairs; "or" is read as "and"."""
    terms = []
    for match in QUERY_TERM.finditer(text):
        excluded = bool(match.group(1) or match.group(3))
        term = (match.group(2) if match.group(2) is not None else match.group(4)).strip('"')
        if term and term.lower() != "or":
            terms.append((term, excluded))
    return terms[:MAX_FALLBACK_TERMS]


def search_fallback(articles, text):
    """Plain containment in title, summary, body or a tag name: for databases without FTS."""
    for term, excluded in parse_terms(text):
        tagged = TaggedArticle.objects.filter(
            content_object=OuterRef("pk"), tag__name__icontains=term
        )
        contains = (
            Q(title__icontains=term)
            | Q(summary__icontains=term)
            | Q(body__icontains=term)
            | Q(Exists(tagged))
        )
        articles = articles.exclude(contains) if excluded else articles.filter(contains)
    return articles


def highlight(snippet):
    """Escapes a snippet, then turns the highlight markers into <mark> elements."""
    html = escape(snippet).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(html)  # noqa: S308 (escaped above; only our own <mark> tags added)


def search(articles, text):
    if connection.vendor == "postgresql":
        return search_postgresql(articles, text)
    return search_fallback(articles, text)


class SearchView(ArticleListMixin, ListView):
    """Results show a snippet made by the database, so bodies and tags stay behind."""

    paginate_by = ARTICLES_PER_PAGE
    template_name = "articles/search.html"

    def get(self, request, *args, **kwargs):
        self.form = SearchForm(request.GET or None)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if not self.form.has_criteria:
            return Article.objects.none()
        articles = self.form.filter(super().get_queryset())
        text = self.form.cleaned_data["q"].strip()
        if text:
            return search(articles, text)
        return articles

    def get_context_data(self, **kwargs):
        context = super().get_context_data(form=self.form, **kwargs)
        paginator = context["paginator"]
        context["ranked_matches"] = RANKED_MATCHES
        context["is_capped"] = (
            connection.vendor == "postgresql" and paginator and paginator.count >= RANKED_MATCHES
        )
        for article in context["object_list"]:
            article.snippet_html = highlight(getattr(article, "snippet", "") or "")
        return context
