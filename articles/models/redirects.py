"""Every address an article was ever published at, so that no link to it ever breaks."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models.articles import Article


class ArticleUrlManager(models.Manager):
    def get_by_natural_key(self, path):
        return self.get(path=path)


class ArticleUrl(models.Model):
    """A path an article was published at. The article is empty once it has been deleted.

    An old path of a published article answers 301 to its current address; the path of a
    withdrawn or deleted article answers 410 Gone.
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
        """Record the article's current address; called whenever a published article is saved."""
        cls.objects.update_or_create(path=article.get_absolute_url(), defaults={"article": article})

    @classmethod
    def mark_gone(cls, article):
        """The article is about to be deleted: its current address must answer 410."""
        cls.objects.update_or_create(path=article.get_absolute_url(), defaults={"article": None})
