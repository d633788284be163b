from datetime import UTC, datetime

import pytest
from django.core.management import call_command

from articles.models import Article, ProvenanceRecord
from tests.factories import make_article, make_source
from tests.wire import CRI_WIRE_TEXT, run_command

pytestmark = pytest.mark.django_db

FIELDS = ["title", "body", "published_at", "copyright_notice", "original_url", "source_id"]


def fields_of(article):
    return {field: getattr(article, field) for field in FIELDS}


def round_trip(article, tmp_path):
    """Exports the article, empties the database of articles, imports the export."""
    exported = tmp_path / "export.txt"
    assert run_command("export_wire", article.slug, "-o", str(exported))[0] == 0
    Article.objects.all().delete()
    status, out, err = run_command("import_wire", str(exported), "--source", article.source.slug)
    assert status == 0, err
    return Article.objects.get()


@pytest.fixture
def cri_article():
    call_command("loaddata", "cri_china_belarus", verbosity=0)
    return Article.objects.get(source__slug="cri")


def test_export_writes_the_seed_in_its_own_format(cri_article):
    status, out, _ = run_command("export_wire", cri_article.slug)
    assert status == 0
    seed_without_chrome = CRI_WIRE_TEXT.read_text(encoding="utf-8").removeprefix("Baidu\n\n")
    assert out == f"{seed_without_chrome}\n\nURL: {cri_article.original_url}\n"


def test_export_to_a_file_writes_the_same_text(cri_article, tmp_path):
    target = tmp_path / "cri.txt"
    status, out, _ = run_command("export_wire", cri_article.slug, "-o", str(target))
    assert status == 0
    assert out == ""
    assert target.read_text(encoding="utf-8") == run_command("export_wire", cri_article.slug)[1]


def test_the_seed_survives_export_and_import(cri_article, tmp_path):
    expected = fields_of(cri_article)
    assert fields_of(round_trip(cri_article, tmp_path)) == expected


def test_an_article_with_markdown_and_line_breaks_survives_export_and_import(tmp_path):
    source = make_source(timezone="America/New_York", address="1 Main St\nSpringfield")
    article = make_article(
        source=source,
        title="Wahl in Springfield: „Alles offen“",
        body="Erster *Absatz*\nmit Zeilenumbruch.\n\n- eins\n- zwei\n\nDritter [Link](https://a.example/).",
        published_at=datetime(2024, 11, 5, 23, 59, 59, tzinfo=UTC),
        original_url="https://agency.example/wahl",
        copyright_notice="© Agency",
    )
    expected = fields_of(article)
    imported = round_trip(article, tmp_path)
    assert fields_of(imported) == expected
    assert imported.provenance_records.get().address == "1 Main St\nSpringfield"


def test_export_names_an_unknown_slug():
    status, _, err = run_command("export_wire", "no-such-article")
    assert status == 1
    assert "No article has the slug 'no-such-article'" in err


def test_export_refuses_an_article_without_a_publication_time():
    article = make_article(source=make_source(), published_at=None, status="draft")
    status, _, err = run_command("export_wire", article.slug)
    assert status == 1
    assert "no publication time" in err


def test_export_refuses_a_body_that_would_read_back_as_the_copyright_notice():
    article = make_article(source=make_source(), body="Text.\n\n© not ours, a quote")
    status, _, err = run_command("export_wire", article.slug)
    assert status == 1
    assert "cannot be written as a wire text" in err
    assert not ProvenanceRecord.objects.exists()
