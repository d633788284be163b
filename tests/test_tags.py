import pytest

from articles.models import Article, Tag
from tests.factories import make_article


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Wüste Gobi", "wueste-gobi"),
        ("Straße der Einheit", "strasse-der-einheit"),
        ("Ökologie", "oekologie"),
        ("Café Zürich", "cafe-zuerich"),
        ("上海", "tag"),
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
