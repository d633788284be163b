"""Links never break: old addresses answer 301 for ever; withdrawn or deleted ones 410 Gone."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleUrl
from articles.models.articles import article_path
from tests.admin_forms import article_form_data, change_url, form_errors
from tests.factories import make_article

pytestmark = pytest.mark.django_db

Status = Article.Status


def test_old_slug_answers_301_to_the_new_address(client):
    article = make_article(slug="first-slug")
    old_url = article.get_absolute_url()
    article.slug = "second-slug"
    article.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_every_earlier_slug_keeps_answering_301(client):
    article = make_article(slug="one")
    urls = [article.get_absolute_url()]
    for slug in ["two", "three"]:
        article.slug = slug
        article.save()
        urls.append(article.get_absolute_url())
    for url in urls[:-1]:
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (301, urls[-1]), url
    assert client.get(urls[-1]).status_code == 200


def test_old_date_answers_301_after_the_publication_date_changed(client):
    article = make_article()
    old_url = article.get_absolute_url()
    article.published_at -= timedelta(days=40)
    article.slug = "moved-in-time"
    article.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_slug_change_in_the_admin_keeps_the_old_address(editor_client, client):
    article = make_article(slug="admin-before")
    old_url = article.get_absolute_url()
    editor_client.post(change_url(article), article_form_data(article, slug="admin-after"))
    article.refresh_from_db()
    assert article.slug == "admin-after"
    client.logout()
    assert client.get(old_url)["Location"] == article.get_absolute_url()


def test_withdrawn_article_answers_410_gone_with_an_explanation(client):
    article = make_article()
    url = article.get_absolute_url()
    article.status = Status.WITHDRAWN
    article.save()
    response = client.get(url)
    assert response.status_code == 410
    assert 'class="page-title"' in response.content.decode()
    assert article.title not in response.content.decode()


def test_old_address_of_a_withdrawn_article_answers_410(client):
    article = make_article(slug="was-here")
    old_url = article.get_absolute_url()
    article.slug = "then-here"
    article.save()
    article.status = Status.WITHDRAWN
    article.save()
    assert client.get(old_url).status_code == 410


def test_deleted_article_answers_410_at_every_address_it_had(client):
    article = make_article(slug="doomed")
    first = article.get_absolute_url()
    article.slug = "doomed-twice"
    article.save()
    second = article.get_absolute_url()
    article.delete()
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 410


def test_deleting_in_the_admin_leaves_410(editor_client, client):
    article = make_article()
    url = article.get_absolute_url()
    editor_client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})
    assert not Article.objects.filter(pk=article.pk).exists()
    assert client.get(url).status_code == 410


def test_an_article_that_never_was_published_answers_404_not_410(client):
    article = make_article(status=Status.DRAFT, published_at=None)
    url = article.get_absolute_url()
    article.delete()
    assert client.get(url).status_code == 404


def test_republished_article_answers_200_again(client):
    article = make_article()
    url = article.get_absolute_url()
    article.status = Status.WITHDRAWN
    article.save()
    article.status = Status.PUBLISHED
    article.save()
    assert client.get(url).status_code == 200


def test_a_new_article_may_take_over_a_deleted_articles_address(client):
    article = make_article(slug="reused")
    url, published_at = article.get_absolute_url(), article.published_at
    article.delete()
    successor = make_article(slug="reused", published_at=published_at)
    assert successor.get_absolute_url() == url
    assert client.get(url).status_code == 200


# An address once given to an article stays that article's.


def _renamed(slug, new_slug, **fields):
    article = make_article(slug=slug, **fields)
    old_url = article.get_absolute_url()
    article.slug = new_slug
    article.save()
    return article, old_url


def test_a_renamed_articles_old_address_is_not_taken_over_by_a_newer_article_with_its_slug(
    client,
):
    article, old_url = _renamed("shared-slug", "renamed", published_at=days_ago(10))
    newcomer = make_article(slug="shared-slug", published_at=days_ago(1))
    assert newcomer.get_absolute_url() != old_url
    response = client.get(old_url)
    assert (response.status_code, response["Location"]) == (301, article.get_absolute_url())


@pytest.mark.parametrize("end", ["withdrawn", "deleted"])
def test_a_removed_articles_address_stays_gone_when_a_newer_article_takes_its_slug(client, end):
    article, old_url = _renamed("taken-slug", "taken-slug-old", published_at=days_ago(10))
    if end == "withdrawn":
        article.status = Status.WITHDRAWN
        article.save()
    else:
        article.delete()
    make_article(slug="taken-slug", published_at=days_ago(1))
    assert client.get(old_url).status_code == 410
    assert client.get(article_path(days_ago(10), "taken-slug-old")).status_code == 410


def test_an_address_no_article_ever_had_still_leads_to_the_article_with_that_slug(client):
    article = make_article(slug="only-one", published_at=days_ago(3))
    response = client.get(article_path(days_ago(30), "only-one"))
    assert (response.status_code, response["Location"]) == (301, article.get_absolute_url())


def test_the_admin_refuses_a_slug_that_would_take_another_articles_address(editor_client):
    published_at = days_ago(5)
    earlier, old_url = _renamed("claimed", "claimed-elsewhere", published_at=published_at)
    newcomer = make_article(slug="newcomer", published_at=published_at)
    response = editor_client.post(change_url(newcomer), article_form_data(newcomer, slug="claimed"))
    assert response.status_code == 200
    assert old_url in form_errors(response)
    newcomer.refresh_from_db()
    assert newcomer.slug == "newcomer"
    assert ArticleUrl.objects.get(path=old_url).article == earlier


def test_a_slug_made_from_the_title_avoids_an_address_another_article_had(editor_client):
    published_at = days_ago(5)
    earlier, old_url = _renamed("fresh-news", "fresh-news-moved", published_at=published_at)
    newcomer = make_article(title="Fresh news", slug="placeholder", published_at=published_at)
    response = editor_client.post(change_url(newcomer), article_form_data(newcomer, slug=""))
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.slug == "fresh-news-2"
    assert ArticleUrl.objects.get(path=old_url).article == earlier


def test_saving_an_article_at_another_articles_old_address_leaves_that_address_its_own():
    published_at = days_ago(5)
    earlier, old_url = _renamed("held", "held-now", published_at=published_at)
    make_article(slug="held", published_at=published_at)
    assert ArticleUrl.objects.get(path=old_url).article == earlier


# An embargoed article readers never saw leaves no trace.


def test_a_scheduled_article_withdrawn_before_its_moment_answers_404(client):
    article = make_article(published_at=timezone.now() + timedelta(hours=2))
    url = article.get_absolute_url()
    article.status = Status.WITHDRAWN
    article.save()
    assert client.get(url).status_code == 404


def test_a_scheduled_article_deleted_before_its_moment_answers_404(client):
    article = make_article(published_at=timezone.now() + timedelta(hours=2))
    url = article.get_absolute_url()
    article.delete()
    assert client.get(url).status_code == 404


def test_a_scheduled_article_renamed_then_withdrawn_unseen_answers_404_at_both_addresses(client):
    article, old_url = _renamed(
        "embargo-one", "embargo-two", published_at=timezone.now() + timedelta(hours=2)
    )
    new_url = article.get_absolute_url()
    article.status = Status.WITHDRAWN
    article.save()
    assert client.get(old_url).status_code == 404
    assert client.get(new_url).status_code == 404


@pytest.mark.parametrize("end", ["withdrawn", "deleted"])
def test_a_scheduled_article_that_went_live_by_the_clock_answers_410_once_removed(
    client, end, time_machine
):
    article = make_article(published_at=timezone.now() + timedelta(hours=2))
    url = article.get_absolute_url()
    # Its moment comes with no save, as in life.
    time_machine.move_to(timezone.now() + timedelta(hours=3))
    assert client.get(url).status_code == 200
    if end == "withdrawn":
        article.status = Status.WITHDRAWN
        article.save()
    else:
        article.delete()
    assert client.get(url).status_code == 410


def days_ago(days):
    return timezone.now() - timedelta(days=days)
