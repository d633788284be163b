"""Authors: the people who write our own reporting, with their page, and their place in an
article's byline.

An author's photo comes from the picture library; readers see it on the author's page while
its rights hold.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.paths import cached_reverse
from articles.text import validate_printable


def validate_links(text):
    """One web address a line; blank lines are allowed."""
    check = URLValidator(schemes=["http", "https"])
    for line in text.splitlines():
        if line.strip():
            try:
                check(line.strip())
            except ValidationError:
                raise ValidationError(
                    _("%(line)s is not a web address (one http or https address a line)."),
                    params={"line": line.strip()},
                ) from None


class AuthorQuerySet(models.QuerySet):
    def with_published(self):
        """The authors of at least one published article."""
        from articles.models.articles import Article  # which imports this module

        published = Article.objects.published().filter(authorships__author=models.OuterRef("pk"))
        return self.filter(models.Exists(published))

    def published_counts(self):
        """[(author id, published articles)] of the authors who have any, by name."""
        from articles.models.articles import Article

        per_author = dict(
            ArticleAuthor.objects.filter(article__in=Article.objects.published())
            .order_by()
            .values_list("author")
            .annotate(n=models.Count("pk"))
        )
        in_order = self.filter(pk__in=per_author).values_list("pk", flat=True)
        return [(pk, per_author[pk]) for pk in in_order]


class AuthorManager(models.Manager.from_queryset(AuthorQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Author(models.Model):
    name = models.CharField(_("name"), max_length=100, validators=[validate_printable])
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    role = models.CharField(
        _("role"),
        max_length=100,
        blank=True,
        validators=[validate_printable],
        help_text=_("For example: Korrespondentin in Peking."),
    )
    bio = models.TextField(
        _("bio"),
        blank=True,
        validators=[validate_printable],
        help_text=_("A few sentences; Markdown allowed, HTML is not."),
    )
    links = models.TextField(
        _("links"),
        blank=True,
        validators=[validate_links],
        help_text=_("Web addresses (a website, a profile), one a line."),
    )
    photo = models.ForeignKey(
        "articles.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_photos",
        verbose_name=_("photo"),
        help_text=_("A picture from the library, shown on the author's page."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author",
        verbose_name=_("user account"),
        help_text=_("The account of a reporter who writes as this author."),
    )

    objects = AuthorManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return cached_reverse("articles:author", slug=self.slug)

    def natural_key(self):
        return (self.slug,)

    @property
    def shown_photo(self):
        """The photo readers see: none once its rights have expired, or while it has no
        renditions (as with an article's lead image)."""
        photo = self.photo if self.photo_id is not None else None
        if photo is None or photo.has_expired_rights or not photo.renditions:
            return None
        return photo

    @property
    def link_list(self):
        return [line.strip() for line in self.links.splitlines() if line.strip()]


class ArticleAuthorManager(models.Manager):
    def get_by_natural_key(self, article_slug, author_slug):
        return self.get(article__slug=article_slug, author__slug=author_slug)


class ArticleAuthor(models.Model):
    """One author of one article, at a place in its byline."""

    article = models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name="authorships", verbose_name=_("article")
    )
    # An author who wrote articles stays: their byline would otherwise vanish from them.
    author = models.ForeignKey(
        Author, on_delete=models.PROTECT, related_name="authorships", verbose_name=_("author")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # The article's own publication time, which the database copies here on every write (the
    # triggers of migrations 0022 and 0023), so that an author's list is read newest first from one
    # index.
    published_at = models.DateTimeField(null=True, editable=False)

    objects = ArticleAuthorManager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("author of the article")
        verbose_name_plural = _("authors of the article")
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="unique_author_per_article")
        ]
        indexes = [
            # Which articles are an author's, found from the author's side.
            models.Index(fields=["author", "article"], name="articleauthor_by_author"),
            # An author's page: their articles in publication order.
            models.Index(
                fields=["author", "-published_at", "-article"], name="byline_by_author_published"
            ),
        ]

    def __str__(self):
        return str(self.author)

    def natural_key(self):
        return (self.article.slug, self.author.slug)

    natural_key.dependencies = ["articles.article", "articles.author"]
