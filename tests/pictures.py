"""Pictures for tests, drawn with Pillow."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as Pillow
from PIL import ImageDraw

from articles.pictures.library import add_picture


def picture_bytes(size=(800, 600), image_format="JPEG", colour=(200, 80, 40), **save):
    """A picture with a square in one corner, so crops and orientation can be told apart."""
    mode = "RGBA" if image_format in ("PNG", "WEBP") and save.pop("alpha", False) else "RGB"
    picture = Pillow.new(mode, size, colour)
    ImageDraw.Draw(picture).rectangle((0, 0, size[0] // 4, size[1] // 4), fill=(0, 0, 0))
    buffer = io.BytesIO()
    picture.save(buffer, format=image_format, **save)
    return buffer.getvalue()


def upload(data=None, name="picture.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, picture_bytes() if data is None else data, content_type)


def make_image(data=None, **fields):
    fields.setdefault("alt_text", "Eine rote Fläche mit einem schwarzen Quadrat")
    fields.setdefault("credit", "Foto: Newsroom")
    image, _created = add_picture(upload(data), **fields)
    return image


_colours = iter(range(1, 10**6))


def fresh_picture_bytes(**kwargs):
    """A picture no other test has uploaded (each differs in colour, hence in SHA-256)."""
    n = next(_colours)
    # Colours far apart: JPEG would make neighbouring shades into the same file.
    return picture_bytes(
        colour=((n * 47) % 256, (n * 89) % 256, (n * 151 + n // 256) % 256), **kwargs
    )
