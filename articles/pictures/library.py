"""Adding a picture to the library: checked, kept privately, its renditions made."""

from django.core.files.base import ContentFile
from django.db import transaction

from articles.models import Image
from articles.pictures.renditions import make_renditions, public_storage, rendition_names
from articles.pictures.uploads import read_upload


def add_picture(uploaded, *, user=None, **fields):
    """(image, created): the library's picture for this upload, a new one or, when the same
    file was uploaded before, the existing one. Raises ValidationError naming what is wrong
    with the file; nothing is stored then.

    `fields` (alt text, caption, credit, source, ...) fill the new picture; caption and credit
    left empty are taken from the file's own metadata.
    """
    upload = read_upload(uploaded)
    existing = Image.objects.filter(sha256=upload.sha256).first()
    if existing is not None:
        return existing, False
    fields = {key: value for key, value in fields.items() if value not in (None, "")}
    fields.setdefault("caption", upload.caption)
    fields.setdefault("credit", upload.credit)
    fields.setdefault("alt_text", "")
    image = Image(
        sha256=upload.sha256,
        extension=upload.extension,
        width=upload.width,
        height=upload.height,
        uploaded_by=user,
        **fields,
    )
    try:
        with transaction.atomic():
            image.file.save("original", ContentFile(upload.data), save=False)
            image.save()
            make_renditions(image)
    except BaseException:
        forget_files(image)
        raise
    return image, True


def forget_files(image):
    """Removes the original and the renditions of a picture that is not (or no longer) kept."""
    storage = public_storage()
    for name in rendition_names(image.renditions):
        storage.delete(name)
    if image.file.name:
        image.file.storage.delete(image.file.name)
