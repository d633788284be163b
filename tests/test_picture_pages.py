"""Where readers and machines meet pictures: article pages, lists, feeds, sitemaps, JSON-LD,
the /media/ files themselves, and what is left of them once their rights expire."""

import json
import re
from datetime import timedelta

import feedparser
import pytest
from django.core import serializers
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from articles.models import Article, ArticleAuthor, Author, Image
from articles.pictures.renditions import make_renditions, remove_renditions, rendition_names
from tests.factories import make_article, make_source
from tests.pictures import fresh_picture_bytes, make_image

pytestmark = pytest.mark.django_db


@pytest.fixture
def picture():
    return make_image(
        fresh_picture_bytes(size=(2000, 1200)),
        alt_text="Zwei Minister geben sich die Hand",
        caption="Der Besuch in Minsk",
        credit="Foto: Agentur",
    )


@pytest.fixture
def article(picture):
    return make_article(lead_image=picture)


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def json_ld(html):
    return json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    )


def expire(image):
    image.rights_expire_at = timezone.now() - timedelta(minutes=1)
    image.save()


def test_the_article_page_shows_its_lead_image_at_once_with_caption_and_credit(client, article):
    html = page(client, article.get_absolute_url())
    lead = re.search(r'<figure class="lead-figure">(.*?)</figure>', html, re.S)[1]
    assert '<source type="image/webp"' in lead
    assert 'loading="eager"' in lead and 'fetchpriority="high"' in lead
    assert 'width="1920" height="1080"' in lead
    assert 'alt="Zwei Minister geben sich die Hand"' in lead
    assert "Der Besuch in Minsk" in lead and "Foto: Agentur" in lead


def test_an_articles_own_caption_replaces_the_librarys(client, picture):
    article = make_article(lead_image=picture, lead_image_caption="Händedruck in Minsk")
    html = page(client, article.get_absolute_url())
    assert "Händedruck in Minsk" in html
    assert "Der Besuch in Minsk" not in html


def test_social_cards_and_json_ld_carry_the_picture(client, article):
    html = page(client, article.get_absolute_url())
    og_image = re.search(r'<meta property="og:image" content="([^"]+)">', html)[1]
    assert og_image.startswith("http://testserver/media/renditions/")
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta property="og:image:height" content="630">' in html
    assert '<meta property="og:image:alt" content="Zwei Minister geben sich die Hand">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    images = json_ld(html)["image"]
    assert len(images) == 3
    assert all(url.startswith("http://testserver/media/") for url in images)
    assert client.get(og_image).status_code == 200


def test_teasers_show_a_small_lazy_picture(client, article):
    html = page(client, "/")
    teaser = re.search(r'<article class="teaser has-picture".*?</article>', html, re.S)[0]
    assert 'loading="lazy"' in teaser
    assert 'width="1920" height="1080"' in teaser


def test_a_teaser_shows_the_renditions_made_last(client, article, picture):
    def teaser_files():
        html = page(client, "/")
        teaser = re.search(r'<article class="teaser has-picture".*?</article>', html, re.S)
        return set(re.findall(r"/media/(renditions/[^ \"]+)", teaser[0])) if teaser else set()

    first = teaser_files()
    assert first
    picture.focal_y = 0.05
    picture.save()
    make_renditions(picture)
    again = teaser_files()
    assert again and not again & first
    assert again <= set(rendition_names(picture.renditions))
    remove_renditions(picture)
    assert teaser_files() == set()


def test_lists_read_the_wide_crop_kept_beside_the_renditions(picture):
    """The database writes the wide crop's text with every change of the renditions, however
    they are written, and the teaser rows read it rather than the whole JSON."""
    kept = Image.objects.filter(pk=picture.pk)

    def wide():
        return kept.values_list("wide_renditions", flat=True).get()

    assert json.loads(wide()) == picture.renditions["wide"]
    kept.update(renditions={"wide": {"files": {}, "width": 1, "height": 1}})
    assert json.loads(wide())["width"] == 1
    kept.update(renditions={})
    assert wide() is None
    assert '"renditions"' not in str(Article.objects.teasers().query)
    # Nor does a fixture carry it: loaddata could not write it.
    assert "wide_renditions" not in serializers.serialize("json", [picture])


def test_a_list_with_pictures_makes_no_more_queries_than_one_without(
    client, picture, django_assert_num_queries
):
    for _ in range(3):
        make_article()
    client.get("/")
    with django_assert_num_queries(1):
        client.get("/")
    for _ in range(3):
        make_article(lead_image=picture)
    client.get("/")  # new articles purge the lists: their counts are made once again
    with django_assert_num_queries(1):
        client.get("/")


def test_renditions_are_served_for_a_year_and_never_change(client, picture):
    url = "/media/" + picture.rendition("wide", "webp")[1]
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"


def test_originals_and_made_up_paths_are_not_served(client, picture):
    assert client.get("/media/" + picture.file.name).status_code == 404
    assert client.get(f"/media/renditions/{picture.pk}/../../x.jpg").status_code == 404
    assert client.get(f"/media/renditions/{picture.pk}/nothing.jpg").status_code == 404


def test_feeds_and_sitemaps_name_the_lead_image(client, article):
    rss = feedparser.parse(client.get("/feed/").content)
    enclosure = rss.entries[0].enclosures[0]
    assert enclosure.href.startswith("http://testserver/media/renditions/")
    assert enclosure.type == "image/jpeg" and int(enclosure.length) > 0
    atom = client.get("/feed/atom/").content.decode()
    assert re.search(r'<link [^>]*rel="enclosure"[^>]*/?>', atom)
    sitemap = client.get("/sitemap-articles.xml").content.decode()
    assert 'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"' in sitemap
    assert "<image:image><image:loc>http://testserver/media/renditions/" in sitemap


@pytest.mark.parametrize("whose", ["the picture's own", "its source's"])
def test_once_its_rights_expire_a_picture_disappears_and_the_article_stays(client, picture, whose):
    article = make_article(lead_image=picture)
    file_url = "/media/" + picture.rendition("wide", "webp")[1]
    page(client, "/")  # the teaser with the picture is now kept by this process
    if whose == "its source's":
        picture.source = make_source(rights_expire_at=timezone.now() - timedelta(seconds=1))
        picture.save()
    else:
        expire(picture)
    html = page(client, article.get_absolute_url())
    assert "<picture>" not in html and "og:image" not in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert "image" not in json_ld(html)
    assert "<picture>" not in page(client, "/")
    assert "enclosure" not in client.get("/feed/").content.decode()
    assert "enclosure" not in client.get("/feed/atom/").content.decode()
    assert "image:image" not in client.get("/sitemap-articles.xml").content.decode()
    assert client.get(file_url).status_code == 404


def test_an_expired_picture_cannot_be_chosen(picture):
    expire(picture)
    article = make_article()
    article.lead_image = picture
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        article.full_clean()
    with translation.override("en"):
        assert "rights to this picture have expired" in str(refused.value)


def test_a_picture_in_the_body_becomes_a_figure_with_caption_and_credit(client, picture):
    body = f"Vorher.\n\n![Der Handschlag im Saal](image:{picture.pk})\n\nNachher."
    article = make_article(body=body)
    html = page(client, article.get_absolute_url())
    figure = re.search(r'<figure class="figure">(.*?)</figure>', html, re.S)[1]
    assert 'alt="Der Handschlag im Saal"' in figure
    assert "Der Besuch in Minsk" in figure and "Foto: Agentur" in figure
    assert list(article.inline_images.all()) == [picture]
    expire(picture)
    assert "<figure" not in page(client, article.get_absolute_url())


@pytest.mark.parametrize(
    "body",
    [
        "![Logo](https://example.org/logo.png)",
        "![Logo](/media/renditions/1/x.jpg)",
        "Text mit ![Bild](image:1) mittendrin.",
    ],
)
def test_other_picture_addresses_in_a_body_are_refused_saying_how(body):
    article = make_article()
    article.body = body
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        article.full_clean()
    message = " ".join(refused.value.message_dict["body"])
    assert "image:" in message


def test_a_body_naming_a_picture_the_library_lacks_is_refused():
    article = make_article()
    article.body = "![Fehlt](image:999999)"
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        article.full_clean()
    assert "no picture 999999" in " ".join(refused.value.message_dict["body"])


def test_the_cri_piece_reads_well_without_a_picture(client):
    from django.core.management import call_command

    call_command("loaddata", "cri_china_belarus", verbosity=0)
    from articles.models import Article

    article = Article.objects.get()
    html = page(client, article.get_absolute_url())
    assert "<figure" not in html and "<picture>" not in html
    assert '<meta name="twitter:card" content="summary">' in html


def test_an_authors_page_shows_their_photo_until_its_rights_expire(client, picture):
    author = Author.objects.create(name="Anna Berg", slug="anna-berg", photo=picture)
    ArticleAuthor.objects.create(article=make_article(), author=author, position=1)
    html = page(client, author.get_absolute_url())
    photo = re.search(r'<div class="author-photo">(.*?)</div>', html, re.S)[1]
    assert 'alt="Anna Berg"' in photo and "<source" in photo
    expire(picture)
    assert 'class="author-photo"' not in page(client, author.get_absolute_url())
