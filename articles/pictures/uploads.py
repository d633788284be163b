"""Reading an uploaded picture: the checks every upload passes, whatever its name says.

Accepted are JPEG, PNG, WebP, AVIF and still GIF, recognised from the bytes; refused, with a
reason that names what is wrong, are every other type (SVG above all: it can carry scripts),
files over 40 MB, pictures over 50 megapixels (a small file can unpack into gigabytes) and
files that are truncated or corrupt.
"""

import hashlib
import io
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image as Pillow
from PIL import ImageOps

from articles.pictures.metadata import described

MAX_BYTES = 40 * 1024 * 1024
MAX_PIXELS = 50_000_000
# Pillow's format names, and the file extension the original is kept under.
ACCEPTED_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "AVIF": ".avif", "GIF": ".gif"}

# Pillow refuses to open anything much larger than its own limit; ours is checked before any
# pixel is decoded, and Pillow's stays as a second guard just above it.
Pillow.MAX_IMAGE_PIXELS = MAX_PIXELS


@dataclass(frozen=True)
class Upload:
    data: bytes
    sha256: str
    extension: str
    width: int  # as shown, after the EXIF orientation is applied
    height: int
    caption: str
    credit: str


def refuse(message, **params):
    return ValidationError(message, params=params, code="picture")


def read_upload(uploaded):
    """The checked upload, or ValidationError saying why it cannot be used."""
    if uploaded.size is not None and uploaded.size > MAX_BYTES:
        raise refuse(_("The file is larger than 40 MB."))
    data = uploaded.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise refuse(_("The file is larger than 40 MB."))
    if not data:
        raise refuse(_("The file is empty."))
    picture = open_picture(data)
    try:
        oriented = ImageOps.exif_transpose(picture)
    except (OSError, SyntaxError, ValueError):
        raise refuse(_("The file is truncated or corrupt.")) from None
    about = described(picture)
    return Upload(
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        extension=ACCEPTED_FORMATS[picture.format],
        width=oriented.width,
        height=oriented.height,
        caption=about["caption"],
        credit=about["credit"],
    )


def open_picture(data):
    """The decoded picture, checked: an accepted type, not too large, wholly readable."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Pillow.DecompressionBombWarning)
            picture = Pillow.open(io.BytesIO(data), formats=list(ACCEPTED_FORMATS))
    except (Pillow.DecompressionBombError, Pillow.DecompressionBombWarning):
        raise refuse(_("The picture has more than 50 megapixels.")) from None
    except (Pillow.UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise refuse(
            _("This is not a picture in a format we accept (JPEG, PNG, WebP, AVIF or GIF).")
        ) from None
    if picture.width * picture.height > MAX_PIXELS:
        raise refuse(_("The picture has more than 50 megapixels."))
    if getattr(picture, "n_frames", 1) > 1:
        raise refuse(_("Moving pictures (animated GIF, WebP or AVIF) are not accepted."))
    try:
        picture.verify()  # the file's structure and checksums, without decoding
        picture = Pillow.open(io.BytesIO(data), formats=list(ACCEPTED_FORMATS))
        picture.load()  # every pixel: a truncated file fails here
    except (Pillow.DecompressionBombError, Pillow.DecompressionBombWarning):
        raise refuse(_("The picture has more than 50 megapixels.")) from None
    except (OSError, SyntaxError, ValueError, IndexError, EOFError):
        raise refuse(_("The file is truncated or corrupt.")) from None
    return picture
