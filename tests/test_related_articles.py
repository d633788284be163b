"""An article's related articles: the published articles in its language sharing the most of
its tags, rarer tags weighing more, among each tag's newest; on PostgreSQL chosen from the
tags' own rows, which hold copies of what the choice asks of each article."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Tag
from articles.models.querysets import RELATED_CANDIDATES_PER_TAG
from tests.factories import make_article, make_source, make_tag

pytestmark = pytest.mark.django_db


def related_titles(client, article):
    page = client.get(article.get_absolute_url()).content.decode()
    found = re.search(r'<section class="related".*?</section>', page, re.S)
    return re.findall(r'teaser-title"><a [^>]*>([^<]+)</a>', found.group()) if found else []


def test_related_articles_share_the_rarest_tags_first_and_never_include_the_unseen(client):
    common, rare = make_tag("Politik"), make_tag("Samarkand")
    for _ in range(6):
        make_article(tags=[common])
    article = make_article(title="The one", tags=[common, rare])
    make_article(title="Shares the rare tag", tags=[rare])
    make_article(title="Draft with both", tags=[common, rare], status=Article.Status.DRAFT)
    make_article(title="English with both", tags=[common, rare], language="en")
    titles = related_titles(client, article)
    assert titles[0] == "Shares the rare tag"
    assert len(titles) == 4
    assert "The one" not in titles
    assert "Draft with both" not in titles
    assert "English with both" not in titles


def test_related_articles_take_one_query(client, django_assert_num_queries):
    tags = [make_tag() for _ in range(3)]
    for n in range(20):
        make_article(tags=tags[: 1 + n % 3])
    article = make_article(tags=tags)
    counted = Tag.objects.filter(pk__in=[tag.pk for tag in tags]).with_uses()
    tag_uses = {tag.pk: tag.uses for tag in counted}
    with django_assert_num_queries(1):
        related = Article.objects.published().for_lists()
        list(related.related_to(article.pk, article.language, tag_uses))


def test_an_article_without_tags_has_no_related_articles(client):
    assert related_titles(client, make_article()) == []


def test_only_each_tags_newest_are_candidates_but_every_shared_tag_weighs(client):
    common, rare = make_tag("Politik"), make_tag("Samarkand")
    # Written before the common tag's newest candidates: the first a candidate through the
    # rare tag, where the common tag weighs too; the second no candidate, though published
    # last.
    make_article(title="Shares both", tags=[common, rare])
    last = make_article(title="Written early, published last", tags=[common])
    for _ in range(RELATED_CANDIDATES_PER_TAG):
        make_article(tags=[common], published_at=timezone.now() - timedelta(days=30))
    Article.objects.filter(pk=last.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    make_article(title="Shares the rare tag", tags=[rare])
    article = make_article(title="The one", tags=[common, rare])
    titles = related_titles(client, article)
    assert titles[:2] == ["Shares both", "Shares the rare tag"]
    assert len(titles) == 4
    assert "Written early, published last" not in titles


def test_what_an_article_becomes_reaches_its_place_among_the_related(client):
    tag = make_tag("Minsk")
    article = make_article(title="The one", tags=[tag])
    others = {name: make_article(title=name, tags=[tag]) for name in "ABCDE"}
    assert related_titles(client, article) == ["A", "B", "C", "D"]
    # Each way of leaving: another language, withdrawn, a source whose rights expired, a
    # moment not yet come, the tag taken off.
    Article.objects.filter(pk=others["A"].pk).update(language="en")
    others["B"].status = Article.Status.WITHDRAWN
    others["B"].save()
    expired = make_source(rights_expire_at=timezone.now() - timedelta(days=1))
    Article.objects.filter(pk=others["C"].pk).update(source=expired)
    Article.objects.filter(pk=others["D"].pk).update(published_at=timezone.now() + timedelta(1))
    assert related_titles(client, article) == ["E"]
    others["E"].tags.remove(tag)
    assert related_titles(client, article) == []
    # And each way back.
    Article.objects.filter(pk=others["A"].pk).update(language="de")
    others["E"].tags.add(tag)
    expired.rights_expire_at = None
    expired.save()
    assert related_titles(client, article) == ["A", "C", "E"]


def test_a_tag_weighs_again_once_added_or_merged(client):
    common, rare, other = make_tag("Politik"), make_tag("Samarkand"), make_tag("Samarqand")
    article = make_article(title="The one", tags=[common, rare])
    for _ in range(4):
        make_article(tags=[common], published_at=timezone.now() - timedelta(days=1))
    late = make_article(
        title="Tagged later", tags=[common], published_at=timezone.now() - timedelta(days=90)
    )
    spelled = make_article(
        title="Spelled otherwise",
        tags=[common, other],
        published_at=timezone.now() - timedelta(days=100),
    )
    assert "Tagged later" not in related_titles(client, article)
    late.tags.add(rare)
    assert related_titles(client, article)[0] == "Tagged later"
    type(rare).objects.merge(rare, [other])
    assert related_titles(client, article)[:2] == ["Tagged later", "Spelled otherwise"]
    assert spelled.tags.filter(pk=rare.pk).exists()


def test_the_related_articles_are_the_best_four_of_every_tags_candidates(client):
    a, b, c = make_tag("Politik"), make_tag("Minsk"), make_tag("Samarkand")
    # Newest first. Uses (with the one's own): a 9, b 6, c 7; weights 1 / ln(2 + uses):
    # a 0.417, b 0.481, c 0.455. The best four come from different tags, and the best of
    # all is older than each of its tags' four newest.
    for n in range(6):
        make_article(title=f"Politik {n}", tags=[a])
    for n in range(2):
        make_article(title=f"Minsk {n}", tags=[b])
    for n in range(4):
        make_article(title=f"Samarkand {n}", tags=[c])
    make_article(title="Politik and Minsk", tags=[a, b])  # 0.898
    make_article(title="Minsk and Samarkand", tags=[b, c])  # 0.936
    make_article(title="All three", tags=[a, b, c])  # 1.353
    article = make_article(title="The one", tags=[a, b, c])
    assert related_titles(client, article) == [
        "All three",
        "Minsk and Samarkand",
        "Politik and Minsk",
        "Minsk 0",
    ]
