"""Every address an article was ever published at, so that no link to it ever breaks."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models.articles import Article


class ArticleUrlManager(models.Manager):
    def get_by_natural_key(self, path):
        return self.get(path=path)


class ArticleUrl(models.Model):
    """A path an article was published at. The article is empty once it has been deleted.

    An address once given to an article stays that article's: an old path of a published
    article answers 301 to its current address; the path of a withdrawn or deleted article
    answers 410 Gone if readers ever saw the article, and 404 if it never went live (an
    embargoed text withdrawn before its moment is as if it never existed).
    """

    path = models.CharField(_("path"), max_length=400, unique=True)
    article = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="urls",
        verbose_name=_("article"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    was_live = models.BooleanField(
        _("was live"),
        default=False,
        help_text=_("Readers have seen the article: gone, its address answers 410, not 404."),
    )

    # By its path, so that a backup's addresses update those that loading its articles
    # records, instead of colliding with them.
    objects = ArticleUrlManager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("article address")
        verbose_name_plural = _("article addresses")

    def __str__(self):
        return self.path

    def natural_key(self):
        return (self.path,)

    @classmethod
    def remember(cls, article):
        """Record the article's current address; called whenever a published article is saved.

        An address that another article has had stays that article's; only the address of a
        deleted article may be given again.
        """
        record, created = cls.objects.get_or_create(
            path=article.get_absolute_url(), defaults={"article": article}
        )
        if not created and record.article_id is None:
            record.article, record.was_live = article, False
            record.save(update_fields=["article", "was_live"])
        cls.note_live(article)

    @classmethod
    def note_live(cls, article):
        """If the article is live as the database has it now, readers may have kept any of its
        addresses. Called before each save and deletion, since a scheduled article goes live
        by the clock alone, with no save to mark the moment."""
        if article.pk is None:
            return
        stored = Article.objects.filter(
            pk=article.pk, status=Article.Status.PUBLISHED, published_at__lte=timezone.now()
        )
        cls.objects.filter(article__in=stored, was_live=False).update(was_live=True)

    @classmethod
    def mark_gone(cls, article):
        """The article is about to be deleted: its current address must answer 410, or 404 if
        readers never saw it."""
        cls.note_live(article)
        # Its own addresses lose their article by the deletion itself (SET_NULL); an address
        # that another article has had stays that article's.
        cls.objects.get_or_create(
            path=article.get_absolute_url(),
            defaults={"article": None, "was_live": article.urls.filter(was_live=True).exists()},
        )
