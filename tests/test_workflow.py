"""Who may move an article where, in every way the admin offers, forged requests included."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from articles import workflow
from articles.models import Article
from articles.workflow import status_change_message
from tests.admin_forms import article_form_data, change_url, form_error_codes
from tests.factories import make_article, make_source

pytestmark = pytest.mark.django_db

Status = Article.Status
CHANGELIST = reverse("admin:articles_article_changelist")


def run_action(client, action, *articles):
    return client.post(
        CHANGELIST,
        {"action": action, ACTION_CHECKBOX_NAME: [a.pk for a in articles], "index": 0},
    )


def test_reporter_creates_a_draft(reporter_client):
    article = Article(title="Neu", slug="neu", body="Text.", status=Status.DRAFT)
    response = reporter_client.post(
        reverse("admin:articles_article_add"), article_form_data(article)
    )
    assert response.status_code == 302
    assert Article.objects.get(slug="neu").status == Status.DRAFT


def test_reporter_cannot_create_an_article_already_published(reporter_client):
    article = Article(title="Neu", slug="neu", body="Text.", status=Status.PUBLISHED)
    response = reporter_client.post(
        reverse("admin:articles_article_add"), article_form_data(article)
    )
    assert response.status_code == 200
    assert "publish_permission" in form_error_codes(response)
    assert not Article.objects.filter(slug="neu").exists()


def test_reporter_submits_a_draft_for_review_in_the_form(reporter_client, reporter):
    article = make_article(status=Status.DRAFT, published_at=None, created_by=reporter)
    response = reporter_client.post(
        change_url(article), article_form_data(article, status=Status.REVIEW)
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.REVIEW


def test_reporter_edits_an_article_in_review(reporter_client, reporter):
    article = make_article(status=Status.REVIEW, published_at=None, created_by=reporter)
    response = reporter_client.post(change_url(article), article_form_data(article, title="Neu"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Neu"


@pytest.mark.parametrize("start", [Status.DRAFT, Status.REVIEW])
def test_reporter_forging_status_published_gets_an_error_and_nothing_changes(
    reporter_client, reporter, start
):
    article = make_article(status=start, published_at=None, title="Before", created_by=reporter)
    response = reporter_client.post(
        change_url(article),
        article_form_data(article, status=Status.PUBLISHED, title="After"),
    )
    assert response.status_code == 200
    assert "publish_permission" in form_error_codes(response)
    article.refresh_from_db()
    assert (article.status, article.title, article.published_at) == (start, "Before", None)


@pytest.mark.parametrize("start", [Status.PUBLISHED, Status.WITHDRAWN])
def test_reporter_cannot_change_a_published_or_withdrawn_article(reporter_client, start):
    article = make_article(status=start, title="Before")
    response = reporter_client.post(
        change_url(article), article_form_data(article, status=Status.DRAFT, title="After")
    )
    assert response.status_code == 403
    article.refresh_from_db()
    assert (article.status, article.title) == (start, "Before")


def test_reporter_sees_a_published_article_read_only(reporter_client):
    article = make_article()
    response = reporter_client.get(change_url(article))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False


def test_reporter_cannot_delete_a_published_article(reporter_client):
    article = make_article()
    url = reverse("admin:articles_article_delete", args=[article.pk])
    assert reporter_client.post(url, {"post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


def test_reporter_is_offered_only_the_submit_action(reporter_client):
    make_article(status=Status.DRAFT)
    actions = reporter_client.get(CHANGELIST).context["action_form"].fields["action"].choices
    names = {name for name, _label in actions if name}
    assert names == {"submit_for_review"}


@pytest.mark.parametrize("action", ["publish_now", "withdraw", "delete_selected"])
def test_reporter_forging_a_bulk_action_changes_nothing(reporter_client, action):
    draft = make_article(status=Status.DRAFT, published_at=None)
    live = make_article()
    run_action(reporter_client, action, draft, live)
    draft.refresh_from_db()
    live.refresh_from_db()
    assert (draft.status, live.status) == (Status.DRAFT, Status.PUBLISHED)


def test_submit_for_review_action_moves_only_drafts(reporter_client, reporter):
    draft = make_article(status=Status.DRAFT, published_at=None, created_by=reporter)
    live = make_article()
    run_action(reporter_client, "submit_for_review", draft, live)
    draft.refresh_from_db()
    live.refresh_from_db()
    assert (draft.status, live.status) == (Status.REVIEW, Status.PUBLISHED)


def test_editor_publishes_now_with_the_current_time(editor_client, time_machine):
    time_machine.move_to("2026-05-04 10:00:00Z", tick=False)
    draft = make_article(status=Status.REVIEW, published_at=None)
    scheduled = make_article(published_at=timezone.now() + timedelta(days=3))
    run_action(editor_client, "publish_now", draft, scheduled)
    for article in (draft, scheduled):
        article.refresh_from_db()
        assert article.status == Status.PUBLISHED
        assert article.published_at == timezone.now()
        assert article.is_published


def test_editor_withdraws_a_published_article(editor_client):
    article = make_article()
    run_action(editor_client, "withdraw", article)
    article.refresh_from_db()
    assert article.status == Status.WITHDRAWN


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [
        ("body", "A page\x0cbreak.", "U+000C"),
        ("title", "Not a character\ufffe", "U+FFFE"),
        ("summary", "Not one either\uffff", "U+FFFF"),
        ("title", "Harmless\u202etxt.exe", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ],
)
def test_publish_now_refuses_an_article_whose_stored_text_fails_the_checks_naming_it(
    editor_client, field, value, named
):
    invalid = make_article(status=Status.REVIEW, published_at=None, title="Stored before")
    valid = make_article(status=Status.REVIEW, published_at=None)
    # As text stored before the checks existed, or past them, would be.
    Article.objects.filter(pk=invalid.pk).update(**{field: value})
    response = run_action(editor_client, "publish_now", invalid, valid)
    errors = [str(m) for m in response.wsgi_request._messages if m.level == messages.ERROR]
    assert len(errors) == 1
    assert named in errors[0]
    invalid.refresh_from_db()
    valid.refresh_from_db()
    assert invalid.status == Status.REVIEW
    assert invalid.published_at is None
    assert valid.status == Status.PUBLISHED


def test_an_article_whose_stored_text_fails_the_checks_can_still_be_withdrawn(editor_client):
    article = make_article()
    Article.objects.filter(pk=article.pk).update(body="A page\x0cbreak.")
    run_action(editor_client, "withdraw", article)
    article.refresh_from_db()
    assert article.status == Status.WITHDRAWN


def test_withdraw_action_leaves_drafts_alone(editor_client):
    draft = make_article(status=Status.DRAFT, published_at=None)
    run_action(editor_client, "withdraw", draft)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_editor_publishes_in_the_form_without_a_date_and_gets_the_current_time(
    editor_client, time_machine
):
    time_machine.move_to("2026-05-04 10:00:00Z", tick=False)
    article = make_article(status=Status.REVIEW, published_at=None)
    response = editor_client.post(
        change_url(article), article_form_data(article, status=Status.PUBLISHED)
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Status.PUBLISHED, timezone.now())


def test_editor_sends_a_withdrawn_article_back_to_draft(editor_client):
    article = make_article(status=Status.WITHDRAWN)
    response = editor_client.post(change_url(article), article_form_data(article, status="draft"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_a_draft_cannot_be_withdrawn_directly(editor_client):
    article = make_article(status=Status.DRAFT, published_at=None)
    response = editor_client.post(
        change_url(article), article_form_data(article, status=Status.WITHDRAWN)
    )
    assert response.status_code == 200
    assert "transition" in form_error_codes(response)
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_change_list_shows_scheduled_articles_as_scheduled(editor_client):
    make_article(title="Later", published_at=timezone.now() + timedelta(days=1))
    make_article(title="Now")
    content = editor_client.get(CHANGELIST).content.decode()
    assert "scheduled for" in content or "geplant für" in content
    response = editor_client.get(CHANGELIST, {"publication": "scheduled"})
    assert [a.title for a in response.context["cl"].result_list] == ["Later"]


def test_history_records_every_status_change_with_user_and_time(editor_client, editor):
    article = make_article(status=Status.REVIEW, published_at=None)
    editor_client.post(change_url(article), article_form_data(article, status=Status.PUBLISHED))
    run_action(editor_client, "withdraw", article)
    entries = LogEntry.objects.filter(object_id=str(article.pk)).order_by("action_time", "pk")
    # Plain-text entries are ours; the admin's own "changed fields" entries are JSON.
    status_entries = [e for e in entries if not e.change_message.startswith("[")]
    with translation.override(settings.LANGUAGE_CODE):  # the language the requests ran in
        expected = [
            status_change_message(Status.REVIEW, Status.PUBLISHED),
            status_change_message(Status.PUBLISHED, Status.WITHDRAWN),
        ]
    assert [e.change_message for e in status_entries] == expected
    assert "withdraw" in expected[1] or "zurückgezogen" in expected[1]
    assert all(e.user == editor and e.action_time for e in status_entries)
    history = editor_client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert escape(expected[1]) in history.content.decode()


# The workflow's own functions, as the form, the actions, the preview and an API call them.


def test_a_reporter_cannot_move_an_article_to_published(reporter):
    article = make_article(status=Status.REVIEW, published_at=None)
    assert not workflow.can_move(reporter, article, Status.PUBLISHED)


def test_an_editor_can_move_an_article_to_published(editor):
    article = make_article(status=Status.REVIEW, published_at=None)
    assert workflow.can_move(editor, article, Status.PUBLISHED)


def test_a_reporter_can_submit_a_draft_for_review(reporter):
    article = make_article(status=Status.DRAFT, published_at=None, created_by=reporter)
    assert workflow.can_move(reporter, article, Status.REVIEW)


@pytest.mark.parametrize(
    ("start", "status"),
    [
        (Status.DRAFT, Status.WITHDRAWN),
        (Status.REVIEW, Status.WITHDRAWN),
        (Status.WITHDRAWN, Status.REVIEW),
        (Status.PUBLISHED, Status.REVIEW),
        (Status.DRAFT, Status.DRAFT),
    ],
)
def test_impossible_transitions_are_refused_even_to_editors(editor, start, status):
    article = make_article(status=start, published_at=None)
    with pytest.raises(workflow.NotAllowed) as refusal:
        workflow.check_move(editor, article, status)
    assert refusal.value.code == "transition"


def test_a_reporter_cannot_send_a_withdrawn_article_back_to_draft(reporter):
    article = make_article(status=Status.WITHDRAWN)
    with pytest.raises(workflow.NotAllowed) as refusal:
        workflow.check_move(reporter, article, Status.DRAFT)
    assert refusal.value.code == "change_permission"


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REVIEW])
def test_a_reporter_may_change_drafts_and_articles_in_review(reporter, status):
    assert workflow.can_change(
        reporter, make_article(status=status, published_at=None, created_by=reporter)
    )


@pytest.mark.parametrize("status", [Status.PUBLISHED, Status.WITHDRAWN])
def test_published_and_withdrawn_articles_are_the_editors_alone(reporter, editor, status):
    article = make_article(status=status)
    assert not workflow.can_change(reporter, article)
    assert workflow.can_change(editor, article)


def test_staff_without_permission_on_articles_may_change_none(django_user_model):
    clerk = django_user_model.objects.create_user("clerk", is_staff=True)
    assert not workflow.can_change(clerk, make_article(status=Status.DRAFT, published_at=None))


def test_moving_publishes_now_and_keeps_a_revision_and_a_history_entry(editor, time_machine):
    time_machine.move_to("2026-05-04 10:00:00Z", tick=False)
    article = make_article(status=Status.REVIEW, published_at=None)
    workflow.move(article, Status.PUBLISHED, editor)
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Status.PUBLISHED, timezone.now())
    assert article.revisions.latest().data["status"] == "published"
    entry = LogEntry.objects.get(object_id=str(article.pk))
    assert entry.user == editor
    assert entry.change_message == status_change_message(Status.REVIEW, Status.PUBLISHED)


def test_publishing_a_withdrawn_article_again_keeps_its_first_publication_time(editor):
    first_published_at = timezone.now() - timedelta(days=3)
    article = make_article(status=Status.WITHDRAWN, published_at=first_published_at)
    workflow.move(article, Status.PUBLISHED, editor)
    article.refresh_from_db()
    assert article.published_at == first_published_at


def test_publishing_a_scheduled_article_brings_it_forward_to_now(editor, time_machine):
    time_machine.move_to("2026-05-04 10:00:00Z", tick=False)
    article = make_article(published_at=timezone.now() + timedelta(days=1))
    workflow.move(article, Status.PUBLISHED, editor)
    article.refresh_from_db()
    assert article.published_at == timezone.now()
    assert article.is_published


def test_publishing_a_live_article_again_is_refused(editor):
    article = make_article()
    assert not workflow.can_move(editor, article, Status.PUBLISHED)


def test_a_forged_move_is_refused_with_the_status_named_and_nothing_changes(reporter):
    article = make_article(status=Status.WITHDRAWN, title="Before")
    with translation.override("en"), pytest.raises(PermissionDenied) as refusal:
        workflow.move(article, Status.DRAFT, reporter)
    assert "withdrawn" in str(refusal.value)
    article.refresh_from_db()
    assert article.status == Status.WITHDRAWN
    assert not article.revisions.exists()
    assert not LogEntry.objects.filter(object_id=str(article.pk)).exists()


def test_an_impossible_move_names_both_statuses(editor):
    article = make_article(status=Status.DRAFT, published_at=None)
    with translation.override("en"), pytest.raises(workflow.NotAllowed) as refusal:
        workflow.move(article, Status.WITHDRAWN, editor)
    assert str(refusal.value) == "An article cannot go from draft to withdrawn."


def test_publishing_agency_copy_whose_rights_expired_leaves_the_article_as_it_was(editor):
    expired = make_source(rights_expire_at=timezone.now() - timedelta(days=1))
    article = make_article(source=expired, status=Status.REVIEW, published_at=None)
    with pytest.raises(ValidationError):
        workflow.move(article, Status.PUBLISHED, editor)
    assert (article.status, article.published_at) == (Status.REVIEW, None)
    article.refresh_from_db()
    assert article.status == Status.REVIEW
