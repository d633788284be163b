"""Authors in the admin: picked in order, a reporter's own articles, and who may change what."""

import pytest
from django.urls import reverse

from articles import workflow
from articles.models import Article, ArticleAuthor, Author
from tests.admin_forms import article_form_data, change_url
from tests.factories import make_article

pytestmark = pytest.mark.django_db

Status = Article.Status
CHANGELIST = reverse("admin:articles_article_changelist")
ADD = reverse("admin:articles_article_add")


def make_author(name, user=None):
    return Author.objects.create(name=name, slug=name.lower().replace(" ", "-"), user=user)


def test_authors_are_saved_in_the_order_they_were_picked(editor_client):
    anna, jonas = make_author("Anna Berg"), make_author("Jonas Weber")
    article = Article(title="Zu zweit", slug="zu-zweit", body="Text.", status=Status.DRAFT)
    data = article_form_data(article, byline_authors=[jonas.pk, anna.pk])
    assert editor_client.post(ADD, data).status_code == 302
    saved = Article.objects.get(slug="zu-zweit")
    assert [a.name for a in saved.byline_authors] == ["Jonas Weber", "Anna Berg"]
    data = article_form_data(saved, byline_authors=[anna.pk, jonas.pk])
    assert editor_client.post(change_url(saved), data).status_code == 302
    saved = Article.objects.get(slug="zu-zweit")
    assert [a.name for a in saved.byline_authors] == ["Anna Berg", "Jonas Weber"]


def test_a_reporters_new_article_starts_with_their_own_author_entry(reporter_client, reporter):
    rita = make_author("Rita Roth", user=reporter)
    form = reporter_client.get(ADD).context["adminform"].form
    assert form.initial["byline_authors"] == [rita.pk]


def test_a_new_article_remembers_who_created_it(reporter_client, reporter):
    article = Article(title="Meins", slug="meins", body="Text.", status=Status.DRAFT)
    assert reporter_client.post(ADD, article_form_data(article)).status_code == 302
    assert Article.objects.get(slug="meins").created_by == reporter


def test_a_reporter_changes_the_drafts_they_wrote_but_not_a_colleagues(reporter):
    written = make_article(status=Status.DRAFT, published_at=None)
    ArticleAuthor.objects.create(article=written, author=make_author("Rita Roth", user=reporter))
    created = make_article(status=Status.REVIEW, published_at=None, created_by=reporter)
    colleagues = make_article(status=Status.DRAFT, published_at=None)
    assert workflow.can_change(reporter, written)
    assert workflow.can_change(reporter, created)
    assert not workflow.can_change(reporter, colleagues)


def test_a_reporter_cannot_save_a_colleagues_draft(reporter_client):
    draft = make_article(status=Status.DRAFT, published_at=None, title="Before")
    response = reporter_client.post(change_url(draft), article_form_data(draft, title="After"))
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.title == "Before"


def test_a_reporter_deletes_their_own_draft_and_nothing_else(reporter_client, reporter):
    own = make_article(status=Status.DRAFT, published_at=None, created_by=reporter)
    in_review = make_article(status=Status.REVIEW, published_at=None, created_by=reporter)
    colleagues = make_article(status=Status.DRAFT, published_at=None)
    for article in (in_review, colleagues):
        url = reverse("admin:articles_article_delete", args=[article.pk])
        assert reporter_client.post(url, {"post": "yes"}).status_code == 403
    url = reverse("admin:articles_article_delete", args=[own.pk])
    assert reporter_client.post(url, {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=own.pk).exists()
    assert Article.objects.filter(pk__in=[in_review.pk, colleagues.pk]).count() == 2


def test_editors_change_and_delete_everything(editor):
    for status in Status.values:
        article = make_article(status=status)
        assert workflow.can_change(editor, article)
        assert workflow.can_delete(editor, article)


def test_my_articles_lists_what_the_reporter_wrote_or_created(reporter_client, reporter):
    written = make_article(title="Written by Rita")
    ArticleAuthor.objects.create(article=written, author=make_author("Rita Roth", user=reporter))
    make_article(title="Created by Rita", created_by=reporter)
    make_article(title="Someone else's")
    page = reporter_client.get(CHANGELIST, {"mine": "yes"}).content.decode()
    assert "Written by Rita" in page
    assert "Created by Rita" in page
    assert "Someone else&#x27;s" not in page and "Someone else's" not in page


def test_the_article_list_shows_and_filters_by_author(editor_client):
    article = make_article(title="By Anna")
    ArticleAuthor.objects.create(article=article, author=make_author("Anna Berg"))
    make_article(title="By nobody")
    page = editor_client.get(CHANGELIST, {"author": "anna-berg"}).content.decode()
    assert "By Anna" in page
    assert "Anna Berg" in page
    assert "By nobody" not in page


@pytest.mark.parametrize("model", ["section", "author", "frontpageslot"])
def test_editors_open_the_lists_and_forms_of_sections_authors_and_the_front_page(
    editor_client, model
):
    assert editor_client.get(reverse(f"admin:articles_{model}_changelist")).status_code == 200
    assert editor_client.get(reverse(f"admin:articles_{model}_add")).status_code == 200


def test_editors_swap_two_front_page_slots_in_the_list(editor_client):
    from articles.models import FrontPageSlot

    first = FrontPageSlot.objects.create(position=1, article=make_article(title="First"))
    second = FrontPageSlot.objects.create(position=2, article=make_article(title="Second"))
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "form-0-id": first.pk,
        "form-0-position": "2",
        "form-0-until_0": "",
        "form-0-until_1": "",
        "form-1-id": second.pk,
        "form-1-position": "1",
        "form-1-until_0": "",
        "form-1-until_1": "",
        "_save": "Save",
    }
    response = editor_client.post(reverse("admin:articles_frontpageslot_changelist"), data)
    assert response.status_code == 302
    assert [slot.article.title for slot in FrontPageSlot.objects.all()] == ["Second", "First"]


def test_a_revision_keeps_and_restores_kicker_section_and_authors(editor):
    from articles.models import Revision, Section

    anna, jonas = make_author("Anna Berg"), make_author("Jonas Weber")
    politics = Section.objects.create(name="Politik", slug="politik")
    article = make_article(kicker="Wahl", section=politics)
    article.set_authors([anna, jonas])
    kept = Revision.objects.record(article, user=editor)
    article.kicker, article.section = "Sport", None
    article.save()
    article.set_authors([jonas])
    kept.restore(user=editor)
    article = Article.objects.get(pk=article.pk)
    assert (article.kicker, article.section) == ("Wahl", politics)
    assert [author.name for author in article.byline_authors] == ["Anna Berg", "Jonas Weber"]
