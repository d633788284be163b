from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import Article
from tests.admin_forms import article_form_data, change_url
from tests.factories import make_article, make_source, make_tag

pytestmark = pytest.mark.django_db

Status = Article.Status


@pytest.fixture
def expired_source():
    return make_source(slug="expired", rights_expire_at=timezone.now() - timedelta(days=1))


def test_an_article_from_a_source_whose_rights_expired_is_not_published(expired_source):
    article = make_article(source=expired_source)
    assert not Article.objects.published().exists()
    assert not article.is_published


def test_rights_expiring_later_leave_the_article_public_until_that_moment(time_machine):
    expire_at = timezone.now() + timedelta(hours=2)
    article = make_article(source=make_source(rights_expire_at=expire_at))
    assert list(Article.objects.published()) == [article]
    time_machine.move_to(expire_at - timedelta(seconds=1))
    assert article.is_published
    time_machine.move_to(expire_at)
    assert not Article.objects.published().exists()
    assert not article.is_published


def test_is_published_agrees_with_published_whatever_the_rights():
    now = timezone.now()
    sources = {
        "own reporting": None,
        "no expiry": make_source(),
        "expires later": make_source(rights_expire_at=now + timedelta(days=1)),
        "expired": make_source(rights_expire_at=now - timedelta(days=1)),
    }
    articles = [
        make_article(source=source, status=status, published_at=moment, title=f"{name} {status}")
        for name, source in sources.items()
        for status in Status.values
        for moment in [now - timedelta(hours=1), now + timedelta(hours=1), None]
    ]
    public_ids = set(Article.objects.published().values_list("id", flat=True))
    for article in Article.objects.filter(id__in=[a.id for a in articles]):
        assert article.is_published == (article.id in public_ids), article.title
    # Published in the past or without a date (which saving makes "now"), for three sources.
    assert len(public_ids) == 6


@pytest.mark.parametrize(
    ("url", "status"), [("/", 200), ("/tags/wire/", 200), ("/sources/expired/", 404)]
)
def test_expired_agency_copy_drops_off_every_list(client, expired_source, url, status):
    wire = make_tag("Wire", slug="wire")
    make_article(source=expired_source, tags=[wire], title="Expired")
    make_article(tags=[wire], title="Own reporting")
    page = client.get(url)
    # A source whose only articles have expired has no page left, like any without articles.
    assert page.status_code == status
    assert "Expired" not in page.content.decode()


def test_expired_agency_copy_answers_404_at_its_address(client, expired_source):
    article = make_article(source=expired_source)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_publishing_agency_copy_whose_rights_expired_is_refused(expired_source):
    article = make_article(source=expired_source, status=Status.DRAFT)
    article.status = Status.PUBLISHED
    with pytest.raises(ValidationError) as error, translation.override("en"):
        article.full_clean()
    assert "cannot be published" in str(error.value.message_dict["status"])


def test_scheduling_agency_copy_past_its_rights_is_refused():
    source = make_source(rights_expire_at=timezone.now() + timedelta(days=1))
    article = make_article(source=source, status=Status.DRAFT)
    article.status = Status.PUBLISHED
    article.published_at = timezone.now() + timedelta(days=2)
    with pytest.raises(ValidationError) as error, translation.override("en"):
        article.full_clean()
    assert "before this article's publication time" in str(error.value)


def test_drafts_from_a_source_whose_rights_expired_may_still_be_saved(expired_source):
    make_article(source=expired_source, status=Status.DRAFT).full_clean()


def test_the_admin_refuses_to_publish_and_says_why(staff_client, expired_source):
    article = make_article(source=expired_source, status=Status.DRAFT, slug="kept-as-draft")
    response = staff_client.post(
        change_url(article),
        article_form_data(article, status=Status.PUBLISHED),
        headers={"accept-language": "en"},
    )
    assert response.status_code == 200
    [message] = response.context["adminform"].form.errors["status"]
    assert message.startswith(f"The rights to republish texts from {expired_source.label} expired")
    assert message.endswith("this article cannot be published.")
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_publish_now_leaves_agency_copy_whose_rights_expired_unpublished(
    staff_client, expired_source
):
    blocked = make_article(source=expired_source, status=Status.REVIEW)
    allowed = make_article(source=make_source(), status=Status.REVIEW)
    response = staff_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_now", ACTION_CHECKBOX_NAME: [blocked.pk, allowed.pk], "index": 0},
        headers={"accept-language": "en"},
        follow=True,
    )
    blocked.refresh_from_db()
    allowed.refresh_from_db()
    assert (blocked.status, allowed.status) == (Status.REVIEW, Status.PUBLISHED)
    shown = [str(m) for m in response.context["messages"]]
    assert "1 article was not published: the rights to its source's texts have expired." in shown
