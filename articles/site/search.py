"""The search page: a form of criteria, and the matching published articles with a snippet.

The matching and ranking are ArticleQuerySet.search(); on PostgreSQL the database also cuts
each result's snippet, with the words found highlighted. A search that would take longer than
its time limit is answered with the form and a request to narrow it.
"""

import secrets
from datetime import date

from django import forms
from django.db import OperationalError, connection, connections, router
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from articles.models import Article, Section, Source, Tag
from articles.models import search as article_search
from articles.models.prepared_search import PreparedSearch
from articles.models.search import narrowed
from articles.site.caching import menu_sections, rendered_unfilled_form
from articles.site.views import ARTICLES_PER_PAGE, PublishedArticleMixin

MAX_QUERY_LENGTH = 1000


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
    tag = forms.CharField(label=_("Tag"), required=False, max_length=100)
    source = forms.CharField(label=_("Source"), required=False, max_length=200)
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

    def clean_q(self):
        text = self.cleaned_data["q"]
        words = len(article_search.query_words(text))
        if words > article_search.MAX_WORDS:
            message = _(
                "Search for at most %(limit)s words (this search has %(count)s): leave out "
                "the least telling ones, or narrow the search with the filters."
            )
            params = {"limit": article_search.MAX_WORDS, "count": words}
            raise forms.ValidationError(message, params=params)
        if article_search.query_alternatives(text) >= article_search.MAX_WORDS:
            message = _("Join at most %(limit)s words with “or”.")
            raise forms.ValidationError(message, params={"limit": article_search.MAX_WORDS})
        return text

    def clean_tag(self):
        """The tags readers know by this slug or name. A tag that does not exist and one that
        only unpublished articles have get the same answer."""
        text = self.cleaned_data["tag"].strip()
        if not text:
            return None
        tags = list(Tag.objects.published_named(text))
        if not tags:
            message = _("No published article has the tag “%(value)s”.")
            raise forms.ValidationError(message, params={"value": text})
        return tags

    def clean_source(self):
        """The source readers know by this slug, name or short name; one without published
        articles gets the same answer as one that does not exist."""
        text = self.cleaned_data["source"].strip()
        if not text:
            return None
        source = Source.objects.having_published_articles().named(text).first()
        if source is None:
            message = _("No published article is from “%(value)s”.")
            raise forms.ValidationError(message, params={"value": text})
        return source

    def clean(self):
        data = super().clean()
        start, end = data.get("published_from"), data.get("published_until")
        if start and end and start > end:
            self.add_error("published_until", _("This date lies before the “from” date."))
        return data

    @property
    def filters(self):
        """Every field but the words: what the page shows folded."""
        return [field for field in self if field.name != "q"]

    @property
    def uses_filters(self):
        """Whether a filter was given (or given wrong): then the page shows them unfolded."""
        return self.is_bound and any(
            self.data.get(field.name) or field.errors for field in self.filters
        )

    @property
    def has_criteria(self):
        return self.is_valid() and any(self.cleaned_data.values())

    @property
    def criteria(self):
        """The filters, as search.narrowed() takes them (a filter not given is empty)."""
        data = self.cleaned_data
        return {
            "tags": [tag.pk for tag in data["tag"] or ()],
            "source": data["source"] and data["source"].pk,
            "section": data["section"] and data["section"].pk,
            "language": data["language"],
            "published_from": data["published_from"],
            "published_until": data["published_until"],
        }


class Highlight:
    """Marks that no text can contain: made afresh for each search, so a body cannot hold them
    in advance, whatever characters it has. The database puts them around each match; the
    snippet is escaped, then they become <mark> elements, always in pairs."""

    def __init__(self):
        token = secrets.token_hex(8)
        self.start, self.stop = f"hl{token}start", f"hl{token}stop"

    def html(self, snippet):
        escaped = escape(snippet)
        html = escaped.replace(self.start, "<mark>").replace(self.stop, "</mark>")
        return mark_safe(html)  # noqa: S308 (escaped above; only our own <mark> tags added)


FILTERS_TEMPLATE = "articles/_search_filters.html"


def unfilled_search_form(offers):
    """The form before anything is filled in, offering the sections of `offers` (slug, name)."""
    return SearchForm(sections=[Section(slug=slug, name=name) for slug, name in offers])


class SearchView(PublishedArticleMixin, ListView):
    """Results show a snippet made by the database, so bodies and tags stay behind."""

    paginate_by = ARTICLES_PER_PAGE
    template_name = "articles/search.html"
    query_parameters = ("page", *SearchForm.base_fields)
    match_count = None

    def get(self, request, *args, **kwargs):
        self.sections = menu_sections(request)
        self.form = SearchForm(request.GET or None, sections=self.sections)
        self.highlight = Highlight()
        if not self.form.has_criteria:
            return super().get(request, *args, **kwargs)
        try:
            with article_search.time_limit(router.db_for_read(Article)):
                return super().get(request, *args, **kwargs)
        except OperationalError as error:
            if not article_search.is_past_time_limit(error):
                raise
        return self.too_broad()

    def too_broad(self):
        """The form again, with the request to narrow the search; no results, no count."""
        self.object_list = Article.objects.none()
        return self.render_to_response({"view": self, "is_too_broad": True, **self.form_context()})

    def form_context(self):
        return {
            "form": self.form,
            "filters": self.filters(),
            "understands_alternatives": article_search.understands_alternatives(
                router.db_for_read(Article)
            ),
        }

    def filters(self):
        """The form's filters, as made once per language and menu until one is filled in."""
        if self.form.uses_filters:
            return render_to_string(FILTERS_TEMPLATE, {"form": self.form})
        offers = tuple((section.slug, section.name) for section in self.sections)
        return rendered_unfilled_form(
            FILTERS_TEMPLATE, unfilled_search_form, language=get_language(), offers=offers
        )

    def get_queryset(self):
        if not self.form.has_criteria:
            return Article.objects.none()
        text = self.form.cleaned_data["q"].strip()
        criteria = self.form.criteria
        if not text or not article_search.understands_alternatives(router.db_for_read(Article)):
            articles = narrowed(Article.objects.published().for_lists(), **criteria)
            return articles.search(text) if text else articles
        # As ArticleQuerySet.search(), keeping the number of matches: no need to count them.
        search = PreparedSearch(text, criteria)
        ids = search.newest_matches()
        self.match_count = len(ids)
        return RankedMatches(search, ids, self.highlight)

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        if self.match_count is not None:
            paginator.count = self.match_count
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**self.form_context(), **kwargs)
        paginator = context["paginator"]
        ranked_matches = article_search.RANKED_MATCHES
        context["ranked_matches"] = ranked_matches
        context["is_capped"] = (
            connection.vendor == "postgresql" and paginator and paginator.count >= ranked_matches
        )
        for article in context["object_list"]:
            article.snippet_html = self.highlight.html(getattr(article, "snippet", "") or "")
        return context


class RankedMatches:
    """A search's matches (`ids`, newest first), best match first, as a list pages them
    (ArchivePaginator): each page read by a prepared query (PreparedSearch.results()), each
    article with its snippet marked by `highlight`."""

    model = Article
    ordered = True

    def __init__(self, search, ids, highlight):
        self.search = search
        self.ids = ids
        connection = connections[search.db]
        self.options = article_search.snippet_options(connection, highlight.start, highlight.stop)

    def count(self):
        return len(self.ids)

    def page(self, bottom, top):
        return self.search.results(bottom, top, self.ids, self.options)

    def page_ids(self, bottom, top):
        return [article.pk for article in self.page(bottom, top)]

    def with_ids(self, ids):
        """The matches among `ids`, in the order of the ranking."""
        wanted = set(ids)
        return [article for article in self.page(0, len(self.ids)) if article.pk in wanted]
