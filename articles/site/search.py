"""The search page: a form of criteria, and the matching published articles with a snippet.

The matching and ranking are ArticleQuerySet.search(); on PostgreSQL the database also cuts
each result's snippet, with the words found highlighted.
"""

from datetime import date

from django import forms
from django.contrib.postgres.search import SearchHeadline
from django.db import connection, connections
from django.db.models import Func, Q
from django.db.models.functions import Left
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from articles.models import Article, Source, Tag
from articles.models import search as article_search
from articles.site.caching import menu_sections
from articles.site.views import ARTICLES_PER_PAGE, ArticleListMixin

# Private-use characters mark highlights, so the snippet can be escaped before <mark> goes in.
MARK_START, MARK_END = "\ue000", "\ue001"
MAX_QUERY_LENGTH = 1000
SNIPPET_SOURCE_LENGTH = 1000


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
    section = forms.ChoiceField(label=_("Section"), required=False)
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("any")), ("de", _("German")), ("en", _("English"))],
    )
    published_from = forms.DateField(label=_("Published from"), required=False, widget=DatePicker)
    published_until = forms.DateField(label=_("Published until"), required=False, widget=DatePicker)

    def __init__(self, *args, sections=(), **kwargs):
        """`sections`: those to choose from (the menu's, which the page has read already)."""
        super().__init__(*args, **kwargs)
        self.sections = {section.slug: section for section in sections}
        self.fields["section"].choices = [("", _("any"))] + [
            (section.slug, section.name) for section in sections
        ]
        self.fields["section"].error_messages["invalid_choice"] = _(
            "There is no section “%(value)s”."
        )

    def clean_section(self):
        return self.sections.get(self.cleaned_data["section"])

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
        if data["section"]:
            articles = articles.filter(section=data["section"])
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


def snippet_source():
    """The start of the body: marking matches costs the database time in proportion to the
    text, so twenty whole bodies would cost more than the rest of the search.
    A match further in is still found; its snippet shows the start of the body."""
    return Left("body", SNIPPET_SOURCE_LENGTH)


def with_snippets(results, text):
    """Gives each result (on PostgreSQL) a `snippet`: a few words around the matches, each
    match between MARK_START and MARK_END."""
    if connections[results.db].vendor != "postgresql":
        return results
    return results.annotate(
        snippet=SearchHeadline(
            snippet_source(),
            article_search.any_language_query(text),
            config=Func("language", function="article_search_config"),
            start_sel=MARK_START,
            stop_sel=MARK_END,
            max_words=35,
            min_words=15,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
    )


def highlight(snippet):
    """Escapes a snippet, then turns the highlight markers into <mark> elements."""
    html = escape(snippet).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(html)  # noqa: S308 (escaped above; only our own <mark> tags added)


class SearchView(ArticleListMixin, ListView):
    """Results show a snippet made by the database, so bodies and tags stay behind."""

    paginate_by = ARTICLES_PER_PAGE
    template_name = "articles/search.html"

    def get(self, request, *args, **kwargs):
        self.form = SearchForm(request.GET or None, sections=menu_sections(request))
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if not self.form.has_criteria:
            return Article.objects.none()
        articles = self.form.filter(super().get_queryset())
        text = self.form.cleaned_data["q"].strip()
        if text:
            return with_snippets(articles.search(text), text)
        return articles

    def get_context_data(self, **kwargs):
        context = super().get_context_data(form=self.form, **kwargs)
        paginator = context["paginator"]
        ranked_matches = article_search.RANKED_MATCHES
        context["ranked_matches"] = ranked_matches
        context["is_capped"] = (
            connection.vendor == "postgresql" and paginator and paginator.count >= ranked_matches
        )
        for article in context["object_list"]:
            article.snippet_html = highlight(getattr(article, "snippet", "") or "")
        return context
