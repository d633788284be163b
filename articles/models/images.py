"""Pictures in the library: the original kept privately, its renditions public, its rights."""

from django.conf import settings
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import Cast
from django.dispatch import receiver
from django.utils import timezone
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _

from articles.models.sources import Source
from articles.text import validate_printable


class OriginalStorage(LazyObject):
    """STORAGES["originals"], looked up when first used (as Django's default_storage is)."""

    def _setup(self):
        self._wrapped = storages["originals"]


originals = OriginalStorage()


@receiver(setting_changed, dispatch_uid="articles.originals_storage_changed")
def _forget_originals_storage(setting, **kwargs):
    if setting == "STORAGES":
        originals._wrapped = empty


def original_storage():
    """Originals carry their metadata (GPS position, camera serial numbers): they live apart
    from the public files, where no reader can fetch them."""
    return originals


def original_path(image, filename):
    return f"{image.sha256[:2]}/{image.sha256}{image.extension}"


def rights_end(*ends):
    """The earliest of a picture's ends of rights (its own, its source's), None for none."""
    ends = [end for end in ends if end is not None]
    return min(ends) if ends else None


def rights_have_ended(*ends):
    """Whether the earliest of these ends of rights has come: the picture is no longer shown."""
    end = rights_end(*ends)
    return end is not None and end <= timezone.now()


class ImageQuerySet(models.QuerySet):
    def expired(self):
        """Pictures whose own rights, or whose source's, have run out."""
        now = timezone.now()
        return self.filter(
            models.Q(rights_expire_at__lte=now) | models.Q(source__rights_expire_at__lte=now)
        )

    def usable(self):
        """Pictures that may appear on a public page and be chosen for an article."""
        return self.exclude(pk__in=self.model.objects.expired().values("pk"))

    def shown_to_readers(self):
        """Pictures readers see: usable, with renditions, and leading or placed in the body
        of a published article."""
        from articles.models.articles import Article  # which imports this module

        published = Article.objects.published()
        leads = models.Exists(published.filter(lead_image=models.OuterRef("pk")))
        placed = models.Exists(published.filter(inline_images=models.OuterRef("pk")))
        return self.usable().exclude(renditions={}).filter(leads | placed)

    def unused(self):
        """Pictures that no article leads with and no body places."""
        return self.filter(lead_articles__isnull=True, inline_articles__isnull=True)


FOCAL_RANGE = [MinValueValidator(0.0), MaxValueValidator(1.0)]


class Image(models.Model):
    """A picture in the library. `file` is the original as uploaded, kept privately; readers
    get its renditions (see articles/pictures/renditions.py), stripped of every metadata."""

    file = models.FileField(
        _("file"), storage=original_storage, upload_to=original_path, max_length=200
    )
    alt_text = models.CharField(
        _("alternative text"),
        max_length=300,
        validators=[validate_printable],
        help_text=_("What the picture shows, for people who cannot see it."),
    )
    caption = models.TextField(_("caption"), blank=True, validators=[validate_printable])
    credit = models.CharField(
        _("credit"),
        max_length=200,
        blank=True,
        validators=[validate_printable],
        help_text=_("Who made it, as shown under the picture, e.g. “Foto: CRI”."),
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="images",
        verbose_name=_("source"),
        help_text=_("The agency it came from; its rights apply to the picture too."),
    )
    usage_terms = models.TextField(_("usage terms"), blank=True, validators=[validate_printable])
    rights_expire_at = models.DateTimeField(
        _("rights expire at"),
        null=True,
        blank=True,
        help_text=_(
            "Leave empty when the rights do not expire. From this moment the picture "
            "disappears from every public page, feed and sitemap."
        ),
    )
    focal_x = models.FloatField(_("focal point, across"), default=0.5, validators=FOCAL_RANGE)
    focal_y = models.FloatField(_("focal point, down"), default=0.5, validators=FOCAL_RANGE)
    width = models.PositiveIntegerField(_("width"), editable=False)
    height = models.PositiveIntegerField(_("height"), editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True, editable=False)
    extension = models.CharField(max_length=8, editable=False)
    # {"spec": ..., crop: {"width", "height", "files": {format: [[width, name, bytes], ...]}}},
    # written by the renditions module; lists read it with the article, in the same query.
    renditions = models.JSONField(default=dict, editable=False)
    # The wide crop's renditions, which teasers show, as JSON text the database writes with
    # every change of `renditions`: a list reads it as it is, where taking the crop out of
    # the whole JSON and writing it as text cost PostgreSQL a third of the front page's query.
    wide_renditions = models.GeneratedField(
        expression=Cast(KeyTransform("wide", "renditions"), models.TextField()),
        output_field=models.TextField(),
        db_persist=True,
        serialize=False,  # the database writes it: a fixture has nothing to say of it
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="uploaded_images",
        verbose_name=_("uploaded by"),
    )

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("picture")
        verbose_name_plural = _("pictures")

    def __str__(self):
        return self.alt_text

    @property
    def rights_end_at(self):
        """The first moment the picture may no longer be shown, its own or its source's."""
        source_end = self.source.rights_expire_at if self.source_id is not None else None
        return rights_end(self.rights_expire_at, source_end)

    @property
    def has_expired_rights(self):
        return rights_have_ended(self.rights_end_at)

    def renditions_of(self, crop, image_format):
        """[[width, storage name, bytes], ...] of one crop in one format, narrowest first."""
        return self.renditions.get(crop, {}).get("files", {}).get(image_format, [])

    def rendition(self, crop, image_format, width=None):
        """[width, storage name, bytes] of one rendition: the widest, or the widest up to
        `width`; None when there is none."""
        files = self.renditions_of(crop, image_format)
        fitting = [entry for entry in files if width is None or entry[0] <= width] or files[:1]
        return fitting[-1] if fitting else None

    def crop_size(self, crop):
        """(width, height) of a crop's widest rendition."""
        made = self.renditions.get(crop, {})
        return made.get("width"), made.get("height")
