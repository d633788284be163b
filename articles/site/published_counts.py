"""The tags, sources, sections and authors that have published articles, with their counts:
what the directories and the sitemaps list.

Counting the published articles of every tag reads every tagged article: millions of rows in a
large archive, too many for each request. Each count is made by one grouped query and shared
through the cache for PUBLIC_PAGE_MAX_AGE seconds, like the pages themselves.
"""

from articles.models import Author, Section, Source, Tag
from articles.models.arrays import with_ids
from articles.site.caching import shared


def tag_counts(*, request=None):
    """Tag.objects.published_counts(), shared through the cache; afresh for editors."""
    return shared("directory:tag-counts", Tag.objects.published_counts, request=request)


def source_counts(*, request=None):
    """Source.objects.published_counts(), shared through the cache; afresh for editors."""
    return shared("directory:source-counts", Source.objects.published_counts, request=request)


def section_counts(*, request=None):
    """Section.objects.published_counts(), shared through the cache; afresh for editors."""
    return shared("directory:section-counts", Section.objects.published_counts, request=request)


def author_counts(*, request=None):
    """Author.objects.published_counts(), shared through the cache; afresh for editors."""
    return shared("directory:author-counts", Author.objects.published_counts, request=request)


class CountedDirectory:
    """Counted tags or sources in order, for a paginator: a page loads only what it shows,
    each with its `article_count`."""

    def __init__(self, model, counts):
        self.model = model
        self.counts = counts

    def __len__(self):
        return len(self.counts)

    def __getitem__(self, page):  # a paginator asks for slices only
        counts = self.counts[page]
        # One query, where in_bulk() would split a long list into batches on SQLite; the ids
        # one parameter on PostgreSQL, not two hundred.
        page_of = with_ids(self.model.objects.all(), [pk for pk, _ in counts])
        objects = {obj.pk: obj for obj in page_of}
        shown = []
        for pk, count in counts:
            if pk in objects:  # one deleted since it was counted is left out
                objects[pk].article_count = count
                shown.append(objects[pk])
        return shown
