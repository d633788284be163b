import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Tag, tags
from tests.factories import make_article, make_source, make_tag


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Wüste Gobi", "wueste-gobi"),
        ("Straße der Einheit", "strasse-der-einheit"),
        ("Ökologie", "oekologie"),
        ("Café Zürich", "cafe-zuerich"),
        ("Łódź", "lodz"),
        ("Москва", "moskva"),
        ("Лукашенко", "lukashenko"),
        ("Україна", "ukrayina"),
        ("Αθήνα", "athina"),
    ],
)
def test_a_tag_typed_with_accents_gets_an_ascii_slug(db, name, slug):
    assert Tag.objects.create(name=name).slug == slug


@pytest.mark.django_db
def test_a_new_tag_with_an_umlaut_has_a_page_and_does_not_break_its_article(client):
    article = make_article()
    article.tags.add("Wüste Gobi")

    assert client.get(article.get_absolute_url()).status_code == 200
    tag = Tag.objects.get(name="Wüste Gobi")
    response = client.get(tag.get_absolute_url())
    assert response.status_code == 200
    assert article.title in response.content.decode()


@pytest.mark.django_db
def test_two_tags_with_the_same_slug_get_distinct_ones():
    make_article(status=Article.Status.DRAFT).tags.add("Wüste", "Wueste")

    assert sorted(Tag.objects.values_list("slug", flat=True)) == ["wueste", "wueste-2"]


@pytest.mark.django_db
def test_tags_in_scripts_without_a_table_get_slugs_nobody_can_count():
    names = ["上海", "北京", "東京", "القاهرة", "🙂", "习近平 Xi"]
    slugs = [Tag.objects.create(name=name).slug for name in names]
    assert len(set(slugs)) == len(names)
    for slug in slugs:
        assert re.fullmatch(r"[a-z0-9-]+", slug), slug
        assert not re.fullmatch(r"(tag|article)(-\d+)?", slug), slug
    assert slugs[-1].startswith("xi-")


UNSEEN = {
    "draft": {"status": Article.Status.DRAFT, "published_at": None},
    "review": {"status": Article.Status.REVIEW, "published_at": None},
    "withdrawn": {"status": Article.Status.WITHDRAWN},
    "scheduled": {"published_at": "later"},
    "expired source": {"source": "expired"},
}


def unseen_article(case, tag=None, source=None):
    fields = dict(UNSEEN[case])
    if fields.get("published_at") == "later":
        fields["published_at"] = timezone.now() + timedelta(hours=3)
    if fields.get("source") == "expired":
        fields["source"] = make_source(rights_expire_at=timezone.now() - timedelta(days=1))
    elif source is not None:
        fields["source"] = source
    return make_article(tags=[tag] if tag else (), **fields)


def tag_addresses(tag):
    return [
        reverse(name, kwargs={"slug": tag.slug})
        for name in ["articles:tag", "articles:tag_feed", "articles:tag_feed_atom"]
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("case", UNSEEN)
def test_a_tag_only_unpublished_articles_carry_has_no_page_and_no_feeds(client, case):
    tag = make_tag("Geheimsache")
    unseen_article(case, tag=tag)
    for address in tag_addresses(tag):
        response = client.get(address)
        assert response.status_code == 404, address
        assert "Geheimsache" not in response.content.decode(), address


@pytest.mark.django_db
def test_a_tag_gets_its_page_and_feeds_once_one_of_its_articles_is_published(client):
    tag = make_tag("Bald")
    article = make_article(status=Article.Status.DRAFT, published_at=None, tags=[tag])
    article.status = Article.Status.PUBLISHED
    article.save()
    for address in tag_addresses(tag):
        assert client.get(address).status_code == 200, address


@pytest.mark.django_db
@pytest.mark.parametrize("case", [case for case in UNSEEN if case != "expired source"])
def test_a_source_with_only_unpublished_articles_has_no_page_and_no_feeds(client, case):
    source = make_source(name="Stille Agentur")
    unseen_article(case, source=source)
    for name in ["articles:source", "articles:source_feed", "articles:source_feed_atom"]:
        address = reverse(name, kwargs={"slug": source.slug})
        assert client.get(address).status_code == 404, address
    directory = client.get(reverse("articles:sources")).content.decode()
    assert source.get_absolute_url() not in directory


def test_a_tags_uses_count_its_articles_of_any_status_up_to_the_cap(db, monkeypatch):
    common, rare = make_tag("Politik"), make_tag("Samarkand")
    make_tag("Nirgends")
    for _ in range(3):
        make_article(tags=[common])
    make_article(tags=[common, rare], status=Article.Status.DRAFT)
    monkeypatch.setattr(tags, "USES_COUNTED_UP_TO", 3)
    counted = {tag.name: tag.uses for tag in Tag.objects.with_uses()}
    assert counted == {"Politik": 3, "Samarkand": 1, "Nirgends": 0}
