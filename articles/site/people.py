"""Sections and authors: their directories and their pages.

Like tags and sources, a section or an author has a page only while it has a published
article; until then, and after, its address answers 404.
"""

from django.views.generic import ListView

from articles.models import Author, Section
from articles.models.prepared import OneBySlug
from articles.site.published_counts import CountedDirectory, author_counts, section_counts
from articles.site.views import ARTICLES_PER_PAGE, ListOfOneThingMixin, ReadersPage, found

DIRECTORY_PER_PAGE = 200
_SECTION = OneBySlug(Section.objects.all())
_AUTHOR = OneBySlug(Author.objects.select_related("photo__source"))


class SectionDirectory(ReadersPage, ListView):
    """The sections in menu order, each with its number of published articles."""

    paginate_by = DIRECTORY_PER_PAGE
    template_name = "articles/section_list.html"

    def get_queryset(self):
        return CountedDirectory(Section, section_counts(request=self.request))


class AuthorDirectory(ReadersPage, ListView):
    """The authors by name, each with their number of published articles."""

    paginate_by = DIRECTORY_PER_PAGE
    template_name = "articles/author_list.html"

    def get_queryset(self):
        return CountedDirectory(Author, author_counts(request=self.request))


class SectionDetailView(ListOfOneThingMixin, ListView):
    paginate_by = ARTICLES_PER_PAGE
    template_name = "articles/section_detail.html"

    def article_filters(self):
        self.section = found(_SECTION.get(self.kwargs["slug"]))
        return {"section": self.section.pk}

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class AuthorDetailView(ListOfOneThingMixin, ListView):
    paginate_by = ARTICLES_PER_PAGE
    template_name = "articles/author_detail.html"

    def article_filters(self):
        self.author = found(_AUTHOR.get(self.kwargs["slug"]))
        return {"authorships__author": self.author.pk}

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)
