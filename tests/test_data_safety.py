"""Nothing stored is lost or half-written: bad fixtures, backups, protected sources."""

import io
import json
import tempfile
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db.models import ProtectedError
from django.forms.models import model_to_dict
from django.urls import reverse

from articles.models import Article, Correction, Source
from tests.commands import run_manage
from tests.factories import make_article, make_source, make_tag
from tests.wire import CRI_WIRE_TEXT, run_command

# Real transactions: loaddata's own transaction is what must roll a bad fixture back.
pytestmark = pytest.mark.django_db(transaction=True)

# As README.md says to make a backup.


@pytest.fixture
def tmp_path():
    """A directory of this test's own, outside pytest's numbered ones, which other pytest
    runs on the same machine may prune while a backup is being restored."""
    with tempfile.TemporaryDirectory(prefix="newsroom-data-safety-") as directory:
        yield Path(directory)


@pytest.fixture(autouse=True)
def fresh_content_types():
    """flush re-creates content types under new ids; forget the ones Django cached."""
    yield
    ContentType.objects.clear_cache()


BACKUP = ["articles", "--natural-foreign", "--natural-primary"]


def _snapshot():
    """Every row of the newsroom's tables, as dumpdata writes them."""
    out = io.StringIO()
    call_command("dumpdata", "articles", "auth", "--indent", "0", stdout=out)
    return out.getvalue()


@pytest.fixture
def existing_rows():
    call_command("loaddata", "cri_china_belarus", verbosity=0)
    make_article(source=make_source(slug="house"), tags=[make_tag("Wirtschaft")])
    return _snapshot()


def _fixture(tmp_path, content):
    path = tmp_path / "incoming.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


NEW_SOURCE = {
    "model": "articles.source",
    "fields": {"slug": "new-agency", "name": "New Agency", "timezone": "UTC"},
}


def _article(**fields):
    return {
        "model": "articles.article",
        "fields": {
            "slug": "incoming",
            "title": "Incoming",
            "body": "Text.",
            "status": "published",
            "published_at": "2022-09-16T01:19:33Z",
            "created_at": "2022-09-16T01:19:33Z",
            "updated_at": "2022-09-16T01:19:33Z",
            **fields,
        },
    }


HALF_VALID = {
    "an unknown source": ([NEW_SOURCE, _article(source=["no-such-agency"])], "no-such-agency"),
    "an impossible date": ([NEW_SOURCE, _article(published_at="2022-02-30T10:00:00Z")], "2022"),
    "an unpaired surrogate": ([NEW_SOURCE, _article(title="Lone \ud800")], "surrogate"),
    "an unknown status": ([NEW_SOURCE, _article(status="live")], "status"),
    "a control character": ([NEW_SOURCE, _article(title="Bell\u0007")], "U+0007"),
    "a script address": (
        [NEW_SOURCE, _article(original_url="javascript:alert(1)")],
        "original_url",
    ),
    "an unknown time zone": (
        [{**NEW_SOURCE, "fields": {**NEW_SOURCE["fields"], "timezone": "Mars/Olympus"}}],
        "Mars/Olympus",
    ),
    "an unknown model": ([NEW_SOURCE, {"model": "articles.nothing", "fields": {}}], "nothing"),
    "a tag on a missing article": (
        [
            NEW_SOURCE,
            {"model": "articles.taggedarticle", "fields": {"tag": ["x"], "content_object": ["y"]}},
        ],
        "taggedarticle",
    ),
    "an unknown kind of tag": (
        [NEW_SOURCE, {"model": "articles.tag", "fields": {"name": "X", "slug": "x", "kind": "y"}}],
        "kind",
    ),
    "a language that is no language code": (
        [NEW_SOURCE, _article(language="<de>")],
        "language",
    ),
    "an invisible character in a title": (
        [NEW_SOURCE, _article(title="Harmless\u202etxt.exe")],
        "U+202E RIGHT-TO-LEFT OVERRIDE",
    ),
    "a form feed in a body": ([NEW_SOURCE, _article(body="Page\u000cbreak")], "U+000C"),
    "a non-character in a summary": ([NEW_SOURCE, _article(summary="No\ufffe")], "U+FFFE"),
    "a publication time at the end of the calendar": (
        [NEW_SOURCE, _article(published_at="9999-12-31T23:00:00Z")],
        "published_at",
    ),
}


@pytest.mark.parametrize("case", HALF_VALID)
def test_a_half_valid_fixture_fails_clearly_and_changes_nothing(tmp_path, existing_rows, case):
    objects, named = HALF_VALID[case]
    path = _fixture(tmp_path, objects)
    with pytest.raises(Exception) as failure:  # noqa: B017 (Django raises several kinds)
        call_command("loaddata", str(path), verbosity=0)
    message = str(failure.value)
    assert named.lower() in message.lower(), message
    assert _snapshot() == existing_rows
    assert not Source.objects.filter(slug="new-agency").exists()


def test_after_a_refused_fixture_feeds_answer_and_the_source_still_takes_texts(
    tmp_path, existing_rows, client
):
    bad_zone = {**NEW_SOURCE["fields"], "slug": "cri", "timezone": "Mars/Olympus"}
    path = _fixture(tmp_path, [{**NEW_SOURCE, "fields": bad_zone}])
    with pytest.raises(ValidationError):
        call_command("loaddata", str(path), verbosity=0)
    for feed in ["/feed/", "/feed/atom/", "/sources/cri/feed/", "/sources/cri/feed/atom/"]:
        assert client.get(feed).status_code == 200, feed
    status, out, _ = run_command("import_wire", str(CRI_WIRE_TEXT), "--source", "cri")
    assert status == 0
    assert out.startswith(f"unchanged: {CRI_WIRE_TEXT} (already received")


def test_a_source_with_an_unknown_time_zone_stored_earlier_is_refused_by_the_importer():
    source = make_source(slug="old")
    Source.objects.filter(pk=source.pk).update(timezone="Mars/Olympus")
    status, _, err = run_command("import_wire", str(CRI_WIRE_TEXT), "--source", "old")
    assert status == 1
    assert "The source 'old' cannot take texts until it is corrected in the admin" in err
    assert "Mars/Olympus" in err
    assert not Article.objects.filter(source=source).exists()


def test_a_malformed_fixture_fails_clearly_and_changes_nothing(tmp_path, existing_rows):
    path = _fixture(tmp_path, json.dumps([NEW_SOURCE, _article()])[:-40])
    with pytest.raises(Exception) as failure:  # noqa: B017
        call_command("loaddata", str(path), verbosity=0)
    assert "incoming" in str(failure.value)
    assert _snapshot() == existing_rows


def test_an_empty_fixture_name_is_a_clear_error():
    with pytest.raises(CommandError, match="No fixture named"):
        call_command("loaddata", "no_such_fixture", verbosity=0)


def _articles_as_stored():
    return {
        article.slug: {
            **model_to_dict(
                article, exclude=["id", "source", "tags", "section", "authors", "created_by"]
            ),
            "created_at": article.created_at,
            "updated_at": article.updated_at,
            # Rows the backup names by their natural keys, whatever ids they get back.
            "source": article.source.natural_key() if article.source else None,
            "section": article.section.slug if article.section else None,
            "authors": [author.slug for author in article.byline_authors],
            "tags": sorted((tag.name, tag.kind) for tag in article.tags.all()),
            "corrections": list(article.corrections.values_list("kind", "text", "created_at")),
            "addresses": sorted(article.urls.values_list("path", flat=True)),
        }
        for article in Article.objects.select_related("source").prefetch_related("tags")
    }


def test_a_backup_restores_every_article_byte_for_byte_into_an_empty_database(tmp_path):
    call_command("loaddata", "cri_china_belarus", verbosity=0)
    own = make_article(
        title="Eigene Recherche: „Zitat“ — 100 %",
        body="Absatz eins.\r\n\r\n**Absatz** zwei\u00a0mit\u202fSonderzeichen 🙂\n",
        tags=[make_tag("Wirtschaft", kind="organization")],
    )
    own.source = None
    own.slug = "eigene-recherche"  # its old address stays in the history, answering 301
    own.save()
    Correction.objects.create(article=own, text="Ein Name war falsch geschrieben.")
    make_article(status=Article.Status.DRAFT, source=make_source())
    before = _articles_as_stored()

    backup = tmp_path / "backup.json"
    # As an operator runs it: a separate manage.py process reading the committed database.
    dump = run_manage("dumpdata", *BACKUP)
    backup.write_text(dump.stdout)
    call_command("flush", "--no-input", verbosity=0)
    assert not Article.objects.exists()
    call_command("loaddata", str(backup), verbosity=0)

    after = _articles_as_stored()
    assert len(before["eigene-recherche"]["addresses"]) == 2
    assert after == before
    for slug, stored in before.items():
        assert after[slug]["body"].encode() == stored["body"].encode()


# Deleting a source ------------------------------------------------------------------------


def test_a_source_with_articles_cannot_be_deleted():
    source = make_source()
    make_article(source=source)
    with pytest.raises(ProtectedError):
        source.delete()


def test_the_admin_refuses_to_delete_a_source_with_articles_and_names_them(staff_client):
    source = make_source(name="Busy Agency")
    make_article(source=source, title="Kept article")
    url = reverse("admin:articles_source_delete", args=[source.pk])
    page = staff_client.get(url).content.decode()
    assert "Kept article" in page
    response = staff_client.post(url, {"post": "yes"})
    assert Source.objects.filter(pk=source.pk).exists()
    assert "Kept article" in response.content.decode()


def test_a_source_without_articles_can_be_deleted(staff_client):
    source = make_source()
    staff_client.post(reverse("admin:articles_source_delete", args=[source.pk]), {"post": "yes"})
    assert not Source.objects.filter(pk=source.pk).exists()
