"""Staff see unpublished articles at their real address, marked, never cached, never indexed."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db

Status = Article.Status

UNPUBLISHED = [
    {"status": Status.DRAFT, "published_at": None},
    {"status": Status.REVIEW, "published_at": None},
    {"status": Status.PUBLISHED, "published_at": "tomorrow"},
]


def make_unpublished(fields, **more):
    fields = {**fields, **more}
    if fields["published_at"] == "tomorrow":
        fields["published_at"] = timezone.now() + timedelta(days=1)
    return make_article(title="Preview me", **fields)


@pytest.mark.parametrize(
    ("who", "fields"),
    [
        *[("editor_client", fields) for fields in UNPUBLISHED],
        *[("staff_client", fields) for fields in UNPUBLISHED],
        *[("reporter_client", fields) for fields in UNPUBLISHED[:2]],
    ],
)
def test_staff_who_may_change_the_article_preview_it_at_the_real_url(request, who, fields):
    client = request.getfixturevalue(who)
    # A reporter previews what they wrote; editors and superusers anything.
    user = client.session.get("_auth_user_id")
    article = make_unpublished(fields, created_by_id=user)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert "Preview me" in content
    assert 'class="preview-banner"' in content
    assert '<meta name="robots" content="noindex">' in content
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert "public" not in cache_control


@pytest.mark.parametrize("fields", UNPUBLISHED)
def test_anonymous_readers_get_404_for_a_preview(client, fields):
    article = make_unpublished(fields)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_reporters_cannot_preview_a_scheduled_article_they_may_no_longer_change(
    reporter_client,
):
    article = make_unpublished(UNPUBLISHED[2])
    assert reporter_client.get(article.get_absolute_url()).status_code == 404


def test_staff_without_permission_on_articles_get_404(client, django_user_model):
    user = django_user_model.objects.create_user("clerk", password="pw-Clerk-123", is_staff=True)
    client.force_login(user)
    article = make_unpublished(UNPUBLISHED[0])
    assert client.get(article.get_absolute_url()).status_code == 404


def test_logged_in_non_staff_get_404(client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("reader", password="pw-Reader-123")
    user.user_permissions.add(Permission.objects.get(codename="change_article"))
    client.force_login(user)
    article = make_unpublished(UNPUBLISHED[0])
    assert client.get(article.get_absolute_url()).status_code == 404


def test_published_articles_show_no_banner_to_staff(editor_client):
    article = make_article()
    response = editor_client.get(article.get_absolute_url())
    content = response.content.decode()
    assert "preview-banner" not in content
    assert "noindex" not in content


@pytest.mark.parametrize("byline", ["Anna Berg", ""])
def test_a_draft_without_a_date_shows_no_orphan_separator(editor_client, byline):
    article = make_article(status=Status.DRAFT, published_at=None, byline=byline)
    response = editor_client.get(article.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    start, end = content.index('class="article-title"'), content.index('<div class="body"')
    header = content[start:end]
    text = " ".join(re.sub(r"<[^>]+>", " ", header).split())
    assert "·" not in text
    if byline:
        assert byline in text
