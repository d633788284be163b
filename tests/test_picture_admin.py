"""The picture library in the admin: uploads, the list, the focal point, deleting, choosing."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Image
from tests.factories import make_article
from tests.pictures import fresh_picture_bytes, make_image, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english(staff_client):
    """The admin in English, as the assertions read; one test checks the German."""
    staff_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


UPLOAD_URL = "/admin/articles/image/upload/"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_adding_a_picture_leads_to_the_upload_form(staff_client):
    response = staff_client.get("/admin/articles/image/add/")
    assert response.status_code == 302 and response["Location"] == UPLOAD_URL
    page = staff_client.get(UPLOAD_URL).content.decode()
    assert re.search(r'<input type="file" name="files"[^>]* multiple', page)


def test_several_files_upload_at_once_and_each_refused_one_is_named_with_its_reason(
    staff_client,
):
    files = [
        upload(fresh_picture_bytes(), name="hafen.jpg"),
        upload(SVG, name="logo.svg", content_type="image/svg+xml"),
        upload(fresh_picture_bytes(image_format="PNG"), name="karte.png"),
        upload(b"not a picture", name="falsch.jpg"),
    ]
    response = staff_client.post(UPLOAD_URL, {"files": files, "credit": "Foto: CRI"}, follow=True)
    said = messages_of(response)
    assert any(m.startswith("logo.svg was not added:") and "format" in m for m in said)
    assert any(m.startswith("falsch.jpg was not added:") for m in said)
    assert any(m.startswith("hafen.jpg was added") for m in said)
    assert Image.objects.count() == 2
    assert set(Image.objects.values_list("credit", flat=True)) == {"Foto: CRI"}
    assert response.redirect_chain[-1][0] == "/admin/articles/image/"


def test_one_upload_opens_its_form_with_what_the_file_says_filled_in(staff_client, admin_user):
    data = fresh_picture_bytes()
    response = staff_client.post(UPLOAD_URL, {"files": [upload(data)], "alt_text": "Ein Hafen"})
    image = Image.objects.get()
    assert response["Location"] == f"/admin/articles/image/{image.pk}/change/"
    assert image.alt_text == "Ein Hafen"
    assert image.uploaded_by.username == "chief"


def test_the_list_shows_thumbnails_and_filters_unused_and_expired(staff_client):
    used = make_image(fresh_picture_bytes(), alt_text="benutzt")
    make_article(lead_image=used)
    unused = make_image(fresh_picture_bytes(), alt_text="unbenutzt")
    expired = make_image(
        fresh_picture_bytes(),
        alt_text="abgelaufen",
        rights_expire_at=timezone.now() - timedelta(days=1),
    )
    page = staff_client.get("/admin/articles/image/").content.decode()
    assert page.count('class="picture-thumbnail"') == 3
    unused_page = staff_client.get("/admin/articles/image/?use=unused").content.decode()
    assert unused.alt_text in unused_page and ">benutzt<" not in unused_page
    expired_page = staff_client.get("/admin/articles/image/?rights=expired").content.decode()
    assert expired.alt_text in expired_page and "unbenutzt" not in expired_page


def test_the_form_says_why_an_expired_picture_is_not_shown_and_where_it_is_used(staff_client):
    image = make_image(fresh_picture_bytes(), rights_expire_at=timezone.now() - timedelta(days=1))
    article = make_article(lead_image=image, title="Der Besuch")
    page = staff_client.get(f"/admin/articles/image/{image.pk}/change/").content.decode()
    assert "Not shown: the rights to this picture expired on" in page
    assert "Der Besuch" in page and f"/admin/articles/article/{article.pk}/change/" in page
    assert "data-focal-point" in page


def test_moving_the_focal_point_in_the_form_makes_new_crops(staff_client):
    image = make_image(fresh_picture_bytes(size=(1600, 900)), alt_text="Quer")
    before = image.rendition("square", "jpeg")[1]
    data = {
        "alt_text": "Quer",
        "caption": "",
        "credit": "x",
        "usage_terms": "",
        "focal_x": "0.05",
        "focal_y": "0.5",
        "rights_expire_at_0": "",
        "rights_expire_at_1": "",
    }
    response = staff_client.post(f"/admin/articles/image/{image.pk}/change/", data)
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.rendition("square", "jpeg")[1] != before


def test_a_picture_shown_by_a_published_article_cannot_be_deleted(staff_client):
    image = make_image(fresh_picture_bytes())
    make_article(lead_image=image, title="Der Staatsbesuch")
    page = staff_client.get(f"/admin/articles/image/{image.pk}/delete/").content.decode()
    assert "Der Staatsbesuch" in page
    staff_client.post(f"/admin/articles/image/{image.pk}/delete/", {"post": "yes"})
    assert Image.objects.filter(pk=image.pk).exists()


def test_an_unused_picture_is_deleted_with_its_files(
    staff_client, django_capture_on_commit_callbacks
):
    image = make_image(fresh_picture_bytes())
    name = image.rendition("wide", "webp")[1]
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"/admin/articles/image/{image.pk}/delete/", {"post": "yes"})
    assert not Image.objects.filter(pk=image.pk).exists()
    from django.core.files.storage import storages

    assert not storages["default"].exists(name)


def test_only_pictures_that_may_be_shown_can_be_chosen(staff_client):
    make_image(fresh_picture_bytes(), alt_text="Hafen am Morgen")
    make_image(
        fresh_picture_bytes(),
        alt_text="Hafen am Abend",
        rights_expire_at=timezone.now() - timedelta(days=1),
    )
    response = staff_client.get(
        "/admin/autocomplete/",
        {
            "term": "Hafen",
            "app_label": "articles",
            "model_name": "article",
            "field_name": "lead_image",
        },
    )
    names = [result["text"] for result in response.json()["results"]]
    assert names == ["Hafen am Morgen"]


def test_a_refused_file_is_named_in_german_too(staff_client):
    staff_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "de"
    files = [upload(SVG, name="logo.svg", content_type="image/svg+xml")]
    response = staff_client.post(UPLOAD_URL, {"files": files}, follow=True)
    assert messages_of(response) == [
        "logo.svg wurde nicht aufgenommen: Dies ist kein Bild in einem Format, das wir "
        "annehmen (JPEG, PNG, WebP, AVIF oder GIF)."
    ]


def test_a_revision_keeps_and_restores_the_lead_image():
    from articles.models import Revision

    first = make_image(fresh_picture_bytes(), alt_text="erstes")
    article = make_article(lead_image=first, lead_image_caption="Im Saal")
    kept = Revision.objects.record(article)
    article.lead_image = make_image(fresh_picture_bytes(), alt_text="zweites")
    article.lead_image_caption = ""
    article.save()
    kept.restore()
    article.refresh_from_db()
    assert (article.lead_image, article.lead_image_caption) == (first, "Im Saal")
