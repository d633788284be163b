"""The files readers get of a picture: cropped around its focal point, in several widths, in
WebP with a JPEG fallback, stripped of every metadata, named by their content.

They are made when a picture is uploaded or its focal point moves (and by `make_renditions`
for sizes added later), never while a reader waits. Names carry a hash of the file, so a new
crop is a new address and every file may be kept by browsers and CDNs for a year.
"""

import functools
import hashlib
import io

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from PIL import Image as Pillow
from PIL import ImageOps

# The widths offered to browsers in srcset; never wider than the picture itself.
WIDTHS = (320, 640, 960, 1280, 1920)
# WebP rather than AVIF: browsers take both, and WebP is made in a fraction of the time.
MODERN, FALLBACK = "webp", "jpeg"
CONTENT_TYPES = {"webp": "image/webp", "jpeg": "image/jpeg"}
_SAVE = {
    "webp": {"format": "WEBP", "quality": 80, "method": 4},
    "jpeg": {"format": "JPEG", "quality": 82, "optimize": True, "progressive": True},
}

# name: (ratio across, ratio down, widths, formats)
CROPS = {
    # Leads and teasers.
    "wide": (16, 9, WIDTHS, (MODERN, FALLBACK)),
    # Search engines' structured data asks for these three ratios.
    "square": (1, 1, (1200,), (FALLBACK,)),
    "four-three": (4, 3, (1200,), (FALLBACK,)),
    # Social cards (OpenGraph, Twitter).
    "social": (1200, 630, (1200,), (FALLBACK,)),
    # The whole picture, uncropped: the library's thumbnails and the focal point picker.
    "whole": (None, None, (320, 960), (FALLBACK,)),
}
PREFIX = "renditions"
# Recorded with each picture's renditions: make_renditions remakes those of an older SPEC.
SPEC = hashlib.sha256(repr((CROPS, _SAVE)).encode()).hexdigest()[:12]


def public_storage():
    return storages["default"]


def public_url(entry):
    """Where readers fetch a rendition ([width, storage name, bytes]); "" for none."""
    if not entry:
        return ""
    storage = public_storage()
    base = _address_base(storage)
    return base + entry[1] if base is not None else storage.url(entry[1])


# Asking the storage costs more than the rest of a picture's markup, and a picture has ten
# addresses. Renditions' names are letters, digits and "/.-" alone, which no storage escapes:
# where two of them come back as one beginning and the name, every other one does too.
# None for a storage whose addresses are made otherwise (signed ones, say).
_PROBES = (f"{PREFIX}/1/wide-320x180-0123456789abcdef.jpg", f"{PREFIX}/2/whole-960x1-f.webp")


@functools.lru_cache(maxsize=4)
def _address_base(storage):
    bases = set()
    for name in _PROBES:
        address = storage.url(name)
        if not address.endswith(name):
            return None
        bases.add(address[: -len(name)])
    return bases.pop() if len(bases) == 1 else None


@receiver(setting_changed, dispatch_uid="articles.rendition_addresses_changed")
def _forget_address_bases(*, setting, **kwargs):
    if setting in {"STORAGES", "MEDIA_URL"}:
        _address_base.cache_clear()


def crop_box(width, height, ratio, focal_x, focal_y):
    """The largest box of `ratio` (across, down) in the picture, centred on the focal point
    as far as the picture's edges allow."""
    across, down = ratio
    if across is None:
        return (0, 0, width, height)
    if width * down > height * across:  # wider than the ratio: full height
        box_w, box_h = round(height * across / down), height
    else:
        box_w, box_h = width, round(width * down / across)
    left = min(max(round(focal_x * width - box_w / 2), 0), width - box_w)
    top = min(max(round(focal_y * height - box_h / 2), 0), height - box_h)
    return (left, top, left + box_w, top + box_h)


def _encoded(picture, image_format):
    if image_format == "jpeg" and picture.mode != "RGB":
        # JPEG has no transparency: what was transparent becomes white, as on the page.
        background = Pillow.new("RGB", picture.size, "white")
        rgba = picture.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        picture = background
    buffer = io.BytesIO()
    # Saved without exif=, xmp= or pnginfo=: no metadata of the original comes along.
    picture.save(buffer, **_SAVE[image_format])
    return buffer.getvalue()


def _prepared(original):
    """The original upright and in a mode every format can save."""
    picture = ImageOps.exif_transpose(original)
    if picture.mode not in ("RGB", "RGBA"):
        has_alpha = "A" in picture.getbands() or "transparency" in picture.info
        picture = picture.convert("RGBA" if has_alpha else "RGB")
    return picture


def make_renditions(image):
    """Makes every rendition of `image` from its original, records them on it and removes
    the files of its earlier ones. Returns the number of files written."""
    storage = public_storage()
    with image.file.open("rb") as original_file:
        picture = _prepared(Pillow.open(io.BytesIO(original_file.read())))
    made, written = {"spec": SPEC}, 0
    for crop, (across, down, widths, formats) in CROPS.items():
        box = crop_box(picture.width, picture.height, (across, down), image.focal_x, image.focal_y)
        cropped = picture.crop(box)
        fitting = [w for w in widths if w <= cropped.width] or [cropped.width]
        files = {image_format: [] for image_format in formats}
        for width in fitting:
            height = max(round(width * cropped.height / cropped.width), 1)
            sized = cropped.resize((width, height), Pillow.Resampling.LANCZOS, reducing_gap=3.0)
            for image_format in formats:
                data = _encoded(sized, image_format)
                digest = hashlib.sha256(data).hexdigest()[:16]
                extension = "jpg" if image_format == "jpeg" else image_format
                name = f"{PREFIX}/{image.pk}/{crop}-{width}x{height}-{digest}.{extension}"
                if not storage.exists(name):
                    storage.save(name, ContentFile(data))
                    written += 1
                files[image_format].append([width, name, len(data)])
        last = fitting[-1]
        made[crop] = {
            "width": last,
            "height": max(round(last * cropped.height / cropped.width), 1),
            "files": files,
        }
    old = set(rendition_names(image.renditions)) - set(rendition_names(made))
    image.renditions = made
    image.save(update_fields=["renditions"])
    for name in old:
        storage.delete(name)
    return written


def remove_renditions(image):
    """Deletes every rendition of `image`: its rights have expired, and an object store
    would go on serving the files to anyone who kept their address."""
    storage = public_storage()
    names = list(rendition_names(image.renditions))
    image.renditions = {}
    image.save(update_fields=["renditions"])
    for name in names:
        storage.delete(name)


def rendition_names(renditions):
    for crop in renditions.values():
        if not isinstance(crop, dict):
            continue
        for entries in crop.get("files", {}).values():
            for entry in entries:
                yield entry[1]


def is_complete(image):
    """Whether the picture's renditions were made for the crops and sizes asked for now."""
    return image.renditions.get("spec") == SPEC
