"""Keeps the history of an article's addresses, however the article is saved or deleted."""

from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver

from articles.models import Article, ArticleUrl


@receiver(post_save, sender=Article, dispatch_uid="articles.remember_url")
def remember_published_url(sender, instance, **kwargs):
    # Scheduled articles count too: their address must survive a later change of slug or date.
    if instance.status == Article.Status.PUBLISHED:
        ArticleUrl.remember(instance)


@receiver(pre_delete, sender=Article, dispatch_uid="articles.mark_url_gone")
def mark_deleted_url_gone(sender, instance, **kwargs):
    # Published and withdrawn articles had an address that readers may have kept.
    if instance.status in (Article.Status.PUBLISHED, Article.Status.WITHDRAWN):
        ArticleUrl.mark_gone(instance)
