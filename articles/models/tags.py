"""Tags, each of a kind (topic, person, place, organization), and their link to articles."""

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from taggit.models import TagBase, TaggedItemBase

from articles.models.arrays import IdArray
from articles.paths import cached_reverse
from articles.text import unique_slug, validate_printable, validate_visible

# Up to how many uses a tag's rarity is counted (beyond, a tag is simply common).
USES_COUNTED_UP_TO = 1_000


class KeptUses(models.Func):
    """A tag's uses as the database keeps them (migration 0027), up to `up_to`: one row read
    by its key. An expression, so that it may stand in a subquery of its own (an article's
    tags read with the article)."""

    template = (
        "COALESCE((SELECT CASE WHEN kept.uses < %(up_to)s THEN kept.uses ELSE %(up_to)s END"
        " FROM articles_tag_uses AS kept WHERE kept.tag_id = %(expressions)s), 0)"
    )
    output_field = models.IntegerField()

    def __init__(self, tag, up_to):
        super().__init__(tag, up_to=int(up_to))


class TagQuerySet(models.QuerySet):
    def with_uses(self):
        """Each tag with `uses`: its articles, whatever their status, up to
        USES_COUNTED_UP_TO, as the database keeps their count. An article's related articles
        weigh its tags by it (ArticleQuerySet.related_to())."""
        return self.annotate(uses=KeptUses(models.F("pk"), USES_COUNTED_UP_TO))

    def with_published_articles(self):
        """The tags readers may see a page of: those on a published article. A tag used only
        on drafts, scheduled or withdrawn articles is nobody's business yet."""
        from articles.models.articles import Article  # which imports this module

        tagged = TaggedArticle.objects.filter(
            tag=models.OuterRef("pk"), content_object__in=Article.objects.published()
        )
        return self.filter(models.Exists(tagged))

    def published_counts(self):
        """[(tag id, published articles)] of the tags that have any, grouped by kind (in the
        order of Tag.Kind), then by name: the order of the tag directory."""
        from articles.models.articles import Article  # which imports this module

        # Grouped by the tag's id alone, which is cheaper than by its kind and name.
        per_tag = dict(
            TaggedArticle.objects.filter(content_object__in=Article.objects.published())
            .order_by()
            .values_list("tag")
            .annotate(n=models.Count("pk"))
        )
        kinds = enumerate(self.model.Kind.values)
        kind_order = models.Case(
            *(models.When(kind=kind, then=models.Value(i)) for i, kind in kinds),
            output_field=models.IntegerField(),
        )
        in_order = self.filter(pk__in=per_tag).order_by(kind_order, "name")
        return [(pk, per_tag[pk]) for pk in in_order.values_list("pk", flat=True)]

    def published_named(self, text):
        """The tags with a published article that readers know by `text`: their slug, or their
        name in any case. Tags of unpublished articles only are not among them, so that no
        answer tells them from tags that do not exist."""
        from articles.models.articles import Article  # which imports this module

        published = TaggedArticle.objects.filter(
            tag=models.OuterRef("pk"), content_object__in=Article.objects.published()
        )
        named = models.Q(slug=text) | models.Q(name__iexact=text)
        return self.filter(named).filter(models.Exists(published))


class TagManager(models.Manager.from_queryset(TagQuerySet)):
    def get_by_natural_key(self, name):
        return self.get(name=name)

    @transaction.atomic
    def merge(self, kept, others):
        """Move the articles of `others` to `kept` and delete them; their addresses lead to
        `kept` from now on (TagRedirect). Returns how many tags were merged into it."""
        others = [tag for tag in others if tag.pk != kept.pk]
        for tag in others:
            already = TaggedArticle.objects.filter(tag=kept).values("content_object")
            TaggedArticle.objects.filter(tag=tag, content_object__in=already).delete()
            TaggedArticle.objects.filter(tag=tag).update(tag=kept)
            TagRedirect.objects.filter(tag=tag).update(tag=kept)
            TagRedirect.objects.update_or_create(old_slug=tag.slug, defaults={"tag": kept})
            tag.delete()
        TagRedirect.objects.filter(old_slug=kept.slug).delete()
        return len(others)


class Tag(TagBase):
    class Kind(models.TextChoices):
        TOPIC = "topic", _("topic")
        PERSON = "person", _("person")
        PLACE = "place", _("place")
        ORGANIZATION = "organization", _("organization")

    # taggit's field, with the check on what editors type.
    name = models.CharField(
        verbose_name=pgettext_lazy("A tag name", "name"),
        unique=True,
        max_length=100,
        validators=[validate_printable, validate_visible],
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.TOPIC)

    objects = TagManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    @classmethod
    def check_name(cls, name):
        """Raises ValidationError unless `name` may name a tag (its length, printable and
        visible characters): for tags typed elsewhere than the tag's own form."""
        cls._meta.get_field("name").clean(name, None)

    def slugify(self, tag, i=None):
        # taggit's save() asks for a slug, and again, with a number, when its first answer was
        # taken meanwhile; either way the answer is the newsroom's one rule, already free.
        max_length = self._meta.get_field("slug").max_length
        return unique_slug(Tag, tag, max_length, fallback="tag")

    def get_absolute_url(self):
        return cached_reverse("articles:tag", slug=self.slug)

    def natural_key(self):
        return (self.name,)


class TaggedArticleManager(models.Manager):
    def get_by_natural_key(self, article_slug, tag_name):
        return self.get(content_object__slug=article_slug, tag__name=tag_name)


class TaggedArticle(TaggedItemBase):
    """One tag on one article. Its natural key lets fixtures load twice without duplicates."""

    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_articles")
    content_object = models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name="tagged_items"
    )
    # What the database copies here from the article on every write (the triggers of
    # migrations 0022 to 0024): its publication time, so that a tag's list is read newest
    # first from one index; and what the published rule and an article's related articles ask
    # of it (its status, language and source, and the ids of all its tags), so that related
    # articles are chosen from the tags' index alone, without looking up each candidate.
    published_at = models.DateTimeField(null=True, editable=False)
    # NULL while the article is not written yet (loaddata writes the tags first).
    status = models.CharField(max_length=20, null=True, editable=False)  # noqa: DJ001
    language = models.CharField(max_length=35, null=True, editable=False)  # noqa: DJ001
    source = models.ForeignKey(
        "Source",
        on_delete=models.DO_NOTHING,
        null=True,
        editable=False,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    article_tag_ids = IdArray(null=True, editable=False)

    objects = TaggedArticleManager()

    class Meta:
        verbose_name = _("tagged article")
        verbose_name_plural = _("tagged articles")
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="unique_tag_per_article"
            ),
        ]
        indexes = [
            # Related articles: a tag's newest articles, sifted and weighed from the index
            # alone.
            models.Index(
                fields=["tag", "-content_object"],
                include=["published_at", "status", "language", "source", "article_tag_ids"],
                name="tagged_by_tag_newest",
            ),
            # A tag's page: its articles in publication order.
            models.Index(
                fields=["tag", "-published_at", "-content_object"], name="tagged_by_tag_published"
            ),
        ]

    def natural_key(self):
        return (self.content_object.slug, self.tag.name)

    natural_key.dependencies = ["articles.article", "articles.tag"]


class TagRedirect(models.Model):
    """The address of a tag merged into another: it answers 301 to the kept tag, for ever."""

    old_slug = models.SlugField(_("old slug"), max_length=100, unique=True)
    tag = models.ForeignKey(
        Tag, on_delete=models.CASCADE, related_name="redirects", verbose_name=_("tag")
    )

    class Meta:
        verbose_name = _("address of a merged tag")
        verbose_name_plural = _("addresses of merged tags")

    def __str__(self):
        return f"{self.old_slug} -> {self.tag.slug}"
