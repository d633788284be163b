"""What the desk keeps while people edit: each person's autosave of an article form, and who
has which article open."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models.articles import Article

# A form that has not said it is open for this long is taken to be closed; it says so every
# twenty seconds or so, so a missed request or two does not make an editor vanish.
PRESENCE_TIMEOUT = timedelta(seconds=60)


class AutosaveQuerySet(models.QuerySet):
    def of(self, user, article_id):
        """`user`'s autosave of the article, or of a new article when `article_id` is None."""
        return self.filter(user=user, article_id=article_id)

    def keep(self, user, article_id, data):
        """Replace `user`'s autosave of the article with `data`."""
        autosave, _ = self.update_or_create(
            user=user, article_id=article_id, defaults={"data": data}
        )
        return autosave


class Autosave(models.Model):
    """The article form as one person last typed it, saved every few seconds without touching
    the article itself; dropped once that person saves the form for real."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="autosaves",
        verbose_name=_("user"),
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="autosaves",
        verbose_name=_("article"),
        help_text=_("Empty for an article not saved yet."),
    )
    data = models.JSONField(_("content"))
    saved_at = models.DateTimeField(_("saved at"), auto_now=True)

    objects = AutosaveQuerySet.as_manager()

    class Meta:
        verbose_name = _("autosave")
        verbose_name_plural = _("autosaves")
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="one_autosave_per_article"),
            # NULLs are distinct in a unique constraint: one new article's autosave per person.
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(article=None), name="one_new_article_autosave"
            ),
        ]

    def __str__(self):
        return f"{self.user} {self.article or '-'} {self.saved_at}"


class PresenceQuerySet(models.QuerySet):
    def here(self, user, article):
        """Note that `user` has `article` open now; returns when they opened it."""
        now = timezone.now()
        presence = self.filter(user=user, article=article).first()
        if presence is None or presence.seen_at < now - PRESENCE_TIMEOUT:
            presence, _ = self.update_or_create(
                user=user, article=article, defaults={"opened_at": now, "seen_at": now}
            )
        else:
            self.filter(pk=presence.pk).update(seen_at=now)
        return presence

    def others_on(self, article, user):
        """The other people who have `article` open now, first opened first."""
        since = timezone.now() - PRESENCE_TIMEOUT
        return (
            self.filter(article=article, seen_at__gte=since)
            .exclude(user=user)
            .select_related("user")
            .order_by("opened_at")
        )


class Presence(models.Model):
    """Someone has an article's form open: since when, and when their form last said so."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="presences"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="presences")
    opened_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    objects = PresenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("open article form")
        verbose_name_plural = _("open article forms")
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="one_presence_per_article")
        ]

    def __str__(self):
        return f"{self.user} {self.article_id}"

    @property
    def name(self):
        return self.user.get_full_name() or self.user.get_username()
