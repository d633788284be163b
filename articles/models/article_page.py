"""The article its page shows, read by queries prepared once per process (prepared.py).

An article's page is where most uncached requests of a large archive land, each for another
article: building and compiling the same query for every one of them cost Django more than
running it costs PostgreSQL.
"""

import functools

from django.db import connections, router
from django.db.models import OuterRef
from django.utils import timezone

from articles.models.articles import Article
from articles.models.authors import Author
from articles.models.json_rows import JsonRows
from articles.models.prepared import Prepared
from articles.models.tags import Tag


def _published_with_slug(shape, *, now, slug):
    # The tags and authors are read apart (below) rather than prefetched.
    return Article.objects.published(now).for_detail().prefetch_related(None).filter(slug=slug)


def _tags_of(shape, *, article_id):
    # By the tags' ids: the order the (article, tag) index gives them in, which is the order
    # the databases gave an article's prefetched tags (that query asks for none). With their
    # uses, which weigh them among the related articles.
    tags = Tag.objects.filter(tagged_articles__content_object_id=article_id).with_uses()
    return tags.order_by("pk")


def _authors_of(shape, *, article_id):
    # In byline order, as Article.byline_authors gives them.
    return Author.objects.filter(authorships__article_id=article_id).order_by(
        "authorships__position", "authorships__id"
    )


def _published_with_everything(shape, *, now, slug):
    # PostgreSQL: the tags and the authors in the article's own statement. Their statements
    # cost an article's page more than their few rows cost the article's.
    article_id = OuterRef("pk")
    return _published_with_slug(shape, now=now, slug=slug).annotate(
        tag_rows=JsonRows.of(_tags_of(None, article_id=article_id), "uses"),
        author_rows=JsonRows.of(_authors_of(None, article_id=article_id)),
    )


# By the slug's index, and each tag or author by the article's index, whatever the article.
_PUBLISHED = Prepared(Article, _published_with_slug, plan_once=True)
_PUBLISHED_WITH_EVERYTHING = Prepared(Article, _published_with_everything, plan_once=True)
_TAGS = Prepared(Tag, _tags_of, plan_once=True)
_AUTHORS = Prepared(Author, _authors_of, plan_once=True)


def published_article(slug):
    """The published article with this slug, as Article.objects.published().for_detail()
    reads it (its tags in the order of their ids, with their uses), with its byline's
    authors, or None."""
    if connections[router.db_for_read(Article)].vendor != "postgresql":
        found = _PUBLISHED.objects(None, now=timezone.now(), slug=slug)
        return with_tags_and_authors(found[0]) if found else None
    found = _PUBLISHED_WITH_EVERYTHING.objects(None, now=timezone.now(), slug=slug)
    if not found:
        return None
    article = found[0]
    db, rows = article._state.db, article.__dict__
    tags = JsonRows.instances(Tag, db, rows.pop("tag_rows"), "uses")
    authors = JsonRows.instances(Author, db, rows.pop("author_rows"))
    return with_tags_and_authors(article, tags, authors)


def with_tags_and_authors(article, tags=None, authors=None):
    """`article`, from for_detail() without its prefetches, given its tags (with their uses)
    and its byline's authors as its page shows them: read here unless given."""
    # As prefetch_related() leaves them: the article's own tags queryset (which asks nothing
    # yet), its rows filled in, so that article.tags.all() answers without a query and a
    # queryset made from it (tags.names(), .filter()) still reads this article's tags only.
    queryset = _unfiltered_tags_of(article)
    queryset._result_cache = _TAGS.objects(None, article_id=article.pk) if tags is None else tags
    queryset._prefetch_done = True
    article._prefetched_objects_cache = {Article.tags.prefetch_cache_name: queryset}
    # Asked for only where for_detail() found the article has authors, as the property does.
    if article.has_authors:
        if authors is None:
            authors = _AUTHORS.objects(None, article_id=article.pk)
        article.byline_authors = authors
    return article


def _unfiltered_tags_of(article):
    """The QuerySet article.tags.get_queryset() makes, its filter on the article applied only
    if someone makes another QuerySet from it, as Django's own related managers defer theirs:
    building the filter cost every article page 0.09 ms, and the page only reads the rows
    given. The filter names the article by its id: holding the article itself, the QuerySet
    its prefetched tags are kept in would make a cycle, which only the garbage collector
    frees."""
    manager = article.tags
    tags = _all_tags_in_order(manager.through, tuple(manager.ordering))._chain()
    tags._defer_next_filter = True
    return tags.filter(**{f"{manager.through.tag_relname()}__content_object": article.pk})


@functools.cache
def _all_tags_in_order(through, ordering):
    # Built once per process: only ever copied (_chain()), never read or changed itself.
    return through.tag_model().objects.order_by(*ordering)
