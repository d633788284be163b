import pytest
from django.urls import reverse

from articles.models import Article, Tag
from articles.site.published_counts import CountedDirectory
from tests.factories import make_article, make_source, make_tag

pytestmark = pytest.mark.django_db


def test_tag_directory_groups_tags_by_kind_with_published_counts(client):
    place, person = make_tag("Beijing", kind=Tag.Kind.PLACE), make_tag("Xi", kind=Tag.Kind.PERSON)
    unused = make_tag("Nobody", kind=Tag.Kind.PERSON)
    make_article(tags=[place, person])
    make_article(tags=[place])
    make_article(tags=[place, unused], status=Article.Status.DRAFT)
    response = client.get(reverse("articles:tags"))
    counts = {tag.name: tag.article_count for tag in response.context["object_list"]}
    assert counts == {"Beijing": 2, "Xi": 1}
    page = response.content.decode()
    assert page.index("Person") < page.index("Xi") < page.index("Ort") < page.index("Beijing")
    assert "Nobody" not in page


def test_tag_directory_names_kinds_and_counts_in_the_reader_s_language(client):
    place = make_tag("Beijing", kind=Tag.Kind.PLACE)
    make_article(tags=[place])
    make_article(tags=[place])
    for language, kind, count in (("de", "Ort", "2 Artikel"), ("en", "Place", "2 articles")):
        page = client.get(reverse("articles:tags"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert f"<h2>{kind}</h2>" in page
        assert f'<span class="count">{count}</span>' in page


def test_source_directory_lists_sources_with_published_counts(client):
    cri = make_source(name="China Radio International")
    make_source(name="Quiet Agency")
    make_article(source=cri)
    make_article(source=cri, status=Article.Status.REVIEW)
    response = client.get(reverse("articles:sources"))
    counts = {source.name: source.article_count for source in response.context["object_list"]}
    assert counts == {"China Radio International": 1, "Quiet Agency": None}
    assert "1 Artikel" in response.content.decode()


def test_a_counted_directory_page_loads_only_its_own_tags_with_their_counts(
    django_assert_num_queries,
):
    first, second, third = make_tag("First"), make_tag("Second"), make_tag("Third")
    directory = CountedDirectory(Tag, [(first.pk, 5), (second.pk, 3), (third.pk, 1)])
    with django_assert_num_queries(1):
        page = directory[1:3]
    assert len(directory) == 3
    assert [(tag.name, tag.article_count) for tag in page] == [("Second", 3), ("Third", 1)]


def test_a_counted_directory_leaves_out_what_was_deleted_since_it_was_counted():
    kept, deleted = make_tag("Kept"), make_tag("Deleted")
    directory = CountedDirectory(Tag, [(deleted.pk, 2), (kept.pk, 1)])
    deleted.delete()
    assert [tag.name for tag in directory[0:2]] == ["Kept"]


def more_tags_than_a_page_holds():
    for n in range(201):
        make_article(tags=[make_tag(f"Tag {n:03}")])


def more_sources_than_a_page_holds():
    for n in range(101):
        make_article(source=make_source(name=f"Agency {n:03}"))


@pytest.mark.parametrize(
    ("name", "fill"),
    [
        ("articles:tags", more_tags_than_a_page_holds),
        ("articles:sources", more_sources_than_a_page_holds),
    ],
)
def test_a_directory_pages_on_without_speaking_of_newer_or_older_articles(client, name, fill):
    fill()
    first, second = (client.get(reverse(name), {"page": page}) for page in (1, 2))
    assert first.context["is_paginated"]
    for response in (first, second):
        content = response.content.decode()
        for words in ["Ältere Artikel", "Neuere Artikel", "Older articles", "Newer articles"]:
            assert words not in content
    assert 'rel="next"' in first.content.decode()
    assert 'rel="prev"' in second.content.decode()
