"""A pool of pictures for the synthetic archive, drawn with Pillow: skies, hills and a sun in
a few palettes, so the demo site and the benchmark show pictures without downloading any."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as Pillow
from PIL import ImageDraw, ImageOps

from articles.pictures.library import add_picture

# (sky top, sky bottom, hills, sun)
PALETTES = [
    ("#1d3557", "#a8dadc", "#2a6f4e", "#f1c453"),
    ("#3d1e6d", "#f7a072", "#5b3a29", "#ffe066"),
    ("#0b132b", "#5bc0be", "#1c2541", "#fefae0"),
    ("#669bbc", "#fdf0d5", "#386641", "#f77f00"),
    ("#22223b", "#c9ada7", "#4a4e69", "#f2e9e4"),
    ("#003049", "#eae2b7", "#d62828", "#fcbf49"),
]
SIZE = (1280, 854)
SUBJECTS = ["Hügel im Abendlicht", "Landschaft unter klarem Himmel", "Sonne über den Bergen"]


def draw(number):
    """Picture `number` of the pool: always the same for the same number."""
    top, bottom, hills, sun = PALETTES[number % len(PALETTES)]
    width, height = SIZE
    sky = ImageOps.colorize(Pillow.linear_gradient("L").resize(SIZE), top, bottom)
    pen = ImageDraw.Draw(sky)
    x = width * (0.2 + 0.6 * ((number * 37) % 100) / 100)
    pen.ellipse((x - 75, 170, x + 75, 320), fill=sun)
    for layer in range(3):
        base = height * (0.55 + 0.12 * layer)
        points = [(0, height)]
        for step in range(13):
            wave = ((number + 3) * (step + 1) * (layer + 2)) % 7
            points.append((width * step / 12, base - 27 * wave))
        points.append((width, height))
        pen.polygon(points, fill=hills if layer == 2 else _mix(hills, bottom, 0.3 * (2 - layer)))
    data = io.BytesIO()
    sky.save(data, format="JPEG", quality=85)
    return data.getvalue()


def _mix(first, second, share):
    a = [int(first[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(second[i : i + 2], 16) for i in (1, 3, 5)]
    return tuple(round(x + (y - x) * share) for x, y in zip(a, b, strict=True))


def picture_pool(count):
    """The ids of `count` library pictures, drawn and added the first time, found after."""
    ids = []
    for number in range(count):
        upload = SimpleUploadedFile(f"synthetic-{number}.jpg", draw(number), "image/jpeg")
        image, _created = add_picture(
            upload,
            alt_text=f"{SUBJECTS[number % len(SUBJECTS)]} (Zeichnung {number + 1})",
            caption="Eine gezeichnete Landschaft.",
            credit="Grafik: Newsroom",
        )
        ids.append(image.pk)
    return ids
