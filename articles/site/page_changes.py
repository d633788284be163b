"""Which readers' pages a change makes stale, purged the moment it is saved.

Everything an editor or a command changes goes through the models' signals (the admin's form
and bulk actions, restores, the wire importer, fixtures), so readers never wait for the page
cache to expire after a publication, a withdrawal, a deletion, an edit or a correction, nor
after a change to a section, an author, a picture or the front page's slots. Every
change also purges the lists, feeds, directories and sitemaps (`list`): an article may enter or
leave any of them, and a tag's or a source's name shows in them.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    Correction,
    FrontPageSlot,
    Image,
    Section,
    Source,
    Tag,
)
from articles.site import caching


@receiver(post_save, sender=Article, dispatch_uid="site.article_saved")
@receiver(post_delete, sender=Article, dispatch_uid="site.article_deleted")
def article_changed(sender, instance, **kwargs):
    caching.pages_changed([caching.article_key(instance.pk), caching.LIST])


@receiver(m2m_changed, sender=Article.tags.through, dispatch_uid="site.article_tags_changed")
def article_tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if reverse:  # articles added to or taken off a tag
        keys = [caching.tag_key(instance.pk), *map(caching.article_key, pk_set or ())]
    else:
        keys = [caching.article_key(instance.pk), *map(caching.tag_key, pk_set or ())]
    caching.pages_changed([*keys, caching.LIST])


@receiver(post_save, sender=Correction, dispatch_uid="site.correction_saved")
@receiver(post_delete, sender=Correction, dispatch_uid="site.correction_deleted")
def correction_changed(sender, instance, **kwargs):
    caching.pages_changed([caching.article_key(instance.article_id), caching.LIST])


@receiver(post_save, sender=Source, dispatch_uid="site.source_saved")
@receiver(post_delete, sender=Source, dispatch_uid="site.source_deleted")
def source_changed(sender, instance, **kwargs):
    # Its name and its rights show on each of its articles' pages.
    caching.pages_changed([caching.source_key(instance.pk), caching.LIST])


@receiver(post_save, sender=Tag, dispatch_uid="site.tag_saved")
@receiver(post_delete, sender=Tag, dispatch_uid="site.tag_deleted")
def tag_changed(sender, instance, **kwargs):
    caching.pages_changed([caching.tag_key(instance.pk), caching.LIST])


@receiver(post_save, sender=Section, dispatch_uid="site.section_saved")
@receiver(post_delete, sender=Section, dispatch_uid="site.section_deleted")
def section_changed(sender, instance, **kwargs):
    # Its name shows on its articles' pages (the breadcrumb) and in every page's menu, which
    # the lists' purge renews; its block on the front page is one of those lists.
    caching.pages_changed([caching.section_key(instance.pk), caching.LIST])


@receiver(post_save, sender=Author, dispatch_uid="site.author_saved")
@receiver(post_delete, sender=Author, dispatch_uid="site.author_deleted")
def author_changed(sender, instance, **kwargs):
    caching.pages_changed([caching.author_key(instance.pk), caching.LIST])


@receiver(post_save, sender=ArticleAuthor, dispatch_uid="site.authorship_saved")
@receiver(post_delete, sender=ArticleAuthor, dispatch_uid="site.authorship_deleted")
def authorship_changed(sender, instance, **kwargs):
    keys = [caching.article_key(instance.article_id), caching.author_key(instance.author_id)]
    caching.pages_changed([*keys, caching.LIST])


@receiver(post_save, sender=Image, dispatch_uid="site.picture_saved")
@receiver(post_delete, sender=Image, dispatch_uid="site.picture_deleted")
def picture_changed(sender, instance, **kwargs):
    # Its alt text, caption, credit and rights show wherever it appears, teasers included.
    caching.pages_changed([caching.picture_key(instance.pk), caching.LIST])


@receiver(post_save, sender=FrontPageSlot, dispatch_uid="site.front_page_slot_saved")
@receiver(post_delete, sender=FrontPageSlot, dispatch_uid="site.front_page_slot_deleted")
def front_page_changed(sender, instance, **kwargs):
    caching.pages_changed([caching.LIST])
