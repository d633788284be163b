import html
from datetime import UTC, datetime

import pytest
from django.core.management import call_command

from articles.models import Article, Source, Tag, TaggedArticle
from tests.wire import CRI_WIRE_TEXT, cri_title_and_paragraphs

pytestmark = pytest.mark.django_db

CRI_SLUG = "china-und-belarus-bauen-beziehungen-zu-allwetterpartnerschaft-aus"


@pytest.fixture
def cri_article():
    call_command("loaddata", "cri_china_belarus", verbosity=0)
    return Article.objects.get(slug=CRI_SLUG)


def test_wire_text_is_carried_byte_for_byte():
    raw = CRI_WIRE_TEXT.read_bytes()
    assert raw.startswith(b"Baidu\n")
    assert "„umfassender strategischer Allwetterpartnerschaft“".encode() in raw
    assert raw.rstrip().endswith(b"16A Shijingshan Road, Beijing, China")


def test_loading_the_fixture_twice_leaves_one_article_one_source_and_the_same_tags():
    call_command("loaddata", "cri_china_belarus", verbosity=0)
    tags_after_first = sorted(Tag.objects.values_list("name", "kind"))
    call_command("loaddata", "cri_china_belarus", verbosity=0)
    assert Article.objects.count() == 1
    assert Source.objects.count() == 1
    assert TaggedArticle.objects.count() == 7
    assert sorted(Tag.objects.values_list("name", "kind")) == tags_after_first


def test_fixture_loads_beside_existing_rows_without_colliding():
    from tests.factories import make_article, make_source, make_tag

    make_article(source=make_source(), tags=[make_tag()])
    make_article()
    call_command("loaddata", "cri_china_belarus", verbosity=0)
    assert Article.objects.count() == 3
    assert Article.objects.get(slug=CRI_SLUG).tags.count() == 7


def test_fixture_article_has_the_wire_text_and_metadata(cri_article):
    title, paragraphs = cri_title_and_paragraphs()
    assert cri_article.title == title
    assert cri_article.body == "\n\n".join(paragraphs)
    assert len(paragraphs) == 7
    assert "Baidu" not in cri_article.body
    assert cri_article.published_at == datetime(2022, 9, 16, 1, 19, 33, tzinfo=UTC)
    assert cri_article.language == "de"
    assert cri_article.is_published
    assert cri_article.original_url == (
        "https://german.cri.cn/2022/09/16/ARTIAlchho8Qe0TK9FobYULa220916.shtml"
    )


def test_fixture_source_is_cri():
    call_command("loaddata", "cri_china_belarus", verbosity=0)
    cri = Source.objects.get_by_natural_key("cri")
    assert cri.name == "China Radio International"
    assert cri.short_name == "CRI"
    assert cri.homepage_url == "https://german.cri.cn/"
    assert cri.timezone == "Asia/Shanghai"
    assert cri.address == "16A Shijingshan Road, Beijing, China"
    assert cri.copyright_notice == "© China Radio International.CRI. All Rights Reserved."


def test_fixture_tags_carry_their_kinds(cri_article):
    kinds = dict(cri_article.tags.values_list("name", "kind"))
    assert kinds == {
        "Xi Jinping": "person",
        "Alexander Lukaschenko": "person",
        "China": "place",
        "Belarus": "place",
        "Samarkand": "place",
        "Shanghaier Organisation für Zusammenarbeit (SCO)": "organization",
        "Diplomatie": "topic",
    }


def test_article_page_shows_title_and_every_paragraph_verbatim(client, cri_article):
    response = client.get(cri_article.get_absolute_url())
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    title, paragraphs = cri_title_and_paragraphs()
    assert f">{title}</h1>" in page
    for paragraph in paragraphs:
        assert f"<p>{paragraph}</p>" in page
    assert "Baidu" not in page


def test_article_page_credits_cri_links_the_original_and_its_tags(client, cri_article):
    page = client.get(cri_article.get_absolute_url()).content.decode()
    assert cri_article.get_absolute_url() == f"/2022/09/16/{CRI_SLUG}/"
    assert '<html lang="de">' in page
    assert '<article class="article" lang="de">' in page
    assert "China Radio International" in page
    assert f'href="{cri_article.original_url}"' in page
    assert "© China Radio International.CRI. All Rights Reserved." in page
    for tag in cri_article.tags.all():
        assert f'href="{tag.get_absolute_url()}"' in page
    assert 'datetime="2022-09-16T03:19:33+02:00"' in page


def test_tag_and_source_pages_list_the_cri_article(client, cri_article):
    for url in ["/tags/samarkand/", "/sources/cri/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert cri_article.get_absolute_url() in response.content.decode()


def test_fixture_keeps_the_seed_as_received_in_a_provenance_record(cri_article):
    from articles.agency import wire
    from articles.agency.provenance import reads_as
    from articles.models import ProvenanceRecord

    record = ProvenanceRecord.objects.get()
    assert record.article == cri_article
    assert record.source == cri_article.source
    assert record.version == 1
    assert record.received_text.encode("utf-8") == CRI_WIRE_TEXT.read_bytes()
    assert record.sha256 == wire.digest(record.received_text)
    assert record.file_name == CRI_WIRE_TEXT.name
    assert record.original_url == cri_article.original_url
    assert record.copyright_notice == cri_article.copyright_notice
    assert record.address == cri_article.source.address
    assert reads_as(record, cri_article)


def test_loading_the_fixture_twice_keeps_one_provenance_record():
    from articles.models import ProvenanceRecord

    call_command("loaddata", "cri_china_belarus", verbosity=0)
    call_command("loaddata", "cri_china_belarus", verbosity=0)
    assert ProvenanceRecord.objects.count() == 1
