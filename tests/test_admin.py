import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Source, Tag
from tests.admin_forms import article_form_data, change_url, form_errors
from tests.factories import make_article, make_source, make_tag

pytestmark = pytest.mark.django_db

MODELS = ["article", "source", "tag"]


@pytest.fixture
def one_of_each():
    source = make_source()
    tag = make_tag()
    article = make_article(source=source, tags=[tag])
    return {"article": article, "source": source, "tag": tag}


@pytest.mark.parametrize("model", MODELS)
def test_staff_can_open_the_change_list(staff_client, one_of_each, model):
    response = staff_client.get(reverse(f"admin:articles_{model}_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("model", MODELS)
def test_staff_can_open_the_change_form(staff_client, one_of_each, model):
    obj = one_of_each[model]
    response = staff_client.get(reverse(f"admin:articles_{model}_change", args=[obj.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("model", MODELS)
def test_staff_can_open_the_add_form(staff_client, model):
    assert staff_client.get(reverse(f"admin:articles_{model}_add")).status_code == 200


@pytest.mark.parametrize("model", MODELS)
def test_anonymous_users_are_sent_to_the_login_page(client, one_of_each, model):
    response = client.get(reverse(f"admin:articles_{model}_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_article_change_list_runs_no_query_per_row(staff_client, django_assert_max_num_queries):
    source = make_source()
    make_article(source=source, tags=[make_tag()])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("admin:articles_article_changelist")
    with CaptureQueriesContext(connection) as one:
        staff_client.get(url)
    for _ in range(20):
        make_article(source=make_source(), tags=[make_tag(), make_tag()])
    with CaptureQueriesContext(connection) as many:
        staff_client.get(url)
    # The tag filter's choices grow with the tags, not with the rows; one query either way.
    assert len(many) == len(one)


def test_change_list_filters_by_status_source_language_and_tag(staff_client):
    source, tag = make_source(slug="filtered"), make_tag("Filtered", slug="filtered")
    wanted = make_article(source=source, tags=[tag], language="en")
    make_article(status=Article.Status.DRAFT)
    url = reverse("admin:articles_article_changelist")
    query = {"status__exact": "published", "source__id__exact": source.pk, "language": "en"}
    response = staff_client.get(url, {**query, "tag": "filtered"})
    assert list(response.context["cl"].result_list) == [wanted]


def test_change_list_search_finds_by_title(staff_client):
    wanted = make_article(title="Samarkand summit")
    make_article(title="Something else")
    response = staff_client.get(reverse("admin:articles_article_changelist"), {"q": "samarkand"})
    assert list(response.context["cl"].result_list) == [wanted]


def test_change_list_separates_live_from_scheduled_articles(staff_client):
    live = make_article(published_at=timezone.now() - timedelta(hours=1))
    waiting = make_article(published_at=timezone.now() + timedelta(hours=1))
    make_article(status=Article.Status.DRAFT, published_at=timezone.now() + timedelta(hours=1))
    url = reverse("admin:articles_article_changelist")
    scheduled = staff_client.get(url, {"publication": "scheduled"}).context["cl"].result_list
    assert list(scheduled) == [waiting]
    assert list(staff_client.get(url, {"publication": "live"}).context["cl"].result_list) == [live]


def test_editor_creates_an_article_with_new_tags(staff_client):
    source = make_source()
    response = staff_client.post(
        reverse("admin:articles_article_add"),
        {
            "title": "Neuer Artikel",
            "slug": "neuer-artikel",
            "summary": "",
            "body": "Erster Absatz.\n\nZweiter Absatz.",
            "tags": "Wirtschaft, Handel",
            "status": "draft",
            "language": "de",
            "byline": "",
            "source": source.pk,
            "original_url": "",
            "copyright_notice": "",
            "corrections-TOTAL_FORMS": "0",
            "corrections-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(slug="neuer-artikel")
    assert sorted(article.tags.names()) == ["Handel", "Wirtschaft"]
    assert Tag.objects.get(name="Handel").kind == Tag.Kind.TOPIC


def test_source_time_zone_must_be_a_real_zone(staff_client):
    response = staff_client.post(
        reverse("admin:articles_source_add"),
        {
            "name": "Nowhere",
            "short_name": "NW",
            "slug": "nw",
            "language": "de",
            "timezone": "Mars/Base",
        },
    )
    assert response.status_code == 200
    assert "Mars/Base" in str(response.context["adminform"].form.errors["timezone"])
    assert not Source.objects.filter(slug="nw").exists()


def test_source_autocomplete_finds_sources_for_the_article_form(staff_client):
    make_source(name="China Radio International", short_name="CRI", slug="cri")
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"term": "radio", "app_label": "articles", "model_name": "article", "field_name": "source"},
    )
    assert [r["text"] for r in response.json()["results"]] == ["China Radio International"]


def test_view_on_site_leads_to_the_article(staff_client):
    article = make_article()
    response = staff_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert (
        "View on site" in response.content.decode()
        or "Auf der Website" in response.content.decode()
    )


def test_editors_open_the_provenance_records_the_article_form_links_to(editor_client, cri_piece):
    form = editor_client.get(reverse("admin:articles_article_change", args=[cri_piece.pk]))
    record = cri_piece.provenance_records.get()
    link = reverse("admin:articles_provenancerecord_change", args=[record.pk])
    assert link in form.content.decode()
    response = editor_client.get(link)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'class="received-text"' in content
    assert f'href="{settings.STATIC_URL}css/admin-agency-diff.css"' in content


def test_the_wire_text_of_a_provenance_record_wraps():
    css = Path(finders.find("css/admin-agency-diff.css")).read_text()
    rule = re.search(r"pre\.received-text\s*\{([^}]*)\}", css).group(1)
    assert "white-space: pre-wrap" in rule
    assert "overflow-wrap: anywhere" in rule


@pytest.mark.parametrize(
    ("body", "tag"),
    [
        ("Some <b>bold</b> words.", "<b>"),
        ('A paragraph.\n\n<div class="box">\nboxed\n</div>', '<div class="box">'),
        ('A link: <a href="https://example.org">here</a>.', '<a href="https://example.org">'),
        ("Hidden <!-- note --> text.", "<!-- note -->"),
        ("Script: <script>alert(1)</script>", "<script>"),
    ],
)
def test_a_body_with_html_is_refused_naming_the_tag(editor_client, body, tag):
    article = make_article(body="Plain text.")
    response = editor_client.post(change_url(article), article_form_data(article, body=body))
    assert response.status_code == 200
    assert tag in form_errors(response)
    article.refresh_from_db()
    assert article.body == "Plain text."


@pytest.mark.parametrize(
    "body",
    [
        "Read it at <https://example.org/report>.",
        "Write to <desk@example.org>.",
        "In HTML, `<b>` makes text bold.",
        "Code:\n\n    <pre>an indented code block</pre>",
        "Prices < 5 euros and > 2 euros.",
    ],
)
def test_a_body_with_autolinks_code_or_comparisons_is_saved(editor_client, body):
    article = make_article(body="Plain text.")
    response = editor_client.post(change_url(article), article_form_data(article, body=body))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == body
