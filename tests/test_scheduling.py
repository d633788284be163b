"""A scheduled article appears everywhere at its moment, to the second, with no job running."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import make_article, make_source, make_tag

pytestmark = pytest.mark.django_db

MOMENT = datetime(2026, 6, 1, 6, 0, 0, tzinfo=UTC)


@pytest.fixture
def scheduled():
    return make_article(
        title="Scheduled piece",
        slug="scheduled-piece",
        published_at=MOMENT,
        source=make_source(slug="sched"),
        tags=[make_tag("Sched", slug="sched")],
    )


def public_surfaces(article):
    return [
        article.get_absolute_url(),
        reverse("articles:index"),
        reverse("articles:tag", kwargs={"slug": "sched"}),
        reverse("articles:source", kwargs={"slug": "sched"}),
    ]


def test_one_second_before_its_moment_a_scheduled_article_is_nowhere(
    client, scheduled, time_machine
):
    time_machine.move_to(MOMENT - timedelta(seconds=1), tick=False)
    assert not Article.objects.published().filter(pk=scheduled.pk).exists()
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    for url in public_surfaces(scheduled)[1:]:
        assert "Scheduled piece" not in client.get(url).content.decode(), url


def test_at_its_moment_a_scheduled_article_is_everywhere(client, scheduled, time_machine):
    time_machine.move_to(MOMENT, tick=False)
    for url in public_surfaces(scheduled):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Scheduled piece" in response.content.decode(), url


def test_one_second_after_its_moment_a_scheduled_article_is_everywhere(
    client, scheduled, time_machine
):
    time_machine.move_to(MOMENT + timedelta(seconds=1), tick=False)
    for url in public_surfaces(scheduled):
        assert "Scheduled piece" in client.get(url).content.decode(), url
