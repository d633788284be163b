"""An article's life as the newsroom lives it, in the admin and on the site."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article
from tests.browser.helpers import MEMBER_PASSWORD, fill_body, log_in
from tests.factories import make_source

TITLE = "Neue Solarfelder am Rand der Wüste Gobi"


@pytest.fixture
def newsroom(transactional_db, reporter, editor):
    make_source(name="Nordische Nachrichtenagentur", short_name="NNA", slug="nna")


def test_a_draft_goes_from_the_reporter_through_the_editor_to_readers_and_back(
    newsroom, open_context
):
    # A reader has the front page open (and any cache has it) before the article exists.
    reader = open_context().new_page()
    reader.goto(reverse("articles:index"))
    expect(reader.locator("h1")).to_be_visible()
    reporter = log_in(open_context(), "rita", MEMBER_PASSWORD)

    # The reporter writes a draft: the slug is left empty for the server to make from the
    # title, the source is picked by typing.
    reporter.goto(reverse("admin:articles_article_add"))
    reporter.locator("#id_title").press_sequentially(TITLE)
    expect(reporter.locator("#id_slug")).to_have_value("")
    reporter.fill("#id_summary", "Ein Kraftwerk für drei Millionen Haushalte.")
    fill_body(
        reporter, "Im Norden Chinas entsteht ein Solarpark.\n\nDer Strom soll bis 2030 fließen."
    )
    reporter.click("#id_source + .select2 .select2-selection")
    reporter.fill(".select2-dropdown .select2-search__field", "Nordisch")
    reporter.click(".select2-results__option >> text=Nordische Nachrichtenagentur")
    reporter.fill("#id_tags", "Solarenergie, Wüste Gobi")
    expect(reporter.locator("#id_status")).to_have_value("draft")
    reporter.click("button[name=_continue]")
    expect(reporter.locator(".messagelist .success")).to_be_visible()
    article = Article.objects.get(title=TITLE)
    assert article.status == Article.Status.DRAFT
    assert article.slug == "neue-solarfelder-am-rand-der-wueste-gobi"
    assert article.source.slug == "nna"
    assert sorted(article.tags.names()) == ["Solarenergie", "Wüste Gobi"]

    # Readers cannot see it, not even at its address; the reporter's preview there says so.
    reader.goto(reverse("articles:index"))
    expect(reader.get_by_text(TITLE)).to_have_count(0)
    assert reader.goto(article.get_absolute_url()).status == 404
    change_form = reporter.url
    reporter.click("a.viewsitelink")
    expect(reporter).to_have_url(re.compile(re.escape(article.get_absolute_url()) + "$"))
    expect(reporter.locator(".preview-banner")).to_be_visible()
    expect(reporter.locator("h1")).to_have_text(TITLE)
    reporter.goto(change_form)

    # The reporter cannot publish it: the form offers no control for it, a forged status is
    # refused with a message, and the bulk action is not offered.
    expect(reporter.locator("button[value=published]")).to_have_count(0)
    reporter.locator("#id_status").evaluate("input => { input.value = 'published'; }")
    reporter.click("button[name=_continue]")
    expect(reporter.locator(".workflow-errors .errorlist")).to_be_visible()
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT
    reporter.goto(reverse("admin:articles_article_changelist"))
    actions = reporter.locator("select[name=action] option").evaluate_all(
        "options => options.map(option => option.value)"
    )
    assert "submit_for_review" in actions
    assert "publish_now" not in actions

    # The editor publishes it, and an anonymous reader finds it on the front page.
    editor = log_in(open_context(), "emil", MEMBER_PASSWORD)
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    editor.goto(change_url)
    editor.click("button[value=published]")
    expect(editor.locator("#confirm-action")).to_be_visible()
    editor.click("#confirm-action-yes")
    expect(editor.locator(".messagelist .success")).to_be_visible()
    # The reader's browser may keep the front page for its max-age; reloading asks again,
    # and the page's ETag has changed.
    reader.goto(reverse("articles:index"))
    reader.reload()
    reader.click(f"text={TITLE}")
    expect(reader.locator(".preview-banner")).to_have_count(0)
    expect(reader.locator(".article .body p")).to_have_count(2)
    article_url = reader.url
    assert article_url.endswith(Article.objects.get(pk=article.pk).get_absolute_url())

    # A correction added by the editor shows under the article.
    editor.click("#corrections-group .add-row a")
    editor.select_option("#id_corrections-0-kind", "correction")
    editor.fill("#id_corrections-0-text", "Der Park liegt in der Inneren Mongolei.")
    editor.click("button[name=_continue]")
    expect(editor.locator(".messagelist .success")).to_be_visible()
    reader.reload()
    expect(reader.locator(".corrections")).to_contain_text(
        "Der Park liegt in der Inneren Mongolei."
    )

    # Withdrawn, with a reason, it leaves the front page, and its address says it is gone.
    editor.fill("#id_workflow_note", "Die Zahlen waren falsch.")
    editor.click("button[value=withdrawn]")
    editor.click("#confirm-action-yes")
    expect(editor.locator(".messagelist .success")).to_be_visible()
    reader.goto(reverse("articles:index"))
    reader.reload()
    expect(reader.get_by_text(TITLE)).to_have_count(0)
    reader.goto(article_url)
    response = reader.reload()
    assert response.status == 410
