"""Articles; what readers may see of them is ArticleQuerySet.published(), in querysets.py."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from articles.models.authors import ArticleAuthor, Author
from articles.models.images import Image
from articles.models.periods import validate_within_calendar
from articles.models.querysets import ArticleQuerySet
from articles.models.sections import Section
from articles.models.sources import Source
from articles.models.tags import TaggedArticle
from articles.paths import SlugPaths
from articles.text import (
    picture_ids,
    render_markdown,
    rendering_key,
    validate_language_tag,
    validate_no_html,
    validate_picture_addresses,
    validate_printable,
    validate_visible,
)


def article_path(dated_at, slug):
    """An article's address: its date in the display time zone, then its slug."""
    return ArticlePaths()(dated_at, slug)


class ArticlePaths:
    """article_path() for the many articles of one page: the display time zone read once,
    and each day's address reversed once."""

    def __init__(self):
        self.zone = timezone.get_current_timezone()
        self.paths = SlugPaths("articles:detail")
        self.days = {}  # a day -> its address around the slug, and the arguments that make it

    def __call__(self, dated_at, slug):
        return self.on(timezone.localtime(dated_at, self.zone).date(), slug)

    def on(self, day, slug):
        """The address of `slug` dated `day`, in the display time zone (local_day())."""
        known = self.days.get(day)
        if known is None:
            arguments = {"year": day.year, "month": day.month, "day": day.day}
            known = self.days[day] = (self.paths.around(arguments), arguments)
        around, arguments = known
        return self.paths.splice(around, slug, arguments)


def local_day(field):
    """The day of a moment in the display time zone, as the database reads it: what an
    address is dated by, for pages that name thousands of articles (reading whole moments
    back costs more than the rest of such a page)."""
    return TruncDate(field, tzinfo=timezone.get_current_timezone())


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        REVIEW = "review", _("in review")
        PUBLISHED = "published", _("published")
        WITHDRAWN = "withdrawn", _("withdrawn")

    kicker = models.CharField(
        _("kicker"),
        max_length=100,
        blank=True,
        validators=[validate_printable],
        help_text=_("A few words shown above the headline."),
    )
    title = models.CharField(
        _("title"), max_length=300, validators=[validate_printable, validate_visible]
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.TextField(
        _("summary"),
        blank=True,
        validators=[validate_printable],
        help_text=_("The dek: one or two sentences."),
    )
    body = models.TextField(
        _("body"),
        validators=[validate_printable, validate_no_html, validate_picture_addresses],
        help_text=_(
            "Paragraphs separated by blank lines; Markdown allowed, HTML is not. A picture "
            "from the library stands in a paragraph of its own: ![what it shows](image:42)."
        ),
    )
    # The body rendered, stored with it by every save() and every row loaddata writes, so that
    # no page renders Markdown; body_html_key names the body and the rendering it came from
    # (text.rendering_key()), so that a row written past save() is never shown stale HTML.
    # Null until rendered: SQLite can add a column to a table with triggers only as nullable.
    body_html = models.TextField(blank=True, null=True, editable=False)  # noqa: DJ001
    body_html_key = models.CharField(  # noqa: DJ001
        max_length=64, blank=True, null=True, editable=False
    )
    language = models.CharField(
        _("language"),
        max_length=35,
        default="de",
        validators=[validate_language_tag],
        help_text=_("BCP 47 code, e.g. de or en."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        _("published at"), null=True, blank=True, validators=[validate_within_calendar]
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("source"),
        help_text=_("Leave empty for our own reporting."),
    )
    byline = models.CharField(
        _("byline"), max_length=200, blank=True, validators=[validate_printable, validate_visible]
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("section"),
    )
    authors = models.ManyToManyField(
        Author,
        through=ArticleAuthor,
        blank=True,
        related_name="articles",
        verbose_name=_("authors"),
    )
    seo_title = models.CharField(
        _("SEO title"),
        max_length=200,
        blank=True,
        validators=[validate_printable],
        help_text=_("The title for search engines and social sites; the title when empty."),
    )
    seo_description = models.CharField(
        _("SEO description"),
        max_length=300,
        blank=True,
        validators=[validate_printable],
        help_text=_("The description for search engines and social sites; the summary when empty."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )
    original_url = models.URLField(_("original URL"), max_length=500, blank=True)
    copyright_notice = models.CharField(
        _("copyright notice"),
        max_length=300,
        blank=True,
        validators=[validate_printable],
        help_text=_("Leave empty to use the source's."),
    )

    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Counts the saves; a save based on an older version is refused."),
    )
    has_new_agency_text = models.BooleanField(
        _("agency text changed"),
        default=False,
        help_text=_(
            "The agency sent a new version of this text. Compare it below, take over what "
            "matters, then untick."
        ),
    )
    # Kept current by database triggers on PostgreSQL (see the search migration); unused elsewhere.
    search_vector = SearchVectorField(null=True, editable=False)

    lead_image = models.ForeignKey(
        Image,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lead_articles",
        verbose_name=_("lead image"),
        help_text=_("Shown above the text, beside the teaser and when the article is shared."),
    )
    lead_image_caption = models.TextField(
        _("lead image caption"),
        blank=True,
        validators=[validate_printable],
        help_text=_("Leave empty to use the picture's own caption."),
    )
    # The pictures the body places, kept from the body on every save (see signals.py), so
    # that the library can say where a picture is used.
    inline_images = models.ManyToManyField(
        Image, blank=True, editable=False, related_name="inline_articles"
    )

    tags = TaggableManager(through=TaggedArticle, blank=True, verbose_name=_("tags"))

    objects = ArticleManager()

    class Meta:
        ordering = ["-published_at", "-id"]
        get_latest_by = "published_at"
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [("publish_article", _("Can publish and withdraw articles"))]
        indexes = [
            # Every public list, newest first. The source is in it too, so that a page's ids
            # (and a deep page's skipped ones) are read from the index alone.
            models.Index(
                fields=["status", "-published_at", "-id"],
                include=["source"],
                name="article_public_order",
            ),
            # A source's page: its published articles, newest first, straight from the index.
            models.Index(
                fields=["source", "status", "-published_at", "-id"], name="article_source_order"
            ),
            # A section's page, block and count: its published articles, newest first, from the
            # index alone (the source too, whose rights published() checks).
            models.Index(
                fields=["section", "status", "-published_at", "-id"],
                include=["source"],
                name="article_section_order",
            ),
            # Whether an article found by its id is published, in which language, and its
            # place in the newest first order, from the index alone: a tag's or author's
            # articles (found by id in their own index) are sorted, and an article's related
            # candidates sifted, without reading each article's row.
            models.Index(
                fields=["id"],
                include=["status", "published_at", "source", "language"],
                name="article_published_by_id",
            ),
            # The sitemap index's lastmod: the newest change of a published article.
            models.Index(fields=["status", "-updated_at"], name="article_public_lastmod"),
            # The API's updated_since: every change, oldest first, read in order from a cursor.
            models.Index(fields=["updated_at", "id"], name="article_change_order"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Publishing without a date means "now", whichever way the article was published.
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if self.pk is not None and not self._state.adding:
            self.version += 1
        self.keep_rendered_body()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html", "body_html_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return article_path(self.dated_at, self.slug)

    def keep_rendered_body(self):
        """Renders the body into body_html unless what is stored is already its HTML."""
        key = rendering_key(self.body)
        if key != self.body_html_key:
            self.body_html, self.body_html_key = render_markdown(self.body), key

    def rendered_body(self):
        """The body's HTML: as stored, or rendered now when what is stored is of another body
        or rendering (a row changed by update(), or stored before markdown-it was upgraded)."""
        if self.body_html_key == rendering_key(self.body):
            return self.body_html
        return render_markdown(self.body)

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        self.clean_pictures()
        self.clean_rights()

    def clean_pictures(self):
        """Every picture shown must be in the library, and its rights must still hold."""
        errors = {}
        if self.lead_image_id is not None and self.lead_image.has_expired_rights:
            errors["lead_image"] = _("The rights to this picture have expired; choose another one.")
        wanted = picture_ids(self.body)
        found = {image.pk: image for image in Image.objects.filter(pk__in=wanted)}
        missing = [str(pk) for pk in wanted if pk not in found]
        expired = [str(pk) for pk in wanted if pk in found and found[pk].has_expired_rights]
        messages = []
        if missing:
            messages.append(
                _("There is no picture %(ids)s in the library.") % {"ids": ", ".join(missing)}
            )
        if expired:
            messages.append(
                _("The rights to picture %(ids)s have expired; remove it from the text.")
                % {"ids": ", ".join(expired)}
            )
        if messages:
            errors["body"] = messages
        if errors:
            raise ValidationError(errors)

    def clean_rights(self):
        """Refuses to publish what the rights no longer cover, now or at the scheduled moment."""
        if self.status != self.Status.PUBLISHED or self.source is None:
            return
        expire_at = self.source.rights_expire_at
        if expire_at is None:
            return
        facts = {
            "source": self.source.label,
            "date": date_format(timezone.localtime(expire_at), "DATETIME_FORMAT"),
        }
        if expire_at <= timezone.now():
            message = _(
                "The rights to republish texts from %(source)s expired on %(date)s; "
                "this article cannot be published."
            )
        elif self.published_at and expire_at <= self.published_at:
            message = _(
                "The rights to republish texts from %(source)s expire on %(date)s, before "
                "this article's publication time; it cannot be published then."
            )
        else:
            return
        raise ValidationError({"status": ValidationError(message % facts, code="rights_expired")})

    @property
    def is_published(self):
        """Mirrors ArticleQuerySet.published() for a single article."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
            and not self.has_expired_rights
        )

    @property
    def is_scheduled(self):
        """Published, but its moment has not come yet."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @cached_property
    def byline_authors(self):
        """The authors in byline order: prefetched (as the admin's list does), or read in one
        query, and not even that when for_detail() found the article has none."""
        if hasattr(self, "ordered_authorships"):
            return [authorship.author for authorship in self.ordered_authorships]
        if self.pk is None or getattr(self, "has_authors", True) is False:
            return []
        authorships = self.authorships.select_related("author").order_by("position", "id")
        return [authorship.author for authorship in authorships]

    def set_authors(self, authors):
        """Makes `authors` (in byline order) this article's authors, keeping what stays."""
        kept = {a.author_id: a for a in self.authorships.all()}
        for position, author in enumerate(authors, start=1):
            authorship = kept.pop(author.pk, None)
            if authorship is None:
                self.authorships.create(author=author, position=position)
            elif authorship.position != position:
                authorship.position = position
                authorship.save(update_fields=["position"])
        self.authorships.filter(pk__in=[a.pk for a in kept.values()]).delete()
        self.__dict__.pop("byline_authors", None)

    @property
    def page_title(self):
        return self.seo_title or self.title

    @property
    def page_description(self):
        return self.seo_description or self.summary

    @property
    def shown_lead_image(self):
        """The lead image readers see: none once its rights have expired (or while it has no
        renditions, which make_renditions removes then and makes again if they are renewed)."""
        image = self.lead_image if self.lead_image_id is not None else None
        if image is None or image.has_expired_rights or not image.renditions:
            return None
        return image

    @property
    def lead_caption(self):
        image = self.lead_image
        return self.lead_image_caption or (image.caption if image else "")

    @property
    def has_expired_rights(self):
        return self.source_id is not None and self.source.has_expired_rights

    @property
    def may_share_full_text(self):
        """Whether the text may go out in full beyond our own pages (feeds, the API): always
        for our own reporting, for agency copy where the source's agreement allows it."""
        return self.source_id is None or self.source.is_full_text_allowed_in_feeds

    @property
    def dated_at(self):
        """The moment the URL's date is taken from: the publication, or for drafts the creation."""
        return self.published_at or self.created_at or timezone.now()

    @property
    def effective_copyright_notice(self):
        if self.copyright_notice:
            return self.copyright_notice
        return self.source.copyright_notice if self.source else ""
