"""Nothing typed is lost: autosaves, a save that meets an expired session, sessions that end
only after inactivity; and who else has an article open."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Autosave, Presence
from tests.admin_forms import article_form_data, change_url
from tests.browser.helpers import MEMBER_PASSWORD
from tests.factories import make_article

pytestmark = pytest.mark.django_db

Status = Article.Status
ADD_URL = reverse("admin:articles_article_add")


def autosave_url(article=None):
    if article is None:
        return reverse("admin:article_autosave_new")
    return reverse("admin:article_autosave", args=[article.pk])


def presence_url(article):
    return reverse("admin:article_presence", args=[article.pk])


# Sessions.


def test_a_session_ends_after_inactivity_not_a_fixed_time_after_login():
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60


def test_every_editors_request_renews_the_session(editor_client):
    response = editor_client.get(reverse("admin:index"))
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 8 * 60 * 60


def test_a_save_after_the_session_expired_comes_back_after_logging_in(client, reporter):
    article = make_article(status=Status.DRAFT, published_at=None, body="Alt.", created_by=reporter)
    client.force_login(reporter)
    client.get(change_url(article))
    client.logout()  # the session ran out while the reporter typed
    data = article_form_data(article, body="Drei Stunden Arbeit.", title="Neu getippt")

    response = client.post(change_url(article), data)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    article.refresh_from_db()
    assert article.body == "Alt."

    logged_in = client.post(
        response.url, {"username": "rita", "password": MEMBER_PASSWORD, "next": change_url(article)}
    )
    assert logged_in.status_code == 302
    form = client.get(logged_in.url).context["adminform"].form
    assert form["body"].value() == "Drei Stunden Arbeit."
    assert form["title"].value() == "Neu getippt"
    assert "restored" in {e.code for e in form.non_field_errors().as_data()}
    article.refresh_from_db()
    assert article.body == "Alt."


def test_the_restored_form_saves_when_sent_again(client, reporter):
    article = make_article(status=Status.DRAFT, published_at=None, body="Alt.", created_by=reporter)
    client.force_login(reporter)
    client.logout()
    client.post(change_url(article), article_form_data(article, body="Neu."))
    client.force_login(reporter)
    page = client.get(change_url(article))
    form = page.context["adminform"].form
    [corrections] = page.context["inline_admin_formsets"]
    again = {name: form[name].value() for name in ("title", "slug", "summary", "body")}
    management = corrections.formset.management_form
    again.update({f.html_name: f.value() for f in management if f.value() is not None})
    response = client.post(change_url(article), article_form_data(article, **again))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "Neu."


def test_a_kept_post_comes_back_only_once(client, reporter):
    article = make_article(status=Status.DRAFT, published_at=None, body="Alt.", created_by=reporter)
    client.post(change_url(article), article_form_data(article, body="Neu."))
    client.force_login(reporter)
    client.get(change_url(article))
    form = client.get(change_url(article)).context["adminform"].form
    assert form["body"].value() == "Alt."


# Autosave.


def test_an_autosave_keeps_the_form_without_touching_a_published_article(editor_client, editor):
    article = make_article(status=Status.PUBLISHED, body="Öffentlich.")
    response = editor_client.post(autosave_url(article), {"body": "Halb getippt", "title": "T"})
    assert response.status_code == 200
    assert "saved_at" in response.json()
    article.refresh_from_db()
    assert article.body == "Öffentlich."
    assert Autosave.objects.get(user=editor, article=article).data["body"] == "Halb getippt"


def test_autosaving_again_replaces_the_persons_autosave(editor_client, editor):
    editor_client.post(autosave_url(), {"body": "eins"})
    editor_client.post(autosave_url(), {"body": "zwei"})
    assert [a.data["body"] for a in Autosave.objects.filter(user=editor)] == ["zwei"]


def test_reopening_the_form_offers_the_newer_autosave(editor_client):
    article = make_article(status=Status.DRAFT, published_at=None)
    editor_client.post(autosave_url(article), {"body": "Weiter geschrieben"})
    response = editor_client.get(change_url(article))
    assert response.context["autosave"].data["body"] == "Weiter geschrieben"
    html = response.content.decode()
    assert 'id="autosave-offer"' in html
    assert "Weiter geschrieben" in html


def test_a_new_articles_autosave_is_offered_on_the_add_form(editor_client):
    editor_client.post(autosave_url(), {"title": "Noch ohne Namen"})
    assert editor_client.get(ADD_URL).context["autosave"].data["title"] == "Noch ohne Namen"


def test_saving_for_real_ends_the_autosave_and_keeps_a_revision(editor_client, editor):
    article = make_article(status=Status.DRAFT, published_at=None)
    editor_client.post(autosave_url(article), {"body": "Fertig."})
    editor_client.post(change_url(article), article_form_data(article, body="Fertig."))
    assert not Autosave.objects.filter(user=editor).exists()
    assert article.revisions.first().data["body"] == "Fertig."
    assert editor_client.get(change_url(article)).context["autosave"] is None


def test_an_autosave_older_than_the_article_is_not_offered(editor_client, editor):
    article = make_article(status=Status.DRAFT, published_at=None)
    editor_client.post(autosave_url(article), {"body": "Alt"})
    article.title = "Von jemand anderem gespeichert"
    article.save()
    assert editor_client.get(change_url(article)).context["autosave"] is None


def test_autosaves_are_each_persons_own(editor_client, reporter):
    article = make_article(status=Status.DRAFT, published_at=None)
    editor_client.post(autosave_url(article), {"body": "Vom Editor"})
    other = Client()
    other.force_login(reporter)
    assert other.get(change_url(article)).context["autosave"] is None


def test_a_reporter_cannot_autosave_over_a_published_article(reporter_client):
    article = make_article(status=Status.PUBLISHED)
    assert reporter_client.post(autosave_url(article), {"body": "x"}).status_code == 403
    assert not Autosave.objects.exists()


def test_asking_for_the_autosave_keeps_an_idle_forms_session_alive(editor_client):
    response = editor_client.get(autosave_url())
    assert response.json() == {"saved_at": None}
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 8 * 60 * 60
    assert editor_client.put(autosave_url()).status_code == 405


def test_a_logged_out_autosave_is_refused_and_kept_nowhere(client):
    article = make_article(status=Status.DRAFT, published_at=None)
    assert client.post(autosave_url(article), {"body": "x"}).status_code == 302
    assert not Autosave.objects.exists()


# Who else is editing.


def test_opening_the_form_shows_who_else_has_it_open(editor_client, reporter):
    article = make_article(status=Status.REVIEW, published_at=None)
    other = Client()
    other.force_login(reporter)
    other.get(change_url(article))
    response = editor_client.get(change_url(article))
    assert [person["name"] for person in response.context["others_editing"]] == ["rita"]
    assert "rita" in response.content.decode()


def test_the_presence_endpoint_answers_the_others_and_since_when(editor_client, reporter):
    article = make_article(status=Status.REVIEW, published_at=None)
    editor_client.get(change_url(article))
    other = Client()
    other.force_login(reporter)
    answer = other.post(presence_url(article)).json()
    assert [person["name"] for person in answer["others"]] == ["emil"]
    assert answer["others"][0]["since"]


def test_one_does_not_see_oneself(editor_client):
    article = make_article(status=Status.REVIEW, published_at=None)
    assert editor_client.post(presence_url(article)).json() == {"others": []}


def test_closing_the_form_says_goodbye(editor_client, editor, reporter):
    article = make_article(status=Status.REVIEW, published_at=None)
    editor_client.get(change_url(article))
    editor_client.post(presence_url(article), {"leave": "1"})
    assert not Presence.objects.filter(user=editor).exists()


def test_saving_the_form_closes_it_for_the_others_and_keeps_theirs(editor_client, editor, reporter):
    # The page says no goodbye for a save: after a lost session, a goodbye answered after the
    # login would take the new session away (admin-article-form.js).
    article = make_article(status=Status.REVIEW, published_at=None)
    other = Client()
    other.force_login(reporter)
    other.get(change_url(article))
    editor_client.get(change_url(article))
    editor_client.post(change_url(article), article_form_data(article, body="Fertig."))
    assert list(Presence.objects.values_list("user", flat=True)) == [reporter.pk]


def test_a_form_that_stopped_saying_it_is_open_is_gone(editor_client, reporter, time_machine):
    article = make_article(status=Status.REVIEW, published_at=None)
    time_machine.move_to(timezone.now(), tick=False)
    editor_client.get(change_url(article))
    time_machine.shift(120)
    other = Client()
    other.force_login(reporter)
    assert other.post(presence_url(article)).json() == {"others": []}


def test_presence_is_refused_to_those_who_may_not_see_articles(client):
    user = get_user_model().objects.create_user("x", password="pw-X-12345", is_staff=True)
    client.force_login(user)
    article = make_article()
    assert client.post(presence_url(article)).status_code == 403
