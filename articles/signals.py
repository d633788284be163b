"""Keeps the history of an article's addresses, however the article is saved or deleted, and
holds rows loaded from fixtures to the rules the admin and the importer apply."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from articles.models import Article, ArticleUrl, Image
from articles.text import picture_ids


@receiver(post_save, sender=Article, dispatch_uid="articles.remember_url")
def remember_published_url(sender, instance, **kwargs):
    # Scheduled articles count too: their address must survive a later change of slug or date.
    if instance.status == Article.Status.PUBLISHED:
        ArticleUrl.remember(instance)


@receiver(pre_save, sender=Article, dispatch_uid="articles.note_live_urls")
def note_live_urls(sender, instance, raw, **kwargs):
    # Before a change takes the article off its address (withdrawn, renamed, back to draft):
    # whether readers saw it there decides between 410 and 404 later.
    if not raw:
        ArticleUrl.note_live(instance)


@receiver(pre_save, sender=Article, dispatch_uid="articles.render_loaded_body")
def render_loaded_body(sender, instance, raw, **kwargs):
    # save() keeps the body's HTML; a row loaddata writes is rendered here, whatever HTML the
    # file holds: what readers are shown is only ever our own rendering of the body.
    if raw:
        instance.body_html_key = ""
        instance.keep_rendered_body()


@receiver(pre_delete, sender=Article, dispatch_uid="articles.mark_url_gone")
def mark_deleted_url_gone(sender, instance, **kwargs):
    # Published and withdrawn articles had an address that readers may have kept.
    if instance.status in (Article.Status.PUBLISHED, Article.Status.WITHDRAWN):
        ArticleUrl.mark_gone(instance)


@receiver(post_save, sender=Article, dispatch_uid="articles.remember_inline_images")
def remember_inline_images(sender, instance, raw, **kwargs):
    # The library says where each picture is used; the body is where inline ones are named.
    wanted = picture_ids(instance.body)
    if raw and not wanted:
        return
    instance.inline_images.set(Image.objects.filter(pk__in=wanted))


@receiver(post_delete, sender=Image, dispatch_uid="articles.forget_image_files")
def forget_image_files(sender, instance, **kwargs):
    from articles.pictures.library import forget_files  # which imports the models

    # Only once the deletion is certain: a rolled-back one keeps its files.
    transaction.on_commit(lambda: forget_files(instance))


@receiver(pre_save, dispatch_uid="articles.check_loaded_rows")
def check_loaded_row(sender, instance, raw, **kwargs):
    """loaddata saves rows raw, past every form: each field is checked as the admin checks it
    (choices, printable text, time zones, web addresses), so a half-valid file fails whole
    (loaddata runs in one transaction) instead of storing what feeds and pages cannot show."""
    if not raw or sender._meta.app_config is not apps.get_app_config("articles"):
        return
    try:
        instance.clean_fields()
    except ValidationError as error:
        problems = "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
        )
        raise ValidationError(f"{sender._meta.label_lower} {instance}: {problems}") from None
