"""The queries the pages ask of articles, each one a method of ArticleQuerySet."""

from django.db import connections, models
from django.db.models import (
    Case,
    Count,
    Exists,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from articles.models.arrays import Holds
from articles.models.search import containment_search, full_text_search
from articles.models.sources import Source

# What a teaser shows; the rest of a row (the body above all, and the search index's copy of
# the text) stays in the database.
TEASER_FIELDS = (
    "kicker",
    "title",
    "slug",
    "summary",
    "language",
    "status",
    "published_at",
    "created_at",
    "source__name",
    "source__slug",
    "section",
    # The lead image beside the teaser, with what its rights depend on.
    "lead_image__alt_text",
    "lead_image__renditions",
    "lead_image__rights_expire_at",
    "lead_image__source__rights_expire_at",
)
# The lead image and its source, read with the article in the same query.
LEAD_IMAGE = ("lead_image", "lead_image__source")
# A teaser row (ArticleQuerySet.teasers()): what the teaser partial shows, as plain values.
# The lead image's renditions of its wide crop stay JSON text: they are read only when the
# process makes the teaser, not when it finds it made already.
TEASER_VALUES = ("pk", "kicker", "title", "slug", "summary", "language", "published_at")
TEASER_EXPRESSIONS = {
    "source_name": models.F("source__name"),
    "source_slug": models.F("source__slug"),
    "image_id": models.F("lead_image_id"),
    "image_alt_text": models.F("lead_image__alt_text"),
    "image_wide": models.F("lead_image__wide_renditions"),
    "image_rights_expire_at": models.F("lead_image__rights_expire_at"),
    "image_source_rights_expire_at": models.F("lead_image__source__rights_expire_at"),
}


# Related articles: how many of each tag's newest articles are candidates.
RELATED_CANDIDATES_PER_TAG = 200
# How the related articles rank among the tags' rows: weight, then publication, then id.
_MOST_RELATED_FIRST = ("-relatedness", "-published_at", "-content_object_id")


def _tag_weight(uses):
    """1 / ln(2 + uses): a tag's weight, rarer tags weighing more; `uses` as
    TagQuerySet.with_uses() counts them, a value, so that the database counts each tag's uses
    once per page (with its tags), not again in each part of this query. As a subquery of its
    own, computed once per query rather than for every row (a plan made for any value cannot
    compute it in advance)."""
    return RawSQL("SELECT 1.0 / LN(2.0 + %s)", (uses,), output_field=FloatField())  # noqa: S611


# The names of ArticleQuerySet.nearest_moments().
NEAREST_MOMENTS = ("previous_moment", "next_moment")


def _seen_by_readers(rows, now, published):
    """The published rule, on articles or on rows holding copies of an article's status,
    publication time and source under the same names (TaggedArticle): published (the status
    `published`), its moment come, and not from a source whose rights to republish have
    expired."""
    # The few sources whose rights have expired, as one list the database makes once per
    # query: no join per article, so lists can be read from an index alone.
    expired_sources = Source.objects.filter(rights_expire_at__lte=now).values("pk")
    return rows.filter(status=published, published_at__lte=now).exclude(source__in=expired_sources)


def _tagged_rows():
    from articles.models.tags import TaggedArticle  # which the article model imports

    return TaggedArticle.objects.all()


def _newest_of_tag(tag_id):
    """The ids of the tag's articles, newest (highest id) first, from the (tag, article)
    index."""
    # Of the rows whose article is written (a row loaded before its article has no status
    # yet): the condition also makes PostgreSQL read the tag's newest from the one index that
    # holds the status, in its order. A plan made once for every tag (related_to()) otherwise
    # guessed the average tag's size, read another index and sorted all of a common tag's
    # rows: 1 ms more for each common tag of an article.
    return (
        _tagged_rows()
        .filter(tag_id=tag_id, status__isnull=False)
        .order_by("-content_object_id")
        .values("content_object_id")
    )


class _ColumnOf(Subquery):
    """One column of a query ordered by its other columns, as a subquery: a UNION, which can
    be ordered by its own columns only, then gives just the one."""

    template = "(SELECT ranked.%(column)s FROM (%(subquery)s) AS ranked)"

    def __init__(self, queryset, column, output_field):
        super().__init__(queryset, output_field=output_field)
        self.column = column

    def as_sql(self, compiler, connection, template=None, **extra_context):
        column = connection.ops.quote_name(self.column)
        return super().as_sql(compiler, connection, template, column=column, **extra_context)


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """What the public may see: the one place this rule is written down. Published, its
        moment come, and not from a source whose rights to republish have expired. `now` is
        the present moment, passed in by a prepared query (articles.models.prepared)."""
        return _seen_by_readers(self, now or timezone.now(), self.model.Status.PUBLISHED)

    def withdrawn_from_readers(self, now=None):
        """Withdrawn after readers saw them: their withdrawal stays on the public record, unless
        the rights to their source's texts have expired. `now` as for published()."""
        now = now or timezone.now()
        expired_sources = Source.objects.filter(rights_expire_at__lte=now).values("pk")
        addresses = self.model._meta.get_field("urls").related_model._default_manager
        seen = Exists(addresses.filter(article=OuterRef("pk"), was_live=True))
        return self.filter(seen, status=self.model.Status.WITHDRAWN).exclude(
            source__in=expired_sources
        )

    def scheduled(self):
        """Published, but waiting for their moment: readers see them once it has come."""
        return self.filter(status=self.model.Status.PUBLISHED, published_at__gt=timezone.now())

    # The editors' desk (the admin's start page).

    def awaiting_review(self):
        return self.filter(status=self.model.Status.REVIEW).order_by("-updated_at")

    def with_new_agency_text(self):
        return self.filter(has_new_agency_text=True).order_by("-updated_at")

    def drafts_of(self, user):
        """Drafts `user` has saved at some point, the last changed first."""
        drafts = self.filter(status=self.model.Status.DRAFT)
        return drafts.filter(pk__in=user.article_revisions.values("article")).order_by(
            "-updated_at"
        )

    def recently_published(self):
        return self.published().order_by("-published_at", "-id")

    def for_lists(self):
        """Teasers: their own columns, their source's name and their lead image, in one
        query; no tags."""
        return (
            self.select_related("source", *LEAD_IMAGE).prefetch_related(None).only(*TEASER_FIELDS)
        )

    def teasers(self, *extra):
        """Teaser rows: dicts of TEASER_VALUES, TEASER_EXPRESSIONS and the `extra` names, in
        one query. Lists show nothing else of an article, and a list of dicts costs far less
        to read than one of articles with their source and picture."""
        return self.values(*TEASER_VALUES, *extra, **TEASER_EXPRESSIONS)

    def for_detail(self):
        """Whole articles with their source and tags, and whether they have corrections and
        texts from an agency (has_corrections, has_provenance): most have neither, and their
        page then asks the database about neither."""
        return (
            # The search index's copy of the text, and the lead image's wide crop as text,
            # which lists alone read: the page has the whole of its renditions.
            self.defer("search_vector", "lead_image__wide_renditions")
            .select_related("source", "section", *LEAD_IMAGE)
            .prefetch_related("tags")
            .annotate(
                has_corrections=self._has_any("corrections"),
                has_provenance=self._has_any("provenance_records"),
                has_authors=self._has_any("authorships"),
            )
        )

    def on_front_page(self, section_counts):
        """In one query, what the front page shows above its list: the curated stories (their
        slot's time not yet up), marked `is_curated` with their slot's `slot_position`, and
        the newest articles of each section with a block (section_counts: {section id:
        number}), each block's share read from the section's own index.

        The ids come first, as one list the database makes (UNION ALL where it can), so that
        it fetches those few articles rather than reading through all of them."""
        from articles.models.front_page import FrontPageSlot  # which the article model imports

        now = timezone.now()
        live = Q(until__isnull=True) | Q(until__gt=now)
        parts = [FrontPageSlot.objects.filter(live).order_by().values("article_id")]
        for section_id, number in section_counts.items():
            newest = self.filter(section_id=section_id).order_by("-published_at", "-id")
            parts.append(newest.values("pk")[:number])
        if connections[self.db].features.supports_slicing_ordering_in_compound:
            wanted = Q(pk__in=parts[0].union(*parts[1:], all=True))
        else:
            wanted = Q(pk__in=[])
            for part in parts:
                wanted |= Q(pk__in=part)
        curated = Q(front_page_slot__isnull=False) & (
            Q(front_page_slot__until__isnull=True) | Q(front_page_slot__until__gt=now)
        )
        return (
            self.filter(wanted)
            .annotate(
                is_curated=Case(
                    When(curated, then=Value(True)),
                    default=Value(False),
                    output_field=models.BooleanField(),
                ),
                slot_position=models.F("front_page_slot__position"),
            )
            .order_by("-published_at", "-id")
        )

    def related_to(self, article_id, language, tag_uses, limit=4, now=None):
        """Up to `limit` published articles in `language`, other than the article
        `article_id`, sharing the most of its tags (`tag_uses`: {tag id: its uses, as
        TagQuerySet.with_uses() counts them}), rarer tags weighing more (_tag_weight()), in
        one query. `now` is the present moment, as for published().

        Only each tag's newest RELATED_CANDIDATES_PER_TAG articles are candidates: the
        database reads them as short ranges of the (tag, article) index, however many
        articles a common tag has, rather than every article that shares a tag.
        """
        if not tag_uses:
            return self.none()
        chosen = (article_id, language, tag_uses, limit)
        if connections[self.db].vendor == "postgresql":
            winners = self._most_related_from_the_tags_index(*chosen, now or timezone.now())
        else:
            winners = self._most_related(*chosen)
        # Then their weights again, to give them in order: a few rows' worth.
        weights = [When(tag_id=tag_id, then=_tag_weight(uses)) for tag_id, uses in tag_uses.items()]
        shared_tags = (
            _tagged_rows()
            .filter(content_object_id=OuterRef("pk"), tag_id__in=list(tag_uses))
            .order_by()
            .values("content_object_id")
            .annotate(weight=Sum(Case(*weights, default=Value(0.0), output_field=FloatField())))
            .values("weight")
        )
        return (
            self.filter(pk__in=winners)
            .annotate(relatedness=Subquery(shared_tags, output_field=FloatField()))
            .order_by("-relatedness", "-published_at", "-id")
        )

    def _most_related_from_the_tags_index(self, article_id, language, tag_uses, limit, now):
        """related_to()'s winners, by their ids, as a subquery that reads the tags' rows
        alone: each row holds its article's status, publication time, language and source,
        and the ids of all its tags (copied there by the database, migration 0024), so that
        the candidates are sifted and weighed within each tag's short range of the (tag,
        article) index, rather than each looked up among the articles and then among their
        tags (at 100,000 articles, an article of six tags: 3.7 ms of PostgreSQL's time, now
        1.0). PostgreSQL only, for its arrays."""

        def relatedness(own_tag_id):
            # Every row of a tag's part holds that tag: its weight needs no look into the
            # row's array (a third of the work of weighing, for three tags). The same sum,
            # in the same order, as in the other parts.
            return sum(
                (
                    _tag_weight(uses)
                    if tag_id == own_tag_id
                    else Case(
                        When(Holds(models.F("article_tag_ids"), tag_id), then=_tag_weight(uses)),
                        default=Value(0.0),
                        output_field=FloatField(),
                    )
                    for tag_id, uses in tag_uses.items()
                ),
                start=Value(0.0),
            )

        rows = _tagged_rows().filter(language=language)
        rows = _seen_by_readers(rows, now, self.model.Status.PUBLISHED)
        rows = rows.exclude(content_object_id=article_id)
        parts = []
        for tag_id in tag_uses:
            # The tag's newest articles as one range of its index: from its
            # RELATED_CANDIDATES_PER_TAG-th newest on (all of a tag of fewer).
            last = _newest_of_tag(tag_id)[
                RELATED_CANDIDATES_PER_TAG - 1 : RELATED_CANDIDATES_PER_TAG
            ]
            first_id = Coalesce(Subquery(last), 0, output_field=models.BigIntegerField())
            part = rows.filter(tag_id=tag_id, content_object_id__gte=first_id)
            weighed = {"relatedness": relatedness(tag_id)}
            part = part.values("content_object_id", "published_at", **weighed)
            # Each tag's best `limit` alone: a winner has fewer than `limit` articles above
            # it in the whole, so also in every part that holds it (an article's rows all
            # weigh the same). The UNION then merges a few rows rather than every candidate:
            # PostgreSQL's time for an article of three tags 458 -> 408 us, of five 984 -> 851.
            parts.append(part.order_by(*_MOST_RELATED_FIRST)[:limit])
        best = parts[0]
        if len(parts) > 1:
            # An article among several tags' best is one row of the UNION: its rows hold
            # the same values.
            best = best.union(*parts[1:]).order_by(*_MOST_RELATED_FIRST)[:limit]
        return _ColumnOf(best, "content_object_id", models.BigIntegerField())

    def _most_related(self, article_id, language, tag_uses, limit):
        """related_to()'s winners, by their ids, as a subquery: the candidates first, a known
        few, so that the database fetches them by their ids rather than reading through the
        articles for them; then each candidate's weight of shared tags summed from its rows
        of the (article, tag) index in one pass, without the columns a teaser shows."""
        candidates = Q(pk__in=[])
        for tag_id in tag_uses:
            candidates |= Q(pk__in=_newest_of_tag(tag_id)[:RELATED_CANDIDATES_PER_TAG])
        weights = [
            When(tagged_items__tag_id=tag_id, then=_tag_weight(uses))
            for tag_id, uses in tag_uses.items()
        ]
        return (
            self.filter(candidates, language=language)
            .exclude(pk=article_id)
            .filter(tagged_items__tag_id__in=list(tag_uses))
            .annotate(
                relatedness=Sum(Case(*weights, default=Value(0.0), output_field=FloatField()))
            )
            .order_by("-relatedness", "-published_at", "-id")
            .values("pk")[:limit]
        )

    def for_documents(self):
        """Whole articles with what their ninjs document shows: source, section, lead image
        and tags, and whether they have corrections, agency texts and authors; those three
        are read by fetch_document_parts() for just the articles that have some. The same
        reading as an article's page."""
        return self.for_detail()

    def with_authors(self):
        """Each article's authors in byline order (Article.byline_authors), for the lot in
        one query."""
        return self.prefetch_related(_authors_in_byline_order())

    def withdrawn_after_publication(self):
        """Withdrawn articles that readers once saw: their moment had come. What a partner
        keeping a copy must delete; one withdrawn while still scheduled was never public."""
        return self.filter(status=self.model.Status.WITHDRAWN, published_at__lte=timezone.now())

    def tagged(self, slug):
        return self.filter(tags__slug=slug)

    def from_source(self, slug):
        return self.filter(source__slug=slug)

    def in_language(self, language):
        return self.filter(language=language)

    def in_section(self, slug):
        return self.filter(section__slug=slug)

    def by_author(self, slug):
        return self.filter(authorships__author__slug=slug)

    def _has_any(self, related_name):
        # Found through the relation: the related models' modules import this one's model.
        related = self.model._meta.get_field(related_name).related_model
        return Exists(related._default_manager.filter(article=OuterRef("pk")))

    def search(self, text):
        """The articles matching `text`, in web-search syntax ("quoted phrase", -exclusion,
        or). PostgreSQL ranks them by relevance (as `rank`) in the language of each article;
        other databases find the words as they are written, in the queryset's order."""
        if connections[self.db].vendor == "postgresql":
            return full_text_search(self, text)
        return containment_search(self, text)

    def nearest_moments(self, before, after):
        """{NEAREST_MOMENTS name: scalar subquery}: the publication moments of the last of
        these articles before the moment `before` and of the first from `after` on (None where
        there is none). The database works each out once for its statement, one step along
        the publication-order index from its bound."""
        moments = self.order_by().values("published_at")
        previous = moments.filter(published_at__lt=before).order_by("-published_at")
        following = moments.filter(published_at__gte=after).order_by("published_at")
        nearest = (Subquery(previous[:1]), Subquery(following[:1]))
        return dict(zip(NEAREST_MOMENTS, nearest, strict=True))

    def count_per_month(self):
        """[(first day of the month, number of articles)] of the months that have any, oldest
        first, the months read in the display time zone."""
        rows = (
            self.order_by()
            .annotate(month=TruncMonth("published_at"))
            .values_list("month")
            .annotate(n=Count("pk"))
            .order_by("month")
        )
        return [(timezone.localtime(month).date(), n) for month, n in rows]


def _authors_in_byline_order():
    from articles.models.authors import ArticleAuthor  # which the article model imports

    authorships = ArticleAuthor.objects.select_related("author").order_by("position", "id")
    return Prefetch("authorships", queryset=authorships, to_attr="ordered_authorships")


def fetch_document_parts(articles):
    """The corrections, agency texts and authors of articles from for_documents(), each kind
    read in one query for just the articles that have some: most have none, and then the
    database is not asked at all."""
    parts = [
        ("has_corrections", "corrections"),
        ("has_provenance", "provenance_records"),
        ("has_authors", _authors_in_byline_order()),
    ]
    for flag, lookup in parts:
        having = [article for article in articles if getattr(article, flag)]
        if having:
            prefetch_related_objects(having, lookup)
    return articles
