"""The editors' desk in a real browser: nothing typed is lost, two editors see each other, the
buttons say what happens, and the desk shows what waits."""

import re
import time

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article, Autosave, Presence
from tests.browser.helpers import (
    MEMBER_PASSWORD,
    describe,
    fill_body,
    grave_accessibility_violations,
    log_in,
)
from tests.factories import make_article, make_tag

Status = Article.Status
ADD_URL = reverse("admin:articles_article_add")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def desk(transactional_db, reporter, editor):
    # Rita's own story, waiting for review: she may still change it, Emil decides.
    return make_article(
        status=Status.REVIEW,
        published_at=None,
        title="Wasser für Usbekistan",
        body="Alt.",
        created_by=reporter,
    )


def test_the_form_autosaves_and_offers_the_autosave_when_reopened(desk, open_context, editor):
    page = log_in(open_context(), "emil", MEMBER_PASSWORD)
    page.goto(change_url(desk))
    fill_body(page, "Neuer Text, noch nicht gespeichert.")
    status = page.locator("#autosave-status")
    expect(status).to_contain_text("Automatisch gesichert", timeout=15_000)
    desk.refresh_from_db()
    assert desk.body == "Alt."
    assert Autosave.objects.get(user=editor, article=desk).data["body"].startswith("Neuer Text")

    page.close()  # the tab is closed without saving
    page = open_context().new_page()
    page = log_in(page.context, "emil", MEMBER_PASSWORD)
    page.goto(change_url(desk))
    expect(page.locator("#autosave-offer")).to_contain_text("wiederherstellen")
    expect(page.locator("#id_body")).to_have_value("Alt.")
    page.click("#autosave-restore")
    expect(page.locator("#id_body")).to_have_value("Neuer Text, noch nicht gespeichert.")
    page.click("button[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    desk.refresh_from_db()
    assert desk.body == "Neuer Text, noch nicht gespeichert."
    assert desk.revisions.first().data["body"] == desk.body


def test_the_browser_keeps_what_was_typed_when_the_server_cannot(desk, open_context):
    context = open_context()
    page = log_in(context, "emil", MEMBER_PASSWORD)
    page.goto(change_url(desk))
    context.set_offline(True)
    fill_body(page, "Im Zug getippt.")
    expect(page.locator("#autosave-status")).to_contain_text("fehlgeschlagen", timeout=15_000)
    context.set_offline(False)
    page.reload()
    expect(page.locator("#local-offer")).to_be_visible()
    page.click("#local-restore")
    expect(page.locator("#id_body")).to_have_value("Im Zug getippt.")


def test_a_save_after_the_session_was_dropped_keeps_the_text(desk, open_context):
    context = open_context()
    page = log_in(context, "rita", MEMBER_PASSWORD)
    page.goto(change_url(desk))
    fill_body(page, "Drei Stunden Arbeit.")
    context.clear_cookies(name="sessionid")  # the session is gone, as after a long lunch
    page.click("button[name=_continue]")
    expect(page).to_have_url(re.compile(re.escape(reverse("admin:login"))))
    page.fill("#id_username", "rita")
    page.fill("#id_password", MEMBER_PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#id_body")).to_have_value("Drei Stunden Arbeit.")
    expect(page.locator(".errornote")).to_be_visible()
    page.click("button[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    desk.refresh_from_db()
    assert desk.body == "Drei Stunden Arbeit."


def test_two_editors_see_each_other(desk, open_context):
    rita = log_in(open_context(), "rita", MEMBER_PASSWORD)
    rita.goto(change_url(desk))
    expect(rita.locator("#presence-notice")).to_be_hidden()
    emil = log_in(open_context(), "emil", MEMBER_PASSWORD)
    emil.goto(change_url(desk))
    expect(emil.locator("#presence-notice")).to_contain_text("rita")
    # Rita's form hears of Emil at its next refresh, without reloading.
    expect(rita.locator("#presence-notice")).to_contain_text("emil", timeout=30_000)
    # Leaving the form says goodbye; Emil's form no longer names her at its next refresh.
    rita.goto("about:blank")
    expect(emil.locator("#presence-notice")).to_be_hidden(timeout=30_000)
    emil.goto("about:blank")
    wait_until(lambda: not Presence.objects.exists())


def wait_until(condition, seconds=10):
    """Until `condition()` holds: requests the browser sent in passing reach the server."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "still waiting"
        time.sleep(0.1)


def test_a_reporters_form_offers_no_publish_control(desk, open_context):
    page = log_in(open_context(), "rita", MEMBER_PASSWORD)
    for url in (ADD_URL, change_url(desk)):
        page.goto(url)
        expect(page.locator(".workflow-actions button").first).to_be_visible()
        expect(page.locator("button[value=published]")).to_have_count(0)
        expect(page.locator("button[name=_publish_now]")).to_have_count(0)
        expect(page.locator("select[name=status]")).to_have_count(0)


def test_publishing_asks_for_confirmation(desk, open_context):
    page = log_in(open_context(), "emil", MEMBER_PASSWORD)
    page.goto(change_url(desk))
    page.click("button[value=published]")
    expect(page.locator("#confirm-action")).to_be_visible()
    page.click("#confirm-action-no")
    expect(page.locator("#confirm-action")).to_be_hidden()
    assert Article.objects.get(pk=desk.pk).status == Status.REVIEW
    page.click("button[value=published]")
    page.click("#confirm-action-yes")
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert Article.objects.get(pk=desk.pk).is_published


def test_the_desk_lists_what_waits(desk, open_context):
    page = log_in(open_context(), "emil", MEMBER_PASSWORD)
    waiting = page.locator("#desk-review")
    expect(waiting).to_contain_text("Wasser für Usbekistan")
    expect(waiting.locator(".desk-count")).to_have_text("1")
    page.click("#desk-review >> text=Wasser für Usbekistan")
    expect(page.locator("#id_title")).to_have_value("Wasser für Usbekistan")


def test_the_headline_counts_its_characters(desk, open_context):
    page = log_in(open_context(), "emil", MEMBER_PASSWORD)
    page.goto(change_url(desk))
    page.fill("#id_title", "x" * 80)
    expect(page.locator("#count-title")).to_have_text("80 von etwa 70 Zeichen")
    expect(page.locator("#count-title")).to_have_class(re.compile("over-limit"))


def test_existing_tags_are_suggested_while_typing(desk, open_context):
    make_tag("Olaf Scholz")
    page = log_in(open_context(), "emil", MEMBER_PASSWORD)
    page.goto(change_url(desk))
    page.locator("#id_tags").press_sequentially("Berlin, Ola")
    expect(page.locator("#id_tags_suggestions option")).to_have_attribute(
        "value", "Berlin, Olaf Scholz"
    )


def test_the_desks_pages_have_no_serious_accessibility_violation(desk, open_context):
    make_tag("Olaf Scholz")
    page = log_in(open_context(), "emil", MEMBER_PASSWORD)
    for url in [
        reverse("admin:index"),
        change_url(desk),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_tag_changelist"),
    ]:
        page.goto(url)
        violations = grave_accessibility_violations(page)
        assert violations == [], f"{url}: {describe(violations)}"
    page.goto(change_url(desk))
    page.click("button[value=published]")
    expect(page.locator("#confirm-action")).to_be_visible()
    violations = grave_accessibility_violations(page)
    assert violations == [], f"confirmation: {describe(violations)}"


def test_the_body_editor_has_a_toolbar_and_the_servers_preview(desk, open_context):
    page = log_in(open_context(), "emil", MEMBER_PASSWORD)
    page.goto(change_url(desk))
    toolbar = page.locator(".editor-toolbar")
    for name in ["bold", "italic", "heading", "quote", "unordered-list", "link", "preview"]:
        expect(toolbar.locator(f"button.{name}")).to_be_visible()
    fill_body(page, "Ein **fetter** Satz.\n\n<script>alert(1)</script>")
    expect(page.locator("#id_body")).to_have_value(re.compile("fetter"))
    expect(page.locator("#count-body")).to_contain_text("Wörter")
    toolbar.locator("button.preview").click()
    preview = page.locator(".editor-preview")
    expect(preview.locator("strong")).to_have_text("fetter")
    expect(preview.locator("script")).to_have_count(0)


def test_without_javascript_the_body_is_a_plain_textarea_that_saves(desk, browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, locale="de-DE"
    )
    try:
        page = log_in(context, "emil", MEMBER_PASSWORD)
        page.goto(change_url(desk))
        page.fill("#id_body", "Ohne Skript geschrieben.")
        page.click("button[name=_continue]")
        expect(page.locator(".messagelist .success")).to_be_visible()
    finally:
        context.close()
    desk.refresh_from_db()
    assert desk.body == "Ohne Skript geschrieben."
