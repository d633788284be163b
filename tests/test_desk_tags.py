"""Tags at the desk: typed without a comma a name is one tag, suggestions, merging with
addresses that lead on, and the article list filtered by a typed tag."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from articles.models import Article, Tag, TagRedirect
from tests.admin_forms import article_form_data, change_url
from tests.factories import make_article, make_tag

pytestmark = pytest.mark.django_db

Status = Article.Status
TAGS = reverse("admin:articles_tag_changelist")
ARTICLES = reverse("admin:articles_article_changelist")


def test_a_name_typed_without_a_comma_is_one_tag(editor_client):
    article = make_article(status=Status.DRAFT, published_at=None)
    editor_client.post(change_url(article), article_form_data(article, tags="Olaf Scholz"))
    assert list(article.tags.names()) == ["Olaf Scholz"]


def test_commas_separate_tags_and_quotes_are_dropped(editor_client):
    article = make_article(status=Status.DRAFT, published_at=None)
    data = article_form_data(article, tags='"Olaf Scholz", Berlin ,, Wüste Gobi')
    editor_client.post(change_url(article), data)
    assert sorted(article.tags.names()) == ["Berlin", "Olaf Scholz", "Wüste Gobi"]


def test_the_form_shows_tags_separated_by_commas(editor_client):
    article = make_article(status=Status.DRAFT, published_at=None)
    article.tags.add("Olaf Scholz", "Berlin")
    form = editor_client.get(change_url(article)).context["adminform"].form
    assert form["tags"].value() is not None
    assert 'value="Berlin, Olaf Scholz"' in str(form["tags"])


def test_existing_tags_are_suggested_while_typing(editor_client):
    for name in ["Olaf Scholz", "Scholle", "Berlin", "Tim Scholz"]:
        make_tag(name)
    answer = editor_client.get(reverse("admin:tag_suggest"), {"q": "schol"}).json()
    assert answer["names"] == ["Scholle", "Olaf Scholz", "Tim Scholz"]


def test_suggestions_need_someone_logged_in(client):
    assert client.get(reverse("admin:tag_suggest"), {"q": "a"}).status_code == 302


def test_merging_moves_the_articles_and_the_old_address_leads_on(editor_client, client):
    kept, other = make_tag("Olaf Scholz", slug="olaf-scholz"), make_tag("Scholz", slug="scholz")
    both = make_article(tags=[kept, other])
    only_other = make_article(tags=[other])
    chosen = {"action": "merge_tags", ACTION_CHECKBOX_NAME: [kept.pk, other.pk]}
    page = editor_client.post(TAGS, chosen)
    assert page.status_code == 200
    assert "Olaf Scholz" in page.content.decode()

    response = editor_client.post(TAGS, {**chosen, "kept": kept.pk})
    assert response.status_code == 302
    assert not Tag.objects.filter(pk=other.pk).exists()
    assert list(both.tags.names()) == ["Olaf Scholz"]
    assert list(only_other.tags.names()) == ["Olaf Scholz"]
    old = client.get(reverse("articles:tag", kwargs={"slug": "scholz"}))
    assert old.status_code == 301
    assert old["Location"] == kept.get_absolute_url()


def test_merging_again_keeps_the_first_address_leading_to_the_last_tag():
    a, b, c = make_tag("A", slug="a"), make_tag("B", slug="b"), make_tag("C", slug="c")
    Tag.objects.merge(b, [a])
    Tag.objects.merge(c, [b])
    assert dict(TagRedirect.objects.values_list("old_slug", "tag__slug")) == {"a": "c", "b": "c"}


def test_reporters_may_not_merge_tags(reporter_client):
    a, b = make_tag("A"), make_tag("B")
    assert reporter_client.get(TAGS).context["action_form"] is None  # no action at all
    chosen = {"action": "merge_tags", ACTION_CHECKBOX_NAME: [a.pk, b.pk], "kept": a.pk}
    reporter_client.post(TAGS, chosen)
    assert Tag.objects.filter(pk=b.pk).exists()


def test_taggits_own_tag_admin_is_gone(staff_client):
    html = staff_client.get(reverse("admin:index")).content.decode()
    assert "/admin/taggit/" not in html


def test_the_article_list_filters_by_a_typed_tag_without_listing_every_tag(editor_client):
    tags = [make_tag(f"Tag Nummer {n}") for n in range(30)]
    tagged = make_article(tags=[tags[3]], title="Getaggt")
    make_article(title="Ohne")
    page = editor_client.get(ARTICLES, {"tag": "tag nummer 3", "status__exact": "published"})
    assert [a.pk for a in page.context["cl"].result_list] == [tagged.pk]
    html = page.content.decode()
    assert 'name="tag" value="tag nummer 3"' in html
    assert 'name="status__exact" value="published"' in html
    assert "Tag Nummer 17" not in html
