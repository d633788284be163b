"""The picture library: what an upload must be, what is kept of it, and its renditions."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, storages
from django.utils import translation
from PIL import Image as Pillow

from articles.models import Image
from articles.pictures.library import add_picture
from articles.pictures.renditions import (
    crop_box,
    is_complete,
    make_renditions,
    public_url,
    rendition_names,
)
from tests.pictures import fresh_picture_bytes, make_image, picture_bytes, upload

pytestmark = pytest.mark.django_db

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def refusal(data, name="picture.jpg"):
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            add_picture(upload(data, name=name), alt_text="x")
        return " ".join(refused.value.messages)


def stored_files(settings):
    root = settings.STORAGES
    return (
        [
            path
            for key in ("default", "originals")
            for path in root[key]["OPTIONS"]["location"].rglob("*")
            if path.is_file()
        ]
        if any(root[k]["OPTIONS"]["location"].exists() for k in ("default", "originals"))
        else []
    )


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP", "AVIF", "GIF"])
def test_each_accepted_format_becomes_a_picture_with_its_size(image_format):
    image = make_image(fresh_picture_bytes(size=(700, 500), image_format=image_format))
    assert (image.width, image.height) == (700, 500)
    assert image.renditions["wide"]["files"]["webp"]


def test_an_svg_is_refused_even_under_a_picture_name_and_nothing_is_stored(settings):
    assert "not a picture in a format we accept" in refusal(SVG, name="innocent.jpg")
    assert Image.objects.count() == 0
    assert stored_files(settings) == []


def test_text_and_truncated_files_are_refused_with_the_reason():
    assert "not a picture" in refusal(b"just some words, no picture at all")
    whole = picture_bytes(size=(900, 700), quality=95)
    assert "truncated or corrupt" in refusal(whole[: len(whole) // 2])


def test_a_file_over_40_mb_is_refused():
    assert "larger than 40 MB" in refusal(b"\xff\xd8" + b"\0" * (40 * 1024 * 1024))


def test_a_picture_over_50_megapixels_is_refused():
    bomb = io.BytesIO()
    Pillow.new("1", (8000, 7000)).save(bomb, format="PNG")  # small file, 56 megapixels
    assert "more than 50 megapixels" in refusal(bomb.getvalue(), name="bomb.png")


def test_an_animated_gif_is_refused():
    frames = [Pillow.new("RGB", (40, 40), colour) for colour in ("red", "blue")]
    data = io.BytesIO()
    frames[0].save(data, format="GIF", save_all=True, append_images=frames[1:])
    assert "animated" in refusal(data.getvalue(), name="moving.gif")


def test_the_same_file_uploaded_twice_finds_the_first_picture():
    data = fresh_picture_bytes()
    first, created = add_picture(upload(data), alt_text="one")
    again, created_again = add_picture(upload(data, name="copy.jpg"), alt_text="two")
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert Image.objects.count() == 1


def exif_bytes(**tags):
    exif = Pillow.Exif()
    for tag, value in tags.items():
        exif[int(tag, 16)] = value
    return exif


def test_exif_orientation_is_applied_and_no_rendition_carries_metadata():
    exif = exif_bytes(**{"0x0112": 6, "0x010F": "Camera maker", "0xA431": "SERIAL-1234567"})
    image = make_image(fresh_picture_bytes(size=(800, 600), exif=exif.tobytes()))
    assert (image.width, image.height) == (600, 800)  # turned upright
    storage = storages["default"]
    for crop in ("wide", "square", "social"):
        for image_format in ("webp", "jpeg"):
            entry = image.rendition(crop, image_format)
            if entry is None:
                continue
            data = storage.open(entry[1]).read()
            assert b"SERIAL-1234567" not in data
            assert b"Exif" not in data
            assert not Pillow.open(io.BytesIO(data)).getexif()


def test_credit_and_caption_are_taken_from_the_files_exif():
    exif = exif_bytes(
        **{"0x010E": "Ein Hafen am Abend", "0x013B": "Li Wei", "0x8298": "(c) CRI 2022"}
    )
    image, _ = add_picture(upload(fresh_picture_bytes(exif=exif.tobytes())), alt_text="Hafen")
    assert image.caption == "Ein Hafen am Abend"
    assert image.credit == "Li Wei / (c) CRI 2022"


def test_a_credit_typed_by_the_editor_wins_over_the_files():
    exif = exif_bytes(**{"0x013B": "Li Wei"})
    image = make_image(fresh_picture_bytes(exif=exif.tobytes()), credit="Foto: CRI")
    assert image.credit == "Foto: CRI"


def test_the_original_is_kept_outside_the_public_media_folder(settings):
    image = make_image(fresh_picture_bytes())
    assert image.file.storage.exists(image.file.name)
    public = settings.STORAGES["default"]["OPTIONS"]["location"]
    assert not (public / image.file.name).exists()
    assert all(path.suffix in (".webp", ".jpg") for path in public.rglob("*.*"))


class SignedStorage(FileSystemStorage):
    """A storage whose addresses carry a signature after the name, as private buckets' do."""

    def url(self, name):
        return f"{super().url(name)}?signature={len(name)}"


def every_rendition(image):
    crops = [crop for crop in image.renditions.values() if isinstance(crop, dict)]
    return [entry for crop in crops for entries in crop["files"].values() for entry in entries]


def test_each_renditions_address_is_the_one_its_storage_gives(settings):
    image = make_image(fresh_picture_bytes(size=(1400, 900)))
    entries = every_rendition(image)
    assert {entry[1] for entry in entries} == set(rendition_names(image.renditions))
    storage = storages["default"]
    assert [public_url(entry) for entry in entries] == [storage.url(e[1]) for e in entries]
    assert public_url(entries[0]).startswith("/media/renditions/")
    assert public_url(None) == ""

    settings.MEDIA_URL = "https://pictures.example.org/files/"
    assert public_url(entries[0]) == f"https://pictures.example.org/files/{entries[0][1]}"

    location = settings.STORAGES["default"]["OPTIONS"]["location"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": f"{__name__}.SignedStorage",
            "OPTIONS": {"location": location, "base_url": "/signed/"},
        },
    }
    name = entries[0][1]
    assert public_url(entries[0]) == f"/signed/{name}?signature={len(name)}"


def test_renditions_are_never_wider_than_the_picture():
    image = make_image(fresh_picture_bytes(size=(1000, 800)))
    widths = [entry[0] for entry in image.renditions_of("wide", "jpeg")]
    assert widths == [320, 640, 960]
    big = make_image(fresh_picture_bytes(size=(2400, 1350)))
    assert [entry[0] for entry in big.renditions_of("wide", "webp")] == [320, 640, 960, 1280, 1920]
    assert big.crop_size("social") == (1200, 630)


def test_crops_keep_the_focal_point_in_view():
    assert crop_box(1600, 900, (1, 1), 0.5, 0.5) == (350, 0, 1250, 900)
    assert crop_box(1600, 900, (1, 1), 0.0, 0.5) == (0, 0, 900, 900)
    assert crop_box(1600, 900, (1, 1), 0.9, 0.2) == (700, 0, 1600, 900)
    assert crop_box(900, 1600, (16, 9), 0.5, 0.1) == (0, 0, 900, 506)


def test_moving_the_focal_point_makes_new_files_and_removes_the_old():
    image = make_image(fresh_picture_bytes(size=(1600, 900)))
    before = image.rendition("square", "jpeg")[1]
    image.focal_x = 0.0
    image.save()
    make_renditions(image)
    after = image.rendition("square", "jpeg")[1]
    assert after != before  # a new name: caches never serve the old crop for the new
    assert not storages["default"].exists(before)
    assert storages["default"].exists(after)
    assert is_complete(image)


def test_make_renditions_makes_only_what_pictures_lack():
    from django.core.management import call_command

    complete = make_image(fresh_picture_bytes())
    lacking = make_image(fresh_picture_bytes())
    Image.objects.filter(pk=lacking.pk).update(renditions={})
    out = io.StringIO()
    call_command("make_renditions", stdout=out)
    assert "1 pictures given renditions" in out.getvalue()
    assert "1 complete, 0 with expired rights removed" in out.getvalue()
    lacking.refresh_from_db()
    assert is_complete(lacking)
    assert Image.objects.get(pk=complete.pk).renditions == complete.renditions


def test_make_renditions_removes_the_files_of_pictures_whose_rights_expired():
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    image = make_image(fresh_picture_bytes())
    name = image.rendition("wide", "webp")[1]
    image.rights_expire_at = timezone.now() - timedelta(minutes=1)
    image.save()
    out = io.StringIO()
    call_command("make_renditions", stdout=out)
    assert "1 with expired rights removed" in out.getvalue()
    assert not storages["default"].exists(name)
    image.refresh_from_db()
    assert image.renditions == {}


XMP = b"""<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF
 xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Credit="Foto: Xinhua">
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">Der Hafen von Qingdao</rdf:li></rdf:Alt>
</dc:description></rdf:Description></rdf:RDF></x:xmpmeta>"""


def test_credit_and_caption_are_taken_from_the_files_xmp():
    image, _ = add_picture(upload(fresh_picture_bytes(xmp=XMP)), alt_text="Hafen")
    assert image.caption == "Der Hafen von Qingdao"
    assert image.credit == "Foto: Xinhua"
    data = storages["default"].open(image.rendition("wide", "jpeg")[1]).read()
    assert b"Xinhua" not in data and b"xmpmeta" not in data
